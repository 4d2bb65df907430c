/* The rewrite's outputs: the image (in its -O format), the map and the
 * report, checked before any input is read, written to temporary files
 * and put in place together, or none; the flash region's use. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rewrite.h"

int is_dash(const char *path)
{
    return path && strcmp(path, "-") == 0;
}

/* For -O c: OUT.c -> OUT.h (or OUT.h appended), and the array's name: the
 * header's base name without ".h", every other character made '_'. */
static int c_names(const char *out, char **header, char **name)
{
    size_t n = strlen(out);
    int dot_c = n > 2 && !strcmp(out + n - 2, ".c");
    *header = malloc(n + 3);
    if (!*header)
        return -1;
    memcpy(*header, out, n + 1);
    strcpy(*header + (dot_c ? n - 2 : n), ".h");
    const char *slash = strrchr(*header, '/');
    const char *b = slash ? slash + 1 : *header;
    size_t len = strlen(b) - 2;
    *name = malloc(len + 2);
    if (!*name) {
        free(*header);
        return -1;
    }
    char *q = *name;
    if (len == 0 || (b[0] >= '0' && b[0] <= '9'))
        *q++ = '_';
    for (size_t i = 0; i < len; i++)
        *q++ = isalnum((unsigned char)b[i]) ? b[i] : '_';
    *q = 0;
    return 0;
}

/* tool_check_outputs() for this run's outputs and inputs. */
static int check_paths(const struct opts *op, const char *c_header)
{
    struct tool_path outs[4] = {{"-o", op->out, 1}};
    int n = 1;
    if (c_header)
        outs[n++] = (struct tool_path){"the -O c header", c_header, 0};
    if (op->map)
        outs[n++] = (struct tool_path){"--map", op->map, 1};
    if (op->report)
        outs[n++] = (struct tool_path){"--report", op->report, 1};
    struct tool_path *ins = calloc((size_t)op->nmaps + 1, sizeof *ins);
    if (!ins) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    ins[0] = (struct tool_path){"the input", op->in, 0};
    for (int k = 0; k < op->nmaps; k++)
        ins[k + 1] = (struct tool_path){"--symbols", op->maps[k].path, 0};
    int rc = tool_check_outputs(outs, n, ins, op->nmaps + 1);
    free(ins);
    return rc;
}

int rewrite_prepare(struct run *r)
{
    if (r->op.format == OUTFMT_C && c_names(r->op.out, &r->c_header, &r->c_name)) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    int rc = check_paths(&r->op, r->c_header);
    if (rc == 0)
        tool_catch_signals();
    return rc;
}

int region_fits(const struct opts *op, uint64_t size)
{
    uint64_t room = op->region_end - op->base;
    if (!op->have_region_end || size <= room)
        return 1;
    fprintf(stderr, "%s: error: %s: image (%" PRIu64 " bytes at 0x%08" PRIx64 ") does not fit "
                    "the region 0x%08" PRIx64 "..0x%08" PRIx64 " (%" PRIu64 " bytes): region "
                    "overflowed by %" PRIu64 " bytes\n", aotx_prog, op->in, size, op->base,
            op->base, op->region_end, room, size - room);
    return 0;
}

/* A size as ld's --print-memory-usage gives it: in GB, MB or KB where it is
 * a whole number of them, else in bytes; 13 columns. */
static void print_size(FILE *f, uint64_t n)
{
    static const char unit[3][3] = {"GB", "MB", "KB"};
    for (int i = 0; i < 3; i++) {
        unsigned shift = 30u - 10u * (unsigned)i;
        if (n && (n & (((uint64_t)1 << shift) - 1)) == 0) {
            fprintf(f, "%10" PRIu64 " %s", n >> shift, unit[i]);
            return;
        }
    }
    fprintf(f, " %10" PRIu64 " B", n);
}

/* The region's use, in the table of ld's --print-memory-usage. */
void print_region(FILE *f, const struct opts *op)
{
    uint64_t room = op->region_end - op->base;
    fprintf(f, "Memory region         Used Size  Region Size  %%age Used\n");
    fprintf(f, "%16s: ", "AOT_XIP");
    print_size(f, op->image_size);
    print_size(f, room);
    fprintf(f, "    %6.2f%%\n", (double)op->image_size * 100.0 / (double)room);
}

/* The run's warnings on stderr: the tool's, then the rewrite's. 0, or
 * EXIT_INPUT (printed) when there was one and --fatal-warnings. */
static int print_warnings(const struct opts *op, const struct aotx_xip_image *img)
{
    uint32_t n = img->warning_count;
    if (op->have_load && (op->format == OUTFMT_AOT || op->format == OUTFMT_BINARY)) {
        fprintf(stderr, "%s: warning: --load-address is ignored: -O %s carries no address "
                        "(ihex, srec, elf and c do)\n", aotx_prog,
                op->format == OUTFMT_AOT ? "aot" : "binary");
        n++;
    }
    for (uint32_t i = 0; i < img->warning_count; i++)
        fprintf(stderr, "%s: warning: %s\n", aotx_prog, img->warnings[i]);
    if (n && op->fatal_warnings) {
        fprintf(stderr, "%s: error: warnings treated as errors (--fatal-warnings); nothing "
                        "written\n", aotx_prog);
        return EXIT_INPUT;
    }
    return 0;
}

/* For tests only (tests/e2e/test_cli_safety.py): with
 * AOTX_TEST_PAUSE_BEFORE_RENAME=N in the environment, every temporary file
 * written, say so on stderr and sleep N seconds before the outputs are put
 * in place, for a test to send a signal meanwhile. */
static void test_pause(void)
{
    const char *s = getenv("AOTX_TEST_PAUSE_BEFORE_RENAME");
    if (!s)
        return;
    fprintf(stderr, "%s: test: paused before renaming the outputs\n", aotx_prog);
    fflush(stderr);
    sleep((unsigned)strtoul(s, NULL, 10));
}

static void add_out(struct run *r, const char *path, int dash, const void *p, size_t n)
{
    r->outs[r->nouts++] = (struct aotx_out){.path = path, .to_stdout = dash && is_dash(path),
                                            .p = {p}, .n = {n}};
}

/* -O binary, ihex, srec, elf or c: the image and its stamp in one piece,
 * rendered into r->files, which become the image's outputs. */
static int render_image(struct run *r)
{
    struct aotx_xip_image *img = r->img;
    const struct aotx_target *t = &r->m->target;
    uint8_t *whole = r->tail_size ? realloc(img->bytes, img->size + r->tail_size) : img->bytes;
    if (!whole) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    if (r->tail_size)
        memcpy(whole + img->size, r->tail, r->tail_size);
    img->bytes = whole;
    img->size += r->tail_size;
    const char *slash = r->c_header ? strrchr(r->c_header, '/') : NULL;
    struct outfmt_sym *syms = r->op.format == OUTFMT_ELF ? function_syms(r->m, img) : NULL;
    if (r->op.format == OUTFMT_ELF && !syms) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    struct outfmt_in oi = {
        .bytes = img->bytes, .size = img->size, .base = img->base,
        .load = r->op.have_load ? r->op.load : img->base,
        .target = {.e_machine = t->e_machine, .e_flags = t->e_flags,
                   .is64 = !!(t->bin_type & AOTX_BIN_64BIT),
                   .be = !!(t->bin_type & AOTX_BIN_BIG_ENDIAN)},
        .c_name = r->c_name,
        .c_header = slash ? slash + 1 : r->c_header,
        .section = r->op.section ? r->op.section : ".aot_xip",
        .syms = syms, .nsyms = syms ? img->func_count : 0,
    };
    char ferr[256];
    int failed = outfmt_render(r->op.format, &oi, r->files, &r->nfiles, ferr, sizeof ferr);
    free(syms);
    if (failed) {
        r->nfiles = 0; /* the writer freed what it had made */
        fprintf(stderr, "%s: error: %s: %s\n", aotx_prog, r->op.out, ferr);
        return EXIT_INPUT;
    }
    add_out(r, r->op.out, 1, r->files[0].p, r->files[0].size);
    if (r->nfiles == 2)
        add_out(r, r->c_header, 0, r->files[1].p, r->files[1].size);
    return 0;
}

/* -O aot or binary: the image itself is the file, the stamp after it;
 * written before the warnings are printed. */
static int write_image(struct run *r)
{
    struct aotx_diag d = {0};
    add_out(r, r->op.out, 1, r->img->bytes, r->img->size);
    r->outs[0].p[1] = r->tail;
    r->outs[0].n[1] = r->tail_size;
    if (aotx_out_write(r->outs, 1, &d) == AOTX_OK)
        return 0;
    r->nouts = 0;
    tool_error(NULL, &d);
    return EXIT_INPUT;
}

/* The map and the report, rendered; their outputs added. */
static int render_texts(struct run *r)
{
    const struct opts *op = &r->op;
    if ((op->map && !(r->map = render_map(op, r->m, r->img, &r->map_size))) ||
        (op->report && !(r->report = render_report(op, r->m, r->img, &r->report_size)))) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    return 0;
}

int rewrite_write(struct run *r)
{
    struct aotx_diag d = {0};
    int direct = r->op.format == OUTFMT_AOT || r->op.format == OUTFMT_BINARY;
    if ((direct && write_image(r)) || print_warnings(&r->op, r->img))
        return EXIT_INPUT;
    r->op.image_size = r->img->size + r->tail_size;
    if (render_texts(r) || (!direct && render_image(r)))
        return EXIT_INPUT;
    int first = direct; /* the image's file is written already */
    if (r->op.map)
        add_out(r, r->op.map, 1, r->map, r->map_size);
    if (r->op.report)
        add_out(r, r->op.report, 1, r->report, r->report_size);
    /* Every output is in a temporary file before any is put in place; a
     * signal meanwhile removes them (tool_catch_signals). The input was
     * read whole before any work: a change to its file since cannot reach
     * the outputs. */
    if (aotx_out_write(r->outs + first, r->nouts - first, &d) != AOTX_OK) {
        r->nouts = first;
        tool_error(NULL, &d);
        return EXIT_INPUT;
    }
    test_pause();
    if (tool_out_put(r->outs, r->nouts, &d) != AOTX_OK) {
        tool_error(NULL, &d);
        return EXIT_INPUT;
    }
    if (r->op.have_region_end)
        print_region(is_dash(r->op.out) || is_dash(r->op.map) || is_dash(r->op.report) ? stderr
                                                                                     : stdout,
                     &r->op);
    return 0;
}
