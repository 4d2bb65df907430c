/* The Thumb relocator against ld.lld, and at its range limits.
 *
 * Vectors: tests/unit/vectors/thumb.sh assembles each placeholder as
 * wamrc's LLVM writes it (the addend in the field), puts one relocation on
 * it against an absolute symbol, and links with ld.lld, .text at
 * 0x08000000; "linked" is what ld.lld wrote. S carries the Thumb bit where
 * the target is Thumb code, as the rewriter gives it. */
#include "testutil.h"

#include "arch.h"
#include "bytes.h"

enum { NONE = 0, ABS32 = 2, REL32 = 3, CALL = 10, JUMP24 = 30, MOVW = 47, MOVT = 48,
       MOVW_PREL = 49, MOVT_PREL = 50, JUMP19 = 51, JUMP11 = 102, JUMP8 = 103 };

#define P0 0x08000000u

struct vec {
    uint32_t off, type;
    uint64_t S;
    const char *placeholder, *linked; /* hex bytes, file order */
};

static const struct vec vecs[] = {
    /* BL to t_near = P0 + 0x100: v = 0x08000101 - 4 - 0x08000000 = 0xfd -> BL +0xfc */
    {0x00, CALL, 0x08000101, "fff7feff", "00f07ef8"},
    /* BL at its reach: t_max = P0 + 4 + 4 + 16777214 = 0x09000006 */
    {0x04, CALL, 0x09000007, "fff7feff", "fff3ffd7"},
    /* BL at its other end: t_min = P0 + 8 + 4 - 16777216 = 0x0700000c */
    {0x08, CALL, 0x0700000d, "fff7feff", "00f400d0"},
    /* BLX from P = 0x0800000e (P % 4 == 2) to the ARM function a_func at 0x08123458:
     * offset from Align(P + 4, 4) = 0x08000010: 0x123448 */
    {0x0e, CALL, 0x08123458, "fff7feff", "23f124ea"},
    /* B.W to t_near: 0x08000101 - 4 - 0x08000012 = 0xeb -> +0xea */
    {0x12, JUMP24, 0x08000101, "fff7febf", "00f075b8"},
    /* B.W back 0x1000 */
    {0x16, JUMP24, 0x07fff01b, "fff7febf", "fff700b8"},
    /* BNE.W to t_j19 = P + 4 + 1044478 */
    {0x1a, JUMP19, 0x080ff01d, "7ff4ffaf", "7ff000a8"},
    /* MOVW r0, #:lower16:(0x2001f2a0 + 8): imm16 = 0xf2a8 */
    {0x1e, MOVW, 0x2001f2a0, "40f20800", "4ff2a820"},
    /* MOVT r0, #:upper16:(0x2001f2a0 + 8): imm16 = 0x2001 */
    {0x22, MOVT, 0x2001f2a0, "c0f20800", "c2f20100"},
    /* MOVW r1, #:lower16:(0x2001f2a0 - 0x08000026) = 0x1801f27a -> 0xf27a */
    {0x26, MOVW_PREL, 0x2001f2a0, "40f20001", "4ff27a21"},
    /* MOVT r1, #:upper16:(0x2001f2a0 - 0x0800002a) = 0x1801f276 -> 0x1801 */
    {0x2a, MOVT_PREL, 0x2001f2a0, "c0f20001", "c1f60101"},
    /* B.N at its reach backwards: -2048 */
    {0x2e, JUMP11, 0x07fff833, "fee7", "00e4"},
    /* BEQ.N at its reach forwards: +254 */
    {0x30, JUMP8, 0x08000133, "fed0", "7fd0"},
    /* .word 0x2001f2a0 + 4 */
    {0x32, ABS32, 0x2001f2a0, "04000000", "a4f20120"},
    /* .word 0x2001f2a0 - 0x08000036 */
    {0x36, REL32, 0x2001f2a0, "00000000", "6af20118"},
};

static size_t unhex(const char *s, uint8_t *out)
{
    size_t n = 0;
    for (; s[0] && s[1]; s += 2)
        out[n++] = (uint8_t)strtoul((char[3]){s[0], s[1], 0}, NULL, 16);
    return n;
}

static const struct aotx_howto *howto(uint32_t type)
{
    const struct aotx_howto *h = aotx_arch_howto(&aotx_arch_thumb, type);
    assert_non_null(h);
    return h;
}

static void matches_ld_lld(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_thumb;
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        const struct vec *v = &vecs[i];
        const struct aotx_howto *h = howto(v->type);
        uint8_t loc[4], want[4];
        size_t n = unhex(v->placeholder, loc);
        assert_int_equal(unhex(v->linked, want), n);
        assert_int_equal(n, h->size);
        uint64_t P = P0 + v->off, field;
        int64_t A = a->addend(h, loc, 0);
        int64_t val = h->expr == X_PC ? (int64_t)(v->S + (uint64_t)A - P)
                                      : (int64_t)(v->S + (uint64_t)A);
        struct aotx_range bad;
        if (a->field(h, val, P, &field, &bad))
            fail_msg("vector %zu: %lld does not fit", i, (long long)val);
        a->encode(h, loc, field, 0);
        if (memcmp(loc, want, n) != 0)
            fail_msg("vector %zu (type %u at +0x%x): got %02x%02x.., ld.lld wrote %s", i,
                     v->type, v->off, loc[0], loc[1], v->linked);
        assert_true(a->decode(h, loc, 0) == field);
    }
}

/* The addends wamrc's LLVM leaves in the fields. */
static void addends_from_placeholders(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_thumb;
    uint8_t b[4];
    unhex("fff7feff", b);
    assert_int_equal(a->addend(howto(CALL), b, 0), -4);
    unhex("7ff4ffaf", b); /* bne.w with imm11 0x7ff: -2 */
    assert_int_equal(a->addend(howto(JUMP19), b, 0), -2);
    unhex("7ff4feaf", b); /* bne.w .: -4, as LLVM writes it */
    assert_int_equal(a->addend(howto(JUMP19), b, 0), -4);
    unhex("40f20800", b);
    assert_int_equal(a->addend(howto(MOVW), b, 0), 8);
    unhex("4ff6ff70", b); /* movw r0, #0xffff: the addend is signed */
    assert_int_equal(a->addend(howto(MOVW), b, 0), -1);
    unhex("fee7", b);
    assert_int_equal(a->addend(howto(JUMP11), b, 0), -4);
    unhex("fed0", b);
    assert_int_equal(a->addend(howto(JUMP8), b, 0), -4);
    unhex("fcffffff", b);
    assert_int_equal(a->addend(howto(ABS32), b, 0), -4);
}

struct limit {
    uint32_t type;
    int64_t v;  /* the computed value, Thumb bit included */
    int ok;
    int64_t lo, hi;
    uint32_t align;
};

/* Each branch at min, min + 2, -2, 0, 2, max, and one step outside either end. */
static const struct limit limits[] = {
    {CALL, -16777216 + 1, 1, 0, 0, 0},  /* BL -2^24 */
    {CALL, -16777214 + 1, 1, 0, 0, 0},
    {CALL, -2 + 1, 1, 0, 0, 0},
    {CALL, 0 + 1, 1, 0, 0, 0},
    {CALL, 2 + 1, 1, 0, 0, 0},
    {CALL, 16777214 + 1, 1, 0, 0, 0},  /* BL 2^24 - 2 */
    {CALL, 16777216 + 1, 0, -16777216, 16777214, 2},
    {CALL, -16777218 + 1, 0, -16777216, 16777214, 2},
    {CALL, 16777212, 1, 0, 0, 0},      /* BLX: 4-aligned, up to 2^24 - 4 */
    {CALL, 16777214, 0, -16777216, 16777212, 4}, /* rounds up to 2^24: out */
    {CALL, -16777216, 1, 0, 0, 0},
    {JUMP24, 16777214 + 1, 1, 0, 0, 0},
    {JUMP24, 16777216 + 1, 0, -16777216, 16777214, 2},
    {JUMP24, -16777216 + 1, 1, 0, 0, 0},
    {JUMP24, -16777218 + 1, 0, -16777216, 16777214, 2},
    {JUMP19, 1048574 + 1, 1, 0, 0, 0},
    {JUMP19, 1048576 + 1, 0, -1048576, 1048574, 2},
    {JUMP19, -1048576 + 1, 1, 0, 0, 0},
    {JUMP19, -1048578 + 1, 0, -1048576, 1048574, 2},
    {JUMP11, 2046 + 1, 1, 0, 0, 0},
    {JUMP11, 2048 + 1, 0, -2048, 2046, 2},
    {JUMP11, -2048 + 1, 1, 0, 0, 0},
    {JUMP11, -2050 + 1, 0, -2048, 2046, 2},
    {JUMP8, 254 + 1, 1, 0, 0, 0},
    {JUMP8, 256 + 1, 0, -256, 254, 2},
    {JUMP8, -256 + 1, 1, 0, 0, 0},
    {JUMP8, -258 + 1, 0, -256, 254, 2},
};

static void range_limits(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_thumb;
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        const struct limit *l = &limits[i];
        const struct aotx_howto *h = howto(l->type);
        uint64_t field;
        struct aotx_range bad;
        int fails = a->field(h, l->v, P0, &field, &bad);
        if (fails == l->ok)
            fail_msg("limit %zu: type %u, v %lld: expected %s", i, l->type, (long long)l->v,
                     l->ok ? "to fit" : "to fail");
        if (!l->ok) {
            assert_int_equal(bad.lo, l->lo);
            assert_int_equal(bad.hi, l->hi);
            assert_int_equal(bad.align, l->align);
            assert_false(bad.state);
            continue;
        }
        /* decode(encode(field)) == field, on both backgrounds */
        for (int bg = 0; bg < 2; bg++) {
            uint8_t loc[4];
            memset(loc, bg ? 0xff : 0x00, sizeof loc);
            a->encode(h, loc, field, 0);
            assert_true(a->decode(h, loc, 0) == field);
        }
    }
}

/* B.W, B<c>.W, B.N and B<c>.N cannot enter ARM state (bit 0 of v clear). */
static void branches_that_cannot_change_state(void **state)
{
    (void)state;
    static const uint32_t types[] = {JUMP24, JUMP19, JUMP11, JUMP8};
    for (size_t i = 0; i < 4; i++) {
        uint64_t field;
        struct aotx_range bad;
        assert_int_equal(aotx_arch_thumb.field(howto(types[i]), 0x100, P0, &field, &bad), 1);
        assert_true(bad.state);
    }
}

/* What encode() must leave alone: the condition of B<c>.W, the register of
 * MOVW/MOVT, the opcode bits of every branch. */
static void bits_outside_the_field(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_thumb;
    uint8_t b[4];
    uint64_t field;
    struct aotx_range bad;
    unhex("7ff4ffaf", b); /* bne.w: cond 0001 in the upper halfword */
    assert_int_equal(a->field(howto(JUMP19), -1048576 + 1, P0, &field, &bad), 0);
    a->encode(howto(JUMP19), b, field, 0);
    assert_int_equal(bits(rd16le(b), 9, 6), 0x1);
    assert_int_equal(bits(rd16le(b), 15, 11), 0x1e);
    unhex("c0f20009", b); /* movt r9, #0 */
    a->encode(howto(MOVT), b, 0xffff, 0);
    assert_int_equal(bits(rd16le(b + 2), 11, 8), 9);
    assert_int_equal(rd16le(b) & 0xfbf0, 0xf2c0);
    unhex("fed0", b); /* beq.n */
    a->encode(howto(JUMP8), b, 0x1fe, 0);
    assert_int_equal(rd16le(b) & 0xff00, 0xd000);
}

static void the_descriptor(void **state)
{
    (void)state;
    const struct aotx_arch *a = &aotx_arch_thumb;
    for (size_t i = 1; i < a->howto_count; i++)
        assert_true(a->howtos[i - 1].type < a->howtos[i].type);
    for (size_t i = 0; i < a->howto_count; i++)
        assert_non_null(aotx_arch_reloc_name(a, a->howtos[i].type));
    assert_string_equal(aotx_arch_reloc_name(a, CALL), "R_ARM_THM_CALL");
    assert_null(aotx_arch_howto(a, 42)); /* R_ARM_PREL31: unwind tables only */
    assert_int_equal(a->abs_ptr_type, ABS32);
    assert_int_equal(a->thumb_bit, 1);
    assert_int_equal(a->plt_entry, 20); /* a stock load's PLT entry, AOT-FORMAT.md 7.5 */
    (void)NONE;
}

/* What arch strings say of the core (aotx_arm_core), and the far-call
 * veneer a Thumb module gets: the 8-byte Thumb-2 one (LDR.W) only where the
 * core surely has Thumb-2, else the 12-byte one any Thumb core runs
 * (llvm-mc refuses LDR.W for thumbv6m, thumbv8m.base, thumbv6, thumbv5te
 * and thumbv4t). */
static void cores_from_arch_strings(void **state)
{
    (void)state;
    static const struct {
        const char *arch;
        char profile;
        int thumb2;
    } cores[] = {
        {"thumbv7em", 'm', 1},      {"thumbv7m", 'm', 1},        {"thumbv6m", 'm', 0},
        {"thumbv6sm", 'm', 0},      {"thumbv8m.base", 'm', 0},   {"thumbv8m.main", 'm', 1},
        {"thumbv8.1m.main", 'm', 1}, {"thumbv7a", 'a', 1},       {"thumbv7ve", 'a', 1},
        {"thumbv8a", 'a', 1},       {"thumbv8.2a", 'a', 1},      {"thumbv7r", 'r', 1},
        {"thumbv8r", 'r', 1},       {"thumbv7", 0, 1},           {"thumbv6", 0, 0},
        {"thumbv8", 0, 0},          {"thumb", 0, 0},             {"thumbv4t", 'c', 0},
        {"thumbv5te", 'c', 0},      {"thumbv5", 'c', 0},         {"thumbv6k", 'c', 0},
        {"thumbv6t2", 'c', 1},      {"armv7", 0, 1},             {"armv7a", 'a', 1},
        {"armv7m", 'm', 1},         {"armv5te", 'c', 0},
    };
    for (size_t i = 0; i < sizeof cores / sizeof *cores; i++) {
        struct aotx_arm_core c;
        aotx_arm_core(cores[i].arch, &c);
        if (c.profile != cores[i].profile || c.thumb2 != cores[i].thumb2)
            fail_msg("%s: profile '%c', thumb2 %d; expected '%c', %d", cores[i].arch,
                     c.profile ? c.profile : '0', c.thumb2,
                     cores[i].profile ? cores[i].profile : '0', cores[i].thumb2);
        if (strncmp(cores[i].arch, "thumb", 5) != 0)
            continue;
        struct aotx_module m = {0};
        snprintf(m.target.arch, sizeof m.target.arch, "%s", cores[i].arch);
        const struct aotx_veneer *v = aotx_arch_thumb.veneer(&m);
        assert_int_equal(v->size, cores[i].thumb2 ? 8 : 12);
        assert_int_equal(v->units[0].value, cores[i].thumb2 ? 0xf8df : 0xb403);
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(matches_ld_lld),
    cmocka_unit_test(addends_from_placeholders),
    cmocka_unit_test(range_limits),
    cmocka_unit_test(branches_that_cannot_change_state),
    cmocka_unit_test(bits_outside_the_field),
    cmocka_unit_test(the_descriptor),
    cmocka_unit_test(cores_from_arch_strings),
};

TEST_MAIN(tests)
