/* The public header compiles on its own. */
#include "aot_xip/crc32.h"

int header_crc32_compiles(void);
int header_crc32_compiles(void) { return aotx_crc32(0, "123456789", 9) == 0xCBF43926u ? 0 : 1; }
