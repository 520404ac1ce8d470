#!/usr/bin/env python3
"""Pick the FIFTH blind city/year label set of issue 9 (tests/data/annot_blind5/).

The first four blind sets (tests/data/annot_blind/, annot_blind2/,
annot_blind3/, annot_blind4/) have been used; this one is fresh, CCTV news and
laws, all TEST, scored once.  Same rules as the earlier pickers (imported, not
copied: tools/pick_annot_blind.py, pick_annot_blind2.py, pick_annot_blind4.py),
with its own SEED and counts: from the CCTV news corpus 65 stories of
300-3000 characters (25 health stories by title: is_health, 40 others),
spread evenly over the years 2022-2026, half of each year's share taken from
stories naming three or more distinct places, 2 paragraphs (lines) each, never
the "[查看原文](url)" link line; from the laws corpus 7 Henan regulations
(category contains 河南: provincial or city), 4 local regulations of 4 other
provinces (one each) and 4 national laws/regulations (text >= 1500
characters, 4+ article blocks), 2 paragraphs (blocks between blank lines)
each: 第N条 article blocks, and now and then one heading/adoption block.

Excluded: every document already in an earlier blind set root (any DOCID.txt
in any subdirectory), every story whose text is in corpus/, every story holding
a tests/data/facts/heldout_*.txt paragraph, and every story or law holding a
paragraph (block between blank lines) of a *.txt file of the numeric-fact
blind sets (tests/data/facts_blind/, facts_blind2/, facts_blind3/).  Each
document is written as DOCID.txt (the corpus "text" exactly) plus
DOCID.txt.meta.json {"date", "title"}.  A skeleton labels_test.tsv per
directory lists doc, kind, byte offset and excerpt of each picked paragraph
with cities and years left as '?'; it is only written when no labels file of
that name exists, so hand labels are never overwritten.

    python3 tools/pick_annot_blind5.py /work/shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        tests/data/facts_blind3 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 tests/data/annot_blind4 \\
        --out tests/data/annot_blind5

Arguments: corpora directory (cctv_news.jsonl.gz, laws.jsonl.gz), the seed
corpus directory, the numeric-fact held-out set directory, the numeric-fact
blind set directories, the earlier city/year blind set roots and the output
root (news/ and law/ are written below it).  Same inputs and SEED give the
same files.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind  # noqa: E402  (its YEARS, set per year by year_quotas)
import pick_annot_blind4  # noqa: E402  (its law-group and block-count wrappers)
from pick_annot_blind import (  # noqa: E402  (the first picker's rules, unchanged)
    YEARS, is_health, law_meta, pick_stories, place_names, read_jsonl, seen_texts, story_ok,
    story_paras, write_doc, write_skeleton)
from pick_annot_blind2 import used_ids  # noqa: E402
from pick_annot_blind4 import fact_paragraphs, holds_any  # noqa: E402

SEED = 5500931
N_STORIES = 65
N_HEALTH = 25
N_HENAN, N_PROVINCE, N_NATIONAL = 7, 4, 4
PARAS_PER_LAW = 2


def year_quotas(stories, total, health):
    """Per-year quotas of one kind: as even as possible over YEARS (the
    earlier years take the remainder first, as in pick_stories); a year whose
    pool is smaller than its share gives all it has and its shortfall goes,
    one story at a time, to the other years in YEARS order that still have
    stories to spare.  (After four earlier sets the health pools of 2025 and
    2026 hold only 4 stories each.)"""
    pools = {y: sum(1 for d in stories if d["date"][:4] == y
                    and is_health(d["title"]) == health) for y in YEARS}
    quota = {y: total // len(YEARS) + (1 if i < total % len(YEARS) else 0)
             for i, y in enumerate(YEARS)}
    short = 0
    for y in YEARS:
        if quota[y] > pools[y]:
            short += quota[y] - pools[y]
            quota[y] = pools[y]
    while short:
        spare = [y for y in YEARS if quota[y] < pools[y]]
        if not spare:
            sys.exit("not enough %s stories" % ("health" if health else "news"))
        for y in spare:
            if short:
                quota[y] += 1
                short -= 1
    return quota


def pick_stories_even(rng, stories, places):
    """pick_annot_blind.pick_stories run one year at a time (its YEARS set to
    that year) with the quotas of year_quotas: per year health then others,
    half of each share from stories naming 3+ places."""
    qh = year_quotas(stories, N_HEALTH, True)
    qn = year_quotas(stories, N_STORIES - N_HEALTH, False)
    picked = []
    saved = pick_annot_blind.YEARS
    try:
        for y in YEARS:
            pick_annot_blind.YEARS = (y,)
            picked += pick_stories(rng, stories, places, qh[y] + qn[y], qh[y])
    finally:
        pick_annot_blind.YEARS = saved
    return picked


def pick_laws(rng, laws):
    """pick_annot_blind4.pick_laws with this set's group sizes."""
    saved = (pick_annot_blind4.N_HENAN, pick_annot_blind4.N_PROVINCE,
             pick_annot_blind4.N_NATIONAL)
    (pick_annot_blind4.N_HENAN, pick_annot_blind4.N_PROVINCE,
     pick_annot_blind4.N_NATIONAL) = N_HENAN, N_PROVINCE, N_NATIONAL
    try:
        return pick_annot_blind4.pick_laws(rng, laws)
    finally:
        (pick_annot_blind4.N_HENAN, pick_annot_blind4.N_PROVINCE,
         pick_annot_blind4.N_NATIONAL) = saved


def law_paras(rng, d):
    """pick_annot_blind4.law_paras2 drawing PARAS_PER_LAW blocks."""
    saved = pick_annot_blind4.PARAS_PER_LAW
    pick_annot_blind4.PARAS_PER_LAW = PARAS_PER_LAW
    try:
        return pick_annot_blind4.law_paras2(rng, d)
    finally:
        pick_annot_blind4.PARAS_PER_LAW = saved


HEADER = """\
# City/year labels of {what} (issue 9 fifth blind set; see ../README.md).
# Picked by tools/pick_annot_blind5.py (fixed SEED); all {half} (no DEV half).
# Labelled by hand by READING each whole document (date and title in the
# .meta.json sidecar) before any annotator output was seen.
# Format (TAB-separated): doc kind offset cities years excerpt
#   offset = UTF-8 byte offset of the paragraph's first non-space character;
#   cities = topic places (short prefecture names, 省/自治区 names for a whole
#   province, 全国, '-' none); years = years the paragraph is about (a-b range,
#   '-' none); 'x|y' = equally right alternatives; excerpt = first 12 chars.
# doc\tkind\toffset\tcities\tyears\texcerpt
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora")
    ap.add_argument("seed_dir")
    ap.add_argument("facts_dir")
    ap.add_argument("--facts-blind", nargs="+", default=[])
    ap.add_argument("--earlier", nargs="+", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(SEED)
    places = place_names(os.path.join(a.corpora, "..", "gazetteer"))
    seeds, held = seen_texts(a.seed_dir, a.facts_dir)
    facts = fact_paragraphs(a.facts_blind)
    used = set()
    for root in a.earlier:
        used |= used_ids(root)
    stories = [d for d in read_jsonl(os.path.join(a.corpora, "cctv_news.jsonl.gz"))
               if d["id"] not in used and story_ok(d, seeds, held)
               and not holds_any(d["text"], facts)]
    picked = pick_stories_even(rng, stories, places)
    laws = [d for d in read_jsonl(os.path.join(a.corpora, "laws.jsonl.gz"))
            if d["id"] not in used and not holds_any(d["text"], facts)]
    laws = pick_laws(rng, laws)

    rows = {"news": [], "law": []}
    for kind, d in picked:
        write_doc(os.path.join(a.out, "news"), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows["news"].append((d["id"] + ".txt", kind, off, para))
    for _, d in laws:
        date, title = law_meta(d)
        write_doc(os.path.join(a.out, "law"), d["id"], d["text"], date, title)
        for off, para in law_paras(rng, d):
            rows["law"].append((d["id"] + ".txt", "law", off, para))
    for sub, r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs" if sub == "news" else "law paragraphs"
        write_skeleton(os.path.join(a.out, sub), "test", what, r, HEADER)


if __name__ == "__main__":
    main()
