/* The explicit-endian accessors and the bit vocabulary. */
#include "testutil.h"

#include "bytes.h"
#include "aot_xip/crc32.h"

static void reads_both_byte_orders(void **state)
{
    (void)state;
    static const uint8_t b[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88};
    assert_int_equal(rd16le(b), 0x0201);
    assert_int_equal(rd16be(b), 0x0102);
    assert_int_equal(rd32le(b), 0x04030201);
    assert_int_equal(rd32be(b), 0x01020304);
    assert_true(rd64le(b) == 0x8807060504030201ull);
    assert_true(rd64be(b) == 0x0102030405060788ull);
    assert_int_equal(rd32(b, 1), 0x01020304);
    assert_int_equal(rd32(b, 0), 0x04030201);
}

static void writes_both_byte_orders(void **state)
{
    (void)state;
    uint8_t b[10];
    memset(b, 0xee, sizeof b);
    wr32be(b + 1, 0xa1b2c3d4);
    static const uint8_t be[10] = {0xee, 0xa1, 0xb2, 0xc3, 0xd4, 0xee, 0xee, 0xee, 0xee, 0xee};
    assert_memory_equal(b, be, sizeof b);
    wr32le(b + 1, 0xa1b2c3d4);
    static const uint8_t le[10] = {0xee, 0xd4, 0xc3, 0xb2, 0xa1, 0xee, 0xee, 0xee, 0xee, 0xee};
    assert_memory_equal(b, le, sizeof b);
    wr64be(b + 1, 0x0102030405060708ull);
    assert_true(rd64be(b + 1) == 0x0102030405060708ull);
    assert_int_equal(b[8], 0x08);
    assert_int_equal(b[9], 0xee);
    assert_int_equal(b[0], 0xee);
    wr16(b, 0x1234, 1);
    assert_int_equal(rd16be(b), 0x1234);
    wr16(b, 0x1234, 0);
    assert_int_equal(rd16le(b), 0x1234);
}

static void words_of_any_width(void **state)
{
    (void)state;
    static const unsigned widths[] = {1, 2, 4, 8};
    for (size_t i = 0; i < 4; i++)
        for (int be = 0; be < 2; be++) {
            uint8_t b[10];
            memset(b, 0xee, sizeof b);
            uint64_t v = 0x0102030405060708ull & (widths[i] == 8 ? ~0ull
                                                  : (1ull << (8 * widths[i])) - 1);
            wrn(b + 1, widths[i], v, be);
            assert_true(rdn(b + 1, widths[i], be) == v);
            assert_int_equal(b[0], 0xee);                    /* nothing before */
            assert_int_equal(b[1 + widths[i]], 0xee);        /* nothing after */
            assert_int_equal(b[1], be ? (v >> (8 * (widths[i] - 1))) & 0xff : v & 0xff);
        }
}

static void bit_vocabulary(void **state)
{
    (void)state;
    assert_int_equal(bits(0xabcd, 15, 12), 0xa);
    assert_int_equal(bits(0xabcd, 3, 0), 0xd);
    assert_true(bits(~0ull, 63, 0) == ~0ull);
    assert_int_equal(sext(0x800, 12), -2048);
    assert_int_equal(sext(0x7ff, 12), 2047);
    assert_int_equal(sext(0xfff, 12), -1);
    assert_int_equal(sext(0x1000, 12), 0); /* bits above n are ignored */
    assert_true(sext(0x8000000000000000ull, 64) == INT64_MIN);
    /* fits_signed at its limits, +-1 */
    assert_true(fits_signed(-16777216, 25));
    assert_false(fits_signed(-16777217, 25));
    assert_true(fits_signed(16777215, 25));
    assert_false(fits_signed(16777216, 25));
    assert_true(fits_signed(INT64_MIN, 64));
    assert_true(fits_unsigned(0xffffffffu, 32));
    assert_false(fits_unsigned(0x100000000ull, 32));
    assert_int_equal(align_up(13, 4), 16);
    assert_int_equal(align_up(16, 16), 16);
}

/* CRC-32 as zlib's crc32() gives it (python3 -c "import zlib; ..."). */
static void crc32_known_values(void **state)
{
    (void)state;
    assert_int_equal(aotx_crc32(0, "", 0), 0);
    assert_int_equal(aotx_crc32(0, "a", 1), 0xE8B7BE43u);
    assert_int_equal(aotx_crc32(0, "123456789", 9), 0xCBF43926u);
    static const uint8_t ff[4] = {0xff, 0xff, 0xff, 0xff};
    assert_int_equal(aotx_crc32(0, ff, 4), 0xFFFFFFFFu);
    /* in pieces: the same as at once */
    assert_int_equal(aotx_crc32(aotx_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(reads_both_byte_orders),
    cmocka_unit_test(writes_both_byte_orders),
    cmocka_unit_test(words_of_any_width),
    cmocka_unit_test(bit_vocabulary),
    cmocka_unit_test(crc32_known_values),
};

TEST_MAIN(tests)
