/* setcol.c - run-length columns of integer sets (see setcol.h). */
#include "setcol.h"

#include "bytes.h"

#include <stdlib.h>
#include <string.h>

void sc_writer_init(sc_writer *w)
{
    memset(w, 0, sizeof *w);
    buf_init(&w->sets);
    buf_init(&w->runs);
    u32vec_init(&w->set_off);
    u32vec_init(&w->idx);
}

void sc_writer_free(sc_writer *w)
{
    buf_free(&w->sets);
    buf_free(&w->runs);
    u32vec_free(&w->set_off);
    u32vec_free(&w->idx);
    free(w->hash);
    memset(w, 0, sizeof *w);
}

size_t sc_writer_mem(const sc_writer *w)
{
    return w->sets.cap + w->runs.cap + (w->set_off.cap + w->idx.cap) * sizeof(uint32_t) +
           (size_t)w->hcap * sizeof *w->hash;
}

static int rehash(sc_writer *w)
{
    uint32_t cap = w->hcap ? w->hcap * 2 : 256;
    uint32_t *h = calloc(cap, sizeof *h);
    if (!h) return ZS_ENOMEM;
    for (uint32_t id = 0; id + 1 < w->set_off.n; id++) {
        uint32_t a = w->set_off.v[id], b = w->set_off.v[id + 1];
        uint32_t i = fnv1a32(w->sets.data + a, b - a) & (cap - 1);
        while (h[i]) i = (i + 1) & (cap - 1);
        h[i] = id + 1;
    }
    free(w->hash);
    w->hash = h;
    w->hcap = cap;
    return ZS_OK;
}

/* Close the open run. */
static int close_run(sc_writer *w)
{
    if (w->cur_len == 0) return ZS_OK;
    int rc = ZS_OK;
    if (w->nruns % SC_IDX_EVERY == 0) {
        rc = u32vec_push(&w->idx, w->npassages - w->cur_len);
        if (!rc) rc = u32vec_push(&w->idx, (uint32_t)w->runs.len);
    }
    if (!rc) rc = vi_put(&w->runs, w->cur_len);
    if (!rc) rc = vi_put(&w->runs, w->cur_set);
    w->nruns++;
    w->cur_len = 0;
    return rc;
}

int sc_add(sc_writer *w, const uint32_t *vals, size_t n)
{
    if (n > SC_MAX_SET) n = SC_MAX_SET;
    for (size_t i = 1; i < n; i++)
        if (vals[i] <= vals[i - 1]) return ZS_EINVAL;
    if (w->set_off.n == 0 && u32vec_push(&w->set_off, 0)) return ZS_ENOMEM;
    /* encode the set after the stored ones, then look it up */
    size_t start = w->sets.len;
    int rc = vi_put(&w->sets, n);
    uint32_t prev = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = vi_put(&w->sets, vals[i] - prev);
        prev = vals[i];
    }
    if (rc) return rc;
    if (!w->hcap && (rc = rehash(w))) return rc;
    size_t len = w->sets.len - start;
    uint32_t i = fnv1a32(w->sets.data + start, len) & (w->hcap - 1), id;
    for (;;) {
        uint32_t h = w->hash[i];
        if (h == 0) {
            /* new: keep the encoding */
            id = (uint32_t)w->set_off.n - 1;
            if ((rc = u32vec_push(&w->set_off, (uint32_t)w->sets.len))) return rc;
            w->hash[i] = id + 1;
            if ((uint64_t)(id + 1) * 2 > w->hcap && (rc = rehash(w))) return rc;
            break;
        }
        uint32_t a = w->set_off.v[h - 1], b = w->set_off.v[h];
        if (b - a == len && !memcmp(w->sets.data + a, w->sets.data + start, len)) {
            id = h - 1;
            buf_truncate(&w->sets, start); /* already stored */
            break;
        }
        i = (i + 1) & (w->hcap - 1);
    }
    if (w->cur_len && id != w->cur_set && (rc = close_run(w))) return rc;
    w->cur_set = id;
    w->cur_len++;
    w->npassages++;
    return ZS_OK;
}

int sc_write(sc_writer *w, zf_writer *zw, uint32_t sec_sets, uint32_t sec_col)
{
    int rc = close_run(w);
    uint32_t nsets = w->set_off.n ? (uint32_t)w->set_off.n - 1 : 0;
    uint8_t h[12];
    if (!rc) rc = zf_section_begin(zw, sec_sets);
    le_put32(h, nsets);
    if (!rc) rc = zf_write(zw, h, 4);
    if (!rc) rc = zf_write(zw, w->sets.data, w->sets.len);
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = zf_section_begin(zw, sec_col);
    le_put32(h, w->npassages);
    le_put32(h + 4, w->nruns);
    le_put32(h + 8, (uint32_t)(w->idx.n / 2));
    if (!rc) rc = zf_write(zw, h, 12);
    for (size_t i = 0; i < w->idx.n && !rc; i++) {
        uint8_t b[4];
        le_put32(b, w->idx.v[i]);
        rc = zf_write(zw, b, 4);
    }
    if (!rc) rc = zf_write(zw, w->runs.data, w->runs.len);
    if (!rc) rc = zf_section_end(zw);
    return rc;
}

/* ---- reader ---------------------------------------------------------------- */

static int bad(zf_reader *zr, zs_diag *d, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: %s", zf_path(zr), why);
}

int sc_open(sc_reader *r, zf_reader *zr, uint32_t sec_sets, uint32_t sec_col, uint32_t npassages,
            zs_diag *d)
{
    memset(r, 0, sizeof *r);
    zf_slice s, c;
    if (zf_section(zr, sec_sets, &s) || zf_section(zr, sec_col, &c))
        return bad(zr, d, "missing set column");
    int rc = zf_need(zr, s.off, s.len, d);
    if (!rc) rc = zf_need(zr, c.off, c.len, d);
    if (rc) return rc;
    if (s.len < 4 || c.len < 12) return bad(zr, d, "short set column");
    r->nsets = le_get32(s.p);
    r->sets = s.p + 4;
    r->sets_len = (size_t)(s.len - 4);
    if (r->nsets > r->sets_len) return bad(zr, d, "set count");
    r->set_off = malloc(((size_t)r->nsets + 1) * sizeof *r->set_off);
    if (!r->set_off) return ZS_ENOMEM;
    const uint8_t *p = r->sets, *e = r->sets + r->sets_len;
    for (uint32_t i = 0; i < r->nsets; i++) {
        r->set_off[i] = (uint32_t)(p - r->sets);
        uint64_t n, v;
        if (vi_get(&p, e, &n) || n > SC_MAX_SET) return bad(zr, d, "set damaged");
        for (uint64_t k = 0; k < n; k++)
            if (vi_get(&p, e, &v)) return bad(zr, d, "set damaged");
    }
    r->set_off[r->nsets] = (uint32_t)(p - r->sets);
    r->npassages = le_get32(c.p);
    r->nruns = le_get32(c.p + 4);
    r->nidx = le_get32(c.p + 8);
    if (r->npassages != npassages || (uint64_t)r->nidx * 8 > c.len - 12 ||
        r->nidx != (r->nruns + SC_IDX_EVERY - 1) / SC_IDX_EVERY)
        return bad(zr, d, "set column size");
    r->idx = c.p + 12;
    r->runs = r->idx + (size_t)r->nidx * 8;
    r->runs_end = c.p + c.len;
    return ZS_OK;
}

void sc_close(sc_reader *r)
{
    free(r->set_off);
    memset(r, 0, sizeof *r);
}

int sc_values(const sc_reader *r, uint32_t id, uint32_t *vals, size_t cap, size_t *n)
{
    *n = 0;
    if (id >= r->nsets) return ZS_ECORRUPT;
    const uint8_t *p = r->sets + r->set_off[id], *e = r->sets + r->set_off[id + 1];
    uint64_t cnt, v, prev = 0;
    if (vi_get(&p, e, &cnt)) return ZS_ECORRUPT;
    for (uint64_t k = 0; k < cnt; k++) {
        if (vi_get(&p, e, &v) || prev + v > UINT32_MAX) return ZS_ECORRUPT;
        prev += v;
        if (*n < cap) vals[(*n)++] = (uint32_t)prev;
    }
    return ZS_OK;
}

void sc_cursor_init(sc_cursor *c, const sc_reader *r)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->run = UINT32_MAX; /* before the first run */
}

/* Read the run at `p` as run number `run` starting at passage `first`. */
static int read_run(sc_cursor *c, const uint8_t *p, uint32_t run, uint32_t first)
{
    uint64_t len, set;
    if (vi_get(&p, c->r->runs_end, &len) || vi_get(&p, c->r->runs_end, &set) || len == 0 ||
        set >= c->r->nsets || first + len > c->r->npassages)
        return ZS_ECORRUPT;
    c->run = run;
    c->first = first;
    c->len = (uint32_t)len;
    c->set = (uint32_t)set;
    c->next = p;
    return ZS_OK;
}

int sc_get(sc_cursor *c, uint32_t pid, uint32_t *set)
{
    const sc_reader *r = c->r;
    if (pid >= r->npassages) return ZS_EINVAL;
    if (c->run == UINT32_MAX || pid < c->first || pid >= c->first + c->len + 4096u) {
        /* jump: the last index entry at or before pid */
        uint32_t lo = 0, hi = r->nidx;
        while (hi - lo > 1) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (le_get32(r->idx + 8 * (size_t)mid) <= pid)
                lo = mid;
            else
                hi = mid;
        }
        uint32_t off = le_get32(r->idx + 8 * (size_t)lo + 4);
        if (r->nidx == 0 || off > (size_t)(r->runs_end - r->runs)) return ZS_ECORRUPT;
        int rc = read_run(c, r->runs + off, lo * SC_IDX_EVERY, le_get32(r->idx + 8 * (size_t)lo));
        if (rc) return rc;
    }
    while (pid >= c->first + c->len) {
        if (c->run + 1 >= r->nruns) return ZS_ECORRUPT;
        int rc = read_run(c, c->next, c->run + 1, c->first + c->len);
        if (rc) return rc;
    }
    *set = c->set;
    return ZS_OK;
}
