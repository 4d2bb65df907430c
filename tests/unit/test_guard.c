/* The device-side guard (include/aot_xip/xip_guard.h) on images the tool
 * wrote (tests/data/guard/build.sh) and on damaged copies of them. */
#include "testutil.h"

#include "aot_xip/xip_guard.h"
#include "bytes.h"

#define BASE 0x08040000u

/* The GNU build ids of tests/data/guard/fw1.elf and fw2.elf (readelf -n). */
static const uint8_t fw1_id[20] = {0x9a, 0x9a, 0xb2, 0xfd, 0xea, 0x0e, 0xda, 0x2b, 0xad, 0xd2,
                                   0x69, 0xa1, 0x83, 0xd6, 0x20, 0x64, 0x06, 0x19, 0x2a, 0xfc};
static const uint8_t fw2_id[20] = {0xef, 0x91, 0x51, 0x0a, 0x13, 0x77, 0xfa, 0x79, 0xa6, 0xe2,
                                   0x93, 0x8f, 0x86, 0xc2, 0xa6, 0x72, 0xff, 0x8e, 0x5e, 0x1b};
static const struct aotx_guard_firmware fw1 = {fw1_id, sizeof fw1_id, 0, 0};
static const struct aotx_guard_firmware fw2 = {fw2_id, sizeof fw2_id, 0, 0};

#define EXPECT(got, want)                                                                     \
    do {                                                                                      \
        enum aotx_guard_result g_ = (got), w_ = (want);                                       \
        if (g_ != w_)                                                                         \
            fail_msg("%s: %s, expected %s", #got, aotx_guard_name(g_), aotx_guard_name(w_));  \
    } while (0)

/* DATA/guard/name in a heap buffer of its size plus `extra` erased (0xff)
 * bytes, as in flash after it. */
static uint8_t *image(const char *name, size_t extra, size_t *size)
{
    char rel[64];
    snprintf(rel, sizeof rel, "guard/%s", name);
    uint8_t *b = load_data(rel, size);
    uint8_t *p = realloc(b, *size + extra + 1);
    assert_non_null(p);
    memset(p + *size, 0xff, extra);
    return p;
}

static void accepts_the_images_the_tool_wrote(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app.aot", 4096, &n);
    EXPECT(aotx_guard_check(p, n, BASE, &fw1, NULL), AOTX_GUARD_OK);
    size_t size = 0;
    EXPECT(aotx_guard_check(p, n + 4096, BASE, &fw1, &size), AOTX_GUARD_OK);
    assert_int_equal(size, n);
    struct aotx_guard_firmware anyone = {NULL, 0, 0, 0};
    EXPECT(aotx_guard_check(p, n, BASE, &anyone, NULL), AOTX_GUARD_OK); /* not asked */
    free(p);
    /* a 1.x layout: the stamp's name without its NUL */
    p = image("app-1x.aot", 0, &n);
    EXPECT(aotx_guard_check(p, n, 0x00100000u, &fw1, NULL), AOTX_GUARD_OK);
    free(p);
}

static void refuses_another_place_or_firmware(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app.aot", 0, &n);
    EXPECT(aotx_guard_check(p, n, BASE + 4, &fw1, NULL), AOTX_GUARD_WRONG_BASE);
    EXPECT(aotx_guard_check(p, n, 0, &fw1, NULL), AOTX_GUARD_WRONG_BASE);
    EXPECT(aotx_guard_check(p, n, BASE, &fw2, NULL), AOTX_GUARD_OTHER_FIRMWARE);
    struct aotx_guard_firmware shorter = {fw1_id, sizeof fw1_id - 1, 0, 0};
    EXPECT(aotx_guard_check(p, n, BASE, &shorter, NULL), AOTX_GUARD_OTHER_FIRMWARE);
    free(p);
}

static void refuses_what_is_not_a_stamped_image(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app-nostamp.aot", 64, &n);
    EXPECT(aotx_guard_check(p, n, BASE, &fw1, NULL), AOTX_GUARD_NO_STAMP);
    EXPECT(aotx_guard_check(p, n + 64, BASE, &fw1, NULL), AOTX_GUARD_NO_STAMP);
    for (size_t span = 0; span < 8; span++)
        EXPECT(aotx_guard_check(p, span, BASE, &fw1, NULL), AOTX_GUARD_NOT_AOT);
    memset(p, 0xff, n); /* erased flash */
    EXPECT(aotx_guard_check(p, n, BASE, &fw1, NULL), AOTX_GUARD_NOT_AOT);
    free(p);
}

/* Every span shorter than the image: cut inside a section, or between two
 * (then the sections end without a stamp). Read in a buffer of exactly that
 * size, so a sanitizer sees any read past it. */
static void refuses_every_truncation(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app.aot", 0, &n);
    for (size_t span = 8; span < n; span++) {
        uint8_t *cut = malloc(span);
        assert_non_null(cut);
        memcpy(cut, p, span);
        enum aotx_guard_result r = aotx_guard_check(cut, span, BASE, &fw1, NULL);
        if (r != AOTX_GUARD_TRUNCATED && r != AOTX_GUARD_NO_STAMP)
            fail_msg("cut at %zu: %s", span, aotx_guard_name(r));
        free(cut);
    }
    free(p);
}

/* The bytes of the section frames (id and size) and of the stamp's frame
 * (kind, name) and the fields that find it (version, image size): a flip
 * there changes the walk; every other byte is only covered by the CRC. */
static void frame_bytes(const uint8_t *p, size_t n, uint8_t *frame)
{
    memset(frame, 0, n);
    memset(frame, 1, 4); /* the magic */
    size_t off = 8, last = 0;
    while (off + 8 <= n) {
        off += (4 - off % 4) % 4;
        memset(frame + off, 1, 8);
        last = off;
        off += 8 + rd32le(p + off + 4);
    }
    assert_int_equal(off, n);
    memset(frame + last + 8, 1, 14);         /* kind, name length, "aot-xip\0" */
    memset(frame + last + 22, 1, 4);         /* version */
    memset(frame + last + 22 + 44, 1, 4);    /* image size */
}

static void refuses_every_flipped_byte(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app.aot", 256, &n), *frame = malloc(n);
    assert_non_null(frame);
    frame_bytes(p, n, frame);
    for (size_t i = 0; i < n; i++)
        for (unsigned bit = 0; bit < 8; bit += 7) {
            p[i] ^= (uint8_t)(1u << bit);
            enum aotx_guard_result r = aotx_guard_check(p, n + 256, BASE, &fw1, NULL);
            p[i] ^= (uint8_t)(1u << bit);
            int ok = i < 4      ? r == AOTX_GUARD_NOT_AOT
                     : frame[i] ? r == AOTX_GUARD_NO_STAMP || r == AOTX_GUARD_TRUNCATED ||
                                      r == AOTX_GUARD_BAD_STAMP || r == AOTX_GUARD_BAD_CRC
                                : r == AOTX_GUARD_BAD_CRC;
            if (!ok)
                fail_msg("bit %u of byte %zu of %zu: %s", bit, i, n, aotx_guard_name(r));
        }
    free(frame);
    free(p);
}

/* The stamp's content (at c) changed and sealed again: its CRC made anew. */
static void reseal(uint8_t *p, size_t n)
{
    wr32le(p + n - 4, aotx_crc32(0, p, n - 4));
}

static size_t stamp_content(const uint8_t *p, size_t n)
{
    size_t off = 8, last = 0;
    while (off < n) {
        off += (4 - off % 4) % 4;
        last = off;
        off += 8 + rd32le(p + off + 4);
    }
    return last + 22;
}

static void checks_the_table_abi_and_the_version(void **state)
{
    (void)state;
    size_t n;
    uint8_t *p = image("app.aot", 0, &n);
    size_t c = stamp_content(p, n);
    wr32le(p + c + 48, 1u << 16 | 2), wr64le(p + c + 52, 0x08001000u); /* family 1, v2 */
    reseal(p, n);
    struct aotx_guard_firmware t = {fw2_id, sizeof fw2_id, 1u << 16 | 2, 0x08001000u};
    EXPECT(aotx_guard_check(p, n, BASE, &t, NULL), AOTX_GUARD_OK); /* the build id is not asked */
    t.natives_abi = 1u << 16 | 3;
    EXPECT(aotx_guard_check(p, n, BASE, &t, NULL), AOTX_GUARD_OK); /* a newer table */
    t.natives_abi = 1u << 16 | 1;
    EXPECT(aotx_guard_check(p, n, BASE, &t, NULL), AOTX_GUARD_TABLE_ABI); /* an older one */
    t.natives_abi = 2u << 16 | 2;
    EXPECT(aotx_guard_check(p, n, BASE, &t, NULL), AOTX_GUARD_TABLE_ABI); /* another family */
    t.natives_abi = 1u << 16 | 2, t.natives_table = 0x08002000u;
    EXPECT(aotx_guard_check(p, n, BASE, &t, NULL), AOTX_GUARD_TABLE_ABI); /* elsewhere */
    EXPECT(aotx_guard_check(p, n, BASE, &fw1, NULL), AOTX_GUARD_TABLE_ABI); /* no table */
    /* a version-3 stamp (no CRC to check) */
    wr32le(p + c, 3);
    reseal(p, n);
    EXPECT(aotx_guard_check(p, n, BASE, &fw1, NULL), AOTX_GUARD_BAD_STAMP);
    free(p);
}

static void names_every_result(void **state)
{
    (void)state;
    assert_string_equal(aotx_guard_name(AOTX_GUARD_OK), "AOTX_GUARD_OK");
    assert_string_equal(aotx_guard_name(AOTX_GUARD_BAD_CRC), "AOTX_GUARD_BAD_CRC");
    assert_string_equal(aotx_guard_name(AOTX_GUARD_TABLE_ABI), "AOTX_GUARD_TABLE_ABI");
    assert_string_equal(aotx_guard_name((enum aotx_guard_result)99), "AOTX_GUARD_?");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(accepts_the_images_the_tool_wrote),
    cmocka_unit_test(refuses_another_place_or_firmware),
    cmocka_unit_test(refuses_what_is_not_a_stamped_image),
    cmocka_unit_test(refuses_every_truncation),
    cmocka_unit_test(refuses_every_flipped_byte),
    cmocka_unit_test(checks_the_table_abi_and_the_version),
    cmocka_unit_test(names_every_result),
};

TEST_MAIN(tests)
