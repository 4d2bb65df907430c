/* The per-architecture descriptors. Each file in arch/ defines one const
 * struct aotx_arch; arch.c lists them all, and the reader picks one at run
 * time from the file's target info. Every descriptor is compiled into every
 * build: nothing here depends on the host. */
#ifndef AOTX_ARCH_H
#define AOTX_ARCH_H

#include <stddef.h>
#include <stdint.h>

#include "aot_xip/module.h"

struct aotx_reloc_name {
    uint32_t type;
    const char *name;
};

struct aotx_arch {
    const char *name;         /* "thumb", "riscv32", ... */
    uint16_t machines[2];     /* ELF e_machine values (0: unused slot) */
    const char *arch_prefix;  /* the target-info arch string starts with it; NULL: any */
    unsigned word_bits;       /* 32 or 64: must match bin_type */
    int rela;                 /* 1: addends in the records; 0: in the fields (REL) */
    const struct aotx_reloc_name *names; /* sorted by type */
    size_t name_count;
};

#define AOTX_NAMES(table) .names = (table), .name_count = sizeof(table) / sizeof((table)[0])

extern const struct aotx_arch aotx_arch_x86_64, aotx_arch_i386, aotx_arch_aarch64,
    aotx_arch_arm, aotx_arch_thumb, aotx_arch_riscv32, aotx_arch_riscv64, aotx_arch_mips,
    aotx_arch_xtensa, aotx_arch_arc;

/* The descriptor for a target, or NULL. */
const struct aotx_arch *aotx_arch_find(const struct aotx_target *t);

/* The name of a relocation type, or NULL if the arch defines no such type. */
const char *aotx_arch_reloc_name(const struct aotx_arch *a, uint32_t type);

#endif
