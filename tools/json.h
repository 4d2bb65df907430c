/* A small streaming JSON writer for the command line tool's reports. */
#ifndef AOTX_JSON_H
#define AOTX_JSON_H

#include <stdint.h>
#include <stdio.h>

struct json {
    FILE *f;
    int depth;
    int first[32]; /* per depth: nothing written at this level yet */
};

void json_begin(struct json *j, FILE *f);
void json_end(struct json *j); /* final newline */
void json_obj(struct json *j, const char *key);  /* key NULL inside arrays */
void json_obj_end(struct json *j);
void json_arr(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v); /* v NULL: null */
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_bool(struct json *j, const char *key, int v);

#endif
