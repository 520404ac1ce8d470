/* query.c - the query parser (see query.h for the language). */
#include "query.h"

#include "buf.h"
#include "err.h"
#include "normalize.h"
#include "tokenize.h"
#include "uchar.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum lex_kind { LX_WORD, LX_QUOTED, LX_OR, LX_MINUS, LX_END } lex_kind;

typedef struct lexer {
    const uint8_t *p, *end;
    uint32_t col; /* column of *p */
} lexer;

typedef struct lexeme {
    lex_kind kind;
    const char *s; /* word or quoted text (without quotes) */
    size_t len;
    uint32_t col;
    int minus_glued; /* LX_MINUS directly followed by a word or quote */
} lexeme;

static int fail(qry_error *err, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(qry_error *err, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->col = col;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return ZS_EINVAL;
}

static uint32_t peek(const lexer *lx, int *n)
{
    uint32_t cp;
    *n = u8_next(lx->p, &cp);
    return cp;
}

static void step(lexer *lx, int n)
{
    lx->p += n;
    lx->col++;
}

static int is_open_quote(uint32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0xFF02;
}

static int is_close_quote(uint32_t cp)
{
    return cp == '"' || cp == 0x201D || cp == 0xFF02;
}

static int is_minus(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D;
}

static int next_lexeme(lexer *lx, lexeme *out, qry_error *err)
{
    int n;
    while (lx->p < lx->end && uc_class_of(peek(lx, &n)) == UC_SPACE) step(lx, n);
    memset(out, 0, sizeof *out);
    out->col = lx->col;
    if (lx->p >= lx->end) {
        out->kind = LX_END;
        return ZS_OK;
    }
    uint32_t cp = peek(lx, &n);
    if (is_minus(cp)) {
        step(lx, n);
        out->kind = LX_MINUS;
        out->minus_glued = lx->p < lx->end && uc_class_of(peek(lx, &n)) != UC_SPACE;
        return ZS_OK;
    }
    if (is_open_quote(cp)) {
        uint32_t col = lx->col;
        step(lx, n);
        const uint8_t *start = lx->p;
        while (lx->p < lx->end && !is_close_quote(peek(lx, &n))) step(lx, n);
        if (lx->p >= lx->end) return fail(err, col, "unterminated quote");
        out->kind = LX_QUOTED;
        out->s = (const char *)start;
        out->len = (size_t)(lx->p - start);
        step(lx, n);
        return ZS_OK;
    }
    const uint8_t *start = lx->p;
    while (lx->p < lx->end) {
        uint32_t c = peek(lx, &n);
        if (uc_class_of(c) == UC_SPACE || is_open_quote(c)) break;
        step(lx, n);
    }
    out->s = (const char *)start;
    out->len = (size_t)(lx->p - start);
    out->kind = (out->len == 2 && memcmp(start, "OR", 2) == 0) ? LX_OR : LX_WORD;
    return ZS_OK;
}

int qry_is_field(const char *name, size_t len)
{
    return (len == 4 && memcmp(name, "city", 4) == 0) || (len == 4 && memcmp(name, "year", 4) == 0);
}

static int count_tokens(void *ctx, const tok_token *t)
{
    (void)t;
    (*(size_t *)ctx)++;
    return 0;
}

/* Normalize a word and check it has something to search for. */
static int make_word(const lexeme *lx, int quoted, qry_word *w, qry_error *err)
{
    buf b;
    buf_init(&b);
    int rc = norm_string(lx->s, lx->len, &b);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    size_t ntok = 0;
    tok_run(b.data, b.len, TOK_QUERY, count_tokens, &ntok);
    if (ntok == 0) {
        buf_free(&b);
        if (lx->len == 0) return fail(err, lx->col, "empty quotes");
        return fail(err, lx->col, "nothing to search for in '%.*s' (punctuation is not indexed)",
                    (int)lx->len, lx->s);
    }
    w->len = b.len;
    w->text = buf_detach(&b, NULL);
    if (!w->text) return ZS_ENOMEM;
    w->quoted = quoted;
    w->col = lx->col + (quoted ? 1u : 0u);
    return ZS_OK;
}

static int push_clause(qry *q, int neg)
{
    qry_clause *c = realloc(q->clauses, (q->n + 1) * sizeof *c);
    if (!c) return ZS_ENOMEM;
    q->clauses = c;
    memset(&c[q->n], 0, sizeof c[q->n]);
    c[q->n].neg = neg;
    q->n++;
    return ZS_OK;
}

static int push_alt(qry *q, const qry_word *w)
{
    qry_clause *c = &q->clauses[q->n - 1];
    qry_word *a = realloc(c->alts, (c->nalts + 1) * sizeof *a);
    if (!a) return ZS_ENOMEM;
    c->alts = a;
    a[c->nalts++] = *w;
    return ZS_OK;
}

static int push_field(qry *q, const lexeme *lx, size_t namelen, qry_error *err)
{
    if (lx->len == namelen + 1)
        return fail(err, lx->col, "%.*s: needs a value, e.g. %s", (int)namelen, lx->s,
                    lx->s[0] == 'c' ? "city:郑州" : "year:2024");
    qry_field *f = realloc(q->fields, (q->nfields + 1) * sizeof *f);
    if (!f) return ZS_ENOMEM;
    q->fields = f;
    f = &f[q->nfields];
    memcpy(f->name, lx->s, namelen);
    f->name[namelen] = '\0';
    f->value = strndup(lx->s + namelen + 1, lx->len - namelen - 1);
    if (!f->value) return ZS_ENOMEM;
    f->col = lx->col;
    q->nfields++;
    return ZS_OK;
}

/* A field item "name:value" (the name must be a known field). */
static size_t field_name_len(const lexeme *lx)
{
    const char *colon = memchr(lx->s, ':', lx->len);
    if (!colon) return 0;
    size_t n = (size_t)(colon - lx->s);
    return qry_is_field(lx->s, n) ? n : 0;
}

int qry_parse(const char *s, size_t len, qry *q, qry_error *err)
{
    memset(q, 0, sizeof *q);
    memset(err, 0, sizeof *err);
    if (len > QRY_MAX_BYTES) return fail(err, 0, "query longer than %d bytes", QRY_MAX_BYTES);
    if (!u8_valid(s, len)) return fail(err, 0, "query is not valid UTF-8");
    lexer lx = {(const uint8_t *)s, (const uint8_t *)s + len, 1};
    lexeme cur;
    int rc = next_lexeme(&lx, &cur, err);
    size_t words = 0;
    int pending_or = 0; /* the previous alternative was followed by OR */
    uint32_t or_col = 0;
    while (!rc && cur.kind != LX_END) {
        if (cur.kind == LX_OR) {
            if (q->n == 0 || pending_or || q->clauses[q->n - 1].nalts == 0)
                return fail(err, cur.col, "OR needs a word on each side");
            if (q->clauses[q->n - 1].neg)
                return fail(err, cur.col, "OR cannot follow an exclusion (-word)");
            pending_or = 1;
            or_col = cur.col;
            rc = next_lexeme(&lx, &cur, err);
            if (!rc && cur.kind == LX_END) return fail(err, or_col, "OR needs a word on each side");
            continue;
        }
        int neg = 0;
        uint32_t minus_col = 0;
        if (cur.kind == LX_MINUS) {
            if (!cur.minus_glued)
                return fail(err, cur.col, "'-' must be followed by a word to exclude");
            if (pending_or)
                return fail(err, cur.col, "OR cannot be followed by an exclusion (-word)");
            neg = 1;
            minus_col = cur.col;
            rc = next_lexeme(&lx, &cur, err);
            if (rc) break;
            if (cur.kind != LX_WORD && cur.kind != LX_QUOTED)
                return fail(err, minus_col, "'-' must be followed by a word to exclude");
        }
        if (cur.kind == LX_WORD && field_name_len(&cur)) {
            if (neg) return fail(err, minus_col, "filters cannot be excluded with '-'");
            if (pending_or)
                return fail(
                    err, or_col,
                    "OR joins words, not filters (repeat a filter to allow several values)");
            rc = push_field(q, &cur, field_name_len(&cur), err);
        } else {
            qry_word w;
            rc = make_word(&cur, cur.kind == LX_QUOTED, &w, err);
            if (rc) break;
            if (++words > QRY_MAX_WORDS) {
                free(w.text);
                return fail(err, cur.col, "more than %d words", QRY_MAX_WORDS);
            }
            if (!pending_or) rc = push_clause(q, neg);
            if (!rc) rc = push_alt(q, &w);
            if (rc) free(w.text);
        }
        pending_or = 0;
        if (!rc) rc = next_lexeme(&lx, &cur, err);
    }
    if (!rc && q->n == 0 && q->nfields == 0) return fail(err, 0, "empty query");
    return rc;
}

void qry_free(qry *q)
{
    for (size_t i = 0; i < q->n; i++) {
        for (size_t j = 0; j < q->clauses[i].nalts; j++) free(q->clauses[i].alts[j].text);
        free(q->clauses[i].alts);
    }
    free(q->clauses);
    for (size_t i = 0; i < q->nfields; i++) free(q->fields[i].value);
    free(q->fields);
    memset(q, 0, sizeof *q);
}
