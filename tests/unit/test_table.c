/* Natives-table mode (--natives-table): every native of whole images
 * resolves to its entry in the firmware's table, entry k at
 * table + 8 + k * the family's entry size (docs/natives-abi.md), with the
 * slot looked up here by name; and the mode's refusals with their exact
 * text. The entries' code is the firmware's (aot-xip natives-table):
 * tests/e2e/test_natives_table.py assembles and runs it. */
#include "testutil.h"

#include "../src/natives_abi.h"
#include "../src/xip_int.h"

#define TABLE 0x08001000u

/* The image of DATA/aot/v6/<dir>/float.aot in table mode at TABLE. */
static struct aotx_xip_image *table_image(const char *dir, uint64_t table,
                                          struct aotx_module **m, uint8_t **buf,
                                          struct aotx_diag *d)
{
    char rel[256];
    size_t size;
    snprintf(rel, sizeof rel, "aot/v6/%s/float.aot", dir);
    *buf = load_data(rel, &size);
    assert_int_equal(aotx_read(*buf, size, m, d), AOTX_OK);
    struct aotx_xip_options o = {.base = 0x08040000, .natives_table_mode = 1,
                                 .natives_table = table};
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(*m, &o, &img, d) != AOTX_OK)
        return NULL;
    return img;
}

/* Each family's entry size, as docs/natives-abi.md gives it. */
static const struct {
    const char *dir, *family;
    unsigned entry, thumb;
} cases[] = {
    {"thumbv7em", "thumb", 16, 1}, {"thumbv6m", "thumb", 16, 1}, {"thumbv8m", "thumb", 16, 1},
    {"armv7", "arm", 8, 0},        {"x86_64", "x86_64", 16, 0},  {"i386", "i386", 16, 0},
    {"aarch64", "aarch64", 16, 0}, {"riscv32", "riscv32", 16, 0},
    {"riscv64", "riscv64", 16, 0},
};

/* Every native at its entry, no veneer (the table is within reach), the
 * image needing version 1 of the family. */
static void natives_resolve_to_their_entries(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct aotx_module *m;
        uint8_t *buf;
        struct aotx_diag d = {0};
        struct aotx_xip_image *img = table_image(cases[c].dir, TABLE, &m, &buf, &d);
        if (!img)
            fail_msg("%s: %s", cases[c].dir, d.msg);
        const struct aotx_natives_abi *abi = aotx_natives_abi_find(cases[c].family);
        unsigned natives = 0;
        assert_int_equal(abi->entry, cases[c].entry);
        assert_int_equal(img->natives_abi, aotx_natives_abi_id(abi, 1));
        assert_int_equal(img->natives_table, TABLE);
        assert_int_equal(img->veneer_count, 0);
        for (uint32_t i = 0; i < img->symbol_count; i++) {
            const struct aotx_xip_symbol *s = &img->symbols[i];
            if (s->cls != AOTX_SYM_NATIVE)
                continue;
            int32_t k = aotx_natives_abi_slot(abi, s->name);
            natives++;
            assert_true(k >= 0);
            assert_int_equal(s->natives_slot, k + 1);
            assert_string_equal(s->origin, "natives table");
            if (s->value != TABLE + 8 + (uint64_t)k * cases[c].entry + cases[c].thumb)
                fail_msg("%s: '%s' at 0x%llx", cases[c].dir, s->name,
                         (unsigned long long)s->value);
        }
        assert_true(natives > 0);
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
                                 .natives_table = TABLE};
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

/* The table at an address not a multiple of 8, one whose last entry would
 * pass the end of the address space, and tables that overlap the image. */
static void refusals(void **state)
{
    (void)state;
    static const struct { uint64_t table; const char *msg; } bad[] = {
        {0x08001004, "--natives-table 0x8001004: the table (a header and 242 entries of 16 "
                     "bytes) must start at a multiple of 8 and fit in the 32-bit address "
                     "space of thumb code"},
        {0xfffff0e0, "--natives-table 0xfffff0e0: the table (a header and 242 entries of 16 "
                     "bytes) must start at a multiple of 8 and fit in the 32-bit address "
                     "space of thumb code"},
        /* its last entry on the image's first bytes, its first on the last */
        {0x0803f0e0, "--natives-table 0x803f0e0: the table (0x803f0e0..0x8040008) overlaps "
                     "the image (0x8040000..0x8040c80): the table is the firmware's, at the "
                     "address its --ld fragment pins"},
        {0x08040c78, "--natives-table 0x8040c78: the table (0x8040c78..0x8041ba0) overlaps "
                     "the image (0x8040000..0x8040c80): the table is the firmware's, at the "
                     "address its --ld fragment pins"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct aotx_module *m;
        uint8_t *buf;
        struct aotx_diag d = {0};
        assert_null(table_image("thumbv7em", bad[i].table, &m, &buf, &d));
        assert_int_equal(d.code, AOTX_E_USAGE);
        assert_string_equal(d.msg, bad[i].msg);
        aotx_module_free(m);
        free(buf);
    }
}

/* A family without entry code (Xtensa's): the riscv32 module, told it is
 * Xtensa code, refused before anything else is looked at. */
static void a_family_without_entries(void **state)
{
    (void)state;
    size_t size;
    struct aotx_module *m;
    struct aotx_diag d = {0};
    uint8_t *buf = load_data("aot/v6/riscv32/float.aot", &size);
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    m->arch = &aotx_arch_xtensa;
    struct aotx_xip_options o = {.base = 0x40000000, .natives_table_mode = 1,
                                 .natives_table = TABLE};
    struct aotx_xip_image *img = NULL;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_string_equal(d.msg, "--natives-table: aot-xip has no natives-table entry code for "
                               "xtensa yet; build the image in direct mode (without "
                               "--natives-table)");
    aotx_module_free(m);
    free(buf);
}

/* The last address where the whole table fits is taken, and the tables
 * right before and right after the image. */
static void the_table_may_end_at_the_top(void **state)
{
    (void)state;
    uint64_t tables[] = {0x100000000ull - 8 - 242 * 16, /* its last entry ends at 2^32 */
                         0x08040000 - 8 - 242 * 16, 0x08040c80};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        struct aotx_module *m;
        uint8_t *buf;
        struct aotx_diag d = {0};
        struct aotx_xip_image *img = table_image("thumbv7em", tables[i], &m, &buf, &d);
        if (!img)
            fail_msg("%s", d.msg);
        aotx_xip_free(img);
        aotx_module_free(m);
        free(buf);
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(natives_resolve_to_their_entries),
    cmocka_unit_test(natives_the_abi_lacks),
    cmocka_unit_test(refusals),
    cmocka_unit_test(a_family_without_entries),
    cmocka_unit_test(the_table_may_end_at_the_top),
};

TEST_MAIN(tests)
