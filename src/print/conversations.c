/* conversations.c - --conversations: the conversation table (stackscope/conversations.h) as text
 * for people and as JSON lines for programs, printed once the capture ends.
 *
 * Text: a section for TCP, then one for UDP, each in order of first packet. tshark's conv table
 * puts everything on one line 140 columns wide; here each conversation takes two lines so that
 * the common case reads at 80 columns: who and when (stream, endpoints, start, duration, the
 * handshake's RTT, how it ended), then what went each way (packets, bytes, retransmissions,
 * duplicate ACKs) under its own heads. Columns take the width of their widest cell, so long
 * IPv6 endpoints widen the table instead of breaking it. The words come from the lesson's tables
 * (LESSON_CONVERSATION_MESSAGES), English or French. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/conversations.h"
#include "stackscope/lesson.h"
#include "stackscope/print.h"

enum { PROTO_TCP = 6, PROTO_UDP = 17 };

/* Columns of a conversation's first line, then of its second; the UDP table has no RTT, end,
 * retransmissions or duplicate ACKs. */
enum col {
    COL_STREAM,
    COL_A,
    COL_B,
    COL_START,
    COL_DURATION,
    COL_RTT,
    COL_END,
    COL_AB_PACKETS,
    COL_AB_BYTES,
    COL_BA_PACKETS,
    COL_BA_BYTES,
    COL_RETRANS,
    COL_DUP_ACKS,
    COL_COUNT_
};
#define FIRST_LINE_END COL_AB_PACKETS /* the columns before it are on the first line */

static const enum lesson_msg col_head[COL_COUNT_] = {
    [COL_STREAM] = MSG_CONV_HEAD_STREAM,     [COL_A] = MSG_CONV_HEAD_A,
    [COL_B] = MSG_CONV_HEAD_B,               [COL_START] = MSG_CONV_HEAD_START,
    [COL_DURATION] = MSG_CONV_HEAD_DURATION, [COL_RTT] = MSG_CONV_HEAD_RTT,
    [COL_END] = MSG_CONV_HEAD_END,           [COL_AB_PACKETS] = MSG_CONV_HEAD_AB_PACKETS,
    [COL_AB_BYTES] = MSG_CONV_HEAD_BYTES,    [COL_BA_PACKETS] = MSG_CONV_HEAD_BA_PACKETS,
    [COL_BA_BYTES] = MSG_CONV_HEAD_BYTES,    [COL_RETRANS] = MSG_CONV_HEAD_RETRANS,
    [COL_DUP_ACKS] = MSG_CONV_HEAD_DUP_ACKS,
};

/* Text columns read from the left; numbers line up on the right. */
static bool left_aligned(enum col c)
{
    return c == COL_A || c == COL_B || c == COL_END;
}

static bool shown(enum col c, uint8_t proto)
{
    return proto == PROTO_TCP ||
           !(c == COL_RTT || c == COL_END || c == COL_RETRANS || c == COL_DUP_ACKS);
}

static const char *text(enum print_lang lang, enum lesson_msg m)
{
    return lesson_text_of(lang)->msg[m];
}

/* address:port, an IPv6 address in brackets ([2001:db8::1]:80), as URLs write it. */
static void endpoint(struct outbuf *ob, const struct conversation *r, int side)
{
    const uint8_t *a = conversation_addr(r, side);
    if (r->key.family == 4) {
        ob_ipv4(ob, a);
    } else {
        ob_putc(ob, '[');
        ob_ipv6(ob, a);
        ob_putc(ob, ']');
    }
    ob_putc(ob, ':');
    ob_u64(ob, conversation_port(r, side));
}

/* Seconds with six decimals (the capture's microseconds), the language's decimal sign. */
static void seconds(struct outbuf *ob, enum print_lang lang, int64_t ns)
{
    uint64_t m = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    if (ns < 0)
        ob_putc(ob, '-');
    ob_u64(ob, m / 1000000000u);
    ob_putc(ob, lesson_text_of(lang)->decimal);
    char digits[6];
    for (uint64_t us = m / 1000u % 1000000u, i = 6; i-- > 0; us /= 10)
        digits[i] = (char)('0' + us % 10);
    ob_write(ob, digits, sizeof digits);
}

/* How the connection ended, in a few characters: "FIN A,B" (A closed first, then B), "FIN B"
 * (only B closed), "RST A" (reset by A), "open". */
static void end_cell(struct outbuf *ob, enum print_lang lang, const struct conversation *r)
{
    static const char side_name[2] = {'A', 'B'};
    switch (conversation_end(r)) {
    case CONVERSATION_END_RESET:
        ob_puts(ob, "RST ");
        ob_putc(ob, side_name[r->reset_by]);
        break;
    case CONVERSATION_END_CLOSED:
        ob_puts(ob, "FIN ");
        ob_putc(ob, side_name[r->first_fin]);
        ob_putc(ob, ',');
        ob_putc(ob, side_name[!r->first_fin]);
        break;
    case CONVERSATION_END_HALF_CLOSED:
        ob_puts(ob, "FIN ");
        ob_putc(ob, side_name[r->first_fin]);
        break;
    case CONVERSATION_END_OPEN:
        ob_puts(ob, text(lang, MSG_CONV_END_OPEN));
        break;
    case CONVERSATION_END_NONE:
        break;
    }
}

/* One cell of row r into ob. */
static void cell(struct outbuf *ob, enum print_lang lang, const struct conversations *c,
                 const struct conversation *r, enum col col)
{
    switch (col) {
    case COL_STREAM: ob_u64(ob, r->stream); break;
    case COL_A: endpoint(ob, r, 0); break;
    case COL_B: endpoint(ob, r, 1); break;
    case COL_START: seconds(ob, lang, r->first_ns - c->capture_first_ns); break;
    case COL_DURATION: seconds(ob, lang, r->last_ns - r->first_ns); break;
    case COL_RTT:
        if (r->has_initial_rtt)
            print_duration(ob, lang, r->initial_rtt_ns);
        else
            ob_putc(ob, '-');
        break;
    case COL_END: end_cell(ob, lang, r); break;
    case COL_AB_PACKETS: ob_u64(ob, r->packets[0]); break;
    case COL_AB_BYTES: ob_u64(ob, r->bytes[0]); break;
    case COL_BA_PACKETS: ob_u64(ob, r->packets[1]); break;
    case COL_BA_BYTES: ob_u64(ob, r->bytes[1]); break;
    case COL_RETRANS: ob_u64(ob, r->retransmissions); break;
    case COL_DUP_ACKS: ob_u64(ob, r->duplicate_acks); break;
    case COL_COUNT_: break;
    }
}

struct table {
    enum print_lang lang;
    const struct conversations *c;
    uint8_t proto;
    int width[COL_COUNT_];
    int indent; /* where the second line starts: under the A column */
    struct outbuf scratch; /* one cell at a time, to measure it */
};

static int measure(struct table *t, const struct conversation *r, enum col col)
{
    t->scratch.len = 0;
    cell(&t->scratch, t->lang, t->c, r, col);
    return print_text_width(t->scratch.buf, t->scratch.len);
}

/* Each column as wide as its head and its widest cell. */
static void measure_columns(struct table *t)
{
    for (int col = 0; col < COL_COUNT_; col++) {
        const char *h = text(t->lang, col_head[col]);
        t->width[col] = print_text_width(h, strlen(h));
    }
    for (uint32_t i = 0; i < t->c->count; i++) {
        const struct conversation *r = &t->c->rows[i];
        if (r->proto != t->proto)
            continue;
        for (int col = 0; col < COL_COUNT_; col++) {
            int w = measure(t, r, (enum col)col);
            if (w > t->width[col])
                t->width[col] = w;
        }
    }
    t->indent = t->width[COL_STREAM] + 2;
}

/* Text s (n bytes, w columns) padded to the column's width; a space before each column but the
 * line's first. */
static void put_cell(struct outbuf *ob, const struct table *t, enum col col, bool first,
                     const char *s, size_t n, int w)
{
    int pad = t->width[col] - w;
    if (!first)
        ob_spaces(ob, 2);
    if (!left_aligned(col))
        ob_spaces(ob, pad);
    ob_write(ob, s, n);
    if (left_aligned(col) && col != COL_END) /* the end is last on its line: no spaces after */
        ob_spaces(ob, pad);
}

/* One of the two lines of row r, or of the heads when r is NULL. */
static void put_line(struct outbuf *ob, struct table *t, const struct conversation *r,
                     bool second)
{
    int from = second ? FIRST_LINE_END : 0, to = second ? COL_COUNT_ : FIRST_LINE_END;
    if (second)
        ob_spaces(ob, t->indent);
    for (int col = from; col < to; col++) {
        if (!shown((enum col)col, t->proto))
            continue;
        const char *s;
        size_t n;
        if (r) {
            t->scratch.len = 0;
            cell(&t->scratch, t->lang, t->c, r, (enum col)col);
            s = t->scratch.buf;
            n = t->scratch.len;
        } else {
            s = text(t->lang, col_head[col]);
            n = strlen(s);
        }
        put_cell(ob, t, (enum col)col, col == from, s, n, print_text_width(s, n));
    }
    ob_putc(ob, '\n');
}

/* "12 conversations", "1 packet", "0 octet": a count and its noun in the language's number. */
static void counted(struct outbuf *ob, enum print_lang lang, uint64_t n, enum lesson_msg one,
                    enum lesson_msg many)
{
    ob_u64(ob, n);
    ob_putc(ob, ' ');
    bool singular = n == 1 || (n == 0 && lesson_text_of(lang)->zero_singular);
    ob_puts(ob, text(lang, singular ? one : many));
}

static void counts(struct outbuf *ob, enum print_lang lang, uint64_t packets, uint64_t bytes)
{
    counted(ob, lang, packets, MSG_CONV_PACKET, MSG_CONV_PACKETS);
    ob_puts(ob, ", ");
    counted(ob, lang, bytes, MSG_CONV_BYTE, MSG_CONV_BYTES);
}

/* The section's last lines: its total, and what the full table could not list. */
static void put_totals(struct outbuf *ob, const struct table *t, uint64_t rows, uint64_t packets,
                       uint64_t bytes, const struct conversations_other *o)
{
    ob_puts(ob, text(t->lang, MSG_CONV_TOTAL));
    if (o->conversations || o->packets) {
        rows += o->conversations;
        packets += o->packets;
        bytes += o->bytes;
    }
    if (o->approximate) {
        ob_puts(ob, text(t->lang, MSG_CONV_AT_LEAST));
        ob_putc(ob, ' ');
    }
    counted(ob, t->lang, rows, MSG_CONV_CONVERSATION, MSG_CONV_CONVERSATIONS);
    ob_puts(ob, ", ");
    counts(ob, t->lang, packets, bytes);
    ob_putc(ob, '\n');
    if (!o->packets)
        return;
    char head[200];
    snprintf(head, sizeof head, text(t->lang, MSG_CONV_OTHER), t->c->max);
    ob_puts(ob, head);
    if (o->approximate) {
        ob_puts(ob, text(t->lang, MSG_CONV_AT_LEAST));
        ob_putc(ob, ' ');
    }
    counted(ob, t->lang, o->conversations, MSG_CONV_CONVERSATION, MSG_CONV_CONVERSATIONS);
    ob_puts(ob, ", ");
    counts(ob, t->lang, o->packets, o->bytes);
    ob_putc(ob, '\n');
}

/* One protocol's section: title, heads, two lines per conversation, totals. False when it had
 * none to show. */
static bool put_section(struct outbuf *ob, struct table *t, const struct conversations_other *o)
{
    uint64_t rows = 0, packets = 0, bytes = 0;
    for (uint32_t i = 0; i < t->c->count; i++) {
        const struct conversation *r = &t->c->rows[i];
        if (r->proto == t->proto) {
            rows++;
            packets += r->packets[0] + r->packets[1];
            bytes += r->bytes[0] + r->bytes[1];
        }
    }
    bool tcp = t->proto == PROTO_TCP;
    ob_puts(ob, text(t->lang, tcp ? MSG_CONV_TCP_TITLE : MSG_CONV_UDP_TITLE));
    ob_putc(ob, '\n');
    if (!rows && !o->packets) {
        ob_puts(ob, text(t->lang, MSG_CONV_NONE));
        ob_putc(ob, '\n');
        return false;
    }
    measure_columns(t);
    put_line(ob, t, NULL, false);
    put_line(ob, t, NULL, true);
    for (uint32_t i = 0; i < t->c->count; i++) {
        if (t->c->rows[i].proto != t->proto)
            continue;
        put_line(ob, t, &t->c->rows[i], false);
        put_line(ob, t, &t->c->rows[i], true);
    }
    put_totals(ob, t, rows, packets, bytes, o);
    return true;
}

void print_conversations(struct outbuf *ob, enum print_lang lang, const struct conversations *c)
{
    struct table t = {.lang = lang, .c = c, .proto = PROTO_TCP};
    outbuf_init_mem(&t.scratch);
    if (put_section(ob, &t, &c->other_tcp)) {
        ob_puts(ob, text(lang, MSG_CONV_LEGEND));
        ob_putc(ob, '\n');
    }
    ob_putc(ob, '\n');
    t.proto = PROTO_UDP;
    put_section(ob, &t, &c->other_udp);
    if (c->loose_packets) {
        ob_putc(ob, '\n');
        ob_puts(ob, text(lang, MSG_CONV_LOOSE));
        counts(ob, lang, c->loose_packets, c->loose_bytes);
        ob_putc(ob, '\n');
    }
    free(t.scratch.buf);
}

/* ---- JSON lines ----
 * One object a line per conversation, in order of first packet (TCP and UDP mixed), keys in
 * this order; numbers are JSON numbers, times in seconds:
 *   proto            "tcp" or "udp"
 *   stream           tshark's tcp.stream or udp.stream
 *   a_addr, a_port   endpoint A, the sender of the conversation's first packet (as tshark's A)
 *   b_addr, b_port   endpoint B
 *   packets_a_to_b, bytes_a_to_b, packets_b_to_a, bytes_b_to_a
 *                    frames each way and their bytes on the wire (tshark's conv counts)
 *   start            the first packet's time as --json's "ts": a string, seconds since 1970
 *   rel_start        seconds from the capture's first packet (tshark's "Rel Start")
 *   duration         seconds from the conversation's first packet to its last
 *   client           "a" or "b": the SYN's sender (or the SYN-ACK's receiver); null when no
 *                    SYN was captured, and for UDP
 *   initial_rtt      the handshake's RTT (tshark's tcp.analysis.initial_rtt), null if none
 *   retransmissions  frames the analysis flagged retransmission (fast, spurious too); 0 for UDP
 *   duplicate_acks   frames flagged duplicate ACK; 0 for UDP
 *   end              "open", "half_closed" (one FIN), "closed" (both), "reset"; null for UDP
 *   first_fin        "a" or "b": whose FIN came first; null when none
 *   reset_by         "a" or "b": whose RST came first; null when none
 * then, for each protocol whose conversations did not all fit in the table, one line
 *   {"other":{"proto":"tcp","conversations":N,"conversations_at_least":false,"packets":P,
 *             "bytes":B,"table_rows":65536}}
 * (conversations_at_least: UDP flows past the fingerprints' room went uncounted). */

static void json_side(struct outbuf *ob, int side)
{
    if (side < 0)
        ob_puts(ob, "null");
    else
        ob_puts(ob, side ? "\"b\"" : "\"a\"");
}

static void json_addr(struct outbuf *ob, const char *key, const struct conversation *r, int side)
{
    ob_puts(ob, key);
    ob_putc(ob, '"');
    if (r->key.family == 4)
        ob_ipv4(ob, conversation_addr(r, side));
    else
        ob_ipv6(ob, conversation_addr(r, side));
    ob_putc(ob, '"');
}

static const char *const end_names[] = {
    [CONVERSATION_END_NONE] = "null",          [CONVERSATION_END_OPEN] = "\"open\"",
    [CONVERSATION_END_HALF_CLOSED] = "\"half_closed\"", [CONVERSATION_END_CLOSED] = "\"closed\"",
    [CONVERSATION_END_RESET] = "\"reset\"",
};

/* The absolute time as --json's "ts": seconds since 1970 with six decimals, as a string. */
static void json_ts(struct outbuf *ob, int64_t ns)
{
    struct print_frame fr = {.ts_sec = ns / 1000000000, .ts_usec = (uint32_t)(ns % 1000000000 / 1000)};
    if (ns < 0 && ns % 1000000000) {
        fr.ts_sec--;
        fr.ts_usec = (uint32_t)((ns % 1000000000 + 1000000000) / 1000);
    }
    ob_putc(ob, '"');
    print_time_epoch(ob, &fr);
    ob_putc(ob, '"');
}

static void json_row(struct outbuf *ob, const struct conversations *c, const struct conversation *r)
{
    bool tcp = r->proto == PROTO_TCP;
    ob_puts(ob, tcp ? "{\"proto\":\"tcp\",\"stream\":" : "{\"proto\":\"udp\",\"stream\":");
    ob_u64(ob, r->stream);
    json_addr(ob, ",\"a_addr\":", r, 0);
    ob_puts(ob, ",\"a_port\":");
    ob_u64(ob, conversation_port(r, 0));
    json_addr(ob, ",\"b_addr\":", r, 1);
    ob_puts(ob, ",\"b_port\":");
    ob_u64(ob, conversation_port(r, 1));
    ob_puts(ob, ",\"packets_a_to_b\":");
    ob_u64(ob, r->packets[0]);
    ob_puts(ob, ",\"bytes_a_to_b\":");
    ob_u64(ob, r->bytes[0]);
    ob_puts(ob, ",\"packets_b_to_a\":");
    ob_u64(ob, r->packets[1]);
    ob_puts(ob, ",\"bytes_b_to_a\":");
    ob_u64(ob, r->bytes[1]);
    ob_puts(ob, ",\"start\":");
    json_ts(ob, r->first_ns);
    ob_puts(ob, ",\"rel_start\":");
    print_seconds(ob, r->first_ns - c->capture_first_ns);
    ob_puts(ob, ",\"duration\":");
    print_seconds(ob, r->last_ns - r->first_ns);
    ob_puts(ob, ",\"client\":");
    json_side(ob, tcp ? r->client : -1);
    ob_puts(ob, ",\"initial_rtt\":");
    if (r->has_initial_rtt)
        print_seconds(ob, r->initial_rtt_ns);
    else
        ob_puts(ob, "null");
    ob_puts(ob, ",\"retransmissions\":");
    ob_u64(ob, r->retransmissions);
    ob_puts(ob, ",\"duplicate_acks\":");
    ob_u64(ob, r->duplicate_acks);
    ob_puts(ob, ",\"end\":");
    ob_puts(ob, end_names[conversation_end(r)]);
    ob_puts(ob, ",\"first_fin\":");
    json_side(ob, r->first_fin);
    ob_puts(ob, ",\"reset_by\":");
    json_side(ob, r->reset_by);
    ob_puts(ob, "}\n");
}

static void json_other(struct outbuf *ob, const char *proto, const struct conversations *c,
                       const struct conversations_other *o)
{
    if (!o->packets)
        return;
    ob_puts(ob, "{\"other\":{\"proto\":\"");
    ob_puts(ob, proto);
    ob_puts(ob, "\",\"conversations\":");
    ob_u64(ob, o->conversations);
    ob_puts(ob, ",\"conversations_at_least\":");
    ob_puts(ob, o->approximate ? "true" : "false");
    ob_puts(ob, ",\"packets\":");
    ob_u64(ob, o->packets);
    ob_puts(ob, ",\"bytes\":");
    ob_u64(ob, o->bytes);
    ob_puts(ob, ",\"table_rows\":");
    ob_u64(ob, c->max);
    ob_puts(ob, "}}\n");
}

void print_conversations_json(struct outbuf *ob, const struct conversations *c)
{
    for (uint32_t i = 0; i < c->count; i++)
        json_row(ob, c, &c->rows[i]);
    json_other(ob, "tcp", c, &c->other_tcp);
    json_other(ob, "udp", c, &c->other_udp);
}
