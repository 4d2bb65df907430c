/* RISC-V: reading a relocated field back, for verification (arch.h),
 * from the instruction formats in riscv_insn.h; the relocator, whose
 * field() and encode() this shares nothing with, is arch/riscv.c. */
#include "arch.h"
#include "riscv_insn.h"

#define RELOC_TABLE "names/riscv.def"
#define RELOC_TABLE_TYPES_ONLY
#include "reloc_table.h"

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean (ISA manual, volume I), from the formats'
 * immediates (riscv_insn.h), sign-extended as the instructions do:
 *   BRANCH, JAL, c.beqz/c.bnez, c.j: the offset from P;
 *   AUIPC + JALR (CALL): sext(imm20 << 12) + sext(imm12), the offset from P;
 *   LUI, AUIPC (HI20): sext(imm20 << 12);  I-type, S-type (LO12): sext(imm12);
 *   a data word: its value;  a ULEB128: its value, read as a consumer does,
 *   up to the first byte without bit 7, which must be the field's last. */
static uint64_t uleb_meaning(const uint8_t *p, unsigned n, struct aotx_meaning *m)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        if (i < 10)
            v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) {
            if (i + 1 != n)
                m->not_a = "a ULEB128 of its length";
            return v;
        }
    }
    m->not_a = "a ULEB128 of its length";
    return v;
}

static int64_t hi20_meaning(uint32_t insn) { return sext((uint64_t)utype_get(insn) << 12, 32); }

static void riscv_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                          struct aotx_meaning *m)
{
    (void)P;
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_RISCV_BRANCH:
        m->value = (uint64_t)sext(btype_get(insn_get(loc)), 13);
        return;
    case R_RISCV_JAL:
        m->value = (uint64_t)sext(jtype_get(insn_get(loc)), 21);
        return;
    case R_RISCV_RVC_BRANCH:
        m->value = (uint64_t)sext(cbtype_get(rd16le(loc)), 9);
        return;
    case R_RISCV_RVC_JUMP:
        m->value = (uint64_t)sext(cjtype_get(rd16le(loc)), 12);
        return;
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT:
        m->value = (uint64_t)(hi20_meaning(insn_get(loc)) +
                              sext(itype_get(insn_get(loc + 4)), 12));
        return;
    case R_RISCV_GOT_HI20:
    case R_RISCV_PCREL_HI20:
    case R_RISCV_HI20:
        m->value = (uint64_t)hi20_meaning(insn_get(loc));
        return;
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_LO12_I:
        m->value = (uint64_t)sext(itype_get(insn_get(loc)), 12);
        return;
    case R_RISCV_PCREL_LO12_S:
    case R_RISCV_LO12_S:
        m->value = (uint64_t)sext(stype_get(insn_get(loc)), 12);
        return;
    case R_RISCV_SET_ULEB128:
    case R_RISCV_SUB_ULEB128:
        m->value = uleb_meaning(loc, h->size, m);
        return;
    }
    if (h->size) /* a data word */
        m->value = rdn(loc, h->size, be);
}

/* What each type's field holds of its value (struct aotx_sem): %hi rounds,
 * the low part being added sign-extended, and on RV64 LUI and AUIPC
 * sign-extend from bit 31, so HI20 holds every bit from 12 up. */
static const struct aotx_sem sems[] = {
    {.type = R_RISCV_NONE},
    {.type = R_RISCV_32, .width = 32},
    {.type = R_RISCV_64, .width = 64},
    {.type = R_RISCV_BRANCH, .width = 64},
    {.type = R_RISCV_JAL, .width = 64},
    {.type = R_RISCV_CALL, .width = 64},
    {.type = R_RISCV_CALL_PLT, .width = 64},
    {.type = R_RISCV_GOT_HI20, .lo = 12, .width = 52, .round = 0x800},
    {.type = R_RISCV_PCREL_HI20, .lo = 12, .width = 52, .round = 0x800},
    {.type = R_RISCV_PCREL_LO12_I, .width = 12},
    {.type = R_RISCV_PCREL_LO12_S, .width = 12},
    {.type = R_RISCV_HI20, .lo = 12, .width = 52, .round = 0x800},
    {.type = R_RISCV_LO12_I, .width = 12},
    {.type = R_RISCV_LO12_S, .width = 12},
    {.type = R_RISCV_ADD8, .width = 8},
    {.type = R_RISCV_ADD16, .width = 16},
    {.type = R_RISCV_ADD32, .width = 32},
    {.type = R_RISCV_ADD64, .width = 64},
    {.type = R_RISCV_SUB8, .width = 8},
    {.type = R_RISCV_SUB16, .width = 16},
    {.type = R_RISCV_SUB32, .width = 32},
    {.type = R_RISCV_SUB64, .width = 64},
    {.type = R_RISCV_ALIGN},
    {.type = R_RISCV_RVC_BRANCH, .width = 64},
    {.type = R_RISCV_RVC_JUMP, .width = 64},
    {.type = R_RISCV_RELAX},
    {.type = R_RISCV_SUB6, .width = 6},
    {.type = R_RISCV_SET6, .width = 6},
    {.type = R_RISCV_SET8, .width = 8},
    {.type = R_RISCV_SET16, .width = 16},
    {.type = R_RISCV_SET32, .width = 32},
    {.type = R_RISCV_32_PCREL, .width = 32},
    {.type = R_RISCV_SET_ULEB128, .width = 64},
    {.type = R_RISCV_SUB_ULEB128, .width = 64},
};
const struct aotx_readback aotx_readback_riscv = {AOTX_SEMS(sems), .meaning = riscv_meaning};
