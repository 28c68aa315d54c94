/* walkthrough.h - the walkthrough's shared pieces, for the files that tell one topic of it (a
 * protocol, a scenario): the words' formatting, the 80-column wrapping, bytes quoted as the
 * lesson writes them, one layer's row of an encapsulation. Internal to the print part. */
#ifndef STACKSCOPE_PRINT_WALKTHROUGH_H
#define STACKSCOPE_PRINT_WALKTHROUGH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/lesson.h"

void wt_fmt(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
/* Writes text from column col, wrapping at 80 columns onto lines indented by indent
 * (print_wrap: a number keeps its time unit). Newlines in text start a new indented line. */
void wt_wrap(struct outbuf *ob, const char *text, int col, int indent);
/* One wrapped line of text, indented. */
void wt_line(struct outbuf *ob, const char *text, int indent);
/* Application bytes as the lesson writes them: "printable", others as \xNN, "..." when cut
 * after max bytes (28 for wt_quote_bytes) or when fewer than total were captured. */
void wt_quote_bytes_max(char *dst, size_t n, const uint8_t *p, uint32_t len, uint32_t total,
                        uint32_t max);
void wt_quote_bytes(char *dst, size_t n, const uint8_t *p, uint32_t len, uint32_t total);
/* "client" or "server" in the reader's language. */
const char *wt_side_word(const struct lesson_text *t, bool server);
/* A TCP segment that carries data. */
bool wt_is_data(const struct packet *p);
/* A duration in the reader's language ("41 µs", "0,041 s"). */
void wt_duration_text(char *dst, size_t n, const struct lesson_text *t, int64_t ns);
/* One layer of an encapsulation: a label column label_w wide, a byte column, then wrapped
 * details. */
void wt_layer_row(struct print_ctx *ctx, struct outbuf *ob, const char *color, const char *label,
                  int label_w, const char *bytes, const char *details);
/* A checksum's verdict in words. */
const char *wt_verdict(const struct lesson_text *t, enum checksum_status st);
/* a.b.c.d */
void wt_ip_text(char *dst, size_t n, const uint8_t a[4]);

#endif
