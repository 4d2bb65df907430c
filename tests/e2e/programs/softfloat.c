/* Soft-float heavy: double arithmetic, compares and conversions in a loop,
 * every operation a compiler helper call on a core without an FPU (the
 * natives-table bench, scripts/bench-mcu.py). */
int fpoly(int a, int b)
{
    double x = (double)a / 16.0, acc = 0.0, p = 1.0;
    for (int i = 0; i < 24; i++) {
        acc += p * (double)(b + i) / (double)(i + 1);
        p *= x;
        if (acc > 1e9 || acc < -1e9)
            acc = acc / 3.0;
    }
    return (int)acc;
}

int fmix(int a, int b)
{
    float f = (float)a, g = (float)b;
    int acc = 0;
    for (int i = 0; i < 32; i++) {
        f = f * 1.0625f + g;
        double d = (double)f * 0.5 - (double)i;
        acc += (int)d ^ (int)(f * 0.25f);
        g = (float)(d * 0.001);
    }
    return acc;
}
