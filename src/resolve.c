/* Step 1 of the XIP rewrite: every symbol a relocation references,
 * resolved the way the stock runtime resolves it, and on ARM targets the
 * core's profile and each native's instruction set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xip_int.h"

/* ---- the ARM core ---- */

static const char *profile_name(char p)
{
    switch (p) {
    case 'a': return "an A-profile core";
    case 'r': return "an R-profile core";
    case 'm': return "an M-profile core";
    default: return "a core with an ARM state";
    }
}

/* Where the core was taken as M-profile for want of a profile in the arch
 * string (a bare "thumbv7"), a message says so and what to say if not. */
static const char *profile_hint(const struct xctx *x)
{
    return x->profile_default ? " (aot-xip takes an arch that names no profile as M: say "
                                "--arm-profile a or r if the core is not)"
                              : "";
}

/* ARM and Thumb: the core's profile, from the arch string (aotx_arm_core)
 * or, where it does not say, arm_profile, else M (no ARM state). */
enum aotx_err xip_arm_core(struct xctx *x)
{
    const char *arch = x->m->target.arch;
    char told = x->o->arm_profile;
    struct aotx_arm_core c;
    if (!x->a->thumb_bit)
        return AOTX_OK;
    if (told && told != 'a' && told != 'r' && told != 'm')
        return aotx_fail(x->d, AOTX_E_USAGE, "ARM profile '%c': expected a, r or m", told);
    aotx_arm_core(arch, &c);
    /* a core before the profiles ('c') has an ARM state, as A and R ones */
    if (told && c.profile && told != c.profile && (c.profile != 'c' || told == 'm'))
        return aotx_fail(x->d, AOTX_E_USAGE, "--arm-profile %c contradicts the module's arch "
                         "'%s', %s: leave the option out", told, arch, profile_name(c.profile));
    x->profile_default = !c.profile && !told && x->a->code_thumb;
    if (!c.profile || c.profile == 'c') /* ARM-state code runs on an A or R core */
        x->profile = told ? told : x->profile_default ? 'm' : 'a';
    else
        x->profile = c.profile;
    x->arm_state = x->profile != 'm';
    if (!x->a->code_thumb && !x->arm_state)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "the module is ARM-state (A32) code, which "
                         "%s cannot run: it has no ARM state (arch '%s'%s)",
                         profile_name('m'), arch, c.profile ? "" : ", --arm-profile m");
    if (!x->arm_state && x->o->assume_isa == AOTX_ISA_ARM)
        return aotx_fail(x->d, AOTX_E_USAGE, "--assume-isa arm: a %s core has no ARM state, "
                         "its natives are Thumb code%s", arch, profile_hint(x));
    return AOTX_OK;
}

/* ---- natives ---- */

/* Writable by its name, and not vouched for with --assume-readonly. */
static int writable(const struct xctx *x, const char *name)
{
    for (size_t i = 0; i < x->o->assume_readonly_count; i++)
        if (strcmp(x->o->assume_readonly[i], name) == 0)
            return 0;
    return aotx_data_section_is_writable(name);
}

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

const char *xip_sym_origin(const struct xctx *x, uint32_t i)
{
    const struct aotx_symbol *s = &x->m->symbols[i];
    if (x->abi && s->cls == AOTX_SYM_NATIVE)
        return "natives table";
    const struct aotx_native *n = s->cls == AOTX_SYM_NATIVE && x->o->symbols
                                      ? aotx_symmap_find(x->o->symbols, s->name)
                                      : NULL;
    return n ? n->file : "image";
}

/* Names for one message, "'a', 'b'", as they come. */
struct names {
    char *s;
    size_t len, cap;
    uint32_t n;
};

static int names_add(struct names *l, const char *name)
{
    size_t need = strlen(name) + 5;
    if (l->len + need + 1 > l->cap) {
        size_t cap = (l->cap + need) * 2 + 64;
        char *p = realloc(l->s, cap);
        if (!p)
            return 0;
        l->s = p;
        l->cap = cap;
    }
    l->len += (size_t)snprintf(l->s + l->len, l->cap - l->len, "%s'%s'", l->n ? ", " : "", name);
    l->n++;
    return 1;
}

/* The source knows the symbol is no code: an ELF or nm symbol that is not
 * a function (as symbols.c's known_data). */
static int map_says_data(const struct aotx_native *n)
{
    return (n->source == AOTX_SYMMAP_ELF || n->source == AOTX_SYMMAP_NM) && !n->is_func;
}

/* ARM targets: the instruction set of native i, from its map entry n. One
 * the map does not tell is Thumb on an M-profile core, else what assume_isa
 * says, else unknown (refused where it matters: watch_use). Data has none:
 * T is 0, and a branch to it stays in the module's state. */
static void native_isa(struct xctx *x, uint32_t i, const struct aotx_native *n)
{
    struct sym *r = &x->syms[i];
    if (r->data) {
        r->branch_thumb = x->a->code_thumb != 0;
        return;
    }
    int thumb = n->isa != AOTX_ISA_UNKNOWN ? n->isa == AOTX_ISA_THUMB
                : n->value & 1             ? 1 /* a map that writes the Thumb bit */
                                           : -1;
    r->addr &= ~(uint64_t)1;
    if (thumb < 0 && !x->arm_state) {
        thumb = 1;
    } else if (thumb < 0 && x->o->assume_isa != AOTX_ISA_UNKNOWN) {
        thumb = x->o->assume_isa == AOTX_ISA_THUMB;
        r->isa_assumed = 1;
    } else if (thumb < 0) {
        thumb = x->a->code_thumb != 0; /* for now: refused where it matters */
        r->unknown = 1;
        x->watch = 1;
    }
    if (!thumb && !x->arm_state)
        xip_add_error(x, "'%s' (%s) is ARM-state code (a function symbol without the Thumb "
                      "bit), which a %s core cannot run: it has no ARM state%s",
                      x->m->symbols[i].name, n->file, x->m->target.arch, profile_hint(x));
    r->thumb = r->branch_thumb = (uint8_t)thumb;
}

/* Native i from the symbol maps (an undefined one is undefined_errors'). */
static void resolve_native(struct xctx *x, uint32_t i)
{
    const char *name = x->m->symbols[i].name;
    const struct aotx_native *n = x->o->symbols ? aotx_symmap_find(x->o->symbols, name) : NULL;
    struct sym *r = &x->syms[i];
    if (!n)
        return;
    if (n->ambiguous) {
        xip_add_error(x, "ambiguous: %u local symbols '%s' in %s", n->ambiguous, name, n->file);
        return;
    }
    if (n->is_ifunc) {
        xip_add_error(x, "'%s' (%s) is a GNU IFUNC: its address is a resolver that returns "
                      "the function, not the function; name a concrete implementation with "
                      "--defsym %s=ADDRESS", name, n->file, name);
        return;
    }
    r->addr = n->value;
    r->ok = 1;
    r->data = (uint8_t)map_says_data(n);
    x->watch |= r->data;
    if (x->a->thumb_bit)
        native_isa(x, i, n);
}

/* A relocation f with a howto against a native that watch is set for: one
 * of unknown instruction set is refused where its state matters (after
 * prepare_fixes has seen them all); a call to data is warned of, once. */
void xip_watch_use(struct xctx *x, const struct fix *f)
{
    const struct aotx_reloc *r = f->r;
    struct sym *s = &x->syms[r->symbol];
    if (s->unknown && f->h->expr != X_NONE && !(f->h->flags & HOWTO_NO_T))
        s->unknown = 2;
    if (s->data == 1 && (f->h->flags & HOWTO_CALL)) {
        char at[160], tn[16];
        s->data = 2;
        xip_where(x, f->g, r->offset, at, sizeof at);
        xip_warn(x, "'%s' (from %s) is no function in the symbol map (data, or of no type), "
                 "but %s calls it (relocation %s)", x->m->symbols[r->symbol].name,
                 xip_sym_origin(x, r->symbol), at, xip_type_name(x, r->type, tn, sizeof tn));
    }
}

int xip_unknown_isa_error(struct xctx *x)
{
    struct names l = {0};
    for (uint32_t i = 0; i < x->m->symbol_count; i++)
        if (x->syms[i].unknown == 2 && !names_add(&l, x->m->symbols[i].name)) {
            free(l.s);
            return 0;
        }
    if (l.n)
        xip_add_error(x, "unknown instruction set (%u): %s; the symbol maps do not say whether "
                      "%s ARM or Thumb code, and the core of this %s module has both states "
                      "(ld maps and plain maps cannot say it, nm output only with its mapping "
                      "symbols, nm --special-syms; an odd address means Thumb): give the "
                      "firmware's ELF with --symbols, or say --assume-isa arm or thumb",
                      l.n, l.s, l.n > 1 ? "they are" : "it is", x->m->target.arch);
    free(l.s);
    return 1;
}

/* ---- every symbol ---- */

/* Symbol i, referenced by uses relocations. */
static void resolve_one(struct xctx *x, uint32_t i, uint32_t uses)
{
    const struct aotx_module *m = x->m;
    const struct aotx_symbol *s = &m->symbols[i];
    struct sym *r = &x->syms[i];
    switch (s->cls) {
    case AOTX_SYM_NONE: /* the reader classifies every symbol a relocation uses */
        xip_add_error(x, "relocation against '%s', a symbol the reader did not classify",
                      s->name);
        break;
    case AOTX_SYM_AOT_FUNC:
        r->addr = x->code_addr + m->text_offsets[s->index];
        r->thumb = r->branch_thumb = x->a->code_thumb != 0;
        r->ok = 1;
        break;
    case AOTX_SYM_AOT_FUNC_INTERNAL:
        xip_add_error(x, "relocation against '%s': the file does not record where that "
                      "function starts (only aot_func#N entries are listed)", s->name);
        break;
    case AOTX_SYM_CODE: /* sections: T is 0; a branch stays in the module's state */
        r->addr = x->code_addr;
        r->branch_thumb = x->a->code_thumb != 0;
        r->ok = 1;
        break;
    case AOTX_SYM_LITERAL:
        r->addr = x->literal_addr;
        r->branch_thumb = x->a->code_thumb != 0;
        r->ok = 1;
        break;
    case AOTX_SYM_DATA:
        if (writable(x, s->name))
            xip_add_error(x, "writable data section '%s' (%u bytes) is referenced by %u "
                          "relocations: an XIP image cannot place writable data in flash (if "
                          "the module never writes it, say so with --assume-readonly %s)",
                          s->name, m->data_sections[s->index].size, uses, s->name);
        else
            r->ok = 2; /* placed with the data copies */
        r->branch_thumb = x->a->code_thumb != 0;
        break;
    case AOTX_SYM_LOCAL_LABEL:
        if (has_prefix(s->name, "$CPI"))
            xip_add_error(x, "relocation against '%s': wamrc leaves MIPS constant-pool labels "
                          "unconverted, so the module's floating-point constants cannot be "
                          "placed (the stock WAMR loader cannot load this file either)",
                          s->name);
        else
            xip_add_error(x, "relocation against the local label '%s', which wamrc did not "
                          "convert: the file does not record its address", s->name);
        break;
    case AOTX_SYM_NATIVE:
        if (x->abi) { /* natives-table mode: its entry in the table */
            xip_table_native(x, i);
            break;
        }
        resolve_native(x, i);
        break;
    }
}

/* Relocation groups that patch data an XIP image cannot patch. */
static void check_groups(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    for (uint32_t gi = 0; gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        if (g->target == AOTX_PATCH_DATA &&
            strcmp(m->data_sections[g->data_index].name, ".aot_stack_sizes") == 0)
            xip_add_error(x, "relocation group '%s' patches '.aot_stack_sizes', which the "
                          "loader reads from the init data, where it stays unpatched", g->name);
        else if (g->target == AOTX_PATCH_DATA &&
                 writable(x, m->data_sections[g->data_index].name))
            xip_add_error(x, "writable data section '%s' is patched by relocation group '%s': "
                          "an XIP image cannot place writable data in flash",
                          m->data_sections[g->data_index].name, g->name);
    }
}

/* The places an undefined native's error names, lld's three. */
#define UNDEF_PLACES 3

struct place {
    const struct aotx_reloc_group *g;
    uint64_t off;
};

/* The first places of each undefined native (undef[i] - 1 of them, for
 * undef[i] nonzero), in one pass over the relocations. */
static void find_places(const struct xctx *x, uint8_t *undef, struct place *at)
{
    const struct aotx_module *m = x->m;
    for (uint32_t g = 0; g < m->group_count; g++)
        for (uint32_t k = 0; k < m->groups[g].count; k++) {
            uint32_t i = m->groups[g].relocs[k].symbol;
            if (undef[i] && undef[i] <= UNDEF_PLACES)
                at[(size_t)i * UNDEF_PLACES + undef[i]++ - 1] =
                    (struct place){&m->groups[g], m->groups[g].relocs[k].offset};
        }
}

/* Undefined native i's error, then its places and how many more there are. */
static void undefined_error(struct xctx *x, uint32_t i, const struct place *at, uint32_t n,
                            uint32_t uses)
{
    const char *name = x->m->symbols[i].name;
    char where[160];
    xip_add_error(x, "undefined symbol: '%s': the firmware's symbol maps do not define it (if "
                  "its linker dropped it, keep it with -Wl,--undefined=%s)", name, name);
    for (uint32_t k = 0; k < n; k++) {
        xip_where(x, at[k].g, at[k].off, where, sizeof where);
        xip_add_detail(x, ">>> referenced by %s", where);
    }
    if (uses > n)
        xip_add_detail(x, ">>> referenced %u more time%s", uses - n, uses - n > 1 ? "s" : "");
}

/* Every undefined native, one error each with where it is referenced,
 * before any other error; 0 out of memory. */
static int undefined_errors(struct xctx *x, const uint32_t *uses)
{
    const struct aotx_module *m = x->m;
    const struct aotx_symmap *maps = x->o->symbols;
    uint8_t *undef = calloc(m->symbol_count + 1, 1);
    struct place *at = calloc((size_t)m->symbol_count * UNDEF_PLACES + 1, sizeof *at);
    if (!undef || !at) {
        free(undef);
        free(at);
        return 0;
    }
    for (uint32_t i = 0; i < m->symbol_count; i++)
        undef[i] = uses[i] && m->symbols[i].cls == AOTX_SYM_NATIVE &&
                   !(maps && aotx_symmap_find(maps, m->symbols[i].name));
    find_places(x, undef, at);
    for (uint32_t i = 0; i < m->symbol_count; i++)
        if (undef[i])
            undefined_error(x, i, at + (size_t)i * UNDEF_PLACES, undef[i] - 1u, uses[i]);
    free(undef);
    free(at);
    return 1;
}

enum aotx_err xip_resolve_symbols(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    /* the relocations that reference each symbol: which to resolve, and
     * for the report */
    uint32_t *uses = x->uses = calloc(m->symbol_count + 1, sizeof *uses);
    if (!uses)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    xip_warn_options(x);
    for (uint32_t g = 0; g < m->group_count; g++)
        for (uint32_t i = 0; i < m->groups[g].count; i++)
            uses[m->groups[g].relocs[i].symbol]++;
    if (!x->abi && !undefined_errors(x, uses)) /* natives-table mode: no map needed */
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct sym *r = &x->syms[i];
        if (!uses[i])
            continue;
        resolve_one(x, i, uses[i]);
        if (r->ok == 1 && r->addr > x->addr_max)
            xip_add_error(x, "symbol '%s' = 0x%llx (from %s) is outside the %u-bit address "
                          "space", m->symbols[i].name, (unsigned long long)r->addr,
                          xip_sym_origin(x, i), x->ptr_bits);
    }
    check_groups(x);
    xip_table_finish(x);
    return x->nerrs ? xip_finish_errors(x, AOTX_E_UNSUPPORTED) : AOTX_OK;
}
