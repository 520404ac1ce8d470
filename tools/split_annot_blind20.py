#!/usr/bin/env python3
"""Split the twentieth blind city/year set (tests/data/annot_blind20/) into
DEV and TEST halves by document.

Same rule and layout as tools/split_annot_blind6.py, whose split_dir is
imported, not copied, with this set's own SEED (as tools/split_annot_blind7.py
... split_annot_blind19.py do): per directory (health, news, law) the
documents are sorted, shuffled with random.Random(SEED + directory index) and
halved (DEV takes the smaller half when the count is odd); a document's label
rows go with it.  The labelled file is kept as labels_all.tsv, the halves are
labels_dev.tsv and labels_test.tsv.  The annotator is tuned on DEV only; TEST
is scored once, when the round is final.  Same input, same output.

    python3 tools/split_annot_blind20.py tests/data/annot_blind20
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blind_seeds  # noqa: E402  (the seed is checked against every earlier splitter's)
import split_annot_blind6  # noqa: E402

SEED = 2020202
DIRS = split_annot_blind6.DIRS
PROG = "tools/split_annot_blind20.py"

blind_seeds.assert_new(SEED, 'split_annot_blind*.py', 'split_annot_blind20')


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/data/annot_blind20"
    for i, name in enumerate(DIRS):
        split_annot_blind6.split_dir(d, name, i, SEED, PROG)


if __name__ == "__main__":
    main()
