/* libaotxip: read WAMR .aot files and write them back as execute-in-place
 * images. */
#ifndef AOT_XIP_H
#define AOT_XIP_H

#include "version.h"
#include "diag.h"
#include "module.h"
#include "symbols.h"
#include "xip.h"

#endif
