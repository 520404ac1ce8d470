/* factfacet.c - fact statistics and the field vocabulary (see factfacet.h). */
#include "factfacet.h"

#include "condition.h"
#include "fct.h"
#include "setcol.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void st_add(factfacet_stats *s, double v)
{
    if (!s->count || v < s->min) s->min = v;
    if (!s->count || v > s->max) s->max = v;
    s->sum += v;
    s->count++;
}

static int group_add(factfacet_group **g, size_t *n, uint32_t key, double v)
{
    for (size_t i = 0; i < *n; i++)
        if ((*g)[i].key == key) {
            st_add(&(*g)[i].st, v);
            return ZS_OK;
        }
    factfacet_group *t = realloc(*g, (*n + 1) * sizeof *t);
    if (!t) return ZS_ENOMEM;
    *g = t;
    memset(&t[*n], 0, sizeof t[*n]);
    t[*n].key = key;
    st_add(&t[*n].st, v);
    (*n)++;
    return ZS_OK;
}

static int cmp_group(const void *a, const void *b)
{
    const factfacet_group *x = a, *y = b;
    if (x->st.count != y->st.count) return x->st.count > y->st.count ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_unit(const void *a, const void *b)
{
    const factfacet_unit *x = a, *y = b;
    if (x->all.count != y->all.count) return x->all.count > y->all.count ? -1 : 1;
    return strcmp(x->unit, y->unit);
}

static int in_sorted(const u64vec *v, uint64_t x)
{
    size_t a = 0, b = v->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (v->v[m] < x)
            a = m + 1;
        else
            b = m;
    }
    return a < v->n && v->v[a] == x;
}

static factfacet_unit *unit_of(factfacet_result *r, const char *u, size_t ulen)
{
    for (size_t i = 0; i < r->n; i++)
        if (strlen(r->units[i].unit) == ulen && !memcmp(r->units[i].unit, u, ulen))
            return &r->units[i];
    factfacet_unit *t = realloc(r->units, (r->n + 1) * sizeof *t);
    if (!t) return NULL;
    r->units = t;
    factfacet_unit *x = &t[r->n++];
    memset(x, 0, sizeof *x);
    if (ulen >= sizeof x->unit) ulen = sizeof x->unit - 1;
    memcpy(x->unit, u, ulen);
    return x;
}

/* Add one fact (segment sg, entry e) to unit x. */
static int add_fact(factfacet_unit *x, segment *sg, const factcol_entry *e)
{
    /* statistics take one number per fact (fct_point) */
    double v = fct_point(e->lo, e->hi);
    st_add(&x->all, v);
    if (x->nvals == x->capvals) {
        size_t cap = x->capvals ? x->capvals * 2 : 64;
        double *t = realloc(x->vals, cap * sizeof *t);
        if (!t) return ZS_ENOMEM;
        x->vals = t;
        x->capvals = cap;
    }
    x->vals[x->nvals++] = v;
    int rc = ZS_OK;
    uint32_t vals[SC_MAX_SET], set;
    size_t n = 0;
    sc_cursor cur;
    if (e->place) {
        uint32_t city = e->place >= 100 ? e->place : 0;
        if (city) rc = group_add(&x->cities, &x->ncities, city, v);
    } else {
        sc_cursor_init(&cur, &sg->cities);
        rc = sc_get(&cur, e->passage, &set);
        if (!rc) rc = sc_values(&sg->cities, set, vals, SC_MAX_SET, &n);
        for (size_t i = 0; i < n && !rc; i++)
            if (vals[i] >= 100) rc = group_add(&x->cities, &x->ncities, vals[i], v);
    }
    if (rc) return rc;
    if (e->year) return group_add(&x->years, &x->nyears, e->year, v);
    sc_cursor_init(&cur, &sg->years);
    rc = sc_get(&cur, e->passage, &set);
    if (!rc) rc = sc_values(&sg->years, set, vals, SC_MAX_SET, &n);
    for (size_t i = 0; i < n && !rc; i++) rc = group_add(&x->years, &x->nyears, vals[i], v);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median, bin edges and histogram of x->vals.  Bins are equal-width, or
 * logarithmic (equal width in log10) when all values are positive and the
 * largest is at least FACTFACET_LOG_SPAN times the smallest: a 托位数
 * facet of 3.4 and 300000 then shows every order of magnitude instead of
 * one full first bin. */
static void bin_values(factfacet_unit *x)
{
    if (!x->nvals) return;
    qsort(x->vals, x->nvals, sizeof *x->vals, cmp_double);
    size_t m = x->nvals / 2;
    x->median = x->nvals % 2 ? x->vals[m] : (x->vals[m - 1] + x->vals[m]) / 2;
    double lo = x->all.min, hi = x->all.max;
    x->log_bins = lo > 0 && hi >= lo * FACTFACET_LOG_SPAN;
    for (int k = 0; k <= FACTFACET_BINS; k++) {
        double f = (double)k / FACTFACET_BINS;
        x->edges[k] =
            x->log_bins ? pow(10, log10(lo) + f * (log10(hi) - log10(lo))) : lo + f * (hi - lo);
    }
    x->edges[0] = lo;
    x->edges[FACTFACET_BINS] = hi;
    for (size_t k = 0; k < x->nvals; k++) {
        int b = 0;
        while (b < FACTFACET_BINS - 1 && x->vals[k] >= x->edges[b + 1]) b++;
        x->hist[b]++;
    }
}

int factfacet_compute(zindex *ix, const char *field, unsigned min_conf, const qry *q,
                      const srch_filter *filters, size_t nfilters, const u64vec *gids,
                      factfacet_result *out, zs_diag *d)
{
    memset(out, 0, sizeof *out);
    out->field = field;
    qry_cond any;
    memset(&any, 0, sizeof any);
    size_t stem = strlen(field);
    any.dir = fct_change_word(field, stem, &stem); /* --facet 增长: changes */
    any.field = (char *)field;
    any.field_len = stem;
    any.min_conf = (uint8_t)min_conf;
    any.lo = -INFINITY;
    any.hi = INFINITY;
    int rc = ZS_OK;
    for (size_t si = 0; si < ix->nsegs && !rc; si++) {
        segment *sg = ix->segs[si];
        uint64_t base = ix->seg_base[si];
        const factcol_reader *fr;
        if ((rc = seg_facts(sg, &fr, d))) break;
        for (size_t k = 0; k < fr->n && !rc; k++) {
            const factcol_series *s = &fr->s[k];
            if (!qry_cond_series(&any, s->field, s->field_len, "", 0)) continue;
            if ((rc = seg_fact_series(sg, k, d))) break;
            factfacet_unit *x = NULL;
            for (uint64_t i = s->first; i < s->first + s->count && !rc; i++) {
                factcol_entry e;
                factcol_get(fr, i, &e);
                if (e.passage >= sg->npassages) {
                    rc = zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: facts: passage id",
                                 zf_path(sg->zr));
                    break;
                }
                if (!in_sorted(gids, base + e.passage)) continue;
                if (!cnd_entry_agrees(&e, filters, nfilters)) continue;
                int ok = qry_cond_entry(&any, e.lo, e.hi, e.type, e.dir, e.conf);
                for (size_t c = 0; c < q->nconds && ok; c++)
                    if (!strcmp(q->conds[c].field, any.field) && q->conds[c].dir == any.dir)
                        ok = qry_cond_series(&q->conds[c], s->field, s->field_len, s->unit,
                                             s->unit_len) &&
                             qry_cond_entry(&q->conds[c], e.lo, e.hi, e.type, e.dir, e.conf);
                if (!ok) continue;
                if (!x && !(x = unit_of(out, s->unit, s->unit_len))) rc = ZS_ENOMEM;
                if (!rc) rc = add_fact(x, sg, &e);
                out->total++;
            }
        }
    }
    for (size_t i = 0; i < out->n && !rc; i++) {
        factfacet_unit *x = &out->units[i];
        bin_values(x);
        if (x->ncities) qsort(x->cities, x->ncities, sizeof *x->cities, cmp_group);
        if (x->nyears) qsort(x->years, x->nyears, sizeof *x->years, cmp_group);
    }
    if (!rc && out->n) qsort(out->units, out->n, sizeof *out->units, cmp_unit);
    if (rc) factfacet_free(out);
    return rc;
}

void factfacet_free(factfacet_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->units[i].cities);
        free(r->units[i].years);
        free(r->units[i].vals);
    }
    free(r->units);
    memset(r, 0, sizeof *r);
}

/* ---- field names ----------------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
    const factfacet_name *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->field, y->field);
}

/* By field, then unit (held in `units` while the names are gathered). */
static int cmp_name_text(const void *a, const void *b)
{
    const factfacet_name *x = a, *y = b;
    int c = strcmp(x->field, y->field);
    return c ? c : strcmp(x->units, y->units);
}

/* The facts of series si of segment sg on live passages, into *n (its
 * entries are decoded only when passages were deleted).  Errors:
 * ZS_ECORRUPT. */
static int live_count(segment *sg, const factcol_reader *fr, size_t si, uint64_t *n, zs_diag *d)
{
    const factcol_series *s = &fr->s[si];
    *n = s->count;
    if (!sg->ndead) return ZS_OK;
    int rc = seg_fact_series(sg, si, d);
    if (rc) return rc;
    *n = 0;
    for (uint64_t i = s->first; i < s->first + s->count; i++) {
        factcol_entry e;
        factcol_get(fr, i, &e);
        *n += e.passage < sg->npassages && !seg_dead(sg, e.passage);
    }
    return ZS_OK;
}

int factfacet_names(zindex *ix, const char *text, factfacet_name **out, size_t *n, zs_diag *d)
{
    *out = NULL;
    *n = 0;
    size_t tl = text ? strlen(text) : 0, cap = 0, k = 0;
    factfacet_name *v = NULL;
    int rc = ZS_OK;
    for (size_t si = 0; si < ix->nsegs && !rc; si++) {
        const factcol_reader *fr;
        if ((rc = seg_facts(ix->segs[si], &fr, d))) break;
        for (size_t i = 0; i < fr->n && !rc; i++) {
            const factcol_series *s = &fr->s[i];
            if (tl && !cnd_contains(s->field, s->field_len, text, tl)) continue;
            if (k == cap) {
                cap = cap ? cap * 2 : 64;
                factfacet_name *t = realloc(v, cap * sizeof *t);
                if (!t) {
                    rc = ZS_ENOMEM;
                    break;
                }
                v = t;
            }
            v[k].field = strndup(s->field, s->field_len);
            if (!v[k].field) {
                rc = ZS_ENOMEM;
                break;
            }
            rc = live_count(ix->segs[si], fr, i, &v[k].count, d);
            /* the unit alone for now; "个 12" once segments are summed */
            snprintf(v[k].units, sizeof v[k].units, "%.*s", (int)s->unit_len, s->unit);
            if (!rc && v[k].count)
                k++;
            else
                free(v[k].field);
        }
    }
    if (rc) {
        factfacet_names_free(v, k);
        return rc;
    }
    /* one entry per (field, unit): sum the segments' counts, so that the
     * list does not depend on how the index is cut into segments */
    if (k) qsort(v, k, sizeof *v, cmp_name_text);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (u && !cmp_name_text(&v[u - 1], &v[i])) {
            v[u - 1].count += v[i].count;
            free(v[i].field);
            continue;
        }
        v[u++] = v[i];
    }
    /* then one entry per field: its units in unit order */
    k = u;
    u = 0;
    for (size_t i = 0; i < k; i++) {
        char unit[sizeof v[i].units];
        snprintf(unit, sizeof unit, "%s", v[i].units);
        if (unit[0]) /* else a count without a measure word: 发展指数为89.3 */
            snprintf(v[i].units, sizeof v[i].units, "%s %llu", unit,
                     (unsigned long long)v[i].count);
        else
            snprintf(v[i].units, sizeof v[i].units, "no unit %llu", (unsigned long long)v[i].count);
        if (u && !strcmp(v[u - 1].field, v[i].field)) {
            v[u - 1].count += v[i].count;
            size_t l = strlen(v[u - 1].units);
            if (l + 3 < sizeof v[u - 1].units)
                snprintf(v[u - 1].units + l, sizeof v[u - 1].units - l, ", %s", v[i].units);
            free(v[i].field);
            continue;
        }
        v[u++] = v[i];
    }
    if (u) qsort(v, u, sizeof *v, cmp_name);
    *out = v;
    *n = u;
    return ZS_OK;
}

void factfacet_names_free(factfacet_name *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].field);
    free(v);
}

int factfacet_field_known(zindex *ix, const char *field, size_t len)
{
    zs_diag d;
    for (size_t si = 0; si < ix->nsegs; si++) {
        const factcol_reader *fr;
        if (seg_facts(ix->segs[si], &fr, &d)) return 1; /* let the search report it */
        for (size_t i = 0; i < fr->n; i++)
            if (fct_field_matches(fr->s[i].field, fr->s[i].field_len, field, len)) return 1;
    }
    return 0;
}

/* Code points of `field` that also occur in `name`, weighed against the
 * longer of the two. */
static double closeness(const char *field, const char *name)
{
    size_t nf = 0, common = 0, nn = u8_count(name, strlen(name));
    const uint8_t *p = (const uint8_t *)field;
    while (*p) {
        uint32_t cp;
        int k = u8_next(p, &cp);
        char ch[5] = {0};
        memcpy(ch, p, (size_t)k);
        if (strstr(name, ch)) common++;
        nf++;
        p += k;
    }
    size_t m = nf > nn ? nf : nn;
    return m ? (double)common / (double)m : 0;
}

void factfacet_suggest(zindex *ix, const char *field, size_t max, char *out, size_t cap)
{
    out[0] = '\0';
    factfacet_name *v;
    size_t n;
    zs_diag d;
    if (factfacet_names(ix, NULL, &v, &n, &d)) return;
    size_t used = 0;
    for (size_t round = 0; round < max; round++) {
        double best = 0.34; /* at least a third in common */
        size_t bi = n;
        for (size_t i = 0; i < n; i++) {
            if (!v[i].field[0]) continue;
            double c = closeness(field, v[i].field);
            if (c > best) { /* v is most facts first: ties keep the commoner */
                best = c;
                bi = i;
            }
        }
        if (bi == n) break;
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s", used ? "、" : "", v[bi].field);
        v[bi].field[0] = '\0';
        used++;
    }
    factfacet_names_free(v, n);
}
