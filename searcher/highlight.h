/*
 * highlight.h - where the query's words stand in a passage's text, and the
 * snippet to show.
 *
 * The passage text is tokenized as documents are; a word occurs at code
 * point s when each of its tokens is found at s + rel (a prefix token: any
 * token starting with that character).  This is the same test the index
 * answers, so every hit has at least one highlight for each positive word.
 * Spans are code point ranges [start, end) of the text, sorted, merged
 * where they overlap.
 *
 * The snippet is a window of about `width` code points around the first
 * run of highlights, widened to the whole text when it is short, with "…"
 * where it cuts the text.
 */
#ifndef ZS_HIGHLIGHT_H
#define ZS_HIGHLIGHT_H

#include "buf.h"
#include "match.h"

#include <stddef.h>
#include <stdint.h>

typedef struct hl_span {
    uint32_t start, end; /* code points */
} hl_span;

typedef struct hl_spans {
    hl_span *v;
    size_t n, cap;
} hl_spans;

/* Default snippet width in code points. */
#define HL_SNIPPET_WIDTH 80

void hl_spans_free(hl_spans *s);

/* Longest word (code points) that hl_find matches without tokenizing. */
#define HL_CJK_MAX 64

/* Find every occurrence of the words in `text` (replacing the contents of
 * `out`).  When every word is made of CJK characters only, it compares
 * folded code points (no tokens: the bulk of an export's work); otherwise
 * it is hl_find_tokens.  The two give the same spans.  Errors: ZS_ENOMEM. */
int hl_find(const char *text, size_t len, const mt_word *const *words, size_t nwords,
            hl_spans *out);

/* hl_find by tokenizing the text as documents are: for any words (tests
 * compare hl_find with it).  Errors: ZS_ENOMEM, ZS_ETOOBIG. */
int hl_find_tokens(const char *text, size_t len, const mt_word *const *words, size_t nwords,
                   hl_spans *out);

/* Add the span [start, end) (a fact's number), keeping the spans sorted
 * and merged.  Errors: ZS_ENOMEM. */
int hl_add(hl_spans *s, uint32_t start, uint32_t end);

/* The snippet window: code points [*from, *to) of a text of `ncp` code
 * points. */
void hl_window(const hl_spans *s, uint32_t ncp, uint32_t width, uint32_t *from, uint32_t *to);

#endif
