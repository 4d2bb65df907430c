/* Output formats for the XIP image. Each writer takes the finished image
 * bytes and only adds the framing that says where they go: HEX and
 * S-records at the load address, ELF with the execution address (--base) as
 * the virtual address and the load address as the physical one (the LMA that
 * objcopy and flashing tools use), a C array with both in a header. */
#define _POSIX_C_SOURCE 200809L

#include "outfmt.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

static const struct {
    const char *name;
    enum outfmt f;
} formats[] = {
    {"aot", OUTFMT_AOT},   {"binary", OUTFMT_BINARY}, {"ihex", OUTFMT_IHEX},
    {"srec", OUTFMT_SREC}, {"elf", OUTFMT_ELF},       {"c", OUTFMT_C},
};

int outfmt_parse(const char *name, enum outfmt *f)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcmp(name, formats[i].name)) {
            *f = formats[i].f;
            return 1;
        }
    return 0;
}

const char *outfmt_name(enum outfmt f)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].f == f)
            return formats[i].name;
    return "?";
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int outfmt_fail(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    return -1;
}
#define fail outfmt_fail /* its short name in the writers below */

/* ---------------------------------------------------------------- text */

/* A text file written through a memory stream. */
struct text {
    FILE *f;
    char *p;
    size_t size;
};

static int text_open(struct text *t)
{
    t->p = NULL;
    t->size = 0;
    t->f = open_memstream(&t->p, &t->size);
    return t->f ? 0 : -1;
}

static int text_close(struct text *t, struct outfmt_file *out)
{
    if (fclose(t->f) != 0) {
        free(t->p);
        return -1;
    }
    out->p = (uint8_t *)t->p;
    out->size = t->size;
    return 0;
}

/* One record: the bytes in hex and the checksum byte the format asks for. */
static void hex_bytes(FILE *f, const uint8_t *p, size_t n, unsigned *sum)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%02X", p[i]);
        *sum += p[i];
    }
}

/* Intel HEX: ":LLAAAATT<data>CC", CC the two's complement of the byte sum.
 * A type 04 record sets the upper 16 address bits; no record crosses a
 * 64 KiB boundary; type 01 ends the file. */
static void ihex_record(FILE *f, uint8_t type, uint16_t addr, const uint8_t *p, size_t n)
{
    uint8_t head[4] = {(uint8_t)n, (uint8_t)(addr >> 8), (uint8_t)addr, type};
    unsigned sum = 0;
    fputc(':', f);
    hex_bytes(f, head, 4, &sum);
    hex_bytes(f, p, n, &sum);
    fprintf(f, "%02X\n", (unsigned)(-sum & 0xffu));
}

static int render_ihex(const struct outfmt_in *in, struct outfmt_file *out, char *err,
                       size_t errsize)
{
    if (in->load > UINT32_MAX || in->size > UINT32_MAX - in->load + 1)
        return fail(err, errsize, "ihex: image at 0x%" PRIx64 "..0x%" PRIx64
                    " does not fit 32-bit addresses", in->load, in->load + in->size);
    struct text t;
    if (text_open(&t))
        return fail(err, errsize, "out of memory");
    uint64_t upper = UINT64_MAX;
    for (size_t i = 0; i < in->size;) {
        uint64_t a = in->load + i;
        if (a >> 16 != upper) {
            upper = a >> 16;
            uint8_t ela[2] = {(uint8_t)(upper >> 8), (uint8_t)upper};
            ihex_record(t.f, 4, 0, ela, 2);
        }
        size_t n = in->size - i;
        if (n > 16)
            n = 16;
        if (n > 0x10000 - (a & 0xffff))
            n = (size_t)(0x10000 - (a & 0xffff));
        ihex_record(t.f, 0, (uint16_t)a, in->bytes + i, n);
        i += n;
    }
    ihex_record(t.f, 1, 0, NULL, 0);
    if (text_close(&t, out))
        return fail(err, errsize, "out of memory");
    return 0;
}

/* S-record: "S<t><count><address><data><checksum>", count the bytes after
 * it, checksum the ones' complement of their sum. S3: 32-bit address data;
 * S7: end, with the start address (0: none). */
static void srec_record(FILE *f, char type, size_t alen, uint32_t addr, const uint8_t *p,
                        size_t n)
{
    uint8_t head[5], a[4];
    wr32be(a, addr);
    head[0] = (uint8_t)(alen + n + 1);
    memcpy(head + 1, a + 4 - alen, alen);
    unsigned sum = 0;
    fprintf(f, "S%c", type);
    hex_bytes(f, head, 1 + alen, &sum);
    hex_bytes(f, p, n, &sum);
    fprintf(f, "%02X\n", (unsigned)(~sum & 0xffu));
}

static int render_srec(const struct outfmt_in *in, struct outfmt_file *out, char *err,
                       size_t errsize)
{
    if (in->load > UINT32_MAX || in->size > UINT32_MAX - in->load + 1)
        return fail(err, errsize, "srec: image at 0x%" PRIx64 "..0x%" PRIx64
                    " does not fit 32-bit addresses", in->load, in->load + in->size);
    struct text t;
    if (text_open(&t))
        return fail(err, errsize, "out of memory");
    static const uint8_t header[] = "aot-xip";
    srec_record(t.f, '0', 2, 0, header, sizeof header - 1);
    for (size_t i = 0; i < in->size; i += 16) {
        size_t n = in->size - i < 16 ? in->size - i : 16;
        srec_record(t.f, '3', 4, (uint32_t)(in->load + i), in->bytes + i, n);
    }
    srec_record(t.f, '7', 4, 0, NULL, 0);
    if (text_close(&t, out))
        return fail(err, errsize, "out of memory");
    return 0;
}

/* ---------------------------------------------------------------- ELF */

/* ELF: header, one program header, the image, .symtab, .strtab, .shstrtab,
 * then five section headers (null, the image's section, .symtab, .strtab,
 * .shstrtab). The image's file offset is congruent to the base modulo the
 * segment alignment (16). The symbols: the section's, then each function
 * (STT_FUNC, global, with its size). */
enum {
    ET_EXEC = 2, PT_LOAD = 1, PF_X = 1, PF_R = 4,
    SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHF_ALLOC = 2, SHF_EXECINSTR = 4,
    STB_LOCAL = 0, STB_GLOBAL = 1, STT_FUNC = 2, STT_SECTION = 3,
    SEG_ALIGN = 16, NSECTIONS = 5,
};

/* .shstrtab: the fixed names at 1, 9 and 17, the image's section's after. */
static const char shstr_fixed[] = "\0.symtab\0.strtab\0.shstrtab";

/* Where each part of the file is. */
struct elf {
    uint8_t *p;
    int w, be;
    size_t ehsize, phentsize, shentsize, symentsize, nsyms;
    size_t data_off, sym_off, str_off, strsize, shstr_off, shstrsize, sh_off, total;
};

/* A function's name: its own, or aot_func#N; the length (without the NUL)
 * into dst[0..size) as snprintf does. */
static size_t sym_name(const struct outfmt_sym *s, char *dst, size_t size)
{
    if (s->name)
        return (size_t)snprintf(dst, size, "%s", s->name);
    return (size_t)snprintf(dst, size, "aot_func#%" PRIu32, s->index);
}

static void elf_layout(const struct outfmt_in *in, struct elf *e)
{
    e->ehsize = e->w ? 64 : 52;
    e->phentsize = e->w ? 56 : 32;
    e->shentsize = e->w ? 64 : 40;
    e->symentsize = e->w ? 24 : 16;
    e->nsyms = 2 + in->nsyms; /* null, the section's, the functions' */
    e->strsize = 1;
    for (size_t i = 0; i < in->nsyms; i++)
        e->strsize += sym_name(&in->syms[i], NULL, 0) + 1;
    e->shstrsize = sizeof shstr_fixed + strlen(in->section) + 1;
    e->data_off = align_up(e->ehsize + e->phentsize, SEG_ALIGN) + (size_t)(in->base % SEG_ALIGN);
    e->sym_off = align_up(e->data_off + in->size, 8);
    e->str_off = e->sym_off + e->nsyms * e->symentsize;
    e->shstr_off = e->str_off + e->strsize;
    e->sh_off = align_up(e->shstr_off + e->shstrsize, 8);
    e->total = e->sh_off + NSECTIONS * e->shentsize;
}

/* The ELF header and the PT_LOAD segment: runs at the base, is loaded at
 * the load address. */
static void elf_headers(const struct outfmt_in *in, const struct elf *e)
{
    uint8_t *p = e->p, *h = p + 16;
    const int w = e->w, be = e->be;
    const unsigned n = w ? 8 : 4;
    memcpy(p, "\x7f" "ELF", 4);
    p[4] = w ? 2 : 1;  /* ELFCLASS64 : ELFCLASS32 */
    p[5] = be ? 2 : 1; /* ELFDATA2MSB : ELFDATA2LSB */
    p[6] = 1;          /* EV_CURRENT */
    wr16(h, ET_EXEC, be);
    wr16(h + 2, in->target.e_machine, be);
    wr32(h + 4, 1, be); /* e_version */
    h += 8;
    wrn(h, n, 0, be), h += n; /* e_entry */
    wrn(h, n, e->ehsize, be), h += n;
    wrn(h, n, e->sh_off, be), h += n;
    wr32(h, in->target.e_flags, be);
    wr16(h + 4, (uint16_t)e->ehsize, be);
    wr16(h + 6, (uint16_t)e->phentsize, be);
    wr16(h + 8, 1, be); /* e_phnum */
    wr16(h + 10, (uint16_t)e->shentsize, be);
    wr16(h + 12, NSECTIONS, be);
    wr16(h + 14, NSECTIONS - 1, be); /* e_shstrndx */

    uint8_t *ph = p + e->ehsize; /* p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, ... */
    const uint64_t v[5] = {e->data_off, in->base, in->load, in->size, in->size};
    wr32(ph, PT_LOAD, be);
    for (int k = 0; k < 5; k++)
        wrn(ph + (w ? 8 : 4) + (size_t)k * n, n, v[k], be);
    wr32(ph + (w ? 4 : 24), PF_R | PF_X, be);
    wrn(ph + (w ? 48 : 28), n, SEG_ALIGN, be);
}

/* Symbol i: its name's offset in .strtab, value, size, st_info, section. */
static void elf_sym(const struct elf *e, size_t i, uint32_t name, uint64_t value, uint64_t size,
                    uint8_t info, uint16_t shndx)
{
    uint8_t *s = e->p + e->sym_off + i * e->symentsize;
    wr32(s, name, e->be);
    if (e->w) {
        s[4] = info;
        wr16(s + 6, shndx, e->be);
        wr64(s + 8, value, e->be);
        wr64(s + 16, size, e->be);
    } else {
        wr32(s + 4, (uint32_t)value, e->be);
        wr32(s + 8, (uint32_t)size, e->be);
        s[12] = info;
        wr16(s + 14, shndx, e->be);
    }
}

/* .symtab and .strtab: [1] the image's section, [2..] the functions. */
static void elf_symbols(const struct outfmt_in *in, const struct elf *e)
{
    elf_sym(e, 1, 0, in->base, 0, STB_LOCAL << 4 | STT_SECTION, 1);
    size_t at = 1;
    for (size_t i = 0; i < in->nsyms; i++) {
        const struct outfmt_sym *s = &in->syms[i];
        elf_sym(e, 2 + i, (uint32_t)at, s->value, s->size, STB_GLOBAL << 4 | STT_FUNC, 1);
        at += sym_name(s, (char *)e->p + e->str_off + at, e->strsize - at) + 1;
    }
}

/* The section headers. */
static void elf_sections(const struct outfmt_in *in, const struct elf *e)
{
    const unsigned n = e->w ? 8 : 4;
    const struct {
        uint32_t name, type;
        uint64_t flags, addr, off, size;
        uint32_t link, info;
        uint64_t align, entsize;
    } sh[NSECTIONS - 1] = {
        {sizeof shstr_fixed, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, in->base, e->data_off,
         in->size, 0, 0, SEG_ALIGN, 0},
        {1, SHT_SYMTAB, 0, 0, e->sym_off, e->nsyms * e->symentsize, 3, 2, n, e->symentsize},
        {9, SHT_STRTAB, 0, 0, e->str_off, e->strsize, 0, 0, 1, 0},
        {17, SHT_STRTAB, 0, 0, e->shstr_off, e->shstrsize, 0, 0, 1, 0},
    };
    for (int k = 0; k < NSECTIONS - 1; k++) {
        uint8_t *s = e->p + e->sh_off + (size_t)(k + 1) * e->shentsize;
        wr32(s, sh[k].name, e->be);
        wr32(s + 4, sh[k].type, e->be);
        s += 8;
        const uint64_t v[4] = {sh[k].flags, sh[k].addr, sh[k].off, sh[k].size};
        for (int f = 0; f < 4; f++, s += n)
            wrn(s, n, v[f], e->be);
        wr32(s, sh[k].link, e->be);
        wr32(s + 4, sh[k].info, e->be);
        wrn(s + 8, n, sh[k].align, e->be);
        wrn(s + 8 + n, n, sh[k].entsize, e->be);
    }
}

static int render_elf(const struct outfmt_in *in, struct outfmt_file *out, char *err,
                      size_t errsize)
{
    struct elf e = {.w = in->target.is64, .be = in->target.be};
    if (!e.w && (in->base > UINT32_MAX || in->load > UINT32_MAX ||
                 in->size > UINT32_MAX - (in->base > in->load ? in->base : in->load) + 1))
        return fail(err, errsize, "elf: image at 0x%" PRIx64 " (load 0x%" PRIx64
                    ") does not fit a 32-bit ELF", in->base, in->load);
    elf_layout(in, &e);
    if (!(e.p = calloc(1, e.total)))
        return fail(err, errsize, "out of memory");
    elf_headers(in, &e);
    if (in->size)
        memcpy(e.p + e.data_off, in->bytes, in->size);
    elf_symbols(in, &e);
    memcpy(e.p + e.shstr_off, shstr_fixed, sizeof shstr_fixed);
    memcpy(e.p + e.shstr_off + sizeof shstr_fixed, in->section, strlen(in->section) + 1);
    elf_sections(in, &e);
    out->p = e.p;
    out->size = e.total;
    return 0;
}

/* ---------------------------------------------------------------- C */

/* NAME in upper case for the header's macros. */
static void upper_name(FILE *f, const char *name)
{
    for (const char *c = name; *c; c++)
        fputc(toupper((unsigned char)*c), f);
}

static int render_c(const struct outfmt_in *in, struct outfmt_file out[2], char *err,
                    size_t errsize)
{
    struct text c, h;
    if (text_open(&h))
        return fail(err, errsize, "out of memory");
    const char *n = in->c_name;
    fprintf(h.f, "/* Generated by aot-xip: an XIP image of %zu bytes. Place the array at the\n"
                 " * load address (a linker script output section for \"%s\"):\n"
                 " * the code inside is relocated to run at the base address only. */\n",
            in->size, in->section);
    fputs("#ifndef ", h.f), upper_name(h.f, n), fputs("_H\n#define ", h.f), upper_name(h.f, n);
    fputs("_H\n\n#include <stdint.h>\n\n", h.f);
    fputs("#define ", h.f), upper_name(h.f, n);
    fprintf(h.f, "_BASE 0x%08" PRIx64 "u /* execution address (--base) */\n", in->base);
    fputs("#define ", h.f), upper_name(h.f, n);
    fprintf(h.f, "_LOAD_ADDRESS 0x%08" PRIx64 "u /* where the bytes are written */\n", in->load);
    fputs("#define ", h.f), upper_name(h.f, n);
    fprintf(h.f, "_SIZE %zuu\n", in->size);
    fputs("#define ", h.f), upper_name(h.f, n);
    fprintf(h.f, "_SECTION \"%s\"\n\n", in->section);
    fprintf(h.f, "extern const uint8_t %s[%zu];\n\n#endif\n", n, in->size);
    if (text_close(&h, &out[1]))
        return fail(err, errsize, "out of memory");

    if (text_open(&c)) {
        free(out[1].p);
        return fail(err, errsize, "out of memory");
    }
    fprintf(c.f, "/* Generated by aot-xip: see %s. */\n#include \"%s\"\n\n", in->c_header,
            in->c_header);
    fprintf(c.f, "__attribute__((section(\"%s\"), aligned(16), used))\nconst uint8_t %s[%zu] = {",
            in->section, n, in->size);
    for (size_t i = 0; i < in->size; i++)
        fprintf(c.f, "%s0x%02x,", i % 12 ? " " : "\n    ", in->bytes[i]);
    fputs("\n};\n", c.f);
    if (text_close(&c, &out[0])) {
        free(out[1].p);
        return fail(err, errsize, "out of memory");
    }
    return 0;
}

int outfmt_render(enum outfmt f, const struct outfmt_in *in, struct outfmt_file out[2],
                  int *nout, char *err, size_t errsize)
{
    *nout = 1;
    switch (f) {
    case OUTFMT_AOT:
    case OUTFMT_BINARY:
        out->p = malloc(in->size ? in->size : 1);
        if (!out->p)
            return fail(err, errsize, "out of memory");
        if (in->size)
            memcpy(out->p, in->bytes, in->size);
        out->size = in->size;
        return 0;
    case OUTFMT_IHEX: return render_ihex(in, out, err, errsize);
    case OUTFMT_SREC: return render_srec(in, out, err, errsize);
    case OUTFMT_ELF: return render_elf(in, out, err, errsize);
    case OUTFMT_C:
        *nout = 2;
        return render_c(in, out, err, errsize);
    }
    return fail(err, errsize, "unknown output format");
}
