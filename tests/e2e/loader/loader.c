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
 * Built static and non-PIE, so every address is known before it runs. */
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

/* libgcc helpers the test programs may call: referenced so the static link
 * keeps them and they appear in the symbol table. */
#if defined(__arm__)
#define HELPERS(X) X(__aeabi_ldivmod) X(__aeabi_uldivmod) X(__aeabi_idiv) X(__aeabi_uidiv) \
    X(__aeabi_idivmod) X(__aeabi_uidivmod) X(__aeabi_dadd) X(__aeabi_dsub) X(__aeabi_dmul) \
    X(__aeabi_ddiv) X(__aeabi_i2d) X(__aeabi_ui2d) X(__aeabi_d2iz) X(__aeabi_l2d) \
    X(__aeabi_d2lz) X(__aeabi_dcmplt) X(__aeabi_dcmpgt) X(__aeabi_dcmpge) X(__aeabi_dcmple) \
    X(__aeabi_dcmpeq) X(__aeabi_f2d) X(__aeabi_d2f) X(__aeabi_fmul) X(__aeabi_fadd) \
    X(__aeabi_i2f) X(__aeabi_f2iz) X(__aeabi_memcpy) X(__aeabi_memset) X(__aeabi_memclr) \
    X(__aeabi_memmove) X(__aeabi_memcpy4) X(__aeabi_memclr4) X(__aeabi_memset4) X(__aeabi_memmove4) \
    X(__aeabi_memcpy8) X(__aeabi_memclr8) X(__aeabi_memset8) X(__aeabi_memmove8) \
    X(__aeabi_lmul) /* v6-M: no 32x32->64 multiply */
#elif defined(__i386__) || (defined(__mips__) && !defined(__mips64))
#define HELPERS(X) X(__divdi3) X(__udivdi3) X(__moddi3) X(__umoddi3) X(__divmoddi4)
#else
#define HELPERS(X)
#endif
#define DECLARE(name) extern char name[];
#define ADDRESS(name) (void *)name,
HELPERS(DECLARE)
void *const loader_helpers[] __attribute__((used)) = {HELPERS(ADDRESS) NULL};

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

    int (*fn)(int, int);
    void *fp = (void *)func;
    memcpy(&fn, &fp, sizeof fn);
    printf("%d\n", fn(a, b));
    return 0;
}
