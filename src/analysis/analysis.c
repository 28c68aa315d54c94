/* analysis.c - TCP analysis, tshark 4.0.17's tcp.analysis (../shared/tcp-analysis/SPEC.md): the
 * connection table, tcp.stream numbering and reused ports, and what tshark's dissect_tcp does
 * around the rules (window scale, handshake RTT, SACK blocks). The rules are in rules.c, the
 * unacknowledged segments in segments.c. */
#include <stddef.h>
#include <string.h>

#include "analysis_internal.h"
#include "stackscope/flow.h"

#define CONN_COUNT ((uint32_t)ANALYSIS_SETS * ANALYSIS_WAYS)

uint64_t analysis_size(void)
{
    return sizeof(struct analysis) + (uint64_t)CONN_COUNT * sizeof(struct analysis_conn) +
           (uint64_t)ANALYSIS_POOL * sizeof(struct analysis_segment) +
           (uint64_t)CONN_COUNT * sizeof(uint32_t);
}

void analysis_init(struct analysis *a)
{
    memset(a, 0, (size_t)analysis_size());
    a->conns = (struct analysis_conn *)(void *)a->storage;
    a->pool = (struct analysis_segment *)(void *)(a->conns + CONN_COUNT);
    a->tags = (uint32_t *)(void *)(a->pool + ANALYSIS_POOL);
    segments_init(a);
}

static const char *const flag_names[ANALYSIS_FLAG_COUNT] = {
    "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order",
    "lost_segment", "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe",
    "zero_window_probe_ack", "window_full", "window_update", "keep_alive", "keep_alive_ack",
    "reused_ports"};

const char *analysis_flag_name(uint32_t bit)
{
    if (bit == 0 || (bit & (bit - 1)) || bit >= 1u << ANALYSIS_FLAG_COUNT)
        return NULL;
    return flag_names[flag_index(bit)];
}

static const char *const note_names[ANALYSIS_NOTE_COUNT] = {
    "analysis.connection_forgotten", "analysis.segments_forgotten", "analysis.ip_fragment",
    "analysis.no_segment_length", "analysis.header_not_captured", "analysis.bad_header_length"};

const char *analysis_note_name(uint32_t bit)
{
    if (bit == 0 || (bit & (bit - 1)) || bit >= 1u << ANALYSIS_NOTE_COUNT)
        return NULL;
    return note_names[flag_index(bit)];
}

/* ---- The connection table ---- */

static bool key_matches(const struct analysis_conn *c, const struct flow_key *k)
{
    return c->family == k->family && c->port[0] == k->port[0] && c->port[1] == k->port[1] &&
           memcmp(c->addr, k->addr, sizeof c->addr) == 0;
}

static void dir_start(struct analysis_dir *d)
{
    memset(d, 0, sizeof *d);
    d->win_scale = -1;
    d->window = UINT32_MAX;
    d->valid_bif = true;
    d->newest = d->oldest = SEG_NONE;
}

/* Starts a connection in slot c: a new stream number, no state (its records freed). */
static void conn_start(struct analysis *a, struct analysis_conn *c, const struct flow_key *k,
                       uint32_t frame)
{
    if (c->family) { /* a slot in use: give its records back */
        segments_free_all(a, &c->dir[0]);
        segments_free_all(a, &c->dir[1]);
    }
    memset(c, 0, sizeof *c);
    c->family = k->family;
    memcpy(c->addr, k->addr, sizeof c->addr);
    memcpy(c->port, k->port, sizeof c->port);
    dir_start(&c->dir[0]);
    dir_start(&c->dir[1]);
    c->stream = a->next_stream++;
    c->first_frame = frame;
}

/* A fingerprint of an evicted key, kept so that its return can be told apart from a new one. */
static uint32_t *gone_slot(struct analysis *a, uint32_t hash)
{
    return &a->gone[(hash >> 8) % ANALYSIS_GONE_SLOTS];
}

/* The slot of set that holds k, or -1. A slot's tag is its key's hash, so only the connection
 * whose tag matches is read (free slots fail key_matches on family). */
static int slot_of(const struct analysis *a, size_t set, uint32_t hash, const struct flow_key *k)
{
    for (size_t w = 0; w < ANALYSIS_WAYS; w++) {
        size_t i = set * ANALYSIS_WAYS + w;
        if (a->tags[i] == hash && a->conns[i].family && key_matches(&a->conns[i], k))
            return (int)i;
    }
    return -1;
}

void analysis_prefetch(const struct analysis *a, const struct flow_packet_key *pk)
{
    if (!pk->valid)
        return;
    size_t set = pk->hash % ANALYSIS_SETS;
    for (size_t w = 0; w < ANALYSIS_WAYS; w++) {
        size_t i = set * ANALYSIS_WAYS + w;
        if (a->tags[i] != pk->hash)
            continue;
        const char *c = (const char *)&a->conns[i];
        for (size_t off = 0; off < sizeof a->conns[i]; off += 64)
            __builtin_prefetch(c + off, 1);
    }
}

static struct analysis_conn *conn_find(struct analysis *a, const struct flow_key *k, uint32_t hash,
                                       uint32_t frame, uint32_t *notes)
{
    size_t s = hash % ANALYSIS_SETS;
    int found = slot_of(a, s, hash, k);
    if (found >= 0)
        return &a->conns[found];
    /* Not there: the last free way, else the least recently used. */
    struct analysis_conn *set = &a->conns[s * ANALYSIS_WAYS];
    struct analysis_conn *victim = &set[0];
    for (int w = 0; w < ANALYSIS_WAYS; w++) {
        if (!set[w].family)
            victim = &set[w];
        else if (victim->family && set[w].last_used < victim->last_used)
            victim = &set[w];
    }
    if (victim->family) {
        uint32_t old_hash = a->tags[victim - a->conns];
        *gone_slot(a, old_hash) = old_hash | 1u;
        a->conn_evictions++;
    }
    uint32_t *slot = gone_slot(a, hash);
    if (*slot == (hash | 1u)) {
        *notes |= ANALYSIS_NOTE_CONNECTION_FORGOTTEN;
        *slot = 0;
    }
    conn_start(a, victim, k, frame);
    a->tags[victim - a->conns] = hash;
    return victim;
}

/* ---- One packet ---- */

/* Reused ports (before step 1): a SYN with a new initial sequence number on a known connection
 * starts a new one (new stream); a SYN-ACK with a new one is flagged and stays (tshark 4.0). A
 * SYN with the same one is not reuse: tshark only resets the next sequence number. */
static struct analysis_conn *check_reused_ports(struct analysis *a, struct analysis_conn *c,
                                                int dir, const struct flow_key *k,
                                                const struct packet *pkt, uint32_t frame,
                                                int64_t now, struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    struct analysis_dir *f = &c->dir[dir];
    bool syn = t->flags & TCP_SYN, ack = t->flags & TCP_ACK;
    if (!syn || !f->base_set)
        return c;
    if (t->seq == f->base_seq) {
        /* The SYN again (a retransmission, flagged later): tshark 4.0.17 first pulls the next
         * sequence number back to the contiguous limit (its issue 17616, for RSTs sent with
         * the ACK's number), without a flag. */
        if (!ack)
            f->nextseq = f->maxseqtobeacked;
        return c;
    }
    struct analysis_evidence e = {.frame = c->last_frame, .delta_ns = now - c->last_time,
                                  .count = c->stream, .value_before = f->base_seq,
                                  .value_after = t->seq};
    if (!ack) {
        conn_start(a, c, k, frame);
    } else {
        c->dir[dir].base_seq = t->seq; /* tshark takes the new ISN as base (issue 16944) */
        c->dir[dir].bif_stale = true;
    }
    v->flags |= ANALYSIS_REUSED_PORTS;
    v->why[flag_index(ANALYSIS_REUSED_PORTS)] = e;
    return c;
}

/* The first segment of a side sets its base; the first ACK from a side sets its peer's. A
 * segment with ACK makes the peer's bytes in flight countable again. */
static void set_bases(struct analysis_ctx *x)
{
    if (!x->f->base_set) {
        x->f->base_seq = (x->flags & TCP_SYN) ? x->seq : x->seq - 1;
        x->f->base_set = true;
    }
    if (!x->p->base_set && (x->flags & TCP_ACK)) {
        x->p->base_seq = x->ack - 1;
        x->p->base_set = true;
    }
    if (x->flags & TCP_ACK)
        x->p->valid_bif = true;
}

/* tcp.window_size: computed before this packet's own options are read, as in tshark. */
static void window_size(struct analysis_verdict *v, const struct analysis_dir *f,
                        const struct tcp_hdr *t)
{
    v->window_shift = f->win_scale;
    if (t->flags & TCP_SYN) {
        v->window_size_known = true; /* SYNs are never scaled */
        v->window_size = t->window;
        v->window_shift = 0;
    } else if (f->win_scale >= 0) {
        v->window_size_known = true;
        v->window_size = (uint32_t)t->window << f->win_scale;
    } else if (f->win_scale == -2) {
        v->window_size_known = true;
        v->window_size = t->window;
    }
}

/* What dissect_tcp does after the rules: handshake times, is_first_ack, then the options
 * (window scale, SACK blocks), then the window-scale check on SYNs. */
static void after_rules(struct analysis_ctx *x, const struct tcp_hdr *t, bool header_whole)
{
    struct analysis_conn *c = x->c;
    uint16_t sa = x->flags & (TCP_SYN | TCP_ACK);
    if (x->flags & TCP_SYN) {
        if (!(x->flags & TCP_ACK))
            c->syn_time = x->now;
        x->f->is_first_ack = true;
    }
    if (sa == TCP_ACK) {
        if (c->syn_time != 0 && c->initial_rtt == 0)
            c->initial_rtt = x->now - c->syn_time;
        x->f->is_first_ack = false;
    }
    for (unsigned i = 0; i < t->option_count; i++) {
        const struct tcp_option *o = &t->options[i];
        if (!o->valid)
            continue;
        if (o->kind == TCPOPT_WSCALE)
            x->f->win_scale = (int8_t)(o->v.wscale > 14 ? 14 : o->v.wscale);
        if (o->kind == TCPOPT_SACK) {
            /* tshark keeps at most three blocks for bytes in flight. */
            unsigned n = o->v.sack.count < 3 ? o->v.sack.count : 3;
            for (unsigned b = 0; b < n; b++) {
                x->f->sack_left[b] = o->v.sack.edge[2 * b];
                x->f->sack_right[b] = o->v.sack.edge[2 * b + 1];
            }
            x->f->sack_count = (uint8_t)n;
        }
    }
    if ((x->flags & TCP_SYN) && header_whole) {
        if (x->f->win_scale == -1)
            x->f->win_scale = x->p->win_scale = -2; /* no option: no scaling either way */
        else if ((x->flags & TCP_ACK) && x->p->win_scale == -2)
            x->f->win_scale = -2; /* the SYN had none: the SYN-ACK's does not count */
    }
}

/* tshark reads the checksum and the options after the rules; a capture that ends before the
 * header does stops it there: the state is updated, nothing is shown, the scale check is skipped. */
static bool header_captured(const struct packet *pkt)
{
    const struct tcp_hdr *t = &pkt->tcp;
    return t->fixed_len == 20 && (uint64_t)t->offset + (uint64_t)t->data_offset * 4 <= pkt->caplen;
}

static void hide_results(struct analysis_verdict *v, uint32_t note)
{
    v->notes |= note;
    v->flags = 0;
    v->acks_frame = 0;
    v->has_ack_rtt = v->has_bytes_in_flight = v->has_rto = v->has_initial_rtt = false;
}

static bool is_ip_fragment(const struct packet *pkt)
{
    return pkt->ipv4.present && ((pkt->ipv4.flags & 1u) || pkt->ipv4.frag_offset != 0);
}

/* A fragment captured whole goes to tshark's IP reassembly: it is not TCP (yet) there. */
static bool held_for_reassembly(const struct packet *pkt)
{
    return is_ip_fragment(pkt) &&
           (uint64_t)pkt->ipv4.offset + pkt->ipv4.total_length <= pkt->caplen;
}

/* The segment length as tshark takes it: what the IP length leaves after the TCP header. The
 * decoder gives it unless the data offset is below 5, which tshark still counts with. */
static bool segment_length(const struct packet *pkt, uint32_t *seglen)
{
    const struct tcp_hdr *t = &pkt->tcp;
    if (t->payload_length_known) {
        *seglen = t->payload_length;
        return true;
    }
    if (t->data_offset >= 5)
        return false; /* the header runs past the IP length */
    uint64_t end = pkt->ipv4.present
                       ? (uint64_t)pkt->ipv4.offset + pkt->ipv4.total_length
                       : (uint64_t)pkt->ipv6.offset + 40 + pkt->ipv6.payload_length;
    uint64_t header_end = (uint64_t)t->offset + (uint64_t)t->data_offset * 4;
    if (end < header_end)
        return false;
    *seglen = (uint32_t)(end - header_end);
    return true;
}

void analysis_packet(struct analysis *a, const struct packet *pkt, uint32_t frame, int64_t ts_ns,
                     struct analysis_verdict *v)
{
    struct flow_packet_key pk;
    flow_packet_key(pkt, &pk);
    analysis_packet_keyed(a, pkt, &pk, frame, ts_ns, v);
}

void analysis_packet_keyed(struct analysis *a, const struct packet *pkt,
                           const struct flow_packet_key *pk, uint32_t frame, int64_t ts_ns,
                           struct analysis_verdict *v)
{
    memset(v, 0, offsetof(struct analysis_verdict, why));
    v->window_shift = -1;
    const struct tcp_hdr *t = &pkt->tcp;
    /* Ports, sequence, ACK, flags and window end at byte 16 of the TCP header. */
    if (!t->present || t->fixed_len < 16 || (!pkt->ipv4.present && !pkt->ipv6.present))
        return;
    if (held_for_reassembly(pkt)) {
        v->notes |= ANALYSIS_NOTE_IP_FRAGMENT;
        return;
    }
    int dir = pk->dir;
    struct analysis_conn *c = conn_find(a, &pk->k, pk->hash, frame, &v->notes);
    c = check_reused_ports(a, c, dir, &pk->k, pkt, frame, ts_ns, v);
    c->last_used = ++a->tick;
    c->last_frame = frame;
    c->last_time = ts_ns;
    v->has_stream = true;
    v->stream = c->stream;
    /* What tshark analyses: a segment with a length, not a fragment of one. */
    bool fragment = is_ip_fragment(pkt);
    uint32_t seglen = 0;
    bool has_length = !fragment && segment_length(pkt, &seglen);
    if (fragment)
        v->notes |= ANALYSIS_NOTE_IP_FRAGMENT;
    else if (!has_length)
        v->notes |= ANALYSIS_NOTE_NO_SEGMENT_LENGTH;
    struct analysis_ctx x = {.a = a, .c = c, .f = &c->dir[dir], .p = &c->dir[!dir],
                             .fidx = (uint32_t)(c - a->conns) * 2 + (uint32_t)dir,
                             .seq = t->seq, .ack = t->ack, .window = t->window,
                             .flags = t->flags, .frame = frame, .now = ts_ns, .v = v,
                             .has_ta = v->flags != 0};
    x.f->sack_count = 0; /* this side's SACK blocks are this segment's, if any */
    if (has_length) {
        x.seglen = seglen;
        v->seglen = seglen;
        v->analysed = true;
        set_bases(&x);
        rules_run(&x);
        window_size(v, x.f, t);
        if (v->flags & ANALYSIS_DUPLICATE_ACK) /* (what --explain asks; not per packet) */
            v->peer_data_beyond_ack = x.p->nextseq &&
                                      seq_gt(x.p->nextseq - x.p->nextseq_fin, x.ack);
    }
    if (t->data_offset < 5) {
        hide_results(v, ANALYSIS_NOTE_BAD_HEADER_LENGTH);
        return; /* tshark stops at a bogus header length, before the handshake and options */
    }
    bool whole = header_captured(pkt);
    after_rules(&x, t, whole);
    if (!whole) {
        hide_results(v, ANALYSIS_NOTE_HEADER_NOT_CAPTURED);
        return;
    }
    if (x.has_ta && c->initial_rtt != 0) {
        v->has_initial_rtt = true;
        v->initial_rtt_ns = c->initial_rtt;
    }
}

int64_t analysis_time_ns(int64_t sec, uint32_t usec, uint32_t nsec_extra)
{
    const int64_t limit = 9200000000;
    int64_t held = sec > limit ? limit : sec < -limit ? -limit : sec;
    return held * 1000000000 + (int64_t)usec * 1000 + (int64_t)nsec_extra;
}
