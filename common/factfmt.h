/*
 * factfmt.h - how a numeric fact is shown: the JSON object of `zhindex
 * passages` and of zhsearch hits, and a one-line text form.
 *
 *   {"field":"托位数","value":3.4,"lo":3.4,"hi":3.4,"unit":"个/千人口",
 *    "qualifier":"","type":"value","dir":"","confidence":1.00,"year":0,
 *    "place":0,"start":21,"end":34,"evidence":"每千人口托位数达到3.4个"}
 *
 * lo / hi: the bounds (fct.h), null for an open end; value: one number for
 * the fact (fct_point: the value, a range's midpoint, a one-sided fact's
 * bound), multipliers applied (30万个 -> 300000); type: value, range,
 * limit or change; dir: "", up or down; confidence: 0..1; unit: the
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

/* Append "托位数 = 3.4 个/千人口", "罚款 in 10000..50000 元 {limit}",
 * "进出口总值 + 13.3 % {change}", "作出决定 <= 15 日 (below) {limit}" to b. */
void factfmt_text(buf *b, const fct_list *l, const fct_fact *f);

/* The place code named by code points [start, end) of `text` (a city, or
 * a province when the name is one), 0 when none or when g is NULL. */
uint32_t factfmt_place(const gaz *g, const char *text, size_t len, uint32_t start, uint32_t end);

/* Append the evidence text of f (code points [start, end) of text). */
void factfmt_evidence(buf *b, const fct_fact *f, const char *text, size_t len);

#endif
