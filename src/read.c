/* The .aot reader: a bounds-checked walk over every byte of the file.
 *
 * Layouts follow AOT-FORMAT.md: the WAMR 2.x layout (versions 3 to 6) and
 * the WAMR 1.x layout (version 3 with a 36-byte target info). All metadata
 * is little-endian and aligned relative to file offset 0 (u16 to 2, u32 and
 * u64 to 4); payloads copied from the object file are in target order and
 * are not interpreted here. Every count is checked against the bytes left
 * before anything is allocated for it, so allocations are bounded by the
 * input size. */
#include <stdlib.h>

#include "../arch/arch.h"
#include "read_int.h"

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
