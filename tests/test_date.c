/* test_date.c - document dates (date.h): parsing with validation, ranges
 * with open ends and the column of a fault, the matching rule against a
 * day-by-day brute force, and the text form. */
#include "date.h"
#include "err.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

static uint32_t parse(const char *s, int *rc, size_t *at)
{
    uint32_t v = 0;
    char msg[128];
    *at = 99;
    *rc = date_parse(s, strlen(s), &v, at, msg, sizeof msg);
    return v;
}

static void test_parse(t_ctx *t)
{
    int rc;
    size_t at;
    T_INT(t, parse("2024", &rc, &at), 20240000);
    T_INT(t, rc, 0);
    T_INT(t, parse("2024-03", &rc, &at), 20240300);
    T_INT(t, parse("2024-02-29", &rc, &at), 20240229); /* leap year */
    T_INT(t, rc, 0);
    T_INT(t, parse("2000-02-29", &rc, &at), 20000229); /* divisible by 400 */
    T_INT(t, rc, 0);
    T_INT(t, parse("2022-12-31", &rc, &at), 20221231);
    /* refused, with where */
    struct {
        const char *s;
        size_t at;
    } bad[] = {
        {"2023-02-29", 8}, {"1900-02-29", 8}, {"2022-04-31", 8},  {"2022-13", 5}, {"2022-00", 5},
        {"2022-03-00", 8}, {"2022-3", 4},     {"22", 2},          {"20x2", 2},    {"2022/03", 4},
        {"2022-03-5", 4},  {"0000", 0},       {"2022-03-05x", 4}, {"", 0}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        parse(bad[i].s, &rc, &at);
        if (!T_INT(t, rc, ZS_EINVAL)) fprintf(stderr, "  accepted '%s'\n", bad[i].s);
        if (!T_INT(t, at, bad[i].at)) fprintf(stderr, "  '%s'\n", bad[i].s);
    }
    char msg[128];
    uint32_t v;
    T_INT(t, date_parse("2022-02-30", 10, &v, &at, msg, sizeof msg), ZS_EINVAL);
    T_STR(t, msg, "day 30 does not exist in 2022-02");
    /* stored values */
    T_OK(t, date_valid(0) && date_valid(20240000) && date_valid(20240300) && date_valid(20240229));
    T_OK(t, !date_valid(20230229) && !date_valid(20241300) && !date_valid(20240005) &&
                !date_valid(100000000) && !date_valid(1300));
}

static void test_format(t_ctx *t)
{
    char b[DATE_TEXT_MAX + 1];
    T_INT(t, date_format(20240121, b), 10);
    T_STR(t, b, "2024-01-21");
    date_format(20240100, b);
    T_STR(t, b, "2024-01");
    date_format(20240000, b);
    T_STR(t, b, "2024");
    T_INT(t, date_format(0, b), 0);
    T_STR(t, b, "");
    /* the text form parses back to the same value */
    const uint32_t v[] = {20240121, 20240100, 20240000, 19991231};
    for (size_t i = 0; i < 4; i++) {
        int rc;
        size_t at;
        date_format(v[i], b);
        T_INT(t, parse(b, &rc, &at), v[i]);
    }
    /* written by hand as printf wrote it, stored dates or not (years of
     * fewer digits, months and days out of range, years past 9999) */
    int bad = 0;
    for (uint64_t d64 = 1; d64 <= UINT32_MAX; d64 += 7919u) {
        uint32_t d = (uint32_t)d64;
        uint32_t y = d / 10000, m = d / 100 % 100, dd = d % 100;
        char want[64];
        if (m == 0)
            snprintf(want, sizeof want, "%04u", y);
        else if (dd == 0)
            snprintf(want, sizeof want, "%04u-%02u", y, m);
        else
            snprintf(want, sizeof want, "%04u-%02u-%02u", y, m, dd);
        want[DATE_TEXT_MAX] = '\0';
        size_t n = date_format(d, b);
        bad += strcmp(b, want) != 0 || n != strlen(want);
    }
    T_INT(t, bad, 0);
}

static int range(const char *s, date_range *r, size_t *at)
{
    char msg[128];
    return date_parse_range(s, strlen(s), r, at, msg, sizeof msg);
}

static void test_ranges(t_ctx *t)
{
    date_range r;
    size_t at;
    T_INT(t, range("2022", &r, &at), 0);
    T_INT(t, r.lo, 20220101);
    T_INT(t, r.hi, 20221231);
    T_INT(t, range("2024-02", &r, &at), 0);
    T_INT(t, r.hi, 20240229);
    T_INT(t, range("2022-03-01..2022-06-30", &r, &at), 0);
    T_INT(t, r.lo, 20220301);
    T_INT(t, r.hi, 20220630);
    T_INT(t, range("2022-03..2022", &r, &at), 0); /* ends of mixed precision */
    T_INT(t, r.lo, 20220301);
    T_INT(t, r.hi, 20221231);
    T_INT(t, range("..2022-06", &r, &at), 0);
    T_INT(t, r.lo, 0);
    T_INT(t, r.hi, 20220630);
    T_INT(t, range("2022-03..", &r, &at), 0);
    T_INT(t, r.lo, 20220301);
    T_OK(t, r.hi >= 99991231);
    T_INT(t, range("2022-03-05..2022-03-05", &r, &at), 0); /* one day */
    /* faults and their offsets */
    T_INT(t, range("..", &r, &at), ZS_EINVAL);
    T_INT(t, range("2022-06..2022-03", &r, &at), ZS_EINVAL);
    T_INT(t, at, 9);
    T_INT(t, range("2022-03..2022-02-30", &r, &at), ZS_EINVAL);
    T_INT(t, at, 17);
    T_INT(t, range("2022-13..2023", &r, &at), ZS_EINVAL);
    T_INT(t, at, 5);
    T_INT(t, range("", &r, &at), ZS_EINVAL);
    T_INT(t, range("2022...2023", &r, &at), ZS_EINVAL);
}

/* The rule, brute force: every day of the document's period lies in the
 * range.  Days are walked one by one with their own month lengths. */
static int oracle(uint32_t date, const date_range *r)
{
    if (date == 0) return 0;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = (int)(date / 10000), m0 = (int)(date / 100 % 100), d0 = (int)(date % 100);
    for (int m = 1; m <= 12; m++) {
        if (m0 && m != m0) continue;
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int n = mdays[m - 1] + (m == 2 && leap);
        for (int d = 1; d <= n; d++) {
            if (d0 && d != d0) continue;
            uint32_t day = (uint32_t)(y * 10000 + m * 100 + d);
            if (day < r->lo || day > r->hi) return 0;
        }
    }
    return 1;
}

static void test_rule(t_ctx *t)
{
    /* the documented examples */
    date_range r;
    size_t at;
    range("2022", &r, &at);
    T_OK(t, date_in_range(20220000, &r) && date_in_range(20220300, &r));
    range("2022-03", &r, &at);
    T_OK(t, !date_in_range(20220000, &r) && date_in_range(20220300, &r) &&
                date_in_range(20220331, &r) && !date_in_range(20220401, &r));
    T_OK(t, !date_in_range(0, &r));
    /* against the brute force, over many dates and ranges */
    const char *ranges[] = {"2022",
                            "2022-03",
                            "2022-02-28",
                            "2021..2022",
                            "2022-02..2022-03",
                            "..2022-03",
                            "2022-03..",
                            "2021-12-31..2022-01-01",
                            "2022-01-01..2022-12-31",
                            "2020-02-29..2020-03"};
    unsigned seed = 12345, bad = 0, checked = 0;
    for (int k = 0; k < 4000; k++) {
        seed = seed * 1103515245u + 12345u;
        int y = 2019 + (int)(seed >> 16) % 5;
        seed = seed * 1103515245u + 12345u;
        int m = (int)(seed >> 16) % 13; /* 0: unknown */
        seed = seed * 1103515245u + 12345u;
        int d = m ? (int)(seed >> 16) % 29 : 0; /* 0: unknown; days 1-28 exist in every month */
        uint32_t date = (k % 50 == 0) ? 0 : date_make(y, m, d);
        for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
            if (!T_INT(t, range(ranges[i], &r, &at), 0)) continue;
            checked++;
            if (date_in_range(date, &r) != oracle(date, &r)) bad++;
        }
    }
    T_INT(t, bad, 0);
    T_INT(t, checked, 40000);
}

void suite_date(t_ctx *t)
{
    t_run(t, "date_parse", test_parse);
    t_run(t, "date_format", test_format);
    t_run(t, "date_ranges", test_ranges);
    t_run(t, "date_rule", test_rule);
}
