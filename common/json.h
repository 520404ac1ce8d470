/*
 * json.h - writing JSON: string escaping and a few value helpers, appended to
 * a buf.  Output is compact (no spaces) and deterministic, for JSON Lines.
 * Strings are written as UTF-8 with only the escapes JSON requires
 * (\" \\ and control characters), so Chinese text stays readable.  A
 * byte that is not part of well-formed UTF-8 (a file name in another
 * encoding) is written as the escape \udcXX of the lone surrogate
 * U+DC00 + byte (Python's "surrogateescape"): the line stays valid JSON and
 * the bytes can be recovered exactly.
 */
#ifndef ZS_JSON_H
#define ZS_JSON_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Append `s` (len bytes, UTF-8; bytes that are not are escaped as above)
 * as a quoted JSON string.  Errors: ZS_ENOMEM. */
int json_str(buf *b, const char *s, size_t len);

/* Append a NUL-terminated string, quoted. */
int json_cstr(buf *b, const char *s);

/* Append "key": (the key quoted and escaped, then a colon). */
int json_key(buf *b, const char *key);

/* Append a number: integers exactly, doubles with up to 17 significant
 * digits and no trailing zeros (NaN and infinities become null). */
int json_u64(buf *b, uint64_t v);
int json_i64(buf *b, int64_t v);
int json_double(buf *b, double v);

#endif
