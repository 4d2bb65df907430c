/* The XIP rewrite on a real Cortex-M4 module, v6/thumbv7em/imports.aot:
 * the layout and report it gives, and every error path with its exact text.
 *
 * The module: text body at file offset 0x13c, so at base 0x08040000 the
 * literal area starts at 0x08040140, already 16-aligned: no pad, code at
 * 0x08040140. 14 relocations in .rel.text; entry 2 is a BL (R_ARM_THM_CALL,
 * LLVM's placeholder f7ff fffe, addend -4) at text+0x2c in aot_func#0
 * against symbol 2, aot_set_exception_with_id; symbol 1 is
 * .aot_stack_sizes (12 bytes), symbol 3 aot_invoke_native. */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "bytes.h"

#define BASE 0x08040000u
#define CODE 0x08040140u
#define BL_OFF 0x2cu

struct t {
    uint8_t *buf;
    size_t size;
    struct aotx_module *m;
    struct aotx_symmap *syms;
    struct aotx_xip_options o;
    struct aotx_diag d;
};

static int setup(void **state)
{
    struct t *t = calloc(1, sizeof *t);
    t->buf = load_data("aot/v6/thumbv7em/imports.aot", &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &t->d), AOTX_OK);
    t->syms = aotx_symmap_new();
    t->o.base = BASE;
    t->o.symbols = t->syms;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct t *t = *state;
    aotx_symmap_free(t->syms);
    aotx_module_free(t->m);
    free(t->buf);
    free(t);
    return 0;
}

static void defsym(struct t *t, const char *s)
{
    assert_int_equal(aotx_symmap_defsym(t->syms, s, &t->d), AOTX_OK);
}

static void near_natives(struct t *t)
{
    defsym(t, "aot_set_exception_with_id=0x08000101");
    defsym(t, "aot_invoke_native=0x08000201");
}

static struct aotx_xip_image *rewrite_ok(struct t *t)
{
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(t->m, &t->o, &img, &t->d) != AOTX_OK)
        fail_msg("%s", t->d.msg);
    return img;
}

static void expect_error(struct t *t, enum aotx_err code, const char *msg)
{
    struct aotx_xip_image *img = (struct aotx_xip_image *)1;
    assert_int_equal(aotx_xip(t->m, &t->o, &img, &t->d), code);
    assert_null(img);
    assert_string_equal(t->d.msg, msg);
}

/* The target of the Thumb-2 BL/BLX at image offset at, running at addr. */
static uint64_t branch_target(const uint8_t *p, uint64_t addr, int *blx)
{
    uint16_t hi = rd16le(p), lo = rd16le(p + 2);
    uint32_t s = (hi >> 10) & 1, j1 = (lo >> 13) & 1, j2 = (lo >> 11) & 1;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    int64_t imm = sext((uint64_t)s << 24 | i1 << 23 | i2 << 22 | (uint64_t)(hi & 0x3ff) << 12 |
                           (uint64_t)(lo & 0x7ff) << 1, 25);
    *blx = !(lo & 0x1000);
    uint64_t pc = addr + 4;
    if (*blx)
        pc &= ~(uint64_t)3;
    return pc + (uint64_t)imm;
}

static void layout_and_report(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_true(img->verified);
    assert_int_equal(img->base, BASE);
    assert_int_equal(img->literal_address, BASE + 0x140);
    assert_int_equal(img->literal_pad, 0);
    assert_int_equal(img->code_address, CODE);
    assert_int_equal(img->code_size, 300);
    assert_int_equal(img->relocations, 14);
    assert_int_equal(img->func_count, 3);
    assert_int_equal(img->func_addresses[0], CODE | 1);
    assert_int_equal(img->func_addresses[1], (CODE + 0x7c) | 1);
    assert_int_equal(img->func_addresses[2], (CODE + 0xe0) | 1);
    assert_int_equal(img->veneer_count, 0);
    /* .aot_stack_sizes: after the code (300 bytes, rounded to 16) */
    assert_int_equal(img->placement_count, 1);
    assert_string_equal(img->placements[0].name, ".aot_stack_sizes");
    assert_int_equal(img->placements[0].address, CODE + 304);
    assert_int_equal(img->placements[0].size, 12);
    /* the image: the relocation section shrinks from 340 bytes to 12; the
     * code area grows by the 12 copied bytes after 4 bytes of pad */
    assert_int_equal(img->size, t->size - (340 - 12) + 16);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     0x08000100);
    assert_false(blx);
    /* MOVW/MOVT at text+4/+8 load the flash copy of .aot_stack_sizes */
    const uint8_t *mw = img->bytes + (CODE - BASE) + 4;
    uint32_t lo16 = (uint32_t)(bits(rd16le(mw), 3, 0) << 12 | bits(rd16le(mw), 10, 10) << 11 |
                               bits(rd16le(mw + 2), 14, 12) << 8 | bits(rd16le(mw + 2), 7, 0));
    assert_int_equal(lo16, (CODE + 304) & 0xffff);
    aotx_xip_free(img);
}

/* Each report symbol's uses, counted here from the relocation groups: the
 * relocations against module symbols of its name (as a pointer), all to the
 * first report symbol with that name. */
static void expect_uses(struct t *t, uint32_t want_max)
{
    struct aotx_xip_image *img = rewrite_ok(t);
    const struct aotx_module *m = t->m;
    uint32_t sum = 0, max = 0;
    for (uint32_t k = 0; k < img->symbol_count; k++) {
        const char *name = img->symbols[k].name;
        uint32_t want = 0;
        int first = 1;
        for (uint32_t k2 = 0; k2 < k; k2++)
            first &= img->symbols[k2].name != name;
        for (uint32_t g = 0; first && g < m->group_count; g++)
            for (uint32_t i = 0; i < m->groups[g].count; i++)
                want += m->symbols[m->groups[g].relocs[i].symbol].name == name;
        assert_int_equal(img->symbols[k].uses, want);
        sum += want;
        max = want > max ? want : max;
    }
    assert_int_equal(sum, 14);
    assert_int_equal(max, want_max);
    aotx_xip_free(img);
}

/* The reader's names rise in memory, which lets the report take each
 * symbol's uses in order; names copied in falling order, and two symbols
 * sharing one name, take the other way. */
static void uses_per_name_in_either_order(void **state)
{
    struct t *t = *state;
    near_natives(t);
    expect_uses(t, 6);
    char *copies = calloc(4096, 1), *at = copies + 4096;
    for (uint32_t i = 0; i < t->m->symbol_count; i++) {
        size_t n = strlen(t->m->symbols[i].name) + 1;
        assert_true((size_t)(at - copies) >= n);
        at -= n;
        memcpy(at, t->m->symbols[i].name, n);
        t->m->symbols[i].name = at;
    }
    expect_uses(t, 6);
    t->m->symbols[2].name = t->m->symbols[3].name; /* both aot_invoke_native */
    expect_uses(t, 8);
    free(copies);
}

static void output_is_reproducible(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *a = rewrite_ok(t), *b = rewrite_ok(t);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->bytes, b->bytes, a->size);
    aotx_xip_free(a);
    aotx_xip_free(b);
}

/* A module read from a file mapping given as input_map: the same image as
 * from heap bytes, the mapping's pages given back (few resident after), its
 * bytes still the file's. */
static void an_input_mapping_gives_its_pages_back(void **state)
{
    struct t *t = *state;
    char path[4096];
    snprintf(path, sizeof path, "%s/aot/v6/thumbv7em/big.aot", test_data_dir);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    size_t size = (size_t)st.st_size;
    const uint8_t *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    assert_true(map != MAP_FAILED);
    close(fd);
    size_t heap_size;
    uint8_t *heap = load_data("aot/v6/thumbv7em/big.aot", &heap_size);
    assert_int_equal(heap_size, size);

    struct aotx_module *from_heap, *from_map;
    assert_int_equal(aotx_read(heap, size, &from_heap, &t->d), AOTX_OK);
    assert_int_equal(aotx_read(map, size, &from_map, &t->d), AOTX_OK);
    for (uint32_t i = 0; i < from_heap->symbol_count; i++)
        if (from_heap->symbols[i].cls == AOTX_SYM_NATIVE) {
            char def[256];
            snprintf(def, sizeof def, "%s=0x%x", from_heap->symbols[i].name, 0x08000101 + 0x40 * i);
            defsym(t, def);
        }
    struct aotx_xip_image *a = NULL, *b = NULL;
    assert_int_equal(aotx_xip(from_heap, &t->o, &a, &t->d), AOTX_OK);
    assert_memory_equal(map, heap, size); /* every page of the mapping resident */
    assert_true(mapping_rss_kb(map) >= (long)(size / 1024));
    t->o.input_map = map;
    t->o.input_map_size = size;
    assert_int_equal(aotx_xip(from_map, &t->o, &b, &t->d), AOTX_OK);
    assert_true(a->verified && b->verified);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->bytes, b->bytes, a->size);
    /* what the writer and the report read again after the copy (names, the
     * function section: 136 kB here) came back, not the 1.3 MB file */
    assert_true(mapping_rss_kb(map) <= (long)(size / 1024 / 8));
    assert_memory_equal(map, heap, size);
    aotx_xip_free(a);
    aotx_xip_free(b);
    aotx_module_free(from_map);
    aotx_module_free(from_heap);
    free(heap);
    munmap((void *)map, size);
}

static void the_image_reads_back_as_xip(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    struct aotx_module *o;
    assert_int_equal(aotx_read(img->bytes, img->size, &o, &t->d), AOTX_OK);
    assert_int_equal(o->target.e_type, AOTX_ETYPE_XIP);
    assert_int_equal(o->group_count, 0);
    assert_int_equal(o->symbol_count, 0);
    assert_int_equal(o->code_offset, CODE - BASE);
    assert_int_equal(o->data_section_count, 1);
    assert_int_equal(o->data_sections[0].size, 12); /* .aot_stack_sizes stays */
    assert_int_equal(o->export_count, t->m->export_count);
    aotx_module_free(o);
    aotx_xip_free(img);
}

static void far_native_goes_through_a_veneer(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x0a000001"); /* 32 MiB away */
    defsym(t, "aot_invoke_native=0x08000201");
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->veneer_count, 1);
    assert_string_equal(img->veneers[0].target_name, "aot_set_exception_with_id");
    assert_int_equal(img->veneers[0].target, 0x0a000001);
    assert_int_equal(img->veneers[0].address, CODE + 304);
    assert_int_equal(img->veneers[0].size, 8);
    assert_int_equal(img->veneers[0].callers, 6);
    const uint8_t *v = img->bytes + (CODE - BASE) + 304;
    assert_int_equal(rd16le(v), 0xf8df); /* ldr.w pc, [pc, #0] */
    assert_int_equal(rd16le(v + 2), 0xf000);
    assert_int_equal(rd32le(v + 4), 0x0a000001);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     CODE + 304);
    assert_false(blx);
    /* the data copy moves after the veneer */
    assert_int_equal(img->placements[0].address, CODE + 304 + 16);
    aotx_xip_free(img);
}

/* A call whose addend names an offset from its symbol (here BL to
 * aot_set_exception_with_id + 8: the field holds +4, i.e. A = 8 - 4):
 * the veneer jumps to S + 8, not to S. */
static void a_veneer_keeps_the_target_offset(void **state)
{
    struct t *t = *state;
    uint8_t *bl = (uint8_t *)t->m->code + BL_OFF; /* the input buffer is ours */
    wr16le(bl, 0xf000);                           /* bl .+8: imm32 = +4 */
    wr16le(bl + 2, 0xf802);
    defsym(t, "aot_set_exception_with_id=0x0a000001");
    defsym(t, "aot_invoke_native=0x08000201");
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->veneer_count, 2);
    assert_int_equal(img->veneers[0].target, 0x0a000009);
    assert_int_equal(img->veneers[0].callers, 1);
    assert_int_equal(img->veneers[1].target, 0x0a000001);
    assert_int_equal(img->veneers[1].callers, 5);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     img->veneers[0].address);
    assert_int_equal(rd32le(img->bytes + (img->veneers[0].address - BASE) + 4), 0x0a000009);
    aotx_xip_free(img);
}

static void undefined_symbols_all_in_one_message(void **state)
{
    struct t *t = *state;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "undefined symbols (2): 'aot_set_exception_with_id', 'aot_invoke_native'; the "
                 "firmware's symbol maps do not define them (if its linker dropped one, keep it "
                 "with -Wl,--undefined=NAME)");
    defsym(t, "aot_invoke_native=0x08000201");
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "undefined symbol (1): 'aot_set_exception_with_id'; the firmware's symbol maps "
                 "do not define it (if its linker dropped one, keep it with "
                 "-Wl,--undefined=NAME)");
}

static void unknown_relocation_type(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 9999;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0+0x2c): unknown relocation type 9999 for thumb code; "
                 "references 'aot_set_exception_with_id'");
}

static void known_but_unsupported_type(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 42; /* R_ARM_PREL31: unwind tables only */
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0+0x2c): relocation R_ARM_PREL31 (42) is not supported for "
                 "thumb code; references 'aot_set_exception_with_id'");
}

/* B<c>.W (R_ARM_THM_JUMP19) reaches +-1 MiB and takes no veneer. The BL
 * placeholder f7ff fffe read as B<c>.W holds -4, so with the native at
 * 0x08240001: v = 0x08240001 - 4 - 0x0804016c = 2096785. */
static void out_of_range(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x08240001");
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->groups[0].relocs[2].type = 51;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0+0x2c): relocation R_ARM_THM_JUMP19 out of range: 2096785 "
                 "is not in [-1048576, 1048574]; references 'aot_set_exception_with_id'");
}

static void errors_are_counted(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 9999;
    t->m->groups[0].relocs[3].type = 9998;
    t->m->groups[0].relocs[4].type = 9997;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0+0x2c): unknown relocation type 9999 for thumb code; "
                 "references 'aot_set_exception_with_id' (and 2 more errors)");
}

/* fw.elf: arm_mul is an ARM-state function at 0x08000058 (STT_FUNC, bit 0
 * clear). A Cortex-M core cannot run it at all. Thumb code of an A-profile
 * core can: a BL to it becomes BLX; a B<c>.W to it cannot change state. */
static void interworking_with_arm_state_natives(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/fw.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "arm_mul";
    static const char *const m_cores[] = {"thumbv7em", "thumbv6m", "thumbv7m", "thumbv8m.main",
                                          "thumbv8m.base", "thumbv8.1m.main"};
    for (size_t i = 0; i < sizeof m_cores / sizeof *m_cores; i++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", m_cores[i]);
        snprintf(msg, sizeof msg, "'arm_mul' (%s) is ARM-state code (a function symbol without "
                 "the Thumb bit), which a %s core cannot run: it has no ARM state", path,
                 m_cores[i]);
        expect_error(t, AOTX_E_UNSUPPORTED, msg);
    }
    snprintf(t->m->target.arch, sizeof t->m->target.arch, "thumbv7");  /* A-profile */
    struct aotx_xip_image *img = rewrite_ok(t);
    int blx;
    const uint8_t *p = img->bytes + (CODE - BASE) + BL_OFF;
    assert_int_equal(branch_target(p, CODE + BL_OFF, &blx), 0x08000058);
    assert_true(blx);
    assert_int_equal(rd16le(p + 2) & 1, 0); /* BLX: H must be 0 */
    aotx_xip_free(img);

    t->m->groups[0].relocs[2].type = 51;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0+0x2c): relocation R_ARM_THM_JUMP19 cannot change to ARM "
                 "state: 'arm_mul' is ARM code and this branch cannot switch state");
}

static void writable_data_cannot_live_in_flash(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->data_sections[0].name = ".data";
    t->m->symbols[1].name = ".data";
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "writable data section '.data' (12 bytes) is referenced by 6 relocations: an XIP "
                 "image cannot place writable data in flash (if the module never writes it, say "
                 "so with --assume-readonly .data)");
    /* vouched for: placed in flash like read-only data */
    static const char *const ro[] = {".data"};
    t->o.assume_readonly = ro;
    t->o.assume_readonly_count = 1;
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->placement_count, 1);
    assert_string_equal(img->placements[0].name, ".data");
    aotx_xip_free(img);
}

/* A data relocation group that patches writable data: nothing can place it. */
static void writable_data_patched_by_a_group(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->data_sections[0].name = ".data";
    t->m->groups[0].target = AOTX_PATCH_DATA;
    t->m->groups[0].data_index = 0;
    t->m->groups[0].name = ".rel.data";
    t->m->symbols[1].name = ".text";
    t->m->symbols[1].cls = AOTX_SYM_CODE;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "writable data section '.data' is patched by relocation group '.rel.data': an "
                 "XIP image cannot place writable data in flash");
}

/* .aot_stack_sizes stays in the init data, where the loader reads it: a
 * group that patches it would patch only the flash copy. */
static void a_group_patching_the_stack_sizes(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].target = AOTX_PATCH_DATA;
    t->m->groups[0].data_index = 0;
    t->m->groups[0].name = ".rel.aot_stack_sizes";
    for (uint32_t i = 0; i < t->m->groups[0].count; i++)
        t->m->groups[0].relocs[i].offset = 0;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation group '.rel.aot_stack_sizes' patches '.aot_stack_sizes', which the "
                 "loader reads from the init data, where it stays unpatched");
}

static void an_unclassified_symbol(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->symbols[2].cls = AOTX_SYM_NONE;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against 'aot_set_exception_with_id', a symbol the reader did not "
                 "classify");
}

static void gnu_ifunc_is_refused(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/ifunc.nm", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "fast_add";
    snprintf(msg, sizeof msg,
             "'fast_add' (%s) is a GNU IFUNC: its address is a resolver that returns the "
             "function, not the function; name a concrete implementation with --defsym "
             "fast_add=ADDRESS", path);
    expect_error(t, AOTX_E_UNSUPPORTED, msg);
}

/* locals.elf has two LOCAL FUNC symbols 'twin' at different addresses and
 * no global one (tests/data/symbols/build.sh). */
static void ambiguous_local_symbol_is_refused(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/locals.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "twin";
    snprintf(msg, sizeof msg, "ambiguous: 2 local symbols 'twin' in %s", path);
    expect_error(t, AOTX_E_UNSUPPORTED, msg);
    /* a local-only name with one address is used */
    t->m->symbols[2].name = "solo";
    struct aotx_xip_image *img = rewrite_ok(t);
    aotx_xip_free(img);
}

static void symbols_the_file_cannot_place(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->symbols[2].name = "aot_func_internal#1";
    t->m->symbols[2].cls = AOTX_SYM_AOT_FUNC_INTERNAL;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against 'aot_func_internal#1': the file does not record where that "
                 "function starts (only aot_func#N entries are listed)");
    t->m->symbols[2].name = "$CPI1_0";
    t->m->symbols[2].cls = AOTX_SYM_LOCAL_LABEL;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against '$CPI1_0': wamrc leaves MIPS constant-pool labels "
                 "unconverted, so the module's floating-point constants cannot be placed (the "
                 "stock WAMR loader cannot load this file either)");
}

static void bad_base_addresses(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0xfff00001"); /* in reach from the top of memory */
    defsym(t, "aot_invoke_native=0xfff00101");
    t->o.base = BASE + 2;
    expect_error(t, AOTX_E_USAGE,
                 "base address 0x8040002 is not a multiple of 4 (the WAMR loader reads the image "
                 "as 4-byte aligned data)");
    t->o.base = 0x100000000ull;
    expect_error(t, AOTX_E_USAGE,
                 "base address 0x100000000 is outside the 32-bit address space of thumb code");
    /* code at base + 0x140; 300 bytes, rounded to 304, then the 12-byte
     * .aot_stack_sizes copy: they end at base + 0x140 + 316 */
    t->o.base = 0xfffffe00u;
    expect_error(t, AOTX_E_UNSUPPORTED, "the image does not fit: code and data end at "
                                        "0x10000007c");
    t->o.base = 0xfffffd00u; /* they fit, but the sections after them do not */
    expect_error(t, AOTX_E_UNSUPPORTED, "the image (808 bytes) does not fit in the 32-bit "
                                        "address space at base 0xfffffd00");
}

static void a_native_outside_the_address_space(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x100000001");
    defsym(t, "aot_invoke_native=0x08000201");
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "symbol 'aot_set_exception_with_id' = 0x100000000 (from --defsym) is outside the "
                 "32-bit address space");
}

static void relocation_past_its_section(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].offset = 298; /* a 4-byte BL at the last 2 bytes of 300 */
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x12a (aot_func#2+0x4a): relocation R_ARM_THM_CALL patches 4 bytes, past "
                 "the end of the section (0x12c bytes)");
}

/* The code starts at a multiple of o.code_align, 64 by default: the
 * literal area (empty here) grows to get there. At base 0x08040010 it
 * starts at 0x08040150. */
static void code_alignment(void **state)
{
    struct t *t = *state;
    near_natives(t);
    static const struct { uint32_t align, pad; } cases[] = {
        {0, 0x30}, {16, 0}, {32, 0x10}, {64, 0x30}, {128, 0x30}, {4096, 0xeb0}};
    t->o.base = BASE + 0x10;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t->o.code_align = cases[i].align;
        struct aotx_xip_image *img = rewrite_ok(t);
        uint64_t code = BASE + 0x150 + cases[i].pad;
        assert_true(img->verified);
        assert_int_equal(img->literal_address, BASE + 0x150);
        assert_int_equal(img->literal_pad, cases[i].pad);
        assert_int_equal(img->code_address, code);
        assert_int_equal(img->func_addresses[1], (code + 0x7c) | 1);
        /* the literal size at the text body (file offset 0x13c) counts the pad */
        assert_int_equal(rd32le(img->bytes + 0x13c), cases[i].pad);
        int blx;
        assert_int_equal(branch_target(img->bytes + (code - t->o.base) + BL_OFF, code + BL_OFF,
                                       &blx), 0x08000100);
        aotx_xip_free(img);
    }
    static const uint32_t bad[] = {8, 48, 8192, 0x80000000u};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[80];
        t->o.code_align = bad[i];
        snprintf(msg, sizeof msg, "code alignment %u is not a power of two from 16 to 4096",
                 bad[i]);
        expect_error(t, AOTX_E_USAGE, msg);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
static const struct CMUnitTest tests[] = {
    T(layout_and_report),
    T(uses_per_name_in_either_order),
    T(output_is_reproducible),
    T(an_input_mapping_gives_its_pages_back),
    T(the_image_reads_back_as_xip),
    T(far_native_goes_through_a_veneer),
    T(a_veneer_keeps_the_target_offset),
    T(undefined_symbols_all_in_one_message),
    T(unknown_relocation_type),
    T(known_but_unsupported_type),
    T(out_of_range),
    T(errors_are_counted),
    T(interworking_with_arm_state_natives),
    T(writable_data_cannot_live_in_flash),
    T(writable_data_patched_by_a_group),
    T(a_group_patching_the_stack_sizes),
    T(an_unclassified_symbol),
    T(gnu_ifunc_is_refused),
    T(ambiguous_local_symbol_is_refused),
    T(symbols_the_file_cannot_place),
    T(bad_base_addresses),
    T(a_native_outside_the_address_space),
    T(relocation_past_its_section),
    T(code_alignment),
};

TEST_MAIN(tests)
