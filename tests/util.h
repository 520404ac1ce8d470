/* util.h - helpers shared by the tests (not part of the product). */
#ifndef ZS_TEST_UTIL_H
#define ZS_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Sorted names of the entries of `dir` ending with `suffix`; free with
 * u_free_list.  0 on success, -1 on error. */
int u_list_dir(const char *dir, const char *suffix, char ***names, size_t *n);
void u_free_list(char **names, size_t n);

/* Copy the files (not subdirectories) of `from` into `to` (created when
 * missing).  0 on success, -1 on error. */
int u_copy_dir(const char *from, const char *to);

/* Byte offset of every code point of well-formed UTF-8 (n + 1 entries, the
 * last is len); malloc'ed. */
uint64_t *u_utf8_offsets(const char *s, size_t len, size_t *ncp);

/* Recompute every checksum of a container file (docs/FORMAT.md "Container
 * files") after its bytes were changed: the header CRC, each page CRC, the
 * tail CRC (directory and page CRCs) and the body CRC, from the header's
 * body length, page size and section count.  0 on success, -1 when those
 * do not describe a file of `len` bytes (then nothing is changed). */
int u_reseal(uint8_t *f, size_t len);

/* ---- running commands (util_run.c) ---- */

typedef struct u_run {
    char *out, *err; /* NUL-terminated, malloc'ed */
    size_t out_len, err_len;
    int status; /* exit status, or 128 + signal number */
} u_run;

/* Run argv (argv[0] a path) with `in` (may be NULL) on stdin; capture
 * everything.  Returns 0 when the command could be run. */
int u_run_cmd(char *const *argv, const char *in, size_t in_len, u_run *r);
void u_run_free(u_run *r);

/* ---- reading JSON (util_json.c) ---- */

typedef enum u_jtype { UJ_NULL, UJ_BOOL, UJ_NUM, UJ_STR, UJ_ARR, UJ_OBJ } u_jtype;

typedef struct u_json {
    u_jtype t;
    double num;
    char *str; /* UJ_STR (NUL-terminated, unescaped) */
    size_t str_len;
    struct u_json *items; /* UJ_ARR elements / UJ_OBJ values */
    char **keys;          /* UJ_OBJ keys */
    size_t n;
} u_json;

/* Parse one JSON value from s (the whole string must be the value, up to
 * white space).  Returns 0 and fills *v, -1 on a syntax error. */
int u_json_parse(const char *s, size_t len, u_json *v);
void u_json_free(u_json *v);
/* Member `key` of an object, or NULL. */
const u_json *u_json_get(const u_json *v, const char *key);

#endif
