/* libaotxip's version, and the mark of the functions it exports. */
#ifndef AOT_XIP_VERSION_H
#define AOT_XIP_VERSION_H

/* meson.build's project version: meson setup refuses a header out of step. */
#define AOTX_VERSION_MAJOR 0
#define AOTX_VERSION_MINOR 1
#define AOTX_VERSION_PATCH 0
#define AOTX_VERSION "0.1.0"

/* libaotxip is built with -fvisibility=hidden: a function is exported only
 * when a public header declares it with AOTX_API. */
#if defined(__GNUC__) || defined(__clang__)
#define AOTX_API __attribute__((visibility("default")))
#else
#define AOTX_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library the program runs with ("0.1.0"); AOTX_VERSION
 * is the version of the headers it was compiled with. */
AOTX_API const char *aotx_version(void);

#ifdef __cplusplus
}
#endif

#endif
