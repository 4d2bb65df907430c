/* libaotxip: read WAMR .aot files and write them back as execute-in-place
 * images. */
#ifndef AOT_XIP_H
#define AOT_XIP_H

#include "diag.h"
#include "module.h"

#define AOTX_VERSION_STRING "0.1.0"

#endif
