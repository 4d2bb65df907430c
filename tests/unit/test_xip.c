/* The XIP rewrite on a real Cortex-M4 module, v6/thumbv7em/imports.aot:
 * the layout and report it gives, and every error path with its exact text.
 *
 * The module: text body at file offset 0x13c, so at base 0x08040000 the
 * literal area starts at 0x08040140, already 16-aligned: no pad, code at
 * 0x08040140. 14 relocations in .rel.text; entry 2 is a BL (R_ARM_THM_CALL,
 * LLVM's placeholder f7ff fffe, addend -4) at text+0x2c in aot_func#0
 * against symbol 2, aot_set_exception_with_id; symbol 1 is
 * .aot_stack_sizes (12 bytes), symbol 3 aot_invoke_native. */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include "bytes.h"
#include "internal.h"

#define BASE 0x08040000u
#define CODE 0x08040140u
#define BL_OFF 0x2cu

struct t {
    uint8_t *buf;
    size_t size;
    struct aotx_module *m;
    struct aotx_symmap *syms;
    struct aotx_xip_options o;
    struct aotx_diag d;
};

static int setup(void **state)
{
    struct t *t = calloc(1, sizeof *t);
    t->buf = load_data("aot/v6/thumbv7em/imports.aot", &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &t->d), AOTX_OK);
    t->syms = aotx_symmap_new();
    t->o.base = BASE;
    t->o.symbols = t->syms;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct t *t = *state;
    aotx_symmap_free(t->syms);
    aotx_module_free(t->m);
    free(t->buf);
    free(t);
    return 0;
}

static void defsym(struct t *t, const char *s)
{
    assert_int_equal(aotx_symmap_defsym(t->syms, s, &t->d), AOTX_OK);
}

static void near_natives(struct t *t)
{
    defsym(t, "aot_set_exception_with_id=0x08000101");
    defsym(t, "aot_invoke_native=0x08000201");
}

/* Another module in t, in place of the Cortex-M4 one. */
static void load_module(struct t *t, const char *rel)
{
    aotx_module_free(t->m);
    free(t->buf);
    t->buf = load_data(rel, &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &t->d), AOTX_OK);
}

/* Every native of the module at a --defsym: at + 0x40 * its index. */
static void all_natives(struct t *t, uint64_t at)
{
    for (uint32_t i = 0; i < t->m->symbol_count; i++)
        if (t->m->symbols[i].cls == AOTX_SYM_NATIVE) {
            char def[256];
            snprintf(def, sizeof def, "%s=0x%llx", t->m->symbols[i].name,
                     (unsigned long long)(at + 0x40 * i));
            defsym(t, def);
        }
}

static struct aotx_xip_image *rewrite_ok(struct t *t)
{
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(t->m, &t->o, &img, &t->d) != AOTX_OK)
        fail_msg("%s", t->d.msg);
    return img;
}

static void expect_error(struct t *t, enum aotx_err code, const char *msg)
{
    struct aotx_xip_image *img = (struct aotx_xip_image *)1;
    assert_int_equal(aotx_xip(t->m, &t->o, &img, &t->d), code);
    assert_null(img);
    assert_string_equal(t->d.msg, msg);
}

/* The target of the Thumb-2 BL/BLX at image offset at, running at addr. */
static uint64_t branch_target(const uint8_t *p, uint64_t addr, int *blx)
{
    uint16_t hi = rd16le(p), lo = rd16le(p + 2);
    uint32_t s = (hi >> 10) & 1, j1 = (lo >> 13) & 1, j2 = (lo >> 11) & 1;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    int64_t imm = sext((uint64_t)s << 24 | i1 << 23 | i2 << 22 | (uint64_t)(hi & 0x3ff) << 12 |
                           (uint64_t)(lo & 0x7ff) << 1, 25);
    *blx = !(lo & 0x1000);
    uint64_t pc = addr + 4;
    if (*blx)
        pc &= ~(uint64_t)3;
    return pc + (uint64_t)imm;
}

static void layout_and_report(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_true(img->verified);
    assert_int_equal(img->base, BASE);
    assert_int_equal(img->literal_address, BASE + 0x140);
    assert_int_equal(img->literal_pad, 0);
    assert_int_equal(img->code_address, CODE);
    assert_int_equal(img->code_size, 300);
    assert_int_equal(img->relocations, 14);
    assert_int_equal(img->func_count, 3);
    assert_int_equal(img->func_addresses[0], CODE | 1);
    assert_int_equal(img->func_addresses[1], (CODE + 0x7c) | 1);
    assert_int_equal(img->func_addresses[2], (CODE + 0xe0) | 1);
    assert_int_equal(img->veneer_count, 0);
    /* .aot_stack_sizes: after the code (300 bytes, rounded to 16) */
    assert_int_equal(img->placement_count, 1);
    assert_string_equal(img->placements[0].name, ".aot_stack_sizes");
    assert_int_equal(img->placements[0].address, CODE + 304);
    assert_int_equal(img->placements[0].size, 12);
    /* the image: the relocation section shrinks from 340 bytes to 12; the
     * code area grows by the 12 copied bytes after 4 bytes of pad */
    assert_int_equal(img->size, t->size - (340 - 12) + 16);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     0x08000100);
    assert_false(blx);
    /* MOVW/MOVT at text+4/+8 load the flash copy of .aot_stack_sizes */
    const uint8_t *mw = img->bytes + (CODE - BASE) + 4;
    uint32_t lo16 = (uint32_t)(bits(rd16le(mw), 3, 0) << 12 | bits(rd16le(mw), 10, 10) << 11 |
                               bits(rd16le(mw + 2), 14, 12) << 8 | bits(rd16le(mw + 2), 7, 0));
    assert_int_equal(lo16, (CODE + 304) & 0xffff);
    aotx_xip_free(img);
}

/* Each report symbol's uses, counted here from the relocation groups: the
 * relocations against module symbols of its name (as a pointer), all to the
 * first report symbol with that name. */
static void expect_uses(struct t *t, uint32_t want_max)
{
    struct aotx_xip_image *img = rewrite_ok(t);
    const struct aotx_module *m = t->m;
    uint32_t sum = 0, max = 0;
    for (uint32_t k = 0; k < img->symbol_count; k++) {
        const char *name = img->symbols[k].name;
        uint32_t want = 0;
        int first = 1;
        for (uint32_t k2 = 0; k2 < k; k2++)
            first &= img->symbols[k2].name != name;
        for (uint32_t g = 0; first && g < m->group_count; g++)
            for (uint32_t i = 0; i < m->groups[g].count; i++)
                want += m->symbols[m->groups[g].relocs[i].symbol].name == name;
        assert_int_equal(img->symbols[k].uses, want);
        sum += want;
        max = want > max ? want : max;
    }
    assert_int_equal(sum, 14);
    assert_int_equal(max, want_max);
    aotx_xip_free(img);
}

/* The reader's names rise in memory, which lets the report take each
 * symbol's uses in order; names copied in falling order, and two symbols
 * sharing one name, take the other way. */
static void uses_per_name_in_either_order(void **state)
{
    struct t *t = *state;
    near_natives(t);
    expect_uses(t, 6);
    char *copies = calloc(4096, 1), *at = copies + 4096;
    for (uint32_t i = 0; i < t->m->symbol_count; i++) {
        size_t n = strlen(t->m->symbols[i].name) + 1;
        assert_true((size_t)(at - copies) >= n);
        at -= n;
        memcpy(at, t->m->symbols[i].name, n);
        t->m->symbols[i].name = at;
    }
    expect_uses(t, 6);
    t->m->symbols[2].name = t->m->symbols[3].name; /* both aot_invoke_native */
    expect_uses(t, 8);
    free(copies);
}

static void output_is_reproducible(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *a = rewrite_ok(t), *b = rewrite_ok(t);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->bytes, b->bytes, a->size);
    aotx_xip_free(a);
    aotx_xip_free(b);
}

static void the_image_reads_back_as_xip(void **state)
{
    struct t *t = *state;
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    struct aotx_module *o;
    assert_int_equal(aotx_read(img->bytes, img->size, &o, &t->d), AOTX_OK);
    assert_int_equal(o->target.e_type, AOTX_ETYPE_XIP);
    assert_int_equal(o->group_count, 0);
    assert_int_equal(o->symbol_count, 0);
    assert_int_equal(o->code_offset, CODE - BASE);
    assert_int_equal(o->data_section_count, 1);
    assert_int_equal(o->data_sections[0].size, 12); /* .aot_stack_sizes stays */
    assert_int_equal(o->export_count, t->m->export_count);
    aotx_module_free(o);
    aotx_xip_free(img);
}

static void far_native_goes_through_a_veneer(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x0a000001"); /* 32 MiB away */
    defsym(t, "aot_invoke_native=0x08000201");
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->veneer_count, 1);
    assert_string_equal(img->veneers[0].target_name, "aot_set_exception_with_id");
    assert_int_equal(img->veneers[0].target, 0x0a000001);
    assert_int_equal(img->veneers[0].address, CODE + 304);
    assert_int_equal(img->veneers[0].size, 8);
    assert_int_equal(img->veneers[0].callers, 6);
    const uint8_t *v = img->bytes + (CODE - BASE) + 304;
    assert_int_equal(rd16le(v), 0xf8df); /* ldr.w pc, [pc, #0] */
    assert_int_equal(rd16le(v + 2), 0xf000);
    assert_int_equal(rd32le(v + 4), 0x0a000001);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     CODE + 304);
    assert_false(blx);
    /* the data copy moves after the veneer */
    assert_int_equal(img->placements[0].address, CODE + 304 + 16);
    aotx_xip_free(img);
}

/* A call whose addend names an offset from its symbol (here BL to
 * aot_set_exception_with_id + 8: the field holds +4, i.e. A = 8 - 4):
 * the veneer jumps to S + 8, not to S. */
static void a_veneer_keeps_the_target_offset(void **state)
{
    struct t *t = *state;
    uint8_t *bl = (uint8_t *)t->m->code + BL_OFF; /* the input buffer is ours */
    wr16le(bl, 0xf000);                           /* bl .+8: imm32 = +4 */
    wr16le(bl + 2, 0xf802);
    defsym(t, "aot_set_exception_with_id=0x0a000001");
    defsym(t, "aot_invoke_native=0x08000201");
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->veneer_count, 2);
    assert_int_equal(img->veneers[0].target, 0x0a000009);
    assert_int_equal(img->veneers[0].callers, 1);
    assert_int_equal(img->veneers[1].target, 0x0a000001);
    assert_int_equal(img->veneers[1].callers, 5);
    int blx;
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     img->veneers[0].address);
    assert_int_equal(rd32le(img->bytes + (img->veneers[0].address - BASE) + 4), 0x0a000009);
    aotx_xip_free(img);
}

/* One error per undefined native, lld's way: d says the first and how many
 * more; o.errors keeps each, with the places that reference it. */
static void undefined_symbols_one_error_each(void **state)
{
    struct t *t = *state;
    static const char first[] = "undefined symbol: 'aot_set_exception_with_id': the "
                                "firmware's symbol maps do not define it (if its linker "
                                "dropped it, keep it with "
                                "-Wl,--undefined=aot_set_exception_with_id) (and 1 more error)";
    struct aotx_xip_errors e = {0};
    expect_error(t, AOTX_E_UNSUPPORTED, first);
    t->o.errors = &e;
    expect_error(t, AOTX_E_UNSUPPORTED, first);
    assert_int_equal(e.count, 2);
    assert_int_equal(e.total, 2);
    assert_string_equal(e.lines[0],
                        "undefined symbol: 'aot_set_exception_with_id': the firmware's symbol "
                        "maps do not define it (if its linker dropped it, keep it with "
                        "-Wl,--undefined=aot_set_exception_with_id)\n"
                        ">>> referenced by text+0x2c (aot_func#0 (call_host)+0x2c)\n"
                        ">>> referenced by text+0xaa (aot_func#1 (trap_div)+0x2e)\n"
                        ">>> referenced by text+0xcc (aot_func#1 (trap_div)+0x50)\n"
                        ">>> referenced 3 more times");
    assert_string_equal(e.lines[1],
                        "undefined symbol: 'aot_invoke_native': the firmware's symbol maps do "
                        "not define it (if its linker dropped it, keep it with "
                        "-Wl,--undefined=aot_invoke_native)\n"
                        ">>> referenced by text+0x4e (aot_func#0 (call_host)+0x4e)\n"
                        ">>> referenced by text+0x64 (aot_func#0 (call_host)+0x64)");
    e.limit = 1; /* the first kept, both counted */
    expect_error(t, AOTX_E_UNSUPPORTED, first);
    assert_int_equal(e.count, 1);
    assert_int_equal(e.total, 2);
    defsym(t, "aot_invoke_native=0x08000201");
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "undefined symbol: 'aot_set_exception_with_id': the firmware's symbol maps do "
                 "not define it (if its linker dropped it, keep it with "
                 "-Wl,--undefined=aot_set_exception_with_id)");
    assert_int_equal(e.count, 1);
    assert_int_equal(e.total, 1);
    near_natives(t); /* a success leaves it empty */
    aotx_xip_free(rewrite_ok(t));
    assert_int_equal(e.count, 0);
    assert_null(e.lines);
    aotx_xip_errors_free(&e);
}

static void unknown_relocation_type(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 9999;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0 (call_host)+0x2c): "
                 "unknown relocation type 9999 for thumb code; "
                 "references 'aot_set_exception_with_id'");
}

static void known_but_unsupported_type(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 42; /* R_ARM_PREL31: unwind tables only */
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0 (call_host)+0x2c): "
                 "relocation R_ARM_PREL31 (42) is not supported for "
                 "thumb code; references 'aot_set_exception_with_id'");
}

/* B<c>.W (R_ARM_THM_JUMP19) reaches +-1 MiB and takes no veneer. The BL
 * placeholder f7ff fffe read as B<c>.W holds -4, so with the native at
 * 0x08240001: v = 0x08240001 - 4 - 0x0804016c = 2096785. */
static void out_of_range(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x08240001");
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->groups[0].relocs[2].type = 51;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0 (call_host)+0x2c): "
                 "relocation R_ARM_THM_JUMP19 out of range: 2096785 "
                 "is not in [-1048576, 1048574]; references 'aot_set_exception_with_id'");
}

static void errors_are_counted(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].type = 9999;
    t->m->groups[0].relocs[3].type = 9998;
    t->m->groups[0].relocs[4].type = 9997;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0 (call_host)+0x2c): "
                 "unknown relocation type 9999 for thumb code; "
                 "references 'aot_set_exception_with_id' (and 2 more errors)");
    struct aotx_xip_errors e = {.limit = 2};
    t->o.errors = &e;
    expect_error(t, AOTX_E_UNSUPPORTED, t->d.msg);
    assert_int_equal(e.total, 3);
    assert_int_equal(e.count, 2);
    assert_string_equal(e.lines[0], "text+0x2c (aot_func#0 (call_host)+0x2c): unknown "
                                    "relocation type 9999 for thumb code; references "
                                    "'aot_set_exception_with_id'");
    assert_string_equal(e.lines[1], "text+0x4e (aot_func#0 (call_host)+0x4e): unknown "
                                    "relocation type 9998 for thumb code; references "
                                    "'aot_invoke_native'");
    aotx_xip_errors_free(&e);
}

/* fw.elf: arm_mul is an ARM-state function at 0x08000058 (STT_FUNC, bit 0
 * clear). A Cortex-M core cannot run it at all, nor one whose arch string
 * names no profile (a bare "thumbv7", as --target=thumbv7 --cpu=cortex-m3
 * writes): it is taken as M. Thumb code of an A-profile core can: a BL to
 * it becomes BLX; a B<c>.W to it cannot change state. */
static void interworking_with_arm_state_natives(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/fw.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "arm_mul";
    static const char *const m_cores[] = {"thumbv7em", "thumbv6m", "thumbv7m", "thumbv8m.main",
                                          "thumbv8m.base", "thumbv8.1m.main"};
    for (size_t i = 0; i < sizeof m_cores / sizeof *m_cores; i++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", m_cores[i]);
        snprintf(msg, sizeof msg, "'arm_mul' (%s) is ARM-state code (a function symbol without "
                 "the Thumb bit), which a %s core cannot run: it has no ARM state", path,
                 m_cores[i]);
        expect_error(t, AOTX_E_UNSUPPORTED, msg);
    }
    static const char *const no_profile[] = {"thumbv7", "thumbv6", "thumb", "thumbv8"};
    for (size_t i = 0; i < sizeof no_profile / sizeof *no_profile; i++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", no_profile[i]);
        snprintf(msg, sizeof msg, "'arm_mul' (%s) is ARM-state code (a function symbol without "
                 "the Thumb bit), which a %s core cannot run: it has no ARM state (aot-xip "
                 "takes an arch that names no profile as M: say --arm-profile a or r if the "
                 "core is not)", path, no_profile[i]);
        expect_error(t, AOTX_E_UNSUPPORTED, msg);
    }
    /* an A-profile core, as the option or the arch string says */
    for (int stated = 0; stated < 2; stated++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, stated ? "thumbv7a" : "thumbv7");
        t->o.arm_profile = stated ? 0 : 'a';
        struct aotx_xip_image *img = rewrite_ok(t);
        int blx;
        const uint8_t *p = img->bytes + (CODE - BASE) + BL_OFF;
        assert_int_equal(branch_target(p, CODE + BL_OFF, &blx), 0x08000058);
        assert_true(blx);
        assert_int_equal(rd16le(p + 2) & 1, 0); /* BLX: H must be 0 */
        assert_int_equal(img->arm_profile, 'a');
        aotx_xip_free(img);
    }
    t->m->groups[0].relocs[2].type = 51;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x2c (aot_func#0 (call_host)+0x2c): "
                 "relocation R_ARM_THM_JUMP19 cannot change to ARM "
                 "state: 'arm_mul' is ARM code and this branch cannot switch state");
}

/* --arm-profile where the arch string says nothing; refused where it
 * contradicts it, or asks for ARM state on an M-profile core. */
static void the_arm_profile_option(void **state)
{
    struct t *t = *state;
    near_natives(t);
    static const struct {
        const char *arch;
        char told, used; /* used 0: refused with msg */
        const char *msg;
    } cases[] = {
        {"thumbv7em", 0, 'm', NULL},
        {"thumbv7em", 'm', 'm', NULL},
        {"thumbv7", 0, 'm', NULL},
        {"thumbv7", 'r', 'r', NULL},
        {"thumbv7r", 0, 'r', NULL},
        {"thumbv5te", 0, 'a', NULL},  /* before the profiles: an ARM state */
        {"thumbv5te", 'r', 'r', NULL},
        {"thumbv7em", 'a', 0, "--arm-profile a contradicts the module's arch 'thumbv7em', an "
                              "M-profile core: leave the option out"},
        {"thumbv7a", 'm', 0, "--arm-profile m contradicts the module's arch 'thumbv7a', an "
                             "A-profile core: leave the option out"},
        {"thumbv7r", 'a', 0, "--arm-profile a contradicts the module's arch 'thumbv7r', an "
                             "R-profile core: leave the option out"},
        {"thumbv5te", 'm', 0, "--arm-profile m contradicts the module's arch 'thumbv5te', a "
                              "core with an ARM state: leave the option out"},
        {"thumbv7", 'x', 0, "ARM profile 'x': expected a, r or m"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", cases[i].arch);
        t->o.arm_profile = cases[i].told;
        if (!cases[i].used) {
            expect_error(t, AOTX_E_USAGE, cases[i].msg);
            continue;
        }
        struct aotx_xip_image *img = rewrite_ok(t);
        assert_int_equal(img->arm_profile, cases[i].used);
        aotx_xip_free(img);
    }
    /* natives of an M-profile core are Thumb code */
    t->o.assume_isa = AOTX_ISA_ARM;
    t->o.arm_profile = 0;
    snprintf(t->m->target.arch, sizeof t->m->target.arch, "thumbv7em");
    expect_error(t, AOTX_E_USAGE, "--assume-isa arm: a thumbv7em core has no ARM state, its "
                                  "natives are Thumb code");
    snprintf(t->m->target.arch, sizeof t->m->target.arch, "thumbv7");
    expect_error(t, AOTX_E_USAGE, "--assume-isa arm: a thumbv7 core has no ARM state, its "
                                  "natives are Thumb code (aot-xip takes an arch that names no "
                                  "profile as M: say --arm-profile a or r if the core is not)");
    /* ARM-state code: an A- or R-profile core (or one before the profiles) */
    load_module(t, "aot/v6/armv7/imports.aot");
    all_natives(t, 0x08000000);
    t->o.arm_profile = 'm';
    expect_error(t, AOTX_E_UNSUPPORTED, "the module is ARM-state (A32) code, which an M-profile "
                                        "core cannot run: it has no ARM state (arch 'armv7', "
                                        "--arm-profile m)");
    t->o.arm_profile = 0;
    snprintf(t->m->target.arch, sizeof t->m->target.arch, "armv7m");
    expect_error(t, AOTX_E_UNSUPPORTED, "the module is ARM-state (A32) code, which an M-profile "
                                        "core cannot run: it has no ARM state (arch 'armv7m')");
    static const char *const arm_archs[] = {"armv7", "armv7", "armv5te"};
    static const char arm_told[] = {0, 'r', 0}, arm_used[] = {'a', 'r', 'a'};
    for (int i = 0; i < 3; i++) {
        snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", arm_archs[i]);
        t->o.arm_profile = arm_told[i];
        struct aotx_xip_image *img = rewrite_ok(t);
        assert_int_equal(img->arm_profile, arm_used[i]);
        aotx_xip_free(img);
    }
}

/* Other targets have no instruction-set state: the options change nothing. */
static void arm_options_elsewhere_change_nothing(void **state)
{
    struct t *t = *state;
    load_module(t, "aot/v6/x86_64/imports.aot");
    all_natives(t, 0x08000000);
    t->o.base = BASE;
    struct aotx_xip_image *a = rewrite_ok(t);
    t->o.assume_isa = AOTX_ISA_ARM;
    t->o.arm_profile = 'm';
    struct aotx_xip_image *b = rewrite_ok(t);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->bytes, b->bytes, a->size);
    assert_int_equal(b->arm_profile, 0);
    aotx_xip_free(a);
    aotx_xip_free(b);
}

/* The report symbol of name. */
static const struct aotx_xip_symbol *report_symbol(const struct aotx_xip_image *img,
                                                   const char *name)
{
    for (uint32_t i = 0; i < img->symbol_count; i++)
        if (strcmp(img->symbols[i].name, name) == 0)
            return &img->symbols[i];
    fail_msg("no symbol '%s' in the report", name);
    return NULL;
}

/* Natives at even --defsym addresses: no map tells ARM from Thumb. On a core
 * with both states, a branch to one or its address as a code pointer is
 * refused, all of them in one message, unless --assume-isa says which; on
 * an M-profile core they are Thumb. MOVT takes no Thumb bit: a native only
 * MOVT references is no refusal. */
static void unknown_instruction_set(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x08000100");
    defsym(t, "aot_invoke_native=0x08000200");
    snprintf(t->m->target.arch, sizeof t->m->target.arch, "thumbv7");
    t->o.arm_profile = 'a';
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "unknown instruction set (2): 'aot_set_exception_with_id', 'aot_invoke_native'; "
                 "the symbol maps do not say whether they are ARM or Thumb code, and the core "
                 "of this thumbv7 module has both states (ld maps and plain maps cannot say "
                 "it, nm output only with its mapping symbols, nm --special-syms; an odd "
                 "address means Thumb): give the firmware's ELF with --symbols, or say "
                 "--assume-isa arm or thumb");
    for (int isa = AOTX_ISA_ARM; isa <= AOTX_ISA_THUMB; isa++) {
        t->o.assume_isa = (enum aotx_isa)isa;
        struct aotx_xip_image *img = rewrite_ok(t);
        int blx;
        assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                         0x08000100);
        assert_int_equal(blx, isa == AOTX_ISA_ARM);
        const struct aotx_xip_symbol *s = report_symbol(img, "aot_invoke_native");
        assert_true(s->isa_assumed);
        assert_int_equal(s->thumb, isa == AOTX_ISA_THUMB);
        aotx_xip_free(img);
    }
    /* M-profile: Thumb, nothing assumed */
    t->o.assume_isa = AOTX_ISA_UNKNOWN;
    t->o.arm_profile = 0;
    struct aotx_xip_image *img = rewrite_ok(t);
    const struct aotx_xip_symbol *s = report_symbol(img, "aot_invoke_native");
    assert_true(s->thumb);
    assert_false(s->isa_assumed);
    aotx_xip_free(img);
    /* one native only MOVT references (the MOVWs moved to another symbol) */
    t->o.arm_profile = 'a';
    defsym(t, "aot_set_exception_with_id=0x08000101");
    defsym(t, "fw_table=0x20000000");
    t->m->symbols[1].name = "fw_table";
    t->m->symbols[1].cls = AOTX_SYM_NATIVE;
    struct aotx_reloc *r = t->m->groups[0].relocs;
    for (uint32_t i = 0; i < t->m->groups[0].count; i++)
        if (r[i].type == 47) /* R_ARM_THM_MOVW_ABS_NC */
            r[i].symbol = 2;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "unknown instruction set (1): 'aot_invoke_native'; the symbol maps do not say "
                 "whether it is ARM or Thumb code, and the core of this thumbv7 module has both "
                 "states (ld maps and plain maps cannot say it, nm output only with its mapping "
                 "symbols, nm --special-syms; an odd address means Thumb): give the firmware's "
                 "ELF with --symbols, or say --assume-isa arm or thumb");
    defsym(t, "aot_invoke_native=0x08000201");
    img = rewrite_ok(t);
    aotx_xip_free(img);
}

static void writable_data_cannot_live_in_flash(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->data_sections[0].name = ".data";
    t->m->symbols[1].name = ".data";
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "writable data section '.data' (12 bytes) is referenced by 6 relocations: an XIP "
                 "image cannot place writable data in flash (if the module never writes it, say "
                 "so with --assume-readonly .data)");
    /* vouched for: placed in flash like read-only data */
    static const char *const ro[] = {".data"};
    t->o.assume_readonly = ro;
    t->o.assume_readonly_count = 1;
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->placement_count, 1);
    assert_string_equal(img->placements[0].name, ".data");
    aotx_xip_free(img);
}

/* A data relocation group that patches writable data: nothing can place it. */
static void writable_data_patched_by_a_group(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->data_sections[0].name = ".data";
    t->m->groups[0].target = AOTX_PATCH_DATA;
    t->m->groups[0].data_index = 0;
    t->m->groups[0].name = ".rel.data";
    t->m->symbols[1].name = ".text";
    t->m->symbols[1].cls = AOTX_SYM_CODE;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "writable data section '.data' is patched by relocation group '.rel.data': an "
                 "XIP image cannot place writable data in flash");
}

/* .aot_stack_sizes stays in the init data, where the loader reads it: a
 * group that patches it would patch only the flash copy. */
static void a_group_patching_the_stack_sizes(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].target = AOTX_PATCH_DATA;
    t->m->groups[0].data_index = 0;
    t->m->groups[0].name = ".rel.aot_stack_sizes";
    for (uint32_t i = 0; i < t->m->groups[0].count; i++)
        t->m->groups[0].relocs[i].offset = 0;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation group '.rel.aot_stack_sizes' patches '.aot_stack_sizes', which the "
                 "loader reads from the init data, where it stays unpatched");
}

static void an_unclassified_symbol(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->symbols[2].cls = AOTX_SYM_NONE;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against 'aot_set_exception_with_id', a symbol the reader did not "
                 "classify");
}

static void gnu_ifunc_is_refused(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/ifunc.nm", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "fast_add";
    snprintf(msg, sizeof msg,
             "'fast_add' (%s) is a GNU IFUNC: its address is a resolver that returns the "
             "function, not the function; name a concrete implementation with --defsym "
             "fast_add=ADDRESS", path);
    expect_error(t, AOTX_E_UNSUPPORTED, msg);
}

/* locals-arm.elf has two LOCAL FUNC symbols 'twin' at different addresses
 * and no global one (tests/data/symbols/build.sh). */
static void ambiguous_local_symbol_is_refused(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    snprintf(path, sizeof path, "%s/symbols/locals-arm.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    defsym(t, "aot_invoke_native=0x08000201");
    t->m->symbols[2].name = "twin";
    snprintf(msg, sizeof msg, "ambiguous: 2 local symbols 'twin' in %s", path);
    expect_error(t, AOTX_E_UNSUPPORTED, msg);
    /* a local-only name with one address is used */
    t->m->symbols[2].name = "solo";
    struct aotx_xip_image *img = rewrite_ok(t);
    aotx_xip_free(img);
}

/* The symbols of a firmware for another machine, class or byte order are
 * refused before any is resolved, even where --defsym gives every native. */
static void an_elf_for_another_machine_is_refused(void **state)
{
    struct t *t = *state;
    static const struct {
        const char *file, *what;
    } other[] = {
        {"fw-x86_64.elf", "x86-64 (EM_X86_64, 64-bit, little-endian)"},
        {"fw-be.elf", "ARM (EM_ARM, 32-bit, big-endian)"},
        {"locals.elf", "MIPS (EM_MIPS, 32-bit, big-endian)"},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        char path[4096], msg[8192];
        snprintf(path, sizeof path, "%s/symbols/%s", test_data_dir, other[i].file);
        aotx_symmap_free(t->syms);
        t->o.symbols = t->syms = aotx_symmap_new();
        assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
        near_natives(t);
        snprintf(msg, sizeof msg, "'%s' is an ELF for %s, but the module is thumb code (EM_ARM, "
                 "32-bit, little-endian): the symbols come from another firmware; give the ELF "
                 "of the firmware the module will run on", path, other[i].what);
        expect_error(t, AOTX_E_FORMAT, msg);
    }
}

static void symbols_the_file_cannot_place(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->symbols[2].name = "aot_func_internal#1";
    t->m->symbols[2].cls = AOTX_SYM_AOT_FUNC_INTERNAL;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against 'aot_func_internal#1': the file does not record where that "
                 "function starts (only aot_func#N entries are listed)");
    t->m->symbols[2].name = "$CPI1_0";
    t->m->symbols[2].cls = AOTX_SYM_LOCAL_LABEL;
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "relocation against '$CPI1_0': wamrc leaves MIPS constant-pool labels "
                 "unconverted, so the module's floating-point constants cannot be placed (the "
                 "stock WAMR loader cannot load this file either)");
}

static void bad_base_addresses(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0xfff00001"); /* in reach from the top of memory */
    defsym(t, "aot_invoke_native=0xfff00101");
    t->o.base = BASE + 2;
    expect_error(t, AOTX_E_USAGE,
                 "base address 0x8040002 is not a multiple of 4 (the WAMR loader reads the image "
                 "as 4-byte aligned data)");
    t->o.base = 0x100000000ull;
    expect_error(t, AOTX_E_USAGE,
                 "base address 0x100000000 is outside the 32-bit address space of thumb code");
    /* code at base + 0x140; 300 bytes, rounded to 304, then the 12-byte
     * .aot_stack_sizes copy: they end at base + 0x140 + 316 */
    t->o.base = 0xfffffe00u;
    expect_error(t, AOTX_E_UNSUPPORTED, "the image does not fit: code and data end at "
                                        "0x10000007c");
    t->o.base = 0xfffffd00u; /* they fit, but the sections after them do not */
    expect_error(t, AOTX_E_UNSUPPORTED, "the image (808 bytes) does not fit in the 32-bit "
                                        "address space at base 0xfffffd00");
}

static void a_native_outside_the_address_space(void **state)
{
    struct t *t = *state;
    defsym(t, "aot_set_exception_with_id=0x100000001");
    defsym(t, "aot_invoke_native=0x08000201");
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "symbol 'aot_set_exception_with_id' = 0x100000000 (from --defsym) is outside the "
                 "32-bit address space");
}

static void relocation_past_its_section(void **state)
{
    struct t *t = *state;
    near_natives(t);
    t->m->groups[0].relocs[2].offset = 298; /* a 4-byte BL at the last 2 bytes of 300 */
    expect_error(t, AOTX_E_UNSUPPORTED,
                 "text+0x12a (aot_func#2 (trap_unreachable)+0x4a): "
                 "relocation R_ARM_THM_CALL patches 4 bytes, past "
                 "the end of the section (0x12c bytes)");
}

/* A branch to a section (.text, .literal, a data section) stays in the
 * module's state, as ld.lld's: on Thumb code a BL, never a BLX, which a
 * Cortex-M core cannot run (v6-M has none); B.W and B<c>.W take it. Here
 * the calls to aot_set_exception_with_id (BL placeholders: A = -4) are
 * made calls to the section's start; the one at BL_OFF takes each type. */
static void branches_to_sections_keep_the_module_state(void **state)
{
    struct t *t = *state;
    near_natives(t);
    static const struct {
        enum aotx_sym_class cls;
        const char *name;
        uint64_t at;
    } secs[] = {{AOTX_SYM_CODE, ".text", CODE},
                {AOTX_SYM_LITERAL, ".literal", BASE + 0x140}, /* empty: at the code */
                {AOTX_SYM_DATA, ".aot_stack_sizes", CODE + 304}};
    static const char *const archs[] = {"thumbv7em", "thumbv6m", "thumbv7a"};
    static const uint32_t types[] = {10, 30, 51}; /* THM_CALL, THM_JUMP24, THM_JUMP19 */
    const uint16_t bl_hi = rd16le(t->m->code + BL_OFF), bl_lo = rd16le(t->m->code + BL_OFF + 2);
    for (size_t a = 0; a < sizeof archs / sizeof *archs; a++)
        for (size_t k = 0; k < sizeof secs / sizeof *secs; k++)
            for (size_t y = 0; y < sizeof types / sizeof *types; y++) {
                snprintf(t->m->target.arch, sizeof t->m->target.arch, "%s", archs[a]);
                t->m->symbols[2] = (struct aotx_symbol){secs[k].name, secs[k].cls, 0};
                t->m->groups[0].relocs[2].type = types[y];
                /* B<c>.W at BL_OFF for JUMP19 (beq.w .+0: A = -4), else the BL: verification
                 * reads the instruction there, and a JUMP19 in a BL is still a BL */
                uint8_t *at = (uint8_t *)t->m->code + BL_OFF; /* the input buffer is ours */
                wr16le(at, types[y] == 51 ? 0xf43f : bl_hi);
                wr16le(at + 2, types[y] == 51 ? 0xaffe : bl_lo);
                struct aotx_xip_image *img = rewrite_ok(t);
                int blx;
                const uint8_t *p = img->bytes + (CODE - BASE);
                assert_int_equal(branch_target(p + 0xaa, CODE + 0xaa, &blx), secs[k].at);
                assert_false(blx);
                if (types[y] != 51) { /* branch_target() reads BL and B.W */
                    assert_int_equal(branch_target(p + BL_OFF, CODE + BL_OFF, &blx),
                                     secs[k].at);
                    assert_false(blx);
                }
                aotx_xip_free(img);
            }
}

/* Instruction fields at offsets their instructions cannot start at; data
 * words keep no such rule. */
static void misaligned_relocations(void **state)
{
    struct t *t = *state;
    static const struct {
        const char *rel;
        uint32_t k;
        uint64_t off;
        int no_rvc;
        const char *msg;
    } cases[] = {
        {"aot/v6/thumbv7em/imports.aot", 2, 0x2d, 0,
         "text+0x2d (aot_func#0 (call_host)+0x2d): "
         "relocation R_ARM_THM_CALL at a misaligned offset: a "
         "Thumb instruction is 2-byte aligned"},
        {"aot/v6/armv7/imports.aot", 2, 0x32, 0,
         "text+0x32 (aot_func#0 (call_host)+0x32): "
         "relocation R_ARM_CALL at a misaligned offset: an A32 "
         "instruction is 4-byte aligned"},
        {"aot/v6/aarch64/imports.aot", 0, 0x2e, 0,
         "text+0x2e (aot_func#0 (call_host)+0x2e): "
         "relocation R_AARCH64_CALL26 at a misaligned offset: an "
         "AArch64 instruction is 4-byte aligned"},
        {"aot/v6/mips/imports.aot", 2, 0x36, 0,
         "text+0x36 (aot_func#0 (call_host)+0x36): "
         "relocation R_MIPS_26 at a misaligned offset: a MIPS "
         "instruction is 4-byte aligned"},
        {"aot/v6/riscv32/imports.aot", 2, 0x2b, 0,
         "text+0x2b (aot_func#0 (call_host)+0x2b): "
         "relocation R_RISCV_CALL_PLT at a misaligned offset: a "
         "RISC-V instruction is 2-byte aligned"},
        {"aot/v6/riscv32/imports.aot", 2, 0x2a, 1,
         "text+0x2a (aot_func#0 (call_host)+0x2a): "
         "relocation R_RISCV_CALL_PLT at a misaligned offset: a "
         "RISC-V instruction is 4-byte aligned without the C extension (e_flags 0x0) (and 5 "
         "more errors)"}, /* the file's compressed code: 5 more at 2 mod 4 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        load_module(t, cases[i].rel);
        all_natives(t, 0x08000000);
        t->o.assume_isa = strstr(cases[i].rel, "armv7") ? AOTX_ISA_ARM : AOTX_ISA_UNKNOWN;
        if (cases[i].no_rvc)
            t->m->target.e_flags &= ~1u;
        t->m->groups[0].relocs[cases[i].k].offset = cases[i].off;
        expect_error(t, AOTX_E_UNSUPPORTED, cases[i].msg);
    }
    /* a word of data (R_ARM_ABS32 in place of a MOVW) at an odd offset */
    load_module(t, "aot/v6/thumbv7em/imports.aot");
    near_natives(t);
    t->o.assume_isa = AOTX_ISA_UNKNOWN;
    t->m->groups[0].relocs[0].type = 2;
    t->m->groups[0].relocs[0].offset = 1;
    aotx_xip_free(rewrite_ok(t));
}

/* in (n bytes) with the raw custom section "aot-xip" of content c after it,
 * as a new module (its bytes in *file, to free after it) */
static struct aotx_module *with_section(const uint8_t *in, size_t n, const struct aotx_module *m,
                                        const char *c, uint32_t c_size, uint8_t **file)
{
    struct aotx_custom sec = {.kind = AOTX_CUSTOM_RAW, .raw_name = "aot-xip",
                              .raw_content = (const uint8_t *)c, .raw_content_size = c_size};
    struct aotx_module *out;
    struct aotx_diag d;
    uint8_t *tail;
    size_t tail_size;
    assert_int_equal(aotx_custom_tail(n, m->layout, m->target.e_type, &sec, &tail, &tail_size,
                                      &d), AOTX_OK);
    *file = malloc(n + tail_size);
    assert_non_null(*file);
    memcpy(*file, in, n);
    memcpy(*file + n, tail, tail_size);
    free(tail);
    assert_int_equal(aotx_read(*file, n + tail_size, &out, &d), AOTX_OK);
    return out;
}

/* An image aot-xip wrote is no input, stamped or not: its code points at
 * its base. wamrc's output is one, with a section of the stamp's name (a
 * wasm module's own) or flagged XIP with its relocations (wamrc --xip). */
static void relocated_images_are_refused(void **state)
{
    struct t *t = *state;
    struct aotx_module *m = t->m;
    uint8_t *file;
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(aotx_read(img->bytes, img->size, &t->m, &t->d), AOTX_OK);
    expect_error(t, AOTX_E_UNSUPPORTED, "already relocated: an XIP image (e_type 4) with no "
                 "relocations left, whose code points at the addresses it was made for; start "
                 "from wamrc's output");
    aotx_module_free(t->m);
    /* as the tool writes it: a stamp after it, whose first word is its version */
    t->m = with_section(img->bytes, img->size, m, "\3\0\0\0", 4, &file);
    expect_error(t, AOTX_E_UNSUPPORTED, "already relocated: the file carries an \"aot-xip\" "
                 "stamp (aot-xip wrote it), and its code points at the base it was made for; "
                 "start from wamrc's output");
    aotx_module_free(t->m);
    free(file);
    aotx_xip_free(img);
    t->m = with_section(t->buf, t->size, m, "not a stamp", 11, &file);
    aotx_xip_free(rewrite_ok(t));
    aotx_module_free(t->m);
    free(file);
    t->m = m;
    t->m->target.e_type = AOTX_ETYPE_XIP;
    aotx_xip_free(rewrite_ok(t));
}

/* x86 is little-endian: a file flagged big-endian is damaged. */
static void x86_flagged_big_endian(void **state)
{
    struct t *t = *state;
    static const char *const rel[2] = {"aot/v6/x86_64/imports.aot", "aot/v6/i386/imports.aot"};
    static const char *const msg[2] = {
        "x86_64 code is little-endian, but the target info says big-endian (bin_type 0x3): the "
        "file is damaged, or not wamrc's",
        "i386 code is little-endian, but the target info says big-endian (bin_type 0x1): the "
        "file is damaged, or not wamrc's"};
    for (int i = 0; i < 2; i++) {
        load_module(t, rel[i]);
        all_natives(t, 0x08000000);
        t->m->target.bin_type |= AOTX_BIN_BIG_ENDIAN;
        expect_error(t, AOTX_E_FORMAT, msg[i]);
    }
}

/* Legal but suspicious: one line each in img->warnings, in a fixed order
 * (options, calls, addresses). fw.elf's table is an object (STT_OBJECT). */
static void suspicious_but_legal(void **state)
{
    struct t *t = *state;
    char path[4096], msg[8192];
    near_natives(t);
    struct aotx_xip_image *img = rewrite_ok(t);
    assert_int_equal(img->warning_count, 0);
    aotx_xip_free(img);
    snprintf(path, sizeof path, "%s/symbols/fw.elf", test_data_dir);
    assert_int_equal(aotx_symmap_load_file(t->syms, path, AOTX_SYMMAP_AUTO, &t->d), AOTX_OK);
    t->m->symbols[2].name = "table";
    defsym(t, "aot_invoke_native=0");
    static const char *const ro[] = {".sdata", ".aot_stack_sizes"};
    t->o.assume_readonly = ro;
    t->o.assume_readonly_count = 2;
    img = rewrite_ok(t);
    assert_int_equal(img->warning_count, 3);
    assert_string_equal(img->warnings[0], "--assume-readonly names '.sdata', which is no data "
                                          "section of this module");
    snprintf(msg, sizeof msg, "'table' (from %s) is no function in the symbol map (data, or of "
             "no type), but text+0x2c (aot_func#0 (call_host)+0x2c) "
             "calls it (relocation R_ARM_THM_CALL)",
             path);
    assert_string_equal(img->warnings[1], msg);
    assert_string_equal(img->warnings[2], "'aot_invoke_native' (from --defsym) is at address 0: "
                                          "a weak symbol the firmware does not define? a call to "
                                          "it jumps to 0");
    int blx; /* a call to data stays in Thumb state */
    assert_int_equal(branch_target(img->bytes + (CODE - BASE) + BL_OFF, CODE + BL_OFF, &blx),
                     0x0800009c);
    assert_false(blx);
    aotx_xip_free(img);
    t->o.assume_readonly_count = 0;
    defsym(t, "aot_invoke_native=0x08040101");
    img = rewrite_ok(t);
    assert_int_equal(img->warning_count, 2);
    assert_string_equal(img->warnings[1], "'aot_invoke_native' = 0x8040100 (from --defsym) lies "
                                          "inside this image (0x8040000..0x8040328): a stale map, "
                                          "or an image region that overlaps the firmware");
    aotx_xip_free(img);
}

/* The code starts at a multiple of o.code_align, 64 by default: the
 * literal area (empty here) grows to get there. At base 0x08040010 it
 * starts at 0x08040150. */
static void code_alignment(void **state)
{
    struct t *t = *state;
    near_natives(t);
    static const struct { uint32_t align, pad; } cases[] = {
        {0, 0x30}, {16, 0}, {32, 0x10}, {64, 0x30}, {128, 0x30}, {4096, 0xeb0}};
    t->o.base = BASE + 0x10;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t->o.code_align = cases[i].align;
        struct aotx_xip_image *img = rewrite_ok(t);
        uint64_t code = BASE + 0x150 + cases[i].pad;
        assert_true(img->verified);
        assert_int_equal(img->literal_address, BASE + 0x150);
        assert_int_equal(img->literal_pad, cases[i].pad);
        assert_int_equal(img->code_address, code);
        assert_int_equal(img->func_addresses[1], (code + 0x7c) | 1);
        /* the literal size at the text body (file offset 0x13c) counts the pad */
        assert_int_equal(rd32le(img->bytes + 0x13c), cases[i].pad);
        int blx;
        assert_int_equal(branch_target(img->bytes + (code - t->o.base) + BL_OFF, code + BL_OFF,
                                       &blx), 0x08000100);
        aotx_xip_free(img);
    }
    static const uint32_t bad[] = {8, 48, 8192, 0x80000000u};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[80];
        t->o.code_align = bad[i];
        snprintf(msg, sizeof msg, "code alignment %u is not a power of two from 16 to 4096",
                 bad[i]);
        expect_error(t, AOTX_E_USAGE, msg);
    }
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
static const struct CMUnitTest tests[] = {
    T(layout_and_report),
    T(uses_per_name_in_either_order),
    T(output_is_reproducible),
    T(the_image_reads_back_as_xip),
    T(far_native_goes_through_a_veneer),
    T(a_veneer_keeps_the_target_offset),
    T(undefined_symbols_one_error_each),
    T(unknown_relocation_type),
    T(known_but_unsupported_type),
    T(out_of_range),
    T(errors_are_counted),
    T(interworking_with_arm_state_natives),
    T(the_arm_profile_option),
    T(arm_options_elsewhere_change_nothing),
    T(unknown_instruction_set),
    T(branches_to_sections_keep_the_module_state),
    T(misaligned_relocations),
    T(relocated_images_are_refused),
    T(x86_flagged_big_endian),
    T(suspicious_but_legal),
    T(writable_data_cannot_live_in_flash),
    T(writable_data_patched_by_a_group),
    T(a_group_patching_the_stack_sizes),
    T(an_unclassified_symbol),
    T(gnu_ifunc_is_refused),
    T(ambiguous_local_symbol_is_refused),
    T(an_elf_for_another_machine_is_refused),
    T(symbols_the_file_cannot_place),
    T(bad_base_addresses),
    T(a_native_outside_the_address_space),
    T(relocation_past_its_section),
    T(code_alignment),
};

TEST_MAIN(tests)
