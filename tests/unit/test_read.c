/* The reader on bad input: every case is rejected with its exact message,
 * never a crash (the suite also runs under ASan and UBSan).
 *
 * The cases mutate a copy of a small real file, v6/thumbv7em/imports.aot:
 * sections target info 0x10 (48), init data 0x48 (236), text 0x13c (304),
 * function 0x274 (48), export 0x2ac (85), relocation 0x30c (340). */
#include "testutil.h"

#define FIXTURE "aot/v6/thumbv7em/imports.aot"

struct file {
    uint8_t *buf;
    size_t size;
};

static int setup(void **state)
{
    struct file *f = calloc(1, sizeof *f);
    f->buf = load_data(FIXTURE, &f->size);
    assert_int_equal(f->size, 1120);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct file *f = *state;
    free(f->buf);
    free(f);
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void expect(const uint8_t *buf, size_t size, enum aotx_err code, const char *msg)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = (struct aotx_module *)1;
    assert_int_equal(aotx_read(buf, size, &m, &d), code);
    assert_null(m);
    assert_int_equal(d.code, code);
    assert_string_equal(d.msg, msg);
}

static void intact_file_reads(void **state)
{
    struct file *f = *state;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    assert_int_equal(aotx_read(f->buf, f->size, &m, &d), AOTX_OK);
    assert_int_equal(m->version, 6);
    assert_int_equal(m->layout, AOTX_LAYOUT_2X);
    assert_string_equal(aotx_arch_name(m), "thumb");
    assert_int_equal(m->section_count, 6);
    assert_int_equal(m->sections[5].offset, 0x30c);
    assert_int_equal(m->code_size, 300);
    assert_int_equal(m->func_count, 3);
    assert_int_equal(m->export_count, 4);
    assert_string_equal(m->exports[1].name, "call_host");
    assert_int_equal(m->data_section_count, 1);
    assert_string_equal(m->data_sections[0].name, ".aot_stack_sizes");
    assert_int_equal(m->data_sections[0].size, 12);
    assert_int_equal(m->group_count, 1);
    assert_string_equal(m->groups[0].name, ".rel.text");
    assert_int_equal(m->groups[0].count, 14);
    assert_string_equal(aotx_reloc_type_name(m, m->groups[0].relocs[0].type),
                        "R_ARM_THM_MOVW_ABS_NC");
    assert_null(aotx_reloc_type_name(m, 9999));
    aotx_module_free(m);
}

static void empty_file(void **state)
{
    (void)state;
    expect((const uint8_t *)"", 0, AOTX_E_FORMAT, "empty file: not a WAMR AOT file");
}

static void wrong_magic(void **state)
{
    (void)state;
    static const uint8_t gif[16] = "GIF89a";
    expect(gif, sizeof gif, AOTX_E_FORMAT,
           "not a WAMR AOT file: magic bytes 47 49 46 38, expected 00 61 6f 74");
}

static void elf_object_instead_of_aot(void **state)
{
    (void)state;
    size_t size;
    uint8_t *o = load_data("aot/v6/thumbv7em/imports.o", &size);
    expect(o, size, AOTX_E_FORMAT,
           "this is an ELF file, not a WAMR AOT file (give aot-xip the .aot that wamrc writes "
           "without --format=object)");
    free(o);
}

static void unknown_versions(void **state)
{
    struct file *f = *state;
    static const uint32_t bad[] = {0, 2, 7, 0xffffffffu};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[128];
        put32(f->buf + 4, bad[i]);
        snprintf(msg, sizeof msg,
                 "AOT format version %u is not supported (aot-xip reads versions 3, 4, 5 and 6)",
                 bad[i]);
        expect(f->buf, f->size, AOTX_E_VERSION, msg);
    }
}

/* Every proper prefix of the file is rejected as truncated. */
static void truncated_at_every_byte(void **state)
{
    struct file *f = *state;
    for (size_t n = 1; n < f->size; n++) {
        struct aotx_diag d = {0};
        struct aotx_module *m;
        uint8_t *copy = malloc(n); /* exactly n bytes: ASan sees any overread */
        memcpy(copy, f->buf, n);
        assert_int_equal(aotx_read(copy, n, &m, &d), AOTX_E_FORMAT);
        if (strncmp(d.msg, "truncated file: ", 16) != 0)
            fail_msg("prefix of %zu bytes: %s", n, d.msg);
        free(copy);
    }
}

static void truncation_messages(void **state)
{
    struct file *f = *state;
    expect(f->buf, 7, AOTX_E_FORMAT, "truncated file: 7 bytes, an AOT header needs 8");
    expect(f->buf, 8, AOTX_E_FORMAT, "truncated file: no sections after the header");
    expect(f->buf, 0x14, AOTX_E_FORMAT,
           "truncated file: section 0 (target info) at 0x10 claims 0x30 bytes, but only 0x4 "
           "remain");
    expect(f->buf, 0x2ac - 8 + 2, AOTX_E_FORMAT,
           "truncated file: section header at 0x2a4 needs 8 bytes, but the file ends at 0x2a6");
    expect(f->buf, 0x2ac + 85, AOTX_E_FORMAT,
           "truncated file: it ends after section 4 (export); sections 0 to 5 must all be "
           "present");
}

static void section_size_past_end_of_file(void **state)
{
    struct file *f = *state;
    put32(f->buf + 0x13c - 4, 0x10000);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "truncated file: section 2 (text) at 0x13c claims 0x10000 bytes, but only 0x324 "
           "remain");
}

static void unknown_section_id(void **state)
{
    struct file *f = *state;
    put32(f->buf + 0x2ac - 8, 6);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section at 0x2a4 has id 6: not a section id of the AOT format this tool reads (the "
           "WAMR loader rejects it too)");
    put32(f->buf + 0x2ac - 8, 77);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section at 0x2a4 has id 77: not a section id of the AOT format");
}

static void section_out_of_order(void **state)
{
    struct file *f = *state;
    put32(f->buf + 0x2ac - 8, 2);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 2 (text) at 0x2ac is out of order (after function)");
}

static void target_info_layout_and_version_disagree(void **state)
{
    (void)state;
    size_t size;
    uint8_t *buf = load_data("aot/v3-1x/thumbv7em/arith.aot", &size);
    put32(buf + 4, 5);
    expect(buf, size, AOTX_E_FORMAT,
           "section 0 (target info) at 0x10: a 36-byte target info is the WAMR 1.x layout, "
           "which only version 3 uses; this file says version 5");
    free(buf);
}

static void target_info_bad_e_type(void **state)
{
    struct file *f = *state;
    f->buf[0x10 + 4] = 2;
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 0 (target info) at 0x10: e_type 2 is neither 1 (relocatable) nor 4 (XIP)");
}

static void export_name_without_nul(void **state)
{
    struct file *f = *state;
    /* export 0: u32 index at 0x2b0, kind, pad, u16 len 7 at 0x2b6, "memory\0" */
    assert_int_equal(f->buf[0x2b6], 7);
    assert_int_equal(f->buf[0x2b8 + 6], 0);
    f->buf[0x2b8 + 6] = 'x';
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: export name at offset 0x2b6 is not NUL-terminated");
}

static void export_name_with_nul_inside(void **state)
{
    struct file *f = *state;
    f->buf[0x2b8 + 2] = 0;
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: export name at offset 0x2b6 has a NUL byte inside");
}

/* The relocation section: u32 symbol count (4) at 0x30c, 4 offsets, u32
 * string area size (0x50) at 0x320, the area at 0x324 (".rel.text",
 * ".aot_stack_sizes", "aot_set_exception_with_id", "aot_invoke_native"),
 * then the group count at 0x374: the group's name index at 0x378, its count
 * at 0x37c and the first record at 0x380 (offset, addend, type, symbol: 16
 * bytes each). */
#define RELOC_SYMS 0x30c
#define AREA 0x324
#define GROUPS 0x374
#define REC0 0x380

static void relocation_layout_is_as_described(void **state)
{
    struct file *f = *state;
    assert_int_equal(f->buf[RELOC_SYMS], 4);
    assert_int_equal(f->buf[AREA - 4], 0x50);
    assert_memory_equal(f->buf + AREA, "\x0a\x00.rel.text", 12);
    assert_int_equal(f->buf[GROUPS], 1);
    assert_int_equal(f->buf[GROUPS + 8], 14);
    assert_int_equal(f->buf[REC0 + 8], 47); /* R_ARM_THM_MOVW_ABS_NC */
}

static void symbol_index_out_of_range(void **state)
{
    struct file *f = *state;
    put32(f->buf + REC0 + 12, 9999);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation group 0 ('.rel.text') entry 0 at offset "
           "0x380: symbol index 9999 is out of range (4 symbols)");
}

static void group_name_index_out_of_range(void **state)
{
    struct file *f = *state;
    put32(f->buf + GROUPS + 4, 4);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation group 0 at offset 0x378: name index 4 "
           "is out of range (4 symbols)");
}

static void relocation_offset_past_its_section(void **state)
{
    struct file *f = *state;
    put32(f->buf + REC0, 300); /* code is 300 bytes */
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation group 0 ('.rel.text') entry 0 at offset "
           "0x380: offset 0x12c is past the end of code (0x12c bytes)");
}

static void relocation_symbol_offsets_must_pack(void **state)
{
    struct file *f = *state;
    put32(f->buf + RELOC_SYMS + 8, 0x20); /* symbol 1's offset */
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation symbol 1: offset 0x20 in the table, but "
           "the strings before it end at 0xc");
}

static void counts_that_would_overflow_allocations(void **state)
{
    struct file *f = *state;
    uint8_t *copy = malloc(f->size);

    memcpy(copy, f->buf, f->size);
    put32(copy + RELOC_SYMS, 0xffffffffu);
    expect(copy, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation symbol count 4294967295 at offset 0x30c "
           "needs at least 25769803770 bytes, but only 336 remain");

    memcpy(copy, f->buf, f->size);
    put32(copy + GROUPS, 0x80000000u);
    expect(copy, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation group count 2147483648 at offset 0x374 "
           "needs at least 17179869184 bytes, but only 232 remain");

    memcpy(copy, f->buf, f->size);
    put32(copy + GROUPS + 8, 0x10000000u);
    expect(copy, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation count 268435456 at offset 0x37c needs "
           "at least 4294967296 bytes, but only 224 remain");

    memcpy(copy, f->buf, f->size);
    put32(copy + 0x2ac, 0x40000000u); /* export count */
    expect(copy, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: export count 1073741824 at offset 0x2ac needs at least "
           "8589934592 bytes, but only 81 remain");
    free(copy);
}

static void function_count_larger_than_the_function_section(void **state)
{
    struct file *f = *state;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    /* func_count is the first word of the 48-byte block before the data
     * sections; find it from an intact read. */
    assert_int_equal(aotx_read(f->buf, f->size, &m, &d), AOTX_OK);
    size_t at = m->data_sections[0].offset - 4 - 2 - 18 - 4 - 48;
    aotx_module_free(m);
    assert_int_equal(f->buf[at], 3);
    put32(f->buf + at, 0x7fffffffu);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 3 (function) at 0x274: 2147483647 functions need 34359738352 bytes, but the "
           "section has 48");
}

static void function_offset_past_code(void **state)
{
    struct file *f = *state;
    put32(f->buf + 0x274 + 4, 300);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 3 (function) at 0x274: function 1: text offset 0x12c at offset 0x278 is past "
           "the end of the code (0x12c bytes)");
}

static void data_section_size_past_init_data(void **state)
{
    struct file *f = *state;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    assert_int_equal(aotx_read(f->buf, f->size, &m, &d), AOTX_OK);
    size_t at = m->data_sections[0].offset - 4;
    aotx_module_free(m);
    char msg[256];
    put32(f->buf + at, 13);
    snprintf(msg, sizeof msg,
             "section 1 (init data) at 0x48: object data section contents at offset 0x%zx needs "
             "13 bytes, but the section ends at 0x134", at + 4);
    expect(f->buf, f->size, AOTX_E_FORMAT, msg);
}

static void relocation_symbol_names_missing_data_section(void **state)
{
    struct file *f = *state;
    /* symbol 1 is ".aot_stack_sizes" (u16 17, then 17 bytes); make it
     * ".aot_stack_sizeS": not a data section, so a native symbol; make it
     * ".rodata.cst8_...": a data section name the file does not carry. */
    size_t at = AREA + 12; /* ".rel.text" takes 2 + 10 = 12 bytes */
    assert_memory_equal(f->buf + at + 2, ".aot_stack_sizes", 17);
    memcpy(f->buf + at + 2, ".rodata.cst8.abc", 16);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation symbol '.rodata.cst8.abc' names an object "
           "data section that the file does not carry");
}

/* aot_func#N names one of the module's 3 functions, by its decimal index;
 * N past them is refused, and a name that is no decimal index is a
 * native's. Each replaces symbol 1's name, ".aot_stack_sizes", 16 bytes. */
static void relocation_symbols_naming_functions(void **state)
{
    struct file *f = *state;
    uint8_t *name = f->buf + AREA + 12 + 2;
    assert_memory_equal(name, ".aot_stack_sizes", 17);
    struct aotx_diag d = {0};
    struct aotx_module *m;
    const char *const names[] = {"aot_func#0000002", "aot_func#12x4567"};
    const enum aotx_sym_class cls[] = {AOTX_SYM_AOT_FUNC, AOTX_SYM_NATIVE};
    const uint32_t index[] = {2, 0};
    for (int k = 0; k < 2; k++) {
        memcpy(name, names[k], 16);
        assert_int_equal(aotx_read(f->buf, f->size, &m, &d), AOTX_OK);
        assert_int_equal(m->func_count, 3);
        assert_string_equal(m->symbols[1].name, names[k]);
        assert_int_equal(m->symbols[1].cls, cls[k]);
        assert_int_equal(m->symbols[1].index, index[k]);
        aotx_module_free(m);
    }
    memcpy(name, "aot_func#0000003", 16);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation symbol 'aot_func#0000003' names function "
           "3, but the module defines 3");
}

static void padding_after_a_relocation_symbol_name(void **state)
{
    struct file *f = *state;
    /* ".aot_stack_sizes" and its NUL end at 0x343, an odd offset */
    size_t at = AREA + 12 + 2 + 17;
    assert_int_equal(at, 0x343);
    assert_int_equal(f->buf[at], 0);
    f->buf[at] = 0x55;
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: padding byte before next relocation symbol name at "
           "offset 0x343 is 0x55, not 0");
}

static void group_patching_a_missing_section(void **state)
{
    struct file *f = *state;
    memcpy(f->buf + AREA + 2, ".rel.data", 10);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 5 (relocation) at 0x30c: relocation group 0 ('.rel.data') patches no section "
           "this file carries");
}

static void bytes_left_over(void **state)
{
    struct file *f = *state;
    put32(f->buf + 0x2ac, 3); /* one export fewer than the section holds */
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: 28 bytes follow the last export");
}

static void string_past_its_section(void **state)
{
    struct file *f = *state;
    /* the last export name, "trap_unreachable\0", has its u16 length at 0x2ee */
    assert_int_equal(f->buf[0x2ee], 17);
    f->buf[0x2ee] = 18;
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: export name at offset 0x2f0 needs 18 bytes, but the "
           "section ends at 0x301");
}

static void export_of_a_function_that_does_not_exist(void **state)
{
    struct file *f = *state;
    /* export 1, "call_host", is function 2, its u32 index at 0x2c0 (two
     * imports + 3 defined functions) */
    assert_int_equal(f->buf[0x2c0], 2);
    put32(f->buf + 0x2c0, 5);
    expect(f->buf, f->size, AOTX_E_FORMAT,
           "section 4 (export) at 0x2ac: export 1 ('call_host'): function index 5 is out of "
           "range (5 functions)");
}

static void one_x_layout_reads(void **state)
{
    (void)state;
    size_t size;
    uint8_t *buf = load_data("aot/v3-1x/mips/arith.aot", &size);
    struct aotx_diag d = {0};
    struct aotx_module *m;
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    assert_int_equal(m->layout, AOTX_LAYOUT_1X);
    assert_int_equal(m->target.bin_type, 1); /* ELF32 big-endian */
    assert_string_equal(aotx_arch_name(m), "mips");
    assert_null(m->max_local_cells);
    aotx_module_free(m);
    free(buf);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
static const struct CMUnitTest tests[] = {
    T(intact_file_reads),
    T(empty_file),
    T(wrong_magic),
    T(elf_object_instead_of_aot),
    T(unknown_versions),
    T(truncated_at_every_byte),
    T(truncation_messages),
    T(section_size_past_end_of_file),
    T(unknown_section_id),
    T(section_out_of_order),
    T(target_info_layout_and_version_disagree),
    T(target_info_bad_e_type),
    T(export_name_without_nul),
    T(export_name_with_nul_inside),
    T(relocation_layout_is_as_described),
    T(symbol_index_out_of_range),
    T(group_name_index_out_of_range),
    T(relocation_offset_past_its_section),
    T(relocation_symbol_offsets_must_pack),
    T(counts_that_would_overflow_allocations),
    T(function_count_larger_than_the_function_section),
    T(function_offset_past_code),
    T(data_section_size_past_init_data),
    T(relocation_symbol_names_missing_data_section),
    T(relocation_symbols_naming_functions),
    T(padding_after_a_relocation_symbol_name),
    T(group_patching_a_missing_section),
    T(bytes_left_over),
    T(string_past_its_section),
    T(export_of_a_function_that_does_not_exist),
    T(one_x_layout_reads),
};

TEST_MAIN(tests)
