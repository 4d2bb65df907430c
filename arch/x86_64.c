/* x86-64: the System V Application Binary Interface, AMD64 Architecture
 * Processor Supplement (the x86-64 psABI), version 1.0, section 4.4
 * "Relocation". wamrc's objects use the small code model (non-PIC): code
 * and data addresses below 2 GiB, every reference a 32-bit field (with
 * --size-level=0, the large model: R_X86_64_64 everywhere). RELA: the
 * addend is in the record; the field's old contents do not count.
 *
 * Instructions are 1 to 15 bytes, on no alignment. A relocated field is a
 * plain little-endian word of 1, 2, 4 or 8 bytes (the psABI's word8,
 * word16, word32, word64) at any byte offset, so one word writer serves
 * every type and no instruction bits lie inside a field. The writer still
 * takes the file's byte order, as every relocator does.
 *
 * Branches: CALL rel32, JMP rel32 and Jcc rel32 hold the displacement from
 * the end of the instruction; the field is its last 4 bytes, so wamrc's
 * addend is -4 and S + A - P is the displacement itself. They reach
 * [-2^31, 2^31 - 1] bytes. A call (R_X86_64_PLT32) in code to a target
 * beyond that goes through a 16-byte veneer after the code; a PC32 is a data
 * reference, and one that does not reach is an error.
 *
 * Absolute references in the small model: R_X86_64_32S, sign-extended by
 * the instruction (jump-table bases, `jmp *table(,%rax,8)`), needs the
 * address in [-2^31, 2^31 - 1], i.e. an image below 2 GiB (or in the top
 * 2 GiB); R_X86_64_32, zero-extended, below 4 GiB. The psABI has the
 * linker check that the 32-bit field zero-extends (32) or sign-extends
 * (32S) back to the 64-bit value.
 *
 * GOT: the GOTPCREL family gets G + GOT = the address of the symbol's
 * 8-byte slot, which the rewriter places after the veneers and fills with
 * R_X86_64_64. GOTPCRELX and REX_GOTPCRELX are not relaxed (ld.lld and GNU
 * ld turn `mov foo@GOTPCREL(%rip), %reg` into `lea`): the load through the
 * slot is what the instruction says, and it is correct wherever S is.
 *
 *   type  name                    formula           field    check
 *    0    R_X86_64_NONE           none
 *    1    R_X86_64_64             S + A             word64   none
 *    2    R_X86_64_PC32           S + A - P         word32   signed 32
 *    4    R_X86_64_PLT32          S + A - P         word32   signed 32, else a veneer (L = veneer)
 *    9    R_X86_64_GOTPCREL       G + GOT + A - P   word32   signed 32
 *   10    R_X86_64_32             S + A             word32   unsigned 32
 *   11    R_X86_64_32S            S + A             word32   signed 32
 *   12    R_X86_64_16             S + A             word16   signed or unsigned 16
 *   13    R_X86_64_PC16           S + A - P         word16   signed 16
 *   14    R_X86_64_8              S + A             word8    signed or unsigned 8
 *   15    R_X86_64_PC8            S + A - P         word8    signed 8
 *   24    R_X86_64_PC64           S + A - P         word64   none
 *   41    R_X86_64_GOTPCRELX      G + GOT + A - P   word32   signed 32, not relaxed
 *   42    R_X86_64_REX_GOTPCRELX  G + GOT + A - P   word32   signed 32, not relaxed
 *
 * The 8 and 16 bit types are, the psABI says, not conformant to it. An
 * absolute one may hold a signed or an unsigned value, a PC-relative one a
 * signed value: ld.lld's checks (GNU ld 2.40 lets an n-bit field take
 * anything in [-2^n, 2^n - 1]).
 *
 * Known but not supported: GOT32, GOT64, GOTOFF64, GOTPC32, GOTPC64,
 * PLTOFF64 (relative to the GOT base, _GLOBAL_OFFSET_TABLE_, which an XIP
 * image does not have), GOTPCREL64 (LLVM's assembler does not emit it),
 * SIZE32/SIZE64 (symbol sizes: the .aot does not record them), the TLS
 * types (wasm code has no thread-local storage), and the dynamic types
 * (COPY, GLOB_DAT, JUMP_SLOT, RELATIVE, IRELATIVE: only in linked output).
 *
 * Where the stock WAMR runtime differs (AOT-FORMAT.md 7.1), this follows
 * the psABI: it computes R_X86_64_64 as S + A plus the field's old contents
 * (wamrc's fields are zero, so the result agrees on its output); it sends
 * every call to a native through a 12-byte PLT entry even when the native
 * is in reach, where this calls it directly; and it gives GOT slots only to
 * aot_func#N, taking S itself for any other GOTPCREL symbol, where this
 * gives every such symbol a slot.
 */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/x86_64.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_X86_64_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_X86_64_64, .expr = X_ABS, .size = 8, .formula = "S + A"},
    {.type = R_X86_64_PC32, .expr = X_PC, .size = 4, .formula = "S + A - P"},
    {.type = R_X86_64_PLT32, .expr = X_PC, .size = 4, .flags = HOWTO_CALL,
     .formula = "L + A - P, L = S or its veneer", .call_bias = -4},
    {.type = R_X86_64_GOTPCREL, .expr = X_GOT_PC, .size = 4, .formula = "G + GOT + A - P"},
    {.type = R_X86_64_32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_X86_64_32S, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_X86_64_16, .expr = X_ABS, .size = 2, .formula = "S + A"},
    {.type = R_X86_64_PC16, .expr = X_PC, .size = 2, .formula = "S + A - P"},
    {.type = R_X86_64_8, .expr = X_ABS, .size = 1, .formula = "S + A"},
    {.type = R_X86_64_PC8, .expr = X_PC, .size = 1, .formula = "S + A - P"},
    {.type = R_X86_64_PC64, .expr = X_PC, .size = 8, .formula = "S + A - P"},
    {.type = R_X86_64_GOTPCRELX, .expr = X_GOT_PC, .size = 4, .formula = "G + GOT + A - P"},
    {.type = R_X86_64_REX_GOTPCRELX, .expr = X_GOT_PC, .size = 4, .formula = "G + GOT + A - P"},
};

/* What a field of n bits accepts. */
enum check { NO_CHECK, SIGNED, UNSIGNED, SIGNED_OR_UNSIGNED };

static enum check check_of(uint32_t type)
{
    switch (type) {
    case R_X86_64_32:
        return UNSIGNED;
    case R_X86_64_16:
    case R_X86_64_8:
        return SIGNED_OR_UNSIGNED;
    case R_X86_64_PC32:
    case R_X86_64_PLT32:
    case R_X86_64_GOTPCREL:
    case R_X86_64_32S:
    case R_X86_64_PC16:
    case R_X86_64_PC8:
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX:
        return SIGNED;
    }
    return NO_CHECK; /* the word64 types */
}

/* What the field holds: the low 8 * size bits of the value, once it is
 * known to fit. */
static int x86_64_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                        struct aotx_range *bad)
{
    (void)P;
    unsigned n = 8u * h->size;
    enum check c = check_of(h->type);
    *bad = (struct aotx_range){0};
    if (h->type == R_X86_64_NONE) {
        *out = 0;
        return 0;
    }
    if ((c == SIGNED && check_int(v, n, 0, bad)) || (c == UNSIGNED && check_uint(v, n, bad)) ||
        (c == SIGNED_OR_UNSIGNED && check_int_uint(v, n, bad)))
        return 1;
    *out = n == 64 ? (uint64_t)v : (uint64_t)v & ((1ull << n) - 1);
    return 0;
}

static void x86_64_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    wrn(loc, h->size, f, be);
}

static uint64_t x86_64_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    return rdn(loc, h->size, be);
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * A field is a word of an instruction or of data; what it means is its
 * value as the instruction extends it (Intel SDM vol. 2, 2.1.3 and the
 * instructions): rel32, rel8 and disp32 are sign-extended, and so is an
 * imm32 in a 64-bit operation (32S); a 32-bit register is zero-extended
 * into its 64-bit one (32). Absolute 8 and 16 bit data is either. (A list
 * of its own, not check_of()'s: what the instruction does, not what
 * field() accepts.) */
static void x86_64_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                           struct aotx_meaning *m)
{
    uint64_t w = rdn(loc, h->size, be);
    (void)P;
    *m = (struct aotx_meaning){w, AOTX_ENTERS_NONE, NULL};
    switch (h->type) {
    case R_X86_64_PC32:
    case R_X86_64_PLT32:
    case R_X86_64_GOTPCREL:
    case R_X86_64_32S:
    case R_X86_64_PC16:
    case R_X86_64_PC8:
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX:
        m->value = (uint64_t)sext(w, 8u * h->size);
        return;
    }
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_X86_64_NONE},
    {.type = R_X86_64_64, .width = 64},
    {.type = R_X86_64_PC32, .width = 64},
    {.type = R_X86_64_PLT32, .width = 64},
    {.type = R_X86_64_GOTPCREL, .width = 64},
    {.type = R_X86_64_32, .width = 64},
    {.type = R_X86_64_32S, .width = 64},
    {.type = R_X86_64_16, .width = 16},
    {.type = R_X86_64_PC16, .width = 64},
    {.type = R_X86_64_8, .width = 8},
    {.type = R_X86_64_PC8, .width = 64},
    {.type = R_X86_64_PC64, .width = 64},
    {.type = R_X86_64_GOTPCRELX, .width = 64},
    {.type = R_X86_64_REX_GOTPCRELX, .width = 64},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = x86_64_meaning};

/* Far-call veneer: 16 bytes, 16-aligned, nothing clobbered (the target
 * sees the caller's registers and stack, as after a direct call or jmp).
 * A PLT32 call reaches it with S = its address and wamrc's A = -4. */
static const struct aotx_unit veneer_units[] = {
    {1, 0xff}, /* jmp *0(%rip)          ; ff 25 00000000: jump through the quad below */
    {1, 0x25},
    {4, 0},    /*                       ; disp32 = 0: the quad starts at the next byte */
    {4, 0},    /* .quad target          ; R_X86_64_64 at +6 */
    {4, 0},
    {1, 0xcc}, /* int3                  ; padding, never reached */
    {1, 0xcc}, /* int3 */
};
static const struct aotx_veneer veneer = {.size = 16, .align = 16, AOTX_UNITS(veneer_units),
                                          .reloc_type = R_X86_64_64, .reloc_offset = 6};

static const struct aotx_veneer *x86_64_veneer(const struct aotx_module *m)
{
    (void)m;
    return &veneer;
}

const struct aotx_arch aotx_arch_x86_64 = {
    .name = "x86_64",
    .machines = {EM_X86_64, 0},
    .arch_prefix = "x86_64",
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_X86_64_64,
    .plt_entry = 12, /* movabs $target, %rax; jmp *%rax */
    .field = x86_64_field,
    .encode = x86_64_encode,
    .decode = x86_64_decode,
    .veneer = x86_64_veneer,
    .little_only = 1,
    .readback = &readback,
};
