/* Hostile input: resource bounds and the fuzzers' findings.
 *
 * Resource bounds: a file that claims a 4 GB section or 2^31 relocations gets
 * the reader's error, found before any allocation. Outside ASan builds the
 * address space is capped at 512 MiB first (and the cap checked to refuse a
 * 4 GiB malloc), so an allocation sized from the claim would end in "out of
 * memory" instead of the expected message.
 *
 * Regressions: every input in tests/data/regress/ (a crash the fuzzers of
 * tests/fuzz found, see docs/fuzzing.md) is replayed through the parser that
 * failed on it and must give its exact error. A file there without an entry
 * in the table below fails the test. */
#include "testutil.h"

#include <dirent.h>
#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* v6/thumbv7em/imports.aot (1120 bytes; see test_read.c): text body at
 * 0x13c, its literal size the first word; init data body at 0x48; the
 * relocation section at 0x30c with its symbol count there, group count at
 * 0x374 and group 0's relocation count at 0x37c. */
#define FIXTURE "aot/v6/thumbv7em/imports.aot"
#define TEXT 0x13c
#define RELOC_SYMS 0x30c
#define GROUP0_COUNT 0x37c

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void cap_address_space(void)
{
#ifndef UNDER_ASAN
    struct rlimit rl = {512u << 20, 512u << 20};
    assert_int_equal(setrlimit(RLIMIT_AS, &rl), 0);
    void *volatile big = malloc((size_t)1 << 32);
    assert_null(big); /* the cap holds: a 4 GiB allocation would fail */
#endif
}

static void expect_read(const uint8_t *buf, size_t size, const char *msg)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = (struct aotx_module *)1;
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_E_FORMAT);
    assert_null(m);
    assert_string_equal(d.msg, msg);
}

static void huge_claims_are_refused_before_allocating(void **state)
{
    size_t size;
    uint8_t *orig = load_data(FIXTURE, &size), *f = malloc(size);
    (void)state;
    assert_int_equal(size, 1120);
    cap_address_space();

    memcpy(f, orig, size); /* a 4 GB text section */
    put32(f + TEXT - 4, 0xffffffffu);
    expect_read(f, size, "truncated file: section 2 (text) at 0x13c claims 0xffffffff bytes, "
                "but only 0x324 remain");

    memcpy(f, orig, size); /* a 4 GB literal area inside it */
    put32(f + TEXT, 0xfffffffcu);
    expect_read(f, size, "section 2 (text) at 0x13c: literal at offset 0x140 needs "
                "4294967292 bytes, but the section ends at 0x26c");

    memcpy(f, orig, size); /* 2^31 relocations in group 0 */
    put32(f + GROUP0_COUNT, 0x80000000u);
    expect_read(f, size, "section 5 (relocation) at 0x30c: relocation count 2147483648 at "
                "offset 0x37c needs at least 34359738368 bytes, but only 224 remain");

    memcpy(f, orig, size); /* 2^31 relocation symbols */
    put32(f + RELOC_SYMS, 0x80000000u);
    expect_read(f, size, "section 5 (relocation) at 0x30c: relocation symbol count 2147483648 "
                "at offset 0x30c needs at least 12884901888 bytes, but only 336 remain");

    free(f);
    free(orig);
}

/* ---- regressions from the fuzzers ---- */

enum parser { AOT, SYMMAP_ELF, XIP };

static const struct regress {
    const char *file;
    enum parser parser;
    const char *msg;
} regress[] = {
    /* fuzz_read: a nonzero export padding byte was accepted and written back
     * as 0, so the round trip differed */
    {"read-export-padding.aot", AOT,
     "section 4 (export) at 0x454: export padding at offset 0x4a9 is 0x10, not 0"},
    /* fuzz_elf: a symbol name holding a newline made a two-line message */
    {"elf-newline-in-name.elf", SYMMAP_ELF,
     "symbol '?start' is 0x8800063 in regress.elf but 0x8000063 in regress.elf"},
    /* fuzz_xip (UBSan): an x86-64 call with addend 0x7ffffffffffffffc; its
     * veneer target S + A - bias overflowed int64_t. Now computed mod 2^64:
     * memmove 0x08000100 + 0x7ffffffffffffffc + 4 = 0x8000000008000100. */
    {"xip-veneer-addend-overflow.aot", XIP, NULL},
    /* fuzz_elf (UBSan): a symbol table with no defined global left the list
     * of globals NULL, and qsort was handed it with a count of 0. Now it
     * loads: nothing in it is a usable symbol. */
    {"elf-locals-without-globals.elf", SYMMAP_ELF, NULL},
};

static const struct regress *find_regress(const char *file)
{
    for (size_t i = 0; i < sizeof regress / sizeof regress[0]; i++)
        if (strcmp(regress[i].file, file) == 0)
            return &regress[i];
    return NULL;
}

/* The rewrite with fuzz_xip's map (tests/fuzz/fuzz_xip.c) for the natives
 * this input references. */
static void xip_regress(const uint8_t *buf, size_t size)
{
    static const char *const defs[] = {
        "aot_set_exception_with_id=0x08000000", "aot_enlarge_memory=0x08000080",
        "memset=0x080000c0", "memmove=0x08000100",
    };
    struct aotx_diag d = {0};
    struct aotx_module *m;
    struct aotx_xip_image *img;
    struct aotx_symmap *syms = aotx_symmap_new();
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        assert_int_equal(aotx_symmap_defsym(syms, defs[i], &d), AOTX_OK);
    struct aotx_xip_options o = {.base = 0x08040000u, .symbols = syms};
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    if (aotx_xip(m, &o, &img, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    assert_true(img->verified);
    assert_int_equal(img->veneer_count, 4);
    assert_string_equal(img->veneers[1].target_name, "memmove");
    assert_true(img->veneers[1].target == 0x8000000008000100u);
    aotx_xip_free(img);
    aotx_module_free(m);
    aotx_symmap_free(syms);
}

static void fuzzer_findings_stay_fixed(void **state)
{
    char dir[4096];
    unsigned seen = 0;
    (void)state;
    snprintf(dir, sizeof dir, "%s/regress", test_data_dir);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        const struct regress *r = find_regress(e->d_name);
        if (r == NULL)
            fail_msg("tests/data/regress/%s has no expected result in test_hostile.c",
                     e->d_name);
        char rel[600];
        size_t size;
        snprintf(rel, sizeof rel, "regress/%s", e->d_name);
        uint8_t *buf = load_data(rel, &size);
        struct aotx_diag d = {0};
        if (r->parser == AOT) {
            expect_read(buf, size, r->msg);
        } else if (r->parser == XIP) {
            xip_regress(buf, size);
        } else {
            struct aotx_symmap *m = aotx_symmap_new();
            enum aotx_err rc = aotx_symmap_load_buffer(m, "regress.elf", buf, size,
                                                       AOTX_SYMMAP_ELF, &d);
            if (r->msg) {
                assert_int_equal(rc, AOTX_E_FORMAT);
                assert_string_equal(d.msg, r->msg);
            } else { /* loads, and nothing in it is a symbol */
                assert_int_equal(rc, AOTX_OK);
                assert_int_equal(aotx_symmap_count(m), 0);
            }
            aotx_symmap_free(m);
        }
        free(buf);
        seen++;
    }
    closedir(dp);
    assert_int_equal(seen, sizeof regress / sizeof regress[0]);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(fuzzer_findings_stay_fixed),
    /* last: it caps the address space of the process */
    cmocka_unit_test(huge_claims_are_refused_before_allocating),
};

TEST_MAIN(tests)
