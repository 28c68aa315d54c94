/* tree.c - `-v`: every field of every layer, one per line, grouped by layer. Lines whose length
 * depends on the packet (reasons, problems, lists of addresses) wrap at 80 columns. */
#include <stdlib.h>
#include <string.h>

#include "stackscope/names.h"
#include "stackscope/print.h"

/* Lines of prose and lists continue on lines indented by this much more than their label. */
#define HANG 2

static int digits(uint64_t v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* Lays out what was printed into scratch from column col, wrapped (print_wrap), and empties
 * scratch for the next line. */
static void wrap_scratch(struct outbuf *ob, struct outbuf *scratch, int col, int indent)
{
    print_wrap(ob, scratch->buf, scratch->len, col, indent);
    scratch->len = 0;
}

/* Inline, so that each label's length is known where it is used. */
static inline __attribute__((always_inline)) void label(struct outbuf *ob, const char *text)
{
    ob_write(ob, "    ", 4);
    ob_puts(ob, text);
    ob_write(ob, ": ", 2);
}

static inline __attribute__((always_inline)) void heading(struct print_ctx *ctx,
                                                          struct outbuf *ob, const char *color,
                                                          const char *text)
{
    ob_puts(ob, "  ");
    print_color(ctx, ob, color);
    ob_puts(ob, text);
    print_color_end(ctx, ob);
}

static void named(struct outbuf *ob, const struct name_entry *table, unsigned v)
{
    const char *n = names_lookup(table, v);
    if (n) {
        ob_puts(ob, " (");
        ob_puts(ob, n);
        ob_putc(ob, ')');
    }
}

static void link_sll_tree(struct outbuf *ob, const struct link_hdr *l)
{
    const struct print_sll_ends e = *print_sll_ends(l->linktype);
    if (PRINT_HAS(l, e.pkttype)) {
        label(ob, "Packet type");
        ob_u64(ob, l->pkttype);
        named(ob, names_sll_pkttype, l->pkttype);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(l, e.hatype)) {
        label(ob, "ARPHRD type");
        ob_u64(ob, l->hatype);
        ob_putc(ob, '\n');
    }
    if (e.ifindex && PRINT_HAS(l, e.ifindex)) {
        label(ob, "Interface index");
        ob_u64(ob, l->ifindex);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(l, e.src)) {
        label(ob, "Source");
        ob_mac(ob, l->src, l->src_len);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(l, e.ethertype)) {
        label(ob, "EtherType");
        ob_puts(ob, "0x");
        ob_hex(ob, l->ethertype, 4);
        named(ob, names_ethertype, l->ethertype);
        ob_putc(ob, '\n');
    }
}

/* ARP's fields, those captured: "Opcode: 1 (request)", "Sender: 02:.. 10.0.0.1". */
static void arp_tree(struct print_ctx *ctx, struct outbuf *ob, const struct arp_hdr *a)
{
    heading(ctx, ob, PRINT_COLOR_IP, "ARP\n");
    if (!PRINT_HAS(a, 8))
        return;
    label(ob, "Hardware type");
    ob_u64(ob, a->htype);
    ob_puts(ob, a->htype == 1 ? " (Ethernet), length " : ", length ");
    ob_u64(ob, a->hlen);
    ob_putc(ob, '\n');
    label(ob, "Protocol type");
    ob_puts(ob, "0x");
    ob_hex(ob, a->ptype, 4);
    ob_puts(ob, a->ptype == 0x0800 ? " (IPv4), length " : ", length ");
    ob_u64(ob, a->plen);
    ob_putc(ob, '\n');
    label(ob, "Opcode");
    ob_u64(ob, a->op);
    ob_puts(ob, a->op == 1 ? " (request)\n" : a->op == 2 ? " (reply)\n" : "\n");
    static const char *const who[2] = {"Sender", "Target"};
    for (int i = 0; i < 2; i++) {
        if (a->hlen != 6 || a->plen != 4 || !PRINT_HAS(a, i ? 28u : 18u))
            break;
        label(ob, who[i]);
        ob_mac(ob, i ? a->tha : a->sha, 6);
        ob_putc(ob, ' ');
        ob_ipv4(ob, i ? a->tpa : a->spa);
        ob_putc(ob, '\n');
    }
}

static void link_ethernet_tree(struct outbuf *ob, const struct link_hdr *l)
{
    if (PRINT_HAS(l, 6)) {
        label(ob, "Destination");
        ob_mac(ob, l->dst, 6);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(l, 12)) {
        label(ob, "Source");
        ob_mac(ob, l->src, 6);
        ob_putc(ob, '\n');
    }
    for (unsigned i = 0; i < l->vlan_count; i++) { /* complete tags only */
        label(ob, l->vlan[i].tpid == 0x88a8 ? "802.1ad tag" : "802.1Q tag");
        ob_puts(ob, "VLAN ");
        ob_u64(ob, l->vlan[i].tci & 0x0fffu);
        ob_puts(ob, ", priority ");
        ob_u64(ob, (unsigned)l->vlan[i].tci >> 13);
        ob_puts(ob, ", DEI ");
        ob_u64(ob, (unsigned)l->vlan[i].tci >> 12 & 1u);
        ob_putc(ob, '\n');
    }
    if (l->hdr_len && PRINT_HAS(l, l->hdr_len)) { /* the EtherType ends the header */
        label(ob, "EtherType");
        ob_puts(ob, "0x");
        ob_hex(ob, l->ethertype, 4);
        named(ob, names_ethertype, l->ethertype);
        ob_putc(ob, '\n');
    }
}

/* PPP: whether address and control were there, and the protocol. */
static void link_ppp_tree(struct outbuf *ob, const struct link_hdr *l)
{
    label(ob, "Address, control");
    ob_puts(ob, l->ppp_address_control ? "0xff 0x03\n" : "none (compressed)\n");
    label(ob, "Protocol");
    ob_puts(ob, "0x");
    ob_hex(ob, l->ppp_protocol, 4);
    const char *name = print_ppp_protocol_name(l->ppp_protocol);
    if (name) {
        ob_puts(ob, " (");
        ob_puts(ob, name);
        ob_putc(ob, ')');
    }
    ob_putc(ob, '\n');
}

static void link_tree(struct print_ctx *ctx, struct outbuf *ob, const struct link_hdr *l)
{
    int kind = l->linktype == LINKTYPE_ETHERNET        ? 1
               : l->linktype == LINKTYPE_LINUX_SLL      ? 2
               : l->linktype == LINKTYPE_LINUX_SLL2     ? 3
               : (l->linktype == LINKTYPE_NULL || l->linktype == LINKTYPE_LOOP) ? 4
               : l->linktype == LINKTYPE_PPP            ? 5
                                                         : 0;
    /* Named as libpcap names it, as the "reading from file" banner does: "EN10MB (Ethernet)". */
    const char *name = "RAW", *description = "Raw IP";
    print_linktype_name(l->linktype, &name, &description);
    heading(ctx, ob, PRINT_COLOR_LINK, "Link layer: ");
    ob_puts(ob, name);
    ob_puts(ob, " (");
    ob_puts(ob, description);
    ob_puts(ob, "), ");
    unsigned bytes = l->hdr_len || kind == 0 ? l->hdr_len : l->fixed_len;
    ob_u64(ob, bytes);
    ob_puts(ob, bytes == 1 ? " byte" : " bytes"); /* PPP's compressed header is 1 */
    ob_puts(ob, l->hdr_len || kind == 0 ? "\n" : " captured\n");
    if (kind == 1) {
        link_ethernet_tree(ob, l);
    } else if (kind == 2 || kind == 3) {
        link_sll_tree(ob, l);
    } else if (kind == 4 && PRINT_HAS(l, 4)) {
        label(ob, "Address family");
        ob_u64(ob, l->family);
        ob_putc(ob, '\n');
        label(ob, "Network protocol");
        ob_puts(ob, "0x");
        ob_hex(ob, l->ethertype, 4);
        named(ob, names_ethertype, l->ethertype);
        ob_putc(ob, '\n');
    } else if (kind == 5 && l->hdr_len) {
        link_ppp_tree(ob, l);
    }
}

/* A route option (RR, LSRR, SSRR) that cannot be right, flagged as tcpdump does: its length
 * is 3 bytes and whole addresses (3 + 4n), its pointer (from 1, at the option's type) falls
 * on an address's first byte (4, 8, ...) and no further than one past the last (route full). */
static void route_problems(struct outbuf *ob, const struct ipv4_option *o)
{
    if (o->len < 3 || (o->len + 1u) % 4u)
        ob_puts(ob, " [bad length]");
    if (o->pointer < 4 || o->pointer % 4u || o->pointer > o->len + 1u)
        ob_puts(ob, " [bad pointer]");
}

/* "Options: 3 (12 bytes)": how many, and the room they take in the header (padding
 * included); "none" without any. */
static void options_count(struct outbuf *ob, unsigned count, unsigned bytes)
{
    if (!count) {
        ob_puts(ob, "none\n");
        return;
    }
    ob_u64(ob, count);
    ob_puts(ob, " (");
    ob_u64(ob, bytes);
    ob_puts(ob, bytes == 1 ? " byte)\n" : " bytes)\n");
}

/* "0x1bb3 (good)", and where it is wrong what it should have been, as tcpdump -v:
 * "0x1bb3 (bad, should be 0x0bb3)". The end of the line is the caller's. */
static void checksum_text(struct outbuf *ob, uint16_t field, enum checksum_status st,
                          bool known, uint16_t should)
{
    ob_puts(ob, "0x");
    ob_hex(ob, field, 4);
    ob_puts(ob, " (");
    ob_puts(ob, print_checksum_word(st));
    if (st == CHECKSUM_BAD && known) {
        ob_puts(ob, ", should be 0x");
        ob_hex(ob, should, 4);
    }
}

/* The checksum a header summed to sum (RFC 1071, its checksum field included) should carry:
 * the field taken back out (adding its complement), the rest complemented. */
static uint16_t checksum_should(uint32_t sum, uint16_t field)
{
    return (uint16_t)~checksum_fold(checksum_fold(sum) + (uint16_t)~field);
}

/* The IPv4 header's right checksum; false when the header was not captured whole. */
static bool ipv4_checksum_should(const struct packet *pkt, uint16_t *should)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    uint32_t hl = ip->ihl * 4u;
    if (ip->ihl < 5 || (uint32_t)ip->offset + hl > pkt->caplen)
        return false;
    *should = checksum_should(checksum_add(0, pkt->data + ip->offset, hl), ip->checksum);
    return true;
}

/* One option into ob, which the caller wraps: a route or timestamps list can be longer than a
 * line. */
static void ipv4_option_text(struct outbuf *ob, const struct ipv4_option *o)
{
    const char *n = names_lookup(names_ipv4_option, o->type);
    ob_puts(ob, n ? n : "unknown");
    ob_puts(ob, " (type ");
    ob_u64(ob, o->type);
    if (o->len > 1) {
        ob_puts(ob, ", length ");
        ob_u64(ob, o->len);
    } else if (o->len == 0) {
        ob_puts(ob, o->cut ? ", cut by the capture" : ", invalid length");
    }
    ob_putc(ob, ')');
    if ((o->type == IPOPT_RR || o->type == IPOPT_LSRR || o->type == IPOPT_SSRR) && o->body_len) {
        ob_puts(ob, " pointer ");
        ob_u64(ob, o->pointer);
        for (unsigned i = 0; 1 + 4 * (i + 1) <= o->body_len; i++) {
            ob_putc(ob, ' ');
            ob_ipv4(ob, o->body + 1 + 4 * i);
        }
        route_problems(ob, o);
    } else if (o->type == IPOPT_TS && o->body_len >= 2) {
        ob_puts(ob, " pointer ");
        ob_u64(ob, o->pointer);
        ob_puts(ob, " overflow ");
        ob_u64(ob, o->ts_overflow);
        ob_puts(ob, " flag ");
        ob_u64(ob, o->ts_flag);
        /* Flag 0: 32-bit timestamps; flags 1 and 3: address, timestamp pairs (RFC 791). */
        unsigned step = o->ts_flag == 0 ? 4 : 8;
        for (unsigned i = 2; i + step <= o->body_len; i += step) {
            const uint8_t *e = o->body + i;
            ob_putc(ob, ' ');
            if (step == 8) {
                ob_ipv4(ob, e);
                ob_putc(ob, '@');
                e += 4;
            }
            ob_u64(ob, (uint32_t)e[0] << 24 | (uint32_t)e[1] << 16 | (uint32_t)e[2] << 8 | e[3]);
        }
    } else if (o->type == IPOPT_RA && o->body_len == 2) {
        ob_puts(ob, " value ");
        ob_u64(ob, o->ra_value);
    }
}

static void ipv4_options_tree(struct outbuf *ob, const struct ipv4_hdr *ip)
{
    struct outbuf scratch;
    outbuf_init_mem(&scratch);
    for (unsigned i = 0; i < ip->option_count; i++) {
        ob_puts(ob, "      ");
        ipv4_option_text(&scratch, &ip->options[i]);
        wrap_scratch(ob, &scratch, 6, 6 + HANG);
        ob_putc(ob, '\n');
    }
    free(scratch.buf);
}

/* The flags, each bit set as print_ipv4_flags spells it, with its meaning. */
static void ipv4_flags_tree(struct outbuf *ob, uint8_t flags)
{
    static const char *const meaning[3] = {"MF: more fragments", "DF: don't fragment",
                                           "RB: reserved bit"};
    label(ob, "Flags");
    ob_puts(ob, "0x");
    ob_hex(ob, flags, 1);
    ob_puts(ob, " (");
    bool first = true;
    for (int bit = 2; bit >= 0; bit--)
        if (flags & (1u << bit)) {
            ob_puts(ob, first ? "" : ", ");
            ob_puts(ob, meaning[bit]);
            first = false;
        }
    ob_puts(ob, first ? "none)\n" : ")\n");
}

/* The header's first row after the version: its length, the type of service, the length of
 * the whole packet. */
static void ipv4_lengths_tree(struct outbuf *ob, const struct ipv4_hdr *ip)
{
    label(ob, "Header length (IHL)");
    ob_u64(ob, ip->ihl);
    ob_puts(ob, " words (");
    ob_u64(ob, ip->ihl * 4u);
    ob_puts(ob, " bytes)\n");
    if (PRINT_HAS(ip, 2)) {
        label(ob, "Type of service");
        ob_puts(ob, "0x");
        ob_hex(ob, ip->tos, 2);
        ob_puts(ob, " (DSCP ");
        ob_u64(ob, (unsigned)ip->tos >> 2);
        ob_puts(ob, ", ECN ");
        ob_u64(ob, ip->tos & 3u);
        ob_puts(ob, ")\n");
    }
    if (PRINT_HAS(ip, 4)) {
        label(ob, "Total length");
        ob_u64(ob, ip->total_length);
        ob_puts(ob, " bytes\n");
    }
}

/* The second row: what fragmentation needs (identification, flags, fragment offset). */
static void ipv4_fragment_tree(struct outbuf *ob, const struct ipv4_hdr *ip)
{
    if (PRINT_HAS(ip, 6)) {
        label(ob, "Identification");
        ob_u64(ob, ip->id);
        ob_puts(ob, " (0x");
        ob_hex(ob, ip->id, 4);
        ob_puts(ob, ")\n");
    }
    if (PRINT_HAS(ip, 7)) /* the 3 flag bits open byte 6 */
        ipv4_flags_tree(ob, ip->flags);
    if (PRINT_HAS(ip, 8)) {
        label(ob, "Fragment offset");
        ob_u64(ob, ip->frag_offset);
        ob_puts(ob, " (");
        ob_u64(ob, ip->frag_offset * 8u);
        ob_puts(ob, " bytes)\n");
    }
}

/* The third row (TTL, protocol, checksum), the addresses and the options. */
static void ipv4_delivery_tree(struct outbuf *ob, const struct packet *pkt)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    if (PRINT_HAS(ip, 9)) {
        label(ob, "Time to live");
        ob_u64(ob, ip->ttl);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 10)) {
        label(ob, "Protocol");
        ob_u64(ob, ip->protocol);
        named(ob, names_ip_protocol, ip->protocol);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 12)) {
        label(ob, "Header checksum");
        uint16_t should = 0;
        bool known = ip->checksum_status == CHECKSUM_BAD && ipv4_checksum_should(pkt, &should);
        checksum_text(ob, ip->checksum, ip->checksum_status, known, should);
        ob_puts(ob, ")\n");
    }
    if (PRINT_HAS(ip, 16)) {
        label(ob, "Source address");
        ob_ipv4(ob, ip->src);
        ob_putc(ob, '\n');
    }
    if (!PRINT_HAS(ip, 20))
        return;
    label(ob, "Destination address");
    ob_ipv4(ob, ip->dst);
    ob_putc(ob, '\n');
    label(ob, "Options");
    options_count(ob, ip->option_count, ip->ihl * 4u - 20u);
    ipv4_options_tree(ob, ip);
}

static void ipv4_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    heading(ctx, ob, PRINT_COLOR_IP, "Network layer: IPv4");
    if (PRINT_HAS(ip, 20)) {
        ob_puts(ob, ", ");
        ob_ipv4(ob, ip->src);
        ob_puts(ob, " > ");
        ob_ipv4(ob, ip->dst);
        ob_puts(ob, ", ");
        ob_u64(ob, ip->ihl * 4u);
        ob_puts(ob, " bytes");
    }
    ob_putc(ob, '\n');
    label(ob, "Version");
    ob_u64(ob, ip->version);
    ob_putc(ob, '\n');
    if (ip->version != 4)
        return;
    ipv4_lengths_tree(ob, ip);
    ipv4_fragment_tree(ob, ip);
    ipv4_delivery_tree(ob, pkt);
}

static void ipv6_tree(struct print_ctx *ctx, struct outbuf *ob, const struct ipv6_hdr *ip)
{
    heading(ctx, ob, PRINT_COLOR_IP, "Network layer: IPv6, 40 bytes\n");
    label(ob, "Version");
    ob_u64(ob, ip->version);
    ob_putc(ob, '\n');
    if (ip->version != 6)
        return;
    if (PRINT_HAS(ip, 2)) {
        label(ob, "Traffic class");
        ob_puts(ob, "0x");
        ob_hex(ob, ip->traffic_class, 2);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 4)) {
        label(ob, "Flow label");
        ob_puts(ob, "0x");
        ob_hex(ob, ip->flow_label, 5);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 6)) {
        label(ob, "Payload length");
        ob_u64(ob, ip->payload_length);
        ob_puts(ob, " bytes\n");
    }
    if (PRINT_HAS(ip, 7)) {
        label(ob, "Next header");
        ob_u64(ob, ip->next_header);
        named(ob, names_ip_protocol, ip->next_header);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 8)) {
        label(ob, "Hop limit");
        ob_u64(ob, ip->hop_limit);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 24)) {
        label(ob, "Source address");
        ob_ipv6(ob, ip->src);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ip, 40)) {
        label(ob, "Destination address");
        ob_ipv6(ob, ip->dst);
        ob_putc(ob, '\n');
    }
}

static void tcp_option_tree(struct outbuf *ob, const struct tcp_option *o, uint32_t sack_base)
{
    const char *n = names_lookup(names_tcp_option, o->kind);
    ob_puts(ob, "      ");
    ob_puts(ob, n ? n : "unknown");
    if (o->cut) {
        ob_puts(ob, " (kind ");
        ob_u64(ob, o->kind);
        ob_puts(ob, ", cut by the capture)\n");
        return;
    }
    if (o->len == 0 || !o->valid) {
        ob_puts(ob, " (kind ");
        ob_u64(ob, o->kind);
        ob_puts(ob, ", invalid length ");
        ob_u64(ob, o->len);
        ob_puts(ob, ")\n");
        return;
    }
    switch (o->kind) {
    case TCPOPT_MSS:
        ob_putc(ob, ' ');
        ob_u64(ob, o->v.mss);
        break;
    case TCPOPT_WSCALE:
        ob_putc(ob, ' ');
        ob_u64(ob, o->v.wscale);
        ob_puts(ob, " (window x ");
        ob_u64(ob, o->v.wscale < 15 ? 1u << o->v.wscale : 1u << 14);
        ob_putc(ob, ')');
        break;
    case TCPOPT_SACK: {
        /* Up to four blocks of two 10-digit edges: a new line where the next would pass 80. */
        int col = 6 + print_text_width(n ? n : "unknown", strlen(n ? n : "unknown"));
        for (unsigned i = 0; i < o->v.sack.count; i++) {
            uint32_t left = o->v.sack.edge[2 * i] - sack_base;
            uint32_t right = o->v.sack.edge[2 * i + 1] - sack_base;
            int w = 2 + digits(left) + digits(right);
            if (col + w > PRINT_WRAP_WIDTH) {
                ob_putc(ob, '\n');
                ob_spaces(ob, 6 + HANG - 1);
                col = 6 + HANG - 1;
            }
            col += w;
            ob_putc(ob, ' ');
            ob_u64(ob, left);
            ob_putc(ob, '-');
            ob_u64(ob, right);
        }
        break;
    }
    case TCPOPT_TIMESTAMP:
        ob_puts(ob, " TSval ");
        ob_u64(ob, o->v.ts.val);
        ob_puts(ob, " TSecr ");
        ob_u64(ob, o->v.ts.ecr);
        break;
    case TCPOPT_MD5:
    case TCPOPT_FASTOPEN:
        if (o->body_len)
            ob_putc(ob, ' ');
        for (unsigned i = 0; i < o->body_len; i++)
            ob_hex(ob, o->body[i], 2);
        break;
    default:
        if (o->kind != TCPOPT_EOL && o->kind != TCPOPT_NOP && o->kind != TCPOPT_SACK_PERMITTED) {
            ob_puts(ob, " (kind ");
            ob_u64(ob, o->kind);
            ob_puts(ob, ", length ");
            ob_u64(ob, o->len);
            ob_putc(ob, ')');
        }
        break;
    }
    ob_putc(ob, '\n');
}

/* The window as TCP means it: "64 (× 1024 = 65536 bytes)" where the handshake gave the scale
 * (tshark's tcp.window_size), the raw value and why where it cannot be known. */
static void window_tree(struct print_ctx *ctx, struct outbuf *ob, const struct tcp_hdr *t,
                        const struct analysis_verdict *v)
{
    enum print_lang lang = ctx->opts.lang;
    label(ob, "Window");
    ob_u64(ob, t->window);
    if (!v) {
        ob_putc(ob, '\n');
        return;
    }
    const char *why = NULL;
    if (t->flags & TCP_SYN)
        why = print_analysis_label(lang, PRINT_ANALYSIS_LABEL_WINDOW_SYN);
    else if (v->window_shift == -2)
        why = print_analysis_label(lang, PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED);
    if (why || v->window_shift >= 0) {
        ob_puts(ob, why ? " " : " (× ");
        if (!why) {
            ob_u64(ob, 1u << v->window_shift);
            ob_puts(ob, " = ");
            ob_u64(ob, v->window_size);
            ob_putc(ob, ' ');
        }
        ob_puts(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_WINDOW_BYTES));
        if (why) {
            ob_puts(ob, " (");
            ob_puts(ob, why);
        }
        ob_puts(ob, ")\n");
        return;
    }
    ob_puts(ob, " (");
    ob_puts(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_WINDOW_UNKNOWN));
    ob_puts(ob, ")\n");
}

static void sublabel(struct outbuf *ob, const char *text)
{
    ob_puts(ob, "      ");
    ob_puts(ob, text);
    ob_puts(ob, ": ");
}

/* The third packet of a handshake: the first ACK without SYN, acknowledging the SYN-ACK
 * (relative sequence number 0). Its time since the SYN is the connection's initial RTT. */
static bool completes_handshake(const struct tcp_hdr *t, const struct analysis_verdict *v)
{
    return v->has_initial_rtt && v->acks_frame && v->acked.range_first == 0 &&
           (t->flags & (TCP_SYN | TCP_ACK)) == TCP_ACK;
}

/* What the acknowledgement and the data say beyond the verdicts: the frame acknowledged and
 * its RTT, the bytes in flight, the RTO, the handshake's RTT. */
static void analysis_figures(struct print_ctx *ctx, struct outbuf *ob, const struct tcp_hdr *t,
                             const struct analysis_verdict *v)
{
    enum print_lang lang = ctx->opts.lang;
    if (v->acks_frame) {
        ob_puts(ob, "      ");
        ob_puts(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_ACKS));
        ob_putc(ob, ' ');
        ob_u64(ob, v->acks_frame);
        ob_puts(ob, " (seq ");
        ob_u64(ob, v->acked.range_first);
        if (v->acked.range_end - v->acked.range_first > 1u) {
            ob_puts(ob, "–");
            ob_u64(ob, v->acked.range_end - 1u);
        }
        ob_putc(ob, ')');
        if (v->has_ack_rtt) {
            ob_puts(ob, ", ");
            ob_puts(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_RTT));
            ob_putc(ob, ' ');
            print_duration(ob, lang, v->ack_rtt_ns);
        }
        ob_putc(ob, '\n');
    }
    if (v->has_bytes_in_flight) {
        sublabel(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_IN_FLIGHT));
        ob_u64(ob, v->bytes_in_flight);
        ob_putc(ob, '\n');
    }
    if (v->has_rto) {
        sublabel(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_RTO));
        print_duration(ob, lang, v->rto_ns);
        ob_puts(ob, " (#");
        ob_u64(ob, v->rto_frame);
        ob_puts(ob, ")\n");
    }
    if (completes_handshake(t, v)) {
        sublabel(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_HANDSHAKE_RTT));
        print_duration(ob, lang, v->initial_rtt_ns);
        ob_putc(ob, '\n');
    }
}

/* Each verdict: its tag (coloured) and its reason, wrapped under it. */
static void analysis_verdicts_tree(struct print_ctx *ctx, struct outbuf *ob,
                                   struct outbuf *scratch, const struct tcp_hdr *t,
                                   const struct analysis_verdict *v)
{
    enum print_lang lang = ctx->opts.lang;
    uint32_t flags = print_analysis_tagged(v->flags);
    for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++) {
        uint32_t bit = 1u << i;
        if (!(flags & bit))
            continue;
        ob_puts(ob, "      ");
        print_color(ctx, ob,
                    print_analysis_is_problem(bit) ? PRINT_COLOR_ERROR : PRINT_COLOR_NOTICE);
        print_analysis_tag(scratch, lang, v, bit);
        int col = 6 + print_text_width(scratch->buf, scratch->len) + 2;
        ob_write(ob, scratch->buf, scratch->len);
        scratch->len = 0;
        print_color_end(ctx, ob);
        ob_puts(ob, ": ");
        print_analysis_reason(scratch, lang, v, bit, t->flags);
        wrap_scratch(ob, scratch, col, 6 + HANG);
        ob_putc(ob, '\n');
    }
}

/* The stream number, then an "Analysis" block: each verdict (its tag) with its reason, the
 * figures, and what the analysis could not do. Nothing when there is nothing to say. */
static void analysis_tree(struct print_ctx *ctx, struct outbuf *ob, const struct tcp_hdr *t,
                          const struct analysis_verdict *v)
{
    enum print_lang lang = ctx->opts.lang;
    label(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_STREAM));
    ob_u64(ob, v->stream);
    ob_putc(ob, '\n');
    if (!v->flags && !v->acks_frame && !v->has_bytes_in_flight && !v->has_rto && !v->notes &&
        !completes_handshake(t, v))
        return;
    ob_puts(ob, "    ");
    ob_puts(ob, print_analysis_label(lang, PRINT_ANALYSIS_LABEL_ANALYSIS));
    ob_puts(ob, ":\n");
    struct outbuf scratch; /* each reason and note, whole, before it is wrapped */
    outbuf_init_mem(&scratch);
    analysis_verdicts_tree(ctx, ob, &scratch, t, v);
    analysis_figures(ctx, ob, t, v);
    for (uint32_t i = 0; i < ANALYSIS_NOTE_COUNT; i++)
        if (v->notes & (1u << i)) {
            const char *note = print_analysis_label(lang, PRINT_ANALYSIS_LABEL_NOTE);
            sublabel(ob, note);
            print_analysis_note(&scratch, lang, 1u << i);
            wrap_scratch(ob, &scratch, 6 + print_text_width(note, strlen(note)) + 2, 6 + HANG);
            ob_putc(ob, '\n');
        }
    free(scratch.buf);
}

/* The heading, the ports, and the sequence and acknowledgement numbers (relative ones where
 * the connection is tracked). */
static void tcp_numbers_tree(struct print_ctx *ctx, struct outbuf *ob, const struct tcp_hdr *t,
                             const struct flow_info *flow)
{
    heading(ctx, ob, PRINT_COLOR_TRANSPORT, "Transport layer: TCP");
    if (PRINT_HAS(t, 4)) {
        ob_puts(ob, ", ");
        ob_u64(ob, t->src_port);
        ob_puts(ob, " > ");
        ob_u64(ob, t->dst_port);
    }
    if (t->payload_length_known) {
        ob_puts(ob, ", ");
        ob_u64(ob, t->data_offset * 4u);
        ob_puts(ob, " bytes");
    }
    ob_putc(ob, '\n');
    if (PRINT_HAS(t, 2)) {
        label(ob, "Source port");
        ob_u64(ob, t->src_port);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(t, 4)) {
        label(ob, "Destination port");
        ob_u64(ob, t->dst_port);
        ob_putc(ob, '\n');
    }
    bool tracked = flow && flow->tracked;
    if (PRINT_HAS(t, 8)) {
        label(ob, "Sequence number");
        ob_u64(ob, t->seq);
        if (tracked) {
            ob_puts(ob, " (relative ");
            ob_u64(ob, flow->seq_rel);
            ob_putc(ob, ')');
        }
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(t, 12)) {
        label(ob, "Acknowledgement number");
        ob_u64(ob, t->ack);
        if (tracked && flow->ack_valid) {
            ob_puts(ob, " (relative ");
            ob_u64(ob, flow->ack_rel);
            ob_putc(ob, ')');
        } else if (PRINT_HAS(t, 14) && !(t->flags & TCP_ACK)) {
            ob_puts(ob, " (ACK not set)");
        }
        ob_putc(ob, '\n');
    }
}

/* The data offset, flags, window, checksum, urgent pointer and options. */
static void tcp_control_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt,
                             const struct flow_info *flow, const struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    if (PRINT_HAS(t, 13)) {
        label(ob, "Data offset");
        ob_u64(ob, t->data_offset);
        ob_puts(ob, " words (");
        ob_u64(ob, t->data_offset * 4u);
        ob_puts(ob, " bytes)\n");
    }
    if (PRINT_HAS(t, 14)) {
        label(ob, "Flags");
        ob_puts(ob, "0x");
        ob_hex(ob, t->flags, 3);
        ob_puts(ob, " (");
        print_tcp_flags_names(ob, t->flags, ", ");
        ob_puts(ob, ")\n");
    }
    if (PRINT_HAS(t, 16))
        window_tree(ctx, ob, t, v);
    if (PRINT_HAS(t, 18)) {
        label(ob, "Checksum");
        checksum_text(ob, t->checksum, t->checksum_status, true, t->checksum_expected);
        if (t->checksum_status == CHECKSUM_PARTIAL)
            ob_puts(ob, ": checksum offload, only the pseudo-header sum");
        ob_puts(ob, ")\n");
    }
    if (!PRINT_HAS(t, 20))
        return;
    label(ob, "Urgent pointer");
    ob_u64(ob, t->urgent);
    ob_putc(ob, '\n');
    /* SACK edges are acknowledgement numbers: relative as the ack is, unless -S. */
    uint32_t sack_base = 0;
    if (flow && flow->tracked && flow->ack_valid && !ctx->opts.absolute_seq)
        sack_base = t->ack - flow->ack_rel;
    label(ob, "Options");
    options_count(ob, t->option_count, t->data_offset * 4u - 20u);
    for (unsigned i = 0; i < t->option_count; i++)
        tcp_option_tree(ob, &t->options[i], sack_base);
}

static void tcp_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt,
                     const struct flow_info *flow, const struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    tcp_numbers_tree(ctx, ob, t, flow);
    tcp_control_tree(ctx, ob, pkt, flow, v);
    if (v)
        analysis_tree(ctx, ob, t, v);
}

static void udp_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    const struct udp_hdr *u = &pkt->udp;
    heading(ctx, ob, PRINT_COLOR_TRANSPORT, "Transport layer: UDP, ");
    ob_u64(ob, u->fixed_len); /* 8 when the header was captured whole */
    ob_puts(ob, PRINT_HAS(u, 8) ? " bytes\n" : " bytes captured\n");
    if (PRINT_HAS(u, 2)) {
        label(ob, "Source port");
        ob_u64(ob, u->src_port);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(u, 4)) {
        label(ob, "Destination port");
        ob_u64(ob, u->dst_port);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(u, 6)) {
        label(ob, "Length");
        ob_u64(ob, u->length);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(u, 8)) {
        label(ob, "Checksum");
        checksum_text(ob, u->checksum, u->checksum_status, true, u->checksum_expected);
        ob_puts(ob, ")\n");
    }
}

/* An ICMPv4 message's right checksum: the whole message captured, its sum taken back out. */
static bool icmp_checksum_should(const struct packet *pkt, uint16_t *should)
{
    const struct icmp_hdr *ic = &pkt->icmp;
    uint32_t end = pkt->ipv4.offset + pkt->ipv4.total_length;
    *should = 0;
    if (!pkt->ipv4.present || ic->checksum_status != CHECKSUM_BAD || end > pkt->caplen ||
        end < ic->offset)
        return false;
    *should = checksum_should(checksum_add(0, pkt->data + ic->offset, end - ic->offset),
                              ic->checksum);
    return true;
}

static void icmp_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    const struct icmp_hdr *ic = &pkt->icmp;
    uint16_t should;
    heading(ctx, ob, PRINT_COLOR_TRANSPORT, pkt->ipv6.present ? "ICMPv6\n" : "ICMP\n");
    label(ob, "Type"); /* present: the type byte was captured */
    ob_u64(ob, ic->type);
    named(ob, pkt->ipv4.present ? names_icmp_type : names_icmp6_type, ic->type);
    ob_putc(ob, '\n');
    if (PRINT_HAS(ic, 2)) {
        label(ob, "Code");
        ob_u64(ob, ic->code);
        ob_putc(ob, '\n');
    }
    if (PRINT_HAS(ic, 4)) {
        label(ob, "Checksum");
        bool known = icmp_checksum_should(pkt, &should);
        checksum_text(ob, ic->checksum, ic->checksum_status, known, should);
        ob_puts(ob, ")\n");
    }
    if (ic->is_echo) {
        label(ob, "Identifier");
        ob_u64(ob, ic->id);
        ob_puts(ob, ", sequence ");
        ob_u64(ob, ic->seq);
        ob_putc(ob, '\n');
    }
    if (ic->quoted) {
        label(ob, "Quoted IPv4");
        ob_ipv4(ob, ic->quoted_src);
        if (ic->quoted_ports) {
            ob_putc(ob, '.');
            ob_u64(ob, ic->quoted_src_port);
        }
        ob_puts(ob, " > ");
        ob_ipv4(ob, ic->quoted_dst);
        if (ic->quoted_ports) {
            ob_putc(ob, '.');
            ob_u64(ob, ic->quoted_dst_port);
        }
        ob_puts(ob, " protocol ");
        ob_u64(ob, ic->quoted_protocol);
        named(ob, names_ip_protocol, ic->quoted_protocol);
        ob_putc(ob, '\n');
    }
}

/* "Payload: 1472 bytes (42 captured)"; for the first fragment of a datagram that continues in
 * later fragments, the part this fragment carries of the UDP length (which counts them all):
 * "Payload: 1464 of 5692 bytes (first fragment; 42 captured)". */
static void payload_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    uint32_t plen;
    if (!print_payload_length(pkt, &plen))
        return;
    heading(ctx, ob, PRINT_COLOR_PAYLOAD, "Payload: ");
    uint32_t here = plen;
    if (pkt->udp_spans_fragments) {
        here = pkt->fragment_payload_len;
        ob_u64(ob, here);
        ob_puts(ob, " of ");
    }
    ob_u64(ob, plen);
    ob_puts(ob, " bytes");
    bool cut = pkt->payload_caplen < here;
    if (pkt->udp_spans_fragments)
        ob_puts(ob, cut ? " (first fragment; " : " (first fragment)");
    else if (cut)
        ob_puts(ob, " (");
    if (cut) {
        ob_u64(ob, pkt->payload_caplen);
        ob_puts(ob, " captured)");
    }
    ob_putc(ob, '\n');
}

/* What is wrong with the packet, every anomaly, wrapped: several run past 80 columns. */
static void problem_tree(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    struct outbuf scratch;
    outbuf_init_mem(&scratch);
    print_anomalies_text(&scratch, pkt);
    ob_puts(ob, "  ");
    print_color(ctx, ob, PRINT_COLOR_ERROR);
    ob_puts(ob, "Problem: ");
    wrap_scratch(ob, &scratch, 11, 2 + HANG);
    print_color_end(ctx, ob);
    ob_putc(ob, '\n');
    free(scratch.buf);
}

/* "Frame 7: 74 bytes on the wire, 74 captured, <time>", the time on a line of its own where
 * the sizes are long enough to push it past 80 columns (jumbo frames, frame 10000 on). */
static void frame_heading(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                          const struct packet *pkt)
{
    size_t width = strlen("Frame : ") + (size_t)digits(fr->number) +
                   strlen(" bytes on the wire, ") + (size_t)digits(pkt->len) +
                   (size_t)digits(pkt->caplen) + strlen(" captured, ") +
                   print_time_full_width(ctx, fr);
    ob_puts(ob, "Frame ");
    ob_u64(ob, fr->number);
    ob_puts(ob, ": ");
    ob_u64(ob, pkt->len);
    ob_puts(ob, " bytes on the wire, ");
    ob_u64(ob, pkt->caplen);
    if (width > PRINT_WRAP_WIDTH)
        ob_puts(ob, " captured,\n  ");
    else
        ob_puts(ob, " captured, ");
    print_time_full(ctx, ob, fr);
    ob_putc(ob, '\n');
}

void print_tree(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow)
{
    frame_heading(ctx, ob, fr, pkt);
    if (pkt->link.present)
        link_tree(ctx, ob, &pkt->link);
    if (pkt->ipv4.present)
        ipv4_tree(ctx, ob, pkt);
    if (pkt->ipv6.present)
        ipv6_tree(ctx, ob, &pkt->ipv6);
    if (pkt->arp.present)
        arp_tree(ctx, ob, &pkt->arp);
    if (pkt->tcp.present)
        tcp_tree(ctx, ob, pkt, flow,
                 fr->analysis && fr->analysis->has_stream ? fr->analysis : NULL);
    if (pkt->udp.present)
        udp_tree(ctx, ob, pkt);
    if (pkt->icmp.present)
        icmp_tree(ctx, ob, pkt);
    payload_tree(ctx, ob, pkt);
    if (pkt->anomalies)
        problem_tree(ctx, ob, pkt);
    ob_putc(ob, '\n');
}
