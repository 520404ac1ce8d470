/*
 * annotate.h - which cities and which years each passage is about.
 *
 * Cities.  A passage's cities are the prefecture-level cities it names
 * (directly, or through a county or district: 浚县 is 鹤壁), plus the topic
 * city of its context, each with its province; a passage about the
 * province as a whole (全省, 河南省) gets the province alone.  The topic:
 *   - a document (chunk) about one city carries it everywhere ("我市",
 *     "市卫生健康委" name no city): the city named most, when it is named
 *     far more than any other;
 *   - a section about one city carries it to the passages after it until
 *     the next section or article: a section starts with a passage that
 *     names a city in its first characters ("2024年，洛阳市将……",
 *     "开封市卫生健康委将……") or a heading that names one city (a caption
 *     "党组书记、主任李卫林 郑州市卫生健康委");
 *   - a quotation that names no city belongs to the section that follows
 *     it when that section starts right after it (conference reports put
 *     each speaker's words before his city's plan);
 *   - an article lead (本报讯, 编者按) or a heading naming no city ends the
 *     section.
 * Cities listed as partners ("与北京、上海、郑州等多家知名医院深度合作")
 * are not what the passage is about and are left out, as are cities of
 * other provinces named in the same list.  Ambiguous names prefer the
 * document's province.
 *
 * Years.  The years a passage names: 2024年, 二〇二四年, ranges
 * (2020~2030年, 2021—2025年: every year of the range), plan periods
 * (十三五 2016-2020, 十四五 2021-2025, 十五五 2026-2030, ...), and
 * 今年/去年/明年/前年/后年 resolved against the article's year.  A passage
 * naming none inherits the year of its section (the last year-bearing
 * passage of the same article), else the article's year.  An article's
 * year comes from its dateline (1月21日，……召开2025年…… or
 * 2023年12月28日), else the document's: the metadata sidecar, else the
 * first dateline of the document, else --year, else the year named most.
 */
#ifndef ZS_ANNOTATE_H
#define ZS_ANNOTATE_H

#include "err.h"
#include "gazetteer.h"
#include "passage.h"

#include <stddef.h>
#include <stdint.h>

/* Most codes one passage keeps (cities and their provinces). */
#define ANN_MAX_CODES 16
/* Most years one passage keeps (a range of more is cut to its ends' span). */
#define ANN_MAX_YEARS 16
/* Years accepted as years. */
#define ANN_YEAR_MIN 1900
#define ANN_YEAR_MAX 2100
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

/* Tag a passage of a passages TSV from its own columns: the city (a name
 * or code the gazetteer knows; unknown names are ignored) and the year
 * (0 = none). */
void ann_from_columns(const gaz *g, const char *city, size_t city_len, int year, ann_tags *out);

/* Years named in a text (for the annotator and its tests): appends to
 * `years` (ascending, no duplicates), resolving relative years against
 * `year_now` (0: ignore them).  Returns the count. */
size_t ann_text_years(const char *text, size_t len, int year_now, uint16_t *years, size_t cap);

#endif
