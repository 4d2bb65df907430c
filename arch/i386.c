/* i386 (System V i386 psABI). REL: addends live in the patched fields. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/i386.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_i386 = {
    .name = "i386",
    .machines = {3, 0},
    .arch_prefix = "i386",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
};
