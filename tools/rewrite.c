/* aot-xip IN --base ADDR [--symbols FILE]... -o OUT: the XIP rewrite from
 * the command line, with its human map and JSON report. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "outfmt.h"
#include "tool.h"

/* A --symbols map, loaded once the outputs are checked, in its format then. */
struct map_arg {
    const char *path;
    enum aotx_symmap_format fmt;
};

struct opts {
    const char *in, *out, *map, *report;
    const char *readonly[64];
    struct map_arg *maps;
    int nmaps;
    uint64_t base, load, region_size, region_end;
    int have_base, have_load, have_region_size, have_region_end, no_stamp, fatal_warnings;
    enum outfmt format;
    const char *section;
    struct aotx_xip_options xo;
    size_t image_size; /* as written, the stamp included */
};

/* An address or a size on the command line: 0x (or 0X) and hexadecimal
 * digits, or decimal digits without a leading zero. 1 if read; 0 if not a
 * number (or past 64 bits); -1 for decimal digits after a leading zero,
 * which C and strtoull() read as octal: 010 would be eight. */
static int parse_u64(const char *s, uint64_t *v)
{
    int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = hex ? s + 2 : s;
    if (!*digits)
        return 0;
    for (const char *c = digits; *c; c++)
        if (!(hex ? isxdigit((unsigned char)*c) : isdigit((unsigned char)*c)))
            return 0;
    if (!hex && s[0] == '0' && s[1])
        return -1;
    errno = 0;
    unsigned long long n = strtoull(digits, NULL, hex ? 16 : 10);
    if (errno)
        return 0;
    *v = n;
    return 1;
}

/* Option opt's value val as a number into *v; else prints the usage error
 * (what: what was expected) and returns 0. */
static int number_arg(const char *opt, const char *val, const char *what, uint64_t *v)
{
    int r = parse_u64(val, v);
    if (r < 0) {
        const char *d = val;
        while (d[0] == '0' && d[1])
            d++;
        tool_usage_error("%s '%s': a leading zero does not make '%s' octal here: write 0x%s "
                         "for hex or %s for decimal", opt, val, val, d, d);
    } else if (r == 0) {
        tool_usage_error("%s '%s': expected %s", opt, val, what);
    }
    return r > 0;
}

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

static void render_report(FILE *f, const struct opts *op, const struct aotx_module *m,
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
    json_u64(&j, "image_size", op->image_size);
    json_u64(&j, "literal_address", img->literal_address);
    json_u64(&j, "literal_pad", img->literal_pad);
    json_u64(&j, "code_address", img->code_address);
    json_u64(&j, "code_align", op->xo.code_align ? op->xo.code_align : AOTX_XIP_CODE_ALIGN);
    json_u64(&j, "code_size", img->code_size);
    json_u64(&j, "relocations", img->relocations);
    json_bool(&j, "verified", img->verified);

    json_arr(&j, "functions");
    for (uint32_t i = 0; i < img->func_count; i++) {
        json_obj(&j, NULL);
        json_u64(&j, "index", i);
        json_u64(&j, "address", img->func_addresses[i]);
        json_obj_end(&j);
    }
    json_arr_end(&j);

    json_obj(&j, "exports");
    for (uint32_t i = 0; i < m->export_count; i++) {
        int64_t fi = export_func(m, &m->exports[i]);
        if (fi >= 0)
            json_u64(&j, m->exports[i].name, img->func_addresses[fi]);
    }
    json_obj_end(&j);

    json_arr(&j, "symbols");
    for (uint32_t i = 0; i < img->symbol_count; i++) {
        const struct aotx_xip_symbol *s = &img->symbols[i];
        json_obj(&j, NULL);
        json_str(&j, "name", s->name);
        json_str(&j, "class", class_word(s->cls));
        json_u64(&j, "value", s->value);
        json_str(&j, "origin", s->origin);
        if (s->cls == AOTX_SYM_NATIVE && (!strcmp(aotx_arch_name(m), "thumb") ||
                                          !strcmp(aotx_arch_name(m), "arm"))) {
            json_bool(&j, "thumb", s->thumb);
            json_bool(&j, "isa_assumed", s->isa_assumed);
        }
        json_u64(&j, "uses", s->uses);
        json_obj_end(&j);
    }
    json_arr_end(&j);

    json_arr(&j, "veneers");
    for (uint32_t i = 0; i < img->veneer_count; i++) {
        const struct aotx_xip_veneer *v = &img->veneers[i];
        json_obj(&j, NULL);
        json_str(&j, "target_name", v->target_name);
        json_u64(&j, "target", v->target);
        json_u64(&j, "address", v->address);
        json_u64(&j, "size", v->size);
        json_u64(&j, "callers", v->callers);
        json_obj_end(&j);
    }
    json_arr_end(&j);

    json_arr(&j, "got");
    for (uint32_t i = 0; i < img->got_count; i++) {
        json_obj(&j, NULL);
        json_str(&j, "name", img->got[i].name);
        json_u64(&j, "address", img->got[i].address);
        json_obj_end(&j);
    }
    json_arr_end(&j);

    json_arr(&j, "data");
    for (uint32_t i = 0; i < img->placement_count; i++) {
        const struct aotx_xip_placement *p = &img->placements[i];
        json_obj(&j, NULL);
        json_str(&j, "name", p->name);
        json_u64(&j, "address", p->address);
        json_u64(&j, "size", p->size);
        json_u64(&j, "align", p->align);
        json_obj_end(&j);
    }
    json_arr_end(&j);

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

static void render_map(FILE *f, const struct opts *op, const struct aotx_module *m,
                       const struct aotx_xip_image *img)
{
    fprintf(f, "aot-xip map: %s -> %s\n", op->in, op->out);
    fprintf(f, "target %s, base 0x%08" PRIx64 ", image %zu bytes (flash 0x%08" PRIx64
               "..0x%08" PRIx64 ")\n\n", aotx_arch_name(m), img->base, op->image_size, img->base,
            img->base + op->image_size);
    fprintf(f, "literal  0x%08" PRIx64 "  %u bytes (%u of padding to align the code)\n",
            img->literal_address, m->literal_size + img->literal_pad, img->literal_pad);
    fprintf(f, "code     0x%08" PRIx64 "  %u bytes\n", img->code_address, img->code_size);
    for (uint32_t i = 0; i < img->veneer_count; i++)
        fprintf(f, "veneer   0x%08" PRIx64 "  %u bytes  -> %s 0x%08" PRIx64 " (%u calls)\n",
                img->veneers[i].address, img->veneers[i].size, img->veneers[i].target_name,
                img->veneers[i].target, img->veneers[i].callers);
    for (uint32_t i = 0; i < img->got_count; i++)
        fprintf(f, "got      0x%08" PRIx64 "  slot for %s\n", img->got[i].address,
                img->got[i].name);
    for (uint32_t i = 0; i < img->placement_count; i++)
        fprintf(f, "data     0x%08" PRIx64 "  %u bytes  %s (aligned %u)\n",
                img->placements[i].address, img->placements[i].size, img->placements[i].name,
                img->placements[i].align);

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
        fprintf(f, "  0x%08" PRIx64 "  %-36s %-8s %5u uses  from %s%s\n", s->value, s->name,
                class_word(s->cls), s->uses, s->origin,
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

/* Letters, digits, '_' (and '.' for a section name), not starting with a digit. */
static int c_identifier_ok(const char *s, int dots)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || (dots && *s == '.')))
            return 0;
    return 1;
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

/* The stale-map guard (stamp.h) for img: the natives it resolved. */
static enum aotx_err make_stamp(const struct aotx_module *m, uint64_t input_hash,
                                const struct aotx_xip_image *img, struct stamp *st,
                                struct aotx_diag *d)
{
    memset(st, 0, sizeof *st);
    st->natives = calloc(img->symbol_count + 1, sizeof *st->natives);
    if (!st->natives) {
        snprintf(d->msg, sizeof d->msg, "out of memory");
        return d->code = AOTX_E_NOMEM;
    }
    st->flags = img->arm_profile ? STAMP_THUMB_BIT : 0; /* ARM and Thumb targets */
    st->base = img->base;
    st->input_size = m->file_size;
    st->input_hash = input_hash;
    for (uint32_t i = 0; i < img->symbol_count; i++)
        if (img->symbols[i].cls == AOTX_SYM_NATIVE) {
            st->natives[st->count].name = (char *)img->symbols[i].name;
            st->natives[st->count++].value = img->symbols[i].value;
        }
    return AOTX_OK;
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

/* "-" for an output: standard output. */
static int is_dash(const char *path)
{
    return path && strcmp(path, "-") == 0;
}

/* What the options say together, once all are read; 0, or EXIT_USAGE
 * (printed). A region is left as [base, region_end). */
static int check_args(struct opts *op)
{
    if (op->format == OUTFMT_C && is_dash(op->out)) {
        tool_usage_error("-O c writes two files (OUT and its header): it cannot write to "
                         "standard output (-o -)");
        return EXIT_USAGE;
    }
    if (op->have_region_size && op->have_region_end) {
        tool_usage_error("--region-size and --region-end both give the region's end: give one");
        return EXIT_USAGE;
    }
    if (op->have_region_size) {
        if (op->region_size == 0 || op->region_size > UINT64_MAX - op->base) {
            tool_usage_error("--region-size 0x%" PRIx64 ": from --base 0x%08" PRIx64 ", the "
                             "region would be empty or pass the end of the address space",
                             op->region_size, op->base);
            return EXIT_USAGE;
        }
        op->region_end = op->base + op->region_size;
        op->have_region_end = 1;
    } else if (op->have_region_end && op->region_end <= op->base) {
        tool_usage_error("--region-end 0x%08" PRIx64 " is not above --base 0x%08" PRIx64
                         ": the region would be empty", op->region_end, op->base);
        return EXIT_USAGE;
    }
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

/* The --symbols maps, in order; 0, or -1 (printed). */
static int load_maps(const struct opts *op, struct aotx_symmap *syms)
{
    struct aotx_diag d = {0};
    for (int k = 0; k < op->nmaps; k++)
        if (aotx_symmap_load_file(syms, op->maps[k].path, op->maps[k].fmt, &d) != AOTX_OK) {
            tool_error(NULL, &d);
            return -1;
        }
    return 0;
}

/* 1 if an image of size bytes at the base fits the region (or none was
 * given); else says by how much it does not, as ld does. */
static int region_fits(const struct opts *op, uint64_t size)
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
static void print_region(FILE *f, const struct opts *op)
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

int cmd_rewrite(int argc, char **argv)
{
    struct opts op = {0};
    struct aotx_diag d = {0};
    struct aotx_symmap *syms = aotx_symmap_new();
    enum aotx_symmap_format fmt = AOTX_SYMMAP_AUTO;
    int rc = EXIT_USAGE;
    struct tool_input in = {0};
    struct aotx_module *m = NULL;
    struct aotx_xip_image *img = NULL;
    char *map = NULL, *report = NULL, *c_header = NULL, *c_name = NULL;
    struct outfmt_file files[2] = {{0}};
    int nfiles = 0;
    size_t map_size = 0, report_size = 0;
    uint8_t *tail = NULL; /* the stamp, after the image */
    size_t tail_size = 0;
    struct aotx_out outs[4] = {{0}};
    int nouts = 0;

    op.maps = calloc((size_t)argc, sizeof *op.maps);
    if (!syms || !op.maps) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        aotx_symmap_free(syms);
        free(op.maps);
        return EXIT_INPUT;
    }
    /* --defsym and --symbols-format are taken in order; the maps are loaded
     * once the outputs are known not to write over them */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--base") || !strcmp(a, "--symbols") || !strcmp(a, "-o") ||
                    !strcmp(a, "--symbols-format") || !strcmp(a, "--defsym") ||
                    !strcmp(a, "--map") || !strcmp(a, "--report") || !strcmp(a, "--page-size") ||
                    !strcmp(a, "--assume-readonly") || !strcmp(a, "-O") ||
                    !strcmp(a, "--load-address") || !strcmp(a, "--section") ||
                    !strcmp(a, "--region-size") || !strcmp(a, "--region-end") ||
                    !strcmp(a, "--assume-isa") || !strcmp(a, "--arm-profile") ||
                    !strcmp(a, "--code-align");
        if (takes && !val) {
            tool_usage_error("option '%s' needs a value", a);
            goto out;
        }
        if (!strcmp(a, "--base")) {
            if (!number_arg(a, val, "an address (0x08040000 or decimal)", &op.base))
                goto out;
            op.have_base = 1;
        } else if (!strcmp(a, "--load-address")) {
            if (!number_arg(a, val, "an address (0x08040000 or decimal)", &op.load))
                goto out;
            op.have_load = 1;
        } else if (!strcmp(a, "--region-size")) {
            if (!number_arg(a, val, "a size in bytes (0x40000 or 262144)", &op.region_size))
                goto out;
            op.have_region_size = 1;
        } else if (!strcmp(a, "--region-end")) {
            if (!number_arg(a, val, "an address (0x08080000 or decimal)", &op.region_end))
                goto out;
            op.have_region_end = 1;
        } else if (!strcmp(a, "--fatal-warnings")) {
            op.fatal_warnings = 1;
        } else if (!strcmp(a, "-O")) {
            if (!outfmt_parse(val, &op.format)) {
                tool_usage_error("-O '%s': expected aot, binary, ihex, srec, elf or c", val);
                goto out;
            }
        } else if (!strcmp(a, "--section")) {
            if (!c_identifier_ok(val, 1)) {
                tool_usage_error("--section '%s': expected a section name of letters, digits, "
                                 "'_' and '.'", val);
                goto out;
            }
            op.section = val;
        } else if (!strcmp(a, "--symbols")) {
            op.maps[op.nmaps++] = (struct map_arg){val, fmt};
        } else if (!strcmp(a, "--symbols-format")) {
            if (aotx_symmap_parse_format(val, &fmt, &d) != AOTX_OK) {
                tool_usage_error("%s", d.msg);
                goto out;
            }
        } else if (!strcmp(a, "--defsym")) {
            if (aotx_symmap_defsym(syms, val, &d) != AOTX_OK) {
                tool_usage_error("%s", d.msg);
                goto out;
            }
        } else if (!strcmp(a, "-o")) {
            op.out = val;
        } else if (!strcmp(a, "--map")) {
            op.map = val;
        } else if (!strcmp(a, "--report")) {
            op.report = val;
        } else if (!strcmp(a, "--page-size")) {
            uint64_t ps;
            if (!number_arg(a, val, "a power of two", &ps))
                goto out;
            if (ps == 0 || ps > (1u << 30) || (ps & (ps - 1))) {
                tool_usage_error("--page-size '%s': expected a power of two", val);
                goto out;
            }
            op.xo.page_size = (uint32_t)ps;
        } else if (!strcmp(a, "--code-align")) {
            uint64_t n;
            if (!number_arg(a, val, "a power of two from 16 to 4096", &n))
                goto out;
            if (n < 16 || n > 4096 || (n & (n - 1))) {
                tool_usage_error("--code-align '%s': expected a power of two from 16 to 4096",
                                 val);
                goto out;
            }
            op.xo.code_align = (uint32_t)n;
        } else if (!strcmp(a, "--assume-readonly")) {
            if (op.xo.assume_readonly_count == sizeof op.readonly / sizeof op.readonly[0]) {
                tool_usage_error("too many --assume-readonly sections");
                goto out;
            }
            op.readonly[op.xo.assume_readonly_count++] = val;
            op.xo.assume_readonly = op.readonly;
        } else if (!strcmp(a, "--assume-isa")) {
            if (strcmp(val, "arm") != 0 && strcmp(val, "thumb") != 0) {
                tool_usage_error("--assume-isa '%s': expected arm or thumb", val);
                goto out;
            }
            op.xo.assume_isa = !strcmp(val, "arm") ? AOTX_ISA_ARM : AOTX_ISA_THUMB;
        } else if (!strcmp(a, "--arm-profile")) {
            if (strcmp(val, "a") != 0 && strcmp(val, "r") != 0 && strcmp(val, "m") != 0) {
                tool_usage_error("--arm-profile '%s': expected a, r or m", val);
                goto out;
            }
            op.xo.arm_profile = val[0];
        } else if (!strcmp(a, "--verify")) {
            op.xo.no_verify = 0;
        } else if (!strcmp(a, "--no-stamp")) {
            op.no_stamp = 1;
        } else if (!strcmp(a, "--no-verify")) {
            op.xo.no_verify = 1;
        } else if (a[0] == '-' && a[1]) {
            tool_usage_error("unknown option '%s'", a);
            goto out;
        } else if (op.in) {
            tool_usage_error("one input file at a time ('%s' and '%s')", op.in, a);
            goto out;
        } else {
            op.in = a;
        }
        if (takes)
            i++;
    }
    if (!op.in || !op.out || !op.have_base) {
        tool_usage_error("%s", !op.in ? "no input file" : !op.out ? "no output file (-o OUT)"
                                                                : "no base address (--base ADDR)");
        goto out;
    }
    if (check_args(&op))
        goto out;
    if (op.format == OUTFMT_C && c_names(op.out, &c_header, &c_name)) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        rc = EXIT_INPUT;
        goto out;
    }
    if ((rc = check_paths(&op, c_header)))
        goto out;
    tool_catch_signals();

    rc = EXIT_INPUT;
    if (load_maps(&op, syms))
        goto out;
    if (!(m = tool_load(op.in, &in)))
        goto out;
    uint64_t input_hash = op.no_stamp ? 0 : stamp_hash64(in.p, in.size);
    op.xo.base = op.base;
    op.xo.symbols = syms;
    if (aotx_xip(m, &op.xo, &img, &d) != AOTX_OK) {
        tool_error(op.in, &d);
        goto out;
    }
    if (!op.no_stamp) {
        struct stamp st;
        if (make_stamp(m, input_hash, img, &st, &d) != AOTX_OK ||
            stamp_tail(img->size, m->layout, &st, &tail, &tail_size, &d) != AOTX_OK) {
            free(st.natives);
            tool_error(op.in, &d);
            goto out;
        }
        free(st.natives);
    }
    if (!region_fits(&op, img->size + tail_size))
        goto out;
    int direct = op.format == OUTFMT_AOT || op.format == OUTFMT_BINARY;
    if (direct) {
        /* the image itself is the file, the stamp after it */
        outs[nouts++] = (struct aotx_out){.path = op.out, .to_stdout = is_dash(op.out),
                                          .p = {img->bytes, tail}, .n = {img->size, tail_size}};
        if (aotx_out_write(outs, 1, &d) != AOTX_OK) {
            nouts = 0;
            tool_error(NULL, &d);
            goto out;
        }
    }
    if (print_warnings(&op, img))
        goto out;
    op.image_size = img->size + tail_size;
    if ((op.map && !(map = render(render_map, &op, m, img, &map_size))) ||
        (op.report && !(report = render(render_report, &op, m, img, &report_size)))) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        goto out;
    }
    if (!direct) {
        /* the image and its stamp in one piece, for the writer to wrap */
        uint8_t *whole = tail_size ? realloc(img->bytes, img->size + tail_size) : img->bytes;
        if (!whole) {
            fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
            goto out;
        }
        if (tail_size)
            memcpy(whole + img->size, tail, tail_size);
        img->bytes = whole;
        img->size += tail_size;
        struct outfmt_in oi = {
            .bytes = img->bytes, .size = img->size, .base = img->base,
            .load = op.have_load ? op.load : img->base,
            .target = {.e_machine = m->target.e_machine, .e_flags = m->target.e_flags,
                       .is64 = !!(m->target.bin_type & AOTX_BIN_64BIT),
                       .be = !!(m->target.bin_type & AOTX_BIN_BIG_ENDIAN)},
            .c_name = c_name,
            .c_header = c_header ? strrchr(c_header, '/') ? strrchr(c_header, '/') + 1 : c_header
                                 : NULL,
            .section = op.section ? op.section : ".aot_xip",
        };
        char ferr[256];
        if (outfmt_render(op.format, &oi, files, &nfiles, ferr, sizeof ferr)) {
            nfiles = 0; /* the writer freed what it had made */
            fprintf(stderr, "%s: error: %s: %s\n", aotx_prog, op.out, ferr);
            goto out;
        }
        outs[nouts++] = (struct aotx_out){.path = op.out, .to_stdout = is_dash(op.out),
                                          .p = {files[0].p}, .n = {files[0].size}};
        if (nfiles == 2)
            outs[nouts++] = (struct aotx_out){.path = c_header, .p = {files[1].p},
                                              .n = {files[1].size}};
    }
    int first = direct; /* the image's file is written already */
    if (op.map)
        outs[nouts++] = (struct aotx_out){.path = op.map, .to_stdout = is_dash(op.map),
                                          .p = {(const uint8_t *)map}, .n = {map_size}};
    if (op.report)
        outs[nouts++] = (struct aotx_out){.path = op.report, .to_stdout = is_dash(op.report),
                                          .p = {(const uint8_t *)report}, .n = {report_size}};
    /* Every output is in a temporary file before any is put in place.
     * SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ (tool_catch_signals)
     * remove them. The input was read whole before any work: a change to
     * its file since cannot reach the outputs. */
    if (aotx_out_write(outs + first, nouts - first, &d) != AOTX_OK) {
        nouts = first;
        tool_error(NULL, &d);
        goto out;
    }
    test_pause();
    if (tool_out_put(outs, nouts, &d) != AOTX_OK) {
        tool_error(NULL, &d);
        goto out;
    }
    if (op.have_region_end)
        print_region(is_dash(op.out) || is_dash(op.map) || is_dash(op.report) ? stderr : stdout,
                     &op);
    rc = 0;
out:
    aotx_out_drop(outs, nouts); /* what is not in place by now is not to be */
    free(tail);
    for (int k = 0; k < nfiles; k++)
        free(files[k].p);
    free(c_header);
    free(c_name);
    free(map);
    free(report);
    aotx_xip_free(img);
    aotx_module_free(m);
    tool_input_free(&in);
    aotx_symmap_free(syms);
    free(op.maps);
    return rc;
}
