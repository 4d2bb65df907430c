/* The relocation section (AOT-FORMAT.md 5): the symbol table, the groups
 * with the section each one patches, every relocation with its offset
 * checked against that section, and each symbol classified the way the
 * runtime resolves it (enum aotx_sym_class). */
#include "read_int.h"


/* ---- relocation section ---- */

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int find_data_section(const struct aotx_module *m, const char *name, uint32_t *idx)
{
    for (uint32_t i = 0; i < m->data_section_count; i++)
        if (strcmp(m->data_sections[i].name, name) == 0) {
            *idx = i;
            return 1;
        }
    return 0;
}

/* "aot_func#12" -> 12, the digits after a prefix pl bytes long; only plain
 * decimal, as wamrc writes it. */
static int parse_func_index(const char *s, size_t pl, uint64_t *n)
{
    if (!s[pl])
        return 0;
    *n = 0;
    for (s += pl; *s; s++) {
        if (*s < '0' || *s > '9' || *n > 0xffffffffu)
            return 0;
        *n = *n * 10 + (uint64_t)(*s - '0');
    }
    return 1;
}

/* Names the runtime takes as object data sections (AOT-FORMAT.md 6.1). */
static int is_data_symbol_name(const char *s)
{
    static const char *const exact[] = {".data", ".sdata", ".rdata", ".rodata", ".srodata",
                                        ".aot_stack_sizes"};
    static const char *const prefix[] = {".rodata.cst", ".srodata.cst", ".rodata.str",
                                         "__llvm_prf_cnts", "__llvm_prf_data",
                                         "__llvm_prf_names"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(s, exact[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (has_prefix(s, prefix[i]))
            return 1;
    return 0;
}

static enum aotx_err classify_symbol(struct ctx *c, struct rd *r, struct aotx_symbol *sym)
{
    const struct aotx_module *m = c->m;
    const char *s = sym->name;
    uint64_t n;
    if (sym->cls != AOTX_SYM_NONE)
        return AOTX_OK;
    /* "aot_func#N" or "aot_func_internal#N": a module has one of them, or
     * two, per function, so the prefix is matched once, not per form */
    size_t pl = 0;
    if (strncmp(s, "aot_func", 8) == 0)
        pl = s[8] == '#' ? 9 : strncmp(s + 8, "_internal#", 10) == 0 ? 18 : 0;
    if (pl && parse_func_index(s, pl, &n)) {
        if (n >= m->func_count)
            return rd_fail(r, "relocation symbol '%s' names function %llu, but the module "
                           "defines %u", s, (unsigned long long)n, m->func_count);
        sym->cls = pl == 9 ? AOTX_SYM_AOT_FUNC : AOTX_SYM_AOT_FUNC_INTERNAL;
        sym->index = (uint32_t)n;
    } else if (strcmp(s, ".text") == 0 || strcmp(s, ".ltext") == 0) {
        sym->cls = AOTX_SYM_CODE;
    } else if (strcmp(s, ".literal") == 0) {
        sym->cls = AOTX_SYM_LITERAL;
    } else if (find_data_section(m, s, &sym->index)) {
        sym->cls = AOTX_SYM_DATA;
    } else if (has_prefix(s, "$CPI") || has_prefix(s, ".L")) {
        sym->cls = AOTX_SYM_LOCAL_LABEL;
    } else if (is_data_symbol_name(s)) {
        return rd_fail(r, "relocation symbol '%s' names an object data section that the file "
                       "does not carry", s);
    } else {
        sym->cls = AOTX_SYM_NATIVE;
    }
    return AOTX_OK;
}

/* Which section a group patches (AOT-FORMAT.md 5.4). */
static enum aotx_err group_target(struct ctx *c, struct rd *r, struct aotx_reloc_group *g,
                                  uint32_t gi)
{
    const char *n = g->name;
    int coff = (c->m->target.bin_type & AOTX_BIN_COFF) != 0;
    if (!strcmp(n, ".rel.text") || !strcmp(n, ".rela.text") || !strcmp(n, ".rel.ltext") ||
        !strcmp(n, ".rela.ltext") || (coff && !strcmp(n, ".text"))) {
        g->target = AOTX_PATCH_CODE;
        return AOTX_OK;
    }
    if (!strcmp(n, ".rela.literal")) {
        g->target = AOTX_PATCH_LITERAL;
        return AOTX_OK;
    }
    const char *sec = has_prefix(n, ".rela.") ? n + 5 : has_prefix(n, ".rel.") ? n + 4
                    : has_prefix(n, ".rela__llvm_prf_data") ? n + 5
                    : has_prefix(n, ".rel__llvm_prf_data") ? n + 4
                    : (coff && !strcmp(n, ".rdata")) ? n : NULL;
    g->target = AOTX_PATCH_DATA;
    if (sec && find_data_section(c->m, sec, &g->data_index))
        return AOTX_OK;
    return rd_fail(r, "relocation group %u ('%s') patches no section this file carries", gi, n);
}

static uint64_t target_size(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return m->code_size;
    case AOTX_PATCH_LITERAL: return m->literal_size;
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].size;
    }
    return 0;
}

static const char *target_name(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return "code";
    case AOTX_PATCH_LITERAL: return "literal";
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].name;
    }
    return "?";
}

/* The symbol table: the offsets of the names, then the string area they
 * point into, each name where the one before it ends. */
static enum aotx_err rd_reloc_symbols(struct ctx *c, struct rd *r)
{
    struct aotx_module *m = c->m;
    uint32_t nsym, total;
    TRY(rd_count(r, "relocation symbol count", 4 + 2, &nsym));
    size_t offsets_at = r->pos;
    TRY(rd_skip(r, 4ull * nsym, "relocation symbol offsets"));
    TRY(rd_u32(r, "relocation string area size", &total));
    size_t area = r->pos;
    TRY(rd_need(r, total, "relocation string area"));

    m->symbols = ctx_array(c, nsym, sizeof *m->symbols);
    if (nsym && !m->symbols)
        return AOTX_E_NOMEM;
    m->symbol_count = nsym;
    struct rd s = *r;
    s.end = area + total;
    for (uint32_t i = 0; i < nsym; i++) {
        uint32_t off = rd32le(r->buf + offsets_at + 4ull * i);
        if (off != s.pos - area)
            return rd_fail(r, "relocation symbol %u: offset 0x%x in the table, but the strings "
                           "before it end at 0x%zx", i, off, s.pos - area);
        TRY(rd_str(c, &s, "relocation symbol name", &m->symbols[i].name));
        if (s.pos & 1)
            TRY(rd_align(&s, 2, "next relocation symbol name"));
    }
    if (s.pos != s.end)
        return rd_fail(r, "relocation string area is 0x%x bytes, but its %u strings end at 0x%zx",
                       total, nsym, s.pos - area);
    r->pos = s.end;
    return AOTX_OK;
}

/* One relocation record (24 bytes wide, else 16): whole where it is
 * aligned and all there, else field by field, so that the error names the
 * field cut short. */
static enum aotx_err rd_reloc_record(struct rd *r, int wide, struct aotx_reloc *x)
{
    if (!(r->pos & 3) && rd_left(r) >= (wide ? 24u : 16u)) { /* aligned, all there */
        const uint8_t *p = r->buf + r->pos;
        if (wide) {
            x->offset = rd64le(p);
            x->addend = (int64_t)rd64le(p + 8);
            p += 16;
        } else {
            x->offset = rd32le(p);
            x->addend = (int32_t)rd32le(p + 4);
            p += 8;
        }
        x->type = rd32le(p);
        x->symbol = rd32le(p + 4);
        r->pos += wide ? 24 : 16;
        return AOTX_OK;
    }
    if (wide) {
        uint64_t a;
        TRY(rd_u64(r, "relocation offset", &x->offset));
        TRY(rd_u64(r, "relocation addend", &a));
        x->addend = (int64_t)a;
    } else {
        uint32_t o, a;
        TRY(rd_u32(r, "relocation offset", &o));
        TRY(rd_u32(r, "relocation addend", &a));
        x->offset = o;
        x->addend = (int32_t)a;
    }
    TRY(rd_u32(r, "relocation type", &x->type));
    return rd_u32(r, "relocation symbol index", &x->symbol);
}

/* Group gi: its name, the section it patches, and its relocations, each
 * checked against the symbol table and that section. */
static enum aotx_err rd_group(struct ctx *c, struct rd *r, uint32_t gi)
{
    struct aotx_module *m = c->m;
    struct aotx_reloc_group *g = &m->groups[gi];
    uint32_t nsym = m->symbol_count;
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    size_t at = align_up(r->pos, 4);
    TRY(rd_u32(r, "relocation group name index", &g->name_index));
    if (g->name_index >= nsym)
        return rd_fail(r, "relocation group %u at offset 0x%zx: name index %u is out of "
                       "range (%u symbols)", gi, at, g->name_index, nsym);
    g->name = m->symbols[g->name_index].name;
    TRY(group_target(c, r, g, gi));
    TRY(rd_count(r, "relocation count", wide ? 24 : 16, &g->count));
    g->relocs = ctx_array(c, g->count, sizeof *g->relocs);
    if (g->count && !g->relocs)
        return AOTX_E_NOMEM;
    uint64_t limit = target_size(m, g);
    for (uint32_t j = 0; j < g->count; j++) {
        struct aotx_reloc *x = &g->relocs[j];
        at = align_up(r->pos, 4);
        TRY(rd_reloc_record(r, wide, x));
        if (x->symbol >= nsym)
            return rd_fail(r, "relocation group %u ('%s') entry %u at offset 0x%zx: symbol "
                           "index %u is out of range (%u symbols)", gi, g->name, j, at,
                           x->symbol, nsym);
        if (x->offset >= limit)
            return rd_fail(r, "relocation group %u ('%s') entry %u at offset 0x%zx: offset "
                           "0x%llx is past the end of %s (0x%llx bytes)", gi, g->name, j, at,
                           (unsigned long long)x->offset, target_name(m, g),
                           (unsigned long long)limit);
        TRY(classify_symbol(c, r, &m->symbols[x->symbol]));
    }
    return AOTX_OK;
}

enum aotx_err rd_relocations(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    uint32_t ngroups;
    TRY(rd_reloc_symbols(c, &r));
    TRY(rd_count(&r, "relocation group count", 8, &ngroups));
    m->groups = ctx_array(c, ngroups, sizeof *m->groups);
    if (ngroups && !m->groups)
        return AOTX_E_NOMEM;
    m->group_count = ngroups;
    for (uint32_t gi = 0; gi < ngroups; gi++)
        TRY(rd_group(c, &r, gi));
    if (r.pos != r.end)
        return rd_fail(&r, "%zu bytes follow the last relocation group", r.end - r.pos);
    return AOTX_OK;
}
