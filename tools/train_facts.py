#!/usr/bin/env python3
"""Mine the numeric-fact lexicons from the corpora and write common/fct_lex.c.

Usage: tools/train_facts.py [--corpora DIR] [--out common/fct_lex.c]
       tools/train_facts.py --fit ZHINDEX [--conf-out common/fct_conf.c]
       (make train-facts runs both with the defaults: ../shared/corpora,
       and make train-fields between them; make check-train checks that
       the committed files are what they write)

The steps depend on each other in one order: the lexicons feed the rules
and the boundary model's features; the confidence fit (--fit) reads the
facts of a zhindex built with the lexicons and the boundary weights
(common/fct_model_w.c), so it comes last.  A confidence fit run before the
boundary weights are refitted describes an extractor that is no longer the
one compiled (round 7's wart, docs/FACTS.md "Round 8").

Stdlib only, deterministic (no randomness; every table is sorted), so the
same corpora always give the same file.  What it learns (docs/FACTS.md
"Learned lexicons"):

1. Verbs by distribution.  A Han bigram is a verb (or an adverb-like
   predicate word) when it follows predicate markers (已 将 并 不 要 可 应当
   已经 正在 未 没有 也 均 都 还) much more often than it follows 的, the marker
   of a noun.  Counted over every paragraph of both corpora; kept when seen at
   least VERB_MIN times after a marker and VERB_RATIO times as often as after
   的.  The extractor never lets a field contain one except at its start, cuts
   a limit's prepositional phrase before the first one (向人民法院提起诉讼),
   and stops a forward field at one.

2. Units by position.  The strings of 1-3 Han characters right after a number
   (arabic digits, with 万/亿 multipliers) are counted; a candidate is a unit
   when it is frequent (UNIT_MIN), complete (the characters after it branch:
   right entropy >= UNIT_ENTROPY bits, so 平方 is not a unit but 平方米 is,
   or at least UNIT_EDGE of what follows it is punctuation: 142万标箱，),
   and cohesive (it follows its own prefix in at least UNIT_COHESION of the
   prefix's occurrences, so 个县 is 个 + 县, not a unit).  The extractor's own
   table (qty.c) keeps the kinds it knows (dates, ages, money); a mined unit
   it does not know counts things.

4. Change verbs by position.  A Han bigram right after a comparison base
   (同比 环比 较上年 比去年同期 ...) and right before a number (同比多增9192亿元,
   较上年末升值4.7%, 同比回升3.2个百分点) states a change; kept when seen at
   least DELTA_MIN times there and followed by the number in at least
   DELTA_SHARE of its occurrences after a base (增速, 增幅 are nouns: 7 % and
   19 %).  Its direction comes from its characters (DIR_UP, DIR_DOWN: 升
   扩 多 up, 降 缩 窄 萎 down); a bigram with characters of both directions
   or neither is left out.  The extractor reads them as it reads its own
   change verbs (fct.c deltas).

5. Adverb-like verbs.  A mined verb that is followed right away by another
   mined verb in at least ADVERB_SHARE of its ADVERB_MIN or more
   occurrences (继续推进, 逐步扩大, 依法处理) modifies the verb after it; it
   also begins compound nouns (继续医学教育项目), so it does not end a
   forward field as a predicate verb does (8万多种展品参展).

6. Word classes.  Every Han bigram the corpora hold at least
   POS_MIN_COUNT times that is a two-character word of the jieba dictionary
   (Debian's python3-jieba, its dict.txt: word,
   frequency, part of speech) gets its part of speech in POS_GROUPS classes
   (noun, verbal noun, verb, adjective, function word, other): 组成 滞留 查处
   are verbs there, 检查 建设 verbal nouns, 人员 企业 nouns, which the
   corpora alone cannot tell (a verbal noun follows 的 as often as a
   verb follows 已).  Every bigram seen at least VERB_CLASS_MIN times after
   a predicate marker or after 的 also gets a predicate class from the log
   odds of the two (VERB_CLASS_CUTS), and a bigram that comes right before a
   number, a copula or a comparison base in at least VALUE_END_SHARE of its
   VALUE_END_MIN or more occurrences is marked as one that ends the noun a
   value is about (产量 收入 面积).  Not lists of words the rules act on:
   features of the field-boundary model (fct_model.c), which learns from the
   labels what each class on each side of a cut means (医护人员|组成,
   货车|滞留).

3. Word cohesion.  Bigrams whose characters stick together (pointwise mutual
   information >= COHESION_PMI over COHESION_MIN occurrences) are words that
   a field boundary must not split (平均, 集中): the extractor moves a cut
   that would fall inside one.  A bigram that follows a numeral in at least
   COHESION_AFTER_NUM of its occurrences is a measure word and the first
   character of the noun it counts (架无 of 312架无人机), not a word, when its
   first character is a one-character count unit of common/qty.c's table
   (架 家 名 ..., not the date units 年 日) and the bigram is no measure word of the table itself (周岁).
"""
import argparse
import gzip
import json
import math
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_fields  # noqa: E402  (tenths_as_percent: the scorers' reading of 成)

VERB_MIN = 40
VERB_RATIO = 4.0
UNIT_MIN = 40
UNIT_ENTROPY = 2.0
UNIT_COHESION = 0.3
UNIT_BOUND = 0.25  # share of a unit's occurrences that follow a number
UNIT_EDGE = 0.5  # or complete: this share of what follows it is no Han character
COHESION_MIN = 200
COHESION_PMI = 6.0
COHESION_MAX = 6000  # the table stays small; the strongest pairs first
COHESION_AFTER_NUM = 0.5  # a bigram this often right after a numeral is a unit + a noun's start
NUMERAL_CHARS = set("0123456789一二两三四五六七八九十百千万亿")

VERB_CLASS_MIN = 5  # 6.: seen this often after a marker or 的 to get a class
# Log odds (after a marker : after 的) cutting the classes: 0 strongly a
# noun (人员 企业), 1 nominal, 2 either (组成 顺利), 3 verbal, 4 a predicate.
VERB_CLASS_CUTS = (-2.0, -0.7, 0.7, 2.0)
LEX_CLASS_UNKNOWN = 5  # LEX_MINED_UNKNOWN in common/fct_lex.h
VALUE_END_BIT = 8  # LEX_CLASS_VALUE_END
CLASS_SLOT_BITS = 17  # LEX_CLASS_SLOT_BITS in common/fct_lex.h
CLASS_MAX_LOAD = 0.5
CLASS_EMPTY = 0xFFFFFFFF  # LEX_CLASS_EMPTY
# Parts of speech from the jieba dictionary (Debian python3-jieba, MIT
# licence): its two-character words, in classes (LEX_POS_* in fct_lex.h).
JIEBA_DICT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
POS_GROUPS = (
    {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "s", "j", "tg"},  # 0 nouns
    {"vn", "an"},  # 1 verbs and adjectives that are also nouns (检查, 建设)
    {"v", "vd", "vg", "vi", "vq", "ug"},  # 2 verbs (组成, 滞留, 查处)
    {"a", "ad", "ag", "b", "z", "zg"},  # 3 adjectives, distinguishing words
    {"d", "dg", "df", "p", "c", "u", "uj", "ul", "uz", "uv", "ud", "r", "rr", "rz", "rg", "e", "y",
     "o", "h", "k", "f"},  # 4 function words, pronouns, localisers
)
POS_OTHER = 5  # numerals, measure words, times, idioms ...
POS_UNKNOWN = 6  # not a two-character word of the dictionary
POS_MIN_COUNT = 3  # a dictionary word is listed when the corpora hold it this often
MINED_SHIFT = 4  # LEX_CLASS_MINED_SHIFT
VALUE_END_MIN = 30
VALUE_END_SHARE = 0.1
# What follows a noun that a value is about: a number, a copula, a base.
VALUE_NEXT = re.compile("[0-9]|达到|同比|为|共|超过|累计|约|近|总计|合计")

ADVERB_MIN = 100
ADVERB_SHARE = 0.3
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
DELTA_MIN = 5
DELTA_SHARE = 0.5
# Comparison bases, longest first so 较上年末 is not read as 较上年 + 末.
BASES = sorted(["同比", "环比", "比上年", "较上年", "比去年", "较去年", "比上月", "较上月", "较上年末",
                "比上年末", "比上月末", "较上月末", "较上季度", "比上季度", "较去年同期", "比去年同期", "较上年同期",
                "比上年同期"], key=lambda b: (-len(b), b))
# A base may also name a year (比2012年末, 较2020年同期); 末 底 初 close a
# period (比上月末高0.5个百分点: 末 is the base's, 高 the verb's).
DELTA_AFTER_BASE = re.compile("(?:%s|[比较][0-9]{4}年(?:同期)?)[末底初]?((?![末底初])[\u4e00-\u9fff]{2})(了?[约近超逾]?[0-9])?"
                              % "|".join(BASES))
# The characters that give a change verb its direction (the only typed-in
# part of the change lexicon): more, up, wider, faster; fewer, down,
# narrower, slower.
DIR_UP = set("增升涨高多扩快")
DIR_DOWN = set("降减落跌少缩窄萎滑低慢贬")
# A bigram ending in one of these is a base or qualifier going on (低约, 多了).
NOT_DELTA_END = set("约近超逾了为的")

MARKERS = ["已经", "正在", "应当", "没有", "不得", "必须", "可以", "已", "将", "并", "不", "要", "未", "也", "均", "都", "还"]
# A bigram starting with one of these after a marker is the marker's own
# word going on (予以, 将于), not a verb after it.
NOT_VERB_START = set("以予于为与是在有的了所之其经得求断能可来足向由对自处")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUM_UNIT = re.compile(r"[0-9]+(?:\.[0-9]+)?[万亿千百]*([\u4e00-\u9fff]{1,4})")
# Characters after a number that are multipliers or qualifiers, never units.
NOT_UNIT_START = set("万亿千百十余多以左约至到和或及、")


def paragraphs(corpora):
    for name in ("cctv_news.jsonl.gz", "laws.jsonl.gz"):
        path = os.path.join(corpora, name)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                for p in doc.get("text", "").split("\n"):
                    p = p.strip()
                    if p:
                        yield p


def mine(corpora):
    after_marker = Counter()
    after_de = Counter()
    unigram = Counter()
    bigram = Counter()
    trigram = Counter()
    unit_c = Counter()
    unit_next = {}
    nchars = 0
    delta_c = Counter()  # bigram after a base: [seen, followed by a number]
    delta_num = Counter()
    before_value = Counter()  # bigram right before a number or a copula (6.)
    after_num = Counter()  # bigram right after a numeral (3.: 架无 of 5架无人机)
    for p in paragraphs(corpora):
        for mt in DELTA_AFTER_BASE.finditer(p):
            delta_c[mt.group(1)] += 1
            delta_num[mt.group(1)] += mt.group(2) is not None
        n = len(p)
        for i, ch in enumerate(p):
            if not HAN.match(ch):
                continue
            unigram[ch] += 1
            nchars += 1
            if i + 1 < n and HAN.match(p[i + 1]):
                bigram[ch + p[i + 1]] += 1
                if i > 0 and p[i - 1] in NUMERAL_CHARS:
                    after_num[ch + p[i + 1]] += 1
                if VALUE_NEXT.match(p, i + 2):
                    before_value[ch + p[i + 1]] += 1
                if i + 2 < n and HAN.match(p[i + 2]):
                    trigram[p[i : i + 3]] += 1
        for i in range(n - 2):
            if p[i] == "的":
                bg = p[i + 1 : i + 3]
                if len(bg) == 2 and HAN.match(bg[0]) and HAN.match(bg[1]):
                    after_de[bg] += 1
        for m in MARKERS:
            start = 0
            while True:
                i = p.find(m, start)
                if i < 0:
                    break
                bg = p[i + len(m) : i + len(m) + 2]
                if len(bg) == 2 and HAN.match(bg[0]) and HAN.match(bg[1]) and bg[0] not in NOT_VERB_START:
                    after_marker[bg] += 1
                start = i + 1
        for mt in NUM_UNIT.finditer(p):
            tail = mt.group(1)
            if tail[0] in NOT_UNIT_START:
                continue
            for k in range(1, min(3, len(tail)) + 1):
                u = tail[:k]
                unit_c[u] += 1
                nxt = tail[k] if k < len(tail) else p[mt.end(1) : mt.end(1) + 1] or "#"
                unit_next.setdefault(u, Counter())[nxt] += 1
    return (after_marker, after_de, unigram, bigram, unit_c, unit_next, nchars, trigram, delta_c, delta_num,
            before_value, after_num)


def entropy(counter):
    total = sum(counter.values())
    return -sum(c / total * math.log2(c / total) for c in counter.values() if c)


def select_adverbs(corpora, verbs):
    """Adverb-like verbs: see 5. in the docstring (a second pass, once the
    verbs are known)."""
    vs = set(verbs)
    seen, before_verb = Counter(), Counter()
    for p in paragraphs(corpora):
        for m in HAN_RUN.finditer(p):
            r = m.group(0)
            for i in range(len(r) - 1):
                bg = r[i : i + 2]
                if bg in vs:
                    seen[bg] += 1
                    before_verb[bg] += r[i + 2 : i + 4] in vs
    return sorted(v for v, n in seen.items() if n >= ADVERB_MIN and before_verb[v] >= ADVERB_SHARE * n)


def select_deltas(delta_c, delta_num):
    """Change verbs (up, down): see 4. in the docstring."""
    up, down = [], []
    for bg, n in delta_num.items():
        if n < DELTA_MIN or n < DELTA_SHARE * delta_c[bg] or bg[1] in NOT_DELTA_END:
            continue
        u = any(ch in DIR_UP for ch in bg)
        d = any(ch in DIR_DOWN for ch in bg)
        if u != d:
            (up if u else down).append(bg)
    return sorted(up), sorted(down)


def verb_class(marker, de):
    """The predicate class of a bigram seen `marker` times after a predicate
    marker and `de` times after 的: the log odds, cut at VERB_CLASS_CUTS.
    None when it was seen too rarely to tell (VERB_CLASS_MIN)."""
    if marker + de < VERB_CLASS_MIN:
        return None
    x = math.log((marker + 1) / (de + 1))
    return sum(x > c for c in VERB_CLASS_CUTS)


def pos_class(tag):
    """The part of speech class of a jieba tag (6. in the docstring)."""
    for cls, tags in enumerate(POS_GROUPS):
        if tag in tags:
            return cls
    return POS_OTHER


def read_pos(path):
    """Two-character words of the jieba dictionary -> their POS class."""
    if not os.path.exists(path):
        sys.exit("train_facts: %s not found: install python3-jieba (ZH_DEPS_TRAIN=1 sh scripts/deps.sh, as make train-facts and make check do)" % path)
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) == 2 and HAN.match(parts[0][0]) and HAN.match(parts[0][1]):
                out[parts[0]] = pos_class(parts[2])
    return out


def select_classes(after_marker, after_de, bigram, before_value, pos):
    """Word classes: see 6. in the docstring.  Returns sorted (bigram, code)
    pairs, code = POS class | VALUE_END_BIT | mined predicate class <<
    MINED_SHIFT."""
    out = []
    for bg, total in bigram.items():
        k = verb_class(after_marker[bg], after_de[bg])
        end = total >= VALUE_END_MIN and before_value[bg] >= VALUE_END_SHARE * total
        p = pos.get(bg) if total >= POS_MIN_COUNT else None
        if k is None and not end and p is None:
            continue
        code = (POS_UNKNOWN if p is None else p) | (VALUE_END_BIT if end else 0)
        out.append((bg, code | (LEX_CLASS_UNKNOWN if k is None else k) << MINED_SHIFT))
    return sorted(out)


def qty_table_units():
    """The measure words of common/qty.c's hand table (its `units`), each
    with its kind (QTY_COUNT ...)."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common", "qty.c"),
              encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("static const unit_rec units[] = {"):]
    table = table[: table.index("};")]
    kinds = {}
    for unit, kind in re.findall(r'\{"([^"]+)", "[^"]*", (QTY_[A-Z]+)', table):
        kinds.setdefault(unit, kind)  # the first entry, as qty.c's lookup takes it
    return kinds


def select(after_marker, after_de, unigram, bigram, unit_c, unit_next, nchars, textcount,
           after_num=None):
    verbs = sorted(
        bg for bg, v in after_marker.items() if v >= VERB_MIN and v >= VERB_RATIO * (after_de[bg] + 1)
    )
    units = []
    for u, c in unit_c.items():
        if c < UNIT_MIN:
            continue
        nxt = unit_next[u]
        edge = sum(v for ch, v in nxt.items() if not HAN.match(ch)) / sum(nxt.values())
        if entropy(nxt) < UNIT_ENTROPY and edge < UNIT_EDGE:
            continue  # 平方 goes on (平方米); 标箱 ends at a comma, 142万标箱，
        if len(u) > 1 and c < UNIT_COHESION * unit_c[u[0]]:
            continue
        if "的" in u or (len(u) == 3 and c < UNIT_COHESION * bigram[u[1:]]):
            continue  # 岁的, 颗卫星: a unit followed by a word, not a unit
        seen = unigram[u] if len(u) == 1 else bigram[u] if len(u) == 2 else textcount.get(u, c)
        if c < UNIT_BOUND * max(seen, 1):
            continue
        units.append(u)
    units.sort(key=lambda u: (-len(u), u))
    nbig = sum(bigram.values())
    table_units = qty_table_units()
    units1 = {u for u, kind in table_units.items() if len(u) == 1 and kind == "QTY_COUNT"}
    coh = []
    for bg, c in bigram.items():
        if c < COHESION_MIN:
            continue
        if after_num and bg[0] in units1 and bg not in table_units and \
                after_num[bg] >= COHESION_AFTER_NUM * c:
            continue  # 架无 of 5架无人机: a measure word and a noun's first character
        pmi = math.log2((c / nbig) / ((unigram[bg[0]] / nchars) * (unigram[bg[1]] / nchars)))
        if pmi >= COHESION_PMI:
            coh.append((-pmi, bg))
    coh.sort()
    words = sorted(bg for _, bg in coh[:COHESION_MAX])
    return verbs, units, words


def c_pairs(name, comment, items):
    out = ["/* %s */" % comment, "const uint32_t %s[][2] = {" % name]
    for bg in items:
        out.append("    {0x%04X, 0x%04X}, /* %s */" % (ord(bg[0]), ord(bg[1]), bg))
    out.append("};")
    out.append("const size_t %s_n = sizeof %s / sizeof %s[0];" % (name, name, name))
    return "\n".join(out)


def c_strings(name, comment, items):
    out = ["/* %s */" % comment, "const char *const %s[] = {" % name]
    for s in items:
        out.append('    "%s",' % s)
    out.append("};")
    out.append("const size_t %s_n = sizeof %s / sizeof %s[0];" % (name, name, name))
    return "\n".join(out)


def class_key(bg):
    """The 32-bit key of a Han bigram in the class hash (fct_lex.h
    lex_class_key): both code points as offsets from U+4E00."""
    return (ord(bg[0]) - 0x4E00) << 16 | (ord(bg[1]) - 0x4E00)


def class_slot(key):
    """The first slot of a key (fct_lex.h lex_class_slot): Fibonacci
    hashing to CLASS_SLOT_BITS bits."""
    return ((key * 2654435761) & 0xFFFFFFFF) >> (32 - CLASS_SLOT_BITS)


def class_table(items):
    """The open-addressing table (linear probing) of the classes: keys and
    codes per slot, empty slots keyed CLASS_EMPTY.  Filled in sorted order,
    so the same items always give the same table."""
    n = 1 << CLASS_SLOT_BITS
    assert len(items) <= n * CLASS_MAX_LOAD, "raise CLASS_SLOT_BITS"
    keys, codes = [CLASS_EMPTY] * n, [0] * n
    for bg, code in items:
        i = class_slot(class_key(bg))
        while keys[i] != CLASS_EMPTY:
            i = (i + 1) & (n - 1)
        keys[i], codes[i] = class_key(bg), code
    return keys, codes


def c_classes(items):
    keys, codes = class_table(items)
    out = ["/* Bigram classes (docs/FACTS.md \"Learned lexicons\" 6): %d bigrams in an" % len(items),
           " * open-addressing table of %d slots, keyed by lex_class_key, probed" % len(keys),
           " * linearly from lex_class_slot; a code is a POS class 0-6 | 8 when the",
           " * bigram often ends the noun of a value | the mined predicate class << 4.",
           " * `tools/train_facts.py --list-classes` prints them readably. */",
           "const uint32_t lex_class_keys[LEX_CLASS_SLOTS] = {"]
    for i in range(0, len(keys), 6):
        out.append("    " + " ".join("0x%08X," % k for k in keys[i : i + 6]))
    out.append("};")
    out.append("const uint8_t lex_class_codes[LEX_CLASS_SLOTS] = {")
    for i in range(0, len(codes), 24):
        out.append("    " + " ".join("%d," % c for c in codes[i : i + 24]))
    out.append("};")
    return "\n".join(out)


def write(out, verbs, units, words, deltas=([], []), adverbs=(), classes=()):
    head = """/* fct_lex.c - GENERATED by tools/train_facts.py (make train-facts); do not
 * edit, rerun the script.  Lexicons mined from ../shared/corpora (CCTV news
 * and laws) by distribution, as its docstring and docs/FACTS.md "Learned
 * lexicons" describe: %d verbs, %d units, %d cohesive bigrams, %d change
 * verbs.  Pairs are
 * sorted by code point so the extractor can binary-search them. */
#include "fct_lex.h"
""" % (len(verbs), len(units), len(words), len(deltas[0]) + len(deltas[1]))
    body = [
        head,
        c_pairs("lex_verbs", "Han bigrams that act as predicates (follow 已/将/不..., not 的).", verbs),
        "",
        c_strings("lex_units", "Measure words after numbers, longest first.", units),
        "",
        c_pairs("lex_words", "Bigrams a field boundary must not split.", words),
        "",
        c_strings("lex_deltas_up", "Change verbs of an increase (after 同比/较上年, before a number).",
                  deltas[0]),
        "",
        c_strings("lex_deltas_down", "Change verbs of a decrease.", deltas[1]),
        "",
        c_pairs("lex_adverbs", "Mined verbs that mostly precede another verb (继续推进): adverb-like.",
                adverbs),
        "",
        c_classes(classes),
        "",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(body))


# ---- fitting the confidence model on the labelled DEV halves ---------------

KINDS = ["cctv_econ", "cctv_health", "cctv_disaster", "law", "healthstyle"]
FIT_STEPS = 3000
FIT_RATE = 0.5
FIT_L2 = 0.01
SUFFIXES = ["总数", "数量", "数", "量"]
# Names of the features, in the order of lex_conf_weights (fct.c computes
# the same ones in fct_features).
FEATURES = ["bias", "short_field", "long_field", "no_unit", "verb_first", "verb_inside",
            "change", "bounded", "percent", "de_or_and"]


def fold(f):
    for s in SUFFIXES:
        if f.endswith(s) and len(f) - len(s) >= 2:
            return f[: -len(s)]
    return f


def features(fact, verbs, words):
    f = fact["field"]
    n = len(f)
    inside = any(f[k : k + 2] in verbs and f[k - 1 : k + 1] not in words for k in range(1, n - 1))
    return [1.0, float(n < 2), float(n >= 8), float(fact["unit"] == ""), float(f[:2] in verbs),
            float(inside), float(fact["type"] == "change"), float(fact["type"] in ("range", "limit")),
            float(fact["unit"] == "%"), float("的" in f or "和" in f)]


def load_labels(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        col = line.rstrip("\n").split("\t")
        if len(col) != 9 or col[0] == "doc":
            continue
        lo = None if col[2] == "-" else float(col[2])
        hi = None if col[3] == "-" else float(col[3])
        out.append(train_fields.tenths_as_percent({
            "fields": [fold(x) for x in col[1].split("|")], "lo": lo, "hi": hi,
            "unit": "" if col[4] == "-" else col[4], "change": col[5] == "change",
            "dir": "" if col[6] == "-" else col[6], "evidence": col[8], "used": False}))
    return out


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def fit_examples(root, zhindex):
    """(features, correct) for every fact the extractor gives on DEV."""
    import subprocess

    ex = []
    for kind in KINDS:
        txt = os.path.join(root, "tests", "data", "facts_blind", kind + "_dev.txt")
        tsv = os.path.join(root, "tests", "data", "facts_blind", kind + "_dev.tsv")
        if not (os.path.exists(txt) and os.path.exists(tsv)):
            continue
        labels = load_labels(tsv)
        out = subprocess.run([zhindex, "passages", txt], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            p = json.loads(line)
            for fact in p["facts"]:
                ok = False
                for lb in labels:
                    if lb["used"] or lb["evidence"] not in p["text"]:
                        continue
                    if not (close(fact["lo"], lb["lo"]) and close(fact["hi"], lb["hi"])):
                        continue
                    if fact["unit"] != lb["unit"] or (fact["type"] == "change") != lb["change"]:
                        continue
                    if fact["dir"] != lb["dir"] or fold(fact["field"]) not in lb["fields"]:
                        continue
                    lb["used"] = ok = True
                    break
                ex.append((fact, ok))
    return ex


def fit(ex, verbs, words):
    """Logistic regression by batch gradient descent (deterministic)."""
    xs = [features(f, verbs, words) for f, _ in ex]
    ys = [1.0 if ok else 0.0 for _, ok in ex]
    w = [0.0] * len(FEATURES)
    for _ in range(FIT_STEPS):
        g = [FIT_L2 * wi for wi in w]
        g[0] = 0.0
        for x, y in zip(xs, ys):
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = 1 / (1 + math.exp(-z))
            for k in range(len(w)):
                g[k] += (p - y) * x[k] / len(xs)
        w = [wi - FIT_RATE * gi for wi, gi in zip(w, g)]
    return w


def write_conf(out, w, n, npos):
    lines = ["/* fct_conf.c - GENERATED by tools/train_facts.py --fit (make train-facts); do",
             " * not edit.  Weights of the confidence model (a logistic regression over",
             " * the features of fct.c fct_features), fitted on the %d facts the extractor" % n,
             " * gave on the DEV halves of tests/data/facts_blind (%d of them right). */" % npos,
             '#include "fct_lex.h"', "", "const float lex_conf_weights[LEX_CONF_NFEATURES] = {"]
    # trailing comments aligned as clang-format aligns them, so the file
    # passes `make format-check` as written
    values = ["%.4ff," % wi for wi in w]
    width = max(len(v) for v in values)
    for name, v in zip(FEATURES, values):
        lines.append("    %s /* %s */" % (v.ljust(width), name))
    lines.append("};")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def read_pairs(path, name):
    s = open(path, encoding="utf-8").read()
    a = s.index(name + "[]")
    b = s.index("};", a)
    return set(re.findall(r"/\* (\S\S) \*/", s[a:b]))


def main_fit(root, zhindex, lex, out):
    verbs, words = read_pairs(lex, "lex_verbs"), read_pairs(lex, "lex_words")
    ex = fit_examples(root, zhindex)
    if not ex:
        print("train_facts: no DEV labels under tests/data/facts_blind; weights kept", file=sys.stderr)
        return
    w = fit(ex, verbs, words)
    write_conf(out, w, len(ex), sum(ok for _, ok in ex))
    print("train_facts: fitted %d weights on %d DEV facts -> %s" % (len(w), len(ex), out), file=sys.stderr)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.path.join(here, "..", "..", "shared", "corpora"))
    ap.add_argument("--out", default=os.path.join(here, "..", "common", "fct_lex.c"))
    ap.add_argument("--fit", metavar="ZHINDEX",
                    help="only fit the confidence weights (common/fct_conf.c) on the DEV labels, "
                         "running this zhindex binary")
    ap.add_argument("--conf-out", help="with --fit: write the confidence weights here "
                    "(default common/fct_conf.c; make check-train compares)")
    ap.add_argument("--jieba", default=JIEBA_DICT, help="the jieba dictionary (word freq tag)")
    ap.add_argument("--list-classes", action="store_true",
                    help="mine and print the bigram classes (6.) instead of writing the file")
    a = ap.parse_args()
    if a.list_classes:
        stats = mine(a.corpora)
        for bg, code in select_classes(stats[0], stats[1], stats[3], stats[10], read_pos(a.jieba)):
            print("%s\tpos %d\tmined %d\t%s" % (bg, code & 7, code >> MINED_SHIFT,
                                                 "value_end" if code & VALUE_END_BIT else ""))
        return
    if a.fit:
        root = os.path.join(here, "..")
        main_fit(root, a.fit, a.out, a.conf_out or os.path.join(root, "common", "fct_conf.c"))
        return
    stats = mine(a.corpora)
    verbs, units, words = select(*stats[:8], after_num=stats[11])
    deltas = select_deltas(*stats[8:10])
    adverbs = select_adverbs(a.corpora, verbs)
    classes = select_classes(stats[0], stats[1], stats[3], stats[10], read_pos(a.jieba))
    write(a.out, verbs, units, words, deltas, adverbs, classes)
    print("train_facts: %d verbs (%d adverb-like), %d units, %d cohesive bigrams, %d + %d change "
          "verbs -> %s" % (len(verbs), len(adverbs), len(units), len(words), len(deltas[0]),
                           len(deltas[1]), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
