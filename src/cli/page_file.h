/* page_file.h - the file of `--html FILE`, opened before the privileges drop (as -w's file is)
 * where out_file_open decides: a temporary file beside FILE, renamed into place at the end by a
 * helper that kept the privileges; or FILE itself (a link, device, FIFO, "-") written in place. */
#ifndef STACKSCOPE_PAGE_FILE_H
#define STACKSCOPE_PAGE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "stackscope/out_file.h"

struct page_file {
    struct out_file file;
    int fd;              /* file.fd: the page is written here */
    const char *shown;   /* FILE as messages show it (for print_html_fd) */
    int helper;          /* socket to the helper that renames the file, -1 when none */
    pid_t helper_pid;
};

/* Opens the page's file (out_file_open; "-" is standard output) and, when there is a file to
 * rename, starts its helper: a process that keeps the privileges the program started with,
 * holds nothing but the folder, and at the end renames the file into place, or removes it if
 * the program failed or was killed. So the page lands in a folder that only root may write,
 * once the program runs as nobody, and an interrupted run leaves nothing behind. Returns 0, or
 * -1 with "cannot write 'FILE': reason". */
int page_file_open(struct page_file *pf, const char *path, char *err, size_t err_len);
/* Closes fd; when ok, moves the page into place (-1 with err set if that fails), else removes
 * the temporary file and returns -1 (0 if ok was false and nothing else failed). Ends the
 * helper either way. */
int page_file_finish(struct page_file *pf, bool ok, char *err, size_t err_len);

#endif
