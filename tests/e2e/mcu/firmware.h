/* The M-profile test firmware's parts (tests/e2e/mcu). */
#ifndef MCU_FIRMWARE_H
#define MCU_FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

/* The loader (firmware.c), called by the reset handler with the
 * semihosting command line; its result is the exit status. */
int firmware_main(int argc, char **argv);

/* Exit QEMU with status (semihosting), without the C library. */
__attribute__((noreturn)) void semihost_exit(int status);

/* Make [base, base + size) read-only and executable for every privilege
 * level, the rest of the memory map as the core's default map has it.
 * 0: done, what says how; 1: the core has no MPU (v6-M), the memory itself
 * must be read-only; -1: this MPU cannot make that region (what says why). */
int mpu_readonly(uintptr_t base, uint32_t size, char *what, size_t n);

#endif
