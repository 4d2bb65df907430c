/* The version, diagnostics, the module arena and the output buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "internal.h"

const char aotx_empty_form[1] = "";

const char *aotx_version(void)
{
    return AOTX_VERSION;
}

enum aotx_err aotx_fail(struct aotx_diag *d, enum aotx_err code, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
        aotx_diag_one_line(d->msg);
        d->code = code;
    }
    return code;
}

void aotx_diag_one_line(char *msg)
{
    for (; *msg; msg++)
        if ((unsigned char)*msg < 0x20 || *msg == 0x7f)
            *msg = '?';
}

const char *aotx_err_name(enum aotx_err e)
{
    switch (e) {
    case AOTX_OK: return "no error";
    case AOTX_E_IO: return "I/O error";
    case AOTX_E_FORMAT: return "malformed input";
    case AOTX_E_VERSION: return "unsupported version";
    case AOTX_E_UNSUPPORTED: return "unsupported input";
    case AOTX_E_NOMEM: return "out of memory";
    case AOTX_E_USAGE: return "invalid argument";
    }
    return "unknown error";
}

const char *aotx_section_name(uint32_t id)
{
    switch (id) {
    case AOTX_SEC_TARGET_INFO: return "target info";
    case AOTX_SEC_INIT_DATA: return "init data";
    case AOTX_SEC_TEXT: return "text";
    case AOTX_SEC_FUNCTION: return "function";
    case AOTX_SEC_EXPORT: return "export";
    case AOTX_SEC_RELOCATION: return "relocation";
    case 6: return "signature";
    case AOTX_SEC_CUSTOM: return "custom";
    }
    return "unknown";
}

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

int aotx_data_section_is_writable(const char *name)
{
    return strcmp(name, ".data") == 0 || strcmp(name, ".sdata") == 0 ||
           has_prefix(name, "__llvm_prf_cnts") || has_prefix(name, "__llvm_prf_data");
}

/* ---- arena ---- */

/* A bump arena: small blocks are carved out of 64 KiB chunks, so a module
 * with thousands of names costs a few callocs, not one per string; a block
 * larger than a quarter chunk gets a chunk of its own, linked behind the
 * current one so that chunk's free space stays in use. */
struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap; /* bytes of body */
    max_align_t body[];
};

#define ARENA_CHUNK ((size_t)64 * 1024)

void *arena_alloc(struct arena *a, size_t size)
{
    size_t al = _Alignof(max_align_t);
    if (size > SIZE_MAX - sizeof(struct arena_chunk) - al)
        return NULL;
    size = size ? (size + al - 1) / al * al : al;
    struct arena_chunk *h = a->head;
    if (h && h->cap - h->used >= size) {
        void *p = (char *)h->body + h->used;
        h->used += size;
        return p;
    }
    size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
    struct arena_chunk *c = calloc(1, sizeof *c + cap);
    if (!c)
        return NULL;
    c->used = size;
    c->cap = cap;
    if (cap == size && h) { /* a big block: keep the current chunk in front */
        c->next = h->next;
        h->next = c;
    } else {
        c->next = h;
        a->head = c;
    }
    return c->body;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const uint8_t *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

void arena_free(struct arena *a)
{
    while (a->head) {
        struct arena_chunk *c = a->head;
        a->head = c->next;
        free(c);
    }
}

/* ---- output buffer ---- */

/* A buf with no storage and cap SIZE_MAX only measures: len counts the
 * bytes and nothing is stored (aotx_write_layout sizes its output so). */
static uint8_t *buf_grow(struct buf *b, size_t n)
{
    if (b->oom)
        return NULL;
    if (!b->p && b->cap == SIZE_MAX) {
        if (n > SIZE_MAX - b->len)
            b->oom = 1;
        else
            b->len += n;
        return NULL;
    }
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n) {
            if (cap > SIZE_MAX / 2) {
                b->oom = 1;
                return NULL;
            }
            cap *= 2;
        }
        uint8_t *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
        b->zeroed = 0; /* realloc's new bytes are not */
    }
    uint8_t *at = b->p + b->len;
    b->len += n;
    return at;
}

uint8_t *buf_reserve(struct buf *b, size_t n) { return buf_grow(b, n); }

void buf_put(struct buf *b, const void *src, size_t n)
{
    uint8_t *p = buf_grow(b, n);
    if (p && n)
        memcpy(p, src, n);
}

void buf_zeros(struct buf *b, size_t n)
{
    uint8_t *p = buf_grow(b, n);
    if (p && n && !b->zeroed)
        memset(p, 0, n);
}

void buf_pad(struct buf *b, size_t align)
{
    if (b->len & (align - 1)) /* align: a power of two */
        buf_zeros(b, align_up(b->len, align) - b->len);
}

void buf_u8(struct buf *b, uint8_t v) { buf_put(b, &v, 1); }

void buf_u16le(struct buf *b, uint16_t v)
{
    uint8_t *p = buf_grow(b, 2);
    if (p)
        wr16le(p, v);
}

void buf_u32le(struct buf *b, uint32_t v)
{
    uint8_t *p = buf_grow(b, 4);
    if (p)
        wr32le(p, v);
}

void buf_u64le(struct buf *b, uint64_t v)
{
    uint8_t *p = buf_grow(b, 8);
    if (p)
        wr64le(p, v);
}

void buf_a16(struct buf *b, uint16_t v)
{
    buf_pad(b, 2);
    buf_u16le(b, v);
}

void buf_a32(struct buf *b, uint32_t v)
{
    buf_pad(b, 4);
    buf_u32le(b, v);
}

void buf_a64(struct buf *b, uint64_t v)
{
    buf_pad(b, 4);
    buf_u64le(b, v);
}

void aotx_put_str(struct buf *b, const char *s, int with_nul)
{
    size_t n = strlen(s);
    if (s == aotx_empty_form) {
        buf_a16(b, 0);
        return;
    }
    if (n + (with_nul ? 1 : 0) > 0xffff) {
        if (!b->toolong)
            b->toolong = s;
        return;
    }
    buf_a16(b, (uint16_t)(n + (with_nul ? 1 : 0)));
    buf_put(b, s, n);
    if (with_nul)
        buf_u8(b, 0);
}
