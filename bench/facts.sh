#!/bin/sh
# make bench-facts: the speed of fact extraction alone on the real 100 MB
# benchmark text (issue 10: >= 40 MB/s), one core, best of RUNS (default 3)
# runs of CPU time.  The passages' text column of the real100 TSV is the
# input, one passage a line (docs/BENCHMARKS.md "Fact extraction").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
peers_dir=$(cd "$root/../shared/bench/peers" 2>/dev/null && pwd) || {
    echo "bench-facts: ../shared/bench/peers not found" >&2; exit 2; }
. "$here/real100.sh"
r100=$(real100_tsv)
paras=$(dirname "$r100")/paragraphs.txt
[ -s "$paras" ] || cut -f4 "$r100" > "$paras"
"$root/build/release/fctspeed" "$paras" "${RUNS:-3}"
