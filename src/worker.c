/* A second thread that runs one job at a time for the thread that owns it
 * (internal.h, struct aotx_worker).
 *
 * The jobs of one rewrite come a millisecond or a few apart. A thread that
 * went to sleep between them can take as long again to run once woken, on
 * a core that went idle meanwhile (on a virtual machine, a vCPU the host
 * took away). So where the process may run on two CPUs or more, each side
 * spins a bounded while before it sleeps, as OpenMP's active wait policy
 * does; on one CPU, spinning would only take the CPU from the thread
 * waited for, and a wait sleeps at once. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* The longest a wait spins before it sleeps. */
#define SPIN_NS 10000000ll

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000ll + t.tv_nsec;
}

static int cpus(void)
{
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 1024 ? (int)n : 1;
}

/* Until *v is want: spinning first where that may pay, then asleep. */
static void await(struct aotx_worker *w, atomic_uint *v, unsigned want)
{
    if (w->spin) {
        long long until = now_ns() + SPIN_NS;
        for (unsigned k = 1; atomic_load_explicit(v, memory_order_acquire) != want; k++) {
            relax();
            if (k % 256 == 0 && now_ns() > until)
                break;
        }
    }
    pthread_mutex_lock(&w->mu);
    while (atomic_load_explicit(v, memory_order_acquire) != want)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

/* *v = value, for await(): under the lock, so no sleeper misses it. */
static void publish(struct aotx_worker *w, atomic_uint *v, unsigned value)
{
    pthread_mutex_lock(&w->mu);
    atomic_store_explicit(v, value, memory_order_release);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static void *worker_main(void *arg)
{
    struct aotx_worker *w = arg;
    for (unsigned seq = 1;; seq++) {
        await(w, &w->posted, seq);
        if (!w->fn)
            return NULL; /* aotx_worker_stop() */
        w->fn(w->arg);
        publish(w, &w->done, seq);
    }
}

int aotx_worker_start(struct aotx_worker *w, aotx_thread_create_fn *create)
{
    memset(w, 0, sizeof *w);
    w->spin = cpus() >= 2;
    if (pthread_mutex_init(&w->mu, NULL))
        return 0;
    if (pthread_cond_init(&w->cv, NULL)) {
        pthread_mutex_destroy(&w->mu);
        return 0;
    }
    if (create(&w->thread, NULL, worker_main, w)) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        return 0;
    }
    w->running = 1;
    return 1;
}

void aotx_worker_post(struct aotx_worker *w, void (*fn)(void *), void *arg)
{
    if (!w->running) { /* no thread: here, now */
        fn(arg);
        return;
    }
    aotx_worker_wait(w); /* one job at a time */
    w->fn = fn;
    w->arg = arg;
    publish(w, &w->posted, ++w->seq);
}

void aotx_worker_wait(struct aotx_worker *w)
{
    if (w->running)
        await(w, &w->done, w->seq);
}

void aotx_worker_stop(struct aotx_worker *w)
{
    if (!w->running)
        return;
    aotx_worker_wait(w);
    w->fn = NULL;
    publish(w, &w->posted, ++w->seq);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->running = 0;
}
