/* The public header compiles on its own. */
#include "aot_xip/xip.h"

int header_xip_compiles(void);
int header_xip_compiles(void) { return 0; }
