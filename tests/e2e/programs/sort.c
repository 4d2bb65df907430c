/* Sorting 96 records of (key, 64-bit value) made from a and b: quicksort,
 * records swapped by structure copies (the natives-table bench,
 * scripts/bench-mcu.py). */
struct rec {
    int key;
    int pad;
    long long value;
};

static void quick(struct rec *r, int lo, int hi)
{
    while (lo < hi) {
        int p = r[(lo + hi) / 2].key, i = lo, j = hi;
        while (i <= j) {
            while (r[i].key < p)
                i++;
            while (r[j].key > p)
                j--;
            if (i <= j) {
                struct rec t = r[i];
                r[i++] = r[j];
                r[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quick(r, lo, j);
            lo = i;
        } else {
            quick(r, i, hi);
            hi = j;
        }
    }
}

int sort(int a, int b)
{
    struct rec r[96];
    unsigned s = (unsigned)a * 2654435761u ^ (unsigned)b;
    for (int i = 0; i < 96; i++) {
        s = s * 1103515245u + 12345u;
        r[i].key = (int)(s >> 8) % 1000;
        r[i].pad = i;
        r[i].value = (long long)r[i].key * b;
    }
    quick(r, 0, 95);
    long long sum = 0;
    for (int i = 0; i < 96; i++)
        sum = sum * 31 + r[i].value / 7 + r[i].pad;
    return (int)(sum ^ sum >> 32);
}
