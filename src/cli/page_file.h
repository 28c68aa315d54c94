/* page_file.h - the file of `--html FILE`: a temporary file created beside FILE before the
 * privileges drop (as -w's file is opened before), written at the end, renamed into place. */
#ifndef STACKSCOPE_PAGE_FILE_H
#define STACKSCOPE_PAGE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct page_file {
    const char *path; /* the page, as given */
    char tmp[4096];   /* the temporary file beside it */
    int fd;           /* open on tmp, for writing the page */
    int helper;       /* socket to the helper that renames tmp, -1 once it is done */
    pid_t helper_pid;
};

/* Creates the temporary file (mode 0666 less the umask, as any new file) and starts its helper:
 * a process that keeps the privileges the program started with, holds nothing else, and at the
 * end renames the file into place, or removes it if the program failed or was killed. So the
 * page lands in a folder that only root may write, once the program runs as nobody, and an
 * interrupted run leaves nothing behind. Returns 0, or -1 with "cannot write 'FILE': reason". */
int page_file_open(struct page_file *pf, const char *path, char *err, size_t err_len);
/* Closes fd; when ok, renames the page into place (-1 with err set if that fails), else
 * removes the temporary file and returns 0. Ends the helper either way. */
int page_file_finish(struct page_file *pf, bool ok, char *err, size_t err_len);

#endif
