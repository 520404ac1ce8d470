/* util.h - helpers shared by the tests (not part of the product). */
#ifndef ZS_TEST_UTIL_H
#define ZS_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Sorted names of the entries of `dir` ending with `suffix`; free with
 * u_free_list.  0 on success, -1 on error. */
int u_list_dir(const char *dir, const char *suffix, char ***names, size_t *n);
void u_free_list(char **names, size_t n);

/* Byte offset of every code point of well-formed UTF-8 (n + 1 entries, the
 * last is len); malloc'ed. */
uint64_t *u_utf8_offsets(const char *s, size_t len, size_t *ncp);

#endif
