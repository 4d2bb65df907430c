/* The compiler helpers the test programs may call (64-bit division, soft
 * float, the AEABI memory functions), for every loader that is a symbol map:
 * referenced from a table so a static link keeps them and they appear in
 * its symbol table. Included once, by loader.c or the M-profile firmware
 * (tests/e2e/mcu/natives.c). */
#ifndef LOADER_HELPERS_H
#define LOADER_HELPERS_H

#if defined(__arm__)
#define HELPERS(X) X(__aeabi_ldivmod) X(__aeabi_uldivmod) X(__aeabi_idiv) X(__aeabi_uidiv) \
    X(__aeabi_idivmod) X(__aeabi_uidivmod) X(__aeabi_dadd) X(__aeabi_dsub) X(__aeabi_dmul) \
    X(__aeabi_ddiv) X(__aeabi_i2d) X(__aeabi_ui2d) X(__aeabi_d2iz) X(__aeabi_l2d) \
    X(__aeabi_d2lz) X(__aeabi_dcmplt) X(__aeabi_dcmpgt) X(__aeabi_dcmpge) X(__aeabi_dcmple) \
    X(__aeabi_dcmpeq) X(__aeabi_f2d) X(__aeabi_d2f) X(__aeabi_fmul) X(__aeabi_fadd) \
    X(__aeabi_i2f) X(__aeabi_f2iz) X(__aeabi_memcpy) X(__aeabi_memset) X(__aeabi_memclr) \
    X(__aeabi_memmove) X(__aeabi_memcpy4) X(__aeabi_memclr4) X(__aeabi_memset4) X(__aeabi_memmove4) \
    X(__aeabi_memcpy8) X(__aeabi_memclr8) X(__aeabi_memset8) X(__aeabi_memmove8) \
    X(__aeabi_lmul) /* v6-M: no 32x32->64 multiply */
#elif defined(__i386__) || (defined(__mips__) && !defined(__mips64))
#define HELPERS(X) X(__divdi3) X(__udivdi3) X(__moddi3) X(__umoddi3) X(__divmoddi4)
#else
#define HELPERS(X)
#endif
#define DECLARE(name) extern char name[];
#define ADDRESS(name) (void *)name,
HELPERS(DECLARE)
void *const loader_helpers[] __attribute__((used)) = {HELPERS(ADDRESS) NULL};

#endif
