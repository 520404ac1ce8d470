/* util_run.c - run a command and capture its output (tests only). */
#define _XOPEN_SOURCE 700
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int grow_append(char **p, size_t *len, size_t *cap, const char *b, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1) c *= 2;
        char *q = realloc(*p, c);
        if (!q) return -1;
        *p = q;
        *cap = c;
    }
    memcpy(*p + *len, b, n);
    *len += n;
    (*p)[*len] = '\0';
    return 0;
}

int u_run_cmd(char *const *argv, const char *in, size_t in_len, u_run *r)
{
    memset(r, 0, sizeof *r);
    int pin[2], pout[2], perr[2];
    if (pipe(pin) || pipe(pout) || pipe(perr)) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[0]);
        close(pin[1]);
        close(pout[0]);
        close(pout[1]);
        close(perr[0]);
        close(perr[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    signal(SIGPIPE, SIG_IGN);
    size_t ocap = 0, ecap = 0, sent = 0;
    if (!in || in_len == 0) {
        close(pin[1]);
        pin[1] = -1;
    }
    int open_out = 1, open_err = 1;
    char tmp[65536];
    grow_append(&r->out, &r->out_len, &ocap, "", 0);
    grow_append(&r->err, &r->err_len, &ecap, "", 0);
    while (open_out || open_err) {
        struct pollfd fds[3];
        int n = 0;
        fds[n++] = (struct pollfd){pout[0], open_out ? POLLIN : 0, 0};
        fds[n++] = (struct pollfd){perr[0], open_err ? POLLIN : 0, 0};
        if (pin[1] >= 0) fds[n++] = (struct pollfd){pin[1], POLLOUT, 0};
        if (poll(fds, (nfds_t)n, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (open_out && (fds[0].revents & (POLLIN | POLLHUP))) {
            ssize_t k = read(pout[0], tmp, sizeof tmp);
            if (k <= 0)
                open_out = 0;
            else
                grow_append(&r->out, &r->out_len, &ocap, tmp, (size_t)k);
        }
        if (open_err && (fds[1].revents & (POLLIN | POLLHUP))) {
            ssize_t k = read(perr[0], tmp, sizeof tmp);
            if (k <= 0)
                open_err = 0;
            else
                grow_append(&r->err, &r->err_len, &ecap, tmp, (size_t)k);
        }
        if (pin[1] >= 0 && n == 3 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t k = write(pin[1], in + sent, in_len - sent);
            if (k > 0) sent += (size_t)k;
            if (k <= 0 || sent == in_len) {
                close(pin[1]);
                pin[1] = -1;
            }
        }
    }
    if (pin[1] >= 0) close(pin[1]);
    close(pout[0]);
    close(perr[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

void u_run_free(u_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}
