/* Local symbols for the ELF reader (build.sh links locals-a.c and
 * locals-b.c into locals.elf, MIPS big-endian). */

/* local here and in locals-b.c at another address: ambiguous */
static __attribute__((used, noinline)) int twin(int x) { return x + 1; }

/* local only: taken */
static __attribute__((used, noinline)) int solo(int x) { return x * 3; }
static __attribute__((used)) int solo_data = 7;

/* local here, global in locals-b.c: the global is taken */
static __attribute__((used, noinline)) int shadowed(int x) { return x - 2; }

void _start(void) {}
