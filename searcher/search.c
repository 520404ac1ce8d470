/* search.c - plan and run a query over all segments (see search.h). */
#include "search.h"

#include "charscan.h"
#include "exact.h"

#include "bm25.h"
#include "condition.h"
#include "docfilter.h"
#include "format.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int srch_init(searcher *s, zindex *ix)
{
    s->ix = ix;
    uint32_t maxn = 1;
    for (size_t i = 0; i < ix->nsegs; i++)
        if (ix->segs[i]->npassages > maxn) maxn = ix->segs[i]->npassages;
    s->acc = calloc(maxn, sizeof *s->acc);
    return s->acc ? ZS_OK : ZS_ENOMEM;
}

void srch_free(searcher *s)
{
    free(s->acc);
    s->acc = NULL;
}

/* The deleted passages of segment sg where word w matches: a matcher on w
 * advanced to each deleted passage in turn, so the cost follows the number
 * of deleted passages (whole blocks of postings are skipped), not the
 * length of w's lists; merges remove deletions (docs/FORMAT.md
 * "Tombstones").  For one token, the segment's df minus this is exactly
 * the df of a fresh build of the live documents. */
static int dead_matches(searcher *s, segment *sg, const mt_word *w, uint64_t *dead, zs_diag *d)
{
    mt_matcher m;
    int rc = mt_open(&m, sg, w, s->acc, d);
    for (uint32_t k = 0; k < sg->ndead && !rc && m.doc != POST_END; k++) {
        uint32_t pid = sg->dead_ids[k];
        if (m.doc < pid) rc = mt_advance(&m, pid);
        if (!rc && m.doc == pid) (*dead)++;
    }
    mt_close(&m);
    return rc;
}

/* Document frequency of a token over the live passages of all segments. */
static int token_df(searcher *s, const mt_tok *t, uint64_t *df, zs_diag *d)
{
    *df = 0;
    uint64_t dead = 0;
    for (size_t i = 0; i < s->ix->nsegs; i++) {
        segment *sg = s->ix->segs[i];
        if (sg->ndead) {
            mt_tok one = *t;
            one.rel = 0;
            mt_word w = {&one, 1};
            int rc = dead_matches(s, sg, &w, &dead, d);
            if (rc) return rc;
        }
        if (t->kind == TOK_PREFIX) {
            uint32_t cp;
            if (u8_decode((const uint8_t *)t->term, (const uint8_t *)t->term + t->len, &cp))
                *df += seg_char_df(sg, cp);
            continue;
        }
        dict_entry e;
        int rc = seg_find(sg, t->term, t->len, &e, d);
        if (rc == ZS_ENOTFOUND) continue;
        if (rc) return rc;
        *df += e.df;
    }
    *df = *df >= dead ? *df - dead : 0;
    return ZS_OK;
}

/* The word of a filter term: one exact token, the field term's bytes. */
static int field_word(char kind, uint32_t value, mt_word *w)
{
    memset(w, 0, sizeof *w);
    w->toks = calloc(1, sizeof *w->toks);
    if (!w->toks) return ZS_ENOMEM;
    w->n = 1;
    w->toks[0].len = (uint32_t)fmt_field_term(kind, value, w->toks[0].term);
    w->toks[0].kind = TOK_WORD;
    w->toks[0].ncp = 1;
    return ZS_OK;
}

/* The token document frequencies and idf of one tokenized word. */
static int word_stats(searcher *s, srch_word *w, const mt_word *mw, size_t *at, zs_diag *d)
{
    int rc = ZS_OK;
    for (size_t k = 0; k < mw->n && !rc; k++, (*at)++) {
        rc = token_df(s, &mw->toks[k], &w->tok_df[*at], d);
        w->tok_idf[*at] = bm25_idf(s->ix->npassages, w->tok_df[*at]);
        w->idf += w->tok_idf[*at];
    }
    return rc;
}

/* Tokenize a query word (each word of a NEAR group) and look up its
 * statistics over all segments. */
static int plan_word(searcher *s, srch_word *w, zs_diag *d)
{
    size_t ntok = 0, at = 0;
    int rc = ZS_OK;
    if (w->q->nnear) {
        w->sub = calloc(w->q->nnear, sizeof *w->sub);
        if (!w->sub) return ZS_ENOMEM;
        for (size_t k = 0; k < w->q->nnear && !rc; k++, w->nsub++) {
            rc = mt_word_init(&w->sub[k], w->q->near[k].text, w->q->near[k].len);
            ntok += w->sub[k].n;
        }
    } else {
        rc = mt_word_init(&w->w, w->q->text, w->q->len);
        ntok = w->w.n;
    }
    if (rc) return rc;
    w->tok_df = calloc(ntok ? ntok : 1, sizeof *w->tok_df);
    w->tok_idf = calloc(ntok ? ntok : 1, sizeof *w->tok_idf);
    if (!w->tok_df || !w->tok_idf) return ZS_ENOMEM;
    if (!w->nsub) return word_stats(s, w, &w->w, &at, d);
    for (size_t k = 0; k < w->nsub && !rc; k++) rc = word_stats(s, w, &w->sub[k], &at, d);
    return rc;
}

/* Open the matcher of plan word i in segment sg. */
static int open_plan_word(searcher *s, const srch_plan *p, size_t i, segment *sg, mt_matcher *m,
                          zs_diag *d)
{
    const srch_word *w = &p->words[i];
    if (w->sub) return mt_open_near(m, sg, w->sub, w->nsub, w->q->dist, s->acc, d);
    return mt_open(m, sg, &w->w, s->acc, d);
}

/* The proximity boost of a NEAR match with its closest gap, else 1. */
static double near_boost(const srch_word *w, uint32_t gap)
{
    return w->sub ? 1.0 + 1.0 / (1.0 + (double)gap) : 1.0;
}

int srch_plan_build(searcher *s, const qry *q, const srch_filter *filters, size_t nfilters,
                    srch_plan *p, zs_diag *d)
{
    memset(p, 0, sizeof *p);
    size_t nw = 0;
    for (size_t i = 0; i < q->n; i++) nw += q->clauses[i].nalts;
    for (size_t i = 0; i < nfilters; i++) nw += filters[i].n;
    nw += q->nconds + q->nfields;
    p->words = calloc(nw ? nw : 1, sizeof *p->words);
    p->cl = calloc(q->n + nfilters + q->nconds + q->nfields + 1, sizeof *p->cl);
    p->filters = filters;
    p->nfilters = nfilters;
    if (!p->words || !p->cl) {
        srch_plan_free(p);
        return ZS_ENOMEM;
    }
    int rc = ZS_OK;
    for (size_t i = 0; i < q->n && !rc; i++) {
        srch_clause *c = &p->cl[p->ncl++];
        c->first = p->nwords;
        c->n = q->clauses[i].nalts;
        c->neg = q->clauses[i].neg;
        c->check = q->clauses[i].check;
        if (!c->neg && !c->check) p->npos++;
        for (size_t j = 0; j < c->n && !rc; j++) {
            srch_word *w = &p->words[p->nwords];
            w->q = &q->clauses[i].alts[j];
            w->neg = w->q->neg;
            for (size_t k = 0; k < p->nwords && !w->dup; k++)
                w->dup = p->words[k].q && p->words[k].q->quoted == w->q->quoted &&
                         p->words[k].q->len == w->q->len &&
                         !memcmp(p->words[k].q->text, w->q->text, w->q->len);
            p->nwords++;
            rc = plan_word(s, w, d);
        }
    }
    for (size_t i = 0; i < nfilters && !rc; i++) {
        srch_clause *c = &p->cl[p->ncl++];
        c->first = p->nwords;
        c->n = filters[i].n;
        c->filter = 1;
        p->npos++;
        if (filters[i].kind == SRCH_FILTER_DATE) { /* one matcher for all its ranges */
            c->n = 1;
            p->words[p->nwords++].date = &filters[i];
            continue;
        }
        for (size_t j = 0; j < filters[i].n && !rc; j++)
            rc = field_word(filters[i].kind, filters[i].values[j], &p->words[p->nwords++].w);
    }
    for (size_t i = 0; i < q->nconds && !rc; i++) {
        srch_clause *c = &p->cl[p->ncl++];
        c->first = p->nwords;
        c->n = 1;
        c->filter = 1;
        p->npos++;
        p->words[p->nwords++].cond = &q->conds[i];
    }
    for (size_t i = 0; i < q->nfields && !rc; i++) {
        const qry_field *f = &q->fields[i];
        if (!dfl_is_name(f->name, strlen(f->name))) continue; /* city: year: date: */
        srch_clause *c = &p->cl[p->ncl++];
        c->first = p->nwords;
        c->n = 1;
        c->filter = 1;
        p->npos++;
        p->words[p->nwords++].field = f;
    }
    if (!rc && p->npos == 0)
        rc = zs_fail(d, ZS_EINVAL,
                     "nothing to match: exclusions need a word or a filter to "
                     "exclude from (a OR -b needs one too)");
    if (rc) srch_plan_free(p);
    return rc;
}

size_t srch_word_ntoks(const srch_word *w)
{
    size_t n = w->w.n;
    for (size_t k = 0; k < w->nsub; k++) n += w->sub[k].n;
    return n;
}

const mt_tok *srch_word_tok(const srch_word *w, size_t k)
{
    if (!w->nsub) return &w->w.toks[k];
    for (size_t i = 0; i < w->nsub; k -= w->sub[i].n, i++)
        if (k < w->sub[i].n) return &w->sub[i].toks[k];
    return NULL;
}

int srch_scored(const srch_plan *p, size_t c, size_t j)
{
    const srch_clause *cl = &p->cl[c];
    const srch_word *w = &p->words[cl->first + j];
    return !cl->neg && !cl->filter && !w->neg && !w->dup;
}

void srch_plan_free(srch_plan *p)
{
    for (size_t i = 0; i < p->nwords; i++) {
        mt_word_free(&p->words[i].w);
        for (size_t k = 0; k < p->words[i].nsub; k++) mt_word_free(&p->words[i].sub[k]);
        free(p->words[i].sub);
        free(p->words[i].tok_df);
        free(p->words[i].tok_idf);
    }
    free(p->words);
    free(p->cl);
    memset(p, 0, sizeof *p);
}

void srch_result_free(srch_result *r)
{
    free(r->hits);
    memset(r, 0, sizeof *r);
}

/* ---- one segment ----------------------------------------------------------- */

typedef struct cl_state {
    const srch_clause *c;
    uint32_t doc;
    uint64_t cost;
} cl_state;

static uint32_t clause_doc(const mt_matcher *m, const srch_clause *c)
{
    uint32_t d = POST_END;
    for (size_t j = 0; j < c->n; j++)
        if (m[c->first + j].doc < d) d = m[c->first + j].doc;
    return d;
}

static int clause_advance(mt_matcher *m, cl_state *cs, uint32_t target)
{
    for (size_t j = 0; j < cs->c->n; j++) {
        mt_matcher *a = &m[cs->c->first + j];
        if (a->doc < target) {
            int rc = mt_advance(a, target);
            if (rc) return rc;
        }
    }
    cs->doc = clause_doc(m, cs->c);
    return ZS_OK;
}

/* Does a check clause hold at doc: one of its words occurs there, or one
 * of its negated words does not?  Its matchers are moved to doc. */
static int check_clause(mt_matcher *m, const srch_plan *p, cl_state *cs, uint32_t doc, int *holds)
{
    *holds = 0;
    int rc = clause_advance(m, cs, doc);
    for (size_t j = 0; j < cs->c->n && !rc && !*holds; j++) {
        size_t w = cs->c->first + j;
        int there = m[w].doc == doc;
        *holds = p->words[w].neg ? !there : there;
    }
    return rc;
}

static int cmp_cost(const void *a, const void *b)
{
    const cl_state *x = a, *y = b;
    return x->cost < y->cost ? -1 : x->cost > y->cost;
}

/* One word that is one term, nothing else: the count is the term's df, and
 * the top k need only the blocks whose best possible score (from the
 * skip table's max tf and min length) can still enter the heap
 * (block-max pruning, Ding and Suel, SIGIR 2011). */
static int run_single_term(mt_matcher *m, double idf, double avgdl, segment *sg, uint64_t base,
                           topk *tk, uint64_t *total, uint64_t dead)
{
    post_cursor *c = &m->cur[0];
    *total += c->df - dead; /* dead: its postings on deleted passages */
    if (tk->k == 0) return ZS_OK;
    uint32_t target = 0;
    for (;;) {
        uint32_t last, maxtf, mindl;
        if (!post_peek_block(c, target, &last, &maxtf, &mindl)) break;
        if (tk->n == tk->k && maxtf != UINT32_MAX) {
            double bound = bm25_score(idf, maxtf, bm25_norm(mindl, avgdl));
            if (bound <= tk->h[0].score) { /* ties lose: later passages */
                if (last == POST_END - 1) break;
                target = last + 1;
                continue;
            }
        }
        if (post_advance(c, target)) return c->err;
        while (c->doc != POST_END && c->doc <= last) {
            if (seg_dead(sg, c->doc)) {
                if (post_next(c)) return c->err;
                continue;
            }
            double score = bm25_score(idf, post_tf(c), bm25_norm(seg_dl(sg, c->doc), avgdl));
            topk_push(tk, score, base + c->doc);
            if (post_next(c)) return c->err;
        }
        if (c->doc == POST_END) break;
        target = c->doc;
    }
    return c->err;
}

/* The one word of a plan that is a lone CJK character and nothing else
 * (no other clause, filter, condition or script check), or NULL: such a
 * plan is answered by charscan.h without gathering the character's union. */
static const srch_word *lone_char(const srch_plan *p, const u64vec *all)
{
    if (all || p->exact_script || p->ncl != 1 || p->npos != 1) return NULL;
    const srch_clause *c = &p->cl[0];
    if (c->neg || c->check || c->filter || c->n != 1) return NULL;
    const srch_word *w = &p->words[c->first];
    if (!w->q || w->neg || w->sub || w->cond || w->date || w->field) return NULL;
    return mt_word_is_char(&w->w) ? w : NULL;
}

/* Check the positions of the lazy phrases (mt_set_lazy) of the positive
 * clauses where they all agree; *real is 0 when one does not occur. */
static int confirm_clauses(mt_matcher *m, const cl_state *pos, size_t npos, int *real)
{
    for (size_t i = 0; i < npos && *real; i++) {
        mt_matcher *a = &m[pos[i].c->first];
        if (pos[i].c->n != 1 || !a->pending) continue;
        int rc = mt_confirm(a, real);
        if (rc) return rc;
    }
    return ZS_OK;
}

/* The score of the passage `doc` the matchers `m` agree on, with length
 * part `norm`: summed in plan order, as srch_explain_hit does, so the
 * explained score is the same to the last bit. */
static double plan_score(const srch_plan *p, const mt_matcher *m, uint32_t doc, double norm)
{
    double score = 0;
    for (size_t c = 0; c < p->ncl; c++) {
        for (size_t j = 0; j < p->cl[c].n; j++) {
            const mt_matcher *a = &m[p->cl[c].first + j];
            const srch_word *w = &p->words[p->cl[c].first + j];
            if (a->doc == doc && srch_scored(p, c, j))
                score += bm25_score(w->idf, a->tf, norm) * near_boost(w, a->gap);
        }
    }
    return score;
}

/* Can the match at `doc` enter the top k?  Its score at the smallest
 * length its lists' blocks allow (mt_min_dl) bounds its score: each word's
 * score falls as the length grows, in floating point too (every step of
 * bm25_norm and bm25_score rounds monotonically), and so does their sum.
 * A match that cannot beat the worst kept hit (ties lose: later
 * passages) costs no length lookup, a cache miss in a table of a byte per
 * passage (6.4 MB at 1 GB), nor a score (block-max pruning, Ding and Suel,
 * SIGIR 2011, applied to the match, not to skipping it: the count is
 * exact). */
static int could_enter(const srch_plan *p, const mt_matcher *m, uint32_t doc, double avgdl,
                       const topk *tk)
{
    if (tk->n < tk->k) return 1;
    uint32_t lo = 0;
    for (size_t i = 0; i < p->nwords; i++) {
        uint32_t x = m[i].doc == doc ? mt_min_dl(&m[i]) : 0;
        lo = x > lo ? x : lo;
    }
    return lo == 0 || topk_wants(tk, plan_score(p, m, doc, bm25_norm(lo, avgdl)));
}

/* could_enter's last answer for a plan of one word, and what it depends
 * on: the matcher's tf and gap, the smallest length its blocks allow, and
 * the worst kept score.  They change at a block boundary or a new hit;
 * most matches of a frequent phrase repeat them (tf 1 in the same blocks)
 * and take the answer without a score. */
typedef struct enter_memo {
    uint32_t lo, tf, gap;
    double worst;
    int ok, valid;
} enter_memo;

/* could_enter for the word matcher `a` of a plan of one word at its
 * passage `doc`, the same answer, remembered in `e`. */
static int could_enter_one(const srch_plan *p, const mt_matcher *m, const mt_matcher *a,
                           uint32_t doc, double avgdl, const topk *tk, enter_memo *e)
{
    if (tk->n < tk->k || p->nwords != 1) return could_enter(p, m, doc, avgdl, tk);
    uint32_t lo = mt_min_dl(a);
    if (lo == 0) return 1;
    double worst = tk->h[0].score;
    if (!e->valid || e->lo != lo || e->tf != a->tf || e->gap != a->gap || e->worst != worst) {
        e->ok = topk_wants(tk, plan_score(p, m, doc, bm25_norm(lo, avgdl)));
        *e = (enter_memo){lo, a->tf, a->gap, worst, e->ok, 1};
    }
    return e->ok;
}

/* A plan of one phrase and nothing else: the general loop below without
 * its clauses, exclusions and checks, for the heaviest queries (a phrase
 * with a frequent list, 人民代表大会 or 高质量发展 at 1 GB: 50,000 to
 * 135,000 matches).  The same matches, counts and scores in the same
 * order. */
static int run_single_phrase(const srch_plan *p, mt_matcher *m, size_t wi, segment *sg,
                             uint64_t base, double avgdl, topk *tk, uint64_t *total)
{
    mt_matcher *a = &m[wi];
    uint64_t count = 0;
    enter_memo memo = {0};
    int rc = ZS_OK;
    while (!rc && a->doc != POST_END) {
        uint32_t doc = a->doc;
        if (!seg_dead(sg, doc)) {
            count++;
            if (tk->k && could_enter_one(p, m, a, doc, avgdl, tk, &memo))
                topk_push(tk, plan_score(p, m, doc, bm25_norm(seg_dl(sg, doc), avgdl)), base + doc);
        }
        rc = mt_advance(a, doc + 1);
    }
    *total += count;
    return rc;
}

static int run_segment(searcher *s, const srch_plan *p, size_t si, topk *tk, uint64_t *total,
                       u64vec *all, zs_diag *d)
{
    segment *sg = s->ix->segs[si];
    uint64_t base = s->ix->seg_base[si];
    double avgdl = ix_avgdl(s->ix);
    const srch_word *lone = lone_char(p, all);
    if (lone) return chs_run(sg, &lone->w.toks[0], lone->idf, avgdl, base, s->acc, tk, total, d);
    mt_matcher *m = calloc(p->nwords ? p->nwords : 1, sizeof *m);
    cl_state *pos = calloc(p->ncl ? p->ncl : 1, sizeof *pos);
    cl_state *neg = calloc(p->ncl ? p->ncl : 1, sizeof *neg);
    cl_state *chk = calloc(p->ncl ? p->ncl : 1, sizeof *chk);
    size_t npos = 0, nneg = 0, nchk = 0;
    int rc = (!m || !pos || !neg || !chk) ? ZS_ENOMEM : ZS_OK;
    size_t opened = 0;
    for (size_t i = 0; i < p->nwords && !rc; i++, opened++) {
        if (p->words[i].cond) {
            uint32_t *ids;
            size_t n;
            rc = cnd_passages(sg, p->words[i].cond, p->filters, p->nfilters, &ids, &n, d);
            if (!rc) rc = mt_open_ids(&m[i], ids, n);
        } else if (p->words[i].date) {
            rc = mt_open_dates(&m[i], sg, p->words[i].date->ranges, p->words[i].date->n);
        } else if (p->words[i].field) {
            uint32_t *ids;
            size_t n;
            rc = dfl_passages(sg, p->words[i].field, &ids, &n, d);
            if (!rc) rc = mt_open_ids(&m[i], ids, n);
        } else {
            rc = open_plan_word(s, p, i, sg, &m[i], d);
        }
    }
    int empty = 0;
    for (size_t i = 0; i < p->ncl && !rc; i++) {
        const srch_clause *c = &p->cl[i];
        cl_state *cs = c->neg ? &neg[nneg++] : c->check ? &chk[nchk++] : &pos[npos++];
        cs->c = c;
        for (size_t j = 0; j < c->n; j++) cs->cost += m[c->first + j].cost;
        cs->doc = clause_doc(m, c);
        if (!c->neg && !c->check && cs->doc == POST_END) empty = 1;
    }
    buf etext; /* --exact-script: the stored text of a match */
    buf_init(&etext);
    if (!rc && !empty && npos == 1 && nneg == 0 && nchk == 0 && pos[0].c->n == 1 && !all &&
        !pos[0].c->filter && m[pos[0].c->first].kind == MT_TERM && !p->exact_script) {
        const srch_word *w = &p->words[pos[0].c->first];
        uint64_t dead = 0;
        if (sg->ndead) rc = dead_matches(s, sg, &w->w, &dead, d);
        if (!rc)
            rc = run_single_term(&m[pos[0].c->first], w->idf, avgdl, sg, base, tk, total, dead);
    } else if (!rc && !empty && npos == 1 && nneg == 0 && nchk == 0 && pos[0].c->n == 1 && !all &&
               m[pos[0].c->first].kind == MT_PHRASE && !p->exact_script) {
        rc = run_single_phrase(p, m, pos[0].c->first, sg, base, avgdl, tk, total);
    } else if (!rc && !empty) {
        qsort(pos, npos, sizeof *pos, cmp_cost);
        for (size_t i = 0; i < npos && npos > 1; i++)
            if (pos[i].c->n == 1) mt_set_lazy(&m[pos[i].c->first]);
        uint32_t t = 0;
        for (;;) {
            if ((rc = clause_advance(m, &pos[0], t))) break;
            uint32_t doc = pos[0].doc;
            if (doc == POST_END) break;
            int agree = 1;
            for (size_t i = 1; i < npos; i++) {
                if ((rc = clause_advance(m, &pos[i], doc))) break;
                if (pos[i].doc != doc) {
                    agree = 0;
                    t = pos[i].doc;
                    break;
                }
            }
            if (rc) break;
            if (!agree) {
                if (t == POST_END) break;
                continue;
            }
            int real = 1;
            if ((rc = confirm_clauses(m, pos, npos, &real))) break;
            if (!real) { /* a lazy phrase does not occur at doc */
                t = doc + 1;
                continue;
            }
            int excluded = seg_dead(sg, doc); /* a deleted document's passage */
            for (size_t i = 0; i < nneg && !excluded && !rc; i++) {
                rc = clause_advance(m, &neg[i], doc);
                excluded = neg[i].doc == doc;
            }
            for (size_t i = 0; i < nchk && !excluded && !rc; i++) {
                int holds = 0;
                rc = check_clause(m, p, &chk[i], doc, &holds);
                excluded = !holds;
            }
            if (!rc && !excluded && p->exact_script) {
                int keep = 0;
                rc = exact_passage(p, sg, doc, &etext, &keep, d);
                excluded = !keep;
            }
            if (rc) break;
            if (!excluded) {
                (*total)++;
                if (all && (rc = u64vec_push(all, base + doc))) break;
                if (tk->k && could_enter(p, m, doc, avgdl, tk))
                    topk_push(tk, plan_score(p, m, doc, bm25_norm(seg_dl(sg, doc), avgdl)),
                              base + doc);
            }
            t = doc + 1;
        }
    }
    buf_free(&etext);
    for (size_t i = 0; i < opened; i++) mt_close(&m[i]);
    free(m);
    free(pos);
    free(neg);
    free(chk);
    return rc;
}

int srch_run(searcher *s, const srch_plan *p, size_t k, u64vec *all, srch_result *r, zs_diag *d)
{
    memset(r, 0, sizeof *r);
    topk tk;
    int rc = topk_init(&tk, k);
    for (size_t i = 0; i < s->ix->nsegs && !rc; i++)
        rc = run_segment(s, p, i, &tk, &r->total, all, d);
    if (rc) {
        topk_free(&tk);
        return rc;
    }
    topk_sort(&tk);
    r->hits = tk.h;
    r->nhits = tk.n;
    return ZS_OK;
}

int srch_explain_hit(searcher *s, const srch_plan *p, uint64_t gid, srch_explain *e, zs_diag *d)
{
    memset(e, 0, sizeof *e);
    uint32_t local;
    size_t si = ix_segment_of(s->ix, gid, &local);
    segment *sg = s->ix->segs[si];
    e->n = s->ix->npassages;
    e->avgdl = ix_avgdl(s->ix);
    e->dl = seg_dl(sg, local);
    e->words = calloc(p->nwords ? p->nwords : 1, sizeof *e->words);
    if (!e->words) return ZS_ENOMEM;
    e->nwords = p->nwords;
    double norm = bm25_norm(e->dl, e->avgdl);
    int rc = ZS_OK;
    for (size_t c = 0; c < p->ncl && !rc; c++)
        for (size_t j = 0; j < p->cl[c].n && !rc; j++) {
            size_t i = p->cl[c].first + j;
            srch_explain_word *w = &e->words[i];
            w->word = &p->words[i];
            w->norm = norm;
            if (p->words[i].cond || p->words[i].date || p->words[i].field)
                continue; /* no tf, no score */
            mt_matcher m;
            rc = open_plan_word(s, p, i, sg, &m, d);
            if (!rc) rc = mt_advance(&m, local);
            w->boost = 1;
            if (!rc && m.doc == local) {
                w->tf = m.tf;
                w->gap = m.gap;
                w->boost = near_boost(&p->words[i], m.gap);
            }
            mt_close(&m);
            if (srch_scored(p, c, j) && w->tf) {
                w->score = bm25_score(p->words[i].idf, w->tf, norm) * w->boost;
                e->score += w->score;
            }
        }
    if (rc) srch_explain_free(e);
    return rc;
}

void srch_explain_free(srch_explain *e)
{
    free(e->words);
    memset(e, 0, sizeof *e);
}
