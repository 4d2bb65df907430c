/* The stale-map guard section: see stamp.h. */
#include "stamp.h"

#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "internal.h"

uint64_t stamp_fnv1a(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t stamp_natives_hash(const struct stamp *s)
{
    uint64_t h = STAMP_FNV_INIT;
    for (uint32_t i = 0; i < s->count; i++) {
        uint8_t v[8];
        wr64le(v, s->natives[i].value);
        h = stamp_fnv1a(h, s->natives[i].name, strlen(s->natives[i].name) + 1);
        h = stamp_fnv1a(h, v, 8);
    }
    return h;
}

enum aotx_err stamp_append(const uint8_t *image, size_t size, const struct stamp *s,
                           uint8_t **out, size_t *out_size, struct aotx_diag *d)
{
    struct aotx_module *m = NULL;
    enum aotx_err e;
    *out = NULL;
    if ((e = aotx_read(image, size, &m, d)) != AOTX_OK)
        return e;
    size_t content = 44;
    for (uint32_t i = 0; i < s->count; i++)
        content += 4 + strlen(s->natives[i].name) + 8;
    uint8_t *c = malloc(content);
    struct aotx_section *secs = calloc(m->section_count + 1, sizeof *secs);
    struct aotx_custom *cus = calloc(m->custom_count + 1, sizeof *cus);
    if (!c || !secs || !cus || content > UINT32_MAX) {
        e = aotx_fail(d, AOTX_E_NOMEM, "out of memory");
        goto done;
    }
    uint8_t *p = c;
    wr32le(p, STAMP_VERSION), wr32le(p + 4, s->flags), wr64le(p + 8, s->base);
    wr64le(p + 16, s->input_size), wr64le(p + 24, s->input_hash);
    wr64le(p + 32, s->natives_hash), wr32le(p + 40, s->count);
    p += 44;
    for (uint32_t i = 0; i < s->count; i++) {
        size_t n = strlen(s->natives[i].name);
        wr32le(p, (uint32_t)n);
        memcpy(p + 4, s->natives[i].name, n);
        wr64le(p + 4 + n, s->natives[i].value);
        p += 4 + n + 8;
    }
    struct aotx_module o = *m;
    memcpy(secs, m->sections, m->section_count * sizeof *secs);
    secs[m->section_count].id = AOTX_SEC_CUSTOM;
    if (m->custom_count)
        memcpy(cus, m->customs, m->custom_count * sizeof *cus);
    cus[m->custom_count] = (struct aotx_custom){.kind = AOTX_CUSTOM_RAW, .raw_name = STAMP_NAME,
                                                .raw_content = c,
                                                .raw_content_size = (uint32_t)content};
    o.sections = secs;
    o.section_count++;
    o.customs = cus;
    o.custom_count++;
    if ((e = aotx_write(&o, out, out_size, d)) != AOTX_OK)
        goto done;
    /* the image before the stamp is what the rewrite wrote and verified */
    if (*out_size < size || memcmp(*out, image, size) != 0) {
        free(*out);
        *out = NULL;
        e = aotx_fail(d, AOTX_E_FORMAT, "stamp: the image changed when its stamp was appended");
    }
done:
    free(c);
    free(secs);
    free(cus);
    aotx_module_free(m);
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
    if (end - p < 44 || rd32le(p) != STAMP_VERSION) {
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is not a version %u stamp", STAMP_NAME,
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
    if (p != end || stamp_natives_hash(s) != s->natives_hash) {
        stamp_free(s);
        aotx_fail(d, AOTX_E_FORMAT, "the \"%s\" section is damaged: %s", STAMP_NAME,
                  p != end ? "bytes after the last native" : "its natives hash does not match");
        return -1;
    }
    return 1;
}
