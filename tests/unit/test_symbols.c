/* Firmware symbol maps: every format read from real files made by the
 * cross toolchain (tests/data/symbols/build.sh), the merge rules, and the
 * exact error texts. The expected numbers are what readelf -s and
 * arm-none-eabi-nm print for those files. */
#include <elf.h> /* the host's, which arch/elf_machines.h must agree with */

#include "testutil.h"
#include "elf_machines.h"

#define DIR "symbols/"

/* Load DIR/file into m as `file` (short names keep messages exact). */
static void load_into(struct aotx_symmap *m, const char *file, enum aotx_symmap_format fmt)
{
    char rel[256];
    size_t size;
    struct aotx_diag d = {0};
    snprintf(rel, sizeof rel, DIR "%s", file);
    uint8_t *buf = load_data(rel, &size);
    if (aotx_symmap_load_buffer(m, file, buf, size, fmt, &d) != AOTX_OK)
        fail_msg("%s: %s", file, d.msg);
    free(buf);
}

static struct aotx_symmap *load(const char *file, enum aotx_symmap_format fmt)
{
    struct aotx_symmap *m = aotx_symmap_new();
    assert_non_null(m);
    load_into(m, file, fmt);
    return m;
}

static const struct aotx_native *get(const struct aotx_symmap *m, const char *name)
{
    const struct aotx_native *n = aotx_symmap_find(m, name);
    if (!n)
        fail_msg("'%s' is not in the map", name);
    assert_string_equal(n->name, name);
    return n;
}

/* A load that must fail with this code and text, and leave the map as it
 * was. */
static void expect_fail(struct aotx_symmap *m, const char *name, const void *buf, size_t size,
                        enum aotx_symmap_format fmt, enum aotx_err code, const char *msg)
{
    struct aotx_diag d = {0};
    size_t before = aotx_symmap_count(m);
    assert_int_equal(aotx_symmap_load_buffer(m, name, buf, size, fmt, &d), code);
    assert_int_equal(d.code, code);
    assert_string_equal(d.msg, msg);
    assert_int_equal(aotx_symmap_count(m), before);
}

static void expect_text_fail(const char *name, const char *text, enum aotx_symmap_format fmt,
                             const char *msg)
{
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, name, text, strlen(text), fmt, AOTX_E_FORMAT, msg);
    aotx_symmap_free(m);
}

static void load_buffer_ok(struct aotx_symmap *m, const char *name, const char *text)
{
    struct aotx_diag d = {0};
    if (aotx_symmap_load_buffer(m, name, (const uint8_t *)text, strlen(text), AOTX_SYMMAP_AUTO,
                                &d) != AOTX_OK)
        fail_msg("%s: %s", name, d.msg);
}

static struct aotx_symmap *load_text(const char *name, const char *text,
                                     enum aotx_symmap_format fmt)
{
    struct aotx_symmap *m = aotx_symmap_new();
    struct aotx_diag d = {0};
    if (aotx_symmap_load_buffer(m, name, (const uint8_t *)text, strlen(text), fmt, &d) !=
        AOTX_OK)
        fail_msg("%s: %s", name, d.msg);
    return m;
}

static void defsym(struct aotx_symmap *m, const char *text)
{
    struct aotx_diag d = {0};
    if (aotx_symmap_defsym(m, text, &d) != AOTX_OK)
        fail_msg("--defsym %s: %s", text, d.msg);
}

/* ---- the firmware: fw.elf, as readelf -s and nm print it ---- */

struct want {
    const char *name;
    uint64_t value;    /* st_value with the Thumb bit cleared */
    enum aotx_isa isa; /* from the ELF */
    int elf_func;      /* STT_FUNC */
    uint64_t size;     /* st_size */
    char nm;           /* the nm type letter */
};

#define THUMB AOTX_ISA_THUMB
#define ARM AOTX_ISA_ARM
#define NONE AOTX_ISA_UNKNOWN

/* The 17 global symbols of fw.elf. readelf -s, st_value / size / type:
 * Thumb functions are odd in st_value, ARM functions even. */
static const struct want fw_syms[] = {
    {"vectors", 0x08000000, NONE, 0, 8, 'T'},                    /* 08000000  8 OBJECT */
    {"aot_set_exception_with_id", 0x0800001a, THUMB, 1, 12, 'T'}, /* 0800001b 12 FUNC */
    {"memmove", 0x08000026, THUMB, 1, 48, 'T'},                  /* 08000027 48 FUNC */
    {"arm_mul", 0x08000058, ARM, 1, 8, 'T'},                     /* 08000058  8 FUNC */
    {"weak_hook", 0x08000060, THUMB, 1, 2, 'W'},                 /* 08000061  2 FUNC WEAK */
    {"_start", 0x08000062, THUMB, 1, 58, 'T'},                   /* 08000063 58 FUNC */
    {"_etext", 0x0800009c, NONE, 0, 0, 'T'},                     /* 0800009c  0 NOTYPE */
    {"table", 0x0800009c, NONE, 0, 16, 'R'},                     /* 0800009c 16 OBJECT */
    {"_sidata", 0x080000ac, NONE, 0, 0, 'A'},                    /* 080000ac  0 NOTYPE ABS */
    {"__flash_end", 0x08100000, NONE, 0, 0, 'A'},                /* 08100000  0 NOTYPE ABS */
    {"_sdata", 0x20000000, NONE, 0, 0, 'D'},                     /* 20000000  0 NOTYPE */
    {"counter", 0x20000000, NONE, 0, 4, 'D'},                    /* 20000000  4 OBJECT */
    {"_edata", 0x20000004, NONE, 0, 0, 'D'},                     /* 20000004  0 NOTYPE */
    {"_sbss", 0x20000004, NONE, 0, 0, 'B'},                      /* 20000004  0 NOTYPE */
    {"zeroed", 0x20000008, NONE, 0, 4, 'B'},                     /* 20000008  4 OBJECT */
    {"_ebss", 0x2000000c, NONE, 0, 0, 'B'},                      /* 2000000c  0 NOTYPE */
    {"__stack_top", 0x20020000, NONE, 0, 0, 'B'},                /* 20020000  0 NOTYPE */
};
#define FW_SYMS (sizeof fw_syms / sizeof fw_syms[0])

/* The LOCAL FUNC and OBJECT symbols of fw.elf, which no global name
 * shadows: the ELF reader takes them (nm and ld maps do not list them).
 * readelf -s: 08000009 18 FUNC LOCAL local_helper, 20000004 4 OBJECT LOCAL
 * hidden_state. */
static const struct want fw_locals[] = {
    {"local_helper", 0x08000008, THUMB, 1, 18, 't'},
    {"hidden_state", 0x20000004, NONE, 0, 4, 'b'},
};
#define FW_LOCALS (sizeof fw_locals / sizeof fw_locals[0])

/* In fw.elf but not taken: local NOTYPE symbols (the ARM mapping symbols
 * $t $a $d, the HIDDEN __flash_hidden), the file and section symbols. */
static void assert_no_locals(const struct aotx_symmap *m)
{
    static const char *const locals[] = {"$t", "$a", "$d", "fw.c", ".text", "optional_hook",
                                         "__heap_start"};
    for (size_t i = 0; i < sizeof locals / sizeof locals[0]; i++)
        if (aotx_symmap_find(m, locals[i]))
            fail_msg("'%s' should not be in the map", locals[i]);
}

static void check_fw_elf(const struct aotx_symmap *m, const char *file)
{
    assert_int_equal(aotx_symmap_count(m), FW_SYMS + FW_LOCALS);
    for (size_t i = 0; i < FW_SYMS + FW_LOCALS; i++) {
        const struct want *w = i < FW_SYMS ? &fw_syms[i] : &fw_locals[i - FW_SYMS];
        const struct aotx_native *n = get(m, w->name);
        assert_int_equal(n->value, w->value);
        assert_int_equal(n->isa, w->isa);
        assert_int_equal(n->is_func, w->elf_func);
        assert_int_equal(n->is_ifunc, 0);
        assert_int_equal(n->size, w->size);
        assert_int_equal(n->source, AOTX_SYMMAP_ELF);
        assert_string_equal(n->file, file);
        assert_int_equal(n->line, 0);
        assert_int_equal(n->ambiguous, 0);
    }
    assert_no_locals(m);
    assert_null(aotx_symmap_find(m, "__flash_hidden")); /* HIDDEN in fw.ld: local */
}

static void elf_arm_little_endian(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.elf", AOTX_SYMMAP_ELF);
    check_fw_elf(m, "fw.elf");
    /* the Thumb function: st_value 0x0800001b */
    const struct aotx_native *n = get(m, "aot_set_exception_with_id");
    assert_int_equal(n->value, 0x0800001a);
    assert_int_equal(n->isa, AOTX_ISA_THUMB);
    /* the ARM-state function: st_value 0x08000058 */
    n = get(m, "arm_mul");
    assert_int_equal(n->value, 0x08000058);
    assert_int_equal(n->isa, AOTX_ISA_ARM);
    aotx_symmap_free(m);
}

static void elf_arm_big_endian(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw-be.elf", AOTX_SYMMAP_ELF); /* BE8, same layout */
    check_fw_elf(m, "fw-be.elf");
    aotx_symmap_free(m);
}

static void elf64_big_endian(void **state)
{
    (void)state;
    /* readelf -s be64.elf (aarch64_be): 40000000 16 FUNC be64_entry,
     * 40000110 8 OBJECT ticks. Not ARM: no instruction set. */
    struct aotx_symmap *m = load("be64.elf", AOTX_SYMMAP_ELF);
    assert_int_equal(aotx_symmap_count(m), 2);
    const struct aotx_native *n = get(m, "be64_entry");
    assert_int_equal(n->value, 0x40000000);
    assert_int_equal(n->size, 16);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
    n = get(m, "ticks");
    assert_int_equal(n->value, 0x40000110);
    assert_int_equal(n->size, 8);
    assert_int_equal(n->is_func, 0);
    aotx_symmap_free(m);
}

/* readelf -s ifunc.so (x86-64): 2fc 8 IFUNC fast_add, 304 55 FUNC use,
 * 590 8 OBJECT big_object, 0 4 TLS tls_counter; external_func and weak_ref
 * undefined. Local, in .symtab only: 2f8 4 FUNC add_one, 2fc 8 FUNC
 * resolve_fast_add, 440 0 OBJECT _DYNAMIC, 568 0 OBJECT
 * _GLOBAL_OFFSET_TABLE_. */
static void check_ifunc_so(const struct aotx_symmap *m, int symtab)
{
    assert_int_equal(aotx_symmap_count(m), symtab ? 7 : 3);
    const struct aotx_native *n = get(m, "fast_add");
    assert_int_equal(n->value, 0x2fc);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(n->is_ifunc, 1);
    assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
    n = get(m, "use");
    assert_int_equal(n->value, 0x304);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(n->is_ifunc, 0);
    n = get(m, "big_object");
    assert_int_equal(n->value, 0x590);
    assert_int_equal(n->is_func, 0);
    assert_null(aotx_symmap_find(m, "tls_counter"));
    assert_null(aotx_symmap_find(m, "external_func"));
    assert_null(aotx_symmap_find(m, "weak_ref"));
    if (!symtab) {
        assert_null(aotx_symmap_find(m, "add_one"));
        assert_null(aotx_symmap_find(m, "resolve_fast_add"));
        return;
    }
    n = get(m, "add_one");
    assert_int_equal(n->value, 0x2f8);
    assert_int_equal(n->size, 4);
    assert_int_equal(n->is_func, 1);
    n = get(m, "resolve_fast_add");
    assert_int_equal(n->value, 0x2fc);
    assert_int_equal(n->is_ifunc, 0);
    assert_int_equal(get(m, "_DYNAMIC")->value, 0x440);
    assert_int_equal(get(m, "_GLOBAL_OFFSET_TABLE_")->is_func, 0);
}

static void elf_host_ifunc(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("ifunc.so", AOTX_SYMMAP_ELF);
    check_ifunc_so(m, 1);
    aotx_symmap_free(m);
}

static void elf_dynsym_when_stripped(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("ifunc-stripped.so", AOTX_SYMMAP_ELF);
    check_ifunc_so(m, 0);
    aotx_symmap_free(m);
}

/* readelf -s locals.elf (MIPS big-endian): LOCAL 00400000 8 FUNC twin
 * (locals-a.c), 00400008 12 FUNC solo, 00400014 8 FUNC shadowed,
 * 00400150 4 OBJECT solo_data, 00400030 8 FUNC twin (locals-b.c), NOTYPE
 * _gp; GLOBAL 00400038 12 FUNC shadowed, 0040001c 8 FUNC _start and six
 * NOTYPE linker symbols. */
static void elf_locals(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("locals.elf", AOTX_SYMMAP_ELF);
    assert_int_equal(aotx_symmap_count(m), 8 + 3); /* globals + solo, solo_data, twin */
    const struct aotx_native *n = get(m, "solo");
    assert_int_equal(n->value, 0x00400008);
    assert_int_equal(n->size, 12);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(n->ambiguous, 0);
    n = get(m, "solo_data");
    assert_int_equal(n->value, 0x00400150);
    assert_int_equal(n->is_func, 0);
    assert_int_equal(n->ambiguous, 0);
    n = get(m, "shadowed"); /* the global, not the local at 0x00400014 */
    assert_int_equal(n->value, 0x00400038);
    assert_int_equal(n->size, 12);
    n = get(m, "twin");
    assert_int_equal(n->ambiguous, 2);
    assert_int_equal(n->value, 0);
    assert_string_equal(n->file, "locals.elf");
    assert_int_equal(get(m, "_start")->value, 0x0040001c);
    assert_null(aotx_symmap_find(m, "_gp")); /* local NOTYPE */
    assert_null(aotx_symmap_find(m, "locals-a.c"));

    /* any source with an address for the name replaces the ambiguous entry */
    load_buffer_ok(m, "twin.sym", "twin = 0x00400030\n");
    n = get(m, "twin");
    assert_int_equal(n->ambiguous, 0);
    assert_int_equal(n->value, 0x00400030);
    assert_string_equal(n->file, "twin.sym");
    aotx_symmap_free(m);

    /* and is kept over the ambiguous one when it came first */
    m = load_text("twin.sym", "0x00400000 twin\n", AOTX_SYMMAP_PLAIN);
    load_into(m, "locals.elf", AOTX_SYMMAP_ELF);
    n = get(m, "twin");
    assert_int_equal(n->ambiguous, 0);
    assert_int_equal(n->value, 0x00400000);
    assert_string_equal(n->file, "twin.sym");
    aotx_symmap_free(m);
}

static void elf_relocatable_object_refused(void **state)
{
    (void)state;
    size_t size;
    uint8_t *o = load_data(DIR "fw.o", &size);
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "fw.o", o, size, AOTX_SYMMAP_AUTO, AOTX_E_FORMAT,
                "fw.o: a relocatable object (ET_REL), not a linked firmware image: its symbols "
                "have no final addresses; give the ELF that the firmware's final link wrote");
    aotx_symmap_free(m);
    free(o);
}

static void elf_no_symbol_table(void **state)
{
    (void)state;
    size_t size;
    uint8_t *buf = load_data(DIR "fw.elf", &size);
    /* e_shnum (u16 at 48) = 2: only section 1 (.text) is left */
    buf[48] = 2;
    buf[49] = 0;
    buf[50] = 0; /* e_shstrndx: none */
    buf[51] = 0;
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "fw.elf", buf, size, AOTX_SYMMAP_ELF, AOTX_E_FORMAT,
                "fw.elf: no symbol table (neither .symtab nor .dynsym): give the unstripped "
                "firmware ELF, or its nm output or ld map");
    aotx_symmap_free(m);
    free(buf);
}

static void elf_format_on_a_text_file(void **state)
{
    (void)state;
    expect_text_fail("fw.nm", "08000000 T vectors\n", AOTX_SYMMAP_ELF,
                     "fw.nm: not an ELF file (no ELF magic bytes)");
}

/* Every proper prefix of an ELF is refused with the reason, never read
 * past (the suite also runs under ASan). In all three files the section
 * header table is last, so every cut reaches it. */
static void elf_truncated(void **state)
{
    (void)state;
    static const char *const files[] = {"fw.elf", "ifunc.so", "be64.elf"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char rel[64];
        size_t size;
        snprintf(rel, sizeof rel, DIR "%s", files[f]);
        uint8_t *buf = load_data(rel, &size);
        for (size_t n = 4; n < size; n++) {
            uint8_t *copy = malloc(n); /* exactly n bytes */
            memcpy(copy, buf, n);
            struct aotx_symmap *m = aotx_symmap_new();
            struct aotx_diag d = {0};
            assert_int_equal(
                aotx_symmap_load_buffer(m, "cut.elf", copy, n, AOTX_SYMMAP_AUTO, &d),
                AOTX_E_FORMAT);
            if (strncmp(d.msg, "cut.elf: cannot read the ELF file: ", 35) != 0)
                fail_msg("%s cut to %zu bytes: %s", files[f], n, d.msg);
            assert_int_equal(aotx_symmap_count(m), 0);
            aotx_symmap_free(m);
            free(copy);
        }
        free(buf);
    }

    /* fw.elf: a 52-byte ELF32 header, the section headers at 0x4dc (1244),
     * 9 of 40 bytes, up to the end at 1604 */
    size_t size;
    uint8_t *buf = load_data(DIR "fw.elf", &size);
    assert_int_equal(size, 1604);
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "cut.elf", buf, 10, AOTX_SYMMAP_ELF, AOTX_E_FORMAT,
                "cut.elf: cannot read the ELF file: 10 bytes are not a complete ELF header");
    expect_fail(m, "cut.elf", buf, 40, AOTX_SYMMAP_ELF, AOTX_E_FORMAT,
                "cut.elf: cannot read the ELF file: invalid ELF file data"); /* libelf's */
    expect_fail(m, "cut.elf", buf, 1300, AOTX_SYMMAP_ELF, AOTX_E_FORMAT,
                "cut.elf: cannot read the ELF file: the section header table at 0x4dc (9 "
                "entries of 40 bytes) ends past the end of the file (1300 bytes)");
    expect_fail(m, "cut.elf", buf, 1603, AOTX_SYMMAP_ELF, AOTX_E_FORMAT,
                "cut.elf: cannot read the ELF file: the section header table at 0x4dc (9 "
                "entries of 40 bytes) ends past the end of the file (1603 bytes)");
    aotx_symmap_free(m);
    free(buf);
}

/* fw.elf with one field changed. readelf -S: .symtab is section 6, its
 * header at 0x4dc + 6 * 40 = 1484 (sh_offset at +16, sh_size +20, sh_link
 * +24); the first global symbol, 22, at 0x154 + 22 * 16 = 692. */
static void elf_corrupt(void **state)
{
    (void)state;
    static const struct {
        size_t at;
        uint8_t bytes[4];
        size_t n;
        const char *msg;
    } cases[] = {
        {1484 + 20, {0x00, 0x00, 0x01, 0x00}, 4, /* sh_size 0x10000 */
         "bad.elf: cannot read the ELF file: .symtab: invalid section header"},
        {1484 + 16, {0x00, 0x00, 0x01, 0x00}, 4, /* sh_offset 0x10000 */
         "bad.elf: cannot read the ELF file: .symtab: invalid section header"},
        {1484 + 24, {99, 0, 0, 0}, 4, /* sh_link 99 */
         "bad.elf: cannot read the ELF file: the name of symbol 7 of .symtab: invalid "
         "section index"}, /* local_helper, the first name read */
        {692, {0xff, 0xff, 0x00, 0x00}, 4, /* st_name 0xffff */
         "bad.elf: cannot read the ELF file: the name of symbol 22 of .symtab: offset out of "
         "range"},
        {4, {3}, 1, /* EI_CLASS */
         "bad.elf: cannot read the ELF file: unknown ELF class 3 or data encoding 1"},
        {16, {4, 0}, 2, /* e_type ET_CORE */
         "bad.elf: ELF type 4 (ET_CORE) is not a linked image (ET_EXEC or ET_DYN)"},
        {48, {0xff, 0}, 2, /* e_shnum 255 */
         "bad.elf: cannot read the ELF file: the section header table at 0x4dc (255 entries of "
         "40 bytes) ends past the end of the file (1604 bytes)"},
        {1484 + 4, {8, 0, 0, 0}, 4, /* .symtab becomes SHT_NOBITS: no symbol table left */
         "bad.elf: no symbol table (neither .symtab nor .dynsym): give the unstripped firmware "
         "ELF, or its nm output or ld map"},
    };
    size_t size;
    uint8_t *buf = load_data(DIR "fw.elf", &size);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *copy = malloc(size);
        memcpy(copy, buf, size);
        memcpy(copy + cases[i].at, cases[i].bytes, cases[i].n);
        struct aotx_symmap *m = aotx_symmap_new();
        expect_fail(m, "bad.elf", copy, size, AOTX_SYMMAP_AUTO, AOTX_E_FORMAT, cases[i].msg);
        aotx_symmap_free(m);
        free(copy);
    }
    free(buf);
}

/* ---- the ELF's machine, class and byte order against the module's ---- */

/* What each ELF says of itself (readelf -h): machine, class, byte order. */
static const struct {
    const char *file;
    uint16_t machine;
    uint8_t elf_class, data;
    const char *what; /* as the message says it */
} elves[] = {
    {"fw.elf", 40, 1, 1, "ARM (EM_ARM, 32-bit, little-endian)"},
    {"fw-be.elf", 40, 1, 2, "ARM (EM_ARM, 32-bit, big-endian)"},
    {"be64.elf", 183, 2, 2, "AArch64 (EM_AARCH64, 64-bit, big-endian)"},
    {"fw-aarch64.elf", 183, 2, 1, "AArch64 (EM_AARCH64, 64-bit, little-endian)"},
    {"fw-x86_64.elf", 62, 2, 1, "x86-64 (EM_X86_64, 64-bit, little-endian)"},
    {"ifunc.so", 62, 2, 1, "x86-64 (EM_X86_64, 64-bit, little-endian)"},
    {"fw-i386.elf", 3, 1, 1, "i386 (EM_386, 32-bit, little-endian)"},
    {"fw-mips.elf", 8, 1, 2, "MIPS (EM_MIPS, 32-bit, big-endian)"},
    {"locals.elf", 8, 1, 2, "MIPS (EM_MIPS, 32-bit, big-endian)"},
    {"fw-mipsel.elf", 8, 1, 1, "MIPS (EM_MIPS, 32-bit, little-endian)"},
    {"fw-riscv32.elf", 243, 1, 1, "RISC-V (EM_RISCV, 32-bit, little-endian)"},
    {"fw-riscv64.elf", 243, 2, 1, "RISC-V (EM_RISCV, 64-bit, little-endian)"},
};
#define ELVES (sizeof elves / sizeof elves[0])

/* The targets of the wamrc-made modules (tests/data/aot/v6), and the ELF
 * files of each one's machine, class and byte order. */
static const struct {
    const char *dir;
    const char *what; /* as the message says it */
    const char *fits[3];
} modules[] = {
    {"thumbv7em", "thumb code (EM_ARM, 32-bit, little-endian)", {"fw.elf"}},
    {"thumbv6m", "thumb code (EM_ARM, 32-bit, little-endian)", {"fw.elf"}},
    {"armv7", "arm code (EM_ARM, 32-bit, little-endian)", {"fw.elf"}},
    {"aarch64", "aarch64 code (EM_AARCH64, 64-bit, little-endian)", {"fw-aarch64.elf"}},
    {"x86_64", "x86_64 code (EM_X86_64, 64-bit, little-endian)", {"fw-x86_64.elf", "ifunc.so"}},
    {"i386", "i386 code (EM_386, 32-bit, little-endian)", {"fw-i386.elf"}},
    {"mips", "mips code (EM_MIPS, 32-bit, big-endian)", {"fw-mips.elf", "locals.elf"}},
    {"riscv32", "riscv32 code (EM_RISCV, 32-bit, little-endian)", {"fw-riscv32.elf"}},
    {"riscv64", "riscv64 code (EM_RISCV, 64-bit, little-endian)", {"fw-riscv64.elf"}},
};

static int fits(size_t mod, const char *file)
{
    for (size_t k = 0; k < 3 && modules[mod].fits[k]; k++)
        if (strcmp(modules[mod].fits[k], file) == 0)
            return 1;
    return 0;
}

static struct aotx_target module_target(const char *dir)
{
    char rel[256];
    size_t size;
    struct aotx_module *mod;
    struct aotx_diag d = {0};
    snprintf(rel, sizeof rel, "aot/v6/%s/arith.aot", dir);
    uint8_t *buf = load_data(rel, &size);
    assert_int_equal(aotx_read(buf, size, &mod, &d), AOTX_OK);
    struct aotx_target t = mod->target;
    aotx_module_free(mod);
    free(buf);
    return t;
}

static void elf_sources_recorded(void **state)
{
    (void)state;
    struct aotx_symmap *m = aotx_symmap_new();
    assert_int_equal(aotx_symmap_source_count(m), 0);
    for (size_t i = 0; i < ELVES; i++) {
        struct aotx_symmap *one = load(elves[i].file, AOTX_SYMMAP_AUTO);
        assert_int_equal(aotx_symmap_source_count(one), 1);
        const struct aotx_symmap_source *s = aotx_symmap_source(one, 0);
        assert_string_equal(s->file, elves[i].file);
        assert_int_equal(s->format, AOTX_SYMMAP_ELF);
        assert_int_equal(s->elf_machine, elves[i].machine);
        assert_int_equal(s->elf_class, elves[i].elf_class);
        assert_int_equal(s->elf_data, elves[i].data);
        assert_null(aotx_symmap_source(one, 1));
        aotx_symmap_free(one);
    }
    /* text formats say no machine; --defsym is no file; a failed load adds none */
    load_into(m, "fw.nm", AOTX_SYMMAP_AUTO);
    defsym(m, "extra=0x10");
    load_into(m, "fw.elf", AOTX_SYMMAP_AUTO);
    static const char clash[] = "memmove = 0x1\n";
    expect_fail(m, "clash.sym", clash, sizeof clash - 1, AOTX_SYMMAP_PLAIN, AOTX_E_FORMAT,
                "symbol 'memmove' is 0x8000026 (Thumb) in fw.elf but 0x1 in clash.sym:1");
    load_into(m, "fw.map", AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_source_count(m), 3);
    const struct aotx_symmap_source *s = aotx_symmap_source(m, 0);
    assert_string_equal(s->file, "fw.nm");
    assert_int_equal(s->format, AOTX_SYMMAP_NM);
    assert_int_equal(s->elf_machine + s->elf_class + s->elf_data, 0);
    assert_int_equal(aotx_symmap_source(m, 1)->elf_machine, 40);
    assert_string_equal(aotx_symmap_source(m, 2)->file, "fw.map");
    assert_int_equal(aotx_symmap_source(m, 2)->format, AOTX_SYMMAP_LDMAP);
    assert_null(aotx_symmap_source(m, 3));
    assert_null(aotx_symmap_source(NULL, 0));
    assert_int_equal(aotx_symmap_source_count(NULL), 0);
    aotx_symmap_free(m);
}

/* Every ELF against every wamrc module's target: only an ELF of the
 * module's machine, word size and byte order fits. */
static void elf_must_fit_the_module(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        struct aotx_target t = module_target(modules[i].dir);
        for (size_t j = 0; j < ELVES; j++) {
            struct aotx_symmap *m = load(elves[j].file, AOTX_SYMMAP_AUTO);
            struct aotx_diag d = {0};
            enum aotx_err e = aotx_symmap_check_target(m, &t, &d);
            if (fits(i, elves[j].file)) {
                if (e != AOTX_OK)
                    fail_msg("%s for %s: %s", elves[j].file, modules[i].dir, d.msg);
            } else {
                char msg[512];
                snprintf(msg, sizeof msg,
                         "'%s' is an ELF for %s, but the module is %s: the symbols come from "
                         "another firmware; give the ELF of the firmware the module will run on",
                         elves[j].file, elves[j].what, modules[i].what);
                assert_int_equal(e, AOTX_E_FORMAT);
                assert_int_equal(d.code, AOTX_E_FORMAT);
                assert_string_equal(d.msg, msg);
            }
            aotx_symmap_free(m);
        }
    }
}

/* fw-riscv32.elf (32-bit little-endian, not ARM) with e_machine patched. */
static struct aotx_symmap *as_machine(unsigned em)
{
    size_t size;
    uint8_t *buf = load_data(DIR "fw-riscv32.elf", &size);
    buf[18] = (uint8_t)em; /* e_machine, u16 little-endian */
    buf[19] = (uint8_t)(em >> 8);
    struct aotx_symmap *m = aotx_symmap_new();
    struct aotx_diag d = {0};
    if (aotx_symmap_load_buffer(m, "fw.elf", buf, size, AOTX_SYMMAP_ELF, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    free(buf);
    return m;
}

static void check_fit(unsigned em, const struct aotx_target *t, const char *msg)
{
    struct aotx_symmap *m = as_machine(em);
    struct aotx_diag d = {0};
    assert_int_equal(aotx_symmap_check_target(m, t, &d), msg ? AOTX_E_FORMAT : AOTX_OK);
    if (msg)
        assert_string_equal(d.msg, msg);
    aotx_symmap_free(m);
}

/* Families: ARC modules take either ARC machine, as the relocator does;
 * Xtensa and a machine no target has; a target aot-xip does not know
 * takes its own machine only. */
static void elf_machine_families(void **state)
{
    (void)state;
    struct aotx_target arcv2 = {.e_machine = EM_ARC_COMPACT2, .arch = "arcem"};
    struct aotx_target arc700 = {.e_machine = EM_ARC_COMPACT, .arch = "arc700"};
    struct aotx_target xtensa = {.e_machine = EM_XTENSA, .arch = "xtensa"};
    struct aotx_target unknown = {.e_machine = 4242, .arch = "future"};
    check_fit(EM_ARC_COMPACT2, &arcv2, NULL);
    check_fit(EM_ARC_COMPACT, &arcv2, NULL);
    check_fit(EM_ARC_COMPACT2, &arc700, NULL);
    check_fit(EM_XTENSA, &xtensa, NULL);
    check_fit(4242, &unknown, NULL);
    check_fit(EM_XTENSA, &arcv2,
              "'fw.elf' is an ELF for Xtensa (EM_XTENSA, 32-bit, little-endian), but the module "
              "is arc code (EM_ARC_COMPACT2, 32-bit, little-endian): the symbols come from "
              "another firmware; give the ELF of the firmware the module will run on");
    check_fit(EM_ARC_COMPACT, &xtensa,
              "'fw.elf' is an ELF for ARCompact (EM_ARC_COMPACT, 32-bit, little-endian), but the "
              "module is xtensa code (EM_XTENSA, 32-bit, little-endian): the symbols come from "
              "another firmware; give the ELF of the firmware the module will run on");
    check_fit(4243, &xtensa,
              "'fw.elf' is an ELF for another machine (e_machine 4243, 32-bit, little-endian), "
              "but the module is xtensa code (EM_XTENSA, 32-bit, little-endian): the symbols "
              "come from another firmware; give the ELF of the firmware the module will run on");
    check_fit(EM_ARC_COMPACT2, &unknown,
              "'fw.elf' is an ELF for ARCv2 (EM_ARC_COMPACT2, 32-bit, little-endian), but the "
              "module is future code (e_machine 4242, 32-bit, little-endian): the symbols come "
              "from another firmware; give the ELF of the firmware the module will run on");
}

/* arch/elf_machines.h names the machines as the host's <elf.h> does: the
 * compiler checks every name both define (included above), and glibc
 * calls EM_ARC_COMPACT2 EM_ARCV2. */
static void elf_machine_names(void **state)
{
    (void)state;
    assert_int_equal(EM_ARC_COMPACT2, EM_ARCV2);
    assert_int_equal(EM_ARM, 40);
    assert_int_equal(EM_RISCV, 243);
}

/* Text maps and --defsym never say a machine; with several ELFs the first
 * that does not fit is named. */
static void elf_fit_with_other_sources(void **state)
{
    (void)state;
    struct aotx_target thumb = module_target("thumbv7em");
    struct aotx_target x86 = module_target("x86_64");
    struct aotx_diag d = {0};
    struct aotx_symmap *m = aotx_symmap_new();
    assert_int_equal(aotx_symmap_check_target(m, &thumb, &d), AOTX_OK); /* empty */
    load_into(m, "fw.nm", AOTX_SYMMAP_AUTO);
    load_into(m, "fw.map", AOTX_SYMMAP_AUTO);
    load_into(m, "fw.sym", AOTX_SYMMAP_AUTO);
    defsym(m, "extra=0x10");
    assert_int_equal(aotx_symmap_check_target(m, &x86, &d), AOTX_OK);
    load_into(m, "fw.elf", AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_check_target(m, &thumb, &d), AOTX_OK);
    load_into(m, "be64.elf", AOTX_SYMMAP_AUTO);
    load_into(m, "ifunc.so", AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_check_target(m, &thumb, &d), AOTX_E_FORMAT);
    assert_string_equal(d.msg, "'be64.elf' is an ELF for AArch64 (EM_AARCH64, 64-bit, "
                               "big-endian), but the module is thumb code (EM_ARM, 32-bit, "
                               "little-endian): the symbols come from another firmware; give "
                               "the ELF of the firmware the module will run on");
    assert_int_equal(aotx_symmap_check_target(m, &x86, &d), AOTX_E_FORMAT);
    assert_int_equal(strncmp(d.msg, "'fw.elf' is an ELF for ARM", 26), 0);
    assert_int_equal(aotx_symmap_check_target(NULL, &x86, &d), AOTX_E_USAGE);
    assert_string_equal(d.msg, "aotx_symmap_check_target: no map or target");
    assert_int_equal(aotx_symmap_check_target(m, NULL, &d), AOTX_E_USAGE);
    aotx_symmap_free(m);
}

/* ---- nm ---- */

static void check_fw_nm(const struct aotx_symmap *m, const char *file, int sizes)
{
    assert_int_equal(aotx_symmap_count(m), FW_SYMS);
    for (size_t i = 0; i < FW_SYMS; i++) {
        const struct want *w = &fw_syms[i];
        const struct aotx_native *n = get(m, w->name);
        assert_int_equal(n->value, w->value); /* nm prints Thumb functions without bit 0 */
        assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
        assert_int_equal(n->is_func, w->nm == 'T' || w->nm == 'W');
        assert_int_equal(n->is_ifunc, 0);
        assert_int_equal(n->size, sizes ? w->size : 0);
        assert_int_equal(n->source, AOTX_SYMMAP_NM);
        assert_string_equal(n->file, file);
    }
    assert_no_locals(m);
    assert_null(aotx_symmap_find(m, "__flash_hidden")); /* 'b' */
}

static void nm_bsd(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.nm", AOTX_SYMMAP_NM);
    check_fw_nm(m, "fw.nm", 0);
    assert_int_equal(get(m, "aot_set_exception_with_id")->line, 11);
    assert_int_equal(get(m, "counter")->line, 13);
    aotx_symmap_free(m);
}

static void nm_bsd_with_sizes(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw-S.nm", AOTX_SYMMAP_NM);
    check_fw_nm(m, "fw-S.nm", 1);
    aotx_symmap_free(m);
}

static void nm_posix(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw-posix.nm", AOTX_SYMMAP_NM);
    check_fw_nm(m, "fw-posix.nm", 1);
    assert_int_equal(get(m, "aot_set_exception_with_id")->line, 11);
    aotx_symmap_free(m);
    m = load("fw-llvm-posix.nm", AOTX_SYMMAP_NM);
    check_fw_nm(m, "fw-llvm-posix.nm", 1);
    aotx_symmap_free(m);
}

/* ---- nm with ARM mapping symbols ---- */

static void assert_no_mapping_symbols(const struct aotx_symmap *m)
{
    static const char *const names[] = {"$a", "$t", "$d", "$a.4", "$t.0", "$t.5"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (aotx_symmap_find(m, names[i]))
            fail_msg("mapping symbol '%s' should not be in the map", names[i]);
}

/* arm-none-eabi-nm --special-syms fw.elf: "08000058 t $a", "0800001a t $t",
 * "08000000 t $d", "0800009c r $d", ... Each function's state is the
 * ELF's: Thumb under $t, ARM under $a (arm_mul); vectors and _etext (nm
 * T, ELF OBJECT and NOTYPE) are under $d: unknown. */
static void nm_mapping_symbols(void **state)
{
    (void)state;
    static const char *const files[] = {"fw-special.nm", "fw-special-posix.nm"};
    for (size_t f = 0; f < 2; f++) {
        struct aotx_symmap *m = load(files[f], AOTX_SYMMAP_AUTO);
        assert_int_equal(aotx_symmap_count(m), FW_SYMS);
        for (size_t i = 0; i < FW_SYMS; i++) {
            const struct aotx_native *n = get(m, fw_syms[i].name);
            assert_int_equal(n->value, fw_syms[i].value);
            if (n->isa != fw_syms[i].isa)
                fail_msg("%s: %s: isa %d, the ELF says %d", files[f], n->name, n->isa,
                         fw_syms[i].isa);
            assert_int_equal(n->source, AOTX_SYMMAP_NM);
        }
        assert_no_mapping_symbols(m);
        aotx_symmap_free(m);
    }
}

/* fw-clang.elf (readelf -s): FUNC _start 08000009, aot_set_exception_with_id
 * 08000047, memmove 08000067, weak_hook 0800009d (WEAK): Thumb; arm_mul
 * 08000094: ARM; OBJECT vectors 08000000, NOTYPE _etext 080000a0. llvm-nm:
 * $t.0 08000008, $t.1 08000046, $t.2 08000054, $t.3 08000066, $a.4
 * 08000094, $t.5 0800009c, and no $d: vectors has no mapping symbol at or
 * below it, _etext is under $t.5. */
static const struct {
    const char *name;
    uint64_t value;
    enum aotx_isa nm_isa, elf_isa;
} clang_funcs[] = {
    {"_start", 0x08000008, THUMB, THUMB},
    {"aot_set_exception_with_id", 0x08000046, THUMB, THUMB},
    {"memmove", 0x08000066, THUMB, THUMB},
    {"weak_hook", 0x0800009c, THUMB, THUMB},
    {"arm_mul", 0x08000094, ARM, ARM},
    {"vectors", 0x08000000, NONE, NONE},
    {"_etext", 0x080000a0, THUMB, NONE},
};

static void nm_numbered_mapping_symbols(void **state)
{
    (void)state;
    /* llvm-nm prints Thumb functions even; the host's nm odd */
    static const char *const files[] = {"fw-clang.nm", "fw-clang-generic.nm"};
    struct aotx_symmap *elf = load("fw-clang.elf", AOTX_SYMMAP_ELF);
    for (size_t f = 0; f < 2; f++) {
        struct aotx_symmap *m = load(files[f], AOTX_SYMMAP_AUTO);
        for (size_t i = 0; i < sizeof clang_funcs / sizeof clang_funcs[0]; i++) {
            const struct aotx_native *n = get(m, clang_funcs[i].name);
            assert_int_equal(n->value, clang_funcs[i].value);
            assert_int_equal(n->isa, clang_funcs[i].nm_isa);
            assert_int_equal(n->is_func, 1);
            n = get(elf, clang_funcs[i].name);
            assert_int_equal(n->value, clang_funcs[i].value);
            assert_int_equal(n->isa, clang_funcs[i].elf_isa);
        }
        assert_int_equal(get(m, "table")->isa, AOTX_ISA_UNKNOWN); /* R, under $t.5 */
        assert_int_equal(get(m, "counter")->isa, AOTX_ISA_UNKNOWN);
        assert_no_mapping_symbols(m);
        /* and they merge with the ELF: the same places */
        load_into(m, "fw-clang.elf", AOTX_SYMMAP_ELF);
        assert_int_equal(get(m, "memmove")->source, AOTX_SYMMAP_ELF);
        aotx_symmap_free(m);
    }
    aotx_symmap_free(elf);
}

static void nm_mapping_symbol_edges(void **state)
{
    (void)state;
    struct aotx_symmap *m = load_text("edges.nm",
                                      "00001000 T before_any\n"
                                      "00002000 t $a.x\n"
                                      "00002000 t $t.y\n"
                                      "00002000 T both_at_once\n"
                                      "00003000 t $a\n"
                                      "00003001 T odd_under_arm\n"
                                      "00003004 T arm\n"
                                      "00003008 D data_in_code\n"
                                      "00004000 t $t\n"
                                      "00004003 T odd_under_thumb\n"
                                      "00004010 i chooser\n"
                                      "00005000 t $d\n"
                                      "00005000 t $t\n"
                                      "00005000 T code_wins\n"
                                      "00006000 r $d\n"
                                      "00006008 T under_data\n"
                                      "00007000 t $x\n"
                                      "00007000 T $t\n"
                                      "00007004 T after_x\n"
                                      "00008000 T $tt\n"
                                      "         U $t.undefined\n",
                                      AOTX_SYMMAP_AUTO);
    static const struct {
        const char *name;
        uint64_t value;
        enum aotx_isa isa;
    } want[] = {
        {"before_any", 0x1000, NONE},      /* no mapping symbol at or below */
        {"both_at_once", 0x2000, NONE},    /* $a and $t at one address */
        {"odd_under_arm", 0x3001, NONE},   /* an odd ARM address says nothing */
        {"arm", 0x3004, ARM},
        {"data_in_code", 0x3008, NONE},    /* not a function */
        {"odd_under_thumb", 0x4002, THUMB}, /* the Thumb bit, cleared */
        {"chooser", 0x4010, THUMB},
        {"code_wins", 0x5000, THUMB},      /* $d and $t at one address */
        {"under_data", 0x6008, NONE},
        {"after_x", 0x7004, THUMB},        /* $x is no ARM mapping symbol; "T $t" is one */
        {"$tt", 0x8000, THUMB},            /* a name, under the $t at 0x7000 */
    };
    assert_int_equal(aotx_symmap_count(m), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct aotx_native *n = get(m, want[i].name);
        assert_int_equal(n->value, want[i].value);
        if (n->isa != want[i].isa)
            fail_msg("%s: isa %d, expected %d", want[i].name, n->isa, want[i].isa);
    }
    assert_null(aotx_symmap_find(m, "$x"));
    aotx_symmap_free(m);

    /* no mapping symbols: nothing known, odd addresses as written */
    m = load_text("plain.nm", "00003001 T odd\n00003004 T even\n", AOTX_SYMMAP_AUTO);
    assert_int_equal(get(m, "odd")->value, 0x3001);
    assert_int_equal(get(m, "odd")->isa, AOTX_ISA_UNKNOWN);
    assert_int_equal(get(m, "even")->isa, AOTX_ISA_UNKNOWN);
    aotx_symmap_free(m);

    expect_text_fail("big.nm", "00001000 T f\n123456789abcdef01 t $t\n", AOTX_SYMMAP_NM,
                     "big.nm:2: address '123456789abcdef01' does not fit in 64 bits");
}

static void nm_ifunc_and_undefined(void **state)
{
    (void)state;
    /* nm ifunc.so: "00000000000002fc i fast_add", "U external_func" and
     * "w weak_ref" with blanks for the address. nm cannot tell a TLS
     * symbol: tls_counter is 'B' at offset 0, and taken. */
    struct aotx_symmap *m = load("ifunc.nm", AOTX_SYMMAP_NM);
    assert_int_equal(aotx_symmap_count(m), 4);
    const struct aotx_native *n = get(m, "fast_add");
    assert_int_equal(n->value, 0x2fc);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(n->is_ifunc, 1);
    assert_int_equal(n->line, 6);
    assert_int_equal(get(m, "use")->value, 0x304);
    assert_int_equal(get(m, "big_object")->value, 0x590);
    assert_int_equal(get(m, "tls_counter")->value, 0);
    assert_null(aotx_symmap_find(m, "external_func"));
    assert_null(aotx_symmap_find(m, "weak_ref"));
    assert_null(aotx_symmap_find(m, "add_one"));
    assert_null(aotx_symmap_find(m, "_DYNAMIC"));
    aotx_symmap_free(m);
}

static void nm_headings_and_undefined_lines(void **state)
{
    (void)state;
    /* nm a.elf b.elf: headings; BSD undefined lines have no address */
    struct aotx_symmap *m = load_text("two.nm",
                                      "\n"
                                      "a.elf:\n"
                                      "08000000 T one\n"
                                      "         U missing\n"
                                      "         w weak_missing\n"
                                      "0800000c t local\n"
                                      "08000010 i chooser\n"
                                      "08000014 u unique\n"
                                      "08000018 V weak_object\n"
                                      "20000000 G small_data\n"
                                      "20000004 S small_bss\n"
                                      "00000000 N debug\n"
                                      "\n"
                                      "b.elf:\n"
                                      "08000000 T one\n"
                                      "08000004 T two\n",
                                      AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_count(m), 7);
    assert_int_equal(get(m, "one")->line, 3); /* the same value twice: the first stays */
    assert_int_equal(get(m, "two")->value, 0x08000004);
    assert_int_equal(get(m, "chooser")->is_ifunc, 1);
    assert_int_equal(get(m, "unique")->value, 0x08000014);
    assert_int_equal(get(m, "weak_object")->is_func, 0);
    assert_int_equal(get(m, "small_data")->value, 0x20000000);
    assert_int_equal(get(m, "small_bss")->value, 0x20000004);
    assert_null(aotx_symmap_find(m, "missing"));
    assert_null(aotx_symmap_find(m, "weak_missing"));
    assert_null(aotx_symmap_find(m, "local"));
    assert_null(aotx_symmap_find(m, "debug"));
    aotx_symmap_free(m);

    /* POSIX: a name that looks like a hex number; undefined with and
     * without the zero address llvm-nm prints */
    m = load_text("p.nm",
                  "add T 8000012 c\n"
                  "abort U\n"
                  "maybe w 0 0\n"
                  "cafe D 20000000\n",
                  AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_count(m), 2);
    assert_int_equal(get(m, "add")->value, 0x8000012);
    assert_int_equal(get(m, "add")->size, 0xc);
    assert_int_equal(get(m, "cafe")->value, 0x20000000);
    aotx_symmap_free(m);
}

static void nm_errors(void **state)
{
    (void)state;
    expect_text_fail("bad.nm", "08000000 T foo\nzzz\n", AOTX_SYMMAP_NM,
                     "bad.nm:2: cannot read 'zzz' as nm output (ADDRESS TYPE NAME or ADDRESS "
                     "SIZE TYPE NAME)");
    expect_text_fail("bad.nm", "foo T 8000000\n08000000 T bar x y z\n", AOTX_SYMMAP_NM,
                     "bad.nm:2: cannot read '08000000 T bar x y z' as nm output (NAME TYPE "
                     "ADDRESS [SIZE], as nm -P writes it)");
    expect_text_fail("bad.nm", "00000004 C buf\n", AOTX_SYMMAP_NM,
                     "bad.nm:1: 'buf' is a common symbol (type C): this is nm output of an "
                     "object file, not of the linked firmware");
    expect_text_fail("bad.nm", "08000000 T ok\n123456789abcdef01 T big\n", AOTX_SYMMAP_NM,
                     "bad.nm:2: address '123456789abcdef01' does not fit in 64 bits");
    expect_text_fail("bad.nm", "08000000 T foo(int, char)\n", AOTX_SYMMAP_NM,
                     "bad.nm:1: symbol name 'foo(int, char)' contains whitespace");
    expect_text_fail("bad.nm", "name T\n", AOTX_SYMMAP_NM,
                     "bad.nm:1: symbol 'name' of type T has no address");
    static const char nul[] = "08000000 T a\n08000000 T b\0c\n";
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "bad.nm", nul, sizeof nul - 1, AOTX_SYMMAP_NM, AOTX_E_FORMAT,
                "bad.nm:2: a NUL byte: not a text file");
    aotx_symmap_free(m);
}

/* ---- GNU ld maps ---- */

static void ldmap(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.map", AOTX_SYMMAP_LDMAP);
    /* the 17 globals, and __flash_hidden: HIDDEN(...) prints as a plain
     * assignment, so a map cannot tell that the script hid it */
    assert_int_equal(aotx_symmap_count(m), FW_SYMS + 1);
    for (size_t i = 0; i < FW_SYMS; i++) {
        const struct aotx_native *n = get(m, fw_syms[i].name);
        assert_int_equal(n->value, fw_syms[i].value); /* ld prints Thumb functions even */
        assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
        assert_int_equal(n->is_func, 0);
        assert_int_equal(n->source, AOTX_SYMMAP_LDMAP);
    }
    assert_int_equal(get(m, "__flash_hidden")->value, 0x08000400);
    assert_null(aotx_symmap_find(m, "__heap_start")); /* [!provide] */
    assert_null(aotx_symmap_find(m, "."));
    assert_null(aotx_symmap_find(m, "local_helper"));
    /* fw.map:15 "0x08100000  __flash_end = 0x8100000" (before LOAD),
     * :28 "0x0800001a  aot_set_exception_with_id",
     * :73 "0x080000ac  _sidata = LOADADDR (.data)",
     * :88 "0x20020000  PROVIDE (__stack_top = (ORIGIN (RAM) + LENGTH (RAM)))" */
    assert_int_equal(get(m, "__flash_end")->line, 15);
    assert_int_equal(get(m, "aot_set_exception_with_id")->line, 28);
    assert_int_equal(get(m, "_sidata")->line, 73);
    assert_int_equal(get(m, "__stack_top")->line, 88);
    assert_string_equal(get(m, "__stack_top")->file, "fw.map");
    aotx_symmap_free(m);
}

static void ldmap_line_shapes(void **state)
{
    (void)state;
    struct aotx_symmap *m = load_text(
        "shapes.map",
        "Archive member included to satisfy reference by file (symbol)\n"
        "                0x00000010                before_the_script\n"
        "Memory Configuration\n"
        "\n"
        "Linker script and memory map\n"
        "\n"
        "                0x0000000000001000                . = 0x1000\n"
        ".text           0x0000000000001000       0x40\n"
        " .text          0x0000000000001000       0x20 a.o\n"
        "                0x0000000000001000                first\n"
        " .text.a_very_long_input_section_name\n"
        "                0x0000000000001020       0x20 a.o\n"
        "                0x0000000000001024                second   \n"
        "                                         0x24 (size before relaxing)\n"
        " *fill*         0x0000000000001044        0x4 \n"
        "                0x0000000000001048                ASSERT ((. == 0x1048), bad)\n"
        "                0x0000000000001048                end_of_text = .\n"
        "                0x0000000000001050                grown += 0x8\n"
        "                0x0000000000001050                PROVIDE (provided = .)\n"
        "                [!provide]                        PROVIDE (not_provided = .)\n"
        "                0x0000000000001050                foo::bar(int)\n"
        ".a_long_output_section_name\n"
        "                0x0000000000002000        0x8\n"
        "OUTPUT(a.elf elf64-x86-64)\n"
        "\n"
        "Cross Reference Table\n"
        "\n"
        "                0x0000000000003000                after_the_table\n",
        AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_count(m), 5);
    assert_int_equal(get(m, "first")->value, 0x1000);
    assert_int_equal(get(m, "second")->value, 0x1024);
    assert_int_equal(get(m, "end_of_text")->value, 0x1048);
    assert_int_equal(get(m, "grown")->value, 0x1050);
    assert_int_equal(get(m, "provided")->value, 0x1050);
    assert_int_equal(get(m, "provided")->line, 19);
    aotx_symmap_free(m);
}

static void ldmap_errors(void **state)
{
    (void)state;
    expect_text_fail("part.map", "Memory Configuration\n\nName Origin Length\n", AOTX_SYMMAP_AUTO,
                     "part.map: not a complete GNU ld map: no line 'Linker script and memory "
                     "map', where the symbols start");
    expect_text_fail("big.map",
                     "Linker script and memory map\n"
                     "                0x08000000                fine\n"
                     "                0x123456789abcdef01                big\n",
                     AOTX_SYMMAP_LDMAP,
                     "big.map:3: address '0x123456789abcdef01' does not fit in 64 bits");
}

/* ---- plain maps ---- */

static void plain(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.sym", AOTX_SYMMAP_PLAIN);
    assert_int_equal(aotx_symmap_count(m), 5);
    const struct aotx_native *n = get(m, "aot_set_exception_with_id");
    assert_int_equal(n->value, 0x0800001b); /* as written, Thumb bit and all */
    assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
    assert_int_equal(n->is_func, 0);
    assert_int_equal(n->source, AOTX_SYMMAP_PLAIN);
    assert_string_equal(n->file, "fw.sym");
    assert_int_equal(n->line, 4);
    assert_int_equal(get(m, "memmove")->value, 0x08000026);
    assert_int_equal(get(m, "arm_mul")->value, 0x08000058); /* ADDRESS NAME */
    assert_int_equal(get(m, "counter")->value, 0x20000000); /* "20000000": hex */
    assert_int_equal(get(m, "__stack_top")->value, 0x20020000); /* tab-separated */
    assert_int_equal(get(m, "__stack_top")->line, 9);
    aotx_symmap_free(m);

    /* CRLF, the widest numbers, leading zeros, blanks around '=' */
    m = load_text("edge.sym",
                  "a=0xffffffffffffffff\r\n"
                  "b = FFFFFFFFFFFFFFFF\r\n"
                  "   c   =   0x000000000000000000001   # 21 digits, value 1\n"
                  "0X10 d\n"
                  "0 e",
                  AOTX_SYMMAP_PLAIN);
    assert_int_equal(aotx_symmap_count(m), 5);
    assert_true(get(m, "a")->value == UINT64_MAX);
    assert_true(get(m, "b")->value == UINT64_MAX);
    assert_int_equal(get(m, "c")->value, 1);
    assert_int_equal(get(m, "d")->value, 16);
    assert_int_equal(get(m, "e")->value, 0);
    assert_int_equal(get(m, "e")->line, 5);
    aotx_symmap_free(m);

    /* every address is hex, 0x or not: no decimal, no octal */
    m = load_text("hex.sym",
                  "flash = 08001001\n"
                  "ten = 010\n"
                  "digits = 536870912\n"
                  "letters = 12abc\n"
                  "20000000 ram\n",
                  AOTX_SYMMAP_AUTO);
    assert_int_equal(get(m, "flash")->value, 0x08001001);
    assert_int_equal(get(m, "ten")->value, 0x10);
    assert_int_equal(get(m, "digits")->value, 0x536870912);
    assert_int_equal(get(m, "letters")->value, 0x12abc);
    assert_int_equal(get(m, "ram")->value, 0x20000000);
    assert_int_equal(get(m, "ram")->source, AOTX_SYMMAP_PLAIN);
    aotx_symmap_free(m);

    m = load_text("empty.sym", "", AOTX_SYMMAP_AUTO); /* nothing to read is no error */
    assert_int_equal(aotx_symmap_count(m), 0);
    aotx_symmap_free(m);
}

static void plain_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"foo\n", "bad.sym:1: cannot read 'foo' as NAME = ADDRESS or ADDRESS NAME"},
        {"# comment\n\nfoo = bar   # why\n",
         "bad.sym:3: cannot read 'foo = bar' as NAME = ADDRESS or ADDRESS NAME"},
        {"0x10\n", "bad.sym:1: cannot read '0x10' as NAME = ADDRESS or ADDRESS NAME"},
        {"foo = 0x\n", "bad.sym:1: cannot read 'foo = 0x' as NAME = ADDRESS or ADDRESS NAME"},
        {"foo = 12abz\n",
         "bad.sym:1: cannot read 'foo = 12abz' as NAME = ADDRESS or ADDRESS NAME"},
        {"foo = 0x0x10\n",
         "bad.sym:1: cannot read 'foo = 0x0x10' as NAME = ADDRESS or ADDRESS NAME"},
        {"foo = -4\n", "bad.sym:1: cannot read 'foo = -4' as NAME = ADDRESS or ADDRESS NAME"},
        {"foo = 1 2\n", "bad.sym:1: cannot read 'foo = 1 2' as NAME = ADDRESS or ADDRESS NAME"},
        {"ok = 1\n= 0x10\n", "bad.sym:2: empty symbol name"},
        {"foo bar = 0x10\n", "bad.sym:1: symbol name 'foo bar' contains whitespace"},
        {"0x10 foo bar\n", "bad.sym:1: symbol name 'foo bar' contains whitespace"},
        {"foo = 0x10000000000000000\n",
         "bad.sym:1: address '0x10000000000000000' does not fit in 64 bits"},
        {"foo = 10000000000000000\n",
         "bad.sym:1: address '10000000000000000' does not fit in 64 bits"},
        {"99999999999999999 foo\n",
         "bad.sym:1: address '99999999999999999' does not fit in 64 bits"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_text_fail("bad.sym", cases[i].text, AOTX_SYMMAP_PLAIN, cases[i].msg);

    static const char nul[] = "a = 1\nb = 2\0\n";
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "bad.sym", nul, sizeof nul - 1, AOTX_SYMMAP_PLAIN, AOTX_E_FORMAT,
                "bad.sym:2: a NUL byte: not a text file");
    aotx_symmap_free(m);

    /* a long line is quoted up to 200 bytes */
    char line[400], msg[600];
    memset(line, 'x', 300);
    line[300] = 0;
    snprintf(msg, sizeof msg,
             "long.sym:1: cannot read '%.200s...' as NAME = ADDRESS or ADDRESS NAME", line);
    expect_text_fail("long.sym", line, AOTX_SYMMAP_PLAIN, msg);
}

/* ---- all formats of one firmware agree, and merge ---- */

static const char *const fw_files[] = {
    "fw.elf", "fw.nm", "fw-S.nm", "fw-posix.nm", "fw-llvm-posix.nm", "fw-special.nm",
    "fw-special-posix.nm", "fw.map", "fw.sym",
};
#define FW_FILES (sizeof fw_files / sizeof fw_files[0])

static void all_formats_merge(void **state)
{
    (void)state;
    /* in both orders: the ELF entry, which knows the instruction set, is
     * the one kept. fw.sym's odd 0x0800001b agrees with the ELF's Thumb
     * function and with the even 0x0800001a of fw.map and of nm. */
    for (int order = 0; order < 2; order++) {
        struct aotx_symmap *m = aotx_symmap_new();
        for (size_t i = 0; i < FW_FILES; i++)
            load_into(m, fw_files[order ? FW_FILES - 1 - i : i], AOTX_SYMMAP_AUTO);
        /* + __flash_hidden (fw.map), + the ELF's locals */
        assert_int_equal(aotx_symmap_count(m), FW_SYMS + 1 + FW_LOCALS);
        for (size_t i = 0; i < FW_SYMS; i++) {
            const struct aotx_native *n = get(m, fw_syms[i].name);
            assert_int_equal(n->value, fw_syms[i].value);
            assert_int_equal(n->isa, fw_syms[i].isa);
            assert_int_equal(n->source, AOTX_SYMMAP_ELF);
            assert_string_equal(n->file, "fw.elf");
        }
        assert_int_equal(get(m, "__flash_hidden")->source, AOTX_SYMMAP_LDMAP);
        aotx_symmap_free(m);
    }
}

static void merge_keeps_the_more_informative_in_place(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.map", AOTX_SYMMAP_AUTO);
    const struct aotx_native *n = get(m, "memmove");
    assert_int_equal(n->source, AOTX_SYMMAP_LDMAP);
    const struct aotx_native *t = get(m, "aot_set_exception_with_id");
    assert_int_equal(t->value, 0x0800001a);
    load_into(m, "fw.sym", AOTX_SYMMAP_AUTO);
    assert_ptr_equal(get(m, "memmove"), n); /* as informative: the ld map's entry stays */
    assert_int_equal(n->source, AOTX_SYMMAP_LDMAP);
    assert_ptr_equal(get(m, "aot_set_exception_with_id"), t);
    assert_int_equal(t->value, 0x0800001b); /* as informative, and odd: it says Thumb */
    assert_int_equal(t->source, AOTX_SYMMAP_PLAIN);
    load_into(m, "fw.nm", AOTX_SYMMAP_AUTO); /* nm knows the type */
    assert_ptr_equal(get(m, "memmove"), n);
    assert_int_equal(n->source, AOTX_SYMMAP_NM);
    assert_int_equal(n->is_func, 1);
    assert_int_equal(t->value, 0x0800001a);
    assert_int_equal(t->source, AOTX_SYMMAP_NM);
    load_into(m, "fw.elf", AOTX_SYMMAP_AUTO); /* ELF knows the instruction set */
    assert_ptr_equal(get(m, "memmove"), n);
    assert_int_equal(n->source, AOTX_SYMMAP_ELF);
    assert_int_equal(n->isa, AOTX_ISA_THUMB);
    assert_int_equal(n->value, 0x08000026);
    load_into(m, "fw.nm", AOTX_SYMMAP_AUTO);
    assert_int_equal(n->source, AOTX_SYMMAP_ELF);
    aotx_symmap_free(m);
}

static void conflicting_values(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw.elf", AOTX_SYMMAP_ELF);
    static const char extra[] = "# more\n\nmemmove = 0x08000030\nzzz_new = 1\n";
    expect_fail(m, "extra.map", extra, sizeof extra - 1, AOTX_SYMMAP_PLAIN, AOTX_E_FORMAT,
                "symbol 'memmove' is 0x8000026 (Thumb) in fw.elf but 0x8000030 in extra.map:3");
    assert_null(aotx_symmap_find(m, "zzz_new")); /* a failed load adds nothing */
    assert_int_equal(get(m, "memmove")->value, 0x08000026);

    /* the Thumb-bit form agrees only with a Thumb function */
    static const char odd[] = "arm_mul = 0x08000059\n";
    expect_fail(m, "odd.sym", odd, sizeof odd - 1, AOTX_SYMMAP_PLAIN, AOTX_E_FORMAT,
                "symbol 'arm_mul' is 0x8000058 (ARM) in fw.elf but 0x8000059 in odd.sym:1");
    aotx_symmap_free(m);

    /* between two text maps, and within one */
    m = load("fw.sym", AOTX_SYMMAP_PLAIN);
    static const char nm[] = "08000000 T vectors\n08000028 T memmove\n";
    expect_fail(m, "extra.nm", nm, sizeof nm - 1, AOTX_SYMMAP_NM, AOTX_E_FORMAT,
                "symbol 'memmove' is 0x8000026 in fw.sym:5 but 0x8000028 in extra.nm:2");
    assert_null(aotx_symmap_find(m, "vectors"));
    /* the odd form agrees with code (nm T) or with what cannot tell, not
     * with data (nm D) */
    static const char code[] = "08000027 T memmove\n";
    load_buffer_ok(m, "code.nm", code);
    static const char data[] = "20000001 D counter\n";
    expect_fail(m, "data.nm", data, sizeof data - 1, AOTX_SYMMAP_NM, AOTX_E_FORMAT,
                "symbol 'counter' is 0x20000000 in fw.sym:7 but 0x20000001 in data.nm:1");
    static const char twice[] = "a = 1\nb = 2\na = 1\na = 2\n";
    expect_fail(m, "twice.sym", twice, sizeof twice - 1, AOTX_SYMMAP_PLAIN, AOTX_E_FORMAT,
                "symbol 'a' is 0x1 in twice.sym:1 but 0x2 in twice.sym:4");
    assert_int_equal(aotx_symmap_count(m), 5);
    aotx_symmap_free(m);
}

/* ---- --defsym ---- */

static void defsym_wins(void **state)
{
    (void)state;
    struct aotx_symmap *m = aotx_symmap_new();
    defsym(m, "memmove=0x1000");
    load_into(m, "fw.elf", AOTX_SYMMAP_ELF); /* no conflict: --defsym wins */
    const struct aotx_native *n = get(m, "memmove");
    assert_int_equal(n->value, 0x1000);
    assert_int_equal(n->source, AOTX_SYMMAP_DEFSYM);
    assert_string_equal(n->file, "--defsym");
    assert_int_equal(n->line, 0);
    assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);

    n = get(m, "arm_mul");
    assert_int_equal(n->source, AOTX_SYMMAP_ELF);
    defsym(m, "arm_mul=8192"); /* after the file: replaces it, in place */
    assert_ptr_equal(get(m, "arm_mul"), n);
    assert_int_equal(n->value, 8192);
    assert_int_equal(n->source, AOTX_SYMMAP_DEFSYM);
    assert_int_equal(n->isa, AOTX_ISA_UNKNOWN);
    load_into(m, "fw.nm", AOTX_SYMMAP_NM);
    assert_int_equal(n->value, 8192);

    defsym(m, "memmove=0x2000"); /* the later --defsym wins, as in ld */
    assert_int_equal(get(m, "memmove")->value, 0x2000);
    defsym(m, "not_in_any_map=0xFFFFFFFFFFFFFFFF");
    assert_true(get(m, "not_in_any_map")->value == UINT64_MAX);
    assert_int_equal(aotx_symmap_count(m), FW_SYMS + FW_LOCALS + 1);
    aotx_symmap_free(m);
}

static void defsym_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {"foo", "=0x10", "foo=", "foo=bar", "foo bar=1",
                                      "foo= 1", "foo=0x", "foo=-1", "a=b=1", ""};
    struct aotx_symmap *m = aotx_symmap_new();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct aotx_diag d = {0};
        char msg[128];
        snprintf(msg, sizeof msg, "--defsym '%s': expected NAME=ADDRESS", bad[i]);
        assert_int_equal(aotx_symmap_defsym(m, bad[i], &d), AOTX_E_USAGE);
        assert_string_equal(d.msg, msg);
    }
    struct aotx_diag d = {0};
    assert_int_equal(aotx_symmap_defsym(m, "foo=0x1ffffffffffffffff", &d), AOTX_E_USAGE);
    assert_string_equal(d.msg, "--defsym 'foo=0x1ffffffffffffffff': address does not fit in 64 "
                               "bits");
    assert_int_equal(aotx_symmap_count(m), 0);
    aotx_symmap_free(m);
}

/* --defsym ADDR: 0x and hex digits, or decimal without a leading zero.
 * A leading zero is neither octal (as strtoull reads it) nor ignored. */
static void defsym_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint64_t value;
    } good[] = {
        {"a=0", 0},          {"a=10", 10},       {"a=0x10", 0x10},  {"a=0X1f", 0x1f},
        {"a=0x010", 0x10},   {"a=0x0", 0},       {"a=134217728", 0x08000000},
        {"a=18446744073709551615", UINT64_MAX},
    };
    struct aotx_symmap *m = aotx_symmap_new();
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        defsym(m, good[i].text);
        assert_true(get(m, "a")->value == good[i].value);
    }
    aotx_symmap_free(m);

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"a=010", "--defsym 'a=010': a leading zero does not make '010' octal here: write 0x10 "
                  "for hex or 10 for decimal"},
        {"a=08000000", "--defsym 'a=08000000': a leading zero does not make '08000000' octal "
                       "here: write 0x8000000 for hex or 8000000 for decimal"},
        {"a=00", "--defsym 'a=00': a leading zero does not make '00' octal here: write 0x0 for "
                 "hex or 0 for decimal"},
        {"a=08000000f", "--defsym 'a=08000000f': expected NAME=ADDRESS"},
        {"a=1f", "--defsym 'a=1f': expected NAME=ADDRESS"},
        {"a=18446744073709551616", "--defsym 'a=18446744073709551616': address does not fit "
                                   "in 64 bits"},
    };
    m = aotx_symmap_new();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct aotx_diag d = {0};
        assert_int_equal(aotx_symmap_defsym(m, bad[i].text, &d), AOTX_E_USAGE);
        assert_string_equal(d.msg, bad[i].msg);
    }
    assert_int_equal(aotx_symmap_count(m), 0);
    aotx_symmap_free(m);
}

/* ---- format detection, names, lookups ---- */

static void auto_detection(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        enum aotx_symmap_format fmt;
    } files[] = {
        {"fw.elf", AOTX_SYMMAP_ELF},         {"fw-be.elf", AOTX_SYMMAP_ELF},
        {"be64.elf", AOTX_SYMMAP_ELF},       {"ifunc.so", AOTX_SYMMAP_ELF},
        {"fw.map", AOTX_SYMMAP_LDMAP},       {"fw.nm", AOTX_SYMMAP_NM},
        {"fw-S.nm", AOTX_SYMMAP_NM},         {"fw-posix.nm", AOTX_SYMMAP_NM},
        {"fw-llvm-posix.nm", AOTX_SYMMAP_NM}, {"ifunc.nm", AOTX_SYMMAP_NM},
        {"fw.sym", AOTX_SYMMAP_PLAIN},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct aotx_symmap *m = load(files[i].file, AOTX_SYMMAP_AUTO);
        static const char *const probes[] = {"memmove", "use", "be64_entry"};
        const struct aotx_native *n = NULL;
        for (size_t p = 0; !n && p < 3; p++)
            n = aotx_symmap_find(m, probes[p]);
        assert_non_null(n);
        if (n->source != files[i].fmt)
            fail_msg("%s read as %s, expected %s", files[i].file,
                     aotx_symmap_format_name(n->source), aotx_symmap_format_name(files[i].fmt));
        aotx_symmap_free(m);
    }

    /* text shapes */
    static const struct {
        const char *text;
        enum aotx_symmap_format fmt;
    } texts[] = {
        {"# a comment first\n08000000 T x\n", AOTX_SYMMAP_NM},
        {"\nfw.elf:\n08000000 T x\n", AOTX_SYMMAP_NM},
        {"         U abort\n08000000 T x\n", AOTX_SYMMAP_NM},
        {"abort U\nx T 8000000\n", AOTX_SYMMAP_NM},
        {"0x08000000 x\n", AOTX_SYMMAP_PLAIN},
        {"1234 x\n", AOTX_SYMMAP_PLAIN},
        {"x = 0x10\n", AOTX_SYMMAP_PLAIN},
        {"x T 1\n", AOTX_SYMMAP_NM},
        {"# only\n# comments\n", AOTX_SYMMAP_PLAIN},
        {"Linker script and memory map\n                0x00000010                x\n",
         AOTX_SYMMAP_LDMAP},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct aotx_symmap *m = load_text("t", texts[i].text, AOTX_SYMMAP_AUTO);
        const struct aotx_native *n = aotx_symmap_find(m, "x");
        if (texts[i].fmt == AOTX_SYMMAP_PLAIN && !n) {
            assert_int_equal(aotx_symmap_count(m), 0);
        } else {
            assert_non_null(n);
            if (n->source != texts[i].fmt)
                fail_msg("'%s' read as %s", texts[i].text, aotx_symmap_format_name(n->source));
        }
        aotx_symmap_free(m);
    }
}

static void format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"auto", "elf", "nm", "ldmap", "plain"};
    for (int i = 0; i < 5; i++) {
        enum aotx_symmap_format f = AOTX_SYMMAP_DEFSYM;
        struct aotx_diag d = {0};
        assert_int_equal(aotx_symmap_parse_format(names[i], &f, &d), AOTX_OK);
        assert_int_equal(f, (enum aotx_symmap_format)i);
        assert_string_equal(aotx_symmap_format_name(f), names[i]);
    }
    assert_string_equal(aotx_symmap_format_name(AOTX_SYMMAP_DEFSYM), "defsym");
    static const char *const bad[] = {"map", "defsym", "ELF", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum aotx_symmap_format f = AOTX_SYMMAP_NM;
        struct aotx_diag d = {0};
        char msg[128];
        snprintf(msg, sizeof msg, "--symbols-format '%s': expected auto, elf, nm, ldmap or plain",
                 bad[i]);
        assert_int_equal(aotx_symmap_parse_format(bad[i], &f, &d), AOTX_E_USAGE);
        assert_string_equal(d.msg, msg);
        assert_int_equal(f, AOTX_SYMMAP_NM);
    }
    struct aotx_symmap *m = aotx_symmap_new();
    expect_fail(m, "x", "a = 1", 5, AOTX_SYMMAP_DEFSYM, AOTX_E_USAGE,
                "x: 'defsym' is not a symbol map file format");
    aotx_symmap_free(m);
}

static void missing_names(void **state)
{
    (void)state;
    struct aotx_symmap *m = aotx_symmap_new();
    assert_null(aotx_symmap_find(m, "memmove")); /* empty map */
    assert_int_equal(aotx_symmap_count(m), 0);
    load_into(m, "fw.elf", AOTX_SYMMAP_AUTO);
    assert_null(aotx_symmap_find(m, "memmove2"));
    assert_null(aotx_symmap_find(m, "memmov"));
    assert_null(aotx_symmap_find(m, ""));
    assert_null(aotx_symmap_find(m, NULL));
    assert_null(aotx_symmap_find(NULL, "memmove"));
    assert_int_equal(aotx_symmap_count(NULL), 0);
    aotx_symmap_free(m);
    aotx_symmap_free(NULL);
}

static void load_file_by_path(void **state)
{
    (void)state;
    char path[4096];
    struct aotx_diag d = {0};
    struct aotx_symmap *m = aotx_symmap_new();
    snprintf(path, sizeof path, "%s/" DIR "fw.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(m, path, AOTX_SYMMAP_AUTO, &d), AOTX_OK);
    assert_string_equal(get(m, "memmove")->file, path);
    snprintf(path, sizeof path, "%s/" DIR "no-such-file.map", test_data_dir);
    char msg[4200];
    snprintf(msg, sizeof msg, "%s: cannot open: No such file or directory", path);
    assert_int_equal(aotx_symmap_load_file(m, path, AOTX_SYMMAP_AUTO, &d), AOTX_E_IO);
    assert_string_equal(d.msg, msg);
    assert_int_equal(aotx_symmap_count(m), FW_SYMS + FW_LOCALS);
    aotx_symmap_free(m);
}

/* The GNU build id of each source: an ELF linked with --build-id has one
 * (tests/data/guard/build.sh), fw.elf (linked without) and text maps none;
 * no such source, none. */
static void build_id_per_source(void **state)
{
    (void)state;
    static const uint8_t fw1[20] = {0x9a, 0x9a, 0xb2, 0xfd, 0xea, 0x0e, 0xda, 0x2b, 0xad, 0xd2,
                                    0x69, 0xa1, 0x83, 0xd6, 0x20, 0x64, 0x06, 0x19, 0x2a, 0xfc};
    static const char *const files[] = {"guard/fw1.elf", DIR "fw.elf", DIR "fw.nm"};
    for (size_t i = 0; i < 3; i++) {
        char path[4096];
        struct aotx_diag d = {0};
        const uint8_t *id = (const uint8_t *)"x";
        struct aotx_symmap *m = aotx_symmap_new();
        snprintf(path, sizeof path, "%s/%s", test_data_dir, files[i]);
        assert_int_equal(aotx_symmap_load_file(m, path, AOTX_SYMMAP_AUTO, &d), AOTX_OK);
        size_t n = aotx_symmap_build_id(m, 0, &id);
        if (i == 0) {
            assert_int_equal(n, sizeof fw1);
            assert_memory_equal(id, fw1, sizeof fw1);
        } else {
            assert_int_equal(n, 0);
            assert_null(id);
        }
        assert_int_equal(aotx_symmap_build_id(m, 1, &id), 0);
        assert_null(id);
        aotx_symmap_free(m);
    }
}

/* Tens of thousands of names: the table grows, every name is found. */
static void many_symbols(void **state)
{
    (void)state;
    enum { N = 50000 };
    size_t cap = (size_t)N * 40, len = 0;
    char *text = malloc(cap);
    for (unsigned i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s%u = 0x%x\n",
                                i % 2 ? "__aeabi_fn_" : "native_", i, 0x08000000u + i * 4);
    struct aotx_symmap *m = aotx_symmap_new();
    struct aotx_diag d = {0};
    assert_int_equal(aotx_symmap_load_buffer(m, "big.sym", (uint8_t *)text, len,
                                             AOTX_SYMMAP_AUTO, &d),
                     AOTX_OK);
    assert_int_equal(aotx_symmap_count(m), N);
    for (unsigned i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%u", i % 2 ? "__aeabi_fn_" : "native_", i);
        const struct aotx_native *n = get(m, name);
        assert_int_equal(n->value, 0x08000000u + i * 4);
        assert_int_equal(n->line, i + 1);
    }
    assert_null(aotx_symmap_find(m, "native_1"));
    /* and again: all merge, nothing new */
    assert_int_equal(aotx_symmap_load_buffer(m, "again.sym", (uint8_t *)text, len,
                                             AOTX_SYMMAP_AUTO, &d),
                     AOTX_OK);
    assert_int_equal(aotx_symmap_count(m), N);
    assert_string_equal(get(m, "native_0")->file, "big.sym");
    aotx_symmap_free(m);
    free(text);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(elf_arm_little_endian),
    cmocka_unit_test(build_id_per_source),
    cmocka_unit_test(elf_arm_big_endian),
    cmocka_unit_test(elf64_big_endian),
    cmocka_unit_test(elf_host_ifunc),
    cmocka_unit_test(elf_dynsym_when_stripped),
    cmocka_unit_test(elf_locals),
    cmocka_unit_test(elf_relocatable_object_refused),
    cmocka_unit_test(elf_no_symbol_table),
    cmocka_unit_test(elf_format_on_a_text_file),
    cmocka_unit_test(elf_truncated),
    cmocka_unit_test(elf_corrupt),
    cmocka_unit_test(elf_sources_recorded),
    cmocka_unit_test(elf_must_fit_the_module),
    cmocka_unit_test(elf_machine_families),
    cmocka_unit_test(elf_machine_names),
    cmocka_unit_test(elf_fit_with_other_sources),
    cmocka_unit_test(nm_bsd),
    cmocka_unit_test(nm_bsd_with_sizes),
    cmocka_unit_test(nm_posix),
    cmocka_unit_test(nm_mapping_symbols),
    cmocka_unit_test(nm_numbered_mapping_symbols),
    cmocka_unit_test(nm_mapping_symbol_edges),
    cmocka_unit_test(nm_ifunc_and_undefined),
    cmocka_unit_test(nm_headings_and_undefined_lines),
    cmocka_unit_test(nm_errors),
    cmocka_unit_test(ldmap),
    cmocka_unit_test(ldmap_line_shapes),
    cmocka_unit_test(ldmap_errors),
    cmocka_unit_test(plain),
    cmocka_unit_test(plain_errors),
    cmocka_unit_test(all_formats_merge),
    cmocka_unit_test(merge_keeps_the_more_informative_in_place),
    cmocka_unit_test(conflicting_values),
    cmocka_unit_test(defsym_wins),
    cmocka_unit_test(defsym_errors),
    cmocka_unit_test(defsym_numbers),
    cmocka_unit_test(auto_detection),
    cmocka_unit_test(format_names),
    cmocka_unit_test(missing_names),
    cmocka_unit_test(load_file_by_path),
    cmocka_unit_test(many_symbols),
};

TEST_MAIN(tests)
