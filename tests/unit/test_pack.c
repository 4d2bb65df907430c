/* The device-side pack walker (include/aot_xip/xip_pack.h) on a pack the
 * tool wrote (tests/data/pack/two-apps.bin) and on damaged copies of it:
 * the exact result of each, and no read outside the span (each span is a
 * heap block of exactly its size, for the sanitizer build). */
#include "testutil.h"

#include "aot_xip/xip_pack.h"
#include "bytes.h"

static uint8_t *pack_bytes(size_t *size)
{
    return load_data("pack/two-apps.bin", size);
}

/* The first n bytes of p in a block of their own. */
static uint8_t *cut(const uint8_t *p, size_t n)
{
    uint8_t *q = malloc(n ? n : 1);
    assert_non_null(q);
    memcpy(q, p, n);
    return q;
}

/* The table's CRC made right again after an edit of the table. */
static void reseal(uint8_t *p)
{
    uint32_t n = rd32le(p + 8);
    uint32_t crc = aotx_crc32(0, p, 12);
    wr32le(p + 12, aotx_crc32(crc, p + AOTX_PACK_HEADER_SIZE, (size_t)n * AOTX_PACK_ENTRY_SIZE));
}

static void walks_a_real_pack(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    uint32_t n = 0;
    struct aotx_pack_app a;
    assert_int_equal(size, 1850);
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_OK);
    assert_int_equal(n, 2);
    assert_int_equal(aotx_pack_app_at(p, size, 0, &a), AOTX_PACK_OK);
    assert_string_equal(a.name, "calls");
    assert_int_equal(a.index, 0);
    assert_int_equal(a.offset, 0x80);
    assert_int_equal(a.size, 0x3d6);
    assert_int_equal(a.crc, 0xe563d433);
    assert_ptr_equal(a.addr, p + 0x80);
    assert_int_equal(aotx_pack_check(&a), AOTX_PACK_OK);
    assert_int_equal(memcmp(a.addr, "\0aot", 4), 0); /* a WAMR AOT file */
    assert_int_equal(aotx_pack_find(p, size, "math", &a), AOTX_PACK_OK);
    assert_string_equal(a.name, "math");
    assert_int_equal(a.index, 1);
    assert_int_equal(a.offset, 0x480);
    assert_int_equal(a.size, 0x2ba);
    assert_int_equal(a.crc, 0xb717ee6c);
    assert_int_equal(aotx_pack_check(&a), AOTX_PACK_OK);
    free(p);
}

static void finds_names_whole(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    struct aotx_pack_app a;
    assert_int_equal(aotx_pack_find(p, size, "call", &a), AOTX_PACK_E_NOT_FOUND);
    assert_int_equal(aotx_pack_find(p, size, "callss", &a), AOTX_PACK_E_NOT_FOUND);
    assert_int_equal(aotx_pack_find(p, size, "", &a), AOTX_PACK_E_NOT_FOUND);
    assert_int_equal(aotx_pack_find(p, size, "calls_and_a_name_of_32_bytes_xyz", &a),
                     AOTX_PACK_E_NOT_FOUND);
    assert_int_equal(aotx_pack_app_at(p, size, 2, &a), AOTX_PACK_E_NOT_FOUND);
    assert_int_equal(aotx_pack_app_at(p, size, UINT32_MAX, &a), AOTX_PACK_E_NOT_FOUND);
    free(p);
}

/* Spans cut short: the header, the table, then each app. */
static void stays_in_a_short_span(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    uint32_t n;
    struct aotx_pack_app a;
    static const size_t toc_cuts[] = {0, 15, 16, 63, 111};
    for (size_t i = 0; i < sizeof toc_cuts / sizeof toc_cuts[0]; i++) {
        uint8_t *q = cut(p, toc_cuts[i]);
        assert_int_equal(aotx_pack_open(q, toc_cuts[i], &n), AOTX_PACK_E_SHORT);
        assert_int_equal(aotx_pack_find(q, toc_cuts[i], "calls", &a), AOTX_PACK_E_SHORT);
        free(q);
    }
    assert_int_equal(aotx_pack_open(NULL, size, &n), AOTX_PACK_E_SHORT);
    uint8_t *q = cut(p, size - 1); /* math's last byte outside */
    assert_int_equal(aotx_pack_app_at(q, size - 1, 0, &a), AOTX_PACK_OK);
    assert_int_equal(aotx_pack_find(q, size - 1, "math", &a), AOTX_PACK_E_RANGE);
    free(q);
    q = cut(p, 112); /* the table alone */
    assert_int_equal(aotx_pack_open(q, 112, &n), AOTX_PACK_OK);
    assert_int_equal(aotx_pack_app_at(q, 112, 0, &a), AOTX_PACK_E_RANGE);
    free(q);
    free(p);
}

static void refuses_a_damaged_table(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    uint32_t n;
    struct aotx_pack_app a;
    p[0] = 'B';
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_MAGIC);
    p[0] = 'A';
    p[4] = 2; /* version 2 */
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_VERSION);
    p[4] = 1;
    p[6] = 47; /* entry size */
    assert_int_equal(aotx_pack_find(p, size, "calls", &a), AOTX_PACK_E_VERSION);
    p[6] = 48;
    p[16] ^= 0x20; /* "Calls" */
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_TOC_CRC);
    assert_int_equal(aotx_pack_find(p, size, "Calls", &a), AOTX_PACK_E_TOC_CRC);
    p[16] ^= 0x20;
    wr32le(p + 8, UINT32_MAX); /* a count past the span: found before any CRC */
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_SHORT);
    wr32le(p + 8, 39); /* 16 + 39 * 48 = 1888 bytes of table: past the span */
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_SHORT);
    wr32le(p + 8, 38); /* 1840 bytes of table: they fit, the CRC does not */
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_E_TOC_CRC);
    wr32le(p + 8, 2);
    assert_int_equal(aotx_pack_open(p, size, &n), AOTX_PACK_OK);
    free(p);
}

/* Entries sealed with a good table CRC but pointing where no app can be. */
static void refuses_an_app_out_of_place(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    struct aotx_pack_app a;
    static const uint32_t bad[][2] = {
        {0x40, 0x10},                 /* inside the table */
        {0x480, 0},                   /* empty */
        {0x480, 0x2bb},               /* one byte past the span */
        {0x73b, 1},                   /* starts past the span */
        {0xffffffff, 2},              /* offset + size wraps */
        {0x480, 0xffffffff},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wr32le(p + 16 + 48 + 32, bad[i][0]);
        wr32le(p + 16 + 48 + 36, bad[i][1]);
        reseal(p);
        assert_int_equal(aotx_pack_find(p, size, "math", &a), AOTX_PACK_E_RANGE);
        assert_int_equal(aotx_pack_app_at(p, size, 0, &a), AOTX_PACK_OK);
    }
    free(p);
}

static void refuses_a_damaged_app(void **state)
{
    (void)state;
    size_t size;
    uint8_t *p = pack_bytes(&size);
    struct aotx_pack_app a;
    p[0x480 + 0x100] ^= 1;
    assert_int_equal(aotx_pack_find(p, size, "math", &a), AOTX_PACK_OK);
    assert_int_equal(aotx_pack_check(&a), AOTX_PACK_E_APP_CRC);
    assert_int_equal(aotx_pack_find(p, size, "calls", &a), AOTX_PACK_OK);
    assert_int_equal(aotx_pack_check(&a), AOTX_PACK_OK);
    p[0x70] = 0; /* padding between the table and the first app: no app's */
    assert_int_equal(aotx_pack_check(&a), AOTX_PACK_OK);
    free(p);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(walks_a_real_pack),
    cmocka_unit_test(finds_names_whole),
    cmocka_unit_test(stays_in_a_short_span),
    cmocka_unit_test(refuses_a_damaged_table),
    cmocka_unit_test(refuses_an_app_out_of_place),
    cmocka_unit_test(refuses_a_damaged_app),
};

TEST_MAIN(tests)
