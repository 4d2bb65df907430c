/* aot-xip pack's map (--map: the table of contents, then each app's map as
 * the rewrite writes it) and report (--report: JSON, each app's place,
 * functions and exports). */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pack.h"

/* The rewrite's options as they apply to app a: its input and size. */
static struct opts app_opts(const struct pack *pk, const struct pack_app *a)
{
    struct opts op = pk->op;
    op.in = a->path;
    op.image_size = a->size;
    return op;
}

static void write_map(FILE *f, const struct pack *pk)
{
    uint64_t base = pk->op.base;
    fprintf(f, "aot-xip pack map: %s\n", pk->op.out);
    fprintf(f, "base 0x%08" PRIx64 ", %zu bytes (flash 0x%08" PRIx64 "..0x%08" PRIx64 "), "
               "%d apps aligned %u, table of contents %u bytes\n\n", base, pk->size, base,
            base + pk->size, pk->napps, pk->align,
            AOTX_PACK_HEADER_SIZE + (unsigned)pk->napps * AOTX_PACK_ENTRY_SIZE);
    fprintf(f, "  #  name                             address     offset      size        "
               "crc32       input\n");
    for (int k = 0; k < pk->napps; k++) {
        const struct pack_app *a = &pk->apps[k];
        fprintf(f, "%3d  %-31s  0x%08" PRIx64 "  0x%08" PRIx32 "  0x%08" PRIx32 "  0x%08" PRIx32
                   "  %s\n", k, a->name, base + a->offset, a->offset, a->size, a->crc, a->path);
    }
    for (int k = 0; k < pk->napps; k++) {
        const struct pack_app *a = &pk->apps[k];
        struct opts op = app_opts(pk, a);
        size_t n;
        char *m = render_map(&op, a->m, a->img, &n);
        fprintf(f, "\napp %d '%s':\n", k, a->name);
        if (m)
            fwrite(m, 1, n, f);
        free(m);
    }
}

static void report_app(struct json *j, const struct pack *pk, int k)
{
    const struct pack_app *a = &pk->apps[k];
    const struct aotx_xip_image *img = a->img;
    json_obj(j, NULL);
    json_str(j, "name", a->name);
    json_str(j, "input", a->path);
    json_u64(j, "index", (uint64_t)k);
    json_u64(j, "offset", a->offset);
    json_u64(j, "address", img->base);
    json_u64(j, "size", a->size);
    json_u64(j, "crc32", a->crc);
    json_str(j, "arch", aotx_arch_name(a->m));
    json_u64(j, "code_address", img->code_address);
    json_u64(j, "code_size", img->code_size);
    json_u64(j, "relocations", img->relocations);
    json_bool(j, "verified", img->verified);
    if (img->natives_abi) {
        json_u64(j, "natives_table", img->natives_table);
        json_u64(j, "natives_abi", img->natives_abi);
    }
    report_functions(j, a->m, img);
    json_obj_end(j);
}

static void write_report(FILE *f, const struct pack *pk)
{
    struct json j;
    json_begin(&j, f);
    json_str(&j, "output", pk->op.out);
    json_u64(&j, "base", pk->op.base);
    json_u64(&j, "size", pk->size);
    json_u64(&j, "align", pk->align);
    json_u64(&j, "format_version", AOTX_PACK_VERSION);
    json_u64(&j, "toc_size", AOTX_PACK_HEADER_SIZE + (uint64_t)pk->napps * AOTX_PACK_ENTRY_SIZE);
    json_arr(&j, "apps");
    for (int k = 0; k < pk->napps; k++)
        report_app(&j, pk, k);
    json_arr_end(&j);
    json_end(&j);
}

static char *render(void (*fn)(FILE *, const struct pack *), const struct pack *pk,
                    size_t *size)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, size);
    if (!f)
        return NULL;
    fn(f, pk);
    if (fclose(f) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

char *pack_render_map(const struct pack *pk, size_t *size)
{
    return render(write_map, pk, size);
}

char *pack_render_report(const struct pack *pk, size_t *size)
{
    return render(write_report, pk, size);
}
