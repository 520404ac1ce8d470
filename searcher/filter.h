/*
 * filter.h - city, year and date filters, from the command line (--city,
 * --year, --date) and from the query (city:, year:, date:), resolved to
 * field-term values (city, year) and date ranges.
 *
 *   city   a place name in full or short form (郑州, 郑州市, 浚县 -> 鹤壁), a
 *          division code (4101), or a province (河南, 41: every passage
 *          about one of its cities, or about the province as a whole);
 *   year   2024, or a range 2021..2025 (both ends included);
 *   date   the document's date: 2022, 2022-03, 2022-03-05, or a range
 *          2022-03-01..2022-06-30 whose ends are any of these (an end may
 *          be left open: ..2022-06, 2022-03..); see date.h for documents
 *          whose date is known only to the month or year.
 *
 * Several values of one kind are alternatives (OR); the kinds combine with
 * AND: --city 郑州 --city 洛阳 --year 2024 is (郑州 or 洛阳) and 2024.
 */
#ifndef ZS_FILTER_H
#define ZS_FILTER_H

#include "err.h"
#include "gazetteer.h"
#include "search.h"

#include <stddef.h>
#include <stdint.h>

/* Longest year range accepted. */
#define FLT_MAX_YEARS 200

typedef struct flt_set {
    srch_filter f[3]; /* city, year, date (those with values) */
    size_t nf;
    uint32_t *city; /* owned values */
    size_t ncity;
    uint32_t *year;
    size_t nyear;
    date_range *date;
    size_t ndate;
} flt_set;

void flt_init(flt_set *s);
void flt_free(flt_set *s);

/* Add a city or year value as typed.  Errors: ZS_EINVAL with the message
 * in `d` (which may be NULL): an unknown place, a malformed year or range;
 * ZS_ENOMEM. */
int flt_add_city(flt_set *s, const gaz *g, const char *value, zs_diag *d);
int flt_add_year(flt_set *s, const char *value, zs_diag *d);

/* Add a date or date range as typed.  Errors: ZS_EINVAL with the message
 * in `d` and the byte offset of the fault in `value` in *at; ZS_ENOMEM. */
int flt_add_date(flt_set *s, const char *value, size_t *at, zs_diag *d);

/* Fill s->f from the values added (call after the last add). */
void flt_finish(flt_set *s);

#endif
