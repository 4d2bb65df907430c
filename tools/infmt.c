/* Reading back an image in the formats outfmt.c writes. The text formats
 * are taken strictly, record by record: a damaged or truncated file is
 * refused with the line that is wrong, never read as fewer or other bytes.
 * The data must be one contiguous run, in order, as the tool writes it. */
#define _POSIX_C_SOURCE 200809L

#include "infmt.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

#define FAIL(...) outfmt_fail(err, errsize, __VA_ARGS__)

/* The image from data records: one contiguous run, in order. */
struct run {
    const char *fmt; /* "ihex", "srec": for the messages */
    uint8_t *b;
    size_t n, cap;
    uint64_t start;
    uint32_t records;
    int started, ended;
};

static int run_add(struct run *r, unsigned line, uint64_t addr, const uint8_t *d, size_t n,
                   char *err, size_t errsize)
{
    if (!r->started) {
        r->start = addr;
        r->started = 1;
    } else if (addr != r->start + r->n) {
        return FAIL("%s: line %u: data at 0x%08" PRIx64 ", expected 0x%08" PRIx64 ": the image "
                    "must be one contiguous run (a gap or an overlap)", r->fmt, line, addr,
                    r->start + r->n);
    }
    if (r->n + n > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 4096;
        uint8_t *b = realloc(r->b, cap);
        if (!b)
            return FAIL("out of memory");
        r->b = b;
        r->cap = cap;
    }
    memcpy(r->b + r->n, d, n);
    r->n += n;
    r->records++;
    return 0;
}

/* Lines of a text file: "\n" or "\r\n" ends each. */
struct lines {
    const char *p, *end;
    unsigned no;
};

/* The next line into s[0..*len): 1, or 0 at the end of the file. */
static int next_line(struct lines *l, const char **s, size_t *len)
{
    if (l->p >= l->end)
        return 0;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    const char *e = nl ? nl : l->end;
    *s = l->p;
    *len = (size_t)(e - l->p);
    if (*len && e[-1] == '\r')
        (*len)--;
    l->p = nl ? nl + 1 : l->end;
    l->no++;
    return 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

enum { REC_MAX = 260 }; /* a count byte, 4 address bytes, 255 bytes */

/* s[0..len) as pairs of hex digits into out: the count of bytes, or -1
 * (an odd count, a character that is not a hex digit, or too many). */
static long unhex(const char *s, size_t len, uint8_t out[REC_MAX])
{
    if (len % 2 || len / 2 > REC_MAX)
        return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(len / 2);
}

static unsigned byte_sum(const uint8_t *b, long n)
{
    unsigned sum = 0;
    for (long i = 0; i < n; i++)
        sum += b[i];
    return sum & 0xffu;
}

/* ---------------------------------------------------------------- ihex */

/* The data bytes each Intel HEX record type has (-1: any), 00..05. */
static const int ihex_len[6] = {-1, 0, 2, 4, 2, 4};

/* One Intel HEX record, ":LLAAAATT<data>CC", its checksum checked. *upper
 * is the address the type 02 and 04 records set. */
static int ihex_record(struct run *r, unsigned line, const char *s, size_t len, uint64_t *upper,
                       char *err, size_t errsize)
{
    uint8_t b[REC_MAX];
    long n = len && s[0] == ':' ? unhex(s + 1, len - 1, b) : -1;
    if (n < 0)
        return FAIL("ihex: line %u: not an Intel HEX record (':' and pairs of hex digits)",
                    line);
    if (n < 5)
        return FAIL("ihex: line %u: record too short (%ld bytes; at least 5)", line, n);
    if (b[0] != n - 5)
        return FAIL("ihex: line %u: record length %u does not match its %ld data bytes", line,
                    b[0], n - 5);
    if (byte_sum(b, n) != 0)
        return FAIL("ihex: line %u: checksum 0x%02X, expected 0x%02X (a damaged record)", line,
                    b[n - 1], -byte_sum(b, n - 1) & 0xffu);
    unsigned type = b[3], addr = (unsigned)b[1] << 8 | b[2];
    if (type > 5)
        return FAIL("ihex: line %u: unknown record type 0x%02X (00 to 05)", line, type);
    if (ihex_len[type] >= 0 && b[0] != ihex_len[type])
        return FAIL("ihex: line %u: record type 0x%02X with %u data bytes, expected %d", line,
                    type, b[0], ihex_len[type]);
    if (type == 0 && addr + b[0] > 0x10000)
        return FAIL("ihex: line %u: data record wraps past a 64 KiB boundary", line);
    if (type == 0)
        return run_add(r, line, *upper + addr, b + 4, b[0], err, errsize);
    if (type == 1)
        r->ended = 1;
    else if (type == 2)
        *upper = (uint64_t)((unsigned)b[4] << 8 | b[5]) << 4;
    else if (type == 4)
        *upper = (uint64_t)((unsigned)b[4] << 8 | b[5]) << 16;
    return 0; /* 03, 05: a start address, not needed */
}

/* ---------------------------------------------------------------- srec */

/* The address bytes of S-record types S0..S9 (0: S4, reserved). */
static const unsigned srec_alen[10] = {2, 2, 3, 4, 0, 2, 3, 4, 3, 2};

/* One S-record, "S<t><count><address><data><checksum>". */
static int srec_record(struct run *r, unsigned line, const char *s, size_t len, char *err,
                       size_t errsize)
{
    uint8_t b[REC_MAX];
    if (len < 2 || s[0] != 'S' || s[1] < '0' || s[1] > '9')
        return FAIL("srec: line %u: not an S-record ('S' and a type digit)", line);
    unsigned type = (unsigned)(s[1] - '0'), alen = srec_alen[type];
    if (!alen)
        return FAIL("srec: line %u: unknown record type S4", line);
    long n = unhex(s + 2, len - 2, b);
    if (n < 0)
        return FAIL("srec: line %u: not an S-record (pairs of hex digits after 'S%u')", line,
                    type);
    if (n >= 1 && b[0] != n - 1)
        return FAIL("srec: line %u: byte count %u does not match the record's %ld bytes", line,
                    b[0], n - 1);
    if (n < 1 || b[0] < alen + 1)
        return FAIL("srec: line %u: record too short for its %u-byte address", line, alen);
    unsigned want = ~byte_sum(b, n - 1) & 0xffu;
    if (b[n - 1] != want)
        return FAIL("srec: line %u: checksum 0x%02X, expected 0x%02X (a damaged record)", line,
                    b[n - 1], want);
    uint64_t addr = rdn(b + 1, alen, 1);
    if (type >= 1 && type <= 3)
        return run_add(r, line, addr, b + 1 + alen, (size_t)n - 2 - alen, err, errsize);
    if ((type == 5 || type == 6) && addr != r->records)
        return FAIL("srec: line %u: record count %" PRIu64 ", but %" PRIu32 " data records "
                    "before it", line, addr, r->records);
    if (type >= 7)
        r->ended = 1;
    return 0; /* S0: the header */
}

/* ---------------------------------------------------------------- both */

static int read_records(const uint8_t *p, size_t n, struct run *r, char *err, size_t errsize)
{
    struct lines l = {(const char *)p, (const char *)p + n, 0};
    const char *s;
    size_t len;
    uint64_t upper = 0;
    int ihex = !strcmp(r->fmt, "ihex");
    while (next_line(&l, &s, &len)) {
        if (r->ended) {
            if (len)
                return FAIL("%s: line %u: a record after the end record", r->fmt, l.no);
        } else if (ihex ? ihex_record(r, l.no, s, len, &upper, err, errsize)
                        : srec_record(r, l.no, s, len, err, errsize)) {
            return -1;
        }
    }
    if (!r->ended)
        return FAIL("%s: no end record (%s): the file is truncated", r->fmt,
                    ihex ? "type 01" : "S7, S8 or S9");
    if (!r->n)
        return FAIL("%s: no data records", r->fmt);
    return 0;
}

static int text_read(const uint8_t *p, size_t n, struct infmt_image *img, char *err,
                     size_t errsize)
{
    struct run r = {.fmt = outfmt_name(img->format)};
    if (read_records(p, n, &r, err, errsize)) {
        free(r.b);
        return -1;
    }
    img->own = r.b;
    img->p = r.b;
    img->size = r.n;
    img->load = r.start;
    img->has_load = 1;
    return 0;
}

/* ---------------------------------------------------------------- ELF */

/* The one PT_LOAD segment whose bytes start as a WAMR AOT file does. */
static int elf_read(const uint8_t *p, size_t n, struct infmt_image *img, char *err,
                    size_t errsize)
{
    const int w = n > 4 && p[4] == 2, be = n > 5 && p[5] == 2;
    if (n < (w ? 64u : 52u) || (p[4] != 1 && p[4] != 2) || (p[5] != 1 && p[5] != 2))
        return FAIL("elf: truncated header, or an unknown class or byte order");
    uint64_t phoff = rdn(p + (w ? 32 : 28), w ? 8 : 4, be);
    unsigned phentsize = rd16(p + (w ? 54 : 42), be), phnum = rd16(p + (w ? 56 : 44), be);
    if (phentsize < (w ? 56u : 32u) || phoff > n || (uint64_t)phnum * phentsize > n - phoff)
        return FAIL("elf: program headers at 0x%" PRIx64 " (%u of %u bytes) are not within "
                    "the file's %zu bytes", phoff, phnum, phentsize, n);
    unsigned found = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = p + phoff + (size_t)i * phentsize;
        if (rd32(ph, be) != 1) /* PT_LOAD */
            continue;
        uint64_t off = w ? rd64(ph + 8, be) : rd32(ph + 4, be);
        uint64_t paddr = w ? rd64(ph + 24, be) : rd32(ph + 12, be);
        uint64_t filesz = w ? rd64(ph + 32, be) : rd32(ph + 16, be);
        if (off > n || filesz > n - off)
            return FAIL("elf: PT_LOAD segment %u (%" PRIu64 " bytes at offset 0x%" PRIx64
                        ") is not within the file's %zu bytes", i, filesz, off, n);
        if (filesz < 4 || memcmp(p + off, "\0aot", 4))
            continue;
        img->p = p + off;
        img->size = (size_t)filesz;
        img->load = paddr;
        img->has_load = 1;
        found++;
    }
    if (found != 1)
        return found ? FAIL("elf: %u PT_LOAD segments hold a WAMR AOT image; expected one",
                            found)
                     : FAIL("elf: no PT_LOAD segment holds a WAMR AOT image (bytes 00 61 6f 74)");
    return 0;
}

/* ---------------------------------------------------------------- C */

/* The array's want bytes, "0xNN," each, then '}', from q into b. */
static int c_bytes(const char *q, const char *end, unsigned line, uint8_t *b, size_t want,
                   char *err, size_t errsize)
{
    for (size_t got = 0;; q += 4) {
        for (; q < end && (*q == ' ' || *q == ',' || *q == '\n'); q++)
            line += *q == '\n';
        if (q < end && *q == '}') {
            if (got == want)
                return 0;
            return FAIL("c: line %u: the array ends after %zu of its %zu bytes", line, got,
                        want);
        }
        if (got == want)
            return FAIL("c: line %u: expected '}' after the array's %zu bytes", line, want);
        if (end - q < 4 || q[0] != '0' || q[1] != 'x' || hexval(q[2]) < 0 || hexval(q[3]) < 0)
            return FAIL("c: line %u: expected a byte (0xNN)", line);
        b[got++] = (uint8_t)(hexval(q[2]) << 4 | hexval(q[3]));
    }
}

/* The -O c array: "NAME[SIZE] = {", then SIZE bytes. */
static int c_read(const uint8_t *p, size_t n, struct infmt_image *img, char *err,
                  size_t errsize)
{
    const char *s = (const char *)p, *end = s + n, *open = NULL;
    for (const char *q = s; q + 5 <= end && !open; q++)
        if (!memcmp(q, "] = {", 5))
            open = q;
    const char *lb = open;
    while (lb && lb > s && lb[-1] >= '0' && lb[-1] <= '9')
        lb--;
    if (!open || lb == open || lb == s || lb[-1] != '[')
        return FAIL("c: no array 'NAME[SIZE] = {' (is this the -O c header? check the .c "
                    "file)");
    size_t want = strtoul(lb, NULL, 10);
    unsigned line = 1;
    for (const char *q = s; q < open; q++)
        line += *q == '\n';
    uint8_t *b = malloc(want ? want : 1);
    if (!b)
        return FAIL("out of memory");
    if (c_bytes(open + 5, end, line, b, want, err, errsize)) {
        free(b);
        return -1;
    }
    img->own = b;
    img->p = b;
    img->size = want;
    return 0;
}

int infmt_read(const uint8_t *p, size_t n, struct infmt_image *img, char *err, size_t errsize)
{
    static const char c_head[] = "/* Generated by aot-xip";
    *img = (struct infmt_image){.format = OUTFMT_AOT, .p = p, .size = n};
    if (n >= 4 && !memcmp(p, "\x7f" "ELF", 4)) {
        img->format = OUTFMT_ELF;
        return elf_read(p, n, img, err, errsize);
    }
    if (n && (p[0] == ':' || (p[0] == 'S' && n > 1 && p[1] >= '0' && p[1] <= '9'))) {
        img->format = p[0] == ':' ? OUTFMT_IHEX : OUTFMT_SREC;
        return text_read(p, n, img, err, errsize);
    }
    if (n >= sizeof c_head - 1 && !memcmp(p, c_head, sizeof c_head - 1)) {
        img->format = OUTFMT_C;
        return c_read(p, n, img, err, errsize);
    }
    return 0;
}

void infmt_free(struct infmt_image *img)
{
    free(img->own);
    img->own = NULL;
}
