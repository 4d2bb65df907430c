/* ARM state A32 (AAELF32). REL. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/arm.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_arm = {
    .name = "arm",
    .machines = {40, 0},
    .arch_prefix = "arm",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
};
