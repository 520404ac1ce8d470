/* json.c - JSON output helpers (see json.h). */
#include "json.h"

#include "err.h"
#include "utf8.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
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
    return buf_printf(b, "%" PRIu64, v);
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
    if (sscanf(tmp, "%lf", &back) != 1 || back != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    return buf_puts(b, tmp);
}
