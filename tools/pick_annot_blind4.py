#!/usr/bin/env python3
"""Pick the FOURTH blind city/year label set of issue 9 (tests/data/annot_blind4/).

The first three blind sets (tests/data/annot_blind/, annot_blind2/,
annot_blind3/) have been used; this one is fresh, CCTV news and laws, all
TEST, scored once.  Same rules as the earlier pickers (imported, not copied),
with its own SEED and counts: from the CCTV news corpus 60 stories of
300-3000 characters (20 health stories by title: is_health), spread evenly
over the years 2022-2026, half of each year's share taken from stories naming
three or more distinct places, 2 paragraphs (lines) each, never the
"[查看原文](url)" link line; from the laws corpus 7 Henan regulations (category
contains 河南: provincial or city), 4 local regulations of 4 other provinces
(one each) and 4 national laws/regulations (text >= 1500 characters, 4+
article blocks), 2 paragraphs (blocks between blank lines) each: 第N条
article blocks, and now and then one heading/adoption block.

Excluded: every document already in an earlier blind set root (any DOCID.txt
in any subdirectory), every story whose text is in corpus/, every story holding
a tests/data/facts/heldout_*.txt paragraph, and every story or law holding a
paragraph (block between blank lines) of a *.txt file of the numeric-fact
blind sets (tests/data/facts_blind/, tests/data/facts_blind2/: they store
paragraphs, not whole documents).  Each document is written as DOCID.txt (the
corpus "text" exactly) plus DOCID.txt.meta.json {"date", "title"}.  A skeleton
labels_test.tsv per directory lists doc, kind, byte offset and excerpt of each
picked paragraph with cities and years left as '?'; it is only written when no
labels file of that name exists, so hand labels are never overwritten.

    python3 tools/pick_annot_blind4.py /work/shared/corpora \\
        corpus tests/data/facts \\
        --facts-blind tests/data/facts_blind tests/data/facts_blind2 \\
        --earlier tests/data/annot_blind tests/data/annot_blind2 \\
        tests/data/annot_blind3 --out tests/data/annot_blind4

Arguments: corpora directory (cctv_news.jsonl.gz, laws.jsonl.gz), the seed
corpus directory, the numeric-fact held-out set directory, the numeric-fact
blind set directories, the earlier city/year blind set roots and the output
root (news/ and law/ are written below it).  Same inputs and SEED give the
same files.
"""
import argparse
import glob
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_annot_blind  # noqa: E402  (the first picker's rules, unchanged)
import pick_annot_blind2  # noqa: E402  (its law groups)
from pick_annot_blind import (  # noqa: E402
    law_meta, law_paras, pick_stories, place_names, read_jsonl, seen_texts, story_ok,
    story_paras, write_doc, write_skeleton)
from pick_annot_blind2 import used_ids  # noqa: E402

SEED = 4400127
N_STORIES = 60
N_HEALTH = 20
N_HENAN, N_PROVINCE, N_NATIONAL = 7, 4, 4
PARAS_PER_LAW = 2


def fact_paragraphs(dirs):
    """Paragraphs (blocks between blank lines) of the fact sets' *.txt files."""
    paras = set()
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
            with open(path, encoding="utf-8") as f:
                paras |= {p.strip() for p in f.read().split("\n\n") if p.strip()}
    return sorted(paras)


def holds_any(text, paras):
    return any(p in text for p in paras)


def pick_laws(rng, laws):
    """pick_annot_blind2.pick_laws with this set's group sizes."""
    saved = (pick_annot_blind2.N_HENAN, pick_annot_blind2.N_PROVINCE,
             pick_annot_blind2.N_NATIONAL)
    (pick_annot_blind2.N_HENAN, pick_annot_blind2.N_PROVINCE,
     pick_annot_blind2.N_NATIONAL) = N_HENAN, N_PROVINCE, N_NATIONAL
    try:
        return pick_annot_blind2.pick_laws(rng, laws)
    finally:
        (pick_annot_blind2.N_HENAN, pick_annot_blind2.N_PROVINCE,
         pick_annot_blind2.N_NATIONAL) = saved


def law_paras2(rng, d):
    """pick_annot_blind.law_paras drawing PARAS_PER_LAW blocks (law_ok,
    which asks for 4+ article blocks, is left unchanged)."""
    saved = pick_annot_blind.PARAS_PER_LAW
    pick_annot_blind.PARAS_PER_LAW = PARAS_PER_LAW
    try:
        return law_paras(rng, d)
    finally:
        pick_annot_blind.PARAS_PER_LAW = saved


HEADER = """\
# City/year labels of {what} (issue 9 fourth blind set; see ../README.md).
# Picked by tools/pick_annot_blind4.py (fixed SEED); all {half} (no DEV half).
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
    picked = pick_stories(rng, stories, places, N_STORIES, N_HEALTH)
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
        for off, para in law_paras2(rng, d):
            rows["law"].append((d["id"] + ".txt", "law", off, para))
    for sub, r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs" if sub == "news" else "law paragraphs"
        write_skeleton(os.path.join(a.out, sub), "test", what, r, HEADER)


if __name__ == "__main__":
    main()
