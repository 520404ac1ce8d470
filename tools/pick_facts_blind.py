#!/usr/bin/env python3
"""Pick CCTV paragraphs for the blind numeric-fact label set (issue 10).

Reads the CCTV news corpus (JSON lines with "text"; paragraphs are the lines
of "text"), keeps paragraphs that

  - are 30-300 characters long and have no leading/trailing white space (so
    the block in the output is the corpus line exactly),
  - hold at least one number (arabic digits or a Chinese numeral) followed by
    a measure word or unit, other than a date (年 月 日 号 时 点 alone),
  - are not in any tests/data/facts/heldout_*.txt file,

sorts each paragraph into one kind by its words (first match wins, in this
order, so a flood paragraph that mentions 生产 stays a disaster paragraph):

  cctv_disaster  地震 洪 台风 暴雨 灾 救援 伤亡 转移 ...
  cctv_health    卫生 健康 医 疫 药 患者 疾控 ...
  cctv_econ      经济 贸易 进出口 投资 产量 生产 ...

draws N_PER_KIND paragraphs per kind with a fixed seed from the sorted,
deduplicated candidates and splits each draw alternately into DEV (even
positions) and TEST (odd positions).  Output:
tests/data/facts_blind/<kind>_<half>.txt, one paragraph per block, blocks
separated by one blank line.  Same inputs and seed give the same files.

    python3 tools/pick_facts_blind.py /work/shared/corpora/cctv_news.jsonl.gz \
        tests/data/facts tests/data/facts_blind

Optional: --kind cctv_econ (only that kind; the draw per kind does not depend
on the other kinds, so the result is the same as in a full run).
"""
import argparse
import glob
import gzip
import json
import os
import random
import re

SEED = 20261128
N_PER_KIND = 50
MIN_LEN, MAX_LEN = 30, 300

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

NUM = "(?:[0-9][0-9.,]*|[〇零一二两三四五六七八九十百千万亿]+)"
MULT = "[十百千万亿]*"
UNIT = (
    "(?:%|％|‰|个百分点|元|美元|欧元|个|人|名|家|张|例|岁|天|小时|分钟|公里|"
    "千米|平方米|平方公里|立方米|米|吨|亩|公顷|户|间|座|所|辆|架|艘|台|套|件|"
    "项|次|批|头|只|处|条|起|剂|倍|千瓦|瓦|千克|公斤|斤|毫米|箱|份|种|类|支|"
    "栋|场|年|个月|周)"
)
# 年 alone is a unit only when not a date: a date has 4 digits before 年.
QUANTITY = re.compile(NUM + "[余多]?" + MULT + "[余多]?" + UNIT)
DATE = re.compile("^[0-9]{4}年$|^[0-9一二三四五六七八九十]+年$")


def has_quantity(para):
    """True if para holds a number with a unit that is not just a year."""
    for m in QUANTITY.finditer(para):
        if not DATE.match(m.group(0)):
            return True
    return False


def kind_of(para):
    for name, words in KINDS:
        if re.search(words, para):
            return name
    return None


def load_excluded(facts_dir):
    seen = set()
    for path in glob.glob(os.path.join(facts_dir, "heldout_*.txt")):
        with open(path, encoding="utf-8") as f:
            for block in f.read().split("\n\n"):
                if block.strip():
                    seen.add(block.strip())
    return seen


def candidates(corpus, excluded):
    cand = {name: set() for name, _ in KINDS}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            for para in json.loads(line).get("text", "").split("\n"):
                if para != para.strip():
                    continue
                if not (MIN_LEN <= len(para) <= MAX_LEN):
                    continue
                if para in excluded or not has_quantity(para):
                    continue
                kind = kind_of(para)
                if kind:
                    cand[kind].add(para)
    return cand


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("facts_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--kind", choices=[k for k, _ in KINDS])
    args = ap.parse_args()
    cand = candidates(args.corpus, load_excluded(args.facts_dir))
    for index, (name, _) in enumerate(KINDS):
        if args.kind and name != args.kind:
            continue
        pick = random.Random(SEED + index).sample(sorted(cand[name]), N_PER_KIND)
        for half, part in (("dev", pick[0::2]), ("test", pick[1::2])):
            path = os.path.join(args.out_dir, "%s_%s.txt" % (name, half))
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n\n".join(part) + "\n")
        print(name, len(cand[name]), "candidates,", N_PER_KIND, "picked")


if __name__ == "__main__":
    main()
