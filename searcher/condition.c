/* condition.c - numeric conditions over fact columns (see condition.h). */
#include "condition.h"

#include "fct.h"
#include "format.h"

#include <stdlib.h>
#include <string.h>

int cnd_contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn > hn) return 0;
    for (size_t i = 0; i + nn <= hn; i++)
        if (!memcmp(hay + i, needle, nn)) return 1;
    return 0;
}

int cnd_series_matches(const factcol_series *s, const qry_cond *c)
{
    return qry_cond_series(c, s->field, s->field_len, s->unit, s->unit_len);
}

uint32_t cnd_province_of(uint32_t code)
{
    return code < 100 ? code : code < 10000 ? code / 100 : code / 10000;
}

int cnd_entry_agrees(const factcol_entry *e, const srch_filter *filters, size_t nfilters)
{
    for (size_t i = 0; i < nfilters; i++) {
        const srch_filter *f = &filters[i];
        int ok = 0;
        if (f->kind == FMT_FIELD_YEAR) {
            if (!e->year) continue;
            for (size_t k = 0; k < f->n && !ok; k++) ok = f->values[k] == e->year;
        } else if (f->kind == FMT_FIELD_CITY) {
            if (!e->place) continue;
            for (size_t k = 0; k < f->n && !ok; k++)
                ok = f->values[k] == e->place || f->values[k] == cnd_province_of(e->place);
        } else {
            continue;
        }
        if (!ok) return 0;
    }
    return 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int cnd_passages(segment *sg, const qry_cond *c, const srch_filter *filters, size_t nfilters,
                 uint32_t **ids, size_t *n, zs_diag *d)
{
    *ids = NULL;
    *n = 0;
    const factcol_reader *fr;
    int rc = seg_facts(sg, &fr, d);
    if (rc) return rc;
    size_t cap = 0, k = 0;
    uint32_t *v = NULL;
    for (size_t si = 0; si < fr->n; si++) {
        /* a series without entries of the condition's kind cannot answer */
        uint8_t kind = c->dir == FCT_D_NONE ? FACTCOL_KIND_PLAIN : FACTCOL_KIND_CHANGE;
        if (!(fr->s[si].kinds & kind) || !cnd_series_matches(&fr->s[si], c)) continue;
        uint64_t from, to;
        if ((rc = seg_fact_series(sg, si, d))) {
            free(v);
            return rc;
        }
        factcol_range(fr, si, c->hi, c->hi_incl, &from, &to);
        for (uint64_t i = from; i < to; i++) {
            factcol_entry e;
            factcol_get(fr, i, &e);
            if (e.passage >= sg->npassages) {
                free(v);
                return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: facts: passage id out of range",
                               zf_path(sg->zr));
            }
            if (!qry_cond_entry(c, e.lo, e.hi, e.type, e.dir, e.conf)) continue;
            if (!cnd_entry_agrees(&e, filters, nfilters)) continue;
            if (k == cap) {
                cap = cap ? cap * 2 : 64;
                uint32_t *t = realloc(v, cap * sizeof *t);
                if (!t) {
                    free(v);
                    return ZS_ENOMEM;
                }
                v = t;
            }
            v[k++] = e.passage;
        }
    }
    if (k > 1) {
        qsort(v, k, sizeof *v, cmp_u32);
        size_t u = 1;
        for (size_t i = 1; i < k; i++)
            if (v[i] != v[u - 1]) v[u++] = v[i];
        k = u;
    }
    *ids = v;
    *n = k;
    return ZS_OK;
}
