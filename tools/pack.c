/* aot-xip pack --base B [--symbols MAP]... a.aot [NAME=]b.aot ... -o
 * apps.bin: several apps in one partition. The table of contents
 * (docs/pack-format.md) at B, then each app at the next multiple of
 * --align, relocated by the library for its own address and stamped as
 * the rewrite stamps; one map and one report for the partition; every
 * output in place, or none. */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "pack.h"

/* Before any input is read: no output over an input or another output. */
static int pack_prepare(const struct pack *pk)
{
    const struct opts *op = &pk->op;
    struct tool_path outs[3] = {{"-o", op->out, 1}};
    int n = 1, nins = 0;
    if (op->map)
        outs[n++] = (struct tool_path){"--map", op->map, 1};
    if (op->report)
        outs[n++] = (struct tool_path){"--report", op->report, 1};
    struct tool_path *ins = calloc((size_t)(pk->napps + op->nmaps) + 1, sizeof *ins);
    if (!ins) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    for (int k = 0; k < pk->napps; k++)
        ins[nins++] = (struct tool_path){"the input", pk->apps[k].path, 0};
    for (int k = 0; k < op->nmaps; k++)
        ins[nins++] = (struct tool_path){"--symbols", op->maps[k].path, 0};
    int rc = tool_check_outputs(outs, n, ins, nins);
    free(ins);
    if (rc == 0)
        tool_catch_signals();
    return rc;
}

/* App a read, relocated to run at addr, and stamped; 0, or -1 (printed). */
static int make_app(struct pack *pk, struct pack_app *a, uint64_t addr)
{
    struct aotx_diag d = {0};
    struct aotx_xip_options xo = pk->op.xo;
    struct stamp st = {0};
    if (!(a->m = tool_load(a->path, &a->in)))
        return -1;
    xo.base = addr;
    xo.symbols = pk->op.syms;
    int ok = aotx_xip(a->m, &xo, &a->img, &d) == AOTX_OK &&
             make_stamp(a->m, stamp_hash64(a->in.p, a->in.size), a->img, &st, &d) == AOTX_OK &&
             firmware_id(&pk->op, &st, &d) == AOTX_OK &&
             stamp_tail(a->img->size, a->m->layout, &st, &a->tail, &a->tail_size, &d) == AOTX_OK;
    free(st.natives);
    if (!ok) {
        tool_error(a->path, &d);
        return -1;
    }
    for (uint32_t i = 0; i < a->img->warning_count; i++)
        fprintf(stderr, "%s: warning: %s: %s\n", aotx_prog, a->path, a->img->warnings[i]);
    return 0;
}

static uint64_t align_addr(uint64_t v, uint32_t align)
{
    return (v + align - 1) & ~(uint64_t)(align - 1);
}

/* Every app placed after the table, at the next multiple of the alignment
 * (as an address), and made; pk->size the partition's. 0, or -1 (printed). */
static int make_apps(struct pack *pk)
{
    uint64_t base = pk->op.base;
    uint64_t end = base + AOTX_PACK_HEADER_SIZE + (uint64_t)pk->napps * AOTX_PACK_ENTRY_SIZE;
    for (int k = 0; k < pk->napps; k++) {
        struct pack_app *a = &pk->apps[k];
        uint64_t addr = align_addr(end, pk->align);
        if (addr < end || addr - base > UINT32_MAX) {
            fprintf(stderr, "%s: error: %s: app '%s' would start more than 4 GiB after the "
                            "base: a pack's offsets are 32 bits\n", aotx_prog, pk->op.out,
                    a->name);
            return -1;
        }
        if (make_app(pk, a, addr))
            return -1;
        a->offset = (uint32_t)(addr - base);
        a->size = (uint32_t)(a->img->size + a->tail_size);
        end = addr + a->img->size + a->tail_size;
    }
    pk->size = (size_t)(end - base);
    pk->op.image_size = pk->size;
    pk->op.in = pk->op.out; /* region_fits() names the pack by its output */
    return region_fits(&pk->op, pk->size) ? 0 : -1;
}

/* The partition's bytes: the table, each app and its stamp, the gaps 0xff
 * (erased flash). 0, or -1 (printed). */
static int build_pack(struct pack *pk)
{
    if (!(pk->bytes = malloc(pk->size))) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return -1;
    }
    uint8_t *p = pk->bytes;
    memset(p, 0xff, pk->size);
    memset(p, 0, AOTX_PACK_HEADER_SIZE + (size_t)pk->napps * AOTX_PACK_ENTRY_SIZE);
    memcpy(p, AOTX_PACK_MAGIC, 4);
    wr16le(p + 4, AOTX_PACK_VERSION);
    wr16le(p + 6, AOTX_PACK_ENTRY_SIZE);
    wr32le(p + 8, (uint32_t)pk->napps);
    for (int k = 0; k < pk->napps; k++) {
        struct pack_app *a = &pk->apps[k];
        uint8_t *e = p + AOTX_PACK_HEADER_SIZE + (size_t)k * AOTX_PACK_ENTRY_SIZE;
        memcpy(p + a->offset, a->img->bytes, a->img->size);
        memcpy(p + a->offset + a->img->size, a->tail, a->tail_size);
        a->crc = aotx_crc32(0, p + a->offset, a->size);
        memcpy(e, a->name, strlen(a->name));
        wr32le(e + 32, a->offset);
        wr32le(e + 36, a->size);
        wr32le(e + 40, a->crc);
    }
    uint32_t crc = aotx_crc32(0, p, 12);
    wr32le(p + 12, aotx_crc32(crc, p + AOTX_PACK_HEADER_SIZE,
                              (size_t)pk->napps * AOTX_PACK_ENTRY_SIZE));
    return 0;
}

static void add_out(struct pack *pk, const char *path, const void *p, size_t n)
{
    pk->outs[pk->nouts++] = (struct aotx_out){.path = path, .to_stdout = is_dash(path),
                                              .p = {p}, .n = {n}};
}

/* Every output written and put in place, or none; the region's use. */
static int pack_write(struct pack *pk)
{
    struct aotx_diag d = {0};
    const struct opts *op = &pk->op;
    if ((op->map && !(pk->map = pack_render_map(pk, &pk->map_size))) ||
        (op->report && !(pk->report = pack_render_report(pk, &pk->report_size)))) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    add_out(pk, op->out, pk->bytes, pk->size);
    if (op->map)
        add_out(pk, op->map, pk->map, pk->map_size);
    if (op->report)
        add_out(pk, op->report, pk->report, pk->report_size);
    if (aotx_out_write(pk->outs, pk->nouts, &d) != AOTX_OK) {
        pk->nouts = 0;
        tool_error(NULL, &d);
        return EXIT_INPUT;
    }
    if (tool_out_put(pk->outs, pk->nouts, &d) != AOTX_OK) {
        tool_error(NULL, &d);
        return EXIT_INPUT;
    }
    if (op->have_region_end)
        print_region(is_dash(op->out) || is_dash(op->map) || is_dash(op->report) ? stderr
                                                                               : stdout, op);
    return 0;
}

static void pack_free(struct pack *pk)
{
    aotx_out_drop(pk->outs, pk->nouts);
    for (int k = 0; pk->apps && k < pk->napps; k++) {
        struct pack_app *a = &pk->apps[k];
        free(a->tail);
        aotx_xip_free(a->img);
        aotx_module_free(a->m);
        tool_input_free(&a->in);
    }
    free(pk->apps);
    free(pk->bytes);
    free(pk->map);
    free(pk->report);
    aotx_symmap_free(pk->op.syms);
    free(pk->op.maps);
}

int cmd_pack(int argc, char **argv)
{
    struct pack pk = {0};
    int rc;
    if (pack_options(argc, argv, &pk, &rc) && (rc = pack_prepare(&pk)) == 0)
        rc = load_maps(&pk.op) || make_apps(&pk) || build_pack(&pk) ? EXIT_INPUT
                                                                    : pack_write(&pk);
    pack_free(&pk);
    return rc;
}
