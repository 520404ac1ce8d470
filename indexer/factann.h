/*
 * factann.h - the numeric facts of a passage as the index stores them: the
 * extractor's facts (fct.h) with the place a fact names itself resolved
 * to a division code through the gazetteer.
 *
 * Data flow: passage text -> fct_extract -> (field, value, unit,
 * qualifier, own year, own place) -> the segment's fact columns
 * (segwrite.h) and the "facts" of `zhindex passages`.
 */
#ifndef ZS_FACTANN_H
#define ZS_FACTANN_H

#include "err.h"
#include "fct.h"
#include "gazetteer.h"
#include "segwrite.h"

#include <stddef.h>
#include <stdint.h>

/* Reusable state (buffers kept between passages). */
typedef struct factann_ctx {
    fct_list list;
    sw_fact *v; /* one per fact of the last passage; point into list.pool */
    size_t cap;
} factann_ctx;

void factann_init(factann_ctx *c);
void factann_free(factann_ctx *c);

/* Extract the facts of one passage.  On success c->list holds the
 * extractor's facts and c->v[0 .. *n) the same facts as the index stores
 * them (valid until the next call).  Errors: those of fct_extract,
 * ZS_ENOMEM. */
int factann_passage(factann_ctx *c, const gaz *g, const char *text, size_t len, size_t *n,
                    zs_diag *d);

#endif
