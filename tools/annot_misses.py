#!/usr/bin/env python3
"""Sort the annotator's misses on the spent labelled sets into categories.

Usage: tools/annot_misses.py ZHINDEX [--list CATEGORY|all] [--kind KIND]

Each spent set (tools/train_places.py TRAIN) is held out in turn and tagged
with place-model weights fitted on the others (leave one set out), so the
misses are those of text the model was not fitted on.  A city miss falls in
the first category that fits (the label alternative nearest to what the
candidates can give is the truth):

  knowledge    the label names a city no candidate proposes (known only
               from world knowledge, or a name the gazetteer lacks)
  roundup      the label says 全国 and the passage keeps cities or provinces
               the label does not name (example cities of a round-up)
  nation_miss  the label says 全国, the passage does not
  nation_extra the passage says 全国, the label does not
  carried      a place carried from the section or document (not named in
               the passage) is kept against the label (a bulletin's first
               story carried into the next)
  foreign      the label names no place, the passage keeps one of its own
  own_extra    a place the passage names is kept against the label (venue,
               dateline, byline, event name, comparison)
  dropped      a place the label names is proposed but dropped
  province     only a province differs

A year miss: extra (the passage has years the label lacks, and all the
label's), missing (the label has years the passage lacks), doc_year (the
passage has only the document's year, the label other years), wrong.
"""
import argparse
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_places as tp  # noqa: E402

CITY_CATS = ["knowledge", "roundup", "nation_miss", "nation_extra", "carried", "foreign",
             "own_extra", "dropped", "province"]
YEAR_CATS = ["extra", "missing", "doc_year", "wrong"]


def city_category(gz, r, got):
    want = tp.best_alt(gz, r["label"], r["cands"])
    if want is None:
        return "knowledge"
    cset = {c["code"] for c in r["cands"]}
    kinds = {c["code"]: c["kind"] for c in r["cands"]}
    nat = tp.NATION
    if any((c >= 100 or c == nat) and c not in cset for c in want) and nat not in want:
        return "knowledge"
    extra = {c for c in got if c != nat and c not in want
             and not (c < 100 and any(k >= 100 and tp.province_of(k) == c for k in want))}
    if nat in want and extra:
        return "roundup"
    if nat in want and nat not in got:
        return "nation_miss"
    if nat in got and nat not in want:
        return "nation_extra"
    if any(kinds.get(c, "").startswith("carried") for c in extra):
        return "carried"
    if not want and extra:
        return "foreign"
    if any(c >= 100 for c in extra):
        return "own_extra"
    if any(c >= 100 and c not in got for c in want):
        return "dropped"
    return "province"


def year_category(r):
    got = r["got_years"]
    wants = [tp.year_alt(a) for a in r["years"].split("|")]
    want = min(wants, key=lambda w: len(w ^ got))
    doc_year = int(r["date"][:4]) if r.get("date") else 0
    if got > want:
        return "extra"
    if got < want:
        return "missing"
    if got == {doc_year}:
        return "doc_year"
    return "wrong"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zhindex")
    ap.add_argument("--list", default="", help="print the misses of this category (or all)")
    ap.add_argument("--kind", default="")
    a = ap.parse_args()
    gz = tp.load_gazetteer()
    rows = []
    for setname, sub, files in tp.TRAIN:
        rows += tp.blind_rows(gz, a.zhindex, setname, sub, files)
    corpus = tp.corpus_rows(gz, a.zhindex)
    nfeat = len(rows[0]["cands"][0]["f"])
    cats = defaultdict(Counter)
    totals = Counter()
    for held in sorted({r["set"] for r in rows}):
        w = tp.fit_all(gz, [r for r in rows if r["set"] != held] + corpus, nfeat)
        for r in (r for r in rows if r["set"] == held):
            totals[r["kind"]] += 1
            got = tp.decide(w, r["cands"])
            alts = [x for x in (tp.parse_alt(gz, s) for s in r["label"].split("|")) if x is not None]
            lines = []
            if not any(tp.agrees(got, x) for x in alts):
                cat = city_category(gz, r, got)
                cats[r["kind"]]["city:" + cat] += 1
                lines.append(cat)
            if not tp.years_right(r):
                cat = year_category(r)
                cats[r["kind"]]["year:" + cat] += 1
                lines.append("year:" + cat)
            if lines and (a.list == "all" or a.list in lines) and (not a.kind or a.kind == r["kind"]):
                print("%s %s %s %s | label %s / %s | got %s / %s | %s" % (
                    held, r["kind"], r["doc"], ",".join(lines), r["label"], r["years"],
                    ",".join(str(c) for c in sorted(got)),
                    ",".join(str(y) for y in sorted(r["got_years"])), r["text"]))
    kinds = sorted(totals)
    print("%-18s" % "category" + "".join("%9s" % k for k in kinds))
    print("%-18s" % "paragraphs" + "".join("%9d" % totals[k] for k in kinds))
    for cat in ["city:" + c for c in CITY_CATS] + ["year:" + c for c in YEAR_CATS]:
        print("%-18s" % cat + "".join("%9d" % cats[k][cat] for k in kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
