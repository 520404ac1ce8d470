/* test_factcol.c - fact columns: series sorted by field then unit, values
 * sorted within a series, range lookups at every kind of bound, entries
 * read back whole, and damaged sections refused. */
#include "factcol.h"
#include "fct.h"
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIND 0x54434f46u /* "FOCT" */

static int write_file(const char *path, factcol_writer *w)
{
    zf_writer *zw;
    if (zf_create(&zw, path, KIND, 1, 1, NULL)) return -1;
    int rc = factcol_write(w, zw, 1, 2, 3);
    if (rc) {
        zf_abort(zw);
        return rc;
    }
    return zf_finish(zw, NULL);
}

static void add_range(factcol_writer *w, const char *field, const char *unit, double lo, double hi,
                      uint32_t pid, uint16_t year)
{
    factcol_entry e = {lo, hi, pid, year ? 4101 : 0, year, 1, FCT_T_VALUE, FCT_D_NONE, 255};
    factcol_add(w, field, strlen(field), unit, strlen(unit), &e);
}

static void add(factcol_writer *w, const char *field, const char *unit, double v, uint32_t pid,
                uint16_t year)
{
    add_range(w, field, unit, v, v, pid, year);
}

/* Entries of series si whose bounds meet (clo, chi): factcol_range's
 * prefix filtered by fct_bounds_meet, as the searcher does. */
static size_t meeting(const factcol_reader *r, size_t si, double clo, int clo_incl, double chi,
                      int chi_incl)
{
    uint64_t a, b;
    size_t n = 0;
    factcol_range(r, si, chi, chi_incl, &a, &b);
    for (uint64_t i = a; i < b; i++) {
        factcol_entry e;
        factcol_get(r, i, &e);
        n += fct_bounds_meet(e.lo, e.hi, clo, clo_incl, chi, chi_incl);
    }
    return n;
}

static void test_roundtrip(t_ctx *t)
{
    factcol_writer *w;
    if (!T_INT(t, factcol_writer_new(&w), 0)) return;
    /* out of order on purpose: the writer sorts */
    add(w, "托位数", "个", 300000, 7, 0);
    add(w, "每千人口托位数", "个", 3.4, 3, 2024);
    add(w, "每千人口托位数", "个", 4.4, 9, 0);
    add(w, "每千人口托位数", "个", 3.4, 1, 0);
    add(w, "治愈率", "%", 98.3, 2, 0);
    add(w, "托位数", "", 12, 5, 0);
    factcol_entry bad = {NAN, NAN, 1, 0, 0, 0, 0, 0, 0};
    T_INT(t, factcol_add(w, "x", 1, "", 0, &bad), ZS_EINVAL);
    factcol_entry crossed = {5, 4, 1, 0, 0, 0, 0, 0, 0}; /* lo > hi */
    T_INT(t, factcol_add(w, "x", 1, "", 0, &crossed), ZS_EINVAL);
    factcol_entry wrong_side = {INFINITY, INFINITY, 1, 0, 0, 0, 0, 0, 0};
    T_INT(t, factcol_add(w, "x", 1, "", 0, &wrong_side), ZS_EINVAL);
    factcol_entry bad_type = {1, 1, 1, 0, 0, 0, FCT_T_COUNT_, 0, 0};
    T_INT(t, factcol_add(w, "x", 1, "", 0, &bad_type), ZS_EINVAL);
    T_INT(t, factcol_add(w, "", 0, "", 0, &bad), ZS_EINVAL);
    T_INT(t, factcol_count(w), 6);
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "factcol.zf");
    T_INT(t, write_file(path, w), 0);
    factcol_writer_free(w);
    zf_reader *zr;
    zs_diag d;
    if (!T_INT(t, zf_open(&zr, path, KIND, 1, &d), 0)) return;
    factcol_reader r;
    if (T_INT(t, factcol_open(&r, zr, 1, 2, 3, 10, &d), 0)) {
        T_INT(t, r.n, 4);
        T_INT(t, r.nentries, 6);
        T_INT(t, factcol_load_all(&r, &d), 0);
        /* byte order of UTF-8 field names, then unit: 托位数 "" < 托位数 个 */
        const char *order[] = {"托位数", "托位数", "每千人口托位数", "治愈率"};
        for (size_t i = 0; i < 4 && i < r.n; i++) {
            char f[64];
            snprintf(f, sizeof f, "%.*s", (int)r.s[i].field_len, r.s[i].field);
            int want_first = strcmp(order[i], f) == 0;
            T_OK(t, want_first);
        }
        T_INT(t, r.s[0].unit_len, 0);
        size_t si = 2; /* 每千人口托位数 个: 3.4 (p1), 3.4 (p3), 4.4 (p9) */
        factcol_entry e;
        factcol_get(&r, r.s[si].first, &e);
        T_OK(t, e.lo == 3.4 && e.hi == 3.4 && e.passage == 1 && e.year == 0);
        factcol_get(&r, r.s[si].first + 1, &e);
        T_OK(t, e.lo == 3.4 && e.passage == 3 && e.year == 2024 && e.place == 4101 && e.qual == 1 &&
                    e.conf == 255 && e.type == FCT_T_VALUE);
        T_INT(t, meeting(&r, si, 3, 0, INFINITY, 0), 3);    /* > 3 */
        T_INT(t, meeting(&r, si, 3.4, 0, INFINITY, 0), 1);  /* > 3.4 */
        T_INT(t, meeting(&r, si, 3.4, 1, INFINITY, 0), 3);  /* >= 3.4 */
        T_INT(t, meeting(&r, si, -INFINITY, 0, 4.4, 0), 2); /* < 4.4 */
        T_INT(t, meeting(&r, si, -INFINITY, 0, 4.4, 1), 3); /* <= 4.4 */
        T_INT(t, meeting(&r, si, 3.4, 1, 3.4, 1), 2);       /* = 3.4 */
        T_INT(t, meeting(&r, si, 5, 0, INFINITY, 0), 0);    /* > 5: none */
        factcol_close(&r);
    }
    /* passage ids beyond the segment are found when decoding */
    if (T_INT(t, factcol_open(&r, zr, 1, 2, 3, 5, &d), 0)) {
        T_INT(t, factcol_load_all(&r, &d), ZS_ECORRUPT);
        factcol_close(&r);
    }
    /* sections that disagree */
    T_INT(t, factcol_open(&r, zr, 2, 1, 3, 10, &d), ZS_ECORRUPT);
    T_INT(t, factcol_open(&r, zr, 1, 2, 9, 10, &d), ZS_ECORRUPT);
    zf_close(zr);
}

static void test_empty(t_ctx *t)
{
    factcol_writer *w;
    if (!T_INT(t, factcol_writer_new(&w), 0)) return;
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "factcol_empty.zf");
    T_INT(t, write_file(path, w), 0);
    factcol_writer_free(w);
    zf_reader *zr;
    zs_diag d;
    if (!T_INT(t, zf_open(&zr, path, KIND, 1, &d), 0)) return;
    factcol_reader r;
    if (T_INT(t, factcol_open(&r, zr, 1, 2, 3, 0, &d), 0)) {
        T_INT(t, r.n, 0);
        T_INT(t, r.nentries, 0);
        factcol_close(&r);
    }
    zf_close(zr);
}

/* Many series and values: every range agrees with a plain count. */
static void test_many(t_ctx *t)
{
    factcol_writer *w;
    if (!T_INT(t, factcol_writer_new(&w), 0)) return;
    unsigned seed = 7;
    double los[3][400], his[3][400];
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 400; i++) {
            seed = seed * 1103515245u + 12345u;
            double v = (double)(seed >> 16 & 63) / 4.0, w2 = (double)(seed >> 24 & 15) / 2.0;
            /* a mix of values, ranges and open ends (以上, 以下) */
            int shape = (int)(seed >> 12 & 3);
            los[s][i] = shape == 3 ? -INFINITY : v;
            his[s][i] = shape == 0 ? v : shape == 1 ? v + w2 : shape == 2 ? INFINITY : v;
            char f[8];
            snprintf(f, sizeof f, "f%d", s);
            add_range(w, f, "个", los[s][i], his[s][i], (uint32_t)i, 0);
        }
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "factcol_many.zf");
    T_INT(t, write_file(path, w), 0);
    factcol_writer_free(w);
    zf_reader *zr;
    zs_diag d;
    if (!T_INT(t, zf_open(&zr, path, KIND, 1, &d), 0)) return;
    factcol_reader r;
    if (T_INT(t, factcol_open(&r, zr, 1, 2, 3, 400, &d), 0)) {
        T_INT(t, factcol_load_all(&r, &d), 0);
        int bad = 0;
        for (int s = 0; s < 3; s++)
            for (double lo = -1; lo <= 17; lo += 0.25) {
                /* oracle: some value x of [los, his] with lo < x <= lo + 3 */
                size_t want = 0;
                for (int i = 0; i < 400; i++) want += his[s][i] > lo && los[s][i] <= lo + 3;
                bad += meeting(&r, (size_t)s, lo, 0, lo + 3, 1) != want;
            }
        T_INT(t, bad, 0);
        factcol_close(&r);
    }
    zf_close(zr);
}

/* Values of every kind come back bit for bit: short decimals, ones no
 * decimal code gives back (-0, 1/3, the extremes of a double), ranges,
 * open ends, repeated bounds (passages as deltas), and every reference
 * field. */
static void test_numbers(t_ctx *t)
{
    static const double vals[] = {
        0.0,   -0.0,     1.0 / 3, 3,          -3,     12.5,   0.1,      7e9,        1.5e8, -1e-7,
        1e300, 4.9e-324, 1e23,    123456.789, 0x1p60, 2.0e-6, 99999999, -123.45e-6, 1e8,   6.02e23};
    size_t nv = sizeof vals / sizeof vals[0];
    factcol_writer *w;
    if (!T_INT(t, factcol_writer_new(&w), 0)) return;
    char f[16];
    for (size_t i = 0; i < nv; i++) {
        snprintf(f, sizeof f, "v%02zu", i);
        factcol_entry e = {vals[i],
                           vals[i],
                           (uint32_t)(7 * i),
                           (uint32_t)(i % 3 ? 0 : 410100),
                           (uint16_t)(i % 2 ? 0 : 2000 + i),
                           (uint16_t)(i % 32),
                           (uint8_t)(i % FCT_T_COUNT_),
                           (uint8_t)(i % FCT_D_COUNT_),
                           (uint8_t)(i * 13)};
        T_INT(t, factcol_add(w, f, strlen(f), "元", 3, &e), 0);
        factcol_entry open_lo = {-INFINITY, vals[i], 3, 0, 0, 0, 0, 0, 9};
        factcol_entry open_hi = {vals[i], INFINITY, 2, 0, 0, 0, 0, 0, 9};
        T_INT(t, factcol_add(w, f, strlen(f), "万元", 6, &open_lo), 0);
        T_INT(t, factcol_add(w, f, strlen(f), "万元", 6, &open_hi), 0);
    }
    for (uint32_t p = 0; p < 5; p++) add_range(w, "重复", "", 1.25, 7e9, 100 - 20 * p, 0);
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "factcol_numbers.zf");
    T_INT(t, write_file(path, w), 0);
    factcol_writer_free(w);
    zf_reader *zr;
    zs_diag d;
    if (!T_INT(t, zf_open(&zr, path, KIND, 1, &d), 0)) return;
    factcol_reader r;
    if (!T_INT(t, factcol_open(&r, zr, 1, 2, 3, 1000, &d), 0)) {
        zf_close(zr);
        return;
    }
    T_INT(t, r.n, 2 * nv + 1);
    T_INT(t, factcol_load_all(&r, &d), 0);
    int bad = 0;
    for (size_t i = 0; i < nv; i++) {
        /* series "vNN" in 万元 (two entries) then in 元 (one) */
        const factcol_series *s = &r.s[2 * i + 1];
        factcol_entry e;
        factcol_get(&r, s->first, &e);
        bad += memcmp(&e.lo, &vals[i], 8) || memcmp(&e.hi, &vals[i], 8);
        bad += e.passage != 7 * i || e.place != (i % 3 ? 0 : 410100u) ||
               e.year != (i % 2 ? 0 : 2000 + i) || e.qual != i % 32 || e.type != i % FCT_T_COUNT_ ||
               e.dir != i % FCT_D_COUNT_ || e.conf != (uint8_t)(i * 13);
        s = &r.s[2 * i];
        factcol_get(&r, s->first, &e);
        bad += e.lo != -INFINITY || memcmp(&e.hi, &vals[i], 8) || e.passage != 3;
        factcol_get(&r, s->first + 1, &e);
        bad += memcmp(&e.lo, &vals[i], 8) || e.hi != INFINITY || e.passage != 2;
    }
    const factcol_series *s = &r.s[2 * nv];
    T_INT(t, s->count, 5);
    for (uint64_t j = 0; j < s->count; j++) {
        factcol_entry e;
        factcol_get(&r, s->first + j, &e);
        bad += e.lo != 1.25 || e.hi != 7e9 || e.passage != 20 * j + 20;
    }
    T_INT(t, bad, 0);
    factcol_close(&r);
    zf_close(zr);
}

void suite_factcol(t_ctx *t)
{
    t_run(t, "factcol_numbers", test_numbers);
    t_run(t, "factcol_roundtrip", test_roundtrip);
    t_run(t, "factcol_empty", test_empty);
    t_run(t, "factcol_many", test_many);
}
