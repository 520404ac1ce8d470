#!/bin/sh
# fuzz_seeds.sh - seed corpora for the fuzz targets (docs/FUZZING.md), made
# from small slices of corpus/ and tests/ (generated, never committed):
#
#   sh scripts/fuzz_seeds.sh ZHINDEX OUTDIR
#
# writes OUTDIR/TARGET/ for every target, replacing what was there.  Targets
# whose input starts with an option byte (decode, normalize, passage,
# document: see their files) get it in front of each slice.  The segment and
# manifest seeds are the files ZHINDEX builds from a few slices.
set -eu
cd "$(dirname "$0")/.." || exit 2
[ $# = 2 ] || { echo "usage: fuzz_seeds.sh ZHINDEX OUTDIR" >&2; exit 2; }
zhindex=$1
out=$2
SLICE=4096 # bytes of a file taken as a seed: libFuzzer's inputs stay small
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

rm -rf "$out"
for t in decode normalize passage fct query meta jsonl document segment manifest tomb; do
    mkdir -p "$out/$t"
done

# seed TARGET NAME OPTION-BYTE(octal, or "" for none) FILE: the first SLICE
# bytes of FILE, after the option byte.
seed() {
    {
        [ -z "$3" ] || printf "\\$3"
        head -c "$SLICE" "$4"
    } >"$out/$1/$2"
}

# decode: every sample of tests/data/enc, detected and named, whole and in
# pieces; the corpus detected.
for f in tests/data/enc/*.txt; do
    n=$(basename "$f" .txt)
    case $n in
    *.utf8 | *.utf8bom) o=001 ;;
    *.utf16le) o=002 ;;
    *.utf16be) o=003 ;;
    *.gb18030) o=004 ;;
    *.gbk) o=005 ;;
    *.big5) o=006 ;;
    *) o=000 ;;
    esac
    seed decode "$n.detect" 000 "$f"
    seed decode "$n.named" "$o" "$f"
    seed decode "$n.pieces" 120 "$f" # octal 120: pieces of 5 bytes
done
for f in corpus/*.txt; do seed decode "$(basename "$f")" 000 "$f"; done

# normalize and passage: the golden inputs of the normalizer, the text-kind
# samples, law texts, the corpus (PDF text); mode and bounds from the option
# byte.
for f in tests/data/norm/*.in tests/data/norm_clean/*.in tests/data/textkind/*.txt \
    corpus/*.txt; do
    n=$(basename "$f")
    seed normalize "$n.decide" 003 "$f"
    seed normalize "$n.pdf" 000 "$f"
    seed passage "$n" 016 "$f"      # 320 code points
    seed passage "$n.chunks" 116 "$f" # two chunks
done
for f in $(ls tests/data/annot_blind/law/*.txt | head -n 4); do
    seed normalize "law.$(basename "$f")" 001 "$f"
    seed passage "law.$(basename "$f")" 016 "$f"
    seed passage "law.$(basename "$f").short" 102 "$f" # 80 code points, two chunks
done

# fct: one paragraph a seed, from the held-out fact sets.
i=0
for f in tests/data/facts/heldout_dev.txt tests/data/facts/heldout_test.txt; do
    grep -av '^$' "$f" | head -n 40 | while IFS= read -r line; do
        i=$((i + 1))
        printf '%s' "$line" | head -c "$SLICE" >"$out/fct/$(basename "$f" .txt).$i"
    done
done

# query: the queries of the parser's tests (the first argument of check()).
sed -n 's/^ *check(t, "\(\([^"\\]\|\\.\)*\)".*/\1/p' tests/test_query.c |
    sed 's/\\"/"/g; s/\\\\/\\/g' >"$tmp/queries"
i=0
while IFS= read -r q; do
    i=$((i + 1))
    printf '%s' "$q" >"$out/query/q$i"
done <"$tmp/queries"

# meta: the sidecars of the test sets, and a few edge cases.
for f in $(ls tests/data/annot_blind2/news/*.meta.json | head -n 8); do
    cp "$f" "$out/meta/$(basename "$f")"
done
printf '{"date": "2024-02-29", "city": "郑州", "title": "标题\\u6807\\"x\\""}' >"$out/meta/full"
printf '{"date": 2024, "extra": [1, {"a": "}"}], "city": "410100"}' >"$out/meta/skip"
printf '{}' >"$out/meta/empty"

# jsonl: option byte 0 (plain) or 1 (gzip), then records good and bad.
printf '\000{"id":"a","text":"郑州新建学校。\\n今年","date":"2024-01","city":"郑州","title":"t"}\n{"id":7,"text":"x","url":null,"k":[1,{"a":"}"}]}\n' \
    >"$out/jsonl/good"
printf '\001{"id":"a","text":"洛阳"}\n\n{"id":"a","text":"y"}\n{"id":1.5,"text":"z"}\n{"text":"w"}\n{"id":"b","text":"v","date":"２０２４-０２-３０"}\nnot json\n' \
    >"$out/jsonl/bad"

# tomb: the tombstones zhindex remove writes for the small index (one of
# its two documents deleted, the law text or the news story), and for
# corpus/ (one and three of five deleted); --no-merge keeps the segments
# as they are, so the files stay tombstones and are not merged away.
for f in law news; do
    "$zhindex" build -q -o "$tmp/ixd$f" tests/fuzz/index >/dev/null 2>&1
    "$zhindex" remove -q --no-merge -o "$tmp/ixd$f" "tests/fuzz/index/$f.txt" >/dev/null 2>&1
    cp "$tmp/ixd$f"/del-*.zhd "$out/tomb/fuzzindex-$f.zhd"
done
"$zhindex" build -q -o "$tmp/ixc" corpus >/dev/null 2>&1
"$zhindex" remove -q --no-merge -o "$tmp/ixc" "$(ls corpus/*.txt | head -n 1)" >/dev/null 2>&1
cp "$tmp/ixc"/del-*.zhd "$out/tomb/corpus-1.zhd"
"$zhindex" remove -q --no-merge -o "$tmp/ixc" $(ls corpus/*.txt | sed -n 2,3p) >/dev/null 2>&1
cp "$tmp/ixc"/del-*.zhd "$out/tomb/corpus-3.zhd"

# document: text files (detected, GBK, strict) and passages TSV made from
# corpus lines.
for f in corpus/*.txt tests/data/enc/prose.utf8.txt; do
    seed document "$(basename "$f")" 000 "$f"
    seed document "$(basename "$f").strict" 002 "$f"
done
seed document prose.gbk 010 tests/data/enc/prose.gbk.txt
seed document rich.utf16le 014 tests/data/enc/rich.utf16le.txt
for f in corpus/*.txt; do
    head -c "$SLICE" "$f" | grep -av '^$' | head -n 12 |
        awk '{ printf "%d\t%s\t%s\t%s\n", NR, NR % 3 ? "郑州" : "", NR % 2 ? "2024" : "", $0 }' \
            >"$tmp/lines.tsv"
    seed document "$(basename "$f" .txt).tsv" 001 "$tmp/lines.tsv"
done

# segment and manifest: the small index the manifest and query targets
# build (tests/fuzz/index: the manifest seed lists its segment exactly), and
# indexes built from slices (text and TSV).
"$zhindex" build -q -o "$tmp/ixf" tests/fuzz/index >/dev/null 2>&1
cp "$tmp/ixf"/seg-*.zhs "$out/segment/fuzzindex.zhs"
cp "$tmp/ixf/MANIFEST" "$out/manifest/fuzzindex"
k=0
for f in corpus/*.txt tests/data/annot_blind/law/law-00250.txt; do
    k=$((k + 1))
    mkdir -p "$tmp/in$k"
    head -c 1024 "$f" >"$tmp/in$k/a.txt"
    printf '{"date": "2024-01-21", "city": "郑州", "title": "标题"}' >"$tmp/in$k/a.txt.meta.json"
    "$zhindex" build -q -o "$tmp/ix$k" "$tmp/in$k" >/dev/null 2>&1 || continue
    cp "$tmp/ix$k"/seg-*.zhs "$out/segment/text$k.zhs"
    cp "$tmp/ix$k/MANIFEST" "$out/manifest/text$k"
done
printf '1\t北京\t2024\t托育服务很好，托育机构增加到300个。\n2\t郑州\t2023\t托育服务托育服务。\n3\t\t\t城市发展报告。\n' \
    >"$tmp/p.tsv"
if "$zhindex" build -q --format tsv -o "$tmp/ixt" "$tmp/p.tsv" >/dev/null 2>&1; then
    cp "$tmp/ixt"/seg-*.zhs "$out/segment/tsv.zhs"
    cp "$tmp/ixt/MANIFEST" "$out/manifest/tsv"
fi

for t in decode normalize passage fct query meta jsonl document segment manifest tomb; do
    printf '%s %s' "$t" "$(ls "$out/$t" | wc -l)"
    [ "$t" = tomb ] && echo " seeds" || printf ', '
done
