/* Library-internal declarations shared by the reader, the writer and the
 * arch files. */
#ifndef AOTX_INTERNAL_H
#define AOTX_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "aot_xip/diag.h"
#include "aot_xip/module.h"

#if defined(__GNUC__)
#define AOTX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AOTX_PRINTF(f, a)
#endif

#define TRY(expr)                                                                          \
    do {                                                                                   \
        enum aotx_err try_err_ = (expr);                                                   \
        if (try_err_ != AOTX_OK)                                                           \
            return try_err_;                                                               \
    } while (0)

/* Fill d (if not NULL) and return code. */
enum aotx_err aotx_fail(struct aotx_diag *d, enum aotx_err code, const char *fmt, ...)
    AOTX_PRINTF(3, 4);

/* A diagnostic is one line: control characters a name from the input brought
 * in (a symbol called "a\nb") become '?'. aotx_fail() does this itself. */
void aotx_diag_one_line(char *msg);

/* ---- arena: every allocation of a module, freed at once ---- */

struct arena_chunk;
struct arena {
    struct arena_chunk *head;
};

void *arena_alloc(struct arena *a, size_t size);              /* zeroed; NULL on failure */
void *arena_array(struct arena *a, size_t count, size_t size); /* overflow-checked */
char *arena_strndup(struct arena *a, const uint8_t *s, size_t n);
void arena_free(struct arena *a);

/* ---- files (fileio.c) ---- */

/* An output file in up to two pieces (an image and what follows it),
 * written in two steps: aotx_out_write() to a temporary file beside the
 * file it replaces, then aotx_out_put() to put it in place, or
 * aotx_out_drop() to remove it. Until then path is as it was. Where path is
 * a symbolic link, the file it leads to is replaced and the link stays; an
 * existing file's permission bits are kept, a new one gets 0666 less the
 * umask. A program's signal handler may remove the temporary files that
 * exist (aotx_out_remove_temps). */
struct aotx_out {
    const char *path;
    const uint8_t *p[2];
    size_t n[2];
    int to_stdout; /* written to standard output by aotx_out_put(), not to path */
    char *tmp;     /* the temporary file, once written and until put or dropped */
    char *target;  /* the file tmp replaces or makes: path, or where its links lead */
    int placed;    /* how aotx_out_put() renamed it, for undoing */
};

/* Write each file's temporary file (checked as aotx_out_check() does; its
 * data on the disk, fsync'ed); on failure none is left. */
enum aotx_err aotx_out_write(struct aotx_out *f, int n, struct aotx_diag *d);
/* Write those to_stdout to standard output, then rename each temporary file
 * into place. If one cannot be, those already renamed are put back as they
 * were (where the file system can swap two names: Linux renameat2()) and
 * none of the temporary files is left. */
enum aotx_err aotx_out_put(struct aotx_out *f, int n, struct aotx_diag *d);
void aotx_out_drop(struct aotx_out *f, int n);
/* For a program's signal handler (async-signal-safe: unlink only): remove
 * the temporary files that aotx_out_write() made and that are not yet put
 * in place or dropped. Not while aotx_out_put() runs: a temporary name may
 * then hold an old file that a failed rename puts back; such a handler
 * waits until aotx_out_put() has returned. */
void aotx_out_remove_temps(void);

/* Where a path leads, for comparing outputs with inputs before any work. */
struct aotx_file_id {
    int exists;    /* st is the file's, symbolic links followed */
    int link;      /* the path itself is a symbolic link */
    struct stat st;
    char *real;    /* the file's absolute path, links resolved; where nothing is,
                      the real path of the directory and the name; NULL if unknown */
    char *dir;     /* the directory real is in (as given where real is unknown) */
    int dir_errno; /* why real is unknown */
};

void aotx_file_id(const char *path, struct aotx_file_id *id);
void aotx_file_id_free(struct aotx_file_id *id);
/* The same file: the same device and inode where both exist, the same real
 * path where neither does. */
int aotx_same_file(const struct aotx_file_id *a, const struct aotx_file_id *b);
/* AOTX_OK if an output can go where id leads: AOTX_E_USAGE "not a regular
 * file (a FIFO)" (or a directory, a device, a socket), "a symbolic link to
 * nothing: ..."; AOTX_E_IO "cannot create a file in 'DIR': REASON" (no such
 * directory, no write permission there). The message does not name the path:
 * the caller does. */
enum aotx_err aotx_out_check(const struct aotx_file_id *id, struct aotx_diag *d);

/* ---- growable output buffer ---- */

struct buf {
    uint8_t *p;
    size_t len, cap;
    int oom;             /* sticky: an allocation failed */
    const char *toolong; /* sticky: a string that does not fit its u16 length */
    int zeroed;          /* the bytes from len on are zero (calloc): zeros are skipped */
};

/* n more bytes, for the caller to fill; NULL when measuring or out of memory */
uint8_t *buf_reserve(struct buf *b, size_t n);
void buf_put(struct buf *b, const void *src, size_t n);
void buf_zeros(struct buf *b, size_t n);
void buf_pad(struct buf *b, size_t align); /* zero bytes up to align, from offset 0 */
void buf_u8(struct buf *b, uint8_t v);
void buf_u16le(struct buf *b, uint16_t v);
void buf_u32le(struct buf *b, uint32_t v);
void buf_u64le(struct buf *b, uint64_t v);
/* Aligned metadata words, as the format's reader expects them. */
void buf_a16(struct buf *b, uint16_t v);
void buf_a32(struct buf *b, uint32_t v);
void buf_a64(struct buf *b, uint64_t v); /* u64s are aligned to 4 only */

/* ---- init data as a stream of items ----
 *
 * The init data section is walked field by field; for writing it is kept
 * as a list of items: runs of raw bytes that hold no string (each starting
 * at an alignment the run's own fields need), strings, and the place of the
 * object data sections. The writer re-creates the padding between items and
 * encodes strings by the output's string rule, so a WAMR 1.x file can change
 * string form when it becomes an XIP image. */

/* Strings are kept as NUL-terminated copies. A 2.x string stored with
 * length 0 (which the runtime accepts as "") is this very pointer, so that
 * the writer can give it back in the same form. */
extern const char aotx_empty_form[1];

enum item_kind { ITEM_RAW, ITEM_STR, ITEM_DATA_SECTIONS };

struct item {
    enum item_kind kind;
    uint32_t align;
    const uint8_t *bytes; /* ITEM_RAW */
    size_t len;
    const char *str;      /* ITEM_STR */
};

struct aotx_priv {
    struct arena arena;
    struct item *items;
    size_t item_count, item_cap;
};

/* The string rule of a file: 2.x strings and 1.x XIP strings count a NUL. */
static inline int aotx_strings_have_nul(enum aotx_layout layout, unsigned e_type)
{
    return layout == AOTX_LAYOUT_2X || e_type == AOTX_ETYPE_XIP;
}

/* aotx_write(), also giving each section's body offset in the output
 * (body_offsets has m->section_count entries; NULL: not wanted). With out
 * NULL it only measures: *out_size and the offsets, no image. A NULL literal
 * or code (with its size) is written as zeros, to be filled in place. */
enum aotx_err aotx_write_layout(const struct aotx_module *m, uint8_t **out, size_t *out_size,
                                size_t *body_offsets, struct aotx_diag *d);

/* The bytes that make one custom section c the last section of a whole
 * image of at bytes, that layout and e_type: the pad to 4, the section
 * header, the body, exactly as aotx_write() would have put them last. On
 * success *tail is a new buffer of *tail_size bytes, for the caller to
 * write after the image or to append to it; the image is not touched. */
enum aotx_err aotx_custom_tail(size_t at, enum aotx_layout layout, unsigned e_type,
                               const struct aotx_custom *c, uint8_t **tail, size_t *tail_size,
                               struct aotx_diag *d);

/* Write a length-prefixed string (length aligned to 2) by a string rule. */
void aotx_put_str(struct buf *b, const char *s, int with_nul);

#endif
