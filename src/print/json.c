/* json.c - one JSON object per packet per line, keys in the order DESIGN.md fixes; a layer's
 * key is absent when the packet has no such layer, a field absent when it was not captured. */
#include "stackscope/names.h"
#include "stackscope/print.h"

/* Any field may be absent (not captured), so a key takes a leading comma unless it opens its
 * object: then the '{' is the last byte written, still in the buffer (the buffer is flushed only
 * before bytes are added, never after). Inline, so that each key's length is known where it is
 * used (one copy of a known length, no strlen). */
static inline __attribute__((always_inline)) void key(struct outbuf *ob, const char *k)
{
    if (ob->len == 0 || ob->buf[ob->len - 1] != '{')
        ob_putc(ob, ',');
    ob_putc(ob, '"');
    ob_puts(ob, k);
    ob_puts(ob, "\":");
}

static inline __attribute__((always_inline)) void num(struct outbuf *ob, const char *k, uint64_t v)
{
    key(ob, k);
    ob_u64(ob, v);
}

static inline __attribute__((always_inline)) void str(struct outbuf *ob, const char *k, const char *v)
{
    key(ob, k);
    ob_putc(ob, '"');
    ob_puts(ob, v); /* callers pass names from fixed tables: plain ASCII, nothing to escape */
    ob_putc(ob, '"');
}

static inline __attribute__((always_inline)) void boolean(struct outbuf *ob, const char *k, bool v)
{
    key(ob, k);
    ob_puts(ob, v ? "true" : "false");
}

static void ipv4_str(struct outbuf *ob, const char *k, const uint8_t a[4])
{
    key(ob, k);
    ob_putc(ob, '"');
    ob_ipv4(ob, a);
    ob_putc(ob, '"');
}

static void hex_str(struct outbuf *ob, const char *k, const uint8_t *p, size_t n)
{
    key(ob, k);
    ob_putc(ob, '"');
    for (size_t i = 0; i < n; i++)
        ob_hex(ob, p[i], 2);
    ob_putc(ob, '"');
}

static void mac_str(struct outbuf *ob, const char *k, const uint8_t *mac, size_t n)
{
    key(ob, k);
    ob_putc(ob, '"');
    ob_mac(ob, mac, n);
    ob_putc(ob, '"');
}

/* Ethernet: dst (bytes 0-5), src (6-11), one 4-byte tag after another, then the EtherType,
 * which ends the header: it is known once the header is whole (hdr_len set). So is the tag
 * list: before the EtherType after the tags is read, a TPID captured could be followed by
 * more tags, and an empty list would say "untagged". */
static void ethernet_json(struct outbuf *ob, const struct link_hdr *l)
{
    if (PRINT_HAS(l, 12))
        mac_str(ob, "src", l->src, 6);
    if (PRINT_HAS(l, 6))
        mac_str(ob, "dst", l->dst, 6);
    if (!l->hdr_len || !PRINT_HAS(l, l->hdr_len))
        return;
    num(ob, "ethertype", l->ethertype);
    key(ob, "vlan");
    ob_putc(ob, '[');
    for (unsigned i = 0; i < l->vlan_count; i++) {
        ob_puts(ob, i ? ",{\"tpid\":" : "{\"tpid\":");
        ob_u64(ob, l->vlan[i].tpid);
        num(ob, "pcp", (unsigned)l->vlan[i].tci >> 13);
        num(ob, "dei", (unsigned)l->vlan[i].tci >> 12 & 1u);
        num(ob, "vid", l->vlan[i].tci & 0x0fffu);
        ob_putc(ob, '}');
    }
    ob_putc(ob, ']');
}

static void sll_json(struct outbuf *ob, const struct link_hdr *l)
{
    const struct print_sll_ends *e = print_sll_ends(l->linktype);
    if (PRINT_HAS(l, e->pkttype))
        num(ob, "pkttype", l->pkttype);
    if (PRINT_HAS(l, e->hatype))
        num(ob, "hatype", l->hatype);
    if (e->ifindex && PRINT_HAS(l, e->ifindex))
        num(ob, "ifindex", l->ifindex);
    if (PRINT_HAS(l, e->src))
        mac_str(ob, "src", l->src, l->src_len);
    if (PRINT_HAS(l, e->ethertype))
        num(ob, "ethertype", l->ethertype);
}

/* ARP's fields, those captured: "arp":{"hardware_type":1,"protocol_type":2048,...}. */
static void arp_json(struct outbuf *ob, const struct arp_hdr *a)
{
    ob_puts(ob, ",\"arp\":{");
    if (PRINT_HAS(a, 8)) {
        ob_puts(ob, "\"hardware_type\":");
        ob_u64(ob, a->htype);
        num(ob, "protocol_type", a->ptype);
        num(ob, "hardware_length", a->hlen);
        num(ob, "protocol_length", a->plen);
        num(ob, "opcode", a->op);
    }
    if (a->hlen == 6 && a->plen == 4 && PRINT_HAS(a, 18)) {
        mac_str(ob, "sender_mac", a->sha, 6);
        ipv4_str(ob, "sender_ip", a->spa);
    }
    if (a->hlen == 6 && a->plen == 4 && PRINT_HAS(a, 28)) {
        mac_str(ob, "target_mac", a->tha, 6);
        ipv4_str(ob, "target_ip", a->tpa);
    }
    ob_putc(ob, '}');
}

/* ICMP beyond type, code and checksum: echo's id and seq, an error's quoted datagram. */
static void icmp_more_json(struct outbuf *ob, const struct icmp_hdr *ic)
{
    if (ic->is_echo) {
        num(ob, "id", ic->id);
        num(ob, "seq", ic->seq);
    }
    if (!ic->quoted)
        return;
    ob_puts(ob, ",\"quoted\":{\"protocol\":");
    ob_u64(ob, ic->quoted_protocol);
    ipv4_str(ob, "src", ic->quoted_src);
    ipv4_str(ob, "dst", ic->quoted_dst);
    if (ic->quoted_ports) {
        num(ob, "src_port", ic->quoted_src_port);
        num(ob, "dst_port", ic->quoted_dst_port);
    }
    ob_putc(ob, '}');
}

static void link_json(struct outbuf *ob, const struct link_hdr *l)
{
    switch (l->linktype) {
    case LINKTYPE_ETHERNET:
        ob_puts(ob, ",\"link\":{\"type\":\"ethernet\"");
        ethernet_json(ob, l);
        break;
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_LINUX_SLL2:
        ob_puts(ob, l->linktype == LINKTYPE_LINUX_SLL ? ",\"link\":{\"type\":\"sll\""
                                                       : ",\"link\":{\"type\":\"sll2\"");
        sll_json(ob, l);
        break;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
        ob_puts(ob, l->linktype == LINKTYPE_NULL ? ",\"link\":{\"type\":\"null\""
                                                  : ",\"link\":{\"type\":\"loop\"");
        if (PRINT_HAS(l, 4))
            num(ob, "family", l->family);
        break;
    case LINKTYPE_PPP:
        ob_puts(ob, ",\"link\":{\"type\":\"ppp\"");
        if (l->hdr_len) {
            boolean(ob, "address_control", l->ppp_address_control);
            num(ob, "protocol", l->ppp_protocol);
        }
        break;
    default:
        ob_puts(ob, ",\"link\":{\"type\":\"raw\"");
        num(ob, "linktype", l->linktype);
        break;
    }
    ob_putc(ob, '}');
}

static void ipv4_option_json(struct outbuf *ob, const struct ipv4_option *o)
{
    const char *name = names_lookup(names_ipv4_option, o->type);
    ob_puts(ob, "{\"type\":");
    ob_u64(ob, o->type);
    str(ob, "name", name ? name : "unknown");
    if (o->type == IPOPT_EOL || o->type == IPOPT_NOP) {
        ob_putc(ob, '}');
        return;
    }
    if (o->len == 0) {
        boolean(ob, o->cut ? "truncated" : "invalid", true); /* cut: only the type captured */
        ob_putc(ob, '}');
        return;
    }
    num(ob, "length", o->len);
    switch (o->type) {
    case IPOPT_RR:
    case IPOPT_LSRR:
    case IPOPT_SSRR:
        if (o->body_len >= 1) {
            num(ob, "pointer", o->pointer);
            key(ob, "addresses");
            ob_putc(ob, '[');
            for (unsigned i = 0; 1 + 4 * (i + 1) <= o->body_len; i++) {
                ob_puts(ob, i ? ",\"" : "\"");
                ob_ipv4(ob, o->body + 1 + 4 * i);
                ob_putc(ob, '"');
            }
            ob_putc(ob, ']');
        }
        break;
    case IPOPT_TS:
        if (o->body_len >= 2) {
            num(ob, "pointer", o->pointer);
            num(ob, "overflow", o->ts_overflow);
            num(ob, "flag", o->ts_flag);
            hex_str(ob, "data", o->body + 2, o->body_len - 2u);
        }
        break;
    case IPOPT_RA:
        if (o->body_len == 2)
            num(ob, "value", o->ra_value);
        break;
    default:
        if (o->body_len)
            hex_str(ob, "data", o->body, o->body_len);
        break;
    }
    ob_putc(ob, '}');
}

static void ipv4_json(struct outbuf *ob, const struct ipv4_hdr *ip)
{
    /* present: at least the version byte was captured */
    ob_puts(ob, ",\"ipv4\":{\"version\":");
    ob_u64(ob, ip->version);
    if (PRINT_HAS(ip, 1) && ip->version == 4)
        num(ob, "ihl", ip->ihl);
    if (PRINT_HAS(ip, 2))
        num(ob, "tos", ip->tos);
    if (PRINT_HAS(ip, 4))
        num(ob, "total_length", ip->total_length);
    if (PRINT_HAS(ip, 6))
        num(ob, "id", ip->id);
    if (PRINT_HAS(ip, 7)) { /* the 3 flag bits open byte 6 */
        num(ob, "flags", ip->flags);
        boolean(ob, "df", ip->flags & 2);
        boolean(ob, "mf", ip->flags & 1);
    }
    if (PRINT_HAS(ip, 8))
        num(ob, "frag_offset", ip->frag_offset);
    if (PRINT_HAS(ip, 9))
        num(ob, "ttl", ip->ttl);
    if (PRINT_HAS(ip, 10))
        num(ob, "protocol", ip->protocol);
    if (PRINT_HAS(ip, 12)) {
        num(ob, "checksum", ip->checksum);
        str(ob, "checksum_status", print_checksum_word(ip->checksum_status));
    }
    if (PRINT_HAS(ip, 16))
        ipv4_str(ob, "src", ip->src);
    if (PRINT_HAS(ip, 20)) {
        ipv4_str(ob, "dst", ip->dst);
        key(ob, "options");
        ob_putc(ob, '[');
        for (unsigned i = 0; i < ip->option_count; i++) {
            if (i)
                ob_putc(ob, ',');
            ipv4_option_json(ob, &ip->options[i]);
        }
        ob_putc(ob, ']');
    }
    ob_putc(ob, '}');
}

static void ipv6_json(struct outbuf *ob, const struct ipv6_hdr *ip)
{
    /* present: at least the version byte was captured */
    ob_puts(ob, ",\"ipv6\":{\"version\":");
    ob_u64(ob, ip->version);
    if (PRINT_HAS(ip, 2) && ip->version == 6)
        num(ob, "traffic_class", ip->traffic_class);
    if (PRINT_HAS(ip, 4) && ip->version == 6)
        num(ob, "flow_label", ip->flow_label);
    if (PRINT_HAS(ip, 6))
        num(ob, "payload_length", ip->payload_length);
    if (PRINT_HAS(ip, 7))
        num(ob, "next_header", ip->next_header);
    if (PRINT_HAS(ip, 8))
        num(ob, "hop_limit", ip->hop_limit);
    if (PRINT_HAS(ip, 24)) {
        key(ob, "src");
        ob_putc(ob, '"');
        ob_ipv6(ob, ip->src);
        ob_putc(ob, '"');
    }
    if (PRINT_HAS(ip, 40)) {
        key(ob, "dst");
        ob_putc(ob, '"');
        ob_ipv6(ob, ip->dst);
        ob_putc(ob, '"');
    }
    ob_putc(ob, '}');
}

static void tcp_option_json(struct outbuf *ob, const struct tcp_option *o)
{
    const char *name = names_lookup(names_tcp_option, o->kind);
    ob_puts(ob, "{\"kind\":");
    ob_u64(ob, o->kind);
    str(ob, "name", name ? name : "unknown");
    if (o->kind == TCPOPT_EOL || o->kind == TCPOPT_NOP) {
        ob_putc(ob, '}');
        return;
    }
    if (o->len == 0 || !o->valid) {
        if (o->len)
            num(ob, "length", o->len);
        boolean(ob, o->cut ? "truncated" : "invalid", true); /* cut: only the kind captured */
        ob_putc(ob, '}');
        return;
    }
    switch (o->kind) {
    case TCPOPT_MSS:
        num(ob, "value", o->v.mss);
        break;
    case TCPOPT_WSCALE:
        num(ob, "value", o->v.wscale);
        break;
    case TCPOPT_SACK_PERMITTED:
        break;
    case TCPOPT_SACK:
        key(ob, "blocks");
        ob_putc(ob, '[');
        for (unsigned i = 0; i < o->v.sack.count; i++) {
            ob_puts(ob, i ? ",[" : "[");
            ob_u64(ob, o->v.sack.edge[2 * i]);
            ob_putc(ob, ',');
            ob_u64(ob, o->v.sack.edge[2 * i + 1]);
            ob_putc(ob, ']');
        }
        ob_putc(ob, ']');
        break;
    case TCPOPT_TIMESTAMP:
        num(ob, "tsval", o->v.ts.val);
        num(ob, "tsecr", o->v.ts.ecr);
        break;
    case TCPOPT_MD5:
        hex_str(ob, "digest", o->body, o->body_len);
        break;
    case TCPOPT_FASTOPEN:
        hex_str(ob, "cookie", o->body, o->body_len);
        break;
    default:
        num(ob, "length", o->len);
        if (o->body_len)
            hex_str(ob, "data", o->body, o->body_len);
        break;
    }
    ob_putc(ob, '}');
}

static void seconds(struct outbuf *ob, const char *k, int64_t ns)
{
    key(ob, k);
    ob_putc(ob, '"');
    print_seconds(ob, ns);
    ob_putc(ob, '"');
}

/* tshark's tcp.analysis: flags always, then only what applies, in the schema's order. */
static void analysis_json(struct outbuf *ob, const struct analysis_verdict *v, uint16_t flags)
{
    num(ob, "stream", v->stream);
    ob_puts(ob, ",\"analysis\":{\"flags\":[");
    for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++)
        if (v->flags & (1u << i)) {
            ob_puts(ob, v->flags & ((1u << i) - 1u) ? ",\"" : "\"");
            ob_puts(ob, analysis_flag_name(1u << i));
            ob_putc(ob, '"');
        }
    ob_putc(ob, ']');
    if (v->flags & ANALYSIS_DUPLICATE_ACK) {
        num(ob, "duplicate_ack_num", v->duplicate_ack_num);
        num(ob, "duplicate_ack_frame", v->duplicate_ack_frame);
    }
    if (v->acks_frame)
        num(ob, "acks_frame", v->acks_frame);
    if (v->has_ack_rtt)
        seconds(ob, "ack_rtt", v->ack_rtt_ns);
    if (v->has_bytes_in_flight)
        num(ob, "bytes_in_flight", v->bytes_in_flight);
    if (v->has_rto) {
        seconds(ob, "rto", v->rto_ns);
        num(ob, "rto_frame", v->rto_frame);
    }
    if (v->has_initial_rtt)
        seconds(ob, "initial_rtt", v->initial_rtt_ns);
    if (v->notes) {
        key(ob, "notes");
        ob_putc(ob, '[');
        for (uint32_t i = 0; i < ANALYSIS_NOTE_COUNT; i++)
            if (v->notes & (1u << i)) {
                ob_puts(ob, v->notes & ((1u << i) - 1u) ? ",\"" : "\"");
                ob_puts(ob, analysis_note_name(1u << i));
                ob_putc(ob, '"');
            }
        ob_putc(ob, ']');
    }
    if (v->flags) {
        key(ob, "why");
        ob_putc(ob, '[');
        for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++)
            if (v->flags & (1u << i)) {
                /* the sentences hold no '"' or '\\' (analysis_text.c), only UTF-8 text */
                ob_puts(ob, v->flags & ((1u << i) - 1u) ? ",\"" : "\"");
                print_analysis_reason(ob, PRINT_LANG_EN, v, 1u << i, flags);
                ob_putc(ob, '"');
            }
        ob_putc(ob, ']');
    }
    ob_putc(ob, '}');
}

/* "SYN-SENT", or null while that side has not shown its state. */
static void state_json(struct outbuf *ob, uint8_t state)
{
    const char *name = flow_state_name((enum flow_tcp_state)state);
    if (!name) {
        ob_puts(ob, "null");
        return;
    }
    ob_putc(ob, '"');
    ob_puts(ob, name);
    ob_putc(ob, '"');
}

static void tcp_json(struct outbuf *ob, const struct tcp_hdr *t, const struct flow_info *flow,
                     const struct analysis_verdict *v)
{
    ob_puts(ob, ",\"tcp\":{");
    if (PRINT_HAS(t, 2))
        num(ob, "src_port", t->src_port);
    if (PRINT_HAS(t, 4))
        num(ob, "dst_port", t->dst_port);
    if (PRINT_HAS(t, 8))
        num(ob, "seq", t->seq);
    if (PRINT_HAS(t, 12))
        num(ob, "ack", t->ack);
    if (PRINT_HAS(t, 13))
        num(ob, "data_offset", t->data_offset);
    if (PRINT_HAS(t, 14)) {
        num(ob, "flags", t->flags);
        key(ob, "flag_names");
        ob_putc(ob, '[');
        bool first = true;
        for (const struct name_entry *e = names_tcp_flag; e->name; e++)
            if (t->flags & e->value) {
                ob_puts(ob, first ? "\"" : ",\"");
                ob_puts(ob, e->name);
                ob_putc(ob, '"');
                first = false;
            }
        ob_putc(ob, ']');
    }
    if (PRINT_HAS(t, 16)) {
        num(ob, "window", t->window);
        if (v && v->window_size_known)
            num(ob, "window_size", v->window_size);
    }
    if (PRINT_HAS(t, 18)) {
        num(ob, "checksum", t->checksum);
        str(ob, "checksum_status", print_checksum_word(t->checksum_status));
    }
    if (PRINT_HAS(t, 20)) {
        num(ob, "urgent", t->urgent);
        key(ob, "options");
        ob_putc(ob, '[');
        for (unsigned i = 0; i < t->option_count; i++) {
            if (i)
                ob_putc(ob, ',');
            tcp_option_json(ob, &t->options[i]);
        }
        ob_putc(ob, ']');
        if (t->payload_length_known)
            num(ob, "payload_length", t->payload_length);
    }
    if (flow && flow->tracked) {
        num(ob, "seq_rel", flow->seq_rel);
        key(ob, "ack_rel");
        if (flow->ack_valid)
            ob_u64(ob, flow->ack_rel);
        else
            ob_puts(ob, "null");
    }
    if (v && v->has_stream)
        analysis_json(ob, v, t->flags);
    if (flow && flow->tracked) {
        /* Each side's state after this packet, RFC 9293's names in every language. */
        ob_puts(ob, ",\"state\":{\"src\":");
        state_json(ob, flow->state_src);
        ob_puts(ob, ",\"dst\":");
        state_json(ob, flow->state_dst);
        ob_putc(ob, '}');
    }
    ob_putc(ob, '}');
}

void print_json(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow)
{
    ob_puts(ob, "{\"frame\":");
    ob_u64(ob, fr->number);
    ob_puts(ob, ",\"ts\":\"");
    print_time_epoch(ob, fr);
    ob_putc(ob, '"');
    num(ob, "caplen", pkt->caplen);
    num(ob, "len", pkt->len);
    if (pkt->link.present)
        link_json(ob, &pkt->link);
    if (pkt->ipv4.present)
        ipv4_json(ob, &pkt->ipv4);
    if (pkt->ipv6.present)
        ipv6_json(ob, &pkt->ipv6);
    if (pkt->arp.present)
        arp_json(ob, &pkt->arp);
    if (pkt->tcp.present)
        tcp_json(ob, &pkt->tcp, flow, fr->analysis);
    if (pkt->udp.present) {
        const struct udp_hdr *u = &pkt->udp;
        ob_puts(ob, ",\"udp\":{");
        if (PRINT_HAS(u, 2))
            num(ob, "src_port", u->src_port);
        if (PRINT_HAS(u, 4))
            num(ob, "dst_port", u->dst_port);
        if (PRINT_HAS(u, 6))
            num(ob, "length", u->length);
        if (PRINT_HAS(u, 8)) {
            num(ob, "checksum", u->checksum);
            str(ob, "checksum_status", print_checksum_word(u->checksum_status));
        }
        /* The first fragment of a datagram that continues: the payload bytes it carries (the
         * length counts the whole datagram), bounded by what the wire carried. */
        if (pkt->udp_spans_fragments)
            num(ob, "fragment_payload_length", pkt->fragment_payload_len);
        ob_putc(ob, '}');
    }
    if (pkt->icmp.present) {
        const struct icmp_hdr *ic = &pkt->icmp;
        ob_puts(ob, ",\"icmp\":{\"type\":"); /* present: the type byte was captured */
        ob_u64(ob, ic->type);
        if (PRINT_HAS(ic, 2))
            num(ob, "code", ic->code);
        if (PRINT_HAS(ic, 4)) {
            num(ob, "checksum", ic->checksum);
            str(ob, "checksum_status", print_checksum_word(ic->checksum_status));
        }
        icmp_more_json(ob, ic);
        ob_putc(ob, '}');
    }
    ob_puts(ob, ",\"errors\":[");
    bool first = true;
    for (uint32_t i = 0; i < ANOMALY_COUNT_; i++) {
        uint32_t bit = 1u << i;
        if (pkt->anomalies & bit) {
            ob_puts(ob, first ? "\"" : ",\"");
            ob_puts(ob, decode_anomaly_name(bit));
            ob_putc(ob, '"');
            first = false;
        }
    }
    ob_putc(ob, ']');
    /* -x/-X: the frame's bytes as captured, last (the longest key, and one a reader of the
     * headers can skip), so JSON users reach the payload. */
    if (ctx->opts.hex != PRINT_HEX_NONE)
        hex_str(ob, "hex", pkt->data, pkt->caplen);
    ob_putc(ob, '}'); /* the line's end is the caller's: --json's stream, the page's array */
}
