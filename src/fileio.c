/* Whole-file reads, and writes that never leave a partial file behind. */
#define _GNU_SOURCE /* renameat2 */

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

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

/* The temporary files that exist now, for a signal's handler to remove: a
 * slot holds the name from just before the file is created until it is
 * renamed into place or removed. A handler may read them at any moment;
 * atomics keep what it sees whole. */
#define LIVE_TEMPS 16
static char *_Atomic live_temps[LIVE_TEMPS];

void aotx_out_remove_temps(void)
{
    for (int i = 0; i < LIVE_TEMPS; i++) {
        char *tmp = atomic_load(&live_temps[i]);
        if (tmp)
            unlink(tmp);
    }
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
    /* more at once than any caller writes: this one is not removed on a signal */
}

static void live_remove(const char *tmp)
{
    for (int i = 0; i < LIVE_TEMPS; i++)
        if (atomic_load(&live_temps[i]) == tmp) {
            atomic_store(&live_temps[i], NULL);
            return;
        }
}

/* ---- where an output goes ---- */

/* The directory part of path: "." for none, "/" for the root. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, path, n);
        dir[n] = 0;
    }
    return dir;
}

/* Nothing at path: the real path a file made there would have. */
static void id_of_nothing(const char *path, struct aotx_file_id *id)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    id->dir = dir_of(path);
    char *dir = id->dir ? realpath(id->dir, NULL) : NULL;
    if (!dir || !*name) {
        id->dir_errno = !id->dir ? ENOMEM : !dir ? errno : EISDIR; /* "x/" */
        free(dir);
        return;
    }
    id->real = malloc(strlen(dir) + strlen(name) + 2);
    if (id->real)
        sprintf(id->real, "%s/%s", strcmp(dir, "/") ? dir : "", name);
    else
        id->dir_errno = ENOMEM;
    free(dir);
}

void aotx_file_id(const char *path, struct aotx_file_id *id)
{
    memset(id, 0, sizeof *id);
    struct stat st;
    id->link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
    if (stat(path, &id->st) != 0) {
        id_of_nothing(path, id);
        return;
    }
    id->exists = 1;
    id->real = realpath(path, NULL);
    if (!id->real)
        id->dir_errno = errno;
    id->dir = dir_of(id->real ? id->real : path);
}

void aotx_file_id_free(struct aotx_file_id *id)
{
    free(id->real);
    free(id->dir);
    memset(id, 0, sizeof *id);
}

int aotx_same_file(const struct aotx_file_id *a, const struct aotx_file_id *b)
{
    if (a->exists || b->exists)
        return a->exists && b->exists && a->st.st_dev == b->st.st_dev &&
               a->st.st_ino == b->st.st_ino;
    return a->real && b->real && strcmp(a->real, b->real) == 0;
}

static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISSOCK(mode) ? "a socket"
                            : "of an unknown kind";
}

enum aotx_err aotx_out_check(const struct aotx_file_id *id, struct aotx_diag *d)
{
    if (id->exists && !S_ISREG(id->st.st_mode))
        return aotx_fail(d, AOTX_E_USAGE, "not a regular file (%s)", file_kind(id->st.st_mode));
    if (id->link && !id->exists)
        return aotx_fail(d, AOTX_E_USAGE, "a symbolic link to nothing: aot-xip writes through a "
                                          "link only to a file that exists");
    if (!id->real)
        return aotx_fail(d, AOTX_E_IO, "cannot create a file in '%s': %s",
                         id->dir ? id->dir : "?", strerror(id->dir_errno));
    if (access(id->dir, W_OK | X_OK) != 0)
        return aotx_fail(d, AOTX_E_IO, "cannot create a file in '%s': %s", id->dir,
                         strerror(errno));
    return AOTX_OK;
}

/* ---- writing ---- */

/* 0, or -1 with errno. */
static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w == 0 ? (errno = EIO, -1) : -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void forget_temp(struct aotx_out *f, int remove)
{
    if (f->tmp) {
        if (remove)
            unlink(f->tmp);
        live_remove(f->tmp);
    }
    free(f->tmp);
    free(f->target);
    f->tmp = f->target = NULL;
    f->placed = 0;
}

/* The temporary file beside the file f replaces (the link's target where
 * f->path is a symbolic link), with the old file's permission bits or a
 * new file's, its bytes on the disk before it is renamed. */
static enum aotx_err write_temp(struct aotx_out *f, const struct aotx_file_id *id,
                                struct aotx_diag *d)
{
    const char *target = id->link ? id->real : f->path;
    size_t n = strlen(target);
    f->target = strdup(target);
    char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (!f->target || !tmp) {
        free(tmp);
        forget_temp(f, 0);
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", f->path);
    }
    memcpy(tmp, target, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");

    live_add(tmp);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        enum aotx_err e = aotx_fail(d, AOTX_E_IO, "%s: cannot create a temporary file: %s",
                                    f->path, strerror(errno));
        live_remove(tmp);
        free(tmp);
        forget_temp(f, 0);
        return e;
    }
    f->tmp = tmp;
    /* mkstemp makes the file 0600: the old file's bits, or a new file's */
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, id->exists ? id->st.st_mode & 0777 : 0666 & ~mask) == 0 &&
             write_all(fd, f->p[0], f->n[0]) == 0 && write_all(fd, f->p[1], f->n[1]) == 0 &&
             fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        forget_temp(f, 1);
        return aotx_fail(d, AOTX_E_IO, "%s: write failed: %s", f->path, strerror(saved));
    }
    return AOTX_OK;
}

static enum aotx_err write_one(struct aotx_out *f, struct aotx_diag *d)
{
    struct aotx_file_id id;
    aotx_file_id(f->path, &id);
    enum aotx_err e = aotx_out_check(&id, d);
    if (e != AOTX_OK) {
        char why[sizeof d->msg];
        memcpy(why, d->msg, sizeof why);
        aotx_fail(d, e, "%s: %s", f->path, why);
    } else {
        e = write_temp(f, &id, d);
    }
    aotx_file_id_free(&id);
    return e;
}

enum aotx_err aotx_out_write(struct aotx_out *f, int n, struct aotx_diag *d)
{
    for (int i = 0; i < n; i++) {
        enum aotx_err e = f[i].to_stdout ? AOTX_OK : write_one(&f[i], d);
        if (e != AOTX_OK) {
            aotx_out_drop(f, i);
            return e;
        }
    }
    return AOTX_OK;
}

/* ---- putting in place ---- */

enum { PLACED_NEW = 1, PLACED_SWAPPED, PLACED_OVER };

/* Rename f's temporary file to its target; 0, or -1 with errno. Over a
 * regular file, the two names are swapped in one step (RENAME_EXCHANGE),
 * which leaves the old file at the temporary name, to be swapped back if a
 * later output fails, or removed; where nothing is, the rename refuses to
 * replace what might have come meanwhile. A file system that cannot swap,
 * or a system without renameat2(), gets rename(): the old file is gone. */
static int place(struct aotx_out *f)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    struct stat st;
    if (lstat(f->target, &st) == 0 && S_ISREG(st.st_mode) &&
        renameat2(AT_FDCWD, f->tmp, AT_FDCWD, f->target, RENAME_EXCHANGE) == 0) {
        f->placed = PLACED_SWAPPED;
        return 0;
    }
    if (lstat(f->target, &st) != 0 && errno == ENOENT &&
        renameat2(AT_FDCWD, f->tmp, AT_FDCWD, f->target, RENAME_NOREPLACE) == 0) {
        f->placed = PLACED_NEW;
        return 0;
    }
#endif
    if (rename(f->tmp, f->target) != 0)
        return -1;
    f->placed = PLACED_OVER;
    return 0;
}

/* Undo place() where it can be undone: the new file back at the temporary
 * name, the old one (if any) back at the target. */
static void unplace(struct aotx_out *f)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    if (f->placed == PLACED_SWAPPED &&
        renameat2(AT_FDCWD, f->tmp, AT_FDCWD, f->target, RENAME_EXCHANGE) == 0)
        f->placed = 0;
#endif
    if (f->placed == PLACED_NEW && rename(f->target, f->tmp) == 0)
        f->placed = 0;
}

static enum aotx_err write_stdout(const struct aotx_out *f, struct aotx_diag *d)
{
    if (write_all(STDOUT_FILENO, f->p[0], f->n[0]) != 0 ||
        write_all(STDOUT_FILENO, f->p[1], f->n[1]) != 0)
        return aotx_fail(d, AOTX_E_IO, "standard output: write failed: %s", strerror(errno));
    return AOTX_OK;
}

enum aotx_err aotx_out_put(struct aotx_out *f, int n, struct aotx_diag *d)
{
    enum aotx_err e = AOTX_OK;
    for (int i = 0; i < n && e == AOTX_OK; i++)
        if (f[i].to_stdout)
            e = write_stdout(&f[i], d);
    for (int i = 0; i < n && e == AOTX_OK; i++)
        if (!f[i].to_stdout && place(&f[i]) != 0)
            e = aotx_fail(d, AOTX_E_IO, "%s: cannot rename the finished file into place: %s",
                          f[i].path, strerror(errno));
    for (int i = n; e != AOTX_OK && i-- > 0;)
        unplace(&f[i]);
    for (int i = 0; i < n; i++) /* what is at a temporary name now: new or old, not wanted */
        forget_temp(&f[i], f[i].placed != PLACED_NEW && f[i].placed != PLACED_OVER);
    return e;
}

void aotx_out_drop(struct aotx_out *f, int n)
{
    for (int i = 0; i < n; i++)
        forget_temp(&f[i], 1);
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
