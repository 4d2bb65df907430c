/* The natives-table ABI (src/natives_abi.c). Its lists are an ABI: their
 * counts, their order (a hash of version 1's names in slot order) and some
 * slots are pinned here, so a list can only grow at its end in a new
 * version. No list holds a name twice, every name is a C identifier (a
 * table is C source), and every native a fixture calls has a slot in its
 * family: the lists embedded below (every .aot of tests/data/aot and of the
 * shared fixtures, by `aot-xip inspect --json`), and every .aot of the test
 * data read again here. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>

#include "arch.h"
#include "natives_abi.h"

static const struct aotx_natives_abi *family(const char *name)
{
    const struct aotx_natives_abi *abi = aotx_natives_abi_find(name);
    if (!abi)
        fail_msg("no natives-table ABI for '%s'", name);
    return abi;
}

/* FNV-1a, 32 bits, over the first n names, each with its NUL. */
static uint32_t names_hash(const struct aotx_natives_abi *abi, uint32_t n)
{
    uint32_t h = 0x811c9dc5u;
    for (uint32_t k = 0; k < n; k++) {
        const char *s = abi->names[k];
        do {
            h ^= (uint8_t)*s;
            h *= 0x01000193u;
        } while (*s++);
    }
    return h;
}

static void one_family_per_arch_descriptor(void **state)
{
    (void)state;
    const struct aotx_arch *const arches[] = {
        &aotx_arch_x86_64, &aotx_arch_i386,    &aotx_arch_aarch64, &aotx_arch_arm,
        &aotx_arch_thumb,  &aotx_arch_riscv32, &aotx_arch_riscv64, &aotx_arch_mips,
        &aotx_arch_xtensa, &aotx_arch_arc,
    };
    for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++)
        assert_string_equal(family(arches[i]->name)->family, arches[i]->name);
    size_t n = 0;
    uint32_t ids = 0;
    for (const struct aotx_natives_abi *abi; (abi = aotx_natives_abi_at(n)); n++) {
        assert_in_range(abi->id, 1, 31);
        assert_false(ids & 1u << abi->id); /* an id names one family */
        ids |= 1u << abi->id;
        assert_ptr_equal(aotx_natives_abi_find(abi->family), abi);
    }
    assert_int_equal(n, 10);
}

/* Version 1 of every family: id, slot count, hash of the names in order. */
static const struct {
    const char *family;
    uint16_t id;
    uint32_t count, hash;
} v1[] = {
    {"thumb", 1, 242, 0x74bc732d},  {"arm", 2, 234, 0x5cd903bc},
    {"x86_64", 3, 136, 0x076d3aee}, {"i386", 4, 143, 0x8c3c237c},
    {"aarch64", 5, 136, 0x076d3aee}, {"riscv32", 6, 190, 0x3ba8e8ff},
    {"riscv64", 7, 190, 0x3ba8e8ff}, {"mips", 8, 180, 0xa9035855},
    {"xtensa", 9, 169, 0x1a1f47e5}, {"arc", 10, 240, 0x95ae3ce8},
};

static void version_1_is_pinned(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof v1 / sizeof v1[0]; i++) {
        const struct aotx_natives_abi *abi = family(v1[i].family);
        assert_int_equal(abi->id, v1[i].id);
        assert_int_equal(abi->version, 1);
        assert_int_equal(aotx_natives_abi_count(abi, 1), v1[i].count);
        assert_int_equal(aotx_natives_abi_count(abi, 0), 0);
        assert_int_equal(aotx_natives_abi_count(abi, 2), 0);
        if (names_hash(abi, v1[i].count) != v1[i].hash)
            fail_msg("%s: version 1's names changed: a version may only append", abi->family);
        assert_int_equal(aotx_natives_abi_id(abi, 1), (uint32_t)v1[i].id << 16 | 1);
    }
    assert_int_equal(aotx_natives_abi_id(family("thumb"), 1), 0x00010001);
    assert_int_equal(aotx_natives_abi_id(family("arc"), 3), 0x000a0003);
}

static const struct {
    const char *family, *name;
    int32_t slot;
} slots[] = {
    {"thumb", "aot_set_exception_with_id", 0},
    {"thumb", "memcpy", 9},
    {"thumb", "rintf", 23},
    {"thumb", "aot_memory_init", 24},
    {"thumb", "aot_intrinsic_fabs_f32", 36},
    {"thumb", "wasm_runtime_check_and_update_last_used_shared_heap", 135},
    {"thumb", "__adddf3", 136},
    {"thumb", "__aeabi_d2f", 152},
    {"thumb", "__aeabi_llsl", 199},
    {"thumb", "__ashldi3", 202},
    {"thumb", "__aeabi_f2uiz", 236},
    {"thumb", "__fixunssfsi", 241},
    {"arm", "__adddf3", 136},
    {"arm", "__aeabi_d2f", 138},
    {"arm", "__unordsf2", 231},
    {"arm", "__fixunssfsi", 233},
    {"x86_64", "aot_call_indirect", 2},
    {"x86_64", "wasm_runtime_check_and_update_last_used_shared_heap", 135},
    {"aarch64", "memset", 7},
    {"i386", "__divdi3", 136},
    {"i386", "__allrem", 142},
    {"riscv32", "__addsf3", 136},
    {"riscv32", "__floatundisf", 151},
    {"riscv32", "__atomic_store_4", 185},
    {"riscv64", "__ltsf2", 189},
    {"mips", "__divdi3", 136},
    {"mips", "__adddf3", 148},
    {"mips", "__unordsf2", 179},
    {"xtensa", "__floatsidf", 136},
    {"xtensa", "__floatundisf", 168},
    {"arc", "__st_r13_to_r15", 136},
    {"arc", "__ac_push_13_to_13", 185},
    {"arc", "__truncsfhf2", 232},
    {"arc", "__unorddf2", 239},
};

static void known_slots(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        const struct aotx_natives_abi *abi = family(slots[i].family);
        int32_t k = aotx_natives_abi_slot(abi, slots[i].name);
        if (k != slots[i].slot)
            fail_msg("%s: '%s' is in slot %d, not %d", abi->family, slots[i].name, (int)k,
                     (int)slots[i].slot);
        assert_int_equal(aotx_natives_abi_since(abi, k), 1);
    }
}

#define LETTERS "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

static int is_c_identifier(const char *s)
{
    return *s && strchr(LETTERS, *s) && s[strspn(s, LETTERS "0123456789")] == '\0';
}

static void each_name_once_and_an_identifier(void **state)
{
    (void)state;
    const struct aotx_natives_abi *abi;
    for (size_t i = 0; (abi = aotx_natives_abi_at(i)); i++) {
        uint32_t n = aotx_natives_abi_count(abi, abi->version);
        for (uint32_t k = 0; k < n; k++) {
            if (!is_c_identifier(abi->names[k]))
                fail_msg("%s: slot %u: '%s' is not a C identifier", abi->family, k,
                         abi->names[k]);
            if (aotx_natives_abi_slot(abi, abi->names[k]) != (int32_t)k)
                fail_msg("%s: '%s' is in slot %u and before it", abi->family, abi->names[k], k);
        }
    }
}

static void lookups_are_exact(void **state)
{
    (void)state;
    assert_null(aotx_natives_abi_find("thumbv7em")); /* descriptor names, not arch strings */
    assert_null(aotx_natives_abi_find("THUMB"));
    assert_null(aotx_natives_abi_find(""));
    assert_null(aotx_natives_abi_find(NULL));
    assert_null(aotx_natives_abi_at(10));
    const struct aotx_natives_abi *thumb = family("thumb");
    assert_int_equal(aotx_natives_abi_slot(thumb, ""), -1);
    assert_int_equal(aotx_natives_abi_slot(thumb, "__aeabi_d"), -1);
    assert_int_equal(aotx_natives_abi_slot(thumb, "memcpy "), -1);
    assert_int_equal(aotx_natives_abi_slot(thumb, "MEMCPY"), -1);
    assert_int_equal(aotx_natives_abi_slot(thumb, "aot_func#0"), -1);
    assert_int_equal(aotx_natives_abi_slot(family("arm"), "__aeabi_llsl"), -1);
    assert_int_equal(aotx_natives_abi_slot(family("x86_64"), "__divdi3"), -1);
    assert_int_equal(aotx_natives_abi_since(thumb, 0), 1);
    assert_int_equal(aotx_natives_abi_since(thumb, 241), 1);
    assert_int_equal(aotx_natives_abi_since(thumb, 242), 0);
    assert_int_equal(aotx_natives_abi_since(thumb, -1), 0);
}

/* Every native the fixtures call, per family. */
static const char *const fixture_aarch64[] = {
    "aot_enlarge_memory", "aot_invoke_native", "aot_set_exception_with_id", "memmove", "memset",
    NULL
};
static const char *const fixture_arm[] = {
    "__aeabi_d2lz", "__aeabi_l2d", "__aeabi_ldivmod", "__aeabi_ul2d", "__aeabi_uldivmod",
    "aot_enlarge_memory", "aot_invoke_native", "aot_set_exception_with_id", "ceil", "floor",
    "fmax", "fmin", "memmove", "memset", "rint", "trunc", NULL
};
static const char *const fixture_i386[] = {
    "__divdi3", "__moddi3", "__udivdi3", "aot_enlarge_memory", "aot_invoke_native",
    "aot_set_exception_with_id", "ceil", "floor", "fmax", "fmin", "memmove", "memset", "rint",
    "trunc", NULL
};
static const char *const fixture_mips[] = {
    "__divdi3", "__fixdfdi", "__floatdidf", "__floatundidf", "__moddi3", "__udivdi3",
    "aot_enlarge_memory", "aot_invoke_native", "aot_set_exception_with_id", "ceil", "floor",
    "fmax", "fmin", "memmove", "memset", "rint", "trunc", NULL
};
static const char *const fixture_riscv32[] = {
    "__adddf3", "__addsf3", "__divdf3", "__divdi3", "__eqdf2", "__fixdfdi", "__fixunssfsi",
    "__floatdidf", "__floatsidf", "__floatundidf", "__gedf2", "__gesf2", "__ledf2", "__lesf2",
    "__ltdf2", "__ltsf2", "__moddi3", "__muldf3", "__mulsf3", "__subdf3", "__udivdi3",
    "__unorddf2", "__unordsf2", "aot_enlarge_memory", "aot_invoke_native",
    "aot_set_exception_with_id", "ceil", "floor", "fmax", "fmin", "memmove", "memset", "rint",
    "sqrt", "sqrtf", "trunc", NULL
};
static const char *const fixture_riscv64[] = {
    "aot_enlarge_memory", "aot_invoke_native", "aot_set_exception_with_id", "ceil", "floor",
    "memmove", "memset", "rint", "trunc", NULL
};
static const char *const fixture_thumb[] = {
    "__aeabi_d2lz", "__aeabi_dadd", "__aeabi_dcmpeq", "__aeabi_dcmpge", "__aeabi_dcmple",
    "__aeabi_dcmplt", "__aeabi_dcmpun", "__aeabi_ddiv", "__aeabi_dmul", "__aeabi_dsub",
    "__aeabi_f2uiz", "__aeabi_fadd", "__aeabi_fcmpge", "__aeabi_fcmple", "__aeabi_fcmplt",
    "__aeabi_fcmpun", "__aeabi_fmul", "__aeabi_i2d", "__aeabi_idiv", "__aeabi_l2d",
    "__aeabi_ldivmod", "__aeabi_llsl", "__aeabi_lmul", "__aeabi_memmove", "__aeabi_memset",
    "__aeabi_ul2d", "__aeabi_uldivmod", "__clzsi2", "aot_enlarge_memory", "aot_invoke_native",
    "aot_set_exception_with_id", "ceil", "floor", "fmax", "fmin", "rint", "sqrt", "sqrtf",
    "trunc", NULL
};
static const char *const fixture_x86_64[] = {
    "aot_enlarge_memory", "aot_invoke_native", "aot_set_exception_with_id", "ceil", "floor",
    "memmove", "memset", "rint", "trunc", NULL
};

static void fixture_natives_have_slots(void **state)
{
    (void)state;
    static const struct {
        const char *family;
        const char *const *names;
    } lists[] = {
        {"aarch64", fixture_aarch64}, {"arm", fixture_arm},         {"i386", fixture_i386},
        {"mips", fixture_mips},       {"riscv32", fixture_riscv32}, {"riscv64", fixture_riscv64},
        {"thumb", fixture_thumb},     {"x86_64", fixture_x86_64},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const struct aotx_natives_abi *abi = family(lists[i].family);
        for (const char *const *n = lists[i].names; *n; n++)
            if (aotx_natives_abi_slot(abi, *n) < 0)
                fail_msg("%s: a fixture calls '%s', which has no slot", abi->family, *n);
    }
}

static int files, natives, missing;

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (flag != FTW_F || n < 4 || strcmp(path + n - 4, ".aot") != 0)
        return 0;
    uint8_t *buf;
    size_t size;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    files++;
    assert_int_equal(aotx_read_file(path, &buf, &size, &d), AOTX_OK);
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    assert_non_null(m->arch);
    const struct aotx_natives_abi *abi = family(m->arch->name);
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        if (m->symbols[i].cls != AOTX_SYM_NATIVE)
            continue;
        natives++;
        if (aotx_natives_abi_slot(abi, m->symbols[i].name) < 0) {
            print_error("%s: '%s' has no slot in %s\n", path, m->symbols[i].name, abi->family);
            missing++;
        }
    }
    aotx_module_free(m);
    free(buf);
    return 0;
}

static void every_test_data_native_has_a_slot(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/aot", test_data_dir);
    assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
    assert_int_equal(files, 254); /* as test_roundtrip: a lost file is a failure too */
    assert_true(natives > 0);
    assert_int_equal(missing, 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(one_family_per_arch_descriptor),
    cmocka_unit_test(version_1_is_pinned),
    cmocka_unit_test(known_slots),
    cmocka_unit_test(each_name_once_and_an_identifier),
    cmocka_unit_test(lookups_are_exact),
    cmocka_unit_test(fixture_natives_have_slots),
    cmocka_unit_test(every_test_data_native_has_a_slot),
};

TEST_MAIN(tests)
