/* Device side of `aot-xip pack`: walk the table of contents of a partition
 * holding several XIP images (docs/pack-format.md), find an app by name or
 * index, check its CRC-32, and get its address and size. Header only and
 * freestanding (C99, <stddef.h>, <stdint.h>, <string.h> and crc32.h). Every
 * read stays inside the span the caller gives (the partition, as mapped);
 * the table's fields are read byte by byte, little-endian, so neither the
 * host's byte order nor the span's alignment matters.
 *
 *     struct aotx_pack_app app;
 *     if (aotx_pack_find(flash, part_size, "blinky", &app) == AOTX_PACK_OK &&
 *         aotx_pack_check(&app) == AOTX_PACK_OK)
 *         wasm_runtime_load((uint8_t *)app.addr, app.size, err, sizeof err);
 */
#ifndef AOT_XIP_XIP_PACK_H
#define AOT_XIP_XIP_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crc32.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AOTX_PACK_MAGIC "AXPK"   /* the first 4 bytes */
#define AOTX_PACK_VERSION 1u
#define AOTX_PACK_HEADER_SIZE 16u
#define AOTX_PACK_ENTRY_SIZE 48u
#define AOTX_PACK_NAME_SIZE 32u  /* a name: at most 31 bytes, NUL-padded */

enum aotx_pack_result {
    AOTX_PACK_OK = 0,
    AOTX_PACK_E_SHORT = -1,     /* the span cannot hold the header or the table */
    AOTX_PACK_E_MAGIC = -2,     /* not a pack: no "AXPK" at the start */
    AOTX_PACK_E_VERSION = -3,   /* a version or entry size this header does not know */
    AOTX_PACK_E_TOC_CRC = -4,   /* the table's CRC-32 does not match: damaged */
    AOTX_PACK_E_RANGE = -5,     /* an app lies (partly) outside the span or in the table */
    AOTX_PACK_E_NOT_FOUND = -6, /* no app of that name, or index past the count */
    AOTX_PACK_E_APP_CRC = -7    /* the app's bytes do not match its CRC-32: damaged */
};

struct aotx_pack_app {
    char name[AOTX_PACK_NAME_SIZE]; /* NUL-terminated */
    uint32_t index;
    uint32_t offset;                /* from the start of the pack (its base) */
    uint32_t size;                  /* the image, its stamp included */
    uint32_t crc;                   /* CRC-32 of those bytes */
    const uint8_t *addr;            /* span + offset: the image, as the loader takes it */
};

static inline uint32_t aotx_pack_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Check the header and the table of contents of the pack at span (span_size
 * bytes): AOTX_PACK_OK with *count the number of apps, or the error. */
static inline int aotx_pack_open(const void *span, size_t span_size, uint32_t *count)
{
    const uint8_t *p = (const uint8_t *)span;
    if (!p || span_size < AOTX_PACK_HEADER_SIZE)
        return AOTX_PACK_E_SHORT;
    if (memcmp(p, AOTX_PACK_MAGIC, 4) != 0)
        return AOTX_PACK_E_MAGIC;
    if ((p[4] | p[5] << 8) != AOTX_PACK_VERSION || (p[6] | p[7] << 8) != AOTX_PACK_ENTRY_SIZE)
        return AOTX_PACK_E_VERSION;
    uint32_t n = aotx_pack_rd32(p + 8);
    if (n > (span_size - AOTX_PACK_HEADER_SIZE) / AOTX_PACK_ENTRY_SIZE)
        return AOTX_PACK_E_SHORT;
    uint32_t crc = aotx_crc32(0, p, 12);
    crc = aotx_crc32(crc, p + AOTX_PACK_HEADER_SIZE, (size_t)n * AOTX_PACK_ENTRY_SIZE);
    if (crc != aotx_pack_rd32(p + 12))
        return AOTX_PACK_E_TOC_CRC;
    *count = n;
    return AOTX_PACK_OK;
}

/* App number index (from 0) into *app, its place checked to lie in the span
 * after the table; its bytes are not read (aotx_pack_check does). */
static inline int aotx_pack_app_at(const void *span, size_t span_size, uint32_t index,
                                   struct aotx_pack_app *app)
{
    uint32_t n;
    int r = aotx_pack_open(span, span_size, &n);
    if (r != AOTX_PACK_OK)
        return r;
    if (index >= n)
        return AOTX_PACK_E_NOT_FOUND;
    const uint8_t *e = (const uint8_t *)span + AOTX_PACK_HEADER_SIZE +
                       (size_t)index * AOTX_PACK_ENTRY_SIZE;
    size_t toc_end = AOTX_PACK_HEADER_SIZE + (size_t)n * AOTX_PACK_ENTRY_SIZE;
    memcpy(app->name, e, AOTX_PACK_NAME_SIZE);
    app->name[AOTX_PACK_NAME_SIZE - 1] = 0;
    app->index = index;
    app->offset = aotx_pack_rd32(e + 32);
    app->size = aotx_pack_rd32(e + 36);
    app->crc = aotx_pack_rd32(e + 40);
    if (app->offset < toc_end || app->offset > span_size || app->size == 0 ||
        app->size > span_size - app->offset)
        return AOTX_PACK_E_RANGE;
    app->addr = (const uint8_t *)span + app->offset;
    return AOTX_PACK_OK;
}

/* The app named name (compared whole) into *app, as aotx_pack_app_at. */
static inline int aotx_pack_find(const void *span, size_t span_size, const char *name,
                                 struct aotx_pack_app *app)
{
    uint32_t n;
    int r = aotx_pack_open(span, span_size, &n);
    if (r != AOTX_PACK_OK)
        return r;
    size_t len = strlen(name);
    if (len >= AOTX_PACK_NAME_SIZE)
        return AOTX_PACK_E_NOT_FOUND;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = (const uint8_t *)span + AOTX_PACK_HEADER_SIZE +
                           (size_t)i * AOTX_PACK_ENTRY_SIZE;
        if (memcmp(e, name, len) == 0 && e[len] == 0)
            return aotx_pack_app_at(span, span_size, i, app);
    }
    return AOTX_PACK_E_NOT_FOUND;
}

/* The app's bytes against its CRC-32 (reads app->size bytes at app->addr,
 * which aotx_pack_app_at checked lie in the span). */
static inline int aotx_pack_check(const struct aotx_pack_app *app)
{
    return aotx_crc32(0, app->addr, app->size) == app->crc ? AOTX_PACK_OK
                                                           : AOTX_PACK_E_APP_CRC;
}

#ifdef __cplusplus
}
#endif

#endif
