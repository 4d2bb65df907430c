/* Whole-file reads, input files mapped read-only, and writes that never
 * leave a partial file behind. */
#define _GNU_SOURCE /* madvise, MAP_POPULATE, renameat2 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
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
/* madvise() the whole pages in [from, to), to rounded up instead of down
 * when whole_last (the page is all the caller's: a mapping's end). */
static void advise_pages(uintptr_t from, uintptr_t to, int whole_last, int advice)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return;
    uintptr_t mask = (uintptr_t)page - 1;
    uintptr_t lo = (from + mask) & ~mask, hi = whole_last ? (to + mask) & ~mask : to & ~mask;
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, advice);
}

void aotx_prefault(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (p && n >= ((size_t)1 << 20))
        advise_pages((uintptr_t)p, (uintptr_t)p + n, 0, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}

void aotx_release_input(const void *map, size_t map_size, const void *p, size_t n)
{
    uintptr_t base = (uintptr_t)map, from = (uintptr_t)p;
    if (!map || !p || from < base || from - base > map_size || n > map_size - (from - base))
        return;
    advise_pages(from, from + n, from + n == base + map_size, MADV_DONTNEED);
}

/* Open path for reading; it must be a regular file. */
static enum aotx_err open_regular(const char *path, int *fd, struct stat *st,
                                  struct aotx_diag *d)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return aotx_fail(d, AOTX_E_IO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(*fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(*fd);
        return aotx_fail(d, AOTX_E_IO, "%s: not a regular file", path);
    }
    return AOTX_OK;
}

/* The n bytes of fd into a new buffer. */
static enum aotx_err read_whole(int fd, const char *path, size_t n, uint8_t **buf,
                                struct aotx_diag *d)
{
    uint8_t *p = malloc(n ? n : 1);
    if (!p)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory reading %zu bytes", path, n);
    aotx_prefault(p, n);
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got != n) {
        free(p);
        return aotx_fail(d, AOTX_E_IO, "%s: read failed", path);
    }
    *buf = p;
    return AOTX_OK;
}

enum aotx_err aotx_read_file(const char *path, uint8_t **buf, size_t *size, struct aotx_diag *d)
{
    *buf = NULL;
    *size = 0;
    int fd;
    struct stat st;
    TRY(open_regular(path, &fd, &st, d));
    size_t n = (size_t)st.st_size;
    enum aotx_err e = read_whole(fd, path, n, buf, d);
    close(fd);
    if (e == AOTX_OK)
        *size = n;
    return e;
}

enum aotx_err aotx_map_file(const char *path, struct aotx_mapping *mf, struct aotx_diag *d)
{
    memset(mf, 0, sizeof *mf);
    int fd;
    TRY(open_regular(path, &fd, &mf->st, d));
    mf->path = path;
    mf->size = (size_t)mf->st.st_size;
    if (mf->size) {
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        /* every byte is read: all the pages in one call, not a fault for a few */
        if (mf->size >= ((size_t)1 << 20))
            flags |= MAP_POPULATE;
#endif
        void *p = mmap(NULL, mf->size, PROT_READ, flags, fd, 0);
        if (p != MAP_FAILED) {
            close(fd);
            mf->p = p;
            mf->mapped = 1;
            return AOTX_OK;
        }
    }
    /* An empty file cannot be mapped (the reader says what is wrong with no
     * bytes); one that mmap refuses (a file system without it) is read. */
    uint8_t *p = NULL;
    enum aotx_err e = read_whole(fd, path, mf->size, &p, d);
    close(fd);
    mf->p = p;
    return e;
}

/* The guarded mappings, newest first, and the SIGBUS disposition from
 * before the first. SIGBUS is synchronous, raised by a read of this process
 * after aotx_map_guard() has returned, so the handler sees the list whole. */
static struct aotx_mapping *guarded;
static struct sigaction bus_before;

/* The temporary files that exist now, for on_sigbus() to remove: a slot
 * holds the name from just before the file is created until it is renamed
 * into place or removed. The writing thread sets and clears them while a
 * verification thread may read the input and take the SIGBUS; atomics keep
 * what the handler sees whole. */
#define LIVE_TEMPS 16
static char *_Atomic live_temps[LIVE_TEMPS];

static void put_stderr(const char *s)
{
    for (size_t n = strlen(s); n;) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Only async-signal-safe calls: strlen, write, unlink, _exit, sigaction,
 * raise (and lock-free atomic loads). */
static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    uintptr_t a = (uintptr_t)si->si_addr;
    for (const struct aotx_mapping *mf = guarded; mf; mf = mf->next_guarded)
        if (a - (uintptr_t)mf->p < mf->size) {
            put_stderr("aot-xip: error: ");
            put_stderr(mf->path);
            put_stderr(": the file was cut short while aot-xip was reading it; nothing "
                       "written\n");
            for (int i = 0; i < LIVE_TEMPS; i++) { /* outputs not yet in place */
                char *tmp = atomic_load(&live_temps[i]);
                if (tmp)
                    unlink(tmp);
            }
            _exit(mf->exit_status);
        }
    /* not a guarded input's: the disposition from before deals with it */
    sigaction(sig, &bus_before, NULL);
    raise(sig);
}

void aotx_map_guard(struct aotx_mapping *mf, int exit_status)
{
    if (!mf->mapped)
        return; /* a copy in memory cannot be cut short */
    if (!guarded) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, &bus_before);
    }
    mf->exit_status = exit_status;
    mf->next_guarded = guarded;
    guarded = mf;
}

enum aotx_err aotx_map_unchanged(const struct aotx_mapping *mf, struct aotx_diag *d)
{
    struct stat now;
    if (stat(mf->path, &now) != 0 || now.st_dev != mf->st.st_dev ||
        now.st_ino != mf->st.st_ino || now.st_size != mf->st.st_size ||
        now.st_mtim.tv_sec != mf->st.st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != mf->st.st_mtim.tv_nsec)
        return aotx_fail(d, AOTX_E_IO,
                         "%s: the file changed while aot-xip was reading it; nothing written",
                         mf->path);
    return AOTX_OK;
}

void aotx_unmap_file(struct aotx_mapping *mf)
{
    for (struct aotx_mapping **l = &guarded; *l; l = &(*l)->next_guarded)
        if (*l == mf) {
            *l = mf->next_guarded;
            if (!guarded)
                sigaction(SIGBUS, &bus_before, NULL);
            break;
        }
    if (mf->mapped)
        munmap((void *)mf->p, mf->size);
    else
        free((void *)mf->p);
    memset(mf, 0, sizeof *mf);
}

enum aotx_err aotx_write_file(const char *path, const uint8_t *buf, size_t size,
                              struct aotx_diag *d)
{
    return aotx_write_files(&path, &buf, &size, 1, d);
}

static void live_add(char *tmp)
{
    for (int i = 0; i < LIVE_TEMPS; i++) {
        char *none = NULL;
        if (atomic_compare_exchange_strong(&live_temps[i], &none, tmp))
            return;
    }
    /* more at once than any caller writes: this one is not removed on a SIGBUS */
}

static void live_remove(const char *tmp)
{
    for (int i = 0; i < LIVE_TEMPS; i++)
        if (atomic_load(&live_temps[i]) == tmp) {
            atomic_store(&live_temps[i], NULL);
            return;
        }
}

static void drop_temp(struct aotx_out *f)
{
    if (!f->tmp)
        return;
    unlink(f->tmp);
    live_remove(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
}

static enum aotx_err write_temp(struct aotx_out *f, struct aotx_diag *d)
{
    size_t n = strlen(f->path);
    char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (!tmp)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", f->path);
    memcpy(tmp, f->path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");

    live_add(tmp);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        enum aotx_err e = aotx_fail(d, AOTX_E_IO, "%s: cannot create a temporary file: %s",
                                    f->path, strerror(errno));
        live_remove(tmp);
        free(tmp);
        return e;
    }
    f->tmp = tmp;
    /* mkstemp makes the file 0600; give it the mode a plain create would. */
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, 0666 & ~mask) == 0;
    for (int k = 0; k < 2; k++)
        for (size_t off = 0; ok && off < f->n[k];) {
            ssize_t w = write(fd, f->p[k] + off, f->n[k] - off);
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
        drop_temp(f);
        return aotx_fail(d, AOTX_E_IO, "%s: write failed: %s", f->path, strerror(saved));
    }
    return AOTX_OK;
}

/* Put the finished file tmp at path. rename() would do, but where path
 * names a file already, ext4 (auto_da_alloc, its default) then writes the
 * new file's pages back before rename() returns: 9 ms of a 13 MB image's
 * 50 ms. Swapping the two names in one step (RENAME_EXCHANGE) and removing
 * the old file, now at tmp, leaves path naming a whole file at every moment
 * just the same, without that write-back; lld avoids it alike, by removing
 * its old output before it renames the new one in. Anything but a regular
 * file at path (a directory, a symbolic link), a file system that cannot
 * swap, and a kernel or C library without renameat2() get rename(). */
static int put_in_place(const char *tmp, const char *path)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
        if (unlink(tmp) == 0)
            return 0;
        /* path became something unlink() refuses after the lstat(): swap
         * back and let rename() give the error it gives for such a path */
        int saved = errno;
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) != 0) {
            errno = saved;
            return -1;
        }
    }
#endif
    return rename(tmp, path);
}

enum aotx_err aotx_out_write(struct aotx_out *f, int n, struct aotx_diag *d)
{
    for (int i = 0; i < n; i++) {
        enum aotx_err e = write_temp(&f[i], d);
        if (e != AOTX_OK) {
            aotx_out_drop(f, i);
            return e;
        }
    }
    return AOTX_OK;
}

enum aotx_err aotx_out_put(struct aotx_out *f, int n, struct aotx_diag *d)
{
    for (int i = 0; i < n; i++) {
        if (put_in_place(f[i].tmp, f[i].path) != 0) {
            enum aotx_err e = aotx_fail(d, AOTX_E_IO, "%s: cannot rename the finished file "
                                        "into place: %s", f[i].path, strerror(errno));
            /* the ones already put in place stay: they are complete files */
            aotx_out_drop(f + i, n - i);
            return e;
        }
        live_remove(f[i].tmp);
        free(f[i].tmp);
        f[i].tmp = NULL;
    }
    return AOTX_OK;
}

void aotx_out_drop(struct aotx_out *f, int n)
{
    for (int i = 0; i < n; i++)
        drop_temp(&f[i]);
}

enum aotx_err aotx_write_files(const char *const *paths, const uint8_t *const *bufs,
                               const size_t *sizes, int n, struct aotx_diag *d)
{
    struct aotx_out f[8];
    if (n > 8)
        return aotx_fail(d, AOTX_E_USAGE, "too many output files");
    for (int i = 0; i < n; i++)
        f[i] = (struct aotx_out){.path = paths[i], .p = {bufs[i]}, .n = {sizes[i]}};
    enum aotx_err e = aotx_out_write(f, n, d);
    return e == AOTX_OK ? aotx_out_put(f, n, d) : e;
}
