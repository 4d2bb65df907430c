/* aot-xip natives-table --target FAMILY [--abi-version N] -o FILE.c
 * [--ld FILE.ld --address ADDR]: the firmware's side of natives-table mode.
 * FILE.c holds the table (section .aot_xip_natives: the ABI id, the slot
 * count, then one weak reference to each native, in slot order); FILE.ld
 * pins that section at ADDR, the address given to --natives-table. The
 * layout is docs/natives-abi.md's "The table in the firmware". */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "natives_abi.h"
#include "tool.h"

struct table_args {
    const char *family, *out, *ld;
    uint64_t version, address;
    int have_version, have_address;
};

enum { N_TARGET, N_VERSION, N_OUT, N_LD, N_ADDRESS };

static const struct tool_opt table_opts[] = {
    {"--target", N_TARGET, 1},
    {"--abi-version", N_VERSION, 1},
    {"-o", N_OUT, 1},
    {"--ld", N_LD, 1},
    {"--address", N_ADDRESS, 1},
    {NULL, 0, 0},
};

static int table_take(void *ctx, const struct tool_opt *o, const char *val)
{
    struct table_args *a = ctx;
    if (!o) {
        tool_usage_error("natives-table: unexpected operand '%s': the command reads no file",
                         val);
        return EXIT_USAGE;
    }
    switch (o->id) {
    case N_TARGET: a->family = val; return 0;
    case N_OUT: a->out = val; return 0;
    case N_LD: a->ld = val; return 0;
    case N_VERSION:
        a->have_version = 1;
        return tool_number(o->name, val, "a version number (1 or more)", &a->version)
                   ? 0 : EXIT_USAGE;
    default: /* N_ADDRESS */
        a->have_address = 1;
        return tool_number(o->name, val, "an address (0x08001000 or decimal)", &a->address)
                   ? 0 : EXIT_USAGE;
    }
}

/* The C file: the table of abi's version v. */
static void write_c(FILE *f, const struct aotx_natives_abi *abi, uint16_t v)
{
    uint32_t n = aotx_natives_abi_count(abi, v), id = aotx_natives_abi_id(abi, v);
    fprintf(f, "/* The natives table of aot-xip's natives-table ABI, family %s, version %u\n"
               " * (ABI id 0x%08" PRIx32 ", %" PRIu32 " slots), written by aot-xip %s "
               "natives-table.\n *\n"
               " * Link it into the firmware with section .aot_xip_natives at the address\n"
               " * given to aot-xip --natives-table (the --ld fragment pins it). Layout\n"
               " * (docs/natives-abi.md): the ABI id and the slot count, uint32_t each, then\n"
               " * slot k, the address of native k, at +8 + k * sizeof(void *). Each native\n"
               " * is a weak reference: one the firmware does not define holds 0. */\n"
               "#include <stdint.h>\n\n", abi->family, v, id, n, aotx_version());
    for (uint32_t k = 0; k < n; k++)
        fprintf(f, "extern const char aot_xip_native_%" PRIu32 "[] __asm__(\"%s\") "
                   "__attribute__((weak));\n", k, abi->names[k]);
    fprintf(f, "\n__attribute__((used, section(\".aot_xip_natives\"), aligned(8)))\n"
               "const struct {\n    uint32_t abi_id, count;\n    const void *slot[%" PRIu32
               "];\n} aot_xip_natives = {\n    0x%08" PRIx32 "u, %" PRIu32 "u,\n    {\n",
            n, id, n);
    for (uint32_t k = 0; k < n; k++)
        fprintf(f, "        aot_xip_native_%" PRIu32 ", /* %" PRIu32 ": %s */\n", k, k,
                abi->names[k]);
    fprintf(f, "    }};\n");
}

/* The linker-script fragment: the section at the table's address. */
static void write_ld(FILE *f, const struct aotx_natives_abi *abi, uint16_t v, uint64_t at)
{
    fprintf(f, "/* Places the natives table of aot-xip's natives-table ABI, family %s,\n"
               " * version %u, at 0x%08" PRIx64 ": INCLUDE it in the firmware's linker\n"
               " * script, after its SECTIONS. A firmware linked with the linker's default\n"
               " * script: add \"INSERT AFTER .text;\" after the SECTIONS below and give\n"
               " * this file with -T. The table's references are weak: a native only an\n"
               " * archive defines (libgcc, libm) is in the table if something else links\n"
               " * it in (-Wl,--undefined=NAME). */\n", abi->family, v, at);
    fprintf(f, "SECTIONS\n{\n  .aot_xip_natives 0x%08" PRIx64 " : { KEEP(*(.aot_xip_natives)) }\n"
               "}\n"
               "ASSERT(aot_xip_natives == 0x%08" PRIx64 ", \"the natives table is not at "
               "0x%08" PRIx64 ", the address the XIP images were made for\");\n", at, at, at);
}

/* The text write(f, ...) makes, in a new buffer; NULL out of memory. */
static char *text_of(const struct table_args *a, const struct aotx_natives_abi *abi, int ld,
                     size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        return NULL;
    if (ld)
        write_ld(f, abi, (uint16_t)a->version, a->address);
    else
        write_c(f, abi, (uint16_t)a->version);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The options make sense: the family, its version, the outputs; else
 * EXIT_USAGE, printed. */
static int check_args(struct table_args *a, const struct aotx_natives_abi **abi)
{
    char known[256] = "";
    size_t len = 0;
    for (size_t i = 0; aotx_natives_abi_at(i) && len < sizeof known; i++)
        len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "",
                                aotx_natives_abi_at(i)->family);
    *abi = a->family ? aotx_natives_abi_find(a->family) : NULL;
    if (!*abi) {
        tool_usage_error(a->family ? "natives-table: --target '%s': expected one of %s"
                                   : "natives-table: no target family%s (--target: one of %s)",
                         a->family ? a->family : "", known);
        return EXIT_USAGE;
    }
    if (!a->have_version)
        a->version = (*abi)->version;
    if (a->version < 1 || a->version > (*abi)->version) {
        tool_usage_error("natives-table: --abi-version %" PRIu64 ": family %s has versions 1 "
                         "to %u", a->version, (*abi)->family, (unsigned)(*abi)->version);
        return EXIT_USAGE;
    }
    if (!a->out) {
        tool_usage_error("natives-table: no output (-o FILE.c)");
        return EXIT_USAGE;
    }
    if (!a->ld != !a->have_address || (a->have_address && a->address % 8)) {
        tool_usage_error("natives-table: --ld FILE and --address ADDR go together, ADDR a "
                         "multiple of 8: the fragment pins the table there");
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_natives_table(int argc, char **argv)
{
    static const struct tool_cmd cmd = {"natives-table", "natives-table: ", table_opts,
                                        table_take};
    struct table_args a = {0};
    const struct aotx_natives_abi *abi;
    struct aotx_diag d = {0};
    int rc;
    if (!tool_parse(&cmd, argc, argv, &a, &rc) || (rc = check_args(&a, &abi)) != 0)
        return rc;
    size_t sizes[2] = {0, 0};
    char *texts[2] = {text_of(&a, abi, 0, &sizes[0]), a.ld ? text_of(&a, abi, 1, &sizes[1])
                                                            : NULL};
    const char *paths[2] = {a.out, a.ld};
    const uint8_t *bufs[2] = {(const uint8_t *)texts[0], (const uint8_t *)texts[1]};
    rc = 0;
    if (!texts[0] || (a.ld && !texts[1])) {
        aotx_fail(&d, AOTX_E_NOMEM, "out of memory");
        tool_error(NULL, &d);
        rc = EXIT_INPUT;
    } else if (aotx_write_files(paths, bufs, sizes, a.ld ? 2 : 1, &d) != AOTX_OK) {
        tool_error(NULL, &d);
        rc = EXIT_INPUT;
    }
    free(texts[0]);
    free(texts[1]);
    return rc;
}
