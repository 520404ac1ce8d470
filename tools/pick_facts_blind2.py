#!/usr/bin/env python3
"""Pick paragraphs for the SECOND blind numeric-fact label set (issue 10).

Same paragraph rules as the first set (tools/pick_facts_blind.py for the CCTV
kinds, tools/pick_facts_blind_law.py for law), a different SEED, and every
paragraph of the first set (tests/data/facts_blind/*.txt) and of
tests/data/facts/heldout_*.txt excluded before the draw.  All picks are TEST
(no DEV half).

  cctv_econ, cctv_health: CCTV lines of 30-300 characters without
      leading/trailing white space, holding a number + measure word that is
      not a date, sorted into a kind by words, first match wins
      (disaster words, then health words, then econ words; the disaster kind
      is not drawn here, it only keeps disaster lines out of the other two).
  law: blank-line separated one-line article blocks (第…条) of 30-300
      characters holding a numeral + legal unit and a legal key (same regexes
      as the first set); N_LAW // 2 from Henan laws (category contains 河南),
      the rest from national and other provinces' laws; Henan picks first.
      A second law draw of N_LAW_EXTRA (half Henan) with its own generator is
      appended.  The CCTV draws were first made with 14 paragraphs per kind
      and then extended to 28 and to N_CCTV (35), each time after the
      previous picks were labelled; random.sample keeps the shorter draw as a
      prefix, so each extension only appended paragraphs.

    python3 tools/pick_facts_blind2.py \
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \
        --laws /work/shared/corpora/laws.jsonl.gz \
        --out tests/data/facts_blind2 \
        --exclude tests/data/facts_blind/*.txt tests/data/facts/heldout_*.txt

writes <out>/cctv_econ_test.txt, cctv_health_test.txt and law_test.txt: one
paragraph per block, blocks separated by one blank line, text exactly as in
the corpus.  Same inputs and seed give the same files.
"""
import argparse
import gzip
import json
import os
import random
import re

SEED = 20261129
N_CCTV = 35        # draws of 14, then 28, then 35; random.sample keeps prefixes
N_LAW = 14
N_LAW_EXTRA = 14   # second law draw, appended (see main)
MIN_LEN, MAX_LEN = 30, 300

# --- CCTV rules (as tools/pick_facts_blind.py) ---
KINDS = (
    ("cctv_disaster",
     "地震|洪水|洪涝|防汛|汛情|山洪|台风|暴雨|强降雨|灾|救援|伤亡|遇难|失联|"
     "转移|泥石流|滑坡|火灾|搜救|受伤|死亡"),
    ("cctv_health",
     "卫生|健康|医|疫|药|患者|疾控|病例|确诊|感染|病毒|诊疗|养老|托育"),
    ("cctv_econ",
     "经济|贸易|进出口|出口|进口|投资|产量|生产|产值|营收|营业收入|利润|"
     "增加值|消费|销售|工业|制造|企业|外资|GDP|税|金融|贷款|市场"),
)
DRAWN = ("cctv_econ", "cctv_health")
NUM = "(?:[0-9][0-9.,]*|[〇零一二两三四五六七八九十百千万亿]+)"
MULT = "[十百千万亿]*"
UNIT = (
    "(?:%|％|‰|个百分点|元|美元|欧元|个|人|名|家|张|例|岁|天|小时|分钟|公里|"
    "千米|平方米|平方公里|立方米|米|吨|亩|公顷|户|间|座|所|辆|架|艘|台|套|件|"
    "项|次|批|头|只|处|条|起|剂|倍|千瓦|瓦|千克|公斤|斤|毫米|箱|份|种|类|支|"
    "栋|场|年|个月|周)"
)
QUANTITY = re.compile(NUM + "[余多]?" + MULT + "[余多]?" + UNIT)
DATE = re.compile("^[0-9]{4}年$|^[0-9一二三四五六七八九十]+年$")

# --- law rules (as tools/pick_facts_blind_law.py) ---
LNUM = "[〇零一二两三四五六七八九十百千万亿0-9.]+"
ARTICLE = re.compile("^第[〇零一二三四五六七八九十百千]+条")
LAW_NUMBER = re.compile(
    LNUM + "(?:元|日|个工作日|个月|年|名|人|米|平方米|小时|周岁|倍|%|公里|亩|吨)")
LAW_KEY = re.compile(
    "罚款|有期徒刑|拘留|日内|个工作日|名以上|以上.{1,12}以下|平方米|" + LNUM + "米")


def has_quantity(para):
    return any(not DATE.match(m.group(0)) for m in QUANTITY.finditer(para))


def kind_of(para):
    for name, words in KINDS:
        if re.search(words, para):
            return name
    return None


def read_blocks(paths):
    blocks = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            blocks.update(b.strip() for b in f.read().split("\n\n") if b.strip())
    return blocks


def cctv_candidates(path, excluded):
    cand = {name: set() for name, _ in KINDS}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            for para in json.loads(line).get("text", "").split("\n"):
                if para != para.strip() or not (MIN_LEN <= len(para) <= MAX_LEN):
                    continue
                if para in excluded or not has_quantity(para):
                    continue
                kind = kind_of(para)
                if kind:
                    cand[kind].add(para)
    return cand


def law_candidates(path, excluded):
    cand = {True: set(), False: set()}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            henan = "河南" in (d.get("category") or "")
            for block in d.get("text", "").split("\n\n"):
                block = block.strip()
                if not (MIN_LEN <= len(block) <= MAX_LEN):
                    continue
                if "\n" in block or not ARTICLE.match(block) or block in excluded:
                    continue
                body = ARTICLE.sub("", block)
                if LAW_NUMBER.search(body) and LAW_KEY.search(body):
                    cand[henan].add(block)
    return cand


def write(out, name, paras):
    with open(os.path.join(out, name + "_test.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(paras) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cctv", required=True)
    ap.add_argument("--laws", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude", nargs="*", default=[])
    args = ap.parse_args()
    excluded = read_blocks(args.exclude)
    cand = cctv_candidates(args.cctv, excluded)
    for index, name in enumerate(DRAWN):
        pick = random.Random(SEED + index).sample(sorted(cand[name]), N_CCTV)
        write(args.out, name, pick)
        print(name, len(cand[name]), "candidates,", N_CCTV, "picked")
    law = law_candidates(args.laws, excluded)
    rng = random.Random(SEED + len(DRAWN))
    henan = rng.sample(sorted(law[True]), N_LAW // 2)
    other = rng.sample(sorted(law[False]), N_LAW - N_LAW // 2)
    # Second law draw, appended after the first 14 had been labelled (the
    # first draw gave fewer facts than wanted); its own generator so the
    # first picks stay as labelled.
    rng2 = random.Random(SEED + len(DRAWN) + 1)
    first = set(henan + other)
    henan2 = rng2.sample(sorted(law[True] - first), N_LAW_EXTRA // 2)
    other2 = rng2.sample(sorted(law[False] - first), N_LAW_EXTRA - N_LAW_EXTRA // 2)
    write(args.out, "law", henan + other + henan2 + other2)
    print("law", len(law[True]), "Henan +", len(law[False]), "other candidates,",
          N_LAW + N_LAW_EXTRA, "picked")


if __name__ == "__main__":
    main()
