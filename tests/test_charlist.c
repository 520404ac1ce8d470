/* test_charlist.c - frequent characters' lists (charlist.h): round trips of
 * random lists, each block's impacts against a brute-force frontier, and
 * damaged lists rejected without reading outside them. */
#include "bytes.h"
#include "charlist.h"
#include "err.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define NPSG 5000

/* xorshift64*: deterministic test data */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct clist {
    uint32_t cp, n;
    uint32_t docs[NPSG], tfs[NPSG];
} clist;

/* Random lengths (some beyond a DL byte) and three lists of densities
 * from nearly every passage to a few. */
static void make_data(uint64_t *s, uint8_t *dlb, uint32_t *dlx, size_t *nx, clist *l)
{
    *nx = 0;
    for (uint32_t p = 0; p < NPSG; p++) {
        uint32_t len = rnd(s) % 97 == 0 ? 255 + (uint32_t)(rnd(s) % 300) : (uint32_t)(rnd(s) % 60);
        dlb[p] = len >= 255 ? 255 : (uint8_t)len;
        if (len >= 255) {
            dlx[2 * *nx] = p;
            dlx[2 * *nx + 1] = len;
            (*nx)++;
        }
    }
    static const uint32_t every[] = {1, 3, 41};
    for (int k = 0; k < 3; k++) {
        l[k].cp = 0x4E00 + 7 * (uint32_t)k;
        l[k].n = 0;
        for (uint32_t p = 0; p < NPSG; p++) {
            if (rnd(s) % every[k]) continue;
            l[k].docs[l[k].n] = p;
            l[k].tfs[l[k].n++] = rnd(s) % 5 ? 1 : 1 + (uint32_t)(rnd(s) % (k == 2 ? 1 : 900));
        }
    }
}

/* Is (tf, dl) beaten or matched on both by an impact, and is every impact
 * some passage's pair, both strictly ascending? */
static int impacts_ok(const charlist_cursor *c, const uint32_t *docs, const uint32_t *tfs,
                      const post_lengths *dl)
{
    for (uint32_t i = 1; i < c->nimp; i++)
        if (c->imp_tf[i] <= c->imp_tf[i - 1] || c->imp_dl[i] <= c->imp_dl[i - 1]) return 0;
    for (uint32_t i = 0; i < c->nimp; i++) {
        int seen = 0;
        for (uint32_t k = 0; k < c->n && !seen; k++)
            seen = tfs[k] == c->imp_tf[i] && post_length(dl, docs[k]) == c->imp_dl[i];
        if (!seen) return 0;
    }
    for (uint32_t k = 0; k < c->n; k++) {
        int covered = 0;
        for (uint32_t i = 0; i < c->nimp && !covered; i++)
            covered = c->imp_tf[i] >= tfs[k] && c->imp_dl[i] <= post_length(dl, docs[k]);
        if (!covered) return 0;
    }
    return 1;
}

static int write_lists(const post_lengths *dl, const clist *l, buf *out)
{
    charlist_writer w;
    charlist_writer_init(&w, dl);
    int rc = ZS_OK;
    for (int k = 0; k < 3 && !rc; k++) {
        rc = charlist_begin(&w, l[k].cp);
        for (uint32_t i = 0; i < l[k].n && !rc; i++)
            rc = charlist_posting(&w, l[k].docs[i], l[k].tfs[i]);
        if (!rc) rc = charlist_end(&w);
    }
    if (!rc) rc = charlist_write(&w, out);
    charlist_writer_free(&w);
    return rc;
}

/* Read every list back, blocks skipped now and then; 0 when all agree. */
static int read_back(const uint8_t *p, size_t len, const post_lengths *dl, const clist *l,
                     uint64_t *s)
{
    charlist_dir dir;
    int rc = charlist_dir_load(&dir, p, len, NPSG);
    if (rc || dir.n != 3) {
        charlist_dir_free(&dir);
        return rc ? rc : -1;
    }
    int bad = 0;
    for (int k = 0; k < 3 && !bad; k++) {
        long i = charlist_find(&dir, l[k].cp);
        if (i != k || dir.df[k] != l[k].n || charlist_find(&dir, l[k].cp + 1) != -1) bad = 1;
        charlist_cursor c;
        charlist_open(&c, p + dir.off[k], (size_t)(dir.off[k + 1] - dir.off[k]), dir.df[k], NPSG);
        uint32_t at = 0, docs[CHARLIST_BLOCK], tfs[CHARLIST_BLOCK];
        for (int has = 1; !bad;) {
            if (charlist_block(&c, &has)) bad = 2;
            if (bad || !has) break;
            if (c.last != l[k].docs[at + c.n - 1]) bad = 3;
            if (rnd(s) % 3 == 0) { /* passed over */
                at += c.n;
                continue;
            }
            if (!bad && charlist_decode(&c, docs, tfs)) bad = 4;
            for (uint32_t j = 0; j < c.n && !bad; j++)
                if (docs[j] != l[k].docs[at + j] || tfs[j] != l[k].tfs[at + j]) bad = 5;
            if (!bad && !impacts_ok(&c, docs, tfs, dl)) bad = 6;
            at += c.n;
        }
        if (!bad && at != l[k].n) bad = 7;
    }
    charlist_dir_free(&dir);
    return bad;
}

static void test_roundtrip(t_ctx *t)
{
    uint64_t s = 20261129;
    static uint8_t dlb[NPSG];
    static uint32_t dlx[2 * NPSG];
    static clist l[3];
    size_t nx;
    make_data(&s, dlb, dlx, &nx, l);
    post_lengths dl = {dlb, dlx, nx};
    buf b;
    buf_init(&b);
    T_INT(t, write_lists(&dl, l, &b), 0);
    T_INT(t, read_back((const uint8_t *)b.data, b.len, &dl, l, &s), 0);
    /* order and range are the writer's to refuse */
    charlist_writer w;
    charlist_writer_init(&w, &dl);
    T_INT(t, charlist_begin(&w, 0x4E00), 0);
    T_INT(t, charlist_posting(&w, 5, 1), 0);
    T_INT(t, charlist_posting(&w, 5, 1), ZS_EINVAL);
    T_INT(t, charlist_end(&w), ZS_EINVAL); /* sticky */
    charlist_writer_free(&w);
    charlist_writer_init(&w, &dl);
    T_INT(t, charlist_begin(&w, 0x4E00), 0);
    T_INT(t, charlist_posting(&w, 1, CHARLIST_TF_MAX + 1), ZS_EINVAL);
    charlist_writer_free(&w);
    buf_free(&b);
}

/* Flipped bytes, and the section cut short: an error or lists that still
 * read within bounds (ASan checks the bounds), never a crash. */
static void test_damage(t_ctx *t)
{
    uint64_t s = 42;
    static uint8_t dlb[NPSG];
    static uint32_t dlx[2 * NPSG];
    static clist l[3];
    size_t nx;
    make_data(&s, dlb, dlx, &nx, l);
    post_lengths dl = {dlb, dlx, nx};
    buf b;
    buf_init(&b);
    T_INT(t, write_lists(&dl, l, &b), 0);
    uint8_t *copy = malloc(b.len);
    int errors = 0;
    for (int iter = 0; copy && iter < 400; iter++) {
        memcpy(copy, b.data, b.len);
        size_t len = b.len;
        if (iter % 4 == 0)
            len = rnd(&s) % b.len;
        else
            copy[rnd(&s) % b.len] ^= (uint8_t)(1 + rnd(&s) % 255);
        errors += read_back(copy, len, &dl, l, &s) != 0;
    }
    T_OK(t, errors > 300); /* most damage is seen; none crashes */
    free(copy);
    buf_free(&b);
}

void suite_charlist(t_ctx *t)
{
    t_run(t, "charlist_roundtrip", test_roundtrip);
    t_run(t, "charlist_damage", test_damage);
}
