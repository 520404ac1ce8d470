/*
 * inspect.h - `zhindex stats` and `zhindex check`: looking inside an index.
 *
 * stats prints, for the index and each segment file, every section with its
 * size and share, and the counts that matter for search (passages,
 * documents, terms, postings, tokens, average passage length, stored text
 * before and after compression).
 *
 * check reads everything: every page CRC and the whole-file CRC of every
 * file, then every structure: the dictionary in order, every postings list
 * to its end (passages ascending and in range, positions ascending), the
 * character table, every passage record and stored text (valid UTF-8, one
 * per passage), every document record, and the totals against the
 * statistics.  It reports the first problem in each file, and names the
 * temporary files an interrupted build left behind (they are not damage:
 * the exit status stays 0; the next build removes them).
 */
#ifndef ZS_INSPECT_H
#define ZS_INSPECT_H

#include "err.h"

#include <stdint.h>
#include <stdio.h>

/* Print the sizes and counts of the index in `dir` to `out`.  Errors (the
 * message in d): those of ix_open (ZS_ENOTFOUND, ZS_ECORRUPT, ZS_EVERSION,
 * ZS_EIO, ZS_ENOMEM), ZS_ENOMEM, ZS_EIO when writing `out` failed. */
int ins_stats(const char *dir, FILE *out, zs_diag *d);

/* Check the index in `dir`: each problem found is printed to `out` as
 * "index corrupt: FILE: reason" (damage found while opening the index
 * counts as one), then the leftovers of interrupted builds, then a summary
 * line when nothing was found.  *problems is the number of problems.
 * Returns ZS_OK when the check ran to its end, whatever it found; errors
 * (the index could not be checked; message in d): ZS_ENOTFOUND, ZS_EIO
 * (reading, or writing `out`), ZS_ENOMEM. */
int ins_check(const char *dir, FILE *out, uint64_t *problems, zs_diag *d);

#endif
