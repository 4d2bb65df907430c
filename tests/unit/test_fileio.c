/* Files (src/fileio.c): inputs read whole, with their errors; outputs put
 * in place over what their paths name (a file, a symbolic link; what is not
 * a regular file is refused), in two steps, all or none; which paths name
 * the same file. Each test works in a fresh temporary directory. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* mknod, realpath */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/sysmacros.h> /* makedev */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "internal.h"

#define BIG (((size_t)1 << 20) + 100) /* more than one read() may return */

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
    uint8_t *p;
    size_t size;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_read_file(path, &p, &size, &d), AOTX_OK);
    assert_int_equal(size, n);
    for (size_t i = 0; i < n; i++)
        if (p[i] != pattern(i))
            fail_msg("byte %zu: 0x%02x, not 0x%02x", i, p[i], pattern(i));
    free(p);
}

static void reads_a_small_file(void **state)
{
    check_bytes(*state, 5000); /* a page and a part */
}

static void reads_a_big_file(void **state)
{
    check_bytes(*state, BIG);
}

/* No bytes: a buffer all the same, and the reader's own error. */
static void reads_an_empty_file(void **state)
{
    char path[512];
    make_file(*state, "empty.aot", 0, path, sizeof path);
    uint8_t *p;
    size_t size;
    struct aotx_diag d = {0};
    struct aotx_module *m;
    assert_int_equal(aotx_read_file(path, &p, &size, &d), AOTX_OK);
    assert_int_equal(size, 0);
    assert_non_null(p);
    assert_int_equal(aotx_read(p, size, &m, &d), AOTX_E_FORMAT);
    assert_string_equal(d.msg, "empty file: not a WAMR AOT file");
    free(p);
}

static void read_errors(void **state)
{
    const char *dir = *state;
    char missing[512], expect[600];
    struct aotx_diag d = {0};
    uint8_t *buf;
    size_t size;

    assert_int_equal(aotx_read_file(dir, &buf, &size, &d), AOTX_E_IO);
    snprintf(expect, sizeof expect, "%s: not a regular file", dir);
    assert_string_equal(d.msg, expect);
    assert_null(buf);

    snprintf(missing, sizeof missing, "%s/missing.aot", dir);
    assert_int_equal(aotx_read_file(missing, &buf, &size, &d), AOTX_E_IO);
    snprintf(expect, sizeof expect, "%s: cannot open: %s", missing, strerror(ENOENT));
    assert_string_equal(d.msg, expect);
    assert_null(buf);
}

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

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

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(reads_a_small_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(reads_a_big_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(reads_an_empty_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(read_errors, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_replaces_a_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_not_a_regular_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_in_no_directory, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_over_a_symlink, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(same_file, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(outputs_all_or_none, make_dir, remove_dir),
    cmocka_unit_test_setup_teardown(output_in_two_steps, make_dir, remove_dir),
};

TEST_MAIN(tests)
