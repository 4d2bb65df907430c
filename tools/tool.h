/* The command line tool's commands. */
#ifndef AOTX_TOOL_H
#define AOTX_TOOL_H

#include <stdio.h>

#include "aot_xip/aot_xip.h"
#include "internal.h"
#include "stamp.h"

/* Exit codes (also in the manual): */
#define EXIT_INPUT 1 /* the input or the work failed: nothing was written */
#define EXIT_USAGE 2 /* the command line was wrong */

extern const char *aotx_prog;

void tool_error(const char *file, const struct aotx_diag *d);
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void tool_usage_error(const char *fmt, ...);

/* The commands: argv[0] is the command's name (or, for the rewrite, the
 * program's); the exit status. */
int cmd_inspect(int argc, char **argv);
int cmd_rewrite(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_natives_table(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_pack(int argc, char **argv);

/* The usage of command ("rewrite", "inspect", "check", "pack", "help"), or all of
 * it (NULL), on f (main.c). */
void tool_help(FILE *f, const char *command);

/* ---- the command line's options (options.c) ---- */

/* One option of a command: "--base" or "-o". Every command also takes
 * --help (and -h): its usage on standard output, exit 0. */
struct tool_opt {
    const char *name;
    int id;    /* the command's own number for it */
    int value; /* takes a value: --opt VALUE, --opt=VALUE; -o VALUE, -oVALUE */
};

struct tool_cmd {
    const char *name;            /* for --help: tool_help(stdout, name) */
    const char *prefix;          /* before "unknown option": "inspect: ", or "" */
    const struct tool_opt *opts; /* ended by a row with no name; 40 at most */
    /* Takes one option (o, with its value or NULL) or one operand (o NULL),
     * in the order given: 0 to go on, else the exit status, its message
     * printed. */
    int (*take)(void *ctx, const struct tool_opt *o, const char *val);
};

/* Parse argv[1..argc) for cmd (getopt_long), calling cmd->take with ctx for
 * each option and operand in order; options may come after operands; '--'
 * ends the options. Option names are taken whole, not abbreviated. 1 to go
 * on with the command; else 0 with *status the exit status: 0 after
 * --help, EXIT_USAGE after "unknown option 'ARG'" or "option 'NAME' needs
 * a value", or what take returned. */
int tool_parse(const struct tool_cmd *cmd, int argc, char **argv, void *ctx, int *status);

/* Option opt's value val as an address or a size: 0x (or 0X) and hex
 * digits, or decimal digits without a leading zero (not octal). 1 if read;
 * else 0, "OPT 'VAL': expected WHAT" (or why a leading zero is refused)
 * printed. */
int tool_number(const char *opt, const char *val, const char *what, uint64_t *v);
/* The same for a power of two from lo to hi (what says so), into *v: 0, or
 * EXIT_USAGE (printed). */
int tool_power_of_two(const char *opt, const char *val, uint64_t lo, uint64_t hi,
                      const char *what, uint32_t *v);

/* --symbols-format FMT (into *fmt) and --defsym NAME=ADDR (into syms): 0, or
 * EXIT_USAGE with the library's message printed. */
int tool_symbols_format(const char *val, enum aotx_symmap_format *fmt);
int tool_defsym(struct aotx_symmap *syms, const char *val);

/* An input file, read whole (aotx_read_file): a module read from it points
 * into p, which must outlive it. */
struct tool_input {
    uint8_t *p;
    size_t size;
};

/* Read path into in; prints the error and returns -1 on failure. */
int tool_read(const char *path, struct tool_input *in);
/* tool_read() and parse; prints the error and returns NULL on failure, with
 * in freed. */
struct aotx_module *tool_load(const char *path, struct tool_input *in);
void tool_input_free(struct tool_input *in);

/* ---- the stale-map stamp (stamp.c; its format in src/stamp.h) ---- */

struct stamp_native {
    char *name;
    uint64_t value;
};

struct stamp {
    uint32_t version; /* stamp_find: 3 or 4; stamp_tail writes STAMP_VERSION */
    uint32_t flags;
    uint64_t base;
    uint64_t input_size, input_hash, natives_hash;
    uint32_t count;
    struct stamp_native *natives;
    /* version 4 */
    uint32_t image_size;  /* stamp_find: the image's bytes, the stamp included */
    uint32_t image_crc;   /* stamp_tail: aotx_crc32 of the image before the stamp;
                             stamp_find: the CRC field */
    uint32_t natives_abi; /* natives-table mode (0 in direct mode) */
    uint64_t natives_table;
    uint8_t id[STAMP_ID_MAX]; /* the firmware's identity (a GNU build id) */
    uint32_t id_len;          /* 0: none */
};

/* The stamp's 64-bit hash (version 3; version 2 was one serial chain of the
 * same step). With K = 0x9e3779b97f4a7c15, S = 0x2545f4914f6cdd1d and
 * step(v, w) = rotl(v ^ w, 29) * K (mod 2^64):
 *   - four lanes, lane j starting at S ^ j*K (j = 0..3);
 *   - the input cut into 32-byte blocks, the last one zero-padded if shorter;
 *     word j of a block (8 bytes, little-endian) goes into lane j:
 *     v_j = step(v_j, w_j);
 *   - h = S, then h = step(h, v_j) for j = 0..3, then h = step(h, length),
 *     then MurmurHash3's fmix64 of h.
 * The lanes are independent chains, so a core runs their multiplications side
 * by side (version 2 waited for each one before the next).
 * step() is a bijection of v for a given w and of w for a given v (xor,
 * rotation and a multiplication by an odd K are each invertible), and fmix64
 * is a bijection. So two inputs of one length that differ in one word (of the
 * padded blocks) never hash alike: they have the same blocks, the word goes
 * into one lane and every other lane ends the same; in that lane the differing
 * word gives a different value, which each later step keeps different; the
 * combine is a bijection of that lane's value given the others (and the
 * length is the same), and fmix64 keeps h different. Not a cryptographic
 * hash: it tells a changed input from the same one, it does not resist a
 * forger. */
uint64_t stamp_hash64(const void *p, size_t n);

/* The stamp as the last section of an XIP image of image_size bytes and
 * that layout: the bytes to write after the image (aotx_custom_tail). On
 * success *tail is a new buffer of *tail_size bytes. */
enum aotx_err stamp_tail(size_t image_size, enum aotx_layout layout, const struct stamp *s,
                         uint8_t **tail, size_t *tail_size, struct aotx_diag *d);

/* The module's stamp, version 3 or 4: 1 found (s filled, free with
 * stamp_free), 0 none, -1 malformed (d says why). The CRC is not checked
 * (the module's bytes are not at hand): stamp_crc_ok() does. */
int stamp_find(const struct aotx_module *m, struct stamp *s, struct aotx_diag *d);
void stamp_free(struct stamp *s);

/* id[0..n) (n <= STAMP_ID_MAX) in lowercase hex into out, which has room
 * for 2 * STAMP_ID_MAX + 1 characters; returns out. */
const char *stamp_hex(char *out, const uint8_t *id, size_t n);

/* signals.c: from now on, SIGHUP, SIGINT, SIGPIPE, SIGTERM and SIGXFSZ
 * remove the temporary files of the outputs not yet in place, then end the
 * process as without the handler. Signals ignored when it is called stay
 * ignored. */
void tool_catch_signals(void);
/* aotx_out_put(), with such a signal held until it has returned, then
 * acted on. */
enum aotx_err tool_out_put(struct aotx_out *f, int n, struct aotx_diag *d);

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
