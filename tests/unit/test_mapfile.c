/* Input files mapped read-only (src/fileio.c): the bytes, the files read
 * instead of mapped, the errors (aotx_read_file()'s), the SIGBUS guard for a
 * file cut short while mapped, and the check that an input did not change
 * while it was read; pages of a mapping given back and read again; and
 * outputs put in place over what their paths name (a file, a symbolic link;
 * what is not a regular file is refused), in two steps, all or none, and
 * removed from their temporary files by the SIGBUS guard; which paths name
 * the same file. Each test works in a fresh
 * temporary directory. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* truncate */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/sysmacros.h> /* makedev */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "internal.h"
#define EXIT_INPUT 1 /* the tool's exit status for a failed input */

#define BIG (((size_t)1 << 20) + 100) /* mapped with MAP_POPULATE */

static int make_dir(void **state)
{
    char *dir = strdup("/tmp/aotx-mapfile.XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    *state = dir;
    return 0;
}

static int remove_dir(void **state)
{
    char *dir = *state, path[512];
    DIR *dh = opendir(dir);
    for (struct dirent *e; dh && (e = readdir(dh));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (dh)
        closedir(dh);
    rmdir(dir);
    free(dir);
    return 0;
}

static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 7 + (i >> 12));
}

/* dir/name holding n bytes of pattern(); its path in path. */
static void make_file(const char *dir, const char *name, size_t n, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    uint8_t *b = malloc(n ? n : 1);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        b[i] = pattern(i);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    free(b);
}

static void check_bytes(const char *dir, size_t n)
{
    char path[512];
    make_file(dir, "in.aot", n, path, sizeof path);
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    assert_int_equal(mf.mapped, 1);
    assert_int_equal(mf.size, n);
    assert_string_equal(mf.path, path);
    for (size_t i = 0; i < n; i++)
        if (mf.p[i] != pattern(i))
            fail_msg("byte %zu: 0x%02x, not 0x%02x", i, mf.p[i], pattern(i));
    aotx_unmap_file(&mf);
    assert_null(mf.p);
    assert_int_equal(mf.mapped, 0);
}

static void maps_a_small_file(void **state)
{
    check_bytes(*state, 5000); /* a page and a part */
}

static void maps_a_big_file(void **state)
{
    check_bytes(*state, BIG);
}

/* No mapping of no bytes: a heap buffer, and the reader's own error. */
static void reads_an_empty_file(void **state)
{
    char path[512];
    make_file(*state, "empty.aot", 0, path, sizeof path);
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    assert_int_equal(mf.mapped, 0);
    assert_int_equal(mf.size, 0);
    assert_non_null(mf.p);
    assert_int_equal(aotx_read(mf.p, mf.size, &m, &d), AOTX_E_FORMAT);
    assert_string_equal(d.msg, "empty file: not a WAMR AOT file");
    aotx_unmap_file(&mf);
}

static void errors_are_read_file_errors(void **state)
{
    const char *dir = *state;
    char missing[512], expect[600];
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    uint8_t *buf;
    size_t size;

    assert_int_equal(aotx_map_file(dir, &mf, &d), AOTX_E_IO);
    snprintf(expect, sizeof expect, "%s: not a regular file", dir);
    assert_string_equal(d.msg, expect);
    assert_null(mf.p);
    aotx_unmap_file(&mf);
    assert_int_equal(aotx_read_file(dir, &buf, &size, &d), AOTX_E_IO);
    assert_string_equal(d.msg, expect);

    snprintf(missing, sizeof missing, "%s/missing.aot", dir);
    assert_int_equal(aotx_map_file(missing, &mf, &d), AOTX_E_IO);
    snprintf(expect, sizeof expect, "%s: cannot open: %s", missing, strerror(ENOENT));
    assert_string_equal(d.msg, expect);
    assert_int_equal(aotx_read_file(missing, &buf, &size, &d), AOTX_E_IO);
    assert_string_equal(d.msg, expect);
}

/* Run fn(path) in a child whose stderr goes to err; its wait status. The
 * child reports its own failures by exit status (cmocka is the parent's). */
static int in_child(void (*fn)(const char *), const char *path, char *err, size_t cap)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (dup2(fds[1], STDERR_FILENO) < 0)
            _exit(90);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        fn(path);
        _exit(91); /* fn came back: its read raised no SIGBUS */
    }
    close(fds[1]);
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fds[0], err + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    err[n] = 0;
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void map_and_guard(const char *path, struct aotx_mapping *mf)
{
    struct aotx_diag d = {0};
    if (aotx_map_file(path, mf, &d) != AOTX_OK || !mf->mapped)
        _exit(92);
    aotx_map_guard(mf, EXIT_INPUT);
}

/* fn(path) in a child ends with the guard's message and exit status. */
static void expect_cut_short(void (*fn)(const char *), const char *path)
{
    char err[1024], expect[1024];
    int status = in_child(fn, path, err, sizeof err);
    snprintf(expect, sizeof expect,
             "aot-xip: error: %s: the file was cut short while aot-xip was reading it; "
             "nothing written\n", path);
    assert_string_equal(err, expect);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), EXIT_INPUT);
}

static void cut_short_then_read(const char *path)
{
    struct aotx_mapping mf;
    map_and_guard(path, &mf);
    if (truncate(path, 0) != 0)
        _exit(93);
    (void)*(volatile const uint8_t *)&mf.p[mf.size / 2];
}

static void cut_short_while_mapped(void **state)
{
    char path[512];
    make_file(*state, "in.aot", BIG, path, sizeof path);
    expect_cut_short(cut_short_then_read, path);
}

static void other_sigbus(const char *path)
{
    struct aotx_mapping mf;
    signal(SIGBUS, SIG_DFL);
    map_and_guard(path, &mf);
    raise(SIGBUS);
}

/* A SIGBUS that is not a guarded input's goes to the disposition before. */
static void other_sigbus_handed_on(void **state)
{
    char path[512], err[1024];
    make_file(*state, "in.aot", 5000, path, sizeof path);
    int status = in_child(other_sigbus, path, err, sizeof err);
    assert_string_equal(err, "");
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGBUS);
}

static int bus_is(void (*handler)(int))
{
    struct sigaction now;
    assert_int_equal(sigaction(SIGBUS, NULL, &now), 0);
    return !(now.sa_flags & SA_SIGINFO) && now.sa_handler == handler;
}

/* The guard is there while any guarded file is mapped, not after. */
static void unmap_restores_the_disposition(void **state)
{
    char a[512], b[512], e[512];
    struct aotx_mapping ma, mb, me;
    struct aotx_diag d = {0};
    struct sigaction before, ign = {0};
    make_file(*state, "a.aot", 5000, a, sizeof a);
    make_file(*state, "b.aot", 5000, b, sizeof b);
    make_file(*state, "e.aot", 0, e, sizeof e);
    ign.sa_handler = SIG_IGN;
    assert_int_equal(sigaction(SIGBUS, &ign, &before), 0);

    assert_int_equal(aotx_map_file(e, &me, &d), AOTX_OK);
    aotx_map_guard(&me, EXIT_INPUT); /* in memory: nothing to guard */
    assert_true(bus_is(SIG_IGN));
    assert_int_equal(aotx_map_file(a, &ma, &d), AOTX_OK);
    assert_int_equal(aotx_map_file(b, &mb, &d), AOTX_OK);
    aotx_map_guard(&ma, EXIT_INPUT);
    aotx_map_guard(&mb, EXIT_INPUT);
    assert_false(bus_is(SIG_IGN));
    aotx_unmap_file(&ma);
    assert_false(bus_is(SIG_IGN));
    aotx_unmap_file(&me);
    aotx_unmap_file(&mb);
    assert_true(bus_is(SIG_IGN));

    assert_int_equal(sigaction(SIGBUS, &before, NULL), 0);
}

static void expect_changed(const struct aotx_mapping *mf)
{
    char expect[600];
    struct aotx_diag d = {0};
    assert_int_equal(aotx_map_unchanged(mf, &d), AOTX_E_IO);
    snprintf(expect, sizeof expect,
             "%s: the file changed while aot-xip was reading it; nothing written", mf->path);
    assert_string_equal(d.msg, expect);
}

/* Give path the modification time of st, plus seconds. */
static void set_mtime(const char *path, const struct stat *st, time_t seconds)
{
    struct timespec t[2] = {st->st_atim, st->st_mtim};
    t[1].tv_sec += seconds;
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* Each of size, time and inode on its own, the others as they were. */
static void changed_size(void **state)
{
    char path[512];
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    make_file(*state, "in.aot", 5000, path, sizeof path);
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    assert_int_equal(aotx_map_unchanged(&mf, &d), AOTX_OK);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    assert_int_equal(fputc(0, f), 0);
    assert_int_equal(fclose(f), 0);
    set_mtime(path, &mf.st, 0);
    expect_changed(&mf);
    aotx_unmap_file(&mf);
}

static void changed_time(void **state)
{
    char path[512];
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    make_file(*state, "in.aot", 5000, path, sizeof path);
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    set_mtime(path, &mf.st, 0);
    assert_int_equal(aotx_map_unchanged(&mf, &d), AOTX_OK);
    set_mtime(path, &mf.st, 1);
    expect_changed(&mf);
    aotx_unmap_file(&mf);
}

static void replaced_or_removed(void **state)
{
    char path[512], other[512];
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    make_file(*state, "in.aot", 5000, path, sizeof path);
    make_file(*state, "new.aot", 5000, other, sizeof other);
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    set_mtime(other, &mf.st, 0);
    assert_int_equal(rename(other, path), 0);
    expect_changed(&mf);
    aotx_unmap_file(&mf);

    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    assert_int_equal(unlink(path), 0);
    expect_changed(&mf);
    aotx_unmap_file(&mf);
}

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

/* Whole pages in the range go; the bytes read the same again; the last
 * partial page goes with a range that ends where the mapping does; heap
 * bytes and ranges outside the mapping are left alone. */
static void released_pages_read_again(void **state)
{
    char path[512];
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    long page = sysconf(_SC_PAGESIZE);
    size_t n = 64 * (size_t)page + 100;
    make_file(*state, "in.aot", n, path, sizeof path);
    assert_int_equal(aotx_map_file(path, &mf, &d), AOTX_OK);
    assert_int_equal(mf.mapped, 1);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += mf.p[i];
    long all = mapping_rss_kb(mf.p);
    assert_int_equal(all, 65 * page / 1024);

    /* from the middle of page 1 to the middle of page 11: pages 2..10 */
    aotx_release_input(mf.p, mf.size, mf.p + page + 7, 10 * (size_t)page);
    assert_int_equal(mapping_rss_kb(mf.p), all - 9 * page / 1024);
    for (size_t i = 0; i < n; i++)
        if (mf.p[i] != pattern(i))
            fail_msg("byte %zu: 0x%02x, not 0x%02x", i, mf.p[i], pattern(i));
    assert_int_equal(mapping_rss_kb(mf.p), all);

    /* to the end: the partial last page too */
    aotx_release_input(mf.p, mf.size, mf.p + 60 * (size_t)page, n - 60 * (size_t)page);
    assert_int_equal(mapping_rss_kb(mf.p), all - 5 * page / 1024);
    aotx_release_input(mf.p, mf.size, mf.p, mf.size);
    assert_int_equal(mapping_rss_kb(mf.p), 0);
    /* past the end, or not in it: nothing */
    for (size_t i = 0; i < n; i++)
        sum -= mf.p[i];
    assert_int_equal(sum, 0);
    aotx_release_input(mf.p, mf.size, mf.p + 8 * (size_t)page, n);
    aotx_release_input(mf.p, mf.size, mf.p - page, 2 * (size_t)page);
    assert_int_equal(mapping_rss_kb(mf.p), all);
    aotx_unmap_file(&mf);

    /* heap bytes (map NULL) keep their contents */
    uint8_t *heap = aligned_alloc((size_t)page, 4 * (size_t)page);
    assert_non_null(heap);
    memset(heap, 0xa5, 4 * (size_t)page);
    aotx_release_input(NULL, 0, heap, 4 * (size_t)page);
    for (size_t i = 0; i < 4 * (size_t)page; i++)
        assert_int_equal(heap[i], 0xa5);
    free(heap);
}

/* Names in dir other than "." and "..", sorted, joined by spaces. */
static void dir_names(const char *dir, char *out, size_t cap)
{
    char names[16][64];
    int n = 0;
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    for (struct dirent *e; (e = readdir(dh));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            assert_true(n < 16 && strlen(e->d_name) < sizeof names[0]);
            memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
        }
    closedir(dh);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    out[0] = 0;
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", names[i]);
}

static void file_holds(const char *path, const char *text)
{
    char got[64] = {0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(text));
    assert_string_equal(got, text);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

/* Over an existing file: the path holds the new bytes with the old file's
 * permission bits; the old file (still reachable by a second link) is
 * untouched, as rename() would leave it; no temporary file is left. A new
 * file gets 0666 less the umask. */
static void output_replaces_a_file(void **state)
{
    char path[512], link_path[512], names[256];
    struct aotx_diag d = {0};
    snprintf(path, sizeof path, "%s/out.aot", (char *)*state);
    snprintf(link_path, sizeof link_path, "%s/old.aot", (char *)*state);
    write_text(path, "old bytes");
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(link(path, link_path), 0);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);

    assert_int_equal(aotx_write_file(path, (const uint8_t *)"new", 3, &d), AOTX_OK);
    file_holds(path, "new");
    file_holds(link_path, "old bytes");
    assert_int_equal(stat(path, &after), 0);
    assert_true(after.st_ino != before.st_ino);
    assert_int_equal(after.st_mode & 07777, 0640);
    assert_int_equal(stat(link_path, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_nlink, 1);
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "old.aot out.aot");

    /* and to a path that names nothing yet */
    assert_int_equal(unlink(path), 0);
    mode_t mask = umask(022);
    assert_int_equal(aotx_write_file(path, (const uint8_t *)"fresh", 5, &d), AOTX_OK);
    umask(mask);
    file_holds(path, "fresh");
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_mode & 07777, 0644);
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "old.aot out.aot");
}

/* What is not a regular file is refused before anything is written: a
 * directory, a FIFO, a symbolic link to either or to nothing. */
static void refused(const char *path, enum aotx_err code, const char *why)
{
    struct aotx_diag d = {0};
    char want[1100];
    assert_int_equal(aotx_write_file(path, (const uint8_t *)"new", 3, &d), code);
    snprintf(want, sizeof want, "%s: %s", path, why);
    assert_string_equal(d.msg, want);
}

static void output_not_a_regular_file(void **state)
{
    char dir[512], fifo[512], to_dir[512], to_fifo[512], dangling[512], names[256];
    snprintf(dir, sizeof dir, "%s/out.aot", (char *)*state);
    snprintf(fifo, sizeof fifo, "%s/fifo", (char *)*state);
    snprintf(to_dir, sizeof to_dir, "%s/to-dir", (char *)*state);
    snprintf(to_fifo, sizeof to_fifo, "%s/to-fifo", (char *)*state);
    snprintf(dangling, sizeof dangling, "%s/dangling", (char *)*state);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(symlink("out.aot", to_dir), 0);
    assert_int_equal(symlink("fifo", to_fifo), 0);
    assert_int_equal(symlink("gone", dangling), 0);
    refused(dir, AOTX_E_USAGE, "not a regular file (a directory)");
    refused(to_dir, AOTX_E_USAGE, "not a regular file (a directory)");
    refused(fifo, AOTX_E_USAGE, "not a regular file (a FIFO)");
    refused(to_fifo, AOTX_E_USAGE, "not a regular file (a FIFO)");
    /* a null device of our own where we may make one (as root, a wrong
     * rename would replace the system's /dev/null), else /dev/null, which
     * we may not replace */
    char null[512];
    snprintf(null, sizeof null, "%s/null", (char *)*state);
    const char *dev = mknod(null, S_IFCHR | 0666, makedev(1, 3)) == 0 ? null : "/dev/null";
    refused(dev, AOTX_E_USAGE, "not a regular file (a character device)");
    struct stat st;
    assert_int_equal(stat(dev, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    if (dev == null)
        assert_int_equal(unlink(null), 0);
    refused(dangling, AOTX_E_USAGE, "a symbolic link to nothing: aot-xip writes through a link "
                                    "only to a file that exists");
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "dangling fifo out.aot to-dir to-fifo");
    assert_int_equal(rmdir(dir), 0);
}

/* A directory that is not there: nothing written. */
static void output_in_no_directory(void **state)
{
    char path[600], dir[512], want[1300];
    struct aotx_diag d = {0};
    snprintf(dir, sizeof dir, "%s/nodir", (char *)*state);
    snprintf(path, sizeof path, "%s/x.aot", dir);
    assert_int_equal(aotx_write_file(path, (const uint8_t *)"new", 3, &d), AOTX_E_IO);
    snprintf(want, sizeof want, "%s: cannot create a file in '%s': %s", path, dir,
             strerror(ENOENT));
    assert_string_equal(d.msg, want);
}

/* A symbolic link to a file: the file it leads to is replaced (keeping its
 * bits) and the link stays, as a compiler's -o writes through it; the
 * temporary file is made beside the target. */
static void output_over_a_symlink(void **state)
{
    char path[512], target[512], names[256], sub[512];
    struct aotx_diag d = {0};
    snprintf(sub, sizeof sub, "%s/sub", (char *)*state);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(path, sizeof path, "%s/out.aot", (char *)*state);
    snprintf(target, sizeof target, "%s/sub/target.aot", (char *)*state);
    write_text(target, "target");
    assert_int_equal(chmod(target, 0600), 0);
    assert_int_equal(symlink("sub/target.aot", path), 0);
    struct aotx_out f = {.path = path, .p = {(const uint8_t *)"new"}, .n = {3}};
    assert_int_equal(aotx_out_write(&f, 1, &d), AOTX_OK);
    char *real = realpath(target, NULL);
    assert_non_null(real);
    assert_string_equal(f.target, real);
    assert_int_equal(strncmp(f.tmp, real, strlen(real)), 0);
    free(real);
    assert_int_equal(aotx_out_put(&f, 1, &d), AOTX_OK);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    file_holds(path, "new");
    file_holds(target, "new");
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "out.aot sub");
    dir_names(sub, names, sizeof names);
    assert_string_equal(names, "target.aot");
    assert_int_equal(unlink(target), 0);
    assert_int_equal(rmdir(sub), 0);
}

/* The same file by another name (a symbolic or a hard link) or by another
 * spelling where nothing is yet; a file is not the same as nothing. */
static void same_file(void **state)
{
    const char *dir = *state;
    char a[512], sym[512], hard[512], none1[512], none2[512], other[512];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(sym, sizeof sym, "%s/sym", dir);
    snprintf(hard, sizeof hard, "%s/hard", dir);
    snprintf(none1, sizeof none1, "%s/none", dir);
    snprintf(none2, sizeof none2, "%s/./../%s/none", dir, strrchr(dir, '/') + 1);
    snprintf(other, sizeof other, "%s/other", dir);
    write_text(a, "a");
    write_text(other, "a");
    assert_int_equal(symlink("a", sym), 0);
    assert_int_equal(link(a, hard), 0);
    struct aotx_file_id ids[6];
    const char *paths[6] = {a, sym, hard, none1, none2, other};
    for (int i = 0; i < 6; i++)
        aotx_file_id(paths[i], &ids[i]);
    static const int same[6][6] = {
        {1, 1, 1, 0, 0, 0}, {1, 1, 1, 0, 0, 0}, {1, 1, 1, 0, 0, 0},
        {0, 0, 0, 1, 1, 0}, {0, 0, 0, 1, 1, 0}, {0, 0, 0, 0, 0, 1},
    };
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 6; k++)
            assert_int_equal(aotx_same_file(&ids[i], &ids[k]), same[i][k]);
    assert_true(ids[1].link && ids[1].exists && !ids[0].link);
    assert_string_equal(ids[3].real, ids[4].real);
    assert_string_equal(ids[1].real, ids[0].real);
    for (int i = 0; i < 6; i++)
        aotx_file_id_free(&ids[i]);
}

/* All or none: when the second output cannot be renamed into place (a
 * directory came at its path after the check), the first, already in
 * place, is put back as it was, and no temporary file is left. */
static void outputs_all_or_none(void **state)
{
    char old[512], fresh[512], late[512], names[256];
    struct aotx_diag d = {0};
    snprintf(old, sizeof old, "%s/old.aot", (char *)*state);
    snprintf(fresh, sizeof fresh, "%s/fresh.aot", (char *)*state);
    snprintf(late, sizeof late, "%s/late.map", (char *)*state);
    write_text(old, "old bytes");
    struct aotx_out f[3] = {
        {.path = old, .p = {(const uint8_t *)"new"}, .n = {3}},
        {.path = fresh, .p = {(const uint8_t *)"fresh"}, .n = {5}},
        {.path = late, .p = {(const uint8_t *)"map"}, .n = {3}},
    };
    assert_int_equal(aotx_out_write(f, 3, &d), AOTX_OK);
    assert_int_equal(mkdir(late, 0755), 0);
    assert_int_equal(aotx_out_put(f, 3, &d), AOTX_E_IO);
    char want[1100];
    snprintf(want, sizeof want, "%s: cannot rename the finished file into place: %s", late,
             strerror(EISDIR));
    assert_string_equal(d.msg, want);
    file_holds(old, "old bytes");
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "late.map old.aot");
    for (int i = 0; i < 3; i++)
        assert_null(f[i].tmp);
    assert_int_equal(rmdir(late), 0);
}

/* In two steps: the temporary file holds both pieces while the path is as
 * it was; put in place, the path holds them and no temporary file is left;
 * dropped, the path is as it was and no temporary file is left. */
static void output_in_two_steps(void **state)
{
    char path[512], names[256];
    struct aotx_diag d = {0};
    snprintf(path, sizeof path, "%s/out.aot", (char *)*state);
    write_text(path, "old bytes");
    struct aotx_out f = {.path = path, .p = {(const uint8_t *)"image", (const uint8_t *)"+tail"},
                         .n = {5, 5}};
    assert_int_equal(aotx_out_write(&f, 1, &d), AOTX_OK);
    assert_non_null(f.tmp);
    file_holds(path, "old bytes");
    file_holds(f.tmp, "image+tail");
    assert_int_equal(strncmp(f.tmp, path, strlen(path)), 0);
    assert_int_equal(strncmp(f.tmp + strlen(path), ".tmp.", 5), 0);
    assert_int_equal(aotx_out_put(&f, 1, &d), AOTX_OK);
    assert_null(f.tmp);
    file_holds(path, "image+tail");
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "out.aot");

    struct aotx_out g = {.path = path, .p = {(const uint8_t *)"never"}, .n = {5}};
    assert_int_equal(aotx_out_write(&g, 1, &d), AOTX_OK);
    aotx_out_drop(&g, 1);
    assert_null(g.tmp);
    file_holds(path, "image+tail");
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "out.aot");
}

/* A file cut short while an output is in its temporary file, read on a
 * second thread (as a verification reads the input): the SIGBUS message and
 * exit status, the temporary file removed, the old output as it was. */
static const uint8_t *cut_at;

static void *read_cut(void *arg)
{
    (void)arg;
    (void)*(volatile const uint8_t *)cut_at;
    return NULL;
}

static void cut_short_while_writing(const char *path)
{
    struct aotx_mapping mf;
    struct aotx_diag d = {0};
    char out[600];
    map_and_guard(path, &mf);
    snprintf(out, sizeof out, "%s", path); /* DIR/in.aot -> DIR/out.aot */
    char *slash = strrchr(out, '/');
    if (!slash || (size_t)(slash - out) + sizeof "/out.aot" > sizeof out)
        _exit(96);
    memcpy(slash, "/out.aot", sizeof "/out.aot");
    struct aotx_out f = {.path = out, .p = {(const uint8_t *)"new"}, .n = {3}};
    if (aotx_out_write(&f, 1, &d) != AOTX_OK)
        _exit(94);
    if (truncate(path, 0) != 0)
        _exit(93);
    cut_at = &mf.p[mf.size / 2];
    pthread_t t;
    if (pthread_create(&t, NULL, read_cut, NULL) != 0)
        _exit(95);
    pthread_join(t, NULL);
}

static void cut_short_removes_outputs_not_in_place(void **state)
{
    char path[512], out[512], names[256];
    make_file(*state, "in.aot", BIG, path, sizeof path);
    snprintf(out, sizeof out, "%s/out.aot", (char *)*state);
    write_text(out, "old bytes");
    expect_cut_short(cut_short_while_writing, path);
    file_holds(out, "old bytes");
    dir_names(*state, names, sizeof names);
    assert_string_equal(names, "in.aot out.aot");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(maps_a_small_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(maps_a_big_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(reads_an_empty_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(errors_are_read_file_errors, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(cut_short_while_mapped, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(other_sigbus_handed_on, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(unmap_restores_the_disposition, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(changed_size, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(changed_time, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(replaced_or_removed, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(released_pages_read_again, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_replaces_a_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_not_a_regular_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_in_no_directory, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_over_a_symlink, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(same_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(outputs_all_or_none, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_in_two_steps, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(cut_short_removes_outputs_not_in_place, make_dir,
                                    remove_dir),
};

TEST_MAIN(tests)
