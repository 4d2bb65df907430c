/* Thumb (T32): Cortex-M0/M0+ (v6-M), M3/M4/M7 (v7-M, v7E-M), M23/M33
 * (v8-M), and Thumb code on A-profile cores. Follows the ELF for the Arm
 * Architecture (AAELF32, 2023Q3), section 5.6.
 *
 * Instructions are 16 or 32 bits; a 32-bit instruction is two halfwords,
 * each in the file's byte order (little-endian: big-endian ARM is refused
 * by the rewriter). The target is a REL target: wamrc leaves the addend in
 * the field (-4 for BL, the offset for MOVW/MOVT), and the records' addends
 * are 0.
 *
 * The Thumb bit: S carries T = 1 for a Thumb function (AOT functions, and
 * natives the symbol map marks as Thumb, or --assume-isa thumb, or any on an
 * M-profile core). Branch encoders drop it; ABS32 and MOVW keep it, so a
 * stored code pointer enters the right state. A branch to a section or to
 * data carries the module's state instead (the rewriter sees to it), so it
 * stays a BL; only an ARM-state function makes a BLX, which the rewriter
 * refuses on an M-profile core before it gets here.
 *
 * Every instruction field is at an even offset (insn_align); the data
 * words (ABS32, REL32) may be anywhere.
 *
 * Branches: BL/BLX and B.W reach +-16 MiB in every Thumb-2 profile, v6-M
 * included (the stock WAMR runtime encodes BL the Thumb-1 way and stops at
 * +-4 MiB). BL to an ARM-state function becomes BLX, whose offset is taken
 * from Align(P, 4). B.W cannot change state, nor reach beyond +-16 MiB: both
 * go through a veneer. B<c>.W reaches +-1 MiB, B.N +-2 KiB, B<c>.N +-256.
 *
 *   type  name                  formula                 field
 *    2    R_ARM_ABS32           (S + A) | T             word
 *    3    R_ARM_REL32           ((S + A) | T) - P       word
 *   10    R_ARM_THM_CALL        ((S + A) | T) - P       BL, or BLX for an ARM target
 *   30    R_ARM_THM_JUMP24      ((S + A) | T) - P       B.W (Thumb targets only)
 *   47    R_ARM_THM_MOVW_ABS_NC (S + A) | T             MOVW imm16, no check
 *   48    R_ARM_THM_MOVT_ABS    S + A                   MOVT imm16 = bits 31:16
 *   49    R_ARM_THM_MOVW_PREL_NC ((S + A) | T) - P      MOVW imm16, no check
 *   50    R_ARM_THM_MOVT_PREL   S + A - P               MOVT imm16 = bits 31:16
 *   51    R_ARM_THM_JUMP19      ((S + A) | T) - P       B<c>.W
 *  102    R_ARM_THM_JUMP11      S + A - P               B.N
 *  103    R_ARM_THM_JUMP8       S + A - P               B<c>.N
 *    0    R_ARM_NONE            nothing
 *
 * (For MOVT the Thumb bit makes no difference: it is below bit 16.)
 */
#include <string.h>

#include "arch.h"
#include "arm_insn.h"

#define RELOC_TABLE "names/arm.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_ARM_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_ARM_ABS32, .expr = X_ABS, .size = 4, .formula = "(S + A) | T"},
    {.type = R_ARM_REL32, .expr = X_PC, .size = 4, .formula = "((S + A) | T) - P"},
    {.type = R_ARM_THM_CALL, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "((S + A) | T) - P", .call_bias = -4},
    {.type = R_ARM_THM_JUMP24, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "((S + A) | T) - P", .call_bias = -4},
    {.type = R_ARM_THM_MOVW_ABS_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "(S + A) | T"},
    {.type = R_ARM_THM_MOVT_ABS, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN | HOWTO_NO_T,
     .formula = "S + A"},
    {.type = R_ARM_THM_MOVW_PREL_NC, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "((S + A) | T) - P"},
    {.type = R_ARM_THM_MOVT_PREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN | HOWTO_NO_T,
     .formula = "S + A - P"},
    {.type = R_ARM_THM_JUMP19, .expr = X_PC, .size = 4, .flags = HOWTO_BRANCH | HOWTO_INSN,
     .formula = "((S + A) | T) - P"},
    {.type = R_ARM_THM_JUMP11, .expr = X_PC, .size = 2, .flags = HOWTO_BRANCH | HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_ARM_THM_JUMP8, .expr = X_PC, .size = 2, .flags = HOWTO_BRANCH | HOWTO_INSN,
     .formula = "S + A - P"},
};

static uint16_t half(const uint8_t *p, int be) { return rd16(p, be); }

static int64_t thumb_addend(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint16_t hi = half(loc, be), lo = h->size == 4 ? half(loc + 2, be) : 0;
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        return (int32_t)rd32(loc, be);
    case R_ARM_THM_CALL:
    case R_ARM_THM_JUMP24:
        return thm_bl_get(hi, lo);
    case R_ARM_THM_JUMP19:
        return thm_bcond_get(hi, lo);
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
    case R_ARM_THM_MOVW_PREL_NC:
    case R_ARM_THM_MOVT_PREL:
        return sext(thm_mov_get(hi, lo), 16);
    case R_ARM_THM_JUMP11:
        return sext(bits(hi, 10, 0) << 1, 12);
    case R_ARM_THM_JUMP8:
        return sext(bits(hi, 7, 0) << 1, 9);
    }
    return 0;
}

/* A PC-relative branch of `width` bits (even offsets) to a Thumb target. */
static int thumb_branch(int64_t v, unsigned width, uint64_t *out, struct aotx_range *bad)
{
    int64_t off = v & ~(int64_t)1;
    int far = check_int(off, width, 2, bad);
    bad->state = !(v & 1); /* the target is ARM code: these branches cannot change state */
    if (far || bad->state)
        return 1;
    *out = (uint64_t)off & (((uint64_t)1 << width) - 1);
    return 0;
}

/* What the field holds:
 *   word types: the 32-bit value;  MOVW: imm16;  MOVT: imm16 = bits 31:16;
 *   THM_CALL: the 25-bit offset, with bit 0 set for BL (a Thumb target)
 *   and clear for BLX (an ARM target, offset from Align(P, 4));
 *   other branches: the offset in its field's width. */
static int thumb_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                       struct aotx_range *bad)
{
    (void)P;
    memset(bad, 0, sizeof *bad);
    switch (h->type) {
    case R_ARM_NONE:
        *out = 0;
        return 0;
    case R_ARM_ABS32:
    case R_ARM_REL32:
        *out = (uint64_t)v & 0xffffffffu;
        return 0;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVW_PREL_NC:
        *out = (uint64_t)v & 0xffff;
        return 0;
    case R_ARM_THM_MOVT_ABS:
    case R_ARM_THM_MOVT_PREL:
        *out = ((uint64_t)v >> 16) & 0xffff;
        return 0;
    case R_ARM_THM_CALL: {
        int blx = !(v & 1);
        int64_t off = blx ? (v + 2) & ~(int64_t)3 : v & ~(int64_t)1;
        if (check_int(off, 25, blx ? 4 : 2, bad))
            return 1;
        *out = ((uint64_t)off & 0x1fffffe) | (blx ? 0 : 1);
        return 0;
    }
    case R_ARM_THM_JUMP24:
        return thumb_branch(v, 25, out, bad);
    case R_ARM_THM_JUMP19:
        return thumb_branch(v, 21, out, bad);
    case R_ARM_THM_JUMP11:
        return thumb_branch(v, 12, out, bad);
    case R_ARM_THM_JUMP8:
        return thumb_branch(v, 9, out, bad);
    }
    return 1;
}

static void thumb_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    uint16_t hi = half(loc, be), lo = h->size == 4 ? half(loc + 2, be) : 0;
    switch (h->type) {
    case R_ARM_NONE:
        return;
    case R_ARM_ABS32:
    case R_ARM_REL32:
        wr32(loc, (uint32_t)f, be);
        return;
    case R_ARM_THM_CALL:
        thm_bl_set(&hi, &lo, sext(f & ~(uint64_t)1, 25));
        lo = (uint16_t)((f & 1) ? lo | 0x1000 : lo & ~0x1000); /* BL : BLX */
        break;
    case R_ARM_THM_JUMP24:
        thm_bl_set(&hi, &lo, sext(f, 25));
        break;
    case R_ARM_THM_JUMP19:
        thm_bcond_set(&hi, &lo, sext(f, 21));
        break;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
    case R_ARM_THM_MOVW_PREL_NC:
    case R_ARM_THM_MOVT_PREL:
        thm_mov_set(&hi, &lo, (uint32_t)f);
        break;
    case R_ARM_THM_JUMP11:
        hi = (uint16_t)((hi & 0xf800) | bits(f, 11, 1));
        break;
    case R_ARM_THM_JUMP8:
        hi = (uint16_t)((hi & 0xff00) | bits(f, 8, 1));
        break;
    }
    wr16(loc, hi, be);
    if (h->size == 4)
        wr16(loc + 2, lo, be);
}

static uint64_t thumb_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint16_t hi = half(loc, be), lo = h->size == 4 ? half(loc + 2, be) : 0;
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        return rd32(loc, be);
    case R_ARM_THM_CALL:
        return ((uint64_t)thm_bl_get(hi, lo) & 0x1fffffe) | bits(lo, 12, 12);
    case R_ARM_THM_JUMP24:
        return (uint64_t)thm_bl_get(hi, lo) & 0x1ffffff;
    case R_ARM_THM_JUMP19:
        return (uint64_t)thm_bcond_get(hi, lo) & 0x1fffff;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
    case R_ARM_THM_MOVW_PREL_NC:
    case R_ARM_THM_MOVT_PREL:
        return thm_mov_get(hi, lo);
    case R_ARM_THM_JUMP11:
        return bits(hi, 10, 0) << 1;
    case R_ARM_THM_JUMP8:
        return bits(hi, 7, 0) << 1;
    }
    return 0;
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean, from the Arm ARM (ARMv7-M A7.7, ARMv8-M
 * C2.4), decoded afresh: PC is P + 4, which the formula's A holds (-4).
 *   32-bit branches, told apart by the lower halfword's bits 14 and 12:
 *     BL (T1)      11 J1 1 J2   PC + imm32, to Thumb
 *     BLX (T2)     11 J1 0 J2   Align(PC, 4) + imm32, to ARM: imm32 - (P & 3)
 *     B.W (T4)     10 J1 1 J2   PC + imm32, stays in Thumb
 *     B<c>.W (T3)  10 J1 0 J2   PC + imm32 (21 bits), stays in Thumb
 *   MOVW (T3), MOVT (T1), told apart by bit 7 of the upper halfword:
 *     imm16, or imm16 << 16
 *   B.N (T2), B<c>.N (T1): PC + imm32, stays in Thumb;  a word: its value. */
static void branch32_meaning(uint16_t hi, uint16_t lo, uint64_t P, struct aotx_meaning *m)
{
    if (bits(hi, 15, 11) != 0x1e || !bits(lo, 15, 15)) {
        m->not_a = "a 32-bit branch";
        return;
    }
    if (!bits(lo, 12, 12) && !bits(lo, 14, 14)) { /* B<c>.W */
        m->value = (uint64_t)thm_bcond_get(hi, lo);
        m->isa = AOTX_ENTERS_THUMB;
        return;
    }
    m->value = (uint64_t)thm_bl_get(hi, lo);
    m->isa = AOTX_ENTERS_THUMB;
    if (!bits(lo, 12, 12)) { /* BLX */
        m->value -= P & 3;
        m->isa = AOTX_ENTERS_ARM;
    }
}

static void thumb_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                          struct aotx_meaning *m)
{
    uint16_t hi = half(loc, be), lo = h->size == 4 ? half(loc + 2, be) : 0;
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        m->value = rd32(loc, be);
        return;
    case R_ARM_THM_CALL:
    case R_ARM_THM_JUMP24:
    case R_ARM_THM_JUMP19:
        branch32_meaning(hi, lo, P, m);
        return;
    case R_ARM_THM_MOVW_ABS_NC:
    case R_ARM_THM_MOVT_ABS:
    case R_ARM_THM_MOVW_PREL_NC:
    case R_ARM_THM_MOVT_PREL:
        m->value = (uint64_t)thm_mov_get(hi, lo) << (bits(hi, 7, 7) ? 16 : 0);
        return;
    case R_ARM_THM_JUMP11:
        m->value = (uint64_t)sext(bits(hi, 10, 0) << 1, 12);
        m->isa = AOTX_ENTERS_THUMB;
        return;
    case R_ARM_THM_JUMP8:
        m->value = (uint64_t)sext(bits(hi, 7, 0) << 1, 9);
        m->isa = AOTX_ENTERS_THUMB;
        return;
    }
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_ARM_NONE},
    {.type = R_ARM_ABS32, .width = 32, .flags = AOTX_SEM_T},
    {.type = R_ARM_REL32, .width = 32, .flags = AOTX_SEM_T},
    {.type = R_ARM_THM_CALL, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_THM_JUMP24, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_THM_MOVW_ABS_NC, .width = 16, .flags = AOTX_SEM_T},
    {.type = R_ARM_THM_MOVT_ABS, .lo = 16, .width = 16},
    {.type = R_ARM_THM_MOVW_PREL_NC, .width = 16, .flags = AOTX_SEM_T},
    {.type = R_ARM_THM_MOVT_PREL, .lo = 16, .width = 16},
    {.type = R_ARM_THM_JUMP19, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_THM_JUMP11, .width = 64, .flags = AOTX_SEM_BRANCH},
    {.type = R_ARM_THM_JUMP8, .width = 64, .flags = AOTX_SEM_BRANCH},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = thumb_meaning};

/* Far-call veneer for v7-M, v7E-M, v8-M.main and A-profile Thumb-2:
 * 8 bytes, 4-aligned, nothing clobbered. */
static const struct aotx_unit thumb2_units[] = {
    {2, 0xf8df}, /* ldr.w pc, [pc, #0]   ; pc = the word below (bit 0: the state) */
    {2, 0xf000},
    {4, 0},      /* .word target | T      ; R_ARM_ABS32 */
};
static const struct aotx_veneer thumb2_veneer = {.size = 8, .align = 4, AOTX_UNITS(thumb2_units),
                                                 .reloc_type = R_ARM_ABS32, .reloc_offset = 4,
                                                 .thumb = 1};

/* Far-call veneer for cores without Thumb-2 (v6-M: Cortex-M0/M0+/M1; v8-M
 * Baseline: Cortex-M23; cores before v6T2), which have no LDR.W: 12
 * bytes, 4-aligned; r0 and r1 come back as they were. */
static const struct aotx_unit thumb1_units[] = {
    {2, 0xb403}, /* push {r0, r1} */
    {2, 0x4801}, /* ldr  r0, [pc, #4]    ; the word at +8 */
    {2, 0x9001}, /* str  r0, [sp, #4]    ; over the saved r1 */
    {2, 0xbd01}, /* pop  {r0, pc}        ; r0 back, pc = target */
    {4, 0},      /* .word target | 1      ; R_ARM_ABS32 */
};
static const struct aotx_veneer thumb1_veneer = {.size = 12, .align = 4, AOTX_UNITS(thumb1_units),
                                                 .reloc_type = R_ARM_ABS32, .reloc_offset = 8,
                                                 .thumb = 1};

/* The Thumb-2 veneer where the arch string says the core has Thumb-2; the
 * other, which any Thumb core runs, where it does not: v6-M, v8-M Baseline
 * (Cortex-M23: no LDR.W either), cores before v6T2, and a bare "thumb",
 * "thumbv6" or "thumbv8", which may name any of them. */
static const struct aotx_veneer *thumb_veneer(const struct aotx_module *m)
{
    struct aotx_arm_core c;
    aotx_arm_core(m->target.arch, &c);
    return c.thumb2 ? &thumb2_veneer : &thumb1_veneer;
}

const struct aotx_arch aotx_arch_thumb = {
    .name = "thumb",
    .machines = {EM_ARM, 0},
    .arch_prefix = "thumb",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .thumb_bit = 1,
    .code_thumb = 1,
    .abs_ptr_type = R_ARM_ABS32,
    .plt_entry = 20, /* eight halfwords and the address */
    .addend = thumb_addend,
    .field = thumb_field,
    .encode = thumb_encode,
    .decode = thumb_decode,
    .veneer = thumb_veneer,
    .insn_align = 2,
    .insn_what = "a Thumb instruction",
    .readback = &readback,
};
