#!/usr/bin/env python3
"""Score fact extraction on the spent blind sets, honestly, and say why
labels are missed (docs/FACTS.md "Round 6").

Usage: tools/fct_eval.py FCT_CUTS [--zhindex ZHINDEX] [--loso] [--rules]
                         [--classify] [--show CATEGORY]

FCT_CUTS is the built tools/fct_cuts.  Scoring is the rule of
tests/test_fct.c blind_score: a fact matches the first unused label of its
paragraph with equal bounds (1e-9 relative, open ends equal), equal unit,
agreeing type (a change only matches a change), equal direction and a field
equal to one alternative after both are folded (a trailing 总数 数量 数 量
dropped when two code points stay); precision = matched / extracted,
recall = matched / labels, per kind.

--loso   leave one set out: for each spent set (facts_blind .. facts_blind6),
         fit the boundary model and the direction chooser
         (tools/train_fields.py, same data, same deterministic fit) on the
         other sets and corpus/, and score the
         held-out set with those weights (fct_cuts -w).  Without --loso the
         compiled weights are scored (in-sample on every spent set).
--rules  score the rules alone (all weights zero: every cut at the rules'
         edge, every direction the rules').
--direction 0  with --loso: the direction chooser off (round 5's models).
--classify  put every missed label in one category (CATEGORIES below) and
         print counts per category and kind; --show CAT lists its labels;
         and every unmatched fact in one of EXTRA_CATEGORIES (--show
         spurious lists the facts no label holds).

Stdlib only; deterministic.
"""

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_fields as tf  # noqa: E402

ROOT = tf.ROOT
# Every spent set and its halves, as the blind tests read them.
SETS = list(tf.SPENT_SETS)
DELIMS = set("，。；：！？,;:!?\n")

CATEGORIES = [
    ("range_split", "a range (two finite bounds) read as a one-sided or point fact"),
    ("respectively", "in a 分别 list, no fact with these bounds"),
    ("missed_unit", "same bounds, the fact has no unit"),
    ("unit_differs", "same bounds, another unit"),
    ("missed_qualifier", "same number and unit, the label is one-sided (limit, 以上/以下), "
                         "the fact a point"),
    ("extra_qualifier", "same number and unit, the fact one-sided, the label not"),
    ("change_type", "same number, change vs value or direction differs"),
    ("value_differs", "no fact with the number; a fact with its unit and another number"),
    ("never_proposed", "no fact for the number at all"),
    ("field_boundary", "a fact for the number; the label's field is on its side, in its clause"),
    ("field_other_side", "a fact for the number; the label's field is on the other side"),
    ("field_earlier_clause", "a fact for the number; the label's field is in an earlier clause"),
    ("field_later_clause", "a fact for the number; the label's field is in a later clause"),
    ("field_not_in_text", "a fact for the number; the label's field is not written in the text"),
]


def run_facts(cuts, txt, weights=None):
    cmd = [cuts, "-f"] + (["-w", weights] if weights else []) + [txt]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    facts = []
    for line in out.splitlines():
        c = line.split("\t")
        if c[0] != "R":
            continue
        facts.append({"para": int(c[1]), "lo": float(c[2]), "hi": float(c[3]), "unit": c[4],
                      "type": c[5], "dir": c[6], "start": int(c[7]), "end": int(c[8]),
                      "num_s": int(c[9]), "num_e": int(c[10]),
                      "field": c[11] if len(c) > 11 else ""})
    return facts


def load(setname, kind, half):
    base = os.path.join(ROOT, "tests", "data", setname, "%s_%s" % (kind, half))
    if not os.path.exists(base + ".txt"):
        return None
    paras = tf.paragraphs(open(base + ".txt", encoding="utf-8").read())
    labels = []
    for line in open(base + ".tsv", encoding="utf-8"):
        col = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(col) != 9 or col[0] == "doc":
            continue
        labels.append(tf.tenths_as_percent({
            "fields": col[1].split("|"), "lo": tf.bound(col[2], -math.inf),
            "hi": tf.bound(col[3], math.inf), "unit": "" if col[4] == "-" else col[4],
            "type": col[5], "dir": "" if col[6] == "-" else col[6], "evidence": col[8],
            "used": False, "para": next((k for k, p in enumerate(paras) if col[8] in p), -1)}))
    return base, paras, labels


def same_number(f, lb):
    return (tf.bound_eq(f["lo"], lb["lo"]) and tf.bound_eq(f["hi"], lb["hi"])
            and f["unit"] == lb["unit"] and (f["type"] == "change") == (lb["type"] == "change")
            and f["dir"] == lb["dir"])


def score(paras, labels, facts):
    """Mark labels used as the C scorer does; return (extracted, matched)."""
    matched = 0
    for f in facts:
        fo = tf.fold(f["field"])
        for lb in labels:
            if lb["used"] or lb["para"] != f["para"] or not same_number(f, lb):
                continue
            if fo not in [tf.fold(a) for a in lb["fields"]]:
                continue
            lb["used"] = True
            f["ok"] = True
            matched += 1
            break
    return len(facts), matched


def finite(lb):
    return [b for b in (lb["lo"], lb["hi"]) if not math.isinf(b)]


def field_place(para, lb, f):
    """Where the label's field is written relative to the fact's number."""
    ns, ne = f["num_s"], f["num_e"]
    back = f["start"] < ns  # the fact's field is before its number
    best = None
    for alt in lb["fields"]:
        a = tf.fold(alt)
        at = para.find(a) if a else -1
        while at >= 0:
            b = at + len(a)
            if b <= ns:
                cut = any(ch in DELIMS for ch in para[b:ns])
                where = "field_earlier_clause" if cut else (
                    "field_boundary" if back else "field_other_side")
            elif at >= ne:
                cut = any(ch in DELIMS for ch in para[ne:at])
                where = "field_later_clause" if cut else (
                    "field_other_side" if back else "field_boundary")
            else:
                where = "field_boundary"
            rank = ["field_boundary", "field_other_side", "field_earlier_clause",
                    "field_later_clause"].index(where)
            if best is None or rank < best[0] or (rank == best[0] and abs(at - ns) < best[1]):
                best = (rank, abs(at - ns), where)
            at = para.find(a, at + 1)
    return best[2] if best else "field_not_in_text"


def classify(para, lb, facts):
    """One category (CATEGORIES) for a missed label."""
    fs = [f for f in facts if f["para"] == lb["para"]]
    near = [f for f in fs if same_number(f, lb)]
    if near:
        free = [f for f in near if not f.get("ok")] or near
        return field_place(para, lb, free[0])
    ev = lb["evidence"]
    vals = finite(lb)
    shares = [f for f in fs if any(tf.bound_eq(b, v) for v in vals for b in finite(f))]
    if len(vals) == 2 and not tf.bound_eq(vals[0], vals[1]) and shares:
        return "range_split"
    if "分别" in ev or "分别" in para and not shares:
        return "respectively"
    same_b = [f for f in fs if tf.bound_eq(f["lo"], lb["lo"]) and tf.bound_eq(f["hi"], lb["hi"])]
    if same_b:
        if any((f["type"] == "change") != (lb["type"] == "change") or f["dir"] != lb["dir"]
               for f in same_b if f["unit"] == lb["unit"]):
            return "change_type"
        return "missed_unit" if any(not f["unit"] for f in same_b) else "unit_differs"
    same_u = [f for f in shares if f["unit"] == lb["unit"]]
    if same_u:
        f = same_u[0]
        if (f["type"] == "change") != (lb["type"] == "change") or f["dir"] != lb["dir"]:
            return "change_type"
        lb_open = math.isinf(lb["lo"]) or math.isinf(lb["hi"])
        f_open = math.isinf(f["lo"]) or math.isinf(f["hi"])
        if lb_open and not f_open:
            return "missed_qualifier"
        if f_open and not lb_open:
            return "extra_qualifier"
        return "missed_qualifier"
    if shares:
        return "unit_differs"
    if lb["unit"] and any(f["unit"] == lb["unit"] for f in fs):
        return "value_differs"
    return "never_proposed"


EXTRA_CATEGORIES = [
    ("spurious", "no label of the paragraph has this number (a fact the labels do not hold)"),
    ("mismatched", "a label has this number: a miss above (field, unit, type or bounds)"),
]


def spurious_kind(labels, f):
    """Why an extracted fact matched no label (EXTRA_CATEGORIES)."""
    vals = finite(f)
    for lb in labels:
        if lb["para"] == f["para"] and any(tf.bound_eq(b, v) for v in vals for b in finite(lb)):
            return "mismatched"
    return "spurious"


def zero_weights(path):
    with open(path, "w") as fh:
        fh.write("0\n" * (2 * tf.BUCKETS + tf.DIR_BUCKETS))


def write_weights(path, w):
    with open(path, "w") as fh:
        for side in w:
            fh.write("".join("%.6g\n" % v for v in side))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cuts")
    ap.add_argument("--zhindex", help="train on the corpus/ labels too (as make train-fields)")
    ap.add_argument("--loso", action="store_true")
    ap.add_argument("--rules", action="store_true")
    ap.add_argument("--classify", action="store_true")
    ap.add_argument("--show", default="", help="list the missed labels of this category "
                                                 "(all: of every category)")
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--direction", type=int, default=1,
                    help="0: leave the direction chooser off (weights zero)")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--dev", metavar="SET",
                    help="score the DEV half of this unspent set (facts_blind8) with the "
                         "compiled weights instead of the spent sets: what a round is tuned on")
    ap.add_argument("--half", default="dev", choices=["dev", "test"],
                    help="with --dev: the half to score (test: once, when a round is final, "
                         "beside the binary it started from)")
    a = ap.parse_args()
    sets = [(a.dev, ["cctv_econ", "cctv_health", "law"], [a.half])] if a.dev else SETS
    tmp = tempfile.mkdtemp(prefix="fct_eval")
    weights = {}  # set name -> weights file (None: compiled)
    names = [s for s, _, _ in sets]
    if a.rules:
        zero_weights(os.path.join(tmp, "zero"))
        weights = {s: os.path.join(tmp, "zero") for s in names}
    elif a.loso:
        ex, stats = tf.examples(a.cuts, a.zhindex, sets=SETS)
        for s in names:
            w = [tf.fit([x for x in ex[side] if x[3].split("/")[0] != s], a.l2, a.epochs)
                 for side in "SE"]
            d = [x for x in ex["D"] if x[2].split("/")[0] != s]
            w.append(tf.fit_direction(d, a.l2, 20) if a.direction else [0.0] * tf.DIR_BUCKETS)
            weights[s] = os.path.join(tmp, s)
            write_weights(weights[s], w)
            print("fct_eval: fitted without %s" % s, file=sys.stderr)
    tot = {}
    cats = {}
    shown = []
    extra = {}
    for setname, kinds, halves in sets:
        for kind in kinds:
            for half in halves:
                got = load(setname, kind, half)
                if not got:
                    continue
                base, paras, labels = got
                facts = run_facts(a.cuts, base + ".txt", weights.get(setname))
                n, m = score(paras, labels, facts)
                for key in (kind, "all"):
                    t = tot.setdefault(key, [0, 0, 0])
                    t[0] += len(labels)
                    t[1] += n
                    t[2] += m
                if not a.classify:
                    continue
                for f in facts:
                    if f.get("ok"):
                        continue
                    c = spurious_kind(labels, f)
                    extra.setdefault(c, {}).setdefault(kind, 0)
                    extra[c][kind] += 1
                    if a.show == c:
                        shown.append("%s %s %s..%s %s | %s" % (
                            kind, f["field"], f["lo"], f["hi"], f["unit"], paras[f["para"]][
                                max(0, f["num_s"] - 12):f["num_e"] + 6]))
                for lb in labels:
                    if lb["used"]:
                        continue
                    c = classify(paras[lb["para"]], lb, facts)
                    cats.setdefault(c, {}).setdefault(kind, 0)
                    cats[c][kind] += 1
                    if c == a.show or a.show == "all":
                        fs = [f["field"] + " " + str(f["lo"]) + ".." + str(f["hi"]) + f["unit"]
                              for f in facts if f["para"] == lb["para"]]
                        shown.append("%s%s %s %s..%s %s %s | %s | facts: %s" % (
                            c + " " if a.show == "all" else "", kind, "|".join(lb["fields"]), lb["lo"], lb["hi"], lb["unit"],
                            lb["type"], lb["evidence"], "; ".join(fs)))
    mode = "rules alone" if a.rules else "leave one set out" if a.loso else "compiled weights"
    print("%s: labels, extracted, matched, precision %%, recall %%" % mode)
    for key in sorted(tot, key=lambda k: (k == "all", k)):
        lab, n, m = tot[key]
        print("  %-14s %5d %5d %5d  %5.1f  %5.1f" % (key, lab, n, m, 100.0 * m / max(n, 1),
                                                   100.0 * m / max(lab, 1)))
    if a.classify:
        kinds = sorted({k for c in cats.values() for k in c})
        print("missed labels by category (%s)" % mode)
        print("  %-22s %s  all" % ("category", " ".join("%13s" % k for k in kinds)))
        for c, _ in CATEGORIES:
            row = cats.get(c, {})
            print("  %-22s %s %4d" % (c, " ".join("%13d" % row.get(k, 0) for k in kinds),
                                      sum(row.values())))
        print("unmatched facts by category (%s)" % mode)
        for c, _ in EXTRA_CATEGORIES:
            row = extra.get(c, {})
            print("  %-22s %s %4d" % (c, " ".join("%13d" % row.get(k, 0) for k in kinds),
                                      sum(row.values())))
        for line in shown:
            print("  " + line)


if __name__ == "__main__":
    main()
