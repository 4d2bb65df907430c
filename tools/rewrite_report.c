/* The rewrite's map (--map: for people) and report (--report: JSON). */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rewrite.h"

static const char *class_word(enum aotx_sym_class c)
{
    switch (c) {
    case AOTX_SYM_AOT_FUNC: return "aot_func";
    case AOTX_SYM_CODE: return "code";
    case AOTX_SYM_LITERAL: return "literal";
    case AOTX_SYM_DATA: return "data";
    case AOTX_SYM_NATIVE: return "native";
    default: return "other";
    }
}

/* Exported function index -> defined function index, or -1. */
static int64_t export_func(const struct aotx_module *m, const struct aotx_export *e)
{
    if (e->kind != 0 || e->index < m->init.import_func_count ||
        e->index - m->init.import_func_count >= m->func_count)
        return -1;
    return (int64_t)e->index - m->init.import_func_count;
}

/* By address, then by index: the same order on every C library. */
static int by_value(const void *a, const void *b)
{
    const struct outfmt_sym *x = a, *y = b;
    if (x->value != y->value)
        return x->value > y->value ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

struct outfmt_sym *function_syms(const struct aotx_module *m, const struct aotx_xip_image *img)
{
    struct outfmt_sym *s = calloc(img->func_count ? img->func_count : 1, sizeof *s);
    if (!s)
        return NULL;
    for (uint32_t i = 0; i < img->func_count; i++)
        s[i] = (struct outfmt_sym){.index = i, .value = img->func_addresses[i]};
    for (uint32_t k = m->export_count; k-- > 0;) { /* the first export name wins */
        int64_t fi = export_func(m, &m->exports[k]);
        if (fi >= 0)
            s[fi].name = m->exports[k].name;
    }
    qsort(s, img->func_count, sizeof *s, by_value);
    const uint64_t bit0 = img->arm_profile ? 1 : 0, end = img->code_address + img->code_size;
    for (uint32_t i = 0; i < img->func_count; i++) {
        uint32_t j = i + 1;
        while (j < img->func_count && (s[j].value & ~bit0) == (s[i].value & ~bit0))
            j++;
        s[i].size = (j < img->func_count ? s[j].value & ~bit0 : end) - (s[i].value & ~bit0);
    }
    return s;
}

void report_functions(struct json *j, const struct aotx_module *m,
                      const struct aotx_xip_image *img)
{
    json_arr(j, "functions");
    for (uint32_t i = 0; i < img->func_count; i++) {
        json_obj(j, NULL);
        json_u64(j, "index", i);
        json_u64(j, "address", img->func_addresses[i]);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_obj(j, "exports");
    for (uint32_t i = 0; i < m->export_count; i++) {
        int64_t fi = export_func(m, &m->exports[i]);
        if (fi >= 0)
            json_u64(j, m->exports[i].name, img->func_addresses[fi]);
    }
    json_obj_end(j);
}

static void report_symbols(struct json *j, const struct aotx_xip_image *img)
{
    json_arr(j, "symbols");
    for (uint32_t i = 0; i < img->symbol_count; i++) {
        const struct aotx_xip_symbol *s = &img->symbols[i];
        json_obj(j, NULL);
        json_str(j, "name", s->name);
        json_str(j, "class", class_word(s->cls));
        json_u64(j, "value", s->value);
        json_str(j, "origin", s->origin);
        if (s->cls == AOTX_SYM_NATIVE && img->arm_profile) { /* ARM and Thumb targets */
            json_bool(j, "thumb", s->thumb);
            json_bool(j, "isa_assumed", s->isa_assumed);
        }
        if (s->natives_slot)
            json_u64(j, "natives_slot", s->natives_slot - 1);
        json_u64(j, "uses", s->uses);
        json_obj_end(j);
    }
    json_arr_end(j);
}

/* What the image holds after the code: veneers, GOT slots, data copies. */
static void report_after_code(struct json *j, const struct aotx_xip_image *img)
{
    json_arr(j, "veneers");
    for (uint32_t i = 0; i < img->veneer_count; i++) {
        const struct aotx_xip_veneer *v = &img->veneers[i];
        json_obj(j, NULL);
        json_str(j, "target_name", v->target_name);
        json_u64(j, "target", v->target);
        json_u64(j, "address", v->address);
        json_u64(j, "size", v->size);
        json_u64(j, "callers", v->callers);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_arr(j, "got");
    for (uint32_t i = 0; i < img->got_count; i++) {
        json_obj(j, NULL);
        json_str(j, "name", img->got[i].name);
        json_u64(j, "address", img->got[i].address);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_arr(j, "data");
    for (uint32_t i = 0; i < img->placement_count; i++) {
        const struct aotx_xip_placement *p = &img->placements[i];
        json_obj(j, NULL);
        json_str(j, "name", p->name);
        json_u64(j, "address", p->address);
        json_u64(j, "size", p->size);
        json_u64(j, "align", p->align);
        json_obj_end(j);
    }
    json_arr_end(j);
}

static void write_report(FILE *f, const struct opts *op, const struct aotx_module *m,
                         const struct aotx_xip_image *img)
{
    struct json j;
    json_begin(&j, f);
    json_str(&j, "input", op->in);
    json_str(&j, "output", op->out);
    json_str(&j, "arch", aotx_arch_name(m));
    if (img->arm_profile)
        json_str(&j, "arm_profile", (char[2]){img->arm_profile, 0});
    json_u64(&j, "base", img->base);
    if (img->data_base != img->base)
        json_u64(&j, "data_base", img->data_base);
    json_u64(&j, "image_size", op->image_size);
    json_u64(&j, "literal_address", img->literal_address);
    json_u64(&j, "literal_pad", img->literal_pad);
    json_u64(&j, "code_address", img->code_address);
    json_u64(&j, "code_align", op->xo.code_align ? op->xo.code_align : AOTX_XIP_CODE_ALIGN);
    json_u64(&j, "code_size", img->code_size);
    json_u64(&j, "relocations", img->relocations);
    json_bool(&j, "verified", img->verified);
    if (img->natives_abi) {
        json_u64(&j, "natives_table", img->natives_table);
        json_u64(&j, "natives_abi", img->natives_abi);
    }
    report_functions(&j, m, img);
    report_symbols(&j, img);
    report_after_code(&j, img);
    json_obj(&j, "ram");
    json_u64(&j, "page_size", img->page_size);
    json_str(&j, "page_size_from", op->xo.page_size ? "--page-size" : "default");
    json_u64(&j, "stock_load", img->ram_stock);
    json_u64(&j, "xip_load", img->ram_xip);
    json_u64(&j, "saved", img->ram_stock - img->ram_xip);
    json_u64(&j, "plt_estimate", img->plt_estimate);
    json_obj_end(&j);
    json_end(&j);
}

/* The map's head: where each part of the image is. */
static void map_layout(FILE *f, const struct opts *op, const struct aotx_module *m,
                       const struct aotx_xip_image *img)
{
    fprintf(f, "aot-xip map: %s -> %s\n", op->in, op->out);
    fprintf(f, "target %s, base 0x%08" PRIx64 ", image %zu bytes (flash 0x%08" PRIx64
               "..0x%08" PRIx64 ")\n\n", aotx_arch_name(m), img->base, op->image_size, img->base,
            img->base + op->image_size);
    if (img->data_base != img->base)
        fprintf(f, "data bus: the same image at 0x%08" PRIx64 "..0x%08" PRIx64 " (--data-base); "
                   "data and got addresses below are there\n\n", img->data_base,
                img->data_base + op->image_size);
    fprintf(f, "literal  0x%08" PRIx64 "  %u bytes (%u of padding to align the code)\n",
            img->literal_address, m->literal_size + img->literal_pad, img->literal_pad);
    fprintf(f, "code     0x%08" PRIx64 "  %u bytes\n", img->code_address, img->code_size);
    if (img->natives_abi)
        fprintf(f, "natives  0x%08" PRIx64 "  the firmware's natives table, ABI id 0x%08" PRIx32
                   " (family %u, version %u or later)\n", img->natives_table, img->natives_abi,
                (unsigned)(img->natives_abi >> 16), (unsigned)(img->natives_abi & 0xffff));
    for (uint32_t i = 0; i < img->veneer_count; i++)
        fprintf(f, "veneer   0x%08" PRIx64 "  %u bytes  -> %s 0x%08" PRIx64 " (%u calls)\n",
                img->veneers[i].address, img->veneers[i].size, img->veneers[i].target_name,
                img->veneers[i].target, img->veneers[i].callers);
    for (uint32_t i = 0; i < img->got_count; i++)
        fprintf(f, "got      0x%08" PRIx64 "  slot for %s\n", img->got[i].address,
                img->got[i].name);
    for (uint32_t i = 0; i < img->placement_count; i++) {
        fprintf(f, "data     0x%08" PRIx64 "  %u bytes  %s (aligned %u)",
                img->placements[i].address, img->placements[i].size, img->placements[i].name,
                img->placements[i].align);
        if (img->data_base != img->base) /* the same bytes on the instruction bus */
            fprintf(f, ", code bus 0x%08" PRIx64,
                    img->placements[i].address - img->data_base + img->base);
        fprintf(f, "\n");
    }
}

static void write_map(FILE *f, const struct opts *op, const struct aotx_module *m,
                      const struct aotx_xip_image *img)
{
    map_layout(f, op, m, img);
    fprintf(f, "\nfunctions:\n");
    for (uint32_t i = 0; i < img->func_count; i++) {
        fprintf(f, "  0x%08" PRIx64 "  aot_func#%u", img->func_addresses[i], i);
        for (uint32_t k = 0; k < m->export_count; k++)
            if (export_func(m, &m->exports[k]) == (int64_t)i)
                fprintf(f, "  %s", m->exports[k].name);
        fprintf(f, "\n");
    }
    fprintf(f, "\nsymbols:\n");
    for (uint32_t i = 0; i < img->symbol_count; i++) {
        const struct aotx_xip_symbol *s = &img->symbols[i];
        char slot[32] = "";
        if (s->natives_slot)
            snprintf(slot, sizeof slot, ", slot %u", (unsigned)(s->natives_slot - 1));
        fprintf(f, "  0x%08" PRIx64 "  %-36s %-8s %5u uses  from %s%s%s\n", s->value, s->name,
                class_word(s->cls), s->uses, s->origin, slot,
                s->isa_assumed ? (s->thumb ? " (Thumb by --assume-isa: the map does not say)"
                                           : " (ARM by --assume-isa: the map does not say)")
                               : "");
    }
    fprintf(f, "\n%u relocations applied%s\n", img->relocations,
            img->verified ? ", image verified" : ", not verified (--no-verify)");
    fprintf(f, "RAM: a stock load allocates %" PRIu64 " bytes (text and a %u-byte PLT estimate, "
               "data, in %u-byte pages, %s); this image %" PRIu64 "; saved %" PRIu64 "\n",
            img->ram_stock, img->plt_estimate, img->page_size,
            op->xo.page_size ? "as --page-size says"
                             : "assumed: the allocation granule of WAMR's Zephyr and ESP-IDF "
                               "ports; --page-size for another",
            img->ram_xip, img->ram_stock - img->ram_xip);
}

static char *render(void (*fn)(FILE *, const struct opts *, const struct aotx_module *,
                               const struct aotx_xip_image *),
                    const struct opts *op, const struct aotx_module *m,
                    const struct aotx_xip_image *img, size_t *size)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, size);
    if (!f)
        return NULL;
    fn(f, op, m, img);
    if (fclose(f) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

char *render_map(const struct opts *op, const struct aotx_module *m,
                 const struct aotx_xip_image *img, size_t *size)
{
    return render(write_map, op, m, img, size);
}

char *render_report(const struct opts *op, const struct aotx_module *m,
                    const struct aotx_xip_image *img, size_t *size)
{
    return render(write_report, op, m, img, size);
}
