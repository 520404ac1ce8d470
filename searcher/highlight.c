/* highlight.c - match spans and snippet windows (see highlight.h). */
#include "highlight.h"

#include "err.h"
#include "query.h"
#include "tokenize.h"
#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* The document tokens of the text, indexed by position. */
typedef struct tokmap {
    tok_token *t; /* terms copied into `terms` */
    char *terms;
    size_t n, cap, tlen, tcap;
    int32_t *at; /* per code point: index of the token starting there, or -1 */
    uint32_t ncp;
} tokmap;

static int collect(void *ctx, const tok_token *t)
{
    tokmap *m = ctx;
    if (m->n == m->cap) {
        size_t c = m->cap ? m->cap * 2 : 64;
        tok_token *p = realloc(m->t, c * sizeof *p);
        if (!p) return ZS_ENOMEM;
        m->t = p;
        m->cap = c;
    }
    if (m->tlen + t->len > m->tcap) {
        size_t c = m->tcap ? m->tcap * 2 : 1024;
        while (c < m->tlen + t->len) c *= 2;
        char *p = realloc(m->terms, c);
        if (!p) return ZS_ENOMEM;
        m->terms = p;
        m->tcap = c;
    }
    memcpy(m->terms + m->tlen, t->term, t->len);
    m->t[m->n] = *t;
    m->t[m->n].term = (const char *)(uintptr_t)m->tlen; /* an offset until the map is done */
    m->tlen += t->len;
    m->n++;
    if (t->pos + t->ncp > m->ncp) m->ncp = t->pos + t->ncp;
    return 0;
}

static void tokmap_free(tokmap *m)
{
    free(m->t);
    free(m->terms);
    free(m->at);
}

/* Does the document token at position p match query token q? */
static int token_matches(const tokmap *m, uint32_t p, const mt_tok *q)
{
    if (p >= m->ncp || m->at[p] < 0) return 0;
    const tok_token *t = &m->t[m->at[p]];
    if (q->kind == TOK_PREFIX) return t->len >= q->len && !memcmp(t->term, q->term, q->len);
    /* a query unigram is a document unigram; other kinds compare whole */
    return t->len == q->len && !memcmp(t->term, q->term, q->len);
}

static int push(hl_spans *s, uint32_t a, uint32_t b)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 16;
        hl_span *p = realloc(s->v, c * sizeof *p);
        if (!p) return ZS_ENOMEM;
        s->v = p;
        s->cap = c;
    }
    s->v[s->n].start = a;
    s->v[s->n].end = b;
    s->n++;
    return ZS_OK;
}

static int cmp_span(const void *a, const void *b)
{
    const hl_span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Sort the spans and merge those that overlap or touch. */
static void normalize(hl_spans *out)
{
    if (out->n < 2) return;
    size_t k = 1; /* spans come sorted from one word: sort only when not */
    while (k < out->n && cmp_span(&out->v[k - 1], &out->v[k]) <= 0) k++;
    if (k < out->n) qsort(out->v, out->n, sizeof *out->v, cmp_span);
    size_t o = 0;
    for (size_t i = 1; i < out->n; i++) {
        if (out->v[i].start <= out->v[o].end) {
            if (out->v[i].end > out->v[o].end) out->v[o].end = out->v[i].end;
        } else {
            out->v[++o] = out->v[i];
        }
    }
    out->n = o + 1;
}

void hl_spans_free(hl_spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- words of CJK characters only: matched on folded code points --------- */

/* The code points of a word made only of CJK characters (a bigram at each
 * position, or one character as a prefix) into cp (HL_CJK_MAX at most);
 * 0 when it is anything else.  In a document every CJK character starts
 * a token that begins with it (the bigram with the next character of its
 * run, or the run's last character alone), so such a word occurs at s
 * exactly when the folded code points from s are the word's: the token
 * test of hl_find_tokens, without tokenizing the text. */
static size_t cjk_word(const mt_word *w, uint32_t *cp)
{
    if (w->n == 0 || w->n >= HL_CJK_MAX) return 0;
    size_t n = 0;
    for (size_t k = 0; k < w->n; k++) {
        const mt_tok *q = &w->toks[k];
        const uint8_t *p = (const uint8_t *)q->term, *e = p + q->len;
        uint32_t a, b;
        int i = q->len ? u8_decode(p, e, &a) : 0;
        if (!i || q->rel != k) return 0;
        if (q->kind == TOK_PREFIX && w->n == 1 && p + i == e) {
            cp[n++] = a;
            continue;
        }
        int j = q->kind == TOK_BIGRAM && p + i < e ? u8_decode(p + i, e, &b) : 0;
        if (!j || p + i + j != e || (k && cp[n - 1] != a)) return 0;
        if (!k) cp[n++] = a;
        cp[n++] = b;
    }
    for (size_t i = 0; i < n; i++)
        if (uc_class_of(cp[i]) != UC_CJK) return 0;
    return n;
}

/* Slots of find_cjk's fold cache.  uc_fold is a bit test for ASCII and
 * the unified ideographs but a table search for the rest (，。“” and
 * full-width forms: a sixth of a bulk export's highlighting); a passage
 * uses few such code points, so a small direct-mapped cache holds them. */
#define HL_FOLD_CACHE 64

/* hl_find for words that cjk_word takes: the text folded once, then each
 * word compared at every position. */
static int find_cjk(const char *text, size_t len, uint32_t (*wcp)[HL_CJK_MAX], const size_t *wn,
                    size_t nwords, hl_spans *out)
{
    uint32_t *f = malloc((len ? len : 1) * sizeof *f);
    if (!f) return ZS_ENOMEM;
    uint32_t key[HL_FOLD_CACHE] = {0}, val[HL_FOLD_CACHE]; /* key 0: empty (never looked up) */
    size_t ncp = 0;
    for (const uint8_t *p = (const uint8_t *)text, *e = p + len; p < e; ncp++) {
        uint32_t cp;
        if (p[0] >= 0xE4 && p[0] <= 0xE9) { /* U+4000-U+9FFF, mostly the URO: decoded here */
            cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            p += 3;
        } else {
            p += u8_next(p, &cp);
        }
        if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)) {
            f[ncp] = uc_fold(cp);
            continue;
        }
        uint32_t slot = cp % HL_FOLD_CACHE;
        if (key[slot] != cp) {
            key[slot] = cp;
            val[slot] = uc_fold(cp);
        }
        f[ncp] = val[slot];
    }
    int rc = ZS_OK;
    for (size_t w = 0; w < nwords && !rc; w++)
        for (size_t s = 0; s + wn[w] <= ncp && !rc; s++)
            if (f[s] == wcp[w][0] && !memcmp(f + s, wcp[w], wn[w] * sizeof *f))
                rc = push(out, (uint32_t)s, (uint32_t)(s + wn[w]));
    free(f);
    return rc;
}

int hl_find(const char *text, size_t len, const mt_word *const *words, size_t nwords, hl_spans *out)
{
    uint32_t wcp[QRY_MAX_WORDS][HL_CJK_MAX];
    size_t wn[QRY_MAX_WORDS], k = 0;
    while (k < nwords && k < QRY_MAX_WORDS && (wn[k] = cjk_word(words[k], wcp[k])) > 0) k++;
    if (k < nwords || len > UINT32_MAX) return hl_find_tokens(text, len, words, nwords, out);
    out->n = 0;
    int rc = find_cjk(text, len, wcp, wn, nwords, out);
    if (rc) return rc;
    normalize(out);
    return ZS_OK;
}

int hl_find_tokens(const char *text, size_t len, const mt_word *const *words, size_t nwords,
                   hl_spans *out)
{
    out->n = 0;
    tokmap m;
    memset(&m, 0, sizeof m);
    int rc = tok_run(text, len, TOK_DOC, collect, &m);
    if (!rc && m.ncp) {
        m.at = malloc(m.ncp * sizeof *m.at);
        if (!m.at) rc = ZS_ENOMEM;
    }
    if (!rc && m.ncp) {
        for (uint32_t i = 0; i < m.ncp; i++) m.at[i] = -1;
        for (size_t i = 0; i < m.n; i++) {
            m.t[i].term = m.terms + (size_t)(uintptr_t)m.t[i].term;
            m.at[m.t[i].pos] = (int32_t)i;
        }
        for (size_t w = 0; w < nwords && !rc; w++) {
            const mt_word *q = words[w];
            if (!q->n) continue;
            const mt_tok *last = &q->toks[q->n - 1];
            for (uint32_t s = 0; s < m.ncp && !rc; s++) {
                size_t k = 0;
                while (k < q->n && token_matches(&m, s + q->toks[k].rel, &q->toks[k])) k++;
                if (k < q->n) continue;
                /* a prefix or unigram covers one character, others ncp */
                uint32_t end = s + last->rel + (last->kind == TOK_PREFIX ? 1 : last->ncp);
                rc = push(out, s + q->toks[0].rel, end);
            }
        }
    }
    tokmap_free(&m);
    if (rc) return rc;
    normalize(out);
    return ZS_OK;
}

int hl_add(hl_spans *s, uint32_t start, uint32_t end)
{
    if (end <= start) return ZS_OK;
    int rc = push(s, start, end);
    if (!rc) normalize(s);
    return rc;
}

void hl_window(const hl_spans *s, uint32_t ncp, uint32_t width, uint32_t *from, uint32_t *to)
{
    if (ncp <= width) {
        *from = 0;
        *to = ncp;
        return;
    }
    uint32_t a = s->n ? s->v[0].start : 0;
    /* some context before the first match, the rest after it */
    uint32_t lead = width / 4;
    uint32_t start = a > lead ? a - lead : 0;
    if (start + width > ncp) start = ncp - width;
    *from = start;
    *to = start + width;
}
