/* dict.c - front-coded term dictionary in blocks (see dict.h). */
#include "dict.h"

#include "bytes.h"

#include <string.h>

#define DICT_INDEX_HEADER 16
#define DICT_INDEX_ENTRY  16

void dict_writer_init(dict_writer *w)
{
    memset(w, 0, sizeof *w);
    buf_init(&w->terms);
    buf_init(&w->index);
}

void dict_writer_free(dict_writer *w)
{
    buf_free(&w->terms);
    buf_free(&w->index);
}

int dict_add(dict_writer *w, const char *term, size_t len, uint32_t df, uint32_t flags,
             uint64_t post_len)
{
    if (len == 0 || len > DICT_TERM_MAX || flags >> DICT_FLAG_BITS) return ZS_EINVAL;
    size_t shared = 0;
    if (w->nterms) {
        size_t m = len < w->prev_len ? len : w->prev_len;
        while (shared < m && term[shared] == w->prev[shared]) shared++;
        int cmp = shared < m ? ((uint8_t)term[shared] < (uint8_t)w->prev[shared] ? -1 : 1)
                             : (len > w->prev_len ? 1 : (len < w->prev_len ? -1 : 0));
        if (cmp <= 0) return ZS_EINVAL;
    }
    int rc = ZS_OK;
    if (w->nterms % DICT_BLOCK == 0) {
        if (w->terms.len > UINT32_MAX || w->nterms > UINT32_MAX) return ZS_ETOOBIG;
        rc = le_buf32(&w->index, (uint32_t)w->terms.len);
        if (!rc) rc = le_buf32(&w->index, (uint32_t)w->nterms);
        if (!rc) rc = le_buf64(&w->index, w->post_off);
        w->nblocks++;
        shared = 0;
    }
    if (!rc) rc = vi_put(&w->terms, shared);
    if (!rc) rc = vi_put(&w->terms, len - shared);
    if (!rc) rc = buf_add(&w->terms, term + shared, len - shared);
    if (!rc) rc = vi_put(&w->terms, df);
    if (!rc) rc = vi_put(&w->terms, (post_len << DICT_FLAG_BITS) | flags);
    if (rc) return rc;
    memcpy(w->prev, term, len);
    w->prev_len = len;
    w->nterms++;
    w->post_off += post_len;
    return ZS_OK;
}

int dict_write(dict_writer *w, zf_writer *zw, uint32_t sec_terms, uint32_t sec_index)
{
    uint8_t h[DICT_INDEX_HEADER];
    le_put32(h, w->nblocks);
    le_put32(h + 4, DICT_BLOCK);
    le_put64(h + 8, w->nterms);
    int rc = zf_section_begin(zw, sec_terms);
    if (!rc) rc = zf_write(zw, w->terms.data, w->terms.len);
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = zf_section_begin(zw, sec_index);
    if (!rc) rc = zf_write(zw, h, sizeof h);
    if (!rc) rc = zf_write(zw, w->index.data, w->index.len);
    if (!rc) rc = zf_section_end(zw);
    return rc;
}

/* ---- reader ------------------------------------------------------------- */

static int bad(const dict_reader *d, zs_diag *dg, const char *why)
{
    return zs_fail(dg, ZS_ECORRUPT, "index corrupt: %s: term dictionary: %s", zf_path(d->zr), why);
}

int dict_open(dict_reader *d, zf_reader *zr, uint32_t sec_terms, uint32_t sec_index, zs_diag *dg)
{
    memset(d, 0, sizeof *d);
    d->zr = zr;
    if (zf_section(zr, sec_terms, &d->terms) || zf_section(zr, sec_index, &d->index))
        return bad(d, dg, "missing section");
    int rc = zf_need(zr, d->index.off, d->index.len, dg);
    if (rc) return rc;
    if (d->index.len < DICT_INDEX_HEADER) return bad(d, dg, "short index");
    d->nblocks = le_get32(d->index.p);
    d->nterms = le_get64(d->index.p + 8);
    if (le_get32(d->index.p + 4) != DICT_BLOCK ||
        d->index.len != DICT_INDEX_HEADER + (uint64_t)d->nblocks * DICT_INDEX_ENTRY ||
        (uint64_t)d->nblocks * DICT_BLOCK < d->nterms ||
        (d->nblocks && (uint64_t)(d->nblocks - 1) * DICT_BLOCK >= d->nterms))
        return bad(d, dg, "index size does not match its header");
    return ZS_OK;
}

static const uint8_t *ientry(const dict_reader *d, uint32_t b)
{
    return d->index.p + DICT_INDEX_HEADER + (size_t)b * DICT_INDEX_ENTRY;
}

/* Load block b into the iterator (checks its pages). */
static int load_block(dict_iter *it, uint32_t b, zs_diag *dg)
{
    const dict_reader *d = it->d;
    uint64_t off = le_get32(ientry(d, b));
    uint64_t end = b + 1 < d->nblocks ? le_get32(ientry(d, b + 1)) : d->terms.len;
    if (off > end || end > d->terms.len) return bad(d, dg, "block outside its section");
    int rc = zf_need(d->zr, d->terms.off + off, end - off, dg);
    if (rc) return rc;
    it->block = b;
    it->p = d->terms.p + off;
    it->end = d->terms.p + end;
    it->in_block = 0;
    it->e.ord = le_get32(ientry(d, b) + 4);
    it->e.post_off = le_get64(ientry(d, b) + 8);
    it->e.post_len = 0;
    it->e.len = 0;
    return ZS_OK;
}

/* Decode the next entry of the loaded block into it->e. */
static int read_entry(dict_iter *it, zs_diag *dg)
{
    uint64_t shared, suffix, df, plen;
    if (vi_get(&it->p, it->end, &shared) || vi_get(&it->p, it->end, &suffix))
        return bad(it->d, dg, "truncated entry");
    if (shared > it->e.len || shared + suffix > DICT_TERM_MAX || suffix == 0 ||
        (uint64_t)(it->end - it->p) < suffix || (it->in_block == 0 && shared != 0))
        return bad(it->d, dg, "bad term length");
    /* terms increase within a block: the suffix sorts after the rest of the
     * previous term (a lookup that scanned past a misplaced term would
     * miss it without a word) */
    if (it->in_block) {
        size_t rest = it->e.len - (size_t)shared;
        int c = memcmp(it->p, it->e.term + shared, rest < suffix ? rest : (size_t)suffix);
        if (c < 0 || (c == 0 && suffix <= rest)) return bad(it->d, dg, "terms out of order");
    }
    memcpy(it->e.term + shared, it->p, (size_t)suffix);
    it->p += suffix;
    if (vi_get(&it->p, it->end, &df) || vi_get(&it->p, it->end, &plen) || df > UINT32_MAX ||
        df == 0)
        return bad(it->d, dg, "truncated entry");
    if (it->in_block) it->e.ord++;
    it->e.post_off += it->e.post_len;
    it->e.len = (size_t)(shared + suffix);
    it->e.term[it->e.len] = '\0';
    it->e.df = (uint32_t)df;
    it->e.flags = (uint32_t)(plen & ((1u << DICT_FLAG_BITS) - 1));
    it->e.post_len = plen >> DICT_FLAG_BITS;
    it->in_block++;
    it->valid = 1;
    return ZS_OK;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    size_t m = al < bl ? al : bl;
    int c = memcmp(a, b, m);
    if (c) return c;
    return al < bl ? -1 : al > bl;
}

int dict_next(dict_iter *it, zs_diag *dg)
{
    if (!it->valid) return ZS_OK;
    if (it->in_block == DICT_BLOCK || it->p == it->end) {
        if (it->block + 1 >= it->d->nblocks) {
            it->valid = 0;
            return ZS_OK;
        }
        /* the next block's first term follows this block's last */
        char prev[DICT_TERM_MAX];
        size_t prev_len = it->e.len;
        memcpy(prev, it->e.term, prev_len);
        int rc = load_block(it, it->block + 1, dg);
        if (!rc && it->p != it->end) rc = read_entry(it, dg);
        if (!rc && it->p != it->end && cmp_bytes(it->e.term, it->e.len, prev, prev_len) <= 0)
            rc = bad(it->d, dg, "terms out of order");
        if (rc || it->in_block) return rc;
    }
    if (it->p == it->end) {
        it->valid = 0;
        return ZS_OK;
    }
    return read_entry(it, dg);
}

int dict_seek(const dict_reader *d, const char *key, size_t len, dict_iter *it, zs_diag *dg)
{
    memset(it, 0, sizeof *it);
    it->d = d;
    if (d->nblocks == 0) return ZS_OK;
    /* last block whose first term is <= key */
    uint32_t lo = 0, hi = d->nblocks;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        int rc = load_block(it, mid, dg);
        if (!rc) rc = read_entry(it, dg);
        if (rc) return rc;
        if (cmp_bytes(it->e.term, it->e.len, key, len) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    int rc = load_block(it, lo, dg);
    if (!rc) rc = read_entry(it, dg);
    while (!rc && it->valid && cmp_bytes(it->e.term, it->e.len, key, len) < 0)
        rc = dict_next(it, dg);
    return rc;
}

/* The last term of block b sorts before the first of block b + 1. */
static int check_boundary(const dict_reader *d, uint32_t b, zs_diag *dg)
{
    if (b + 1 >= d->nblocks) return ZS_OK;
    dict_iter it;
    memset(&it, 0, sizeof it);
    it.d = d;
    int rc = load_block(&it, b, dg);
    while (!rc && it.p != it.end && it.in_block < DICT_BLOCK) rc = read_entry(&it, dg);
    /* dict_next checks the order where it crosses into the next block */
    if (!rc && it.in_block) rc = dict_next(&it, dg);
    return rc;
}

int dict_find(const dict_reader *d, const char *term, size_t len, dict_entry *e, zs_diag *dg)
{
    dict_iter it;
    int rc = dict_seek(d, term, len, &it, dg);
    if (rc) return rc;
    if (!it.valid || it.e.len != len || memcmp(it.e.term, term, len) != 0) {
        /* Before saying "absent": the binary search trusts the blocks'
         * first terms to increase, and one damaged first term (behind a
         * recomputed checksum) would hide a whole block from it.  The
         * block the search ended in must follow its neighbours. */
        uint32_t b = it.valid ? it.block : d->nblocks - 1;
        if (b > 0 && (rc = check_boundary(d, b - 1, dg))) return rc;
        if ((rc = check_boundary(d, b, dg))) return rc;
        return ZS_ENOTFOUND;
    }
    *e = it.e;
    return ZS_OK;
}
