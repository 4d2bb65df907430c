/* Execution harness for XIP images on RV32 Linux (qemu-riscv32), built
 * freestanding: Debian has no riscv32 C library, and riscv64-linux-gnu-gcc
 * has no rv32 multilib libgcc. Same command line, output and exit status as
 * loader.c: map IMAGE at BASE, make it read+execute only, call the function
 * at FUNC with two int arguments and print its int result. With DATA, the
 * image is mapped again there, read only, and BASE's mapping is execute
 * only: flash seen by two buses (aot-xip --data-base); FROM and TO: file
 * offsets of bytes the instruction bus cannot serve to loads (map_data_bus).
 *
 *     loader IMAGE BASE FUNC A B [DATA [FROM TO]]
 *
 * Built with riscv64-linux-gnu-gcc -march=rv32imafdc -mabi=ilp32d -nostdlib
 * -static -ffreestanding: its own _start, raw system calls. RV32 Linux uses
 * the generic table, whose numbers come from the kernel's headers
 * (asm-generic/unistd.h, 32-bit branch): openat 56, close 57, read 63,
 * write 64, exit 93, llseek 62 (the 32-bit lseek), mmap2 222 (offset in
 * 4096-byte units), mprotect 226, riscv_flush_icache 259.
 *
 * This program's own ELF is the symbol map given to aot-xip (--symbols): it
 * defines the natives the test programs call (host_callback, memcpy, memset,
 * memmove) and the compiler helpers rv32imafdc code calls (64-bit division
 * and remainder), as loops that call nothing: the compiler must not turn
 * them back into calls to themselves. */
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#if __riscv_xlen != 32
#error "loader_rv32.c is for RV32 (-march=rv32... -mabi=ilp32...)"
#endif

/* ---------------------------------------------------------------- natives */

#include "natives.h"

/* ------------------------------------------------- libgcc's 64-bit division */

int64_t __divdi3(int64_t a, int64_t b);
int64_t __moddi3(int64_t a, int64_t b);
uint64_t __udivdi3(uint64_t a, uint64_t b);
uint64_t __umoddi3(uint64_t a, uint64_t b);

/* Restoring division, one quotient bit per step, high bit first: shifts,
 * compares and subtractions only, which RV32 does inline on 64-bit values.
 * A zero divisor gives an all-ones quotient and the dividend as remainder
 * (the RISC-V DIVU/REMU results). */
static uint64_t udivmod(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = r << 1 | (n >> i & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    *rem = r;
    return q;
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

NOBUILTIN uint64_t __udivdi3(uint64_t a, uint64_t b)
{
    uint64_t r;
    return udivmod(a, b, &r);
}

NOBUILTIN uint64_t __umoddi3(uint64_t a, uint64_t b)
{
    uint64_t r;
    udivmod(a, b, &r);
    return r;
}

/* Truncating: the quotient is negative when the signs differ, the
 * remainder takes the dividend's sign. */
NOBUILTIN int64_t __divdi3(int64_t a, int64_t b)
{
    uint64_t r, q = udivmod(magnitude(a), magnitude(b), &r);
    return (int64_t)((a < 0) != (b < 0) ? 0 - q : q);
}

NOBUILTIN int64_t __moddi3(int64_t a, int64_t b)
{
    uint64_t r;
    udivmod(magnitude(a), magnitude(b), &r);
    return (int64_t)(a < 0 ? 0 - r : r);
}

/* ---------------------------------------------------------- system calls */

static long sys(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = nr;
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

/* A raw call failed: -4095..-1 (an address above 2 GiB is no error). */
static int failed(long r)
{
    return (unsigned long)r > -4096UL;
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void put(int fd, const char *s)
{
    sys(__NR_write, fd, (long)s, (long)length(s), 0, 0, 0);
}

static char *decimal(char *end, unsigned long v)
{
    *--end = '\0';
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

static __attribute__((noreturn)) void leave(int status)
{
    for (;;)
        sys(__NR_exit, status, 0, 0, 0, 0, 0);
}

/* perror()'s shape, with the error number for want of strerror(). */
static __attribute__((noreturn)) void fail(const char *what, long err)
{
    char buf[16];
    put(2, what);
    put(2, ": error ");
    put(2, decimal(buf + sizeof buf, (unsigned long)-err));
    put(2, "\n");
    leave(1);
}

/* strtoull(s, NULL, 0) for what the harness passes: 0x hex or decimal. */
static unsigned long number(const char *s)
{
    unsigned long v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (s += 2; *s; s++) {
            unsigned c = (unsigned char)*s;
            unsigned d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            if (c < '0' || d > 15)
                break;
            v = v * 16 + d;
        }
        return v;
    }
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (unsigned long)(*s - '0');
    return v;
}

/* atoi(s) */
static int integer(const char *s)
{
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    unsigned v = (unsigned)number(s);
    return (int)(neg ? 0 - v : v);
}

/* size bytes of fresh read+write memory at base, or exit. */
static long map_at(unsigned long base, size_t size)
{
    long at = sys(__NR_mmap2, (long)base, (long)size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (failed(at) || (unsigned long)at != base) {
        char b1[16], b2[16];
        put(2, "loader: cannot map ");
        put(2, decimal(b1 + sizeof b1, size));
        put(2, " bytes at ");
        put(2, decimal(b2 + sizeof b2, base));
        put(2, "\n");
        leave(1);
    }
    return at;
}

/* With DATA: the same bytes again at DATA, read only, as a Harvard-mapped
 * flash's data bus sees them (ESP32 family); the code mapping is then
 * execute only. qemu-user (7.2) still lets loads read an execute-only
 * page, so bytes [poison[0], poison[1]) of the code mapping (the image's
 * data copies) are made 0xff, what a load through the instruction bus would
 * not get right: code that reads its data there gets it wrong. */
static int map_data_bus(unsigned long data, const unsigned long poison[2], long at,
                        size_t fsize, size_t size)
{
    if (!data)
        return PROT_READ | PROT_EXEC;
    long d = map_at(data, size);
    memcpy((void *)d, (const void *)at, fsize);
    long r = sys(__NR_mprotect, d, (long)size, PROT_READ, 0, 0, 0);
    if (failed(r))
        fail("mprotect", r);
    if (poison[0] < poison[1] && poison[1] <= fsize)
        memset((char *)at + poison[0], 0xff, poison[1] - poison[0]);
    return PROT_EXEC;
}

/* ------------------------------------------------------------------ main */

__attribute__((noreturn, used)) void start(long *sp);

__attribute__((noreturn, used)) void start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    if (argc != 6 && argc != 7 && argc != 9) {
        put(2, "usage: loader IMAGE BASE FUNC A B [DATA [FROM TO]]\n");
        leave(2);
    }
    unsigned long base = number(argv[2]), func = number(argv[3]);
    unsigned long data = argc >= 7 ? number(argv[6]) : 0;
    unsigned long poison[2] = {argc == 9 ? number(argv[7]) : 0, argc == 9 ? number(argv[8]) : 0};
    int a = integer(argv[4]), b = integer(argv[5]);

    long fd = sys(__NR_openat, AT_FDCWD, (long)argv[1], O_RDONLY, 0, 0, 0);
    if (failed(fd))
        fail(argv[1], fd);
    uint64_t end, pos; /* llseek(fd, offset high, offset low, &result, whence) */
    long r = sys(__NR_llseek, fd, 0, 0, (long)&end, 2 /* SEEK_END */, 0);
    if (failed(r))
        fail(argv[1], r);
    r = sys(__NR_llseek, fd, 0, 0, (long)&pos, 0 /* SEEK_SET */, 0);
    if (failed(r))
        fail(argv[1], r);
    size_t fsize = (size_t)end, page = 4096;
    size_t size = (fsize + page - 1) / page * page;

    long at = map_at(base, size);
    size_t done = 0;
    while (done < fsize) {
        long n = sys(__NR_read, fd, at + (long)done, (long)(fsize - done), 0, 0, 0);
        if (n < 0)
            fail("read", n);
        if (n == 0) {
            put(2, "read: the file got shorter\n");
            leave(1);
        }
        done += (size_t)n;
    }
    sys(__NR_close, fd, 0, 0, 0, 0, 0);
    r = sys(__NR_mprotect, at, (long)size, map_data_bus(data, poison, at, fsize, size), 0, 0, 0);
    if (failed(r))
        fail("mprotect", r);
    /* the kernel's icache flush (glibc's __riscv_flush_icache), or this
     * hart's FENCE.I where the call is missing (qemu 7 has none) */
    if (failed(sys(__NR_riscv_flush_icache, at, at + (long)size, 0, 0, 0, 0)))
        __asm__ volatile(".insn i MISC_MEM, 1, x0, x0, 0" ::: "memory"); /* fence.i */

    int (*fn)(int, int);
    void *fp = (void *)func;
    memcpy(&fn, &fp, sizeof fn);
    int v = fn(a, b);
    char buf[16];
    char *s = decimal(buf + sizeof buf, v < 0 ? 0 - (unsigned)v : (unsigned)v);
    if (v < 0)
        *--s = '-';
    put(1, s);
    put(1, "\n");
    leave(0);
}

/* The process entry: sp points at argc, then argv. gp is set as crt1
 * does, for the linker's gp-relative relaxations. */
__asm__(".text\n"
        ".globl _start\n"
        ".type _start, @function\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    lla gp, __global_pointer$\n"
        ".option pop\n"
        "    mv a0, sp\n"
        "    andi sp, sp, -16\n"
        "    call start\n"
        "    unimp\n"
        ".size _start, . - _start\n");
