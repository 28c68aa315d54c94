/* page_file.c - see page_file.h. The helper is the privileged half of a privilege-separated
 * pair, kept as small as it can be: it reads one byte and renames or removes one file. */
#define _GNU_SOURCE /* close_range */
#include "page_file.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum { PAGE_COMMIT = 'c', PAGE_ABORT = 'a' };

/* Closes every descriptor but a and b (a < b). */
static void close_all_but(unsigned a, unsigned b)
{
    if (a > 0)
        close_range(0, a - 1, 0);
    if (b > a + 1)
        close_range(a + 1, b - 1, 0);
    close_range(b + 1, ~0U, 0);
}

/* Waits for the word of the main process: PAGE_COMMIT moves the page into place; anything
 * else, end of file included (the program died), removes the temporary file. Replies with
 * out_file_settle's result (0: done). */
static void helper_main(int sock, struct out_file *f)
{
    /* Ctrl-C reaches the whole process group: the helper stays to clean up after the program. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    /* Nothing but the socket and the folder: not the capture's socket, not the page, not
     * stdout (a pipe reader waits for every writer to close). */
    int lo = sock < f->dir ? sock : f->dir, hi = sock < f->dir ? f->dir : sock;
    close_all_but((unsigned)lo, (unsigned)hi);
    char word = 0;
    ssize_t n;
    while ((n = read(sock, &word, 1)) < 0 && errno == EINTR)
        ;
    int result = out_file_settle(f, n == 1 && word == PAGE_COMMIT);
    (void)!write(sock, &result, sizeof result);
    _exit(0);
}

int page_file_open(struct page_file *pf, const char *path, char *err, size_t err_len)
{
    pf->helper = -1;
    if (out_file_open(&pf->file, path, OUT_FILE_DASH_IS_STDOUT, err, err_len) < 0)
        return -1;
    pf->fd = pf->file.fd;
    pf->shown = pf->file.shown;
    if (pf->file.in_place)
        return 0; /* nothing to rename: no helper */
    int sv[2] = {-1, -1};
    pid_t pid = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0 && (pid = fork()) == 0)
        helper_main(sv[1], &pf->file);
    if (pid < 0) {
        out_file_error(&pf->file, errno, err, err_len);
        for (int i = 0; i < 2; i++)
            if (sv[i] >= 0)
                close(sv[i]);
        out_file_close(&pf->file);
        out_file_settle(&pf->file, false);
        return -1;
    }
    close(sv[1]);
    close(pf->file.dir); /* the helper's now */
    pf->file.dir = -1;
    pf->helper = sv[0];
    pf->helper_pid = pid;
    return 0;
}

int page_file_finish(struct page_file *pf, bool ok, char *err, size_t err_len)
{
    int e = out_file_close(&pf->file);
    if (e && ok) {
        out_file_error(&pf->file, e, err, err_len);
        ok = false;
    }
    if (pf->helper < 0) /* written in place */
        return ok ? 0 : -1;
    char word = ok ? PAGE_COMMIT : PAGE_ABORT;
    int result = EIO; /* the helper's reply; EIO if it never comes */
    if (write(pf->helper, &word, 1) == 1)
        while (read(pf->helper, &result, sizeof result) < 0 && errno == EINTR)
            ;
    close(pf->helper);
    pf->helper = -1;
    while (waitpid(pf->helper_pid, NULL, 0) < 0 && errno == EINTR)
        ;
    if (ok && result) {
        out_file_error(&pf->file, result, err, err_len);
        return -1;
    }
    return ok ? 0 : -1;
}
