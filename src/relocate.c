/* Steps 2 and 4 of the XIP rewrite: each relocation prepared (its howto,
 * its bounds, its addend), the fields that compose chained, and every
 * value computed and checked against its field before any byte is
 * written. */
#include <stdio.h>
#include <stdlib.h>

#include "xip_int.h"

/* ---- 2. prepare ---- */

/* Where instruction fields (HOWTO_INSN) lie: at multiples of this (0: no
 * rule). Every area's address is a multiple of 4 (the code's of 16, the
 * literal's of 4, each data copy's of 16), so a field's offset in its area
 * tells. */
static unsigned insn_align(const struct xctx *x)
{
    if (x->a->insn_short_flag && !(x->m->target.e_flags & x->a->insn_short_flag))
        return 4;
    return x->a->insn_align > 1 ? x->a->insn_align : 0;
}

static void misaligned_error(struct xctx *x, const struct fix *f)
{
    char at[160], tn[16], why[96] = "";
    unsigned align = insn_align(x);
    if (x->a->insn_short_flag && align == 4)
        snprintf(why, sizeof why, " without %s (e_flags 0x%x)", x->a->insn_short_what,
                 x->m->target.e_flags);
    xip_where(x, f->g, f->r->offset, at, sizeof at);
    xip_add_error(x, "%s: relocation %s at a misaligned offset: %s is %u-byte aligned%s", at,
                  xip_type_name(x, f->r->type, tn, sizeof tn), x->a->insn_what, align, why);
}

/* The howto of f's type: NULL, with the error recorded, where the arch
 * has none ("unknown" if its name table lacks the type too). */
static const struct aotx_howto *howto_of(struct xctx *x, const struct fix *f)
{
    const struct aotx_reloc *r = f->r;
    const struct aotx_howto *h = aotx_arch_howto(x->a, r->type);
    char at[160];
    if (h)
        return h;
    const char *name = aotx_arch_reloc_name(x->a, r->type);
    xip_where(x, f->g, r->offset, at, sizeof at);
    if (name)
        xip_add_error(x, "%s: relocation %s (%u) is not supported for %s code; references '%s'",
                      at, name, r->type, x->a->name, x->m->symbols[r->symbol].name);
    else
        xip_add_error(x, "%s: unknown relocation type %u for %s code; references '%s'", at,
                      r->type, x->a->name, x->m->symbols[r->symbol].name);
    return NULL;
}

/* Where one type covers several fields, the howto for the instruction at
 * f's offset (the arch's select()); NULL, with the error recorded, if the
 * type does not apply there. */
static const struct aotx_howto *select_howto(struct xctx *x, const struct fix *f,
                                             const struct aotx_howto *h)
{
    const uint8_t *in = section_bytes(x->m, f->g);
    uint64_t off = f->r->offset, size = section_size(x->m, f->g);
    char at[160], tn[16];
    if (!x->a->select || off >= size)
        return h;
    if ((h = x->a->select(h, in + off, size - off, x->be)))
        return h;
    xip_where(x, f->g, off, at, sizeof at);
    xip_add_error(x, "%s: relocation %s does not apply to the instruction there (%02x %02x "
                  "%02x); references '%s'", at, xip_type_name(x, f->r->type, tn, sizeof tn),
                  in[off], off + 1 < size ? in[off + 1] : 0, off + 2 < size ? in[off + 2] : 0,
                  x->m->symbols[f->r->symbol].name);
    return NULL;
}

/* f's howto, checked against f's section: NULL, with the error recorded,
 * where f is refused. */
static const struct aotx_howto *prepare_one(struct xctx *x, const struct fix *f)
{
    const struct aotx_howto *h = howto_of(x, f);
    uint64_t size = section_size(x->m, f->g), misaligned = insn_align(x) ? insn_align(x) - 1 : 0;
    char at[160], tn[16];
    if (!h || !(h = select_howto(x, f, h)))
        return NULL;
    if (f->r->offset + h->size > size) {
        xip_where(x, f->g, f->r->offset, at, sizeof at);
        xip_add_error(x, "%s: relocation %s patches %u bytes, past the end of the section "
                      "(0x%llx bytes)", at, xip_type_name(x, f->r->type, tn, sizeof tn),
                      h->size, (unsigned long long)size);
        return NULL;
    }
    if ((h->flags & HOWTO_INSN) && (f->r->offset & misaligned)) {
        misaligned_error(x, f);
        return NULL;
    }
    return h;
}

/* A as the file gives it: the record's (RELA), or what the input's field
 * holds (REL). */
static int64_t input_addend(const struct xctx *x, const struct fix *f)
{
    if (!x->a->rela && x->a->addend)
        return x->a->addend(f->h, section_bytes(x->m, f->g) + f->r->offset, x->be);
    return f->r->addend;
}

/* REL high/low pairs: a high part's addend is its own field's, shifted,
 * plus its low partner's (the next low relocation against the same symbol
 * in the same group), as the MIPS ABI's AHL = (AHI << 16) + (short)ALO. */
static void pair_addends(struct xctx *x)
{
    const struct aotx_arch *a = x->a;
    for (size_t i = 0; i < x->nfix; i++) {
        struct fix *f = &x->fixes[i];
        if (!f->h || f->r->type != a->pair_hi)
            continue;
        size_t j = i + 1;
        while (j < x->nfix && x->fixes[j].g == f->g &&
               !(x->fixes[j].r->type == a->pair_lo && x->fixes[j].r->symbol == f->r->symbol))
            j++;
        if (j < x->nfix && x->fixes[j].g == f->g && x->fixes[j].h) {
            f->A += x->fixes[j].A;
        } else {
            char at[160], hi[16], lo[16];
            xip_where(x, f->g, f->r->offset, at, sizeof at);
            xip_add_error(x, "%s: relocation %s against '%s' has no %s partner after it", at,
                          xip_type_name(x, a->pair_hi, hi, sizeof hi),
                          x->m->symbols[f->r->symbol].name,
                          xip_type_name(x, a->pair_lo, lo, sizeof lo));
        }
    }
}

/* Types, bounds, addends: everything that does not depend on the layout. */
enum aotx_err xip_prepare_fixes(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    size_t n = 0;
    for (uint32_t g = 0; g < m->group_count; g++)
        n += m->groups[g].count; /* may pass 2^32 together */
    if (!(x->fixes = calloc(n ? n : 1, sizeof *x->fixes)))
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (uint32_t gi = 0; gi < m->group_count; gi++)
        for (uint32_t i = 0; i < m->groups[gi].count; i++) {
            struct fix *f = &x->fixes[x->nfix++];
            f->g = &m->groups[gi];
            f->r = &m->groups[gi].relocs[i];
            f->veneer = f->prev = -1;
            if (!(f->h = prepare_one(x, f)))
                continue;
            if (x->watch && (x->syms[f->r->symbol].unknown || x->syms[f->r->symbol].data))
                xip_watch_use(x, f);
            f->A = input_addend(x, f);
        }
    if (x->a->pair_hi)
        pair_addends(x);
    if (x->watch && !xip_unknown_isa_error(x))
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    return x->nerrs ? xip_finish_errors(x, AOTX_E_UNSUPPORTED) : AOTX_OK;
}

/* ---- 4. chain: fields that compose ---- */

/* A field, for finding overlaps: output area (0 code, 1 literal), offset,
 * then relocation order. */
struct field_at {
    uint64_t off;
    uint32_t fix;     /* chain_fixes refuses more fixes than this holds */
    uint32_t literal;
};

static int by_field(const void *a, const void *b)
{
    const struct field_at *fa = a, *fb = b;
    if (fa->literal != fb->literal)
        return fa->literal < fb->literal ? -1 : 1;
    if (fa->off != fb->off)
        return fa->off < fb->off ? -1 : 1;
    return fa->fix < fb->fix ? -1 : fa->fix > fb->fix;
}

static void pair_error(struct xctx *x, size_t i, const char *what)
{
    char at[160], tn[16], pn[16];
    const struct fix *f = &x->fixes[i];
    xip_where(x, f->g, f->r->offset, at, sizeof at);
    xip_add_error(x, "%s: relocation %s %s %s at the same offset; references '%s'", at,
                  xip_type_name(x, f->r->type, tn, sizeof tn), what,
                  xip_type_name(x, f->h->partner, pn, sizeof pn),
                  x->m->symbols[f->r->symbol].name);
}

/* Whether field f, at the field that head's fix (and maybe more) patches,
 * composes with them: one field, one chain class, and f reads it. */
static int composes(const struct xctx *x, const struct field_at *head, const struct field_at *f)
{
    const struct aotx_howto *h = x->fixes[f->fix].h, *hh = x->fixes[head->fix].h;
    return f->off == head->off && h->size == hh->size && h->chain && h->chain == hh->chain &&
           reads_field(h);
}

/* The field of fix i for finding overlaps; 0 if it patches nothing
 * (refused, or R_*_NONE). */
static int field_of(const struct xctx *x, size_t i, struct field_at *fa)
{
    const struct fix *f = &x->fixes[i];
    if (!f->h || !f->h->size)
        return 0;
    fa->off = f->off;
    fa->fix = (uint32_t)i;
    fa->literal = f->g->target == AOTX_PATCH_LITERAL;
    return 1;
}

/* Walking the fields in by_field order: the field being built (head, the
 * first fix at it, and last, the latest that composes with it). */
struct chain_walk {
    struct field_at head, last;
    int started;        /* head and last are set */
    unsigned len;       /* of the chain at head */
    uint64_t end;       /* of the fields so far in head's area */
};

/* Field f composes with the chain at w->head: it continues the chain,
 * whose pairs must be whole. */
static void chain_link(struct xctx *x, struct chain_walk *w, const struct field_at *f)
{
    const struct fix *ff = &x->fixes[f->fix], *lf = &x->fixes[w->last.fix];
    if ((ff->h->flags & HOWTO_CLOSES) &&
        !((lf->h->flags & HOWTO_OPENS) && lf->r->type == ff->h->partner))
        pair_error(x, f->fix, "does not come right after");
    else if ((lf->h->flags & HOWTO_OPENS) && ff->r->type != lf->h->partner)
        pair_error(x, w->last.fix, "is not followed by");
    if (++w->len == MAX_CHAIN) {
        char at[160];
        xip_where(x, ff->g, ff->r->offset, at, sizeof at);
        xip_add_error(x, "%s: more than %u relocations patch one field", at, MAX_CHAIN - 1);
    }
    x->fixes[f->fix].prev = (int32_t)w->last.fix;
    w->last = *f;
}

/* The next field f in by_field order (NULL: the end): link it into the
 * chain at head if it composes, else refuse an overlap or a broken pair. */
static void chain_step(struct xctx *x, struct chain_walk *w, const struct field_at *f)
{
    int overlaps = f && w->started && f->literal == w->head.literal && f->off < w->end;
    if (overlaps && composes(x, &w->head, f)) {
        chain_link(x, w, f);
        return;
    }
    /* last's field ends here */
    if (w->started && (x->fixes[w->last.fix].h->flags & HOWTO_OPENS))
        pair_error(x, w->last.fix, "is not followed by");
    if (!f)
        return;
    const struct fix *ff = &x->fixes[f->fix];
    if (overlaps) {
        char at[160], at2[160], tn[16], tn2[16];
        const struct fix *lf = &x->fixes[w->last.fix];
        xip_where(x, ff->g, ff->r->offset, at, sizeof at);
        xip_where(x, lf->g, lf->r->offset, at2, sizeof at2);
        xip_add_error(x, "%s: relocation %s overlaps the field of %s at %s; references '%s'",
                      at, xip_type_name(x, ff->r->type, tn, sizeof tn),
                      xip_type_name(x, lf->r->type, tn2, sizeof tn2), at2,
                      x->m->symbols[ff->r->symbol].name);
    } else if (ff->h->flags & HOWTO_CLOSES) {
        pair_error(x, f->fix, "does not come right after");
    }
    uint64_t f_end = f->off + ff->h->size;
    if (!overlaps || f_end > w->end)
        w->end = f_end;
    w->head = w->last = *f;
    w->started = 1;
    w->len = 1;
}

/* Whether the fields are in by_field order already, as relocation order. */
static int in_field_order(const struct xctx *x)
{
    struct field_at fa, prev;
    int have_prev = 0;
    for (size_t i = 0; i < x->nfix; i++)
        if (field_of(x, i, &fa)) {
            if (have_prev && by_field(&prev, &fa) > 0)
                return 0;
            prev = fa;
            have_prev = 1;
        }
    return 1;
}

/* Fields may overlap only as one field that relocations of one chain class
 * compose (struct aotx_howto), each after the first reading it: link those
 * (fix.prev), check their pairs, and refuse every other overlap. The fields
 * are walked in by_field order: wamrc writes each group in offset order and
 * the groups in the order of their areas, so relocation order mostly is that
 * order already and is walked as it is; otherwise the fields are sorted. */
static void chain_fixes(struct xctx *x)
{
    struct chain_walk w = {0};
    struct field_at fa;
    if (x->nfix > INT32_MAX) { /* fix.prev holds a fix's index */
        xip_add_error(x, "%zu relocations are more than aot-xip handles", x->nfix);
        return;
    }
    if (in_field_order(x)) {
        for (size_t i = 0; i < x->nfix; i++)
            if (field_of(x, i, &fa))
                chain_step(x, &w, &fa);
        chain_step(x, &w, NULL);
        return;
    }
    struct field_at *by = calloc(x->nfix ? x->nfix : 1, sizeof *by);
    size_t n = 0;
    if (!by) {
        xip_add_error(x, "out of memory");
        return;
    }
    for (size_t i = 0; i < x->nfix; i++)
        n += (size_t)field_of(x, i, &by[n]);
    qsort(by, n, sizeof *by, by_field);
    for (size_t i = 0; i < n; i++)
        chain_step(x, &w, &by[i]);
    chain_step(x, &w, NULL);
    free(by);
}

/* ---- 4. compute and check ---- */

static void locate(const struct xctx *x, const struct fix *f, struct loc *l)
{
    uint32_t s = f->r->symbol;
    l->P = f->P;
    l->S = sym_target(x, s, f->h);
    l->G = 0;
    if (f->h->expr == X_GOT_PC && x->got_slot[s]) /* a load reads the slot: data bus */
        l->G = x->code_addr + x->got_off + (x->got_slot[s] - 1) * (x->ptr_bits / 8) +
               x->data_delta;
}

int64_t xip_compute(const struct aotx_howto *h, const struct loc *l, int64_t A)
{
    switch (h->expr) {
    case X_NONE: return 0;
    case X_ABS: return (int64_t)(l->S + (uint64_t)A);
    case X_PC: return (int64_t)(l->S + (uint64_t)A - l->P);
    case X_PAGE_PC:
        return (int64_t)(((l->S + (uint64_t)A) & ~(uint64_t)0xfff) - (l->P & ~(uint64_t)0xfff));
    case X_GOT_PC: return (int64_t)(l->G + (uint64_t)A - l->P);
    case X_PC_LO: return 0; /* from its PC_HI partner: see fix_value */
    case X_ADD: case X_SUB: return 0; /* with V: see fix_value */
    }
    return 0;
}

static int by_p(const void *a, const void *b)
{
    const struct pc_hi *ha = a, *hb = b;
    return ha->P < hb->P ? -1 : ha->P > hb->P;
}

size_t xip_pc_hi_at(const struct xctx *x, uint64_t p)
{
    size_t lo = 0, hi = x->nhi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->his[mid].P == p)
            return x->his[mid].fix;
        if (x->his[mid].P < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

/* The PC_HI relocations by address, for their PC_LO partners. */
static enum aotx_err index_pc_his(struct xctx *x)
{
    size_t n = 0;
    for (size_t i = 0; i < x->nfix; i++)
        n += x->fixes[i].h && (x->fixes[i].h->flags & HOWTO_PC_HI);
    x->his = calloc(n ? n : 1, sizeof *x->his);
    if (!x->his)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (size_t i = 0; i < x->nfix; i++)
        if (x->fixes[i].h && (x->fixes[i].h->flags & HOWTO_PC_HI))
            x->his[x->nhi++] = (struct pc_hi){.P = x->fixes[i].P, .fix = i};
    qsort(x->his, x->nhi, sizeof *x->his, by_p);
    return AOTX_OK;
}

size_t xip_chain_of(const struct xctx *x, size_t i, size_t seq[MAX_CHAIN])
{
    size_t n = 0;
    for (size_t k = i;; k = (size_t)x->fixes[k].prev) {
        seq[n++] = k;
        if (!reads_field(x->fixes[k].h) || x->fixes[k].prev < 0 || n == MAX_CHAIN)
            return n;
    }
}

enum fix_status { FIX_OK, FIX_RANGE, FIX_NO_HI };

/* What computing fix i gave: its field value, and for a refusal the value
 * and the range it missed. */
struct value {
    uint64_t field;
    int64_t v;
    struct aotx_range bad;
    char via[96];     /* a call through a veneer: which, for the message */
};

static enum fix_status fix_value(const struct xctx *x, size_t i, struct value *out);

/* A relocation that reads its field (X_ADD, X_SUB): V is the field value of
 * the one before it at the field, or for the first, what the input holds
 * there. The chain is computed from its head (at most MAX_CHAIN long, see
 * chain_fixes). */
static enum fix_status chain_value(const struct xctx *x, size_t i, struct value *out)
{
    size_t seq[MAX_CHAIN], n = xip_chain_of(x, i, seq);
    uint64_t V = 0;
    enum fix_status st = FIX_OK;
    while (n--) {
        const struct fix *f = &x->fixes[seq[n]];
        struct loc l;
        if (!reads_field(f->h)) { /* the head sets the field: SET*, R_RISCV_32 */
            st = fix_value(x, seq[n], out);
            V = out->field;
            continue;
        }
        locate(x, f, &l);
        if (f->prev < 0)
            V = x->a->decode(f->h, section_bytes(x->m, f->g) + f->r->offset, x->be);
        uint64_t sa = l.S + (uint64_t)f->A;
        out->v = (int64_t)(f->h->expr == X_ADD ? V + sa : V - sa);
        st = x->a->field(f->h, out->v, l.P, &V, &out->bad) ? FIX_RANGE : FIX_OK;
    }
    out->field = V;
    out->via[0] = 0;
    return st;
}

/* The field value of fix i (an arch field encoding), and for a refusal the
 * value and the range it missed. */
static enum fix_status fix_value(const struct xctx *x, size_t i, struct value *out)
{
    const struct fix *f = &x->fixes[i];
    struct loc l;
    locate(x, f, &l);
    out->field = 0;
    out->via[0] = 0;
    if (f->h->expr == X_PC_LO) {
        size_t hi = xip_pc_hi_at(x, l.S + (uint64_t)f->A);
        if (hi == SIZE_MAX) {
            out->v = (int64_t)(l.S + (uint64_t)f->A);
            return FIX_NO_HI;
        }
        struct loc hl;
        locate(x, &x->fixes[hi], &hl);
        out->v = xip_compute(x->fixes[hi].h, &hl, x->fixes[hi].A);
    } else if (reads_field(f->h)) {
        return chain_value(x, i, out);
    } else if (f->veneer >= 0) { /* a call through its veneer */
        const struct veneer *vn = &x->veneers[f->veneer];
        l.S = (x->code_addr + vn->off) | (uint64_t)x->vt->thumb;
        out->v = xip_compute(f->h, &l, f->h->call_bias);
        if (!x->a->field(f->h, out->v, l.P, &out->field, &out->bad))
            return FIX_OK;
        snprintf(out->via, sizeof out->via, " (through its veneer at 0x%llx, for 0x%llx)",
                 (unsigned long long)(l.S & ~(uint64_t)1), (unsigned long long)vn->target);
        return FIX_RANGE;
    } else {
        out->v = xip_compute(f->h, &l, f->A);
    }
    return x->a->field(f->h, out->v, l.P, &out->field, &out->bad) ? FIX_RANGE : FIX_OK;
}

static void range_error(struct xctx *x, size_t i, const struct value *val)
{
    char at[160], tn[16];
    const struct fix *f = &x->fixes[i];
    const struct aotx_range *bad = &val->bad;
    const char *sym = x->m->symbols[f->r->symbol].name, *via = val->via;
    int64_t v = val->v;
    xip_where(x, f->g, f->r->offset, at, sizeof at);
    const char *name = xip_type_name(x, f->r->type, tn, sizeof tn);
    if (bad->state)
        xip_add_error(x, "%s: relocation %s cannot change to ARM state: '%s' is ARM code and "
                      "this branch cannot switch state%s", at, name, sym, via);
    else if (bad->misaligned ||
             (bad->align > 1 && ((uint64_t)v & (bad->align - 1)) && v >= bad->lo && v <= bad->hi))
        xip_add_error(x, "%s: relocation %s: %lld is not a multiple of %u; references '%s'%s",
                      at, name, (long long)v, bad->align, sym, via);
    else
        xip_add_error(x, "%s: relocation %s out of range: %lld is not in [%lld, %lld]; "
                      "references '%s'%s", at, name, (long long)v, (long long)bad->lo,
                      (long long)bad->hi, sym, via);
}

static void no_hi_error(struct xctx *x, size_t i, uint64_t at_hi)
{
    char at[160], tn[16];
    const struct fix *f = &x->fixes[i];
    xip_where(x, f->g, f->r->offset, at, sizeof at);
    xip_add_error(x, "%s: relocation %s refers to 0x%llx, where no PC-relative high part is "
                  "relocated", at, xip_type_name(x, f->r->type, tn, sizeof tn),
                  (unsigned long long)at_hi);
}

void xip_check_fixes(struct xctx *x)
{
    if (index_pc_his(x) != AOTX_OK) {
        xip_add_error(x, "out of memory");
        return;
    }
    chain_fixes(x);
    for (size_t i = 0; i < x->nfix; i++) {
        struct value val = {0};
        if (!x->fixes[i].h)
            continue;
        switch (fix_value(x, i, &val)) {
        case FIX_OK: x->fixes[i].field = val.field; break;
        case FIX_RANGE: range_error(x, i, &val); break;
        case FIX_NO_HI: no_hi_error(x, i, (uint64_t)val.v); break;
        }
    }
}
