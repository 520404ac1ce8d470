/*
 * suggest.h - "did you mean": the closest of a list of names to a
 * mistyped one (subcommands, options, query fields).
 *
 * Closeness is the Levenshtein edit distance over bytes, case-folded for
 * ASCII letters; a name qualifies within SUG_MAX_EDITS edits and when the
 * distance is less than half the typed word's length (so `x` suggests
 * nothing).  Ties go to the earlier name in the list.
 */
#ifndef ZS_SUGGEST_H
#define ZS_SUGGEST_H

#include <stddef.h>

/* Most edits a suggestion may be away. */
#define SUG_MAX_EDITS 2
/* Longest name compared (longer ones are never suggested). */
#define SUG_NAME_MAX 32

/* Edit distance of a[0, na) and b[0, nb) (ASCII case folded); a large
 * number when either is longer than SUG_NAME_MAX. */
size_t sug_distance(const char *a, size_t na, const char *b, size_t nb);

/* The name of `names` (n entries) closest to word[0, len), or NULL when
 * none qualifies.  The result points into `names`. */
const char *sug_closest(const char *word, size_t len, const char *const *names, size_t n);

#endif
