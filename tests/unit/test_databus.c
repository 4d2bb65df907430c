/* aotx_xip_options.data_base: flash seen by two buses (ESP32 family). Data
 * copies get the data bus's address, code the base's: an absolute RISC-V
 * reference to data (LUI+ADDI), an x86-64 RIP-relative one (S_data + A -
 * P_code), the report's addresses, and every refusal with its exact text. */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include "bytes.h"
#include "internal.h"

/* ESP32-C3: IROM and DROM */
#define IBUS 0x42000000u
#define DBUS 0x3c000000u

struct t {
    uint8_t *buf;
    size_t size;
    struct aotx_module *m;
    struct aotx_symmap *syms;
    struct aotx_xip_options o;
    struct aotx_diag d;
};

static struct t *open_module(const char *rel, uint64_t base, uint64_t data_base)
{
    struct t *t = calloc(1, sizeof *t);
    t->buf = load_data(rel, &t->size);
    assert_int_equal(aotx_read(t->buf, t->size, &t->m, &t->d), AOTX_OK);
    t->syms = aotx_symmap_new();
    for (uint32_t i = 0; i < t->m->symbol_count; i++)
        if (t->m->symbols[i].cls == AOTX_SYM_NATIVE) { /* natives near the code */
            char def[256];
            snprintf(def, sizeof def, "%s=0x%llx", t->m->symbols[i].name,
                     (unsigned long long)(base - 0x10000 + 0x40 * i));
            assert_int_equal(aotx_symmap_defsym(t->syms, def, &t->d), AOTX_OK);
        }
    t->o.base = base;
    t->o.data_base = data_base;
    t->o.symbols = t->syms;
    return t;
}

static void close_module(struct t *t)
{
    aotx_symmap_free(t->syms);
    aotx_module_free(t->m);
    free(t->buf);
    free(t);
}

static struct aotx_xip_image *rewrite_ok(struct t *t)
{
    struct aotx_xip_image *img = NULL;
    if (aotx_xip(t->m, &t->o, &img, &t->d) != AOTX_OK)
        fail_msg("%s", t->d.msg);
    assert_true(img->verified);
    return img;
}

static void refused(const char *rel, uint64_t base, uint64_t data_base, const char *msg)
{
    struct t *t = open_module(rel, base, data_base);
    struct aotx_xip_image *img = (struct aotx_xip_image *)1;
    assert_int_not_equal(aotx_xip(t->m, &t->o, &img, &t->d), AOTX_OK);
    assert_null(img);
    assert_string_equal(t->d.msg, msg);
    close_module(t);
}

static const struct aotx_xip_placement *placement(const struct aotx_xip_image *img,
                                                  const char *name)
{
    for (uint32_t i = 0; i < img->placement_count; i++)
        if (strcmp(img->placements[i].name, name) == 0)
            return &img->placements[i];
    fail_msg("no data copy %s", name);
    return NULL;
}

/* The image's bytes at code offset off. */
static const uint8_t *code_at(const struct aotx_xip_image *img, uint64_t off)
{
    return img->bytes + (img->code_address - img->base) + off;
}

/* RISC-V: every LUI (HI20) and I-type (LO12_I) field against data names the
 * copy's data-bus address; functions stay on the instruction bus. */
static void riscv_absolute_data(void **state)
{
    (void)state;
    struct t *t = open_module("aot/v6/riscv32/control.aot", IBUS, DBUS);
    struct aotx_xip_image *img = rewrite_ok(t);
    const struct aotx_xip_placement *p = placement(img, ".aot_stack_sizes");
    assert_int_equal(img->base, IBUS);
    assert_int_equal(img->data_base, DBUS);
    /* the same layout as on one bus: only the data's addresses move */
    struct t *one = open_module("aot/v6/riscv32/control.aot", IBUS, 0);
    struct aotx_xip_image *ref = rewrite_ok(one);
    assert_int_equal(p->address - DBUS, placement(ref, ".aot_stack_sizes")->address - IBUS);
    assert_int_equal(img->code_address, ref->code_address);
    assert_memory_equal(img->func_addresses, ref->func_addresses,
                        img->func_count * sizeof *img->func_addresses);
    aotx_xip_free(ref);
    close_module(one);
    unsigned seen = 0;
    const struct aotx_reloc_group *g = &t->m->groups[0];
    for (uint32_t i = 0; i < g->count; i++) {
        const struct aotx_reloc *r = &g->relocs[i];
        if (t->m->symbols[r->symbol].cls != AOTX_SYM_DATA)
            continue;
        uint32_t insn = rd32le(code_at(img, r->offset));
        uint64_t want = p->address + (uint64_t)r->addend;
        if (r->type == 26) /* R_RISCV_HI20: the LUI's upper part, rounded for the low */
            assert_int_equal(insn & 0xfffff000u, (want + 0x800) & 0xfffff000u);
        else if (r->type == 27) /* R_RISCV_LO12_I */
            assert_int_equal((uint32_t)sext(insn >> 20, 12) & 0xfff, want & 0xfff);
        seen++;
    }
    assert_int_equal(seen, 18);
    aotx_xip_free(img);
    close_module(t);
}

/* x86-64 RIP-relative to data: S_data + A - P_code, P the field's address
 * on the instruction bus. */
static void x86_pc_relative_data(void **state)
{
    (void)state;
    uint64_t base = 0x10000000u, data = base + 0x10000000u;
    struct t *t = open_module("aot/v6/x86_64/float.aot", base, data);
    struct aotx_xip_image *img = rewrite_ok(t);
    unsigned seen = 0;
    const struct aotx_reloc_group *g = &t->m->groups[0];
    for (uint32_t i = 0; i < g->count; i++) {
        const struct aotx_reloc *r = &g->relocs[i];
        const struct aotx_symbol *s = &t->m->symbols[r->symbol];
        if (s->cls != AOTX_SYM_DATA || r->type != 2) /* R_X86_64_PC32 */
            continue;
        const struct aotx_xip_placement *p = placement(img, s->name);
        int64_t want = (int64_t)(p->address + (uint64_t)r->addend -
                                 (img->code_address + r->offset));
        assert_true(p->address >= data && p->address < data + img->size);
        assert_int_equal((int32_t)rd32le(code_at(img, r->offset)), want);
        seen++;
    }
    assert_int_equal(seen, 20);
    aotx_xip_free(img);
    close_module(t);
}

/* Without a data base, or with it equal to the base, nothing moves. */
static void one_bus_is_the_default(void **state)
{
    (void)state;
    struct t *a = open_module("aot/v6/riscv32/control.aot", IBUS, 0);
    struct t *b = open_module("aot/v6/riscv32/control.aot", IBUS, IBUS);
    struct aotx_xip_image *ia = rewrite_ok(a), *ib = rewrite_ok(b);
    assert_int_equal(ia->data_base, IBUS);
    assert_int_equal(ia->size, ib->size);
    assert_memory_equal(ia->bytes, ib->bytes, ia->size);
    assert_int_equal(placement(ia, ".aot_stack_sizes")->address - IBUS,
                     placement(ia, ".aot_stack_sizes")->address - ia->data_base);
    aotx_xip_free(ia);
    aotx_xip_free(ib);
    close_module(a);
    close_module(b);
}

static void refusals(void **state)
{
    (void)state;
    refused("aot/v6/riscv32/control.aot", IBUS, DBUS + 0x100,
            "data base address 0x3c000100 is not base 0x42000000 plus a multiple of 4096: both "
            "buses map flash in pages, so one byte's two addresses differ by whole pages; check "
            "the chip's memory map");
    refused("aot/v6/riscv32/control.aot", IBUS, 0x100000000u,
            "data base address 0x100000000 is outside the 32-bit address space of riscv32 code");
    refused("aot/v6/riscv32/control.aot", 0x42000c00u, 0xfffffc00u,
            "the image does not fit at data base 0xfffffc00: its data copies end past the "
            "32-bit address space");
    refused("aot/v6/x86_64/float.aot", 0x10000000u, 0x90000000u,
            "text+0x4 (aot_func#0 (poly)+0x4): relocation R_X86_64_PC32 out of range: 2147484504 is "
            "not in [-2147483648, 2147483647]; references '.rodata.cst8' (and 20 more errors)");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(riscv_absolute_data),
    cmocka_unit_test(x86_pc_relative_data),
    cmocka_unit_test(one_bus_is_the_default),
    cmocka_unit_test(refusals),
};

TEST_MAIN(tests)
