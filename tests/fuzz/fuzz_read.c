/* libFuzzer target: the .aot reader, and the writer on what it accepts.
 *
 * Any input aotx_read() accepts must come back byte for byte from
 * aotx_write() (the round trip the design promises for every accepted
 * file); a difference aborts, so the fuzzer reports it as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot_xip/module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    uint8_t *out = NULL;
    size_t out_size = 0;

    if (aotx_read(data, size, &m, &d) != AOTX_OK) {
        if (d.msg[0] == '\0' || strchr(d.msg, '\n') != NULL) {
            fprintf(stderr, "fuzz_read: error without a one-line message: '%s'\n", d.msg);
            abort();
        }
        return 0;
    }
    if (aotx_write(m, &out, &out_size, &d) != AOTX_OK) {
        fprintf(stderr, "fuzz_read: accepted input does not write back: %s\n", d.msg);
        abort();
    }
    if (out_size != size || memcmp(out, data, size) != 0) {
        size_t i = 0;
        while (i < size && i < out_size && out[i] == data[i])
            i++;
        fprintf(stderr, "fuzz_read: round trip differs: %zu bytes in, %zu out, first "
                "difference at 0x%zx\n", size, out_size, i);
        abort();
    }
    free(out);
    aotx_module_free(m);
    return 0;
}
