/* aot-xip natives-table --target FAMILY [--abi-version N] -o FILE.c
 * [--ld FILE.ld --address ADDR]: the firmware's side of natives-table mode.
 * FILE.c holds the table (section .aot_xip_natives: the ABI id, the entry
 * count, then in slot order an entry per native, code that jumps to it and
 * a weak reference to it); FILE.ld pins that section at ADDR, the address
 * given to --natives-table. The layout is docs/natives-abi.md's "The table
 * in the firmware". */
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

/* Each family's entry as assembler text: the instructions before its
 * function pointer (raw encodings, as the family's assemblers differ in
 * syntax; NAME stands for the native's name), another form for the cores
 * alt_test names, the pointer's directive, and whether 4 bytes of padding
 * follow the pointer; and the preprocessor test that the compiler targets
 * the family. Sizes and pointer offsets are the ABI's (src/natives_abi.c);
 * docs/natives-abi.md shows each entry's code. */
struct entry_code {
    const char *family, *cpu_test, *mode, *code, *alt_test, *alt_code, *ptr;
    int pad4;
};

static const struct entry_code entries[] = {
    {"thumb", "defined(__arm__)", "  .thumb\n",
     /* ldr.w pc, [pc, #8]; 4 x nop */
     "  .inst.w 0xf8dff008\n  .inst.n 0xbf00, 0xbf00, 0xbf00, 0xbf00\n",
     /* v6-M, v8-M Baseline (no LDR.W): push {r0, r1}; ldr r0, [pc, #8];
      * str r0, [sp, #4]; pop {r0, pc}; 2 x nop */
     "defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)",
     "  .inst.n 0xb403, 0x4802, 0x9001, 0xbd01, 0xbf00, 0xbf00\n", ".4byte", 0},
    {"arm", "defined(__arm__)", "  .arm\n", "  .inst 0xe51ff004\n", /* ldr pc, [pc, #-4] */
     NULL, NULL, ".4byte", 0},
    {"x86_64", "defined(__x86_64__)", "", /* jmp *2(%rip); 2 x int3 */
     "  .byte 0xff, 0x25, 0x02, 0x00, 0x00, 0x00, 0xcc, 0xcc\n", NULL, NULL, ".8byte", 0},
    {"i386", "defined(__i386__)", "", /* jmp *1f; 2 x int3 */
     "  .byte 0xff, 0x25\n  .4byte 1f\n  .byte 0xcc, 0xcc\n1:\n", NULL, NULL, ".4byte", 1},
    {"aarch64", "defined(__aarch64__)", "", /* ldr x16, #8; br x16 */
     "  .inst 0x58000050, 0xd61f0200\n", NULL, NULL, ".8byte", 0},
    /* RISC-V and MIPS jump to the native's address as the firmware's linker
     * puts it in the instructions, with no load: a chip with split buses
     * (ESP32-C3) may not let data loads read the instruction bus. RV64: PC
     * relative, as an absolute lui reaches only the low 2 GiB there */
    {"riscv32", "defined(__riscv) && __riscv_xlen == 32",
     "  .option norelax\n  .option norvc\n",
     "  lui t1, %hi(NAME)\n  jalr x0, %lo(NAME)(t1)\n", NULL, NULL, ".4byte", 1},
    {"riscv64", "defined(__riscv) && __riscv_xlen == 64",
     "  .option norelax\n  .option norvc\n",
     "1:\n  auipc t1, %pcrel_hi(NAME)\n  jalr x0, %pcrel_lo(1b)(t1)\n", NULL, NULL, ".8byte", 0},
    {"mips", "defined(__mips__) && _MIPS_SZPTR == 32", "",
     "  .set push\n  .set noreorder\n  .set noat\n  .set nomips16\n  .set nomicromips\n"
     "  lui $25, %hi(NAME)\n  addiu $25, $25, %lo(NAME)\n  jr $25\n  nop\n  .set pop\n",
     NULL, NULL, ".4byte", 1},
};

static const struct entry_code *entry_of(const struct aotx_natives_abi *abi)
{
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        if (strcmp(entries[i].family, abi->family) == 0)
            return &entries[i];
    return NULL;
}

/* An assembler text as C string literals, a line each, indented; in a
 * macro's body (macro), each line but the last continued, and NAME the
 * macro's argument n. */
static void c_lines(FILE *f, const char *text, int macro)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        fputs("    \"", f);
        for (; text < nl; text++) {
            if (macro && strncmp(text, "NAME", 4) == 0) {
                fputs("\" n \"", f);
                text += 3;
            } else {
                fprintf(f, *text == '"' ? "\\%c" : "%c", *text);
            }
        }
        text = nl + 1;
        fputs(macro && *text ? "\\n\" \\\n" : "\\n\"\n", f);
    }
}

/* The file's head: what it is, and the check that it is compiled for the
 * family. */
static void c_head(FILE *f, const struct aotx_natives_abi *abi, uint16_t v,
                   const struct entry_code *e)
{
    fprintf(f, "/* The natives table of aot-xip's natives-table ABI, family %s, version %u\n"
               " * (ABI id 0x%08" PRIx32 ", %" PRIu32 " entries), written by aot-xip %s "
               "natives-table.\n *\n"
               " * Link it into the firmware with section .aot_xip_natives at the address\n"
               " * given to aot-xip --natives-table (the --ld fragment pins it). Layout\n"
               " * (docs/natives-abi.md): the ABI id and the entry count, uint32_t each,\n"
               " * then entry k at +8 + k * %u: code that jumps to native k, and at +%u\n"
               " * in the entry the address of native k. An XIP image calls entry k for\n"
               " * native k. Each native is a weak reference: one the firmware does not\n"
               " * define holds 0. The entries are code, so the table is assembler. */\n\n"
               "#if !(%s)\n#error \"this natives table is for %s code\"\n#endif\n\n",
            abi->family, v, aotx_natives_abi_id(abi, v), aotx_natives_abi_count(abi, v),
            aotx_version(), abi->entry, abi->entry_ptr, e->cpu_test, abi->family);
}

/* The C file: the table of abi's version v, entry code e. */
static void write_c(FILE *f, const struct aotx_natives_abi *abi, uint16_t v,
                    const struct entry_code *e)
{
    uint32_t n = aotx_natives_abi_count(abi, v);
    c_head(f, abi, v, e);
    if (e->alt_test) {
        fprintf(f, "#if %s\n#define AOT_XIP_ENTRY(n) \\\n", e->alt_test);
        c_lines(f, e->alt_code, 1);
        fprintf(f, "#else\n");
    }
    fprintf(f, "#define AOT_XIP_ENTRY(n) \\\n");
    c_lines(f, e->code, 1);
    fprintf(f, "%s\n__asm__(\n", e->alt_test ? "#endif\n" : "");
    c_lines(f, "  .pushsection .aot_xip_natives, \"ax\"\n", 0);
    c_lines(f, e->mode, 0);
    c_lines(f, "  .balign 8\n  .globl aot_xip_natives\naot_xip_natives:\n", 0);
    fprintf(f, "    \"  .4byte 0x%08" PRIx32 ", %" PRIu32 "\\n\"\n", aotx_natives_abi_id(abi, v),
            n);
    for (uint32_t k = 0; k < n; k++)
        fprintf(f, "    /* %" PRIu32 " */ \"  .weak %s\\n\" AOT_XIP_ENTRY(\"%s\") "
                   "\"  %s %s\\n%s\"\n", k, abi->names[k], abi->names[k], e->ptr,
                abi->names[k], e->pad4 ? "  .4byte 0\\n" : "");
    fprintf(f, "    \"  .popsection\\n\");\n");
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
        write_c(f, abi, (uint16_t)a->version, entry_of(abi));
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
    if (!entry_of(*abi)) {
        tool_usage_error("natives-table: --target %s: aot-xip has no natives-table entry code "
                         "for %s yet", a->family, a->family);
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
