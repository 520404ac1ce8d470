/*
 * condition.h - numeric conditions (托位数>3) over a segment's fact columns
 * (factcol.h): which passages have a fact that satisfies them.
 *
 * A fact satisfies condition c when its field matches c's field
 * (fct_field_matches: 托位数 matches 每千人口托位数 and 提供托位), its unit
 * is c's unit (when c has one), its type and direction fit (qry_cond_entry:
 * levels for a plain condition, changes for 增长>10%), some value of its
 * bounds lies in c's range (a range fact [10000, 50000] answers both
 * >= 50000 and <= 20000), and the year or place the fact names itself (if
 * any) agrees with the query's year and city filters: in a passage about
 * 2016 and 2020, the 2016 figure does not answer year:2020.  Facts that
 * name no year or place of their own have their passage's, which the
 * filters check anyway.
 */
#ifndef ZS_CONDITION_H
#define ZS_CONDITION_H

#include "err.h"
#include "factcol.h"
#include "query.h"
#include "search.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

/* Does hay[0, hn) contain needle[0, nn) (bytes)? */
int cnd_contains(const char *hay, size_t hn, const char *needle, size_t nn);

/* Does series s belong to condition c (qry_cond_series)? */
int cnd_series_matches(const factcol_series *s, const qry_cond *c);

/* Does an entry's own year and place agree with the filters? */
int cnd_entry_agrees(const factcol_entry *e, const srch_filter *filters, size_t nfilters);

/* The passages of `sg` (local ids, ascending, unique) with a fact
 * satisfying c: *ids is malloc'ed (the caller frees it), *n its length.
 * Errors: ZS_ENOMEM, ZS_ECORRUPT. */
int cnd_passages(segment *sg, const qry_cond *c, const srch_filter *filters, size_t nfilters,
                 uint32_t **ids, size_t *n, zs_diag *d);

/* Place code -> its province (41 for 4101 and 419001). */
uint32_t cnd_province_of(uint32_t code);

#endif
