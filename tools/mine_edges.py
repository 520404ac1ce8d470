#!/usr/bin/env python3
"""Mine left-edge rules of the gazetteer (a word that ends on a place name's
first character: 沿海|城市 holds 海城, 特大|安全 holds 大安) from the corpora,
into tools/mined_edges.tsv, which tools/gen_gazetteer.py reads as EDGES of
kind 'L'.

Usage: tools/mine_edges.py [--corpora DIR] [--dict JIEBA_DICT] [--out FILE] [--show]
       (make mine-districts runs it; make check-train-lex checks the table)

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

NAME_MIN_LEN = 2        # names of one code point are never read alone
NAME_TAGS = ('ns', 'nr', 'nrt', 'nrfg', 'nz')
WORD_MIN_FREQ = 100     # dictionary frequency of an edge word that counts
WORD_MAX_LEN = 8        # longest word the segmentation tries
WINDOW = 6              # code points of context on each side of the name
NAME_FREQ = 1000        # dictionary frequency given to gazetteer names
EDGE_MIN_BAD = 3        # occurrences before a name that are no place
EDGE_MIN_SHARE = 0.95   # of the bigram's occurrences before a name


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


def mine(corpora, dict_path):
    freq, words2 = md.load_dict(dict_path, WORD_MIN_FREQ, NAME_TAGS)
    units, _ = gg.build(with_mined=False)
    names = set()
    for u in units.values():
        names.update(t for t, _, _ in u.names if len(t) >= NAME_MIN_LEN)
    for n in names:
        freq[n] = max(freq.get(n, 0), NAME_FREQ)
    total = sum(freq.values())
    logp = {w: math.log(c / total) for w, c in freq.items() if c > 0}
    unk = math.log(0.5 / total)
    hand = {w for w, kind, _, _ in gg.EDGES if kind.startswith('L')}
    pat = re.compile('|'.join(sorted(map(re.escape, names), key=len, reverse=True)))
    good, bad = collections.Counter(), collections.Counter()
    example = {}
    for text in md.texts(corpora):
        for m in pat.finditer(text):
            i, e = m.start(), m.end()
            if i == 0:
                continue
            bg = text[i - 1] + text[i]
            if bg not in words2 or bg in hand:
                continue
            a = max(0, i - WINDOW)
            cuts = segment(text[a:min(len(text), e + WINDOW)], logp, unk)
            if i - a in cuts and e - a in cuts:
                good[bg] += 1
            else:
                bad[bg] += 1
                example.setdefault(bg, text[a:e + WINDOW])
    rows = []
    for bg in sorted(bad):
        b, g = bad[bg], good[bg]
        if b >= EDGE_MIN_BAD and b >= EDGE_MIN_SHARE * (b + g):
            rows.append((bg, b, g, example[bg].replace('\t', ' ').replace('\n', ' ')))
    return rows


def main(argv):
    return md.run(argv, __doc__, OUT, mine, 'mine_edges.py', 'bigram\tno place\tplace\texample',
                  '%s\t%d\t%d\t%s', lambda rows: '%d left-edge rules' % len(rows))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
