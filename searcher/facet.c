/* facet.c - facet counts over set columns (see facet.h). */
#include "facet.h"

#include "setcol.h"

#include <stdlib.h>
#include <string.h>

static int cmp_count(const void *a, const void *b)
{
    const fc_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

/* Add `k` to the count of `value`. */
static int bump(fc_result *r, size_t *cap, uint32_t value, uint64_t k)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].value == value) {
            r->v[i].count += k;
            return ZS_OK;
        }
    if (r->n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        fc_count *p = realloc(r->v, c * sizeof *p);
        if (!p) return ZS_ENOMEM;
        r->v = p;
        *cap = c;
    }
    r->v[r->n].value = value;
    r->v[r->n].count = k;
    r->n++;
    return ZS_OK;
}

int fc_count_values(zindex *ix, fc_kind kind, const u64vec *gids, fc_result *out, zs_diag *d)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    size_t cap = 0;
    size_t i = 0;
    int rc = ZS_OK;
    for (size_t si = 0; si < ix->nsegs && !rc; si++) {
        segment *s = ix->segs[si];
        const sc_reader *col = kind == FC_CITY ? &s->cities : &s->years;
        uint64_t base = ix->seg_base[si], end = base + s->npassages;
        /* passages per set id first (few sets), values after */
        uint64_t *per_set = calloc(col->nsets ? col->nsets : 1, sizeof *per_set);
        if (!per_set) return ZS_ENOMEM;
        sc_cursor cur;
        sc_cursor_init(&cur, col);
        for (; i < gids->n && gids->v[i] < end && !rc; i++) {
            uint32_t set;
            rc = sc_get(&cur, (uint32_t)(gids->v[i] - base), &set);
            if (!rc) per_set[set]++;
        }
        for (uint32_t set = 0; set < col->nsets && !rc; set++) {
            if (!per_set[set]) continue;
            uint32_t vals[SC_MAX_SET];
            size_t n;
            rc = sc_values(col, set, vals, SC_MAX_SET, &n);
            if (n == 0) out->none += per_set[set];
            for (size_t k = 0; k < n && !rc; k++) rc = bump(out, &cap, vals[k], per_set[set]);
        }
        free(per_set);
        if (rc == ZS_ECORRUPT)
            zs_fail(d, rc, "index corrupt: %s: set column damaged", zf_path(s->zr));
    }
    if (rc) {
        fc_free(out);
        return rc;
    }
    /* qsort(NULL, 0) is undefined (no hits: no values) */
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp_count);
    return ZS_OK;
}

void fc_free(fc_result *r)
{
    free(r->v);
    memset(r, 0, sizeof *r);
}
