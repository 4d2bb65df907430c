/* The public header compiles on its own. */
#include "aot_xip/module.h"

int header_module_compiles(void);
int header_module_compiles(void) { return 0; }
