/* ARM and Thumb instruction fields shared by arch/arm.c and arch/thumb.c,
 * named after the ARM Architecture Reference Manual's encodings.
 *
 * A Thumb-2 32-bit instruction is two halfwords, each in the file's byte
 * order, the first (upper) at the lower address. Fields are given per
 * halfword:
 *
 *   BL/BLX/B.W (T1 BL, T2 BLX, T4 B):  upper 11110 S imm10
 *                                      lower 1 1 J1 x J2 imm11   (x: 1 BL, 0 BLX; B.W: 10 J1 1 J2)
 *       imm32 = sext(S:I1:I2:imm10:imm11:0, 25), I1 = !(J1 ^ S), I2 = !(J2 ^ S)
 *   B<c>.W (T3):                       upper 11110 S cond imm6
 *                                      lower 10 J1 0 J2 imm11
 *       imm32 = sext(S:J2:J1:imm6:imm11:0, 21)
 *   MOVW/MOVT (T3/T1):                 upper 11110 i 10x100 imm4
 *                                      lower 0 imm3 Rd imm8
 *       imm16 = imm4:i:imm3:imm8
 *   B.N (T2): 11100 imm11, imm32 = sext(imm11:0, 12)
 *   B<c>.N (T1): 1101 cond imm8, imm32 = sext(imm8:0, 9)
 *
 * A32 (one word):
 *   B/BL (A1): cond 101 L imm24,      imm32 = sext(imm24:00, 26)
 *   BLX imm (A2): 1111 101 H imm24,   imm32 = sext(imm24:H:0, 26)
 *   MOVW/MOVT (A2/A1): cond 0011 0x00 imm4 Rd imm12, imm16 = imm4:imm12
 */
#ifndef AOTX_ARM_INSN_H
#define AOTX_ARM_INSN_H

#include "bytes.h"

/* ---- Thumb-2 ---- */

static inline int64_t thm_bl_get(uint16_t hi, uint16_t lo)
{
    uint32_t s = (uint32_t)bits(hi, 10, 10);
    uint32_t i1 = !((uint32_t)bits(lo, 13, 13) ^ s), i2 = !((uint32_t)bits(lo, 11, 11) ^ s);
    uint64_t v = (uint64_t)s << 24 | (uint64_t)i1 << 23 | (uint64_t)i2 << 22 |
                 bits(hi, 9, 0) << 12 | bits(lo, 10, 0) << 1;
    return sext(v, 25);
}

/* v: a 25-bit signed even offset. Keeps lower bits 15, 14 and 12. */
static inline void thm_bl_set(uint16_t *hi, uint16_t *lo, int64_t v)
{
    uint64_t u = (uint64_t)v;
    uint32_t s = (uint32_t)bits(u, 24, 24);
    uint32_t j1 = (uint32_t)(!bits(u, 23, 23)) ^ s, j2 = (uint32_t)(!bits(u, 22, 22)) ^ s;
    *hi = (uint16_t)(0xf000 | s << 10 | bits(u, 21, 12));
    *lo = (uint16_t)((*lo & 0xd000) | j1 << 13 | j2 << 11 | bits(u, 11, 1));
}

static inline int64_t thm_bcond_get(uint16_t hi, uint16_t lo)
{
    uint64_t v = bits(hi, 10, 10) << 20 | bits(lo, 11, 11) << 19 | bits(lo, 13, 13) << 18 |
                 bits(hi, 5, 0) << 12 | bits(lo, 10, 0) << 1;
    return sext(v, 21);
}

static inline void thm_bcond_set(uint16_t *hi, uint16_t *lo, int64_t v)
{
    uint64_t u = (uint64_t)v;
    *hi = (uint16_t)((*hi & 0xfbc0) | bits(u, 20, 20) << 10 | bits(u, 17, 12));
    *lo = (uint16_t)((*lo & 0xd000) | bits(u, 18, 18) << 13 | bits(u, 19, 19) << 11 |
                     bits(u, 11, 1));
}

static inline uint32_t thm_mov_get(uint16_t hi, uint16_t lo)
{
    return (uint32_t)(bits(hi, 3, 0) << 12 | bits(hi, 10, 10) << 11 | bits(lo, 14, 12) << 8 |
                      bits(lo, 7, 0));
}

static inline void thm_mov_set(uint16_t *hi, uint16_t *lo, uint32_t imm16)
{
    *hi = (uint16_t)((*hi & 0xfbf0) | bits(imm16, 11, 11) << 10 | bits(imm16, 15, 12));
    *lo = (uint16_t)((*lo & 0x8f00) | bits(imm16, 10, 8) << 12 | bits(imm16, 7, 0));
}

/* ---- A32 ---- */

static inline uint32_t arm_mov_get(uint32_t insn)
{
    return (uint32_t)(bits(insn, 19, 16) << 12 | bits(insn, 11, 0));
}

static inline uint32_t arm_mov_set(uint32_t insn, uint32_t imm16)
{
    return (insn & 0xfff0f000u) | (uint32_t)bits(imm16, 15, 12) << 16 | (uint32_t)bits(imm16, 11, 0);
}

static inline int64_t arm_branch_get(uint32_t insn)
{
    int64_t v = sext(bits(insn, 23, 0) << 2, 26);
    if (bits(insn, 31, 28) == 0xf) /* BLX imm: H is bit 1 of the offset */
        v |= (int64_t)(bits(insn, 24, 24) << 1);
    return v;
}

/* B/BL<c> (A1) and PC24's old forms: cond and opcode kept, imm24 = off[25:2]. */
static inline uint32_t arm_branch_set(uint32_t insn, int64_t off)
{
    return (insn & 0xff000000u) | (uint32_t)bits((uint64_t)off, 25, 2);
}

/* R_ARM_CALL's instruction for an even offset: BLX imm (A2) to Thumb code,
 * H = off[1]; BL to ARM code, whose cond and opcode are kept, but a BLX
 * becomes BL (A1, cond AL). */
static inline uint32_t arm_call_set(uint32_t insn, int64_t off, int blx)
{
    uint64_t u = (uint64_t)off;
    if (blx)
        return 0xfa000000u | (uint32_t)bits(u, 1, 1) << 24 | (uint32_t)bits(u, 25, 2);
    return (bits(insn, 31, 28) == 0xf ? 0xeb000000u : insn & 0xff000000u) |
           (uint32_t)bits(u, 25, 2);
}

#endif
