/* The device-side guard: before wasm_runtime_load() is given an XIP image in
 * flash, is it whole, where it was relocated for, and made for this
 * firmware? Header only and freestanding (C99: <stddef.h>, <stdint.h>,
 * <string.h> and aot_xip/crc32.h), so a firmware includes it as is.
 *
 *     static const uint8_t my_build_id[20] = {...};   the firmware's GNU build id
 *     struct aotx_guard_firmware fw = {my_build_id, sizeof my_build_id, 0, 0};
 *     size_t size;
 *     enum aotx_guard_result r =
 *         aotx_guard_check((const void *)0x08040000, 0x40000, 0x08040000, &fw, &size);
 *     if (r != AOTX_GUARD_OK)
 *         printf("app refused: %s\n", aotx_guard_name(r));
 *
 * It walks the AOT sections from the header at `image` (never reading past
 * `span` bytes) to the "aot-xip" stamp that ends every image aot-xip writes
 * (docs/stamp-format.md, version 4), then checks, in this order: the CRC-32
 * of every byte before the stamp's CRC field; the stamp's version and size;
 * that the image was relocated for `run_address` (the address it executes
 * at: where it is in flash, unless an MPU or bus alias maps it elsewhere);
 * and the firmware's identity. A direct-mode image is tied to the firmware
 * whose symbols it was relocated against: its build id must equal
 * fw->build_id (not checked when either side has none: an image made from
 * an nm output or map without --firmware-id carries none). A natives-table
 * image is tied to a table instead: fw->natives_abi must be of the image's
 * family with a version at least the image's, and fw->natives_table the
 * table's address the image was made for.
 *
 * The guard reads the image through plain pointers: the flash must be
 * memory-mapped (as XIP needs anyway). The CRC costs about 8 cycles a bit
 * of the image on a Cortex-M (crc32.h is bitwise, no table). */
#ifndef AOT_XIP_XIP_GUARD_H
#define AOT_XIP_XIP_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crc32.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aotx_guard_result {
    AOTX_GUARD_OK = 0,         /* whole, in its place, for this firmware */
    AOTX_GUARD_NOT_AOT,        /* no AOT file at the address (no "\0aot" magic) */
    AOTX_GUARD_NO_STAMP,       /* the sections end without an aot-xip stamp (--no-stamp,
                                  not an aot-xip image, a damaged section header, or an
                                  image cut short between two sections) */
    AOTX_GUARD_TRUNCATED,      /* a section runs past the span: the image is cut short */
    AOTX_GUARD_BAD_CRC,        /* the CRC-32 does not match: damaged or partly written */
    AOTX_GUARD_BAD_STAMP,      /* a stamp this guard does not read (version 3 has no CRC),
                                  or one that contradicts the image */
    AOTX_GUARD_WRONG_BASE,     /* relocated for another address than run_address */
    AOTX_GUARD_OTHER_FIRMWARE, /* made for a firmware with another build id */
    AOTX_GUARD_TABLE_ABI       /* table mode: another family, a newer table version than
                                  the firmware's, or another table address */
};

/* The firmware's identity. build_id NULL (or length 0): not checked. */
struct aotx_guard_firmware {
    const uint8_t *build_id;
    size_t build_id_len;
    uint32_t natives_abi;   /* its natives table's ABI id (family << 16 | version); 0: none */
    uint64_t natives_table; /* the table's address */
};

/* The result's name, as the enumerator is spelled ("AOTX_GUARD_BAD_CRC"). */
static inline const char *aotx_guard_name(enum aotx_guard_result r)
{
    static const char *const names[] = {
        "AOTX_GUARD_OK", "AOTX_GUARD_NOT_AOT", "AOTX_GUARD_NO_STAMP", "AOTX_GUARD_TRUNCATED",
        "AOTX_GUARD_BAD_CRC", "AOTX_GUARD_BAD_STAMP", "AOTX_GUARD_WRONG_BASE",
        "AOTX_GUARD_OTHER_FIRMWARE", "AOTX_GUARD_TABLE_ABI"};
    return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "AOTX_GUARD_?";
}

static inline uint32_t aotx_guard_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t aotx_guard_rd64(const uint8_t *p)
{
    return aotx_guard_rd32(p) | (uint64_t)aotx_guard_rd32(p + 4) << 32;
}

/* Is the custom section body b[0..n) a raw one named "aot-xip" (with or
 * without its NUL)? Its content's offset in b, or 0. */
static inline size_t aotx_guard_stamp_at(const uint8_t *b, size_t n)
{
    if (n < 6 || aotx_guard_rd32(b) != 0)
        return 0;
    size_t len = (size_t)b[4] | (size_t)b[5] << 8;
    if ((len != 7 && len != 8) || n - 6 < len || memcmp(b + 6, "aot-xip", len) != 0)
        return 0;
    return 6 + len;
}

/* The stamp's content: from *content to the image's end at *end (the end of
 * the last section walked from the header). */
static inline enum aotx_guard_result aotx_guard_find(const uint8_t *p, size_t span,
                                                     size_t *content, size_t *end)
{
    if (span < 8 || memcmp(p, "\0aot", 4) != 0)
        return AOTX_GUARD_NOT_AOT;
    uint32_t last = 0;
    int other = 0;
    for (size_t off = 8;;) {
        off += (4 - off % 4) % 4;
        if (off > span || span - off < 8)
            return other ? AOTX_GUARD_BAD_STAMP : AOTX_GUARD_NO_STAMP;
        uint32_t id = aotx_guard_rd32(p + off), n = aotx_guard_rd32(p + off + 4);
        /* sections 0..5 in order, then custom ones (100): anything else
         * is past the image's end */
        if ((id > 5 && id != 100) || (off > 8 && id <= last && id != 100))
            return other ? AOTX_GUARD_BAD_STAMP : AOTX_GUARD_NO_STAMP;
        last = id, off += 8;
        if (n > span - off)
            return AOTX_GUARD_TRUNCATED;
        size_t c = id == 100 ? aotx_guard_stamp_at(p + off, n) : 0;
        const uint8_t *s = p + off + c;
        off += n;
        other = c != 0; /* a stamp of another version, or of another size: if last */
        if (c && n - c >= 64 + 4 && aotx_guard_rd32(s) == 4 && aotx_guard_rd32(s + 44) == off) {
            *content = off - n + c, *end = off;
            return AOTX_GUARD_OK;
        }
    }
}

/* The firmware's identity against the stamp at s (its id of id_len bytes). */
static inline enum aotx_guard_result aotx_guard_identity(const uint8_t *s, uint32_t id_len,
                                                         const struct aotx_guard_firmware *fw)
{
    uint32_t abi = aotx_guard_rd32(s + 48);
    if (abi) {
        if (fw->natives_abi >> 16 != abi >> 16 || (fw->natives_abi & 0xffffu) < (abi & 0xffffu) ||
            fw->natives_table != aotx_guard_rd64(s + 52))
            return AOTX_GUARD_TABLE_ABI;
        return AOTX_GUARD_OK;
    }
    if (!id_len || !fw->build_id || !fw->build_id_len)
        return AOTX_GUARD_OK;
    if (fw->build_id_len != id_len || memcmp(fw->build_id, s + 64, id_len) != 0)
        return AOTX_GUARD_OTHER_FIRMWARE;
    return AOTX_GUARD_OK;
}

/* The image at `image` (at most span bytes) for a firmware fw, to run at
 * run_address: AOTX_GUARD_OK, with the image's size (the stamp included:
 * what wasm_runtime_load() is to be given) in *size if size is not NULL;
 * or what is wrong (the order: the top of this file). */
static inline enum aotx_guard_result aotx_guard_check(const void *image, size_t span,
                                                      uint64_t run_address,
                                                      const struct aotx_guard_firmware *fw,
                                                      size_t *size)
{
    const uint8_t *p = (const uint8_t *)image;
    size_t c = 0, end = 0;
    enum aotx_guard_result r = aotx_guard_find(p, span, &c, &end);
    if (r != AOTX_GUARD_OK)
        return r;
    if (aotx_crc32(0, p, end - 4) != aotx_guard_rd32(p + end - 4))
        return AOTX_GUARD_BAD_CRC;
    uint32_t id_len = aotx_guard_rd32(p + c + 60);
    if (id_len > 64 || end - c < 64 + (size_t)id_len + 4 ||
        aotx_guard_rd32(p + c + 40) > (end - c - 64 - id_len - 4) / 12)
        return AOTX_GUARD_BAD_STAMP;
    if (aotx_guard_rd64(p + c + 8) != run_address)
        return AOTX_GUARD_WRONG_BASE;
    if ((r = aotx_guard_identity(p + c, id_len, fw)) == AOTX_GUARD_OK && size)
        *size = end;
    return r;
}

#ifdef __cplusplus
}
#endif

#endif
