/* libFuzzer target: one symbol-map parser, chosen at build time with
 * -DFUZZ_FORMAT=AOTX_SYMMAP_ELF / _NM / _LDMAP / _PLAIN. A rejected input
 * must come with a one-line message (the tool prints exactly one line). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot_xip/symbols.h"

#ifndef FUZZ_FORMAT
#error "build with -DFUZZ_FORMAT=AOTX_SYMMAP_..."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aotx_diag d = {0};
    struct aotx_symmap *m = aotx_symmap_new();

    if (m == NULL)
        abort();
    if (aotx_symmap_load_buffer(m, "fuzz.map", data, size, FUZZ_FORMAT, &d) != AOTX_OK &&
        (d.msg[0] == '\0' || strchr(d.msg, '\n') != NULL)) {
        fprintf(stderr, "fuzz_symmap: error without a one-line message: '%s'\n", d.msg);
        abort();
    }
    aotx_symmap_free(m);
    return 0;
}
