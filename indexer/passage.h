/*
 * passage.h - paragraphs -> passages: the units that are indexed, ranked and
 * shown.
 *
 * A passage is a coherent run of sentences of one paragraph (or of a few
 * short paragraphs), at most `max_cps` code points long.  A paragraph that
 * fits is one passage; a longer one is cut into near-equal parts, only at
 * sentence ends (。！？；…, with any closing quotes or brackets after them, and
 * ". " in Latin prose), unless a single sentence is longer than the bound,
 * which is then cut at a clause mark (，、：) or, failing that, at the bound.
 * Headings (headlines, captions, bylines, call-out numbers) are passages of
 * their own and are never glued into body text.  A body paragraph shorter
 * than `min_cps` joins a neighbouring body paragraph when the result fits:
 * backwards when it follows a quotation (the "……”李金乐说。" attribution
 * that the layout split off), otherwise forwards.  The reader sets min_cps
 * to 0 for documents without PDF damage (normalize.h, norm_decide): there a
 * short line is a paragraph its writer meant, and stays one passage.
 *
 * Law texts (at least PSG_LAW_MIN_ARTICLES paragraphs opening with 第N条,
 * decided on a document's first chunk) are cut at their articles instead:
 * an article (its 第N条 or 第N条之M paragraph, the marker followed by a
 * space in clean text, and the paragraphs and items （一）（二）
 * after it, up to the next article, structure heading or markdown heading)
 * is one passage when it fits `max_cps`, else its pieces (paragraphs, or
 * parts cut at sentence ends as above) are packed in order up to the bound;
 * two articles never share a passage.  Structure headings (第N编, 第N分编,
 * 第N章, 第N节) and text outside articles (title, adoption lines) are
 * passages of their own.  Each passage of a law text carries labels: its
 * chapter ("第一章 总则"; in a section the chapter's marker and the
 * section, "第五章 第一节 一般规定"; under a part the part's marker first,
 * "第一编 第一章 基本规定"; a 分编 counts as a part) and its article
 * ("第四十五条"), empty where none applies.
 *
 * Each passage knows its ordinal in the document, its source byte range,
 * its kind, and the source offsets of each of its code points.
 */
#ifndef ZS_PASSAGE_H
#define ZS_PASSAGE_H

#include "buf.h"
#include "normalize.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

/* Default upper bound on a passage, in code points: about a newspaper
 * paragraph; long enough for context, short enough that BM25's length
 * normalisation and the snippet stay meaningful. */
#define PSG_MAX_CPS_DEFAULT 320
/* Body paragraphs shorter than this look for a neighbour to join. */
#define PSG_MIN_CPS_DEFAULT 40
/* A document is a law text when at least this many paragraphs open with
 * an article marker (第N条) ... */
#define PSG_LAW_MIN_ARTICLES 3
/* ... and they are at least this share of its paragraphs.  Measured on the
 * shared corpora: of 3,311 law texts with 3+ article paragraphs the lowest
 * share is 0.078 (an export-control list with long annexes), 1% are below
 * 0.21, and zhindex passages labels exactly these 3,311 of the 3,503 as
 * law texts (the rest: resolutions without articles, index pages); none of
 * 24,102 CCTV stories has a single article paragraph. */
#define PSG_LAW_MIN_SHARE 0.05
/* A 第N章/节/编 paragraph is a heading only when it is this short (code
 * points) and does not end a sentence; longer ones are prose that begins
 * with a reference ("第三章规定的…"). */
#define PSG_LAW_HEADING_MAX 40
/* Smallest and largest bounds accepted from the command line. */
#define PSG_MAX_CPS_MIN 40
#define PSG_MAX_CPS_MAX 10000

typedef struct psg_opts {
    uint32_t max_cps;
    uint32_t min_cps;
} psg_opts;

typedef struct psg_passage {
    size_t text_off, text_len;   /* bytes of its text in psg_list.text */
    size_t cp_off;               /* index of its first code point in src_start/src_end */
    uint32_t ncp;                /* code points */
    uint64_t src_start, src_end; /* source byte range */
    norm_kind kind;
    uint64_t ext_id; /* external id given with the passage (TSV input), 0 = none */
    /* Where a passage of a law text stands: its chapter ("第一章 总则") and
     * article ("第四十五条"), as bytes of psg_list.labels; length 0 = none. */
    size_t chapter_off, chapter_len;
    size_t article_off, article_len;
} psg_passage;

/* Script.  `text` is what the annotator and the tokenizer read: folded to
 * simplified characters (uc_t2s) when the document is in traditional ones,
 * so a traditional copy of a document gets the same passages, places, years
 * and fact fields as the simplified one.  `written` then holds the same
 * passages as the document writes them, byte for byte the same lengths (the
 * fold keeps them), for what is stored and shown; it is empty when `text`
 * has nothing folded (psg_written gives the right one either way). */
typedef struct psg_list {
    buf text;         /* passage texts, back to back (no separators) */
    buf written;      /* `text` as written, or empty: see above */
    u64vec src_start; /* per code point of `text` */
    u64vec src_end;
    buf labels; /* chapter and article labels of the passages, back to back */
    psg_passage *v;
    size_t n, cap;
} psg_list;

/* What a document's earlier chunks told the later ones: its kind (decided
 * on the first chunk) and, in a law text, the headings and the article
 * that are open.  Owned by the caller; one per document. */
typedef struct psg_doc {
    int decided;                 /* the kind below is decided */
    int law;                     /* a law text: passages follow articles and carry labels */
    buf part, part_marker;       /* "第一编 总则", "第一编" */
    buf chapter, chapter_marker; /* "第一章 总则", "第一章" */
    buf section;                 /* "第一节 一般规定" */
    buf article;                 /* "第四十五条"; empty outside articles */
    buf label;                   /* scratch: the composed chapter label */
} psg_doc;

/* Defaults for the options. */
void psg_opts_default(psg_opts *o);

void psg_list_init(psg_list *l);
void psg_list_free(psg_list *l);
/* Empty `l` for the next chunk, keeping its memory (a batch of 4,096 TSV
 * lines holds 5 MB of code point offsets: freed and allocated again each
 * batch, they would be mapped and faulted in again each time). */
void psg_list_clear(psg_list *l);

/* The text of passage `p` of `l` as the document writes it (borrowed from
 * `l`; p->text_len bytes). */
const char *psg_written(const psg_list *l, const psg_passage *p);

/* Fold l->text from byte `from` to its end to simplified characters in
 * place, keeping the bytes as written in l->written (created on the first
 * change).  Errors: ZS_ENOMEM (`l` unchanged). */
int psg_fold_tail(psg_list *l, size_t from);

/* Make `st` a fresh document state (allocates nothing). */
void psg_doc_init(psg_doc *st);
/* Release what `st` owns; it is fresh afterwards. */
void psg_doc_free(psg_doc *st);

/* Append the passages of a normalized chunk of one document to `out`
 * (which is not cleared, so several chunks accumulate; ordinals are the
 * indices in out->v).  `st` carries the document's kind and open headings
 * from chunk to chunk: pass the same state for every chunk of a document,
 * a fresh one (psg_doc_init) for the next.  The kind is decided on the
 * first chunk.  Errors: ZS_ENOMEM, ZS_EINVAL for bad options. */
int psg_split(const norm_doc *d, const psg_opts *o, psg_doc *st, psg_list *out);

/* Sentence ends in `text` (well-formed UTF-8, `ncp` code points): writes
 * the code point index just past each sentence to `ends` (the last entry
 * is always ncp).  Exposed for tests and the snippet builder. */
int psg_sentence_ends(const char *text, size_t len, u32vec *ends);

#endif
