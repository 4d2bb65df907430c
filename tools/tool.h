/* The command line tool's commands. */
#ifndef AOTX_TOOL_H
#define AOTX_TOOL_H

#include <stdio.h>

#include "aot_xip/aot_xip.h"
#include "internal.h"

/* Exit codes (also in the manual): */
#define EXIT_INPUT 1 /* the input or the work failed: nothing was written */
#define EXIT_USAGE 2 /* the command line was wrong */

extern const char *aotx_prog;

void tool_error(const char *file, const struct aotx_diag *d);
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void tool_usage_error(const char *fmt, ...);

int cmd_inspect(int argc, char **argv);
int cmd_rewrite(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* Map an input file (aotx_map_file) with its SIGBUS guard; prints the error
 * and returns -1 on failure. path must live until aotx_unmap_file(in). */
int tool_map(const char *path, struct aotx_mapping *in);
/* tool_map() and parse; prints the error and returns NULL on failure, with
 * in unmapped. */
struct aotx_module *tool_load(const char *path, struct aotx_mapping *in);

/* A path the command line names, and the option that names it. */
struct tool_path {
    const char *opt;  /* "-o", "--symbols", "the input", ... */
    const char *path;
    int dash;         /* an output that "-" sends to standard output */
};

/* Before any work (outputs.c): refuse, printing why, an output that would
 * write over an input or another output (the same file, or the same path
 * where nothing is yet), over what standard output or standard error goes
 * to, over what is not a regular file, or that names '-' after another
 * does (EXIT_USAGE); or whose directory cannot take a new file
 * (EXIT_INPUT). 0 if none is. */
int tool_check_outputs(const struct tool_path *outs, int nouts, const struct tool_path *ins,
                       int nins);

#endif
