/*
 * json.h - writing JSON: string escaping and a few value helpers, appended to
 * a buf.  Output is compact (no spaces) and deterministic, for JSON Lines.
 * Strings are written as UTF-8 with only the escapes JSON requires
 * (\" \\ and control characters), so Chinese text stays readable.  A
 * byte that is not part of well-formed UTF-8 (a file name in another
 * encoding) is written as the escape \udcXX of the lone surrogate
 * U+DC00 + byte (Python's "surrogateescape"): the line stays valid JSON and
 * the bytes can be recovered exactly.
 *
 * Reading: json_object_each checks one JSON object (RFC 8259, strictly: no
 * trailing commas, no comments, no bare words) and hands out its members in
 * order, strings unescaped.  The escape \udcXX of a lone surrogate
 * U+DC80-U+DCFF is read back as the byte XX, the inverse of the writer, so
 * that a line written here reads back to the same bytes; any other lone
 * surrogate becomes U+FFFD.  Bytes inside strings are passed through as
 * they are (a caller that needs UTF-8 checks it).
 */
#ifndef ZS_JSON_H
#define ZS_JSON_H

#include "buf.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Append `s` (len bytes, UTF-8; bytes that are not are escaped as above)
 * as a quoted JSON string.  Errors: ZS_ENOMEM. */
int json_str(buf *b, const char *s, size_t len);

/* json_str for text known to be valid UTF-8 (u8_valid: stored passage
 * text, which the segment reader checks): only '"', '\\' and control
 * characters are escaped, with no decoding (bulk export).  Text that is
 * not valid UTF-8 must go to json_str.  Errors: ZS_ENOMEM. */
int json_str_valid(buf *b, const char *s, size_t len);

/* json_str_valid without the quotes: the escaped bytes alone, for a
 * string written in pieces (a snippet between its "…" marks).  Errors:
 * ZS_ENOMEM. */
int json_esc_valid(buf *b, const char *s, size_t len);

/* Append a NUL-terminated string, quoted. */
int json_cstr(buf *b, const char *s);

/* Append "key": (the key quoted and escaped, then a colon). */
int json_key(buf *b, const char *key);

/* Append a number: integers exactly, doubles with up to 17 significant
 * digits and no trailing zeros (NaN and infinities become null). */
int json_u64(buf *b, uint64_t v);
int json_i64(buf *b, int64_t v);
int json_double(buf *b, double v);

/* ---- reading ---- */

/* Deepest nesting of arrays and objects read: deeper is refused rather
 * than recursing without bound on hostile input. */
#define JSON_DEPTH_MAX 64

typedef enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type;

/* One member of an object.  key and val are borrowed: valid until the
 * callback returns. */
typedef struct json_member {
    const char *key; /* unescaped, NUL-terminated (may hold NUL bytes) */
    size_t key_len;
    json_type type;
    /* JSON_STRING: the unescaped string, NUL-terminated; every other type:
     * the value's own JSON text ("12.5", "true", "[1,2]"), not terminated */
    const char *val;
    size_t val_len;
} json_member;

/* Called for each member; a non-zero return stops the walk and is
 * returned by json_object_each. */
typedef int (*json_member_fn)(void *ctx, const json_member *m);

/* Check s[0, len) as one JSON object (white space around it allowed) and
 * call fn for each member in order (repeated keys are handed out as they
 * come).  Errors: ZS_EINVAL, with the reason and the byte offset in d
 * ("expected ':' at byte 12"; d may be NULL); ZS_ENOMEM; or fn's code. */
int json_object_each(const char *s, size_t len, json_member_fn fn, void *ctx, zs_diag *d);

#endif
