/*
 * cptext.h - a text as an array of code points, for the pattern rules of
 * the annotator (years.h, scope.h, annotate.h).
 *
 * Rules compare code points, written as U"全国" literals (char32_t, the same
 * type as uint32_t here), instead of bytes: a rule reads like the text it
 * matches.  A cpt owns its arrays; the text it was loaded from is not kept.
 */
#ifndef ZS_CPTEXT_H
#define ZS_CPTEXT_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cpt {
    uint32_t *v; /* code points */
    size_t n;
    size_t *off; /* byte offset of each code point in the source, n + 1 entries */
} cpt;

/* Load well-formed UTF-8 text[0, len).  On success the caller frees with
 * cpt_free; on ZS_ENOMEM *c is left freeable too. */
int cpt_load(cpt *c, const char *text, size_t len);

/* Release the arrays (a zeroed or failed cpt is fine). */
void cpt_free(cpt *c);

/* Does the NUL-terminated code point string `w` occur at index i? */
int cpt_at(const cpt *c, size_t i, const uint32_t *w);

/* Does `w` end at index i (occupy [i - len(w), i))? */
int cpt_ends_at(const cpt *c, size_t i, const uint32_t *w);

/* Index of the first occurrence of `w` in [from, to), or (size_t)-1. */
size_t cpt_find(const cpt *c, size_t from, size_t to, const uint32_t *w);

/* The index of the first word of the NULL-terminated list `ws` that occurs
 * at i, or -1. */
int cpt_any_at(const cpt *c, size_t i, const uint32_t *const *ws);

/* The code point index holding byte offset `byte`. */
size_t cpt_index(const cpt *c, size_t byte);

/* Length of a NUL-terminated code point string. */
size_t cpt_wlen(const uint32_t *w);

/* Is the code point an ASCII digit? */
static inline int cpt_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Value of a Chinese digit 〇零一二三四五六七八九, else -1. */
int cpt_cn_digit(uint32_t c);

#endif
