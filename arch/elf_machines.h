/* The ELF machine numbers (e_machine) of the targets aot-xip relocates,
 * under the names of the System V gABI's registry (ARCv2 as binutils'
 * include/elf/common.h spells it), so that nothing depends on the host's
 * <elf.h>. Where that is included too (libelf's headers include it), a
 * name both define must be defined alike, which the compiler checks. */
#ifndef AOTX_ELF_MACHINES_H
#define AOTX_ELF_MACHINES_H

#define EM_386 3
#define EM_MIPS 8
#define EM_ARM 40
#define EM_X86_64 62
#define EM_ARC_COMPACT 93   /* ARCompact: ARC600, ARC700 */
#define EM_XTENSA 94
#define EM_AARCH64 183
#define EM_ARC_COMPACT2 195 /* ARCv2: EM, HS */
#define EM_RISCV 243

#endif
