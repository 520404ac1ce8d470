/* charscan.c - a lone character's count and top k in windows (see charscan.h). */
#include "charscan.h"

#include "bm25.h"
#include "dict.h"
#include "format.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Largest tf the table of smallest entering tfs holds; a passage whose
 * tf reaches it is scored whatever its length. */
#define CHS_TF_CAP 4096u

/* The cursors of every term that starts with the character. */
typedef struct chs_lists {
    post_cursor *c;
    size_t n, cap;
} chs_lists;

static void lists_free(chs_lists *l)
{
    for (size_t i = 0; i < l->n; i++) post_close(&l->c[i]);
    free(l->c);
    memset(l, 0, sizeof *l);
}

/* Open a cursor on each term that starts with t's bytes; empty lists are
 * left out. */
static int lists_open(segment *sg, const mt_tok *t, chs_lists *l, zs_diag *d)
{
    memset(l, 0, sizeof *l);
    dict_iter it;
    int rc = dict_seek(&sg->dict, t->term, t->len, &it, d);
    while (!rc && it.valid && it.e.len >= t->len && memcmp(it.e.term, t->term, t->len) == 0) {
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 64;
            post_cursor *c = realloc(l->c, cap * sizeof *c);
            if (!c) return ZS_ENOMEM;
            l->c = c;
            l->cap = cap;
        }
        post_cursor *c = &l->c[l->n];
        rc = seg_cursor(sg, &it.e, c, d);
        if (rc) break;
        if (c->doc == POST_END)
            post_close(c);
        else
            l->n++;
        rc = dict_next(&it, d);
    }
    return rc;
}

/* Add the postings of every list below passage `end` into acc (from
 * passage `from`); lists that run out are closed and dropped. */
static int lists_add(segment *sg, chs_lists *l, uint32_t from, uint32_t end, uint32_t *acc,
                     zs_diag *d)
{
    for (size_t i = 0; i < l->n;) {
        post_cursor *c = &l->c[i];
        if (post_accumulate(c, end, acc, from))
            return zs_fail(d, c->err, "index corrupt: %s: postings list damaged", zf_path(sg->zr));
        if (c->doc != POST_END) {
            i++;
            continue;
        }
        post_close(c);
        l->c[i] = l->c[--l->n];
    }
    return ZS_OK;
}

/* The scoring side of one query.  need[b], for each length byte b (a
 * passage's DL entry), is the smallest tf worth scoring at that length:
 * the smallest whose score beats the worst kept hit as it was when the
 * table was made; 1 (every passage) while the heap is not full and for
 * the lengths of DLX (FMT_DL_ESC); never reached when no hit is kept.
 * The worst kept score only rises, so a passage whose tf is below need
 * cannot enter (ties lose: later passages); the table is brought up to
 * date once a window, each entry counting up from where it was. */
typedef struct chs_score {
    double idf, avgdl;
    double worst; /* the heap's worst score when need was made */
    uint32_t need[FMT_DL_ESC + 1];
} chs_score;

static void need_init(chs_score *s, const topk *tk)
{
    for (uint32_t b = 0; b <= FMT_DL_ESC; b++) s->need[b] = tk->k ? 1 : UINT32_MAX;
    s->worst = -1;
}

/* Bring s->need up to the heap's worst kept hit.  bm25_score rises with
 * tf (by far more than a rounding step for any tf below CHS_TF_CAP). */
static void need_update(chs_score *s, const topk *tk)
{
    if (tk->k == 0 || tk->n < tk->k || tk->h[0].score == s->worst) return;
    s->worst = tk->h[0].score;
    for (uint32_t dl = 0; dl < FMT_DL_ESC; dl++) {
        double norm = bm25_norm(dl, s->avgdl);
        uint32_t tf = s->need[dl];
        while (tf < CHS_TF_CAP && bm25_score(s->idf, tf, norm) <= s->worst) tf++;
        s->need[dl] = tf;
    }
}

/* Offer passage pid with its tf to the heap, scored as the general path
 * scores it (search.c), to the last bit. */
static void offer(segment *sg, const chs_score *s, uint32_t pid, uint32_t tf, uint64_t base,
                  topk *tk)
{
    if (!tk->k) return;
    double score = bm25_score(s->idf, tf, bm25_norm(seg_dl(sg, pid), s->avgdl));
    topk_push(tk, score, base + pid);
}

/* Count and offer the passages of window [from, from + n), clearing it.
 * Without deletions the count is a sum without branches: about 60 % of
 * the passages hold 的, a branch on it would miss half the time. */
static void sweep(segment *sg, const chs_score *s, uint32_t from, uint32_t n, uint32_t *acc,
                  uint64_t base, topk *tk, uint64_t *total)
{
    const uint8_t *dlb = sg->dl.p + from;
    uint64_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t tf = acc[i];
        if (sg->dead) {
            if (!tf || seg_dead(sg, from + i)) continue;
        }
        count += tf != 0;
        if (tf >= s->need[dlb[i]]) offer(sg, s, from + i, tf, base, tk);
    }
    memset(acc, 0, n * sizeof *acc);
    *total += count;
}

/* Can a passage of the entered block enter the heap?  One of its impacts
 * (charlist.h) scores at least as well as each of its passages, and an
 * impact whose tf is below need at its length cannot enter. */
static int block_may_enter(const charlist_cursor *c, const chs_score *s, const topk *tk)
{
    if (tk->n < tk->k) return 1;
    for (uint32_t i = 0; i < c->nimp; i++)
        if (c->imp_dl[i] >= FMT_DL_ESC || c->imp_tf[i] >= s->need[c->imp_dl[i]]) return 1;
    return 0;
}

/* The top k from the character's own list (a segment without deletions):
 * blocks none of whose impacts can enter are passed over undecoded, the
 * passages of the others offered in order as sweep offers them. */
static int run_list(segment *sg, charlist_cursor *c, chs_score *s, uint64_t base, topk *tk,
                    zs_diag *d)
{
    uint32_t docs[CHARLIST_BLOCK], tfs[CHARLIST_BLOCK];
    for (;;) {
        int has;
        if (charlist_block(c, &has)) break;
        if (!has) return ZS_OK;
        if (!block_may_enter(c, s, tk)) continue;
        if (charlist_decode(c, docs, tfs)) break;
        for (uint32_t i = 0; i < c->n; i++) offer(sg, s, docs[i], tfs[i], base, tk);
        need_update(s, tk);
    }
    return zs_fail(d, c->err, "index corrupt: %s: character list damaged", zf_path(sg->zr));
}

int chs_run(segment *sg, const mt_tok *t, double idf, double avgdl, uint64_t base, uint32_t *acc,
            topk *tk, uint64_t *total, zs_diag *d)
{
    uint32_t cp;
    int have_cp = u8_decode((const uint8_t *)t->term, (const uint8_t *)t->term + t->len, &cp) > 0;
    if (tk->k == 0 && sg->ndead == 0 && have_cp) {
        *total += seg_char_df(sg, cp); /* CHARS holds the count: no list to read */
        return ZS_OK;
    }
    chs_score s = {.idf = idf, .avgdl = avgdl};
    need_init(&s, tk);
    charlist_cursor cl;
    int lrc = sg->ndead == 0 && have_cp ? seg_char_list(sg, cp, &cl, d) : ZS_ENOTFOUND;
    if (lrc != ZS_ENOTFOUND) {
        if (lrc) return lrc;
        *total += seg_char_df(sg, cp);
        return run_list(sg, &cl, &s, base, tk, d);
    }
    chs_lists l;
    int rc = lists_open(sg, t, &l, d);
    for (uint32_t from = 0; !rc && l.n && from < sg->npassages; from += CHS_WINDOW) {
        uint32_t n = sg->npassages - from < CHS_WINDOW ? sg->npassages - from : CHS_WINDOW;
        rc = lists_add(sg, &l, from, from + n, acc, d);
        need_update(&s, tk);
        if (!rc)
            sweep(sg, &s, from, n, acc, base, tk, total);
        else
            memset(acc, 0, n * sizeof *acc); /* returned zeroed */
    }
    lists_free(&l);
    return rc;
}
