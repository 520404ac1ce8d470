/*
 * facet.h - counts of matching passages per city or per year.
 *
 * Given the matching passages (ascending global ids, from srch_run), walk
 * each segment's set column (setcol.h) along them and count, for every
 * value (place code or year), the passages whose set holds it.  A passage
 * about two cities counts for both; the counts of a province's code include
 * all passages about any of its cities.
 */
#ifndef ZS_FACET_H
#define ZS_FACET_H

#include "index.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

typedef enum fc_kind { FC_CITY, FC_YEAR } fc_kind;

typedef struct fc_count {
    uint32_t value; /* place code or year */
    uint64_t count;
} fc_count;

typedef struct fc_result {
    fc_kind kind;
    fc_count *v; /* most frequent first, then by value */
    size_t n;
    uint64_t none; /* matching passages with no value at all */
} fc_result;

/* Count the values of `kind` over the passages `gids` (ascending).
 * Errors: ZS_ECORRUPT, ZS_ENOMEM.  Free with fc_free. */
int fc_count_values(zindex *ix, fc_kind kind, const u64vec *gids, fc_result *out, zs_diag *d);
void fc_free(fc_result *r);

#endif
