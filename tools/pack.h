/* aot-xip pack: several XIP images in one partition, a table of contents
 * (docs/pack-format.md, include/aot_xip/xip_pack.h) at the base, each
 * image at an aligned offset after it, relocated for its own address. The
 * options (pack_options.c), the run (pack.c), the map and report
 * (pack_report.c). */
#ifndef AOTX_PACK_H
#define AOTX_PACK_H

#include "aot_xip/xip_pack.h"
#include "rewrite.h"

/* The default alignment of each app: the rewrite's code alignment, a cache
 * and flash-accelerator line. */
#define PACK_ALIGN 64

struct pack_app {
    char name[AOTX_PACK_NAME_SIZE];
    const char *path;
    struct tool_input in;
    struct aotx_module *m;
    struct aotx_xip_image *img;
    uint8_t *tail; /* the stamp, after the image */
    size_t tail_size;
    uint32_t offset, size, crc; /* from the base; the image with its stamp */
};

struct pack {
    struct opts op; /* the rewrite's: base, maps, outputs, region, xo */
    uint32_t align;
    struct pack_app *apps;
    int napps;
    uint8_t *bytes; /* the whole partition */
    size_t size;
    char *map, *report;
    size_t map_size, report_size;
    struct aotx_out outs[3];
    int nouts;
};

/* The command line into pk (argv[0] is "pack"): 1 to go on; else 0 with
 * *status (printed). pk->op.syms, pk->op.maps and pk->apps are the
 * caller's to free, also on failure. */
int pack_options(int argc, char **argv, struct pack *pk, int *status);

/* The partition's map and report, in a new buffer; NULL if out of memory. */
char *pack_render_map(const struct pack *pk, size_t *size);
char *pack_render_report(const struct pack *pk, size_t *size);

#endif
