/* The XIP rewrite's stages and the state they share. src/xip.c drives
 * them, in the order of docs/design.md's steps:
 *
 *   resolve.c   1. every referenced symbol: its address, its instruction
 *                  set, the ARM core's profile
 *   relocate.c  2. each relocation prepared: howto, bounds, addend;
 *               4. fields that compose chained, values computed and
 *                  checked against their fields
 *   layout.c    3. addresses: veneers, GOT slots, data copies;
 *               5. the image built and the checked fields encoded
 *   verify.c    6. the image read back and checked on its own arithmetic
 *   report.c    the image's report: symbols, veneers, RAM; warnings
 *
 * Nothing here is seen outside these files. */
#ifndef AOTX_XIP_INT_H
#define AOTX_XIP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../arch/arch.h"
#include "aot_xip/xip.h"
#include "internal.h"

/* One relocation of the module as the rewrite sees it. fixes[i] is the
 * i-th relocation of the file (groups in order, each group's in order). */
struct fix {
    const struct aotx_howto *h;       /* NULL: refused (the error is recorded) */
    const struct aotx_reloc_group *g; /* its group: which section it patches */
    const struct aotx_reloc *r;       /* its record: offset, type, symbol */
    int64_t A;        /* the addend: the record's (RELA) or the input field's (REL); for a
                         MIPS HI16, with its LO16 partner's added (pair_addends) */
    uint64_t off;     /* the field in its output area: the code area (code, veneers, GOT
                         slots, data copies) or the literal; set by the layout */
    uint64_t P;       /* the field's address; set by the layout */
    uint64_t field;   /* the checked value, in the arch's field() units, to encode */
    int32_t veneer;   /* a call that goes through a veneer: its index; else -1 */
    int32_t prev;     /* X_ADD, X_SUB after another relocation at the same field: that
                         one's fix, whose value is its V (chain_fixes); else -1 */
};

/* The longest chain of relocations at one field (a pair is 2). */
#define MAX_CHAIN 16

/* A symbol as resolved. */
struct sym {
    uint64_t addr;    /* without the Thumb bit */
    uint8_t thumb;    /* T: a Thumb function (ARM targets) */
    uint8_t branch_thumb; /* a branch to it enters Thumb state: as T for a function; for
                             a section or data, the module's own state (as ld.lld's) */
    uint8_t isa_assumed;
    uint8_t ok;       /* 0 unresolved, 1 placed, 2 with the data copies */
    uint8_t unknown;  /* ARM targets: a native of unknown instruction set (1), referenced
                         where its state matters (2): refused */
    uint8_t data;     /* a native the map says is data (1); a call to it warned of (2) */
    uint32_t slot;    /* natives-table mode: 1 + the table entry k it resolved to; 0 */
};

struct veneer {
    uint64_t target;  /* S with the Thumb bit */
    uint32_t sym;
    uint64_t off;     /* in the code area */
    uint32_t callers;
};

/* A PC-relative high part, by address: PC_LO relocations name it. */
struct pc_hi {
    uint64_t P;
    size_t fix;
};

struct xctx {
    const struct aotx_module *m;
    const struct aotx_arch *a;
    const struct aotx_xip_options *o;
    struct aotx_diag *d;
    int be;
    unsigned ptr_bits;
    uint64_t addr_max;   /* the last address the target can name */
    uint64_t literal_addr, code_addr;
    uint64_t data_delta; /* a byte's data-bus address less its instruction-bus one
                            (aotx_xip_options.data_base - base, mod 2^64; 0: one bus) */
    uint32_t pad;        /* bytes added to the literal area to align the code */
    struct sym *syms;    /* per module symbol */
    uint32_t *uses;      /* per symbol: the relocations that reference it */
    struct fix *fixes;
    size_t nfix;
    struct pc_hi *his;   /* sorted by P */
    size_t nhi;
    const struct aotx_veneer *vt; /* the arch's veneer for this module, or NULL */
    struct veneer *veneers;
    uint32_t nveneers;
    const struct aotx_natives_abi *abi;  /* natives-table mode: the family's slot list;
                                            NULL: direct mode */
    unsigned abi_version;                /* the least version with every slot used */
    uint32_t *got_slot;  /* per symbol: 1 + its GOT slot, or 0 */
    uint32_t *got_sym;   /* per slot: the symbol */
    uint32_t ngot;
    uint64_t got_off;    /* of slot 0 in the code area */
    uint64_t *data_off;  /* per data section: offset of its copy in the code area, or ~0 */
    uint32_t *data_align;
    uint64_t code_area;  /* bytes: code + veneers + GOT slots + data copies */
    char profile;        /* ARM targets: the core's, 'a', 'r' or 'm' ('a' for one before the
                            profiles, which has an ARM state) */
    int profile_default; /* ... taken as 'm' for an arch string that does not say */
    int arm_state;       /* ARM targets: the core has an ARM state (not M-profile) */
    int watch;           /* some native is of unknown instruction set, or data (watch_use) */
    char **warnings;     /* for the image (aotx_xip_image.warnings) */
    uint32_t nwarnings;
    int warn_nomem;
    uint32_t nerrs;      /* errors met: the first is in d, the rest counted */
    uint32_t errs_cap;   /* lines o->errors has room for */
    int err_kept;        /* the last error is in o->errors: details go after it */
    int errs_nomem;
};

/* Where a relocation lands and what it refers to. */
struct loc {
    uint64_t P;
    uint64_t S;       /* with the Thumb bit (for a branch: of the state it enters) */
    uint64_t G;       /* X_GOT_PC: the address of S's GOT slot */
};

/* The output module: the input with e_type 4, no relocations, the object
 * data sections emptied (but .aot_stack_sizes), and where it lands. */
struct xip_out {
    struct aotx_module m;
    struct aotx_data_section *ds; /* m's data sections */
    size_t *offsets;              /* each section's body offset in the image */
    uint64_t body;                /* the text body's address, as measured */
};

/* ---- shared helpers ---- */

/* The address of symbol i, with the Thumb bit of a Thumb function. */
static inline uint64_t sym_value(const struct xctx *x, uint32_t i)
{
    return x->syms[i].addr | (uint64_t)(x->syms[i].thumb ? 1 : 0);
}

/* S as a branch with howto h sees it: with the state it enters. */
static inline uint64_t sym_target(const struct xctx *x, uint32_t i, const struct aotx_howto *h)
{
    if (!h || !(h->flags & (HOWTO_CALL | HOWTO_BRANCH)))
        return sym_value(x, i);
    return x->syms[i].addr | (uint64_t)(x->syms[i].branch_thumb ? 1 : 0);
}

static inline int reads_field(const struct aotx_howto *h)
{
    return h->expr == X_ADD || h->expr == X_SUB;
}

static inline uint64_t section_size(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return m->code_size;
    case AOTX_PATCH_LITERAL: return m->literal_size;
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].size;
    }
    return 0;
}

/* The input's bytes of the section that group g patches. */
static inline const uint8_t *section_bytes(const struct aotx_module *m,
                                           const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return m->code;
    case AOTX_PATCH_LITERAL: return m->literal;
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].bytes;
    }
    return NULL;
}

/* Bitmaps: a bit per fix, or per byte of an area. */
#define BIT(map, i) ((map)[(i) / 8] >> ((i) % 8) & 1)

/* Set bits [off, off + n) of map. */
static inline void mark(uint8_t *map, uint64_t off, uint32_t n)
{
    while (n) { /* a byte of the map at a time */
        unsigned bit = (unsigned)(off % 8), k = 8 - bit < n ? 8 - bit : n;
        map[off / 8] |= (uint8_t)(((1u << k) - 1) << bit);
        off += k, n -= k;
    }
}

/* ---- diagnostics (xip.c) ---- */

/* An error, collected: the first is kept whole in x->d, the rest counted;
 * each also in o->errors, up to its limit. */
void xip_add_error(struct xctx *x, const char *fmt, ...) AOTX_PRINTF(2, 3);
/* A line of detail (">>> ...") after the last error, where it was kept. */
void xip_add_detail(struct xctx *x, const char *fmt, ...) AOTX_PRINTF(2, 3);
/* x->d says the first error and how many more there were; code. */
enum aotx_err xip_finish_errors(struct xctx *x, enum aotx_err code);
/* "text+0x1a4 (aot_func#12+0x38)", with the function's export name where
 * it has one ("aot_func#8 (mix)+0x96"), "'.rodata'+0x10", "literal+0x8" */
void xip_where(const struct xctx *x, const struct aotx_reloc_group *g, uint64_t off, char *buf,
               size_t n);
/* The name of a relocation type, or its number in buf. */
const char *xip_type_name(const struct xctx *x, uint32_t type, char *buf, size_t n);

/* ---- 1. resolve.c ---- */

/* The ARM core's profile (x->profile, x->arm_state); other targets: nothing. */
enum aotx_err xip_arm_core(struct xctx *x);
enum aotx_err xip_resolve_symbols(struct xctx *x);
/* Where symbol i's address came from: its symbol map's file, or "image". */
const char *xip_sym_origin(const struct xctx *x, uint32_t i);
/* Relocation f against a native that x->watch is set for (prepare). */
void xip_watch_use(struct xctx *x, const struct fix *f);
/* The natives of unknown instruction set that watch_use found, in one
 * error; 0 out of memory. */
int xip_unknown_isa_error(struct xctx *x);

/* ---- 1. table.c: natives-table mode ---- */

/* The family's ABI (x->abi), or a refusal; nothing in direct mode. */
enum aotx_err xip_table_start(struct xctx *x);
/* Native i resolved to its entry in the firmware's table. */
void xip_table_native(struct xctx *x, uint32_t i);
/* Every native the ABI lacks, in one error. */
void xip_table_finish(struct xctx *x);
/* The table clear of the image's size bytes at the base, or a refusal. */
enum aotx_err xip_table_apart(const struct xctx *x, uint64_t size);

/* ---- 2, 4. relocate.c ---- */

enum aotx_err xip_prepare_fixes(struct xctx *x);
/* The value of howto h's expression at l with addend A (0 for X_PC_LO,
 * X_ADD and X_SUB, which need more than l: xip_check_fixes). */
int64_t xip_compute(const struct aotx_howto *h, const struct loc *l, int64_t A);
/* Chain the fields that compose, compute every value and check it against
 * its field (errors collected, x->nerrs). */
void xip_check_fixes(struct xctx *x);
/* The fix of the PC_HI relocation at address p, or SIZE_MAX. */
size_t xip_pc_hi_at(const struct xctx *x, uint64_t p);
/* The chain that ends at fix i, from i back to its head (seq[n - 1]); n. */
size_t xip_chain_of(const struct xctx *x, size_t i, size_t seq[MAX_CHAIN]);

/* ---- 3, 5. layout.c ---- */

/* The output module measured: where the literal and the code land. */
enum aotx_err xip_place_code(struct xctx *x, struct xip_out *out);
/* Which calls go through veneers; which symbols get GOT slots. */
enum aotx_err xip_find_veneers(struct xctx *x);
/* Veneers, GOT slots and data copies after the code; every field's place. */
enum aotx_err xip_layout(struct xctx *x);
/* The image, serialised once, its fields encoded: img->bytes, img->size. */
enum aotx_err xip_build_image(const struct xctx *x, struct xip_out *out,
                              struct aotx_xip_image *img);
void xip_out_free(struct xip_out *out);
/* A veneer's template at p, its units in the file's byte order. */
void xip_put_units(const struct aotx_veneer *vt, uint8_t *p, int be);
/* Veneer template vt at off in the code area, its target slot holding
 * target through the arch's relocator. */
void xip_put_veneer(const struct xctx *x, const struct aotx_veneer *vt, uint8_t *code,
                    uint64_t off, uint64_t target);

/* ---- 6. verify.c ---- */

enum aotx_err xip_verify_image(const struct xctx *x, const uint8_t *bytes, size_t size,
                               struct aotx_diag *d);

/* ---- report.c ---- */

/* One warning line for the image, in the order met. */
void xip_warn(struct xctx *x, const char *fmt, ...) AOTX_PRINTF(2, 3);
/* --assume-readonly names that no data section of the module has. */
void xip_warn_options(struct xctx *x);
/* The warnings met, then the natives' addresses against the image's. */
enum aotx_err xip_take_warnings(struct xctx *x, struct aotx_xip_image *img);
enum aotx_err xip_fill_report(const struct xctx *x, struct aotx_xip_image *img);

#endif
