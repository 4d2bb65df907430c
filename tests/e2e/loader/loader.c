/* Execution harness for XIP images: map IMAGE at BASE (the flash address
 * given to aot-xip), make it read+execute only, call the function at FUNC
 * (an address from aot-xip's report, with the Thumb bit on Thumb code) with
 * two int arguments and print its int result.
 *
 *     loader IMAGE BASE FUNC A B
 *
 * This program's own ELF is the symbol map given to aot-xip (--symbols): it
 * defines the natives the test programs call (host_callback, memcpy, memset,
 * memmove) and links in the libgcc helpers the compiler calls (64-bit
 * division, soft float) by keeping their addresses.
 * Built static and non-PIE, so every address is known before it runs.
 * Built with -DAOTX_GUARD, it runs the image only if the device-side guard
 * (guard.h) accepts it for this program's build id. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

#include "natives.h"

#include "helpers.h"

#ifdef AOTX_GUARD
#include "guard.h"
#endif

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: loader IMAGE BASE FUNC A B\n");
        return 2;
    }
    uintptr_t base = (uintptr_t)strtoull(argv[2], NULL, 0);
    uintptr_t func = (uintptr_t)strtoull(argv[3], NULL, 0);
    int a = atoi(argv[4]), b = atoi(argv[5]);

    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 1;
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = ((size_t)st.st_size + page - 1) / page * page;
    void *at = mmap((void *)base, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (at == MAP_FAILED && errno == EEXIST) {
        /* Linux places a static executable's heap anywhere in the GiB above
         * it: this time it took BASE. Run again, once, with the fixed layout
         * (the heap right after the program). */
        int pers = personality(0xffffffff);
        if (pers != -1 && !(pers & ADDR_NO_RANDOMIZE) &&
            personality((unsigned long)pers | ADDR_NO_RANDOMIZE) != -1)
            execv("/proc/self/exe", argv);
    }
    if (at == MAP_FAILED || (uintptr_t)at != base) {
        fprintf(stderr, "loader: cannot map %zu bytes at %#lx\n", size, (unsigned long)base);
        return 1;
    }
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, (char *)at + done, (size_t)st.st_size - done);
        if (n <= 0) {
            perror("read");
            return 1;
        }
        done += (size_t)n;
    }
    close(fd);
    if (mprotect(at, size, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    __builtin___clear_cache((char *)at, (char *)at + size);
#ifdef AOTX_GUARD
    if (guard(base, (size_t)st.st_size))
        return 3;
#endif

    int (*fn)(int, int);
    void *fp = (void *)func;
    memcpy(&fn, &fp, sizeof fn);
    printf("%d\n", fn(a, b));
    return 0;
}
