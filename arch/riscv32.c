/* RISC-V RV32 (RISC-V ELF psABI). RELA. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/riscv.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_riscv32 = {
    .name = "riscv32",
    .machines = {243, 0},
    .arch_prefix = "riscv32",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
};
