/*
 * zhpeer.c - zhsearch as a peer of the shared benchmark harness
 * (../shared/bench/peers/README.md): one long-lived process that runs a
 * query file REPEAT times (after WARMUP untimed passes) and prints, per
 * query and pass, "query<TAB>hits<TAB>top-K external ids<TAB>microseconds".
 * The time covers parsing, planning, the exact count and the top K, as the
 * harness asks; process start-up and index opening are outside it.
 *
 *   zhpeer query INDEX QUERIES.txt K
 *
 * REPEAT and WARMUP are the harness's settings, read from the environment
 * only by this benchmark driver.
 */
#include "filter.h"
#include "gazetteer.h"
#include "index.h"
#include "query.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUERIES 10000

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

/* Run one query; print its line when `out` is set. */
static int run(searcher *s, const gaz *g, const char *q, size_t k, FILE *out)
{
    double t0 = now_us();
    qry pq;
    qry_error qe;
    srch_plan p;
    srch_result r = {0};
    zs_diag d;
    zs_diag_clear(&d);
    int rc = qry_parse(q, strlen(q), &pq, &qe);
    /* inline filters (city:, year:) as zhsearch reads them */
    flt_set fs;
    flt_init(&fs);
    for (size_t i = 0; !rc && i < pq.nfields; i++)
        rc = !strcmp(pq.fields[i].name, "city") ? flt_add_city(&fs, g, pq.fields[i].value, &d)
                                                : flt_add_year(&fs, pq.fields[i].value, &d);
    flt_finish(&fs);
    if (!rc) rc = srch_plan_build(s, &pq, fs.f, fs.nf, &p, &d);
    if (!rc) {
        rc = srch_run(s, &p, k, NULL, &r, &d);
        srch_plan_free(&p);
    }
    double dt = now_us() - t0;
    flt_free(&fs);
    if (rc && rc != ZS_EINVAL) {
        fprintf(stderr, "zhpeer: %s: %s\n", q, d.msg[0] ? d.msg : zs_strerror(rc));
        qry_free(&pq);
        return rc;
    }
    if (out) {
        fprintf(out, "%s\t%llu\t", q, (unsigned long long)r.total);
        for (size_t i = 0; i < r.nhits; i++) {
            uint32_t local;
            size_t si = ix_segment_of(s->ix, r.hits[i].gid, &local);
            seg_passage_info pi;
            if (seg_passage(s->ix->segs[si], local, &pi, &d) == 0)
                fprintf(out, "%s%llu", i ? "," : "", (unsigned long long)pi.ext_id);
        }
        fprintf(out, "\t%.0f\n", dt);
    }
    srch_result_free(&r);
    qry_free(&pq);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5 || strcmp(argv[1], "query") != 0) {
        fprintf(stderr, "usage: zhpeer query INDEX QUERIES.txt K\n");
        return 2;
    }
    FILE *f = fopen(argv[3], "r");
    if (!f) {
        perror(argv[3]);
        return 2;
    }
    static char *qs[MAX_QUERIES];
    size_t nq = 0;
    char line[4096];
    while (nq < MAX_QUERIES && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p && *p != '#') qs[nq++] = strdup(p);
    }
    fclose(f);
    size_t k = (size_t)atoi(argv[4]);
    zindex *ix;
    zs_diag d;
    if (ix_open(&ix, argv[2], &d)) {
        fprintf(stderr, "zhpeer: %s\n", d.msg);
        return 2;
    }
    searcher s;
    gaz *g;
    if (gaz_open(&g)) return 2;
    if (srch_init(&s, ix)) return 2;
    int repeat = env_int("REPEAT", 1), warmup = env_int("WARMUP", 0);
    for (int w = 0; w < warmup; w++)
        for (size_t i = 0; i < nq; i++) run(&s, g, qs[i], k, NULL);
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < nq; i++) run(&s, g, qs[i], k, stdout);
    srch_free(&s);
    gaz_free(g);
    ix_close(ix);
    for (size_t i = 0; i < nq; i++) free(qs[i]);
    return 0;
}
