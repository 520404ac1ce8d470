#!/usr/bin/env python3
"""Pick paragraphs for the FIFTH blind numeric-fact label set (issue 10).

Same paragraph rules, exclusion machinery, counts and output format as the
fourth set, imported instead of copied:

  from tools/pick_facts_blind2.py: DRAWN, cctv_candidates, law_candidates,
      read_blocks (the CCTV and law paragraph rules);
  from tools/pick_facts_blind3.py: excluded_documents, seed_texts (importing
      it runs its asserts that pick_facts_blind2's rules are those of
      tools/pick_facts_blind.py and tools/pick_facts_blind_law.py);
  from tools/pick_facts_blind4.py: N_CCTV, N_LAW, write_all;
  from tools/pick_annot_blind2.py: used_ids.

  cctv_econ, cctv_health: CCTV lines of 30-300 characters without
      leading/trailing white space, holding a number + measure word that is
      not a date, sorted into a kind by words (first match wins: disaster,
      health, econ; disaster is not drawn); N_CCTV per kind.
  law: one-line article blocks 第…条 of 30-300 characters with a numeral +
      legal unit and a legal key (no strata), N_LAW // 2 from Henan laws, the
      rest from national and other provinces' laws (a block also found in a
      Henan law counts as Henan); Henan picks first.

Own SEED (20261229; the earlier sets used 20261128, 20261129, 20261201 and
20261205).  The files are written as <kind>_all.txt (the lead splits DEV/TEST
himself, if at all).

Excluded before the draw (so they never enter the candidate pools):

  - every paragraph (block between blank lines) of the --exclude files
    (tests/data/facts_blind/*.txt .. facts_blind4/*.txt,
    tests/data/facts/heldout_*.txt);
  - every paragraph of every CCTV story or law whose id is a DOCID.txt under
    an --annot root (tests/data/annot_blind .. annot_blind5, and
    annot_blind6 where it exists);
  - every paragraph of every record whose text is in a document of --seeds
    (corpus/).

    python3 tools/pick_facts_blind5.py \\
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \\
        --laws /work/shared/corpora/laws.jsonl.gz \\
        --out tests/data/facts_blind5 \\
        --exclude tests/data/facts_blind/*.txt tests/data/facts_blind2/*.txt \\
            tests/data/facts_blind3/*.txt tests/data/facts_blind4/*.txt \\
            tests/data/facts/heldout_*.txt \\
        --annot tests/data/annot_blind* --seeds corpus

writes <out>/cctv_econ_all.txt, cctv_health_all.txt and law_all.txt: one
paragraph per block, blocks separated by one blank line, text exactly as in
the corpus.  Same inputs and seed give the same files.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pick_facts_blind2 import (  # noqa: E402
    DRAWN, cctv_candidates, law_candidates, read_blocks)
from pick_facts_blind3 import (  # noqa: E402  (asserts the older rules)
    excluded_documents, seed_texts)
import pick_facts_blind3  # noqa: E402
import pick_facts_blind4  # noqa: E402
from pick_facts_blind4 import N_CCTV, N_LAW, write_all  # noqa: E402
from pick_annot_blind2 import used_ids  # noqa: E402

SEED = 20261229

assert SEED not in (pick_facts_blind3.SEED, pick_facts_blind4.SEED)


def draw(seed, n_cctv, n_law, prog, doc):
    """Parse the command line and draw n_cctv paragraphs per CCTV kind and
    n_law law blocks with `seed` (the rules above); `prog` names the
    picker in its error messages.  Shared with the later pickers."""
    ap = argparse.ArgumentParser(description=doc,
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
    print("excluded: %d listed paragraphs from %d files; %d of %d annot ids "
          "found, %d seed documents, %d of their paragraphs"
          % (len(listed), len(a.exclude), hit["id"], len(ids), hit["seed"],
             len(docs)))
    excluded = listed | docs

    os.makedirs(a.out, exist_ok=True)
    cand = cctv_candidates(a.cctv, excluded)
    picked = set()
    for index, name in enumerate(DRAWN):
        pick = random.Random(seed + index).sample(sorted(cand[name]), n_cctv)
        picked.update(pick)
        write_all(a.out, name, pick)
        print(name, len(cand[name]), "candidates,", n_cctv, "picked")

    law = law_candidates(a.laws, excluded)
    law[False] -= law[True]
    rng = random.Random(seed + len(DRAWN))
    henan = rng.sample(sorted(law[True]), n_law // 2)
    other = rng.sample(sorted(law[False]), n_law - n_law // 2)
    picked.update(henan + other)
    write_all(a.out, "law", henan + other)
    print("law", len(law[True]), "Henan +", len(law[False]), "other candidates,",
          n_law, "picked")

    shared = picked & excluded
    if shared:
        sys.exit("%s: %d picks are excluded paragraphs" % (prog, len(shared)))
    if len(picked) != 2 * n_cctv + n_law:
        sys.exit("%s: picks are not distinct" % prog)


def main():
    draw(SEED, N_CCTV, N_LAW, "pick_facts_blind5", __doc__)


if __name__ == "__main__":
    main()
