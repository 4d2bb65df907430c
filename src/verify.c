/* Step 6 of the XIP rewrite: the written image read back and checked,
 * independently of the computing and writing steps.
 *
 * What each field should mean is computed here again, from the relocation
 * record, the resolved symbol and the place, by a small evaluator of the
 * howto's expression that shares nothing with xip_compute(), the checking
 * in relocate.c or the arch's field(). The field is read back with the
 * arch's meaning(), a decoder of what the instruction or word now does,
 * and the two compared by the type's read-back rule (struct aotx_sem in
 * arch/arch.h). A wrong formula, field() or encoder shows as a field that
 * means another value. Every byte no field covers must be the input's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "natives_abi.h"
#include "xip_int.h"

/* One verification of an image: read back, then checked against what the
 * rewrite computed and the input. */
struct verify {
    const struct xctx *x;
    struct aotx_module *o; /* the image read back */
    uint8_t *patched;      /* a bit per byte of the code area: a field covers it */
    uint8_t *lit_patched;  /* the same for the literal */
    uint8_t *superseded;   /* a bit per fix: a later fix at its field reads it */
};

/* The first i < n where a[i] != b[i] and bit at + i of map is clear, or n.
 * Eight bytes at a time where the map is byte-aligned: patched fields are
 * sparse, most groups of eight are equal. */
static uint64_t unpatched_diff(const uint8_t *map, uint64_t at, const uint8_t *a, const uint8_t *b,
                               uint64_t n)
{
    uint64_t i = 0;
    for (; i < n && (at + i) % 8; i++)
        if (!BIT(map, at + i) && a[i] != b[i])
            return i;
    for (; n - i >= 8; i += 8) { /* one byte of the map per group of eight */
        uint64_t differ = rd64le(a + i) ^ rd64le(b + i); /* byte k: a[i + k] ^ b[i + k] */
        if (!differ)
            continue;
        uint64_t patched = map[(at + i) / 8]; /* bit k to byte k, as 0xff */
        patched = (patched | patched << 28) & 0x0000000f0000000full;
        patched = (patched | patched << 14) & 0x0003000300030003ull;
        patched = (patched | patched << 7) & 0x0101010101010101ull;
        if (differ & ~(patched * 0xff))
            for (unsigned k = 0; k < 8; k++)
                if (!BIT(map, at + i + k) && a[i + k] != b[i + k])
                    return i + k;
    }
    for (; i < n; i++)
        if (!BIT(map, at + i) && a[i] != b[i])
            return i;
    return n;
}

/* ---- verification's own arithmetic ---- */

/* The terms of a relocation's formula. */
struct terms {
    uint64_t S;  /* without the Thumb bit */
    int64_t A;
    uint64_t P, G;
    int T;       /* the target's Thumb bit */
};

/* Where data loads see code-area offset off: through the data bus, at the
 * data base's offset, when the image has one (aotx_xip_options.data_base). */
static uint64_t data_address(const struct xctx *x, uint64_t off)
{
    uint64_t bus = x->o->data_base ? x->o->data_base : x->o->base;
    return bus + (x->code_addr - x->o->base) + off;
}

/* The address of fix f's field in the image: a data copy's as loads see it. */
static uint64_t place_of(const struct xctx *x, const struct fix *f)
{
    if (f->g->target == AOTX_PATCH_LITERAL)
        return x->literal_addr + f->r->offset;
    if (f->g->target == AOTX_PATCH_DATA)
        return data_address(x, x->data_off[f->g->data_index] + f->r->offset);
    return x->code_addr + f->r->offset;
}

/* The terms of fix f: S and T the resolved symbol's (T for a branch: the
 * state it enters), A the record's or (REL) the input field's, P the
 * place, G the symbol's GOT slot. */
static void terms_of(const struct xctx *x, const struct fix *f, struct terms *t)
{
    const struct sym *sy = &x->syms[f->r->symbol];
    const struct aotx_symbol *ms = &x->m->symbols[f->r->symbol];
    /* a data copy is read through the data bus: its address is verify's own */
    t->S = ms->cls == AOTX_SYM_DATA ? data_address(x, x->data_off[ms->index]) : sy->addr;
    /* the state a branch enters is the resolver's decision (a section or
     * data symbol: the module's own state); the formula is not */
    t->T = f->h->flags & (HOWTO_CALL | HOWTO_BRANCH) ? sy->branch_thumb : sy->thumb;
    t->A = f->A;
    t->P = place_of(x, f);
    t->G = 0;
    if (f->h->expr == X_GOT_PC && x->got_slot[f->r->symbol])
        t->G = data_address(x, x->got_off + (uint64_t)(x->got_slot[f->r->symbol] - 1) *
                                                (x->ptr_bits / 8));
}

/* Expression e for t, modulo 2^64; with_T: (S + A) | T rather than S + A.
 * V: what the field held before (X_ADD, X_SUB). */
static uint64_t evaluate(enum aotx_expr e, const struct terms *t, int with_T, uint64_t V)
{
    uint64_t sa = t->S + (uint64_t)t->A;
    if (with_T)
        sa |= (uint64_t)t->T;
    switch (e) {
    case X_ABS: return sa;
    case X_PC: return sa - t->P;
    case X_PAGE_PC: return (sa >> 12 << 12) - (t->P >> 12 << 12);
    case X_GOT_PC: return t->G + (uint64_t)t->A - t->P;
    case X_ADD: return V + sa;
    case X_SUB: return V - sa;
    case X_NONE:
    case X_PC_LO: break;
    }
    return 0;
}

/* The read-back rule of fix f's type (rules_checked: there is one). */
static const struct aotx_sem *sem_of(const struct xctx *x, const struct fix *f)
{
    return aotx_arch_sem(x->a, f->h->type);
}

static int with_T(const struct xctx *x, const struct fix *f)
{
    return (sem_of(x, f)->flags & AOTX_SEM_T) != 0;
}

/* Every type the fixes use has a read-back rule, and so have the types
 * that fill veneers and GOT slots; else the image cannot be verified. */
static enum aotx_err rules_checked(const struct xctx *x, struct aotx_diag *d)
{
    char tn[16];
    uint32_t type = 0;
    for (size_t i = 0; i < x->nfix && !type; i++)
        if (!sem_of(x, &x->fixes[i]))
            type = x->fixes[i].h->type;
    if (!type && x->nveneers && !aotx_arch_sem(x->a, x->vt->reloc_type))
        type = x->vt->reloc_type;
    if (!type && x->ngot && !aotx_arch_sem(x->a, x->a->abs_ptr_type))
        type = x->a->abs_ptr_type;
    if (!type)
        return AOTX_OK;
    return aotx_fail(d, AOTX_E_FORMAT, "verify: aot-xip has no rule to read relocation %s back "
                     "for %s code, so it cannot verify the image (a bug in aot-xip; "
                     "--no-verify skips verification)", xip_type_name(x, type, tn, sizeof tn),
                     x->a->name);
}

/* The value of the chain of fixes that ends at fix i (xip_chain_of): the
 * first that reads the field reads what the input holds there, each next
 * the value before it. */
static uint64_t expect_chain(const struct xctx *x, size_t i)
{
    size_t seq[MAX_CHAIN], n = xip_chain_of(x, i, seq);
    uint64_t V = 0;
    while (n--) {
        const struct fix *f = &x->fixes[seq[n]];
        struct terms t;
        terms_of(x, f, &t);
        if (reads_field(f->h) && f->prev < 0) {
            struct aotx_meaning in;
            x->a->readback->meaning(f->h, section_bytes(x->m, f->g) + f->r->offset, x->be, t.P,
                                    &in);
            V = in.value;
        }
        V = evaluate(f->h->expr, &t, with_T(x, f), V);
    }
    return V;
}

/* What fix i should mean: its value, and the Thumb bit of its target in
 * *T. A PC_LO relocation gets its PC_HI partner's value; a call through a
 * veneer has the veneer as S and the PC bias as A. */
static uint64_t expect(const struct xctx *x, size_t i, int *T)
{
    const struct fix *f = &x->fixes[i];
    struct terms t;
    *T = 0;
    if (reads_field(f->h))
        return expect_chain(x, i);
    terms_of(x, f, &t);
    *T = t.T;
    if (f->h->expr == X_PC_LO) {
        size_t hi = xip_pc_hi_at(x, evaluate(X_ABS, &t, 0, 0));
        if (hi == SIZE_MAX) /* checking refused it: never here */
            return 0;
        terms_of(x, &x->fixes[hi], &t);
        return evaluate(x->fixes[hi].h->expr, &t, with_T(x, &x->fixes[hi]), 0);
    }
    if (f->veneer >= 0) {
        t.S = x->code_addr + x->veneers[f->veneer].off;
        *T = t.T = x->vt->thumb;
        t.A = f->h->call_bias;
    }
    return evaluate(f->h->expr, &t, with_T(x, f), 0);
}

/* ---- fields ---- */

/* A value as messages show it: a whole PC-relative value in signed
 * decimal, anything else in hex; after a branch's, the state it enters. */
static void show(const struct xctx *x, const struct aotx_howto *h, const struct aotx_sem *s,
                 uint64_t val, int isa, char *buf, size_t n)
{
    int pc = h->expr == X_PC || h->expr == X_GOT_PC || h->expr == X_PC_LO;
    int len = pc && s->lo == 0 && s->lo + s->width >= (int)x->ptr_bits
                  ? snprintf(buf, n, "%lld", (long long)sext(val, x->ptr_bits))
                  : snprintf(buf, n, "0x%llx", (unsigned long long)val);
    if ((s->flags & AOTX_SEM_BRANCH) && isa != AOTX_ENTERS_NONE && len > 0 && (size_t)len < n)
        snprintf(buf + len, n - (size_t)len, " (%s)", isa ? "Thumb" : "ARM");
}

/* Fix f's field does not mean what it should (want; m, got): say so. */
static enum aotx_err misread(const struct xctx *x, const struct fix *f,
                             const struct aotx_meaning *m, uint64_t want, uint64_t got, int T,
                             struct aotx_diag *d)
{
    const struct aotx_sem *s = sem_of(x, f);
    char at[160], tn[16], w[48], gt[48], via[64] = "";
    xip_where(x, f->g, f->r->offset, at, sizeof at);
    const char *name = xip_type_name(x, f->r->type, tn, sizeof tn);
    const char *sym = x->m->symbols[f->r->symbol].name;
    if (m->not_a)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: %s: relocation %s: the image does not hold "
                         "%s there; references '%s'", at, name, m->not_a, sym);
    if (f->veneer >= 0)
        snprintf(via, sizeof via, " (through its veneer at 0x%llx)",
                 (unsigned long long)(x->code_addr + x->veneers[f->veneer].off));
    show(x, f->h, s, got, m->isa, gt, sizeof gt);
    show(x, f->h, s, want, T, w, sizeof w);
    return aotx_fail(d, AOTX_E_FORMAT, "verify: %s: relocation %s reads back as %s, expected "
                     "%s%s; references '%s'", at, name, gt, w, via, sym);
}

/* For a call through a veneer: the veneer's target slot holds where the
 * call itself would go, S + A less the PC bias (with T). */
static enum aotx_err veneer_goes(const struct verify *v, const struct fix *f,
                                 struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    struct terms t;
    struct aotx_meaning m;
    uint64_t want, got, at = x->veneers[f->veneer].off;
    terms_of(x, f, &t);
    uint64_t target = evaluate(X_ABS, &t, with_T(x, f), 0) - (uint64_t)(int64_t)f->h->call_bias;
    uint64_t slot = at + x->vt->reloc_offset;
    x->a->readback->meaning(aotx_arch_howto(x->a, x->vt->reloc_type), v->o->code + slot, x->be,
                            x->code_addr + slot, &m);
    if (aotx_sem_agrees(aotx_arch_sem(x->a, x->vt->reloc_type), x->ptr_bits, target, t.T, &m,
                        &want, &got))
        return AOTX_OK;
    char where_at[160], tn[16];
    xip_where(x, f->g, f->r->offset, where_at, sizeof where_at);
    return aotx_fail(d, AOTX_E_FORMAT, "verify: %s: relocation %s goes through the veneer at "
                     "0x%llx, whose target reads back as 0x%llx, expected 0x%llx; references "
                     "'%s'", where_at, xip_type_name(x, f->r->type, tn, sizeof tn),
                     (unsigned long long)(x->code_addr + at), (unsigned long long)got,
                     (unsigned long long)want, x->m->symbols[f->r->symbol].name);
}

/* Whether fix i's field, at loc in the image, means the value its
 * relocation gives (and a call through a veneer reaches its target there). */
static enum aotx_err verify_field(const struct verify *v, size_t i, const uint8_t *loc,
                                  struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    const struct fix *f = &x->fixes[i];
    const struct aotx_sem *s = sem_of(x, f);
    struct aotx_meaning m;
    uint64_t want, got;
    int T;
    if (!s->width)
        return AOTX_OK;
    uint64_t val = expect(x, i, &T);
    x->a->readback->meaning(f->h, loc, x->be, place_of(x, f), &m);
    if (!aotx_sem_agrees(s, x->ptr_bits, val, T, &m, &want, &got))
        return misread(x, f, &m, want, got, T, d);
    return f->veneer >= 0 ? veneer_goes(v, f, d) : AOTX_OK;
}

/* Every fix means the value its relocation gives (verify_field), but where
 * a later fix at its field reads it (only the last of a chain is read
 * back); mark what they cover. R_*_NONE marks nothing: its bytes stay the
 * input's. */
static enum aotx_err verify_fields(struct verify *v, struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    for (size_t i = 0; i < x->nfix; i++)
        if (x->fixes[i].prev >= 0)
            mark(v->superseded, (uint64_t)x->fixes[i].prev, 1);
    for (size_t i = 0; i < x->nfix; i++) {
        const struct fix *f = &x->fixes[i];
        int lit = f->g->target == AOTX_PATCH_LITERAL;
        if (f->h->expr == X_NONE)
            continue;
        if (!BIT(v->superseded, i))
            TRY(verify_field(v, i, (lit ? v->o->literal : v->o->code) + f->off, d));
        mark(lit ? v->lit_patched : v->patched, f->off, f->h->size);
    }
    return AOTX_OK;
}

/* ---- the rest of the image ---- */

/* Read the image back and check its frame; the maps allocated. */
static enum aotx_err verify_frame(struct verify *v, const uint8_t *bytes, size_t size,
                                  struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m;
    struct aotx_diag why = {0};
    if (aotx_read(bytes, size, &v->o, &why) != AOTX_OK)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: the written image does not read back: %s",
                         why.msg);
    const struct aotx_module *o = v->o;
    uint64_t code_off = x->code_addr - x->o->base;
    if (o->target.e_type != AOTX_ETYPE_XIP)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: e_type is %u, not 4", o->target.e_type);
    if (o->group_count || o->symbol_count)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: %u relocation groups remain",
                         o->group_count);
    if (o->func_count != m->func_count || o->export_count != m->export_count ||
        (m->func_count && memcmp(o->text_offsets, m->text_offsets,
                                 m->func_count * sizeof *m->text_offsets)))
        return aotx_fail(d, AOTX_E_FORMAT, "verify: functions or exports differ from the input");
    if (o->code_offset != code_off || o->code_size != x->code_area)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: code at file offset 0x%zx (0x%x bytes), "
                         "expected 0x%llx (0x%llx bytes)", o->code_offset, o->code_size,
                         (unsigned long long)code_off, (unsigned long long)x->code_area);
    v->patched = calloc(x->code_area / 8 + 1, 1);
    v->lit_patched = calloc((size_t)o->literal_size / 8 + 1, 1);
    v->superseded = calloc(x->nfix / 8 + 1, 1);
    if (!v->patched || !v->lit_patched || !v->superseded)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory");
    return rules_checked(x, d);
}

/* The first byte of the veneer at off in the code area that differs from
 * vt's template outside its target slot, or vt->size. */
static unsigned template_diff(const struct verify *v, const struct aotx_veneer *vt, uint64_t off)
{
    const struct xctx *x = v->x;
    uint8_t tmpl[64];
    unsigned from = vt->reloc_offset, to = from + aotx_arch_howto(x->a, vt->reloc_type)->size;
    xip_put_units(vt, tmpl, x->be);
    for (unsigned b = 0; b < vt->size; b++)
        if ((b < from || b >= to) && v->o->code[off + b] != tmpl[b])
            return b;
    return vt->size;
}

/* Natives-table mode: every native resolved to the entry of its name's
 * slot, looked up in the ABI again, in the module's own instruction set
 * (the fields were checked against the resolved address). */
static enum aotx_err verify_table(const struct verify *v, struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    for (uint32_t i = 0; i < x->m->symbol_count; i++) {
        const struct sym *sy = &x->syms[i];
        const char *name = x->m->symbols[i].name;
        if (x->m->symbols[i].cls != AOTX_SYM_NATIVE || !x->uses[i])
            continue;
        int32_t k = aotx_natives_abi_slot(x->abi, name);
        /* after the table's 8-byte header (docs/natives-abi.md) */
        uint64_t want = x->o->natives_table + 8 + (uint64_t)k * x->abi->entry;
        if (k < 0 || sy->addr != want || sy->thumb != (x->a->code_thumb != 0) ||
            sy->branch_thumb != sy->thumb)
            return aotx_fail(d, AOTX_E_FORMAT, "verify: '%s' resolved to 0x%llx%s, not to its "
                             "natives-table entry at 0x%llx (slot %d)", name,
                             (unsigned long long)sy->addr, sy->thumb ? " (Thumb)" : "",
                             (unsigned long long)want, k);
    }
    return AOTX_OK;
}

/* The generated code: every veneer is its template but for its target
 * slot (each call through it read its slot), and every GOT slot holds its
 * symbol's address. */
static enum aotx_err verify_generated(const struct verify *v, struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    for (uint32_t k = 0; k < x->nveneers; k++) {
        unsigned b = template_diff(v, x->vt, x->veneers[k].off);
        if (b < x->vt->size)
            return aotx_fail(d, AOTX_E_FORMAT, "verify: the veneer at 0x%llx (for '%s') "
                             "differs from its template at byte %u",
                             (unsigned long long)(x->code_addr + x->veneers[k].off),
                             x->m->symbols[x->veneers[k].sym].name, b);
    }
    if (x->abi)
        TRY(verify_table(v, d));
    const struct aotx_howto *h = aotx_arch_howto(x->a, x->a->abs_ptr_type);
    const struct aotx_sem *s = aotx_arch_sem(x->a, x->a->abs_ptr_type);
    for (uint32_t k = 0; k < x->ngot; k++) {
        uint64_t off = x->got_off + (uint64_t)k * (x->ptr_bits / 8), want, got;
        const struct sym *sy = &x->syms[x->got_sym[k]];
        struct terms t = {.S = sy->addr, .T = sy->thumb};
        struct aotx_meaning m;
        x->a->readback->meaning(h, v->o->code + off, x->be, x->code_addr + off, &m);
        if (!aotx_sem_agrees(s, x->ptr_bits, evaluate(X_ABS, &t, s->flags & AOTX_SEM_T, 0), t.T,
                             &m, &want, &got))
            return aotx_fail(d, AOTX_E_FORMAT, "verify: the GOT slot at 0x%llx reads back as "
                             "0x%llx, expected 0x%llx, the address of '%s'",
                             (unsigned long long)(x->code_addr + off), (unsigned long long)got,
                             (unsigned long long)want, x->m->symbols[x->got_sym[k]].name);
    }
    return AOTX_OK;
}

/* Every byte no field covers is the input's: code, literal (and its zero
 * pad), data copies; the object data sections emptied but
 * .aot_stack_sizes. */
static enum aotx_err verify_unpatched(const struct verify *v, struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m, *o = v->o;
    uint64_t i;
    if ((i = unpatched_diff(v->patched, 0, o->code, m->code, m->code_size)) < m->code_size)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: code byte text+0x%x changed (0x%02x, was "
                         "0x%02x) though no relocation patches it", (unsigned)i, o->code[i],
                         m->code[i]);
    if (o->literal_size != m->literal_size + x->pad)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: literal area is %u bytes, expected %u",
                         o->literal_size, m->literal_size + x->pad);
    if ((i = unpatched_diff(v->lit_patched, 0, o->literal, m->literal, m->literal_size)) <
        m->literal_size)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: literal byte 0x%x changed", (unsigned)i);
    for (uint32_t k = m->literal_size; k < o->literal_size; k++)
        if (o->literal[k]) /* the pad: never patched */
            return aotx_fail(d, AOTX_E_FORMAT, "verify: literal byte 0x%x changed", k);
    for (uint32_t s = 0; s < m->data_section_count; s++) {
        if (x->data_off[s] == UINT64_MAX)
            continue;
        const struct aotx_data_section *ds = &m->data_sections[s];
        const uint8_t *copy = o->code + x->data_off[s];
        if ((i = unpatched_diff(v->patched, x->data_off[s], copy, ds->bytes, ds->size)) <
            ds->size)
            return aotx_fail(d, AOTX_E_FORMAT, "verify: byte 0x%x of the copy of '%s' differs "
                             "from the input", (unsigned)i, ds->name);
    }
    for (uint32_t s = 0; s < o->data_section_count; s++) {
        int keep = strcmp(o->data_sections[s].name, ".aot_stack_sizes") == 0;
        if (o->data_sections[s].size != (keep ? m->data_sections[s].size : 0))
            return aotx_fail(d, AOTX_E_FORMAT, "verify: object data section '%s' is %u bytes",
                             o->data_sections[s].name, o->data_sections[s].size);
    }
    return AOTX_OK;
}

enum aotx_err xip_verify_image(const struct xctx *x, const uint8_t *bytes, size_t size,
                               struct aotx_diag *d)
{
    struct verify v = {.x = x};
    enum aotx_err e = verify_frame(&v, bytes, size, d);
    if (e == AOTX_OK)
        e = verify_fields(&v, d);
    if (e == AOTX_OK)
        e = verify_unpatched(&v, d);
    if (e == AOTX_OK)
        e = verify_generated(&v, d);
    aotx_module_free(v.o);
    free(v.patched);
    free(v.lit_patched);
    free(v.superseded);
    return e;
}
