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
import glob
import gzip
import json
import os
import random
import re
import sys

SEED = 3300911
YEARS = ("2022", "2023", "2024", "2025", "2026")
N_STORIES = 36
N_HEALTH = 12
PARAS_PER_STORY = 2
MIN_STORY, MAX_STORY = 300, 3000
MIN_PARA_CHARS = 10
MULTI_PLACE = 3
HEALTH_TITLE = re.compile(
    "卫生|卫健|健康|医|疫|药|疾控|患者|病例|疾病|传染|诊疗|流感|新冠|癌|慢性病|"
    "接种|体检|护理"
)
# Titles that match HEALTH_TITLE but are about war, disasters or the economy
# ("纳赛尔医院" in a Gaza report, "神医" for a driller, "健康发展").
NOT_HEALTH_TITLE = re.compile(
    "健康发展|健康有序|神医|以军|以色列|加沙|哈马斯|俄|乌克兰|地震|火灾|事故|塌方|灾害|台风|洪"
)
LINK_LINE = "[查看原文]"
PLACE_SUFFIX = re.compile(
    "(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|地区|盟|"
    "[^族]*族自治州|自治州)$"
)


def read_jsonl(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def place_names(gazetteer):
    """Short province and prefecture names, for counting places in a story."""
    names = set()
    for fname in ("provinces.csv", "cities.csv"):
        with open(os.path.join(gazetteer, fname), encoding="utf-8") as f:
            next(f)
            for line in f:
                name = line.split(",")[1].strip('"')
                short = PLACE_SUFFIX.sub("", name)
                if len(short) >= 2 and name != "市辖区":
                    names.add(short)
    return sorted(names)


def seen_texts(seed_dir, facts_dir):
    """Seed documents and held-out fact paragraphs that must not be reused."""
    seeds = []
    for path in sorted(glob.glob(os.path.join(seed_dir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            seeds.append(f.read())
    held = []
    for path in sorted(glob.glob(os.path.join(facts_dir, "heldout_*.txt"))):
        with open(path, encoding="utf-8") as f:
            held += [p.strip() for p in f.read().split("\n\n") if p.strip()]
    return seeds, held


def lines_with_offsets(text):
    """(byte offset of first non-space char, paragraph) for each line."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped:
            lead = line[: len(line) - len(stripped)]
            out.append((pos + len(lead.encode("utf-8")), stripped.rstrip()))
        pos += len(line.encode("utf-8")) + 1
    return out


def used_ids(first_root):
    """Document ids of an earlier blind set (DOCID.txt in any subdirectory)."""
    ids = set()
    for path in glob.glob(os.path.join(first_root, "**", "*.txt"), recursive=True):
        ids.add(os.path.basename(path)[: -len(".txt")])
    return ids


def story_ok(d, seeds, held):
    text = d["text"]
    if not (MIN_STORY <= len(text) <= MAX_STORY):
        return False
    if len(story_lines(d)) < PARAS_PER_STORY:
        return False
    if any(text in s for s in seeds):
        return False
    return not any(h in text or h[:30] in text for h in held)


def is_health(title):
    return bool(HEALTH_TITLE.search(title)) and not NOT_HEALTH_TITLE.search(title)


def pick_stories(rng, stories, places):
    """Per kind and year: half from multi-place stories, the rest from all."""
    picked = []
    for kind, total in (("health", N_HEALTH), ("news", N_STORIES - N_HEALTH)):
        for i, year in enumerate(YEARS):
            quota = total // len(YEARS) + (1 if i < total % len(YEARS) else 0)
            pool = [d for d in stories if d["date"][:4] == year
                    and is_health(d["title"]) == (kind == "health")]
            multi = [d for d in pool
                     if sum(1 for p in places if p in d["text"]) >= MULTI_PLACE]
            first = rng.sample(multi, min(len(multi), (quota + 1) // 2))
            ids = {d["id"] for d in first}
            rest = [d for d in pool if d["id"] not in ids]
            for d in first + rng.sample(rest, quota - len(first)):
                picked.append((kind, d))
    return picked


def story_lines(d):
    """Candidate paragraphs: lines of some length, not the "[查看原文](url)" link."""
    return [(o, p) for o, p in lines_with_offsets(d["text"])
            if len(p) >= MIN_PARA_CHARS and not p.startswith(LINK_LINE)]


def story_paras(rng, d):
    cands = story_lines(d)
    return sorted(rng.sample(cands, PARAS_PER_STORY))


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


def write_doc(dirpath, doc_id, text, date, title):
    os.makedirs(dirpath, exist_ok=True)
    path = os.path.join(dirpath, doc_id + ".txt")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(path + ".meta.json", "w", encoding="utf-8", newline="") as f:
        json.dump({"date": date, "title": title}, f, ensure_ascii=False)
        f.write("\n")


def write_skeleton(dirpath, half, what, rows):
    path = os.path.join(dirpath, "labels_%s.tsv" % half)
    if os.path.exists(path):
        print("kept existing %s" % path)
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER.format(what=what, half=half.upper()))
        for doc, kind, off, para in rows:
            excerpt = para[:12].replace("\t", " ").replace("\n", " ")
            f.write("%s\t%s\t%d\t?\t?\t%s\n" % (doc, kind, off, excerpt))
    print("wrote %s (%d rows)" % (path, len(rows)))


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
    picked = pick_stories(rng, stories, places)
    rows = {"news": []}
    for kind, d in picked:
        write_doc(os.path.join(out, "news"), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows["news"].append((d["id"] + ".txt", kind, off, para))
    for sub, r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs"
        write_skeleton(os.path.join(out, sub), "test", what, r)


if __name__ == "__main__":
    main()
