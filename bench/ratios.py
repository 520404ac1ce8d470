#!/usr/bin/python3
"""Read the summary table run_all.sh wrote and print zhsearch's figures as
ratios against the peers, next to the targets of docs/BENCHMARKS.md.

    ratios.py WORK/summary.md
"""
import sys

EXACT = ("fts5_trigram", "fts5_bigram", "xapian_phrase", "groonga", "sphinx")


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def main():
    rows = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    hdr = None
    for line in lines:
        if not line.startswith("|"):
            if hdr and rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == "peer":
            hdr = cells
            continue
        if hdr and not set(cells[0]) <= set("-"):
            name = cells[0].split(" ")[0]
            rows[name] = dict(zip(hdr, cells))
    us = rows.get("zhsearch")
    if not us:
        print("ratios: no zhsearch row in the summary")
        return 1
    peers = {k: v for k, v in rows.items() if k != "zhsearch"}

    def best(col, names):
        vals = [(num(peers[n][col]), n) for n in names if n in peers and num(peers[n][col])]
        return min(vals) if vals else (None, None)

    out = []

    def line(label, ours, ref, refname, target, unit=""):
        if ours is None or ref is None:
            out.append("  %-16s n/a" % label)
            return
        r = ours / ref
        ok = "ok" if r <= target else "MISSED"
        out.append("  %-16s %10.2f%s = %5.2f x %s (%.2f%s)   target <= %.2f  %s"
                   % (label, ours, unit, r, refname, ref, unit, target, ok))

    b, bn = best("build_s", peers)
    line("build time", num(us["build_s"]), b, "fastest peer " + str(bn), 1 / 3, " s")
    size = num(us["index/input"])
    out.append("  %-16s %10.2f x input (with stored text; peers without it: smallest %s %.2f x)"
               "   target <= 1.00  %s" % ("index size", size, best("index/input", peers)[1],
                                          best("index/input", peers)[0] or 0,
                                          "ok" if size <= 1.0 else "MISSED"))
    m, mn = best("q_median_us", EXACT)
    line("query median", num(us["q_median_us"]), m, "best exact peer " + str(mn), 0.25, " us")
    p, pn = best("q_p95_us", EXACT)
    line("query p95", num(us["q_p95_us"]), p, "best exact peer " + str(pn), 0.25, " us")
    rss = num(us["build_peak_MiB"])
    out.append("  %-16s %10.1f MiB   target <= 256 MiB  %s" % ("build memory", rss,
                                                              "ok" if rss <= 256 else "MISSED"))
    print("zhsearch against the peers:")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
