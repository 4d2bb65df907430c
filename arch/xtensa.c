/* Xtensa (binutils elf32-xtensa). RELA. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/xtensa.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_xtensa = {
    .name = "xtensa",
    .machines = {94, 0},
    .arch_prefix = "xtensa",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
};
