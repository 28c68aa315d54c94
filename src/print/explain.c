/* explain.c - --explain: under each packet's usual output, one or two sentences saying what the
 * packet means in its connection's life (opens, accepts, confirms, carries, acknowledges, closes,
 * aborts), the TCP analysis' verdicts in words, and each side's state where it changed. It reads
 * only what flow and analysis already keep: no memory of its own. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"
#include "stackscope/print.h"
#include "walkthrough.h"

#define EXPLAIN_INDENT 4
#define EXPLAIN_HANGING 6

/* One sentence under the packet, wrapped (within 80 columns, print_wrap's width). */
static void sentence(struct outbuf *ob, const char *text)
{
    ob_spaces(ob, EXPLAIN_INDENT);
    print_wrap(ob, text, strlen(text), EXPLAIN_INDENT, EXPLAIN_HANGING);
    ob_putc(ob, '\n');
}

/* "127.0.0.1:5005" or "[::1]:5005": the packet's sender (src) or receiver. */
static void endpoint(char *dst, size_t n, const struct packet *p, bool src)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    uint16_t port = src ? p->tcp.src_port : p->tcp.dst_port;
    if (p->ipv4.present) {
        inet_ntop(AF_INET, src ? p->ipv4.src : p->ipv4.dst, ip, sizeof ip);
        wt_fmt(dst, n, "%s:%u", ip, port);
    } else {
        inet_ntop(AF_INET6, src ? p->ipv6.src : p->ipv6.dst, ip, sizeof ip);
        wt_fmt(dst, n, "[%s]:%u", ip, port);
    }
}

/* "18 bytes" or "1 byte", in the reader's language. */
static void byte_count(char *dst, size_t n, const struct lesson_text *t, uint32_t len)
{
    if (len == 1)
        wt_fmt(dst, n, "%s", t->msg[MSG_EXPLAIN_ONE_BYTE]);
    else
        wt_fmt(dst, n, t->msg[MSG_EXPLAIN_BYTES], len);
}

/* The payload's first bytes as the lesson quotes them (in French « … », as the walkthrough),
 * fewer when escapes (\xNN) would push the quote, alone on a wrapped line, past 100 columns. */
static void preview(char *dst, size_t n, const struct packet *p, uint32_t len,
                    const struct lesson_text *t)
{
    uint32_t have = p->payload_caplen < len ? p->payload_caplen : len;
    for (uint32_t max = 28;; max -= 4) {
        wt_quote_bytes_max(dst, n, p->data + p->payload_offset, have, len, max);
        wt_quote_marks(dst, n, t);
        if (max <= 4 || print_text_width(dst, strlen(dst)) <= 100 - EXPLAIN_HANGING)
            return;
    }
}

static void data_sentence(struct outbuf *ob, const struct lesson_text *t, const struct packet *p,
                          const struct flow_info *f, bool server)
{
    uint32_t len = p->tcp.payload_length;
    char count[48], range[64], quoted[160], buf[400];
    byte_count(count, sizeof count, t, len);
    if (len == 1)
        wt_fmt(range, sizeof range, t->msg[MSG_EXPLAIN_RANGE_ONE], f->seq_rel);
    else
        wt_fmt(range, sizeof range, t->msg[MSG_EXPLAIN_RANGE], f->seq_rel, f->seq_rel + len - 1);
    preview(quoted, sizeof quoted, p, len, t);
    wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_DATA], count, range, wt_side_word(t, server),
           quoted);
    sentence(ob, buf);
}

/* A duplicate ACK: it asks for missing bytes only when the peer sent bytes past it (the
 * analysis saw them); otherwise it only repeats itself (a FIN is no byte to ask for). */
static void dup_ack_text(char *buf, size_t n, const struct lesson_text *t,
                         const struct flow_info *f, const struct analysis_verdict *v)
{
    if (v->peer_data_beyond_ack && f->ack_rel > 1)
        wt_fmt(buf, n, t->msg[MSG_EXPLAIN_ACK_DUP], f->ack_rel - 1, f->ack_rel);
    else
        wt_fmt(buf, n, "%s", t->msg[MSG_EXPLAIN_ACK_REPEAT]);
}

/* What the acknowledgement number says, when it says something new (or on a bare ACK). */
static void ack_sentence(struct outbuf *ob, const struct lesson_text *t, const struct flow_info *f,
                         const struct analysis_verdict *v, bool server, bool bare)
{
    char buf[300];
    uint32_t acks = v ? v->acks_frame : 0;
    if (f->fin_acked && f->state_dst == FLOW_STATE_CLOSED)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_LAST_ACK], wt_side_word(t, server));
    else if (f->fin_acked && acks)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ACK_FIN], acks, wt_side_word(t, server));
    else if (f->fin_acked)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ACK_FIN_NO_FRAME], wt_side_word(t, server));
    else if (v && (v->flags & ANALYSIS_DUPLICATE_ACK))
        dup_ack_text(buf, sizeof buf, t, f, v);
    else if (f->acks_fin && !bare)
        return; /* data or a FIN whose acknowledgement repeats that of the other FIN */
    else if (f->acks_fin) /* its number counts the FIN: no data byte to name */
        wt_fmt(buf, sizeof buf, "%s", t->msg[MSG_EXPLAIN_ACK_FIN_AGAIN]);
    else if (acks && f->ack_rel > 1)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ACK_DATA], f->ack_rel - 1, acks);
    else if (!bare || (f->ack_rel <= 1 && f->state_src_before == FLOW_STATE_UNKNOWN))
        return; /* data or a FIN whose acknowledgement number repeats what is known, or the
                 * first packet seen mid-stream, whose number is where the count starts */
    else if (f->ack_rel > 1)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ACK_UPTO], f->ack_rel - 1);
    else
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ACK_NO_DATA], wt_side_word(t, server));
    sentence(ob, buf);
}

static void fin_sentence(struct outbuf *ob, const struct lesson_text *t, const struct flow_info *f,
                         bool server)
{
    char buf[300];
    if (f->fin_again && f->state_src_before == FLOW_STATE_CLOSED &&
        f->state_dst == FLOW_STATE_TIME_WAIT) /* its last ACK did not reach it */
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_FIN_AGAIN_TIME_WAIT],
               wt_side_word(t, !server));
    else if (f->fin_again)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_FIN_AGAIN], wt_side_word(t, server));
    else if (f->fin_acked && f->state_dst_before == FLOW_STATE_FIN_WAIT_1)
        wt_fmt(buf, sizeof buf, "%s", t->msg[MSG_EXPLAIN_FIN_AND_ACK]);
    else if (f->state_src == FLOW_STATE_CLOSING)
        wt_fmt(buf, sizeof buf, "%s", t->msg[MSG_EXPLAIN_FIN_SIMULTANEOUS]);
    else if (f->state_src_before == FLOW_STATE_CLOSE_WAIT)
        wt_fmt(buf, sizeof buf, "%s", t->msg[MSG_EXPLAIN_FIN_REPLY]);
    else
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_FIN], wt_side_word(t, server));
    sentence(ob, buf);
}

static void rst_sentence(struct outbuf *ob, const struct lesson_text *t, const struct packet *p,
                         const struct flow_info *f, bool server)
{
    char buf[300];
    const char *receiver = wt_side_word(t, !server);
    /* A reset from a side never seen, answering a SYN: nobody listens there. */
    if (f->rst_ignored && f->state_dst_before == FLOW_STATE_SYN_SENT)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_RST_IGNORED_SYN], receiver, receiver);
    else if (f->rst_ignored)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_RST_IGNORED], receiver);
    else if (f->state_src_before == FLOW_STATE_UNKNOWN &&
             f->state_dst_before == FLOW_STATE_SYN_SENT)
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_RST_REFUSED], p->tcp.src_port);
    else
        wt_fmt(buf, sizeof buf, "%s", t->msg[MSG_EXPLAIN_RST]);
    sentence(ob, buf);
}

static void syn_sentence(struct outbuf *ob, const struct lesson_text *t, const struct packet *p,
                         const struct flow_info *f, bool server)
{
    char buf[300], from[64], to[64];
    if (p->tcp.flags & TCP_ACK) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_SYNACK], wt_side_word(t, server));
    } else {
        endpoint(from, sizeof from, p, true);
        endpoint(to, sizeof to, p, false);
        enum lesson_msg m = f->state_src == FLOW_STATE_SYN_RECEIVED ? MSG_EXPLAIN_SYN_SIMULTANEOUS
                                                                     : MSG_EXPLAIN_SYN;
        wt_fmt(buf, sizeof buf, t->msg[m], from, to);
    }
    sentence(ob, buf);
    uint32_t len = p->tcp.payload_length_known ? p->tcp.payload_length : 0;
    if (len) { /* TCP Fast Open: data in the SYN */
        char count[48], quoted[160];
        byte_count(count, sizeof count, t, len);
        preview(quoted, sizeof quoted, p, len, t);
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_SYN_DATA], count, quoted);
        sentence(ob, buf);
    }
}

/* The analysis' verdicts, each a tag and its reason. */
static void verdict_sentences(struct outbuf *ob, const struct lesson_text *t,
                              const struct analysis_verdict *v, uint16_t tcp_flags)
{
    uint32_t tagged = print_analysis_tagged(v->flags);
    for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++) {
        uint32_t bit = 1u << i;
        if (!(tagged & bit))
            continue;
        struct outbuf tag, why;
        outbuf_init_mem(&tag);
        outbuf_init_mem(&why);
        print_analysis_tag(&tag, t->print_lang, v, bit);
        print_analysis_reason(&why, t->print_lang, v, bit, tcp_flags);
        ob_putc(&tag, '\0');
        ob_putc(&why, '\0');
        char buf[600];
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_VERDICT], tag.buf ? tag.buf : "",
               why.buf ? why.buf : "");
        free(tag.buf);
        free(why.buf);
        sentence(ob, buf);
    }
}

/* A segment without SYN or RST: its data, what its acknowledgement says, its FIN. */
static void segment_sentences(struct outbuf *ob, const struct lesson_text *t,
                              const struct packet *p, const struct flow_info *f,
                              const struct analysis_verdict *v, bool server)
{
    uint16_t fl = p->tcp.flags;
    bool data = p->tcp.payload_length_known && p->tcp.payload_length > 0;
    if (data)
        data_sentence(ob, t, p, f, server);
    bool handshake = (fl & TCP_ACK) && f->state_dst_before == FLOW_STATE_SYN_RECEIVED &&
                     f->state_dst == FLOW_STATE_ESTABLISHED;
    /* an ACK from SYN-SENT: the SYN-ACK it acknowledges was not captured */
    bool unseen = (fl & TCP_ACK) && f->state_src_before == FLOW_STATE_SYN_SENT &&
                  f->state_dst_before == FLOW_STATE_UNKNOWN;
    if ((handshake || unseen) && !data && !(fl & TCP_FIN)) {
        char buf[300];
        enum lesson_msg m = unseen ? MSG_EXPLAIN_HANDSHAKE_ACK_UNSEEN : MSG_EXPLAIN_HANDSHAKE_ACK;
        wt_fmt(buf, sizeof buf, t->msg[m], wt_side_word(t, server));
        sentence(ob, buf);
    } else if ((fl & TCP_ACK) && f->ack_valid &&
               !((fl & TCP_FIN) && f->fin_acked && !f->fin_again)) {
        /* (a first FIN that acknowledges the other FIN says so itself) */
        ack_sentence(ob, t, f, v, server, !data && !(fl & TCP_FIN));
    }
    if (fl & TCP_FIN)
        fin_sentence(ob, t, f, server);
}

static void tcp_explain(struct outbuf *ob, const struct lesson_text *t, const struct packet *p,
                        const struct flow_info *f, const struct analysis_verdict *v)
{
    uint16_t fl = p->tcp.flags;
    bool server = !f->from_client; /* the sender's side */
    if (fl & TCP_RST)
        rst_sentence(ob, t, p, f, server);
    else if (fl & TCP_SYN)
        syn_sentence(ob, t, p, f, server);
    else
        segment_sentences(ob, t, p, f, v, server);
    if (v && v->analysed)
        verdict_sentences(ob, t, v, fl);
    char states[200];
    if (wt_state_change_text(states, sizeof states, t, f))
        sentence(ob, states);
}

static void udp_explain(struct outbuf *ob, const struct lesson_text *t, const struct packet *p)
{
    const struct udp_hdr *u = &p->udp;
    char count[48], buf[400], quoted[160];
    uint32_t len = u->length >= 8 ? u->length - 8u : 0;
    byte_count(count, sizeof count, t, len);
    wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_UDP], count, u->src_port, u->dst_port);
    sentence(ob, buf);
    if (len && p->payload_caplen) {
        preview(quoted, sizeof quoted, p, len, t);
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_UDP_DATA], quoted);
        sentence(ob, buf);
    }
}

/* Why a packet has no connection to follow: a later IPv4 fragment (only the first carries the
 * ports), a TCP or UDP header the capture cut short, or neither TCP nor UDP over IP. */
static const char *not_followed(char *buf, size_t n, const struct lesson_text *t,
                                const struct packet *pkt)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    if (ip->present && ip->frag_offset != 0 && (ip->protocol == 6 || ip->protocol == 17)) {
        const char *proto = ip->protocol == 6 ? "TCP" : "UDP";
        wt_fmt(buf, n, t->msg[MSG_EXPLAIN_FRAGMENT], proto, ip->frag_offset * 8u, proto);
    } else if (pkt->tcp.present && !PRINT_HAS(&pkt->tcp, 14)) {
        wt_fmt(buf, n, t->msg[MSG_EXPLAIN_TCP_CUT], pkt->tcp.fixed_len);
    } else if (pkt->udp.present && !PRINT_HAS(&pkt->udp, 8)) {
        wt_fmt(buf, n, t->msg[MSG_EXPLAIN_UDP_CUT], pkt->udp.fixed_len);
    } else {
        wt_fmt(buf, n, "%s", t->msg[MSG_EXPLAIN_OTHER]);
    }
    return buf;
}

void print_explain(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                   const struct packet *pkt, const struct flow_info *flow)
{
    const struct lesson_text *t = lesson_text_of(ctx->opts.lang);
    char buf[300];
    /* The block outputs (-v, --diagram, a hex dump) end each packet with a blank line: the
     * sentences go above it, to stay with their packet (when it is still in the buffer). */
    bool blank = ob->len >= 2 && ob->buf[ob->len - 1] == '\n' && ob->buf[ob->len - 2] == '\n';
    if (blank)
        ob->len--;
    if (pkt->tcp.present && flow && flow->tracked) {
        tcp_explain(ob, t, pkt, flow, fr->analysis);
    } else if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8)) {
        udp_explain(ob, t, pkt);
    } else if (pkt->icmp.present && PRINT_HAS(&pkt->icmp, 2)) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_EXPLAIN_ICMP], pkt->icmp.type, pkt->icmp.code);
        sentence(ob, buf);
    } else {
        sentence(ob, not_followed(buf, sizeof buf, t, pkt));
    }
    if (blank)
        ob_putc(ob, '\n');
}
