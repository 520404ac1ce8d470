/*
 * placeml.h - the learned last step of place tagging: which of a passage's
 * candidate places it is about.
 *
 * The annotator's rules (annotate.c, scope.c) propose candidates for each
 * passage: the cities and provinces it names as topics, the place its
 * section or document is about (carried), the document's province when the
 * passage speaks province-wide, and the nation.  Each candidate has a kind
 * and a feature vector: what the rules would decide, and the evidence the
 * rules weigh (national and foreign words, local references, how often the
 * document names the place, whether it is the document's topic ...).  A
 * logistic model per kind, fitted on hand-labelled passages by
 * tools/train_places.py (`make train-places`), keeps a candidate when its
 * probability is at least one half.  The weights are generated into
 * placeml_w.c; docs/ANNOTATION.md says on which sets and how they score.
 */
#ifndef ZS_PLACEML_H
#define ZS_PLACEML_H

#include <stddef.h>
#include <stdint.h>

/* Candidate kinds: each has its own weights. */
enum {
    PLACEML_OWN_CITY,     /* a city the passage names as a topic */
    PLACEML_OWN_PROV,     /* a province the passage names as a whole */
    PLACEML_CARRIED_CITY, /* its section's or document's city */
    PLACEML_CARRIED_PROV, /* its section's or document's province, or the
                             document's province for 全省/我省 */
    PLACEML_NATION,       /* the whole country (every passage has one) */
    PLACEML_KINDS
};

/* Features, in this order (the trainer writes weights in the same order;
 * docs/ANNOTATION.md describes each). */
enum {
    PLACEML_F_BIAS,
    PLACEML_F_RULE,         /* the hand rules keep it */
    PLACEML_F_NATION,       /* passage national evidence, capped, halved */
    PLACEML_F_FOREIGN,      /* passage foreign evidence, capped, halved */
    PLACEML_F_LOCAL_REFS,   /* 全市, 我县 ... in the passage */
    PLACEML_F_PROV_WIDE,    /* 全省, 我省 ... in the passage */
    PLACEML_F_OWN_CITIES,   /* cities the passage names (capped) */
    PLACEML_F_OWN_PROVS,    /* provinces it names (capped) */
    PLACEML_F_OWN_ANY,      /* it names any place */
    PLACEML_F_HEADING,      /* it is a heading */
    PLACEML_F_DOC_NATION,   /* the document's topic is the nation */
    PLACEML_F_DOC_CITY,     /* ... a city */
    PLACEML_F_DOC_PROV,     /* ... a province */
    PLACEML_F_IS_TOPIC,     /* the candidate is the document's topic */
    PLACEML_F_IS_SECTION,   /* ... its section's place */
    PLACEML_F_IS_LEAD,      /* ... the city the passage names first */
    PLACEML_F_DOC_COUNT,    /* log2(1 + passages of the document naming it) */
    PLACEML_F_DOC_NATEV,    /* log2(1 + document national evidence) */
    PLACEML_F_DOC_FOREIGN,  /* log2(1 + document foreign evidence) */
    PLACEML_F_DOC_PROVS,    /* distinct provinces the document names, capped, /4 */
    PLACEML_F_DOC_CITIES,   /* distinct cities the document names, capped, /4 */
    PLACEML_F_IN_TOPIC,     /* it lies in the document topic's province */
    PLACEML_F_QUOTE,        /* the passage opens with a quotation mark */
    PLACEML_F_FIRST,        /* the passage is the document's first */
    PLACEML_F_TOPIC_TITLE,  /* the document's topic comes from its title or sidecar */
    PLACEML_F_TITLE_NATION, /* the title has national evidence (capped, halved) */
    PLACEML_F_SECTION_AGE,  /* passages since its section opened (capped, /4) */
    PLACEML_F_OTHER_PROV,   /* the passage names places of another province */
    PLACEML_F_LEADER,       /* the passage names a central leader (习近平, 总理 ...) */
    PLACEML_F_DOC_LEADER,   /* the title or the first passage does */
    PLACEML_F_SPEECH,       /* the passage reports a speech or letter (指出, 致信 ...) */
    PLACEML_F_LAST_SEEN,    /* passages since a passage last named the candidate
                               (0 named here; capped, /4; 1 never) */
    PLACEML_NFEAT
};

typedef struct placeml_cand {
    uint32_t code; /* city or province code, or GAZ_NATION_CODE */
    int kind;      /* PLACEML_* kind */
    float f[PLACEML_NFEAT];
} placeml_cand;

/* The model's log-odds that the passage is about the candidate. */
double placeml_logit(const placeml_cand *c);

/* Keep the candidate: placeml_logit >= 0.  A kind out of range is kept
 * when its rule feature says so. */
int placeml_keep(const placeml_cand *c);

/* The feature names, PLACEML_NFEAT of them (static), for explanations. */
const char *placeml_feature_name(size_t i);

/* The kind names, PLACEML_KINDS of them (static). */
const char *placeml_kind_name(int kind);

#endif
