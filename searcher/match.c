/* match.c - word matchers over one segment (see match.h). */
#include "match.h"

#include "dict.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- words ---------------------------------------------------------------- */

typedef struct wctx {
    mt_word *w;
    size_t cap;
    uint32_t first_pos;
    int rc;
} wctx;

static int add_tok(void *ctx, const tok_token *t)
{
    wctx *c = ctx;
    if (c->w->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        mt_tok *p = realloc(c->w->toks, cap * sizeof *p);
        if (!p) return c->rc = ZS_ENOMEM;
        c->w->toks = p;
        c->cap = cap;
    }
    if (c->w->n == 0) c->first_pos = t->pos;
    mt_tok *k = &c->w->toks[c->w->n++];
    memcpy(k->term, t->term, t->len);
    k->len = t->len;
    k->rel = t->pos - c->first_pos;
    k->ncp = t->ncp;
    k->kind = t->kind;
    return 0;
}

int mt_word_init(mt_word *w, const char *text, size_t len)
{
    memset(w, 0, sizeof *w);
    wctx c = {w, 0, 0, 0};
    int rc = tok_run(text, len, TOK_QUERY, add_tok, &c);
    if (!c.rc) c.rc = rc;
    if (c.rc) {
        mt_word_free(w);
        return c.rc;
    }
    return w->n ? ZS_OK : ZS_EINVAL;
}

void mt_word_free(mt_word *w)
{
    free(w->toks);
    memset(w, 0, sizeof *w);
}

int mt_word_is_char(const mt_word *w)
{
    return w->n == 1 && w->toks[0].kind == TOK_PREFIX;
}

/* ---- gathering all terms with one first character ------------------------ */

static void list_free(mt_list *l)
{
    free(l->docs);
    free(l->tfs);
    free(l->posoff);
    free(l->pos);
    memset(l, 0, sizeof *l);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Gather the postings of every term starting with `prefix`.  Without
 * positions, tfs are summed per passage in `acc` (zeroed again after);
 * with positions, (passage, position) pairs are sorted. */
static int gather(segment *s, const char *prefix, size_t plen, int with_pos, uint32_t *acc,
                  mt_list *out, zs_diag *d)
{
    memset(out, 0, sizeof *out);
    dict_iter it;
    int rc = dict_seek(&s->dict, prefix, plen, &it, d);
    u32vec touched;
    u32vec_init(&touched);
    uint64_t *pairs = NULL;
    size_t npairs = 0, cappairs = 0;
    while (!rc && it.valid && it.e.len >= plen && memcmp(it.e.term, prefix, plen) == 0) {
        post_cursor c;
        rc = seg_cursor(s, &it.e, &c, d);
        if (rc) break;
        for (; c.doc != POST_END && !rc; post_next(&c)) {
            if (!with_pos) {
                if (acc[c.doc] == 0) rc = u32vec_push(&touched, c.doc);
                acc[c.doc] += post_tf(&c);
                continue;
            }
            const uint32_t *pos;
            uint32_t np;
            rc = post_positions(&c, &pos, &np);
            for (uint32_t k = 0; k < np && !rc; k++) {
                if (npairs == cappairs) {
                    size_t cap = cappairs ? cappairs * 2 : 1024;
                    uint64_t *q = realloc(pairs, cap * sizeof *q);
                    if (!q) {
                        rc = ZS_ENOMEM;
                        break;
                    }
                    pairs = q;
                    cappairs = cap;
                }
                pairs[npairs++] = ((uint64_t)c.doc << 32) | pos[k];
            }
        }
        if (!rc && c.err)
            rc = zs_fail(d, c.err, "index corrupt: %s: postings list damaged", zf_path(s->zr));
        post_close(&c);
        if (!rc) rc = dict_next(&it, d);
    }
    if (!with_pos) {
        /* passages in order, tfs from the accumulator, which is cleared */
        size_t n = touched.n;
        if (!rc) {
            out->docs = malloc((n ? n : 1) * sizeof *out->docs);
            out->tfs = malloc((n ? n : 1) * sizeof *out->tfs);
            if (!out->docs || !out->tfs) rc = ZS_ENOMEM;
        }
        /* the touched ids in order: they arrive term by term.  When they
         * are many, a pass over the accumulator is cheaper than a sort. */
        uint32_t *ids = touched.v;
        if (!rc && n > 1 && (uint64_t)n * 16 > s->npassages) {
            size_t k = 0;
            for (uint32_t doc = 0; doc < s->npassages && k < n; doc++)
                if (acc[doc]) ids[k++] = doc;
        } else if (!rc && n > 1) {
            qsort(ids, n, sizeof *ids, cmp_u32);
        }
        for (size_t i = 0; i < n; i++) {
            if (!rc) {
                out->docs[i] = ids[i];
                out->tfs[i] = acc[ids[i]];
            }
            acc[ids[i]] = 0;
        }
        if (!rc) out->n = n;
    } else if (!rc) {
        if (npairs > 1) qsort(pairs, npairs, sizeof *pairs, cmp_u64); /* never qsort(NULL, 0) */
        out->docs = malloc((npairs ? npairs : 1) * sizeof *out->docs);
        out->tfs = malloc((npairs ? npairs : 1) * sizeof *out->tfs);
        out->posoff = malloc((npairs + 1) * sizeof *out->posoff);
        out->pos = malloc((npairs ? npairs : 1) * sizeof *out->pos);
        if (!out->docs || !out->tfs || !out->posoff || !out->pos) rc = ZS_ENOMEM;
        size_t n = 0;
        for (size_t i = 0; i < npairs && !rc; i++) {
            uint32_t doc = (uint32_t)(pairs[i] >> 32);
            if (n == 0 || out->docs[n - 1] != doc) {
                out->docs[n] = doc;
                out->tfs[n] = 0;
                out->posoff[n] = (uint32_t)i;
                n++;
            }
            out->tfs[n - 1]++;
            out->pos[i] = (uint32_t)pairs[i];
        }
        if (!rc) {
            out->posoff[n] = (uint32_t)npairs;
            out->n = n;
        }
    }
    free(pairs);
    u32vec_free(&touched);
    if (rc) list_free(out);
    return rc;
}

/* ---- matchers --------------------------------------------------------------- */

/* Choose the tokens whose spans cover every code point any token covers:
 * greedily, the token reaching farthest among those that start at or
 * before the first uncovered point.  Only exact tokens take part. */
static size_t cover(const mt_word *w, size_t *pick)
{
    size_t n = 0;
    uint32_t covered = 0; /* points [0, covered) are covered */
    for (;;) {
        /* first point not covered that some exact token covers */
        uint32_t x = UINT32_MAX;
        for (size_t i = 0; i < w->n; i++) {
            const mt_tok *t = &w->toks[i];
            if (t->kind == TOK_PREFIX || t->rel + t->ncp <= covered) continue;
            uint32_t from = t->rel > covered ? t->rel : covered;
            if (from < x) x = from;
        }
        if (x == UINT32_MAX) return n;
        size_t best = SIZE_MAX;
        uint32_t reach = 0;
        for (size_t i = 0; i < w->n; i++) {
            const mt_tok *t = &w->toks[i];
            if (t->kind == TOK_PREFIX || t->rel > x || t->rel + t->ncp <= x) continue;
            if (best == SIZE_MAX || t->rel + t->ncp > reach) {
                best = i;
                reach = t->rel + t->ncp;
            }
        }
        pick[n++] = best;
        covered = reach;
    }
}

/* Is token i of w one of the n picked for the cover? */
static int picked(const size_t *pick, size_t n, size_t i)
{
    for (size_t k = 0; k < n; k++)
        if (pick[k] == i) return 1;
    return 0;
}

/* Add the rarest exact token outside the cover as a filter of the
 * intersection when it is rarer than every cover token, and let it lead
 * (match.h, MT_PHRASE).  m->cur has room for it. */
static int open_filter(mt_matcher *m, segment *s, const mt_word *w, const size_t *pick, size_t np,
                       zs_diag *d)
{
    dict_entry best;
    uint64_t best_df = m->cost;
    int found = 0;
    for (size_t i = 0; i < w->n; i++) {
        const mt_tok *t = &w->toks[i];
        if (t->kind == TOK_PREFIX || picked(pick, np, i)) continue;
        dict_entry e;
        int rc = seg_find(s, t->term, t->len, &e, d);
        if (rc == ZS_ENOTFOUND) { /* an exact token absent: no occurrence */
            m->kind = MT_NONE;
            return ZS_OK;
        }
        if (rc) return rc;
        if (e.df < best_df) {
            best = e;
            best_df = e.df;
            found = 1;
        }
    }
    if (!found) return ZS_OK;
    int rc = seg_cursor(s, &best, &m->cur[m->ncur], d);
    if (rc) return rc;
    m->lead = m->ncur++;
    m->cost = best_df;
    return ZS_OK;
}

/* The order in which the lists other than the lead join the
 * intersection: rarest first, so that a candidate the lead proposes is
 * dropped by the list most likely to miss it before the frequent lists
 * are advanced (行政处罚: of 34,906 passages with 政处, 处罚 keeps 20,166,
 * and only those advance 行政, 442,228 postings).  A list that drops a
 * candidate then moves one place forward (the transpose rule of
 * self-organizing lists), since the rarest list is not always the one
 * that misses: in 区域医疗中心, led by 疗中, 中心 and 医疗 hold almost
 * every candidate and 区域 drops half. */
static void join_order(mt_matcher *m)
{
    size_t n = 0;
    for (size_t j = 0; j < m->ncur; j++) {
        if (j == m->lead) continue;
        size_t k = n++;
        for (; k > 0 && m->cur[m->order[k - 1]].df > m->cur[j].df; k--)
            m->order[k] = m->order[k - 1];
        m->order[k] = j;
    }
}

/* mt_open, keeping the positions of a single character when with_pos. */
static int open_word(mt_matcher *m, segment *s, const mt_word *w, uint32_t *acc, int with_pos,
                     zs_diag *d)
{
    memset(m, 0, sizeof *m);
    m->diag = d;
    m->seg = s; /* to name the file when positions are damaged */
    m->doc = POST_END;
    u32vec_init(&m->cand);
    u32vec_init(&m->tmp);
    m->with_pos = with_pos;
    int rc;
    if (mt_word_is_char(w)) {
        rc = gather(s, w->toks[0].term, w->toks[0].len, with_pos, acc, &m->list, d);
        if (rc) return rc;
        m->kind = MT_LIST;
        m->cost = m->list.n;
        return mt_advance(m, 0);
    }
    size_t *pick = malloc(w->n * sizeof *pick);
    if (!pick) return ZS_ENOMEM;
    size_t np = cover(w, pick);
    if (np == 0) { /* nothing exact to look for: cannot match */
        free(pick);
        m->kind = MT_NONE;
        return ZS_OK;
    }
    m->cur = calloc(np + 1, sizeof *m->cur); /* the cover and a filter */
    m->rel = calloc(np + 1, sizeof *m->rel);
    m->order = calloc(np + 1, sizeof *m->order);
    if (!m->cur || !m->rel || !m->order) {
        free(pick);
        return ZS_ENOMEM;
    }
    m->kind = MT_PHRASE;
    m->cost = UINT64_MAX;
    m->dl = s->dl.p;
    rc = ZS_OK;
    for (size_t i = 0; i < np && !rc; i++) {
        const mt_tok *t = &w->toks[pick[i]];
        dict_entry e;
        rc = seg_find(s, t->term, t->len, &e, d);
        if (rc == ZS_ENOTFOUND) {
            m->kind = MT_NONE;
            rc = ZS_OK;
            break;
        }
        if (!rc) rc = seg_cursor(s, &e, &m->cur[m->ncur], d);
        if (rc) break;
        m->rel[m->ncur] = t->rel;
        if (e.df < m->cost) {
            m->cost = e.df;
            m->lead = m->ncur;
        }
        m->ncur++;
    }
    m->npos = m->ncur;
    m->plead = m->lead;
    if (!rc && m->kind != MT_NONE) rc = open_filter(m, s, w, pick, np, d);
    free(pick);
    if (rc) return rc;
    const mt_tok *last = &w->toks[w->n - 1];
    if (m->kind != MT_NONE && last->kind == TOK_PREFIX) {
        rc = gather(s, last->term, last->len, 1, acc, &m->list, d);
        if (rc) return rc;
        if (m->list.n == 0) m->kind = MT_NONE;
        m->has_tail = 1;
        m->tail_rel = last->rel;
    }
    if (m->kind == MT_NONE) {
        m->cost = 0;
        return ZS_OK;
    }
    if (m->npos == 1 && m->ncur == 1 && !m->has_tail) m->kind = MT_TERM;
    join_order(m);
    return mt_advance(m, 0);
}

int mt_open(mt_matcher *m, segment *s, const mt_word *w, uint32_t *acc, zs_diag *d)
{
    return open_word(m, s, w, acc, 0, d);
}

/* Code points a word covers. */
static uint32_t word_cps(const mt_word *w)
{
    uint32_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->toks[i].rel + w->toks[i].ncp > n) n = w->toks[i].rel + w->toks[i].ncp;
    return n;
}

int mt_open_near(mt_matcher *m, segment *s, const mt_word *w, size_t n, uint32_t dist,
                 uint32_t *acc, zs_diag *d)
{
    memset(m, 0, sizeof *m);
    m->diag = d;
    m->seg = s;
    m->doc = POST_END;
    u32vec_init(&m->cand);
    u32vec_init(&m->tmp);
    if (n < 2 || n > MT_NEAR_MAX) return ZS_EINVAL;
    m->kids = calloc(n, sizeof *m->kids);
    m->kid_len = calloc(n, sizeof *m->kid_len);
    if (!m->kids || !m->kid_len) return ZS_ENOMEM;
    m->kind = MT_NEAR;
    m->dist = dist;
    m->cost = UINT64_MAX;
    int rc = ZS_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = open_word(&m->kids[i], s, &w[i], acc, 1, d);
        m->nkids = i + 1; /* opened: closed by mt_close */
        m->kid_len[i] = word_cps(&w[i]);
        if (!rc && m->kids[i].cost < m->cost) m->cost = m->kids[i].cost;
        if (!rc && m->kids[i].kind == MT_NONE) m->kind = MT_NONE;
    }
    if (rc) return rc;
    if (m->kind == MT_NONE) {
        m->cost = 0;
        return ZS_OK;
    }
    return mt_advance(m, 0);
}

/* Start positions of a word matcher's word in its current passage. */
static int kid_positions(mt_matcher *k, const uint32_t **pos, size_t *n)
{
    if (k->kind == MT_PHRASE) {
        *pos = k->cand.v;
        *n = k->cand.n;
        return ZS_OK;
    }
    if (k->kind == MT_LIST) {
        *pos = k->list.pos + k->list.posoff[k->li];
        *n = k->list.posoff[k->li + 1] - k->list.posoff[k->li];
        return ZS_OK;
    }
    uint32_t np = 0;
    int rc = post_positions(&k->cur[0], pos, &np);
    *n = np;
    return rc;
}

/* An occurrence of word `kid` at `pos`, for the window sweep. */
typedef struct near_occ {
    uint32_t pos, kid;
} near_occ;

static int cmp_occ(const void *a, const void *b)
{
    const near_occ *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Windows of the current passage that hold every word with a gap of at
 * most m->dist: a sweep over all occurrences in position order keeping,
 * for each right end, the shortest window that covers every word. */
static int near_windows(mt_matcher *m, uint32_t *count)
{
    const uint32_t *pos[MT_NEAR_MAX];
    size_t npos[MT_NEAR_MAX], total = 0;
    for (size_t i = 0; i < m->nkids; i++) {
        int rc = kid_positions(&m->kids[i], &pos[i], &npos[i]);
        if (rc) return rc;
        total += npos[i];
    }
    near_occ *v = malloc((total ? total : 1) * sizeof *v);
    if (!v) return ZS_ENOMEM;
    size_t nv = 0;
    uint32_t words_len = 0;
    for (size_t i = 0; i < m->nkids; i++) {
        for (size_t j = 0; j < npos[i]; j++) v[nv++] = (near_occ){pos[i][j], (uint32_t)i};
        words_len += m->kid_len[i];
    }
    qsort(v, nv, sizeof *v, cmp_occ);
    uint32_t seen[MT_NEAR_MAX] = {0};
    size_t covered = 0, left = 0;
    *count = 0;
    m->gap = UINT32_MAX;
    for (size_t r = 0; r < nv; r++) {
        if (seen[v[r].kid]++ == 0) covered++;
        while (covered == m->nkids && seen[v[left].kid] > 1) seen[v[left++].kid]--;
        if (covered < m->nkids) continue;
        uint32_t end = 0;
        for (size_t k = left; k <= r; k++)
            if (v[k].pos + m->kid_len[v[k].kid] > end) end = v[k].pos + m->kid_len[v[k].kid];
        uint32_t span = end - v[left].pos;
        uint32_t gap = span > words_len ? span - words_len : 0;
        if (gap <= m->dist) {
            (*count)++;
            if (gap < m->gap) m->gap = gap;
        }
    }
    free(v);
    return ZS_OK;
}
/* Report damaged positions in m's segment (named when m has one). */
static int positions_damaged(mt_matcher *m)
{
    if (m->seg)
        return zs_fail(m->diag, ZS_ECORRUPT, "index corrupt: %s: positions damaged",
                       zf_path(m->seg->zr));
    return zs_fail(m->diag, ZS_ECORRUPT, "index corrupt: positions damaged");
}

/* MT_NEAR: join the word matchers, then check the windows. */
static int near_advance(mt_matcher *m, uint32_t target)
{
    uint32_t t = target;
    for (;;) {
        int rc = mt_advance(&m->kids[0], t);
        if (rc) return rc;
        uint32_t d = m->kids[0].doc;
        if (d == POST_END) {
            m->doc = POST_END;
            return ZS_OK;
        }
        int all = 1;
        for (size_t i = 1; i < m->nkids && all; i++) {
            if ((rc = mt_advance(&m->kids[i], d))) return rc;
            if (m->kids[i].doc != d) {
                all = 0;
                t = m->kids[i].doc;
            }
        }
        if (!all) {
            if (t == POST_END) {
                m->doc = POST_END;
                return ZS_OK;
            }
            continue;
        }
        uint32_t f = 0;
        if ((rc = near_windows(m, &f))) {
            m->doc = POST_END;
            return m->err = rc == ZS_ENOMEM ? rc : positions_damaged(m);
        }
        if (f) {
            m->doc = d;
            m->tf = f;
            return ZS_OK;
        }
        t = d + 1;
    }
}

int mt_open_ids(mt_matcher *m, uint32_t *ids, size_t n)
{
    memset(m, 0, sizeof *m);
    m->doc = POST_END;
    u32vec_init(&m->cand);
    u32vec_init(&m->tmp);
    m->list.docs = ids;
    m->list.n = n;
    m->list.tfs = malloc((n ? n : 1) * sizeof *m->list.tfs);
    if (!m->list.tfs) return ZS_ENOMEM;
    for (size_t i = 0; i < n; i++) m->list.tfs[i] = 1;
    m->kind = MT_LIST;
    m->cost = n;
    return mt_advance(m, 0);
}

int mt_open_dates(mt_matcher *m, segment *s, const date_range *ranges, size_t n)
{
    memset(m, 0, sizeof *m);
    m->doc = POST_END;
    u32vec_init(&m->cand);
    u32vec_init(&m->tmp);
    m->kind = MT_DATES;
    m->seg = s;
    m->ranges = ranges;
    m->nranges = n;
    m->cost = s->npassages; /* unknown without a pass: never lead a rarer word */
    return mt_advance(m, 0);
}

static int dates_match(const mt_matcher *m, uint32_t date)
{
    for (size_t i = 0; i < m->nranges; i++)
        if (date_in_range(date, &m->ranges[i])) return 1;
    return 0;
}

/* The first passage >= target of a document whose date matches. */
static void dates_advance(mt_matcher *m, uint32_t target)
{
    const segment *s = m->seg;
    m->tf = 1;
    if (target < m->dend) { /* still in the matching document */
        m->doc = target;
        return;
    }
    m->doc = POST_END;
    if (target >= s->npassages || s->ndocs == 0) return;
    for (uint32_t doc = seg_doc_of(s, target); doc < s->ndocs; doc++) {
        uint32_t first = seg_doc_first(s, doc);
        uint32_t next = doc + 1 < s->ndocs ? seg_doc_first(s, doc + 1) : s->npassages;
        if (next > s->npassages) next = s->npassages; /* damaged: stay inside the segment */
        uint32_t from = first > target ? first : target;
        if (from < next && dates_match(m, seg_doc_date(s, doc))) {
            m->doc = from;
            m->dend = next;
            return;
        }
    }
}

static int phrase_freq(mt_matcher *m, uint32_t doc, uint32_t *freq);

void mt_set_lazy(mt_matcher *m)
{
    m->lazy = m->kind == MT_PHRASE;
}

int mt_confirm(mt_matcher *m, int *ok)
{
    *ok = m->doc != POST_END;
    if (!m->pending) return ZS_OK;
    m->pending = 0;
    uint32_t f;
    if (phrase_freq(m, m->doc, &f)) {
        m->doc = POST_END;
        return m->err = positions_damaged(m);
    }
    m->tf = f;
    if (f) return ZS_OK;
    *ok = 0;
    return mt_advance(m, m->doc + 1);
}

uint32_t mt_min_dl(const mt_matcher *m)
{
    uint32_t lo = 0;
    if (m->kind != MT_TERM && m->kind != MT_PHRASE) return 0;
    for (size_t i = 0; i < m->ncur; i++)
        if (!m->cur[i].small && m->cur[i].min_dl > lo) lo = m->cur[i].min_dl;
    return lo;
}

void mt_close(mt_matcher *m)
{
    for (size_t i = 0; i < m->nkids; i++) mt_close(&m->kids[i]);
    free(m->kids);
    free(m->kid_len);
    for (size_t i = 0; i < m->ncur; i++) post_close(&m->cur[i]);
    free(m->cur);
    free(m->rel);
    free(m->order);
    list_free(&m->list);
    u32vec_free(&m->cand);
    u32vec_free(&m->tmp);
    memset(m, 0, sizeof *m);
    m->doc = POST_END;
}

/* First index >= from in the list with docs[i] >= target (galloping). */
static size_t list_seek(const mt_list *l, size_t from, uint32_t target)
{
    size_t lo = from, step = 1, hi = from;
    while (hi < l->n && l->docs[hi] < target) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > l->n) hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->docs[mid] < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cursor_failed(mt_matcher *m, const post_cursor *c)
{
    m->err = c->err;
    m->doc = POST_END;
    return zs_fail(m->diag, c->err, "index corrupt: postings list damaged");
}

/* Occurrences of the word in the passage all cursors are on: start
 * positions s where every cover token stands at s + rel (and the trailing
 * character, if any, at s + tail_rel). */
/* Most cover tokens count_freq takes (a word of 2 × COUNT_COVER_MAX
 * characters); longer words take phrase_freq's candidate list. */
#define COUNT_COVER_MAX 8

/* The largest position a list may hold: position gaps are summed in 64
 * bits, and a sum past the positions' 32 bits is damage (as post_positions
 * reports it). */
#define POS_LIMIT ((uint64_t)UINT32_MAX)

/* phrase_freq where no one reads the start positions (no NEAR group, no
 * trailing character): the occurrences counted in one pass over the cover
 * tokens' position lists, each start s of the rarest list's looked up in
 * the others (at s + rel) by a pointer that only moves forward; nothing
 * is written.  The lists are read as stored (post_gaps) and summed as
 * they are walked: most checks read one or two positions of a posting,
 * and turning the posting's gaps into positions first cost a second pass
 * and a store a position. */
static int count_freq(mt_matcher *m, uint32_t *freq)
{
    const uint32_t *g[COUNT_COVER_MAX];
    uint32_t np[COUNT_COVER_MAX] = {0}, at[COUNT_COVER_MAX] = {0};
    uint64_t cur[COUNT_COVER_MAX] = {0}; /* position of entry at[j] of list j */
    for (size_t j = 0; j < m->npos; j++) {
        int rc = post_gaps(&m->cur[j], &g[j], &np[j]);
        if (rc) return rc;
        cur[j] = g[j][0];
    }
    size_t lead = m->plead;
    uint32_t n = 0;
    uint64_t rl = m->rel[lead], pl = cur[lead];
    for (uint32_t k = 0; k < np[lead]; pl += ++k < np[lead] ? (uint64_t)g[lead][k] + 1 : 0) {
        if (pl < rl) continue;
        uint64_t s0 = pl - rl;
        int all = 1;
        for (size_t j = 0; j < m->npos && all; j++) {
            if (j == lead) continue;
            uint64_t want = s0 + m->rel[j];
            while (cur[j] < want && ++at[j] < np[j]) cur[j] += (uint64_t)g[j][at[j]] + 1;
            if (at[j] == np[j]) { /* no later start can hold this list either */
                k = np[lead];
                all = 0;
                break;
            }
            all = cur[j] == want;
        }
        n += all;
    }
    for (size_t j = 0; j < m->npos; j++)
        if (cur[j] >= POS_LIMIT) return ZS_ECORRUPT;
    if (pl >= POS_LIMIT) return ZS_ECORRUPT;
    *freq = n;
    return ZS_OK;
}

/* count_freq for a cover of two tokens, the most common (a word of three
 * or four characters): one merge of the two lists, read as stored. */
static int pair_freq(mt_matcher *m, uint32_t *freq)
{
    const uint32_t *a, *b;
    uint32_t na, nb;
    int rc = post_gaps(&m->cur[0], &a, &na);
    if (!rc) rc = post_gaps(&m->cur[1], &b, &nb);
    if (rc) return rc;
    uint64_t r0 = m->rel[0], r1 = m->rel[1], pa = a[0], pb = b[0];
    uint32_t n = 0;
    for (uint32_t i = 0, j = 0;;) {
        if (pa >= r0) {
            uint64_t want = pa - r0 + r1; /* b holds the same start at want */
            if (pb < want) {
                if (++j == nb) break;
                pb += (uint64_t)b[j] + 1;
                continue;
            }
            n += pb == want;
        }
        if (++i == na) break;
        pa += (uint64_t)a[i] + 1;
    }
    if (pa >= POS_LIMIT || pb >= POS_LIMIT) return ZS_ECORRUPT;
    *freq = n;
    return ZS_OK;
}

/* count_freq for a cover of three tokens (a word of five or six
 * characters: 高质量发展, 人民代表大会), the two lists other than the
 * rarest walked side by side, without count_freq's loop over the lists.
 * The second is advanced even when the first already failed a start: a
 * later start only looks further on, so the count is count_freq's. */
static int triple_freq(mt_matcher *m, uint32_t *freq)
{
    size_t l = m->plead, x = l == 0 ? 1 : 0, y = l == 2 ? 1 : 2;
    const uint32_t *gl, *gx, *gy;
    uint32_t nl, nx, ny;
    int rc = post_gaps(&m->cur[l], &gl, &nl);
    if (!rc) rc = post_gaps(&m->cur[x], &gx, &nx);
    if (!rc) rc = post_gaps(&m->cur[y], &gy, &ny);
    if (rc) return rc;
    uint64_t rl = m->rel[l], rx = m->rel[x], ry = m->rel[y], pl = gl[0], px = gx[0], py = gy[0];
    uint32_t ix = 0, iy = 0, n = 0;
    for (uint32_t k = 0;;) {
        if (pl >= rl) {
            uint64_t wx = pl - rl + rx, wy = pl - rl + ry; /* where x and y stand */
            while (px < wx && ++ix < nx) px += (uint64_t)gx[ix] + 1;
            while (py < wy && ++iy < ny) py += (uint64_t)gy[iy] + 1;
            if (ix == nx || iy == ny) break; /* no later start can hold that list */
            n += px == wx && py == wy;
        }
        if (++k == nl) break;
        pl += (uint64_t)gl[k] + 1;
    }
    if (pl >= POS_LIMIT || px >= POS_LIMIT || py >= POS_LIMIT) return ZS_ECORRUPT;
    *freq = n;
    return ZS_OK;
}

static int phrase_freq(mt_matcher *m, uint32_t doc, uint32_t *freq)
{
    if (!m->has_tail && !m->with_pos && m->npos == 2) return pair_freq(m, freq);
    if (!m->has_tail && !m->with_pos && m->npos == 3) return triple_freq(m, freq);
    if (!m->has_tail && !m->with_pos && m->npos <= COUNT_COVER_MAX) return count_freq(m, freq);
    const uint32_t *pos;
    uint32_t np;
    post_cursor *lead = &m->cur[m->plead];
    int rc = post_positions(lead, &pos, &np);
    if (rc) return rc;
    m->cand.n = 0;
    if ((rc = u32vec_reserve(&m->cand, np))) return rc;
    for (uint32_t k = 0; k < np; k++)
        if (pos[k] >= m->rel[m->plead]) m->cand.v[m->cand.n++] = pos[k] - m->rel[m->plead];
    for (size_t j = 0; j < m->npos && m->cand.n; j++) {
        if (j == m->plead) continue;
        if ((rc = post_positions(&m->cur[j], &pos, &np))) return rc;
        size_t a = 0, o = 0;
        uint32_t r = m->rel[j];
        for (uint32_t k = 0; k < np && a < m->cand.n; k++) {
            if (pos[k] < r) continue;
            uint32_t s = pos[k] - r;
            while (a < m->cand.n && m->cand.v[a] < s) a++;
            if (a < m->cand.n && m->cand.v[a] == s) m->cand.v[o++] = s;
        }
        m->cand.n = o;
    }
    if (m->has_tail && m->cand.n) {
        size_t i = list_seek(&m->list, 0, doc);
        size_t o = 0;
        if (i < m->list.n && m->list.docs[i] == doc) {
            const uint32_t *tp = m->list.pos + m->list.posoff[i];
            size_t tn = m->list.posoff[i + 1] - m->list.posoff[i], b = 0;
            for (size_t a = 0; a < m->cand.n; a++) {
                uint32_t want = m->cand.v[a] + m->tail_rel;
                while (b < tn && tp[b] < want) b++;
                if (b < tn && tp[b] == want) m->cand.v[o++] = m->cand.v[a];
            }
        }
        m->cand.n = o;
    }
    *freq = (uint32_t)m->cand.n;
    return ZS_OK;
}

int mt_advance(mt_matcher *m, uint32_t target)
{
    if (m->doc != POST_END && m->doc >= target) return ZS_OK;
    switch (m->kind) {
    case MT_NONE:
        m->doc = POST_END;
        return ZS_OK;
    case MT_LIST:
        m->li = list_seek(&m->list, m->li, target);
        if (m->li >= m->list.n) {
            m->doc = POST_END;
            return ZS_OK;
        }
        m->doc = m->list.docs[m->li];
        m->tf = m->list.tfs[m->li];
        return ZS_OK;
    case MT_TERM: {
        post_cursor *c = &m->cur[0];
        if (post_advance(c, target)) return cursor_failed(m, c);
        m->doc = c->doc;
        m->tf = c->doc == POST_END ? 0 : post_tf(c);
        return ZS_OK;
    }
    case MT_DATES:
        dates_advance(m, target);
        return ZS_OK;
    case MT_NEAR:
        return near_advance(m, target);
    case MT_PHRASE:
        break;
    }
    uint32_t t = target;
    for (;;) {
        post_cursor *lead = &m->cur[m->lead];
        if (post_seek_lead(lead, t)) return cursor_failed(m, lead);
        uint32_t d = lead->doc;
        if (d == POST_END) {
            m->doc = POST_END;
            return ZS_OK;
        }
        int all = 1;
        for (size_t k = 0; k + 1 < m->ncur; k++) {
            post_cursor *c = &m->cur[m->order[k]];
            if (post_seek(c, d)) return cursor_failed(m, c);
            if (c->doc != d) {
                all = 0;
                t = c->doc;  /* POST_END ends the loop at the lead */
                if (k > 0) { /* it drops candidates: ask it earlier */
                    size_t x = m->order[k];
                    m->order[k] = m->order[k - 1];
                    m->order[k - 1] = x;
                }
                break;
            }
        }
        if (!all) continue;
        /* the search reads a match's length to score it: a cache miss in a
         * column of a byte per passage (6.4 MB at 1 GB) that the position
         * check below hides when the line is asked for now */
        __builtin_prefetch(m->dl + d);
        if (m->lazy) {
            m->doc = d;
            m->tf = 0;
            m->pending = 1;
            return ZS_OK;
        }
        uint32_t f;
        int rc = phrase_freq(m, d, &f);
        if (rc) {
            m->doc = POST_END;
            return m->err = positions_damaged(m);
        }
        if (f) {
            m->doc = d;
            m->tf = f;
            return ZS_OK;
        }
        t = d + 1;
    }
}
