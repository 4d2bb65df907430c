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
