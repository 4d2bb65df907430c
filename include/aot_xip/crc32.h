/* CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and
 * final xor 0xFFFFFFFF; the CRC of zlib, PNG and `cksum -a crc32b`), header
 * only and freestanding (C99, <stddef.h> and <stdint.h> only), so that a
 * firmware checks an image with the same function the tool wrote it with.
 * Bitwise, no table: a few hundred bytes of flash, about 8 cycles a bit.
 *
 *     uint32_t c = aotx_crc32(0, p, n);        one piece
 *     c = aotx_crc32(aotx_crc32(0, a, na), b, nb);   pieces, in order
 *
 * aotx_crc32(0, "123456789", 9) is 0xCBF43926. */
#ifndef AOT_XIP_CRC32_H
#define AOT_XIP_CRC32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The CRC of the bytes so far crc (0 for none) followed by p[0..n). */
static inline uint32_t aotx_crc32(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    crc = ~crc;
    while (n--) {
        crc ^= *b++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

#ifdef __cplusplus
}
#endif

#endif
