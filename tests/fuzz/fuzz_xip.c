/* libFuzzer target: the whole XIP rewrite, aotx_read() then aotx_xip() at
 * base 0x08040000 with verify on and a fixed map that defines every native
 * the fixtures reference (0x08000000 + 0x40 * i, below the image: near
 * enough for a Thumb BL, aligned for every target). An image aotx_xip()
 * returns must say it verified. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot_xip/xip.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const natives[] = {
    "aot_set_exception_with_id", "aot_invoke_native", "aot_enlarge_memory",
    "memset", "memmove", "trunc", "rint", "floor", "ceil", "fmin", "fmax", "sqrt", "sqrtf",
    "__aeabi_ldivmod", "__aeabi_d2lz", "__aeabi_uldivmod", "__aeabi_ul2d", "__aeabi_dmul",
    "__aeabi_dcmplt", "__aeabi_dcmple", "__aeabi_dcmpge", "__aeabi_dadd", "__aeabi_memset",
    "__aeabi_memmove", "__aeabi_i2d", "__aeabi_dsub", "__aeabi_ddiv", "__aeabi_dcmpun",
    "__aeabi_dcmpeq", "__aeabi_lmul", "__aeabi_llsl", "__aeabi_idiv", "__aeabi_fmul",
    "__aeabi_fcmpun", "__aeabi_fcmplt", "__aeabi_fcmple", "__aeabi_fcmpge", "__aeabi_fadd",
    "__aeabi_f2uiz", "__aeabi_l2d", "__udivdi3", "__moddi3", "__divdi3", "__floatundidf",
    "__fixdfdi", "__unordsf2", "__unorddf2", "__subdf3", "__mulsf3", "__muldf3", "__ltsf2",
    "__ltdf2", "__lesf2", "__ledf2", "__gesf2", "__gedf2", "__floatsidf", "__fixunssfsi",
    "__eqdf2", "__divdf3", "__clzsi2", "__addsf3", "__adddf3",
};

static struct aotx_symmap *map;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct aotx_diag d = {0};
    char def[128];
    (void)argc;
    (void)argv;
    map = aotx_symmap_new();
    if (map == NULL)
        abort();
    for (size_t i = 0; i < sizeof natives / sizeof natives[0]; i++) {
        snprintf(def, sizeof def, "%s=0x%x", natives[i], 0x08000000u + 0x40u * (unsigned)i);
        if (aotx_symmap_defsym(map, def, &d) != AOTX_OK) {
            fprintf(stderr, "fuzz_xip: %s\n", d.msg);
            abort();
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    struct aotx_xip_image *img = NULL;
    struct aotx_xip_options o = {.base = 0x08040000u, .symbols = map};

    if (aotx_read(data, size, &m, &d) != AOTX_OK)
        return 0;
    if (aotx_xip(m, &o, &img, &d) == AOTX_OK) {
        if (!img->verified) {
            fprintf(stderr, "fuzz_xip: an image came back unverified\n");
            abort();
        }
        aotx_xip_free(img);
    } else if (d.msg[0] == '\0' || strchr(d.msg, '\n') != NULL) {
        fprintf(stderr, "fuzz_xip: error without a one-line message: '%s'\n", d.msg);
        abort();
    }
    aotx_module_free(m);
    return 0;
}
