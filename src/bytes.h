/* Explicit-endian access to image bytes, and the bit vocabulary.
 *
 * Image memory is never read through a host type: every access goes
 * through these memcpy-free byte assemblers, so host byte order and
 * alignment never matter. */
#ifndef AOTX_BYTES_H
#define AOTX_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t rd16le(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint16_t rd16be(const uint8_t *p) { return (uint16_t)(p[1] | p[0] << 8); }

static inline uint32_t rd32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint32_t rd32be(const uint8_t *p)
{
    return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

static inline uint64_t rd64le(const uint8_t *p) { return rd32le(p) | (uint64_t)rd32le(p + 4) << 32; }
static inline uint64_t rd64be(const uint8_t *p) { return rd32be(p + 4) | (uint64_t)rd32be(p) << 32; }

static inline void wr16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void wr16be(uint8_t *p, uint16_t v)
{
    p[1] = (uint8_t)v;
    p[0] = (uint8_t)(v >> 8);
}

static inline void wr32le(uint8_t *p, uint32_t v)
{
    wr16le(p, (uint16_t)v);
    wr16le(p + 2, (uint16_t)(v >> 16));
}

static inline void wr32be(uint8_t *p, uint32_t v)
{
    wr16be(p + 2, (uint16_t)v);
    wr16be(p, (uint16_t)(v >> 16));
}

static inline void wr64le(uint8_t *p, uint64_t v)
{
    wr32le(p, (uint32_t)v);
    wr32le(p + 4, (uint32_t)(v >> 32));
}

static inline void wr64be(uint8_t *p, uint64_t v)
{
    wr32be(p + 4, (uint32_t)v);
    wr32be(p, (uint32_t)(v >> 32));
}

/* Byte order chosen at run time from the file's target info. */
static inline uint16_t rd16(const uint8_t *p, int be) { return be ? rd16be(p) : rd16le(p); }
static inline uint32_t rd32(const uint8_t *p, int be) { return be ? rd32be(p) : rd32le(p); }
static inline uint64_t rd64(const uint8_t *p, int be) { return be ? rd64be(p) : rd64le(p); }

static inline void wr16(uint8_t *p, uint16_t v, int be)
{
    if (be)
        wr16be(p, v);
    else
        wr16le(p, v);
}

static inline void wr32(uint8_t *p, uint32_t v, int be)
{
    if (be)
        wr32be(p, v);
    else
        wr32le(p, v);
}

static inline void wr64(uint8_t *p, uint64_t v, int be)
{
    if (be)
        wr64be(p, v);
    else
        wr64le(p, v);
}

/* A data word of n bytes (1, 2, 4 or 8) in the given byte order. */
static inline uint64_t rdn(const uint8_t *p, unsigned n, int be)
{
    switch (n) {
    case 1: return p[0];
    case 2: return rd16(p, be);
    case 4: return rd32(p, be);
    case 8: return rd64(p, be);
    }
    return 0;
}

static inline void wrn(uint8_t *p, unsigned n, uint64_t v, int be)
{
    switch (n) {
    case 1: p[0] = (uint8_t)v; break;
    case 2: wr16(p, (uint16_t)v, be); break;
    case 4: wr32(p, (uint32_t)v, be); break;
    case 8: wr64(p, v, be); break;
    }
}

/* bits(v, hi, lo): the field v[hi:lo], shifted down. */
static inline uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & (~0ull >> (63 - (hi - lo)));
}

/* sext(v, n): v's low n bits as a signed number. */
static inline int64_t sext(uint64_t v, unsigned n)
{
    uint64_t m = 1ull << (n - 1);
    v &= n == 64 ? ~0ull : (1ull << n) - 1;
    return (int64_t)((v ^ m) - m);
}

/* fits_signed(v, n): -2^(n-1) <= v < 2^(n-1). */
static inline int fits_signed(int64_t v, unsigned n)
{
    if (n >= 64)
        return 1;
    int64_t lim = (int64_t)1 << (n - 1);
    return v >= -lim && v < lim;
}

/* fits_unsigned(v, n): 0 <= v < 2^n, for v taken as unsigned. */
static inline int fits_unsigned(uint64_t v, unsigned n) { return n >= 64 || v < (1ull << n); }

static inline size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

#endif
