/*
 * charscan.h - a query of one lone CJK character over one segment: its
 * exact count and its best k passages, without gathering its union list.
 *
 * A lone character matches every term that starts with it (match.h
 * MT_LIST), so its tf in a passage is the sum of those terms' tfs: for 的
 * at 1 GB, 2,591 terms and 6.1 M postings over 3.8 M passages.  The
 * general matcher gathers that union into one sorted list before the
 * search walks it, scattering tfs over an accumulator of one entry per
 * passage (25 MB there) and sorting or sweeping it.  Here every term's
 * cursor adds its tfs into a window of CHS_WINDOW passages at a time, so
 * the accumulators stay in cache (Lucene's BooleanScorer scores
 * disjunctions in windows the same way), and the window is then swept in
 * passage order: each live passage with a tf is counted, and scored only
 * when the bound of its tf at the smallest possible length could still
 * enter the top k.  Passages are offered in the order the general path
 * offers them, with the same scores, so the hits and the count are the
 * same, bit for bit.  A count alone (k = 0) in a segment without
 * deletions is the character's entry in CHARS, the number of passages
 * that hold it (docs/FORMAT.md), and reads no list at all.  In a segment
 * without deletions where the character has its own list (charlist.h: in
 * at least a third of the passages), the top k come from that list
 * instead, its blocks passed over unless one of their impacts can enter
 * (的 at 1 GB: 35 -> 2 ms).
 */
#ifndef ZS_CHARSCAN_H
#define ZS_CHARSCAN_H

#include "err.h"
#include "match.h"
#include "segment.h"
#include "topk.h"

#include <stddef.h>
#include <stdint.h>

/* Passages per window: 64 Ki accumulators of 4 bytes, 256 KiB, which
 * stay in a core's L2 cache while thousands of lists add into them; a
 * window costs a visit to every list's cursor, and with 6.4 M passages
 * that is 98 windows of 2,591 lists for 的. */
#define CHS_WINDOW 65536u

/* Count the live passages of segment `sg` that hold character token `t`
 * (a TOK_PREFIX token: the character's UTF-8) into *total (added to it),
 * and offer each, as passage base + id with score bm25(idf, tf, dl), to
 * `tk` (which may keep none).  `acc` is scratch of at least
 * min(CHS_WINDOW, sg->npassages) zeroed entries, returned zeroed.
 * Errors: ZS_ECORRUPT (damaged dictionary or postings), ZS_ENOMEM. */
int chs_run(segment *sg, const mt_tok *t, double idf, double avgdl, uint64_t base, uint32_t *acc,
            topk *tk, uint64_t *total, zs_diag *d);

#endif
