/* aot-xip check IMAGE --symbols MAP...: does the firmware still put every
 * native the image was relocated against where the image's stamp says? */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "infmt.h"
#include "natives_abi.h"
#include "tool.h"

struct check_args {
    const char *image, *input;
    struct aotx_symmap *syms;
    enum aotx_symmap_format fmt; /* for the --symbols that follow */
    int nmaps;                   /* maps and --defsyms */
    const struct infmt_image *img; /* the image as the file holds it */
};

enum { C_SYMBOLS, C_SYMBOLS_FORMAT, C_DEFSYM, C_INPUT };

static const struct tool_opt check_opts[] = {
    {"--symbols", C_SYMBOLS, 1},
    {"--symbols-format", C_SYMBOLS_FORMAT, 1},
    {"--defsym", C_DEFSYM, 1},
    {"--input", C_INPUT, 1},
    {NULL, 0, 0},
};

/* In the order given: a map is read where it stands. */
static int check_take(void *ctx, const struct tool_opt *o, const char *val)
{
    struct check_args *a = ctx;
    struct aotx_diag d = {0};
    if (!o) {
        if (a->image) {
            tool_usage_error("check: one image at a time ('%s' and '%s')", a->image, val);
            return EXIT_USAGE;
        }
        a->image = val;
        return 0;
    }
    switch (o->id) {
    case C_SYMBOLS:
        if (aotx_symmap_load_file(a->syms, val, a->fmt, &d) != AOTX_OK) {
            tool_error(NULL, &d);
            return EXIT_INPUT;
        }
        a->nmaps++;
        return 0;
    case C_SYMBOLS_FORMAT:
        return tool_symbols_format(val, &a->fmt);
    case C_DEFSYM:
        a->nmaps++;
        return tool_defsym(a->syms, val);
    default: /* C_INPUT */
        a->input = val;
        return 0;
    }
}

/* What no longer holds, one "; "-separated clause each, onto f: natives
 * missing, ambiguous or moved, a natives table missing or moved, and an
 * --input the image was not made from.
 * How many; -1 if the input cannot be read (printed). */
static int changes(FILE *f, const struct check_args *a, const struct stamp *st)
{
    int changed = 0;
    uint64_t mask = st->flags & STAMP_THUMB_BIT ? ~(uint64_t)1 : ~(uint64_t)0;
    for (uint32_t i = 0; i < st->count; i++) {
        const struct stamp_native *s = &st->natives[i];
        const struct aotx_native *n = aotx_symmap_find(a->syms, s->name);
        if (!n)
            fprintf(f, "%s'%s' (0x%08" PRIx64 ") is not in the symbol maps", changed++ ? "; " : "",
                    s->name, s->value);
        else if (n->ambiguous)
            fprintf(f, "%s'%s' is ambiguous: %u local symbols of that name in %s",
                    changed++ ? "; " : "", s->name, n->ambiguous, n->file);
        else if ((n->value & mask) != (s->value & mask))
            fprintf(f, "%s'%s' moved from 0x%08" PRIx64 " to 0x%08" PRIx64,
                    changed++ ? "; " : "", s->name, s->value & mask, n->value & mask);
    }
    if (st->natives_table) { /* natives-table mode: the table, not the natives */
        const struct aotx_native *n = aotx_symmap_find(a->syms, AOTX_NATIVES_SYMBOL);
        if (!n)
            fprintf(f, "%sthe symbol maps have no natives table ('%s'), which the image calls "
                    "its natives through at 0x%08" PRIx64, changed++ ? "; " : "",
                    AOTX_NATIVES_SYMBOL, st->natives_table);
        else if (n->value != st->natives_table)
            fprintf(f, "%sthe natives table ('%s') moved from 0x%08" PRIx64 " to 0x%08" PRIx64,
                    changed++ ? "; " : "", AOTX_NATIVES_SYMBOL, st->natives_table, n->value);
    }
    if (a->input) {
        struct tool_input in = {0};
        if (tool_read(a->input, &in))
            return -1;
        if (in.size != st->input_size || stamp_hash64(in.p, in.size) != st->input_hash)
            fprintf(f, "%s'%s' is not the input the image was made from", changed++ ? "; " : "",
                    a->input);
        tool_input_free(&in);
    }
    return changed;
}

/* The image's stamp against the maps (and the input): 0 up to date, or
 * EXIT_INPUT (printed: what changed, or why it cannot be told). */
static int check_image(const struct check_args *a, const struct stamp *st)
{
    char *msg = NULL;
    size_t msg_size = 0;
    FILE *f = open_memstream(&msg, &msg_size);
    if (!f) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    int changed = changes(f, a, st);
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        changed = -1;
    } else if (changed > 0) {
        fprintf(stderr, "%s: %s is stale: %s\n", aotx_prog, a->image, msg);
    }
    free(msg);
    if (changed)
        return EXIT_INPUT;
    printf("%s: up to date (%u natives match, ", a->image, st->count);
    if (st->natives_table)
        printf("natives table at 0x%08" PRIx64 ", ", st->natives_table);
    printf("base 0x%08" PRIx64, st->base);
    if (a->img->format != OUTFMT_AOT)
        printf("; read as %s", outfmt_name(a->img->format));
    if (a->img->has_load)
        printf(", loaded at 0x%08" PRIx64, a->img->load);
    printf(")\n");
    return 0;
}

/* The image in file (any -O format, infmt.c) read into in, its bytes
 * into img and parsed; prints the error and returns NULL on failure. */
static struct aotx_module *load_image(const char *file, struct tool_input *in,
                                      struct infmt_image *img)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    if (tool_read(file, in))
        return NULL;
    if (infmt_read(in->p, in->size, img, d.msg, sizeof d.msg) ||
        aotx_read(img->p, img->size, &m, &d) != AOTX_OK) {
        tool_error(file, &d);
        return NULL;
    }
    return m;
}

/* The module's stamp found and checked. */
static int check_module(const struct check_args *a, const struct aotx_module *m)
{
    struct aotx_diag d = {0};
    struct stamp st = {0};
    int rc = EXIT_INPUT, found = -1;
    if (aotx_symmap_check_target(a->syms, &m->target, &d) != AOTX_OK ||
        (found = stamp_find(m, &st, &d)) < 0)
        tool_error(a->image, &d);
    else if (!found)
        fprintf(stderr, "%s: %s: no aot-xip stamp (not an aot-xip image, or written with "
                        "--no-stamp)\n", aotx_prog, a->image);
    else
        rc = check_image(a, &st);
    stamp_free(&st);
    return rc;
}

/* The image read, its stamp found and checked. */
static int check(struct check_args *a)
{
    struct tool_input in = {0};
    struct infmt_image img = {0};
    struct aotx_module *m = load_image(a->image, &in, &img);
    a->img = &img;
    int rc = m ? check_module(a, m) : EXIT_INPUT;
    aotx_module_free(m);
    infmt_free(&img);
    tool_input_free(&in);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    static const struct tool_cmd cmd = {"check", "check: ", check_opts, check_take};
    struct check_args a = {.syms = aotx_symmap_new()};
    int rc;
    if (!a.syms) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    if (tool_parse(&cmd, argc, argv, &a, &rc)) {
        if (!a.image || !a.nmaps)
            tool_usage_error("check: %s", !a.image ? "no image file"
                                                   : "no symbols (--symbols MAP or --defsym)");
        rc = !a.image || !a.nmaps ? EXIT_USAGE : check(&a);
    }
    aotx_symmap_free(a.syms);
    return rc;
}
