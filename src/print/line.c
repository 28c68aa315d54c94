/* line.c - the default output: one line per packet, tcpdump's line with stackscope's extras.
 *
 *   14:38:19.932500 IP 127.0.0.1.38498 > 127.0.0.1.8080: [P.] seq 1:129 ack 1 win 65536 ttl 64
 *     id 7490 DF "GET /index.html HTTP/1.1"                                  (all on one line)
 *
 * The fields, in this order, and why:
 * 1. Time, "IP"/"IP6", "src.port > dst.port:": tcpdump's opening, character for character, so a
 *    tcpdump user finds the addresses where the eye expects them (no padding: the old aligned
 *    columns cost 40 columns of spaces and aligned nothing once the lengths varied).
 * 2. What the transport says, in tcpdump's words and order, without its commas and "Flags": the
 *    flags "[P.]", "seq A:B" where the segment carries data or a SYN/FIN/RST or the analysis
 *    tags it (relative; raw with -S), "ack N" where ACK is set, "win N" in bytes where the
 *    handshake gave the scale (the analysis' window, tshark's tcp.window_size), "urg N" with
 *    URG, then the options in brief between tcpdump's old angle brackets ("<mss 65495,sackOK,TS,
 *    wscale 10>": nop/eol are padding, the timestamps' values are -v's); after the handshake
 *    only options that say something (SACK edges, relative like the ack; unknown kinds) are
 *    shown: a timestamp on every segment tells nothing on one line.
 *    The payload length is given once: for TCP data the range A:B is it (B - A bytes, as
 *    tcpdump's range; -q writes the number); "len N" for UDP, ICMP and other IP payloads.
 *    ICMP and ARP in tcpdump's words, without its commas either: "ICMP echo request id 1 seq 3
 *    len 64", "ICMP 10.0.0.2 udp port 53 unreachable len 36" (from the quoted header), "ARP
 *    Request who-has 10.0.0.2 tell 10.0.0.1 len 28" (the bytes after the link header, as
 *    tcpdump's length); a frame of another PPP protocol as "PPP LCP (0xc021) len 60".
 * 3. stackscope's extras from the IP header: "ttl 64", the id, the flags "DF", a fragment's
 *    offset "frag 1480+"; "hlim", "flow" for IPv6. After tcpdump's part, so that part reads as
 *    tcpdump's. The id is on every IPv4 line, DF or not (issue 14 keeps TTL, id and DF): it
 *    ties a packet to the same one seen elsewhere, and an atomic datagram's id (RFC 6864) is
 *    still what tcpdump -v and tshark show. It costs up to 9 columns, which the preview gives
 *    up first: a loopback ACK is 90 columns, a data segment's fixed part 101 to 102.
 * 4. The first bytes of a text payload, quoted, up to its first line end, cut ("…") where the
 *    line would pass 100 columns but kept to PREVIEW_MIN (a request line): last of the fixed
 *    part because it is the one field that may be cut. It looks at no more bytes than it may
 *    show (and one, PREVIEW_SCAN at most), and none if one is not printable.
 * 5. Problems, then the analysis' verdicts, in brackets: "[bad ip cksum]", "[bad tcp cksum]"
 *    (where the decoder verified it; ICMP's always is: "[bad icmp cksum]"), "[invalid: ...]", "[retransmission of #4]". They are
 *    rare, so they may pass 100 columns.
 * Typical widths over captures/ and the tcpdump corpus: IPv4/TCP lines median 103 (98 without
 * options, preview or tags; 96 and 90 before the id was on every line), against 155 for the
 * old aligned line.
 *
 * -q (quick) keeps 1 and the payload length alone, as tcpdump -q ("tcp 128"), and problems.
 * -A prints the payload's captured bytes as text under the line (tcpdump -A, from the payload).
 */
#include <string.h>

#include "stackscope/names.h"
#include "stackscope/print.h"

#define LINE_WIDTH 100   /* the line's target width, which the preview is cut to */
#define PREVIEW_SCAN 48  /* payload bytes the preview looks at, at most */
#define PREVIEW_MIN 24   /* columns a preview keeps however long the line already is */

/* Visible columns of the line so far: the bytes written since its start, less the colour
 * escapes (print_color adds bytes no terminal shows). */
struct line_pos {
    size_t start;
    size_t escapes;
};

static inline void color(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                         const char *ansi)
{
    if (!ctx->opts.color)
        return;
    size_t before = ob->len;
    print_color(ctx, ob, ansi);
    lp->escapes += ob->len - before;
}

static inline void color_end(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp)
{
    if (!ctx->opts.color)
        return;
    size_t before = ob->len;
    print_color_end(ctx, ob);
    lp->escapes += ob->len - before;
}

/* An address as tcpdump writes it: the port after a dot, IPv6 without brackets. */
static void endpoint(struct outbuf *ob, const struct packet *pkt, bool src, bool with_port,
                     uint16_t port)
{
    if (pkt->ipv4.present)
        ob_ipv4(ob, src ? pkt->ipv4.src : pkt->ipv4.dst);
    else
        ob_ipv6(ob, src ? pkt->ipv6.src : pkt->ipv6.dst);
    if (with_port) {
        ob_putc(ob, '.');
        ob_u64(ob, port);
    }
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
    case LINKTYPE_PPP: /* tcpdump -e: "IP (0x0021)" */
        if (l->hdr_len) {
            const char *name = print_ppp_protocol_name(l->ppp_protocol);
            ob_puts(ob, "PPP ");
            ob_puts(ob, name ? name : "protocol");
            ob_puts(ob, " (0x");
            ob_hex(ob, l->ppp_protocol, 4);
            ob_putc(ob, ')');
        }
        break;
    default:
        ob_puts(ob, "raw");
        break;
    }
    if (l->hdr_len && l->linktype != LINKTYPE_PPP) { /* the link header was captured whole */
        ob_puts(ob, " ethertype 0x");
        ob_hex(ob, l->ethertype, 4);
    }
    ob_puts(ob, ob->len == start ? "frame " : " frame "); /* nothing captured before it */
    ob_u64(ob, pkt->len);
    ob_puts(ob, ": ");
}

/* stackscope's extras from the network layer, after tcpdump's part of the line. */
static void ip_extras(struct outbuf *ob, const struct packet *pkt)
{
    if (pkt->ipv4.present && PRINT_HAS(&pkt->ipv4, 20)) {
        const struct ipv4_hdr *ip = &pkt->ipv4;
        ob_puts(ob, " ttl ");
        ob_u64(ob, ip->ttl);
        /* The id on every line, DF or not: one of stackscope's extras, and what ties a packet
         * to the same one seen elsewhere (two interfaces, both ends of a NAT). */
        ob_puts(ob, " id ");
        ob_u64(ob, ip->id);
        if (ip->flags) {
            ob_putc(ob, ' ');
            ob_puts(ob, print_ipv4_flags(ip->flags));
        }
        if (ip->frag_offset || (ip->flags & 1)) {
            ob_puts(ob, " frag ");
            ob_u64(ob, (uint64_t)ip->frag_offset * 8);
            if (ip->flags & 1)
                ob_putc(ob, '+');
        }
        if (ip->option_count)
            ob_puts(ob, " +ip-options"); /* rare, and -v shows them */
    } else if (pkt->ipv6.present && PRINT_HAS(&pkt->ipv6, 40)) {
        ob_puts(ob, " hlim ");
        ob_u64(ob, pkt->ipv6.hop_limit);
        if (pkt->ipv6.flow_label) {
            ob_puts(ob, " flow 0x");
            ob_hex(ob, pkt->ipv6.flow_label, 5);
        }
    }
}

/* A sequence number as the line shows it: relative to the connection's start unless -S. */
static uint32_t rel_seq(uint32_t raw, uint32_t raw_here, uint32_t rel_here, bool rel)
{
    return rel ? raw - (raw_here - rel_here) : raw;
}

/* One option in tcpdump's brief words; SACK edges relative like ack (same sequence space). */
static void tcp_option_brief(struct outbuf *ob, const struct tcp_option *o, bool rel_ack,
                             const struct tcp_hdr *t, const struct flow_info *flow)
{
    const char *n = NULL;
    switch (o->kind) {
    case TCPOPT_MSS:
        n = "mss";
        break;
    case TCPOPT_WSCALE:
        n = "wscale";
        break;
    case TCPOPT_SACK_PERMITTED:
        n = "sackOK";
        break;
    case TCPOPT_SACK:
        n = "sack";
        break;
    case TCPOPT_TIMESTAMP:
        n = "TS";
        break;
    case TCPOPT_MD5:
        n = "md5";
        break;
    case TCPOPT_FASTOPEN:
        n = "tfo";
        break;
    default:
        ob_puts(ob, "opt-");
        ob_u64(ob, o->kind);
        break;
    }
    if (n)
        ob_puts(ob, n);
    if (o->cut || o->len == 0 || !o->valid) {
        ob_putc(ob, '?'); /* cut by the capture or a length that does not fit: -v says which */
        return;
    }
    if (o->kind == TCPOPT_MSS || o->kind == TCPOPT_WSCALE) {
        ob_putc(ob, ' ');
        ob_u64(ob, o->kind == TCPOPT_MSS ? o->v.mss : o->v.wscale);
    } else if (o->kind == TCPOPT_SACK) {
        for (unsigned i = 0; i < 2u * o->v.sack.count; i += 2) {
            ob_putc(ob, ' ');
            ob_u64(ob, rel_seq(o->v.sack.edge[i], t->ack, flow ? flow->ack_rel : 0, rel_ack));
            ob_putc(ob, ':');
            ob_u64(ob, rel_seq(o->v.sack.edge[i + 1], t->ack, flow ? flow->ack_rel : 0, rel_ack));
        }
    }
}

/* The options worth a place on the line: all but padding on a SYN; afterwards those that are
 * neither padding nor the timestamp every segment repeats. */
static bool option_shown(const struct tcp_option *o, bool syn)
{
    const uint32_t padding = 1u << TCPOPT_EOL | 1u << TCPOPT_NOP;
    const uint32_t hidden = syn ? padding : padding | 1u << TCPOPT_TIMESTAMP;
    if (o->cut || !o->valid || o->kind >= 32)
        return true;
    return !(hidden >> o->kind & 1u);
}

static void tcp_options(struct outbuf *ob, const struct tcp_hdr *t, const struct flow_info *flow,
                        bool rel_ack)
{
    bool syn = t->flags & TCP_SYN, first = true;
    for (unsigned i = 0; i < t->option_count; i++) {
        const struct tcp_option *o = &t->options[i];
        if (!option_shown(o, syn))
            continue;
        ob_puts(ob, first ? " <" : ",");
        first = false;
        tcp_option_brief(ob, o, rel_ack, t, flow);
    }
    if (!first)
        ob_putc(ob, '>');
}

/* "[P.] seq 1:19 ack 1 win 65536 <...>", tcpdump's TCP fields in its order. */
static void tcp_part(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                     const struct packet *pkt, const struct flow_info *flow,
                     const struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    ob_putc(ob, ' ');
    color(ctx, ob, lp, PRINT_COLOR_TRANSPORT);
    print_tcp_flags_short(ob, t->flags);
    color_end(ctx, ob, lp);
    bool rel = flow && flow->tracked && !ctx->opts.absolute_seq;
    uint32_t len = t->payload_length_known ? t->payload_length : 0;
    /* A segment the analysis tags (a keep-alive, a retransmission) is judged by its seq. */
    if (len || (t->flags & (TCP_SYN | TCP_FIN | TCP_RST)) ||
        (v && print_analysis_tagged(v->flags))) {
        uint32_t seq = rel ? flow->seq_rel : t->seq;
        ob_puts(ob, " seq ");
        ob_u64(ob, seq);
        if (len) {
            ob_putc(ob, ':');
            ob_u64(ob, (uint32_t)(seq + len));
        }
    }
    bool rel_ack = rel && flow->ack_valid;
    if (t->flags & TCP_ACK) {
        ob_puts(ob, " ack ");
        ob_u64(ob, rel_ack ? flow->ack_rel : t->ack);
    }
    ob_puts(ob, " win ");
    ob_u64(ob, v && v->window_size_known ? v->window_size : t->window);
    if (t->flags & TCP_URG) {
        ob_puts(ob, " urg ");
        ob_u64(ob, t->urgent);
    }
    tcp_options(ob, t, flow, rel_ack);
}

/* The payload's length, where it is not TCP's range: UDP's, or the IP payload's. */
static void ip_payload_length(struct outbuf *ob, const struct packet *pkt)
{
    const struct ipv4_hdr *ip4 = &pkt->ipv4;
    uint32_t n;
    if (ip4->present && PRINT_HAS(ip4, 20) && ip4->total_length >= ip4->ihl * 4u)
        n = ip4->total_length - ip4->ihl * 4u;
    else if (pkt->ipv6.present && PRINT_HAS(&pkt->ipv6, 40))
        n = pkt->ipv6.payload_length;
    else
        return;
    ob_puts(ob, " len ");
    ob_u64(ob, n);
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

/* ARP in tcpdump's words without its commas: "ARP Request who-has 10.0.0.2 tell 10.0.0.1 len
 * 46", "ARP Reply 10.0.0.2 is-at 02:00:00:00:00:02 len 46" (len: the bytes after the link
 * header, as tcpdump's); the addresses captured, those of Ethernet/IPv4 ARP only. */
static void arp_part(struct outbuf *ob, const struct packet *pkt)
{
    const struct arp_hdr *a = &pkt->arp;
    ob_puts(ob, "ARP");
    bool ether_ip = PRINT_HAS(a, 8) && a->htype == 1 && a->ptype == 0x0800 && a->hlen == 6 &&
                    a->plen == 4;
    if (PRINT_HAS(a, 8) && !ether_ip) {
        ob_puts(ob, " htype ");
        ob_u64(ob, a->htype);
        ob_puts(ob, " ptype 0x");
        ob_hex(ob, a->ptype, 4);
    }
    if (PRINT_HAS(a, 8)) {
        if (a->op == 1 || a->op == 2) {
            ob_puts(ob, a->op == 1 ? " Request" : " Reply");
        } else {
            ob_puts(ob, " opcode ");
            ob_u64(ob, a->op);
        }
    }
    bool addrs = a->hlen == 6 && a->plen == 4;
    if (addrs && a->op == 1 && PRINT_HAS(a, 28)) {
        ob_puts(ob, " who-has ");
        ob_ipv4(ob, a->tpa);
    }
    if (addrs && a->op == 1 && PRINT_HAS(a, 18)) {
        ob_puts(ob, " tell ");
        ob_ipv4(ob, a->spa);
    } else if (addrs && a->op == 2 && PRINT_HAS(a, 18)) {
        ob_putc(ob, ' ');
        ob_ipv4(ob, a->spa);
        ob_puts(ob, " is-at ");
        ob_mac(ob, a->sha, 6);
    }
    ob_puts(ob, " len ");
    ob_u64(ob, pkt->len - a->offset);
}

/* "IP 10.0.0.1.40001 > 10.0.0.2.80:" (with the ports captured: 3 bytes of TCP give the source
 * port alone), or what names the frame when it has no IP header to show. */
static void network_part(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                         const struct packet *pkt)
{
    const struct ipv4_hdr *ip4 = &pkt->ipv4;
    const struct ipv6_hdr *ip6 = &pkt->ipv6;
    const struct tcp_hdr *t = &pkt->tcp;
    const struct udp_hdr *u = &pkt->udp;
    bool sport = (t->present && PRINT_HAS(t, 2)) || (u->present && PRINT_HAS(u, 2));
    bool dport = (t->present && PRINT_HAS(t, 4)) || (u->present && PRINT_HAS(u, 4));
    if ((ip4->present && PRINT_HAS(ip4, 20)) || (ip6->present && PRINT_HAS(ip6, 40))) {
        color(ctx, ob, lp, PRINT_COLOR_IP);
        ob_puts(ob, ip4->present ? "IP " : "IP6 ");
        color_end(ctx, ob, lp);
        endpoint(ob, pkt, true, sport, t->present ? t->src_port : u->src_port);
        ob_puts(ob, " > ");
        endpoint(ob, pkt, false, dport, t->present ? t->dst_port : u->dst_port);
        ob_putc(ob, ':');
    } else if (ip4->present || ip6->present) {
        ob_puts(ob, ip4->present ? "IP version " : "IP6 version ");
        ob_u64(ob, ip4->present ? ip4->version : ip6->version);
    } else if (pkt->arp.present) {
        arp_part(ob, pkt);
    } else if (pkt->link.linktype == LINKTYPE_PPP && pkt->link.hdr_len) {
        const char *name = print_ppp_protocol_name(pkt->link.ppp_protocol);
        ob_puts(ob, "PPP ");
        ob_puts(ob, name ? name : "protocol");
        ob_puts(ob, " (0x");
        ob_hex(ob, pkt->link.ppp_protocol, 4);
        ob_puts(ob, ") len ");
        ob_u64(ob, pkt->len);
    } else {
        const char *name = names_lookup(names_ethertype, pkt->link.ethertype);
        const char *lt_name, *lt_description;
        if (pkt->link.present && pkt->link.hdr_len) {
            ob_puts(ob, name ? name : "ethertype");
            ob_puts(ob, " (0x");
            ob_hex(ob, pkt->link.ethertype, 4);
            ob_putc(ob, ')');
        } else if (print_linktype_name(pkt->link.linktype, &lt_name, &lt_description)) {
            ob_puts(ob, lt_description); /* a cut header of a known link: "PPP len 3" */
        } else {
            ob_puts(ob, "link type ");
            ob_u64(ob, pkt->link.linktype);
        }
        ob_puts(ob, " len ");
        ob_u64(ob, pkt->len);
    }
}

/* An unreachable's words as tcpdump's, about the quoted datagram's destination: "10.0.0.2 udp
 * port 53 unreachable", "host 10.0.0.2 unreachable", "... unreachable - need to frag (mtu N)". */
static void icmp_unreachable(struct outbuf *ob, const struct icmp_hdr *ic)
{
    static const struct {
        const char *before, *after;
    } codes[16] = {
        {"net ", ""}, {"host ", ""}, {"", ""}, {"", ""},
        {"", " - need to frag"}, {"", " - source route failed"},
        {"net ", " - unknown"}, {"host ", " - unknown"},
        {"", " - source host isolated"}, {"net ", " - admin prohibited"},
        {"host ", " - admin prohibited"}, {"net ", " - tos prohibited"},
        {"host ", " - tos prohibited"}, {"", " - admin prohibited filter"},
        {"", " - host precedence violation"}, {"", " - precedence cutoff"},
    };
    ob_putc(ob, ' ');
    if (ic->code < 16)
        ob_puts(ob, codes[ic->code].before);
    ob_ipv4(ob, ic->quoted_dst);
    if (ic->code == 2 || (ic->code == 3 && !(ic->quoted_ports && (ic->quoted_protocol == 6 ||
                                                                   ic->quoted_protocol == 17)))) {
        ob_puts(ob, " protocol ");
        ob_u64(ob, ic->quoted_protocol);
    }
    if (ic->code == 3 && ic->quoted_ports) {
        ob_puts(ob, ic->quoted_protocol == 6 ? " tcp port " :
                    ic->quoted_protocol == 17 ? " udp port " : " port ");
        ob_u64(ob, ic->quoted_dst_port);
    }
    ob_puts(ob, " unreachable");
    if (ic->code < 16) {
        ob_puts(ob, codes[ic->code].after);
    } else {
        ob_puts(ob, " - #");
        ob_u64(ob, ic->code);
    }
    if (ic->code == 4 && (ic->rest & 0xffffu)) {
        ob_puts(ob, " (mtu ");
        ob_u64(ob, ic->rest & 0xffffu);
        ob_putc(ob, ')');
    }
}

/* ICMP in tcpdump's words without its commas: "ICMP echo request id 1 seq 3", an unreachable
 * as icmp_unreachable says it, "ICMP time exceeded in-transit"; other types by number. */
static void icmp_part(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                      const struct packet *pkt)
{
    const struct icmp_hdr *ic = &pkt->icmp;
    bool v4 = pkt->ipv4.present;
    if (ic->is_echo || (v4 && ic->type == 3 && ic->quoted) || (v4 && ic->type == 11 && ic->code < 2)) {
        color(ctx, ob, lp, PRINT_COLOR_TRANSPORT);
        ob_puts(ob, v4 ? " ICMP" : " ICMP6");
        color_end(ctx, ob, lp);
        if (ic->is_echo) {
            ob_puts(ob, ic->type == 0 || ic->type == 129 ? " echo reply id " : " echo request id ");
            ob_u64(ob, ic->id);
            ob_puts(ob, " seq ");
            ob_u64(ob, ic->seq);
        } else if (ic->type == 3) {
            icmp_unreachable(ob, ic);
        } else {
            ob_puts(ob, ic->code ? " ip reassembly time exceeded" : " time exceeded in-transit");
        }
        return;
    }
    color(ctx, ob, lp, PRINT_COLOR_TRANSPORT);
    ob_puts(ob, pkt->ipv6.present ? " ICMP6 type " : " ICMP type ");
    color_end(ctx, ob, lp);
    ob_u64(ob, pkt->icmp.type);
    ob_puts(ob, " code ");
    ob_u64(ob, pkt->icmp.code);
    const char *name = names_lookup(pkt->ipv4.present ? names_icmp_type : names_icmp6_type,
                                    pkt->icmp.type);
    if (name) {
        ob_puts(ob, " (");
        ob_puts(ob, name);
        ob_putc(ob, ')');
    }
}

/* UDP's length (a first fragment's part of it), or the IP protocol when nothing above IP was
 * decoded. TCP is tcp_part's. */
static void udp_or_other_part(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                              const struct packet *pkt)
{
    const struct ipv4_hdr *ip4 = &pkt->ipv4;
    uint32_t plen;
    if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8)) {
        color(ctx, ob, lp, PRINT_COLOR_TRANSPORT);
        ob_puts(ob, " UDP");
        color_end(ctx, ob, lp);
        if (print_payload_length(pkt, &plen)) {
            ob_puts(ob, " len ");
            ob_u64(ob, plen);
            if (pkt->udp_spans_fragments) {
                ob_puts(ob, " (first fragment, ");
                ob_u64(ob, pkt->fragment_payload_len);
                ob_puts(ob, " here)");
            }
        }
    } else if (pkt->icmp.present && PRINT_HAS(&pkt->icmp, 2)) {
        icmp_part(ctx, ob, lp, pkt);
        ip_payload_length(ob, pkt);
    } else if (ip4->present && PRINT_HAS(ip4, 20) && !pkt->anomalies) {
        const char *name = names_lookup(names_ip_protocol, ip4->protocol);
        ob_putc(ob, ' ');
        if (name)
            ob_puts(ob, name);
        else {
            ob_puts(ob, "proto ");
            ob_u64(ob, ip4->protocol);
        }
        ip_payload_length(ob, pkt);
    } else if (pkt->ipv6.present && PRINT_HAS(&pkt->ipv6, 40) && !pkt->tcp.present) {
        ip_payload_length(ob, pkt);
    }
}

/* How many of the n bytes at p are printable ASCII (0x20 space to 0x7e ~) before the first that
 * is not: eight at a time (a byte below 0x20, or with 0x7f added to 0x01 carrying into its top
 * bit, sets that bit), then one by one. */
static uint32_t printable_run(const uint8_t *p, uint32_t n)
{
    const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t below = (w - 0x20 * ones) & ~w & tops; /* a byte < 0x20 */
        uint64_t above = ((w + ones) | w) & tops;        /* a byte >= 0x7f */
        if (below | above)
            break;
    }
    while (i < n && (uint8_t)(p[i] - 0x20) < 0x5f)
        i++;
    return i;
}

/* Where the payload's first bytes are text, quotes them up to the first line end, cut to the
 * columns left before LINE_WIDTH (PREVIEW_MIN at least). Looks at no more bytes than it may show
 * and one (PREVIEW_SCAN at most): the bytes after what is shown do not change the line. */
static void payload_preview(struct outbuf *ob, const struct packet *pkt, size_t col)
{
    size_t room = col + 3 + PREVIEW_MIN < LINE_WIDTH ? LINE_WIDTH - col - 3 : PREVIEW_MIN;
    uint32_t n = pkt->payload_caplen;
    if (n > room + 1)
        n = (uint32_t)room + 1;
    if (n > PREVIEW_SCAN)
        n = PREVIEW_SCAN;
    if (!n || !pkt->payload_offset || pkt->payload_offset + n > pkt->caplen)
        return;
    const uint8_t *p = pkt->data + pkt->payload_offset;
    uint32_t text = printable_run(p, n);
    bool line_end = text < n && (p[text] == '\r' || p[text] == '\n');
    if (text == 0 || (text < n && !line_end))
        return; /* binary, or no text before the line ends */
    bool more = !line_end && text < pkt->payload_caplen;
    if (text > room || (more && text == room)) {
        text = (uint32_t)room - 1; /* the "…" takes a column */
        more = true;
    }
    ob_puts(ob, " \"");
    ob_write(ob, p, text);
    ob_puts(ob, more ? "\"…" : "\"");
}

/* Problems: each checksum found wrong, then the decoder's anomalies. Only for the rare packet
 * that has one (problems_part decides, inline). */
static __attribute__((noinline)) void problems_write(struct print_ctx *ctx, struct outbuf *ob,
                                                     const struct packet *pkt)
{
    static const char *const bad[4] = {" [bad ip cksum]", " [bad tcp cksum]", " [bad udp cksum]",
                                       " [bad icmp cksum]"};
    bool icmp_bad = pkt->icmp.present && pkt->icmp.checksum_status == CHECKSUM_BAD;
    bool is_bad[4] = {pkt->ipv4.present && pkt->ipv4.checksum_status == CHECKSUM_BAD,
                      pkt->tcp.present && pkt->tcp.checksum_status == CHECKSUM_BAD,
                      pkt->udp.present && pkt->udp.checksum_status == CHECKSUM_BAD,
                      icmp_bad};
    for (int i = 0; i < 4; i++)
        if (is_bad[i]) {
            print_color(ctx, ob, PRINT_COLOR_ERROR);
            ob_puts(ob, bad[i]);
            print_color_end(ctx, ob);
        }
    if (pkt->anomalies) {
        ob_putc(ob, ' ');
        print_color(ctx, ob, PRINT_COLOR_ERROR);
        ob_putc(ob, '[');
        print_anomalies_text(ob, pkt);
        ob_putc(ob, ']');
        print_color_end(ctx, ob);
    }
}

static inline void problems_part(struct print_ctx *ctx, struct outbuf *ob,
                                 const struct packet *pkt)
{
    /* UDP and ICMP are never both decoded, the other's status left 0 (unverified): their OR
     * is the one's. */
    unsigned udp_icmp = (unsigned)pkt->udp.checksum_status | (unsigned)pkt->icmp.checksum_status;
    if (pkt->ipv4.checksum_status == CHECKSUM_BAD || pkt->tcp.checksum_status == CHECKSUM_BAD ||
        udp_icmp == CHECKSUM_BAD || pkt->anomalies)
        problems_write(ctx, ob, pkt); /* rare */
}

/* -q: "tcp 18", "udp 18", as tcpdump -q; other protocols as the full line says them. */
static void quick_part(struct print_ctx *ctx, struct outbuf *ob, struct line_pos *lp,
                       const struct packet *pkt)
{
    uint32_t plen;
    if (pkt->tcp.present && PRINT_HAS(&pkt->tcp, 20)) {
        ob_puts(ob, " tcp ");
        ob_u64(ob, pkt->tcp.payload_length_known ? pkt->tcp.payload_length : 0);
    } else if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8) && print_payload_length(pkt, &plen)) {
        ob_puts(ob, " udp ");
        ob_u64(ob, plen);
    } else if (pkt->icmp.present && PRINT_HAS(&pkt->icmp, 2) && pkt->ipv4.present &&
               names_lookup(names_icmp_type, pkt->icmp.type)) {
        ob_puts(ob, " ICMP "); /* its name alone: "ICMP echo request len 64" */
        ob_puts(ob, names_lookup(names_icmp_type, pkt->icmp.type));
        ip_payload_length(ob, pkt);
    } else {
        udp_or_other_part(ctx, ob, lp, pkt);
    }
}

/* -A: the payload's captured bytes as text under the line, as tcpdump -A: CR LF and LF end a
 * line, what is not printable is a dot. */
static void payload_ascii(struct outbuf *ob, const struct packet *pkt)
{
    uint32_t n = pkt->payload_caplen;
    if (!n || !pkt->payload_offset || pkt->payload_offset + n > pkt->caplen)
        return;
    const uint8_t *p = pkt->data + pkt->payload_offset;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\r' && i + 1 < n && p[i + 1] == '\n')
            continue; /* the LF ends the line */
        ob_putc(ob, c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) ? (char)c : '.');
    }
    if (p[n - 1] != '\n')
        ob_putc(ob, '\n');
}

void print_line(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow)
{
    outbuf_reserve(ob, 512);
    struct line_pos lp = {ob->len, 0};
    if (print_time(ctx, ob, fr))
        ob_putc(ob, ' ');
    if (ctx->opts.link && pkt->link.present) {
        color(ctx, ob, &lp, PRINT_COLOR_LINK);
        link_part(ob, pkt);
        color_end(ctx, ob, &lp);
    }
    network_part(ctx, ob, &lp, pkt);
    bool tcp = pkt->tcp.present && PRINT_HAS(&pkt->tcp, 20);
    if (ctx->opts.quick) {
        quick_part(ctx, ob, &lp, pkt);
        problems_part(ctx, ob, pkt);
    } else {
        if (tcp)
            tcp_part(ctx, ob, &lp, pkt, flow, fr->analysis);
        else
            udp_or_other_part(ctx, ob, &lp, pkt);
        ip_extras(ob, pkt);
        if (tcp || (pkt->udp.present && PRINT_HAS(&pkt->udp, 8)))
            payload_preview(ob, pkt, ob->len - lp.start - lp.escapes);
        problems_part(ctx, ob, pkt);
        if (fr->analysis && fr->analysis->flags && pkt->tcp.present)
            analysis_tags(ctx, ob, fr->analysis);
    }
    ob_putc(ob, '\n');
    if (ctx->opts.ascii)
        payload_ascii(ob, pkt);
}
