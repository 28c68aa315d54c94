/* segments.c - the unacknowledged segments of each direction, in one fixed shared pool: what
 * ACK RTTs, retransmission timeouts and bytes in flight are measured from (SPEC.md steps 12-15).
 *
 * Each direction keeps a doubly linked list, newest first, of pool records. When the pool is
 * full, a record is dropped: the sender's own oldest if it has one, else the oldest of the
 * direction a clock hand points at. The direction remembers that it forgot, and up to where, so
 * that the packets whose figures could depend on it carry ANALYSIS_NOTE_SEGMENTS_FORGOTTEN. */
#include <string.h>

#include "analysis_internal.h"

void segments_init(struct analysis *a)
{
    for (uint32_t i = 0; i < ANALYSIS_POOL; i++) {
        a->pool[i].older = i + 1 < ANALYSIS_POOL ? i + 1 : SEG_NONE;
        a->pool[i].owner = SEG_NONE;
    }
    a->free_head = 0;
    a->clock = 0;
}

static struct analysis_dir *owner_dir(struct analysis *a, uint32_t owner)
{
    return &a->conns[owner / 2].dir[owner % 2];
}

static void unlink_record(struct analysis *a, struct analysis_dir *d, uint32_t i)
{
    struct analysis_segment *s = &a->pool[i];
    if (s->newer != SEG_NONE)
        a->pool[s->newer].older = s->older;
    else
        d->newest = s->older;
    if (s->older != SEG_NONE)
        a->pool[s->older].newer = s->newer;
    else
        d->oldest = s->newer;
    d->count--;
    d->bif_stale = true;
    s->owner = SEG_NONE;
    s->older = a->free_head;
    a->free_head = i;
}

/* Drops one record to make room, and marks its owner as having forgotten it. */
static void evict_one(struct analysis_ctx *x)
{
    struct analysis *a = x->a;
    uint32_t owner = x->f->count ? x->fidx : a->pool[a->clock].owner;
    a->clock = (a->clock + 1) % ANALYSIS_POOL;
    struct analysis_dir *d = owner_dir(a, owner);
    uint32_t victim = d->oldest;
    uint32_t end = a->pool[victim].end;
    if (!d->forgot || seq_gt(end, d->forgot_end))
        d->forgot_end = end;
    d->forgot = true;
    unlink_record(a, d, victim);
    a->segment_evictions++;
}

void segments_append(struct analysis_ctx *x, uint32_t seq, uint32_t end)
{
    struct analysis *a = x->a;
    if (a->free_head == SEG_NONE)
        evict_one(x);
    uint32_t i = a->free_head;
    struct analysis_segment *s = &a->pool[i];
    a->free_head = s->older;
    *s = (struct analysis_segment){.seq = seq, .end = end, .frame = x->frame, .time = x->now,
                                   .newer = SEG_NONE, .older = x->f->newest, .owner = x->fidx};
    struct analysis_dir *f = x->f;
    uint32_t first = seq - f->base_seq, last = end - f->base_seq;
    if (f->newest == SEG_NONE) {
        f->oldest = i;
        f->bif_first = first;
        f->bif_last = last;
        f->bif_stale = false;
    } else {
        a->pool[f->newest].newer = i;
        if (first < f->bif_first)
            f->bif_first = first;
        if (last > f->bif_last)
            f->bif_last = last;
    }
    f->newest = i;
    f->count++;
}

void segments_free_all(struct analysis *a, struct analysis_dir *d)
{
    while (d->newest != SEG_NONE)
        unlink_record(a, d, d->newest);
}

/* Step 14: the ACK walks the peer's list, newest to oldest. A record it ends exactly gives the
 * acknowledged frame and the RTT (the last such, i.e. the oldest, wins: an ACK after a
 * retransmission matches the original); a record it cuts is trimmed; records below it go. */
void segments_ack(struct analysis_ctx *x)
{
    struct analysis *a = x->a;
    struct analysis_dir *p = x->p;
    struct analysis_verdict *v = x->v;
    if (p->forgot) {
        v->notes |= ANALYSIS_NOTE_SEGMENTS_FORGOTTEN;
        if (!seq_lt(x->ack, p->forgot_end))
            p->forgot = false; /* everything forgotten is acknowledged by now */
    }
    uint32_t i = p->newest;
    while (i != SEG_NONE) {
        struct analysis_segment *s = &a->pool[i];
        uint32_t older = s->older;
        if (x->ack == s->end) {
            x->has_ta = true;
            v->acks_frame = s->frame;
            v->ack_rtt_ns = x->now - s->time;
            v->acked = (struct analysis_evidence){.frame = s->frame, .delta_ns = v->ack_rtt_ns,
                                                  .range_first = s->seq - p->base_seq,
                                                  .range_end = s->end - p->base_seq,
                                                  .range_of_peer = true};
        } else if (seq_gt(x->ack, s->seq) && seq_le(x->ack, s->end)) {
            s->seq = x->ack; /* partly acknowledged: keep the rest, no RTT (tshark 4.0) */
            p->bif_stale = true;
            i = older;
            continue;
        } else if (seq_gt(s->end, x->ack)) {
            i = older;
            continue;
        }
        unlink_record(a, p, i);
        i = older;
    }
    v->has_ack_rtt = v->acks_frame != 0 && v->ack_rtt_ns != 0;
}

bool segments_oldest(const struct analysis *a, const struct analysis_dir *d, uint32_t *frame,
                     int64_t *time)
{
    if (d->oldest == SEG_NONE)
        return false;
    *frame = a->pool[d->oldest].frame;
    *time = a->pool[d->oldest].time;
    return true;
}

/* The earliest record still held that holds byte seq: where these bytes were first sent. */
bool segments_first_sent(const struct analysis *a, const struct analysis_dir *d, uint32_t seq,
                         uint32_t *frame, int64_t *time)
{
    for (uint32_t i = d->oldest; i != SEG_NONE; i = a->pool[i].newer) {
        const struct analysis_segment *s = &a->pool[i];
        if (seq_le(s->seq, seq) && seq_lt(seq, s->end)) {
            *frame = s->frame;
            *time = s->time;
            return true;
        }
    }
    return false;
}

/* The lowest start and highest end in a side's list, offsets from its base compared as plain
 * numbers as tshark does; walked again only after something left the list. */
static void list_span(const struct analysis *a, struct analysis_dir *f)
{
    if (!f->bif_stale)
        return;
    f->bif_first = a->pool[f->newest].seq - f->base_seq;
    f->bif_last = a->pool[f->newest].end - f->base_seq;
    for (uint32_t i = f->newest; i != SEG_NONE; i = a->pool[i].older) {
        uint32_t s = a->pool[i].seq - f->base_seq, e = a->pool[i].end - f->base_seq;
        if (e > f->bif_last)
            f->bif_last = e;
        if (s < f->bif_first)
            f->bif_first = s;
    }
    f->bif_stale = false;
}

/* Step 15: from the lowest to the highest byte the sender's list holds, less what the peer's
 * last segment said it has (SACK); a SYN or FIN counts one byte less. */
void segments_bytes_in_flight(struct analysis_ctx *x)
{
    struct analysis_dir *f = x->f;
    const struct analysis_dir *p = x->p;
    if (x->seglen == 0 || f->newest == SEG_NONE || !f->valid_bif)
        return;
    x->has_ta = true;
    if (f->forgot)
        x->v->notes |= ANALYSIS_NOTE_SEGMENTS_FORGOTTEN;
    list_span(x->a, f);
    uint32_t in_flight = f->bif_last - f->bif_first;
    for (unsigned k = 0; k < p->sack_count; k++)
        in_flight -= p->sack_right[k] - p->sack_left[k];
    if (in_flight > 0 && in_flight < 2000000000u) {
        uint32_t bif = in_flight - ((x->flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
        x->v->bytes_in_flight = bif;
        x->v->has_bytes_in_flight = bif != 0;
    }
}
