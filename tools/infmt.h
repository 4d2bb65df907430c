/* Reading back an image in any format the tool writes (`-O`, outfmt.h),
 * told from its content, not its name: the image's bytes and where they
 * are loaded. For `aot-xip check`. */
#ifndef AOTX_INFMT_H
#define AOTX_INFMT_H

#include <stddef.h>
#include <stdint.h>

#include "outfmt.h"

struct infmt_image {
    enum outfmt format; /* OUTFMT_AOT for an .aot or -O binary (the same bytes) */
    const uint8_t *p;   /* the image: into the input, or into own */
    size_t size;
    uint64_t load;      /* the load address the file gives (ihex, srec, elf) */
    int has_load;
    uint8_t *own;       /* malloc'ed when the bytes were reassembled */
};

/* The image in the file's bytes p[0..n): an .aot (or -O binary) as is;
 * Intel HEX and S-records parsed strictly (record syntax, lengths,
 * checksums, record types, one contiguous run of data, an end record);
 * an ELF's PT_LOAD segment that holds a WAMR AOT image; an -O c array.
 * Content that is none of these is returned as is (the AOT reader then
 * says what it is not). 0, or -1 with a one-line message in err, "ihex:
 * line 3: checksum 0x12, expected 0x34 (a damaged record)". */
int infmt_read(const uint8_t *p, size_t n, struct infmt_image *img, char *err, size_t errsize);

void infmt_free(struct infmt_image *img);

#endif
