#!/usr/bin/env python3
"""Pick the THIRD blind city/year label set of issue 9 (tests/data/annot_blind3/).

The first two blind sets (tests/data/annot_blind/, tests/data/annot_blind2/)
have been scored; this one is fresh, CCTV news only and all TEST, scored once.
Same story rules as tools/pick_annot_blind2.py, with its own SEED and counts:
from the CCTV news corpus 36 stories of 300-3000 characters (12 health stories
by title: is_health), spread evenly over the years 2022-2026, half of each
year's share taken from stories naming three or more distinct places, 2
paragraphs (lines) each, never the "[查看原文](url)" link line.  Every document
already in tests/data/annot_blind/ (any subdirectory), in
tests/data/annot_blind2/ (any subdirectory), in corpus/, or holding a
tests/data/facts/heldout_*.txt paragraph is excluded.  Each document is written
as DOCID.txt (the corpus "text" exactly) plus DOCID.txt.meta.json
{"date", "title"}.  A skeleton news/labels_test.tsv lists doc, kind, byte
offset and excerpt of each picked paragraph with cities and years left as '?';
it is only written when no labels file of that name exists, so hand labels are
never overwritten.

    python3 tools/pick_annot_blind3.py /work/shared/corpora \\
        /work/main/corpus /work/main/tests/data/facts \\
        tests/data/annot_blind tests/data/annot_blind2 tests/data/annot_blind3

Arguments: corpora directory (cctv_news.jsonl.gz), the seed corpus directory,
the numeric-fact held-out set directory, one or more earlier blind set roots
(their DOCID.txt files in any subdirectory are excluded) and, last, the output
root (news/ is written below it).  Same inputs and SEED give the same files.
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pick_annot_blind import (  # noqa: E402  (the first picker's rules, unchanged)
    is_health, lines_with_offsets, pick_stories, place_names, read_jsonl, seen_texts, story_ok,
    story_paras, write_doc, write_skeleton)
from pick_annot_blind2 import used_ids  # noqa: E402

SEED = 3300911
N_STORIES = 36
N_HEALTH = 12


HEADER = """\
# City/year labels of {what} (issue 9 third blind set; see ../README.md).
# Picked by tools/pick_annot_blind3.py (fixed SEED); all {half} (no DEV half).
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
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    corpora, seed_dir, facts_dir = sys.argv[1:4]
    earlier, out = sys.argv[4:-1], sys.argv[-1]
    rng = random.Random(SEED)
    places = place_names(os.path.join(corpora, "..", "gazetteer"))
    seeds, held = seen_texts(seed_dir, facts_dir)
    used = set()
    for root in earlier:
        used |= used_ids(root)
    stories = [d for d in read_jsonl(os.path.join(corpora, "cctv_news.jsonl.gz"))
               if d["id"] not in used and story_ok(d, seeds, held)]
    picked = pick_stories(rng, stories, places, N_STORIES, N_HEALTH)
    rows = {"news": []}
    for kind, d in picked:
        write_doc(os.path.join(out, "news"), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows["news"].append((d["id"] + ".txt", kind, off, para))
    for sub, r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs"
        write_skeleton(os.path.join(out, sub), "test", what, r, HEADER)


if __name__ == "__main__":
    main()
