/*
 * output.h - printing results: human text, JSON Lines, TSV.
 *
 * JSON Lines (stable schema, one object per hit, see README "Output"):
 *   rank, score, doc, passage, start, end, kind, date ("2022-03-05",
 *   "2022-03", "2022" or null), title, url and extra (a JSON Lines
 *   record's url and other keys, only when it has them), chapter and
 *   article (only when the passage has them), city, city_code, year,
 *   facts (those satisfying a condition of the query, factfmt.h), text,
 *   snippet, highlights,
 *   plus "id" (passages TSV input), "query" (batch mode), "explain"
 *   (--explain), "others" (--collapse) and "before"/"after" (-B/-A/-C: the
 *   neighbouring passages of the same document, [{"passage","text"}]).  In batch mode a query
 * without hits prints one line
 *   {"query": ..., "total": 0}, so results line up with queries.  start/end are byte offsets into
 * the source file; highlights are [start, end) code point offsets into text. TSV: a header line,
 * then one line per hit (columns rank ... snippet, then date, title, chapter, article, url,
 * extra: new columns only at the end); tabs, newlines, carriage returns and backslashes in
 * fields (extra's JSON object too) are written \t, \n, \r, \\, so no field holds a raw tab
 * or newline. Text: rank, score, document and passage, a line with date, title, chapter,
 * article, url and the extra keys as key=value (when any), cities and years, then the snippet
 * with the matches highlighted (colour only when asked, see out_opts).
 *
 * Everything goes to the FILE given; errors writing it are reported as
 * ZS_EIO.
 */
#ifndef ZS_OUTPUT_H
#define ZS_OUTPUT_H

#include "facet.h"
#include "factfacet.h"
#include "gazetteer.h"
#include "index.h"
#include "search.h"
#include "shape.h"

#include <stdio.h>

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_TSV } out_format;

typedef struct out_opts {
    out_format format;
    int color; /* ANSI colour in text output */
    int explain;
    uint32_t snippet;       /* snippet width, code points */
    int batch;              /* tag each result with its query */
    size_t offset;          /* ranks start at offset + 1 */
    const gaz *g;           /* for place names */
    int summary;            /* --summary: end each query's JSON with a summary object */
    uint32_t before, after; /* -B/-A/-C: neighbouring passages of the same document */
} out_opts;

/* Print the hits of one query (`query` is the query text as typed). */
int out_hits(FILE *f, searcher *s, const srch_plan *p, const srch_result *r, const char *query,
             const out_opts *o, zs_diag *d);

/* JSON (--summary): {"summary":{"query" (batch mode),"total","shown",
 * "took_ms"}} after a query's hits and facets; nothing in other formats. */
int out_summary(FILE *f, uint64_t total, size_t shown, double took_ms, const char *query,
                const out_opts *o);

/* out_hits after --collapse: others[i] (may be NULL: plain out_hits) is
 * how many more passages of hit i's document matched; JSON gets "others",
 * text a line "(+N more matching passages in this document)". */
int out_hits_collapsed(FILE *f, searcher *s, const srch_plan *p, const srch_result *r,
                       const uint32_t *others, const char *query, const out_opts *o, zs_diag *d);

/* The documents with matches (-l, --count-by doc), in document order: text
 * and TSV one line each, "COUNT<TAB>DOC" or only DOC when names_only; JSON
 * {"doc","count","best_score"}; "query" first in batch mode. */
int out_docs(FILE *f, searcher *s, const shp_doc *v, size_t n, int names_only, const char *query,
             const out_opts *o, zs_diag *d);

/* Print the count of one query (--count). */
int out_count(FILE *f, const srch_result *r, const char *query, const out_opts *o);

/* Print facet counts (after the hits of the same query). */
int out_facet(FILE *f, const fc_result *fr, uint64_t total, const char *query, const out_opts *o);

/* Print the statistics of --facet FIELD (after the hits).  JSON: one
 * object {"facet":"fact","field","total","units":[{"unit","count","min",
 * "max","mean","histogram":[{"from","to","count"}],"cities":[{"value",
 * "name","count","min","max","mean"}],"years":[{"value",...}]}]}. */
int out_fact_facet(FILE *f, const factfacet_result *r, const char *query, const out_opts *o);

/* Print field names (--fields): JSON {"field","count","units"}. */
int out_fields(FILE *f, const factfacet_name *v, size_t n, const out_opts *o);

/* Print the TSV header (once, before the first query's hits). */
int out_tsv_header(FILE *f, const out_opts *o);

#endif
