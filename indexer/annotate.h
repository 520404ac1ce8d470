/*
 * annotate.h - which places and which years each passage is about.
 *
 * The rules (README "Cities and years", docs/ANNOTATION.md for how they
 * were measured) are split over three modules: years.h reads years and
 * datelines, scope.h judges the context of place names (national scope,
 * local references, datelines, venues, partners), and this module puts the
 * evidence of a whole chunk together in named steps:
 *   analyse      what each passage names (places it is about, scope words,
 *                years, whether it leads an article or a section);
 *   count_places how often the document names each city and province;
 *   doc_topic    the place the document is about: sidecar, title (when
 *                the text names it too), dominant city, dominant province
 *                (named in two passages or more; in a bulletin of short
 *                stories, by half its items), the nation, or none;
 *   doc_date     the document's date: sidecar, else a dateline, else --year;
 *   article_years the date year of each article of a newspaper page;
 *   tag_places / tag_years  one passage from all of the above.
 *
 * Places.  A passage's codes are the prefecture-level cities it is about
 * with their provinces, provinces it speaks of as a whole, and
 * GAZ_NATION_CODE (全国) for statements about the whole country.  The
 * topic of its section (a passage that starts by naming a city, a heading,
 * an article lead) or of its document is added when the passage names no
 * place of another province; 全市/我县 name no place and keep the topic.
 *
 * Years.  Its own (years.h), relative years resolved against its article's
 * date year; a passage naming none has that date year.
 */
#ifndef ZS_ANNOTATE_H
#define ZS_ANNOTATE_H

#include "err.h"
#include "gazetteer.h"
#include "passage.h"
#include "placeml.h"
#include "years.h"

#include <stddef.h>
#include <stdint.h>

/* Most codes one passage keeps (cities and their provinces). */
#define ANN_MAX_CODES 16
/* Most years one passage keeps (a range of more is cut to its ends' span). */
#define ANN_MAX_YEARS 16
/* Years accepted as years (years.h reads the same range). */
#define ANN_YEAR_MIN YR_MIN
#define ANN_YEAR_MAX YR_MAX
/* A mention within this many code points of a passage's start leads a
 * section. */
#define ANN_LEAD_CPS 16

typedef struct ann_tags {
    uint32_t codes[ANN_MAX_CODES]; /* ascending: provinces (2 digits) and cities */
    uint8_t ncodes;
    uint16_t years[ANN_MAX_YEARS]; /* ascending */
    uint8_t nyears;
} ann_tags;

/* What is known about a document before reading it. */
typedef struct ann_doc_meta {
    uint32_t city;     /* a city or province code from the sidecar, 0 = none */
    int year;          /* from the sidecar date, 0 = none */
    int month, day;    /* from the sidecar date, 0 = not given */
    int default_year;  /* --year, 0 = none */
    const char *title; /* the sidecar's title (UTF-8, borrowed), NULL = none */
    size_t title_len;
} ann_doc_meta;

/* What the annotator learns about the whole document from a chunk. */
typedef struct ann_doc_out {
    int year, month, day; /* the document's date; 0 = that part unknown */
    long title_passage;   /* index in the chunk of the document's headline, -1 = none */
} ann_doc_out;

/* Tag the passages of one chunk of a document.  `tags` has l->n entries;
 * `doc` (may be NULL) receives the document's date and headline as far as
 * this chunk tells them.  Errors: ZS_ENOMEM. */
int ann_passages(const gaz *g, const ann_doc_meta *meta, const psg_list *l, ann_tags *tags,
                 ann_doc_out *doc);

/* Most candidate places of one passage (placeml.h): its own cities and
 * provinces, a carried topic, the document's province, the nation. */
#define ANN_MAX_CANDS 24

/* The candidates of one passage and which of them the model kept. */
typedef struct ann_cands {
    placeml_cand v[ANN_MAX_CANDS];
    uint8_t kept[ANN_MAX_CANDS];
    size_t n;
} ann_cands;

/* ann_passages, also filling `cands` (l->n entries, or NULL) with every
 * passage's candidate places, their features and the model's decisions:
 * for `zhindex passages --candidates` and tools/train_places.py.
 * Errors: ZS_ENOMEM. */
int ann_passages_explain(const gaz *g, const ann_doc_meta *meta, const psg_list *l, ann_tags *tags,
                         ann_doc_out *doc, ann_cands *cands);

/* Tag a passage of a passages TSV from its own columns: the city (a name
 * or code the gazetteer knows; unknown names are ignored) and the year
 * (0 = none). */
void ann_from_columns(const gaz *g, const char *city, size_t city_len, int year, ann_tags *out);

/* Years named in a text (for the annotator's tests): writes them to
 * `years` (ascending, no duplicates, at most cap) and their count to *n,
 * resolving relative years against `year_now` (0: ignore them).
 * Errors: ZS_ENOMEM (*n is then 0). */
int ann_text_years(const char *text, size_t len, int year_now, uint16_t *years, size_t cap,
                   size_t *n);

#endif
