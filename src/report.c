/* The XIP rewrite's report (struct aotx_xip_image: where each symbol,
 * veneer, GOT slot and data copy went, the RAM a load takes) and its
 * warnings: what is legal but suspicious, one line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "natives_abi.h"
#include "xip_int.h"

/* ---- warnings ---- */

void xip_warn(struct xctx *x, const char *fmt, ...)
{
    char line[AOTX_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    aotx_diag_one_line(line); /* names come from the input */
    size_t n = strlen(line) + 1;
    char *copy = malloc(n), **grown = realloc(x->warnings, (x->nwarnings + 1) * sizeof *grown);
    if (grown)
        x->warnings = grown;
    if (!copy || !grown) {
        free(copy);
        x->warn_nomem = 1;
        return;
    }
    memcpy(copy, line, n);
    x->warnings[x->nwarnings++] = copy;
}

void xip_warn_options(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    for (size_t i = 0; i < x->o->assume_readonly_count; i++) {
        const char *name = x->o->assume_readonly[i];
        uint32_t k = 0;
        while (k < m->data_section_count && strcmp(m->data_sections[k].name, name) != 0)
            k++;
        if (k == m->data_section_count)
            xip_warn(x, "--assume-readonly names '%s', which is no data section of this module",
                     name);
    }
}

/* Natives at address 0 (a weak symbol the firmware does not define?) or
 * inside the image itself (a stale map, or an image over the firmware). */
static void warn_addresses(struct xctx *x, uint64_t base, uint64_t size)
{
    const struct aotx_module *m = x->m;
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct sym *r = &x->syms[i];
        if (m->symbols[i].cls != AOTX_SYM_NATIVE || r->ok != 1)
            continue;
        if (!r->addr)
            xip_warn(x, "'%s' (from %s) is at address 0: a weak symbol the firmware does not "
                     "define? a call to it jumps to 0", m->symbols[i].name, xip_sym_origin(x, i));
        else if (r->addr >= base && r->addr - base < size)
            xip_warn(x, "'%s' = 0x%llx (from %s) lies inside this image (0x%llx..0x%llx): a "
                     "stale map, or an image region that overlaps the firmware",
                     m->symbols[i].name, (unsigned long long)r->addr, xip_sym_origin(x, i),
                     (unsigned long long)base, (unsigned long long)(base + size));
    }
}

enum aotx_err xip_take_warnings(struct xctx *x, struct aotx_xip_image *img)
{
    warn_addresses(x, img->base, img->size);
    if (x->warn_nomem)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    img->warnings = x->warnings;
    img->warning_count = x->nwarnings;
    x->warnings = NULL;
    x->nwarnings = 0;
    return AOTX_OK;
}

/* ---- the report ---- */

/* Each relocation counts once for the first reported symbol with its name
 * (names compared as pointers). Where the module's name pointers rise, as
 * the reader's do (each name points into the file or an arena, in order),
 * no two symbols share a name: a report symbol's uses are those of the
 * module symbol it was made from, found by walking both lists in order.
 * Otherwise one pass over the symbols fills an open-addressing table name ->
 * first report index, one more adds each module symbol's uses (counted when
 * resolving) to the report symbol of its name. Both are linear, where a
 * search per relocation was quadratic. */
static int names_rise(const struct aotx_module *m)
{
    for (uint32_t i = 1; i < m->symbol_count; i++)
        if ((uintptr_t)m->symbols[i - 1].name >= (uintptr_t)m->symbols[i].name)
            return 0;
    return 1;
}

/* The first report symbol of each module symbol's name: 1 + its index,
 * or 0; NULL out of memory. */
static uint32_t *report_index(const struct aotx_module *m, const struct aotx_xip_image *img)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)img->symbol_count)
        cap *= 2;
    uint32_t *slot = calloc(cap, sizeof *slot); /* report index + 1; 0 is empty */
    uint32_t *of = malloc(m->symbol_count * sizeof *of);
    if (!slot || !of) {
        free(slot);
        free(of);
        return NULL;
    }
    for (uint32_t k = 0; k < img->symbol_count; k++) {
        size_t h = ((uintptr_t)img->symbols[k].name >> 3) * 0x9e3779b97f4a7c15ull & (cap - 1);
        while (slot[h] && img->symbols[slot[h] - 1].name != img->symbols[k].name)
            h = (h + 1) & (cap - 1);
        if (!slot[h])
            slot[h] = k + 1;
    }
    for (uint32_t j = 0; j < m->symbol_count; j++) {
        const char *name = m->symbols[j].name;
        size_t h = ((uintptr_t)name >> 3) * 0x9e3779b97f4a7c15ull & (cap - 1);
        while (slot[h] && img->symbols[slot[h] - 1].name != name)
            h = (h + 1) & (cap - 1);
        of[j] = slot[h];
    }
    free(slot);
    return of;
}

static enum aotx_err count_uses(const struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    if (!x->nfix || !img->symbol_count)
        return AOTX_OK;
    if (names_rise(m)) {
        uint32_t i = 0;
        for (uint32_t k = 0; k < img->symbol_count; k++) {
            while (m->symbols[i].name != img->symbols[k].name)
                i++;
            img->symbols[k].uses = x->uses[i++];
        }
        return AOTX_OK;
    }
    uint32_t *of = report_index(m, img);
    if (!of)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (uint32_t j = 0; j < m->symbol_count; j++)
        if (of[j])
            img->symbols[of[j] - 1].uses += x->uses[j];
    free(of);
    return AOTX_OK;
}

/* The resolved symbols, veneers, GOT slots and data copies. */
static enum aotx_err report_lists(const struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        if (!x->syms[i].ok)
            continue;
        struct aotx_xip_symbol *s = &img->symbols[img->symbol_count++];
        s->name = m->symbols[i].name;
        s->value = sym_value(x, i);
        s->origin = xip_sym_origin(x, i);
        s->cls = m->symbols[i].cls;
        s->thumb = x->syms[i].thumb;
        s->isa_assumed = x->syms[i].isa_assumed;
        s->natives_slot = x->syms[i].slot;
    }
    if (count_uses(x, img) != AOTX_OK)
        return AOTX_E_NOMEM;
    for (uint32_t k = 0; k < x->nveneers; k++)
        img->veneers[img->veneer_count++] = (struct aotx_xip_veneer){
            .target_name = m->symbols[x->veneers[k].sym].name,
            .target = x->veneers[k].target,
            .address = x->code_addr + x->veneers[k].off,
            .size = x->vt->size,
            .callers = x->veneers[k].callers};
    for (uint32_t k = 0; k < x->ngot; k++)
        img->got[img->got_count++] = (struct aotx_xip_slot){
            .name = m->symbols[x->got_sym[k]].name,
            .address = x->code_addr + x->got_off + (uint64_t)k * (x->ptr_bits / 8) +
                       x->data_delta};
    for (uint32_t i = 0; i < m->data_section_count; i++)
        if (x->data_off[i] != UINT64_MAX)
            img->placements[img->placement_count++] = (struct aotx_xip_placement){
                .name = m->data_sections[i].name,
                .address = x->code_addr + x->data_off[i] + x->data_delta,
                .size = m->data_sections[i].size,
                .align = x->data_align[i]};
    return AOTX_OK;
}

/* RAM: a stock load copies the text section plus a PLT into one mapping
 * and each object data section into its own pages; the XIP load copies
 * only the data sections the image still carries. */
static void ram_figure(const struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    uint32_t page = img->page_size;
    uint32_t natives = 0;
    for (uint32_t i = 0; i < img->symbol_count; i++)
        natives += img->symbols[i].cls == AOTX_SYM_NATIVE;
    img->plt_estimate = natives * x->a->plt_entry;
    uint64_t text = 0;
    for (uint32_t i = 0; i < m->section_count; i++)
        if (m->sections[i].id == AOTX_SEC_TEXT)
            text = m->sections[i].size;
    img->ram_stock = align_up(text + img->plt_estimate, page);
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        uint64_t sz = align_up(m->data_sections[i].size, page);
        img->ram_stock += sz;
        if (strcmp(m->data_sections[i].name, ".aot_stack_sizes") == 0)
            img->ram_xip += sz;
    }
}

enum aotx_err xip_fill_report(const struct xctx *x, struct aotx_xip_image *img)
{
    const struct aotx_module *m = x->m;
    img->literal_address = x->literal_addr;
    img->code_address = x->code_addr;
    img->code_size = m->code_size;
    img->literal_pad = x->pad;
    img->relocations = (uint32_t)x->nfix;
    if (x->abi) {
        img->natives_abi = aotx_natives_abi_id(x->abi, (uint16_t)x->abi_version);
        img->natives_table = x->o->natives_table;
    }
    img->func_count = m->func_count;
    img->func_addresses = calloc(m->func_count ? m->func_count : 1, sizeof *img->func_addresses);
    img->symbols = calloc(m->symbol_count ? m->symbol_count : 1, sizeof *img->symbols);
    img->veneers = calloc((size_t)x->nveneers + 1, sizeof *img->veneers);
    img->placements = calloc(m->data_section_count ? m->data_section_count : 1,
                             sizeof *img->placements);
    img->got = calloc(x->ngot ? x->ngot : 1, sizeof *img->got);
    if (!img->func_addresses || !img->symbols || !img->veneers || !img->placements || !img->got)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    for (uint32_t i = 0; i < m->func_count; i++)
        img->func_addresses[i] = (x->code_addr + m->text_offsets[i]) | (uint64_t)x->a->code_thumb;
    TRY(report_lists(x, img));
    ram_figure(x, img);
    return AOTX_OK;
}
