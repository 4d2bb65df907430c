/* ld.lld -Map files as a symbol map (LLD 7 and later, as lld/ELF/MapFile.cpp
 * writes them). The first line is the heading
 *      VMA      LMA     Size Align Out     In      Symbol
 * and every line after it starts with those four numbers (hex, the
 * alignment decimal; 16 digits wide for a 64-bit output) and a blank, then,
 * indented by 0, 8 or 16 blanks, an output section or a script command, an
 * input section or a command inside an output section, or a symbol:
 *  8000046  8000046        e     2         fw.o:(.text.aot_set_exception_with_id)
 *  8000047  8000047        e     1                 aot_set_exception_with_id
 *
 * A symbol line gives the symbol's value and size (st_value and st_size: an
 * ARM Thumb function's value has bit 0 set, and is kept so), except for a
 * thread-local symbol, listed at its offset in the TLS block: a value
 * outside the input section listed before it is not taken. ld.lld lists
 * every symbol an input section defines, local ones too, and not which are
 * local: a name it lists at two addresses or more is ambiguous, as several
 * ELF locals of one name are. ARM, AArch64 and RISC-V mapping symbols ($a,
 * $t, $d, $x, $t.0, ...) are not taken; nor are names with blanks, which
 * only C++ names demangled by ld.lld have (--no-demangle keeps the names
 * the code uses).
 *
 * A script command's numbers are the location counter where it runs, not
 * the value of what it assigns: "_sidata = LOADADDR ( .data )" is listed
 * at the VMA of .data's end. Only "NAME = ." assigns the location counter
 * itself, so only that form is taken (also inside PROVIDE, HIDDEN or
 * PROVIDE_HIDDEN; an unused PROVIDE is not listed). A --defsym is listed
 * with no text. The map ends where a --cref table begins. */
#include <stdlib.h>
#include <string.h>

#include "symbols_int.h"

static const char LLDMAP_END[] = "Cross Reference Table";

/* For AUTO and ldmap: is this the heading ld.lld writes first? */
int lldmap_heading(struct span line)
{
    static const char *const words[] = {"VMA", "LMA", "Size", "Align", "Out", "In", "Symbol"};
    struct span rest = line;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!span_is(token(&rest), words[i]))
            return 0;
    return trim(rest).n == 0;
}

/* A line after the heading: its VMA and size columns, its indent, and the
 * text after the indent. */
struct lldline {
    struct span vma, size, text;
    size_t indent;
};

/* Is line one that ld.lld writes after the heading? */
static int lld_split(struct span line, struct lldline *l)
{
    struct span rest = line, lma, align;
    l->vma = token(&rest);
    lma = token(&rest);
    l->size = token(&rest);
    align = token(&rest);
    if (!all_hex(l->vma) || !all_hex(lma) || !all_hex(l->size) || !all_hex(align))
        return 0;
    l->indent = 0;
    l->text = rest;
    if (!rest.n)
        return 1;
    size_t i = 1; /* rest is the blank after the numbers, the indent and the text */
    while (i < rest.n && rest.p[i] == ' ')
        i++;
    l->indent = i - 1;
    l->text = trim((struct span){rest.p + i, rest.n - i});
    return !l->text.n || l->indent == 0 || l->indent == 8 || l->indent == 16;
}

/* The symbol of "NAME = ." or "PROVIDE ( NAME = . )" (or HIDDEN,
 * PROVIDE_HIDDEN), as ld.lld writes such a command: its tokens with one
 * blank between them. An empty span for any other text. */
static struct span dot_assignment(struct span text)
{
    static const struct span none = {NULL, 0};
    struct span t[7];
    size_t n = 0, at = 0;
    while (n < 7 && (t[n] = token(&text)).n)
        n++;
    if (trim(text).n)
        return none;
    if (n == 6 && span_is(t[1], "(") && span_is(t[5], ")") &&
        (span_is(t[0], "PROVIDE") || span_is(t[0], "HIDDEN") || span_is(t[0], "PROVIDE_HIDDEN")))
        at = 2;
    else if (n != 3)
        return none;
    if (span_is(t[at], ".") || !span_is(t[at + 1], "=") || !span_is(t[at + 2], "."))
        return none;
    return t[at];
}

/* $a $t $d $x, alone or with a suffix ($t.0, $x.1), and RISC-V's $x with
 * its ISA string ($xrv32i2p1_m2p0). */
static int is_mapping_symbol(struct span s)
{
    if (s.n < 2 || s.p[0] != '$' || !memchr("atdx", s.p[1], 4))
        return 0;
    return s.n == 2 || s.p[2] == '.' || (s.p[1] == 'x' && s.n > 3 && s.p[2] == 'r' &&
                                         s.p[3] == 'v');
}

/* A name the map gives a value, kept until every name is known. */
struct lldsym {
    struct span name;
    uint64_t value, size;
    unsigned line;
};

struct lldsyms {
    struct lldsym *v;
    size_t n, cap;
};

/* Where the symbols listed after an input section may lie: a symbol's
 * value is in its section, or (a Thumb label at the end) one past it. */
struct lldsec {
    uint64_t vma, size;
    int known;
};

static enum aotx_err lld_numbers(const struct symload *ld, unsigned no, const struct lldline *l,
                                 uint64_t *vma, uint64_t *size, struct aotx_diag *d)
{
    if (text_parse_hex(l->vma, vma) != NUM_OK)
        return text_too_big(ld, no, l->vma, d);
    if (text_parse_hex(l->size, size) != NUM_OK)
        return text_fail(ld, no, d, "size '%.*s%s' does not fit in 64 bits", QUOTE(l->size));
    return AOTX_OK;
}

/* What line `no` (split into l) gives: a name and its value, or nothing.
 * A symbol outside its input section is not taken: ld.lld lists a
 * thread-local one at its offset in the TLS block. */
static enum aotx_err lld_line(const struct symload *ld, unsigned no, const struct lldline *l,
                              struct lldsec *sec, struct lldsyms *out, struct aotx_diag *d)
{
    uint64_t vma, size;
    struct span name;
    TRY(lld_numbers(ld, no, l, &vma, &size, d));
    if (l->indent == 16) {
        name = l->text;
        if (!sec->known || vma < sec->vma || vma - sec->vma > sec->size + 1)
            return AOTX_OK;
    } else {
        *sec = (struct lldsec){vma, size, l->indent == 8};
        name = dot_assignment(l->text);
        size = 0; /* how far the command moved the location counter */
    }
    if (!name.n || is_mapping_symbol(name) || has_blank(name))
        return AOTX_OK;
    struct lldsym *v = room_for_one(out->v, out->n, &out->cap, sizeof *v, 256);
    if (!v)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    out->v = v;
    out->v[out->n++] = (struct lldsym){.name = name, .value = vma, .size = size, .line = no};
    return AOTX_OK;
}

static enum aotx_err lld_lines(const struct symload *ld, const uint8_t *buf, size_t size,
                               struct lldsyms *out, struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    struct lldsec sec = {0};
    next_line(&it, &line); /* the heading */
    while (next_line(&it, &line)) {
        TRY(text_check_line(ld, it.no, line, d));
        struct span s = trim(line);
        if (span_is(s, LLDMAP_END))
            break;
        struct lldline l;
        if (!s.n)
            continue;
        if (!lld_split(line, &l))
            return text_fail(ld, it.no, d,
                             "cannot read '%.*s%s' as a line of an ld.lld map (VMA LMA SIZE "
                             "ALIGN, then a section, a command or a symbol)", QUOTE(s));
        TRY(lld_line(ld, it.no, &l, &sec, out, d));
    }
    return AOTX_OK;
}

static int by_name(const void *a, const void *b)
{
    const struct lldsym *x = a, *y = b;
    int c = memcmp(x->name.p, y->name.p, x->name.n < y->name.n ? x->name.n : y->name.n);
    if (c)
        return c;
    if (x->name.n != y->name.n)
        return x->name.n < y->name.n ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static int same_name(struct span a, struct span b)
{
    return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* Each name once: at its value, or, listed at several values, ambiguous. */
static enum aotx_err lld_enter(struct symload *ld, struct lldsyms *s, struct aotx_diag *d)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, by_name);
    for (size_t i = 0, j; i < s->n; i = j) {
        const struct lldsym *first = &s->v[i];
        int differ = 0;
        for (j = i + 1; j < s->n && same_name(s->v[j].name, first->name); j++)
            differ |= s->v[j].value != first->value;
        struct aotx_native n = {.name = first->name.p, .value = first->value,
                                .size = first->size, .line = first->line};
        if (differ)
            n = (struct aotx_native){.name = first->name.p, .line = first->line,
                                     .ambiguous = (unsigned)(j - i)};
        TRY(symload_add(ld, &n, first->name.n, d));
    }
    return AOTX_OK;
}

enum aotx_err symload_lldmap(struct symload *ld, const uint8_t *buf, size_t size,
                             struct aotx_diag *d)
{
    struct lldsyms s = {0};
    enum aotx_err err = lld_lines(ld, buf, size, &s, d);
    if (err == AOTX_OK)
        err = lld_enter(ld, &s, d);
    free(s.v);
    return err;
}
