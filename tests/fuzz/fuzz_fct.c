/*
 * fuzz_fct.c - numeric fact extraction and query quantities (common/fct.h).
 *
 * Input: a passage's bytes, given as they are (fct.h reads malformed bytes
 * as U+FFFD and never past `len`) but for NUL bytes, which become spaces:
 * the indexer's text never holds U+0000 (decode.h turns it into a space,
 * the normalizer drops it) and the query parser refuses it, so a NUL never
 * reaches the extractor, whose fields are C strings.  The facts must keep the header's
 * invariants: field and unit NUL-terminated ranges of the pool, spans with
 * start <= num_start < num_end <= end, facts in text order, lo <= hi, a
 * known type and direction.  The same bytes go through the query side:
 * fct_parse_quantity, fct_field_matches and fct_change_word.
 */
#include "fuzz.h"

#include "fct.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void check_list(const fct_list *l, size_t len)
{
    FUZZ_CHECK(l->pool.len == 0 || l->pool.data[l->pool.len - 1] == '\0');
    for (size_t i = 0; i < l->n; i++) {
        const fct_fact *f = &l->v[i];
        FUZZ_CHECK((size_t)f->field_off + f->field_len < l->pool.len);
        FUZZ_CHECK(l->pool.data[f->field_off + f->field_len] == '\0');
        FUZZ_CHECK((size_t)f->unit_off + f->unit_len < l->pool.len);
        FUZZ_CHECK(l->pool.data[f->unit_off + f->unit_len] == '\0');
        FUZZ_CHECK(f->field_len > 0 && f->unit_len < FCT_UNIT_MAX);
        FUZZ_CHECK(f->start <= f->num_start && f->num_start < f->num_end && f->num_end <= f->end);
        FUZZ_CHECK(f->end <= len); /* code points, at most one per byte */
        FUZZ_CHECK(i == 0 || l->v[i - 1].num_start <= f->num_start);
        FUZZ_CHECK(!isnan(f->lo) && !isnan(f->hi) && f->lo <= f->hi);
        FUZZ_CHECK(f->type < FCT_T_COUNT_ && f->dir < FCT_D_COUNT_);
        FUZZ_CHECK(f->type == FCT_T_CHANGE || f->dir == FCT_D_NONE);
        FUZZ_CHECK(f->confidence >= 0 && f->confidence <= 1);
        /* what a query's condition does with a fact's field */
        const char *field = fct_field(l, f);
        FUZZ_CHECK(fct_field_matches(field, f->field_len, field, f->field_len));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    if (!s) return 0;
    for (size_t i = 0; i < size; i++) s[i] = data[i] ? (char)data[i] : ' ';
    fct_list l;
    fct_list_init(&l);
    int rc = fct_extract(s, size, &l, NULL);
    FUZZ_CHECK(rc == ZS_OK);
    check_list(&l, size);
    fct_list_free(&l);
    double v;
    char unit[FCT_UNIT_MAX];
    size_t used;
    if (fct_parse_quantity(s, size, &v, unit, sizeof unit, &used) == ZS_OK) {
        FUZZ_CHECK(used > 0 && used <= size);
        FUZZ_CHECK(memchr(unit, '\0', sizeof unit) != NULL);
    }
    size_t stem;
    int dir = fct_change_word(s, size, &stem);
    FUZZ_CHECK(dir >= FCT_D_NONE && dir < FCT_D_COUNT_);
    if (dir != FCT_D_NONE) FUZZ_CHECK(stem <= size);
    size_t half = size / 2;
    (void)fct_field_matches(s, half, s + half, size - half);
    free(s);
    return 0;
}
