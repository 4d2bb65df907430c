/* aot-xip IN --base ADDR [--symbols FILE]... -o OUT: the XIP rewrite from
 * the command line, with its human map and JSON report. In turn: the
 * options (rewrite_options.c), the outputs checked (rewrite_outputs.c),
 * the maps and the input read, the image made and stamped, the outputs
 * written and put in place. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "aot_xip/crc32.h"
#include "rewrite.h"

/* The --symbols maps, in order; 0, or -1 (printed). */
int load_maps(const struct opts *op)
{
    struct aotx_diag d = {0};
    for (int k = 0; k < op->nmaps; k++)
        if (aotx_symmap_load_file(op->syms, op->maps[k].path, op->maps[k].fmt, &d) !=
            AOTX_OK) {
            tool_error(NULL, &d);
            return -1;
        }
    return 0;
}

/* The stale-map guard (src/stamp.h) for img: the natives it resolved. */
enum aotx_err make_stamp(const struct aotx_module *m, uint64_t input_hash,
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
    st->image_crc = aotx_crc32(0, img->bytes, img->size);
    st->natives_abi = img->natives_abi;
    st->natives_table = img->natives_table;
    /* a natives-table image holds no native's address (its natives are
     * its own veneers): nothing for check to compare */
    for (uint32_t i = 0; i < img->symbol_count && !img->natives_abi; i++)
        if (img->symbols[i].cls == AOTX_SYM_NATIVE) {
            st->natives[st->count].name = (char *)img->symbols[i].name;
            st->natives[st->count++].value = img->symbols[i].value;
        }
    return AOTX_OK;
}

enum aotx_err firmware_id(const struct opts *op, struct stamp *st, struct aotx_diag *d)
{
    const char *from = "--firmware-id";
    memcpy(st->id, op->fw_id, st->id_len = op->fw_id_len);
    for (size_t i = 0; i < aotx_symmap_source_count(op->syms); i++) {
        const uint8_t *id;
        size_t n = aotx_symmap_build_id(op->syms, i, &id);
        const char *file = aotx_symmap_source(op->syms, i)->file;
        char a[2 * STAMP_ID_MAX + 1], b[2 * STAMP_ID_MAX + 1];
        if (n > STAMP_ID_MAX)
            return aotx_fail(d, AOTX_E_UNSUPPORTED, "%s: its build id is longer than %u "
                             "bytes: give the firmware's identity with --firmware-id",
                             file, STAMP_ID_MAX);
        if (!n || (n == st->id_len && !memcmp(id, st->id, n)))
            continue;
        if (st->id_len)
            return aotx_fail(d, AOTX_E_USAGE, "%s has build id %s, but %s says %s: an image "
                             "is made for one firmware", file, stamp_hex(a, id, n), from,
                             stamp_hex(b, st->id, st->id_len));
        memcpy(st->id, id, st->id_len = (uint32_t)n);
        from = file;
    }
    return AOTX_OK;
}

/* The stamp's bytes, to follow the image: r->tail. 0, or -1 (printed). */
static int add_stamp(struct run *r)
{
    struct aotx_diag d = {0};
    struct stamp st;
    uint64_t input_hash = stamp_hash64(r->in.p, r->in.size);
    int ok = make_stamp(r->m, input_hash, r->img, &st, &d) == AOTX_OK &&
             firmware_id(&r->op, &st, &d) == AOTX_OK &&
             stamp_tail(r->img->size, r->m->layout, &st, &r->tail, &r->tail_size, &d) == AOTX_OK;
    free(st.natives);
    if (!ok)
        tool_error(r->op.in, &d);
    return ok ? 0 : -1;
}

/* What aotx_xip refused: every error it kept, one "aot-xip: error:" line
 * each (an undefined symbol's places on lines of their own after it), then
 * ld.lld's line where --error-limit cut them; else d's one error. */
static void xip_errors(const struct opts *op, const struct aotx_diag *d)
{
    const struct aotx_xip_errors *e = &op->errors;
    if (!e->count || d->code == AOTX_E_NOMEM) {
        tool_error(op->in, d);
        return;
    }
    for (uint32_t i = 0; i < e->count; i++)
        fprintf(stderr, "%s: error: %s: %s\n", aotx_prog, op->in, e->lines[i]);
    if (e->total > e->count)
        fprintf(stderr, "%s: error: too many errors emitted, stopping now (use "
                "--error-limit=0 to see all errors)\n", aotx_prog);
}

/* The maps and the input read, the image made and stamped, and found to
 * fit its region; 0, or -1 (printed). */
static int make_image(struct run *r)
{
    struct aotx_diag d = {0};
    if (load_maps(&r->op) || !(r->m = tool_load(r->op.in, &r->in)))
        return -1;
    r->op.xo.base = r->op.base;
    r->op.xo.symbols = r->op.syms;
    if (aotx_xip(r->m, &r->op.xo, &r->img, &d) != AOTX_OK) {
        xip_errors(&r->op, &d);
        return -1;
    }
    if (!r->op.no_stamp && add_stamp(r))
        return -1;
    return region_fits(&r->op, r->img->size + r->tail_size) ? 0 : -1;
}

static void run_free(struct run *r)
{
    aotx_out_drop(r->outs, r->nouts); /* what is not in place by now is not to be */
    free(r->tail);
    for (int k = 0; k < r->nfiles; k++)
        free(r->files[k].p);
    free(r->c_header);
    free(r->c_name);
    free(r->map);
    free(r->report);
    aotx_xip_free(r->img);
    aotx_module_free(r->m);
    tool_input_free(&r->in);
    aotx_symmap_free(r->op.syms);
    aotx_xip_errors_free(&r->op.errors);
    free(r->op.maps);
}

int cmd_rewrite(int argc, char **argv)
{
    struct run r = {0};
    int rc;
    if (rewrite_options(argc, argv, &r.op, &rc) && (rc = rewrite_prepare(&r)) == 0)
        rc = make_image(&r) ? EXIT_INPUT : rewrite_write(&r);
    run_free(&r);
    return rc;
}
