#!/usr/bin/env python3
"""Mine the numeric-fact lexicons from the corpora and write common/fct_lex.c.

Usage: tools/train_facts.py [--corpora DIR] [--out common/fct_lex.c]
       (make train-facts runs it with the defaults: ../shared/corpora)

Stdlib only, deterministic (no randomness; every table is sorted), so the
same corpora always give the same file.  What it learns (docs/FACTS.md
"Learned lexicons"):

1. Verbs by distribution.  A Han bigram is a verb (or an adverb-like
   predicate word) when it follows predicate markers (已 将 并 不 要 可 应当
   已经 正在 未 没有 也 均 都 还) much more often than it follows 的, the marker
   of a noun.  Counted over every paragraph of both corpora; kept when seen at
   least VERB_MIN times after a marker and VERB_RATIO times as often as after
   的.  The extractor never lets a field contain one except at its start, cuts
   a limit's prepositional phrase before the first one (向人民法院提起诉讼),
   and stops a forward field at one.

2. Units by position.  The strings of 1-3 Han characters right after a number
   (arabic digits, with 万/亿 multipliers) are counted; a candidate is a unit
   when it is frequent (UNIT_MIN), complete (the characters after it branch:
   right entropy >= UNIT_ENTROPY bits, so 平方 is not a unit but 平方米 is),
   and cohesive (it follows its own prefix in at least UNIT_COHESION of the
   prefix's occurrences, so 个县 is 个 + 县, not a unit).  The extractor's own
   table (qty.c) keeps the kinds it knows (dates, ages, money); a mined unit
   it does not know counts things.

3. Word cohesion.  Bigrams whose characters stick together (pointwise mutual
   information >= COHESION_PMI over COHESION_MIN occurrences) are words that
   a field boundary must not split (平均, 集中): the extractor moves a cut
   that would fall inside one.
"""
import argparse
import gzip
import json
import math
import os
import re
import sys
from collections import Counter

VERB_MIN = 40
VERB_RATIO = 4.0
UNIT_MIN = 40
UNIT_ENTROPY = 2.0
UNIT_COHESION = 0.3
UNIT_BOUND = 0.25  # share of a unit's occurrences that follow a number
COHESION_MIN = 200
COHESION_PMI = 6.0
COHESION_MAX = 6000  # the table stays small; the strongest pairs first

MARKERS = ["已经", "正在", "应当", "没有", "不得", "必须", "可以", "已", "将", "并", "不", "要", "未", "也", "均", "都", "还"]
# A bigram starting with one of these after a marker is the marker's own
# word going on (予以, 将于), not a verb after it.
NOT_VERB_START = set("以予于为与是在有的了所之其经得求断能可来足向由对自处")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUM_UNIT = re.compile(r"[0-9]+(?:\.[0-9]+)?[万亿千百]*([\u4e00-\u9fff]{1,4})")
# Characters after a number that are multipliers or qualifiers, never units.
NOT_UNIT_START = set("万亿千百十余多以左约至到和或及、")


def paragraphs(corpora):
    for name in ("cctv_news.jsonl.gz", "laws.jsonl.gz"):
        path = os.path.join(corpora, name)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                for p in doc.get("text", "").split("\n"):
                    p = p.strip()
                    if p:
                        yield p


def mine(corpora):
    after_marker = Counter()
    after_de = Counter()
    unigram = Counter()
    bigram = Counter()
    trigram = Counter()
    unit_c = Counter()
    unit_next = {}
    nchars = 0
    for p in paragraphs(corpora):
        n = len(p)
        for i, ch in enumerate(p):
            if not HAN.match(ch):
                continue
            unigram[ch] += 1
            nchars += 1
            if i + 1 < n and HAN.match(p[i + 1]):
                bigram[ch + p[i + 1]] += 1
                if i + 2 < n and HAN.match(p[i + 2]):
                    trigram[p[i : i + 3]] += 1
        for i in range(n - 2):
            if p[i] == "的":
                bg = p[i + 1 : i + 3]
                if len(bg) == 2 and HAN.match(bg[0]) and HAN.match(bg[1]):
                    after_de[bg] += 1
        for m in MARKERS:
            start = 0
            while True:
                i = p.find(m, start)
                if i < 0:
                    break
                bg = p[i + len(m) : i + len(m) + 2]
                if len(bg) == 2 and HAN.match(bg[0]) and HAN.match(bg[1]) and bg[0] not in NOT_VERB_START:
                    after_marker[bg] += 1
                start = i + 1
        for mt in NUM_UNIT.finditer(p):
            tail = mt.group(1)
            if tail[0] in NOT_UNIT_START:
                continue
            for k in range(1, min(3, len(tail)) + 1):
                u = tail[:k]
                unit_c[u] += 1
                nxt = tail[k] if k < len(tail) else p[mt.end(1) : mt.end(1) + 1] or "#"
                unit_next.setdefault(u, Counter())[nxt] += 1
    return after_marker, after_de, unigram, bigram, unit_c, unit_next, nchars, trigram


def entropy(counter):
    total = sum(counter.values())
    return -sum(c / total * math.log2(c / total) for c in counter.values() if c)


def select(after_marker, after_de, unigram, bigram, unit_c, unit_next, nchars, textcount):
    verbs = sorted(
        bg for bg, v in after_marker.items() if v >= VERB_MIN and v >= VERB_RATIO * (after_de[bg] + 1)
    )
    units = []
    for u, c in unit_c.items():
        if c < UNIT_MIN:
            continue
        if entropy(unit_next[u]) < UNIT_ENTROPY:
            continue
        if len(u) > 1 and c < UNIT_COHESION * unit_c[u[0]]:
            continue
        if "的" in u or (len(u) == 3 and c < UNIT_COHESION * bigram[u[1:]]):
            continue  # 岁的, 颗卫星: a unit followed by a word, not a unit
        seen = unigram[u] if len(u) == 1 else bigram[u] if len(u) == 2 else textcount.get(u, c)
        if c < UNIT_BOUND * max(seen, 1):
            continue
        units.append(u)
    units.sort(key=lambda u: (-len(u), u))
    nbig = sum(bigram.values())
    coh = []
    for bg, c in bigram.items():
        if c < COHESION_MIN:
            continue
        pmi = math.log2((c / nbig) / ((unigram[bg[0]] / nchars) * (unigram[bg[1]] / nchars)))
        if pmi >= COHESION_PMI:
            coh.append((-pmi, bg))
    coh.sort()
    words = sorted(bg for _, bg in coh[:COHESION_MAX])
    return verbs, units, words


def c_pairs(name, comment, items):
    out = ["/* %s */" % comment, "const uint32_t %s[][2] = {" % name]
    for bg in items:
        out.append("    {0x%04X, 0x%04X}, /* %s */" % (ord(bg[0]), ord(bg[1]), bg))
    out.append("};")
    out.append("const size_t %s_n = sizeof %s / sizeof %s[0];" % (name, name, name))
    return "\n".join(out)


def c_strings(name, comment, items):
    out = ["/* %s */" % comment, "const char *const %s[] = {" % name]
    for s in items:
        out.append('    "%s",' % s)
    out.append("};")
    out.append("const size_t %s_n = sizeof %s / sizeof %s[0];" % (name, name, name))
    return "\n".join(out)


def write(out, verbs, units, words):
    head = """/* fct_lex.c - GENERATED by tools/train_facts.py (make train-facts); do not
 * edit, rerun the script.  Lexicons mined from ../shared/corpora (CCTV news
 * and laws) by distribution, as its docstring and docs/FACTS.md "Learned
 * lexicons" describe: %d verbs, %d units, %d cohesive bigrams.  Pairs are
 * sorted by code point so the extractor can binary-search them. */
#include "fct_lex.h"
""" % (len(verbs), len(units), len(words))
    body = [
        head,
        c_pairs("lex_verbs", "Han bigrams that act as predicates (follow 已/将/不..., not 的).", verbs),
        "",
        c_strings("lex_units", "Measure words after numbers, longest first.", units),
        "",
        c_pairs("lex_words", "Bigrams a field boundary must not split.", words),
        "",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(body))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.path.join(here, "..", "..", "shared", "corpora"))
    ap.add_argument("--out", default=os.path.join(here, "..", "common", "fct_lex.c"))
    a = ap.parse_args()
    stats = mine(a.corpora)
    verbs, units, words = select(*stats)
    write(a.out, verbs, units, words)
    print("train_facts: %d verbs, %d units, %d cohesive bigrams -> %s" % (len(verbs), len(units), len(words), a.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
