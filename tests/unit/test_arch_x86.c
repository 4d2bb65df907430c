/* The x86-64 and i386 relocators against ld.lld, and at their range limits.
 *
 * Vectors: two small objects, assembled by llvm-mc 14 (-triple=x86_64-linux,
 * -triple=i386-linux) from the source line quoted beside each row, linked by
 * ld.lld 14 with
 *     ld.lld --no-relax -Ttext=0x80001000 --section-start=.rodata=0x80002000
 *            --defsym SYM=S ...
 * every symbol at the S in its row, chosen so that the value lands on the
 * limit the row names. "placeholder" is the object's section (llvm-objcopy
 * -O binary), "linked" ld.lld's. Applying every row to the placeholder
 * through the relocator must give ld.lld's section byte for byte, so the
 * bytes around each field (opcodes, ModRM, the other fields) are checked
 * too. One step past each limit ld.lld refuses with the range the limits
 * table below expects (its messages are quoted there); the one exception
 * is R_386_PC16, noted at its rows. */
#include "testutil.h"

#include "arch.h"
#include "bytes.h"

/* x86-64 */
enum { X64_NONE = 0, X64_64 = 1, X64_PC32 = 2, X64_GOT32 = 3, X64_PLT32 = 4, X64_GOTPCREL = 9,
       X64_32 = 10, X64_32S = 11, X64_16 = 12, X64_PC16 = 13, X64_8 = 14, X64_PC8 = 15,
       X64_TLSGD = 19, X64_PC64 = 24, X64_GOTOFF64 = 25, X64_GOTPC32 = 26,
       X64_GOTPCREL64 = 28, X64_PLTOFF64 = 31, X64_SIZE32 = 32, X64_GOTPCRELX = 41,
       X64_REX_GOTPCRELX = 42 };
/* i386 */
enum { I386_NONE = 0, I386_32 = 1, I386_PC32 = 2, I386_GOT32 = 3, I386_PLT32 = 4,
       I386_GOTOFF = 9, I386_GOTPC = 10, I386_16 = 20, I386_PC16 = 21, I386_8 = 22,
       I386_PC8 = 23, I386_TLS_GD_32 = 24, I386_GOT32X = 43 };

#define TEXT 0x80001000u
#define RODATA 0x80002000u

struct vec {
    int rodata;    /* the row patches .rodata (else .text) */
    uint32_t off, type;
    uint64_t S;    /* X_GOT_PC rows: G, the address of ld.lld's GOT slot */
    int64_t A;     /* x86-64: the record's; i386: what addend() must read */
};

struct object {
    const struct aotx_arch *arch;
    const char *text, *linked_text, *rodata, *linked_rodata; /* hex, file order */
    const struct vec *vecs;
    size_t count;
};

/* P = TEXT + off; v = S + A - P for PC types. ld.lld placed .got at
 * 0x80003008: g_rex's slot first, then g_x's. */
static const struct vec x64_vecs[] = {
    /* call t_plt_max: v = 0x100001004 - 4 - 0x80001001 = 0x7fffffff (2^31 - 1) */
    {0, 0x01, X64_PLT32, 0x100001004, -4},
    /* jmp t_plt_min (a tail call): v = 0x100a - 4 - 0x80001006 = -0x80000000 */
    {0, 0x06, X64_PLT32, 0x100a, -4},
    /* call t_plt_near: v = 0x8000200f - 4 - 0x8000100b = 0x1000 */
    {0, 0x0b, X64_PLT32, 0x8000200f, -4},
    /* jne t_plt_jcc: v = 0x80000fd5 - 4 - 0x80001011 = -0x40 */
    {0, 0x11, X64_PLT32, 0x80000fd5, -4},
    /* movl d_pc32_max(%rip), %eax: v = 0x10000101a - 4 - 0x80001017 = 0x7fffffff */
    {0, 0x17, X64_PC32, 0x10000101a, -4},
    /* leaq d_pc32_min(%rip), %rax: v = 0x1022 - 4 - 0x8000101e = -0x80000000 */
    {0, 0x1e, X64_PC32, 0x1022, -4},
    /* movsd d_pc32+8(%rip), %xmm0: v = 0x80005000 + 4 - 0x80001026 = 0x3fde */
    {0, 0x26, X64_PC32, 0x80005000, 4},
    /* movq g_rex@GOTPCREL(%rip), %rax: v = 0x80003008 - 4 - 0x8000102d = 0x1fd7 */
    {0, 0x2d, X64_REX_GOTPCRELX, 0x80003008, -4},
    /* movl g_x@GOTPCREL(%rip), %ecx: v = 0x80003010 - 4 - 0x80001033 = 0x1fd9 */
    {0, 0x33, X64_GOTPCRELX, 0x80003010, -4},
    /* call *g_x@GOTPCREL(%rip): v = 0x80003010 - 4 - 0x80001039 = 0x1fd3 */
    {0, 0x39, X64_GOTPCRELX, 0x80003010, -4},
    /* .reloc .+3, R_X86_64_GOTPCREL, g_x-4; movq 0(%rip), %rdx:
     * v = 0x80003010 - 4 - 0x80001040 = 0x1fcc */
    {0, 0x40, X64_GOTPCREL, 0x80003010, -4},
    /* movl $d_32_max, %eax: v = 0xffffffff (2^32 - 1) */
    {0, 0x45, X64_32, 0xffffffff, 0},
    /* movl $d_32_min, %eax: v = 0 */
    {0, 0x4a, X64_32, 0, 0},
    /* movq $d_32s_max, %rax: v = 0x7fffffff */
    {0, 0x51, X64_32S, 0x7fffffff, 0},
    /* jmpq *d_32s_min(,%rax,8): v = 0xffffffff80000000 = -2^31 */
    {0, 0x58, X64_32S, 0xffffffff80000000, 0},
    /* andps d_32s+0x30, %xmm0: v = 0x401000 + 0x30 */
    {0, 0x60, X64_32S, 0x401000, 0x30},
    /* movw $d_16_max, %ax: v = 0xffff */
    {0, 0x66, X64_16, 0xffff, 0},
    /* movw $d_16_min, %ax: v = -0x8000 */
    {0, 0x6a, X64_16, 0xffffffffffff8000, 0},
    /* movb $d_8_max, %al: v = 0xff */
    {0, 0x6d, X64_8, 0xff, 0},
    /* movb $d_8_min, %al: v = -0x80 */
    {0, 0x6f, X64_8, 0xffffffffffffff80, 0},
    /* movabsq $d_64, %rax: v = 0xfedcba9876543210 */
    {0, 0x72, X64_64, 0xfedcba9876543210, 0},
    /* .word d_pc16_max - .: v = 0x80009079 - 0x8000107a = 0x7fff */
    {0, 0x7a, X64_PC16, 0x80009079, 0},
    /* .word d_pc16_min - .: v = 0x7fff907c - 0x8000107c = -0x8000 */
    {0, 0x7c, X64_PC16, 0x7fff907c, 0},
    /* .byte d_pc8_max - .: v = 0x800010fd - 0x8000107e = 0x7f */
    {0, 0x7e, X64_PC8, 0x800010fd, 0},
    /* .byte d_pc8_min - .: v = 0x80000fff - 0x8000107f = -0x80 */
    {0, 0x7f, X64_PC8, 0x80000fff, 0},
    /* .quad d_pc64 - . + 16: v = 0x123456789abc + 16 - 0x80001080 = 0x1233d6788a4c */
    {0, 0x80, X64_PC64, 0x123456789abc, 16},
    /* .rodata: .quad d_64 + 0x28 (a jump-table entry): v = 0xfedcba9876543238 */
    {1, 0x00, X64_64, 0xfedcba9876543210, 0x28},
};

/* P = TEXT + off; A is in the field, as wamrc leaves it. */
static const struct vec i386_vecs[] = {
    /* call t_plt@PLT: v = 0x08048100 - 4 - 0x80001001 = -0x77fb8f05 -> 0x880470fb */
    {0, 0x01, I386_PLT32, 0x08048100, -4},
    /* call t_pc32: v = 0x80001800 - 4 - 0x80001006 = 0x7f6 */
    {0, 0x06, I386_PC32, 0x80001800, -4},
    /* call t_wrap: v = 0x100 - 4 - 0x8000100b = -0x80000f0f, below -2^31:
     * modulo 2^32 0x7ffff0f1, which does reach 0x100 from 0x8000100f */
    {0, 0x0b, I386_PC32, 0x100, -4},
    /* movl d_32+8, %eax: v = 0x0804a000 + 8 */
    {0, 0x10, I386_32, 0x0804a000, 8},
    /* movl $d_32neg-4, %eax: v = 2 - 4 = -2 -> 0xfffffffe */
    {0, 0x15, I386_32, 2, -4},
    /* jmp *d_jt(,%eax,4): v = 0x80001234 */
    {0, 0x1c, I386_32, 0x80001234, 0},
    /* movw $d_16_max, %ax: v = 0xffff */
    {0, 0x22, I386_16, 0xffff, 0},
    /* movw $d_16_min+2, %ax: v = 0xffff7ffe + 2 = 0xffff8000 = -0x8000 modulo 2^32 */
    {0, 0x26, I386_16, 0xffff7ffe, 2},
    /* movb $d_8_max, %al: v = 0xff */
    {0, 0x29, I386_8, 0xff, 0},
    /* movb $d_8_min, %al: v = 0xffffff80 = -0x80 modulo 2^32 */
    {0, 0x2b, I386_8, 0xffffff80, 0},
    /* .word d_pc16_max - .: v = 0x8000902b - 0x8000102c = 0x7fff */
    {0, 0x2c, I386_PC16, 0x8000902b, 0},
    /* .word d_pc16_min - .: v = 0x7fff902e - 0x8000102e = -0x8000 */
    {0, 0x2e, I386_PC16, 0x7fff902e, 0},
    /* .byte d_pc8_max - .: v = 0x800010af - 0x80001030 = 0x7f */
    {0, 0x30, I386_PC8, 0x800010af, 0},
    /* .byte d_pc8_min - . - 3: v = 0x80000fb4 - 3 - 0x80001031 = -0x80 */
    {0, 0x31, I386_PC8, 0x80000fb4, -3},
    /* .rodata: .long d_jt + 0x28 (a jump-table entry): v = 0x8000125c */
    {1, 0x00, I386_32, 0x80001234, 0x28},
};

static const struct object objects[] = {
    {&aotx_arch_x86_64,
     "e800000000e900000000e8000000000f85000000008b0500000000488d0500000000f20f1005000000"
     "00488b05000000008b0d00000000ff1500000000488b1500000000b800000000b80000000048c7c000"
     "000000ff24c5000000000f5404250000000066b8000066b80000b000b00048b8000000000000000000"
     "00000000000000000000000000",
     "e8ffffff7fe900000080e8001000000f85c0ffffff8b05ffffff7f488d0500000080f20f1005de3f00"
     "00488b05d71f00008b0dd91f0000ff15d31f0000488b15cc1f0000b8ffffffffb80000000048c7c0ff"
     "ffff7fff24c5000000800f5404253010400066b8ffff66b80080b0ffb08048b81032547698badcfeff"
     "7f00807f804c8a78d633120000",
     "0000000000000000", "3832547698badcfe", x64_vecs, sizeof x64_vecs / sizeof x64_vecs[0]},
    {&aotx_arch_i386,
     "e8fcffffffe8fcffffffe8fcffffffa108000000b8fcffffffff24850000000066b8000066b80200b0"
     "00b0000000000000fd",
     "e8fb700488e8f6070000e8f1f0ff7fa108a00408b8feffffffff24853412008066b8ffff66b80080b0"
     "ffb080ff7f00807f80",
     "28000000", "5c120080", i386_vecs, sizeof i386_vecs / sizeof i386_vecs[0]},
};

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (; s[0] && s[1]; s += 2) {
        assert_true(n < cap);
        out[n++] = (uint8_t)strtoul((char[3]){s[0], s[1], 0}, NULL, 16);
    }
    return n;
}

static const struct aotx_howto *howto(const struct aotx_arch *a, uint32_t type)
{
    const struct aotx_howto *h = aotx_arch_howto(a, type);
    if (!h)
        fail_msg("%s: no howto for type %u", a->name, type);
    return h;
}

/* The value by the psABI formula, as the rewriter computes it. */
static int64_t value(const struct aotx_howto *h, uint64_t S, int64_t A, uint64_t P)
{
    switch (h->expr) {
    case X_ABS: return (int64_t)(S + (uint64_t)A);
    case X_PC:
    case X_GOT_PC: return (int64_t)(S + (uint64_t)A - P);
    default: return 0;
    }
}

static void matches_ld_lld(void **state)
{
    (void)state;
    for (size_t o = 0; o < sizeof objects / sizeof objects[0]; o++) {
        const struct object *obj = &objects[o];
        const struct aotx_arch *a = obj->arch;
        uint8_t sec[2][256], want[2][256];
        size_t n[2] = {unhex(obj->text, sec[0], 256), unhex(obj->rodata, sec[1], 256)};
        assert_int_equal(unhex(obj->linked_text, want[0], 256), n[0]);
        assert_int_equal(unhex(obj->linked_rodata, want[1], 256), n[1]);
        for (size_t i = 0; i < obj->count; i++) {
            const struct vec *v = &obj->vecs[i];
            const struct aotx_howto *h = howto(a, v->type);
            uint8_t *loc = sec[v->rodata] + v->off;
            uint64_t P = (v->rodata ? RODATA : TEXT) + v->off, field;
            struct aotx_range bad;
            assert_true(v->off + h->size <= n[v->rodata]);
            int64_t A = v->A;
            if (!a->rela) { /* REL: the addend is the placeholder's field */
                A = a->addend(h, loc, 0);
                if (A != v->A)
                    fail_msg("%s vector %zu: addend %lld, expected %lld", a->name, i,
                             (long long)A, (long long)v->A);
            }
            int64_t val = value(h, v->S, A, P);
            if (a->field(h, val, P, &field, &bad))
                fail_msg("%s vector %zu: %lld does not fit [%lld, %lld]", a->name, i,
                         (long long)val, (long long)bad.lo, (long long)bad.hi);
            a->encode(h, loc, field, 0);
            assert_true(a->decode(h, loc, 0) == field);
        }
        for (int s = 0; s < 2; s++)
            for (size_t i = 0; i < n[s]; i++)
                if (sec[s][i] != want[s][i])
                    fail_msg("%s: %s+0x%zx is 0x%02x, ld.lld wrote 0x%02x", a->name,
                             s ? ".rodata" : ".text", i, sec[s][i], want[s][i]);
    }
}

/* The addends wamrc's LLVM leaves in i386 fields, sign-extended from the
 * field's width (bytes from the placeholder above and llvm-mc). */
static void i386_addends(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_i386;
    static const struct {
        uint32_t type;
        const char *field;
        int64_t A;
    } rows[] = {
        {I386_PLT32, "fcffffff", -4},    /* call f@PLT */
        {I386_PC32, "fcffffff", -4},     /* call f */
        {I386_32, "08000000", 8},        /* movl d+8, %eax */
        {I386_32, "ffffff7f", 0x7fffffff},
        {I386_32, "00000080", -0x80000000LL},
        {I386_16, "0200", 2},            /* movw $d+2, %ax */
        {I386_16, "0080", -0x8000},
        {I386_PC16, "ffff", -1},
        {I386_8, "7f", 0x7f},
        {I386_PC8, "fd", -3},            /* .byte d - . - 3 */
        {I386_PC8, "80", -0x80},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint8_t b[4];
        unhex(rows[i].field, b, sizeof b);
        assert_int_equal(a->addend(howto(a, rows[i].type), b, 0), rows[i].A);
    }
    assert_null(aotx_arch_x86_64.addend); /* RELA: the records' addends */
}

struct limit {
    const struct aotx_arch *arch;
    uint32_t type;
    int64_t v;
    int ok;
    uint64_t field;  /* ok: what the field holds */
    int64_t lo, hi;  /* not ok: the allowed range */
};

#define X64 &aotx_arch_x86_64
#define I386 &aotx_arch_i386
#define S32_LO (-2147483647LL - 1)
#define S32_HI 2147483647LL

/* Each checked type at min, min + 1, -1, 0, 1, max, and one step outside
 * either end (steps of 1: x86 fields have no alignment). ld.lld 14 at the
 * failing rows, on the objects above:
 *   relocation R_X86_64_PLT32 out of range: 2147483648 is not in [-2147483648, 2147483647]
 *   relocation R_X86_64_PC32 out of range: -2147483649 is not in [-2147483648, 2147483647]
 *   relocation R_X86_64_32 out of range: 4294967296 is not in [0, 4294967295]
 *   relocation R_X86_64_32S out of range: 2147483648 is not in [-2147483648, 2147483647]
 *   relocation R_X86_64_16 out of range: -32769 is not in [-32768, 65535]
 *   relocation R_X86_64_PC16 out of range: 32768 is not in [-32768, 32767]
 *   relocation R_X86_64_8 out of range: 256 is not in [-128, 255]
 *   relocation R_X86_64_PC8 out of range: -129 is not in [-128, 127]
 *   relocation R_386_16 out of range: 65536 is not in [-32768, 65535]
 *   relocation R_386_8 out of range: -129 is not in [-128, 255]
 *   relocation R_386_PC8 out of range: 128 is not in [-128, 127] */
static const struct limit limits[] = {
    /* R_X86_64_PC32: signed 32 */
    {X64, X64_PC32, S32_LO, 1, 0x80000000, 0, 0},          /* -2^31 */
    {X64, X64_PC32, S32_LO + 1, 1, 0x80000001, 0, 0},
    {X64, X64_PC32, -1, 1, 0xffffffff, 0, 0},
    {X64, X64_PC32, 0, 1, 0, 0, 0},
    {X64, X64_PC32, 1, 1, 1, 0, 0},
    {X64, X64_PC32, S32_HI, 1, 0x7fffffff, 0, 0},          /* 2^31 - 1 */
    {X64, X64_PC32, S32_HI + 1, 0, 0, S32_LO, S32_HI},     /* 2^31 */
    {X64, X64_PC32, S32_LO - 1, 0, 0, S32_LO, S32_HI},     /* -2^31 - 1 */
    /* R_X86_64_PLT32: the same field; a veneer stands in when it fails */
    {X64, X64_PLT32, S32_LO, 1, 0x80000000, 0, 0},
    {X64, X64_PLT32, S32_HI, 1, 0x7fffffff, 0, 0},
    {X64, X64_PLT32, S32_HI + 1, 0, 0, S32_LO, S32_HI},
    {X64, X64_PLT32, S32_LO - 1, 0, 0, S32_LO, S32_HI},
    {X64, X64_PLT32, 0x200000000LL - 4, 0, 0, S32_LO, S32_HI}, /* a native 8 GiB away */
    /* the GOTPCREL family: signed 32, G + A - P */
    {X64, X64_GOTPCREL, S32_LO, 1, 0x80000000, 0, 0},
    {X64, X64_GOTPCREL, S32_HI + 1, 0, 0, S32_LO, S32_HI},
    {X64, X64_GOTPCRELX, S32_HI, 1, 0x7fffffff, 0, 0},
    {X64, X64_GOTPCRELX, S32_LO - 1, 0, 0, S32_LO, S32_HI},
    {X64, X64_REX_GOTPCRELX, -4, 1, 0xfffffffc, 0, 0},
    {X64, X64_REX_GOTPCRELX, S32_HI + 1, 0, 0, S32_LO, S32_HI},
    /* R_X86_64_32: zero-extends to the 64-bit value, [0, 2^32 - 1] */
    {X64, X64_32, 0, 1, 0, 0, 0},
    {X64, X64_32, 1, 1, 1, 0, 0},
    {X64, X64_32, 0xfffffffeLL, 1, 0xfffffffe, 0, 0},
    {X64, X64_32, 0xffffffffLL, 1, 0xffffffff, 0, 0},
    {X64, X64_32, 0x100000000LL, 0, 0, 0, 0xffffffffLL},
    {X64, X64_32, -1, 0, 0, 0, 0xffffffffLL},
    /* R_X86_64_32S: sign-extends to the 64-bit value, [-2^31, 2^31 - 1]:
     * an image at 2 GiB and above does not fit */
    {X64, X64_32S, S32_LO, 1, 0x80000000, 0, 0},       /* 0xffffffff80000000 */
    {X64, X64_32S, S32_LO + 1, 1, 0x80000001, 0, 0},
    {X64, X64_32S, -1, 1, 0xffffffff, 0, 0},
    {X64, X64_32S, 0, 1, 0, 0, 0},
    {X64, X64_32S, 1, 1, 1, 0, 0},
    {X64, X64_32S, S32_HI, 1, 0x7fffffff, 0, 0},
    {X64, X64_32S, S32_HI + 1, 0, 0, S32_LO, S32_HI}, /* 0x80000000 */
    {X64, X64_32S, S32_LO - 1, 0, 0, S32_LO, S32_HI},
    /* R_X86_64_16: signed or unsigned, [-2^15, 2^16 - 1] */
    {X64, X64_16, -32768, 1, 0x8000, 0, 0},
    {X64, X64_16, -32767, 1, 0x8001, 0, 0},
    {X64, X64_16, -1, 1, 0xffff, 0, 0},
    {X64, X64_16, 0, 1, 0, 0, 0},
    {X64, X64_16, 1, 1, 1, 0, 0},
    {X64, X64_16, 65535, 1, 0xffff, 0, 0},
    {X64, X64_16, 65536, 0, 0, -32768, 65535},
    {X64, X64_16, -32769, 0, 0, -32768, 65535},
    /* R_X86_64_PC16: signed 16 */
    {X64, X64_PC16, -32768, 1, 0x8000, 0, 0},
    {X64, X64_PC16, -32767, 1, 0x8001, 0, 0},
    {X64, X64_PC16, -1, 1, 0xffff, 0, 0},
    {X64, X64_PC16, 0, 1, 0, 0, 0},
    {X64, X64_PC16, 1, 1, 1, 0, 0},
    {X64, X64_PC16, 32767, 1, 0x7fff, 0, 0},
    {X64, X64_PC16, 32768, 0, 0, -32768, 32767},
    {X64, X64_PC16, -32769, 0, 0, -32768, 32767},
    /* R_X86_64_8: signed or unsigned, [-2^7, 2^8 - 1] */
    {X64, X64_8, -128, 1, 0x80, 0, 0},
    {X64, X64_8, -127, 1, 0x81, 0, 0},
    {X64, X64_8, -1, 1, 0xff, 0, 0},
    {X64, X64_8, 0, 1, 0, 0, 0},
    {X64, X64_8, 1, 1, 1, 0, 0},
    {X64, X64_8, 255, 1, 0xff, 0, 0},
    {X64, X64_8, 256, 0, 0, -128, 255},
    {X64, X64_8, -129, 0, 0, -128, 255},
    /* R_X86_64_PC8: signed 8 */
    {X64, X64_PC8, -128, 1, 0x80, 0, 0},
    {X64, X64_PC8, -127, 1, 0x81, 0, 0},
    {X64, X64_PC8, -1, 1, 0xff, 0, 0},
    {X64, X64_PC8, 0, 1, 0, 0, 0},
    {X64, X64_PC8, 1, 1, 1, 0, 0},
    {X64, X64_PC8, 127, 1, 0x7f, 0, 0},
    {X64, X64_PC8, 128, 0, 0, -128, 127},
    {X64, X64_PC8, -129, 0, 0, -128, 127},
    /* word64 types: every value */
    {X64, X64_64, INT64_MIN, 1, 0x8000000000000000, 0, 0},
    {X64, X64_64, -1, 1, 0xffffffffffffffff, 0, 0},
    {X64, X64_64, INT64_MAX, 1, 0x7fffffffffffffff, 0, 0},
    {X64, X64_PC64, INT64_MIN, 1, 0x8000000000000000, 0, 0},
    {X64, X64_PC64, -2, 1, 0xfffffffffffffffe, 0, 0},
    {X64, X64_PC64, INT64_MAX, 1, 0x7fffffffffffffff, 0, 0},
    {X64, X64_NONE, 12345, 1, 0, 0, 0},
    /* i386 word32: modulo 2^32, never out of range */
    {I386, I386_32, -1, 1, 0xffffffff, 0, 0},
    {I386, I386_32, 0xffffffffLL, 1, 0xffffffff, 0, 0},
    {I386, I386_32, 0x100000000LL, 1, 0, 0, 0},             /* 2^32 wraps to 0 */
    {I386, I386_PC32, S32_LO - 1, 1, 0x7fffffff, 0, 0},     /* -2^31 - 1 wraps */
    {I386, I386_PC32, S32_HI + 1, 1, 0x80000000, 0, 0},
    {I386, I386_PLT32, 0xfffffffcLL, 1, 0xfffffffc, 0, 0},
    {I386, I386_PLT32, -0xfffffffcLL, 1, 4, 0, 0},
    {I386, I386_NONE, 12345, 1, 0, 0, 0},
    /* R_386_16: signed or unsigned, on the value modulo 2^32 */
    {I386, I386_16, -32768, 1, 0x8000, 0, 0},
    {I386, I386_16, -32767, 1, 0x8001, 0, 0},
    {I386, I386_16, -1, 1, 0xffff, 0, 0},
    {I386, I386_16, 0, 1, 0, 0, 0},
    {I386, I386_16, 1, 1, 1, 0, 0},
    {I386, I386_16, 65535, 1, 0xffff, 0, 0},
    {I386, I386_16, 65536, 0, 0, -32768, 65535},
    {I386, I386_16, -32769, 0, 0, -32768, 65535},
    {I386, I386_16, 0xffff8000LL, 1, 0x8000, 0, 0},         /* = -32768 modulo 2^32 */
    {I386, I386_16, 0xffff7fffLL, 0, 0, -32768, 65535},     /* = -32769 modulo 2^32 */
    /* R_386_PC16: signed 16. ld.lld (17 bits) and GNU ld 2.40 accept
     * [-65536, 65535], for 16-bit code whose IP wraps at 64 KiB; 32-bit
     * code has no such wrap. */
    {I386, I386_PC16, -32768, 1, 0x8000, 0, 0},
    {I386, I386_PC16, -32767, 1, 0x8001, 0, 0},
    {I386, I386_PC16, -1, 1, 0xffff, 0, 0},
    {I386, I386_PC16, 0, 1, 0, 0, 0},
    {I386, I386_PC16, 1, 1, 1, 0, 0},
    {I386, I386_PC16, 32767, 1, 0x7fff, 0, 0},
    {I386, I386_PC16, 32768, 0, 0, -32768, 32767},
    {I386, I386_PC16, -32769, 0, 0, -32768, 32767},
    /* R_386_8: signed or unsigned */
    {I386, I386_8, -128, 1, 0x80, 0, 0},
    {I386, I386_8, -127, 1, 0x81, 0, 0},
    {I386, I386_8, -1, 1, 0xff, 0, 0},
    {I386, I386_8, 0, 1, 0, 0, 0},
    {I386, I386_8, 1, 1, 1, 0, 0},
    {I386, I386_8, 255, 1, 0xff, 0, 0},
    {I386, I386_8, 256, 0, 0, -128, 255},
    {I386, I386_8, -129, 0, 0, -128, 255},
    {I386, I386_8, 0xffffff80LL, 1, 0x80, 0, 0},            /* = -128 modulo 2^32 */
    /* R_386_PC8: signed 8 */
    {I386, I386_PC8, -128, 1, 0x80, 0, 0},
    {I386, I386_PC8, -127, 1, 0x81, 0, 0},
    {I386, I386_PC8, -1, 1, 0xff, 0, 0},
    {I386, I386_PC8, 0, 1, 0, 0, 0},
    {I386, I386_PC8, 1, 1, 1, 0, 0},
    {I386, I386_PC8, 127, 1, 0x7f, 0, 0},
    {I386, I386_PC8, 128, 0, 0, -128, 127},
    {I386, I386_PC8, -129, 0, 0, -128, 127},
};

static void range_limits(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        const struct limit *l = &limits[i];
        const struct aotx_arch *a = l->arch;
        const struct aotx_howto *h = howto(a, l->type);
        uint64_t field = 0xdeadbeef;
        struct aotx_range bad;
        int fails = a->field(h, l->v, TEXT, &field, &bad);
        if (fails == l->ok)
            fail_msg("limit %zu: %s type %u, v %lld: expected %s", i, a->name, l->type,
                     (long long)l->v, l->ok ? "to fit" : "to fail");
        if (!l->ok) {
            if (bad.lo != l->lo || bad.hi != l->hi)
                fail_msg("limit %zu: range [%lld, %lld], expected [%lld, %lld]", i,
                         (long long)bad.lo, (long long)bad.hi, (long long)l->lo,
                         (long long)l->hi);
            assert_true(bad.align <= 1);
            assert_false(bad.state);
            continue;
        }
        if (field != l->field)
            fail_msg("limit %zu: %s type %u, v %lld: field 0x%llx, expected 0x%llx", i,
                     a->name, l->type, (long long)l->v, (unsigned long long)field,
                     (unsigned long long)l->field);
        /* decode(encode(field)) == field, the field little-endian at +3, and
         * not one byte around it touched, on both backgrounds */
        for (int bg = 0; bg < 2; bg++) {
            uint8_t buf[16], want[16];
            memset(buf, bg ? 0xff : 0x00, sizeof buf);
            memcpy(want, buf, sizeof want);
            for (unsigned k = 0; k < h->size; k++)
                want[3 + k] = (uint8_t)(field >> (8 * k));
            a->encode(h, buf + 3, field, 0);
            assert_memory_equal(buf, want, sizeof buf);
            assert_true(a->decode(h, buf + 3, 0) == field);
        }
    }
}

/* The range checks every relocator's field() shares (arch.h), at their
 * limits and one step beyond, with the range they report. */
static void check_gives(int fails, int want_fails, const struct aotx_range *bad, int64_t lo,
                        int64_t hi, uint32_t align)
{
    assert_int_equal(fails, want_fails);
    assert_true(bad->lo == lo && bad->hi == hi);
    assert_int_equal(bad->align, align);
    assert_false(bad->state || bad->misaligned);
}

static void shared_range_checks(void **state)
{
    (void)state;
    const int64_t b25 = (int64_t)1 << 25, b31 = (int64_t)1 << 31, b32 = (int64_t)1 << 32;
    struct aotx_range bad = {.state = 1, .misaligned = 1}; /* cleared by each check */
    /* a 26-bit branch offset, a multiple of 4 (A32 BL): [-2^25, 2^25 - 4] */
    check_gives(check_int(-b25, 26, 4, &bad), 0, &bad, -b25, b25 - 4, 4);
    check_gives(check_int(b25 - 4, 26, 4, &bad), 0, &bad, -b25, b25 - 4, 4);
    check_gives(check_int(-b25 - 4, 26, 4, &bad), 1, &bad, -b25, b25 - 4, 4);
    check_gives(check_int(b25, 26, 4, &bad), 1, &bad, -b25, b25 - 4, 4);
    check_gives(check_int(2, 26, 4, &bad), 1, &bad, -b25, b25 - 4, 4);
    /* signed 8 bits, any value: [-128, 127] */
    check_gives(check_int(127, 8, 0, &bad), 0, &bad, -128, 127, 0);
    check_gives(check_int(128, 8, 0, &bad), 1, &bad, -128, 127, 0);
    check_gives(check_int(-129, 8, 0, &bad), 1, &bad, -128, 127, 0);
    /* unsigned 16 and 63 bits */
    check_gives(check_uint(65535, 16, &bad), 0, &bad, 0, 65535, 0);
    check_gives(check_uint(65536, 16, &bad), 1, &bad, 0, 65535, 0);
    check_gives(check_uint(-1, 16, &bad), 1, &bad, 0, 65535, 0);
    check_gives(check_uint(INT64_MAX, 63, &bad), 0, &bad, 0, INT64_MAX, 0);
    check_gives(check_uint(INT64_MIN, 63, &bad), 1, &bad, 0, INT64_MAX, 0);
    /* a 32-bit word, signed or unsigned: [-2^31, 2^32 - 1] */
    check_gives(check_int_uint(-b31, 32, &bad), 0, &bad, -b31, b32 - 1, 0);
    check_gives(check_int_uint(b32 - 1, 32, &bad), 0, &bad, -b31, b32 - 1, 0);
    check_gives(check_int_uint(-b31 - 1, 32, &bad), 1, &bad, -b31, b32 - 1, 0);
    check_gives(check_int_uint(b32, 32, &bad), 1, &bad, -b31, b32 - 1, 0);
    /* alignment alone (AArch64 :lo12: of an 8-byte access) */
    check_gives(check_align(INT64_MIN, 8, &bad), 0, &bad, INT64_MIN, INT64_MAX, 8);
    check_gives(check_align(-12, 8, &bad), 1, &bad, INT64_MIN, INT64_MAX, 8);
    check_gives(check_align(7, 1, &bad), 0, &bad, INT64_MIN, INT64_MAX, 1);
    /* any range (MIPS J: the 256 MiB region of P + 4) */
    check_gives(check_range(0x1ffffffc, 0x10000000, 0x1ffffffc, 4, &bad), 0, &bad, 0x10000000,
                0x1ffffffc, 4);
    check_gives(check_range(0x20000000, 0x10000000, 0x1ffffffc, 4, &bad), 1, &bad, 0x10000000,
                0x1ffffffc, 4);
}

/* A big-endian file (no x86 target writes one) still gets the bytes in its
 * own order: the relocators never use the host's. */
static void byte_order_is_the_files(void **state)
{
    (void)state;
    uint8_t b[8] = {0};
    const struct aotx_howto *h = howto(X64, X64_64);
    aotx_arch_x86_64.encode(h, b, 0x0102030405060708, 1);
    static const uint8_t be64[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    assert_memory_equal(b, be64, 8);
    assert_true(aotx_arch_x86_64.decode(h, b, 1) == 0x0102030405060708);
    h = howto(I386, I386_PC16);
    memset(b, 0, sizeof b);
    b[0] = 0xff;
    b[1] = 0xfe;
    assert_int_equal(aotx_arch_i386.addend(h, b, 1), -2);
    aotx_arch_i386.encode(h, b, 0x1234, 1);
    assert_int_equal(b[0], 0x12);
    assert_int_equal(b[1], 0x34);
}

/* The far-call veneer: its template, its slot written through the
 * relocator, against llvm-mc 14 + ld.lld 14:
 *     jmpq *0(%rip); .quad far; int3; int3
 * linked with -Ttext=0x80003000 --defsym far=0x240000040 gives
 *     ff25000000004000004002000000cccc */
static void x86_64_veneer(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_x86_64;
    const struct aotx_veneer *v = a->veneer(NULL);
    assert_non_null(v);
    assert_int_equal(v->size, 16);
    assert_int_equal(v->align, 16);
    assert_int_equal(v->thumb, 0);
    assert_int_equal(v->reloc_type, X64_64);
    assert_int_equal(v->reloc_offset, 6);
    uint8_t b[32], want[16];
    memset(b, 0xee, sizeof b);
    size_t at = 0;
    for (uint8_t u = 0; u < v->unit_count; u++) {
        const struct aotx_unit *unit = &v->units[u];
        if (unit->width == 1)
            b[at] = (uint8_t)unit->value;
        else if (unit->width == 2)
            wr16le(b + at, (uint16_t)unit->value);
        else
            wr32le(b + at, unit->value);
        at += unit->width;
    }
    assert_int_equal(at, v->size);
    const struct aotx_howto *h = howto(a, v->reloc_type);
    assert_int_equal(h->size, 8);
    assert_true(v->reloc_offset + h->size <= v->size);
    uint64_t field;
    struct aotx_range bad;
    assert_int_equal(a->field(h, 0x240000040, 0x80003006, &field, &bad), 0);
    a->encode(h, b + v->reloc_offset, field, 0);
    unhex("ff25000000004000004002000000cccc", want, sizeof want);
    assert_memory_equal(b, want, 16);
    assert_int_equal(b[16], 0xee);
    /* jmp *disp32(%rip) reads the quad at the end of the instruction + disp32 */
    assert_int_equal(6 + (int32_t)rd32le(b + 2), v->reloc_offset);
    /* a PLT32 call at P = 0x80001001 to the veneer at 0x80003000, A = -4 */
    assert_int_equal(a->field(howto(a, X64_PLT32), 0x80003000 - 4 - 0x80001001, 0x80001001,
                              &field, &bad), 0);
    assert_true(field == 0x1ffb);
}

static void the_descriptors(void **state)
{
    (void)state;
    const struct aotx_arch *arches[] = {&aotx_arch_x86_64, &aotx_arch_i386};
    for (size_t k = 0; k < 2; k++) {
        const struct aotx_arch *a = arches[k];
        for (size_t i = 1; i < a->howto_count; i++)
            assert_true(a->howtos[i - 1].type < a->howtos[i].type);
        for (size_t i = 0; i < a->howto_count; i++) {
            assert_non_null(aotx_arch_reloc_name(a, a->howtos[i].type));
            assert_non_null(a->howtos[i].formula);
        }
        assert_int_equal(a->thumb_bit, 0);
        assert_int_equal(a->pair_hi, 0);
    }
    const struct aotx_arch *x = &aotx_arch_x86_64, *i = &aotx_arch_i386;
    assert_int_equal(x->howto_count, 14);
    assert_int_equal(i->howto_count, 8);
    assert_int_equal(x->rela, 1);
    assert_int_equal(i->rela, 0);
    assert_int_equal(x->abs_ptr_type, X64_64);
    assert_int_equal(i->abs_ptr_type, I386_32);
    assert_int_equal(x->plt_entry, 12); /* a stock load's PLT entry, AOT-FORMAT.md 7.1, 7.2 */
    assert_int_equal(i->plt_entry, 0);
    assert_null(i->veneer); /* a rel32 reaches every 32-bit address */
    /* calls may go through a veneer; data references may not */
    assert_int_equal(howto(x, X64_PLT32)->flags & HOWTO_CALL, HOWTO_CALL);
    assert_int_equal(howto(x, X64_PC32)->flags & HOWTO_CALL, 0);
    assert_int_equal(howto(x, X64_GOTPCRELX)->flags & HOWTO_CALL, 0);
    assert_int_equal(howto(x, X64_GOTPCREL)->expr, X_GOT_PC);
    assert_int_equal(howto(x, X64_REX_GOTPCRELX)->expr, X_GOT_PC);
    assert_int_equal(howto(x, X64_32S)->expr, X_ABS);
    assert_int_equal(howto(x, X64_PC64)->size, 8);
    assert_int_equal(howto(i, I386_PLT32)->expr, X_PC);
    /* known but unsupported: GOT-base-relative, sizes, TLS */
    static const uint32_t x_absent[] = {X64_GOT32, X64_TLSGD, X64_GOTOFF64, X64_GOTPC32,
                                        X64_GOTPCREL64, X64_PLTOFF64, X64_SIZE32};
    for (size_t k = 0; k < sizeof x_absent / sizeof x_absent[0]; k++) {
        assert_null(aotx_arch_howto(x, x_absent[k]));
        assert_non_null(aotx_arch_reloc_name(x, x_absent[k]));
    }
    static const uint32_t i_absent[] = {I386_GOT32, I386_GOTOFF, I386_GOTPC, I386_TLS_GD_32,
                                        I386_GOT32X};
    for (size_t k = 0; k < sizeof i_absent / sizeof i_absent[0]; k++) {
        assert_null(aotx_arch_howto(i, i_absent[k]));
        assert_non_null(aotx_arch_reloc_name(i, i_absent[k]));
    }
    assert_string_equal(aotx_arch_reloc_name(x, X64_REX_GOTPCRELX), "R_X86_64_REX_GOTPCRELX");
    assert_string_equal(aotx_arch_reloc_name(i, I386_PC8), "R_386_PC8");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(matches_ld_lld),
    cmocka_unit_test(i386_addends),
    cmocka_unit_test(range_limits),
    cmocka_unit_test(shared_range_checks),
    cmocka_unit_test(byte_order_is_the_files),
    cmocka_unit_test(x86_64_veneer),
    cmocka_unit_test(the_descriptors),
};

TEST_MAIN(tests)
