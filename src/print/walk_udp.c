/* walk_udp.c - the walkthrough of the udp scenario (SOCK_DGRAM): each datagram's line, its
 * encapsulation on sendto() (application -> UDP's 8 bytes -> IPv4 with protocol 17 -> link),
 * the climb up on recvfrom(), and what UDP does not do, said plainly: what a student would look
 * for after the TCP scenarios and will not find. */
#include <stdio.h>
#include <string.h>

#include "stackscope/lesson.h"
#include "walkthrough.h"

#define UDP_HDR_LEN 8u

bool wt_udp_run(const struct lesson_run *run)
{
    for (size_t i = 0; i < run->step_count; i++)
        if (run->steps[i].call == CALL_SENDTO || run->steps[i].call == CALL_RECVFROM) return true;
    return false;
}

bool wt_is_datagram(const struct packet *p)
{
    return p->udp.present && p->udp.fixed_len == UDP_HDR_LEN;
}

/* The bytes of data the datagram carries on the wire: its UDP length less the header; a first
 * fragment carries only a part of them; a length that contradicts IP's leaves what was
 * captured. */
uint32_t wt_udp_payload_len(const struct packet *p)
{
    if (p->udp_spans_fragments) return p->fragment_payload_len;
    if (!(p->anomalies & ANOMALY_UDP_LENGTH_INVALID) && p->udp.length >= UDP_HDR_LEN)
        return p->udp.length - UDP_HDR_LEN;
    return p->payload_caplen;
}

bool wt_udp_call_msg(const struct lesson_step *s, bool udp, enum lesson_msg *m)
{
    switch (s->call) {
    case CALL_SENDTO:
        *m = MSG_UDP_CALL_SENDTO;
        return true;
    case CALL_RECVFROM:
        *m = s->pending ? MSG_UDP_CALL_RECVFROM_WAIT : MSG_UDP_CALL_RECVFROM_DONE;
        return true;
    case CALL_SOCKET:
        *m = MSG_UDP_CALL_SOCKET;
        return udp;
    case CALL_BIND:
        *m = MSG_UDP_CALL_BIND;
        return udp;
    case CALL_CLOSE:
        *m = MSG_UDP_CALL_CLOSE;
        return udp;
    default:
        return false;
    }
}

/* Who sent a datagram: UDP has no client or server of its own; in a demo run the server is the
 * side on the run's port. */
static void who_text(char *dst, size_t n, const struct lesson_run *run, const struct udp_hdr *u,
                     const struct lesson_text *t)
{
    if (u->dst_port == run->port || u->src_port == run->port) {
        bool from_server = u->src_port == run->port;
        wt_fmt(dst, n, "%s > %s", wt_side_word(t, from_server), wt_side_word(t, !from_server));
    } else {
        dst[0] = '\0';
    }
}

bool wt_udp_packet_line(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                        size_t index, const struct lesson_text *t)
{
    const struct packet *p = &run->packets[index].pkt;
    if (!wt_is_datagram(p)) return false;
    char who[64], buf[200];
    who_text(who, sizeof who, run, &p->udp, t);
    wt_fmt(buf, sizeof buf, t->msg[MSG_UDP_PKT_LINE], index + 1, who, p->udp.src_port,
           p->udp.dst_port, wt_udp_payload_len(p));
    ob_spaces(ob, 5);
    print_color(ctx, ob, PRINT_COLOR_TRANSPORT);
    wt_wrap(ob, buf, 5, 9);
    print_color_end(ctx, ob);
    ob_putc(ob, '\n');
    wt_line(ob, t->msg[MSG_UDP_PKT_DATAGRAM], 8);
    return true;
}

/* The labels' column: as wide as the widest of the four layers' words. */
static int label_width(const struct lesson_text *t)
{
    const enum lesson_msg labels[] = {MSG_LAYER_APP, MSG_UDP_LAYER, MSG_LAYER_IP, MSG_LAYER_LINK};
    int w = 0;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        int lw = print_text_width(t->msg[labels[i]], strlen(t->msg[labels[i]]));
        w = lw > w ? lw : w;
    }
    return w;
}

void wt_udp_encapsulation(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                          const struct lesson_text *t, bool server)
{
    char buf[256], bytes[32], payload[160];
    const struct udp_hdr *u = &p->udp;
    const struct ipv4_hdr *ip = &p->ipv4;
    unsigned app = wt_udp_payload_len(p), ih = ip->ihl * 4u;
    int w = label_width(t);
    wt_fmt(buf, sizeof buf, t->msg[MSG_DOWN], wt_side_word(t, server));
    wt_line(ob, buf, 8);
    wt_quote_bytes(payload, sizeof payload, p->data + p->payload_offset, p->payload_caplen, app);
    wt_quote_marks(payload, sizeof payload, t);
    wt_fmt(bytes, sizeof bytes, "%5u", app);
    wt_layer_row(ctx, ob, PRINT_COLOR_PAYLOAD, t->msg[MSG_LAYER_APP], w, bytes, payload);
    wt_fmt(bytes, sizeof bytes, "+%2u = %3u", UDP_HDR_LEN, app + UDP_HDR_LEN);
    wt_fmt(buf, sizeof buf, t->msg[MSG_UDP_DETAIL], u->src_port, u->dst_port, u->length,
           u->checksum, wt_verdict(t, u->checksum_status));
    wt_layer_row(ctx, ob, PRINT_COLOR_TRANSPORT, t->msg[MSG_UDP_LAYER], w, bytes, buf);
    wt_ip_row(ctx, ob, p, t, w, app + UDP_HDR_LEN, MSG_UDP_IP_DETAIL);
    if (p->link.hdr_len) wt_link_row(ctx, ob, p, t, w, app + UDP_HDR_LEN + ih);
    wt_on_wire(ob, p, t);
    if (u->checksum_status == CHECKSUM_PARTIAL) wt_line(ob, t->msg[MSG_UDP_PARTIAL], 10);
}

static void udp_decapsulation(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                              size_t index, const struct lesson_text *t, bool server)
{
    char buf[256], payload[160], udpmsg[128];
    unsigned app = wt_udp_payload_len(p), ih = p->ipv4.ihl * 4u, lh = p->link.hdr_len;
    wt_fmt(buf, sizeof buf, t->msg[MSG_UP], wt_side_word(t, server), index + 1);
    wt_line(ob, buf, 8);
    int w = wt_digits(app + UDP_HDR_LEN + ih + lh); /* the sizes' column, as wide as the widest */
    if (lh) {
        wt_fmt(buf, sizeof buf, "%s (-%u)", t->msg[MSG_UNWRAP_LINK], lh);
        print_color(ctx, ob, PRINT_COLOR_LINK);
        wt_climb_row(ob, w, app + UDP_HDR_LEN + ih + lh, buf);
        print_color_end(ctx, ob);
    }
    wt_fmt(buf, sizeof buf, "%s (-%u)", t->msg[MSG_UDP_UNWRAP_IP], ih);
    wt_climb_row(ob, w, app + UDP_HDR_LEN + ih, buf);
    wt_fmt(udpmsg, sizeof udpmsg, t->msg[MSG_UDP_UNWRAP_UDP], p->udp.dst_port);
    wt_fmt(buf, sizeof buf, "%s (-%u)", udpmsg, UDP_HDR_LEN);
    wt_climb_row(ob, w, app + UDP_HDR_LEN, buf);
    wt_quote_bytes(payload, sizeof payload, p->data + p->payload_offset, p->payload_caplen, app);
    wt_quote_marks(payload, sizeof payload, t);
    wt_fmt(buf, sizeof buf, "%s %s", t->msg[MSG_UNWRAP_APP], payload);
    wt_climb_row(ob, w, app, buf);
    wt_line(ob, t->msg[MSG_UDP_WHOLE], 10);
}

void wt_udp_recvfrom(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                     const struct lesson_step *s, size_t upto, bool *unwrapped,
                     const struct lesson_text *t)
{
    /* The first datagram to this socket not yet read: one recvfrom reads exactly one. */
    for (size_t i = 0; i < upto; i++) {
        const struct packet *p = &run->packets[i].pkt;
        if (unwrapped[i] || !wt_is_datagram(p) || !p->ipv4.present ||
            p->udp.dst_port != s->local_port || (s->peer_port && p->udp.src_port != s->peer_port))
            continue;
        unwrapped[i] = true;
        udp_decapsulation(ctx, ob, p, i, t, s->server);
        return;
    }
}

void wt_udp_absent(struct outbuf *ob, const struct lesson_text *t)
{
    static const enum lesson_msg lines[] = {MSG_UDP_ABSENT_CONNECTION, MSG_UDP_ABSENT_HANDSHAKE,
                                            MSG_UDP_ABSENT_ACK, MSG_UDP_ABSENT_HEADER,
                                            MSG_UDP_ABSENT_BOUNDARIES};
    wt_line(ob, t->msg[MSG_UDP_ABSENT_TITLE], 0);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        /* "- " then the text, its next lines under the text */
        ob_spaces(ob, 2);
        wt_wrap(ob, t->msg[lines[i]], 2, 4);
        ob_putc(ob, '\n');
    }
    ob_putc(ob, '\n');
}

void wt_udp_count(const struct packet *p, unsigned *payload, unsigned *udp_hdr)
{
    if (!wt_is_datagram(p)) return;
    *payload += wt_udp_payload_len(p);
    *udp_hdr += UDP_HDR_LEN;
}
