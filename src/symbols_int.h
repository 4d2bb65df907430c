/* Shared by the symbol-map parsers (src/symbols.c, src/symbols_elf.c). */
#ifndef AOTX_SYMBOLS_INT_H
#define AOTX_SYMBOLS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "aot_xip/symbols.h"
#include "internal.h"

/* A bump allocator over arena chunks: names and entries of one load. */
struct pool {
    struct arena arena;
    uint8_t *cur;
    size_t left;
    size_t next_block;
};

struct pending {
    struct aotx_native *n;
    uint64_t hash;
};

/* One load in progress: its entries are collected here and enter the map
 * only when the whole source has been read and checked. */
struct symload {
    enum aotx_symmap_format fmt;
    const char *file;
    struct pool pool;
    struct pending *pend;
    size_t count, cap;
    uint16_t elf_machine; /* what an ELF says of itself; 0 for text formats */
    uint8_t elf_class, elf_data;
};

/* Add a symbol read from the source. proto->name points to name_len bytes
 * (not NUL-terminated); source and file come from ld. */
enum aotx_err symload_add(struct symload *ld, const struct aotx_native *proto, size_t name_len,
                          struct aotx_diag *d);

/* The ELF reader (libelf). */
enum aotx_err symload_elf(struct symload *ld, const uint8_t *buf, size_t size,
                          struct aotx_diag *d);

#endif
