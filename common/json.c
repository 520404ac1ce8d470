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

/* Does any of the 8 bytes at p need an escape in a JSON string (a control
 * character, '"' or '\\')?  Bytes of 0x80 and up never do.  The classic
 * word-at-a-time tests: a byte below n, a byte equal to c. */
static int json_word_special(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t below = (x - ones * 0x20) & ~x & high;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    uint64_t quote = (q - ones) & ~q & high, back = (bs - ones) & ~bs & high;
    return (below | quote | back) != 0;
}

/* Has any of the 8 bytes at p its high bit set (not ASCII)? */
static int json_word_high(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return (x & 0x8080808080808080ULL) != 0;
}

int json_str(buf *b, const char *s, size_t len)
{
    const uint8_t *end = (const uint8_t *)s + len;
    int rc = buf_putc(b, '"');
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < len && !rc; i++) {
        /* eight ASCII bytes at a time while none needs an escape (paths) */
        while (i + 8 <= len && !json_word_special(s + i) && !json_word_high(s + i)) i += 8;
        if (i >= len) break;
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

int json_esc_valid(buf *b, const char *s, size_t len)
{
    int rc = buf_grow(b, len);
    if (rc) return rc;
    size_t run = 0; /* start of the pending run of bytes copied as they are */
    for (size_t i = 0; i < len; i++) {
        /* eight bytes at a time while none needs an escape */
        while (i + 8 <= len && !json_word_special(s + i)) i += 8;
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_add(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            buf_add(b, "\\\"", 2);
            break;
        case '\\':
            buf_add(b, "\\\\", 2);
            break;
        case '\n':
            buf_add(b, "\\n", 2);
            break;
        case '\r':
            buf_add(b, "\\r", 2);
            break;
        case '\t':
            buf_add(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', json_hex[c >> 4], json_hex[c & 15]};
            buf_add(b, u, 6);
        }
        }
    }
    return buf_add(b, s + run, len - run);
}

int json_str_valid(buf *b, const char *s, size_t len)
{
    int rc = buf_grow(b, len + 2);
    if (rc) return rc;
    buf_putc(b, '"');
    json_esc_valid(b, s, len);
    return buf_putc(b, '"');
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

/* ---- doubles ------------------------------------------------------------
 *
 * json_double writes "%.15g" when that reads back to the same double, else
 * "%.17g" (which always does).  Through snprintf and strtod that was a
 * tenth of a bulk JSON export (two conversions and a parse a score), so
 * the common case is done here in integers, exactly, with the same
 * result: a = m * 2^-s (m the 53-bit significand) times 10^p is the
 * integer q = m * 10^p over 2^s, so the k significant digits are q >> s
 * rounded to nearest on the remainder (printf rounds exactly too), and
 * whether the 15 digits read back is whether they lie within half a unit
 * in the last place of a (what a correctly rounded strtod returns).  The
 * fast range keeps q below 2^128 and the output in %g's fixed notation;
 * anything else (exact ties, whose rounding printf and strtod settle by
 * the even digit or significand, and significands that are a power of
 * two, whose lower neighbour is nearer) goes the slow way. */

/* The fast range of json_double: %g's fixed notation starts at 1e-4, and
 * 1e15 keeps k-digit scaling within 10^20 (m * 10^20 < 2^120). */
#define JSON_FAST_MIN  1e-4
#define JSON_FAST_MAX  1e15
#define JSON_DIG_SHORT 15 /* DBL_DIG: digits that always survive text -> double */
#define JSON_DIG_LONG  17 /* digits that always survive double -> text */
/* The largest scale: m * 10^22 < 2^53 * 2^74 fits in 128 bits. */
#define JSON_POW10_MAX 22

typedef unsigned __int128 json_u128;

/* 10^p for 0 <= p <= JSON_POW10_MAX. */
static json_u128 json_pow10(int p)
{
    static const uint64_t small[] = {1u,
                                     10u,
                                     100u,
                                     1000u,
                                     10000u,
                                     100000u,
                                     1000000u,
                                     10000000u,
                                     100000000u,
                                     1000000000u,
                                     10000000000u,
                                     100000000000u,
                                     1000000000000u,
                                     10000000000000u,
                                     100000000000000u,
                                     1000000000000000u,
                                     10000000000000000u,
                                     100000000000000000u,
                                     1000000000000000000u,
                                     10000000000000000000u};
    const int nsmall = (int)(sizeof small / sizeof small[0]);
    if (p < nsmall) return small[p];
    return (json_u128)small[nsmall - 1] * small[p - nsmall + 1];
}

/* The k significant digits of m * 2^-s (in the fast range) rounded to
 * nearest: *r in [10^(k-1), 10^k] (10^k when rounding carried), *e the
 * decimal exponent of the first digit before rounding, *err2 twice the
 * distance of r / 10^p from the value, in units of 1 / (10^p * 2^s), and
 * *half the same for half an ulp.  0 when the remainder is an exact tie
 * or the scale leaves the fast range (both left to the slow path). */
static int json_digits(uint64_t m, int s, int k, int e, json_u128 *r, int *eout, json_u128 *err2,
                       json_u128 *half)
{
    for (;;) {
        int p = k - 1 - e;
        if (p < 0 || p > JSON_POW10_MAX) return 0;
        json_u128 q = (json_u128)m * json_pow10(p);
        json_u128 ip = q >> s, lo = json_pow10(k - 1);
        if (ip < lo) {
            e--;
            continue;
        }
        if (ip >= lo * 10) {
            e++;
            continue;
        }
        json_u128 rem = q - (ip << s), mid = (json_u128)1 << (s - 1);
        if (rem == mid) return 0;
        int up = rem > mid;
        *r = ip + (json_u128)up;
        *eout = e;
        *err2 = 2 * (up ? ((json_u128)1 << s) - rem : rem);
        *half = json_pow10(p);
        return 1;
    }
}

/* Append the k-digit number r (10^(k-1) <= r <= 10^k) with decimal
 * exponent e as %g does in fixed notation: no trailing zeros, no point
 * without a fraction.  0 when %g would use an exponent. */
static int json_fixed(buf *b, int neg, json_u128 r128, int k, int e)
{
    uint64_t r = (uint64_t)r128; /* at most 10^17 */
    if (r128 == json_pow10(k)) {
        r /= 10;
        e++;
    }
    if (e < -4 || e >= k) return 0;
    char dig[JSON_DIG_LONG + 1], out[JSON_DIG_LONG + 24];
    for (int i = k - 1; i >= 0; i--) {
        dig[i] = (char)('0' + (int)(r % 10));
        r /= 10;
    }
    int nd = k, n = 0;
    while (nd > 1 && dig[nd - 1] == '0') nd--;
    if (neg) out[n++] = '-';
    if (e >= 0) {
        for (int i = 0; i <= e; i++) out[n++] = i < nd ? dig[i] : '0';
        if (nd > e + 1) out[n++] = '.';
        for (int i = e + 1; i < nd; i++) out[n++] = dig[i];
    } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = -1; i > e; i--) out[n++] = '0';
        for (int i = 0; i < nd; i++) out[n++] = dig[i];
    }
    buf_add(b, out, (size_t)n);
    return 1;
}

/* json_double in integers; 0 when v is outside the fast path. */
static int json_double_fast(buf *b, double v)
{
    double a = fabs(v);
    if (!(a >= JSON_FAST_MIN && a < JSON_FAST_MAX)) return 0;
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    int s = 1075 - (int)(bits >> 52); /* a = m * 2^-s, 3 <= s <= 66 here */
    if (m == UINT64_C(1) << 52) return 0;
    int e = (int)floor(log10(a)); /* a guess: json_digits corrects it */
    json_u128 r, err2, half;
    int re;
    if (!json_digits(m, s, JSON_DIG_SHORT, e, &r, &re, &err2, &half)) return 0;
    /* strtod rounds to nearest: the digits read back when nearer than
     * half an ulp (a tie goes to the even significand: left to snprintf) */
    if (err2 == half) return 0;
    if (err2 < half) return json_fixed(b, v < 0, r, JSON_DIG_SHORT, re);
    if (!json_digits(m, s, JSON_DIG_LONG, e, &r, &re, &err2, &half)) return 0;
    return json_fixed(b, v < 0, r, JSON_DIG_LONG, re);
}

int json_double(buf *b, double v)
{
    if (!isfinite(v)) return buf_puts(b, "null");
    if (fabs(v) < 1e15 && v == (double)(int64_t)v) return buf_printf(b, "%" PRId64, (int64_t)v);
    if (json_double_fast(b, v)) return buf_error(b);
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
