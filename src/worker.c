/* A second thread that runs one job at a time for the thread that owns it
 * (internal.h, struct aotx_worker).
 *
 * The jobs of one rewrite come a millisecond or a few apart. A thread that
 * went to sleep between them can take as long again to run once woken, on
 * a core that went idle meanwhile (on a virtual machine, a vCPU the host
 * took away). So where the process may run on two CPUs or more, each side
 * spins a bounded while before it sleeps, as OpenMP's active wait policy
 * does; on one CPU, spinning would only take the CPU from the thread
 * waited for, and a wait sleeps at once.
 *
 * A new thread is queued on the CPU of the thread that makes it. Where that
 * CPU stays busy, the new one waits there (or takes it, and the maker
 * waits) until the idle CPU pulls it over: 2 ms and more on a virtual
 * machine whose idle vCPU the host took away. aotx_thread_create() starts
 * it on another CPU. */
#define _GNU_SOURCE /* sched_getaffinity, sched_getcpu, CPU_COUNT, pthread_*affinity_np */
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

int aotx_thread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
#if defined(__linux__)
    cpu_set_t all, others;
    int cpu = sched_getcpu();
    size_t here = cpu >= 0 ? (size_t)cpu : CPU_SETSIZE;
    pthread_attr_t spread;
    if (!a && here < CPU_SETSIZE && sched_getaffinity(0, sizeof all, &all) == 0 &&
        CPU_ISSET(here, &all) && CPU_COUNT(&all) >= 2 && pthread_attr_init(&spread) == 0) {
        others = all;
        CPU_CLR(here, &others);
        int e = pthread_attr_setaffinity_np(&spread, sizeof others, &others);
        if (e == 0)
            e = pthread_create(t, &spread, fn, arg);
        pthread_attr_destroy(&spread);
        if (e == 0) {
            /* queued on another CPU already: it may run on any from now on */
            pthread_setaffinity_np(*t, sizeof all, &all);
            return 0;
        }
    }
#endif
    return pthread_create(t, a, fn, arg);
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
