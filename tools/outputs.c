/* The command line's outputs, checked before any work: none may write over
 * an input, over another output, over the file standard output or standard
 * error goes to, or over something that is not a regular file; each one's
 * directory must take a new file; '-' (standard output) for one at most. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

static int is_stdout(const struct tool_path *p)
{
    return p->dash && strcmp(p->path, "-") == 0;
}

/* "-o 'app.aot'", or "standard output (-o -)". */
static const char *name_of(const struct tool_path *p, char *buf, size_t cap)
{
    if (is_stdout(p))
        snprintf(buf, cap, "standard output (%s -)", p->opt);
    else
        snprintf(buf, cap, "%s '%s'", p->opt, p->path);
    return buf;
}

/* The file behind descriptor fd, if a regular file (what '-' writes to). */
static void id_of_fd(int fd, struct aotx_file_id *id)
{
    memset(id, 0, sizeof *id);
    id->exists = fstat(fd, &id->st) == 0 && S_ISREG(id->st.st_mode);
}

/* Where output p would go, refused (printed) if it cannot: 0 or an exit status. */
static int output_id(const struct tool_path *p, struct aotx_file_id *id)
{
    if (is_stdout(p)) {
        id_of_fd(STDOUT_FILENO, id);
        return 0;
    }
    struct aotx_diag d = {0};
    aotx_file_id(p->path, id);
    if (aotx_out_check(id, &d) == AOTX_OK)
        return 0;
    if (d.code != AOTX_E_USAGE) {
        fprintf(stderr, "%s: error: %s '%s': %s\n", aotx_prog, p->opt, p->path, d.msg);
        return EXIT_INPUT;
    }
    if (id->exists && p->dash) /* not a regular file */
        tool_usage_error("%s '%s': %s; aot-xip writes only regular files ('%s -' writes to "
                         "standard output)", p->opt, p->path, d.msg, p->opt);
    else
        tool_usage_error("%s '%s': %s", p->opt, p->path, d.msg);
    return EXIT_USAGE;
}

/* Output p against the files standard output and standard error go to. */
static int not_a_std_stream(const struct tool_path *p, const struct aotx_file_id *id)
{
    static const char *const what[3] = {
        NULL, "standard output goes to (to write there, give '-' as the path)",
        "standard error goes to (aot-xip prints its messages there)"};
    for (int fd = STDOUT_FILENO; fd <= STDERR_FILENO && !is_stdout(p); fd++) {
        struct aotx_file_id s;
        id_of_fd(fd, &s);
        if (aotx_same_file(id, &s)) {
            tool_usage_error("%s '%s' is the file %s", p->opt, p->path, what[fd]);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The same file named twice: the later, then the earlier. */
static int collision(const struct tool_path *later, const struct tool_path *earlier,
                     const char *why)
{
    char a[4200], b[4200];
    tool_usage_error("%s is the same file as %s: %s", name_of(later, a, sizeof a),
                     name_of(earlier, b, sizeof b), why);
    return EXIT_USAGE;
}

static int compare(const struct tool_path *outs, const struct aotx_file_id *oid, int nouts,
                   const struct tool_path *ins, const struct aotx_file_id *iid, int nins)
{
    for (int i = 0; i < nouts; i++)
        for (int k = 0; k < nins; k++)
            if (aotx_same_file(&oid[i], &iid[k]))
                return collision(&outs[i], &ins[k], "aot-xip never writes over an input");
    for (int i = 0; i < nouts; i++)
        for (int k = 0; k < i; k++)
            if (aotx_same_file(&oid[i], &oid[k]))
                return collision(&outs[i], &outs[k], "each output needs a file of its own");
    for (int i = 0; i < nouts; i++)
        if (not_a_std_stream(&outs[i], &oid[i]))
            return EXIT_USAGE;
    return 0;
}

static int one_stdout(const struct tool_path *outs, int nouts)
{
    const struct tool_path *first = NULL;
    for (int i = 0; i < nouts; i++)
        if (is_stdout(&outs[i])) {
            if (first) {
                tool_usage_error("%s - and %s - both write to standard output: only one "
                                 "output can", first->opt, outs[i].opt);
                return EXIT_USAGE;
            }
            first = &outs[i];
        }
    return 0;
}

int tool_check_outputs(const struct tool_path *outs, int nouts, const struct tool_path *ins,
                       int nins)
{
    int rc = one_stdout(outs, nouts);
    if (rc)
        return rc;
    struct aotx_file_id *oid = calloc((size_t)nouts + 1, sizeof *oid);
    struct aotx_file_id *iid = calloc((size_t)nins + 1, sizeof *iid);
    if (!oid || !iid) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        rc = EXIT_INPUT;
    }
    int n = 0, k = 0;
    while (!rc && n < nouts) {
        rc = output_id(&outs[n], &oid[n]);
        n++;
    }
    for (; !rc && k < nins; k++)
        aotx_file_id(ins[k].path, &iid[k]);
    if (!rc)
        rc = compare(outs, oid, nouts, ins, iid, nins);
    while (oid && n--)
        aotx_file_id_free(&oid[n]);
    while (iid && k--)
        aotx_file_id_free(&iid[k]);
    free(oid);
    free(iid);
    return rc;
}
