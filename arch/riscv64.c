/* RISC-V RV64 (RISC-V ELF psABI). RELA. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/riscv.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_riscv64 = {
    .name = "riscv64",
    .machines = {243, 0},
    .arch_prefix = "riscv64",
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
};
