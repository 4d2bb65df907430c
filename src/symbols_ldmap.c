/* GNU ld -Map files as a symbol map; ld.lld's are read in symbols_lldmap.c. */
#include <string.h>

#include "symbols_int.h"

/* ---- GNU ld -Map files ----
 *
 * Only the part after "Linker script and memory map", up to "Cross
 * Reference Table". There a symbol is a line of blanks, an address and a
 * name alone:
 *                 0x0800001a                aot_set_exception_with_id
 * and an assignment carries the symbol's final value:
 *                 0x20000004                _edata = .
 *                 0x20020000                PROVIDE (__stack_top = ...)
 * "[!provide]" in place of the address: a PROVIDE that nothing used, so
 * no symbol. Section lines (" .text  0x08000000  0x94 fw.o") and location
 * counter assignments (". = ALIGN (0x4)") are not symbols either.
 *
 * ld prints HIDDEN() and PROVIDE_HIDDEN() assignments like the others, so
 * a map cannot tell that the script made a symbol local: it is taken. The
 * map lists only global symbols otherwise (unless ld ran with
 * --print-map-locals, which this reader cannot tell either). */

static const char LDMAP_START[] = "Linker script and memory map";
static const char LDMAP_MEMORY[] = "Memory Configuration";
static const char LDMAP_END[] = "Cross Reference Table";

/* For AUTO: is this line, trimmed, a heading only a GNU ld map has? */
int ldmap_heading(struct span s) { return span_is(s, LDMAP_START) || span_is(s, LDMAP_MEMORY); }

static int is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
}

static int is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

/* The identifier at the start of *s, taken off *s (empty if none). */
static struct span ident(struct span *s)
{
    size_t i = 0;
    if (s->n && is_ident_start(s->p[0])) {
        i = 1;
        while (i < s->n && is_ident_char(s->p[i]))
            i++;
    }
    struct span id = {s->p, i};
    s->p += i;
    s->n -= i;
    *s = trim(*s);
    return id;
}

/* Does s start with an assignment operator (=, +=, <<=, ...) ? */
static int is_assignment(struct span s)
{
    static const char *const ops[] = {"+=", "-=", "*=", "/=", "<<=", ">>=", "&=", "|="};
    if (s.n >= 1 && s.p[0] == '=')
        return s.n == 1 || s.p[1] != '=';
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i]);
        if (s.n >= n && memcmp(s.p, ops[i], n) == 0)
            return 1;
    }
    return 0;
}

/* The symbol a line after the address names, or an empty span. */
static struct span ldmap_symbol(struct span rest)
{
    static const struct span none = {NULL, 0};
    struct span id = ident(&rest);
    if (!id.n || span_is(id, "."))
        return none;
    if (!rest.n)
        return id; /* a symbol line */
    if (span_is(id, "PROVIDE") && rest.p[0] == '(') {
        rest.p++;
        rest.n--;
        rest = trim(rest);
        id = ident(&rest);
        if (!id.n || span_is(id, "."))
            return none;
    }
    return is_assignment(rest) ? id : none;
}

/* A linker map: ld.lld's (symbols_lldmap.c) where its heading comes first,
 * else GNU ld's. */
enum aotx_err symload_ldmap(struct symload *ld, const uint8_t *buf, size_t size,
                            struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    if (next_line(&it, &line) && lldmap_heading(line))
        return symload_lldmap(ld, buf, size, d);
    it = (struct lines){(const char *)buf, (const char *)buf + size, 0};
    int in_script = 0;
    while (next_line(&it, &line)) {
        TRY(text_check_line(ld, it.no, line, d));
        if (!in_script) {
            in_script = span_is(trim(line), LDMAP_START);
            continue;
        }
        if (span_is(trim(line), LDMAP_END))
            break;
        if (!line.n || !is_blank(line.p[0]))
            continue;
        struct span rest = line, addr = token(&rest);
        if (!has_0x(addr))
            continue;
        struct span name = ldmap_symbol(trim(rest));
        if (!name.n)
            continue;
        uint64_t v;
        enum num r = text_parse_hex((struct span){addr.p + 2, addr.n - 2}, &v);
        if (r == NUM_TOO_BIG)
            return text_too_big(ld, it.no, addr, d);
        if (r != NUM_OK)
            continue;
        TRY(text_add(ld, it.no, name, v, 0, 0, 0, d));
    }
    if (!in_script)
        return aotx_fail(d, AOTX_E_FORMAT,
                         "%s: not a complete GNU ld map: no line '%s', where the symbols start",
                         ld->file, LDMAP_START);
    return AOTX_OK;
}
