/*
 * docfilter.h - the filters on what a passage is rather than what it says:
 * title:, kind: and doc: of the query language (query.h).
 *
 *   title:TEXT   the passage's document has TEXT in its title (both
 *                normalized as documents are, so full-width and case do
 *                not matter; a plain substring test);
 *   kind:heading | kind:body
 *                the passage is a heading (headline, caption, byline) or
 *                body text (FORMAT.md, passage kinds);
 *   doc:GLOB     the passage's document path, or its last component,
 *                matches the shell pattern GLOB (fnmatch: *, ?, [..]).
 *
 * Each is turned, per segment, into the ascending list of passages that
 * satisfy it, which the searcher joins like any other clause.  The work is
 * linear in the segment's documents (title:, doc:) or passages (kind:).
 */
#ifndef ZS_DOCFILTER_H
#define ZS_DOCFILTER_H

#include "err.h"
#include "query.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

/* Is `name` (len bytes) one of title, kind, doc? */
int dfl_is_name(const char *name, size_t len);

/* The passages of segment sg that satisfy field f, ascending, in a new
 * malloc'ed array (*ids; free() it, also empty).  Errors: ZS_ENOMEM,
 * ZS_ECORRUPT (with the file in d). */
int dfl_passages(segment *sg, const qry_field *f, uint32_t **ids, size_t *n, zs_diag *d);

#endif
