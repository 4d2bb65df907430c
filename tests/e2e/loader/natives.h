/* The natives every loader defines for the test programs: a host callback
 * and our own memcpy, memmove and memset (not libc's: an IFUNC resolver on
 * x86-64 and AArch64, ARM state on arm-linux-gnueabihf, absent in the
 * freestanding RV32 loader). Byte loops the compiler must not turn back
 * into calls to themselves. Included once, by loader.c or loader_rv32.c. */
#ifndef LOADER_NATIVES_H
#define LOADER_NATIVES_H

#include <stddef.h>

#define NOBUILTIN __attribute__((optimize("no-tree-loop-distribute-patterns"), used, noinline))

int host_callback(int a, int b);
int host_callback(int a, int b)
{
    return a * 31 + b;
}

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

NOBUILTIN void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

NOBUILTIN void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp < sp) {
        while (n--)
            *dp++ = *sp++;
    } else {
        while (n--)
            dp[n] = sp[n];
    }
    return d;
}

NOBUILTIN void *memset(void *d, int c, size_t n)
{
    unsigned char *dp = d;
    while (n--)
        *dp++ = (unsigned char)c;
    return d;
}

#endif
