/* Xtensa (LX106 in the ESP8266, LX6/LX7 in the ESP32 family). Follows the
 * relocation semantics of GNU binutils' bfd/elf32-xtensa.c (binutils 2.40),
 * which is the Xtensa ABI's reference: there is no written psABI for
 * relocations and no lld backend. The instruction encodings are those of
 * binutils' ISA tables (xtensa-modules.c) for the lx106 core.
 *
 * Instructions are 2 bytes (density option) or 3 bytes, at any byte
 * address; FLIX bundles are longer. Data words are in the file's byte
 * order. The target is a RELA target.
 *
 * Code loads constants and far call targets with L32R from a literal pool
 * placed before the code (the .aot's literal area): the literals are
 * R_XTENSA_32 words. Every PC-relative operand (L32R, CALLn, J, the
 * branches) is an R_XTENSA_SLOT0_OP at the instruction's first byte, and
 * what it computes depends on that instruction: like binutils, select()
 * decodes the opcode and picks a howto for its format. Little-endian only:
 * a big-endian core keeps its fields elsewhere, no reference toolchain
 * here builds one, and neither the ESP cores nor LLVM's Xtensa backend are
 * big-endian, so a big-endian SLOT0_OP is refused as not applying.
 *
 * v is S + A, the target; each format counts its offset from its own base
 * (binutils' operand definitions: do_reloc, then the encoding must decode
 * back to the same offset, so the range and the alignment are exact):
 *   format  instructions (op0; n, m)          offset from    offset range
 *   RI16    L32R (1)                          (P + 3) & ~3   [-262144, -4], x 4: the literal is before
 *   CALL    CALL0 (5; 0)                      (P & ~3) + 4   [-524288, 524284], x 4: +-512 KiB
 *   CALL    CALL4, CALL8, CALL12 (5; 1..3)    (P & ~3) + 4   the same, and S + A in P's 1 GiB
 *   CALL    J (6; 0)                          P + 4          [-131072, 131071]: +-128 KiB
 *   BRI12   BEQZ BNEZ BLTZ BGEZ (6; 1, m)     P + 4          [-2048, 2047]
 *   BRI8    BEQI BNEI BLTI BGEI (6; 2, m),    P + 4          [-128, 127]
 *           BLTUI BGEUI (6; 3, m 2..3)
 *   RRI8    BEQ BNE BLT BGE BLTU BGEU BANY    P + 4          [-128, 127]
 *           BNONE BALL BNALL BBC BBS BBCI BBSI (7)
 *   RI6     BEQZ.N BNEZ.N (0xc, bit 7 set)    P + 4          [0, 63]
 * The range reported for a failure is that of S + A, with the alignment
 * (4 for L32R and CALLn: the literal or the callee must be word-aligned).
 * A windowed call (CALL4/8/12) keeps only bits 29:0 of the return address,
 * so binutils refuses one whose target is in another 1 GiB segment. The
 * LX106 has no windowed registers and its binutils do not know these
 * opcodes (they refuse them as "unexpected relocation"), but the ESP32
 * cores have them, and code built for the windowed ABI calls with CALL8:
 * this file takes them as the ISA defines them. There is no veneer: a call
 * out of reach is an error.
 *
 * select() returns NULL, which the engine reports, for every other opcode:
 * ENTRY, the B1 group (BF, BT, LOOP, LOOPNEZ, LOOPGTZ: the Boolean and
 * Loop options, absent on the LX106), MOVI.N, FLIX bundles, and
 * instructions with no PC-relative operand. (binutils would put a SLOT0_OP
 * against MOVI or L32I into their immediate as an absolute value; no
 * compiler emits one, and CONST16 does not exist on these cores.)
 * R_XTENSA_SLOT0_ALT means something only for L32R (absolute literals
 * through LITBASE, from a .lit4 section an .aot file does not have: binutils
 * fails without one) and CONST16 (its high half): for the formats above it
 * has no meaning and stays unsupported, as do the other slot types.
 *
 * R_XTENSA_ASM_EXPAND marks an L32R + CALLXn pair that a relaxing linker
 * may turn into a direct CALLn; nothing is relaxed here, so nothing is
 * written. binutils refuses it when a windowed call (CALLX4/8/12) would
 * cross a 1 GiB boundary: the return address keeps only the low 30 bits
 * of the caller's address. Not seeing which CALLX follows, this file holds
 * every expanded call to that rule.
 * The DIFF types record the distance between two labels, which the
 * assembler has already written; only relaxation changes it.
 *
 * binutils (and the stock WAMR runtime) add R_XTENSA_32's value to the
 * word already in the field; GAS and LLVM leave that word 0 for every
 * relocation they emit, so S + A is the same value. The stock runtime
 * supports R_XTENSA_32 and SLOT0_OP for L32R only.
 *
 *   type  name                  formula                   field
 *    0    R_XTENSA_NONE         nothing
 *    1    R_XTENSA_32           S + A                     word
 *   11    R_XTENSA_ASM_EXPAND   S + A                     nothing; (S + A) and P in the same 1 GiB
 *   14    R_XTENSA_32_PCREL     S + A - P                 word
 *   17    R_XTENSA_DIFF8        nothing
 *   18    R_XTENSA_DIFF16       nothing
 *   19    R_XTENSA_DIFF32       nothing
 *   20    R_XTENSA_SLOT0_OP     S + A - ((P + 3) & ~3)    L32R imm16 = off >> 2
 *                               S + A - ((P & ~3) + 4)    CALLn offset = off >> 2
 *                               S + A - (P + 4)           J offset, BRI12 imm12, BRI8/RRI8 imm8, RI6 imm6
 *   57-59 R_XTENSA_PDIFF8..32   nothing
 *   60-62 R_XTENSA_NDIFF8..32   nothing
 */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/xtensa.def"
#include "reloc_table.h"

/* The instruction formats a SLOT0_OP relocates: howto variants. */
enum {
    V_SLOT0, /* not decoded yet: select() picks one of the others */
    V_L32R,  /* RI16 */
    V_CALL0, /* CALL */
    V_CALLW, /* CALL: CALL4, CALL8, CALL12 */
    V_J,     /* CALL */
    V_BRI12,
    V_B8,    /* BRI8 and RRI8: the same imm8 */
    V_RI6,
    V_COUNT
};

static const struct aotx_howto howtos[] = {
    {.type = R_XTENSA_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_XTENSA_ASM_EXPAND, .expr = X_ABS, .formula = "S + A"},
    {.type = R_XTENSA_32_PCREL, .expr = X_PC, .size = 4, .formula = "S + A - P"},
    {.type = R_XTENSA_DIFF8, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_DIFF16, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_DIFF32, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3,
     .formula = "S + A - base(P), by the instruction at P", .variant = V_SLOT0},
    {.type = R_XTENSA_PDIFF8, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_PDIFF16, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_PDIFF32, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_NDIFF8, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_NDIFF16, .expr = X_NONE, .formula = "none"},
    {.type = R_XTENSA_NDIFF32, .expr = X_NONE, .formula = "none"},
};

/* SLOT0_OP, one howto per format. The value is the target, S + A; field()
 * takes the offset from the format's base. */
static const struct aotx_howto slot0[V_COUNT] = {
    [V_L32R] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3,
                .formula = "S + A - ((P + 3) & ~3)", .variant = V_L32R},
    [V_CALL0] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3, .flags = HOWTO_CALL,
                 .formula = "S + A - ((P & ~3) + 4)", .variant = V_CALL0},
    [V_CALLW] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3, .flags = HOWTO_CALL,
                 .formula = "S + A - ((P & ~3) + 4)", .variant = V_CALLW},
    [V_J] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3, .flags = HOWTO_CALL,
             .formula = "S + A - (P + 4)", .variant = V_J},
    [V_BRI12] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3,
                 .formula = "S + A - (P + 4)", .variant = V_BRI12},
    [V_B8] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 3,
              .formula = "S + A - (P + 4)", .variant = V_B8},
    [V_RI6] = {.type = R_XTENSA_SLOT0_OP, .expr = X_ABS, .size = 2,
               .formula = "S + A - (P + 4)", .variant = V_RI6},
};

/* The PC-relative operands (binutils' uimm16x4, soffsetx4, soffset,
 * label12, label8, uimm6): the offset's base, its range, and the field
 * that holds off >> shift in `width` bits. */
enum { BASE_LITERAL, BASE_CALL, BASE_NEXT };

static const struct operand {
    int base;       /* BASE_LITERAL: (P + 3) & ~3; BASE_CALL: (P & ~3) + 4; BASE_NEXT: P + 4 */
    int64_t lo, hi; /* of the offset, inclusive */
    unsigned shift; /* 2: the field counts words (the target is 4-aligned) */
    unsigned width;
} operands[V_COUNT] = {
    [V_L32R] = {.base = BASE_LITERAL, .lo = -262144, .hi = -4, .shift = 2, .width = 16},
    [V_CALL0] = {.base = BASE_CALL, .lo = -524288, .hi = 524284, .shift = 2, .width = 18},
    [V_CALLW] = {.base = BASE_CALL, .lo = -524288, .hi = 524284, .shift = 2, .width = 18},
    [V_J] = {.base = BASE_NEXT, .lo = -131072, .hi = 131071, .width = 18},
    [V_BRI12] = {.base = BASE_NEXT, .lo = -2048, .hi = 2047, .width = 12},
    [V_B8] = {.base = BASE_NEXT, .lo = -128, .hi = 127, .width = 8},
    [V_RI6] = {.base = BASE_NEXT, .lo = 0, .hi = 63, .width = 6},
};

/* The formats, in the 24-bit word b0 | b1 << 8 | b2 << 16 (little-endian):
 *
 *            23   20 19   16 15   12 11    8 7     4 3     0
 *   RI16    |             imm16             |   t   |  op0  |
 *   CALL    |               offset              | n |  op0  |
 *   BRI12   |         imm12         |   s   | m | n |  op0  |
 *   BRI8    |      imm8     |   r   |   s   | m | n |  op0  |
 *   RRI8    |      imm8     |   r   |   s   |   t   |  op0  |
 *
 * and RI6, 16 bits, b0 | b1 << 8 ([5:4]: imm6[5:4]; z: 0 BEQZ.N, 1 BNEZ.N):
 *
 *            15       12 11        8 7         4 3         0
 *   RI6     | imm6[3:0] |     s     |1 |z |[5:4]|    op0    |
 */
static uint32_t rd24le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static void wr24le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

static uint32_t ri16_set(uint32_t insn, uint64_t imm16)
{
    return (insn & 0x0000ffu) | (uint32_t)bits(imm16, 15, 0) << 8;
}

static uint32_t call_set(uint32_t insn, uint64_t offset)
{
    return (insn & 0x00003fu) | (uint32_t)bits(offset, 17, 0) << 6;
}

static uint32_t bri12_set(uint32_t insn, uint64_t imm12)
{
    return (insn & 0x000fffu) | (uint32_t)bits(imm12, 11, 0) << 12;
}

static uint32_t imm8_set(uint32_t insn, uint64_t imm8) /* BRI8 and RRI8 */
{
    return (insn & 0x00ffffu) | (uint32_t)bits(imm8, 7, 0) << 16;
}

static uint16_t ri6_set(uint16_t insn, uint64_t imm6)
{
    return (uint16_t)((insn & 0x0fcfu) | bits(imm6, 3, 0) << 12 | bits(imm6, 5, 4) << 4);
}

static uint64_t ri6_get(uint16_t insn)
{
    return bits(insn, 15, 12) | bits(insn, 5, 4) << 4;
}

/* The howto for the instruction a SLOT0_OP points at: op0, n and m are all
 * in its first byte (see the table above), which is all it needs of room;
 * a format longer than what is left of the section is the engine's to
 * report. Other types stay as they are. */
static const struct aotx_howto *xtensa_select(const struct aotx_howto *h, const uint8_t *loc,
                                              size_t room, int be)
{
    if (h->type != R_XTENSA_SLOT0_OP)
        return h;
    if (be || room < 1)
        return NULL;
    unsigned op0 = (unsigned)bits(loc[0], 3, 0), n = (unsigned)bits(loc[0], 5, 4),
             m = (unsigned)bits(loc[0], 7, 6);
    switch (op0) {
    case 0x1: /* L32R */
        return &slot0[V_L32R];
    case 0x5: /* CALL0; CALL4, CALL8, CALL12 */
        return &slot0[n ? V_CALLW : V_CALL0];
    case 0x6: /* SI: J, BZ, BI0, BI1 */
        if (n == 0)
            return &slot0[V_J];
        if (n == 1) /* BEQZ, BNEZ, BLTZ, BGEZ */
            return &slot0[V_BRI12];
        if (n == 2 || m >= 2) /* BEQI, BNEI, BLTI, BGEI; BLTUI, BGEUI */
            return &slot0[V_B8];
        return NULL; /* ENTRY; B1: BF, BT, LOOP, LOOPNEZ, LOOPGTZ */
    case 0x7: /* B: every r is a branch */
        return &slot0[V_B8];
    case 0xc: /* ST2: bit 7 set for BEQZ.N, BNEZ.N; MOVI.N otherwise */
        return bits(loc[0], 7, 7) ? &slot0[V_RI6] : NULL;
    }
    return NULL;
}

/* SLOT0_OP: the offset from the format's base, checked as binutils'
 * encode-and-decode does, then the field's bits. */
static int slot0_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                       struct aotx_range *bad)
{
    if (h->variant == V_SLOT0 || h->variant >= V_COUNT)
        return 1; /* not decoded: the engine never gets here */
    const struct operand *o = &operands[h->variant];
    int64_t base;
    switch (o->base) {
    case BASE_LITERAL:
        base = (int64_t)((P + 3) & ~(uint64_t)3);
        break;
    case BASE_CALL:
        base = (int64_t)(P & ~(uint64_t)3) + 4;
        break;
    default:
        base = (int64_t)P + 4;
        break;
    }
    int64_t lo = base + o->lo, hi = base + o->hi;
    if (h->variant == V_CALLW) { /* S + A in P's 1 GiB segment */
        int64_t seg = (int64_t)(P & ~(uint64_t)0x3fffffff);
        if (lo < seg)
            lo = seg;
        if (hi > seg + 0x3ffffffc)
            hi = seg + 0x3ffffffc;
    }
    if (check_range(v, lo, hi, o->shift ? 4u : 0u, bad))
        return 1;
    *out = bits((uint64_t)(v - base), o->shift + o->width - 1, o->shift);
    return 0;
}

/* What the field holds: the word for 32 and 32_PCREL; for SLOT0_OP the
 * instruction's offset field (imm16, offset, imm12, imm8, imm6), in the
 * units it counts; nothing (0) for the rest. */
static int xtensa_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                        struct aotx_range *bad)
{
    *bad = (struct aotx_range){0};
    *out = 0;
    switch (h->type) {
    case R_XTENSA_32:
    case R_XTENSA_32_PCREL:
        *out = (uint64_t)v & 0xffffffffu;
        return 0;
    case R_XTENSA_ASM_EXPAND: {
        int64_t segment = (int64_t)(P & 0xc0000000u);
        return check_range(v, segment, segment + 0x3fffffff, 0, bad);
    }
    case R_XTENSA_SLOT0_OP:
        return slot0_field(h, v, P, out, bad);
    }
    return 0;
}

static void xtensa_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    if (h->type == R_XTENSA_32 || h->type == R_XTENSA_32_PCREL) {
        wr32(loc, (uint32_t)f, be);
        return;
    }
    if (h->type != R_XTENSA_SLOT0_OP)
        return;
    switch (h->variant) { /* little-endian only: select() saw to it */
    case V_L32R:
        wr24le(loc, ri16_set(rd24le(loc), f));
        break;
    case V_CALL0:
    case V_CALLW:
    case V_J:
        wr24le(loc, call_set(rd24le(loc), f));
        break;
    case V_BRI12:
        wr24le(loc, bri12_set(rd24le(loc), f));
        break;
    case V_B8:
        wr24le(loc, imm8_set(rd24le(loc), f));
        break;
    case V_RI6:
        wr16le(loc, ri6_set(rd16le(loc), f));
        break;
    }
}

static uint64_t xtensa_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    if (h->type == R_XTENSA_32 || h->type == R_XTENSA_32_PCREL)
        return rd32(loc, be);
    if (h->type != R_XTENSA_SLOT0_OP)
        return 0;
    switch (h->variant) {
    case V_L32R:
        return bits(rd24le(loc), 23, 8);
    case V_CALL0:
    case V_CALLW:
    case V_J:
        return bits(rd24le(loc), 23, 6);
    case V_BRI12:
        return bits(rd24le(loc), 23, 12);
    case V_B8:
        return bits(rd24le(loc), 23, 16);
    case V_RI6:
        return ri6_get(rd16le(loc));
    }
    return 0;
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * What a SLOT0_OP's instruction means: its target, an address, decoded
 * afresh from the Xtensa ISA reference's operand definitions (the format
 * from the opcode as select() finds it):
 *   L32R:      ((P + 3) & ~3) + (imm16 << 2) - 0x40000 (the literal is before)
 *   CALLn:     (P & ~3) + 4 + sext(offset << 2, 20)
 *   J:         P + 4 + sext(offset, 18)
 *   BRI12:     P + 4 + sext(imm12, 12)
 *   BRI8/RRI8: P + 4 + sext(imm8, 8)
 *   RI6:       P + 4 + imm6 (forward only)
 * a word: its value. */
static uint64_t slot0_meaning(const struct aotx_howto *h, const uint8_t *loc, uint64_t P,
                              struct aotx_meaning *m)
{
    const struct aotx_howto *f = xtensa_select(h, loc, h->size, 0);
    uint32_t w = f && f->variant == V_RI6 ? rd16le(loc) : rd24le(loc);
    switch (f ? f->variant : V_SLOT0) {
    case V_L32R: return ((P + 3) & ~(uint64_t)3) + (bits(w, 23, 8) << 2) - 0x40000;
    case V_CALL0:
    case V_CALLW: return (P & ~(uint64_t)3) + 4 + (uint64_t)sext(bits(w, 23, 6) << 2, 20);
    case V_J: return P + 4 + (uint64_t)sext(bits(w, 23, 6), 18);
    case V_BRI12: return P + 4 + (uint64_t)sext(bits(w, 23, 12), 12);
    case V_B8: return P + 4 + (uint64_t)sext(bits(w, 23, 16), 8);
    case V_RI6: return P + 4 + (bits(w, 15, 12) | bits(w, 5, 4) << 4);
    }
    m->not_a = "an instruction a SLOT0_OP applies to";
    return 0;
}

static void xtensa_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                           struct aotx_meaning *m)
{
    *m = (struct aotx_meaning){0, AOTX_ENTERS_NONE, NULL};
    if (h->type == R_XTENSA_32 || h->type == R_XTENSA_32_PCREL)
        m->value = rd32(loc, be);
    else if (h->type == R_XTENSA_SLOT0_OP && !be)
        m->value = slot0_meaning(h, loc, P, m);
    else if (h->type == R_XTENSA_SLOT0_OP)
        m->not_a = "a little-endian instruction";
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_XTENSA_NONE},
    {.type = R_XTENSA_32, .width = 32},
    {.type = R_XTENSA_ASM_EXPAND},
    {.type = R_XTENSA_32_PCREL, .width = 32},
    {.type = R_XTENSA_DIFF8},
    {.type = R_XTENSA_DIFF16},
    {.type = R_XTENSA_DIFF32},
    {.type = R_XTENSA_SLOT0_OP, .width = 64},
    {.type = R_XTENSA_PDIFF8},
    {.type = R_XTENSA_PDIFF16},
    {.type = R_XTENSA_PDIFF32},
    {.type = R_XTENSA_NDIFF8},
    {.type = R_XTENSA_NDIFF16},
    {.type = R_XTENSA_NDIFF32},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = xtensa_meaning};

const struct aotx_arch aotx_arch_xtensa = {
    .name = "xtensa",
    .machines = {EM_XTENSA, 0},
    .arch_prefix = "xtensa",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_XTENSA_32,
    .select = xtensa_select,
    .field = xtensa_field,
    .encode = xtensa_encode,
    .decode = xtensa_decode,
    .readback = &readback,
};
