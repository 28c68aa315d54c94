/* line.c - the default output: one aligned line per packet, tcpdump-like.
 *
 * 12:00:00.535218 IP  127.0.0.1:58160       > 127.0.0.1:5005        ttl 64  id 49872 DF    len 60
 *     TCP [S]    seq 0          ack -          win 65495 len 0            (all on one line)
 */
#include "stackscope/names.h"
#include "stackscope/print.h"

#define ENDPOINT_COLUMNS 21 /* "255.255.255.255:65535" */

/* The caller reserved room first, so ob->len grows by exactly what is written. */
static void endpoint(struct outbuf *ob, const struct packet *pkt, bool src, bool with_port,
                     uint16_t port)
{
    size_t start = ob->len;
    if (pkt->ipv4.present) {
        ob_ipv4(ob, src ? pkt->ipv4.src : pkt->ipv4.dst);
    } else {
        ob_putc(ob, '[');
        ob_ipv6(ob, src ? pkt->ipv6.src : pkt->ipv6.dst);
        ob_putc(ob, ']');
    }
    if (with_port) {
        ob_putc(ob, ':');
        ob_u64(ob, port);
    }
    ob_spaces(ob, ENDPOINT_COLUMNS - (int)(ob->len - start));
}

/* The captured link fields. */
static void link_part(struct outbuf *ob, const struct packet *pkt)
{
    const struct link_hdr *l = &pkt->link;
    const struct print_sll_ends *sll = print_sll_ends(l->linktype);
    size_t start = ob->len;
    switch (l->linktype) {
    case LINKTYPE_ETHERNET:
        if (PRINT_HAS(l, 12)) {
            ob_mac(ob, l->src, 6);
            ob_puts(ob, " > ");
        } else if (PRINT_HAS(l, 6)) {
            ob_puts(ob, "dst ");
        }
        if (PRINT_HAS(l, 6))
            ob_mac(ob, l->dst, 6);
        for (unsigned i = 0; i < l->vlan_count; i++) {
            ob_puts(ob, " vlan ");
            ob_u64(ob, l->vlan[i].tci & 0x0fffu);
        }
        break;
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_LINUX_SLL2: {
        if (!PRINT_HAS(l, sll->pkttype))
            break;
        const char *pt = names_lookup(names_sll_pkttype, l->pkttype);
        ob_puts(ob, pt ? pt : "type ");
        if (!pt)
            ob_u64(ob, l->pkttype);
        if (l->src_len && PRINT_HAS(l, sll->src)) {
            ob_puts(ob, " from ");
            ob_mac(ob, l->src, l->src_len);
        }
        break;
    }
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
        if (PRINT_HAS(l, 4)) {
            ob_puts(ob, "AF ");
            ob_u64(ob, l->family);
        }
        break;
    default:
        ob_puts(ob, "raw");
        break;
    }
    if (l->hdr_len) { /* the link header was captured whole */
        ob_puts(ob, " ethertype 0x");
        ob_hex(ob, l->ethertype, 4);
    }
    ob_puts(ob, ob->len == start ? "frame " : " frame "); /* nothing captured before it */
    ob_u64(ob, pkt->len);
    ob_puts(ob, ": ");
}

static void ipv4_part(struct outbuf *ob, const struct packet *pkt)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    ob_puts(ob, " ttl ");
    ob_u64_pad(ob, ip->ttl, -3);
    ob_puts(ob, " id ");
    ob_u64_pad(ob, ip->id, -5);
    ob_putc(ob, ' ');
    size_t start = ob->len; /* print_line reserved room: no flush in between */
    ob_puts(ob, print_ipv4_flags(ip->flags));
    /* Wide enough for DF+MF (and RB+DF): fragments keep the columns; only RB+DF+MF, which no
     * sender sets, pushes them. */
    ob_spaces(ob, 5 - (int)(ob->len - start));
    ob_puts(ob, " len ");
    ob_u64_pad(ob, ip->total_length, -5);
    if (ip->frag_offset || (ip->flags & 1)) {
        ob_puts(ob, " frag ");
        ob_u64(ob, (uint64_t)ip->frag_offset * 8);
        if (ip->flags & 1)
            ob_putc(ob, '+');
    }
}

static void tcp_part(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt,
                     const struct flow_info *flow, const struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    print_color(ctx, ob, PRINT_COLOR_TRANSPORT);
    ob_puts(ob, " TCP ");
    print_color_end(ctx, ob);
    size_t start = ob->len;
    print_tcp_flags_short(ob, t->flags);
    ob_spaces(ob, 7 - (int)(ob->len - start));
    bool rel = flow && flow->tracked && !ctx->opts.absolute_seq;
    ob_puts(ob, "seq ");
    ob_u64_pad(ob, rel ? flow->seq_rel : t->seq, -10);
    ob_puts(ob, " ack ");
    if (t->flags & TCP_ACK)
        ob_u64_pad(ob, rel && flow->ack_valid ? flow->ack_rel : t->ack, -10);
    else
        ob_puts(ob, "-         ");
    /* the window in bytes where the handshake told its scale, as tshark's tcp.window_size */
    ob_puts(ob, " win ");
    ob_u64_pad(ob, v && v->window_size_known ? v->window_size : t->window, -5);
}

/* The analysis' verdicts as short tags: "[retransmission of #4] [window update]". The
 * caller reserved room for a line; tags are few and short, but may take more. */
static void analysis_tags(struct print_ctx *ctx, struct outbuf *ob,
                          const struct analysis_verdict *v)
{
    uint32_t flags = print_analysis_tagged(v->flags);
    for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++) {
        uint32_t bit = 1u << i;
        if (!(flags & bit))
            continue;
        ob_putc(ob, ' ');
        print_color(ctx, ob,
                    print_analysis_is_problem(bit) ? PRINT_COLOR_ERROR : PRINT_COLOR_NOTICE);
        ob_putc(ob, '[');
        print_analysis_tag(ob, ctx->opts.lang, v, bit);
        ob_putc(ob, ']');
        print_color_end(ctx, ob);
    }
}

/* The addresses (with the ports captured: 3 bytes of TCP give the source port alone) and the
 * network layer's fields; what names the frame when it has no IP header to show. */
static void network_part(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    const struct ipv4_hdr *ip4 = &pkt->ipv4;
    const struct ipv6_hdr *ip6 = &pkt->ipv6;
    const struct tcp_hdr *t = &pkt->tcp;
    const struct udp_hdr *u = &pkt->udp;
    bool sport = (t->present && PRINT_HAS(t, 2)) || (u->present && PRINT_HAS(u, 2));
    bool dport = (t->present && PRINT_HAS(t, 4)) || (u->present && PRINT_HAS(u, 4));
    if ((ip4->present && PRINT_HAS(ip4, 20)) || (ip6->present && PRINT_HAS(ip6, 40))) {
        print_color(ctx, ob, PRINT_COLOR_IP);
        ob_puts(ob, ip4->present ? "IP  " : "IP6 ");
        print_color_end(ctx, ob);
        endpoint(ob, pkt, true, sport, t->present ? t->src_port : u->src_port);
        ob_puts(ob, " > ");
        endpoint(ob, pkt, false, dport, t->present ? t->dst_port : u->dst_port);
    }
    if (ip4->present && PRINT_HAS(ip4, 20)) {
        ipv4_part(ob, pkt);
    } else if (ip6->present && PRINT_HAS(ip6, 40)) {
        ob_puts(ob, " hlim ");
        ob_u64_pad(ob, ip6->hop_limit, -3);
        ob_puts(ob, " flow 0x");
        ob_hex(ob, ip6->flow_label, 5);
        ob_puts(ob, " len ");
        ob_u64_pad(ob, ip6->payload_length + 40u, -5);
    } else if (ip4->present || ip6->present) {
        ob_puts(ob, ip4->present ? "IP  version " : "IP6 version ");
        ob_u64(ob, ip4->present ? ip4->version : ip6->version);
    } else {
        const char *name = names_lookup(names_ethertype, pkt->link.ethertype);
        if (pkt->link.present && pkt->link.hdr_len) {
            ob_puts(ob, name ? name : "ethertype");
            ob_puts(ob, " (0x");
            ob_hex(ob, pkt->link.ethertype, 4);
            ob_putc(ob, ')');
        } else {
            ob_puts(ob, "link type ");
            ob_u64(ob, pkt->link.linktype);
        }
        ob_puts(ob, " len ");
        ob_u64(ob, pkt->len);
    }
}

/* TCP's columns, UDP's or ICMP's name, or the IP protocol when nothing above IP was decoded. */
static void transport_part(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                           const struct packet *pkt, const struct flow_info *flow)
{
    const struct ipv4_hdr *ip4 = &pkt->ipv4;
    if (pkt->tcp.present && PRINT_HAS(&pkt->tcp, 20)) {
        tcp_part(ctx, ob, pkt, flow, fr->analysis);
    } else if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8)) {
        print_color(ctx, ob, PRINT_COLOR_TRANSPORT);
        ob_puts(ob, " UDP");
        print_color_end(ctx, ob);
    } else if (pkt->icmp.present && PRINT_HAS(&pkt->icmp, 2)) {
        print_color(ctx, ob, PRINT_COLOR_TRANSPORT);
        ob_puts(ob, pkt->ipv6.present ? " ICMP6 type " : " ICMP type ");
        print_color_end(ctx, ob);
        ob_u64(ob, pkt->icmp.type);
        ob_puts(ob, " code ");
        ob_u64(ob, pkt->icmp.code);
        const char *name = ip4->present ? names_lookup(names_icmp_type, pkt->icmp.type) : NULL;
        if (name) {
            ob_puts(ob, " (");
            ob_puts(ob, name);
            ob_putc(ob, ')');
        }
    } else if (ip4->present && PRINT_HAS(ip4, 20) && !pkt->anomalies) {
        const char *name = names_lookup(names_ip_protocol, ip4->protocol);
        ob_putc(ob, ' ');
        if (name)
            ob_puts(ob, name);
        else {
            ob_puts(ob, "proto ");
            ob_u64(ob, ip4->protocol);
        }
    }
}

/* After the aligned columns: the payload length, IP options, problems, analysis tags. */
static void trailer_part(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                         const struct packet *pkt)
{
    uint32_t plen;
    if (print_payload_length(pkt, &plen)) {
        ob_puts(ob, " len ");
        ob_u64(ob, plen);
        if (pkt->udp_spans_fragments) {
            ob_puts(ob, " (first fragment, ");
            ob_u64(ob, pkt->fragment_payload_len);
            ob_puts(ob, " here)");
        }
    }
    if (pkt->ipv4.present && PRINT_HAS(&pkt->ipv4, 20) && pkt->ipv4.option_count)
        ob_puts(ob, " +ip-options"); /* rare, and -v shows them */
    if (pkt->anomalies) {
        ob_puts(ob, "  ");
        print_color(ctx, ob, PRINT_COLOR_ERROR);
        ob_putc(ob, '[');
        print_anomalies_text(ob, pkt);
        ob_putc(ob, ']');
        print_color_end(ctx, ob);
    }
    if (fr->analysis && fr->analysis->flags && pkt->tcp.present)
        analysis_tags(ctx, ob, fr->analysis);
}

void print_line(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow)
{
    outbuf_reserve(ob, 512);
    print_time_hms(ctx, ob, fr);
    ob_putc(ob, ' ');
    if (ctx->opts.link && pkt->link.present) {
        print_color(ctx, ob, PRINT_COLOR_LINK);
        link_part(ob, pkt);
        print_color_end(ctx, ob);
    }
    network_part(ctx, ob, pkt);
    transport_part(ctx, ob, fr, pkt, flow);
    trailer_part(ctx, ob, fr, pkt);
    ob_putc(ob, '\n');
}
