/* Shared helpers for the cmocka unit tests. */
#ifndef AOTX_TESTUTIL_H
#define AOTX_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aot_xip/aot_xip.h"

/* The test data directory, from the first command line argument. */
extern const char *test_data_dir;

/* Load DATA/rel; fails the test if it cannot. */
static inline uint8_t *load_data(const char *rel, size_t *size)
{
    char path[4096];
    uint8_t *buf;
    struct aotx_diag d = {0};
    snprintf(path, sizeof path, "%s/%s", test_data_dir, rel);
    if (aotx_read_file(path, &buf, size, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    return buf;
}

/* The resident kB of the mapping that starts at p (/proc/self/smaps). */
static inline long mapping_rss_kb(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    int in_it = 0;
    long kb = -1;
    while (kb < 0 && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            in_it = lo == (unsigned long)(uintptr_t)p;
        else if (in_it && sscanf(line, "Rss: %ld kB", &kb) == 1)
            break;
    }
    fclose(f);
    assert_true(kb >= 0);
    return kb;
}

#define TEST_MAIN(tests)                                                                   \
    const char *test_data_dir = "tests/data";                                              \
    int main(int argc, char **argv)                                                        \
    {                                                                                      \
        if (argc > 1)                                                                      \
            test_data_dir = argv[1];                                                       \
        return cmocka_run_group_tests(tests, NULL, NULL);                                  \
    }

#endif
