#!/usr/bin/env python3
"""Pick the NINETEENTH blind city/year label set of issue 9 (tests/data/annot_blind19/).

The first eighteen blind sets (tests/data/annot_blind/ ... annot_blind18/)
have been used; this one is fresh, CCTV news and laws, labelled blind, split
into DEV and TEST by document afterwards (tools/split_annot_blind19.py).
Same rules and layout as the sixth to eighteenth pickers:
pick_annot_blind6.draw is imported, not copied (and through it
pick_annot_blind5, pick_annot_blind4, pick_annot_blind2 and pick_annot_blind):
health/ (CCTV stories drawn as health by the title rule is_health), news/
(other CCTV stories), law/ (laws), each document DOCID.txt plus
DOCID.txt.meta.json {"date", "title"}, 2 paragraphs per document, a skeleton
labels_test.tsv per directory.

Own SEED and counts (those of the eighteenth set), news still weighted (the
weakest kind): N_NEWS news stories, N_HEALTH health stories (N_STORIES =
their sum, spread over 2022-2026 by pick_annot_blind5.year_quotas; the health
pool left after the eighteenth set is all of 2022, and if it holds fewer
than N_HEALTH stories the draw takes what there is), and N_LAWS laws =
N_HENAN Henan + N_PROVINCE other province (one law of one drawn province
category) + N_NATIONAL national.

Excluded: everything the eighteenth set excluded, plus the eighteenth set
itself (an --earlier root) and the seventeenth numeric-fact blind set
(a --facts-blind directory).  The eighteenth numeric-fact blind set
(facts_blind18) is drawn at the same time and cannot be excluded.

    python3 tools/pick_annot_blind19.py /work/shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 tests/data/facts_blind4 \\
        tests/data/facts_blind5 tests/data/facts_blind6 tests/data/facts_blind7 \\
        tests/data/facts_blind8 tests/data/facts_blind9 \\
        tests/data/facts_blind10 tests/data/facts_blind11 \\
        tests/data/facts_blind12 tests/data/facts_blind13 \\
        tests/data/facts_blind14 tests/data/facts_blind15 \\
        tests/data/facts_blind16 tests/data/facts_blind17 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        tests/data/annot_blind5 tests/data/annot_blind6 \\
        tests/data/annot_blind7 tests/data/annot_blind8 \\
        tests/data/annot_blind9 tests/data/annot_blind10 \\
        tests/data/annot_blind11 tests/data/annot_blind12 \\
        tests/data/annot_blind13 tests/data/annot_blind14 \\
        tests/data/annot_blind15 tests/data/annot_blind16 \\
        tests/data/annot_blind17 tests/data/annot_blind18 \\
        --out tests/data/annot_blind19

Same inputs and SEED give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind  # noqa: E402
import pick_annot_blind2  # noqa: E402
import pick_annot_blind3  # noqa: E402
import pick_annot_blind4  # noqa: E402
import pick_annot_blind5  # noqa: E402
import pick_annot_blind6  # noqa: E402  (its draw: the sixth set's rules, unchanged)
import pick_annot_blind7  # noqa: E402
import pick_annot_blind8  # noqa: E402
import pick_annot_blind9  # noqa: E402
import pick_annot_blind10  # noqa: E402
import pick_annot_blind11  # noqa: E402
import pick_annot_blind12  # noqa: E402
import pick_annot_blind13  # noqa: E402
import pick_annot_blind14  # noqa: E402
import pick_annot_blind15  # noqa: E402
import pick_annot_blind16  # noqa: E402
import pick_annot_blind17  # noqa: E402
import pick_annot_blind18  # noqa: E402

SEED = 1919191
N_HEALTH = 20                        # CCTV stories drawn as health -> health/
N_NEWS = 60                          # other CCTV stories -> news/ (weighted: weakest kind)
N_STORIES = N_HEALTH + N_NEWS
N_HENAN, N_PROVINCE, N_NATIONAL = 2, 1, 1
N_LAWS = N_HENAN + N_PROVINCE + N_NATIONAL   # 4 laws -> law/
PARAS_PER_LAW = 2

assert SEED not in (pick_annot_blind.SEED, pick_annot_blind2.SEED, pick_annot_blind3.SEED,
                    pick_annot_blind4.SEED, pick_annot_blind5.SEED, pick_annot_blind6.SEED,
                    pick_annot_blind7.SEED, pick_annot_blind8.SEED, pick_annot_blind9.SEED,
                    pick_annot_blind10.SEED, pick_annot_blind11.SEED, pick_annot_blind12.SEED,
                    pick_annot_blind13.SEED, pick_annot_blind14.SEED, pick_annot_blind15.SEED,
                    pick_annot_blind16.SEED, pick_annot_blind17.SEED, pick_annot_blind18.SEED)

HEADER = pick_annot_blind6.HEADER.replace(
    "issue 9 sixth blind set", "issue 9 nineteenth blind set").replace(
    "pick_annot_blind6.py", "pick_annot_blind19.py").replace(
    "all {half} (no DEV half)", "split DEV/TEST by tools/split_annot_blind19.py")


def health_quotas_as_there_are(quotas):
    """Wrap pick_annot_blind5.year_quotas (called unchanged) so that a health
    pool smaller than N_HEALTH gives all it has instead of stopping the draw
    ("not enough health stories"); the news quota is untouched.  When the pool
    holds N_HEALTH stories or more the wrapper changes nothing."""
    def wrapped(stories, total, health):
        if health:
            pool = sum(1 for d in stories if d["date"][:4] in pick_annot_blind5.YEARS
                       and pick_annot_blind5.is_health(d["title"]))
            if pool < total:
                print("health pool holds %d stories < %d: all of them drawn"
                      % (pool, total), file=sys.stderr)
                total = pool
            else:
                print("health: %d stories drawn" % total, file=sys.stderr)
        return quotas(stories, total, health)
    return wrapped


def header_for(ordinal, number):
    """pick_annot_blind6.HEADER for the set `number` (written out as the
    ordinal word, "twentieth"): its picker, its splitter."""
    return pick_annot_blind6.HEADER.replace(
        "issue 9 sixth blind set", "issue 9 %s blind set" % ordinal).replace(
        "pick_annot_blind6.py", "pick_annot_blind%d.py" % number).replace(
        "all {half} (no DEV half)", "split DEV/TEST by tools/split_annot_blind%d.py" % number)


def draw_guarded(seed, counts, header, doc):
    """pick_annot_blind6.draw with the health-pool guard
    (health_quotas_as_there_are) around pick_annot_blind5.year_quotas; the
    nineteenth and later pickers draw through it."""
    saved = pick_annot_blind5.year_quotas
    pick_annot_blind5.year_quotas = health_quotas_as_there_are(saved)
    try:
        pick_annot_blind6.draw(seed, counts, header, doc)
    finally:
        pick_annot_blind5.year_quotas = saved


def main():
    counts = {n: globals()[n] for n in pick_annot_blind6.COUNT_NAMES}
    draw_guarded(SEED, counts, HEADER, __doc__)


if __name__ == "__main__":
    main()
