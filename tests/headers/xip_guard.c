/* The public header compiles on its own. */
#include "aot_xip/xip_guard.h"

int header_xip_guard_compiles(void);
int header_xip_guard_compiles(void)
{
    struct aotx_guard_firmware fw = {NULL, 0, 0, 0};
    static const uint8_t none[8];
    return aotx_guard_check(none, sizeof none, 0, &fw, NULL) == AOTX_GUARD_NOT_AOT ? 0 : 1;
}
