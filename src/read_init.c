/* The init data section (AOT-FORMAT.md 3): walked field by field, in the
 * WAMR 2.x layout (memories, tables and their init expressions, types,
 * globals, imports, the function/aux block) and the 1.x layout, down to the
 * object data sections. What the writer must write again is kept as items
 * (struct item in internal.h). */
#include "read_int.h"


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

enum aotx_err rd_init(struct ctx *c, struct rd r)
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
