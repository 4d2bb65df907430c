/* The MIPS, ARC and Xtensa relocators against GNU binutils.
 *
 * Every expected byte below comes from the reference toolchain, not from
 * the code under test: a one-instruction source assembled with GNU as and
 * linked with GNU ld at the address P given in the row, the symbol placed
 * with --defsym, then the field's bytes read from the object (the input:
 * for MIPS, a REL target, they hold the addend) and from the linked file
 * (the expected output). Debian packages: binutils-mips-linux-gnu,
 * binutils-mipsel-linux-gnu, binutils-arc-linux-gnu, binutils-xtensa-lx106
 * (GNU binutils 2.40). The commands, per row:
 *   MIPS:   mips-linux-gnu-as -mips32 t.s (mipsel-linux-gnu-as for be = 0);
 *           mips-linux-gnu-ld -e _start -Ttext=P --defsym f=S t.o
 *           (.text 16-aligned: nops before the instruction when P & 0xf);
 *           every MIPS row also linked with ld.lld, which gave the same bytes.
 *   ARC:    arc-linux-gnu-as -mcpu=archs [-EB] t.s;
 *           arc-linux-gnu-ld [-EB] -Ttext=0x10002000
 *             --section-start .rodata=0x10003000 --defsym f=S t.o
 *           (a nop_s first for P & 3 = 2); A is the record's addend.
 *   Xtensa: xtensa-lx106-elf-as t.s; xtensa-lx106-elf-ld -Ttext=0x40210000
 *             --section-start .rodata=0x3ffe8000 --defsym f=S t.o
 *           R_XTENSA_SLOT0_OP: tests/unit/vectors/xtensa.sh prints every row
 *           and refusal below (one instruction in a no-transform region after
 *           0, 5, 2 or 3 bytes of nops for P & 3 = 0, 1, 2, 3; -e 0
 *           -Ttext=0x40210000 --defsym f=S). The lx106 core has no windowed
 *           registers, so its binutils refuse CALL4/8/12: those rows are GNU
 *           ld's CALL0 bytes with n set, each decoded back to the same target
 *           by QEMU's Xtensa disassembler for the windowed dc233c core.
 * The refusals carry GNU ld's own verdict in their comment. */
#include "testutil.h"

#include "arch.h"
#include "bytes.h"

enum {
#define RELOC(name, num) name = num,
#include "names/mips.def"
#include "names/arc.def"
#include "names/xtensa.def"
#undef RELOC
};

/* One relocation as the reference linked it. */
struct vec {
    uint32_t type;
    int be;
    uint32_t P, S;
    int32_t A;          /* RELA: the record's addend (REL: 0, the field holds it) */
    uint8_t in[4];      /* the field's bytes in the object */
    uint8_t out[4];     /* the same bytes, linked */
};

/* What the engine computes before field(): A from the field for REL
 * targets, then the value by the howto's expression. */
static int64_t value_of(const struct aotx_arch *a, const struct aotx_howto *h, const struct vec *r)
{
    int64_t A = a->rela ? r->A : a->addend(h, r->in, r->be);
    switch (h->expr) {
    case X_ABS:
        return (int64_t)r->S + A;
    case X_PC:
        return (int64_t)r->S + A - (int64_t)r->P;
    default:
        return 0;
    }
}

static void check_vectors(const struct aotx_arch *a, const struct vec *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct vec *r = &rows[i];
        const struct aotx_howto *h = aotx_arch_howto(a, r->type);
        if (h && a->select) /* the howto for the instruction there, as the engine picks it */
            h = a->select(h, r->in, sizeof r->in, r->be);
        if (!h)
            fail_msg("%s row %zu: type %u has no howto", a->name, i, r->type);
        int64_t v = value_of(a, h, r);
        uint64_t f = 0;
        struct aotx_range bad;
        if (a->field(h, v, r->P, &f, &bad))
            fail_msg("%s row %zu (%s): %lld refused, allowed [%lld, %lld]", a->name, i,
                     aotx_arch_reloc_name(a, r->type), (long long)v, (long long)bad.lo,
                     (long long)bad.hi);
        uint8_t buf[4];
        memcpy(buf, r->in, 4);
        a->encode(h, buf, f, r->be);
        size_t bytes = h->size ? h->size : 4; /* nothing written: all 4 stay */
        if (memcmp(buf, r->out, bytes) != 0)
            fail_msg("%s row %zu (%s, %s): wrote %02x %02x %02x %02x, binutils %02x %02x %02x %02x",
                     a->name, i, aotx_arch_reloc_name(a, r->type), r->be ? "BE" : "LE", buf[0],
                     buf[1], buf[2], buf[3], r->out[0], r->out[1], r->out[2], r->out[3]);
        assert_true(a->decode(h, r->out, r->be) == f);
    }
}

/* ---- MIPS (REL): the addend is read from the object's field ---- */

static const struct vec mips_rows[] = {
    /* type, be, P, S, A (unused: REL), object bytes, linked bytes */
    {R_MIPS_26, 1, 0x00400000u, 0x00412340u, 0, {0x0c, 0x00, 0x00, 0x00}, {0x0c, 0x10, 0x48, 0xd0}}, /* jal: v = 0x412340, index = v[27:2] = 0x1048d0 */
    {R_MIPS_26, 0, 0x00400000u, 0x00412340u, 0, {0x00, 0x00, 0x00, 0x0c}, {0xd0, 0x48, 0x10, 0x0c}}, /* jal: v = 0x412340, index = v[27:2] = 0x1048d0 */
    {R_MIPS_26, 1, 0x08000000u, 0x00000000u, 0, {0x0c, 0x00, 0x00, 0x00}, {0x0c, 0x00, 0x00, 0x00}}, /* jal: lowest target of P + 4's region: index 0 */
    {R_MIPS_26, 0, 0x08000000u, 0x00000000u, 0, {0x00, 0x00, 0x00, 0x0c}, {0x00, 0x00, 0x00, 0x0c}}, /* jal: lowest target of P + 4's region: index 0 */
    {R_MIPS_26, 1, 0x08000000u, 0x00000004u, 0, {0x0c, 0x00, 0x00, 0x00}, {0x0c, 0x00, 0x00, 0x01}}, /* jal: region + 4: index 1 */
    {R_MIPS_26, 0, 0x08000000u, 0x00000004u, 0, {0x00, 0x00, 0x00, 0x0c}, {0x01, 0x00, 0x00, 0x0c}}, /* jal: region + 4: index 1 */
    {R_MIPS_26, 1, 0x08000000u, 0x0ffffffcu, 0, {0x0c, 0x00, 0x00, 0x00}, {0x0f, 0xff, 0xff, 0xff}}, /* jal: region + 0x0ffffffc, the highest: index 0x3ffffff */
    {R_MIPS_26, 0, 0x08000000u, 0x0ffffffcu, 0, {0x00, 0x00, 0x00, 0x0c}, {0xff, 0xff, 0xff, 0x0f}}, /* jal: region + 0x0ffffffc, the highest: index 0x3ffffff */
    {R_MIPS_26, 1, 0x0ffffffcu, 0x10000000u, 0, {0x0c, 0x00, 0x00, 0x00}, {0x0c, 0x00, 0x00, 0x00}}, /* jal in the last word of region 0: P + 4 = 0x10000000 picks region 1 */
    {R_MIPS_26, 0, 0x0ffffffcu, 0x10000000u, 0, {0x00, 0x00, 0x00, 0x0c}, {0x00, 0x00, 0x00, 0x0c}}, /* jal in the last word of region 0: P + 4 = 0x10000000 picks region 1 */
    {R_MIPS_26, 1, 0x1fc00010u, 0x1fc80000u, 0, {0x08, 0x00, 0x00, 0x00}, {0x0b, 0xf2, 0x00, 0x00}}, /* j: v = 0x1fc80000, index = 0x3f20000 */
    {R_MIPS_26, 0, 0x1fc00010u, 0x1fc80000u, 0, {0x00, 0x00, 0x00, 0x08}, {0x00, 0x00, 0xf2, 0x0b}}, /* j: v = 0x1fc80000, index = 0x3f20000 */
    {R_MIPS_26, 1, 0x08000000u, 0x08000108u, 0, {0x0f, 0xff, 0xff, 0xfe}, {0x0e, 0x00, 0x00, 0x40}}, /* jal f-8: A = sext(0x3fffffe << 2, 28) = -8, v = 0x8000100 */
    {R_MIPS_26, 0, 0x08000000u, 0x08000108u, 0, {0xfe, 0xff, 0xff, 0x0f}, {0x40, 0x00, 0x00, 0x0e}}, /* jal f-8: A = sext(0x3fffffe << 2, 28) = -8, v = 0x8000100 */
    {R_MIPS_26, 1, 0x08000000u, 0x08000000u, 0, {0x0d, 0xff, 0xff, 0xff}, {0x0f, 0xff, 0xff, 0xff}}, /* A = 0x7fffffc (index 0x1ffffff, the largest positive), v = 0xffffffc */
    {R_MIPS_26, 0, 0x08000000u, 0x08000000u, 0, {0xff, 0xff, 0xff, 0x0d}, {0xff, 0xff, 0xff, 0x0f}}, /* A = 0x7fffffc (index 0x1ffffff, the largest positive), v = 0xffffffc */
    {R_MIPS_PC16, 1, 0x00400000u, 0x003e0004u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0x80, 0x00}}, /* b f: A = -4, v = S - 4 - P = -131072; min: v = -131072, offset16 = 0x8000 */
    {R_MIPS_PC16, 0, 0x00400000u, 0x003e0004u, 0, {0xff, 0xff, 0x00, 0x10}, {0x00, 0x80, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = -131072; min: v = -131072, offset16 = 0x8000 */
    {R_MIPS_PC16, 1, 0x00400000u, 0x003e0008u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0x80, 0x01}}, /* b f: A = -4, v = S - 4 - P = -131068; min + 4: 0x8001 */
    {R_MIPS_PC16, 0, 0x00400000u, 0x003e0008u, 0, {0xff, 0xff, 0x00, 0x10}, {0x01, 0x80, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = -131068; min + 4: 0x8001 */
    {R_MIPS_PC16, 1, 0x00400000u, 0x00400000u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0xff, 0xff}}, /* b f: A = -4, v = S - 4 - P = -4; -4: the branch itself, 0xffff */
    {R_MIPS_PC16, 0, 0x00400000u, 0x00400000u, 0, {0xff, 0xff, 0x00, 0x10}, {0xff, 0xff, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = -4; -4: the branch itself, 0xffff */
    {R_MIPS_PC16, 1, 0x00400000u, 0x00400004u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0x00, 0x00}}, /* b f: A = -4, v = S - 4 - P = 0; 0: S = P + 4, offset16 0 */
    {R_MIPS_PC16, 0, 0x00400000u, 0x00400004u, 0, {0xff, 0xff, 0x00, 0x10}, {0x00, 0x00, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = 0; 0: S = P + 4, offset16 0 */
    {R_MIPS_PC16, 1, 0x00400000u, 0x00400008u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0x00, 0x01}}, /* b f: A = -4, v = S - 4 - P = 4; 4: offset16 1 */
    {R_MIPS_PC16, 0, 0x00400000u, 0x00400008u, 0, {0xff, 0xff, 0x00, 0x10}, {0x01, 0x00, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = 4; 4: offset16 1 */
    {R_MIPS_PC16, 1, 0x00400000u, 0x00420000u, 0, {0x10, 0x00, 0xff, 0xff}, {0x10, 0x00, 0x7f, 0xff}}, /* b f: A = -4, v = S - 4 - P = 131068; max: 131068, 0x7fff */
    {R_MIPS_PC16, 0, 0x00400000u, 0x00420000u, 0, {0xff, 0xff, 0x00, 0x10}, {0xff, 0x7f, 0x00, 0x10}}, /* b f: A = -4, v = S - 4 - P = 131068; max: 131068, 0x7fff */
    {R_MIPS_PC16, 1, 0x00400000u, 0x00400100u, 0, {0x04, 0x11, 0xff, 0xff}, {0x04, 0x11, 0x00, 0x3f}}, /* bal f: v = 0x100 - 4 = 252, offset16 = 63 */
    {R_MIPS_PC16, 0, 0x00400000u, 0x00400100u, 0, {0xff, 0xff, 0x11, 0x04}, {0x3f, 0x00, 0x11, 0x04}}, /* bal f: v = 0x100 - 4 = 252, offset16 = 63 */
    {R_MIPS_PC16, 1, 0x00400000u, 0x003fff00u, 0, {0x10, 0x85, 0xff, 0xff}, {0x10, 0x85, 0xff, 0xbf}}, /* beq: v = -0x100 - 4 = -260, offset16 = 0xffbf */
    {R_MIPS_PC16, 0, 0x00400000u, 0x003fff00u, 0, {0xff, 0xff, 0x85, 0x10}, {0xbf, 0xff, 0x85, 0x10}}, /* beq: v = -0x100 - 4 = -260, offset16 = 0xffbf */
    {R_MIPS_32, 1, 0x00400000u, 0x12345678u, 0, {0x00, 0x00, 0x00, 0x08}, {0x12, 0x34, 0x56, 0x80}}, /* S + A = 0x12345678 + 8 */
    {R_MIPS_32, 0, 0x00400000u, 0x12345678u, 0, {0x08, 0x00, 0x00, 0x00}, {0x80, 0x56, 0x34, 0x12}}, /* S + A = 0x12345678 + 8 */
    {R_MIPS_32, 1, 0x00400000u, 0x00000000u, 0, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff}}, /* S + A = 0 - 1 = 0xffffffff */
    {R_MIPS_32, 0, 0x00400000u, 0x00000000u, 0, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff}}, /* S + A = 0 - 1 = 0xffffffff */
    {R_MIPS_PC32, 1, 0x00400000u, 0x12345678u, 0, {0x00, 0x00, 0x00, 0x10}, {0x11, 0xf4, 0x56, 0x88}}, /* S + A - P = 0x12345678 + 0x10 - 0x400000 */
    {R_MIPS_PC32, 0, 0x00400000u, 0x12345678u, 0, {0x10, 0x00, 0x00, 0x00}, {0x88, 0x56, 0xf4, 0x11}}, /* S + A - P = 0x12345678 + 0x10 - 0x400000 */
    {R_MIPS_PC32, 1, 0x00400000u, 0x00000100u, 0, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xc0, 0x01, 0x00}}, /* S + A - P = 0x100 - 0x400000 = 0xffc00100 */
    {R_MIPS_PC32, 0, 0x00400000u, 0x00000100u, 0, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x01, 0xc0, 0xff}}, /* S + A - P = 0x100 - 0x400000 = 0xffc00100 */
    {R_MIPS_NONE, 1, 0x00400000u, 0x00000100u, 0, {0x12, 0x34, 0x56, 0x78}, {0x12, 0x34, 0x56, 0x78}}, /* nothing written */
    {R_MIPS_NONE, 0, 0x00400000u, 0x00000100u, 0, {0x78, 0x56, 0x34, 0x12}, {0x78, 0x56, 0x34, 0x12}}, /* nothing written */
    {R_MIPS_JALR, 1, 0x00400000u, 0x20000000u, 0, {0x03, 0x20, 0xf8, 0x09}, {0x03, 0x20, 0xf8, 0x09}}, /* a hint: the jalr stays (the target is beyond a BAL's reach, so the linkers keep it too) */
    {R_MIPS_JALR, 0, 0x00400000u, 0x20000000u, 0, {0x09, 0xf8, 0x20, 0x03}, {0x09, 0xf8, 0x20, 0x03}}, /* a hint: the jalr stays (the target is beyond a BAL's reach, so the linkers keep it too) */
    /* Not a row: in BAL's reach GNU ld and ld.lld both rewrite a `jalr $25` marked
     * R_MIPS_JALR into `bal f` (0x0411003f for f = P + 0x100), an optimisation
     * aot-xip does not make: it leaves the JALR, which is right either way. */
};

static void mips_vectors(void **state)
{
    (void)state;
    check_vectors(&aotx_arch_mips, mips_rows, sizeof mips_rows / sizeof mips_rows[0]);
}

/* A LUI/ADDIU (or LW, ORI) pair: R_MIPS_HI16 at P, R_MIPS_LO16 at P + 4,
 * against one symbol. */
struct pair_vec {
    int be;
    uint32_t P, S;
    uint8_t hi_in[4], lo_in[4];
    uint8_t hi_out[4], lo_out[4];
};

static const struct pair_vec mips_pairs[] = {
    {1, 0x00400000u, 0x12340000u, {0x3c, 0x02, 0x00, 0x01}, {0x24, 0x42, 0x23, 0x45}, {0x3c, 0x02, 0x12, 0x35}, {0x24, 0x42, 0x23, 0x45}}, /* AHL = 0x12345 (AHI 1, ALO 0x2345); v = 0x12352345: %hi 0x1235, %lo 0x2345 */
    {0, 0x00400000u, 0x12340000u, {0x01, 0x00, 0x02, 0x3c}, {0x45, 0x23, 0x42, 0x24}, {0x35, 0x12, 0x02, 0x3c}, {0x45, 0x23, 0x42, 0x24}}, /* AHL = 0x12345 (AHI 1, ALO 0x2345); v = 0x12352345: %hi 0x1235, %lo 0x2345 */
    {1, 0x00400000u, 0x12348000u, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x00, 0x00}, {0x3c, 0x02, 0x12, 0x35}, {0x24, 0x42, 0x80, 0x00}}, /* v = 0x12348000: %lo 0x8000 is negative, so %hi = 0x1235 */
    {0, 0x00400000u, 0x12348000u, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x24}, {0x35, 0x12, 0x02, 0x3c}, {0x00, 0x80, 0x42, 0x24}}, /* v = 0x12348000: %lo 0x8000 is negative, so %hi = 0x1235 */
    {1, 0x00400000u, 0x00007fffu, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x00, 0x00}, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x7f, 0xff}}, /* v = 0x7fff: %hi 0, %lo 0x7fff */
    {0, 0x00400000u, 0x00007fffu, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x24}, {0x00, 0x00, 0x02, 0x3c}, {0xff, 0x7f, 0x42, 0x24}}, /* v = 0x7fff: %hi 0, %lo 0x7fff */
    {1, 0x00400000u, 0xffff8000u, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x00, 0x00}, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x80, 0x00}}, /* v = 0xffff8000: %hi = 0x10000 & 0xffff = 0, %lo 0x8000 */
    {0, 0x00400000u, 0xffff8000u, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x24}, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x80, 0x42, 0x24}}, /* v = 0xffff8000: %hi = 0x10000 & 0xffff = 0, %lo 0x8000 */
    {1, 0x00400000u, 0x00000000u, {0x3c, 0x03, 0x00, 0x00}, {0x8c, 0x63, 0xff, 0xfc}, {0x3c, 0x03, 0x00, 0x00}, {0x8c, 0x63, 0xff, 0xfc}}, /* AHL = -4 (AHI 0, ALO 0xfffc); v = -4: %hi 0, %lo 0xfffc */
    {0, 0x00400000u, 0x00000000u, {0x00, 0x00, 0x03, 0x3c}, {0xfc, 0xff, 0x63, 0x8c}, {0x00, 0x00, 0x03, 0x3c}, {0xfc, 0xff, 0x63, 0x8c}}, /* AHL = -4 (AHI 0, ALO 0xfffc); v = -4: %hi 0, %lo 0xfffc */
    {1, 0x00400000u, 0x7fffffffu, {0x3c, 0x02, 0x00, 0x00}, {0x24, 0x42, 0x00, 0x00}, {0x3c, 0x02, 0x80, 0x00}, {0x24, 0x42, 0xff, 0xff}}, /* v = 0x7fffffff: %hi 0x8000, %lo 0xffff */
    {0, 0x00400000u, 0x7fffffffu, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x24}, {0x00, 0x80, 0x02, 0x3c}, {0xff, 0xff, 0x42, 0x24}}, /* v = 0x7fffffff: %hi 0x8000, %lo 0xffff */
    {1, 0x00400000u, 0x80010000u, {0x3c, 0x02, 0x7f, 0xff}, {0x34, 0x42, 0x00, 0x00}, {0x3c, 0x02, 0x00, 0x00}, {0x34, 0x42, 0x00, 0x00}}, /* AHL = 0x7fff0000 (AHI 0x7fff), v = 0x1_0000_0000: %hi 0, %lo 0 (32-bit wrap) */
    {0, 0x00400000u, 0x80010000u, {0xff, 0x7f, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x34}, {0x00, 0x00, 0x02, 0x3c}, {0x00, 0x00, 0x42, 0x34}}, /* AHL = 0x7fff0000 (AHI 0x7fff), v = 0x1_0000_0000: %hi 0, %lo 0 (32-bit wrap) */
};

/* The engine pairs them: HI16's A = its own addend() + its LO16's. */
static void mips_hi_lo_pairs(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_mips;
    const struct aotx_howto *hi = aotx_arch_howto(a, R_MIPS_HI16), *lo = aotx_arch_howto(a, R_MIPS_LO16);
    assert_non_null(hi);
    assert_non_null(lo);
    assert_int_equal(a->pair_hi, R_MIPS_HI16);
    assert_int_equal(a->pair_lo, R_MIPS_LO16);
    for (size_t i = 0; i < sizeof mips_pairs / sizeof mips_pairs[0]; i++) {
        const struct pair_vec *r = &mips_pairs[i];
        struct aotx_range bad;
        int64_t alo = a->addend(lo, r->lo_in, r->be);
        int64_t ahl = a->addend(hi, r->hi_in, r->be) + alo;
        uint64_t fhi, flo;
        assert_int_equal(a->field(hi, (int64_t)r->S + ahl, r->P, &fhi, &bad), 0);
        assert_int_equal(a->field(lo, (int64_t)r->S + alo, r->P + 4, &flo, &bad), 0);
        uint8_t bhi[4], blo[4];
        memcpy(bhi, r->hi_in, 4);
        memcpy(blo, r->lo_in, 4);
        a->encode(hi, bhi, fhi, r->be);
        a->encode(lo, blo, flo, r->be);
        if (memcmp(bhi, r->hi_out, 4) || memcmp(blo, r->lo_out, 4))
            fail_msg("pair %zu (%s): %02x%02x%02x%02x %02x%02x%02x%02x", i, r->be ? "BE" : "LE",
                     bhi[0], bhi[1], bhi[2], bhi[3], blo[0], blo[1], blo[2], blo[3]);
        assert_true(a->decode(hi, r->hi_out, r->be) == fhi);
        assert_true(a->decode(lo, r->lo_out, r->be) == flo);
    }
}

/* ---- ARC (RELA) ---- */

static const struct vec arc_rows[] = {
    /* type, be, P, S, A, object bytes, linked bytes */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x0f002000u, 0, {0x02, 0x08, 0x00, 0x00}, {0x02, 0x08, 0x08, 0x00}}, /* bl: S - (P & ~3) = -16777216 (min) */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x0f002004u, 0, {0x02, 0x08, 0x00, 0x00}, {0x06, 0x08, 0x08, 0x00}}, /* bl: S - (P & ~3) = -16777212 (min + step) */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x10001ffcu, 0, {0x02, 0x08, 0x00, 0x00}, {0xfe, 0x0f, 0xcf, 0xff}}, /* bl: S - (P & ~3) = -4 (-step) */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x10002000u, 0, {0x02, 0x08, 0x00, 0x00}, {0x02, 0x08, 0x00, 0x00}}, /* bl: S - (P & ~3) = 0 (0) */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x10002004u, 0, {0x02, 0x08, 0x00, 0x00}, {0x06, 0x08, 0x00, 0x00}}, /* bl: S - (P & ~3) = 4 (step) */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x11001ffcu, 0, {0x02, 0x08, 0x00, 0x00}, {0xfe, 0x0f, 0xc7, 0xff}}, /* bl: S - (P & ~3) = 16777212 (max) */
    {R_ARC_S25W_PCREL, 0, 0x10002002u, 0x0f002000u, 0, {0x02, 0x08, 0x00, 0x00}, {0x02, 0x08, 0x08, 0x00}}, /* bl: S - (P & ~3) = -16777216 (min), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 0, 0x10002002u, 0x10002004u, 0, {0x02, 0x08, 0x00, 0x00}, {0x06, 0x08, 0x00, 0x00}}, /* bl: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 0, 0x10002002u, 0x11001ffcu, 0, {0x02, 0x08, 0x00, 0x00}, {0xfe, 0x0f, 0xc7, 0xff}}, /* bl: S - (P & ~3) = 16777212 (max), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x0f002000u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x02, 0x00, 0x08}}, /* bl: S - (P & ~3) = -16777216 (min) */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x0f002004u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x06, 0x00, 0x08}}, /* bl: S - (P & ~3) = -16777212 (min + step) */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x10001ffcu, 0, {0x08, 0x02, 0x00, 0x00}, {0x0f, 0xfe, 0xff, 0xcf}}, /* bl: S - (P & ~3) = -4 (-step) */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x10002000u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x02, 0x00, 0x00}}, /* bl: S - (P & ~3) = 0 (0) */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x10002004u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x06, 0x00, 0x00}}, /* bl: S - (P & ~3) = 4 (step) */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x11001ffcu, 0, {0x08, 0x02, 0x00, 0x00}, {0x0f, 0xfe, 0xff, 0xc7}}, /* bl: S - (P & ~3) = 16777212 (max) */
    {R_ARC_S25W_PCREL, 1, 0x10002002u, 0x0f002000u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x02, 0x00, 0x08}}, /* bl: S - (P & ~3) = -16777216 (min), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 1, 0x10002002u, 0x10002004u, 0, {0x08, 0x02, 0x00, 0x00}, {0x08, 0x06, 0x00, 0x00}}, /* bl: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 1, 0x10002002u, 0x11001ffcu, 0, {0x08, 0x02, 0x00, 0x00}, {0x0f, 0xfe, 0xff, 0xc7}}, /* bl: S - (P & ~3) = 16777212 (max), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x0f002000u, 0, {0x01, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x08, 0x00}}, /* b: S - (P & ~3) = -16777216 (min) */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x0f002002u, 0, {0x01, 0x00, 0x00, 0x00}, {0x03, 0x00, 0x08, 0x00}}, /* b: S - (P & ~3) = -16777214 (min + step) */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x10001ffeu, 0, {0x01, 0x00, 0x00, 0x00}, {0xff, 0x07, 0xcf, 0xff}}, /* b: S - (P & ~3) = -2 (-step) */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x10002000u, 0, {0x01, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x00, 0x00}}, /* b: S - (P & ~3) = 0 (0) */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x10002002u, 0, {0x01, 0x00, 0x00, 0x00}, {0x03, 0x00, 0x00, 0x00}}, /* b: S - (P & ~3) = 2 (step) */
    {R_ARC_S25H_PCREL, 0, 0x10002000u, 0x11001ffeu, 0, {0x01, 0x00, 0x00, 0x00}, {0xff, 0x07, 0xc7, 0xff}}, /* b: S - (P & ~3) = 16777214 (max) */
    {R_ARC_S25H_PCREL, 0, 0x10002002u, 0x0f002000u, 0, {0x01, 0x00, 0x00, 0x00}, {0x01, 0x00, 0x08, 0x00}}, /* b: S - (P & ~3) = -16777216 (min), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 0, 0x10002002u, 0x10002002u, 0, {0x01, 0x00, 0x00, 0x00}, {0x03, 0x00, 0x00, 0x00}}, /* b: S - (P & ~3) = 2 (step), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 0, 0x10002002u, 0x11001ffeu, 0, {0x01, 0x00, 0x00, 0x00}, {0xff, 0x07, 0xc7, 0xff}}, /* b: S - (P & ~3) = 16777214 (max), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x0f002000u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x01, 0x00, 0x08}}, /* b: S - (P & ~3) = -16777216 (min) */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x0f002002u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x03, 0x00, 0x08}}, /* b: S - (P & ~3) = -16777214 (min + step) */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x10001ffeu, 0, {0x00, 0x01, 0x00, 0x00}, {0x07, 0xff, 0xff, 0xcf}}, /* b: S - (P & ~3) = -2 (-step) */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x10002000u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x01, 0x00, 0x00}}, /* b: S - (P & ~3) = 0 (0) */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x10002002u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x03, 0x00, 0x00}}, /* b: S - (P & ~3) = 2 (step) */
    {R_ARC_S25H_PCREL, 1, 0x10002000u, 0x11001ffeu, 0, {0x00, 0x01, 0x00, 0x00}, {0x07, 0xff, 0xff, 0xc7}}, /* b: S - (P & ~3) = 16777214 (max) */
    {R_ARC_S25H_PCREL, 1, 0x10002002u, 0x0f002000u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x01, 0x00, 0x08}}, /* b: S - (P & ~3) = -16777216 (min), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 1, 0x10002002u, 0x10002002u, 0, {0x00, 0x01, 0x00, 0x00}, {0x00, 0x03, 0x00, 0x00}}, /* b: S - (P & ~3) = 2 (step), P & 3 = 2 */
    {R_ARC_S25H_PCREL, 1, 0x10002002u, 0x11001ffeu, 0, {0x00, 0x01, 0x00, 0x00}, {0x07, 0xff, 0xff, 0xc7}}, /* b: S - (P & ~3) = 16777214 (max), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x0ff02000u, 0, {0x00, 0x08, 0x01, 0x00}, {0x00, 0x08, 0x01, 0x80}}, /* bleq: S - (P & ~3) = -1048576 (min) */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x0ff02004u, 0, {0x00, 0x08, 0x01, 0x00}, {0x04, 0x08, 0x01, 0x80}}, /* bleq: S - (P & ~3) = -1048572 (min + step) */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x10001ffcu, 0, {0x00, 0x08, 0x01, 0x00}, {0xfc, 0x0f, 0xc1, 0xff}}, /* bleq: S - (P & ~3) = -4 (-step) */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x10002000u, 0, {0x00, 0x08, 0x01, 0x00}, {0x00, 0x08, 0x01, 0x00}}, /* bleq: S - (P & ~3) = 0 (0) */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x10002004u, 0, {0x00, 0x08, 0x01, 0x00}, {0x04, 0x08, 0x01, 0x00}}, /* bleq: S - (P & ~3) = 4 (step) */
    {R_ARC_S21W_PCREL, 0, 0x10002000u, 0x10101ffcu, 0, {0x00, 0x08, 0x01, 0x00}, {0xfc, 0x0f, 0xc1, 0x7f}}, /* bleq: S - (P & ~3) = 1048572 (max) */
    {R_ARC_S21W_PCREL, 0, 0x10002002u, 0x0ff02000u, 0, {0x00, 0x08, 0x01, 0x00}, {0x00, 0x08, 0x01, 0x80}}, /* bleq: S - (P & ~3) = -1048576 (min), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 0, 0x10002002u, 0x10002004u, 0, {0x00, 0x08, 0x01, 0x00}, {0x04, 0x08, 0x01, 0x00}}, /* bleq: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 0, 0x10002002u, 0x10101ffcu, 0, {0x00, 0x08, 0x01, 0x00}, {0xfc, 0x0f, 0xc1, 0x7f}}, /* bleq: S - (P & ~3) = 1048572 (max), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x0ff02000u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x00, 0x80, 0x01}}, /* bleq: S - (P & ~3) = -1048576 (min) */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x0ff02004u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x04, 0x80, 0x01}}, /* bleq: S - (P & ~3) = -1048572 (min + step) */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x10001ffcu, 0, {0x08, 0x00, 0x00, 0x01}, {0x0f, 0xfc, 0xff, 0xc1}}, /* bleq: S - (P & ~3) = -4 (-step) */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x10002000u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x00, 0x00, 0x01}}, /* bleq: S - (P & ~3) = 0 (0) */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x10002004u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x04, 0x00, 0x01}}, /* bleq: S - (P & ~3) = 4 (step) */
    {R_ARC_S21W_PCREL, 1, 0x10002000u, 0x10101ffcu, 0, {0x08, 0x00, 0x00, 0x01}, {0x0f, 0xfc, 0x7f, 0xc1}}, /* bleq: S - (P & ~3) = 1048572 (max) */
    {R_ARC_S21W_PCREL, 1, 0x10002002u, 0x0ff02000u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x00, 0x80, 0x01}}, /* bleq: S - (P & ~3) = -1048576 (min), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 1, 0x10002002u, 0x10002004u, 0, {0x08, 0x00, 0x00, 0x01}, {0x08, 0x04, 0x00, 0x01}}, /* bleq: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S21W_PCREL, 1, 0x10002002u, 0x10101ffcu, 0, {0x08, 0x00, 0x00, 0x01}, {0x0f, 0xfc, 0x7f, 0xc1}}, /* bleq: S - (P & ~3) = 1048572 (max), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x0ff02000u, 0, {0x00, 0x00, 0x01, 0x00}, {0x00, 0x00, 0x01, 0x80}}, /* beq: S - (P & ~3) = -1048576 (min) */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x0ff02002u, 0, {0x00, 0x00, 0x01, 0x00}, {0x02, 0x00, 0x01, 0x80}}, /* beq: S - (P & ~3) = -1048574 (min + step) */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x10001ffeu, 0, {0x00, 0x00, 0x01, 0x00}, {0xfe, 0x07, 0xc1, 0xff}}, /* beq: S - (P & ~3) = -2 (-step) */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x10002000u, 0, {0x00, 0x00, 0x01, 0x00}, {0x00, 0x00, 0x01, 0x00}}, /* beq: S - (P & ~3) = 0 (0) */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x10002002u, 0, {0x00, 0x00, 0x01, 0x00}, {0x02, 0x00, 0x01, 0x00}}, /* beq: S - (P & ~3) = 2 (step) */
    {R_ARC_S21H_PCREL, 0, 0x10002000u, 0x10101ffeu, 0, {0x00, 0x00, 0x01, 0x00}, {0xfe, 0x07, 0xc1, 0x7f}}, /* beq: S - (P & ~3) = 1048574 (max) */
    {R_ARC_S21H_PCREL, 0, 0x10002002u, 0x0ff02000u, 0, {0x00, 0x00, 0x01, 0x00}, {0x00, 0x00, 0x01, 0x80}}, /* beq: S - (P & ~3) = -1048576 (min), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 0, 0x10002002u, 0x10002002u, 0, {0x00, 0x00, 0x01, 0x00}, {0x02, 0x00, 0x01, 0x00}}, /* beq: S - (P & ~3) = 2 (step), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 0, 0x10002002u, 0x10101ffeu, 0, {0x00, 0x00, 0x01, 0x00}, {0xfe, 0x07, 0xc1, 0x7f}}, /* beq: S - (P & ~3) = 1048574 (max), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x0ff02000u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x00, 0x80, 0x01}}, /* beq: S - (P & ~3) = -1048576 (min) */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x0ff02002u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x02, 0x80, 0x01}}, /* beq: S - (P & ~3) = -1048574 (min + step) */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x10001ffeu, 0, {0x00, 0x00, 0x00, 0x01}, {0x07, 0xfe, 0xff, 0xc1}}, /* beq: S - (P & ~3) = -2 (-step) */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x10002000u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x00, 0x00, 0x01}}, /* beq: S - (P & ~3) = 0 (0) */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x10002002u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x02, 0x00, 0x01}}, /* beq: S - (P & ~3) = 2 (step) */
    {R_ARC_S21H_PCREL, 1, 0x10002000u, 0x10101ffeu, 0, {0x00, 0x00, 0x00, 0x01}, {0x07, 0xfe, 0x7f, 0xc1}}, /* beq: S - (P & ~3) = 1048574 (max) */
    {R_ARC_S21H_PCREL, 1, 0x10002002u, 0x0ff02000u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x00, 0x80, 0x01}}, /* beq: S - (P & ~3) = -1048576 (min), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 1, 0x10002002u, 0x10002002u, 0, {0x00, 0x00, 0x00, 0x01}, {0x00, 0x02, 0x00, 0x01}}, /* beq: S - (P & ~3) = 2 (step), P & 3 = 2 */
    {R_ARC_S21H_PCREL, 1, 0x10002002u, 0x10101ffeu, 0, {0x00, 0x00, 0x00, 0x01}, {0x07, 0xfe, 0x7f, 0xc1}}, /* beq: S - (P & ~3) = 1048574 (max), P & 3 = 2 */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10001000u, 0, {0x00, 0xf8}, {0x00, 0xfc}}, /* bl_s: S - (P & ~3) = -4096 (min) */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10001004u, 0, {0x00, 0xf8}, {0x01, 0xfc}}, /* bl_s: S - (P & ~3) = -4092 (min + step) */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10001ffcu, 0, {0x00, 0xf8}, {0xff, 0xff}}, /* bl_s: S - (P & ~3) = -4 (-step) */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10002000u, 0, {0x00, 0xf8}, {0x00, 0xf8}}, /* bl_s: S - (P & ~3) = 0 (0) */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10002004u, 0, {0x00, 0xf8}, {0x01, 0xf8}}, /* bl_s: S - (P & ~3) = 4 (step) */
    {R_ARC_S13_PCREL, 0, 0x10002000u, 0x10002ffcu, 0, {0x00, 0xf8}, {0xff, 0xfb}}, /* bl_s: S - (P & ~3) = 4092 (max) */
    {R_ARC_S13_PCREL, 0, 0x10002002u, 0x10001000u, 0, {0x00, 0xf8}, {0x00, 0xfc}}, /* bl_s: S - (P & ~3) = -4096 (min), P & 3 = 2 */
    {R_ARC_S13_PCREL, 0, 0x10002002u, 0x10002004u, 0, {0x00, 0xf8}, {0x01, 0xf8}}, /* bl_s: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S13_PCREL, 0, 0x10002002u, 0x10002ffcu, 0, {0x00, 0xf8}, {0xff, 0xfb}}, /* bl_s: S - (P & ~3) = 4092 (max), P & 3 = 2 */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10001000u, 0, {0xf8, 0x00}, {0xfc, 0x00}}, /* bl_s: S - (P & ~3) = -4096 (min) */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10001004u, 0, {0xf8, 0x00}, {0xfc, 0x01}}, /* bl_s: S - (P & ~3) = -4092 (min + step) */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10001ffcu, 0, {0xf8, 0x00}, {0xff, 0xff}}, /* bl_s: S - (P & ~3) = -4 (-step) */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10002000u, 0, {0xf8, 0x00}, {0xf8, 0x00}}, /* bl_s: S - (P & ~3) = 0 (0) */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10002004u, 0, {0xf8, 0x00}, {0xf8, 0x01}}, /* bl_s: S - (P & ~3) = 4 (step) */
    {R_ARC_S13_PCREL, 1, 0x10002000u, 0x10002ffcu, 0, {0xf8, 0x00}, {0xfb, 0xff}}, /* bl_s: S - (P & ~3) = 4092 (max) */
    {R_ARC_S13_PCREL, 1, 0x10002002u, 0x10001000u, 0, {0xf8, 0x00}, {0xfc, 0x00}}, /* bl_s: S - (P & ~3) = -4096 (min), P & 3 = 2 */
    {R_ARC_S13_PCREL, 1, 0x10002002u, 0x10002004u, 0, {0xf8, 0x00}, {0xf8, 0x01}}, /* bl_s: S - (P & ~3) = 4 (step), P & 3 = 2 */
    {R_ARC_S13_PCREL, 1, 0x10002002u, 0x10002ffcu, 0, {0xf8, 0x00}, {0xfb, 0xff}}, /* bl_s: S - (P & ~3) = 4092 (max), P & 3 = 2 */
    {R_ARC_S25W_PCREL, 0, 0x10002000u, 0x10082458u, 16, {0x02, 0x08, 0x00, 0x00}, {0x6a, 0x0c, 0x00, 0x40}}, /* bl f+0x10: A = 16 in the record, S + A - P = 0x80468 */
    {R_ARC_32_ME, 0, 0x10002004u, 0x12345678u, 16, {0x00, 0x00, 0x00, 0x00}, {0x34, 0x12, 0x88, 0x56}}, /* mov r0, limm: S + A = 0x12345688, middle-endian */
    {R_ARC_PC32, 0, 0x10002004u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x08, 0x00, 0x68, 0x04}}, /* add r0, pcl, f@pcl: S - ((P - 4) & ~3) = 0x10082468 - 0x10002000 = 0x80468 */
    {R_ARC_PC32, 0, 0x10002006u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x08, 0x00, 0x68, 0x04}}, /* nop_s first: the limm at P = 0x10002006, (P - 4) & ~3 = 0x10002000 again: 0x80468 */
    {R_ARC_PC32, 0, 0x10002004u, 0x10000000u, 0, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0x00, 0xe0}}, /* backwards: 0x10000000 - 0x10002000 = -0x2000 */
    {R_ARC_32, 0, 0x10003000u, 0x12345678u, 8, {0x00, 0x00, 0x00, 0x00}, {0x80, 0x56, 0x34, 0x12}}, /* .word f+8: S + A = 0x12345680, plain word */
    {R_ARC_32_PCREL, 0, 0x10003000u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x68, 0xf4, 0x07, 0x00}}, /* .word f - .: S + A - P = 0x10082468 - 0x10003000 */
    {R_ARC_NONE, 0, 0x10002000u, 0x10082468u, 0, {0x0a, 0x20, 0x40, 0x00}, {0x0a, 0x20, 0x40, 0x00}}, /* nothing written */
    {R_ARC_S25W_PCREL, 1, 0x10002000u, 0x10082458u, 16, {0x08, 0x02, 0x00, 0x00}, {0x0c, 0x6a, 0x40, 0x00}}, /* bl f+0x10: A = 16 in the record, S + A - P = 0x80468 */
    {R_ARC_32_ME, 1, 0x10002004u, 0x12345678u, 16, {0x00, 0x00, 0x00, 0x00}, {0x12, 0x34, 0x56, 0x88}}, /* mov r0, limm: S + A = 0x12345688, middle-endian */
    {R_ARC_PC32, 1, 0x10002004u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x08, 0x04, 0x68}}, /* add r0, pcl, f@pcl: S - ((P - 4) & ~3) = 0x10082468 - 0x10002000 = 0x80468 */
    {R_ARC_PC32, 1, 0x10002006u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x08, 0x04, 0x68}}, /* nop_s first: the limm at P = 0x10002006, (P - 4) & ~3 = 0x10002000 again: 0x80468 */
    {R_ARC_PC32, 1, 0x10002004u, 0x10000000u, 0, {0x00, 0x00, 0x00, 0x00}, {0xff, 0xff, 0xe0, 0x00}}, /* backwards: 0x10000000 - 0x10002000 = -0x2000 */
    {R_ARC_32, 1, 0x10003000u, 0x12345678u, 8, {0x00, 0x00, 0x00, 0x00}, {0x12, 0x34, 0x56, 0x80}}, /* .word f+8: S + A = 0x12345680, plain word */
    {R_ARC_32_PCREL, 1, 0x10003000u, 0x10082468u, 0, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x07, 0xf4, 0x68}}, /* .word f - .: S + A - P = 0x10082468 - 0x10003000 */
    {R_ARC_NONE, 1, 0x10002000u, 0x10082468u, 0, {0x20, 0x0a, 0x00, 0x40}, {0x20, 0x0a, 0x00, 0x40}}, /* nothing written */
    {R_ARC_32, 0, 0x10002004u, 0x12345678u, 8, {0x00, 0x00, 0x00, 0x00}, {0x80, 0x56, 0x34, 0x12}}, /* .word f+8 in .text: S + A = 0x12345680, a plain word there too (not middle-endian) */
    {R_ARC_32, 1, 0x10002004u, 0x12345678u, 8, {0x00, 0x00, 0x00, 0x00}, {0x12, 0x34, 0x56, 0x80}}, /* .word f+8 in .text: S + A = 0x12345680, a plain word there too (not middle-endian) */
};

static void arc_vectors(void **state)
{
    (void)state;
    check_vectors(&aotx_arch_arc, arc_rows, sizeof arc_rows / sizeof arc_rows[0]);
}

/* ---- Xtensa (RELA, little-endian) ---- */

static const struct vec xtensa_rows[] = {
    /* type, be, P, S, A, object bytes, linked bytes */
    {R_XTENSA_32, 0, 0x3ffe8000u, 0x40100000u, 8, {0x00, 0x00, 0x00, 0x00}, {0x08, 0x00, 0x10, 0x40}}, /* .word f+8: S + A = 0x40100008 */
    {R_XTENSA_32, 0, 0x3ffe8000u, 0x00000000u, -4, {0x00, 0x00, 0x00, 0x00}, {0xfc, 0xff, 0xff, 0xff}}, /* .word f-4: S + A = 0 - 4 = 0xfffffffc */
    {R_XTENSA_32_PCREL, 0, 0x3ffe8004u, 0x40100000u, 0, {0x00, 0x00, 0x00, 0x00}, {0xfc, 0x7f, 0x11, 0x00}}, /* 32_PCREL: S + A - P = 0x40100000 - 0x3ffe8004 */
    {R_XTENSA_32_PCREL, 0, 0x3ffe8000u, 0x3ffe0000u, 16, {0x00, 0x00, 0x00, 0x00}, {0x10, 0x80, 0xff, 0xff}}, /* 32_PCREL backwards: 0x3ffe0010 - 0x3ffe8000 = -0x7ff0 */
    {R_XTENSA_DIFF32, 0, 0x3ffe8000u, 0x40100000u, 0, {0x78, 0x56, 0x34, 0x12}, {0x78, 0x56, 0x34, 0x12}}, /* DIFF32: the assembler's difference stays */
    {R_XTENSA_NONE, 0, 0x3ffe8000u, 0x40100000u, 0, {0x78, 0x56, 0x34, 0x12}, {0x78, 0x56, 0x34, 0x12}}, /* NONE: nothing written */
    {R_XTENSA_32, 0, 0x40210000u, 0x40100000u, 4, {0x00, 0x00, 0x00, 0x00}, {0x04, 0x00, 0x10, 0x40}}, /* literal pool word: S + A = 0x40100004 */
    /* R_XTENSA_SLOT0_OP, from tests/unit/vectors/xtensa.sh: v = S + A, the
     * offset (off) from the format's base goes into the instruction. */
    /* L32R (RI16): off = S + A - ((P + 3) & ~3) in [-262144, -4], x 4; imm16 = off >> 2 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x401d0000u, 0, {0x21, 0x00, 0x00}, {0x21, 0x00, 0x00}}, /* l32r, P & 3 = 0: off = -262144 (min), imm16 0x0000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x401d0004u, 0, {0x21, 0x00, 0x00}, {0x21, 0x01, 0x00}}, /* l32r: off = -262140 (min + 4), imm16 0x0001 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020f000u, 0, {0x21, 0x00, 0x00}, {0x21, 0x00, 0xfc}}, /* l32r: off = -4096, imm16 0xfc00 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020fffcu, 0, {0x21, 0x00, 0x00}, {0x21, 0xff, 0xff}}, /* l32r, P & 3 = 0: off = -4 (max), imm16 0xffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x401d0008u, 0, {0x21, 0x00, 0x00}, {0x21, 0x00, 0x00}}, /* l32r, P & 3 = 1: off = -262144 (min), imm16 0x0000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40210004u, 0, {0x21, 0x00, 0x00}, {0x21, 0xff, 0xff}}, /* l32r, P & 3 = 1: off = -4 (max), imm16 0xffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x401d0004u, 0, {0x21, 0x00, 0x00}, {0x21, 0x00, 0x00}}, /* l32r, P & 3 = 2: off = -262144 (min), imm16 0x0000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40210000u, 0, {0x21, 0x00, 0x00}, {0x21, 0xff, 0xff}}, /* l32r, P & 3 = 2: off = -4 (max), imm16 0xffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x401d0004u, 0, {0x21, 0x00, 0x00}, {0x21, 0x00, 0x00}}, /* l32r, P & 3 = 3: off = -262144 (min), imm16 0x0000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40210000u, 0, {0x21, 0x00, 0x00}, {0x21, 0xff, 0xff}}, /* l32r, P & 3 = 3: off = -4 (max), imm16 0xffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x4020ff00u, 8, {0x21, 0x00, 0x00}, {0x21, 0xc0, 0xff}}, /* l32r f+8: A = 8, off = S + 8 - ((P + 3) & ~3) = -256, imm16 0xffc0 */
    /* CALL0: off = S + A - ((P & ~3) + 4) in [-524288, 524284], x 4; offset = off >> 2 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40190004u, 0, {0x05, 0x00, 0x00}, {0x05, 0x00, 0x80}}, /* call0, P & 3 = 0: off = -524288 (min), offset 0x20000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40190008u, 0, {0x05, 0x00, 0x00}, {0x45, 0x00, 0x80}}, /* call0: off = -524284 (min + 4), offset 0x20001 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210000u, 0, {0x05, 0x00, 0x00}, {0xc5, 0xff, 0xff}}, /* call0: off = -4, offset 0x3ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210004u, 0, {0x05, 0x00, 0x00}, {0x05, 0x00, 0x00}}, /* call0: off = 0 (S = P + 4), offset 0 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210008u, 0, {0x05, 0x00, 0x00}, {0x45, 0x00, 0x00}}, /* call0: off = 4, offset 1 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40290000u, 0, {0x05, 0x00, 0x00}, {0xc5, 0xff, 0x7f}}, /* call0, P & 3 = 0: off = 524284 (max), offset 0x1ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40190008u, 0, {0x05, 0x00, 0x00}, {0x05, 0x00, 0x80}}, /* call0, P & 3 = 1: off = -524288 (min), offset 0x20000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40290004u, 0, {0x05, 0x00, 0x00}, {0xc5, 0xff, 0x7f}}, /* call0, P & 3 = 1: off = 524284 (max), offset 0x1ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40190004u, 0, {0x05, 0x00, 0x00}, {0x05, 0x00, 0x80}}, /* call0, P & 3 = 2: off = -524288 (min), offset 0x20000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40290000u, 0, {0x05, 0x00, 0x00}, {0xc5, 0xff, 0x7f}}, /* call0, P & 3 = 2: off = 524284 (max), offset 0x1ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40190004u, 0, {0x05, 0x00, 0x00}, {0x05, 0x00, 0x80}}, /* call0, P & 3 = 3: off = -524288 (min), offset 0x20000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40290000u, 0, {0x05, 0x00, 0x00}, {0xc5, 0xff, 0x7f}}, /* call0, P & 3 = 3: off = 524284 (max), offset 0x1ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x402100fcu, 8, {0x05, 0x00, 0x00}, {0x05, 0x10, 0x00}}, /* call0 f+8: A = 8, off = 0x100, offset 0x40 */
    /* CALL4, CALL8, CALL12: as CALL0, n = 1, 2, 3 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40190004u, 0, {0x25, 0x00, 0x00}, {0x25, 0x00, 0x80}}, /* call8, P & 3 = 0: off = -524288 (min), offset 0x20000; QEMU dc233c: call8 0x390004 at 0x00410000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40290000u, 0, {0x25, 0x00, 0x00}, {0xe5, 0xff, 0x7f}}, /* call8, P & 3 = 0: off = 524284 (max), offset 0x1ffff; QEMU dc233c: call8 0x490000 at 0x00410000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40190004u, 0, {0x25, 0x00, 0x00}, {0x25, 0x00, 0x80}}, /* call8, P & 3 = 3: off = -524288 (min), offset 0x20000; QEMU dc233c: call8 0x390004 at 0x00410003 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40290000u, 0, {0x25, 0x00, 0x00}, {0xe5, 0xff, 0x7f}}, /* call8, P & 3 = 3: off = 524284 (max), offset 0x1ffff; QEMU dc233c: call8 0x490000 at 0x00410003 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40210004u, 0, {0x15, 0x00, 0x00}, {0xd5, 0xff, 0xff}}, /* call4, P & 3 = 1: off = -4, offset 0x3ffff; QEMU dc233c: call4 0x410000 at 0x00410001 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40211008u, 0, {0x35, 0x00, 0x00}, {0x75, 0x00, 0x01}}, /* call12, P & 3 = 2: off = 0x1000, offset 0x400; QEMU dc233c: call12 0x411008 at 0x00410002 */
    /* J (CALL format): off = S + A - (P + 4) in [-131072, 131071]; offset = off */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x401f0004u, 0, {0x06, 0x00, 0x00}, {0x06, 0x00, 0x80}}, /* j: off = -131072, offset 0x20000 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x401f0005u, 0, {0x06, 0x00, 0x00}, {0x46, 0x00, 0x80}}, /* j: off = -131071, offset 0x20001 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210003u, 0, {0x06, 0x00, 0x00}, {0xc6, 0xff, 0xff}}, /* j: off = -1, offset 0x3ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210004u, 0, {0x06, 0x00, 0x00}, {0x06, 0x00, 0x00}}, /* j: off = 0, offset 0x0 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210005u, 0, {0x06, 0x00, 0x00}, {0x46, 0x00, 0x00}}, /* j: off = 1, offset 0x1 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40230003u, 0, {0x06, 0x00, 0x00}, {0xc6, 0xff, 0x7f}}, /* j: off = 131071, offset 0x1ffff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x401f0009u, 0, {0x06, 0x00, 0x00}, {0x06, 0x00, 0x80}}, /* j, P & 3 = 1: off = -131072 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40230008u, 0, {0x06, 0x00, 0x00}, {0xc6, 0xff, 0x7f}}, /* j, P & 3 = 1: off = 131071 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x401f0006u, 0, {0x06, 0x00, 0x00}, {0x06, 0x00, 0x80}}, /* j, P & 3 = 2: off = -131072 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40230005u, 0, {0x06, 0x00, 0x00}, {0xc6, 0xff, 0x7f}}, /* j, P & 3 = 2: off = 131071 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x401f0007u, 0, {0x06, 0x00, 0x00}, {0x06, 0x00, 0x80}}, /* j, P & 3 = 3: off = -131072 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40230006u, 0, {0x06, 0x00, 0x00}, {0xc6, 0xff, 0x7f}}, /* j, P & 3 = 3: off = 131071 (max) */
    /* BRI12: off = S + A - (P + 4) in [-2048, 2047]; imm12 = off */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020f804u, 0, {0x16, 0x02, 0x00}, {0x16, 0x02, 0x80}}, /* beqz: off = -2048, imm12 0x800 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020f805u, 0, {0x16, 0x02, 0x00}, {0x16, 0x12, 0x80}}, /* beqz: off = -2047, imm12 0x801 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210003u, 0, {0x16, 0x02, 0x00}, {0x16, 0xf2, 0xff}}, /* beqz: off = -1, imm12 0xfff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210004u, 0, {0x16, 0x02, 0x00}, {0x16, 0x02, 0x00}}, /* beqz: off = 0, imm12 0x0 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210005u, 0, {0x16, 0x02, 0x00}, {0x16, 0x12, 0x00}}, /* beqz: off = 1, imm12 0x1 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210803u, 0, {0x16, 0x02, 0x00}, {0x16, 0xf2, 0x7f}}, /* beqz: off = 2047, imm12 0x7ff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x4020f807u, 0, {0x56, 0x02, 0x00}, {0x56, 0x02, 0x80}}, /* bnez, P & 3 = 3: off = -2048 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40210806u, 0, {0x96, 0x03, 0x00}, {0x96, 0xf3, 0x7f}}, /* bltz, P & 3 = 3: off = 2047 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x4021006bu, 0, {0xd6, 0x03, 0x00}, {0xd6, 0x43, 0x06}}, /* bgez, P & 3 = 3: off = 100 */
    /* BRI8 and RRI8: off = S + A - (P + 4) in [-128, 127]; imm8 = off */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020ff84u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0x80}}, /* beqi (BRI8): off = -128, imm8 0x80 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020ff85u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0x81}}, /* beqi (BRI8): off = -127, imm8 0x81 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210003u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0xff}}, /* beqi (BRI8): off = -1, imm8 0xff */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210004u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0x00}}, /* beqi (BRI8): off = 0, imm8 0x0 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210005u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0x01}}, /* beqi (BRI8): off = 1, imm8 0x1 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210083u, 0, {0x26, 0x42, 0x00}, {0x26, 0x42, 0x7f}}, /* beqi (BRI8): off = 127, imm8 0x7f */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x4020ff89u, 0, {0x66, 0x42, 0x00}, {0x66, 0x42, 0x80}}, /* bnei, P & 3 = 1: off = -128 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40210088u, 0, {0xa6, 0x42, 0x00}, {0xa6, 0x42, 0x7f}}, /* blti, P & 3 = 1: off = 127 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x4021000eu, 0, {0xe6, 0x42, 0x00}, {0xe6, 0x42, 0x05}}, /* bgei: off = 5 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40210004u, 0, {0xb6, 0x42, 0x00}, {0xb6, 0x42, 0xfb}}, /* bltui (n 3, m 2): off = -5 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210005u, 0x40210049u, 0, {0xf6, 0x42, 0x00}, {0xf6, 0x42, 0x40}}, /* bgeui (n 3, m 3): off = 64 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x4020ff84u, 0, {0x37, 0x12, 0x00}, {0x37, 0x12, 0x80}}, /* beq (RRI8): off = -128 (min) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210083u, 0, {0x37, 0x12, 0x00}, {0x37, 0x12, 0x7f}}, /* beq (RRI8): off = 127 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020ffabu, 0, {0x37, 0x92, 0x00}, {0x37, 0x92, 0xa5}}, /* bne, P & 3 = 2: off = -91 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020ffd0u, 0, {0x37, 0x22, 0x00}, {0x37, 0x22, 0xca}}, /* blt, P & 3 = 2: off = -54 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020fff5u, 0, {0x37, 0xa2, 0x00}, {0x37, 0xa2, 0xef}}, /* bge, P & 3 = 2: off = -17 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4021001au, 0, {0x37, 0x32, 0x00}, {0x37, 0x32, 0x14}}, /* bltu, P & 3 = 2: off = 20 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4021003fu, 0, {0x37, 0xb2, 0x00}, {0x37, 0xb2, 0x39}}, /* bgeu, P & 3 = 2: off = 57 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40210064u, 0, {0x37, 0x82, 0x00}, {0x37, 0x82, 0x5e}}, /* bany, P & 3 = 2: off = 94 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020ff89u, 0, {0x37, 0x02, 0x00}, {0x37, 0x02, 0x83}}, /* bnone, P & 3 = 2: off = -125 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020ffaeu, 0, {0x37, 0x42, 0x00}, {0x37, 0x42, 0xa8}}, /* ball, P & 3 = 2: off = -88 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020ffd3u, 0, {0x37, 0xc2, 0x00}, {0x37, 0xc2, 0xcd}}, /* bnall, P & 3 = 2: off = -51 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4020fff8u, 0, {0x37, 0x52, 0x00}, {0x37, 0x52, 0xf2}}, /* bbc, P & 3 = 2: off = -14 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x4021001du, 0, {0x37, 0xd2, 0x00}, {0x37, 0xd2, 0x17}}, /* bbs, P & 3 = 2: off = 23 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40210042u, 0, {0x37, 0x62, 0x00}, {0x37, 0x62, 0x3c}}, /* bbci, P & 3 = 2: off = 60 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210002u, 0x40210067u, 0, {0xf7, 0xf2, 0x00}, {0xf7, 0xf2, 0x61}}, /* bbsi, P & 3 = 2: off = 97 */
    /* RI6 (narrow): off = S + A - (P + 4) in [0, 63]; imm6 = off */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210004u, 0, {0x8c, 0x02}, {0x8c, 0x02}}, /* beqz.n: off = 0, imm6 0x0 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210005u, 0, {0x8c, 0x02}, {0x8c, 0x12}}, /* beqz.n: off = 1, imm6 0x1 */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210042u, 0, {0x8c, 0x02}, {0xbc, 0xe2}}, /* beqz.n: off = 62, imm6 0x3e */
    {R_XTENSA_SLOT0_OP, 0, 0x40210000u, 0x40210043u, 0, {0x8c, 0x02}, {0xbc, 0xf2}}, /* beqz.n: off = 63, imm6 0x3f */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40210046u, 0, {0xcc, 0x02}, {0xfc, 0xf2}}, /* bnez.n, P & 3 = 3: off = 63 (max) */
    {R_XTENSA_SLOT0_OP, 0, 0x40210003u, 0x40210018u, 0, {0xcc, 0x07}, {0xdc, 0x17}}, /* bnez.n a7: off = 17 */
};

static void xtensa_vectors(void **state)
{
    (void)state;
    check_vectors(&aotx_arch_xtensa, xtensa_rows, sizeof xtensa_rows / sizeof xtensa_rows[0]);
}

/* ---- refusals: what GNU ld refuses, and misaligned targets ---- */

struct refusal {
    const struct aotx_arch *a;
    uint32_t type;
    uint32_t P;
    int64_t v;          /* the engine's value: S + A (R_MIPS_26), S + A - P (the rest) */
    int64_t lo, hi;     /* the allowed range of v, inclusive */
    uint32_t align;
};

static const struct refusal refusals[] = {
    {&aotx_arch_mips, R_MIPS_26, 0x08000000u, 268435456, 0, 268435452, 4}, /* jal f, f = 0x10000000 (max + 4: region 1): ld: relocation truncated to fit: R_MIPS_26 against `f' */
    {&aotx_arch_mips, R_MIPS_26, 0x18000000u, 268435452, 268435456, 536870908, 4}, /* jal f from region 1, f = 0x0ffffffc (min - 4): ld: relocation truncated to fit: R_MIPS_26 against `f' */
    {&aotx_arch_mips, R_MIPS_26, 0x0ffffffcu, 268435448, 268435456, 536870908, 4}, /* jal in the last word of region 0 to region 0: P + 4 is in region 1: ld: relocation truncated to fit: R_MIPS_26 against `f' */
    {&aotx_arch_mips, R_MIPS_26, 0x08000000u, 134217730, 0, 268435452, 4}, /* jal f, f = 0x08000002: ld: jump to a non-instruction-aligned address */
    {&aotx_arch_mips, R_MIPS_PC16, 0x00400000u, 131072, -131072, 131068, 4}, /* b f, f = P + 4 + 131072: v = 131072 (max + 4): ld: relocation truncated to fit: R_MIPS_PC16 against `f' */
    {&aotx_arch_mips, R_MIPS_PC16, 0x00400000u, -131076, -131072, 131068, 4}, /* b f, v = -131076 (min - 4): ld: relocation truncated to fit: R_MIPS_PC16 against `f' */
    {&aotx_arch_mips, R_MIPS_PC16, 0x00400000u, 2, -131072, 131068, 4}, /* b f, v = 2: ld: branch to a non-instruction-aligned address */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002000u, 16777216, -16777216, 16777212, 4}, /* bl f: S - (P & ~3) = 16777216; ld: relocation truncated to fit: R_ARC_S25W_PCREL */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002000u, -16777220, -16777216, 16777212, 4}, /* bl f: S - (P & ~3) = -16777220; ld: relocation truncated to fit: R_ARC_S25W_PCREL */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002000u, 2, -16777216, 16777212, 4}, /* bl f: S - (P & ~3) = 2, misaligned; GNU ld takes it and drops the low bits */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002002u, 16777214, -16777218, 16777210, 4}, /* bl f: S - (P & ~3) = 16777216, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S25W_PCREL */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002002u, -16777222, -16777218, 16777210, 4}, /* bl f: S - (P & ~3) = -16777220, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S25W_PCREL */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002000u, 16777216, -16777216, 16777214, 2}, /* b f: S - (P & ~3) = 16777216; ld: relocation truncated to fit: R_ARC_S25H_PCREL */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002000u, -16777218, -16777216, 16777214, 2}, /* b f: S - (P & ~3) = -16777218; ld: relocation truncated to fit: R_ARC_S25H_PCREL */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002000u, 1, -16777216, 16777214, 2}, /* b f: S - (P & ~3) = 1, misaligned; GNU ld takes it and drops the low bits */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002002u, 16777214, -16777218, 16777212, 2}, /* b f: S - (P & ~3) = 16777216, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S25H_PCREL */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002002u, -16777220, -16777218, 16777212, 2}, /* b f: S - (P & ~3) = -16777218, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S25H_PCREL */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002000u, 1048576, -1048576, 1048572, 4}, /* bleq f: S - (P & ~3) = 1048576; ld: relocation truncated to fit: R_ARC_S21W_PCREL */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002000u, -1048580, -1048576, 1048572, 4}, /* bleq f: S - (P & ~3) = -1048580; ld: relocation truncated to fit: R_ARC_S21W_PCREL */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002000u, 2, -1048576, 1048572, 4}, /* bleq f: S - (P & ~3) = 2, misaligned; GNU ld takes it and drops the low bits */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002002u, 1048574, -1048578, 1048570, 4}, /* bleq f: S - (P & ~3) = 1048576, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S21W_PCREL */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002002u, -1048582, -1048578, 1048570, 4}, /* bleq f: S - (P & ~3) = -1048580, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S21W_PCREL */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002000u, 1048576, -1048576, 1048574, 2}, /* beq f: S - (P & ~3) = 1048576; ld: relocation truncated to fit: R_ARC_S21H_PCREL */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002000u, -1048578, -1048576, 1048574, 2}, /* beq f: S - (P & ~3) = -1048578; ld: relocation truncated to fit: R_ARC_S21H_PCREL */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002000u, 1, -1048576, 1048574, 2}, /* beq f: S - (P & ~3) = 1, misaligned; GNU ld takes it and drops the low bits */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002002u, 1048574, -1048578, 1048572, 2}, /* beq f: S - (P & ~3) = 1048576, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S21H_PCREL */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002002u, -1048580, -1048578, 1048572, 2}, /* beq f: S - (P & ~3) = -1048578, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S21H_PCREL */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002000u, 4096, -4096, 4092, 4}, /* bl_s f: S - (P & ~3) = 4096; ld: relocation truncated to fit: R_ARC_S13_PCREL */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002000u, -4100, -4096, 4092, 4}, /* bl_s f: S - (P & ~3) = -4100; ld: relocation truncated to fit: R_ARC_S13_PCREL */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002000u, 2, -4096, 4092, 4}, /* bl_s f: S - (P & ~3) = 2, misaligned; GNU ld takes it and drops the low bits */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002002u, 4094, -4098, 4090, 4}, /* bl_s f: S - (P & ~3) = 4096, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S13_PCREL */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002002u, -4102, -4098, 4090, 4}, /* bl_s f: S - (P & ~3) = -4100, P & 3 = 2; ld: relocation truncated to fit: R_ARC_S13_PCREL */
};

static void refusals_carry_the_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        const struct refusal *r = &refusals[i];
        const struct aotx_howto *h = aotx_arch_howto(r->a, r->type);
        struct aotx_range bad;
        uint64_t f = 0;
        assert_non_null(h);
        if (!r->a->field(h, r->v, r->P, &f, &bad))
            fail_msg("refusal %zu (%s): %lld accepted", i, aotx_arch_reloc_name(r->a, r->type),
                     (long long)r->v);
        assert_true(bad.lo == r->lo);
        assert_true(bad.hi == r->hi);
        assert_int_equal(bad.align, r->align);
        assert_int_equal(bad.state, 0);
    }
}

/* ---- every field at its limits: round trips, untouched bits ---- */

struct span {
    const struct aotx_arch *a;
    uint32_t type;
    uint32_t P;
    uint8_t mask_be[4], mask_le[4]; /* the field's bits, byte by byte */
    int64_t good[6];    /* min, min + step, -step, 0, step, max (no range: six values) */
    int nbad;
    int64_t bad[3];     /* max + step, min - step, misaligned */
    int64_t lo, hi;
    uint32_t align;
};

/* The masks are the instruction formats' (MIPS32 vol. II: J-type
 * instr_index 25..0, I-type immediate 15..0) and binutils' replace_disp*
 * masks for ARC, written out per byte order (ARC: middle-endian halves). */
static const struct span spans[] = {
    /* J/JAL, P + 4 in region 0: v = min, min + 4, mid - 4, mid, mid + 4, max; max + 4, min - 4, 2 mod 4 */
    {&aotx_arch_mips, R_MIPS_26, 0x08000000u, {0x03, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0x03},
     {0, 4, 0x7fffffc, 0x8000000, 0x8000004, 0xffffffc}, 3, {0x10000000, -4, 0x8000002}, 0, 0xffffffc, 4},
    /* the last word of region 0: P + 4 = 0x10000000 is in region 1 */
    {&aotx_arch_mips, R_MIPS_26, 0x0ffffffcu, {0x03, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0x03},
     {0x10000000, 0x10000004, 0x17fffffc, 0x18000000, 0x18000004, 0x1ffffffc}, 3, {0x20000000, 0xffffffc, 0x10000001}, 0x10000000, 0x1ffffffc, 4},
    /* region 15, the last: nothing above 0xfffffffc */
    {&aotx_arch_mips, R_MIPS_26, 0xfffffff8u, {0x03, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0x03},
     {0xf0000000, 0xf0000004, 0xf7fffffc, 0xf8000000, 0xf8000004, 0xfffffffc}, 3, {0x100000000, 0xeffffffc, 0xf0000003}, 0xf0000000, 0xfffffffc, 4},
    /* B/BAL/BEQ: offset16 = v >> 2, 18-bit signed, 4-aligned */
    {&aotx_arch_mips, R_MIPS_PC16, 0x00400000u, {0x00, 0x00, 0xff, 0xff}, {0xff, 0xff, 0x00, 0x00},
     {-0x20000, -0x1fffc, -4, 0, 4, 0x1fffc}, 3, {0x20000, -0x20004, 2}, -0x20000, 0x1fffc, 4},
    /* R_MIPS_HI16: no check */
    {&aotx_arch_mips, R_MIPS_HI16, 0x00400000u, {0x00, 0x00, 0xff, 0xff}, {0xff, 0xff, 0x00, 0x00},
     {0, 32767, 32768, 0x12348000, 0xffff8000, -1}, 0, {0}, 0, 0, 0},
    /* R_MIPS_LO16: no check */
    {&aotx_arch_mips, R_MIPS_LO16, 0x00400000u, {0x00, 0x00, 0xff, 0xff}, {0xff, 0xff, 0x00, 0x00},
     {0, 32767, 32768, 0x12348000, 0xffff8000, -1}, 0, {0}, 0, 0, 0},
    /* R_MIPS_32: the word, no check */
    {&aotx_arch_mips, R_MIPS_32, 0x00400000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_MIPS_PC32: the word, no check */
    {&aotx_arch_mips, R_MIPS_PC32, 0x00400000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_MIPS_NONE: nothing written */
    {&aotx_arch_mips, R_MIPS_NONE, 0x00400000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_MIPS_JALR: nothing written */
    {&aotx_arch_mips, R_MIPS_JALR, 0x00400000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* beq: 0x07feffc0; P & 3 = 0: S - (P & ~3) = v + 0 at min, min + 2, -2, 0, 2, max; max + 2, min - 2, misaligned */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002000u, {0x07, 0xfe, 0xff, 0xc0}, {0xfe, 0x07, 0xc0, 0xff},
     {-0x100000, -0xffffe, -2, 0, 2, 0xffffe}, 3, {0x100000, -0x100002, 1}, -0x100000, 0xffffe, 2},
    /* beq: 0x07feffc0; P & 3 = 2: S - (P & ~3) = v + 2 at min, min + 2, -2, 0, 2, max; max + 2, min - 2, misaligned */
    {&aotx_arch_arc, R_ARC_S21H_PCREL, 0x10002002u, {0x07, 0xfe, 0xff, 0xc0}, {0xfe, 0x07, 0xc0, 0xff},
     {-0x100002, -0x100000, -4, -2, 0, 0xffffc}, 3, {0xffffe, -0x100004, -1}, -0x100002, 0xffffc, 2},
    /* bleq: 0x07fcffc0; P & 3 = 0: S - (P & ~3) = v + 0 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002000u, {0x07, 0xfc, 0xff, 0xc0}, {0xfc, 0x07, 0xc0, 0xff},
     {-0x100000, -0xffffc, -4, 0, 4, 0xffffc}, 3, {0x100000, -0x100004, 2}, -0x100000, 0xffffc, 4},
    /* bleq: 0x07fcffc0; P & 3 = 2: S - (P & ~3) = v + 2 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S21W_PCREL, 0x10002002u, {0x07, 0xfc, 0xff, 0xc0}, {0xfc, 0x07, 0xc0, 0xff},
     {-0x100002, -0xffffe, -6, -2, 2, 0xffffa}, 3, {0xffffe, -0x100006, 0}, -0x100002, 0xffffa, 4},
    /* b: 0x07feffcf; P & 3 = 0: S - (P & ~3) = v + 0 at min, min + 2, -2, 0, 2, max; max + 2, min - 2, misaligned */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002000u, {0x07, 0xfe, 0xff, 0xcf}, {0xfe, 0x07, 0xcf, 0xff},
     {-0x1000000, -0xfffffe, -2, 0, 2, 0xfffffe}, 3, {0x1000000, -0x1000002, 1}, -0x1000000, 0xfffffe, 2},
    /* b: 0x07feffcf; P & 3 = 2: S - (P & ~3) = v + 2 at min, min + 2, -2, 0, 2, max; max + 2, min - 2, misaligned */
    {&aotx_arch_arc, R_ARC_S25H_PCREL, 0x10002002u, {0x07, 0xfe, 0xff, 0xcf}, {0xfe, 0x07, 0xcf, 0xff},
     {-0x1000002, -0x1000000, -4, -2, 0, 0xfffffc}, 3, {0xfffffe, -0x1000004, -1}, -0x1000002, 0xfffffc, 2},
    /* bl: 0x07fcffcf; P & 3 = 0: S - (P & ~3) = v + 0 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002000u, {0x07, 0xfc, 0xff, 0xcf}, {0xfc, 0x07, 0xcf, 0xff},
     {-0x1000000, -0xfffffc, -4, 0, 4, 0xfffffc}, 3, {0x1000000, -0x1000004, 2}, -0x1000000, 0xfffffc, 4},
    /* bl: 0x07fcffcf; P & 3 = 2: S - (P & ~3) = v + 2 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S25W_PCREL, 0x10002002u, {0x07, 0xfc, 0xff, 0xcf}, {0xfc, 0x07, 0xcf, 0xff},
     {-0x1000002, -0xfffffe, -6, -2, 2, 0xfffffa}, 3, {0xfffffe, -0x1000006, 0}, -0x1000002, 0xfffffa, 4},
    /* bl_s: 0x07ff; P & 3 = 0: S - (P & ~3) = v + 0 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002000u, {0x07, 0xff, 0x00, 0x00}, {0xff, 0x07, 0x00, 0x00},
     {-4096, -4092, -4, 0, 4, 4092}, 3, {4096, -4100, 2}, -4096, 4092, 4},
    /* bl_s: 0x07ff; P & 3 = 2: S - (P & ~3) = v + 2 at min, min + 4, -4, 0, 4, max; max + 4, min - 4, misaligned */
    {&aotx_arch_arc, R_ARC_S13_PCREL, 0x10002002u, {0x07, 0xff, 0x00, 0x00}, {0xff, 0x07, 0x00, 0x00},
     {-4098, -4094, -6, -2, 2, 4090}, 3, {4094, -4102, 0}, -4098, 4090, 4},
    /* R_ARC_32: the word, no check */
    {&aotx_arch_arc, R_ARC_32, 0x10002000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_ARC_32_ME: the word, no check */
    {&aotx_arch_arc, R_ARC_32_ME, 0x10002000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_ARC_32_PCREL: the word, no check */
    {&aotx_arch_arc, R_ARC_32_PCREL, 0x10002000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_ARC_PC32: the word (v + 4 here), no check */
    {&aotx_arch_arc, R_ARC_PC32, 0x10002004u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* nothing written */
    {&aotx_arch_arc, R_ARC_NONE, 0x10002000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_32: the word, no check */
    {&aotx_arch_xtensa, R_XTENSA_32, 0x40210000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_32_PCREL: the word, no check */
    {&aotx_arch_xtensa, R_XTENSA_32_PCREL, 0x40210000u, {0xff, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
     {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1}, 0, {0}, 0, 0, 0},
    /* nothing written; S + A in P's 1 GiB: min, min + 1, P - 1, P, P + 1, max; max + 1, min - 1 */
    {&aotx_arch_xtensa, R_XTENSA_ASM_EXPAND, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0x40000000, 0x40000001, 0x4020ffff, 0x40210000, 0x40210001, 0x7fffffff}, 2, {0x80000000, 0x3fffffff}, 0x40000000, 0x7fffffff, 0},
    /* R_XTENSA_NONE: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_NONE, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_DIFF8: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_DIFF8, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_DIFF16: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_DIFF16, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_DIFF32: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_DIFF32, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_PDIFF32: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_PDIFF32, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
    /* R_XTENSA_NDIFF32: nothing written */
    {&aotx_arch_xtensa, R_XTENSA_NDIFF32, 0x40210000u, {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x00},
     {0, 1, 4, 4096, 0x7fffffff, -1}, 0, {0}, 0, 0, 0},
};

static void fields_round_trip_at_their_limits(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
        const struct span *s = &spans[i];
        const struct aotx_howto *h = aotx_arch_howto(s->a, s->type);
        const char *name = aotx_arch_reloc_name(s->a, s->type);
        assert_non_null(h);
        for (int be = 0; be <= 1; be++) {
            const uint8_t *mask = be ? s->mask_be : s->mask_le;
            for (int k = 0; k < 6; k++) {
                struct aotx_range bad;
                uint64_t f;
                if (s->a->field(h, s->good[k], s->P, &f, &bad))
                    fail_msg("%s: %lld refused at P = 0x%x", name, (long long)s->good[k], s->P);
                for (int bg = 0; bg <= 0xff; bg += 0xff) {
                    uint8_t buf[4];
                    memset(buf, bg, sizeof buf);
                    s->a->encode(h, buf, f, be);
                    for (int b = 0; b < 4; b++)
                        if ((buf[b] & ~mask[b]) != (bg & ~mask[b]))
                            fail_msg("%s (%s): byte %d outside the field changed (0x%02x on 0x%02x)",
                                     name, be ? "BE" : "LE", b, buf[b], bg);
                    if (s->a->decode(h, buf, be) != f)
                        fail_msg("%s (%s): decode(encode(0x%llx)) = 0x%llx", name, be ? "BE" : "LE",
                                 (unsigned long long)f, (unsigned long long)s->a->decode(h, buf, be));
                }
            }
            for (int k = 0; k < s->nbad; k++) {
                struct aotx_range bad;
                uint64_t f;
                if (!s->a->field(h, s->bad[k], s->P, &f, &bad))
                    fail_msg("%s: %lld accepted at P = 0x%x", name, (long long)s->bad[k], s->P);
                assert_true(bad.lo == s->lo && bad.hi == s->hi);
                assert_int_equal(bad.align, s->align);
            }
        }
    }
}

/* ---- Xtensa R_XTENSA_SLOT0_OP: one type, the format chosen by select() ---- */

/* The engine's howto for the instruction at loc. */
static const struct aotx_howto *xt_slot0(const uint8_t *loc, size_t room, int be)
{
    const struct aotx_howto *h = aotx_arch_howto(&aotx_arch_xtensa, R_XTENSA_SLOT0_OP);
    assert_non_null(h);
    return aotx_arch_xtensa.select(h, loc, room, be);
}

/* What GNU ld refuses (tests/unit/vectors/xtensa.sh), and the windowed
 * calls' 1 GiB rule. v = S + A; lo, hi and align are for v. */
struct xt_refusal {
    uint8_t insn[3];
    uint32_t P;
    int64_t v, lo, hi;
    uint32_t align;
};

static const struct xt_refusal xt_refusals[] = {
    {{0x21, 0x00, 0x00}, 0x40210000u, 0x40210000, 0x401d0000, 0x4020fffc, 4}, /* l32r, P & 3 = 0: off = 0 (max + 4); ld: dangerous relocation: l32r: literal placed after use: f */
    {{0x21, 0x00, 0x00}, 0x40210000u, 0x401cfffc, 0x401d0000, 0x4020fffc, 4}, /* l32r, P & 3 = 0: off = -262148 (min - 4); ld: dangerous relocation: l32r: literal target out of range (try using text-section-literals): f */
    {{0x21, 0x00, 0x00}, 0x40210000u, 0x4020fffa, 0x401d0000, 0x4020fffc, 4}, /* l32r, P & 3 = 0: off = -6, misaligned; ld: dangerous relocation: l32r: misaligned literal target: f */
    {{0x21, 0x00, 0x00}, 0x40210005u, 0x40210008, 0x401d0008, 0x40210004, 4}, /* l32r, P & 3 = 1: off = 0 (max + 4); ld: dangerous relocation: l32r: literal placed after use: f */
    {{0x21, 0x00, 0x00}, 0x40210005u, 0x401d0004, 0x401d0008, 0x40210004, 4}, /* l32r, P & 3 = 1: off = -262148 (min - 4); ld: dangerous relocation: l32r: literal target out of range (try using text-section-literals): f */
    {{0x21, 0x00, 0x00}, 0x40210005u, 0x40210002, 0x401d0008, 0x40210004, 4}, /* l32r, P & 3 = 1: off = -6, misaligned; ld: dangerous relocation: l32r: misaligned literal target: f */
    {{0x05, 0x00, 0x00}, 0x40210000u, 0x40290004, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 0: off = 524288 (max + 4); ld: dangerous relocation: call0: call target out of range: f */
    {{0x05, 0x00, 0x00}, 0x40210000u, 0x40190000, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 0: off = -524292 (min - 4); ld: dangerous relocation: call0: call target out of range: f */
    {{0x05, 0x00, 0x00}, 0x40210000u, 0x40210006, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 0: off = 2, misaligned; ld: dangerous relocation: call0: misaligned call target: f */
    {{0x05, 0x00, 0x00}, 0x40210003u, 0x40290004, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 3: off = 524288 (max + 4); ld: dangerous relocation: call0: call target out of range: f */
    {{0x05, 0x00, 0x00}, 0x40210003u, 0x40190000, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 3: off = -524292 (min - 4); ld: dangerous relocation: call0: call target out of range: f */
    {{0x05, 0x00, 0x00}, 0x40210003u, 0x40210006, 0x40190004, 0x40290000, 4}, /* call0, P & 3 = 3: off = 2, misaligned; ld: dangerous relocation: call0: misaligned call target: f */
    {{0x06, 0x00, 0x00}, 0x40210005u, 0x40230009, 0x401f0009, 0x40230008, 0}, /* j, P & 3 = 1: off = 131072 (max + 1); ld: dangerous relocation: j: cannot encode: f */
    {{0x06, 0x00, 0x00}, 0x40210005u, 0x401f0008, 0x401f0009, 0x40230008, 0}, /* j, P & 3 = 1: off = -131073 (min - 1); ld: dangerous relocation: j: cannot encode: f */
    {{0x16, 0x02, 0x00}, 0x40210000u, 0x40210804, 0x4020f804, 0x40210803, 0}, /* beqz: off = 2048 (max + 1); ld: dangerous relocation: beqz: cannot encode: f */
    {{0x16, 0x02, 0x00}, 0x40210000u, 0x4020f803, 0x4020f804, 0x40210803, 0}, /* beqz: off = -2049 (min - 1); ld: dangerous relocation: beqz: cannot encode: f */
    {{0x26, 0x42, 0x00}, 0x40210000u, 0x40210084, 0x4020ff84, 0x40210083, 0}, /* beqi: off = 128 (max + 1); ld: dangerous relocation: beqi: cannot encode: f */
    {{0x26, 0x42, 0x00}, 0x40210000u, 0x4020ff83, 0x4020ff84, 0x40210083, 0}, /* beqi: off = -129 (min - 1); ld: dangerous relocation: beqi: cannot encode: f */
    {{0x37, 0x12, 0x00}, 0x40210000u, 0x40210084, 0x4020ff84, 0x40210083, 0}, /* beq: off = 128 (max + 1); ld: dangerous relocation: beq: cannot encode: f */
    {{0x37, 0x12, 0x00}, 0x40210000u, 0x4020ff83, 0x4020ff84, 0x40210083, 0}, /* beq: off = -129 (min - 1); ld: dangerous relocation: beq: cannot encode: f */
    {{0x8c, 0x02}, 0x40210000u, 0x40210044, 0x40210004, 0x40210043, 0}, /* beqz.n: off = 64 (max + 1); ld: dangerous relocation: beqz.n: cannot encode: f */
    {{0x8c, 0x02}, 0x40210000u, 0x40210003, 0x40210004, 0x40210043, 0}, /* beqz.n: off = -1 (min - 1); ld: dangerous relocation: beqz.n: cannot encode: f */
    /* CALL4/8/12: binutils' elf_xtensa_do_reloc refuses a windowed call whose
     * target is in another 1 GiB segment ("windowed call crosses 1GB
     * boundary"); the lx106 binutils know no windowed call to show it. */
    {{0x25, 0x00, 0x00}, 0x3ffffff1u, 0x40000000, 0x3ff7fff4, 0x3ffffffc, 4}, /* call8: B = (P & ~3) + 4 = 0x3ffffff4, off = 12 (CALL0 would reach): segment 0 ends at 0x3ffffffc */
    {{0x35, 0x00, 0x00}, 0x40000002u, 0x3ffffffc, 0x40000000, 0x40080000, 4}, /* call12: B = 0x40000004, off = -8: segment 1 starts at 0x40000000; hi = B + 524284 */
    {{0x15, 0x00, 0x00}, 0x40000002u, 0x40080004, 0x40000000, 0x40080000, 4}, /* call4: off = 524288 (max + 4) */
};

static void xtensa_slot0_refusals_carry_the_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof xt_refusals / sizeof xt_refusals[0]; i++) {
        const struct xt_refusal *r = &xt_refusals[i];
        const struct aotx_howto *h = xt_slot0(r->insn, sizeof r->insn, 0);
        struct aotx_range bad;
        uint64_t f = 0;
        assert_non_null(h);
        if (!aotx_arch_xtensa.field(h, r->v, r->P, &f, &bad))
            fail_msg("xtensa refusal %zu: 0x%llx accepted at P = 0x%x", i, (long long)r->v, r->P);
        if (bad.lo != r->lo || bad.hi != r->hi || bad.align != r->align || bad.state)
            fail_msg("xtensa refusal %zu: [0x%llx, 0x%llx] align %u, expected [0x%llx, 0x%llx] "
                     "align %u", i, (long long)bad.lo, (long long)bad.hi, bad.align,
                     (long long)r->lo, (long long)r->hi, r->align);
    }
    /* the same windowed targets through CALL0 (no 1 GiB rule): taken */
    static const uint8_t call0[3] = {0x05, 0x00, 0x00};
    struct aotx_range bad;
    uint64_t f;
    assert_int_equal(aotx_arch_xtensa.field(xt_slot0(call0, 3, 0), 0x40000000, 0x3ffffff1u, &f,
                                            &bad), 0);
    assert_int_equal(f, 3); /* off = 0x40000000 - 0x3ffffff4 = 12 */
    assert_int_equal(aotx_arch_xtensa.field(xt_slot0(call0, 3, 0), 0x3ffffffc, 0x40000002u, &f,
                                            &bad), 0);
    assert_int_equal(f, 0x3fffe); /* off = -8 */
}

/* Every format at its limits: decode(encode(field(v))) == field(v) on 0x00
 * and 0xff, and nothing outside the field changes. good: min, min + step,
 * -step, 0, step, max of the offset (the span's comment gives the base B);
 * bad: max + step, min - step, misaligned. Masks: the fields of the
 * formats' table in arch/xtensa.c, byte by byte (LE). */
struct xt_span {
    uint8_t insn[3];
    uint32_t P;
    uint8_t mask[4];
    int64_t good[6];
    int nbad;
    int64_t bad[3];
    int64_t lo, hi;
    uint32_t align;
};

static const struct xt_span xt_spans[] = {
    /* l32r (RI16 imm16): B = (P + 3) & ~3 = 0x40210004; off in [-262144, -4], x 4; good: min, min + 4, B - 0x20004, B - 0x20000, -8, max */
    {{0x21, 0x00, 0x00}, 0x40210001u, {0x00, 0xff, 0xff, 0x00},
     {0x401d0004, 0x401d0008, 0x401f0000, 0x401f0004, 0x4020fffc, 0x40210000}, 3, {0x40210004, 0x401d0000, 0x4020fffe}, 0x401d0004, 0x40210000, 4},
    /* call0 (CALL offset): B = (P & ~3) + 4 = 0x40210004; off in [-524288, 524284], x 4 */
    {{0x05, 0x00, 0x00}, 0x40210002u, {0xc0, 0xff, 0xff, 0x00},
     {0x40190004, 0x40190008, 0x40210000, 0x40210004, 0x40210008, 0x40290000}, 3, {0x40290004, 0x40190000, 0x40210006}, 0x40190004, 0x40290000, 4},
    /* call8: the same field, B = 0x40210004 from P & 3 = 3 */
    {{0x25, 0x00, 0x00}, 0x40210003u, {0xc0, 0xff, 0xff, 0x00},
     {0x40190004, 0x40190008, 0x40210000, 0x40210004, 0x40210008, 0x40290000}, 3, {0x40290004, 0x40190000, 0x40210005}, 0x40190004, 0x40290000, 4},
    /* call8 at the top of segment 0: B = 0x3ffffff4, max = 0x3ffffffc, the segment's last word */
    {{0x25, 0x00, 0x00}, 0x3ffffff1u, {0xc0, 0xff, 0xff, 0x00},
     {0x3ff7fff4, 0x3ff7fff8, 0x3ffffff0, 0x3ffffff4, 0x3ffffff8, 0x3ffffffc}, 3, {0x40000000, 0x3ff7fff0, 0x3ffffff6}, 0x3ff7fff4, 0x3ffffffc, 4},
    /* call4 at the bottom of segment 1: B = 0x40000004, min = 0x40000000 */
    {{0x15, 0x00, 0x00}, 0x40000002u, {0xc0, 0xff, 0xff, 0x00},
     {0x40000000, 0x40000004, 0x40000008, 0x40010000, 0x4007fffc, 0x40080000}, 3, {0x40080004, 0x3ffffffc, 0x40000002}, 0x40000000, 0x40080000, 4},
    /* j (CALL offset): B = P + 4 = 0x40210005; off in [-131072, 131071] */
    {{0x06, 0x00, 0x00}, 0x40210001u, {0xc0, 0xff, 0xff, 0x00},
     {0x401f0005, 0x401f0006, 0x40210004, 0x40210005, 0x40210006, 0x40230004}, 2, {0x40230005, 0x401f0004}, 0x401f0005, 0x40230004, 0},
    /* beqz (BRI12 imm12): B = 0x40210006; off in [-2048, 2047] */
    {{0x16, 0x02, 0x00}, 0x40210002u, {0x00, 0xf0, 0xff, 0x00},
     {0x4020f806, 0x4020f807, 0x40210005, 0x40210006, 0x40210007, 0x40210805}, 2, {0x40210806, 0x4020f805}, 0x4020f806, 0x40210805, 0},
    /* beqi (BRI8 imm8): B = 0x40210007; off in [-128, 127] */
    {{0x26, 0x42, 0x00}, 0x40210003u, {0x00, 0x00, 0xff, 0x00},
     {0x4020ff87, 0x4020ff88, 0x40210006, 0x40210007, 0x40210008, 0x40210086}, 2, {0x40210087, 0x4020ff86}, 0x4020ff87, 0x40210086, 0},
    /* beq (RRI8 imm8): B = 0x40210004 */
    {{0x37, 0x12, 0x00}, 0x40210000u, {0x00, 0x00, 0xff, 0x00},
     {0x4020ff84, 0x4020ff85, 0x40210003, 0x40210004, 0x40210005, 0x40210083}, 2, {0x40210084, 0x4020ff83}, 0x4020ff84, 0x40210083, 0},
    /* beqz.n (RI6 imm6, 16 bits): B = 0x40210005; off in [0, 63]: 0, 1, 31, 32, 62, 63 */
    {{0x8c, 0x02, 0x00}, 0x40210001u, {0x30, 0xf0, 0x00, 0x00},
     {0x40210005, 0x40210006, 0x40210024, 0x40210025, 0x40210043, 0x40210044}, 2, {0x40210045, 0x40210004}, 0x40210005, 0x40210044, 0},
};

static void xtensa_slot0_round_trips_at_its_limits(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_xtensa;
    for (size_t i = 0; i < sizeof xt_spans / sizeof xt_spans[0]; i++) {
        const struct xt_span *s = &xt_spans[i];
        const struct aotx_howto *h = xt_slot0(s->insn, sizeof s->insn, 0);
        assert_non_null(h);
        for (int k = 0; k < 6; k++) {
            struct aotx_range bad;
            uint64_t f;
            if (a->field(h, s->good[k], s->P, &f, &bad))
                fail_msg("xtensa span %zu: 0x%llx refused at P = 0x%x", i, (long long)s->good[k],
                         s->P);
            for (int bg = 0; bg <= 0xff; bg += 0xff) {
                uint8_t buf[4];
                memset(buf, bg, sizeof buf);
                a->encode(h, buf, f, 0);
                for (int b = 0; b < 4; b++)
                    if ((buf[b] & ~s->mask[b]) != (bg & ~s->mask[b]))
                        fail_msg("xtensa span %zu: byte %d outside the field changed (0x%02x on "
                                 "0x%02x)", i, b, buf[b], bg);
                if (a->decode(h, buf, 0) != f)
                    fail_msg("xtensa span %zu: decode(encode(0x%llx)) = 0x%llx", i,
                             (unsigned long long)f, (unsigned long long)a->decode(h, buf, 0));
            }
        }
        for (int k = 0; k < s->nbad; k++) {
            struct aotx_range bad;
            uint64_t f;
            if (!a->field(h, s->bad[k], s->P, &f, &bad))
                fail_msg("xtensa span %zu: 0x%llx accepted at P = 0x%x", i, (long long)s->bad[k],
                         s->P);
            assert_true(bad.lo == s->lo && bad.hi == s->hi);
            assert_int_equal(bad.align, s->align);
        }
    }
}

/* select(): the format of every instruction binutils relocates with a
 * SLOT0_OP (encodings from the generator's objects; CALL4/8/12 from the ISA
 * table, as QEMU decodes them), and NULL for the rest. */
static void xtensa_slot0_select_decodes_the_opcode(void **state)
{
    (void)state;
    static const struct {
        uint8_t insn[3];
        int group; /* one howto per group */
        uint8_t size, flags;
        const char *formula;
    } formats[] = {
        {{0x21, 0x00, 0x00}, 0, 3, 0, "S + A - ((P + 3) & ~3)"},          /* l32r a2 */
        {{0x05, 0x00, 0x00}, 1, 3, HOWTO_CALL, "S + A - ((P & ~3) + 4)"}, /* call0 */
        {{0x15, 0x00, 0x00}, 2, 3, HOWTO_CALL, "S + A - ((P & ~3) + 4)"}, /* call4 */
        {{0x25, 0x00, 0x00}, 2, 3, HOWTO_CALL, "S + A - ((P & ~3) + 4)"}, /* call8 */
        {{0x35, 0x00, 0x00}, 2, 3, HOWTO_CALL, "S + A - ((P & ~3) + 4)"}, /* call12 */
        {{0x06, 0x00, 0x00}, 3, 3, HOWTO_CALL, "S + A - (P + 4)"},        /* j */
        {{0x16, 0x02, 0x00}, 4, 3, 0, "S + A - (P + 4)"},                 /* beqz a2 */
        {{0x56, 0x02, 0x00}, 4, 3, 0, "S + A - (P + 4)"},                 /* bnez a2 */
        {{0x96, 0x03, 0x00}, 4, 3, 0, "S + A - (P + 4)"},                 /* bltz a3 */
        {{0xd6, 0x03, 0x00}, 4, 3, 0, "S + A - (P + 4)"},                 /* bgez a3 */
        {{0x26, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* beqi a2, 4 */
        {{0x66, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* bnei */
        {{0xa6, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* blti */
        {{0xe6, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* bgei */
        {{0xb6, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* bltui */
        {{0xf6, 0x42, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* bgeui */
        {{0x37, 0x12, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* beq a2, a3 */
        {{0xf7, 0xf2, 0x00}, 5, 3, 0, "S + A - (P + 4)"},                 /* bbsi a2, 31 */
        {{0x8c, 0x02, 0x00}, 6, 2, 0, "S + A - (P + 4)"},                 /* beqz.n a2 */
        {{0xcc, 0x07, 0x00}, 6, 2, 0, "S + A - (P + 4)"},                 /* bnez.n a7 */
    };
    const struct aotx_howto *first[7] = {0};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        const struct aotx_howto *h = xt_slot0(formats[i].insn, 3, 0);
        if (!h)
            fail_msg("format %zu (%02x %02x %02x): no howto", i, formats[i].insn[0],
                     formats[i].insn[1], formats[i].insn[2]);
        assert_int_equal(h->type, R_XTENSA_SLOT0_OP);
        assert_int_equal(h->expr, X_ABS);
        assert_int_equal(h->size, formats[i].size);
        assert_int_equal(h->flags, formats[i].flags);
        assert_int_equal(h->call_bias, 0);
        assert_string_equal(h->formula, formats[i].formula);
        /* the decision is in the first byte: one byte of room is enough */
        assert_ptr_equal(xt_slot0(formats[i].insn, 1, 0), h);
        int g = formats[i].group;
        if (!first[g])
            first[g] = h;
        assert_ptr_equal(h, first[g]);
        for (int o = 0; o < g; o++)
            assert_true(first[o] != h);
    }
    /* every RRI8 opcode (op0 7, r = 0..15) is a branch */
    for (unsigned r = 0; r < 16; r++) {
        uint8_t b[3] = {0x37, (uint8_t)(r << 4 | 2), 0x00};
        assert_ptr_equal(xt_slot0(b, 3, 0), first[5]);
    }

    /* no PC-relative operand a SLOT0_OP here may relocate: NULL (the bytes,
     * then GNU ld's verdict on a SLOT0_OP there; MOVI, L32I and MOVI.N get
     * an absolute immediate from binutils, which refuses this f because it
     * does not fit; no compiler emits such a SLOT0_OP) */
    static const uint8_t others[][3] = {
    {0x22, 0xa0, 0x64}, /* movi a2, 100; ld: dangerous relocation: movi: cannot encode: f */
    {0x40, 0x23, 0x80}, /* add a2, a3, a4; ld: dangerous relocation: unexpected relocation: f */
    {0x22, 0x21, 0x00}, /* l32i a2, a1, 0; ld: dangerous relocation: l32i: cannot encode: f */
    {0xc0, 0x03, 0x00}, /* callx0 a3; ld: dangerous relocation: unexpected relocation: f */
    {0x80, 0x00, 0x00}, /* ret; ld: dangerous relocation: unexpected relocation: f */
    {0x0c, 0x52}, /* movi.n a2, 5; ld: dangerous relocation: movi.n: cannot encode: f */
    {0x3d, 0xf0}, /* nop.n; ld: dangerous relocation: unexpected relocation: f */
    {0xf0, 0x20, 0x00}, /* nop; ld: dangerous relocation: unexpected relocation: f */
    {0x36, 0x41, 0x00}, /* dc233c: entry a1, 32, de233_fpu: entry a1, 32; ld: dangerous relocation: unexpected relocation: f */
    {0x76, 0x82, 0x10}, /* dc233c: loop a2, 0x410014, de233_fpu: loop a2, 0x410014; ld: dangerous relocation: unexpected relocation: f */
    {0x76, 0x10, 0x10}, /* dc233c: ???, de233_fpu: bt b0, 0x410014; ld: dangerous relocation: unexpected relocation: f */
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (xt_slot0(others[i], 3, 0))
            fail_msg("other %zu (%02x %02x %02x): select() gave a howto", i, others[i][0],
                     others[i][1], others[i][2]);

    /* big-endian Xtensa: not supported for SLOT0_OP */
    assert_null(xt_slot0(formats[0].insn, 3, 1));
    assert_null(xt_slot0(formats[1].insn, 3, 1));
    /* other types pass through unchanged, whatever the bytes */
    static const uint8_t word[4] = {0x21, 0x00, 0x00, 0x00};
    for (int be = 0; be <= 1; be++) {
        const struct aotx_howto *w = aotx_arch_howto(&aotx_arch_xtensa, R_XTENSA_32);
        assert_ptr_equal(aotx_arch_xtensa.select(w, word, 4, be), w);
        w = aotx_arch_howto(&aotx_arch_xtensa, R_XTENSA_ASM_EXPAND);
        assert_ptr_equal(aotx_arch_xtensa.select(w, word, 4, be), w);
    }
}

/* Through the engine: the Cortex-M4 fixture v6/thumbv7em/imports.aot made
 * an Xtensa module in memory (target info, code and relocations replaced):
 * 300 bytes of code at 0x40210140 (base 0x40210000, literal area empty),
 * functions at text+0, +0x7c, +0xe0; symbols 2 aot_set_exception_with_id
 * (e here), 3 aot_invoke_native (n). The expected bytes are GNU ld's for
 *   l32r a2, e; call0 n; j n; beqz a2, e+8
 * in a no-transform region, -Ttext=0x40210140 --defsym e=0x40210100
 * --defsym n=0x40200000. */
struct xt_engine {
    uint8_t *buf;
    size_t size;
    struct aotx_module *m;
    uint8_t code[300];
    struct aotx_reloc rel[5];
};

static void xt_engine_open(struct xt_engine *t)
{
    struct aotx_diag d;
    memset(t, 0, sizeof *t);
    t->buf = load_data("aot/v6/thumbv7em/imports.aot", &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &d), AOTX_OK);
    struct aotx_module *m = t->m;
    assert_int_equal(m->code_size, sizeof t->code);
    assert_int_equal(m->literal_size, 0);
    assert_int_equal(m->group_count, 1);
    assert_string_equal(m->symbols[2].name, "aot_set_exception_with_id");
    assert_string_equal(m->symbols[3].name, "aot_invoke_native");
    m->target.e_machine = EM_XTENSA;
    memset(m->target.arch_raw, 0, sizeof m->target.arch_raw);
    memcpy(m->target.arch_raw, "xtensa", 6);
    memcpy(m->target.arch, "xtensa", 7);
    m->arch = &aotx_arch_xtensa;
    memcpy(t->code, m->code, sizeof t->code);
    static const uint8_t insns[15] = {
        0x21, 0x00, 0x00, /* text+0x0: l32r a2, e            R_XTENSA_SLOT0_OP e */
        0x05, 0x00, 0x00, /* text+0x3: call0 n               R_XTENSA_SLOT0_OP n */
        0x06, 0x00, 0x00, /* text+0x6: j n                   R_XTENSA_SLOT0_OP n */
        0x16, 0x02, 0x00, /* text+0x9: beqz a2, e+8          R_XTENSA_SLOT0_OP e + 8 */
        0x40, 0x23, 0x80, /* text+0xc: add a2, a3, a4 */
    };
    memcpy(t->code, insns, sizeof insns);
    m->code = t->code;
    static const struct aotx_reloc rel[4] = {
        {0x0, 0, R_XTENSA_SLOT0_OP, 2},
        {0x3, 0, R_XTENSA_SLOT0_OP, 3},
        {0x6, 0, R_XTENSA_SLOT0_OP, 3},
        {0x9, 8, R_XTENSA_SLOT0_OP, 2},
    };
    memcpy(t->rel, rel, sizeof rel);
    m->groups[0].relocs = t->rel;
    m->groups[0].count = 4;
}

static void xt_engine_close(struct xt_engine *t)
{
    aotx_module_free(t->m);
    free(t->buf);
}

/* Rewrite at 0x40210000 with e and n where given; the image, or NULL and
 * the message in d. */
static struct aotx_xip_image *xt_engine_run(struct xt_engine *t, const char *e, const char *n,
                                            enum aotx_err want, struct aotx_diag *d)
{
    struct aotx_symmap *syms = aotx_symmap_new();
    struct aotx_xip_options o = {.base = 0x40210000u, .symbols = syms};
    struct aotx_xip_image *img = NULL;
    assert_int_equal(aotx_symmap_defsym(syms, e, d), AOTX_OK);
    assert_int_equal(aotx_symmap_defsym(syms, n, d), AOTX_OK);
    enum aotx_err got = aotx_xip(t->m, &o, &img, d);
    aotx_symmap_free(syms);
    if (got != want)
        fail_msg("aotx_xip: %d (%s), expected %d", got, got ? d->msg : "", want);
    return img;
}

static void xtensa_slot0_through_the_engine(void **state)
{
    (void)state;
    struct xt_engine t;
    struct aotx_diag d;
    static const char *const e = "aot_set_exception_with_id=0x40210100",
                             *const n = "aot_invoke_native=0x40200000";

    xt_engine_open(&t);
    struct aotx_xip_image *img = xt_engine_run(&t, e, n, AOTX_OK, &d);
    assert_true(img->verified);
    assert_int_equal(img->code_address, 0x40210140u);
    assert_int_equal(img->relocations, 4);
    static const uint8_t linked[15] = {
        0x21, 0xf0, 0xff, /* l32r a2, 0x40210100: off = 0x40210100 - 0x40210140 = -0x40, imm16 0xfff0 */
        0xc5, 0xeb, 0xef, /* call0 0x40200000: off = 0x40200000 - 0x40210144 = -0x10144, offset 0x3bfaf */
        0x86, 0xad, 0xbf, /* j 0x40200000: off = 0x40200000 - 0x4021014a = -0x1014a */
        0x16, 0xb2, 0xfb, /* beqz a2, 0x40210108: off = 0x40210108 - 0x4021014d = -0x45 */
        0x40, 0x23, 0x80, /* add: untouched */
    };
    assert_memory_equal(img->bytes + (img->code_address - 0x40210000u), linked, sizeof linked);
    aotx_xip_free(img);

    /* a SLOT0_OP on an instruction without a PC-relative operand */
    t.rel[4] = (struct aotx_reloc){0xc, 0, R_XTENSA_SLOT0_OP, 3};
    t.m->groups[0].count = 5;
    assert_null(xt_engine_run(&t, e, n, AOTX_E_UNSUPPORTED, &d));
    assert_string_equal(d.msg, "text+0xc (aot_func#0 (call_host)+0xc): "
                               "relocation R_XTENSA_SLOT0_OP does not "
                               "apply to the instruction there (40 23 80); references "
                               "'aot_invoke_native'");
    t.m->groups[0].count = 4;

    /* out of reach: CALL0 from P = 0x40210143 to 0x40100000; v = S + A and
     * the range [B - 524288, B + 524284] for B = (P & ~3) + 4 = 0x40210144:
     * [0x40190144, 0x40290140]. The J after it cannot reach either (the
     * second error, counted) */
    assert_null(xt_engine_run(&t, e, "aot_invoke_native=0x40100000", AOTX_E_UNSUPPORTED, &d));
    assert_string_equal(d.msg, "text+0x3 (aot_func#0 (call_host)+0x3): "
                               "relocation R_XTENSA_SLOT0_OP out of "
                               "range: 1074790400 is not in [1075380548, 1076429120]; references "
                               "'aot_invoke_native' (and 1 more error)");

    /* a literal that is not word-aligned */
    assert_null(xt_engine_run(&t, "aot_set_exception_with_id=0x40210102", n, AOTX_E_UNSUPPORTED,
                              &d));
    assert_string_equal(d.msg, "text+0x0 (aot_func#0 (call_host)+0x0): "
                               "relocation R_XTENSA_SLOT0_OP: "
                               "1075904770 is not a multiple of 4; references "
                               "'aot_set_exception_with_id'");

    /* the last instruction cut short by the end of the code */
    t.rel[4] = (struct aotx_reloc){299, 0, R_XTENSA_SLOT0_OP, 3};
    t.code[299] = 0x05; /* call0's first byte */
    t.m->groups[0].count = 5;
    assert_null(xt_engine_run(&t, e, n, AOTX_E_UNSUPPORTED, &d));
    assert_string_equal(d.msg, "text+0x12b (aot_func#2 (trap_unreachable)+0x4b): "
                               "relocation R_XTENSA_SLOT0_OP "
                               "patches 3 bytes, past the end of the section (0x12c bytes)");
    xt_engine_close(&t);
}

/* ---- the MIPS far-call veneer ---- */

/* `move $1, $31; bal 1f; nop; 1: lw $25, 16($31); move $31, $1; jr $25; nop;
 * .word f`, assembled by mips-linux-gnu-as -mips32 (-mips32r6 for the R6
 * row: its JR is JALR $zero) or mipsel-linux-gnu-as, linked with
 * f = 0x18000040. */
static const uint8_t veneer_be[32] = {
    0x03, 0xe0, 0x08, 0x25, 0x04, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x8f, 0xf9, 0x00, 0x10,
    0x00, 0x20, 0xf8, 0x25, 0x03, 0x20, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x40};
static const uint8_t veneer_le[32] = {
    0x25, 0x08, 0xe0, 0x03, 0x01, 0x00, 0x11, 0x04, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0xf9, 0x8f,
    0x25, 0xf8, 0x20, 0x00, 0x08, 0x00, 0x20, 0x03, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x18};
static const uint8_t veneer_r6_be[32] = {
    0x03, 0xe0, 0x08, 0x25, 0x04, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x8f, 0xf9, 0x00, 0x10,
    0x00, 0x20, 0xf8, 0x25, 0x03, 0x20, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x40};

/* Lay the veneer out as the engine does: the units in the file's byte
 * order, then the target slot through the arch's own relocator. */
static void build_veneer(const struct aotx_veneer *v, uint64_t at, uint64_t target, int be,
                         uint8_t *out)
{
    const struct aotx_arch *a = &aotx_arch_mips;
    uint8_t *p = out;
    for (uint8_t u = 0; u < v->unit_count; u++) {
        assert_int_equal(v->units[u].width, 4);
        wr32(p, v->units[u].value, be);
        p += 4;
    }
    assert_int_equal(p - out, v->size);
    const struct aotx_howto *h = aotx_arch_howto(a, v->reloc_type);
    struct aotx_range bad;
    uint64_t f;
    assert_non_null(h);
    assert_int_equal(a->field(h, (int64_t)target, at + v->reloc_offset, &f, &bad), 0);
    a->encode(h, out + v->reloc_offset, f, be);
}

static void mips_veneer_is_the_assembled_sequence(void **state)
{
    (void)state;
    struct aotx_module m;
    uint8_t got[32];
    memset(&m, 0, sizeof m);
    m.target.e_flags = 0x50001005; /* the fixtures': mips32, o32, cpic, noreorder */
    const struct aotx_veneer *v = aotx_arch_mips.veneer(&m);
    assert_non_null(v);
    assert_int_equal(v->size, 32);
    assert_int_equal(v->align, 4);
    assert_int_equal(v->reloc_type, R_MIPS_32);
    assert_int_equal(v->reloc_offset, 28);
    assert_int_equal(v->thumb, 0);
    build_veneer(v, 0x08040020, 0x18000040, 1, got);
    assert_memory_equal(got, veneer_be, 32);
    build_veneer(v, 0x08040020, 0x18000040, 0, got);
    assert_memory_equal(got, veneer_le, 32);
    m.target.e_flags = 0x90001005; /* EF_MIPS_ARCH_32R6 */
    v = aotx_arch_mips.veneer(&m);
    build_veneer(v, 0x08040020, 0x18000040, 1, got);
    assert_memory_equal(got, veneer_r6_be, 32);
}

/* ---- the descriptors ---- */

static void check_descriptor(const struct aotx_arch *a)
{
    for (size_t i = 0; i < a->howto_count; i++) {
        if (i)
            assert_true(a->howtos[i - 1].type < a->howtos[i].type);
        assert_non_null(aotx_arch_reloc_name(a, a->howtos[i].type));
        assert_ptr_equal(aotx_arch_howto(a, a->howtos[i].type), &a->howtos[i]);
    }
    for (size_t i = 1; i < a->name_count; i++)
        assert_true(a->names[i - 1].type < a->names[i].type);
    const struct aotx_howto *ptr = aotx_arch_howto(a, a->abs_ptr_type);
    assert_non_null(ptr);
    assert_int_equal(ptr->expr, X_ABS);
    assert_int_equal(ptr->size, 4);
    assert_int_equal(a->word_bits, 32);
    assert_int_equal(a->thumb_bit, 0);
    assert_int_equal(a->plt_entry, 0); /* a stock load makes no PLT (AOT-FORMAT.md 7) */
}

static void descriptors(void **state)
{
    (void)state;
    check_descriptor(&aotx_arch_mips);
    check_descriptor(&aotx_arch_arc);
    check_descriptor(&aotx_arch_xtensa);
    assert_int_equal(aotx_arch_mips.rela, 0);
    assert_non_null(aotx_arch_mips.addend);
    assert_int_equal(aotx_arch_arc.rela, 1);
    assert_int_equal(aotx_arch_xtensa.rela, 1);
    assert_null(aotx_arch_arc.veneer);
    assert_null(aotx_arch_xtensa.veneer);
    assert_int_equal(aotx_arch_howto(&aotx_arch_mips, R_MIPS_26)->flags, HOWTO_CALL | HOWTO_INSN);
    /* J/JAL's addend is all target offset: a veneer stands for S + A */
    assert_int_equal(aotx_arch_howto(&aotx_arch_mips, R_MIPS_26)->call_bias, 0);
    /* known, but not supported: the engine reports these by name */
    static const struct {
        const struct aotx_arch *a;
        uint32_t type;
        const char *name;
    } unsupported[] = {
        {&aotx_arch_mips, R_MIPS_GPREL16, "R_MIPS_GPREL16"},
        {&aotx_arch_mips, R_MIPS_GPREL32, "R_MIPS_GPREL32"},
        {&aotx_arch_mips, R_MIPS_REL32, "R_MIPS_REL32"},
        {&aotx_arch_mips, R_MIPS_CALL16, "R_MIPS_CALL16"},
        {&aotx_arch_mips, R_MIPS_GOT16, "R_MIPS_GOT16"},
        {&aotx_arch_xtensa, R_XTENSA_SLOT0_ALT, "R_XTENSA_SLOT0_ALT"},
        {&aotx_arch_xtensa, R_XTENSA_PLT, "R_XTENSA_PLT"},
        {&aotx_arch_arc, R_ARC_PLT32, "R_ARC_PLT32"},
        {&aotx_arch_arc, R_ARC_SDA32_ME, "R_ARC_SDA32_ME"},
        {&aotx_arch_arc, R_ARC_GOTPC32, "R_ARC_GOTPC32"},
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        assert_null(aotx_arch_howto(unsupported[i].a, unsupported[i].type));
        assert_string_equal(aotx_arch_reloc_name(unsupported[i].a, unsupported[i].type),
                            unsupported[i].name);
    }
}

/* ARC branches count from PCL = P & ~3: at P & 3 == 2, v = S + A - P is
 * 4-aligned exactly when the target is not, so the relocator says which
 * failure it is (the engine then reports misalignment, and takes no veneer). */
static void arc_misalignment_is_flagged(void **state)
{
    (void)state;
    const struct aotx_howto *h = aotx_arch_howto(&aotx_arch_arc, 17); /* R_ARC_S25W_PCREL */
    assert_non_null(h);
    uint64_t f;
    struct aotx_range bad = {0};
    /* BL at P = 0x1002 to 0x2002: v = 0x1000, offset from PCL 0x1002: misaligned */
    assert_int_equal(aotx_arch_arc.field(h, 0x1000, 0x1002, &f, &bad), 1);
    assert_true(bad.misaligned);
    assert_int_equal(bad.align, 4);
    /* to 0x2004: v = 0x1002, offset 0x1004 */
    memset(&bad, 0, sizeof bad);
    assert_int_equal(aotx_arch_arc.field(h, 0x1002, 0x1002, &f, &bad), 0);
    assert_false(bad.misaligned);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(arc_misalignment_is_flagged),
    cmocka_unit_test(mips_vectors),
    cmocka_unit_test(mips_hi_lo_pairs),
    cmocka_unit_test(arc_vectors),
    cmocka_unit_test(xtensa_vectors),
    cmocka_unit_test(refusals_carry_the_range),
    cmocka_unit_test(fields_round_trip_at_their_limits),
    cmocka_unit_test(xtensa_slot0_refusals_carry_the_range),
    cmocka_unit_test(xtensa_slot0_round_trips_at_its_limits),
    cmocka_unit_test(xtensa_slot0_select_decodes_the_opcode),
    cmocka_unit_test(xtensa_slot0_through_the_engine),
    cmocka_unit_test(mips_veneer_is_the_assembled_sequence),
    cmocka_unit_test(descriptors),
};

TEST_MAIN(tests)
