/* Firmware symbol maps: the hash table, the merge rules, and the text
 * formats (nm output, GNU ld maps, plain maps, --defsym). The ELF reader is
 * in symbols_elf.c.
 *
 * Every load collects its entries first (struct symload) and enters them
 * into the map only when the whole source has been read and every entry
 * agrees with the map, so a load that fails changes nothing. Each load
 * allocates from its own arena; the map keeps the arenas of the loads it
 * accepted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbols_int.h"

#define POOL_FIRST_BLOCK 1024u
#define POOL_MAX_BLOCK 65536u
#define QUOTE_MAX 200 /* longest piece of a line quoted in a message */

/* ---- pool ---- */

static void *pool_take(struct pool *p, size_t size, size_t align)
{
    size_t pad = (align - ((uintptr_t)p->cur & (align - 1))) & (align - 1);
    if (!p->cur || size > p->left || pad > p->left - size) {
        if (!p->next_block)
            p->next_block = POOL_FIRST_BLOCK;
        if (size > p->next_block / 4)
            return arena_alloc(&p->arena, size); /* big: a chunk of its own */
        uint8_t *b = arena_alloc(&p->arena, p->next_block);
        if (!b)
            return NULL;
        p->cur = b;
        p->left = p->next_block;
        if (p->next_block < POOL_MAX_BLOCK)
            p->next_block *= 2;
        pad = 0; /* arena chunks are aligned for any type */
    }
    uint8_t *at = p->cur + pad;
    p->cur = at + size;
    p->left -= pad + size;
    return at;
}

static char *pool_strndup(struct pool *p, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *c = pool_take(p, n + 1, 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = 0;
    }
    return c;
}

/* An array v of *cap elements of size bytes, count of them used, with room
 * for one more: v itself, or v grown (doubled, first the first time); NULL
 * if out of memory, v unchanged. */
static void *room_for_one(void *v, size_t count, size_t *cap, size_t size, size_t first)
{
    if (count < *cap)
        return v;
    size_t n = *cap ? *cap * 2 : first;
    void *p = n > SIZE_MAX / size ? NULL : realloc(v, n * size);
    if (p)
        *cap = n;
    return p;
}

/* ---- hash table: open addressing, linear probing ---- */

struct slot {
    uint64_t hash;
    struct aotx_native *n; /* NULL: empty */
};

struct table {
    struct slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
};

static uint64_t hash_name(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

/* The slot holding name, or the empty slot where it would go. */
static struct slot *table_slot(const struct table *t, const char *name, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct slot *s = &t->slots[i];
        if (!s->n || (s->hash == h && strcmp(s->n->name, name) == 0))
            return s;
    }
}

/* Room for `more` new names at a load factor of at most 1/2. */
static int table_reserve(struct table *t, size_t more)
{
    if (more > SIZE_MAX / 4 - t->count)
        return 0;
    size_t need = (t->count + more) * 2;
    if (t->cap && need <= t->cap)
        return 1;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < need)
        cap *= 2;
    struct slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return 0;
    for (size_t i = 0; i < t->cap; i++) {
        struct slot *s = &t->slots[i];
        if (!s->n)
            continue;
        size_t j = (size_t)s->hash & (cap - 1);
        while (slots[j].n)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 1;
}

/* ---- the map ---- */

struct aotx_symmap {
    struct table tab;
    struct arena *arenas; /* one per accepted load */
    size_t arena_count, arena_cap;
    struct aotx_symmap_source *sources; /* one per accepted file, in load order */
    size_t source_count, source_cap;
};

struct aotx_symmap *aotx_symmap_new(void) { return calloc(1, sizeof(struct aotx_symmap)); }

void aotx_symmap_free(struct aotx_symmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->arena_count; i++)
        arena_free(&m->arenas[i]);
    free(m->arenas);
    free(m->sources);
    free(m->tab.slots);
    free(m);
}

const struct aotx_native *aotx_symmap_find(const struct aotx_symmap *m, const char *name)
{
    if (!m || !name || !m->tab.count)
        return NULL;
    return table_slot(&m->tab, name, hash_name(name))->n;
}

size_t aotx_symmap_count(const struct aotx_symmap *m) { return m ? m->tab.count : 0; }

size_t aotx_symmap_source_count(const struct aotx_symmap *m) { return m ? m->source_count : 0; }

const struct aotx_symmap_source *aotx_symmap_source(const struct aotx_symmap *m, size_t i)
{
    return m && i < m->source_count ? &m->sources[i] : NULL;
}

const char *aotx_symmap_format_name(enum aotx_symmap_format f)
{
    switch (f) {
    case AOTX_SYMMAP_AUTO: return "auto";
    case AOTX_SYMMAP_ELF: return "elf";
    case AOTX_SYMMAP_NM: return "nm";
    case AOTX_SYMMAP_LDMAP: return "ldmap";
    case AOTX_SYMMAP_PLAIN: return "plain";
    case AOTX_SYMMAP_DEFSYM: return "defsym";
    }
    return "unknown";
}

enum aotx_err aotx_symmap_parse_format(const char *s, enum aotx_symmap_format *f,
                                       struct aotx_diag *d)
{
    static const enum aotx_symmap_format files[] = {
        AOTX_SYMMAP_AUTO, AOTX_SYMMAP_ELF, AOTX_SYMMAP_NM, AOTX_SYMMAP_LDMAP, AOTX_SYMMAP_PLAIN,
    };
    for (size_t i = 0; s && i < sizeof files / sizeof files[0]; i++) {
        if (strcmp(s, aotx_symmap_format_name(files[i])) == 0) {
            *f = files[i];
            return AOTX_OK;
        }
    }
    return aotx_fail(d, AOTX_E_USAGE,
                     "--symbols-format '%s': expected auto, elf, nm, ldmap or plain",
                     s ? s : "");
}

/* ---- merge rules ---- */

/* How much a source knows: ELF knows the instruction set and the symbol
 * type, nm the symbol type (and the instruction set where it prints the
 * mapping symbols), ld maps and plain maps only the address. */
static int rank(const struct aotx_native *n)
{
    switch (n->source) {
    case AOTX_SYMMAP_ELF: return 3;
    case AOTX_SYMMAP_NM: return 2;
    default: return 1;
    }
}

/* Does the source know that this symbol is not code? */
static int known_data(const struct aotx_native *n)
{
    return (n->source == AOTX_SYMMAP_ELF || n->source == AOTX_SYMMAP_NM) && !n->is_func;
}

/* Two entries of one name agree when they give the same address. Where
 * the instruction set is unknown, the odd "Thumb-bit" form of an address
 * agrees with the even one: with an ELF Thumb function, and with an entry
 * from a source that cannot tell code from data, or that says it is code
 * (GNU nm, llvm-nm and ld maps write Thumb functions even; a hand-written
 * map or a --defsym often writes them odd). */
static int agree(const struct aotx_native *a, const struct aotx_native *b)
{
    if (a->ambiguous || b->ambiguous)
        return 1; /* no address to disagree with */
    if (a->isa != AOTX_ISA_UNKNOWN && b->isa != AOTX_ISA_UNKNOWN)
        return a->isa == b->isa && a->value == b->value;
    if (a->value == b->value)
        return 1;
    if ((a->value ^ b->value) != 1)
        return 0;
    if (a->isa != AOTX_ISA_UNKNOWN || b->isa != AOTX_ISA_UNKNOWN) {
        const struct aotx_native *k = a->isa != AOTX_ISA_UNKNOWN ? a : b;
        return k->isa == AOTX_ISA_THUMB;
    }
    return !known_data(a) && !known_data(b);
}

/* Of two entries that agree, is the new one worth keeping instead? The
 * more informative source wins; between equals, the odd form, which says
 * Thumb. */
static int better(const struct aotx_native *new, const struct aotx_native *old)
{
    if (!new->ambiguous != !old->ambiguous)
        return old->ambiguous != 0; /* an address beats none */
    if (rank(new) != rank(old))
        return rank(new) > rank(old);
    return (new->value & 1) && !(old->value & 1);
}

static void describe(char *out, size_t size, const struct aotx_native *n)
{
    const char *isa = n->isa == AOTX_ISA_THUMB ? " (Thumb)" : n->isa == AOTX_ISA_ARM ? " (ARM)" : "";
    if (n->line)
        snprintf(out, size, "0x%llx%s in %s:%u", (unsigned long long)n->value, isa, n->file,
                 n->line);
    else
        snprintf(out, size, "0x%llx%s in %s", (unsigned long long)n->value, isa, n->file);
}

static enum aotx_err conflict(const struct aotx_native *old, const struct aotx_native *new,
                              struct aotx_diag *d)
{
    char a[320], b[320];
    describe(a, sizeof a, old);
    describe(b, sizeof b, new);
    return aotx_fail(d, AOTX_E_FORMAT, "symbol '%.200s' is %s but %s", new->name, a, b);
}

/* ---- loads ---- */

enum aotx_err symload_add(struct symload *ld, const struct aotx_native *proto, size_t name_len,
                          struct aotx_diag *d)
{
    struct pending *p = room_for_one(ld->pend, ld->count, &ld->cap, sizeof *p, 256);
    if (!p)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    ld->pend = p;
    struct aotx_native *n = pool_take(&ld->pool, sizeof *n, _Alignof(struct aotx_native));
    char *name = n ? pool_strndup(&ld->pool, proto->name, name_len) : NULL;
    if (!name)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    *n = *proto;
    n->name = name;
    n->source = ld->fmt;
    n->file = ld->file;
    ld->pend[ld->count].n = n;
    ld->pend[ld->count].hash = hash_name(name);
    ld->count++;
    return AOTX_OK;
}

static int keep_arena_room(struct aotx_symmap *m)
{
    struct arena *a = room_for_one(m->arenas, m->arena_count, &m->arena_cap, sizeof *a, 8);
    if (a)
        m->arenas = a;
    return a != NULL;
}

static int keep_source_room(struct aotx_symmap *m)
{
    struct aotx_symmap_source *s =
        room_for_one(m->sources, m->source_count, &m->source_cap, sizeof *s, 4);
    if (s)
        m->sources = s;
    return s != NULL;
}

/* Enter a load's entries: duplicates within the source merge (or clash),
 * then each name is checked against the map, and only then is the map
 * changed. */
static enum aotx_err commit(struct aotx_symmap *m, struct symload *ld, struct aotx_diag *d)
{
    struct table seen = {0};
    size_t unique = 0;
    enum aotx_err err = AOTX_OK;

    if (!table_reserve(&seen, ld->count) || !table_reserve(&m->tab, 0) || !keep_arena_room(m) ||
        !keep_source_room(m)) {
        free(seen.slots);
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    }
    /* Within the source: equal entries merge; pend[] is compacted to the
     * unique names. */
    for (size_t i = 0; i < ld->count; i++) {
        struct pending p = ld->pend[i];
        struct slot *s = table_slot(&seen, p.n->name, p.hash);
        if (s->n) {
            if (!agree(s->n, p.n)) {
                err = conflict(s->n, p.n, d);
                goto out;
            }
            if (better(p.n, s->n))
                *s->n = *p.n; /* s->n is in pend[] already */
            continue;
        }
        s->n = p.n;
        s->hash = p.hash;
        seen.count++;
        ld->pend[unique++] = p;
    }
    /* Against the map: --defsym entries win without a check. */
    size_t fresh = 0;
    for (size_t i = 0; i < unique; i++) {
        struct slot *s = table_slot(&m->tab, ld->pend[i].n->name, ld->pend[i].hash);
        if (!s->n) {
            fresh++;
        } else if (s->n->source != AOTX_SYMMAP_DEFSYM && !agree(s->n, ld->pend[i].n)) {
            err = conflict(s->n, ld->pend[i].n, d);
            goto out;
        }
    }
    if (!table_reserve(&m->tab, fresh)) {
        err = aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
        goto out;
    }
    for (size_t i = 0; i < unique; i++) {
        struct pending p = ld->pend[i];
        struct slot *s = table_slot(&m->tab, p.n->name, p.hash);
        if (!s->n) {
            s->n = p.n;
            s->hash = p.hash;
            m->tab.count++;
        } else if (s->n->source != AOTX_SYMMAP_DEFSYM && better(p.n, s->n)) {
            *s->n = *p.n; /* in place: pointers from aotx_symmap_find stay valid */
        }
    }
    m->sources[m->source_count++] = (struct aotx_symmap_source){
        .file = ld->file, .format = ld->fmt, .elf_machine = ld->elf_machine,
        .elf_class = ld->elf_class, .elf_data = ld->elf_data,
    };
    m->arenas[m->arena_count++] = ld->pool.arena;
    ld->pool.arena.head = NULL;
out:
    free(seen.slots);
    return err;
}

static void symload_done(struct symload *ld)
{
    arena_free(&ld->pool.arena); /* empty when the map took it */
    free(ld->pend);
}

/* ---- text helpers ---- */

struct span {
    const char *p;
    size_t n;
};

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

static int is_hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    return (unsigned)(c - 'A' + 10);
}

static struct span trim(struct span s)
{
    while (s.n && is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

static int has_blank(struct span s)
{
    for (size_t i = 0; i < s.n; i++)
        if (is_blank(s.p[i]))
            return 1;
    return 0;
}

static int span_is(struct span s, const char *lit)
{
    return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* The next blank-separated token of *rest (empty at the end). */
static struct span token(struct span *rest)
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

static enum num parse_hex(struct span s, uint64_t *v)
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

static int has_0x(struct span s) { return s.n >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X'); }

/* An address in a map file: hex, with or without 0x (as nm prints it). */
static enum num parse_map_address(struct span s, uint64_t *v)
{
    if (has_0x(s))
        return parse_hex((struct span){s.p + 2, s.n - 2}, v);
    return parse_hex(s, v);
}

/* An address on the command line: 0x and hex digits, or decimal digits
 * without a leading zero (a lone 0 is decimal); 010 is NUM_LEADING_ZERO,
 * neither octal nor ten. */
static enum num parse_cli_address(struct span s, uint64_t *v)
{
    if (has_0x(s))
        return parse_hex((struct span){s.p + 2, s.n - 2}, v);
    if (s.n > 1 && s.p[0] == '0' && all_dec(s))
        return NUM_LEADING_ZERO;
    return parse_dec(s, v);
}

/* Lines of a text map, with their 1-based numbers. */
struct lines {
    const char *p, *end;
    unsigned no;
};

static int next_line(struct lines *it, struct span *line)
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

static enum aotx_err line_fail(const struct symload *ld, unsigned line, struct aotx_diag *d,
                               const char *fmt, ...) AOTX_PRINTF(4, 5);

static enum aotx_err line_fail(const struct symload *ld, unsigned line, struct aotx_diag *d,
                               const char *fmt, ...)
{
    char msg[AOTX_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return aotx_fail(d, AOTX_E_FORMAT, "%s:%u: %s", ld->file, line, msg);
}

/* A piece of a line as a message quotes it: at most QUOTE_MAX bytes. */
#define QUOTE(s) (int)((s).n > QUOTE_MAX ? QUOTE_MAX : (s).n), (s).p, ((s).n > QUOTE_MAX ? "..." : "")

static enum aotx_err check_text_line(const struct symload *ld, unsigned no, struct span line,
                                     struct aotx_diag *d)
{
    if (memchr(line.p, 0, line.n))
        return line_fail(ld, no, d, "a NUL byte: not a text file");
    return AOTX_OK;
}

static enum aotx_err too_big(const struct symload *ld, unsigned no, struct span num,
                             struct aotx_diag *d)
{
    return line_fail(ld, no, d, "address '%.*s%s' does not fit in 64 bits", QUOTE(num));
}

/* A symbol name from a text map: not empty, no blanks. */
static enum aotx_err check_name(const struct symload *ld, unsigned no, struct span name,
                                struct aotx_diag *d)
{
    if (!name.n)
        return line_fail(ld, no, d, "empty symbol name");
    if (has_blank(name))
        return line_fail(ld, no, d, "symbol name '%.*s%s' contains whitespace", QUOTE(name));
    return AOTX_OK;
}

static enum aotx_err add_text(struct symload *ld, unsigned no, struct span name, uint64_t value,
                              int is_func, int is_ifunc, uint64_t size, struct aotx_diag *d)
{
    struct aotx_native proto = {
        .name = name.p, .value = value, .is_func = is_func, .is_ifunc = is_ifunc,
        .size = size, .line = no,
    };
    return symload_add(ld, &proto, name.n, d);
}

/* ---- plain maps: NAME = ADDRESS or ADDRESS NAME, # comments ---- */

static enum aotx_err read_plain(struct symload *ld, const uint8_t *buf, size_t size,
                                struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    while (next_line(&it, &line)) {
        TRY(check_text_line(ld, it.no, line, d));
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
            return too_big(ld, it.no, addr, d);
        if (r != NUM_OK || (!eq && !name.n))
            return line_fail(ld, it.no, d,
                             "cannot read '%.*s%s' as NAME = ADDRESS or ADDRESS NAME", QUOTE(line));
        TRY(check_name(ld, it.no, name, d));
        TRY(add_text(ld, it.no, name, v, 0, 0, 0, d));
    }
    return AOTX_OK;
}

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

static int all_hex(struct span s)
{
    if (!s.n)
        return 0;
    for (size_t i = 0; i < s.n; i++)
        if (!is_hex_digit(s.p[i]))
            return 0;
    return 1;
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
static int looks_like_nm(struct span line)
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
    if (parse_hex(addr, &v) != NUM_OK)
        return too_big(ld, no, addr, d);
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
        TRY(check_text_line(ld, it.no, line, d));
        if (nm_line_skipped(line))
            continue;
        if (!(nm_forms(line) & form))
            return line_fail(ld, it.no, d,
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
            return line_fail(ld, it.no, d,
                             "'%.*s%s' is a common symbol (type %c): this is nm output of an "
                             "object file, not of the linked firmware", QUOTE(name), type.p[0]);
        if (!take)
            continue;
        if (!addr.n)
            return line_fail(ld, it.no, d, "symbol '%.*s%s' of type %c has no address",
                             QUOTE(name), type.p[0]);
        uint64_t v, s = 0;
        if (parse_hex(addr, &v) != NUM_OK)
            return too_big(ld, it.no, addr, d);
        if (sz.n && parse_hex(sz, &s) != NUM_OK)
            return line_fail(ld, it.no, d, "size '%.*s%s' does not fit in 64 bits", QUOTE(sz));
        TRY(check_name(ld, it.no, name, d));
        TRY(add_text(ld, it.no, name, v, is_func, is_ifunc, s, d));
    }
    return AOTX_OK;
}

static enum aotx_err read_nm(struct symload *ld, const uint8_t *buf, size_t size,
                             struct aotx_diag *d)
{
    struct mapsyms ms = {0};
    enum aotx_err err = read_nm_lines(ld, buf, size, &ms, d);
    if (err == AOTX_OK)
        isa_from_mapping_symbols(ld, &ms);
    free(ms.v);
    return err;
}

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

static enum aotx_err read_ldmap(struct symload *ld, const uint8_t *buf, size_t size,
                                struct aotx_diag *d)
{
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    int in_script = 0;
    while (next_line(&it, &line)) {
        TRY(check_text_line(ld, it.no, line, d));
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
        enum num r = parse_hex((struct span){addr.p + 2, addr.n - 2}, &v);
        if (r == NUM_TOO_BIG)
            return too_big(ld, it.no, addr, d);
        if (r != NUM_OK)
            continue;
        TRY(add_text(ld, it.no, name, v, 0, 0, 0, d));
    }
    if (!in_script)
        return aotx_fail(d, AOTX_E_FORMAT,
                         "%s: not a complete GNU ld map: no line '%s', where the symbols start",
                         ld->file, LDMAP_START);
    return AOTX_OK;
}

/* ---- format detection ---- */

static enum aotx_symmap_format detect(const uint8_t *buf, size_t size)
{
    if (size >= 4 && memcmp(buf, "\177ELF", 4) == 0)
        return AOTX_SYMMAP_ELF;
    struct lines it = {(const char *)buf, (const char *)buf + size, 0};
    struct span line;
    while (next_line(&it, &line)) {
        struct span s = trim(line);
        if (span_is(s, LDMAP_START) || span_is(s, LDMAP_MEMORY))
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

/* ---- entry points ---- */

enum aotx_err aotx_symmap_load_buffer(struct aotx_symmap *m, const char *name, const uint8_t *buf,
                                      size_t size, enum aotx_symmap_format fmt,
                                      struct aotx_diag *d)
{
    if (!m || !name || (!buf && size))
        return aotx_fail(d, AOTX_E_USAGE, "aotx_symmap_load_buffer: no map, name or buffer");
    if (fmt == AOTX_SYMMAP_AUTO)
        fmt = detect(buf, size);
    if (fmt != AOTX_SYMMAP_ELF && fmt != AOTX_SYMMAP_NM && fmt != AOTX_SYMMAP_LDMAP &&
        fmt != AOTX_SYMMAP_PLAIN)
        return aotx_fail(d, AOTX_E_USAGE, "%s: '%s' is not a symbol map file format", name,
                         aotx_symmap_format_name(fmt));

    struct symload ld = {.fmt = fmt};
    enum aotx_err err;
    ld.file = pool_strndup(&ld.pool, name, strlen(name));
    if (!ld.file) {
        err = aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", name);
    } else {
        static const uint8_t nothing[1];
        if (!buf)
            buf = nothing;
        switch (fmt) {
        case AOTX_SYMMAP_ELF: err = symload_elf(&ld, buf, size, d); break;
        case AOTX_SYMMAP_NM: err = read_nm(&ld, buf, size, d); break;
        case AOTX_SYMMAP_LDMAP: err = read_ldmap(&ld, buf, size, d); break;
        default: err = read_plain(&ld, buf, size, d); break;
        }
        if (err == AOTX_OK)
            err = commit(m, &ld, d);
    }
    symload_done(&ld);
    return err;
}

enum aotx_err aotx_symmap_load_file(struct aotx_symmap *m, const char *path,
                                    enum aotx_symmap_format fmt, struct aotx_diag *d)
{
    uint8_t *buf;
    size_t size;
    if (!m || !path)
        return aotx_fail(d, AOTX_E_USAGE, "aotx_symmap_load_file: no map or path");
    TRY(aotx_read_file(path, &buf, &size, d));
    enum aotx_err err = aotx_symmap_load_buffer(m, path, buf, size, fmt, d);
    free(buf);
    return err;
}

/* The ADDRESS of --defsym NAME=ADDRESS; eq is the first '=' or NULL. */
static enum aotx_err defsym_address(const char *text, const char *eq, uint64_t *v,
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

/* NAME=ADDRESS from the command line. It wins over every file, and a later
 * --defsym of a name replaces an earlier one, as in ld. */
enum aotx_err aotx_symmap_defsym(struct aotx_symmap *m, const char *name_eq_addr,
                                 struct aotx_diag *d)
{
    if (!m || !name_eq_addr)
        return aotx_fail(d, AOTX_E_USAGE, "aotx_symmap_defsym: no map or text");
    const char *eq = strchr(name_eq_addr, '=');
    uint64_t v = 0;
    TRY(defsym_address(name_eq_addr, eq, &v, d));

    struct symload ld = {.fmt = AOTX_SYMMAP_DEFSYM, .file = "--defsym"};
    struct aotx_native proto = {.name = name_eq_addr, .value = v};
    enum aotx_err err = symload_add(&ld, &proto, (size_t)(eq - name_eq_addr), d);
    if (err == AOTX_OK && (!table_reserve(&m->tab, 1) || !keep_arena_room(m)))
        err = aotx_fail(d, AOTX_E_NOMEM, "--defsym: out of memory");
    if (err == AOTX_OK) {
        struct pending p = ld.pend[0];
        struct slot *s = table_slot(&m->tab, p.n->name, p.hash);
        if (s->n) {
            *s->n = *p.n;
        } else {
            s->n = p.n;
            s->hash = p.hash;
            m->tab.count++;
        }
        m->arenas[m->arena_count++] = ld.pool.arena;
        ld.pool.arena.head = NULL;
    }
    symload_done(&ld);
    return err;
}
