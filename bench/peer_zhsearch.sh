#!/bin/sh
# zhsearch as a peer of ../shared/bench/peers/run_all.sh:
#   peer_zhsearch.sh build INDEX_DIR PASSAGES.tsv
#   peer_zhsearch.sh query INDEX_DIR QUERIES.txt K
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${ZH_BIN:-$here/../build/release}
case "$1" in
build) exec "$bin/zhindex" build -q --format tsv -o "$2" "$3" ;;
query) exec "$bin/zhpeer" query "$2" "$3" "$4" ;;
*) echo "usage: $0 build DIR TSV | query DIR QUERIES K" >&2; exit 2 ;;
esac
