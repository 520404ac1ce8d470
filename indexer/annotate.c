/* annotate.c - cities and years of passages (see annotate.h for the rules).
 *
 * The work is done in named steps over one chunk of a document:
 *   analyse_all      what each passage names (places, scope words, years);
 *   count_places     how often the document names each city and province;
 *   doc_topic        the place the whole document is about, if any;
 *   doc_date         the document's date: metadata, else a dateline;
 *   article_years    the date year of each article of a newspaper page;
 *   tag_passage      a passage's places and years from all of the above.
 */
#include "annotate.h"

#include "cptext.h"
#include "placeml.h"
#include "scope.h"
#include "uchar.h"
#include "utf8.h"
#include "years.h"

#include <stdlib.h>
#include <string.h>

/* Most distinct cities and provinces counted over one document. */
#define ANN_MAX_DOC_CITIES    128
#define ANN_MAX_DOC_PROVINCES 64
/* Most provinces one passage keeps of its own. */
#define ANN_MAX_PROVS 8
/* A city is the document's topic when named at least this often ... */
#define ANN_TOPIC_MIN 3
/* ... and this many times as often as any other city. */
#define ANN_TOPIC_RATIO 3
/* A province is the topic only when named in at least this many passages,
 * even when it is the only one named (a national report that ends with one
 * province's delegate is not about that province). */
#define ANN_TOPIC_PASSAGES 2
/* A city named fewer times is still the topic when the document refers to
 * it as 全市/我县 ... at least this often and names no other city. */
#define ANN_TOPIC_LOCAL_REFS 2
/* National-scope evidence (scope_evidence.nation) for a passage with no place
 * of its own to be about the whole country, and for a document. */
#define ANN_NATION_PASSAGE 2
#define ANN_NATION_DOC     2
/* A document naming this many provinces, none of them dominant, is a
 * national round-up (在安徽铜陵…在湖北襄阳…在四川绵阳). */
#define ANN_NATION_SPREAD 3
/* A document with this many headings after its first passage, heading
 * items of at most ANN_BULLETIN_ITEM_LEN passages on average, is a bulletin
 * of separate short stories (国内联播快讯; a sectioned article has longer
 * sections).  There a counted place is the topic only when at least one in
 * ANN_TOPIC_ITEM_SHARE of the items (heading to heading) names it: a city
 * named in one or two stories (上海电视节, 国铁上海局) is not the topic of
 * the others. */
#define ANN_BULLETIN_HEADINGS 3
#define ANN_BULLETIN_ITEM_LEN 2
#define ANN_TOPIC_ITEM_SHARE  2
/* Adoption lines are looked for in this many passages at a document's
 * start (the title, then one line per adoption or revision). */
#define ANN_ISSUER_PASSAGES 6
/* Distinct years the undated-article vote keeps track of. */
#define ANN_MAX_VOTE_YEARS 32

/* ---- per passage: what it names ------------------------------------------- */

typedef struct mention {
    uint32_t cp_start, cp_end; /* code points in the passage */
    uint32_t city;             /* prefecture code, or 0 for a province */
    uint32_t province;
    int foreign_short; /* a short name with no candidate in the preferred province */
    int outside;       /* a place outside the preferred province */
    int county;        /* a county-level unit */
} mention;

typedef struct scan_ctx {
    const cpt *c;
    uint32_t pref_province;
    mention *m;
    size_t n, cap;
    int err;
} scan_ctx;

static int on_mention(void *ctx, const gaz_mention *gm)
{
    scan_ctx *s = ctx;
    const gaz_cand *pick = gaz_pick(gm->cands, gm->ncands, s->pref_province, 0);
    if (!pick) return 0;
    size_t at = cpt_index(s->c, gm->start), end = cpt_index(s->c, gm->end);
    /* 利西昌斯克 is a Ukrainian town, not 西昌 */
    if (gm->form == GAZ_SHORT && pick->unit->level == GAZ_COUNTY &&
        scope_transliterated(s->c, at, end))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        mention *p = realloc(s->m, cap * sizeof *p);
        if (!p) return s->err = ZS_ENOMEM;
        s->m = p;
        s->cap = cap;
    }
    const gaz_unit *u = pick->unit;
    mention *m = &s->m[s->n++];
    m->cp_start = (uint32_t)at;
    m->cp_end = (uint32_t)end;
    m->city = u->level == GAZ_PROVINCE ? 0 : u->city;
    m->province = u->province;
    m->foreign_short = s->pref_province && gm->form == GAZ_SHORT && u->level == GAZ_COUNTY &&
                       u->province != s->pref_province;
    m->outside = s->pref_province && u->province != s->pref_province;
    m->county = u->level == GAZ_COUNTY;
    return 0;
}

typedef struct pinfo {
    uint32_t cities[ANN_MAX_CODES]; /* own topic cities (prefecture codes) */
    size_t ncities;
    uint32_t provinces[ANN_MAX_PROVS]; /* provinces named as such */
    size_t nprov;
    int province_wide;
    int nation;     /* national-scope evidence */
    int foreign;    /* foreign-affairs evidence */
    int local_refs; /* 全市, 我县, ... */
    int leader;     /* central leaders named (scope_evidence.leader) */
    int speech;     /* a speech reported (scope_evidence.speech) */
    uint32_t lead;  /* city named first, near the start (0 none) */
    int quote;      /* starts with an opening quotation mark */
    int article;    /* starts an article (本报讯, 编者按, ...) */
    int heading;
    uint16_t years[ANN_MAX_YEARS]; /* named, relative years unresolved */
    size_t nyears;
    int primary;     /* the year it is mainly about (yr_found.primary) */
    int relative;    /* 今年 etc. (years need the article's) */
    int present;     /* speaks of the present (yr_present) */
    int dateline;    /* year of an article dateline, 0 none */
    int report;      /* the year a statistics report speaks of (yr_report_year) */
    uint32_t issuer; /* the law-making body an adoption line names (issuer_of) */
} pinfo;

static void add_code(uint32_t *v, size_t *n, size_t cap, uint32_t code)
{
    if (!code) return;
    for (size_t i = 0; i < *n; i++)
        if (v[i] == code) return;
    if (*n < cap) v[(*n)++] = code;
}

/* A district written right after a city that does not hold it is that
 * city's own area (漯河市西城区 is not Beijing's 西城区). */
static int sub_area(const scan_ctx *sc, size_t i)
{
    const mention *m = &sc->m[i], *prev = i ? &sc->m[i - 1] : NULL;
    return m->county && prev && !prev->county && prev->city && prev->cp_end == m->cp_start &&
           prev->city != m->city;
}

/* A province's capital: the first prefecture of its division codes (4101
 * 郑州, 4301 长沙, 1101 北京), which GB/T 2260 gives to the capital; 0 when
 * the gazetteer has no such city. */
static uint32_t capital_of(const gaz *g, uint32_t province)
{
    const gaz_unit *u;
    uint32_t code = province * 100 + 1;
    return gaz_unit_by_code(g, code, &u) == ZS_OK && u->level == GAZ_CITY ? code : 0;
}

/* Is m the next item of a list after prev (only 、 between them)? */
static int listed_after(const cpt *c, const mention *prev, const mention *m)
{
    return m->cp_start == prev->cp_end + 1 && c->v[prev->cp_end] == U'、';
}

/* Is mention i a city written after its own province (河北张家口, 广东潮州)?
 * That is how a story names a place it is about, not one it passes. */
static int with_province(const scan_ctx *sc, size_t i)
{
    const mention *m = &sc->m[i];
    if (i == 0 || !m->city) return 0;
    const mention *p = &sc->m[i - 1];
    return !p->city && p->cp_end == m->cp_start && p->province == m->province;
}

/* Keep the mentions that are topics: not a short county name foreign to
 * the document's province (通讯员龙岩 in a Henan document: mostly people
 * and things), not, in a document about one place, a passing mention of
 * another province's place (she came from 北京 to 榆林) unless it leads
 * the passage or is written after its province (河北张家口), not a name a
 * dictionary word hides (湖光山色), not a city's own sub-area, not a
 * dateline, byline, venue, partner or formula. */
static void keep_topics(const gaz *g, const cpt *c, const scan_ctx *sc, int heading, pinfo *pi)
{
    size_t lead_start = scope_lead_start(c);
    int dropped = 0; /* the previous mention was not a topic */
    for (size_t i = 0; i < sc->n; i++) {
        const mention *m = &sc->m[i];
        int leads = heading || m->cp_start < lead_start + ANN_LEAD_CPS;
        const char *why = scope_not_topic(c, m->cp_start, m->cp_end);
        /* a list continues what its first item was: 南邻东莞、深圳 */
        if (!why && dropped && listed_after(c, &sc->m[i - 1], m)) why = "list";
        dropped = why != NULL;
        if (m->foreign_short || (m->outside && !heading && !with_province(sc, i)) ||
            sub_area(sc, i) || why)
            continue;
        uint32_t city = m->city;
        if (!city && scope_capital_institution(c, m->cp_end)) city = capital_of(g, m->province);
        if (city) {
            add_code(pi->cities, &pi->ncities, ANN_MAX_CODES, city);
            if (!pi->lead && leads) pi->lead = city;
        } else {
            add_code(pi->provinces, &pi->nprov, ANN_MAX_PROVS, m->province);
        }
    }
}

/* A region word's divisions (京津冀: 北京, 天津, 河北) join the passage's.
 * In a document about one place a region that does not hold it is left out
 * (a story about 郑州 that compares with 长三角); one that does is taken
 * whole (a story about 上海's part in 长三角 speaks of the region). */
typedef struct region_ctx {
    const gaz *g;
    uint32_t pref_province;
    pinfo *pi;
} region_ctx;

static void on_region(void *ctx, const uint32_t *codes, size_t n)
{
    region_ctx *rc = ctx;
    pinfo *pi = rc->pi;
    int holds = !rc->pref_province;
    for (size_t k = 0; k < n; k++) {
        const gaz_unit *u;
        if (gaz_unit_by_code(rc->g, codes[k], &u) == ZS_OK && u->province == rc->pref_province)
            holds = 1;
    }
    for (size_t k = 0; holds && k < n; k++) {
        if (codes[k] >= 100)
            add_code(pi->cities, &pi->ncities, ANN_MAX_CODES, codes[k]);
        else
            add_code(pi->provinces, &pi->nprov, ANN_MAX_PROVS, codes[k]);
    }
}

/* Runs of province abbreviations (京冀辽等地: scope_abbrev_at) that no
 * gazetteer name overlaps (连云港等地 is a city), as regions. */
static void abbrev_regions(const cpt *c, const scan_ctx *sc, region_ctx *rctx)
{
    size_t next = 0; /* the first mention that may overlap */
    for (size_t i = 0; i < c->n; i++) {
        uint32_t codes[SCOPE_ABBREV_MAX];
        size_t n, len = scope_abbrev_at(c, i, codes, &n);
        if (!len) continue;
        while (next < sc->n && sc->m[next].cp_end <= i) next++;
        if (next < sc->n && sc->m[next].cp_start < i + len) continue;
        on_region(rctx, codes, n);
        i += len - 1;
    }
}

static int starts_article(const cpt *c)
{
    static const uint32_t *const leads[] = {U"本报讯", U"编者按", U"新华社", NULL};
    return cpt_any_at(c, 0, leads) >= 0;
}

/* The body an adoption or promulgation line names (2019年4月23日 第十三届
 * 全国人民代表大会常务委员会第十次会议修订; 山东省第十二届人民代表大会常务
 * 委员会第七次会议通过; 国务院令第588号公布): GAZ_NATION_CODE for the
 * national legislature and the State Council, else the place named right
 * before 人民代表大会/人大常委会/人民政府, 0 for none.  A law's scope is its
 * issuer's, whatever places its articles name. */
static uint32_t issuer_of(const cpt *c, const scan_ctx *sc)
{
    static const uint32_t *const acts[] = {U"通过", U"批准", U"公布", U"修订", U"修正", NULL};
    int act = 0;
    for (size_t i = 0; i < c->n && !act; i++) act = cpt_any_at(c, i, acts) >= 0;
    if (!act) return 0;
    if (cpt_find(c, 0, c->n, U"全国人民代表大会") != (size_t)-1 ||
        cpt_find(c, 0, c->n, U"国务院") != (size_t)-1)
        return GAZ_NATION_CODE;
    static const uint32_t *const bodies[] = {U"人民代表大会", U"人大常委会", U"人民政府", NULL};
    for (size_t k = 0; k < sc->n; k++) {
        const mention *m = &sc->m[k];
        size_t e = m->cp_end;
        while (e < c->n && (c->v[e] == U'第' || cpt_cn_digit(c->v[e]) >= 0 || c->v[e] == U'十' ||
                            c->v[e] == U'届'))
            e++; /* 山东省第十二届人民代表大会 */
        if (cpt_any_at(c, e, bodies) >= 0) return m->city ? m->city : m->province;
    }
    return 0;
}

/* The places one passage is about (cities, provinces, lead, a law's
 * issuer), preferring places of `pref_province` (0: none): the part of the
 * analysis that depends on the document's province, redone once that is
 * known.  `opening`: the passage is among a document's first
 * ANN_ISSUER_PASSAGES, the only ones looked at for an adoption line. */
static int analyse_places(const gaz *g, uint32_t pref_province, const cpt *c, const char *text,
                          size_t len, int heading, int opening, pinfo *pi)
{
    pi->ncities = pi->nprov = 0;
    pi->lead = pi->issuer = 0;
    scan_ctx sc = {c, pref_province, NULL, 0, 0, 0};
    int rc = gaz_scan(g, text, len, on_mention, &sc);
    if (!rc) rc = sc.err;
    if (!rc) {
        keep_topics(g, c, &sc, heading, pi);
        region_ctx rctx = {g, pref_province, pi};
        scope_regions(c, on_region, &rctx);
        abbrev_regions(c, &sc, &rctx);
        if (!pi->ncities && !pi->nprov) scope_routes_in(c, on_region, &rctx);
        pi->issuer = opening ? issuer_of(c, &sc) : 0;
    }
    free(sc.m);
    return rc;
}

/* What one passage says apart from its places: scope words, years, and
 * whether it opens an article or quotes. */
static void analyse_text(const cpt *c, int heading, pinfo *pi)
{
    scope_evidence ev;
    scope_scan(c, &ev);
    pi->province_wide = ev.province_wide;
    pi->nation = ev.nation;
    pi->foreign = ev.foreign;
    pi->local_refs = ev.local_refs;
    pi->leader = ev.leader;
    pi->speech = ev.speech;
    pi->heading = heading;
    pi->quote = c->n > 0 && (c->v[0] == U'“' || c->v[0] == U'‘' || c->v[0] == U'「');
    pi->article = starts_article(c);
    yr_found f;
    yr_scan(c, 0, c->n, 0, pi->years, ANN_MAX_YEARS, &f);
    pi->nyears = f.n;
    pi->primary = f.primary;
    pi->relative = f.relative;
    pi->present = yr_present(c);
    pi->dateline = heading ? 0 : yr_article_dateline(c);
    pi->report = heading ? 0 : yr_report_year(c);
}

/* All of one passage: its text once, its places with no preference yet. */
static int analyse(const gaz *g, const char *text, size_t len, int heading, int opening, pinfo *pi)
{
    memset(pi, 0, sizeof *pi);
    cpt c = {0};
    int rc = cpt_load(&c, text, len);
    if (!rc) rc = analyse_places(g, 0, &c, text, len, heading, opening, pi);
    if (!rc) analyse_text(&c, heading, pi);
    cpt_free(&c);
    return rc;
}

static const char *ptext(const psg_list *l, size_t i)
{
    return l->text.data + l->v[i].text_off;
}

static int is_heading(const psg_list *l, size_t i)
{
    return l->v[i].kind == NORM_HEADING;
}

static int analyse_all(const gaz *g, const psg_list *l, pinfo *pi)
{
    int rc = ZS_OK;
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = analyse(g, ptext(l, i), l->v[i].text_len, is_heading(l, i), i < ANN_ISSUER_PASSAGES,
                     &pi[i]);
    return rc;
}

/* The places of every passage again, now preferring the document's
 * province for ambiguous and short names. */
static int replace_all(const gaz *g, uint32_t pref, const psg_list *l, pinfo *pi)
{
    int rc = ZS_OK;
    for (size_t i = 0; i < l->n && !rc; i++) {
        cpt c = {0};
        rc = cpt_load(&c, ptext(l, i), l->v[i].text_len);
        if (!rc)
            rc = analyse_places(g, pref, &c, ptext(l, i), l->v[i].text_len, is_heading(l, i),
                                i < ANN_ISSUER_PASSAGES, &pi[i]);
        cpt_free(&c);
    }
    return rc;
}

/* ---- the document: places ---------------------------------------------------- */

typedef struct counter {
    uint32_t code[ANN_MAX_DOC_CITIES], count[ANN_MAX_DOC_CITIES];
    size_t n, cap;
} counter;

static void count_add(counter *c, uint32_t code, uint32_t by)
{
    size_t j = 0;
    while (j < c->n && c->code[j] != code) j++;
    if (j == c->n) {
        if (c->n == c->cap) return;
        c->code[c->n] = code;
        c->count[c->n++] = 0;
    }
    c->count[j] += by;
}

static uint32_t counted(const counter *c, uint32_t code)
{
    for (size_t j = 0; j < c->n; j++)
        if (c->code[j] == code) return c->count[j];
    return 0;
}

typedef struct doc_places {
    counter cities, provinces;
    counter province_passages; /* passages naming each province (or its places) */
    size_t wide;               /* province-wide words and provinces named */
    int local_refs;            /* 全市, 我县, ... over the document */
    int nation;                /* national evidence over the document */
    int foreign;               /* foreign-affairs evidence over the document */
    uint32_t issuer;           /* the issuer of a law (issuer_of), from its first passages */
    uint32_t province;         /* the province named most (its cities count too) */
    size_t headings;           /* heading passages after the first */
    size_t passages;           /* passages of the document */
    counter items;             /* items (heading to heading) naming each place */
} doc_places;

/* Count once per item the places passage i names; `item` holds the codes
 * the current item has named, emptied at each heading. */
static void count_items(const gaz *g, const pinfo *p, size_t i, doc_places *d, counter *item)
{
    if (i > 0 && p->heading) item->n = 0;
    uint32_t codes[2 * ANN_MAX_CODES + ANN_MAX_PROVS];
    size_t n = 0;
    for (size_t k = 0; k < p->ncities; k++) {
        const gaz_unit *u;
        codes[n++] = p->cities[k];
        if (gaz_unit_by_code(g, p->cities[k], &u) == ZS_OK) codes[n++] = u->province;
    }
    for (size_t k = 0; k < p->nprov; k++) codes[n++] = p->provinces[k];
    for (size_t k = 0; k < n; k++) {
        if (counted(item, codes[k])) continue;
        count_add(item, codes[k], 1);
        count_add(&d->items, codes[k], 1);
    }
}

static void count_places(const gaz *g, const pinfo *pi, size_t n, doc_places *d)
{
    memset(d, 0, sizeof *d);
    d->cities.cap = ANN_MAX_DOC_CITIES;
    d->provinces.cap = ANN_MAX_DOC_PROVINCES;
    d->province_passages.cap = ANN_MAX_DOC_PROVINCES;
    d->items.cap = ANN_MAX_DOC_CITIES;
    d->passages = n;
    counter item = {.cap = ANN_MAX_DOC_CITIES};
    for (size_t i = 0; i < n && i < ANN_ISSUER_PASSAGES && !d->issuer; i++)
        d->issuer = pi[i].issuer;
    for (size_t i = 0; i < n; i++) {
        uint32_t seen[ANN_MAX_CODES + ANN_MAX_PROVS];
        size_t nseen = 0;
        d->wide += (size_t)pi[i].province_wide + pi[i].nprov;
        d->local_refs += pi[i].local_refs;
        d->nation += pi[i].nation;
        d->foreign += pi[i].foreign;
        d->headings += i > 0 && pi[i].heading;
        count_items(g, &pi[i], i, d, &item);
        for (size_t k = 0; k < pi[i].ncities; k++) {
            const gaz_unit *u;
            count_add(&d->cities, pi[i].cities[k], 1);
            if (gaz_unit_by_code(g, pi[i].cities[k], &u) == ZS_OK) {
                count_add(&d->provinces, u->province, 1);
                add_code(seen, &nseen, ANN_MAX_CODES + ANN_MAX_PROVS, u->province);
            }
        }
        for (size_t k = 0; k < pi[i].nprov; k++) {
            count_add(&d->provinces, pi[i].provinces[k], 2);
            add_code(seen, &nseen, ANN_MAX_CODES + ANN_MAX_PROVS, pi[i].provinces[k]);
        }
        for (size_t k = 0; k < nseen; k++) count_add(&d->province_passages, seen[k], 1);
    }
    uint32_t best = 0;
    for (size_t q = 0; q < d->provinces.n; q++)
        if (d->provinces.count[q] > best && d->provinces.code[q]) {
            best = d->provinces.count[q];
            d->province = d->provinces.code[q];
        }
}

/* The province of a city or province code (0 for the nation or an unknown
 * code). */
static uint32_t province_of_code(const gaz *g, uint32_t code)
{
    const gaz_unit *u;
    if (code == GAZ_NATION_CODE || gaz_unit_by_code(g, code, &u) != ZS_OK) return 0;
    return u->province;
}

/* The place a title names when it names exactly one (a city, and no
 * province but its own; or a province and nothing below it),
 * GAZ_NATION_CODE for a national law's title.  天津、河南、广东、陕西等地 names
 * four places, not 天津. */
static uint32_t title_place(const gaz *g, const pinfo *t)
{
    if (t->ncities == 1) {
        uint32_t prov = province_of_code(g, t->cities[0]);
        for (size_t k = 0; k < t->nprov; k++)
            if (t->provinces[k] != prov) return 0;
        return t->cities[0];
    }
    if (!t->ncities && t->nprov == 1) return t->provinces[0];
    if (!t->ncities && !t->nprov && t->nation >= ANN_NATION_PASSAGE) return GAZ_NATION_CODE;
    return 0;
}

/* The city a document is about: named far more than any other, or the only
 * city named in a document that keeps referring to it (全市, 我县). */
static uint32_t dominant_city(const doc_places *d)
{
    uint32_t top = 0, topn = 0, second = 0;
    for (size_t j = 0; j < d->cities.n; j++) {
        if (d->cities.count[j] > topn) {
            second = topn;
            topn = d->cities.count[j];
            top = d->cities.code[j];
        } else if (d->cities.count[j] > second) {
            second = d->cities.count[j];
        }
    }
    if (topn >= ANN_TOPIC_MIN && topn >= ANN_TOPIC_RATIO * second && topn > d->wide) return top;
    if (top && !second && d->local_refs >= ANN_TOPIC_LOCAL_REFS) return top;
    return 0;
}

/* The province a document is about: named (itself or through its cities)
 * far more often than any other, in at least ANN_TOPIC_PASSAGES passages,
 * in a document that speaks province-wide or names the province itself.  A
 * national story that visits several provinces has none, and neither has a
 * story that names one province once (坚决反对"台湾独立" in a state visit). */
static uint32_t dominant_province(const doc_places *d)
{
    uint32_t topn = 0, second = 0;
    for (size_t q = 0; q < d->provinces.n; q++) {
        if (!d->provinces.code[q]) continue;
        if (d->provinces.count[q] > topn) {
            second = topn;
            topn = d->provinces.count[q];
        } else if (d->provinces.count[q] > second) {
            second = d->provinces.count[q];
        }
    }
    uint32_t passages = 0;
    for (size_t q = 0; q < d->province_passages.n; q++)
        if (d->province_passages.code[q] == d->province) passages = d->province_passages.count[q];
    return d->province && d->wide > 0 && topn >= ANN_TOPIC_RATIO * second &&
                   passages >= ANN_TOPIC_PASSAGES
               ? d->province
               : 0;
}

/* Is `code` a topic the items of the document share: always, but in a
 * bulletin of separate stories only when several stories name it? */
static int shared_by_items(const doc_places *d, uint32_t code)
{
    size_t items = d->headings + 1;
    int bulletin =
        d->headings >= ANN_BULLETIN_HEADINGS && d->passages <= ANN_BULLETIN_ITEM_LEN * items + 1;
    return !bulletin || ANN_TOPIC_ITEM_SHARE * (size_t)counted(&d->items, code) >= items;
}

/* Province and nation codes are below 100, city codes 4 or 6 digits. */
static int is_city_code(uint32_t code)
{
    return code >= 100;
}

/* Does the text name `code` (a city, or a province itself or through its
 * cities; the nation always counts)? */
static int named_in_text(const doc_places *d, uint32_t code)
{
    if (code == GAZ_NATION_CODE) return 1;
    return is_city_code(code) ? counted(&d->cities, code) > 0
                              : counted(&d->province_passages, code) > 0;
}

/* The document's topic: the sidecar's place, else its title's, else a
 * law's issuer, else its dominant city, else its dominant province, else the nation when it
 * speaks nationally, else none. */
static uint32_t doc_topic(const ann_doc_meta *meta, uint32_t title, const doc_places *d)
{
    if (meta && meta->city) return meta->city;
    if (title) return title;
    if (d->issuer) return d->issuer;
    uint32_t city = dominant_city(d);
    if (city && shared_by_items(d, city)) return city;
    uint32_t prov = dominant_province(d);
    if (prov && shared_by_items(d, prov)) return prov;
    if (d->nation < d->foreign) return 0;
    if (d->nation >= ANN_NATION_DOC || d->provinces.n >= ANN_NATION_SPREAD) return GAZ_NATION_CODE;
    return 0;
}

/* The province whose places ambiguous and short names prefer: the topic's,
 * when the document is about one place (0 for national and foreign news,
 * where names of every province are expected). */
static uint32_t topic_province(const gaz *g, uint32_t topic)
{
    const gaz_unit *u;
    if (!topic || topic == GAZ_NATION_CODE || gaz_unit_by_code(g, topic, &u) != ZS_OK) return 0;
    return u->province;
}

/* ---- the document: date -------------------------------------------------------- */

enum { DATE_NONE, DATE_META, DATE_TEXT, DATE_DEFAULT };

typedef struct doc_date {
    int year, month, day;
    int source; /* DATE_* */
} doc_date;

/* Metadata first, then a dateline at the start of the text (2024年10月29日,
 * 2024-10-29, …6月5日电), then an article dateline, then --year. */
static int find_doc_date(const ann_doc_meta *meta, const psg_list *l, const pinfo *pi,
                         doc_date *out)
{
    memset(out, 0, sizeof *out);
    if (meta && meta->year) {
        *out = (doc_date){meta->year, meta->month, meta->day, DATE_META};
        return ZS_OK;
    }
    for (size_t i = 0; i < l->n && i < 3; i++) {
        cpt c = {0};
        int rc = cpt_load(&c, ptext(l, i), l->v[i].text_len);
        int y = 0, m = 0, d = 0;
        int found = !rc && yr_dateline(&c, &y, &m, &d);
        cpt_free(&c);
        if (rc) return rc;
        if (found && y) {
            *out = (doc_date){y, m, d, DATE_TEXT};
            return ZS_OK;
        }
    }
    for (size_t i = 0; i < l->n; i++)
        if (pi[i].dateline) {
            *out = (doc_date){pi[i].dateline, 0, 0, DATE_TEXT};
            return ZS_OK;
        }
    if (meta && meta->default_year) *out = (doc_date){meta->default_year, 0, 0, DATE_DEFAULT};
    return ZS_OK;
}

/* ---- articles of a newspaper page ------------------------------------------------- */

/* The year of an undated article of a page (passages [from, to)): the year
 * its passages name first most often, the later one on a tie, ignoring years
 * more than one after the document's (plans name later years: 到2030年);
 * else the document's.  A New Year's letter names the year it opens (2024)
 * as often as the one it reviews; a year-in-review names its year in most
 * paragraphs and the coming year once. */
static int undated_year(const pinfo *pi, size_t from, size_t to, int doc_year)
{
    int ys[ANN_MAX_VOTE_YEARS], yc[ANN_MAX_VOTE_YEARS], best = 0, bestc = 0;
    size_t ny = 0;
    for (size_t i = from; i < to; i++) {
        int y = pi[i].primary;
        if (!y || (doc_year && y > doc_year + 1)) continue;
        size_t j = 0;
        while (j < ny && ys[j] != y) j++;
        if (j == ny) {
            if (ny == ANN_MAX_VOTE_YEARS) continue;
            ys[ny] = y;
            yc[ny++] = 0;
        }
        yc[j]++;
        if (yc[j] > bestc || (yc[j] == bestc && y > best)) {
            best = y;
            bestc = yc[j];
        }
    }
    return best ? best : doc_year;
}

/* Article starts: an article lead (本报讯 …) with the run of headings
 * printed just before it.  starts[] gets the first passage of each article
 * and a final l->n; returns the number of articles. */
static size_t article_starts(const pinfo *pi, size_t n, size_t *starts)
{
    size_t k = 0;
    starts[k++] = 0;
    for (size_t i = 1; i < n; i++) {
        if (!pi[i].article) continue;
        size_t s0 = i;
        while (s0 > starts[k - 1] + 1 && pi[s0 - 1].heading) s0--;
        if (s0 > starts[k - 1]) starts[k++] = s0;
    }
    starts[k] = n;
    return k;
}

/* The date year of each article (art_year[] at each article's first
 * passage): its own dateline; else, when the document's date comes from its
 * metadata, that date's year (a story that looks back on 1983 is not dated
 * by it); else the vote of undated_year. */
static void article_years(const pinfo *pi, const size_t *starts, size_t nart, const doc_date *dd,
                          int *art_year)
{
    for (size_t a = 0; a < nart; a++) {
        size_t s0 = starts[a], s1 = starts[a + 1], lead = s0;
        while (lead < s1 && !pi[lead].article) lead++;
        int y = lead < s1 ? pi[lead].dateline : 0;
        if (!y && dd->source == DATE_META) y = dd->year;
        if (!y && a == 0 && dd->source == DATE_TEXT && nart == 1) y = dd->year;
        art_year[s0] = y ? y : undated_year(pi, s0, s1, dd->year);
    }
}

/* ---- tagging ----------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void finish_tags(const gaz *g, const uint32_t *cities, size_t ncities,
                        const uint32_t *provinces, size_t nprov, ann_tags *t)
{
    size_t n = 0;
    uint32_t codes[ANN_MAX_CODES];
    for (size_t i = 0; i < ncities; i++) {
        const gaz_unit *u;
        add_code(codes, &n, ANN_MAX_CODES, cities[i]);
        if (gaz_unit_by_code(g, cities[i], &u) == ZS_OK)
            add_code(codes, &n, ANN_MAX_CODES, u->province);
    }
    for (size_t i = 0; i < nprov; i++) add_code(codes, &n, ANN_MAX_CODES, provinces[i]);
    qsort(codes, n, sizeof *codes, cmp_u32);
    memcpy(t->codes, codes, n * sizeof *codes);
    t->ncodes = (uint8_t)n;
}

/* Where each place was last named, for the features of carried candidates:
 * how far back (a bulletin's next story names its own places; a topic
 * carried far from its last naming is less sure). */
#define ANN_MAX_SEEN (ANN_MAX_DOC_CITIES + ANN_MAX_DOC_PROVINCES)
/* Passages since a place was last named are counted up to this. */
#define ANN_SEEN_CAP 4

typedef struct seen_places {
    uint32_t code[ANN_MAX_SEEN];
    size_t at[ANN_MAX_SEEN]; /* index of the last passage naming it */
    size_t n;
} seen_places;

/* What the passages before and around one passage say. */
typedef struct context {
    uint32_t doc_topic;
    uint32_t doc_province;
    uint32_t section;   /* the city of the current section, 0 none */
    int article_year;   /* date year of the current article */
    int report_year;    /* the year before it, when its lead reports on that year */
    uint32_t next_lead; /* the lead city of the next passage (quotations) */
    const doc_places *dp;
    size_t index;        /* the passage's index in the chunk */
    size_t section_from; /* index of the passage that opened the section */
    int topic_title;     /* the topic comes from the title or the sidecar */
    int title_nation;    /* national evidence of the title */
    int doc_leader;      /* the title or the first passage names a central leader */
    int law;             /* a law text (its passages carry article labels) */
    seen_places seen;
} context;

/* Record that passage `at` names `code`. */
static void seen_note(seen_places *s, uint32_t code, size_t at)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->code[i] == code) {
            s->at[i] = at;
            return;
        }
    if (s->n == ANN_MAX_SEEN) return;
    s->code[s->n] = code;
    s->at[s->n++] = at;
}

/* The index + 1 of the last passage naming `code`, 0 when none did. */
static size_t seen_last(const seen_places *s, uint32_t code)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->code[i] == code) return s->at[i] + 1;
    return 0;
}

/* Does any of the places lie in the province of `topic`? */
static int shares_province(const gaz *g, const uint32_t *cities, size_t ncities,
                           const uint32_t *provs, size_t nprov, uint32_t topic)
{
    const gaz_unit *u;
    if (gaz_unit_by_code(g, topic, &u) != ZS_OK) return 1;
    uint32_t prov = u->province;
    for (size_t i = 0; i < nprov; i++)
        if (provs[i] == prov) return 1;
    for (size_t i = 0; i < ncities; i++)
        if (gaz_unit_by_code(g, cities[i], &u) == ZS_OK && u->province == prov) return 1;
    return 0;
}

/* Feature values are capped so that one long passage does not dominate. */
#define ANN_FEAT_CAP 6

static float capped(int v, int cap)
{
    return (float)(v < 0 ? 0 : v > cap ? cap : v);
}

static float log2p1(uint32_t v)
{
    float r = 0;
    while (v) { /* floor(log2(1 + v)) is enough */
        r += 1;
        v >>= 1;
    }
    return r;
}

/* Does the passage name a place outside the province of `code` (for the
 * nation: any place)? */
static float other_province(const gaz *g, const pinfo *p, uint32_t code)
{
    uint32_t prov = province_of_code(g, code);
    for (size_t k = 0; k < p->ncities; k++)
        if (province_of_code(g, p->cities[k]) != prov) return 1;
    for (size_t k = 0; k < p->nprov; k++)
        if (p->provinces[k] != prov) return 1;
    return 0;
}

/* The features of a candidate of one passage (placeml.h). */
static void cand_features(const gaz *g, const pinfo *p, const context *cx, placeml_cand *c,
                          int rule)
{
    const doc_places *dp = cx->dp;
    float *f = c->f;
    uint32_t topic = cx->doc_topic;
    memset(f, 0, sizeof c->f);
    f[PLACEML_F_BIAS] = 1;
    f[PLACEML_F_RULE] = (float)rule;
    f[PLACEML_F_NATION] = capped(p->nation, ANN_FEAT_CAP) / 2;
    f[PLACEML_F_FOREIGN] = capped(p->foreign, ANN_FEAT_CAP) / 2;
    f[PLACEML_F_LOCAL_REFS] = p->local_refs > 0;
    f[PLACEML_F_PROV_WIDE] = p->province_wide > 0;
    f[PLACEML_F_OWN_CITIES] = capped((int)p->ncities, 4);
    f[PLACEML_F_OWN_PROVS] = capped((int)p->nprov, 4);
    f[PLACEML_F_OWN_ANY] = p->ncities || p->nprov;
    f[PLACEML_F_HEADING] = (float)p->heading;
    f[PLACEML_F_DOC_NATION] = topic == GAZ_NATION_CODE;
    f[PLACEML_F_DOC_CITY] = is_city_code(topic);
    f[PLACEML_F_DOC_PROV] = topic && topic != GAZ_NATION_CODE && !is_city_code(topic);
    f[PLACEML_F_IS_TOPIC] = topic && c->code == topic;
    f[PLACEML_F_IS_SECTION] = cx->section && c->code == cx->section;
    f[PLACEML_F_IS_LEAD] = p->lead && c->code == p->lead;
    uint32_t n = c->code == GAZ_NATION_CODE ? (uint32_t)dp->nation
                 : is_city_code(c->code)    ? counted(&dp->cities, c->code)
                                            : counted(&dp->province_passages, c->code);
    f[PLACEML_F_DOC_COUNT] = log2p1(n);
    f[PLACEML_F_DOC_NATEV] = log2p1((uint32_t)dp->nation);
    f[PLACEML_F_DOC_FOREIGN] = log2p1((uint32_t)dp->foreign);
    f[PLACEML_F_DOC_PROVS] = capped((int)dp->provinces.n, 8) / 4;
    f[PLACEML_F_DOC_CITIES] = capped((int)dp->cities.n, 8) / 4;
    uint32_t tp = province_of_code(g, topic);
    f[PLACEML_F_IN_TOPIC] = tp && province_of_code(g, c->code) == tp;
    f[PLACEML_F_QUOTE] = (float)p->quote;
    f[PLACEML_F_FIRST] = cx->index == 0;
    f[PLACEML_F_TOPIC_TITLE] = (float)cx->topic_title;
    f[PLACEML_F_TITLE_NATION] = capped(cx->title_nation, ANN_FEAT_CAP) / 2;
    f[PLACEML_F_SECTION_AGE] = cx->section ? capped((int)(cx->index - cx->section_from), 4) / 4 : 0;
    f[PLACEML_F_OTHER_PROV] = other_province(g, p, c->code);
    f[PLACEML_F_LEADER] = p->leader > 0;
    f[PLACEML_F_DOC_LEADER] = (float)cx->doc_leader;
    f[PLACEML_F_SPEECH] = p->speech > 0;
    if (c->code != GAZ_NATION_CODE) {
        size_t last = seen_last(&cx->seen, c->code); /* index + 1, 0 never */
        size_t since = last ? cx->index + 1 - last : ANN_SEEN_CAP;
        f[PLACEML_F_LAST_SEEN] =
            capped((int)(since < ANN_SEEN_CAP ? since : ANN_SEEN_CAP), ANN_SEEN_CAP) / ANN_SEEN_CAP;
    }
}

/* Add a candidate (or, for a code already there, its rule vote). */
static void add_cand(ann_cands *cs, const gaz *g, const pinfo *p, const context *cx, uint32_t code,
                     int kind, int rule)
{
    if (!code) return;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->v[i].code == code) {
            if (rule) cs->v[i].f[PLACEML_F_RULE] = 1;
            return;
        }
    if (cs->n == ANN_MAX_CANDS) return;
    placeml_cand *c = &cs->v[cs->n++];
    c->code = code;
    c->kind = kind;
    cand_features(g, p, cx, c, rule);
}

/* A passage's candidate places, each with what the hand rules decide: its
 * own, plus its section's or document's topic.  A national topic is kept
 * only for a passage naming no place of its own; a passage with national
 * evidence and no place is national. */
static void propose_places(const gaz *g, const pinfo *p, const context *cx, ann_cands *cs)
{
    cs->n = 0;
    for (size_t k = 0; k < p->ncities; k++)
        add_cand(cs, g, p, cx, p->cities[k], PLACEML_OWN_CITY, 1);
    for (size_t k = 0; k < p->nprov; k++)
        add_cand(cs, g, p, cx, p->provinces[k], PLACEML_OWN_PROV, 1);
    uint32_t topic = cx->section ? cx->section : cx->doc_topic;
    if (p->quote && !p->ncities && cx->next_lead) topic = cx->next_lead;
    int own = p->ncities || p->nprov, nation_rule = 0, placed = own;
    if (topic == GAZ_NATION_CODE) {
        /* a foreign item of a national bulletin is about no Chinese place */
        nation_rule = !own && p->foreign <= p->nation;
    } else if (topic) {
        /* a passage about places of another province only (a weather
         * round-up moving on) does not keep the section's place */
        int keep = !own || shares_province(g, p->cities, p->ncities, p->provinces, p->nprov, topic);
        add_cand(cs, g, p, cx, topic,
                 is_city_code(topic) ? PLACEML_CARRIED_CITY : PLACEML_CARRIED_PROV, keep);
        placed |= keep;
    }
    /* a national document's most named province is a candidate only where
     * the passage speaks province-wide (全省) */
    if (cx->doc_province && (p->province_wide || cx->doc_topic != GAZ_NATION_CODE))
        add_cand(cs, g, p, cx, cx->doc_province, PLACEML_CARRIED_PROV, p->province_wide);
    placed |= cx->doc_province && p->province_wide;
    /* national evidence makes a passage national too, unless the document
     * is about one place and the passage has a place (全国首家 in a
     * county's story is a comparison) */
    int local = cx->doc_topic && cx->doc_topic != GAZ_NATION_CODE;
    if ((!local || !placed) && p->nation >= ANN_NATION_PASSAGE && p->nation >= p->foreign)
        nation_rule = 1;
    add_cand(cs, g, p, cx, GAZ_NATION_CODE, PLACEML_NATION, nation_rule);
}

/* A passage's places: the candidates the model keeps (placeml.h). */
static void tag_places(const gaz *g, const pinfo *p, const context *cx, ann_tags *t, ann_cands *cs)
{
    uint32_t cities[ANN_MAX_CODES], provs[ANN_MAX_CANDS];
    size_t ncity = 0, nprov = 0;
    propose_places(g, p, cx, cs);
    for (size_t i = 0; i < cs->n; i++) {
        cs->kept[i] = (uint8_t)placeml_keep(&cs->v[i]);
        if (!cs->kept[i]) continue;
        if (is_city_code(cs->v[i].code))
            add_code(cities, &ncity, ANN_MAX_CODES, cs->v[i].code);
        else
            add_code(provs, &nprov, ANN_MAX_CANDS, cs->v[i].code);
    }
    finish_tags(g, cities, ncity, provs, nprov, t);
}

/* The year an article's lead reports on (截至2022年底, 中国共产党党员总数…),
 * when it is the year before the article's: its body passages that name no
 * year of their own (全年新发展党员244.9万名) speak of that year too.  0 when
 * the lead (the first passage of [s0, s1) that is no heading) reports on
 * none.  A bulletin's item is read the same way from its headline on. */
static int report_year(const pinfo *pi, size_t s0, size_t s1, int year)
{
    size_t lead = s0;
    while (lead < s1 && pi[lead].heading) lead++;
    if (lead >= s1 || !year || pi[lead].report != year - 1) return 0;
    return pi[lead].report;
}

/* Do all the years y[0, n) lie after `year`?  A news passage that names
 * only targets (到2030年, 明年) speaks from its own year about them: it
 * keeps its article's year too (leave-one-set-out: 7 paragraphs right, none
 * lost, outside laws; a law's later years are its own dates). */
static int only_ahead(const uint16_t *y, size_t n, int year)
{
    for (size_t k = 0; k < n; k++)
        if (y[k] <= year) return 0;
    return n > 0;
}

/* A passage's years: its own (relative ones resolved against its article's
 * year), else the year its article's lead reports on (report_year), else
 * its article's year; a passage about the present, or one
 * that names only years ahead, keeps its article's year too.  In a law a
 * relative year (上年度, 次年, 本年度) is part of a rule that applies in any
 * year: it is not resolved (按照其上年度技术合同成交额 is no year before the
 * law's). */
static int tag_years(const psg_list *l, size_t i, const pinfo *p, const context *cx, ann_tags *t)
{
    size_t ny = 0;
    if (p->relative && cx->article_year && !cx->law) {
        cpt c = {0};
        int rc = cpt_load(&c, ptext(l, i), l->v[i].text_len);
        yr_found f = {0};
        if (!rc) yr_scan(&c, 0, c.n, cx->article_year, t->years, ANN_MAX_YEARS, &f);
        cpt_free(&c);
        if (rc) return rc;
        ny = f.n;
    } else {
        memcpy(t->years, p->years, p->nyears * sizeof *p->years);
        ny = p->nyears;
    }
    if (!ny && !p->present && !p->heading && cx->report_year)
        yr_add(t->years, &ny, ANN_MAX_YEARS, cx->report_year);
    else if (cx->article_year &&
             (!ny || p->present || (!cx->law && only_ahead(t->years, ny, cx->article_year))))
        yr_add(t->years, &ny, ANN_MAX_YEARS, cx->article_year);
    t->nyears = (uint8_t)ny;
    return ZS_OK;
}

/* Sections: a heading naming one city opens its section, one naming none
 * closes it; an article lead opens the section of its lead city; a passage
 * that names a city first opens that city's section; a quotation naming a
 * city opens it too.  A law text has no sections: its scope is its
 * issuer's, and a place one article names (长江宜宾以下干流) is that
 * article's alone. */
static void next_section(const pinfo *p, int law, context *cx)
{
    uint32_t before = cx->section;
    if (law)
        cx->section = 0;
    else if (p->heading)
        cx->section = p->ncities == 1 ? p->cities[0] : 0;
    else if (p->article)
        cx->section = p->lead;
    else if (p->lead)
        cx->section = p->lead;
    if (p->quote && p->ncities) cx->section = p->cities[0];
    if (cx->section != before) cx->section_from = cx->index;
}

typedef struct work {
    pinfo *pi;
    int *art_year;
    size_t *starts;
} work;

static void work_free(work *w)
{
    free(w->pi);
    free(w->art_year);
    free(w->starts);
}

static int work_alloc(work *w, size_t n)
{
    size_t m = n ? n : 1;
    w->pi = calloc(m, sizeof *w->pi);
    w->art_year = calloc(m, sizeof *w->art_year);
    w->starts = calloc(n + 2, sizeof *w->starts);
    return w->pi && w->art_year && w->starts ? ZS_OK : ZS_ENOMEM;
}

/* Han characters a headline needs to be a document's title; it must also
 * have more of them than of other characters: a call-out number that opens
 * a page (98.3%, 74.2亿元) is a heading, not its title. */
#define TITLE_MIN_HAN 2

/* Is passage i words rather than a figure? */
static int wordy(const psg_list *l, size_t i)
{
    const uint8_t *p = (const uint8_t *)ptext(l, i), *e = p + l->v[i].text_len;
    size_t han = 0, other = 0;
    while (p < e) {
        uint32_t cp;
        p += u8_next(p, &cp);
        uc_class k = uc_class_of(cp);
        han += k == UC_CJK;
        other += k != UC_CJK && k != UC_SPACE;
    }
    return han >= TITLE_MIN_HAN && han > other;
}

/* The passage holding the document's title: its first, when a heading of
 * words. */
static long title_index(const psg_list *l)
{
    return l->n && l->v[0].kind == NORM_HEADING && wordy(l, 0) ? 0 : -1;
}

/* Analyse the sidecar's title like a heading passage. */
static int meta_title(const gaz *g, const ann_doc_meta *meta, pinfo *out, int *has)
{
    *has = meta && meta->title && meta->title_len;
    return *has ? analyse(g, meta->title, meta->title_len, 1, 0, out) : ZS_OK;
}

/* The document's topic from its places and title, with passages analysed
 * preferring no province. */
/* The document's topic and where it comes from. */
typedef struct topic_info {
    uint32_t code;    /* doc_topic */
    int from_title;   /* given by the sidecar or the title */
    int title_nation; /* national evidence of the title */
    int title_leader; /* central leaders named by the title */
} topic_info;

/* The document's topic from its places and title, with passages analysed
 * preferring no province. */
static int find_topic(const gaz *g, const ann_doc_meta *meta, const psg_list *l, const work *w,
                      const doc_places *dp, topic_info *ti)
{
    pinfo title;
    int has_title = 0;
    int rc = meta_title(g, meta, &title, &has_title);
    long at = title_index(l);
    const pinfo *tp = has_title ? &title : at >= 0 ? &w->pi[at] : NULL;
    memset(ti, 0, sizeof *ti);
    if (rc) return rc;
    /* a sidecar title's place that the text never names is a misreading
     * (喜庆欢乐庆元旦 holds 庆元, a county of 丽水), not the topic */
    uint32_t place = tp ? title_place(g, tp) : 0;
    if (has_title && !named_in_text(dp, place)) place = 0;
    ti->code = doc_topic(meta, place, dp);
    ti->from_title = (meta && meta->city) || place;
    ti->title_nation = tp ? tp->nation : 0;
    ti->title_leader = tp ? tp->leader : 0;
    return rc;
}

static int tag_all(const gaz *g, const ann_doc_meta *meta, const psg_list *l, work *w,
                   const doc_places *dp, const topic_info *ti, ann_tags *tags, ann_cands *cands,
                   doc_date *dd)
{
    context cx = {.doc_topic = ti->code,
                  .doc_province = dp->province,
                  .dp = dp,
                  .topic_title = ti->from_title,
                  .title_nation = ti->title_nation};
    cx.doc_leader = ti->title_leader > 0 || (l->n && w->pi[0].leader > 0);
    ann_cands scratch;
    int rc = find_doc_date(meta, l, w->pi, dd);
    size_t nart = article_starts(w->pi, l->n, w->starts), next_art = 0;
    int law = 0; /* a law text: its passages carry article labels */
    for (size_t i = 0; i < l->n && !law; i++) law = l->v[i].article_len > 0;
    cx.law = law;
    article_years(w->pi, w->starts, nart, dd, w->art_year);
    for (size_t i = 0; i < l->n && !rc; i++) {
        const pinfo *p = &w->pi[i];
        if (next_art < nart && i == w->starts[next_art]) {
            cx.article_year = w->art_year[i];
            cx.report_year = report_year(w->pi, i, w->starts[next_art + 1], cx.article_year);
            cx.section = 0;
            next_art++;
        } else if (p->heading) { /* a bulletin's next item reports on its own */
            size_t end = next_art < nart ? w->starts[next_art] : l->n;
            cx.report_year = report_year(w->pi, i, end, cx.article_year);
        }
        cx.index = i;
        next_section(p, law, &cx);
        for (size_t k = 0; k < p->ncities; k++) seen_note(&cx.seen, p->cities[k], i);
        for (size_t k = 0; k < p->nprov; k++) seen_note(&cx.seen, p->provinces[k], i);
        cx.next_lead = i + 1 < l->n && !w->pi[i + 1].heading ? w->pi[i + 1].lead : 0;
        tag_places(g, p, &cx, &tags[i], cands ? &cands[i] : &scratch);
        rc = tag_years(l, i, p, &cx, &tags[i]);
    }
    return rc;
}

int ann_passages(const gaz *g, const ann_doc_meta *meta, const psg_list *l, ann_tags *tags,
                 ann_doc_out *doc)
{
    return ann_passages_explain(g, meta, l, tags, doc, NULL);
}

int ann_passages_explain(const gaz *g, const ann_doc_meta *meta, const psg_list *l, ann_tags *tags,
                         ann_doc_out *doc, ann_cands *cands)
{
    work w = {0};
    doc_places dp;
    doc_date dd = {0};
    topic_info topic = {0};
    uint32_t pref = 0;
    int rc = work_alloc(&w, l->n);
    /* what every passage names, with no province preference; the topic;
     * then again, preferring the topic's province for ambiguous and short
     * names when the document is about one place */
    if (!rc) rc = analyse_all(g, l, w.pi);
    if (!rc) count_places(g, w.pi, l->n, &dp);
    if (!rc) rc = find_topic(g, meta, l, &w, &dp, &topic);
    if (!rc) pref = topic_province(g, topic.code);
    if (!rc && pref) rc = replace_all(g, pref, l, w.pi);
    if (!rc && pref) count_places(g, w.pi, l->n, &dp);
    if (!rc) rc = tag_all(g, meta, l, &w, &dp, &topic, tags, cands, &dd);
    if (!rc && doc) {
        doc->year = dd.year;
        doc->month = dd.month;
        doc->day = dd.day;
        doc->title_passage = title_index(l);
    }
    work_free(&w);
    return rc;
}

int ann_text_years(const char *text, size_t len, int year_now, uint16_t *years, size_t cap,
                   size_t *n)
{
    cpt c = {0};
    yr_found f = {0};
    int rc = cpt_load(&c, text, len);
    if (!rc) yr_scan(&c, 0, c.n, year_now, years, cap, &f);
    cpt_free(&c);
    *n = f.n;
    return rc;
}

void ann_from_columns(const gaz *g, const char *city, size_t city_len, int year, ann_tags *out)
{
    memset(out, 0, sizeof *out);
    gaz_resolution r;
    if (city_len && gaz_resolve(g, city, city_len, &r) == ZS_OK) {
        uint32_t cities[ANN_MAX_CODES], provs[ANN_MAX_PROVS];
        size_t nc = 0, np = 0;
        for (size_t i = 0; i < r.nunits; i++) {
            const gaz_unit *u = r.units[i];
            if (u->level == GAZ_CITY || u->level == GAZ_COUNTY)
                add_code(cities, &nc, ANN_MAX_CODES, u->city);
            else
                add_code(provs, &np, ANN_MAX_PROVS, GAZ_TAG_CODE(u));
        }
        finish_tags(g, cities, nc, provs, np, out);
    }
    if (year >= ANN_YEAR_MIN && year <= ANN_YEAR_MAX) {
        out->years[0] = (uint16_t)year;
        out->nyears = 1;
    }
}
