/* test_buf.c - the buffer's sticky error: after the first failure every
 * append does nothing and returns it, so a writer checks once (issue 11,
 * "one error discipline"). */
#include "buf.h"
#include "err.h"
#include "test.h"

#include <stdint.h>
#include <string.h>

static void sticky(t_ctx *t)
{
    buf b;
    buf_init(&b);
    T_INT(t, buf_puts(&b, "abc"), 0);
    T_INT(t, buf_error(&b), 0);
    /* a request no allocator can meet fails the same way as malloc would */
    T_INT(t, buf_grow(&b, SIZE_MAX), ZS_ENOMEM);
    T_INT(t, buf_error(&b), ZS_ENOMEM);
    T_INT(t, buf_puts(&b, "def"), ZS_ENOMEM);
    T_INT(t, buf_putc(&b, 'g'), ZS_ENOMEM);
    T_INT(t, buf_printf(&b, "%d", 42), ZS_ENOMEM);
    T_INT(t, buf_grow(&b, 1), ZS_ENOMEM);
    T_STR(t, b.data, "abc"); /* the old contents, nothing after the failure */
    buf_reset(&b);
    T_INT(t, buf_error(&b), ZS_ENOMEM); /* reset keeps the error */
    buf_free(&b);
    T_INT(t, buf_error(&b), 0);
    T_INT(t, buf_puts(&b, "ok"), 0);
    T_STR(t, b.data, "ok");
    buf_free(&b);
}

static void set_error(t_ctx *t)
{
    buf b;
    buf_init(&b);
    T_INT(t, buf_set_error(&b, 0), 0);
    T_INT(t, buf_set_error(&b, ZS_ECORRUPT), ZS_ECORRUPT);
    T_INT(t, buf_set_error(&b, ZS_ENOMEM), ZS_ECORRUPT); /* the first one stays */
    T_INT(t, buf_add(&b, "x", 1), ZS_ECORRUPT);
    T_INT(t, (int)b.len, 0);
    buf_free(&b);
}

void suite_buf(t_ctx *t)
{
    t_run(t, "buf_sticky", sticky);
    t_run(t, "buf_set_error", set_error);
}
