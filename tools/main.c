/* aot-xip: the command line tool. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

const char *aotx_prog = "aot-xip";

static const char usage[] =
    "usage: aot-xip IN.aot --base ADDR [--symbols MAP]... -o OUT.aot [options]\n"
    "       aot-xip inspect FILE [--json]\n"
    "       aot-xip check IMAGE --symbols MAP... [--input IN.aot]\n"
    "       aot-xip --help | --version\n"
    "\n"
    "  Relocate IN.aot (from wamrc) to execute in place at flash address ADDR and\n"
    "  write OUT.aot, an XIP image the stock WAMR loader runs from flash.\n"
    "    --base ADDR            flash address the image is written to and runs at\n"
    "                           (ADDR, N: 0x and hex digits, or decimal; a leading\n"
    "                           0 is refused, not read as octal)\n"
    "    --symbols MAP          the firmware's symbols: its ELF, nm output, a GNU ld\n"
    "                           -Map file, or NAME = ADDRESS lines (repeatable;\n"
    "                           every address in a map is hex, 0x or not)\n"
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
    "    --fatal-warnings       fail (exit 1, nothing written) on any warning\n"
    "\n"
    "  No output may be an input, another output, or other than a regular file (a\n"
    "  link to one is written through); all are put in place together, or none.\n"
    "\n"
    "  inspect FILE    show what a WAMR .aot file holds: version, target, sections,\n"
    "                  functions, exports, object data sections, relocations per group\n"
    "                  and type, and the symbols they reference\n"
    "    --json        the same as JSON\n"
    "\n"
    "  check IMAGE     exit 0 if the maps still put every native IMAGE was relocated\n"
    "                  against at the same address, 1 (naming what changed) if not\n"
    "    --symbols MAP, --symbols-format FMT, --defsym NAME=ADDR   as above\n"
    "    --input IN.aot  also check IN.aot is the file IMAGE was made from\n"
    "\n"
    "exit status: 0 success, 1 the input was rejected or the work failed (nothing is\n"
    "written), 2 the command line was wrong\n";

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("aot-xip %s\n", aotx_version());
        return 0;
    }
    if (strcmp(argv[1], "inspect") == 0)
        return cmd_inspect(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    return cmd_rewrite(argc, argv);
}
