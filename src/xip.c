/* The XIP rewrite: the driver of its stages (src/xip_int.h).
 *
 * 1. Resolve every referenced symbol: AOT functions, .text and .literal to
 *    their flash addresses; read-only object data sections to copies placed
 *    after the code; natives from the firmware's symbol maps. Writable data,
 *    unknown symbols and symbols the file cannot place are errors, all
 *    collected before any is reported.
 * 2. Prepare each relocation: its howto, its field inside its section, its
 *    addend.
 * 3. Lay out the image: the same sections in the same order, target info
 *    e_type 4, the literal area grown so the code starts on a 64-byte line
 *    (o->code_align), then after the code: veneers for far calls, GOT slots,
 *    the data copies.
 *    The relocation section stays, empty; object data sections are emptied
 *    except .aot_stack_sizes, which the runtime reads.
 * 4. Compute every relocation (S, A, P; the value by the psABI formula) and
 *    check it against its field: range, alignment, instruction set. Nothing
 *    is written until all of them fit.
 * 5. Build the image: serialise the module once, copy the code and data in,
 *    write veneers and GOT slots, encode the fields.
 * 6. Read the image back to verify it: every field means the value its
 *    relocation gives, every other byte is the input's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "stamp.h"
#include "xip_int.h"

/* ---- diagnostics ---- */

/* fmt with ap in a new string, its control characters made '?' (names
 * come from the input); NULL out of memory. */
static char *format(const char *fmt, va_list ap) AOTX_PRINTF(1, 0);
static char *format(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s) {
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        aotx_diag_one_line(s);
    }
    return s;
}

/* line as o->errors' next one; 0 out of memory (line freed). */
static int keep_error(struct xctx *x, struct aotx_xip_errors *e, char *line)
{
    if (e->count == x->errs_cap) {
        uint32_t cap = x->errs_cap ? 2 * x->errs_cap : 16;
        char **p = cap > x->errs_cap ? realloc(e->lines, cap * sizeof *p) : NULL;
        if (!p) {
            free(line);
            return 0;
        }
        e->lines = p;
        x->errs_cap = cap;
    }
    e->lines[e->count++] = line;
    return 1;
}

void xip_add_error(struct xctx *x, const char *fmt, ...)
{
    struct aotx_xip_errors *e = x->o->errors;
    va_list ap;
    x->err_kept = 0;
    if (x->nerrs++ == 0 && x->d) {
        va_start(ap, fmt);
        vsnprintf(x->d->msg, sizeof x->d->msg, fmt, ap);
        va_end(ap);
    }
    if (!e || (e->total++, e->limit && e->count >= e->limit))
        return;
    va_start(ap, fmt);
    char *line = format(fmt, ap);
    va_end(ap);
    x->err_kept = line && keep_error(x, e, line);
    x->errs_nomem |= !x->err_kept;
}

void xip_add_detail(struct xctx *x, const char *fmt, ...)
{
    struct aotx_xip_errors *e = x->o->errors;
    va_list ap;
    if (!x->err_kept)
        return;
    va_start(ap, fmt);
    char *more = format(fmt, ap);
    va_end(ap);
    char *last = e->lines[e->count - 1];
    size_t n = strlen(last), k = more ? strlen(more) : 0;
    char *p = more ? realloc(last, n + k + 2) : NULL;
    if (p) {
        p[n] = '\n';
        memcpy(p + n + 1, more, k + 1);
        e->lines[e->count - 1] = p;
    }
    x->errs_nomem |= !p;
    free(more);
}

enum aotx_err xip_finish_errors(struct xctx *x, enum aotx_err code)
{
    if (x->errs_nomem)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    if (x->nerrs > 1 && x->d) {
        size_t n = strlen(x->d->msg);
        snprintf(x->d->msg + n, sizeof x->d->msg - n, " (and %u more error%s)", x->nerrs - 1,
                 x->nerrs > 2 ? "s" : "");
    }
    if (x->d) {
        aotx_diag_one_line(x->d->msg); /* names come from the input */
        x->d->code = code;
    }
    return code;
}

void aotx_xip_errors_free(struct aotx_xip_errors *e)
{
    if (!e)
        return;
    for (uint32_t i = 0; i < e->count; i++)
        free(e->lines[i]);
    free(e->lines);
    e->lines = NULL;
    e->count = e->total = 0;
}

/* The name function func (aot_func#func) is exported by, or NULL; the
 * first of several. In a place, its first 80 bytes. */
static const char *export_name(const struct aotx_module *m, uint32_t func)
{
    uint64_t index = (uint64_t)m->init.import_func_count + func;
    for (uint32_t i = 0; i < m->export_count; i++)
        if (m->exports[i].kind == 0 && m->exports[i].index == index)
            return m->exports[i].name;
    return NULL;
}

void xip_where(const struct xctx *x, const struct aotx_reloc_group *g, uint64_t off, char *buf,
               size_t n)
{
    const struct aotx_module *m = x->m;
    if (g->target == AOTX_PATCH_DATA) {
        snprintf(buf, n, "'%s'+0x%llx", m->data_sections[g->data_index].name,
                 (unsigned long long)off);
        return;
    }
    if (g->target == AOTX_PATCH_LITERAL) {
        snprintf(buf, n, "literal+0x%llx", (unsigned long long)off);
        return;
    }
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < m->func_count; i++)
        if (m->text_offsets[i] <= off &&
            (best == UINT32_MAX || m->text_offsets[i] > m->text_offsets[best]))
            best = i;
    const char *name = best == UINT32_MAX ? NULL : export_name(m, best);
    if (best == UINT32_MAX)
        snprintf(buf, n, "text+0x%llx", (unsigned long long)off);
    else
        snprintf(buf, n, "text+0x%llx (aot_func#%u%s%.80s%s+0x%llx)", (unsigned long long)off,
                 best, name ? " (" : "", name ? name : "", name ? ")" : "",
                 (unsigned long long)(off - m->text_offsets[best]));
}

const char *xip_type_name(const struct xctx *x, uint32_t type, char *buf, size_t n)
{
    const char *s = aotx_arch_reloc_name(x->a, type);
    if (s)
        return s;
    snprintf(buf, n, "%u", type);
    return buf;
}

/* ---- the target ---- */

/* A stamp of this aot-xip or an earlier one (stamp.h): a raw custom
 * section "aot-xip" whose first word is a stamp version. A wasm module's
 * own custom section of that name (wamrc --emit-custom-sections) is none. */
static int is_stamp(const struct aotx_custom *c)
{
    if (c->kind != AOTX_CUSTOM_RAW || !c->raw_name || strcmp(c->raw_name, STAMP_NAME) != 0 ||
        c->raw_content_size < 4)
        return 0;
    uint32_t version = rd32le(c->raw_content);
    return version >= 1 && version <= STAMP_VERSION;
}

/* An image aot-xip wrote is no input: its code points at the base it was
 * made for, and it has nothing left to relocate. wamrc's own XIP output
 * (--xip, --enable-indirect-mode: e_type 4, with relocations) is one. */
static enum aotx_err check_not_relocated(const struct xctx *x)
{
    const struct aotx_module *m = x->m;
    uint64_t relocs = 0;
    for (uint32_t i = 0; i < m->custom_count; i++)
        if (is_stamp(&m->customs[i]))
            return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "already relocated: the file carries an "
                             "\"%s\" stamp (aot-xip wrote it), and its code points at the base "
                             "it was made for; start from wamrc's output", STAMP_NAME);
    for (uint32_t g = 0; g < m->group_count; g++)
        relocs += m->groups[g].count;
    if (m->target.e_type == AOTX_ETYPE_XIP && !relocs)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "already relocated: an XIP image (e_type 4) "
                         "with no relocations left, whose code points at the addresses it was "
                         "made for; start from wamrc's output");
    return AOTX_OK;
}

/* The data bus's address of the image, if it has one (x->data_delta). */
static enum aotx_err check_data_base(struct xctx *x)
{
    uint64_t base = x->o->base, data = x->o->data_base;
    if (!data)
        return AOTX_OK;
    if (data > x->addr_max)
        return aotx_fail(x->d, AOTX_E_USAGE, "data base address 0x%llx is outside the %u-bit "
                         "address space of %s code", (unsigned long long)data, x->ptr_bits,
                         x->a->name);
    if ((data - base) % AOTX_XIP_DATA_BASE_ALIGN)
        return aotx_fail(x->d, AOTX_E_USAGE, "data base address 0x%llx is not base 0x%llx plus "
                         "a multiple of %u: both buses map flash in pages, so one byte's "
                         "two addresses differ by whole pages; check the chip's memory map",
                         (unsigned long long)data, (unsigned long long)base,
                         AOTX_XIP_DATA_BASE_ALIGN);
    x->data_delta = data - base;
    return AOTX_OK;
}

static enum aotx_err check_target(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    if (!x->a)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "target '%s' (e_machine %u, bin_type %u) is "
                         "not one aot-xip knows", m->target.arch, m->target.e_machine,
                         m->target.bin_type);
    if (!x->a->howto_count)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "aot-xip does not relocate %s code yet",
                         x->a->name);
    if (x->a->thumb_bit && x->be)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "big-endian ARM images are not supported");
    if (x->a->little_only && x->be)
        return aotx_fail(x->d, AOTX_E_FORMAT, "%s code is little-endian, but the target info "
                         "says big-endian (bin_type 0x%x): the file is damaged, or not wamrc's",
                         x->a->name, m->target.bin_type);
    if (x->o->symbols) /* an ELF map must be of a firmware for this target */
        TRY(aotx_symmap_check_target(x->o->symbols, &m->target, x->d));
    TRY(check_not_relocated(x));
    TRY(xip_arm_core(x));
    if (x->o->base % 4)
        return aotx_fail(x->d, AOTX_E_USAGE, "base address 0x%llx is not a multiple of 4 (the "
                         "WAMR loader reads the image as 4-byte aligned data)",
                         (unsigned long long)x->o->base);
    if (x->o->base > x->addr_max)
        return aotx_fail(x->d, AOTX_E_USAGE, "base address 0x%llx is outside the %u-bit address "
                         "space of %s code", (unsigned long long)x->o->base, x->ptr_bits,
                         x->a->name);
    return check_data_base(x);
}

/* ---- the driver ---- */

/* The per-symbol and per-data-section arrays; 0 out of memory. */
static int xctx_alloc(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    x->syms = calloc(m->symbol_count + 1, sizeof *x->syms);
    x->data_off = calloc(m->data_section_count + 1, sizeof *x->data_off);
    x->data_align = calloc(m->data_section_count + 1, sizeof *x->data_align);
    return x->syms && x->data_off && x->data_align;
}

static void xctx_free(struct xctx *x)
{
    for (uint32_t i = 0; i < x->nwarnings; i++)
        free(x->warnings[i]);
    free(x->warnings);
    free(x->syms);
    free(x->uses);
    free(x->fixes);
    free(x->his);
    free(x->veneers);
    free(x->got_slot);
    free(x->got_sym);
    free(x->data_off);
    free(x->data_align);
}

void aotx_xip_free(struct aotx_xip_image *img)
{
    if (!img)
        return;
    free(img->bytes);
    free(img->func_addresses);
    free(img->symbols);
    free(img->veneers);
    free(img->placements);
    free(img->got);
    for (uint32_t i = 0; i < img->warning_count; i++)
        free(img->warnings[i]);
    free(img->warnings);
    free(img);
}

/* Steps 1 to 4: every relocation computed and checked, nothing written. */
static enum aotx_err relocate(struct xctx *x, struct xip_out *out)
{
    const struct aotx_module *m = x->m;
    TRY(xip_place_code(x, out));
    TRY(xip_table_start(x));
    TRY(xip_resolve_symbols(x));
    TRY(xip_prepare_fixes(x));
    TRY(xip_find_veneers(x));
    TRY(xip_layout(x));
    if (x->code_area > 0xffffffffu - 8 - m->literal_size - x->pad ||
        x->code_addr + x->code_area - 1 > x->addr_max)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "the image does not fit: code and data end "
                         "at 0x%llx", (unsigned long long)(x->code_addr + x->code_area));
    uint64_t data_end = x->code_addr - x->o->base + x->code_area; /* from either base */
    if (x->data_delta && data_end - 1 > x->addr_max - (x->o->base + x->data_delta))
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "the image does not fit at data base 0x%llx: "
                         "its data copies end past the %u-bit address space",
                         (unsigned long long)(x->o->base + x->data_delta), x->ptr_bits);
    xip_check_fixes(x);
    return x->nerrs ? xip_finish_errors(x, AOTX_E_UNSUPPORTED) : AOTX_OK;
}

/* Step 5 and 6: the image written, its warnings, verified. */
static enum aotx_err build(struct xctx *x, struct xip_out *out, struct aotx_xip_image *img)
{
    const struct aotx_xip_options *o = x->o;
    TRY(xip_build_image(x, out, img));
    if (img->size - 1 > x->addr_max - o->base)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "the image (%zu bytes) does not fit in the "
                         "%u-bit address space at base 0x%llx", img->size, x->ptr_bits,
                         (unsigned long long)o->base);
    TRY(xip_table_apart(x, img->size));
    img->base = o->base;
    img->data_base = o->base + x->data_delta;
    TRY(xip_take_warnings(x, img));
    if (o->no_verify)
        return AOTX_OK;
#ifdef AOTX_XIP_BEFORE_VERIFY
    /* a test's hook that damages the image here, so that each refusal of
     * verification is seen to fire (tests/unit/test_verify.c) */
    AOTX_XIP_BEFORE_VERIFY(x, img);
#endif
    TRY(xip_verify_image(x, img->bytes, img->size, x->d));
    img->verified = 1;
    return AOTX_OK;
}

enum aotx_err aotx_xip(const struct aotx_module *m, const struct aotx_xip_options *o,
                       struct aotx_xip_image **result, struct aotx_diag *d)
{
    struct xctx x = {.m = m, .a = m->arch, .o = o, .d = d};
    struct xip_out out = {0};
    struct aotx_xip_image *img = NULL;
    enum aotx_err e;

    *result = NULL;
    aotx_xip_errors_free(o->errors);
    x.be = (m->target.bin_type & AOTX_BIN_BIG_ENDIAN) != 0;
    x.ptr_bits = (m->target.bin_type & AOTX_BIN_64BIT) ? 64 : 32;
    x.addr_max = x.ptr_bits == 64 ? UINT64_MAX : 0xffffffffu;
    if ((e = check_target(&x)) != AOTX_OK)
        return e;
    img = calloc(1, sizeof *img);
    if (!img || !xctx_alloc(&x)) {
        e = aotx_fail(d, AOTX_E_NOMEM, "out of memory");
        goto done;
    }
    img->page_size = o->page_size ? o->page_size : 4096;
    img->arm_profile = x.profile;
    if ((e = relocate(&x, &out)) != AOTX_OK || (e = build(&x, &out, img)) != AOTX_OK)
        goto done;
    /* the report needs the symbols and veneers, not the fixes: less at the peak */
    free(x.fixes);
    free(x.his);
    x.fixes = NULL, x.his = NULL;
    if ((e = xip_fill_report(&x, img)) != AOTX_OK)
        goto done;
    *result = img;
    img = NULL;
done:
    aotx_xip_free(img);
    xip_out_free(&out);
    xctx_free(&x);
    return e;
}
