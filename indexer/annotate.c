/* annotate.c - cities and years of passages (see annotate.h for the rules). */
#include "annotate.h"

#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------- */

/* Code points of a text, for pattern matching. */
typedef struct cps {
    uint32_t *v;
    size_t n;
    size_t *off; /* byte offset of each code point, n + 1 entries */
} cps;

static int cps_load(cps *c, const char *s, size_t len)
{
    c->v = malloc((len + 1) * sizeof *c->v);
    c->off = malloc((len + 2) * sizeof *c->off);
    c->n = 0;
    if (!c->v || !c->off) return ZS_ENOMEM;
    const uint8_t *p = (const uint8_t *)s, *e = p + len;
    while (p < e) {
        c->off[c->n] = (size_t)(p - (const uint8_t *)s);
        p += u8_next(p, &c->v[c->n]);
        c->n++;
    }
    c->off[c->n] = len;
    return ZS_OK;
}

static void cps_free(cps *c)
{
    free(c->v);
    free(c->off);
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int cn_digit(uint32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6:
        return 0; /* 零 */
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    default:
        return -1;
    }
}

#define CP_NIAN 0x5E74 /* 年 */
#define CP_SHI  0x5341 /* 十 */
#define CP_WU   0x4E94 /* 五 */

static int is_range_sep(uint32_t c)
{
    return c == '~' || c == 0xFF5E || c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2015 ||
           c == 0x301C || c == 0x81F3 /* 至 */ || c == 0x5230 /* 到 */;
}

static void add_year(uint16_t *years, size_t *n, size_t cap, long y)
{
    if (y < ANN_YEAR_MIN || y > ANN_YEAR_MAX) return;
    size_t i = 0;
    while (i < *n && years[i] < y) i++;
    if (i < *n && years[i] == y) return;
    if (*n == cap) return;
    memmove(years + i + 1, years + i, (*n - i) * sizeof *years);
    years[i] = (uint16_t)y;
    (*n)++;
}

static void add_range(uint16_t *years, size_t *n, size_t cap, long a, long b)
{
    if (a > b) {
        long t = a;
        a = b;
        b = t;
    }
    if (b - a >= ANN_MAX_YEARS) {
        add_year(years, n, cap, a);
        add_year(years, n, cap, b);
        return;
    }
    for (long y = a; y <= b; y++) add_year(years, n, cap, y);
}

/* A 4-digit year at c[i] (not inside a longer number); sets *end. */
static long year_at(const cps *c, size_t i, size_t *end)
{
    if (i + 4 > c->n || (i > 0 && (is_digit(c->v[i - 1]) || c->v[i - 1] == '.'))) return -1;
    long y = 0;
    for (size_t k = 0; k < 4; k++) {
        if (!is_digit(c->v[i + k])) return -1;
        y = y * 10 + (long)(c->v[i + k] - '0');
    }
    if (i + 4 < c->n && is_digit(c->v[i + 4])) return -1;
    *end = i + 4;
    return y;
}

/* 年 at c[i], possibly after one space: the index after it, else 0. */
static size_t nian_at(const cps *c, size_t i)
{
    if (i < c->n && c->v[i] == ' ') i++;
    return i < c->n && c->v[i] == CP_NIAN ? i + 1 : 0;
}

/* Years named in the text; *primary (may be NULL) gets the first year
 * written as a year (2024年, 二〇二四年, 今年), else the first of a range or
 * plan period, else 0. */
static size_t text_years(const cps *c, int now, uint16_t *years, size_t cap, int *primary)
{
    size_t n = 0;
    int first_single = 0, first_any = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t ch = c->v[i];
        size_t e;
        long y = is_digit(ch) ? year_at(c, i, &e) : -1;
        if (y >= 0) {
            /* 2021—2025年, 2021年至2025年, 2020~2030年; "2024 年" as laid out */
            size_t n1 = nian_at(c, e), j = n1 ? n1 : e;
            size_t e2 = 0, n2 = 0;
            long y2 = (j < c->n && is_range_sep(c->v[j])) ? year_at(c, j + 1, &e2) : -1;
            if (y2 >= 0) n2 = nian_at(c, e2);
            if (y2 >= 0 && n2) {
                add_range(years, &n, cap, y, y2);
                if (!first_any) first_any = (int)y;
                i = n2 - 1;
            } else if (n1) {
                add_year(years, &n, cap, y);
                if (!first_single && y >= ANN_YEAR_MIN && y <= ANN_YEAR_MAX) first_single = (int)y;
                i = n1 - 1;
            } else {
                i = e - 1;
            }
            continue;
        }
        /* 二〇二四年 */
        if (cn_digit(ch) >= 0 && i + 4 < c->n && c->v[i + 4] == CP_NIAN &&
            (i == 0 || cn_digit(c->v[i - 1]) < 0)) {
            long v = 0;
            size_t k = 0;
            for (; k < 4 && cn_digit(c->v[i + k]) >= 0; k++) v = v * 10 + cn_digit(c->v[i + k]);
            if (k == 4) {
                add_year(years, &n, cap, v);
                if (!first_single && v >= ANN_YEAR_MIN && v <= ANN_YEAR_MAX) first_single = (int)v;
                i += 4;
                continue;
            }
        }
        /* five-year plans: 十一五 .. 十九五 (the 11th plan is 2006-2010) */
        if (ch == CP_SHI && i + 2 < c->n && c->v[i + 2] == CP_WU && cn_digit(c->v[i + 1]) > 0 &&
            (i + 3 >= c->n || cn_digit(c->v[i + 3]) < 0) && (i == 0 || cn_digit(c->v[i - 1]) < 0)) {
            long plan = 10 + cn_digit(c->v[i + 1]);
            long from = 1966 + 5 * (plan - 3);
            add_range(years, &n, cap, from, from + 4);
            if (!first_any) first_any = (int)from;
            i += 2;
            continue;
        }
        /* 今年 去年 明年 前年 后年 */
        if (now && i + 1 < c->n && c->v[i + 1] == CP_NIAN) {
            int d = ch == 0x4ECA   ? 0
                    : ch == 0x53BB ? -1
                    : ch == 0x660E ? 1
                    : ch == 0x524D ? -2
                    : ch == 0x540E ? 2
                                   : 99;
            if (d != 99) {
                add_year(years, &n, cap, now + d);
                if (!first_single) first_single = now + d;
                i++;
            }
        }
    }
    if (primary) *primary = first_single ? first_single : first_any;
    return n;
}

size_t ann_text_years(const char *text, size_t len, int year_now, uint16_t *years, size_t cap)
{
    cps c;
    size_t n = 0;
    if (cps_load(&c, text, len) == ZS_OK) n = text_years(&c, year_now, years, cap, NULL);
    cps_free(&c);
    return n;
}

/* ---- datelines ------------------------------------------------------------ */

/* A dateline near the start of an article: "M月D日" in its first sentence.
 * The year is the one written with it (2023年12月28日) or, failing that,
 * the first year of that sentence (1月21日，……召开2025年全省……). */
static int dateline_year(const cps *c)
{
    size_t lim = c->n < 60 ? c->n : 60;
    for (size_t i = 0; i + 1 < lim; i++) {
        if (c->v[i] != 0x6708 /* 月 */ || !is_digit(c->v[i - (i > 0)])) continue;
        size_t j = i + 1;
        while (j < c->n && is_digit(c->v[j])) j++;
        if (j == i + 1 || j >= c->n || c->v[j] != 0x65E5 /* 日 */) continue;
        /* the sentence around it */
        size_t end = j;
        while (end < c->n && !uc_is_sentence_end(c->v[end])) end++;
        size_t start = i;
        while (start > 0 && is_digit(c->v[start - 1])) start--;
        if (start >= 5 && c->v[start - 1] == CP_NIAN) {
            size_t e;
            long y = year_at(c, start - 5, &e);
            if (y >= ANN_YEAR_MIN && y <= ANN_YEAR_MAX) return (int)y;
        }
        for (size_t k = j; k < end; k++) {
            size_t e;
            long y = is_digit(c->v[k]) ? year_at(c, k, &e) : -1;
            if (y >= ANN_YEAR_MIN && y <= ANN_YEAR_MAX && e < c->n && c->v[e] == CP_NIAN)
                return (int)y;
        }
        return 0;
    }
    return 0;
}

/* ---- mentions --------------------------------------------------------------- */

typedef struct mention {
    uint32_t cp_start; /* code point offset in the passage */
    uint32_t city;     /* prefecture code, or 0 for a province */
    uint32_t province;
    int foreign_short; /* a short name with no candidate in the preferred province */
} mention;

typedef struct scan_ctx {
    const cps *c;
    const gaz *g;
    uint32_t pref_province;
    mention *m;
    size_t n, cap;
    int err;
} scan_ctx;

static size_t cp_index(const cps *c, size_t byte)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->off[mid] < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int on_mention(void *ctx, const gaz_mention *gm)
{
    scan_ctx *s = ctx;
    const gaz_cand *pick = gaz_pick(gm->cands, gm->ncands, s->pref_province, 0);
    if (!pick) return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        mention *p = realloc(s->m, cap * sizeof *p);
        if (!p) return s->err = ZS_ENOMEM;
        s->m = p;
        s->cap = cap;
    }
    const gaz_unit *u = pick->unit;
    mention *m = &s->m[s->n++];
    m->cp_start = (uint32_t)cp_index(s->c, gm->start);
    m->city = u->level == GAZ_PROVINCE ? 0 : u->city;
    m->province = u->province;
    m->foreign_short = s->pref_province && gm->form == GAZ_SHORT && u->province != s->pref_province;
    return 0;
}

/* Is the mention at code point `at` in a list of partners?  Its clause
 * (between two of ，。；：) holds a cooperation word, and a 与/同/和/跟
 * before the mention introduces it. */
static int partner_mention(const cps *c, size_t at)
{
    size_t a = at, b = at;
    while (a > 0 && c->v[a - 1] != 0xFF0C && c->v[a - 1] != 0x3002 && c->v[a - 1] != 0xFF1B &&
           c->v[a - 1] != 0xFF1A)
        a--;
    while (b < c->n && c->v[b] != 0xFF0C && c->v[b] != 0x3002 && c->v[b] != 0xFF1B &&
           c->v[b] != 0xFF1A)
        b++;
    int intro = 0;
    for (size_t i = a; i < at; i++)
        if (c->v[i] == 0x4E0E || c->v[i] == 0x540C || c->v[i] == 0x8DDF) intro = 1;
    if (!intro) return 0;
    static const uint32_t coop[][2] = {{0x5408, 0x4F5C}, /* 合作 */ {0x534F, 0x4F5C},  /* 协作 */
                                       {0x5BF9, 0x63A5}, /* 对接 */ {0x4EA4, 0x6D41},  /* 交流 */
                                       {0x7ED3, 0x5BF9}, /* 结对 */ {0x5171, 0x5EFA},  /* 共建 */
                                       {0x8054, 0x5408}, /* 联合 */ {0x5E2E, 0x6276}}; /* 帮扶 */
    for (size_t i = a; i + 1 < b; i++)
        for (size_t k = 0; k < sizeof coop / sizeof coop[0]; k++)
            if (c->v[i] == coop[k][0] && c->v[i + 1] == coop[k][1]) return 1;
    return 0;
}

/* Does the text speak for the province as a whole? */
static int province_wide(const cps *c)
{
    static const uint32_t words[][2] = {{0x5168, 0x7701},
                                        /* 全省 */ {0x7701, 0x59D4}, /* 省委 */
                                        {0x7701, 0x653F},            /* 省政(府) */
                                        {0x7701, 0x536B}};           /* 省卫(生健康委) */
    for (size_t i = 0; i + 1 < c->n; i++)
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
            if (c->v[i] == words[k][0] && c->v[i + 1] == words[k][1]) return 1;
    return 0;
}

/* ---- per passage ---------------------------------------------------------------- */

typedef struct pinfo {
    uint32_t cities[ANN_MAX_CODES]; /* own cities (prefecture codes) */
    size_t ncities;
    uint32_t provinces[4]; /* provinces named as such */
    size_t nprov;
    int province_wide;
    uint32_t lead; /* city named first, near the start (0 none) */
    int quote;     /* starts with an opening quotation mark */
    int article;   /* starts an article (本报讯, 编者按, ...) */
    int heading;
    uint16_t years[ANN_MAX_YEARS]; /* named, relative years unresolved */
    size_t nyears;
    int primary;      /* the year it is mainly about (see text_years) */
    int has_relative; /* 今年 etc. (years need the article's) */
    int dateline;     /* year of a dateline, 0 none */
} pinfo;

static void add_code(uint32_t *v, size_t *n, size_t cap, uint32_t code)
{
    if (!code) return;
    for (size_t i = 0; i < *n; i++)
        if (v[i] == code) return;
    if (*n < cap) v[(*n)++] = code;
}

static int starts_with_cps(const cps *c, const uint32_t *w, size_t n)
{
    if (c->n < n) return 0;
    for (size_t i = 0; i < n; i++)
        if (c->v[i] != w[i]) return 0;
    return 1;
}

static int analyse(const gaz *g, uint32_t pref_province, const char *text, size_t len, int heading,
                   pinfo *pi)
{
    memset(pi, 0, sizeof *pi);
    cps c;
    int rc = cps_load(&c, text, len);
    scan_ctx sc = {&c, g, pref_province, NULL, 0, 0, 0};
    if (!rc) rc = gaz_scan(g, text, len, on_mention, &sc);
    if (!rc) rc = sc.err;
    if (!rc) {
        for (size_t i = 0; i < sc.n; i++) {
            const mention *m = &sc.m[i];
            /* short names of other provinces are mostly people and things
             * (通讯员龙岩, 援助湖北) in a document about one province */
            if (m->foreign_short || partner_mention(&c, m->cp_start)) continue;
            if (m->city) {
                add_code(pi->cities, &pi->ncities, ANN_MAX_CODES, m->city);
                if (!pi->lead && (heading || m->cp_start < ANN_LEAD_CPS)) pi->lead = m->city;
            } else {
                add_code(pi->provinces, &pi->nprov, 4, m->province);
            }
        }
        pi->province_wide = province_wide(&c);
        pi->heading = heading;
        pi->quote = c.n > 0 && (c.v[0] == 0x201C || c.v[0] == 0x2018 || c.v[0] == 0x300C);
        static const uint32_t leads[][3] = {{0x672C, 0x62A5, 0x8BAF},  /* 本报讯 */
                                            {0x7F16, 0x8005, 0x6309},  /* 编者按 */
                                            {0x65B0, 0x534E, 0x793E}}; /* 新华社 */
        for (size_t k = 0; k < 3; k++)
            if (starts_with_cps(&c, leads[k], 3)) pi->article = 1;
        pi->nyears = text_years(&c, 0, pi->years, ANN_MAX_YEARS, &pi->primary);
        uint16_t tmp[ANN_MAX_YEARS];
        pi->has_relative = text_years(&c, 2000, tmp, ANN_MAX_YEARS, NULL) != pi->nyears;
        pi->dateline = pi->article || heading ? 0 : dateline_year(&c);
        if (pi->article) pi->dateline = dateline_year(&c);
    }
    free(sc.m);
    cps_free(&c);
    return rc;
}

/* The year of an article without a dateline (passages [from, to)): the year
 * its passages name first most often, the later one on a tie, ignoring
 * years more than one after the document's (plans name later years:
 * 到2030年); else the document's.  A New Year's letter names the year it
 * opens (2024) as often as the one it reviews, on a page whose other
 * articles carry 2023 datelines; a year-in-review names its year in most
 * paragraphs and the coming year once. */
static int undated_year(const pinfo *pi, size_t from, size_t to, int doc_year)
{
    int ys[32], yc[32], best = 0, bestc = 0;
    size_t ny = 0;
    for (size_t i = from; i < to; i++) {
        int y = pi[i].primary;
        if (!y || (doc_year && y > doc_year + 1)) continue;
        size_t j = 0;
        while (j < ny && ys[j] != y) j++;
        if (j == ny) {
            if (ny == 32) continue;
            ys[ny] = y;
            yc[ny++] = 0;
        }
        yc[j]++;
        if (yc[j] > bestc || (yc[j] == bestc && y > best)) {
            best = y;
            bestc = yc[j];
        }
    }
    return best ? best : doc_year;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void finish_tags(const gaz *g, const uint32_t *cities, size_t ncities,
                        const uint32_t *provinces, size_t nprov, ann_tags *t)
{
    size_t n = 0;
    uint32_t codes[ANN_MAX_CODES];
    for (size_t i = 0; i < ncities; i++) {
        const gaz_unit *u;
        add_code(codes, &n, ANN_MAX_CODES, cities[i]);
        if (gaz_unit_by_code(g, cities[i], &u) == ZS_OK)
            add_code(codes, &n, ANN_MAX_CODES, u->province);
    }
    for (size_t i = 0; i < nprov; i++) add_code(codes, &n, ANN_MAX_CODES, provinces[i]);
    qsort(codes, n, sizeof *codes, cmp_u32);
    memcpy(t->codes, codes, n * sizeof *codes);
    t->ncodes = (uint8_t)n;
}

/* The code a topic stands for may be a city or a province. */
static int is_province_code(uint32_t code)
{
    return code > 0 && code < 100;
}

int ann_passages(const gaz *g, const ann_doc_meta *meta, const psg_list *l, ann_tags *tags,
                 ann_doc_out *doc)
{
    pinfo *pi = calloc(l->n ? l->n : 1, sizeof *pi);
    if (!pi) return ZS_ENOMEM;
    int rc = ZS_OK;
    /* first pass: what every passage names, with no province preference */
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = analyse(g, 0, l->text.data + l->v[i].text_off, l->v[i].text_len,
                     l->v[i].kind == NORM_HEADING, &pi[i]);
    if (rc) {
        free(pi);
        return rc;
    }
    /* the document's province and city: counted over all passages */
    uint32_t pcode[64], pcount[64], ccode[128], ccount[128];
    size_t np = 0, nc = 0;
    size_t wide = 0;
    for (size_t i = 0; i < l->n; i++) {
        wide += (size_t)pi[i].province_wide + pi[i].nprov;
        for (size_t k = 0; k < pi[i].ncities; k++) {
            size_t j = 0;
            while (j < nc && ccode[j] != pi[i].cities[k]) j++;
            if (j == nc && nc < 128) {
                ccode[nc] = pi[i].cities[k];
                ccount[nc++] = 0;
            }
            if (j < nc) ccount[j]++;
            const gaz_unit *u;
            uint32_t prov = gaz_unit_by_code(g, pi[i].cities[k], &u) == ZS_OK ? u->province : 0;
            size_t q = 0;
            while (q < np && pcode[q] != prov) q++;
            if (q == np && np < 64) {
                pcode[np] = prov;
                pcount[np++] = 0;
            }
            if (q < np) pcount[q]++;
        }
        for (size_t k = 0; k < pi[i].nprov; k++) {
            size_t q = 0;
            while (q < np && pcode[q] != pi[i].provinces[k]) q++;
            if (q == np && np < 64) {
                pcode[np] = pi[i].provinces[k];
                pcount[np++] = 0;
            }
            if (q < np) pcount[q] += 2;
        }
    }
    uint32_t doc_province = 0, best = 0;
    for (size_t q = 0; q < np; q++)
        if (pcount[q] > best && pcode[q]) {
            best = pcount[q];
            doc_province = pcode[q];
        }
    uint32_t top = 0, topn = 0, second = 0;
    for (size_t j = 0; j < nc; j++) {
        if (ccount[j] > topn) {
            second = topn;
            topn = ccount[j];
            top = ccode[j];
        } else if (ccount[j] > second) {
            second = ccount[j];
        }
    }
    uint32_t doc_topic = 0;
    if (meta && meta->city)
        doc_topic = meta->city;
    else if (topn >= 3 && topn >= 3 * second && topn > wide)
        doc_topic = top;
    else if (doc_province && wide > 0)
        doc_topic = doc_province;
    /* the document's year */
    int doc_year = meta ? meta->year : 0;
    for (size_t i = 0; i < l->n && !doc_year; i++) doc_year = pi[i].dateline;
    if (!doc_year && meta) doc_year = meta->default_year;
    if (!doc_year) {
        uint16_t ys[256];
        uint32_t yc[256];
        size_t ny = 0;
        for (size_t i = 0; i < l->n; i++)
            for (size_t k = 0; k < pi[i].nyears; k++) {
                size_t j = 0;
                while (j < ny && ys[j] != pi[i].years[k]) j++;
                if (j == ny && ny < 256) {
                    ys[ny] = pi[i].years[k];
                    yc[ny++] = 0;
                }
                if (j < ny) yc[j]++;
            }
        uint32_t bc = 0;
        for (size_t j = 0; j < ny; j++)
            if (yc[j] > bc || (yc[j] == bc && ys[j] > doc_year)) {
                bc = yc[j];
                doc_year = ys[j];
            }
    }
    /* articles: an article lead with the run of headings printed just before
     * it (its headlines); their years: the lead's dateline, else what they
     * name (undated_year) */
    int *art_year = calloc(l->n ? l->n : 1, sizeof *art_year); /* at each article's first passage */
    if (!art_year) {
        free(pi);
        return ZS_ENOMEM;
    }
    size_t *starts = calloc(l->n + 2, sizeof *starts), nstarts = 0;
    if (!starts) {
        free(art_year);
        free(pi);
        return ZS_ENOMEM;
    }
    starts[nstarts++] = 0;
    for (size_t i = 1; i < l->n; i++) {
        if (!pi[i].article) continue;
        size_t s0 = i;
        while (s0 > starts[nstarts - 1] + 1 && pi[s0 - 1].heading) s0--;
        if (s0 > starts[nstarts - 1]) starts[nstarts++] = s0;
    }
    starts[nstarts] = l->n;
    for (size_t a = 0; a < nstarts; a++) {
        size_t s0 = starts[a], s1 = starts[a + 1], lead = s0;
        while (lead < s1 && !pi[lead].article) lead++;
        int y = lead < s1 ? pi[lead].dateline : 0;
        art_year[s0] = y ? y : undated_year(pi, s0, s1, doc_year);
    }
    /* second pass: sections, topics, years */
    uint32_t section = 0;
    int article_year = doc_year, section_year = 0;
    size_t next_art = 0;
    for (size_t i = 0; i < l->n && !rc; i++) {
        pinfo *p = &pi[i];
        if (next_art < nstarts && i == starts[next_art]) {
            article_year = art_year[i];
            section_year = 0;
            next_art++;
        }
        if (doc_province) /* names again, now preferring the document's province */
            rc = analyse(g, doc_province, l->text.data + l->v[i].text_off, l->v[i].text_len,
                         l->v[i].kind == NORM_HEADING, p);
        if (rc) break;
        if (p->heading) {
            section = p->ncities == 1 ? p->cities[0] : 0;
            section_year = 0;
        } else if (p->article) {
            section = p->lead;
            section_year = 0;
        } else if (p->lead) {
            section = p->lead;
        }
        if (p->quote && p->ncities) section = p->cities[0]; /* a quotation opens a section */
        uint32_t topic = section ? section : doc_topic;
        if (p->quote && !p->ncities && i + 1 < l->n && !pi[i + 1].heading) {
            /* a speaker's words before his city's section */
            pinfo next;
            if (doc_province)
                rc = analyse(g, doc_province, l->text.data + l->v[i + 1].text_off,
                             l->v[i + 1].text_len, 0, &next);
            else
                next = pi[i + 1];
            if (!rc && next.lead) topic = next.lead;
        }
        uint32_t cities[ANN_MAX_CODES], provs[4];
        size_t ncity = 0, nprov = 0;
        for (size_t k = 0; k < p->ncities; k++)
            add_code(cities, &ncity, ANN_MAX_CODES, p->cities[k]);
        for (size_t k = 0; k < p->nprov; k++) add_code(provs, &nprov, 4, p->provinces[k]);
        if (is_province_code(topic))
            add_code(provs, &nprov, 4, topic);
        else
            add_code(cities, &ncity, ANN_MAX_CODES, topic);
        if (p->province_wide && doc_province) add_code(provs, &nprov, 4, doc_province);
        finish_tags(g, cities, ncity, provs, nprov, &tags[i]);
        /* years */
        size_t ny = 0;
        int primary = p->primary;
        if (p->has_relative && article_year) {
            cps c;
            rc = cps_load(&c, l->text.data + l->v[i].text_off, l->v[i].text_len);
            if (!rc) ny = text_years(&c, article_year, tags[i].years, ANN_MAX_YEARS, &primary);
            cps_free(&c);
        } else {
            memcpy(tags[i].years, p->years, p->nyears * sizeof *p->years);
            ny = p->nyears;
        }
        if (ny) {
            if (!p->heading && primary) section_year = primary;
        } else if (section_year) {
            tags[i].years[ny++] = (uint16_t)section_year;
        } else if (article_year) {
            tags[i].years[ny++] = (uint16_t)article_year;
        }
        tags[i].nyears = (uint8_t)ny;
    }
    if (doc) {
        doc->year = doc_year;
        doc->month = meta && meta->year ? meta->month : 0;
        doc->day = meta && meta->year ? meta->day : 0;
        doc->title_passage = l->n && l->v[0].kind == NORM_HEADING ? 0 : -1;
    }
    free(starts);
    free(art_year);
    free(pi);
    return rc;
}

void ann_from_columns(const gaz *g, const char *city, size_t city_len, int year, ann_tags *out)
{
    memset(out, 0, sizeof *out);
    gaz_resolution r;
    if (city_len && gaz_resolve(g, city, city_len, &r) == ZS_OK) {
        uint32_t cities[ANN_MAX_CODES], provs[4];
        size_t nc = 0, np = 0;
        for (size_t i = 0; i < r.nunits; i++) {
            const gaz_unit *u = r.units[i];
            if (u->level == GAZ_PROVINCE)
                add_code(provs, &np, 4, u->province);
            else
                add_code(cities, &nc, ANN_MAX_CODES, u->city);
        }
        finish_tags(g, cities, nc, provs, np, out);
    }
    if (year >= ANN_YEAR_MIN && year <= ANN_YEAR_MAX) {
        out->years[0] = (uint16_t)year;
        out->nyears = 1;
    }
}
