/* The natives the test programs call, in the firmware: the loaders'
 * host_callback and memory functions, and the compiler helpers, kept by
 * the table in helpers.h. aot-xip takes their addresses from the
 * firmware's ELF (--symbols). */
#include "../loader/natives.h"

#include "../loader/helpers.h"
