/* Shared by the parts of the .aot reader: the bounds-checked cursor over
 * one section (struct rd, read_cursor.c) and the state of one read (struct
 * ctx). read.c walks the file and its small sections, read_init.c the init
 * data section, read_reloc.c the relocation section. */
#ifndef AOTX_READ_INT_H
#define AOTX_READ_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "internal.h"

struct rd {
    const uint8_t *buf;
    size_t pos, end;  /* absolute file offsets */
    uint32_t sec_id;  /* for messages */
    size_t sec_off;
    struct aotx_diag *d;
};

struct ctx {
    struct aotx_module *m;
    struct arena *arena;
    struct aotx_diag *d;
    int with_nul;      /* the file's string rule */
    int gc;
    unsigned ptr_size; /* 4 or 8 */
    /* GC struct types, for sizing struct.new operands */
    uint32_t type_count_seen;
    const uint8_t **struct_fields; /* per type: field pairs, or NULL */
    uint32_t *struct_field_count;
};

/* ---- the cursor (read_cursor.c) ---- */

enum aotx_err rd_fail(struct rd *r, const char *fmt, ...) AOTX_PRINTF(2, 3);

static inline size_t rd_left(const struct rd *r) { return r->end - r->pos; }

enum aotx_err rd_need(struct rd *r, size_t n, const char *what);
enum aotx_err rd_align(struct rd *r, size_t a, const char *what);
enum aotx_err rd_bytes(struct rd *r, size_t n, const char *what, const uint8_t **out);
enum aotx_err rd_u8(struct rd *r, const char *what, uint8_t *v);
enum aotx_err rd_u16(struct rd *r, const char *what, uint16_t *v);
enum aotx_err rd_skip(struct rd *r, size_t n, const char *what);
/* A u32 count of records that take at least min_each bytes each. */
enum aotx_err rd_count(struct rd *r, const char *what, size_t min_each, uint32_t *n);
void *ctx_array(struct ctx *c, size_t count, size_t size);

/* rd_u32 and rd_u64 past their fast path: padding to check, or too few
 * bytes (the error). */
enum aotx_err rd_u32_padded(struct rd *r, const char *what, uint32_t *v);
enum aotx_err rd_u64_padded(struct rd *r, const char *what, uint64_t *v);
enum aotx_err rd_str_checked(struct ctx *c, struct rd *r, const char *what, const char **out);

/* Inline, the fast path at least: the loops over a module's hundred
 * thousand functions and names call these. */
#if defined(__GNUC__)
#define RD_INLINE inline __attribute__((always_inline))
#else
#define RD_INLINE inline
#endif

static RD_INLINE enum aotx_err rd_u32(struct rd *r, const char *what, uint32_t *v)
{
    if (!(r->pos & 3) && rd_left(r) >= 4) { /* aligned and there: no padding to check */
        *v = rd32le(r->buf + r->pos);
        r->pos += 4;
        return AOTX_OK;
    }
    return rd_u32_padded(r, what, v);
}

static RD_INLINE enum aotx_err rd_u64(struct rd *r, const char *what, uint64_t *v)
{
    if (!(r->pos & 3) && rd_left(r) >= 8) {
        *v = rd64le(r->buf + r->pos);
        r->pos += 8;
        return AOTX_OK;
    }
    return rd_u64_padded(r, what, v);
}

/* A string: inline where it is aligned, all there and NUL-terminated with
 * no NUL inside (a 2.x file's names, the hundred thousand of a big
 * module's relocation symbols); else rd_str_checked() finds what is wrong,
 * or copies a 1.x string. */
static RD_INLINE enum aotx_err rd_str(struct ctx *c, struct rd *r, const char *what,
                                      const char **out)
{
    if (c->with_nul && !(r->pos & 1) && rd_left(r) >= 2) {
        size_t n = rd16le(r->buf + r->pos);
        const uint8_t *p = r->buf + r->pos + 2;
        if (n && n <= rd_left(r) - 2 && p[n - 1] == 0 && !memchr(p, 0, n - 1)) {
            r->pos += 2 + n;
            *out = (const char *)p;
            return AOTX_OK;
        }
    }
    return rd_str_checked(c, r, what, out);
}

/* ---- the parts of the file ---- */

enum aotx_err rd_init(struct ctx *c, struct rd r);       /* read_init.c */
enum aotx_err rd_relocations(struct ctx *c, struct rd r); /* read_reloc.c */

#endif
