/* x86-64 (System V psABI). RELA. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/x86_64.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_x86_64 = {
    .name = "x86_64",
    .machines = {62, 0},
    .arch_prefix = "x86_64",
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
};
