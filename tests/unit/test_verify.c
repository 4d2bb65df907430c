/* Verification's refusals: src/xip.c built into this test with a hook that
 * damages the image between writing and verifying, one way per test, on
 * v6/thumbv7em/imports.aot (the module of test_xip.c: code at image offset
 * 0x140, a BL at text+0x2c, the copy of .aot_stack_sizes at code+304), and
 * with natives far, its veneers, x86_64's GOT slots, and in natives-table
 * mode its calls to the table's entries. A rewrite whose
 * image is damaged must fail with the verification's own message and give
 * no image. A relocator with a deliberate mistake in one type's formula,
 * run over every bundled fixture, must have every image it changes
 * refused. And 200,000 far targets get a veneer each, in order. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <dirent.h>
#include <time.h>

#include "testutil.h"

#include "bytes.h"

static void (*damage)(struct aotx_xip_image *img);
struct xctx;
/* the same, with the rewrite's state: x is aotx_xip()'s own */
static void (*damage_x)(const struct xctx *x, struct aotx_xip_image *img);
#define AOTX_XIP_BEFORE_VERIFY(x, img)                                                     \
    do {                                                                                   \
        if (damage)                                                                        \
            damage(img);                                                                   \
        if (damage_x)                                                                      \
            damage_x(x, img);                                                              \
    } while (0)
#include "../../src/xip.c"

#define BASE 0x08040000u
#define CODE_OFF 0x140u

static void expect_refusal(void (*how)(struct aotx_xip_image *), const char *msg)
{
    size_t size;
    uint8_t *buf = load_data("aot/v6/thumbv7em/imports.aot", &size);
    struct aotx_module *m = NULL;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    struct aotx_symmap *syms = aotx_symmap_new();
    assert_int_equal(aotx_symmap_defsym(syms, "aot_set_exception_with_id=0x08000101", &d),
                     AOTX_OK);
    assert_int_equal(aotx_symmap_defsym(syms, "aot_invoke_native=0x08000201", &d), AOTX_OK);
    struct aotx_xip_options o = {.base = BASE, .symbols = syms};
    struct aotx_xip_image *img = NULL;

    damage = NULL; /* undamaged, it verifies */
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_OK);
    assert_true(img->verified);
    aotx_xip_free(img);

    damage = how;
    img = (struct aotx_xip_image *)1;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_FORMAT);
    assert_null(img);
    assert_string_equal(d.msg, msg);
    damage = NULL;
    aotx_symmap_free(syms);
    aotx_module_free(m);
    free(buf);
}

/* The BL's second halfword: bit 0 of imm11, the branch lands 2 bytes on
 * (it reads back as 2 more than the call's S + A - P). */
static void bl_moved(struct aotx_xip_image *img) { img->bytes[CODE_OFF + 0x2c + 2] ^= 0x01; }

static void patched_field_changed(void **state)
{
    (void)state;
    expect_refusal(bl_moved, "verify: text+0x2c (aot_func#0 (call_host)+0x2c): "
                             "relocation R_ARM_THM_CALL "
                             "reads back as -262254 (Thumb), expected -262256 (Thumb); "
                             "references 'aot_set_exception_with_id'");
}

/* text+0: the first function's first instruction, which no relocation patches */
static void prologue_changed(struct aotx_xip_image *img) { img->bytes[CODE_OFF] ^= 0x80; }

static void unpatched_byte_changed(void **state)
{
    (void)state;
    expect_refusal(prologue_changed, "verify: code byte text+0x0 changed (0x00, was 0x80) "
                                      "though no relocation patches it");
}

/* the first byte of the flash copy of .aot_stack_sizes */
static void copy_changed(struct aotx_xip_image *img) { img->bytes[CODE_OFF + 304] ^= 0xff; }

static void data_copy_changed(void **state)
{
    (void)state;
    expect_refusal(copy_changed, "verify: byte 0x0 of the copy of '.aot_stack_sizes' differs "
                                 "from the input");
}

/* The BL's second halfword with bit 15 clear: no 32-bit branch any more. */
static void bl_undone(struct aotx_xip_image *img) { img->bytes[CODE_OFF + 0x2c + 3] ^= 0x80; }

static void branch_no_more(void **state)
{
    (void)state;
    expect_refusal(bl_undone, "verify: text+0x2c (aot_func#0 (call_host)+0x2c): "
                              "relocation R_ARM_THM_CALL: "
                              "the image does not hold a 32-bit branch there; references "
                              "'aot_set_exception_with_id'");
}

/* the target info's e_type (magic, version, section id and size, bin_type,
 * abi_type: offset 20), back to a relocatable object's 1 */
static void not_xip(struct aotx_xip_image *img) { wr16le(img->bytes + 20, 1); }

static void e_type_changed(void **state)
{
    (void)state;
    expect_refusal(not_xip, "verify: e_type is 1, not 4");
}

/* A firmware map for every native the module references, at made-up
 * addresses near the image or far from it (calls through veneers; Thumb
 * functions with bit 0 set). */
static struct aotx_symmap *natives_of(const struct aotx_module *m, int far)
{
    struct aotx_symmap *syms = aotx_symmap_new();
    struct aotx_diag d = {0};
    int thumb = m->arch && m->arch->code_thumb;
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    assert_non_null(syms);
    for (uint32_t i = 0; i < m->symbol_count; i++)
        if (m->symbols[i].cls == AOTX_SYM_NATIVE) {
            char def[300];
            unsigned long long at = wide ? far ? 0x4000001000ull : 0x40001000ull
                                         : far ? 0x60001000ull : 0x08001000ull;
            snprintf(def, sizeof def, "%s=0x%llx", m->symbols[i].name,
                     at + 0x40ull * i + (unsigned)thumb);
            if (aotx_symmap_defsym(syms, def, &d) != AOTX_OK)
                fail_msg("%s", d.msg);
        }
    return syms;
}

/* Natives-table mode at this address for expect_refused (0: direct). */
static uint64_t table_at;
/* expect_refused's options, for a hook to change */
static struct aotx_xip_options *expect_options;

/* rel, natives far (calls go through veneers; with retype, relocations of
 * type retype[0] given type retype[1] first), its image damaged by how
 * before it is verified: refused with msg. With table_at, in natives-table
 * mode. */
static void expect_refused(const char *rel, const uint32_t *retype,
                           void (*how)(const struct xctx *x, struct aotx_xip_image *img),
                           const char *msg)
{
    size_t size;
    uint8_t *buf = load_data(rel, &size);
    struct aotx_module *m = NULL;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    for (uint32_t j = 0; retype && j < m->groups[0].count; j++)
        if (m->groups[0].relocs[j].type == retype[0])
            m->groups[0].relocs[j].type = retype[1];
    struct aotx_symmap *syms = natives_of(m, 1);
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    struct aotx_xip_options o = {.base = wide ? 0x40000000u : BASE, .symbols = syms};
    o.natives_table_mode = table_at != 0, o.natives_table = table_at;
    expect_options = &o;
    struct aotx_xip_image *img = (struct aotx_xip_image *)1;
    damage_x = how;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_FORMAT);
    assert_string_equal(d.msg, msg);
    assert_null(img);
    damage_x = NULL;
    aotx_symmap_free(syms);
    aotx_module_free(m);
    free(buf);
}

static uint8_t *code_in(const struct xctx *x, struct aotx_xip_image *img)
{
    return img->bytes + (x->code_addr - x->o->base);
}

/* the first veneer's target slot, its instruction, the first GOT slot */
static void veneer_slot_changed(const struct xctx *x, struct aotx_xip_image *img)
{
    code_in(x, img)[x->veneers[0].off + x->vt->reloc_offset] ^= 0x10;
}

static void veneer_code_changed(const struct xctx *x, struct aotx_xip_image *img)
{
    code_in(x, img)[x->veneers[0].off] ^= 0x01;
}

static void got_slot_changed(const struct xctx *x, struct aotx_xip_image *img)
{
    code_in(x, img)[x->got_off] ^= 0x10;
}

static void veneer_changed(void **state)
{
    (void)state;
    expect_refused("aot/v6/thumbv7em/imports.aot", NULL, veneer_slot_changed,
                   "verify: text+0x2c (aot_func#0 (call_host)+0x2c): "
                   "relocation R_ARM_THM_CALL goes through "
                   "the veneer at 0x8040270, whose target reads back as 0x60001091, expected "
                   "0x60001081; references 'aot_set_exception_with_id'");
    expect_refused("aot/v6/thumbv7em/imports.aot", NULL, veneer_code_changed,
                   "verify: the veneer at 0x8040270 (for 'aot_set_exception_with_id') differs "
                   "from its template at byte 0");
}

static void got_slot_changed_refused(void **state)
{
    (void)state;
    expect_refused("aot/v6/x86_64/imports.aot", (const uint32_t[]){4, 9}, got_slot_changed,
                   "verify: the GOT slot at 0x40000200 reads back as 0x4000001050, expected "
                   "0x4000001040, the address of 'aot_invoke_native'");
}

/* Natives-table mode: the BL at text+0x2c to the entry of
 * 'aot_set_exception_with_id', its first byte */
static void table_call_changed(const struct xctx *x, struct aotx_xip_image *img)
{
    code_in(x, img)[0x2c] ^= 0x04;
}

/* The table moved under the resolved addresses: as a resolver that put
 * each native at another slot's entry, with fields to match */
static void table_moved(const struct xctx *x, struct aotx_xip_image *img)
{
    (void)img;
    expect_options->natives_table = x->o->natives_table + 16;
}

static void table_entry_changed(void **state)
{
    (void)state;
    const char *rel = "aot/v6/thumbv7em/imports.aot";
    table_at = 0x08001000;
    expect_refused(rel, NULL, table_call_changed, "verify: text+0x2c (aot_func#0 (call_host)"
                   "+0x2c): relocation R_ARM_THM_CALL reads back as -242024 (Thumb), expected "
                   "-258408 (Thumb); references 'aot_set_exception_with_id'");
    expect_refused(rel, NULL, table_moved, "verify: 'aot_set_exception_with_id' resolved to "
                   "0x8001008 (Thumb), not to its natives-table entry at 0x8001018 (slot 0)");
    table_at = 0;
}

/* A relocator that cannot read a type back: nothing is verified, and the
 * image is refused (but with --no-verify). */
static void type_without_a_rule(void **state)
{
    (void)state;
    size_t size;
    uint8_t *buf = load_data("aot/v6/thumbv7em/imports.aot", &size);
    struct aotx_module *m = NULL;
    struct aotx_diag d = {0};
    struct aotx_xip_image *img = NULL;
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    struct aotx_arch a = *m->arch;
    struct aotx_readback rb = *a.readback;
    rb.sem_count = 0;
    a.readback = &rb;
    m->arch = &a;
    struct aotx_symmap *syms = natives_of(m, 0);
    struct aotx_xip_options o = {.base = BASE, .symbols = syms};
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_FORMAT);
    assert_string_equal(d.msg, "verify: aot-xip has no rule to read relocation "
                               "R_ARM_THM_MOVW_ABS_NC back for thumb code, so it cannot verify "
                               "the image (a bug in aot-xip; --no-verify skips verification)");
    o.no_verify = 1;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_OK);
    aotx_xip_free(img);
    m->arch = &aotx_arch_thumb;
    aotx_symmap_free(syms);
    aotx_module_free(m);
    free(buf);
}

/* ---- a wrong formula is caught ---- */

/* One deliberate mistake in a relocator: its field() gets v + delta for the
 * types named, as if the formula or field() were wrong for them. */
static const struct mutation {
    const struct aotx_arch *arch;
    uint32_t types[3];
    int64_t delta;
    /* the exact refusal for one fixture, natives near */
    const char *rel, *msg;
} *mutation;

static int mutated_field(const struct aotx_howto *h, int64_t v, uint64_t P, uint64_t *out,
                         struct aotx_range *bad)
{
    for (int k = 0; k < 3; k++)
        if (mutation->types[k] && h->type == mutation->types[k])
            v += mutation->delta;
    return mutation->arch->field(h, v, P, out, bad);
}

static unsigned mutated_images; /* of fixtures whose image the mistake changes */
static int exact_seen;          /* mutation->rel's refusal was compared */

/* rel rewritten with the mistake: where it changes the image, verification
 * refuses it, naming a relocation of a mistaken type (and for mutation->rel
 * exactly as msg says); where it changes nothing, the image verifies. */
static void mutation_caught(const char *rel, int far)
{
    size_t size;
    uint8_t *buf = load_data(rel, &size);
    struct aotx_module *m = NULL;
    struct aotx_diag d = {0};
    struct aotx_xip_image *ref = NULL, *nv = NULL, *img = (struct aotx_xip_image *)1;
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    struct aotx_symmap *syms = natives_of(m, far);
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    struct aotx_xip_options o = {.base = wide ? 0x40000000u : BASE, .symbols = syms,
                                 .assume_readonly = (const char *[]){".sdata"},
                                 .assume_readonly_count = 1};
    struct aotx_arch wrong = *mutation->arch;
    wrong.field = mutated_field;
    if (m->arch != mutation->arch || aotx_xip(m, &o, &ref, &d) != AOTX_OK)
        goto done; /* another target's, or one no rewrite takes (MIPS $CPI) */
    m->arch = &wrong;
    o.no_verify = 1;
    if (aotx_xip(m, &o, &nv, &d) != AOTX_OK)
        goto done; /* the mistake put a value out of range: refused, if not by verifying */
    o.no_verify = 0;
    enum aotx_err e = aotx_xip(m, &o, &img, &d);
    if (nv->size == ref->size && !memcmp(nv->bytes, ref->bytes, ref->size)) {
        assert_int_equal(e, AOTX_OK); /* nothing of it changed */
        goto done;
    }
    mutated_images++;
    if (e != AOTX_E_FORMAT)
        fail_msg("%s (natives %s): a wrong image passed (%d: %s)", rel, far ? "far" : "near", e,
                 d.msg);
    assert_null(img);
    int named = 0; /* a relocation of a mistaken type is the one refused */
    for (int k = 0; k < 3 && mutation->types[k]; k++) {
        char said[80];
        snprintf(said, sizeof said, ": relocation %s reads back as ",
                 aotx_arch_reloc_name(mutation->arch, mutation->types[k]));
        named |= strstr(d.msg, said) != NULL;
    }
    if (strncmp(d.msg, "verify: ", 8) || !named)
        fail_msg("%s: %s", rel, d.msg);
    if (!strcmp(rel, mutation->rel) && !far) {
        assert_string_equal(d.msg, mutation->msg);
        exact_seen = 1;
    }
done:
    if (img != (struct aotx_xip_image *)1)
        aotx_xip_free(img);
    aotx_xip_free(nv);
    aotx_xip_free(ref);
    aotx_symmap_free(syms);
    m->arch = mutation->arch;
    aotx_module_free(m);
    free(buf);
}

/* fn(rel, far) for every bundled .aot, natives near and far. */
static void each_fixture(void (*fn)(const char *rel, int far))
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/aot", test_data_dir);
    DIR *versions = opendir(dir);
    assert_non_null(versions);
    for (struct dirent *v; (v = readdir(versions));) {
        char vdir[4096 + 256];
        snprintf(vdir, sizeof vdir, "%s/%s", dir, v->d_name);
        DIR *targets = v->d_name[0] == '.' ? NULL : opendir(vdir);
        for (struct dirent *t; targets && (t = readdir(targets));) {
            char tdir[8192];
            snprintf(tdir, sizeof tdir, "%s/%s", vdir, t->d_name);
            DIR *files = t->d_name[0] == '.' ? NULL : opendir(tdir);
            for (struct dirent *f; files && (f = readdir(files));) {
                size_t n = strlen(f->d_name);
                char rel[1024];
                if (n < 4 || strcmp(f->d_name + n - 4, ".aot"))
                    continue;
                snprintf(rel, sizeof rel, "aot/%s/%s/%s", v->d_name, t->d_name, f->d_name);
                fn(rel, 0);
                fn(rel, 1);
            }
            if (files)
                closedir(files);
        }
        if (targets)
            closedir(targets);
    }
    closedir(versions);
}

static void expect_caught(const struct mutation *mu)
{
    mutation = mu;
    mutated_images = 0;
    exact_seen = 0;
    each_fixture(mutation_caught);
    if (!mutated_images || !exact_seen)
        fail_msg("the mistake changed %u images, and not %s's", mutated_images, mu->rel);
    mutation = NULL;
}

/* Thumb: a BL's offset from v + 2 (a 2-byte slip in the formula or field()). */
static void wrong_thumb_call_caught(void **state)
{
    (void)state;
    expect_caught(&(struct mutation){
        &aotx_arch_thumb, {10 /* R_ARM_THM_CALL */}, 2, "aot/v6/thumbv7em/imports.aot",
        "verify: text+0x2c (aot_func#0 (call_host)+0x2c): "
        "relocation R_ARM_THM_CALL reads back as -258286 "
        "(Thumb), expected -258288 (Thumb); references 'aot_set_exception_with_id'"});
}

/* RISC-V: %hi without its rounding, (v + 0x800) >> 12 taken as v >> 12. */
static void wrong_riscv_hi20_caught(void **state)
{
    (void)state;
    expect_caught(&(struct mutation){
        &aotx_arch_riscv32, {26 /* R_RISCV_HI20 */, 23 /* PCREL_HI20 */, 20 /* GOT_HI20 */},
        -0x800, "aot/v6/riscv32/float.aot",
        "verify: text+0x4 (aot_func#0 (poly)+0x4): "
        "relocation R_RISCV_HI20 reads back as 0x8040000, "
        "expected 0x8041000; references '.aot_stack_sizes'"});
}

/* AArch64: ADRP one page off. */
static void wrong_a64_adrp_caught(void **state)
{
    (void)state;
    expect_caught(&(struct mutation){
        &aotx_arch_aarch64, {275 /* R_AARCH64_ADR_PREL_PG_HI21 */}, 4096,
        "aot/v6/aarch64/memory.aot",
        "verify: text+0x3f8 (aot_func#1 (copy_crc)+0xe4): "
        "relocation R_AARCH64_ADR_PREL_PG_HI21 reads back "
        "as 0x1000, expected 0x0; references '.rodata.cst16'"});
}

/* x86-64: a PC-relative formula with P + 4 for P. */
static void wrong_x86_pc_caught(void **state)
{
    (void)state;
    expect_caught(&(struct mutation){
        &aotx_arch_x86_64, {2 /* R_X86_64_PC32 */, 4 /* PLT32 */}, -4, "aot/v6/x86_64/float.aot",
        "verify: text+0x4 (aot_func#0 (poly)+0x4): relocation R_X86_64_PC32 reads back as 852, "
        "expected 856; references '.rodata.cst8'"});
}

/* ---- many far targets ---- */

#define FAR_CALLS 200000u
#define FAR_NATIVES 0x60001000u /* beyond a BL's 16 MiB from the image at BASE */

/* imports.aot with its code, symbols and relocations replaced: n BLs as
 * wamrc writes them (A = -4), the k-th to the native fk at FAR_NATIVES +
 * 16 k (Thumb), each a far target of its own. */
struct far_module {
    uint8_t *buf, *code;
    struct aotx_module *m;
    struct aotx_symbol *syms;
    struct aotx_reloc *relocs;
    struct aotx_reloc_group group;
    char *names;
    struct aotx_symmap *map;
};

static void far_module_make(struct far_module *f, uint32_t n)
{
    size_t size;
    struct aotx_diag d = {0};
    f->buf = load_data("aot/v6/thumbv7em/imports.aot", &size);
    assert_int_equal(aotx_read(f->buf, size, &f->m, &d), AOTX_OK);
    assert_true(f->m->code_size <= 4 * n); /* its functions' offsets stay inside */
    f->code = malloc(4 * (size_t)n);
    f->syms = calloc(n, sizeof *f->syms);
    f->relocs = calloc(n, sizeof *f->relocs);
    f->names = malloc(16 * (size_t)n);
    f->map = aotx_symmap_new();
    char *plain = malloc(32 * (size_t)n); /* "fk = 0x..." lines */
    size_t len = 0;
    assert_true(f->code && f->syms && f->relocs && f->names && f->map && plain);
    for (uint32_t k = 0; k < n; k++) {
        wr16le(f->code + 4 * k, 0xf7ff); /* bl . : fff7 feff, imm32 = -4 */
        wr16le(f->code + 4 * k + 2, 0xfffe);
        snprintf(f->names + 16 * k, 16, "f%u", k);
        f->syms[k] = (struct aotx_symbol){f->names + 16 * k, AOTX_SYM_NATIVE, 0};
        f->relocs[k] = (struct aotx_reloc){4 * (uint64_t)k, 0, 10 /* R_ARM_THM_CALL */, k};
        len += (size_t)snprintf(plain + len, 32, "f%u = 0x%x\n", k, FAR_NATIVES + 16 * k + 1);
    }
    assert_int_equal(aotx_symmap_load_buffer(f->map, "far.sym", (const uint8_t *)plain, len,
                                             AOTX_SYMMAP_PLAIN, &d), AOTX_OK);
    free(plain);
    f->group = (struct aotx_reloc_group){.name = ".rel.text", .target = AOTX_PATCH_CODE,
                                         .count = n, .relocs = f->relocs};
    f->m->code = f->code;
    f->m->code_size = 4 * n;
    f->m->symbols = f->syms;
    f->m->symbol_count = n;
    f->m->groups = &f->group;
    f->m->group_count = 1;
}

static void far_module_free(struct far_module *f)
{
    aotx_symmap_free(f->map);
    aotx_module_free(f->m);
    free(f->buf);
    free(f->code);
    free(f->syms);
    free(f->relocs);
    free(f->names);
}

/* 200,000 calls, each to a far target of its own: a veneer each, numbered
 * in the order the calls are met, found through a table by target (a
 * search of the veneers so far took 16.5 s). The time is shown, not
 * checked. */
static void many_far_targets(void **state)
{
    (void)state;
    struct far_module f;
    struct aotx_diag d = {0};
    struct aotx_xip_image *img = NULL;
    struct timespec t0, t1;
    far_module_make(&f, FAR_CALLS);
    struct aotx_xip_options o = {.base = BASE, .symbols = f.map};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (aotx_xip(f.m, &o, &img, &d) != AOTX_OK)
        fail_msg("%s", d.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("%u calls to as many far targets: rewritten and verified in %.0f ms\n",
                  FAR_CALLS, (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    assert_true(img->verified);
    assert_int_equal(img->veneer_count, FAR_CALLS);
    for (uint32_t k = 0; k < FAR_CALLS; k++) {
        assert_int_equal(img->veneers[k].target, FAR_NATIVES + 16 * k + 1);
        assert_int_equal(img->veneers[k].callers, 1);
        assert_int_equal(img->veneers[k].address, img->veneers[0].address + 8 * k);
    }
    aotx_xip_free(img);
    far_module_free(&f);
}

/* mark() sets exactly bits [off, off + n) of a map, for every start bit
 * and length up to two bytes and more. */
static void marks_exactly_its_bits(void **state)
{
    (void)state;
    for (uint64_t off = 0; off < 24; off++)
        for (uint32_t n = 0; n <= 20; n++) {
            uint8_t map[8] = {0};
            mark(map, off, n);
            for (uint64_t i = 0; i < 64; i++)
                if (BIT(map, i) != (i >= off && i < off + n))
                    fail_msg("mark(%llu, %u): bit %llu is %d", (unsigned long long)off, n,
                             (unsigned long long)i, BIT(map, i));
        }
}

/* After each test, even one that failed half-way: no hook left set for the
 * next. */
static int unhook(void **state)
{
    (void)state;
    damage = NULL;
    damage_x = NULL;
    mutation = NULL;
    return 0;
}

#define TEST(f) cmocka_unit_test_teardown(f, unhook)

static const struct CMUnitTest tests[] = {
    TEST(marks_exactly_its_bits),
    TEST(patched_field_changed),
    TEST(unpatched_byte_changed),
    TEST(data_copy_changed),
    TEST(e_type_changed),
    TEST(branch_no_more),
    TEST(veneer_changed),
    TEST(got_slot_changed_refused),
    TEST(table_entry_changed),
    TEST(type_without_a_rule),
    TEST(many_far_targets),
    TEST(wrong_thumb_call_caught),
    TEST(wrong_riscv_hi20_caught),
    TEST(wrong_a64_adrp_caught),
    TEST(wrong_x86_pc_caught),
};

TEST_MAIN(tests)
