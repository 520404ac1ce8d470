/*
 * normalize.h - decoded text -> clean paragraphs, with a map back to the
 * source bytes.
 *
 * Input is well-formed UTF-8 (the decoder's output) plus, for every code
 * point, the byte offset in the source file where it starts.  Output is the
 * text as paragraphs.  Two modes (norm_mode), chosen per document from the
 * evidence of its text (norm_measure, norm_decide; the thresholds and
 * their figures are below):
 *
 * NORM_CLEAN, text written as text (news, law texts): every line is a
 * paragraph; white space inside a line becomes one space and stays, also
 * between CJK characters ("第四十五条 县级以上"); lines are trimmed; a
 * markdown heading line ("## 第一章 总则") loses its markers and is a
 * heading (norm_para.marked); a line that is one HTML comment
 * ("<!-- INFO END -->") or a rule ("---") is dropped.
 *
 * NORM_PDF, text extracted from PDF pages, repaired of the damage that
 * extraction does to Chinese newspaper pages:
 *
 *   1. doubled glyphs from bold type ("编者按编者按：：11 月月" -> "编者按：1月"):
 *      a line is read as a sequence of units each written twice; when such
 *      units cover most of the line (NORM_DOUBLE_COVER) the line is
 *      collapsed; outside such lines only long doubled units
 *      (NORM_DOUBLE_MIN_UNIT code points, mostly Han) are, so genuine
 *      repeats (实实在在, 2020年, 55项, 看看) survive;
 *   2. spaces from justified layout ("2024 年 ，我 市 开 展") are removed
 *      wherever one side is a CJK character or CJK punctuation; other runs
 *      of white space become one space;
 *   3. lines are joined: a word broken across lines or a column break is
 *      joined without a space (Latin words with one space); runs of
 *      one-character lines (vertical headlines) become one line;
 *   4. paragraph ends are decided from the shape of the lines (sentence-final
 *      punctuation, line width against the local column width, indentation,
 *      blank lines, article leads such as 本报讯), not from blank lines
 *      alone: a document whose blank lines fall mid-sentence is recognised
 *      as having blank lines as layout noise.
 *
 * In both modes characters are otherwise kept as they are (full-width
 * punctuation stays for display); width and case folding for matching is
 * the tokenizer's job (uc_fold maps one code point to one, so offsets
 * agree).  Format characters (zero-width space, BOM, soft hyphen) are
 * dropped.  A space kept in clean text separates words for the tokenizer
 * as punctuation does, so words match in either mode.
 *
 * Offsets: for every code point of the output text, src_start/src_end give
 * the byte range in the source that produced it (a collapsed doubled unit's
 * last code point extends over the second copy).  Paragraphs are separated
 * by '\n' in `text`; the separators have no offsets of their own.
 */
#ifndef ZS_NORMALIZE_H
#define ZS_NORMALIZE_H

#include "buf.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

/* Lines collapse as doubled when doubled units cover at least this share of
 * their non-space code points; real repeats rarely cover a whole line. */
#define NORM_DOUBLE_COVER 0.6
/* ... and have at least this many non-space code points (看看 alone stays). */
#define NORM_DOUBLE_MIN_LINE 6
/* Outside doubled lines, a unit written twice collapses only when it is at
 * least this long and mostly Han: bold runs can cover part of a line, but
 * prose does not repeat a 3+ character word back to back. */
#define NORM_DOUBLE_MIN_UNIT 3
/* Longest unit looked for by the doubling parse (whole-line doubling, as in
 * doubled captions, is checked separately for any length). */
#define NORM_DOUBLE_MAX_UNIT 24
/* A line this long (code points) is a whole paragraph, not a column line:
 * newspaper columns are 8-40 characters wide. */
#define NORM_LONG_LINE 60
/* A line narrower than this share of the local column width ends a
 * paragraph when it ends a sentence. */
#define NORM_FULL_RATIO 0.8
/* A line narrower than this share of the local column width, standing after
 * a sentence end or at the top of a block, is a heading or call-out. */
#define NORM_HEADING_RATIO 0.6
/* Display columns a paragraph's first line loses to its indentation (two
 * CJK characters), which extraction drops. */
#define NORM_INDENT_COLUMNS 4
/* A line wider than this many times every line around it is set across
 * columns: a caption or a headline, never joined to the column text. */
#define NORM_WIDE_RATIO 1.4
/* Lines around a line that give its local column width. */
#define NORM_WIDTH_WINDOW 3
/* A blank line between two Han characters is a column break inside a word
 * when the pair occurs this often elsewhere in the document. */
#define NORM_PAIR_EVIDENCE 2
/* A vertical headline is at least this many one-character lines. */
#define NORM_VERTICAL_MIN 3
/* Markdown heading markers: "#" to "######". */
#define NORM_MD_HEADING_MAX 6

/* ---- text kinds ---------------------------------------------------------
 * PDF repair runs only on documents that show PDF damage.  Figures from
 * tools/textkind.py (the C evidence below) on the five seeds (PDF text),
 * 24,102 CCTV stories and 3,503 law texts (clean text):
 *
 *                      seeds 000-003   seed 004   CCTV max   laws max
 *   broken share        0.57-0.65       0.36       0.22       0.35
 *   blank-run share     0.00            0.44       0.00       0.15
 *   doubled units       0-6             0          2          9
 *   doubled per 1k CJK  0-0.87          0          3.4        3.3
 *
 * (shares over documents with at least NORM_PDF_LINES_MIN lines: 514
 * CCTV stories, 3,287 laws).  The broken share separates column text; seed
 * 004 is long-line text whose only trace of the page is its layout blank
 * lines.  Doubled glyphs are too rare in the seeds to decide them (bold
 * hits headlines and leads only), so that rule stands above the clean
 * maximum for documents set in bold throughout.  Spaces between CJK
 * characters do not separate at all: laws write "第一条 为了" (median 11
 * per 1k CJK) against 10-216 in the seeds. */
/* The evidence is taken from this many bytes at most (then to the line
 * end): enough lines for the rates, bounded whatever the file size. */
#define NORM_EVIDENCE_BYTES (256u << 10)
/* PDF when at least this many doubled glyph units (clean max 9) ... */
#define NORM_PDF_DOUBLED_MIN 12
/* ... and at least this many per thousand CJK characters (clean max 3.4). */
#define NORM_PDF_DOUBLED_PER_1K 4.0
/* The line rates count only for documents with this many text lines: a
 * short story of headline and three paragraphs says nothing. */
#define NORM_PDF_LINES_MIN 20
/* PDF when at least this share of the text lines are broken sentences
 * (clean max 0.35, seeds 000-003 at least 0.57). */
#define NORM_PDF_BROKEN_SHARE 0.45
/* PDF when runs of two or more blank lines stand before at least this
 * share of the text lines (clean max 0.15, seed 004 0.44). */
#define NORM_PDF_BLANK_RUNS_SHARE 0.3

/* How a document is cleaned (norm_decide picks it). */
typedef enum norm_mode {
    NORM_PDF = 0,   /* extracted from PDF pages: rules 1-4 above */
    NORM_CLEAN = 1, /* written as text: its lines are its paragraphs */
    /* a pre-cut passage (a TSV line): only rule 2, so that "提 高 到" from a
     * PDF matches 提高 as the repaired text does; its characters are never
     * rewritten (哈哈哈哈哈哈 stays: rule 1 needs a document's evidence,
     * which one passage does not give) and its lines are not joined */
    NORM_PRECUT = 2
} norm_mode;

/* What a document shows of PDF extraction (norm_measure). */
typedef struct norm_evidence {
    size_t cjk;        /* CJK code points */
    size_t lines;      /* text (non-blank) lines */
    size_t doubled;    /* doubled lines and doubled units that rule 1 collapses */
    size_t broken;     /* prose lines ending inside a sentence, the next line going on */
    size_t blank_runs; /* runs of two or more blank lines between text lines */
} norm_evidence;

typedef enum norm_kind {
    NORM_BODY = 0,   /* prose ending in a sentence */
    NORM_HEADING = 1 /* a headline, caption, byline or call-out number */
} norm_kind;

typedef struct norm_para {
    size_t start, end; /* byte range in norm_doc.text */
    size_t cp_start;   /* index of its first code point in src_start/src_end */
    size_t ncp;        /* code points */
    norm_kind kind;
    int marked; /* 1: a markdown heading in clean text ("## 第一章 总则") */
} norm_para;

typedef struct norm_stats {
    size_t lines;          /* input lines */
    size_t doubled_lines;  /* lines collapsed as doubled */
    size_t doubled_units;  /* doubled units collapsed in other lines */
    size_t spaces_removed; /* white-space runs dropped next to CJK */
    size_t joins;          /* line breaks joined inside a paragraph */
    int blank_noise;       /* 1: blank lines were judged layout noise */
} norm_stats;

/* The working memory of a run (normalize.c's own), kept by a norm_doc for
 * the next run: a caller that normalizes many short texts (a TSV line
 * each) into one norm_doc allocates once, not a few times a text. */
typedef struct norm_scratch {
    struct norm_char *ch;
    size_t cap;
    struct norm_line *ln;
    size_t capln;
    uint8_t *join;
    size_t capjoin;
} norm_scratch;

typedef struct norm_doc {
    buf text;         /* paragraphs, each followed by '\n' */
    u64vec src_start; /* per output code point (separators excluded) */
    u64vec src_end;
    norm_para *paras;
    size_t npara, cap_para;
    norm_stats stats;
    norm_mode mode;       /* how the text was cleaned */
    norm_scratch scratch; /* kept between runs; not part of the result */
} norm_doc;

/* Make `d` empty (allocates nothing). */
void norm_doc_init(norm_doc *d);

/* Release everything `d` owns, its kept memory too; `d` is empty
 * afterwards. */
void norm_doc_free(norm_doc *d);

/* Measure the PDF evidence in (a bounded prefix of) `len` bytes of
 * well-formed UTF-8.  Fills `ev`.  Errors: ZS_ENOMEM. */
int norm_measure(const char *text, size_t len, norm_evidence *ev);

/* The mode the evidence calls for: NORM_PDF when doubled glyphs, broken
 * lines or layout blank lines reach their thresholds, else NORM_CLEAN. */
norm_mode norm_decide(const norm_evidence *ev);

/* Normalize `len` bytes of well-formed UTF-8 `text` in `mode`.  offs[i] is
 * the source byte offset of code point i (ncp entries); `src_end` is the
 * source offset just past the last one.  Replaces the contents of `out`,
 * reusing its memory.  Errors: ZS_ENOMEM (out is left empty but valid). */
int norm_run(const char *text, size_t len, const uint64_t *offs, size_t ncp, uint64_t src_end,
             norm_mode mode, norm_doc *out);

/* Normalize a short string the way PDF documents are (used for queries):
 * one line, no paragraph logic, spaces next to CJK dropped ("5G 医疗" is
 * 5G医疗, as the repaired text reads); doubling repair off (a query is
 * typed, not extracted).  Appends to `out`.  Errors: ZS_ENOMEM. */
int norm_string(const char *s, size_t len, buf *out);

#endif
