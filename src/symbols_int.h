/* Shared by the symbol-map parsers: the map (src/symbols.c), the ELF reader
 * (symbols_elf.c) and the text formats (symbols_text.c, symbols_nm.c,
 * symbols_ldmap.c, symbols_lldmap.c). */
#ifndef AOTX_SYMBOLS_INT_H
#define AOTX_SYMBOLS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aot_xip/symbols.h"
#include "internal.h"

/* A bump allocator over arena chunks: names and entries of one load. */
struct pool {
    struct arena arena;
    uint8_t *cur;
    size_t left;
    size_t next_block;
};

struct pending {
    struct aotx_native *n;
    uint64_t hash;
};

/* One load in progress: its entries are collected here and enter the map
 * only when the whole source has been read and checked. */
struct symload {
    enum aotx_symmap_format fmt;
    const char *file;
    struct pool pool;
    struct pending *pend;
    size_t count, cap;
    uint16_t elf_machine; /* what an ELF says of itself; 0 for text formats */
    uint8_t elf_class, elf_data;
    uint8_t build_id[AOTX_BUILD_ID_MAX]; /* an ELF's GNU build id, build_id_len bytes */
    size_t build_id_len;                 /* AOTX_BUILD_ID_MAX + 1: longer, cut */
};

/* Add a symbol read from the source. proto->name points to name_len bytes
 * (not NUL-terminated); source and file come from ld. */
enum aotx_err symload_add(struct symload *ld, const struct aotx_native *proto, size_t name_len,
                          struct aotx_diag *d);

/* The ELF reader (libelf). */
enum aotx_err symload_elf(struct symload *ld, const uint8_t *buf, size_t size,
                          struct aotx_diag *d);

/* An array v of *cap elements of size bytes, count of them used, with room
 * for one more (symbols.c). */
void *room_for_one(void *v, size_t count, size_t *cap, size_t size, size_t first);

/* ---- text maps: shared helpers (symbols_text.c) ---- */

#define QUOTE_MAX 200 /* longest piece of a line quoted in a message */

struct span {
    const char *p;
    size_t n;
};

static inline int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static inline int is_hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Hex digits only, and at least one. */
static inline int all_hex(struct span s)
{
    if (!s.n)
        return 0;
    for (size_t i = 0; i < s.n; i++)
        if (!is_hex_digit(s.p[i]))
            return 0;
    return 1;
}

static inline struct span trim(struct span s)
{
    while (s.n && is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

static inline int has_blank(struct span s)
{
    for (size_t i = 0; i < s.n; i++)
        if (is_blank(s.p[i]))
            return 1;
    return 0;
}

static inline int span_is(struct span s, const char *lit)
{
    return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* The next blank-separated token of *rest (empty at the end). */
static inline struct span token(struct span *rest)
{
    struct span s = trim(*rest);
    size_t i = 0;
    while (i < s.n && !is_blank(s.p[i]))
        i++;
    rest->p = s.p + i;
    rest->n = s.n - i;
    return (struct span){s.p, i};
}

enum num { NUM_OK, NUM_BAD, NUM_TOO_BIG, NUM_LEADING_ZERO };

enum num text_parse_hex(struct span s, uint64_t *v);

static inline int has_0x(struct span s)
{
    return s.n >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X');
}

/* Lines of a text map, with their 1-based numbers. */
struct lines {
    const char *p, *end;
    unsigned no;
};

static inline int next_line(struct lines *it, struct span *line)
{
    if (it->p >= it->end)
        return 0;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *e = nl ? nl : it->end;
    line->p = it->p;
    line->n = (size_t)(e - it->p);
    if (line->n && line->p[line->n - 1] == '\r')
        line->n--;
    it->p = nl ? nl + 1 : it->end;
    it->no++;
    return 1;
}

enum aotx_err text_fail(const struct symload *ld, unsigned line, struct aotx_diag *d,
                        const char *fmt, ...) AOTX_PRINTF(4, 5);

/* A piece of a line as a message quotes it: at most QUOTE_MAX bytes. */
#define QUOTE(s) (int)((s).n > QUOTE_MAX ? QUOTE_MAX : (s).n), (s).p, ((s).n > QUOTE_MAX ? "..." : "")

enum aotx_err text_check_line(const struct symload *ld, unsigned no, struct span line,
                              struct aotx_diag *d);
enum aotx_err text_too_big(const struct symload *ld, unsigned no, struct span num,
                           struct aotx_diag *d);
/* A symbol name from a text map: not empty, no blanks. */
enum aotx_err text_check_name(const struct symload *ld, unsigned no, struct span name,
                              struct aotx_diag *d);
enum aotx_err text_add(struct symload *ld, unsigned no, struct span name, uint64_t value,
                       int is_func, int is_ifunc, uint64_t size, struct aotx_diag *d);
/* The ADDRESS of --defsym NAME=ADDRESS; eq is the first '=' or NULL. */
enum aotx_err defsym_address(const char *text, const char *eq, uint64_t *v,
                             struct aotx_diag *d);
enum aotx_symmap_format symmap_detect(const uint8_t *buf, size_t size);

/* ---- the text formats' readers ---- */

enum aotx_err symload_plain(struct symload *ld, const uint8_t *buf, size_t size,
                            struct aotx_diag *d); /* symbols_text.c */
enum aotx_err symload_nm(struct symload *ld, const uint8_t *buf, size_t size,
                         struct aotx_diag *d); /* symbols_nm.c */
int looks_like_nm(struct span line);
enum aotx_err symload_ldmap(struct symload *ld, const uint8_t *buf, size_t size,
                            struct aotx_diag *d); /* symbols_ldmap.c */
int ldmap_heading(struct span s);
enum aotx_err symload_lldmap(struct symload *ld, const uint8_t *buf, size_t size,
                             struct aotx_diag *d); /* symbols_lldmap.c */
int lldmap_heading(struct span line);

#endif
