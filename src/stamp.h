/* The stale-map guard: a raw custom section "aot-xip" appended at the end of
 * an XIP image (AOT-FORMAT.md 1.3: custom sections come after the relocation
 * section; 4.7: the stock loader skips raw ones unless built to keep them)
 * recording the base, the input file's hash and every native symbol the image
 * was relocated against, so `aot-xip check` can tell whether a firmware still
 * puts them at the same addresses.
 *
 * Content (little-endian, no padding):
 *   u32 version (3); u32 flags (bit 0: ARM/Thumb target, bit 0 of a value is
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
#define STAMP_VERSION 3u
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

/* The stamp's 64-bit hash (version 3; version 2 was one serial chain of the
 * same step). With K = 0x9e3779b97f4a7c15, S = 0x2545f4914f6cdd1d and
 * step(v, w) = rotl(v ^ w, 29) * K (mod 2^64):
 *   - four lanes, lane j starting at S ^ j*K (j = 0..3);
 *   - the input cut into 32-byte blocks, the last one zero-padded if shorter;
 *     word j of a block (8 bytes, little-endian) goes into lane j:
 *     v_j = step(v_j, w_j);
 *   - h = S, then h = step(h, v_j) for j = 0..3, then h = step(h, length),
 *     then MurmurHash3's fmix64 of h.
 * The lanes are independent chains, so a core runs their multiplications side
 * by side (version 2 waited for each one before the next).
 * step() is a bijection of v for a given w and of w for a given v (xor,
 * rotation and a multiplication by an odd K are each invertible), and fmix64
 * is a bijection. So two inputs of one length that differ in one word (of the
 * padded blocks) never hash alike: they have the same blocks, the word goes
 * into one lane and every other lane ends the same; in that lane the differing
 * word gives a different value, which each later step keeps different; the
 * combine is a bijection of that lane's value given the others (and the
 * length is the same), and fmix64 keeps h different. Not a cryptographic
 * hash: it tells a changed input from the same one, it does not resist a
 * forger. */
uint64_t stamp_hash64(const void *p, size_t n);

/* The stamp as the last section of an XIP image of image_size bytes and
 * that layout: the bytes to write after the image (aotx_custom_tail). On
 * success *tail is a new buffer of *tail_size bytes. */
enum aotx_err stamp_tail(size_t image_size, enum aotx_layout layout, const struct stamp *s,
                         uint8_t **tail, size_t *tail_size, struct aotx_diag *d);

/* The module's stamp: 1 found (s filled, free with stamp_free), 0 none,
 * -1 malformed (d says why). */
int stamp_find(const struct aotx_module *m, struct stamp *s, struct aotx_diag *d);
void stamp_free(struct stamp *s);

#endif
