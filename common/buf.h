/*
 * buf.h - growable byte buffer.
 *
 * Invariants (as git's strbuf): `b->data` is never NULL after buf_init and is
 * always NUL-terminated at data[len], so it can be handed to string functions;
 * the NUL is not counted in `len`.  A buffer that failed to grow keeps its old
 * contents and returns ZS_ENOMEM.
 *
 * Errors are sticky (as FTS5's appends with their *pRc): the first failure
 * is remembered, every later append does nothing and returns it, and
 * buf_error gives it.  A writer can append many pieces without checking
 * each and check once, before it uses the contents: output is whole or
 * not written, never silently truncated.  buf_reset and buf_truncate keep
 * the error; buf_init, buf_free and buf_detach clear it.
 *
 * Ownership: the buffer owns `data`.  buf_free releases it and leaves an empty
 * buffer; buf_detach hands it to the caller (who frees it with free()).
 */
#ifndef ZS_BUF_H
#define ZS_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap; /* bytes allocated, 0 while data points at the shared empty string */
    int err;    /* first failure of an append (ZS_ENOMEM, ZS_EINVAL), else 0 */
} buf;

/* Make `b` an empty buffer (allocates nothing). */
void buf_init(buf *b);

/* Release the memory; `b` is an empty buffer afterwards.  Safe on an empty
 * buffer and on a buffer that was only buf_init'ed. */
void buf_free(buf *b);

/* The first failure of an append to `b` since buf_init, or 0. */
int buf_error(const buf *b);

/* Record a failure met while producing b's contents elsewhere (a scratch
 * buffer, a formatter): b's error becomes `rc` unless it has one already
 * or rc is 0.  Returns b's error. */
int buf_set_error(buf *b, int rc);

/* Ensure room for `extra` more bytes beyond len (plus the NUL). */
int buf_grow(buf *b, size_t extra);

/* Append bytes / a C string / one byte / a printf-formatted string.
 * Return the buffer's error: 0, or its first failure (nothing appended). */
static inline int buf_add(buf *b, const void *p, size_t n);
int buf_puts(buf *b, const char *s);
static inline int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append v in decimal (no printf: the formatter of bulk export).  Returns
 * the buffer's error. */
int buf_u64(buf *b, uint64_t v);

/* Set len to 0, keeping the allocation. */
void buf_reset(buf *b);

/* Shrink len to `n` (n <= len). */
void buf_truncate(buf *b, size_t n);

/* Hand the memory to the caller (free() it) and leave `b` empty.  Returns a
 * malloc'ed NUL-terminated copy even for an empty buffer; NULL on ENOMEM. */
char *buf_detach(buf *b, size_t *len);

/* The slow paths of buf_add / buf_putc (growing the buffer); not called
 * directly. */
int buf_add_slow(buf *b, const void *p, size_t n);
int buf_putc_slow(buf *b, char c);

/* Inline fast paths: an append that fits in the allocation is a copy.
 * cap > len + n also means the buffer owns its memory and has no error
 * (a failed buffer never grows). */
static inline int buf_add(buf *b, const void *p, size_t n)
{
    if (n == 0) return b->err; /* nothing to copy: p may be NULL (a missing label) */
    if (n < b->cap - b->len && !b->err) {
        if (n) memcpy(b->data + b->len, p, n); /* p may be NULL when n is 0 */
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_add_slow(b, p, n);
}

static inline int buf_putc(buf *b, char c)
{
    if (b->len + 1 < b->cap && !b->err) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_putc_slow(b, c);
}

#endif
