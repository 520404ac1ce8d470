#!/usr/bin/env python3
"""Fit the field-boundary model of fact extraction (common/fct_model.h).

Usage: tools/train_fields.py FCT_CUTS [--zhindex ZHINDEX] [--out common/fct_model_w.c] [--cv K]
                             [--l2 X] [--epochs N] [--show]

FCT_CUTS is the built tools/fct_cuts (make train-fields builds it): it runs
the extractor on one blind-set text file and prints, for every fact whose
field the model cuts, the rules' proposed field [s, e) (code points of the
paragraph), the number and unit, and the hashed features of every start and
end cut the model may choose (docs/FACTS.md "Round 5").

Training data: the labelled facts of the spent blind sets
(tests/data/facts_blind .. facts_blind7, every half) and, with --zhindex, the corpus/ labels (tests/data/facts/labels.tsv,
on the passages `zhindex passages corpus/` cuts, as facts_corpus_pr reads
them).  A label is paired with the extractor's fact for the same number
(same paragraph, bounds, unit, type, direction: the scorer's rule in
tests/test_fct.c, without the field), and its right cuts are the edges of
every occurrence of a label alternative (folded as the scorer folds: a
trailing 总数 数量 数 量 may stand or not) whose start and end the model can
reach from the proposed field.  A rate's label (unit with /千人口 ...) starts
at the denominator, which the extractor then moves into the unit.  Labels
with no such occurrence, and facts with no label, teach nothing and are
left out.  (facts_blind5 joined the training data in round 6, once both
its halves were spent; facts_blind6 and facts_blind7 in round 9, when the
mined word classes let the refit keep 为患者节约费用100余万元 whole.)

The direction chooser (fct_model.h, round 6) is trained on the same pairs:
a fact whose rules took the backward field while a forward one exists
(fct_cuts prints a D line)
teaches it when only one side can reach one of the label's alternatives
(forward: an occurrence starting inside the forward field and ending
within FCT_MODEL_WINDOW of its end; backward: one inside the backward
field's reach, before the number); a logistic regression, SGD in a fixed
order, --dir-epochs passes.

Model: per side, a conditional log-linear (softmax) model over the cuts of
one fact, p(cut) ~ exp(sum of the weights of its features), trained by
stochastic gradient descent on -log P(a right cut), with L2 shrinkage,
a fixed number of epochs and a fixed example order: deterministic.
Inference (fct_model.c) takes the arg max, the proposed edge on ties.

Stdlib only.  Writes common/fct_model_w.c (only non-zero weights).
tools/fct_eval.py --loso scores both models leave-one-set-out.
"""

import argparse
import math
import os
import subprocess
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUCKETS = 8192  # FCT_MODEL_BUCKETS in common/fct_model.h
DIR_BUCKETS = 2048  # FCT_MODEL_DIR_BUCKETS
WINDOW = 6  # FCT_MODEL_WINDOW

# The sets the compiled weights are fitted on, and the halves each one has.
SETS = [
    ("facts_blind", ["cctv_econ", "cctv_health", "cctv_disaster", "law", "healthstyle"],
     ["dev", "test"]),
    ("facts_blind2", ["cctv_econ", "cctv_health", "law"], ["test"]),
    ("facts_blind3", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind4", ["cctv_econ", "cctv_health", "law"], ["all"]),
    ("facts_blind5", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind6", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind7", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    # the ninth to eleventh sets: round 10 was tuned on their DEV halves and
    # their TEST halves were scored once at its end (docs/FACTS.md)
    ("facts_blind9", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind10", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind11", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    # the twelfth to fifteenth sets: round 11 was tuned on their DEV halves,
    # their TEST halves were scored once at its end (docs/FACTS.md)
    ("facts_blind12", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind13", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind14", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind15", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    # the sixteenth and seventeenth sets: round 12 was tuned on their DEV
    # halves, their TEST halves were scored once at its end (docs/FACTS.md),
    # then joined the fit
    ("facts_blind16", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    ("facts_blind17", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    # the eighteenth set: round 13 was tuned on its DEV half, its TEST half
    # was scored once at its end (docs/FACTS.md), then joined the fit
    ("facts_blind18", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
    # the nineteenth set: round 14 was tuned on its DEV half, its TEST half
    # was scored once at its end (docs/FACTS.md), then joined the fit
    ("facts_blind19", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
]
# Every spent set: what tools/fct_eval.py --loso leaves out one at a time
# and fits on.  The eighth is not in the compiled fit: with it the refit cuts
# 每万人口全科医生数 to 医生数, a form test (docs/FACTS.md "Round 9").  Nor is
# the twentieth (round 15 was tuned on its DEV half, its TEST half was
# scored once at its end): with it the refit broke four form tests
# (适龄儿童免疫规划疫苗接种率 -> 接种率, 转为确诊病例 -> 由无症状感染者,
# 车辆停放间距 -> 间距; docs/FACTS.md "Round 15").
SPENT_SETS = SETS + [("facts_blind8", ["cctv_econ", "cctv_health", "law"], ["dev", "test"]),
                     ("facts_blind20", ["cctv_econ", "cctv_health", "law"], ["dev", "test"])]
SUFFIXES = ["总数", "数量", "数", "量"]  # the scorer's fold (tests/test_fct.c fold_len)
DENOMINATORS = ["每千常住人口", "每千人口", "每千人", "每万常住人口", "每万人口", "每万人",
                "每十万人口", "每10万人口", "每十万人", "每10万人", "每百人", "千人口", "千人"]


def fold(f):
    for s in SUFFIXES:
        if len(f) > len(s) and f.endswith(s) and len(f) - len(s) >= 2:
            return f[:-len(s)]
    return f


def paragraphs(text):
    """Split as tests/test_fct.c split_paras and tools/fct_cuts.c do."""
    out, p = [], 0
    while p < len(text):
        while p < len(text) and text[p] == "\n":
            p += 1
        if p >= len(text):
            break
        e = text.find("\n\n", p)
        para = text[p:e] if e >= 0 else text[p:]
        out.append(para.rstrip("\n"))
        if e < 0:
            break
        p = e + 2
    return out


def bound(s, open_end):
    return open_end if s == "-" else float(s)


def load_labels(path):
    labels = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        col = line.split("\t")
        if len(col) != 9 or col[0] == "doc":
            continue
        labels.append(tenths_as_percent({
            "fields": col[1].split("|"), "lo": bound(col[2], -math.inf),
            "hi": bound(col[3], math.inf), "unit": "" if col[4] == "-" else col[4],
            "change": col[5] == "change", "dir": "" if col[6] == "-" else col[6],
            "evidence": col[8], "used": False}))
    return labels


def tenths_as_percent(lb):
    """The labels keep 成 as a unit (六成 -> 6 成); the fact model reads tenths
    as percent (60 %).  The same quantity, compared in the model's unit (as
    tests/test_fct.c does).  Open bounds may be None (train_facts.py) or
    infinite."""
    if lb["unit"] == "成":
        tenths = [None if b is None else b * 10 for b in (lb["lo"], lb["hi"])]
        lb["lo"], lb["hi"], lb["unit"] = tenths[0], tenths[1], "%"
    return lb


def bound_eq(a, b):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def run_cuts(cuts, txt):
    """Facts with their proposed fields and cut features, from fct_cuts."""
    out = subprocess.run([cuts, txt], capture_output=True, text=True, check=True).stdout
    facts = []
    for line in out.splitlines():
        col = line.split("\t")
        if col[0] == "F":
            facts.append({
                "para": int(col[1]), "lo": float(col[2]), "hi": float(col[3]),
                "unit": col[4], "change": col[5] == "change", "dir": col[6],
                "s": int(col[7]), "e": int(col[8]), "field": col[11] if len(col) > 11 else "",
                "S": [], "E": [], "D": None})
        elif col[0] == "D":
            facts[-1]["D"] = ([int(x) for x in col[1:5]],
                              [int(x) for x in col[5].split(",")] if col[5] else [])
        else:
            ids = [int(x) for x in col[2].split(",")] if col[2] else []
            facts[-1][col[0]].append((int(col[1]), ids))
    return facts


def corpus_examples(cuts, zhindex, add, stats):
    """The corpus/ labels (tests/data/facts/labels.tsv, the old convention:
    one value per line, a rate's denominator in the field): the passages of
    `zhindex passages corpus/` written one per block to a temporary file
    for fct_cuts, as facts_corpus_pr reads them."""
    import json
    import tempfile
    out = subprocess.run([zhindex, "passages", os.path.join(ROOT, "corpus")],
                         capture_output=True, text=True, check=True).stdout
    psg = [json.loads(line) for line in out.splitlines() if line.strip()]
    paras = [p["text"] for p in psg]
    docs = [os.path.basename(p["doc"]) for p in psg]
    labels = []
    for line in open(os.path.join(ROOT, "tests", "data", "facts", "labels.tsv"), encoding="utf-8"):
        col = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(col) < 7 or col[0] == "doc":
            continue
        ev, doc = col[6], col[0]
        para = next((k for k, p in enumerate(paras) if docs[k] == doc and ev in p), -1)
        labels.append({"fields": col[1].split("|"), "value": float(col[2]),
                       "unit": "" if col[3] == "-" else col[3], "para": para, "used": False})
    stats["labels"] += len(labels)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
        fh.write("\n\n".join(p.replace("\n\n", "\n ") for p in paras) + "\n")
        tmp = fh.name
    try:
        facts = run_cuts(cuts, tmp)
    finally:
        os.unlink(tmp)
    for f in facts:
        def same_number(lb):
            return (not lb["used"] and lb["para"] == f["para"]
                    and any(bound_eq(b, lb["value"]) for b in (f["lo"], f["hi"])
                            if not math.isinf(b))
                    and (f["unit"] == lb["unit"] or f["unit"].startswith(lb["unit"] + "/")))
        same = [lb for lb in labels if same_number(lb)]
        if same:
            add(f, same, paras, "corpus", dict(same[0], unit=""))


def right_cuts(para, label, fact):
    """Start and end cuts of the label's alternatives the model can reach."""
    starts = {p for p, _ in fact["S"]}
    ends = {p for p, _ in fact["E"]}
    rs, re_ = set(), set()
    rate = "/" in label["unit"]
    for alt in label["fields"]:
        a = fold(alt)
        if not a:
            continue
        at = para.find(a)
        while at >= 0:
            b = at + len(a)
            ends_ok = [b] + [b + len(s) for s in SUFFIXES if para.startswith(s, b)]
            begin = [at]
            if rate:
                begin = [at - len(d) for d in DENOMINATORS if para[:at].endswith(d)]
            for s in begin:
                for e in ends_ok:
                    if s in starts and e in ends:
                        rs.add(s)
                        re_.add(e)
            at = para.find(a, at + 1)
    return rs, re_


def direction(para, label, fact):
    """1 when only the forward candidate can reach one of the label's
    alternatives, 0 when only the backward one can, None otherwise."""
    (bs, be, fs, fe), _ = fact["D"]
    back = fwd = False
    for alt in label["fields"]:
        a = fold(alt)
        at = para.find(a) if a else -1
        while at >= 0:
            b = at + len(a)
            fwd = fwd or (fs <= at < fe and b <= fe + WINDOW)
            back = back or (bs - WINDOW <= at < be and b <= fs and b > bs)
            at = para.find(a, at + 1)
    return None if fwd == back else int(fwd)


def examples(cuts, zhindex=None, show=False, sets=SETS):
    """(start examples, end examples, groups): an example is (cuts, right
    set, proposed edge, text id); groups name the file each came from."""
    ex = {"S": [], "E": [], "D": []}
    stats = {"labels": 0, "paired": 0, "reachable": 0, "at_edge": 0, "choices": 0,
             "forward": 0}

    def add(f, same, paras, group, as_label):
        # prefer the label the rules' field already names (not the stored
        # field, which depends on the weights being refitted)
        rules = paras[f["para"]][f["s"]:f["e"]]
        good = [lb for lb in same if fold(rules) in [fold(a) for a in lb["fields"]]]
        lb = (good or same)[0]
        lb["used"] = True
        stats["paired"] += 1
        if f["D"]:
            y = direction(paras[f["para"]], as_label or lb, f)
            if y is not None:
                ex["D"].append((f["D"][1], y, group))
                stats["choices"] += 1
                stats["forward"] += y
        rs, re_ = right_cuts(paras[f["para"]], as_label or lb, f)
        if rs and re_:
            stats["reachable"] += 1
            stats["at_edge"] += f["s"] in rs and f["e"] in re_
        elif show:
            print("unreachable: %s | %s | %s" % (
                "|".join(lb["fields"]), rules, paras[f["para"]][max(0, f["s"] - 8):f["e"] + 8]))
        if rs:
            ex["S"].append((f["S"], rs, f["s"], group))
        if re_:
            ex["E"].append((f["E"], re_, f["e"], group))
    for setname, kinds, halves in sets:
        for kind in kinds:
            for half in halves:
                base = os.path.join(ROOT, "tests", "data", setname, "%s_%s" % (kind, half))
                if not os.path.exists(base + ".txt"):
                    continue
                paras = paragraphs(open(base + ".txt", encoding="utf-8").read())
                labels = load_labels(base + ".tsv")
                for lb in labels:
                    lb["para"] = next((k for k, p in enumerate(paras) if lb["evidence"] in p), -1)
                stats["labels"] += len(labels)
                facts = run_cuts(cuts, base + ".txt")
                group = "%s/%s_%s" % (setname, kind, half)
                for f in facts:
                    same = [lb for lb in labels if not lb["used"] and lb["para"] == f["para"]
                            and bound_eq(f["lo"], lb["lo"]) and bound_eq(f["hi"], lb["hi"])
                            and f["unit"] == lb["unit"] and f["change"] == lb["change"]
                            and f["dir"] == lb["dir"]]
                    if same:
                        add(f, same, paras, group, None)
    if zhindex:
        corpus_examples(cuts, zhindex, add, stats)
    return ex, stats


def scores(w, cands):
    return [sum(w[i] for i in ids) for _, ids in cands]


def choose(w, cands, edge):
    z = scores(w, cands)
    best, at = None, edge
    for (p, _), s in zip(cands, z):
        if best is None or s > best or (s == best and p == edge):
            best, at = s, p
    return at


def example_key(ex):
    """What identifies an example whatever else is in the data: its own
    feature ids (and its group), so its place in the order below does not
    move when another example comes or goes."""
    return repr(ex).encode("utf-8")


def stable_order(exs, epoch):
    """The visiting order of an epoch: sorted by a seeded hash of each
    example's own content.  A shuffle of the index list (as before round 7)
    reorders every example when one is added, and SGD stopped after a few
    epochs depends on the order: a refit on one more example moved cuts far
    from it.  Here an added example is only inserted."""
    salt = b"%d:%d:" % (20261229, epoch)
    keys = [zlib.crc32(salt + example_key(x)) for x in exs]
    return sorted(range(len(exs)), key=lambda k: (keys[k], k))


def fit(exs, l2, epochs, lr0=0.5):
    w = [0.0] * BUCKETS
    for ep in range(epochs):
        order = stable_order(exs, ep)
        lr = lr0 / (1 + ep)
        for k in order:
            cands, right, _, _ = exs[k]
            z = scores(w, cands)
            m = max(z)
            ez = [math.exp(v - m) for v in z]
            tot = sum(ez)
            pos = sum(e for (p, _), e in zip(cands, ez) if p in right)
            for (p, ids), e in zip(cands, ez):
                g = e / tot - (e / pos if p in right else 0.0)
                if g:
                    for i in ids:
                        w[i] -= lr * g
        shrink = 1 - lr * l2
        w = [v * shrink for v in w]
    return w


def fit_direction(exs, l2, epochs, lr0=0.5):
    """Logistic regression over the direction examples (ids, y, group):
    P(forward) = sigmoid(sum of weights), SGD with a seeded order."""
    w = [0.0] * DIR_BUCKETS
    for ep in range(epochs):
        order = stable_order(exs, ep)
        lr = lr0 / (1 + ep)
        for k in order:
            ids, y = exs[k][:2]
            z = sum(w[i] for i in ids)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for i in ids:
                w[i] -= lr * (p - y)
        shrink = 1 - lr * l2
        w = [v * shrink for v in w]
    return w


def dir_accuracy(w, exs):
    """(model right, rules right, choices): forward when the score is
    positive, as in fct.c; the rules always took the backward field."""
    ok = sum((sum(w[i] for i in ids) > 0) == bool(y) for ids, y, _ in exs)
    return ok, sum(1 - y for _, y, _ in exs), len(exs)


def accuracy(w, exs):
    ok = sum(choose(w, c, edge) in right for c, right, edge, _ in exs)
    base = sum(edge in right for _, right, edge, _ in exs)
    return ok, base, len(exs)


def write(path, w, stats):
    lines = [
        "/* fct_model_w.c - GENERATED by tools/train_fields.py (make train-fields); do",
        " * not edit.  Weights of the field-boundary model (fct_model.h), fitted on",
        " * the %d labels of the spent blind sets tests/data/facts_blind{,2,3,4,5}" % stats["labels"],
        " * and of corpus/ (tests/data/facts/labels.tsv):",
        " * %d paired with a fact for the same number, %d of them with a right field" %
        (stats["paired"], stats["reachable"]),
        " * within reach of the cuts; %d direction choices with one side right," % stats["choices"],
        " * %d of them forward.  Only non-zero weights are listed. */" % stats["forward"],
        '#include "fct_model.h"', "",
        "const float fct_model_weights[2][FCT_MODEL_BUCKETS] = {"]
    for side in (0, 1):
        lines.append("    [%d] = {" % side)
        items = ["[%d] = %.4ff," % (i, v) for i, v in enumerate(w[side]) if abs(v) >= 5e-5]
        for k in range(0, len(items), 5):
            lines.append("        " + " ".join(items[k:k + 5]))
        lines.append("    },")
    lines.append("};")
    lines.append("")
    lines.append("const float fct_model_dir_weights[FCT_MODEL_DIR_BUCKETS] = {")
    items = ["[%d] = %.4ff," % (i, v) for i, v in enumerate(w[2]) if abs(v) >= 5e-5]
    for k in range(0, len(items), 5):
        lines.append("    " + " ".join(items[k:k + 5]))
    lines.append("};")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cuts")
    ap.add_argument("--zhindex", help="also train on the corpus/ labels, cutting corpus/ into "
                    "passages with this zhindex")
    ap.add_argument("--out", default=os.path.join(ROOT, "common", "fct_model_w.c"))
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--dir-epochs", type=int, default=20)
    ap.add_argument("--cv", type=int, default=0, help="K-fold check by file, no output")
    ap.add_argument("--show", action="store_true", help="list the unreachable labels")
    a = ap.parse_args()
    ex, stats = examples(a.cuts, a.zhindex, a.show)
    print("train_fields: %(labels)d labels, %(paired)d paired with a fact, %(reachable)d "
          "reachable, %(at_edge)d already right; %(choices)d direction choices, "
          "%(forward)d forward" % stats, file=sys.stderr)
    if a.cv:
        # corpus/ is always trained on: it is one text kind of its own, and
        # the spent blind sets are what the folds measure
        groups = sorted({g for side in "SE" for *_, g in ex[side]} - {"corpus"})
        for side in "SE":
            ok = base = n = 0
            for k in range(a.cv):
                test = {g for j, g in enumerate(groups) if j % a.cv == k}
                w = fit([x for x in ex[side] if x[3] not in test], a.l2, a.epochs)
                o, b, m = accuracy(w, [x for x in ex[side] if x[3] in test])
                ok, base, n = ok + o, base + b, n + m
            print("cv %s: model %d / %d right, rules %d" % (side, ok, n, base), file=sys.stderr)
        ok = base = n = 0
        for k in range(a.cv):
            test = {g for j, g in enumerate(groups) if j % a.cv == k}
            w = fit_direction([x for x in ex["D"] if x[2] not in test], a.l2, a.dir_epochs)
            o, b, m = dir_accuracy(w, [x for x in ex["D"] if x[2] in test])
            ok, base, n = ok + o, base + b, n + m
        print("cv D: model %d / %d right, rules %d" % (ok, n, base), file=sys.stderr)
        return
    w = [fit(ex["S"], a.l2, a.epochs), fit(ex["E"], a.l2, a.epochs),
         fit_direction(ex["D"], a.l2, a.dir_epochs)]
    o, b, m = dir_accuracy(w[2], ex["D"])
    print("train_fields: direction in-sample %d / %d right (rules: %d)" % (o, m, b),
          file=sys.stderr)
    for side, ws in zip("SE", w):
        o, b, m = accuracy(ws, ex[side])
        print("train_fields: %s cuts in-sample %d / %d right (rules: %d)" % (side, o, m, b),
              file=sys.stderr)
    write(a.out, w, stats)
    print("train_fields: wrote %s" % a.out, file=sys.stderr)


if __name__ == "__main__":
    main()
