/* Whole-file reads, and writes that never leave a partial file behind. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Fault in the pages of a big, fresh allocation in one call rather than one
 * trap a page as they are first touched (a fifth of a rewrite's time on a
 * 20 MB module). Advice only: a kernel without MADV_POPULATE_WRITE (before
 * Linux 5.14) or another system leaves the pages to come as they are used. */
void aotx_prefault(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    long page = sysconf(_SC_PAGESIZE);
    if (p && page > 0 && n >= ((size_t)1 << 20)) {
        uintptr_t lo = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
        uintptr_t hi = ((uintptr_t)p + n) & ~((uintptr_t)page - 1);
        if (hi > lo)
            (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
    }
#else
    (void)p;
    (void)n;
#endif
}

enum aotx_err aotx_read_file(const char *path, uint8_t **buf, size_t *size, struct aotx_diag *d)
{
    *buf = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return aotx_fail(d, AOTX_E_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return aotx_fail(d, AOTX_E_IO, "%s: not a regular file", path);
    }
    size_t n = (size_t)st.st_size;
    uint8_t *p = malloc(n ? n : 1);
    if (!p) {
        fclose(f);
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory reading %zu bytes", path, n);
    }
    aotx_prefault(p, n);
    size_t got = fread(p, 1, n, f);
    int err = ferror(f);
    fclose(f);
    if (got != n || err) {
        free(p);
        return aotx_fail(d, AOTX_E_IO, "%s: read failed", path);
    }
    *buf = p;
    *size = n;
    return AOTX_OK;
}

enum aotx_err aotx_write_file(const char *path, const uint8_t *buf, size_t size,
                              struct aotx_diag *d)
{
    return aotx_write_files(&path, &buf, &size, 1, d);
}

static enum aotx_err write_temp(const char *path, const uint8_t *buf, size_t size, char **tmp_out,
                                struct aotx_diag *d)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (!tmp)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", path);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");

    int fd = mkstemp(tmp);
    if (fd < 0) {
        enum aotx_err e =
            aotx_fail(d, AOTX_E_IO, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        return e;
    }
    /* mkstemp makes the file 0600; give it the mode a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, 0666 & ~mask) == 0;
    for (size_t off = 0; ok && off < size;) {
        ssize_t w = write(fd, buf + off, size - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            off += (size_t)w;
    }
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return aotx_fail(d, AOTX_E_IO, "%s: write failed: %s", path, strerror(saved));
    }
    *tmp_out = tmp;
    return AOTX_OK;
}

enum aotx_err aotx_write_files(const char *const *paths, const uint8_t *const *bufs,
                               const size_t *sizes, int n, struct aotx_diag *d)
{
    char *tmp[8] = {0};
    enum aotx_err e = AOTX_OK;
    if (n > 8)
        return aotx_fail(d, AOTX_E_USAGE, "too many output files");
    for (int i = 0; i < n && e == AOTX_OK; i++)
        e = write_temp(paths[i], bufs[i], sizes[i], &tmp[i], d);
    for (int i = 0; i < n && e == AOTX_OK; i++)
        if (rename(tmp[i], paths[i]) != 0) {
            e = aotx_fail(d, AOTX_E_IO, "%s: cannot rename the finished file into place: %s",
                          paths[i], strerror(errno));
            /* the ones already renamed stay: they are complete files */
        } else {
            free(tmp[i]);
            tmp[i] = NULL;
        }
    for (int i = 0; i < n; i++)
        if (tmp[i]) {
            unlink(tmp[i]);
            free(tmp[i]);
        }
    return e;
}
