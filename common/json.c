/* json.c - JSON output helpers (see json.h). */
#include "json.h"

#include "err.h"
#include "utf8.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char json_hex[] = "0123456789abcdef";

/* Append the escape of a byte that is not part of well-formed UTF-8: the
 * lone low surrogate U+DC00 + byte, as Python's "surrogateescape" does, so
 * the line stays valid JSON and the bytes can be recovered exactly
 * (s.encode("utf-8", "surrogateescape")); the surrogates U+DC80-U+DCFF are
 * never the escape of a code point, as UTF-8 cannot encode surrogates. */
static int json_raw_byte(buf *b, unsigned char c)
{
    char u[6] = {'\\', 'u', 'd', 'c', json_hex[c >> 4], json_hex[c & 15]};
    return buf_add(b, u, 6);
}

int json_str(buf *b, const char *s, size_t len)
{
    const uint8_t *end = (const uint8_t *)s + len;
    int rc = buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < len && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            if (u8_plain3((const uint8_t *)s + i, end)) { /* most CJK: no need to decode */
                i += 2;
                continue;
            }
            uint32_t cp;
            int n = u8_decode((const uint8_t *)s + i, end, &cp);
            if (n) {
                i += (size_t)n - 1;
                continue;
            }
            rc = buf_add(b, s + run, i - run);
            if (!rc) rc = json_raw_byte(b, c);
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        rc = buf_add(b, s + run, i - run);
        if (rc) break;
        run = i + 1;
        switch (c) {
        case '"':
            rc = buf_add(b, "\\\"", 2);
            break;
        case '\\':
            rc = buf_add(b, "\\\\", 2);
            break;
        case '\n':
            rc = buf_add(b, "\\n", 2);
            break;
        case '\r':
            rc = buf_add(b, "\\r", 2);
            break;
        case '\t':
            rc = buf_add(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', json_hex[c >> 4], json_hex[c & 15]};
            rc = buf_add(b, u, 6);
        }
        }
    }
    if (!rc) rc = buf_add(b, s + run, len - run);
    if (!rc) rc = buf_putc(b, '"');
    return rc;
}

int json_cstr(buf *b, const char *s)
{
    return json_str(b, s, strlen(s));
}

int json_key(buf *b, const char *key)
{
    int rc = json_cstr(b, key);
    return rc ? rc : buf_putc(b, ':');
}

int json_u64(buf *b, uint64_t v)
{
    return buf_u64(b, v);
}

int json_i64(buf *b, int64_t v)
{
    return buf_printf(b, "%" PRId64, v);
}

int json_double(buf *b, double v)
{
    if (!isfinite(v)) return buf_puts(b, "null");
    if (v == (double)(int64_t)v && fabs(v) < 1e15) return buf_printf(b, "%" PRId64, (int64_t)v);
    /* shortest of %.15g / %.17g that reads back exactly */
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    double back;
    back = strtod(tmp, NULL);
    if (back != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    return buf_puts(b, tmp);
}

/* ---- reading ---------------------------------------------------------- */

typedef struct jr {
    const char *s, *p, *end;
    buf key, val; /* the member's unescaped key and string value */
    const char *why;
    const char *at; /* where `why` was met */
} jr;

static int jr_fail(jr *r, const char *why)
{
    if (!r->why) {
        r->why = why;
        r->at = r->p;
    }
    return ZS_EINVAL;
}

static void jr_ws(jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int jr_hex4(jr *r, uint32_t *out)
{
    if (r->end - r->p < 4) return jr_fail(r, "a \\u escape needs four hex digits");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = r->p[i];
        int h = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (h < 0) return jr_fail(r, "a \\u escape needs four hex digits");
        v = v * 16 + (uint32_t)h;
    }
    r->p += 4;
    *out = v;
    return ZS_OK;
}

/* The \u escape after "\u": a code point, a surrogate pair, or a lone
 * surrogate (U+DC80-U+DCFF: the raw byte; others U+FFFD). */
static int jr_uescape(jr *r, buf *out)
{
    uint32_t cp;
    int rc = jr_hex4(r, &cp);
    if (rc) return rc;
    if (cp >= 0xD800 && cp <= 0xDBFF && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
        const char *save = r->p;
        uint32_t lo;
        r->p += 2;
        if (jr_hex4(r, &lo)) return ZS_EINVAL;
        if (lo >= 0xDC00 && lo <= 0xDFFF)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        else
            r->p = save; /* a lone high surrogate, then another escape */
    }
    if (cp >= 0xDC80 && cp <= 0xDCFF) return buf_putc(out, (char)(cp - 0xDC00));
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = U8_REPLACEMENT;
    uint8_t tmp[U8_MAX_BYTES];
    return buf_add(out, tmp, (size_t)u8_encode(cp, tmp));
}

/* A string at r->p (the opening quote), unescaped into out (NULL: only
 * checked). */
static int jr_string(jr *r, buf *out)
{
    if (r->p >= r->end || *r->p != '"') return jr_fail(r, "expected a string");
    r->p++;
    const char *run = r->p;
    int rc = ZS_OK;
    while (!rc) {
        if (r->p >= r->end) return jr_fail(r, "unterminated string");
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') break;
        if (c < 0x20) return jr_fail(r, "control character in a string");
        if (c != '\\') {
            r->p++;
            continue;
        }
        if (out) rc = buf_add(out, run, (size_t)(r->p - run));
        r->p++;
        if (r->p >= r->end) return jr_fail(r, "unterminated string");
        char e = *r->p++;
        const char *plain = strchr("\"\\/bfnrt", e);
        if (e == 'u') {
            buf scratch;
            buf_init(&scratch);
            if (!rc) rc = jr_uescape(r, out ? out : &scratch);
            buf_free(&scratch);
        } else if (!e || !plain) {
            r->p--;
            return jr_fail(r, "unknown escape in a string");
        } else if (out && !rc) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            rc = buf_putc(out, to[plain - "\"\\/bfnrt"]);
        }
        run = r->p;
    }
    if (!rc && out) rc = buf_add(out, run, (size_t)(r->p - run));
    r->p++;
    return rc;
}

static int jr_digits(jr *r)
{
    const char *s = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    return r->p > s ? ZS_OK : jr_fail(r, "expected a digit");
}

/* A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jr_number(jr *r)
{
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (jr_digits(r))
        return ZS_EINVAL;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (jr_digits(r)) return ZS_EINVAL;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
        if (jr_digits(r)) return ZS_EINVAL;
    }
    return ZS_OK;
}

static int jr_value(jr *r, int depth, json_type *type);

/* An array or object at r->p, checked (members' strings not kept). */
static int jr_nested(jr *r, int depth, int object)
{
    if (depth >= JSON_DEPTH_MAX) return jr_fail(r, "nested too deeply");
    char close = object ? '}' : ']';
    r->p++;
    jr_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return ZS_OK;
    }
    for (;;) {
        json_type t;
        jr_ws(r);
        if (object) {
            if (jr_string(r, NULL)) return ZS_EINVAL;
            jr_ws(r);
            if (r->p >= r->end || *r->p != ':') return jr_fail(r, "expected ':'");
            r->p++;
            jr_ws(r);
        }
        int rc = jr_value(r, depth + 1, &t);
        if (rc) return rc;
        jr_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return ZS_OK;
        }
        return jr_fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

/* Any value at r->p; a string's unescaped text goes to r->val. */
static int jr_value(jr *r, int depth, json_type *type)
{
    static const struct {
        const char *word;
        json_type type;
    } words[] = {{"null", JSON_NULL}, {"true", JSON_TRUE}, {"false", JSON_FALSE}};
    if (r->p >= r->end) return jr_fail(r, "expected a value");
    char c = *r->p;
    if (c == '"') {
        *type = JSON_STRING;
        return jr_string(r, depth == 0 ? &r->val : NULL);
    }
    if (c == '{' || c == '[') {
        *type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
        return jr_nested(r, depth, c == '{');
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        *type = JSON_NUMBER;
        return jr_number(r);
    }
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(r->end - r->p) >= n && !memcmp(r->p, words[i].word, n)) {
            r->p += n;
            *type = words[i].type;
            return ZS_OK;
        }
    }
    return jr_fail(r, "expected a value");
}

static int jr_members(jr *r, json_member_fn fn, void *ctx)
{
    jr_ws(r);
    if (r->p >= r->end || *r->p != '{') return jr_fail(r, "not a JSON object");
    r->p++;
    jr_ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return ZS_OK;
    }
    for (;;) {
        jr_ws(r);
        buf_reset(&r->key);
        buf_reset(&r->val);
        if (r->p >= r->end || *r->p != '"') return jr_fail(r, "expected a quoted key");
        int rc = jr_string(r, &r->key);
        if (rc) return rc;
        jr_ws(r);
        if (r->p >= r->end || *r->p != ':') return jr_fail(r, "expected ':'");
        r->p++;
        jr_ws(r);
        json_member m = {r->key.data, r->key.len, JSON_NULL, NULL, 0};
        const char *v0 = r->p;
        rc = jr_value(r, 0, &m.type);
        if (rc) return rc;
        if (m.type == JSON_STRING) {
            m.val = r->val.data;
            m.val_len = r->val.len;
        } else {
            m.val = v0;
            m.val_len = (size_t)(r->p - v0);
        }
        rc = fn(ctx, &m);
        if (rc) return rc;
        jr_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return ZS_OK;
        }
        return jr_fail(r, "expected ',' or '}'");
    }
}

int json_object_each(const char *s, size_t len, json_member_fn fn, void *ctx, zs_diag *d)
{
    jr r = {s, s, s + len, {0}, {0}, NULL, NULL};
    buf_init(&r.key);
    buf_init(&r.val);
    int rc = jr_members(&r, fn, ctx);
    if (!rc) {
        jr_ws(&r);
        if (r.p != r.end) rc = jr_fail(&r, "text after the object");
    }
    if (r.why) rc = zs_fail(d, ZS_EINVAL, "%s at byte %zu", r.why, (size_t)(r.at - s));
    buf_free(&r.key);
    buf_free(&r.val);
    return rc;
}
