#!/usr/bin/env python3
"""Pick the SEVENTH blind city/year label set of issue 9 (tests/data/annot_blind7/).

The first six blind sets (tests/data/annot_blind/ ... annot_blind6/) have
been used; this one is fresh, CCTV news and laws, labelled blind, split into
DEV and TEST by document afterwards (tools/split_annot_blind7.py).  Same rules
and layout as the sixth picker, which is imported, not copied
(pick_annot_blind6.draw, and through it pick_annot_blind5, pick_annot_blind4,
pick_annot_blind2 and pick_annot_blind): health/ (CCTV stories drawn as
health by the title rule is_health), news/ (other CCTV stories), law/ (laws),
each document DOCID.txt plus DOCID.txt.meta.json {"date", "title"}, 2
paragraphs per document, a skeleton labels_test.tsv per directory.

Own SEED and counts.  The news kind was the weakest, so it is weighted here:
N_NEWS news stories, N_HEALTH health stories (N_STORIES = their sum, spread
over 2022-2026 by pick_annot_blind5.year_quotas), and N_LAWS laws =
N_HENAN Henan + N_PROVINCE other provinces (one each) + N_NATIONAL national.

Excluded: everything the sixth set excluded, plus the sixth set itself (an
--earlier root) and the numeric-fact sets facts_blind5 and facts_blind6
(--facts-blind roots).

    python3 tools/pick_annot_blind7.py ../shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 tests/data/facts_blind4 \\
        tests/data/facts_blind5 tests/data/facts_blind6 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        tests/data/annot_blind5 tests/data/annot_blind6 \\
        --out tests/data/annot_blind7

Same inputs and SEED give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind5  # noqa: E402
import pick_annot_blind6  # noqa: E402  (its draw: the sixth set's rules, unchanged)

SEED = 7700719
N_HEALTH = 20                        # CCTV stories drawn as health -> health/
N_NEWS = 45                          # other CCTV stories -> news/ (weighted: weakest kind)
N_STORIES = N_HEALTH + N_NEWS
N_HENAN, N_PROVINCE, N_NATIONAL = 6, 3, 3
N_LAWS = N_HENAN + N_PROVINCE + N_NATIONAL   # 12 laws -> law/
PARAS_PER_LAW = 2

assert SEED not in (pick_annot_blind5.SEED, pick_annot_blind6.SEED)

HEADER = pick_annot_blind6.HEADER.replace(
    "issue 9 sixth blind set", "issue 9 seventh blind set").replace(
    "pick_annot_blind6.py", "pick_annot_blind7.py").replace(
    "all {half} (no DEV half)", "split DEV/TEST by tools/split_annot_blind7.py")


def main():
    counts = {n: globals()[n] for n in pick_annot_blind6.COUNT_NAMES}
    pick_annot_blind6.draw(SEED, counts, HEADER, __doc__)


if __name__ == "__main__":
    main()
