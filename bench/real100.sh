# Sourced by bench/run.sh and bench/facts.sh: real100_tsv prints the path of
# the real100 TSV (the CCTV stories and laws of ../shared/corpora as
# id<TAB>city<TAB>year<TAB>text passages), making it once.  Needs $root and
# $peers_dir set; WORK_REAL100 overrides its directory.
corpora=$(cd "$root/../shared/corpora" && pwd)

real100_tsv() { # the real100 TSV, made once
    r100=${WORK_REAL100:-/tmp/zhbench/real100}/real100.tsv
    if [ ! -s "$r100" ]; then
        mkdir -p "$(dirname "$r100")"
        /usr/bin/python3 "$peers_dir/jsonl_passages.py" "$corpora/cctv_news.jsonl.gz" \
            "$corpora/laws.jsonl.gz" -o "$r100"
    fi
    echo "$r100"
}
