#!/usr/bin/env python3
"""Measure the decoder's Big5 / GB18030 detection (common/decode.c) on
samples of real text: how often a sample is given the wrong encoding.

    python3 tools/enc_measure.py [--samples N] [--seed S]

Text: random stretches of the `text` of ../shared/corpora (CCTV news and
laws, simplified; with --seeds, of the five seeds in corpus/, which the
frequency list was not counted from), starting at a random character of a random record and
taken while the encoded sample is shorter than the size asked for (so a
sample has at least that many bytes and ends at a whole character).  Each
stretch is encoded four ways:

  GBK          the simplified text (Python's gbk codec)      -> GB18030 wanted
  GB18030      the same with the gb18030 codec               -> GB18030 wanted
  GBK trad     its traditional form (opencc s2tw), in GBK    -> GB18030 wanted
  Big5         its traditional form (opencc s2tw), in Big5   -> BIG5 wanted

A stretch that one of the codecs cannot encode (characters Big5 lacks) is
drawn again.  Sizes: 12 bytes (six Han characters) and 40 bytes.  The
detector itself is the C code (tools/enc_measure.c against common/), built
here with cc.  Needs the opencc command (scripts/deps.sh installs it).
Results go to docs/VARIANTS.md.
"""
import argparse
import gzip
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = [os.path.join(ROOT, "..", "shared", "corpora", n)
           for n in ("cctv_news.jsonl.gz", "laws.jsonl.gz")]
SIZES = [12, 40]


def texts(seeds):
    out = []
    if seeds:  # the seeds are not among the texts hanfreq.c was counted from
        d = os.path.join(ROOT, "corpus")
        for n in sorted(os.listdir(d)):
            if n.endswith(".txt"):
                out.append(open(os.path.join(d, n), encoding="utf-8").read())
        return out
    for path in CORPORA:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                t = json.loads(line).get("text", "")
                if len(t) > 200:
                    out.append(t)
    return out


def stretch(rng, docs, size):
    """A stretch of a random text with CJK in it whose UTF-8 form has at
    least `size` * 3 / 2 bytes (the GBK form then has about `size`)."""
    while True:
        t = rng.choice(docs)
        i = rng.randrange(0, len(t) - 100)
        s = t[i:i + size]  # at most size characters: trimmed per encoding below
        s = s.split("\n")[0]
        if sum(1 for ch in s if ord(ch) >= 0x4E00) >= 2:
            return s


def cut(s, codec, size):
    """The shortest prefix of s whose encoding has >= size bytes, encoded;
    None when s is too short or not encodable."""
    out = b""
    for ch in s:
        out += ch.encode(codec)
        if len(out) >= size:
            return out
    return None


def build_tool(tmp):
    exe = os.path.join(tmp, "enc_measure")
    srcs = [os.path.join(ROOT, "tools", "enc_measure.c")] + [
        os.path.join(ROOT, "common", f) for f in
        ("decode.c", "buf.c", "vec.c", "utf8.c", "err.c", "hanfreq.c")]
    subprocess.run(["cc", "-std=c11", "-O2", "-D_DEFAULT_SOURCE", "-I" + os.path.join(ROOT, "common"),
                    *srcs, "-o", exe], check=True)
    return exe


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=10000, help="per size and kind")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--seeds", action="store_true",
                    help="draw the samples from corpus/ (held out: hanfreq.c was counted "
                         "from ../shared/corpora) instead of the shared corpora")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    docs = texts(a.seeds)
    with tempfile.TemporaryDirectory() as tmp:
        exe = build_tool(tmp)
        for size in SIZES:
            # draw simplified stretches, convert them all at once
            simp = [stretch(rng, docs, size) for _ in range(int(a.samples * 1.3))]
            trad = subprocess.run(["opencc", "-c", "s2tw.json"], input="\n".join(simp).encode(),
                                  capture_output=True, check=True).stdout.decode().split("\n")
            kinds = {"GBK": [], "GB18030": [], "GBK trad": [], "Big5": []}
            for s, tr in zip(simp, trad):
                try:
                    enc = [cut(s, "gbk", size), cut(s, "gb18030", size), cut(tr, "gbk", size),
                           cut(tr, "big5", size)]
                except UnicodeEncodeError:
                    continue
                if None in enc:
                    continue
                if len(kinds["GBK"]) >= a.samples:
                    break
                for k, e in zip(kinds, enc):
                    kinds[k].append(e)
            want = {"GBK": "GB18030", "GB18030": "GB18030", "GBK trad": "GB18030",
                    "Big5": "BIG5"}
            for k, samples in kinds.items():
                data = b"".join(struct.pack("<I", len(x)) + x for x in samples)
                got = subprocess.run([exe], input=data, capture_output=True,
                                     check=True).stdout.decode().split()
                wrong = sum(1 for g in got if g != want[k])
                mean = sum(len(x) for x in samples) / max(1, len(samples))
                print("size >= %2d bytes  %-9s %6d samples (mean %.1f bytes): %4d wrong (%.2f%%)"
                      % (size, k, len(samples), mean, wrong, 100.0 * wrong / max(1, len(samples))))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
