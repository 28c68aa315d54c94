/* rules.c - the checks of SPEC.md, in its order, one small predicate each (tshark 4.0.17's
 * tcp_analyze_sequence_number). F is the sender of this packet, P its peer; sequence numbers are
 * absolute and compared modulo 2^32, windows are raw, times are nanoseconds. */
#include <string.h>

#include "analysis_internal.h"

static bool no_syn_fin_rst(const struct analysis_ctx *x)
{
    return !(x->flags & (TCP_SYN | TCP_FIN | TCP_RST));
}

/* Sets one flag and returns its evidence, cleared, for the rule to fill in. */
static struct analysis_evidence *flag(struct analysis_ctx *x, uint32_t bit)
{
    x->v->flags |= bit;
    x->has_ta = true;
    struct analysis_evidence *e = &x->v->why[flag_index(bit)];
    memset(e, 0, sizeof *e);
    return e;
}

static void this_segment(const struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->range_first = x->seq - x->f->base_seq;
    e->range_end = x->seq + x->seglen - x->f->base_seq;
}

/* A window in bytes where the side's scale is known (raw otherwise); *scaled says which. */
static uint32_t window_bytes(const struct analysis_dir *d, uint32_t raw, bool *scaled)
{
    *scaled = d->win_scale >= -2 && d->win_scale != -1;
    return d->win_scale >= 0 ? raw << d->win_scale : raw;
}

/* The same ACK as the sender's last segment, no data, the next sequence number: the shape
 * shared by window updates, keep-alive ACKs, zero-window-probe ACKs and duplicate ACKs. */
static bool repeats_last_ack(const struct analysis_ctx *x)
{
    return x->seglen == 0 && x->seq == x->f->nextseq && x->ack == x->f->lastack &&
           no_syn_fin_rst(x);
}

/* 1. Zero window probe: one byte, at the next sequence number, into a closed window. */
static bool is_zero_window_probe(const struct analysis_ctx *x)
{
    return x->seglen == 1 && x->seq == x->f->nextseq && x->p->window == 0;
}
static void why_zero_window_probe(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->p->last_frame;
    e->delta_ns = x->now - x->p->lastack_time;
    this_segment(x, e);
}

/* 2. Zero window: this side says it can take nothing more. */
static bool is_zero_window(const struct analysis_ctx *x)
{
    return x->window == 0 && no_syn_fin_rst(x);
}
static void why_zero_window(struct analysis_ctx *x, struct analysis_evidence *e)
{
    (void)x;
    e->value_after = 0;
}

/* 3. Lost segment: starts beyond the highest byte seen so far; what lies between was missed. */
static bool is_lost_segment(const struct analysis_ctx *x)
{
    return x->f->nextseq && seq_gt(x->seq, x->f->nextseq) && !(x->flags & TCP_RST);
}
static void why_lost_segment(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->f->nextseq_frame;
    e->delta_ns = x->now - x->f->nextseq_time;
    e->range_first = x->f->nextseq - x->f->base_seq;
    e->range_end = x->seq - x->f->base_seq;
    x->f->valid_bif = false; /* until the peer ACKs again */
}

/* 4. Keep-alive: zero or one byte, one before the next sequence number. */
static bool is_keep_alive(const struct analysis_ctx *x)
{
    return x->seglen <= 1 && x->seq == x->f->nextseq - 1 && no_syn_fin_rst(x);
}
static void why_keep_alive(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->f->last_frame;
    e->delta_ns = x->now - x->f->lastack_time;
    this_segment(x, e);
}

/* 5. Window update: nothing new but the window. */
static bool is_window_update(const struct analysis_ctx *x)
{
    return x->window != 0 && x->window != x->f->window && repeats_last_ack(x);
}
static void why_window_update(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->f->last_frame;
    e->delta_ns = x->now - x->f->lastack_time;
    e->value_before = window_bytes(x->f, x->f->window, &e->values_scaled);
    e->value_after = window_bytes(x->f, x->window, &e->values_scaled);
}

/* 6. Window full: the data ends exactly at the edge of the peer's window. The peer's window is
 * unscaled until its first ACK without SYN (tshark's is_first_ack). */
static uint32_t peer_window_edge(const struct analysis_ctx *x, uint32_t *bytes)
{
    const struct analysis_dir *p = x->p;
    int shift = p->is_first_ack || p->win_scale == -2 ? 0 : p->win_scale;
    *bytes = p->window << shift;
    return p->lastack + *bytes;
}
static bool is_window_full(const struct analysis_ctx *x)
{
    uint32_t bytes;
    return x->seglen > 0 && x->p->win_scale != -1 &&
           x->seq + x->seglen == peer_window_edge(x, &bytes) && no_syn_fin_rst(x);
}
static void why_window_full(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->p->last_frame;
    e->delta_ns = x->now - x->p->lastack_time;
    this_segment(x, e);
    (void)peer_window_edge(x, &e->value_after);
    e->values_scaled = true;
}

/* 7. Keep-alive ACK: the same ACK and window again, after the peer's keep-alive. */
static bool is_keep_alive_ack(const struct analysis_ctx *x)
{
    return x->window != 0 && x->window == x->f->window && repeats_last_ack(x) &&
           (x->p->lastsegflags & ANALYSIS_KEEP_ALIVE);
}
static void why_peer_last(struct analysis_ctx *x, struct analysis_evidence *e)
{
    e->frame = x->p->last_frame;
    e->delta_ns = x->now - x->p->lastack_time;
}

/* 8. Zero window probe ACK: the closed window again, after the peer's probe. */
static bool is_zero_window_probe_ack(const struct analysis_ctx *x)
{
    return x->window == 0 && x->f->window == 0 && repeats_last_ack(x) &&
           (x->p->lastsegflags & ANALYSIS_ZERO_WINDOW_PROBE);
}

/* 9. Duplicate ACK: the same ACK and window again. */
static bool is_duplicate_ack(const struct analysis_ctx *x)
{
    return x->window != 0 && x->window == x->f->window && repeats_last_ack(x);
}
static void why_duplicate_ack(struct analysis_ctx *x, struct analysis_evidence *e)
{
    struct analysis_dir *f = x->f;
    /* After "ACKed unseen" the count holds UINT32_MAX (tshark's -1): the next dup is #1. */
    f->dupacknum = f->dupacknum == UINT32_MAX ? 1 : f->dupacknum + 1;
    x->v->duplicate_ack_num = f->dupacknum;
    x->v->duplicate_ack_frame = f->lastnondupack;
    e->frame = f->lastnondupack;
    e->delta_ns = x->now - f->lastnondupack_time;
    e->count = f->dupacknum;
    e->value_after = x->ack - x->p->base_seq;
    /* The window was held against the sender's previous segment, which a window update may
     * have made another frame than the one whose ACK number this repeats. */
    e->other_frame = f->last_frame;
    e->other_delta_ns = x->now - f->lastack_time;
    f->lastdupack = x->frame;
    f->lastdupack_time = x->now;
}

struct rule {
    uint32_t flag;
    bool (*applies)(const struct analysis_ctx *x);
    void (*why)(struct analysis_ctx *x, struct analysis_evidence *e);
    bool skips_to_ack_check; /* applying ends steps 1-9 */
};

/* Steps 1 to 9. */
static const struct rule window_rules[] = {
    {ANALYSIS_ZERO_WINDOW_PROBE, is_zero_window_probe, why_zero_window_probe, true},
    {ANALYSIS_ZERO_WINDOW, is_zero_window, why_zero_window, false},
    {ANALYSIS_LOST_SEGMENT, is_lost_segment, why_lost_segment, false},
    {ANALYSIS_KEEP_ALIVE, is_keep_alive, why_keep_alive, false},
    {ANALYSIS_WINDOW_UPDATE, is_window_update, why_window_update, false},
    {ANALYSIS_WINDOW_FULL, is_window_full, why_window_full, false},
    {ANALYSIS_KEEP_ALIVE_ACK, is_keep_alive_ack, why_peer_last, true},
    {ANALYSIS_ZERO_WINDOW_PROBE_ACK, is_zero_window_probe_ack, why_peer_last, true},
    {ANALYSIS_DUPLICATE_ACK, is_duplicate_ack, why_duplicate_ack, false},
};

/* 10. A new ACK value restarts the duplicate count (a window update, same ACK, does not). */
static void note_new_ack(struct analysis_ctx *x)
{
    if (x->ack != x->f->lastack) {
        x->f->lastnondupack = x->frame;
        x->f->lastnondupack_time = x->now;
        x->f->dupacknum = 0;
        x->f->lastdupack = 0;
    }
}

/* 11. ACKed unseen: this ACK covers bytes of the peer that were never seen. tshark 4.0.17 says
 * it once per gap: when the peer's contiguous limit lies behind its highest byte (a hole), the
 * limit jumps there and the ACK is flagged; otherwise it is flagged only if the peer has sent no
 * duplicate ACK since its ACK last moved, and that count is then marked (tshark's -1).
 * SPEC.md reads the first test as "limit > nextseq"; tshark 4.0.17 behaves as limit < nextseq
 * modulo 2^32 (the corpus's of13_ericsson.pcapng, cases 31 and 32 of tests/analysis). */
static void check_acked_unseen(struct analysis_ctx *x)
{
    struct analysis_dir *p = x->p;
    if (!(x->flags & TCP_ACK) || !p->maxseqtobeacked || !seq_gt(x->ack, p->maxseqtobeacked))
        return;
    x->has_ta = true;
    uint32_t limit = p->maxseqtobeacked;
    bool flagged;
    if (seq_lt(p->maxseqtobeacked, p->nextseq)) {
        p->maxseqtobeacked = p->nextseq;
        flagged = true;
    } else {
        flagged = p->dupacknum == 0;
        p->dupacknum = UINT32_MAX;
    }
    if (flagged) {
        struct analysis_evidence *e = flag(x, ANALYSIS_ACK_LOST_SEGMENT);
        e->frame = p->nextseq_frame;
        e->delta_ns = x->now - p->nextseq_time;
        e->range_first = limit - p->base_seq;
        e->range_end = x->ack - p->base_seq;
        e->range_of_peer = true;
    }
}

/* Elapsed time as tshark's unsigned 64-bit difference: a negative one is huge. */
static bool within(int64_t now, int64_t then, uint64_t limit)
{
    return (uint64_t)(now - then) < limit;
}

/* The retransmission evidence shared by the plain and fast kinds: where the bytes were first
 * sent, if still recorded, else the spec's RTO reference. */
static void why_resent(struct analysis_ctx *x, struct analysis_evidence *e)
{
    uint32_t frame;
    int64_t time;
    this_segment(x, e);
    if (segments_first_sent(x->a, x->f, x->seq, &frame, &time) ||
        segments_oldest(x->a, x->f, &frame, &time)) {
        e->frame = frame;
        e->delta_ns = x->now - time;
    } else {
        e->frame = x->f->nextseq_frame;
        e->delta_ns = x->now - x->f->nextseq_time;
    }
}

/* 12a. Spurious: every byte of it was already acknowledged by the peer. */
static bool retrans_spurious(struct analysis_ctx *x, bool not_advanced)
{
    (void)not_advanced;
    const struct analysis_dir *p = x->p;
    if (!(x->seglen > 0 && p->lastack && seq_le(x->seq + x->seglen, p->lastack)))
        return false;
    struct analysis_evidence *e = flag(x, ANALYSIS_SPURIOUS_RETRANSMISSION);
    this_segment(x, e);
    e->frame = p->lastnondupack;
    e->delta_ns = x->now - p->lastnondupack_time;
    e->value_after = p->lastack - x->f->base_seq;
    return true;
}

/* 12b. Fast: resent at the ACK the peer repeated at least twice, within 20 ms of its last
 * segment. The evidence names its last duplicate ACK (a window update may have come after). */
static bool retrans_fast(struct analysis_ctx *x, bool not_advanced)
{
    const struct analysis_dir *p = x->p;
    if (!(not_advanced && p->dupacknum >= 2 && p->lastack == x->seq &&
          within(x->now, p->lastack_time, 20000000u)))
        return false;
    struct analysis_evidence *e = flag(x, ANALYSIS_FAST_RETRANSMISSION);
    why_resent(x, e);
    e->count = p->dupacknum;
    e->other_frame = p->lastdupack ? p->lastdupack : p->last_frame;
    e->other_delta_ns = x->now - (p->lastdupack ? p->lastdupack_time : p->lastack_time);
    return true;
}

/* 12c. Out of order: arrives soon (under the handshake's RTT, or 3 ms) after the segment that
 * went furthest, and does not end where that one did. */
static bool retrans_out_of_order(struct analysis_ctx *x, bool not_advanced)
{
    const struct analysis_dir *f = x->f;
    uint64_t limit = x->c->initial_rtt ? (uint64_t)x->c->initial_rtt : 3000000u;
    uint32_t end = x->seq + x->seglen + ((x->flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
    if (!(not_advanced && within(x->now, f->nextseq_time, limit) && f->nextseq != end))
        return false;
    struct analysis_evidence *e = flag(x, ANALYSIS_OUT_OF_ORDER);
    this_segment(x, e);
    e->frame = f->nextseq_frame;
    e->delta_ns = x->now - f->nextseq_time;
    e->other_delta_ns = (int64_t)limit;
    return true;
}

/* 12d. Retransmission: anything else below the next sequence number. RTO from the oldest
 * unacknowledged segment, else from the segment that went furthest. */
static bool retrans_plain(struct analysis_ctx *x, bool not_advanced)
{
    if (!not_advanced)
        return false;
    struct analysis_verdict *v = x->v;
    struct analysis_evidence *e = flag(x, ANALYSIS_RETRANSMISSION);
    why_resent(x, e);
    uint32_t frame = x->f->nextseq_frame;
    int64_t time = x->f->nextseq_time;
    (void)segments_oldest(x->a, x->f, &frame, &time);
    if (x->f->forgot)
        v->notes |= ANALYSIS_NOTE_SEGMENTS_FORGOTTEN;
    v->rto_ns = x->now - time;
    v->rto_frame = frame;
    v->has_rto = v->rto_ns != 0;
    return true;
}

/* 12a-d, first match wins (tshark's default fastrt_supersedes_ooo: fast before out-of-order). */
static bool (*const retrans_rules[])(struct analysis_ctx *x, bool not_advanced) = {
    retrans_spurious, retrans_fast, retrans_out_of_order, retrans_plain};

static void check_retransmission(struct analysis_ctx *x)
{
    if (!(x->seglen > 0 || (x->flags & (TCP_SYN | TCP_FIN))))
        return;
    if (x->v->flags & ANALYSIS_KEEP_ALIVE)
        return; /* a keep-alive is not a retransmission */
    const struct analysis_dir *f = x->f;
    bool not_advanced = f->nextseq && seq_lt(x->seq, f->nextseq);
    if (x->seglen > 1 && f->nextseq - 1 == x->seq)
        not_advanced = false; /* new data after a zero-window probe's byte */
    for (size_t i = 0; i < sizeof retrans_rules / sizeof retrans_rules[0]; i++)
        if (retrans_rules[i](x, not_advanced))
            break;
    /* tshark's tcp.analysis.retransmission field is set on fast and spurious ones too. */
    uint32_t kinds = ANALYSIS_FAST_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION;
    if (x->v->flags & kinds) {
        uint32_t kind = x->v->flags & ANALYSIS_SPURIOUS_RETRANSMISSION
                            ? ANALYSIS_SPURIOUS_RETRANSMISSION
                            : ANALYSIS_FAST_RETRANSMISSION;
        x->v->flags |= ANALYSIS_RETRANSMISSION;
        x->v->why[flag_index(ANALYSIS_RETRANSMISSION)] = x->v->why[flag_index(kind)];
    }
}

/* 13. Remember this segment: the list, the highest sequence number, the contiguous limit, and
 * the window, ACK, time and flags of the sender's last segment. A zero window probe's byte
 * does not advance the sequence numbers. */
static void remember_segment(struct analysis_ctx *x)
{
    struct analysis_dir *f = x->f;
    bool probe = x->v->flags & ANALYSIS_ZERO_WINDOW_PROBE;
    uint32_t nextseq = x->seq + x->seglen;
    bool fin_counted = false;
    if ((x->seglen || (x->flags & (TCP_SYN | TCP_FIN))) && f->count < ANALYSIS_MAX_UNACKED) {
        if (x->flags & (TCP_SYN | TCP_FIN))
            nextseq += 1; /* only here, as in tshark: past the cap a FIN does not count */
        fin_counted = x->flags & TCP_FIN;
        segments_append(x, x->seq, nextseq);
    }
    if ((seq_gt(nextseq, f->nextseq) || !f->nextseq) && !probe) {
        f->nextseq = nextseq;
        f->nextseq_frame = x->frame;
        f->nextseq_time = x->now;
        f->nextseq_fin = fin_counted;
    }
    if ((x->seq == f->maxseqtobeacked || !f->maxseqtobeacked) && !probe)
        f->maxseqtobeacked = f->nextseq;
    f->window = x->window;
    f->lastack = x->ack;
    f->lastack_time = x->now;
    f->last_frame = x->frame;
    f->lastsegflags = (uint16_t)x->v->flags;
}

void rules_run(struct analysis_ctx *x)
{
    for (size_t i = 0; i < sizeof window_rules / sizeof window_rules[0]; i++) {
        const struct rule *r = &window_rules[i];
        if (!r->applies(x))
            continue;
        r->why(x, flag(x, r->flag));
        if (r->skips_to_ack_check)
            break;
    }
    note_new_ack(x);
    check_acked_unseen(x);
    check_retransmission(x);
    remember_segment(x);
    segments_ack(x);
    segments_bytes_in_flight(x);
}
