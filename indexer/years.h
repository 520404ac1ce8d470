/*
 * years.h - the years a text names, and the dates that date a document.
 *
 * Years a passage names (yr_scan):
 *   - 2024年, "2024 年" as laid out, 二〇二四年;
 *   - ranges 2020~2030年, 2021—2025年, 2021年至2025年: every year of the range
 *     (a span of YR_RANGE_FULL years or more keeps only its two ends);
 *   - plan periods 十三五 (2016-2020), 十四五 (2021-2025), ...;
 *   - decades 20世纪90年代 (1990-1999);
 *   - relative years, resolved against the document's date year `now`:
 *     今年 本年度 (now), 去年 上年度 (now-1), 前年 (now-2), 明年 (now+1),
 *     后年 (now+2), and 上半年/下半年 with no year of their own (now); a
 *     relative word inside a longer word is not one (如今年轻人, 至今年均,
 *     目前年底, 十年前年);
 *   - years ago, resolved the same way: 20年前, 一年多前, 三十多年前 (now-N);
 *   - 2019年以来, 2019年至今: the range from that year to `now`; not when
 *     that year is the one before `now` (a January report's 自2024年以来 is
 *     about 2024's work: YR_SINCE_LAST_YEAR).
 * Years inside a title in 《》 name the document, not the time the passage
 * speaks of: they are kept, but never the passage's main year.
 *
 * Dates of a document (yr_dateline): a full date near the start of its text
 * (2024年10月29日, 2024-10-29), or a news dateline (新华社北京6月5日电,
 * 10月29日电) that gives month and day.
 */
#ifndef ZS_YEARS_H
#define ZS_YEARS_H

#include "cptext.h"
#include "format.h"

#include <stddef.h>
#include <stdint.h>

/* Years accepted as years. */
#define YR_MIN FMT_YEAR_MIN
#define YR_MAX FMT_YEAR_MAX
/* A range this long or longer keeps only its ends (a 30-year history is not
 * about each of its years). */
#define YR_RANGE_FULL 16
/* "Since year Y" spans Y..now only when Y is more than this many years
 * before now. */
#define YR_SINCE_LAST_YEAR 1
/* How far into a document a dateline is looked for, in code points. */
#define YR_DATELINE_CPS 120

typedef struct yr_found {
    size_t n;     /* years written to the caller's array */
    int primary;  /* the first single year (2024年, 今年) outside 《》, else
                     the first range's start, else 0 */
    int relative; /* a relative year occurs (resolved only when now != 0) */
} yr_found;

/* Scan c[from, to) for years; appends them to years[] (ascending, no
 * duplicates, at most cap), resolving relative years against `now` (0:
 * skip them).  Never fails. */
void yr_scan(const cpt *c, size_t from, size_t to, int now, uint16_t *years, size_t cap,
             yr_found *out);

/* Insert year y into the ascending set years[0, *n) (capacity cap). */
void yr_add(uint16_t *years, size_t *n, size_t cap, long y);

/* A date near the start of a document text c[0, min(n, YR_DATELINE_CPS)):
 * sets *y (0 when the dateline has no year), *m, *d and returns 1; 0 when
 * there is none. */
int yr_dateline(const cpt *c, int *y, int *m, int *d);

/* The dateline of a news article lead (本报讯 1月21日，……): "M月D日" in its
 * first sentence, its year written with it (2023年12月28日) or, failing
 * that, the first year of that sentence (1月21日，……召开2025年……).
 * Returns the year, 0 when none. */
int yr_article_dateline(const cpt *c);

/* The year a statistics report states its figures for: 截至2022年底,
 * 截至2022年末, 截至2022年12月31日, 2022年全年.  Returns the first such
 * year, 0 when none. */
int yr_report_year(const cpt *c);

/* Does the text speak of the present (今天, 目前, 如今, 眼下, 近日, 年内,
 * 新年伊始 ...)?  A passage that names only other years but speaks of the
 * present is also about its document's year (今天开工，2024年建成). */
int yr_present(const cpt *c);

#endif
