/* util_e2e.h - fixtures of the end-to-end tests (util_index.c). */
#ifndef ZS_TEST_UTIL_E2E_H
#define ZS_TEST_UTIL_E2E_H

#include "test.h"
#include "util.h"

#include <string.h>

/* The test queries on corpus/ (the peer benchmark's seed queries, single
 * characters, numbers, OR and exclusions), for e2e_search and e2e_variants. */
extern const char *const e2e_queries[];
extern const size_t e2e_nqueries;

/* Path of a built binary (zhindex, zhsearch). */
void e2e_bin(const t_ctx *t, const char *name, char *out, size_t cap);
/* Path of corpus/. */
void e2e_corpus(const t_ctx *t, char *out, size_t cap);
/* Build (once) an index of corpus/ in the scratch directory; its path goes
 * to out.  0 on success. */
int e2e_corpus_index(const t_ctx *t, char *out, size_t cap);
/* Run zhindex args... (NULL-terminated). */
int e2e_zhindex(const t_ctx *t, char *const *args, u_run *r);

/* Run zhsearch -i index args... (NULL-terminated) with optional stdin. */
int e2e_search(const t_ctx *t, const char *index, char *const *args, const char *in, u_run *r);

#endif
