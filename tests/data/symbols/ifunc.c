/* A host (x86-64) shared object with a GNU IFUNC, for the symbol-map tests.
 * Built with -nostdlib; never loaded. */

extern int external_func(int);                       /* undefined: nm 'U' */
extern int weak_ref(int) __attribute__((weak));      /* weak undefined: nm 'w' */

static int add_one(int x) { return x + 1; }
static int (*resolve_fast_add(void))(int) { return add_one; }
int fast_add(int) __attribute__((ifunc("resolve_fast_add"))); /* STT_GNU_IFUNC: nm 'i' */

long long big_object = 1;                            /* an object */
__thread int tls_counter;                            /* TLS: never a native */

int use(int x) { return external_func(x) + (weak_ref ? weak_ref(x) : 0) + fast_add(x); }
