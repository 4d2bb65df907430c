/* MIPS32, o32 ABI, big- or little-endian (the file's bin_type says which).
 * Follows the System V ABI MIPS RISC Processor Supplement, 3rd edition
 * (1996), chapter 4 "Relocation", as GNU ld and ld.lld apply it.
 *
 * Every instruction is one 32-bit word in the file's byte order; every
 * field below lies within one word, so the two byte orders differ only in
 * how that word is read and written. The target is a REL target: wamrc
 * leaves each addend in its field (the records' addends are 0).
 *
 * Jumps: J and JAL (R_MIPS_26) hold bits 27:2 of the target; the top four
 * bits come from the address of the delay slot, P + 4. So the target must
 * lie in the same 256 MiB region as P + 4 (a jump in the last word of a
 * region lands in the next one). A call or tail call to a target in
 * another region, or to an odd address (microMIPS or MIPS16e code, which
 * JAL cannot enter), goes through the veneer below, whose JR sets the ISA
 * mode from bit 0 as JALX would. The 26-bit addend is all target offset
 * (call_bias 0): a veneer stands for S + A, as for a J against .text +
 * offset that crosses a region boundary backwards.
 * The 26-bit addend is sign-extended from bit 27, as ld.lld does for every
 * symbol (GNU ld zero-extends it for local symbols; the two agree for every
 * offset below 128 MiB).
 * Branches (R_MIPS_PC16: B, BAL, BEQ, ...) hold offset16 = (target - (P + 4))
 * >> 2; the assembler's addend is -4, so v = S + A - P is that difference,
 * in [-128 KiB, 128 KiB - 4]. No veneer: wamrc does not branch to symbols.
 *
 * HI16/LO16: the ABI's AHL = (AHI << 16) + (short)ALO. A HI16 takes its
 * low half from the next LO16 against the same symbol; the engine pairs
 * them (the descriptor's pair_hi/pair_lo), this file reads each field:
 * AHI << 16 for HI16 and sext(ALO) for LO16. %hi rounds: LUI gets
 * (v + 0x8000) >> 16, because the low half is added sign-extended.
 *
 * Not supported: GPREL16/GPREL32 (no $gp in an XIP image), the GOT and
 * TLS types (PIC code), REL32 (a dynamic relocation), MIPS16e and
 * microMIPS types (wamrc emits MIPS32).
 *
 * The stock WAMR runtime rejects every MIPS relocation (it names
 * R_MIPS_32 and R_MIPS_26 but falls through to "invalid relocation type"),
 * so no MIPS .aot file with relocations loads there; this file follows
 * the ABI.
 *
 *   type  name           formula      field
 *    0    R_MIPS_NONE    nothing
 *    2    R_MIPS_32      S + A        word
 *    4    R_MIPS_26      S + A        J/JAL instr_index = v[27:2]; v in P + 4's 256 MiB region
 *    5    R_MIPS_HI16    S + AHL      imm16 = (v + 0x8000)[31:16], no check
 *    6    R_MIPS_LO16    S + AHL      imm16 = v[15:0], no check
 *   10    R_MIPS_PC16    S + A - P    offset16 = v[17:2], v in [-131072, 131068], 4-aligned
 *   37    R_MIPS_JALR    nothing      a hint that a JALR may become BAL: the JALR stays
 *  248    R_MIPS_PC32    S + A - P    word
 */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/mips.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_MIPS_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_MIPS_32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_MIPS_26, .expr = X_ABS, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "S + A", .call_bias = 0},
    {.type = R_MIPS_HI16, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + AHL"},
    {.type = R_MIPS_LO16, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + AHL"},
    {.type = R_MIPS_PC16, .expr = X_PC, .size = 4, .flags = HOWTO_INSN, .formula = "S + A - P"},
    {.type = R_MIPS_JALR, .expr = X_NONE, .formula = "none"},
    {.type = R_MIPS_PC32, .expr = X_PC, .size = 4, .formula = "S + A - P"},
};

/* Instruction formats (MIPS32 Architecture For Programmers, vol. II):
 *   J-type  31..26 opcode | 25..0 instr_index
 *   I-type  31..26 opcode | 25..21 rs | 20..16 rt | 15..0 immediate/offset */
#define J_INDEX 0x03ffffffu
#define I_IMM 0x0000ffffu

static int64_t mips_addend(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    switch (h->type) {
    case R_MIPS_32:
    case R_MIPS_PC32:
        return sext(w, 32);
    case R_MIPS_26:
        return sext((uint64_t)(w & J_INDEX) << 2, 28);
    case R_MIPS_HI16:
        return (int64_t)((uint64_t)sext(w & I_IMM, 16) << 16);
    case R_MIPS_LO16:
        return sext(w & I_IMM, 16);
    case R_MIPS_PC16:
        return sext((uint64_t)(w & I_IMM) << 2, 18);
    }
    return 0;
}

/* What the field holds: the word for 32 and PC32, instr_index for 26,
 * the 16-bit immediate for HI16, LO16 and PC16. */
static int mips_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                      struct aotx_range *bad)
{
    uint64_t u = (uint64_t)v;
    *bad = (struct aotx_range){0};
    switch (h->type) {
    case R_MIPS_NONE:
    case R_MIPS_JALR:
        *out = 0;
        return 0;
    case R_MIPS_32:
    case R_MIPS_PC32:
        *out = u & 0xffffffffu;
        return 0;
    case R_MIPS_26: {
        int64_t region = (int64_t)((P + 4) & 0xf0000000u);
        if (check_range(v, region, region + 0x0ffffffc, 4, bad))
            return 1;
        *out = bits(u, 27, 2);
        return 0;
    }
    case R_MIPS_HI16:
        *out = bits(u + 0x8000, 31, 16);
        return 0;
    case R_MIPS_LO16:
        *out = bits(u, 15, 0);
        return 0;
    case R_MIPS_PC16:
        if (check_int(v, 18, 4, bad))
            return 1;
        *out = bits(u, 17, 2);
        return 0;
    }
    return 1;
}

static void mips_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    if (h->size != 4)
        return;
    uint32_t w = rd32(loc, be), v = (uint32_t)f;
    switch (h->type) {
    case R_MIPS_32:
    case R_MIPS_PC32:
        w = v;
        break;
    case R_MIPS_26:
        w = (w & ~J_INDEX) | (v & J_INDEX);
        break;
    case R_MIPS_HI16:
    case R_MIPS_LO16:
    case R_MIPS_PC16:
        w = (w & ~I_IMM) | (v & I_IMM);
        break;
    }
    wr32(loc, w, be);
}

static uint64_t mips_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    if (h->size != 4)
        return 0;
    uint32_t w = rd32(loc, be);
    switch (h->type) {
    case R_MIPS_32:
    case R_MIPS_PC32:
        return w;
    case R_MIPS_26:
        return w & J_INDEX;
    case R_MIPS_HI16:
    case R_MIPS_LO16:
    case R_MIPS_PC16:
        return w & I_IMM;
    }
    return 0;
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * What the instructions mean (MIPS32 Architecture For Programmers, vol.
 * II), decoded afresh, in the file's byte order:
 *   J, JAL: the target ((P + 4) & 0xf0000000) | instr_index << 2;
 *   LUI (HI16): imm16 << 16;  ADDIU, loads, stores (LO16): sext(imm16);
 *   branches (PC16): P + 4 + sext(offset16 << 2), the + 4 in A;
 *   a word: its value. */
static void mips_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                         struct aotx_meaning *m)
{
    uint32_t w = h->size == 4 ? rd32(loc, be) : 0;
    *m = (struct aotx_meaning){w, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_MIPS_26:
        m->value = ((P + 4) & 0xf0000000u) | bits(w, 25, 0) << 2;
        return;
    case R_MIPS_HI16:
        m->value = bits(w, 15, 0) << 16;
        return;
    case R_MIPS_LO16:
        m->value = (uint64_t)sext(bits(w, 15, 0), 16);
        return;
    case R_MIPS_PC16:
        m->value = (uint64_t)sext(bits(w, 15, 0) << 2, 18);
        return;
    }
}

/* What each type's field holds of its value (struct aotx_sem): %hi rounds,
 * the low half being added sign-extended. */
static const struct aotx_sem sems[] = {
    {.type = R_MIPS_NONE},
    {.type = R_MIPS_32, .width = 32},
    {.type = R_MIPS_26, .width = 64},
    {.type = R_MIPS_HI16, .lo = 16, .width = 16, .round = 0x8000},
    {.type = R_MIPS_LO16, .width = 16},
    {.type = R_MIPS_PC16, .width = 64},
    {.type = R_MIPS_JALR},
    {.type = R_MIPS_PC32, .width = 32},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = mips_meaning};

/* Far-call veneer: 32 bytes, 4-aligned, entered by JAL or J in the same
 * 256 MiB region. It keeps $ra (the caller's return address) and every
 * argument register; it clobbers only $at and $t9, which no caller keeps
 * live across a call, and leaves the target in $t9 as the abicalls
 * convention asks of a call into PIC code. MIPS32 has no PC-relative load
 * before release 6, so BAL finds the veneer's own address; $ra is saved
 * in $at around it. The load's result is not used by the next
 * instruction, so the sequence is also right on MIPS I, whose loads have
 * a delay slot. Both branches carry their delay slot. */
static const struct aotx_unit units[] = {
    {4, 0x03e00825}, /* move  $at, $ra       ; or $1, $31, $0: the return address */
    {4, 0x04110001}, /* bal   1f             ; $ra = veneer + 12 */
    {4, 0x00000000}, /* nop                  ; (delay slot) */
    {4, 0x8ff90010}, /* 1: lw $t9, 16($ra)   ; the word at veneer + 28 */
    {4, 0x0020f825}, /* move  $ra, $at       ; or $31, $1, $0: return address back */
    {4, 0x03200008}, /* jr    $t9 */
    {4, 0x00000000}, /* nop                  ; (delay slot) */
    {4, 0},          /* .word target         ; R_MIPS_32 */
};
static const struct aotx_veneer veneer = {.size = 32, .align = 4, AOTX_UNITS(units),
                                          .reloc_type = R_MIPS_32, .reloc_offset = 28};

/* Release 6 removed JR (SPECIAL function 8); its JR is JALR $zero. */
static const struct aotx_unit units_r6[] = {
    {4, 0x03e00825}, /* move  $at, $ra */
    {4, 0x04110001}, /* bal   1f             ; $ra = veneer + 12 */
    {4, 0x00000000}, /* nop */
    {4, 0x8ff90010}, /* 1: lw $t9, 16($ra)   ; the word at veneer + 28 */
    {4, 0x0020f825}, /* move  $ra, $at */
    {4, 0x03200009}, /* jr    $t9            ; jalr $zero, $t9 */
    {4, 0x00000000}, /* nop */
    {4, 0},          /* .word target         ; R_MIPS_32 */
};
static const struct aotx_veneer veneer_r6 = {.size = 32, .align = 4, AOTX_UNITS(units_r6),
                                             .reloc_type = R_MIPS_32, .reloc_offset = 28};

#define EF_MIPS_ARCH 0xf0000000u
#define EF_MIPS_ARCH_32R6 0x90000000u
#define EF_MIPS_ARCH_64R6 0xa0000000u

static const struct aotx_veneer *mips_veneer(const struct aotx_module *m)
{
    uint32_t arch = m->target.e_flags & EF_MIPS_ARCH;
    return arch == EF_MIPS_ARCH_32R6 || arch == EF_MIPS_ARCH_64R6 ? &veneer_r6 : &veneer;
}

const struct aotx_arch aotx_arch_mips = {
    .name = "mips",
    .machines = {EM_MIPS, 0},
    .arch_prefix = "mips",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_MIPS_32,
    .pair_hi = R_MIPS_HI16,
    .pair_lo = R_MIPS_LO16,
    .addend = mips_addend,
    .field = mips_field,
    .encode = mips_encode,
    .decode = mips_decode,
    .veneer = mips_veneer,
    .insn_align = 4,
    .insn_what = "a MIPS instruction",
    .readback = &readback,
};
