/* fuzz.c - helpers shared by the fuzz targets (see fuzz.h). */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include "build.h"
#include "decode.h"
#include "facet.h"
#include "factfacet.h"
#include "filter.h"
#include "inspect.h"
#include "output.h"
#include "query.h"
#include "search.h"
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define FUZZ_PATH_MAX 4096

static char scratch[FUZZ_PATH_MAX];
static FILE *devnull;
static gaz *gz;

void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "fuzz: %s:%d: check failed: %s\n", file, line, what);
    abort();
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void cleanup(void)
{
    if (scratch[0]) nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (devnull) fclose(devnull);
    gaz_free(gz);
}

const char *fuzz_dir(void)
{
    if (scratch[0]) return scratch;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/zhfuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(cleanup);
    return scratch;
}

void fuzz_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", fuzz_dir(), name);
}

int fuzz_write(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    const char *p = data;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            close(fd);
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return close(fd);
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t crc(const uint8_t *p, uint64_t n)
{
    return (uint32_t)crc32(0, p, (uInt)n);
}

void fuzz_reseal(uint8_t *f, size_t len)
{
    /* header: magic[8] version kind body_len page_size nsec id reserved crc */
    if (len < 64) return;
    put32(f + 60, crc(f, 60));
    uint64_t body = get_le(f + 16, 8), page = get_le(f + 24, 4), nsec = get_le(f + 28, 4);
    if (page == 0 || body > len || nsec > len) return;
    uint64_t npages = (body + page - 1) / page;
    uint64_t dir = 64 + body, crcs = dir + 32 * nsec, foot = crcs + 4 * npages;
    if (npages > len || foot + 16 > len) return;
    for (uint64_t k = 0; k < npages; k++) {
        uint64_t n = body - k * page < page ? body - k * page : page;
        put32(f + crcs + 4 * k, crc(f + 64 + k * page, n));
    }
    put32(f + foot + 4, crc(f + dir, foot - dir));
    put32(f + foot + 8, crc(f + 64, body));
}

int fuzz_decode(const uint8_t *data, size_t n, buf *text, u64vec *offs)
{
    dec *dc;
    int rc = dec_new(&dc, NULL, NULL);
    if (!rc) rc = dec_feed(dc, data, n, 1, text, offs, NULL);
    dec_free(dc);
    return rc;
}

FILE *fuzz_null(void)
{
    if (!devnull) {
        fuzz_dir(); /* registers the cleanup that closes it */
        devnull = fopen("/dev/null", "w");
        if (!devnull) abort();
    }
    return devnull;
}

const gaz *fuzz_gaz(void)
{
    if (!gz) {
        fuzz_dir();
        if (gaz_open(&gz)) abort();
    }
    return gz;
}

/* Where the documents of the small index are: the Makefile passes the
 * source tree the targets were built from. */
#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif
#define FUZZ_INDEX_DOCS FUZZ_SRCDIR "/tests/fuzz/index"

int fuzz_build_index(const char *dir)
{
    build_opts o = {dir, WALK_DEFAULT_GLOB, {NULL, 0, DOC_TEXT, {0, 0}}, 16u << 20, 6, 0, 0, 1, 0};
    psg_opts_default(&o.doc.psg);
    build_events ev = {NULL, NULL, NULL, NULL};
    build_report rep;
    zs_diag d;
    zs_diag_clear(&d);
    static char docs[] = FUZZ_INDEX_DOCS;
    char *inputs[] = {docs};
    int rc = build_run(&o, inputs, 1, &ev, &rep, &d);
    if (rc) fprintf(stderr, "fuzz: build: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
    return rc ? -1 : 0;
}

/* The filters of a query's fields (zhsearch's make_filters). */
static int query_filters(const qry *q, flt_set *fs)
{
    zs_diag d;
    zs_diag_clear(&d);
    int rc = ZS_OK;
    for (size_t i = 0; i < q->nfields && !rc; i++) {
        const qry_field *f = &q->fields[i];
        size_t at = 0;
        if (!strcmp(f->name, "date"))
            rc = flt_add_date(fs, f->value, &at, &d);
        else if (!strcmp(f->name, "city"))
            rc = flt_add_city(fs, fuzz_gaz(), f->value, &d);
        else
            rc = flt_add_year(fs, f->value, &d);
    }
    flt_finish(fs);
    return rc;
}

/* Hits, counts and facets of a plan that ran (zhsearch's output). */
static int show(searcher *s, const qry *q, const srch_plan *p, const srch_result *r,
                const u64vec *all, const char *query, zs_diag *d)
{
    FILE *out = fuzz_null();
    out_opts text = {OUT_TEXT, 1, 1, 40, 0, 0, fuzz_gaz(), 0, 0, 0};
    out_opts json = {OUT_JSON, 0, 1, 80, 1, 1, fuzz_gaz(), 1, 1, 1};
    out_opts tsv = {OUT_TSV, 0, 0, 80, 1, 0, fuzz_gaz(), 0, 0, 0};
    int rc = out_hits(out, s, p, r, query, &text, d);
    if (!rc) rc = out_hits(out, s, p, r, query, &json, d);
    if (!rc) rc = out_tsv_header(out, &tsv);
    if (!rc) rc = out_hits(out, s, p, r, query, &tsv, d);
    if (!rc) rc = out_count(out, r, query, &json);
    for (int k = 0; k < 2 && !rc; k++) {
        fc_result fr;
        rc = fc_count_values(s->ix, k ? FC_YEAR : FC_CITY, all, &fr, d);
        if (!rc) rc = out_facet(out, &fr, (uint64_t)all->n, query, k ? &json : &text);
        fc_free(&fr);
    }
    const char *field = q->nconds ? q->conds[0].field : "托位";
    factfacet_result ff;
    if (!rc) rc = factfacet_compute(s->ix, field, 0, q, p->filters, p->nfilters, all, &ff, d);
    if (!rc) {
        rc = out_fact_facet(out, &ff, query, &json);
        if (!rc) rc = out_fact_facet(out, &ff, query, &text);
        factfacet_free(&ff);
    }
    return rc;
}

void fuzz_search(zindex *ix, const char *query, size_t len)
{
    char *qs = malloc(len + 1); /* the query as typed, a C string for the output */
    if (!qs) return;
    memcpy(qs, query, len);
    qs[len] = '\0';
    qry q;
    qry_error qe;
    int rc = qry_parse(query, len, &q, &qe);
    for (size_t i = 0; !rc && i < q.nconds; i++) {
        if (factfacet_field_known(ix, q.conds[i].field, q.conds[i].field_len)) continue;
        char near[512];
        factfacet_suggest(ix, q.conds[i].field, 5, near, sizeof near);
        rc = ZS_EINVAL;
    }
    flt_set fs;
    flt_init(&fs);
    if (!rc) rc = query_filters(&q, &fs);
    searcher s;
    int inited = !rc && srch_init(&s, ix) == ZS_OK;
    zs_diag d;
    zs_diag_clear(&d);
    srch_plan p;
    if (inited && srch_plan_build(&s, &q, fs.f, fs.nf, &p, &d) == ZS_OK) {
        u64vec all;
        u64vec_init(&all);
        srch_result r = {0};
        if (srch_run(&s, &p, 10, &all, &r, &d) == ZS_OK) show(&s, &q, &p, &r, &all, qs, &d);
        srch_result_free(&r);
        u64vec_free(&all);
        srch_plan_free(&p);
    }
    if (inited) srch_free(&s);
    flt_free(&fs);
    qry_free(&q);
    free(qs);
}

void fuzz_check_index(const char *dir)
{
    static const char *const queries[] = {"托育",
                                          "\"托育服务\"",
                                          "托育 OR 城市 -报告",
                                          "托位数>3 city:郑州",
                                          "增长>1% year:2024",
                                          "罚款>=10000元",
                                          "第一条 date:2024",
                                          "服务 date:2020..2025"};
    zindex *ix;
    zs_diag d;
    zs_diag_clear(&d);
    if (ix_open(&ix, dir, &d)) return;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
        fuzz_search(ix, queries[i], strlen(queries[i]));
    ix_close(ix);
    uint64_t problems;
    (void)ins_check(dir, fuzz_null(), &problems, NULL); /* findings are fine, crashes not */
}
