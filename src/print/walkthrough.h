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
/* A quote from wt_quote_bytes in the reader's marks: « … » in French (no-break spaces inside). */
void wt_quote_marks(char *dst, size_t n, const struct lesson_text *t);
/* Of two messages, the one a count of v takes: `one` for 1, and for 0 where the language says
 * "0 octet" (lesson_text.zero_singular); else `many`. */
enum lesson_msg wt_by_count(const struct lesson_text *t, enum lesson_msg one, enum lesson_msg many,
                            unsigned long v);
/* A count and its noun, as the language says it for v: "1 byte", "988 bytes", "0 octet". */
enum wt_noun { WT_BYTES, WT_PACKETS };
void wt_count(char *dst, size_t n, const struct lesson_text *t, enum wt_noun noun,
              unsigned long v);
/* "client" or "server" in the reader's language. */
const char *wt_side_word(const struct lesson_text *t, bool server);
/* A TCP segment that carries data. */
/* Some socket on the server's side answered; when not, the kernel did (its RSTs). */
/* close() step k told with the fd it closes and what that socket was (walk_close.c): false
 * when that is not known (a UDP run, a failed close, no socket() step for it). */
bool wt_close_say(char *dst, size_t n, const struct lesson_run *run, size_t k,
                  const struct lesson_text *t, enum lesson_msg *m);
bool wt_run_has_server(const struct lesson_run *run);
bool wt_is_data(const struct packet *p);
/* A duration in the reader's language ("41 µs", "0,041 s"). */
void wt_duration_text(char *dst, size_t n, const struct lesson_text *t, int64_t ns);
/* What a packet means, line by line, as the walkthrough tells it under the packet's line and
 * the page shows it in its detail pane (a TCP segment's; nothing for a datagram, which
 * walk_udp.c and the page tell): the flags' sentence (SYN, ACK, FIN, RST),
 * the packet it acknowledges and after how long (the handshake's round trip), the analysis'
 * verdicts and notes, each side's state change. */
enum wt_meaning_kind { WT_MEANING_SAY, WT_MEANING_ACKED, WT_MEANING_VERDICT, WT_MEANING_PROBLEM,
                       WT_MEANING_STATE };
#define WT_MEANING_MAX 12
struct wt_meaning {
    size_t n;
    struct wt_meaning_line {
        enum wt_meaning_kind kind;
        char text[600];
    } line[WT_MEANING_MAX];
};
void wt_packet_meaning(struct wt_meaning *m, const struct lesson_run *run, size_t index,
                       const struct lesson_text *t);
/* The climb up the receiver's layers that the walkthrough prints after each recv and recvfrom
 * that returned data, as it prints it (no colour), into climbs[k] for step k (memory outbufs,
 * one per step; nothing added for the other steps). */
void wt_step_climbs(struct outbuf *climbs, const struct lesson_run *run,
                    const struct lesson_text *t);
/* The way down the sender's layers that the walkthrough prints under each sendall's and sendto's
 * packets, as it prints it (no colour), into descents[k] for step k (memory outbufs, as climbs);
 * nothing for other steps. */
void wt_step_descents(struct outbuf *descents, const struct lesson_run *run,
                      const struct lesson_text *t);
/* The decimal digits of v (the width of a column of sizes up to v). */
int wt_digits(unsigned v);
/* One row of a climb up the receiver's layers: the size right-aligned in a column w wide (as
 * wide as the climb's widest, wt_digits), then text, its wrapped lines indented under itself. */
void wt_climb_row(struct outbuf *ob, int w, unsigned size, const char *text);
/* One layer of an encapsulation: a label column label_w wide, a byte column, then wrapped
 * details. */
void wt_layer_row(struct print_ctx *ctx, struct outbuf *ob, const char *color, const char *label,
                  int label_w, const char *bytes, const char *details);
/* An encapsulation's IPv4 row on top of `below` bytes: addresses, TTL, protocol, id, checksum,
 * in `detail`'s words (MSG_IP_DETAIL names TCP, MSG_UDP_IP_DETAIL UDP). */
void wt_ip_row(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
               const struct lesson_text *t, int label_w, unsigned below, enum lesson_msg detail);
/* An encapsulation's link row: what the link header says (Ethernet's addresses and type, or the
 * link type), on top of `below` bytes. */
void wt_link_row(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                 const struct lesson_text *t, int label_w, unsigned below);
/* "on the wire: 1054 bytes", under an encapsulation. */
void wt_on_wire(struct outbuf *ob, const struct packet *p, const struct lesson_text *t);
/* A checksum's verdict in words. */
const char *wt_verdict(const struct lesson_text *t, enum checksum_status st);
/* a.b.c.d */
void wt_ip_text(char *dst, size_t n, const uint8_t a[4]);

/* ---- the udp scenario (walk_udp.c) ---- */
/* The run makes UDP calls (sendto, recvfrom): its socket, bind and close are UDP's. */
bool wt_udp_run(const struct lesson_run *run);
/* A UDP datagram whose 8-byte header was captured. */
bool wt_is_datagram(const struct packet *p);
/* The data bytes a datagram carries on the wire. */
uint32_t wt_udp_payload_len(const struct packet *p);
/* The message explaining call s when UDP tells it differently (sendto, recvfrom always; socket,
 * bind, close in a UDP run): true and *m set, else false. */
bool wt_udp_call_msg(const struct lesson_step *s, bool udp, enum lesson_msg *m);
/* A datagram's line and its meaning; false (nothing printed) when the packet is no datagram. */
bool wt_udp_packet_line(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                        size_t index, const struct lesson_text *t);
/* A datagram wrapped on the sender's way down: application, UDP, IPv4, link. */
void wt_udp_encapsulation(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                          const struct lesson_text *t, bool server);
/* recvfrom step s returned: the first datagram to its socket among packets [0, upto) not yet
 * unwrapped climbs the receiver's layers (and is marked unwrapped). */
void wt_udp_recvfrom(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                     const struct lesson_step *s, size_t upto, bool *unwrapped,
                     const struct lesson_text *t);
/* What is not there that TCP would have: connection, handshake, ACK, sequence numbers, FIN, a
 * 20-byte header, partial reads. */
void wt_udp_absent(struct outbuf *ob, const struct lesson_text *t);
/* Adds a datagram's data and UDP header bytes to the summary's sums. */
void wt_udp_count(const struct packet *p, unsigned *payload, unsigned *udp_hdr);

/* ---- where segments matter (walk_loss.c) ---- */

/* One piece of what a recv() read: bytes [first, end) of packet index (relative sequence
 * numbers, the first data byte is 1). */
struct wt_recv_part {
    size_t index;
    uint32_t first, end;
};
/* The pieces of the peer's stream that step si's recv() read, in order, from the run's first
 * `limit` packets (for bytes carried twice, the copy captured last: the one the receiver took).
 * Sets [*first, *end); returns the count, 0 when the packets do not hold them all. */
size_t wt_recv_parts(const struct lesson_run *run, size_t si, size_t limit,
                     struct wt_recv_part *parts, size_t max, uint32_t *first, uint32_t *end);
/* "recv() read bytes 1–2048 of the client's stream: all of #9 (988 bytes), ...", unless the
 * recv read exactly one whole segment. server: the reader is the server. */
void wt_recv_range_line(struct outbuf *ob, const struct lesson_run *run,
                        const struct wt_recv_part *parts, size_t n, uint32_t first, uint32_t end,
                        bool server, const struct lesson_text *t);
/* lost-segment: after a sendall's packets (from index `from`), what became of the segment the
 * demo dropped, from the analysis' verdicts. Prints nothing for other steps and scenarios. */
void wt_loss_step(struct outbuf *ob, const struct lesson_run *run, size_t si, size_t from,
                  const struct lesson_text *t);

/* Each side's TCP state (walk_state.c): a state's name in the reader's language (NULL while
 * unknown); the sides whose state the packet changed, client first ("client: SYN-SENT ->
 * ESTABLISHED; server: ..."), false when none did; and that text as a walkthrough line. */
const char *wt_state_word(const struct lesson_text *t, uint8_t state);
bool wt_state_change_text(char *dst, size_t n, const struct lesson_text *t,
                          const struct flow_info *f);
void wt_state_lines(struct outbuf *ob, const struct lesson_packet *lp,
                    const struct lesson_text *t);
/* Each side's state before and after a packet, the client's and the server's (flow_info keeps
 * the sender's and the receiver's): for the ladder's state row and the change text. */
struct wt_side_states {
    uint8_t client_before, client_after, server_before, server_after;
};
struct wt_side_states wt_side_states(const struct flow_info *f);

/* HTTP (walk_http.c): after a data segment's encapsulation, an HTTP/1.x message in its payload
 * line by line (nothing for other payloads); after step k, when it was a recv that read an
 * HTTP response, HTTP set beside the homemade protocol. */
void wt_http_message(struct outbuf *ob, const struct packet *p, const struct lesson_text *t);
void wt_http_compare(struct outbuf *ob, const struct lesson_run *run, size_t k,
                     const struct lesson_text *t);

/* TIME-WAIT (walk_time_wait.c), from the run's steps: what setsockopt step s does (by the option
 * it records); why step k's bind failed with EADDRINUSE: MSG_ERR_EADDRINUSE (a socket
 * listens on the port) or MSG_TW_ERR_EADDRINUSE (the server's side of an old connection is in
 * TIME-WAIT; *close_step: the number of the step whose close left it there, else 0); after step
 * k, where the side that closed first (the server) enters TIME-WAIT, and after a failed bind
 * what TIME-WAIT is. */
enum lesson_msg wt_setsockopt_msg(const struct lesson_step *s);
enum lesson_msg wt_eaddrinuse_msg(const struct lesson_run *run, size_t k, size_t *close_step);
void wt_time_wait_notes(struct outbuf *ob, const struct lesson_run *run, size_t k,
                        const struct lesson_text *t);

/* The sentence that tells step k under its call, the one source of it for the walkthrough and
 * the page: its message (returned; the page names it by lesson_msg_names) and its text in t's
 * language, arguments filled in (the step number of the close that left TIME-WAIT). */
enum lesson_msg wt_step_say(char *dst, size_t n, const struct lesson_run *run, size_t k,
                            const struct lesson_text *t);

#endif
