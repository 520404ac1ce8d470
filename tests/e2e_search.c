/* e2e_search.c - zhsearch on an index of corpus/, checked against a plain
 * substring scan of the passages zhindex prints: every hit contains the
 * query words exactly (precision), hit counts equal the scan (recall),
 * scores recompute from --explain, the JSON schema holds, exit codes are
 * grep's. */
#include "buf.h"
#include "test.h"
#include "uchar.h"
#include "utf8.h"
#include "util.h"
#include "util_e2e.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* ---- the reference: folded substring scan ---------------------------------- */

/* Fold text as the tokenizer does (code point by code point). */
static char *fold(const char *s, size_t len)
{
    char *o = malloc(len * 4 + 1);
    size_t n = 0;
    const uint8_t *p = (const uint8_t *)s, *e = p + len;
    while (p < e) {
        uint32_t cp;
        p += u8_next(p, &cp);
        n += (size_t)u8_encode(uc_fold(cp), (uint8_t *)o + n);
    }
    o[n] = '\0';
    return o;
}

static int is_word_cp(const char *s, size_t at, int before)
{
    /* the code point just before `at` (before=1) or at `at` */
    if (before) {
        if (at == 0) return 0;
        size_t i = at - 1;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
        uint32_t cp;
        u8_next((const uint8_t *)s + i, &cp);
        return uc_class_of(cp) == UC_WORD;
    }
    if (!s[at]) return 0;
    uint32_t cp;
    u8_next((const uint8_t *)s + at, &cp);
    return uc_class_of(cp) == UC_WORD;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Does folded text contain folded word, with Latin/digit words whole?  A
 * decimal point between digits is part of a number (11.15 holds no 15). */
static int ref_contains(const char *text, const char *word)
{
    size_t wl = strlen(word);
    int wfirst = is_word_cp(word, 0, 0), wlast = is_word_cp(word, wl, 1);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        size_t at = (size_t)(p - text);
        if (wfirst && is_word_cp(text, at, 1)) continue;
        if (wlast && is_word_cp(text, at + wl, 0)) continue;
        if (is_digit(word[0]) && at >= 2 && text[at - 1] == '.' && is_digit(text[at - 2])) continue;
        if (is_digit(word[wl - 1]) && text[at + wl] == '.' && is_digit(text[at + wl + 1])) continue;
        return 1;
    }
    return 0;
}

/* A query of plain words: "a b" (AND), "a OR b", "-a" (NOT). */
static int ref_match(const char *ftext, const char *query)
{
    char q[512];
    snprintf(q, sizeof q, "%s", query);
    int ok = 1, cur = -1, neg = 0;
    /* clause value so far: cur (-1 none) */
    char *save = NULL;
    int pending_or = 0;
    for (char *tok = strtok_r(q, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (!strcmp(tok, "OR")) {
            pending_or = 1;
            continue;
        }
        int n = tok[0] == '-';
        char *fw = fold(tok + n, strlen(tok + n));
        int m = ref_contains(ftext, fw);
        free(fw);
        if (pending_or) {
            cur = cur || m;
            pending_or = 0;
            continue;
        }
        if (cur >= 0) ok = ok && (neg ? !cur : cur);
        cur = m;
        neg = n;
    }
    if (cur >= 0) ok = ok && (neg ? !cur : cur);
    return ok;
}

/* ---- the passages of the corpus ---------------------------------------------- */

typedef struct passages {
    char **ftext; /* folded texts */
    size_t n;
} passages;

static int load_passages(t_ctx *t, passages *ps)
{
    char zhindex[1024], corpus[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    e2e_corpus(t, corpus, sizeof corpus);
    char *argv[] = {zhindex, "passages", corpus, NULL};
    u_run r;
    if (u_run_cmd(argv, NULL, 0, &r) || r.status != 0) return -1;
    memset(ps, 0, sizeof *ps);
    for (char *line = r.out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        u_json v;
        if (u_json_parse(line, len, &v)) continue;
        const u_json *text = u_json_get(&v, "text");
        ps->ftext = realloc(ps->ftext, (ps->n + 1) * sizeof *ps->ftext);
        ps->ftext[ps->n++] = fold(text->str, text->str_len);
        u_json_free(&v);
    }
    u_run_free(&r);
    return 0;
}

static void free_passages(passages *ps)
{
    for (size_t i = 0; i < ps->n; i++) free(ps->ftext[i]);
    free(ps->ftext);
}

/* the queries: util_index.c, e2e_queries */

/* Every query of e2e_queries: the JSON hits are exactly the passages the
 * substring scan finds (none false, none missing), and --count agrees. */
static void precision_recall(t_ctx *t, const char *index, const passages *ps)
{
    for (size_t qi = 0; qi < e2e_nqueries; qi++) {
        const char *q = e2e_queries[qi];
        if (!strcmp(q, "。")) continue; /* punctuation is not searchable: see the error test */
        size_t want = 0;
        for (size_t i = 0; i < ps->n; i++) want += (size_t)ref_match(ps->ftext[i], q);
        u_run r;
        char *args[] = {"--format", "json", "-n", "1000000", (char *)q, NULL};
        if (!T_INT(t, e2e_search(t, index, args, NULL, &r), 0)) continue;
        T_INT(t, r.status, want ? 0 : 1);
        size_t got = 0, wrong = 0;
        for (char *line = r.out, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            if (!nl) break;
            u_json v;
            if (u_json_parse(line, (size_t)(nl - line), &v)) {
                wrong++;
                continue;
            }
            const u_json *text = u_json_get(&v, "text");
            char *ft = fold(text->str, text->str_len);
            if (!ref_match(ft, q)) {
                wrong++;
                printf("  false hit for %s: %.120s\n", q, text->str);
            }
            free(ft);
            got++;
            u_json_free(&v);
        }
        if (got != want) printf("  query %s: %zu hits, substring scan %zu\n", q, got, want);
        T_INT(t, got, want);
        T_INT(t, wrong, 0);
        u_run_free(&r);
        /* --count agrees */
        char *cargs[] = {"--count", (char *)q, NULL};
        if (e2e_search(t, index, cargs, NULL, &r) == 0) {
            T_INT(t, strtoull(r.out, NULL, 10), want);
            u_run_free(&r);
        }
    }
}

static void test_precision_recall(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    passages ps;
    if (!T_INT(t, load_passages(t, &ps), 0)) return;
    T_OK(t, ps.n > 100);
    precision_recall(t, index, &ps);
    free_passages(&ps);
}

/* ---- boolean queries against a recursive evaluator ---------------------------- */

/* An evaluator written apart from the parser, for the grammar of query.h:
 * conj := disj (["AND"] disj)*, disj := unary ("OR" unary)*,
 * unary := ("-" | "NOT") unary | "(" conj ")" | word.  Tokens are
 * separated by spaces; "-" is glued to what follows. */
typedef struct bref {
    char **tok;
    size_t n, i;
    const char *ftext;
} bref;

static int bref_conj(bref *b);

static int bref_unary(bref *b)
{
    const char *x = b->tok[b->i];
    if (!strcmp(x, "NOT")) {
        b->i++;
        return !bref_unary(b);
    }
    if (x[0] == '-' && x[1]) {
        b->tok[b->i] = (char *)x + 1; /* the rest of the token */
        return !bref_unary(b);
    }
    if (!strcmp(x, "(")) {
        b->i++;
        int v = bref_conj(b);
        b->i++; /* ")" */
        return v;
    }
    b->i++;
    char *fw = fold(x, strlen(x));
    int v = ref_contains(b->ftext, fw);
    free(fw);
    return v;
}

static int bref_disj(bref *b)
{
    int v = bref_unary(b);
    while (b->i < b->n && !strcmp(b->tok[b->i], "OR")) {
        b->i++;
        v |= bref_unary(b);
    }
    return v;
}

static int bref_conj(bref *b)
{
    int v = bref_disj(b);
    while (b->i < b->n && strcmp(b->tok[b->i], ")")) {
        if (!strcmp(b->tok[b->i], "AND")) b->i++;
        v &= bref_disj(b);
    }
    return v;
}

static int bref_match(const char *ftext, const char *query)
{
    char q[512], *tok[128], *save = NULL;
    snprintf(q, sizeof q, "%s", query);
    size_t n = 0;
    for (char *x = strtok_r(q, " ", &save); x && n < 128; x = strtok_r(NULL, " ", &save))
        tok[n++] = x;
    bref b = {tok, n, 0, ftext};
    return bref_conj(&b);
}

/* A random expression over `vocab` (seeded LCG), `depth` levels deep. */
static void random_expr(uint64_t *rng, int depth, char *out, size_t cap)
{
    static const char *const vocab[] = {"医疗", "医院", "服务", "托育", "健康", "郑州",
                                        "卫生", "中医", "县",   "2024", "基层", "人才"};
    *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
    unsigned r = (unsigned)(*rng >> 33);
    size_t o = strlen(out);
    if (depth == 0 || r % 4 == 0) {
        snprintf(out + o, cap - o, "%s%s", r % 5 == 0 ? "-" : "", vocab[(r / 5) % 12]);
        return;
    }
    static const char *const ops[] = {" ", " AND ", " OR ", " NOT "};
    const char *op = ops[(r / 4) % 4];
    int paren = (r / 16) % 2;
    snprintf(out + o, cap - o, "%s", paren ? "( " : "");
    random_expr(rng, depth - 1, out, cap);
    o = strlen(out);
    snprintf(out + o, cap - o, "%s", op);
    random_expr(rng, depth - 1, out, cap);
    o = strlen(out);
    snprintf(out + o, cap - o, "%s", paren ? " )" : "");
}

/* 300 random boolean queries (each ANDed with a word, so that there is
 * something to match): --count equals the evaluator's count on every
 * passage, and the queries go through one batch run. */
static void boolean_oracle(t_ctx *t, const char *index, const passages *ps)
{
    enum { NQ = 300 };
    static char qs[NQ][400];
    buf in;
    buf_init(&in);
    uint64_t rng = 20261128;
    for (size_t i = 0; i < NQ; i++) {
        snprintf(qs[i], sizeof qs[i], "%s ( ", i % 2 ? "医疗" : "健康");
        random_expr(&rng, 3, qs[i], sizeof qs[i]);
        strcat(qs[i], " )");
        buf_printf(&in, "%s\n", qs[i]);
    }
    u_run r;
    char *args[] = {"--count", "-", NULL};
    if (!T_INT(t, e2e_search(t, index, args, in.data, &r), 0)) return;
    T_STR(t, r.err, ""); /* every query parsed: one line each */
    size_t agree = 0, nonzero = 0;
    char *line = r.out;
    for (size_t i = 0; i < NQ && line && *line; i++) {
        size_t want = 0;
        for (size_t k = 0; k < ps->n; k++) want += (size_t)bref_match(ps->ftext[k], qs[i]);
        size_t got = strtoull(line, NULL, 10);
        if (got == want)
            agree++;
        else
            printf("  %s: zhsearch %zu, evaluator %zu\n", qs[i], got, want);
        nonzero += want > 0;
        line = strchr(line, '\n');
        if (line) line++;
    }
    printf("  %d random boolean queries: %zu agree (%zu with matches)\n", NQ, agree, nonzero);
    T_INT(t, agree, NQ);
    T_OK(t, nonzero > NQ / 4);
    u_run_free(&r);
    buf_free(&in);
}

static void test_boolean_oracle(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    passages ps;
    if (!T_INT(t, load_passages(t, &ps), 0)) return;
    boolean_oracle(t, index, &ps);
    free_passages(&ps);
}

/* ---- a 10 MB slice of the shared corpora ---------------------------------------- */

/* Bytes of CCTV stories (whole JSON lines, from the start of the file). */
#define SLICE_BYTES    (10u << 20)
#define SLICE_LINE_MAX (1u << 20)

/* Add the folded texts of every passage the JSON Lines in `out` hold. */
static void add_exported(passages *ps, const char *out)
{
    for (const char *line = out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        u_json v;
        if (u_json_parse(line, len, &v)) continue;
        const u_json *text = u_json_get(&v, "text");
        if (text) {
            ps->ftext = realloc(ps->ftext, (ps->n + 1) * sizeof *ps->ftext);
            ps->ftext[ps->n++] = fold(text->str, text->str_len);
        }
        u_json_free(&v);
    }
}

/* Index the first SLICE_BYTES of ../shared/corpora/cctv_news.jsonl.gz
 * (--format jsonl) into TMP/idx-slice and load the folded text of every
 * passage, exported as kind:body and kind:heading (every passage is one
 * of them).  -1 when the corpus cannot be read. */
static int slice_index(t_ctx *t, char *index, size_t cap, passages *ps)
{
    char src[1024], jsonl[1024], zhindex[1024];
    snprintf(src, sizeof src, "%s/../shared/corpora/cctv_news.jsonl.gz", t->srcdir);
    snprintf(jsonl, sizeof jsonl, "%s/slice.jsonl", t->tmpdir);
    snprintf(index, cap, "%s/idx-slice", t->tmpdir);
    memset(ps, 0, sizeof *ps);
    gzFile gz = gzopen(src, "rb");
    FILE *f = fopen(jsonl, "w");
    char *line = malloc(SLICE_LINE_MAX);
    size_t bytes = 0;
    while (gz && f && line && bytes < SLICE_BYTES && gzgets(gz, line, (int)SLICE_LINE_MAX)) {
        bytes += strlen(line);
        fputs(line, f);
    }
    free(line);
    if (gz) gzclose(gz);
    if (f) fclose(f);
    if (!T_OK(t, bytes >= SLICE_BYTES)) return -1;
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "build", "-q", "--format", "jsonl", "-o", index, jsonl, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return -1;
    int built = T_INT(t, r.status, 0);
    u_run_free(&r);
    if (!built) return -1;
    static const char *const kinds[] = {"kind:body", "kind:heading"};
    for (size_t k = 0; k < 2; k++) {
        char *args[] = {"--format", "json", "-n", "1000000", (char *)kinds[k], NULL};
        if (!T_INT(t, e2e_search(t, index, args, NULL, &r), 0)) return -1;
        add_exported(ps, r.out);
        u_run_free(&r);
    }
    /* the export holds every passage the index has */
    char *sargs[] = {zhindex, "stats", index, NULL};
    if (!T_INT(t, u_run_cmd(sargs, NULL, 0, &r), 0)) return -1;
    const char *p = strstr(r.out, "passages ");
    T_OK(t, p && strtoull(p + 9, NULL, 10) == ps->n);
    u_run_free(&r);
    return 0;
}

/* Code point positions of the occurrences of folded `word` in folded
 * `text` (up to cap). */
static size_t ref_positions(const char *text, const char *word, uint32_t *pos, size_t cap)
{
    size_t n = 0;
    for (const char *p = strstr(text, word); p && n < cap; p = strstr(p + 1, word))
        pos[n++] = (uint32_t)u8_count(text, (size_t)(p - text));
    return n;
}

/* Does the text hold both words with a gap of at most dist code points
 * (the span of the two occurrences minus their lengths)? */
static int ref_near(const char *ftext, const char *a, const char *b, uint32_t dist)
{
    static uint32_t pa[4096], pb[4096];
    size_t na = ref_positions(ftext, a, pa, 4096), nb = ref_positions(ftext, b, pb, 4096);
    uint32_t la = (uint32_t)u8_count(a, strlen(a)), lb = (uint32_t)u8_count(b, strlen(b));
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            uint32_t s0 = pa[i] < pb[j] ? pa[i] : pb[j];
            uint32_t e0 = pa[i] + la > pb[j] + lb ? pa[i] + la : pb[j] + lb;
            if (e0 - s0 <= la + lb + dist) return 1;
        }
    return 0;
}

/* NEAR(a b, N) and "a b"~N against a scan of every passage for the
 * closest pair of occurrences, over Chinese word pairs and distances. */
static void near_oracle(t_ctx *t, const char *index, const passages *ps)
{
    static const char *const vocab[] = {"医疗", "服务", "健康", "卫生",   "基层", "能力",
                                        "建设", "郑州", "托育", "中医药", "县",   "群众"};
    static const uint32_t dists[] = {0, 1, 3, 8, 30};
    enum { NV = sizeof vocab / sizeof *vocab, ND = sizeof dists / sizeof *dists };
    buf in;
    buf_init(&in);
    static char qs[NV * NV * ND][96];
    static size_t want[NV * NV * ND];
    size_t nq = 0;
    for (size_t a = 0; a < NV; a++)
        for (size_t b = a + 1; b < NV; b += 3)
            for (size_t k = 0; k < ND; k++) {
                if (k % 2)
                    snprintf(qs[nq], sizeof qs[nq], "NEAR(%s %s, %u)", vocab[a], vocab[b],
                             dists[k]);
                else
                    snprintf(qs[nq], sizeof qs[nq], "\"%s %s\"~%u", vocab[b], vocab[a], dists[k]);
                want[nq] = 0;
                for (size_t i = 0; i < ps->n; i++)
                    want[nq] += (size_t)ref_near(ps->ftext[i], vocab[a], vocab[b], dists[k]);
                buf_printf(&in, "%s\n", qs[nq]);
                nq++;
            }
    u_run r;
    char *args[] = {"--count", "-", NULL};
    if (!T_INT(t, e2e_search(t, index, args, in.data, &r), 0)) return;
    T_STR(t, r.err, "");
    size_t agree = 0, nonzero = 0;
    char *line = r.out;
    for (size_t i = 0; i < nq && line && *line; i++) {
        size_t got = strtoull(line, NULL, 10);
        if (got == want[i])
            agree++;
        else
            printf("  %s: zhsearch %zu, scan %zu\n", qs[i], got, want[i]);
        nonzero += want[i] > 0;
        line = strchr(line, '\n');
        if (line) line++;
    }
    printf("  %zu NEAR queries: %zu agree (%zu with matches)\n", nq, agree, nonzero);
    T_INT(t, agree, nq);
    T_OK(t, nonzero > nq / 3);
    u_run_free(&r);
    buf_free(&in);
}

static void test_near_oracle(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    passages ps;
    if (!T_INT(t, load_passages(t, &ps), 0)) return;
    near_oracle(t, index, &ps);
    free_passages(&ps);
}

/* The substring, boolean and NEAR oracles on 10 MB of real news (55,000-odd
 * passages), not only on corpus/. */
static void test_slice_oracles(t_ctx *t)
{
    char index[1024];
    passages ps;
    if (slice_index(t, index, sizeof index, &ps)) return;
    printf("  slice: %zu passages\n", ps.n);
    T_OK(t, ps.n > 20000);
    precision_recall(t, index, &ps);
    boolean_oracle(t, index, &ps);
    near_oracle(t, index, &ps);
    free_passages(&ps);
}

/* One hit of a JSON result list, as the shape checks need it. */
typedef struct shit {
    char doc[256];
    long passage;
    double score;
    char date[16];
    long others;
} shit;

static size_t read_hits(const char *out, shit *v, size_t cap)
{
    size_t n = 0;
    for (const char *line = out, *nl; *line && (nl = strchr(line, '\n')) && n < cap;
         line = nl + 1) {
        u_json j;
        if (u_json_parse(line, (size_t)(nl - line), &j)) continue;
        const u_json *doc = u_json_get(&j, "doc"), *ps = u_json_get(&j, "passage"),
                     *sc = u_json_get(&j, "score"), *dt = u_json_get(&j, "date"),
                     *ot = u_json_get(&j, "others");
        if (doc && ps && sc) {
            snprintf(v[n].doc, sizeof v[n].doc, "%s", doc->str);
            v[n].passage = (long)ps->num;
            v[n].score = sc->num;
            snprintf(v[n].date, sizeof v[n].date, "%s", dt && dt->str ? dt->str : "");
            v[n].others = ot ? (long)ot->num : -1;
            n++;
        }
        u_json_free(&j);
    }
    return n;
}

/* --sort, --collapse, -l and --count-by doc against the full result list
 * of the same query. */
static void test_shapes(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    static shit all[4096], got[4096];
    static const char *const qs[] = {"医院", "医保", "健康 服务", "托育"};
    for (size_t qi = 0; qi < sizeof qs / sizeof *qs; qi++) {
        u_run r;
        char *args[] = {"--format", "json", "-n", "100000", (char *)qs[qi], NULL};
        if (!T_INT(t, e2e_search(t, index, args, NULL, &r), 0)) return;
        size_t n = read_hits(r.out, all, 4096);
        u_run_free(&r);
        /* documents and their counts, best scores */
        char docs[64][256];
        size_t cnt[64] = {0}, nd = 0, best[64] = {0};
        for (size_t i = 0; i < n; i++) {
            size_t k = 0;
            while (k < nd && strcmp(docs[k], all[i].doc)) k++;
            if (k == nd && nd < 64) {
                snprintf(docs[nd], sizeof docs[nd], "%s", all[i].doc);
                best[nd] = i; /* hits come best first */
                nd++;
            }
            if (k < 64) cnt[k]++;
        }
        /* --count-by doc: every document once, with its count */
        char *cb[] = {"--count-by", "doc", (char *)qs[qi], NULL};
        if (e2e_search(t, index, cb, NULL, &r) == 0) {
            size_t lines = 0, ok = 0;
            for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
                *nl = '\0';
                char *tab = strchr(line, '\t');
                lines++;
                for (size_t k = 0; tab && k < nd; k++)
                    ok += !strcmp(tab + 1, docs[k]) && strtoul(line, NULL, 10) == cnt[k];
            }
            T_INT(t, lines, nd);
            T_INT(t, ok, nd);
            u_run_free(&r);
        }
        /* -l: the same documents, names only */
        char *l[] = {"-l", (char *)qs[qi], NULL};
        if (e2e_search(t, index, l, NULL, &r) == 0) {
            size_t lines = 0;
            for (char *p = r.out; *p; p++) lines += *p == '\n';
            T_INT(t, lines, nd);
            for (size_t k = 0; k < nd; k++) T_OK(t, strstr(r.out, docs[k]) != NULL);
            u_run_free(&r);
        }
        /* --collapse: one hit per document, its best, with the others */
        char *co[] = {"--format", "json", "-n", "100", "--collapse", (char *)qs[qi], NULL};
        if (e2e_search(t, index, co, NULL, &r) == 0) {
            size_t m = read_hits(r.out, got, 4096);
            T_INT(t, m, nd);
            for (size_t i = 0; i < m; i++) {
                size_t k = 0;
                while (k < nd && strcmp(docs[k], got[i].doc)) k++;
                if (!T_OK(t, k < nd)) break;
                T_INT(t, got[i].passage, all[best[k]].passage);
                T_INT(t, got[i].others, (long)cnt[k] - 1);
                if (i) T_OK(t, got[i].score <= got[i - 1].score);
            }
            u_run_free(&r);
        }
        /* --sort doc / date / -date: the same hits in that order */
        static const char *const sorts[] = {"doc", "date", "-date"};
        for (size_t si = 0; si < 3; si++) {
            char *so[] = {"--format",        "json",         "-n", "100000", "--sort",
                          (char *)sorts[si], (char *)qs[qi], NULL};
            if (e2e_search(t, index, so, NULL, &r)) continue;
            size_t m = read_hits(r.out, got, 4096);
            T_INT(t, m, n);
            for (size_t i = 1; i < m; i++) {
                int c = strcmp(got[i - 1].date, got[i].date);
                int d = strcmp(got[i - 1].doc, got[i].doc);
                if (si == 0)
                    T_OK(t, d < 0 || (d == 0 && got[i - 1].passage < got[i].passage));
                else if (got[i - 1].date[0] && got[i].date[0])
                    T_OK(t, si == 1 ? c <= 0 : c >= 0);
                else
                    T_OK(t, got[i].date[0] == '\0'); /* undated last */
            }
            u_run_free(&r);
        }
    }
}

/* -C/-B/-A: the neighbouring passages of the same document, clipped at
 * its ends, with the texts zhindex passages gives them. */
static void test_context(t_ctx *t)
{
    char index[1024], zhindex[1024], corpus[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    e2e_corpus(t, corpus, sizeof corpus);
    u_run ps;
    char *pargs[] = {zhindex, "passages", corpus, NULL};
    if (!T_INT(t, u_run_cmd(pargs, NULL, 0, &ps), 0)) return;
    u_run r;
    char *args[] = {"--format", "json", "-n", "40", "-C", "2", "医院", NULL};
    if (!T_INT(t, e2e_search(t, index, args, NULL, &r), 0)) return;
    size_t hits = 0, neighbours = 0, right = 0;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json j;
        if (u_json_parse(line, (size_t)(nl - line), &j)) continue;
        const u_json *doc = u_json_get(&j, "doc"), *pn = u_json_get(&j, "passage");
        const char *base = strrchr(doc->str, '/');
        hits++;
        for (int side = 0; side < 2; side++) {
            const u_json *a = u_json_get(&j, side ? "after" : "before");
            if (!T_OK(t, a != NULL)) continue;
            long want = side ? (long)pn->num + 1 : (long)pn->num - 2;
            if (want < 0) want = 0;
            for (size_t i = 0; i < a->n; i++, want++) {
                const u_json *q = u_json_get(&a->items[i], "passage"),
                             *tx = u_json_get(&a->items[i], "text");
                neighbours++;
                /* the same document's passage with that ordinal has that text */
                char key[512];
                snprintf(key, sizeof key, "%s\",\"passage\":%ld,", base ? base + 1 : doc->str,
                         want);
                const char *at = strstr(ps.out, key);
                right += (long)q->num == want && at && strstr(at, tx->str) &&
                         strchr(at, '\n') > strstr(at, tx->str);
            }
            if (side == 0) T_OK(t, a->n <= 2 && (long)a->n <= (long)pn->num);
        }
        u_json_free(&j);
    }
    printf("  %zu hits, %zu neighbouring passages, %zu right\n", hits, neighbours, right);
    T_OK(t, hits > 10 && neighbours > hits);
    T_INT(t, right, neighbours);
    u_run_free(&r);
    u_run_free(&ps);
}

/* title:, kind: and doc: against the passages' own fields as zhindex
 * passages prints them: the counts agree. */
static void test_doc_filters(t_ctx *t)
{
    char index[1024], zhindex[1024], corpus[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    e2e_corpus(t, corpus, sizeof corpus);
    char *argv[] = {zhindex, "passages", corpus, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return;
    static const struct {
        const char *word, *field, *value;
    } cases[] = {{"健康", "title", "健康"},    {"健康", "kind", "heading"},
                 {"医院", "kind", "body"},     {"医院", "doc", "*000_*"},
                 {"医院", "doc", "*corpus/*"}, {"医疗", "title", "卫生健康"},
                 {"卫生", "doc", "nothing*"},  {"服务", "doc", "00[12]_*.txt"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t want = 0;
        char *fw = fold(cases[c].word, strlen(cases[c].word));
        for (char *line = r.out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
            nl = strchr(line, '\n');
            u_json v;
            if (u_json_parse(line, nl ? (size_t)(nl - line) : strlen(line), &v)) continue;
            const u_json *text = u_json_get(&v, "text"), *kind = u_json_get(&v, "kind"),
                         *doc = u_json_get(&v, "doc"), *title = u_json_get(&v, "title");
            char *ft = fold(text->str, text->str_len);
            int pass = ref_contains(ft, fw);
            free(ft);
            if (!strcmp(cases[c].field, "kind")) {
                pass = pass && !strcmp(kind->str, cases[c].value);
            } else if (!strcmp(cases[c].field, "title")) {
                pass = pass && title && title->str && strstr(title->str, cases[c].value);
            } else {
                const char *base = strrchr(doc->str, '/');
                pass = pass && (fnmatch(cases[c].value, doc->str, 0) == 0 ||
                                (base && fnmatch(cases[c].value, base + 1, 0) == 0));
            }
            want += (size_t)pass;
            u_json_free(&v);
        }
        free(fw);
        char q[128];
        snprintf(q, sizeof q, "%s %s:%s", cases[c].word, cases[c].field, cases[c].value);
        u_run s;
        char *args[] = {"--count", q, NULL};
        if (!T_INT(t, e2e_search(t, index, args, NULL, &s), 0)) continue;
        printf("  %s: %llu (scan %zu)\n", q, strtoull(s.out, NULL, 10), want);
        T_INT(t, strtoull(s.out, NULL, 10), want);
        u_run_free(&s);
    }
    u_run_free(&r);
}

/* Recompute every score from the factors --explain prints. */
static void test_explain(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    const char *qs[] = {"托育服务", "医共体 郑州", "蜱", "县域医疗中心 OR 医疗中心", "2024年"};
    for (size_t qi = 0; qi < sizeof qs / sizeof qs[0]; qi++) {
        u_run r;
        char *args[] = {"--format", "json", "--explain", "-n", "20", (char *)qs[qi], NULL};
        if (e2e_search(t, index, args, NULL, &r)) continue;
        T_INT(t, r.status, 0);
        int checked = 0, bad = 0;
        double prev = INFINITY;
        for (char *line = r.out, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            if (!nl) break;
            u_json v;
            if (u_json_parse(line, (size_t)(nl - line), &v)) {
                bad++;
                continue;
            }
            const u_json *ex = u_json_get(&v, "explain");
            double score = u_json_get(&v, "score")->num;
            double k1 = u_json_get(ex, "k1")->num, b = u_json_get(ex, "b")->num;
            double N = u_json_get(ex, "N")->num, dl = u_json_get(ex, "dl")->num;
            double avgdl = u_json_get(ex, "avgdl")->num;
            const u_json *words = u_json_get(ex, "words");
            double sum = 0;
            for (size_t w = 0; w < words->n; w++) {
                const u_json *wd = &words->items[w];
                const u_json *toks = u_json_get(wd, "tokens");
                double idf = 0;
                for (size_t k = 0; k < toks->n; k++) {
                    double df = u_json_get(&toks->items[k], "df")->num;
                    idf += log(1 + (N - df + 0.5) / (df + 0.5));
                }
                double tf = u_json_get(wd, "tf")->num;
                if (tf > 0) sum += idf * tf / (tf + k1 * (1 - b + b * dl / avgdl));
            }
            if (fabs(sum - score) > 1e-9 * fmax(1, score)) {
                bad++;
                printf("  %s: score %.17g, recomputed %.17g\n", qs[qi], score, sum);
            }
            if (score > prev) bad++; /* best first */
            prev = score;
            checked++;
            u_json_free(&v);
        }
        T_OK(t, checked > 0);
        T_INT(t, bad, 0);
        u_run_free(&r);
    }
}

/* Every hit object has the documented fields with the documented types, and
 * every highlight lies inside the text and covers a query word. */
static void test_json_schema(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r;
    char *args[] = {"--format", "json", "-n", "50", "医疗", NULL};
    if (e2e_search(t, index, args, NULL, &r)) return;
    static const char *const num_keys[] = {"rank", "score", "passage", "start", "end"};
    static const char *const str_keys[] = {"doc", "kind", "text", "snippet"};
    int bad = 0, n = 0;
    for (char *line = r.out, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) break;
        u_json v;
        if (u_json_parse(line, (size_t)(nl - line), &v) || v.t != UJ_OBJ) {
            bad++;
            continue;
        }
        n++;
        for (size_t k = 0; k < 5; k++) {
            const u_json *x = u_json_get(&v, num_keys[k]);
            if (!x || x->t != UJ_NUM) bad++;
        }
        for (size_t k = 0; k < 4; k++) {
            const u_json *x = u_json_get(&v, str_keys[k]);
            if (!x || x->t != UJ_STR) bad++;
        }
        if (u_json_get(&v, "rank")->num != n) bad++;
        if (u_json_get(&v, "start")->num >= u_json_get(&v, "end")->num) bad++;
        const u_json *text = u_json_get(&v, "text"), *hl = u_json_get(&v, "highlights");
        if (!hl || hl->t != UJ_ARR || hl->n == 0) {
            bad++;
        } else {
            size_t ncp = u8_count(text->str, text->str_len);
            for (size_t i = 0; i < hl->n; i++) {
                const u_json *h = &hl->items[i];
                if (h->t != UJ_ARR || h->n != 2) {
                    bad++;
                    continue;
                }
                size_t a = (size_t)h->items[0].num, e = (size_t)h->items[1].num;
                if (a >= e || e > ncp) {
                    bad++;
                    continue;
                }
                size_t from = u8_offset(text->str, text->str_len, a);
                size_t to = u8_offset(text->str, text->str_len, e);
                if (to - from != strlen("医疗") || memcmp(text->str + from, "医疗", to - from))
                    bad++;
            }
        }
        u_json_free(&v);
    }
    T_INT(t, n, 50);
    T_INT(t, bad, 0);
    u_run_free(&r);
}

static void test_exit_codes(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r;
    char *hit[] = {"医共体", NULL};
    e2e_search(t, index, hit, NULL, &r);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "matching passage") != NULL);
    T_INT(t, r.err_len, 0);
    u_run_free(&r);
    char *none[] = {"互联网医院", NULL};
    e2e_search(t, index, none, NULL, &r);
    T_INT(t, r.status, 1);
    u_run_free(&r);
    /* malformed queries: message with the column, nothing on stdout, exit 2 */
    const char *bad[] = {"\"unclosed", "医院 OR", "OR", "、", "-民营", "医院 - 诊所"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *args[] = {(char *)bad[i], NULL};
        e2e_search(t, index, args, NULL, &r);
        T_INT(t, r.status, 2);
        T_INT(t, r.out_len, 0);
        T_OK(t, strstr(r.err, "query error") != NULL);
        u_run_free(&r);
    }
    char *unclosed[] = {"医院", "\"民营", NULL};
    e2e_search(t, index, unclosed, NULL, &r);
    T_OK(t, strstr(r.err, "column 4") && strstr(r.err, "^"));
    u_run_free(&r);
    /* a mistyped option or command: one line with a suggestion, exit 2 */
    char *typo[] = {"--limt", "5", "医院", NULL};
    e2e_search(t, index, typo, NULL, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "unknown option '--limt' (did you mean --limit?)") != NULL);
    u_run_free(&r);
    char *cmd[] = {"biuld", NULL};
    if (e2e_zhindex(t, cmd, &r) == 0) {
        T_INT(t, r.status, 2);
        T_OK(t, strstr(r.err, "unknown command 'biuld' (did you mean build?)") != NULL);
        T_OK(t, strlen(r.err) < 200); /* a hint, not the whole usage */
        u_run_free(&r);
    }
    /* an empty query */
    char *empty[] = {"", NULL};
    e2e_search(t, index, empty, NULL, &r);
    T_INT(t, r.status, 2);
    u_run_free(&r);
    /* no index */
    char missing[1024];
    snprintf(missing, sizeof missing, "%s/no-such-index", t->tmpdir);
    e2e_search(t, missing, hit, NULL, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "no index here") != NULL);
    u_run_free(&r);
    /* bad options */
    char *badopt[] = {"--limit", "x", "医院", NULL};
    e2e_search(t, index, badopt, NULL, &r);
    T_INT(t, r.status, 2);
    u_run_free(&r);
}

static void test_batch(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r;
    char *args[] = {"--count", "-", NULL};
    e2e_search(t, index, args, "医共体\n# a comment\n\n互联网医院\n\"bad\n托育服务\n", &r);
    /* one line per query with its count; the bad one reported with its line */
    T_STR(t, r.out, "10\t医共体\n0\t互联网医院\n4\t托育服务\n");
    T_OK(t, strstr(r.err, "line 5") != NULL);
    T_INT(t, r.status, 2);
    u_run_free(&r);
    char *json[] = {"--format", "json", "-n", "1", "-", NULL};
    e2e_search(t, index, json, "医共体\n蜱\n", &r);
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "\"query\":\"医共体\"") && strstr(r.out, "\"query\":\"蜱\""));
    u_run_free(&r);
    /* a query without hits still has its line; --summary closes each query */
    char *sum[] = {"--format", "json", "-n", "2", "--summary", "-", NULL};
    e2e_search(t, index, sum, "医共体\n火星\n", &r);
    T_OK(t, strstr(r.out, "{\"query\":\"火星\",\"total\":0}\n") != NULL);
    T_OK(t, strstr(r.out, "{\"summary\":{\"query\":\"医共体\",\"total\":10,\"shown\":2,") != NULL);
    T_OK(t, strstr(r.out, "{\"summary\":{\"query\":\"火星\",\"total\":0,\"shown\":0,") != NULL);
    u_run_free(&r);
    /* a limit over the cap names the cap */
    char *big[] = {"-n", "10000000", "医", NULL};
    e2e_search(t, index, big, NULL, &r);
    T_INT(t, r.status, 2);
    T_OK(t, strstr(r.err, "over the limit of 1000000") != NULL);
    u_run_free(&r);
    char *tsv[] = {"--format", "tsv", "-n", "2", "托育服务", NULL};
    e2e_search(t, index, tsv, NULL, &r);
    const char *hdr =
        "rank\tscore\tdoc\tpassage\tstart\tend\tkind\tcity\tyear\tfacts\tsnippet\tdate"
        "\ttitle\tchapter\tarticle\turl\textra\n";
    T_OK(t, !strncmp(r.out, hdr, strlen(hdr)));
    size_t lines = 0;
    for (char *p = r.out; *p; p++) lines += *p == '\n';
    T_INT(t, lines, 3);
    u_run_free(&r);
}

/* A larger index (a TSV of 6000 passages mixed from the corpus's
 * sentences): pruned top-k equals the exhaustive ranking, and TSV ids come
 * back. */
/* Build (once) an index of 6,000 passages mixed from the corpus's
 * passages (a prefix of one and a suffix of another) into `index`. */
static int build_mixed(t_ctx *t, char *index, size_t cap)
{
    snprintf(index, cap, "%s/idx-mixed", t->tmpdir);
    char man[1100];
    snprintf(man, sizeof man, "%s/MANIFEST", index);
    if (access(man, F_OK) == 0) return 0;
    passages ps;
    if (!T_INT(t, load_passages(t, &ps), 0)) return -1;
    /* re-read the unfolded texts through the search JSON is not needed:
     * folded text is fine to index (it is what matching sees) */
    char tsv[1024];
    snprintf(tsv, sizeof tsv, "%s/mixed.tsv", t->tmpdir);
    FILE *f = fopen(tsv, "w");
    if (!T_OK(t, f != NULL)) {
        free_passages(&ps);
        return -1;
    }
    uint64_t seed = 7;
    for (int i = 1; i <= 6000; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const char *a = ps.ftext[(seed >> 33) % ps.n];
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const char *b = ps.ftext[(seed >> 33) % ps.n];
        /* a prefix of one passage and a suffix of another, cut at a character */
        size_t la = strlen(a) / 2, lb = strlen(b) / 3;
        while (la && ((unsigned char)a[la] & 0xC0) == 0x80) la--;
        while (lb && ((unsigned char)b[lb] & 0xC0) == 0x80) lb--;
        fprintf(f, "%d\t\t0\t%.*s%s\n", i * 3, (int)la, a, b + lb);
    }
    fclose(f);
    free_passages(&ps);
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "build", "-q", "--format", "tsv", "-o", index, tsv, NULL};
    u_run r;
    u_run_cmd(argv, NULL, 0, &r);
    int ok = T_INT(t, r.status, 0);
    u_run_free(&r);
    return ok ? 0 : -1;
}

static void test_topk_pruning(t_ctx *t)
{
    char index[1024];
    if (build_mixed(t, index, sizeof index)) return;
    u_run r;
    const char *qs[] = {"医疗", "卫生", "发展", "2024", "健康", "中心", "的"};
    for (size_t qi = 0; qi < sizeof qs / sizeof qs[0]; qi++) {
        u_run few, all;
        char *a10[] = {"--format", "tsv", "-n", "10", (char *)qs[qi], NULL};
        char *aall[] = {"--format", "tsv", "-n", "100000", (char *)qs[qi], NULL};
        e2e_search(t, index, a10, NULL, &few);
        e2e_search(t, index, aall, NULL, &all);
        /* the first 11 lines (header + 10 hits) agree */
        size_t n = 0, lines = 0;
        while (few.out[n] && lines < 11) lines += few.out[n++] == '\n';
        T_OK(t, lines == 11);
        if (strncmp(few.out, all.out, n) != 0) printf("  pruned top-10 differs for %s\n", qs[qi]);
        T_OK(t, strncmp(few.out, all.out, n) == 0);
        u_run_free(&few);
        u_run_free(&all);
    }
    /* ids from the TSV are reported */
    char *j[] = {"--format", "json", "-n", "1", "医疗", NULL};
    e2e_search(t, index, j, NULL, &r);
    T_OK(t, strstr(r.out, "\"id\":") != NULL);
    u_run_free(&r);
}

/* Bulk export (formatted by several threads, each with its own index
 * handle, in chunks of passage order) gives the same bytes as the same
 * ranks exported page by page (pages below the size that starts a second
 * thread): JSON and TSV, a frequent and a rarer word. */
static void test_bulk_export(t_ctx *t)
{
    char index[1024];
    if (build_mixed(t, index, sizeof index)) return;
    static const char *const qs[] = {"的 OR 医", "医疗"};
    static const char *const fmts[] = {"json", "tsv"};
    for (size_t qi = 0; qi < sizeof qs / sizeof *qs; qi++) {
        u_run cnt;
        char *ca[] = {"--count", (char *)qs[qi], NULL};
        e2e_search(t, index, ca, NULL, &cnt);
        long total = strtol(cnt.out, NULL, 10);
        u_run_free(&cnt);
        /* the frequent word must reach the threaded path (4,096 hits) */
        if (qi == 0) T_OK(t, total >= 4096);
        for (size_t fi = 0; fi < sizeof fmts / sizeof *fmts; fi++) {
            u_run all;
            char *aa[] = {"--format", (char *)fmts[fi], "-n", "100000", (char *)qs[qi], NULL};
            e2e_search(t, index, aa, NULL, &all);
            buf pages;
            buf_init(&pages);
            for (long off = 0; off < total; off += 1000) {
                char o[32];
                snprintf(o, sizeof o, "%ld", off);
                char *pa[] = {"--format", (char *)fmts[fi], "-n", "1000", "--offset",
                              o,          (char *)qs[qi],   NULL};
                u_run pg;
                e2e_search(t, index, pa, NULL, &pg);
                const char *body = pg.out;
                /* TSV: one header for the whole export */
                if (fi == 1 && off > 0) body = strchr(pg.out, '\n') ? strchr(pg.out, '\n') + 1 : "";
                buf_puts(&pages, body);
                u_run_free(&pg);
            }
            T_OK(t, all.status == 0 && buf_error(&pages) == 0);
            T_OK(t, strlen(all.out) > 0 && strcmp(all.out, pages.data) == 0);
            buf_free(&pages);
            u_run_free(&all);
        }
    }
}

void suite_e2e_search(t_ctx *t)
{
    t_run(t, "e2e_bulk_export", test_bulk_export);
    t_run(t, "e2e_topk_pruning", test_topk_pruning);
    t_run(t, "e2e_precision_recall", test_precision_recall);
    t_run(t, "e2e_boolean_oracle", test_boolean_oracle);
    t_run(t, "e2e_slice_oracles", test_slice_oracles);
    t_run(t, "e2e_doc_filters", test_doc_filters);
    t_run(t, "e2e_shapes", test_shapes);
    t_run(t, "e2e_context", test_context);
    t_run(t, "e2e_near_oracle", test_near_oracle);
    t_run(t, "e2e_explain", test_explain);
    t_run(t, "e2e_json_schema", test_json_schema);
    t_run(t, "e2e_exit_codes", test_exit_codes);
    t_run(t, "e2e_batch", test_batch);
}
