/* conversations.c - the conversation table (conversations.h): one row per TCP connection and
 * UDP flow, found by an open-addressing index over the endpoints, rows kept in order of first
 * packet and never evicted (the first max conversations are shown, the rest summed). */
#include "stackscope/conversations.h"

#include <stddef.h>
#include <string.h>

enum { PROTO_TCP = 6, PROTO_UDP = 17 };

/* A power of two at least twice max: the index stays at most half full, so probes are short. */
static uint32_t index_slots(uint32_t max)
{
    uint32_t n = 2;
    while (n < 2 * (uint64_t)max && n < (1u << 31))
        n *= 2;
    return n;
}

uint64_t conversations_size(uint32_t max)
{
    return (uint64_t)CONVERSATIONS_SEEN_SLOTS * 8u +
           (uint64_t)CONVERSATIONS_DATAGRAM_SLOTS * sizeof(struct conversation_datagram) +
           (uint64_t)max * sizeof(struct conversation) + (uint64_t)index_slots(max) * 4u;
}

void conversations_init(struct conversations *c, uint32_t max, void *storage)
{
    memset(c, 0, sizeof *c);
    uint32_t slots = index_slots(max);
    /* The fingerprints first (8-byte aligned as storage is), the datagrams, the rows, the index:
     * each a multiple of 8 bytes. */
    c->seen = storage;
    c->datagrams = (struct conversation_datagram *)(c->seen + CONVERSATIONS_SEEN_SLOTS);
    c->rows = (struct conversation *)(c->datagrams + CONVERSATIONS_DATAGRAM_SLOTS);
    c->index = (uint32_t *)(c->rows + max);
    c->max = max;
    c->index_mask = slots - 1;
    memset(c->seen, 0, (size_t)CONVERSATIONS_SEEN_SLOTS * 8u);
    memset(c->datagrams, 0, CONVERSATIONS_DATAGRAM_SLOTS * sizeof *c->datagrams);
    memset(c->index, 0, (size_t)slots * 4u);
}

/* The packet's endpoints in the tables' order (flow.h's: lower address, then port, first),
 * with the ports given, its sender's index in *dir; padding zeroed too. */
static void make_key(const struct packet *pkt, uint16_t sport, uint16_t dport, struct flow_key *k,
                     int *dir)
{
    memset(k, 0, sizeof *k);
    flow_key_make_ports(pkt, sport, dport, k, dir);
}

static bool same_key(const struct flow_key *a, const struct flow_key *b)
{
    return a->family == b->family && a->port[0] == b->port[0] && a->port[1] == b->port[1] &&
           memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static uint32_t key_hash(const struct flow_key *k, uint8_t proto)
{
    return flow_key_hash(k) ^ (proto == PROTO_UDP ? 0x9e3779b9u : 0u);
}

/* The index slot holding the key's newest row, or the free slot where it would go. */
static uint32_t *find_slot(struct conversations *c, const struct flow_key *k, uint8_t proto)
{
    uint32_t i = key_hash(k, proto) & c->index_mask;
    for (;;) {
        uint32_t *slot = &c->index[i];
        if (*slot == 0)
            return slot;
        const struct conversation *r = &c->rows[*slot - 1];
        if (r->proto == proto && same_key(&r->key, k))
            return slot;
        i = (i + 1) & c->index_mask; /* the index is at most half full: a free slot comes */
    }
}

/* A new row for the packet's conversation, its sender A; NULL when the table is full. */
static struct conversation *add_row(struct conversations *c, uint32_t *slot,
                                    const struct flow_key *k, int dir, uint8_t proto,
                                    uint32_t stream, int64_t ts_ns)
{
    if (c->count == c->max)
        return NULL;
    struct conversation *r = &c->rows[c->count++];
    memset(r, 0, sizeof *r);
    r->key = *k;
    r->a_index = (uint8_t)dir;
    r->proto = proto;
    r->client = r->first_fin = r->reset_by = -1;
    r->stream = r->stream_again = stream;
    r->first_ns = r->last_ns = ts_ns;
    *slot = c->count; /* row + 1: a reused port pair now finds its newest connection */
    return r;
}

static void count_packet(struct conversation *r, int side, uint32_t wire_len, int64_t ts_ns)
{
    r->packets[side]++;
    r->bytes[side] += wire_len;
    if (ts_ns > r->last_ns)
        r->last_ns = ts_ns;
    if (ts_ns < r->first_ns) /* the earliest, should the capture's clock step back */
        r->first_ns = ts_ns;
}

/* What the TCP header and the analysis say of the connection: roles, its end, its troubles. */
static void note_tcp(struct conversation *r, int side, const struct packet *pkt,
                     const struct analysis_verdict *v)
{
    uint16_t f = pkt->tcp.flags;
    if (r->client < 0 && (f & TCP_SYN))
        r->client = (int8_t)((f & TCP_ACK) ? !side : side); /* SYN-ACK: its receiver is client */
    if (f & TCP_FIN) {
        if (r->first_fin < 0)
            r->first_fin = (int8_t)side;
        r->fin_sides |= (uint8_t)(1u << side);
    }
    if ((f & TCP_RST) && r->reset_by < 0)
        r->reset_by = (int8_t)side;
    if (!r->has_initial_rtt && v->has_initial_rtt) {
        r->has_initial_rtt = true;
        r->initial_rtt_ns = v->initial_rtt_ns;
    }
    if (v->flags & ANALYSIS_RETRANSMISSION)
        r->retransmissions++;
    if (v->flags & ANALYSIS_DUPLICATE_ACK)
        r->duplicate_acks++;
}

static void count_other(struct conversations_other *o, bool new_one, uint32_t wire_len)
{
    o->conversations += new_one;
    o->packets++;
    o->bytes += wire_len;
}

/* A TCP packet the analysis numbered. */
static void tcp_packet(struct conversations *c, const struct packet *pkt,
                       const struct analysis_verdict *v, int64_t ts_ns)
{
    struct flow_key k;
    int dir;
    make_key(pkt, pkt->tcp.src_port, pkt->tcp.dst_port, &k, &dir);
    /* Stream numbers only grow, in order of first packet: a higher one is a new connection. */
    bool new_stream = v->stream >= c->next_tcp_stream;
    if (new_stream)
        c->next_tcp_stream = v->stream + 1;
    uint32_t *slot = find_slot(c, &k, PROTO_TCP);
    struct conversation *r = *slot ? &c->rows[*slot - 1] : NULL;
    /* A new number on known ports: a new connection when a SYN opens it (tshark's reused ports,
     * or a SYN the analysis met after forgetting the old one), else the same connection, which
     * the analysis forgot and numbered again (whether or not its note could say so). */
    struct conversation *old = NULL;
    if (r && v->stream != r->stream && v->stream != r->stream_again) {
        if (r->superseded || (v->flags & ANALYSIS_REUSED_PORTS) ||
            (pkt->tcp.flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
            old = r;
            r = NULL;
        } else {
            r->stream_again = v->stream;
        }
    }
    if (!r && !(r = add_row(c, slot, &k, dir, PROTO_TCP, v->stream, ts_ns))) {
        if (old) /* the new connection has no row: its later packets are not the old one's */
            old->superseded = true;
        count_other(&c->other_tcp, new_stream, pkt->len);
        return;
    }
    int side = dir != r->a_index;
    count_packet(r, side, pkt->len, ts_ns);
    note_tcp(r, side, pkt, v);
}

/* Whether a UDP flow that found the table full is seen for the first time (its fingerprint
 * stored); false also when the fingerprints are full (then o->approximate). */
static bool first_sight(struct conversations *c, const struct flow_key *k)
{
    uint64_t w[5] = {0};
    memcpy(w, k->addr, 32);
    w[4] = (uint64_t)k->port[0] << 16 | k->port[1] | (uint64_t)k->family << 32;
    uint64_t h = 0x2545f4914f6cdd1dull;
    for (int i = 0; i < 5; i++)
        h = (h ^ w[i]) * 0x9e3779b97f4a7c15ull;
    h |= 1; /* 0 marks a free slot */
    for (uint32_t n = 0, i = (uint32_t)(h >> 40); n < 32; n++, i++) {
        uint64_t *s = &c->seen[i % CONVERSATIONS_SEEN_SLOTS];
        if (*s == h)
            return false;
        if (*s == 0) {
            *s = h;
            return true;
        }
    }
    c->other_udp.approximate = true;
    return false;
}

/* A UDP datagram (or the frame that completed one) between the ports given. */
static void udp_packet(struct conversations *c, const struct packet *pkt, uint16_t sport,
                       uint16_t dport, int64_t ts_ns)
{
    struct flow_key k;
    int dir;
    make_key(pkt, sport, dport, &k, &dir);
    uint32_t *slot = find_slot(c, &k, PROTO_UDP);
    struct conversation *r = *slot ? &c->rows[*slot - 1] : NULL;
    if (!r) {
        r = add_row(c, slot, &k, dir, PROTO_UDP, c->next_udp_stream, ts_ns);
        if (!r) {
            bool new_one = first_sight(c, &k);
            c->next_udp_stream += new_one;
            count_other(&c->other_udp, new_one, pkt->len);
            return;
        }
        c->next_udp_stream++;
    }
    count_packet(r, dir != r->a_index, pkt->len, ts_ns);
}

/* A UDP header whose 8 bytes were captured, on IP, its length at least the header's: tshark
 * stops at a shorter one (as at the 0 of a BIG TCP packet's) before it counts the datagram. */
static bool is_udp(const struct packet *pkt)
{
    return pkt->udp.present && pkt->udp.fixed_len >= 8 && pkt->udp.length >= 8 &&
           (pkt->ipv4.present || pkt->ipv6.present);
}

/* An IPv4 fragment of a UDP datagram captured whole: tshark's IP reassembly holds it (a fragment
 * cut short is dissected as it is, UDP header and all, when it is the first). */
static bool held_udp_fragment(const struct packet *pkt)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    return ip->present && ip->protocol == PROTO_UDP && ((ip->flags & 1u) || ip->frag_offset) &&
           (uint64_t)ip->offset + ip->total_length <= pkt->caplen;
}

/* One piece of a fragmented UDP datagram: tshark counts the datagram once, on the frame that
 * completes it (that frame's bytes), in the flow its first fragment's ports name. Pieces wait in
 * a small direct-mapped table (a datagram whose slot another takes is not counted). True when
 * this frame completed a datagram, now counted. */
static bool udp_fragment(struct conversations *c, const struct packet *pkt, int64_t ts_ns)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    uint32_t h = ((uint32_t)ip->id * 0x9e3779b1u) ^ flow_key_hash(&(struct flow_key){.family = 4,
        .addr = {{ip->src[0], ip->src[1], ip->src[2], ip->src[3]},
                 {ip->dst[0], ip->dst[1], ip->dst[2], ip->dst[3]}}});
    struct conversation_datagram *d = &c->datagrams[h % CONVERSATIONS_DATAGRAM_SLOTS];
    if (!d->used || d->id != ip->id || memcmp(d->src, ip->src, 4) || memcmp(d->dst, ip->dst, 4)) {
        memset(d, 0, sizeof *d);
        d->used = true;
        d->id = ip->id;
        memcpy(d->src, ip->src, 4);
        memcpy(d->dst, ip->dst, 4);
    }
    uint32_t header_len = (uint32_t)ip->ihl * 4u;
    uint32_t len = ip->total_length > header_len ? ip->total_length - header_len : 0;
    d->covered += len;
    if (ip->frag_offset == 0 && pkt->udp.present && pkt->udp.fixed_len >= 4) {
        d->have_ports = true;
        d->sport = pkt->udp.src_port;
        d->dport = pkt->udp.dst_port;
    }
    if (!(ip->flags & 1u))
        d->total = (uint32_t)ip->frag_offset * 8u + len;
    if (!d->have_ports || !d->total || d->covered < d->total)
        return false;
    d->used = false;
    udp_packet(c, pkt, d->sport, d->dport, ts_ns);
    return true;
}

/* A TCP packet tshark stops dissecting before it counts it in a conversation: its header cut
 * short by the capture, or shorter than 20 bytes, or longer than the IP length leaves it. */
static bool tcp_counted(const struct analysis_verdict *v)
{
    return v->has_stream &&
           !(v->notes & (ANALYSIS_NOTE_HEADER_NOT_CAPTURED | ANALYSIS_NOTE_BAD_HEADER_LENGTH |
                         ANALYSIS_NOTE_NO_SEGMENT_LENGTH));
}

void conversations_packet(struct conversations *c, const struct packet *pkt,
                          const struct analysis_verdict *v, int64_t ts_ns)
{
    if (!c->started) { /* tshark's relative times count from the first frame */
        c->started = true;
        c->capture_first_ns = ts_ns;
    }
    c->packets++;
    c->bytes += pkt->len;
    bool counted = true;
    if (tcp_counted(v))
        tcp_packet(c, pkt, v, ts_ns);
    else if (held_udp_fragment(pkt))
        counted = udp_fragment(c, pkt, ts_ns);
    else if (is_udp(pkt))
        udp_packet(c, pkt, pkt->udp.src_port, pkt->udp.dst_port, ts_ns);
    else
        counted = false;
    if (!counted) {
        c->loose_packets++;
        c->loose_bytes += pkt->len;
    }
}

enum conversation_end conversation_end(const struct conversation *r)
{
    if (r->proto != PROTO_TCP)
        return CONVERSATION_END_NONE;
    if (r->reset_by >= 0)
        return CONVERSATION_END_RESET;
    if (r->fin_sides == 3)
        return CONVERSATION_END_CLOSED;
    return r->fin_sides ? CONVERSATION_END_HALF_CLOSED : CONVERSATION_END_OPEN;
}

const uint8_t *conversation_addr(const struct conversation *r, int s)
{
    return r->key.addr[s ? !r->a_index : r->a_index];
}

uint16_t conversation_port(const struct conversation *r, int s)
{
    return r->key.port[s ? !r->a_index : r->a_index];
}
