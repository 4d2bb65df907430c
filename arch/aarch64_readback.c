/* AArch64: reading a relocated field back, for verification (arch.h).
 * The relocator, whose field() and encode() this shares nothing with, is
 * arch/aarch64.c. */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/aarch64.def"
#define RELOC_TABLE_TYPES_ONLY
#include "reloc_table.h"

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean, from the Arm ARM for A-profile (C4, C6),
 * decoded afresh (instructions little-endian, data in the file's order):
 *   B, BL: PC + sext(imm26:00);  B.cond, CBZ/CBNZ, LDR (literal): PC +
 *   sext(imm19:00);  TBZ/TBNZ: PC + sext(imm14:00);
 *   ADR (bit 31 clear): PC + sext(immhi:immlo);  ADRP (bit 31 set): the
 *   page delta sext(immhi:immlo) << 12;
 *   ADD (immediate): imm12 << (sh ? 12 : 0);  LDR/STR (unsigned offset):
 *   imm12 << scale, scale the access size's log2 (size, bits 31:30; a
 *   SIMD&FP register with opc<1> set: 4, the 128-bit Q form);
 *   MOVZ, MOVK: imm16 << (16 * hw);  MOVN: NOT(imm16 << (16 * hw)); a
 *   32-bit register (sf 0) holds the low 32 bits. */
static uint64_t mov_wide_meaning(uint32_t insn, struct aotx_meaning *m)
{
    uint64_t v = bits(insn, 20, 5) << (16 * bits(insn, 22, 21));
    switch (bits(insn, 30, 29)) {
    case 0: v = ~v; break; /* MOVN */
    case 1: m->not_a = "a MOVN, MOVZ or MOVK"; break;
    }
    return bits(insn, 31, 31) ? v : v & 0xffffffffu;
}

static uint64_t ldst_meaning(uint32_t insn)
{
    unsigned scale = (unsigned)bits(insn, 31, 30);
    if (bits(insn, 26, 26) && bits(insn, 23, 23)) /* SIMD&FP, opc<1>: the Q form */
        scale = 4;
    return bits(insn, 21, 10) << scale;
}

static void a64_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                        struct aotx_meaning *m)
{
    uint32_t insn = h->size == 4 ? rd32le(loc) : 0;
    uint64_t adr = bits(insn, 23, 5) << 2 | bits(insn, 30, 29);
    (void)P;
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
        m->value = rd64(loc, be);
        return;
    case R_AARCH64_ABS32:
    case R_AARCH64_PREL32:
        m->value = rd32(loc, be);
        return;
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        m->value = rd16(loc, be);
        return;
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26:
        m->value = (uint64_t)sext(bits(insn, 25, 0) << 2, 28);
        return;
    case R_AARCH64_CONDBR19:
    case R_AARCH64_LD_PREL_LO19:
        m->value = (uint64_t)sext(bits(insn, 23, 5) << 2, 21);
        return;
    case R_AARCH64_TSTBR14:
        m->value = (uint64_t)sext(bits(insn, 18, 5) << 2, 16);
        return;
    case R_AARCH64_ADR_PREL_LO21:
    case R_AARCH64_ADR_PREL_PG_HI21:
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
        m->value = bits(insn, 31, 31) ? (uint64_t)sext(adr << 12, 33) : (uint64_t)sext(adr, 21);
        return;
    case R_AARCH64_ADD_ABS_LO12_NC:
        m->value = bits(insn, 21, 10) << (bits(insn, 22, 22) ? 12 : 0);
        return;
    case R_AARCH64_LDST8_ABS_LO12_NC:
    case R_AARCH64_LDST16_ABS_LO12_NC:
    case R_AARCH64_LDST32_ABS_LO12_NC:
    case R_AARCH64_LDST64_ABS_LO12_NC:
    case R_AARCH64_LDST128_ABS_LO12_NC:
        m->value = ldst_meaning(insn);
        return;
    default: /* the MOV wide types */
        if (h->size == 4)
            m->value = mov_wide_meaning(insn, m);
        return;
    }
}

/* What each type's field holds of its value (struct aotx_sem): a checked
 * MOV wide type (G0, G1, G2 without _NC) its chunk and, being checked,
 * every bit above it. */
static const struct aotx_sem sems[] = {
    {.type = R_AARCH64_NONE},
    {.type = R_AARCH64_ABS64, .width = 64},
    {.type = R_AARCH64_ABS32, .width = 32},
    {.type = R_AARCH64_ABS16, .width = 16},
    {.type = R_AARCH64_PREL64, .width = 64},
    {.type = R_AARCH64_PREL32, .width = 32},
    {.type = R_AARCH64_PREL16, .width = 16},
    {.type = R_AARCH64_MOVW_UABS_G0, .width = 64},
    {.type = R_AARCH64_MOVW_UABS_G0_NC, .width = 16},
    {.type = R_AARCH64_MOVW_UABS_G1, .lo = 16, .width = 48},
    {.type = R_AARCH64_MOVW_UABS_G1_NC, .lo = 16, .width = 16},
    {.type = R_AARCH64_MOVW_UABS_G2, .lo = 32, .width = 32},
    {.type = R_AARCH64_MOVW_UABS_G2_NC, .lo = 32, .width = 16},
    {.type = R_AARCH64_MOVW_UABS_G3, .lo = 48, .width = 16},
    {.type = R_AARCH64_MOVW_SABS_G0, .width = 64},
    {.type = R_AARCH64_MOVW_SABS_G1, .lo = 16, .width = 48},
    {.type = R_AARCH64_MOVW_SABS_G2, .lo = 32, .width = 32},
    {.type = R_AARCH64_LD_PREL_LO19, .width = 64},
    {.type = R_AARCH64_ADR_PREL_LO21, .width = 64},
    {.type = R_AARCH64_ADR_PREL_PG_HI21, .lo = 12, .width = 52},
    {.type = R_AARCH64_ADR_PREL_PG_HI21_NC, .lo = 12, .width = 21},
    {.type = R_AARCH64_ADD_ABS_LO12_NC, .width = 12},
    {.type = R_AARCH64_LDST8_ABS_LO12_NC, .width = 12},
    {.type = R_AARCH64_TSTBR14, .width = 64},
    {.type = R_AARCH64_CONDBR19, .width = 64},
    {.type = R_AARCH64_JUMP26, .width = 64},
    {.type = R_AARCH64_CALL26, .width = 64},
    {.type = R_AARCH64_LDST16_ABS_LO12_NC, .width = 12},
    {.type = R_AARCH64_LDST32_ABS_LO12_NC, .width = 12},
    {.type = R_AARCH64_LDST64_ABS_LO12_NC, .width = 12},
    {.type = R_AARCH64_MOVW_PREL_G0, .width = 64},
    {.type = R_AARCH64_MOVW_PREL_G0_NC, .width = 16},
    {.type = R_AARCH64_MOVW_PREL_G1, .lo = 16, .width = 48},
    {.type = R_AARCH64_MOVW_PREL_G1_NC, .lo = 16, .width = 16},
    {.type = R_AARCH64_MOVW_PREL_G2, .lo = 32, .width = 32},
    {.type = R_AARCH64_MOVW_PREL_G2_NC, .lo = 32, .width = 16},
    {.type = R_AARCH64_MOVW_PREL_G3, .lo = 48, .width = 16},
    {.type = R_AARCH64_LDST128_ABS_LO12_NC, .width = 12},
};
const struct aotx_readback aotx_readback_aarch64 = {AOTX_SEMS(sems), .meaning = a64_meaning};
