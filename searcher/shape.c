/* shape.c - sorting, collapsing and the document view (see shape.h). */
#include "shape.h"

#include "segment.h"

#include <stdlib.h>
#include <string.h>

int shp_parse_sort(const char *s, shp_sort *out)
{
    if (!strcmp(s, "score"))
        *out = SHP_SCORE;
    else if (!strcmp(s, "date"))
        *out = SHP_DATE;
    else if (!strcmp(s, "-date"))
        *out = SHP_DATE_DESC;
    else if (!strcmp(s, "doc"))
        *out = SHP_DOC;
    else
        return ZS_EINVAL;
    return ZS_OK;
}

int shp_needed(const shp_opts *o)
{
    return o->sort != SHP_SCORE || o->collapse;
}

/* A hit with what it is sorted and grouped by. */
typedef struct keyed {
    topk_hit h;
    uint64_t doc;  /* segment index << 32 | document id */
    uint32_t date; /* YYYYMMDD, 0 = none */
    uint32_t others;
    int desc; /* the order wanted: dates descending */
    shp_sort sort;
} keyed;

/* The document key and date of a passage. */
static void key_of(const zindex *ix, keyed *k)
{
    uint32_t local;
    size_t si = ix_segment_of(ix, k->h.gid, &local);
    const segment *sg = ix->segs[si];
    uint32_t doc = seg_doc_of(sg, local);
    k->doc = ((uint64_t)si << 32) | doc;
    k->date = doc < sg->ndocs ? seg_doc_date(sg, doc) : 0;
}

static int cmp_score(const keyed *x, const keyed *y)
{
    if (x->h.score != y->h.score) return x->h.score > y->h.score ? -1 : 1;
    return x->h.gid < y->h.gid ? -1 : x->h.gid > y->h.gid;
}

static int cmp_shaped(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->sort == SHP_DATE || x->sort == SHP_DATE_DESC) {
        if (!x->date != !y->date) return x->date ? -1 : 1; /* undated last */
        if (x->date != y->date) return (x->date < y->date) == (x->sort == SHP_DATE) ? -1 : 1;
    } else if (x->sort == SHP_SCORE) {
        return cmp_score(x, y);
    }
    return x->h.gid < y->h.gid ? -1 : x->h.gid > y->h.gid;
}

static int cmp_doc_then_score(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->doc != y->doc) return x->doc < y->doc ? -1 : 1;
    return cmp_score(x, y);
}

/* Every match with its score, best first. */
static int all_hits(searcher *s, const srch_plan *p, srch_result *r, zs_diag *d)
{
    srch_result c;
    int rc = srch_run(s, p, 0, NULL, &c, d);
    if (rc) return rc;
    uint64_t total = c.total;
    srch_result_free(&c);
    if (total > SHP_MAX_ALL)
        return zs_fail(d, ZS_ETOOBIG,
                       "%llu matches: --sort and --collapse take at most %d; narrow the query",
                       (unsigned long long)total, SHP_MAX_ALL);
    return srch_run(s, p, (size_t)total, NULL, r, d);
}

/* Keep the best passage of each document; v is sorted by document, then
 * score.  Returns the new count. */
static size_t collapse(keyed *v, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].doc == v[i].doc) j++;
        v[o] = v[i];
        v[o].others = (uint32_t)(j - i - 1);
        o++;
        i = j;
    }
    return o;
}

int shp_run(searcher *s, const srch_plan *p, const shp_opts *o, size_t k, srch_result *r,
            uint32_t **others, zs_diag *d)
{
    *others = NULL;
    int rc = all_hits(s, p, r, d);
    if (rc) return rc;
    keyed *v = malloc((r->nhits ? r->nhits : 1) * sizeof *v);
    if (!v) return ZS_ENOMEM;
    for (size_t i = 0; i < r->nhits; i++) {
        memset(&v[i], 0, sizeof v[i]);
        v[i].h = r->hits[i];
        v[i].sort = o->sort;
        key_of(s->ix, &v[i]);
    }
    size_t n = r->nhits;
    if (o->collapse) {
        qsort(v, n, sizeof *v, cmp_doc_then_score);
        n = collapse(v, n);
    }
    qsort(v, n, sizeof *v, cmp_shaped);
    if (n > k) n = k;
    if (o->collapse) {
        *others = malloc((n ? n : 1) * sizeof **others);
        if (!*others) rc = ZS_ENOMEM;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        r->hits[i] = v[i].h;
        if (*others) (*others)[i] = v[i].others;
    }
    r->nhits = n;
    free(v);
    return rc;
}

int shp_docs(searcher *s, const srch_plan *p, shp_doc **docs, size_t *n, uint64_t *total,
             zs_diag *d)
{
    *docs = NULL;
    *n = 0;
    srch_result r;
    int rc = all_hits(s, p, &r, d);
    if (rc) return rc;
    *total = r.total;
    keyed *v = malloc((r.nhits ? r.nhits : 1) * sizeof *v);
    shp_doc *out = malloc((r.nhits ? r.nhits : 1) * sizeof *out);
    if (!v || !out) rc = ZS_ENOMEM;
    for (size_t i = 0; !rc && i < r.nhits; i++) {
        memset(&v[i], 0, sizeof v[i]);
        v[i].h = r.hits[i];
        key_of(s->ix, &v[i]);
    }
    if (!rc) qsort(v, r.nhits, sizeof *v, cmp_doc_then_score);
    size_t m = 0;
    for (size_t i = 0; !rc && i < r.nhits;) {
        size_t j = i;
        uint64_t first = v[i].h.gid;
        while (j < r.nhits && v[j].doc == v[i].doc) {
            if (v[j].h.gid < first) first = v[j].h.gid;
            j++;
        }
        out[m++] = (shp_doc){first, j - i, v[i].h.score};
        i = j;
    }
    free(v);
    srch_result_free(&r);
    if (rc) {
        free(out);
        return rc;
    }
    *docs = out;
    *n = m;
    return ZS_OK;
}
