/* test_postings.c - postings lists: exact round trips through next, advance
 * and positions for every list shape (small, one block, many blocks), the
 * per-block bounds, and damaged lists that must never crash. */
#include "bytes.h"
#include "err.h"
#include "format.h"
#include "postings.h"
#include "test.h"

#include <stdlib.h>

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct plist {
    uint32_t *docs, *tfs, *pos; /* pos: concatenated */
    size_t n, npos;
} plist;

static void make_list(plist *l, size_t df, uint64_t *s, uint32_t gapmax, int all_one)
{
    l->docs = malloc(df * 4);
    l->tfs = malloc(df * 4);
    l->pos = malloc(df * 8 * 4);
    l->n = df;
    l->npos = 0;
    uint32_t d = (uint32_t)(rnd(s) % 5);
    for (size_t i = 0; i < df; i++) {
        l->docs[i] = d;
        d += 1 + (uint32_t)(rnd(s) % gapmax);
        uint32_t tf = all_one ? 1 : 1 + (rnd(s) % 10 == 0 ? (uint32_t)(rnd(s) % 8) : 0);
        l->tfs[i] = tf;
        uint32_t p = (uint32_t)(rnd(s) % 300);
        for (uint32_t k = 0; k < tf; k++) {
            l->pos[l->npos++] = p;
            p += 1 + (uint32_t)(rnd(s) % 40);
        }
    }
}

static void free_list(plist *l)
{
    free(l->docs);
    free(l->tfs);
    free(l->pos);
}

/* The lengths dl[0..n) as DL and DLX keep them, into b (n bytes) and x
 * (room for 2n), described by *l. */
static void to_lengths(const uint32_t *dl, size_t n, uint8_t *b, uint32_t *x, post_lengths *l)
{
    size_t nx = 0;
    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(dl[i] < FMT_DL_ESC ? dl[i] : FMT_DL_ESC);
        if (dl[i] < FMT_DL_ESC) continue;
        x[2 * nx] = (uint32_t)i;
        x[2 * nx++ + 1] = dl[i];
    }
    l->b = b;
    l->x = x;
    l->nx = nx;
}

static int encode(const plist *l, const post_lengths *dl, buf *out, uint32_t *flags)
{
    post_writer w;
    post_writer_init(&w, dl);
    post_begin(&w);
    size_t off = 0;
    int rc = 0;
    for (size_t i = 0; i < l->n && !rc; i++) {
        rc = post_add(&w, l->docs[i], l->tfs[i], l->pos + off);
        off += l->tfs[i];
    }
    uint32_t df;
    if (!rc) rc = post_end(&w, out, &df, flags);
    post_writer_free(&w);
    return rc ? rc : (df == l->n ? 0 : -1);
}

static void test_roundtrip(t_ctx *t)
{
    static uint32_t dl[1 << 20], dlx[2];
    static uint8_t dlb[1 << 20];
    for (size_t i = 0; i < sizeof dl / sizeof dl[0]; i++) dl[i] = (uint32_t)(10 + i % 90);
    post_lengths lens;
    to_lengths(dl, sizeof dl / sizeof dl[0], dlb, dlx, &lens);
    uint64_t s = 1234567;
    size_t sizes[] = {1, 2, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 5000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        plist l;
        for (int one = 0; one < 2; one++) {
            make_list(&l, sizes[k], &s, k % 2 ? 3 : 150, one);
            buf b;
            buf_init(&b);
            uint32_t fl;
            T_INT(t, encode(&l, &lens, &b, &fl), 0);
            /* full scan with positions */
            post_cursor c;
            T_INT(t, post_open(&c, (const uint8_t *)b.data, b.len, (uint32_t)l.n, fl, POST_END), 0);
            size_t i = 0, off = 0;
            int bad = 0;
            for (; c.doc != POST_END; post_next(&c), i++) {
                if (i >= l.n || c.doc != l.docs[i] || post_tf(&c) != l.tfs[i]) {
                    bad++;
                    break;
                }
                const uint32_t *pos;
                uint32_t np;
                if (post_positions(&c, &pos, &np) || np != l.tfs[i] ||
                    memcmp(pos, l.pos + off, np * 4) != 0)
                    bad++;
                off += l.tfs[i];
            }
            T_INT(t, bad, 0);
            T_INT(t, i, l.n);
            T_INT(t, c.err, 0);
            post_close(&c);
            /* advance to random targets, checking against a linear search */
            for (int rep = 0; rep < 20; rep++) {
                T_INT(t, post_open(&c, (const uint8_t *)b.data, b.len, (uint32_t)l.n, fl, POST_END),
                      0);
                uint32_t target = 0;
                size_t j = 0;
                while (c.doc != POST_END) {
                    target += 1 + (uint32_t)(rnd(&s) % 400);
                    post_advance(&c, target);
                    while (j < l.n && l.docs[j] < target) j++;
                    uint32_t want = j < l.n ? l.docs[j] : POST_END;
                    if (c.doc != want) {
                        bad++;
                        break;
                    }
                    if (c.doc != POST_END && post_tf(&c) != l.tfs[j]) bad++;
                }
                post_close(&c);
            }
            T_INT(t, bad, 0);
            T_INT(t, fl, one ? POST_F_TF1 : (fl & POST_F_TF1));
            buf_free(&b);
            free_list(&l);
        }
    }
}

static void test_order_checks(t_ctx *t)
{
    post_writer w;
    post_writer_init(&w, NULL);
    post_begin(&w);
    uint32_t p[2] = {3, 3};
    T_INT(t, post_add(&w, 5, 1, p), 0);
    T_INT(t, post_add(&w, 5, 1, p), ZS_EINVAL); /* same doc */
    T_INT(t, post_add(&w, 6, 2, p), ZS_EINVAL); /* positions not ascending */
    T_INT(t, post_add(&w, 7, 0, p), ZS_EINVAL); /* tf 0 */
    post_writer_free(&w);
}

static void test_block_bounds(t_ctx *t)
{
    static uint32_t dl[4096], dlx[2 * 4096];
    static uint8_t dlb[4096];
    for (int i = 0; i < 4096; i++) dl[i] = (uint32_t)(100 + i);
    post_lengths lens;
    to_lengths(dl, 4096, dlb, dlx, &lens);
    post_writer w;
    post_writer_init(&w, &lens);
    post_begin(&w);
    uint32_t pos[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (uint32_t d = 0; d < 1000; d++) post_add(&w, d * 2, d == 300 ? 7 : 1, pos);
    buf b;
    buf_init(&b);
    uint32_t df, fl;
    T_INT(t, post_end(&w, &b, &df, &fl), 0);
    post_cursor c;
    T_INT(t, post_open(&c, (const uint8_t *)b.data, b.len, df, fl, POST_END), 0);
    uint32_t last, maxtf, mindl;
    /* doc 600 (d = 300, tf 7) sits in block 2 (docs 512..766) */
    T_INT(t, post_peek_block(&c, 600, &last, &maxtf, &mindl), 1);
    T_INT(t, last, 766);
    T_INT(t, maxtf, 7);
    T_INT(t, mindl, 100 + 512);
    post_advance(&c, 600);
    T_INT(t, c.doc, 600);
    T_INT(t, post_tf(&c), 7);
    T_INT(t, post_peek_block(&c, 5000, &last, &maxtf, &mindl), 0);
    post_close(&c);
    buf_free(&b);
    post_writer_free(&w);
}

/* Flipped bytes and truncations: the cursor may return wrong postings but
 * must stay inside the list (ASan watches) and never loop. */
static void test_damage(t_ctx *t)
{
    uint64_t s = 99;
    plist l;
    make_list(&l, 700, &s, 20, 0);
    buf b;
    buf_init(&b);
    uint32_t fl;
    encode(&l, NULL, &b, &fl);
    uint8_t *copy = malloc(b.len);
    int errors = 0;
    for (int rep = 0; rep < 300; rep++) {
        memcpy(copy, b.data, b.len);
        size_t len = b.len;
        if (rep % 3 == 0)
            len = rnd(&s) % b.len;
        else
            copy[rnd(&s) % b.len] ^= (uint8_t)(1 + rnd(&s) % 255);
        post_cursor c;
        post_open(&c, copy, len, 700, fl, POST_END);
        size_t steps = 0;
        while (c.doc != POST_END && steps++ < 10000) {
            const uint32_t *pos;
            uint32_t np;
            post_positions(&c, &pos, &np);
            post_next(&c);
        }
        if (c.err) errors++;
        T_OK(t, steps < 10000);
        post_close(&c);
    }
    T_OK(t, errors > 100); /* most damage is detected as such */
    free(copy);
    buf_free(&b);
    free_list(&l);
}

/* A list whose tfs claim a billion positions in four bytes (a damaged
 * list behind valid checksums) is corrupt, and nothing is allocated for
 * the claim (issue 11, finding 6). */
static void test_count_bound(t_ctx *t)
{
    buf b;
    buf_init(&b);
    vi_put(&b, 0); /* doc gaps - 1 of two postings */
    vi_put(&b, 0);
    vi_put(&b, (uint64_t)1 << 29); /* tf - 1 of each */
    vi_put(&b, (uint64_t)1 << 29);
    for (int i = 0; i < 4; i++) vi_put(&b, 1); /* four positions */
    post_cursor c;
    T_INT(t, post_open(&c, (const uint8_t *)b.data, b.len, 2, 0, POST_END), 0);
    const uint32_t *pos;
    uint32_t np;
    T_INT(t, post_positions(&c, &pos, &np), ZS_ECORRUPT);
    T_OK(t, c.pos.cap < (1u << 20));
    post_close(&c);
    buf_free(&b);
}

/* Doc ids at or past the segment's passage count are corruption, in a
 * small list (at open) and in a block list (at the skip entry of the
 * block that holds them): callers index per-passage tables by them. */
static void test_doc_bound(t_ctx *t)
{
    post_writer w;
    post_writer_init(&w, NULL);
    uint32_t pos = 0, df, fl;
    for (int big = 0; big < 2; big++) {
        uint32_t n = big ? 3 * POST_BLOCK : 5;
        post_begin(&w);
        for (uint32_t d = 0; d < n; d++) post_add(&w, d, 1, &pos);
        buf b;
        buf_init(&b);
        T_INT(t, post_end(&w, &b, &df, &fl), 0);
        post_cursor c;
        T_INT(t, post_open(&c, (const uint8_t *)b.data, b.len, df, fl, n), 0);
        while (c.doc != POST_END) post_next(&c);
        T_INT(t, c.err, 0);
        post_close(&c);
        int rc = post_open(&c, (const uint8_t *)b.data, b.len, df, fl, n - 1);
        while (!rc && c.doc != POST_END) rc = post_next(&c);
        T_INT(t, rc, ZS_ECORRUPT);
        post_close(&c);
        buf_free(&b);
    }
    post_writer_free(&w);
}

/* Lengths of a byte each, the long ones (FMT_DL_ESC and up, 255 itself
 * too) found among the pairs: the same numbers back. */
static void test_lengths(t_ctx *t)
{
    static const uint32_t dl[] = {0, 254, 255, 256, 7, 100000, 1, FMT_DL_ESC - 1, 70000, 3};
    enum { N = sizeof dl / sizeof dl[0] };
    uint8_t b[N];
    uint32_t x[2 * N];
    post_lengths l;
    to_lengths(dl, N, b, x, &l);
    T_INT(t, l.nx, 4);
    for (uint32_t i = 0; i < N; i++) T_INT(t, post_length(&l, i), dl[i]);
}

void suite_postings(t_ctx *t)
{
    t_run(t, "postings_lengths", test_lengths);
    t_run(t, "postings_doc_bound", test_doc_bound);
    t_run(t, "postings_count_bound", test_count_bound);
    t_run(t, "postings_roundtrip", test_roundtrip);
    t_run(t, "postings_order_checks", test_order_checks);
    t_run(t, "postings_block_bounds", test_block_bounds);
    t_run(t, "postings_damage", test_damage);
}
