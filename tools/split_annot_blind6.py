#!/usr/bin/env python3
"""Split the sixth blind city/year set (tests/data/annot_blind6/) into DEV
and TEST halves by document.

The set was labelled as one labels_test.tsv per directory (health, news,
law).  The annotator is tuned on DEV only; TEST is scored once, when the
round is final (docs/ANNOTATION.md).  Each directory's documents are sorted,
shuffled with random.Random(SEED + directory index) and halved; a document's
label rows go with it.  The original file is kept as labels_all.tsv so the
split can be made again.  Same input, same output.

    python3 tools/split_annot_blind6.py tests/data/annot_blind6
"""
import os
import random
import sys

SEED = 6600713
DIRS = ["health", "news", "law"]


def split_dir(d, name, index, seed=SEED, prog="tools/split_annot_blind6.py"):
    """Split directory `name` of set root `d` (its index in DIRS offsets the
    seed).  `seed` and `prog` (named in the halves' header) let a later
    splitter (tools/split_annot_blind7.py) reuse this one unchanged."""
    path = os.path.join(d, name)
    src = os.path.join(path, "labels_all.tsv")
    if not os.path.exists(src):
        os.rename(os.path.join(path, "labels_test.tsv"), src)
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = [l for l in lines if l.startswith("#")]
    rows = [l for l in lines if l and not l.startswith("#")]
    docs = sorted({r.split("\t")[0] for r in rows})
    random.Random(seed + index).shuffle(docs)
    dev = set(docs[: len(docs) // 2])
    for half in ("dev", "test"):
        keep = [r for r in rows if (r.split("\t")[0] in dev) == (half == "dev")]
        with open(os.path.join(path, "labels_%s.tsv" % half), "w", encoding="utf-8") as f:
            f.write("\n".join(header + ["# %s half (%s, seed %d)" % (half.upper(), prog, seed)]))
            f.write("\n" + "\n".join(keep) + "\n")
        n = len({r.split("\t")[0] for r in keep})
        print("%s %s: %d documents, %d paragraphs" % (name, half, n, len(keep)))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/data/annot_blind6"
    for i, name in enumerate(DIRS):
        split_dir(d, name, i)


if __name__ == "__main__":
    main()
