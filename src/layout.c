/* Steps 3 and 5 of the XIP rewrite: where everything lands (the literal
 * and the code, then the veneers for far calls, the GOT slots and the
 * copies of read-only data after the code), and the image built: the
 * module serialised once with its text body as zeros, then filled in
 * place (the image is the only copy of the code), the checked fields
 * encoded last. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "xip_int.h"

/* ---- the code's address ---- */

static uint32_t text_index(const struct aotx_module *m)
{
    for (uint32_t i = 0; i < m->section_count; i++)
        if (m->sections[i].id == AOTX_SEC_TEXT)
            return i;
    return 0;
}

/* The output module: the input with e_type 4, no relocations, the object
 * data sections emptied (but .aot_stack_sizes). Text is set later. */
static void out_module(const struct aotx_module *m, struct xip_out *out)
{
    out->m = *m;
    out->m.target.e_type = AOTX_ETYPE_XIP;
    out->m.symbol_count = 0;
    out->m.group_count = 0;
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        out->ds[i] = m->data_sections[i];
        if (strcmp(out->ds[i].name, ".aot_stack_sizes") != 0) {
            out->ds[i].size = 0;
            out->ds[i].bytes = NULL;
        }
        out->ds[i].offset = 0;
    }
    out->m.data_sections = out->ds;
}

enum aotx_err xip_place_code(struct xctx *x, struct xip_out *out)
{
    const struct aotx_module *m = x->m;
    const struct aotx_xip_options *o = x->o;
    size_t size = 0;
    out->ds = calloc(m->data_section_count + 1, sizeof *out->ds);
    out->offsets = calloc(m->section_count, sizeof *out->offsets);
    if (!out->ds || !out->offsets)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    /* where the text body lands: the sections before it do not depend on it */
    out_module(m, out);
    TRY(aotx_write_layout(&out->m, NULL, &size, out->offsets, x->d)); /* measure only */
    out->body = o->base + out->offsets[text_index(m)];
    uint32_t align = o->code_align ? o->code_align : AOTX_XIP_CODE_ALIGN;
    if (align < 16 || align > 4096 || (align & (align - 1)))
        return aotx_fail(x->d, AOTX_E_USAGE, "code alignment %u is not a power of two from 16 "
                         "to 4096", align);
    x->literal_addr = out->body + 4;
    /* the literal area grows to start the code on the line */
    x->pad = (uint32_t)((align - (x->literal_addr + m->literal_size) % align) % align);
    x->code_addr = x->literal_addr + m->literal_size + x->pad;
    x->vt = x->a->veneer ? x->a->veneer(m) : NULL;
    return AOTX_OK;
}

void xip_out_free(struct xip_out *out)
{
    free(out->ds);
    free(out->offsets);
}

/* ---- veneers and GOT slots ---- */

/* The veneers so far, and a table that finds one by its target. */
struct veneers {
    struct veneer *v;
    uint32_t n, cap;
    uint32_t *slot; /* by target, open-addressed: 1 + the veneer's index, or 0 */
    size_t slots;   /* 2 * cap of them */
};

/* Where target's veneer is, or belongs, in vs's slots. */
static size_t veneer_slot(const struct veneers *vs, uint64_t target)
{
    size_t at = (size_t)((target * 0x9e3779b97f4a7c15ull) >> 32) & (vs->slots - 1);
    while (vs->slot[at] && vs->v[vs->slot[at] - 1].target != target)
        at = (at + 1) & (vs->slots - 1);
    return at;
}

/* Room for one more veneer: the array doubles and the slots are made
 * again, at twice its size. */
static int grow_veneers(struct veneers *vs)
{
    uint32_t cap = vs->cap ? 2 * vs->cap : 16;
    struct veneer *grown = realloc(vs->v, cap * sizeof *grown);
    if (grown)
        vs->v = grown;
    uint32_t *slot = grown ? calloc(2 * (size_t)cap, sizeof *slot) : NULL;
    if (!slot)
        return 0;
    free(vs->slot);
    vs->slot = slot, vs->slots = 2 * (size_t)cap, vs->cap = cap;
    for (uint32_t k = 0; k < vs->n; k++)
        vs->slot[veneer_slot(vs, vs->v[k].target)] = k + 1;
    return 1;
}

/* The index of the veneer for target, a new one (for sym) if it has none
 * yet; UINT32_MAX out of memory. Veneers are numbered in the order their
 * targets are first met. */
static uint32_t veneer_for(struct veneers *vs, uint64_t target, uint32_t sym)
{
    if (vs->n == vs->cap && !grow_veneers(vs))
        return UINT32_MAX;
    size_t at = veneer_slot(vs, target);
    if (!vs->slot[at]) {
        vs->v[vs->n++] = (struct veneer){.target = target, .sym = sym};
        vs->slot[at] = vs->n;
    }
    return vs->slot[at] - 1;
}

/* Call f, where a veneer may stand in: through which (f->veneer), if its
 * direct form does not fit and a veneer would help; 0 out of memory. */
static int reach(struct xctx *x, struct veneers *vs, struct fix *f)
{
    const struct aotx_howto *h = f->h;
    struct aotx_range bad = {0};
    uint64_t field;
    /* a call's P, S and A do not depend on the layout; it has no G */
    struct loc l = {.P = x->code_addr + f->r->offset, .S = sym_target(x, f->r->symbol, h)};
    int64_t v = xip_compute(h, &l, f->A);
    if (!x->a->field(h, v, l.P, &field, &bad) || !x->vt)
        return 1;
    if (bad.misaligned || (!bad.state && v >= bad.lo && v <= bad.hi))
        return 1; /* in reach but misaligned: a veneer would not help */
    /* the veneer stands for the call's real target: S plus the part of A
     * that is not the PC bias */
    uint64_t target = l.S + (uint64_t)f->A - (uint64_t)h->call_bias; /* mod 2^64 */
    uint32_t k = veneer_for(vs, target, f->r->symbol);
    if (k == UINT32_MAX)
        return 0;
    vs->v[k].callers++;
    f->veneer = (int32_t)k;
    return 1;
}

enum aotx_err xip_find_veneers(struct xctx *x)
{
    size_t nsym = x->m->symbol_count + 1;
    struct veneers vs = {0};
    int ok = 1;
    x->got_slot = calloc(nsym, sizeof *x->got_slot);
    x->got_sym = calloc(nsym, sizeof *x->got_sym);
    if (!x->got_slot || !x->got_sym)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (size_t i = 0; i < x->nfix && ok; i++) {
        struct fix *f = &x->fixes[i];
        uint32_t s = f->r->symbol;
        if (f->h && f->h->expr == X_GOT_PC && !x->got_slot[s]) {
            x->got_sym[x->ngot++] = s;
            x->got_slot[s] = x->ngot;
        }
        if (f->h && (f->h->flags & HOWTO_CALL) && f->g->target == AOTX_PATCH_CODE &&
            x->syms[s].ok == 1)
            ok = reach(x, &vs, f);
    }
    x->veneers = vs.v, x->nveneers = vs.n;
    free(vs.slot);
    return ok ? AOTX_OK : aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
}

/* ---- the layout ---- */

static uint32_t data_section_align(const char *name)
{
    /* ".rodata.cst32" holds 32-byte constants that a load may need aligned */
    const char *cst = strstr(name, ".cst");
    uint32_t a = 16;
    if (cst) {
        unsigned long n = strtoul(cst + 4, NULL, 10);
        if (n > a && n <= 4096 && (n & (n - 1)) == 0)
            a = (uint32_t)n;
    }
    return a;
}

/* The data sections that relocations reference or patch get copies, from
 * cur on in the code area; where the copies end. */
static uint64_t place_copies(struct xctx *x, const int *need, uint64_t cur)
{
    const struct aotx_module *m = x->m;
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        x->data_off[i] = UINT64_MAX;
        x->data_align[i] = data_section_align(m->data_sections[i].name);
    }
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        if (!need[i])
            continue;
        /* aligned as an absolute address: code_addr is 16-aligned */
        uint64_t at = align_up(x->code_addr + cur, x->data_align[i]) - x->code_addr;
        x->data_off[i] = at;
        cur = at + m->data_sections[i].size;
    }
    return cur;
}

/* Which data sections need copies: those relocations reference or patch;
 * 0 out of memory. */
static int *copies_needed(const struct aotx_module *m)
{
    int *need = calloc(m->data_section_count ? m->data_section_count : 1, sizeof *need);
    if (!need)
        return NULL;
    for (uint32_t gi = 0; gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        if (g->target == AOTX_PATCH_DATA && g->count)
            need[g->data_index] = 1;
        for (uint32_t i = 0; i < g->count; i++) {
            const struct aotx_symbol *s = &m->symbols[g->relocs[i].symbol];
            if (s->cls == AOTX_SYM_DATA)
                need[s->index] = 1;
        }
    }
    return need;
}

/* Each field's offset in its output area and its address. */
static void place_fixes(struct xctx *x)
{
    for (size_t i = 0; i < x->nfix; i++) {
        struct fix *f = &x->fixes[i];
        switch (f->g->target) {
        case AOTX_PATCH_CODE:
            f->off = f->r->offset;
            f->P = x->code_addr + f->off;
            break;
        case AOTX_PATCH_LITERAL:
            f->off = f->r->offset;
            f->P = x->literal_addr + f->off;
            break;
        case AOTX_PATCH_DATA: /* the code reads a data copy through the data bus */
            f->off = x->data_off[f->g->data_index] + f->r->offset;
            f->P = x->code_addr + f->off + x->data_delta;
            break;
        }
    }
}

enum aotx_err xip_layout(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    uint64_t cur = align_up(m->code_size, 16);
    for (uint32_t k = 0; k < x->nveneers; k++) {
        cur = align_up(cur, x->vt->align);
        x->veneers[k].off = cur;
        cur += x->vt->size;
    }
    if (x->ngot) {
        cur = align_up(cur, 8);
        x->got_off = cur;
        cur += (uint64_t)x->ngot * (x->ptr_bits / 8);
    }
    int *need = copies_needed(m);
    if (!need)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    cur = place_copies(x, need, cur);
    free(need);
    x->code_area = align_up(cur, 4);
    /* the symbols of the data copies, now that they have addresses: those
     * of the data bus, where loads read them */
    for (uint32_t i = 0; i < m->symbol_count; i++)
        if (x->syms[i].ok == 2)
            x->syms[i].addr = x->code_addr + x->data_off[m->symbols[i].index] + x->data_delta;
    place_fixes(x);
    return AOTX_OK;
}

/* ---- 5. the image ---- */

void xip_put_units(const struct aotx_veneer *vt, uint8_t *p, int be)
{
    for (uint8_t u = 0; u < vt->unit_count; u++) {
        const struct aotx_unit *unit = &vt->units[u];
        if (unit->width == 1)
            *p = (uint8_t)unit->value;
        else if (unit->width == 2)
            wr16(p, (uint16_t)unit->value, be);
        else
            wr32(p, unit->value, be);
        p += unit->width;
    }
}

void xip_put_veneer(const struct xctx *x, const struct aotx_veneer *vt, uint8_t *code,
                    uint64_t off, uint64_t target)
{
    const struct aotx_howto *h = aotx_arch_howto(x->a, vt->reloc_type);
    struct aotx_range bad = {0};
    uint64_t field = 0;
    xip_put_units(vt, code + off, x->be);
    x->a->field(h, (int64_t)target, x->code_addr + off + vt->reloc_offset, &field, &bad);
    x->a->encode(h, code + off + vt->reloc_offset, field, x->be);
}

/* The veneers, their target slots through the arch's relocator. */
static void write_veneers(const struct xctx *x, uint8_t *code)
{
    for (uint32_t k = 0; k < x->nveneers; k++)
        xip_put_veneer(x, x->vt, code, x->veneers[k].off, x->veneers[k].target);
}

/* GOT slots: the absolute address of each symbol, through the relocator. */
static void write_got(const struct xctx *x, uint8_t *code)
{
    const struct aotx_howto *h = aotx_arch_howto(x->a, x->a->abs_ptr_type);
    unsigned size = x->ptr_bits / 8;
    for (uint32_t k = 0; k < x->ngot; k++) {
        struct aotx_range bad = {0};
        uint64_t field = 0, off = x->got_off + (uint64_t)k * size;
        x->a->field(h, (int64_t)sym_value(x, x->got_sym[k]), x->code_addr + off, &field, &bad);
        x->a->encode(h, code + off, field, x->be);
    }
}

enum aotx_err xip_build_image(const struct xctx *x, struct xip_out *out,
                              struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    /* the text body is serialised as zeros and filled in place */
    out->m.literal = NULL;
    out->m.literal_size = m->literal_size + x->pad;
    out->m.code = NULL;
    out->m.code_size = (uint32_t)x->code_area;
    TRY(aotx_write_layout(&out->m, &img->bytes, &img->size, out->offsets, x->d));
    if (x->o->base + out->offsets[text_index(m)] != out->body)
        return aotx_fail(x->d, AOTX_E_FORMAT, "the text section moved between measuring and "
                         "writing the image");
    uint8_t *lit = img->bytes + out->offsets[text_index(m)] + 4;
    uint8_t *code = lit + m->literal_size + x->pad;
    if (m->literal_size)
        memcpy(lit, m->literal, m->literal_size);
    if (m->code_size)
        memcpy(code, m->code, m->code_size);
    for (uint32_t i = 0; i < m->data_section_count; i++)
        if (x->data_off[i] != UINT64_MAX && m->data_sections[i].size)
            memcpy(code + x->data_off[i], m->data_sections[i].bytes, m->data_sections[i].size);
    if (x->nveneers)
        write_veneers(x, code);
    if (x->ngot)
        write_got(x, code);
    /* the checked fields, in relocation order: where several compose at
     * one field, the last one's value stays */
    for (size_t i = 0; i < x->nfix; i++) {
        const struct fix *f = &x->fixes[i];
        uint8_t *area = f->g->target == AOTX_PATCH_LITERAL ? lit : code;
        x->a->encode(f->h, area + f->off, f->field, x->be);
    }
    return AOTX_OK;
}
