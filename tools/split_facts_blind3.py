#!/usr/bin/env python3
"""Split the third blind fact set (tests/data/facts_blind3/) into DEV and TEST.

The set was labelled as one TEST file per kind (KIND_all.txt/.tsv after this
split).  Rules are tuned on DEV only; TEST is scored once, when the round's
rules are final (docs/FACTS.md).  Each kind's paragraphs (blocks between
blank lines) are shuffled with random.Random(SEED + kind index) and halved;
a label goes with the first paragraph that holds its evidence, which is how
tests/test_fct.c places labels.  Same input, same output.

    python3 tools/split_facts_blind3.py tests/data/facts_blind3

The fifth set is split the same way with its own seed:

    python3 tools/split_facts_blind3.py tests/data/facts_blind5 20261229
"""
import os
import random
import sys

SEED = 20261128 + 3
KINDS = ["cctv_econ", "cctv_health", "law"]


def paragraphs(text):
    return [p.strip("\n") for p in text.split("\n\n") if p.strip("\n")]


def split_kind(d, kind, index, seed=SEED):
    with open(os.path.join(d, kind + "_all.txt"), encoding="utf-8") as f:
        paras = paragraphs(f.read())
    with open(os.path.join(d, kind + "_all.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = [l for l in lines if l.startswith("#")]
    rows = [l for l in lines if l and not l.startswith("#")]
    order = list(range(len(paras)))
    random.Random(seed + index).shuffle(order)
    dev = set(order[: len(order) // 2])
    halves = {"dev": [], "test": []}
    for row in rows:
        evidence = row.split("\t")[8]
        home = next((k for k, p in enumerate(paras) if evidence in p), None)
        if home is None:
            sys.exit("%s: evidence not found: %s" % (kind, evidence))
        halves["dev" if home in dev else "test"].append((home, row))
    for half, picked in halves.items():
        keep = [k for k in range(len(paras)) if (k in dev) == (half == "dev")]
        with open(os.path.join(d, "%s_%s.txt" % (kind, half)), "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras[k] for k in keep) + "\n")
        with open(os.path.join(d, "%s_%s.tsv" % (kind, half)), "w", encoding="utf-8") as f:
            f.write("\n".join(header + ["# %s half (tools/split_facts_blind3.py, seed %d)" % (half.upper(), seed)]))
            f.write("\n" + "\n".join(row for _, row in sorted(picked, key=lambda x: x[0])) + "\n")
        print("%s %s: %d paragraphs, %d labels" % (kind, half, len(keep), len(picked)))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/data/facts_blind3"
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else SEED
    for i, kind in enumerate(KINDS):
        split_kind(d, kind, i, seed)


if __name__ == "__main__":
    main()
