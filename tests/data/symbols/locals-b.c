/* See locals-a.c. */
static __attribute__((used, noinline)) int twin(int x) { return x - 1; }

int shadowed(int x) { return x * 5; }
