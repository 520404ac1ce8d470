/* query.c - the query parser (see query.h for the language). */
#include "query.h"

#include "buf.h"
#include "err.h"
#include "fct.h"
#include "normalize.h"
#include "tokenize.h"
#include "uchar.h"
#include "utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum lex_kind { LX_WORD, LX_QUOTED, LX_OR, LX_MINUS, LX_OP, LX_END } lex_kind;

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
        return ZS_OK;
    }
    const uint8_t *start = lx->p;
    while (lx->p < lx->end) {
        uint32_t c = peek(lx, &n);
        if (uc_class_of(c) == UC_SPACE || is_open_quote(c) || is_op_char(c)) break;
        step(lx, n);
    }
    out->s = (const char *)start;
    out->len = (size_t)(lx->p - start);
    out->kind = (out->len == 2 && memcmp(start, "OR", 2) == 0) ? LX_OR : LX_WORD;
    return ZS_OK;
}

int qry_is_field(const char *name, size_t len)
{
    return len == 4 && (memcmp(name, "city", 4) == 0 || memcmp(name, "year", 4) == 0 ||
                        memcmp(name, "date", 4) == 0);
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
                    lx->s[0] == 'c'   ? "city:郑州"
                    : lx->s[0] == 'y' ? "year:2024"
                                      : "date:2022-03");
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
    lexer lex = {(const uint8_t *)s, (const uint8_t *)s + len, 1};
    /* all lexemes first: conditions need to look ahead */
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
    size_t words = 0;
    int pending_or = 0; /* the previous alternative was followed by OR */
    uint32_t or_col = 0;
    for (size_t i = 0; !rc && i < n;) {
        lexeme *cur = &lx[i];
        if (cur->kind == LX_OP) {
            rc = fail(err, cur->col, "'%s' needs a field name before it, e.g. 托位数%s3",
                      op_text(cur->op), op_text(cur->op));
            break;
        }
        if (cur->kind == LX_OR) {
            if (q->n == 0 || pending_or || q->clauses[q->n - 1].nalts == 0) {
                rc = fail(err, cur->col, "OR needs a word on each side");
                break;
            }
            if (q->clauses[q->n - 1].neg) {
                rc = fail(err, cur->col, "OR cannot follow an exclusion (-word)");
                break;
            }
            pending_or = 1;
            or_col = cur->col;
            if (++i == n) rc = fail(err, or_col, "OR needs a word on each side");
            continue;
        }
        int neg = 0;
        uint32_t minus_col = 0;
        if (cur->kind == LX_MINUS) {
            if (!cur->minus_glued) {
                rc = fail(err, cur->col, "'-' must be followed by a word to exclude");
                break;
            }
            if (pending_or) {
                rc = fail(err, cur->col, "OR cannot be followed by an exclusion (-word)");
                break;
            }
            neg = 1;
            minus_col = cur->col;
            if (++i == n || (lx[i].kind != LX_WORD && lx[i].kind != LX_QUOTED)) {
                rc = fail(err, minus_col, "'-' must be followed by a word to exclude");
                break;
            }
            cur = &lx[i];
        }
        if (cur->kind == LX_WORD && i + 1 < n && lx[i + 1].kind == LX_OP) {
            if (neg) {
                rc = fail(err, minus_col, "conditions cannot be excluded with '-'");
                break;
            }
            if (pending_or) {
                rc = fail(err, or_col, "OR joins words, not conditions");
                break;
            }
            size_t used = 0;
            rc = parse_cond(lx, n, i, q, &used, err);
            i += used;
            continue;
        }
        if (cur->kind == LX_WORD && field_name_len(cur)) {
            if (neg) {
                rc = fail(err, minus_col, "filters cannot be excluded with '-'");
                break;
            }
            if (pending_or) {
                rc = fail(err, or_col,
                          "OR joins words, not filters (repeat a filter to allow several values)");
                break;
            }
            rc = push_field(q, cur, field_name_len(cur), err);
        } else {
            qry_word w;
            rc = make_word(cur, cur->kind == LX_QUOTED, &w, err);
            if (rc) break;
            if (++words > QRY_MAX_WORDS) {
                free(w.text);
                rc = fail(err, cur->col, "more than %d words", QRY_MAX_WORDS);
                break;
            }
            if (!pending_or) rc = push_clause(q, neg);
            if (!rc) rc = push_alt(q, &w);
            if (rc) free(w.text);
        }
        pending_or = 0;
        i++;
    }
    free(lx);
    if (!rc && q->n == 0 && q->nfields == 0 && q->nconds == 0) return fail(err, 0, "empty query");
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
