/* Natives-table mode (--natives-table): each arch's table veneer against
 * an independent assembler (tests/unit/vectors/table.sh prints the bytes
 * below), the veneers of whole images read back with their slot words, and
 * the mode's refusals with their exact text. */
#include "testutil.h"

#include "../src/natives_abi.h"
#include "../src/xip_int.h"

/* Each template as the assembler wrote it, the slot word 0. */
static const struct {
    const struct aotx_arch *a;
    const char *arch; /* the target-info arch string */
    int be;
    const char *hex;
    unsigned slot_at; /* where the slot word is */
} templates[] = {
    {&aotx_arch_thumb, "thumbv7em", 0, "dff804c0dcf800f000000000", 8},
    {&aotx_arch_thumb, "thumbv8m.main", 0, "dff804c0dcf800f000000000", 8},
    {&aotx_arch_thumb, "thumbv6m", 0, "03b402480068019001bd00bf00000000", 12},
    {&aotx_arch_thumb, "thumbv8m.base", 0, "03b402480068019001bd00bf00000000", 12},
    {&aotx_arch_arm, "armv7", 0, "00c09fe500f09ce500000000", 8},
    {&aotx_arch_x86_64, "x86_64", 0, "49bb000000000000000041ff23cccccc", 2},
    {&aotx_arch_i386, "i386", 0, "ff2500000000cccc", 2},
    {&aotx_arch_aarch64, "aarch64", 0, "90000058100240f900021fd61f2003d50000000000000000", 16},
    {&aotx_arch_aarch64, "aarch64_be", 1, "90000058100240f900021fd61f2003d50000000000000000", 16},
};

static void hex_bytes(const char *hex, uint8_t *out, size_t *n)
{
    for (*n = 0; hex[2 * *n]; (*n)++) {
        unsigned v;
        sscanf(hex + 2 * *n, "%2x", &v);
        out[*n] = (uint8_t)v;
    }
}

static void templates_match_the_assembler(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        struct aotx_module m = {0};
        snprintf(m.target.arch, sizeof m.target.arch, "%s", templates[i].arch);
        m.target.bin_type = templates[i].be ? AOTX_BIN_BIG_ENDIAN : 0;
        const struct aotx_veneer *vt = templates[i].a->table_veneer(&m);
        uint8_t want[64], got[64] = {0};
        size_t n;
        hex_bytes(templates[i].hex, want, &n);
        assert_non_null(vt);
        assert_int_equal(vt->size, n);
        xip_put_units(vt, got, templates[i].be);
        if (memcmp(want, got, n) != 0)
            fail_msg("%s: the table veneer differs from the assembler's", templates[i].arch);
    }
}

/* The image of DATA/aot/v6/<dir>/float.aot in table mode at 0x08001000. */
static struct aotx_xip_image *table_image(const char *dir, struct aotx_module **m,
                                          uint8_t **buf, struct aotx_diag *d)
{
    char rel[256];
    size_t size;
    snprintf(rel, sizeof rel, "aot/v6/%s/float.aot", dir);
    *buf = load_data(rel, &size);
    assert_int_equal(aotx_read(*buf, size, m, d), AOTX_OK);
    struct aotx_xip_options o = {.base = 0x08040000, .natives_table_mode = 1,
                                 .natives_table = 0x08001000};
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(*m, &o, &img, d) != AOTX_OK)
        return NULL;
    return img;
}

/* Every native's veneer: the assembler's bytes, its slot word the address
 * of the native's slot; the image needs version 1 of the family. */
static void images_jump_through_the_slots(void **state)
{
    (void)state;
    static const struct { const char *dir, *family; size_t t; } cases[] = {
        {"thumbv7em", "thumb", 0}, {"thumbv6m", "thumb", 2}, {"armv7", "arm", 4},
        {"x86_64", "x86_64", 5}, {"i386", "i386", 6}, {"aarch64", "aarch64", 7},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct aotx_module *m;
        uint8_t *buf, want[64];
        struct aotx_diag d = {0};
        struct aotx_xip_image *img = table_image(cases[c].dir, &m, &buf, &d);
        if (!img)
            fail_msg("%s: %s", cases[c].dir, d.msg);
        const struct aotx_natives_abi *abi = aotx_natives_abi_find(cases[c].family);
        unsigned word = (m->target.bin_type & AOTX_BIN_64BIT) ? 8 : 4;
        size_t n;
        hex_bytes(templates[cases[c].t].hex, want, &n);
        assert_int_equal(img->natives_abi, aotx_natives_abi_id(abi, 1));
        assert_true(img->veneer_count > 0);
        for (uint32_t k = 0; k < img->veneer_count; k++) {
            const struct aotx_xip_veneer *v = &img->veneers[k];
            int32_t slot = aotx_natives_abi_slot(abi, v->target_name);
            uint64_t addr = 0x08001000 + 8 + (uint64_t)slot * word;
            const uint8_t *at = img->bytes + (v->address - img->base);
            assert_int_equal(v->natives_slot, slot + 1);
            assert_int_equal(v->target, addr);
            for (unsigned b = 0; b < word; b++) /* little-endian fixtures */
                want[templates[cases[c].t].slot_at + b] = (uint8_t)(addr >> (8 * b));
            if (memcmp(at, want, n) != 0)
                fail_msg("%s: the veneer for '%s' differs", cases[c].dir, v->target_name);
        }
        aotx_xip_free(img);
        aotx_module_free(m);
        free(buf);
    }
}

/* A native the family's ABI lacks: every one named, in one message. */
static void natives_the_abi_lacks(void **state)
{
    (void)state;
    size_t size;
    struct aotx_module *m;
    struct aotx_diag d = {0};
    uint8_t *buf = load_data("aot/v6/thumbv7em/float.aot", &size);
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        if (strcmp(m->symbols[i].name, "fmin") == 0)
            m->symbols[i].name = "my_fmin";
        if (strcmp(m->symbols[i].name, "fmax") == 0)
            m->symbols[i].name = "my_fmax";
    }
    struct aotx_xip_options o = {.base = 0x08040000, .natives_table_mode = 1,
                                 .natives_table = 0x08001000};
    struct aotx_xip_image *img = NULL;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_null(img);
    assert_string_equal(d.msg, "natives-table ABI thumb version 1 has no slot for 2 natives "
                               "this module calls: 'my_fmin', 'my_fmax'; build the image in "
                               "direct mode (without --natives-table), or with an aot-xip "
                               "whose table has them");
    aotx_module_free(m);
    free(buf);
}

/* An arch with no table veneer, and a table at an odd address. */
static void refusals(void **state)
{
    (void)state;
    struct aotx_module *m;
    uint8_t *buf;
    struct aotx_diag d = {0};
    assert_null(table_image("riscv32", &m, &buf, &d));
    assert_int_equal(d.code, AOTX_E_UNSUPPORTED);
    assert_string_equal(d.msg, "--natives-table: aot-xip has no natives-table veneer for "
                               "riscv32 code yet; build the image in direct mode (without "
                               "--natives-table)");
    struct aotx_xip_options o = {.base = 0x08040000, .natives_table_mode = 1,
                                 .natives_table = 0x08001002};
    struct aotx_xip_image *img = NULL;
    aotx_module_free(m);
    free(buf);
    size_t size;
    buf = load_data("aot/v6/thumbv7em/float.aot", &size);
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_USAGE);
    assert_string_equal(d.msg, "--natives-table 0x8001002: the table (a header and 242 slots of 4 bytes) "
                               "must start at a multiple of 4 and fit in the 32-bit address "
                               "space of thumb code");
    aotx_module_free(m);
    free(buf);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(templates_match_the_assembler),
    cmocka_unit_test(images_jump_through_the_slots),
    cmocka_unit_test(natives_the_abi_lacks),
    cmocka_unit_test(refusals),
};

TEST_MAIN(tests)
