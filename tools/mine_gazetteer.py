#!/usr/bin/env python3
"""Mine real text for false hits of gazetteer names: the evidence behind the
COMMON_WORDS, EDGES and FOLLOW lists of tools/gen_gazetteer.py.

    python3 tools/mine_gazetteer.py [--top N] FILE.jsonl.gz|FILE.txt ...
    python3 tools/mine_gazetteer.py --final [--sample N SEED] FILE ...

Reads JSON Lines (field `text`, as ../shared/corpora/*.jsonl.gz) or plain
text, finds every occurrence of every name (longest match, with every short
form the suffix rules allow, districts included, and none of the edge rules),
and prints, for review by hand:
  names     each SHORT name: bare occurrences, occurrences of its full name,
            and its most frequent left and right neighbours;
  right     the most frequent (last character + next character) bigrams at
            the right edge of SHORT matches, with examples;
  left      the same at the left edge (previous character + first character);
  follow    the most frequent two characters after SHORT matches.
The tool decides nothing: a frequent context is a candidate, and only reading
the examples tells whether it is a word.  Python 3 standard library only.
"""
import collections
import gzip
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_gazetteer as gg  # noqa: E402


def texts(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        if '.jsonl' in path:
            for line in f:
                yield json.loads(line).get('text', '')
        else:
            yield f.read()


class Scanner:
    """The rules of gaz_scan (common/gazetteer.c) in Python, on code points,
    over the names and rules of gen_gazetteer.build(): used by `--final` to
    see what the rules leave, and to cross-check the C scanner."""

    def __init__(self):
        units, _ = gg.build()
        self.form = {}   # text -> strongest form
        self.cands = {}  # text -> [unit codes]
        for u in units.values():
            for text, form, _ in u.names:
                self.form[text] = min(self.form.get(text, 9), form)
                self.cands.setdefault(text, []).append(u.code)
        self.by2 = collections.defaultdict(list)
        for t in self.form:
            self.by2[t[:2]].append(t)
        for k in self.by2:
            self.by2[k].sort(key=len, reverse=True)
        self.edges = collections.defaultdict(list)  # (kind, bigram) -> [only]
        for b, kind, only, _ in gg.EDGES:
            self.edges[('L' if kind == 'L' else 'R', b)].append((kind, only))
        self.follow = sorted(((w, v, o) for w, v, o, _ in gg.FOLLOW),
                             key=lambda x: len(x[0]), reverse=True)

    def edge(self, side, bigram, text):
        """The strictest kind of the edge rules that apply, or None."""
        kinds = [k for k, o in self.edges.get((side, bigram), ()) if not o or o == text]
        return 'R!' if 'R!' in kinds else (kinds[0] if kinds else None)

    def street(self, s, j, text):
        for w, v, o in self.follow:
            if (not o or o == text) and s.startswith(w, j):
                return v == 'street'
        return False

    def best(self, s, i, after_match):
        """The accepted name at i, or None, and whether it is a FULL name
        kept only for want of a shorter one to yield to."""
        yielded = None
        for t in self.by2.get(s[i:i + 2], ()):
            if not s.startswith(t, i):
                continue
            if i > 0 and not after_match and self.edge('L', s[i - 1] + t[0], t):
                continue
            j = i + len(t)
            short = self.form[t] == gg.SHORT
            if j < len(s):
                k = self.edge('R', t[-1] + s[j], t)
                if k == 'R!' or (k and short):
                    continue
                if k:
                    yielded = yielded or t
                    continue
            if short and self.street(s, j, t):
                continue
            return t, False
        return yielded, yielded is not None

    def scan(self, s):
        """Yield (start, end, text) in code points."""
        i, after = 0, False
        n = len(s)
        while i < n - 1:
            t, _ = self.best(s, i, after)
            if t is not None and self.form[t] == gg.SHORT:
                j = i + len(t)
                for k in range(i + 1, j):
                    u, y = self.best(s, k, False)
                    if u is not None and not y and self.form[u] == gg.FULL and k + len(u) > j:
                        t = None
                        break
            if t is None:
                i += 1
                after = False
                continue
            yield i, i + len(t), t
            i += len(t)
            after = True


def final(files, top, sample, seed):
    """Mentions found with the generated rules: per SHORT name its count and
    contexts, the edges left, and a random sample of SHORT mentions with
    context for checking precision by hand."""
    sc = Scanner()
    count = collections.Counter()
    ex = collections.defaultdict(list)
    redge = collections.Counter()
    ledge = collections.Counter()
    shorts = []
    rng = random.Random(seed)
    seen = 0
    for path in files:
        for s in texts(path):
            for i, j, t in sc.scan(s):
                if sc.form[t] != gg.SHORT:
                    continue
                count[t] += 1
                lc = s[i - 1] if i > 0 else '^'
                rc = s[j] if j < len(s) else '$'
                ctx = ''.join(c if not c.isspace() else '_' for c in
                              s[max(0, i - 8):i] + '[' + t + ']' + s[j:j + 8])
                redge[t[-1] + rc] += 1
                ledge[lc + t[0]] += 1
                for key in ('R' + t[-1] + rc, 'L' + lc + t[0], 'N' + t):
                    if len(ex[key]) < 5:
                        ex[key].append(ctx)
                # reservoir sample of all SHORT mentions
                seen += 1
                if len(shorts) < sample:
                    shorts.append(ctx)
                elif rng.random() < sample / seen:
                    shorts[rng.randrange(sample)] = ctx
    print('== names (SHORT) after the rules: count, contexts')
    for t, c in count.most_common(top):
        print('%s\t%d\t%s' % (t, c, ' / '.join(ex['N' + t])))
    print('== right edges after the rules')
    for b, c in redge.most_common(top):
        print('%s\t%d\t%s' % (b, c, ' / '.join(ex['R' + b])))
    print('== left edges after the rules')
    for b, c in ledge.most_common(top):
        print('%s\t%d\t%s' % (b, c, ' / '.join(ex['L' + b])))
    print('== sample of %d SHORT mentions out of %d' % (len(shorts), seen))
    for ctx in shorts:
        print(ctx)


def main(argv):
    top = 60
    files = []
    mode = 'raw'
    sample, seed = 200, 1
    i = 1
    while i < len(argv):
        if argv[i] == '--top':
            top = int(argv[i + 1])
            i += 2
        elif argv[i] == '--final':
            mode = 'final'
            i += 1
        elif argv[i] == '--sample':
            sample, seed = int(argv[i + 1]), int(argv[i + 2])
            i += 3
        else:
            files.append(argv[i])
            i += 1
    if mode == 'final':
        final(files, top, sample, seed)
        return
    units, _ = gg.build(all_short=True)
    forms = {}  # text -> (form, full name of the first unit)
    for u in units.values():
        for text, form, _ in u.names:
            if text not in forms or form == gg.FULL:
                forms[text] = (form, u.name)
    by2 = collections.defaultdict(list)
    for t in forms:
        by2[t[:2]].append(t)
    for k in by2:
        by2[k].sort(key=len, reverse=True)
    bare = collections.Counter()
    left = collections.defaultdict(collections.Counter)
    right = collections.defaultdict(collections.Counter)
    redge = collections.Counter()
    ledge = collections.Counter()
    follow = collections.Counter()
    ex = collections.defaultdict(list)
    fullc = collections.Counter()
    for path in files:
        for s in texts(path):
            n = len(s)
            i = 0
            while i < n - 1:
                cands = by2.get(s[i:i + 2])
                if not cands:
                    i += 1
                    continue
                hit = next((c for c in cands if s.startswith(c, i)), None)
                if hit is None:
                    i += 1
                    continue
                j = i + len(hit)
                if forms[hit][0] == gg.FULL:
                    fullc[hit] += 1
                else:
                    bare[hit] += 1
                    lc = s[i - 1] if i > 0 else '^'
                    rc = s[j] if j < n else '$'
                    lc = '_' if lc.isspace() else lc
                    rc = '_' if rc.isspace() else rc
                    left[hit][lc] += 1
                    right[hit][rc] += 1
                    redge[hit[-1] + rc] += 1
                    ledge[lc + hit[0]] += 1
                    follow[s[j:j + 2]] += 1
                    for key in ('R' + hit[-1] + rc, 'L' + lc + hit[0], 'N' + hit):
                        if len(ex[key]) < 6:
                            ex[key].append(''.join(c if not c.isspace() else '_' for c in s[max(0, i - 6):j + 6]))
                i = j
    print('== names (SHORT): bare, full-name count, full name, top neighbours')
    for t, c in bare.most_common():
        full = forms[t][1]
        lt = ' '.join('%s%d' % kv for kv in left[t].most_common(6))
        rt = ' '.join('%s%d' % kv for kv in right[t].most_common(6))
        print('%s\t%d\t%d\t%s\tL: %s\tR: %s\t| %s' % (t, c, fullc[full], full, lt, rt,
                                                      ' / '.join(ex['N' + t][:3])))
    print('== right edges')
    for b, c in redge.most_common(top):
        print('%s\t%d\t%s' % (b, c, ' / '.join(ex['R' + b])))
    print('== left edges')
    for b, c in ledge.most_common(top):
        print('%s\t%d\t%s' % (b, c, ' / '.join(ex['L' + b])))
    print('== follow')
    for b, c in follow.most_common(top):
        print('%s\t%d' % (b, c))


if __name__ == '__main__':
    main(sys.argv)
