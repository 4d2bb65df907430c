/* AArch64 (AAELF64). RELA. The arch string is aarch64v8 or arm64. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/aarch64.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_aarch64 = {
    .name = "aarch64",
    .machines = {183, 0},
    .arch_prefix = NULL,
    .word_bits = 64,
    .rela = 1,
    AOTX_NAMES(names),
};
