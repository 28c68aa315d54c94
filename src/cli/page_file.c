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

#include "stackscope/html.h"

enum { PAGE_COMMIT = 'c', PAGE_ABORT = 'a' };

/* Waits for the word of the main process: PAGE_COMMIT renames the page into place; anything
 * else, end of file included (the program died), removes the temporary file. Replies with the
 * rename's errno (0: done). */
static void helper_main(int sock, const char *tmp, const char *path)
{
    /* Ctrl-C reaches the whole process group: the helper stays to clean up after the program. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    /* Nothing but the socket: not the capture's socket, not the page, not stdout (a pipe
     * reader waits for every writer to close). */
    if (sock > 0)
        close_range(0, (unsigned)sock - 1, 0);
    close_range((unsigned)sock + 1, ~0U, 0);
    char word = 0;
    ssize_t n;
    while ((n = read(sock, &word, 1)) < 0 && errno == EINTR)
        ;
    int result = 0;
    if (n == 1 && word == PAGE_COMMIT && rename(tmp, path) != 0)
        result = errno;
    if (n != 1 || word != PAGE_COMMIT || result)
        unlink(tmp);
    (void)!write(sock, &result, sizeof result);
    _exit(0);
}

int page_file_open(struct page_file *pf, const char *path, char *err, size_t err_len)
{
    pf->path = path;
    pf->helper = -1;
    pf->fd = html_temp_open(path, pf->tmp, sizeof pf->tmp, err, err_len);
    if (pf->fd < 0)
        return -1;
    int sv[2] = {-1, -1};
    pid_t pid = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0 && (pid = fork()) == 0)
        helper_main(sv[1], pf->tmp, path);
    if (pid < 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        for (int i = 0; i < 2; i++)
            if (sv[i] >= 0)
                close(sv[i]);
        close(pf->fd);
        unlink(pf->tmp);
        return -1;
    }
    close(sv[1]);
    pf->helper = sv[0];
    pf->helper_pid = pid;
    return 0;
}

int page_file_finish(struct page_file *pf, bool ok, char *err, size_t err_len)
{
    if (close(pf->fd) != 0 && ok) {
        snprintf(err, err_len, "cannot write '%s': %s", pf->path, strerror(errno));
        ok = false;
    }
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
        snprintf(err, err_len, "cannot write '%s': %s", pf->path, strerror(result));
        return -1;
    }
    return ok ? 0 : -1;
}
