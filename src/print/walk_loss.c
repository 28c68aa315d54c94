/* walk_loss.c - where segments matter in the walkthrough: which bytes of which segment each
 * recv() read (partial-recv, lost-segment), and the lost-segment scenario's story of the segment
 * the demo dropped, told from the TCP analysis' verdicts. Byte numbers are relative sequence
 * numbers, as the packet lines and the analysis give them (the first data byte is 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walkthrough.h"

/* A data segment of the peer's stream into the socket local (from peer when known). */
static bool into_socket(const struct lesson_packet *lp, uint16_t local, uint16_t peer)
{
    const struct packet *p = &lp->pkt;
    return wt_is_data(p) && p->ipv4.present && p->tcp.dst_port == local &&
           (peer == 0 || p->tcp.src_port == peer);
}

/* The packet (of the first `limit`) that holds byte b of the stream into local: of several
 * copies the last one captured, since a copy is sent again only when the first was taken for
 * lost. SIZE_MAX when none does. */
static size_t holder(const struct lesson_run *run, size_t limit, uint16_t local, uint16_t peer,
                     uint32_t b)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < limit; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (into_socket(lp, local, peer) && b - lp->flow.seq_rel < lp->pkt.tcp.payload_length &&
            (best == SIZE_MAX || lp->frame.ts_sec > run->packets[best].frame.ts_sec ||
             (lp->frame.ts_sec == run->packets[best].frame.ts_sec &&
              lp->frame.ts_usec >= run->packets[best].frame.ts_usec)))
            best = i;
    }
    return best;
}

size_t wt_recv_parts(const struct lesson_run *run, size_t si, size_t limit,
                     struct wt_recv_part *parts, size_t max, uint32_t *first, uint32_t *end)
{
    const struct lesson_step *s = &run->steps[si];
    if (s->call != CALL_RECV || s->pending || s->result <= 0)
        return 0;
    /* The socket's earlier recv() calls read the stream from its first byte, in order. */
    uint32_t at = 1;
    for (size_t k = 0; k < si; k++) {
        const struct lesson_step *e = &run->steps[k];
        if (e->call == CALL_RECV && !e->pending && e->result > 0 &&
            e->local_port == s->local_port && e->peer_port == s->peer_port)
            at += (uint32_t)e->result;
    }
    *first = at;
    *end = at + (uint32_t)s->result;
    size_t n = 0;
    while (at != *end && n < max) {
        size_t i = holder(run, limit, s->local_port, s->peer_port, at);
        if (i == SIZE_MAX)
            break; /* bytes no captured packet holds: what was found is all that can be said */
        const struct lesson_packet *lp = &run->packets[i];
        uint32_t seg_end = lp->flow.seq_rel + lp->pkt.tcp.payload_length;
        uint32_t to = seg_end - at < *end - at ? seg_end : *end;
        parts[n++] = (struct wt_recv_part){.index = i, .first = at, .end = to};
        at = to;
    }
    return at == *end ? n : 0;
}

/* "all of #9 (988 bytes)", "the first 72 bytes of #11"... */
static void part_text(char *dst, size_t n, const struct lesson_run *run,
                      const struct wt_recv_part *p, const struct lesson_text *t)
{
    const struct lesson_packet *lp = &run->packets[p->index];
    uint32_t start = lp->flow.seq_rel, len = lp->pkt.tcp.payload_length, k = p->end - p->first;
    size_t num = p->index + 1;
    if (k == len)
        wt_fmt(dst, n, t->msg[MSG_RANGE_ALL], num, len);
    else if (k == 1)
        wt_fmt(dst, n, t->msg[MSG_RANGE_ONE], p->first, num);
    else if (p->first == start)
        wt_fmt(dst, n, t->msg[MSG_RANGE_FIRST], k, num);
    else if (p->end == start + len)
        wt_fmt(dst, n, t->msg[MSG_RANGE_LAST], k, num);
    else
        wt_fmt(dst, n, t->msg[MSG_RANGE_MIDDLE], p->first, p->end - 1, num);
}

void wt_recv_range_line(struct outbuf *ob, const struct lesson_run *run,
                        const struct wt_recv_part *parts, size_t n, uint32_t first, uint32_t end,
                        bool server, const struct lesson_text *t)
{
    /* One whole segment read by one recv() needs no words: the unwrapping shows it. */
    if (n == 0 || (n == 1 && parts[0].end - parts[0].first ==
                                 run->packets[parts[0].index].pkt.tcp.payload_length))
        return;
    char list[1200], one[160], buf[1400];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && k < sizeof list; i++) {
        part_text(one, sizeof one, run, &parts[i], t);
        const char *sep = i == 0 ? "" : i + 1 == n ? t->msg[MSG_RANGE_AND] : ", ";
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", sep, one);
    }
    /* The stream is the peer's: the server's recv() reads the client's bytes. */
    const char *peer = wt_side_word(t, !server);
    if (end - first == 1)
        wt_fmt(buf, sizeof buf, t->msg[MSG_RECV_RANGE_ONE], first, peer, list);
    else
        wt_fmt(buf, sizeof buf, t->msg[MSG_RECV_RANGE], first, end - 1, peer, list);
    wt_line(ob, buf, 10);
}

/* ---- lost-segment ---- */

/* What the step's packets [from, to) show of a loss: the retransmission, the copy it repeats,
 * the receiver's ACKs that ask again for the hole's first byte (the analysis calls a repeat a
 * duplicate ACK, or a window update when the window changed too), and the ACK past the hole. */
struct loss_story {
    size_t retx, original, final_ack;
    size_t ask[16];
    size_t asks, dups;
    uint32_t sack_left, sack_right; /* what their SACK blocks cover, together (relative) */
};

/* Widens [ls->sack_left, ls->sack_right) by a packet's SACK blocks, relative to the
 * acknowledged stream. */
static void add_sack(struct loss_story *ls, const struct lesson_packet *lp)
{
    const struct packet *p = &lp->pkt;
    uint32_t base = p->tcp.ack - lp->flow.ack_rel;
    for (unsigned k = 0; k < p->tcp.option_count; k++) {
        const struct tcp_option *o = &p->tcp.options[k];
        if (o->kind != TCPOPT_SACK || !o->valid)
            continue;
        for (unsigned b = 0; b < o->v.sack.count && b < DECODE_MAX_SACK_BLOCKS; b++) {
            uint32_t left = o->v.sack.edge[2 * b] - base, right = o->v.sack.edge[2 * b + 1] - base;
            if (ls->sack_right == 0 || left < ls->sack_left)
                ls->sack_left = left;
            ls->sack_right = right > ls->sack_right ? right : ls->sack_right;
        }
    }
}

/* Did an earlier packet of the same side acknowledge as much as packet i does? */
static bool repeats(const struct lesson_run *run, size_t i)
{
    const struct lesson_packet *a = &run->packets[i];
    for (size_t j = 0; j < i; j++) {
        const struct lesson_packet *b = &run->packets[j];
        if (b->flow.conn_id == a->flow.conn_id && b->flow.from_client == a->flow.from_client &&
            (b->pkt.tcp.flags & TCP_ACK) && b->flow.ack_rel == a->flow.ack_rel)
            return true;
    }
    return false;
}

/* The receiver's ACKs after the original that ask again for its first byte: the first ACK up
 * to there acknowledged the segment before it, and asked nothing again. */
static void find_asks(const struct lesson_run *run, size_t to, struct loss_story *ls)
{
    const struct lesson_packet *o = &run->packets[ls->original];
    for (size_t i = ls->original + 1; i < to && ls->asks < 16; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        const struct analysis_verdict *v = lp->frame.analysis;
        if (lp->flow.conn_id != o->flow.conn_id || lp->flow.from_client == o->flow.from_client ||
            !(lp->pkt.tcp.flags & TCP_ACK) || wt_is_data(&lp->pkt) ||
            lp->flow.ack_rel != o->flow.seq_rel)
            continue;
        if (!repeats(run, i))
            continue;
        ls->ask[ls->asks++] = i;
        ls->dups += v && v->analysed && (v->flags & ANALYSIS_DUPLICATE_ACK);
        add_sack(ls, lp);
    }
}

static bool find_loss(const struct lesson_run *run, size_t from, size_t to, struct loss_story *ls)
{
    memset(ls, 0, sizeof *ls);
    ls->retx = ls->original = ls->final_ack = SIZE_MAX;
    for (size_t i = from; i < to && ls->retx == SIZE_MAX; i++) {
        const struct analysis_verdict *v = run->packets[i].frame.analysis;
        if (v && v->analysed &&
            (v->flags & (ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION)))
            ls->retx = i;
    }
    if (ls->retx == SIZE_MAX)
        return false;
    const struct lesson_packet *r = &run->packets[ls->retx];
    for (size_t i = from; i < to && ls->original == SIZE_MAX; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (i != ls->retx && wt_is_data(&lp->pkt) && lp->flow.conn_id == r->flow.conn_id &&
            lp->flow.from_client == r->flow.from_client && lp->flow.seq_rel == r->flow.seq_rel)
            ls->original = i;
    }
    if (ls->original == SIZE_MAX)
        return false;
    find_asks(run, to, ls);
    /* The first ACK past the retransmitted bytes, from the other side. */
    uint32_t past = r->flow.seq_rel + r->pkt.tcp.payload_length;
    for (size_t i = from; i < to && ls->final_ack == SIZE_MAX; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (lp->flow.conn_id == r->flow.conn_id && lp->flow.from_client != r->flow.from_client &&
            (lp->pkt.tcp.flags & TCP_ACK) && (int32_t)(lp->flow.ack_rel - past) >= 0)
            ls->final_ack = i;
    }
    return true;
}

/* "#10, #11, #12 and #14" */
static void list_text(char *dst, size_t n, const size_t *idx, size_t count,
                      const struct lesson_text *t)
{
    size_t k = 0;
    dst[0] = '\0';
    for (size_t i = 0; i < count && k < n; i++)
        k += (size_t)snprintf(dst + k, n - k, "%s#%zu",
                              i == 0 ? "" : i + 1 == count ? t->msg[MSG_RANGE_AND] : ", ",
                              idx[i] + 1);
}

/* The ACKs that asked for the hole again, what their SACK blocks said, and which of them the
 * analysis calls duplicate ACKs. */
static void asks_lines(struct outbuf *ob, const struct loss_story *ls, const struct lesson_text *t,
                       uint32_t hole)
{
    char buf[700], list[200];
    list_text(list, sizeof list, ls->ask, ls->asks, t);
    wt_fmt(buf, sizeof buf, t->msg[MSG_LOSS_DUPACKS], hole - 1, list);
    wt_line(ob, buf, 8);
    if (ls->sack_right) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_LOSS_SACK], ls->sack_left, ls->sack_right - 1);
        wt_line(ob, buf, 8);
    }
    if (ls->dups == ls->asks)
        wt_line(ob, t->msg[ls->asks == 1 ? MSG_LOSS_DUP_IT : MSG_LOSS_DUP_ALL], 8);
    else if (ls->dups) {
        wt_fmt(buf, sizeof buf, t->msg[ls->dups == 1 ? MSG_LOSS_DUP_ONE : MSG_LOSS_DUP_SOME],
               ls->dups);
        wt_line(ob, buf, 8);
    }
}

void wt_loss_step(struct outbuf *ob, const struct lesson_run *run, size_t si, size_t from,
                  const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[si];
    struct loss_story ls;
    if (lesson_scenario_find(run->scenario) != SCENARIO_LOST_SEGMENT || s->call != CALL_SENDALL ||
        !find_loss(run, from, from + s->packets, &ls))
        return;
    const struct lesson_packet *o = &run->packets[ls.original], *r = &run->packets[ls.retx];
    uint32_t a = o->flow.seq_rel, b = a + o->pkt.tcp.payload_length - 1;
    char buf[700], took[32];
    wt_line(ob, t->msg[MSG_LOSS_TITLE], 5);
    wt_fmt(buf, sizeof buf, t->msg[MSG_LOSS_DROPPED], ls.original + 1, a, b);
    wt_line(ob, buf, 8);
    wt_line(ob, t->msg[MSG_LOSS_CAPTURED], 8);
    if (ls.asks)
        asks_lines(ob, &ls, t, a);
    int64_t ns = ((int64_t)r->frame.ts_sec - (int64_t)o->frame.ts_sec) * 1000000000 +
                 ((int64_t)r->frame.ts_usec - (int64_t)o->frame.ts_usec) * 1000;
    wt_duration_text(took, sizeof took, t, ns);
    wt_fmt(buf, sizeof buf, t->msg[MSG_LOSS_RETRANSMITTED], a, b, ls.retx + 1, took,
           ls.original + 1);
    wt_line(ob, buf, 8);
    if (ls.final_ack != SIZE_MAX) {
        const struct lesson_packet *f = &run->packets[ls.final_ack];
        wt_fmt(buf, sizeof buf, t->msg[MSG_LOSS_ACKED], ls.final_ack + 1, f->flow.ack_rel - 1);
        wt_line(ob, buf, 8);
    }
    wt_line(ob, t->msg[MSG_LOSS_IN_ORDER], 8);
}
