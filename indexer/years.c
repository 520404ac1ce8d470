/* years.c - years named in a text and document datelines (see years.h). */
#include "years.h"

#include "uchar.h"

#include <string.h>

void yr_add(uint16_t *years, size_t *n, size_t cap, long y)
{
    if (y < YR_MIN || y > YR_MAX) return;
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
    if (b - a >= YR_RANGE_FULL) {
        yr_add(years, n, cap, a);
        yr_add(years, n, cap, b);
        return;
    }
    for (long y = a; y <= b; y++) yr_add(years, n, cap, y);
}

static int is_range_sep(uint32_t c)
{
    return c == '~' || c == U'～' || c == '-' || c == U'—' || c == U'–' || c == U'―' ||
           c == U'〜' || c == U'至' || c == U'到';
}

/* A 4-digit number at c[i] (not inside a longer number); sets *end. */
static long four_digits(const cpt *c, size_t i, size_t *end)
{
    if (i + 4 > c->n || (i > 0 && (cpt_is_digit(c->v[i - 1]) || c->v[i - 1] == '.'))) return -1;
    long y = 0;
    for (size_t k = 0; k < 4; k++) {
        if (!cpt_is_digit(c->v[i + k])) return -1;
        y = y * 10 + (long)(c->v[i + k] - '0');
    }
    if (i + 4 < c->n && (cpt_is_digit(c->v[i + 4]) || c->v[i + 4] == '.')) return -1;
    *end = i + 4;
    return y;
}

/* 年 at c[i], possibly after one space: the index after it, else 0. */
static size_t nian_at(const cpt *c, size_t i)
{
    if (i < c->n && c->v[i] == ' ') i++;
    return i < c->n && c->v[i] == U'年' ? i + 1 : 0;
}

/* 截至今年, 提升至今年的94元, 至今年底: 今年 after 至, not 至今 (至今年均 is
 * "so far, a yearly mean"). */
static int up_to_this_year(const cpt *c, size_t i, size_t e)
{
    if (c->v[i - 1] != U'至' || c->v[i] != U'今') return 0;
    if (i >= 2 && c->v[i - 2] == U'截') return 1;
    if (e >= c->n) return 0;
    uint32_t next = c->v[e];
    return cpt_is_digit(next) || next == U'的' || next == U'底' || next == U'初' || next == U'上' ||
           next == U'下' || next == U'前';
}

/* A relative year word at i: its offset from the current year, or 99. */
#define YR_NOT_RELATIVE 99
static int relative_at(const cpt *c, size_t i, size_t *end)
{
    static const uint32_t *const words[] = {U"今年", U"本年度", U"去年", U"上年度",
                                            U"前年", U"明年",   U"后年", NULL};
    static const int delta[] = {0, 0, -1, -1, -2, 1, 2};
    /* words a relative word can hide in: 如今|年轻, 至今|年均, 目前|年底 */
    static const uint32_t *const left_words[] = {
        U"如今", U"至今", U"迄今", U"现今", U"当今", U"而今", U"过去", U"失去", U"目前",
        U"此前", U"以前", U"之前", U"当前", U"提前", U"年前", U"日前", U"天前", U"空前",
        U"眼前", U"事前", U"会前", U"节前", U"月前", U"周前", NULL};
    int k = cpt_any_at(c, i, words);
    if (k < 0) return YR_NOT_RELATIVE;
    size_t e = i + cpt_wlen(words[k]);
    if (i > 0 && cpt_any_at(c, i - 1, left_words) >= 0 && !up_to_this_year(c, i, e))
        return YR_NOT_RELATIVE;
    if (e < c->n && (c->v[e] == U'轻' || c->v[e] == U'纪' || c->v[e] == U'龄' || c->v[e] == U'均' ||
                     c->v[e] == U'限'))
        return YR_NOT_RELATIVE;
    *end = e;
    return delta[k];
}

/* 上半年 / 下半年 not preceded by a year of its own (2023年上半年). */
static int half_year_at(const cpt *c, size_t i)
{
    if (!(cpt_at(c, i, U"上半年") || cpt_at(c, i, U"下半年"))) return 0;
    return i == 0 || c->v[i - 1] != U'年';
}

/* 二〇二四年 at i. */
static long cn_year_at(const cpt *c, size_t i)
{
    if (i + 4 >= c->n || c->v[i + 4] != U'年' || (i > 0 && cpt_cn_digit(c->v[i - 1]) >= 0))
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int dgt = cpt_cn_digit(c->v[i + k]);
        if (dgt < 0) return -1;
        v = v * 10 + dgt;
    }
    return v;
}

/* 十三五 .. 十九五 at i: the plan's first year (the 11th plan is 2006-2010). */
static long plan_at(const cpt *c, size_t i)
{
    if (c->v[i] != U'十' || i + 2 >= c->n || c->v[i + 2] != U'五') return -1;
    int d = cpt_cn_digit(c->v[i + 1]);
    if (d <= 0 || (i + 3 < c->n && cpt_cn_digit(c->v[i + 3]) >= 0) ||
        (i > 0 && cpt_cn_digit(c->v[i - 1]) >= 0))
        return -1;
    return 1966 + 5 * (10 + d - 3);
}

/* 20世纪90年代 at i: the decade's first year, *end past 代; else -1. */
static long decade_at(const cpt *c, size_t i, size_t *end)
{
    size_t k = i, e;
    long century = 0, decade;
    while (k < c->n && k < i + 2 && cpt_is_digit(c->v[k]))
        century = century * 10 + (long)(c->v[k++] - '0');
    if (k == i || (i > 0 && cpt_is_digit(c->v[i - 1])) || !cpt_at(c, k, U"世纪")) return -1;
    k += 2;
    if (k + 1 >= c->n || !cpt_is_digit(c->v[k]) || !cpt_is_digit(c->v[k + 1])) return -1;
    decade = (long)(c->v[k] - '0') * 10 + (long)(c->v[k + 1] - '0');
    e = k + 2;
    if (decade % 10 || !cpt_at(c, e, U"年代")) return -1;
    *end = e + 2;
    return (century - 1) * 100 + decade;
}

/* A number of 1-2 digits at c[i]; sets *end. */
static int small_number(const cpt *c, size_t i, size_t *end)
{
    int v = 0;
    size_t k = i;
    while (k < c->n && k < i + 2 && cpt_is_digit(c->v[k])) v = v * 10 + (int)(c->v[k++] - '0');
    if (k == i || (k < c->n && cpt_is_digit(c->v[k]))) return -1;
    *end = k;
    return v;
}

/* A Chinese count of 1..99 at c[i] (两, 十, 二十, 三十五, 十二); sets *end. */
static int cn_small_number(const cpt *c, size_t i, size_t *end)
{
    size_t k = i;
    int tens = 0, ones = 0;
    int d = k < c->n ? (c->v[k] == U'两' ? 2 : cpt_cn_digit(c->v[k])) : -1;
    if (d > 0) k++;
    if (k < c->n && c->v[k] == U'十') {
        tens = d > 0 ? d : 1;
        k++;
        int o = k < c->n ? cpt_cn_digit(c->v[k]) : -1;
        if (o > 0) {
            ones = o;
            k++;
        }
    } else if (d > 0) {
        ones = d;
    }
    if (k == i) return -1;
    *end = k;
    return tens * 10 + ones;
}

/* N年前, N多年前, N年多前 (20年前, 一年多前, 三十多年前) at i: N, *end past 前;
 * -1 when none.  N is not the tail of a longer number. */
static int years_ago_at(const cpt *c, size_t i, size_t *end)
{
    if (i > 0 && (cpt_is_digit(c->v[i - 1]) || cpt_cn_digit(c->v[i - 1]) >= 0 ||
                  c->v[i - 1] == U'十' || c->v[i - 1] == '.'))
        return -1;
    size_t k;
    int n = cpt_is_digit(c->v[i]) ? small_number(c, i, &k) : cn_small_number(c, i, &k);
    if (n <= 0) return -1;
    if (k < c->n && c->v[k] == U'多') k++;
    if (k >= c->n || c->v[k] != U'年') return -1;
    k++;
    if (k < c->n && c->v[k] == U'多') k++;
    if (k >= c->n || c->v[k] != U'前') return -1;
    *end = k + 1;
    return n;
}

typedef struct scan_state {
    uint16_t *years;
    size_t cap;
    yr_found *out;
    int first_single, first_any;
    int now; /* the document's year, 0 unknown */
} scan_state;

static int valid_md(int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* 2024年10月29日 or 2024-10-29 (also / and .) at i. */
static int full_date_at(const cpt *c, size_t i, int *y, int *m, int *d)
{
    size_t e, e2, e3;
    long yy = four_digits(c, i, &e);
    if (yy < YR_MIN || yy > YR_MAX || e >= c->n) return 0;
    uint32_t sep = c->v[e];
    int chinese = sep == U'年';
    if (!chinese && sep != '-' && sep != '/' && sep != '.') return 0;
    int mm = small_number(c, e + 1, &e2);
    if (mm < 0 || e2 >= c->n || c->v[e2] != (chinese ? U'月' : sep)) return 0;
    int dd = small_number(c, e2 + 1, &e3);
    if (dd < 0 || (chinese && (e3 >= c->n || c->v[e3] != U'日')) || !valid_md(mm, dd)) return 0;
    *y = (int)yy;
    *m = mm;
    *d = dd;
    return 1;
}

static void note_single(scan_state *s, long y, int in_title)
{
    yr_add(s->years, &s->out->n, s->cap, y);
    if (!in_title && !s->first_single && y >= YR_MIN && y <= YR_MAX) s->first_single = (int)y;
}

static void note_range(scan_state *s, long a, long b, int in_title)
{
    add_range(s->years, &s->out->n, s->cap, a, b);
    if (!in_title && !s->first_any) s->first_any = (int)(a < b ? a : b);
}

/* How far after 自 YEAR a 以来 may close a since-range (自2023年在全国开展
 * “乡村著名行动”以来). */
#define YR_SINCE_SPAN 24
/* How far after 与 YEAR a 相比 may close the comparison (与2019年同期相比). */
#define YR_COMPARE_SPAN 12

/* Is the year expression [i, e) the base of a comparison (比2022年增长,
 * 较去年同期, 与2019年相比, 去年同期): a year the passage measures against,
 * not one it is about? */
static int comparison_base(const cpt *c, size_t i, size_t e)
{
    if (i > 0 && (c->v[i - 1] == U'比' || c->v[i - 1] == U'较')) return 1;
    if (cpt_at(c, e, U"同期")) return 1;
    if (i > 0 && c->v[i - 1] == U'与')
        for (size_t k = e; k < c->n && k < e + YR_COMPARE_SPAN; k++)
            if (cpt_at(c, k, U"相比")) return 1;
    return 0;
}

/* 自2023年在全国开展…以来: 自 or 从 before the year and 以来 later in its
 * clause (at most YR_SINCE_SPAN code points on) make a since-range too. */
static int since_clause(const cpt *c, size_t i, size_t e)
{
    if (i == 0 || (c->v[i - 1] != U'自' && c->v[i - 1] != U'从')) return 0;
    for (size_t k = e; k + 1 < c->n && k < e + YR_SINCE_SPAN; k++) {
        uint32_t x = c->v[k];
        if (x == U'，' || x == U'。' || x == U'；' || cpt_is_digit(x)) return 0;
        if (cpt_at(c, k, U"以来")) return 1;
    }
    return 0;
}

/* Code points of month and day (5月24日) a document date may hold between
 * its year and its verb. */
#define YR_DOC_DATE_CPS 6

/* Is the year that ends at e the date of a named document (与2022年施行的
 * 《黑土地保护法》, 2019年5月发布的《报告》): a verb of enacting or issuing,
 * 的, then the title?  That is the document's history, not a year the
 * passage is about. */
static int document_date(const cpt *c, size_t e)
{
    static const uint32_t *const verbs[] = {U"施行", U"颁布", U"出台", U"发布", U"通过",
                                            U"实施", U"印发", U"修订", U"修正", U"制定",
                                            U"公布", U"签署", NULL};
    size_t k = e;
    while (k < c->n && k < e + YR_DOC_DATE_CPS &&
           (cpt_is_digit(c->v[k]) || c->v[k] == U'月' || c->v[k] == U'日'))
        k++;
    int v = cpt_any_at(c, k, verbs);
    return v >= 0 && cpt_at(c, k + cpt_wlen(verbs[v]), U"的《");
}

/* An arabic year at i (single or the start of a range); returns the index
 * of the last code point used, or i - 1 + ... ; *used is 0 when none. */
static size_t arabic_year(const cpt *c, size_t i, scan_state *s, int in_title, int *used)
{
    size_t e, e2 = 0;
    long y = four_digits(c, i, &e);
    *used = y >= 0;
    if (y < 0) return i;
    size_t n1 = nian_at(c, e), j = n1 ? n1 : e, n2 = 0;
    long y2 = (j < c->n && is_range_sep(c->v[j])) ? four_digits(c, j + 1, &e2) : -1;
    if (y2 >= 0) n2 = nian_at(c, e2);
    if (y2 >= 0 && n2) {
        note_range(s, y, y2, in_title);
        return n2 - 1;
    }
    if (n1 && comparison_base(c, i, n1)) return n1 - 1; /* 比2022年: the base */
    if (n1 && document_date(c, n1)) return n1 - 1;      /* 2022年施行的《…法》 */
    if (n1) {
        note_single(s, y, in_title);
        /* 2019年以来, 2019年至今, 自2023年在全国开展…以来: every year since,
         * up to the document's */
        if (cpt_at(c, n1, U"以来") || cpt_at(c, n1, U"至今") || since_clause(c, i, n1)) {
            s->out->relative = 1; /* it needs the document's year */
            if (s->now && y < s->now - YR_SINCE_LAST_YEAR) note_range(s, y, s->now, in_title);
        }
        return n1 - 1;
    }
    int dy, dm, dd;
    if (full_date_at(c, i, &dy, &dm, &dd)) note_single(s, dy, in_title); /* 2023-09-04 */
    return e - 1;
}

void yr_scan(const cpt *c, size_t from, size_t to, int now, uint16_t *years, size_t cap,
             yr_found *out)
{
    memset(out, 0, sizeof *out);
    scan_state s = {years, cap, out, 0, 0, now};
    int title = 0; /* inside 《》 */
    if (to > c->n) to = c->n;
    for (size_t i = from; i < to; i++) {
        uint32_t ch = c->v[i];
        if (ch == U'《') title++;
        if (ch == U'》' && title) title--;
        int used = 0;
        size_t dend;
        long dec = cpt_is_digit(ch) ? decade_at(c, i, &dend) : -1;
        if (dec >= 0) {
            note_range(&s, dec, dec + 9, title);
            i = dend - 1;
            continue;
        }
        size_t e;
        int ago = years_ago_at(c, i, &e);
        if (ago > 0) {
            out->relative = 1;
            if (now) note_single(&s, now - ago, title);
            i = e - 1;
            continue;
        }
        if (cpt_is_digit(ch)) {
            i = arabic_year(c, i, &s, title, &used);
            continue;
        }
        long y = cn_year_at(c, i);
        if (y >= 0) {
            note_single(&s, y, title);
            i += 4;
            continue;
        }
        long plan = plan_at(c, i);
        if (plan >= 0) {
            note_range(&s, plan, plan + 4, title);
            i += 2;
            continue;
        }
        int d = relative_at(c, i, &e);
        if (d != YR_NOT_RELATIVE) {
            out->relative = 1;
            if (now && !comparison_base(c, i, e)) note_single(&s, now + d, title);
            i = e - 1;
            continue;
        }
        if (half_year_at(c, i)) {
            out->relative = 1;
            if (now) note_single(&s, now, title);
            i += 2;
        }
    }
    out->primary = s.first_single ? s.first_single : s.first_any;
}

/* M月D日电 at i (a news agency dateline: 新华社北京6月5日电). */
static int wire_date_at(const cpt *c, size_t i, int *m, int *d)
{
    size_t e, e2;
    if (i > 0 && cpt_is_digit(c->v[i - 1])) return 0;
    int mm = small_number(c, i, &e);
    if (mm < 0 || e >= c->n || c->v[e] != U'月') return 0;
    int dd = small_number(c, e + 1, &e2);
    if (dd < 0 || !cpt_at(c, e2, U"日电") || !valid_md(mm, dd)) return 0;
    *m = mm;
    *d = dd;
    return 1;
}

int yr_dateline(const cpt *c, int *y, int *m, int *d)
{
    size_t lim = c->n < YR_DATELINE_CPS ? c->n : YR_DATELINE_CPS;
    for (size_t i = 0; i < lim; i++) {
        if (!cpt_is_digit(c->v[i])) continue;
        if (full_date_at(c, i, y, m, d)) return 1;
        if (wire_date_at(c, i, m, d)) {
            *y = 0;
            return 1;
        }
    }
    return 0;
}

int yr_article_dateline(const cpt *c)
{
    size_t lim = c->n < 60 ? c->n : 60;
    for (size_t i = 1; i + 1 < lim; i++) {
        if (c->v[i] != U'月' || !cpt_is_digit(c->v[i - 1])) continue;
        size_t j = i + 1;
        while (j < c->n && cpt_is_digit(c->v[j])) j++;
        if (j == i + 1 || j >= c->n || c->v[j] != U'日') continue;
        size_t end = j;
        while (end < c->n && !uc_is_sentence_end(c->v[end])) end++;
        size_t start = i;
        while (start > 0 && cpt_is_digit(c->v[start - 1])) start--;
        size_t e;
        if (start >= 5 && c->v[start - 1] == U'年') {
            long y = four_digits(c, start - 5, &e);
            if (y >= YR_MIN && y <= YR_MAX) return (int)y;
        }
        for (size_t k = j; k < end; k++) {
            long y = cpt_is_digit(c->v[k]) ? four_digits(c, k, &e) : -1;
            if (y >= YR_MIN && y <= YR_MAX && e < c->n && c->v[e] == U'年') return (int)y;
        }
        return 0;
    }
    return 0;
}

/* A day of the month without its year at i (23日, 6月5日; not 1962年8月6日,
 * not the time limit 15日内 nor the recurring 每月15日): news dates the
 * day it reports by the month it is written in, so the passage speaks of
 * the present. */
static int bare_day_at(const cpt *c, size_t i)
{
    size_t e;
    if (i > 0 && cpt_is_digit(c->v[i - 1])) return 0;
    int d = small_number(c, i, &e);
    if (d < 1 || d > 31 || e >= c->n || c->v[e] != U'日') return 0;
    static const uint32_t *const spans[] = {U"内", U"前", U"后", U"起", U"以", U"止", U"至", NULL};
    if (e + 1 < c->n && cpt_any_at(c, e + 1, spans) >= 0) return 0;
    if (i == 0 || c->v[i - 1] != U'月') return !(i > 0 && c->v[i - 1] == U'每');
    size_t ms = i - 1;
    while (ms > 0 && cpt_is_digit(c->v[ms - 1])) ms--;
    if (ms == i - 1) return 0; /* 本月15日, 每月15日 */
    return !(ms > 0 && c->v[ms - 1] == U'年');
}

int yr_present(const cpt *c)
{
    static const uint32_t *const words[] = {U"今天",     U"今日", U"目前", U"如今",
                                            U"眼下",     U"当前", U"近日", U"日前",
                                            U"新年伊始", U"年内", U"现在", NULL};
    for (size_t i = 0; i < c->n; i++)
        if (cpt_any_at(c, i, words) >= 0 || (cpt_is_digit(c->v[i]) && bare_day_at(c, i))) return 1;
    return 0;
}

/* Is the year whose 年 ends at e the end of a reporting period (年底, 年末,
 * 年12月31日 after 截至) or a whole year (年全年)? */
static int period_end_at(const cpt *c, size_t i, size_t e)
{
    if (cpt_at(c, e, U"全年")) return 1;
    int until = cpt_ends_at(c, i, U"截至") || cpt_ends_at(c, i, U"截止");
    return until && (cpt_at(c, e, U"底") || cpt_at(c, e, U"末") || cpt_at(c, e, U"12月31日"));
}

int yr_report_year(const cpt *c)
{
    for (size_t i = 0; i + 4 < c->n; i++) {
        size_t e;
        long y = four_digits(c, i, &e);
        if (y < 0) continue;
        size_t n1 = nian_at(c, e);
        if (n1 && period_end_at(c, i, n1)) return (int)y;
        i = e - 1;
    }
    return 0;
}
