#!/usr/bin/env python3
"""The seeds of the blind-set pickers and splitters, read from their source
text, so that a new picker or splitter checks its seed against every
earlier one without importing (or listing) them all.

Each tools/pick_*.py and tools/split_*.py script states its seed on a line
of its own, `SEED = N`.  assert_new(seed, pattern, me) fails when a script
matching pattern (pick_annot_blind*.py), other than `me`, states the same
seed.  Reading the text, not importing, keeps the scripts from importing
one another in a circle.  Python 3 standard library only.
"""
import glob
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_LINE = re.compile(r'^SEED = (\d+)', re.M)


def seeds(pattern, but=''):
    """{script name: seed} of the scripts in tools/ matching pattern, the
    script named `but` (without .py) left out; a script stating no seed is
    left out too."""
    out = {}
    for path in sorted(glob.glob(os.path.join(HERE, pattern))):
        name = os.path.basename(path)[:-len('.py')]
        if name == but:
            continue
        with open(path, encoding='utf-8') as f:
            m = SEED_LINE.search(f.read())
        if m:
            out[name] = int(m.group(1))
    return out


def assert_new(seed, pattern, me):
    """Fail (AssertionError) when a script matching pattern other than me
    states seed."""
    clash = sorted(n for n, s in seeds(pattern, me).items() if s == seed)
    assert not clash, '%s: seed %d is already used by %s' % (me, seed, ', '.join(clash))
