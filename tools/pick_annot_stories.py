#!/usr/bin/env python3
"""Pick 20 whole documents about one city or county for the blind label set
of issue 9 (tests/data/annot_blind/story/, see its README.md).

    python3 tools/pick_annot_stories.py /work/shared/corpora \\
        /work/shared/gazetteer tests/data/annot_blind/story

CCTV stories (N_CCTV): 400-3000 characters whose text names one
prefecture-level city (its short name, or the full name of one of its
counties/districts) at least MIN_TOP times and at least TOP_RATIO times as
often as any other city, and whose title names that city or one of its
counties/districts (multi-item "快讯" bulletins are left out); municipalities and provinces count as "other"
places, never as the topic.  A story is "county" when one county/district is
named at least MIN_AREA times, "health" when its title has a health word or
its text at least MIN_HEALTH of them.  Quotas, filled in this order from the seeded shuffle: N_HEALTH health
stories, N_COUNTY county stories, Henan stories up to N_CCTV - N_OUTSIDE,
the rest outside Henan; at most one story per city.

Laws (N_LAW): title starts with the full name of a prefecture-level city
(郑州市…, 洛阳市…, 济南市…), text under MAX_LAW characters; half from Henan.

For each document: DOCID.txt (the corpus "text" exactly) and
DOCID.txt.meta.json {"date","title"}; DEV/TEST halves by document with the
seeded RNG; labels_dev.tsv / labels_test.tsv hold one skeleton line per
paragraph (CCTV: each non-empty line; law: each non-empty block between blank
lines) with '?' for cities and years, to be filled in by hand; an existing
labels file is never overwritten.  Same inputs and SEED give the same files.
"""
import csv
import gzip
import json
import os
import random
import re
import sys

SEED = 20260909
N_CCTV = 14
N_LAW = 6
N_OUTSIDE = 6
N_COUNTY = 4
N_HEALTH = 3
MIN_LEN, MAX_LEN = 400, 3000
MAX_LAW = 4000
MIN_TOP = 3
TOP_RATIO = 3
MIN_AREA = 2
MIN_HEALTH = 4
HENAN = "41"
MUNICIPALITIES = ("11", "12", "31", "50")
EXCERPT_CHARS = 12
LABEL_DAY = "2026-11-28"
# short city names that are also common words or other places' names
AMBIGUOUS = {"安康", "长治", "来宾", "中山", "大同", "白银", "阿里", "安顺", "普洱",
             "朝阳", "兴安", "三沙", "东方", "通化", "黄山", "白山", "红河"}
HEALTH = re.compile(
    "医院|医疗|医生|卫生|健康|疫情|疫苗|病例|疾控|患者|医保|核酸|防疫|养老|诊"
)
CITY_SUFFIX = re.compile("(市|地区|盟|自治州)$")
ETHNIC = re.compile("(蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|"
                    "哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|"
                    "达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|"
                    "乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|"
                    "赫哲|门巴|珞巴|基诺|族)+$")
HEADER = """\
# Blind city/year labels, issue 9: 20 whole documents about one city or county.
# Picked by tools/pick_annot_stories.py (SEED {seed}); every paragraph labelled
# by hand on {day} by READING the whole document (labeller A2), before running any
# project code on these files.  Format (TAB-separated):
#   doc  kind  offset  cities  years  excerpt
# doc = DOCID.txt in this directory; kind = story; offset = UTF-8 byte offset
# of the paragraph's first non-space character; cities = topic places (short
# prefecture-level city names, 河南省-style province names, 全国, '-');
# years = years the paragraph is about (a-b ranges, '-' none); 'x|y' = equally
# right alternatives; excerpt = first {n} characters.  See README.md.
"""


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def short_city(name):
    """郑州市 -> 郑州, 延边朝鲜族自治州 -> 延边; None when too short."""
    s = CITY_SUFFIX.sub("", name)
    if name.endswith("自治州"):
        s = ETHNIC.sub("", s)
    return s if len(s) >= 2 else None


def load_gazetteer(gaz):
    """Return (provinces code->name, cities list, areas list).

    cities: (code, full, short, province code), prefecture level only;
    areas: (full name, city code) for counties/districts of those cities."""
    prov = {r["code"]: r["name"] for r in read_csv(os.path.join(gaz, "provinces.csv"))}
    prov_short = {re.sub("(省|市|自治区|壮族|回族|维吾尔)+$", "", n) for n in prov.values()}
    prov_short |= {"广西", "宁夏", "新疆", "内蒙古", "西藏"}
    cities = []
    for r in read_csv(os.path.join(gaz, "cities.csv")):
        name, pc = r["name"], r["provinceCode"]
        if pc in MUNICIPALITIES or "直辖" in name or name in ("市辖区", "县"):
            continue
        s = short_city(name)
        if s and s not in prov_short and s not in AMBIGUOUS:
            cities.append((r["code"], name, s, pc))
    codes = {c[0] for c in cities}
    areas = []
    for r in read_csv(os.path.join(gaz, "areas.csv")):
        name = r["name"]
        if r["cityCode"] in codes and len(name) >= 2 and name not in ("市辖区", "城区", "郊区", "矿区"):
            areas.append((name, r["cityCode"]))
    return prov, cities, areas


def city_counts(text, cities, areas, muni_names):
    """Mentions per city code (short name + its areas' full names), per area,
    and the largest count of a municipality."""
    per_city = {}
    for code, _full, s, _pc in cities:
        n = text.count(s)
        if n:
            per_city[code] = per_city.get(code, 0) + n
    per_area = {}
    for name, cc in areas:
        n = text.count(name)
        if n:
            per_area[name] = n
            # an area whose name contains the city short name is already counted
            short = next(c[2] for c in cities if c[0] == cc)
            if short not in name:
                per_city[cc] = per_city.get(cc, 0) + n
    muni = max((text.count(m) for m in muni_names), default=0)
    return per_city, per_area, muni


def names_city(title, city, areas):
    """True when the title names the city or one of its counties/districts."""
    code, _full, short, _pc = city
    return short in title or any(cc == code and a in title for a, cc in areas)


def cctv_candidates(corpora, cities, areas):
    by_code = {c[0]: c for c in cities}
    area_city = dict(areas)
    muni_names = ("北京", "天津", "上海", "重庆")
    out = []
    with gzip.open(os.path.join(corpora, "cctv_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d.get("text", "")
            if not (MIN_LEN <= len(text) <= MAX_LEN):
                continue
            per_city, per_area, muni = city_counts(text, cities, areas, muni_names)
            if not per_city:
                continue
            ranked = sorted(per_city.items(), key=lambda kv: (-kv[1], kv[0]))
            top_code, top = ranked[0]
            second = max([ranked[1][1] if len(ranked) > 1 else 0, muni])
            if top < MIN_TOP or top < TOP_RATIO * max(second, 1):
                continue
            if not names_city(d["title"], by_code[top_code], areas) or "快讯" in d["title"]:
                continue
            county = any(n >= MIN_AREA and area_city[a] == top_code for a, n in per_area.items())
            out.append({
                "id": d["id"], "date": d["date"], "title": d["title"], "text": text,
                "city": top_code, "prov": by_code[top_code][3], "county": county,
                "health": bool(HEALTH.search(d["title"]))
                or len(HEALTH.findall(text)) >= MIN_HEALTH,
            })
    out.sort(key=lambda c: c["id"])
    return out


def pick_cctv(cands, rng):
    rng.shuffle(cands)
    picked, cities_used = [], set()

    def take(pred, n):
        for c in cands:
            if len([p for p in picked if pred(p)]) >= n or len(picked) >= N_CCTV:
                return
            if pred(c) and c["city"] not in cities_used and c not in picked:
                picked.append(c)
                cities_used.add(c["city"])

    take(lambda c: c["health"], N_HEALTH)
    take(lambda c: c["county"], N_COUNTY)
    take(lambda c: c["prov"] == HENAN, N_CCTV - N_OUTSIDE)
    take(lambda c: c["prov"] != HENAN, N_OUTSIDE)
    take(lambda c: True, N_CCTV)
    return picked


def law_candidates(corpora, cities):
    full = sorted((c[1] for c in cities), key=len, reverse=True)
    prov_of = {c[1]: c[3] for c in cities}
    out = []
    with gzip.open(os.path.join(corpora, "laws.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            title, text = d.get("title", ""), d.get("text", "")
            city = next((n for n in full if title.startswith(n)), None)
            if not city or len(text) >= MAX_LAW:
                continue
            m = re.search(r"\((\d{4}-\d{2}-\d{2})\)\s*$", title)
            date = m.group(1) if m else d.get("date_first_seen", "")
            out.append({
                "id": d["id"], "date": date, "title": title[: m.start()] if m else title,
                "text": text, "prov": prov_of[city], "city": city,
            })
    out.sort(key=lambda c: c["id"])
    return out


def pick_laws(cands, rng):
    rng.shuffle(cands)
    picked, used = [], set()
    for want_henan in (True, False):
        n = 0
        for c in cands:
            if n >= N_LAW // 2:
                break
            if (c["prov"] == HENAN) == want_henan and c["city"] not in used:
                picked.append(c)
                used.add(c["city"])
                n += 1
    return picked


def paragraphs(text, is_law):
    """Yield (byte offset of first non-space char, paragraph text)."""
    sep = re.compile(r"\n[ \t\r]*\n" if is_law else r"\n")
    pos = 0
    for m in list(sep.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.lstrip()
        if stripped.strip():
            start = pos + (len(chunk) - len(stripped))
            yield len(text[:start].encode("utf-8")), stripped
        if m:
            pos = m.end()


def excerpt(para):
    return para.replace("\t", " ").replace("\n", " ")[:EXCERPT_CHARS]


def write_doc(outdir, doc):
    name = doc["id"] + ".txt"
    with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="") as f:
        f.write(doc["text"])
    with open(os.path.join(outdir, name + ".meta.json"), "w", encoding="utf-8") as f:
        json.dump({"date": doc["date"], "title": doc["title"]}, f, ensure_ascii=False)
        f.write("\n")
    return name


def main():
    corpora, gaz, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    _prov, cities, areas = load_gazetteer(gaz)
    rng = random.Random(SEED)
    docs = pick_cctv(cctv_candidates(corpora, cities, areas), rng)
    for d in docs:
        d["law"] = False
    laws = pick_laws(law_candidates(corpora, cities), rng)
    for d in laws:
        d["law"] = True
    docs += laws
    order = list(range(len(docs)))
    rng.shuffle(order)
    halves = {"dev": sorted(order[: len(docs) // 2]), "test": sorted(order[len(docs) // 2:])}
    for half, idx in halves.items():
        lines = [HEADER.format(seed=SEED, n=EXCERPT_CHARS, day=LABEL_DAY)]
        for i in idx:
            doc = docs[i]
            name = write_doc(outdir, doc)
            for off, para in paragraphs(doc["text"], doc["law"]):
                lines.append("\t".join([name, "story", str(off), "?", "?", excerpt(para)]) + "\n")
        path = os.path.join(outdir, "labels_%s.tsv" % half)
        if os.path.exists(path):
            # never overwrite labels filled in by hand with a skeleton
            print("kept", path, file=sys.stderr)
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(lines)
        print(half, ", ".join(docs[i]["id"] for i in idx), file=sys.stderr)


if __name__ == "__main__":
    main()
