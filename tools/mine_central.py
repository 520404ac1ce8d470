#!/usr/bin/env python3
"""Mine the names of central government bodies (财政部, 国家统计局,
海关总署, 中央宣传部 ...) from the shared CCTV corpus into
indexer/scope_central_w.c.

Usage: tools/mine_central.py [CORPORA_DIR] [--out indexer/scope_central_w.c] [--show]
       (make mine-central runs it)

A passage whose subject is a central body (交通运输部大力推动…, 记者从国家
统计局了解到…) speaks for the whole country, as one that says 全国 does;
provinces and cities have 厅 and 局 of their own names (河南省交通运输厅), so
the central bodies can be told apart by how the corpus writes them.  A
candidate is a run of MIN_LEN..MAX_LEN Han characters ending in one of
BODY_ENDINGS (部 委 委员会 局 总局 署), and it is kept when:

  - the corpus writes it at least MIN_COUNT times;
  - it is a word of its own: no single character before it accounts for
    WORD_LEFT_SHARE of its occurrences (通运输部 is always 交通运输部; a
    function character such as 从 in 记者从交通运输部 does not count), and
    longer kept names ending in it do not account for SUFFIX_SHARE of them
    (管理局 is mostly 国家外汇管理局 and the like);
  - it is national: at most LOCAL_SHARE of its occurrences follow a local
    word (省 市 县 区 州, 河南省商务厅 is no 商务部) or a place name of the
    gazetteer, and it holds no place name itself (青海省委, 杭州亚组委);
  - it acts as a body: at least ACT_SHARE of its occurrences are followed by
    a verb or word of announcement (ACT_WORDS: 发布, 印发, 联合, 负责人 ...),
    which leaves out 决策部署, 党员干部 and the directions (北部, 中西部);
  - it is not another country's (FOREIGN_PREFIXES: 俄罗斯国防部, 紧急情况部)
    nor the foreign or defence ministry (外交部, 国防部: foreign affairs, no
    place), nor a GENERIC head noun (管理委员会 of every development zone);
  - it does not start with a function character (由, 经, 在 ...) nor end in
    NOT_BODIES (部署 deployment, 干部 cadres) or hold 总部 (headquarters).
Same corpus, same output.
"""
import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_places import load_gazetteer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BODY_ENDINGS = ("部", "委", "委员会", "局", "总局", "署")
MIN_LEN, MAX_LEN = 3, 10
MIN_COUNT = 20
WORD_LEFT_SHARE = 0.5
SUFFIX_SHARE = 0.5
LOCAL_SHARE = 0.1
ACT_SHARE = 0.15
LOCAL_CHARS = "省市县区州乡镇村"
ACT_WORDS = ("发布", "印发", "召开", "联合", "会同", "等部门", "表示", "介绍", "举行", "启动", "出台",
             "公布", "发出", "组织", "近日", "今天", "日前", "数据", "消息", "新闻发言人", "负责人",
             "有关负责人", "下发", "部署", "开展", "推动", "指导")
FOREIGN_PREFIXES = ("俄", "美国", "乌克兰", "以色列", "伊朗", "欧盟", "日本", "英国", "法国", "德国",
                    "韩国", "朝鲜", "印度", "联合国", "国际", "巴勒斯坦", "叙利亚", "黎巴嫩", "苏丹",
                    "加沙", "北约", "内务", "内政", "紧急情况")
FOREIGN_AFFAIRS = ("外交部", "国防部")
GENERIC = ("管理委员会",)
NOT_BODIES = ("部署", "干部")  # deployment, cadres  # the head noun of every development zone's administration
FUNCTION_CHARS = "由经在于向从对和与及日将已把被是的了据同"
HAN = re.compile("[\u4e00-\u9fff]+")


def place_names():
    provinces, cities, short, _ = load_gazetteer()
    names = set()
    for table in (provinces, cities, short):
        names.update(n for n in table if len(n) >= 2)
    return names


def candidates(texts):
    count, left, right_act = Counter(), defaultdict(Counter), Counter()
    for text in texts:
        for m in HAN.finditer(text):
            s = m.group(0)
            for e in range(len(s)):
                if not any(s.endswith(b, 0, e + 1) for b in BODY_ENDINGS):
                    continue
                for n in range(MIN_LEN, MAX_LEN + 1):
                    b = e + 1 - n
                    if b < 0:
                        break
                    w = s[b:e + 1]
                    count[w] += 1
                    left[w][s[b - 1] if b > 0 else ""] += 1
    return count, left


def acts(texts, words):
    n = Counter()
    for text in texts:
        for w in words:
            i = text.find(w)
            while i >= 0:
                after = text[i + len(w):i + len(w) + 6]
                if after.startswith(ACT_WORDS):
                    n[w] += 1
                i = text.find(w, i + 1)
    return n


def local_share(texts, words, names):
    local = Counter()
    by_len = sorted(names, key=len, reverse=True)
    for text in texts:
        for w in words:
            i = text.find(w)
            while i >= 0:
                before = text[max(0, i - 8):i]
                if before[-1:] in LOCAL_CHARS or any(before.endswith(p) for p in by_len):
                    local[w] += 1
                i = text.find(w, i + 1)
    return local


def mine(corpora):
    with gzip.open(os.path.join(corpora, "cctv_news.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts = [json.loads(line).get("text", "") for line in f]
    names = place_names()
    count, left = candidates(texts)
    words = []
    for w, c in count.items():
        if c < MIN_COUNT or w[0] in FUNCTION_CHARS or w.endswith(NOT_BODIES) or "总部" in w:
            continue
        if w.startswith(FOREIGN_PREFIXES) or w.endswith(FOREIGN_AFFAIRS) or w in GENERIC:
            continue
        if any(n in w for n in names):
            continue
        ch, top = max(((k, v) for k, v in left[w].items() if k not in FUNCTION_CHARS),
                      key=lambda kv: kv[1], default=("", 0))
        if ch and top >= WORD_LEFT_SHARE * c:
            continue
        words.append(w)
    act = acts(texts, words)
    words = [w for w in words if act[w] >= ACT_SHARE * count[w]]
    local = local_share(texts, words, names)
    words = [w for w in words if local[w] <= LOCAL_SHARE * count[w]]
    kept = []
    for w in words:
        longer = sum(count[v] for v in words if v != w and v.endswith(w))
        if longer < SUFFIX_SHARE * count[w]:
            kept.append((w, count[w], act[w] / count[w], local[w] / count[w]))
    return kept


def write(path, kept):
    lines = ["/* Generated by tools/mine_central.py from ../shared/corpora/cctv_news.jsonl.gz",
             " * (make mine-central); do not edit.  Names of central government bodies,",
             " * longest first (scope.h), and the sorted first characters of them. */",
             '#include "scope.h"', "", "const uint32_t *const scope_central[] = {"]
    for w, n, a, loc in sorted(kept, key=lambda k: (-len(k[0]), k[0])):
        lines.append('    U"%s", /* %d times, %.0f%% announcing, %.0f%% local */' %
                     (w, n, 100 * a, 100 * loc))
    lines += ["    NULL,", "};", ""]
    firsts = "".join(sorted({w[0] for w, _, _, _ in kept}))
    lines += ['const uint32_t scope_central_firsts[] = U"%s";' % firsts,
              "const size_t scope_central_nfirsts = %d;" % len(firsts), ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpora"))
    ap.add_argument("--out", default=os.path.join(ROOT, "indexer", "scope_central_w.c"))
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    kept = mine(a.corpora)
    if a.show:
        for w, n, act, loc in kept:
            print("%s %d %.2f %.2f" % (w, n, act, loc))
    write(a.out, kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
