/* Output formats for the XIP image (`-O FORMAT`, objcopy's spelling): the
 * image bytes are fixed; the formats only say where they are loaded. */
#ifndef AOTX_OUTFMT_H
#define AOTX_OUTFMT_H

#include <stddef.h>
#include <stdint.h>

enum outfmt {
    OUTFMT_AOT,    /* the XIP .aot, as is (default) */
    OUTFMT_BINARY, /* the same bytes: the image at its load address */
    OUTFMT_IHEX,   /* Intel HEX, type 04 extended linear address records */
    OUTFMT_SREC,   /* Motorola S-records: S0 header, S3 data, S7 end */
    OUTFMT_ELF,    /* ELF executable, one PT_LOAD segment, one section, a symbol table */
    OUTFMT_C       /* a C array (OUT) and a header (OUT with .h) */
};

/* What the ELF writer needs of the target (from the module's target info). */
struct outfmt_target {
    uint16_t e_machine;
    uint32_t e_flags;
    int is64;
    int be;
};

/* A function in -O elf's symbol table. */
struct outfmt_sym {
    const char *name; /* NULL: "aot_func#<index>" */
    uint32_t index;
    uint64_t value;   /* its entry (Thumb: bit 0 set) */
    uint64_t size;
};

struct outfmt_in {
    const uint8_t *bytes;
    size_t size;
    uint64_t base;         /* execution address: ELF p_vaddr / sh_addr */
    uint64_t load;         /* load address: HEX, S-record, ELF p_paddr, C header */
    struct outfmt_target target;
    const char *c_name;    /* C identifier of the array (OUTFMT_C) */
    const char *c_header;  /* file name the C source includes (OUTFMT_C) */
    const char *section;   /* ELF section / C section attribute name */
    const struct outfmt_sym *syms; /* OUTFMT_ELF: the functions, for .symtab */
    size_t nsyms;
};

/* One rendered file; p is malloc'ed. */
struct outfmt_file {
    uint8_t *p;
    size_t size;
};

/* "aot", "binary", "ihex", "srec", "elf", "c" -> format; 0 if unknown. */
int outfmt_parse(const char *name, enum outfmt *f);
/* The other way: "ihex" for OUTFMT_IHEX, ... */
const char *outfmt_name(enum outfmt f);

/* A one-line message into err[0..errsize), formatted; returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int outfmt_fail(char *err, size_t errsize, const char *fmt, ...);

/* Render in as format f into out[0] (and out[1], the header, for OUTFMT_C);
 * *nout is the count. Returns 0, or -1 with a one-line message in err
 * (addresses that the format cannot hold, out of memory). */
int outfmt_render(enum outfmt f, const struct outfmt_in *in, struct outfmt_file out[2],
                  int *nout, char *err, size_t errsize);

#endif
