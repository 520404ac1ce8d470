#!/usr/bin/env python3
"""Mine landmarks from the corpora: names of places below the county (a
lake, a grotto, an airport, a town, a village) that the news writes after
their city or county (洛阳龙门石窟, 松原查干湖, 温江区寿安镇) and elsewhere
alone (龙门石窟奉先寺保护工程今天竣工), into tools/mined_landmarks.tsv, which
tools/gen_gazetteer.py reads as SHORT names of the city.

Usage: tools/mine_landmarks.py [--corpora DIR] [--dict JIEBA_DICT] [--out FILE] [--show]
       (make mine-districts runs it; make check-train-lex checks the table)

A story that names only the landmark is about its city, and the labels say
so (a place known by knowledge is the largest class of missed news cities,
docs/ANNOTATION.md "Round 17").  The gazetteer cannot list landmarks; the
corpora show where each one is, every time a story writes the city or
county before it.  At every occurrence of a city's or county's name (two
code points or more) followed by a run of LANDMARK_MIN_LEN to
LANDMARK_MAX_LEN Han characters that ends on a landmark word (SUFFIXES)
and holds no name of the gazetteer and no function character (STOP), where
the unigram segmentation of tools/mine_edges.py cuts at the name's start,
between the name and the run and after the run (洛阳|龙门石窟, not
中华人民共和|国城乡), the run is a landmark anchored in that city.  A landmark becomes a name of its
city when

  - it is anchored ANCHORED_MIN times or more, in STORIES_MIN stories or
    more,
  - ANCHORED_SHARE of its anchors are the same city (白云机场 after 广州,
    never after 贵阳),
  - it is no word of the dictionary (新农村, 美丽乡村 are no landmarks) and
    not made of ordinary words only (国家公园, 考古遗址), and does not start
    on an administrative character that continues its anchor (ADMIN_START),
  - and no name of the gazetteer is written the same way.

Python 3 standard library only; same inputs give the same table.
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_gazetteer as gg  # noqa: E402
import mine_districts as md  # noqa: E402  (the corpora, the dictionary, the command line)
import mine_edges as me  # noqa: E402  (the unigram segmentation)

OUT = os.path.join(md.ROOT, 'tools', 'mined_landmarks.tsv')

# Words a landmark's name ends on, longest first where one ends another.
SUFFIXES = ('石窟', '瀑布', '湿地', '公园', '景区', '古城', '古镇', '遗址', '水电站', '水库',
            '大桥', '隧道', '机场', '口岸', '新区', '园区', '湖', '山', '岛', '寺', '港', '峡',
            '镇', '乡', '村')
# Characters that end a name run: particles, conjunctions, verbs of place.
STOP = set('的在和与及等是了为从到至对把被向于以将就都也还又并或个这那其该各每属')
NAME_MIN_LEN = 2        # anchors of one code point are never read alone
# A run that starts on one of these continues the name before it (怀化|市
# 农业农村, 雄安新|区中关村): the anchor was cut, the run is no landmark.
ADMIN_START = set('国省市区县州盟旗镇乡村港湖湾源')
STORIES_MIN = 2         # stories a landmark is anchored in
NAME_TAGS = ('ns', 'nr', 'nrt', 'nrfg', 'nz', 'nt')
LANDMARK_MIN_LEN = 3    # shorter landmarks (西湖, 东湖) are in many cities
LANDMARK_MAX_LEN = 8
ANCHORED_MIN = 3
ANCHORED_SHARE = 0.9


def anchors():
    """{name: city code} of every city's and county's name that names one
    city (the city of a county is its prefecture; a GATED name, a common
    word such as 通道, anchors nothing), and the set of every name of the
    gazetteer (without the mined tables: they are made from it)."""
    units, _ = gg.build(with_mined=False)
    city_of, every = {}, set()
    for u in units.values():
        for t, form, _ in u.names:
            every.add(t)
            if u.level == gg.PROVINCE or len(t) < NAME_MIN_LEN or form == gg.GATED:
                continue
            code = u.code if u.level == gg.CITY else u.city
            city_of.setdefault(t, set()).add(code)
    return {t: next(iter(c)) for t, c in city_of.items() if len(c) == 1}, every


def landmark_after(text, e):
    """The landmark run that starts at e in text, or None."""
    for k in range(e, min(len(text), e + LANDMARK_MAX_LEN)):
        ch = text[k]
        if not '\u4e00' <= ch <= '\u9fff' or ch in STOP:
            break
        if k + 1 - e >= LANDMARK_MIN_LEN and text[e:k + 1].endswith(SUFFIXES):
            return text[e:k + 1]
    return None


def generic(lm, plain):
    """Is lm made of ordinary words only, each of two code points or more,
    the last possibly the suffix (国家|公园, 考古|遗址, 农业|农村), or an
    ethnic township named by its nationality (满族乡, 回族村: many counties
    have one)?"""
    if re.search('族[乡镇村]$', lm):
        return True
    ok = [True] + [False] * len(lm)
    for i in range(len(lm)):
        if not ok[i]:
            continue
        for j in range(i + 1, len(lm) + 1):
            w = lm[i:j]
            if w in plain and (j - i >= 2 or (j == len(lm) and w in SUFFIXES)):
                ok[j] = True
    return ok[len(lm)]


def holds_name(s, every):
    """Is s, or does s hold, a name of the gazetteer (巴宜区林芝镇, 陵城区边临镇)?  Such a
    run is read through the name it holds; a landmark whose name only
    looks like one (龙门石窟 holds 龙门, a county of 惠州) is lost with them:
    taking them too measured worse (LOSO news -1 paragraph, health -1)."""
    return any(s[i:j] in every for i in range(len(s))
               for j in range(i + NAME_MIN_LEN, len(s) + 1))


def segmented(text, s, e, end, logp, unk):
    """Does the segmentation of the window around [s, end) cut at s, at e
    (the anchor's end) and at end (洛阳|龙门|石窟, not 中华人民|共和|国城乡)?"""
    a = max(0, s - me.WINDOW)
    cuts = me.segment(text[a:min(len(text), end + me.WINDOW)], logp, unk)
    return s - a in cuts and e - a in cuts and end - a in cuts


def mine(corpora, dict_path):
    plain = md.non_names(dict_path, 0, NAME_TAGS)
    logp, unk, _, _ = me.model(dict_path)
    city_of, every = anchors()
    pat = re.compile('|'.join(sorted(map(re.escape, city_of), key=len, reverse=True)))
    seen = collections.defaultdict(collections.Counter)
    stories = collections.defaultdict(set)
    example = {}
    for story, text in enumerate(md.texts(corpora)):
        for m in pat.finditer(text):
            lm = landmark_after(text, m.end())
            if lm is None or lm[0] in ADMIN_START or lm in plain:
                continue
            if generic(lm, plain) or holds_name(lm, every):
                continue
            if not segmented(text, m.start(), m.end(), m.end() + len(lm), logp, unk):
                continue
            seen[lm][city_of[m.group()]] += 1
            stories[lm].add(story)
            example.setdefault(lm, text[m.start():m.end() + len(lm) + 4])
    rows = []
    for lm in sorted(seen):
        (code, n), total = seen[lm].most_common(1)[0], sum(seen[lm].values())
        if n >= ANCHORED_MIN and n >= ANCHORED_SHARE * total and len(stories[lm]) >= STORIES_MIN:
            rows.append((lm, code, n, total, example[lm].replace('\t', ' ').replace('\n', ' ')))
    return rows


def main(argv):
    return md.run(argv, __doc__, OUT, mine, 'mine_landmarks.py',
                  'landmark\tcity code\tanchored there\tanchored\texample', '%s\t%d\t%d\t%d\t%s',
                  lambda rows: '%d landmarks' % len(rows))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
