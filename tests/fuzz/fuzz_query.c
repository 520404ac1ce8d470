/*
 * fuzz_query.c - the query parser (searcher/query.h), and the query run
 * over a small index the way zhsearch runs it (fuzz_search: filters, plan,
 * matching, hits in every format, facets).
 *
 * Input: the query's bytes.  A parsed query must keep the header's
 * promises: NUL-terminated words of the given length, at least one
 * alternative per clause, columns within the query, conditions with a
 * known direction and bounds that are numbers; an error has a message.
 */
#include "fuzz.h"

#include "fct.h"
#include "index.h"
#include "query.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static zindex *ix;

static void close_index(void)
{
    ix_close(ix);
}

/* The index is built once per process (fuzz_dir removes it at exit). */
static zindex *index_once(void)
{
    if (ix) return ix;
    char dir[4096];
    fuzz_path(dir, sizeof dir, "index");
    zs_diag d;
    if (fuzz_build_index(dir) || ix_open(&ix, dir, &d)) abort();
    atexit(close_index);
    return ix;
}

static void check_query(const qry *q, size_t len)
{
    FUZZ_CHECK(q->n + q->nfields + q->nconds > 0);
    for (size_t i = 0; i < q->n; i++) {
        FUZZ_CHECK(q->clauses[i].nalts > 0);
        for (size_t j = 0; j < q->clauses[i].nalts; j++) {
            const qry_word *w = &q->clauses[i].alts[j];
            FUZZ_CHECK(strlen(w->text) == w->len && w->col >= 1 && w->col <= len);
        }
    }
    for (size_t i = 0; i < q->nfields; i++) {
        FUZZ_CHECK(qry_is_field(q->fields[i].name, strlen(q->fields[i].name)));
        FUZZ_CHECK(q->fields[i].value != NULL && q->fields[i].col <= len);
    }
    for (size_t i = 0; i < q->nconds; i++) {
        const qry_cond *c = &q->conds[i];
        FUZZ_CHECK(strlen(c->field) == c->field_len && c->col <= len);
        FUZZ_CHECK(c->dir == FCT_D_NONE || c->dir == FCT_D_UP || c->dir == FCT_D_DOWN);
        FUZZ_CHECK(!isnan(c->lo) && !isnan(c->hi));
        FUZZ_CHECK(memchr(c->unit, '\0', sizeof c->unit) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    qry q;
    qry_error e;
    int rc = qry_parse(s, size, &q, &e);
    FUZZ_CHECK(rc == ZS_OK || rc == ZS_EINVAL);
    if (rc == ZS_OK) check_query(&q, size);
    if (rc == ZS_EINVAL) FUZZ_CHECK(e.msg[0] != '\0' && memchr(e.msg, '\0', sizeof e.msg));
    qry_free(&q);
    if (rc == ZS_OK) fuzz_search(index_once(), s, size);
    return 0;
}
