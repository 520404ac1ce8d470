/* e2e_annotblind.c - cities and years against the blind labelled set of
 * tests/data/annot_blind/ (README.md there): CCTV news and health stories,
 * laws, and whole stories about one city or county, labelled by reading
 * before the annotator's output was seen.
 *
 * Each label names a paragraph by its byte offset in its file; the passage
 * of `zhindex passages` whose source range holds that offset is scored.
 * City: the label's and the passage's places agree when their prefecture
 * codes are equal, both or neither are national (全国), and every province
 * the passage carries that none of its cities implies is in the label (a
 * label may add the province of a city it names).  Year: the sets are equal.
 * One alternative of 'a|b' agreeing is enough.  Accuracy is printed per text
 * kind (health, news, law, story) and checked against floors. */
#define _XOPEN_SOURCE 700
#include "err.h"
#include "gazetteer.h"
#include "placeml.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLIND_MAX_CODES 32
#define BLIND_MAX_YEARS 64
#define BLIND_MAX_PSG   4096
#define BLIND_LINE_MAX  2048
#define BLIND_KINDS     4
#define BLIND_NAME_MAX  64
#define BLIND_DOC_MAX   96
/* Bytes of markup ("## ") before a heading's text. */
#define BLIND_MARKUP_MAX 4

static const char *const kinds[BLIND_KINDS] = {"health", "news", "law", "story"};

typedef struct codeset {
    uint32_t v[BLIND_MAX_CODES];
    size_t n;
} codeset;

typedef struct passage {
    char doc[BLIND_DOC_MAX];
    unsigned long start, end;
    codeset codes;
    unsigned years[BLIND_MAX_YEARS];
    size_t nyears;
    char *text;
} passage;

typedef struct run {
    passage *v;
    size_t n;
} run;

static void cs_add(codeset *s, uint32_t c)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == c) return;
    if (s->n < BLIND_MAX_CODES) s->v[s->n++] = c;
}

static int cs_has(const codeset *s, uint32_t c)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == c) return 1;
    return 0;
}

/* The province of a code (2 digits), 0 for the nation. */
static uint32_t province_of(uint32_t c)
{
    while (c >= 100) c /= 100;
    return c == GAZ_NATION_CODE ? 0 : c;
}

/* A label name as a code: 全国; a province by its full name (河南省); a
 * prefecture by its short name (吉林 is 吉林市, 海南 as a label name is
 * 海南州: labels write provinces with their suffix); a county as its city. */
static int label_code(const gaz *g, const char *name, uint32_t *out)
{
    static const char *const suffixes[] = {"市", "州", "地区", "盟", ""};
    gaz_resolution r;
    char buf[BLIND_NAME_MAX + 16];
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        snprintf(buf, sizeof buf, "%s%s", name, suffixes[k]);
        if (gaz_resolve(g, buf, strlen(buf), &r) != ZS_OK) continue;
        for (size_t i = 0; i < r.nunits; i++)
            if (r.units[i]->level == GAZ_CITY || (!*suffixes[k] && i + 1 == r.nunits)) {
                *out = GAZ_TAG_CODE(r.units[r.units[i]->level == GAZ_CITY ? i : 0]);
                return 0;
            }
    }
    return -1;
}

/* Does the passage's code set agree with one label alternative "a,b"? */
static int codes_agree(const gaz *g, const codeset *got, const char *alt, int *bad_name)
{
    codeset want = {0};
    char buf[BLIND_LINE_MAX];
    snprintf(buf, sizeof buf, "%s", alt);
    if (strcmp(buf, "-")) {
        char *save, *tok;
        for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            uint32_t c;
            if (label_code(g, tok, &c)) {
                /* a place outside the gazetteer (台湾省): no passage can
                 * carry it, so the label cannot agree */
                (void)bad_name;
                return 0;
            }
            cs_add(&want, c);
        }
    }
    for (size_t i = 0; i < got->n; i++) { /* cities and the nation alike */
        uint32_t c = got->v[i];
        if ((c >= 100 || c == GAZ_NATION_CODE) && !cs_has(&want, c)) return 0;
    }
    for (size_t i = 0; i < want.n; i++) {
        uint32_t c = want.v[i];
        if ((c >= 100 || c == GAZ_NATION_CODE) && !cs_has(got, c)) return 0;
    }
    /* provinces: those of the passage not implied by its cities must be in
     * the label; those of the label not implied by its cities must be in
     * the passage */
    for (int side = 0; side < 2; side++) {
        const codeset *a = side ? &want : got, *b = side ? got : &want;
        for (size_t i = 0; i < a->n; i++) {
            uint32_t c = a->v[i];
            if (c >= 100 || c == GAZ_NATION_CODE) continue;
            int implied = 0;
            for (size_t k = 0; k < a->n; k++)
                if (a->v[k] >= 100 && province_of(a->v[k]) == c) implied = 1;
            if (!implied && !cs_has(b, c)) return 0;
        }
    }
    return 1;
}

static int years_agree(const passage *p, const char *alt)
{
    unsigned want[BLIND_MAX_YEARS];
    size_t nw = 0;
    char buf[BLIND_LINE_MAX];
    snprintf(buf, sizeof buf, "%s", alt);
    if (strcmp(buf, "-")) {
        char *save, *tok;
        for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            unsigned a = (unsigned)strtoul(tok, NULL, 10), b = a;
            const char *dash = strchr(tok, '-');
            if (dash) b = (unsigned)strtoul(dash + 1, NULL, 10);
            for (unsigned y = a; y <= b && nw < BLIND_MAX_YEARS; y++) want[nw++] = y;
        }
    }
    if (nw != p->nyears) return 0;
    for (size_t i = 0; i < nw; i++) {
        int found = 0;
        for (size_t k = 0; k < p->nyears; k++) found |= p->years[k] == want[i];
        if (!found) return 0;
    }
    return 1;
}

/* Any alternative of "a|b" agreeing. */
static int any_alt(const char *label, const gaz *g, const passage *p, int city, int *bad)
{
    char buf[BLIND_LINE_MAX];
    snprintf(buf, sizeof buf, "%s", label);
    char *save, *alt;
    for (alt = strtok_r(buf, "|", &save); alt; alt = strtok_r(NULL, "|", &save))
        if (city ? codes_agree(g, &p->codes, alt, bad) : years_agree(p, alt)) return 1;
    return 0;
}

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->v[i].text);
    free(r->v);
}

static int load_run(t_ctx *t, const char *dir, run *out)
{
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "passages", (char *)dir, NULL};
    u_run r;
    out->v = calloc(BLIND_MAX_PSG, sizeof *out->v);
    out->n = 0;
    if (!out->v || !T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return -1;
    T_INT(t, r.status, 0);
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json v;
        if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) continue;
        const u_json *doc = u_json_get(&v, "doc"), *code = u_json_get(&v, "city_code");
        const u_json *year = u_json_get(&v, "year"), *s = u_json_get(&v, "start");
        const u_json *e = u_json_get(&v, "end"), *text = u_json_get(&v, "text");
        if (doc && code && year && s && e && text && out->n < BLIND_MAX_PSG) {
            passage *p = &out->v[out->n++];
            const char *base = strrchr(doc->str, '/');
            snprintf(p->doc, sizeof p->doc, "%s", base ? base + 1 : doc->str);
            p->start = (unsigned long)s->num;
            p->end = (unsigned long)e->num;
            for (size_t i = 0; i < code->n; i++) cs_add(&p->codes, (uint32_t)code->items[i].num);
            for (size_t i = 0; i < year->n && p->nyears < BLIND_MAX_YEARS; i++)
                p->years[p->nyears++] = (unsigned)year->items[i].num;
            p->text = strdup(text->str);
        }
        u_json_free(&v);
    }
    u_run_free(&r);
    return 0;
}

/* The passage holding byte `off`, else one starting within a markup
 * prefix after it ("## 第二章" is indexed from 第). */
static const passage *find_passage(const run *r, const char *doc, unsigned long off)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].doc, doc) && r->v[i].start <= off && off < r->v[i].end) return &r->v[i];
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].doc, doc) && r->v[i].start > off &&
            r->v[i].start - off <= BLIND_MARKUP_MAX)
            return &r->v[i];
    return NULL;
}

/* A disagreement, with what the passage carries. */
static void print_miss(const gaz *g, const passage *p, char *const *f, int c, int y)
{
    char got[512] = "", yrs[256] = "";
    size_t k = 0;
    for (size_t i = 0; i < p->codes.n && k + 32 < sizeof got; i++) {
        const gaz_unit *u;
        const char *name = gaz_unit_by_code(g, p->codes.v[i], &u) == ZS_OK ? u->name : "?";
        k += (size_t)snprintf(got + k, sizeof got - k, "%s%s", i ? "," : "", name);
    }
    k = 0;
    for (size_t i = 0; i < p->nyears && k + 8 < sizeof yrs; i++)
        k += (size_t)snprintf(yrs + k, sizeof yrs - k, "%s%u", i ? "," : "", p->years[i]);
    printf("  miss %s@%s %s%s want %s / %s, got %s / %s: %.90s\n", f[0], f[2], c ? "" : "city ",
           y ? "" : "year", f[3], f[4], got, yrs, p->text);
}

typedef struct score {
    int n[BLIND_KINDS], city[BLIND_KINDS], year[BLIND_KINDS];
} score;

static int kind_index(const char *k)
{
    for (int i = 0; i < BLIND_KINDS; i++)
        if (!strcmp(kinds[i], k)) return i;
    return -1;
}

/* Score one labels file against the passages of its directory. */
static void score_file(t_ctx *t, const gaz *g, const run *r, const char *path, score *sc)
{
    size_t len;
    char *data = t_read_file(path, &len);
    if (!T_OK(t, data != NULL)) return;
    for (char *line = data, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) nl = line + strlen(line);
        int last = !*nl;
        *nl = 0;
        char *f[6], *save = NULL;
        size_t nf = 0;
        if (*line && *line != '#')
            for (char *tok = strtok_r(line, "\t", &save); tok && nf < 6;
                 tok = strtok_r(NULL, "\t", &save))
                f[nf++] = tok;
        if (nf >= 5) {
            int k = kind_index(f[1]), bad = 0;
            const passage *p = find_passage(r, f[0], strtoul(f[2], NULL, 10));
            T_OK(t, k >= 0);
            if (!p) printf("  annot blind: no passage holds %s@%s (%s)\n", f[0], f[2], f[5]);
            if (k >= 0 && p) {
                int c = any_alt(f[3], g, p, 1, &bad), y = any_alt(f[4], g, p, 0, &bad);
                T_OK(t, !bad);
                sc->n[k]++;
                sc->city[k] += c;
                sc->year[k] += y;
                if (!c || !y) print_miss(g, p, f, c, y);
            }
        }
        if (last) break;
    }
    free(data);
}

/* Score one half ("dev" or "test") of every directory of the set; floors
 * in percent per kind. */
static void score_half(t_ctx *t, const char *set, const char *const *dirs, const char *half,
                       int city_floor, int year_floor)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    score sc = {0};
    for (size_t d = 0; dirs[d]; d++) {
        char dir[1024], labels[1200];
        snprintf(dir, sizeof dir, "%s/tests/data/%s/%s", t->srcdir, set, dirs[d]);
        snprintf(labels, sizeof labels, "%s/labels_%s.tsv", dir, half);
        run r;
        if (load_run(t, dir, &r) == 0) score_file(t, g, &r, labels, &sc);
        run_free(&r);
    }
    for (int k = 0; k < BLIND_KINDS; k++) {
        if (!sc.n[k]) continue;
        printf("  %s %s %-6s: %3d paragraphs, city %5.1f%%, year %5.1f%%\n", set, half, kinds[k],
               sc.n[k], 100.0 * sc.city[k] / sc.n[k], 100.0 * sc.year[k] / sc.n[k]);
        T_OK(t, sc.city[k] * 100 >= city_floor * sc.n[k]);
        T_OK(t, sc.year[k] * 100 >= year_floor * sc.n[k]);
    }
    gaz_free(g);
}

/* Floors, in percent, for every text kind: set under the figures measured
 * when the TEST half was scored once (docs/ANNOTATION.md), so that a change
 * that loses ground fails, not to describe the target (95). */
#define BLIND_CITY_FLOOR 70
#define BLIND_YEAR_FLOOR 90
/* The third set measured 70.0 % city on news: its floor is lower. */
#define BLIND3_CITY_FLOOR 65
/* The fifth set's floor: under what it measured when scored once. */
#define BLIND5_CITY_FLOOR 50
/* The sixth set's DEV half measured 67.5 % city on news before round 6. */
#define BLIND6_CITY_FLOOR 60
/* The seventh set's DEV half measured 63.6 % city on news before round 8
 * and 81.8 % after it (docs/ANNOTATION.md, round 8). */
#define BLIND7_CITY_FLOOR 75
/* The seventh set's TEST half, scored once after round 8: news 87.0 % city. */
#define BLIND7_TEST_CITY_FLOOR 80
/* The eighth set's DEV half measured 90.0 % city on news before round 9
 * and 96.7 % after it; its TEST half, scored once after round 9, health
 * 80.0 %, news 84.4 %, law 100 % (docs/ANNOTATION.md, round 9). */
#define BLIND8_CITY_FLOOR      90
#define BLIND8_TEST_CITY_FLOOR 75
/* The ninth set: DEV news 86.4 % before round 10, 88.6 % after; TEST,
 * scored once after round 10, health 93.8 %, news 89.1 %, law 100 %. */
#define BLIND9_CITY_FLOOR      85
#define BLIND9_TEST_CITY_FLOOR 85
/* The tenth set's DEV half (round 11 is tuned on it). */
#define BLIND10_CITY_FLOOR 80
/* Its TEST half, scored once when round 11 was final. */
#define BLIND10_TEST_CITY_FLOOR 80
/* The eleventh set's DEV half (round 12 is tuned on it). */
#define BLIND11_CITY_FLOOR 75
/* The twelfth set's DEV half (round 12 is tuned on it too). */
#define BLIND12_CITY_FLOOR 75
/* The TEST halves of the eleventh and twelfth sets, scored once when
 * round 12 was final: health 100 / 87.5 %, news 84.8 / 86.7 %, law 100 %
 * (the binary of the session's start gave the same). */
#define BLIND11_TEST_CITY_FLOOR 80
#define BLIND12_TEST_CITY_FLOOR 80

static const char *const first_set[] = {"news", "law", "story", NULL};
static const char *const second_set[] = {"news", "law", NULL};
static const char *const third_set[] = {"news", NULL};
static const char *const fourth_set[] = {"news", "law", NULL};

static void test_dev(t_ctx *t)
{
    score_half(t, "annot_blind", first_set, "dev", BLIND_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

static void test_test(t_ctx *t)
{
    score_half(t, "annot_blind", first_set, "test", BLIND_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

/* The second set (tests/data/annot_blind2/), labelled after the first was
 * spent: all TEST, scored once when the rules of this round were final. */
static void test_second(t_ctx *t)
{
    score_half(t, "annot_blind2", second_set, "test", BLIND_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

/* The third set (tests/data/annot_blind3/), labelled while round 3 of the
 * rules was written from the first two sets' misses; scored once. */
static void test_third(t_ctx *t)
{
    score_half(t, "annot_blind3", third_set, "test", BLIND3_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

/* The places a passage carries are exactly the candidates the model keeps
 * (with their provinces); every passage has a nation candidate; every
 * candidate has PLACEML_NFEAT features and its logit agrees with its
 * decision. */
static void check_candidates(t_ctx *t, const u_json *v, size_t *bad)
{
    const u_json *cands = u_json_get(v, "cands"), *codes = u_json_get(v, "city_code");
    if (!T_OK(t, cands && codes)) return;
    codeset kept = {0}, got = {0};
    int nation = 0;
    for (size_t i = 0; i < cands->n; i++) {
        const u_json *c = &cands->items[i], *f = u_json_get(c, "f");
        const u_json *code = u_json_get(c, "code"), *keep = u_json_get(c, "keep");
        const u_json *kind = u_json_get(c, "kind");
        if (!f || !code || !keep || !kind || f->n != PLACEML_NFEAT) {
            (*bad)++;
            continue;
        }
        placeml_cand pc = {(uint32_t)code->num, -1, {0}};
        for (int k = 0; k < PLACEML_KINDS; k++)
            if (!strcmp(kind->str, placeml_kind_name(k))) pc.kind = k;
        for (size_t k = 0; k < PLACEML_NFEAT; k++) pc.f[k] = (float)f->items[k].num;
        if (placeml_keep(&pc) != (keep->num != 0)) (*bad)++;
        nation |= pc.code == GAZ_NATION_CODE;
        if (keep->num) {
            cs_add(&kept, pc.code);
            if (pc.code >= 100) cs_add(&kept, province_of(pc.code));
        }
    }
    for (size_t i = 0; i < codes->n; i++) cs_add(&got, (uint32_t)codes->items[i].num);
    if (!nation) (*bad)++;
    for (size_t i = 0; i < got.n; i++)
        if (!cs_has(&kept, got.v[i])) (*bad)++;
    for (size_t i = 0; i < kept.n; i++)
        if (!cs_has(&got, kept.v[i])) (*bad)++;
}

static void test_candidates(t_ctx *t)
{
    char zhindex[1024], dir[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    snprintf(dir, sizeof dir, "%s/tests/data/annot_blind3/news", t->srcdir);
    char *argv[] = {zhindex, "passages", "--candidates", dir, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return;
    T_INT(t, r.status, 0);
    size_t lines = 0, bad = 0;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json v;
        if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) continue;
        check_candidates(t, &v, &bad);
        lines++;
        u_json_free(&v);
    }
    T_OK(t, lines > 100);
    T_INT(t, bad, 0);
    u_run_free(&r);
}

/* The fourth set (tests/data/annot_blind4/), labelled while the place model
 * (placeml.h) was fitted on the first three; scored once. */
static void test_fourth(t_ctx *t)
{
    score_half(t, "annot_blind4", fourth_set, "test", BLIND_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

/* The fifth set (tests/data/annot_blind5/), labelled after the place
 * model was refitted on the first four; scored once (docs/ANNOTATION.md). */
static void test_fifth(t_ctx *t)
{
    score_half(t, "annot_blind5", fourth_set, "test", BLIND5_CITY_FLOOR, BLIND_YEAR_FLOOR);
}

/* The sixth and later sets hold health, news and law directories. */
static const char *const sixth_set[] = {"health", "news", "law", NULL};

/* The sixth to nineteenth sets, each half with its city floor; the
 * thirteenth to eighteenth (tests/data/annot_blind13/ ...
 * annot_blind18/), drawn and labelled blind in parallel while rounds 13
 * and 14 were made: their DEV halves joined the fit, their TEST halves were
 * scored once when the round was final (docs/ANNOTATION.md "Round 13",
 * "Round 14") and joined the fit after.  One table instead of one function
 * per set and half.  City floors in percent, under what was measured: DEV
 * in-sample after the round; TEST once (round 13: health 100 / 93.8 /
 * 90.0 / 100 %, news 86.5 / 76.6 / 90.0 / 93.3 %; round 14: health 100 /
 * 100 %, news 83.3 / 85.5 %; round 15: health 100 %, news 91.4 %; law
 * 100 %). */
static const struct {
    const char *set, *half;
    int city_floor;
} later_halves[] = {
    /* the sixth to twelfth sets (rounds 6 to 12), with their floors above */
    {"annot_blind6", "dev", BLIND6_CITY_FLOOR},
    {"annot_blind6", "test", BLIND6_CITY_FLOOR},
    {"annot_blind7", "dev", BLIND7_CITY_FLOOR},
    {"annot_blind7", "test", BLIND7_TEST_CITY_FLOOR},
    {"annot_blind8", "dev", BLIND8_CITY_FLOOR},
    {"annot_blind8", "test", BLIND8_TEST_CITY_FLOOR},
    {"annot_blind9", "dev", BLIND9_CITY_FLOOR},
    {"annot_blind9", "test", BLIND9_TEST_CITY_FLOOR},
    {"annot_blind10", "dev", BLIND10_CITY_FLOOR},
    {"annot_blind10", "test", BLIND10_TEST_CITY_FLOOR},
    {"annot_blind11", "dev", BLIND11_CITY_FLOOR},
    {"annot_blind11", "test", BLIND11_TEST_CITY_FLOOR},
    {"annot_blind12", "dev", BLIND12_CITY_FLOOR},
    {"annot_blind12", "test", BLIND12_TEST_CITY_FLOOR},
    /* the thirteenth to eighteenth */
    {"annot_blind13", "dev", 80},
    {"annot_blind14", "dev", 75}, /* 78.3 news after the twenty-first set joined the fit */
    {"annot_blind15", "dev", 80},
    {"annot_blind16", "dev", 85},
    {"annot_blind13", "test", 80},
    {"annot_blind14", "test", 70},
    {"annot_blind15", "test", 85},
    {"annot_blind16", "test", 85},
    {"annot_blind17", "dev", 80},
    {"annot_blind18", "dev", 80},
    {"annot_blind17", "test", 80},
    {"annot_blind18", "test", 80},
    {"annot_blind19", "dev", 80},
    {"annot_blind19", "test", 85},
    {"annot_blind20", "dev", 83},
    {"annot_blind20", "test", 85},
    {"annot_blind21", "dev", 85},
    {"annot_blind21", "test", 85},
};

static void test_later_halves(t_ctx *t)
{
    for (size_t i = 0; i < sizeof later_halves / sizeof *later_halves; i++)
        score_half(t, later_halves[i].set, sixth_set, later_halves[i].half,
                   later_halves[i].city_floor, BLIND_YEAR_FLOOR);
}

void suite_e2e_annotblind(t_ctx *t)
{
    t_run(t, "e2e_annot_candidates", test_candidates);
    t_run(t, "e2e_annot_blind_dev", test_dev);
    t_run(t, "e2e_annot_blind_test", test_test);
    t_run(t, "e2e_annot_blind2_test", test_second);
    t_run(t, "e2e_annot_blind3_test", test_third);
    t_run(t, "e2e_annot_blind4_test", test_fourth);
    t_run(t, "e2e_annot_blind5_test", test_fifth);
    t_run(t, "e2e_annot_blind6_19", test_later_halves);
}
