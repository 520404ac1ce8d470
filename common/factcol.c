/* factcol.c - per-series value-sorted fact columns (see factcol.h). */
#include "factcol.h"

#include "bytes.h"
#include "fct.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct wentry {
    uint32_t series;
    factcol_entry e;
} wentry;

struct factcol_writer {
    buf keys;       /* field '\0' unit, back to back */
    uint32_t *koff; /* start of each key in `keys`, plus the end */
    size_t nseries, kcap;
    uint32_t *hash; /* series id + 1; 0 = empty */
    uint32_t hcap;
    wentry *v;
    size_t n, cap;
    /* factcol_writer_spill: the entries before the last `n` are in `spill`,
     * `nspilled` of them, as written (this process alone reads them) */
    char *spill_path;
    FILE *spill;
    uint64_t nspilled;
};

int factcol_writer_new(factcol_writer **out)
{
    factcol_writer *w = calloc(1, sizeof *w);
    if (w) w->koff = malloc(sizeof *w->koff);
    if (!w || !w->koff) {
        free(w);
        *out = NULL;
        return ZS_ENOMEM;
    }
    buf_init(&w->keys);
    w->koff[0] = 0;
    w->kcap = 1;
    *out = w;
    return ZS_OK;
}

void factcol_writer_free(factcol_writer *w)
{
    if (!w) return;
    if (w->spill) fclose(w->spill);
    if (w->spill_path) unlink(w->spill_path);
    free(w->spill_path);
    buf_free(&w->keys);
    free(w->koff);
    free(w->hash);
    free(w->v);
    free(w);
}

uint64_t factcol_count(const factcol_writer *w)
{
    return w->nspilled + w->n;
}

int factcol_writer_spill(factcol_writer *w, const char *path)
{
    if (w->spill_path || w->n) return ZS_EINVAL;
    w->spill_path = strdup(path);
    if (!w->spill_path) return ZS_ENOMEM;
    w->spill = fopen(path, "w+b");
    if (!w->spill) {
        free(w->spill_path);
        w->spill_path = NULL;
        return ZS_EIO;
    }
    return ZS_OK;
}

static int rehash(factcol_writer *w)
{
    uint32_t cap = w->hcap ? w->hcap * 2 : 256;
    uint32_t *h = calloc(cap, sizeof *h);
    if (!h) return ZS_ENOMEM;
    for (size_t id = 0; id < w->nseries; id++) {
        uint32_t a = w->koff[id], b = w->koff[id + 1];
        uint32_t i = fnv1a32(w->keys.data + a, b - a) & (cap - 1);
        while (h[i]) i = (i + 1) & (cap - 1);
        h[i] = (uint32_t)id + 1;
    }
    free(w->hash);
    w->hash = h;
    w->hcap = cap;
    return ZS_OK;
}

/* The id of series key [start, keys.len) of w->keys, adding it if new. */
static int series_id(factcol_writer *w, size_t start, uint32_t *id)
{
    int rc;
    if (!w->hcap && (rc = rehash(w))) return rc;
    size_t len = w->keys.len - start;
    uint32_t i = fnv1a32(w->keys.data + start, len) & (w->hcap - 1);
    for (;;) {
        uint32_t h = w->hash[i];
        if (!h) break;
        uint32_t a = w->koff[h - 1], b = w->koff[h];
        if (b - a == len && !memcmp(w->keys.data + a, w->keys.data + start, len)) {
            buf_truncate(&w->keys, start);
            *id = h - 1;
            return ZS_OK;
        }
        i = (i + 1) & (w->hcap - 1);
    }
    if (w->nseries + 2 > w->kcap) {
        size_t cap = w->kcap * 2 + 16;
        uint32_t *k = realloc(w->koff, cap * sizeof *k);
        if (!k) return ZS_ENOMEM;
        w->koff = k;
        w->kcap = cap;
    }
    *id = (uint32_t)w->nseries;
    w->koff[++w->nseries] = (uint32_t)w->keys.len;
    w->hash[i] = *id + 1;
    if ((uint64_t)w->nseries * 2 > w->hcap) return rehash(w);
    return ZS_OK;
}

/* Valid bounds: no NaN, lo <= hi, an open end only on its own side. */
static int factcol_bounds_ok(double lo, double hi)
{
    return !isnan(lo) && !isnan(hi) && lo <= hi && lo != INFINITY && hi != -INFINITY;
}

int factcol_add(factcol_writer *w, const char *field, size_t flen, const char *unit, size_t ulen,
                const factcol_entry *e)
{
    if (!flen || !factcol_bounds_ok(e->lo, e->hi) || e->type >= FCT_T_COUNT_ ||
        e->dir >= FCT_D_COUNT_)
        return ZS_EINVAL;
    if (flen > FACTCOL_NAME_MAX) flen = FACTCOL_NAME_MAX;
    if (ulen > FACTCOL_NAME_MAX) ulen = FACTCOL_NAME_MAX;
    size_t start = w->keys.len;
    int rc = buf_add(&w->keys, field, flen);
    if (!rc) rc = buf_putc(&w->keys, 0);
    if (!rc) rc = buf_add(&w->keys, unit, ulen);
    uint32_t id;
    if (!rc) rc = series_id(w, start, &id);
    if (rc) return rc;
    if (w->spill && w->n == FACTCOL_SPILL_ENTRIES) {
        if (fwrite(w->v, sizeof *w->v, w->n, w->spill) != w->n) return ZS_EIO;
        w->nspilled += w->n;
        w->n = 0;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        wentry *v = realloc(w->v, cap * sizeof *v);
        if (!v) return ZS_ENOMEM;
        w->v = v;
        w->cap = cap;
    }
    memset(&w->v[w->n], 0, sizeof *w->v); /* no padding left unset in the spill file */
    w->v[w->n].series = id;
    w->v[w->n++].e = *e;
    return ZS_OK;
}

size_t factcol_writer_mem(const factcol_writer *w)
{
    return w->keys.cap + w->kcap * sizeof *w->koff + (size_t)w->hcap * sizeof *w->hash +
           w->cap * sizeof *w->v;
}

/* Sorting series by key: qsort over ids with the writer as context. */
typedef struct key_ref {
    const char *p;
    uint32_t len;
    uint32_t id;
} key_ref;

static int cmp_key(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n); /* '\0' ends the field: field order first */
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_entry(const void *a, const void *b)
{
    const wentry *x = a, *y = b;
    if (x->series != y->series) return x->series < y->series ? -1 : 1;
    if (x->e.lo != y->e.lo) return x->e.lo < y->e.lo ? -1 : 1;
    if (x->e.hi != y->e.hi) return x->e.hi < y->e.hi ? -1 : 1;
    if (x->e.passage != y->e.passage) return x->e.passage < y->e.passage ? -1 : 1;
    return 0;
}

/* Bring the spilled entries back before the ones in memory, in the order
 * they came: the sort then sees the same array as without a spill. */
static int unspill(factcol_writer *w)
{
    if (!w->nspilled) return ZS_OK;
    uint64_t total = w->nspilled + w->n;
    if (total > SIZE_MAX / sizeof *w->v) return ZS_ENOMEM;
    wentry *v = malloc((size_t)total * sizeof *v);
    if (!v) return ZS_ENOMEM;
    size_t ns = (size_t)w->nspilled;
    if (fflush(w->spill) != 0 || fseek(w->spill, 0, SEEK_SET) != 0 ||
        fread(v, sizeof *v, ns, w->spill) != ns) {
        free(v);
        return ZS_EIO;
    }
    if (w->n) memcpy(v + ns, w->v, w->n * sizeof *v);
    free(w->v);
    w->v = v;
    w->n = w->cap = (size_t)total;
    w->nspilled = 0;
    return ZS_OK;
}

int factcol_write(factcol_writer *w, zf_writer *zw, uint32_t sec_keys, uint32_t sec_vals,
                  uint32_t sec_refs)
{
    int urc = unspill(w);
    if (urc) return urc;
    key_ref *k = malloc((w->nseries ? w->nseries : 1) * sizeof *k);
    uint32_t *rank = malloc((w->nseries ? w->nseries : 1) * sizeof *rank);
    uint64_t *count = calloc(w->nseries ? w->nseries : 1, sizeof *count);
    buf b;
    buf_init(&b);
    int rc = (!k || !rank || !count) ? ZS_ENOMEM : ZS_OK;
    for (size_t i = 0; i < w->nseries && !rc; i++) {
        k[i].p = w->keys.data + w->koff[i];
        k[i].len = w->koff[i + 1] - w->koff[i];
        k[i].id = (uint32_t)i;
    }
    if (!rc) {
        if (w->nseries) qsort(k, w->nseries, sizeof *k, cmp_key);
        for (size_t i = 0; i < w->nseries; i++) rank[k[i].id] = (uint32_t)i;
        for (size_t i = 0; i < w->n; i++) {
            w->v[i].series = rank[w->v[i].series];
            count[w->v[i].series]++;
        }
        if (w->n) qsort(w->v, w->n, sizeof *w->v, cmp_entry);
        rc = le_buf32(&b, (uint32_t)w->nseries);
    }
    for (size_t i = 0; i < w->nseries && !rc; i++) {
        const char *nul = memchr(k[i].p, 0, k[i].len);
        size_t flen = (size_t)(nul - k[i].p), ulen = k[i].len - flen - 1;
        rc = vi_put(&b, flen);
        if (!rc) rc = buf_add(&b, k[i].p, flen);
        if (!rc) rc = vi_put(&b, ulen);
        if (!rc) rc = buf_add(&b, nul + 1, ulen);
        if (!rc) rc = vi_put(&b, count[i]);
    }
    if (!rc) rc = zf_section_begin(zw, sec_keys);
    if (!rc) rc = zf_write(zw, b.data, b.len);
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = zf_section_begin(zw, sec_vals);
    for (size_t i = 0; i < w->n && !rc; i++) {
        uint8_t v[FACTCOL_VAL_BYTES];
        uint64_t bits;
        memcpy(&bits, &w->v[i].e.lo, 8);
        le_put64(v, bits);
        memcpy(&bits, &w->v[i].e.hi, 8);
        le_put64(v + 8, bits);
        rc = zf_write(zw, v, sizeof v);
    }
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = zf_section_begin(zw, sec_refs);
    for (size_t i = 0; i < w->n && !rc; i++) {
        uint8_t r[FACTCOL_REF_BYTES];
        le_put32(r, w->v[i].e.passage);
        le_put32(r + 4, w->v[i].e.place);
        le_put16(r + 8, w->v[i].e.year);
        le_put16(r + 10, w->v[i].e.qual);
        r[12] = w->v[i].e.type;
        r[13] = w->v[i].e.dir;
        r[14] = w->v[i].e.conf;
        r[15] = 0;
        rc = zf_write(zw, r, sizeof r);
    }
    if (!rc) rc = zf_section_end(zw);
    buf_free(&b);
    free(k);
    free(rank);
    free(count);
    return rc;
}

/* ---- reader ---------------------------------------------------------------- */

static int bad(zf_reader *zr, zs_diag *d, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: facts: %s", zf_path(zr), why);
}

/* Bound `which` (0 = lo, 1 = hi) of entry i. */
static double val_at(const uint8_t *vals, uint64_t i, int which)
{
    uint64_t bits = le_get64(vals + i * FACTCOL_VAL_BYTES + 8 * which);
    double v;
    memcpy(&v, &bits, 8);
    return v;
}

int factcol_open(factcol_reader *r, zf_reader *zr, uint32_t sec_keys, uint32_t sec_vals,
                 uint32_t sec_refs, uint32_t npassages, zs_diag *d)
{
    memset(r, 0, sizeof *r);
    zf_slice k, v, f;
    if (zf_section(zr, sec_keys, &k) || zf_section(zr, sec_vals, &v) ||
        zf_section(zr, sec_refs, &f))
        return bad(zr, d, "missing section");
    int rc = zf_need(zr, k.off, k.len, d);
    if (!rc) rc = zf_need(zr, v.off, v.len, d);
    if (!rc) rc = zf_need(zr, f.off, f.len, d);
    if (rc) return rc;
    if (k.len < 4 || v.len % FACTCOL_VAL_BYTES || f.len % FACTCOL_REF_BYTES ||
        v.len / FACTCOL_VAL_BYTES != f.len / FACTCOL_REF_BYTES)
        return bad(zr, d, "section sizes disagree");
    r->nentries = v.len / FACTCOL_VAL_BYTES;
    r->vals = v.p;
    r->refs = f.p;
    uint32_t n = le_get32(k.p);
    if (n > k.len) return bad(zr, d, "series count");
    r->s = calloc(n ? n : 1, sizeof *r->s);
    if (!r->s) return ZS_ENOMEM;
    r->n = n;
    const uint8_t *p = k.p + 4, *e = k.p + k.len;
    uint64_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        factcol_series *s = &r->s[i];
        uint64_t fl, ul, cnt;
        if (vi_get(&p, e, &fl) || fl == 0 || fl > (uint64_t)(e - p)) goto damaged;
        s->field = (const char *)p;
        s->field_len = (uint32_t)fl;
        p += fl;
        if (vi_get(&p, e, &ul) || ul > (uint64_t)(e - p)) goto damaged;
        s->unit = (const char *)p;
        s->unit_len = (uint32_t)ul;
        p += ul;
        if (vi_get(&p, e, &cnt) || cnt == 0 || cnt > r->nentries - at) goto damaged;
        s->first = at;
        s->count = cnt;
        at += cnt;
        if (i > 0) {
            const factcol_series *q = &r->s[i - 1];
            size_t m = q->field_len < s->field_len ? q->field_len : s->field_len;
            int c = memcmp(q->field, s->field, m);
            if (!c) c = q->field_len < s->field_len ? -1 : q->field_len > s->field_len;
            if (!c) {
                size_t mu = q->unit_len < s->unit_len ? q->unit_len : s->unit_len;
                c = memcmp(q->unit, s->unit, mu);
                if (!c) c = q->unit_len < s->unit_len ? -1 : q->unit_len > s->unit_len;
            }
            if (c >= 0) goto damaged;
        }
    }
    if (p != e || at != r->nentries) goto damaged;
    r->npassages = npassages;
    return ZS_OK;
damaged:
    factcol_close(r);
    return bad(zr, d, "series or entries damaged");
}

int factcol_verify(const factcol_reader *r, zf_reader *zr, zs_diag *d)
{
    for (size_t i = 0; i < r->n; i++) {
        const factcol_series *s = &r->s[i];
        for (uint64_t j = s->first + 1; j < s->first + s->count; j++) {
            double a = val_at(r->vals, j - 1, 0), b = val_at(r->vals, j, 0);
            if (!(a <= b)) return bad(zr, d, "values out of order");
        }
    }
    for (uint64_t i = 0; i < r->nentries; i++) {
        if (!factcol_bounds_ok(val_at(r->vals, i, 0), val_at(r->vals, i, 1)))
            return bad(zr, d, "bounds not valid");
        const uint8_t *f = r->refs + i * FACTCOL_REF_BYTES;
        if (f[12] >= FCT_T_COUNT_ || f[13] >= FCT_D_COUNT_ || f[15])
            return bad(zr, d, "type or direction not valid");
        if (le_get32(f) >= r->npassages) return bad(zr, d, "passage id out of range");
    }
    return ZS_OK;
}

void factcol_close(factcol_reader *r)
{
    free(r->s);
    memset(r, 0, sizeof *r);
}

void factcol_get(const factcol_reader *r, uint64_t i, factcol_entry *e)
{
    const uint8_t *f = r->refs + i * FACTCOL_REF_BYTES;
    e->lo = val_at(r->vals, i, 0);
    e->hi = val_at(r->vals, i, 1);
    e->passage = le_get32(f);
    e->place = le_get32(f + 4);
    e->year = le_get16(f + 8);
    e->qual = le_get16(f + 10);
    e->type = f[12];
    e->dir = f[13];
    e->conf = f[14];
}

/* First entry in [a, b) whose value is > x (strict) or >= x. */
static uint64_t lower(const uint8_t *vals, uint64_t a, uint64_t b, double x, int strict)
{
    while (a < b) {
        uint64_t m = a + (b - a) / 2;
        double v = val_at(vals, m, 0);
        if (strict ? v <= x : v < x)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

void factcol_range(const factcol_reader *r, size_t si, double chi, int chi_incl, uint64_t *from,
                   uint64_t *to)
{
    const factcol_series *s = &r->s[si];
    *from = s->first;
    *to = lower(r->vals, s->first, s->first + s->count, chi, chi_incl);
}
