#include "json.h"

#include <inttypes.h>

static void escape(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void key(struct json *j, const char *k)
{
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
    fprintf(j->f, "\n%*s", 2 * j->depth, "");
    if (k) {
        escape(j->f, k);
        fputs(": ", j->f);
    }
}

static void jopen(struct json *j, const char *k, char c)
{
    key(j, k);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

static void jclose(struct json *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty)
        fprintf(j->f, "\n%*s", 2 * j->depth, "");
    fputc(c, j->f);
}

void json_begin(struct json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->first[0] = 1;
    fputc('{', f);
    j->depth = 1;
    j->first[1] = 1;
}

void json_end(struct json *j)
{
    jclose(j, '}');
    fputc('\n', j->f);
}

void json_obj(struct json *j, const char *k) { jopen(j, k, '{'); }
void json_obj_end(struct json *j) { jclose(j, '}'); }
void json_arr(struct json *j, const char *k) { jopen(j, k, '['); }
void json_arr_end(struct json *j) { jclose(j, ']'); }

void json_str(struct json *j, const char *k, const char *v)
{
    key(j, k);
    if (v)
        escape(j->f, v);
    else
        fputs("null", j->f);
}

void json_u64(struct json *j, const char *k, uint64_t v)
{
    key(j, k);
    fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, const char *k, int64_t v)
{
    key(j, k);
    fprintf(j->f, "%" PRId64, v);
}

void json_bool(struct json *j, const char *k, int v)
{
    key(j, k);
    fputs(v ? "true" : "false", j->f);
}
