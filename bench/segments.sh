#!/bin/sh
# segments.sh - search latency of the same documents in 1, 10 and 50
# segments (docs/BENCHMARKS.md "Search latency with 1, 10 and 50 segments"):
#
#   sh bench/segments.sh [WORK]        (default WORK: /tmp/zhbench/segments)
#
# Cuts ../shared/corpora/cctv_news.jsonl.gz into 50 JSON Lines files of
# consecutive records, then indexes them three ways: one build of all 50
# (1 segment); a build of the first 5 and 9 adds of 5 more each (10
# segments); a build of the first and 49 adds of one each (50 segments).
# The adds use --no-merge, so the policy leaves the segments as they are;
# every document has the same name in the three indexes.  Then runs
# bench/zhpeer over ../shared/bench/peers/queries_real.txt (top 10 and the
# exact count; REPEAT timed passes after WARMUP, default 5 and 1) on each
# index, checks that the three give the same counts and top 10, and prints
# one table row per index: segments, index MB, median / p95 / max of all
# timed queries (nearest rank, as the harness's summarize.py), and the
# median per query.  Needs the release build (make all build/release/zhpeer).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=$root/build/release
corpus=$root/../shared/corpora/cctv_news.jsonl.gz
queries=$root/../shared/bench/peers/queries_real.txt
work=${1:-/tmp/zhbench/segments}
PARTS=50
export REPEAT=${REPEAT:-5} WARMUP=${WARMUP:-1}

mkdir -p "$work"
cd "$work"
if [ ! -f p/part49.jsonl ]; then
    rm -rf p && mkdir p
    gzip -dc "$corpus" >all.jsonl
    split -n l/$PARTS -d -a 2 --additional-suffix=.jsonl all.jsonl p/part
    rm all.jsonl
fi

zx() { # COMMAND ARGS...
    cmd=$1
    shift
    "$bin/zhindex" "$cmd" -q --format jsonl "$@" 2>>log
}
parts() { # FIRST COUNT: the part files FIRST .. FIRST+COUNT-1
    i=$1
    while [ "$i" -lt $(($1 + $2)) ]; do
        printf 'p/part%02d.jsonl\n' "$i"
        i=$((i + 1))
    done
}
# index NSEG: build the first 50/NSEG parts, add the others 50/NSEG at a time
index() {
    n=$1
    per=$((PARTS / n))
    rm -rf "ix$n"
    start=$(date +%s.%N)
    # shellcheck disable=SC2046
    zx build -o "ix$n" $(parts 0 "$per")
    k=1
    while [ "$k" -lt "$n" ]; do
        # shellcheck disable=SC2046
        zx add --no-merge -o "ix$n" $(parts $((k * per)) "$per")
        k=$((k + 1))
    done
    end=$(date +%s.%N)
    echo "ix$n: $("$bin/zhindex" stats "ix$n" | head -n 1), indexed in" \
        "$(awk "BEGIN { printf \"%.1f\", $end - $start }") s" >&2
}
: >log
for n in 1 10 50; do [ -f "ix$n/MANIFEST" ] || index "$n"; done
for n in 1 10 50; do "$bin/zhpeer" query "ix$n" "$queries" 10 >"q$n.tsv"; done

/usr/bin/python3 - "$queries" q1.tsv q10.tsv q50.tsv <<'EOF'
import os, statistics, sys

def pct(xs, p):  # nearest rank, as ../shared/bench/peers/summarize.py
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(-(-p * len(xs) // 100)) - 1))]

queries = [l.strip() for l in open(sys.argv[1], encoding="utf-8")
           if l.strip() and not l.startswith("#")]
runs = {}
for path in sys.argv[2:]:
    samples, answer = {}, {}
    for line in open(path, encoding="utf-8"):
        q, n, top, us = line.rstrip("\n").split("\t")
        samples.setdefault(q, []).append(int(us))
        answer.setdefault(q, (n, top))
    runs[path] = (samples, answer)
base = runs[sys.argv[2]][1]
for path, (_, answer) in runs.items():
    bad = [q for q in queries if answer.get(q) != base.get(q)]
    print("%s: %s" % (path, "same counts and top 10 as %s" % sys.argv[2] if not bad
                      else "DIFFERS on %d queries: %s" % (len(bad), bad[:3])))
print()
print("| index | segments | MB | median µs | p95 µs | max µs |")
print("|---|---:|---:|---:|---:|---:|")
for path, (samples, _) in runs.items():
    ix = "ix" + path[1:-4]
    mb = sum(os.path.getsize(os.path.join(ix, f)) for f in os.listdir(ix)) / 1e6
    nseg = sum(f.startswith("seg-") for f in os.listdir(ix))
    allus = [u for q in queries for u in samples[q]]
    print("| %s | %d | %.2f | %.0f | %.0f | %.0f |" % (
        ix, nseg, mb, statistics.median(allus), pct(allus, 95), max(allus)))
print()
print("| query | hits | " + " | ".join("ix" + p[1:-4] + " µs" for p in runs) + " |")
print("|---|---:|" + "---:|" * len(runs))
for q in queries:
    print("| %s | %s | %s |" % (q, base[q][0], " | ".join(
        "%.0f" % statistics.median(runs[p][0][q]) for p in runs)))
EOF
