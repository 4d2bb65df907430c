/* The RISC-V relocators (arch/riscv.c): every supported type against
 * ld.lld, at each range limit and one step beyond, both XLENs, both byte
 * orders; every encoder through its decoder; the RV64 veneer; the
 * PCREL_HI20/LO12 pairing through the whole rewriter; and the label
 * arithmetic (ADD, SUB, SET, SET6/SUB6, the ULEB128 pair) against ld.lld 19
 * (14, GNU ld), alone and in the pairs assemblers write, then through the
 * rewriter with the overlaps and broken pairs it must refuse.
 *
 * How the vectors were made. Each row's instruction, instruction pair or
 * data word was assembled by llvm-mc 14 (-triple=riscv32 or riscv64;
 * -mattr=+c for the RVC forms only) with a relocation against an undefined
 * `sym`, then linked by ld.lld 14 with -Ttext=P --defsym sym=S:
 *   BRANCH      .reloc ., R_RISCV_BRANCH, sym      + beq a0, a1, 0
 *   JAL         .reloc ., R_RISCV_JAL, sym         + jal ra, 0
 *   RVC_BRANCH  .reloc ., R_RISCV_RVC_BRANCH, sym  + c.beqz a0, 0
 *   RVC_JUMP    .reloc ., R_RISCV_RVC_JUMP, sym    + c.j 0
 *   CALL        call sym                           (auipc ra + jalr ra)
 *   CALL_PLT    tail sym@plt                       (auipc t1 + jr t1)
 *   PCREL_*     .Lpc: auipc a0, %pcrel_hi(sym); addi a1, a0, %pcrel_lo(.Lpc);
 *               sw a2, %pcrel_lo(.Lpc)(a0)
 *   HI20, LO12  lui a0, %hi(sym); addi a1, a0, %lo(sym); sw a2, %lo(sym)(a0)
 *   GOT_HI20    .Lg: auipc a0, %got_pcrel_hi(sym); l[dw] a1, %pcrel_lo(.Lg)(a0),
 *               linked with --section-start .got=ADDR (S's slot follows the
 *               one-entry .got header)
 *   32, 64      .word sym, .quad sym
 *   32_PCREL    .reloc ., R_RISCV_32_PCREL, sym    + .word 0
 * "before" is the object's .text (llvm-objcopy --dump-section), "after" the
 * linked one (llvm-objcopy -O binary). v is what the rewriter hands field():
 * S + A - P, S + A, or G + A - P; the PCREL_LO12 rows get their HI20's v.
 * The out-of-range rows are those ld.lld refuses (its message beside each;
 * lld counts B/J/CB/CJ offsets in halfwords and HI20 in pages), except
 * where a comment says otherwise.
 *
 * No reference tool links big-endian RISC-V (lld 14 and binutils 2.40 have
 * no riscv*be): there the data words are the little-endian word reversed
 * and the instructions unchanged, instruction parcels being little-endian
 * on every hart. */
#include "testutil.h"

#include "arch.h"
#include "aot_xip/xip.h"
#include "bytes.h"

enum {
#define RELOC(name, num) name = num,
#include "names/riscv.def"
#undef RELOC
};

static const struct aotx_arch *xlen_arch(unsigned xlen)
{
    return xlen == 32 ? &aotx_arch_riscv32 : &aotx_arch_riscv64;
}

struct vec {
    uint32_t type;
    unsigned xlen;
    int64_t v;
    uint64_t P;
    uint8_t size;
    uint8_t before[8]; /* llvm-mc */
    uint8_t after[8];  /* ld.lld */
};

static const struct vec vecs[] = {
    {R_RISCV_BRANCH, 64, -0x1000, 0x100000000, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x00, 0xb5, 0x80}}, /* S 0xfffff000 - P 0x100000000 = -0x1000 */
    {R_RISCV_BRANCH, 64, -0xffe, 0x100000000, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x01, 0xb5, 0x80}}, /* S 0xfffff002 - P 0x100000000 = -0xffe */
    {R_RISCV_BRANCH, 64, -0x2, 0x100000000, 4, {0x63, 0x00, 0xb5, 0x00}, {0xe3, 0x0f, 0xb5, 0xfe}}, /* S 0xfffffffe - P 0x100000000 = -0x2 */
    {R_RISCV_BRANCH, 64, 0x0, 0x10000, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x00, 0xb5, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_BRANCH, 64, 0x2, 0x10000, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x01, 0xb5, 0x00}}, /* S 0x10002 - P 0x10000 = 0x2 */
    {R_RISCV_BRANCH, 64, 0xffe, 0x10000, 4, {0x63, 0x00, 0xb5, 0x00}, {0xe3, 0x0f, 0xb5, 0x7e}}, /* S 0x10ffe - P 0x10000 = 0xffe */
    {R_RISCV_BRANCH, 32, -0x1000, 0x10000, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x00, 0xb5, 0x80}}, /* S 0xf000 - P 0x10000 = -0x1000 */
    {R_RISCV_BRANCH, 32, 0xffe, 0x10000, 4, {0x63, 0x00, 0xb5, 0x00}, {0xe3, 0x0f, 0xb5, 0x7e}}, /* S 0x10ffe - P 0x10000 = 0xffe */
    {R_RISCV_JAL, 64, -0x100000, 0x100000000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x00, 0x80}}, /* S 0xfff00000 - P 0x100000000 = -0x100000 */
    {R_RISCV_JAL, 64, -0xffffe, 0x100000000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x20, 0x80}}, /* S 0xfff00002 - P 0x100000000 = -0xffffe */
    {R_RISCV_JAL, 64, -0x2, 0x100000000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0xf0, 0xff, 0xff}}, /* S 0xfffffffe - P 0x100000000 = -0x2 */
    {R_RISCV_JAL, 64, 0x0, 0x10000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x00, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_JAL, 64, 0x2, 0x10000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x20, 0x00}}, /* S 0x10002 - P 0x10000 = 0x2 */
    {R_RISCV_JAL, 64, 0xffffe, 0x10000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0xf0, 0xff, 0x7f}}, /* S 0x10fffe - P 0x10000 = 0xffffe */
    {R_RISCV_JAL, 32, -0x100000, 0x10000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x00, 0x80}}, /* S 0xfff10000 - P 0x10000 = -0x100000 */
    {R_RISCV_JAL, 32, 0xffffe, 0x10000, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0xf0, 0xff, 0x7f}}, /* S 0x10fffe - P 0x10000 = 0xffffe */
    {R_RISCV_RVC_BRANCH, 64, -0x100, 0x100000000, 2, {0x01, 0xc1}, {0x01, 0xd1}}, /* S 0xffffff00 - P 0x100000000 = -0x100 */
    {R_RISCV_RVC_BRANCH, 64, -0xfe, 0x100000000, 2, {0x01, 0xc1}, {0x09, 0xd1}}, /* S 0xffffff02 - P 0x100000000 = -0xfe */
    {R_RISCV_RVC_BRANCH, 64, -0x2, 0x100000000, 2, {0x01, 0xc1}, {0x7d, 0xdd}}, /* S 0xfffffffe - P 0x100000000 = -0x2 */
    {R_RISCV_RVC_BRANCH, 64, 0x0, 0x10000, 2, {0x01, 0xc1}, {0x01, 0xc1}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_RVC_BRANCH, 64, 0x2, 0x10000, 2, {0x01, 0xc1}, {0x09, 0xc1}}, /* S 0x10002 - P 0x10000 = 0x2 */
    {R_RISCV_RVC_BRANCH, 64, 0xfe, 0x10000, 2, {0x01, 0xc1}, {0x7d, 0xcd}}, /* S 0x100fe - P 0x10000 = 0xfe */
    {R_RISCV_RVC_BRANCH, 32, -0x100, 0x10000, 2, {0x01, 0xc1}, {0x01, 0xd1}}, /* S 0xff00 - P 0x10000 = -0x100 */
    {R_RISCV_RVC_BRANCH, 32, 0xfe, 0x10000, 2, {0x01, 0xc1}, {0x7d, 0xcd}}, /* S 0x100fe - P 0x10000 = 0xfe */
    {R_RISCV_RVC_JUMP, 64, -0x800, 0x100000000, 2, {0x01, 0xa0}, {0x01, 0xb0}}, /* S 0xfffff800 - P 0x100000000 = -0x800 */
    {R_RISCV_RVC_JUMP, 64, -0x7fe, 0x100000000, 2, {0x01, 0xa0}, {0x09, 0xb0}}, /* S 0xfffff802 - P 0x100000000 = -0x7fe */
    {R_RISCV_RVC_JUMP, 64, -0x2, 0x100000000, 2, {0x01, 0xa0}, {0xfd, 0xbf}}, /* S 0xfffffffe - P 0x100000000 = -0x2 */
    {R_RISCV_RVC_JUMP, 64, 0x0, 0x10000, 2, {0x01, 0xa0}, {0x01, 0xa0}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_RVC_JUMP, 64, 0x2, 0x10000, 2, {0x01, 0xa0}, {0x09, 0xa0}}, /* S 0x10002 - P 0x10000 = 0x2 */
    {R_RISCV_RVC_JUMP, 64, 0x7fe, 0x10000, 2, {0x01, 0xa0}, {0xfd, 0xaf}}, /* S 0x107fe - P 0x10000 = 0x7fe */
    {R_RISCV_RVC_JUMP, 32, -0x800, 0x10000, 2, {0x01, 0xa0}, {0x01, 0xb0}}, /* S 0xf800 - P 0x10000 = -0x800 */
    {R_RISCV_RVC_JUMP, 32, 0x7fe, 0x10000, 2, {0x01, 0xa0}, {0xfd, 0xaf}}, /* S 0x107fe - P 0x10000 = 0x7fe */
    {R_RISCV_CALL, 64, -INT64_C(0x80000800), 0x100000000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x80, 0xe7, 0x80, 0x00, 0x80}}, /* S 0x7ffff800 - P 0x100000000 = -0x80000800 */
    {R_RISCV_CALL, 64, -INT64_C(0x800007ff), 0x100000000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x80, 0xe7, 0x80, 0x10, 0x80}}, /* S 0x7ffff801 - P 0x100000000 = -0x800007ff */
    {R_RISCV_CALL, 64, -0x801, 0x100000000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0xff, 0xe7, 0x80, 0xf0, 0x7f}}, /* S 0xfffff7ff - P 0x100000000 = -0x801 */
    {R_RISCV_CALL, 64, -0x800, 0x100000000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x80}}, /* S 0xfffff800 - P 0x100000000 = -0x800 */
    {R_RISCV_CALL, 64, -0x1, 0x100000000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0xf0, 0xff}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_CALL, 64, 0x0, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_CALL, 64, 0x1, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x10, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_CALL, 64, 0x7ff, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0xf0, 0x7f}}, /* S 0x107ff - P 0x10000 = 0x7ff */
    {R_RISCV_CALL, 64, 0x800, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x10, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x80}}, /* S 0x10800 - P 0x10000 = 0x800 */
    {R_RISCV_CALL, 64, 0x7ffff7fe, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0x7f, 0xe7, 0x80, 0xe0, 0x7f}}, /* S 0x8000f7fe - P 0x10000 = 0x7ffff7fe */
    {R_RISCV_CALL, 64, 0x7ffff7ff, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0x7f, 0xe7, 0x80, 0xf0, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_CALL_PLT, 64, -INT64_C(0x80000800), 0x100000000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0x03, 0x00, 0x80, 0x67, 0x00, 0x03, 0x80}}, /* S 0x7ffff800 - P 0x100000000 = -0x80000800 */
    {R_RISCV_CALL_PLT, 64, -0x1, 0x100000000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0xf3, 0xff}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_CALL_PLT, 64, 0x0, 0x10000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_CALL_PLT, 64, 0x1, 0x10000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x13, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_CALL_PLT, 64, 0x7ffff7ff, 0x10000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0xf3, 0xff, 0x7f, 0x67, 0x00, 0xf3, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_CALL, 32, -INT64_C(0x80000800), 0xf0010000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x80, 0xe7, 0x80, 0x00, 0x80}}, /* S 0x7000f800 - P 0xf0010000 = -0x80000800, 0x7ffff800 mod 2^32 */
    {R_RISCV_CALL, 32, 0x0, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_CALL, 32, 0x7ffff7ff, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0x7f, 0xe7, 0x80, 0xf0, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_CALL, 32, 0x7ffff800, 0x10000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x80, 0xe7, 0x80, 0x00, 0x80}}, /* S 0x8000f800 - P 0x10000 = 0x7ffff800 */
    {R_RISCV_CALL, 32, 0x80000000, 0x20, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x00, 0x00, 0x80, 0xe7, 0x80, 0x00, 0x00}}, /* S 0x80000020 - P 0x20 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_CALL, 32, 0xeffff000, 0x20, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0xef, 0xe7, 0x80, 0x00, 0x00}}, /* S 0xeffff020 - P 0x20 = 0xeffff000, -0x10001000 mod 2^32 */
    {R_RISCV_CALL, 32, -INT64_C(0x80000801), 0xf0010000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0xf0, 0xff, 0x7f, 0xe7, 0x80, 0xf0, 0x7f}}, /* S 0x7000f7ff - P 0xf0010000 = -0x80000801, 0x7ffff7ff mod 2^32 */
    {R_RISCV_CALL, 32, -INT64_C(0xeffff000), 0xf0010000, 8, {0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00}, {0x97, 0x10, 0x00, 0x10, 0xe7, 0x80, 0x00, 0x00}}, /* S 0x11000 - P 0xf0010000 = -0xeffff000, 0x10001000 mod 2^32 */
    {R_RISCV_CALL_PLT, 32, 0x7ffff800, 0x10000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0x03, 0x00, 0x80, 0x67, 0x00, 0x03, 0x80}}, /* S 0x8000f800 - P 0x10000 = 0x7ffff800 */
    {R_RISCV_CALL_PLT, 32, -INT64_C(0x80000801), 0xf0010000, 8, {0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00}, {0x17, 0xf3, 0xff, 0x7f, 0x67, 0x00, 0xf3, 0x7f}}, /* S 0x7000f7ff - P 0xf0010000 = -0x80000801, 0x7ffff7ff mod 2^32 */
    {R_RISCV_PCREL_HI20, 64, -INT64_C(0x80000800), 0x100000000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x80}}, /* S 0x7ffff800 - P 0x100000000 = -0x80000800 */
    {R_RISCV_PCREL_LO12_I, 64, -INT64_C(0x80000800), 0x100000004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S 0x7ffff800 - P 0x100000000 = -0x80000800 */
    {R_RISCV_PCREL_LO12_S, 64, -INT64_C(0x80000800), 0x100000008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S 0x7ffff800 - P 0x100000000 = -0x80000800 */
    {R_RISCV_PCREL_HI20, 64, -INT64_C(0x800007ff), 0x100000000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x80}}, /* S 0x7ffff801 - P 0x100000000 = -0x800007ff */
    {R_RISCV_PCREL_LO12_I, 64, -INT64_C(0x800007ff), 0x100000004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x15, 0x80}}, /* S 0x7ffff801 - P 0x100000000 = -0x800007ff */
    {R_RISCV_PCREL_LO12_S, 64, -INT64_C(0x800007ff), 0x100000008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x20, 0xc5, 0x80}}, /* S 0x7ffff801 - P 0x100000000 = -0x800007ff */
    {R_RISCV_PCREL_HI20, 64, -0x801, 0x100000000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0xf5, 0xff, 0xff}}, /* S 0xfffff7ff - P 0x100000000 = -0x801 */
    {R_RISCV_PCREL_LO12_I, 64, -0x801, 0x100000004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S 0xfffff7ff - P 0x100000000 = -0x801 */
    {R_RISCV_PCREL_LO12_S, 64, -0x801, 0x100000008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S 0xfffff7ff - P 0x100000000 = -0x801 */
    {R_RISCV_PCREL_HI20, 64, -0x1, 0x100000000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x00}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_PCREL_LO12_I, 64, -0x1, 0x100000004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0xff}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_PCREL_LO12_S, 64, -0x1, 0x100000008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0xfe}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_PCREL_HI20, 64, 0x0, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_PCREL_LO12_I, 64, 0x0, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_PCREL_LO12_S, 64, 0x0, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_PCREL_HI20, 64, 0x1, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_PCREL_LO12_I, 64, 0x1, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x15, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_PCREL_LO12_S, 64, 0x1, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x20, 0xc5, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_PCREL_HI20, 64, 0x7ff, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x00}}, /* S 0x107ff - P 0x10000 = 0x7ff */
    {R_RISCV_PCREL_LO12_I, 64, 0x7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S 0x107ff - P 0x10000 = 0x7ff */
    {R_RISCV_PCREL_LO12_S, 64, 0x7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S 0x107ff - P 0x10000 = 0x7ff */
    {R_RISCV_PCREL_HI20, 64, 0x800, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x15, 0x00, 0x00}}, /* S 0x10800 - P 0x10000 = 0x800 */
    {R_RISCV_PCREL_LO12_I, 64, 0x800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S 0x10800 - P 0x10000 = 0x800 */
    {R_RISCV_PCREL_LO12_S, 64, 0x800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S 0x10800 - P 0x10000 = 0x800 */
    {R_RISCV_PCREL_HI20, 64, 0x7ffff7ff, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0xf5, 0xff, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_LO12_I, 64, 0x7ffff7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_LO12_S, 64, 0x7ffff7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_HI20, 32, -INT64_C(0x80000800), 0xf0010000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x80}}, /* S 0x7000f800 - P 0xf0010000 = -0x80000800, 0x7ffff800 mod 2^32 */
    {R_RISCV_PCREL_LO12_I, 32, -INT64_C(0x80000800), 0xf0010004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S 0x7000f800 - P 0xf0010000 = -0x80000800, 0x7ffff800 mod 2^32 */
    {R_RISCV_PCREL_LO12_S, 32, -INT64_C(0x80000800), 0xf0010008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S 0x7000f800 - P 0xf0010000 = -0x80000800, 0x7ffff800 mod 2^32 */
    {R_RISCV_PCREL_HI20, 32, 0x7ffff7ff, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0xf5, 0xff, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_LO12_I, 32, 0x7ffff7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_LO12_S, 32, 0x7ffff7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S 0x8000f7ff - P 0x10000 = 0x7ffff7ff */
    {R_RISCV_PCREL_HI20, 32, 0x7ffff800, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x80}}, /* S 0x8000f800 - P 0x10000 = 0x7ffff800 */
    {R_RISCV_PCREL_LO12_I, 32, 0x7ffff800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S 0x8000f800 - P 0x10000 = 0x7ffff800 */
    {R_RISCV_PCREL_LO12_S, 32, 0x7ffff800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S 0x8000f800 - P 0x10000 = 0x7ffff800 */
    {R_RISCV_PCREL_HI20, 32, 0x80000000, 0x20, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x05, 0x00, 0x80}}, /* S 0x80000020 - P 0x20 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_PCREL_LO12_I, 32, 0x80000000, 0x24, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S 0x80000020 - P 0x20 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_PCREL_LO12_S, 32, 0x80000000, 0x28, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S 0x80000020 - P 0x20 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_PCREL_HI20, 32, -INT64_C(0xeffff000), 0xf0010000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x15, 0x00, 0x10}}, /* S 0x11000 - P 0xf0010000 = -0xeffff000, 0x10001000 mod 2^32 */
    {R_RISCV_PCREL_LO12_I, 32, -INT64_C(0xeffff000), 0xf0010004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S 0x11000 - P 0xf0010000 = -0xeffff000, 0x10001000 mod 2^32 */
    {R_RISCV_PCREL_LO12_S, 32, -INT64_C(0xeffff000), 0xf0010008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S 0x11000 - P 0xf0010000 = -0xeffff000, 0x10001000 mod 2^32 */
    {R_RISCV_HI20, 64, -INT64_C(0x80000800), 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x80}}, /* S + A = 0xffffffff7ffff800 + 0 = -0x80000800 */
    {R_RISCV_LO12_I, 64, -INT64_C(0x80000800), 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S + A = 0xffffffff7ffff800 + 0 = -0x80000800 */
    {R_RISCV_LO12_S, 64, -INT64_C(0x80000800), 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S + A = 0xffffffff7ffff800 + 0 = -0x80000800 */
    {R_RISCV_HI20, 64, -INT64_C(0x800007ff), 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x80}}, /* S + A = 0xffffffff7ffff801 + 0 = -0x800007ff */
    {R_RISCV_LO12_I, 64, -INT64_C(0x800007ff), 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x15, 0x80}}, /* S + A = 0xffffffff7ffff801 + 0 = -0x800007ff */
    {R_RISCV_LO12_S, 64, -INT64_C(0x800007ff), 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x20, 0xc5, 0x80}}, /* S + A = 0xffffffff7ffff801 + 0 = -0x800007ff */
    {R_RISCV_HI20, 64, -0x801, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0xf5, 0xff, 0xff}}, /* S + A = 0xfffffffffffff7ff + 0 = -0x801 */
    {R_RISCV_LO12_I, 64, -0x801, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S + A = 0xfffffffffffff7ff + 0 = -0x801 */
    {R_RISCV_LO12_S, 64, -0x801, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S + A = 0xfffffffffffff7ff + 0 = -0x801 */
    {R_RISCV_HI20, 64, -0x1, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0xffffffffffffffff + 0 = -0x1 */
    {R_RISCV_LO12_I, 64, -0x1, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0xff}}, /* S + A = 0xffffffffffffffff + 0 = -0x1 */
    {R_RISCV_LO12_S, 64, -0x1, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0xfe}}, /* S + A = 0xffffffffffffffff + 0 = -0x1 */
    {R_RISCV_HI20, 64, 0x0, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_LO12_I, 64, 0x0, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_LO12_S, 64, 0x0, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_HI20, 64, 0x1, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_LO12_I, 64, 0x1, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x15, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_LO12_S, 64, 0x1, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x20, 0xc5, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_HI20, 64, 0x7ff, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_LO12_I, 64, 0x7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_LO12_S, 64, 0x7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_HI20, 64, 0x800, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x15, 0x00, 0x00}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_LO12_I, 64, 0x800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_LO12_S, 64, 0x800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_HI20, 64, 0x7ffff7fe, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0xf5, 0xff, 0x7f}}, /* S + A = 0x7ffff7fe + 0 = 0x7ffff7fe */
    {R_RISCV_LO12_I, 64, 0x7ffff7fe, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xe5, 0x7f}}, /* S + A = 0x7ffff7fe + 0 = 0x7ffff7fe */
    {R_RISCV_LO12_S, 64, 0x7ffff7fe, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x2f, 0xc5, 0x7e}}, /* S + A = 0x7ffff7fe + 0 = 0x7ffff7fe */
    {R_RISCV_HI20, 64, 0x7ffff7ff, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0xf5, 0xff, 0x7f}}, /* S + A = 0x7ffff7ff + 0 = 0x7ffff7ff */
    {R_RISCV_LO12_I, 64, 0x7ffff7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S + A = 0x7ffff7ff + 0 = 0x7ffff7ff */
    {R_RISCV_LO12_S, 64, 0x7ffff7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S + A = 0x7ffff7ff + 0 = 0x7ffff7ff */
    {R_RISCV_HI20, 32, 0x0, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_LO12_I, 32, 0x0, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_LO12_S, 32, 0x0, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_HI20, 32, 0x7ff, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_LO12_I, 32, 0x7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_LO12_S, 32, 0x7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S + A = 0x7ff + 0 = 0x7ff */
    {R_RISCV_HI20, 32, 0x800, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x15, 0x00, 0x00}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_LO12_I, 32, 0x800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_LO12_S, 32, 0x800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S + A = 0x800 + 0 = 0x800 */
    {R_RISCV_HI20, 32, 0x7ffff800, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x80}}, /* S + A = 0x7ffff800 + 0 = 0x7ffff800 */
    {R_RISCV_LO12_I, 32, 0x7ffff800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S + A = 0x7ffff800 + 0 = 0x7ffff800 */
    {R_RISCV_LO12_S, 32, 0x7ffff800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S + A = 0x7ffff800 + 0 = 0x7ffff800 */
    {R_RISCV_HI20, 32, 0x80000000, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x80}}, /* S + A = 0x80000000 + 0 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_LO12_I, 32, 0x80000000, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x00}}, /* S + A = 0x80000000 + 0 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_LO12_S, 32, 0x80000000, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x00}}, /* S + A = 0x80000000 + 0 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_HI20, 32, 0xfffff7ff, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0xf5, 0xff, 0xff}}, /* S + A = 0xfffff7ff + 0 = 0xfffff7ff, -0x801 mod 2^32 */
    {R_RISCV_LO12_I, 32, 0xfffff7ff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0x7f}}, /* S + A = 0xfffff7ff + 0 = 0xfffff7ff, -0x801 mod 2^32 */
    {R_RISCV_LO12_S, 32, 0xfffff7ff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0x7e}}, /* S + A = 0xfffff7ff + 0 = 0xfffff7ff, -0x801 mod 2^32 */
    {R_RISCV_HI20, 32, 0xfffff800, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0xfffff800 + 0 = 0xfffff800, -0x800 mod 2^32 */
    {R_RISCV_LO12_I, 32, 0xfffff800, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0x05, 0x80}}, /* S + A = 0xfffff800 + 0 = 0xfffff800, -0x800 mod 2^32 */
    {R_RISCV_LO12_S, 32, 0xfffff800, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0x23, 0x20, 0xc5, 0x80}}, /* S + A = 0xfffff800 + 0 = 0xfffff800, -0x800 mod 2^32 */
    {R_RISCV_HI20, 32, 0xffffffff, 0x10000, 4, {0x37, 0x05, 0x00, 0x00}, {0x37, 0x05, 0x00, 0x00}}, /* S + A = 0xffffffff + 0 = 0xffffffff, -0x1 mod 2^32 */
    {R_RISCV_LO12_I, 32, 0xffffffff, 0x10004, 4, {0x93, 0x05, 0x05, 0x00}, {0x93, 0x05, 0xf5, 0xff}}, /* S + A = 0xffffffff + 0 = 0xffffffff, -0x1 mod 2^32 */
    {R_RISCV_LO12_S, 32, 0xffffffff, 0x10008, 4, {0x23, 0x20, 0xc5, 0x00}, {0xa3, 0x2f, 0xc5, 0xfe}}, /* S + A = 0xffffffff + 0 = 0xffffffff, -0x1 mod 2^32 */
    {R_RISCV_32, 64, -INT64_C(0x80000000), 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S + A = 0xffffffff80000000 + 0 = -0x80000000 */
    {R_RISCV_32, 64, -0x7fffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x80}}, /* S + A = 0xffffffff80000001 + 0 = -0x7fffffff */
    {R_RISCV_32, 64, -0x1, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff}}, /* S + A = 0xffffffffffffffff + 0 = -0x1 */
    {R_RISCV_32, 64, 0x0, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_32, 64, 0x1, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_32, 64, 0x7fffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0x7f}}, /* S + A = 0x7fffffff + 0 = 0x7fffffff */
    {R_RISCV_32, 64, 0x80000000, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S + A = 0x80000000 + 0 = 0x80000000 */
    {R_RISCV_32, 64, 0xfffffffe, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xfe, 0xff, 0xff, 0xff}}, /* S + A = 0xfffffffe + 0 = 0xfffffffe */
    {R_RISCV_32, 64, 0xffffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff}}, /* S + A = 0xffffffff + 0 = 0xffffffff */
    {R_RISCV_32, 32, 0x0, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_32, 32, 0x1, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_32, 32, 0x80000000, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S + A = 0x80000000 + 0 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_32, 32, 0xffffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff}}, /* S + A = 0xffffffff + 0 = 0xffffffff, -0x1 mod 2^32 */
    {R_RISCV_32, 32, 0x100000010, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x10, 0x00, 0x00, 0x00}}, /* S + A = 0xfffffff0 + 0x20 = 0x100000010, 0x10 mod 2^32 */
    {R_RISCV_BRANCH, 32, -INT64_C(0xffffffd0), 0xfffffff0, 4, {0x63, 0x00, 0xb5, 0x00}, {0x63, 0x08, 0xb5, 0x02}}, /* S 0x20 - P 0xfffffff0 = -0xffffffd0, 0x30 mod 2^32 */
    {R_RISCV_BRANCH, 32, 0xffffffd0, 0x20, 4, {0x63, 0x00, 0xb5, 0x00}, {0xe3, 0x08, 0xb5, 0xfc}}, /* S 0xfffffff0 - P 0x20 = 0xffffffd0, -0x30 mod 2^32 */
    {R_RISCV_JAL, 32, -INT64_C(0xffffffd0), 0xfffffff0, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0x00, 0x00, 0x03}}, /* S 0x20 - P 0xfffffff0 = -0xffffffd0, 0x30 mod 2^32 */
    {R_RISCV_JAL, 32, 0xffffffd0, 0x20, 4, {0xef, 0x00, 0x00, 0x00}, {0xef, 0xf0, 0x1f, 0xfd}}, /* S 0xfffffff0 - P 0x20 = 0xffffffd0, -0x30 mod 2^32 */
    {R_RISCV_RVC_BRANCH, 32, -INT64_C(0xffffffd0), 0xfffffff0, 2, {0x01, 0xc1}, {0x05, 0xc9}}, /* S 0x20 - P 0xfffffff0 = -0xffffffd0, 0x30 mod 2^32 */
    {R_RISCV_RVC_BRANCH, 32, 0xffffffd0, 0x20, 2, {0x01, 0xc1}, {0x61, 0xd9}}, /* S 0xfffffff0 - P 0x20 = 0xffffffd0, -0x30 mod 2^32 */
    {R_RISCV_RVC_JUMP, 32, -INT64_C(0xffffffd0), 0xfffffff0, 2, {0x01, 0xa0}, {0x05, 0xa8}}, /* S 0x20 - P 0xfffffff0 = -0xffffffd0, 0x30 mod 2^32 */
    {R_RISCV_RVC_JUMP, 32, 0xffffffd0, 0x20, 2, {0x01, 0xa0}, {0xc1, 0xbf}}, /* S 0xfffffff0 - P 0x20 = 0xffffffd0, -0x30 mod 2^32 */
    {R_RISCV_64, 64, 0x0, 0x10000, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}}, /* S + A = 0x0 + 0 = 0x0 */
    {R_RISCV_64, 64, 0x1, 0x10000, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}}, /* S + A = 0x1 + 0 = 0x1 */
    {R_RISCV_64, 64, -0x1, 0x10000, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, /* S + A = 0xffffffffffffffff + 0 = -0x1 */
    {R_RISCV_64, 64, 0x123456789abcdef0, 0x10000, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12}}, /* S + A = 0x123456789abcdef0 + 0 = 0x123456789abcdef0 */
    {R_RISCV_64, 64, INT64_MIN, 0x10000, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80}}, /* S + A = 0x8000000000000000 + 0 = -0x8000000000000000 */
    {R_RISCV_32_PCREL, 64, -INT64_C(0x80000000), 0x100000000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S 0x80000000 - P 0x100000000 = -0x80000000 */
    {R_RISCV_32_PCREL, 64, -0x7fffffff, 0x100000000, 4, {0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x80}}, /* S 0x80000001 - P 0x100000000 = -0x7fffffff */
    {R_RISCV_32_PCREL, 64, -0x1, 0x100000000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff}}, /* S 0xffffffff - P 0x100000000 = -0x1 */
    {R_RISCV_32_PCREL, 64, 0x0, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00}}, /* S 0x10000 - P 0x10000 = 0x0 */
    {R_RISCV_32_PCREL, 64, 0x1, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x00}}, /* S 0x10001 - P 0x10000 = 0x1 */
    {R_RISCV_32_PCREL, 64, 0x7fffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0x7f}}, /* S 0x8000ffff - P 0x10000 = 0x7fffffff */
    {R_RISCV_32_PCREL, 32, -INT64_C(0x80000000), 0xf0010000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S 0x70010000 - P 0xf0010000 = -0x80000000 */
    {R_RISCV_32_PCREL, 32, 0x7fffffff, 0x10000, 4, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0x7f}}, /* S 0x8000ffff - P 0x10000 = 0x7fffffff */
    {R_RISCV_32_PCREL, 32, 0x80000000, 0x20, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}}, /* S 0x80000020 - P 0x20 = 0x80000000, -0x80000000 mod 2^32 */
    {R_RISCV_32_PCREL, 32, -INT64_C(0xeffff000), 0xf0010000, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x10, 0x00, 0x10}}, /* S 0x11000 - P 0xf0010000 = -0xeffff000, 0x10001000 mod 2^32 */
    {R_RISCV_GOT_HI20, 64, 0x12336000, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x65, 0x33, 0x12}}, /* G 0x12346000 (S's slot, after the .got header) - P 0x10000 = 0x12336000 */
    {R_RISCV_PCREL_LO12_I, 64, 0x12336000, 0x10004, 4, {0x83, 0x35, 0x05, 0x00}, {0x83, 0x35, 0x05, 0x00}}, /* G 0x12346000 (S's slot, after the .got header) - P 0x10000 = 0x12336000 */
    {R_RISCV_GOT_HI20, 64, -0xff0, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0xf5, 0xff, 0xff}}, /* G 0xf010 (S's slot, after the .got header) - P 0x10000 = -0xff0 */
    {R_RISCV_PCREL_LO12_I, 64, -0xff0, 0x10004, 4, {0x83, 0x35, 0x05, 0x00}, {0x83, 0x35, 0x05, 0x01}}, /* G 0xf010 (S's slot, after the .got header) - P 0x10000 = -0xff0 */
    {R_RISCV_GOT_HI20, 32, 0x12335ffc, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0x65, 0x33, 0x12}}, /* G 0x12345ffc (S's slot, after the .got header) - P 0x10000 = 0x12335ffc */
    {R_RISCV_PCREL_LO12_I, 32, 0x12335ffc, 0x10004, 4, {0x83, 0x25, 0x05, 0x00}, {0x83, 0x25, 0xc5, 0xff}}, /* G 0x12345ffc (S's slot, after the .got header) - P 0x10000 = 0x12335ffc */
    {R_RISCV_GOT_HI20, 32, -0xff4, 0x10000, 4, {0x17, 0x05, 0x00, 0x00}, {0x17, 0xf5, 0xff, 0xff}}, /* G 0xf00c (S's slot, after the .got header) - P 0x10000 = -0xff4 */
    {R_RISCV_PCREL_LO12_I, 32, -0xff4, 0x10004, 4, {0x83, 0x25, 0x05, 0x00}, {0x83, 0x25, 0xc5, 0x00}}, /* G 0xf00c (S's slot, after the .got header) - P 0x10000 = -0xff4 */
};

/* Label arithmetic (tests/unit/vectors/riscv/label.py): a data field with
 * the bytes llvm-mc 19 assembled and one or two relocations on it, in
 * order, each against its own symbol (A 0), linked by ld.lld 19 with
 * --defsym; every row without a ULEB128 relocation (which LLVM 14 and
 * binutils 2.40 do not know) is also linked by ld.lld 14 and GNU ld 2.40,
 * with the same bytes. Applied the way the rewriter applies them: the
 * first relocation that reads the field (ADD, SUB) gets the field as
 * decoded, every later one what the one before it made. */
struct lvec {
    unsigned xlen;
    uint8_t size;
    uint8_t before[10]; /* llvm-mc 19 */
    uint8_t after[10];  /* ld.lld 19 (14, GNU ld) */
    uint8_t n;
    struct {
        uint32_t type;
        uint64_t sa; /* S + A */
    } r[2];
};

static const struct lvec label_vecs[] = {
    {64, 1, {0xf0}, {0x10}, 1, {{R_RISCV_ADD8, 0x20}}}, /* 0xf0 + 0x20 wraps to 0x10 */
    {32, 1, {0x02}, {0x03}, 1, {{R_RISCV_ADD8, 0x12345601}}}, /* only the low byte of S counts */
    {64, 2, {0x00, 0xf0}, {0x34, 0x02}, 1, {{R_RISCV_ADD16, 0x1234}}}, /* 0xf000 + 0x1234 wraps */
    {32, 2, {0x01, 0x80}, {0x02, 0x00}, 1, {{R_RISCV_ADD16, 0x8001}}},
    {64, 4, {0x00, 0x00, 0x00, 0x90}, {0x00, 0x00, 0x00, 0x10}, 1, {{R_RISCV_ADD32, 0x80000000}}}, /* wraps */
    {32, 4, {0x20, 0x00, 0x00, 0x00}, {0x10, 0x00, 0x00, 0x00}, 1, {{R_RISCV_ADD32, 0xfffffff0}}}, /* wraps */
    {64, 8, {0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80}, {0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, 1, {{R_RISCV_ADD64, UINT64_C(0x8000000000000010)}}}, /* wraps */
    {64, 1, {0x10}, {0xf0}, 1, {{R_RISCV_SUB8, 0x20}}}, /* 0x10 - 0x20 wraps to 0xf0 */
    {32, 1, {0x00}, {0xff}, 1, {{R_RISCV_SUB8, 0x1}}},
    {64, 2, {0x01, 0x00}, {0xff, 0xff}, 1, {{R_RISCV_SUB16, 0x2}}},
    {32, 2, {0x34, 0x12}, {0x00, 0x00}, 1, {{R_RISCV_SUB16, 0x1234}}},
    {64, 4, {0x08, 0x00, 0x00, 0x00}, {0xf8, 0xff, 0xff, 0xff}, 1, {{R_RISCV_SUB32, 0x10}}},
    {32, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}, 1, {{R_RISCV_SUB32, 0x80000000}}},
    {64, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 1, {{R_RISCV_SUB64, 0x1}}}, /* 0 - 1 */
    {64, 1, {0x00}, {0x80}, 2, {{R_RISCV_ADD8, 0x10080}, {R_RISCV_SUB8, 0x10000}}}, /* A - B = 0x80 */
    {32, 1, {0x00}, {0xff}, 2, {{R_RISCV_ADD8, 0x10000}, {R_RISCV_SUB8, 0x10001}}}, /* A - B = -1 */
    {64, 2, {0x00, 0x00}, {0x01, 0x00}, 2, {{R_RISCV_ADD16, 0x20000}, {R_RISCV_SUB16, 0x1ffff}}},
    {32, 2, {0x00, 0x00}, {0x00, 0x80}, 2, {{R_RISCV_ADD16, 0x10000}, {R_RISCV_SUB16, 0x18000}}}, /* negative */
    {64, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0xfd, 0xff, 0xff}, 2, {{R_RISCV_ADD32, 0x8040100}, {R_RISCV_SUB32, 0x8040400}}}, /* a jump table entry: code below the table */
    {64, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x01, 0x00, 0x00}, 2, {{R_RISCV_ADD32, UINT64_C(0x208040100)}, {R_RISCV_SUB32, 0x8040000}}}, /* 8 GiB apart: modulo 2^32 */
    {32, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0xfd, 0xff, 0xff}, 2, {{R_RISCV_ADD32, 0x8040100}, {R_RISCV_SUB32, 0x8040400}}},
    {32, 4, {0x01, 0x00, 0x00, 0x00}, {0xe1, 0xff, 0xff, 0xff}, 2, {{R_RISCV_ADD32, 0xfffffff0}, {R_RISCV_SUB32, 0x10}}}, /* the field's own 1 counts */
    {64, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 2, {{R_RISCV_ADD64, 0x8040100}, {R_RISCV_SUB64, 0x8040400}}},
    {64, 8, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff}, 2, {{R_RISCV_ADD64, UINT64_C(0xfffffffff0000000)}, {R_RISCV_SUB64, 0x10000000}}},
    {64, 1, {0xc0}, {0xff}, 1, {{R_RISCV_SET6, 0x7f}}}, /* 0x3f, top bits kept */
    {32, 1, {0x80}, {0x81}, 1, {{R_RISCV_SET6, 0x41}}},
    {64, 1, {0xff}, {0xc0}, 1, {{R_RISCV_SET6, 0x0}}},
    {64, 1, {0xc1}, {0xff}, 1, {{R_RISCV_SUB6, 0x2}}}, /* 1 - 2 wraps in 6 bits, top bits kept */
    {32, 1, {0x7f}, {0x6f}, 1, {{R_RISCV_SUB6, 0x10}}},
    {64, 1, {0xc2}, {0xcc}, 2, {{R_RISCV_SET6, 0x10010}, {R_RISCV_SUB6, 0x10004}}}, /* DW_CFA_advance_loc as GNU as writes it */
    {32, 1, {0x40}, {0x74}, 2, {{R_RISCV_SET6, 0x10004}, {R_RISCV_SUB6, 0x10010}}}, /* negative */
    {64, 1, {0x55}, {0xff}, 1, {{R_RISCV_SET8, 0x1ff}}}, /* 0xff */
    {32, 1, {0x00}, {0x80}, 1, {{R_RISCV_SET8, 0x80}}},
    {64, 1, {0xaa}, {0x0c}, 2, {{R_RISCV_SET8, 0x10010}, {R_RISCV_SUB8, 0x10004}}},
    {64, 2, {0xff, 0xff}, {0x45, 0x23}, 1, {{R_RISCV_SET16, 0x12345}}}, /* 0x2345 */
    {32, 2, {0x00, 0x00}, {0xfe, 0xff}, 1, {{R_RISCV_SET16, 0xfffe}}},
    {32, 2, {0x00, 0x00}, {0x10, 0x00}, 2, {{R_RISCV_SET16, 0x10010}, {R_RISCV_SUB16, 0x20000}}},
    {64, 4, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0x7f}, 1, {{R_RISCV_SET32, 0x7fffffff}}},
    {64, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}, 1, {{R_RISCV_SET32, UINT64_C(0xffffffff80000000)}}}, /* -2^31 */
    {32, 4, {0x00, 0x00, 0x00, 0x00}, {0xf0, 0xff, 0xff, 0xff}, 1, {{R_RISCV_SET32, 0xfffffff0}}}, /* RV32: modulo 2^32; ld.lld 19 refuses it (relocation R_RISCV_SET32 out of range: 4294967280 is not in [-2147483648, 2147483647]), ld.lld 14 and GNU ld write this */
    {32, 4, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x80}, 1, {{R_RISCV_SET32, 0x80000000}}}, /* RV32: modulo 2^32; ld.lld 19 refuses it (relocation R_RISCV_SET32 out of range: 2147483648 is not in [-2147483648, 2147483647]), ld.lld 14 and GNU ld write this */
    {64, 4, {0x00, 0x00, 0x00, 0x00}, {0x0c, 0x00, 0x00, 0x00}, 2, {{R_RISCV_SET32, 0x10010}, {R_RISCV_SUB32, 0x10004}}},
    {32, 4, {0x00, 0x00, 0x00, 0x00}, {0xf4, 0xff, 0xff, 0xff}, 2, {{R_RISCV_SET32, 0x10004}, {R_RISCV_SUB32, 0x10010}}},
    {64, 1, {0x00}, {0x7f}, 2, {{R_RISCV_SET_ULEB128, 0x1007f}, {R_RISCV_SUB_ULEB128, 0x10000}}}, /* 127: the most one byte holds */
    {32, 1, {0x7f}, {0x05}, 2, {{R_RISCV_SET_ULEB128, 0x10005}, {R_RISCV_SUB_ULEB128, 0x10000}}},
    {64, 2, {0x80, 0x00}, {0x80, 0x01}, 2, {{R_RISCV_SET_ULEB128, 0x10080}, {R_RISCV_SUB_ULEB128, 0x10000}}}, /* 128 in two bytes */
    {32, 2, {0x80, 0x00}, {0xff, 0x7f}, 2, {{R_RISCV_SET_ULEB128, 0x13fff}, {R_RISCV_SUB_ULEB128, 0x10000}}}, /* 0x3fff: the most two bytes hold */
    {64, 3, {0x80, 0x80, 0x00}, {0x83, 0x80, 0x00}, 2, {{R_RISCV_SET_ULEB128, 0x10003}, {R_RISCV_SUB_ULEB128, 0x10000}}}, /* 3, padded to three bytes */
    {32, 5, {0xff, 0xff, 0xff, 0xff, 0x0f}, {0x80, 0x80, 0x80, 0x80, 0x00}, 2, {{R_RISCV_SET_ULEB128, 0x10000}, {R_RISCV_SUB_ULEB128, 0x10000}}}, /* 0 in five bytes */
    {64, 9, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 2, {{R_RISCV_SET_ULEB128, UINT64_C(0x7fffffffffffffff)}, {R_RISCV_SUB_ULEB128, 0x0}}}, /* 2^63 - 1: the most nine bytes hold */
    {64, 10, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 2, {{R_RISCV_SET_ULEB128, 0x0}, {R_RISCV_SUB_ULEB128, 0x1}}}, /* -1 as a 64-bit value: ten bytes hold it */
};

/* Sequences whose last field() must refuse the value, with these limits;
 * ld.lld 19's message beside each. */
struct lbad {
    struct lvec t;
    int64_t lo, hi;
};

static const struct lbad label_bad[] = {
    /* ld.lld 19: relocation R_RISCV_SET32 out of range: 2147483648 is not in [-2147483648, 2147483647] */
    {{64, 4, {0}, {0}, 1, {{R_RISCV_SET32, 0x80000000}}}, INT32_MIN, INT32_MAX},
    /* ld.lld 19: relocation R_RISCV_SET32 out of range: -2147483649 is not in [-2147483648, 2147483647] */
    {{64, 4, {0}, {0}, 1, {{R_RISCV_SET32, UINT64_C(0xffffffff7fffffff)}}}, INT32_MIN, INT32_MAX},
    /* ld.lld 19: ULEB128 value 128 exceeds available space */
    {{64, 1, {0x00}, {0}, 2, {{R_RISCV_SET_ULEB128, 0x10080}, {R_RISCV_SUB_ULEB128, 0x10000}}},
     0, 0x7f},
    /* ld.lld 19: ULEB128 value 16384 exceeds available space */
    {{32, 2, {0x80, 0x00}, {0}, 2,
      {{R_RISCV_SET_ULEB128, 0x14000}, {R_RISCV_SUB_ULEB128, 0x10000}}}, 0, 0x3fff},
    /* ld.lld 19: ULEB128 value 18446744073709551600 exceeds available space (RV32 too: the
     * difference is not taken modulo 2^32) */
    {{32, 5, {0x80, 0x80, 0x80, 0x80, 0x00}, {0}, 2,
      {{R_RISCV_SET_ULEB128, 0x10000}, {R_RISCV_SUB_ULEB128, 0x10010}}}, 0, INT64_C(0x7ffffffff)},
    /* ld.lld 19: ULEB128 value 18446744073709551615 exceeds available space */
    {{64, 9, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, {0}, 2,
      {{R_RISCV_SET_ULEB128, 0x0}, {R_RISCV_SUB_ULEB128, 0x1}}}, 0, INT64_MAX},
};

/* Values field() must refuse, with the limits it must report. */
struct bad_vec {
    uint32_t type;
    unsigned xlen;
    int64_t v;
    int64_t lo, hi;
    uint32_t align;
};

static const struct bad_vec bad_vecs[] = {
    /* ld.lld: relocation R_RISCV_BRANCH out of range: -2049 is not in [-2048, 2047] */
    {R_RISCV_BRANCH, 64, -0x1002, -4096, 4094, 2},
    /* ld.lld: relocation R_RISCV_BRANCH out of range: 2048 is not in [-2048, 2047] */
    {R_RISCV_BRANCH, 64, 0x1000, -4096, 4094, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_BRANCH: 0x1 is not aligned to 2 bytes */
    {R_RISCV_BRANCH, 64, 0x1, -4096, 4094, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_BRANCH: 0xFFFFFFFFFFFFF001 is not aligned to 2 bytes */
    {R_RISCV_BRANCH, 64, -0xfff, -4096, 4094, 2},
    /* ld.lld: relocation R_RISCV_BRANCH out of range: 2048 is not in [-2048, 2047] */
    {R_RISCV_BRANCH, 32, 0x1000, -4096, 4094, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_BRANCH: 0x3 is not aligned to 2 bytes */
    {R_RISCV_BRANCH, 32, 0x3, -4096, 4094, 2},
    /* ld.lld: relocation R_RISCV_JAL out of range: -524289 is not in [-524288, 524287] */
    {R_RISCV_JAL, 64, -0x100002, -1048576, 1048574, 2},
    /* ld.lld: relocation R_RISCV_JAL out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_JAL, 64, 0x100000, -1048576, 1048574, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_JAL: 0x1 is not aligned to 2 bytes */
    {R_RISCV_JAL, 64, 0x1, -1048576, 1048574, 2},
    /* ld.lld: relocation R_RISCV_JAL out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_JAL, 32, 0x100000, -1048576, 1048574, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_JAL: 0xFFFFFFFFFFFFFFFD is not aligned to 2 bytes */
    {R_RISCV_JAL, 32, -0x3, -1048576, 1048574, 2},
    /* ld.lld: relocation R_RISCV_RVC_BRANCH out of range: -129 is not in [-128, 127] */
    {R_RISCV_RVC_BRANCH, 64, -0x102, -256, 254, 2},
    /* ld.lld: relocation R_RISCV_RVC_BRANCH out of range: 128 is not in [-128, 127] */
    {R_RISCV_RVC_BRANCH, 64, 0x100, -256, 254, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_RVC_BRANCH: 0x3 is not aligned to 2 bytes */
    {R_RISCV_RVC_BRANCH, 64, 0x3, -256, 254, 2},
    /* ld.lld: relocation R_RISCV_RVC_BRANCH out of range: 128 is not in [-128, 127] */
    {R_RISCV_RVC_BRANCH, 32, 0x100, -256, 254, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_RVC_BRANCH: 0xFFFFFFFFFFFFFFFF is not aligned to 2 bytes */
    {R_RISCV_RVC_BRANCH, 32, -0x1, -256, 254, 2},
    /* ld.lld: relocation R_RISCV_RVC_JUMP out of range: -1025 is not in [-1024, 1023] */
    {R_RISCV_RVC_JUMP, 64, -0x802, -2048, 2046, 2},
    /* ld.lld: relocation R_RISCV_RVC_JUMP out of range: 1024 is not in [-1024, 1023] */
    {R_RISCV_RVC_JUMP, 64, 0x800, -2048, 2046, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_RVC_JUMP: 0x5 is not aligned to 2 bytes */
    {R_RISCV_RVC_JUMP, 64, 0x5, -2048, 2046, 2},
    /* ld.lld: relocation R_RISCV_RVC_JUMP out of range: 1024 is not in [-1024, 1023] */
    {R_RISCV_RVC_JUMP, 32, 0x800, -2048, 2046, 2},
    /* ld.lld: improper alignment for relocation R_RISCV_RVC_JUMP: 0xFFFFFFFFFFFFFFFB is not aligned to 2 bytes */
    {R_RISCV_RVC_JUMP, 32, -0x5, -2048, 2046, 2},
    /* ld.lld: relocation R_RISCV_CALL out of range: -524289 is not in [-524288, 524287] */
    {R_RISCV_CALL, 64, -INT64_C(0x80000801), -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_CALL out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_CALL, 64, 0x7ffff800, -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_CALL_PLT out of range: -524289 is not in [-524288, 524287] */
    {R_RISCV_CALL_PLT, 64, -INT64_C(0x80000801), -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_CALL_PLT out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_CALL_PLT, 64, 0x7ffff800, -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_PCREL_HI20 out of range: -524289 is not in [-524288, 524287] */
    {R_RISCV_PCREL_HI20, 64, -INT64_C(0x80000801), -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_PCREL_HI20 out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_PCREL_HI20, 64, 0x7ffff800, -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_HI20 out of range: -524289 is not in [-524288, 524287] */
    {R_RISCV_HI20, 64, -INT64_C(0x80000801), -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld: relocation R_RISCV_HI20 out of range: 524288 is not in [-524288, 524287] */
    {R_RISCV_HI20, 64, 0x7ffff800, -INT64_C(0x80000800), 0x7ffff7ff, 0},
    /* ld.lld 14 links it (R_RISCV_32 is written unchecked); the limit is [-2^31, 2^32 - 1], checkIntUInt(32) */
    {R_RISCV_32, 64, -INT64_C(0x80000001), INT32_MIN, UINT32_MAX, 0},
    /* ld.lld 14 links it (R_RISCV_32 is written unchecked); the limit is [-2^31, 2^32 - 1], checkIntUInt(32) */
    {R_RISCV_32, 64, 0x100000000, INT32_MIN, UINT32_MAX, 0},
    /* ld.lld 14 links it unchecked; current ld.lld refuses it (checkInt(loc, val, 32)): the limit is [-2^31, 2^31 - 1] */
    {R_RISCV_32_PCREL, 64, -INT64_C(0x80000001), INT32_MIN, INT32_MAX, 0},
    /* ld.lld 14 links it unchecked; current ld.lld refuses it (checkInt(loc, val, 32)): the limit is [-2^31, 2^31 - 1] */
    {R_RISCV_32_PCREL, 64, 0x80000000, INT32_MIN, INT32_MAX, 0},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *tname(uint32_t type)
{
    const char *s = aotx_arch_reloc_name(&aotx_arch_riscv64, type);
    return s ? s : "?";
}

static int data_word(uint32_t type)
{
    return type == R_RISCV_32 || type == R_RISCV_64 || type == R_RISCV_32_PCREL;
}

static uint64_t field_of(const struct vec *t)
{
    const struct aotx_arch *a = xlen_arch(t->xlen);
    const struct aotx_howto *h = aotx_arch_howto(a, t->type);
    struct aotx_range bad;
    uint64_t f = 0xdeadbeef;
    if (!h)
        fail_msg("%s has no howto on RV%u", tname(t->type), t->xlen);
    if (a->field(h, t->v, t->P, &f, &bad))
        fail_msg("%s, RV%u: field(%lld) refused it: [%lld, %lld] align %u", tname(t->type),
                 t->xlen, (long long)t->v, (long long)bad.lo, (long long)bad.hi, bad.align);
    return f;
}

/* field() then encode() over the assembled bytes give ld.lld's bytes, in
 * both byte orders; decode() reads the field back. */
static void matches_lld(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(vecs); i++) {
        const struct vec *t = &vecs[i];
        const struct aotx_arch *a = xlen_arch(t->xlen);
        const struct aotx_howto *h = aotx_arch_howto(a, t->type);
        uint64_t f = field_of(t);
        assert_int_equal(h->size, t->size);
        for (int be = 0; be <= 1; be++) {
            uint8_t buf[8], want[8];
            memcpy(want, t->after, sizeof want);
            if (be && data_word(t->type))
                for (unsigned k = 0; k < t->size; k++)
                    want[k] = t->after[t->size - 1 - k];
            memcpy(buf, t->before, sizeof buf);
            if (be && data_word(t->type))
                for (unsigned k = 0; k < t->size; k++)
                    buf[k] = t->before[t->size - 1 - k];
            a->encode(h, buf, f, be);
            if (memcmp(buf, want, t->size) != 0)
                fail_msg("row %zu: %s, RV%u, v %lld, %s: %02x %02x %02x %02x, ld.lld %02x %02x "
                         "%02x %02x", i, tname(t->type), t->xlen, (long long)t->v,
                         be ? "BE" : "LE", buf[0], buf[1], buf[2], buf[3], want[0], want[1],
                         want[2], want[3]);
            if (a->decode(h, want, be) != f)
                fail_msg("row %zu: %s decodes ld.lld's bytes as %#llx, field() made %#llx", i,
                         tname(t->type), (unsigned long long)a->decode(h, want, be),
                         (unsigned long long)f);
        }
    }
}

static void refuses_out_of_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(bad_vecs); i++) {
        const struct bad_vec *t = &bad_vecs[i];
        const struct aotx_arch *a = xlen_arch(t->xlen);
        const struct aotx_howto *h = aotx_arch_howto(a, t->type);
        struct aotx_range bad;
        uint64_t f = 0;
        assert_non_null(h);
        if (!a->field(h, t->v, 0x10000, &f, &bad))
            fail_msg("row %zu: %s, RV%u: field(%lld) took it", i, tname(t->type), t->xlen,
                     (long long)t->v);
        assert_true(bad.lo == t->lo);
        assert_true(bad.hi == t->hi);
        assert_int_equal(bad.align, t->align);
        assert_int_equal(bad.state, 0);
    }
}

/* The bits each type's field occupies, per byte (little-endian). */
static const struct {
    uint32_t type;
    uint8_t mask[8];
} masks[] = {
    {R_RISCV_32, {0xff, 0xff, 0xff, 0xff}},
    {R_RISCV_64, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
    {R_RISCV_BRANCH, {0x80, 0x0f, 0x00, 0xfe}},            /* 0xfe000f80 */
    {R_RISCV_JAL, {0x00, 0xf0, 0xff, 0xff}},               /* 0xfffff000 */
    {R_RISCV_CALL, {0x00, 0xf0, 0xff, 0xff, 0x00, 0x00, 0xf0, 0xff}}, /* U + I */
    {R_RISCV_CALL_PLT, {0x00, 0xf0, 0xff, 0xff, 0x00, 0x00, 0xf0, 0xff}},
    {R_RISCV_GOT_HI20, {0x00, 0xf0, 0xff, 0xff}},          /* U-type */
    {R_RISCV_PCREL_HI20, {0x00, 0xf0, 0xff, 0xff}},
    {R_RISCV_PCREL_LO12_I, {0x00, 0x00, 0xf0, 0xff}},      /* I-type 0xfff00000 */
    {R_RISCV_PCREL_LO12_S, {0x80, 0x0f, 0x00, 0xfe}},      /* S-type 0xfe000f80 */
    {R_RISCV_HI20, {0x00, 0xf0, 0xff, 0xff}},
    {R_RISCV_LO12_I, {0x00, 0x00, 0xf0, 0xff}},
    {R_RISCV_LO12_S, {0x80, 0x0f, 0x00, 0xfe}},
    {R_RISCV_RVC_BRANCH, {0x7c, 0x1c}},                    /* CB: 0x1c7c */
    {R_RISCV_RVC_JUMP, {0xfc, 0x1f}},                      /* CJ: 0x1ffc */
    {R_RISCV_32_PCREL, {0xff, 0xff, 0xff, 0xff}},
};

static const uint8_t *mask_of(uint32_t type)
{
    for (size_t i = 0; i < COUNT(masks); i++)
        if (masks[i].type == type)
            return masks[i].mask;
    fail_msg("no mask for %s", tname(type));
    return NULL;
}

/* decode(encode(field(v))) == field(v) over 0x00 and 0xff backgrounds;
 * no bit outside the field changes, no byte past it is written. */
static void round_trips_and_keeps_other_bits(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(vecs); i++) {
        const struct vec *t = &vecs[i];
        const struct aotx_arch *a = xlen_arch(t->xlen);
        const struct aotx_howto *h = aotx_arch_howto(a, t->type);
        const uint8_t *mask = mask_of(t->type);
        uint64_t f = field_of(t);
        for (int bg = 0; bg <= 0xff; bg += 0xff)
            for (int be = 0; be <= 1; be++) {
                uint8_t buf[12];
                memset(buf, bg, sizeof buf);
                a->encode(h, buf + 2, f, be);
                if (a->decode(h, buf + 2, be) != f)
                    fail_msg("row %zu: %s: %#llx comes back as %#llx", i, tname(t->type),
                             (unsigned long long)f,
                             (unsigned long long)a->decode(h, buf + 2, be));
                for (unsigned k = 0; k < sizeof buf; k++) {
                    unsigned at = k - 2; /* wraps below the field: no mask there */
                    uint8_t m = at < h->size ? mask[be && data_word(t->type) ? h->size - 1 - at
                                                                             : at]
                                             : 0;
                    if ((buf[k] & ~m) != (bg & ~m))
                        fail_msg("row %zu: %s changed bits %#x of byte %d (background %#x)", i,
                                 tname(t->type), (buf[k] ^ bg) & ~m & 0xff, (int)k - 2, bg);
                }
            }
    }
}

static void markers_write_nothing(void **state)
{
    (void)state;
    static const uint32_t types[] = {R_RISCV_NONE, R_RISCV_ALIGN, R_RISCV_RELAX};
    for (unsigned xlen = 32; xlen <= 64; xlen += 32)
        for (size_t i = 0; i < COUNT(types); i++) {
            const struct aotx_arch *a = xlen_arch(xlen);
            const struct aotx_howto *h = aotx_arch_howto(a, types[i]);
            struct aotx_range bad;
            uint64_t f = 1;
            uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
            assert_non_null(h);
            assert_int_equal(h->expr, X_NONE);
            assert_int_equal(h->size, 0);
            assert_int_equal(a->field(h, 0x12345, 0x10000, &f, &bad), 0);
            assert_int_equal(f, 0);
            a->encode(h, buf, f, 0);
            static const uint8_t same[8] = {1, 2, 3, 4, 5, 6, 7, 8};
            assert_memory_equal(buf, same, sizeof buf);
            assert_int_equal(a->decode(h, buf, 0), 0);
        }
}

/* The label types' fields are data in the file's byte order, but for the
 * single bytes and the ULEB128. */
static int label_word(uint32_t type, uint8_t size)
{
    return size > 1 && type != R_RISCV_SET_ULEB128 && type != R_RISCV_SUB_ULEB128;
}

/* Apply t's relocations to buf as the rewriter does (howto by select(),
 * V of the first reader decoded, then each field() value the next one's
 * V). Returns the index of the relocation whose field() refused, or -1;
 * the last field and howto in *f and *hl. */
static int apply_labels(const struct lvec *t, uint8_t *buf, int be, uint64_t *f,
                        const struct aotx_howto **hl, struct aotx_range *bad)
{
    const struct aotx_arch *a = xlen_arch(t->xlen);
    uint64_t V = 0;
    for (unsigned k = 0; k < t->n; k++) {
        const struct aotx_howto *h = aotx_arch_howto(a, t->r[k].type);
        if (!h)
            fail_msg("%s has no howto on RV%u", tname(t->r[k].type), t->xlen);
        assert_non_null(a->select);
        h = a->select(h, buf, t->size, be);
        assert_non_null(h);
        assert_int_equal(h->size, t->size);
        if (k == 0)
            V = a->decode(h, buf, be);
        uint64_t sa = t->r[k].sa, v;
        switch (h->expr) {
        case X_ABS: v = sa; break;
        case X_ADD: v = V + sa; break;
        case X_SUB: v = V - sa; break;
        default: fail_msg("%s: not a label type", tname(t->r[k].type)); return 0;
        }
        if (a->field(h, (int64_t)v, 0x20000, f, bad))
            return (int)k;
        a->encode(h, buf, *f, be);
        V = *f;
        *hl = h;
    }
    return -1;
}

static void label_arithmetic_matches_lld(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(label_vecs); i++) {
        const struct lvec *t = &label_vecs[i];
        const struct aotx_arch *a = xlen_arch(t->xlen);
        int word = label_word(t->r[0].type, t->size);
        for (int be = 0; be <= 1; be++) {
            uint8_t buf[10], want[10];
            const struct aotx_howto *h = NULL;
            struct aotx_range bad;
            uint64_t f = 0;
            for (unsigned k = 0; k < t->size; k++) {
                buf[k] = t->before[be && word ? t->size - 1 - k : k];
                want[k] = t->after[be && word ? t->size - 1 - k : k];
            }
            if (apply_labels(t, buf, be, &f, &h, &bad) >= 0)
                fail_msg("label row %zu: RV%u %s refused: [%lld, %lld]", i, t->xlen,
                         tname(t->r[t->n - 1].type), (long long)bad.lo, (long long)bad.hi);
            if (memcmp(buf, want, t->size) != 0)
                fail_msg("label row %zu: RV%u %s%s%s, %s: %02x %02x %02x %02x, ld.lld %02x %02x "
                         "%02x %02x", i, t->xlen, tname(t->r[0].type), t->n > 1 ? " + " : "",
                         t->n > 1 ? tname(t->r[1].type) : "", be ? "BE" : "LE", buf[0],
                         t->size > 1 ? buf[1] : 0, t->size > 2 ? buf[2] : 0,
                         t->size > 3 ? buf[3] : 0, want[0], t->size > 1 ? want[1] : 0,
                         t->size > 2 ? want[2] : 0, t->size > 3 ? want[3] : 0);
            if (a->decode(h, want, be) != f)
                fail_msg("label row %zu: ld.lld's bytes decode as %#llx, field() made %#llx", i,
                         (unsigned long long)a->decode(h, want, be), (unsigned long long)f);
        }
    }
}

static void label_arithmetic_refuses(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(label_bad); i++) {
        const struct lvec *t = &label_bad[i].t;
        uint8_t buf[10];
        const struct aotx_howto *h = NULL;
        struct aotx_range bad;
        uint64_t f = 0;
        memcpy(buf, t->before, sizeof buf);
        if (apply_labels(t, buf, 0, &f, &h, &bad) != t->n - 1)
            fail_msg("bad label row %zu: RV%u %s took it", i, t->xlen, tname(t->r[t->n - 1].type));
        assert_true(bad.lo == label_bad[i].lo);
        assert_true(bad.hi == label_bad[i].hi);
        assert_int_equal(bad.align, 0);
    }
}

/* Every label type: decode(encode(f)) == f over 0x00 and 0xff backgrounds,
 * nothing written before or after the field, and SET6/SUB6 keep the top
 * two bits of their byte; field() takes the value modulo 2^N. The ULEB128
 * pair in each length select() finds, and none where no byte ends one. */
static void label_fields_keep_their_neighbours(void **state)
{
    (void)state;
    static const struct {
        uint32_t type;
        unsigned bits;
        int rv64_only;
    } types[] = {
        {R_RISCV_SET6, 6, 0},   {R_RISCV_SUB6, 6, 0},   {R_RISCV_ADD8, 8, 0},
        {R_RISCV_SUB8, 8, 0},   {R_RISCV_SET8, 8, 0},   {R_RISCV_ADD16, 16, 0},
        {R_RISCV_SUB16, 16, 0}, {R_RISCV_SET16, 16, 0}, {R_RISCV_ADD32, 32, 0},
        {R_RISCV_SUB32, 32, 0}, {R_RISCV_SET32, 32, 0}, {R_RISCV_ADD64, 64, 1},
        {R_RISCV_SUB64, 64, 1},
    };
    const uint64_t pattern = UINT64_C(0x8123456789abcdef);
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        const struct aotx_arch *a = xlen_arch(xlen);
        for (size_t i = 0; i < COUNT(types); i++) {
            const struct aotx_howto *h = aotx_arch_howto(a, types[i].type);
            if (types[i].rv64_only && xlen == 32) {
                assert_null(h);
                continue;
            }
            assert_non_null(h);
            uint64_t mask = types[i].bits == 64 ? UINT64_MAX
                                                : ((uint64_t)1 << types[i].bits) - 1;
            uint64_t want = types[i].type == R_RISCV_SET32 ? 0x89abcdefu : pattern & mask;
            int64_t v = types[i].type == R_RISCV_SET32 && xlen == 64
                            ? (int64_t)(int32_t)0x89abcdefu /* SET32 checks on RV64 */
                            : (int64_t)pattern;
            struct aotx_range bad;
            uint64_t f;
            assert_int_equal(a->field(h, v, 0x20000, &f, &bad), 0);
            assert_true(f == want);
            assert_int_equal(h->size * 8u, types[i].bits == 6 ? 8u : types[i].bits);
            for (int bg = 0; bg <= 0xff; bg += 0xff)
                for (int be = 0; be <= 1; be++) {
                    uint8_t buf[12];
                    memset(buf, bg, sizeof buf);
                    a->encode(h, buf + 2, f, be);
                    assert_true(a->decode(h, buf + 2, be) == f);
                    for (unsigned k = 0; k < sizeof buf; k++)
                        if ((k < 2 || k >= 2u + h->size) && buf[k] != bg)
                            fail_msg("%s wrote byte %d", tname(types[i].type), (int)k - 2);
                    if (types[i].bits == 6)
                        assert_int_equal(buf[2] & 0xc0, bg & 0xc0);
                }
        }
        for (unsigned n = 1; n <= 11; n++)
            for (int op = 0; op <= 1; op++) {
                const struct aotx_howto *h0 =
                    aotx_arch_howto(a, op ? R_RISCV_SUB_ULEB128 : R_RISCV_SET_ULEB128);
                uint8_t buf[16];
                memset(buf, 0x80, sizeof buf);
                buf[2 + n - 1] = 0x00;
                /* the field ends where the section does, or one byte later */
                assert_null(a->select(h0, buf + 2, n - 1, 0));
                const struct aotx_howto *h = a->select(h0, buf + 2, n, 0);
                if (n > 10) {
                    assert_null(h);
                    continue;
                }
                assert_non_null(h);
                assert_int_equal(h->size, n);
                assert_int_equal(h->type, h0->type);
                uint64_t f = n >= 10 ? pattern : pattern & (((uint64_t)1 << (7 * n)) - 1);
                struct aotx_range bad;
                uint64_t got;
                assert_int_equal(a->field(h, (int64_t)f, 0x20000, &got, &bad), 0);
                assert_true(got == f);
                a->encode(h, buf + 2, f, 0);
                assert_true(a->decode(h, buf + 2, 1) == f);
                for (unsigned k = 0; k + 1 < n; k++)
                    assert_true(buf[2 + k] & 0x80);
                assert_false(buf[2 + n - 1] & 0x80);
                assert_int_equal(buf[0], 0x80);
                assert_int_equal(buf[1], 0x80);
                assert_int_equal(buf[2 + n], 0x80);
            }
    }
}

/* The tables: sorted (the lookup is a binary search); what is supported,
 * how, and what is known but not supported. */
static void howto_tables(void **state)
{
    (void)state;
    static const struct {
        uint32_t type;
        enum aotx_expr expr;
        uint8_t size, flags;
    } want[] = {
        {R_RISCV_NONE, X_NONE, 0, 0},
        {R_RISCV_32, X_ABS, 4, 0},
        {R_RISCV_64, X_ABS, 8, 0}, /* RV64 only */
        {R_RISCV_BRANCH, X_PC, 4, HOWTO_INSN},
        {R_RISCV_JAL, X_PC, 4, HOWTO_CALL | HOWTO_INSN},
        {R_RISCV_CALL, X_PC, 8, HOWTO_CALL | HOWTO_INSN},
        {R_RISCV_CALL_PLT, X_PC, 8, HOWTO_CALL | HOWTO_INSN},
        {R_RISCV_GOT_HI20, X_GOT_PC, 4, HOWTO_PC_HI | HOWTO_INSN},
        {R_RISCV_PCREL_HI20, X_PC, 4, HOWTO_PC_HI | HOWTO_INSN},
        {R_RISCV_PCREL_LO12_I, X_PC_LO, 4, HOWTO_INSN},
        {R_RISCV_PCREL_LO12_S, X_PC_LO, 4, HOWTO_INSN},
        {R_RISCV_HI20, X_ABS, 4, HOWTO_INSN},
        {R_RISCV_LO12_I, X_ABS, 4, HOWTO_INSN},
        {R_RISCV_LO12_S, X_ABS, 4, HOWTO_INSN},
        {R_RISCV_ADD8, X_ADD, 1, 0},
        {R_RISCV_ADD16, X_ADD, 2, 0},
        {R_RISCV_ADD32, X_ADD, 4, 0},
        {R_RISCV_ADD64, X_ADD, 8, 0}, /* RV64 only */
        {R_RISCV_SUB8, X_SUB, 1, 0},
        {R_RISCV_SUB16, X_SUB, 2, 0},
        {R_RISCV_SUB32, X_SUB, 4, 0},
        {R_RISCV_SUB64, X_SUB, 8, 0}, /* RV64 only */
        {R_RISCV_ALIGN, X_NONE, 0, 0},
        {R_RISCV_RVC_BRANCH, X_PC, 2, HOWTO_INSN},
        {R_RISCV_RVC_JUMP, X_PC, 2, HOWTO_INSN},
        {R_RISCV_RELAX, X_NONE, 0, 0},
        {R_RISCV_SUB6, X_SUB, 1, 0},
        {R_RISCV_SET6, X_ABS, 1, 0},
        {R_RISCV_SET8, X_ABS, 1, 0},
        {R_RISCV_SET16, X_ABS, 2, 0},
        {R_RISCV_SET32, X_ABS, 4, 0},
        {R_RISCV_32_PCREL, X_PC, 4, 0},
        {R_RISCV_SET_ULEB128, X_ABS, 1, HOWTO_OPENS},  /* select() gives the length */
        {R_RISCV_SUB_ULEB128, X_SUB, 1, HOWTO_CLOSES},
    };
    static const uint32_t unsupported[] = {
        R_RISCV_RELATIVE, R_RISCV_COPY, R_RISCV_JUMP_SLOT, R_RISCV_TLS_DTPMOD32,
        R_RISCV_TLS_DTPREL64, R_RISCV_TLS_TPREL64, R_RISCV_TLS_GOT_HI20, R_RISCV_TLS_GD_HI20,
        R_RISCV_TPREL_HI20, R_RISCV_TPREL_LO12_S, R_RISCV_TPREL_ADD, R_RISCV_GNU_VTINHERIT,
        R_RISCV_GNU_VTENTRY, R_RISCV_RVC_LUI, R_RISCV_IRELATIVE, R_RISCV_PLT32,
        R_RISCV_TLSDESC_HI20, R_RISCV_TLSDESC_CALL};
    /* which relocations compose at one field: the same chain class */
    static const uint32_t chains[][5] = {
        {R_RISCV_SET6, R_RISCV_SUB6},
        {R_RISCV_ADD8, R_RISCV_SUB8, R_RISCV_SET8},
        {R_RISCV_ADD16, R_RISCV_SUB16, R_RISCV_SET16},
        {R_RISCV_32, R_RISCV_ADD32, R_RISCV_SUB32, R_RISCV_SET32},
        {R_RISCV_64, R_RISCV_ADD64, R_RISCV_SUB64},
        {R_RISCV_SET_ULEB128, R_RISCV_SUB_ULEB128},
    };
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        const struct aotx_arch *a = xlen_arch(xlen);
        size_t n = 0;
        for (size_t i = 1; i < a->howto_count; i++)
            assert_true(a->howtos[i - 1].type < a->howtos[i].type);
        for (size_t i = 0; i < COUNT(want); i++) {
            const struct aotx_howto *h = aotx_arch_howto(a, want[i].type);
            if ((want[i].type == R_RISCV_64 || want[i].type == R_RISCV_ADD64 ||
                 want[i].type == R_RISCV_SUB64) && xlen == 32) {
                assert_null(h);
                continue;
            }
            n++;
            assert_non_null(h);
            assert_int_equal(h->expr, want[i].expr);
            assert_int_equal(h->size, want[i].size);
            assert_int_equal(h->flags, want[i].flags);
            assert_non_null(h->formula);
        }
        assert_int_equal(a->howto_count, n);
        for (size_t i = 0; i < COUNT(unsupported); i++) {
            assert_null(aotx_arch_howto(a, unsupported[i]));
            assert_non_null(aotx_arch_reloc_name(a, unsupported[i]));
        }
        size_t chained = 0;
        for (size_t c = 0; c < COUNT(chains); c++) {
            const struct aotx_howto *first = aotx_arch_howto(a, chains[c][0]);
            if (xlen == 32 && chains[c][0] == R_RISCV_64)
                continue; /* RV64 only */
            assert_non_null(first);
            assert_true(first->chain != 0);
            for (size_t k = 0; k < 5 && chains[c][k]; k++) {
                const struct aotx_howto *h = aotx_arch_howto(a, chains[c][k]);
                assert_non_null(h);
                assert_int_equal(h->chain, first->chain);
                assert_int_equal(h->size, first->size);
                for (size_t d = 0; d < c; d++)
                    if (aotx_arch_howto(a, chains[d][0]))
                        assert_true(h->chain != aotx_arch_howto(a, chains[d][0])->chain);
                chained++;
            }
        }
        for (size_t i = 0; i < a->howto_count; i++)
            chained -= a->howtos[i].chain != 0;
        assert_int_equal(chained, 0); /* no other type composes */
        assert_int_equal(aotx_arch_howto(a, R_RISCV_SET_ULEB128)->partner, R_RISCV_SUB_ULEB128);
        assert_int_equal(aotx_arch_howto(a, R_RISCV_SUB_ULEB128)->partner, R_RISCV_SET_ULEB128);
        assert_string_equal(aotx_arch_reloc_name(a, R_RISCV_CALL_PLT), "R_RISCV_CALL_PLT");
        assert_int_equal(a->rela, 1);
        assert_null(a->addend);
        assert_int_equal(a->thumb_bit, 0);
        assert_int_equal(a->word_bits, xlen);
        assert_int_equal(a->machines[0], EM_RISCV);
    }
    assert_int_equal(aotx_arch_riscv32.abs_ptr_type, R_RISCV_32);
    assert_int_equal(aotx_arch_riscv64.abs_ptr_type, R_RISCV_64);
    assert_int_equal(aotx_arch_riscv32.plt_entry, 0); /* a stock load's PLT: AOT-FORMAT.md 7.6 */
    assert_int_equal(aotx_arch_riscv64.plt_entry, 20);
    assert_string_equal(aotx_arch_riscv32.name, "riscv32");
    assert_string_equal(aotx_arch_riscv64.name, "riscv64");
}

/* The RV64 veneer, unit by unit; llvm-mc 14 (-triple=riscv64) encodes
 *   auipc t1, 0 / ld t1, 16(t1) / jr t1 / nop
 * as 17 03 00 00 / 03 33 03 01 / 67 00 03 00 / 13 00 00 00. Its slot is
 * written through R_RISCV_64; RV32 and big-endian RV64 have none. */
static void veneer_template(void **state)
{
    (void)state;
    struct aotx_module m;
    memset(&m, 0, sizeof m);
    m.target.bin_type = AOTX_BIN_64BIT;
    assert_null(aotx_arch_riscv32.veneer);
    const struct aotx_veneer *v = aotx_arch_riscv64.veneer(&m);
    assert_non_null(v);
    assert_int_equal(v->size, 24);
    assert_int_equal(v->align, 8);
    assert_int_equal(v->reloc_type, R_RISCV_64);
    assert_int_equal(v->reloc_offset, 16);
    assert_int_equal(v->thumb, 0);
    uint8_t buf[24], *p = buf;
    for (unsigned u = 0; u < v->unit_count; u++) {
        assert_int_equal(v->units[u].width, 4);
        wr32le(p, v->units[u].value);
        p += 4;
    }
    assert_int_equal(p - buf, v->size);
    const struct aotx_howto *h = aotx_arch_howto(&aotx_arch_riscv64, v->reloc_type);
    struct aotx_range bad;
    uint64_t f;
    assert_int_equal(aotx_arch_riscv64.field(h, 0x208000040, 0x8040410, &f, &bad), 0);
    aotx_arch_riscv64.encode(h, buf + v->reloc_offset, f, 0);
    static const uint8_t want[24] = {
        0x17, 0x03, 0x00, 0x00, 0x03, 0x33, 0x03, 0x01, 0x67, 0x00, 0x03, 0x00,
        0x13, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00};
    assert_memory_equal(buf, want, sizeof want);
    m.target.bin_type = AOTX_BIN_64BIT | AOTX_BIN_BIG_ENDIAN;
    assert_null(aotx_arch_riscv64.veneer(&m));
}

/* PCREL_HI20 and PCREL_LO12_I through the rewriter: riscv64/float with its
 * LUI + LO12_I pairs turned into AUIPC + PCREL_LO12_I pairs, each LO12
 * naming (as `.text` + offset, the way wamrc writes a label) the first
 * AUIPC that reaches the same constant, so some LO12s share one AUIPC that
 * is not the instruction before them. Every load must reach its constant,
 * decoded here; a LO12 that names no AUIPC is refused with the message. */
struct pcrel_case {
    struct aotx_module *m, copy;
    uint8_t *code;
    struct aotx_symbol *syms;
    struct aotx_reloc_group group;
    struct aotx_reloc *relocs;
    uint64_t *hi_of; /* per relocation: the offset of a LO12's AUIPC */
    uint8_t *file;
    struct aotx_symmap *map;
};

static void pcrel_case_make(struct pcrel_case *c)
{
    struct aotx_diag d = {0};
    size_t size;
    c->file = load_data("aot/v6/riscv64/float.aot", &size);
    if (aotx_read(c->file, size, &c->m, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    const struct aotx_module *m = c->m;
    assert_int_equal(m->group_count, 1);
    const struct aotx_reloc_group *g = &m->groups[0];
    c->copy = *m;
    c->code = malloc(m->code_size);
    c->syms = calloc(m->symbol_count + 1, sizeof *c->syms);
    c->relocs = calloc(g->count, sizeof *c->relocs);
    c->hi_of = calloc(g->count, sizeof *c->hi_of);
    assert_true(c->code && c->syms && c->relocs && c->hi_of);
    memcpy(c->code, m->code, m->code_size);
    memcpy(c->syms, m->symbols, m->symbol_count * sizeof *c->syms);
    uint32_t text = m->symbol_count;
    c->syms[text] = (struct aotx_symbol){".text", AOTX_SYM_CODE, 0};
    for (uint32_t i = 0; i < g->count; i++) {
        struct aotx_reloc r = g->relocs[i];
        if (r.type == R_RISCV_HI20) {
            assert_int_equal(c->code[r.offset] & 0x7f, 0x37); /* lui */
            c->code[r.offset] = (uint8_t)((c->code[r.offset] & 0x80) | 0x17); /* auipc */
            r.type = R_RISCV_PCREL_HI20;
        } else if (r.type == R_RISCV_LO12_I) {
            uint32_t k = 0;
            while (!(g->relocs[k].type == R_RISCV_HI20 && g->relocs[k].symbol == r.symbol &&
                     g->relocs[k].addend == r.addend))
                k++;
            c->hi_of[i] = g->relocs[k].offset;
            r = (struct aotx_reloc){r.offset, (int64_t)g->relocs[k].offset,
                                    R_RISCV_PCREL_LO12_I, text};
        }
        c->relocs[i] = r;
    }
    c->group = *g;
    c->group.relocs = c->relocs;
    c->copy.code = c->code;
    c->copy.symbols = c->syms;
    c->copy.symbol_count = m->symbol_count + 1;
    c->copy.groups = &c->group;
    c->map = aotx_symmap_new();
    assert_non_null(c->map);
    assert_int_equal(aotx_symmap_defsym(c->map, "aot_set_exception_with_id=0x08000000", &d),
                     AOTX_OK);
}

static void pcrel_case_free(struct pcrel_case *c)
{
    aotx_symmap_free(c->map);
    free(c->code);
    free(c->syms);
    free(c->relocs);
    free(c->hi_of);
    aotx_module_free(c->m);
    free(c->file);
}

static void pcrel_pairs_through_the_rewriter(void **state)
{
    (void)state;
    struct pcrel_case c;
    struct aotx_diag d = {0};
    struct aotx_xip_image *img = NULL;
    pcrel_case_make(&c);
    struct aotx_xip_options o = {.base = 0x08040000, .symbols = c.map};
    if (aotx_xip(&c.copy, &o, &img, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    assert_true(img->verified);
    const uint8_t *code = img->bytes + (img->code_address - img->base);
    unsigned pairs = 0, shared = 0;
    for (uint32_t i = 0; i < c.group.count; i++) {
        const struct aotx_reloc *r = &c.relocs[i];
        if (r->type != R_RISCV_PCREL_LO12_I)
            continue;
        const struct aotx_reloc *hi = NULL;
        for (uint32_t k = 0; k < c.group.count; k++)
            if (c.relocs[k].type == R_RISCV_PCREL_HI20 && c.relocs[k].offset == c.hi_of[i])
                hi = &c.relocs[k];
        assert_non_null(hi);
        const char *name = c.syms[hi->symbol].name;
        uint64_t target = 0;
        for (uint32_t k = 0; k < img->placement_count; k++)
            if (strcmp(img->placements[k].name, name) == 0)
                target = img->placements[k].address + (uint64_t)hi->addend;
        assert_true(target != 0);
        /* auipc rd, imm20 at the label; the load's I-type immediate */
        uint32_t auipc = rd32le(code + hi->offset), load = rd32le(code + r->offset);
        assert_int_equal(auipc & 0x7f, 0x17);
        int64_t reach = (int64_t)(img->code_address + hi->offset) +
                        sext(auipc & 0xfffff000u, 32) + sext(load >> 20, 12);
        if ((uint64_t)reach != target)
            fail_msg("text+%#llx: the load reaches %#llx, not %s+%lld = %#llx",
                     (unsigned long long)r->offset, (unsigned long long)reach, name,
                     (long long)hi->addend, (unsigned long long)target);
        pairs++;
        shared += hi->offset + 4 != r->offset;
    }
    assert_int_equal(pairs, 13);
    assert_true(shared >= 2);
    aotx_xip_free(img);

    /* a LO12 whose label is no AUIPC: the first LO12 names text+0x2 */
    for (uint32_t i = 0; i < c.group.count; i++)
        if (c.relocs[i].type == R_RISCV_PCREL_LO12_I) {
            c.relocs[i].addend = 2;
            break;
        }
    img = NULL;
    assert_int_equal(aotx_xip(&c.copy, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_null(img);
    assert_string_equal(d.msg, "text+0x4 (aot_func#0 (poly)+0x4): relocation R_RISCV_PCREL_LO12_I "
                               "refers to 0x8040142, where no PC-relative high part is "
                               "relocated");
    pcrel_case_free(&c);
}

/* Label differences through the rewriter: riscv64/float.aot with a group
 * that patches its .srodata.cst8 (72 bytes, copied after the code) the way
 * GNU as writes label differences: pairs at one field, against .text and
 * the section itself, whose values change because the copy moves away from
 * the code. The expected bytes are worked out here from the addresses the
 * report gives; then the errors: overlaps that are no pair, pairs broken. */
struct label_case {
    struct aotx_module *m, copy;
    uint8_t *file;
    struct aotx_symbol *syms;
    struct aotx_data_section *ds;
    struct aotx_reloc_group groups[2];
    struct aotx_reloc *text_relocs;
    struct aotx_reloc relocs[32];
    uint8_t data[72];
    uint32_t sec, text, rodata; /* data section index; symbols .text, .srodata.cst8 */
    struct aotx_symmap *map;
};

static void label_case_make(struct label_case *c)
{
    struct aotx_diag d = {0};
    size_t size;
    memset(c, 0, sizeof *c);
    c->file = load_data("aot/v6/riscv64/float.aot", &size);
    if (aotx_read(c->file, size, &c->m, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    const struct aotx_module *m = c->m;
    c->copy = *m;
    while (strcmp(m->data_sections[c->sec].name, ".srodata.cst8") != 0)
        c->sec++;
    assert_int_equal(m->data_sections[c->sec].size, sizeof c->data);
    c->ds = calloc(m->data_section_count, sizeof *c->ds);
    c->syms = calloc(m->symbol_count + 1, sizeof *c->syms);
    c->text_relocs = calloc(m->groups[0].count + 1, sizeof *c->text_relocs);
    assert_true(c->ds && c->syms && c->text_relocs);
    memcpy(c->ds, m->data_sections, m->data_section_count * sizeof *c->ds);
    memcpy(c->syms, m->symbols, m->symbol_count * sizeof *c->syms);
    memcpy(c->text_relocs, m->groups[0].relocs, m->groups[0].count * sizeof *c->text_relocs);
    c->text = m->symbol_count;
    c->syms[c->text] = (struct aotx_symbol){".text", AOTX_SYM_CODE, 0};
    while (strcmp(m->symbols[c->rodata].name, ".srodata.cst8") != 0)
        c->rodata++;
    memset(c->data, 0x5a, sizeof c->data);
    c->ds[c->sec].bytes = c->data;
    c->groups[0] = m->groups[0];
    c->groups[0].relocs = c->text_relocs;
    c->groups[1] = (struct aotx_reloc_group){0, ".rela.srodata.cst8", AOTX_PATCH_DATA, c->sec,
                                             0, c->relocs};
    c->copy.data_sections = c->ds;
    c->copy.symbols = c->syms;
    c->copy.symbol_count = m->symbol_count + 1;
    c->copy.groups = c->groups;
    c->copy.group_count = 2;
    c->map = aotx_symmap_new();
    assert_non_null(c->map);
    assert_int_equal(aotx_symmap_defsym(c->map, "aot_set_exception_with_id=0x08000000", &d),
                     AOTX_OK);
}

static void label_case_free(struct label_case *c)
{
    aotx_symmap_free(c->map);
    free(c->ds);
    free(c->syms);
    free(c->text_relocs);
    aotx_module_free(c->m);
    free(c->file);
}

static void add_reloc(struct label_case *c, uint64_t off, uint32_t type, uint32_t sym,
                      int64_t addend)
{
    assert_true(c->groups[1].count < COUNT(c->relocs));
    c->relocs[c->groups[1].count++] = (struct aotx_reloc){off, addend, type, sym};
}

/* One relocation added to the case's group, the rewrite refused with msg. */
static void label_case_refused(struct label_case *c, const char *msg)
{
    struct aotx_xip_options o = {.base = 0x08040000, .symbols = c->map};
    struct aotx_xip_image *img = NULL;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_xip(&c->copy, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_null(img);
    assert_string_equal(d.msg, msg);
}

static void label_differences_through_the_rewriter(void **state)
{
    (void)state;
    struct label_case c;
    label_case_make(&c);
    uint32_t T = c.text, R = c.rodata;
    memset(c.data, 0, 16); /* the ADD fields: GNU as writes 0 */
    c.data[16] = 0xc7;     /* SET6/SUB6 keep 0xc0 */
    c.data[20] = 0x80; /* a two-byte ULEB128 */
    c.data[21] = 0x00;
    c.data[22] = 0x01; /* ADD16 adds to 0x0001 */
    c.data[23] = 0x00;
    c.data[32] = 0x80; /* a three-byte ULEB128 */
    c.data[33] = 0x80;
    c.data[34] = 0x00;
    add_reloc(&c, 0, R_RISCV_ADD32, T, 0x40);  /* .word .text+0x40 - .srodata.cst8 */
    add_reloc(&c, 0, R_RISCV_SUB32, R, 0);
    add_reloc(&c, 4, R_RISCV_ADD32, T, 0x80);
    add_reloc(&c, 4, R_RISCV_SUB32, R, 4);     /* an entry minus its own address */
    add_reloc(&c, 8, R_RISCV_ADD64, T, 0x10);
    add_reloc(&c, 8, R_RISCV_SUB64, R, 8);
    add_reloc(&c, 16, R_RISCV_SET6, T, 0x13);  /* DW_CFA_advance_loc style */
    add_reloc(&c, 16, R_RISCV_SUB6, T, 0x4);
    add_reloc(&c, 17, R_RISCV_SET8, R, 0x30);
    add_reloc(&c, 17, R_RISCV_SUB8, R, 0x10);
    add_reloc(&c, 18, R_RISCV_SET16, T, 0x100);
    add_reloc(&c, 18, R_RISCV_SUB16, T, 0);
    add_reloc(&c, 20, R_RISCV_SET_ULEB128, T, 0x90);
    add_reloc(&c, 20, R_RISCV_SUB_ULEB128, T, 0x10);
    add_reloc(&c, 22, R_RISCV_ADD16, T, 2);    /* alone: adds to what the field holds */
    add_reloc(&c, 24, R_RISCV_SET32, T, 0);
    add_reloc(&c, 28, R_RISCV_32, T, 8);       /* a word, then a label taken off it */
    add_reloc(&c, 28, R_RISCV_SUB32, R, 28);
    add_reloc(&c, 32, R_RISCV_SET_ULEB128, R, 0x40);
    add_reloc(&c, 32, R_RISCV_SUB_ULEB128, R, 0);
    struct aotx_xip_options o = {.base = 0x08040000, .symbols = c.map};
    struct aotx_xip_image *img = NULL;
    struct aotx_diag d = {0};
    if (aotx_xip(&c.copy, &o, &img, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    assert_true(img->verified);
    uint64_t code = img->code_address, data = 0;
    for (uint32_t k = 0; k < img->placement_count; k++)
        if (strcmp(img->placements[k].name, ".srodata.cst8") == 0)
            data = img->placements[k].address;
    assert_true(data > code); /* the copy follows the code */
    const uint8_t *p = img->bytes + (data - img->base);
    assert_int_equal(rd32le(p), (uint32_t)(code + 0x40 - data));
    assert_int_equal(rd32le(p + 4), (uint32_t)(code + 0x80 - (data + 4)));
    assert_true(rd64le(p + 8) == code + 0x10 - (data + 8));
    assert_int_equal(p[16], 0xc0 | 0x0f);
    assert_int_equal(p[17], 0x20);
    assert_int_equal(rd16le(p + 18), 0x100);
    assert_int_equal(p[20], 0x80); /* 0x80: ULEB128 80 01 */
    assert_int_equal(p[21], 0x01);
    assert_int_equal(rd16le(p + 22), (uint16_t)(1 + code + 2));
    assert_int_equal(rd32le(p + 24), (uint32_t)code);
    assert_int_equal(rd32le(p + 28), (uint32_t)(code + 8 - (data + 28)));
    assert_int_equal(p[32], 0xc0); /* 0x40 in three bytes: c0 80 00 */
    assert_int_equal(p[33], 0x80);
    assert_int_equal(p[34], 0x00);
    for (unsigned k = 36; k < sizeof c.data; k++)
        assert_int_equal(p[k], 0x5a);
    aotx_xip_free(img);

    /* overlaps that are no pair */
    uint32_t keep = c.groups[1].count;
    add_reloc(&c, 40, R_RISCV_32, T, 0);
    add_reloc(&c, 42, R_RISCV_32, T, 0);
    label_case_refused(&c, "'.srodata.cst8'+0x2a: relocation R_RISCV_32 overlaps the field of "
                           "R_RISCV_32 at '.srodata.cst8'+0x28; references '.text'");
    c.groups[1].count = keep;
    add_reloc(&c, 40, R_RISCV_SET8, T, 0);
    add_reloc(&c, 40, R_RISCV_SET8, R, 0); /* the second would overwrite the first */
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SET8 overlaps the field of "
                           "R_RISCV_SET8 at '.srodata.cst8'+0x28; references '.srodata.cst8'");
    c.groups[1].count = keep;
    add_reloc(&c, 40, R_RISCV_ADD32, T, 0);
    add_reloc(&c, 40, R_RISCV_SUB16, R, 0); /* another width */
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SUB16 overlaps the field of "
                           "R_RISCV_ADD32 at '.srodata.cst8'+0x28; references '.srodata.cst8'");
    c.groups[1].count = keep;
    add_reloc(&c, 40, R_RISCV_SET6, T, 0);
    add_reloc(&c, 40, R_RISCV_SUB8, R, 0); /* one byte, but not the same field */
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SUB8 overlaps the field of "
                           "R_RISCV_SET6 at '.srodata.cst8'+0x28; references '.srodata.cst8'");
    /* ULEB128 pairs broken, or too small */
    c.groups[1].count = keep;
    add_reloc(&c, 32, R_RISCV_SET_ULEB128, T, 0); /* a third at the pair's field */
    label_case_refused(&c, "'.srodata.cst8'+0x20: relocation R_RISCV_SET_ULEB128 overlaps the "
                           "field of R_RISCV_SUB_ULEB128 at '.srodata.cst8'+0x20; references "
                           "'.text' (and 1 more error)");
    c.groups[1].count = keep;
    c.data[40] = 0;
    add_reloc(&c, 40, R_RISCV_SET_ULEB128, T, 0);
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SET_ULEB128 is not "
                           "followed by R_RISCV_SUB_ULEB128 at the same offset; references "
                           "'.text'");
    c.groups[1].count = keep;
    add_reloc(&c, 40, R_RISCV_SUB_ULEB128, T, 0); /* and 0 - .text does not fit */
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SUB_ULEB128 does not come "
                           "right after R_RISCV_SET_ULEB128 at the same offset; references "
                           "'.text' (and 1 more error)");
    c.groups[1].count = keep;
    add_reloc(&c, 40, R_RISCV_SET_ULEB128, T, 0x90);
    add_reloc(&c, 40, R_RISCV_SUB_ULEB128, T, 0x10);
    label_case_refused(&c, "'.srodata.cst8'+0x28: relocation R_RISCV_SUB_ULEB128 out of range: "
                           "128 is not in [0, 127]; references '.text'");
    c.groups[1].count = keep;
    memset(c.data + 62, 0x80, 10);                 /* continues to the end */
    add_reloc(&c, 62, R_RISCV_SET_ULEB128, T, 0);
    add_reloc(&c, 62, R_RISCV_SUB_ULEB128, T, 0);
    label_case_refused(&c, "'.srodata.cst8'+0x3e: relocation R_RISCV_SET_ULEB128 does not apply "
                           "to the instruction there (80 80 80); references '.text' (and 1 more "
                           "error)");
    /* a chain walks back at most 15 links: 15 compose, a 16th is refused */
    struct aotx_reloc saved[COUNT(c.relocs)];
    memcpy(saved, c.relocs, sizeof saved);
    c.groups[1].count = 0;
    memset(c.data + 40, 0x5a, 4);
    for (unsigned k = 0; k < 15; k++)
        add_reloc(&c, 40, R_RISCV_ADD32, T, 1);
    img = NULL;
    if (aotx_xip(&c.copy, &o, &img, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    code = img->code_address;
    for (uint32_t k = 0; k < img->placement_count; k++)
        if (strcmp(img->placements[k].name, ".srodata.cst8") == 0)
            data = img->placements[k].address;
    assert_int_equal(rd32le(img->bytes + (data - img->base) + 40),
                     (uint32_t)(0x5a5a5a5au + 15 * (code + 1)));
    aotx_xip_free(img);
    add_reloc(&c, 40, R_RISCV_ADD32, T, 1);
    label_case_refused(&c, "'.srodata.cst8'+0x28: more than 15 relocations patch one field");
    memcpy(c.relocs, saved, sizeof saved);
    /* an instruction field overlapped: the JALR of a CALL */
    c.groups[1].count = keep;
    uint32_t call = 0;
    while (c.text_relocs[call].type != R_RISCV_CALL && c.text_relocs[call].type != R_RISCV_CALL_PLT)
        call++;
    c.text_relocs[c.groups[0].count] = (struct aotx_reloc){c.text_relocs[call].offset + 4, 0,
                                                           R_RISCV_LO12_I, T};
    c.groups[0].count++;
    struct aotx_xip_image *none = NULL;
    assert_int_equal(aotx_xip(&c.copy, &o, &none, &d), AOTX_E_UNSUPPORTED);
    assert_non_null(strstr(d.msg, ": relocation R_RISCV_LO12_I overlaps the field of "
                                  "R_RISCV_CALL"));
    label_case_free(&c);
}

/* RV32 has no 64-bit label arithmetic, as it has no R_RISCV_64. */
static void add64_is_rv64_only(void **state)
{
    (void)state;
    size_t size;
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    uint8_t *file = load_data("aot/v6/riscv32/imports.aot", &size);
    if (aotx_read(file, size, &m, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    struct aotx_symmap *map = aotx_symmap_new();
    assert_int_equal(aotx_symmap_defsym(map, "aot_set_exception_with_id=0x08000000", &d), AOTX_OK);
    assert_int_equal(aotx_symmap_defsym(map, "aot_invoke_native=0x08000040", &d), AOTX_OK);
    struct aotx_xip_options o = {.base = 0x08040000, .symbols = map};
    struct aotx_xip_image *img = NULL;
    m->groups[0].relocs[0].type = R_RISCV_ADD64;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_null(img);
    assert_non_null(strstr(d.msg, ": relocation R_RISCV_ADD64 (36) is not supported for riscv32 "
                                  "code; references '"));
    m->groups[0].relocs[0].type = R_RISCV_SUB64;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_UNSUPPORTED);
    assert_non_null(strstr(d.msg, ": relocation R_RISCV_SUB64 (40) is not supported for riscv32 "
                                  "code; references '"));
    aotx_symmap_free(map);
    aotx_module_free(m);
    free(file);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(matches_lld),
    cmocka_unit_test(refuses_out_of_range),
    cmocka_unit_test(round_trips_and_keeps_other_bits),
    cmocka_unit_test(markers_write_nothing),
    cmocka_unit_test(label_arithmetic_matches_lld),
    cmocka_unit_test(label_arithmetic_refuses),
    cmocka_unit_test(label_fields_keep_their_neighbours),
    cmocka_unit_test(howto_tables),
    cmocka_unit_test(veneer_template),
    cmocka_unit_test(pcrel_pairs_through_the_rewriter),
    cmocka_unit_test(label_differences_through_the_rewriter),
    cmocka_unit_test(add64_is_rv64_only),
};

TEST_MAIN(tests)
