/* The public header compiles on its own. */
#include "aot_xip/aot_xip.h"

int header_aot_xip_compiles(void);
int header_aot_xip_compiles(void) { return 0; }
