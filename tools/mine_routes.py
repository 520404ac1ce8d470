#!/usr/bin/env python3
"""Mine abbreviated route names (成自宜高铁 -> 成都, 自贡, 宜宾) from the
shared CCTV corpus into indexer/scope_routes_w.c.

Usage: tools/mine_routes.py [CORPORA_DIR] [--out indexer/scope_routes_w.c] [--show]
       (make mine-routes runs it)

Chinese news names a railway or motorway by one character of each place it
joins, followed by a route word (ROUTE_WORDS: 高铁, 铁路, 城际, 客专 ...):
潍烟高铁 is 潍坊-烟台, 渝昆高铁 重庆-昆明, 川青铁路 四川-青海.  Which place a
character stands for is not in the gazetteer (宜 may be 宜宾, 宜昌 or 宜春),
but the stories that name a route name its places too.  So:

1. A candidate is ABBREV_MIN..ABBREV_MAX Han characters right before a
   route word, each of which can stand for a place: a character of
   a prefecture-level city's short name (康 of 安康, 昌 of 南昌), or a
   province's one-character abbreviation (简称, read from scope.c's abbrevs
   table, so the two never disagree; 京 沪 津 渝 there are the
   municipalities).  The longest such run is the candidate (这条潍烟高铁:
   条 stands for nothing, so 潍烟).
2. Every paragraph (line) that holds the candidate followed by a route
   word votes, for each of its characters, for the places of that
   character it names (full or short name).
3. A candidate is kept when each of its characters has one place with at
   least ROUTE_MIN_VOTES votes and ROUTE_MIN_SHARE of the paragraphs naming
   the route, and no other place of the character ties it: the route's
   places, not a guess.  Names of foreign lines (中老铁路, 雅万高铁) and
   words (全国铁路) fail at step 1 or 3.

Deterministic: same corpus, same table (make check-train-lex re-mines it).
"""
import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mine_events import city_names  # noqa: E402
from train_places import load_gazetteer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ABBREV_MIN = 2  # 潍烟
ABBREV_MAX = 4  # 沪渝蓉, 南昌景黄 would be 4
ROUTE_MIN_VOTES = 2  # paragraphs naming a character's place beside the route
ROUTE_MIN_SHARE = 0.25  # of the paragraphs naming the route, the share that must
SHORT_MAX = 4  # a short city name (黔东南); the characters of 迪庆藏族自治州 are no abbreviation
CITY_SUFFIXES = ("市", "地区", "盟", "自治州")
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


def scope_abbrevs():
    """char -> division code, from indexer/scope.c's abbrevs table."""
    with open(os.path.join(ROOT, "indexer", "scope.c"), encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("} abbrevs[] = {"):]
    table = table[: table.index("};")]
    return {ch: int(code) for ch, code in re.findall(r"\{U'(.)', (\d+)\}", table)}


def route_words():
    """The route words of indexer/scope.c's route_words list (longest first)."""
    with open(os.path.join(ROOT, "indexer", "scope.c"), encoding="utf-8") as f:
        src = f.read()
    lst = src[src.index("route_words[] = {"):]
    lst = lst[: lst.index("NULL}")]
    return tuple(sorted(re.findall(r'U"([^"]+)"', lst), key=len, reverse=True))


ROUTE_WORDS = route_words()


def place_names():
    """(name -> code for cities and provinces, char -> candidate codes)."""
    cities = city_names()
    names = dict(cities)
    gnames = load_gazetteer()[0]
    for full, code in gnames.items():
        if code >= 100:
            continue
        short = full
        for suf in PROVINCE_SUFFIXES:
            if short.endswith(suf) and len(short) > len(suf) + 1:
                short = short[: -len(suf)]
                break
        names.setdefault(full, code)
        names.setdefault(short, code)
    cands = defaultdict(set)
    for name, code in cities.items():
        if len(name) <= SHORT_MAX and not name.endswith(CITY_SUFFIXES):
            for ch in name:  # 康 of 安康, 昌 of 南昌
                cands[ch].add(code)
    for ch, code in scope_abbrevs().items():
        cands[ch].add(code)
    return names, cands


def candidates_in(text, cands):
    """The candidate abbreviations in text (each followed by a route word)."""
    found = set()
    for word in ROUTE_WORDS:
        start = 0
        while True:
            at = text.find(word, start)
            if at < 0:
                break
            start = at + 1
            n = 0
            while n < ABBREV_MAX and at - n - 1 >= 0 and text[at - n - 1] in cands:
                n += 1
            if n >= ABBREV_MIN:
                found.add(text[at - n: at])
    return found


def mine(corpora):
    names, cands = place_names()
    by_len = sorted(names, key=len, reverse=True)
    paras = Counter()
    votes = defaultdict(lambda: defaultdict(Counter))
    with gzip.open(os.path.join(corpora, "cctv_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text", "")
            for para in text.split("\n"):
                found = candidates_in(para, cands)
                if not found:
                    continue
                named = {names[n] for n in by_len if n in para}
                for ab in found:
                    paras[ab] += 1
                    for i, ch in enumerate(ab):
                        for code in cands[ch] & named:
                            votes[ab][i][code] += 1
    kept = []
    for ab in sorted(paras):
        n = paras[ab]
        codes = []
        for i in range(len(ab)):
            ranked = votes[ab][i].most_common(2)
            if not ranked or ranked[0][1] < max(ROUTE_MIN_VOTES, ROUTE_MIN_SHARE * n) or (
                    len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
                codes = None
                break
            codes.append(ranked[0][0])
        if codes and len(set(codes)) == len(codes):
            kept.append((ab, codes, n))
    return kept


def write(path, kept):
    lines = ["/* Generated by tools/mine_routes.py from ../shared/corpora/cctv_news.jsonl.gz",
             " * (make mine-routes); do not edit.  Abbreviated route names: the",
             " * characters before a route word and the division each stands for",
             " * (scope.h). */",
             '#include "scope.h"', "",
             "const scope_route scope_routes[] = {"]
    for ab, codes, n in sorted(kept, key=lambda k: (-len(k[0]), k[0])):  # longest first
        lines.append('    {U"%s", {%s}}, /* %d paragraphs */' % (ab, ", ".join(map(str, codes)), n))
    lines += ["    {NULL, {0}},", "};", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpora"))
    ap.add_argument("--out", default=os.path.join(ROOT, "indexer", "scope_routes_w.c"))
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    kept = mine(a.corpora)
    if a.show:
        for ab, codes, n in kept:
            print(ab, codes, n)
    write(a.out, kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
