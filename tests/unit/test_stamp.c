/* stamp_hash64 (tools/tool.h): its vectors, and the property its comment argues. */
#include "testutil.h"

#include "aot_xip/crc32.h"
#include "bytes.h"
#include "tool.h" /* the stamp's functions */

/* byte i of a vector input */
static uint8_t pattern(size_t i) { return (uint8_t)(i * 131 + 7); }

/* From the independent model in tests/e2e/test_stamp.py (hash64, written from
 * stamp.h's description): every tail length class, whole blocks, and more
 * than one block in every lane. */
static const struct {
    size_t n;
    uint64_t hash;
} vectors[] = {
    {0, 0x818ad2940cf80883ull},   /* the lanes' seeds and the length only */
    {1, 0x5845fe4d5aa77a37ull},   /* one padded block, 1 byte in lane 0 */
    {7, 0x9d7435236d061810ull},
    {8, 0x8c7240b3f44ef8c4ull},   /* lane 0 full, lanes 1-3 zero words */
    {9, 0x7b1196657158c17full},
    {24, 0x70104d3465e54e90ull},
    {31, 0x088394c90c3e8b69ull},
    {32, 0xf75e96f0a37fd28eull},  /* one whole block, no padding */
    {33, 0xb88f06ba1547a496ull},  /* a whole block, then a padded one */
    {40, 0x8afc97a4d0131f7aull},
    {63, 0x207a4f0755527f84ull},
    {64, 0x545751a335a73e32ull},
    {65, 0x0256d6df1f7e23f2ull},
    {100, 0x3b1e18f374c72d12ull},
    {1000, 0xad45c3c3d1d0b4ecull},
};

/* An input of exactly n bytes on the heap, so a sanitizer build sees any
 * read past it. */
static uint8_t *input(size_t n)
{
    uint8_t *b = malloc(n ? n : 1);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        b[i] = pattern(i);
    return b;
}

static void hash_vectors(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof vectors / sizeof *vectors; v++) {
        uint8_t *b = input(vectors[v].n);
        uint64_t h = stamp_hash64(b, vectors[v].n);
        if (h != vectors[v].hash)
            fail_msg("%zu bytes: 0x%016llx, expected 0x%016llx", vectors[v].n,
                     (unsigned long long)h, (unsigned long long)vectors[v].hash);
        free(b);
    }
}

static void hash_ignores_alignment(void **state)
{
    (void)state;
    uint8_t *b = input(1001);
    for (size_t off = 1; off < 8; off++) {
        uint8_t *c = malloc(1000 - off);
        assert_non_null(c);
        memcpy(c, b + off, 1000 - off);
        assert_true(stamp_hash64(b + off, 1000 - off) == stamp_hash64(c, 1000 - off));
        free(c);
    }
    free(b);
}

/* Two inputs of one length that differ in one word never hash alike: for
 * every length to past four blocks and every word (all four lanes, the padded
 * tail), the input and each one-bit change of that word (its bytes inside the
 * input) all hash apart, as they differ pairwise in that one word. */
static void one_word_apart_never_collide(void **state)
{
    (void)state;
    for (size_t n = 1; n <= 140; n++) {
        uint8_t *b = input(n);
        uint64_t base = stamp_hash64(b, n);
        for (size_t w = 0; w < n; w += 8) {
            uint64_t seen[65] = {base};
            size_t count = 1;
            for (size_t bit = 0; bit < 8 * (n - w < 8 ? n - w : 8); bit++) {
                b[w + bit / 8] ^= (uint8_t)(1u << bit % 8);
                uint64_t h = stamp_hash64(b, n);
                b[w + bit / 8] ^= (uint8_t)(1u << bit % 8);
                for (size_t k = 0; k < count; k++)
                    if (seen[k] == h)
                        fail_msg("%zu bytes: bit %zu of word %zu collides", n, bit, w / 8);
                seen[count++] = h;
            }
        }
        assert_true(stamp_hash64(b, n) == base);
        free(b);
    }
}

/* The length is hashed: an input and the same one with zeros after it (the
 * same padded blocks) hash apart. */
static void the_length_counts(void **state)
{
    (void)state;
    static const uint8_t zeros[65];
    uint64_t seen[65];
    for (size_t n = 0; n <= 64; n++) {
        seen[n] = stamp_hash64(zeros, n);
        for (size_t k = 0; k < n; k++)
            assert_true(seen[k] != seen[n]);
    }
}

/* The stamp after an image of any length: the pad to 4 (zeros), then the
 * same section: u32 id 100 (custom), u32 size, u32 kind 0 (raw), the
 * name "aot-xip" (u16 length 8: a 2.x writer's strings end in a NUL), the
 * content; its image size (content offset 44) is the whole image's, and its
 * last 4 bytes the CRC-32 of every byte of the image before them. Only
 * those two fields differ from one length to another. */
static void tail_after_any_length(void **state)
{
    (void)state;
    struct stamp_native nat[1] = {{.name = (char *)"memcpy", .value = 0x08000101u}};
    struct stamp st = {.flags = STAMP_THUMB_BIT, .base = 0x08040000u, .input_size = 1234,
                       .input_hash = 0x1122334455667788ull, .count = 1, .natives = nat,
                       .id = {0xab, 0xcd}, .id_len = 2};
    struct aotx_diag d = {0};
    uint8_t *first = NULL, *image = input(1003 + 200);
    size_t first_size = 0;
    for (size_t at = 1000; at < 1004; at++) {
        uint8_t *tail;
        size_t n, pad = (4 - at % 4) % 4;
        st.image_crc = aotx_crc32(0, image, at);
        assert_int_equal(stamp_tail(at, AOTX_LAYOUT_2X, &st, &tail, &n, &d), AOTX_OK);
        for (size_t k = 0; k < pad; k++)
            assert_int_equal(tail[k], 0);
        assert_int_equal(rd32le(tail + pad), 100);
        assert_int_equal(rd32le(tail + pad + 4), n - pad - 8);
        assert_int_equal(rd32le(tail + pad + 8), 0);
        assert_int_equal(rd16le(tail + pad + 12), 8);
        assert_memory_equal(tail + pad + 14, "aot-xip", 8);
        const uint8_t *c = tail + pad + 22; /* the content */
        assert_int_equal(rd32le(c), 4);
        assert_int_equal(rd32le(c + 44), at + n);
        assert_int_equal(rd32le(c + 60), 2);
        memcpy(image + at, tail, n);
        assert_int_equal(rd32le(tail + n - 4), aotx_crc32(0, image, at + n - 4));
        memset(tail + pad + 22 + 44, 0, 4), memset(tail + n - 4, 0, 4);
        if (!first) {
            first = tail, first_size = n;
            continue;
        }
        assert_int_equal(n - pad, first_size);
        assert_memory_equal(tail + pad, first, first_size);
        free(tail);
    }
    free(first);
    free(image);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(hash_vectors),
    cmocka_unit_test(hash_ignores_alignment),
    cmocka_unit_test(one_word_apart_never_collide),
    cmocka_unit_test(the_length_counts),
    cmocka_unit_test(tail_after_any_length),
};

TEST_MAIN(tests)
