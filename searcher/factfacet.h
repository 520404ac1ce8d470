/*
 * factfacet.h - --facet FIELD and --fields: statistics of the numeric facts
 * (factcol.h) of the matching passages, and the vocabulary of fields.
 *
 * A fact belongs to facet FIELD when its field matches FIELD
 * (fct_field_matches; a FIELD ending in a change verb such as 增长 takes
 * the changes of that direction, see qry_cond_series), it stands in
 * a matching passage, its own year and place agree with the filters, and
 * it satisfies the query's conditions on the same field text.  Facts are
 * grouped by unit (values in 个 and in % are not comparable); per unit:
 * count, min, max, mean, median, a histogram of FACTFACET_BINS bins
 * (equal-width, or logarithmic when values span two orders of magnitude:
 * factfacet.c bin_values), and the same statistics per city (the fact's own place, else its
 * passage's cities) and per year (its own year, else its passage's years).
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

#define FACTFACET_BINS 8
/* Bins turn logarithmic when max / min reaches this (two orders of
 * magnitude): equal-width bins would put nearly everything in the first. */
#define FACTFACET_LOG_SPAN 100.0

typedef struct factfacet_stats {
    uint64_t count;
    double min, max, sum;
} factfacet_stats;

typedef struct factfacet_group {
    uint32_t key; /* place code or year */
    factfacet_stats st;
} factfacet_group;

typedef struct factfacet_unit {
    char unit[32];
    factfacet_stats all;
    uint64_t hist[FACTFACET_BINS];
    double edges[FACTFACET_BINS + 1]; /* bin k is [edges[k], edges[k+1]), the last one closed */
    int log_bins;                     /* 1 when the edges are logarithmic */
    double median;
    factfacet_group *cities, *years; /* most facts first */
    size_t ncities, nyears;
    double *vals; /* scratch */
    size_t nvals, capvals;
} factfacet_unit;

typedef struct factfacet_result {
    const char *field;     /* borrowed */
    factfacet_unit *units; /* most facts first */
    size_t n;
    uint64_t total;
} factfacet_result;

/* Statistics of the facts of `field` in the passages `gids` (ascending
 * global ids), leaving out facts below confidence min_conf (0..255).  Errors: ZS_ENOMEM,
 * ZS_ECORRUPT.  Free with factfacet_free. */
int factfacet_compute(zindex *ix, const char *field, unsigned min_conf, const qry *q,
                      const srch_filter *filters, size_t nfilters, const u64vec *gids,
                      factfacet_result *out, zs_diag *d);
void factfacet_free(factfacet_result *r);

/* One field name of the index, with its number of facts per unit. */
typedef struct factfacet_name {
    char *field; /* owned */
    uint64_t count;
    char units[128]; /* "个 12, % 3" */
} factfacet_name;

/* All field names containing `text` (NULL or "" = all), most facts first.
 * Errors: ZS_ENOMEM, ZS_ECORRUPT.  Free with factfacet_names_free. */
int factfacet_names(zindex *ix, const char *text, factfacet_name **out, size_t *n, zs_diag *d);
void factfacet_names_free(factfacet_name *v, size_t n);

/* Up to `max` field names close to `field` (most characters in common,
 * then most facts) for "did you mean" messages, joined by "、" into out. */
void factfacet_suggest(zindex *ix, const char *field, size_t max, char *out, size_t cap);

/* Does any segment have a fact whose field contains `field`? */
int factfacet_field_known(zindex *ix, const char *field, size_t len);

#endif
