/* RISC-V, RV32 and RV64: one relocator, two descriptors. Follows the
 * RISC-V ELF psABI specification, version 1.0 (the ratified "RISC-V ABIs
 * Specification"), chapter "ELF Object Files", section "Relocations".
 *
 * Instructions are 32 bits, or 16 with the C extension, so a 32-bit one
 * may be only 2-aligned: it is read and written as two halfwords, the low
 * one first. A file without the C extension (e_flags without EF_RISCV_RVC)
 * has its instructions at multiples of 4, and its instruction relocations
 * there (insn_align, insn_short_flag). Instruction parcels are little-endian whatever the data byte
 * order (the ISA manual says so for big-endian harts too); only the data
 * words (R_RISCV_32, R_RISCV_64, R_RISCV_32_PCREL, the 16-, 32- and 64-bit
 * ADD, SUB and SET) follow the file's byte order. WAMR builds no big-endian
 * RISC-V target; were there one, it would get no veneer, whose units the
 * rewriter writes in the data order.
 *
 * RELA: the addends are in the records. The psABI REPLACES immediates, so
 * what the assembler left in a field never matters, but to ADD and SUB,
 * which add to it and subtract from it (V below).
 *
 * Reach (v is S + A - P, or S + A for the absolute types):
 *   BRANCH (B-type)      even v in [-4096, 4094]              +-4 KiB
 *   JAL (J-type)         even v in [-1048576, 1048574]        +-1 MiB
 *   RVC_BRANCH (CB-type) even v in [-256, 254]
 *   RVC_JUMP (CJ-type)   even v in [-2048, 2046]
 *   CALL, CALL_PLT       AUIPC + JALR; PCREL_HI20, GOT_HI20 (AUIPC) and
 *   HI20 (LUI):          hi20 = (v + 0x800) >> 12, lo12 = v - (hi20 << 12),
 *                        and on RV64 hi20 must fit 20 signed bits (AUIPC and
 *                        LUI sign-extend): v in [-0x80000800, 0x7ffff7ff],
 *                        "+-2 GiB", the limit lld checks. A CALL beyond it
 *                        goes through a veneer.
 *   LO12_I/S, PCREL_LO12_I/S   unchecked: their HI20 checks the value.
 *   32                   v in [-2^31, 2^32 - 1]: the word holds the address
 *                        zero- or sign-extended (lld's checkIntUInt, as for
 *                        R_AARCH64_ABS32; ld.lld 14 writes R_RISCV_32
 *                        unchecked).
 *   32_PCREL             on RV64, v in [-2^31, 2^31 - 1].
 *   SET32                on RV64, v in [-2^31, 2^31 - 1]: current ld.lld
 *                        checks it with 32_PCREL (checkInt 32); ld.lld 14
 *                        and GNU ld write it unchecked.
 *   ADD*, SUB*, SET6/8/16  unchecked: the field is the value modulo 2^N
 *                        (lld and GNU ld alike; wrapping is the definition).
 *   SUB_ULEB128          the pair's value in the ULEB128's own length
 *                        (below).
 * On RV32 addresses are 32 bits and address arithmetic wraps modulo 2^32
 * (ISA manual), so every value is first taken modulo 2^32, as ld.lld 14
 * does for every ELF32 target (GNU ld does not): an AUIPC pair then
 * reaches any address, and RV32 needs no veneer. (ld.lld 19 checks RV32
 * SET32 and 32_PCREL values as int32 without wrapping them first, so it
 * refuses a SET32 of an address at or above 2 GiB; here it is the word.)
 * The ULEB128 pair is the exception: its value is a difference of
 * addresses, never wrapped (lld computes it in 64 bits on RV32 too).
 *
 *   type  name                  formula      field
 *    0    R_RISCV_NONE          nothing
 *    1    R_RISCV_32            S + A        word32
 *    2    R_RISCV_64            S + A        word64 (RV64 only)
 *   16    R_RISCV_BRANCH        S + A - P    B-type
 *   17    R_RISCV_JAL           S + A - P    J-type; a call: veneer on RV64 if far
 *   18    R_RISCV_CALL          S + A - P    AUIPC + JALR, 8 bytes; veneer on RV64 if far
 *   19    R_RISCV_CALL_PLT      S + A - P    AUIPC + JALR, 8 bytes; veneer on RV64 if far
 *   20    R_RISCV_GOT_HI20      G + A - P    U-type hi20 (G: a slot after the code)
 *   23    R_RISCV_PCREL_HI20    S + A - P    U-type hi20
 *   24    R_RISCV_PCREL_LO12_I  S - P        I-type lo12 of the value of the
 *   25    R_RISCV_PCREL_LO12_S  S - P        S-type   PCREL_HI20/GOT_HI20 at S + A
 *   26    R_RISCV_HI20          S + A        U-type hi20
 *   27    R_RISCV_LO12_I        S + A        I-type lo12
 *   28    R_RISCV_LO12_S        S + A        S-type lo12
 *   33    R_RISCV_ADD8          V + S + A    byte      V: what the field holds
 *   34    R_RISCV_ADD16         V + S + A    word16    before it (below)
 *   35    R_RISCV_ADD32         V + S + A    word32
 *   36    R_RISCV_ADD64         V + S + A    word64 (RV64 only)
 *   37    R_RISCV_SUB8          V - S - A    byte
 *   38    R_RISCV_SUB16         V - S - A    word16
 *   39    R_RISCV_SUB32         V - S - A    word32
 *   40    R_RISCV_SUB64         V - S - A    word64 (RV64 only)
 *   43    R_RISCV_ALIGN         nothing      (below)
 *   44    R_RISCV_RVC_BRANCH    S + A - P    CB-type (c.beqz, c.bnez)
 *   45    R_RISCV_RVC_JUMP      S + A - P    CJ-type (c.j, c.jal)
 *   51    R_RISCV_RELAX         nothing      a hint: nothing is relaxed
 *   52    R_RISCV_SUB6          V - S - A    low 6 bits of a byte (top 2 kept)
 *   53    R_RISCV_SET6          S + A        low 6 bits of a byte (top 2 kept)
 *   54    R_RISCV_SET8          S + A        byte
 *   55    R_RISCV_SET16         S + A        word16
 *   56    R_RISCV_SET32         S + A        word32
 *   57    R_RISCV_32_PCREL      S + A - P    word32
 *   60    R_RISCV_SET_ULEB128   S + A        ULEB128, 1-10 bytes; only with
 *   61    R_RISCV_SUB_ULEB128   V - S - A    its SUB right after it
 *
 * Label differences. An assembler that cannot resolve A - B itself (A and
 * B in different sections, like a jump table's entry in .rodata for a
 * case label in .text; or any two labels when the code may be relaxed)
 * writes a pair at one field: ADD32 against A then SUB32 against B, or
 * SET6 + SUB6 (DWARF advance_loc), SET8/16/32 + SUB8/16/32, and
 * SET_ULEB128 + SUB_ULEB128. They compose in relocation order (the
 * howtos' chain classes: 6-bit, 8, 16, 32 with R_RISCV_32, 64 with
 * R_RISCV_64, ULEB128): the first of a field that reads it (ADD, SUB)
 * reads what is there, each later one what the one before it made, and
 * the field holds the last value. The XIP layout moves the data copies
 * away from the code, so such values are computed again, never copied.
 * Data fields follow the file's byte order; SET6 and SUB6 keep the top two
 * bits of their byte (lld, GNU ld).
 *
 * The ULEB128 pair (psABI: the length is kept, never shrunk): the field is
 * the ULEB128 at the offset, 1 to 10 bytes (select() finds its end; one
 * that does not end within the section or 10 bytes is refused). As ld.lld,
 * a SET_ULEB128 must be followed right away by a SUB_ULEB128 at the same
 * offset, and that SUB by nothing else; the pair's value (S1 + A1) -
 * (S2 + A2), unsigned, must fit in 7 bits per byte: ld.lld refuses one
 * that does not ("ULEB128 value 128 exceeds available space"), and so
 * does this file, as a range error.
 *
 * PCREL_LO12: the psABI pairs a LO12 with its HI20 through the label on
 * the AUIPC (the LO12's symbol, which wamrc writes as .text + offset); the
 * AUIPC may be any distance before or after and may serve several LO12s.
 * The rewriter finds that HI20 by address and hands field() its value;
 * the low part is lo12 of that same value.
 *
 * R_RISCV_ALIGN marks nop padding that a relaxing linker would have to
 * trim after deleting bytes. Nothing is relaxed or moved here and the code
 * starts 16-byte aligned (the literal area grows to make it so; wamrc's
 * .text asks for 2 or 4), so the padding the assembler wrote is already
 * right and there is nothing to do.
 *
 * Known but not supported (the rewriter names them): the TLS and dynamic
 * types (nothing in a WAMR module is thread-local or dynamically linked);
 * TPREL_ADD (TLS); GNU_VTINHERIT/VTENTRY (C++ vtable GC hints of old
 * binutils); RVC_LUI (46, reserved in the current psABI, emitted by no
 * compiler); PLT32, which no reference tool here links (neither ld.lld 14
 * nor binutils 2.40 knows it) and no compiler emits in code; GPREL types
 * (no gp here).
 *
 * Where the stock WAMR runtime differs (AOT-FORMAT.md 7.6), this file
 * follows the psABI:
 *   - CALL, CALL_PLT and PCREL_HI20: the runtime ADDS hi20 into the AUIPC
 *     and lo12 into whatever instruction sits at P + 4, and writes nothing
 *     for PCREL_LO12_I/S but checks that their AUIPC is at P - 4. The psABI
 *     REPLACES the immediates, and a PCREL_LO12 names its AUIPC by label,
 *     at any distance. The runtime also adds LO12_S; here it replaces.
 *   - Far calls: on RV64 the runtime sends a native beyond int32 reach
 *     through a PLT entry that needs the C extension (c.jr, c.nop) and
 *     drops the addend; the veneer here uses base instructions only.
 *     The runtime's +-2 GiB test is int32 on v, whose top 2 KiB AUIPC +
 *     JALR cannot reach; the limit here is [-0x80000800, 0x7ffff7ff].
 *   - R_RISCV_32: the runtime takes only an unsigned 32-bit value.
 *   - The runtime knows no BRANCH, JAL, GOT_HI20, RVC, 32_PCREL, ALIGN,
 *     RELAX, ADD, SUB, SET or ULEB128 relocation (wamrc's LLVM writes label
 *     arithmetic only in .eh_frame, which the .aot drops; GNU as writes it
 *     for jump tables).
 *
 * The field formats are in riscv_insn.h; the read-back decoder, for
 * verification, in riscv_readback.c.
 */
#include <string.h>

#include "arch.h"
#include "riscv_insn.h"

#define RELOC_TABLE "names/riscv.def"
#include "reloc_table.h"

/* Chain classes (struct aotx_howto): the relocations that compose at one
 * field, by its width; the field() unit of each is the N-bit value (for the
 * ULEB128 pair, the whole value, checked when the pair closes). */
enum { CHAIN_6 = 1, CHAIN_8, CHAIN_16, CHAIN_32, CHAIN_64, CHAIN_ULEB };

/* One table per XLEN, sorted by type: the same types, and R_RISCV_64,
 * ADD64 and SUB64 on RV64 only. */
#define RISCV_HOWTOS_A                                                                             \
    {.type = R_RISCV_NONE, .expr = X_NONE, .formula = "none"},                                     \
    {.type = R_RISCV_32, .expr = X_ABS, .size = 4, .formula = "S + A", .chain = CHAIN_32}
#define RISCV_HOWTOS_B                                                                             \
    {.type = R_RISCV_BRANCH, .expr = X_PC, .size = 4, .flags = HOWTO_INSN,                         \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_JAL, .expr = X_PC, .size = 4, .flags = HOWTO_CALL | HOWTO_INSN,               \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_CALL, .expr = X_PC, .size = 8, .flags = HOWTO_CALL | HOWTO_INSN,              \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_CALL_PLT, .expr = X_PC, .size = 8, .flags = HOWTO_CALL | HOWTO_INSN,          \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_GOT_HI20, .expr = X_GOT_PC, .size = 4, .flags = HOWTO_PC_HI | HOWTO_INSN,     \
     .formula = "G + A - P"},                                                                      \
    {.type = R_RISCV_PCREL_HI20, .expr = X_PC, .size = 4, .flags = HOWTO_PC_HI | HOWTO_INSN,       \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_PCREL_LO12_I, .expr = X_PC_LO, .size = 4, .flags = HOWTO_INSN,                \
     .formula = "S - P (of the PCREL_HI20 at S)"},                                                 \
    {.type = R_RISCV_PCREL_LO12_S, .expr = X_PC_LO, .size = 4, .flags = HOWTO_INSN,                \
     .formula = "S - P (of the PCREL_HI20 at S)"},                                                 \
    {.type = R_RISCV_HI20, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + A"},     \
    {.type = R_RISCV_LO12_I, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + A"},   \
    {.type = R_RISCV_LO12_S, .expr = X_ABS, .size = 4, .flags = HOWTO_INSN, .formula = "S + A"},   \
    {.type = R_RISCV_ADD8, .expr = X_ADD, .size = 1, .formula = "V + S + A", .chain = CHAIN_8},    \
    {.type = R_RISCV_ADD16, .expr = X_ADD, .size = 2, .formula = "V + S + A", .chain = CHAIN_16},  \
    {.type = R_RISCV_ADD32, .expr = X_ADD, .size = 4, .formula = "V + S + A", .chain = CHAIN_32}
#define RISCV_HOWTOS_C                                                                             \
    {.type = R_RISCV_SUB8, .expr = X_SUB, .size = 1, .formula = "V - S - A", .chain = CHAIN_8},    \
    {.type = R_RISCV_SUB16, .expr = X_SUB, .size = 2, .formula = "V - S - A", .chain = CHAIN_16},  \
    {.type = R_RISCV_SUB32, .expr = X_SUB, .size = 4, .formula = "V - S - A", .chain = CHAIN_32}
#define RISCV_HOWTOS_D                                                                             \
    {.type = R_RISCV_ALIGN, .expr = X_NONE, .formula = "none (the code is not relaxed)"},          \
    {.type = R_RISCV_RVC_BRANCH, .expr = X_PC, .size = 2, .flags = HOWTO_INSN,                     \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_RVC_JUMP, .expr = X_PC, .size = 2, .flags = HOWTO_INSN,                       \
     .formula = "S + A - P"},                                                                      \
    {.type = R_RISCV_RELAX, .expr = X_NONE, .formula = "none (the code is not relaxed)"},          \
    {.type = R_RISCV_SUB6, .expr = X_SUB, .size = 1,                                               \
     .formula = "V - S - A (low 6 bits)", .chain = CHAIN_6},                                       \
    {.type = R_RISCV_SET6, .expr = X_ABS, .size = 1,                                               \
     .formula = "S + A (low 6 bits)", .chain = CHAIN_6},                                           \
    {.type = R_RISCV_SET8, .expr = X_ABS, .size = 1, .formula = "S + A", .chain = CHAIN_8},        \
    {.type = R_RISCV_SET16, .expr = X_ABS, .size = 2, .formula = "S + A", .chain = CHAIN_16},      \
    {.type = R_RISCV_SET32, .expr = X_ABS, .size = 4, .formula = "S + A", .chain = CHAIN_32},      \
    {.type = R_RISCV_32_PCREL, .expr = X_PC, .size = 4, .formula = "S + A - P"},                   \
    ULEB_SET(1),                                                                                   \
    ULEB_SUB(1)

/* The ULEB128 pair: select() picks the row for the length at the field
 * (1 to 10 bytes); the table's own row stands for a 1-byte one. */
#define ULEB_SET(n)                                                                                \
    {.type = R_RISCV_SET_ULEB128, .expr = X_ABS, .size = (n), .flags = HOWTO_OPENS,                \
     .formula = "S + A (ULEB128, then its SUB)",                                                   \
     .variant = (n), .chain = CHAIN_ULEB, .partner = R_RISCV_SUB_ULEB128}
#define ULEB_SUB(n)                                                                                \
    {.type = R_RISCV_SUB_ULEB128, .expr = X_SUB, .size = (n), .flags = HOWTO_CLOSES,               \
     .formula = "V - S - A (ULEB128, in place)",                                                   \
     .variant = (n), .chain = CHAIN_ULEB, .partner = R_RISCV_SET_ULEB128}
#define ULEB_ALL(op)                                                             \
    ULEB_##op(1), ULEB_##op(2), ULEB_##op(3), ULEB_##op(4), ULEB_##op(5),        \
    ULEB_##op(6), ULEB_##op(7), ULEB_##op(8), ULEB_##op(9), ULEB_##op(10)
#define ULEB_MAX 10 /* bytes: 70 bits hold every 64-bit value */

/* e_flags: the file may hold compressed (16-bit) instructions */
#define EF_RISCV_RVC 0x1u

static const struct aotx_howto howtos32[] = {
    RISCV_HOWTOS_A, RISCV_HOWTOS_B, RISCV_HOWTOS_C, RISCV_HOWTOS_D,
};
static const struct aotx_howto howtos64[] = {
    RISCV_HOWTOS_A,
    {.type = R_RISCV_64, .expr = X_ABS, .size = 8, .formula = "S + A", .chain = CHAIN_64},
    RISCV_HOWTOS_B,
    {.type = R_RISCV_ADD64, .expr = X_ADD, .size = 8, .formula = "V + S + A", .chain = CHAIN_64},
    RISCV_HOWTOS_C,
    {.type = R_RISCV_SUB64, .expr = X_SUB, .size = 8, .formula = "V - S - A", .chain = CHAIN_64},
    RISCV_HOWTOS_D,
};
static const struct aotx_howto uleb_set[ULEB_MAX] = {ULEB_ALL(SET)};
static const struct aotx_howto uleb_sub[ULEB_MAX] = {ULEB_ALL(SUB)};

/* ---- the relocator ---- */

/* What an AUIPC/LUI pair reaches on RV64: hi20 must fit 20 signed bits. */
#define HI20_LO (-(int64_t)0x80000800)
#define HI20_HI ((int64_t)0x7ffff7ff)

/* What an instruction's field holds (HOWTO_INSN), w the value (on RV32
 * modulo 2^32):
 *   branches and jumps: the offset in its field's width (bit 0 is 0);
 *   CALL/CALL_PLT: the 32-bit offset that AUIPC + JALR add to P;
 *   HI20 types: hi20;  LO12 types: lo12 (12 bits). */
static int insn_field(int rv64, const struct aotx_howto *h, int64_t w, uint64_t *out,
                      struct aotx_range *bad)
{
    switch (h->type) {
    case R_RISCV_BRANCH:
        if (check_int(w, 13, 2, bad))
            return 1;
        *out = (uint64_t)w & 0x1fff;
        return 0;
    case R_RISCV_JAL:
        if (check_int(w, 21, 2, bad))
            return 1;
        *out = (uint64_t)w & 0x1fffff;
        return 0;
    case R_RISCV_RVC_BRANCH:
        if (check_int(w, 9, 2, bad))
            return 1;
        *out = (uint64_t)w & 0x1ff;
        return 0;
    case R_RISCV_RVC_JUMP:
        if (check_int(w, 12, 2, bad))
            return 1;
        *out = (uint64_t)w & 0xfff;
        return 0;
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT:
        if (rv64 && check_range(w, HI20_LO, HI20_HI, 0, bad))
            return 1;
        *out = (uint64_t)w & 0xffffffffu;
        return 0;
    case R_RISCV_GOT_HI20:
    case R_RISCV_PCREL_HI20:
    case R_RISCV_HI20:
        if (rv64 && check_range(w, HI20_LO, HI20_HI, 0, bad))
            return 1;
        *out = hi20_of((uint64_t)w);
        return 0;
    case R_RISCV_PCREL_LO12_I: /* no check: the HI20 checked the value */
    case R_RISCV_PCREL_LO12_S:
    case R_RISCV_LO12_I:       /* no check (as lld and GNU ld) */
    case R_RISCV_LO12_S:
        *out = (uint64_t)w & 0xfff;
        return 0;
    }
    return 1;
}

/* What a data field holds, v the value and w v on RV32 modulo 2^32: a
 * word's value, 32 or 64 bits; label arithmetic, modulo 2^N; a ULEB128
 * pair's value. */
static int data_field(int rv64, const struct aotx_howto *h, int64_t v, int64_t w,
                      uint64_t *out, struct aotx_range *bad)
{
    switch (h->type) {
    case R_RISCV_NONE:
    case R_RISCV_ALIGN:
    case R_RISCV_RELAX:
        return 0;
    case R_RISCV_32:
        if (check_int_uint(w, 32, bad))
            return 1;
        *out = (uint64_t)w & 0xffffffffu;
        return 0;
    case R_RISCV_32_PCREL:
    case R_RISCV_SET32: /* current ld.lld checks it as it does 32_PCREL */
        if (rv64 && check_int(w, 32, 0, bad))
            return 1;
        *out = (uint64_t)w & 0xffffffffu;
        return 0;
    /* label arithmetic: modulo 2^N, unchecked (lld and GNU ld alike) */
    case R_RISCV_SET6:
    case R_RISCV_SUB6:
        *out = (uint64_t)v & 0x3f;
        return 0;
    case R_RISCV_ADD8:
    case R_RISCV_SUB8:
    case R_RISCV_SET8:
        *out = (uint64_t)v & 0xff;
        return 0;
    case R_RISCV_ADD16:
    case R_RISCV_SUB16:
    case R_RISCV_SET16:
        *out = (uint64_t)v & 0xffff;
        return 0;
    case R_RISCV_ADD32:
    case R_RISCV_SUB32:
        *out = (uint64_t)v & 0xffffffffu;
        return 0;
    case R_RISCV_64:
    case R_RISCV_ADD64:
    case R_RISCV_SUB64:
    case R_RISCV_SET_ULEB128: /* its SUB_ULEB128 checks what the pair makes */
        *out = (uint64_t)v;
        return 0;
    case R_RISCV_SUB_ULEB128: /* v unsigned, not modulo 2^32 (as lld, on RV32 too) */
        if (h->size < ULEB_MAX && check_uint(v, 7u * h->size, bad)) /* 7 bits a byte */
            return 1;
        *out = (uint64_t)v;
        return 0;
    }
    return 1;
}

static int riscv_field(unsigned xlen, const struct aotx_howto *h, int64_t v,
                       uint64_t *out, struct aotx_range *bad)
{
    int64_t w = xlen == 32 ? sext((uint64_t)v, 32) : v; /* RV32: modulo 2^32 */
    memset(bad, 0, sizeof *bad);
    *out = 0;
    if (h->flags & HOWTO_INSN)
        return insn_field(xlen == 64, h, w, out, bad);
    return data_field(xlen == 64, h, v, w, out, bad);
}

static int riscv32_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                         struct aotx_range *bad)
{
    (void)P;
    return riscv_field(32, h, v, out, bad);
}

static int riscv64_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                         struct aotx_range *bad)
{
    (void)P;
    return riscv_field(64, h, v, out, bad);
}

static void riscv_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    uint32_t v = (uint32_t)f;
    switch (h->type) {
    case R_RISCV_SET6:
    case R_RISCV_SUB6:
        *loc = (uint8_t)((*loc & 0xc0) | (f & 0x3f));
        return;
    case R_RISCV_ADD8:
    case R_RISCV_SUB8:
    case R_RISCV_SET8:
        *loc = (uint8_t)f;
        return;
    case R_RISCV_ADD16:
    case R_RISCV_SUB16:
    case R_RISCV_SET16:
        wr16(loc, (uint16_t)f, be);
        return;
    case R_RISCV_ADD32:
    case R_RISCV_SUB32:
    case R_RISCV_SET32:
        wr32(loc, v, be);
        return;
    case R_RISCV_ADD64:
    case R_RISCV_SUB64:
        wr64(loc, f, be);
        return;
    case R_RISCV_SET_ULEB128:
    case R_RISCV_SUB_ULEB128:
        uleb_put(loc, h->size, f);
        return;
    case R_RISCV_32:
    case R_RISCV_32_PCREL:
        wr32(loc, v, be);
        return;
    case R_RISCV_64:
        wr64(loc, f, be);
        return;
    case R_RISCV_BRANCH:
        insn_put(loc, btype_set(insn_get(loc), v));
        return;
    case R_RISCV_JAL:
        insn_put(loc, jtype_set(insn_get(loc), v));
        return;
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT:
        insn_put(loc, utype_set(insn_get(loc), hi20_of(v)));    /* auipc */
        insn_put(loc + 4, itype_set(insn_get(loc + 4), v));     /* jalr */
        return;
    case R_RISCV_GOT_HI20:
    case R_RISCV_PCREL_HI20:
    case R_RISCV_HI20:
        insn_put(loc, utype_set(insn_get(loc), v));
        return;
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_LO12_I:
        insn_put(loc, itype_set(insn_get(loc), v));
        return;
    case R_RISCV_PCREL_LO12_S:
    case R_RISCV_LO12_S:
        insn_put(loc, stype_set(insn_get(loc), v));
        return;
    case R_RISCV_RVC_BRANCH:
        wr16le(loc, cbtype_set(rd16le(loc), v));
        return;
    case R_RISCV_RVC_JUMP:
        wr16le(loc, cjtype_set(rd16le(loc), v));
        return;
    }
}

static uint64_t riscv_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    switch (h->type) {
    case R_RISCV_SET6:
    case R_RISCV_SUB6:
        return *loc & 0x3fu;
    case R_RISCV_ADD8:
    case R_RISCV_SUB8:
    case R_RISCV_SET8:
        return *loc;
    case R_RISCV_ADD16:
    case R_RISCV_SUB16:
    case R_RISCV_SET16:
        return rd16(loc, be);
    case R_RISCV_ADD32:
    case R_RISCV_SUB32:
    case R_RISCV_SET32:
        return rd32(loc, be);
    case R_RISCV_ADD64:
    case R_RISCV_SUB64:
        return rd64(loc, be);
    case R_RISCV_SET_ULEB128:
    case R_RISCV_SUB_ULEB128:
        return uleb_get(loc, h->size);
    case R_RISCV_32:
    case R_RISCV_32_PCREL:
        return rd32(loc, be);
    case R_RISCV_64:
        return rd64(loc, be);
    case R_RISCV_BRANCH:
        return btype_get(insn_get(loc));
    case R_RISCV_JAL:
        return jtype_get(insn_get(loc));
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT: {
        uint64_t hi = (uint64_t)utype_get(insn_get(loc)) << 12;
        int64_t lo = sext(itype_get(insn_get(loc + 4)), 12);
        return (hi + (uint64_t)lo) & 0xffffffffu;
    }
    case R_RISCV_GOT_HI20:
    case R_RISCV_PCREL_HI20:
    case R_RISCV_HI20:
        return utype_get(insn_get(loc));
    case R_RISCV_PCREL_LO12_I:
    case R_RISCV_LO12_I:
        return itype_get(insn_get(loc));
    case R_RISCV_PCREL_LO12_S:
    case R_RISCV_LO12_S:
        return stype_get(insn_get(loc));
    case R_RISCV_RVC_BRANCH:
        return cbtype_get(rd16le(loc));
    case R_RISCV_RVC_JUMP:
        return cjtype_get(rd16le(loc));
    }
    return 0;
}

/* The ULEB128 pair's field is the ULEB128 there, whatever its length
 * (the psABI keeps it): the row for that length, or NULL if none ends
 * within the section and ULEB_MAX bytes. Every other type as it is. */
static const struct aotx_howto *riscv_select(const struct aotx_howto *h, const uint8_t *loc,
                                             size_t room, int be)
{
    (void)be;
    if (h->type != R_RISCV_SET_ULEB128 && h->type != R_RISCV_SUB_ULEB128)
        return h;
    for (size_t n = 1; n <= room && n <= ULEB_MAX; n++)
        if (!(loc[n - 1] & 0x80))
            return h->type == R_RISCV_SET_ULEB128 ? &uleb_set[n - 1] : &uleb_sub[n - 1];
    return NULL;
}

/* Far-call veneer for RV64: 24 bytes, 8-aligned; clobbers t1 only.
 *
 * The register: x5/t0 is the alternate link register (millicode such as
 * __riscv_save_N is called with `jal t0`), so it must reach the target
 * intact. x6/t1 is the scratch register of the psABI's own `tail`
 * expansion (auipc t1; jr t1) and of the stock WAMR runtime's PLT; lld
 * has no RISC-V range-extension thunks, and its PLT entries clobber t1
 * (the JALR's link) and t3. Any caller that can reach a PLT entry has t1
 * dead already. ra is left alone: JALR here links to x0.
 * Only base instructions (no C extension) are used. */
static const struct aotx_unit rv64_units[] = {
    {4, 0x00000317}, /* auipc t1, 0            ; t1 = this veneer */
    {4, 0x01033303}, /* ld    t1, 16(t1)       ; the target, from the slot at +16 */
    {4, 0x00030067}, /* jr    t1               ; jalr x0, 0(t1) */
    {4, 0x00000013}, /* nop                    ; addi x0, x0, 0: aligns the slot */
    {4, 0},          /* .quad target           ; R_RISCV_64 */
    {4, 0},
};
static const struct aotx_veneer rv64_veneer = {.size = 24, .align = 8, AOTX_UNITS(rv64_units),
                                               .reloc_type = R_RISCV_64, .reloc_offset = 16};

static const struct aotx_veneer *riscv64_veneer(const struct aotx_module *m)
{
    /* the units are instructions, which stay little-endian */
    return (m->target.bin_type & AOTX_BIN_BIG_ENDIAN) ? NULL : &rv64_veneer;
}

const struct aotx_arch aotx_arch_riscv32 = {
    .name = "riscv32",
    .machines = {EM_RISCV, 0},
    .arch_prefix = "riscv32",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos32),
    .abs_ptr_type = R_RISCV_32,
    .select = riscv_select,
    .field = riscv32_field,
    .encode = riscv_encode,
    .decode = riscv_decode,
    .veneer = NULL, /* AUIPC + JALR reach every RV32 address */
    .plt_entry = 0, /* the runtime makes a PLT on RV64 only */
    .insn_align = 2,
    .insn_what = "a RISC-V instruction",
    .insn_short_flag = EF_RISCV_RVC,
    .insn_short_what = "the C extension",
    .readback = &aotx_readback_riscv,
};

const struct aotx_arch aotx_arch_riscv64 = {
    .name = "riscv64",
    .machines = {EM_RISCV, 0},
    .arch_prefix = "riscv64",
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos64),
    .abs_ptr_type = R_RISCV_64,
    .plt_entry = 20, /* auipc, ld, c.jr, c.nop and the address */
    .select = riscv_select,
    .field = riscv64_field,
    .encode = riscv_encode,
    .decode = riscv_decode,
    .veneer = riscv64_veneer,
    .insn_align = 2,
    .insn_what = "a RISC-V instruction",
    .insn_short_flag = EF_RISCV_RVC,
    .insn_short_what = "the C extension",
    .readback = &aotx_readback_riscv,
};
