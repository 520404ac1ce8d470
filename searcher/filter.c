/* filter.c - resolving city and year filters (see filter.h). */
#include "filter.h"

#include "format.h"
#include "err.h"
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void flt_init(flt_set *s)
{
    memset(s, 0, sizeof *s);
}

void flt_free(flt_set *s)
{
    free(s->city);
    free(s->year);
    free(s->date);
    memset(s, 0, sizeof *s);
}

static int push(uint32_t **v, size_t *n, uint32_t x)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i] == x) return ZS_OK;
    uint32_t *p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p) return ZS_ENOMEM;
    *v = p;
    p[(*n)++] = x;
    return ZS_OK;
}

int flt_add_city(flt_set *s, const gaz *g, const char *value, zs_diag *d)
{
    gaz_resolution r;
    int rc = gaz_resolve(g, value, strlen(value), &r);
    if (rc)
        return zs_fail(d, ZS_EINVAL,
                       "unknown place '%s' (a city, county, province or division code)", value);
    for (size_t i = 0; i < r.nunits; i++) {
        const gaz_unit *u = r.units[i];
        /* a province filters by its own term, which every passage about one
         * of its cities also has */
        uint32_t code = GAZ_TAG_CODE(u);
        if ((rc = push(&s->city, &s->ncity, code))) return rc;
    }
    return ZS_OK;
}

static int parse_year(const char *s, size_t n, long *out)
{
    if (n != 4) return -1;
    long y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        y = y * 10 + (s[i] - '0');
    }
    if (y < FMT_YEAR_MIN || y > FMT_YEAR_MAX) return -1;
    *out = y;
    return 0;
}

int flt_add_year(flt_set *s, const char *value, zs_diag *d)
{
    const char *dots = strstr(value, "..");
    long a, b;
    int ok = dots ? parse_year(value, (size_t)(dots - value), &a) == 0 &&
                        parse_year(dots + 2, strlen(dots + 2), &b) == 0
                  : parse_year(value, strlen(value), &a) == 0;
    if (!dots) b = a;
    if (!ok)
        return zs_fail(d, ZS_EINVAL,
                       "bad year '%s' (a year such as 2024, or a range such as 2021..2025, "
                       "from %d to %d)",
                       value, FMT_YEAR_MIN, FMT_YEAR_MAX);
    if (a > b || b - a >= FLT_MAX_YEARS)
        return zs_fail(d, ZS_EINVAL,
                       "bad year range '%s' (the first year comes first, at most %d years)", value,
                       FLT_MAX_YEARS);
    for (long y = a; y <= b; y++) {
        int rc = push(&s->year, &s->nyear, (uint32_t)y);
        if (rc) return rc;
    }
    return ZS_OK;
}

int flt_add_date(flt_set *s, const char *value, size_t *at, zs_diag *d)
{
    date_range r;
    char why[128];
    if (date_parse_range(value, strlen(value), &r, at, why, sizeof why))
        return zs_fail(d, ZS_EINVAL, "bad date '%s': %s (e.g. 2022-03 or 2022-03-01..2022-06-30)",
                       value, why);
    date_range *p = realloc(s->date, (s->ndate + 1) * sizeof *p);
    if (!p) return ZS_ENOMEM;
    s->date = p;
    p[s->ndate++] = r;
    return ZS_OK;
}

void flt_finish(flt_set *s)
{
    s->nf = 0;
    if (s->ncity) s->f[s->nf++] = (srch_filter){FMT_FIELD_CITY, s->city, s->ncity, NULL};
    if (s->nyear) s->f[s->nf++] = (srch_filter){FMT_FIELD_YEAR, s->year, s->nyear, NULL};
    if (s->ndate) s->f[s->nf++] = (srch_filter){SRCH_FILTER_DATE, NULL, s->ndate, s->date};
}
