/* The stale-map guard section: its format in src/stamp.h, these functions
 * in tool.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot_xip/crc32.h"
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

/* The natives list as stored, at p (NULL: only measured); its size. */
static size_t put_natives(uint8_t *p, const struct stamp *s)
{
    size_t n = 0;
    for (uint32_t i = 0; i < s->count; i++) {
        size_t k = strlen(s->natives[i].name);
        if (p) {
            wr32le(p + n, (uint32_t)k);
            memcpy(p + n + 4, s->natives[i].name, k);
            wr64le(p + n + 4 + k, s->natives[i].value);
        }
        n += 4 + k + 8;
    }
    return n;
}

/* The content but the image size and the CRC (stamp.h). */
static void put_content(uint8_t *c, size_t list, const struct stamp *s)
{
    uint8_t *l = c + STAMP_V4_HEAD + s->id_len;
    put_natives(l, s);
    wr32le(c, STAMP_VERSION), wr32le(c + 4, s->flags), wr64le(c + 8, s->base);
    wr64le(c + 16, s->input_size), wr64le(c + 24, s->input_hash);
    wr64le(c + 32, stamp_hash64(l, list)), wr32le(c + 40, s->count);
    wr32le(c + 48, s->natives_abi), wr64le(c + 52, s->natives_table);
    wr32le(c + 60, s->id_len);
    memcpy(c + STAMP_V4_HEAD, s->id, s->id_len);
}

/* The image size and the CRC into the tail, whose content is its last
 * content bytes: the CRC over the image (s->image_crc) and the tail. */
static enum aotx_err seal(size_t image_size, const struct stamp *s, uint8_t *tail, size_t n,
                          size_t content, struct aotx_diag *d)
{
    if (image_size + n > UINT32_MAX)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "stamp: an image of %zu bytes does not fit "
                         "its u32 size", image_size + n);
    wr32le(tail + n - content + 44, (uint32_t)(image_size + n));
    wr32le(tail + n - 4, aotx_crc32(s->image_crc, tail, n - 4));
    return AOTX_OK;
}

enum aotx_err stamp_tail(size_t image_size, enum aotx_layout layout, const struct stamp *s,
                         uint8_t **tail, size_t *tail_size, struct aotx_diag *d)
{
    size_t list = put_natives(NULL, s), content = STAMP_V4_HEAD + s->id_len + list + 4;
    if (content > UINT32_MAX || s->id_len > STAMP_ID_MAX)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "stamp: %u natives do not fit a section",
                         s->count);
    uint8_t *c = calloc(content, 1);
    if (!c)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory");
    put_content(c, list, s);
    struct aotx_custom cus = {.kind = AOTX_CUSTOM_RAW, .raw_name = STAMP_NAME,
                              .raw_content = c, .raw_content_size = (uint32_t)content};
    enum aotx_err e =
        aotx_custom_tail(image_size, layout, AOTX_ETYPE_XIP, &cus, tail, tail_size, d);
    free(c);
    if (e == AOTX_OK && (e = seal(image_size, s, *tail, *tail_size, content, d)) != AOTX_OK) {
        free(*tail);
        *tail = NULL;
    }
    return e;
}

const char *stamp_hex(char *out, const uint8_t *id, size_t n)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", id[i]);
    out[2 * n] = 0;
    return out;
}

void stamp_free(struct stamp *s)
{
    for (uint32_t i = 0; s->natives && i < s->count; i++)
        free(s->natives[i].name);
    free(s->natives);
    s->natives = NULL;
}

/* The fixed fields of a version-3 or 4 stamp at p (n bytes) into s; the
 * natives list's offset, or 0 (d says why). */
static size_t read_head(const uint8_t *p, size_t n, struct stamp *s, struct aotx_diag *d)
{
    uint32_t v = n >= 4 ? rd32le(p) : 0;
    size_t head = v == 4 ? STAMP_V4_HEAD : STAMP_V3_HEAD;
    if (n < 4 || (v == 4 && n >= head && rd32le(p + 60) > STAMP_ID_MAX)) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is not a version 3 or 4 stamp",
                  STAMP_NAME);
        return 0;
    }
    /* another version hashes differently (version 2: tool.h) or may lay out
     * its content differently: none of it can be compared */
    if (v != 3 && v != 4) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is a version %u stamp; this aot-xip "
                  "reads versions 3 and 4: relocate the image again", STAMP_NAME, v);
        return 0;
    }
    /* the id before the list, the CRC after */
    size_t tail = v == 4 && n >= head ? rd32le(p + 60) + 4u : 0;
    if (n < head || n - head < tail) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is cut short: %zu bytes", STAMP_NAME, n);
        return 0;
    }
    s->version = v, s->flags = rd32le(p + 4), s->base = rd64le(p + 8);
    s->input_size = rd64le(p + 16), s->input_hash = rd64le(p + 24);
    s->natives_hash = rd64le(p + 32), s->count = rd32le(p + 40);
    if (v == 4) {
        s->image_size = rd32le(p + 44), s->natives_abi = rd32le(p + 48);
        s->natives_table = rd64le(p + 52), s->id_len = rd32le(p + 60);
        memcpy(s->id, p + head, s->id_len);
        s->image_crc = rd32le(p + n - 4);
    }
    return head + s->id_len;
}

/* The natives list p..end into s (s->count of them); 0, or -1 (d says why). */
static int read_natives(const uint8_t *p, const uint8_t *end, struct stamp *s,
                        struct aotx_diag *d)
{
    const uint8_t *list = p;
    uint32_t count = s->count;
    s->count = 0;
    if (count > (size_t)(end - p) / 12 || !(s->natives = calloc(count + 1, sizeof *s->natives))) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section lists %u natives in %zu bytes",
                  STAMP_NAME, count, (size_t)(end - p));
        return -1;
    }
    for (; s->count < count; s->count++) {
        uint32_t n = end - p >= 4 ? rd32le(p) : UINT32_MAX;
        if (n == UINT32_MAX || n > (size_t)(end - p) - 4 || (size_t)(end - p) - 4 - n < 8 ||
            !(s->natives[s->count].name = malloc((size_t)n + 1))) {
            aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is cut short at native %u",
                      STAMP_NAME, s->count);
            return -1;
        }
        memcpy(s->natives[s->count].name, p + 4, n);
        s->natives[s->count].name[n] = 0;
        s->natives[s->count].value = rd64le(p + 4 + n);
        p += 4 + (size_t)n + 8;
    }
    if (p != end || stamp_hash64(list, (size_t)(end - list)) != s->natives_hash) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is damaged: %s", STAMP_NAME,
                  p != end ? "bytes after the last native" : "its natives hash does not match");
        return -1;
    }
    return 0;
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
    const uint8_t *p = c->raw_content;
    size_t n = c->raw_content_size, list = read_head(p, n, s, d);
    if (!list)
        return -1;
    if (read_natives(p + list, p + n - (s->version == 4 ? 4 : 0), s, d)) {
        stamp_free(s);
        return -1;
    }
    return 1;
}
