/* tokenize.c - CJK bigrams and words with positions (see tokenize.h). */
#include "tokenize.h"

#include "err.h"
#include "uchar.h"
#include "utf8.h"

#include <string.h>

/* One character of the current CJK run. */
typedef struct runch {
    uint32_t start, end; /* byte range */
    uint32_t pos;
    uint32_t cp;              /* folded character */
    uint8_t u8[U8_MAX_BYTES]; /* folded character, UTF-8, zero-padded */
    uint8_t n;
} runch;

typedef struct tstate {
    tok_mode mode;
    tok_fn fn;
    void *ctx;
    runch prev; /* previous character of the CJK run */
    int in_run; /* characters seen in the current CJK run */
} tstate;

static int emit(tstate *s, const char *term, uint32_t len, uint32_t pos, uint32_t ncp,
                uint32_t start, uint32_t end, tok_kind kind, uint32_t cp0, uint32_t cp1)
{
    tok_token t = {term, len, pos, ncp, start, end, kind, {cp0, cp1}};
    return s->fn(s->ctx, &t);
}

/* End the current CJK run: in documents its last character is a token.  In
 * queries a run of one character is a token too: an exact unigram when more
 * of the text follows (in a document the character must then also end its
 * run), a prefix when it ends the text (a document may go on with any
 * character, making it the start of a bigram). */
static int close_run(tstate *s, int at_end)
{
    int rc = 0;
    if (s->in_run == 1 && s->mode == TOK_QUERY)
        rc = emit(s, (const char *)s->prev.u8, s->prev.n, s->prev.pos, 1, s->prev.start,
                  s->prev.end, at_end ? TOK_PREFIX : TOK_UNIGRAM, s->prev.cp, 0);
    else if (s->in_run >= 1 && s->mode == TOK_DOC)
        rc = emit(s, (const char *)s->prev.u8, s->prev.n, s->prev.pos, 1, s->prev.start,
                  s->prev.end, TOK_UNIGRAM, s->prev.cp, 0);
    s->in_run = 0;
    return rc;
}

static int cjk_char(tstate *s, const runch *c)
{
    if (s->in_run) {
        /* whole U8_MAX_BYTES copies (runch.u8 is zero-padded): two moves,
         * where copies of the exact lengths were 40 instructions a bigram */
        char term[2 * U8_MAX_BYTES];
        memcpy(term, s->prev.u8, U8_MAX_BYTES);
        memcpy(term + s->prev.n, c->u8, U8_MAX_BYTES);
        int rc = emit(s, term, (uint32_t)(s->prev.n + c->n), s->prev.pos, 2, s->prev.start, c->end,
                      TOK_BIGRAM, s->prev.cp, c->cp);
        if (rc) return rc;
    }
    s->prev = *c;
    s->in_run++;
    return 0;
}

int tok_run(const char *text, size_t len, tok_mode mode, tok_fn fn, void *ctx)
{
    if (len > UINT32_MAX) return ZS_ETOOBIG;
    tstate s = {mode, fn, ctx, {0}, 0};
    const uint8_t *base = (const uint8_t *)text, *p = base, *end = base + len;
    uint32_t pos = 0;
    char word[TOK_WORD_MAX];
    while (p < end) {
        uint32_t cp;
        const uint8_t *at = p;
        p += u8_next(p, &cp);
        uint32_t f = uc_fold(cp);
        uc_class k = uc_class_of(f);
        if (k == UC_CJK) {
            runch c;
            c.start = (uint32_t)(at - base);
            c.end = (uint32_t)(p - base);
            c.pos = pos++;
            c.cp = f;
            memset(c.u8, 0, sizeof c.u8);
            c.n = (uint8_t)u8_encode(f, c.u8);
            int rc = cjk_char(&s, &c);
            if (rc) return rc;
            continue;
        }
        int rc = close_run(&s, 0);
        if (rc) return rc;
        if (k != UC_WORD) {
            pos++;
            continue;
        }
        /* a word: letters, digits, marks, and a decimal point between digits */
        uint32_t wstart = (uint32_t)(at - base), wpos = pos, wlen = 0;
        const uint8_t *wend = p;
        uint32_t lastf = f;
        for (;;) {
            if (wlen + (uint32_t)u8_len(f) <= TOK_WORD_MAX)
                wlen += (uint32_t)u8_encode(f, (uint8_t *)word + wlen);
            pos++;
            wend = p;
            if (p >= end) break;
            uint32_t c2;
            int n2 = u8_next(p, &c2);
            uint32_t f2 = uc_fold(c2);
            if (uc_class_of(f2) == UC_WORD) {
                p += n2;
                f = f2;
                lastf = f;
                continue;
            }
            if (f2 == '.' && lastf >= '0' && lastf <= '9' && p + n2 < end) {
                uint32_t c3;
                u8_next(p + n2, &c3);
                uint32_t f3 = uc_fold(c3);
                if (f3 >= '0' && f3 <= '9') {
                    p += n2;
                    f = f2;
                    lastf = f;
                    continue;
                }
            }
            break;
        }
        rc =
            emit(&s, word, wlen, wpos, pos - wpos, wstart, (uint32_t)(wend - base), TOK_WORD, 0, 0);
        if (rc) return rc;
    }
    return close_run(&s, 1);
}

static int count_one(void *ctx, const tok_token *t)
{
    (void)t;
    (*(uint32_t *)ctx)++;
    return 0;
}

uint32_t tok_count(const char *text, size_t len)
{
    uint32_t n = 0;
    /* count_one never fails, and a text too long for tok_run (ZS_ETOOBIG)
     * has no tokens to count: the result is all there is to say */
    (void)tok_run(text, len, TOK_DOC, count_one, &n);
    return n;
}
