#!/usr/bin/env python3
"""Split the twenty-second blind city/year set (tests/data/annot_blind22/) into
DEV and TEST halves by document.

Same rule and layout as tools/split_annot_blind6.py, whose split_dir is
imported, not copied, with this set's own SEED (as tools/split_annot_blind7.py
... split_annot_blind21.py do): per directory (health, news, law) the
documents are sorted, shuffled with random.Random(SEED + directory index) and
halved (DEV takes the smaller half when the count is odd); a document's label
rows go with it.  The labelled file is kept as labels_all.tsv, the halves are
labels_dev.tsv and labels_test.tsv.  The annotator is tuned on DEV only; TEST
is scored once, when the round is final.  Same input, same output.

    python3 tools/split_annot_blind22.py tests/data/annot_blind22
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import split_annot_blind6  # noqa: E402
import split_annot_blind7  # noqa: E402
import split_annot_blind8  # noqa: E402
import split_annot_blind9  # noqa: E402
import split_annot_blind10  # noqa: E402
import split_annot_blind11  # noqa: E402
import split_annot_blind12  # noqa: E402
import split_annot_blind13  # noqa: E402
import split_annot_blind14  # noqa: E402
import split_annot_blind15  # noqa: E402
import split_annot_blind16  # noqa: E402
import split_annot_blind17  # noqa: E402
import split_annot_blind18  # noqa: E402
import split_annot_blind19  # noqa: E402
import split_annot_blind20  # noqa: E402
import split_annot_blind21  # noqa: E402

SEED = 2222222
DIRS = split_annot_blind6.DIRS
PROG = "tools/split_annot_blind22.py"

assert SEED not in (split_annot_blind6.SEED, split_annot_blind7.SEED,
                    split_annot_blind8.SEED, split_annot_blind9.SEED,
                    split_annot_blind10.SEED, split_annot_blind11.SEED,
                    split_annot_blind12.SEED, split_annot_blind13.SEED,
                    split_annot_blind14.SEED, split_annot_blind15.SEED,
                    split_annot_blind16.SEED, split_annot_blind17.SEED,
                    split_annot_blind18.SEED, split_annot_blind19.SEED,
                    split_annot_blind20.SEED, split_annot_blind21.SEED)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/data/annot_blind22"
    for i, name in enumerate(DIRS):
        split_annot_blind6.split_dir(d, name, i, SEED, PROG)


if __name__ == "__main__":
    main()
