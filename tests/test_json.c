/* test_json.c - JSON string escaping: every output is valid UTF-8 JSON and
 * gives back the exact input bytes, whatever the bytes (issue 11, finding
 * 3: file names that are not UTF-8 broke the JSON Lines output). */
#include "buf.h"
#include "json.h"
#include "test.h"
#include "utf8.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *escape(const char *s, size_t len)
{
    buf b;
    buf_init(&b);
    if (json_str(&b, s, len)) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

static int hexval(char c)
{
    return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
}

/* The bytes a string written by json_str stands for (its documented
 * escapes undone); -1 on anything json_str does not write. */
static int unescape(const char *q, buf *out)
{
    size_t n = strlen(q);
    if (n < 2 || q[0] != '"' || q[n - 1] != '"') return -1;
    for (size_t i = 1; i + 1 < n; i++) {
        if (q[i] != '\\') {
            buf_putc(out, q[i]);
            continue;
        }
        char c = q[++i];
        if (c == 'n' || c == 'r' || c == 't' || c == '"' || c == '\\') {
            buf_putc(out, c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c);
            continue;
        }
        if (c != 'u' || i + 4 >= n) return -1;
        unsigned v = 0;
        for (int k = 1; k <= 4; k++) v = v * 16 + (unsigned)hexval(q[i + k]);
        i += 4;
        if (v < 0x20)
            buf_putc(out, (char)v);
        else if (v >= 0xDC80 && v <= 0xDCFF)
            buf_putc(out, (char)(v - 0xDC00));
        else
            return -1;
    }
    return 0;
}

/* json_str_valid (eight bytes at a time) writes what json_str writes for
 * any valid UTF-8: random mixes of CJK, ASCII, quotes, backslashes and
 * control characters at every alignment. */
static void str_valid_same(t_ctx *t)
{
    static const char *const pieces[] = {"医",   "疗",   "a", "Z",    "\"", "\\", "\n", "\t",
                                         "\x01", "\x1f", " ", "\x7f", "é",  "😀",  "，", "0"};
    uint64_t rng = 20261129;
    size_t bad = 0;
    for (int k = 0; k < 20000; k++) {
        char s[256];
        size_t n = 0;
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t parts = (size_t)(rng >> 58);
        for (size_t j = 0; j < parts; j++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            /* mostly plain text, so that the word-at-a-time path runs */
            const char *p = pieces[(rng >> 40) % 4 ? (rng >> 33) % 4 : (rng >> 33) % 16];
            size_t l = strlen(p);
            if (n + l >= sizeof s) break;
            memcpy(s + n, p, l);
            n += l;
        }
        buf a, b;
        buf_init(&a);
        buf_init(&b);
        json_str(&a, s, n);
        json_str_valid(&b, s, n);
        bad += a.len != b.len || memcmp(a.data, b.data, a.len) != 0;
        buf_free(&a);
        buf_free(&b);
    }
    T_INT(t, bad, 0);
}

static void known(t_ctx *t)
{
    char *s = escape("a\xff"
                     "b",
                     3);
    T_STR(t, s, "\"a\\udcffb\"");
    free(s);
    s = escape("\xe4\xb8", 2); /* a cut 中 */
    T_STR(t, s, "\"\\udce4\\udcb8\"");
    free(s);
    s = escape("\xc0\xaf\xed\xa0\x80", 5); /* overlong '/', a surrogate */
    T_STR(t, s, "\"\\udcc0\\udcaf\\udced\\udca0\\udc80\"");
    free(s);
    s = escape("中文\x01\"\\", 9);
    T_STR(t, s, "\"中文\\u0001\\\"\\\\\"");
    free(s);
}

/* Random bytes, biased to UTF-8 lead and continuation bytes: the output
 * is valid UTF-8 and gives back the input. */
static void random_bytes(t_ctx *t)
{
    static const unsigned char pick[] = {'a',  '"',  '\\', '\n', 0x01, 0x80, 0xBF, 0xC2,
                                         0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0xFF, 0xED, 0xA0};
    uint64_t seed = 11;
    int bad = 0;
    for (int r = 0; r < 2000 && !bad; r++) {
        char in[24];
        size_t len = (size_t)(r % 24);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            in[i] = (char)pick[(seed >> 33) % sizeof pick];
        }
        char *q = escape(in, len);
        buf back;
        buf_init(&back);
        if (!q || !u8_valid(q, strlen(q)) || unescape(q, &back) || back.len != len ||
            memcmp(back.data, in, len) != 0)
            bad = 1;
        buf_free(&back);
        free(q);
    }
    T_INT(t, bad, 0);
}

/* ---- reading ---- */

static int collect(void *ctx, const json_member *m)
{
    buf *out = ctx;
    static const char types[] = "0ftnsao"; /* json_type order */
    buf_add(out, m->key, m->key_len);
    buf_putc(out, '=');
    buf_putc(out, types[m->type]);
    buf_putc(out, ':');
    buf_add(out, m->val, m->val_len);
    return buf_putc(out, '|');
}

static int keep_value(void *ctx, const json_member *m)
{
    return buf_add(ctx, m->val, m->val_len);
}

/* The members of an object as one line "key=TYPE:value|...", or the
 * error message. */
static void members_of(const char *s, buf *out, int *rc)
{
    buf_reset(out);
    zs_diag d;
    zs_diag_clear(&d);
    *rc = json_object_each(s, strlen(s), collect, out, &d);
    if (*rc) {
        buf_reset(out);
        buf_puts(out, d.msg);
    }
}

static void read_known(t_ctx *t)
{
    static const struct {
        const char *in, *want;
        int rc;
    } cases[] = {
        {"{}", "", 0},
        {" {\"a\" : \"b\" } \n", "a=s:b|", 0},
        {"{\"id\":12,\"x\":-0.5e+3,\"t\":true,\"f\":false,\"n\":null}",
         "id=n:12|x=n:-0.5e+3|t=t:true|f=f:false|n=0:null|", 0},
        {"{\"a\":[1,{\"b\":[]},\"x\"],\"o\":{\"k\":\"v\"}}",
         "a=a:[1,{\"b\":[]},\"x\"]|o=o:{\"k\":\"v\"}|", 0},
        {"{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "s=s:\"\\/\b\f\n\r\t|", 0},
        {"{\"s\":\"\\u4e2d\\u6587 \\ud83d\\ude00\"}", "s=s:中文 😀|", 0},
        {"{\"\\u4e2d\":\"\\udcff\\ud800x\"}", "中=s:\xff\xef\xbf\xbdx|", 0},
        {"{\"k\":\"直接的中文\"}", "k=s:直接的中文|", 0},
        {"", "not a JSON object at byte 0", ZS_EINVAL},
        {"[1]", "not a JSON object at byte 0", ZS_EINVAL},
        {"{\"a\":1,}", "expected a quoted key at byte 7", ZS_EINVAL},
        {"{\"a\" 1}", "expected ':' at byte 5", ZS_EINVAL},
        {"{\"a\":1 \"b\":2}", "expected ',' or '}' at byte 7", ZS_EINVAL},
        {"{\"a\":01}", "expected ',' or '}' at byte 6", ZS_EINVAL},
        {"{\"a\":-}", "expected a digit at byte 6", ZS_EINVAL},
        {"{\"a\":1.}", "expected a digit at byte 7", ZS_EINVAL},
        {"{\"a\":tru}", "expected a value at byte 5", ZS_EINVAL},
        {"{\"a\":\"x}", "unterminated string at byte 8", ZS_EINVAL},
        {"{\"a\":\"\\x\"}", "unknown escape in a string at byte 7", ZS_EINVAL},
        {"{\"a\":\"\\u12g4\"}", "a \\u escape needs four hex digits at byte 8", ZS_EINVAL},
        {"{\"a\":\"\t\"}", "control character in a string at byte 6", ZS_EINVAL},
        {"{\"a\":[1,]}", "expected a value at byte 8", ZS_EINVAL},
        {"{\"a\":{\"b\"}}", "expected ':' at byte 9", ZS_EINVAL},
        {"{\"a\":1} x", "text after the object at byte 8", ZS_EINVAL},
        {"{\"a\":1}{}", "text after the object at byte 7", ZS_EINVAL},
    };
    buf out;
    buf_init(&out);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rc;
        members_of(cases[i].in, &out, &rc);
        if (!T_STR(t, out.data, cases[i].want) || !T_INT(t, rc, cases[i].rc))
            printf("  case %zu: %s\n", i, cases[i].in);
    }
    buf_free(&out);
}

/* Nesting is bounded: JSON_DEPTH_MAX arrays inside the object are read,
 * one more is refused. */
static void read_depth(t_ctx *t)
{
    buf in, out;
    buf_init(&in);
    buf_init(&out);
    int rc;
    for (int depth = JSON_DEPTH_MAX; depth <= JSON_DEPTH_MAX + 1; depth++) {
        buf_reset(&in);
        buf_puts(&in, "{\"a\":");
        for (int i = 0; i < depth; i++) buf_putc(&in, '[');
        for (int i = 0; i < depth; i++) buf_putc(&in, ']');
        buf_putc(&in, '}');
        members_of(in.data, &out, &rc);
        T_INT(t, rc, depth <= JSON_DEPTH_MAX ? 0 : ZS_EINVAL);
    }
    buf_free(&in);
    buf_free(&out);
}

/* What the writer writes, the reader reads back byte for byte. */
static void read_round_trip(t_ctx *t)
{
    uint64_t seed = 7;
    const char pick[] = {'a', '"', '\\', '\n', '\x01', '\x7f', '\xe4', '\xb8', '\xad', '\xff'};
    int bad = 0;
    for (int round = 0; round < 2000 && !bad; round++) {
        char in[24];
        size_t len = (size_t)(round % 24);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            in[i] = (char)pick[(seed >> 33) % sizeof pick];
        }
        buf line, got;
        buf_init(&line);
        buf_init(&got);
        buf_putc(&line, '{');
        json_key(&line, "k");
        json_str(&line, in, len);
        buf_putc(&line, '}');
        int rc = json_object_each(line.data, line.len, keep_value, &got, NULL);
        if (rc || got.len != len || memcmp(got.data, in, len) != 0) bad = 1;
        buf_free(&line);
        buf_free(&got);
    }
    T_INT(t, bad, 0);
}

/* What json_double promised before its integer fast path: integers below
 * 1e15 exactly, else "%.15g" when it reads back, else "%.17g". */
static void double_reference(double v, char *out, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(out, cap, "null");
        return;
    }
    if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
        snprintf(out, cap, "%" PRId64, (int64_t)v);
        return;
    }
    snprintf(out, cap, "%.15g", v);
    if (strtod(out, NULL) != v) snprintf(out, cap, "%.17g", v);
}

/* 1 when json_double writes v as the reference does (a mismatch is
 * printed once). */
static int double_same(t_ctx *t, double v, int *shown)
{
    char want[64];
    double_reference(v, want, sizeof want);
    buf b;
    buf_init(&b);
    json_double(&b, v);
    int same = !buf_error(&b) && !strcmp(b.data, want);
    if (!same && !(*shown)++) T_STR(t, b.data, want);
    buf_free(&b);
    return same;
}

/* json_double's integer fast path gives what snprintf and strtod gave:
 * random bit patterns, log-uniform values, short decimals, BM25-like
 * scores, and the neighbours of powers of ten and of ties. */
static void double_same_as_printf(t_ctx *t)
{
    uint64_t seed = 13;
    int bad = 0, shown = 0;
    for (int i = 0; i < 100000; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t bits = seed >> 1;
        /* exponents around the fast range 1e-4 .. 1e15 (2^-20 .. 2^60) */
        bits = (bits & ((UINT64_C(1) << 52) - 1)) | ((uint64_t)(1003 + (seed >> 56) % 80) << 52);
        double v;
        memcpy(&v, &bits, sizeof v);
        bad += !double_same(t, (seed & 1) ? -v : v, &shown);
        double u = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
        bad += !double_same(t, pow(10.0, -6.0 + 22.0 * u), &shown);
        bad += !double_same(t, u * 12.0 * u, &shown);
        bad += !double_same(t, (double)(seed % 1000000) / 1000.0, &shown);
        bad += !double_same(t, (double)(seed % 100000) / 65536.0, &shown);
    }
    for (int e = -8; e <= 17; e++) {
        double p = pow(10.0, e);
        double near[] = {
            p,       nextafter(p, 0),       nextafter(p, INFINITY),       0.5 * p, 5 * p,
            9.5 * p, nextafter(9.5 * p, 0), nextafter(9.5 * p, INFINITY), 0.1 + p, 1 / 3.0 * p};
        for (size_t k = 0; k < sizeof near / sizeof near[0]; k++) {
            bad += !double_same(t, near[k], &shown);
            bad += !double_same(t, -near[k], &shown);
        }
    }
    double odd[] = {0.0,
                    -0.0,
                    1e-4,
                    0.1,
                    0.2,
                    0.3,
                    1.5,
                    0.40789679192382639,
                    1e15,
                    999999999999999.9,
                    123456789012345.6,
                    2.5e-5,
                    1e300,
                    5e-324,
                    NAN,
                    INFINITY,
                    0.30000000000000004};
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) bad += !double_same(t, odd[k], &shown);
    T_INT(t, bad, 0);
}

void suite_json(t_ctx *t)
{
    t_run(t, "json_str_valid_same", str_valid_same);
    t_run(t, "json_read_known", read_known);
    t_run(t, "json_read_depth", read_depth);
    t_run(t, "json_read_round_trip", read_round_trip);
    t_run(t, "json_known", known);
    t_run(t, "json_double_same_as_printf", double_same_as_printf);
    t_run(t, "json_random_bytes", random_bytes);
}
