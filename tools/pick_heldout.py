#!/usr/bin/env python3
"""Pick held-out paragraphs for the numeric-fact extractor (docs/FACTS.md).

Reads the CCTV news corpus (JSON lines with "text"), keeps paragraphs that
hold an arabic digit and a health or government word, are 40-260 characters
long (one passage each, short enough to label every fact by hand) and are not
in the already-seen check set, then draws N of them with a fixed seed and
splits them alternately into a DEV and a TEST half.

    tools/pick_heldout.py /work/shared/corpora/cctv_news.jsonl.gz \
        /tmp/heldout_seen.txt tests/data/facts/heldout_dev.txt \
        tests/data/facts/heldout_test.txt

Output files hold one paragraph per block, separated by blank lines, the way
`zhindex passages` splits them.  Same inputs and seed give the same files.
"""
import gzip
import json
import random
import re
import sys

SEED = 20240611
N = 60
MIN_LEN, MAX_LEN = 40, 260
WORDS = re.compile(
    "卫生|医|健康|疫苗|病例|疾控|患者|药|防疫|养老|托育|国务院|政府|部门|"
    "医保|社保|民政|救助|救治"
)
DIGIT = re.compile("[0-9]")


def main():
    corpus, seen_path, dev_path, test_path = sys.argv[1:5]
    with open(seen_path, encoding="utf-8") as f:
        seen = f.read()
    cand = set()
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text", "")
            for para in text.split("\n"):
                para = para.strip()
                if not (MIN_LEN <= len(para) <= MAX_LEN):
                    continue
                if not DIGIT.search(para) or not WORDS.search(para):
                    continue
                if para in seen or para[:30] in seen:
                    continue
                cand.add(para)
    pick = random.Random(SEED).sample(sorted(cand), N)
    for path, half in ((dev_path, pick[0::2]), (test_path, pick[1::2])):
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(half) + "\n")


if __name__ == "__main__":
    main()
