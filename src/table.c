/* Natives-table mode (docs/natives-abi.md): every firmware native a module
 * references resolves to a veneer of its own in the image, placed right
 * after the code, that jumps to the function pointer in slot k of the
 * firmware's table (xip_table_slot: after the table's header); calls
 * between the module's own functions stay direct. The slot numbers are the family's ABI
 * (src/natives_abi.c); the image records the least version it needs. */
#include <stdio.h>
#include <stdlib.h>

#include "bytes.h"
#include "natives_abi.h"
#include "xip_int.h"

uint64_t xip_table_slot(const struct xctx *x, uint32_t k)
{
    return x->o->natives_table + AOTX_NATIVES_HEAD + (uint64_t)k * (x->ptr_bits / 8);
}

enum aotx_err xip_table_start(struct xctx *x)
{
    const struct aotx_xip_options *o = x->o;
    unsigned word = x->ptr_bits / 8;
    if (!o->natives_table_mode)
        return AOTX_OK;
    x->abi = aotx_natives_abi_find(x->a->name);
    const struct aotx_veneer *tv = x->a->table_veneer ? x->a->table_veneer(x->m) : NULL;
    if (!x->abi || !tv)
        return aotx_fail(x->d, AOTX_E_UNSUPPORTED, "--natives-table: aot-xip has no "
                         "natives-table veneer for %s code yet; build the image in direct mode "
                         "(without --natives-table)", x->a->name);
    uint64_t slots = aotx_natives_abi_count(x->abi, x->abi->version);
    if (o->natives_table % word || o->natives_table > x->addr_max - AOTX_NATIVES_HEAD ||
        (x->addr_max - o->natives_table - AOTX_NATIVES_HEAD) / word < slots - 1)
        return aotx_fail(x->d, AOTX_E_USAGE, "--natives-table 0x%llx: the table (a header and "
                         "%llu slots of %u bytes) must start at a multiple of %u and fit in "
                         "the %u-bit address space of %s code", (unsigned long long)o->natives_table,
                         (unsigned long long)slots, word, word, x->ptr_bits, x->a->name);
    x->tab = calloc(x->m->symbol_count + 1, sizeof *x->tab);
    if (!x->tab)
        return aotx_fail(x->d, AOTX_E_NOMEM, "out of memory");
    x->tv = tv;
    x->tab_end = align_up(x->m->code_size, 16);
    x->abi_version = 1;
    return AOTX_OK;
}

void xip_table_native(struct xctx *x, uint32_t i)
{
    int32_t k = aotx_natives_abi_slot(x->abi, x->m->symbols[i].name);
    struct sym *r = &x->syms[i];
    if (k < 0)
        return; /* r->ok stays 0: xip_table_finish names it */
    uint64_t off = align_up(x->tab_end, x->tv->align);
    x->tab[x->ntab++] = (struct tab_veneer){.sym = i, .slot = (uint32_t)k, .off = off};
    x->tab_end = off + x->tv->size;
    r->addr = x->code_addr + off;
    r->thumb = r->branch_thumb = (uint8_t)(x->tv->thumb != 0);
    r->ok = 1;
    unsigned since = aotx_natives_abi_since(x->abi, k);
    if (since > x->abi_version)
        x->abi_version = since;
}

void xip_table_finish(struct xctx *x)
{
    const struct aotx_module *m = x->m;
    char list[AOTX_DIAG_MAX];
    size_t len = 0;
    uint32_t n = 0;
    if (!x->tv)
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

void xip_table_write(const struct xctx *x, uint8_t *code)
{
    for (uint32_t j = 0; j < x->ntab; j++)
        xip_put_veneer(x, x->tv, code, x->tab[j].off, xip_table_slot(x, x->tab[j].slot));
}
