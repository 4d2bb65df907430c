/* The stale-map guard section: its format in src/stamp.h, these functions
 * in tool.h. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "tool.h"

#define HASH_K 0x9e3779b97f4a7c15ull
#define HASH_SEED 0x2545f4914f6cdd1dull

static uint64_t rotl64(uint64_t v, unsigned r) { return v << r | v >> (64 - r); }

/* A bijection of v for a given w, and of w for a given v: xor, rotate, and a
 * multiplication by an odd constant, each invertible modulo 2^64. */
static inline uint64_t hash_step(uint64_t v, uint64_t w) { return rotl64(v ^ w, 29) * HASH_K; }

/* Word j of a 32-byte block into lane j. The four steps are independent, so
 * their multiplications overlap. */
static inline void hash_block(uint64_t v[4], const uint8_t *b)
{
    v[0] = hash_step(v[0], rd64le(b));
    v[1] = hash_step(v[1], rd64le(b + 8));
    v[2] = hash_step(v[2], rd64le(b + 16));
    v[3] = hash_step(v[3], rd64le(b + 24));
}

uint64_t stamp_hash64(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t v[4] = {HASH_SEED, HASH_SEED ^ HASH_K, HASH_SEED ^ 2 * HASH_K,
                     HASH_SEED ^ 3 * HASH_K};
    size_t i = 0;
    for (; n - i >= 32; i += 32)
        hash_block(v, b + i);
    if (i < n) {
        uint8_t t[32] = {0};
        memcpy(t, b + i, n - i);
        hash_block(v, t);
    }
    uint64_t h = HASH_SEED;
    for (int j = 0; j < 4; j++)
        h = hash_step(h, v[j]);
    h = hash_step(h, (uint64_t)n);
    h ^= h >> 33; /* MurmurHash3's fmix64 */
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

enum aotx_err stamp_tail(size_t image_size, enum aotx_layout layout, const struct stamp *s,
                         uint8_t **tail, size_t *tail_size, struct aotx_diag *d)
{
    size_t content = 44;
    for (uint32_t i = 0; i < s->count; i++)
        content += 4 + strlen(s->natives[i].name) + 8;
    if (content > UINT32_MAX)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "stamp: %u natives do not fit a section",
                         s->count);
    uint8_t *c = malloc(content);
    if (!c)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory");
    uint8_t *p = c + 44;
    for (uint32_t i = 0; i < s->count; i++) {
        size_t n = strlen(s->natives[i].name);
        wr32le(p, (uint32_t)n);
        memcpy(p + 4, s->natives[i].name, n);
        wr64le(p + 4 + n, s->natives[i].value);
        p += 4 + n + 8;
    }
    wr32le(c, STAMP_VERSION), wr32le(c + 4, s->flags), wr64le(c + 8, s->base);
    wr64le(c + 16, s->input_size), wr64le(c + 24, s->input_hash);
    wr64le(c + 32, stamp_hash64(c + 44, content - 44)), wr32le(c + 40, s->count);
    struct aotx_custom cus = {.kind = AOTX_CUSTOM_RAW, .raw_name = STAMP_NAME,
                              .raw_content = c, .raw_content_size = (uint32_t)content};
    enum aotx_err e =
        aotx_custom_tail(image_size, layout, AOTX_ETYPE_XIP, &cus, tail, tail_size, d);
    free(c);
    return e;
}

void stamp_free(struct stamp *s)
{
    for (uint32_t i = 0; s->natives && i < s->count; i++)
        free(s->natives[i].name);
    free(s->natives);
    s->natives = NULL;
}

int stamp_find(const struct aotx_module *m, struct stamp *s, struct aotx_diag *d)
{
    const struct aotx_custom *c = NULL;
    memset(s, 0, sizeof *s);
    for (uint32_t i = 0; i < m->custom_count; i++)
        if (m->customs[i].kind == AOTX_CUSTOM_RAW && !strcmp(m->customs[i].raw_name, STAMP_NAME))
            c = &m->customs[i];
    if (!c)
        return 0;
    const uint8_t *p = c->raw_content, *end = p + c->raw_content_size;
    if (end - p < 44) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is not a version %u stamp", STAMP_NAME,
                  STAMP_VERSION);
        return -1;
    }
    /* another version hashes differently (version 2: stamp.h) or may lay out
     * its content differently: none of it can be compared */
    if (rd32le(p) != STAMP_VERSION) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is a version %u stamp; this aot-xip "
                  "reads version %u: relocate the image again", STAMP_NAME, rd32le(p),
                  STAMP_VERSION);
        return -1;
    }
    s->flags = rd32le(p + 4), s->base = rd64le(p + 8), s->input_size = rd64le(p + 16);
    s->input_hash = rd64le(p + 24), s->natives_hash = rd64le(p + 32);
    uint32_t count = rd32le(p + 40);
    p += 44;
    if (count > (size_t)(end - p) / 12 ||
        !(s->natives = calloc(count + 1, sizeof *s->natives))) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section lists %u natives in %u bytes",
                  STAMP_NAME, count, c->raw_content_size);
        return -1;
    }
    for (; s->count < count; s->count++) {
        uint32_t n = end - p >= 4 ? rd32le(p) : UINT32_MAX;
        if (n == UINT32_MAX || n > (size_t)(end - p) - 4 || (size_t)(end - p) - 4 - n < 8 ||
            !(s->natives[s->count].name = malloc((size_t)n + 1))) {
            stamp_free(s);
            aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is cut short at native %u",
                      STAMP_NAME, s->count);
            return -1;
        }
        memcpy(s->natives[s->count].name, p + 4, n);
        s->natives[s->count].name[n] = 0;
        s->natives[s->count].value = rd64le(p + 4 + n);
        p += 4 + (size_t)n + 8;
    }
    if (p != end || stamp_hash64(c->raw_content + 44, c->raw_content_size - 44) !=
                        s->natives_hash) {
        stamp_free(s);
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is damaged: %s", STAMP_NAME,
                  p != end ? "bytes after the last native" : "its natives hash does not match");
        return -1;
    }
    return 1;
}
