/* aot-xip check IMAGE --symbols MAP...: does the firmware still put every
 * native the image was relocated against where the image's stamp says? */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

int cmd_check(int argc, char **argv)
{
    const char *image = NULL, *input = NULL;
    struct aotx_symmap *syms = aotx_symmap_new();
    enum aotx_symmap_format fmt = AOTX_SYMMAP_AUTO;
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    struct tool_input img = {0}, in = {0};
    struct stamp st = {0};
    int rc = EXIT_USAGE, nmaps = 0;
    char *msg = NULL;
    size_t msg_size = 0;
    FILE *f = NULL;

    if (!syms) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--symbols") || !strcmp(a, "--symbols-format") ||
                    !strcmp(a, "--defsym") || !strcmp(a, "--input");
        if (takes && !val) {
            tool_usage_error("option '%s' needs a value", a);
            goto out;
        }
        if (!strcmp(a, "--symbols")) {
            if (aotx_symmap_load_file(syms, val, fmt, &d) != AOTX_OK) {
                tool_error(NULL, &d);
                rc = EXIT_INPUT;
                goto out;
            }
            nmaps++;
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
            nmaps++;
        } else if (!strcmp(a, "--input")) {
            input = val;
        } else if (a[0] == '-' && a[1]) {
            tool_usage_error("check: unknown option '%s'", a);
            goto out;
        } else if (image) {
            tool_usage_error("check: one image at a time ('%s' and '%s')", image, a);
            goto out;
        } else {
            image = a;
        }
        if (takes)
            i++;
    }
    if (!image || !nmaps) {
        tool_usage_error("check: %s", !image ? "no image file"
                                             : "no symbols (--symbols MAP or --defsym)");
        goto out;
    }
    rc = EXIT_INPUT;
    if (!(m = tool_load(image, &img)))
        goto out;
    if (aotx_symmap_check_target(syms, &m->target, &d) != AOTX_OK) {
        tool_error(image, &d);
        goto out;
    }
    int found = stamp_find(m, &st, &d);
    if (found < 0) {
        tool_error(image, &d);
        goto out;
    }
    if (!found) {
        fprintf(stderr, "%s: %s: no aot-xip stamp (not an aot-xip image, or written with "
                        "--no-stamp)\n", aotx_prog, image);
        goto out;
    }
    f = open_memstream(&msg, &msg_size);
    if (!f) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        goto out;
    }
    int changed = 0;
    uint64_t mask = st.flags & STAMP_THUMB_BIT ? ~(uint64_t)1 : ~(uint64_t)0;
    for (uint32_t i = 0; i < st.count; i++) {
        const struct aotx_native *n = aotx_symmap_find(syms, st.natives[i].name);
        if (!n)
            fprintf(f, "%s'%s' (0x%08" PRIx64 ") is not in the symbol maps", changed++ ? "; " : "",
                    st.natives[i].name, st.natives[i].value);
        else if (n->ambiguous)
            fprintf(f, "%s'%s' is ambiguous: %u local symbols of that name in %s",
                    changed++ ? "; " : "", st.natives[i].name, n->ambiguous, n->file);
        else if ((n->value & mask) != (st.natives[i].value & mask))
            fprintf(f, "%s'%s' moved from 0x%08" PRIx64 " to 0x%08" PRIx64,
                    changed++ ? "; " : "", st.natives[i].name, st.natives[i].value & mask,
                    n->value & mask);
    }
    if (input) {
        if (tool_read(input, &in))
            goto out;
        if (in.size != st.input_size || stamp_hash64(in.p, in.size) != st.input_hash)
            fprintf(f, "%s'%s' is not the input the image was made from", changed++ ? "; " : "",
                    input);
    }
    if (fclose(f) != 0) {
        f = NULL;
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        goto out;
    }
    f = NULL;
    if (changed) {
        fprintf(stderr, "%s: %s is stale: %s\n", aotx_prog, image, msg);
        goto out;
    }
    printf("%s: up to date (%u natives match, base 0x%08" PRIx64 ")\n", image, st.count,
           st.base);
    rc = 0;
out:
    if (f)
        fclose(f);
    free(msg);
    stamp_free(&st);
    aotx_module_free(m);
    tool_input_free(&img);
    tool_input_free(&in);
    aotx_symmap_free(syms);
    return rc;
}
