#!/usr/bin/env python3
"""Measure the PDF evidence of the text-kind decision (normalize.h) on the
seeds and the shared corpora, and print its distribution per set.

    make BUILD=build/dev build/dev/libcommon.a
    python3 tools/textkind.py [--build build/dev] [--corpora ../shared/corpora]

The seeds (corpus/*.txt) are PDF text and must come out "pdf"; every CCTV
story and every law text (fields "text" of the corpora, written to a
temporary directory as UTF-8 files) must come out "clean".  The evidence is
computed by the C code itself (tools/textkind_measure.c against
libcommon.a), so the figures are the ones the indexer sees.
"""
import argparse
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile


def build(builddir, out):
    subprocess.run(["make", "-s", "BUILD=" + builddir, builddir + "/libcommon.a"], check=True)
    subprocess.run(["cc", "-std=c11", "-O2", "-Icommon", "tools/textkind_measure.c",
                    builddir + "/libcommon.a", "-lz", "-lm", "-o", out], check=True)


def measure(tool, paths):
    rows = []
    for i in range(0, len(paths), 500):
        out = subprocess.run([tool] + paths[i:i + 500], check=True, capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            f = line.split()
            rows.append((f[0], *map(int, f[1:6]), f[6]))
    return rows


def dump(docs, d):
    paths = []
    for i, t in enumerate(docs):
        p = os.path.join(d, "%05d.txt" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
        paths.append(p)
    return paths


def pct(v, q):
    return v[min(len(v) - 1, int(len(v) * q))]


def report(name, rows):
    # cjk lines doubled broken blank_runs
    def per1k(r):
        return 1000.0 * r[3] / max(1, r[1])

    def share(r, k):
        return r[k] / r[2] if r[2] else 0.0

    big = [r for r in rows if r[2] >= 20]
    print("%s: %d documents, %d with >= 20 lines, %d decided pdf" %
          (name, len(rows), len(big), sum(r[6] == "pdf" for r in rows)))
    for label, f, rs in (("doubled", lambda r: r[3], rows),
                         ("doubled/1k", per1k, rows),
                         ("broken share (>=20 lines)", lambda r: share(r, 4), big),
                         ("blank-run share (>=20 lines)", lambda r: share(r, 5), big)):
        v = sorted(f(r) for r in rs)
        if not v:
            continue
        print("  %-29s p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f" %
              (label, pct(v, .5), pct(v, .99), pct(v, .999), v[-1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/dev")
    ap.add_argument("--corpora", default="../shared/corpora")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tool = os.path.join(tmp, "textkind_measure")
        build(a.build, tool)
        seeds = measure(tool, sorted(glob.glob("corpus/*.txt")))
        for r in seeds:
            print("%s cjk %d lines %d doubled %d broken %d (%.2f) blank_runs %d (%.2f) -> %s" %
                  (r[0], r[1], r[2], r[3], r[4], r[4] / max(1, r[2]), r[5], r[5] / max(1, r[2]),
                   r[6]))
        for name in ("cctv_news", "laws"):
            with gzip.open(os.path.join(a.corpora, name + ".jsonl.gz"), "rt") as f:
                docs = [json.loads(line)["text"] for line in f]
            d = os.path.join(tmp, name)
            os.mkdir(d)
            rows = measure(tool, dump(docs, d))
            report(name, rows)
            for r in rows:
                if r[6] == "pdf":
                    print("  decided pdf:", r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
