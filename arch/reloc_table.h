/* An arch file's relocation type numbers and names, from its table in
 * names/. Include it once, with RELOC_TABLE naming the table:
 *
 *   #define RELOC_TABLE "names/arm.def"
 *   #include "reloc_table.h"
 *
 * It gives an enum that names every type number (R_ARM_THM_CALL = 10, ...)
 * and `names`, the sorted table for the descriptor's AOTX_NAMES(); with
 * RELOC_TABLE_TYPES_ONLY defined too, the enum alone (for an arch's
 * second file). */
#ifndef RELOC_TABLE
#error "define RELOC_TABLE before including reloc_table.h"
#endif

enum {
#define RELOC(name, num) name = num,
#include RELOC_TABLE
#undef RELOC
};

#ifndef RELOC_TABLE_TYPES_ONLY
static const struct aotx_reloc_name names[] = {
#define RELOC(name, num) {num, #name},
#include RELOC_TABLE
#undef RELOC
};
#endif
