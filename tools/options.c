/* The command line's options, one parser for every command: getopt_long
 * in its "in order" mode (an optstring starting with '-'), which hands
 * operands over where they stand, so options and operands are taken in the
 * order given, whatever POSIXLY_CORRECT says, and argv is not permuted. */
#define _GNU_SOURCE /* getopt_long */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define MAX_OPTS 40      /* options of one command */
#define LONG_CODE 256    /* getopt_long's code for long option i: LONG_CODE + i */

/* A command's options as getopt_long takes them, --help and -h added. */
struct spec {
    struct option longs[MAX_OPTS + 2];
    char shorts[2 * MAX_OPTS + 4];
};

static void build(const struct tool_cmd *cmd, struct spec *s)
{
    int nl = 0, ns = 0;
    s->shorts[ns++] = '-'; /* operands in order, as option 1 */
    s->shorts[ns++] = ':'; /* ':' for a missing value; getopt prints nothing */
    for (int i = 0; cmd->opts[i].name && i < MAX_OPTS; i++) {
        const struct tool_opt *o = &cmd->opts[i];
        if (o->name[1] != '-') {
            s->shorts[ns++] = o->name[1];
            if (o->value)
                s->shorts[ns++] = ':';
        } else {
            s->longs[nl++] = (struct option){o->name + 2, o->value ? required_argument
                                                                   : no_argument,
                                             NULL, LONG_CODE + i};
        }
    }
    s->shorts[ns++] = 'h';
    s->shorts[ns] = 0;
    s->longs[nl++] = (struct option){"help", no_argument, NULL, 'h'};
    s->longs[nl] = (struct option){0};
}

static const struct tool_opt help_opt = {"--help", 0, 0};

/* The option getopt_long's code c stands for: &help_opt for --help. */
static const struct tool_opt *option_of(const struct tool_cmd *cmd, int c)
{
    if (c >= LONG_CODE)
        return &cmd->opts[c - LONG_CODE];
    for (const struct tool_opt *o = cmd->opts; o->name; o++)
        if (o->name[1] == c && !o->name[2])
            return o;
    return &help_opt;
}

/* getopt_long takes an unambiguous abbreviation of a long option as the
 * option; aot-xip takes only the whole name ("--bas" is unknown). arg is the
 * argument the option came in. */
static int spelled_out(const char *arg, const struct tool_opt *o)
{
    if (arg[0] != '-' || arg[1] != '-')
        return 1; /* a short one */
    size_t n = strcspn(arg, "=");
    return strlen(o->name) == n && strncmp(arg, o->name, n) == 0;
}

/* One result of getopt_long: c, from argv[at]. 1 to go on, else 0 with
 * *status. */
static int take_one(const struct tool_cmd *cmd, void *ctx, int c, const char *arg, int *status)
{
    const struct tool_opt *o = c == 1 || c == '?' ? NULL : option_of(cmd, c == ':' ? optopt : c);
    *status = EXIT_USAGE;
    if (c == '?' || (o && !spelled_out(arg, o))) {
        tool_usage_error("%sunknown option '%s'", cmd->prefix, arg);
        return 0;
    }
    if (c == ':') {
        tool_usage_error("option '%s' needs a value", o->name);
        return 0;
    }
    if (o == &help_opt) {
        tool_help(stdout, cmd->name);
        *status = 0;
        return 0;
    }
    *status = cmd->take(ctx, o, c == 1 || o->value ? optarg : NULL);
    return *status == 0;
}

int tool_parse(const struct tool_cmd *cmd, int argc, char **argv, void *ctx, int *status)
{
    struct spec s;
    build(cmd, &s);
    opterr = 0;
    optind = 0; /* a scan from the start, its mode read from the optstring again */
    for (;;) {
        int at = optind ? optind : 1; /* the argument getopt_long reads from */
        int c = getopt_long(argc, argv, s.shorts, s.longs, NULL);
        if (c == -1)
            break;
        if (!take_one(cmd, ctx, c, argv[at], status))
            return 0;
    }
    for (int i = optind; i < argc; i++) /* after '--': operands all */
        if ((*status = cmd->take(ctx, NULL, argv[i])) != 0)
            return 0;
    *status = 0;
    return 1;
}

/* An address or a size: 1 if read; 0 if not a number (or past 64 bits);
 * -1 for decimal digits after a leading zero, which C and strtoull() read
 * as octal: 010 would be eight. */
static int parse_u64(const char *s, uint64_t *v)
{
    int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    const char *digits = hex ? s + 2 : s;
    if (!*digits)
        return 0;
    for (const char *c = digits; *c; c++)
        if (!(hex ? isxdigit((unsigned char)*c) : isdigit((unsigned char)*c)))
            return 0;
    if (!hex && s[0] == '0' && s[1])
        return -1;
    errno = 0;
    unsigned long long n = strtoull(digits, NULL, hex ? 16 : 10);
    if (errno)
        return 0;
    *v = n;
    return 1;
}

int tool_number(const char *opt, const char *val, const char *what, uint64_t *v)
{
    int r = parse_u64(val, v);
    if (r < 0) {
        const char *d = val;
        while (d[0] == '0' && d[1])
            d++;
        tool_usage_error("%s '%s': a leading zero does not make '%s' octal here: write 0x%s "
                         "for hex or %s for decimal", opt, val, val, d, d);
    } else if (r == 0) {
        tool_usage_error("%s '%s': expected %s", opt, val, what);
    }
    return r > 0;
}

int tool_power_of_two(const char *opt, const char *val, uint64_t lo, uint64_t hi,
                      const char *what, uint32_t *v)
{
    uint64_t n;
    if (!tool_number(opt, val, what, &n))
        return EXIT_USAGE;
    if (n < lo || n > hi || (n & (n - 1))) {
        tool_usage_error("%s '%s': expected %s", opt, val, what);
        return EXIT_USAGE;
    }
    *v = (uint32_t)n;
    return 0;
}

int tool_symbols_format(const char *val, enum aotx_symmap_format *fmt)
{
    struct aotx_diag d = {0};
    if (aotx_symmap_parse_format(val, fmt, &d) == AOTX_OK)
        return 0;
    tool_usage_error("%s", d.msg);
    return EXIT_USAGE;
}

int tool_defsym(struct aotx_symmap *syms, const char *val)
{
    struct aotx_diag d = {0};
    if (aotx_symmap_defsym(syms, val, &d) == AOTX_OK)
        return 0;
    tool_usage_error("%s", d.msg);
    return EXIT_USAGE;
}
