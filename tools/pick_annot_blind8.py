#!/usr/bin/env python3
"""Pick the EIGHTH blind city/year label set of issue 9 (tests/data/annot_blind8/).

The first seven blind sets (tests/data/annot_blind/ ... annot_blind7/) have
been used; this one is fresh, CCTV news and laws, labelled blind, split into
DEV and TEST by document afterwards (tools/split_annot_blind8.py).  Same rules
and layout as the sixth and seventh pickers: pick_annot_blind6.draw is
imported, not copied (and through it pick_annot_blind5, pick_annot_blind4,
pick_annot_blind2 and pick_annot_blind): health/ (CCTV stories drawn as
health by the title rule is_health), news/ (other CCTV stories), law/ (laws),
each document DOCID.txt plus DOCID.txt.meta.json {"date", "title"}, 2
paragraphs per document, a skeleton labels_test.tsv per directory.

Own SEED and counts, smaller than the seventh set's for lack of time, with
news still weighted (the weakest kind): N_NEWS news stories, N_HEALTH health
stories (N_STORIES = their sum, spread over 2022-2026 by
pick_annot_blind5.year_quotas), and N_LAWS laws = N_HENAN Henan + N_PROVINCE
other provinces (one each) + N_NATIONAL national.

Excluded: everything the seventh set excluded, plus the seventh set itself
(an --earlier root).  The numeric-fact sets facts_blind ... facts_blind6 are
--facts-blind roots; the eighth numeric-fact set is drawn after this one and
excludes this set's documents itself.

    python3 tools/pick_annot_blind8.py ../shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 tests/data/facts_blind4 \\
        tests/data/facts_blind5 tests/data/facts_blind6 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        tests/data/annot_blind5 tests/data/annot_blind6 \\
        tests/data/annot_blind7 \\
        --out tests/data/annot_blind8

Same inputs and SEED give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind5  # noqa: E402
import pick_annot_blind6  # noqa: E402  (its draw: the sixth set's rules, unchanged)
import pick_annot_blind7  # noqa: E402

SEED = 8800523
N_HEALTH = 12                        # CCTV stories drawn as health -> health/
N_NEWS = 30                          # other CCTV stories -> news/ (weighted: weakest kind)
N_STORIES = N_HEALTH + N_NEWS
N_HENAN, N_PROVINCE, N_NATIONAL = 4, 3, 3
N_LAWS = N_HENAN + N_PROVINCE + N_NATIONAL   # 10 laws -> law/
PARAS_PER_LAW = 2

assert SEED not in (pick_annot_blind5.SEED, pick_annot_blind6.SEED, pick_annot_blind7.SEED)

HEADER = pick_annot_blind6.HEADER.replace(
    "issue 9 sixth blind set", "issue 9 eighth blind set").replace(
    "pick_annot_blind6.py", "pick_annot_blind8.py").replace(
    "all {half} (no DEV half)", "split DEV/TEST by tools/split_annot_blind8.py")


def main():
    counts = {n: globals()[n] for n in pick_annot_blind6.COUNT_NAMES}
    pick_annot_blind6.draw(SEED, counts, HEADER, __doc__)


if __name__ == "__main__":
    main()
