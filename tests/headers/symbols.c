/* The public header compiles on its own. */
#include "aot_xip/symbols.h"

int header_symbols_compiles(void);
int header_symbols_compiles(void) { return 0; }
