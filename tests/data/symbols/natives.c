/* The natives a module calls, in a firmware for some machine: build.sh
 * links it for each machine aot-xip relocates for (fw-MACHINE.elf), to
 * check a map's ELF against the module's target. It is never run. */

int aot_set_exception_with_id(int a, int b) { return a + b; }

int aot_invoke_native(int a) { return a * 3; }

void *memmove(void *dst, const void *src, unsigned long n) { return n ? dst : (void *)src; }

void _start(void) {}
