/* Calls between functions, calls into the loader, memcpy/memset. */
#include <stddef.h>

/* Declared here, not from <string.h>: the programs are built freestanding
 * for every target, against no C library headers. */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

int host_callback(int a, int b);

static int __attribute__((noinline)) square(int x)
{
    return x * x;
}

int __attribute__((noinline)) twice_plus(int a, int b)
{
    return 2 * a + square(b);
}

int calls(int a, int b)
{
    return twice_plus(a, b) - twice_plus(b, a) + square(a + b);
}

int callback(int a, int b)
{
    return host_callback(a, b) + host_callback(b, 7) * 3;
}

int memops(int a, int b)
{
    unsigned char src[64], dst[64];
    int n = b & 63;
    memset(src, a & 0xff, n);
    for (int i = 0; i < n; i++)
        src[i] = (unsigned char)(src[i] + i);
    memcpy(dst, src, n);
    memmove(dst + 1, dst, n > 0 ? n - 1 : 0);
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum = sum * 3 + dst[i];
    return sum;
}
