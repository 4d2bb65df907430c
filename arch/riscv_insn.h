/* RISC-V field formats, shared by arch/riscv.c (the relocator) and
 * arch/riscv_readback.c (its read-back decoder): the instruction formats,
 * named as the ISA manual names them, and the ULEB128 of a label
 * difference. An instruction is read and written as little-endian
 * halfwords whatever the data byte order, so a 32-bit one may be only
 * 2-aligned (the C extension). */
#ifndef AOTX_RISCV_INSN_H
#define AOTX_RISCV_INSN_H

#include "bytes.h"

/* ---- instruction formats (ISA manual, volume I, "Base Instruction Formats"
 * and "Compressed Instruction Formats") ----
 *
 *            31       25 24  20 19  15 14 12 11        7 6      0
 *   U-type  [ imm[31:12]                   ][ rd       ][ opcode ]
 *   I-type  [ imm[11:0]       ][ rs1 ][ f3 ][ rd       ][ opcode ]
 *   S-type  [ imm[11:5]][ rs2 ][ rs1 ][ f3 ][ imm[4:0] ][ opcode ]
 *   B-type  [12|10:5   ][ rs2 ][ rs1 ][ f3 ][ 4:1|11   ][ opcode ]
 *   J-type  [ 20|10:1|11|19:12                ][ rd    ][ opcode ]
 *
 *            15 13 12       10 9      7 6              2 1  0
 *   CB-type [ f3 ][ off[8|4:3] ][ rs1' ][ off[7:6|2:1|5] ][ op ]
 *   CJ-type [ f3 ][ off[11|4|9:8|10|6|7|3:1|5]            ][ op ]
 */

/* A 32-bit instruction as two little-endian halfwords. */
static inline uint32_t insn_get(const uint8_t *p)
{
    return (uint32_t)rd16le(p) | (uint32_t)rd16le(p + 2) << 16;
}

static inline void insn_put(uint8_t *p, uint32_t insn)
{
    wr16le(p, (uint16_t)insn);
    wr16le(p + 2, (uint16_t)(insn >> 16));
}

/* hi20: the U-type immediate that, with lo12 sign-extended, makes v. */
static inline uint32_t hi20_of(uint64_t v) { return (uint32_t)bits(v + 0x800, 31, 12); }

static inline uint32_t utype_set(uint32_t insn, uint32_t imm20)
{
    return (insn & 0x00000fffu) | imm20 << 12;
}

static inline uint32_t utype_get(uint32_t insn) { return insn >> 12; }

static inline uint32_t itype_set(uint32_t insn, uint32_t imm12)
{
    return (insn & 0x000fffffu) | (imm12 & 0xfff) << 20;
}

static inline uint32_t itype_get(uint32_t insn) { return insn >> 20; }

static inline uint32_t stype_set(uint32_t insn, uint32_t imm12)
{
    return (insn & 0x01fff07fu) | (uint32_t)bits(imm12, 11, 5) << 25 |
           (uint32_t)bits(imm12, 4, 0) << 7;
}

static inline uint32_t stype_get(uint32_t insn)
{
    return (uint32_t)(bits(insn, 31, 25) << 5 | bits(insn, 11, 7));
}

/* off: a 13-bit even offset */
static inline uint32_t btype_set(uint32_t insn, uint32_t off)
{
    return (insn & 0x01fff07fu) | (uint32_t)bits(off, 12, 12) << 31 |
           (uint32_t)bits(off, 10, 5) << 25 | (uint32_t)bits(off, 4, 1) << 8 |
           (uint32_t)bits(off, 11, 11) << 7;
}

static inline uint32_t btype_get(uint32_t insn)
{
    return (uint32_t)(bits(insn, 31, 31) << 12 | bits(insn, 7, 7) << 11 |
                      bits(insn, 30, 25) << 5 | bits(insn, 11, 8) << 1);
}

/* off: a 21-bit even offset */
static inline uint32_t jtype_set(uint32_t insn, uint32_t off)
{
    return (insn & 0x00000fffu) | (uint32_t)bits(off, 20, 20) << 31 |
           (uint32_t)bits(off, 10, 1) << 21 | (uint32_t)bits(off, 11, 11) << 20 |
           (uint32_t)bits(off, 19, 12) << 12;
}

static inline uint32_t jtype_get(uint32_t insn)
{
    return (uint32_t)(bits(insn, 31, 31) << 20 | bits(insn, 19, 12) << 12 |
                      bits(insn, 20, 20) << 11 | bits(insn, 30, 21) << 1);
}

/* off: a 9-bit even offset */
static inline uint16_t cbtype_set(uint16_t insn, uint32_t off)
{
    return (uint16_t)((insn & 0xe383u) | bits(off, 8, 8) << 12 | bits(off, 4, 3) << 10 |
                      bits(off, 7, 6) << 5 | bits(off, 2, 1) << 3 | bits(off, 5, 5) << 2);
}

static inline uint32_t cbtype_get(uint16_t insn)
{
    return (uint32_t)(bits(insn, 12, 12) << 8 | bits(insn, 6, 5) << 6 | bits(insn, 2, 2) << 5 |
                      bits(insn, 11, 10) << 3 | bits(insn, 4, 3) << 1);
}

/* off: a 12-bit even offset */
static inline uint16_t cjtype_set(uint16_t insn, uint32_t off)
{
    return (uint16_t)((insn & 0xe003u) | bits(off, 11, 11) << 12 | bits(off, 4, 4) << 11 |
                      bits(off, 9, 8) << 9 | bits(off, 10, 10) << 8 | bits(off, 6, 6) << 7 |
                      bits(off, 7, 7) << 6 | bits(off, 3, 1) << 3 | bits(off, 5, 5) << 2);
}

static inline uint32_t cjtype_get(uint16_t insn)
{
    return (uint32_t)(bits(insn, 12, 12) << 11 | bits(insn, 8, 8) << 10 |
                      bits(insn, 10, 9) << 8 | bits(insn, 6, 6) << 7 | bits(insn, 7, 7) << 6 |
                      bits(insn, 2, 2) << 5 | bits(insn, 11, 11) << 4 | bits(insn, 5, 3) << 1);
}

/* A ULEB128 of n bytes holding f (f fits: field() saw to it, or the pair's
 * SUB_ULEB128 writes it again), its length kept. */
static inline void uleb_put(uint8_t *p, unsigned n, uint64_t f)
{
    for (unsigned i = 0; i + 1 < n; i++)
        p[i] = (uint8_t)(0x80 | (f >> (7 * i) & 0x7f));
    p[n - 1] = (uint8_t)(f >> (7 * (n - 1)) & 0x7f);
}

static inline uint64_t uleb_get(const uint8_t *p, unsigned n)
{
    uint64_t f = 0;
    for (unsigned i = 0; i < n; i++)
        f |= (uint64_t)(p[i] & 0x7f) << (7 * i);
    return f;
}

#endif
