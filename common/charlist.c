/* charlist.c - frequent characters' lists with block impacts (see charlist.h). */
#include "charlist.h"

#include "bytes.h"
#include "pfor.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------ */

void charlist_writer_init(charlist_writer *w, const post_lengths *dl)
{
    memset(w, 0, sizeof *w);
    w->dl = dl;
    buf_init(&w->dir);
    buf_init(&w->lists);
}

void charlist_writer_free(charlist_writer *w)
{
    buf_free(&w->dir);
    buf_free(&w->lists);
    memset(w, 0, sizeof *w);
}

static int fail_w(charlist_writer *w, int rc)
{
    if (!w->err) w->err = rc;
    return w->err;
}

int charlist_begin(charlist_writer *w, uint32_t cp)
{
    if (w->err) return w->err;
    if (w->n && cp <= w->prev_cp) return fail_w(w, ZS_EINVAL);
    w->cp = cp;
    w->df = 0;
    w->nb = 0;
    w->prev_last = 0;
    w->list_at = w->lists.len;
    return ZS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The block's impacts, tf and length both ascending: the (tf, length)
 * pairs no other pair of the block beats on both.  Sorted by tf falling,
 * then length rising, a pair is kept when its length is below that of
 * every pair before it.  Returns their number. */
static uint32_t impacts(const charlist_writer *w, uint32_t *tf, uint32_t *dl)
{
    uint64_t key[CHARLIST_BLOCK];
    for (uint32_t i = 0; i < w->nb; i++)
        key[i] = (uint64_t)(UINT32_MAX - w->tfs[i]) << 32 | post_length(w->dl, w->docs[i]);
    qsort(key, w->nb, sizeof *key, cmp_u64);
    uint32_t n = 0, best = UINT32_MAX;
    for (uint32_t i = 0; i < w->nb; i++) {
        uint32_t l = (uint32_t)key[i];
        if (l >= best) continue;
        best = l;
        tf[n] = UINT32_MAX - (uint32_t)(key[i] >> 32);
        dl[n++] = l;
    }
    for (uint32_t i = 0; i < n / 2; i++) { /* to tf ascending */
        uint32_t t = tf[i], l = dl[i];
        tf[i] = tf[n - 1 - i];
        dl[i] = dl[n - 1 - i];
        tf[n - 1 - i] = t;
        dl[n - 1 - i] = l;
    }
    return n;
}

/* Write the pending block: last gap, impacts, then its postings. */
static int flush_block(charlist_writer *w)
{
    uint32_t itf[CHARLIST_BLOCK], idl[CHARLIST_BLOCK], v[CHARLIST_BLOCK];
    uint32_t nimp = impacts(w, itf, idl), last = w->docs[w->nb - 1];
    buf *b = &w->lists;
    vi_put(b, (uint64_t)last - w->prev_last + 1);
    vi_put(b, nimp);
    for (uint32_t i = 0; i < nimp; i++) {
        vi_put(b, i ? itf[i] - itf[i - 1] - 1 : itf[i] - 1);
        vi_put(b, i ? idl[i] - idl[i - 1] - 1 : idl[i]);
    }
    buf data;
    buf_init(&data);
    for (uint32_t i = 0; i < w->nb; i++)
        v[i] = i ? w->docs[i] - w->docs[i - 1] - 1 : w->docs[i] - w->prev_last;
    int rc = pfor_encode(v, w->nb, &data);
    for (uint32_t i = 0; i < w->nb; i++) v[i] = w->tfs[i] - 1;
    if (!rc && itf[nimp - 1] > 1) rc = pfor_encode(v, w->nb, &data);
    if (!rc) rc = vi_put(b, data.len);
    if (!rc) rc = buf_add(b, data.data, data.len);
    if (!rc) rc = buf_error(b);
    buf_free(&data);
    w->prev_last = last + 1;
    w->nb = 0;
    return rc ? fail_w(w, rc) : ZS_OK;
}

int charlist_posting(charlist_writer *w, uint32_t doc, uint32_t tf)
{
    if (w->err) return w->err;
    if (tf == 0 || tf > CHARLIST_TF_MAX || doc == POST_END || doc < w->prev_last ||
        (w->nb && doc <= w->docs[w->nb - 1]))
        return fail_w(w, ZS_EINVAL);
    w->docs[w->nb] = doc;
    w->tfs[w->nb++] = tf;
    w->df++;
    return w->nb == CHARLIST_BLOCK ? flush_block(w) : ZS_OK;
}

int charlist_end(charlist_writer *w)
{
    if (w->err) return w->err;
    if (w->nb && flush_block(w)) return w->err;
    if (w->df == 0) return ZS_OK;
    vi_put(&w->dir, w->cp - w->prev_cp);
    vi_put(&w->dir, w->df);
    vi_put(&w->dir, w->lists.len - w->list_at);
    w->prev_cp = w->cp;
    w->n++;
    int rc = buf_error(&w->dir);
    return rc ? fail_w(w, rc) : ZS_OK;
}

int charlist_write(charlist_writer *w, buf *out)
{
    if (w->err) return w->err;
    uint8_t cnt[4];
    le_put32(cnt, w->n);
    buf_add(out, cnt, sizeof cnt);
    buf_add(out, w->dir.data, w->dir.len);
    buf_add(out, w->lists.data, w->lists.len);
    return buf_error(out);
}

/* ---- reading ------------------------------------------------------------ */

void charlist_dir_free(charlist_dir *dir)
{
    free(dir->cp);
    free(dir->df);
    free(dir->off);
    memset(dir, 0, sizeof *dir);
}

int charlist_dir_load(charlist_dir *dir, const uint8_t *p, size_t len, uint32_t npassages)
{
    memset(dir, 0, sizeof *dir);
    if (len < 4) return ZS_ECORRUPT;
    uint32_t n = le_get32(p);
    const uint8_t *q = p + 4, *end = p + len;
    if (n > len / 3) return ZS_ECORRUPT; /* an entry takes 3 bytes at least */
    dir->cp = malloc((n ? n : 1) * sizeof *dir->cp);
    dir->df = malloc((n ? n : 1) * sizeof *dir->df);
    dir->off = malloc(((size_t)n + 1) * sizeof *dir->off);
    if (!dir->cp || !dir->df || !dir->off) return ZS_ENOMEM;
    uint64_t cp = 0, total = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t delta, df, bytes;
        if (vi_get(&q, end, &delta) || vi_get(&q, end, &df) || vi_get(&q, end, &bytes) ||
            (i && delta == 0) || cp + delta > 0x10FFFF || df == 0 || df > npassages || bytes > len)
            return ZS_ECORRUPT;
        cp += delta;
        dir->cp[i] = (uint32_t)cp;
        dir->df[i] = (uint32_t)df;
        dir->off[i] = total;
        total += bytes;
    }
    uint64_t start = (uint64_t)(q - p);
    if (total != len - start) return ZS_ECORRUPT; /* the lists fill the rest exactly */
    for (uint32_t i = 0; i < n; i++) dir->off[i] += start;
    dir->off[n] = len;
    dir->n = n;
    return ZS_OK;
}

long charlist_find(const charlist_dir *dir, uint32_t cp)
{
    uint32_t lo = 0, hi = dir->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (dir->cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < dir->n && dir->cp[lo] == cp ? (long)lo : -1;
}

void charlist_open(charlist_cursor *c, const uint8_t *p, size_t len, uint32_t df, uint32_t ndocs)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->end = p + len;
    c->left = df;
    c->ndocs = ndocs;
}

static int fail_c(charlist_cursor *c)
{
    c->err = ZS_ECORRUPT;
    c->left = 0;
    return ZS_ECORRUPT;
}

/* Read the entered block's impacts: tf and length strictly ascending. */
static int read_impacts(charlist_cursor *c)
{
    uint64_t nimp, tf = 0, dl = 0;
    if (vi_get(&c->p, c->end, &nimp) || nimp == 0 || nimp > c->n) return fail_c(c);
    for (uint32_t i = 0; i < nimp; i++) {
        uint64_t dt, dd;
        if (vi_get(&c->p, c->end, &dt) || vi_get(&c->p, c->end, &dd)) return fail_c(c);
        tf += dt + 1;
        dl += dd + (i ? 1 : 0);
        if (tf > CHARLIST_TF_MAX || dl > UINT32_MAX) return fail_c(c);
        c->imp_tf[i] = (uint32_t)tf;
        c->imp_dl[i] = (uint32_t)dl;
    }
    c->nimp = (uint32_t)nimp;
    return ZS_OK;
}

int charlist_block(charlist_cursor *c, int *has)
{
    *has = 0;
    if (c->err) return c->err;
    if (c->data) { /* pass over the postings of the block entered before */
        c->p = c->data + c->data_len;
        c->base = c->last + 1;
        c->data = NULL;
    }
    if (c->left == 0) return c->p == c->end ? ZS_OK : fail_c(c);
    c->n = c->left < CHARLIST_BLOCK ? c->left : CHARLIST_BLOCK;
    uint64_t gap, bytes;
    if (vi_get(&c->p, c->end, &gap) || gap == 0 || (uint64_t)c->base + gap - 1 >= c->ndocs ||
        gap < c->n || read_impacts(c) || vi_get(&c->p, c->end, &bytes) ||
        bytes > (uint64_t)(c->end - c->p))
        return fail_c(c);
    c->last = (uint32_t)(c->base + gap - 1);
    c->data = c->p;
    c->data_len = (uint32_t)bytes;
    c->left -= c->n;
    *has = 1;
    return ZS_OK;
}

int charlist_decode(charlist_cursor *c, uint32_t *docs, uint32_t *tfs)
{
    if (!c->data) return fail_c(c);
    const uint8_t *q = c->data, *end = c->data + c->data_len;
    uint32_t maxtf = c->imp_tf[c->nimp - 1];
    if (pfor_decode(&q, end, docs, c->n)) return fail_c(c);
    if (maxtf > 1 && pfor_decode(&q, end, tfs, c->n)) return fail_c(c);
    if (q != end) return fail_c(c);
    uint64_t d = c->base;
    for (uint32_t i = 0; i < c->n; i++) {
        d += docs[i] + (i ? 1 : 0);
        uint32_t tf = maxtf > 1 ? tfs[i] + 1 : 1;
        if (d > c->last || tf == 0 || tf > maxtf) return fail_c(c);
        docs[i] = (uint32_t)d;
        tfs[i] = tf;
    }
    return docs[c->n - 1] == c->last ? ZS_OK : fail_c(c);
}
