/* textpack.c - stored text as UTF-16LE for deflate (see textpack.h). */
#include "textpack.h"

#include "bytes.h"
#include "err.h"
#include "utf8.h"

#include <stddef.h>
#include <string.h>

/* Append one text (UTF-8, len bytes) as a varint unit count and its
 * UTF-16LE units. */
static int pack_text(const uint8_t *p, size_t len, buf *out)
{
    const uint8_t *e = p + len;
    size_t units = 0;
    for (const uint8_t *q = p; q < e;) {
        uint32_t cp;
        int k = u8_decode(q, e, &cp);
        if (k == 0) return ZS_EINVAL;
        units += cp > 0xFFFF ? 2 : 1;
        q += k;
    }
    int rc = vi_put(out, units);
    if (!rc) rc = buf_grow(out, 2 * units);
    if (rc) return rc;
    uint8_t *o = (uint8_t *)out->data + out->len;
    while (p < e) {
        uint32_t cp;
        p += u8_next(p, &cp);
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            le_put16(o, (uint16_t)(0xD800 | (cp >> 10)));
            o += 2;
            cp = 0xDC00 | (cp & 0x3FF);
        }
        le_put16(o, (uint16_t)cp);
        o += 2;
    }
    out->len += 2 * units;
    out->data[out->len] = '\0';
    return ZS_OK;
}

int textpack_pack(const char *block, size_t len, buf *out)
{
    const uint8_t *p = (const uint8_t *)block, *e = p + len;
    while (p < e) {
        uint64_t n;
        if (vi_get(&p, e, &n) || n > (uint64_t)(e - p)) return ZS_EINVAL;
        int rc = pack_text(p, (size_t)n, out);
        if (rc) return rc;
        p += n;
    }
    return ZS_OK;
}

/* Write the UTF-8 of n units at u to o (room for 3 bytes a unit); returns
 * the bytes written, or -1 at a lone surrogate.  One pass, the common
 * cases first: unpacking is on the path of every snippet. */
static ptrdiff_t utf16_to_utf8(const uint8_t *u, size_t n, uint8_t *o)
{
    uint8_t *o0 = o;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = le_get16(u + 2 * i);
        if (a < 0x80) {
            *o++ = (uint8_t)a;
        } else if (a < 0x800) {
            *o++ = (uint8_t)(0xC0 | (a >> 6));
            *o++ = (uint8_t)(0x80 | (a & 0x3F));
        } else if (a < 0xD800 || a > 0xDFFF) {
            *o++ = (uint8_t)(0xE0 | (a >> 12));
            *o++ = (uint8_t)(0x80 | ((a >> 6) & 0x3F));
            *o++ = (uint8_t)(0x80 | (a & 0x3F));
        } else {
            uint32_t b = i + 1 < n ? le_get16(u + 2 * i + 2) : 0;
            if (a > 0xDBFF || b < 0xDC00 || b > 0xDFFF) return -1;
            o += u8_encode(0x10000 + ((a - 0xD800) << 10) + (b - 0xDC00), o);
            i++;
        }
    }
    return o - o0;
}

/* Append the UTF-8 of n units at u, as a varint byte length and the text.
 * The text is written after room for the longest varint and moved back
 * once its length is known. */
static int unpack_text(const uint8_t *u, size_t n, buf *out)
{
    int rc = buf_grow(out, VI_MAX_BYTES + 3 * n);
    if (rc) return rc;
    uint8_t *at = (uint8_t *)out->data + out->len;
    ptrdiff_t bytes = utf16_to_utf8(u, n, at + VI_MAX_BYTES);
    if (bytes < 0) return ZS_ECORRUPT;
    int vl = vi_encode(at, (uint64_t)bytes);
    memmove(at + vl, at + VI_MAX_BYTES, (size_t)bytes);
    out->len += (size_t)vl + (size_t)bytes;
    out->data[out->len] = '\0';
    return ZS_OK;
}

int textpack_unpack(const uint8_t *p, size_t len, buf *out)
{
    const uint8_t *e = p + len;
    while (p < e) {
        uint64_t n;
        if (vi_get(&p, e, &n) || n > (uint64_t)(e - p) / 2) return ZS_ECORRUPT;
        int rc = unpack_text(p, (size_t)n, out);
        if (rc) return rc;
        p += 2 * n;
    }
    return ZS_OK;
}
