/* query.c - the query parser (see query.h for the language). */
#include "query.h"

#include "buf.h"
#include "err.h"
#include "fct.h"
#include "normalize.h"
#include "suggest.h"
#include "tokenize.h"
#include "uchar.h"
#include "utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum lex_kind {
    LX_WORD,
    LX_QUOTED,
    LX_OR,
    LX_AND,
    LX_NOT,
    LX_MINUS,
    LX_OP,
    LX_LPAREN,
    LX_RPAREN,
    LX_NEAR, /* NEAR(a b, N) or "a b"~N: s, len = the words; dist */
    LX_END
} lex_kind;

/* Comparison operators of conditions. */
typedef enum op_kind { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ } op_kind;

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
    op_kind op;      /* LX_OP */
    uint32_t dist;   /* LX_NEAR */
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

/* '<' '>' '=' and their full-width and mathematical forms (≤ ≥). */
static int is_op_char(uint32_t cp)
{
    return cp == '<' || cp == '>' || cp == '=' || cp == 0xFF1C || cp == 0xFF1E || cp == 0xFF1D ||
           cp == 0x2264 || cp == 0x2265;
}

/* The distance of a NEAR group: digits, at most QRY_NEAR_MAX_DIST. */
static int near_distance(const char *s, size_t len, uint32_t col, uint32_t *dist, qry_error *err)
{
    while (len && s[0] == ' ') s++, len--;
    while (len && s[len - 1] == ' ') len--;
    if (len == 0 || len > 5)
        return fail(err, col, "NEAR needs a distance, e.g. NEAR(医保 改革, 10)");
    uint32_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return fail(err, col, "NEAR needs a distance, e.g. NEAR(医保 改革, 10)");
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (v > QRY_NEAR_MAX_DIST)
        return fail(err, col, "NEAR distance %u is over the limit of %d", v, QRY_NEAR_MAX_DIST);
    *dist = v;
    return ZS_OK;
}

/* NEAR(words [, N]) at lx->p: the words up to the last comma, then N. */
static int near_group(lexer *lx, lexeme *out, qry_error *err)
{
    uint32_t col = lx->col;
    for (int i = 0; i < 5; i++) step(lx, 1);
    const uint8_t *start = lx->p, *comma = NULL;
    int n;
    while (lx->p < lx->end && *lx->p != ')') {
        if (*lx->p == ',') comma = lx->p;
        step(lx, u8_next(lx->p, &(uint32_t){0}));
    }
    if (lx->p >= lx->end) return fail(err, col, "NEAR( is not closed");
    out->kind = LX_NEAR;
    out->col = col;
    out->s = (const char *)start;
    out->len = (size_t)((comma ? comma : lx->p) - start);
    out->dist = QRY_NEAR_DEFAULT;
    int rc = ZS_OK;
    if (comma)
        rc = near_distance((const char *)comma + 1, (size_t)(lx->p - comma - 1), col, &out->dist,
                           err);
    (void)peek(lx, &n);
    step(lx, n); /* ')' */
    return rc;
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
    if (cp == '(' || cp == ')') {
        step(lx, n);
        out->kind = cp == '(' ? LX_LPAREN : LX_RPAREN;
        return ZS_OK;
    }
    if (is_minus(cp)) {
        step(lx, n);
        out->kind = LX_MINUS;
        out->minus_glued = lx->p < lx->end && uc_class_of(peek(lx, &n)) != UC_SPACE;
        return ZS_OK;
    }
    if (is_op_char(cp)) {
        out->kind = LX_OP;
        out->s = (const char *)lx->p;
        step(lx, n);
        uint32_t c2 = lx->p < lx->end ? peek(lx, &n) : 0;
        int eq2 = c2 == '=' || c2 == 0xFF1D;
        if (cp == '<' || cp == 0xFF1C) {
            out->op = eq2 ? OP_LE : OP_LT;
        } else if (cp == '>' || cp == 0xFF1E) {
            out->op = eq2 ? OP_GE : OP_GT;
        } else if (cp == 0x2264) {
            out->op = OP_LE;
            eq2 = 0;
        } else if (cp == 0x2265) {
            out->op = OP_GE;
            eq2 = 0;
        } else {
            out->op = OP_EQ; /* "=" or "==" */
        }
        if (eq2) step(lx, n);
        out->len = (size_t)((const char *)lx->p - out->s);
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
        if (lx->p < lx->end && *lx->p == '~') { /* "医保 改革"~10 */
            uint32_t tcol = lx->col;
            step(lx, 1);
            const uint8_t *num = lx->p;
            while (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9') step(lx, 1);
            int rc = near_distance((const char *)num, (size_t)(lx->p - num), tcol, &out->dist, err);
            if (rc) return rc;
            out->kind = LX_NEAR;
        }
        return ZS_OK;
    }
    if (lx->end - lx->p >= 5 && !memcmp(lx->p, "NEAR(", 5)) return near_group(lx, out, err);
    const uint8_t *start = lx->p;
    while (lx->p < lx->end) {
        uint32_t c = peek(lx, &n);
        if (uc_class_of(c) == UC_SPACE || is_open_quote(c) || is_op_char(c) || c == '(' || c == ')')
            break;
        step(lx, n);
    }
    out->s = (const char *)start;
    out->len = (size_t)(lx->p - start);
    out->kind = out->len == 2 && !memcmp(start, "OR", 2)    ? LX_OR
                : out->len == 3 && !memcmp(start, "AND", 3) ? LX_AND
                : out->len == 3 && !memcmp(start, "NOT", 3) ? LX_NOT
                                                            : LX_WORD;
    return ZS_OK;
}

/* The field names, for "did you mean". */
static const char *const field_names[] = {"city", "year", "date", "title", "kind", "doc"};

int qry_is_field(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof field_names / sizeof *field_names; i++)
        if (strlen(field_names[i]) == len && !memcmp(name, field_names[i], len)) return 1;
    return 0;
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
    memset(w, 0, sizeof *w);
    buf b;
    buf_init(&b);
    int rc = norm_string(lx->s, lx->len, &b);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    size_t ntok = 0;
    rc = tok_run(b.data, b.len, TOK_QUERY, count_tokens, &ntok);
    if (rc) {
        buf_free(&b);
        return rc;
    }
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

/* Free what a word owns (its text, a NEAR group's words). */
static void word_free(qry_word *w)
{
    for (size_t i = 0; i < w->nnear; i++) word_free(&w->near[i]);
    free(w->near);
    free(w->text);
    memset(w, 0, sizeof *w);
}

/* A NEAR group: its words (split at spaces), normalized one by one, and a
 * text naming the group ("医保 改革~10"). */
static int make_near(const lexeme *x, qry_word *w, qry_error *err)
{
    memset(w, 0, sizeof *w);
    w->near = calloc(QRY_NEAR_MAX_WORDS, sizeof *w->near);
    if (!w->near) return ZS_ENOMEM;
    w->dist = x->dist;
    w->quoted = 2; /* never equal to a plain word of the same text */
    w->col = x->col;
    buf t;
    buf_init(&t);
    int rc = ZS_OK;
    const uint8_t *p = (const uint8_t *)x->s, *e = p + x->len;
    while (!rc && p < e) {
        uint32_t cp;
        int k = u8_next(p, &cp);
        if (uc_class_of(cp) == UC_SPACE) {
            p += k;
            continue;
        }
        const uint8_t *start = p;
        while (p < e && (k = u8_next(p, &cp)) && uc_class_of(cp) != UC_SPACE) p += k;
        if (w->nnear == QRY_NEAR_MAX_WORDS) {
            rc = fail(err, x->col, "NEAR takes at most %d words", QRY_NEAR_MAX_WORDS);
            break;
        }
        lexeme piece = *x;
        piece.kind = LX_WORD;
        piece.s = (const char *)start;
        piece.len = (size_t)(p - start);
        rc = make_word(&piece, 0, &w->near[w->nnear], err);
        if (rc) break;
        if (w->nnear) buf_putc(&t, ' ');
        buf_add(&t, w->near[w->nnear].text, w->near[w->nnear].len);
        w->nnear++;
    }
    if (!rc && w->nnear < 2) rc = fail(err, x->col, "NEAR needs at least two words");
    if (!rc) buf_printf(&t, "~%u", w->dist);
    if (!rc) rc = buf_error(&t);
    if (!rc) {
        w->len = t.len;
        w->text = buf_detach(&t, NULL);
        if (!w->text) rc = ZS_ENOMEM;
    }
    buf_free(&t);
    if (rc) word_free(w);
    return rc;
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

/* An example value of each field, for messages. */
static const char *field_example(const char *name)
{
    return name[0] == 'c'   ? "city:郑州"
           : name[0] == 'y' ? "year:2024"
           : name[0] == 't' ? "title:医保"
           : name[0] == 'k' ? "kind:heading"
           : name[1] == 'o' ? "doc:cctv-2022*"
                            : "date:2022-03";
}

/* Check the value of a kind: or title: field. */
static int check_field_value(const lexeme *lx, size_t namelen, qry_error *err)
{
    const char *v = lx->s + namelen + 1;
    size_t vlen = lx->len - namelen - 1;
    uint32_t vcol = lx->col + (uint32_t)namelen + 1;
    if (namelen == 4 && !memcmp(lx->s, "kind", 4) && !(vlen == 7 && !memcmp(v, "heading", 7)) &&
        !(vlen == 4 && !memcmp(v, "body", 4)))
        return fail(err, vcol, "kind: is heading or body, not '%.*s'", (int)vlen, v);
    if (namelen == 5 && !memcmp(lx->s, "title", 5)) {
        lexeme w = *lx;
        w.s = v;
        w.len = vlen;
        w.col = vcol;
        qry_word tmp;
        int rc = make_word(&w, 0, &tmp, err);
        if (rc) return rc;
        free(tmp.text);
    }
    return ZS_OK;
}

static int push_field(qry *q, const lexeme *lx, size_t namelen, qry_error *err)
{
    if (lx->len == namelen + 1)
        return fail(err, lx->col, "%.*s: needs a value, e.g. %s", (int)namelen, lx->s,
                    field_example(lx->s));
    int rc = check_field_value(lx, namelen, err);
    if (rc) return rc;
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

/* Length of an ASCII-letter name before a colon that is no field
 * (title:医保, cty:郑州), or 0.  A URL (http://...) is text. */
static size_t unknown_field_len(const lexeme *lx)
{
    size_t n = 0;
    while (n < lx->len && ((lx->s[n] | 0x20) >= 'a' && (lx->s[n] | 0x20) <= 'z')) n++;
    if (n == 0 || n >= lx->len || lx->s[n] != ':' || qry_is_field(lx->s, n)) return 0;
    if (n + 2 < lx->len && lx->s[n + 1] == '/' && lx->s[n + 2] == '/') return 0;
    return n;
}

static int unknown_field(const lexeme *lx, size_t n, qry_error *err)
{
    const char *best = sug_closest(lx->s, n, field_names, sizeof field_names / sizeof *field_names);
    if (best)
        return fail(err, lx->col, "unknown field '%.*s:' (did you mean %s:?)", (int)n, lx->s, best);
    return fail(err, lx->col,
                "unknown field '%.*s:' (fields are city:, year:, date:, title:, kind:, doc:)",
                (int)n, lx->s);
}

/* ---- conditions --------------------------------------------------------- */

static const char *op_text(op_kind op)
{
    return op == OP_LT ? "<" : op == OP_LE ? "<=" : op == OP_GT ? ">" : op == OP_GE ? ">=" : "=";
}

/* The operator seen from the other side: 3 < x is x > 3. */
static op_kind op_flip(op_kind op)
{
    return op == OP_LT   ? OP_GT
           : op == OP_LE ? OP_GE
           : op == OP_GT ? OP_LT
           : op == OP_GE ? OP_LE
                         : OP_EQ;
}

/* Is the operand a quantity ("3", "98%", "70亿元")?  Fills value and unit. */
static int quantity(const lexeme *x, double *value, char *unit, size_t cap, int *is_num)
{
    buf b;
    buf_init(&b);
    int rc = norm_string(x->s, x->len, &b);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    size_t used = 0;
    *is_num = b.len > 0 && fct_parse_quantity(b.data, b.len, value, unit, cap, &used) == ZS_OK &&
              used == b.len;
    buf_free(&b);
    return ZS_OK;
}

/* Narrow cond's range by "x OP v". */
static void bound(qry_cond *c, op_kind op, double v)
{
    if (op == OP_EQ) {
        double tol = (v < 0 ? -v : v) * 1e-9;
        if (v - tol > c->lo || (v - tol == c->lo && !c->lo_incl)) {
            c->lo = v - tol;
            c->lo_incl = 1;
        }
        if (v + tol < c->hi || (v + tol == c->hi && !c->hi_incl)) {
            c->hi = v + tol;
            c->hi_incl = 1;
        }
    } else if (op == OP_GT || op == OP_GE) {
        if (v > c->lo || (v == c->lo && op == OP_GT)) {
            c->lo = v;
            c->lo_incl = op == OP_GE;
        }
    } else {
        if (v < c->hi || (v == c->hi && op == OP_LT)) {
            c->hi = v;
            c->hi_incl = op == OP_LE;
        }
    }
}

static uint32_t end_col(const lexeme *x)
{
    return x->col + (uint32_t)u8_count(x->s, x->len);
}

/* A condition at lx[i]: FIELD OP NUM, NUM OP FIELD or NUM OP FIELD OP NUM.
 * *used gets the lexemes consumed. */
static int parse_cond(const lexeme *lx, size_t n, size_t i, qry *q, size_t *used, qry_error *err)
{
    const lexeme *a = &lx[i], *op1 = &lx[i + 1];
    if (i + 2 >= n || lx[i + 2].kind != LX_WORD)
        return fail(err, end_col(op1), "'%s' needs a number after it, e.g. 托位数%s3",
                    op_text(op1->op), op_text(op1->op));
    const lexeme *b = &lx[i + 2];
    const lexeme *op2 = NULL, *c3 = NULL;
    if (i + 3 < n && lx[i + 3].kind == LX_OP) {
        op2 = &lx[i + 3];
        if (i + 4 >= n || lx[i + 4].kind != LX_WORD)
            return fail(err, end_col(op2), "'%s' needs a number after it", op_text(op2->op));
        c3 = &lx[i + 4];
    }
    double va = 0, vb = 0, vc = 0;
    char ua[QRY_UNIT_MAX] = "", ub[QRY_UNIT_MAX] = "", uc[QRY_UNIT_MAX] = "";
    int na, nb, nc = 0;
    int rc = quantity(a, &va, ua, sizeof ua, &na);
    if (!rc) rc = quantity(b, &vb, ub, sizeof ub, &nb);
    if (!rc && c3) rc = quantity(c3, &vc, uc, sizeof uc, &nc);
    if (rc) return rc;
    qry_cond c;
    memset(&c, 0, sizeof c);
    c.lo = -INFINITY;
    c.hi = INFINITY;
    const lexeme *field;
    if (c3) { /* 3 < 托位数 <= 5 */
        if (!na) return fail(err, a->col, "'%.*s' is not a number", (int)a->len, a->s);
        if (nb) return fail(err, b->col, "a field name must stand between the two numbers");
        if (!nc) return fail(err, c3->col, "'%.*s' is not a number", (int)c3->len, c3->s);
        int up1 = op1->op == OP_LT || op1->op == OP_LE, up2 = op2->op == OP_LT || op2->op == OP_LE;
        if (op1->op == OP_EQ || op2->op == OP_EQ || up1 != up2)
            return fail(err, op2->col, "a range needs two '<' or two '>', e.g. 3<托位数<=5");
        if (ua[0] && uc[0] && strcmp(ua, uc))
            return fail(err, c3->col, "units differ: %s and %s", ua, uc);
        field = b;
        bound(&c, op_flip(op1->op), va);
        bound(&c, op2->op, vc);
        snprintf(c.unit, sizeof c.unit, "%s", ua[0] ? ua : uc);
        *used = 5;
    } else if (na && !nb) { /* 3 < 托位数 */
        field = b;
        bound(&c, op_flip(op1->op), va);
        snprintf(c.unit, sizeof c.unit, "%s", ua);
        *used = 3;
    } else if (!na && nb) { /* 托位数 > 3 */
        field = a;
        bound(&c, op1->op, vb);
        snprintf(c.unit, sizeof c.unit, "%s", ub);
        *used = 3;
    } else if (na && nb) {
        return fail(err, a->col, "a condition needs a field name, e.g. 托位数>3");
    } else {
        return fail(err, b->col, "'%.*s' is not a number", (int)b->len, b->s);
    }
    buf fb;
    buf_init(&fb);
    rc = norm_string(field->s, field->len, &fb);
    uc_t2s_utf8(fb.data, fb.len); /* 托位數 is the field 托位数 (uchar.h) */
    if (!rc && fb.len == 0) rc = fail(err, field->col, "empty field name");
    if (rc) {
        buf_free(&fb);
        return rc;
    }
    /* 增长>10%, 进出口增长>10%: a change of the subject before the verb */
    size_t stem = fb.len;
    c.dir = fct_change_word(fb.data, fb.len, &stem);
    buf_truncate(&fb, stem);
    c.field_len = fb.len;
    c.field = buf_detach(&fb, NULL);
    if (!c.field) return ZS_ENOMEM;
    c.col = a->col;
    qry_cond *v = realloc(q->conds, (q->nconds + 1) * sizeof *v);
    if (!v) {
        free(c.field);
        return ZS_ENOMEM;
    }
    q->conds = v;
    v[q->nconds++] = c;
    return ZS_OK;
}

/* ---- the query ------------------------------------------------------------ */

/* A node of the parsed expression, before it is put in normal form. */
typedef enum node_kind { ND_WORD, ND_AND, ND_OR, ND_NOT, ND_TRUE } node_kind;

typedef struct node {
    node_kind kind;
    size_t a, b; /* children (AND, OR: both; NOT: a) */
    size_t word; /* ND_WORD: index into the parser's distinct words */
} node;

/* A clause in normal form: bit i of pos (neg) = word i (not) occurring. */
typedef struct nclause {
    uint64_t pos, neg;
} nclause;

typedef struct parser {
    const lexeme *lx;
    size_t n, i; /* lexemes, next one */
    qry *q;
    qry_error *err;
    node *nodes;
    size_t nnodes, cap;
    qry_word words[QRY_MAX_WORDS]; /* distinct words (text and quoting) */
    size_t nwords, occurrences;
    size_t hoisted; /* filters and conditions taken so far */
    int depth;
} parser;

static const lexeme *cur_lx(const parser *ps)
{
    return &ps->lx[ps->i]; /* the array ends with LX_END */
}

static int new_node(parser *ps, node_kind k, size_t a, size_t b, size_t *out)
{
    if (ps->nnodes == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 32;
        node *v = realloc(ps->nodes, cap * sizeof *v);
        if (!v) return ZS_ENOMEM;
        ps->nodes = v;
        ps->cap = cap;
    }
    ps->nodes[ps->nnodes] = (node){k, a, b, 0};
    *out = ps->nnodes++;
    return ZS_OK;
}

/* A word or quoted text: one of the distinct words (the same text twice is
 * one word, so a OR -a is seen to hold always). */
static int word_node(parser *ps, const lexeme *x, size_t *out)
{
    qry_word w;
    int rc = x->kind == LX_NEAR ? make_near(x, &w, ps->err)
                                : make_word(x, x->kind == LX_QUOTED, &w, ps->err);
    if (rc) return rc;
    if (++ps->occurrences > QRY_MAX_WORDS) {
        word_free(&w);
        return fail(ps->err, x->col, "more than %d words", QRY_MAX_WORDS);
    }
    size_t k = 0;
    while (k < ps->nwords && !(ps->words[k].quoted == w.quoted && ps->words[k].len == w.len &&
                               !memcmp(ps->words[k].text, w.text, w.len)))
        k++;
    if (k < ps->nwords)
        word_free(&w);
    else
        ps->words[ps->nwords++] = w;
    rc = new_node(ps, ND_WORD, 0, 0, out);
    if (!rc) ps->nodes[*out].word = k;
    return rc;
}

static int parse_conj(parser *ps, int conj, size_t *out);

/* Why a filter or condition cannot stand here. */
static int not_conjunctive(parser *ps, const lexeme *x, int cond)
{
    return fail(ps->err, x->col, "%s must hold for every match: not under OR or NOT",
                cond ? "a condition" : "a filter");
}

static int parse_primary(parser *ps, int conj, size_t *out)
{
    const lexeme *x = cur_lx(ps);
    switch (x->kind) {
    case LX_END:
        return fail(ps->err, x->col, "a word is missing at the end");
    case LX_OR:
        return fail(ps->err, x->col, "OR needs a word on each side");
    case LX_AND:
        return fail(ps->err, x->col, "AND needs a word on each side");
    case LX_RPAREN:
        return fail(ps->err, x->col, "')' without '('");
    case LX_OP:
        return fail(ps->err, x->col, "'%s' needs a field name before it, e.g. 托位数%s3",
                    op_text(x->op), op_text(x->op));
    case LX_LPAREN: {
        if (ps->depth >= QRY_MAX_DEPTH)
            return fail(ps->err, x->col, "parentheses nested deeper than %d", QRY_MAX_DEPTH);
        ps->i++;
        if (cur_lx(ps)->kind == LX_RPAREN) return fail(ps->err, x->col, "empty parentheses");
        if (cur_lx(ps)->kind == LX_END) return fail(ps->err, x->col, "'(' is not closed");
        ps->depth++;
        int rc = parse_conj(ps, conj, out);
        ps->depth--;
        if (rc) return rc;
        if (cur_lx(ps)->kind != LX_RPAREN) return fail(ps->err, x->col, "'(' is not closed");
        ps->i++;
        return ZS_OK;
    }
    default:
        break;
    }
    if (x->kind == LX_WORD && ps->lx[ps->i + 1].kind == LX_OP) {
        if (!conj) return not_conjunctive(ps, x, 1);
        size_t used = 0;
        int rc = parse_cond(ps->lx, ps->n, ps->i, ps->q, &used, ps->err);
        if (rc) return rc;
        ps->i += used;
        ps->hoisted++;
        return new_node(ps, ND_TRUE, 0, 0, out);
    }
    if (x->kind == LX_WORD && field_name_len(x)) {
        if (!conj) return not_conjunctive(ps, x, 0);
        int rc = push_field(ps->q, x, field_name_len(x), ps->err);
        if (rc) return rc;
        ps->i++;
        ps->hoisted++;
        return new_node(ps, ND_TRUE, 0, 0, out);
    }
    size_t un = x->kind == LX_WORD ? unknown_field_len(x) : 0;
    if (un) return unknown_field(x, un, ps->err);
    ps->i++;
    return word_node(ps, x, out);
}

static int parse_unary(parser *ps, int conj, size_t *out)
{
    const lexeme *x = cur_lx(ps);
    if (x->kind != LX_MINUS && x->kind != LX_NOT) return parse_primary(ps, conj, out);
    if (x->kind == LX_MINUS && !x->minus_glued)
        return fail(ps->err, x->col, "'-' must be followed by a word to exclude");
    ps->i++;
    const lexeme *y = cur_lx(ps);
    if (y->kind == LX_END || y->kind == LX_OR || y->kind == LX_AND || y->kind == LX_RPAREN)
        return fail(ps->err, x->col, "%s must be followed by a word to exclude",
                    x->kind == LX_NOT ? "NOT" : "'-'");
    if (y->kind == LX_WORD && ps->lx[ps->i + 1].kind == LX_OP)
        return fail(ps->err, x->col, "conditions cannot be excluded with '%s'",
                    x->kind == LX_NOT ? "NOT" : "-");
    if (y->kind == LX_WORD && field_name_len(y))
        return fail(ps->err, x->col, "filters cannot be excluded with '%s'",
                    x->kind == LX_NOT ? "NOT" : "-");
    size_t a;
    int rc = parse_unary(ps, 0, &a);
    return rc ? rc : new_node(ps, ND_NOT, a, 0, out);
}

static int parse_disj(parser *ps, int conj, size_t *out)
{
    size_t before = ps->hoisted;
    int rc = parse_unary(ps, conj, out);
    while (!rc && cur_lx(ps)->kind == LX_OR) {
        const lexeme *op = cur_lx(ps);
        if (ps->hoisted != before)
            return fail(ps->err, op->col,
                        "OR joins words, not filters or conditions (repeat a filter to allow "
                        "several values)");
        ps->i++;
        const lexeme *y = cur_lx(ps);
        if (y->kind == LX_END || y->kind == LX_OR || y->kind == LX_AND || y->kind == LX_RPAREN)
            return fail(ps->err, y->kind == LX_END ? op->col : y->col,
                        "OR needs a word on each side");
        size_t b;
        rc = parse_unary(ps, 0, &b);
        if (!rc) rc = new_node(ps, ND_OR, *out, b, out);
    }
    return rc;
}

static int parse_conj(parser *ps, int conj, size_t *out)
{
    int rc = parse_disj(ps, conj, out);
    for (;;) {
        if (rc) return rc;
        const lexeme *x = cur_lx(ps);
        if (x->kind == LX_END || x->kind == LX_RPAREN) return ZS_OK;
        if (x->kind == LX_AND) {
            ps->i++;
            const lexeme *y = cur_lx(ps);
            if (y->kind == LX_END || y->kind == LX_OR || y->kind == LX_AND || y->kind == LX_RPAREN)
                return fail(ps->err, y->kind == LX_END ? x->col : y->col,
                            "AND needs a word on each side");
        }
        size_t b;
        rc = parse_disj(ps, conj, &b);
        if (!rc) rc = new_node(ps, ND_AND, *out, b, out);
    }
}

/* ---- conjunctive normal form ------------------------------------------------ */

typedef struct cnf {
    nclause v[QRY_MAX_CLAUSES];
    size_t n;
} cnf;

static void cnf_add(cnf *c, nclause x)
{
    if (x.pos & x.neg) return; /* a OR -a holds always */
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].pos == x.pos && c->v[i].neg == x.neg) return;
    c->v[c->n++] = x;
}

/* The clauses of node k (negated when neg): AND gathers, OR distributes. */
static int to_cnf(parser *ps, size_t k, int neg, cnf *out, uint32_t col)
{
    const node *nd = &ps->nodes[k];
    out->n = 0;
    if (nd->kind == ND_TRUE) return ZS_OK;
    if (nd->kind == ND_WORD) {
        nclause x = {0, 0};
        *(neg ? &x.neg : &x.pos) = (uint64_t)1 << nd->word;
        cnf_add(out, x);
        return ZS_OK;
    }
    if (nd->kind == ND_NOT) return to_cnf(ps, nd->a, !neg, out, col);
    cnf *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    int rc = a && b ? ZS_OK : ZS_ENOMEM;
    if (!rc) rc = to_cnf(ps, nd->a, neg, a, col);
    if (!rc) rc = to_cnf(ps, nd->b, neg, b, col);
    int gather = (nd->kind == ND_AND) != neg;
    if (!rc && gather) {
        if (a->n + b->n > QRY_MAX_CLAUSES) rc = ZS_ETOOBIG;
        for (size_t i = 0; !rc && i < a->n; i++) cnf_add(out, a->v[i]);
        for (size_t i = 0; !rc && i < b->n; i++) cnf_add(out, b->v[i]);
    } else if (!rc) {
        if (a->n * b->n > QRY_MAX_CLAUSES) rc = ZS_ETOOBIG;
        for (size_t i = 0; !rc && i < a->n; i++)
            for (size_t j = 0; j < b->n; j++)
                cnf_add(out, (nclause){a->v[i].pos | b->v[j].pos, a->v[i].neg | b->v[j].neg});
    }
    free(a);
    free(b);
    if (rc == ZS_ETOOBIG)
        rc = fail(ps->err, col,
                  "the query is too complex: its groups expand to more than %d clauses",
                  QRY_MAX_CLAUSES);
    return rc;
}

static int copy_word(const qry_word *w, int neg, qry_word *out)
{
    *out = *w;
    out->neg = neg;
    out->near = NULL;
    out->nnear = 0;
    out->text = strndup(w->text, w->len);
    if (!out->text) return ZS_ENOMEM;
    if (w->nnear) {
        out->near = calloc(w->nnear, sizeof *out->near);
        if (!out->near) return ZS_ENOMEM;
        for (size_t i = 0; i < w->nnear; i++, out->nnear++)
            if (copy_word(&w->near[i], 0, &out->near[i])) return ZS_ENOMEM;
    }
    return ZS_OK;
}

/* One normal-form clause as a qry_clause: words in the order they were
 * first typed. */
static int emit_clause(parser *ps, nclause x)
{
    size_t npos = (size_t)__builtin_popcountll(x.pos), nneg = (size_t)__builtin_popcountll(x.neg);
    int rc = push_clause(ps->q, npos == 0 && nneg == 1);
    if (rc) return rc;
    qry_clause *c = &ps->q->clauses[ps->q->n - 1];
    c->check = nneg > 0 && npos + nneg > 1;
    for (size_t k = 0; k < ps->nwords && !rc; k++) {
        int p = (x.pos >> k) & 1, n = (x.neg >> k) & 1;
        if (!p && !n) continue;
        qry_word w;
        rc = copy_word(&ps->words[k], c->check && n, &w);
        if (!rc) rc = push_alt(ps->q, &w);
        if (rc) word_free(&w);
    }
    return rc;
}

static int lex_all(const char *s, size_t len, lexeme **out, size_t *nout, qry_error *err)
{
    lexer lex = {(const uint8_t *)s, (const uint8_t *)s + len, 1};
    lexeme *lx = NULL;
    size_t n = 0, cap = 0;
    int rc = ZS_OK;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            lexeme *t = realloc(lx, cap * sizeof *t);
            if (!t) {
                rc = ZS_ENOMEM;
                break;
            }
            lx = t;
        }
        rc = next_lexeme(&lex, &lx[n], err);
        if (rc || lx[n].kind == LX_END) break;
        n++;
    }
    *out = lx;
    *nout = n; /* lx[n] is LX_END when rc is 0 */
    return rc;
}

int qry_parse(const char *s, size_t len, qry *q, qry_error *err)
{
    memset(q, 0, sizeof *q);
    memset(err, 0, sizeof *err);
    if (len > QRY_MAX_BYTES) return fail(err, 0, "query longer than %d bytes", QRY_MAX_BYTES);
    if (!u8_valid(s, len)) return fail(err, 0, "query is not valid UTF-8");
    /* a NUL would cut the query short wherever it is read as a C string */
    const char *nul = memchr(s, '\0', len);
    if (nul)
        return fail(err, (uint32_t)u8_count(s, (size_t)(nul - s)) + 1, "NUL byte in the query");
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.q = q;
    ps.err = err;
    lexeme *lx = NULL;
    int rc = lex_all(s, len, &lx, &ps.n, err);
    ps.lx = lx;
    size_t root = 0;
    if (!rc && ps.n == 0) rc = fail(err, 0, "empty query");
    if (!rc) rc = parse_conj(&ps, 1, &root);
    if (!rc && cur_lx(&ps)->kind == LX_RPAREN) rc = fail(err, cur_lx(&ps)->col, "')' without '('");
    cnf *c = rc ? NULL : malloc(sizeof *c);
    if (!rc && !c) rc = ZS_ENOMEM;
    if (!rc) rc = to_cnf(&ps, root, 0, c, 1);
    for (size_t i = 0; !rc && i < c->n; i++) rc = emit_clause(&ps, c->v[i]);
    free(c);
    for (size_t i = 0; i < ps.nwords; i++) word_free(&ps.words[i]);
    free(ps.nodes);
    free(lx);
    if (!rc && q->n == 0 && q->nfields == 0 && q->nconds == 0)
        return fail(err, 0, "nothing to search for: every clause holds always");
    return rc;
}

void qry_free(qry *q)
{
    for (size_t i = 0; i < q->n; i++) {
        for (size_t j = 0; j < q->clauses[i].nalts; j++) word_free(&q->clauses[i].alts[j]);
        free(q->clauses[i].alts);
    }
    free(q->clauses);
    for (size_t i = 0; i < q->nfields; i++) free(q->fields[i].value);
    free(q->fields);
    for (size_t i = 0; i < q->nconds; i++) free(q->conds[i].field);
    free(q->conds);
    memset(q, 0, sizeof *q);
}

int qry_cond_series(const qry_cond *c, const char *field, size_t flen, const char *unit,
                    size_t ulen)
{
    if (c->unit[0] && (strlen(c->unit) != ulen || memcmp(c->unit, unit, ulen))) return 0;
    return fct_field_matches(field, flen, c->field, c->field_len);
}

int qry_cond_entry(const qry_cond *c, double lo, double hi, unsigned type, unsigned dir,
                   unsigned conf)
{
    if (conf < c->min_conf) return 0;
    if (c->dir == FCT_D_NONE ? type == FCT_T_CHANGE
                             : type != FCT_T_CHANGE || dir != (unsigned)c->dir)
        return 0;
    return fct_bounds_meet(lo, hi, c->lo, c->lo_incl, c->hi, c->hi_incl);
}
