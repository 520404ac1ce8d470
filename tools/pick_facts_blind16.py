#!/usr/bin/env python3
"""Pick paragraphs for the SIXTEENTH blind numeric-fact label set (issue 10).

Same paragraph rules, exclusion machinery and output format as the fifth to
fifteenth sets, imported from tools/pick_facts_blind5.py instead of copied
(that file re-exports what it imports from the earlier pickers):

  DRAWN, cctv_candidates, law_candidates, read_blocks
      (tools/pick_facts_blind2.py: the CCTV and law paragraph rules);
  excluded_documents, seed_texts
      (tools/pick_facts_blind3.py; importing it runs its asserts that
      pick_facts_blind2's rules are those of tools/pick_facts_blind.py and
      tools/pick_facts_blind_law.py);
  write_all (tools/pick_facts_blind4.py);
  used_ids (tools/pick_annot_blind2.py).

Own counts: N_CCTV16 = 40 per drawn CCTV kind and N_LAW16 = 12 law blocks
(N_LAW16 // 2 Henan, the rest other); none of the earlier pickers' counts
(N_CCTV / N_LAW of pick_facts_blind4, N_CCTV6 .. N_CCTV15 /
N_LAW6 .. N_LAW15) are used.

  cctv_econ, cctv_health: CCTV lines of 30-300 characters without
      leading/trailing white space, holding a number + measure word that is
      not a date, sorted into a kind by words (first match wins: disaster,
      health, econ; disaster is not drawn); N_CCTV16 per kind.
  law: one-line article blocks 第…条 of 30-300 characters with a numeral +
      legal unit and a legal key (no strata), N_LAW16 // 2 from Henan laws,
      the rest from national and other provinces' laws (a block also found
      in a Henan law counts as Henan); Henan picks first.

Own SEED (20270813; the earlier sets used 20261128, 20261129, 20261201,
20261205, 20261229, 20261230, 20261231, 20270107, 20270211, 20270301,
20270313, 20270419, 20270503, 20270607 and 20270711).  The files are written as <kind>_all.txt.

Excluded before the draw (so they never enter the candidate pools):

  - every paragraph (block between blank lines) of the --exclude files
    (tests/data/facts_blind/*.txt .. facts_blind15/*.txt,
    tests/data/facts/heldout_*.txt);
  - every paragraph of every CCTV story or law whose id is a DOCID.txt under
    an --annot root (tests/data/annot_blind*);
  - every paragraph of every record whose text is in a document of --seeds
    (corpus/).

The --annot roots tests/data/annot_blind* include annot_blind16.  A place
set annot_blind17 drawn in parallel elsewhere is not on disk here and cannot
be excluded; the lead checks it for overlap.

    python3 tools/pick_facts_blind16.py \\
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \\
        --laws /work/shared/corpora/laws.jsonl.gz \\
        --out tests/data/facts_blind16 \\
        --exclude tests/data/facts_blind/*.txt tests/data/facts_blind2/*.txt \\
            tests/data/facts_blind3/*.txt tests/data/facts_blind4/*.txt \\
            tests/data/facts_blind5/*.txt tests/data/facts_blind6/*.txt \\
            tests/data/facts_blind7/*.txt tests/data/facts_blind8/*.txt \\
            tests/data/facts_blind9/*.txt tests/data/facts_blind10/*.txt \\
            tests/data/facts_blind11/*.txt tests/data/facts_blind12/*.txt \\
            tests/data/facts_blind13/*.txt tests/data/facts_blind14/*.txt \\
            tests/data/facts_blind15/*.txt \\
            tests/data/facts/heldout_*.txt \\
        --annot tests/data/annot_blind* --seeds corpus

writes <out>/cctv_econ_all.txt, cctv_health_all.txt and law_all.txt: one
paragraph per block, blocks separated by one blank line, text exactly as in
the corpus.  Same inputs and seed give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pick_facts_blind  # noqa: E402
import pick_facts_blind2  # noqa: E402
import pick_facts_blind3  # noqa: E402
import pick_facts_blind4  # noqa: E402
import pick_facts_blind5  # noqa: E402
import pick_facts_blind6  # noqa: E402
import pick_facts_blind7  # noqa: E402
import pick_facts_blind8  # noqa: E402
import pick_facts_blind9  # noqa: E402
import pick_facts_blind10  # noqa: E402
import pick_facts_blind11  # noqa: E402
import pick_facts_blind12  # noqa: E402
import pick_facts_blind13  # noqa: E402
import pick_facts_blind14  # noqa: E402
import pick_facts_blind15  # noqa: E402
import pick_facts_blind_law  # noqa: E402

SEED = 20270813
N_CCTV16 = 40      # per drawn CCTV kind (cctv_econ, cctv_health)
N_LAW16 = 12       # N_LAW16 // 2 Henan, the rest other

assert SEED not in (pick_facts_blind.SEED, pick_facts_blind2.SEED,
                    pick_facts_blind3.SEED, pick_facts_blind4.SEED,
                    pick_facts_blind5.SEED, pick_facts_blind6.SEED,
                    pick_facts_blind7.SEED, pick_facts_blind8.SEED,
                    pick_facts_blind9.SEED, pick_facts_blind10.SEED,
                    pick_facts_blind11.SEED, pick_facts_blind11.SEED_TENTH,
                    pick_facts_blind12.SEED, pick_facts_blind13.SEED,
                    pick_facts_blind14.SEED, pick_facts_blind15.SEED,
                    pick_facts_blind_law.SEED,
                    20270301, 20270313, 20270419, 20270503, 20270607,
                    20270711)


def main():
    pick_facts_blind5.draw(SEED, N_CCTV16, N_LAW16, "pick_facts_blind16",
                           __doc__)


if __name__ == "__main__":
    main()
