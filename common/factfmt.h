/*
 * factfmt.h - how a numeric fact is shown: the JSON object of `zhindex
 * passages` and of zhsearch hits, and a one-line text form.
 *
 *   {"field":"每千人口托位数","value":3.4,"unit":"个","qualifier":"",
 *    "year":0,"place":0,"start":21,"end":34,"evidence":"每千人口托位数达到3.4个"}
 *
 * value: a JSON number, multipliers applied (30万个 -> 300000); unit: the
 * canonical unit ("" when none); qualifier: "" or words joined by '+' from
 * above (以上, 超过, 不少于), below (以下, 不到), about (左右, 约, 近),
 * plus (余, 多), change (a change, not a level: 较上年提升1.27个百分点);
 * year / place: what the fact names itself (0 = its
 * passage's); start / end: code-point offsets of the evidence in the
 * passage text.
 */
#ifndef ZS_FACTFMT_H
#define ZS_FACTFMT_H

#include "buf.h"
#include "fct.h"
#include "gazetteer.h"

#include <stddef.h>
#include <stdint.h>

/* Qualifier flags as words: "" or e.g. "above" / "about+plus" into out
 * (room for 32 bytes). */
const char *factfmt_qual(uint32_t qual, char *out);

/* Append the JSON object of fact `f` of list `l` (text = its passage). */
void factfmt_json(buf *b, const fct_list *l, const fct_fact *f, const char *text, size_t len,
                  uint32_t place);

/* Append "每千人口托位数 = 3.4 个 (above)" to b. */
void factfmt_text(buf *b, const fct_list *l, const fct_fact *f);

/* The place code named by code points [start, end) of `text` (a city, or
 * a province when the name is one), 0 when none or when g is NULL. */
uint32_t factfmt_place(const gaz *g, const char *text, size_t len, uint32_t start, uint32_t end);

/* Append the evidence text of f (code points [start, end) of text). */
void factfmt_evidence(buf *b, const fct_fact *f, const char *text, size_t len);

#endif
