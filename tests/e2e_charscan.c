/* e2e_charscan.c - the pruned paths of the search give the exhaustive
 * ranking and the exact count, scores bit for bit: a query of one lone
 * character (searcher/charscan.h: its union summed a window of passages at
 * a time, and only the passages whose tf can still enter the top k
 * scored), also against the general path (which gathers the union into
 * one list), and conjunctions of phrases (checked lazily, match.h
 * mt_set_lazy; matches that cannot enter not scored).  On a random index
 * of two segments, one with deleted documents and more passages than a
 * window, with passages longer than a DL byte holds, against a brute-force
 * ranking computed from the texts written.  And a segment without
 * deletions, where every character is in more than a third of the
 * passages, ranked from the characters' own lists (charlist.h: blocks
 * whose impacts cannot enter passed over). */
#include "bm25.h"
#include "buf.h"
#include "index.h"
#include "query.h"
#include "search.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The alphabet of the random passages: few characters, so each one starts
 * a handful of bigrams and lists of every size, and scores tie often. */
static const char *const alpha[] = {"的", "一", "是", "在", "人", "有", "，"};
#define NALPHA     7
#define NCJK       6 /* the first NCJK are CJK; the last one splits runs */
#define MAX_PSG_CP 280

typedef struct ref_psg {
    uint32_t tfbig[NCJK]; /* occurrences of each character */
    uint32_t dl;          /* tokens: one per CJK character */
    int live;
    char *text; /* as written (malloc'ed) */
} ref_psg;

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Write `n` random passages with ids from *id on to `path`, recording each
 * one's character counts in ref[*id]. */
static int write_tsv(const char *path, size_t n, uint64_t *id, uint64_t *rng, ref_psg *ref)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    for (size_t i = 0; i < n; i++, (*id)++) {
        ref_psg *r = &ref[*id];
        memset(r, 0, sizeof *r);
        r->live = 1;
        /* mostly short passages; one in 500 longer than a DL byte holds */
        uint32_t len = lcg(rng) % 500 == 0 ? 256 + lcg(rng) % 24 : 1 + lcg(rng) % 24;
        r->text = malloc(len * 3 + 1);
        if (!r->text) break;
        size_t at = 0;
        for (uint32_t k = 0; k < len; k++) {
            uint32_t c = lcg(rng) % 8;
            if (c >= NALPHA) c = 0; /* 的 twice as often */
            memcpy(r->text + at, alpha[c], 3);
            at += 3;
            if (c < NCJK) {
                r->tfbig[c]++;
                r->dl++;
            }
        }
        r->text[at] = 0;
        fprintf(f, "%llu\t\t0\t%s\n", (unsigned long long)*id, r->text);
    }
    return fclose(f);
}

static int run_cmd(t_ctx *t, char *const *args)
{
    u_run r;
    e2e_zhindex(t, args, &r);
    int st = r.status;
    if (st) printf("  zhindex failed: %s\n", r.err);
    u_run_free(&r);
    return st;
}

/* a.tsv b.tsv c.tsv in one segment (72,000 passages: two windows), b
 * removed; d.tsv added as a second segment. */
static int build_random(t_ctx *t, char *index, size_t cap, ref_psg *ref, uint64_t *nids)
{
    static const size_t sizes[] = {40000, 30000, 2000, 3000};
    char path[4][1024];
    uint64_t id = 1, rng = 20261129;
    for (int i = 0; i < 4; i++) {
        snprintf(path[i], sizeof path[i], "%s/chs-%c.tsv", t->tmpdir, 'a' + i);
        if (write_tsv(path[i], sizes[i], &id, &rng, ref)) return -1;
    }
    *nids = id;
    snprintf(index, cap, "%s/idx-charscan", t->tmpdir);
    char *build[] = {"build", "-q",    "--format", "tsv",   "--replace", "-o",
                     index,   path[0], path[1],    path[2], NULL};
    char *rm[] = {"remove", "-o", index, path[1], NULL};
    char *add[] = {"add", "-q", "--format", "tsv", "--no-merge", "-o", index, path[3], NULL};
    if (run_cmd(t, build) || run_cmd(t, rm) || run_cmd(t, add)) return -1;
    for (uint64_t k = 1 + sizes[0]; k < 1 + sizes[0] + sizes[1]; k++) ref[k].live = 0;
    return 0;
}

typedef struct ref_hit {
    double score;
    uint64_t gid;
} ref_hit;

static int cmp_hit(const void *a, const void *b)
{
    const ref_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->gid < y->gid ? -1 : x->gid > y->gid;
}

/* Run query `q` with k hits; with `general`, through the general path
 * (asking for every match's id turns the lone-character path off). */
static int search(searcher *s, const char *q, size_t k, int general, srch_result *r)
{
    qry pq;
    qry_error qe;
    srch_plan p;
    zs_diag d;
    zs_diag_clear(&d);
    u64vec all;
    u64vec_init(&all);
    int rc = qry_parse(q, strlen(q), &pq, &qe);
    if (!rc) rc = srch_plan_build(s, &pq, NULL, 0, &p, &d);
    if (!rc) {
        rc = srch_run(s, &p, k, general ? &all : NULL, r, &d);
        srch_plan_free(&p);
    }
    qry_free(&pq);
    u64vec_free(&all);
    return rc;
}

/* The exhaustive ranking of character c over the live passages, by the
 * passages' global ids (gid_ext maps them to the written ids). */
static size_t ref_rank(const zindex *ix, const ref_psg *ref, const uint64_t *gid_ext, int c,
                       ref_hit *out)
{
    size_t n = 0;
    for (uint64_t g = 0; g < ix->nids; g++) {
        const ref_psg *r = &ref[gid_ext[g]];
        if (r->live && r->tfbig[c]) out[n++] = (ref_hit){0, g};
    }
    double idf = bm25_idf(ix->npassages, n), avgdl = ix_avgdl(ix);
    for (size_t i = 0; i < n; i++) {
        const ref_psg *r = &ref[gid_ext[out[i].gid]];
        out[i].score = bm25_score(idf, r->tfbig[c], bm25_norm(r->dl, avgdl));
    }
    qsort(out, n, sizeof *out, cmp_hit);
    return n;
}

static void check_char(t_ctx *t, searcher *s, const ref_psg *ref, const uint64_t *gid_ext, int c,
                       ref_hit *rank)
{
    size_t n = ref_rank(s->ix, ref, gid_ext, c, rank);
    static const size_t ks[] = {0, 1, 3, 10, 100, 5000};
    for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++) {
        size_t k = ks[ki];
        for (int general = 0; general < 2; general++) {
            srch_result r;
            if (!T_INT(t, search(s, alpha[c], k, general, &r), 0)) return;
            T_INT(t, r.total, n);
            T_INT(t, r.nhits, k < n ? k : n);
            size_t bad = 0;
            for (size_t i = 0; i < r.nhits; i++)
                bad += r.hits[i].gid != rank[i].gid || r.hits[i].score != rank[i].score;
            if (bad)
                printf("  %s, k %zu, general %d: %zu hits differ\n", alpha[c], k, general, bad);
            T_INT(t, bad, 0);
            srch_result_free(&r);
        }
    }
}

/* Occurrences of `w` in `text`, overlapping ones too (a phrase's tf). */
static uint32_t occurrences(const char *text, const char *w)
{
    uint32_t n = 0;
    for (const char *p = strstr(text, w); p; p = strstr(p + 3, w)) n++;
    return n;
}

/* Live passages holding `w` (the df of an idf). */
static uint64_t ref_df(const zindex *ix, const ref_psg *ref, const uint64_t *gid_ext, const char *w)
{
    uint64_t n = 0;
    for (uint64_t g = 0; g < ix->nids; g++)
        n += ref[gid_ext[g]].live && strstr(ref[gid_ext[g]].text, w) != NULL;
    return n;
}

/* The idf of a query word as the plan sums it: its bigrams' (a CJK word of
 * several characters), or its character's. */
static double ref_idf(const zindex *ix, const ref_psg *ref, const uint64_t *gid_ext, const char *w)
{
    size_t len = strlen(w);
    if (len == 3) return bm25_idf(ix->npassages, ref_df(ix, ref, gid_ext, w));
    double idf = 0;
    for (size_t k = 0; k + 6 <= len; k += 3) {
        char bi[7];
        memcpy(bi, w + k, 6);
        bi[6] = 0;
        idf += bm25_idf(ix->npassages, ref_df(ix, ref, gid_ext, bi));
    }
    return idf;
}

/* The exhaustive ranking of the conjunction of words a and b (b NULL: of
 * a alone). */
static size_t ref_rank2(const zindex *ix, const ref_psg *ref, const uint64_t *gid_ext,
                        const char *a, const char *b, ref_hit *out)
{
    double ia = ref_idf(ix, ref, gid_ext, a), ib = b ? ref_idf(ix, ref, gid_ext, b) : 0;
    double avgdl = ix_avgdl(ix);
    size_t n = 0;
    for (uint64_t g = 0; g < ix->nids; g++) {
        const ref_psg *r = &ref[gid_ext[g]];
        uint32_t ta = r->live ? occurrences(r->text, a) : 0;
        uint32_t tb = ta && b ? occurrences(r->text, b) : ta;
        if (!tb) continue;
        double norm = bm25_norm(r->dl, avgdl), score = 0;
        score += bm25_score(ia, ta, norm);
        if (b) score += bm25_score(ib, tb, norm);
        out[n++] = (ref_hit){score, g};
    }
    qsort(out, n, sizeof *out, cmp_hit);
    return n;
}

/* Conjunctions of a phrase with another word, whose phrases are checked
 * lazily (match.h mt_set_lazy), and phrases alone: counts, ranks and
 * scores bit for bit. */
static void check_conjunctions(t_ctx *t, searcher *s, const ref_psg *ref, const uint64_t *gid_ext,
                               ref_hit *rank)
{
    /* phrases of two to four cover tokens, alone (positions checked at
     * every match) and in conjunctions (checked lazily) */
    static const char *const pairs[][2] = {
        {"的一是", "人"},   {"的一是在", "有"},   {"的一是", "一是在"},
        {"的的的", "在人"}, {"的一是在人", "有"}, {"一是在人有的", "的"},
        {"的一是", NULL},   {"的一是在人", NULL}, {"的的的的的的的", NULL}};
    for (size_t qi = 0; qi < sizeof pairs / sizeof *pairs; qi++) {
        size_t n = ref_rank2(s->ix, ref, gid_ext, pairs[qi][0], pairs[qi][1], rank);
        char q[64];
        snprintf(q, sizeof q, "%s %s", pairs[qi][0], pairs[qi][1] ? pairs[qi][1] : "");
        static const size_t ks[] = {1, 10, 1000};
        for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++) {
            srch_result r;
            if (!T_INT(t, search(s, q, ks[ki], 0, &r), 0)) return;
            T_OK(t, n > 0);
            T_INT(t, r.total, n);
            T_INT(t, r.nhits, ks[ki] < n ? ks[ki] : n);
            size_t bad = 0;
            for (size_t i = 0; i < r.nhits; i++)
                bad += r.hits[i].gid != rank[i].gid || r.hits[i].score != rank[i].score;
            if (bad) printf("  %s, k %zu: %zu hits differ\n", q, ks[ki], bad);
            T_INT(t, bad, 0);
            srch_result_free(&r);
        }
    }
}

/* Map each global passage id of ix to the id written (gid_ext). */
static int map_ids(t_ctx *t, zindex *ix, uint64_t *gid_ext, uint64_t maxid)
{
    zs_diag d;
    zs_diag_clear(&d);
    for (uint64_t g = 0; g < ix->nids && g < maxid; g++) {
        uint32_t local;
        size_t si = ix_segment_of(ix, g, &local);
        seg_passage_info pi;
        if (!T_INT(t, seg_passage(ix->segs[si], local, &pi, &d), 0)) return -1;
        gid_ext[g] = pi.ext_id < maxid ? pi.ext_id : 0;
    }
    return 0;
}

/* One segment of 30,000 passages, none deleted: every character has its
 * own list, ranked by impacts, against the brute force and the general
 * path. */
static void test_charlist_oracle(t_ctx *t)
{
    enum { N = 30000, MAXID = N + 1 };
    ref_psg *ref = calloc(MAXID, sizeof *ref);
    ref_hit *rank = calloc(MAXID, sizeof *rank);
    uint64_t *gid_ext = calloc(MAXID, sizeof *gid_ext);
    char path[1024], index[1024];
    uint64_t id = 1, rng = 7;
    zindex *ix = NULL;
    searcher s = {0};
    zs_diag d;
    zs_diag_clear(&d);
    snprintf(path, sizeof path, "%s/chl.tsv", t->tmpdir);
    snprintf(index, sizeof index, "%s/idx-charlist", t->tmpdir);
    char *build[] = {"build", "-q", "--format", "tsv", "--replace", "-o", index, path, NULL};
    if (!T_OK(t, ref && rank && gid_ext) || !T_INT(t, write_tsv(path, N, &id, &rng, ref), 0) ||
        !T_INT(t, run_cmd(t, build), 0) || !T_INT(t, ix_open(&ix, index, &d), 0) ||
        !T_INT(t, srch_init(&s, ix), 0) || map_ids(t, ix, gid_ext, MAXID))
        goto done;
    T_INT(t, ix->nsegs, 1);
    for (int c = 0; c < NCJK; c++) {
        uint32_t cp;
        charlist_cursor cl;
        T_OK(t, u8_decode((const uint8_t *)alpha[c], (const uint8_t *)alpha[c] + 3, &cp) == 3);
        T_INT(t, seg_char_list(ix->segs[0], cp, &cl, &d), 0);
        check_char(t, &s, ref, gid_ext, c, rank);
    }
done:
    srch_free(&s);
    ix_close(ix);
    for (size_t i = 0; ref && i < MAXID; i++) free(ref[i].text);
    free(ref);
    free(rank);
    free(gid_ext);
}

static void test_topk_oracle(t_ctx *t)
{
    enum { MAXID = 80000 };
    ref_psg *ref = calloc(MAXID, sizeof *ref);
    ref_hit *rank = calloc(MAXID, sizeof *rank);
    uint64_t *gid_ext = calloc(MAXID, sizeof *gid_ext);
    char index[1024];
    uint64_t nids = 0;
    zindex *ix = NULL;
    searcher s = {0};
    zs_diag d;
    zs_diag_clear(&d);
    if (!T_OK(t, ref && rank && gid_ext) ||
        !T_INT(t, build_random(t, index, sizeof index, ref, &nids), 0) ||
        !T_INT(t, ix_open(&ix, index, &d), 0) || !T_INT(t, srch_init(&s, ix), 0))
        goto done;
    T_INT(t, ix->nsegs, 2);
    T_INT(t, ix->nids, nids - 1);
    T_OK(t, ix->segs[0]->npassages > 65536); /* more than one window */
    if (map_ids(t, ix, gid_ext, MAXID)) goto done;
    for (int c = 0; c < NCJK; c++) check_char(t, &s, ref, gid_ext, c, rank);
    check_conjunctions(t, &s, ref, gid_ext, rank);
done:
    srch_free(&s);
    ix_close(ix);
    for (size_t i = 0; ref && i < MAXID; i++) free(ref[i].text);
    free(ref);
    free(rank);
    free(gid_ext);
}

void suite_e2e_charscan(t_ctx *t)
{
    t_run(t, "e2e_topk_oracle", test_topk_oracle);
    t_run(t, "e2e_charlist_oracle", test_charlist_oracle);
}
