/* Every .aot in the test data parses, and writing the parsed module gives
 * the file back byte for byte: the reader loses nothing. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>

static int files, failures;

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (flag != FTW_F || n < 4 || strcmp(path + n - 4, ".aot") != 0)
        return 0;
    uint8_t *buf, *out;
    size_t size, out_size;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    files++;
    assert_int_equal(aotx_read_file(path, &buf, &size, &d), AOTX_OK);
    if (aotx_read(buf, size, &m, &d) != AOTX_OK) {
        print_error("%s: %s\n", path, d.msg);
        failures++;
        free(buf);
        return 0;
    }
    assert_int_equal(aotx_write(m, &out, &out_size, &d), AOTX_OK);
    if (out_size != size || memcmp(out, buf, size) != 0) {
        size_t at = 0;
        while (at < size && at < out_size && out[at] == buf[at])
            at++;
        print_error("%s: written back differs at offset 0x%zx (%zu vs %zu bytes)\n", path, at,
                    out_size, size);
        failures++;
    }
    free(out);
    aotx_module_free(m);
    free(buf);
    return 0;
}

static void all_fixtures_round_trip(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/aot", test_data_dir);
    assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
    /* 5 layouts x 10 targets x 5 programs, simd on two targets for v3..v6,
     * and big.aot on two: a lost file is a failure too. */
    assert_int_equal(files, 254);
    assert_int_equal(failures, 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(all_fixtures_round_trip),
};

TEST_MAIN(tests)
