/* The .aot writer: a module back into bytes.
 *
 * Every length, count, offset table and padding byte is derived again
 * from the model, in the order and alignment the WAMR loader reads them
 * (AOT-FORMAT.md 0.3); only payloads (code, data, init runs) are copied. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "internal.h"

static size_t str_size(const char *s, int with_nul)
{
    return 2 + (s == aotx_empty_form ? 0 : strlen(s) + (with_nul ? 1 : 0));
}

static void put_target(struct buf *b, const struct aotx_module *m)
{
    const struct aotx_target *t = &m->target;
    buf_u16le(b, t->bin_type);
    buf_u16le(b, t->abi_type);
    buf_u16le(b, t->e_type);
    buf_u16le(b, t->e_machine);
    buf_u32le(b, t->e_version);
    buf_u32le(b, t->e_flags);
    if (m->layout == AOTX_LAYOUT_2X) {
        buf_u64le(b, t->feature_flags);
        buf_u64le(b, t->reserved);
    } else {
        buf_u32le(b, (uint32_t)t->reserved);
    }
    buf_put(b, t->arch_raw, 16);
}

static void put_init(struct buf *b, const struct aotx_module *m, int nul)
{
    const struct aotx_priv *pv = m->priv;
    for (size_t i = 0; i < pv->item_count; i++) {
        const struct item *it = &pv->items[i];
        switch (it->kind) {
        case ITEM_RAW:
            buf_pad(b, it->align);
            buf_put(b, it->bytes, it->len);
            break;
        case ITEM_STR:
            aotx_put_str(b, it->str, nul);
            break;
        case ITEM_DATA_SECTIONS:
            buf_a32(b, m->data_section_count);
            for (uint32_t j = 0; j < m->data_section_count; j++) {
                const struct aotx_data_section *s = &m->data_sections[j];
                aotx_put_str(b, s->name, nul);
                buf_a32(b, s->size);
                buf_put(b, s->bytes, s->size);
            }
            break;
        }
    }
}

/* NULL literal or code: that many zero bytes, for a caller that fills them
 * in the image afterwards (aotx_xip). */
static void put_text(struct buf *b, const struct aotx_module *m)
{
    buf_u32le(b, m->literal_size);
    if (m->literal)
        buf_put(b, m->literal, m->literal_size);
    else
        buf_zeros(b, m->literal_size);
    if (m->code)
        buf_put(b, m->code, m->code_size);
    else
        buf_zeros(b, m->code_size);
}

/* An array of u32s, aligned to 4. */
static void put_u32s(struct buf *b, const uint32_t *v, uint32_t n)
{
    if (!n)
        return;
    buf_pad(b, 4);
    uint8_t *p = buf_reserve(b, 4 * (size_t)n); /* NULL: measuring, or out of memory */
    for (uint32_t i = 0; p && i < n; i++)
        wr32le(p + 4 * (size_t)i, v[i]);
}

static void put_functions(struct buf *b, const struct aotx_module *m)
{
    size_t w = (m->target.bin_type & AOTX_BIN_64BIT) ? 8 : 4; /* text offsets: u64 or u32 */
    if (m->func_count)
        buf_pad(b, 4);
    uint8_t *p = m->func_count ? buf_reserve(b, w * m->func_count) : NULL;
    for (uint32_t i = 0; p && i < m->func_count; i++) {
        if (w == 8)
            wr64le(p + 8 * (size_t)i, m->text_offsets[i]);
        else
            wr32le(p + 4 * (size_t)i, (uint32_t)m->text_offsets[i]);
    }
    put_u32s(b, m->type_indices, m->func_count);
    if (m->max_local_cells)
        put_u32s(b, m->max_local_cells, m->func_count);
    if (m->max_stack_cells)
        put_u32s(b, m->max_stack_cells, m->func_count);
    if (m->func_gc_flags_size) {
        buf_pad(b, 4);
        buf_put(b, m->func_gc_flags, m->func_gc_flags_size);
    }
}

static void put_exports(struct buf *b, const struct aotx_module *m, int nul)
{
    buf_a32(b, m->export_count);
    for (uint32_t i = 0; i < m->export_count; i++) {
        buf_a32(b, m->exports[i].index);
        buf_u8(b, m->exports[i].kind);
        buf_u8(b, 0);
        aotx_put_str(b, m->exports[i].name, nul);
    }
}

static void put_relocations(struct buf *b, const struct aotx_module *m, int nul)
{
    int wide = (m->target.bin_type & AOTX_BIN_64BIT) != 0;
    size_t total = 0;
    buf_a32(b, m->symbol_count);
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        buf_u32le(b, (uint32_t)total);
        total = align_up(total + str_size(m->symbols[i].name, nul), 2);
    }
    buf_u32le(b, (uint32_t)total);
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        aotx_put_str(b, m->symbols[i].name, nul);
        buf_pad(b, 2);
    }
    buf_a32(b, m->group_count);
    for (uint32_t g = 0; g < m->group_count; g++) {
        const struct aotx_reloc_group *grp = &m->groups[g];
        buf_a32(b, grp->name_index);
        buf_a32(b, grp->count);
        for (uint32_t j = 0; j < grp->count; j++) {
            const struct aotx_reloc *r = &grp->relocs[j];
            if (wide) {
                buf_a64(b, r->offset);
                buf_a64(b, (uint64_t)r->addend);
            } else {
                buf_a32(b, (uint32_t)r->offset);
                buf_a32(b, (uint32_t)r->addend);
            }
            buf_a32(b, r->type);
            buf_a32(b, r->symbol);
        }
    }
}

static void put_custom(struct buf *b, const struct aotx_custom *c, int nul)
{
    buf_a32(b, c->kind);
    if (c->kind == AOTX_CUSTOM_RAW) {
        aotx_put_str(b, c->raw_name, nul);
        buf_put(b, c->raw_content, c->raw_content_size);
    } else {
        buf_put(b, c->body, c->size);
    }
}

/* A section's frame: the pad to 4 and its header, the size left 0 until
 * section_close(); returns where its body starts. */
static size_t section_open(struct buf *b, uint32_t id)
{
    buf_pad(b, 4);
    buf_u32le(b, id);
    buf_u32le(b, 0);
    return b->len;
}

/* The body that started at body ends here: its size into the header. */
static enum aotx_err section_close(struct buf *b, size_t body, uint32_t id, struct aotx_diag *d)
{
    if (b->oom)
        return AOTX_OK; /* buf_status() says so */
    if (b->len - body > 0xffffffffu)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "section %u (%s) would be 0x%zx bytes, more "
                         "than a u32 size holds", id, aotx_section_name(id), b->len - body);
    if (b->p)
        wr32le(b->p + body - 4, (uint32_t)(b->len - body));
    return AOTX_OK;
}

/* What went wrong in b, if anything: an allocation, or a string too long. */
static enum aotx_err buf_status(const struct buf *b, struct aotx_diag *d)
{
    if (b->oom)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory writing the image");
    if (b->toolong)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "string '%.40s...' is too long for the AOT "
                         "format", b->toolong);
    return AOTX_OK;
}

enum aotx_err aotx_custom_tail(size_t at, enum aotx_layout layout, unsigned e_type,
                               const struct aotx_custom *c, uint8_t **tail, size_t *tail_size,
                               struct aotx_diag *d)
{
    int nul = aotx_strings_have_nul(layout, e_type);
    size_t lead = at % 4; /* stand-ins for the image's last bytes: the pads fall alike */
    enum aotx_err e;
    struct buf b = {.cap = SIZE_MAX, .len = lead}; /* measure */
    size_t body = section_open(&b, AOTX_SEC_CUSTOM);
    put_custom(&b, c, nul);
    if ((e = section_close(&b, body, AOTX_SEC_CUSTOM, d)) != AOTX_OK ||
        (e = buf_status(&b, d)) != AOTX_OK)
        return e;
    uint8_t *p = calloc(b.len, 1);
    if (!p)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory writing a custom section");
    b = (struct buf){.p = p, .len = lead, .cap = b.len, .zeroed = 1}; /* write, into exactly that */
    body = section_open(&b, AOTX_SEC_CUSTOM);
    put_custom(&b, c, nul);
    section_close(&b, body, AOTX_SEC_CUSTOM, d);
    memmove(p, p + lead, b.len - lead);
    *tail = p;
    *tail_size = b.len - lead;
    return AOTX_OK;
}

enum aotx_err aotx_write(const struct aotx_module *m, uint8_t **out, size_t *out_size,
                         struct aotx_diag *d)
{
    return aotx_write_layout(m, out, out_size, NULL, d);
}

/* One pass of the writer into b: a measuring buf (see buf_grow) or one
 * with exactly the room the measuring pass found. */
static enum aotx_err put_module(struct buf *b, const struct aotx_module *m,
                                size_t *body_offsets, struct aotx_diag *d);

/* The image is measured first and written once into a buffer of exactly its
 * size: no doubling, no copies, no slack. out == NULL: only measure (the
 * offsets and *out_size, nothing allocated). */
enum aotx_err aotx_write_layout(const struct aotx_module *m, uint8_t **out, size_t *out_size,
                                size_t *body_offsets, struct aotx_diag *d)
{
    struct buf b = {.cap = SIZE_MAX};
    enum aotx_err e;

    if (out)
        *out = NULL;
    *out_size = 0;
    if ((e = put_module(&b, m, body_offsets, d)) != AOTX_OK)
        return e;
    if (!out) {
        *out_size = b.len;
        return AOTX_OK;
    }
    size_t size = b.len;
    /* zeroed: a big calloc comes as fresh zero pages, and the text body that
     * aotx_xip fills afterwards (put_text) is not written twice */
    b = (struct buf){.p = calloc(size ? size : 1, 1), .cap = size, .zeroed = 1};
    if (!b.p)
        return aotx_fail(d, AOTX_E_NOMEM, "out of memory writing the image");
    if ((e = put_module(&b, m, NULL, d)) != AOTX_OK)
        return e;
    *out = b.p;
    *out_size = b.len;
    return AOTX_OK;
}

static enum aotx_err put_module(struct buf *bp, const struct aotx_module *m,
                                size_t *body_offsets, struct aotx_diag *d)
{
    struct buf b = *bp;
    int nul = aotx_strings_have_nul(m->layout, m->target.e_type);
    uint32_t custom = 0;

    buf_u32le(&b, AOTX_MAGIC);
    buf_u32le(&b, m->version);
    for (uint32_t i = 0; i < m->section_count; i++) {
        uint32_t id = m->sections[i].id;
        size_t body = section_open(&b, id);
        if (body_offsets)
            body_offsets[i] = body;
        switch (id) {
        case AOTX_SEC_TARGET_INFO: put_target(&b, m); break;
        case AOTX_SEC_INIT_DATA: put_init(&b, m, nul); break;
        case AOTX_SEC_TEXT: put_text(&b, m); break;
        case AOTX_SEC_FUNCTION: put_functions(&b, m); break;
        case AOTX_SEC_EXPORT: put_exports(&b, m, nul); break;
        case AOTX_SEC_RELOCATION: put_relocations(&b, m, nul); break;
        default: put_custom(&b, &m->customs[custom++], nul); break;
        }
        enum aotx_err e = section_close(&b, body, id, d);
        if (e != AOTX_OK) {
            free(b.p);
            return e;
        }
    }
    enum aotx_err e = buf_status(&b, d);
    if (e != AOTX_OK) {
        free(b.p);
        return e;
    }
    *bp = b;
    return AOTX_OK;
}
