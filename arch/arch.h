/* The per-architecture descriptors. Each file in arch/ defines one const
 * struct aotx_arch; arch.c lists them all, and the reader picks one at run
 * time from the file's target info. Every descriptor is compiled into every
 * build: nothing here depends on the host. */
#ifndef AOTX_ARCH_H
#define AOTX_ARCH_H

#include <stddef.h>
#include <stdint.h>

#include "aot_xip/module.h"
#include "elf_machines.h"

struct aotx_reloc_name {
    uint32_t type;
    const char *name;
};

/* How a relocation's value is computed, in the psABIs' terms. The generic
 * rewriter (src/xip.c) computes it once; S carries the Thumb bit for Thumb
 * code targets, as in the ARM ELF ABI's "T". */
enum aotx_expr {
    X_NONE,    /* nothing is written */
    X_ABS,     /* S + A */
    X_PC,      /* S + A - P */
    X_PAGE_PC, /* Page(S + A) - Page(P), 4 KiB pages (AArch64 ADRP) */
    X_GOT_PC,  /* G + A - P, G the address of S's GOT slot in the image */
    X_PC_LO,   /* RISC-V PCREL_LO12: the value (S + A - P) of the PCREL_HI20 relocation
                  whose P is this relocation's S + A */
    X_ADD,     /* V + S + A, V what the field holds before (in field() units): the */
    X_SUB      /* V - S - A  input's, decoded, or what the relocation before it at the
                              same field made (see `chain`) */
};

enum {
    HOWTO_CALL = 1,   /* a call or tail call: a veneer may stand in for a far target */
    HOWTO_PC_HI = 2,  /* a PC-relative high part that X_PC_LO relocations refer to */
    HOWTO_OPENS = 4,  /* the first half of a pair: the relocation right after it at the
                         same field must be of type `partner` (its value is never final) */
    HOWTO_CLOSES = 8, /* the second half: must come right after one of type `partner` */
    HOWTO_INSN = 16,  /* the field is in an instruction: its place is a multiple of the
                         arch's insn_align (a data word, a literal, is not) */
    HOWTO_BRANCH = 32, /* a branch that is not a call (HOWTO_CALL ones are branches too):
                          on ARM it enters its target's instruction set; one to a section
                          or data symbol stays in the module's own (as ld.lld's does) */
    HOWTO_NO_T = 64   /* ARM: no bit of the field holds the Thumb bit (MOVT takes bits
                         31:16): the target's instruction set does not matter */
};

/* A supported relocation type. */
struct aotx_howto {
    uint32_t type;
    enum aotx_expr expr;
    uint8_t size;        /* bytes of the field, from the relocation offset */
    uint8_t flags;       /* HOWTO_* */
    const char *formula; /* for diagnostics */
    int8_t call_bias;    /* HOWTO_CALL: the part of A that is the PC bias, not the
                            target (Thumb BL -4, A32 BL -8, x86 rel32 -4; 0 where A
                            is only a target offset). A veneer stands for S + A - bias,
                            and the call to it is computed with A = bias. */
    uint8_t variant;     /* arch-private: which instruction a select()ed howto is for */
    /* Several relocations at one field (label differences: ADD32 then SUB32 at
     * one word). Relocations of the same nonzero chain class, at the same
     * offset and of the same size, compose in relocation order: each after
     * the first must read the field (X_ADD, X_SUB) and gets as V the field()
     * value of the one before it, so one class has one field() unit. Any
     * other overlap of two fields is an error. 0: the field is this
     * relocation's alone. */
    uint8_t chain;
    uint32_t partner;    /* HOWTO_OPENS, HOWTO_CLOSES: the other half's type */
};

/* Why a value does not fit its field. */
struct aotx_range {
    int64_t lo, hi;  /* allowed range, inclusive */
    uint32_t align;  /* required alignment (0 or 1: none) */
    int state;       /* a branch that cannot change to the target's instruction set */
    int misaligned;  /* the failure is the alignment, whatever v's own low bits are
                        (for fields measured from an aligned base, like ARC's PCL) */
};

/* ---- The range and alignment checks of field() ----
 *
 * Each gives 0 if v fits, else 1; either way *bad holds the allowed range
 * and alignment, as the rewriter's message names them (state and
 * misaligned 0). lld's checkInt, checkUInt, checkIntUInt, checkAlignment.
 * n is a width in bits, 1 to 63. */

/* v in [lo, hi] and a multiple of align (0 or 1: any v; else a power of 2). */
static inline int check_range(int64_t v, int64_t lo, int64_t hi, uint32_t align,
                              struct aotx_range *bad)
{
    *bad = (struct aotx_range){.lo = lo, .hi = hi, .align = align};
    return v < lo || v > hi || (align > 1 && ((uint64_t)v & (align - 1)) != 0);
}

/* A signed n-bit field of multiples of align: [-2^(n-1), 2^(n-1) - align]
 * (a branch offset; align 0: any v in n signed bits). */
static inline int check_int(int64_t v, unsigned n, uint32_t align, struct aotx_range *bad)
{
    int64_t half = (int64_t)1 << (n - 1);
    return check_range(v, -half, half - (align > 1 ? (int64_t)align : 1), align, bad);
}

/* An unsigned n-bit field: [0, 2^n - 1]. */
static inline int check_uint(int64_t v, unsigned n, struct aotx_range *bad)
{
    return check_range(v, 0, (int64_t)(((uint64_t)1 << n) - 1), 0, bad);
}

/* An n-bit field that holds v signed or unsigned: [-2^(n-1), 2^n - 1]. */
static inline int check_int_uint(int64_t v, unsigned n, struct aotx_range *bad)
{
    return check_range(v, -((int64_t)1 << (n - 1)), (int64_t)(((uint64_t)1 << n) - 1), 0, bad);
}

/* Any v that is a multiple of align. */
static inline int check_align(int64_t v, uint32_t align, struct aotx_range *bad)
{
    return check_range(v, INT64_MIN, INT64_MAX, align, bad);
}

/* A veneer or other generated code: a template of instruction units, one
 * disassembly comment each in the arch file, whose target slot is patched
 * through the arch's own relocator (type reloc_type at reloc_offset, S the
 * final target, A 0). */
struct aotx_unit {
    uint8_t width;  /* 1, 2 or 4 bytes, written in the file's byte order */
    uint32_t value;
};

struct aotx_veneer {
    uint8_t size, align;
    uint8_t unit_count;
    const struct aotx_unit *units;
    uint32_t reloc_type;
    uint8_t reloc_offset;
    int thumb; /* entered in Thumb state: callers branch to address | 1 */
};

#define AOTX_UNITS(table) .units = (table), .unit_count = sizeof(table) / sizeof((table)[0])


struct aotx_readback;

struct aotx_arch {
    const char *name;         /* "thumb", "riscv32", ... */
    uint16_t machines[2];     /* ELF e_machine values, EM_* (0: unused slot) */
    const char *arch_prefix;  /* the target-info arch string starts with it; NULL: any */
    unsigned word_bits;       /* 32 or 64: must match bin_type */
    int rela;                 /* 1: addends in the records; 0: in the fields (REL) */
    const struct aotx_reloc_name *names; /* sorted by type */
    size_t name_count;

    /* The relocator. howtos is sorted by type; a type in names but not in
     * howtos is known but not supported. */
    const struct aotx_howto *howtos;
    size_t howto_count;
    int thumb_bit;  /* ARM family: code addresses of Thumb functions carry bit 0 */
    int code_thumb; /* the module's own code is Thumb (its functions get the bit) */
    uint32_t abs_ptr_type; /* the type that stores an absolute code pointer (GOT slots) */
    uint32_t plt_entry;    /* bytes of PLT a stock WAMR load puts after the code for each
                              native (AOT-FORMAT.md 7; 0: it makes no PLT) */

    /* REL high/low pairs (MIPS HI16/LO16): a pair_hi relocation takes its
     * addend from its own field (the high half, already shifted by addend())
     * plus that of the next pair_lo relocation against the same symbol in
     * the same group (0: no such pairs). */
    uint32_t pair_hi, pair_lo;

    /* Where one type covers several instruction formats (Xtensa SLOT0_OP:
     * L32R, CALLn, J), the howto for the instruction at loc, or NULL if the
     * type does not apply to it. NULL hook: the table's howto as it is. */
    const struct aotx_howto *(*select)(const struct aotx_howto *h, const uint8_t *loc,
                                       size_t room, int be);

    /* REL targets: the addend stored in the field. */
    int64_t (*addend)(const struct aotx_howto *h, const uint8_t *loc, int be);
    /* Turn the computed value v into what the field holds; 0 if it fits,
     * otherwise 1 with the allowed range and alignment in *bad. */
    int (*field)(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                 struct aotx_range *bad);
    void (*encode)(const struct aotx_howto *h, uint8_t *loc, uint64_t field, int be);
    /* What the field holds, in field() units: verify compares the two. */
    uint64_t (*decode)(const struct aotx_howto *h, const uint8_t *loc, int be);
    /* The veneer for far calls in this module (NULL: none needed). */
    const struct aotx_veneer *(*veneer)(const struct aotx_module *m);

    /* Instruction fields (HOWTO_INSN) lie at multiples of insn_align (0: no
     * rule, as for x86's instructions of 1 to 15 bytes and Xtensa's of 2 or
     * 3); insn_what names the instruction in messages ("a Thumb
     * instruction"). Where the file's e_flags lack insn_short_flag, no
     * instruction is shorter than 4 bytes, and they lie at multiples of 4:
     * RISC-V without insn_short_what, the C extension (EF_RISCV_RVC). */
    uint8_t insn_align;
    const char *insn_what;
    uint32_t insn_short_flag;
    const char *insn_short_what;
    int little_only; /* the ISA is little-endian only (x86): a file flagged big-endian is
                        damaged */
    /* Reading fields back, for verification (below). */
    const struct aotx_readback *readback;
};

/* ---- Reading a field back: verification ----
 *
 * Verification (src/xip.c) trusts neither compute() nor field() nor
 * encode(): it computes each relocation's value again from the record, the
 * resolved symbol and the place, and reads what the field now means with
 * the arch's meaning(), a decoder written from the ISA manual that shares
 * nothing with field() and encode(). A wrong formula, field() or encoder
 * then shows as a field that means something else than its value. */

/* What an instruction or word at a field means, in its relocation's terms:
 * the value of the formula (S + A - P, S + A, ...) it stands for, as far as
 * it tells. A PC-relative field is measured from P as the formula is: an
 * instruction's own base (BLX's Align(PC, 4), ARC's PCL) is taken into
 * account, and the PC bias is the formula's A. An absolute target (MIPS J,
 * Xtensa's SLOT0_OP) is an address. An immediate is what its instruction
 * puts in the register (MOVT: imm16 << 16; LUI, AUIPC: sext(imm20 << 12)),
 * a word its value, extended as the instruction extends it. */
enum { AOTX_ENTERS_NONE = -1, AOTX_ENTERS_ARM = 0, AOTX_ENTERS_THUMB = 1 };

struct aotx_meaning {
    uint64_t value;
    int isa;           /* a branch: the instruction set it enters (AOTX_ENTERS_*, equal to
                          the T bit of the target it must have); else AOTX_ENTERS_NONE */
    const char *not_a; /* NULL; or the bytes are not what the type applies to: what they
                          should be ("a ULEB128 of its length") */
};

/* How a type's value v relates to what its field means, as data: the field
 * holds bits [lo, lo + width) of v + round, compared modulo 2^word_bits. A
 * width that reaches bit 63 asks for v exactly (a branch's offset, a
 * displacement the instruction sign-extends, LUI's upper bits); a data
 * word holds its own bits only. width 0: nothing to read back (R_*_NONE, a
 * hint). */
enum {
    AOTX_SEM_T = 1,     /* ARM, Thumb: v is (S + A) | T, T the target's Thumb bit; else S + A */
    AOTX_SEM_BRANCH = 2 /* ARM, Thumb: v's bit 0 is not an offset bit: the branch must enter
                           the target's instruction set, T */
};

struct aotx_sem {
    uint32_t type;
    uint8_t lo, width;
    uint8_t flags;     /* AOTX_SEM_* */
    uint32_t round;    /* added to v first: 0x800 for RISC-V %hi, 0x8000 for MIPS */
};

struct aotx_readback {
    const struct aotx_sem *sems; /* sorted by type: one for each type in howtos */
    size_t sem_count;
    /* What the field of howto h at loc (address P) means. */
    void (*meaning)(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                    struct aotx_meaning *out);
};

#define AOTX_SEMS(table) .sems = (table), .sem_count = sizeof(table) / sizeof((table)[0])

/* The read-back rules of the arches that keep them in a file of their own,
 * <arch>_readback.c (the others' are static in <arch>.c). */
extern const struct aotx_readback aotx_readback_aarch64, aotx_readback_riscv;

/* The read-back rule of a type, or NULL. */
const struct aotx_sem *aotx_arch_sem(const struct aotx_arch *a, uint32_t type);

/* Whether a field that means m holds the value v (T: the Thumb bit of the
 * target, for branches) as s describes: the bits compared, as v gives them
 * (*want) and as m does (*got), are equal, and a branch enters T's
 * instruction set. */
int aotx_sem_agrees(const struct aotx_sem *s, unsigned word_bits, uint64_t v, int T,
                    const struct aotx_meaning *m, uint64_t *want, uint64_t *got);

#define AOTX_HOWTOS(table) .howtos = (table), .howto_count = sizeof(table) / sizeof((table)[0])

const struct aotx_howto *aotx_arch_howto(const struct aotx_arch *a, uint32_t type);

#define AOTX_NAMES(table) .names = (table), .name_count = sizeof(table) / sizeof((table)[0])

extern const struct aotx_arch aotx_arch_x86_64, aotx_arch_i386, aotx_arch_aarch64,
    aotx_arch_arm, aotx_arch_thumb, aotx_arch_riscv32, aotx_arch_riscv64, aotx_arch_mips,
    aotx_arch_xtensa, aotx_arch_arc;

/* The descriptor for a target, or NULL. */
const struct aotx_arch *aotx_arch_find(const struct aotx_target *t);

/* What an ARM or Thumb target-info arch string ("thumbv7em", "armv7",
 * "thumbv8m.base", a bare "thumb") says of the core: its profile, 'a',
 * 'r' or 'm'; 'c' for a core before the profiles (ARMv4T to ARMv6, but
 * v6-M: "thumbv5te", "thumbv6k"), which has an ARM state; 0 where it does
 * not say ("thumbv7" is v7-M or v7-A, "thumbv6" v6-M or an ARM11). thumb2:
 * it surely has Thumb-2 (LDR.W): v6T2, v7 and v8 but v8-M Baseline. */
struct aotx_arm_core {
    char profile;
    int thumb2;
};
void aotx_arm_core(const char *arch, struct aotx_arm_core *c);

/* The name of a relocation type, or NULL if the arch defines no such type. */
const char *aotx_arch_reloc_name(const struct aotx_arch *a, uint32_t type);

#endif
