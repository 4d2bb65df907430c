/* The XIP rewrite from the command line: its options (rewrite_options.c),
 * the run (rewrite.c), its outputs (rewrite_outputs.c), and the map and
 * report (rewrite_report.c). */
#ifndef AOTX_REWRITE_H
#define AOTX_REWRITE_H

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
    struct aotx_symmap *syms;    /* --defsym's, as they come; the maps' later */
    enum aotx_symmap_format fmt; /* for the --symbols that follow */
    uint64_t base, load, region_size, region_end;
    int have_base, have_load, have_region_size, have_region_end, no_stamp, fatal_warnings;
    enum outfmt format;
    const char *section;
    struct aotx_xip_options xo;
    struct aotx_xip_errors errors; /* xo.errors: --error-limit, and what aotx_xip found */
    size_t image_size; /* as written, the stamp included */
    uint8_t fw_id[STAMP_ID_MAX]; /* --firmware-id, fw_id_len bytes (0: not given) */
    uint32_t fw_id_len;
};

/* One run: what it reads, makes and writes. */
struct run {
    struct opts op;
    struct tool_input in;
    struct aotx_module *m;
    struct aotx_xip_image *img;
    uint8_t *tail; /* the stamp, after the image */
    size_t tail_size;
    char *c_header, *c_name; /* -O c */
    char *map, *report;
    size_t map_size, report_size;
    struct outfmt_file files[2]; /* -O binary, ihex, ...: the image rendered */
    int nfiles;
    struct aotx_out outs[4];
    int nouts;
};

/* The command line into op (argv[0] is the program): 1 to go on; else 0
 * with *status (printed). op->syms and op->maps are the caller's to free,
 * also on failure. */
int rewrite_options(int argc, char **argv, struct opts *op, int *status);

/* --natives-table ADDR: every native through the firmware's table at ADDR
 * (op->xo's natives_table_mode and natives_table); 0, or EXIT_USAGE
 * (printed). */
int take_natives_table(struct opts *op, const char *val);
/* --firmware-id HEX: 1 to STAMP_ID_MAX bytes, two hex digits each (an
 * optional 0x before them), into op->fw_id; 0, or EXIT_USAGE (printed). */
int take_firmware_id(struct opts *op, const char *val);

/* --region-size: the region [base, base + region_size), refused (printed,
 * EXIT_USAGE) if empty or past the end of the address space; else 0. */
int region_of_size(struct opts *op);

/* "-" for an output: standard output. */
int is_dash(const char *path);

/* Before any input is read: the -O c names, no output over an input or
 * another, the signals that remove temporary files caught. 0, or the exit
 * status (printed). */
int rewrite_prepare(struct run *r);
/* 1 if an image of size bytes at the base fits the region (or none was
 * given); else says by how much it does not, as ld does. */
int region_fits(const struct opts *op, uint64_t size);
/* Once the image is made: the warnings, then every output written and put
 * in place, or none. 0, or EXIT_INPUT (printed). */
int rewrite_write(struct run *r);

/* The --symbols maps into op->syms, in order (rewrite.c); 0, or -1
 * (printed). */
int load_maps(const struct opts *op);
/* The stamp (src/stamp.h) of img, made from m (whose file's hash is
 * input_hash): the natives it resolved; st->natives is the caller's to free. */
enum aotx_err make_stamp(const struct aotx_module *m, uint64_t input_hash,
                         const struct aotx_xip_image *img, struct stamp *st,
                         struct aotx_diag *d);
/* The firmware's identity into st: --firmware-id, or the GNU build id of
 * the ELF maps, which must all agree with it and with each other. */
enum aotx_err firmware_id(const struct opts *op, struct stamp *st, struct aotx_diag *d);
struct json;
/* The "functions" and "exports" of img, into j (rewrite_report.c). */
void report_functions(struct json *j, const struct aotx_module *m,
                      const struct aotx_xip_image *img);
/* The region's use, as ld --print-memory-usage, for op->image_size bytes. */
void print_region(FILE *f, const struct opts *op);

/* The map and the report of the image, in a new buffer; NULL if out of
 * memory. */
char *render_map(const struct opts *op, const struct aotx_module *m,
                 const struct aotx_xip_image *img, size_t *size);
char *render_report(const struct opts *op, const struct aotx_module *m,
                    const struct aotx_xip_image *img, size_t *size);
/* The functions as symbols for -O elf, by address: each one's first export
 * name (or none: aot_func#N), its entry, its size to the next function's
 * entry (the last: to the end of the code). img->func_count of them, in a
 * new array; NULL if out of memory. */
struct outfmt_sym *function_syms(const struct aotx_module *m, const struct aotx_xip_image *img);

#endif
