/* The signals that end a run: SIGHUP, SIGINT, SIGPIPE, SIGTERM and SIGXFSZ
 * (a write past ulimit -f) remove the temporary files of the outputs not
 * yet in place, then end the process as they would have; one that comes
 * while the outputs are put in place waits until all are. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include "tool.h"

static const int caught[] = {SIGHUP, SIGINT, SIGPIPE, SIGTERM, SIGXFSZ};

static volatile sig_atomic_t putting;  /* tool_out_put() is renaming */
static volatile sig_atomic_t deferred; /* the signal that came meanwhile */

/* The signal's default action, once the handler (if in one) returns. */
static void die_of(int sig)
{
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Only async-signal-safe calls: unlink (aotx_out_remove_temps), signal,
 * raise. The caught signals are blocked while it runs. */
static void on_signal(int sig)
{
    if (putting) {
        if (!deferred)
            deferred = sig;
        return;
    }
    aotx_out_remove_temps();
    die_of(sig);
}

void tool_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    size_t n = sizeof caught / sizeof caught[0];
    for (size_t i = 0; i < n; i++)
        sigaddset(&sa.sa_mask, caught[i]);
    for (size_t i = 0; i < n; i++) {
        struct sigaction before;
        /* one ignored when the program started (nohup; SIGINT for a job
         * started with '&') stays ignored */
        if (sigaction(caught[i], NULL, &before) == 0 && before.sa_handler != SIG_IGN)
            sigaction(caught[i], &sa, NULL);
    }
}

enum aotx_err tool_out_put(struct aotx_out *f, int n, struct aotx_diag *d)
{
    putting = 1;
    atomic_signal_fence(memory_order_seq_cst);
    enum aotx_err e = aotx_out_put(f, n, d);
    atomic_signal_fence(memory_order_seq_cst);
    putting = 0;
    if (deferred)
        die_of(deferred);
    return e;
}
