/* The public header compiles on its own. */
#include "aot_xip/version.h"

int header_version_compiles(void);
int header_version_compiles(void) { return 0; }
