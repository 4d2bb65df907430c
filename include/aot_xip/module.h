/* The in-memory model of a WAMR .aot file.
 *
 * aotx_read() walks every byte of a file and fills a struct aotx_module;
 * aotx_write() turns a module back into bytes. For every file aotx_read()
 * accepts, aotx_write() of the unchanged module gives the same bytes back.
 *
 * The module points into the buffer it was read from (names, code, data
 * payloads): keep that buffer alive and unchanged until aotx_module_free().
 * Everything else is owned by the module. Fields are read-only for callers,
 * except where a comment says a rewriter may replace them. */
#ifndef AOT_XIP_MODULE_H
#define AOT_XIP_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AOTX_MAGIC 0x746f6100u /* "\0aot" read as a little-endian u32 */

enum aotx_layout {
    AOTX_LAYOUT_1X = 1, /* WAMR 1.x writers (version 3, 36-byte target info) */
    AOTX_LAYOUT_2X = 2  /* WAMR 2.x writers (versions 3 to 6) */
};

enum aotx_section_id {
    AOTX_SEC_TARGET_INFO = 0,
    AOTX_SEC_INIT_DATA = 1,
    AOTX_SEC_TEXT = 2,
    AOTX_SEC_FUNCTION = 3,
    AOTX_SEC_EXPORT = 4,
    AOTX_SEC_RELOCATION = 5,
    AOTX_SEC_CUSTOM = 100
};

enum aotx_custom_kind {
    AOTX_CUSTOM_RAW = 0,
    AOTX_CUSTOM_NATIVE_SYMBOL = 1,
    AOTX_CUSTOM_ACCESS_CONTROL = 2,
    AOTX_CUSTOM_NAME = 3,
    AOTX_CUSTOM_STRING_LITERAL = 4
};

/* target info bin_type bits and e_type values */
#define AOTX_BIN_BIG_ENDIAN 0x1u
#define AOTX_BIN_64BIT 0x2u
#define AOTX_BIN_COFF 0x4u
#define AOTX_ETYPE_REL 1u
#define AOTX_ETYPE_XIP 4u
#define AOTX_FEATURE_GC 0x10u

struct aotx_section {
    uint32_t id;
    uint32_t size;   /* body size, as the header says */
    size_t offset;   /* file offset of the body */
};

struct aotx_target {
    uint16_t bin_type;
    uint16_t abi_type;
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_flags;
    uint64_t feature_flags; /* 2.x only */
    uint64_t reserved;      /* u64 in 2.x, u32 in 1.x */
    uint8_t arch_raw[16];   /* as stored: NUL-padded */
    char arch[17];          /* arch_raw up to its first NUL */
};

/* An object data section (".rodata.cst8", ".aot_stack_sizes", ...) from the
 * end of the init data section. A rewriter may replace the array. */
struct aotx_data_section {
    const char *name;
    const uint8_t *bytes;
    uint32_t size;
    size_t offset; /* file offset of the payload in the input; 0 if made */
};

struct aotx_import_func {
    uint16_t type_index;
    const char *module;
    const char *name;
};

/* What the init data section holds besides the object data sections. The
 * reader checks every part; the writer reproduces them. */
struct aotx_init_summary {
    uint32_t import_memory_count, memory_count, mem_init_count;
    uint32_t import_table_count, table_count, table_init_count;
    uint32_t type_count, import_global_count, global_count;
    uint32_t import_func_count;
    uint32_t func_count;
    uint32_t start_func_index;
    int table_init_new_offsets; /* 1: generic init_expr offsets (2.4.0+) */
};

struct aotx_export {
    uint32_t index;
    uint8_t kind; /* 0 function, 1 table, 2 memory, 3 global */
    const char *name;
};

struct aotx_reloc {
    uint64_t offset;  /* from the start of the patched section */
    int64_t addend;   /* 0 in REL groups: the addend is in the field */
    uint32_t type;    /* the target's ELF relocation type number */
    uint32_t symbol;  /* index into aotx_module.symbols */
};

enum aotx_patch_target {
    AOTX_PATCH_CODE,    /* .rel(a).text, .rel(a).ltext */
    AOTX_PATCH_LITERAL, /* .rela.literal */
    AOTX_PATCH_DATA     /* .rel(a).<data section> */
};

struct aotx_reloc_group {
    uint32_t name_index;
    const char *name;
    enum aotx_patch_target target;
    uint32_t data_index; /* AOTX_PATCH_DATA: index into data_sections */
    uint32_t count;
    struct aotx_reloc *relocs;
};

/* What a relocation's symbol names, the way the WAMR runtime resolves it. */
enum aotx_sym_class {
    AOTX_SYM_NONE = 0,          /* not referenced by any relocation */
    AOTX_SYM_AOT_FUNC,          /* aot_func#N: the entry of function N */
    AOTX_SYM_AOT_FUNC_INTERNAL, /* aot_func_internal#N */
    AOTX_SYM_CODE,              /* .text / .ltext: the start of the code */
    AOTX_SYM_LITERAL,           /* .literal: the start of the literal area */
    AOTX_SYM_DATA,              /* an object data section, by name */
    AOTX_SYM_LOCAL_LABEL,       /* an assembler-local label wamrc left as it was
                                   (MIPS "$CPI1_0"): it names a place inside the
                                   object that the file no longer records */
    AOTX_SYM_NATIVE             /* anything else: a firmware symbol */
};

struct aotx_symbol {
    const char *name;
    enum aotx_sym_class cls;
    uint32_t index; /* function index, or data section index */
};

struct aotx_custom {
    uint32_t kind;        /* enum aotx_custom_kind, or any other number */
    const uint8_t *body;  /* after the kind word */
    uint32_t size;
    const char *raw_name; /* AOTX_CUSTOM_RAW: the section name */
    const uint8_t *raw_content;
    uint32_t raw_content_size;
    uint32_t native_count; /* AOTX_CUSTOM_NATIVE_SYMBOL, in file order */
    const char **natives;
};

struct aotx_arch;
struct aotx_priv;

struct aotx_module {
    const uint8_t *file;
    size_t file_size;
    uint32_t version;
    enum aotx_layout layout;

    struct aotx_section *sections;
    uint32_t section_count;

    struct aotx_target target;
    const struct aotx_arch *arch; /* NULL: a target this tool does not know */

    struct aotx_init_summary init;
    struct aotx_import_func *import_funcs;
    struct aotx_data_section *data_sections;
    uint32_t data_section_count;

    /* text section: literal area, then code */
    uint32_t literal_size;
    const uint8_t *literal;
    const uint8_t *code;
    uint32_t code_size;
    size_t code_offset; /* file offset of code */

    /* function section */
    uint32_t func_count;
    uint64_t *text_offsets;
    uint32_t *type_indices;
    uint32_t *max_local_cells; /* NULL in the 1.x layout */
    uint32_t *max_stack_cells; /* NULL in the 1.x layout */
    const uint8_t *func_gc_flags; /* GC builds: the per-function ref maps */
    uint32_t func_gc_flags_size;

    struct aotx_export *exports;
    uint32_t export_count;

    struct aotx_symbol *symbols;
    uint32_t symbol_count;
    struct aotx_reloc_group *groups;
    uint32_t group_count;

    struct aotx_custom *customs;
    uint32_t custom_count;

    struct aotx_priv *priv;
};

/* Parse buf[0..size). On success *out is a new module (free it with
 * aotx_module_free); on failure *out is NULL and d says why. */
AOTX_API enum aotx_err aotx_read(const uint8_t *buf, size_t size, struct aotx_module **out,
                                 struct aotx_diag *d);

AOTX_API void aotx_module_free(struct aotx_module *m);

/* Serialise m. On success *out is a malloc'ed buffer of *out_size bytes. */
AOTX_API enum aotx_err aotx_write(const struct aotx_module *m, uint8_t **out, size_t *out_size,
                                  struct aotx_diag *d);

/* Name of a section id ("text", "init data", ...). */
AOTX_API const char *aotx_section_name(uint32_t id);

/* 1 for sections that must be writable at run time (.data, .sdata, PGO
 * counters and records); 0 for read-only data (.rodata*, .aot_stack_sizes). */
AOTX_API int aotx_data_section_is_writable(const char *name);

/* The target's name ("thumb", "x86_64", ...), or NULL if unknown. */
AOTX_API const char *aotx_arch_name(const struct aotx_module *m);

/* The relocation type's psABI name, or NULL if the target does not define
 * that number. */
AOTX_API const char *aotx_reloc_type_name(const struct aotx_module *m, uint32_t type);

/* Files: read a whole file; write a whole file through a temporary file in
 * the same directory, its data on the disk (fsync), that is renamed over the
 * target at the end, so a failure never leaves a partial file. A path that
 * is not a regular file (a directory, a device, a FIFO) is refused with
 * AOTX_E_USAGE; a symbolic link's target is replaced, the link stays; an
 * existing file keeps its permission bits. */
AOTX_API enum aotx_err aotx_read_file(const char *path, uint8_t **buf, size_t *size,
                                      struct aotx_diag *d);
AOTX_API enum aotx_err aotx_write_file(const char *path, const uint8_t *buf, size_t size,
                                       struct aotx_diag *d);
/* Several files at once: all are written to temporary files first and only
 * then renamed into place, so a failure while writing leaves none; a failed
 * rename puts back those renamed before it (n <= 8). */
AOTX_API enum aotx_err aotx_write_files(const char *const *paths, const uint8_t *const *bufs,
                                        const size_t *sizes, int n, struct aotx_diag *d);

#ifdef __cplusplus
}
#endif

#endif
