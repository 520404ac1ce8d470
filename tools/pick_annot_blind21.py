#!/usr/bin/env python3
"""Pick the TWENTY-FIRST blind city/year label set of issue 9 (tests/data/annot_blind21/).

The first twenty blind sets (tests/data/annot_blind/ ... annot_blind20/)
have been used; this one is fresh, CCTV news and laws, labelled blind, split
into DEV and TEST by document afterwards (tools/split_annot_blind21.py).
Same rules and layout as the sixth to twentieth pickers:
pick_annot_blind6.draw is imported, not copied (and through it
pick_annot_blind5, pick_annot_blind4, pick_annot_blind2 and pick_annot_blind),
as is the nineteenth picker's health-pool guard
(pick_annot_blind19.health_quotas_as_there_are, as the twentieth picker
uses it): health/ (CCTV stories drawn as health by the title rule
is_health), news/ (other CCTV stories), law/
(laws), each document DOCID.txt plus DOCID.txt.meta.json {"date", "title"},
2 paragraphs per document, a skeleton labels_test.tsv per directory.

Own SEED and counts (those of the twentieth set), news still weighted (the
weakest kind): N_NEWS news stories, N_HEALTH health stories (N_STORIES =
their sum, spread over 2022-2026 by pick_annot_blind5.year_quotas; if the
health pool left after the twentieth set holds fewer than N_HEALTH stories
the draw takes what there is), and N_LAWS laws = N_HENAN Henan + N_PROVINCE
other province (one law of one drawn province category) + N_NATIONAL
national.

Excluded: everything the twentieth set excluded, plus the twentieth set
itself (an --earlier root) and the nineteenth numeric-fact blind set
(a --facts-blind directory).  The twentieth numeric-fact blind set
(facts_blind20) is drawn at the same time and cannot be excluded.

    python3 tools/pick_annot_blind21.py /work/shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 tests/data/facts_blind4 \\
        tests/data/facts_blind5 tests/data/facts_blind6 tests/data/facts_blind7 \\
        tests/data/facts_blind8 tests/data/facts_blind9 \\
        tests/data/facts_blind10 tests/data/facts_blind11 \\
        tests/data/facts_blind12 tests/data/facts_blind13 \\
        tests/data/facts_blind14 tests/data/facts_blind15 \\
        tests/data/facts_blind16 tests/data/facts_blind17 \\
        tests/data/facts_blind18 tests/data/facts_blind19 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        tests/data/annot_blind5 tests/data/annot_blind6 \\
        tests/data/annot_blind7 tests/data/annot_blind8 \\
        tests/data/annot_blind9 tests/data/annot_blind10 \\
        tests/data/annot_blind11 tests/data/annot_blind12 \\
        tests/data/annot_blind13 tests/data/annot_blind14 \\
        tests/data/annot_blind15 tests/data/annot_blind16 \\
        tests/data/annot_blind17 tests/data/annot_blind18 \\
        tests/data/annot_blind19 tests/data/annot_blind20 \\
        --out tests/data/annot_blind21

Same inputs and SEED give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blind_seeds  # noqa: E402  (the seed is checked against every earlier picker's)
import pick_annot_blind6  # noqa: E402  (its draw: the sixth set's rules, unchanged)
import pick_annot_blind19  # noqa: E402  (its health-pool guard, unchanged)

SEED = 2121212
N_HEALTH = 20                        # CCTV stories drawn as health -> health/
N_NEWS = 60                          # other CCTV stories -> news/ (weighted: weakest kind)
N_STORIES = N_HEALTH + N_NEWS
N_HENAN, N_PROVINCE, N_NATIONAL = 2, 1, 1
N_LAWS = N_HENAN + N_PROVINCE + N_NATIONAL   # 4 laws -> law/
PARAS_PER_LAW = 2

blind_seeds.assert_new(SEED, 'pick_annot_blind*.py', 'pick_annot_blind21')

HEADER = pick_annot_blind19.header_for("twenty-first", 21)


def main():
    counts = {n: globals()[n] for n in pick_annot_blind6.COUNT_NAMES}
    pick_annot_blind19.draw_guarded(SEED, counts, HEADER, __doc__)


if __name__ == "__main__":
    main()
