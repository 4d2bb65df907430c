/* ld.lld -Map files as symbol maps (--symbols-format ldmap, or found by
 * AUTO): the maps in tests/data/symbols that build.sh has ld.lld 14 write,
 * their values checked against the ELF of the same link, and the exact
 * error texts. */
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct sym {
    const char *name;
    uint64_t value; /* as the map prints it: a Thumb function's bit 0 set */
    uint64_t size;
    unsigned line;
};

/* DATA/symbols/file, by its path (the entries name the path). */
static void load_into(struct aotx_symmap *m, const char *file, enum aotx_symmap_format fmt)
{
    char path[4096];
    struct aotx_diag d = {0};
    snprintf(path, sizeof path, "%s/symbols/%s", test_data_dir, file);
    if (aotx_symmap_load_file(m, path, fmt, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
}

/* Is path this file, or this file in some directory? */
static int from_file(const char *path, const char *file)
{
    size_t p = strlen(path), f = strlen(file);
    return p >= f && strcmp(path + p - f, file) == 0 && (p == f || path[p - f - 1] == '/');
}

static struct aotx_symmap *load(const char *file, enum aotx_symmap_format fmt)
{
    struct aotx_symmap *m = aotx_symmap_new();
    assert_non_null(m);
    load_into(m, file, fmt);
    return m;
}

/* Each entry of want, exactly as the map gives it. */
static void expect_syms(const struct aotx_symmap *m, const char *file, const struct sym *want,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct aotx_native *e = aotx_symmap_find(m, want[i].name);
        if (!e)
            fail_msg("'%s' is not in %s", want[i].name, file);
        if (e->value != want[i].value || e->size != want[i].size || e->line != want[i].line)
            fail_msg("'%s' is 0x%llx, size 0x%llx, line %u in %s", want[i].name,
                     (unsigned long long)e->value, (unsigned long long)e->size, e->line, file);
        assert_int_equal(e->ambiguous, 0);
        assert_int_equal(e->isa, AOTX_ISA_UNKNOWN);
        assert_int_equal(e->is_func, 0);
        assert_int_equal(e->source, AOTX_SYMMAP_LDMAP);
        if (!from_file(e->file, file))
            fail_msg("'%s' comes from %s, not %s", want[i].name, e->file, file);
    }
}

static void expect_absent(const struct aotx_symmap *m, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (aotx_symmap_find(m, names[i]))
            fail_msg("'%s' should not be in the map", names[i]);
}

/* fw-clang.map, the map of fw-clang.elf (fw.c: Thumb code, arm_mul ARM);
 * readelf -s gives the same values (st_value: Thumb functions odd). */
static const struct sym fw_clang[] = {
    {"vectors", 0x08000000, 0x8, 4},
    {"_start", 0x08000009, 0x3e, 8},                    /* Thumb */
    {"aot_set_exception_with_id", 0x08000047, 0xe, 11}, /* Thumb */
    {"local_helper", 0x08000055, 0x12, 14},             /* Thumb, a local */
    {"memmove", 0x08000067, 0x2e, 17},                  /* Thumb */
    {"arm_mul", 0x08000094, 0x8, 20},                   /* ARM: even */
    {"weak_hook", 0x0800009d, 0x2, 23},                 /* Thumb, weak */
    {"_etext", 0x080000a0, 0, 25},                      /* _etext = . */
    {"table", 0x080000a0, 0x10, 28},
    {"_sdata", 0x20000000, 0, 30},
    {"counter", 0x20000000, 0x4, 32},
    {"_edata", 0x20000004, 0, 34},
    {"_sbss", 0x20000004, 0, 37},
    {"zeroed", 0x20000004, 0x4, 39},
    {"hidden_state", 0x20000008, 0x4, 41},              /* a local */
    {"_ebss", 0x2000000c, 0, 43},
};

static void thumb_firmware(void **state)
{
    (void)state;
    struct aotx_symmap *m = load("fw-clang.map", AOTX_SYMMAP_LDMAP);
    assert_int_equal(aotx_symmap_count(m), COUNT(fw_clang));
    expect_syms(m, "fw-clang.map", fw_clang, COUNT(fw_clang));
    /* mapping symbols; assignments the map lists where the location
     * counter was, not at their values (_sidata is 0x080000b0, __stack_top
     * 0x20020000, __flash_hidden 0x08000400); a --defsym, listed with no
     * text; a PROVIDE nothing used, not listed */
    static const char *const absent[] = {"$t.0", "$a.4", "$t", "_sidata", "__stack_top",
                                         "__flash_hidden", "__flash_end", "__heap_start", "."};
    expect_absent(m, absent, COUNT(absent));
    aotx_symmap_free(m);
}

/* The map's values are the ELF's: odd where the ELF reader says Thumb (and
 * clears bit 0). Map, ELF and nm load together in either order, the ELF's
 * entries kept. */
static void agrees_with_its_elf(void **state)
{
    (void)state;
    struct aotx_symmap *elf = load("fw-clang.elf", AOTX_SYMMAP_AUTO);
    for (size_t i = 0; i < COUNT(fw_clang); i++) {
        const struct aotx_native *n = aotx_symmap_find(elf, fw_clang[i].name);
        assert_non_null(n);
        assert_int_equal(n->value | (n->isa == AOTX_ISA_THUMB), fw_clang[i].value);
    }
    aotx_symmap_free(elf);
    static const char *const files[] = {"fw-clang.elf", "fw-clang.map", "fw-clang.nm"};
    for (int order = 0; order < 2; order++) {
        struct aotx_symmap *m = aotx_symmap_new();
        for (size_t i = 0; i < COUNT(files); i++)
            load_into(m, files[order ? COUNT(files) - 1 - i : i], AOTX_SYMMAP_AUTO);
        const struct aotx_native *n = aotx_symmap_find(m, "memmove");
        assert_int_equal(n->source, AOTX_SYMMAP_ELF);
        assert_int_equal(n->value, 0x08000066);
        assert_int_equal(n->isa, AOTX_ISA_THUMB);
        aotx_symmap_free(m);
    }
}

/* fw-riscv64.map, of fw-riscv64.elf: a 64-bit output, 16-digit columns. */
static void riscv64_firmware(void **state)
{
    (void)state;
    static const struct sym want[] = {
        {"aot_set_exception_with_id", 0x80000000, 0x4, 4},
        {"aot_invoke_native", 0x80000004, 0x8, 5},
        {"memmove", 0x8000000c, 0x8, 6},
        {"_start", 0x80000014, 0x2, 7},
    };
    struct aotx_symmap *m = load("fw-riscv64.map", AOTX_SYMMAP_LDMAP);
    assert_int_equal(aotx_symmap_count(m), COUNT(want));
    expect_syms(m, "fw-riscv64.map", want, COUNT(want));
    load_into(m, "fw-riscv64.elf", AOTX_SYMMAP_ELF); /* the same values */
    assert_int_equal(aotx_symmap_count(m), COUNT(want));
    aotx_symmap_free(m);
}

/* locals-lld.map: locals-a.c and locals-b.c linked with lld-script.ld.
 * llvm-nm of that link: 08000000 t twin, 08000010 t twin, 0800000a t
 * shadowed, 08000014 T shadowed, 0800001a A x_abs, 0800001e T y_plus,
 * 08000120 T top_expr, 00001234 A ds. */
static void locals_and_script_commands(void **state)
{
    (void)state;
    static const struct sym want[] = {
        {"solo", 0x08000005, 0x6, 6},    /* a local, the only one of its name */
        {"_start", 0x0800000f, 0x2, 8},
        {"p_dot", 0x0800001a, 0, 13},    /* PROVIDE ( p_dot = . ) */
        {"h_dot", 0x0800001a, 0, 14},    /* HIDDEN ( h_dot = . ) */
        {"top_dot", 0x08000020, 0, 18},  /* top_dot = . */
        {"top_prov", 0x08000020, 0, 19}, /* PROVIDE ( top_prov = . ) */
        {"top_ph", 0x08000020, 0, 20},   /* PROVIDE_HIDDEN ( top_ph = . ) */
        {"solo_data", 0x20000000, 0x4, 24},
    };
    struct aotx_symmap *m = load("locals-lld.map", AOTX_SYMMAP_AUTO);
    assert_int_equal(aotx_symmap_count(m), COUNT(want) + 2);
    expect_syms(m, "locals-lld.map", want, COUNT(want));
    /* listed at two addresses each: two locals; a local and a global,
     * which the map does not tell apart */
    static const char *const twice[] = {"twin", "shadowed"};
    for (size_t i = 0; i < COUNT(twice); i++) {
        const struct aotx_native *n = aotx_symmap_find(m, twice[i]);
        assert_non_null(n);
        assert_int_equal(n->ambiguous, 2);
        assert_int_equal(n->value, 0);
    }
    /* x_abs = ABSOLUTE ( . ), y_plus = . + 4, top_expr = top_dot + 0x100:
     * not the location counter's value; unused: a PROVIDE nothing used */
    static const char *const absent[] = {"x_abs", "y_plus", "top_expr", "unused", "ds", "$t.0"};
    expect_absent(m, absent, COUNT(absent));
    aotx_symmap_free(m);
}

static void auto_detection(void **state)
{
    (void)state;
    static const char *const files[] = {"fw-clang.map", "fw-riscv32.map", "fw-riscv64.map",
                                        "locals-lld.map"};
    for (size_t i = 0; i < COUNT(files); i++) {
        struct aotx_symmap *m = load(files[i], AOTX_SYMMAP_AUTO);
        assert_int_equal(aotx_symmap_source(m, 0)->format, AOTX_SYMMAP_LDMAP);
        assert_int_equal(aotx_symmap_find(m, "_start")->source, AOTX_SYMMAP_LDMAP);
        aotx_symmap_free(m);
    }
}

#define HEAD "     VMA      LMA     Size Align Out     In      Symbol\n"

static struct aotx_symmap *load_text(const char *text, enum aotx_symmap_format fmt)
{
    struct aotx_symmap *m = aotx_symmap_new();
    struct aotx_diag d = {0};
    if (aotx_symmap_load_buffer(m, "t.map", (const uint8_t *)text, strlen(text), fmt, &d))
        fail_msg("%s", d.msg);
    return m;
}

/* Lines of ld.lld 14 maps that the files above do not have. */
static void line_shapes(void **state)
{
    (void)state;
    struct aotx_symmap *m = load_text(
        HEAD
        " 8000000  8000000       10     4 .text\r\n"
        " 8000000  8000000       10     4         cpp.o:(.text)\n"
        " 8000001  8000001        4     1                 ns::f(int, char)\n"
        " 8000005  8000005        4     1                 cfun\r\n"
        " 8000008  8000008        4     1                 same\n"
        " 8000008  8000008        4     1                 same\n"
        " 8000010  8000010        4     4 .tbss\n"
        " 8000010  8000010        4     4         tls.o:(.tbss)\n"
        "       4        4        4     1                 tls_offset\n"
        "        40000000         40000000        8     4 .text\n"
        "        40000000         40000000        8     4         n64.o:(.text)\n"
        "        40000000         40000000        0     1                 $x.0\n"
        "        40000000         40000000        0     1                 $d\n"
        "        40000000         40000000        0     1                 $xrv64i2p1_m2p0\n"
        "        40000000         40000000        8     1                 wide\n"
        "        40000008         40000008        0     1                 at_the_end\n"
        "\n"
        "Cross Reference Table\n"
        "\n"
        "Symbol                                            File\n"
        "cfun                                              cpp.o\n",
        AOTX_SYMMAP_AUTO);
    /* not taken: ns::f(int, char), demangled, not a name the code uses;
     * tls_offset, a thread-local symbol at its offset in the TLS block */
    static const struct sym want[] = {{"cfun", 0x08000005, 0x4, 5},
                                      {"same", 0x08000008, 0x4, 6},
                                      {"wide", 0x40000000, 0x8, 16},
                                      {"at_the_end", 0x40000008, 0, 17}};
    assert_int_equal(aotx_symmap_count(m), COUNT(want));
    expect_syms(m, "t.map", want, COUNT(want));
    aotx_symmap_free(m);
}

static void expect_fail(const char *text, const char *msg)
{
    struct aotx_symmap *m = load_text(HEAD
                                      " 8000000  8000000        8     4         a.o:(.text)\n"
                                      " 8000000  8000000        8     1                 keep\n",
                                      AOTX_SYMMAP_AUTO);
    struct aotx_diag d = {0};
    assert_int_equal(aotx_symmap_load_buffer(m, "bad.map", (const uint8_t *)text, strlen(text),
                                             AOTX_SYMMAP_LDMAP, &d),
                     AOTX_E_FORMAT);
    assert_string_equal(d.msg, msg);
    assert_int_equal(aotx_symmap_count(m), 1); /* the map as it was */
    aotx_symmap_free(m);
}

#define CANNOT(line, text)                                                                     \
    "bad.map:" line ": cannot read '" text "' as a line of an ld.lld map (VMA LMA SIZE ALIGN, "  \
    "then a section, a command or a symbol)"

static void errors(void **state)
{
    (void)state;
    expect_fail(HEAD " 8000000  8000000        8     1                 fine\nx = 0x10\n",
                CANNOT("3", "x = 0x10"));
    expect_fail(HEAD " 8000000  8000000        8     1   three\n",
                CANNOT("2", "8000000  8000000        8     1   three"));
    expect_fail(HEAD " 800000g  8000000        8     1                 hex\n",
                CANNOT("2", "800000g  8000000        8     1                 hex"));
    expect_fail(HEAD "123456789abcdef01 0 8 1                 big\n",
                "bad.map:2: address '123456789abcdef01' does not fit in 64 bits");
    expect_fail(HEAD " 8000000  8000000 123456789abcdef01 1                 big\n",
                "bad.map:2: size '123456789abcdef01' does not fit in 64 bits");
    static const char nul[] = HEAD " 8000000  8000000        8     1                 a\0b\n";
    struct aotx_symmap *m = aotx_symmap_new();
    struct aotx_diag d = {0};
    assert_int_equal(aotx_symmap_load_buffer(m, "bad.map", (const uint8_t *)nul, sizeof nul - 1,
                                             AOTX_SYMMAP_AUTO, &d),
                     AOTX_E_FORMAT);
    assert_string_equal(d.msg, "bad.map:2: a NUL byte: not a text file");
    aotx_symmap_free(m);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(thumb_firmware),
    cmocka_unit_test(agrees_with_its_elf),
    cmocka_unit_test(riscv64_firmware),
    cmocka_unit_test(locals_and_script_commands),
    cmocka_unit_test(auto_detection),
    cmocka_unit_test(line_shapes),
    cmocka_unit_test(errors),
};

TEST_MAIN(tests)
