/* ARC: ARCompact (ARC600/700, e_machine 93) and ARCv2 (EM, HS; e_machine
 * 195). Follows the ARCv2 ELF ABI (Synopsys, arc-ABI-manual) as GNU
 * binutils implements it (include/elf/arc-reloc.def, bfd/elf32-arc.c,
 * binutils 2.40), the only linker for ARC.
 *
 * Instructions are 16 or 32 bits, at even addresses. A 32-bit instruction
 * is two halfwords, the one holding the major opcode first, each in the
 * file's byte order: on a little-endian core the word is "middle-endian"
 * (bytes 1 0 3 2 of the value). Relocations whose field lies in an
 * instruction (the _ME types and the branches) read and write it that
 * way; a long immediate (limm) after an instruction is stored the same
 * way. Plain data words (R_ARC_32, R_ARC_32_PCREL) are in the file's byte
 * order. On a big-endian core both ways are the same. The target is a
 * RELA target: the field's old contents are replaced.
 *
 * PC-relative branches count from PCL, the branch's own address with bits
 * 1:0 cleared, so the offset is S + A - (P & ~3): the field gets
 * v + (P & 3) for the engine's v = S + A - P. Ranges, from the width of
 * the scaled offset (binutils checks them as signed, after the shift):
 *   S21H  Bcc    20 bits x 2: [-1 MiB, 1 MiB - 2], target 2-aligned
 *   S21W  BLcc   19 bits x 4: [-1 MiB, 1 MiB - 4], target 4-aligned
 *   S25H  B      24 bits x 2: [-16 MiB, 16 MiB - 2], target 2-aligned
 *   S25W  BL     23 bits x 4: [-16 MiB, 16 MiB - 4], target 4-aligned
 *   S13   BL_S   11 bits x 4: [-4 KiB, 4 KiB - 4], target 4-aligned
 * binutils drops the low bits of a misaligned offset; this file refuses
 * it. The range reported for a failure is in the engine's v, so it moves
 * with P & 3. There is no veneer: a call out of range is an error.
 *
 * R_ARC_PC32 patches the limm of an instruction such as
 * `add r0, pcl, sym@pcl`; binutils takes its PCL as (P - 4) & ~3, the
 * address of a 32-bit instruction before the limm.
 *
 * The stock WAMR runtime handles 4, 27 and 14..17; for the branches it adds
 * the offset already in the instruction, counts the halfword types from
 * P & ~1 (two bytes off when P & 3 is 2) and checks no range. This file
 * follows binutils.
 *
 *   type  name              formula               field
 *    0    R_ARC_NONE        nothing
 *    4    R_ARC_32          S + A                 word
 *   14    R_ARC_S21H_PCREL  S + A - (P & ~3)      Bcc  disp21h = off[20:1], middle-endian
 *   15    R_ARC_S21W_PCREL  S + A - (P & ~3)      BLcc disp21w = off[20:2], middle-endian
 *   16    R_ARC_S25H_PCREL  S + A - (P & ~3)      B    disp25h = off[24:1], middle-endian
 *   17    R_ARC_S25W_PCREL  S + A - (P & ~3)      BL   disp25w = off[24:2], middle-endian
 *   25    R_ARC_S13_PCREL   S + A - (P & ~3)      BL_S disp13s = off[12:2] (16-bit instruction)
 *   27    R_ARC_32_ME       S + A                 limm, middle-endian
 *   49    R_ARC_32_PCREL    S + A - P             word
 *   50    R_ARC_PC32        S + A - ((P - 4) & ~3) limm, middle-endian
 */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/arc.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_ARC_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_ARC_32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_ARC_S21H_PCREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - (P & ~3)"},
    {.type = R_ARC_S21W_PCREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - (P & ~3)"},
    {.type = R_ARC_S25H_PCREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - (P & ~3)"},
    {.type = R_ARC_S25W_PCREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - (P & ~3)"},
    {.type = R_ARC_S13_PCREL, .expr = X_PC, .size = 2, .flags = HOWTO_INSN,
     .formula = "S + A - (P & ~3)"},
    {.type = R_ARC_32_ME, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + A"},
    {.type = R_ARC_32_PCREL, .expr = X_PC, .size = 4, .formula = "S + A - P"},
    {.type = R_ARC_PC32, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - ((P - 4) & ~3)"},
};

/* A 32-bit instruction or limm: the first halfword is bits 31:16. */
static uint32_t rd_me(const uint8_t *p, int be)
{
    return (uint32_t)rd16(p, be) << 16 | rd16(p + 2, be);
}

static void wr_me(uint8_t *p, uint32_t v, int be)
{
    wr16(p, (uint16_t)(v >> 16), be);
    wr16(p + 2, (uint16_t)v, be);
}

/* The branch displacement fields (binutils' replace_disp*), in the
 * instruction word read by rd_me:
 *
 *   31      27 26          17 16 15          6 5  4 3     0
 *   [ major   |   lo10       | x |   hi10     | ... |  top4 ]   disp21h/disp25h
 *   [ major   |  lo9      | x  x |   hi10     | ... |  top4 ]   disp21w/disp25w
 *
 * disp21h = hi10:lo10, disp25h = top4:hi10:lo10 (halfword units);
 * disp21w = hi10:lo9,  disp25w = top4:hi10:lo9 (word units). top4 only in
 * the 25-bit forms. BL_S (16 bits): 11111 s11, disp13s = s11 (words). */
struct disp {
    uint32_t type;
    unsigned shift;  /* 1: halfwords, 2: words */
    unsigned width;  /* bits of the scaled offset */
    unsigned low;    /* bits in the low part (10 or 9) */
    int top4;
    uint32_t mask;   /* the instruction bits the field occupies */
};

static const struct disp disps[] = {
    {.type = R_ARC_S21H_PCREL, .shift = 1, .width = 20, .low = 10, .mask = 0x07feffc0u},
    {.type = R_ARC_S21W_PCREL, .shift = 2, .width = 19, .low = 9, .mask = 0x07fcffc0u},
    {.type = R_ARC_S25H_PCREL, .shift = 1, .width = 24, .low = 10, .top4 = 1, .mask = 0x07feffcfu},
    {.type = R_ARC_S25W_PCREL, .shift = 2, .width = 23, .low = 9, .top4 = 1, .mask = 0x07fcffcfu},
    {.type = R_ARC_S13_PCREL, .shift = 2, .width = 11, .low = 11, .mask = 0x000007ffu},
};

static const struct disp *disp_of(uint32_t type)
{
    for (size_t i = 0; i < sizeof disps / sizeof disps[0]; i++)
        if (disps[i].type == type)
            return &disps[i];
    return NULL;
}

static uint32_t disp_set(const struct disp *d, uint32_t insn, uint64_t f)
{
    uint32_t v;
    if (d->type == R_ARC_S13_PCREL)
        v = (uint32_t)bits(f, 10, 0);
    else
        v = (uint32_t)(bits(f, d->low - 1, 0) << (27 - d->low) | bits(f, d->low + 9, d->low) << 6 |
                       (d->top4 ? bits(f, d->low + 13, d->low + 10) : 0));
    return (insn & ~d->mask) | v;
}

static uint64_t disp_get(const struct disp *d, uint32_t insn)
{
    if (d->type == R_ARC_S13_PCREL)
        return bits(insn, 10, 0);
    uint64_t v = bits(insn, 26, 27 - d->low) | bits(insn, 15, 6) << d->low;
    if (d->top4)
        v |= bits(insn, 3, 0) << (d->low + 10);
    return v;
}

/* What the field holds: the word for 32, 32_ME, 32_PCREL and PC32; the
 * scaled offset, in its width, for the branches. */
static int arc_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                     struct aotx_range *bad)
{
    *bad = (struct aotx_range){0};
    switch (h->type) {
    case R_ARC_NONE:
        *out = 0;
        return 0;
    case R_ARC_32:
    case R_ARC_32_ME:
    case R_ARC_32_PCREL:
        *out = (uint64_t)v & 0xffffffffu;
        return 0;
    case R_ARC_PC32: /* from (P - 4) & ~3 instead of P */
        *out = ((uint64_t)v + P - ((P - 4) & ~(uint64_t)3)) & 0xffffffffu;
        return 0;
    }
    const struct disp *d = disp_of(h->type);
    if (!d)
        return 1;
    int64_t adj = (int64_t)(P & 3), off = v + adj; /* from PCL = P & ~3 */
    int far = check_int(off, d->width + d->shift, 1u << d->shift, bad);
    bad->lo -= adj; /* the range of v */
    bad->hi -= adj;
    bad->misaligned = ((uint64_t)off & (bad->align - 1)) != 0;
    if (far)
        return 1;
    *out = bits((uint64_t)off, d->width + d->shift - 1, d->shift);
    return 0;
}

static void arc_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    switch (h->type) {
    case R_ARC_NONE:
        return;
    case R_ARC_32:
    case R_ARC_32_PCREL:
        wr32(loc, (uint32_t)f, be);
        return;
    case R_ARC_32_ME:
    case R_ARC_PC32:
        wr_me(loc, (uint32_t)f, be);
        return;
    }
    const struct disp *d = disp_of(h->type);
    if (!d)
        return;
    if (h->size == 2)
        wr16(loc, (uint16_t)disp_set(d, rd16(loc, be), f), be);
    else
        wr_me(loc, disp_set(d, rd_me(loc, be), f), be);
}

static uint64_t arc_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    switch (h->type) {
    case R_ARC_NONE:
        return 0;
    case R_ARC_32:
    case R_ARC_32_PCREL:
        return rd32(loc, be);
    case R_ARC_32_ME:
    case R_ARC_PC32:
        return rd_me(loc, be);
    }
    const struct disp *d = disp_of(h->type);
    if (!d)
        return 0;
    return disp_get(d, h->size == 2 ? rd16(loc, be) : rd_me(loc, be));
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean (ARCv2 ISA Programmer's Reference Manual),
 * decoded afresh from the instruction word (first halfword in bits 31:16,
 * as rd_me reads it): the branches land at PCL + their displacement, PCL =
 * P & ~3, so the value is the displacement less P & 3; PC32's limm counts
 * from (P - 4) & ~3; a word, or a limm (32_ME), is its value. */
static int64_t branch_disp(uint32_t type, uint32_t insn)
{
    uint64_t hi10 = bits(insn, 15, 6), top4 = bits(insn, 3, 0);
    switch (type) {
    case R_ARC_S21H_PCREL: /* Bcc: lo10 = bits 26:17, disp21h = hi10:lo10 (halfwords) */
        return sext((hi10 << 10 | bits(insn, 26, 17)) << 1, 21);
    case R_ARC_S21W_PCREL: /* BLcc: lo9 = bits 26:18, disp21w = hi10:lo9 (words) */
        return sext((hi10 << 9 | bits(insn, 26, 18)) << 2, 21);
    case R_ARC_S25H_PCREL: /* B: disp25h = top4:hi10:lo10 */
        return sext((top4 << 20 | hi10 << 10 | bits(insn, 26, 17)) << 1, 25);
    case R_ARC_S25W_PCREL: /* BL: disp25w = top4:hi10:lo9 */
        return sext((top4 << 19 | hi10 << 9 | bits(insn, 26, 18)) << 2, 25);
    }
    return sext(bits(insn, 10, 0) << 2, 13); /* BL_S: s11 (words) */
}

static void arc_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                        struct aotx_meaning *m)
{
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_ARC_NONE:
        return;
    case R_ARC_32:
    case R_ARC_32_PCREL:
        m->value = rd32(loc, be);
        return;
    case R_ARC_32_ME:
        m->value = rd_me(loc, be);
        return;
    case R_ARC_PC32:
        m->value = rd_me(loc, be) - (P - ((P - 4) & ~(uint64_t)3));
        return;
    }
    uint32_t insn = h->size == 2 ? rd16(loc, be) : rd_me(loc, be);
    m->value = (uint64_t)branch_disp(h->type, insn) - (P & 3);
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_ARC_NONE},
    {.type = R_ARC_32, .width = 32},
    {.type = R_ARC_S21H_PCREL, .width = 64},
    {.type = R_ARC_S21W_PCREL, .width = 64},
    {.type = R_ARC_S25H_PCREL, .width = 64},
    {.type = R_ARC_S25W_PCREL, .width = 64},
    {.type = R_ARC_S13_PCREL, .width = 64},
    {.type = R_ARC_32_ME, .width = 32},
    {.type = R_ARC_32_PCREL, .width = 32},
    {.type = R_ARC_PC32, .width = 32},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = arc_meaning};

const struct aotx_arch aotx_arch_arc = {
    .name = "arc",
    .machines = {EM_ARC_COMPACT2, EM_ARC_COMPACT},
    .arch_prefix = "arc",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_ARC_32,
    .field = arc_field,
    .encode = arc_encode,
    .decode = arc_decode,
    .insn_align = 2,
    .insn_what = "an ARC instruction",
    .readback = &readback,
};
