/* suggest.c - closest names for "did you mean" (see suggest.h). */
#include "suggest.h"

#include <string.h>

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

size_t sug_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > SUG_NAME_MAX || nb > SUG_NAME_MAX) return (size_t)-1;
    size_t row[2][SUG_NAME_MAX + 1];
    for (size_t j = 0; j <= nb; j++) row[0][j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (fold(a[i - 1]) != fold(b[j - 1]));
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
    }
    return row[na & 1][nb];
}

const char *sug_closest(const char *word, size_t len, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t bd = SUG_MAX_EDITS + 1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = sug_distance(word, len, names[i], strlen(names[i]));
        if (dist < bd && 2 * dist < len) {
            bd = dist;
            best = names[i];
        }
    }
    return best;
}
