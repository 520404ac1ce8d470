/* placeml.c - the learned keep/drop step of place tagging (see placeml.h). */
#include "placeml.h"

/* The fitted weights, PLACEML_KINDS rows of PLACEML_NFEAT (placeml_w.c,
 * written by tools/train_places.py). */
extern const float placeml_weights[PLACEML_KINDS][PLACEML_NFEAT];

static const char *const feature_names[PLACEML_NFEAT] = {
    "bias",        "rule",         "nation",      "foreign",    "local_refs", "prov_wide",
    "own_cities",  "own_provs",    "own_any",     "heading",    "doc_nation", "doc_city",
    "doc_prov",    "is_topic",     "is_section",  "is_lead",    "doc_count",  "doc_natev",
    "doc_foreign", "doc_provs",    "doc_cities",  "in_topic",   "quote",      "first",
    "topic_title", "title_nation", "section_age", "other_prov", "leader",     "doc_leader",
    "speech",      "last_seen",
};

static const char *const kind_names[PLACEML_KINDS] = {
    "own_city", "own_prov", "carried_city", "carried_prov", "nation",
};

double placeml_logit(const placeml_cand *c)
{
    if (c->kind < 0 || c->kind >= PLACEML_KINDS) return c->f[PLACEML_F_RULE] > 0 ? 1.0 : -1.0;
    double s = 0;
    for (size_t i = 0; i < PLACEML_NFEAT; i++) s += (double)placeml_weights[c->kind][i] * c->f[i];
    return s;
}

int placeml_keep(const placeml_cand *c)
{
    return placeml_logit(c) >= 0;
}

const char *placeml_feature_name(size_t i)
{
    return i < PLACEML_NFEAT ? feature_names[i] : "?";
}

const char *placeml_kind_name(int kind)
{
    return kind >= 0 && kind < PLACEML_KINDS ? kind_names[kind] : "?";
}
