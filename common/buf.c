/* buf.c - growable byte buffer (see buf.h). */
#include "buf.h"

#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(buf *b)
{
    b->data = buf_empty;
    b->len = 0;
    b->cap = 0;
    b->err = ZS_OK;
}

void buf_free(buf *b)
{
    if (b->cap) free(b->data);
    buf_init(b);
}

int buf_error(const buf *b)
{
    return b->err;
}

int buf_set_error(buf *b, int rc)
{
    if (!b->err) b->err = rc;
    return b->err;
}

/* Record the buffer's first failure and return it. */
static int buf_fail(buf *b, int rc)
{
    return buf_set_error(b, rc);
}

int buf_grow(buf *b, size_t extra)
{
    if (b->err) return b->err;
    if (extra > SIZE_MAX / 2 - b->len) return buf_fail(b, ZS_ENOMEM);
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return ZS_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *p = b->cap ? realloc(b->data, cap) : malloc(cap);
    if (!p) return buf_fail(b, ZS_ENOMEM);
    if (!b->cap) p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return ZS_OK;
}

int buf_add_slow(buf *b, const void *p, size_t n)
{
    if (n == 0 || b->err) return b->err;
    int rc = buf_grow(b, n);
    if (rc) return rc;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ZS_OK;
}

int buf_puts(buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_putc_slow(buf *b, char c)
{
    return buf_add_slow(b, &c, 1);
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    char tmp[256];
    if (b->err) return b->err;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return buf_fail(b, ZS_EINVAL);
    if ((size_t)n < sizeof tmp) return buf_add(b, tmp, (size_t)n);
    int rc = buf_grow(b, (size_t)n);
    if (rc) return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ZS_OK;
}

int buf_u64(buf *b, uint64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->cap) b->data[0] = '\0';
}

void buf_truncate(buf *b, size_t n)
{
    if (n >= b->len) return;
    b->len = n;
    b->data[n] = '\0';
}

char *buf_detach(buf *b, size_t *len)
{
    char *p;
    if (b->cap) {
        p = b->data;
    } else {
        p = malloc(1);
        if (!p) return NULL;
        p[0] = '\0';
    }
    if (len) *len = b->len;
    buf_init(b);
    return p;
}
