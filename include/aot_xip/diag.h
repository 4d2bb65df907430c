/* Errors are values: every libaotxip call that can fail returns an
 * aotx_err and fills an aotx_diag with one line of text. Only the command
 * line tool prints. */
#ifndef AOT_XIP_DIAG_H
#define AOT_XIP_DIAG_H

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aotx_err {
    AOTX_OK = 0,
    AOTX_E_IO,          /* reading or writing a file failed */
    AOTX_E_FORMAT,      /* the input is not a well-formed .aot file */
    AOTX_E_VERSION,     /* an AOT format version this tool does not read */
    AOTX_E_UNSUPPORTED, /* well-formed, but something this tool cannot handle */
    AOTX_E_NOMEM,       /* an allocation failed */
    AOTX_E_USAGE        /* the caller passed something invalid */
};

#define AOTX_DIAG_MAX 4096

struct aotx_diag {
    enum aotx_err code;
    char msg[AOTX_DIAG_MAX];
};

/* A short name for an error code ("malformed input", ...). */
AOTX_API const char *aotx_err_name(enum aotx_err e);

#ifdef __cplusplus
}
#endif

#endif
