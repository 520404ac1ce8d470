#!/usr/bin/env python3
"""Pick paragraphs for the THIRD blind numeric-fact label set (issue 10).

Same paragraph rules as the earlier sets, imported, not copied:

  cctv_econ, cctv_health: tools/pick_facts_blind.py's kinds and quantity
      test as used by tools/pick_facts_blind2.py (cctv_candidates: CCTV lines
      of 30-300 characters without leading/trailing white space, holding a
      number + measure word that is not a date, sorted into a kind by words,
      first match wins: disaster, health, econ; disaster is not drawn, it only
      keeps disaster lines out of the other two).
  law: tools/pick_facts_blind2.py's law_candidates (one-line article blocks
      第…条 of 30-300 characters with a numeral + legal unit and a legal key,
      the regexes of tools/pick_facts_blind_law.py; no strata), N_LAW // 2
      from Henan laws (category contains 河南), the rest from national and
      other provinces' laws (a block also found in a Henan law counts as
      Henan, as in tools/pick_facts_blind_law.py); Henan picks first.

Own SEED (20261201; the earlier sets used 20261128 and 20261129) and own
counts (N_CCTV per CCTV kind, N_LAW law blocks); all picks are TEST.

Excluded before the draw (so they never enter the candidate pools):

  - every paragraph (block between blank lines) of the --exclude files
    (tests/data/facts_blind/*.txt, tests/data/facts_blind2/*.txt,
    tests/data/facts/heldout_*.txt);
  - every paragraph of every CCTV story or law whose id is a DOCID.txt under
    an --annot root (any subdirectory: news/, law/, story/).  A DOCID is the
    corpus record's "id" and DOCID.txt its "text" exactly (checked when this
    picker was written: all 304 files match their record);
  - every paragraph of every CCTV story or law whose text is in a document of
    --seeds (corpus/), the rule of tools/pick_annot_blind.py's story_ok.

"Every paragraph of a story or law" means each of its lines (how the CCTV
candidates are split) and each of its blank-line blocks (how law candidates
are split), so the imported candidate functions drop them through their own
`excluded` argument.

    python3 tools/pick_facts_blind3.py \\
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \\
        --laws /work/shared/corpora/laws.jsonl.gz \\
        --out tests/data/facts_blind3 \\
        --exclude tests/data/facts_blind/*.txt tests/data/facts_blind2/*.txt \\
            tests/data/facts/heldout_*.txt \\
        --annot tests/data/annot_blind* --seeds corpus

writes <out>/cctv_econ_test.txt, cctv_health_test.txt and law_test.txt: one
paragraph per block, blocks separated by one blank line, text exactly as in
the corpus.  Same inputs and seed give the same files.
"""
import argparse
import glob
import gzip
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_facts_blind  # noqa: E402  (the first set's CCTV rules)
import pick_facts_blind2  # noqa: E402  (the second set's candidates and writer)
import pick_facts_blind_law  # noqa: E402  (the first set's law rules)
from pick_facts_blind2 import (  # noqa: E402
    DRAWN, cctv_candidates, law_candidates, read_blocks, write)
from pick_annot_blind2 import used_ids  # noqa: E402

# pick_facts_blind2 restates the first set's rules; they must not have drifted.
assert pick_facts_blind2.KINDS == pick_facts_blind.KINDS
assert pick_facts_blind2.QUANTITY.pattern == pick_facts_blind.QUANTITY.pattern
assert pick_facts_blind2.DATE.pattern == pick_facts_blind.DATE.pattern
assert (pick_facts_blind2.MIN_LEN, pick_facts_blind2.MAX_LEN) == (
    pick_facts_blind.MIN_LEN, pick_facts_blind.MAX_LEN)
for _rule in ("ARTICLE", "LAW_NUMBER", "LAW_KEY"):
    assert (getattr(pick_facts_blind2, _rule).pattern
            == getattr(pick_facts_blind_law, _rule).pattern), _rule

SEED = 20261201
N_CCTV = 40        # per drawn CCTV kind (cctv_econ, cctv_health)
N_LAW = 30         # N_LAW // 2 Henan, the rest other


def seed_texts(seed_dir):
    texts = []
    for path in sorted(glob.glob(os.path.join(seed_dir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    return texts


def document_paragraphs(text):
    """Each line (raw and stripped) and each blank-line block of a document."""
    paras = set()
    for line in text.split("\n"):
        paras.update((line, line.strip()))
    paras.update(b.strip() for b in text.split("\n\n"))
    paras.discard("")
    return paras


def excluded_documents(paths, ids, seeds):
    """Paragraphs of the records whose id is in ids or whose text is in a seed."""
    paras, hit = set(), {"id": 0, "seed": 0}
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                text = d.get("text", "")
                if d.get("id") in ids:
                    hit["id"] += 1
                elif text and any(text in s for s in seeds):
                    hit["seed"] += 1
                else:
                    continue
                paras |= document_paragraphs(text)
    return paras, hit


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cctv", required=True)
    ap.add_argument("--laws", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude", nargs="*", default=[])
    ap.add_argument("--annot", nargs="*", default=[])
    ap.add_argument("--seeds")
    a = ap.parse_args()

    listed = read_blocks(a.exclude)
    ids = set()
    for root in a.annot:
        ids |= used_ids(root)
    seeds = seed_texts(a.seeds) if a.seeds else []
    docs, hit = excluded_documents([a.cctv, a.laws], ids, seeds)
    print("excluded: %d listed paragraphs; %d of %d annot ids found, %d seed "
          "documents, %d of their paragraphs"
          % (len(listed), hit["id"], len(ids), hit["seed"], len(docs)))
    excluded = listed | docs

    cand = cctv_candidates(a.cctv, excluded)
    picked = set()
    for index, name in enumerate(DRAWN):
        pick = random.Random(SEED + index).sample(sorted(cand[name]), N_CCTV)
        picked.update(pick)
        write(a.out, name, pick)
        print(name, len(cand[name]), "candidates,", N_CCTV, "picked")

    law = law_candidates(a.laws, excluded)
    law[False] -= law[True]
    rng = random.Random(SEED + len(DRAWN))
    henan = rng.sample(sorted(law[True]), N_LAW // 2)
    other = rng.sample(sorted(law[False]), N_LAW - N_LAW // 2)
    picked.update(henan + other)
    write(a.out, "law", henan + other)
    print("law", len(law[True]), "Henan +", len(law[False]), "other candidates,",
          N_LAW, "picked")

    shared = picked & excluded
    if shared:
        sys.exit("pick_facts_blind3: %d picks are excluded paragraphs"
                 % len(shared))


if __name__ == "__main__":
    main()
