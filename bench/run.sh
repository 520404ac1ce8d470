#!/bin/sh
# make bench: zhsearch against the peer engines of ../shared/bench/peers on
# the same passages and queries, in the same run, then our figures as
# ratios against the peers (docs/BENCHMARKS.md explains them).
#
# Environment: BENCH_CORPUS=real100 (default; the 104 MB news + laws TSV),
# real20 (its first 20 MB), real1g (it grown to 1 GB by
# peers/scale_corpus.py; zhsearch alone unless PEERS names others: the peers
# take hours at that size) or seed10 (the seed pages scaled to 10 MB,
# quick); PEERS to override the peer list; REPEAT, WARMUP as the harness
# takes them; WORK (default /tmp/zhbench/<corpus>).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
peers_dir=$(cd "$root/../shared/bench/peers" 2>/dev/null && pwd) || {
    echo "bench: ../shared/bench/peers not found" >&2; exit 2; }
corpus=${BENCH_CORPUS:-real100}
work=${WORK:-/tmp/zhbench/$corpus}
mkdir -p "$work"

# peers' packages (Debian), installed by the shared setup script
if [ "$(id -u)" = 0 ]; then sh "$peers_dir/setup.sh" >&2; else sudo sh "$peers_dir/setup.sh" >&2; fi

. "$here/real100.sh"

tsv="$work/$corpus.tsv"
if [ ! -s "$tsv" ]; then
    case "$corpus" in
    real100)
        r100=$(real100_tsv)
        [ "$r100" = "$tsv" ] || ln -sf "$r100" "$tsv" ;;
    real20 | real1g)
        size=20MB
        [ "$corpus" = real1g ] && size=1GB
        /usr/bin/python3 "$peers_dir/scale_corpus.py" "$(real100_tsv)" "$size" -o "$tsv" ;;
    seed10)
        /usr/bin/python3 "$peers_dir/make_passages.py" "$root/../shared/seeds" -o "$work/seed.tsv"
        /usr/bin/python3 "$peers_dir/scale_corpus.py" "$work/seed.tsv" 10MB -o "$tsv" ;;
    *) echo "bench: unknown BENCH_CORPUS $corpus" >&2; exit 2 ;;
    esac
fi
case "$corpus" in
real*) queries="$peers_dir/queries_real.txt" ;;
*) queries="$peers_dir/queries.txt" ;;
esac
default_peers="fts5_trigram fts5_bigram xapian xapian_phrase groonga sphinx"
[ "$corpus" = real1g ] && default_peers=""

export ZH_BIN="$root/build/release"
PEERS=${PEERS:-"$default_peers zhsearch=$here/peer_zhsearch.sh"}
export PEERS WORK="$work"
bash "$peers_dir/run_all.sh" "$tsv" "$queries"
/usr/bin/python3 "$here/ratios.py" "$work/summary.md"
