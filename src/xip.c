/* The XIP rewrite.
 *
 * 1. Resolve every referenced symbol: AOT functions, .text and .literal to
 *    their flash addresses; read-only object data sections to copies placed
 *    after the code; natives from the firmware's symbol maps. Writable data,
 *    unknown symbols and symbols the file cannot place are errors, all
 *    collected before any is reported.
 * 2. Lay out the image: the same sections in the same order, target info
 *    e_type 4, the literal area grown so the code starts on a 64-byte line
 *    (o->code_align), then after the code: veneers for far calls, GOT slots,
 *    the data copies.
 *    The relocation section stays, empty; object data sections are emptied
 *    except .aot_stack_sizes, which the runtime reads.
 * 3. Compute every relocation (S, A, P; the value by the psABI formula) and
 *    check it against its field: range, alignment, instruction set. Nothing
 *    is written until all of them fit.
 * 4. Write the fields, serialise the module, and read the image back to
 *    verify it: every field holds its checked value, every other byte is
 *    the input's (verify_image).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arch/arch.h"
#include "aot_xip/xip.h"
#include "bytes.h"
#include "internal.h"
#include "stamp.h"

/* One relocation: what does not come from the layout. fixes[i] is the i-th
 * relocation of the file (groups in order, each group's in order), so the
 * relocation itself and its group are found from i (fix_reloc, fix_gi);
 * its howto is one of the few the file uses, by number (fix_h). Addresses
 * are computed again in each pass that needs them (locate), and so is the
 * addend (fix_addend); the field values once (xctx.fields: a direct call's
 * when finding veneers, the others' when checking), kept for writing and
 * verifying. A rewrite keeps 16 bytes per relocation (24 on MIPS, with its
 * paired addends). */
struct fix {
    uint32_t how;     /* index into xctx.howtos; 0: refused, the error is recorded */
    int32_t link;     /* -1, or: a call, its veneer; X_ADD, X_SUB, the fix before
                         it at the same field (chain_fixes), whose value is its V */
};

/* The longest chain of relocations at one field (a pair is 2). */
#define MAX_CHAIN 16

/* The input's code is copied and verified a window at a time, each
 * window's pages given back to the kernel after it: this many bytes, or,
 * where a sixteenth of the code is more, that doubled until it is reached
 * (so a window is at most an eighth of the code; always a multiple of 8,
 * for unpatched_diff's groups of eight, and of any page size up to 256
 * KiB). Each window given back costs a TLB flush on the other thread's
 * core: with 256 KiB windows on a 20 MB module, over a millisecond. */
#define INPUT_WINDOW ((size_t)256 << 10)

static size_t input_window(size_t code_size)
{
    size_t w = INPUT_WINDOW;
    while (w < code_size / 16)
        w *= 2;
    return w;
}

/* How a second thread starts (aotx_xip_options.background); a test makes it
 * fail (tests/unit/test_verify.c). */
#ifndef AOTX_XIP_THREAD_CREATE
#define AOTX_XIP_THREAD_CREATE aotx_thread_create
#endif

/* Where a relocation lands and what it refers to, once the layout is known. */
struct loc {
    uint64_t off;     /* of the field in the output code area (or a data copy, or literal) */
    uint64_t P;
    uint64_t S;       /* with the Thumb bit */
    uint64_t G;       /* X_GOT_PC: the address of S's GOT slot */
};

/* A PC-relative high part, by address: PC_LO relocations name it. */
struct pc_hi {
    uint64_t P;
    size_t fix;
};

/* A symbol as resolved: 16 bytes (a module may have tens of thousands). */
struct sym {
    uint64_t addr;    /* without the Thumb bit */
    uint8_t thumb;    /* T: a Thumb function (ARM targets) */
    uint8_t branch_thumb; /* a branch to it enters Thumb state: as T for a function; for
                             a section or data, the module's own state (as ld.lld's) */
    uint8_t isa_assumed;
    uint8_t ok;       /* 0 unresolved, 1 placed, 2 with the data copies */
    uint8_t unknown;  /* ARM targets: a native of unknown instruction set (1), referenced
                         where its state matters (2): refused */
    uint8_t data;     /* a native the map says is data (1); a call to it warned of (2) */
};

struct veneer {
    uint64_t target;  /* S with the Thumb bit */
    uint32_t sym;
    uint64_t off;     /* in the code area */
    uint32_t callers;
};

struct xctx {
    const struct aotx_module *m;
    const struct aotx_arch *a;
    const struct aotx_xip_options *o;
    struct aotx_diag *d;
    int be;
    unsigned ptr_bits;
    uint64_t addr_max;   /* the last address the target can name */
    uint64_t literal_addr, code_addr;
    uint32_t pad;
    struct sym *syms;
    struct fix *fixes;
    size_t nfix;
    size_t *group_first; /* per group: the index of its first fix */
    int64_t *pair_A;     /* REL high/low pairs (MIPS): each fix's addend; else NULL */
    uint64_t *fields;    /* from finding veneers on: each fix's field value */
    uint8_t *known;      /* a bit per fix: its field is final already (a direct call) */
    const struct aotx_howto **howtos; /* the howtos the fixes use; [0] NULL */
    uint32_t nhowtos, *howto_slot;    /* howto_slot: open-addressed, 1 + index or 0 */
    uint32_t howto_cap;               /* of howto_slot, a power of 2, twice nhowtos at least */
    struct pc_hi *his;   /* sorted by P */
    size_t nhi;
    struct veneer *veneers;
    uint32_t nveneers;
    const struct aotx_veneer *vt;
    struct aotx_worker *w; /* a second thread for a share of the work, or NULL */
    int in_field_order;    /* the fixes are in field order (chain_fixes) */
    uint32_t *got_slot;  /* per symbol: 1 + its GOT slot, or 0 */
    uint32_t *got_sym;   /* per slot: the symbol */
    uint32_t *uses;      /* per symbol: the relocations that reference it */
    uint32_t ngot;
    char profile;        /* ARM targets: the core's, 'a', 'r' or 'm' ('a' for one before the
                            profiles, which has an ARM state) */
    int profile_default; /* ... taken as 'm' for an arch string that does not say */
    int arm_state;       /* ARM targets: the core has an ARM state (not M-profile) */
    int watch;           /* some native is of unknown instruction set, or data (watch_use) */
    char **warnings;     /* for the image (aotx_xip_image.warnings) */
    uint32_t nwarnings;
    int warn_nomem;
    uint64_t got_off;    /* of slot 0 in the code area */
    uint64_t *data_off;  /* per data section: offset of its copy in the code area, or ~0 */
    uint32_t *data_align;
    uint64_t code_area;  /* bytes: code + veneers + data copies */
    /* error collection */
    char *errs;
    size_t errs_len, errs_cap;
    uint32_t nerrs;
};

static void add_error(struct xctx *x, const char *fmt, ...) AOTX_PRINTF(2, 3);

/* The first error is kept whole; the rest are counted. */
static void add_error(struct xctx *x, const char *fmt, ...)
{
    if (x->nerrs++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->d ? x->d->msg : (char[1]){0}, x->d ? sizeof x->d->msg : 1, fmt, ap);
        va_end(ap);
    }
}

static enum aotx_err finish_errors(struct xctx *x, enum aotx_err code)
{
    if (x->nerrs > 1 && x->d) {
        size_t n = strlen(x->d->msg);
        snprintf(x->d->msg + n, sizeof x->d->msg - n, " (and %u more error%s)", x->nerrs - 1,
                 x->nerrs > 2 ? "s" : "");
    }
    if (x->d) {
        aotx_diag_one_line(x->d->msg); /* names come from the input */
        x->d->code = code;
    }
    return code;
}

/* "text+0x1a4 (aot_func#12+0x38)", "'.rodata'+0x10", "literal+0x8" */
static void where(const struct xctx *x, const struct aotx_reloc_group *g, uint64_t off, char *buf,
                  size_t n)
{
    const struct aotx_module *m = x->m;
    if (g->target == AOTX_PATCH_DATA) {
        snprintf(buf, n, "'%s'+0x%llx", m->data_sections[g->data_index].name,
                 (unsigned long long)off);
        return;
    }
    if (g->target == AOTX_PATCH_LITERAL) {
        snprintf(buf, n, "literal+0x%llx", (unsigned long long)off);
        return;
    }
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < m->func_count; i++)
        if (m->text_offsets[i] <= off &&
            (best == UINT32_MAX || m->text_offsets[i] > m->text_offsets[best]))
            best = i;
    if (best == UINT32_MAX)
        snprintf(buf, n, "text+0x%llx", (unsigned long long)off);
    else
        snprintf(buf, n, "text+0x%llx (aot_func#%u+0x%llx)", (unsigned long long)off, best,
                 (unsigned long long)(off - m->text_offsets[best]));
}

static void warn(struct xctx *x, const char *fmt, ...) AOTX_PRINTF(2, 3);

/* One warning line for the image, in the order met. */
static void warn(struct xctx *x, const char *fmt, ...)
{
    char line[AOTX_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    aotx_diag_one_line(line); /* names come from the input */
    size_t n = strlen(line) + 1;
    char *copy = malloc(n), **grown = realloc(x->warnings, (x->nwarnings + 1) * sizeof *grown);
    if (grown)
        x->warnings = grown;
    if (!copy || !grown) {
        free(copy);
        x->warn_nomem = 1;
        return;
    }
    memcpy(copy, line, n);
    x->warnings[x->nwarnings++] = copy;
}

static const char *type_name(const struct xctx *x, uint32_t type, char *buf, size_t n)
{
    const char *s = aotx_arch_reloc_name(x->a, type);
    if (s)
        return s;
    snprintf(buf, n, "%u", type);
    return buf;
}

/* ---- 1. symbols ---- */

/* Writable by its name, and not vouched for with --assume-readonly. */
static int writable(const struct xctx *x, const char *name)
{
    for (size_t i = 0; i < x->o->assume_readonly_count; i++)
        if (strcmp(x->o->assume_readonly[i], name) == 0)
            return 0;
    return aotx_data_section_is_writable(name);
}

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Where a resolved symbol's address came from: the symbol map, or "image". */
static const char *sym_origin(const struct xctx *x, uint32_t i)
{
    const struct aotx_symbol *s = &x->m->symbols[i];
    const struct aotx_native *n = s->cls == AOTX_SYM_NATIVE && x->o->symbols
                                      ? aotx_symmap_find(x->o->symbols, s->name)
                                      : NULL;
    return n ? n->file : "image";
}

/* Where the core was taken as M-profile for want of a profile in the arch
 * string (a bare "thumbv7"), a message says so and what to say if not. */
static const char *profile_hint(const struct xctx *x)
{
    return x->profile_default ? " (aot-xip takes an arch that names no profile as M: say "
                                "--arm-profile a or r if the core is not)"
                              : "";
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
        add_error(x, "'%s' (%s) is ARM-state code (a function symbol without the Thumb bit), "
                  "which a %s core cannot run: it has no ARM state%s", x->m->symbols[i].name,
                  n->file, x->m->target.arch, profile_hint(x));
    r->thumb = r->branch_thumb = (uint8_t)thumb;
}

/* --assume-readonly names that no data section of the module has. */
static void warn_options(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    for (size_t i = 0; i < x->o->assume_readonly_count; i++) {
        const char *name = x->o->assume_readonly[i];
        uint32_t k = 0;
        while (k < m->data_section_count && strcmp(m->data_sections[k].name, name) != 0)
            k++;
        if (k == m->data_section_count)
            warn(x, "--assume-readonly names '%s', which is no data section of this module",
                 name);
    }
}

/* Natives at address 0 (a weak symbol the firmware does not define?) or
 * inside the image itself (a stale map, or an image over the firmware). */
static void warn_addresses(struct xctx *x, uint64_t base, uint64_t size)
{
    const struct aotx_module *m = x->m;
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct sym *r = &x->syms[i];
        if (m->symbols[i].cls != AOTX_SYM_NATIVE || r->ok != 1)
            continue;
        if (!r->addr)
            warn(x, "'%s' (from %s) is at address 0: a weak symbol the firmware does not "
                 "define? a call to it jumps to 0", m->symbols[i].name, sym_origin(x, i));
        else if (r->addr >= base && r->addr - base < size)
            warn(x, "'%s' = 0x%llx (from %s) lies inside this image (0x%llx..0x%llx): a stale "
                 "map, or an image region that overlaps the firmware", m->symbols[i].name,
                 (unsigned long long)r->addr, sym_origin(x, i), (unsigned long long)base,
                 (unsigned long long)(base + size));
    }
}

/* Native i from the symbol maps; 0 out of memory. */
static int resolve_native(struct xctx *x, uint32_t i, struct names *undefined)
{
    const char *name = x->m->symbols[i].name;
    const struct aotx_native *n = x->o->symbols ? aotx_symmap_find(x->o->symbols, name) : NULL;
    struct sym *r = &x->syms[i];
    if (!n)
        return names_add(undefined, name);
    if (n->ambiguous) {
        add_error(x, "ambiguous: %u local symbols '%s' in %s", n->ambiguous, name, n->file);
        return 1;
    }
    if (n->is_ifunc) {
        add_error(x, "'%s' (%s) is a GNU IFUNC: its address is a resolver that returns the "
                  "function, not the function; name a concrete implementation with --defsym "
                  "%s=ADDRESS", name, n->file, name);
        return 1;
    }
    r->addr = n->value;
    r->ok = 1;
    r->data = (uint8_t)map_says_data(n);
    x->watch |= r->data;
    if (x->a->thumb_bit)
        native_isa(x, i, n);
    return 1;
}

/* Zeroed memory that two threads use at once: written, not calloc'd, so
 * that its pages are faulted in for writing. A fresh page first read maps
 * the shared zero page, and replacing that on the first write costs a TLB
 * flush on the other thread's core. */
static void *zalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

static enum aotx_err resolve_symbols(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    struct names missing = {0};
    /* the relocations that reference each symbol: which to resolve, and
     * for the report */
    uint32_t *uses = x->uses = zalloc((m->symbol_count + 1) * sizeof *uses);
    if (!uses)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    warn_options(x);
    for (uint32_t g = 0; g < m->group_count; g++)
        for (uint32_t i = 0; i < m->groups[g].count; i++)
            uses[m->groups[g].relocs[i].symbol]++;

    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct aotx_symbol *s = &m->symbols[i];
        struct sym *r = &x->syms[i];
        if (!uses[i])
            continue;
        switch (s->cls) {
        case AOTX_SYM_NONE: /* the reader classifies every symbol a relocation uses */
            add_error(x, "relocation against '%s', a symbol the reader did not classify",
                      s->name);
            break;
        case AOTX_SYM_AOT_FUNC:
            r->addr = x->code_addr + m->text_offsets[s->index];
            r->thumb = r->branch_thumb = x->a->code_thumb != 0;
            r->ok = 1;
            break;
        case AOTX_SYM_AOT_FUNC_INTERNAL:
            add_error(x, "relocation against '%s': the file does not record where that function "
                      "starts (only aot_func#N entries are listed)", s->name);
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
                add_error(x, "writable data section '%s' (%u bytes) is referenced by %u "
                          "relocations: an XIP image cannot place writable data in flash (if "
                          "the module never writes it, say so with --assume-readonly %s)",
                          s->name, m->data_sections[s->index].size, uses[i], s->name);
            else
                r->ok = 2; /* placed with the data copies */
            r->branch_thumb = x->a->code_thumb != 0;
            break;
        case AOTX_SYM_LOCAL_LABEL:
            if (has_prefix(s->name, "$CPI"))
                add_error(x, "relocation against '%s': wamrc leaves MIPS constant-pool labels "
                          "unconverted, so the module's floating-point constants cannot be "
                          "placed (the stock WAMR loader cannot load this file either)", s->name);
            else
                add_error(x, "relocation against the local label '%s', which wamrc did not "
                          "convert: the file does not record its address", s->name);
            break;
        case AOTX_SYM_NATIVE:
            if (!resolve_native(x, i, &missing)) {
                free(missing.s);
                return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
            }
            break;
        }
        if (r->ok == 1 && r->addr > x->addr_max)
            add_error(x, "symbol '%s' = 0x%llx (from %s) is outside the %u-bit address space",
                      s->name, (unsigned long long)r->addr, sym_origin(x, i), x->ptr_bits);
    }
    for (uint32_t gi = 0; gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        if (g->target == AOTX_PATCH_DATA &&
            strcmp(m->data_sections[g->data_index].name, ".aot_stack_sizes") == 0)
            add_error(x, "relocation group '%s' patches '.aot_stack_sizes', which the loader "
                      "reads from the init data, where it stays unpatched", g->name);
        else if (g->target == AOTX_PATCH_DATA &&
                 writable(x, m->data_sections[g->data_index].name))
            add_error(x, "writable data section '%s' is patched by relocation group '%s': an "
                      "XIP image cannot place writable data in flash",
                      m->data_sections[g->data_index].name, g->name);
    }
    if (missing.n) {
        /* all of them, in one message, first */
        char first[AOTX_DIAG_MAX];
        snprintf(first, sizeof first, "undefined symbol%s (%u): %s; the firmware's symbol maps "
                 "do not define %s (if its linker dropped one, keep it with "
                 "-Wl,--undefined=NAME)", missing.n > 1 ? "s" : "", missing.n, missing.s,
                 missing.n > 1 ? "them" : "it");
        if (x->d)
            snprintf(x->d->msg, sizeof x->d->msg, "%s", first);
        x->nerrs++;
    }
    free(missing.s);
    return x->nerrs ? finish_errors(x, AOTX_E_UNSUPPORTED) : AOTX_OK;
}

/* ---- 2, 3. compute, place, check ---- */

static uint64_t sym_value(const struct xctx *x, uint32_t i)
{
    return x->syms[i].addr | (uint64_t)(x->syms[i].thumb ? 1 : 0);
}

/* S as a branch with howto h sees it: with the state it enters. */
static uint64_t sym_target(const struct xctx *x, uint32_t i, const struct aotx_howto *h)
{
    if (!h || !(h->flags & (HOWTO_CALL | HOWTO_BRANCH)))
        return sym_value(x, i);
    return x->syms[i].addr | (uint64_t)(x->syms[i].branch_thumb ? 1 : 0);
}

static int64_t compute(const struct aotx_howto *h, const struct loc *l, int64_t A)
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

static int reads_field(const struct aotx_howto *h) { return h->expr == X_ADD || h->expr == X_SUB; }

static const struct aotx_howto *fix_h(const struct xctx *x, size_t i)
{
    return x->howtos[x->fixes[i].how];
}

/* The group of fix i: the last whose first fix is at or before i (an empty
 * group shares its first with the next). */
static uint32_t fix_gi(const struct xctx *x, size_t i)
{
    uint32_t lo = 0, hi = x->m->group_count;
    if (hi < 2 || i < x->group_first[1]) /* most are in the first: .text's */
        return 0;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->group_first[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Fix i's relocation record, and its group in *g: one search for both. */
static const struct aotx_reloc *fix_at(const struct xctx *x, size_t i,
                                       const struct aotx_reloc_group **g)
{
    uint32_t gi = fix_gi(x, i);
    *g = &x->m->groups[gi];
    return &(*g)->relocs[i - x->group_first[gi]];
}

static const struct aotx_reloc *fix_reloc(const struct xctx *x, size_t i)
{
    const struct aotx_reloc_group *g;
    return fix_at(x, i, &g);
}

static const struct aotx_reloc_group *fix_group(const struct xctx *x, size_t i)
{
    return &x->m->groups[fix_gi(x, i)];
}

/* Room for one more howto: the table grows and rehashes (few ever come). */
static int grow_howtos(struct xctx *x)
{
    if (x->howto_cap && 2 * (x->nhowtos + 1) <= x->howto_cap)
        return 1;
    uint32_t cap = x->howto_cap ? 2 * x->howto_cap : 64;
    uint32_t *slot = calloc(cap, sizeof *slot);
    const struct aotx_howto **hs = realloc(x->howtos, (cap / 2 + 1) * sizeof *hs);
    if (hs)
        x->howtos = hs;
    if (!slot || !hs) {
        free(slot);
        return 0;
    }
    x->howtos[0] = NULL;
    for (uint32_t k = 1; k <= x->nhowtos; k++) {
        uint32_t at = (uint32_t)((uintptr_t)x->howtos[k] >> 3) & (cap - 1);
        while (slot[at])
            at = (at + 1) & (cap - 1);
        slot[at] = k;
    }
    free(x->howto_slot);
    x->howto_slot = slot;
    x->howto_cap = cap;
    return 1;
}

/* Fix i uses howto h (NULL: refused): its number, a new one the first time. */
static int set_h(struct xctx *x, size_t i, const struct aotx_howto *h)
{
    x->fixes[i].how = 0;
    if (!h)
        return 1;
    if (!grow_howtos(x))
        return 0;
    uint32_t at = (uint32_t)((uintptr_t)h >> 3) & (x->howto_cap - 1);
    while (x->howto_slot[at] && x->howtos[x->howto_slot[at]] != h)
        at = (at + 1) & (x->howto_cap - 1);
    if (!x->howto_slot[at]) {
        x->howtos[++x->nhowtos] = h;
        x->howto_slot[at] = x->nhowtos;
    }
    x->fixes[i].how = x->howto_slot[at];
    return 1;
}

static const uint8_t *section_bytes(const struct aotx_module *m, const struct aotx_reloc_group *g);

/* A as the file gives it: the record's (RELA), or what the input's field
 * holds (REL). */
static int64_t input_addend_in(const struct xctx *x, const struct aotx_reloc_group *g,
                               const struct aotx_reloc *r, const struct aotx_howto *h)
{
    if (!x->a->rela && x->a->addend)
        return x->a->addend(h, section_bytes(x->m, g) + r->offset, x->be);
    return r->addend;
}

static int64_t input_addend(const struct xctx *x, size_t i)
{
    return input_addend_in(x, fix_group(x, i), fix_reloc(x, i), fix_h(x, i));
}

/* A for computing: the file's, or with REL high/low pairs as
 * pair_rel_addends made it. */
static int64_t fix_addend_in(const struct xctx *x, size_t i, const struct aotx_reloc_group *g,
                             const struct aotx_reloc *r, const struct aotx_howto *h)
{
    return x->pair_A ? x->pair_A[i] : input_addend_in(x, g, r, h);
}

static int64_t fix_addend(const struct xctx *x, size_t i)
{
    return x->pair_A ? x->pair_A[i] : input_addend(x, i);
}

static uint64_t section_size(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return m->code_size;
    case AOTX_PATCH_LITERAL: return m->literal_size;
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].size;
    }
    return 0;
}

static const uint8_t *section_bytes(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return m->code;
    case AOTX_PATCH_LITERAL: return m->literal;
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].bytes;
    }
    return NULL;
}

/* REL high/low pairs: a high part's addend is its own field's, shifted,
 * plus its low partner's (the next low relocation against the same symbol
 * in the same group), as the MIPS ABI's AHL = (AHI << 16) + (short)ALO. */
static void pair_rel_addends(struct xctx *x)
{
    if (!x->a->pair_hi)
        return;
    for (size_t i = 0; i < x->nfix; i++) {
        const struct aotx_reloc *r = fix_reloc(x, i);
        uint32_t gi = fix_gi(x, i);
        if (!fix_h(x, i) || r->type != x->a->pair_hi)
            continue;
        size_t j = i + 1;
        while (j < x->nfix && fix_gi(x, j) == gi &&
               !(fix_reloc(x, j)->type == x->a->pair_lo && fix_reloc(x, j)->symbol == r->symbol))
            j++;
        if (j < x->nfix && fix_gi(x, j) == gi && fix_h(x, j)) {
            x->pair_A[i] += x->pair_A[j];
        } else {
            char at[160], hi[16], lo[16];
            where(x, fix_group(x, i), r->offset, at, sizeof at);
            add_error(x, "%s: relocation %s against '%s' has no %s partner after it", at,
                      type_name(x, x->a->pair_hi, hi, sizeof hi), x->m->symbols[r->symbol].name,
                      type_name(x, x->a->pair_lo, lo, sizeof lo));
        }
    }
}

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

static void misaligned_error(struct xctx *x, const struct aotx_reloc_group *g,
                             const struct aotx_reloc *r)
{
    char at[160], tn[16], why[96] = "";
    unsigned align = insn_align(x);
    if (x->a->insn_short_flag && align == 4)
        snprintf(why, sizeof why, " without %s (e_flags 0x%x)", x->a->insn_short_what,
                 x->m->target.e_flags);
    where(x, g, r->offset, at, sizeof at);
    add_error(x, "%s: relocation %s at a misaligned offset: %s is %u-byte aligned%s", at,
              type_name(x, r->type, tn, sizeof tn), x->a->insn_what, align, why);
}

/* A relocation r with howto h against a native that watch is set for: one
 * of unknown instruction set is refused where its state matters (after
 * prepare_fixes has seen them all); a call to data is warned of, once. */
static void watch_use(struct xctx *x, const struct aotx_reloc_group *g,
                      const struct aotx_reloc *r, const struct aotx_howto *h)
{
    struct sym *s = &x->syms[r->symbol];
    if (s->unknown && h->expr != X_NONE && !(h->flags & HOWTO_NO_T))
        s->unknown = 2;
    if (s->data == 1 && (h->flags & HOWTO_CALL)) {
        char at[160], tn[16];
        s->data = 2;
        where(x, g, r->offset, at, sizeof at);
        warn(x, "'%s' (from %s) is no function in the symbol map (data, or of no type), but %s "
             "calls it (relocation %s)", x->m->symbols[r->symbol].name, sym_origin(x, r->symbol),
             at, type_name(x, r->type, tn, sizeof tn));
    }
}

/* Every native of unknown instruction set that a relocation references
 * where its state matters, in one message; 0 out of memory. */
static int unknown_isa_error(struct xctx *x)
{
    struct names l = {0};
    for (uint32_t i = 0; i < x->m->symbol_count; i++)
        if (x->syms[i].unknown == 2 && !names_add(&l, x->m->symbols[i].name)) {
            free(l.s);
            return 0;
        }
    if (l.n)
        add_error(x, "unknown instruction set (%u): %s; the symbol maps do not say whether %s "
                  "ARM or Thumb code, and the core of this %s module has both states (ld "
                  "maps and plain maps cannot say it, nm output only with its mapping symbols, "
                  "nm --special-syms; an odd address means Thumb): give the firmware's ELF "
                  "with --symbols, or say --assume-isa arm or thumb",
                  l.n, l.s, l.n > 1 ? "they are" : "it is", x->m->target.arch);
    free(l.s);
    return 1;
}

/* Types, bounds, addends: everything that does not depend on the layout. */
static enum aotx_err prepare_fixes(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    size_t n = 0;
    char at[160], tn[16];
    uint64_t misaligned = insn_align(x) ? insn_align(x) - 1 : 0;
    for (uint32_t g = 0; g < m->group_count; g++)
        n += m->groups[g].count;
    x->fixes = calloc(n ? n : 1, sizeof *x->fixes);
    x->group_first = calloc(m->group_count + 1, sizeof *x->group_first);
    if (x->a->pair_hi && !(x->pair_A = calloc(n ? n : 1, sizeof *x->pair_A)))
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    if (!x->fixes || !x->group_first || !grow_howtos(x))
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    aotx_prefault(x->fixes, n * sizeof *x->fixes);
    size_t first = 0; /* counted as n is: the groups' counts may pass 2^32 together */
    for (uint32_t gi = 0; gi < m->group_count; first += m->groups[gi++].count)
        x->group_first[gi] = first;
    /* the last relocation's type and howto number: a run of one type skips the
     * lookups (not with select(), where the howto depends on the instruction) */
    uint32_t last_type = 0, last_how = 0;
    for (uint32_t gi = 0; gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        for (uint32_t i = 0; i < g->count; i++) {
            const struct aotx_reloc *r = &g->relocs[i];
            size_t k = x->nfix++;
            x->fixes[k].link = -1;
            const struct aotx_howto *h = last_how && r->type == last_type
                                             ? x->howtos[last_how]
                                             : aotx_arch_howto(x->a, r->type);
            if (!h) {
                where(x, g, r->offset, at, sizeof at);
                const char *name = aotx_arch_reloc_name(x->a, r->type);
                if (name)
                    add_error(x, "%s: relocation %s (%u) is not supported for %s code; "
                              "references '%s'", at, name, r->type, x->a->name,
                              m->symbols[r->symbol].name);
                else
                    add_error(x, "%s: unknown relocation type %u for %s code; references '%s'",
                              at, r->type, x->a->name, m->symbols[r->symbol].name);
                continue;
            }
            if (x->a->select && r->offset < section_size(m, g)) {
                h = x->a->select(h, section_bytes(m, g) + r->offset,
                                 section_size(m, g) - r->offset, x->be);
                if (!h) {
                    where(x, g, r->offset, at, sizeof at);
                    add_error(x, "%s: relocation %s does not apply to the instruction there "
                              "(%02x %02x %02x); references '%s'", at,
                              type_name(x, r->type, tn, sizeof tn), section_bytes(m, g)[r->offset],
                              r->offset + 1 < section_size(m, g)
                                  ? section_bytes(m, g)[r->offset + 1] : 0,
                              r->offset + 2 < section_size(m, g)
                                  ? section_bytes(m, g)[r->offset + 2] : 0,
                              m->symbols[r->symbol].name);
                    continue;
                }
            }
            if (r->offset + h->size > section_size(m, g)) {
                where(x, g, r->offset, at, sizeof at);
                add_error(x, "%s: relocation %s patches %u bytes, past the end of the section "
                          "(0x%llx bytes)", at, type_name(x, r->type, tn, sizeof tn),
                          h->size, (unsigned long long)section_size(m, g));
                continue;
            }
            if ((h->flags & HOWTO_INSN) && (r->offset & misaligned)) {
                misaligned_error(x, g, r);
                continue;
            }
            if (x->watch && (x->syms[r->symbol].unknown || x->syms[r->symbol].data))
                watch_use(x, g, r, h);
            if (last_how && h == x->howtos[last_how])
                x->fixes[k].how = last_how;
            else if (!set_h(x, k, h))
                return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
            if (!x->a->select)
                last_type = r->type, last_how = x->fixes[k].how;
            if (x->pair_A)
                x->pair_A[x->nfix - 1] = input_addend(x, x->nfix - 1);
        }
    }
    pair_rel_addends(x);
    if (x->watch && !unknown_isa_error(x))
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    return x->nerrs ? finish_errors(x, AOTX_E_UNSUPPORTED) : AOTX_OK;
}

static uint64_t data_addr(const struct xctx *x, uint32_t idx)
{
    return x->code_addr + x->data_off[idx];
}

/* Where a relocation r of group g with howto h lands, P, S and G; data
 * symbols once the layout placed them. The loops over every fix walk the
 * groups and pass g and r along; locate() finds them from a fix's index. */
static void locate_in(const struct xctx *x, const struct aotx_reloc_group *g,
                      const struct aotx_reloc *r, const struct aotx_howto *h, struct loc *l)
{
    switch (g->target) {
    case AOTX_PATCH_CODE:
        l->off = r->offset;
        l->P = x->code_addr + r->offset;
        break;
    case AOTX_PATCH_LITERAL:
        l->off = r->offset;
        l->P = x->literal_addr + r->offset;
        break;
    case AOTX_PATCH_DATA:
        l->off = x->data_off[g->data_index] + r->offset;
        l->P = data_addr(x, g->data_index) + r->offset;
        break;
    }
    l->S = sym_target(x, r->symbol, h);
    l->G = 0;
    if (h && h->expr == X_GOT_PC && x->got_slot[r->symbol])
        l->G = x->code_addr + x->got_off + (x->got_slot[r->symbol] - 1) * (x->ptr_bits / 8);
}

static void locate(const struct xctx *x, size_t i, struct loc *l)
{
    const struct aotx_reloc_group *g;
    const struct aotx_reloc *r = fix_at(x, i, &g);
    locate_in(x, g, r, fix_h(x, i), l);
}

/* Where relocation r of group g patches, in its output area (the code area,
 * or the literal): locate's off, without the addresses. */
static uint64_t field_off(const struct xctx *x, const struct aotx_reloc_group *g,
                          const struct aotx_reloc *r)
{
    return g->target == AOTX_PATCH_DATA ? x->data_off[g->data_index] + r->offset : r->offset;
}

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

/* Bitmaps: a bit per fix, or per byte of an area. */
#define BIT(map, i) ((map)[(i) / 8] >> ((i) % 8) & 1)

static void mark(uint8_t *map, uint64_t off, uint32_t n)
{
    while (n) { /* a byte of the map at a time */
        unsigned bit = (unsigned)(off % 8), k = 8 - bit < n ? 8 - bit : n;
        map[off / 8] |= (uint8_t)(((1u << k) - 1) << bit);
        off += k, n -= k;
    }
}

/* Finding veneers over a run of fixes [from, to): the symbols given GOT
 * slots and the veneers, each numbered in the order first met. Each direct
 * call in reach gets its field (xctx.fields and .known); each call out of
 * reach its veneer (fix.link, an index into the run's veneers). Two runs,
 * one on each thread, join as one would have gone (join_reach). */
struct reach {
    struct xctx *x;
    size_t from, to;
    uint32_t *got_slot; /* per symbol: 1 + its GOT slot, or 0 */
    uint32_t *got_sym;  /* per slot: the symbol */
    uint32_t ngot;
    struct veneer *veneers;
    uint32_t nveneers, cap;
    uint32_t *slot;     /* by target, open-addressed: 1 + the veneer's index, or 0 */
    size_t slots;       /* 2 * cap of them */
    int nomem;
};

/* Runs of fewer fixes are not split between two threads (a test splits
 * every run: tests/unit/test_verify.c). */
#ifndef AOTX_XIP_SPLIT_FROM
#define AOTX_XIP_SPLIT_FROM ((size_t)1 << 14)
#endif

/* Where target's veneer is, or belongs, in rc's slots. */
static size_t veneer_slot(const struct reach *rc, uint64_t target)
{
    size_t at = (size_t)((target * 0x9e3779b97f4a7c15ull) >> 32) & (rc->slots - 1);
    while (rc->slot[at] && rc->veneers[rc->slot[at] - 1].target != target)
        at = (at + 1) & (rc->slots - 1);
    return at;
}

/* Room for one more veneer: the array doubles and the slots are made
 * again, at twice its size. */
static int grow_veneers(struct reach *rc)
{
    uint32_t cap = rc->cap ? 2 * rc->cap : 16;
    struct veneer *grown = realloc(rc->veneers, cap * sizeof *grown);
    if (grown)
        rc->veneers = grown;
    uint32_t *slot = grown ? calloc(2 * (size_t)cap, sizeof *slot) : NULL;
    if (!slot)
        return 0;
    free(rc->slot);
    rc->slot = slot, rc->slots = 2 * (size_t)cap, rc->cap = cap;
    for (uint32_t k = 0; k < rc->nveneers; k++)
        rc->slot[veneer_slot(rc, rc->veneers[k].target)] = k + 1;
    return 1;
}

/* The index of the veneer for target in rc's, a new one (for sym) if it
 * has none yet; UINT32_MAX out of memory. Veneers are numbered in the
 * order their targets are first met; a table by target finds them. */
static uint32_t veneer_for(struct reach *rc, uint64_t target, uint32_t sym)
{
    if (rc->nveneers == rc->cap && !grow_veneers(rc))
        return UINT32_MAX;
    size_t at = veneer_slot(rc, target);
    if (!rc->slot[at]) {
        rc->veneers[rc->nveneers++] = (struct veneer){.target = target, .sym = sym};
        rc->slot[at] = rc->nveneers;
    }
    return rc->slot[at] - 1;
}

static void reach_run(void *arg)
{
    struct reach *rc = arg;
    struct xctx *x = rc->x;
    for (size_t i = rc->from; i < rc->to; i++) {
        const struct aotx_reloc_group *g;
        const struct aotx_reloc *r = fix_at(x, i, &g);
        struct fix *f = &x->fixes[i];
        const struct aotx_howto *fh = x->howtos[f->how];
        struct aotx_range bad = {0};
        struct loc l;
        uint64_t field;
        if (fh && fh->expr == X_GOT_PC && !rc->got_slot[r->symbol]) {
            rc->got_sym[rc->ngot++] = r->symbol;
            rc->got_slot[r->symbol] = rc->ngot;
        }
        if (!fh || !(fh->flags & HOWTO_CALL) || g->target != AOTX_PATCH_CODE)
            continue;
        if (x->syms[r->symbol].ok != 1)
            continue;
        locate_in(x, g, r, fh, &l); /* a call's: not through the GOT, so no G */
        int64_t A = fix_addend_in(x, i, g, r, fh);
        int64_t v = compute(fh, &l, A);
        if (!x->a->field(fh, v, l.P, &field, &bad)) {
            /* in reach: what checking would compute (a call's P, S and A do
             * not depend on the layout), kept so it is not computed again */
            x->fields[i] = field;
            mark(x->known, i, 1);
            continue;
        }
        if (!x->vt)
            continue;
        if (bad.misaligned || (!bad.state && v >= bad.lo && v <= bad.hi))
            continue; /* in reach but misaligned: a veneer would not help */
        /* the veneer stands for the call's real target: S plus the part of A
         * that is not the PC bias */
        uint64_t target = l.S + (uint64_t)A - (uint64_t)fh->call_bias; /* mod 2^64 */
        uint32_t k = veneer_for(rc, target, r->symbol);
        if (k == UINT32_MAX) {
            rc->nomem = 1;
            return;
        }
        rc->veneers[k].callers++;
        f->link = (int32_t)k;
    }
}

/* a's run, then b's, as one: b's GOT symbols and veneers that a did not
 * have numbered after a's, its calls' veneers renumbered. */
static int join_reach(struct reach *a, const struct reach *b)
{
    struct xctx *x = a->x;
    for (uint32_t k = 0; k < b->ngot; k++)
        if (!a->got_slot[b->got_sym[k]]) {
            a->got_sym[a->ngot++] = b->got_sym[k];
            a->got_slot[b->got_sym[k]] = a->ngot;
        }
    if (!b->nveneers)
        return 1;
    uint32_t *to = malloc(b->nveneers * sizeof *to);
    if (!to)
        return 0;
    int moved = 0;
    for (uint32_t kb = 0; kb < b->nveneers; kb++) {
        uint32_t k = veneer_for(a, b->veneers[kb].target, b->veneers[kb].sym);
        if (k == UINT32_MAX) {
            free(to);
            return 0;
        }
        a->veneers[k].callers += b->veneers[kb].callers;
        to[kb] = k;
        moved |= k != kb;
    }
    for (size_t i = b->from; moved && i < b->to; i++)
        if (x->fixes[i].link >= 0)
            x->fixes[i].link = (int32_t)to[x->fixes[i].link];
    free(to);
    return 1;
}

/* Which calls need veneers: those whose direct form does not fit. With a
 * second thread, it takes the second half of the fixes. */
static enum aotx_err find_veneers(struct xctx *x)
{
    size_t nsym = x->m->symbol_count + 1;
    x->got_slot = zalloc(nsym * sizeof *x->got_slot);
    x->got_sym = zalloc(nsym * sizeof *x->got_sym);
    x->fields = calloc(x->nfix ? x->nfix : 1, sizeof *x->fields);
    x->known = zalloc(x->nfix / 8 + 1);
    if (!x->got_slot || !x->got_sym || !x->fields || !x->known)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    aotx_prefault(x->fields, x->nfix * sizeof *x->fields);
    struct reach a = {.x = x, .from = 0, .to = x->nfix, .got_slot = x->got_slot,
                      .got_sym = x->got_sym};
    struct reach b = {.x = x};
    if (x->w && x->nfix >= AOTX_XIP_SPLIT_FROM) {
        b.got_slot = zalloc(nsym * sizeof *b.got_slot);
        b.got_sym = zalloc(nsym * sizeof *b.got_sym);
        if (b.got_slot && b.got_sym) {
            /* a whole byte of .known for each */
            a.to = b.from = x->nfix / 2 / 8 * 8;
            b.to = x->nfix;
            aotx_worker_post(x->w, reach_run, &b);
        }
    }
    reach_run(&a);
    if (b.to)
        aotx_worker_wait(x->w);
    int ok = !a.nomem && !b.nomem && (!b.to || join_reach(&a, &b));
    x->veneers = a.veneers, x->nveneers = a.nveneers, x->ngot = a.ngot;
    free(a.slot);
    free(b.got_slot);
    free(b.got_sym);
    free(b.veneers);
    free(b.slot);
    return ok ? AOTX_OK : aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
}

static enum aotx_err layout(struct xctx *x)
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
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        x->data_off[i] = UINT64_MAX;
        x->data_align[i] = data_section_align(m->data_sections[i].name);
    }
    /* the data sections that relocations reference or patch */
    int *need = calloc(m->data_section_count ? m->data_section_count : 1, sizeof *need);
    if (!need)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
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
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        if (!need[i])
            continue;
        /* aligned as an absolute address: code_addr is 16-aligned */
        uint64_t at = align_up(x->code_addr + cur, x->data_align[i]) - x->code_addr;
        x->data_off[i] = at;
        cur = at + m->data_sections[i].size;
    }
    free(need);
    x->code_area = align_up(cur, 4);
    /* the symbols of the data copies, now that they have addresses */
    for (uint32_t i = 0; i < m->symbol_count; i++)
        if (x->syms[i].ok == 2)
            x->syms[i].addr = data_addr(x, m->symbols[i].index);
    return AOTX_OK;
}

static void range_error(struct xctx *x, size_t i, int64_t v, const struct aotx_range *bad,
                        const char *via)
{
    char at[160], tn[16];
    const struct aotx_reloc *r = fix_reloc(x, i);
    const char *sym = x->m->symbols[r->symbol].name;
    where(x, fix_group(x, i), r->offset, at, sizeof at);
    const char *name = type_name(x, r->type, tn, sizeof tn);
    if (bad->state)
        add_error(x, "%s: relocation %s cannot change to ARM state: '%s' is ARM code and this "
                  "branch cannot switch state%s", at, name, sym, via);
    else if (bad->misaligned ||
             (bad->align > 1 && ((uint64_t)v & (bad->align - 1)) && v >= bad->lo && v <= bad->hi))
        add_error(x, "%s: relocation %s: %lld is not a multiple of %u; references '%s'%s", at,
                  name, (long long)v, bad->align, sym, via);
    else
        add_error(x, "%s: relocation %s out of range: %lld is not in [%lld, %lld]; references "
                  "'%s'%s", at, name, (long long)v, (long long)bad->lo, (long long)bad->hi, sym,
                  via);
}

static int by_p(const void *a, const void *b)
{
    const struct pc_hi *ha = a, *hb = b;
    return ha->P < hb->P ? -1 : ha->P > hb->P;
}

/* The fix of the PC_HI relocation at address p, or SIZE_MAX. */
static size_t pc_hi_at(const struct xctx *x, uint64_t p)
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
        n += fix_h(x, i) && (fix_h(x, i)->flags & HOWTO_PC_HI);
    x->his = calloc(n ? n : 1, sizeof *x->his);
    if (!x->his)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (size_t i = 0; i < x->nfix; i++)
        if (fix_h(x, i) && (fix_h(x, i)->flags & HOWTO_PC_HI)) {
            struct loc l;
            locate(x, i, &l);
            x->his[x->nhi++] = (struct pc_hi){.P = l.P, .fix = i};
        }
    qsort(x->his, x->nhi, sizeof *x->his, by_p);
    return AOTX_OK;
}

enum fix_status { FIX_OK, FIX_RANGE, FIX_NO_HI };

static enum fix_status fix_value(const struct xctx *x, size_t i, struct loc *l, uint64_t *field,
                                 int64_t *v, struct aotx_range *bad, char *via, size_t vn);

/* The chain that ends at fix i, from i back to its head (seq[n - 1]); its
 * length n. */
static size_t chain_of(const struct xctx *x, size_t i, size_t seq[MAX_CHAIN])
{
    size_t n = 0;
    for (size_t k = i;; k = (size_t)x->fixes[k].link) {
        seq[n++] = k;
        if (!reads_field(fix_h(x, k)) || x->fixes[k].link < 0 || n == MAX_CHAIN)
            return n;
    }
}

/* A relocation that reads its field (X_ADD, X_SUB): V is the field value of
 * the one before it at the field, or for the first, what the input holds
 * there. The chain is walked from its head (at most MAX_CHAIN long, see
 * chain_fixes), so nothing is stored per relocation. */
static enum fix_status chain_value(const struct xctx *x, size_t i, struct loc *l,
                                   uint64_t *field, int64_t *v, struct aotx_range *bad)
{
    size_t seq[MAX_CHAIN], n = chain_of(x, i, seq);
    uint64_t V = 0;
    enum fix_status st = FIX_OK;
    while (n--) {
        const struct fix *f = &x->fixes[seq[n]];
        const struct aotx_howto *fh = fix_h(x, seq[n]);
        if (!reads_field(fh)) { /* the head sets the field: SET*, R_RISCV_32 */
            char via[96];
            st = fix_value(x, seq[n], l, &V, v, bad, via, sizeof via);
            continue;
        }
        locate(x, seq[n], l);
        if (f->link < 0) {
            const struct aotx_reloc_group *g = fix_group(x, seq[n]);
            V = x->a->decode(fh, section_bytes(x->m, g) + fix_reloc(x, seq[n])->offset, x->be);
        }
        uint64_t sa = l->S + (uint64_t)fix_addend(x, seq[n]);
        *v = (int64_t)(fh->expr == X_ADD ? V + sa : V - sa);
        st = x->a->field(fh, *v, l->P, &V, bad) ? FIX_RANGE : FIX_OK;
    }
    *field = V;
    return st;
}

/* The field value of fix i (an arch field encoding), where it lands, and
 * for a refusal the value and the range it missed (v, bad, via): checking
 * computes it once, for writing and verifying. */
static enum fix_status fix_value(const struct xctx *x, size_t i, struct loc *l, uint64_t *field,
                                 int64_t *v, struct aotx_range *bad, char *via, size_t vn)
{
    const struct fix *f = &x->fixes[i];
    const struct aotx_howto *fh = fix_h(x, i);
    const struct aotx_reloc_group *g;
    const struct aotx_reloc *r = fix_at(x, i, &g);
    locate_in(x, g, r, fh, l);
    *field = 0;
    *via = 0;
    if (fh->expr == X_PC_LO) {
        uint64_t at_hi = l->S + (uint64_t)fix_addend_in(x, i, g, r, fh);
        size_t hi = pc_hi_at(x, at_hi);
        if (hi == SIZE_MAX) {
            *v = (int64_t)at_hi;
            return FIX_NO_HI;
        }
        struct loc hl;
        locate(x, hi, &hl);
        *v = compute(fix_h(x, hi), &hl, fix_addend(x, hi));
        return x->a->field(fh, *v, l->P, field, bad) ? FIX_RANGE : FIX_OK;
    }
    if (reads_field(fh))
        return chain_value(x, i, l, field, v, bad);
    if (f->link >= 0) { /* a call through its veneer */
        uint64_t direct = x->veneers[f->link].target;
        l->S = (x->code_addr + x->veneers[f->link].off) | (uint64_t)x->vt->thumb;
        *v = compute(fh, l, fh->call_bias);
        if (!x->a->field(fh, *v, l->P, field, bad))
            return FIX_OK;
        snprintf(via, vn, " (through its veneer at 0x%llx, for 0x%llx)",
                 (unsigned long long)(l->S & ~(uint64_t)1), (unsigned long long)direct);
        return FIX_RANGE;
    }
    *v = compute(fh, l, fix_addend_in(x, i, g, r, fh));
    return x->a->field(fh, *v, l->P, field, bad) ? FIX_RANGE : FIX_OK;
}

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
    const struct aotx_reloc *r = fix_reloc(x, i);
    where(x, fix_group(x, i), r->offset, at, sizeof at);
    add_error(x, "%s: relocation %s %s %s at the same offset; references '%s'", at,
              type_name(x, r->type, tn, sizeof tn), what,
              type_name(x, fix_h(x, i)->partner, pn, sizeof pn), x->m->symbols[r->symbol].name);
}

/* Whether fix f, at the field that fix head (and maybe more) patches,
 * composes with them: one field, one chain class, and f reads it. */
static int composes(const struct xctx *x, const struct field_at *head, const struct field_at *f)
{
    const struct aotx_howto *h = fix_h(x, f->fix), *hh = fix_h(x, head->fix);
    return f->off == head->off && h->size == hh->size && h->chain && h->chain == hh->chain &&
           reads_field(h);
}

/* The field of fix i (of group g, relocation r) for finding overlaps; 0 if
 * it patches nothing (refused, or R_*_NONE). */
static int field_of(const struct xctx *x, size_t i, const struct aotx_reloc_group *g,
                    const struct aotx_reloc *r, struct field_at *fa)
{
    const struct aotx_howto *h = x->howtos[x->fixes[i].how];
    if (!h || !h->size)
        return 0;
    fa->off = field_off(x, g, r);
    fa->fix = (uint32_t)i;
    fa->literal = g->target == AOTX_PATCH_LITERAL;
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

/* The next field f in by_field order (NULL: the end): link it into the
 * chain at head if it composes, else refuse an overlap or a broken pair. */
static void chain_step(struct xctx *x, struct chain_walk *w, const struct field_at *f)
{
    int overlaps = f && w->started && f->literal == w->head.literal && f->off < w->end;
    if (overlaps && composes(x, &w->head, f)) {
        const struct aotx_howto *h = fix_h(x, f->fix), *lh = fix_h(x, w->last.fix);
        if ((h->flags & HOWTO_CLOSES) &&
            !((lh->flags & HOWTO_OPENS) && fix_reloc(x, w->last.fix)->type == h->partner))
            pair_error(x, f->fix, "does not come right after");
        else if ((lh->flags & HOWTO_OPENS) && fix_reloc(x, f->fix)->type != lh->partner)
            pair_error(x, w->last.fix, "is not followed by");
        if (++w->len == MAX_CHAIN) {
            char at[160];
            where(x, fix_group(x, f->fix), fix_reloc(x, f->fix)->offset, at, sizeof at);
            add_error(x, "%s: more than %u relocations patch one field", at, MAX_CHAIN - 1);
        }
        x->fixes[f->fix].link = (int32_t)w->last.fix;
        w->last = *f;
        return;
    }
    /* last's field ends here */
    if (w->started && (fix_h(x, w->last.fix)->flags & HOWTO_OPENS))
        pair_error(x, w->last.fix, "is not followed by");
    if (!f)
        return;
    if (overlaps) {
        char at[160], at2[160], tn[16], tn2[16];
        const struct aotx_reloc *r = fix_reloc(x, f->fix), *lr = fix_reloc(x, w->last.fix);
        where(x, fix_group(x, f->fix), r->offset, at, sizeof at);
        where(x, fix_group(x, w->last.fix), lr->offset, at2, sizeof at2);
        add_error(x, "%s: relocation %s overlaps the field of %s at %s; references '%s'",
                  at, type_name(x, r->type, tn, sizeof tn),
                  type_name(x, lr->type, tn2, sizeof tn2), at2, x->m->symbols[r->symbol].name);
    } else if (fix_h(x, f->fix)->flags & HOWTO_CLOSES) {
        pair_error(x, f->fix, "does not come right after");
    }
    uint64_t f_end = f->off + fix_h(x, f->fix)->size;
    if (!overlaps || f_end > w->end)
        w->end = f_end;
    w->head = w->last = *f;
    w->started = 1;
    w->len = 1;
}

/* Fields may overlap only as one field that relocations of one chain class
 * compose (struct aotx_howto), each after the first reading it: link those
 * (fix.link), check their pairs, and refuse every other overlap. The fields
 * are walked in by_field order: wamrc writes each group in offset order and
 * the groups in the order of their areas, so relocation order mostly is that
 * order already and is walked as it is; otherwise the fields are sorted. */
static void chain_fixes(struct xctx *x)
{
    if (x->nfix > INT32_MAX) { /* fix.link holds a fix's index */
        add_error(x, "%zu relocations are more than aot-xip handles", x->nfix);
        return;
    }
    const struct aotx_module *m = x->m;
    struct chain_walk w = {0};
    struct field_at fa, prev;
    int have_prev = 0, sorted = 1;
    for (uint32_t gi = 0; gi < m->group_count && sorted; gi++)
        for (uint32_t j = 0; j < m->groups[gi].count; j++)
            if (field_of(x, x->group_first[gi] + j, &m->groups[gi], &m->groups[gi].relocs[j],
                         &fa)) {
                if (have_prev && by_field(&prev, &fa) > 0) {
                    sorted = 0;
                    break;
                }
                prev = fa;
                have_prev = 1;
            }
    x->in_field_order = sorted;
    if (sorted) {
        for (uint32_t gi = 0; gi < m->group_count; gi++)
            for (uint32_t j = 0; j < m->groups[gi].count; j++)
                if (field_of(x, x->group_first[gi] + j, &m->groups[gi],
                             &m->groups[gi].relocs[j], &fa))
                    chain_step(x, &w, &fa);
        chain_step(x, &w, NULL);
        return;
    }
    struct field_at *by = calloc(x->nfix ? x->nfix : 1, sizeof *by);
    size_t n = 0;
    if (!by) {
        add_error(x, "out of memory");
        return;
    }
    for (uint32_t gi = 0; gi < m->group_count; gi++)
        for (uint32_t j = 0; j < m->groups[gi].count; j++)
            n += (size_t)field_of(x, x->group_first[gi] + j, &m->groups[gi],
                                  &m->groups[gi].relocs[j], &by[n]);
    qsort(by, n, sizeof *by, by_field);
    for (size_t i = 0; i < n; i++)
        chain_step(x, &w, &by[i]);
    chain_step(x, &w, NULL);
    free(by);
}

static void check_fixes(struct xctx *x)
{
    if (index_pc_his(x) != AOTX_OK) {
        add_error(x, "out of memory");
        return;
    }
    chain_fixes(x);
    for (size_t i = 0; i < x->nfix; i++) {
        struct aotx_range bad = {0};
        struct loc l;
        uint64_t field;
        int64_t v;
        char via[96];
        if (!fix_h(x, i) || BIT(x->known, i))
            continue;
        switch (fix_value(x, i, &l, &field, &v, &bad, via, sizeof via)) {
        case FIX_OK: x->fields[i] = field; break;
        case FIX_RANGE: range_error(x, i, v, &bad, via); break;
        case FIX_NO_HI: {
            char at[160], tn[16];
            const struct aotx_reloc *r = fix_reloc(x, i);
            where(x, fix_group(x, i), r->offset, at, sizeof at);
            add_error(x, "%s: relocation %s refers to 0x%llx, where no PC-relative high "
                      "part is relocated", at, type_name(x, r->type, tn, sizeof tn),
                      (unsigned long long)v);
            break;
        }
        }
    }
}

/* A veneer's template at p, its units in the file's byte order. */
static void put_units(const struct aotx_veneer *vt, uint8_t *p, int be)
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

/* The veneers' target slots, through the arch's relocator. */
static void write_veneers(const struct xctx *x, uint8_t *code)
{
    const struct aotx_howto *h = aotx_arch_howto(x->a, x->vt->reloc_type);
    for (uint32_t k = 0; k < x->nveneers; k++) {
        put_units(x->vt, code + x->veneers[k].off, x->be);
        struct aotx_range bad = {0};
        uint64_t field = 0;
        uint64_t slot = x->code_addr + x->veneers[k].off + x->vt->reloc_offset;
        x->a->field(h, (int64_t)x->veneers[k].target, slot, &field, &bad);
        x->a->encode(h, code + x->veneers[k].off + x->vt->reloc_offset, field, x->be);
    }
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

/* ---- the report ---- */

/* Each relocation counts once for the first reported symbol with its name
 * (names compared as pointers). Where the module's name pointers rise, as
 * the reader's do (each name points into the file or an arena, in order),
 * no two symbols share a name: a report symbol's uses are those of the
 * module symbol it was made from, found by walking both lists in order.
 * Otherwise one pass over the symbols fills an open-addressing table name ->
 * first report index, one more adds each module symbol's uses (counted when
 * resolving) to the report symbol of its name. Both are linear, where a
 * search per relocation was quadratic; the walk reads memory in order, where
 * the table missed the cache on almost every probe (5.7 of a 16x input's 37
 * ms). */
static int names_rise(const struct aotx_module *m)
{
    for (uint32_t i = 1; i < m->symbol_count; i++)
        if ((uintptr_t)m->symbols[i - 1].name >= (uintptr_t)m->symbols[i].name)
            return 0;
    return 1;
}

static enum aotx_err count_uses(const struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    if (!x->nfix || !img->symbol_count)
        return AOTX_OK;
    if (names_rise(m)) {
        uint32_t i = 0;
        for (uint32_t k = 0; k < img->symbol_count; k++) {
            while (m->symbols[i].name != img->symbols[k].name)
                i++;
            img->symbols[k].uses = x->uses[i++];
        }
        return AOTX_OK;
    }
    size_t cap = 16;
    while (cap < 2 * (size_t)img->symbol_count)
        cap *= 2;
    uint32_t *slot = zalloc(cap * sizeof *slot); /* report index + 1; 0 is empty */
    uint32_t *of = malloc(m->symbol_count * sizeof *of); /* module symbol -> slot value */
    if (!slot || !of) {
        free(slot);
        free(of);
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    }
    for (uint32_t k = 0; k < img->symbol_count; k++) {
        size_t h = ((uintptr_t)img->symbols[k].name >> 3) * 0x9e3779b97f4a7c15ull & (cap - 1);
        while (slot[h] && img->symbols[slot[h] - 1].name != img->symbols[k].name)
            h = (h + 1) & (cap - 1);
        if (!slot[h])
            slot[h] = k + 1;
    }
    for (uint32_t j = 0; j < m->symbol_count; j++) {
        const char *name = m->symbols[j].name;
        size_t h = ((uintptr_t)name >> 3) * 0x9e3779b97f4a7c15ull & (cap - 1);
        while (slot[h] && img->symbols[slot[h] - 1].name != name)
            h = (h + 1) & (cap - 1);
        of[j] = slot[h];
    }
    for (uint32_t j = 0; j < m->symbol_count; j++)
        if (of[j])
            img->symbols[of[j] - 1].uses += x->uses[j];
    free(slot);
    free(of);
    return AOTX_OK;
}

static enum aotx_err fill_report(struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    img->literal_address = x->literal_addr;
    img->code_address = x->code_addr;
    img->code_size = m->code_size;
    img->literal_pad = x->pad;
    img->relocations = (uint32_t)x->nfix;
    img->func_count = m->func_count;
    img->func_addresses = calloc(m->func_count ? m->func_count : 1, sizeof *img->func_addresses);
    img->symbols = calloc(m->symbol_count ? m->symbol_count : 1, sizeof *img->symbols);
    img->veneers = calloc(x->nveneers ? x->nveneers : 1, sizeof *img->veneers);
    img->placements = calloc(m->data_section_count ? m->data_section_count : 1,
                             sizeof *img->placements);
    img->got = calloc(x->ngot ? x->ngot : 1, sizeof *img->got);
    if (!img->func_addresses || !img->symbols || !img->veneers || !img->placements || !img->got)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (uint32_t i = 0; i < m->func_count; i++)
        img->func_addresses[i] = (x->code_addr + m->text_offsets[i]) | (uint64_t)x->a->code_thumb;
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        if (!x->syms[i].ok)
            continue;
        struct aotx_xip_symbol *s = &img->symbols[img->symbol_count++];
        s->name = m->symbols[i].name;
        s->value = sym_value(x, i);
        s->origin = sym_origin(x, i);
        s->cls = m->symbols[i].cls;
        s->thumb = x->syms[i].thumb;
        s->isa_assumed = x->syms[i].isa_assumed;
    }
    if (count_uses(x, img) != AOTX_OK)
        return AOTX_E_NOMEM;
    for (uint32_t k = 0; k < x->nveneers; k++)
        img->veneers[img->veneer_count++] = (struct aotx_xip_veneer){
            .target_name = m->symbols[x->veneers[k].sym].name,
            .target = x->veneers[k].target,
            .address = x->code_addr + x->veneers[k].off,
            .size = x->vt->size,
            .callers = x->veneers[k].callers};
    for (uint32_t k = 0; k < x->ngot; k++)
        img->got[img->got_count++] = (struct aotx_xip_slot){
            .name = m->symbols[x->got_sym[k]].name,
            .address = x->code_addr + x->got_off + (uint64_t)k * (x->ptr_bits / 8)};
    for (uint32_t i = 0; i < m->data_section_count; i++)
        if (x->data_off[i] != UINT64_MAX)
            img->placements[img->placement_count++] = (struct aotx_xip_placement){
                .name = m->data_sections[i].name,
                .address = data_addr(x, i),
                .size = m->data_sections[i].size,
                .align = x->data_align[i]};

    /* RAM: a stock load copies the text section plus a PLT into one mapping
     * and each object data section into its own pages; the XIP load
     * copies only the data sections the image still carries. */
    uint32_t page = img->page_size;
    uint32_t natives = 0;
    for (uint32_t i = 0; i < img->symbol_count; i++)
        natives += img->symbols[i].cls == AOTX_SYM_NATIVE;
    img->plt_estimate = natives * x->a->plt_entry;
    uint64_t text = 0;
    for (uint32_t i = 0; i < m->section_count; i++)
        if (m->sections[i].id == AOTX_SEC_TEXT)
            text = m->sections[i].size;
    img->ram_stock = align_up(text + img->plt_estimate, page);
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        uint64_t sz = align_up(m->data_sections[i].size, page);
        img->ram_stock += sz;
        if (strcmp(m->data_sections[i].name, ".aot_stack_sizes") == 0)
            img->ram_xip += sz;
    }
    return AOTX_OK;
}

static void xctx_free(struct xctx *x);
static void check_end(struct aotx_xip_check *c);

void aotx_xip_free(struct aotx_xip_image *img)
{
    if (!img)
        return;
    if (img->check) {
        check_end(img->check);
        free(img->check);
    }
    free(img->bytes);
    free(img->func_addresses);
    free(img->symbols);
    free(img->veneers);
    free(img->placements);
    free(img->got);
    for (uint32_t i = 0; i < img->warning_count; i++)
        free(img->warnings[i]);
    free(img->warnings);
    free(img);
}

/* ---- verification ---- */

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

/* One verification of an image (bytes, size): read back, then checked
 * against what the rewrite computed (x) and the input. It reads x, the
 * module, the options and bytes and writes only its own state, so it runs
 * beside the rest of a rewrite; and in parts, which two threads may share:
 *
 *   verify_begin   reads the image back and checks its frame;
 *   verify_runs    checks each fix's field, a run of fixes at a time, and
 *                  marks the bytes the fields cover;
 *   verify_windows compares every byte no field covers with the input, a
 *                  window of the code at a time;
 *   verify_end     checks the literal and the data copies, and gives the
 *                  first fault in the order a single pass meets them.
 *
 * Runs and windows are claimed one at a time by whichever thread is free.
 * No two runs mark one byte of a map (run_cut_ok); where the fixes are not
 * in field order, there is one run. */
struct verify {
    const struct xctx *x;
    const uint8_t *bytes;
    size_t size;
    struct aotx_module *o; /* the image read back */
    uint8_t *patched;      /* a bit per byte of the code area: a field covers it */
    uint8_t *lit_patched;  /* the same for the literal */
    uint8_t *superseded;   /* a bit per fix: a later fix at its field reads it */
    size_t *cut;           /* run k: fixes [cut[k], cut[k + 1]) */
    size_t *bad_fix;       /* per run: its first fix whose field is wrong, or SIZE_MAX */
    char (*bad_msg)[AOTX_DIAG_MAX]; /* per run: what is wrong with it */
    const struct aotx_sem **sems;   /* per howto number: its read-back rule */
    uint32_t nruns;
    uint64_t window;
    uint32_t nwins;
    uint64_t *bad_byte; /* per window: its first changed unpatched byte, or UINT64_MAX */
    atomic_uint next_run, next_win;
    atomic_int ready;   /* verify_begin found no fault: runs may start */
    enum aotx_err e;    /* verify_begin's fault */
    struct aotx_diag d; /* its text */
};

#define VERIFY_RUNS 16

/* ---- verification's own arithmetic ----
 *
 * What each field should mean is computed here again, from the relocation
 * record, the resolved symbol and the place, by a small evaluator of the
 * howto's expression that shares nothing with compute(), fix_value() or
 * the arch's field(). The field is read back with the arch's meaning(), a
 * decoder of what the instruction or word now does, and the two compared
 * by the type's read-back rule (struct aotx_sem in arch/arch.h). A wrong
 * formula, field() or encoder shows as a field that means another value. */

/* The terms of a relocation's formula. */
struct terms {
    uint64_t S;  /* without the Thumb bit */
    int64_t A;
    uint64_t P, G;
    int T;       /* the target's Thumb bit */
};

/* The address of relocation r's field (of group g) in the image. */
static uint64_t place_of(const struct xctx *x, const struct aotx_reloc_group *g,
                         const struct aotx_reloc *r)
{
    if (g->target == AOTX_PATCH_LITERAL)
        return x->literal_addr + r->offset;
    if (g->target == AOTX_PATCH_DATA)
        return x->code_addr + x->data_off[g->data_index] + r->offset;
    return x->code_addr + r->offset;
}

/* The terms of fix i (group g, record r, howto h): S and T the resolved
 * symbol's (T for a branch: the state it enters), A the record's or (REL)
 * the input field's, P the place, G the symbol's GOT slot. */
static void terms_of(const struct xctx *x, size_t i, const struct aotx_reloc_group *g,
                     const struct aotx_reloc *r, const struct aotx_howto *h, struct terms *t)
{
    const struct sym *sy = &x->syms[r->symbol];
    t->S = sy->addr;
    /* the state a branch enters is the resolver's decision (a section or
     * data symbol: the module's own state); the formula is not */
    t->T = h->flags & (HOWTO_CALL | HOWTO_BRANCH) ? sy->branch_thumb : sy->thumb;
    t->A = fix_addend_in(x, i, g, r, h);
    t->P = place_of(x, g, r);
    t->G = 0;
    if (h->expr == X_GOT_PC && x->got_slot[r->symbol])
        t->G = x->code_addr + x->got_off +
               (uint64_t)(x->got_slot[r->symbol] - 1) * (x->ptr_bits / 8);
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

/* The read-back rule of each howto the fixes use (by number), and those of
 * the types that fill veneers and GOT slots; a type without one cannot be
 * verified. */
static enum aotx_err rules_of(const struct xctx *x, const struct aotx_sem **sems,
                              struct aotx_diag *d)
{
    char tn[16];
    uint32_t type = 0;
    for (uint32_t k = 1; k <= x->nhowtos && !type; k++)
        if (!(sems[k] = aotx_arch_sem(x->a, x->howtos[k]->type)))
            type = x->howtos[k]->type;
    if (!type && x->nveneers && !aotx_arch_sem(x->a, x->vt->reloc_type))
        type = x->vt->reloc_type;
    if (!type && x->ngot && !aotx_arch_sem(x->a, x->a->abs_ptr_type))
        type = x->a->abs_ptr_type;
    if (!type)
        return AOTX_OK;
    return aotx_fail(d, AOTX_E_FORMAT, "verify: aot-xip has no rule to read relocation %s back "
                     "for %s code, so it cannot verify the image (a bug in aot-xip; "
                     "--no-verify skips verification)", type_name(x, type, tn, sizeof tn),
                     x->a->name);
}

static int with_T(const struct verify *v, size_t i)
{
    return (v->sems[v->x->fixes[i].how]->flags & AOTX_SEM_T) != 0;
}

/* Fix i calls through its veneer. */
static int via_veneer(const struct xctx *x, size_t i)
{
    return x->fixes[i].link >= 0 && !reads_field(fix_h(x, i));
}

/* The value of the chain of fixes that ends at fix i (chain_of): the first
 * that reads the field reads what the input holds there, each next the
 * value before it. */
static uint64_t expect_chain(const struct verify *v, size_t i)
{
    const struct xctx *x = v->x;
    size_t seq[MAX_CHAIN], n = chain_of(x, i, seq);
    uint64_t V = 0;
    while (n--) {
        const struct aotx_reloc_group *g;
        const struct aotx_reloc *r = fix_at(x, seq[n], &g);
        const struct aotx_howto *h = fix_h(x, seq[n]);
        struct terms t;
        terms_of(x, seq[n], g, r, h, &t);
        if (reads_field(h) && x->fixes[seq[n]].link < 0) {
            struct aotx_meaning in;
            x->a->readback->meaning(h, section_bytes(x->m, g) + r->offset, x->be, t.P, &in);
            V = in.value;
        }
        V = evaluate(h->expr, &t, with_T(v, seq[n]), V);
    }
    return V;
}

/* What fix i (group g, record r) should mean: its value, and the Thumb bit
 * of its target in *T. A PC_LO relocation gets its PC_HI partner's value; a
 * call through a veneer has the veneer as S and the PC bias as A. */
static uint64_t expect(const struct verify *v, size_t i, const struct aotx_reloc_group *g,
                       const struct aotx_reloc *r, int *T)
{
    const struct xctx *x = v->x;
    const struct aotx_howto *h = fix_h(x, i);
    struct terms t;
    *T = 0;
    if (reads_field(h))
        return expect_chain(v, i);
    terms_of(x, i, g, r, h, &t);
    *T = t.T;
    if (h->expr == X_PC_LO) {
        size_t hi = pc_hi_at(x, evaluate(X_ABS, &t, 0, 0));
        if (hi == SIZE_MAX) /* checking refused it: never here */
            return 0;
        const struct aotx_reloc_group *hg;
        const struct aotx_reloc *hr = fix_at(x, hi, &hg);
        terms_of(x, hi, hg, hr, fix_h(x, hi), &t);
        return evaluate(fix_h(x, hi)->expr, &t, with_T(v, hi), 0);
    }
    if (via_veneer(x, i)) {
        t.S = x->code_addr + x->veneers[x->fixes[i].link].off;
        *T = t.T = x->vt->thumb;
        t.A = h->call_bias;
    }
    return evaluate(h->expr, &t, with_T(v, i), 0);
}

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

/* Fix i's field (at loc in the image) does not mean what it should: say so
 * in msg. */
static void misread(const struct verify *v, size_t i, const struct aotx_reloc_group *g,
                    const struct aotx_reloc *r, const struct aotx_meaning *m, uint64_t want,
                    uint64_t got, int T, char *msg, size_t n)
{
    const struct xctx *x = v->x;
    const struct aotx_howto *h = fix_h(x, i);
    const struct aotx_sem *s = v->sems[x->fixes[i].how];
    char at[160], tn[16], w[48], gt[48], via[64] = "";
    where(x, g, r->offset, at, sizeof at);
    const char *name = type_name(x, r->type, tn, sizeof tn), *sym = x->m->symbols[r->symbol].name;
    if (m->not_a) {
        snprintf(msg, n, "verify: %s: relocation %s: the image does not hold %s there; "
                 "references '%s'", at, name, m->not_a, sym);
        return;
    }
    if (via_veneer(x, i))
        snprintf(via, sizeof via, " (through its veneer at 0x%llx)",
                 (unsigned long long)(x->code_addr + x->veneers[x->fixes[i].link].off));
    show(x, h, s, got, m->isa, gt, sizeof gt);
    show(x, h, s, want, T, w, sizeof w);
    snprintf(msg, n, "verify: %s: relocation %s reads back as %s, expected %s%s; references '%s'",
             at, name, gt, w, via, sym);
}

/* For a call through a veneer: the veneer's target slot holds where the
 * call itself would go, S + A less the PC bias (with T). */
static int veneer_goes(const struct verify *v, size_t i, const struct aotx_reloc_group *g,
                       const struct aotx_reloc *r, char *msg, size_t n)
{
    const struct xctx *x = v->x;
    const struct aotx_howto *h = fix_h(x, i);
    struct terms t;
    struct aotx_meaning m;
    uint64_t want, got, at = x->veneers[x->fixes[i].link].off;
    terms_of(x, i, g, r, h, &t);
    uint64_t target = evaluate(X_ABS, &t, with_T(v, i), 0) - (uint64_t)(int64_t)h->call_bias;
    uint64_t slot = at + x->vt->reloc_offset;
    x->a->readback->meaning(aotx_arch_howto(x->a, x->vt->reloc_type), v->o->code + slot, x->be,
                            x->code_addr + slot, &m);
    if (aotx_sem_agrees(aotx_arch_sem(x->a, x->vt->reloc_type), x->ptr_bits, target, t.T, &m,
                        &want, &got))
        return 1;
    char where_at[160], tn[16];
    where(x, g, r->offset, where_at, sizeof where_at);
    snprintf(msg, n, "verify: %s: relocation %s goes through the veneer at 0x%llx, whose target "
             "reads back as 0x%llx, expected 0x%llx; references '%s'", where_at,
             type_name(x, r->type, tn, sizeof tn), (unsigned long long)(x->code_addr + at),
             (unsigned long long)got, (unsigned long long)want, x->m->symbols[r->symbol].name);
    return 0;
}

/* Whether fix i's field, at loc in the image, means the value its
 * relocation gives (and a call through a veneer reaches its target there);
 * if not, what is wrong, in msg. */
static int verify_field(const struct verify *v, size_t i, const struct aotx_reloc_group *g,
                        const struct aotx_reloc *r, const uint8_t *loc, char *msg, size_t n)
{
    const struct xctx *x = v->x;
    const struct aotx_sem *s = v->sems[x->fixes[i].how];
    struct aotx_meaning m;
    uint64_t want, got;
    int T;
    if (!s->width)
        return 1;
    uint64_t val = expect(v, i, g, r, &T);
    x->a->readback->meaning(fix_h(x, i), loc, x->be, place_of(x, g, r), &m);
    if (!aotx_sem_agrees(s, x->ptr_bits, val, T, &m, &want, &got)) {
        misread(v, i, g, r, &m, want, got, T, msg, n);
        return 0;
    }
    return !via_veneer(x, i) || veneer_goes(v, i, g, r, msg, n);
}

/* Fix i reads the value of a fix before it at its field (chain_fixes). */
static int continues_chain(const struct xctx *x, size_t i)
{
    return reads_field(fix_h(x, i)) && x->fixes[i].link >= 0;
}

/* Whether the fixes before b and those from b on mark disjoint bytes of
 * the maps, b a multiple of 8 (superseded has a bit per fix, and each fix
 * marks only bits of its own chain). In field order, a field that continues
 * no chain starts where every field before it has ended. So where b - 1
 * continues none, the fields before b end with b - 1's, and those from b on
 * start at b's at the earliest: apart if those lie in different bytes of a
 * map, or in different maps. A b that continues b - 1's chain overlaps its
 * field, and is refused for that. */
static int run_cut_ok(const struct xctx *x, size_t b)
{
    if (continues_chain(x, b - 1))
        return 0;
    const struct aotx_howto *ha = fix_h(x, b - 1), *hb = fix_h(x, b);
    if (!ha->size || !hb->size)
        return 0;
    const struct aotx_reloc_group *ga = fix_group(x, b - 1), *gb = fix_group(x, b);
    if ((ga->target == AOTX_PATCH_LITERAL) != (gb->target == AOTX_PATCH_LITERAL))
        return 1;
    uint64_t a_end = field_off(x, ga, fix_reloc(x, b - 1)) + ha->size;
    return (a_end - 1) / 8 < field_off(x, gb, fix_reloc(x, b)) / 8;
}

static void verify_cut(struct verify *v, int split)
{
    const struct xctx *x = v->x;
    v->cut[0] = 0;
    v->nruns = 1;
    if (split && x->in_field_order && x->nfix >= AOTX_XIP_SPLIT_FROM) {
        for (uint32_t k = 1; k < VERIFY_RUNS; k++) {
            /* a multiple of 8, and so is each next candidate */
            size_t b = (size_t)((uint64_t)x->nfix * k / VERIFY_RUNS) / 8 * 8;
            size_t end = (size_t)((uint64_t)x->nfix * (k + 1) / VERIFY_RUNS);
            if (b <= v->cut[v->nruns - 1])
                b = v->cut[v->nruns - 1] + 8;
            while (b < end && b < x->nfix && !run_cut_ok(x, b))
                b += 8;
            if (b < end && b < x->nfix)
                v->cut[v->nruns++] = b;
        }
    }
    v->cut[v->nruns] = x->nfix;
}

/* Read the image back and check what is not a field; ready for the runs
 * if all is well, else v->e says what is wrong. */
static void verify_begin(struct verify *v, int split)
{
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m;
    struct aotx_diag *d = &v->d;
    enum aotx_err e = aotx_read(v->bytes, v->size, &v->o, d);
    if (e != AOTX_OK) {
        char why[sizeof d->msg];
        memcpy(why, d->msg, sizeof why); /* d->msg is formatted anew */
        v->e = aotx_fail(d, AOTX_E_FORMAT, "verify: the written image does not read back: %s",
                         why);
        return;
    }
    const struct aotx_module *o = v->o;
    uint64_t code_off = x->code_addr - x->o->base;
    if (o->target.e_type != AOTX_ETYPE_XIP)
        e = aotx_fail(d, AOTX_E_FORMAT, "verify: e_type is %u, not 4", o->target.e_type);
    else if (o->group_count || o->symbol_count)
        e = aotx_fail(d, AOTX_E_FORMAT, "verify: %u relocation groups remain", o->group_count);
    else if (o->func_count != m->func_count || o->export_count != m->export_count ||
             (m->func_count && memcmp(o->text_offsets, m->text_offsets,
                                      m->func_count * sizeof *m->text_offsets)))
        e = aotx_fail(d, AOTX_E_FORMAT, "verify: functions or exports differ from the input");
    else if (o->code_offset != code_off || o->code_size != x->code_area)
        e = aotx_fail(d, AOTX_E_FORMAT, "verify: code at file offset 0x%zx (0x%x bytes), "
                      "expected 0x%llx (0x%llx bytes)", o->code_offset, o->code_size,
                      (unsigned long long)code_off, (unsigned long long)x->code_area);
    if ((v->e = e) != AOTX_OK)
        return;
    v->window = input_window(m->code_size);
    v->nwins = (uint32_t)((m->code_size + v->window - 1) / v->window);
    v->patched = calloc(x->code_area / 8 + 1, 1);
    v->lit_patched = calloc((size_t)o->literal_size / 8 + 1, 1);
    v->superseded = calloc(x->nfix / 8 + 1, 1);
    v->cut = calloc(VERIFY_RUNS + 1, sizeof *v->cut);
    v->bad_fix = malloc(VERIFY_RUNS * sizeof *v->bad_fix);
    v->bad_msg = malloc(VERIFY_RUNS * sizeof *v->bad_msg);
    v->sems = calloc(x->nhowtos + 1, sizeof *v->sems);
    v->bad_byte = malloc((v->nwins + 1) * sizeof *v->bad_byte);
    if (!v->patched || !v->lit_patched || !v->superseded || !v->cut || !v->bad_fix ||
        !v->bad_msg || !v->sems || !v->bad_byte) {
        v->e = aotx_fail(d, AOTX_E_NOMEM, "out of memory");
        return;
    }
    if ((v->e = rules_of(x, v->sems, d)) != AOTX_OK)
        return;
    aotx_prefault(v->patched, x->code_area / 8 + 1); /* read as it is written */
    for (uint32_t k = 0; k < VERIFY_RUNS; k++)
        v->bad_fix[k] = SIZE_MAX;
    for (uint32_t k = 0; k <= v->nwins; k++)
        v->bad_byte[k] = UINT64_MAX;
    verify_cut(v, split);
    atomic_store_explicit(&v->ready, 1, memory_order_release);
}

/* Every fix of run k means the value its relocation gives (verify_field),
 * but where a later fix at its field reads it (only the last of a chain is
 * read back); mark what they cover. R_*_NONE marks nothing: its bytes stay
 * the input's. */
static void verify_run(struct verify *v, uint32_t k)
{
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m;
    size_t from = v->cut[k], to = v->cut[k + 1];
    for (size_t i = from; i < to; i++)
        if (continues_chain(x, i))
            mark(v->superseded, (uint64_t)x->fixes[i].link, 1);
    for (uint32_t gi = fix_gi(x, from < to ? from : 0); gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        size_t first = x->group_first[gi], end = first + g->count;
        if (first >= to)
            break;
        int lit = g->target == AOTX_PATCH_LITERAL;
        const uint8_t *area = lit ? v->o->literal : v->o->code;
        for (size_t i = first > from ? first : from; i < end && i < to; i++) {
            const struct aotx_howto *h = fix_h(x, i);
            const struct aotx_reloc *r = &g->relocs[i - first];
            uint64_t off = field_off(x, g, r);
            if (h->expr == X_NONE)
                continue;
            if (!BIT(v->superseded, i) &&
                !verify_field(v, i, g, r, area + off, v->bad_msg[k], sizeof v->bad_msg[k])) {
                v->bad_fix[k] = i;
                return;
            }
            mark(lit ? v->lit_patched : v->patched, off, h->size);
        }
    }
}

static void verify_runs(struct verify *v)
{
    if (!atomic_load_explicit(&v->ready, memory_order_acquire))
        return;
    for (uint32_t k; (k = atomic_fetch_add(&v->next_run, 1)) < v->nruns;)
        verify_run(v, k);
}

static int verify_fields_ok(const struct verify *v)
{
    for (uint32_t k = 0; k < v->nruns; k++)
        if (v->bad_fix[k] != SIZE_MAX)
            return 0;
    return 1;
}

/* Every code byte no field covers is the input's: a window at a time, each
 * window of the input given back once compared. After every run. */
static void verify_windows(void *arg)
{
    struct verify *v = arg;
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m;
    for (uint32_t k; (k = atomic_fetch_add(&v->next_win, 1)) < v->nwins;) {
        uint64_t at = k * v->window;
        uint64_t n = m->code_size - at < v->window ? m->code_size - at : v->window;
        uint64_t i = unpatched_diff(v->patched, at, v->o->code + at, m->code + at, n);
        if (i < n)
            v->bad_byte[k] = at + i;
        else
            aotx_release_input(x->o->input_map, x->o->input_map_size, m->code + at, (size_t)n);
    }
}

/* The generated code: every veneer is its template but for its target
 * slot (each call through it read its slot), and every GOT slot holds its
 * symbol's address. */
static enum aotx_err verify_generated(const struct verify *v, struct aotx_diag *d)
{
    const struct xctx *x = v->x;
    uint8_t tmpl[64];
    if (x->nveneers) {
        unsigned from = x->vt->reloc_offset,
                 to = from + aotx_arch_howto(x->a, x->vt->reloc_type)->size;
        put_units(x->vt, tmpl, x->be);
        for (uint32_t k = 0; k < x->nveneers; k++)
            for (unsigned b = 0; b < x->vt->size; b++)
                if ((b < from || b >= to) && v->o->code[x->veneers[k].off + b] != tmpl[b])
                    return aotx_fail(d, AOTX_E_FORMAT, "verify: the veneer at 0x%llx (for '%s') "
                                     "differs from its template at byte %u",
                                     (unsigned long long)(x->code_addr + x->veneers[k].off),
                                     x->m->symbols[x->veneers[k].sym].name, b);
    }
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

/* The rest, and the first fault in the order of one pass, in d. */
static enum aotx_err verify_end(struct verify *v, struct aotx_diag *d)
{
    if (v->e != AOTX_OK) {
        if (d)
            *d = v->d;
        return v->e;
    }
    const struct xctx *x = v->x;
    const struct aotx_module *m = x->m, *o = v->o;
    for (uint32_t k = 0; k < v->nruns; k++) {
        size_t i = v->bad_fix[k];
        if (i == SIZE_MAX)
            continue;
        return aotx_fail(d, AOTX_E_FORMAT, "%s", v->bad_msg[k]);
    }
    for (uint32_t k = 0; k < v->nwins; k++) {
        uint64_t i = v->bad_byte[k];
        if (i != UINT64_MAX)
            return aotx_fail(d, AOTX_E_FORMAT, "verify: code byte text+0x%x changed (0x%02x, "
                             "was 0x%02x) though no relocation patches it", (unsigned)i,
                             o->code[i], m->code[i]);
    }
    /* the literal area, then its zero pad */
    uint64_t i;
    if (o->literal_size != m->literal_size + x->pad)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: literal area is %u bytes, expected %u",
                         o->literal_size, m->literal_size + x->pad);
    if ((i = unpatched_diff(v->lit_patched, 0, o->literal, m->literal, m->literal_size)) <
        m->literal_size)
        return aotx_fail(d, AOTX_E_FORMAT, "verify: literal byte 0x%x changed", (unsigned)i);
    for (uint32_t k = m->literal_size; k < o->literal_size; k++)
        if (o->literal[k]) /* the pad: never patched */
            return aotx_fail(d, AOTX_E_FORMAT, "verify: literal byte 0x%x changed", k);
    /* data copies: the input's bytes, but where data relocations patch them */
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
    /* object data sections: emptied, but .aot_stack_sizes */
    for (uint32_t s = 0; s < o->data_section_count; s++) {
        int keep = strcmp(o->data_sections[s].name, ".aot_stack_sizes") == 0;
        if (o->data_sections[s].size != (keep ? m->data_sections[s].size : 0))
            return aotx_fail(d, AOTX_E_FORMAT, "verify: object data section '%s' is %u bytes",
                             o->data_sections[s].name, o->data_sections[s].size);
    }
    return verify_generated(v, d);
}

static void verify_free(struct verify *v)
{
    aotx_module_free(v->o);
    free(v->patched);
    free(v->lit_patched);
    free(v->superseded);
    free(v->cut);
    free(v->bad_fix);
    free(v->bad_msg);
    free(v->sems);
    free(v->bad_byte);
    memset(v, 0, sizeof *v);
}

/* All of it on this thread. */
static enum aotx_err verify_image(const struct xctx *x, const uint8_t *bytes, size_t size,
                                  struct aotx_diag *d)
{
    struct verify v = {.x = x, .bytes = bytes, .size = size};
    verify_begin(&v, 0);
    verify_runs(&v);
    if (v.e == AOTX_OK && verify_fields_ok(&v))
        verify_windows(&v);
    enum aotx_err e = verify_end(&v, d);
    verify_free(&v);
    return e;
}

/* A rewrite in the background: its second thread, which builds the image
 * while aotx_xip() checks the relocations and then starts verifying it;
 * aotx_xip_wait() takes a share of the rest on the caller's thread. */
struct aotx_xip_check {
    struct aotx_worker w; /* running: a thread to stop */
    int verifying;        /* the verification was started */
    int waited;           /* ... and is over: its outcome is in e and d */
    struct xctx x;
    struct verify v;
    enum aotx_err e;
    struct aotx_diag d;
};

static void check_run(void *arg)
{
    struct verify *v = arg;
    verify_begin(v, 1);
    verify_runs(v);
}

/* Start verifying img, whose rewrite state x now belongs to the check, on
 * the second thread; where none started, here. */
static void check_start(struct aotx_xip_check *c, struct xctx *x, const struct aotx_xip_image *img)
{
    c->x = *x;
    memset(x, 0, sizeof *x);
    c->x.w = NULL; /* the verification runs on it */
    c->v = (struct verify){.x = &c->x, .bytes = img->bytes, .size = img->size};
    c->verifying = 1;
    aotx_worker_post(&c->w, check_run, &c->v);
}

/* The second thread is done, the verification's state freed: only the
 * outcome is left. */
static void check_end(struct aotx_xip_check *c)
{
    aotx_worker_stop(&c->w);
    verify_free(&c->v);
    xctx_free(&c->x);
    memset(&c->x, 0, sizeof c->x);
}

enum aotx_err aotx_xip_wait(struct aotx_xip_image *img, struct aotx_diag *d)
{
    struct aotx_xip_check *c = img->check;
    if (!c)
        return AOTX_OK; /* verified before aotx_xip() returned, or not asked to be */
    if (c->verifying && !c->waited) {
        /* the runs the second thread has not taken yet; once all are
         * done, the windows, taken by both */
        verify_runs(&c->v);
        aotx_worker_wait(&c->w);
        if (c->v.e == AOTX_OK && verify_fields_ok(&c->v)) {
            aotx_worker_post(&c->w, verify_windows, &c->v);
            verify_windows(&c->v);
            aotx_worker_wait(&c->w);
        }
        c->e = verify_end(&c->v, &c->d);
        c->waited = 1;
    }
    check_end(c);
    if (!c->verifying)
        return AOTX_OK; /* built in the background, not asked to verify */
    if (c->e != AOTX_OK) {
        if (d)
            *d = c->d;
        return c->e;
    }
    img->verified = 1;
    return AOTX_OK;
}

/* ---- the driver ---- */

/* Encoding the checked values of fixes [from, to) into the built image, in
 * order. Only a chain's fixes share a field (chain_fixes refuses every
 * other overlap), and a chain is one run of fixes where they are in field
 * order (xctx.in_field_order): so two runs that split no chain write
 * disjoint bytes, and may be written at once. */
struct encode {
    const struct xctx *x;
    uint8_t *lit, *code; /* the literal and the code area, in the image */
    size_t from, to;
};

static void encode_run(void *arg)
{
    const struct encode *en = arg;
    const struct xctx *x = en->x;
    const struct aotx_module *m = x->m;
    for (uint32_t gi = 0; gi < m->group_count; gi++) {
        const struct aotx_reloc_group *g = &m->groups[gi];
        size_t first = x->group_first[gi], end = first + g->count;
        if (end <= en->from)
            continue;
        if (first >= en->to)
            break;
        uint8_t *area = g->target == AOTX_PATCH_LITERAL ? en->lit : en->code;
        for (size_t i = first > en->from ? first : en->from; i < end && i < en->to; i++)
            x->a->encode(fix_h(x, i), area + field_off(x, g, &g->relocs[i - first]), x->fields[i],
                         x->be);
    }
}

/* memcpy(to, from, n) from the input, each window of it given back to the
 * kernel once copied (aotx_xip_options.input_map). */
static void copy_input(const struct aotx_xip_options *o, uint8_t *to, const uint8_t *from,
                       size_t n)
{
    size_t window = input_window(n);
    for (size_t at = 0; at < n; at += window) {
        size_t k = n - at < window ? n - at : window;
        memcpy(to + at, from + at, k);
        aotx_release_input(o->input_map, o->input_map_size, from + at, k);
    }
}

/* The image's warnings: those met so far, then the natives' addresses
 * against the image's. */
static enum aotx_err take_warnings(struct xctx *x, struct aotx_xip_image *img)
{
    warn_addresses(x, img->base, img->size);
    if (x->warn_nomem)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    img->warnings = x->warnings;
    img->warning_count = x->nwarnings;
    x->warnings = NULL;
    x->nwarnings = 0;
    return AOTX_OK;
}

static void xctx_free(struct xctx *x)
{
    for (uint32_t i = 0; i < x->nwarnings; i++)
        free(x->warnings[i]);
    free(x->warnings);
    free(x->syms);
    free(x->fixes);
    free(x->group_first);
    free(x->howtos);
    free(x->known);
    free(x->howto_slot);
    free(x->pair_A);
    free(x->fields);
    free(x->his);
    free(x->veneers);
    free(x->got_slot);
    free(x->got_sym);
    free(x->uses);
    free(x->data_off);
    free(x->data_align);
}

/* A stamp of this aot-xip or an earlier one (stamp.h): a raw custom
 * section "aot-xip" whose first word is a stamp version. A wasm module's
 * own custom section of that name (wamrc --emit-custom-sections) is none. */
static int is_stamp(const struct aotx_custom *c)
{
    if (c->kind != AOTX_CUSTOM_RAW || !c->raw_name || strcmp(c->raw_name, STAMP_NAME) != 0 ||
        c->raw_content_size < 4)
        return 0;
    uint32_t version = rd32le(c->raw_content);
    return version >= 1 && version <= STAMP_VERSION;
}

/* An image aot-xip wrote is no input: its code points at the base it was
 * made for, and it has nothing left to relocate. wamrc's own XIP output
 * (--xip, --enable-indirect-mode: e_type 4, with relocations) is one. */
static enum aotx_err check_not_relocated(const struct xctx *x)
{
    const struct aotx_module *m = x->m;
    uint64_t relocs = 0;
    for (uint32_t i = 0; i < m->custom_count; i++)
        if (is_stamp(&m->customs[i]))
            return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "already relocated: the file carries an "
                             "\"%s\" stamp (aot-xip wrote it), and its code points at the base "
                             "it was made for; start from wamrc's output", STAMP_NAME);
    for (uint32_t g = 0; g < m->group_count; g++)
        relocs += m->groups[g].count;
    if (m->target.e_type == AOTX_ETYPE_XIP && !relocs)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "already relocated: an XIP image (e_type 4) "
                         "with no relocations left, whose code points at the addresses it was "
                         "made for; start from wamrc's output");
    return AOTX_OK;
}

static const char *profile_name(char p)
{
    switch (p) {
    case 'a': return "an A-profile core";
    case 'r': return "an R-profile core";
    case 'm': return "an M-profile core";
    default: return "a core with an ARM state";
    }
}

/* ARM and Thumb: the core's profile, from the arch string (aotx_arm_core)
 * or, where it does not say, arm_profile, else M (no ARM state). */
static enum aotx_err arm_core(struct xctx *x)
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

static enum aotx_err check_target(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    if (!x->a)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "target '%s' (e_machine %u, bin_type %u) is "
                         "not one aot-xip knows", m->target.arch, m->target.e_machine,
                         m->target.bin_type);
    if (!x->a->howto_count)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "aot-xip does not relocate %s code yet",
                         x->a->name);
    if (x->a->thumb_bit && x->be)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "big-endian ARM images are not supported");
    if (x->a->little_only && x->be)
        return aotx_fail(x->d, AOTX_E_FORMAT, "%s code is little-endian, but the target info "
                         "says big-endian (bin_type 0x%x): the file is damaged, or not wamrc's",
                         x->a->name, m->target.bin_type);
    if (x->o->symbols) /* an ELF map must be of a firmware for this target */
        TRY(aotx_symmap_check_target(x->o->symbols, &m->target, x->d));
    TRY(check_not_relocated(x));
    TRY(arm_core(x));
    if (x->o->base % 4)
        return aotx_fail(x->d, AOTX_E_USAGE, "base address 0x%llx is not a multiple of 4 (the "
                         "WAMR loader reads the image as 4-byte aligned data)",
                         (unsigned long long)x->o->base);
    if (x->o->base > x->addr_max)
        return aotx_fail(x->d, AOTX_E_USAGE, "base address 0x%llx is outside the %u-bit address "
                         "space of %s code", (unsigned long long)x->o->base, x->ptr_bits,
                         x->a->name);
    return AOTX_OK;
}

/* The output module: the input with e_type 4, no relocations, the object
 * data sections emptied (but .aot_stack_sizes). Text is set later. */
static enum aotx_err out_module(struct xctx *x, struct aotx_module *out,
                                struct aotx_data_section *ds)
{
    const struct aotx_module *m = x->m;
    *out = *m;
    out->target.e_type = AOTX_ETYPE_XIP;
    out->symbol_count = 0;
    out->group_count = 0;
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        ds[i] = m->data_sections[i];
        if (strcmp(ds[i].name, ".aot_stack_sizes") != 0) {
            ds[i].size = 0;
            ds[i].bytes = NULL;
        }
        ds[i].offset = 0;
    }
    out->data_sections = ds;
    return AOTX_OK;
}

static uint32_t text_index(const struct aotx_module *m)
{
    for (uint32_t i = 0; i < m->section_count; i++)
        if (m->sections[i].id == AOTX_SEC_TEXT)
            return i;
    return 0;
}

/* Building the image: what it reads of the rewrite was fixed by the layout
 * (none of what checking the relocations writes); it writes the image and
 * its own fields. */
struct build {
    struct xctx *x;
    struct aotx_module *out;
    size_t *offsets;
    uint64_t body; /* where the text body lands, as measured */
    struct aotx_xip_image *img;
    uint8_t *lit, *code; /* in img->bytes */
    enum aotx_err e;
    struct aotx_diag d;
};

static void build_run(void *arg)
{
    struct build *b = arg;
    const struct xctx *x = b->x;
    const struct aotx_module *m = x->m;
    const struct aotx_xip_options *o = x->o;
    /* The text body is serialised as zeros and filled in place, so the
     * image is the only copy of it. The input's pages go back to the kernel
     * first, for the image to take their place: what is read of the input
     * from here on faults in again (the code a window at a time, each
     * window given back once copied or verified; names as the report asks
     * for them). */
    aotx_release_input(o->input_map, o->input_map_size, o->input_map, o->input_map_size);
    b->out->literal = NULL;
    b->out->literal_size = m->literal_size + x->pad;
    b->out->code = NULL;
    b->out->code_size = (uint32_t)x->code_area;
    if ((b->e = aotx_write_layout(b->out, &b->img->bytes, &b->img->size, b->offsets, &b->d)) !=
        AOTX_OK)
        return;
    if (o->base + b->offsets[text_index(m)] != b->body) {
        b->e = aotx_fail(&b->d, AOTX_E_FORMAT, "the text section moved between measuring and "
                         "writing the image");
        return;
    }
    uint8_t *lit = b->img->bytes + b->offsets[text_index(m)] + 4;
    uint8_t *code = lit + m->literal_size + x->pad;
    if (m->literal_size)
        memcpy(lit, m->literal, m->literal_size);
    copy_input(o, code, m->code, m->code_size);
    for (uint32_t i = 0; i < m->data_section_count; i++)
        if (x->data_off[i] != UINT64_MAX && m->data_sections[i].size)
            memcpy(code + x->data_off[i], m->data_sections[i].bytes, m->data_sections[i].size);
    if (x->nveneers)
        write_veneers(x, code);
    if (x->ngot)
        write_got(x, code);
    b->lit = lit, b->code = code;
}

enum aotx_err aotx_xip(const struct aotx_module *m, const struct aotx_xip_options *o,
                       struct aotx_xip_image **result, struct aotx_diag *d)
{
    struct xctx x = {.m = m, .a = m->arch, .o = o, .d = d};
    struct aotx_module out;
    struct aotx_data_section *ds = NULL;
    size_t *offsets = NULL, size = 0;
    struct aotx_xip_image *img = NULL;
    enum aotx_err e;

    *result = NULL;
    x.be = (m->target.bin_type & AOTX_BIN_BIG_ENDIAN) != 0;
    x.ptr_bits = (m->target.bin_type & AOTX_BIN_64BIT) ? 64 : 32;
    x.addr_max = x.ptr_bits == 64 ? UINT64_MAX : 0xffffffffu;
    if ((e = check_target(&x)) != AOTX_OK)
        return e;

    ds = calloc(m->data_section_count + 1, sizeof *ds);
    offsets = calloc(m->section_count, sizeof *offsets);
    x.syms = calloc(m->symbol_count + 1, sizeof *x.syms);
    x.data_off = calloc(m->data_section_count + 1, sizeof *x.data_off);
    x.data_align = calloc(m->data_section_count + 1, sizeof *x.data_align);
    img = calloc(1, sizeof *img);
    if (!ds || !offsets || !x.syms || !x.data_off || !x.data_align || !img) {
        e = aotx_fail(d, AOTX_E_NOMEM, "out of memory");
        goto done;
    }
    img->page_size = o->page_size ? o->page_size : 4096;
    img->arm_profile = x.profile;
    if (o->background) { /* the second thread is there before its first job */
        if (!(img->check = calloc(1, sizeof *img->check))) {
            e = aotx_fail(d, AOTX_E_NOMEM, "out of memory");
            goto done;
        }
        if (aotx_worker_start(&img->check->w, AOTX_XIP_THREAD_CREATE))
            x.w = &img->check->w;
    }

    /* where the text body lands: the sections before it do not depend on it */
    out_module(&x, &out, ds);
    if ((e = aotx_write_layout(&out, NULL, &size, offsets, d)) != AOTX_OK) /* measure only */
        goto done;
    uint64_t body = o->base + offsets[text_index(m)];
    uint32_t align = o->code_align ? o->code_align : AOTX_XIP_CODE_ALIGN;
    if (align < 16 || align > 4096 || (align & (align - 1))) {
        e = aotx_fail(d, AOTX_E_USAGE, "code alignment %u is not a power of two from 16 to "
                      "4096", align);
        goto done;
    }
    x.literal_addr = body + 4;
    /* the literal area grows to start the code on the line */
    x.pad = (uint32_t)((align - (x.literal_addr + m->literal_size) % align) % align);
    x.code_addr = x.literal_addr + m->literal_size + x.pad;
    x.vt = x.a->veneer ? x.a->veneer(m) : NULL;

    if ((e = resolve_symbols(&x)) != AOTX_OK || (e = prepare_fixes(&x)) != AOTX_OK ||
        (e = find_veneers(&x)) != AOTX_OK)
        goto done;
    if ((e = layout(&x)) != AOTX_OK)
        goto done;
    if (x.code_area > 0xffffffffu - 8 - m->literal_size - x.pad ||
        x.code_addr + x.code_area - 1 > x.addr_max) {
        e = aotx_fail(d, AOTX_E_UNSUPPORTED, "the image does not fit: code and data end at "
                      "0x%llx", (unsigned long long)(x.code_addr + x.code_area));
        goto done;
    }
    /* The image is built (serialised, the code, data, veneers and GOT slots
     * put in) from what the layout fixed; only then are the checked values
     * encoded into it. In the background, on a second thread while every
     * relocation is checked here; else once all of them fit. */
    struct build bd = {.x = &x, .out = &out, .offsets = offsets, .body = body, .img = img};
    if (x.w)
        aotx_worker_post(x.w, build_run, &bd);
    check_fixes(&x);
    /* in the background, the report is filled while the image is built: it
     * reads only what the layout settled (on failure, aotx_xip_free() waits
     * for the build) */
    if (img->check && !x.nerrs && (e = fill_report(&x, img)) != AOTX_OK)
        goto done;
    if (x.w)
        aotx_worker_wait(x.w);
    if (x.nerrs) {
        e = finish_errors(&x, AOTX_E_UNSUPPORTED);
        goto done;
    }
    if (!x.w)
        build_run(&bd);
    if (bd.e != AOTX_OK) {
        e = bd.e;
        if (d)
            *d = bd.d;
        goto done;
    }
    /* what the copies faulted in again goes back too */
    aotx_release_input(o->input_map, o->input_map_size, o->input_map, o->input_map_size);
    struct encode en[2] = {{.x = &x, .lit = bd.lit, .code = bd.code, .to = x.nfix}, {0}};
    if (x.w && x.in_field_order && x.nfix >= AOTX_XIP_SPLIT_FROM) {
        /* the second half on the second thread, from a fix that shares no
         * field with one before it */
        size_t mid = x.nfix / 2;
        while (mid < x.nfix && continues_chain(&x, mid))
            mid++;
        en[1] = en[0];
        en[0].to = en[1].from = mid;
        aotx_worker_post(x.w, encode_run, &en[1]);
    }
    encode_run(&en[0]);
    if (en[1].x)
        aotx_worker_wait(x.w);
    /* verification computes the values again: the checked ones go */
    free(x.fields);
    x.fields = NULL;
    if (img->size - 1 > x.addr_max - o->base) {
        e = aotx_fail(d, AOTX_E_UNSUPPORTED, "the image (%zu bytes) does not fit in the %u-bit "
                      "address space at base 0x%llx", img->size, x.ptr_bits,
                      (unsigned long long)o->base);
        goto done;
    }
    img->base = o->base;
    if ((e = take_warnings(&x, img)) != AOTX_OK)
        goto done;
    if (!o->no_verify) {
#ifdef AOTX_XIP_BEFORE_VERIFY
        /* a test's hook that damages the image here, so that each refusal
         * of verification is seen to fire (tests/unit/test_verify.c) */
        AOTX_XIP_BEFORE_VERIFY(img);
#endif
        if (img->check) {
            check_start(img->check, &x, img);
        } else {
            if ((e = verify_image(&x, img->bytes, img->size, d)) != AOTX_OK)
                goto done;
            img->verified = 1;
        }
    }
    if (img->check) {
        if (!img->check->verifying)
            aotx_worker_stop(&img->check->w); /* nothing more for it */
    } else {
        /* the report needs the symbols and veneers, not the fixes: less at the peak */
        free(x.fixes);
        free(x.his);
        free(x.pair_A);
        x.fixes = NULL, x.his = NULL, x.pair_A = NULL;
        if ((e = fill_report(&x, img)) != AOTX_OK)
            goto done;
    }
    *result = img;
    img = NULL;
done:
    aotx_xip_free(img);
    free(offsets);
    free(ds);
    xctx_free(&x);
    return e;
}
