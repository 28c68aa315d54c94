/* html.h - the step-through page (`--html FILE`), part of print. */
#ifndef STACKSCOPE_HTML_H
#define STACKSCOPE_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/lesson.h"

#define HTML_MAX_PACKETS 5000 /* a capture page stops here, with a note */
#define HTML_MAX_BYTES 2048   /* bytes of each packet shown in hex */
#define HTML_FOLLOW_MAX_BYTES 65536 /* bytes of each conversation's follow view */

struct html_page {
    const struct lesson_run *run;        /* packets, and the demo's steps (none for a capture) */
    const struct lesson_text *texts[2];  /* English, French */
    const char *lang;                    /* "en" or "fr": the language the page opens in */
    const char *title;                   /* used when name is NULL */
    const char *name;                    /* what the title names: the scenario, the capture */
    uint32_t truncated_at;               /* 0, or the packet limit the capture was cut at */
};

/* The JSON embedded in the page (also what its golden tests compare). */
void print_html_data(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page);
/* "follow": each TCP conversation's bytes reassembled as --follow does (html_follow.c). */
void html_follow_json(struct outbuf *ob, const struct lesson_run *run);
/* The whole page. */
void print_html(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page);
/* Writes the whole page to fd, opened by out_file_open (out_file.h), which decides where the
 * page goes. Returns 0, or -1 with "cannot write 'path': reason" in err and errno set to the
 * write's error; path is shown as given: pass out_file's shown name. */
int print_html_fd(int fd, const char *path, const struct html_page *page, char *err,
                  size_t err_len);

#endif
