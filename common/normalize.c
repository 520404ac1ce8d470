/*
 * normalize.c - repair of PDF-extraction damage and paragraph recognition
 * (see normalize.h for the rules and their reasons).
 *
 * Work happens on an array of characters (code point + source byte range):
 * the input is split into lines, each line is cleaned on its own (format
 * characters, white space, doubled glyphs), then the lines are grouped into
 * paragraphs by looking at each line break with its neighbours.
 */
#include "normalize.h"

#include "err.h"
#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* One character of the working text. */
typedef struct norm_char {
    uint32_t cp;
    uint64_t s, e; /* source byte range */
} nch;

/* One cleaned line: chars [a, b) of the working array. */
typedef struct norm_line {
    size_t a, b;
    int indent;      /* the raw line started with white space */
    int width;       /* display width of the cleaned content */
    int ncp;         /* code points */
    int gap_before;  /* blank lines between this and the previous non-blank line */
    int vertical;    /* part of a vertical headline (joined to the next) */
    int local_width; /* column width around this line */
    int wide;        /* much wider than the lines around it: a caption or headline */
    int heading;     /* a markdown heading (clean text) */
} nline;

typedef struct work {
    nch *ch;
    size_t n, cap;
    nline *ln;
    size_t nln, capln;
    /* per line i: how often (up to NORM_PAIR_EVIDENCE) the last code point
     * of line i-1 is followed by the first of line i in the document */
    uint8_t *pair_hits;
} work;

/* Room for `extra` more chars (the slow path of ch_push, kept out of
 * line so that the push itself inlines: it is called a code point). */
static __attribute__((noinline)) int ch_grow(work *w, size_t extra)
{
    size_t c = w->cap ? w->cap : 1024;
    while (c < w->n + extra) c *= 2;
    if (c == w->cap) return ZS_OK;
    nch *p = realloc(w->ch, c * sizeof *p);
    if (!p) return ZS_ENOMEM;
    w->ch = p;
    w->cap = c;
    return ZS_OK;
}

static inline int ch_push(work *w, uint32_t cp, uint64_t s, uint64_t e)
{
    if (w->n == w->cap && ch_grow(w, 1)) return ZS_ENOMEM;
    w->ch[w->n].cp = cp;
    w->ch[w->n].s = s;
    w->ch[w->n].e = e;
    w->n++;
    return ZS_OK;
}

static int ln_push(work *w, const nline *l)
{
    if (w->nln == w->capln) {
        size_t c = w->capln ? w->capln * 2 : 256;
        nline *p = realloc(w->ln, c * sizeof *p);
        if (!p) return ZS_ENOMEM;
        w->ln = p;
        w->capln = c;
    }
    w->ln[w->nln++] = *l;
    return ZS_OK;
}

/* CJK characters and CJK punctuation: white space next to them is layout. */
static int is_cjkish(uint32_t cp)
{
    if (cp < 0x80) return 0;
    uc_class k = uc_class_of(cp);
    if (k == UC_CJK) return 1;
    if (k == UC_PUNCT || k == UC_SPACE) return 1; /* “”，。（）、… and friends */
    return 0;
}

static int is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\f' || cp == 0x0B || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

/* ---- per-line cleaning ------------------------------------------------- */

/* Drop format characters, map white space to ' ', remove spaces next to
 * CJK (unless `keep`: clean text keeps them), collapse other runs to one
 * space, trim.  Chars [a, n) of w are the raw line; they are rewritten in
 * place.  Returns the new end. */
static size_t clean_spaces(work *w, size_t a, size_t n, int keep, norm_stats *st)
{
    size_t o = a;
    size_t i = a;
    while (i < n) {
        uint32_t cp = w->ch[i].cp;
        uc_class k = uc_class_of(cp);
        if (k == UC_IGNORE) {
            i++;
            continue;
        }
        if (k != UC_SPACE) {
            w->ch[o++] = w->ch[i++];
            continue;
        }
        /* a run of white space (and format characters inside it) */
        size_t j = i;
        while (j < n &&
               (uc_class_of(w->ch[j].cp) == UC_SPACE || uc_class_of(w->ch[j].cp) == UC_IGNORE))
            j++;
        int at_start = (o == a), at_end = (j == n);
        if (at_start || at_end) {
            i = j;
            continue;
        }
        uint32_t prev = w->ch[o - 1].cp, next = w->ch[j].cp;
        if (!keep && (is_cjkish(prev) || is_cjkish(next))) {
            st->spaces_removed++;
        } else {
            w->ch[o] = w->ch[i];
            w->ch[o].cp = ' ';
            o++;
        }
        i = j;
    }
    return o;
}

static int same_run(const nch *c, size_t i, size_t j, size_t k)
{
    for (size_t t = 0; t < k; t++)
        if (c[i + t].cp != c[j + t].cp) return 0;
    return 1;
}

/* Smallest k such that [i, i+k) is repeated right after it, or 0. */
static size_t doubled_unit(const nch *c, size_t i, size_t n)
{
    size_t maxk = (n - i) / 2;
    if (maxk > NORM_DOUBLE_MAX_UNIT) maxk = NORM_DOUBLE_MAX_UNIT;
    for (size_t k = 1; k <= maxk; k++)
        if (c[i + k].cp == c[i].cp && same_run(c, i, i + k, k)) return k;
    return 0;
}

/* A unit that can be a bold run written twice outside a doubled line: long,
 * mostly Han, and without punctuation (bold doubling writes each
 * punctuation mark twice on its own, "，，", while enumerations that repeat
 * a phrase carry their separators: "骨伤科、信阳市骨伤科、信阳市"). */
static int bold_unit(const nch *c, size_t i, size_t k)
{
    if (k < NORM_DOUBLE_MIN_UNIT) return 0;
    size_t h = 0;
    for (size_t t = 0; t < k; t++) {
        uc_class cl = uc_class_of(c[i + t].cp);
        if (cl == UC_CJK)
            h++;
        else if (cl != UC_WORD)
            return 0;
    }
    return h * 3 >= k * 2;
}

/* Keep the first copy of the unit [i, i+k) (followed by its second copy),
 * writing it at o; its last character now spans both copies. */
static size_t keep_first_copy(nch *c, size_t o, size_t i, size_t k)
{
    uint64_t end2 = c[i + 2 * k - 1].e;
    memmove(&c[o], &c[i], k * sizeof *c);
    c[o + k - 1].e = end2;
    return o + k;
}

/* Collapse doubled glyphs in the line [a, n); returns the new end. */
static size_t collapse_doubles(work *w, size_t a, size_t n, norm_stats *st)
{
    nch *c = w->ch;
    size_t len = n - a;
    if (len < 2) return n;
    /* a whole line written twice (doubled captions and headlines) */
    if (len % 2 == 0 && len / 2 >= NORM_DOUBLE_MIN_UNIT && same_run(c, a, a + len / 2, len / 2)) {
        st->doubled_lines++;
        return keep_first_copy(c, a, a, len / 2);
    }
    /* greedy parse into doubled units and single characters */
    size_t covered = 0, nonspace = 0;
    for (size_t i = a; i < n;) {
        size_t k = doubled_unit(c, i, n);
        if (k) {
            covered += 2 * k;
            nonspace += 2 * k;
            i += 2 * k;
        } else {
            if (c[i].cp != ' ') nonspace++;
            i++;
        }
    }
    int whole = nonspace >= NORM_DOUBLE_MIN_LINE && covered >= NORM_DOUBLE_COVER * nonspace;
    if (whole) st->doubled_lines++;
    size_t o = a;
    for (size_t i = a; i < n;) {
        size_t k = doubled_unit(c, i, n);
        int take = k && (whole || bold_unit(c, i, k));
        if (take) {
            if (!whole) st->doubled_units++;
            o = keep_first_copy(c, o, i, k);
            i += 2 * k;
        } else {
            c[o++] = c[i++];
        }
    }
    return o;
}

/* ---- line shapes ------------------------------------------------------- */

static int line_width(const work *w, size_t a, size_t b)
{
    int wd = 0;
    for (size_t i = a; i < b; i++) wd += uc_width(w->ch[i].cp);
    return wd;
}

/* Last code point of a line, looking through closing quotes: returns the
 * sentence-relevant character ("。”" -> 。). */
static uint32_t last_meaningful(const work *w, const nline *l)
{
    size_t i = l->b;
    while (i > l->a && uc_is_closing(w->ch[i - 1].cp)) i--;
    if (i == l->a) return w->ch[l->b - 1].cp;
    return w->ch[i - 1].cp;
}

static int ends_sentence(const work *w, const nline *l)
{
    return uc_is_sentence_end(last_meaningful(w, l));
}

static int ends_continuing(const work *w, const nline *l)
{
    uint32_t cp = w->ch[l->b - 1].cp;
    return uc_is_continuing(cp) || uc_is_opening(cp);
}

static int starts_with(const work *w, const nline *l, const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = l->a;
    while (*p) {
        uint32_t cp;
        p += u8_next(p, &cp);
        /* allow a leading bracket or box before the marker: （本报讯 □本报记者 */
        if (i == l->a && i < l->b && w->ch[i].cp != cp &&
            (uc_is_opening(w->ch[i].cp) || w->ch[i].cp == 0x25A1))
            i++;
        if (i >= l->b || w->ch[i].cp != cp) return 0;
        i++;
    }
    return 1;
}

/* Leads that open a new newspaper article whatever the line before. */
static int starts_article(const work *w, const nline *l)
{
    static const char *const leads[] = {"本报讯", "本报记者", "新华社", "据新华社", "央视网消息"};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
        if (starts_with(w, l, leads[i])) return 1;
    return 0;
}

/* Bylines: a line that names the reporters and ends there. */
static int starts_byline(const work *w, const nline *l)
{
    static const char *const leads[] = {"本报记者", "记者", "通讯员", "作者"};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
        if (starts_with(w, l, leads[i])) return 1;
    return 0;
}

static int is_single_cjk_line(const work *w, const nline *l)
{
    return l->ncp == 1 && uc_class_of(w->ch[l->a].cp) == UC_CJK;
}

/* Local column width: the widest ordinary (not paragraph-long) line among
 * the NORM_WIDTH_WINDOW lines on each side, the line itself included.  A
 * line much wider than all its neighbours is set across columns (a caption
 * or headline) and is marked `wide`. */
static void compute_local_widths(work *w)
{
    for (size_t i = 0; i < w->nln; i++) {
        int others = 0, n = 0;
        size_t lo = i >= NORM_WIDTH_WINDOW ? i - NORM_WIDTH_WINDOW : 0;
        size_t hi = i + NORM_WIDTH_WINDOW < w->nln ? i + NORM_WIDTH_WINDOW : w->nln - 1;
        for (size_t j = lo; j <= hi; j++) {
            const nline *l = &w->ln[j];
            if (j == i || l->ncp >= NORM_LONG_LINE || l->vertical) continue;
            if (l->width > others) others = l->width;
            n++;
        }
        nline *me = &w->ln[i];
        me->local_width = me->width > others ? me->width : others;
        me->wide = n >= 2 && me->ncp < NORM_LONG_LINE && me->width > NORM_WIDE_RATIO * others;
    }
}

/* Blank lines are layout noise when most short lines are separated from
 * the next short line by exactly one blank line, and a good share of those
 * blank lines fall where a sentence clearly goes on (the line before ends
 * in a character, not punctuation).  Pages with one paragraph per line and
 * blank lines between paragraphs do not qualify: their lines are long. */
static int blank_lines_are_noise(const work *w)
{
    size_t short_lines = 0, gaps = 0, midgaps = 0;
    for (size_t i = 0; i < w->nln; i++) {
        const nline *l = &w->ln[i];
        if (l->ncp >= NORM_LONG_LINE) continue;
        short_lines++;
        if (i + 1 < w->nln && w->ln[i + 1].gap_before == 1 && w->ln[i + 1].ncp < NORM_LONG_LINE) {
            gaps++;
            uint32_t last = w->ch[l->b - 1].cp;
            uc_class k = uc_class_of(last);
            if ((k == UC_CJK || k == UC_WORD || uc_is_continuing(last)) &&
                l->width >= NORM_FULL_RATIO * l->local_width)
                midgaps++;
        }
    }
    return short_lines >= 4 && gaps * 2 >= short_lines && midgaps * 10 >= gaps * 3;
}

/* Prose punctuation inside a sentence: a line block that has it is text,
 * not a headline (headlines rarely carry commas). */
static int has_prose_punct(const work *w, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        uint32_t cp = w->ch[i].cp;
        if (cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == 0xFF1B || cp == 0x3002) return 1;
    }
    return 0;
}

/* A pair of code points as one hash key; UINT64_MAX (no code point is that
 * large) marks an empty slot. */
#define NORM_PAIR_EMPTY UINT64_MAX

static uint64_t pair_key(uint32_t x, uint32_t y)
{
    return (uint64_t)x << 32 | y;
}

/* Slot of `key` in an open-addressing table of `mask + 1` slots (Fibonacci
 * hashing, linear probing): its own slot or the empty one it would take. */
static size_t pair_slot(const uint64_t *keys, size_t mask, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (keys[h] != key && keys[h] != NORM_PAIR_EMPTY) h = (h + 1) & mask;
    return h;
}

/* Fill w->pair_hits: for every line break, how often the two code points
 * around it stand next to each other in the document, up to
 * NORM_PAIR_EVIDENCE (evidence that the break splits a word).  One pass
 * over the document for all breaks at once: counting per break made a
 * document of many gapped lines quadratic.  Errors: ZS_ENOMEM. */
static int count_break_pairs(work *w)
{
    w->pair_hits = calloc(w->nln ? w->nln : 1, 1);
    size_t cap = 16;
    while (cap < 2 * w->nln) cap *= 2;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint8_t *cnt = calloc(cap, 1);
    if (!w->pair_hits || !keys || !cnt) {
        free(keys);
        free(cnt);
        return ZS_ENOMEM;
    }
    for (size_t h = 0; h < cap; h++) keys[h] = NORM_PAIR_EMPTY;
    for (size_t i = 1; i < w->nln; i++) {
        uint64_t k = pair_key(w->ch[w->ln[i - 1].b - 1].cp, w->ch[w->ln[i].a].cp);
        keys[pair_slot(keys, cap - 1, k)] = k;
    }
    for (size_t c = 0; c + 1 < w->n; c++) {
        size_t h = pair_slot(keys, cap - 1, pair_key(w->ch[c].cp, w->ch[c + 1].cp));
        if (keys[h] != NORM_PAIR_EMPTY && cnt[h] < NORM_PAIR_EVIDENCE) cnt[h]++;
    }
    for (size_t i = 1; i < w->nln; i++) {
        uint64_t k = pair_key(w->ch[w->ln[i - 1].b - 1].cp, w->ch[w->ln[i].a].cp);
        w->pair_hits[i] = cnt[pair_slot(keys, cap - 1, k)];
    }
    free(keys);
    free(cnt);
    return ZS_OK;
}

/* A line that ends in a character, followed by blank lines: a column or
 * page break inside a sentence (join), or the end of a headline block
 * (break).  Join when the line fills its column, its block reads as prose
 * (or the characters around the break form a word seen elsewhere in the
 * document), and what follows is more than a lone line. */
static int joins_across_gap(const work *w, size_t i)
{
    const nline *A = &w->ln[i - 1], *B = &w->ln[i];
    size_t first = i - 1; /* first line of A's block */
    while (first > 0 && w->ln[first].gap_before == 0) first--;
    int widest = 0;
    for (size_t j = first; j < i; j++)
        if (w->ln[j].ncp < NORM_LONG_LINE && w->ln[j].width > widest) widest = w->ln[j].width;
    int width = A->width;
    if (first == i - 1) {
        /* a one-line block: compare with the column, allowing for the
         * indentation of a paragraph's first line, which extraction loses */
        widest = A->local_width;
        width += NORM_INDENT_COLUMNS;
    }
    if (width < NORM_FULL_RATIO * widest) return 0;
    int b_lone = (i + 1 >= w->nln || w->ln[i + 1].gap_before > 0) && !ends_sentence(w, B);
    if (b_lone) return 0;
    if (has_prose_punct(w, w->ln[first].a, A->b)) return 1;
    uint32_t x = w->ch[A->b - 1].cp, y = w->ch[B->a].cp;
    return uc_class_of(x) == UC_CJK && uc_class_of(y) == UC_CJK &&
           w->pair_hits[i] >= NORM_PAIR_EVIDENCE;
}

/* Bracket depth after line `l`, starting from `depth`: an unfinished
 * 《title》 or （aside） means the sentence goes on.  The caller carries the
 * depth from line to line of a paragraph, so each line is read once
 * (recounting from the paragraph start made many short lines quadratic). */
static int bracket_depth_after(const work *w, const nline *l, int depth)
{
    for (size_t c = l->a; c < l->b; c++) {
        uint32_t cp = w->ch[c].cp;
        if (cp == 0x201C || cp == 0x201D || cp == '"') continue; /* quotes pair badly */
        if (uc_is_opening(cp))
            depth++;
        else if (uc_is_closing(cp) && depth > 0)
            depth--;
    }
    return depth;
}

/* Does the paragraph continue from line i-1 into line i?  `para_start_prev`:
 * line i-1 opened its paragraph; `open`: brackets opened and not closed in
 * the paragraph's lines up to line i-1. */
static int joins(const work *w, size_t i, int noise, int para_start_prev, int open)
{
    const nline *A = &w->ln[i - 1], *B = &w->ln[i];
    int gap = B->gap_before > 0 && !noise;
    if (A->vertical) return 1;
    if (B->vertical) return 0;
    if (A->ncp >= NORM_LONG_LINE) return ends_continuing(w, A) && !gap;
    if (starts_article(w, B)) return 0;
    if (ends_continuing(w, A)) return 1;
    if (!ends_sentence(w, A) && open > 0) return 1;
    if (A->wide || B->wide) return 0;
    /* a byline (□本报记者 席适之 通讯员 张蕊) stands alone */
    if (starts_byline(w, A) && !has_prose_punct(w, A->a, A->b)) return 0;
    if (B->ncp >= NORM_LONG_LINE) return 0;
    int full = A->width >= NORM_FULL_RATIO * A->local_width;
    if (ends_sentence(w, A)) {
        if (gap || B->indent) return 0;
        return full;
    }
    /* A ends in a character, a number, a closing bracket */
    int heading_like =
        A->width < NORM_HEADING_RATIO * A->local_width && !has_prose_punct(w, A->a, A->b);
    if (gap) return joins_across_gap(w, i);
    if (para_start_prev && heading_like) {
        /* a short line at the top of a paragraph: a heading or call-out,
         * unless the next line is just as short (a heading on two lines) */
        return B->width < NORM_HEADING_RATIO * B->local_width && !ends_sentence(w, B) &&
               B->ncp < NORM_LONG_LINE;
    }
    return 1;
}

/* ---- output ------------------------------------------------------------ */

static int emit_char(norm_doc *d, const nch *c)
{
    uint8_t tmp[U8_MAX_BYTES];
    int n = u8_encode(c->cp, tmp);
    int rc = buf_add(&d->text, tmp, (size_t)n);
    if (!rc) rc = u64vec_push(&d->src_start, c->s);
    if (!rc) rc = u64vec_push(&d->src_end, c->e);
    return rc;
}

/* emit_char for each of ch[a, b), with the room made once and the bytes
 * and offsets written straight into the buffers: every character of the
 * input passes here. */
static int emit_run(norm_doc *d, const nch *ch, size_t a, size_t b)
{
    size_t n = b - a;
    int rc = buf_grow(&d->text, n * U8_MAX_BYTES);
    if (!rc) rc = u64vec_reserve(&d->src_start, n);
    if (!rc) rc = u64vec_reserve(&d->src_end, n);
    if (rc) return rc;
    uint8_t *t = (uint8_t *)d->text.data + d->text.len;
    for (size_t c = a; c < b; c++) {
        t += u8_encode(ch[c].cp, t);
        d->src_start.v[d->src_start.n++] = ch[c].s;
        d->src_end.v[d->src_end.n++] = ch[c].e;
    }
    d->text.len = (size_t)((char *)t - d->text.data);
    d->text.data[d->text.len] = '\0';
    return ZS_OK;
}

static int para_push(norm_doc *d, const norm_para *p)
{
    if (d->npara == d->cap_para) {
        size_t c = d->cap_para ? d->cap_para * 2 : 64;
        norm_para *q = realloc(d->paras, c * sizeof *q);
        if (!q) return ZS_ENOMEM;
        d->paras = q;
        d->cap_para = c;
    }
    d->paras[d->npara++] = *p;
    return ZS_OK;
}

static int is_latin_word(uint32_t cp)
{
    return cp < 0x80 ? uc_class_of(cp) == UC_WORD : uc_class_of(cp) == UC_WORD;
}

/* Separator when joining two lines: a space between two word characters
 * (Latin words, numbers) unless the first ends a hyphenated word. */
static int needs_space(uint32_t last, uint32_t first)
{
    if (!is_latin_word(last) || !is_latin_word(first)) return 0;
    int letters = (uc_fold(last) >= 'a' && uc_fold(last) <= 'z') ||
                  (uc_fold(first) >= 'a' && uc_fold(first) <= 'z') || last >= 0x80 || first >= 0x80;
    return letters;
}

static norm_kind para_kind(const norm_doc *d, const norm_para *p)
{
    const uint8_t *s = (const uint8_t *)d->text.data + p->start;
    const uint8_t *e = (const uint8_t *)d->text.data + p->end;
    uint32_t last = 0, lastmeaning = 0;
    while (s < e) {
        uint32_t cp;
        s += u8_next(s, &cp);
        if (!uc_is_closing(cp)) lastmeaning = cp;
        last = cp;
    }
    (void)last;
    return uc_is_sentence_end(lastmeaning) ? NORM_BODY : NORM_HEADING;
}

void norm_doc_init(norm_doc *d)
{
    memset(d, 0, sizeof *d);
    buf_init(&d->text);
    u64vec_init(&d->src_start);
    u64vec_init(&d->src_end);
}

void norm_doc_free(norm_doc *d)
{
    buf_free(&d->text);
    u64vec_free(&d->src_start);
    u64vec_free(&d->src_end);
    free(d->paras);
    free(d->scratch.ch);
    free(d->scratch.ln);
    free(d->scratch.join);
    norm_doc_init(d);
}

/* Empty the result of `d`, keeping its memory (norm_run). */
static void norm_doc_clear(norm_doc *d)
{
    buf_reset(&d->text);
    d->src_start.n = 0;
    d->src_end.n = 0;
    d->npara = 0;
    memset(&d->stats, 0, sizeof d->stats);
    d->mode = 0;
}

static void work_free(work *w)
{
    free(w->ch);
    free(w->ln);
    free(w->pair_hits);
}

/* Is chars [a, b) of w the ASCII string `lit`? */
static int chars_are(const work *w, size_t a, size_t b, const char *lit)
{
    size_t n = strlen(lit);
    if (b - a < n) return 0;
    for (size_t i = 0; i < n; i++)
        if (w->ch[a + i].cp != (uint8_t)lit[i]) return 0;
    return 1;
}

/* A markdown rule or front-matter fence: a line of three or more '-'. */
static int is_rule_line(const work *w, size_t a, size_t b)
{
    if (b - a < 3) return 0;
    for (size_t i = a; i < b; i++)
        if (w->ch[i].cp != '-') return 0;
    return 1;
}

/* Markdown in clean text (law texts are written in it, CCTV stories end
 * with a rule): a line that is one HTML comment ("<!-- INFO END -->") or a
 * rule ("---") is dropped, as it is markup, not text; a heading line
 * ("## 第一章 总则") loses its markers and is a heading.  Chars [a, *b)
 * are the cleaned line; returns 1 for a heading. */
static int strip_markdown(work *w, size_t a, size_t *b)
{
    size_t n = *b - a;
    if ((chars_are(w, a, *b, "<!--") && n >= 7 && chars_are(w, *b - 3, *b, "-->")) ||
        is_rule_line(w, a, *b)) {
        *b = a;
        return 0;
    }
    size_t h = 0;
    while (h < n && h < NORM_MD_HEADING_MAX && w->ch[a + h].cp == '#') h++;
    if (h == 0 || h + 1 >= n || w->ch[a + h].cp != ' ') return 0;
    memmove(&w->ch[a], &w->ch[a + h + 1], (n - h - 1) * sizeof *w->ch);
    *b -= h + 1;
    return 1;
}

/* Read the input into lines of cleaned characters: every repair of one
 * line in NORM_PDF mode, white space and markdown only in NORM_CLEAN,
 * white space only in NORM_PRECUT. */
static int build_lines(work *w, const char *text, size_t len, const uint64_t *offs, size_t ncp,
                       uint64_t src_end, norm_mode mode, norm_stats *st)
{
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    size_t ci = 0;
    int gap = 0;
    /* a char per code point at most: the room made once */
    if (w->cap - w->n < ncp && ch_grow(w, ncp)) return ZS_ENOMEM;
    while (p < end) {
        size_t a = w->n;
        int indent = 0, first = 1;
        while (p < end) {
            uint32_t cp;
            int k = u8_next(p, &cp);
            uint64_t s = ci < ncp ? offs[ci] : src_end;
            uint64_t e = ci + 1 < ncp ? offs[ci + 1] : src_end;
            p += k;
            ci++;
            if (is_line_break(cp)) {
                if (cp == '\r' && p < end && *p == '\n') {
                    p++;
                    ci++;
                }
                break;
            }
            if (first) indent = uc_class_of(cp) == UC_SPACE;
            first = 0;
            if (ch_push(w, cp, s, e)) return ZS_ENOMEM;
        }
        st->lines++;
        size_t b = clean_spaces(w, a, w->n, mode == NORM_CLEAN, st);
        int heading = 0;
        if (mode == NORM_PDF)
            b = collapse_doubles(w, a, b, st);
        else if (mode == NORM_CLEAN)
            heading = strip_markdown(w, a, &b);
        w->n = b;
        if (b == a) {
            gap++;
            continue;
        }
        nline l = {.a = a, .b = b, .indent = indent, .gap_before = gap, .heading = heading};
        l.width = line_width(w, a, b);
        l.ncp = (int)(b - a);
        if (ln_push(w, &l)) return ZS_ENOMEM;
        gap = 0;
    }
    return ZS_OK;
}

/* Mark runs of one-character lines (vertical headlines). */
static void mark_vertical(work *w)
{
    size_t i = 0;
    while (i < w->nln) {
        size_t j = i;
        while (j < w->nln && is_single_cjk_line(w, &w->ln[j]) &&
               (j == i || w->ln[j].gap_before == 0))
            j++;
        if (j - i >= NORM_VERTICAL_MIN) {
            for (size_t t = i; t + 1 < j; t++) w->ln[t].vertical = 1;
            /* a stray line of two characters inside the column (" 中") */
            i = j;
        } else {
            i = j > i ? j : i + 1;
        }
    }
}

/* Close the open paragraph `cur` at the end of the output so far. */
static int close_para(norm_doc *out, norm_para *cur, int heading)
{
    cur->end = out->text.len;
    cur->ncp = out->src_start.n - cur->cp_start;
    cur->kind = heading ? NORM_HEADING : para_kind(out, cur);
    cur->marked = heading;
    int rc = para_push(out, cur);
    if (!rc) rc = buf_putc(&out->text, '\n');
    return rc;
}

/* Decide for every line whether it continues the paragraph of the line
 * before (join[i]; join[0] is 0).  Clean text keeps its lines: no line is
 * joined.  PDF text goes through the paragraph rules (rule 4).  Errors:
 * ZS_ENOMEM. */
static int decide_joins(work *w, norm_mode mode, norm_stats *st, uint8_t *join)
{
    if (w->nln) join[0] = 0;
    if (mode != NORM_PDF) {
        for (size_t i = 1; i < w->nln; i++) join[i] = 0;
        return ZS_OK;
    }
    int rc = count_break_pairs(w);
    if (rc) return rc;
    mark_vertical(w);
    compute_local_widths(w);
    int noise = blank_lines_are_noise(w);
    st->blank_noise = noise;
    int para_start = 1;
    int open = w->nln ? bracket_depth_after(w, &w->ln[0], 0) : 0;
    for (size_t i = 1; i < w->nln; i++) {
        join[i] = (uint8_t)joins(w, i, noise, para_start, open);
        open = bracket_depth_after(w, &w->ln[i], join[i] ? open : 0);
        /* this line opened a paragraph (decides whether a short line is a
         * heading at the top of a paragraph) */
        para_start = !join[i];
    }
    return ZS_OK;
}

int norm_run(const char *text, size_t len, const uint64_t *offs, size_t ncp, uint64_t src_end,
             norm_mode mode, norm_doc *out)
{
    norm_doc_clear(out);
    /* the kept memory is the run's until it ends well (work_free on failure) */
    work w;
    memset(&w, 0, sizeof w);
    w.ch = out->scratch.ch;
    w.cap = out->scratch.cap;
    w.ln = out->scratch.ln;
    w.capln = out->scratch.capln;
    uint8_t *join = out->scratch.join;
    size_t capjoin = out->scratch.capjoin;
    memset(&out->scratch, 0, sizeof out->scratch);
    int rc = build_lines(&w, text, len, offs, ncp, src_end, mode, &out->stats);
    if (rc) goto fail;
    if (capjoin < w.nln || !join) {
        free(join);
        capjoin = w.nln ? w.nln : 1;
        join = malloc(capjoin);
        if (!join) {
            rc = ZS_ENOMEM;
            goto fail;
        }
    }
    if ((rc = decide_joins(&w, mode, &out->stats, join))) goto fail;
    norm_para cur = {0};
    int heading = 0;
    for (size_t i = 0; i < w.nln; i++) {
        const nline *l = &w.ln[i];
        if (i > 0 && !join[i] && (rc = close_para(out, &cur, heading))) goto fail;
        if (!join[i]) {
            cur.start = out->text.len;
            cur.cp_start = out->src_start.n;
            heading = l->heading;
        } else {
            out->stats.joins++;
            uint32_t last = w.ch[w.ln[i - 1].b - 1].cp, first = w.ch[l->a].cp;
            if (needs_space(last, first)) {
                nch sp = {' ', w.ch[l->a].s, w.ch[l->a].s};
                if ((rc = emit_char(out, &sp))) goto fail;
            }
        }
        if ((rc = emit_run(out, w.ch, l->a, l->b))) goto fail;
    }
    if (w.nln && (rc = close_para(out, &cur, heading))) goto fail;
    out->mode = mode;
    free(w.pair_hits);
    out->scratch = (norm_scratch){w.ch, w.cap, w.ln, w.capln, join, capjoin};
    return ZS_OK;
fail:
    free(join);
    work_free(&w);
    norm_doc_free(out);
    return rc;
}

/* A prose line (it has clause punctuation) that stops on a character and
 * is followed by a line starting with one: a sentence broken by the
 * layout.  Headings, list items and captions carry no clause marks; the
 * lines of clean text end at their paragraph's end. */
static int broken_line(const work *w, size_t i)
{
    if (i + 1 >= w->nln) return 0;
    const nline *l = &w->ln[i];
    uc_class last = uc_class_of(w->ch[l->b - 1].cp);
    uc_class next = uc_class_of(w->ch[w->ln[i + 1].a].cp);
    return (last == UC_CJK || last == UC_WORD) && (next == UC_CJK || next == UC_WORD) &&
           has_prose_punct(w, l->a, l->b);
}

int norm_measure(const char *text, size_t len, norm_evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    /* a bounded prefix, ended at a line end */
    size_t n = len;
    if (n > NORM_EVIDENCE_BYTES) {
        n = NORM_EVIDENCE_BYTES;
        while (n < len && text[n - 1] != '\n') n++;
    }
    work w;
    memset(&w, 0, sizeof w);
    norm_stats st;
    memset(&st, 0, sizeof st);
    /* the offsets are not needed: every code point maps to 0 */
    int rc = build_lines(&w, text, n, NULL, 0, 0, NORM_PDF, &st);
    if (!rc) {
        ev->doubled = st.doubled_lines + st.doubled_units;
        ev->lines = w.nln;
        for (size_t i = 0; i < w.nln; i++) {
            if (i > 0 && w.ln[i].gap_before >= 2) ev->blank_runs++;
            ev->broken += (size_t)broken_line(&w, i);
        }
        const uint8_t *p = (const uint8_t *)text, *end = p + n;
        while (p < end) {
            uint32_t cp;
            p += u8_next(p, &cp);
            ev->cjk += uc_class_of(cp) == UC_CJK;
        }
    }
    work_free(&w);
    return rc;
}

norm_mode norm_decide(const norm_evidence *ev)
{
    /* doubled glyphs: per thousand CJK characters, and never on one
     * accident alone */
    if (ev->doubled >= NORM_PDF_DOUBLED_MIN &&
        ev->doubled * 1000 >= (size_t)(NORM_PDF_DOUBLED_PER_1K * (double)ev->cjk))
        return NORM_PDF;
    if (ev->lines >= NORM_PDF_LINES_MIN) {
        if (ev->broken >= NORM_PDF_BROKEN_SHARE * (double)ev->lines) return NORM_PDF;
        if (ev->blank_runs >= NORM_PDF_BLANK_RUNS_SHARE * (double)ev->lines) return NORM_PDF;
    }
    return NORM_CLEAN;
}

int norm_string(const char *s, size_t len, buf *out)
{
    work w;
    memset(&w, 0, sizeof w);
    norm_stats st;
    memset(&st, 0, sizeof st);
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    int rc = ZS_OK;
    while (p < end) {
        uint32_t cp;
        int k = u8_decode(p, end, &cp);
        if (!k) {
            cp = U8_REPLACEMENT;
            k = 1;
        }
        if (is_line_break(cp)) cp = ' ';
        p += k;
        if ((rc = ch_push(&w, cp, 0, 0))) goto done;
    }
    size_t b = clean_spaces(&w, 0, w.n, 0, &st);
    for (size_t i = 0; i < b; i++) {
        uint8_t tmp[U8_MAX_BYTES];
        int n = u8_encode(w.ch[i].cp, tmp);
        if ((rc = buf_add(out, tmp, (size_t)n))) goto done;
    }
done:
    work_free(&w);
    return rc;
}
