/* i386 (IA-32): the System V Application Binary Interface, Intel386
 * Architecture Processor Supplement (the i386 psABI), version 1.1, its
 * "Relocation Types" table. REL: wamrc leaves the addend in the field (-4
 * for a call's rel32, the offset into a section for an absolute reference)
 * and writes 0 in the records; addend() reads it back, sign-extended from
 * the field's width.
 *
 * Instructions are 1 to 15 bytes, on no alignment. A relocated field is a
 * plain little-endian word of 1, 2 or 4 bytes (word8, word16, word32) at
 * any byte offset: no instruction bits lie inside a field. The writer still
 * takes the file's byte order, as every relocator does.
 *
 * Addresses are 32 bits and all address arithmetic is modulo 2^32, so a
 * CALL/JMP/Jcc rel32 reaches every address (a displacement that "overflows"
 * wraps around to the target), and a word32 never needs a range check. No
 * veneer is ever needed. The 8 and 16 bit types, outside the psABI proper
 * (used by 16-bit code), are checked on the 32-bit value: an absolute one
 * may hold a signed or an unsigned value, a PC-relative one a signed value.
 *
 *   type  name          formula      field    check
 *    0    R_386_NONE    none
 *    1    R_386_32      S + A        word32   none (modulo 2^32)
 *    2    R_386_PC32    S + A - P    word32   none (modulo 2^32)
 *    4    R_386_PLT32   L + A - P    word32   none; L = S: natives are called directly
 *   20    R_386_16      S + A        word16   signed or unsigned 16
 *   21    R_386_PC16    S + A - P    word16   signed 16
 *   22    R_386_8       S + A        word8    signed or unsigned 8
 *   23    R_386_PC8     S + A - P    word8    signed 8
 *
 * (ld.lld and GNU ld accept R_386_PC16 values in [-65536, 65535], for
 * 16-bit code whose IP wraps at 64 KiB; 32-bit code has no such wrap, so
 * this keeps to signed 16 bits, as ld.lld does for R_X86_64_PC16.)
 *
 * Known but not supported: GOT32, GOT32X, GOTOFF, GOTPC (relative to the
 * GOT base, _GLOBAL_OFFSET_TABLE_, which an XIP image does not have: wamrc
 * builds non-PIC code, which has none of them), 32PLT, the TLS types (wasm
 * code has no thread-local storage), and the dynamic types (COPY, GLOB_DAT,
 * JUMP_SLOT, RELATIVE, IRELATIVE: only in linked output).
 *
 * Where the stock WAMR runtime differs (AOT-FORMAT.md 7.2): it computes
 * R_386_32 and R_386_PC32 as the psABI's formula plus the field's contents
 * with the record's addend (0) as A: the same value. It also treats
 * R_386_TLS_GD_32 as R_386_32, in static-PGO runtime builds only; in the
 * psABI that type is the GOT offset of a TLS general-dynamic entry, for
 * which an XIP image has no GOT, and wamrc's output without PGO never
 * carries it: not supported here.
 */
#include "arch.h"
#include "bytes.h"

#define RELOC_TABLE "names/i386.def"
#include "reloc_table.h"

static const struct aotx_howto howtos[] = {
    {.type = R_386_NONE, .expr = X_NONE, .formula = "none"},
    {.type = R_386_32, .expr = X_ABS, .size = 4, .formula = "S + A"},
    {.type = R_386_PC32, .expr = X_PC, .size = 4, .formula = "S + A - P"},
    {.type = R_386_PLT32, .expr = X_PC, .size = 4, .flags = HOWTO_CALL,
     .formula = "L + A - P, L = S", .call_bias = -4},
    {.type = R_386_16, .expr = X_ABS, .size = 2, .formula = "S + A"},
    {.type = R_386_PC16, .expr = X_PC, .size = 2, .formula = "S + A - P"},
    {.type = R_386_8, .expr = X_ABS, .size = 1, .formula = "S + A"},
    {.type = R_386_PC8, .expr = X_PC, .size = 1, .formula = "S + A - P"},
};

static uint64_t word_get(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    return rdn(loc, h->size, be);
}

static int64_t i386_addend(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    return h->size ? sext(word_get(h, loc, be), 8u * h->size) : 0;
}

/* What the field holds: the low 8 * size bits of the value taken modulo
 * 2^32, once the narrow fields are known to fit. */
static int i386_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                      struct aotx_range *bad)
{
    (void)P;
    int64_t v32 = sext((uint64_t)v, 32);
    unsigned n = 8u * h->size;
    *bad = (struct aotx_range){0};
    switch (h->type) {
    case R_386_NONE:
        *out = 0;
        return 0;
    case R_386_16:
    case R_386_8:
        if (check_int_uint(v32, n, bad))
            return 1;
        break;
    case R_386_PC16:
    case R_386_PC8:
        if (check_int(v32, n, 0, bad))
            return 1;
        break;
    default: /* word32 */
        *out = (uint64_t)v32 & 0xffffffffu;
        return 0;
    }
    *out = (uint64_t)v32 & ((1ull << n) - 1);
    return 0;
}

static void i386_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    wrn(loc, h->size, f, be);
}

static uint64_t i386_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    return word_get(h, loc, be);
}

/* ---- reading a field back (verification: arch.h) ----
 *
 * A field is a word; what it means is its value sign-extended from its
 * width, as addend() reads it: rel32, rel16 and rel8 are sign-extended by
 * the branch, and the 32-bit words are compared modulo 2^32 anyway. */
static void i386_meaning(const struct aotx_howto *h, const uint8_t *loc, int be, uint64_t P,
                         struct aotx_meaning *m)
{
    (void)P;
    *m = (struct aotx_meaning){(uint64_t)i386_addend(h, loc, be), AOTX_ENTERS_NONE, NULL};
}

/* What each type's field holds of its value (struct aotx_sem). */
static const struct aotx_sem sems[] = {
    {.type = R_386_NONE},
    {.type = R_386_32, .width = 32},
    {.type = R_386_PC32, .width = 32},
    {.type = R_386_PLT32, .width = 32},
    {.type = R_386_16, .width = 16},
    {.type = R_386_PC16, .width = 64},
    {.type = R_386_8, .width = 8},
    {.type = R_386_PC8, .width = 64},
};
static const struct aotx_readback readback = {AOTX_SEMS(sems), .meaning = i386_meaning};

const struct aotx_arch aotx_arch_i386 = {
    .name = "i386",
    .machines = {EM_386, 0},
    .arch_prefix = "i386",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_386_32,
    .addend = i386_addend,
    .field = i386_field,
    .encode = i386_encode,
    .decode = i386_decode,
    .little_only = 1,
    .readback = &readback,
};
