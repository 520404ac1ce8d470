/* test_tokenize.c - exactly which tokens come out of mixed text, in both
 * modes, with positions and byte offsets. */
#include "buf.h"
#include "test.h"
#include "tokenize.h"

#include <stdio.h>

static const char *kind_name(tok_kind k)
{
    switch (k) {
    case TOK_BIGRAM:
        return "B";
    case TOK_UNIGRAM:
        return "U";
    case TOK_WORD:
        return "W";
    case TOK_PREFIX:
        return "P";
    }
    return "?";
}

/* "term/kind@pos[start,end)" separated by spaces */
static int render_one(void *ctx, const tok_token *t)
{
    buf *b = ctx;
    if (b->len) buf_putc(b, ' ');
    buf_printf(b, "%.*s/%s@%u[%u,%u)", (int)t->len, t->term, kind_name(t->kind), t->pos, t->start,
               t->end);
    return 0;
}

static char *render(const char *s, tok_mode mode, buf *b)
{
    buf_reset(b);
    tok_run(s, strlen(s), mode, render_one, b);
    return b->data;
}

static void test_mixed_doc(t_ctx *t)
{
    buf b;
    buf_init(&b);
    T_STR(t, render("2024年郑州市5G+医疗健康试点", TOK_DOC, &b),
          "2024/W@0[0,4) 年郑/B@4[4,10) 郑州/B@5[7,13) 州市/B@6[10,16) 市/U@7[13,16) "
          "5g/W@8[16,18) 医疗/B@11[19,25) 疗健/B@12[22,28) 健康/B@13[25,31) 康试/B@14[28,34) "
          "试点/B@15[31,37) 点/U@16[34,37)");
    T_STR(t, render("2024年郑州市5G+医疗健康试点", TOK_QUERY, &b),
          "2024/W@0[0,4) 年郑/B@4[4,10) 郑州/B@5[7,13) 州市/B@6[10,16) 5g/W@8[16,18) "
          "医疗/B@11[19,25) 疗健/B@12[22,28) 健康/B@13[25,31) 康试/B@14[28,34) "
          "试点/B@15[31,37)");
    buf_free(&b);
}

static void test_single_chars(t_ctx *t)
{
    buf b;
    buf_init(&b);
    /* a lone character: unigram in documents, prefix in queries */
    T_STR(t, render("蜱", TOK_DOC, &b), "蜱/U@0[0,3)");
    T_STR(t, render("蜱", TOK_QUERY, &b), "蜱/P@0[0,3)");
    /* punctuation breaks runs and takes a position: 医、共体 */
    T_STR(t, render("医、共体", TOK_DOC, &b), "医/U@0[0,3) 共体/B@2[6,12) 体/U@3[9,12)");
    T_STR(t, render("医共体", TOK_QUERY, &b), "医共/B@0[0,6) 共体/B@1[3,9)");
    /* a lone character inside a query word is exact; at the end, a prefix */
    T_STR(t, render("疗5G", TOK_QUERY, &b), "疗/U@0[0,3) 5g/W@1[3,5)");
    T_STR(t, render("5G医", TOK_QUERY, &b), "5g/W@0[0,2) 医/P@2[2,5)");
    buf_free(&b);
}

static void test_fold_and_words(t_ctx *t)
{
    buf b;
    buf_init(&b);
    /* full-width letters and digits fold to ASCII, case folds */
    T_STR(t, render("ＣＯＶＩＤ－１９", TOK_DOC, &b), "covid/W@0[0,15) 19/W@6[18,24)");
    /* decimal numbers stay whole; a trailing dot does not */
    T_STR(t, render("达到3.4个，98.3%。v2.", TOK_DOC, &b),
          "达到/B@0[0,6) 到/U@1[3,6) 3.4/W@2[6,9) 个/U@5[9,12) 98.3/W@7[15,19) v2/W@13[23,25)");
    /* compatibility ideograph folds to the unified one, then to simplified */
    T_STR(t, render("\xEF\xA4\x80", TOK_DOC, &b), "岂/U@0[0,3)");
    /* traditional and simplified give the same tokens, at the same offsets */
    T_STR(t, render("鄭州醫療", TOK_DOC, &b),
          "郑州/B@0[0,6) 州医/B@1[3,9) 医疗/B@2[6,12) 疗/U@3[9,12)");
    T_STR(t, render("郑州医疗", TOK_DOC, &b),
          "郑州/B@0[0,6) 州医/B@1[3,9) 医疗/B@2[6,12) 疗/U@3[9,12)");
    /* kana and hangul are CJK runs too */
    T_STR(t, render("カタ한국", TOK_DOC, &b),
          "カタ/B@0[0,6) タ한/B@1[3,9) 한국/B@2[6,12) 국/U@3[9,12)");
    buf_free(&b);
}

static void test_long_word(t_ctx *t)
{
    char s[200];
    memset(s, 'a', 150);
    s[150] = '\0';
    buf b;
    buf_init(&b);
    render(s, TOK_DOC, &b);
    /* one token, cut at TOK_WORD_MAX bytes, covering the whole run */
    char want[200];
    snprintf(want, sizeof want, "%.*s/W@0[0,150)", TOK_WORD_MAX, s);
    T_STR(t, b.data, want);
    T_INT(t, tok_count("2024年郑州市5G+医疗健康试点", strlen("2024年郑州市5G+医疗健康试点")), 12);
    T_INT(t, tok_count("", 0), 0);
    buf_free(&b);
}

void suite_tokenize(t_ctx *t)
{
    t_run(t, "tokenize_mixed", test_mixed_doc);
    t_run(t, "tokenize_single_chars", test_single_chars);
    t_run(t, "tokenize_fold_words", test_fold_and_words);
    t_run(t, "tokenize_long_word", test_long_word);
}
