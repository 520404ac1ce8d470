/*
 * exact.h - zhsearch --exact-script: a match counts only where the query's
 * words stand in the passage in the script they were typed in.
 *
 * The index folds traditional characters to simplified ones (uchar.h
 * uc_t2s), so 鄭州 and 郑州 are one term and find each other.  This check is
 * made at query time, on the stored text (which keeps the characters as
 * written), so one index serves both uses and nothing about it changes.
 *
 * A passage the index matched is kept when every positive clause of the
 * plan (a word, or words joined by OR) has one word that occurs in the
 * passage's text compared without the script fold: both sides are read as
 * their letters, digits and Han characters (punctuation and spaces skipped,
 * as the tokenizer skips them), folded with uc_fold_exact (width and case
 * still fold: ＡＢ is ab; 鄭 is not 郑).  A NEAR group holds when each of its
 * words occurs.  Exclusions, the a OR -b clauses, filters and conditions
 * are left as the index decided them: they stay script-blind (-鄭州 also
 * excludes 郑州), as do scores (tf counts both scripts) and highlights.
 */
#ifndef ZS_EXACT_H
#define ZS_EXACT_H

#include "buf.h"
#include "err.h"
#include "search.h"
#include "segment.h"

#include <stdint.h>

/* Does passage `pid` of segment `sg` hold the positive words of plan `p`
 * in their script (see above)?  *keep gets 1 or 0.  `scratch` is the
 * caller's buffer, used for the stored text (its contents are replaced).
 * Errors: those of seg_text (ZS_ECORRUPT, ZS_ENOMEM), ZS_ENOMEM. */
int exact_passage(const srch_plan *p, segment *sg, uint32_t pid, buf *scratch, int *keep,
                  zs_diag *d);

#endif
