/*
 * scope.h - what a passage's words say about the places it is about, beyond
 * the place names themselves: the annotator's context rules.
 *
 *   - national scope: 全国, 我国, 各省（区、市）, 全国各地, 全军 ... say the passage
 *     speaks of the whole country; titles of people and honours (全国人大代表,
 *     全国劳动模范, 全国文明城市) do not;
 *   - local references: 全市 我市 本市 全区 我区 全县 本县 该县 ... speak of
 *     the place the article is about without naming it;
 *   - province-wide words: 全省 我省 本省 省委 省政府 ...;
 *   - place names that are not topics: datelines (新华社北京6月5日电), bylines
 *     in brackets (（记者 李明 通讯员 王方）), the venue of a meeting (在北京
 *     召开), partner lists (与北京、上海等医院合作), and the all-provinces
 *     formula 31个省（自治区、直辖市）和新疆生产建设兵团, which is national, and
 *     a place left behind or come from (从北京只身来到榆林, 来自江苏的医生),
 *     and a neighbour described (南邻东莞、深圳).
 */
#ifndef ZS_SCOPE_H
#define ZS_SCOPE_H

#include "cptext.h"

#include <stddef.h>
#include <stdint.h>

/* Code points after a place name within which a meeting verb makes it a
 * venue (在北京人民大会堂会见): a building name fits. */
#define SCOPE_VENUE_CPS 12
/* Code points before 新疆生产建设兵团 within which the province list of the
 * all-provinces formula is looked for. */
#define SCOPE_FORMULA_CPS 16

/* Code points after 从 + a place name within which a verb of moving makes
 * the place an origin (从北京只身来到陕西榆林). */
#define SCOPE_ORIGIN_CPS 8
/* Longest aside after a residents' category (香港居民(以下简称…)), code points. */
#define SCOPE_RESIDENT_ASIDE_CPS 20

/* Where the passage's own words begin: after a broadcaster's prefix
 * (央视网消息（新闻联播）：), else 0.  A place named near this point leads
 * the passage. */
size_t scope_lead_start(const cpt *c);

/* What the words of a passage say about its scope. */
typedef struct scope_evidence {
    int nation;        /* national evidence: 2 per strong marker (全国, 我国,
                          各地, 各省（区、市）, 国务院, a central body ...), 1
                          per weak one (中央, 国家, 中国); titles (全国人大代表),
                          comparisons (全国首个) and 全省各地 count 0 */
    int foreign;       /* foreign-affairs evidence: names of other countries
                          and international bodies, 总统, 外长, 两国 ... */
    int local_refs;    /* 全市, 我县, 本区, 市委 ... (not 全市场) */
    int province_wide; /* 全省, 我省, 省委, 省政府 ... occur */
    int leader;        /* central leaders: 习近平, 总书记, 国务院总理,
                          政治局常委, 委员长 ... */
    int speech;        /* a speech reported: 指出, 强调, 希望, 要求, 致信 ... */
} scope_evidence;

/* Names of central government bodies (财政部, 国家统计局, 海关总署 ...),
 * mined from the CCTV corpus by tools/mine_central.py into
 * scope_central_w.c (`make mine-central`): NULL-terminated, longest first;
 * and their first code points, ascending (scope_central_nfirsts of them).  A body named is
 * national evidence of SCOPE_CENTRAL_WEIGHT (a strong marker's). */
extern const uint32_t *const scope_central[];
extern const uint32_t scope_central_firsts[];
extern const size_t scope_central_nfirsts;
#define SCOPE_CENTRAL_WEIGHT 2

/* Scan c once for all of the above.  Never fails. */
void scope_scan(const cpt *c, scope_evidence *out);

/* For tests: the NULL-terminated array of the word lists scope_scan uses,
 * and the sorted table of their first code points (n entries). */
const uint32_t *const *const *scope_word_lists(void);
const uint32_t *scope_first_chars(size_t *n);

/* Most places a region word stands for. */
#define SCOPE_REGION_MAX 4

/* Region words that stand for several divisions: 京津冀 (北京, 天津,
 * 河北), 长三角 (上海, 江苏, 浙江, 安徽), 珠三角 and 粤港澳大湾区 (广东),
 * 成渝 (重庆, 成都), 东北三省 (辽宁, 吉林, 黑龙江), 港澳 (香港, 澳门; 港澳台
 * stands for none) and fairs (scope_events).  Calls fn(ctx, codes, n) once for each region word in
 * c, in text order, with its division codes (cities and provinces;
 * borrowed, static; n may be 0). */
void scope_regions(const cpt *c, void (*fn)(void *ctx, const uint32_t *codes, size_t n), void *ctx);

/* Most provinces one run of abbreviations names (鄂豫皖湘赣五省). */
#define SCOPE_ABBREV_MAX 6

/* A run of two or more one-character province abbreviations (简称: 京 冀
 * 辽 粤 闽 浙 ...) followed by a word that says they are places (等地, 地区,
 * 两地, 三省, 一带, 交界 ...) at i: 京冀辽等地, 粤闽浙三省, 川渝两地, 湘粤交界.
 * Returns the run's length in code points (the suffix not included) and
 * sets codes[0, *n) to its divisions (municipalities by their city code, as
 * scope_regions); 0 when there is none.  Not 辽宁 (a province's own name),
 * not 澳新 (Australia and New Zealand).  The caller skips runs that overlap
 * a gazetteer name (连云港等地, 贵港等地). */
size_t scope_abbrev_at(const cpt *c, size_t i, uint32_t codes[SCOPE_ABBREV_MAX], size_t *n);

/* A fair that stands for its host city (广交会: 广州), mined from the CCTV
 * corpus by tools/mine_events.py into scope_events_w.c (`make
 * mine-events`).  scope_regions reports each as a region of one city. */
typedef struct scope_event {
    const uint32_t *word; /* NULL ends the table */
    uint32_t city;        /* prefecture code */
} scope_event;

extern const scope_event scope_events[];

/* Most places one abbreviated route name joins (成自宜: 3). */
#define SCOPE_ROUTE_MAX 4

/* An abbreviated route name (潍烟 of 潍烟高铁: 潍坊, 烟台), mined from the
 * CCTV corpus by tools/mine_routes.py into scope_routes_w.c (`make
 * mine-routes`): one character per place it joins, each standing for the
 * division the stories naming the route name.  scope_routes_in reports
 * it when a route word (高铁, 铁路, 城际 ...) follows. */
typedef struct scope_route {
    const uint32_t *word;            /* NULL ends the table */
    uint32_t codes[SCOPE_ROUTE_MAX]; /* divisions; 0 ends a shorter list */
} scope_route;

extern const scope_route scope_routes[];

/* Calls fn(ctx, codes, n) once for each abbreviated route name
 * (scope_routes) followed by a route word in c, in text order, with the
 * divisions it joins (borrowed, static).  Weaker evidence than a name: the
 * annotator uses it only for a passage that names no place itself
 * (潍烟高铁全线铺轨贯通), not for one that lists a route among places
 * (广湛高铁、深湛铁路等部分列车停运 in a story about 湛江 and 茂名). */
void scope_routes_in(const cpt *c, void (*fn)(void *ctx, const uint32_t *codes, size_t n),
                     void *ctx);

/* Does a provincial institution that stands in the capital start at i
 * (省人民医院, 省肿瘤医院, 省儿童医院 ... after a province's name)? */
int scope_capital_institution(const cpt *c, size_t i);

/* Is the short county name at code points [at, end) part of a transliterated
 * foreign name (利西昌斯克 holds 西昌, 顿涅茨克东部 holds 克东)?  True when
 * the character right before or right after it is one that Chinese writes
 * almost only in transliterations (斯, 茨, 涅 ...; the list in scope.c). */
int scope_transliterated(const cpt *c, size_t at, size_t end);

/* A dictionary word that hides a place name (湖光山色 holds the county
 * 光山), mined by tools/mine_words.py into scope_words_w.c (`make
 * mine-words`): the word, and the offset and length of the name inside it.
 * scope_words is sorted by the name (code point order), then the word. */
typedef struct scope_word {
    const uint32_t *word;
    uint8_t off, len;
} scope_word;

extern const scope_word scope_words[];
extern const size_t scope_nwords;

/* Does the place name at code points [at, end) stand inside a word of
 * scope_words written around it (湖光山色, 恍然大悟, 中国人民解放军)? */
int scope_hidden(const cpt *c, size_t at, size_t end);

/* Why the place name at code points [at, end) is not a topic of the
 * passage: a short static reason ("word", "origin", "neighbour", "formula",
 * "dateline", "byline", "venue", "partner"), or NULL when it is one. */
const char *scope_not_topic(const cpt *c, size_t at, size_t end);

#endif
