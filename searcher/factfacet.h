/*
 * factfacet.h - --facet FIELD and --fields: statistics of the numeric facts
 * (factcol.h) of the matching passages, and the vocabulary of fields.
 *
 * A fact belongs to facet FIELD when its field contains FIELD, it stands in
 * a matching passage, its own year and place agree with the filters, and
 * it satisfies the query's conditions on the same field text.  Facts are
 * grouped by unit (values in 个 and in % are not comparable); per unit:
 * count, min, max, mean, a histogram of FF_BINS equal-width bins, and the
 * same statistics per city (the fact's own place, else its passage's
 * cities) and per year (its own year, else its passage's years).
 */
#ifndef ZS_FACTFACET_H
#define ZS_FACTFACET_H

#include "err.h"
#include "index.h"
#include "query.h"
#include "search.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

#define FF_BINS 8

typedef struct ff_stats {
    uint64_t count;
    double min, max, sum;
} ff_stats;

typedef struct ff_group {
    uint32_t key; /* place code or year */
    ff_stats st;
} ff_group;

typedef struct ff_unit {
    char unit[32];
    ff_stats all;
    uint64_t hist[FF_BINS];
    ff_group *cities, *years; /* most facts first */
    size_t ncities, nyears;
    double *vals; /* scratch */
    size_t nvals, capvals;
} ff_unit;

typedef struct ff_result {
    const char *field; /* borrowed */
    ff_unit *units;    /* most facts first */
    size_t n;
    uint64_t total;
} ff_result;

/* Statistics of the facts of `field` in the passages `gids` (ascending
 * global ids).  Errors: ZS_ENOMEM, ZS_ECORRUPT.  Free with ff_free. */
int ff_compute(zindex *ix, const char *field, const qry *q, const srch_filter *filters,
               size_t nfilters, const u64vec *gids, ff_result *out, zs_diag *d);
void ff_free(ff_result *r);

/* One field name of the index, with its number of facts per unit. */
typedef struct ff_name {
    char *field; /* owned */
    uint64_t count;
    char units[128]; /* "个 12, % 3" */
} ff_name;

/* All field names containing `text` (NULL or "" = all), most facts first.
 * Errors: ZS_ENOMEM, ZS_ECORRUPT.  Free with ff_names_free. */
int ff_names(zindex *ix, const char *text, ff_name **out, size_t *n, zs_diag *d);
void ff_names_free(ff_name *v, size_t n);

/* Up to `max` field names close to `field` (most characters in common,
 * then most facts) for "did you mean" messages, joined by "、" into out. */
void ff_suggest(zindex *ix, const char *field, size_t max, char *out, size_t cap);

/* Does any segment have a fact whose field contains `field`? */
int ff_field_known(zindex *ix, const char *field, size_t len);

#endif
