/*
 * date.h - calendar dates of documents, as the index stores them: one u32
 * YYYYMMDD whose unknown parts are 0 (20240000: the year 2024 only,
 * 20240300: March 2024, 0: no date), and ranges of them for queries.
 *
 * Text forms are YYYY, YYYY-MM and YYYY-MM-DD (the forms of the sidecar and
 * of `date:` queries), validated: month 1-12, the day must exist in its
 * month (29 February only in leap years).
 *
 * Matching rule (date_in_range): a document's date stands for the whole
 * period its known parts name (2022 is 2022-01-01..2022-12-31, 2022-03 is
 * the month), and it matches a range when that whole period lies inside the
 * range.  A story dated only 2022 matches date:2022 and date:2021..2023 but
 * not date:2022-03: it is not known to be from March.  No date never
 * matches.
 */
#ifndef ZS_DATE_H
#define ZS_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Longest text form, "YYYY-MM-DD", without its NUL. */
#define DATE_TEXT_MAX 10
/* Years a date may have: four digits, 0 is "no date". */
#define DATE_YEAR_MIN 1
#define DATE_YEAR_MAX 9999

/* An inclusive range of full dates (YYYYMMDD with month and day). */
typedef struct date_range {
    uint32_t lo, hi;
} date_range;

/* The stored form of year, month (0 = unknown) and day (0 = unknown). */
static inline uint32_t date_make(int year, int month, int day)
{
    return (uint32_t)year * 10000u + (uint32_t)month * 100u + (uint32_t)day;
}

/* Days in `month` (1-12) of `year` (Gregorian). */
int date_days_in_month(int year, int month);

/* Is `date` a well-formed stored date: 0, or a year in range with a month
 * 0-12 and a day 0 or valid for the month (a day needs a month)? */
int date_valid(uint32_t date);

/* Parse `len` bytes, YYYY, YYYY-MM or YYYY-MM-DD, into a stored date.
 * Returns 0, or ZS_EINVAL with the reason in msg (cap bytes) and the byte
 * offset of the fault in *at. */
int date_parse(const char *s, size_t len, uint32_t *out, size_t *at, char *msg, size_t cap);

/* Parse a query value: one date (its whole period) or a range A..B whose
 * ends are dates (an end may be missing: ..2022-06, 2022-03..).  Returns 0,
 * or ZS_EINVAL with msg and *at as date_parse (an empty range, an end
 * before the start). */
int date_parse_range(const char *s, size_t len, date_range *out, size_t *at, char *msg, size_t cap);

/* Does the stored `date` match `r` (the rule above)? */
int date_in_range(uint32_t date, const date_range *r);

/* Write the text form of a stored date (YYYY-MM-DD, YYYY-MM or YYYY; ""
 * for 0) to out (DATE_TEXT_MAX + 1 bytes); returns its length. */
size_t date_format(uint32_t date, char *out);

#endif
