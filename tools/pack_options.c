/* aot-xip pack's options: --base, --region-size, --align, the symbol maps,
 * --firmware-id and --natives-table as for the rewrite, -o, --map,
 * --report; each operand [NAME=]FILE an app, named after its file (without
 * .aot) unless NAME= says. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

enum {
    P_BASE, P_REGION_SIZE, P_ALIGN, P_SYMBOLS, P_SYMBOLS_FORMAT, P_DEFSYM,
    P_OUT, P_MAP, P_REPORT, P_FIRMWARE_ID, P_NATIVES_TABLE,
};

static const struct tool_opt pack_opts[] = {
    {"--base", P_BASE, 1},
    {"--region-size", P_REGION_SIZE, 1},
    {"--align", P_ALIGN, 1},
    {"--symbols", P_SYMBOLS, 1},
    {"--symbols-format", P_SYMBOLS_FORMAT, 1},
    {"--defsym", P_DEFSYM, 1},
    {"-o", P_OUT, 1},
    {"--map", P_MAP, 1},
    {"--report", P_REPORT, 1},
    {"--firmware-id", P_FIRMWARE_ID, 1},
    {"--natives-table", P_NATIVES_TABLE, 1},
    {NULL, 0, 0},
};

/* 1 to 31 letters, digits, '_', '-' or '.'. */
static int name_ok(const char *s, size_t n)
{
    if (n == 0 || n >= AOTX_PACK_NAME_SIZE)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
            return 0;
    return 1;
}

/* An operand: NAME=FILE, or FILE named after its base name without .aot. */
static int take_app(struct pack *pk, const char *val)
{
    struct pack_app *a = &pk->apps[pk->napps];
    const char *eq = strchr(val, '='), *name = val;
    size_t n;
    if (eq) {
        n = (size_t)(eq - val);
        a->path = eq + 1;
    } else {
        const char *slash = strrchr(val, '/');
        name = slash ? slash + 1 : val;
        n = strlen(name);
        if (n > 4 && !strcmp(name + n - 4, ".aot"))
            n -= 4;
        a->path = val;
    }
    if (!name_ok(name, n)) {
        tool_usage_error("pack: app name '%.*s' (of '%s'): expected 1 to 31 letters, digits, "
                         "'_', '-' or '.'; name it with NAME=FILE", (int)n, name, a->path);
        return EXIT_USAGE;
    }
    memcpy(a->name, name, n);
    for (int k = 0; k < pk->napps; k++)
        if (!strcmp(pk->apps[k].name, a->name)) {
            tool_usage_error("pack: two apps named '%s' ('%s' and '%s'): name one of them "
                             "with NAME=FILE", a->name, pk->apps[k].path, a->path);
            return EXIT_USAGE;
        }
    pk->napps++;
    return 0;
}

static int take_number(struct pack *pk, int id, const char *name, const char *val)
{
    struct opts *op = &pk->op;
    switch (id) {
    case P_BASE:
        op->have_base = 1;
        return tool_number(name, val, "an address (0x08040000 or decimal)", &op->base)
                   ? 0 : EXIT_USAGE;
    case P_REGION_SIZE:
        op->have_region_size = 1;
        return tool_number(name, val, "a size in bytes (0x40000 or 262144)", &op->region_size)
                   ? 0 : EXIT_USAGE;
    default: /* P_ALIGN */
        return tool_power_of_two(name, val, 16, 65536, "a power of two from 16 to 65536",
                                 &pk->align);
    }
}

static int take(void *ctx, const struct tool_opt *o, const char *val)
{
    struct pack *pk = ctx;
    struct opts *op = &pk->op;
    if (!o)
        return take_app(pk, val);
    switch (o->id) {
    case P_SYMBOLS: op->maps[op->nmaps++] = (struct map_arg){val, op->fmt}; return 0;
    case P_SYMBOLS_FORMAT: return tool_symbols_format(val, &op->fmt);
    case P_DEFSYM: return tool_defsym(op->syms, val);
    case P_OUT: op->out = val; return 0;
    case P_MAP: op->map = val; return 0;
    case P_REPORT: op->report = val; return 0;
    case P_FIRMWARE_ID: return take_firmware_id(op, val);
    case P_NATIVES_TABLE: return take_natives_table(op, val);
    default: return take_number(pk, o->id, o->name, val);
    }
}

/* What the options say together; 0, or EXIT_USAGE (printed). */
static int check_args(struct pack *pk)
{
    struct opts *op = &pk->op;
    if (!pk->napps || !op->out || !op->have_base) {
        tool_usage_error("pack: %s", !pk->napps ? "no input files"
                                     : !op->out ? "no output file (-o OUT)"
                                                : "no base address (--base ADDR)");
        return EXIT_USAGE;
    }
    return op->have_region_size ? region_of_size(op) : 0;
}

int pack_options(int argc, char **argv, struct pack *pk, int *status)
{
    static const struct tool_cmd cmd = {"pack", "pack: ", pack_opts, take};
    pk->align = PACK_ALIGN;
    pk->op.syms = aotx_symmap_new();
    pk->op.maps = calloc((size_t)argc, sizeof *pk->op.maps);
    pk->apps = calloc((size_t)argc, sizeof *pk->apps);
    if (!pk->op.syms || !pk->op.maps || !pk->apps) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        *status = EXIT_INPUT;
        return 0;
    }
    if (!tool_parse(&cmd, argc, argv, pk, status))
        return 0;
    *status = check_args(pk);
    return *status == 0;
}
