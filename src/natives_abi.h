/* The natives-table ABI, as data: per target family, the firmware natives an
 * AOT module can call, in a fixed slot order.
 *
 * In natives-table mode an XIP image calls every firmware native through
 * entry k of a table that the firmware holds: a function pointer and the
 * few instructions that jump to it. The slot
 * order of a family is a stable, versioned ABI: a version only appends names
 * to the one before it, so slot k names the same native in every version
 * that has it, and an image of version v runs on a table of any version
 * >= v of its family. docs/natives-abi.md states the rule and where the
 * lists come from. */
#ifndef AOTX_NATIVES_ABI_H
#define AOTX_NATIVES_ABI_H

#include <stddef.h>
#include <stdint.h>

/* The table in the firmware, at the address given to --natives-table (the
 * section .aot_xip_natives that `aot-xip natives-table` writes): a header
 * of AOTX_NATIVES_HEAD bytes, the table's ABI id (u32) and its slot count
 * (u32), in the target's byte order, then the entry of slot k at
 * table + AOTX_NATIVES_HEAD + k * entry: a few instructions that jump to
 * the function pointer (of the target's word size) at entry_ptr in the
 * entry, the address of native k. An image calls entry k as it would call
 * native k. */
#define AOTX_NATIVES_HEAD 8
/* The table's symbol in the firmware, at its first byte. */
#define AOTX_NATIVES_SYMBOL "aot_xip_natives"

struct aotx_natives_abi {
    const char *family;       /* an arch descriptor's name: "thumb", "riscv32", ... */
    uint16_t id;              /* the family's number, never reused (1..) */
    uint16_t version;         /* the newest version of its list (1..) */
    const char *const *names; /* slot order: names[k] is slot k */
    const uint32_t *counts;   /* counts[v - 1]: the slots of version v, v = 1..version */
    uint32_t entry;           /* bytes of each entry, a multiple of 8; 0: the family has
                                 no entry code yet */
    uint32_t entry_ptr;       /* where in an entry its function pointer is */
};

/* The family whose name is an arch descriptor's name (struct aotx_arch.name),
 * or NULL. */
const struct aotx_natives_abi *aotx_natives_abi_find(const char *family);

/* The i-th family, for i from 0; NULL past the last. */
const struct aotx_natives_abi *aotx_natives_abi_at(size_t i);

/* The number of slots of the family's version `version`; 0 for a version it
 * does not have. */
uint32_t aotx_natives_abi_count(const struct aotx_natives_abi *abi, unsigned version);

/* The slot of the native `name` (an exact name) in the newest version, or -1. */
int32_t aotx_natives_abi_slot(const struct aotx_natives_abi *abi, const char *name);

/* The first version that has slot `slot`, or 0 if none has it: an image that
 * calls natives of slots s1..sn needs a table of the largest of their
 * versions. */
unsigned aotx_natives_abi_since(const struct aotx_natives_abi *abi, int32_t slot);

/* The 32-bit id of the family's version `version`: id << 16 | version. An
 * image records the one it needs and the table the one it holds. */
uint32_t aotx_natives_abi_id(const struct aotx_natives_abi *abi, uint16_t version);

#endif
