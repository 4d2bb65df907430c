/* ARC (ARCompact / ARCv2 ELF ABI). RELA. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/arc.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_arc = {
    .name = "arc",
    .machines = {195, 93},
    .arch_prefix = "arc",
    .word_bits = 32,
    .rela = 1,
    AOTX_NAMES(names),
};
