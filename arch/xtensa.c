/* Xtensa (LX106 in the ESP8266, LX6/LX7 in the ESP32 family). Follows the
 * relocation semantics of GNU binutils' bfd/elf32-xtensa.c (binutils 2.40),
 * which is the Xtensa ABI's reference: there is no written psABI for
 * relocations and no lld backend.
 *
 * Instructions are 2 bytes (density option) or 3 bytes, at any byte
 * address; FLIX bundles are longer. Data words are in the file's byte
 * order (the cores here are little-endian). The target is a RELA target.
 *
 * Code loads constants and far call targets with L32R from a literal pool
 * placed before the code (the .aot's literal area): the literals are
 * R_XTENSA_32 words, and each L32R, CALLn and J is an R_XTENSA_SLOT0_OP
 * against the instruction's PC-relative operand. What SLOT0_OP computes
 * depends on the instruction at P, which binutils decodes:
 *   L32R   (op0 1):       off = (S + A) - ((P + 3) & ~3), 4-aligned, in [-262144, -4]
 *   CALLn  (op0 5):       off = (S + A) - ((P & ~3) + 4), 4-aligned, 18 bits x 4
 *   J      (op0 6, n 0):  off = (S + A) - (P + 4), 18 bits
 * The relocator interface hands field() only the value and P, not the
 * instruction, so SLOT0_OP cannot be placed correctly here and is left
 * unsupported (reported by name), as are the other slot and ALT types.
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
 *   type  name                  formula    field
 *    0    R_XTENSA_NONE         nothing
 *    1    R_XTENSA_32           S + A      word
 *   11    R_XTENSA_ASM_EXPAND   S + A      nothing; (S + A) and P in the same 1 GiB
 *   14    R_XTENSA_32_PCREL     S + A - P  word
 *   17    R_XTENSA_DIFF8        nothing
 *   18    R_XTENSA_DIFF16       nothing
 *   19    R_XTENSA_DIFF32       nothing
 *   57-59 R_XTENSA_PDIFF8..32   nothing
 *   60-62 R_XTENSA_NDIFF8..32   nothing
 */
#include "arch.h"
#include "bytes.h"

enum {
#define RELOC(name, num) name = num,
#include "names/xtensa.def"
#undef RELOC
};

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/xtensa.def"
#undef RELOC
};

static const struct aotx_howto howtos[] = {
    {R_XTENSA_NONE, X_NONE, 0, 0, "none"},
    {R_XTENSA_32, X_ABS, 4, 0, "S + A"},
    {R_XTENSA_ASM_EXPAND, X_ABS, 0, 0, "S + A"},
    {R_XTENSA_32_PCREL, X_PC, 4, 0, "S + A - P"},
    {R_XTENSA_DIFF8, X_NONE, 0, 0, "none"},
    {R_XTENSA_DIFF16, X_NONE, 0, 0, "none"},
    {R_XTENSA_DIFF32, X_NONE, 0, 0, "none"},
    {R_XTENSA_PDIFF8, X_NONE, 0, 0, "none"},
    {R_XTENSA_PDIFF16, X_NONE, 0, 0, "none"},
    {R_XTENSA_PDIFF32, X_NONE, 0, 0, "none"},
    {R_XTENSA_NDIFF8, X_NONE, 0, 0, "none"},
    {R_XTENSA_NDIFF16, X_NONE, 0, 0, "none"},
    {R_XTENSA_NDIFF32, X_NONE, 0, 0, "none"},
};

/* What the field holds: the word for 32 and 32_PCREL; nothing (0) for the
 * rest. */
static int xtensa_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                        struct aotx_range *bad)
{
    *bad = (struct aotx_range){0, 0, 0, 0};
    *out = 0;
    switch (h->type) {
    case R_XTENSA_32:
    case R_XTENSA_32_PCREL:
        *out = (uint64_t)v & 0xffffffffu;
        return 0;
    case R_XTENSA_ASM_EXPAND: {
        int64_t segment = (int64_t)(P & 0xc0000000u);
        bad->lo = segment;
        bad->hi = segment + 0x3fffffff;
        return v < bad->lo || v > bad->hi;
    }
    }
    return 0;
}

static void xtensa_encode(const struct aotx_howto *h, uint8_t *loc, uint64_t f, int be)
{
    if (h->type == R_XTENSA_32 || h->type == R_XTENSA_32_PCREL)
        wr32(loc, (uint32_t)f, be);
}

static uint64_t xtensa_decode(const struct aotx_howto *h, const uint8_t *loc, int be)
{
    if (h->type == R_XTENSA_32 || h->type == R_XTENSA_32_PCREL)
        return rd32(loc, be);
    return 0;
}

const struct aotx_arch aotx_arch_xtensa = {
    .name = "xtensa",
    .machines = {94, 0},
    .arch_prefix = "xtensa",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
    AOTX_HOWTOS(howtos),
    .abs_ptr_type = R_XTENSA_32,
    .field = xtensa_field,
    .encode = xtensa_encode,
    .decode = xtensa_decode,
};
