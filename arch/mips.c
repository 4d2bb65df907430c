/* MIPS32 o32 (SYSV MIPS ABI), either byte order. REL. */
#include "arch.h"

static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include "names/mips.def"
#undef RELOC
};

const struct aotx_arch aotx_arch_mips = {
    .name = "mips",
    .machines = {8, 0},
    .arch_prefix = "mips",
    .word_bits = 32,
    .rela = 0,
    AOTX_NAMES(names),
};
