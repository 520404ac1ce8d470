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

uint8_t factcol_kind(unsigned type)
{
    return type == FCT_T_CHANGE ? FACTCOL_KIND_CHANGE : FACTCOL_KIND_PLAIN;
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

/* ---- encoding (docs/FORMAT.md "Fact values", "Fact references") ---------- */

/* Exact powers of ten as doubles, 10^0 .. 10^FACTCOL_EXP_MAX. */
static const double pow10_tab[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

/* The value of mantissa m and exponent x: m * 10^x, or m / 10^-x (one
 * correctly rounded operation either way, so writer and reader agree). */
static double num_value(int64_t m, int x)
{
    return x >= 0 ? (double)m * pow10_tab[x] : (double)m / pow10_tab[-x];
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t u)
{
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* The number code of finite v: a decimal (m, x) that gives v back bit for
 * bit, the largest exponent first (the shortest mantissa), or the escape
 * FACTCOL_NUM_RAW when none does (-0, 1/3, a huge mantissa). */
static uint64_t num_code(double v)
{
    for (int x = FACTCOL_EXP_MAX; x >= FACTCOL_EXP_MIN; x--) {
        double q = x >= 0 ? v / pow10_tab[x] : v * pow10_tab[-x];
        if (!(fabs(q) < FACTCOL_MANT_LIMIT)) continue;
        int64_t m = (int64_t)nearbyint(q);
        double back = num_value(m, x);
        if (memcmp(&back, &v, sizeof v)) continue;
        return zigzag(m) << FACTCOL_EXP_BITS | (uint64_t)(x - FACTCOL_EXP_MIN);
    }
    return FACTCOL_NUM_RAW;
}

/* The shape of bounds (lo, hi) beside the previous entry's. */
static unsigned val_shape(const factcol_entry *e, const factcol_entry *prev)
{
    /* bit for bit: 0 and -0 are told apart */
    if (prev && !memcmp(&prev->lo, &e->lo, 8) && !memcmp(&prev->hi, &e->hi, 8))
        return FACTCOL_SHAPE_SAME;
    if (e->lo == -INFINITY) return FACTCOL_SHAPE_BELOW;
    if (e->hi == INFINITY) return FACTCOL_SHAPE_ABOVE;
    return !memcmp(&e->lo, &e->hi, 8) ? FACTCOL_SHAPE_EXACT : FACTCOL_SHAPE_RANGE;
}

/* Append number code c of v (and v's 8 bytes after the escape). */
static int put_num_tail(buf *b, uint64_t c, double v)
{
    if (c != FACTCOL_NUM_RAW) return ZS_OK;
    uint64_t bits;
    memcpy(&bits, &v, 8);
    return le_buf64(b, bits);
}

/* Append the value record of e (prev: the series' entry before it). */
static int put_value(buf *b, const factcol_entry *e, const factcol_entry *prev)
{
    unsigned shape = val_shape(e, prev);
    if (shape == FACTCOL_SHAPE_SAME) return vi_put(b, shape);
    double first = shape == FACTCOL_SHAPE_BELOW ? e->hi : e->lo;
    uint64_t c = num_code(first);
    int rc = vi_put(b, c << FACTCOL_SHAPE_BITS | shape);
    if (!rc) rc = put_num_tail(b, c, first);
    if (!rc && shape == FACTCOL_SHAPE_RANGE) {
        uint64_t c2 = num_code(e->hi);
        rc = vi_put(b, c2);
        if (!rc) rc = put_num_tail(b, c2, e->hi);
    }
    return rc;
}

/* Append the reference record of e; `same` when its bounds repeat the
 * previous entry's, whose passage id then is the base of a delta. */
static int put_ref(buf *b, const factcol_entry *e, const factcol_entry *prev, int same)
{
    uint64_t meta = (uint64_t)e->type | (uint64_t)e->dir << 2 | (uint64_t)(e->place != 0) << 4 |
                    (uint64_t)(e->year != 0) << 5 | (uint64_t)e->qual << FACTCOL_META_QUAL_SHIFT;
    int rc = vi_put(b, same ? e->passage - prev->passage : e->passage);
    if (!rc) rc = vi_put(b, meta);
    if (!rc) rc = buf_putc(b, (char)e->conf);
    if (!rc && e->place) rc = vi_put(b, e->place);
    if (!rc && e->year) rc = vi_put(b, e->year);
    return rc;
}

/* Append series i's entries [from, to) of w->v to vals and refs. */
static int put_series(const factcol_writer *w, size_t from, size_t to, buf *vals, buf *refs)
{
    int rc = ZS_OK;
    for (size_t i = from; i < to && !rc; i++) {
        const factcol_entry *e = &w->v[i].e, *prev = i > from ? &w->v[i - 1].e : NULL;
        rc = put_value(vals, e, prev);
        if (!rc) rc = put_ref(refs, e, prev, val_shape(e, prev) == FACTCOL_SHAPE_SAME);
    }
    return rc;
}

static int cmp_unit(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* The distinct units of the sorted keys k[0..n), ascending, into *units
 * (pointing into the keys; caller frees) and each key's unit index into
 * uidx (the unit's `id` field is reused for it). */
static int unit_table(key_ref *k, size_t n, key_ref **units, size_t *nunits, uint32_t *uidx)
{
    key_ref *u = malloc((n ? n : 1) * sizeof *u);
    if (!u) return ZS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *nul = memchr(k[i].p, 0, k[i].len);
        u[i].p = nul + 1;
        u[i].len = (uint32_t)(k[i].len - (size_t)(nul - k[i].p) - 1);
    }
    if (n) qsort(u, n, sizeof *u, cmp_unit);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || cmp_unit(&u[m - 1], &u[i])) u[m++] = u[i];
    for (size_t i = 0; i < n; i++) {
        const char *nul = memchr(k[i].p, 0, k[i].len);
        key_ref x = {nul + 1, (uint32_t)(k[i].len - (size_t)(nul - k[i].p) - 1), 0};
        key_ref *hit = bsearch(&x, u, m, sizeof *u, cmp_unit);
        uidx[i] = (uint32_t)(hit - u);
    }
    *units = u;
    *nunits = m;
    return ZS_OK;
}

/* FACTKEYS: the unit table, then each series front-coded against the one
 * before, with its unit index and kinds, count and byte lengths. */
static int put_keys(buf *b, key_ref *k, size_t n, const uint64_t *count, const uint8_t *kinds,
                    const uint64_t *vlen, const uint64_t *rlen)
{
    key_ref *units;
    size_t nunits;
    uint32_t *uidx = malloc((n ? n : 1) * sizeof *uidx);
    if (!uidx) return ZS_ENOMEM;
    int rc = unit_table(k, n, &units, &nunits, uidx);
    if (rc) {
        free(uidx);
        return rc;
    }
    rc = le_buf32(b, (uint32_t)nunits);
    for (size_t i = 0; i < nunits && !rc; i++) {
        rc = vi_put(b, units[i].len);
        if (!rc) rc = buf_add(b, units[i].p, units[i].len);
    }
    if (!rc) rc = le_buf32(b, (uint32_t)n);
    size_t prev_len = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t flen = (size_t)((const char *)memchr(k[i].p, 0, k[i].len) - k[i].p), same = 0;
        while (i && same < flen && same < prev_len && k[i].p[same] == k[i - 1].p[same]) same++;
        rc = vi_put(b, same);
        if (!rc) rc = vi_put(b, flen - same);
        if (!rc) rc = buf_add(b, k[i].p + same, flen - same);
        if (!rc) rc = vi_put(b, (uint64_t)uidx[i] << FACTCOL_KIND_BITS | kinds[i]);
        if (!rc) rc = vi_put(b, count[i]);
        if (!rc) rc = vi_put(b, vlen[i]);
        if (!rc) rc = vi_put(b, rlen[i]);
        prev_len = flen;
    }
    free(units);
    free(uidx);
    return rc;
}

static int write_section(zf_writer *zw, uint32_t sec, const buf *b)
{
    int rc = zf_section_begin(zw, sec);
    if (!rc && b->len) rc = zf_write(zw, b->data, b->len);
    if (!rc) rc = zf_section_end(zw);
    return rc;
}

int factcol_write(factcol_writer *w, zf_writer *zw, uint32_t sec_keys, uint32_t sec_vals,
                  uint32_t sec_refs)
{
    int urc = unspill(w);
    if (urc) return urc;
    size_t ns = w->nseries ? w->nseries : 1;
    key_ref *k = malloc(ns * sizeof *k);
    uint32_t *rank = malloc(ns * sizeof *rank);
    uint64_t *count = calloc(ns, sizeof *count), *vlen = calloc(ns, sizeof *vlen),
             *rlen = calloc(ns, sizeof *rlen);
    uint8_t *kinds = calloc(ns, 1);
    buf b, vals, refs;
    buf_init(&b);
    buf_init(&vals);
    buf_init(&refs);
    int rc = (!k || !rank || !count || !vlen || !rlen || !kinds) ? ZS_ENOMEM : ZS_OK;
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
            kinds[w->v[i].series] |= factcol_kind(w->v[i].e.type);
        }
        if (w->n) qsort(w->v, w->n, sizeof *w->v, cmp_entry);
    }
    for (size_t i = 0, at = 0; i < w->nseries && !rc; at += count[i++]) {
        size_t v0 = vals.len, r0 = refs.len;
        rc = put_series(w, at, at + count[i], &vals, &refs);
        vlen[i] = vals.len - v0;
        rlen[i] = refs.len - r0;
    }
    if (!rc && (vals.len > FACTCOL_SECTION_MAX || refs.len > FACTCOL_SECTION_MAX)) rc = ZS_EINVAL;
    if (!rc) rc = put_keys(&b, k, w->nseries, count, kinds, vlen, rlen);
    if (!rc) rc = write_section(zw, sec_keys, &b);
    if (!rc) rc = write_section(zw, sec_vals, &vals);
    if (!rc) rc = write_section(zw, sec_refs, &refs);
    buf_free(&b);
    buf_free(&vals);
    buf_free(&refs);
    free(k);
    free(rank);
    free(count);
    free(vlen);
    free(rlen);
    free(kinds);
    return rc;
}

/* ---- reader ---------------------------------------------------------------- */

static int bad(zf_reader *zr, zs_diag *d, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: facts: %s", zf_path(zr), why);
}

/* Byte order of two strings, then length. */
static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : an < bn ? -1 : an > bn;
}

/* Read the unit table at *p: units ascending, strictly. */
static int read_units(factcol_reader *r, const uint8_t **p, const uint8_t *e)
{
    uint32_t n;
    if (le_read32(p, e, &n) || n > (uint64_t)(e - *p)) return ZS_ECORRUPT;
    r->units = calloc(n ? n : 1, sizeof *r->units);
    if (!r->units) return ZS_ENOMEM;
    r->nunits = n;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t len;
        if (vi_get(p, e, &len) || len > (uint64_t)(e - *p) || len > FACTCOL_NAME_MAX)
            return ZS_ECORRUPT;
        r->units[i].p = (const char *)*p;
        r->units[i].len = (uint32_t)len;
        *p += len;
        if (i &&
            cmp_bytes(r->units[i - 1].p, r->units[i - 1].len, r->units[i].p, r->units[i].len) >= 0)
            return ZS_ECORRUPT;
    }
    return ZS_OK;
}

/* Read series i at *p; its field is rebuilt at r->names[*noff ..]. */
static int read_series(factcol_reader *r, uint32_t i, const uint8_t **p, const uint8_t *e,
                       size_t *noff, uint64_t *at, uint64_t *voff, uint64_t *roff)
{
    factcol_series *s = &r->s[i];
    uint64_t same, suf, uk, cnt, vl, rl;
    uint32_t prev_len = i ? r->s[i - 1].field_len : 0;
    if (vi_get(p, e, &same) || same > prev_len || vi_get(p, e, &suf) || suf > (uint64_t)(e - *p) ||
        same + suf == 0 || same + suf > FACTCOL_NAME_MAX)
        return ZS_ECORRUPT;
    char *f = r->names + *noff;
    if (same) memcpy(f, r->names + *noff - prev_len, same);
    memcpy(f + same, *p, suf);
    *p += suf;
    /* each entry costs a byte of values at least: vl bounds the count */
    if (vi_get(p, e, &uk) || (uk >> FACTCOL_KIND_BITS) >= r->nunits ||
        !(uk & ((1u << FACTCOL_KIND_BITS) - 1)) || vi_get(p, e, &cnt) || vi_get(p, e, &vl) ||
        vi_get(p, e, &rl) || vl > r->vals_len - *voff || rl > r->refs_len - *roff || cnt == 0 ||
        cnt > vl)
        return ZS_ECORRUPT;
    s->field = f;
    s->field_len = (uint16_t)(same + suf);
    s->unit = r->units[uk >> FACTCOL_KIND_BITS].p;
    s->unit_len = (uint16_t)r->units[uk >> FACTCOL_KIND_BITS].len;
    s->kinds = (uint8_t)(uk & ((1u << FACTCOL_KIND_BITS) - 1));
    s->first = *at;
    s->count = cnt;
    s->vals_off = (uint32_t)*voff;
    s->refs_off = (uint32_t)*roff;
    *noff += s->field_len;
    *at += cnt;
    *voff += vl;
    *roff += rl;
    if (i) {
        const factcol_series *q = &r->s[i - 1];
        int c = cmp_bytes(q->field, q->field_len, s->field, s->field_len);
        /* units lie ascending in the map: their addresses keep their order */
        if (!c) c = q->unit < s->unit ? -1 : q->unit > s->unit;
        if (c >= 0) return ZS_ECORRUPT;
    }
    return ZS_OK;
}

static int read_keys(factcol_reader *r, const uint8_t *p, const uint8_t *e)
{
    int rc = read_units(r, &p, e);
    if (rc) return rc;
    uint32_t n;
    if (le_read32(&p, e, &n) || n > (uint64_t)(e - p)) return ZS_ECORRUPT;
    r->s = calloc(n ? n : 1, sizeof *r->s);
    /* each field is at most FACTCOL_NAME_MAX bytes, and each costs a byte */
    r->names = malloc(n ? (size_t)n * FACTCOL_NAME_MAX : 1);
    r->loaded = calloc(n ? n : 1, 1);
    if (!r->s || !r->names || !r->loaded) return ZS_ENOMEM;
    r->n = n;
    size_t noff = 0;
    uint64_t at = 0, voff = 0, roff = 0;
    for (uint32_t i = 0; i < n; i++)
        if ((rc = read_series(r, i, &p, e, &noff, &at, &voff, &roff))) return rc;
    if (p != e || voff != r->vals_len || roff != r->refs_len) return ZS_ECORRUPT;
    r->nentries = at;
    return ZS_OK;
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
    if (v.len > FACTCOL_SECTION_MAX || f.len > FACTCOL_SECTION_MAX)
        return bad(zr, d, "values or references too long");
    r->zr = zr;
    r->vals = v.p;
    r->vals_len = v.len;
    r->refs = f.p;
    r->refs_len = f.len;
    r->npassages = npassages;
    rc = read_keys(r, k.p, k.p + k.len);
    if (rc) {
        factcol_close(r);
        return rc == ZS_ENOMEM ? rc : bad(zr, d, "series or entries damaged");
    }
    return ZS_OK;
}

void factcol_close(factcol_reader *r)
{
    free(r->s);
    free(r->units);
    free(r->names);
    free(r->loaded);
    free(r->dec);
    memset(r, 0, sizeof *r);
}

/* Read a number code's value at *p (its code already read as c). */
static int get_num(const uint8_t **p, const uint8_t *e, uint64_t c, double *v)
{
    if (c == FACTCOL_NUM_RAW) {
        uint64_t bits;
        if (le_read64(p, e, &bits)) return ZS_ECORRUPT;
        memcpy(v, &bits, 8);
        return isfinite(*v) ? ZS_OK : ZS_ECORRUPT;
    }
    unsigned xc = (unsigned)(c & ((1u << FACTCOL_EXP_BITS) - 1));
    if (xc > FACTCOL_EXP_MAX - FACTCOL_EXP_MIN) return ZS_ECORRUPT;
    int64_t m = unzigzag(c >> FACTCOL_EXP_BITS);
    if (!(fabs((double)m) < FACTCOL_MANT_LIMIT)) return ZS_ECORRUPT;
    *v = num_value(m, (int)xc + FACTCOL_EXP_MIN);
    return ZS_OK;
}

/* Decode the value record at *vp into x; returns its shape in *shape. */
static int get_value(const uint8_t **vp, const uint8_t *ve, const factcol_entry *prev,
                     factcol_entry *x, unsigned *shape)
{
    uint64_t t, c;
    if (vi_get(vp, ve, &t)) return ZS_ECORRUPT;
    *shape = (unsigned)(t & ((1u << FACTCOL_SHAPE_BITS) - 1));
    c = t >> FACTCOL_SHAPE_BITS;
    double v;
    switch (*shape) {
    case FACTCOL_SHAPE_SAME:
        if (!prev || c) return ZS_ECORRUPT;
        x->lo = prev->lo;
        x->hi = prev->hi;
        return ZS_OK;
    case FACTCOL_SHAPE_EXACT:
    case FACTCOL_SHAPE_ABOVE:
    case FACTCOL_SHAPE_RANGE:
        if (get_num(vp, ve, c, &v)) return ZS_ECORRUPT;
        x->lo = v;
        x->hi = *shape == FACTCOL_SHAPE_EXACT ? v : INFINITY;
        if (*shape != FACTCOL_SHAPE_RANGE) return ZS_OK;
        if (vi_get(vp, ve, &c) || get_num(vp, ve, c, &x->hi)) return ZS_ECORRUPT;
        return ZS_OK;
    case FACTCOL_SHAPE_BELOW:
        if (get_num(vp, ve, c, &v)) return ZS_ECORRUPT;
        x->lo = -INFINITY;
        x->hi = v;
        return ZS_OK;
    default:
        return ZS_ECORRUPT;
    }
}

/* Decode the reference record at *rp into x. */
static int get_ref(const uint8_t **rp, const uint8_t *re, const factcol_entry *prev, int same,
                   uint32_t npassages, factcol_entry *x)
{
    uint64_t pid, meta, place = 0, year = 0;
    if (vi_get(rp, re, &pid) || vi_get(rp, re, &meta) || *rp >= re) return ZS_ECORRUPT;
    x->conf = *(*rp)++;
    if (same) pid += prev->passage;
    if (pid >= npassages || meta >> FACTCOL_META_QUAL_SHIFT > UINT16_MAX) return ZS_ECORRUPT;
    if ((meta >> 4 & 1) && (vi_get(rp, re, &place) || !place || place > UINT32_MAX))
        return ZS_ECORRUPT;
    if ((meta >> 5 & 1) && (vi_get(rp, re, &year) || !year || year > UINT16_MAX))
        return ZS_ECORRUPT;
    x->passage = (uint32_t)pid;
    x->type = (uint8_t)(meta & 3);
    x->dir = (uint8_t)(meta >> 2 & 3);
    x->qual = (uint16_t)(meta >> FACTCOL_META_QUAL_SHIFT);
    x->place = (uint32_t)place;
    x->year = (uint16_t)year;
    if (x->type >= FCT_T_COUNT_ || x->dir >= FCT_D_COUNT_) return ZS_ECORRUPT;
    return ZS_OK;
}

/* Decode series si into out; every entry is checked as factcol_add
 * checks it, and values must ascend. */
static int decode_series(const factcol_reader *r, size_t si, factcol_entry *out)
{
    const factcol_series *s = &r->s[si];
    int last = si + 1 == r->n;
    const uint8_t *vp = r->vals + s->vals_off;
    const uint8_t *ve = r->vals + (last ? r->vals_len : s[1].vals_off);
    const uint8_t *rp = r->refs + s->refs_off;
    const uint8_t *re = r->refs + (last ? r->refs_len : s[1].refs_off);
    for (uint64_t i = 0; i < s->count; i++) {
        factcol_entry *x = &out[i], *prev = i ? &out[i - 1] : NULL;
        unsigned shape;
        if (get_value(&vp, ve, prev, x, &shape) ||
            get_ref(&rp, re, prev, shape == FACTCOL_SHAPE_SAME, r->npassages, x))
            return ZS_ECORRUPT;
        if (!factcol_bounds_ok(x->lo, x->hi) || (prev && !(prev->lo <= x->lo)) ||
            !(s->kinds & factcol_kind(x->type)))
            return ZS_ECORRUPT;
    }
    return vp == ve && rp == re ? ZS_OK : ZS_ECORRUPT;
}

int factcol_load(factcol_reader *r, size_t si, zs_diag *d)
{
    if (r->loaded[si]) return ZS_OK;
    factcol_series *s = &r->s[si];
    /* room for every entry at once, written only where loaded: the pages
     * a query touches are those of the series it decodes */
    if (!r->dec && r->nentries > SIZE_MAX / sizeof *r->dec) return ZS_ENOMEM;
    if (!r->dec && !(r->dec = malloc((size_t)r->nentries * sizeof *r->dec))) return ZS_ENOMEM;
    if (decode_series(r, si, r->dec + r->ndec)) return bad(r->zr, d, "entries damaged");
    s->first = r->ndec;
    r->ndec += s->count;
    r->loaded[si] = 1;
    return ZS_OK;
}

int factcol_load_all(factcol_reader *r, zs_diag *d)
{
    int rc = ZS_OK;
    for (size_t i = 0; i < r->n && !rc; i++) rc = factcol_load(r, i, d);
    return rc;
}

void factcol_get(const factcol_reader *r, uint64_t i, factcol_entry *e)
{
    *e = r->dec[i];
}

/* First entry in [a, b) whose lo is > x (strict) or >= x. */
static uint64_t lower(const factcol_entry *v, uint64_t a, uint64_t b, double x, int strict)
{
    while (a < b) {
        uint64_t m = a + (b - a) / 2;
        double lo = v[m].lo;
        if (strict ? lo <= x : lo < x)
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
    *to = lower(r->dec, s->first, s->first + s->count, chi, chi_incl);
}
