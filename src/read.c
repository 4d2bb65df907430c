/* The .aot reader: a bounds-checked walk over every byte of the file.
 *
 * Layouts follow AOT-FORMAT.md: the WAMR 2.x layout (versions 3 to 6) and
 * the WAMR 1.x layout (version 3 with a 36-byte target info). All metadata
 * is little-endian and aligned relative to file offset 0 (u16 to 2, u32 and
 * u64 to 4); payloads copied from the object file are in target order and
 * are not interpreted here. Every count is checked against the bytes left
 * before anything is allocated for it, so allocations are bounded by the
 * input size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../arch/arch.h"
#include "bytes.h"
#include "internal.h"

struct rd {
    const uint8_t *buf;
    size_t pos, end;  /* absolute file offsets */
    uint32_t sec_id;  /* for messages */
    size_t sec_off;
    struct aotx_diag *d;
};

struct ctx {
    struct aotx_module *m;
    struct arena *arena;
    struct aotx_diag *d;
    int with_nul;      /* the file's string rule */
    int gc;
    unsigned ptr_size; /* 4 or 8 */
    /* GC struct types, for sizing struct.new operands */
    uint32_t type_count_seen;
    const uint8_t **struct_fields; /* per type: field pairs, or NULL */
    uint32_t *struct_field_count;
};

static enum aotx_err rd_fail(struct rd *r, const char *fmt, ...) AOTX_PRINTF(2, 3);

static enum aotx_err rd_fail(struct rd *r, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return aotx_fail(r->d, AOTX_E_FORMAT, "section %u (%s) at 0x%zx: %s", r->sec_id,
                     aotx_section_name(r->sec_id), r->sec_off, what);
}

static size_t rd_left(const struct rd *r) { return r->end - r->pos; }

static enum aotx_err rd_need(struct rd *r, size_t n, const char *what)
{
    if (n > rd_left(r))
        return rd_fail(r, "%s at offset 0x%zx needs %zu bytes, but the section ends at 0x%zx",
                       what, r->pos, n, r->end);
    return AOTX_OK;
}

static enum aotx_err rd_align(struct rd *r, size_t a, const char *what)
{
    size_t p = align_up(r->pos, a);
    if (p > r->end)
        return rd_fail(r, "padding before %s at offset 0x%zx runs past the end of the section "
                       "(0x%zx)", what, r->pos, r->end);
    /* the writer pads with zeros: other bytes would not come back */
    for (; r->pos < p; r->pos++)
        if (r->buf[r->pos])
            return rd_fail(r, "padding byte before %s at offset 0x%zx is 0x%02x, not 0", what,
                           r->pos, r->buf[r->pos]);
    return AOTX_OK;
}

static enum aotx_err rd_bytes(struct rd *r, size_t n, const char *what, const uint8_t **out)
{
    TRY(rd_need(r, n, what));
    *out = r->buf + r->pos;
    r->pos += n;
    return AOTX_OK;
}

static enum aotx_err rd_u8(struct rd *r, const char *what, uint8_t *v)
{
    TRY(rd_need(r, 1, what));
    *v = r->buf[r->pos++];
    return AOTX_OK;
}

static enum aotx_err rd_u16(struct rd *r, const char *what, uint16_t *v)
{
    TRY(rd_align(r, 2, what));
    TRY(rd_need(r, 2, what));
    *v = rd16le(r->buf + r->pos);
    r->pos += 2;
    return AOTX_OK;
}

/* rd_u32 and rd_u64 past their fast path: padding to check, or too few
 * bytes (the error). */
static enum aotx_err rd_u32_padded(struct rd *r, const char *what, uint32_t *v)
{
    TRY(rd_align(r, 4, what));
    TRY(rd_need(r, 4, what));
    *v = rd32le(r->buf + r->pos);
    r->pos += 4;
    return AOTX_OK;
}

static enum aotx_err rd_u64_padded(struct rd *r, const char *what, uint64_t *v)
{
    TRY(rd_align(r, 4, what));
    TRY(rd_need(r, 8, what));
    *v = rd64le(r->buf + r->pos);
    r->pos += 8;
    return AOTX_OK;
}

/* Inline, the fast path at least: the loops over a module's hundred
 * thousand functions and names call these. */
#if defined(__GNUC__)
#define RD_INLINE inline __attribute__((always_inline))
#else
#define RD_INLINE inline
#endif

static RD_INLINE enum aotx_err rd_u32(struct rd *r, const char *what, uint32_t *v)
{
    if (!(r->pos & 3) && rd_left(r) >= 4) { /* aligned and there: no padding to check */
        *v = rd32le(r->buf + r->pos);
        r->pos += 4;
        return AOTX_OK;
    }
    return rd_u32_padded(r, what, v);
}

static RD_INLINE enum aotx_err rd_u64(struct rd *r, const char *what, uint64_t *v)
{
    if (!(r->pos & 3) && rd_left(r) >= 8) {
        *v = rd64le(r->buf + r->pos);
        r->pos += 8;
        return AOTX_OK;
    }
    return rd_u64_padded(r, what, v);
}

static enum aotx_err rd_skip(struct rd *r, size_t n, const char *what)
{
    const uint8_t *p;
    return rd_bytes(r, n, what, &p);
}

/* A u32 count of records that take at least min_each bytes each. */
static enum aotx_err rd_count(struct rd *r, const char *what, size_t min_each, uint32_t *n)
{
    size_t at = align_up(r->pos, 4);
    TRY(rd_u32(r, what, n));
    if (min_each && *n > rd_left(r) / min_each)
        return rd_fail(r, "%s %u at offset 0x%zx needs at least %llu bytes, but only %zu remain",
                       what, *n, at, (unsigned long long)*n * min_each, rd_left(r));
    return AOTX_OK;
}

static enum aotx_err rd_str_checked(struct ctx *c, struct rd *r, const char *what,
                                    const char **out)
{
    size_t at = align_up(r->pos, 2);
    uint16_t n;
    const uint8_t *p;
    TRY(rd_u16(r, what, &n));
    TRY(rd_bytes(r, n, what, &p));
    if (c->with_nul) {
        if (n == 0) {
            *out = aotx_empty_form;
            return AOTX_OK;
        }
        if (p[n - 1] != 0)
            return rd_fail(r, "%s at offset 0x%zx is not NUL-terminated", what, at);
        n--;
    }
    if (memchr(p, 0, n))
        return rd_fail(r, "%s at offset 0x%zx has a NUL byte inside%s", what, at,
                       c->with_nul ? "" : " (a WAMR 1.x string carries none)");
    if (c->with_nul) { /* a C string in the buffer already: point to it */
        *out = (const char *)p;
        return AOTX_OK;
    }
    char *s = arena_strndup(c->arena, p, n);
    if (!s)
        return aotx_fail(c->d, AOTX_E_NOMEM, "out of memory");
    *out = s;
    return AOTX_OK;
}

/* A string: inline where it is aligned, all there and NUL-terminated with
 * no NUL inside (a 2.x file's names, the hundred thousand of a big
 * module's relocation symbols); else rd_str_checked() finds what is wrong,
 * or copies a 1.x string. */
static RD_INLINE enum aotx_err rd_str(struct ctx *c, struct rd *r, const char *what,
                                      const char **out)
{
    if (c->with_nul && !(r->pos & 1) && rd_left(r) >= 2) {
        size_t n = rd16le(r->buf + r->pos);
        const uint8_t *p = r->buf + r->pos + 2;
        if (n && n <= rd_left(r) - 2 && p[n - 1] == 0 && !memchr(p, 0, n - 1)) {
            r->pos += 2 + n;
            *out = (const char *)p;
            return AOTX_OK;
        }
    }
    return rd_str_checked(c, r, what, out);
}

static void *ctx_array(struct ctx *c, size_t count, size_t size)
{
    void *p = arena_array(c->arena, count, size);
    if (!p)
        aotx_fail(c->d, AOTX_E_NOMEM, "out of memory");
    return p;
}

/* ---- init data items ---- */

static enum aotx_err add_item(struct ctx *c, struct item it)
{
    struct aotx_priv *pv = c->m->priv;
    if (pv->item_count == pv->item_cap) {
        size_t cap = pv->item_cap ? pv->item_cap * 2 : 64;
        struct item *n = arena_array(c->arena, cap, sizeof *n);
        if (!n)
            return aotx_fail(c->d, AOTX_E_NOMEM, "out of memory");
        if (pv->item_count)
            memcpy(n, pv->items, pv->item_count * sizeof *n);
        pv->items = n;
        pv->item_cap = cap;
    }
    pv->items[pv->item_count++] = it;
    return AOTX_OK;
}

/* The raw bytes from `from` up to the reader's position. */
static enum aotx_err item_raw(struct ctx *c, struct rd *r, uint32_t align, size_t from)
{
    if (r->pos == from)
        return AOTX_OK;
    return add_item(c, (struct item){.kind = ITEM_RAW, .align = align, .bytes = r->buf + from,
                                     .len = r->pos - from});
}

static enum aotx_err item_str(struct ctx *c, struct rd *r, const char *what, const char **out)
{
    TRY(rd_str(c, r, what, out));
    return add_item(c, (struct item){.kind = ITEM_STR, .align = 2, .str = *out});
}

/* ---- init expressions (2.x) ---- */

/* Size in bytes of a value of a GC field or value type on this target. */
static int value_size(const struct ctx *c, uint8_t t)
{
    switch (t) {
    case 0x7f: case 0x7d: case 0x78: case 0x77: return 4; /* i32 f32 i8 i16 */
    case 0x7e: case 0x7c: return 8;                        /* i64 f64 */
    case 0x7b: return 16;                                  /* v128 */
    case 0x70: case 0x6f: case 0x6e: case 0x6d: case 0x6c: case 0x6b: case 0x6a:
    case 0x69: case 0x73: case 0x72: case 0x71: case 0x63: case 0x64:
        return (int)c->ptr_size;                           /* references */
    }
    return -1;
}

static enum aotx_err rd_value(struct ctx *c, struct rd *r, uint8_t t)
{
    int n = value_size(c, t);
    if (n < 0)
        return rd_fail(r, "init expression at offset 0x%zx: unknown value type 0x%x", r->pos, t);
    if (n == 16)
        return rd_skip(r, 16, "v128 value");
    uint64_t v64;
    uint32_t v32;
    return n == 8 ? rd_u64(r, "init expression value", &v64)
                  : rd_u32(r, "init expression value", &v32);
}

/* One init expression, extended-const trees included (walked without
 * recursion: `pending` counts the operands still to read). */
static enum aotx_err rd_init_expr(struct ctx *c, struct rd *r)
{
    uint64_t pending = 1;
    while (pending) {
        pending--;
        size_t at = align_up(r->pos, 4);
        uint32_t type, v32, idx, count, elem;
        uint64_t v64;
        TRY(rd_u32(r, "init expression type", &type));
        switch (type) {
        case 0x00: /* none */
            break;
        case 0x41: case 0x43: case 0x23: case 0xd2: case 0xd0:
            TRY(rd_u32(r, "init expression value", &v32));
            break;
        case 0x42: case 0x44:
            TRY(rd_u64(r, "init expression value", &v64));
            break;
        case 0xfd:
            TRY(rd_skip(r, 16, "v128 value"));
            break;
        case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e:
            pending += 2; /* bounded: each operand takes at least 4 bytes */
            if (pending > rd_left(r))
                return rd_fail(r, "init expression at offset 0x%zx: more operands than bytes",
                               at);
            break;
        case 0xd8: case 0xd4:
            if (!c->gc)
                goto unknown;
            TRY(rd_u32(r, "init expression value", &v32));
            break;
        case 0xd3: /* struct.new: one value per field, sized by the struct type */
            if (!c->gc)
                goto unknown;
            TRY(rd_u32(r, "struct type index", &idx));
            TRY(rd_u32(r, "struct field count", &count));
            if (idx >= c->type_count_seen || !c->struct_fields[idx])
                return rd_fail(r, "struct.new at offset 0x%zx: type %u is not a struct type "
                               "defined before it", at, idx);
            if (count != c->struct_field_count[idx])
                return rd_fail(r, "struct.new at offset 0x%zx: %u fields, but type %u has %u",
                               at, count, idx, c->struct_field_count[idx]);
            for (uint32_t i = 0; i < count; i++)
                TRY(rd_value(c, r, c->struct_fields[idx][2 * i + 1]));
            break;
        case 0xd6: case 0xd5: case 0xd7:
            if (!c->gc)
                goto unknown;
            TRY(rd_u32(r, "array element type", &elem));
            TRY(rd_u32(r, "array type index", &idx));
            TRY(rd_count(r, "array length", type == 0xd7 ? 4 : 0, &count));
            if (type == 0xd5)
                count = 1;
            if (type != 0xd6)
                for (uint32_t i = 0; i < count; i++)
                    TRY(rd_value(c, r, (uint8_t)elem));
            break;
        default:
        unknown:
            return rd_fail(r, "unknown init expression type 0x%x at offset 0x%zx", type, at);
        }
    }
    return AOTX_OK;
}

/* ---- init data section, 2.x layout ---- */

static enum aotx_err rd_table_record(struct ctx *c, struct rd *r, int with_init)
{
    uint8_t elem_type, b;
    uint32_t v;
    TRY(rd_align(r, 4, "table record"));
    TRY(rd_u8(r, "table element type", &elem_type));
    TRY(rd_u8(r, "table flags", &b));
    TRY(rd_u8(r, "table possible_grow", &b));
    TRY(rd_u8(r, "table nullable", &b));
    TRY(rd_u32(r, "table initial size", &v));
    TRY(rd_u32(r, "table maximum size", &v));
    if (c->gc && (elem_type == 0x63 || elem_type == 0x64))
        TRY(rd_u32(r, "table heap type", &v));
    if (c->gc && with_init)
        TRY(rd_init_expr(c, r));
    return AOTX_OK;
}

static enum aotx_err rd_ref_type_map(struct rd *r, uint16_t n)
{
    TRY(rd_align(r, 4, "reference type map"));
    for (uint16_t i = 0; i < n; i++) {
        uint16_t idx;
        uint32_t heap;
        TRY(rd_u16(r, "reference type map index", &idx));
        TRY(rd_skip(r, 2, "reference type map entry"));
        TRY(rd_u32(r, "reference type map heap type", &heap));
    }
    return AOTX_OK;
}

static enum aotx_err rd_gc_type(struct ctx *c, struct rd *r, uint32_t i)
{
    uint16_t flag, rec_count, rec_idx, n1, n2, maps;
    uint8_t eq, final, elem_type, b;
    uint32_t parent, v;
    size_t at = r->pos;
    TRY(rd_u16(r, "type flag", &flag));
    TRY(rd_u8(r, "type is_equivalent", &eq));
    if (eq) {
        TRY(rd_u8(r, "type padding", &b));
        TRY(rd_u32(r, "equivalent type index", &v));
        if (v >= i)
            return rd_fail(r, "type %u at offset 0x%zx is equivalent to type %u, which does "
                           "not come before it", i, at, v);
        c->struct_fields[i] = c->struct_fields[v];
        c->struct_field_count[i] = c->struct_field_count[v];
        return AOTX_OK;
    }
    TRY(rd_u8(r, "type is_sub_final", &final));
    TRY(rd_u32(r, "parent type index", &parent));
    TRY(rd_u16(r, "rec count", &rec_count));
    TRY(rd_u16(r, "rec index", &rec_idx));
    switch (flag) {
    case 0: /* func */
        TRY(rd_u16(r, "param count", &n1));
        TRY(rd_u16(r, "result count", &n2));
        TRY(rd_u16(r, "reference type map count", &maps));
        TRY(rd_skip(r, (size_t)n1 + n2, "function type value types"));
        return rd_ref_type_map(r, maps);
    case 1: /* struct */
        TRY(rd_u16(r, "struct field count", &n1));
        TRY(rd_u16(r, "reference type map count", &maps));
        TRY(rd_bytes(r, 2u * n1, "struct fields", &c->struct_fields[i]));
        c->struct_field_count[i] = n1;
        return rd_ref_type_map(r, maps);
    case 2: /* array */
        TRY(rd_u16(r, "array element flags", &n1));
        TRY(rd_u8(r, "array element type", &elem_type));
        if (elem_type == 0x63 || elem_type == 0x64) {
            TRY(rd_u8(r, "array element nullable", &b));
            TRY(rd_u32(r, "array element heap type", &v));
        }
        return AOTX_OK;
    }
    return rd_fail(r, "type %u at offset 0x%zx: unknown type flag %u", i, at, flag);
}

static enum aotx_err rd_import_records(struct ctx *c, struct rd *r, uint32_t n, int funcs)
{
    for (uint32_t i = 0; i < n; i++) {
        TRY(rd_align(r, 2, "import record"));
        size_t from = r->pos;
        const char *module, *name;
        if (funcs) {
            uint16_t type_index;
            TRY(rd_u16(r, "import function type index", &type_index));
            c->m->import_funcs[i].type_index = type_index;
        } else {
            TRY(rd_skip(r, 2, "import global type"));
        }
        TRY(item_raw(c, r, 2, from));
        TRY(item_str(c, r, "import module name", &module));
        TRY(rd_align(r, 2, "import field name"));
        TRY(item_str(c, r, "import field name", &name));
        if (funcs) {
            c->m->import_funcs[i].module = module;
            c->m->import_funcs[i].name = name;
        }
    }
    return AOTX_OK;
}

static enum aotx_err rd_data_sections(struct ctx *c, struct rd *r)
{
    struct aotx_module *m = c->m;
    uint32_t n;
    TRY(rd_count(r, "object data section count", 6, &n));
    m->data_sections = ctx_array(c, n, sizeof *m->data_sections);
    if (n && !m->data_sections)
        return AOTX_E_NOMEM;
    m->data_section_count = n;
    for (uint32_t i = 0; i < n; i++) {
        struct aotx_data_section *s = &m->data_sections[i];
        TRY(rd_str(c, r, "object data section name", &s->name));
        TRY(rd_u32(r, "object data section size", &s->size));
        s->offset = r->pos;
        TRY(rd_bytes(r, s->size, "object data section contents", &s->bytes));
    }
    TRY(add_item(c, (struct item){.kind = ITEM_DATA_SECTIONS, .align = 4}));
    if (r->pos != r->end)
        return rd_fail(r, "%zu bytes follow the last object data section", r->end - r->pos);
    return AOTX_OK;
}

/* What both layouts share after the types: imported globals, globals,
 * imported functions, the function count and aux block, and the object data
 * sections. `from` is where the pending raw run began. */
static enum aotx_err rd_init_tail(struct ctx *c, struct rd *r, size_t from)
{
    struct aotx_init_summary *s = &c->m->init;
    int legacy = c->m->layout == AOTX_LAYOUT_1X;
    uint32_t v;
    uint64_t v64;

    TRY(rd_count(r, "import global count", 6, &s->import_global_count));
    TRY(item_raw(c, r, 4, from));
    TRY(rd_import_records(c, r, s->import_global_count, 0));

    TRY(rd_align(r, 4, "global count"));
    from = r->pos;
    TRY(rd_count(r, "global count", legacy ? 12 : 8, &s->global_count));
    for (uint32_t i = 0; i < s->global_count; i++) {
        TRY(rd_align(r, 4, "global record"));
        TRY(rd_skip(r, 2, "global type"));
        if (legacy) { /* 1.x: a type and a fixed value slot, 16 bytes for v128 */
            uint16_t type;
            TRY(rd_u16(r, "global init type", &type));
            TRY(rd_skip(r, type == 0xfd ? 16 : 8, "global init value"));
        } else {
            TRY(rd_init_expr(c, r));
        }
    }

    TRY(rd_count(r, "import function count", 6, &s->import_func_count));
    TRY(item_raw(c, r, 4, from));
    c->m->import_funcs = ctx_array(c, s->import_func_count, sizeof *c->m->import_funcs);
    if (s->import_func_count && !c->m->import_funcs)
        return AOTX_E_NOMEM;
    TRY(rd_import_records(c, r, s->import_func_count, 1));

    /* function count, start function, aux data/heap/stack: nine u32s in
     * 1.x; in 2.x the three aux values are u64 */
    TRY(rd_align(r, 4, "function count"));
    from = r->pos;
    TRY(rd_u32(r, "function count", &s->func_count));
    TRY(rd_u32(r, "start function index", &s->start_func_index));
    for (int i = 0; i < 3; i++) {
        TRY(rd_u32(r, "aux global index", &v));
        if (legacy)
            TRY(rd_u32(r, "aux value", &v));
        else
            TRY(rd_u64(r, "aux value", &v64));
    }
    TRY(rd_u32(r, "aux stack size", &v));
    TRY(item_raw(c, r, 4, from));

    return rd_data_sections(c, r);
}

static enum aotx_err rd_init_2x(struct ctx *c, struct rd *r, int new_table_init)
{
    struct aotx_init_summary *s = &c->m->init;
    size_t from = r->pos;
    uint32_t v, n;
    uint64_t v64;

    /* memories */
    TRY(rd_u32(r, "import memory count", &s->import_memory_count));
    TRY(rd_count(r, "memory count", 16, &s->memory_count));
    TRY(rd_skip(r, 16ull * s->memory_count, "memory records"));
    TRY(rd_count(r, "memory init data count", 16, &s->mem_init_count));
    for (uint32_t i = 0; i < s->mem_init_count; i++) {
        TRY(rd_u32(r, "memory init is_passive", &v));
        TRY(rd_u32(r, "memory init memory index", &v));
        TRY(rd_init_expr(c, r));
        TRY(rd_u32(r, "memory init byte count", &n));
        TRY(rd_skip(r, n, "memory init bytes"));
    }

    /* tables */
    TRY(rd_count(r, "import table count", 12, &s->import_table_count));
    for (uint32_t i = 0; i < s->import_table_count; i++)
        TRY(rd_table_record(c, r, 0));
    TRY(rd_count(r, "table count", 12, &s->table_count));
    for (uint32_t i = 0; i < s->table_count; i++)
        TRY(rd_table_record(c, r, 1));
    TRY(rd_count(r, "table init data count", 32, &s->table_init_count));
    for (uint32_t i = 0; i < s->table_init_count; i++) {
        TRY(rd_u32(r, "table init mode", &v));
        TRY(rd_u32(r, "table init element type", &v));
        TRY(rd_u32(r, "table init table index", &v));
        if (new_table_init) {
            TRY(rd_init_expr(c, r));
        } else {
            TRY(rd_u32(r, "table init offset type", &v));
            TRY(rd_u64(r, "table init offset value", &v64));
        }
        TRY(rd_skip(r, 8, "table init reference type"));
        TRY(rd_count(r, "table init value count", 4, &n));
        for (uint32_t j = 0; j < n; j++)
            TRY(rd_init_expr(c, r));
    }
    s->table_init_new_offsets = new_table_init;

    /* types */
    TRY(rd_count(r, "type count", c->gc ? 8 : 6, &s->type_count));
    if (c->gc) {
        c->struct_fields = ctx_array(c, s->type_count, sizeof *c->struct_fields);
        c->struct_field_count = ctx_array(c, s->type_count, sizeof *c->struct_field_count);
        if (s->type_count && (!c->struct_fields || !c->struct_field_count))
            return AOTX_E_NOMEM;
    }
    for (uint32_t i = 0; i < s->type_count; i++) {
        TRY(rd_align(r, 4, "type record"));
        if (c->gc) {
            TRY(rd_gc_type(c, r, i));
            c->type_count_seen = i + 1;
        } else {
            uint16_t flag, np, nr;
            TRY(rd_u16(r, "type flag", &flag));
            TRY(rd_u16(r, "param count", &np));
            TRY(rd_u16(r, "result count", &nr));
            TRY(rd_skip(r, (size_t)np + nr, "function type value types"));
        }
    }

    return rd_init_tail(c, r, from);
}

/* ---- init data section, 1.x layout (AOT-FORMAT.md 3.11) ---- */

static enum aotx_err rd_init_1x(struct ctx *c, struct rd *r)
{
    struct aotx_init_summary *s = &c->m->init;
    size_t from = r->pos;
    uint32_t v, n;
    uint64_t v64;

    TRY(rd_u32(r, "import memory count", &s->import_memory_count));
    TRY(rd_count(r, "memory count", 16, &s->memory_count));
    TRY(rd_skip(r, 16ull * s->memory_count, "memory records"));
    TRY(rd_count(r, "memory init data count", 24, &s->mem_init_count));
    for (uint32_t i = 0; i < s->mem_init_count; i++) {
        TRY(rd_u32(r, "memory init is_passive", &v));
        TRY(rd_u32(r, "memory init memory index", &v));
        TRY(rd_u32(r, "memory init offset type", &v));
        TRY(rd_u64(r, "memory init offset value", &v64));
        TRY(rd_u32(r, "memory init byte count", &n));
        TRY(rd_skip(r, n, "memory init bytes"));
    }
    TRY(rd_count(r, "import table count", 16, &s->import_table_count));
    TRY(rd_skip(r, 16ull * s->import_table_count, "import table records"));
    TRY(rd_count(r, "table count", 20, &s->table_count));
    TRY(rd_skip(r, 20ull * s->table_count, "table records"));
    TRY(rd_count(r, "table init data count", 28, &s->table_init_count));
    for (uint32_t i = 0; i < s->table_init_count; i++) {
        TRY(rd_u32(r, "table init mode", &v));
        TRY(rd_u32(r, "table init element type", &v));
        TRY(rd_u32(r, "table init table index", &v));
        TRY(rd_u32(r, "table init offset type", &v));
        TRY(rd_u64(r, "table init offset value", &v64));
        TRY(rd_count(r, "table init function count", 4, &n));
        TRY(rd_skip(r, 4ull * n, "table init function indices"));
    }
    TRY(rd_count(r, "type count", 8, &s->type_count));
    for (uint32_t i = 0; i < s->type_count; i++) {
        uint32_t np, nr;
        TRY(rd_u32(r, "param count", &np));
        TRY(rd_u32(r, "result count", &nr));
        TRY(rd_skip(r, (size_t)np + nr, "function type value types"));
    }
    return rd_init_tail(c, r, from);
}

static enum aotx_err rd_init(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    if (m->layout == AOTX_LAYOUT_1X)
        return rd_init_1x(c, &r);
    if (m->version != 4)
        return rd_init_2x(c, &r, m->version >= 5);

    /* Version 4 was written with two table-init encodings (2.3.x old, 2.4.0
     * new) and nothing in the file tells which: try the old one, and if the
     * section does not walk cleanly, the new one. */
    struct aotx_diag first = {0};
    struct rd again = r;
    size_t items = m->priv->item_count;
    if (rd_init_2x(c, &r, 0) == AOTX_OK)
        return AOTX_OK;
    if (c->d)
        first = *c->d;
    m->priv->item_count = items;
    c->type_count_seen = 0;
    if (rd_init_2x(c, &again, 1) == AOTX_OK)
        return AOTX_OK;
    if (c->d)
        *c->d = first; /* report what the more common 2.3.x encoding found */
    return first.code ? first.code : AOTX_E_FORMAT;
}

/* ---- target info ---- */

static enum aotx_err rd_target(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    struct aotx_target *t = &m->target;
    uint32_t size = (uint32_t)(r.end - r.pos);
    const uint8_t *p = r.buf + r.pos;

    if (size != 48 && size != 36)
        return rd_fail(&r, "size is %u bytes; expected 48 (WAMR 2.x) or 36 (WAMR 1.x)", size);
    m->layout = size == 36 ? AOTX_LAYOUT_1X : AOTX_LAYOUT_2X;
    if (m->layout == AOTX_LAYOUT_1X && m->version != 3)
        return rd_fail(&r, "a 36-byte target info is the WAMR 1.x layout, which only version 3 "
                       "uses; this file says version %u", m->version);
    t->bin_type = rd16le(p);
    t->abi_type = rd16le(p + 2);
    t->e_type = rd16le(p + 4);
    t->e_machine = rd16le(p + 6);
    t->e_version = rd32le(p + 8);
    t->e_flags = rd32le(p + 12);
    if (m->layout == AOTX_LAYOUT_2X) {
        t->feature_flags = rd64le(p + 16);
        t->reserved = rd64le(p + 24);
    } else {
        t->reserved = rd32le(p + 16);
    }
    memcpy(t->arch_raw, p + size - 16, 16);
    memcpy(t->arch, t->arch_raw, 16);
    t->arch[16] = 0;

    if (m->layout == AOTX_LAYOUT_2X && t->arch_raw[15] != 0)
        return rd_fail(&r, "the arch string is not NUL-terminated");
    if (t->bin_type > 6 || t->bin_type == 5)
        return rd_fail(&r, "unknown bin_type %u", t->bin_type);
    if (t->e_type != AOTX_ETYPE_REL && t->e_type != AOTX_ETYPE_XIP)
        return rd_fail(&r, "e_type %u is neither 1 (relocatable) nor 4 (XIP)", t->e_type);
    if (t->e_version != 1)
        return rd_fail(&r, "e_version %u is not 1", t->e_version);

    c->with_nul = aotx_strings_have_nul(m->layout, t->e_type);
    c->gc = m->layout == AOTX_LAYOUT_2X && (t->feature_flags & AOTX_FEATURE_GC);
    c->ptr_size = (t->bin_type & AOTX_BIN_64BIT) ? 8 : 4;
    m->arch = aotx_arch_find(t);
    return AOTX_OK;
}

/* ---- text and function sections ---- */

static enum aotx_err rd_text(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    TRY(rd_u32(&r, "literal size", &m->literal_size));
    if (m->literal_size % 4)
        return rd_fail(&r, "literal size %u is not a multiple of 4", m->literal_size);
    TRY(rd_bytes(&r, m->literal_size, "literal", &m->literal));
    m->code = r.buf + r.pos;
    m->code_offset = r.pos;
    m->code_size = (uint32_t)(r.end - r.pos);
    return AOTX_OK;
}

static enum aotx_err rd_functions(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    uint32_t n = m->init.func_count;
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    size_t per = (wide ? 8u : 4u) + 4u + (m->layout == AOTX_LAYOUT_2X ? 8u : 0u);
    if (n > rd_left(&r) / per)
        return rd_fail(&r, "%u functions need %llu bytes, but the section has %zu", n,
                       (unsigned long long)n * per, rd_left(&r));
    m->func_count = n;
    m->text_offsets = ctx_array(c, n, sizeof *m->text_offsets);
    m->type_indices = ctx_array(c, n, sizeof *m->type_indices);
    if (n && (!m->text_offsets || !m->type_indices))
        return AOTX_E_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = r.pos;
        if (wide) {
            TRY(rd_u64(&r, "function text offset", &m->text_offsets[i]));
        } else {
            uint32_t v;
            TRY(rd_u32(&r, "function text offset", &v));
            m->text_offsets[i] = v;
        }
        if (m->text_offsets[i] >= m->code_size)
            return rd_fail(&r, "function %u: text offset 0x%llx at offset 0x%zx is past the end "
                           "of the code (0x%x bytes)", i, (unsigned long long)m->text_offsets[i],
                           at, m->code_size);
    }
    for (uint32_t i = 0; i < n; i++)
        TRY(rd_u32(&r, "function type index", &m->type_indices[i]));
    if (m->layout == AOTX_LAYOUT_2X) {
        m->max_local_cells = ctx_array(c, n, sizeof *m->max_local_cells);
        m->max_stack_cells = ctx_array(c, n, sizeof *m->max_stack_cells);
        if (n && (!m->max_local_cells || !m->max_stack_cells))
            return AOTX_E_NOMEM;
        for (uint32_t i = 0; i < n; i++)
            TRY(rd_u32(&r, "function max local cell count", &m->max_local_cells[i]));
        for (uint32_t i = 0; i < n; i++)
            TRY(rd_u32(&r, "function max stack cell count", &m->max_stack_cells[i]));
    }
    if (c->gc) {
        size_t from = r.pos;
        uint64_t total = (uint64_t)m->init.import_func_count + n;
        for (uint64_t i = 0; i < total; i++) {
            uint32_t cells;
            TRY(rd_u32(&r, "local reference flag count", &cells));
            TRY(rd_skip(&r, cells, "local reference flags"));
        }
        m->func_gc_flags = r.buf + from;
        m->func_gc_flags_size = (uint32_t)(r.pos - from);
    }
    if (r.pos != r.end)
        return rd_fail(&r, "%zu bytes follow the last function record", r.end - r.pos);
    return AOTX_OK;
}

static enum aotx_err rd_exports(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    uint32_t n;
    TRY(rd_count(&r, "export count", 8, &n));
    m->exports = ctx_array(c, n, sizeof *m->exports);
    if (n && !m->exports)
        return AOTX_E_NOMEM;
    m->export_count = n;
    for (uint32_t i = 0; i < n; i++) {
        struct aotx_export *e = &m->exports[i];
        uint8_t pad;
        TRY(rd_u32(&r, "export index", &e->index));
        TRY(rd_u8(&r, "export kind", &e->kind));
        TRY(rd_u8(&r, "export padding", &pad));
        if (pad)
            return rd_fail(&r, "export padding at offset 0x%zx is 0x%02x, not 0", r.pos - 1, pad);
        TRY(rd_str(c, &r, "export name", &e->name));
        uint64_t nfuncs = (uint64_t)m->init.import_func_count + m->init.func_count;
        if (e->kind == 0 && e->index >= nfuncs)
            return rd_fail(&r, "export %u ('%s'): function index %u is out of range (%llu "
                           "functions)", i, e->name, e->index, (unsigned long long)nfuncs);
    }
    if (r.pos != r.end)
        return rd_fail(&r, "%zu bytes follow the last export", r.end - r.pos);
    return AOTX_OK;
}

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

static enum aotx_err rd_relocations(struct ctx *c, struct rd r)
{
    struct aotx_module *m = c->m;
    uint32_t nsym, total;
    TRY(rd_count(&r, "relocation symbol count", 4 + 2, &nsym));
    size_t offsets_at = r.pos;
    TRY(rd_skip(&r, 4ull * nsym, "relocation symbol offsets"));
    TRY(rd_u32(&r, "relocation string area size", &total));
    size_t area = r.pos;
    TRY(rd_need(&r, total, "relocation string area"));

    m->symbols = ctx_array(c, nsym, sizeof *m->symbols);
    if (nsym && !m->symbols)
        return AOTX_E_NOMEM;
    m->symbol_count = nsym;
    struct rd s = r;
    s.end = area + total;
    for (uint32_t i = 0; i < nsym; i++) {
        uint32_t off = rd32le(r.buf + offsets_at + 4ull * i);
        if (off != s.pos - area)
            return rd_fail(&r, "relocation symbol %u: offset 0x%x in the table, but the strings "
                           "before it end at 0x%zx", i, off, s.pos - area);
        TRY(rd_str(c, &s, "relocation symbol name", &m->symbols[i].name));
        if (s.pos & 1)
            TRY(rd_align(&s, 2, "next relocation symbol name"));
    }
    if (s.pos != s.end)
        return rd_fail(&r, "relocation string area is 0x%x bytes, but its %u strings end at 0x%zx",
                       total, nsym, s.pos - area);
    r.pos = s.end;

    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    size_t rec = wide ? 24 : 16;
    uint32_t ngroups;
    TRY(rd_count(&r, "relocation group count", 8, &ngroups));
    m->groups = ctx_array(c, ngroups, sizeof *m->groups);
    if (ngroups && !m->groups)
        return AOTX_E_NOMEM;
    m->group_count = ngroups;
    for (uint32_t gi = 0; gi < ngroups; gi++) {
        struct aotx_reloc_group *g = &m->groups[gi];
        size_t at = align_up(r.pos, 4);
        TRY(rd_u32(&r, "relocation group name index", &g->name_index));
        if (g->name_index >= nsym)
            return rd_fail(&r, "relocation group %u at offset 0x%zx: name index %u is out of "
                           "range (%u symbols)", gi, at, g->name_index, nsym);
        g->name = m->symbols[g->name_index].name;
        TRY(group_target(c, &r, g, gi));
        TRY(rd_count(&r, "relocation count", rec, &g->count));
        g->relocs = ctx_array(c, g->count, sizeof *g->relocs);
        if (g->count && !g->relocs)
            return AOTX_E_NOMEM;
        uint64_t limit = target_size(m, g);
        for (uint32_t j = 0; j < g->count; j++) {
            struct aotx_reloc *x = &g->relocs[j];
            at = align_up(r.pos, 4);
            if (!(r.pos & 3) && rd_left(&r) >= (wide ? 24u : 16u)) { /* aligned, all there */
                const uint8_t *p = r.buf + r.pos;
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
                r.pos += wide ? 24 : 16;
            } else { /* field by field: the error names the one cut short */
                if (wide) {
                    uint64_t a;
                    TRY(rd_u64(&r, "relocation offset", &x->offset));
                    TRY(rd_u64(&r, "relocation addend", &a));
                    x->addend = (int64_t)a;
                } else {
                    uint32_t o, a;
                    TRY(rd_u32(&r, "relocation offset", &o));
                    TRY(rd_u32(&r, "relocation addend", &a));
                    x->offset = o;
                    x->addend = (int32_t)a;
                }
                TRY(rd_u32(&r, "relocation type", &x->type));
                TRY(rd_u32(&r, "relocation symbol index", &x->symbol));
            }
            if (x->symbol >= nsym)
                return rd_fail(&r, "relocation group %u ('%s') entry %u at offset 0x%zx: symbol "
                               "index %u is out of range (%u symbols)", gi, g->name, j, at,
                               x->symbol, nsym);
            if (x->offset >= limit)
                return rd_fail(&r, "relocation group %u ('%s') entry %u at offset 0x%zx: offset "
                               "0x%llx is past the end of %s (0x%llx bytes)", gi, g->name, j, at,
                               (unsigned long long)x->offset, target_name(m, g),
                               (unsigned long long)limit);
            TRY(classify_symbol(c, &r, &m->symbols[x->symbol]));
        }
    }
    if (r.pos != r.end)
        return rd_fail(&r, "%zu bytes follow the last relocation group", r.end - r.pos);
    return AOTX_OK;
}

/* ---- custom sections ---- */

static enum aotx_err rd_custom(struct ctx *c, struct rd r, struct aotx_custom *cs)
{
    TRY(rd_u32(&r, "custom section kind", &cs->kind));
    cs->body = r.buf + r.pos;
    cs->size = (uint32_t)(r.end - r.pos);
    if (cs->kind == AOTX_CUSTOM_RAW) {
        TRY(rd_str(c, &r, "custom section name", &cs->raw_name));
        cs->raw_content = r.buf + r.pos;
        cs->raw_content_size = (uint32_t)(r.end - r.pos);
    } else if (cs->kind == AOTX_CUSTOM_NATIVE_SYMBOL) {
        TRY(rd_count(&r, "native symbol count", 2, &cs->native_count));
        cs->natives = ctx_array(c, cs->native_count, sizeof *cs->natives);
        if (cs->native_count && !cs->natives)
            return AOTX_E_NOMEM;
        for (uint32_t i = 0; i < cs->native_count; i++)
            TRY(rd_str(c, &r, "native symbol name", &cs->natives[i]));
        if (r.pos != r.end)
            return rd_fail(&r, "%zu bytes follow the last native symbol", r.end - r.pos);
    }
    return AOTX_OK;
}

/* ---- the file ---- */

static enum aotx_err rd_header(const uint8_t *buf, size_t size, struct aotx_module *m,
                               struct aotx_diag *d)
{
    if (size == 0)
        return aotx_fail(d, AOTX_E_FORMAT, "empty file: not a WAMR AOT file");
    if (size >= 4 && memcmp(buf, "\x7f" "ELF", 4) == 0)
        return aotx_fail(d, AOTX_E_FORMAT, "this is an ELF file, not a WAMR AOT file (give "
                         "aot-xip the .aot that wamrc writes without --format=object)");
    if (size < 8)
        return aotx_fail(d, AOTX_E_FORMAT, "truncated file: %zu bytes, an AOT header needs 8",
                         size);
    if (rd32le(buf) != AOTX_MAGIC)
        return aotx_fail(d, AOTX_E_FORMAT, "not a WAMR AOT file: magic bytes %02x %02x %02x "
                         "%02x, expected 00 61 6f 74", buf[0], buf[1], buf[2], buf[3]);
    m->version = rd32le(buf + 4);
    if (m->version < 3 || m->version > 6)
        return aotx_fail(d, AOTX_E_VERSION, "AOT format version %u is not supported (aot-xip "
                         "reads versions 3, 4, 5 and 6)", m->version);
    return AOTX_OK;
}

/* Section framing and order (AOT-FORMAT.md 1.2, 1.3). */
static enum aotx_err rd_sections(const uint8_t *buf, size_t size, struct aotx_module *m,
                                 struct arena *a, struct aotx_diag *d)
{
    /* count the headers first (the loop below reports what is wrong with
     * them): a bound of one per 8 bytes of file cost twice the file */
    size_t max = 1;
    for (size_t p = 8; p < size; max++) {
        size_t at = align_up(p, 4);
        if (at > size || size - at < 8 || rd32le(buf + at + 4) > size - at - 8)
            break;
        p = at + 8 + rd32le(buf + at + 4);
    }
    m->sections = arena_array(a, max, sizeof *m->sections);
    if (!m->sections)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory");
    size_t pos = 8;
    uint32_t n = 0;
    while (pos < size) {
        size_t at = align_up(pos, 4);
        if (at > size || size - at < 8)
            return aotx_fail(d, AOTX_E_FORMAT, "truncated file: section header at 0x%zx needs "
                             "8 bytes, but the file ends at 0x%zx", at, size);
        for (size_t i = pos; i < at; i++) /* the writer pads with zeros */
            if (buf[i])
                return aotx_fail(d, AOTX_E_FORMAT, "padding byte before the section header "
                                 "at 0x%zx is 0x%02x, not 0", i, buf[i]);
        uint32_t id = rd32le(buf + at), len = rd32le(buf + at + 4);
        size_t body = at + 8;
        if (len > size - body)
            return aotx_fail(d, AOTX_E_FORMAT, "truncated file: section %u (%s) at 0x%zx "
                             "claims 0x%x bytes, but only 0x%zx remain", id,
                             aotx_section_name(id), body, len, size - body);
        if (id > AOTX_SEC_RELOCATION && id != AOTX_SEC_CUSTOM)
            return aotx_fail(d, AOTX_E_FORMAT, "section at 0x%zx has id %u: not a section id "
                             "of the AOT format%s", at, id,
                             id == 6 ? " this tool reads (the WAMR loader rejects it too)" : "");
        uint32_t prev = n ? m->sections[n - 1].id : 0;
        int ok = n == 0 ? id == AOTX_SEC_TARGET_INFO
               : id == AOTX_SEC_CUSTOM ? prev >= AOTX_SEC_RELOCATION
               : prev != AOTX_SEC_CUSTOM && id == prev + 1;
        if (!ok)
            return aotx_fail(d, AOTX_E_FORMAT, "section %u (%s) at 0x%zx is out of order (after "
                             "%s)", id, aotx_section_name(id), body,
                             n ? aotx_section_name(prev) : "the file header");
        m->sections[n++] = (struct aotx_section){.id = id, .size = len, .offset = body};
        pos = body + len;
    }
    if (n == 0)
        return aotx_fail(d, AOTX_E_FORMAT, "truncated file: no sections after the header");
    uint32_t last = m->sections[n - 1].id;
    if (last != AOTX_SEC_RELOCATION && last != AOTX_SEC_CUSTOM)
        return aotx_fail(d, AOTX_E_FORMAT, "truncated file: it ends after section %u (%s); "
                         "sections 0 to 5 must all be present", last, aotx_section_name(last));
    m->section_count = n;
    return AOTX_OK;
}

static enum aotx_err read_module(const uint8_t *buf, size_t size, struct aotx_module *m,
                                 struct aotx_diag *d)
{
    struct ctx c = {.m = m, .arena = &m->priv->arena, .d = d};
    TRY(rd_header(buf, size, m, d));
    TRY(rd_sections(buf, size, m, c.arena, d));

    uint32_t ncustom = 0;
    for (uint32_t i = 0; i < m->section_count; i++)
        ncustom += m->sections[i].id == AOTX_SEC_CUSTOM;
    m->customs = ctx_array(&c, ncustom, sizeof *m->customs);
    if (ncustom && !m->customs)
        return AOTX_E_NOMEM;

    for (uint32_t i = 0; i < m->section_count; i++) {
        const struct aotx_section *s = &m->sections[i];
        struct rd r = {.buf = buf, .pos = s->offset, .end = s->offset + s->size, .sec_id = s->id,
                       .sec_off = s->offset, .d = d};
        switch (s->id) {
        case AOTX_SEC_TARGET_INFO: TRY(rd_target(&c, r)); break;
        case AOTX_SEC_INIT_DATA: TRY(rd_init(&c, r)); break;
        case AOTX_SEC_TEXT: TRY(rd_text(&c, r)); break;
        case AOTX_SEC_FUNCTION: TRY(rd_functions(&c, r)); break;
        case AOTX_SEC_EXPORT: TRY(rd_exports(&c, r)); break;
        case AOTX_SEC_RELOCATION: TRY(rd_relocations(&c, r)); break;
        default: TRY(rd_custom(&c, r, &m->customs[m->custom_count++])); break;
        }
    }
    return AOTX_OK;
}

enum aotx_err aotx_read(const uint8_t *buf, size_t size, struct aotx_module **out,
                        struct aotx_diag *d)
{
    *out = NULL;
    struct aotx_module *m = calloc(1, sizeof *m);
    struct aotx_priv *pv = calloc(1, sizeof *pv);
    if (!m || !pv) {
        free(m);
        free(pv);
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory");
    }
    m->priv = pv;
    m->file = buf;
    m->file_size = size;
    enum aotx_err e = read_module(buf, size, m, d);
    if (e != AOTX_OK) {
        if (e == AOTX_E_NOMEM && d && d->code != AOTX_E_NOMEM)
            aotx_fail(d, AOTX_E_NOMEM, "out of memory");
        aotx_module_free(m);
        return e;
    }
    *out = m;
    return AOTX_OK;
}

void aotx_module_free(struct aotx_module *m)
{
    if (!m)
        return;
    if (m->priv) {
        arena_free(&m->priv->arena);
        free(m->priv);
    }
    free(m);
}
