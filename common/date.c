/* date.c - document dates (see date.h). */
#include "date.h"

#include "err.h"

#include <stdio.h>
#include <string.h>

/* Open ends of a range: before the first and after the last full date. */
#define DATE_LOWEST  0u
#define DATE_HIGHEST 99991231u

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

int date_valid(uint32_t date)
{
    if (date == 0) return 1;
    int y = (int)(date / 10000), m = (int)(date / 100 % 100), d = (int)(date % 100);
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m > 12) return 0;
    if (d == 0) return 1;
    return m != 0 && d <= date_days_in_month(y, m);
}

/* `n` ASCII digits at s as a number, or -1. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int fail(size_t *at, size_t pos, char *msg, size_t cap, const char *why)
{
    *at = pos;
    snprintf(msg, cap, "%s", why);
    return ZS_EINVAL;
}

/* The first byte of s[0, len) that is not a digit (len when all are). */
static size_t first_nondigit(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    return i;
}

int date_parse(const char *s, size_t len, uint32_t *out, size_t *at, char *msg, size_t cap)
{
    static const char form[] = "a date is YYYY, YYYY-MM or YYYY-MM-DD";
    *out = 0;
    if (len != 4 && len != 7 && len != 10) {
        size_t k = first_nondigit(s, len);
        return fail(at, k < 4 ? k : len < 4 ? 0 : 4, msg, cap, form);
    }
    int y = digits(s, 4);
    if (y < DATE_YEAR_MIN) return fail(at, y < 0 ? first_nondigit(s, 4) : 0, msg, cap, form);
    int m = 0, d = 0;
    if (len >= 7) {
        if (s[4] != '-') return fail(at, 4, msg, cap, form);
        m = digits(s + 5, 2);
        if (m < 0) return fail(at, 5, msg, cap, form);
        if (m < 1 || m > 12) {
            snprintf(msg, cap, "month %02d is not 1 to 12", m);
            *at = 5;
            return ZS_EINVAL;
        }
    }
    if (len == 10) {
        if (s[7] != '-') return fail(at, 7, msg, cap, form);
        d = digits(s + 8, 2);
        if (d < 0) return fail(at, 8, msg, cap, form);
        if (d < 1 || d > date_days_in_month(y, m)) {
            snprintf(msg, cap, "day %02d does not exist in %04d-%02d", d, y, m);
            *at = 8;
            return ZS_EINVAL;
        }
    }
    *out = date_make(y, m, d);
    return ZS_OK;
}

/* The first and last full dates of the period a stored date names. */
static void period(uint32_t date, uint32_t *lo, uint32_t *hi)
{
    int y = (int)(date / 10000), m = (int)(date / 100 % 100), d = (int)(date % 100);
    if (m == 0) {
        *lo = date_make(y, 1, 1);
        *hi = date_make(y, 12, 31);
    } else if (d == 0) {
        *lo = date_make(y, m, 1);
        *hi = date_make(y, m, date_days_in_month(y, m));
    } else {
        *lo = *hi = date;
    }
}

int date_parse_range(const char *s, size_t len, date_range *out, size_t *at, char *msg, size_t cap)
{
    size_t dots = len;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = i;
            break;
        }
    uint32_t a, b, tmp;
    int rc;
    if (dots == len) {
        if (len == 0) return fail(at, 0, msg, cap, "a date is YYYY, YYYY-MM or YYYY-MM-DD");
        if ((rc = date_parse(s, len, &a, at, msg, cap))) return rc;
        period(a, &out->lo, &out->hi);
        return ZS_OK;
    }
    size_t blen = len - dots - 2;
    if (dots == 0 && blen == 0)
        return fail(at, 0, msg, cap, "a range needs a date on at least one side of '..'");
    out->lo = DATE_LOWEST;
    out->hi = DATE_HIGHEST;
    if (dots) {
        if ((rc = date_parse(s, dots, &a, at, msg, cap))) return rc;
        period(a, &out->lo, &tmp);
    }
    if (blen) {
        if ((rc = date_parse(s + dots + 2, blen, &b, at, msg, cap))) {
            *at += dots + 2;
            return rc;
        }
        period(b, &tmp, &out->hi);
    }
    if (out->lo > out->hi)
        return fail(at, dots + 2, msg, cap, "the end of the range comes before its start");
    return ZS_OK;
}

int date_in_range(uint32_t date, const date_range *r)
{
    if (date == 0) return 0;
    uint32_t lo, hi;
    period(date, &lo, &hi);
    return lo >= r->lo && hi <= r->hi;
}

/* Two digits of v (< 100) at out. */
static void two_digits(char *out, int v)
{
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

size_t date_format(uint32_t date, char *out)
{
    out[0] = '\0';
    if (date == 0) return 0;
    int y = (int)(date / 10000), m = (int)(date / 100 % 100), d = (int)(date % 100);
    if (y > DATE_YEAR_MAX) { /* not a stored date: as printf cuts it */
        int n = m == 0   ? snprintf(out, DATE_TEXT_MAX + 1, "%04d", y)
                : d == 0 ? snprintf(out, DATE_TEXT_MAX + 1, "%04d-%02d", y, m)
                         : snprintf(out, DATE_TEXT_MAX + 1, "%04d-%02d-%02d", y, m, d);
        return n > 0 ? strlen(out) : 0;
    }
    /* by hand: snprintf was 3 % of a bulk JSON export */
    two_digits(out, y / 100);
    two_digits(out + 2, y % 100);
    size_t n = 4;
    if (m) {
        out[n++] = '-';
        two_digits(out + n, m);
        n += 2;
        if (d) {
            out[n++] = '-';
            two_digits(out + n, d);
            n += 2;
        }
    }
    out[n] = '\0';
    return n;
}
