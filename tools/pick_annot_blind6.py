#!/usr/bin/env python3
"""Pick the SIXTH blind city/year label set of issue 9 (tests/data/annot_blind6/).

The first five blind sets (tests/data/annot_blind/ ... annot_blind5/) have
been used; this one is fresh, CCTV news and laws, all TEST, scored once.
Same rules as the earlier pickers (imported, not copied:
tools/pick_annot_blind.py, pick_annot_blind2.py, pick_annot_blind4.py,
pick_annot_blind5.py), with its own SEED and counts: from the CCTV news
corpus 60 stories of 300-3000 characters (22 health stories by title:
is_health, 38 others), spread over the years 2022-2026 with
pick_annot_blind5.year_quotas (a year whose pool is too small passes its
shortfall to the other years), half of each year's share taken from stories
naming three or more distinct places, 2 paragraphs (lines) each, never the
"[查看原文](url)" link line; from the laws corpus 7 Henan regulations, 4
local regulations of 4 other provinces (one each) and 4 national
laws/regulations, 2 paragraphs (blocks between blank lines) each: 第N条
article blocks, and now and then one heading/adoption block.

New here: the health stories are written to their own directory health/
(with their own labels_test.tsv), the other stories to news/, the laws to
law/, so that health has its own score.

Excluded: every document already in an earlier blind set root (any DOCID.txt
in any subdirectory: annot_blind ... annot_blind5), every story whose text is
in corpus/, every story holding a tests/data/facts/heldout_*.txt paragraph,
and every story or law holding a paragraph (block between blank lines) of a
*.txt file of the numeric-fact blind sets (facts_blind ... facts_blind4, and
facts_blind5 where it exists).  Each document is written as DOCID.txt (the
corpus "text" exactly) plus DOCID.txt.meta.json {"date", "title"}.  A
skeleton labels_test.tsv per directory lists doc, kind, byte offset and
excerpt of each picked paragraph with cities and years left as '?'; it is
only written when no labels file of that name exists, so hand labels are
never overwritten.

    python3 tools/pick_annot_blind6.py /work/shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 tests/data/facts_blind4 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        tests/data/annot_blind5 --out tests/data/annot_blind6

Arguments: corpora directory (cctv_news.jsonl.gz, laws.jsonl.gz), the seed
corpus directory, the numeric-fact held-out set directory, the numeric-fact
blind set directories, the earlier city/year blind set roots and the output
root (health/, news/ and law/ are written below it).  Same inputs and SEED
give the same files.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind5  # noqa: E402  (its per-year quotas and law wrappers)
from pick_annot_blind import (  # noqa: E402  (the first picker's rules, unchanged)
    law_meta, place_names, read_jsonl, seen_texts, story_ok, story_paras, write_doc,
    write_skeleton)
from pick_annot_blind2 import used_ids  # noqa: E402
from pick_annot_blind4 import fact_paragraphs, holds_any  # noqa: E402

SEED = 6600713
N_STORIES = 60
N_HEALTH = 22
N_HENAN, N_PROVINCE, N_NATIONAL = 7, 4, 4
PARAS_PER_LAW = 2

HEADER = pick_annot_blind5.HEADER.replace(
    "issue 9 fifth blind set", "issue 9 sixth blind set").replace(
    "pick_annot_blind5.py", "pick_annot_blind6.py")


COUNT_NAMES = ("N_STORIES", "N_HEALTH", "N_HENAN", "N_PROVINCE", "N_NATIONAL",
               "PARAS_PER_LAW")
COUNTS = {n: globals()[n] for n in COUNT_NAMES}


def with_counts(fn, *args, counts=None):
    """Run a pick_annot_blind5 function with this set's counts (or with
    `counts`, a dict over COUNT_NAMES, for a later picker)."""
    counts = counts or COUNTS
    names = COUNT_NAMES
    saved = {n: getattr(pick_annot_blind5, n) for n in names}
    for n in names:
        setattr(pick_annot_blind5, n, counts[n])
    try:
        return fn(*args)
    finally:
        for n, v in saved.items():
            setattr(pick_annot_blind5, n, v)


def draw(seed=SEED, counts=None, header=HEADER, doc=__doc__):
    """Parse the command line and draw the set with `seed`, `counts` (a dict
    over COUNT_NAMES; default this set's) and the label-file `header`.
    Shared with the later pickers (tools/pick_annot_blind7.py)."""
    counts = counts or COUNTS
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora")
    ap.add_argument("seed_dir")
    ap.add_argument("facts_dir")
    ap.add_argument("--facts-blind", nargs="+", default=[])
    ap.add_argument("--earlier", nargs="+", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(seed)
    places = place_names(os.path.join(a.corpora, "..", "gazetteer"))
    seeds, held = seen_texts(a.seed_dir, a.facts_dir)
    facts = fact_paragraphs(a.facts_blind)
    used = set()
    for root in a.earlier:
        used |= used_ids(root)
    stories = [d for d in read_jsonl(os.path.join(a.corpora, "cctv_news.jsonl.gz"))
               if d["id"] not in used and story_ok(d, seeds, held)
               and not holds_any(d["text"], facts)]
    picked = with_counts(pick_annot_blind5.pick_stories_even, rng, stories, places,
                         counts=counts)
    laws = [d for d in read_jsonl(os.path.join(a.corpora, "laws.jsonl.gz"))
            if d["id"] not in used and not holds_any(d["text"], facts)]
    laws = with_counts(pick_annot_blind5.pick_laws, rng, laws, counts=counts)

    rows = {"health": [], "news": [], "law": []}
    for kind, d in picked:
        write_doc(os.path.join(a.out, kind), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows[kind].append((d["id"] + ".txt", kind, off, para))
    for _, d in laws:
        date, title = law_meta(d)
        write_doc(os.path.join(a.out, "law"), d["id"], d["text"], date, title)
        for off, para in with_counts(pick_annot_blind5.law_paras, rng, d, counts=counts):
            rows["law"].append((d["id"] + ".txt", "law", off, para))
    what = {"health": "CCTV health news paragraphs", "news": "CCTV news paragraphs",
            "law": "law paragraphs"}
    for sub, r in sorted(rows.items()):
        r.sort()
        write_skeleton(os.path.join(a.out, sub), "test", what[sub], r, header)


def main():
    draw()


if __name__ == "__main__":
    main()
