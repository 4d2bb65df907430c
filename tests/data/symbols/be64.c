/* A 64-bit big-endian ELF (aarch64_be) for the symbol-map tests; build.sh
 * links it at 0x40000000 with ld.lld. It is never run. */
long long ticks = 7;
int be64_entry(int x) { return x + (int)ticks; }
