/*
 * shape.h - the order and grouping of a result list, after the search:
 * --sort score|date|-date|doc, --collapse (the best passage of each
 * document), and the document view of -l / --count-by doc.
 *
 * The default, by score, is the searcher's own top k (search.h).  The
 * other shapes need every match with its score: the query is run once to
 * count and once more keeping all of them (at most SHP_MAX_ALL), which is
 * linear in the matches plus a sort.
 *
 *   sort date    documents' dates ascending, undated documents last;
 *   sort -date   dates descending, undated last;
 *   sort doc     passage order (documents as indexed, passages in order);
 *   ties by passage order.  A document's date is its stored date (FORMAT.md
 *   DOCDATES), compared with unknown month or day as 0.
 *   collapse     one hit per document, its best passage by score; `others`
 *                says how many more of its passages matched; the documents
 *                are then ordered by the sort (score: their best score).
 */
#ifndef ZS_SHAPE_H
#define ZS_SHAPE_H

#include "err.h"
#include "search.h"

#include <stddef.h>
#include <stdint.h>

/* Most matches a shaped query keeps. */
#define SHP_MAX_ALL 1000000

typedef enum shp_sort { SHP_SCORE, SHP_DATE, SHP_DATE_DESC, SHP_DOC } shp_sort;

typedef struct shp_opts {
    shp_sort sort;
    int collapse;
} shp_opts;

/* Parse a --sort value (score, date, -date, doc).  ZS_EINVAL if unknown. */
int shp_parse_sort(const char *s, shp_sort *out);

/* Is anything but the default asked for? */
int shp_needed(const shp_opts *o);

/* Run plan p and fill r with the first k hits in the requested shape
 * (scores as the searcher gives them) and r->total with every match;
 * *others (malloc'ed, one per hit; NULL unless collapsing) gets how many
 * more passages of each hit's document matched.  Errors: those of
 * srch_run, ZS_ETOOBIG (more than SHP_MAX_ALL matches). */
int shp_run(searcher *s, const srch_plan *p, const shp_opts *o, size_t k, srch_result *r,
            uint32_t **others, zs_diag *d);

/* A document with matches: its first matching passage, how many matched,
 * and the best score among them. */
typedef struct shp_doc {
    uint64_t first_gid;
    uint64_t count;
    double best;
} shp_doc;

/* The documents with matches, in document order (for -l and --count-by
 * doc).  *docs is malloc'ed.  Errors: those of srch_run, ZS_ENOMEM. */
int shp_docs(searcher *s, const srch_plan *p, shp_doc **docs, size_t *n, uint64_t *total,
             zs_diag *d);

#endif
