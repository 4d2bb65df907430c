/* A tiny firmware for the symbol-map tests: build.sh links it with fw.ld
 * (flash at 0x08000000, RAM at 0x20000000) and writes the maps the tests
 * read. It is never run. The whole file is Thumb code except arm_mul. */

extern char __stack_top[];                /* from fw.ld (PROVIDE) */
extern void optional_hook(void) __attribute__((weak)); /* weak, never defined */

int counter = 5;                          /* .data, an object */
const int table[4] = {1, 2, 3, 4};        /* .rodata, an object */
int zeroed;                               /* .bss, an object */
static int hidden_state;                  /* local: in no map */

void _start(void);
__attribute__((section(".vectors"), used)) void *const vectors[2] = {__stack_top, _start};

static int __attribute__((noinline)) local_helper(int x) { return x + hidden_state++; }

int __attribute__((noinline)) aot_set_exception_with_id(int a, int b)
{
    return a + b + local_helper(a);
}

void *memmove(void *dst, const void *src, unsigned n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s)
        while (n--)
            *d++ = *s++;
    else
        while (n--)
            d[n] = s[n];
    return dst;
}

/* ARM state. */
__attribute__((target("arm"), noinline)) int arm_mul(int a, int b) { return a * b; }

__attribute__((weak)) void weak_hook(void) {}

void _start(void)
{
    counter = aot_set_exception_with_id(arm_mul(2, 3), table[1]) + zeroed;
    weak_hook();
    if (optional_hook)
        optional_hook();
    for (;;)
        ;
}
