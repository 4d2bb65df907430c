/* Reading fields back (arch.h, struct aotx_readback): for every arch and
 * every type it supports, a field encoded through the relocator's own path
 * (field(), then encode() into the instruction the type applies to) must
 * read back with meaning() as the value it was given, by the type's rule
 * (struct aotx_sem), at the range limits (lo, lo + step, mid - step, mid,
 * mid + step, hi), and for the arches that have them in both byte orders.
 * And the read-back must see every change: the value one step on, where it
 * encodes differently, must not read back as the value. Where field()
 * checks the range, lo - step and hi + step are refused. Every supported
 * type has a rule and rows here; a new type without them fails.
 *
 * The values are the formula's (S + A - P, S + A, ...), with T already in
 * them where the engine puts it (ARM, Thumb); the instructions are the
 * ones each type is made for, their immediates 0. */
#include "testutil.h"

#include "arch.h"
#include "bytes.h"

enum {
#define RELOC(name, num) name = num,
#include "names/aarch64.def"
#include "names/arc.def"
#include "names/arm.def"
#include "names/i386.def"
#include "names/mips.def"
#include "names/riscv.def"
#include "names/x86_64.def"
#include "names/xtensa.def"
#undef RELOC
};

/* How an instruction sits in memory. */
enum lay {
    WORD,   /* a word of the field's size, in the file's byte order */
    LE16,   /* an instruction parcel, little-endian whatever the data order */
    LE24,
    LE32,
    LE32X2, /* two 32-bit instructions, the first in the low half of insn */
    HALVES, /* ARM Thumb-2, ARC: halfwords in the file's order, insn's bits 31:16 first */
    ULEB    /* a ULEB128 of 0 in insn bytes */
};

struct row {
    const struct aotx_arch *a;
    uint32_t type;
    enum lay lay;
    uint64_t insn;
    uint64_t P;
    int64_t lo, hi, step, mid;
    int T;       /* the target's Thumb bit */
    int checked; /* field() refuses lo - step and hi + step */
    int orders;  /* 1: little-endian; 3: both byte orders */
};

#define MIN64 INT64_MIN
#define MAX64 INT64_MAX
#define P2(n) ((int64_t)1 << (n))
#define ALL32 -P2(31), P2(32) - 1 /* any 32-bit value, as signed or as unsigned */
#define HI20 -(int64_t)0x80000800, 0x7ffff7ff /* what an AUIPC or LUI pair reaches on RV64 */

#define A64 &aotx_arch_aarch64
#define ARM &aotx_arch_arm
#define THM &aotx_arch_thumb
#define X64 &aotx_arch_x86_64
#define I386 &aotx_arch_i386
#define MIPS &aotx_arch_mips
#define RV32 &aotx_arch_riscv32
#define RV64 &aotx_arch_riscv64
#define XT &aotx_arch_xtensa
#define ARC &aotx_arch_arc

#define PT 0x08000000u     /* ARM, Thumb, i386 */
#define PA 0x40001000u     /* AArch64, x86-64, RISC-V */
#define PM 0x80001000u     /* MIPS: J reaches [0x80000000, 0x8ffffffc] from here */
#define PX 0x40080000u     /* Xtensa */
#define PC 0x10002000u     /* ARC */

static const struct row rows[] = {
    /* ---- Thumb: values carry T, as the engine computes them ---- */
    {THM, R_ARM_ABS32, WORD, 0, PT, ALL32, 1, 0x08000101, 1, 0, 1},
    {THM, R_ARM_REL32, WORD, 0, PT, ALL32, 1, 0x101, 1, 0, 1},
    /* BL (T = 1): odd v, the offset v - 1 in [-2^24, 2^24 - 2] */
    {THM, R_ARM_THM_CALL, HALVES, 0xf000f800, PT, -P2(24) + 1, P2(24) - 1, 2, 1, 1, 1, 1},
    /* BLX (T = 0) from P % 4 == 0: the offset v, a multiple of 4 */
    {THM, R_ARM_THM_CALL, HALVES, 0xf000f800, PT, -P2(24), P2(24) - 4, 4, 0, 0, 1, 1},
    /* BLX from P % 4 == 2: the offset from Align(P, 4) is v + 2 in [-2^24, 2^24 - 4] */
    {THM, R_ARM_THM_CALL, HALVES, 0xf000f800, PT + 2, -P2(24) - 2, P2(24) - 6, 4, 2, 0, 1, 1},
    {THM, R_ARM_THM_JUMP24, HALVES, 0xf000b800, PT, -P2(24) + 1, P2(24) - 1, 2, 1, 1, 1, 1},
    {THM, R_ARM_THM_MOVW_ABS_NC, HALVES, 0xf2400000, PT, ALL32, 1, 0x2001f2a1, 1, 0, 1},
    {THM, R_ARM_THM_MOVT_ABS, HALVES, 0xf2c00000, PT, ALL32, 1, 0x2001f2a0, 0, 0, 1},
    {THM, R_ARM_THM_MOVW_PREL_NC, HALVES, 0xf2400000, PT, ALL32, 1, 0x1801f27b, 1, 0, 1},
    {THM, R_ARM_THM_MOVT_PREL, HALVES, 0xf2c00000, PT, ALL32, 1, 0x1801f276, 0, 0, 1},
    /* BNE.W: [-2^20, 2^20 - 2] */
    {THM, R_ARM_THM_JUMP19, HALVES, 0xf0408000, PT, -P2(20) + 1, P2(20) - 1, 2, 1, 1, 1, 1},
    /* B.N: [-2048, 2046];  BEQ.N: [-256, 254] */
    {THM, R_ARM_THM_JUMP11, LE16, 0xe000, PT, -2048 + 1, 2046 + 1, 2, 1, 1, 1, 1},
    {THM, R_ARM_THM_JUMP8, LE16, 0xd000, PT, -256 + 1, 254 + 1, 2, 1, 1, 1, 1},

    /* ---- ARM (A32) ---- */
    /* B<c>, BL<c>, BL to ARM code: [-2^25, 2^25 - 4], multiples of 4 */
    {ARM, R_ARM_PC24, WORD, 0xea000000, PT, -P2(25), P2(25) - 4, 4, 0, 0, 1, 1},
    {ARM, R_ARM_ABS32, WORD, 0, PT, ALL32, 1, 0x08000101, 1, 0, 1},
    {ARM, R_ARM_REL32, WORD, 0, PT, ALL32, 1, 0x100, 0, 0, 1},
    {ARM, R_ARM_CALL, WORD, 0xeb000000, PT, -P2(25), P2(25) - 4, 4, 0, 0, 1, 1},
    /* BLX to Thumb (T = 1): odd v, the offset v - 1 in [-2^25, 2^25 - 2] */
    {ARM, R_ARM_CALL, WORD, 0xeb000000, PT, -P2(25) + 1, P2(25) - 1, 2, 1, 1, 1, 1},
    {ARM, R_ARM_JUMP24, WORD, 0xea000000, PT, -P2(25), P2(25) - 4, 4, 0, 0, 1, 1},
    {ARM, R_ARM_PREL31, WORD, 0x80000000, PT, -P2(30), P2(30) - 1, 1, 0x10, 0, 1, 1},
    {ARM, R_ARM_MOVW_ABS_NC, WORD, 0xe3000000, PT, ALL32, 1, 0x2001f2a1, 1, 0, 1},
    {ARM, R_ARM_MOVT_ABS, WORD, 0xe3400000, PT, ALL32, 1, 0x2001f2a0, 0, 0, 1},
    {ARM, R_ARM_MOVW_PREL_NC, WORD, 0xe3000000, PT, ALL32, 1, 0x1801f27b, 1, 0, 1},
    {ARM, R_ARM_MOVT_PREL, WORD, 0xe3400000, PT, ALL32, 1, 0x1801f276, 0, 0, 1},

    /* ---- AArch64: data in the file's order, instructions little-endian ---- */
    {A64, R_AARCH64_ABS64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    {A64, R_AARCH64_ABS32, WORD, 0, PA, ALL32, 1, 0, 0, 1, 3},
    {A64, R_AARCH64_ABS16, WORD, 0, PA, -P2(15), P2(16) - 1, 1, 0, 0, 1, 3},
    {A64, R_AARCH64_PREL64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    {A64, R_AARCH64_PREL32, WORD, 0, PA, ALL32, 1, 0, 0, 1, 3},
    {A64, R_AARCH64_PREL16, WORD, 0, PA, -P2(15), P2(16) - 1, 1, 0, 0, 1, 3},
    /* MOVZ x0, #0 (hw 0 to 3); MOVK x0 */
    {A64, R_AARCH64_MOVW_UABS_G0, LE32, 0xd2800000, PA, 0, P2(16) - 1, 1, 0x8000, 0, 1, 1},
    {A64, R_AARCH64_MOVW_UABS_G0_NC, LE32, 0xf2800000, PA, MIN64, MAX64, 1, 0x12345, 0, 0, 1},
    {A64, R_AARCH64_MOVW_UABS_G1, LE32, 0xd2a00000, PA, 0, P2(32) - 1, 1, P2(16), 0, 1, 1},
    {A64, R_AARCH64_MOVW_UABS_G1_NC, LE32, 0xf2a00000, PA, MIN64, MAX64, 1, P2(16), 0, 0, 1},
    {A64, R_AARCH64_MOVW_UABS_G2, LE32, 0xd2c00000, PA, 0, P2(48) - 1, 1, P2(32), 0, 1, 1},
    {A64, R_AARCH64_MOVW_UABS_G2_NC, LE32, 0xf2c00000, PA, MIN64, MAX64, 1, P2(32), 0, 0, 1},
    {A64, R_AARCH64_MOVW_UABS_G3, LE32, 0xd2e00000, PA, MIN64, MAX64, 1, P2(48), 0, 0, 1},
    /* MOVN or MOVZ by the sign: [-2^(16n+16), 2^(16n+16) - 1] */
    {A64, R_AARCH64_MOVW_SABS_G0, LE32, 0xd2800000, PA, -P2(16), P2(16) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_MOVW_SABS_G1, LE32, 0xd2a00000, PA, -P2(32), P2(32) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_MOVW_SABS_G2, LE32, 0xd2c00000, PA, -P2(48), P2(48) - 1, 1, 0, 0, 1, 1},
    /* LDR x0, literal; ADR; ADRP (pages: [-2^32, 2^32 - 4096]) */
    {A64, R_AARCH64_LD_PREL_LO19, LE32, 0x58000000, PA, -P2(20), P2(20) - 4, 4, 0, 0, 1, 1},
    {A64, R_AARCH64_ADR_PREL_LO21, LE32, 0x10000000, PA, -P2(20), P2(20) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_ADR_PREL_PG_HI21, LE32, 0x90000000, PA, -P2(32), P2(32) - 4096, 4096, 0, 0,
     1, 1},
    {A64, R_AARCH64_ADR_PREL_PG_HI21_NC, LE32, 0x90000000, PA, -P2(40), P2(40) - 4096, 4096, 0,
     0, 0, 1},
    /* ADD x0, x0, #0; LDRB w0, [x0] */
    {A64, R_AARCH64_ADD_ABS_LO12_NC, LE32, 0x91000000, PA, 0, P2(48) - 1, 1, 0x1000, 0, 0, 1},
    {A64, R_AARCH64_LDST8_ABS_LO12_NC, LE32, 0x39400000, PA, 0, P2(48) - 1, 1, 0x1000, 0, 0, 1},
    /* TBZ: [-2^15, 2^15 - 4]; B.cond: [-2^20, 2^20 - 4]; B, BL: [-2^27, 2^27 - 4] */
    {A64, R_AARCH64_TSTBR14, LE32, 0x36000000, PA, -P2(15), P2(15) - 4, 4, 0, 0, 1, 1},
    {A64, R_AARCH64_CONDBR19, LE32, 0x54000000, PA, -P2(20), P2(20) - 4, 4, 0, 0, 1, 1},
    {A64, R_AARCH64_JUMP26, LE32, 0x14000000, PA, -P2(27), P2(27) - 4, 4, 0, 0, 1, 1},
    {A64, R_AARCH64_CALL26, LE32, 0x94000000, PA, -P2(27), P2(27) - 4, 4, 0, 0, 1, 1},
    /* LDRH, LDR w0, LDR x0, LDR q0 [x0]: the access size's multiples */
    {A64, R_AARCH64_LDST16_ABS_LO12_NC, LE32, 0x79400000, PA, 0, P2(48) - 2, 2, 0x1000, 0, 0, 1},
    {A64, R_AARCH64_LDST32_ABS_LO12_NC, LE32, 0xb9400000, PA, 0, P2(48) - 4, 4, 0x1000, 0, 0, 1},
    {A64, R_AARCH64_LDST64_ABS_LO12_NC, LE32, 0xf9400000, PA, 0, P2(48) - 8, 8, 0x1000, 0, 0, 1},
    {A64, R_AARCH64_LDST128_ABS_LO12_NC, LE32, 0x3dc00000, PA, 0, P2(48) - 16, 16, 0x1000, 0, 0,
     1},
    {A64, R_AARCH64_MOVW_PREL_G0, LE32, 0xd2800000, PA, -P2(16), P2(16) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_MOVW_PREL_G0_NC, LE32, 0xf2800000, PA, MIN64, MAX64, 1, 0, 0, 0, 1},
    {A64, R_AARCH64_MOVW_PREL_G1, LE32, 0xd2a00000, PA, -P2(32), P2(32) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_MOVW_PREL_G1_NC, LE32, 0xf2a00000, PA, MIN64, MAX64, 1, 0, 0, 0, 1},
    {A64, R_AARCH64_MOVW_PREL_G2, LE32, 0xd2c00000, PA, -P2(48), P2(48) - 1, 1, 0, 0, 1, 1},
    {A64, R_AARCH64_MOVW_PREL_G2_NC, LE32, 0xf2c00000, PA, MIN64, MAX64, 1, 0, 0, 0, 1},
    {A64, R_AARCH64_MOVW_PREL_G3, LE32, 0xd2e00000, PA, MIN64, MAX64, 1, 0, 0, 0, 1},

    /* ---- x86-64: words ---- */
    {X64, R_X86_64_64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 1},
    {X64, R_X86_64_PC32, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_PLT32, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_GOTPCREL, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_32, WORD, 0, PA, 0, P2(32) - 1, 1, 0x10, 0, 1, 1},
    {X64, R_X86_64_32S, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_16, WORD, 0, PA, -P2(15), P2(16) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_PC16, WORD, 0, PA, -P2(15), P2(15) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_8, WORD, 0, PA, -128, 255, 1, 0, 0, 1, 1},
    {X64, R_X86_64_PC8, WORD, 0, PA, -128, 127, 1, 0, 0, 1, 1},
    {X64, R_X86_64_PC64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 1},
    {X64, R_X86_64_GOTPCRELX, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},
    {X64, R_X86_64_REX_GOTPCRELX, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 1},

    /* ---- i386: words, 32-bit ones modulo 2^32 ---- */
    {I386, R_386_32, WORD, 0, PT, ALL32, 1, 0, 0, 0, 1},
    {I386, R_386_PC32, WORD, 0, PT, ALL32, 1, 0, 0, 0, 1},
    {I386, R_386_PLT32, WORD, 0, PT, ALL32, 1, 0, 0, 0, 1},
    {I386, R_386_16, WORD, 0, PT, -P2(15), P2(16) - 1, 1, 0, 0, 1, 1},
    {I386, R_386_PC16, WORD, 0, PT, -P2(15), P2(15) - 1, 1, 0, 0, 1, 1},
    {I386, R_386_8, WORD, 0, PT, -128, 255, 1, 0, 0, 1, 1},
    {I386, R_386_PC8, WORD, 0, PT, -128, 127, 1, 0, 0, 1, 1},

    /* ---- MIPS, both byte orders ---- */
    {MIPS, R_MIPS_32, WORD, 0, PM, ALL32, 1, 0, 0, 0, 3},
    /* JAL: the target, in P + 4's 256 MiB region */
    {MIPS, R_MIPS_26, WORD, 0x0c000000, PM, 0x80000000, 0x8ffffffc, 4, PM, 0, 1, 3},
    /* LUI (%hi rounds at 0x8000); ADDIU */
    {MIPS, R_MIPS_HI16, WORD, 0x3c010000, PM, 0, P2(32) - 1, 1, 0x8000, 0, 0, 3},
    {MIPS, R_MIPS_LO16, WORD, 0x24210000, PM, 0, P2(32) - 1, 1, 0x8000, 0, 0, 3},
    /* BEQ: [-2^17, 2^17 - 4] */
    {MIPS, R_MIPS_PC16, WORD, 0x10000000, PM, -P2(17), P2(17) - 4, 4, 0, 0, 1, 3},
    {MIPS, R_MIPS_PC32, WORD, 0, PM, ALL32, 1, 0, 0, 0, 3},

    /* ---- RISC-V RV64: data in the file's order, instructions little-endian ---- */
    {RV64, R_RISCV_32, WORD, 0, PA, ALL32, 1, 0, 0, 1, 3},
    {RV64, R_RISCV_64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    /* BEQ: [-4096, 4094]; JAL: [-2^20, 2^20 - 2] */
    {RV64, R_RISCV_BRANCH, LE32, 0x00000063, PA, -4096, 4094, 2, 0, 0, 1, 1},
    {RV64, R_RISCV_JAL, LE32, 0x0000006f, PA, -P2(20), P2(20) - 2, 2, 0, 0, 1, 1},
    /* AUIPC ra + JALR ra: [-0x80000800, 0x7ffff7ff] */
    {RV64, R_RISCV_CALL, LE32X2, 0x000080e700000097, PA, HI20, 1, 0x7ff, 0, 1, 1},
    {RV64, R_RISCV_CALL_PLT, LE32X2, 0x000080e700000097, PA, HI20, 1, 0x800, 0, 1, 1},
    /* AUIPC a0, LUI a0; ADDI a0, a0; SW a0, 0(a0) */
    {RV64, R_RISCV_GOT_HI20, LE32, 0x00000517, PA, HI20, 1, 0x800, 0, 1, 1},
    {RV64, R_RISCV_PCREL_HI20, LE32, 0x00000517, PA, HI20, 1, -0x800, 0, 1, 1},
    {RV64, R_RISCV_PCREL_LO12_I, LE32, 0x00050513, PA, MIN64, MAX64, 1, 0x800, 0, 0, 1},
    {RV64, R_RISCV_PCREL_LO12_S, LE32, 0x00a52023, PA, MIN64, MAX64, 1, 0x800, 0, 0, 1},
    {RV64, R_RISCV_HI20, LE32, 0x00000537, PA, HI20, 1, 0x7ff, 0, 1, 1},
    {RV64, R_RISCV_LO12_I, LE32, 0x00050513, PA, MIN64, MAX64, 1, 0x7ff, 0, 0, 1},
    {RV64, R_RISCV_LO12_S, LE32, 0x00a52023, PA, MIN64, MAX64, 1, 0x7ff, 0, 0, 1},
    {RV64, R_RISCV_ADD8, WORD, 0, PA, MIN64, MAX64, 1, 0xff, 0, 0, 3},
    {RV64, R_RISCV_ADD16, WORD, 0, PA, MIN64, MAX64, 1, 0xffff, 0, 0, 3},
    {RV64, R_RISCV_ADD32, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    {RV64, R_RISCV_ADD64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    {RV64, R_RISCV_SUB8, WORD, 0, PA, MIN64, MAX64, 1, 0x100, 0, 0, 3},
    {RV64, R_RISCV_SUB16, WORD, 0, PA, MIN64, MAX64, 1, 0x10000, 0, 0, 3},
    {RV64, R_RISCV_SUB32, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    {RV64, R_RISCV_SUB64, WORD, 0, PA, MIN64, MAX64, 1, 0, 0, 0, 3},
    /* c.beqz: [-256, 254]; c.j: [-2048, 2046] */
    {RV64, R_RISCV_RVC_BRANCH, LE16, 0xc001, PA, -256, 254, 2, 0, 0, 1, 1},
    {RV64, R_RISCV_RVC_JUMP, LE16, 0xa001, PA, -2048, 2046, 2, 0, 0, 1, 1},
    /* the low 6 bits of a byte whose top two are set (and kept) */
    {RV64, R_RISCV_SUB6, WORD, 0xc0, PA, MIN64, MAX64, 1, 0x40, 0, 0, 3},
    {RV64, R_RISCV_SET6, WORD, 0xc0, PA, MIN64, MAX64, 1, 0x40, 0, 0, 3},
    {RV64, R_RISCV_SET8, WORD, 0, PA, MIN64, MAX64, 1, 0x100, 0, 0, 3},
    {RV64, R_RISCV_SET16, WORD, 0, PA, MIN64, MAX64, 1, 0x10000, 0, 0, 3},
    {RV64, R_RISCV_SET32, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 3},
    {RV64, R_RISCV_32_PCREL, WORD, 0, PA, -P2(31), P2(31) - 1, 1, 0, 0, 1, 3},
    /* ULEB128 of 1, 2 and 10 bytes: 7 bits a byte (the SET's value is the
     * SUB's to check; the 10-byte one holds any 64-bit value) */
    {RV64, R_RISCV_SET_ULEB128, ULEB, 1, PA, 0, 127, 1, 64, 0, 0, 1},
    {RV64, R_RISCV_SUB_ULEB128, ULEB, 1, PA, 0, 127, 1, 64, 0, 1, 1},
    {RV64, R_RISCV_SUB_ULEB128, ULEB, 2, PA, 0, P2(14) - 1, 1, 128, 0, 1, 1},
    {RV64, R_RISCV_SUB_ULEB128, ULEB, 10, PA, 0, MAX64, 1, P2(62), 0, 0, 1},

    /* ---- RISC-V RV32: values modulo 2^32, so an AUIPC pair reaches everything ---- */
    {RV32, R_RISCV_32, WORD, 0, PA, ALL32, 1, 0, 0, 0, 3},
    {RV32, R_RISCV_BRANCH, LE32, 0x00000063, PA, -4096, 4094, 2, 0, 0, 1, 1},
    {RV32, R_RISCV_JAL, LE32, 0x0000006f, PA, -P2(20), P2(20) - 2, 2, 0, 0, 1, 1},
    {RV32, R_RISCV_CALL, LE32X2, 0x000080e700000097, PA, ALL32, 1, 0x800, 0, 0, 1},
    {RV32, R_RISCV_CALL_PLT, LE32X2, 0x000080e700000097, PA, ALL32, 1, 0x7ff, 0, 0, 1},
    {RV32, R_RISCV_GOT_HI20, LE32, 0x00000517, PA, ALL32, 1, 0x800, 0, 0, 1},
    {RV32, R_RISCV_PCREL_HI20, LE32, 0x00000517, PA, ALL32, 1, 0x7ffff800, 0, 0, 1},
    {RV32, R_RISCV_PCREL_LO12_I, LE32, 0x00050513, PA, ALL32, 1, 0x800, 0, 0, 1},
    {RV32, R_RISCV_PCREL_LO12_S, LE32, 0x00a52023, PA, ALL32, 1, 0x800, 0, 0, 1},
    {RV32, R_RISCV_HI20, LE32, 0x00000537, PA, ALL32, 1, 0x7ff, 0, 0, 1},
    {RV32, R_RISCV_LO12_I, LE32, 0x00050513, PA, ALL32, 1, 0x7ff, 0, 0, 1},
    {RV32, R_RISCV_LO12_S, LE32, 0x00a52023, PA, ALL32, 1, 0x7ff, 0, 0, 1},
    {RV32, R_RISCV_ADD8, WORD, 0, PA, ALL32, 1, 0x100, 0, 0, 3},
    {RV32, R_RISCV_ADD16, WORD, 0, PA, ALL32, 1, 0x10000, 0, 0, 3},
    {RV32, R_RISCV_ADD32, WORD, 0, PA, ALL32, 1, 0, 0, 0, 3},
    {RV32, R_RISCV_SUB8, WORD, 0, PA, ALL32, 1, 0x100, 0, 0, 3},
    {RV32, R_RISCV_SUB16, WORD, 0, PA, ALL32, 1, 0x10000, 0, 0, 3},
    {RV32, R_RISCV_SUB32, WORD, 0, PA, ALL32, 1, 0, 0, 0, 3},
    {RV32, R_RISCV_RVC_BRANCH, LE16, 0xc001, PA, -256, 254, 2, 0, 0, 1, 1},
    {RV32, R_RISCV_RVC_JUMP, LE16, 0xa001, PA, -2048, 2046, 2, 0, 0, 1, 1},
    {RV32, R_RISCV_SUB6, WORD, 0xc0, PA, ALL32, 1, 0x40, 0, 0, 3},
    {RV32, R_RISCV_SET6, WORD, 0xc0, PA, ALL32, 1, 0x40, 0, 0, 3},
    {RV32, R_RISCV_SET8, WORD, 0, PA, ALL32, 1, 0x100, 0, 0, 3},
    {RV32, R_RISCV_SET16, WORD, 0, PA, ALL32, 1, 0x10000, 0, 0, 3},
    {RV32, R_RISCV_SET32, WORD, 0, PA, ALL32, 1, 0, 0, 0, 3},
    {RV32, R_RISCV_32_PCREL, WORD, 0, PA, ALL32, 1, 0, 0, 0, 3},
    {RV32, R_RISCV_SET_ULEB128, ULEB, 1, PA, 0, 127, 1, 64, 0, 0, 1},
    {RV32, R_RISCV_SUB_ULEB128, ULEB, 3, PA, 0, P2(21) - 1, 1, P2(14), 0, 1, 1},

    /* ---- Xtensa: a SLOT0_OP's value is its target, S + A ---- */
    {XT, R_XTENSA_32, WORD, 0, PX, ALL32, 1, 0, 0, 0, 3},
    {XT, R_XTENSA_32_PCREL, WORD, 0, PX, ALL32, 1, 0, 0, 0, 3},
    /* L32R a0: the literal at (P + 3 & ~3) - 262144 .. - 4 */
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000001, PX, PX - 262144, PX - 4, 4, PX - 256, 0, 1, 1},
    /* CALL0, CALL8: from (P & ~3) + 4, [-524288, 524284] */
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000005, PX, PX + 4 - 524288, PX + 4 + 524284, 4, PX, 0, 1, 1},
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000025, PX, PX + 4 - 524288, PX + 4 + 524284, 4, PX, 0, 1, 1},
    /* J: from P + 4, [-131072, 131071] */
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000006, PX, PX + 4 - 131072, PX + 4 + 131071, 1, PX, 0, 1, 1},
    /* BEQZ (BRI12): [-2048, 2047]; BEQI (BRI8), BEQ (RRI8): [-128, 127] */
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000016, PX, PX + 4 - 2048, PX + 4 + 2047, 1, PX, 0, 1, 1},
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x000026, PX, PX + 4 - 128, PX + 4 + 127, 1, PX, 0, 1, 1},
    {XT, R_XTENSA_SLOT0_OP, LE24, 0x001007, PX, PX + 4 - 128, PX + 4 + 127, 1, PX, 0, 1, 1},
    /* BEQZ.N (RI6): forward only, [0, 63] */
    {XT, R_XTENSA_SLOT0_OP, LE16, 0x008c, PX, PX + 4, PX + 4 + 63, 1, PX + 36, 0, 1, 1},

    /* ---- ARC, both byte orders: instructions as halfwords, first the opcode's ---- */
    {ARC, R_ARC_32, WORD, 0, PC, ALL32, 1, 0, 0, 0, 3},
    /* Bcc: [-2^20, 2^20 - 2]; BLcc: [-2^20, 2^20 - 4]; B: [-2^24, 2^24 - 2];
     * BL: [-2^24, 2^24 - 4]; BL_S: [-2^12, 2^12 - 4] (from PCL = P & ~3) */
    {ARC, R_ARC_S21H_PCREL, HALVES, 0x00000000, PC, -P2(20), P2(20) - 2, 2, 0, 0, 1, 3},
    {ARC, R_ARC_S21W_PCREL, HALVES, 0x08000000, PC, -P2(20), P2(20) - 4, 4, 0, 0, 1, 3},
    {ARC, R_ARC_S25H_PCREL, HALVES, 0x00010000, PC, -P2(24), P2(24) - 2, 2, 0, 0, 1, 3},
    {ARC, R_ARC_S25W_PCREL, HALVES, 0x08020000, PC, -P2(24), P2(24) - 4, 4, 0, 0, 1, 3},
    /* the same from P & 3 = 2: v = the displacement - 2 */
    {ARC, R_ARC_S25W_PCREL, HALVES, 0x08020000, PC + 2, -P2(24) - 2, P2(24) - 6, 4, -2, 0, 1, 3},
    {ARC, R_ARC_S13_PCREL, WORD, 0xf800, PC, -P2(12), P2(12) - 4, 4, 0, 0, 1, 3},
    {ARC, R_ARC_32_ME, HALVES, 0, PC, ALL32, 1, 0, 0, 0, 3},
    {ARC, R_ARC_32_PCREL, WORD, 0, PC, ALL32, 1, 0, 0, 0, 3},
    {ARC, R_ARC_PC32, HALVES, 0, PC + 2, ALL32, 1, 0, 0, 0, 3},
};

/* The instruction at p, as it sits in a file of byte order be. */
static void put(const struct row *r, unsigned size, uint8_t *p, int be)
{
    switch (r->lay) {
    case WORD: wrn(p, size, r->insn, be); break;
    case LE16: wr16le(p, (uint16_t)r->insn); break;
    case LE24: wr16le(p, (uint16_t)r->insn), p[2] = (uint8_t)(r->insn >> 16); break;
    case LE32: wr32le(p, (uint32_t)r->insn); break;
    case LE32X2: wr64le(p, r->insn); break;
    case HALVES:
        wr16(p, (uint16_t)(r->insn >> 16), be);
        wr16(p + 2, (uint16_t)r->insn, be);
        break;
    case ULEB:
        for (uint64_t i = 0; i < r->insn; i++)
            p[i] = i + 1 < r->insn ? 0x80 : 0;
        break;
    }
}

/* The row's howto, for its instruction (select()), and the template. */
static const struct aotx_howto *howto_of(const struct row *r, uint8_t *tmpl, int be)
{
    const struct aotx_howto *h = aotx_arch_howto(r->a, r->type);
    assert_non_null(h);
    memset(tmpl, 0, 16);
    put(r, h->size, tmpl, be);
    if (r->a->select)
        h = r->a->select(h, tmpl, 16, be);
    if (!h)
        fail_msg("%s type %u: select() takes no instruction 0x%llx", r->a->name, r->type,
                 (unsigned long long)r->insn);
    put(r, h->size, tmpl, be);
    return h;
}

/* v encoded into the template at loc; 0 if field() refuses it. */
static int encode(const struct row *r, const struct aotx_howto *h, int64_t v, const uint8_t *tmpl,
                  uint8_t *loc, int be)
{
    struct aotx_range bad;
    uint64_t f;
    memcpy(loc, tmpl, 16);
    if (r->a->field(h, v, r->P, &f, &bad))
        return 0;
    r->a->encode(h, loc, f, be);
    return 1;
}

static int reads_back(const struct row *r, const struct aotx_howto *h, int64_t v,
                      const uint8_t *loc, int be, uint64_t *want, uint64_t *got)
{
    struct aotx_meaning m;
    r->a->readback->meaning(h, loc, be, r->P, &m);
    return aotx_sem_agrees(aotx_arch_sem(r->a, r->type), r->a->word_bits, (uint64_t)v, r->T, &m,
                           want, got);
}

static void check_row(const struct row *r, int be)
{
    uint8_t tmpl[16], loc[16], next[16];
    const struct aotx_howto *h = howto_of(r, tmpl, be);
    const int64_t vs[] = {r->lo, r->lo + r->step, r->mid - r->step, r->mid, r->mid + r->step,
                          r->hi};
    for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
        int64_t v = vs[k];
        uint64_t want, got;
        if (!encode(r, h, v, tmpl, loc, be))
            fail_msg("%s %s (be %d): field() refuses %lld", r->a->name,
                     aotx_arch_reloc_name(r->a, r->type), be, (long long)v);
        if (!reads_back(r, h, v, loc, be, &want, &got))
            fail_msg("%s %s (be %d): %lld reads back as 0x%llx, not 0x%llx", r->a->name,
                     aotx_arch_reloc_name(r->a, r->type), be, (long long)v,
                     (unsigned long long)got, (unsigned long long)want);
        /* one step on: where it encodes differently, it does not read back as v */
        if (v < r->hi && encode(r, h, v + r->step, tmpl, next, be) &&
            memcmp(next, loc, 16) && reads_back(r, h, v, next, be, &want, &got))
            fail_msg("%s %s (be %d): %lld + %lld reads back as %lld", r->a->name,
                     aotx_arch_reloc_name(r->a, r->type), be, (long long)v,
                     (long long)r->step, (long long)v);
    }
    if (r->checked && (encode(r, h, r->lo - r->step, tmpl, loc, be) ||
                       encode(r, h, r->hi + r->step, tmpl, loc, be)))
        fail_msg("%s %s: field() takes a value beyond [%lld, %lld]", r->a->name,
                 aotx_arch_reloc_name(r->a, r->type), (long long)r->lo, (long long)r->hi);
}

static void every_type_reads_back(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (int be = 0; be < 2; be++)
            if (rows[i].orders & (1 << be))
                check_row(&rows[i], be);
}

static const struct aotx_arch *const arches[] = {
    &aotx_arch_x86_64, &aotx_arch_i386,    &aotx_arch_aarch64, &aotx_arch_arm,
    &aotx_arch_thumb,  &aotx_arch_riscv32, &aotx_arch_riscv64, &aotx_arch_mips,
    &aotx_arch_xtensa, &aotx_arch_arc,
};

/* Every arch reads back every type it supports: a rule for each, sorted,
 * one that reads something for each type that writes a field, and rows
 * above for those. */
static void every_type_has_a_rule_and_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++) {
        const struct aotx_arch *a = arches[i];
        assert_non_null(a->readback);
        assert_non_null(a->readback->meaning);
        for (size_t k = 1; k < a->readback->sem_count; k++)
            assert_true(a->readback->sems[k - 1].type < a->readback->sems[k].type);
        for (size_t k = 0; k < a->howto_count; k++) {
            const struct aotx_howto *h = &a->howtos[k];
            const struct aotx_sem *s = aotx_arch_sem(a, h->type);
            const char *name = aotx_arch_reloc_name(a, h->type);
            if (!s)
                fail_msg("%s %s: no read-back rule", a->name, name);
            int writes = h->expr != X_NONE && h->size;
            if (writes != (s->width != 0))
                fail_msg("%s %s: %s field, a rule that reads %u bits", a->name, name,
                         writes ? "a" : "no", s->width);
            size_t n = 0;
            for (size_t j = 0; j < sizeof rows / sizeof rows[0]; j++)
                n += rows[j].a == a && rows[j].type == h->type;
            if (writes && !n)
                fail_msg("%s %s: no rows", a->name, name);
        }
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(every_type_has_a_rule_and_rows),
    cmocka_unit_test(every_type_reads_back),
};

TEST_MAIN(tests)
