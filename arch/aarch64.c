/* AArch64 (A64), LP64. Follows the ELF for the Arm 64-bit Architecture
 * (AAELF64, 2023Q3), section 5.7. The arch string is aarch64v8 or arm64.
 *
 * Instructions are 32 bits and always little-endian, aarch64_be included;
 * data is in the file's byte order. So the data types (ABS*, PREL*)
 * use the file's order and the instruction types always little-endian, and
 * the veneer has one template per byte order (its units are written in the
 * file's order). The target is a RELA target: the addend is the record's,
 * and the bits already in a field are ignored.
 *
 * Ranges: B/BL reach [-128 MiB, +128 MiB - 4], B.cond, CBZ/CBNZ and LDR
 * (literal) [-1 MiB, +1 MiB - 4], TBZ/TBNZ [-32 KiB, +32 KiB - 4], ADR
 * [-1 MiB, +1 MiB - 1], ADRP +-4 GiB in pages. Branch and literal offsets
 * are multiples of 4, checked rather than truncated. A call or tail call
 * (CALL26, JUMP26) that does not reach goes through a veneer that may
 * clobber x16 (IP0), as AAPCS64 allows; no other branch may (AAELF64 5.7.7).
 *
 * The :lo12: loads and stores scale their offset by the access size: the
 * low 12 bits of S + A must be a multiple of it, or the access would land
 * elsewhere. AAELF64 says the linker should check that; ld.lld does.
 *
 *   type  name                        formula            field
 *     0   R_AARCH64_NONE              nothing
 *   257   R_AARCH64_ABS64             S + A              64-bit word
 *   258   R_AARCH64_ABS32             S + A              32-bit word, -2^31 <= X < 2^32
 *   259   R_AARCH64_ABS16             S + A              16-bit word, -2^15 <= X < 2^16
 *   260   R_AARCH64_PREL64            S + A - P          64-bit word
 *   261   R_AARCH64_PREL32            S + A - P          32-bit word, -2^31 <= X < 2^32
 *   262   R_AARCH64_PREL16            S + A - P          16-bit word, -2^15 <= X < 2^16
 *   263   R_AARCH64_MOVW_UABS_G0      S + A              MOVZ/MOVK imm16 = X[15:0],  0 <= X < 2^16
 *   264   R_AARCH64_MOVW_UABS_G0_NC   S + A              MOVK imm16 = X[15:0], no check
 *   265   R_AARCH64_MOVW_UABS_G1      S + A              imm16 = X[31:16], 0 <= X < 2^32
 *   266   R_AARCH64_MOVW_UABS_G1_NC   S + A              imm16 = X[31:16], no check
 *   267   R_AARCH64_MOVW_UABS_G2      S + A              imm16 = X[47:32], 0 <= X < 2^48
 *   268   R_AARCH64_MOVW_UABS_G2_NC   S + A              imm16 = X[47:32], no check
 *   269   R_AARCH64_MOVW_UABS_G3      S + A              imm16 = X[63:48], no check
 *   270   R_AARCH64_MOVW_SABS_G0      S + A              MOVN/MOVZ X[15:0],  -2^16 <= X < 2^16
 *   271   R_AARCH64_MOVW_SABS_G1      S + A              MOVN/MOVZ X[31:16], -2^32 <= X < 2^32
 *   272   R_AARCH64_MOVW_SABS_G2      S + A              MOVN/MOVZ X[47:32], -2^48 <= X < 2^48
 *   273   R_AARCH64_LD_PREL_LO19      S + A - P          LDR (literal) imm19 = X[20:2]
 *   274   R_AARCH64_ADR_PREL_LO21     S + A - P          ADR immhi:immlo = X[20:0]
 *   275   R_AARCH64_ADR_PREL_PG_HI21  Page(S + A) - Page(P)  ADRP = X[32:12], -2^32 <= X < 2^32
 *   276   R_AARCH64_ADR_PREL_PG_HI21_NC Page(S + A) - Page(P) ADRP = X[32:12], no check
 *   277   R_AARCH64_ADD_ABS_LO12_NC   S + A              ADD imm12 = X[11:0]
 *   278   R_AARCH64_LDST8_ABS_LO12_NC S + A              LD/ST imm12 = X[11:0]
 *   279   R_AARCH64_TSTBR14           S + A - P          TBZ/TBNZ imm14 = X[15:2]
 *   280   R_AARCH64_CONDBR19          S + A - P          B.cond/CBZ imm19 = X[20:2]
 *   282   R_AARCH64_JUMP26            S + A - P          B imm26 = X[27:2] (veneer when far)
 *   283   R_AARCH64_CALL26            S + A - P          BL imm26 = X[27:2] (veneer when far)
 *   284   R_AARCH64_LDST16_ABS_LO12_NC S + A             LD/ST imm12 = X[11:1], X[0] = 0
 *   285   R_AARCH64_LDST32_ABS_LO12_NC S + A             LD/ST imm12 = X[11:2], X[1:0] = 0
 *   286   R_AARCH64_LDST64_ABS_LO12_NC S + A             LD/ST imm12 = X[11:3], X[2:0] = 0
 *   287   R_AARCH64_MOVW_PREL_G0      S + A - P          MOVN/MOVZ X[15:0],  -2^16 <= X < 2^16
 *   288   R_AARCH64_MOVW_PREL_G0_NC   S + A - P          MOVK imm16 = X[15:0], no check
 *   289   R_AARCH64_MOVW_PREL_G1      S + A - P          MOVN/MOVZ X[31:16], -2^32 <= X < 2^32
 *   290   R_AARCH64_MOVW_PREL_G1_NC   S + A - P          MOVK imm16 = X[31:16], no check
 *   291   R_AARCH64_MOVW_PREL_G2      S + A - P          MOVN/MOVZ X[47:32], -2^48 <= X < 2^48
 *   292   R_AARCH64_MOVW_PREL_G2_NC   S + A - P          MOVK imm16 = X[47:32], no check
 *   293   R_AARCH64_MOVW_PREL_G3      S + A - P          MOVN/MOVZ X[63:48], no check
 *   299   R_AARCH64_LDST128_ABS_LO12_NC S + A            LD/ST imm12 = X[11:4], X[3:0] = 0
 *
 * The signed MOV types pick the opcode: MOVN with the inverted chunk when
 * the bit above the chunk is set (X negative within the checked range),
 * MOVZ otherwise (always for G3, which has no bit above it). The _NC forms
 * of MOVW_PREL are MOVK: the chunk as it is, the opcode kept.
 *
 * Where the stock WAMR runtime differs (AOT-FORMAT.md 7.3): it adds the
 * immediate already in the instruction to A, which RELA does not do (LLVM
 * leaves those immediates 0, so it does no harm today); it calls natives
 * through a PLT even when they are in reach; it takes +128 MiB as in range
 * for B/BL, which imm26 cannot hold (it wraps to -128 MiB); it checks no
 * alignment for the :lo12: loads and stores; and it knows none of ABS*,
 * PREL*, ADR_PREL_LO21, LD_PREL_LO19, CONDBR19, TSTBR14, MOVW_SABS/PREL.
 * This file follows AAELF64.
 *
 * The read-back decoder, for verification, is in aarch64_readback.c.
 */
#include <string.h>

#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/aarch64.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_AARCH64_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_AARCH64_ABS64, .expr = X_ABS, .size = 8, .formula = "S + A"},
    {.type = R_AARCH64_ABS32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_AARCH64_ABS16, .expr = X_ABS, .size = 2, .formula = "S + A"},
    {.type = R_AARCH64_PREL64, .expr = X_PC, .size = 8, .formula = "S + A - P"},
    {.type = R_AARCH64_PREL32, .expr = X_PC, .size = 4, .formula = "S + A - P"},
    {.type = R_AARCH64_PREL16, .expr = X_PC, .size = 2, .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_UABS_G0, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G0_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G1, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G1_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G2, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G2_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_UABS_G3, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_SABS_G0, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_SABS_G1, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_SABS_G2, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_LD_PREL_LO19, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_ADR_PREL_LO21, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_ADR_PREL_PG_HI21, .expr = X_PAGE_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "Page(S + A) - Page(P)"},
    {.type = R_AARCH64_ADR_PREL_PG_HI21_NC, .expr = X_PAGE_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "Page(S + A) - Page(P)"},
    {.type = R_AARCH64_ADD_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_LDST8_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_TSTBR14, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_CONDBR19, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_JUMP26, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_CALL26, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_LDST16_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_LDST32_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_LDST64_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
    {.type = R_AARCH64_MOVW_PREL_G0, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G0_NC, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G1, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G1_NC, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G2, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G2_NC, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_MOVW_PREL_G3, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A - P"},
    {.type = R_AARCH64_LDST128_ABS_LO12_NC, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN,
     .formula = "S + A"},
};

/* ---- A64 immediate fields, as the Arm ARM names the encodings ----
 *
 *   B, BL (imm26):          op 00101 imm26                    imm26  = bits 25:0
 *   B.cond, CBZ, LDR lit:   ........ imm19 .....              imm19  = bits 23:5
 *   TBZ/TBNZ (imm14):       b5 011011 op b40 imm14 Rt         imm14  = bits 18:5
 *   ADR, ADRP:              op immlo 10000 immhi Rd           immlo  = bits 30:29,
 *                                                             immhi  = bits 23:5
 *   ADD (imm), LDR/STR (unsigned offset): ... imm12 Rn Rt     imm12  = bits 21:10
 *   MOVN/MOVZ/MOVK:         sf opc 100101 hw imm16 Rd         opc    = bits 30:29
 *                                                             (00 MOVN, 10 MOVZ, 11 MOVK),
 *                                                             imm16  = bits 20:5
 */
#define A64_IMM26 0x03ffffffu
#define A64_IMM19 0x00ffffe0u
#define A64_IMM14 0x0007ffe0u
#define A64_ADR 0x60ffffe0u
#define A64_IMM12 0x003ffc00u
#define A64_IMM16 0x001fffe0u
#define A64_MOV_OPC 0x60000000u
#define A64_MOVZ 0x40000000u

static uint32_t adr_set(uint32_t insn, uint64_t imm21)
{
    return (insn & ~A64_ADR) | (uint32_t)bits(imm21, 1, 0) << 29 | (uint32_t)bits(imm21, 20, 2) << 5;
}

static uint64_t adr_get(uint32_t insn) { return bits(insn, 23, 5) << 2 | bits(insn, 30, 29); }

/* The field's bit position and width for the instruction types. */
static int mov_shift(uint32_t type)
{
    switch (type) {
    case R_AARCH64_MOVW_UABS_G1:
    case R_AARCH64_MOVW_UABS_G1_NC:
    case R_AARCH64_MOVW_SABS_G1:
    case R_AARCH64_MOVW_PREL_G1:
    case R_AARCH64_MOVW_PREL_G1_NC:
        return 16;
    case R_AARCH64_MOVW_UABS_G2:
    case R_AARCH64_MOVW_UABS_G2_NC:
    case R_AARCH64_MOVW_SABS_G2:
    case R_AARCH64_MOVW_PREL_G2:
    case R_AARCH64_MOVW_PREL_G2_NC:
        return 32;
    case R_AARCH64_MOVW_UABS_G3:
    case R_AARCH64_MOVW_PREL_G3:
        return 48;
    }
    return 0;
}

/* log2 of the access size of a :lo12: load or store */
static unsigned ldst_scale(uint32_t type)
{
    switch (type) {
    case R_AARCH64_LDST16_ABS_LO12_NC: return 1;
    case R_AARCH64_LDST32_ABS_LO12_NC: return 2;
    case R_AARCH64_LDST64_ABS_LO12_NC: return 3;
    case R_AARCH64_LDST128_ABS_LO12_NC: return 4;
    }
    return 0;
}

/* What a MOV wide field holds: MOVZ/MOVK: imm16;  MOVN/MOVZ (signed
 * types): bit 16 set for MOVN, bits 15:0 the imm16 as encoded (the chunk
 * inverted for MOVN). */
static int mov_field(const struct aotx_howto *h, int64_t v, uint64_t *out,
                     struct aotx_range *bad)
{
    uint64_t u = (uint64_t)v;
    unsigned s = (unsigned)mov_shift(h->type);
    switch (h->type) {
    case R_AARCH64_MOVW_UABS_G0:
    case R_AARCH64_MOVW_UABS_G1:
    case R_AARCH64_MOVW_UABS_G2:
        *out = bits(u, s + 15, s);
        return check_uint(v, s + 16, bad);
    case R_AARCH64_MOVW_UABS_G0_NC:
    case R_AARCH64_MOVW_UABS_G1_NC:
    case R_AARCH64_MOVW_UABS_G2_NC:
    case R_AARCH64_MOVW_UABS_G3:
    case R_AARCH64_MOVW_PREL_G0_NC:
    case R_AARCH64_MOVW_PREL_G1_NC:
    case R_AARCH64_MOVW_PREL_G2_NC:
        *out = bits(u, s + 15, s);
        return 0;
    case R_AARCH64_MOVW_SABS_G0:
    case R_AARCH64_MOVW_SABS_G1:
    case R_AARCH64_MOVW_SABS_G2:
    case R_AARCH64_MOVW_PREL_G0:
    case R_AARCH64_MOVW_PREL_G1:
    case R_AARCH64_MOVW_PREL_G2:
    case R_AARCH64_MOVW_PREL_G3: {
        uint64_t movn = s < 48 ? bits(u, s + 16, s + 16) : 0;
        *out = movn << 16 | (bits(u, s + 15, s) ^ (movn ? 0xffff : 0));
        if (s == 48)
            return 0;
        return check_int(v, s + 17, 0, bad);
    }
    }
    return 1;
}

/* What the field holds:
 *   data words: the value's low 16, 32 or 64 bits;
 *   branches and literals: the offset / 4 in the field's width;
 *   ADR: the 21-bit offset;  ADRP: the page delta / 4096, 21 bits;
 *   ADD and :lo12: loads/stores: imm12 as encoded (scaled);
 *   MOV wide: see mov_field(). */
static int a64_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                     struct aotx_range *bad)
{
    uint64_t u = (uint64_t)v;
    (void)P;
    memset(bad, 0, sizeof *bad);
    *out = 0;
    switch (h->type) {
    case R_AARCH64_NONE:
        return 0;
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
        *out = u;
        return 0;
    case R_AARCH64_ABS32:
    case R_AARCH64_PREL32:
        *out = u & 0xffffffffu;
        return check_int_uint(v, 32, bad);
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        *out = u & 0xffff;
        return check_int_uint(v, 16, bad);
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26:
        *out = bits(u, 27, 2);
        return check_int(v, 28, 4, bad);
    case R_AARCH64_CONDBR19:
    case R_AARCH64_LD_PREL_LO19:
        *out = bits(u, 20, 2);
        return check_int(v, 21, 4, bad);
    case R_AARCH64_TSTBR14:
        *out = bits(u, 15, 2);
        return check_int(v, 16, 4, bad);
    case R_AARCH64_ADR_PREL_LO21:
        *out = bits(u, 20, 0);
        return check_int(v, 21, 0, bad);
    case R_AARCH64_ADR_PREL_PG_HI21:
        *out = bits(u, 32, 12);
        return check_int(v, 33, 4096, bad);
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
        *out = bits(u, 32, 12);
        return 0;
    case R_AARCH64_ADD_ABS_LO12_NC:
        *out = bits(u, 11, 0);
        return 0;
    case R_AARCH64_LDST8_ABS_LO12_NC:
    case R_AARCH64_LDST16_ABS_LO12_NC:
    case R_AARCH64_LDST32_ABS_LO12_NC:
    case R_AARCH64_LDST64_ABS_LO12_NC:
    case R_AARCH64_LDST128_ABS_LO12_NC: {
        unsigned s = ldst_scale(h->type);
        *out = bits(u, 11, s);
        return check_align(v, 1u << s, bad);
    }
    }
    return mov_field(h, v, out, bad);
}

static void a64_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    uint32_t insn = h->size == 4 ? rd32le(loc) : 0, imm = (uint32_t)f;
    switch (h->type) {
    case R_AARCH64_NONE:
        return;
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
        wr64(loc, f, be);
        return;
    case R_AARCH64_ABS32:
    case R_AARCH64_PREL32:
        wr32(loc, imm, be);
        return;
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        wr16(loc, (uint16_t)f, be);
        return;
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26:
        insn = (insn & ~A64_IMM26) | imm;
        break;
    case R_AARCH64_CONDBR19:
    case R_AARCH64_LD_PREL_LO19:
        insn = (insn & ~A64_IMM19) | imm << 5;
        break;
    case R_AARCH64_TSTBR14:
        insn = (insn & ~A64_IMM14) | imm << 5;
        break;
    case R_AARCH64_ADR_PREL_LO21:
    case R_AARCH64_ADR_PREL_PG_HI21:
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
        insn = adr_set(insn, f);
        break;
    case R_AARCH64_ADD_ABS_LO12_NC:
    case R_AARCH64_LDST8_ABS_LO12_NC:
    case R_AARCH64_LDST16_ABS_LO12_NC:
    case R_AARCH64_LDST32_ABS_LO12_NC:
    case R_AARCH64_LDST64_ABS_LO12_NC:
    case R_AARCH64_LDST128_ABS_LO12_NC:
        insn = (insn & ~A64_IMM12) | imm << 10;
        break;
    case R_AARCH64_MOVW_UABS_G0:
    case R_AARCH64_MOVW_UABS_G0_NC:
    case R_AARCH64_MOVW_UABS_G1:
    case R_AARCH64_MOVW_UABS_G1_NC:
    case R_AARCH64_MOVW_UABS_G2:
    case R_AARCH64_MOVW_UABS_G2_NC:
    case R_AARCH64_MOVW_UABS_G3:
    case R_AARCH64_MOVW_PREL_G0_NC:
    case R_AARCH64_MOVW_PREL_G1_NC:
    case R_AARCH64_MOVW_PREL_G2_NC:
        insn = (insn & ~A64_IMM16) | imm << 5;
        break;
    case R_AARCH64_MOVW_SABS_G0:
    case R_AARCH64_MOVW_SABS_G1:
    case R_AARCH64_MOVW_SABS_G2:
    case R_AARCH64_MOVW_PREL_G0:
    case R_AARCH64_MOVW_PREL_G1:
    case R_AARCH64_MOVW_PREL_G2:
    case R_AARCH64_MOVW_PREL_G3:
        insn = (insn & ~(A64_MOV_OPC | A64_IMM16)) | (bits(f, 16, 16) ? 0 : A64_MOVZ) |
               (uint32_t)bits(f, 15, 0) << 5;
        break;
    }
    wr32le(loc, insn);
}

static uint64_t a64_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    uint32_t insn = h->size == 4 ? rd32le(loc) : 0;
    switch (h->type) {
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
        return rd64(loc, be);
    case R_AARCH64_ABS32:
    case R_AARCH64_PREL32:
        return rd32(loc, be);
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
        return rd16(loc, be);
    case R_AARCH64_CALL26:
    case R_AARCH64_JUMP26:
        return bits(insn, 25, 0);
    case R_AARCH64_CONDBR19:
    case R_AARCH64_LD_PREL_LO19:
        return bits(insn, 23, 5);
    case R_AARCH64_TSTBR14:
        return bits(insn, 18, 5);
    case R_AARCH64_ADR_PREL_LO21:
    case R_AARCH64_ADR_PREL_PG_HI21:
    case R_AARCH64_ADR_PREL_PG_HI21_NC:
        return adr_get(insn);
    case R_AARCH64_ADD_ABS_LO12_NC:
    case R_AARCH64_LDST8_ABS_LO12_NC:
    case R_AARCH64_LDST16_ABS_LO12_NC:
    case R_AARCH64_LDST32_ABS_LO12_NC:
    case R_AARCH64_LDST64_ABS_LO12_NC:
    case R_AARCH64_LDST128_ABS_LO12_NC:
        return bits(insn, 21, 10);
    case R_AARCH64_MOVW_UABS_G0:
    case R_AARCH64_MOVW_UABS_G0_NC:
    case R_AARCH64_MOVW_UABS_G1:
    case R_AARCH64_MOVW_UABS_G1_NC:
    case R_AARCH64_MOVW_UABS_G2:
    case R_AARCH64_MOVW_UABS_G2_NC:
    case R_AARCH64_MOVW_UABS_G3:
    case R_AARCH64_MOVW_PREL_G0_NC:
    case R_AARCH64_MOVW_PREL_G1_NC:
    case R_AARCH64_MOVW_PREL_G2_NC:
        return bits(insn, 20, 5);
    case R_AARCH64_MOVW_SABS_G0:
    case R_AARCH64_MOVW_SABS_G1:
    case R_AARCH64_MOVW_SABS_G2:
    case R_AARCH64_MOVW_PREL_G0:
    case R_AARCH64_MOVW_PREL_G1:
    case R_AARCH64_MOVW_PREL_G2:
    case R_AARCH64_MOVW_PREL_G3:
        return (bits(insn, 30, 29) == 0 ? 0x10000u : 0) | bits(insn, 20, 5);
    }
    return 0;
}

/* Far-call veneer: 16 bytes, 8-aligned so the literal is; clobbers x16
 * (IP0), which AAPCS64 gives to veneers. Instructions are little-endian on
 * aarch64_be too, and the units are written in the file's byte order: the
 * big-endian template holds each instruction byte-swapped, so its bytes
 * come out the same. The literal is data, in the file's order. */
static const struct aotx_unit veneer_le_units[] = {
    {4, 0x58000050}, /* ldr x16, #8     ; x16 = the doubleword at +8 */
    {4, 0xd61f0200}, /* br  x16 */
    {4, 0},          /* .xword target   ; R_AARCH64_ABS64 */
    {4, 0},
};
static const struct aotx_unit veneer_be_units[] = {
    {4, 0x50000058}, /* ldr x16, #8     ; bytes 50 00 00 58, as above */
    {4, 0x00021fd6}, /* br  x16         ; bytes 00 02 1f d6 */
    {4, 0},          /* .xword target   ; R_AARCH64_ABS64, big-endian */
    {4, 0},
};
static const struct aotx_veneer veneer_le = {.size = 16, .align = 8, AOTX_UNITS(veneer_le_units),
                                             .reloc_type = R_AARCH64_ABS64, .reloc_offset = 8};
static const struct aotx_veneer veneer_be = {.size = 16, .align = 8, AOTX_UNITS(veneer_be_units),
                                             .reloc_type = R_AARCH64_ABS64, .reloc_offset = 8};

static const struct aotx_veneer *a64_veneer(const struct aotx_module *m)
{
    return (m->target.bin_type & AOTX_BIN_BIG_ENDIAN) ? &veneer_be : &veneer_le;
}

const struct aotx_arch aotx_arch_aarch64 = {
    .name = "aarch64",
    .machines = {EM_AARCH64, 0},
    .arch_prefix = NULL,
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .thumb_bit = 0,
    .abs_ptr_type = R_AARCH64_ABS64,
    .plt_entry = 32, /* six instructions and the address */
    .field = a64_field,
    .encode = a64_encode,
    .decode = a64_decode,
    .veneer = a64_veneer,
    .insn_align = 4,
    .insn_what = "an AArch64 instruction",
    .readback = &aotx_readback_aarch64,
};
