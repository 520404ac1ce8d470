/*
 * wset.h - a word list indexed by its words' first and last code points,
 * for the two questions fact extraction asks at almost every position of
 * a passage: which word of the list starts at cp[i], and which ends there.
 *
 * The answer is the one a scan of the list in its order gives (the first
 * word that matches, not the longest), with qty_word_at and
 * qty_word_before (qty.h) as the comparison: the lists are written with
 * their order meaning something (longer words before their prefixes, or
 * not), so the index keeps it.  A scan costs every entry of the list at
 * every position (for qty_word_before a strlen and a decode each); the
 * index costs one hash probe on the code point and then only the entries
 * that start (or end) with it, in list order.
 *
 * Words are UTF-8 (well-formed, as string literals are) and compared code
 * point by code point, unfolded, with the passage's folded code points,
 * exactly as qty_word_at compares them.  An empty word never matches.
 *
 * Invariants: a set is immutable after wset_new and borrows nothing (the
 * words are copied as code points), so any number of threads may read
 * one.  Lists hold at most WSET_MAX_WORDS words.
 */
#ifndef ZS_WSET_H
#define ZS_WSET_H

#include <stddef.h>
#include <stdint.h>

/* Longest list: entry ids are 16-bit (the longest list, qty.c's units,
 * has 95). */
#define WSET_MAX_WORDS 65535

typedef struct wset wset;

/* Index the n words at first, first + stride, first + 2 * stride ... (bytes
 * apart: sizeof(char *) for an array of strings, the size of the struct
 * for a field of an array of structs).  The words are read during the call
 * only.  *out gets the set (caller frees with wset_free).  Errors:
 * ZS_ENOMEM; ZS_EINVAL when n > WSET_MAX_WORDS or a word is NULL.  *out is
 * NULL on error. */
int wset_new(const char *const *first, size_t n, size_t stride, wset **out);

/* Release a set (NULL is fine). */
void wset_free(wset *s);

/* The first word (in list order) at cp[i] of cp[0, n): its length in code
 * points, and its index in the list in *which (may be NULL; untouched when
 * nothing matches).  0 when no word matches or i >= n.  The same as
 * scanning the list with qty_word_at. */
size_t wset_at(const wset *s, const uint32_t *cp, size_t n, size_t i, size_t *which);

/* The first word (in list order) that ends exactly at cp[i], occupying
 * cp[i - len, i): len, and its index in *which (may be NULL).  0 when none.
 * The same as scanning the list with qty_word_before. */
size_t wset_before(const wset *s, const uint32_t *cp, size_t i, size_t *which);

/* wset_at and wset_before from the word with index `from` on: the first
 * word of the list at index >= from that matches.  A caller that must look
 * past a match (a word that matches but fails a test of its own) goes on
 * with from = *which + 1, visiting the matches in list order as a scan
 * does. */
size_t wset_at_from(const wset *s, const uint32_t *cp, size_t n, size_t i, size_t from,
                    size_t *which);
size_t wset_before_from(const wset *s, const uint32_t *cp, size_t i, size_t from, size_t *which);

#endif
