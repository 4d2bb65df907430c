/* The public header compiles on its own. */
#include "aot_xip/diag.h"

int header_diag_compiles(void);
int header_diag_compiles(void) { return 0; }
