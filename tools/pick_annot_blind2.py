#!/usr/bin/env python3
"""Pick the SECOND blind city/year label set of issue 9 (tests/data/annot_blind2/).

The first blind set (tests/data/annot_blind/, tools/pick_annot_blind.py) was
spent on tuning; this one is fresh and all TEST, scored once.  Same rules as
the first picker, with its own SEED and smaller counts: from the CCTV news
corpus 50 stories of 300-3000 characters (17 health stories by title:
is_health), spread evenly over the years 2022-2026, half of each year's share
taken from stories naming three or more distinct places, 2 paragraphs (lines)
each; from the laws corpus 3 Henan regulations, 2 local regulations of 2 other
provinces and 3 national laws/regulations (text >= 1500 characters), 4
paragraphs (blocks between blank lines) each: 第N条 article blocks, and now and
then one heading/adoption block.  Every document already in
tests/data/annot_blind/ (any subdirectory), in corpus/, or holding a
tests/data/facts/heldout_*.txt paragraph is excluded.  Each document is written
as DOCID.txt (the corpus "text" exactly) plus DOCID.txt.meta.json
{"date", "title"}.  A skeleton labels_test.tsv per directory lists doc, kind,
byte offset and excerpt of each picked paragraph with cities and years left as
'?'; it is only written when no labels file of that name exists, so hand
labels are never overwritten.

    python3 tools/pick_annot_blind2.py /work/shared/corpora \\
        /work/main/corpus /work/main/tests/data/facts \\
        tests/data/annot_blind tests/data/annot_blind2

Arguments: corpora directory (cctv_news.jsonl.gz, laws.jsonl.gz), the seed
corpus directory, the numeric-fact held-out set directory, the first blind
set's root (its DOCID.txt files in any subdirectory are excluded) and the
output root (news/ and law/ are written below it).  Same inputs and SEED give
the same files.
"""
import glob
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pick_annot_blind import (  # noqa: E402  (the first picker's rules, unchanged)
    NATIONAL, blocks_with_offsets, is_health, law_meta, law_ok, law_paras, lines_with_offsets,
    pick_stories, place_names, read_jsonl, seen_texts, story_ok, story_paras, write_doc,
    write_skeleton)

SEED = 9200417
N_STORIES = 50
N_HEALTH = 17
N_HENAN, N_PROVINCE, N_NATIONAL = 3, 2, 3


def used_ids(first_root):
    """Document ids of the first blind set (DOCID.txt in any subdirectory)."""
    ids = set()
    for path in glob.glob(os.path.join(first_root, "**", "*.txt"), recursive=True):
        ids.add(os.path.basename(path)[: -len(".txt")])
    return ids


def pick_laws(rng, laws):
    """3 Henan, 2 of 2 other provinces (one each), 3 national."""
    ok = [d for d in laws if law_ok(d)]
    henan = [d for d in ok if "河南" in d["category"]]
    national = [d for d in ok if d["category"] in NATIONAL]
    provs = sorted({d["category"] for d in ok
                    if d["category"].startswith("DLC/") and "河南" not in d["category"]})
    other = []
    for cat in rng.sample(provs, N_PROVINCE):
        other.append(rng.choice([d for d in ok if d["category"] == cat]))
    groups = [("henan", rng.sample(henan, N_HENAN)), ("province", other),
              ("national", rng.sample(national, N_NATIONAL))]
    return [(g, d) for g, docs in groups for d in docs]


HEADER = """\
# City/year labels of {what} (issue 9 second blind set; see ../README.md).
# Picked by tools/pick_annot_blind2.py (fixed SEED); all {half} (no DEV half).
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
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    corpora, seed_dir, facts_dir, first_root, out = sys.argv[1:6]
    rng = random.Random(SEED)
    places = place_names(os.path.join(corpora, "..", "gazetteer"))
    seeds, held = seen_texts(seed_dir, facts_dir)
    used = used_ids(first_root)
    stories = [d for d in read_jsonl(os.path.join(corpora, "cctv_news.jsonl.gz"))
               if d["id"] not in used and story_ok(d, seeds, held)]
    picked = pick_stories(rng, stories, places, N_STORIES, N_HEALTH)
    laws = [d for d in read_jsonl(os.path.join(corpora, "laws.jsonl.gz"))
            if d["id"] not in used]
    laws = pick_laws(rng, laws)

    rows = {"news": [], "law": []}
    for kind, d in picked:
        write_doc(os.path.join(out, "news"), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows["news"].append((d["id"] + ".txt", kind, off, para))
    for _, d in laws:
        date, title = law_meta(d)
        write_doc(os.path.join(out, "law"), d["id"], d["text"], date, title)
        for off, para in law_paras(rng, d):
            rows["law"].append((d["id"] + ".txt", "law", off, para))
    for sub, r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs" if sub == "news" else "law paragraphs"
        write_skeleton(os.path.join(out, sub), "test", what, r, HEADER)


if __name__ == "__main__":
    main()
