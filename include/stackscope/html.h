/* html.h - the step-through page (`--html FILE`), part of print. */
#ifndef STACKSCOPE_HTML_H
#define STACKSCOPE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/lesson.h"

#define HTML_MAX_PACKETS 5000 /* a capture page stops here, with a note */
#define HTML_MAX_BYTES 2048   /* bytes of each packet shown in hex */

struct html_page {
    const struct lesson_run *run;        /* packets, and the demo's steps (none for a capture) */
    const struct lesson_text *texts[2];  /* English, French */
    const char *lang;                    /* "en" or "fr": the language the page opens in */
    const char *title;
    uint32_t truncated_at;               /* 0, or the packet limit the capture was cut at */
};

/* The JSON embedded in the page (also what its golden tests compare). */
void print_html_data(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page);
/* The whole page. */
void print_html(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page);
/* Writing the page to a file, in three steps, so that a privileged process creates the file
 * (and later renames it) while an unprivileged one writes the page. Each returns -1 with
 * "cannot write 'path': reason" in err when it fails.
 * html_temp_open creates a temporary file beside path, mode 0666 less the umask; tmp receives
 * its name. Returns its fd. */
int html_temp_open(const char *path, char *tmp, size_t tmp_len, char *err, size_t err_len);
/* Writes the whole page to fd (path names it in the error). Returns 0 or -1. */
int print_html_fd(int fd, const char *path, const struct html_page *page, char *err,
                  size_t err_len);
/* Closes fd and renames tmp to path when ok, else removes tmp. Returns 0 or -1 (err set). */
int html_temp_commit(int fd, const char *tmp, const char *path, bool ok, char *err,
                     size_t err_len);

#endif
