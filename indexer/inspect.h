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

#include <stdio.h>

/* Both return the process exit status: 0 ok, 1 problems found (check),
 * 2 the index could not be opened. */
int ins_stats(const char *dir, FILE *out);
int ins_check(const char *dir, FILE *out);

#endif
