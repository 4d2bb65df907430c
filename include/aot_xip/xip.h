/* The XIP rewrite: apply every relocation of a module for the flash
 * address it will execute at and the firmware's symbols, and build the
 * image the stock WAMR loader executes in place (AOT-FORMAT.md 12). */
#ifndef AOT_XIP_XIP_H
#define AOT_XIP_XIP_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "module.h"
#include "symbols.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where the code starts by default: a multiple of 64 bytes, the cache line
 * of the cores aot-xip targets and the line of common flash accelerators. */
#define AOTX_XIP_CODE_ALIGN 64

/* aotx_xip_options.data_base less base is a multiple of this: a flash MMU
 * page (4 KiB and more), so data copies keep their alignment on both buses. */
#define AOTX_XIP_DATA_BASE_ALIGN 4096

/* Every error aotx_xip finds, where the caller wants them all and not only
 * the first (aotx_xip_options.errors). Each is one line, an undefined
 * symbol's followed by the places that reference it, each on a line of its
 * own after a '\n' (">>> referenced by text+0x296 (aot_func#8 (mix)+0x96)"). */
struct aotx_xip_errors {
    uint32_t limit;  /* in: keep at most this many errors; 0 keeps all */
    char **lines;    /* out: the errors kept, in the order found */
    uint32_t count;  /* out: how many were kept */
    uint32_t total;  /* out: how many were found; more than count where the limit cut */
};

struct aotx_xip_options {
    uint64_t base;                      /* flash address of the whole image */
    uint64_t data_base;                 /* where data loads see the same bytes, on flash
                                           mapped twice (ESP32 family: instruction and
                                           data bus); every data reference (data copies,
                                           GOT slots) gets this bus's address, code
                                           references the base's. 0: base */
    const struct aotx_symmap *symbols;  /* the firmware's symbols (NULL: none) */
    uint32_t page_size;                 /* for the RAM figure; 0 means 4096 */
    uint32_t code_align;                /* the code's address is a multiple of it: a power
                                           of two from 16 to 4096; 0 means
                                           AOTX_XIP_CODE_ALIGN */
    const char *const *assume_readonly; /* writable-named data sections the user
                                           says the module never writes (LLVM 15
                                           puts RISC-V constant pools in .sdata) */
    size_t assume_readonly_count;
    int no_verify;                      /* skip reading the image back: by default the
                                           written image is read again, every patched
                                           field decoded and checked against its computed
                                           value, and every other byte against the input */
    enum aotx_isa assume_isa;           /* ARM and Thumb: the instruction set of natives
                                           whose maps do not say it (an even address from
                                           nm, an ld map, a plain map or --defsym), on a
                                           core with both (A and R profiles, ARM code).
                                           AOTX_ISA_UNKNOWN: such a native is refused
                                           where its state matters (a branch to it, its
                                           address as a code pointer). On an M-profile
                                           core it is Thumb, and ARM is refused. Other
                                           targets: ignored. */
    char arm_profile;                   /* ARM and Thumb: the core's profile, 'a', 'r' or
                                           'm', where the arch string does not state it
                                           (a bare "thumbv7", "thumbv6", "thumb": taken as
                                           'm', no ARM state, when this is 0); one that
                                           contradicts the string is refused. Other
                                           targets: ignored. */
    struct aotx_xip_errors *errors;     /* NULL: d alone says the first error and how
                                           many more there were; else aotx_xip empties
                                           it and keeps every error in it too (free with
                                           aotx_xip_errors_free) */
    int natives_table_mode;             /* 1: every firmware native resolves to its
                                           entry k in the firmware's table at
                                           natives_table, which jumps to the function
                                           pointer it holds (docs/natives-abi.md); the
                                           symbol maps are not needed for natives */
    uint64_t natives_table;             /* natives_table_mode: the table's address */
};

/* Where a referenced symbol resolved. */
struct aotx_xip_symbol {
    const char *name;
    uint64_t value;      /* the address, with bit 0 set for a Thumb function */
    const char *origin;  /* "image", the symbol map (file, or "--defsym"), or "natives
                            table" */
    enum aotx_sym_class cls;
    int thumb;           /* Thumb code (ARM targets) */
    int isa_assumed;     /* the map did not say ARM or Thumb: assume_isa said which */
    uint32_t uses;       /* relocations that reference it */
    uint32_t natives_slot; /* natives-table mode: 1 + the slot k of the table entry a
                              native resolved to (value is the entry's address); 0 */
};

struct aotx_xip_veneer {
    const char *target_name;
    uint64_t target;   /* with the Thumb bit where it has one */
    uint64_t address;
    uint32_t size;
    uint32_t callers;
};

/* A read-only data section copied into flash after the code. */
struct aotx_xip_placement {
    const char *name;
    uint64_t address;  /* as data loads see it (aotx_xip_image.data_base) */
    uint32_t size;
    uint32_t align;
};

/* A GOT slot in the image (x86-64 GOTPCREL): it holds the symbol's address. */
struct aotx_xip_slot {
    const char *name;
    uint64_t address;  /* as data loads see it */
};

struct aotx_xip_image {
    uint8_t *bytes;
    size_t size;
    uint64_t base;
    uint64_t data_base;        /* where data loads see the image: aotx_xip_options.data_base,
                                  or base */
    uint64_t literal_address;
    uint64_t code_address;
    uint32_t code_size;        /* the module's code, before veneers and data */
    uint32_t literal_pad;      /* bytes added to the literal area to align the code */
    uint64_t *func_addresses;  /* entry of each function (Thumb: bit 0 set) */
    uint32_t func_count;
    struct aotx_xip_symbol *symbols;
    uint32_t symbol_count;
    struct aotx_xip_veneer *veneers;
    uint32_t veneer_count;
    struct aotx_xip_placement *placements;
    uint32_t placement_count;
    struct aotx_xip_slot *got;
    uint32_t got_count;
    uint32_t relocations;      /* applied */
    uint32_t page_size;
    uint64_t ram_stock;        /* what a stock (copying) load would allocate */
    uint64_t ram_xip;          /* what the loader still allocates for this image */
    uint32_t plt_estimate;     /* bytes of PLT counted in ram_stock */
    int verified;
    char arm_profile;          /* ARM and Thumb: the profile the image was made for, 'a',
                                  'r' or 'm' (aotx_xip_options.arm_profile; 'a' too for a
                                  core before the profiles, "thumbv5te"); else 0 */
    uint32_t natives_abi;      /* natives-table mode: the ABI id the image needs (family
                                  id << 16 | the least version that has every slot it
                                  uses); 0: direct mode */
    uint64_t natives_table;    /* natives-table mode: the table's address */
    char **warnings;           /* what is legal but suspicious, one line each (the
                                  tool prints them; --fatal-warnings refuses them) */
    uint32_t warning_count;
};

/* Rewrite m. On success *out is a new image (free with aotx_xip_free). On
 * failure nothing is returned and d says what was wrong: an unsupported or
 * out-of-range relocation, every undefined symbol, writable data, ... */
AOTX_API enum aotx_err aotx_xip(const struct aotx_module *m, const struct aotx_xip_options *o,
                                struct aotx_xip_image **out, struct aotx_diag *d);

/* Frees the lines of e and empties it; its limit stays. */
AOTX_API void aotx_xip_errors_free(struct aotx_xip_errors *e);

/* Frees img (NULL: nothing). */
AOTX_API void aotx_xip_free(struct aotx_xip_image *img);

#ifdef __cplusplus
}
#endif

#endif
