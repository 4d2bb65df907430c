/* The region an image runs from, made read-only by the MPU before the
 * image is used: a write to it is then a MemManage fault, as a write to
 * real flash would be lost.
 *
 *   v7-M (PMSAv7, ARMv7-M ARM B3.5): a region is a power of two of at
 *   least 32 bytes, aligned to its size; RASR holds its size, access
 *   permissions (AP 0b110: read-only at every privilege) and memory type
 *   (TEX 0, C 1, B 0: normal, write-through, as flash is mapped).
 *   v8-M (PMSAv8, ARMv8-M ARM B3.6): a region is base to limit in 32-byte
 *   granules; RBAR holds AP (0b11: read-only at every privilege) and XN,
 *   RLAR the limit and an index into MAIR0 (attribute 0: normal memory,
 *   write-through, read-allocate).
 *   v6-M (Cortex-M0): no MPU.
 *
 * Region 0, with the default memory map as background (PRIVDEFENA) for
 * everything else: the firmware runs privileged. */
#include <stdio.h>

#include "firmware.h"

#define MPU_TYPE (*(volatile uint32_t *)0xe000ed90)
#define MPU_CTRL (*(volatile uint32_t *)0xe000ed94)
#define MPU_RNR (*(volatile uint32_t *)0xe000ed98)
#define MPU_RBAR (*(volatile uint32_t *)0xe000ed9c)
#define MPU_RASR (*(volatile uint32_t *)0xe000eda0) /* v8-M: RLAR */
#define MPU_MAIR0 (*(volatile uint32_t *)0xe000edc0)
#define MPU_CTRL_ENABLE 0x1u
#define MPU_CTRL_PRIVDEFENA 0x4u

#if defined(__ARM_ARCH_6M__)

int mpu_readonly(uintptr_t base, uint32_t size, char *what, size_t n)
{
    (void)base, (void)size;
    snprintf(what, n, "no MPU (v6-M): the memory itself is read-only");
    return 1;
}

#else

static void mpu_enable(void)
{
    MPU_CTRL = MPU_CTRL_PRIVDEFENA | MPU_CTRL_ENABLE;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)

#define RBAR_AP_RO_ANY (0x3u << 1)
#define MAIR_NORMAL_WT 0xaau /* outer and inner write-through, read-allocate */

int mpu_readonly(uintptr_t base, uint32_t size, char *what, size_t n)
{
    uint32_t regions = MPU_TYPE >> 8 & 0xff;
    if (regions == 0 || size < 32 || (base | size) & 31) {
        snprintf(what, n, "the v8-M MPU (%lu regions) cannot map %lu bytes at 0x%08lx",
                 (unsigned long)regions, (unsigned long)size, (unsigned long)base);
        return -1;
    }
    MPU_CTRL = 0;
    MPU_MAIR0 = MAIR_NORMAL_WT; /* attribute 0 */
    MPU_RNR = 0;
    MPU_RBAR = (uint32_t)base | RBAR_AP_RO_ANY; /* SH 0, XN 0 */
    MPU_RASR = ((uint32_t)base + size - 32) | 0x1u; /* RLAR: limit, AttrIndx 0, EN */
    mpu_enable();
    snprintf(what, n, "v8-M MPU region 0: 0x%08lx..0x%08lx read-only", (unsigned long)base,
             (unsigned long)(base + size));
    return 0;
}

#else /* v7-M, v7E-M */

#define RASR_AP_RO_ANY (0x6u << 24)
#define RASR_NORMAL_WT (0x1u << 17) /* TEX 0, C 1, B 0 */

int mpu_readonly(uintptr_t base, uint32_t size, char *what, size_t n)
{
    uint32_t regions = MPU_TYPE >> 8 & 0xff;
    uint32_t log2 = 0;
    while (log2 < 32 && (1u << log2) < size)
        log2++;
    if (regions == 0 || size < 32 || size != 1u << log2 || base & (size - 1)) {
        snprintf(what, n, "the v7-M MPU (%lu regions) cannot map %lu bytes at 0x%08lx",
                 (unsigned long)regions, (unsigned long)size, (unsigned long)base);
        return -1;
    }
    MPU_CTRL = 0;
    MPU_RNR = 0;
    MPU_RBAR = (uint32_t)base;
    MPU_RASR = RASR_AP_RO_ANY | RASR_NORMAL_WT | (log2 - 1) << 1 | 0x1u; /* XN 0, EN */
    mpu_enable();
    snprintf(what, n, "v7-M MPU region 0: 0x%08lx..0x%08lx read-only", (unsigned long)base,
             (unsigned long)(base + size));
    return 0;
}

#endif
#endif
