/* The reader's cursor (struct rd in read_int.h): every primitive read of
 * the .aot reader, aligned as the WAMR loader aligns (relative to file
 * offset 0: u16 to 2, u32 and u64 to 4), never past the end of the current
 * section, and padding that must be zeros. The fast paths of rd_u32(),
 * rd_u64() and rd_str() are inline in read_int.h. */
#include <stdio.h>

#include "read_int.h"

enum aotx_err rd_fail(struct rd *r, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return aotx_fail(r->d, AOTX_E_FORMAT, "section %u (%s) at 0x%zx: %s", r->sec_id,
                     aotx_section_name(r->sec_id), r->sec_off, what);
}

enum aotx_err rd_need(struct rd *r, size_t n, const char *what)
{
    if (n > rd_left(r))
        return rd_fail(r, "%s at offset 0x%zx needs %zu bytes, but the section ends at 0x%zx",
                       what, r->pos, n, r->end);
    return AOTX_OK;
}

enum aotx_err rd_align(struct rd *r, size_t a, const char *what)
{
    size_t p = align_up(r->pos, a);
    if (p > r->end)
        return rd_fail(r, "padding before %s at offset 0x%zx runs past the end of the section "
                       "(0x%zx)", what, r->pos, r->end);
    /* the writer pads with zeros: other bytes would not come back */
    for (; r->pos < p; r->pos++)
        if (r->buf[r->pos])
            return rd_fail(r, "padding byte before %s at offset 0x%zx is 0x%02x, not 0", what,
                           r->pos, r->buf[r->pos]);
    return AOTX_OK;
}

enum aotx_err rd_bytes(struct rd *r, size_t n, const char *what, const uint8_t **out)
{
    TRY(rd_need(r, n, what));
    *out = r->buf + r->pos;
    r->pos += n;
    return AOTX_OK;
}

enum aotx_err rd_u8(struct rd *r, const char *what, uint8_t *v)
{
    TRY(rd_need(r, 1, what));
    *v = r->buf[r->pos++];
    return AOTX_OK;
}

enum aotx_err rd_u16(struct rd *r, const char *what, uint16_t *v)
{
    TRY(rd_align(r, 2, what));
    TRY(rd_need(r, 2, what));
    *v = rd16le(r->buf + r->pos);
    r->pos += 2;
    return AOTX_OK;
}

/* rd_u32 and rd_u64 past their fast path: padding to check, or too few
 * bytes (the error). */
enum aotx_err rd_u32_padded(struct rd *r, const char *what, uint32_t *v)
{
    TRY(rd_align(r, 4, what));
    TRY(rd_need(r, 4, what));
    *v = rd32le(r->buf + r->pos);
    r->pos += 4;
    return AOTX_OK;
}

enum aotx_err rd_u64_padded(struct rd *r, const char *what, uint64_t *v)
{
    TRY(rd_align(r, 4, what));
    TRY(rd_need(r, 8, what));
    *v = rd64le(r->buf + r->pos);
    r->pos += 8;
    return AOTX_OK;
}

enum aotx_err rd_skip(struct rd *r, size_t n, const char *what)
{
    const uint8_t *p;
    return rd_bytes(r, n, what, &p);
}

/* A u32 count of records that take at least min_each bytes each. */
enum aotx_err rd_count(struct rd *r, const char *what, size_t min_each, uint32_t *n)
{
    size_t at = align_up(r->pos, 4);
    TRY(rd_u32(r, what, n));
    if (min_each && *n > rd_left(r) / min_each)
        return rd_fail(r, "%s %u at offset 0x%zx needs at least %llu bytes, but only %zu remain",
                       what, *n, at, (unsigned long long)*n * min_each, rd_left(r));
    return AOTX_OK;
}

enum aotx_err rd_str_checked(struct ctx *c, struct rd *r, const char *what, const char **out)
{
    size_t at = align_up(r->pos, 2);
    uint16_t n;
    const uint8_t *p;
    TRY(rd_u16(r, what, &n));
    TRY(rd_bytes(r, n, what, &p));
    if (c->with_nul) {
        if (n == 0) {
            *out = aotx_empty_form;
            return AOTX_OK;
        }
        if (p[n - 1] != 0)
            return rd_fail(r, "%s at offset 0x%zx is not NUL-terminated", what, at);
        n--;
    }
    if (memchr(p, 0, n))
        return rd_fail(r, "%s at offset 0x%zx has a NUL byte inside%s", what, at,
                       c->with_nul ? "" : " (a WAMR 1.x string carries none)");
    if (c->with_nul) { /* a C string in the buffer already: point to it */
        *out = (const char *)p;
        return AOTX_OK;
    }
    char *s = arena_strndup(c->arena, p, n);
    if (!s)
        return aotx_fail(c->d, AOTX_E_NOMEM, "out of memory");
    *out = s;
    return AOTX_OK;
}

void *ctx_array(struct ctx *c, size_t count, size_t size)
{
    void *p = arena_array(c->arena, count, size);
    if (!p)
        aotx_fail(c->d, AOTX_E_NOMEM, "out of memory");
    return p;
}
