#!/usr/bin/env python3
"""Pick paragraphs for the SEVENTEENTH blind numeric-fact label set (issue 10).

Same paragraph rules, exclusion machinery and output format as the fifth to
sixteenth sets: the draw is `draw` of tools/pick_facts_blind5.py, called with
this picker's own seed and counts (nothing is copied; that file re-exports the
helpers it imports from the earlier pickers: DRAWN, cctv_candidates,
law_candidates, read_blocks of pick_facts_blind2; excluded_documents,
seed_texts of pick_facts_blind3; write_all of pick_facts_blind4; used_ids of
pick_annot_blind2).

Own counts: N_CCTV17 = 40 per drawn CCTV kind (cctv_econ, cctv_health) and
N_LAW17 = 12 law blocks (N_LAW17 // 2 Henan first, then the rest from
national and other provinces' laws; a block also found in a Henan law counts
as Henan).  The disaster kind is not drawn.

Own SEED 20270917; the earlier sets used 20261128, 20261129, 20261201,
20261205, 20261229, 20261230, 20261231, 20270107, 20270211, 20270301,
20270313, 20270419, 20270503, 20270607, 20270711 and 20270813, and the
assert below checks that it differs from all of them.

Excluded before the draw (they never enter the candidate pools):

  - every paragraph (block between blank lines) of the --exclude files
    (tests/data/facts_blind/*.txt .. facts_blind16/*.txt,
    tests/data/facts/heldout_*.txt);
  - every paragraph of every CCTV story or law whose id is a DOCID.txt under
    an --annot root (tests/data/annot_blind*, i.e. annot_blind ..
    annot_blind17 in this worktree);
  - every paragraph of every record whose text is in a document of --seeds
    (corpus/).

A place set annot_blind18 drawn at the same time elsewhere is not on disk
here and cannot be excluded; the lead checks it for overlap when merging.

    python3 tools/pick_facts_blind17.py \\
        --cctv /work/shared/corpora/cctv_news.jsonl.gz \\
        --laws /work/shared/corpora/laws.jsonl.gz \\
        --out tests/data/facts_blind17 \\
        --exclude tests/data/facts_blind/*.txt tests/data/facts_blind2/*.txt \\
            tests/data/facts_blind3/*.txt tests/data/facts_blind4/*.txt \\
            tests/data/facts_blind5/*.txt tests/data/facts_blind6/*.txt \\
            tests/data/facts_blind7/*.txt tests/data/facts_blind8/*.txt \\
            tests/data/facts_blind9/*.txt tests/data/facts_blind10/*.txt \\
            tests/data/facts_blind11/*.txt tests/data/facts_blind12/*.txt \\
            tests/data/facts_blind13/*.txt tests/data/facts_blind14/*.txt \\
            tests/data/facts_blind15/*.txt tests/data/facts_blind16/*.txt \\
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
import pick_facts_blind16  # noqa: E402
import pick_facts_blind_law  # noqa: E402

SEED = 20270917
N_CCTV17 = 40      # per drawn CCTV kind (cctv_econ, cctv_health)
N_LAW17 = 12       # N_LAW17 // 2 Henan, the rest other

EARLIER_SEEDS = (
    pick_facts_blind.SEED, pick_facts_blind2.SEED, pick_facts_blind3.SEED,
    pick_facts_blind4.SEED, pick_facts_blind5.SEED, pick_facts_blind6.SEED,
    pick_facts_blind7.SEED, pick_facts_blind8.SEED, pick_facts_blind9.SEED,
    pick_facts_blind10.SEED, pick_facts_blind11.SEED,
    pick_facts_blind11.SEED_TENTH, pick_facts_blind12.SEED,
    pick_facts_blind13.SEED, pick_facts_blind14.SEED, pick_facts_blind15.SEED,
    pick_facts_blind16.SEED, pick_facts_blind_law.SEED,
    # the literals, in case an earlier picker's constant is ever renamed
    20261128, 20261129, 20261201, 20261205, 20261229, 20261230, 20261231,
    20270107, 20270211, 20270301, 20270313, 20270419, 20270503, 20270607,
    20270711, 20270813)
assert SEED not in EARLIER_SEEDS, "pick_facts_blind17: seed already used"


def main():
    pick_facts_blind5.draw(SEED, N_CCTV17, N_LAW17, "pick_facts_blind17",
                           __doc__)


if __name__ == "__main__":
    main()
