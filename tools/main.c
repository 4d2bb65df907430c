/* aot-xip: the command line tool: its usage, and which command runs. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

const char *aotx_prog = "aot-xip";

/* The usage: each command's synopsis and text; all of it for --help. */
static const char forms[] =
    "  An option's value follows it (--base ADDR, -o OUT) or is joined to it\n"
    "  (--base=ADDR, -oOUT, -Oihex); options may come after the files, and '--'\n"
    "  ends them (a file named -x may follow it).\n";

static const char rewrite_text[] =
    "  Relocate IN.aot (from wamrc) to execute in place at flash address ADDR and\n"
    "  write OUT.aot, an XIP image the stock WAMR loader runs from flash.\n"
    "    --base ADDR            flash address the image is written to and runs at\n"
    "                           (ADDR, N: 0x and hex digits, or decimal; a leading\n"
    "                           0 is refused, not read as octal)\n"
    "    --data-base ADDR       where data loads see the same flash (ESP32 family:\n"
    "                           the data bus, DROM); data gets this address, code\n"
    "                           the base's\n"
    "    --symbols MAP          the firmware's symbols: its ELF, nm output, a GNU ld\n"
    "                           or ld.lld -Map file, or NAME = ADDRESS lines\n"
    "                           (repeatable; map addresses are hex, 0x or not)\n"
    "    --symbols-format FMT   auto (default), elf, nm, ldmap or plain, for the\n"
    "                           --symbols that follow\n"
    "    --defsym NAME=ADDR     define a symbol; wins over the maps\n"
    "    -o OUT                 the image to write ('-': standard output; --map and\n"
    "                           --report take '-' too, one of the three at most)\n"
    "    --map FILE             write a human-readable map of the image\n"
    "    --report FILE          write a JSON report (addresses, symbols, veneers, RAM)\n"
    "    --region-size N        the image, stamp included, must fit N bytes from the\n"
    "                           base; prints the use as ld --print-memory-usage\n"
    "    --region-end ADDR      the same, the region ending before ADDR\n"
    "    --page-size N          the loader's allocation granule for the RAM figure\n"
    "                           (default 4096, as WAMR's Zephyr and ESP-IDF ports;\n"
    "                           RIOT: 1024)\n"
    "    --code-align N         start the code at a multiple of N bytes, a power of\n"
    "                           two from 16 to 4096 (default 64: a cache line)\n"
    "    --natives-table ADDR   call every firmware native through its entry in the\n"
    "                           firmware's natives table at ADDR (aot-xip\n"
    "                           natives-table writes it): the image survives\n"
    "                           firmware updates that move natives\n"
    "    --assume-readonly SEC  place writable-named data section SEC in flash: the\n"
    "                           module never writes it (LLVM 15 put RISC-V\n"
    "                           constant pools in .sdata)\n"
    "    --assume-isa arm|thumb the instruction set of natives whose map does not say\n"
    "                           it (nm, ld and plain maps, --defsym at an even\n"
    "                           address), for ARM and A/R-profile Thumb modules\n"
    "    --arm-profile a|r|m    the core's profile where the module's arch does not\n"
    "                           state it (a bare thumbv7: M unless told)\n"
    "    --no-verify            do not read the image back to check every field\n"
    "    -O FORMAT              aot (default), binary, ihex, srec, elf, or c (OUT is\n"
    "                           the C array, OUT with .h its header)\n"
    "    --load-address ADDR    where the bytes are written, if not the base (bus\n"
    "                           aliases): ihex, srec, elf (LMA) and c carry it\n"
    "    --section NAME         section of the elf and c outputs (default .aot_xip)\n"
    "    --no-stamp             do not append the \"aot-xip\" custom section that\n"
    "                           records the base and the natives for 'check'\n"
    "    --firmware-id HEX      the firmware's identity for the stamp (default: the\n"
    "                           --symbols ELF's GNU build id), for the device guard\n"
    "    --fatal-warnings       fail (exit 1, nothing written) on any warning\n"
    "    --error-limit N        print at most N errors (default 20; 0: all)\n"
    "\n"
    "  No output may be an input, another output, or other than a regular file (a\n"
    "  link to one is written through); all are put in place together, or none.\n";

static const char inspect_text[] =
    "  inspect FILE    show what a WAMR .aot file holds: version, target, sections,\n"
    "                  functions, exports, object data sections, relocations per group\n"
    "                  and type, and the symbols they reference\n"
    "    --json        the same as JSON\n";

static const char check_text[] =
    "  check IMAGE     exit 0 if the maps still put every native IMAGE was relocated\n"
    "                  against at the same address, 1 (naming what changed) if not;\n"
    "                  IMAGE read in any -O format (aot, binary, ihex, srec, elf,\n"
    "                  c), told from its content\n"    "    --symbols MAP, --symbols-format FMT, --defsym NAME=ADDR   as for the rewrite\n"
    "    --input IN.aot  also check IN.aot is the file IMAGE was made from\n";

static const char pack_text[] =
    "  pack            several apps in one partition: a table of contents at ADDR\n"
    "                  (docs/pack-format.md; include/aot_xip/xip_pack.h walks it), then\n"
    "                  each app, relocated for its own address and stamped\n"
    "    --base ADDR            flash address of the partition (the table)\n"
    "    --align N              each app at a multiple of N, a power of two from 16\n"
    "                           to 65536 (default 64: a cache line)\n"
    "    --region-size N        the partition must fit N bytes from the base\n"
    "    --symbols MAP, --symbols-format FMT, --defsym NAME=ADDR   as for the rewrite\n"
    "    --firmware-id HEX      the firmware's identity for every app's stamp\n"
    "                           (default: the --symbols ELF's GNU build id)\n"
    "    --natives-table ADDR   every app reaches the firmware's natives through its\n"
    "                           natives table at ADDR, as for the rewrite\n"
    "    [NAME=]IN.aot          an app, named NAME or after its file without .aot\n"
    "                           (1 to 31 letters, digits, '_', '-' or '.')\n"
    "    -o OUT                 the partition's bytes; --map FILE, --report FILE: its\n"
    "                           map and JSON report (each app's addresses, functions\n"
    "                           and exports); all put in place together, or none\n";

static const char natives_table_text[] =
    "  natives-table   write the firmware's natives table for --natives-table\n"
    "    --target FAMILY        thumb, arm, x86_64, i386, aarch64, riscv32, riscv64\n"
    "                           or mips\n"
    "    --abi-version N        the table of version N of the family's ABI (default:\n"
    "                           the newest)\n"
    "    -o FILE.c              the table (entry code and pointers), as C: section\n"
    "                           .aot_xip_natives, to place with the firmware's code\n"
    "    --ld FILE.ld           with --address ADDR: a linker-script fragment that\n"
    "                           pins the table at ADDR\n";

static const char help_text[] =
    "  help [COMMAND]  the usage of COMMAND (rewrite, inspect, check or pack), or\n"
    "                  all of it; 'aot-xip COMMAND --help' too ('aot-xip IN.aot\n"
    "                  --help' for the rewrite)\n";

static const char exit_text[] =
    "exit status: 0 success, 1 the input was rejected or the work failed (nothing is\n"
    "written), 2 the command line was wrong\n";

struct command {
    const char *name;
    const char *synopsis; /* after "aot-xip " */
    const char *text;
    int values;                        /* its options take values: forms[] applies */
    int (*run)(int argc, char **argv); /* NULL: the rewrite, which has no word */
};

static const struct command commands[] = {
    {"rewrite", "IN.aot --base ADDR [--symbols MAP]... -o OUT.aot [options]", rewrite_text, 1,
     NULL},
    {"inspect", "inspect FILE [--json]", inspect_text, 0, cmd_inspect},
    {"check", "check IMAGE --symbols MAP... [--input IN.aot]", check_text, 1, cmd_check},
    {"pack", "pack --base ADDR [--symbols MAP]... [NAME=]IN.aot... -o OUT [options]", pack_text,
     1, cmd_pack},
    {"natives-table", "natives-table --target FAMILY -o FILE.c [--ld FILE.ld --address ADDR]",
     natives_table_text, 1, cmd_natives_table},
    {"help", "help [COMMAND]", help_text, 0, cmd_help},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *command_named(const char *name)
{
    for (size_t i = 0; name && i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name))
            return &commands[i];
    return NULL;
}

void tool_help(FILE *f, const char *command)
{
    const struct command *c = command_named(command);
    if (c) {
        fprintf(f, "usage: aot-xip %s\n\n%s%s%s\n%s", c->synopsis, c->values ? forms : "",
                c->values ? "\n" : "", c->text, exit_text);
        return;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "%s aot-xip %s\n", i ? "      " : "usage:", commands[i].synopsis);
    fprintf(f, "       aot-xip --help | --version\n\n%s", forms);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "\n%s", commands[i].text);
    fprintf(f, "\n%s", exit_text);
}

void tool_error(const char *file, const struct aotx_diag *d)
{
    if (file)
        fprintf(stderr, "%s: error: %s: %s\n", aotx_prog, file, d->msg);
    else
        fprintf(stderr, "%s: error: %s\n", aotx_prog, d->msg);
}

void tool_usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", aotx_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(try '%s --help')\n", aotx_prog);
}

int tool_read(const char *path, struct tool_input *in)
{
    struct aotx_diag d = {0};
    if (aotx_read_file(path, &in->p, &in->size, &d) != AOTX_OK) {
        tool_error(NULL, &d);
        return -1;
    }
    return 0;
}

struct aotx_module *tool_load(const char *path, struct tool_input *in)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    if (tool_read(path, in))
        return NULL;
    if (aotx_read(in->p, in->size, &m, &d) != AOTX_OK) {
        tool_error(path, &d);
        tool_input_free(in);
        return NULL;
    }
    return m;
}

void tool_input_free(struct tool_input *in)
{
    free(in->p);
    in->p = NULL;
    in->size = 0;
}

/* The edit distance of a and b (optimal string alignment: an insertion, a
 * deletion, a change or two neighbours swapped is one edit); words of up
 * to 31 characters, else a great distance. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b), d[32][32];
    if (n > 31 || m > 31)
        return SIZE_MAX;
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            if (!i || !j) {
                d[i][j] = i + j;
                continue;
            }
            size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* The command word nearest to word where it is near enough to be a slip
 * of the keys (one edit for a word of up to 5 letters, two for a longer
 * one); NULL if none is. "rewrite" too where topics: it names no command
 * on the command line, only a help topic. */
static const char *nearest(const char *word, int topics)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i].name;
        size_t dist = distance(word, name);
        if ((commands[i].run || topics) && dist <= (strlen(name) > 5 ? 2u : 1u) &&
            dist < best_d) {
            best = name;
            best_d = dist;
        }
    }
    return best;
}

static int help_take(void *ctx, const struct tool_opt *o, const char *val)
{
    const char **topic = ctx;
    (void)o; /* help has no options but --help */
    if (*topic) {
        tool_usage_error("help: one command at a time ('%s' and '%s')", *topic, val);
        return EXIT_USAGE;
    }
    *topic = val;
    return 0;
}

int cmd_help(int argc, char **argv)
{
    static const struct tool_opt none[] = {{NULL, 0, 0}};
    static const struct tool_cmd cmd = {"help", "help: ", none, help_take};
    const char *topic = NULL;
    int rc;
    if (!tool_parse(&cmd, argc, argv, &topic, &rc))
        return rc;
    if (topic && !command_named(topic)) {
        const char *near = nearest(topic, 1);
        if (near)
            tool_usage_error("help: unknown command '%s'; did you mean '%s'?", topic, near);
        else
            tool_usage_error("help: unknown command '%s': expected rewrite, inspect, check, "
                             "pack or help", topic);
        return EXIT_USAGE;
    }
    tool_help(stdout, topic);
    return 0;
}

/* argv[1] as a command word mistyped: a word (no '-' first, no '/' or '.')
 * that names no file and is near a command; that command, or NULL. Any
 * other word is the rewrite's input. */
static const char *mistyped(const char *word)
{
    struct stat st;
    if (word[0] == '-' || strpbrk(word, "/.") || stat(word, &st) == 0)
        return NULL;
    return nearest(word, 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        tool_help(stderr, NULL);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        tool_help(stdout, NULL);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("aot-xip %s\n", aotx_version());
        return 0;
    }
    const struct command *c = command_named(argv[1]);
    if (c && c->run)
        return c->run(argc - 1, argv + 1);
    const char *near = mistyped(argv[1]);
    if (near) {
        tool_usage_error("unknown command '%s'; did you mean '%s'?", argv[1], near);
        return EXIT_USAGE;
    }
    return cmd_rewrite(argc, argv);
}
