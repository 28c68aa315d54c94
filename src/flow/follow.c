/* follow.c - one TCP stream's payload put back in order, both directions, as tshark 4.0.17's
 * "Follow TCP Stream" does (its follow tap in packet-tcp.c), so that --follow-format raw is
 * tshark's output byte for byte. The rules, in tshark's words and order:
 *   - sequence numbers are tshark's relative ones: a direction's base is its first segment's
 *     sequence number (minus one unless a SYN), or, when its peer acknowledges first, that
 *     acknowledgement minus one; a SYN's data starts one past its sequence number;
 *   - a packet first lets its ACK place the peer's waiting segments: bytes it acknowledges past
 *     the peer's next expected byte were sent, so the hole before the lowest waiting segment
 *     becomes a GAP block and the segments after it come out;
 *   - a direction's next expected byte starts at its first packet (and again while it is 0 and
 *     nothing was written: tshark's test);
 *   - a segment starting before the next expected byte gives only the bytes past it; one that
 *     starts at it is written and then lets the waiting segments that now fit come out; one
 *     past it waits.
 * See follow.h for the API and the memory bound. */
#include "stackscope/follow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Sequence comparisons modulo 2^32 (RFC 9293 section 3.4). */
static bool seq_lt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static bool seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

void follow_init(struct follow *f, follow_sink sink, void *user)
{
    /* Not the whole struct: the pool's megabyte is only ever read where it was written. */
    memset(f, 0, offsetof(struct follow, pending));
    f->sink = sink;
    f->user = user;
}

size_t follow_gap_text(int32_t missing, char buf[FOLLOW_GAP_TEXT_SIZE])
{
    int n = snprintf(buf, FOLLOW_GAP_TEXT_SIZE, "[%d bytes missing in capture file]", missing);
    return n > 0 ? (size_t)n : 0;
}

static void emit_data(struct follow *f, int node, uint32_t frame, const uint8_t *data,
                      uint32_t len)
{
    struct follow_block b = {.kind = FOLLOW_DATA,
                             .node = (uint8_t)node,
                             .frame = frame,
                             .data = data,
                             .len = len};
    f->sink(f->user, &b);
}

static void emit_gap(struct follow *f, int node, uint32_t frame, int32_t missing, bool at_end)
{
    struct follow_block b = {.kind = FOLLOW_GAP,
                             .node = (uint8_t)node,
                             .frame = frame,
                             .missing = missing,
                             .at_end = at_end};
    f->sink(f->user, &b);
}

/* Removes node's waiting segment i, the list keeping its arrival order. Its bytes stay where
 * they are until pool_compact needs the room (moving the later bytes down at each removal cost
 * a megabyte a segment when a hole behind a full pool is filled); an empty pool starts over. */
static void pending_remove(struct follow *f, int node, uint32_t i)
{
    struct follow_pending *list = f->pending[node];
    f->pool_live -= list[i].len;
    memmove(list + i, list + i + 1, (f->pending_count[node] - i - 1) * sizeof *list);
    f->pending_count[node]--;
    if (f->pending_count[0] == 0 && f->pending_count[1] == 0)
        f->pool_used = 0;
}

/* Moves the waiting segments' bytes down over the room removed ones left, in pool order: each
 * node's list is in pool order already (appended in arrival order, kept by this), so the two
 * lists are merged by position. */
static void pool_compact(struct follow *f)
{
    uint32_t k[2] = {0, 0}, to = 0;
    for (;;) {
        bool more0 = k[0] < f->pending_count[0], more1 = k[1] < f->pending_count[1];
        if (!more0 && !more1)
            break;
        int n = more0 && (!more1 || f->pending[0][k[0]].at < f->pending[1][k[1]].at) ? 0 : 1;
        struct follow_pending *p = &f->pending[n][k[n]++];
        memmove(f->pool + to, f->pool + p->at, p->len);
        p->at = to;
        to += p->len;
    }
    f->pool_used = to;
}

/* A segment past the next expected byte waits; dropped and counted when the pool is full. */
static void pending_add(struct follow *f, int node, uint32_t seq, uint32_t frame,
                        const uint8_t *data, uint32_t len)
{
    if (f->pending_count[node] == FOLLOW_PENDING_SEGMENTS ||
        len > FOLLOW_PENDING_BYTES - f->pool_live) {
        f->dropped_segments++;
        f->dropped_bytes += len;
        return;
    }
    if (len > FOLLOW_PENDING_BYTES - f->pool_used)
        pool_compact(f);
    memcpy(f->pool + f->pool_used, data, len);
    f->pending[node][f->pending_count[node]++] =
        (struct follow_pending){.seq = seq, .frame = frame, .at = f->pool_used, .len = len};
    f->pool_used += len;
    f->pool_live += len;
}

/* One step of tshark's check_follow_fragments for node's waiting segments: the first, in
 * arrival order, that starts at or before the next expected byte comes out (its new bytes);
 * failing that, with use_ack, an acknowledgement past the lowest one makes the hole a GAP.
 * True when something was done (the caller repeats until nothing is). */
static bool place_one(struct follow *f, int node, uint32_t ack, uint32_t frame, bool use_ack)
{
    uint32_t n = f->pending_count[node];
    if (n == 0)
        return false;
    struct follow_pending *list = f->pending[node];
    uint32_t *next = &f->next_seq[node];
    uint32_t lowest = list[0].seq;
    for (uint32_t i = 0; i < n; i++) {
        struct follow_pending p = list[i];
        if (seq_gt(lowest, p.seq))
            lowest = p.seq;
        if (seq_lt(p.seq, *next)) {
            uint32_t skip = *next - p.seq; /* bytes already in the stream */
            if (seq_gt(p.seq + p.len, *next)) {
                emit_data(f, node, p.frame, f->pool + p.at + skip, p.len - skip);
                *next += p.len - skip;
            }
            pending_remove(f, node, i);
            return true;
        }
        if (p.seq == *next) {
            if (p.len > 0)
                emit_data(f, node, p.frame, f->pool + p.at, p.len);
            *next += p.len;
            pending_remove(f, node, i);
            return true;
        }
    }
    if (use_ack && seq_gt(ack, lowest)) {
        emit_gap(f, node, frame, (int32_t)(lowest - *next), false);
        *next = lowest;
        return true;
    }
    return false;
}

/* The packet's sender and receiver as (family, address, port). */
static void packet_ends(const struct packet *pkt, uint8_t *family, uint8_t src[16],
                        uint8_t dst[16])
{
    memset(src, 0, 16);
    memset(dst, 0, 16);
    if (pkt->ipv4.present) {
        *family = 4;
        memcpy(src, pkt->ipv4.src, 4);
        memcpy(dst, pkt->ipv4.dst, 4);
    } else {
        *family = 6;
        memcpy(src, pkt->ipv6.src, 16);
        memcpy(dst, pkt->ipv6.dst, 16);
    }
}

/* Which node sent the packet; the first packet names the nodes. */
static int packet_node(struct follow *f, const struct packet *pkt, uint32_t stream)
{
    uint8_t family, src[16], dst[16];
    packet_ends(pkt, &family, src, dst);
    if (!f->seen) {
        f->seen = true;
        f->family = family;
        memcpy(f->node_addr[0], src, 16);
        memcpy(f->node_addr[1], dst, 16);
        f->node_port[0] = pkt->tcp.src_port;
        f->node_port[1] = pkt->tcp.dst_port;
        f->stream = stream;
    }
    if (stream != f->stream) { /* another connection between the same ends: its own numbers */
        f->stream = stream;
        f->base_set[0] = f->base_set[1] = false;
    }
    bool from_node0 = family == f->family && !memcmp(src, f->node_addr[0], 16) &&
                      pkt->tcp.src_port == f->node_port[0];
    return from_node0 ? 0 : 1;
}

bool follow_renumbered(struct follow *f, const struct follow_target *t, const struct packet *pkt,
                       bool has_stream, uint32_t stream, bool opens)
{
    if (t->by_endpoints || !f->seen || f->superseded || !has_stream || !pkt->tcp.present ||
        stream <= t->stream) /* the analysis' numbers only grow */
        return false;
    uint8_t family, src[16], dst[16];
    packet_ends(pkt, &family, src, dst);
    bool forth = !memcmp(src, f->node_addr[0], 16) && !memcmp(dst, f->node_addr[1], 16) &&
                 pkt->tcp.src_port == f->node_port[0] && pkt->tcp.dst_port == f->node_port[1];
    bool back = !memcmp(src, f->node_addr[1], 16) && !memcmp(dst, f->node_addr[0], 16) &&
                pkt->tcp.src_port == f->node_port[1] && pkt->tcp.dst_port == f->node_port[0];
    if (family != f->family || !(forth || back))
        return false;
    if (opens)
        f->superseded = true;
    return !opens;
}

/* tshark's relative sequence and acknowledgement numbers (an ACK-less packet's acknowledgement
 * number stays as on the wire, as tshark leaves it). */
static void relative_numbers(struct follow *f, int node, const struct tcp_hdr *t, uint32_t *seq,
                             uint32_t *ack)
{
    bool has_ack = (t->flags & TCP_ACK) != 0;
    if (!f->base_set[node]) {
        f->base_set[node] = true;
        f->base[node] = (t->flags & TCP_SYN) ? t->seq : t->seq - 1;
    }
    if (!f->base_set[!node] && has_ack) {
        f->base_set[!node] = true;
        f->base[!node] = t->ack - 1;
    }
    *seq = t->seq - f->base[node];
    *ack = has_ack ? t->ack - f->base[!node] : t->ack;
}

/* The payload bytes captured (within the IP length). */
static uint32_t captured_payload(const struct packet *pkt, const uint8_t **data)
{
    *data = pkt->data + pkt->payload_offset;
    return pkt->payload_caplen < pkt->tcp.payload_length ? pkt->payload_caplen
                                                         : pkt->tcp.payload_length;
}

void follow_packet(struct follow *f, const struct packet *pkt, uint32_t frame, uint32_t stream)
{
    const struct tcp_hdr *t = &pkt->tcp;
    f->packets++;
    /* tshark follows a segment once its whole header, options included, was dissected, and
     * not an IP fragment's (it waits for the whole datagram) */
    if (!t->present || t->fixed_len < 20 || !t->payload_length_known ||
        pkt->payload_offset != (uint32_t)t->offset + (uint32_t)t->data_offset * 4u ||
        (pkt->ipv4.present && ((pkt->ipv4.flags & 1) || pkt->ipv4.frag_offset)))
        return;
    int node = packet_node(f, pkt, stream);
    uint32_t seq, ack;
    relative_numbers(f, node, t, &seq, &ack);
    if (t->flags & TCP_SYN)
        seq++;
    while (place_one(f, !node, ack, frame, true))
        ;
    uint32_t *next = &f->next_seq[node];
    if (f->bytes_written[node] == 0 && *next == 0)
        *next = seq;
    const uint8_t *data;
    uint32_t data_len = captured_payload(pkt, &data), length = t->payload_length;
    if (seq_lt(seq, *next) && seq_gt(seq + length, *next)) {
        uint32_t skip = *next - seq; /* a retransmission with more: only the new bytes */
        data += data_len < skip ? data_len : skip;
        data_len = data_len <= skip ? 0 : data_len - skip;
        length -= skip;
        seq = *next;
    }
    if (data_len == 0 || seq_lt(seq, *next))
        return; /* nothing new */
    if (seq != *next) {
        pending_add(f, node, seq, frame, data, data_len);
        return;
    }
    *next += length;
    f->bytes_written[node] += data_len;
    emit_data(f, node, frame, data, data_len);
    while (place_one(f, node, 0, frame, false))
        ;
}

/* The lowest waiting segment of a node whose segments all start past the next expected byte. */
static uint32_t lowest_pending(const struct follow *f, int node)
{
    uint32_t best = 0;
    for (uint32_t i = 1; i < f->pending_count[node]; i++)
        if (seq_lt(f->pending[node][i].seq, f->pending[node][best].seq))
            best = i;
    return best;
}

void follow_finish(struct follow *f, bool place_pending)
{
    for (int node = 0; node < 2 && place_pending; node++) {
        while (f->pending_count[node] > 0) {
            if (place_one(f, node, 0, 0, false))
                continue;
            const struct follow_pending *p = &f->pending[node][lowest_pending(f, node)];
            emit_gap(f, node, p->frame, (int32_t)(p->seq - f->next_seq[node]), true);
            f->next_seq[node] = p->seq;
        }
    }
    f->pending_count[0] = f->pending_count[1] = 0;
    f->pool_used = f->pool_live = 0;
}
