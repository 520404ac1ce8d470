/*
 * buf.h - growable byte buffer.
 *
 * Invariants (as git's strbuf): `b->data` is never NULL after buf_init and is
 * always NUL-terminated at data[len], so it can be handed to string functions;
 * the NUL is not counted in `len`.  A buffer that failed to grow keeps its old
 * contents and returns ZS_ENOMEM.
 *
 * Ownership: the buffer owns `data`.  buf_free releases it and leaves an empty
 * buffer; buf_detach hands it to the caller (who frees it with free()).
 */
#ifndef ZS_BUF_H
#define ZS_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap; /* bytes allocated, 0 while data points at the shared empty string */
} buf;

/* Make `b` an empty buffer (allocates nothing). */
void buf_init(buf *b);

/* Release the memory; `b` is an empty buffer afterwards.  Safe on an empty
 * buffer and on a buffer that was only buf_init'ed. */
void buf_free(buf *b);

/* Ensure room for `extra` more bytes beyond len (plus the NUL). */
int buf_grow(buf *b, size_t extra);

/* Append bytes / a C string / one byte / a printf-formatted string. */
int buf_add(buf *b, const void *p, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Set len to 0, keeping the allocation. */
void buf_reset(buf *b);

/* Shrink len to `n` (n <= len). */
void buf_truncate(buf *b, size_t n);

/* Hand the memory to the caller (free() it) and leave `b` empty.  Returns a
 * malloc'ed NUL-terminated copy even for an empty buffer; NULL on ENOMEM. */
char *buf_detach(buf *b, size_t *len);

#endif
