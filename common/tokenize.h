/*
 * tokenize.h - the one tokenizer for documents and queries.
 *
 * Text is read as code points folded for matching (uc_fold: full-width to
 * ASCII, compatibility ideographs to unified ones, A-Z to a-z) and cut into
 * runs by class:
 *
 *   CJK run (Han, kana, hangul) c0 c1 ... c(n-1):
 *     documents: the overlapping bigrams c0c1, c1c2, ... c(n-2)c(n-1), and
 *                the last character c(n-1) alone (a run of one character
 *                gives just that character).  Every CJK character thus
 *                starts exactly one token, so a single-character query c is
 *                answered by the terms that begin with c: the bigrams cX and
 *                the lone c.  This is Groonga's choice, not Xapian's (which
 *                indexes every unigram as well, one extra posting per
 *                character): it costs one token per run, about 10% more
 *                postings, instead of 100%.
 *     queries:   the bigrams only (a word of n >= 2 characters matches where
 *                its bigrams stand at consecutive positions, whatever
 *                follows it in the text).  A run of one character is an
 *                exact UNIGRAM when more text follows it (then it must end
 *                its run in the document too: "疗5G"), and a PREFIX token,
 *                "any term that starts with it", when it ends the text
 *                ("蜱", "5G医").
 *   WORD run (letters, digits, marks; "3.4" keeps its decimal point): one
 *     lowercased token, cut at TOK_WORD_MAX bytes.
 *   anything else (punctuation, symbols, space) separates runs and makes no
 *   token.
 *
 * Positions are code point indices in the text, so that the distance
 * between two tokens is the distance between their characters: a phrase
 * matches only where its tokens stand exactly as in the query, and a
 * punctuation mark or space between them breaks it.  Byte offsets are given
 * too, for snippets and highlights.
 */
#ifndef ZS_TOKENIZE_H
#define ZS_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

/* Longest WORD token in bytes; longer runs are cut (Lucene cuts at 255). */
#define TOK_WORD_MAX 64
/* Longest term of any kind, in bytes. */
#define TOK_TERM_MAX TOK_WORD_MAX

typedef enum tok_kind {
    TOK_BIGRAM,  /* two CJK characters */
    TOK_UNIGRAM, /* one CJK character: end of a run, or a run of one */
    TOK_WORD,    /* a Latin/digit word */
    TOK_PREFIX   /* query only: a lone CJK character ending the text, any term
                    starting with it */
} tok_kind;

typedef enum tok_mode { TOK_DOC = 0, TOK_QUERY = 1 } tok_mode;

typedef struct tok_token {
    const char *term; /* folded UTF-8 term; valid only during the callback */
    uint32_t len;     /* bytes in term */
    uint32_t pos;     /* code point index of the token's first character */
    uint32_t ncp;     /* code points the token covers in the text */
    uint32_t start;   /* byte range in the text */
    uint32_t end;
    tok_kind kind;
    uint32_t cp[2]; /* a CJK token's folded code points (term's characters);
                     * cp[1] 0 for one character; both 0 for a WORD */
} tok_token;

/* Called for each token in text order; a non-zero return stops
 * tokenization and is returned by tok_run. */
typedef int (*tok_fn)(void *ctx, const tok_token *t);

/* Tokenize `len` bytes of well-formed UTF-8.  Returns 0, or the first
 * non-zero value returned by `fn`.  Texts longer than UINT32_MAX bytes are
 * ZS_ETOOBIG. */
int tok_run(const char *text, size_t len, tok_mode mode, tok_fn fn, void *ctx);

/* Number of tokens tok_run would produce in document mode (the passage
 * length used by BM25). */
uint32_t tok_count(const char *text, size_t len);

#endif
