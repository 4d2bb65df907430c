/* Firmware symbol maps: the hash table, the merge rules, the loads and the
 * entry points (files, buffers, --defsym). The readers are in
 * symbols_elf.c (ELF), symbols_nm.c (nm output), symbols_ldmap.c (GNU ld
 * maps), symbols_lldmap.c (ld.lld maps) and symbols_text.c (plain maps, and
 * what the text formats share).
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
void *room_for_one(void *v, size_t count, size_t *cap, size_t size, size_t first)
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

struct build_id {
    uint8_t b[AOTX_BUILD_ID_MAX];
    size_t n;
};

struct aotx_symmap {
    struct table tab;
    struct arena *arenas; /* one per accepted load */
    size_t arena_count, arena_cap;
    struct aotx_symmap_source *sources; /* one per accepted file, in load order */
    size_t source_count, source_cap;
    struct build_id *ids; /* one per source, ids_cap of them */
    size_t ids_cap;
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
    free(m->ids);
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

size_t aotx_symmap_build_id(const struct aotx_symmap *m, size_t i, const uint8_t **id)
{
    *id = NULL;
    if (!m || i >= m->source_count || !m->ids[i].n)
        return 0;
    *id = m->ids[i].b;
    return m->ids[i].n;
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
    struct build_id *b = s ? room_for_one(m->ids, m->source_count, &m->ids_cap, sizeof *b, 4)
                           : NULL;
    if (b)
        m->ids = b;
    return b != NULL;
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
    m->ids[m->source_count - 1].n = ld->build_id_len;
    memcpy(m->ids[m->source_count - 1].b, ld->build_id, sizeof ld->build_id);
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

/* ---- entry points ---- */

enum aotx_err aotx_symmap_load_buffer(struct aotx_symmap *m, const char *name, const uint8_t *buf,
                                      size_t size, enum aotx_symmap_format fmt,
                                      struct aotx_diag *d)
{
    if (!m || !name || (!buf && size))
        return aotx_fail(d, AOTX_E_USAGE, "aotx_symmap_load_buffer: no map, name or buffer");
    if (fmt == AOTX_SYMMAP_AUTO)
        fmt = symmap_detect(buf, size);
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
        case AOTX_SYMMAP_NM: err = symload_nm(&ld, buf, size, d); break;
        case AOTX_SYMMAP_LDMAP: err = symload_ldmap(&ld, buf, size, d); break;
        default: err = symload_plain(&ld, buf, size, d); break;
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
