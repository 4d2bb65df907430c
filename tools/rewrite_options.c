/* The rewrite's options, taken in the order given: --symbols-format
 * applies to the --symbols after it, --defsym is read where it stands, and
 * a later value of an option replaces an earlier one (--assume-readonly
 * adds one). */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"

enum {
    O_BASE, O_DATA_BASE, O_LOAD, O_REGION_SIZE, O_REGION_END, O_PAGE_SIZE, /* numbers */
    O_CODE_ALIGN, O_NATIVES_TABLE,
    O_SYMBOLS, O_SYMBOLS_FORMAT, O_DEFSYM,
    O_OUT, O_MAP, O_REPORT, O_FORMAT, O_SECTION,
    O_ASSUME_READONLY, O_ASSUME_ISA, O_ARM_PROFILE,
    O_FATAL_WARNINGS, O_VERIFY, O_NO_VERIFY, O_NO_STAMP, O_FIRMWARE_ID, O_ERROR_LIMIT,
};

static const struct tool_opt rewrite_opts[] = {
    {"--base", O_BASE, 1},
    {"--data-base", O_DATA_BASE, 1},
    {"--load-address", O_LOAD, 1},
    {"--region-size", O_REGION_SIZE, 1},
    {"--region-end", O_REGION_END, 1},
    {"--page-size", O_PAGE_SIZE, 1},
    {"--code-align", O_CODE_ALIGN, 1},
    {"--natives-table", O_NATIVES_TABLE, 1},
    {"--symbols", O_SYMBOLS, 1},
    {"--symbols-format", O_SYMBOLS_FORMAT, 1},
    {"--defsym", O_DEFSYM, 1},
    {"-o", O_OUT, 1},
    {"--map", O_MAP, 1},
    {"--report", O_REPORT, 1},
    {"-O", O_FORMAT, 1},
    {"--section", O_SECTION, 1},
    {"--assume-readonly", O_ASSUME_READONLY, 1},
    {"--assume-isa", O_ASSUME_ISA, 1},
    {"--arm-profile", O_ARM_PROFILE, 1},
    {"--fatal-warnings", O_FATAL_WARNINGS, 0},
    {"--verify", O_VERIFY, 0},
    {"--no-verify", O_NO_VERIFY, 0},
    {"--no-stamp", O_NO_STAMP, 0},
    {"--firmware-id", O_FIRMWARE_ID, 1},
    {"--error-limit", O_ERROR_LIMIT, 1},
    {NULL, 0, 0},
};

static int take_number(struct opts *op, int id, const char *name, const char *val)
{
    static const char *const address = "an address (0x08040000 or decimal)";
    switch (id) {
    case O_BASE:
        op->have_base = 1;
        return tool_number(name, val, address, &op->base) ? 0 : EXIT_USAGE;
    case O_DATA_BASE:
        return tool_number(name, val, address, &op->xo.data_base) ? 0 : EXIT_USAGE;
    case O_LOAD:
        op->have_load = 1;
        return tool_number(name, val, address, &op->load) ? 0 : EXIT_USAGE;
    case O_REGION_SIZE:
        op->have_region_size = 1;
        return tool_number(name, val, "a size in bytes (0x40000 or 262144)", &op->region_size)
                   ? 0 : EXIT_USAGE;
    case O_REGION_END:
        op->have_region_end = 1;
        return tool_number(name, val, "an address (0x08080000 or decimal)", &op->region_end)
                   ? 0 : EXIT_USAGE;
    case O_NATIVES_TABLE:
        return take_natives_table(op, val);
    case O_PAGE_SIZE:
        return tool_power_of_two(name, val, 1, (uint64_t)1 << 30, "a power of two",
                            &op->xo.page_size);
    default: /* O_CODE_ALIGN */
        return tool_power_of_two(name, val, 16, 4096, "a power of two from 16 to 4096",
                            &op->xo.code_align);
    }
}

/* Letters, digits, '_' and '.', not starting with a digit. */
static int section_name_ok(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

static int take_output(struct opts *op, int id, const char *val)
{
    switch (id) {
    case O_OUT: op->out = val; return 0;
    case O_MAP: op->map = val; return 0;
    case O_REPORT: op->report = val; return 0;
    case O_FORMAT:
        if (outfmt_parse(val, &op->format))
            return 0;
        tool_usage_error("-O '%s': expected aot, binary, ihex, srec, elf or c", val);
        return EXIT_USAGE;
    default: /* O_SECTION */
        if (section_name_ok(val)) {
            op->section = val;
            return 0;
        }
        tool_usage_error("--section '%s': expected a section name of letters, digits, '_' "
                         "and '.'", val);
        return EXIT_USAGE;
    }
}

static int take_assumption(struct opts *op, int id, const char *val)
{
    size_t cap = sizeof op->readonly / sizeof op->readonly[0];
    switch (id) {
    case O_ASSUME_READONLY:
        if (op->xo.assume_readonly_count == cap) {
            tool_usage_error("too many --assume-readonly sections");
            return EXIT_USAGE;
        }
        op->readonly[op->xo.assume_readonly_count++] = val;
        op->xo.assume_readonly = op->readonly;
        return 0;
    case O_ASSUME_ISA:
        if (strcmp(val, "arm") != 0 && strcmp(val, "thumb") != 0) {
            tool_usage_error("--assume-isa '%s': expected arm or thumb", val);
            return EXIT_USAGE;
        }
        op->xo.assume_isa = !strcmp(val, "arm") ? AOTX_ISA_ARM : AOTX_ISA_THUMB;
        return 0;
    default: /* O_ARM_PROFILE */
        if (strcmp(val, "a") != 0 && strcmp(val, "r") != 0 && strcmp(val, "m") != 0) {
            tool_usage_error("--arm-profile '%s': expected a, r or m", val);
            return EXIT_USAGE;
        }
        op->xo.arm_profile = val[0];
        return 0;
    }
}

int take_natives_table(struct opts *op, const char *val)
{
    op->xo.natives_table_mode = 1;
    return tool_number("--natives-table", val, "an address (0x08040000 or decimal)",
                       &op->xo.natives_table) ? 0 : EXIT_USAGE;
}

int take_firmware_id(struct opts *op, const char *val)
{
    const char *h = !strncmp(val, "0x", 2) || !strncmp(val, "0X", 2) ? val + 2 : val;
    size_t n = strlen(h);
    int ok = n && n % 2 == 0 && n / 2 <= STAMP_ID_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = isxdigit((unsigned char)h[i]);
    if (!ok) {
        tool_usage_error("--firmware-id '%s': expected 1 to %u bytes in hex (a GNU build id, "
                         "as `readelf -n` prints it)", val, STAMP_ID_MAX);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n / 2; i++) {
        char byte[3] = {h[2 * i], h[2 * i + 1], 0};
        op->fw_id[i] = (uint8_t)strtoul(byte, NULL, 16);
    }
    op->fw_id_len = (uint32_t)(n / 2);
    return 0;
}

/* --error-limit N: how many errors to print, 0 for all. */
static int error_limit(struct opts *op, const char *name, const char *val)
{
    uint64_t n;
    if (!tool_number(name, val, "a number of errors (0 for all)", &n))
        return EXIT_USAGE;
    op->errors.limit = n > UINT32_MAX ? 0 : (uint32_t)n; /* more than can be is all */
    return 0;
}

static int take(void *ctx, const struct tool_opt *o, const char *val)
{
    struct opts *op = ctx;
    if (!o) {
        if (op->in) {
            tool_usage_error("one input file at a time ('%s' and '%s')", op->in, val);
            return EXIT_USAGE;
        }
        op->in = val;
        return 0;
    }
    switch (o->id) {
    case O_SYMBOLS: op->maps[op->nmaps++] = (struct map_arg){val, op->fmt}; return 0;
    case O_SYMBOLS_FORMAT: return tool_symbols_format(val, &op->fmt);
    case O_DEFSYM: return tool_defsym(op->syms, val);
    case O_FATAL_WARNINGS: op->fatal_warnings = 1; return 0;
    case O_VERIFY: op->xo.no_verify = 0; return 0;
    case O_NO_VERIFY: op->xo.no_verify = 1; return 0;
    case O_NO_STAMP: op->no_stamp = 1; return 0;
    case O_FIRMWARE_ID: return take_firmware_id(op, val);
    case O_ERROR_LIMIT: return error_limit(op, o->name, val);
    }
    if (o->id <= O_NATIVES_TABLE)
        return take_number(op, o->id, o->name, val);
    if (o->id <= O_SECTION)
        return take_output(op, o->id, val);
    return take_assumption(op, o->id, val);
}

int region_of_size(struct opts *op)
{
    if (op->region_size == 0 || op->region_size > UINT64_MAX - op->base) {
        tool_usage_error("--region-size 0x%" PRIx64 ": from --base 0x%08" PRIx64 ", the "
                         "region would be empty or pass the end of the address space",
                         op->region_size, op->base);
        return EXIT_USAGE;
    }
    op->region_end = op->base + op->region_size;
    op->have_region_end = 1;
    return 0;
}

/* What the options say together, once all are read; 0, or EXIT_USAGE
 * (printed). A region is left as [base, region_end). */
static int check_args(struct opts *op)
{
    if (!op->in || !op->out || !op->have_base) {
        tool_usage_error("%s", !op->in    ? "no input file"
                               : !op->out ? "no output file (-o OUT)"
                                          : "no base address (--base ADDR)");
        return EXIT_USAGE;
    }
    if (op->format == OUTFMT_C && is_dash(op->out)) {
        tool_usage_error("-O c writes two files (OUT and its header): it cannot write to "
                         "standard output (-o -)");
        return EXIT_USAGE;
    }
    if (op->fw_id_len && op->no_stamp) {
        tool_usage_error("--firmware-id goes into the stamp: it cannot be given with --no-stamp");
        return EXIT_USAGE;
    }
    if (op->have_region_size && op->have_region_end) {
        tool_usage_error("--region-size and --region-end both give the region's end: give one");
        return EXIT_USAGE;
    }
    if (op->have_region_size) {
        if (region_of_size(op))
            return EXIT_USAGE;
    } else if (op->have_region_end && op->region_end <= op->base) {
        tool_usage_error("--region-end 0x%08" PRIx64 " is not above --base 0x%08" PRIx64
                         ": the region would be empty", op->region_end, op->base);
        return EXIT_USAGE;
    }
    return 0;
}

int rewrite_options(int argc, char **argv, struct opts *op, int *status)
{
    static const struct tool_cmd cmd = {"rewrite", "", rewrite_opts, take};
    op->syms = aotx_symmap_new();
    op->maps = calloc((size_t)argc, sizeof *op->maps);
    if (!op->syms || !op->maps) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        *status = EXIT_INPUT;
        return 0;
    }
    op->errors.limit = 20; /* as ld.lld */
    op->xo.errors = &op->errors;
    if (!tool_parse(&cmd, argc, argv, op, status))
        return 0;
    *status = check_args(op);
    return *status == 0;
}
