#!/usr/bin/env python3
"""Pick paragraphs for the NINETEENTH blind numeric-fact label set (issue 10).

The paragraph rules, the exclusion machinery and the output format are those
of the fifth to eighteenth sets: this picker only calls `draw` of
tools/pick_facts_blind5.py with its own seed and counts (no code is copied;
`draw` uses the helpers that file imports from the earlier pickers: DRAWN,
cctv_candidates, law_candidates and read_blocks of pick_facts_blind2,
excluded_documents and seed_texts of pick_facts_blind3, write_all of
pick_facts_blind4, used_ids of pick_annot_blind2).

Own counts: N_CCTV19 = 40 paragraphs per drawn CCTV kind (cctv_econ,
cctv_health) and N_LAW19 = 12 law blocks (N_LAW19 // 2 from Henan laws
first, then the rest from national and other provinces' laws; a block that is
also found in a Henan law counts as Henan).  The disaster kind is not drawn.

Own SEED 20271125.  The earlier sets used 20261128, 20261129, 20261201,
20261205, 20261229, 20261230, 20261231, 20270107, 20270211, 20270301,
20270313, 20270419, 20270503, 20270607, 20270711, 20270813, 20270917 and
20271021; blind_seeds.assert_new checks that
this seed is none of them, reading the SEED line of every tools/pick_facts_blind*.py.

Excluded before the draw (they never enter the candidate pools):

  - every paragraph (block between blank lines) of the --exclude files
    (tests/data/facts_blind/*.txt .. facts_blind18/*.txt and
    tests/data/facts/heldout_*.txt);
  - every paragraph of every CCTV story or law whose id is a DOCID.txt under
    an --annot root (tests/data/annot_blind*: annot_blind .. annot_blind19
    in this worktree);
  - every paragraph of every record whose text is in a document of --seeds
    (corpus/).

The place set annot_blind20 is drawn at the same time elsewhere; it is not
on disk here and cannot be excluded, so the lead checks it for overlap when
merging.

    python3 tools/pick_facts_blind19.py \\
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \\
        --laws /work/shared/corpora/laws.jsonl.gz \\
        --out tests/data/facts_blind19 \\
        --exclude tests/data/facts_blind/*.txt tests/data/facts_blind2/*.txt \\
            tests/data/facts_blind3/*.txt tests/data/facts_blind4/*.txt \\
            tests/data/facts_blind5/*.txt tests/data/facts_blind6/*.txt \\
            tests/data/facts_blind7/*.txt tests/data/facts_blind8/*.txt \\
            tests/data/facts_blind9/*.txt tests/data/facts_blind10/*.txt \\
            tests/data/facts_blind11/*.txt tests/data/facts_blind12/*.txt \\
            tests/data/facts_blind13/*.txt tests/data/facts_blind14/*.txt \\
            tests/data/facts_blind15/*.txt tests/data/facts_blind16/*.txt \\
            tests/data/facts_blind17/*.txt tests/data/facts_blind18/*.txt \\
            tests/data/facts/heldout_*.txt \\
        --annot tests/data/annot_blind* --seeds corpus

writes <out>/cctv_econ_all.txt, cctv_health_all.txt and law_all.txt (one
paragraph per block, blocks separated by one blank line, the text exactly as
in the corpus).  The same inputs and seed give the same files.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blind_seeds  # noqa: E402  (the seed is checked against every earlier picker's)
import pick_facts_blind5  # noqa: E402

SEED = 20271125
N_CCTV19 = 40      # paragraphs per drawn CCTV kind (cctv_econ, cctv_health)
N_LAW19 = 12       # law blocks: N_LAW19 // 2 Henan, the rest other

blind_seeds.assert_new(SEED, 'pick_facts_blind*.py', 'pick_facts_blind19')


def main():
    pick_facts_blind5.draw(SEED, N_CCTV19, N_LAW19, "pick_facts_blind19",
                           __doc__)


if __name__ == "__main__":
    main()
