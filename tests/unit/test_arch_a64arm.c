/* The AArch64 and ARM (A32) relocators, arch/aarch64.c and arch/arm.c.
 *
 * 1. Vectors from ld.lld (a64[] and a32[]): each row is one placeholder
 *    field with one relocation against a symbol S, assembled by llvm-mc 14
 *    and linked by ld.lld 14 with the field at P; `out` is the linked field.
 *    The generator, which runs both and prints the rows, is at the end of
 *    this file. Rows that must fail were not linked: their allowed range is
 *    AAELF's. Each row runs field(), encode() into a guarded buffer,
 *    decode(); ARM rows also check the addend read from the placeholder.
 * 2. Round trips at each range limit, per type: min, min + step, -step, 0,
 *    step, max fit, decode(encode(field(v))) == field(v), and every bit
 *    outside the field is kept (encoded into all-zero and all-one
 *    backgrounds, both byte orders for AArch64); min - step, max + step and
 *    a misaligned value fail with the allowed range.
 * 3. The descriptors and the veneers (bytes from llvm-mc -show-encoding).
 * 4. Real modules through aotx_xip: exact error texts, a far call through
 *    the veneer on aarch64 and aarch64_be, a B to a Thumb native on ARM. */
#include "testutil.h"

#include "aot_xip/xip.h"
#include "arch.h"
#include "bytes.h"

enum {
#define RELOC(name, num) name = num,
#include "names/aarch64.def"
#include "names/arm.def"
#undef RELOC
};

/* One vector. in/out: the field as a number, in the target's byte order
 * for data (AArch64 ABS and PREL words), little-endian for instructions. */
struct vec {
    uint32_t type;
    uint64_t P, S;
    int64_t A;          /* AArch64: the record's addend; ARM: what the placeholder holds */
    uint64_t in, out;   /* the field before (the placeholder) and after (ld.lld) */
    int be;             /* aarch64_be */
    int ok;             /* 0: field() refuses, with the allowed range below */
    struct aotx_range bad;
};

#define FITS 1, {0, 0, 0, 0, 0}
#define REFUSED(lo, hi, align, state) 0, {lo, hi, align, state, 0}

static const struct vec a64[] = {
    /* NONE: nothing written (nop) */
    {R_AARCH64_NONE, 0x200000000, 0x200000000, 0x0, 0xd503201f, 0xd503201f, 0, FITS},
    /* ABS64: S + A = 0x123456789abcdef: S + A, no check */
    {R_AARCH64_ABS64, 0x200000008, 0x123456789abcddf, 0x10, 0x1111111111111111, 0x123456789abcdef, 0, FITS},
    /* ABS64: S + A = -0x1: S + A = 2^64 - 1 */
    {R_AARCH64_ABS64, 0x200000010, 0xffffffffffffffff, 0x0, 0x0, 0xffffffffffffffff, 0, FITS},
    /* PREL64: S + A - P = -0x123456789: S + A - P, no check */
    {R_AARCH64_PREL64, 0x200000018, 0xdcba9897, -0x8ll, 0x1111111111111111, 0xfffffffedcba9877, 0, FITS},
    /* ABS32: S + A = -0x80000000: min */
    {R_AARCH64_ABS32, 0x200000020, 0xffffffff80000000, 0x0, 0x11111111, 0x80000000, 0, FITS},
    /* ABS32: S + A = -0x7fffffff: min + step */
    {R_AARCH64_ABS32, 0x200000028, 0xffffffff80000001, 0x0, 0x11111111, 0x80000001, 0, FITS},
    /* ABS32: S + A = -0x1: -step */
    {R_AARCH64_ABS32, 0x200000030, 0xffffffffffffffff, 0x0, 0x11111111, 0xffffffff, 0, FITS},
    /* ABS32: S + A = 0x0: 0 */
    {R_AARCH64_ABS32, 0x200000038, 0x0, 0x0, 0x11111111, 0x0, 0, FITS},
    /* ABS32: S + A = 0x1: step */
    {R_AARCH64_ABS32, 0x200000040, 0x1, 0x0, 0x11111111, 0x1, 0, FITS},
    /* ABS32: S + A = 0xffffffff: max */
    {R_AARCH64_ABS32, 0x200000048, 0xffffffff, 0x0, 0x11111111, 0xffffffff, 0, FITS},
    /* ABS32: S + A = -0x80000001: min - step */
    {R_AARCH64_ABS32, 0x200000050, 0xffffffff7fffffff, 0x0, 0x11111111, 0x0, 0, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* ABS32: S + A = 0x100000000: max + step */
    {R_AARCH64_ABS32, 0x200000058, 0x100000000, 0x0, 0x11111111, 0x0, 0, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* PREL32: S + A - P = -0x80000000: min */
    {R_AARCH64_PREL32, 0x200000060, 0x180000060, 0x0, 0x11111111, 0x80000000, 0, FITS},
    /* PREL32: S + A - P = -0x7fffffff: min + step */
    {R_AARCH64_PREL32, 0x200000068, 0x180000069, 0x0, 0x11111111, 0x80000001, 0, FITS},
    /* PREL32: S + A - P = -0x1: -step */
    {R_AARCH64_PREL32, 0x200000070, 0x20000006f, 0x0, 0x11111111, 0xffffffff, 0, FITS},
    /* PREL32: S + A - P = 0x0: 0 */
    {R_AARCH64_PREL32, 0x200000078, 0x200000078, 0x0, 0x11111111, 0x0, 0, FITS},
    /* PREL32: S + A - P = 0x1: step */
    {R_AARCH64_PREL32, 0x200000080, 0x200000081, 0x0, 0x11111111, 0x1, 0, FITS},
    /* PREL32: S + A - P = 0xffffffff: max */
    {R_AARCH64_PREL32, 0x200000088, 0x300000087, 0x0, 0x11111111, 0xffffffff, 0, FITS},
    /* PREL32: S + A - P = -0x80000001: min - step */
    {R_AARCH64_PREL32, 0x200000090, 0x18000008f, 0x0, 0x11111111, 0x0, 0, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* PREL32: S + A - P = 0x100000000: max + step */
    {R_AARCH64_PREL32, 0x200000098, 0x300000098, 0x0, 0x11111111, 0x0, 0, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* ABS16: S + A = -0x8000: min */
    {R_AARCH64_ABS16, 0x2000000a0, 0xffffffffffff8000, 0x0, 0x1111, 0x8000, 0, FITS},
    /* ABS16: S + A = -0x7fff: min + step */
    {R_AARCH64_ABS16, 0x2000000a8, 0xffffffffffff8001, 0x0, 0x1111, 0x8001, 0, FITS},
    /* ABS16: S + A = -0x1: -step */
    {R_AARCH64_ABS16, 0x2000000b0, 0xffffffffffffffff, 0x0, 0x1111, 0xffff, 0, FITS},
    /* ABS16: S + A = 0x0: 0 */
    {R_AARCH64_ABS16, 0x2000000b8, 0x0, 0x0, 0x1111, 0x0, 0, FITS},
    /* ABS16: S + A = 0x1: step */
    {R_AARCH64_ABS16, 0x2000000c0, 0x1, 0x0, 0x1111, 0x1, 0, FITS},
    /* ABS16: S + A = 0xffff: max */
    {R_AARCH64_ABS16, 0x2000000c8, 0xffff, 0x0, 0x1111, 0xffff, 0, FITS},
    /* ABS16: S + A = -0x8001: min - step */
    {R_AARCH64_ABS16, 0x2000000d0, 0xffffffffffff7fff, 0x0, 0x1111, 0x0, 0, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* ABS16: S + A = 0x10000: max + step */
    {R_AARCH64_ABS16, 0x2000000d8, 0x10000, 0x0, 0x1111, 0x0, 0, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* PREL16: S + A - P = -0x8000: min */
    {R_AARCH64_PREL16, 0x2000000e0, 0x1ffff80e0, 0x0, 0x1111, 0x8000, 0, FITS},
    /* PREL16: S + A - P = -0x7fff: min + step */
    {R_AARCH64_PREL16, 0x2000000e8, 0x1ffff80e9, 0x0, 0x1111, 0x8001, 0, FITS},
    /* PREL16: S + A - P = -0x1: -step */
    {R_AARCH64_PREL16, 0x2000000f0, 0x2000000ef, 0x0, 0x1111, 0xffff, 0, FITS},
    /* PREL16: S + A - P = 0x0: 0 */
    {R_AARCH64_PREL16, 0x2000000f8, 0x2000000f8, 0x0, 0x1111, 0x0, 0, FITS},
    /* PREL16: S + A - P = 0x1: step */
    {R_AARCH64_PREL16, 0x200000100, 0x200000101, 0x0, 0x1111, 0x1, 0, FITS},
    /* PREL16: S + A - P = 0xffff: max */
    {R_AARCH64_PREL16, 0x200000108, 0x200010107, 0x0, 0x1111, 0xffff, 0, FITS},
    /* PREL16: S + A - P = -0x8001: min - step */
    {R_AARCH64_PREL16, 0x200000110, 0x1ffff810f, 0x0, 0x1111, 0x0, 0, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* PREL16: S + A - P = 0x10000: max + step */
    {R_AARCH64_PREL16, 0x200000118, 0x200010118, 0x0, 0x1111, 0x0, 0, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* CALL26: S + A - P = -0x8000000: min */
    {R_AARCH64_CALL26, 0x200000120, 0x1f8000120, 0x0, 0x94000000, 0x96000000, 0, FITS},
    /* CALL26: S + A - P = -0x7fffffc: min + step */
    {R_AARCH64_CALL26, 0x200000128, 0x1f800012c, 0x0, 0x94000000, 0x96000001, 0, FITS},
    /* CALL26: S + A - P = -0x4: -step */
    {R_AARCH64_CALL26, 0x200000130, 0x20000012c, 0x0, 0x94000000, 0x97ffffff, 0, FITS},
    /* CALL26: S + A - P = 0x0: 0 */
    {R_AARCH64_CALL26, 0x200000138, 0x200000138, 0x0, 0x94000000, 0x94000000, 0, FITS},
    /* CALL26: S + A - P = 0x4: step */
    {R_AARCH64_CALL26, 0x200000140, 0x200000144, 0x0, 0x94000000, 0x94000001, 0, FITS},
    /* CALL26: S + A - P = 0x7fffffc: max */
    {R_AARCH64_CALL26, 0x200000148, 0x208000144, 0x0, 0x94000000, 0x95ffffff, 0, FITS},
    /* CALL26: S + A - P = -0x8000004: min - step */
    {R_AARCH64_CALL26, 0x200000150, 0x1f800014c, 0x0, 0x94000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* CALL26: S + A - P = 0x8000000: max + step */
    {R_AARCH64_CALL26, 0x200000158, 0x208000158, 0x0, 0x94000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* CALL26: S + A - P = 0x2: not a multiple of 4 */
    {R_AARCH64_CALL26, 0x200000160, 0x200000162, 0x0, 0x94000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* CALL26: S + A - P = 0x1000: A = 8 */
    {R_AARCH64_CALL26, 0x200000168, 0x200001160, 0x8, 0x94000000, 0x94000400, 0, FITS},
    /* JUMP26: S + A - P = -0x8000000: min */
    {R_AARCH64_JUMP26, 0x200000170, 0x1f8000170, 0x0, 0x14000000, 0x16000000, 0, FITS},
    /* JUMP26: S + A - P = -0x7fffffc: min + step */
    {R_AARCH64_JUMP26, 0x200000178, 0x1f800017c, 0x0, 0x14000000, 0x16000001, 0, FITS},
    /* JUMP26: S + A - P = -0x4: -step */
    {R_AARCH64_JUMP26, 0x200000180, 0x20000017c, 0x0, 0x14000000, 0x17ffffff, 0, FITS},
    /* JUMP26: S + A - P = 0x0: 0 */
    {R_AARCH64_JUMP26, 0x200000188, 0x200000188, 0x0, 0x14000000, 0x14000000, 0, FITS},
    /* JUMP26: S + A - P = 0x4: step */
    {R_AARCH64_JUMP26, 0x200000190, 0x200000194, 0x0, 0x14000000, 0x14000001, 0, FITS},
    /* JUMP26: S + A - P = 0x7fffffc: max */
    {R_AARCH64_JUMP26, 0x200000198, 0x208000194, 0x0, 0x14000000, 0x15ffffff, 0, FITS},
    /* JUMP26: S + A - P = -0x8000004: min - step */
    {R_AARCH64_JUMP26, 0x2000001a0, 0x1f800019c, 0x0, 0x14000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* JUMP26: S + A - P = 0x8000000: max + step */
    {R_AARCH64_JUMP26, 0x2000001a8, 0x2080001a8, 0x0, 0x14000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* JUMP26: S + A - P = -0x6: not a multiple of 4 */
    {R_AARCH64_JUMP26, 0x2000001b0, 0x2000001aa, 0x0, 0x14000000, 0x0, 0, REFUSED(-0x8000000ll, 0x7fffffc, 4, 0)},
    /* CONDBR19: S + A - P = -0x100000: min */
    {R_AARCH64_CONDBR19, 0x2000001b8, 0x1fff001b8, 0x0, 0x54000001, 0x54800001, 0, FITS},
    /* CONDBR19: S + A - P = -0xffffc: min + step */
    {R_AARCH64_CONDBR19, 0x2000001c0, 0x1fff001c4, 0x0, 0x54000001, 0x54800021, 0, FITS},
    /* CONDBR19: S + A - P = -0x4: -step */
    {R_AARCH64_CONDBR19, 0x2000001c8, 0x2000001c4, 0x0, 0x54000001, 0x54ffffe1, 0, FITS},
    /* CONDBR19: S + A - P = 0x0: 0 */
    {R_AARCH64_CONDBR19, 0x2000001d0, 0x2000001d0, 0x0, 0x54000001, 0x54000001, 0, FITS},
    /* CONDBR19: S + A - P = 0x4: step */
    {R_AARCH64_CONDBR19, 0x2000001d8, 0x2000001dc, 0x0, 0x54000001, 0x54000021, 0, FITS},
    /* CONDBR19: S + A - P = 0xffffc: max */
    {R_AARCH64_CONDBR19, 0x2000001e0, 0x2001001dc, 0x0, 0x54000001, 0x547fffe1, 0, FITS},
    /* CONDBR19: S + A - P = -0x100004: min - step */
    {R_AARCH64_CONDBR19, 0x2000001e8, 0x1fff001e4, 0x0, 0x54000001, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* CONDBR19: S + A - P = 0x100000: max + step */
    {R_AARCH64_CONDBR19, 0x2000001f0, 0x2001001f0, 0x0, 0x54000001, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* CONDBR19: S + A - P = 0x101: not a multiple of 4 */
    {R_AARCH64_CONDBR19, 0x2000001f8, 0x2000002f9, 0x0, 0x54000001, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* CONDBR19: S + A - P = 0x100: cbz x3 */
    {R_AARCH64_CONDBR19, 0x200000200, 0x200000300, 0x0, 0xb4000003, 0xb4000803, 0, FITS},
    /* LD_PREL_LO19: S + A - P = -0x100000: min */
    {R_AARCH64_LD_PREL_LO19, 0x200000208, 0x1fff00208, 0x0, 0x58000000, 0x58800000, 0, FITS},
    /* LD_PREL_LO19: S + A - P = -0xffffc: min + step */
    {R_AARCH64_LD_PREL_LO19, 0x200000210, 0x1fff00214, 0x0, 0x58000000, 0x58800020, 0, FITS},
    /* LD_PREL_LO19: S + A - P = -0x4: -step */
    {R_AARCH64_LD_PREL_LO19, 0x200000218, 0x200000214, 0x0, 0x58000000, 0x58ffffe0, 0, FITS},
    /* LD_PREL_LO19: S + A - P = 0x0: 0 */
    {R_AARCH64_LD_PREL_LO19, 0x200000220, 0x200000220, 0x0, 0x58000000, 0x58000000, 0, FITS},
    /* LD_PREL_LO19: S + A - P = 0x4: step */
    {R_AARCH64_LD_PREL_LO19, 0x200000228, 0x20000022c, 0x0, 0x58000000, 0x58000020, 0, FITS},
    /* LD_PREL_LO19: S + A - P = 0xffffc: max */
    {R_AARCH64_LD_PREL_LO19, 0x200000230, 0x20010022c, 0x0, 0x58000000, 0x587fffe0, 0, FITS},
    /* LD_PREL_LO19: S + A - P = -0x100004: min - step */
    {R_AARCH64_LD_PREL_LO19, 0x200000238, 0x1fff00234, 0x0, 0x58000000, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* LD_PREL_LO19: S + A - P = 0x100000: max + step */
    {R_AARCH64_LD_PREL_LO19, 0x200000240, 0x200100240, 0x0, 0x58000000, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* LD_PREL_LO19: S + A - P = 0x6: not a multiple of 4 */
    {R_AARCH64_LD_PREL_LO19, 0x200000248, 0x20000024e, 0x0, 0x58000000, 0x0, 0, REFUSED(-0x100000ll, 0xffffc, 4, 0)},
    /* TSTBR14: S + A - P = -0x8000: min */
    {R_AARCH64_TSTBR14, 0x200000250, 0x1ffff8250, 0x0, 0x36f80000, 0x36fc0000, 0, FITS},
    /* TSTBR14: S + A - P = -0x7ffc: min + step */
    {R_AARCH64_TSTBR14, 0x200000258, 0x1ffff825c, 0x0, 0x36f80000, 0x36fc0020, 0, FITS},
    /* TSTBR14: S + A - P = -0x4: -step */
    {R_AARCH64_TSTBR14, 0x200000260, 0x20000025c, 0x0, 0x36f80000, 0x36ffffe0, 0, FITS},
    /* TSTBR14: S + A - P = 0x0: 0 */
    {R_AARCH64_TSTBR14, 0x200000268, 0x200000268, 0x0, 0x36f80000, 0x36f80000, 0, FITS},
    /* TSTBR14: S + A - P = 0x4: step */
    {R_AARCH64_TSTBR14, 0x200000270, 0x200000274, 0x0, 0x36f80000, 0x36f80020, 0, FITS},
    /* TSTBR14: S + A - P = 0x7ffc: max */
    {R_AARCH64_TSTBR14, 0x200000278, 0x200008274, 0x0, 0x36f80000, 0x36fbffe0, 0, FITS},
    /* TSTBR14: S + A - P = -0x8004: min - step */
    {R_AARCH64_TSTBR14, 0x200000280, 0x1ffff827c, 0x0, 0x36f80000, 0x0, 0, REFUSED(-0x8000ll, 0x7ffc, 4, 0)},
    /* TSTBR14: S + A - P = 0x8000: max + step */
    {R_AARCH64_TSTBR14, 0x200000288, 0x200008288, 0x0, 0x36f80000, 0x0, 0, REFUSED(-0x8000ll, 0x7ffc, 4, 0)},
    /* TSTBR14: S + A - P = 0x1: not a multiple of 4 */
    {R_AARCH64_TSTBR14, 0x200000290, 0x200000291, 0x0, 0x36f80000, 0x0, 0, REFUSED(-0x8000ll, 0x7ffc, 4, 0)},
    /* ADR_PREL_LO21: S + A - P = -0x100000: min */
    {R_AARCH64_ADR_PREL_LO21, 0x200000298, 0x1fff00298, 0x0, 0x10000000, 0x10800000, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = -0xfffff: min + step */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002a0, 0x1fff002a1, 0x0, 0x10000000, 0x30800000, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = -0x1: -step */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002a8, 0x2000002a7, 0x0, 0x10000000, 0x70ffffe0, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = 0x0: 0 */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002b0, 0x2000002b0, 0x0, 0x10000000, 0x10000000, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = 0x1: step */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002b8, 0x2000002b9, 0x0, 0x10000000, 0x30000000, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = 0xfffff: max */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002c0, 0x2001002bf, 0x0, 0x10000000, 0x707fffe0, 0, FITS},
    /* ADR_PREL_LO21: S + A - P = -0x100001: min - step */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002c8, 0x1fff002c7, 0x0, 0x10000000, 0x0, 0, REFUSED(-0x100000ll, 0xfffff, 0, 0)},
    /* ADR_PREL_LO21: S + A - P = 0x100000: max + step */
    {R_AARCH64_ADR_PREL_LO21, 0x2000002d0, 0x2001002d0, 0x0, 0x10000000, 0x0, 0, REFUSED(-0x100000ll, 0xfffff, 0, 0)},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = -0x100000000: min */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x2000002d8, 0x100000000, 0x0, 0x90000000, 0x90800000, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = -0xfffff000: min + step */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x2000002e0, 0x100001000, 0x0, 0x90000000, 0xb0800000, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = -0x1000: -step */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x2000002e8, 0x1fffff000, 0x0, 0x90000000, 0xf0ffffe0, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0x0: 0 */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x2000002f0, 0x200000000, 0x0, 0x90000000, 0x90000000, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0x1000: step */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x2000002f8, 0x200001000, 0x0, 0x90000000, 0xb0000000, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0xfffff000: max */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000300, 0x2fffff000, 0x0, 0x90000000, 0xf07fffe0, 0, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = -0x100001000: min - step */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000308, 0xfffff000, 0x0, 0x90000000, 0x0, 0, REFUSED(-0x100000000ll, 0xfffff000, 4096, 0)},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0x100000000: max + step */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000310, 0x300000000, 0x0, 0x90000000, 0x0, 0, REFUSED(-0x100000000ll, 0xfffff000, 4096, 0)},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0x12345000: adrp x9, junk immediate */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000318, 0x212345678, 0x0, 0xf0000009, 0xb0091a29, 0, FITS},
    /* ADR_PREL_PG_HI21_NC: Page(S+A) - Page(P) = 0x100000000: no check: 2^32 wraps to page 0 */
    {R_AARCH64_ADR_PREL_PG_HI21_NC, 0x200000320, 0x300000000, 0x0, 0x90000000, 0x90800000, 0, FITS},
    /* ADR_PREL_PG_HI21_NC: Page(S+A) - Page(P) = -0x100001000: no check */
    {R_AARCH64_ADR_PREL_PG_HI21_NC, 0x200000328, 0xfffff000, 0x0, 0x90000000, 0xf07fffe0, 0, FITS},
    /* ADD_ABS_LO12_NC: S + A = 0x0: imm12 = X[11:0] */
    {R_AARCH64_ADD_ABS_LO12_NC, 0x200000330, 0x0, 0x0, 0x91000000, 0x91000000, 0, FITS},
    /* ADD_ABS_LO12_NC: S + A = 0xfff: imm12 = X[11:0] */
    {R_AARCH64_ADD_ABS_LO12_NC, 0x200000338, 0xfff, 0x0, 0x91000000, 0x913ffc00, 0, FITS},
    /* ADD_ABS_LO12_NC: S + A = 0x12345678: imm12 = X[11:0] */
    {R_AARCH64_ADD_ABS_LO12_NC, 0x200000340, 0x12345678, 0x0, 0x91000000, 0x9119e000, 0, FITS},
    /* LDST8_ABS_LO12_NC: S + A = 0x2000: X[11:0] = 0 */
    {R_AARCH64_LDST8_ABS_LO12_NC, 0x200000348, 0x2000, 0x0, 0x39400000, 0x39400000, 0, FITS},
    /* LDST8_ABS_LO12_NC: S + A = 0x1: one access up */
    {R_AARCH64_LDST8_ABS_LO12_NC, 0x200000350, 0x1, 0x0, 0x39400000, 0x39400400, 0, FITS},
    /* LDST8_ABS_LO12_NC: S + A = 0x7654321fff: X[11:0] = 0x1000 - size: the last */
    {R_AARCH64_LDST8_ABS_LO12_NC, 0x200000358, 0x7654321fff, 0x0, 0x39400000, 0x397ffc00, 0, FITS},
    /* LDST16_ABS_LO12_NC: S + A = 0x2000: X[11:0] = 0 */
    {R_AARCH64_LDST16_ABS_LO12_NC, 0x200000360, 0x2000, 0x0, 0x79400000, 0x79400000, 0, FITS},
    /* LDST16_ABS_LO12_NC: S + A = 0x2: one access up */
    {R_AARCH64_LDST16_ABS_LO12_NC, 0x200000368, 0x2, 0x0, 0x79400000, 0x79400400, 0, FITS},
    /* LDST16_ABS_LO12_NC: S + A = 0x7654321ffe: X[11:0] = 0x1000 - size: the last */
    {R_AARCH64_LDST16_ABS_LO12_NC, 0x200000370, 0x7654321ffe, 0x0, 0x79400000, 0x795ffc00, 0, FITS},
    /* LDST16_ABS_LO12_NC: S + A = 0x2001: not a multiple of the access size */
    {R_AARCH64_LDST16_ABS_LO12_NC, 0x200000378, 0x2001, 0x0, 0x79400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 2, 0)},
    /* LDST16_ABS_LO12_NC: S + A = 0x2fff: not a multiple of the access size */
    {R_AARCH64_LDST16_ABS_LO12_NC, 0x200000380, 0x2fff, 0x0, 0x79400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 2, 0)},
    /* LDST32_ABS_LO12_NC: S + A = 0x2000: X[11:0] = 0 */
    {R_AARCH64_LDST32_ABS_LO12_NC, 0x200000388, 0x2000, 0x0, 0xb9400000, 0xb9400000, 0, FITS},
    /* LDST32_ABS_LO12_NC: S + A = 0x4: one access up */
    {R_AARCH64_LDST32_ABS_LO12_NC, 0x200000390, 0x4, 0x0, 0xb9400000, 0xb9400400, 0, FITS},
    /* LDST32_ABS_LO12_NC: S + A = 0x7654321ffc: X[11:0] = 0x1000 - size: the last */
    {R_AARCH64_LDST32_ABS_LO12_NC, 0x200000398, 0x7654321ffc, 0x0, 0xb9400000, 0xb94ffc00, 0, FITS},
    /* LDST32_ABS_LO12_NC: S + A = 0x2002: not a multiple of the access size */
    {R_AARCH64_LDST32_ABS_LO12_NC, 0x2000003a0, 0x2002, 0x0, 0xb9400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 4, 0)},
    /* LDST32_ABS_LO12_NC: S + A = 0x2fff: not a multiple of the access size */
    {R_AARCH64_LDST32_ABS_LO12_NC, 0x2000003a8, 0x2fff, 0x0, 0xb9400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 4, 0)},
    /* LDST64_ABS_LO12_NC: S + A = 0x2000: X[11:0] = 0 */
    {R_AARCH64_LDST64_ABS_LO12_NC, 0x2000003b0, 0x2000, 0x0, 0xf9400000, 0xf9400000, 0, FITS},
    /* LDST64_ABS_LO12_NC: S + A = 0x8: one access up */
    {R_AARCH64_LDST64_ABS_LO12_NC, 0x2000003b8, 0x8, 0x0, 0xf9400000, 0xf9400400, 0, FITS},
    /* LDST64_ABS_LO12_NC: S + A = 0x7654321ff8: X[11:0] = 0x1000 - size: the last */
    {R_AARCH64_LDST64_ABS_LO12_NC, 0x2000003c0, 0x7654321ff8, 0x0, 0xf9400000, 0xf947fc00, 0, FITS},
    /* LDST64_ABS_LO12_NC: S + A = 0x2004: not a multiple of the access size */
    {R_AARCH64_LDST64_ABS_LO12_NC, 0x2000003c8, 0x2004, 0x0, 0xf9400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 8, 0)},
    /* LDST64_ABS_LO12_NC: S + A = 0x2fff: not a multiple of the access size */
    {R_AARCH64_LDST64_ABS_LO12_NC, 0x2000003d0, 0x2fff, 0x0, 0xf9400000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 8, 0)},
    /* LDST128_ABS_LO12_NC: S + A = 0x2000: X[11:0] = 0 */
    {R_AARCH64_LDST128_ABS_LO12_NC, 0x2000003d8, 0x2000, 0x0, 0x3dc00000, 0x3dc00000, 0, FITS},
    /* LDST128_ABS_LO12_NC: S + A = 0x10: one access up */
    {R_AARCH64_LDST128_ABS_LO12_NC, 0x2000003e0, 0x10, 0x0, 0x3dc00000, 0x3dc00400, 0, FITS},
    /* LDST128_ABS_LO12_NC: S + A = 0x7654321ff0: X[11:0] = 0x1000 - size: the last */
    {R_AARCH64_LDST128_ABS_LO12_NC, 0x2000003e8, 0x7654321ff0, 0x0, 0x3dc00000, 0x3dc3fc00, 0, FITS},
    /* LDST128_ABS_LO12_NC: S + A = 0x2008: not a multiple of the access size */
    {R_AARCH64_LDST128_ABS_LO12_NC, 0x2000003f0, 0x2008, 0x0, 0x3dc00000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 16, 0)},
    /* LDST128_ABS_LO12_NC: S + A = 0x2fff: not a multiple of the access size */
    {R_AARCH64_LDST128_ABS_LO12_NC, 0x2000003f8, 0x2fff, 0x0, 0x3dc00000, 0x0, 0, REFUSED(INT64_MIN, INT64_MAX, 16, 0)},
    /* MOVW_UABS_G0: S + A = 0x0: min */
    {R_AARCH64_MOVW_UABS_G0, 0x200000400, 0x0, 0x0, 0xd2800000, 0xd2800000, 0, FITS},
    /* MOVW_UABS_G0: S + A = 0x1: min + step */
    {R_AARCH64_MOVW_UABS_G0, 0x200000408, 0x1, 0x0, 0xd2800000, 0xd2800020, 0, FITS},
    /* MOVW_UABS_G0: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_UABS_G0, 0x200000410, 0x0, 0x0, 0xd2800000, 0xd2800000, 0, FITS},
    /* MOVW_UABS_G0: S + A = 0x1: step */
    {R_AARCH64_MOVW_UABS_G0, 0x200000418, 0x1, 0x0, 0xd2800000, 0xd2800020, 0, FITS},
    /* MOVW_UABS_G0: S + A = 0xffff: max */
    {R_AARCH64_MOVW_UABS_G0, 0x200000420, 0xffff, 0x0, 0xd2800000, 0xd29fffe0, 0, FITS},
    /* MOVW_UABS_G0: S + A = 0x10000: max + step */
    {R_AARCH64_MOVW_UABS_G0, 0x200000428, 0x10000, 0x0, 0xd2800000, 0x0, 0, REFUSED(0x0, 0xffff, 0, 0)},
    /* MOVW_UABS_G0: S + A = -0x1: negative */
    {R_AARCH64_MOVW_UABS_G0, 0x200000430, 0xffffffffffffffff, 0x0, 0xd2800000, 0x0, 0, REFUSED(0x0, 0xffff, 0, 0)},
    /* MOVW_UABS_G0: S + A = 0xcdef: every chunk distinct */
    {R_AARCH64_MOVW_UABS_G0, 0x200000438, 0xcdef, 0x0, 0xd2800000, 0xd299bde0, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0x0: min */
    {R_AARCH64_MOVW_UABS_G1, 0x200000440, 0x0, 0x0, 0xf2a00000, 0xf2a00000, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0x10000: min + step */
    {R_AARCH64_MOVW_UABS_G1, 0x200000448, 0x10000, 0x0, 0xf2a00000, 0xf2a00020, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_UABS_G1, 0x200000450, 0x0, 0x0, 0xf2a00000, 0xf2a00000, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0x10000: step */
    {R_AARCH64_MOVW_UABS_G1, 0x200000458, 0x10000, 0x0, 0xf2a00000, 0xf2a00020, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0xffffffff: max */
    {R_AARCH64_MOVW_UABS_G1, 0x200000460, 0xffffffff, 0x0, 0xf2a00000, 0xf2bfffe0, 0, FITS},
    /* MOVW_UABS_G1: S + A = 0x10000ffff: max + step */
    {R_AARCH64_MOVW_UABS_G1, 0x200000468, 0x10000ffff, 0x0, 0xf2a00000, 0x0, 0, REFUSED(0x0, 0xffffffff, 0, 0)},
    /* MOVW_UABS_G1: S + A = -0x1: negative */
    {R_AARCH64_MOVW_UABS_G1, 0x200000470, 0xffffffffffffffff, 0x0, 0xf2a00000, 0x0, 0, REFUSED(0x0, 0xffffffff, 0, 0)},
    /* MOVW_UABS_G1: S + A = 0x89abcdef: every chunk distinct */
    {R_AARCH64_MOVW_UABS_G1, 0x200000478, 0x89abcdef, 0x0, 0xf2a00000, 0xf2b13560, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0x0: min */
    {R_AARCH64_MOVW_UABS_G2, 0x200000480, 0x0, 0x0, 0xf2c00000, 0xf2c00000, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0x100000000: min + step */
    {R_AARCH64_MOVW_UABS_G2, 0x200000488, 0x100000000, 0x0, 0xf2c00000, 0xf2c00020, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_UABS_G2, 0x200000490, 0x0, 0x0, 0xf2c00000, 0xf2c00000, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0x100000000: step */
    {R_AARCH64_MOVW_UABS_G2, 0x200000498, 0x100000000, 0x0, 0xf2c00000, 0xf2c00020, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0xffffffffffff: max */
    {R_AARCH64_MOVW_UABS_G2, 0x2000004a0, 0xffffffffffff, 0x0, 0xf2c00000, 0xf2dfffe0, 0, FITS},
    /* MOVW_UABS_G2: S + A = 0x10000ffffffff: max + step */
    {R_AARCH64_MOVW_UABS_G2, 0x2000004a8, 0x10000ffffffff, 0x0, 0xf2c00000, 0x0, 0, REFUSED(0x0, 0xffffffffffff, 0, 0)},
    /* MOVW_UABS_G2: S + A = -0x1: negative */
    {R_AARCH64_MOVW_UABS_G2, 0x2000004b0, 0xffffffffffffffff, 0x0, 0xf2c00000, 0x0, 0, REFUSED(0x0, 0xffffffffffff, 0, 0)},
    /* MOVW_UABS_G2: S + A = 0x456789abcdef: every chunk distinct */
    {R_AARCH64_MOVW_UABS_G2, 0x2000004b8, 0x456789abcdef, 0x0, 0xf2c00000, 0xf2c8ace0, 0, FITS},
    /* MOVW_UABS_G0_NC: S + A = 0x123456789abcdef: no check */
    {R_AARCH64_MOVW_UABS_G0_NC, 0x2000004c0, 0x123456789abcdef, 0x0, 0xf2800000, 0xf299bde0, 0, FITS},
    /* MOVW_UABS_G0_NC: S + A = -0x1: no check */
    {R_AARCH64_MOVW_UABS_G0_NC, 0x2000004c8, 0xffffffffffffffff, 0x0, 0xf2800000, 0xf29fffe0, 0, FITS},
    /* MOVW_UABS_G1_NC: S + A = 0x123456789abcdef: no check */
    {R_AARCH64_MOVW_UABS_G1_NC, 0x2000004d0, 0x123456789abcdef, 0x0, 0xf2a00000, 0xf2b13560, 0, FITS},
    /* MOVW_UABS_G1_NC: S + A = -0x1: no check */
    {R_AARCH64_MOVW_UABS_G1_NC, 0x2000004d8, 0xffffffffffffffff, 0x0, 0xf2a00000, 0xf2bfffe0, 0, FITS},
    /* MOVW_UABS_G2_NC: S + A = 0x123456789abcdef: no check */
    {R_AARCH64_MOVW_UABS_G2_NC, 0x2000004e0, 0x123456789abcdef, 0x0, 0xf2c00000, 0xf2c8ace0, 0, FITS},
    /* MOVW_UABS_G2_NC: S + A = -0x1: no check */
    {R_AARCH64_MOVW_UABS_G2_NC, 0x2000004e8, 0xffffffffffffffff, 0x0, 0xf2c00000, 0xf2dfffe0, 0, FITS},
    /* MOVW_UABS_G3: S + A = 0x123456789abcdef: no check */
    {R_AARCH64_MOVW_UABS_G3, 0x2000004f0, 0x123456789abcdef, 0x0, 0xf2e00000, 0xf2e02460, 0, FITS},
    /* MOVW_UABS_G3: S + A = -0x1: no check */
    {R_AARCH64_MOVW_UABS_G3, 0x2000004f8, 0xffffffffffffffff, 0x0, 0xf2e00000, 0xf2ffffe0, 0, FITS},
    /* MOVW_SABS_G0: S + A = -0x10000: min */
    {R_AARCH64_MOVW_SABS_G0, 0x200000500, 0xffffffffffff0000, 0x0, 0xd2800000, 0x929fffe0, 0, FITS},
    /* MOVW_SABS_G0: S + A = -0xffff: min + step */
    {R_AARCH64_MOVW_SABS_G0, 0x200000508, 0xffffffffffff0001, 0x0, 0xd2800000, 0x929fffc0, 0, FITS},
    /* MOVW_SABS_G0: S + A = -0x1: -step */
    {R_AARCH64_MOVW_SABS_G0, 0x200000510, 0xffffffffffffffff, 0x0, 0xd2800000, 0x92800000, 0, FITS},
    /* MOVW_SABS_G0: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_SABS_G0, 0x200000518, 0x0, 0x0, 0xd2800000, 0xd2800000, 0, FITS},
    /* MOVW_SABS_G0: S + A = 0x1: step */
    {R_AARCH64_MOVW_SABS_G0, 0x200000520, 0x1, 0x0, 0xd2800000, 0xd2800020, 0, FITS},
    /* MOVW_SABS_G0: S + A = 0xffff: max */
    {R_AARCH64_MOVW_SABS_G0, 0x200000528, 0xffff, 0x0, 0xd2800000, 0xd29fffe0, 0, FITS},
    /* MOVW_SABS_G0: S + A = -0x10001: min - step */
    {R_AARCH64_MOVW_SABS_G0, 0x200000530, 0xfffffffffffeffff, 0x0, 0xd2800000, 0x0, 0, REFUSED(-0x10000ll, 0xffff, 0, 0)},
    /* MOVW_SABS_G0: S + A = 0x10000: max + step */
    {R_AARCH64_MOVW_SABS_G0, 0x200000538, 0x10000, 0x0, 0xd2800000, 0x0, 0, REFUSED(-0x10000ll, 0xffff, 0, 0)},
    /* MOVW_SABS_G0: S + A = 0x5a5a: movn placeholder becomes movz */
    {R_AARCH64_MOVW_SABS_G0, 0x200000540, 0x5a5a, 0x0, 0x92800000, 0xd28b4b40, 0, FITS},
    /* MOVW_SABS_G1: S + A = -0x100000000: min */
    {R_AARCH64_MOVW_SABS_G1, 0x200000548, 0xffffffff00000000, 0x0, 0xd2a00000, 0x92bfffe0, 0, FITS},
    /* MOVW_SABS_G1: S + A = -0xffff0000: min + step */
    {R_AARCH64_MOVW_SABS_G1, 0x200000550, 0xffffffff00010000, 0x0, 0xd2a00000, 0x92bfffc0, 0, FITS},
    /* MOVW_SABS_G1: S + A = -0x10000: -step */
    {R_AARCH64_MOVW_SABS_G1, 0x200000558, 0xffffffffffff0000, 0x0, 0xd2a00000, 0x92a00000, 0, FITS},
    /* MOVW_SABS_G1: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_SABS_G1, 0x200000560, 0x0, 0x0, 0xd2a00000, 0xd2a00000, 0, FITS},
    /* MOVW_SABS_G1: S + A = 0x10000: step */
    {R_AARCH64_MOVW_SABS_G1, 0x200000568, 0x10000, 0x0, 0xd2a00000, 0xd2a00020, 0, FITS},
    /* MOVW_SABS_G1: S + A = 0xffffffff: max */
    {R_AARCH64_MOVW_SABS_G1, 0x200000570, 0xffffffff, 0x0, 0xd2a00000, 0xd2bfffe0, 0, FITS},
    /* MOVW_SABS_G1: S + A = -0x100010000: min - step */
    {R_AARCH64_MOVW_SABS_G1, 0x200000578, 0xfffffffeffff0000, 0x0, 0xd2a00000, 0x0, 0, REFUSED(-0x100000000ll, 0xffffffff, 0, 0)},
    /* MOVW_SABS_G1: S + A = 0x10000ffff: max + step */
    {R_AARCH64_MOVW_SABS_G1, 0x200000580, 0x10000ffff, 0x0, 0xd2a00000, 0x0, 0, REFUSED(-0x100000000ll, 0xffffffff, 0, 0)},
    /* MOVW_SABS_G1: S + A = 0x5a5a0000: movn placeholder becomes movz */
    {R_AARCH64_MOVW_SABS_G1, 0x200000588, 0x5a5a0000, 0x0, 0x92a00000, 0xd2ab4b40, 0, FITS},
    /* MOVW_SABS_G2: S + A = -0x1000000000000: min */
    {R_AARCH64_MOVW_SABS_G2, 0x200000590, 0xffff000000000000, 0x0, 0xd2c00000, 0x92dfffe0, 0, FITS},
    /* MOVW_SABS_G2: S + A = -0xffff00000000: min + step */
    {R_AARCH64_MOVW_SABS_G2, 0x200000598, 0xffff000100000000, 0x0, 0xd2c00000, 0x92dfffc0, 0, FITS},
    /* MOVW_SABS_G2: S + A = -0x100000000: -step */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005a0, 0xffffffff00000000, 0x0, 0xd2c00000, 0x92c00000, 0, FITS},
    /* MOVW_SABS_G2: S + A = 0x0: 0 */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005a8, 0x0, 0x0, 0xd2c00000, 0xd2c00000, 0, FITS},
    /* MOVW_SABS_G2: S + A = 0x100000000: step */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005b0, 0x100000000, 0x0, 0xd2c00000, 0xd2c00020, 0, FITS},
    /* MOVW_SABS_G2: S + A = 0xffffffffffff: max */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005b8, 0xffffffffffff, 0x0, 0xd2c00000, 0xd2dfffe0, 0, FITS},
    /* MOVW_SABS_G2: S + A = -0x1000100000000: min - step */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005c0, 0xfffeffff00000000, 0x0, 0xd2c00000, 0x0, 0, REFUSED(-0x1000000000000ll, 0xffffffffffff, 0, 0)},
    /* MOVW_SABS_G2: S + A = 0x10000ffffffff: max + step */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005c8, 0x10000ffffffff, 0x0, 0xd2c00000, 0x0, 0, REFUSED(-0x1000000000000ll, 0xffffffffffff, 0, 0)},
    /* MOVW_SABS_G2: S + A = 0x5a5a00000000: movn placeholder becomes movz */
    {R_AARCH64_MOVW_SABS_G2, 0x2000005d0, 0x5a5a00000000, 0x0, 0x92c00000, 0xd2cb4b40, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = -0x10000: min */
    {R_AARCH64_MOVW_PREL_G0, 0x2000005d8, 0x1ffff05d8, 0x0, 0xd2800000, 0x929fffe0, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = -0xffff: min + step */
    {R_AARCH64_MOVW_PREL_G0, 0x2000005e0, 0x1ffff05e1, 0x0, 0xd2800000, 0x929fffc0, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = -0x1: -step */
    {R_AARCH64_MOVW_PREL_G0, 0x2000005e8, 0x2000005e7, 0x0, 0xd2800000, 0x92800000, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = 0x0: 0 */
    {R_AARCH64_MOVW_PREL_G0, 0x2000005f0, 0x2000005f0, 0x0, 0xd2800000, 0xd2800000, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = 0x1: step */
    {R_AARCH64_MOVW_PREL_G0, 0x2000005f8, 0x2000005f9, 0x0, 0xd2800000, 0xd2800020, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = 0xffff: max */
    {R_AARCH64_MOVW_PREL_G0, 0x200000600, 0x2000105ff, 0x0, 0xd2800000, 0xd29fffe0, 0, FITS},
    /* MOVW_PREL_G0: S + A - P = -0x10001: min - step */
    {R_AARCH64_MOVW_PREL_G0, 0x200000608, 0x1ffff0607, 0x0, 0xd2800000, 0x0, 0, REFUSED(-0x10000ll, 0xffff, 0, 0)},
    /* MOVW_PREL_G0: S + A - P = 0x10000: max + step */
    {R_AARCH64_MOVW_PREL_G0, 0x200000610, 0x200010610, 0x0, 0xd2800000, 0x0, 0, REFUSED(-0x10000ll, 0xffff, 0, 0)},
    /* MOVW_PREL_G0: S + A - P = 0x5a5a: movn placeholder becomes movz */
    {R_AARCH64_MOVW_PREL_G0, 0x200000618, 0x200006072, 0x0, 0x92800000, 0xd28b4b40, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = -0x100000000: min */
    {R_AARCH64_MOVW_PREL_G1, 0x200000620, 0x100000620, 0x0, 0xd2a00000, 0x92bfffe0, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = -0xffff0000: min + step */
    {R_AARCH64_MOVW_PREL_G1, 0x200000628, 0x100010628, 0x0, 0xd2a00000, 0x92bfffc0, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = -0x10000: -step */
    {R_AARCH64_MOVW_PREL_G1, 0x200000630, 0x1ffff0630, 0x0, 0xd2a00000, 0x92a00000, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = 0x0: 0 */
    {R_AARCH64_MOVW_PREL_G1, 0x200000638, 0x200000638, 0x0, 0xd2a00000, 0xd2a00000, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = 0x10000: step */
    {R_AARCH64_MOVW_PREL_G1, 0x200000640, 0x200010640, 0x0, 0xd2a00000, 0xd2a00020, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = 0xffffffff: max */
    {R_AARCH64_MOVW_PREL_G1, 0x200000648, 0x300000647, 0x0, 0xd2a00000, 0xd2bfffe0, 0, FITS},
    /* MOVW_PREL_G1: S + A - P = -0x100010000: min - step */
    {R_AARCH64_MOVW_PREL_G1, 0x200000650, 0xffff0650, 0x0, 0xd2a00000, 0x0, 0, REFUSED(-0x100000000ll, 0xffffffff, 0, 0)},
    /* MOVW_PREL_G1: S + A - P = 0x10000ffff: max + step */
    {R_AARCH64_MOVW_PREL_G1, 0x200000658, 0x300010657, 0x0, 0xd2a00000, 0x0, 0, REFUSED(-0x100000000ll, 0xffffffff, 0, 0)},
    /* MOVW_PREL_G1: S + A - P = 0x5a5a0000: movn placeholder becomes movz */
    {R_AARCH64_MOVW_PREL_G1, 0x200000660, 0x25a5a0660, 0x0, 0x92a00000, 0xd2ab4b40, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = -0x1000000000000: min */
    {R_AARCH64_MOVW_PREL_G2, 0x200000668, 0xffff000200000668, 0x0, 0xd2c00000, 0x92dfffe0, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = -0xffff00000000: min + step */
    {R_AARCH64_MOVW_PREL_G2, 0x200000670, 0xffff000300000670, 0x0, 0xd2c00000, 0x92dfffc0, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = -0x100000000: -step */
    {R_AARCH64_MOVW_PREL_G2, 0x200000678, 0x100000678, 0x0, 0xd2c00000, 0x92c00000, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = 0x0: 0 */
    {R_AARCH64_MOVW_PREL_G2, 0x200000680, 0x200000680, 0x0, 0xd2c00000, 0xd2c00000, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = 0x100000000: step */
    {R_AARCH64_MOVW_PREL_G2, 0x200000688, 0x300000688, 0x0, 0xd2c00000, 0xd2c00020, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = 0xffffffffffff: max */
    {R_AARCH64_MOVW_PREL_G2, 0x200000690, 0x100020000068f, 0x0, 0xd2c00000, 0xd2dfffe0, 0, FITS},
    /* MOVW_PREL_G2: S + A - P = -0x1000100000000: min - step */
    {R_AARCH64_MOVW_PREL_G2, 0x200000698, 0xffff000100000698, 0x0, 0xd2c00000, 0x0, 0, REFUSED(-0x1000000000000ll, 0xffffffffffff, 0, 0)},
    /* MOVW_PREL_G2: S + A - P = 0x10000ffffffff: max + step */
    {R_AARCH64_MOVW_PREL_G2, 0x2000006a0, 0x100030000069f, 0x0, 0xd2c00000, 0x0, 0, REFUSED(-0x1000000000000ll, 0xffffffffffff, 0, 0)},
    /* MOVW_PREL_G2: S + A - P = 0x5a5a00000000: movn placeholder becomes movz */
    {R_AARCH64_MOVW_PREL_G2, 0x2000006a8, 0x5a5c000006a8, 0x0, 0x92c00000, 0xd2cb4b40, 0, FITS},
    /* MOVW_PREL_G3: S + A - P = -0x123456789abcdef: no check, movz */
    {R_AARCH64_MOVW_PREL_G3, 0x2000006b0, 0xfedcba9a765438c1, 0x0, 0xd2e00000, 0xd2ffdb80, 0, FITS},
    /* MOVW_PREL_G3: S + A - P = 0x123456789abcdef: no check, movn becomes movz */
    {R_AARCH64_MOVW_PREL_G3, 0x2000006b8, 0x123456989abd4a7, 0x0, 0x92e00000, 0xd2e02460, 0, FITS},
    /* MOVW_PREL_G0_NC: S + A - P = -0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G0_NC, 0x2000006c0, 0xfedcba9a765438d1, 0x0, 0xf2800000, 0xf2864220, 0, FITS},
    /* MOVW_PREL_G0_NC: S + A - P = 0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G0_NC, 0x2000006c8, 0x123456989abd4b7, 0x0, 0xf2800000, 0xf299bde0, 0, FITS},
    /* MOVW_PREL_G1_NC: S + A - P = -0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G1_NC, 0x2000006d0, 0xfedcba9a765438e1, 0x0, 0xf2a00000, 0xf2aeca80, 0, FITS},
    /* MOVW_PREL_G1_NC: S + A - P = 0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G1_NC, 0x2000006d8, 0x123456989abd4c7, 0x0, 0xf2a00000, 0xf2b13560, 0, FITS},
    /* MOVW_PREL_G2_NC: S + A - P = -0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G2_NC, 0x2000006e0, 0xfedcba9a765438f1, 0x0, 0xf2c00000, 0xf2d75300, 0, FITS},
    /* MOVW_PREL_G2_NC: S + A - P = 0x123456789abcdef: movk, no check */
    {R_AARCH64_MOVW_PREL_G2_NC, 0x2000006e8, 0x123456989abd4d7, 0x0, 0xf2c00000, 0xf2c8ace0, 0, FITS},
    /* ABS64: S + A = 0x123456789abcdef: S + A, no check */
    {R_AARCH64_ABS64, 0x200000000, 0x123456789abcddf, 0x10, 0x1111111111111111, 0x123456789abcdef, 1, FITS},
    /* ABS64: S + A = -0x1: S + A = 2^64 - 1 */
    {R_AARCH64_ABS64, 0x200000008, 0xffffffffffffffff, 0x0, 0x0, 0xffffffffffffffff, 1, FITS},
    /* PREL64: S + A - P = -0x123456789: S + A - P, no check */
    {R_AARCH64_PREL64, 0x200000010, 0xdcba988f, -0x8ll, 0x1111111111111111, 0xfffffffedcba9877, 1, FITS},
    /* ABS32: S + A = -0x80000000: min */
    {R_AARCH64_ABS32, 0x200000018, 0xffffffff80000000, 0x0, 0x11111111, 0x80000000, 1, FITS},
    /* ABS32: S + A = -0x7fffffff: min + step */
    {R_AARCH64_ABS32, 0x200000020, 0xffffffff80000001, 0x0, 0x11111111, 0x80000001, 1, FITS},
    /* ABS32: S + A = -0x1: -step */
    {R_AARCH64_ABS32, 0x200000028, 0xffffffffffffffff, 0x0, 0x11111111, 0xffffffff, 1, FITS},
    /* ABS32: S + A = 0x0: 0 */
    {R_AARCH64_ABS32, 0x200000030, 0x0, 0x0, 0x11111111, 0x0, 1, FITS},
    /* ABS32: S + A = 0x1: step */
    {R_AARCH64_ABS32, 0x200000038, 0x1, 0x0, 0x11111111, 0x1, 1, FITS},
    /* ABS32: S + A = 0xffffffff: max */
    {R_AARCH64_ABS32, 0x200000040, 0xffffffff, 0x0, 0x11111111, 0xffffffff, 1, FITS},
    /* ABS32: S + A = -0x80000001: min - step */
    {R_AARCH64_ABS32, 0x200000048, 0xffffffff7fffffff, 0x0, 0x11111111, 0x0, 1, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* ABS32: S + A = 0x100000000: max + step */
    {R_AARCH64_ABS32, 0x200000050, 0x100000000, 0x0, 0x11111111, 0x0, 1, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* PREL32: S + A - P = -0x80000000: min */
    {R_AARCH64_PREL32, 0x200000058, 0x180000058, 0x0, 0x11111111, 0x80000000, 1, FITS},
    /* PREL32: S + A - P = -0x7fffffff: min + step */
    {R_AARCH64_PREL32, 0x200000060, 0x180000061, 0x0, 0x11111111, 0x80000001, 1, FITS},
    /* PREL32: S + A - P = -0x1: -step */
    {R_AARCH64_PREL32, 0x200000068, 0x200000067, 0x0, 0x11111111, 0xffffffff, 1, FITS},
    /* PREL32: S + A - P = 0x0: 0 */
    {R_AARCH64_PREL32, 0x200000070, 0x200000070, 0x0, 0x11111111, 0x0, 1, FITS},
    /* PREL32: S + A - P = 0x1: step */
    {R_AARCH64_PREL32, 0x200000078, 0x200000079, 0x0, 0x11111111, 0x1, 1, FITS},
    /* PREL32: S + A - P = 0xffffffff: max */
    {R_AARCH64_PREL32, 0x200000080, 0x30000007f, 0x0, 0x11111111, 0xffffffff, 1, FITS},
    /* PREL32: S + A - P = -0x80000001: min - step */
    {R_AARCH64_PREL32, 0x200000088, 0x180000087, 0x0, 0x11111111, 0x0, 1, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* PREL32: S + A - P = 0x100000000: max + step */
    {R_AARCH64_PREL32, 0x200000090, 0x300000090, 0x0, 0x11111111, 0x0, 1, REFUSED(-0x80000000ll, 0xffffffff, 0, 0)},
    /* ABS16: S + A = -0x8000: min */
    {R_AARCH64_ABS16, 0x200000098, 0xffffffffffff8000, 0x0, 0x1111, 0x8000, 1, FITS},
    /* ABS16: S + A = -0x7fff: min + step */
    {R_AARCH64_ABS16, 0x2000000a0, 0xffffffffffff8001, 0x0, 0x1111, 0x8001, 1, FITS},
    /* ABS16: S + A = -0x1: -step */
    {R_AARCH64_ABS16, 0x2000000a8, 0xffffffffffffffff, 0x0, 0x1111, 0xffff, 1, FITS},
    /* ABS16: S + A = 0x0: 0 */
    {R_AARCH64_ABS16, 0x2000000b0, 0x0, 0x0, 0x1111, 0x0, 1, FITS},
    /* ABS16: S + A = 0x1: step */
    {R_AARCH64_ABS16, 0x2000000b8, 0x1, 0x0, 0x1111, 0x1, 1, FITS},
    /* ABS16: S + A = 0xffff: max */
    {R_AARCH64_ABS16, 0x2000000c0, 0xffff, 0x0, 0x1111, 0xffff, 1, FITS},
    /* ABS16: S + A = -0x8001: min - step */
    {R_AARCH64_ABS16, 0x2000000c8, 0xffffffffffff7fff, 0x0, 0x1111, 0x0, 1, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* ABS16: S + A = 0x10000: max + step */
    {R_AARCH64_ABS16, 0x2000000d0, 0x10000, 0x0, 0x1111, 0x0, 1, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* PREL16: S + A - P = -0x8000: min */
    {R_AARCH64_PREL16, 0x2000000d8, 0x1ffff80d8, 0x0, 0x1111, 0x8000, 1, FITS},
    /* PREL16: S + A - P = -0x7fff: min + step */
    {R_AARCH64_PREL16, 0x2000000e0, 0x1ffff80e1, 0x0, 0x1111, 0x8001, 1, FITS},
    /* PREL16: S + A - P = -0x1: -step */
    {R_AARCH64_PREL16, 0x2000000e8, 0x2000000e7, 0x0, 0x1111, 0xffff, 1, FITS},
    /* PREL16: S + A - P = 0x0: 0 */
    {R_AARCH64_PREL16, 0x2000000f0, 0x2000000f0, 0x0, 0x1111, 0x0, 1, FITS},
    /* PREL16: S + A - P = 0x1: step */
    {R_AARCH64_PREL16, 0x2000000f8, 0x2000000f9, 0x0, 0x1111, 0x1, 1, FITS},
    /* PREL16: S + A - P = 0xffff: max */
    {R_AARCH64_PREL16, 0x200000100, 0x2000100ff, 0x0, 0x1111, 0xffff, 1, FITS},
    /* PREL16: S + A - P = -0x8001: min - step */
    {R_AARCH64_PREL16, 0x200000108, 0x1ffff8107, 0x0, 0x1111, 0x0, 1, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* PREL16: S + A - P = 0x10000: max + step */
    {R_AARCH64_PREL16, 0x200000110, 0x200010110, 0x0, 0x1111, 0x0, 1, REFUSED(-0x8000ll, 0xffff, 0, 0)},
    /* CALL26: S + A - P = -0x8000000: min */
    {R_AARCH64_CALL26, 0x200000118, 0x1f8000118, 0x0, 0x94000000, 0x96000000, 1, FITS},
    /* CALL26: S + A - P = 0x7fffffc: max */
    {R_AARCH64_CALL26, 0x200000120, 0x20800011c, 0x0, 0x94000000, 0x95ffffff, 1, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = -0x100000000: min */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000128, 0x100000000, 0x0, 0x90000000, 0x90800000, 1, FITS},
    /* ADR_PREL_PG_HI21: Page(S+A) - Page(P) = 0xfffff000: max */
    {R_AARCH64_ADR_PREL_PG_HI21, 0x200000130, 0x2fffff000, 0x0, 0x90000000, 0xf07fffe0, 1, FITS},
    /* MOVW_SABS_G0: S + A = -0x10000: min */
    {R_AARCH64_MOVW_SABS_G0, 0x200000138, 0xffffffffffff0000, 0x0, 0xd2800000, 0x929fffe0, 1, FITS},
    /* MOVW_SABS_G0: S + A = 0xffff: max */
    {R_AARCH64_MOVW_SABS_G0, 0x200000140, 0xffff, 0x0, 0xd2800000, 0xd29fffe0, 1, FITS},
};

static const struct vec a32[] = {
    /* NONE: nothing written (nop) */
    {R_ARM_NONE, 0x48000000, 0x0, 0x0, 0xe1a00000, 0xe1a00000, 0, FITS},
    /* V4BX: bx r0 stays */
    {R_ARM_V4BX, 0x48000004, 0x0, 0x0, 0xe12fff10, 0xe12fff10, 0, FITS},
    /* ABS32: (S + A) | T = 0x2001f2a4 (A = 4): (S + A) | T, A = 4 from the word */
    {R_ARM_ABS32, 0x48000008, 0x2001f2a0, 0x4, 0x4, 0x2001f2a4, 0, FITS},
    /* ABS32: (S + A) | T = 0x0 (A = -4): A = -4, wraps to 0 */
    {R_ARM_ABS32, 0x4800000c, 0x4, -0x4ll, 0xfffffffc, 0x0, 0, FITS},
    /* ABS32: (S + A) | T = 0x8123459 (A = 0): a Thumb function: bit 0 set */
    {R_ARM_ABS32, 0x48000010, 0x8123459, 0x0, 0x0, 0x8123459, 0, FITS},
    /* REL32: ((S + A) | T) - P = -0x40000000 (A = 0): ((S + A) | T) - P */
    {R_ARM_REL32, 0x48000014, 0x8000014, 0x0, 0x0, 0xc0000000, 0, FITS},
    /* REL32: ((S + A) | T) - P = 0x1234 (A = 8): A = 8 */
    {R_ARM_REL32, 0x48000018, 0x48001244, 0x8, 0x8, 0x1234, 0, FITS},
    /* PREL31: ((S + A) | T) - P = 0x3ffffffc (A = 0): bit 31 kept; near max 2^30 - 1 */
    {R_ARM_PREL31, 0x4800001c, 0x88000018, 0x0, 0x80000000, 0xbffffffc, 0, FITS},
    /* PREL31: ((S + A) | T) - P = -0x40000000 (A = 0): min */
    {R_ARM_PREL31, 0x48000020, 0x8000020, 0x0, 0x0, 0x40000000, 0, FITS},
    /* PREL31: ((S + A) | T) - P = -0x4 (A = 0): -4 */
    {R_ARM_PREL31, 0x48000024, 0x48000020, 0x0, 0x0, 0x7ffffffc, 0, FITS},
    /* PREL31: ((S + A) | T) - P = 0x0 (A = 0): 0 */
    {R_ARM_PREL31, 0x48000028, 0x48000028, 0x0, 0x0, 0x0, 0, FITS},
    /* PREL31: ((S + A) | T) - P = 0x3ffffffc (A = 0): max - 3 */
    {R_ARM_PREL31, 0x4800002c, 0x88000028, 0x0, 0x0, 0x3ffffffc, 0, FITS},
    /* PREL31: ((S + A) | T) - P = -0x40000004 (A = 0): min - 4 */
    {R_ARM_PREL31, 0x48000030, 0x800002c, 0x0, 0x0, 0x0, 0, REFUSED(-0x40000000ll, 0x3fffffff, 0, 0)},
    /* PREL31: ((S + A) | T) - P = 0x40000000 (A = 0): max + 1 */
    {R_ARM_PREL31, 0x48000034, 0x88000034, 0x0, 0x0, 0x0, 0, REFUSED(-0x40000000ll, 0x3fffffff, 0, 0)},
    /* CALL: ((S + A) | T) - P = -0x2000000 (A = -8): BL, min */
    {R_ARM_CALL, 0x48000038, 0x46000040, -0x8ll, 0xebfffffe, 0xeb800000, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x1fffffc (A = -8): BL, min + 4 */
    {R_ARM_CALL, 0x4800003c, 0x46000048, -0x8ll, 0xebfffffe, 0xeb800001, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x4 (A = -8): BL, -4 */
    {R_ARM_CALL, 0x48000040, 0x48000044, -0x8ll, 0xebfffffe, 0xebffffff, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x0 (A = -8): BL, 0 */
    {R_ARM_CALL, 0x48000044, 0x4800004c, -0x8ll, 0xebfffffe, 0xeb000000, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x4 (A = -8): BL, 4 */
    {R_ARM_CALL, 0x48000048, 0x48000054, -0x8ll, 0xebfffffe, 0xeb000001, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x1fffffc (A = -8): BL, max */
    {R_ARM_CALL, 0x4800004c, 0x4a000050, -0x8ll, 0xebfffffe, 0xeb7fffff, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x2000004 (A = -8): BL, min - 4 */
    {R_ARM_CALL, 0x48000050, 0x46000054, -0x8ll, 0xebfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* CALL: ((S + A) | T) - P = 0x2000000 (A = -8): BL, max + 4 */
    {R_ARM_CALL, 0x48000054, 0x4a00005c, -0x8ll, 0xebfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* CALL: ((S + A) | T) - P = 0x1002 (A = -8): BL, not a multiple of 4 */
    {R_ARM_CALL, 0x48000058, 0x48001062, -0x8ll, 0xebfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* CALL: ((S + A) | T) - P = 0x100000 (A = -8): BLX placeholder, ARM function: becomes BL */
    {R_ARM_CALL, 0x4800005c, 0x48100064, -0x8ll, 0xfafffffe, 0xeb040000, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x1ffffff (A = -8): BL to Thumb: BLX, min, H = 0 */
    {R_ARM_CALL, 0x48000060, 0x46000069, -0x8ll, 0xebfffffe, 0xfa800000, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x1fffffd (A = -8): BL to Thumb: BLX, min + 2, H = 1 */
    {R_ARM_CALL, 0x48000064, 0x4600006f, -0x8ll, 0xebfffffe, 0xfb800000, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x100001 (A = -8): BL to Thumb: BLX, H = 1 */
    {R_ARM_CALL, 0x48000068, 0x47f0006f, -0x8ll, 0xebfffffe, 0xfbfbffff, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x100001 (A = -8): BL to Thumb: BLX, H = 0 */
    {R_ARM_CALL, 0x4800006c, 0x48100075, -0x8ll, 0xebfffffe, 0xfa040000, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x100003 (A = -8): BL to Thumb: BLX, H = 1 */
    {R_ARM_CALL, 0x48000070, 0x4810007b, -0x8ll, 0xebfffffe, 0xfb040000, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x1ffffff (A = -8): BL to Thumb: BLX, max, H = 1 */
    {R_ARM_CALL, 0x48000074, 0x4a00007b, -0x8ll, 0xebfffffe, 0xfb7fffff, 0, FITS},
    /* CALL: ((S + A) | T) - P = 0x200007 (A = -8): BLX to Thumb stays BLX, H = 1 */
    {R_ARM_CALL, 0x48000078, 0x48200087, -0x8ll, 0xfafffffe, 0xfb080001, 0, FITS},
    /* CALL: ((S + A) | T) - P = -0x2000001 (A = -8): BLX, min - 2 */
    {R_ARM_CALL, 0x4800007c, 0x46000083, -0x8ll, 0xebfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffe, 2, 0)},
    /* CALL: ((S + A) | T) - P = 0x2000001 (A = -8): BLX, max + 2 */
    {R_ARM_CALL, 0x48000080, 0x4a000089, -0x8ll, 0xebfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffe, 2, 0)},
    /* JUMP24: ((S + A) | T) - P = -0x2000000 (A = -8): min */
    {R_ARM_JUMP24, 0x48000084, 0x4600008c, -0x8ll, 0xeafffffe, 0xea800000, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = -0x4 (A = -8): -4 */
    {R_ARM_JUMP24, 0x48000088, 0x4800008c, -0x8ll, 0xeafffffe, 0xeaffffff, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = 0x0 (A = -8): 0 */
    {R_ARM_JUMP24, 0x4800008c, 0x48000094, -0x8ll, 0xeafffffe, 0xea000000, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = 0x1fffffc (A = -8): max */
    {R_ARM_JUMP24, 0x48000090, 0x4a000094, -0x8ll, 0xeafffffe, 0xea7fffff, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = -0x2000004 (A = -8): min - 4 */
    {R_ARM_JUMP24, 0x48000094, 0x46000098, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x2000000 (A = -8): max + 4 */
    {R_ARM_JUMP24, 0x48000098, 0x4a0000a0, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x6 (A = -8): not a multiple of 4 */
    {R_ARM_JUMP24, 0x4800009c, 0x480000aa, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x1001 (A = -8): a Thumb target: needs a veneer */
    {R_ARM_JUMP24, 0x480000a0, 0x480010a9, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 1)},
    /* JUMP24: ((S + A) | T) - P = -0x2000000 (A = -8): min */
    {R_ARM_JUMP24, 0x480000a4, 0x460000ac, -0x8ll, 0xafffffe, 0xa800000, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = -0x4 (A = -8): -4 */
    {R_ARM_JUMP24, 0x480000a8, 0x480000ac, -0x8ll, 0xafffffe, 0xaffffff, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = 0x0 (A = -8): 0 */
    {R_ARM_JUMP24, 0x480000ac, 0x480000b4, -0x8ll, 0xafffffe, 0xa000000, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = 0x1fffffc (A = -8): max */
    {R_ARM_JUMP24, 0x480000b0, 0x4a0000b4, -0x8ll, 0xafffffe, 0xa7fffff, 0, FITS},
    /* JUMP24: ((S + A) | T) - P = -0x2000004 (A = -8): min - 4 */
    {R_ARM_JUMP24, 0x480000b4, 0x460000b8, -0x8ll, 0xafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x2000000 (A = -8): max + 4 */
    {R_ARM_JUMP24, 0x480000b8, 0x4a0000c0, -0x8ll, 0xafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x6 (A = -8): not a multiple of 4 */
    {R_ARM_JUMP24, 0x480000bc, 0x480000ca, -0x8ll, 0xafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* JUMP24: ((S + A) | T) - P = 0x1001 (A = -8): a Thumb target: needs a veneer */
    {R_ARM_JUMP24, 0x480000c0, 0x480010c9, -0x8ll, 0xafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 1)},
    /* PC24: ((S + A) | T) - P = -0x2000000 (A = -8): min */
    {R_ARM_PC24, 0x480000c4, 0x460000cc, -0x8ll, 0xeafffffe, 0xea800000, 0, FITS},
    /* PC24: ((S + A) | T) - P = -0x4 (A = -8): -4 */
    {R_ARM_PC24, 0x480000c8, 0x480000cc, -0x8ll, 0xeafffffe, 0xeaffffff, 0, FITS},
    /* PC24: ((S + A) | T) - P = 0x0 (A = -8): 0 */
    {R_ARM_PC24, 0x480000cc, 0x480000d4, -0x8ll, 0xeafffffe, 0xea000000, 0, FITS},
    /* PC24: ((S + A) | T) - P = 0x1fffffc (A = -8): max */
    {R_ARM_PC24, 0x480000d0, 0x4a0000d4, -0x8ll, 0xeafffffe, 0xea7fffff, 0, FITS},
    /* PC24: ((S + A) | T) - P = -0x2000004 (A = -8): min - 4 */
    {R_ARM_PC24, 0x480000d4, 0x460000d8, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x2000000 (A = -8): max + 4 */
    {R_ARM_PC24, 0x480000d8, 0x4a0000e0, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x6 (A = -8): not a multiple of 4 */
    {R_ARM_PC24, 0x480000dc, 0x480000ea, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x1001 (A = -8): a Thumb target: needs a veneer */
    {R_ARM_PC24, 0x480000e0, 0x480010e9, -0x8ll, 0xeafffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 1)},
    /* PC24: ((S + A) | T) - P = -0x2000000 (A = -8): min */
    {R_ARM_PC24, 0x480000e4, 0x460000ec, -0x8ll, 0x1bfffffe, 0x1b800000, 0, FITS},
    /* PC24: ((S + A) | T) - P = -0x4 (A = -8): -4 */
    {R_ARM_PC24, 0x480000e8, 0x480000ec, -0x8ll, 0x1bfffffe, 0x1bffffff, 0, FITS},
    /* PC24: ((S + A) | T) - P = 0x0 (A = -8): 0 */
    {R_ARM_PC24, 0x480000ec, 0x480000f4, -0x8ll, 0x1bfffffe, 0x1b000000, 0, FITS},
    /* PC24: ((S + A) | T) - P = 0x1fffffc (A = -8): max */
    {R_ARM_PC24, 0x480000f0, 0x4a0000f4, -0x8ll, 0x1bfffffe, 0x1b7fffff, 0, FITS},
    /* PC24: ((S + A) | T) - P = -0x2000004 (A = -8): min - 4 */
    {R_ARM_PC24, 0x480000f4, 0x460000f8, -0x8ll, 0x1bfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x2000000 (A = -8): max + 4 */
    {R_ARM_PC24, 0x480000f8, 0x4a000100, -0x8ll, 0x1bfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x6 (A = -8): not a multiple of 4 */
    {R_ARM_PC24, 0x480000fc, 0x4800010a, -0x8ll, 0x1bfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 0)},
    /* PC24: ((S + A) | T) - P = 0x1001 (A = -8): a Thumb target: needs a veneer */
    {R_ARM_PC24, 0x48000100, 0x48001109, -0x8ll, 0x1bfffffe, 0x0, 0, REFUSED(-0x2000000ll, 0x1fffffc, 4, 1)},
    /* MOVW_ABS_NC: (S + A) | T = 0x2001f2a0 (A = 0): movw r0, X[15:0] */
    {R_ARM_MOVW_ABS_NC, 0x48000104, 0x2001f2a0, 0x0, 0xe3000000, 0xe30f02a0, 0, FITS},
    /* MOVW_ABS_NC: (S + A) | T = 0x2001f2a8 (A = 8): A = 8 */
    {R_ARM_MOVW_ABS_NC, 0x48000108, 0x2001f2a0, 0x8, 0xe3000008, 0xe30f02a8, 0, FITS},
    /* MOVW_ABS_NC: (S + A) | T = 0x812345d (A = 0): Thumb function: bit 0 kept */
    {R_ARM_MOVW_ABS_NC, 0x4800010c, 0x812345d, 0x0, 0xe3000000, 0xe303045d, 0, FITS},
    /* MOVT_ABS: S + A = 0x2001f2a0 (A = 0): movt r0, X[31:16] */
    {R_ARM_MOVT_ABS, 0x48000110, 0x2001f2a0, 0x0, 0xe3400000, 0xe3420001, 0, FITS},
    /* MOVT_ABS: S + A = 0x2001fff8 (A = -8): A = -8 (sext imm16) */
    {R_ARM_MOVT_ABS, 0x48000114, 0x20020000, -0x8ll, 0xe34f0ff8, 0xe3420001, 0, FITS},
    /* MOVT_ABS: S + A = 0x20020004 (A = 8): A = 8 carries into X[16] */
    {R_ARM_MOVT_ABS, 0x48000118, 0x2001fffc, 0x8, 0xe3400008, 0xe3420002, 0, FITS},
    /* MOVW_PREL_NC: ((S + A) | T) - P = -0x1234568 (A = 0): movw r1, X[15:0] */
    {R_ARM_MOVW_PREL_NC, 0x4800011c, 0x46dcbbb4, 0x0, 0xe3001000, 0xe30b1a98, 0, FITS},
    /* MOVW_PREL_NC: ((S + A) | T) - P = 0x7ffff0 (A = -8): A = -8 */
    {R_ARM_MOVW_PREL_NC, 0x48000120, 0x48800118, -0x8ll, 0xe30f1ff8, 0xe30f1ff0, 0, FITS},
    /* MOVT_PREL: S + A - P = -0x1234568 (A = 0): movt r1, X[31:16] */
    {R_ARM_MOVT_PREL, 0x48000124, 0x46dcbbbc, 0x0, 0xe3401000, 0xe34f1edc, 0, FITS},
    /* MOVT_PREL: S + A - P = 0x7ffff0 (A = -8): A = -8 */
    {R_ARM_MOVT_PREL, 0x48000128, 0x48800120, -0x8ll, 0xe34f1ff8, 0xe340107f, 0, FITS},
};

/* ---- helpers ---- */

/* AArch64 instructions are little-endian on aarch64_be too; its data is not. */
static int field_be(const struct aotx_arch *a, uint32_t type, int be)
{
    if (a != &aotx_arch_aarch64)
        return be;
    switch (type) {
    case R_AARCH64_ABS64:
    case R_AARCH64_ABS32:
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL64:
    case R_AARCH64_PREL32:
    case R_AARCH64_PREL16:
        return be;
    }
    return 0;
}

static void put(uint8_t *p, unsigned size, uint64_t v, int be)
{
    if (size == 2)
        wr16(p, (uint16_t)v, be);
    else if (size == 8)
        wr64(p, v, be);
    else
        wr32(p, (uint32_t)v, be);
}

static uint64_t get(const uint8_t *p, unsigned size, int be)
{
    return size == 2 ? rd16(p, be) : size == 8 ? rd64(p, be) : rd32(p, be);
}

/* The value src/xip.c computes for the howto's expression. */
static int64_t value(const struct aotx_howto *h, uint64_t P, uint64_t S, int64_t A)
{
    uint64_t sa = S + (uint64_t)A;
    switch (h->expr) {
    case X_ABS:
        return (int64_t)sa;
    case X_PC:
        return (int64_t)(sa - P);
    case X_PAGE_PC:
        return (int64_t)((sa & ~(uint64_t)0xfff) - (P & ~(uint64_t)0xfff));
    default:
        return 0;
    }
}

static const char *tname(const struct aotx_arch *a, uint32_t type)
{
    const char *s = aotx_arch_reloc_name(a, type);
    return s ? s : "?";
}

static int same_range(const struct aotx_range *x, const struct aotx_range *y)
{
    return x->lo == y->lo && x->hi == y->hi && x->align == y->align && !x->state == !y->state;
}

/* ---- 1. vectors ---- */

static void run_vectors(const struct aotx_arch *a, const struct vec *v, size_t n)
{
    for (size_t i = 0; i < n; i++, v++) {
        const struct aotx_howto *h = aotx_arch_howto(a, v->type);
        if (!h)
            fail_msg("row %zu: %s is not supported", i, tname(a, v->type));
        unsigned size = h->size ? h->size : 4;
        int be = field_be(a, v->type, v->be);
        uint8_t buf[16];
        memset(buf, 0xa5, sizeof buf);
        put(buf + 4, size, v->in, be);
        int64_t A = v->A;
        if (!a->rela) {
            A = a->addend(h, buf + 4, v->be);
            if (A != v->A)
                fail_msg("row %zu (%s): addend %lld, expected %lld", i, tname(a, v->type),
                         (long long)A, (long long)v->A);
        }
        uint64_t f = 0;
        struct aotx_range bad;
        int64_t x = value(h, v->P, v->S, A);
        int r = a->field(h, x, v->P, &f, &bad);
        if (!v->ok) {
            if (r != 1 || !same_range(&bad, &v->bad))
                fail_msg("row %zu (%s, %lld): field() returned %d with [%lld, %lld] align %u "
                         "state %d", i, tname(a, v->type), (long long)x, r, (long long)bad.lo,
                         (long long)bad.hi, bad.align, bad.state);
            continue;
        }
        if (r != 0)
            fail_msg("row %zu (%s, %lld): field() refused it", i, tname(a, v->type),
                     (long long)x);
        a->encode(h, buf + 4, f, v->be);
        uint64_t got = get(buf + 4, size, be);
        if (got != v->out)
            fail_msg("row %zu (%s, %lld): wrote %#llx, ld.lld %#llx", i, tname(a, v->type),
                     (long long)x, (unsigned long long)got, (unsigned long long)v->out);
        for (unsigned k = 0; k < sizeof buf; k++)
            if ((k < 4 || k >= 4 + size) && buf[k] != 0xa5)
                fail_msg("row %zu (%s): byte %u outside the field changed", i,
                         tname(a, v->type), k);
        if (a->decode(h, buf + 4, v->be) != f)
            fail_msg("row %zu (%s): decode() gives %#llx, field() %#llx", i, tname(a, v->type),
                     (unsigned long long)a->decode(h, buf + 4, v->be), (unsigned long long)f);
    }
}

static void aarch64_vectors_match_lld(void **state)
{
    (void)state;
    run_vectors(&aotx_arch_aarch64, a64, sizeof a64 / sizeof a64[0]);
}

static void arm_vectors_match_lld(void **state)
{
    (void)state;
    run_vectors(&aotx_arch_arm, a32, sizeof a32 / sizeof a32[0]);
}

/* ---- 2. round trips at the limits ---- */

struct lim {
    uint32_t type;
    int64_t lo, hi, step; /* the allowed range, inclusive, and its granule */
    uint32_t align;       /* the alignment a range error names */
    int64_t tag;          /* or-ed into every value: ARM's Thumb bit */
    uint64_t mask;        /* the field's bits in the word */
    int nc;               /* no range check: lo and hi are samples */
};

#define P2(n) ((int64_t)1 << (n))

static const struct lim a64_lims[] = {
    {R_AARCH64_ABS64, INT64_MIN, INT64_MAX, 1, 0, 0, ~0ull, 1},
    {R_AARCH64_PREL64, INT64_MIN, INT64_MAX, 1, 0, 0, ~0ull, 1},
    {R_AARCH64_ABS32, -P2(31), P2(32) - 1, 1, 0, 0, 0xffffffff, 0},
    {R_AARCH64_PREL32, -P2(31), P2(32) - 1, 1, 0, 0, 0xffffffff, 0},
    {R_AARCH64_ABS16, -P2(15), P2(16) - 1, 1, 0, 0, 0xffff, 0},
    {R_AARCH64_PREL16, -P2(15), P2(16) - 1, 1, 0, 0, 0xffff, 0},
    /*                          ruler: op 00101 imm26 */
    {R_AARCH64_CALL26, -P2(27), P2(27) - 4, 4, 4, 0, 0x03ffffff, 0},
    {R_AARCH64_JUMP26, -P2(27), P2(27) - 4, 4, 4, 0, 0x03ffffff, 0},
    /*                          ruler: 8 bits, imm19 (23:5), 5 bits */
    {R_AARCH64_CONDBR19, -P2(20), P2(20) - 4, 4, 4, 0, 0x00ffffe0, 0},
    {R_AARCH64_LD_PREL_LO19, -P2(20), P2(20) - 4, 4, 4, 0, 0x00ffffe0, 0},
    /*                          ruler: imm14 (18:5) */
    {R_AARCH64_TSTBR14, -P2(15), P2(15) - 4, 4, 4, 0, 0x0007ffe0, 0},
    /*                          ruler: immlo (30:29), immhi (23:5) */
    {R_AARCH64_ADR_PREL_LO21, -P2(20), P2(20) - 1, 1, 0, 0, 0x60ffffe0, 0},
    {R_AARCH64_ADR_PREL_PG_HI21, -P2(32), P2(32) - 4096, 4096, 4096, 0, 0x60ffffe0, 0},
    {R_AARCH64_ADR_PREL_PG_HI21_NC, INT64_MIN, INT64_MAX - 4095, 4096, 0, 0, 0x60ffffe0, 1},
    /*                          ruler: imm12 (21:10) */
    {R_AARCH64_ADD_ABS_LO12_NC, INT64_MIN, INT64_MAX, 1, 0, 0, 0x003ffc00, 1},
    {R_AARCH64_LDST8_ABS_LO12_NC, INT64_MIN, INT64_MAX, 1, 0, 0, 0x003ffc00, 1},
    {R_AARCH64_LDST16_ABS_LO12_NC, INT64_MIN, INT64_MAX - 1, 2, 2, 0, 0x003ffc00, 1},
    {R_AARCH64_LDST32_ABS_LO12_NC, INT64_MIN, INT64_MAX - 3, 4, 4, 0, 0x003ffc00, 1},
    {R_AARCH64_LDST64_ABS_LO12_NC, INT64_MIN, INT64_MAX - 7, 8, 8, 0, 0x003ffc00, 1},
    {R_AARCH64_LDST128_ABS_LO12_NC, INT64_MIN, INT64_MAX - 15, 16, 16, 0, 0x003ffc00, 1},
    /*                          ruler: opc (30:29), imm16 (20:5) */
    {R_AARCH64_MOVW_UABS_G0, 0, P2(16) - 1, 1, 0, 0, 0x001fffe0, 0},
    {R_AARCH64_MOVW_UABS_G1, 0, P2(32) - 1, P2(16), 0, 0, 0x001fffe0, 0},
    {R_AARCH64_MOVW_UABS_G2, 0, P2(48) - 1, P2(32), 0, 0, 0x001fffe0, 0},
    {R_AARCH64_MOVW_UABS_G0_NC, INT64_MIN, INT64_MAX, 1, 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_UABS_G1_NC, INT64_MIN, INT64_MAX, P2(16), 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_UABS_G2_NC, INT64_MIN, INT64_MAX, P2(32), 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_UABS_G3, INT64_MIN, INT64_MAX, P2(48), 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_SABS_G0, -P2(16), P2(16) - 1, 1, 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_SABS_G1, -P2(32), P2(32) - 1, P2(16), 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_SABS_G2, -P2(48), P2(48) - 1, P2(32), 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_PREL_G0, -P2(16), P2(16) - 1, 1, 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_PREL_G1, -P2(32), P2(32) - 1, P2(16), 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_PREL_G2, -P2(48), P2(48) - 1, P2(32), 0, 0, 0x601fffe0, 0},
    {R_AARCH64_MOVW_PREL_G3, INT64_MIN, INT64_MAX, P2(48), 0, 0, 0x601fffe0, 1},
    {R_AARCH64_MOVW_PREL_G0_NC, INT64_MIN, INT64_MAX, 1, 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_PREL_G1_NC, INT64_MIN, INT64_MAX, P2(16), 0, 0, 0x001fffe0, 1},
    {R_AARCH64_MOVW_PREL_G2_NC, INT64_MIN, INT64_MAX, P2(32), 0, 0, 0x001fffe0, 1},
};

static const struct lim a32_lims[] = {
    {R_ARM_ABS32, -P2(31), P2(32) - 1, 1, 0, 0, 0xffffffff, 1},
    {R_ARM_REL32, -P2(31), P2(32) - 1, 1, 0, 0, 0xffffffff, 1},
    {R_ARM_PREL31, -P2(30), P2(30) - 1, 1, 0, 0, 0x7fffffff, 0},
    /*                     ruler: cond 101 L imm24; CALL rewrites cond and opcode (BL/BLX) */
    {R_ARM_CALL, -P2(25), P2(25) - 4, 4, 4, 0, 0xffffffff, 0},
    {R_ARM_CALL, -P2(25), P2(25) - 2, 2, 2, 1, 0xffffffff, 0}, /* BLX: H = bit 1 */
    {R_ARM_JUMP24, -P2(25), P2(25) - 4, 4, 4, 0, 0x00ffffff, 0},
    {R_ARM_PC24, -P2(25), P2(25) - 4, 4, 4, 0, 0x00ffffff, 0},
    /*                     ruler: cond 0011 0x00 imm4 Rd imm12 */
    {R_ARM_MOVW_ABS_NC, -P2(31), P2(32) - 1, 1, 0, 0, 0x000f0fff, 1},
    {R_ARM_MOVT_ABS, -P2(31), P2(32) - 1, P2(16), 0, 0, 0x000f0fff, 1},
    {R_ARM_MOVW_PREL_NC, -P2(31), P2(32) - 1, 1, 0, 0, 0x000f0fff, 1},
    {R_ARM_MOVT_PREL, -P2(31), P2(32) - 1, P2(16), 0, 0, 0x000f0fff, 1},
};

static void expect_fit(const struct aotx_arch *a, const struct lim *l, int64_t v, int be)
{
    const struct aotx_howto *h = aotx_arch_howto(a, l->type);
    unsigned size = h->size;
    int fbe = field_be(a, l->type, be);
    uint64_t f = 0, mask = size == 8 ? ~0ull : l->mask;
    struct aotx_range bad;
    if (a->field(h, v, 0x10000000, &f, &bad))
        fail_msg("%s: %lld should fit", tname(a, l->type), (long long)v);
    for (int bg = 0; bg < 2; bg++) {
        uint64_t back = bg ? ~0ull >> (64 - 8 * size) : 0;
        uint8_t buf[8];
        put(buf, size, back, fbe);
        a->encode(h, buf, f, be);
        uint64_t w = get(buf, size, fbe);
        if ((w & ~mask) != (back & ~mask))
            fail_msg("%s, %lld: bits outside the field changed: %#llx on %#llx",
                     tname(a, l->type), (long long)v, (unsigned long long)w,
                     (unsigned long long)back);
        if (a->decode(h, buf, be) != f)
            fail_msg("%s, %lld, background %#llx: decode() %#llx, field() %#llx",
                     tname(a, l->type), (long long)v, (unsigned long long)back,
                     (unsigned long long)a->decode(h, buf, be), (unsigned long long)f);
    }
}

static void expect_refused(const struct aotx_arch *a, const struct lim *l, int64_t v)
{
    const struct aotx_howto *h = aotx_arch_howto(a, l->type);
    uint64_t f = 0;
    struct aotx_range bad, want = {l->nc ? INT64_MIN : l->lo, l->nc ? INT64_MAX : l->hi,
                                   l->align, 0, 0};
    if (a->field(h, v, 0x10000000, &f, &bad) != 1 || !same_range(&bad, &want))
        fail_msg("%s: %lld should be refused with [%lld, %lld] align %u; got [%lld, %lld] "
                 "align %u", tname(a, l->type), (long long)v, (long long)want.lo,
                 (long long)want.hi, want.align, (long long)bad.lo, (long long)bad.hi,
                 bad.align);
}

static void run_lims(const struct aotx_arch *a, const struct lim *l, size_t n, int be)
{
    for (size_t i = 0; i < n; i++, l++) {
        const int64_t vals[] = {l->lo, l->lo + l->step, -l->step, 0, l->step, l->hi};
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++)
            if (vals[k] >= l->lo && vals[k] <= l->hi)
                expect_fit(a, l, vals[k] | l->tag, be);
        if (!l->nc) {
            expect_refused(a, l, (l->lo - l->step) | l->tag);
            expect_refused(a, l, (l->hi + l->step) | l->tag);
        }
        if (l->align > 1 && !l->tag)
            expect_refused(a, l, l->align / 2);
    }
}

static void aarch64_limits_round_trip(void **state)
{
    (void)state;
    run_lims(&aotx_arch_aarch64, a64_lims, sizeof a64_lims / sizeof a64_lims[0], 0);
    run_lims(&aotx_arch_aarch64, a64_lims, sizeof a64_lims / sizeof a64_lims[0], 1);
}

static void arm_limits_round_trip(void **state)
{
    (void)state;
    run_lims(&aotx_arch_arm, a32_lims, sizeof a32_lims / sizeof a32_lims[0], 0);
}

/* ---- 3. descriptors and veneers ---- */

static void check_tables(const struct aotx_arch *a)
{
    for (size_t i = 1; i < a->name_count; i++)
        assert_true(a->names[i - 1].type < a->names[i].type);
    for (size_t i = 0; i < a->howto_count; i++) {
        if (i)
            assert_true(a->howtos[i - 1].type < a->howtos[i].type);
        assert_non_null(aotx_arch_reloc_name(a, a->howtos[i].type));
        assert_ptr_equal(aotx_arch_howto(a, a->howtos[i].type), &a->howtos[i]);
    }
}

static void descriptors(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_aarch64, *r = &aotx_arch_arm;
    check_tables(a);
    check_tables(r);
    assert_int_equal(a->howto_count, 38);
    assert_int_equal(r->howto_count, 12);
    assert_true(a->rela && !a->thumb_bit && a->abs_ptr_type == R_AARCH64_ABS64);
    assert_true(!r->rela && r->thumb_bit && r->abs_ptr_type == R_ARM_ABS32);
    assert_int_equal(a->plt_entry, 32); /* a stock load's PLT entry, AOT-FORMAT.md 7.3, 7.4 */
    assert_int_equal(r->plt_entry, 12);
    assert_int_equal(aotx_arch_howto(a, R_AARCH64_CALL26)->flags, HOWTO_CALL | HOWTO_INSN);
    assert_int_equal(aotx_arch_howto(a, R_AARCH64_JUMP26)->flags, HOWTO_CALL | HOWTO_INSN);
    assert_int_equal(aotx_arch_howto(a, R_AARCH64_CONDBR19)->flags, HOWTO_INSN);
    assert_int_equal(aotx_arch_howto(a, R_AARCH64_ADR_PREL_PG_HI21)->expr, X_PAGE_PC);
    assert_int_equal(aotx_arch_howto(r, R_ARM_CALL)->flags, HOWTO_CALL | HOWTO_INSN);
    assert_int_equal(aotx_arch_howto(r, R_ARM_JUMP24)->flags, HOWTO_CALL | HOWTO_INSN);
    assert_int_equal(aotx_arch_howto(r, R_ARM_V4BX)->expr, X_NONE);
    /* known, not supported */
    assert_null(aotx_arch_howto(a, R_AARCH64_ADR_GOT_PAGE));
    assert_string_equal(aotx_arch_reloc_name(a, R_AARCH64_ADR_GOT_PAGE),
                        "R_AARCH64_ADR_GOT_PAGE");
    assert_null(aotx_arch_howto(r, R_ARM_THM_CALL));
    assert_null(aotx_arch_howto(r, R_ARM_GOT_BREL));
    /* found by the target info */
    struct aotx_target t = {.bin_type = AOTX_BIN_64BIT, .e_machine = EM_AARCH64};
    strcpy(t.arch, "aarch64v8");
    assert_ptr_equal(aotx_arch_find(&t), a);
    t.bin_type |= AOTX_BIN_BIG_ENDIAN;
    assert_ptr_equal(aotx_arch_find(&t), a);
    struct aotx_target u = {.bin_type = 0, .e_machine = EM_ARM};
    strcpy(u.arch, "armv7");
    assert_ptr_equal(aotx_arch_find(&u), r);
}

/* A veneer as the rewriter writes it: the units in the file's byte order,
 * then the target slot through the arch's own relocator. */
static void build_veneer(const struct aotx_arch *a, const struct aotx_veneer *v, uint8_t *p,
                         uint64_t target, int be)
{
    uint8_t *q = p;
    for (unsigned u = 0; u < v->unit_count; u++) {
        put(q, v->units[u].width, v->units[u].value, be);
        q += v->units[u].width;
    }
    assert_int_equal(q - p, v->size);
    const struct aotx_howto *h = aotx_arch_howto(a, v->reloc_type);
    uint64_t f = 0;
    struct aotx_range bad;
    assert_int_equal(a->field(h, (int64_t)target, 0, &f, &bad), 0);
    a->encode(h, p + v->reloc_offset, f, be);
}

/* Instruction bytes: llvm-mc -show-encoding (aarch64 and aarch64_be alike)
 *   ldr x16, #8        [0x50,0x00,0x00,0x58]
 *   br x16             [0x00,0x02,0x1f,0xd6]
 * and for armv7
 *   ldr pc, [pc, #-4]  [0x04,0xf0,0x1f,0xe5] */
static void veneers(void **state)
{
    (void)state;
    struct aotx_module m;
    memset(&m, 0, sizeof m);
    m.target.bin_type = AOTX_BIN_64BIT;
    uint8_t b[16];
    const struct aotx_veneer *v = aotx_arch_aarch64.veneer(&m);
    assert_int_equal(v->size, 16);
    assert_int_equal(v->align, 8);
    assert_int_equal(v->thumb, 0);
    assert_int_equal(v->reloc_type, R_AARCH64_ABS64);
    build_veneer(&aotx_arch_aarch64, v, b, 0x0000000208040040ull, 0);
    static const uint8_t le[16] = {0x50, 0x00, 0x00, 0x58, 0x00, 0x02, 0x1f, 0xd6,
                                   0x40, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00};
    assert_memory_equal(b, le, 16);
    m.target.bin_type |= AOTX_BIN_BIG_ENDIAN;
    v = aotx_arch_aarch64.veneer(&m);
    build_veneer(&aotx_arch_aarch64, v, b, 0x0000000208040040ull, 1);
    static const uint8_t be[16] = {0x50, 0x00, 0x00, 0x58, 0x00, 0x02, 0x1f, 0xd6,
                                   0x00, 0x00, 0x00, 0x02, 0x08, 0x04, 0x00, 0x40};
    assert_memory_equal(b, be, 16);

    m.target.bin_type = 0;
    v = aotx_arch_arm.veneer(&m);
    assert_int_equal(v->size, 8);
    assert_int_equal(v->align, 4);
    assert_int_equal(v->thumb, 0);
    assert_int_equal(v->reloc_type, R_ARM_ABS32);
    build_veneer(&aotx_arch_arm, v, b, 0x48000101, 0); /* a Thumb target keeps bit 0 */
    static const uint8_t arm[8] = {0x04, 0xf0, 0x1f, 0xe5, 0x01, 0x01, 0x00, 0x48};
    assert_memory_equal(b, arm, 8);
}

/* ---- 4. real modules through the rewriter ---- */

struct t {
    uint8_t *buf;
    size_t size;
    struct aotx_module *m;
    struct aotx_symmap *syms;
    struct aotx_xip_options o;
    struct aotx_diag d;
};

static struct t *open_module(const char *rel, uint64_t base)
{
    struct t *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->buf = load_data(rel, &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &t->d), AOTX_OK);
    t->syms = aotx_symmap_new();
    t->o.base = base;
    t->o.symbols = t->syms;
    /* the addresses in these tests put the code at the first multiple of
     * 16 (--code-align 16), the layout they were worked out for */
    t->o.code_align = 16;
    return t;
}

static void close_module(struct t *t)
{
    aotx_symmap_free(t->syms);
    aotx_module_free(t->m);
    free(t->buf);
    free(t);
}

static void defsym(struct t *t, const char *s)
{
    assert_int_equal(aotx_symmap_defsym(t->syms, s, &t->d), AOTX_OK);
}

static struct aotx_xip_image *rewrite_ok(struct t *t)
{
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(t->m, &t->o, &img, &t->d) != AOTX_OK)
        fail_msg("%s", t->d.msg);
    assert_true(img->verified);
    return img;
}

static void expect_error(struct t *t, const char *msg)
{
    struct aotx_xip_image *img = NULL;
    assert_int_equal(aotx_xip(t->m, &t->o, &img, &t->d), AOTX_E_UNSUPPORTED);
    assert_null(img);
    assert_string_equal(t->d.msg, msg);
}

/* v6/aarch64/memory.aot: 34 relocations in .rela.text, in the object's
 * order: [0] CALL26 at text+0x30 (aot_func#0) to aot_set_exception_with_id,
 * [6] LDST128_ABS_LO12_NC at text+0x400 (aot_func#1 (copy_crc)+0xec) to .rodata.cst16.
 * At base 0x40000000 the code starts at 0x40000110 and .rodata.cst16
 * (208 bytes) is copied to 0x400008d0. */
static void a64_natives(struct t *t, uint64_t at)
{
    static const char *const n[] = {"aot_set_exception_with_id", "memset", "memmove",
                                    "aot_enlarge_memory"};
    char s[96];
    for (unsigned i = 0; i < 4; i++) {
        snprintf(s, sizeof s, "%s=%#llx", n[i], (unsigned long long)(at + 0x40 * i));
        defsym(t, s);
    }
}

static void aarch64_module_errors(void **state)
{
    (void)state;
    struct t *t = open_module("aot/v6/aarch64/memory.aot", 0x40000000);
    a64_natives(t, 0x3ff00000);
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->code_address, 0x40000110);
    assert_int_equal(img->placement_count, 1);
    assert_int_equal(img->placements[0].address, 0x400008d0);
    aotx_xip_free(img);

    /* :lo12: of a 16-byte load, 8 bytes off: 0x400008d0 + 8 = 1073744088 */
    t->m->groups[0].relocs[6].addend = 8;
    expect_error(t, "text+0x400 (aot_func#1 (copy_crc)+0xec): "
                    "relocation R_AARCH64_LDST128_ABS_LO12_NC: "
                    "1073744088 is not a multiple of 16; references '.rodata.cst16'");
    t->m->groups[0].relocs[6].addend = 0;

    /* the BL at text+0x30, read as B.cond (no veneer): the native at
     * 0x3ff00000, P = 0x40000140: 0x3ff00000 - 0x40000140 = -1048896 */
    t->m->groups[0].relocs[0].type = R_AARCH64_CONDBR19;
    expect_error(t, "text+0x30 (aot_func#0 (fill_sum)+0x30): "
                    "relocation R_AARCH64_CONDBR19 out of range: "
                    "-1048896 is not in [-1048576, 1048572]; references "
                    "'aot_set_exception_with_id'");
    t->m->groups[0].relocs[0].type = R_AARCH64_ADR_GOT_PAGE;
    expect_error(t, "text+0x30 (aot_func#0 (fill_sum)+0x30): "
                    "relocation R_AARCH64_ADR_GOT_PAGE (311) is "
                    "not supported for aarch64 code; references 'aot_set_exception_with_id'");
    close_module(t);
}

static int64_t a64_branch(uint32_t w) { return sext(bits(w, 25, 0) << 2, 28); }

/* Natives 8 GiB away: every call goes through a veneer. The same module
 * marked big-endian (aarch64_be) gives the same instructions, veneers
 * included, and big-endian veneer slots. */
static void aarch64_far_calls_both_byte_orders(void **state)
{
    (void)state;
    struct t *t = open_module("aot/v6/aarch64/memory.aot", 0x40000000);
    a64_natives(t, 0x240000000ull);
    struct aotx_xip_image *le = rewrite_ok(t);
    t->m->target.bin_type |= AOTX_BIN_BIG_ENDIAN;
    struct aotx_xip_image *be = rewrite_ok(t);
    assert_int_equal(le->veneer_count, 4);
    assert_int_equal(be->veneer_count, 4);
    assert_int_equal(le->size, be->size);
    uint64_t code = le->code_address - le->base;
    assert_memory_equal(le->bytes + code, be->bytes + code, le->code_size);
    for (uint32_t k = 0; k < 4; k++) {
        const struct aotx_xip_veneer *v = &le->veneers[k];
        uint64_t at = v->address - le->base;
        assert_int_equal(v->address % 8, 0);
        assert_int_equal(v->target, 0x240000000ull + 0x40 * k);
        assert_int_equal(rd32le(le->bytes + at), 0x58000050);     /* ldr x16, #8 */
        assert_int_equal(rd32le(le->bytes + at + 4), 0xd61f0200); /* br x16 */
        assert_memory_equal(le->bytes + at, be->bytes + at, 8);
        assert_true(rd64le(le->bytes + at + 8) == v->target);
        assert_true(rd64be(be->bytes + at + 8) == v->target);
    }
    /* the first call, BL at text+0x30, lands on the first veneer */
    uint32_t bl = rd32le(le->bytes + code + 0x30);
    assert_int_equal(bl >> 26, 0x25);
    assert_true(le->code_address + 0x30 + (uint64_t)a64_branch(bl) == le->veneers[0].address);
    assert_string_equal(le->veneers[0].target_name, "aot_set_exception_with_id");
    aotx_xip_free(le);
    aotx_xip_free(be);
    close_module(t);
}

/* v6/armv7/memory.aot: 24 relocations in .rel.text; [2] R_ARM_CALL at
 * text+0x30 to aot_set_exception_with_id, [8] and [9] R_ARM_CALL at
 * text+0x300 and text+0x314 (aot_func#1+0x158, +0x16c) to memmove. At
 * base 0x08040000 the code starts at 0x08040120. */
static void arm_natives(struct t *t, const char *memmove)
{
    defsym(t, "aot_set_exception_with_id=0x08000000");
    defsym(t, "memset=0x08000040");
    defsym(t, memmove);
    defsym(t, "aot_enlarge_memory=0x080000c0");
}

static int64_t arm_branch(uint32_t w)
{
    int64_t off = sext(bits(w, 23, 0) << 2, 26);
    return bits(w, 31, 28) == 0xf ? off | (int64_t)(bits(w, 24, 24) << 1) : off;
}

/* memmove is Thumb (odd): a B (R_ARM_JUMP24) to it cannot change state
 * and goes through the veneer, whose slot keeps bit 0; a BL (R_ARM_CALL)
 * to it becomes BLX. The other natives' even --defsym addresses do not
 * say ARM or Thumb: --assume-isa arm says ARM. */
static void arm_b_to_thumb_native_takes_veneer(void **state)
{
    (void)state;
    struct t *t = open_module("aot/v6/armv7/memory.aot", 0x08040000);
    t->o.assume_isa = AOTX_ISA_ARM;
    arm_natives(t, "memmove=0x08000081");
    t->m->groups[0].relocs[8].type = R_ARM_JUMP24; /* the BL read as BL<c>, cond AL */
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->code_address, 0x08040120);
    assert_int_equal(img->veneer_count, 1);
    const struct aotx_xip_veneer *v = &img->veneers[0];
    assert_string_equal(v->target_name, "memmove");
    assert_int_equal(v->target, 0x08000081);
    assert_int_equal(v->callers, 1);
    const uint8_t *code = img->bytes + (img->code_address - img->base);
    const uint8_t *ven = img->bytes + (v->address - img->base);
    assert_int_equal(rd32le(ven), 0xe51ff004);
    assert_int_equal(rd32le(ven + 4), 0x08000081);
    uint32_t b = rd32le(code + 0x300), blx = rd32le(code + 0x314);
    assert_int_equal(b >> 24, 0xeb); /* still BL, to the veneer */
    assert_true(img->code_address + 0x300 + 8 + (uint64_t)arm_branch(b) == v->address);
    assert_int_equal(blx >> 25, 0x7d); /* BLX imm, straight to memmove */
    assert_true(img->code_address + 0x314 + 8 + (uint64_t)arm_branch(blx) == 0x08000080);
    aotx_xip_free(img);

    t->m->groups[0].relocs[2].type = R_ARM_THM_CALL;
    expect_error(t, "text+0x30 (aot_func#0 (fill_sum)+0x30): relocation R_ARM_THM_CALL (10) is not "
                    "supported for arm code; references 'aot_set_exception_with_id'");
    close_module(t);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(aarch64_vectors_match_lld),
    cmocka_unit_test(arm_vectors_match_lld),
    cmocka_unit_test(aarch64_limits_round_trip),
    cmocka_unit_test(arm_limits_round_trip),
    cmocka_unit_test(descriptors),
    cmocka_unit_test(veneers),
    cmocka_unit_test(aarch64_module_errors),
    cmocka_unit_test(aarch64_far_calls_both_byte_orders),
    cmocka_unit_test(arm_b_to_thumb_native_takes_veneer),
};

TEST_MAIN(tests)

/* How the vectors above were made (needs llvm and lld; prints a64[] and a32[]):
 *
 * #!/usr/bin/env python3
 * # Vectors for tests/unit/test_arch_a64arm.c. Each row: a placeholder field
 * # with one relocation against a symbol S, assembled by llvm-mc and linked by
 * # ld.lld at P; the linked bytes are the expected ones. Rows that must fail
 * # are not linked. Prints C rows.
 * import os
 * import struct
 * import subprocess
 * import sys
 * import tempfile
 *
 * M64 = (1 << 64) - 1
 *
 *
 * def run(*a):
 *     p = subprocess.run(a, capture_output=True, text=True)
 *     if p.returncode:
 *         sys.exit(p.stderr)
 *
 *
 * def page(x):
 *     return x & ~0xfff & M64
 *
 *
 * # ------------------------------------------------------------ AArch64
 * A64_ABS = {"ABS64", "ABS32", "ABS16", "MOVW_UABS_G0", "MOVW_UABS_G0_NC", "MOVW_UABS_G1",
 *            "MOVW_UABS_G1_NC", "MOVW_UABS_G2", "MOVW_UABS_G2_NC", "MOVW_UABS_G3",
 *            "MOVW_SABS_G0", "MOVW_SABS_G1", "MOVW_SABS_G2", "ADD_ABS_LO12_NC",
 *            "LDST8_ABS_LO12_NC", "LDST16_ABS_LO12_NC", "LDST32_ABS_LO12_NC",
 *            "LDST64_ABS_LO12_NC", "LDST128_ABS_LO12_NC"}
 * A64_PAGE = {"ADR_PREL_PG_HI21", "ADR_PREL_PG_HI21_NC"}
 * SIZE = {"ABS64": 8, "PREL64": 8, "ABS16": 2, "PREL16": 2}
 * A64_DATA = {"ABS64", "PREL64", "ABS32", "PREL32", "ABS16", "PREL16"}
 *
 * P2 = lambda n: 1 << n
 *
 *
 * def a64_rows():
 *     R = []
 *
 *     def row(t, ph, v, note="", ok=True, bad=None, A=0, low=0):
 *         R.append(dict(t=t, ph=ph, v=v, note=note, ok=ok, bad=bad, A=A, low=low))
 *
 *     def lim(t, ph, lo, hi, step, align=0, extra=(), fail_lo=True, fail_hi=True, A=0):
 *         for v, n in ((lo, "min"), (lo + step, "min + step"), (-step, "-step"), (0, "0"),
 *                      (step, "step"), (hi, "max")):
 *             if lo <= v <= hi:
 *                 row(t, ph, v, n, A=A)
 *         bad = (lo, hi, align)
 *         if fail_lo:
 *             row(t, ph, lo - step, "min - step", ok=False, bad=bad, A=A)
 *         if fail_hi:
 *             row(t, ph, hi + step, "max + step", ok=False, bad=bad, A=A)
 *         for v, n in extra:
 *             row(t, ph, v, n, ok=False, bad=bad, A=A)
 *
 *     # data; placeholders hold junk, which RELA ignores
 *     row("NONE", 0xd503201f, 0, "nothing written (nop)")
 *     row("ABS64", 0x1111111111111111, 0x0123456789abcdef, "S + A, no check", A=0x10)
 *     row("ABS64", 0, -1, "S + A = 2^64 - 1")
 *     row("PREL64", 0x1111111111111111, -0x123456789, "S + A - P, no check", A=-8)
 *     lim("ABS32", 0x11111111, -P2(31), P2(32) - 1, 1)
 *     lim("PREL32", 0x11111111, -P2(31), P2(32) - 1, 1)
 *     lim("ABS16", 0x1111, -P2(15), P2(16) - 1, 1)
 *     lim("PREL16", 0x1111, -P2(15), P2(16) - 1, 1)
 *     # branches: B, BL (imm26); B.cond, CBZ, LDR (literal) (imm19); TBZ (imm14)
 *     lim("CALL26", 0x94000000, -P2(27), P2(27) - 4, 4, 4, [(2, "not a multiple of 4")])
 *     row("CALL26", 0x94000000, 0x1000, "A = 8", A=8)
 *     lim("JUMP26", 0x14000000, -P2(27), P2(27) - 4, 4, 4, [(-6, "not a multiple of 4")])
 *     lim("CONDBR19", 0x54000001, -P2(20), P2(20) - 4, 4, 4, [(0x101, "not a multiple of 4")])
 *     row("CONDBR19", 0xb4000003, 0x100, "cbz x3")
 *     lim("LD_PREL_LO19", 0x58000000, -P2(20), P2(20) - 4, 4, 4, [(6, "not a multiple of 4")])
 *     lim("TSTBR14", 0x36000000 | 31 << 19, -P2(15), P2(15) - 4, 4, 4,
 *         [(1, "not a multiple of 4")])
 *     # ADR, ADRP
 *     lim("ADR_PREL_LO21", 0x10000000, -P2(20), P2(20) - 1, 1)
 *     lim("ADR_PREL_PG_HI21", 0x90000000, -P2(32), P2(32) - 4096, 4096, 4096)
 *     row("ADR_PREL_PG_HI21", 0xf0000009, 0x12345000, "adrp x9, junk immediate", low=0x678)
 *     row("ADR_PREL_PG_HI21_NC", 0x90000000, P2(32), "no check: 2^32 wraps to page 0")
 *     row("ADR_PREL_PG_HI21_NC", 0x90000000, -P2(32) - 4096, "no check")
 *     # :lo12:
 *     for v in (0, 0xfff, 0x12345678):
 *         row("ADD_ABS_LO12_NC", 0x91000000, v, "imm12 = X[11:0]")
 *     for t, ph, sz in (("LDST8_ABS_LO12_NC", 0x39400000, 1), ("LDST16_ABS_LO12_NC", 0x79400000, 2),
 *                       ("LDST32_ABS_LO12_NC", 0xb9400000, 4), ("LDST64_ABS_LO12_NC", 0xf9400000, 8),
 *                       ("LDST128_ABS_LO12_NC", 0x3dc00000, 16)):
 *         row(t, ph, 0x2000, "X[11:0] = 0")
 *         row(t, ph, sz, "one access up")
 *         row(t, ph, 0x7654321000 + 0x1000 - sz, "X[11:0] = 0x1000 - size: the last")
 *         if sz > 1:
 *             row(t, ph, 0x2000 + sz // 2, "not a multiple of the access size", ok=False,
 *                 bad=(-P2(63), P2(63) - 1, sz))
 *             row(t, ph, 0x2fff, "not a multiple of the access size", ok=False,
 *                 bad=(-P2(63), P2(63) - 1, sz))
 *     # MOVZ/MOVK, unsigned
 *     for t, ph, sh in (("MOVW_UABS_G0", 0xd2800000, 0), ("MOVW_UABS_G1", 0xf2a00000, 16),
 *                       ("MOVW_UABS_G2", 0xf2c00000, 32)):
 *         lim(t, ph, 0, P2(sh + 16) - 1, P2(sh), fail_lo=False,
 *             extra=[(-1, "negative")])
 *         row(t, ph, 0x0123456789abcdef & (P2(sh + 16) - 1), "every chunk distinct")
 *     for t, ph, sh in (("MOVW_UABS_G0_NC", 0xf2800000, 0), ("MOVW_UABS_G1_NC", 0xf2a00000, 16),
 *                       ("MOVW_UABS_G2_NC", 0xf2c00000, 32), ("MOVW_UABS_G3", 0xf2e00000, 48)):
 *         row(t, ph, 0x0123456789abcdef, "no check")
 *         row(t, ph, -1, "no check")
 *     # MOVN/MOVZ, signed: MOVN with ~chunk when X < 0
 *     for t, sh in (("MOVW_SABS_G0", 0), ("MOVW_SABS_G1", 16), ("MOVW_SABS_G2", 32),
 *                   ("MOVW_PREL_G0", 0), ("MOVW_PREL_G1", 16), ("MOVW_PREL_G2", 32)):
 *         lim(t, 0xd2800000 | (sh // 16) << 21, -P2(sh + 16), P2(sh + 16) - 1, P2(sh))
 *         row(t, 0x92800000 | (sh // 16) << 21, 0x5a5a << sh, "movn placeholder becomes movz")
 *     row("MOVW_PREL_G3", 0xd2e00000, -0x0123456789abcdef, "no check, movz")
 *     row("MOVW_PREL_G3", 0x92e00000, 0x0123456789abcdef, "no check, movn becomes movz")
 *     for t, sh in (("MOVW_PREL_G0_NC", 0), ("MOVW_PREL_G1_NC", 16), ("MOVW_PREL_G2_NC", 32)):
 *         row(t, 0xf2800000 | (sh // 16) << 21, -0x0123456789abcdef, "movk, no check")
 *         row(t, 0xf2800000 | (sh // 16) << 21, 0x0123456789abcdef, "movk, no check")
 *     return R
 *
 *
 * A64_INSN_LE_IN_BE = ("CALL26", "ADR_PREL_PG_HI21", "MOVW_SABS_G0")
 *
 *
 * def a64_emit(rows, be, T):
 *     """Assemble and link rows at T; fill each row's P, S, out."""
 *     d = tempfile.mkdtemp()
 *     src = [".text", ".globl _start", "_start:"]
 *     defs = []
 *     P = T
 *     for i, r in enumerate(rows):
 *         t, sz = r["t"], SIZE.get(r["t"], 4)
 *         P = (P + 7) & ~7
 *         r["P"], r["size"] = P, sz
 *         src.append(".balign 8")
 *         if t in A64_ABS:
 *             S = r["v"] - r["A"]
 *         elif t in A64_PAGE:
 *             S = page(P) + r["v"] + r["low"] - r["A"]
 *         else:
 *             S = r["v"] - r["A"] + P
 *         r["S"] = S & M64
 *         if r["ok"]:
 *             src += [f".globl s{i}", f".reloc ., R_AARCH64_{t}, s{i}{r['A']:+d}" if t != "NONE"
 *                     else f".reloc ., R_AARCH64_NONE, s{i}"]
 *             defs += ["--defsym", f"s{i}={r['S']:#x}"]
 *         ph = r["ph"] & (P2(8 * sz) - 1)
 *         src.append({2: f".hword {ph:#x}", 4: f".word {ph:#x}", 8: f".xword {ph:#x}"}[sz]
 *                    if t in A64_DATA
 *                    else f".inst {ph:#x}")
 *         P += 8
 *     open(f"{d}/v.s", "w").write("\n".join(src) + "\n")
 *     triple = "aarch64_be-none-elf" if be else "aarch64-none-elf"
 *     run("llvm-mc", f"-triple={triple}", "-filetype=obj", "-o", f"{d}/v.o", f"{d}/v.s")
 *     run("ld.lld", "-o", f"{d}/v.elf", f"{d}/v.o", f"-Ttext={T:#x}", *defs)
 *     run("llvm-objcopy", "-O", "binary", "--only-section=.text", f"{d}/v.elf", f"{d}/v.bin")
 *     img = open(f"{d}/v.bin", "rb").read()
 *     for r in rows:
 *         o, sz = r["P"] - T, r["size"]
 *         data = r["t"] in A64_DATA
 *         e = ">" if (be and data) else "<"
 *         f = {2: "H", 4: "I", 8: "Q"}[sz]
 *         r["in"] = r["ph"] & (P2(8 * sz) - 1)
 *         r["out"] = struct.unpack_from(e + f, img, o)[0] if r["ok"] else 0
 *
 *
 * # ------------------------------------------------------------ ARM
 * ARM_ABS = {"ABS32", "MOVW_ABS_NC", "MOVT_ABS", "NONE", "V4BX"}
 *
 *
 * def arm_addend(t, w):
 *     def sx(v, n):
 *         return v - (1 << n) if v >> (n - 1) & 1 else v
 *     if t in ("ABS32", "REL32"):
 *         return sx(w, 32)
 *     if t == "PREL31":
 *         return sx(w & 0x7fffffff, 31)
 *     if t in ("CALL", "JUMP24", "PC24"):
 *         a = sx((w & 0xffffff) << 2, 26)
 *         return a | ((w >> 24 & 1) << 1 if w >> 28 == 0xf else 0)
 *     if t.startswith("MOV"):
 *         return sx((w >> 16 & 0xf) << 12 | (w & 0xfff), 16)
 *     return 0
 *
 *
 * def arm_rows():
 *     R = []
 *
 *     def row(t, ph, v, note="", ok=True, bad=None, state="arm"):
 *         # state: "arm" (absolute NOTYPE symbol), "armfn" (ARM STT_FUNC), "thumb" (Thumb STT_FUNC)
 *         R.append(dict(t=t, ph=ph, v=v, note=note, ok=ok, bad=bad, state=state))
 *
 *     BL, BLX, B, BEQ = 0xebfffffe, 0xfafffffe, 0xeafffffe, 0x0afffffe
 *     row("NONE", 0xe1a00000, 0, "nothing written (nop)")
 *     row("V4BX", 0xe12fff10, 0, "bx r0 stays")
 *     row("ABS32", 0x00000004, 0x2001f2a4, "(S + A) | T, A = 4 from the word")
 *     row("ABS32", 0xfffffffc, 0x00000000, "A = -4, wraps to 0")
 *     row("ABS32", 0x00000000, 0x08123459, "a Thumb function: bit 0 set", state="thumb")
 *     row("REL32", 0x00000000, -0x40000000, "((S + A) | T) - P")
 *     row("REL32", 0x00000008, 0x1234, "A = 8")
 *     row("PREL31", 0x80000000, 0x3ffffffc, "bit 31 kept; near max 2^30 - 1", state="armfn")
 *     for v, n in ((-P2(30), "min"), (-4, "-4"), (0, "0"), (P2(30) - 4, "max - 3")):
 *         row("PREL31", 0x00000000, v, n)
 *     for v, n in ((-P2(30) - 4, "min - 4"), (P2(30), "max + 1")):
 *         row("PREL31", 0x00000000, v, n, ok=False, bad=(-P2(30), P2(30) - 1, 0, 0))
 *     # BL / BLX
 *     for v, n in ((-P2(25), "min"), (-P2(25) + 4, "min + 4"), (-4, "-4"), (0, "0"), (4, "4"),
 *                  (P2(25) - 4, "max")):
 *         row("CALL", BL, v, "BL, " + n)
 *     row("CALL", BL, -P2(25) - 4, "BL, min - 4", ok=False, bad=(-P2(25), P2(25) - 4, 4, 0))
 *     row("CALL", BL, P2(25), "BL, max + 4", ok=False, bad=(-P2(25), P2(25) - 4, 4, 0))
 *     row("CALL", BL, 0x1002, "BL, not a multiple of 4", ok=False,
 *         bad=(-P2(25), P2(25) - 4, 4, 0))
 *     row("CALL", BLX, 0x100000, "BLX placeholder, ARM function: becomes BL", state="armfn")
 *     for v, n in ((-P2(25), "min, H = 0"), (-P2(25) + 2, "min + 2, H = 1"),
 *                  (-0x100002, "H = 1"), (0x100000, "H = 0"), (0x100002, "H = 1"),
 *                  (P2(25) - 2, "max, H = 1")):
 *         row("CALL", BL, v | 1, "BL to Thumb: BLX, " + n, state="thumb")
 *     row("CALL", BLX, 0x200006 | 1, "BLX to Thumb stays BLX, H = 1", state="thumb")
 *     row("CALL", BL, (-P2(25) - 2) | 1, "BLX, min - 2", ok=False,
 *         bad=(-P2(25), P2(25) - 2, 2, 0), state="thumb")
 *     row("CALL", BL, P2(25) | 1, "BLX, max + 2", ok=False, bad=(-P2(25), P2(25) - 2, 2, 0),
 *         state="thumb")
 *     # B<c>, BL<c>: ARM targets only
 *     for t, ph in (("JUMP24", B), ("JUMP24", BEQ), ("PC24", B), ("PC24", 0x1bfffffe)):
 *         for v, n in ((-P2(25), "min"), (-4, "-4"), (0, "0"), (P2(25) - 4, "max")):
 *             row(t, ph, v, n)
 *         bad = (-P2(25), P2(25) - 4, 4, 0)
 *         row(t, ph, -P2(25) - 4, "min - 4", ok=False, bad=bad)
 *         row(t, ph, P2(25), "max + 4", ok=False, bad=bad)
 *         row(t, ph, 6, "not a multiple of 4", ok=False, bad=bad)
 *         row(t, ph, 0x1000 | 1, "a Thumb target: needs a veneer", ok=False,
 *             bad=(-P2(25), P2(25) - 4, 4, 1), state="thumb")
 *     # MOVW/MOVT: the immediate is the (shared) addend
 *     row("MOVW_ABS_NC", 0xe3000000, 0x2001f2a0, "movw r0, X[15:0]")
 *     row("MOVW_ABS_NC", 0xe3000008, 0x2001f2a8, "A = 8")
 *     row("MOVW_ABS_NC", 0xe3000000, 0x0812345d, "Thumb function: bit 0 kept", state="thumb")
 *     row("MOVT_ABS", 0xe3400000, 0x2001f2a0, "movt r0, X[31:16]")
 *     row("MOVT_ABS", 0xe34f0ff8, 0x2001fff8, "A = -8 (sext imm16)")
 *     row("MOVT_ABS", 0xe3400008, 0x20020004, "A = 8 carries into X[16]")
 *     row("MOVW_PREL_NC", 0xe3001000, -0x1234568, "movw r1, X[15:0]")
 *     row("MOVW_PREL_NC", 0xe30f1ff8, 0x7ffff0, "A = -8")
 *     row("MOVT_PREL", 0xe3401000, -0x1234568, "movt r1, X[31:16]")
 *     row("MOVT_PREL", 0xe34f1ff8, 0x7ffff0, "A = -8")
 *     return R
 *
 *
 * def arm_emit(rows, T):
 *     d = tempfile.mkdtemp()
 *     src = [".syntax unified", ".cpu cortex-a7", ".arm", ".text", ".globl _start", "_start:"]
 *     fns, defs = [], []
 *     P = T
 *     used = []
 *     for i, r in enumerate(rows):
 *         r["P"] = P
 *         A = arm_addend(r["t"], r["ph"])
 *         S = r["v"] - A + (0 if r["t"] in ARM_ABS else P)
 *         r["S"], r["A"] = S & 0xffffffff, A
 *         if r["ok"]:
 *             src += [f".globl s{i}", f".reloc ., R_ARM_{r['t']}, s{i}"]
 *             if r["state"] == "arm":
 *                 defs += ["--defsym", f"s{i}={r['S']:#x}"]
 *             else:
 *                 fns.append((i, r["S"] & ~1, r["state"]))
 *         src.append(f".inst {r['ph']:#x}" if r["t"] not in ("ABS32", "REL32", "PREL31")
 *                    else f".word {r['ph']:#x}")
 *         P += 4
 *     for i, a, st in fns:
 *         src += [f".section .f{i}, \"ax\", %progbits", ".thumb" if st == "thumb" else ".arm",
 *                 f".type s{i}, %function"] + ([".thumb_func"] if st == "thumb" else []) + \
 *                [f"s{i}:", "bx lr"]
 *         defs += [f"--section-start=.f{i}={a:#x}"]
 *     open(f"{d}/v.s", "w").write("\n".join(src) + "\n")
 *     run("llvm-mc", "-triple=armv7-none-eabi", "-filetype=obj", "-o", f"{d}/v.o", f"{d}/v.s")
 *     run("ld.lld", "-o", f"{d}/v.elf", f"{d}/v.o", f"-Ttext={T:#x}", *defs)
 *     run("llvm-objcopy", "-O", "binary", "--only-section=.text", f"{d}/v.elf", f"{d}/v.bin")
 *     img = open(f"{d}/v.bin", "rb").read()
 *     for r in rows:
 *         r["in"] = r["ph"]
 *         r["out"] = struct.unpack_from("<I", img, r["P"] - T)[0] if r["ok"] else 0
 *         if r["ok"] and r["t"] in ("CALL", "JUMP24", "PC24"):
 *             w = r["out"]  # no thunk: the branch lands on S
 *             off = ((w & 0xffffff) ^ 0x800000) - 0x800000 << 2
 *             if w >> 28 == 0xf:
 *                 off |= (w >> 24 & 1) << 1
 *             assert r["P"] + 8 + off == r["S"] & ~1, (r, hex(w))
 *
 *
 * def hx(v):
 *     return f"-{-v:#x}" if v < 0 else f"{v:#x}"
 *
 *
 * def c_int(v):
 *     if v < 0:
 *         return f"-{-v:#x}ll" if -v < P2(63) else "INT64_MIN"
 *     return f"{v:#x}"
 *
 *
 * def c_rows(rows, prefix, be, expr):
 *     co, cc = "/" + "*", "*" + "/"
 *     out = []
 *     for r in rows:
 *         if r["ok"]:
 *             res = "FITS"
 *         else:
 *             lo, hi, al, st = (*r["bad"], 0)[:4]
 *             lo_s = "INT64_MIN" if lo == -P2(63) else c_int(lo)
 *             hi_s = "INT64_MAX" if hi == P2(63) - 1 else c_int(hi)
 *             res = f"REFUSED({lo_s}, {hi_s}, {al}, {st})"
 *         out.append(f"    {co} {expr(r)} {cc}")
 *         out.append(f"    {{{prefix}{r['t']}, {r['P']:#x}, {r['S']:#x}, {c_int(r['A'])}, "
 *                    f"{r['in']:#x}, {r['out']:#x}, {be}, {res}}},")
 *     return out
 *
 *
 * def a64_expr(r):
 *     t = r["t"]
 *     v = r["v"]
 *     what = "Page(S+A) - Page(P)" if t in A64_PAGE else "S + A" if t in A64_ABS else "S + A - P"
 *     if t == "NONE":
 *         return f"NONE: {r['note']}"
 *     return f"{t}: {what} = {hx(v)}: {r['note']}"
 *
 *
 * def arm_expr(r):
 *     what = {"ABS32": "(S + A) | T", "MOVW_ABS_NC": "(S + A) | T", "MOVT_ABS": "S + A",
 *             "MOVT_PREL": "S + A - P", "NONE": "-", "V4BX": "-"}.get(r["t"], "((S + A) | T) - P")
 *     if what == "-":
 *         return f"{r['t']}: {r['note']}"
 *     return f"{r['t']}: {what} = {hx(r['v'])} (A = {r['A']}): {r['note']}"
 *
 *
 * if __name__ == "__main__":
 *     rows = a64_rows()
 *     a64_emit(rows, 0, 0x200000000)
 *     be_rows = [r for r in a64_rows() if r["t"] in A64_DATA or
 *                (r["t"] in A64_INSN_LE_IN_BE and r["note"] in ("max", "min"))]
 *     a64_emit(be_rows, 1, 0x200000000)
 *     print("static const struct vec a64[] = {")
 *     print("\n".join(c_rows(rows, "R_AARCH64_", 0, a64_expr)))
 *     print("\n".join(c_rows(be_rows, "R_AARCH64_", 1, a64_expr)))
 *     print("};\n")
 *     rows = arm_rows()
 *     arm_emit(rows, 0x48000000)  # high enough that no target wraps below 0
 *     print("static const struct vec a32[] = {")
 *     print("\n".join(c_rows(rows, "R_ARM_", 0, arm_expr)))
 *     print("};")
 */
