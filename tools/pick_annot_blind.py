#!/usr/bin/env python3
"""Pick the blind city/year label set of issue 9 (tests/data/annot_blind/).

From the CCTV news corpus it draws about 100 stories of 300-3000 characters
(a third of them health stories, by title: is_health), spread evenly over the years
2022-2026 and half of each year's share taken from stories that name three or
more distinct places, and picks 2 paragraphs (lines) in each.  From the laws
corpus it draws 5 Henan regulations, 5 local regulations of 5 other
provinces and 5 national laws/regulations, and picks 4 paragraphs (blocks
between blank lines) in each: 第N条 article blocks, and now and then one
heading/adoption block.  Each document is written as DOCID.txt (the corpus
"text" exactly) plus DOCID.txt.meta.json {"date", "title"}; documents are
split into a DEV and a TEST half (per group, shuffled, alternating).  A
skeleton labels file per directory and half lists doc, kind, byte offset and
excerpt of each picked paragraph with cities and years left as '?'; it is
only written when no labels file of that name exists, so hand labels are
never overwritten.

    python3 tools/pick_annot_blind.py /work/shared/corpora \\
        /work/main/corpus /work/main/tests/data/facts tests/data/annot_blind

Arguments: corpora directory (cctv_news.jsonl.gz, laws.jsonl.gz), the seed
corpus directory (stories whose text is in it are skipped), the directory of
the numeric-fact held-out set (stories holding one of its heldout_*.txt
paragraphs are skipped), and the output root (news/ and law/ are written
below it; story/ is not touched).  Same inputs and SEED give the same files.
"""
import glob
import gzip
import json
import os
import random
import re
import sys

SEED = 20261128
YEARS = ("2022", "2023", "2024", "2025", "2026")
N_STORIES = 100
N_HEALTH = 33
PARAS_PER_STORY = 2
MIN_STORY, MAX_STORY = 300, 3000
MIN_PARA_CHARS = 10
MULTI_PLACE = 3
N_LAW_GROUP = 5
PARAS_PER_LAW = 4
MIN_LAW = 1500
HEAD_BLOCK_CHANCE = 0.3
HEALTH_TITLE = re.compile(
    "卫生|卫健|健康|医|疫|药|疾控|患者|病例|疾病|传染|诊疗|流感|新冠|癌|慢性病|"
    "接种|体检|护理"
)
# Titles that match HEALTH_TITLE but are about war, disasters or the economy
# ("纳赛尔医院" in a Gaza report, "神医" for a driller, "健康发展").
NOT_HEALTH_TITLE = re.compile(
    "健康发展|健康有序|神医|以军|以色列|加沙|哈马斯|俄|乌克兰|地震|火灾|事故|塌方|灾害|台风|洪"
)
NATIONAL = {
    "行政法规", "行政法", "经济法", "社会法", "民法商法", "宪法相关法", "刑法",
    "诉讼与非诉讼程序法", "民法典", "宪法",
}
ARTICLE = re.compile("第[一二三四五六七八九十百零〇0-9]+条")
TITLE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")
INFO_END = "<!-- INFO END -->"
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


def blocks_with_offsets(text):
    """(byte offset, block) for each block between blank lines."""
    out, pos, cur, cur_off = [], 0, [], None
    for line in text.split("\n"):
        if line.strip():
            if cur_off is None:
                stripped = line.lstrip()
                cur_off = pos + len(line[: len(line) - len(stripped)].encode("utf-8"))
            cur.append(line.strip())
        elif cur:
            out.append((cur_off, "\n".join(cur)))
            cur, cur_off = [], None
        pos += len(line.encode("utf-8")) + 1
    if cur:
        out.append((cur_off, "\n".join(cur)))
    return out


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


def pick_stories(rng, stories, places, n_stories=N_STORIES, n_health=N_HEALTH):
    """Per kind and year: half from multi-place stories, the rest from all."""
    picked = []
    for kind, total in (("health", n_health), ("news", n_stories - n_health)):
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


def law_ok(d):
    if d["title"] == "_index" or len(d["text"]) < MIN_LAW:
        return False
    arts = [b for _, b in blocks_with_offsets(d["text"]) if ARTICLE.match(b)]
    return len(arts) >= PARAS_PER_LAW


def pick_laws(rng, laws):
    """5 Henan, 5 of 5 other provinces (one each), 5 national."""
    ok = [d for d in laws if law_ok(d)]
    henan = [d for d in ok if "河南" in d["category"]]
    national = [d for d in ok if d["category"] in NATIONAL]
    provs = sorted({d["category"] for d in ok
                    if d["category"].startswith("DLC/") and "河南" not in d["category"]})
    other = []
    for cat in rng.sample(provs, N_LAW_GROUP):
        other.append(rng.choice([d for d in ok if d["category"] == cat]))
    groups = [("henan", rng.sample(henan, N_LAW_GROUP)), ("province", other),
              ("national", rng.sample(national, N_LAW_GROUP))]
    return [(g, d) for g, docs in groups for d in docs]


def law_paras(rng, d):
    blocks = blocks_with_offsets(d["text"])
    arts = [(o, b) for o, b in blocks if ARTICLE.match(b)]
    head = []
    for o, b in blocks:
        if b.startswith(INFO_END) or ARTICLE.match(b) or b.startswith("## "):
            break
        head.append((o, b))
    n_head = 1 if head and rng.random() < HEAD_BLOCK_CHANCE else 0
    chosen = rng.sample(head, n_head) + rng.sample(arts, PARAS_PER_LAW - n_head)
    return sorted(chosen)


def law_meta(d):
    m = TITLE_DATE.search(d["title"])
    if m:
        return m.group(1), d["title"][: m.start()].rstrip()
    return d["date_first_seen"] or "", d["title"]


def split_halves(rng, picked):
    """Document id -> 'dev' or 'test': per group shuffled, alternating
    across all groups (so odd-sized groups do not all lean to DEV)."""
    half, i = {}, 0
    for group in sorted({g for g, _ in picked}):
        ids = sorted(d["id"] for g, d in picked if g == group)
        rng.shuffle(ids)
        for doc in ids:
            half[doc] = "dev" if i % 2 == 0 else "test"
            i += 1
    return half


HEADER = """\
# City/year labels of {what} (issue 9 blind set; see ../README.md).
# Picked by tools/pick_annot_blind.py (fixed SEED); {half} half.
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


def write_skeleton(dirpath, half, what, rows, header=HEADER):
    path = os.path.join(dirpath, "labels_%s.tsv" % half)
    if os.path.exists(path):
        print("kept existing %s" % path)
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header.format(what=what, half=half.upper()))
        for doc, kind, off, para in rows:
            excerpt = para[:12].replace("\t", " ").replace("\n", " ")
            f.write("%s\t%s\t%d\t?\t?\t%s\n" % (doc, kind, off, excerpt))
    print("wrote %s (%d rows)" % (path, len(rows)))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    corpora, seed_dir, facts_dir, out = sys.argv[1:5]
    rng = random.Random(SEED)
    places = place_names(os.path.join(corpora, "..", "gazetteer"))
    seeds, held = seen_texts(seed_dir, facts_dir)
    stories = [d for d in read_jsonl(os.path.join(corpora, "cctv_news.jsonl.gz"))
               if story_ok(d, seeds, held)]
    picked = pick_stories(rng, stories, places)
    laws = pick_laws(rng, read_jsonl(os.path.join(corpora, "laws.jsonl.gz")))
    half = split_halves(rng, picked + laws)

    rows = {("news", h): [] for h in ("dev", "test")}
    rows.update({("law", h): [] for h in ("dev", "test")})
    for kind, d in picked:
        write_doc(os.path.join(out, "news"), d["id"], d["text"], d["date"], d["title"])
        for off, para in story_paras(rng, d):
            rows[("news", half[d["id"]])].append((d["id"] + ".txt", kind, off, para))
    for _, d in laws:
        date, title = law_meta(d)
        write_doc(os.path.join(out, "law"), d["id"], d["text"], date, title)
        for off, para in law_paras(rng, d):
            rows[("law", half[d["id"]])].append((d["id"] + ".txt", "law", off, para))
    for (sub, h), r in sorted(rows.items()):
        r.sort()
        what = "CCTV news paragraphs" if sub == "news" else "law paragraphs"
        write_skeleton(os.path.join(out, sub), h, what, r)


if __name__ == "__main__":
    main()
