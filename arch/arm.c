/* ARM state (A32): ARMv4T to ARMv8-A AArch32 cores running ARM code, e.g.
 * wamrc --target=armv7. Follows the ELF for the Arm Architecture (AAELF32,
 * 2023Q3), section 5.6.
 *
 * Instructions are one 32-bit word, little-endian (big-endian ARM is
 * refused by the rewriter). The target is a REL target: wamrc leaves the
 * addend in the field (-8 for BL and B, the offset for MOVW/MOVT, the word
 * for ABS32) and the records' addends are 0.
 *
 * The Thumb bit: S carries T = 1 for a Thumb function (a native the symbol
 * map marks as Thumb, or whose map value is odd, or --assume-isa thumb). ABS32,
 * REL32, PREL31 and MOVW keep it, so a stored code pointer enters the right
 * state; MOVT takes bits 31:16, which it does not reach. A branch to a
 * section or to data stays in ARM state (BL), as ld.lld's. The instruction
 * fields are at multiples of 4 (insn_align); the data words may be anywhere.
 *
 * Branches: B, BL and BLX reach [-32 MiB, +32 MiB - 4] (BLX: - 2, its H bit
 * is bit 1 of the offset). R_ARM_CALL turns BL into BLX for a Thumb target
 * and BLX into BL for an ARM one. B<c> and BL<c> (R_ARM_JUMP24, and the
 * old R_ARM_PC24 taken the same way) cannot change state: a Thumb target
 * goes through the veneer, as a target out of reach does. Branch offsets
 * to ARM code are multiples of 4, checked rather than truncated.
 *
 *   type  name                 formula                 field
 *    0    R_ARM_NONE           nothing
 *    1    R_ARM_PC24           ((S + A) | T) - P       B/BL<c> imm24 = X[25:2], ARM targets
 *    2    R_ARM_ABS32          (S + A) | T             word
 *    3    R_ARM_REL32          ((S + A) | T) - P       word
 *   28    R_ARM_CALL           ((S + A) | T) - P       BL imm24 = X[25:2], or BLX imm24:H = X[25:1]
 *   29    R_ARM_JUMP24         ((S + A) | T) - P       B/BL<c> imm24 = X[25:2], ARM targets
 *   40    R_ARM_V4BX           nothing (BX stays BX: every supported core has it)
 *   42    R_ARM_PREL31         ((S + A) | T) - P       bits 30:0, -2^30 <= X < 2^30, bit 31 kept
 *   43    R_ARM_MOVW_ABS_NC    (S + A) | T             MOVW imm16 = X[15:0], no check
 *   44    R_ARM_MOVT_ABS       S + A                   MOVT imm16 = X[31:16]
 *   45    R_ARM_MOVW_PREL_NC   ((S + A) | T) - P       MOVW imm16 = X[15:0], no check
 *   46    R_ARM_MOVT_PREL      S + A - P               MOVT imm16 = X[31:16]
 *
 * REL addends: the word for ABS32, REL32 and sign-extended PREL31; the
 * branch's offset (sext(imm24:00), BLX adding H:0); sext(imm16) for MOVW
 * and MOVT, the same addend for both halves as AAELF32 5.6.1.1 says.
 *
 * Where the stock WAMR runtime differs (AOT-FORMAT.md 7.4): MOVW and MOVT
 * ignore the immediate in the instruction, dropping the addend that REL
 * keeps there (this file adds it); it does no interworking, so a BL to a
 * Thumb native would run Thumb code in ARM state (this file writes BLX, or
 * goes through the veneer for B); it calls natives through a PLT even when
 * they are in reach, and takes +32 MiB as in range, which imm24 cannot
 * hold. It knows none of REL32, PC24, PREL31, V4BX and the PREL MOVs.
 */
#include <string.h>

#include "arch.h"
#include "arm_insn.h"

#define RELOC_TABLE "names/arm.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_ARM_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_ARM_PC24, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "((S + A) | T) - P", .call_bias = -8},
    {.type = R_ARM_ABS32, .expr = X_ABS, .size = 4, .formula = "(S + A) | T"},
    {.type = R_ARM_REL32, .expr = X_PC, .size = 4, .formula = "((S + A) | T) - P"},
    {.type = R_ARM_CALL, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "((S + A) | T) - P", .call_bias = -8},
    {.type = R_ARM_JUMP24, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "((S + A) | T) - P", .call_bias = -8},
    {.type = R_ARM_V4BX, .expr = X_NONE, .size = 4, .formula = "none"},
    {.type = R_ARM_PREL31, .expr = X_PC, .size = 4, .formula = "((S + A) | T) - P"},
    {.type = R_ARM_MOVW_ABS_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "(S + A) | T"},
    {.type = R_ARM_MOVT_ABS, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN | HOWTO_NO_T,
     .formula = "S + A"},
    {.type = R_ARM_MOVW_PREL_NC, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "((S + A) | T) - P"},
    {.type = R_ARM_MOVT_PREL, .expr = X_PC, .size = 4, .flags = HOWTO_INSN | HOWTO_NO_T,
     .formula = "S + A - P"},
};

static int64_t arm_addend(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        return (int32_t)w;
    case R_ARM_PREL31:
        return sext(w, 31);
    case R_ARM_PC24:
    case R_ARM_CALL:
    case R_ARM_JUMP24:
        return arm_branch_get(w);
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
    case R_ARM_MOVW_PREL_NC:
    case R_ARM_MOVT_PREL:
        return sext(arm_mov_get(w), 16);
    }
    return 0;
}

/* What the field holds:
 *   ABS32, REL32: the word;  PREL31: bits 30:0;
 *   MOVW: imm16 = bits 15:0;  MOVT: imm16 = bits 31:16;
 *   CALL: the 26-bit offset, bits 25:1, with bit 0 set for BLX (a Thumb
 *   target) and clear for BL;  PC24, JUMP24: the 26-bit offset. */
static int arm_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                     struct aotx_range *bad)
{
    uint64_t u = (uint64_t)v;
    (void)P;
    memset(bad, 0, sizeof *bad);
    *out = 0;
    switch (h->type) {
    case R_ARM_NONE:
    case R_ARM_V4BX:
        return 0;
    case R_ARM_ABS32:
    case R_ARM_REL32:
        *out = u & 0xffffffffu;
        return 0;
    case R_ARM_PREL31:
        *out = u & 0x7fffffffu;
        return check_int(v, 31, 0, bad);
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVW_PREL_NC:
        *out = u & 0xffff;
        return 0;
    case R_ARM_MOVT_ABS:
    case R_ARM_MOVT_PREL:
        *out = bits(u, 31, 16);
        return 0;
    case R_ARM_CALL: {
        int blx = (int)(u & 1);
        int64_t off = v & ~(int64_t)1; /* BL: a multiple of 4; BLX's H holds bit 1 */
        if (check_int(off, 26, blx ? 2 : 4, bad))
            return 1;
        *out = ((uint64_t)off & 0x3fffffe) | (uint64_t)blx;
        return 0;
    }
    case R_ARM_PC24:
    case R_ARM_JUMP24:
        if (check_int(v, 26, 4, bad)) { /* an odd v, Thumb code: B<c> cannot change state */
            bad->state = (int)(u & 1);
            return 1;
        }
        *out = u & 0x3fffffc;
        return 0;
    }
    return 1;
}

static void arm_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    switch (h->type) {
    case R_ARM_NONE:
    case R_ARM_V4BX:
        return;
    case R_ARM_ABS32:
    case R_ARM_REL32:
        w = (uint32_t)f;
        break;
    case R_ARM_PREL31:
        w = (w & 0x80000000u) | (uint32_t)(f & 0x7fffffffu);
        break;
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
    case R_ARM_MOVW_PREL_NC:
    case R_ARM_MOVT_PREL:
        w = arm_mov_set(w, (uint32_t)f);
        break;
    case R_ARM_CALL:
        w = arm_call_set(w, sext(f & ~(uint64_t)1, 26), (int)(f & 1));
        break;
    case R_ARM_PC24:
    case R_ARM_JUMP24:
        w = arm_branch_set(w, sext(f, 26));
        break;
    }
    wr32(loc, w, be);
}

static uint64_t arm_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        return w;
    case R_ARM_PREL31:
        return w & 0x7fffffffu;
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
    case R_ARM_MOVW_PREL_NC:
    case R_ARM_MOVT_PREL:
        return arm_mov_get(w);
    case R_ARM_CALL:
        return ((uint64_t)arm_branch_get(w) & 0x3fffffe) | (bits(w, 31, 28) == 0xf);
    case R_ARM_PC24:
    case R_ARM_JUMP24:
        return (uint64_t)arm_branch_get(w) & 0x3fffffc;
    }
    return 0;
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean, from the Arm ARM (ARMv7-A/R A8.8), decoded
 * afresh: PC is P + 8, which the formula's A holds (-8).
 *   B, BL (A1): cond != 1111, PC + sext(imm24:00), stays in ARM;
 *   BLX imm (A2): cond 1111, PC + sext(imm24:H:0), to Thumb;
 *   MOVW (A2), MOVT (A1), told apart by bit 22: imm16, or imm16 << 16;
 *   PREL31: sext(bits 30:0);  a word: its value. */
static void arm_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                        struct aotx_meaning *m)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    (void)P;
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_ARM_ABS32:
    case R_ARM_REL32:
        m->value = w;
        return;
    case R_ARM_PREL31:
        m->value = (uint64_t)sext(w, 31);
        return;
    case R_ARM_PC24:
    case R_ARM_CALL:
    case R_ARM_JUMP24:
        if (bits(w, 27, 25) != 0x5) {
            m->not_a = "a branch";
            return;
        }
        m->value = (uint64_t)arm_branch_get(w);
        m->isa = bits(w, 31, 28) == 0xf ? AOTX_ENTERS_THUMB : AOTX_ENTERS_ARM;
        return;
    case R_ARM_MOVW_ABS_NC:
    case R_ARM_MOVT_ABS:
    case R_ARM_MOVW_PREL_NC:
    case R_ARM_MOVT_PREL:
        m->value = (uint64_t)arm_mov_get(w) << (bits(w, 22, 22) ? 16 : 0);
        return;
    }
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_ARM_NONE},
    {.type = R_ARM_PC24, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_ABS32, .width = 32, .flags = AOTX_SEM_T},
    {.type = R_ARM_REL32, .width = 32, .flags = AOTX_SEM_T},
    {.type = R_ARM_CALL, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_JUMP24, .width = 64, .flags = AOTX_SEM_T | AOTX_SEM_BRANCH},
    {.type = R_ARM_V4BX},
    {.type = R_ARM_PREL31, .width = 64, .flags = AOTX_SEM_T},
    {.type = R_ARM_MOVW_ABS_NC, .width = 16, .flags = AOTX_SEM_T},
    {.type = R_ARM_MOVT_ABS, .lo = 16, .width = 16},
    {.type = R_ARM_MOVW_PREL_NC, .width = 16, .flags = AOTX_SEM_T},
    {.type = R_ARM_MOVT_PREL, .lo = 16, .width = 16},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = arm_meaning};

/* Far-call veneer, any ARM-state core from ARMv5T: 8 bytes, 4-aligned,
 * nothing clobbered. LDR to the PC interworks (bit 0 set: Thumb). */
static const struct aotx_unit veneer_units[] = {
    {4, 0xe51ff004}, /* ldr pc, [pc, #-4]   ; pc = the word below (P + 8 - 4) */
    {4, 0},          /* .word target | T    ; R_ARM_ABS32 */
};
static const struct aotx_veneer veneer = {.size = 8, .align = 4, AOTX_UNITS(veneer_units),
                                          .reloc_type = R_ARM_ABS32, .reloc_offset = 4};

static const struct aotx_veneer *arm_veneer(const struct aotx_module *m)
{
    (void)m;
    return &veneer;
}

const struct aotx_arch aotx_arch_arm = {
    .name = "arm",
    .machines = {EM_ARM, 0},
    .arch_prefix = "arm",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .thumb_bit = 1,
    .abs_ptr_type = R_ARM_ABS32,
    .plt_entry = 12, /* ldr pc, [pc]; nop; .word target */
    .addend = arm_addend,
    .field = arm_field,
    .encode = arm_encode,
    .decode = arm_decode,
    .veneer = arm_veneer,
    .insn_align = 4,
    .insn_what = "an A32 instruction",
    .readback = &readback,
};
