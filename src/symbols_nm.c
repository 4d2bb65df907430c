/* nm and llvm-nm output as a symbol map. */
#include <stdlib.h>
#include <string.h>

#include "symbols_int.h"

/* ---- nm and llvm-nm output ----
 *
 * BSD format (the default): "ADDRESS TYPE NAME", with -S "ADDRESS SIZE TYPE
 * NAME" (symbols of size 0 have no size column), undefined symbols with
 * blanks instead of the address. POSIX format (-P): "NAME TYPE ADDRESS
 * [SIZE]". Numbers are hex without 0x (nm's default radix). With several
 * input files nm prints "file:" headings. The two formats are told apart
 * per file, by the first line that only one of them can read. ARM mapping
 * symbols, where nm prints them, give the functions' instruction set. */

enum nm_form { NM_BSD = 1, NM_POSIX = 2 };

static int is_type_char(struct span s)
{
    if (s.n != 1)
        return 0;
    char c = s.p[0];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '?' || c == '-';
}

static int is_undefined_type(char t) { return t == 'U' || t == 'w' || t == 'v'; }

/* Lines that are no symbol in either form. */
static int nm_line_skipped(struct span line)
{
    struct span s = trim(line);
    if (!s.n || s.p[0] == '#')
        return 1; /* blank, or a comment added by hand */
    if (!has_blank(s) && s.p[s.n - 1] == ':')
        return 1; /* "fw.elf:" or "lib.a[x.o]:" */
    if (is_blank(line.p[0])) {
        /* "         U name": no address */
        struct span rest = s, t = token(&rest);
        return is_type_char(t) && is_undefined_type(t.p[0]) && trim(rest).n;
    }
    return 0;
}

/* The forms a (not skipped) line fits. */
static int nm_forms(struct span line)
{
    struct span rest = line;
    struct span t0 = token(&rest), t1 = token(&rest), t2 = token(&rest), t3 = token(&rest);
    struct span t4 = token(&rest);
    int forms = 0;
    /* BSD: the name is the rest of the line (check_name refuses blanks) */
    if (!is_blank(line.p[0]) && all_hex(t0) &&
        ((is_type_char(t1) && t2.n) || (t1.n > 1 && all_hex(t1) && is_type_char(t2) && t3.n)))
        forms |= NM_BSD;
    if (!is_blank(line.p[0]) && is_type_char(t1) && (!t2.n || all_hex(t2)) &&
        (!t3.n || all_hex(t3)) && !t4.n)
        forms |= NM_POSIX;
    return forms;
}

/* For AUTO: does this first line of a text file look like nm output? */
int looks_like_nm(struct span line)
{
    if (nm_line_skipped(line))
        return 1;
    int forms = nm_forms(line);
    if (forms & NM_BSD)
        return 1;
    if (forms & NM_POSIX) {
        /* "NAME TYPE ADDRESS", or "NAME U" for an undefined symbol */
        struct span rest = line;
        token(&rest);
        struct span t1 = token(&rest), t2 = token(&rest);
        return t2.n || is_undefined_type(t1.p[0]);
    }
    return 0;
}

/* Which nm symbol types name a defined global symbol, as `man nm` lists
 * them. Returns 1 to take the symbol, 0 to skip it, -1 for a common symbol,
 * whose "address" is its size or alignment. */
static int nm_type(char t, int *is_func, int *is_ifunc)
{
    *is_func = t == 'T' || t == 'W' || t == 'i';
    *is_ifunc = t == 'i';
    switch (t) {
    case 'A': /* absolute */
    case 'B': /* bss */
    case 'D': /* data */
    case 'G': /* small data */
    case 'R': /* read-only data */
    case 'S': /* small bss */
    case 'T': /* text */
    case 'V': /* weak object, defined */
    case 'W': /* weak symbol, defined */
    case 'u': /* GNU unique global */
    case 'i': /* GNU indirect function */
        return 1;
    case 'C':
    case 'c':
        return -1;
    default: /* U w v: undefined; other lowercase: local; I N ? -: not addresses */
        return 0;
    }
}

/* ARM mapping symbols (AAELF32 5.5.5): $a, $t and $d, or $a.N, $t.N and
 * $d.N, mark where A32 code, Thumb code and data start. GNU nm and llvm-nm
 * print them with --special-syms (an nm that does not know ARM, always). */
enum map_kind { MAP_NONE, MAP_ARM, MAP_THUMB, MAP_DATA };

struct mapsym {
    uint64_t addr;
    enum map_kind kind;
};

struct mapsyms {
    struct mapsym *v;
    size_t n, cap;
};

static enum map_kind mapping_kind(struct span name)
{
    if (name.n < 2 || name.p[0] != '$' || (name.n > 2 && name.p[2] != '.'))
        return MAP_NONE;
    switch (name.p[1]) {
    case 'a': return MAP_ARM;
    case 't': return MAP_THUMB;
    case 'd': return MAP_DATA;
    default: return MAP_NONE;
    }
}

static enum aotx_err note_mapping(const struct symload *ld, unsigned no, struct mapsyms *ms,
                                  enum map_kind kind, struct span addr, struct aotx_diag *d)
{
    uint64_t v;
    if (!addr.n)
        return AOTX_OK; /* undefined: marks nothing */
    if (text_parse_hex(addr, &v) != NUM_OK)
        return text_too_big(ld, no, addr, d);
    struct mapsym *p = room_for_one(ms->v, ms->n, &ms->cap, sizeof *p, 64);
    if (!p)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    ms->v = p;
    ms->v[ms->n++] = (struct mapsym){v, kind};
    return AOTX_OK;
}

static int by_addr(const void *a, const void *b)
{
    const struct mapsym *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr > y->addr ? 1 : -1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* What the mapping symbols say is at addr (ms sorted): the kind of the
 * nearest at or below it. At one address code wins over data, and $a with
 * $t says nothing. */
static enum map_kind mapping_at(const struct mapsyms *ms, uint64_t addr)
{
    size_t lo = 0, hi = ms->n; /* the first above addr */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ms->v[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return MAP_NONE;
    uint64_t at = ms->v[lo - 1].addr;
    int arm = 0, thumb = 0;
    for (size_t i = lo; i-- > 0 && ms->v[i].addr == at;) {
        arm |= ms->v[i].kind == MAP_ARM;
        thumb |= ms->v[i].kind == MAP_THUMB;
    }
    if (arm && thumb)
        return MAP_NONE;
    return arm ? MAP_ARM : thumb ? MAP_THUMB : MAP_DATA;
}

/* The instruction set of each function of the load from the mapping
 * symbols in force at its address. nm prints Thumb functions even; one
 * printed odd (an nm that does not know ARM) is Thumb where $t says so. */
static void isa_from_mapping_symbols(struct symload *ld, struct mapsyms *ms)
{
    if (!ms->n)
        return;
    qsort(ms->v, ms->n, sizeof *ms->v, by_addr);
    for (size_t i = 0; i < ld->count; i++) {
        struct aotx_native *n = ld->pend[i].n;
        if (!n->is_func)
            continue;
        enum map_kind k = mapping_at(ms, n->value & ~(uint64_t)1);
        if (k == MAP_THUMB) {
            n->isa = AOTX_ISA_THUMB;
            n->value &= ~(uint64_t)1;
        } else if (k == MAP_ARM && !(n->value & 1)) {
            n->isa = AOTX_ISA_ARM;
        }
    }
}

static enum aotx_err read_nm_lines(struct symload *ld, const uint8_t *buf, size_t size,
                                   struct mapsyms *ms, struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;

    /* The form of the file: the first line that only one form reads. */
    int form = 0;
    while (!form && next_line(&it, &line)) {
        if (memchr(line.p, 0, line.n) || nm_line_skipped(line))
            continue;
        int f = nm_forms(line);
        if (f == NM_BSD || f == NM_POSIX)
            form = f;
    }
    if (!form)
        form = NM_BSD;

    it = (struct lines){(const char *)buf, (const char *)buf + size, 0};
    while (next_line(&it, &line)) {
        TRY(text_check_line(ld, it.no, line, d));
        if (nm_line_skipped(line))
            continue;
        if (!(nm_forms(line) & form))
            return text_fail(ld, it.no, d,
                             "cannot read '%.*s%s' as nm output (%s)", QUOTE(trim(line)),
                             form == NM_BSD ? "ADDRESS TYPE NAME or ADDRESS SIZE TYPE NAME"
                                            : "NAME TYPE ADDRESS [SIZE], as nm -P writes it");
        struct span rest = line, name, type, addr = {0}, sz = {0};
        if (form == NM_BSD) {
            addr = token(&rest);
            type = token(&rest);
            if (type.n > 1) {
                sz = type;
                type = token(&rest);
            }
            name = trim(rest);
        } else {
            name = token(&rest);
            type = token(&rest);
            addr = token(&rest);
            sz = token(&rest);
        }
        enum map_kind kind = mapping_kind(name);
        if (kind != MAP_NONE) {
            TRY(note_mapping(ld, it.no, ms, kind, addr, d));
            continue;
        }
        int is_func, is_ifunc;
        int take = nm_type(type.p[0], &is_func, &is_ifunc);
        if (take < 0)
            return text_fail(ld, it.no, d,
                             "'%.*s%s' is a common symbol (type %c): this is nm output of an "
                             "object file, not of the linked firmware", QUOTE(name), type.p[0]);
        if (!take)
            continue;
        if (!addr.n)
            return text_fail(ld, it.no, d, "symbol '%.*s%s' of type %c has no address",
                             QUOTE(name), type.p[0]);
        uint64_t v, s = 0;
        if (text_parse_hex(addr, &v) != NUM_OK)
            return text_too_big(ld, it.no, addr, d);
        if (sz.n && text_parse_hex(sz, &s) != NUM_OK)
            return text_fail(ld, it.no, d, "size '%.*s%s' does not fit in 64 bits", QUOTE(sz));
        TRY(text_check_name(ld, it.no, name, d));
        TRY(text_add(ld, it.no, name, v, is_func, is_ifunc, s, d));
    }
    return AOTX_OK;
}

enum aotx_err symload_nm(struct symload *ld, const uint8_t *buf, size_t size,
                         struct aotx_diag *d)
{
    struct mapsyms ms = {0};
    enum aotx_err err = read_nm_lines(ld, buf, size, &ms, d);
    if (err == AOTX_OK)
        isa_from_mapping_symbols(ld, &ms);
    free(ms.v);
    return err;
}
