#!/usr/bin/env python3
"""List the same-name divisions of the gazetteer and the rule that decides each.

Reads the generated tables (common/gaz_data.c) and prints a Markdown table
for docs/GAZETTEER.md, section "Same-name divisions":

    python3 tools/same_names.py common/gaz_data.c > /tmp/same.md

Three kinds of pairs:
  level   one stem, units of different levels (吉林省 / 吉林市, 海南省 /
          海南藏族自治州, 安阳市 / 安阳县): the suffix decides (the full names
          吉林市, 海南州, 安阳县 are FULL names of the lower unit), the bare
          stem belongs to the higher unit (rule 4 of "Names");
  province one name, units of the same level in different provinces
          (鼓楼区, 新华区, 朝阳区): the document's province decides (gaz_pick
          with the preferred province), else the first by code;
  same    one name, units of the same level and province: first by code.
"""
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_gazetteer import strip_ethnic  # noqa: E402  (one rule for nationality words)

SUFFIXES = ('特别行政区', '自治区', '自治州', '自治县', '地区', '省', '市', '县', '区', '盟', '州')


def stem_of(full):
    for suf in SUFFIXES:
        if full.endswith(suf) and len(full) > len(suf) + 1:
            return strip_ethnic(full[:-len(suf)])
    return full

LEVEL = {'GAZ_PROVINCE': 1, 'GAZ_CITY': 2, 'GAZ_COUNTY': 3}
LEVEL_NAME = {1: 'province', 2: 'prefecture', 3: 'county'}


def load(path):
    units, names = [], []
    section = None
    for line in open(path, encoding='utf-8'):
        if line.startswith('const gaz_unit gaz_units'):
            section = 'u'
        elif line.startswith('const gaz_name_rec gaz_names'):
            section = 'n'
        elif line.startswith('};'):
            section = None
        elif section == 'u':
            m = re.match(r'\s*\{(\d+), (\d+), (\d+), (\w+), "([^"]*)", "([^"]*)"\}', line)
            if m:
                units.append((int(m[1]), int(m[3]), LEVEL[m[4]], m[5], m[6]))
        elif section == 'n':
            m = re.match(r'\s*\{"([^"]*)", (\d+), (\w+)\}', line)
            if m:
                names.append((m[1], int(m[2]), m[3]))
    return units, names


def main(path):
    units, names = load(path)
    by_name = defaultdict(list)
    for text, ui, form in names:
        by_name[text].append((units[ui], form))
    # stems: a unit's short name equal to another unit's stem at another level
    stems = defaultdict(set)
    for code, prov, level, full, short in units:
        stem = stem_of(full)
        if len(stem) >= 2:
            stems[stem].add((code, prov, level, full))
    rows = []
    for stem, us in sorted(stems.items()):
        levels = {u[2] for u in us}
        if len(levels) > 1:
            us = sorted(us, key=lambda u: (u[2], u[0]))
            owner = us[0]
            rows.append(('level', stem, ' / '.join('%s %d' % (u[3], u[0]) for u in us),
                         'bare %s = %s; the lower units by their full names' % (stem, owner[3])))
    for text, cands in sorted(by_name.items()):
        provs = {u[1] for u, _ in cands}
        if len(cands) > 1 and len({u[2] for u, _ in cands}) == 1:
            kind = 'province' if len(provs) > 1 else 'same'
            rule = ("the document's province, else the first by code" if kind == 'province'
                    else 'the first by code')
            rows.append((kind, text, ' / '.join('%s %d' % (u[3], u[0]) for u, _ in cands), rule))
    print('| kind | name | units | decided by |')
    print('|---|---|---|---|')
    for r in rows:
        print('| %s | %s | %s | %s |' % r)
    print()
    print('%d pairs: %s' % (len(rows), ', '.join(
        '%d %s' % (sum(1 for r in rows if r[0] == k), k) for k in ('level', 'province', 'same'))))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'common/gaz_data.c')
