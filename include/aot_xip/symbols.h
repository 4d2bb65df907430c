/* Firmware symbol maps: where the firmware that will run an XIP image put
 * the "native" symbols (memmove, __aeabi_dmul, aot_set_exception_with_id, ...)
 * that the AOT code calls.
 *
 * A map collects symbols from any number of sources: the linked firmware ELF,
 * nm or llvm-nm output (BSD, BSD with -S, or POSIX -P format), a GNU ld or
 * ld.lld -Map file, a plain "NAME = ADDRESS" list, and NAME=ADDRESS
 * definitions from the command line (--defsym).
 *
 * - --defsym entries win over every file, whatever the order of the calls;
 *   a later --defsym of the same name replaces an earlier one (as in ld).
 * - Between files (and within one), the same name with the same address
 *   merges and the more informative entry is kept (ELF, then nm, then an ld
 *   map or a plain map); the same name with different addresses is an error
 *   that names both places. An ELF and an ld.lld map list local symbols
 *   too: there a name at different addresses is ambiguous instead (an ELF
 *   takes its global one; an ld.lld map does not say which that is; see
 *   aotx_native.ambiguous).
 * - A load that fails leaves the map as it was.
 *
 * Every address in a map file is hex, with or without 0x, as nm prints it
 * (a plain map's 08001001 is 0x08001001 and its 010 is 0x10). A --defsym
 * address is 0x and hex digits, or decimal digits without a leading zero:
 * 010 is refused, being neither octal nor ten here.
 *
 * Addresses are kept as each source wrote them, except in an ARM ELF and
 * in nm output with ARM mapping symbols (see struct aotx_native). GNU nm,
 * llvm-nm and GNU ld maps all print an ARM Thumb function's address with
 * bit 0 clear, so they agree with the ELF; ld.lld maps print the symbol's
 * value, bit 0 set, which is kept and agrees with the ELF too (below).
 * A hand-written map or a --defsym often gives the odd "Thumb-bit" form;
 * it agrees with an ELF Thumb function and with the even form from a
 * source that says the symbol is code or cannot tell (between two such
 * entries of one rank the odd one is kept). It conflicts with an ARM
 * function and with a symbol the ELF or nm calls data. */
#ifndef AOT_XIP_SYMBOLS_H
#define AOT_XIP_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aotx_symmap_format {
    AOTX_SYMMAP_AUTO,   /* ELF magic -> elf; an ld map's headings -> ldmap; nm lines -> nm; else plain */
    AOTX_SYMMAP_ELF,    /* the linked firmware (ET_EXEC or ET_DYN), read with libelf */
    AOTX_SYMMAP_NM,     /* nm / llvm-nm output */
    AOTX_SYMMAP_LDMAP,  /* a GNU ld or ld.lld -Map file, told apart by their headings */
    AOTX_SYMMAP_PLAIN,  /* NAME = ADDRESS or ADDRESS NAME, one a line, # comments; hex */
    AOTX_SYMMAP_DEFSYM  /* NAME=ADDRESS from the command line; not a file format */
};

/* The instruction set of a code symbol, where the source can tell. */
enum aotx_isa { AOTX_ISA_UNKNOWN, AOTX_ISA_ARM, AOTX_ISA_THUMB };

struct aotx_native {
    const char *name;
    uint64_t value;      /* the address; for ARM-ELF Thumb functions bit 0 is cleared here
                            and isa is AOTX_ISA_THUMB */
    enum aotx_isa isa;   /* ELF with e_machine EM_ARM: a function (STT_FUNC, STT_GNU_IFUNC)
                            with bit 0 set is THUMB, clear is ARM. nm output that holds ARM
                            mapping symbols ($a, $t, $d, or $a.N ..., as nm --special-syms
                            prints them): a function (T, W, i) is ARM or THUMB as the nearest
                            one at or below its address says (a Thumb function's bit 0 is
                            then cleared); under $d, below every one, or at an address with
                            both $a and $t, UNKNOWN. Every other source and every other
                            symbol: UNKNOWN */
    int is_func;         /* ELF STT_FUNC or STT_GNU_IFUNC, nm T/t/i/W; else 0 */
    int is_ifunc;        /* ELF STT_GNU_IFUNC, nm type 'i' */
    uint64_t size;       /* ELF st_size, nm -S / -P size, an ld.lld map's symbol size; 0 where
                            the source does not say */
    unsigned ambiguous;  /* ELF: 0, or the number of LOCAL symbols of this name when they have
                            different values and no GLOBAL/WEAK one exists; value is then 0
                            and a lookup must refuse the name. Any other entry of the name
                            replaces it in a merge. ld.lld map (which lists locals without
                            saying so): the number of entries of a name it lists at
                            different values */
    enum aotx_symmap_format source;
    const char *file;    /* the map it came from ("--defsym" for --defsym) */
    unsigned line;       /* 1-based line in text formats, 0 for ELF and --defsym */
};

struct aotx_symmap;

/* An empty map; NULL if out of memory. */
AOTX_API struct aotx_symmap *aotx_symmap_new(void);
AOTX_API void aotx_symmap_free(struct aotx_symmap *m);

/* Load a map file, or a buffer holding one (name is used in messages and
 * as the entries' file; the buffer is not kept). */
AOTX_API enum aotx_err aotx_symmap_load_file(struct aotx_symmap *m, const char *path,
                                             enum aotx_symmap_format fmt, struct aotx_diag *d);
AOTX_API enum aotx_err aotx_symmap_load_buffer(struct aotx_symmap *m, const char *name,
                                               const uint8_t *buf, size_t size,
                                               enum aotx_symmap_format fmt, struct aotx_diag *d);

/* "NAME=ADDRESS" from the command line; ADDRESS is 0x and hex digits, or
 * decimal digits without a leading zero (0 alone is fine, 010 is refused). */
AOTX_API enum aotx_err aotx_symmap_defsym(struct aotx_symmap *m, const char *name_eq_addr,
                                          struct aotx_diag *d);

/* The entry for name, or NULL. Entries are owned by the map and stay valid
 * until aotx_symmap_free(); a later load may update one in place (a more
 * informative source of the same symbol, or a --defsym). */
AOTX_API const struct aotx_native *aotx_symmap_find(const struct aotx_symmap *m, const char *name);

/* The number of distinct names. */
AOTX_API size_t aotx_symmap_count(const struct aotx_symmap *m);

/* A map file the map has loaded, and what it says of the machine it is
 * for: an ELF's header fields as the ELF gives them; text formats say
 * nothing of it (all three 0). */
struct aotx_symmap_source {
    const char *file;               /* as given to the load (owned by the map) */
    enum aotx_symmap_format format; /* never AUTO or DEFSYM */
    uint16_t elf_machine;           /* e_machine (EM_ARM 40, EM_X86_64 62, ...) */
    uint8_t elf_class;              /* EI_CLASS: ELFCLASS32 1, ELFCLASS64 2 */
    uint8_t elf_data;               /* EI_DATA: ELFDATA2LSB 1, ELFDATA2MSB 2 */
};

/* The files loaded so far, in load order (a failed load adds none). */
AOTX_API size_t aotx_symmap_source_count(const struct aotx_symmap *m);
AOTX_API const struct aotx_symmap_source *aotx_symmap_source(const struct aotx_symmap *m, size_t i);

/* The GNU build id (the descriptor of the first NT_GNU_BUILD_ID note, type 3
 * with name "GNU", in an SHT_NOTE section) of source i, an ELF: its length,
 * *id pointing to its bytes (owned by the map). 0 (*id NULL) for a source
 * that is not an ELF, an ELF without that note, or no source i. Longer
 * than AOTX_BUILD_ID_MAX bytes: only the first AOTX_BUILD_ID_MAX are kept
 * and the length returned is AOTX_BUILD_ID_MAX + 1. */
#define AOTX_BUILD_ID_MAX 64
AOTX_API size_t aotx_symmap_build_id(const struct aotx_symmap *m, size_t i, const uint8_t **id);

struct aotx_target;

/* Is every ELF in the map one of the module's target t (module.h)? Its
 * machine must be one of the target's family (the relocator's e_machine
 * values: EM_ARM for ARM and Thumb modules, EM_ARC_COMPACT or
 * EM_ARC_COMPACT2 for ARC), its class the module's word size
 * (AOTX_BIN_64BIT) and its byte order the module's (AOTX_BIN_BIG_ENDIAN).
 * AOTX_E_FORMAT naming the first ELF that is not, with what it is and what
 * the module is. Text formats and --defsym say nothing of a machine: they
 * always fit. */
AOTX_API enum aotx_err aotx_symmap_check_target(const struct aotx_symmap *m,
                                                const struct aotx_target *t, struct aotx_diag *d);

/* "auto", "elf", "nm", "ldmap", "plain", "defsym". */
AOTX_API const char *aotx_symmap_format_name(enum aotx_symmap_format f);

/* The argument of --symbols-format: auto, elf, nm, ldmap or plain. */
AOTX_API enum aotx_err aotx_symmap_parse_format(const char *s, enum aotx_symmap_format *f,
                                                struct aotx_diag *d);

#ifdef __cplusplus
}
#endif

#endif
