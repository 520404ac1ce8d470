/*
 * fct_model.h - the learned field-boundary model of fact extraction
 * (docs/FACTS.md "Round 5").
 *
 * The rules of fct.c propose a field: a span [s, e) of the passage's folded
 * code points next to the number.  This model decides where the field
 * really starts and ends: two independent linear scorers, one over start
 * cuts and one over end cuts, each looking at every position inside the
 * proposed field and up to FCT_MODEL_WINDOW code points outside it (never
 * across a clause delimiter, a digit or the number).  A cut p lies between cp[p-1] and
 * cp[p]; its features (fct_model_features) are the characters on each side
 * and the bigram across it, character classes, whether a mined verb or a
 * cohesive word (fct_lex.h) starts, ends or spans it, its distance from
 * the proposed edge and from the number, and the length of the field it
 * leaves, and the word classes on each side joined with the kind of fact
 * (a legal limit's act starts with its verb, a value's noun does not).
 * Features are hashed into
 * FCT_MODEL_BUCKETS weights per side; the highest scoring cut wins, the
 * proposed edge on ties.  The weights (common/fct_model_w.c) are generated
 * by tools/train_fields.py (`make train-fields`) from the labelled spent
 * blind sets; nothing is loaded at run time.
 *
 * Cost: at most the field's length (FIELD_MAX, 24) + FCT_MODEL_WINDOW cuts
 * per side, a fixed number of features each, so a fact costs a bounded amount of work and
 * extraction stays linear in the passage.  No state, no allocation.
 */
#ifndef ZS_FCT_MODEL_H
#define ZS_FCT_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* How far (code points) a cut may move outside the proposed field: the
 * spent sets' misses that widen a field widen it by 1-5. */
#define FCT_MODEL_WINDOW 6
/* Hashed weights per side: a power of two; the training sets give a few
 * thousand distinct features, so collisions are rare. */
#define FCT_MODEL_BUCKETS 8192
/* Features of one cut (fct_model_features fills at most this many). */
#define FCT_MODEL_NFEAT 28

enum { FCT_MODEL_START = 0, FCT_MODEL_END = 1 };

/* A proposed field and what the model may look at.  cp[0, n) are the
 * passage's folded code points; [s, e) the rules' field (s < e); the start
 * cut may move within [lo, e - 1], the end cut within [s + 1, hi]; the
 * number is [num_s, num_e). */
typedef struct fct_model_span {
    const uint32_t *cp;
    size_t n;
    size_t s, e;
    size_t lo, hi;
    size_t num_s, num_e;
    unsigned kind; /* FCT_MODEL_KIND_*: what the fact is (the edges of a
                      legal limit's act and of a change's subject differ from
                      those of a value's noun) */
} fct_model_span;

/* The kind of fact a span's field is for (fct_model_span.kind). */
enum {
    FCT_MODEL_KIND_VALUE = 0, /* a value or a range */
    FCT_MODEL_KIND_LIMIT = 1, /* a legal limit (a bound in normative text) */
    FCT_MODEL_KIND_CHANGE = 2 /* a change (增长, 下降 ... before the number) */
};

/* The weights, [side][bucket] (fct_model_w.c, generated). */
extern const float fct_model_weights[2][FCT_MODEL_BUCKETS];

/* The hashed feature ids (< FCT_MODEL_BUCKETS) of cut `p` on `side`
 * (FCT_MODEL_START or FCT_MODEL_END) into ids[0, FCT_MODEL_NFEAT);
 * returns their count.  tools/fct_cuts prints them for training. */
size_t fct_model_features(const fct_model_span *m, int side, size_t p, uint32_t *ids);

/* The cuts of side `side` the model may choose from: [*first, *last]. */
void fct_model_range(const fct_model_span *m, int side, size_t *first, size_t *last);

/* May the model cut at p on `side`?  Not inside a cohesive word of the
 * mined lexicon (机|器人: fct_lex.h lex_is_word), unless p is the rules'
 * own edge on that side.  Cuts it may not take are neither scored nor
 * printed for training. */
int fct_model_cut_ok(const fct_model_span *m, int side, size_t p);

/* Choose the field's start and end: *s and *e get the model's cuts, or the
 * proposed s and e when the model's cuts would leave no field. */
void fct_model_cut(const fct_model_span *m, size_t *s, size_t *e);

/* fct_model_cut with other weights: w[side * FCT_MODEL_BUCKETS + bucket]
 * (borrowed), or the compiled ones when w is NULL.  For the
 * cross-validation of tools/fct_eval.py, which scores weights fitted
 * without the set it measures. */
void fct_model_cut_w(const fct_model_span *m, const float *w, size_t *s, size_t *e);

/* ---- the direction chooser (docs/FACTS.md "Round 6") --------------------
 * When the rules take a field before the number and a noun phrase after
 * it would do too (21个专题 where the rules take 分; 含17例由无症状感染者
 * 转为确诊病例 where they take 含), a second linear model decides which
 * side the field is on.  Its features
 * (fct_model_dir_features) are the edge characters and lengths of both candidates, the characters
 * next to the number, the unit and the rules' flags; hashed into FCT_MODEL_DIR_BUCKETS weights; a
 * positive score takes the forward field.  Trained by tools/train_fields.py on the same pairs of
 * labels and facts as the cuts (logistic regression, deterministic). */

/* Hashed weights of the direction chooser: a few hundred distinct
 * features occur in the training data. */
#define FCT_MODEL_DIR_BUCKETS 2048
/* Features of one choice (fct_model_dir_features fills at most this many). */
#define FCT_MODEL_DIR_NFEAT 20
/* How many weights a -w file of tools/fct_cuts holds: cuts, then direction. */
#define FCT_MODEL_NWEIGHTS (2 * FCT_MODEL_BUCKETS + FCT_MODEL_DIR_BUCKETS)

/* Flags of a choice (what the rules saw before the number). */
enum {
    FCT_MODEL_LIMIT = 1,  /* a legal limit (fct.c normative) */
    FCT_MODEL_COPULA = 2, /* a copula before the number */
    FCT_MODEL_OPEN = 4,   /* a one-sided bound */
    FCT_MODEL_DELTA = 8   /* a change verb before the number */
};

/* Two candidate fields: back [bs, be) before the number, fwd [fs, fe)
 * after it; the number and its unit are [num_s, num_e); unit the
 * canonical unit (borrowed, "" when none). */
typedef struct fct_model_dir {
    const uint32_t *cp;
    size_t n;
    size_t bs, be, fs, fe;
    size_t num_s, num_e;
    const char *unit;
    unsigned flags;
} fct_model_dir;

/* The direction weights (fct_model_w.c, generated). */
extern const float fct_model_dir_weights[FCT_MODEL_DIR_BUCKETS];

/* The hashed feature ids (< FCT_MODEL_DIR_BUCKETS) of a choice into
 * ids[0, FCT_MODEL_DIR_NFEAT); returns their count. */
size_t fct_model_dir_features(const fct_model_dir *d, uint32_t *ids);

/* The score of a choice: > 0 takes the forward field; otherwise (all
 * weights zero included) the rules' backward field stands.
 * w: the direction weights (borrowed), or NULL for the compiled ones. */
float fct_model_dir_score(const fct_model_dir *d, const float *w);

#endif
