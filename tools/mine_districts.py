#!/usr/bin/env python3
"""Mine the short names of districts (区) from how the corpora write them,
into tools/mined_districts.tsv, which tools/gen_gazetteer.py reads.

Usage: tools/mine_districts.py [--corpora DIR] [--dict JIEBA_DICT] [--out FILE] [--show]
       (make mine-districts runs it; make check-train-lex checks the table)

The suffix rules give a district no short form: most district names are
generic words (中原, 新华, 振兴, 红旗).  But news writes many districts
without 区 (杭州萧山, 山东薛城, 江苏大丰, 南通海门, 崇礼站), and a story
about them then names only the province or nothing.  Which stems are
names is read from the corpora (../shared/corpora, CCTV stories and laws,
paragraph by paragraph):

  bare       occurrences of the stem not followed by 区
  anchored   bare occurrences right after the name of the district's own
             city or province (with or without 市 / 省): 杭州萧山, 浙江余杭
  straddle   bare occurrences whose first character ends, or whose last
             character starts, a two-character word of the jieba dictionary
             (Debian python3-jieba) that is no place: 面临|安全 holds 临安,
             大丰|收 holds 大丰

A stem is a candidate when it has NAME_MIN_LEN code points or more, belongs
to one district only, and is no gazetteer name or COMMON_WORDS entry already
(朝阳 is a city, 长安 two districts).  Then

  SHORT   (read alone) when anchored >= SHORT_MIN_ANCHORED, anchored is at
          least SHORT_MIN_SHARE of bare, and straddle at most
          SHORT_MAX_STRADDLE of bare: the corpora write it as a place;
  GATED   (read only right after its own province or city, as the gated
          county names) when anchored >= 1 and anchored is at least
          GATE_MIN_SHARE of bare: 辽宁振兴 (revival) and 新疆天山 (the
          mountains) are out, their stems are words first;
  nothing otherwise (the full name still reads).

A district called 某某新区 or 某某特区 gives the stem before it (浦东新区 ->
浦东, 六枝特区 -> 六枝).
Development zones (codes ending 71-99) have aliases of their own.
Python 3 standard library only; same inputs give the same table.
"""
import argparse
import collections
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_gazetteer as gg  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'corpora'))
CORPUS_FILES = ('cctv_news.jsonl.gz', 'laws.jsonl.gz')
JIEBA_DICT = '/usr/lib/python3/dist-packages/jieba/dict.txt'
OUT = os.path.join(ROOT, 'tools', 'mined_districts.tsv')

NAME_MIN_LEN = 2          # a stem of one code point is never a name
ZONE_CODE_MIN = 71        # county codes ending 71-99 are development zones
SHORT_MIN_ANCHORED = 3    # anchored occurrences a stem read alone needs
SHORT_MIN_SHARE = 0.4     # anchored / bare for a stem read alone
SHORT_MAX_STRADDLE = 0.1  # straddling / bare for a stem read alone
GATE_MIN_SHARE = 0.2      # anchored / bare for a gated stem
WORD_MIN_FREQ = 20        # jieba frequency of an edge word that counts
PLACE_TAGS = ('ns', 'nr', 'nrt', 'nz')  # names: 萧山 is tagged nr


def stem_of(u):
    """The district's stem, or '' (zones, one code point)."""
    name = u.name
    if u.code % 100 >= ZONE_CODE_MIN or not name.endswith('区'):
        return ''
    if name[-2:] in ('新区', '特区') and len(name) - 2 >= NAME_MIN_LEN:
        stem = name[:-2]
    elif name.endswith('族区'):
        stem = gg.strip_ethnic(name[:-1])
    else:
        stem = name[:-1]
    return stem if len(stem) >= NAME_MIN_LEN else ''


def candidates():
    """{stem: district unit}, and {stem: names of its city and province}."""
    units, _ = gg.build(with_mined=False)
    taken = set()
    for u in units.values():
        taken.update(t for t, _, _ in u.names)
    by_stem = collections.defaultdict(list)
    for u in units.values():
        if u.level == gg.COUNTY and not u.nameless:
            s = stem_of(u)
            if s:
                by_stem[s].append(u)
    cands = {s: us[0] for s, us in by_stem.items()
             if len(us) == 1 and s not in taken and s not in gg.COMMON_WORDS}
    anchors = {}
    for s, u in cands.items():
        a = set()
        for up in (units[u.city], units[u.province]):
            for t, _, _ in up.names:
                a.add(t)
            if up.short:
                a.update((up.short, up.short + '市', up.short + '省'))
        anchors[s] = a
    return cands, anchors


def load_dict(path, min_freq, name_tags):
    """{word: frequency} of the jieba dictionary at path, and the set of its
    two-character words of frequency min_freq or more whose part of speech
    is none of name_tags (words that are no names)."""
    freq, words2 = {}, set()
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.split()
            if len(p) != 3:
                continue
            freq[p[0]] = int(p[1])
            if len(p[0]) == 2 and p[2] not in name_tags and int(p[1]) >= min_freq:
                words2.add(p[0])
    return freq, words2


def non_names(path, min_freq, name_tags):
    """The words of the jieba dictionary at path, of any length, of
    frequency min_freq or more, whose part of speech is none of name_tags
    (ordinary words: 合作, 资源, 国家公园)."""
    out = set()
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.split()
            if len(p) == 3 and p[2] not in name_tags and int(p[1]) >= min_freq:
                out.add(p[0])
    return out


def texts(corpora):
    """The text of every record of the corpora (CORPUS_FILES), in order."""
    for name in CORPUS_FILES:
        with gzip.open(os.path.join(corpora, name), 'rt', encoding='utf-8') as f:
            for line in f:
                yield json.loads(line).get('text', '')


def paragraphs(corpora):
    for text in texts(corpora):
        yield from text.split('\n')


def count(corpora, cands, anchors, words):
    """{stem: [bare, anchored, straddle]} over the corpora."""
    pat = re.compile('|'.join(sorted(map(re.escape, cands), key=len, reverse=True)))
    n = collections.defaultdict(lambda: [0, 0, 0])
    for para in paragraphs(corpora):
        for m in pat.finditer(para):
            s, b, e = m.group(0), m.start(), m.end()
            if para[e:e + 1] == '区' or para[e:e + 2] == '新区':
                continue
            c = n[s]
            c[0] += 1
            left = para[max(0, b - 8):b]
            if any(left.endswith(a) for a in anchors[s]):
                c[1] += 1
            if (b > 0 and para[b - 1] + s[0] in words) or \
                    (e < len(para) and s[-1] + para[e] in words):
                c[2] += 1
    return n


def decide(bare, anchored, straddle):
    """'SHORT', 'GATED' or '' by the limits above."""
    if bare == 0 or anchored == 0:
        return ''
    if anchored >= SHORT_MIN_ANCHORED and anchored >= SHORT_MIN_SHARE * bare and \
            straddle <= SHORT_MAX_STRADDLE * bare:
        return 'SHORT'
    if anchored >= GATE_MIN_SHARE * bare:
        return 'GATED'
    return ''


def mine(corpora, dict_path):
    cands, anchors = candidates()
    n = count(corpora, cands, anchors, load_dict(dict_path, WORD_MIN_FREQ, PLACE_TAGS)[1])
    rows = []
    for s in sorted(cands, key=lambda s: cands[s].code):
        bare, anchored, straddle = n[s]
        form = decide(bare, anchored, straddle)
        if form:
            rows.append((s, cands[s].code, form, bare, anchored, straddle))
    return rows


def write_table(path, tool, header, fmt, rows):
    """Write a mined table: a generated-by line naming the tool, the column
    header, then one row a line in the %-format fmt."""
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# Generated by tools/%s (make mine-districts); do not edit.\n' % tool)
        f.write('# %s\n' % header)
        for r in rows:
            f.write(fmt % r + '\n')


def run(argv, doc, out, mine, tool, header, fmt, summary):
    """The command line both gazetteer miners share: --corpora, --dict,
    --out (default out), --show (print the rows, write nothing).  mine is
    called with the corpora and the dictionary paths; summary(rows) says
    what was written."""
    ap = argparse.ArgumentParser(description=doc.split('\n')[0])
    ap.add_argument('--corpora', default=CORPORA)
    ap.add_argument('--dict', default=JIEBA_DICT)
    ap.add_argument('--out', default=out)
    ap.add_argument('--show', action='store_true', help='print the table, write nothing')
    a = ap.parse_args(argv)
    rows = mine(a.corpora, a.dict)
    if a.show:
        for r in rows:
            print(fmt % r)
        return 0
    write_table(a.out, tool, header, fmt, rows)
    print('%s: %s' % (a.out, summary(rows)), file=sys.stderr)
    return 0


def main(argv):
    return run(argv, __doc__, OUT, mine, 'mine_districts.py',
               'stem\tdistrict code\tform\tbare\tanchored\tstraddle', '%s\t%d\t%s\t%d\t%d\t%d',
               lambda rows: '%d SHORT, %d GATED' % (sum(r[2] == 'SHORT' for r in rows),
                                                    sum(r[2] == 'GATED' for r in rows)))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
