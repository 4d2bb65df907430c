/* Thumb state T32 (AAELF32), the Cortex-M targets. REL. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/arm.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_thumb = {
    .name = "thumb",
    .machines = {40, 0},
    .arch_prefix = "thumb",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
};
