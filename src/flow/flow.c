/* flow.c - a fixed-size, set-associative table of TCP connections. */
#include "stackscope/flow.h"

#include <string.h>

static const char *const state_names[FLOW_STATE_COUNT_] = {
    [FLOW_STATE_CLOSED] = "CLOSED",
    [FLOW_STATE_LISTEN] = "LISTEN",
    [FLOW_STATE_SYN_SENT] = "SYN-SENT",
    [FLOW_STATE_SYN_RECEIVED] = "SYN-RECEIVED",
    [FLOW_STATE_ESTABLISHED] = "ESTABLISHED",
    [FLOW_STATE_FIN_WAIT_1] = "FIN-WAIT-1",
    [FLOW_STATE_FIN_WAIT_2] = "FIN-WAIT-2",
    [FLOW_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
    [FLOW_STATE_CLOSING] = "CLOSING",
    [FLOW_STATE_LAST_ACK] = "LAST-ACK",
    [FLOW_STATE_TIME_WAIT] = "TIME-WAIT",
};

const char *flow_state_name(enum flow_tcp_state s)
{
    return (unsigned)s < FLOW_STATE_COUNT_ ? state_names[s] : NULL;
}

void flow_table_init(struct flow_table *t)
{
    memset(t, 0, sizeof *t);
}

/* Orders the endpoints so both directions of a connection give one key; *dir is the index of
 * the sender. */
void flow_key_make_ports(const struct packet *pkt, uint16_t sport, uint16_t dport,
                         struct flow_key *k, int *dir)
{
    uint8_t src[16] = {0}, dst[16] = {0};
    if (pkt->ipv4.present) {
        k->family = 4;
        memcpy(src, pkt->ipv4.src, 4);
        memcpy(dst, pkt->ipv4.dst, 4);
    } else {
        k->family = 6;
        memcpy(src, pkt->ipv6.src, 16);
        memcpy(dst, pkt->ipv6.dst, 16);
    }
    int c = memcmp(src, dst, 16);
    if (c == 0)
        c = sport < dport ? -1 : sport > dport;
    *dir = c <= 0 ? 0 : 1;
    memcpy(k->addr[*dir], src, 16);
    memcpy(k->addr[!*dir], dst, 16);
    k->port[*dir] = sport;
    k->port[!*dir] = dport;
}

void flow_key_make(const struct packet *pkt, struct flow_key *k, int *dir)
{
    flow_key_make_ports(pkt, pkt->tcp.src_port, pkt->tcp.dst_port, k, dir);
}

/* The hash of a key whose addresses are the words w (8 bytes each, in memory order). */
static uint32_t hash_words(const uint64_t w[4], const uint16_t port[2], uint8_t family)
{
    /* Multiply-xor over the key in 64-bit words: cheap, and the high bits mix well. */
    uint64_t h = (uint64_t)port[0] << 32 | (uint64_t)port[1] << 16 | family;
    for (int i = 0; i < 4; i++)
        h = (h ^ w[i]) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> 32);
}

uint32_t flow_key_hash(const struct flow_key *k)
{
    uint64_t w[4];
    memcpy(w, k->addr, sizeof w);
    return hash_words(w, k->port, k->family);
}

static bool key_matches(const struct flow_entry *e, const struct flow_key *k)
{
    return e->family == k->family && e->port[0] == k->port[0] && e->port[1] == k->port[1] &&
           memcmp(e->addr, k->addr, sizeof e->addr) == 0;
}

static void entry_start(struct flow_table *t, struct flow_entry *e, const struct flow_key *k)
{
    memset(e, 0, sizeof *e);
    e->family = k->family;
    memcpy(e->addr, k->addr, sizeof e->addr);
    memcpy(e->port, k->port, sizeof e->port);
    e->client = -1;
    e->id = ++t->next_id;
    e->wscale[0] = e->wscale[1] = -1;
}

/* The way of set that holds k, or -1. A slot's tag is its key's hash, so only the entry whose
 * tag matches is read (free slots fail key_matches on family). */
static int way_of(const struct flow_table *t, uint32_t set, uint32_t hash, const struct flow_key *k)
{
    for (int w = 0; w < FLOW_WAYS; w++)
        if (t->tag[set][w] == hash && t->set[set][w].family && key_matches(&t->set[set][w], k))
            return w;
    return -1;
}

static struct flow_entry *entry_find(struct flow_table *t, const struct flow_key *k, uint32_t hash)
{
    uint32_t s = hash % FLOW_SETS;
    struct flow_entry *set = t->set[s];
    int found = way_of(t, s, hash, k);
    if (found >= 0)
        return &set[found];
    /* Not there: the last free way, else the least recently used. */
    struct flow_entry *victim = &set[0];
    for (int w = 0; w < FLOW_WAYS; w++) {
        if (!set[w].family)
            victim = &set[w];
        else if (victim->family && set[w].last_used < victim->last_used)
            victim = &set[w];
    }
    if (victim->family)
        t->evictions++;
    entry_start(t, victim, k);
    t->tag[s][victim - set] = hash;
    return victim;
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* The big-endian reading of 8 bytes in memory order, so that integer order is memcmp's. */
static uint64_t msb_first(uint64_t memory_word)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap64(memory_word);
#else
    return memory_word;
#endif
}

/* flow_key_make and flow_key_hash in one, on 8-byte words held in registers: the same key and
 * hash, without reading back, at another width, bytes just stored (a stall on x86). */
void flow_packet_key(const struct packet *pkt, struct flow_packet_key *pk)
{
    pk->valid = pkt->tcp.present && (pkt->ipv4.present || pkt->ipv6.present);
    if (!pk->valid)
        return;
    uint64_t src[2] = {0, 0}, dst[2] = {0, 0};
    if (pkt->ipv4.present) {
        uint32_t s, d;
        memcpy(&s, pkt->ipv4.src, 4);
        memcpy(&d, pkt->ipv4.dst, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        src[0] = s; /* the 4 bytes, then zeros, as 8 bytes in memory */
        dst[0] = d;
#else
        src[0] = (uint64_t)s << 32;
        dst[0] = (uint64_t)d << 32;
#endif
        pk->k.family = 4;
    } else {
        src[0] = load64(pkt->ipv6.src);
        src[1] = load64(pkt->ipv6.src + 8);
        dst[0] = load64(pkt->ipv6.dst);
        dst[1] = load64(pkt->ipv6.dst + 8);
        pk->k.family = 6;
    }
    /* memcmp(src, dst, 16) as flow_key_make, then the ports. */
    int c;
    if (src[0] != dst[0])
        c = msb_first(src[0]) < msb_first(dst[0]) ? -1 : 1;
    else if (src[1] != dst[1])
        c = msb_first(src[1]) < msb_first(dst[1]) ? -1 : 1;
    else
        c = pkt->tcp.src_port < pkt->tcp.dst_port ? -1 : pkt->tcp.src_port > pkt->tcp.dst_port;
    int dir = c <= 0 ? 0 : 1;
    uint64_t w[4];
    w[2 * dir] = src[0];
    w[2 * dir + 1] = src[1];
    w[2 * !dir] = dst[0];
    w[2 * !dir + 1] = dst[1];
    memcpy(pk->k.addr, w, sizeof w);
    pk->k.port[dir] = pkt->tcp.src_port;
    pk->k.port[!dir] = pkt->tcp.dst_port;
    pk->dir = dir;
    pk->hash = hash_words(w, pk->k.port, pk->k.family);
}

/* The sequence number a is at or after b, in sequence space. */
static bool seq_ge(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}

/* A bare SYN: its sender opens (SYN-SENT), or, when the other side has sent a SYN of its own
 * that this one has therefore received, both are in a simultaneous open (SYN-RECEIVED). */
static void on_syn(uint8_t *src, uint8_t *dst)
{
    if (*src == FLOW_STATE_UNKNOWN || *src == FLOW_STATE_CLOSED || *src == FLOW_STATE_SYN_SENT)
        *src = *dst == FLOW_STATE_SYN_SENT && *src != FLOW_STATE_SYN_SENT
                   ? FLOW_STATE_SYN_RECEIVED
                   : FLOW_STATE_SYN_SENT;
    if (*dst == FLOW_STATE_SYN_SENT)
        *dst = FLOW_STATE_SYN_RECEIVED;
}

/* A SYN-ACK: its sender accepts (SYN-RECEIVED, unless already established: a resent or the second
 * SYN-ACK of a simultaneous open); its receiver, whose SYN it acknowledges, is established. */
static void on_synack(uint8_t *src, uint8_t *dst)
{
    if (*src != FLOW_STATE_ESTABLISHED)
        *src = FLOW_STATE_SYN_RECEIVED;
    if (*dst == FLOW_STATE_UNKNOWN || *dst == FLOW_STATE_SYN_SENT ||
        *dst == FLOW_STATE_SYN_RECEIVED)
        *dst = FLOW_STATE_ESTABLISHED;
}

/* The receiver's own FIN is acknowledged by this packet. */
static void on_fin_acked(uint8_t *dst)
{
    if (*dst == FLOW_STATE_FIN_WAIT_1)
        *dst = FLOW_STATE_FIN_WAIT_2;
    else if (*dst == FLOW_STATE_CLOSING)
        *dst = FLOW_STATE_TIME_WAIT;
    else if (*dst == FLOW_STATE_LAST_ACK)
        *dst = FLOW_STATE_CLOSED;
}

/* A FIN. acks_peer_fin: it also acknowledges the receiver's FIN (already applied). A sender in
 * CLOSE-WAIT whose FIN does not acknowledge the peer's sent it before the peer's arrived: a
 * simultaneous close, so it is in CLOSING (it has that FIN now), not LAST-ACK. */
static void on_fin(uint8_t *src, uint8_t *dst, bool peer_fin, bool acks_peer_fin)
{
    if (*src == FLOW_STATE_ESTABLISHED || *src == FLOW_STATE_SYN_RECEIVED)
        *src = FLOW_STATE_FIN_WAIT_1;
    else if (*src == FLOW_STATE_CLOSE_WAIT)
        *src = peer_fin && !acks_peer_fin ? FLOW_STATE_CLOSING : FLOW_STATE_LAST_ACK;
    if (*dst == FLOW_STATE_ESTABLISHED)
        *dst = FLOW_STATE_CLOSE_WAIT;
    else if (*dst == FLOW_STATE_FIN_WAIT_1)
        *dst = FLOW_STATE_CLOSING;
    else if (*dst == FLOW_STATE_FIN_WAIT_2)
        *dst = FLOW_STATE_TIME_WAIT;
}

/* The window endpoint i last offered, in bytes: unscaled on a SYN-ACK (its last segment while
 * it is in SYN-RECEIVED); shifted when both SYNs offered a scale, not when either offered none;
 * by the largest shift (14) while that is not known, so that an observer who missed the
 * handshake does not discard what the receiver takes. */
static uint32_t window_bytes(const struct flow_entry *e, int i)
{
    if (e->state[i] == FLOW_STATE_SYN_RECEIVED)
        return e->window[i];
    int own = e->wscale[i], peer = e->wscale[!i];
    int shift = own == -2 || peer == -2 ? 0 : own >= 0 ? own : 14;
    return (uint32_t)e->window[i] << shift;
}

/* RFC 9293 section 3.10.7: a receiver acts on an RST only in its window. In SYN-SENT, when the
 * RST acknowledges its SYN; otherwise when the RST's sequence number lies within the window it
 * last offered, counted from the byte it last acknowledged. Where the receiver has shown neither,
 * the observer takes the RST as acted on. */
static bool rst_acceptable(const struct flow_entry *e, int dir, const struct tcp_hdr *tcp)
{
    int r = !dir;
    if (e->state[r] == FLOW_STATE_SYN_SENT)
        return (tcp->flags & TCP_ACK) && seq_ge(tcp->ack, e->base[r] + 1) &&
               seq_ge(e->syn_end[r], tcp->ack);
    if (!(e->seen & (FLOW_SEEN_ACK << r)))
        return true;
    uint32_t offset = tcp->seq - e->ack_sent[r];
    return offset == 0 || offset < window_bytes(e, r);
}

/* An RST: both sides closed, their states kept in case the connection goes on (see reopen);
 * one outside its receiver's window changes nothing. */
static void on_rst(struct flow_entry *e, int dir, const struct tcp_hdr *tcp,
                   struct flow_info *info)
{
    if (!rst_acceptable(e, dir, tcp)) {
        info->rst_ignored = true;
        return;
    }
    if (!(e->seen & FLOW_SEEN_RST_CLOSED)) {
        memcpy(e->before_rst, e->state, sizeof e->before_rst);
        e->seen |= FLOW_SEEN_RST_CLOSED;
    }
    e->state[0] = e->state[1] = FLOW_STATE_CLOSED;
}

/* A segment without SYN or RST from a side shown CLOSED. After an RST, the RST was not acted on
 * after all (a challenge ACK, RFC 5961, or a receiver that never got it): both sides take back
 * their states. Otherwise it had closed by the ACK of its FIN: a FIN sent again shows that ACK
 * did not reach it, so it is in LAST-ACK again, waiting for another; a bare ACK may have crossed
 * the last ACK on the wire, and changes nothing. */
static void reopen(struct flow_entry *e, int dir, uint16_t flags)
{
    if (e->seen & FLOW_SEEN_RST_CLOSED) {
        memcpy(e->state, e->before_rst, sizeof e->state);
        e->seen &= (uint8_t)~FLOW_SEEN_RST_CLOSED;
    } else if ((flags & TCP_FIN) && (e->fin_set & (1u << dir))) {
        e->state[dir] = FLOW_STATE_LAST_ACK;
    }
}

/* What later RSTs are checked against: the sender's last acknowledgement and window (when the
 * window was captured). */
static void note_ack(struct flow_entry *e, int dir, const struct tcp_hdr *tcp)
{
    if ((tcp->flags & TCP_ACK) && DECODE_HAS(tcp, 16)) {
        e->ack_sent[dir] = tcp->ack;
        e->window[dir] = tcp->window;
        e->seen |= (uint8_t)(FLOW_SEEN_ACK << dir);
    }
}

/* The window scale a SYN offers: its option's shift (at most 14), -2 when its whole header
 * shows none, -1 when the header was cut before the options end. */
static int8_t offered_wscale(const struct packet *pkt)
{
    const struct tcp_hdr *t = &pkt->tcp;
    for (unsigned i = 0; i < t->option_count; i++)
        if (t->options[i].kind == TCPOPT_WSCALE && t->options[i].valid)
            return (int8_t)(t->options[i].v.wscale > 14 ? 14 : t->options[i].v.wscale);
    bool whole = t->fixed_len == 20 &&
                 (uint64_t)t->offset + (uint64_t)t->data_offset * 4 <= pkt->caplen;
    return whole ? -2 : -1;
}

/* A SYN or a SYN-ACK: the handshake's rules; an RST seen before no longer matters. */
static void on_any_syn(struct flow_entry *e, int dir, const struct packet *pkt)
{
    const struct tcp_hdr *tcp = &pkt->tcp;
    e->syn_end[dir] = tcp->seq + (tcp->payload_length_known ? tcp->payload_length : 0) + 1;
    e->wscale[dir] = offered_wscale(pkt);
    e->seen &= (uint8_t)~FLOW_SEEN_RST_CLOSED;
    if (pkt->tcp.flags & TCP_ACK)
        on_synack(&e->state[dir], &e->state[!dir]);
    else
        on_syn(&e->state[dir], &e->state[!dir]);
}

/* A segment without SYN or RST from a side not (or no longer) synchronized. */
static void unsynchronized_sender(struct flow_entry *e, int dir, uint16_t flags)
{
    uint8_t *src = &e->state[dir], *dst = &e->state[!dir];
    if (*src == FLOW_STATE_CLOSED)
        reopen(e, dir, flags);
    /* A side that sends without a SYN is synchronized, and so is its peer: joined mid-stream,
     * or an ACK from SYN-SENT, which shows that the SYN-ACK (not captured) arrived. */
    if (*src == FLOW_STATE_UNKNOWN || (*src == FLOW_STATE_SYN_SENT && (flags & TCP_ACK))) {
        *src = FLOW_STATE_ESTABLISHED;
        if (*dst == FLOW_STATE_UNKNOWN)
            *dst = FLOW_STATE_ESTABLISHED;
    }
}

/* The ACK and FIN rules of a segment without SYN or RST. */
static void on_segment(struct flow_entry *e, int dir, const struct tcp_hdr *tcp,
                       struct flow_info *info)
{
    uint8_t *src = &e->state[dir], *dst = &e->state[!dir];
    uint16_t f = tcp->flags;
    bool peer_fin = e->fin_set & (1u << !dir);
    bool acks_peer_fin = (f & TCP_ACK) && peer_fin && seq_ge(tcp->ack, e->fin_end[!dir]);
    info->acks_fin = acks_peer_fin;
    if (f & TCP_ACK) {
        if (*dst == FLOW_STATE_SYN_RECEIVED)
            *dst = FLOW_STATE_ESTABLISHED;
        uint8_t was = *dst;
        if (acks_peer_fin)
            on_fin_acked(dst);
        info->fin_acked = *dst != was;
    }
    if (f & TCP_FIN) {
        info->fin_again = e->fin_set & (1u << dir);
        if (!info->fin_again) {
            uint32_t len = tcp->payload_length_known ? tcp->payload_length : 0;
            e->fin_end[dir] = tcp->seq + len + 1;
            e->fin_set |= (uint8_t)(1u << dir);
        }
        on_fin(src, dst, peer_fin, acks_peer_fin);
    }
}

/* Moves both sides' states for one packet, as seen at the wire. */
static void track_state(struct flow_entry *e, int dir, const struct packet *pkt,
                        struct flow_info *info)
{
    const struct tcp_hdr *tcp = &pkt->tcp;
    const uint8_t *src = &e->state[dir];
    uint16_t f = tcp->flags;
    if (f & TCP_RST) {
        on_rst(e, dir, tcp, info);
        return;
    }
    note_ack(e, dir, tcp);
    if (f & TCP_SYN) {
        on_any_syn(e, dir, pkt);
        return;
    }
    if (*src <= FLOW_STATE_SYN_SENT) /* one test on the common path */
        unsynchronized_sender(e, dir, f);
    on_segment(e, dir, tcp, info);
}

void flow_update(struct flow_table *t, const struct packet *pkt, struct flow_info *info)
{
    struct flow_packet_key pk;
    flow_packet_key(pkt, &pk);
    flow_update_keyed(t, pkt, &pk, info);
}

void flow_update_keyed(struct flow_table *t, const struct packet *pkt,
                       const struct flow_packet_key *pk, struct flow_info *info)
{
    memset(info, 0, sizeof *info);
    /* Sequence, acknowledgement and flags end at byte 14 of the TCP header. */
    if (!pkt->tcp.present || !DECODE_HAS(&pkt->tcp, 14) ||
        (!pkt->ipv4.present && !pkt->ipv6.present))
        return;
    const struct tcp_hdr *tcp = &pkt->tcp;
    int dir = pk->dir;
    struct flow_entry *e = entry_find(t, &pk->k, pk->hash);
    bool syn = tcp->flags & TCP_SYN, ack = tcp->flags & TCP_ACK;

    /* A new SYN with another initial sequence number reuses the ports: a new connection. */
    if (syn && !ack && e->base_set[dir] && e->base[dir] != tcp->seq)
        entry_start(t, e, &pk->k); /* same key, same tag */
    e->last_used = ++t->tick;

    if (!e->base_set[dir]) {
        /* Counting from the SYN makes the first data byte 1; joining mid-stream, the first
         * sequence number seen is made 1 as well, as Wireshark does. */
        e->base[dir] = syn ? tcp->seq : tcp->seq - 1;
        e->base_set[dir] = true;
    }
    if (ack && !e->base_set[!dir]) {
        e->base[!dir] = tcp->ack - 1;
        e->base_set[!dir] = true;
    }
    if (e->client < 0) {
        if (syn)
            e->client = (int8_t)(ack ? !dir : dir);
        else /* joined mid-stream: the ephemeral (higher) port is the client's */
            e->client = (int8_t)(e->port[0] > e->port[1] ? 0 : 1);
    }
    info->tracked = true;
    info->seq_rel = tcp->seq - e->base[dir];
    info->ack_valid = ack;
    info->ack_rel = ack ? tcp->ack - e->base[!dir] : 0;
    info->from_client = e->client == dir;
    info->conn_id = e->id;
    info->state_src_before = e->state[dir];
    info->state_dst_before = e->state[!dir];
    track_state(e, dir, pkt, info);
    info->state_src = e->state[dir];
    info->state_dst = e->state[!dir];
}
