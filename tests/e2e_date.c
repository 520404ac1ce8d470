/* e2e_date.c - documents' dates and titles end to end: an index of small
 * documents with sidecars of full, month-only and year-only dates (and
 * none); date: and --date against a brute-force oracle, with and without
 * words; bad dates exit 2 with the column; date and title in JSON, TSV and
 * text output and in zhindex passages; an index of an older format version
 * is refused. */
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define NDOCS 48

typedef struct fixture {
    char dir[1024], index[1100];
    uint32_t date[NDOCS]; /* YYYYMMDD, unknown parts 0 */
    int has_word[NDOCS];  /* the body says 医院 */
    int titled[NDOCS];    /* the sidecar gives a title */
} fixture;

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 16;
}

/* The date of document i: every fifth has none; the others full, month-only
 * or year-only dates in 2020-2022 (days 1-28 exist in every month). */
static uint32_t pick_date(size_t i, unsigned *seed)
{
    uint32_t y = 2020 + lcg(seed) % 3, m = 1 + lcg(seed) % 12, d = 1 + lcg(seed) % 28;
    switch (i % 5) {
    case 0:
        return 0;
    case 1:
    case 2:
        return y * 10000 + m * 100 + d;
    case 3:
        return y * 10000 + m * 100;
    default:
        return y * 10000;
    }
}

static void date_text(uint32_t v, char *out, size_t cap)
{
    uint32_t y = v / 10000, m = v / 100 % 100, d = v % 100;
    if (d)
        snprintf(out, cap, "%04u-%02u-%02u", y, m, d);
    else if (m)
        snprintf(out, cap, "%04u-%02u", y, m);
    else
        snprintf(out, cap, "%04u", y);
}

static int make_fixture(const t_ctx *t, fixture *fx)
{
    snprintf(fx->dir, sizeof fx->dir, "%s/date-docs", t->tmpdir);
    snprintf(fx->index, sizeof fx->index, "%s/date-index", t->tmpdir);
    mkdir(fx->dir, 0755);
    unsigned seed = 20260101;
    for (size_t i = 0; i < NDOCS; i++) {
        fx->date[i] = pick_date(i, &seed);
        fx->has_word[i] = i % 7 != 3;
        fx->titled[i] = i % 3 == 0;
        char path[1200], text[256], side[1300], json[256], dt[16];
        snprintf(path, sizeof path, "%s/d%02zu.txt", fx->dir, i);
        snprintf(text, sizeof text, "标题%zu\n\n%s第%zu篇的内容，今年的工作。\n", i,
                 fx->has_word[i] ? "医院建设" : "学校建设", i);
        if (t_write_file(path, text, strlen(text))) return -1;
        date_text(fx->date[i], dt, sizeof dt);
        size_t k = (size_t)snprintf(json, sizeof json, "{");
        if (fx->date[i]) k += (size_t)snprintf(json + k, sizeof json - k, "\"date\": \"%s\"", dt);
        if (fx->titled[i])
            k += (size_t)snprintf(json + k, sizeof json - k, "%s\"title\": \"边车标题%zu\"",
                                  fx->date[i] ? ", " : "", i);
        snprintf(json + k, sizeof json - k, "}");
        snprintf(side, sizeof side, "%s.meta.json", path);
        if (k > 1 && t_write_file(side, json, strlen(json))) return -1;
    }
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "build", "-q", "-o", fx->index, fx->dir, NULL};
    u_run r;
    if (u_run_cmd(argv, NULL, 0, &r)) return -1;
    int st = r.status;
    if (st) printf("%s\n", r.err);
    u_run_free(&r);
    return st;
}

/* The rule, brute force: every day of the document's period lies in
 * [lo, hi] (full dates). */
static int oracle(uint32_t date, uint32_t lo, uint32_t hi)
{
    if (date == 0) return 0;
    static const uint32_t mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t y = date / 10000, m0 = date / 100 % 100, d0 = date % 100;
    for (uint32_t m = 1; m <= 12; m++) {
        if (m0 && m != m0) continue;
        uint32_t n = mdays[m - 1] + (m == 2 && y % 4 == 0);
        for (uint32_t d = 1; d <= n; d++)
            if ((!d0 || d == d0) && (y * 10000 + m * 100 + d < lo || y * 10000 + m * 100 + d > hi))
                return 0;
    }
    return 1;
}

typedef struct spec {
    const char *text;
    uint32_t lo, hi; /* the range it means, as full dates */
} spec;

static const spec specs[] = {
    {"2021", 20210101, 20211231},
    {"2020-02", 20200201, 20200229},
    {"2021-03", 20210301, 20210331},
    {"2022-11-07", 20221107, 20221107},
    {"2020..2021", 20200101, 20211231},
    {"2021-02..2021-06-30", 20210201, 20210630},
    {"2020-06-15..2022-03", 20200615, 20220331},
    {"..2021-06", 0, 20210630},
    {"2021-07..", 20210701, 99991231},
    {"..2020", 0, 20201231},
    {"2019..2019", 20190101, 20191231},
};

/* Documents (bit i = d<i>.txt) of the hits of `args`, each hit's "date"
 * checked against the fixture; -1 on a failure to run or parse. */
static int64_t hit_docs(const t_ctx *t, const fixture *fx, char *const *args, int *status,
                        int *bad_date)
{
    u_run r;
    if (e2e_search(t, fx->index, args, NULL, &r)) return -1;
    *status = r.status;
    int64_t set = 0;
    for (char *line = r.out, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) break;
        u_json v;
        if (u_json_parse(line, (size_t)(nl - line), &v) || v.t != UJ_OBJ) {
            set = -1;
            break;
        }
        const u_json *doc = u_json_get(&v, "doc"), *date = u_json_get(&v, "date");
        const char *slash = doc && doc->t == UJ_STR ? strrchr(doc->str, '/') : NULL;
        int i = slash ? atoi(slash + 2) : -1;
        if (i >= 0 && i < NDOCS) {
            set |= (int64_t)1 << i;
            char want[16];
            date_text(fx->date[i], want, sizeof want);
            if (!date ||
                (fx->date[i] ? date->t != UJ_STR || strcmp(date->str, want) : date->t != UJ_NULL))
                (*bad_date)++;
        }
        u_json_free(&v);
    }
    u_run_free(&r);
    return set;
}

static void test_filters(t_ctx *t)
{
    fixture fx;
    if (!T_INT(t, make_fixture(t, &fx), 0)) return;
    int wrong = 0, bad_date = 0, runs = 0, nonempty = 0;
    for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
        const spec *sp = &specs[k];
        int64_t want_word = 0, want_all = 0;
        for (int i = 0; i < NDOCS; i++)
            if (oracle(fx.date[i], sp->lo, sp->hi)) {
                want_all |= (int64_t)1 << i;
                if (fx.has_word[i]) want_word |= (int64_t)1 << i;
            }
        nonempty += want_word != 0;
        char field[64];
        snprintf(field, sizeof field, "date:%s", sp->text);
        char *in_query[] = {"--format", "json", "-n", "1000", "医院", field, NULL};
        char *option[] = {"--format", "json",           "-n",   "1000",
                          "--date",   (char *)sp->text, "医院", NULL};
        char *alone[] = {"--format", "json", "-n", "1000", "--date", (char *)sp->text, NULL};
        char *field_alone[] = {"--format", "json", "-n", "1000", field, NULL};
        char *const *cases[] = {in_query, option, alone, field_alone};
        const int64_t wants[] = {want_word, want_word, want_all, want_all};
        for (size_t c = 0; c < 4; c++) {
            int status = -1;
            int64_t got = hit_docs(t, &fx, cases[c], &status, &bad_date);
            runs++;
            if (got != wants[c] || status != (wants[c] ? 0 : 1)) {
                wrong++;
                printf("  %s (case %zu): got %llx, want %llx, status %d\n", sp->text, c,
                       (unsigned long long)got, (unsigned long long)wants[c], status);
            }
        }
    }
    T_INT(t, wrong, 0);
    T_INT(t, bad_date, 0);
    T_OK(t, runs == 44 && nonempty >= 6);
    /* two --date options: either */
    int status;
    char *two[] = {"--format", "json",   "-n",         "1000", "--date",
                   "2020-02",  "--date", "2022-11-07", NULL};
    int64_t want = 0;
    for (int i = 0; i < NDOCS; i++)
        if (oracle(fx.date[i], 20200201, 20200229) || oracle(fx.date[i], 20221107, 20221107))
            want |= (int64_t)1 << i;
    T_INT(t, hit_docs(t, &fx, two, &status, &bad_date), want);
    /* --count agrees with the hits */
    u_run r;
    char *count[] = {"--count", "医院", "date:2020..2021", NULL};
    if (!e2e_search(t, fx.index, count, NULL, &r)) {
        char *hits[] = {"--format", "tsv", "-n", "1000", "医院", "date:2020..2021", NULL};
        u_run h;
        if (!e2e_search(t, fx.index, hits, NULL, &h)) {
            long lines = 0;
            for (char *p = h.out; *p; p++) lines += *p == '\n';
            T_INT(t, atol(r.out), lines - 1);
            u_run_free(&h);
        }
        u_run_free(&r);
    }
}

static void test_bad_dates(t_ctx *t)
{
    fixture fx;
    snprintf(fx.index, sizeof fx.index, "%s/date-index", t->tmpdir);
    /* the query is "医院 date:…": the field starts at column 4 */
    struct {
        const char *arg, *col, *why;
    } bad[] = {{"date:2022-02-30", "column 17", "day 30 does not exist"},
               {"date:2022-13", "column 14", "month 13"},
               {"date:2022-06..2022-03", "column 18", "before its start"},
               {"date:..", "column 9", "at least one side"},
               {"date:22", "column 11", "YYYY"},
               {"date:", "column 4", "needs a value"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *args[] = {"医院", (char *)bad[i].arg, NULL};
        u_run r;
        if (e2e_search(t, fx.index, args, NULL, &r)) continue;
        T_INT(t, r.status, 2);
        if (!T_OK(t, strstr(r.err, bad[i].col) && strstr(r.err, bad[i].why)))
            printf("  %s: %s\n", bad[i].arg, r.err);
        u_run_free(&r);
    }
    char *opt[] = {"--date", "2022-02-29", "医院", NULL};
    u_run r;
    if (!e2e_search(t, fx.index, opt, NULL, &r)) {
        T_INT(t, r.status, 2);
        T_OK(t, strstr(r.err, "bad date '2022-02-29'") != NULL);
        u_run_free(&r);
    }
}

/* One line of `out` that contains `needle` (copied to line), 0 if found. */
static int line_with(const char *out, const char *needle, char *line, size_t cap)
{
    const char *p = strstr(out, needle);
    if (!p) return -1;
    const char *a = p, *e = strchr(p, '\n');
    while (a > out && a[-1] != '\n') a--;
    size_t n = e ? (size_t)(e - a) : strlen(a);
    if (n >= cap) n = cap - 1;
    memcpy(line, a, n);
    line[n] = '\0';
    return 0;
}

static void test_outputs(t_ctx *t)
{
    fixture fx;
    snprintf(fx.index, sizeof fx.index, "%s/date-index", t->tmpdir);
    snprintf(fx.dir, sizeof fx.dir, "%s/date-docs", t->tmpdir);
    /* d01: a full date, no sidecar title (its headline 标题1); d03: a
     * month, sidecar title; d05: no date */
    unsigned seed = 20260101;
    uint32_t dates[NDOCS];
    for (size_t i = 0; i < NDOCS; i++) dates[i] = pick_date(i, &seed);
    char d1[16], d3[16];
    date_text(dates[1], d1, sizeof d1);
    date_text(dates[3], d3, sizeof d3);
    u_run r;
    char *json[] = {"--format", "json", "-n", "1000", "建设第1篇", NULL};
    if (!e2e_search(t, fx.index, json, NULL, &r)) {
        char want[64];
        snprintf(want, sizeof want, "\"date\":\"%s\",\"title\":\"标题1\"", d1);
        T_OK(t, strstr(r.out, want) != NULL);
        T_OK(t, !strstr(r.out, "\"chapter\"") && !strstr(r.out, "\"article\""));
        u_run_free(&r);
    }
    char *json5[] = {"--format", "json", "建设第5篇", NULL};
    if (!e2e_search(t, fx.index, json5, NULL, &r)) {
        T_OK(t, strstr(r.out, "\"date\":null,\"title\":\"标题5\"") != NULL);
        u_run_free(&r);
    }
    char *tsv[] = {"--format", "tsv", "建设第3篇", NULL};
    if (!e2e_search(t, fx.index, tsv, NULL, &r)) {
        char line[1024];
        if (T_INT(t, line_with(r.out, "第3篇", line, sizeof line), 0)) {
            /* columns 12-17: date, title, chapter, article, url, extra */
            char *col[18] = {0};
            size_t n = 0;
            for (char *p = line; n < 18; n++) {
                col[n] = p;
                char *tab = strchr(p, '\t');
                if (!tab) {
                    n++;
                    break;
                }
                *tab = '\0';
                p = tab + 1;
            }
            T_INT(t, n, 17);
            if (n == 17) {
                T_STR(t, col[11], d3);
                T_STR(t, col[12], "边车标题3");
                T_STR(t, col[13], "");
                T_STR(t, col[14], "");
                T_STR(t, col[15], "");
                T_STR(t, col[16], "");
            }
        }
        u_run_free(&r);
    }
    char *text[] = {"--color", "never", "建设第3篇", NULL};
    if (!e2e_search(t, fx.index, text, NULL, &r)) {
        char want[64];
        snprintf(want, sizeof want, "   %s  边车标题3\n", d3);
        T_OK(t, strstr(r.out, want) != NULL);
        u_run_free(&r);
    }
    /* zhindex passages prints them too */
    char zhindex[1024], path[1200];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    snprintf(path, sizeof path, "%s/d03.txt", fx.dir);
    char *argv[] = {zhindex, "passages", path, NULL};
    if (!u_run_cmd(argv, NULL, 0, &r)) {
        char want[64];
        snprintf(want, sizeof want, "\"date\":\"%s\",\"title\":\"边车标题3\"", d3);
        T_OK(t, strstr(r.out, want) != NULL);
        u_run_free(&r);
    }
}

/* An index written in an older format version (7, before the stored text
 * as character ranks) is refused with a clear message. */
static void test_old_version(t_ctx *t)
{
    char index[1100], copy[1200], seg[1300];
    snprintf(index, sizeof index, "%s/date-index", t->tmpdir);
    snprintf(copy, sizeof copy, "%s/date-index-v4", t->tmpdir);
    mkdir(copy, 0755);
    const char *names[] = {"MANIFEST", "seg-000001.zhs"};
    for (size_t i = 0; i < 2; i++) {
        char from[1300];
        snprintf(from, sizeof from, "%s/%s", index, names[i]);
        snprintf(seg, sizeof seg, "%s/%s", copy, names[i]);
        size_t len;
        unsigned char *f = (unsigned char *)t_read_file(from, &len);
        if (!T_OK(t, f && len > 64)) return;
        if (i == 1) { /* version 8 in the segment's header, header CRC fixed */
            f[8] = 8;
            uint32_t c = (uint32_t)crc32(0, f, 60);
            for (int k = 0; k < 4; k++) f[60 + k] = (unsigned char)(c >> (8 * k));
        }
        t_write_file(seg, f, len);
        free(f);
    }
    u_run r;
    char *args[] = {"医院", NULL};
    if (e2e_search(t, copy, args, NULL, &r)) return;
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "format version 8, this program reads version 9") != NULL);
    u_run_free(&r);
}

/* A page that opens with a call-out number (98.3%) has no title rather
 * than that number; a headline of words is the title. */
static void test_title_not_figure(t_ctx *t)
{
    char dir[1024], a[1100], b[1100], zhindex[1024];
    snprintf(dir, sizeof dir, "%s/title-docs", t->tmpdir);
    T_OK(t, mkdir(dir, 0755) == 0);
    snprintf(a, sizeof a, "%s/a.txt", dir);
    snprintf(b, sizeof b, "%s/b.txt", dir);
    static const char fa[] = "98.3%\n\n全省1273例本土病例治愈出院1251例，治愈率达到98.3%。\n";
    static const char fb[] =
        "健康河南行动\n\n全省1273例本土病例治愈出院1251例，治愈率达到98.3%。\n";
    T_OK(t, t_write_file(a, fa, sizeof fa - 1) == 0);
    T_OK(t, t_write_file(b, fb, sizeof fb - 1) == 0);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "passages", dir, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return;
    T_OK(t, strstr(r.out, "a.txt\",\"passage\":0,") != NULL);
    T_OK(t, strstr(r.out, "\"title\":\"98.3%\"") == NULL);
    T_OK(t, strstr(r.out, "\"title\":\"健康河南行动\"") != NULL);
    u_run_free(&r);
}

void suite_e2e_date(t_ctx *t)
{
    t_run(t, "e2e_date_filters", test_filters);
    t_run(t, "e2e_date_bad", test_bad_dates);
    t_run(t, "e2e_date_outputs", test_outputs);
    t_run(t, "e2e_date_old_version", test_old_version);
    t_run(t, "e2e_date_title_not_figure", test_title_not_figure);
}
