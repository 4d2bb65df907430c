/* Text symbol maps: the helpers their readers share (lines, spans,
 * numbers, messages), plain maps, --defsym's address, and which text
 * format a file is. */
#include <stdio.h>
#include <string.h>

#include "symbols_int.h"

static unsigned hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    return (unsigned)(c - 'A' + 10);
}

enum num text_parse_hex(struct span s, uint64_t *v)
{
    if (!s.n)
        return NUM_BAD;
    uint64_t x = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!is_hex_digit(s.p[i]))
            return NUM_BAD;
    }
    for (size_t i = 0; i < s.n; i++) {
        if (x >> 60)
            return NUM_TOO_BIG;
        x = x << 4 | hex_value(s.p[i]);
    }
    *v = x;
    return NUM_OK;
}

static int all_dec(struct span s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return 0;
    return s.n != 0;
}

static enum num parse_dec(struct span s, uint64_t *v)
{
    if (!all_dec(s))
        return NUM_BAD;
    uint64_t x = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned dgt = (unsigned)(s.p[i] - '0');
        if (x > (UINT64_MAX - dgt) / 10)
            return NUM_TOO_BIG;
        x = x * 10 + dgt;
    }
    *v = x;
    return NUM_OK;
}

/* An address in a map file: hex, with or without 0x (as nm prints it). */
static enum num parse_map_address(struct span s, uint64_t *v)
{
    if (has_0x(s))
        return text_parse_hex((struct span){s.p + 2, s.n - 2}, v);
    return text_parse_hex(s, v);
}

/* An address on the command line: 0x and hex digits, or decimal digits
 * without a leading zero (a lone 0 is decimal); 010 is NUM_LEADING_ZERO,
 * neither octal nor ten. */
static enum num parse_cli_address(struct span s, uint64_t *v)
{
    if (has_0x(s))
        return text_parse_hex((struct span){s.p + 2, s.n - 2}, v);
    if (s.n > 1 && s.p[0] == '0' && all_dec(s))
        return NUM_LEADING_ZERO;
    return parse_dec(s, v);
}

enum aotx_err text_fail(const struct symload *ld, unsigned line, struct aotx_diag *d,
                        const char *fmt, ...)
{
    char msg[AOTX_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return aotx_fail(d, AOTX_E_FORMAT, "%s:%u: %s", ld->file, line, msg);
}

enum aotx_err text_check_line(const struct symload *ld, unsigned no, struct span line,
                              struct aotx_diag *d)
{
    if (memchr(line.p, 0, line.n))
        return text_fail(ld, no, d, "a NUL byte: not a text file");
    return AOTX_OK;
}

enum aotx_err text_too_big(const struct symload *ld, unsigned no, struct span num,
                           struct aotx_diag *d)
{
    return text_fail(ld, no, d, "address '%.*s%s' does not fit in 64 bits", QUOTE(num));
}

/* A symbol name from a text map: not empty, no blanks. */
enum aotx_err text_check_name(const struct symload *ld, unsigned no, struct span name,
                              struct aotx_diag *d)
{
    if (!name.n)
        return text_fail(ld, no, d, "empty symbol name");
    if (has_blank(name))
        return text_fail(ld, no, d, "symbol name '%.*s%s' contains whitespace", QUOTE(name));
    return AOTX_OK;
}

enum aotx_err text_add(struct symload *ld, unsigned no, struct span name, uint64_t value,
                       int is_func, int is_ifunc, uint64_t size, struct aotx_diag *d)
{
    struct aotx_native proto = {
        .name = name.p, .value = value, .is_func = is_func, .is_ifunc = is_ifunc,
        .size = size, .line = no,
    };
    return symload_add(ld, &proto, name.n, d);
}

/* ---- plain maps: NAME = ADDRESS or ADDRESS NAME, # comments ---- */

enum aotx_err symload_plain(struct symload *ld, const uint8_t *buf, size_t size,
                            struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    while (next_line(&it, &line)) {
        TRY(text_check_line(ld, it.no, line, d));
        const char *hash = memchr(line.p, '#', line.n);
        if (hash)
            line.n = (size_t)(hash - line.p);
        line = trim(line);
        if (!line.n)
            continue;

        struct span name, addr;
        const char *eq = memchr(line.p, '=', line.n);
        if (eq) {
            name = trim((struct span){line.p, (size_t)(eq - line.p)});
            addr = trim((struct span){eq + 1, line.n - (size_t)(eq - line.p) - 1});
        } else {
            struct span rest = line;
            addr = token(&rest);
            name = trim(rest);
        }
        uint64_t v = 0;
        enum num r = has_blank(addr) ? NUM_BAD : parse_map_address(addr, &v);
        if (r == NUM_TOO_BIG)
            return text_too_big(ld, it.no, addr, d);
        if (r != NUM_OK || (!eq && !name.n))
            return text_fail(ld, it.no, d,
                             "cannot read '%.*s%s' as NAME = ADDRESS or ADDRESS NAME", QUOTE(line));
        TRY(text_check_name(ld, it.no, name, d));
        TRY(text_add(ld, it.no, name, v, 0, 0, 0, d));
    }
    return AOTX_OK;
}

enum aotx_err defsym_address(const char *text, const char *eq, uint64_t *v,
                             struct aotx_diag *d)
{
    struct span all = {text, strlen(text)}, addr = {0};
    enum num r = NUM_BAD;
    if (eq && eq != text && !has_blank(all)) {
        addr = (struct span){eq + 1, strlen(eq + 1)};
        r = parse_cli_address(addr, v);
    }
    if (r == NUM_TOO_BIG)
        return aotx_fail(d, AOTX_E_USAGE, "--defsym '%.*s%s': address does not fit in 64 bits",
                         QUOTE(all));
    if (r == NUM_LEADING_ZERO) {
        struct span digits = addr;
        while (digits.n > 1 && digits.p[0] == '0') {
            digits.p++;
            digits.n--;
        }
        return aotx_fail(d, AOTX_E_USAGE,
                         "--defsym '%.*s%s': a leading zero does not make '%.*s%s' octal here: "
                         "write 0x%.*s%s for hex or %.*s%s for decimal",
                         QUOTE(all), QUOTE(addr), QUOTE(digits), QUOTE(digits));
    }
    if (r != NUM_OK)
        return aotx_fail(d, AOTX_E_USAGE, "--defsym '%.*s%s': expected NAME=ADDRESS", QUOTE(all));
    return AOTX_OK;
}

/* ---- format detection ---- */

enum aotx_symmap_format symmap_detect(const uint8_t *buf, size_t size)
{
    if (size >= 4 && memcmp(buf, "\177ELF", 4) == 0)
        return AOTX_SYMMAP_ELF;
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    if (next_line(&it, &line) && lldmap_heading(line))
        return AOTX_SYMMAP_LDMAP;
    it = (struct lines){(const char *)buf, (const char *)buf + size, 0};
    while (next_line(&it, &line)) {
        struct span s = trim(line);
        if (ldmap_heading(s))
            return AOTX_SYMMAP_LDMAP;
    }
    it = (struct lines){(const char *)buf, (const char *)buf + size, 0};
    while (next_line(&it, &line)) {
        struct span s = trim(line);
        if (!s.n || s.p[0] == '#')
            continue;
        return looks_like_nm(line) ? AOTX_SYMMAP_NM : AOTX_SYMMAP_PLAIN;
    }
    return AOTX_SYMMAP_PLAIN;
}
