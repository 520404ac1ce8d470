/* test_json.c - JSON string escaping: every output is valid UTF-8 JSON and
 * gives back the exact input bytes, whatever the bytes (issue 11, finding
 * 3: file names that are not UTF-8 broke the JSON Lines output). */
#include "buf.h"
#include "json.h"
#include "test.h"
#include "utf8.h"

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

void suite_json(t_ctx *t)
{
    t_run(t, "json_known", known);
    t_run(t, "json_random_bytes", random_bytes);
}
