/* The stale-map guard: a raw custom section "aot-xip" appended at the end of
 * an XIP image (AOT-FORMAT.md 1.3: custom sections come after the relocation
 * section; 4.7: the stock loader skips raw ones unless built to keep them)
 * recording the base, the input file's hash and every native symbol the image
 * was relocated against, so `aot-xip check` can tell whether a firmware still
 * puts them at the same addresses.
 *
 * Content (little-endian, no padding):
 *   u32 version (1); u32 flags (bit 0: ARM/Thumb target, bit 0 of a value is
 *   the instruction set and is not compared); u64 base; u64 input size;
 *   u64 input FNV-1a 64; u64 natives FNV-1a 64; u32 count;
 *   count x { u32 name length; name bytes; u64 value }.
 * The natives hash covers each native in order: name bytes, one 0 byte, the
 * value as u64 little-endian. */
#ifndef AOTX_STAMP_H
#define AOTX_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "aot_xip/aot_xip.h"

#define STAMP_NAME "aot-xip"
#define STAMP_VERSION 1u
#define STAMP_THUMB_BIT 0x1u

struct stamp_native {
    char *name;
    uint64_t value;
};

struct stamp {
    uint32_t flags;
    uint64_t base;
    uint64_t input_size, input_hash, natives_hash;
    uint32_t count;
    struct stamp_native *natives;
};

uint64_t stamp_fnv1a(uint64_t h, const void *p, size_t n);
#define STAMP_FNV_INIT 0xcbf29ce484222325ull
uint64_t stamp_natives_hash(const struct stamp *s);

/* Append the stamp to an image as its last section: *out (malloc'ed) holds
 * the image's bytes unchanged, then the new section. */
enum aotx_err stamp_append(const uint8_t *image, size_t size, const struct stamp *s,
                           uint8_t **out, size_t *out_size, struct aotx_diag *d);

/* The module's stamp: 1 found (s filled, free with stamp_free), 0 none,
 * -1 malformed (d says why). */
int stamp_find(const struct aotx_module *m, struct stamp *s, struct aotx_diag *d);
void stamp_free(struct stamp *s);

#endif
