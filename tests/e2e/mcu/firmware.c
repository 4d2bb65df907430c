/* The loader of the M-profile test firmware: it calls the exported
 * functions of an aot-xip image that lies in a region of flash reserved
 * by the linker script (ld/BOARD.ld) and filled after the link, as the
 * stock WAMR loader calls an XIP image in place; the image calls back
 * into the firmware's natives (natives.c).
 *
 *     firmware [--count SHIFT] MODE REGION [FUNC A B]...
 *
 *   MODE    xip   call the image where it lies, in REGION
 *           ram   copy REGION to the RAM load area first (an image
 *                 relocated for that area) and call it there: a RAM load
 *           poke  write to REGION once it is read-only: the MPU must
 *                 fault (on v6-M, which has no MPU, the flash must ignore
 *                 the write)
 *   REGION  near or far: the board's reserved regions (xip_near, xip_far)
 *   FUNC    an export's address from aot-xip's report (Thumb bit set),
 *           which must lie in the image's area
 *   A B     its two int arguments
 *
 * Before the image is used: a CRC-32 of REGION, then the MPU makes REGION
 * read-only. After the calls: the CRC again, which must be the same. Each
 * call prints its int result on a line of its own, as the host build of
 * the program does; with --count (QEMU run with -icount shift=SHIFT, on a
 * board with the FPGAIO counter) the line also gives the guest
 * instructions the call executed. Lines that start with '#' are the
 * firmware's notes. Exit status: 0 done, 1 a check failed, 2 usage, 3 a
 * fault (startup.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware.h"

/* The regions (ld/firmware.ld, ld/far.ld). Weak: a board without a far
 * region or RAM load area leaves them 0. */
extern const uint8_t __xip_near_start[], __xip_near_end[];
extern const uint8_t __xip_far_start[] __attribute__((weak));
extern const uint8_t __xip_far_end[] __attribute__((weak));
extern uint8_t __ram_load_start[] __attribute__((weak));
extern uint8_t __ram_load_end[] __attribute__((weak));

typedef int (*entry_fn)(int, int);

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = c >> 1 ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

/* ------------------------------------------------------------- counting */

#ifdef COUNTER_ADDR
/* The MPS2 FPGAIO COUNTER: up at COUNTER_HZ of QEMU's virtual clock, which
 * with -icount shift=S advances 2^S ns per guest instruction. */
#define COUNTER (*(volatile uint32_t *)COUNTER_ADDR)

/* The function a measurement of nothing calls: one instruction. */
__attribute__((naked, noinline)) static int empty(int a, int b)
{
    (void)a, (void)b;
    __asm__ volatile("bx lr");
}

__attribute__((noinline)) static uint32_t ticks(entry_fn f, int a, int b, int *r)
{
    uint32_t t0 = COUNTER;
    *r = f(a, b);
    return COUNTER - t0;
}

/* Ticks to instructions: the nearest whole number, exact while a tick is
 * shorter than half an instruction (shift >= 7 at 25 MHz). */
static uint32_t instructions(uint32_t t, unsigned shift)
{
    uint64_t per = (uint64_t)COUNTER_HZ << shift; /* ticks per 1e9 instructions */
    return (uint32_t)(((uint64_t)t * 1000000000u + per / 2) / per);
}

/* Instructions from f's first to its return, natives and veneers included:
 * a measurement of f less one of empty, plus empty's own. */
static uint32_t count_call(entry_fn f, int a, int b, int *r, unsigned shift)
{
    int ignored;
    uint32_t base = instructions(ticks((entry_fn)empty, 0, 0, &ignored), shift);
    return instructions(ticks(f, a, b, r), shift) - base + 1;
}
#endif

/* ---------------------------------------------------------------- calls */

struct area {
    const uint8_t *start;
    uint32_t size;
};

static int usage(const char *why)
{
    printf("# usage: firmware [--count SHIFT] xip|ram|poke near|far [FUNC A B]...: %s\n", why);
    return 2;
}

static int call_all(struct area code, char **argv, int n, int count, unsigned shift)
{
    for (int i = 0; i + 2 < n; i += 3) {
        uintptr_t at = strtoul(argv[i], NULL, 0);
        int a = atoi(argv[i + 1]), b = atoi(argv[i + 2]), r;
        if (at < (uintptr_t)code.start || at >= (uintptr_t)code.start + code.size) {
            printf("# 0x%08lx is not in the image's area 0x%08lx..0x%08lx\n",
                   (unsigned long)at, (unsigned long)code.start,
                   (unsigned long)(code.start + code.size));
            return 1;
        }
        entry_fn f;
        memcpy(&f, &at, sizeof f);
        if (!count) {
            printf("%d\n", f(a, b));
            continue;
        }
#ifdef COUNTER_ADDR
        uint32_t insns = count_call(f, a, b, &r, shift);
        printf("%d %lu\n", r, (unsigned long)insns);
#else
        (void)r, (void)shift;
        return usage("this board has no counter for --count");
#endif
    }
    return 0;
}

/* Write to the read-only region: the MPU faults (startup.c reports it and
 * exits 3). Without an MPU the write must leave the flash as it was. */
static int poke(struct area region)
{
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)region.start;
    uint32_t before = *p;
    *p = ~before;
    __asm__ volatile("dsb" ::: "memory");
    if (*p != before) {
        printf("# the write to 0x%08lx took: the region is writable\n", (unsigned long)p);
        return 1;
    }
    printf("# the write to 0x%08lx was ignored\n", (unsigned long)p);
    return 0;
}

int firmware_main(int argc, char **argv)
{
    int count = 0;
    unsigned shift = 0;
    if (argc > 2 && !strcmp(argv[1], "--count")) {
        count = 1, shift = (unsigned)atoi(argv[2]);
        argc -= 2, argv += 2;
    }
    if (argc < 3 || (argc - 3) % 3)
        return usage("expected a mode, a region and calls of three words");
    const char *mode = argv[1];
    int far = !strcmp(argv[2], "far");
    if (!far && strcmp(argv[2], "near"))
        return usage("the region is near or far");
    struct area region = far ? (struct area){__xip_far_start, __xip_far_end - __xip_far_start}
                             : (struct area){__xip_near_start, __xip_near_end - __xip_near_start};
    if (!region.size)
        return usage("this board has no far region");

    uint32_t crc = crc32(region.start, region.size);
    char what[96];
    int mpu = mpu_readonly((uintptr_t)region.start, region.size, what, sizeof what);
    printf("# %s\n", what);
    if (mpu < 0)
        return 1;

    struct area code = region;
    int rc;
    if (!strcmp(mode, "poke")) {
        rc = poke(region);
    } else if (!strcmp(mode, "ram")) {
        code = (struct area){__ram_load_start, __ram_load_end - __ram_load_start};
        if (code.size < region.size)
            return usage("this board has no RAM load area");
        memcpy(__ram_load_start, region.start, region.size);
        __asm__ volatile("dsb\n\tisb" ::: "memory");
        rc = call_all(code, argv + 3, argc - 3, count, shift);
    } else if (!strcmp(mode, "xip")) {
        rc = call_all(code, argv + 3, argc - 3, count, shift);
    } else {
        return usage("the mode is xip, ram or poke");
    }

    uint32_t after = crc32(region.start, region.size);
    if (after != crc) {
        printf("# the region changed: crc 0x%08lx before, 0x%08lx after\n", (unsigned long)crc,
               (unsigned long)after);
        return 1;
    }
    printf("# crc 0x%08lx of 0x%08lx..0x%08lx unchanged\n", (unsigned long)crc,
           (unsigned long)region.start, (unsigned long)(region.start + region.size));
    return rc;
}
