/* The stale-map guard: a raw custom section "aot-xip" appended at the end of
 * an XIP image (AOT-FORMAT.md 1.3: custom sections come after the relocation
 * section; 4.7: the stock loader skips raw ones unless built to keep them)
 * recording the base, the input file's hash and every native symbol the image
 * was relocated against, so `aot-xip check` can tell whether a firmware still
 * puts them at the same addresses.
 *
 * Content (little-endian, no padding):
 *   u32 version (2); u32 flags (bit 0: ARM/Thumb target, bit 0 of a value is
 *   the instruction set and is not compared); u64 base; u64 input size;
 *   u64 input hash; u64 natives hash; u32 count;
 *   count x { u32 name length; name bytes; u64 value }.
 * Both hashes are stamp_hash64(): of the input file, and of the natives list
 * exactly as stored (the bytes after count). */
#ifndef AOTX_STAMP_H
#define AOTX_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "aot_xip/aot_xip.h"

#define STAMP_NAME "aot-xip"
#define STAMP_VERSION 2u
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

/* The stamp's 64-bit hash: one step per 8-byte little-endian word (the last
 * one zero-padded), h = rotl(h ^ w, 29) * K, seeded with the length and
 * finished with MurmurHash3's fmix64. Each step is a bijection of h for a
 * given word and of the word for a given h, so two inputs of one length that
 * differ in one word never hash alike. Not a cryptographic hash: it tells a
 * changed input from the same one, it does not resist a forger. */
uint64_t stamp_hash64(const void *p, size_t n);

/* Append the stamp to *image (an XIP image of that layout, realloc'ed) as
 * its last section; the image's bytes before it stay as they are. On failure
 * *image and *size are unchanged. */
enum aotx_err stamp_append(uint8_t **image, size_t *size, enum aotx_layout layout,
                           const struct stamp *s, struct aotx_diag *d);

/* The module's stamp: 1 found (s filled, free with stamp_free), 0 none,
 * -1 malformed (d says why). */
int stamp_find(const struct aotx_module *m, struct stamp *s, struct aotx_diag *d);
void stamp_free(struct stamp *s);

#endif
