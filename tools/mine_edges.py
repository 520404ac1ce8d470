#!/usr/bin/env python3
"""Mine left-edge rules of the gazetteer (a word that ends on a place name's
first character: 沿海|城市 holds 海城, 特大|安全 holds 大安) from the corpora,
into tools/mined_edges.tsv, which tools/gen_gazetteer.py reads as EDGES of
kind 'L'.

Usage: tools/mine_edges.py [--keeps] [--corpora DIR] [--dict JIEBA_DICT] [--out FILE] [--show]
       (make mine-districts runs it; make check-train-lex checks the table)

With --keeps it writes tools/mined_keeps.tsv instead: the names that the
left-edge rules (hand and mined) must not stop, because the corpora show
them as places after the rule's word (在内|蒙古 is 在 + 内蒙古; see
mine_keeps).  It reads tools/mined_edges.tsv, so it runs after the edges.

The hand rules of gen_gazetteer.py (EDGES) list such bigrams one by one.
This miner finds them where the corpora show them: at every occurrence of
a place name (every name form of the generated gazetteer, two code points
or more) whose first character ends a two-character dictionary word with
the character before it (沿 + 海 = 沿海), the window around it is cut into
words by the most probable segmentation under the word frequencies of the
jieba dictionary (Debian python3-jieba's dict.txt, read as a table: a
unigram model, the way jieba cuts without its HMM), with the gazetteer's
names added as words.  The occurrence is a place when the segmentation
starts and ends a word at the name's edges (湖南省/长沙市), and no place
when it does not (多个/沿海/城市).  A bigram becomes an edge rule when

  - it is a dictionary word that is no name (part of speech not ns, nr,
    nrt, nrfg, nz) of frequency WORD_MIN_FREQ or more,
  - at least EDGE_MIN_BAD of its occurrences before a name are no place,
  - and at least EDGE_MIN_SHARE of them are (以上|上海 stays out: 规模以上
    高技术 is no place, but 以上海为龙头 is 上海 12 times in 156),

and it is not a hand rule already.  Python 3 standard library only; same
inputs give the same table.
"""
import collections
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_gazetteer as gg  # noqa: E402
import mine_districts as md  # noqa: E402  (the corpora, the dictionary, the command line)

OUT = os.path.join(md.ROOT, 'tools', 'mined_edges.tsv')
OUT_KEEPS = os.path.join(md.ROOT, 'tools', 'mined_keeps.tsv')

NAME_MIN_LEN = 2        # names of one code point are never read alone
NAME_TAGS = ('ns', 'nr', 'nrt', 'nrfg', 'nz')
WORD_MIN_FREQ = 100     # dictionary frequency of an edge word that counts
WORD_MAX_LEN = 8        # longest word the segmentation tries
WINDOW = 6              # code points of context on each side of the name
NAME_FREQ = 1000        # dictionary frequency given to gazetteer names
EDGE_MIN_BAD = 3        # occurrences before a name that are no place
EDGE_MIN_SHARE = 0.95   # of the bigram's occurrences before a name
KEEP_MIN_GOOD = 20      # occurrences after an edge word where a name is a place
KEEP_MIN_SHARE = 0.95   # of the name's occurrences after that edge word
KEEP_MIN_LEN = 3        # shorter names are too often words to count as places
ANCHOR_MAX_LEN = 8      # longest name looked for before a kept one


def segment(text, logp, unk):
    """Word boundaries (a set of offsets) of the most probable segmentation
    of text under the unigram log-probabilities logp (unk for one unknown
    code point)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] == -math.inf:
            continue
        for j in range(i + 1, min(n, i + WORD_MAX_LEN) + 1):
            w = text[i:j]
            lp = logp.get(w, unk if j == i + 1 else None)
            if lp is None:
                continue
            if best[i] + lp > best[j]:
                best[j] = best[i] + lp
                back[j] = i
    cuts, j = set(), n
    while j > 0:
        cuts.add(j)
        j = back[j]
    cuts.add(0)
    return cuts


def model(dict_path):
    """The segmentation model: (log-probabilities, unknown code point's,
    the gazetteer's names, the dictionary's two-character words that are no
    names)."""
    freq, words2 = md.load_dict(dict_path, WORD_MIN_FREQ, NAME_TAGS)
    units, _ = gg.build(with_mined=False)
    names = set()
    for u in units.values():
        names.update(t for t, _, _ in u.names if len(t) >= NAME_MIN_LEN)
    for n in names:
        freq[n] = max(freq.get(n, 0), NAME_FREQ)
    total = sum(freq.values())
    logp = {w: math.log(c / total) for w, c in freq.items() if c > 0}
    return logp, math.log(0.5 / total), names, words2


def occurrences(corpora, names, wanted):
    """(bigram, name, window, name's start and end in it) for every
    occurrence of a name whose first character ends the bigram wanted(bg)
    accepts with the character before it (the window holds WINDOW code
    points each side)."""
    pat = re.compile('|'.join(sorted(map(re.escape, names), key=len, reverse=True)))
    for text in md.texts(corpora):
        for m in pat.finditer(text):
            i, e = m.start(), m.end()
            if i == 0:
                continue
            bg = text[i - 1] + text[i]
            if not wanted(bg):
                continue
            a = max(0, i - WINDOW)
            yield bg, m.group(), text[a:min(len(text), e + WINDOW)], i - a, e - a


def mine(corpora, dict_path):
    logp, unk, names, words2 = model(dict_path)
    hand = {w for w, kind, _, _ in gg.EDGES if kind.startswith('L')}
    good, bad = collections.Counter(), collections.Counter()
    example = {}
    for bg, _, win, i, e in occurrences(corpora, names, lambda b: b in words2 and b not in hand):
        cuts = segment(win, logp, unk)
        if i in cuts and e in cuts:
            good[bg] += 1
        else:
            bad[bg] += 1
            example.setdefault(bg, win)
    rows = []
    for bg in sorted(bad):
        b, g = bad[bg], good[bg]
        if b >= EDGE_MIN_BAD and b >= EDGE_MIN_SHARE * (b + g):
            rows.append((bg, b, g, example[bg].replace('\t', ' ').replace('\n', ' ')))
    return rows


def upper_names():
    """The names of the gazetteer's provinces and prefecture-level cities
    (a district's name, 和平, is too often a word to anchor another)."""
    units, _ = gg.build(with_mined=False)
    return {t for u in units.values() if u.level in (gg.PROVINCE, gg.CITY)
            for t, _, _ in u.names if len(t) >= NAME_MIN_LEN}


def anchored(win, i, uppers):
    """Does a province's or city's name end at i in win (江西南昌: 西 ends
    江西 and starts the edge word 西南)?"""
    return any(win[i - k:i] in uppers for k in range(NAME_MIN_LEN, min(i, ANCHOR_MAX_LEN) + 1))


def mine_keeps(corpora, dict_path):
    """Names that stay places after a left-edge word (在内|蒙古 is 在 +
    内蒙古): for every left-edge rule that applies to all names (hand or
    mined, gen_gazetteer.all_edges), the name's occurrences after the
    rule's bigram are segmented as above.  One the segmentation cuts is no
    place; one it keeps whole is a place when the name has KEEP_MIN_LEN
    code points or more and is no ordinary word of the dictionary (内蒙古);
    the others say nothing (和平|安宁 keeps 安宁 whole and is no place).
    Occurrences right after the name of a province or city (江西|南昌) say
    nothing either: the scanner already lets a name start there (the edge
    character ends the previous mention).  The pair is kept when at least
    KEEP_MIN_GOOD occurrences, and KEEP_MIN_SHARE of those that say
    something, are places."""
    logp, unk, names, _ = model(dict_path)
    # ordinary words (合作, 资源, 通道: county names that are words too)
    plain, uppers = md.non_names(dict_path, WORD_MIN_FREQ, NAME_TAGS), upper_names()
    edges = {w for w, kind, only, _ in gg.all_edges() if kind == 'L' and not only}
    good, bad = collections.Counter(), collections.Counter()
    example = {}
    for bg, name, win, i, e in occurrences(corpora, names, lambda b: b in edges):
        if anchored(win, i, uppers):
            continue
        cuts = segment(win, logp, unk)
        if i not in cuts or e not in cuts:
            bad[bg, name] += 1
        elif len(name) >= KEEP_MIN_LEN and name not in plain:
            good[bg, name] += 1
            example.setdefault((bg, name), win)
    rows = []
    for k in sorted(good):
        g, b = good[k], bad[k]
        if g >= KEEP_MIN_GOOD and g >= KEEP_MIN_SHARE * (g + b):
            rows.append((k[0], k[1], g, b, example[k].replace('\t', ' ').replace('\n', ' ')))
    return rows


def main(argv):
    if '--keeps' in argv:
        return md.run([a for a in argv if a != '--keeps'], __doc__, OUT_KEEPS, mine_keeps,
                      'mine_edges.py --keeps', 'bigram\tname\tplace\tno place\texample',
                      '%s\t%s\t%d\t%d\t%s', lambda rows: '%d names kept after an edge' % len(rows))
    return md.run(argv, __doc__, OUT, mine, 'mine_edges.py', 'bigram\tno place\tplace\texample',
                  '%s\t%d\t%d\t%s', lambda rows: '%d left-edge rules' % len(rows))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
