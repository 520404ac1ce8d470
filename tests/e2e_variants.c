/* e2e_variants.c - traditional and simplified Chinese find each other, and
 * Big5 is recognised (issue 15).
 *
 * At test time every seed of corpus/ is copied four ways into the scratch
 * directory: as it is (simplified), in traditional characters (opencc -c
 * s2t.json: OpenCC's standard forms, 爲 羣), in Taiwan's forms (s2tw.json:
 * 為 群, what Big5 files hold), and that Taiwan copy in Big5 without a BOM
 * (iconv -c: the three characters of the seeds Big5 lacks, ‰ 勐 勠, are
 * dropped), plus the Big5 copy decoded back to UTF-8.  Then:
 *   - zhindex passages gives the same passages, cities, years, facts (fields
 *     included) and chapter/article labels for the simplified and both
 *     traditional copies (text, title and evidence are as written);
 *   - every test query (util_index.c), asked in simplified and in
 *     traditional characters, finds the same passages with the same scores,
 *     cities, years and highlights in every index; so do city:, conditions
 *     and facets;
 *   - the Big5 copy is detected as Big5 and indexes exactly as its UTF-8
 *     twin (text included);
 *   - --exact-script keeps only the script typed.
 * The copies need the opencc command; without it the tests fail, saying so
 * (scripts/deps.sh installs it). */
#include "buf.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The copies, by directory name under tmpdir/variants. */
enum { V_SIMP, V_TRAD, V_TW, V_BIG5, V_BIG5_UTF8, NV };
static const char *const vname[NV] = {"simp", "trad", "tw", "big5", "big5utf8"};

/* Keys whose values are in the document's own script (or name its file):
 * blanked before outputs are compared. */
static const char *const written_keys[] = {"text", "snippet", "title", "evidence", "query"};

typedef struct variants {
    int ok; /* -1 not made yet, 0 failed, 1 made */
    char dir[1024];
    char src[NV][1100], idx[NV][1100];
} variants;

static variants vx = {-1, "", {""}, {""}};

/* Run a shell command; 0 when it ran and exited 0, else -1 (its stderr
 * printed). */
static int sh(const char *cmd)
{
    char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
    u_run r;
    if (u_run_cmd(argv, NULL, 0, &r)) return -1;
    int st = r.status;
    if (st) printf("  command failed (%d): %s\n  %s\n", st, cmd, r.err);
    u_run_free(&r);
    return st ? -1 : 0;
}

static int have_opencc(void)
{
    return sh("command -v opencc >/dev/null 2>&1 && command -v iconv >/dev/null 2>&1");
}

/* Make the copies and their indexes (once per run). */
static int make_variants(t_ctx *t)
{
    if (vx.ok >= 0) return vx.ok ? 0 : -1;
    vx.ok = 0;
    if (have_opencc()) {
        printf("  opencc (or iconv) is missing: the traditional copies of the seeds cannot be "
               "made; scripts/deps.sh installs it (Debian package opencc)\n");
        return -1;
    }
    snprintf(vx.dir, sizeof vx.dir, "%s/variants", t->tmpdir);
    mkdir(vx.dir, 0755);
    char corpus[1024];
    e2e_corpus(t, corpus, sizeof corpus);
    for (int v = 0; v < NV; v++) {
        snprintf(vx.src[v], sizeof vx.src[v], "%s/%s", vx.dir, vname[v]);
        snprintf(vx.idx[v], sizeof vx.idx[v], "%s/idx-%s", vx.dir, vname[v]);
        mkdir(vx.src[v], 0755);
    }
    if (u_copy_dir(corpus, vx.src[V_SIMP])) return -1;
    char **names;
    size_t n;
    if (u_list_dir(corpus, ".txt", &names, &n)) return -1;
    /* a sidecar whose title names the document's place: the annotator reads
     * titles in the simplified fold too (鶴壁市 is 鹤壁) */
    static const char side[] = "{\"title\": \"鹤壁市卫生健康委员会关于全市医疗卫生工作的报告\"}";
    char sp[1300];
    snprintf(sp, sizeof sp, "%s/%s.meta.json", vx.src[V_SIMP], n ? names[n - 1] : "x");
    if (t_write_file(sp, side, strlen(side))) n = 0;
    int rc = n ? 0 : -1;
    for (size_t i = 0; i < n && !rc; i++) {
        char cmd[8192];
        snprintf(cmd, sizeof cmd,
                 "set -e; cd '%s'; f='%s'; opencc -c s2t.json -i simp/$f -o trad/$f; "
                 "opencc -c s2tw.json -i simp/$f -o tw/$f; "
                 "iconv -c -f UTF-8 -t BIG5 tw/$f > big5/$f || true; "
                 "iconv -f BIG5 -t UTF-8 big5/$f > big5utf8/$f; m=$f.meta.json; "
                 "if [ -f simp/$m ]; then opencc -c s2t.json -i simp/$m -o trad/$m; "
                 "opencc -c s2tw.json -i simp/$m -o tw/$m; cp tw/$m big5/$m; "
                 "cp tw/$m big5utf8/$m; fi",
                 vx.dir, names[i]);
        rc = sh(cmd);
    }
    u_free_list(names, n);
    for (int v = 0; v < NV && !rc; v++) {
        char *args[] = {"build", "-q", "-o", vx.idx[v], vx.src[v], NULL};
        u_run r;
        if (e2e_zhindex(t, args, &r)) return -1;
        if (r.status) {
            printf("  building %s failed: %s\n", vname[v], r.err);
            rc = -1;
        }
        u_run_free(&r);
    }
    if (!rc) vx.ok = 1;
    return rc;
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

/* JSON Lines with the numbers of "start" and "end" emptied (in place):
 * byte offsets in the source file, which differ between encodings. */
static void blank_offsets(char *s)
{
    static const char *const keys[] = {"\"start\":", "\"end\":"};
    for (size_t k = 0; k < 2; k++) {
        size_t kl = strlen(keys[k]);
        for (char *p = strstr(s, keys[k]); p; p = strstr(p, keys[k])) {
            char *v = p + kl, *e = v;
            while (*e >= '0' && *e <= '9') e++;
            memmove(v, e, strlen(e) + 1);
            p = v;
        }
    }
}

/* JSON Lines with the string values of written_keys emptied (in place). */
static void blank_written(char *s)
{
    for (size_t k = 0; k < sizeof written_keys / sizeof *written_keys; k++) {
        char key[32];
        snprintf(key, sizeof key, "\"%s\":\"", written_keys[k]);
        size_t kl = strlen(key);
        for (char *p = strstr(s, key); p; p = strstr(p, key)) {
            char *v = p + kl, *e = v;
            while (*e && *e != '"') e += e[0] == '\\' && e[1] ? 2 : 1;
            memmove(v, e, strlen(e) + 1);
            p = v;
        }
    }
}

/* Output of a command on copy v, its directory written "@" (malloc'ed);
 * NULL when it could not run.  `in`: stdin (batch queries) or NULL. */
static char *run_on(t_ctx *t, int v, char *const *args, int search, const char *in, int *status)
{
    u_run r;
    int rc = search ? e2e_search(t, vx.idx[v], args, in, &r) : e2e_zhindex(t, args, &r);
    if (rc) return NULL;
    *status = r.status;
    char from[1200];
    snprintf(from, sizeof from, "%s/", vx.src[v]);
    char *out = replace_all(r.out, from, "@/");
    u_run_free(&r);
    return out;
}

/* Print where a and b first differ. */
static void show_diff(const char *what, const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++;
    size_t from = i > 200 ? i - 200 : 0;
    printf("  %s differ at byte %zu:\n--- want\n%.400s\n--- got\n%.400s\n", what, i, a + from,
           b + from);
}

/* zhindex passages: the same passages, places, years, facts and labels in
 * both scripts. */
static void test_variants_passages(t_ctx *t)
{
    if (!T_INT(t, make_variants(t), 0)) return;
    char *out[NV] = {0};
    int st[NV];
    for (int v = 0; v < NV; v++) {
        char *args[] = {"passages", vx.src[v], NULL};
        out[v] = run_on(t, v, args, 0, NULL, &st[v]);
        if (!T_OK(t, out[v] != NULL)) continue;
        T_INT(t, st[v], 0);
    }
    if (out[V_BIG5] && out[V_BIG5_UTF8]) { /* Big5 decodes to exactly its UTF-8 twin */
        blank_offsets(out[V_BIG5]);
        blank_offsets(out[V_BIG5_UTF8]);
        if (!T_STR(t, out[V_BIG5], out[V_BIG5_UTF8]))
            show_diff("big5 passages", out[V_BIG5_UTF8], out[V_BIG5]);
    }
    for (int v = 0; v < NV; v++)
        if (out[v]) blank_written(out[v]);
    for (int v = V_TRAD; v <= V_TW; v++) {
        if (!out[V_SIMP] || !out[v]) continue;
        if (!T_OK(t, strcmp(out[V_SIMP], out[v]) == 0)) show_diff(vname[v], out[V_SIMP], out[v]);
    }
    size_t lines = 0, facts = 0;
    for (const char *p = out[V_SIMP]; p && (p = strchr(p, '\n')); p++) lines++;
    for (const char *p = out[V_SIMP]; p && (p = strstr(p, "\"field\":")); p++) facts++;
    T_OK(t, lines > 200 && facts > 10);
    T_OK(t, out[V_SIMP] && strstr(out[V_SIMP], "\"city\":[\"鹤壁\"") != NULL); /* the title's */
    printf("  %zu passages, %zu facts alike in simplified, traditional and Taiwan forms\n", lines,
           facts);
    for (int v = 0; v < NV; v++) free(out[v]);
}

/* More queries than the test list: places, conditions, filters. */
static const char *const extra_queries[] = {
    "city:郑州",      "city:郑州市 医疗",    "托位数>0",        "每千人口托位数>0",
    "year:2024 卫生", "title:卫生 医疗",     "NEAR(医疗 卫生)", "\"健康河南\"",
    "卫生 -医院",     "医院 (改革 OR 服务)", "县级以上",        "乡镇卫生院 -郑州"};

/* The queries, one a line, in simplified (trad = 0) or traditional. */
static char *query_lines(int trad)
{
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < e2e_nqueries; i++) {
        buf_puts(&b, e2e_queries[i]);
        buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < sizeof extra_queries / sizeof *extra_queries; i++) {
        buf_puts(&b, extra_queries[i]);
        buf_putc(&b, '\n');
    }
    char *s = buf_detach(&b, NULL);
    if (!trad || !s) return s;
    char *argv[] = {"/bin/sh", "-c", "opencc -c s2t.json", NULL};
    u_run r;
    if (u_run_cmd(argv, s, strlen(s), &r)) {
        free(s);
        return NULL;
    }
    free(s);
    s = r.status ? NULL : strdup(r.out);
    u_run_free(&r);
    return s;
}

/* Every query in both scripts on every copy: the same hits, scores,
 * places, years, facts and highlights as the simplified query on the
 * simplified copy. */
static void test_variants_queries(t_ctx *t)
{
    if (!T_INT(t, make_variants(t), 0)) return;
    char *qs[2] = {query_lines(0), query_lines(1)};
    if (!T_OK(t, qs[0] && qs[1])) goto done;
    T_OK(t, strstr(qs[1], "鄭州") != NULL && strstr(qs[1], "託位數") != NULL);
    char *args[] = {"--format", "json",    "-n",   "1000", "--facet",
                    "city",     "--facet", "year", "-",    NULL};
    int st0 = -1;
    char *want = run_on(t, V_SIMP, args, 1, qs[0], &st0);
    if (!T_OK(t, want != NULL)) goto done;
    T_INT(t, st0, 2); /* "。" is a query error; the others run */
    char *raw_big5 = NULL, *raw_utf8 = NULL;
    blank_written(want);
    size_t hits = 0;
    for (const char *p = want; (p = strstr(p, "\"score\":")); p++) hits++;
    T_OK(t, hits > 1000);
    int differ = 0;
    char *want_big5 = NULL;
    for (int v = 0; v < NV; v++) {
        for (int q = 0; q < 2; q++) {
            int st = -1;
            char *got = run_on(t, v, args, 1, qs[q], &st);
            if (!T_OK(t, got != NULL)) continue;
            T_INT(t, st, st0);
            if (v >= V_BIG5) blank_offsets(got);
            if (q == 0 && v == V_BIG5) raw_big5 = strdup(got);
            if (q == 0 && v == V_BIG5_UTF8) raw_utf8 = strdup(got);
            blank_written(got);
            /* the Big5 copies lack three characters (see the top): they
             * are compared with each other, in both scripts */
            const char *w = want;
            if (v >= V_BIG5 && !want_big5) want_big5 = strdup(got);
            if (v >= V_BIG5) w = want_big5;
            if (w && strcmp(w, got)) {
                differ++;
                printf("  copy %s, %s queries:\n", vname[v], q ? "traditional" : "simplified");
                show_diff("results", w, got);
            }
            free(got);
        }
    }
    T_INT(t, differ, 0);
    /* Big5 and its UTF-8 twin: the same to the byte, text and snippets too */
    if (T_OK(t, raw_big5 && raw_utf8) && !T_STR(t, raw_big5, raw_utf8))
        show_diff("big5 results", raw_utf8, raw_big5);
    printf("  %zu hits of %zu queries alike in 3 copies and 2 scripts, and in Big5\n", hits,
           e2e_nqueries + sizeof extra_queries / sizeof *extra_queries);
    free(raw_big5);
    free(raw_utf8);
    free(want_big5);
    free(want);
done:
    free(qs[0]);
    free(qs[1]);
}

/* One count a line ("N<TAB>query") into counts[] (at most cap). */
static size_t parse_counts(const char *out, long *counts, size_t cap)
{
    size_t n = 0;
    for (const char *p = out; *p && n < cap;) {
        counts[n++] = strtol(p, NULL, 10);
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    return n;
}

/* --exact-script: a query finds only its own script; without it, both. */
static void test_variants_exact_script(t_ctx *t)
{
    if (!T_INT(t, make_variants(t), 0)) return;
    char *qs[2] = {query_lines(0), query_lines(1)};
    if (!T_OK(t, qs[0] && qs[1])) goto done;
    /* the word queries that s2t changes, one a line in each script */
    buf bq[2];
    buf_init(&bq[0]);
    buf_init(&bq[1]);
    size_t nq = 0;
    for (const char *a = qs[0], *b = qs[1]; *a && *b;) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        if (!ea || !eb) break;
        int changed = (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)) != 0);
        int plain = !memchr(a, ':', (size_t)(ea - a)) && !memchr(a, '>', (size_t)(ea - a)) &&
                    !memchr(a, '-', (size_t)(ea - a)) && !memchr(a, ' ', (size_t)(ea - a));
        if (changed && plain) {
            buf_add(&bq[0], a, (size_t)(ea - a) + 1);
            buf_add(&bq[1], b, (size_t)(eb - b) + 1);
            nq++;
        }
        a = ea + 1;
        b = eb + 1;
    }
    T_OK(t, nq > 30);
    char *cnt[] = {"--count", "-", NULL};
    char *ex[] = {"--count", "--exact-script", "-", NULL};
    long c[2][2][2][128]; /* [copy simp/trad][query script][exact] */
    int ok = 1;
    for (int v = 0; v < 2; v++)
        for (int q = 0; q < 2; q++)
            for (int e = 0; e < 2; e++) {
                int st;
                char *out = run_on(t, v == 0 ? V_SIMP : V_TRAD, e ? ex : cnt, 1, bq[q].data, &st);
                ok &= T_OK(t, out && parse_counts(out, c[v][q][e], 128) == nq);
                free(out);
            }
    size_t nonzero = 0;
    for (size_t i = 0; ok && i < nq; i++) {
        long n = c[0][0][0][i];
        nonzero += n > 0;
        /* without the option: either script finds either copy alike */
        T_INT(t, c[0][1][0][i], n);
        T_INT(t, c[1][0][0][i], n);
        T_INT(t, c[1][1][0][i], n);
        /* with it: the query's own script only */
        T_INT(t, c[0][0][1][i], n);
        T_INT(t, c[1][1][1][i], n);
        T_INT(t, c[0][1][1][i], 0);
        T_INT(t, c[1][0][1][i], 0);
    }
    T_OK(t, nonzero > 20);
    printf("  --exact-script: %zu queries, %zu with hits, none across scripts\n", nq, nonzero);
    /* width and case still fold with --exact-script; a mixed query needs
     * each word in its own script */
    int st;
    char *a1[] = {"--count", "--exact-script", "５Ｇ", NULL};
    char *a2[] = {"--count", "5g", NULL};
    char *o1 = run_on(t, V_SIMP, a1, 1, NULL, &st), *o2 = run_on(t, V_SIMP, a2, 1, NULL, &st);
    if (T_OK(t, o1 && o2)) T_STR(t, o1, o2);
    free(o1);
    free(o2);
    char *a3[] = {"--count", "--exact-script", "医疗 衛生", NULL};
    char *o3 = run_on(t, V_SIMP, a3, 1, NULL, &st);
    if (T_OK(t, o3)) T_STR(t, o3, "0\n");
    free(o3);
    buf_free(&bq[0]);
    buf_free(&bq[1]);
done:
    free(qs[0]);
    free(qs[1]);
}

void suite_e2e_variants(t_ctx *t)
{
    t_run(t, "e2e_variants_passages", test_variants_passages);
    t_run(t, "e2e_variants_queries", test_variants_queries);
    t_run(t, "e2e_variants_exact_script", test_variants_exact_script);
}
