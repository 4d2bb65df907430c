/* Start-up of the M-profile test firmware: the vector table, the reset
 * handler, the fault handler and the semihosting calls they make without
 * the C library. One source for every core the tests run on:
 *
 *   v6-M            Cortex-M0 (microbit): HardFault only, no fault status
 *                   registers, no MPU;
 *   v7-M, v7E-M     Cortex-M3, M4, M7 (mps2-an385, -an386, -an500);
 *   v8-M mainline   Cortex-M33, M55 (mps2-an505, mps3-an547): they start in
 *                   the Secure state, where the SCB and the MPU are at the
 *                   usual addresses.
 *
 * Semihosting (BKPT 0xab, the operation in r0, its argument in r1) gives
 * the command line, the output and the exit status; QEMU runs it with
 * -semihosting-config enable=on. A fault prints the exception, the PC it
 * was taken at and, where the core has them, the fault status registers,
 * then exits with status 3: a test sees every fault as a failure, and
 * reads what it was. */
#include <stdint.h>
#include <stdlib.h>

#include "firmware.h"

#define SYS_WRITE0 0x04
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

#ifdef __ARM_ARCH_6M__
#define V6M 1
#else
#define V6M 0
#endif

#define SCB_SHCSR (*(volatile uint32_t *)0xe000ed24)
#define SCB_CFSR (*(volatile uint32_t *)0xe000ed28)
#define SCB_HFSR (*(volatile uint32_t *)0xe000ed2c)
#define SCB_MMFAR (*(volatile uint32_t *)0xe000ed34)
#define SCB_BFAR (*(volatile uint32_t *)0xe000ed38)
#define SHCSR_FAULTS (0x7u << 16) /* MEMFAULTENA, BUSFAULTENA, USGFAULTENA */
#define CFSR_MMARVALID (1u << 7)
#define CFSR_BFARVALID (1u << 15)

extern uint32_t __stack_top[], __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern void initialise_monitor_handles(void); /* newlib's rdimon: stdio on semihosting */

void reset_handler(void);
void fault_entry(void);
void fault_report(const uint32_t *frame, uint32_t exception);

/* Every exception but reset is a fault here: nothing else is enabled. */
__attribute__((section(".vectors"), used)) void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__stack_top, reset_handler, fault_entry, fault_entry,
    fault_entry, fault_entry, fault_entry, fault_entry, fault_entry, fault_entry,
    fault_entry, fault_entry, fault_entry, fault_entry, fault_entry, fault_entry,
};

static uintptr_t semihost(uintptr_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void put(const char *s) { semihost(SYS_WRITE0, s); }

/* The exit status reaches QEMU's own (SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void semihost_exit(int status)
{
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
    for (;;)
        semihost(SYS_EXIT_EXTENDED, block);
}

/* argv from the command line QEMU was given (-semihosting-config arg=...),
 * split at spaces. */
static int command_line(char **argv, int max)
{
    static char line[512];
    struct { char *p; uint32_t n; } block = {line, sizeof line - 1};
    int argc = 0;
    if (semihost(SYS_GET_CMDLINE, &block) != 0)
        return 0;
    line[block.n] = 0;
    for (char *p = line; *p && argc < max;) {
        while (*p == ' ')
            *p++ = 0;
        if (*p)
            argv[argc++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return argc;
}

void reset_handler(void)
{
    static char *argv[48];
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;)
        *d++ = *s++;
    for (uint32_t *d = __bss_start; d < __bss_end;)
        *d++ = 0;
#if !V6M
    SCB_SHCSR |= SHCSR_FAULTS; /* each fault its own exception and status bits */
#endif
    initialise_monitor_handles();
    int argc = command_line(argv, 47);
    argv[argc] = 0;
    exit(firmware_main(argc, argv));
}

/* The frame the core stacked: r0-r3, r12, lr, pc, xPSR. Thread mode runs
 * on the main stack, so MSP points at it. */
__attribute__((naked)) void fault_entry(void)
{
    __asm__ volatile("mrs r0, msp\n"
                     "mrs r1, ipsr\n"
                     "ldr r2, =fault_report\n"
                     "bx r2\n"
                     ".ltorg\n");
}

static char *hex(char *p, uint32_t v)
{
    *p++ = '0', *p++ = 'x';
    for (int i = 28; i >= 0; i -= 4)
        *p++ = "0123456789abcdef"[v >> i & 15];
    return p;
}

static char *text(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

#if !V6M
/* The CFSR bits that say why (ARMv7-M ARM B3.2.15; STKOF is v8-M's). */
static char *cfsr_names(char *p, uint32_t cfsr)
{
    static const char *const names[32] = {
        [0] = "IACCVIOL", [1] = "DACCVIOL", [3] = "MUNSTKERR", [4] = "MSTKERR",
        [5] = "MLSPERR", [7] = "MMARVALID", [8] = "IBUSERR", [9] = "PRECISERR",
        [10] = "IMPRECISERR", [11] = "UNSTKERR", [12] = "STKERR", [13] = "LSPERR",
        [15] = "BFARVALID", [16] = "UNDEFINSTR", [17] = "INVSTATE", [18] = "INVPC",
        [19] = "NOCP", [20] = "STKOF", [24] = "UNALIGNED", [25] = "DIVBYZERO",
    };
    int any = 0;
    for (int i = 0; i < 32; i++)
        if (cfsr >> i & 1 && names[i]) {
            p = text(text(p, any ? " " : " ("), names[i]);
            any = 1;
        }
    return any ? text(p, ")") : p;
}
#endif

void fault_report(const uint32_t *frame, uint32_t exception)
{
    static const char *const names[16] = {
        [2] = "NMI", [3] = "HardFault", [4] = "MemManage", [5] = "BusFault",
        [6] = "UsageFault", [7] = "SecureFault", [11] = "SVCall", [12] = "DebugMonitor",
        [14] = "PendSV", [15] = "SysTick",
    };
    char line[200], *p = line;
    exception &= 0x1ff;
    p = text(p, "fault: ");
    p = text(p, exception < 16 && names[exception] ? names[exception] : "exception");
    p = text(hex(text(p, " at pc "), frame[6]), ", ");
#if V6M
    p = text(p, "no fault status registers (v6-M)");
#else
    uint32_t cfsr = SCB_CFSR;
    p = cfsr_names(hex(text(p, "cfsr "), cfsr), cfsr);
    p = hex(text(p, ", hfsr "), SCB_HFSR);
    if (cfsr & CFSR_MMARVALID)
        p = hex(text(p, ", mmfar "), SCB_MMFAR);
    if (cfsr & CFSR_BFARVALID)
        p = hex(text(p, ", bfar "), SCB_BFAR);
#endif
    p = text(p, "\n");
    *p = 0;
    put(line);
    semihost_exit(3);
}
