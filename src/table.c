/* Natives-table mode (docs/natives-abi.md): every firmware native a module
 * references resolves to its entry in the firmware's table, entry k at
 * table + AOTX_NATIVES_HEAD + k * entry size: a few instructions, in the
 * firmware, that jump to the function pointer the entry holds. The image
 * calls the entry as it would call the native (with a far-call veneer where
 * it is out of reach), so the image holds no native's address and runs on
 * every firmware that has the table there. Calls between the module's own
 * functions stay direct. The slot numbers are the family's ABI
 * (src/natives_abi.c); the image records the least version it needs. */
#include <stdio.h>
#include <stdlib.h>

#include "natives_abi.h"
#include "xip_int.h"

/* Symbol maps given: the firmware's table where --natives-table says. */
static enum aotx_err table_in_maps(struct xctx *x)
{
    const struct aotx_xip_options *o = x->o;
    const struct aotx_native *n =
        o->symbols ? aotx_symmap_find(o->symbols, AOTX_NATIVES_SYMBOL) : NULL;
    if (aotx_symmap_count(o->symbols) && !n)
        xip_warn(x, "--natives-table: the symbol maps have no '%s': is the natives table "
                 "linked into this firmware?", AOTX_NATIVES_SYMBOL);
    if (n && !n->ambiguous && n->value != o->natives_table)
        return aotx_fail(x->d, AOTX_E_USAGE, "--natives-table 0x%llx: %s puts the firmware's "
                         "natives table ('%s') at 0x%llx", (unsigned long long)o->natives_table,
                         n->file, AOTX_NATIVES_SYMBOL, (unsigned long long)n->value);
    return AOTX_OK;
}

enum aotx_err xip_table_start(struct xctx *x)
{
    const struct aotx_xip_options *o = x->o;
    if (!o->natives_table_mode)
        return AOTX_OK;
    const struct aotx_natives_abi *abi = aotx_natives_abi_find(x->a->name);
    if (!abi || !abi->entry)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "--natives-table: aot-xip has no "
                         "natives-table entry code for %s yet; build the image in direct mode "
                         "(without --natives-table)", x->a->name);
    uint64_t slots = aotx_natives_abi_count(abi, abi->version);
    if (o->natives_table % 8 || o->natives_table > x->addr_max - AOTX_NATIVES_HEAD ||
        (x->addr_max - o->natives_table - AOTX_NATIVES_HEAD + 1) / abi->entry < slots)
        return aotx_fail(x->d, AOTX_E_USAGE, "--natives-table 0x%llx: the table (a header and "
                         "%llu entries of %u bytes) must start at a multiple of 8 and fit in "
                         "the %u-bit address space of %s code", (unsigned long long)o->natives_table,
                         (unsigned long long)slots, abi->entry, x->ptr_bits, x->a->name);
    x->abi = abi;
    x->abi_version = 1;
    return table_in_maps(x);
}

void xip_table_native(struct xctx *x, uint32_t i)
{
    int32_t k = aotx_natives_abi_slot(x->abi, x->m->symbols[i].name);
    struct sym *r = &x->syms[i];
    if (k < 0)
        return; /* r->ok stays 0: xip_table_finish names it */
    r->addr = x->o->natives_table + AOTX_NATIVES_HEAD + (uint64_t)k * x->abi->entry;
    r->thumb = r->branch_thumb = (uint8_t)(x->a->code_thumb != 0);
    r->slot = (uint32_t)k + 1;
    r->ok = 1;
    unsigned since = aotx_natives_abi_since(x->abi, k);
    if (since > x->abi_version)
        x->abi_version = since;
}

enum aotx_err xip_table_apart(const struct xctx *x, uint64_t size)
{
    uint64_t t = x->o->natives_table, base = x->o->base;
    if (!x->abi)
        return AOTX_OK;
    uint64_t last = t + AOTX_NATIVES_HEAD - 1 +
                    (uint64_t)aotx_natives_abi_count(x->abi, x->abi->version) * x->abi->entry;
    if (t > base + size - 1 || last < base)
        return AOTX_OK;
    return aotx_fail(x->d, AOTX_E_USAGE, "--natives-table 0x%llx: the table (0x%llx..0x%llx) "
                     "overlaps the image (0x%llx..0x%llx): the table is the firmware's, at "
                     "the address its --ld fragment pins", (unsigned long long)t,
                     (unsigned long long)t, (unsigned long long)last + 1,
                     (unsigned long long)base, (unsigned long long)(base + size));
}

void xip_table_finish(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    char list[AOTX_DIAG_MAX];
    size_t len = 0;
    uint32_t n = 0;
    if (!x->abi)
        return;
    list[0] = 0;
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        if (m->symbols[i].cls != AOTX_SYM_NATIVE || !x->uses[i] || x->syms[i].ok)
            continue;
        if (len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", n ? ", " : "",
                                    m->symbols[i].name);
        n++;
    }
    if (n)
        xip_add_error(x, "natives-table ABI %s version %u has no slot for %u native%s this "
                      "module calls: %s; build the image in direct mode (without "
                      "--natives-table), or with an aot-xip whose table has %s", x->abi->family,
                      x->abi->version, n, n > 1 ? "s" : "", list, n > 1 ? "them" : "it");
}
