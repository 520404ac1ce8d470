#!/usr/bin/env python3
"""Pick blind label paragraphs of kinds `law` and `healthstyle` (issue 10).

law:         article blocks of /work/shared/corpora/laws.jsonl.gz (blank-line
             separated blocks starting with 第…条, 30-300 characters) that hold
             a normative number with a unit (a fine, a prison term, detention,
             a time limit, a minimum count, an 以上…以下 range, a size in 米);
             half drawn from Henan laws (category contains 河南), half from
             national and other provinces' laws.
healthstyle: CCTV lines (one paragraph each, 30-300 characters) written like
             Henan health-commission news: a health-service word (医院, 医保,
             托育, 养老, 卫生健康, ...) together with a rate or total word
             (每千人口, 率, 床位, 医师, 托位, ...) and an arabic digit; lines in
             tests/data/facts/heldout_*.txt are excluded (--exclude).
             The lines picked by tools/pick_facts_blind.py (labeller B) are
             NOT passed to --exclude: that would change the candidate pool
             and so the draw that was labelled.  Disjointness is checked
             after the draw instead (--disjoint FILE...: exit 1 if a picked
             line is in one of the files); it held (0 shared lines) against
             B's 150 cctv_* paragraphs when the labels were written.  Note
             both scripts happen to use the same SEED; their keyword sets
             and candidate pools differ.

Each kind is drawn with a fixed seed and split alternately into DEV and TEST:

    python3 tools/pick_facts_blind_law.py \
        --laws /work/shared/corpora/laws.jsonl.gz \
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \
        --out tests/data/facts_blind \
        --exclude tests/data/facts/heldout_dev.txt tests/data/facts/heldout_test.txt \
        --disjoint tests/data/facts_blind/cctv_*.txt

writes <out>/law_dev.txt, law_test.txt, healthstyle_dev.txt and
healthstyle_test.txt: one paragraph per block, blocks separated by one blank
line, text exactly as in the corpus.  Same inputs and seed give the same files.
"""
import argparse
import gzip
import json
import random
import re
import sys

SEED = 20261128
N_LAW = 64          # 32 Henan + 32 other, alternately DEV/TEST
N_HEALTH = 28       # alternately DEV/TEST
MIN_LEN, MAX_LEN = 30, 300

NUM = "[〇零一二两三四五六七八九十百千万亿0-9.]+"
ARTICLE = re.compile("^第[〇零一二三四五六七八九十百千]+条")
# A normative number: numeral followed by a unit that laws use for limits.
LAW_NUMBER = re.compile(
    NUM + "(?:元|日|个工作日|个月|年|名|人|米|平方米|小时|周岁|倍|%|公里|亩|吨)")
LAW_KEY = re.compile(
    "罚款|有期徒刑|拘留|日内|个工作日|名以上|以上.{1,12}以下|平方米|" + NUM + "米")

HEALTH_WORD = re.compile(
    "医院|医保|托育|养老|卫生健康|卫生院|医疗卫生|诊所|医疗机构|医务人员|基层医疗")
RATE_WORD = re.compile("每千人口|每万|率|床位|医师|托位|护士|参保|报销|签约|覆盖")
# An arabic amount with a unit that health statistics use.
AMOUNT = re.compile("[0-9][0-9.]*(?:万|亿)?(?:%|张|家|所|个|名|人|元|人次|岁)")
# Daily epidemic bulletins and foreign news are not health-commission style.
OFF_TOPIC = re.compile(
    "确诊|疫情|感染|新冠|加沙|以色列|以军|乌克兰|俄罗斯|美国|英国|世卫|世界卫生组织|"
    "联合国|委内瑞拉|日本|欧洲")

# Strata, rarest first: a block belongs to the first one it matches, and each
# region group draws PER_STRATUM blocks from each so fines (the bulk of the
# corpus) do not crowd out sizes, minimum counts, prison terms and deadlines.
STRATA = (
    ("size", re.compile(NUM + "(?:米|平方米|公里|亩)")),
    ("count", re.compile(NUM + "(?:名|人)(?:以上|以下)")),
    ("prison", re.compile("有期徒刑|拘留")),
    ("deadline", re.compile(NUM + "(?:日|个工作日|个月|小时)(?:内|以内)")),
    ("fine", re.compile("罚款")),
)
PER_STRATUM = (6, 6, 6, 6, 8)   # sums to N_LAW // 2
# A second law draw, made after the healthstyle draw so the first picks stay
# as they were labelled: the first 64 blocks gave fewer than the 130 facts
# wanted, so 10 Henan + 10 other blocks are appended to the law files.
# Henan has only 6 prison blocks, all in the first draw.
PER_STRATUM_EXTRA_HENAN = (2, 2, 0, 3, 3)
PER_STRATUM_EXTRA_OTHER = (2, 2, 2, 2, 2)


def read_blocks(paths):
    """The blank-line separated blocks of the files, stripped."""
    blocks = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            blocks.update(b.strip() for b in f.read().split("\n\n"))
    return blocks


def law_blocks(path):
    """Yield (is_henan, block) for every article block in range."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            henan = "河南" in (d.get("category") or "")
            for block in d.get("text", "").split("\n\n"):
                block = block.strip()
                if not (MIN_LEN <= len(block) <= MAX_LEN):
                    continue
                if "\n" in block or not ARTICLE.match(block):
                    continue
                body = ARTICLE.sub("", block)
                if LAW_NUMBER.search(body) and LAW_KEY.search(body):
                    yield henan, block


def health_lines(path, excluded):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            for para in json.loads(line).get("text", "").split("\n"):
                para = para.strip()
                if not (MIN_LEN <= len(para) <= MAX_LEN):
                    continue
                if para in excluded:
                    continue
                if (AMOUNT.search(para) and HEALTH_WORD.search(para)
                        and RATE_WORD.search(para)
                        and not OFF_TOPIC.search(para)):
                    yield para


def stratum(block):
    for name, pattern in STRATA:
        if pattern.search(ARTICLE.sub("", block)):
            return name
    return None


def stratified(rng, blocks, per=PER_STRATUM):
    """Draw per[i] blocks of stratum i, in stratum order."""
    pick = []
    for (name, _), n in zip(STRATA, per):
        pool = sorted(b for b in blocks if stratum(b) == name)
        pick += rng.sample(pool, n)
    return pick


def write_halves(out, kind, *groups):
    """Alternate each group's picks into DEV (even) and TEST (odd)."""
    dev = [p for g in groups for p in g[0::2]]
    test = [p for g in groups for p in g[1::2]]
    for half, part in (("dev", dev), ("test", test)):
        with open("%s/%s_%s.txt" % (out, kind, half), "w",
                  encoding="utf-8") as f:
            f.write("\n\n".join(part) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--laws", required=True)
    ap.add_argument("--cctv", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude", nargs="*", default=[])
    ap.add_argument("--disjoint", nargs="*", default=[])
    a = ap.parse_args()

    excluded = read_blocks(a.exclude)

    rng = random.Random(SEED)
    henan, other = set(), set()
    for is_henan, block in law_blocks(a.laws):
        (henan if is_henan else other).add(block)
    other -= henan
    h = stratified(rng, henan)
    o = stratified(rng, other)
    health = sorted(set(health_lines(a.cctv, excluded)))
    health_pick = rng.sample(health, N_HEALTH)
    shared = set(health_pick) & read_blocks(a.disjoint)
    if shared:
        sys.exit("pick_facts_blind_law: %d picked lines are also in --disjoint "
                 "files, e.g. %s" % (len(shared), sorted(shared)[0][:40]))
    write_halves(a.out, "healthstyle", health_pick)

    h2 = stratified(rng, henan - set(h), PER_STRATUM_EXTRA_HENAN)
    o2 = stratified(rng, other - set(o), PER_STRATUM_EXTRA_OTHER)
    # Alternate within each group so DEV and TEST both get half Henan; the
    # extra draw comes after the first one in each file.
    write_halves(a.out, "law", h, o, h2, o2)


if __name__ == "__main__":
    main()
