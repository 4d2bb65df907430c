/* The device-side guard in the loader (built with -DAOTX_GUARD and the
 * repository's include/): before the image runs, aotx_guard_check() is
 * asked with this program's own GNU build id (link it with --build-id),
 * found as a firmware finds its own: in its PT_NOTE program headers.
 * A refused image is not run: the result's name on standard error, exit 3.
 * Included once, by loader.c. */
#ifndef LOADER_GUARD_H
#define LOADER_GUARD_H

#include <link.h>
#include <string.h>

#include "aot_xip/xip_guard.h"

struct own_id {
    const uint8_t *id;
    size_t len;
};

/* The first NT_GNU_BUILD_ID note of the program's PT_NOTE segments. */
static int find_own_id(struct dl_phdr_info *info, size_t size, void *data)
{
    struct own_id *o = data;
    (void)size;
    for (unsigned i = 0; i < info->dlpi_phnum && !o->id; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (end - p >= 12 && !o->id) {
            uint32_t namesz, descsz, type;
            memcpy(&namesz, p, 4), memcpy(&descsz, p + 4, 4), memcpy(&type, p + 8, 4);
            const uint8_t *desc = p + 12 + (namesz + 3) / 4 * 4;
            if (type == 3 && namesz == 4 && !memcmp(p + 12, "GNU", 4))
                o->id = desc, o->len = descsz;
            p = desc + (descsz + 3) / 4 * 4;
        }
    }
    return 1; /* the program itself is the first object */
}

/* 0 to run the image of span bytes at base; else print why not, 3. */
static int guard(uintptr_t base, size_t span)
{
    struct own_id o = {NULL, 0};
    dl_iterate_phdr(find_own_id, &o);
    struct aotx_guard_firmware fw = {o.id, o.len, 0, 0};
    size_t size = 0;
    enum aotx_guard_result r = aotx_guard_check((const void *)base, span, base, &fw, &size);
    if (r != AOTX_GUARD_OK || !o.id) {
        fprintf(stderr, "loader: guard: %s%s\n", aotx_guard_name(r), o.id ? "" : " (no build id)");
        return 3;
    }
    return 0;
}

#endif
