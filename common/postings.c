/* postings.c - postings list encoder and cursor (see postings.h). */
#include "postings.h"

#include "bytes.h"
#include "err.h"
#include "format.h"

#include <string.h>

_Static_assert(POST_BLOCK % 64 == 0, "pos_abs holds a bit per posting of a block");

/* ---- writer ------------------------------------------------------------- */

uint32_t post_length(const post_lengths *l, uint32_t doc)
{
    uint8_t b = l->b[doc];
    if (b < FMT_DL_ESC) return b;
    size_t lo = 0, hi = l->nx; /* the first pair whose passage is >= doc */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->x[2 * mid] < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->nx && l->x[2 * lo] == doc ? l->x[2 * lo + 1] : FMT_DL_ESC;
}

void post_writer_init(post_writer *w, const post_lengths *dl)
{
    memset(w, 0, sizeof *w);
    w->dl = dl;
    u32vec_init(&w->bpos);
    buf_init(&w->skip);
    buf_init(&w->blocks);
    buf_init(&w->small);
    buf_init(&w->smallpos);
}

void post_writer_free(post_writer *w)
{
    u32vec_free(&w->bpos);
    buf_free(&w->skip);
    buf_free(&w->blocks);
    buf_free(&w->small);
    buf_free(&w->smallpos);
}

void post_begin(post_writer *w)
{
    w->df = 0;
    w->last_doc = 0;
    w->n = 0;
    w->bpos.n = 0;
    w->block_prev = 0;
    w->nblocks = 0;
    w->tf1 = 1;
    buf_reset(&w->skip);
    buf_reset(&w->blocks);
}

/* Encode values as PFor chunks of POST_BLOCK. */
static int pfor_chunks(const uint32_t *v, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i += POST_BLOCK) {
        size_t k = n - i < POST_BLOCK ? n - i : POST_BLOCK;
        int rc = pfor_encode(v + i, k, out);
        if (rc) return rc;
    }
    return ZS_OK;
}

/* How far ahead flush_block asks for a passage's length byte: a sparse
 * list's passages lie far apart, and at 1 GB the lengths (a byte a passage)
 * no longer fit a core's cache. */
#define LENGTH_PREFETCH 16

static int flush_block(post_writer *w)
{
    uint32_t gaps[POST_BLOCK] = {0}, tfm1[POST_BLOCK] = {0}, maxtf = 0, mindl = UINT32_MAX;
    for (uint32_t i = 0; w->dl && i < w->n && i < LENGTH_PREFETCH; i++)
        __builtin_prefetch(&w->dl->b[w->bdocs[i]]);
    for (uint32_t i = 0; i < w->n; i++) {
        if (w->dl && i + LENGTH_PREFETCH < w->n)
            __builtin_prefetch(&w->dl->b[w->bdocs[i + LENGTH_PREFETCH]]);
        gaps[i] = i ? w->bdocs[i] - w->bdocs[i - 1] - 1 : w->bdocs[0] - w->block_prev;
        tfm1[i] = w->btfs[i] - 1;
        if (w->btfs[i] > maxtf) maxtf = w->btfs[i];
        uint32_t len = w->dl ? post_length(w->dl, w->bdocs[i]) : 0;
        if (len < mindl) mindl = len;
    }
    size_t start = w->blocks.len;
    /* a block whose max tf is 1 stores no tfs (its skip entry says so) */
    int rc = pfor_encode(gaps, w->n, &w->blocks);
    if (!rc && maxtf > 1) rc = pfor_encode(tfm1, w->n, &w->blocks);
    size_t docbytes = w->blocks.len - start;
    if (!rc) rc = pfor_chunks(w->bpos.v, w->bpos.n, &w->blocks);
    size_t posbytes = w->blocks.len - start - docbytes;
    uint32_t last = w->bdocs[w->n - 1];
    if (!rc) rc = vi_put(&w->skip, (uint64_t)last + 1 - w->block_prev);
    if (!rc) rc = vi_put(&w->skip, docbytes);
    if (!rc) rc = vi_put(&w->skip, posbytes);
    if (!rc) rc = vi_put(&w->skip, maxtf);
    if (!rc) rc = vi_put(&w->skip, mindl);
    w->block_prev = last + 1;
    w->nblocks++;
    w->n = 0;
    w->bpos.n = 0;
    return rc;
}

int post_add(post_writer *w, uint32_t doc, uint32_t tf, const uint32_t *pos)
{
    if (tf == 0 || doc == POST_END || (w->df > 0 && doc <= w->last_doc)) return ZS_EINVAL;
    if (w->n == POST_BLOCK) {
        int rc = flush_block(w);
        if (rc) return rc;
    }
    int rc = u32vec_reserve(&w->bpos, tf);
    if (rc) return rc;
    for (uint32_t k = 0; k < tf; k++) {
        if (k && pos[k] <= pos[k - 1]) return ZS_EINVAL;
        w->bpos.v[w->bpos.n++] = k ? pos[k] - pos[k - 1] - 1 : pos[0];
    }
    w->bdocs[w->n] = doc;
    w->btfs[w->n] = tf;
    if (tf != 1) w->tf1 = 0;
    w->n++;
    w->df++;
    w->last_doc = doc;
    return ZS_OK;
}

int post_flush(post_writer *w)
{
    return flush_block(w);
}

/* Append values as varints. */
static int varints(const uint32_t *v, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++) {
        int rc = vi_put(out, v[i]);
        if (rc) return rc;
    }
    return ZS_OK;
}

int post_end(post_writer *w, buf *out, uint32_t *df, uint32_t *flags)
{
    *df = w->df;
    *flags = w->tf1 ? POST_F_TF1 : 0;
    if (w->df == 0) return ZS_OK;
    if (w->btfs[w->n - 1] == 0) return ZS_EINVAL; /* post_doc without a position */
    int rc = ZS_OK;
    if (w->nblocks == 0) {
        /* small list: doc gaps, tfs (unless all 1), positions */
        uint32_t gaps[POST_BLOCK], tfm1[POST_BLOCK];
        for (uint32_t i = 0; i < w->n; i++) {
            gaps[i] = i ? w->bdocs[i] - w->bdocs[i - 1] - 1 : w->bdocs[0];
            tfm1[i] = w->btfs[i] - 1;
        }
        int pf = w->n >= POST_PFOR_MIN;
        rc = pf ? pfor_encode(gaps, w->n, out) : varints(gaps, w->n, out);
        if (!rc && !w->tf1) rc = pf ? pfor_encode(tfm1, w->n, out) : varints(tfm1, w->n, out);
        if (!rc)
            rc = pf ? pfor_chunks(w->bpos.v, w->bpos.n, out) : varints(w->bpos.v, w->bpos.n, out);
        return rc;
    }
    if (w->n) rc = flush_block(w);
    if (!rc) rc = vi_put(out, w->nblocks);
    if (!rc) rc = vi_put(out, w->skip.len);
    if (!rc) rc = buf_add(out, w->skip.data, w->skip.len);
    if (!rc) rc = buf_add(out, w->blocks.data, w->blocks.len);
    return rc;
}

/* ---- cursor ------------------------------------------------------------- */

static int fail(post_cursor *c)
{
    c->err = ZS_ECORRUPT;
    c->doc = POST_END;
    return ZS_ECORRUPT;
}

/* Read the skip entry of the block after the loaded one. */
static int read_skip(post_cursor *c)
{
    uint64_t gap, db, pb, mt, md;
    if (vi_get(&c->skip, c->end, &gap) || vi_get(&c->skip, c->end, &db) ||
        vi_get(&c->skip, c->end, &pb) || vi_get(&c->skip, c->end, &mt) ||
        vi_get(&c->skip, c->end, &md))
        return fail(c);
    /* a block's docs ascend to its last, so bounding the last bounds all */
    uint64_t last = (uint64_t)c->base + gap - 1;
    if (gap == 0 || last >= c->ndocs || db > UINT32_MAX || pb > UINT32_MAX || mt > UINT32_MAX ||
        md > UINT32_MAX)
        return fail(c);
    c->next_last = (uint32_t)last;
    c->next_docbytes = (uint32_t)db;
    c->next_posbytes = (uint32_t)pb;
    c->next_maxtf = (uint32_t)mt;
    c->next_mindl = (uint32_t)md;
    c->next_known = 1;
    return ZS_OK;
}

/* Pass over the next block without decoding it. */
static int skip_block(post_cursor *c)
{
    if (!c->next_known && read_skip(c)) return c->err;
    uint64_t bytes = (uint64_t)c->next_docbytes + c->next_posbytes;
    if (bytes > (uint64_t)(c->end - c->data)) return fail(c);
    c->data += bytes;
    c->base = c->next_last + 1;
    c->block++;
    c->next_known = 0;
    return ZS_OK;
}

/* Decode the next block (its skip entry known or read now). */
static int load_block(post_cursor *c)
{
    if (!c->next_known && read_skip(c)) return c->err;
    uint32_t n = c->block + 1 < c->nblocks ? POST_BLOCK : c->df - POST_BLOCK * (c->nblocks - 1);
    const uint8_t *p = c->data, *docend;
    uint64_t bytes = (uint64_t)c->next_docbytes + c->next_posbytes;
    if (bytes > (uint64_t)(c->end - p)) return fail(c);
    docend = p + c->next_docbytes;
    uint32_t gaps[POST_BLOCK];
    int has_tf = c->next_maxtf > 1;
    if (pfor_decode_within(&p, docend, c->end, gaps, n) ||
        (has_tf && pfor_decode_within(&p, docend, c->end, c->tfs, n)) || p != docend ||
        c->next_maxtf == 0)
        return fail(c);
    /* the docs rise, so the last one bounds them all, and the largest tf
     * bounds the tfs: one check each after the loop, none inside it */
    uint64_t d = (uint64_t)c->base - 1;
    uint32_t most = 0; /* largest tf - 1 */
    for (uint32_t i = 0; i < n; i++) {
        d += (uint64_t)gaps[i] + 1;
        c->docs[i] = (uint32_t)d;
        uint32_t t = has_tf ? c->tfs[i] : 0;
        most = t > most ? t : most;
        c->tfs[i] = t + 1;
    }
    if (d != c->next_last || most >= c->next_maxtf) return fail(c);
    c->posdata = docend;
    c->posbytes = c->next_posbytes;
    c->pos_ready = 0;
    c->max_tf = c->next_maxtf;
    c->min_dl = c->next_mindl;
    c->data = docend + c->next_posbytes;
    c->base = c->next_last + 1;
    c->block++;
    c->next_known = 0;
    c->n = n;
    c->i = 0;
    c->doc = c->docs[0];
    return ZS_OK;
}

int post_open(post_cursor *c, const uint8_t *p, size_t len, uint32_t df, uint32_t flags,
              uint32_t ndocs)
{
    c->p = p;
    c->end = p + len;
    c->df = df;
    c->flags = flags;
    c->ndocs = ndocs;
    c->err = 0;
    c->doc = POST_END;
    c->pos_ready = 0;
    u32vec_init(&c->pos);
    if (df == 0) return ZS_OK;
    if (df <= POST_BLOCK) {
        c->small = 1;
        c->nblocks = 1;
        c->block = 1;
        const uint8_t *q = p;
        int pf = df >= POST_PFOR_MIN, tf1 = (flags & POST_F_TF1) != 0;
        uint32_t gaps[POST_BLOCK];
        if (pf) {
            if (pfor_decode(&q, c->end, gaps, df) || (!tf1 && pfor_decode(&q, c->end, c->tfs, df)))
                return fail(c);
        } else {
            for (uint32_t i = 0; i < df; i++)
                if (vi_get32(&q, c->end, &gaps[i])) return fail(c);
            for (uint32_t i = 0; i < df && !tf1; i++)
                if (vi_get32(&q, c->end, &c->tfs[i])) return fail(c);
        }
        uint64_t prev = 0;
        for (uint32_t i = 0; i < df; i++) {
            uint64_t d = prev + gaps[i];
            if (d >= c->ndocs) return fail(c);
            c->docs[i] = (uint32_t)d;
            if (tf1) {
                c->tfs[i] = 1;
            } else {
                if (c->tfs[i] == UINT32_MAX) return fail(c);
                c->tfs[i]++;
            }
            prev = d + 1;
        }
        c->posdata = q;
        c->posbytes = (uint32_t)(c->end - q);
        c->n = df;
        c->i = 0;
        c->doc = c->docs[0];
        c->max_tf = 0;
        c->min_dl = 0;
        return ZS_OK;
    }
    c->small = 0;
    uint64_t nb, skipbytes;
    const uint8_t *q = p;
    if (vi_get(&q, c->end, &nb) || vi_get(&q, c->end, &skipbytes)) return fail(c);
    if (nb != (df + POST_BLOCK - 1) / POST_BLOCK || skipbytes > (uint64_t)(c->end - q))
        return fail(c);
    c->nblocks = (uint32_t)nb;
    c->skip = q;
    c->data = q + skipbytes;
    c->block = 0;
    c->base = 0;
    c->next_known = 0;
    return load_block(c);
}

void post_close(post_cursor *c)
{
    u32vec_free(&c->pos);
}

int post_next(post_cursor *c)
{
    if (c->doc == POST_END) return c->err;
    if (++c->i < c->n) {
        c->doc = c->docs[c->i];
        return ZS_OK;
    }
    if (c->small || c->block >= c->nblocks) {
        c->doc = POST_END;
        return c->err;
    }
    return load_block(c);
}

/* The first i in [from, n) with docs[i] >= target, which docs[n - 1]
 * is.  Galloping from `from` (Bentley and Yao, 1976), then a binary search
 * without branches on the data: when lists are intersected the target is
 * usually a few postings ahead (a phrase's rarest list probes 人民 every
 * seventh posting in 人民代表大会), and a plain binary search over the rest
 * of the block mispredicts about every other step. */
static uint32_t block_seek(const uint32_t *docs, uint32_t from, uint32_t n, uint32_t target)
{
    uint32_t lo = from, step = 1;
    while (lo + step < n && docs[lo + step] < target) {
        lo += step;
        step *= 2;
    }
    /* docs[lo] < target unless lo == from; the answer is in [lo, lo + step] */
    uint32_t len = (lo + step < n ? lo + step : n - 1) - lo + 1;
    const uint32_t *b = docs + lo;
    while (len > 1) {
        uint32_t half = len / 2;
        b = b[half] < target ? b + half : b;
        len -= half;
    }
    return (uint32_t)(b - docs) + (*b < target);
}

int post_advance(post_cursor *c, uint32_t target)
{
    if (c->doc == POST_END || c->doc >= target) return c->err;
    if (c->docs[c->n - 1] < target) {
        /* leave this block: pass over blocks that end before target */
        if (c->small || c->block >= c->nblocks) {
            c->doc = POST_END;
            return c->err;
        }
        for (;;) {
            if (!c->next_known && read_skip(c)) return c->err;
            if (c->next_last >= target || c->block + 1 >= c->nblocks) break;
            if (skip_block(c)) return c->err;
        }
        if (load_block(c)) return c->err;
        if (c->docs[c->n - 1] < target) {
            c->doc = POST_END;
            return c->err;
        }
    }
    c->i = block_seek(c->docs, c->i, c->n, target);
    c->doc = c->docs[c->i];
    return ZS_OK;
}

int post_accumulate(post_cursor *c, uint32_t end, uint32_t *acc, uint32_t base)
{
    while (c->doc != POST_END && c->doc < end) {
        uint32_t i = c->i, n = c->n;
        for (; i < n && c->docs[i] < end; i++) acc[c->docs[i] - base] += c->tfs[i];
        if (i < n) {
            c->i = i;
            c->doc = c->docs[i];
            return ZS_OK;
        }
        c->i = n - 1; /* the block is done: post_next loads the next one */
        if (post_next(c)) return c->err;
    }
    return c->err;
}

/* The most positions the position bytes of the loaded block can hold: a
 * varint takes at least one byte, a PFor block of POST_BLOCK values at
 * least PFOR_MIN_BYTES.  The tfs come from disk: a damaged list whose
 * checksums were recomputed must not make the reader allocate for more
 * positions than its bytes can hold (issue 11). */
static uint64_t most_positions(const post_cursor *c)
{
    if (c->small && c->df < POST_PFOR_MIN) return c->posbytes;
    return (uint64_t)(c->posbytes / PFOR_MIN_BYTES) * POST_BLOCK;
}

static int decode_positions(post_cursor *c)
{
    /* where each posting's positions start, in one pass over the tfs */
    uint64_t total = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        c->posoff[i] = (uint32_t)total;
        total += c->tfs[i];
    }
    c->posoff[c->n] = (uint32_t)total;
    if (total > UINT32_MAX / 2 || total > most_positions(c)) return fail(c);
    c->pos.n = 0;
    if (u32vec_reserve(&c->pos, (size_t)total)) return c->err = ZS_ENOMEM;
    const uint8_t *p = c->posdata, *end = c->posdata + c->posbytes;
    if (c->small && c->df < POST_PFOR_MIN) {
        for (uint64_t k = 0; k < total; k++) {
            uint32_t v;
            if (vi_get32(&p, end, &v)) return fail(c);
            c->pos.v[k] = v;
        }
    } else {
        for (uint64_t k = 0; k < total; k += POST_BLOCK) {
            size_t m = total - k < POST_BLOCK ? (size_t)(total - k) : POST_BLOCK;
            if (pfor_decode_within(&p, end, c->end, c->pos.v + k, m)) return fail(c);
        }
        if (p != end) return fail(c);
    }
    c->pos.n = (size_t)total;
    memset(c->pos_abs, 0, sizeof c->pos_abs);
    c->pos_ready = 1;
    return ZS_OK;
}

/* Turn the position gaps of posting i into positions.  Done posting by
 * posting when asked for, not for the whole block: a phrase check reads
 * the positions of a few postings of a frequent list's block (10 to 20 of
 * 128 for 行政 in 行政处罚), and the gaps of one posting depend on nothing
 * outside it. */
static int absolute(post_cursor *c, uint32_t i)
{
    uint32_t *v = c->pos.v + c->posoff[i];
    uint64_t prev = 0;
    for (uint32_t k = 0; k < c->tfs[i]; k++) {
        uint64_t x = v[k] + (k ? prev + 1 : 0);
        if (x >= UINT32_MAX) return fail(c);
        v[k] = (uint32_t)x;
        prev = x;
    }
    c->pos_abs[i >> 6] |= (uint64_t)1 << (i & 63);
    return ZS_OK;
}

int post_positions(post_cursor *c, const uint32_t **pos, uint32_t *n)
{
    if (c->doc == POST_END) return ZS_EINVAL;
    if (!c->pos_ready && decode_positions(c)) return c->err;
    if (!(c->pos_abs[c->i >> 6] >> (c->i & 63) & 1) && absolute(c, c->i)) return c->err;
    *pos = c->pos.v + c->posoff[c->i];
    *n = c->tfs[c->i];
    return ZS_OK;
}

int post_gaps_decode(post_cursor *c, const uint32_t **gaps, uint32_t *n)
{
    if (c->doc == POST_END) return ZS_EINVAL;
    if (!c->pos_ready && decode_positions(c)) return c->err;
    *gaps = c->pos.v + c->posoff[c->i];
    *n = c->tfs[c->i];
    return ZS_OK;
}

int post_peek_block(post_cursor *c, uint32_t target, uint32_t *last, uint32_t *max_tf,
                    uint32_t *min_dl)
{
    if (c->doc == POST_END) return 0;
    if (c->docs[c->n - 1] >= target) {
        *last = c->docs[c->n - 1];
        *max_tf = c->small ? UINT32_MAX : c->max_tf;
        *min_dl = c->small ? 0 : c->min_dl;
        return 1;
    }
    if (c->small) return 0;
    /* the loaded block is done with: leave the cursor on its last posting
     * so that the next post_advance moves on from the block we stop at */
    c->i = c->n - 1;
    c->doc = c->docs[c->i];
    for (;;) {
        if (c->block >= c->nblocks) return 0;
        if (!c->next_known && read_skip(c)) return 0;
        if (c->next_last >= target) break;
        if (skip_block(c)) return 0;
    }
    *last = c->next_last;
    *max_tf = c->next_maxtf;
    *min_dl = c->next_mindl;
    return 1;
}
