/* 64-bit division (libgcc helpers on 32-bit targets), floating constants in
 * read-only data, soft float on targets without an FPU. */
int div64(int a, int b)
{
    long long x = (long long)a * 1000003LL * (a | 1) + 12345678901LL;
    long long y = (long long)b * 97 + 1;
    unsigned long long u = (unsigned long long)x * 3u;
    return (int)(x / y) ^ (int)(x % y) ^ (int)(u / (unsigned)(b | 1));
}

static const double weights[] = {0.5, 1.25, 3.14159, 2.718281828, -7.75, 1e3};

int fconst(int a, int b)
{
    double acc = 0.0;
    for (int i = 0; i < 6; i++)
        acc += weights[(a + i) % 6] * (double)(b + i);
    return (int)(acc * 100.0);
}
