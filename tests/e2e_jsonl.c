/* e2e_jsonl.c - documents with their own metadata, gzip input, and the
 * rule against silent replacement (issue 12):
 *   - the same documents as JSON Lines and as .txt files with .meta.json
 *     sidecars give byte-identical search results (scores, passages,
 *     offsets, cities, years, dates, titles) and facets, the doc names
 *     aside (FILE#ID against FILE.txt);
 *   - bad lines are named with their line numbers and reasons, skipped and
 *     counted (exit 1), the rest indexed, other keys ignored; a text that
 *     is not UTF-8 is replaced and named FILE#ID, or under --strict skipped;
 *   - gzip-compressed text, TSV and JSON Lines index as their plain forms;
 *     a cut gzip stream is an error for its file;
 *   - a build onto an index of other paths is refused (exit 2, how many
 *     documents) and leaves it untouched; the same paths rebuild; --replace
 *     forces it;
 *   - a sidecar of no input file is named; full-width digits in a
 *     sidecar's or a record's date are read. */
#include "buf.h"
#include "json.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

/* Synthetic documents: every metadata combination, text that needs JSON
 * escapes (quotes, backslash, tab), headings, relative years. */
typedef struct sdoc {
    const char *text, *date, *title, *city;
} sdoc;

static const sdoc sdocs[] = {
    {"郑州新建学校10所\n\n今年，郑州市新建\"中小学\"10所，新增学位1.2万个。\n\n去年全市投入教育经费"
     "120亿元。\n",
     "2024-03-01", NULL, NULL},
    {"洛阳医院建设\n\n洛阳市今年新建医院3家，床位增加800张。\t路径 C:\\data\\x\n", NULL,
     "洛阳的医院", NULL},
    {"全省推进乡村振兴，各地新建学校和医院。今年完成投资50亿元。\n", "２０２３-０６", NULL, "开封"},
    {"第一章 总则\n\n第一条 为了规范学校建设，制定本办法。\n\n第二条 本办法适用于全省。\n", "2022",
     "学校建设办法", "河南"},
    {"没有日期的文档，只说明年的计划：明年新建医院两家。\n", NULL, NULL, NULL},
    {"", NULL, "空文档", NULL},
};
#define NSDOCS (sizeof sdocs / sizeof *sdocs)
/* corpus/ files taken as documents too */
#define NCORPUS 5

typedef struct fixture {
    char dir[1024];
    char txt[1100], jsonl[1100], jsonl_path[1200]; /* dirs and the JSON Lines file */
    size_t ndocs;
} fixture;

/* Append one record {"id":..,"text":..[,"date"][,"title"][,"city"],"source":{..}}. */
static void put_record(buf *b, const char *id, const char *text, size_t len, const char *date,
                       const char *title, const char *city)
{
    buf_putc(b, '{');
    json_key(b, "id");
    json_cstr(b, id);
    buf_putc(b, ',');
    if (date) {
        json_key(b, "date");
        json_cstr(b, date);
        buf_putc(b, ',');
    }
    if (title) {
        json_key(b, "title");
        json_cstr(b, title);
        buf_putc(b, ',');
    }
    if (city) {
        json_key(b, "city");
        json_cstr(b, city);
        buf_putc(b, ',');
    }
    /* keys the reader ignores, before and after the text */
    buf_puts(b, "\"source\":{\"site\":\"cctv\",\"tags\":[1,\"a\"]},\"url\":null,");
    json_key(b, "text");
    json_str(b, text, len);
    buf_puts(b, ",\"n\":3.5e2}\n");
}

static int write_sidecar(const char *txt, const char *date, const char *title, const char *city)
{
    if (!date && !title && !city) return 0;
    buf b;
    buf_init(&b);
    buf_putc(&b, '{');
    const char *keys[3] = {"date", "title", "city"}, *vals[3] = {date, title, city};
    int any = 0;
    for (int k = 0; k < 3; k++) {
        if (!vals[k]) continue;
        if (any++) buf_putc(&b, ',');
        json_key(&b, keys[k]);
        json_cstr(&b, vals[k]);
    }
    buf_putc(&b, '}');
    char side[1300];
    snprintf(side, sizeof side, "%s.meta.json", txt);
    int rc = t_write_file(side, b.data, b.len);
    buf_free(&b);
    return rc;
}

/* The documents as dir/txt/dNN.txt (+ sidecars) and as dir/jsonl/docs.jsonl
 * with ids dNN, in the same order. */
static int make_fixture(const t_ctx *t, const char *name, fixture *fx)
{
    snprintf(fx->dir, sizeof fx->dir, "%s/%s", t->tmpdir, name);
    snprintf(fx->txt, sizeof fx->txt, "%s/txt", fx->dir);
    snprintf(fx->jsonl, sizeof fx->jsonl, "%s/jsonl", fx->dir);
    snprintf(fx->jsonl_path, sizeof fx->jsonl_path, "%s/docs.jsonl", fx->jsonl);
    mkdir(fx->dir, 0755);
    mkdir(fx->txt, 0755);
    mkdir(fx->jsonl, 0755);
    buf lines;
    buf_init(&lines);
    char corpus[1024];
    e2e_corpus(t, corpus, sizeof corpus);
    char **names = NULL;
    size_t nnames = 0;
    if (u_list_dir(corpus, ".txt", &names, &nnames) || nnames < NCORPUS) return -1;
    int rc = 0;
    fx->ndocs = 0;
    for (size_t i = 0; i < NSDOCS + NCORPUS && !rc; i++) {
        char id[16], path[1200];
        snprintf(id, sizeof id, "d%02zu", i);
        snprintf(path, sizeof path, "%s/%s.txt", fx->txt, id);
        const char *date = NULL, *title = NULL, *city = NULL;
        char *text;
        size_t len;
        if (i < NSDOCS) {
            text = strdup(sdocs[i].text);
            len = strlen(text);
            date = sdocs[i].date;
            title = sdocs[i].title;
            city = sdocs[i].city;
        } else {
            char src[1400];
            snprintf(src, sizeof src, "%s/%s", corpus, names[i - NSDOCS]);
            text = t_read_file(src, &len);
            date = i % 2 ? "2021-05-06" : NULL;
        }
        if (!text) rc = -1;
        if (!rc) rc = t_write_file(path, text, len);
        if (!rc) rc = write_sidecar(path, date, title, city);
        if (!rc) put_record(&lines, id, text, len, date, title, city);
        free(text);
        fx->ndocs++;
    }
    u_free_list(names, nnames);
    if (!rc) rc = t_write_file(fx->jsonl_path, lines.data, lines.len);
    buf_free(&lines);
    return rc;
}

/* Run zhindex build [extra...] -o index inputs...; the run is kept in *r. */
static int build(const t_ctx *t, const char *index, char *const *extra, char *const *inputs,
                 u_run *r)
{
    char *args[32];
    int n = 0;
    args[n++] = "build";
    args[n++] = "-q";
    for (int i = 0; extra && extra[i]; i++) args[n++] = extra[i];
    args[n++] = "-o";
    args[n++] = (char *)index;
    for (int i = 0; inputs[i] && n < 31; i++) args[n++] = inputs[i];
    args[n] = NULL;
    return e2e_zhindex(t, args, r);
}

/* s with every `from` replaced by `to` (malloc'ed). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    buf b;
    buf_init(&b);
    size_t n = strlen(from);
    for (const char *p = s, *q; *p; p = q + n) {
        q = strstr(p, from);
        if (!q) {
            buf_puts(&b, p);
            break;
        }
        buf_add(&b, p, (size_t)(q - p));
        buf_puts(&b, to);
    }
    return buf_detach(&b, NULL);
}

/* The output of zhsearch on `index` with args, doc names made comparable:
 * every `from` replaced by `to`.  NULL on a failure to run. */
static char *search_norm(const t_ctx *t, const char *index, char *const *args, const char *from,
                         const char *to, int *status)
{
    u_run r;
    if (e2e_search(t, index, args, NULL, &r)) return NULL;
    *status = r.status;
    char *out = replace_all(r.out, from, to);
    u_run_free(&r);
    /* the records' other keys are shown (README, "JSON Lines input"); the
     * text files have none: leave them out of the comparison (JSON, then
     * the TSV column) */
    char *plain = out ? replace_all(out,
                                    "\"extra\":{\"source\":{\"site\":\"cctv\",\"tags\":[1,"
                                    "\"a\"]},\"n\":3.5e2},",
                                    "")
                      : NULL;
    free(out);
    char *cols = plain ? replace_all(plain,
                                     "\t{\"source\":{\"site\":\"cctv\",\"tags\":[1,\"a\"]},"
                                     "\"n\":3.5e2}\n",
                                     "\t\n")
                       : NULL;
    free(plain);
    return cols;
}

/* Queries and facets that together show every passage's fields. */
static const char *const *const queries[] = {
    (const char *const[]){"--format", "json", "-n", "1000", "的", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "学校", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "医院", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "新建", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--date", "2021..2024", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--city", "河南", NULL},
    (const char *const[]){"--format", "json", "-n", "1000", "--year", "2020..2026", NULL},
    (const char *const[]){"--format", "tsv", "-n", "1000", "年", NULL},
    (const char *const[]){"-n", "0", "--facet", "city", "--facet", "year", "的", NULL},
};

/* The .txt files with sidecars and the JSON Lines file give the same
 * results, FILE.txt against FILE#ID. */
static void test_jsonl_equals_sidecars(t_ctx *t)
{
    fixture fx;
    if (!T_INT(t, make_fixture(t, "jl-same", &fx), 0)) return;
    char itxt[1200], ijsonl[1200];
    snprintf(itxt, sizeof itxt, "%s/idx-txt", fx.dir);
    snprintf(ijsonl, sizeof ijsonl, "%s/idx-jsonl", fx.dir);
    u_run r;
    char *in_txt[] = {fx.txt, NULL}, *in_jsonl[] = {fx.jsonl_path, NULL};
    char *fmt[] = {"--format", "jsonl", NULL};
    T_INT(t, build(t, itxt, NULL, in_txt, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, build(t, ijsonl, fmt, in_jsonl, &r), 0);
    if (!T_INT(t, r.status, 0)) printf("  %s\n", r.err);
    char want[64];
    snprintf(want, sizeof want, "1 files indexed (%zu documents)", fx.ndocs);
    T_OK(t, strstr(r.err, want) != NULL);
    u_run_free(&r);
    /* names: dir/txt/dNN.txt and dir/jsonl/docs.jsonl#dNN both become @dNN */
    char from_txt[1200], from_jsonl[1300];
    snprintf(from_txt, sizeof from_txt, "%s/", fx.txt);
    snprintf(from_jsonl, sizeof from_jsonl, "%s#", fx.jsonl_path);
    int differ = 0, empty = 0;
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        int s1 = -1, s2 = -1;
        char *a = search_norm(t, itxt, (char *const *)queries[q], from_txt, "@", &s1);
        char *b = search_norm(t, ijsonl, (char *const *)queries[q], from_jsonl, "@", &s2);
        char *a2 = a ? replace_all(a, ".txt", "") : NULL;
        if (!a2 || !b || strcmp(a2, b) != 0 || s1 != s2) {
            differ++;
            printf("  query %zu differs:\n--- txt\n%.600s\n--- jsonl\n%.600s\n", q, a2 ? a2 : "",
                   b ? b : "");
        }
        empty += !b || !b[0] || s2 != 0;
        free(a);
        free(a2);
        free(b);
    }
    T_INT(t, differ, 0);
    T_INT(t, empty, 0);
    /* the doc is FILE#ID; the record's full-width date and its title are the document's */
    char *q[] = {"--format", "json", "-n", "1", "--date", "2023-06", "乡村振兴", NULL};
    T_INT(t, e2e_search(t, ijsonl, q, NULL, &r), 0);
    T_OK(t, strstr(r.out, "docs.jsonl#d02\"") != NULL);
    T_OK(t, strstr(r.out, "\"date\":\"2023-06\"") != NULL);
    T_OK(t, strstr(r.out, "开封") != NULL);
    u_run_free(&r);
}

static long count(const t_ctx *t, const char *index, const char *word)
{
    char *q[] = {"--count", (char *)word, NULL};
    u_run r;
    if (e2e_search(t, index, q, NULL, &r)) return -1;
    long n = r.status == 0 || r.status == 1 ? atol(r.out) : -1;
    u_run_free(&r);
    return n;
}

/* Write `s` gzip-compressed to path. */
static int write_gz(const char *path, const char *s, size_t len)
{
    gzFile f = gzopen(path, "wb");
    if (!f) return -1;
    int ok = gzwrite(f, s, (unsigned)len) == (int)len;
    return gzclose(f) == Z_OK && ok ? 0 : -1;
}

static void test_jsonl_bad_lines(t_ctx *t)
{
    char dir[1100], path[1200], index[1200];
    snprintf(dir, sizeof dir, "%s/jl-bad", t->tmpdir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/bad.jsonl", dir);
    snprintf(index, sizeof index, "%s/idx", dir);
    const char *text = "{\"id\":\"a\",\"text\":\"郑州新建学校。\",\"extra\":[{\"x\":1}]}\n"
                       "{\"id\":\"b\",\"text\":\"洛阳\" \"x\"}\n"
                       "{\"id\":\"c\",\"title\":\"无正文\"}\n"
                       "\n"
                       "{\"id\":\"d\",\"text\":\"开封新建医院。\",\"date\":\"2023-02-29\"}\n"
                       "{\"id\":\"a\",\"text\":\"重复的编号。\"}\n"
                       "{\"id\":1.5,\"text\":\"小数编号。\"}\n"
                       "{\"id\":7,\"text\":\"安阳新建医院。\",\"date\":\"2024-01\"}\r\n"
                       "{\"id\":\"7\",\"text\":\"与7相同的编号。\"}\n"
                       "{\"text\":\"没有编号。\"}\n"
                       "{\"id\":\"e\",\"text\":\"新乡新建学校。\",\"city\":\"新乡\"}";
    T_INT(t, t_write_file(path, text, strlen(text)), 0);
    u_run r;
    char *fmt[] = {"--format", "jsonl", NULL}, *in[] = {path, NULL};
    T_INT(t, build(t, index, fmt, in, &r), 0);
    T_INT(t, r.status, 1);
    const char *said[] = {"bad.jsonl: 7 lines skipped",
                          "line 2: invalid JSON: expected ',' or '}' at byte 26",
                          "line 3: no \"text\"",
                          "line 5: date '2023-02-29': day 29 does not exist in 2023-02",
                          "line 6: id \"a\" repeats line 1",
                          "line 7: id is a number but not a whole number",
                          "; ...",
                          "1 files indexed (3 documents)"};
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        if (!T_OK(t, strstr(r.err, said[i]) != NULL)) printf("  want: %s\n", said[i]);
    u_run_free(&r);
    /* the good lines are there, the bad are not */
    char *q1[] = {"--count", "新建", NULL}, *q2[] = {"--count", "编号", NULL};
    T_INT(t, e2e_search(t, index, q1, NULL, &r), 0);
    T_STR(t, r.out, "3\n");
    u_run_free(&r);
    T_INT(t, e2e_search(t, index, q2, NULL, &r), 0);
    T_INT(t, r.status, 1);
    u_run_free(&r);
    char *q3[] = {"--format", "json", "安阳", NULL};
    T_INT(t, e2e_search(t, index, q3, NULL, &r), 0);
    T_OK(t, strstr(r.out, "bad.jsonl#7\"") && strstr(r.out, "\"date\":\"2024-01\""));
    u_run_free(&r);
    /* a file of only bad lines: nothing usable, nothing built */
    char worse[1200], idx2[1300];
    snprintf(worse, sizeof worse, "%s/worse.jsonl", dir);
    snprintf(idx2, sizeof idx2, "%s/idx2", dir);
    T_INT(t, t_write_file(worse, "not json\n", 9), 0);
    char *in2[] = {worse, NULL};
    T_INT(t, build(t, idx2, fmt, in2, &r), 0);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "no usable input") != NULL);
    T_OK(t, strstr(r.err, "line 1: invalid JSON: not a JSON object at byte 0") != NULL);
    u_run_free(&r);
}

/* A record's text that is not UTF-8 (the writer's \udcXX escapes of raw
 * bytes) is replaced and named FILE#ID; under --strict the record is
 * skipped and counted, the others indexed. */
static void test_jsonl_invalid_text(t_ctx *t)
{
    char dir[1100], path[1200], index[1200];
    snprintf(dir, sizeof dir, "%s/jl-enc", t->tmpdir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/enc.jsonl", dir);
    snprintf(index, sizeof index, "%s/idx", dir);
    const char *text = "{\"id\":\"ok\",\"text\":\"郑州新建学校。\"}\n"
                       "{\"id\":\"raw\",\"text\":\"洛阳\\udcff新建医院。\"}\n";
    T_INT(t, t_write_file(path, text, strlen(text)), 0);
    u_run r;
    char *fmt[] = {"--format", "jsonl", NULL}, *strict[] = {"--format", "jsonl", "--strict", NULL};
    char *in[] = {path, NULL};
    T_INT(t, build(t, index, fmt, in, &r), 0);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.err, "enc.jsonl#raw: 1 invalid UTF-8 sequence replaced") != NULL);
    u_run_free(&r);
    T_INT(t, count(t, index, "新建"), 2);
    T_INT(t, build(t, index, strict, in, &r), 0);
    T_INT(t, r.status, 1);
    T_OK(t, strstr(r.err, "skipped") && strstr(r.err, "enc.jsonl#raw"));
    T_OK(t, strstr(r.err, "enc.jsonl#raw: offset 6: invalid UTF-8 sequence") != NULL);
    u_run_free(&r);
    T_INT(t, count(t, index, "新建"), 1);
}

/* gzip-compressed inputs index as their plain forms, whatever the format. */
static void test_gz_equals_plain(t_ctx *t)
{
    fixture fx;
    if (!T_INT(t, make_fixture(t, "jl-gz", &fx), 0)) return;
    char gzdir[1200], gzjsonl[1300], gztxt[1300];
    snprintf(gzdir, sizeof gzdir, "%s/gz", fx.dir);
    mkdir(gzdir, 0755);
    snprintf(gzjsonl, sizeof gzjsonl, "%s/docs.jsonl.gz", gzdir);
    snprintf(gztxt, sizeof gztxt, "%s/txt", gzdir);
    mkdir(gztxt, 0755);
    size_t len;
    char *s = t_read_file(fx.jsonl_path, &len);
    T_INT(t, s ? write_gz(gzjsonl, s, len) : -1, 0);
    free(s);
    /* the text files compressed under their own names (zlib reads either) */
    for (size_t i = 0; i < fx.ndocs; i++) {
        char a[1300], b[1400];
        snprintf(a, sizeof a, "%s/d%02zu.txt", fx.txt, i);
        snprintf(b, sizeof b, "%s/d%02zu.txt", gztxt, i);
        s = t_read_file(a, &len);
        T_INT(t, s ? write_gz(b, s, len) : -1, 0);
        free(s);
        strcat(a, ".meta.json");
        strcat(b, ".meta.json");
        s = t_read_file(a, &len);
        if (s) T_INT(t, t_write_file(b, s, len), 0);
        free(s);
    }
    /* a TSV file and its gzip */
    const char *tsv = "1\t郑州\t2023\t郑州新建学校10所。\n2\t\t\t洛阳新建医院。\nbad line\n";
    char tsv_a[1300], tsv_b[1300];
    snprintf(tsv_a, sizeof tsv_a, "%s/p.tsv", fx.dir);
    snprintf(tsv_b, sizeof tsv_b, "%s/p.tsv.gz", gzdir);
    T_INT(t, t_write_file(tsv_a, tsv, strlen(tsv)), 0);
    T_INT(t, write_gz(tsv_b, tsv, strlen(tsv)), 0);
    struct {
        const char *fmt;
        char *plain, *gz;
        const char *from_plain, *from_gz;
        int status;
    } cases[] = {
        {"jsonl", fx.jsonl_path, gzjsonl, fx.jsonl_path, gzjsonl, 0},
        {"text", fx.txt, gztxt, fx.txt, gztxt, 0},
        {"tsv", tsv_a, tsv_b, tsv_a, tsv_b, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char ia[1300], ib[1300];
        snprintf(ia, sizeof ia, "%s/idx-%s-plain", fx.dir, cases[c].fmt);
        snprintf(ib, sizeof ib, "%s/idx-%s-gz", fx.dir, cases[c].fmt);
        char *fmt[] = {"--format", (char *)cases[c].fmt, NULL};
        char *in_a[] = {cases[c].plain, NULL}, *in_b[] = {cases[c].gz, NULL};
        u_run r;
        T_INT(t, build(t, ia, fmt, in_a, &r), 0);
        T_INT(t, r.status, cases[c].status);
        u_run_free(&r);
        T_INT(t, build(t, ib, fmt, in_b, &r), 0);
        if (!T_INT(t, r.status, cases[c].status)) printf("  %s: %s\n", cases[c].fmt, r.err);
        u_run_free(&r);
        int differ = 0;
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
            int s1 = -1, s2 = -2;
            char *a = search_norm(t, ia, (char *const *)queries[q], cases[c].from_plain, "@", &s1);
            char *b = search_norm(t, ib, (char *const *)queries[q], cases[c].from_gz, "@", &s2);
            if (!a || !b || strcmp(a, b) != 0 || s1 != s2) differ++;
            free(a);
            free(b);
        }
        if (!T_INT(t, differ, 0)) printf("  format %s\n", cases[c].fmt);
    }
    /* a cut gzip stream is an error for its file, not a shorter file */
    char cut[1300], icut[1300];
    snprintf(cut, sizeof cut, "%s/cut.jsonl.gz", gzdir);
    snprintf(icut, sizeof icut, "%s/idx-cut", fx.dir);
    s = t_read_file(gzjsonl, &len);
    T_INT(t, s && len > 200 ? t_write_file(cut, s, len / 2) : -1, 0);
    free(s);
    char *fmt[] = {"--format", "jsonl", NULL}, *in[] = {cut, NULL};
    u_run r;
    T_INT(t, build(t, icut, fmt, in, &r), 0);
    T_OK(t, r.status != 0);
    T_OK(t, strstr(r.err, "the gzip stream is cut short") != NULL);
    u_run_free(&r);
}

/* A build onto an index of other paths is refused unless --replace. */
static void test_no_silent_replace(t_ctx *t)
{
    char dir[1100], a[1200], b[1200], index[1200], jl[1200];
    snprintf(dir, sizeof dir, "%s/jl-replace", t->tmpdir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(index, sizeof index, "%s/idx", dir);
    snprintf(jl, sizeof jl, "%s/docs.jsonl", dir);
    mkdir(dir, 0755);
    mkdir(a, 0755);
    mkdir(b, 0755);
    char p[1300];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/a%d.txt", a, i);
        T_INT(t, t_write_file(p, "郑州新建学校。", strlen("郑州新建学校。")), 0);
    }
    snprintf(p, sizeof p, "%s/b0.txt", b);
    T_INT(t, t_write_file(p, "洛阳新建医院。", strlen("洛阳新建医院。")), 0);
    const char *lines = "{\"id\":1,\"text\":\"开封修路。\"}\n{\"id\":2,\"text\":\"开封修桥。\"}\n";
    T_INT(t, t_write_file(jl, lines, strlen(lines)), 0);
    u_run r;
    char a_slash[1300];
    /* the same tree, written otherwise */
    snprintf(a_slash, sizeof a_slash, "%s/../jl-replace/./a//", dir);
    char *in_a[] = {a, NULL}, *in_b[] = {b, NULL}, *in_a_slash[] = {a_slash, NULL};
    T_INT(t, build(t, index, NULL, in_a, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    /* another folder: refused, the index untouched */
    T_INT(t, build(t, index, NULL, in_b, &r), 0);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "holds 3 documents (of 3) from paths that are not among the inputs") &&
                strstr(r.err, "--replace"));
    u_run_free(&r);
    T_INT(t, count(t, index, "学校"), 3);
    /* the same tree (also as DIR/../jl-replace/./a//), or more trees: rebuilt;
     * a file gone is fine */
    snprintf(p, sizeof p, "%s/a2.txt", a);
    remove(p);
    T_INT(t, build(t, index, NULL, in_a_slash, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, build(t, index, NULL, in_a, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, count(t, index, "学校"), 2);
    char *in_ab[] = {a, b, NULL};
    T_INT(t, build(t, index, NULL, in_ab, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    /* a subset drops b0.txt: refused */
    T_INT(t, build(t, index, NULL, in_a, &r), 0);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "holds 1 document (of 3)") != NULL);
    u_run_free(&r);
    /* --replace forces it */
    char *rep[] = {"--replace", NULL};
    T_INT(t, build(t, index, rep, in_b, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, count(t, index, "学校"), 0);
    T_INT(t, count(t, index, "医院"), 1);
    /* JSON Lines records are covered by their file */
    char *fmt_rep[] = {"--format", "jsonl", "--replace", NULL},
         *fmt[] = {"--format", "jsonl", NULL};
    char *in_jl[] = {jl, NULL};
    T_INT(t, build(t, index, fmt_rep, in_jl, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, build(t, index, fmt, in_jl, &r), 0);
    T_INT(t, r.status, 0);
    u_run_free(&r);
    T_INT(t, build(t, index, NULL, in_b, &r), 0);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "holds 2 documents") && strstr(r.err, "docs.jsonl#1"));
    u_run_free(&r);
}

/* A sidecar of no input file is named; full-width digits in a date. */
static void test_sidecars(t_ctx *t)
{
    char dir[1100], index[1200], p[1300];
    snprintf(dir, sizeof dir, "%s/jl-side", t->tmpdir);
    snprintf(index, sizeof index, "%s-idx", dir);
    mkdir(dir, 0755);
    const char *body = "今年郑州新建学校。";
    snprintf(p, sizeof p, "%s/a.txt", dir);
    T_INT(t, t_write_file(p, body, strlen(body)), 0);
    snprintf(p, sizeof p, "%s/a.meta.json", dir); /* the slip: should be a.txt.meta.json */
    T_INT(t, t_write_file(p, "{\"date\":\"2020\"}", 15), 0);
    snprintf(p, sizeof p, "%s/b.txt", dir);
    T_INT(t, t_write_file(p, body, strlen(body)), 0);
    const char *fw = "{\"date\": \"２０２４-０３-０１\", \"title\": \"全角日期\"}";
    snprintf(p, sizeof p, "%s/b.txt.meta.json", dir);
    T_INT(t, t_write_file(p, fw, strlen(fw)), 0);
    u_run r;
    char *in[] = {dir, NULL};
    T_INT(t, build(t, index, NULL, in, &r), 0);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.err, "a.meta.json: sidecar of no input file") != NULL);
    T_OK(t, strstr(r.err, "a.txt it should be named") != NULL);
    T_OK(t, strstr(r.err, "b.txt.meta.json:") == NULL);
    u_run_free(&r);
    char *q[] = {"--format", "json", "--date", "2024-03-01", NULL};
    T_INT(t, e2e_search(t, index, q, NULL, &r), 0);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "b.txt\"") && strstr(r.out, "\"title\":\"全角日期\"") &&
                strstr(r.out, "\"year\":[2024]"));
    T_OK(t, strstr(r.out, "a.txt\"") == NULL);
    u_run_free(&r);
}

/* TSV output with the directory `from` taken out of the doc names and
 * every score written S (the test is about the columns, not BM25). */
static char *tsv_masked(const char *out, const char *from)
{
    char *s = replace_all(out, from, "@");
    buf b;
    buf_init(&b);
    for (char *line = s, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl) *nl++ = '\0';
        char *score = strchr(line, '\t'), *rest = score ? strchr(score + 1, '\t') : NULL;
        if (line != s && score && rest) {
            buf_add(&b, line, (size_t)(score - line));
            buf_puts(&b, "\tS");
            buf_puts(&b, rest);
        } else {
            buf_puts(&b, line);
        }
        buf_putc(&b, '\n');
    }
    free(s);
    return buf_detach(&b, NULL);
}

/* Text output with `from` taken out and each hit's "[score]" written [S]. */
static char *text_masked(const char *out, const char *from)
{
    char *s = replace_all(out, from, "@");
    buf b;
    buf_init(&b);
    for (const char *p = s; *p;) {
        const char *open = strstr(p, ". ["), *close = open ? strchr(open, ']') : NULL;
        if (!close) {
            buf_puts(&b, p);
            break;
        }
        buf_add(&b, p, (size_t)(open - p));
        buf_puts(&b, ". [S");
        p = close;
    }
    free(s);
    return buf_detach(&b, NULL);
}

/* A record's url and other keys in every format (issue 13): TSV ends
 * with the columns url and extra (the other keys as their JSON object,
 * escaped as any field, so no field holds a raw tab or newline); text
 * shows them on the hit's document line, the keys as key=value with
 * strings unescaped and control characters as spaces. */
static void test_extra_keys(t_ctx *t)
{
    char dir[1100], index[1200], path[1300], from[1300];
    snprintf(dir, sizeof dir, "%s/jl-extra", t->tmpdir);
    snprintf(index, sizeof index, "%s-idx", dir);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/x.jsonl", dir);
    snprintf(from, sizeof from, "%s#", path);
    /* escapes: quotes, backslash, tab and newline in values, a quote in a
     * key, a tab in a url, non-ASCII keys and values, nested values */
    const char *lines =
        "{\"id\":\"r1\",\"text\":\"苹果价格上涨。\",\"title\":\"水果\",\"date\":\"2024-05-01\","
        "\"url\":\"https://example.com/a?x=1&y=\\\"q\\\"\",\"tag\":\"a\\tb\\nc\","
        "\"note\":\"引号\\\"和\\\\反斜杠\",\"n\":3,\"list\":[1,\"二\"]}\n"
        "{\"id\":\"r2\",\"text\":\"苹果丰收。\"}\n"
        "{\"id\":\"r3\",\"text\":\"苹果出口。\",\"url\":\"http://例子.cn/路径\\t1\","
        "\"来源\":\"新华社\",\"k\\\"ey\":{\"a\":[true,null]}}\n";
    T_INT(t, t_write_file(path, lines, strlen(lines)), 0);
    u_run r;
    char *fmt[] = {"--format", "jsonl", NULL}, *in[] = {path, NULL};
    T_INT(t, build(t, index, fmt, in, &r), 0);
    if (!T_INT(t, r.status, 0)) printf("  %s\n", r.err);
    u_run_free(&r);

    char *tsv[] = {"--format", "tsv", "--sort", "doc", "苹果", NULL};
    if (!T_INT(t, e2e_search(t, index, tsv, NULL, &r), 0)) return;
    T_INT(t, r.status, 0);
    char *got = tsv_masked(r.out, from);
    T_STR(t, got,
          "rank\tscore\tdoc\tpassage\tstart\tend\tkind\tcity\tyear\tfacts\tsnippet\tdate\ttitle"
          "\tchapter\tarticle\turl\textra\n"
          "1\tS\t@r1\t0\t0\t21\tbody\t\t2024\t\t苹果价格上涨。\t2024-05-01\t水果\t\t"
          "\thttps://example.com/a?x=1&y=\"q\""
          "\t{\"tag\":\"a\\\\tb\\\\nc\",\"note\":\"引号\\\\\"和\\\\\\\\反斜杠\",\"n\":3,"
          "\"list\":[1,\"二\"]}\n"
          "2\tS\t@r2\t0\t0\t15\tbody\t\t\t\t苹果丰收。\t\t\t\t\t\t\n"
          "3\tS\t@r3\t0\t0\t15\tbody\t\t\t\t苹果出口。\t\t\t\t\thttp://例子.cn/路径\\t1"
          "\t{\"来源\":\"新华社\",\"k\\\\\"ey\":{\"a\":[true,null]}}\n");
    free(got);
    /* every line has the header's 17 columns: no field holds a raw tab */
    int bad = 0;
    for (char *line = r.out, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) break;
        int tabs = 0;
        for (char *p = line; p < nl; p++) tabs += *p == '\t';
        bad += tabs != 16;
    }
    T_INT(t, bad, 0);
    u_run_free(&r);

    char *text[] = {"--color", "never", "--sort", "doc", "苹果", NULL};
    if (!T_INT(t, e2e_search(t, index, text, NULL, &r), 0)) return;
    got = text_masked(r.out, from);
    T_STR(t, got,
          "1. [S] @r1 #0 (bytes 0-21)\n"
          "   2024-05-01  水果  https://example.com/a?x=1&y=\"q\"  tag=a b c  "
          "note=引号\"和\\反斜杠  n=3  list=[1,\"二\"]\n"
          "   [2024]\n"
          "   苹果价格上涨。\n"
          "2. [S] @r2 #0 (bytes 0-15)\n"
          "   苹果丰收。\n"
          "3. [S] @r3 #0 (bytes 0-15)\n"
          "   http://例子.cn/路径 1  来源=新华社  k\"ey={\"a\":[true,null]}\n"
          "   苹果出口。\n"
          "3 matching passages, showing 1-3\n");
    free(got);
    u_run_free(&r);
}

void suite_e2e_jsonl(t_ctx *t)
{
    t_run(t, "e2e_jsonl_equals_sidecars", test_jsonl_equals_sidecars);
    t_run(t, "e2e_jsonl_bad_lines", test_jsonl_bad_lines);
    t_run(t, "e2e_jsonl_invalid_text", test_jsonl_invalid_text);
    t_run(t, "e2e_jsonl_gz_equals_plain", test_gz_equals_plain);
    t_run(t, "e2e_jsonl_no_silent_replace", test_no_silent_replace);
    t_run(t, "e2e_jsonl_sidecars", test_sidecars);
    t_run(t, "e2e_jsonl_extra_keys", test_extra_keys);
}
