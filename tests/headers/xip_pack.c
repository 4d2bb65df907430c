/* The public header compiles on its own, as C99 and freestanding. */
#include "aot_xip/xip_pack.h"

int header_xip_pack_compiles(const void *span, size_t n);
int header_xip_pack_compiles(const void *span, size_t n)
{
    struct aotx_pack_app app;
    int r = aotx_pack_find(span, n, "app", &app);
    return r == AOTX_PACK_OK ? aotx_pack_check(&app) : r;
}
