/* steps.c - step log, packet store, the step barrier, which call caused which packet, the TCP
 * analysis of a run, and recordings on disk. */
#define _GNU_SOURCE
#include "steps.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "stackscope/analysis.h"
#include "stackscope/decode.h"

int packet_store_add(struct packet_store *s, const struct capture_packet *p)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct capture_packet *n = realloc(s->pkts, cap * sizeof *n);
        if (!n)
            return -1;
        s->pkts = n;
        s->cap = cap;
    }
    uint8_t *copy = malloc(p->caplen ? p->caplen : 1);
    if (!copy)
        return -1;
    memcpy(copy, p->data, p->caplen);
    s->pkts[s->count] = *p;
    s->pkts[s->count].data = copy;
    s->count++;
    return 0;
}

void packet_store_free(struct packet_store *s)
{
    for (size_t i = 0; i < s->count; i++)
        free((void *)(uintptr_t)s->pkts[i].data);
    free(s->pkts);
    memset(s, 0, sizeof *s);
}

struct lesson_step *step_log_add(struct step_log *log)
{
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 32;
        struct lesson_step *n = realloc(log->steps, cap * sizeof *n);
        if (!n)
            return NULL;
        log->steps = n;
        log->cap = cap;
    }
    struct lesson_step *s = &log->steps[log->count++];
    memset(s, 0, sizeof *s);
    return s;
}

void step_log_free(struct step_log *log)
{
    free(log->steps);
    log->steps = NULL;
    log->count = log->cap = 0;
}

void demo_barrier_init(struct demo_barrier *b, struct packet_store *store)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->cv, &ca);
    pthread_condattr_destroy(&ca);
    clock_gettime(CLOCK_MONOTONIC, &b->last);
    b->store = store;
}

void demo_barrier_destroy(struct demo_barrier *b)
{
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
}

int demo_barrier_add(struct demo_barrier *b, const struct capture_packet *p)
{
    pthread_mutex_lock(&b->mu);
    int rc = b->store ? packet_store_add(b->store, p) : 0;
    b->count++;
    clock_gettime(CLOCK_MONOTONIC, &b->last);
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    return rc;
}

static long ms_between(const struct timespec *a, const struct timespec *b)
{
    return (long)(b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static struct timespec ms_after(const struct timespec *t, long ms)
{
    struct timespec r = *t;
    r.tv_sec += ms / 1000;
    r.tv_nsec += (ms % 1000) * 1000000;
    if (r.tv_nsec >= 1000000000) {
        r.tv_sec++;
        r.tv_nsec -= 1000000000;
    }
    return r;
}

long demo_barrier_wait_until(struct demo_barrier *b, demo_ready_fn ready, void *user,
                             int timeout_ms)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    struct timespec deadline = ms_after(&start, timeout_ms);
    pthread_mutex_lock(&b->mu);
    /* A packet that never comes ends the wait at the deadline. */
    while (!ready(user, b->store)) {
        if (pthread_cond_timedwait(&b->cv, &b->mu, &deadline) == ETIMEDOUT &&
            !ready(user, b->store)) {
            pthread_mutex_unlock(&b->mu);
            return -1;
        }
    }
    long n = (long)b->count;
    pthread_mutex_unlock(&b->mu);
    return n;
}

long demo_barrier_wait_quiet(struct demo_barrier *b, int quiet_ms, int bound_ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    /* Bounded, so that a flood cannot keep the step open for ever. */
    struct timespec hard = ms_after(&start, bound_ms);
    pthread_mutex_lock(&b->mu);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        struct timespec from = b->last;
        if (ms_between(&start, &from) < 0)
            from = start;
        long waited = ms_between(&from, &now);
        if (waited >= quiet_ms || ms_between(&now, &hard) <= 0)
            break;
        struct timespec until = ms_after(&from, quiet_ms);
        pthread_cond_timedwait(&b->cv, &b->mu, &until);
    }
    long n = (long)b->count;
    pthread_mutex_unlock(&b->mu);
    return n;
}

struct count_goal {
    const struct demo_barrier *b;
    size_t want;
};

static bool count_reached(void *user, const struct packet_store *store)
{
    (void)store;
    const struct count_goal *g = user;
    return g->b->count >= g->want; /* called with the barrier locked */
}

long demo_barrier_wait(struct demo_barrier *b, size_t since, size_t min_new, int quiet_ms,
                       int timeout_ms)
{
    struct count_goal goal = {b, since + min_new};
    if (demo_barrier_wait_until(b, count_reached, &goal, timeout_ms) < 0)
        return -1;
    /* Then quiet: the step's late packets come within quiet_ms of the last one. */
    return demo_barrier_wait_quiet(b, quiet_ms, quiet_ms + timeout_ms);
}

/* ---- which call caused which packet ---- */

#define NO_STEP SIZE_MAX

void demo_seg_of(struct demo_seg *seg, uint32_t linktype, const struct capture_packet *p,
                 size_t arrived_in)
{
    struct packet pkt;
    decode_packet(&pkt, linktype, p->data, p->caplen, p->len);
    memset(seg, 0, sizeof *seg);
    seg->arrived_in = arrived_in;
    /* Only a whole header says which connection, which flags and which bytes. */
    if (pkt.udp.present && pkt.udp.fixed_len == 8) {
        seg->udp = true;
        seg->src_port = pkt.udp.src_port;
        seg->dst_port = pkt.udp.dst_port;
        seg->payload_len = pkt.payload_caplen;
        return;
    }
    if (!pkt.tcp.present || !pkt.tcp.payload_length_known)
        return;
    seg->tcp = true;
    seg->src_port = pkt.tcp.src_port;
    seg->dst_port = pkt.tcp.dst_port;
    seg->flags = pkt.tcp.flags;
    seg->seq = pkt.tcp.seq;
    seg->ack = pkt.tcp.ack;
    seg->payload_len = pkt.tcp.payload_length;
}

static bool done_call(const struct lesson_step *s, enum lesson_call c)
{
    return s->call == c && !s->pending;
}

/* The connect made from the client's port (to the server's port, when it got connected). */
static size_t connect_step(const struct lesson_step *st, size_t n, uint16_t client, uint16_t server)
{
    for (size_t i = 0; i < n; i++)
        if (done_call(&st[i], CALL_CONNECT) && st[i].local_port == client &&
            (st[i].peer_port == 0 || st[i].peer_port == server))
            return i;
    return NO_STEP;
}

/* The close of the connected socket local -> peer. */
static size_t close_step(const struct lesson_step *st, size_t n, uint16_t local, uint16_t peer)
{
    for (size_t i = 0; i < n; i++)
        if (done_call(&st[i], CALL_CLOSE) && !st[i].unconnected && st[i].local_port == local &&
            st[i].peer_port == peer)
            return i;
    return NO_STEP;
}

/* The sendall on local -> peer whose bytes include data byte `off` (0: the first byte the
 * socket sent). A socket's sendalls fill its byte stream one after the other. */
static size_t sendall_step(const struct lesson_step *st, size_t n, uint16_t local, uint16_t peer,
                           uint32_t off)
{
    uint32_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (!done_call(&st[i], CALL_SENDALL) || st[i].result <= 0 || st[i].local_port != local ||
            st[i].peer_port != peer)
            continue;
        if (off - start < (uint32_t)st[i].result) /* start <= off < start + result, mod 2^32 */
            return i;
        start += (uint32_t)st[i].result;
    }
    return NO_STEP;
}

/* The initial sequence number of the side src -> dst, from its SYN. */
static bool isn_of(const struct demo_seg *segs, size_t n, uint16_t src, uint16_t dst,
                   uint32_t *isn)
{
    for (size_t i = 0; i < n; i++)
        if (segs[i].tcp && (segs[i].flags & TCP_SYN) && segs[i].src_port == src &&
            segs[i].dst_port == dst) {
            *isn = segs[i].seq;
            return true;
        }
    return false;
}

/* Does segs[i] acknowledge more than every earlier segment from its side did? */
static bool acks_new(const struct demo_seg *segs, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (segs[j].tcp && (segs[j].flags & TCP_ACK) && segs[j].src_port == segs[i].src_port &&
            segs[j].dst_port == segs[i].dst_port && (int32_t)(segs[j].ack - segs[i].ack) >= 0)
            return false;
    return true;
}

/* An ACK that carries nothing else: the call that sent what it newly acknowledges. */
static size_t cause_of_ack(const struct lesson_step *st, size_t n, const struct demo_seg *segs,
                           size_t nsegs, size_t i)
{
    const struct demo_seg *a = &segs[i];
    uint32_t isn;
    if (!(a->flags & TCP_ACK) || !acks_new(segs, i) ||
        !isn_of(segs, nsegs, a->dst_port, a->src_port, &isn))
        return NO_STEP;
    /* Bytes of the other side's stream acknowledged, its SYN not counted (a FIN counts one). */
    uint32_t acked = a->ack - isn - 1;
    if (acked == 0) /* only the SYN-ACK: the handshake's last ACK, sent by the client */
        return connect_step(st, n, a->src_port, a->dst_port);
    for (size_t j = 0; j < nsegs; j++)
        if (segs[j].tcp && (segs[j].flags & TCP_FIN) && segs[j].src_port == a->dst_port &&
            segs[j].dst_port == a->src_port && segs[j].seq + segs[j].payload_len + 1 == a->ack)
            return close_step(st, n, a->dst_port, a->src_port);
    return sendall_step(st, n, a->dst_port, a->src_port, acked - 1);
}

/* The sendto that sent datagram segs[i]: each sendto sends exactly one datagram, so the n-th
 * datagram from src to dst comes from the n-th sendto made on src to dst. */
static size_t sendto_step(const struct lesson_step *st, size_t n, const struct demo_seg *segs,
                          size_t i)
{
    size_t nth = 0;
    for (size_t j = 0; j < i; j++)
        nth += segs[j].udp && segs[j].src_port == segs[i].src_port &&
               segs[j].dst_port == segs[i].dst_port;
    for (size_t k = 0; k < n; k++)
        if (done_call(&st[k], CALL_SENDTO) && st[k].result >= 0 &&
            st[k].local_port == segs[i].src_port && st[k].peer_port == segs[i].dst_port &&
            nth-- == 0)
            return k;
    return NO_STEP;
}

/* What step k's sendto still waits for: its datagram (no answer ever comes). */
static enum demo_step_need sendto_needs(const struct lesson_step *s, size_t k,
                                        const struct demo_seg *segs, size_t n,
                                        const size_t *step_of)
{
    if (s->result < 0)
        return STEP_NEEDS_NOTHING;
    for (size_t i = 0; i < n; i++)
        if (step_of[i] == k && segs[i].udp && segs[i].src_port == s->local_port)
            return STEP_NEEDS_NOTHING;
    return STEP_NEEDS_PACKETS;
}

/* The step that caused segs[i], by what the packet is; NO_STEP when it does not say. */
static size_t cause_of(const struct lesson_step *st, size_t n, const struct demo_seg *segs,
                       size_t nsegs, size_t i)
{
    const struct demo_seg *g = &segs[i];
    uint32_t isn;
    if (g->udp)
        return sendto_step(st, n, segs, i);
    if (!g->tcp)
        return NO_STEP;
    if (g->flags & TCP_SYN) {
        bool synack = g->flags & TCP_ACK;
        return synack ? connect_step(st, n, g->dst_port, g->src_port)
                      : connect_step(st, n, g->src_port, g->dst_port);
    }
    if (g->flags & TCP_RST) { /* the answer to a SYN on a port where nobody listens */
        size_t c = connect_step(st, n, g->dst_port, g->src_port);
        return c != NO_STEP && st[c].result < 0 ? c : NO_STEP;
    }
    if (g->payload_len > 0)
        return isn_of(segs, nsegs, g->src_port, g->dst_port, &isn)
                   ? sendall_step(st, n, g->src_port, g->dst_port, g->seq - isn - 1)
                   : NO_STEP;
    if (g->flags & TCP_FIN)
        return close_step(st, n, g->src_port, g->dst_port);
    return cause_of_ack(st, n, segs, nsegs, i);
}

void demo_match(const struct lesson_step *steps, size_t step_count, const struct demo_seg *segs,
                size_t seg_count, size_t *step_of)
{
    for (size_t i = 0; i < seg_count; i++) {
        size_t timer = segs[i].arrived_in;
        if (step_count && timer >= step_count)
            timer = step_count - 1;
        size_t cause = cause_of(steps, step_count, segs, seg_count, i);
        /* A call cannot cause a packet that came before it was made. */
        step_of[i] = cause != NO_STEP && cause <= timer ? cause : timer;
    }
}

/* What step k's connect still waits for. */
static enum demo_step_need connect_needs(const struct lesson_step *s, size_t k,
                                         const struct demo_seg *segs, size_t n,
                                         const size_t *step_of)
{
    bool syn = false, synack = false, ack = false, rst = false;
    for (size_t i = 0; i < n; i++) {
        if (step_of[i] != k || !segs[i].tcp)
            continue;
        uint16_t f = segs[i].flags;
        syn |= (f & TCP_SYN) && !(f & TCP_ACK);
        synack |= (f & TCP_SYN) && (f & TCP_ACK);
        rst |= f & TCP_RST;
        ack |= !(f & (TCP_SYN | TCP_FIN | TCP_RST)) && segs[i].payload_len == 0;
    }
    if (!syn)
        return STEP_NEEDS_PACKETS;
    if (s->result < 0) /* refused: the RST answers the SYN */
        return rst ? STEP_NEEDS_NOTHING : STEP_NEEDS_ANSWER;
    /* connect() returns once the client has the SYN-ACK and has sent the last ACK. */
    return synack && ack ? STEP_NEEDS_NOTHING : STEP_NEEDS_PACKETS;
}

/* Has the peer acknowledged the local side's stream up to sequence number `end`? */
static bool acked_up_to(const struct demo_seg *segs, size_t n, uint16_t local, uint16_t peer,
                        uint32_t end)
{
    for (size_t i = 0; i < n; i++)
        if (segs[i].tcp && (segs[i].flags & TCP_ACK) && segs[i].src_port == peer &&
            segs[i].dst_port == local && (int32_t)(segs[i].ack - end) >= 0)
            return true;
    return false;
}

/* What step k's sendall still waits for: segments carrying all its bytes, then their ACK. */
static enum demo_step_need sendall_needs(const struct lesson_step *st, size_t k,
                                         const struct demo_seg *segs, size_t n,
                                         const size_t *step_of)
{
    const struct lesson_step *s = &st[k];
    uint32_t isn, start = 0;
    if (s->result <= 0)
        return STEP_NEEDS_NOTHING;
    if (!isn_of(segs, n, s->local_port, s->peer_port, &isn)) {
        /* The connection's SYN was not seen: only a packet can say the call was heard. */
        for (size_t i = 0; i < n; i++)
            if (step_of[i] == k)
                return STEP_NEEDS_NOTHING;
        return STEP_NEEDS_PACKETS;
    }
    for (size_t i = 0; i < k; i++)
        if (done_call(&st[i], CALL_SENDALL) && st[i].result > 0 &&
            st[i].local_port == s->local_port && st[i].peer_port == s->peer_port)
            start += (uint32_t)st[i].result;
    uint32_t end = isn + 1 + start + (uint32_t)s->result; /* the sequence number after its bytes */
    bool all_sent = false;
    for (size_t i = 0; i < n; i++)
        if (step_of[i] == k && segs[i].tcp && segs[i].src_port == s->local_port &&
            segs[i].payload_len > 0 && (int32_t)(segs[i].seq + segs[i].payload_len - end) >= 0)
            all_sent = true;
    if (!all_sent)
        return STEP_NEEDS_PACKETS;
    return acked_up_to(segs, n, s->local_port, s->peer_port, end) ? STEP_NEEDS_NOTHING
                                                                  : STEP_NEEDS_ANSWER;
}

/* What step k's close of a connected socket still waits for: its FIN, then the FIN's ACK. */
static enum demo_step_need close_needs(const struct lesson_step *s, size_t k,
                                       const struct demo_seg *segs, size_t n,
                                       const size_t *step_of)
{
    if (s->unconnected)
        return STEP_NEEDS_NOTHING;
    for (size_t i = 0; i < n; i++) {
        const struct demo_seg *g = &segs[i];
        if (step_of[i] != k || !g->tcp || g->src_port != s->local_port ||
            g->dst_port != s->peer_port)
            continue;
        if (g->flags & TCP_RST) /* unread data: the connection is reset, nothing to answer */
            return STEP_NEEDS_NOTHING;
        if (g->flags & TCP_FIN)
            return acked_up_to(segs, n, s->local_port, s->peer_port, g->seq + g->payload_len + 1)
                       ? STEP_NEEDS_NOTHING
                       : STEP_NEEDS_ANSWER;
    }
    return STEP_NEEDS_PACKETS;
}

enum demo_step_need demo_step_needs(const struct lesson_step *steps, size_t k,
                                    const struct demo_seg *segs, size_t seg_count,
                                    const size_t *step_of)
{
    const struct lesson_step *s = &steps[k];
    if (s->pending)
        return STEP_NEEDS_NOTHING;
    switch (s->call) {
    case CALL_CONNECT: return connect_needs(s, k, segs, seg_count, step_of);
    case CALL_SENDALL: return sendall_needs(steps, k, segs, seg_count, step_of);
    case CALL_CLOSE: return close_needs(s, k, segs, seg_count, step_of);
    case CALL_SENDTO: return sendto_needs(s, k, segs, seg_count, step_of);
    default: return STEP_NEEDS_NOTHING;
    }
}

/* Puts the store in step order (capture order within a step) and counts each step's packets. */
static int order_by_step(struct step_log *log, struct packet_store *ps, const size_t *step_of)
{
    size_t *next = calloc(log->count, sizeof *next);
    struct capture_packet *sorted = malloc(ps->cap * sizeof *sorted);
    if (!next || !sorted) {
        free(next);
        free(sorted);
        return -1;
    }
    for (size_t i = 0; i < ps->count; i++)
        next[step_of[i]]++;
    size_t at = 0;
    for (size_t k = 0; k < log->count; k++) {
        log->steps[k].packets = (uint32_t)next[k];
        size_t n = next[k];
        next[k] = at; /* where step k's first packet goes */
        at += n;
    }
    for (size_t i = 0; i < ps->count; i++)
        sorted[next[step_of[i]]++] = ps->pkts[i];
    free(ps->pkts);
    ps->pkts = sorted;
    free(next);
    return 0;
}

int demo_assign(struct step_log *log, struct packet_store *ps)
{
    if (!log->count || !ps->count)
        return 0;
    struct demo_seg *segs = malloc(ps->count * sizeof *segs);
    size_t *step_of = malloc(ps->count * sizeof *step_of);
    int rc = -1;
    if (segs && step_of) {
        /* Where each packet was counted while the run went on; the rest went to the last step. */
        size_t k = 0, left = log->steps[0].packets;
        for (size_t i = 0; i < ps->count; i++) {
            while (left == 0 && k + 1 < log->count)
                left = log->steps[++k].packets;
            demo_seg_of(&segs[i], ps->linktype, &ps->pkts[i], k);
            left -= left > 0;
        }
        demo_match(log->steps, log->count, segs, ps->count, step_of);
        rc = order_by_step(log, ps, step_of);
    }
    free(segs);
    free(step_of);
    return rc;
}

/* ---- recordings ---- */

static void path_join(char *dst, size_t n, const char *dir, const char *name)
{
    /* Paths past the buffer are cut; the open that follows then fails with a clear message. */
    int k = snprintf(dst, n, "%s/", dir);
    if (k >= 0 && (size_t)k < n)
        snprintf(dst + k, n - (size_t)k, "%s", name);
}

int recording_write(const char *dir, const struct step_log *log, const struct packet_store *ps,
                    char *err)
{
    char path[256];
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot create '%s': %s", dir, strerror(errno));
        return -1;
    }
    path_join(path, sizeof path, dir, "capture.pcap");
    struct capture_writer *w;
    if (capture_writer_open(&w, path, ps->linktype, err) < 0)
        return -1;
    for (size_t i = 0; i < ps->count; i++)
        capture_writer_add(w, &ps->pkts[i]);
    if (capture_writer_close(w, err) < 0)
        return -1;
    path_join(path, sizeof path, dir, "steps.tsv");
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "# stackscope demo steps v1: the socket calls of capture.pcap, in order\n");
    fprintf(f, "# step actor server call pending unconnected args result errno local_port "
               "peer_port packets detail\n");
    fprintf(f, "scenario\t%s\nport\t%u\n", log->scenario, log->port);
    for (size_t i = 0; i < log->count; i++) {
        const struct lesson_step *s = &log->steps[i];
        char actor[32];
        lesson_actor_recorded(actor, sizeof actor, s->actor);
        fprintf(f, "step\t%s\t%d\t%s\t%d\t%d\t%s\t%ld\t%s\t%u\t%u\t%u\t%s\n", actor,
                s->server, lesson_call_names[s->call], s->pending, s->unconnected, s->args, s->result, s->err[0] ? s->err : "-",
                s->local_port, s->peer_port, s->packets, s->detail);
    }
    if (fclose(f) != 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Splits a line on tabs in place; returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A steps file names a failed call's errno and a setsockopt's option as the lesson's Python
 * shows them; they are mapped to what the walkthrough tells here, once, as the file is read. */
static const struct {
    const char *name;
    enum lesson_error error;
} error_names[] = {{"EADDRINUSE", LESSON_ERR_EADDRINUSE}, {"ECONNREFUSED", LESSON_ERR_ECONNREFUSED}};

static const struct {
    const char *name;
    enum lesson_sockopt option;
} option_names[] = {{"TCP_MAXSEG", LESSON_OPT_TCP_MAXSEG}, {"SO_REUSEADDR", LESSON_OPT_SO_REUSEADDR}};

static enum lesson_error error_of(const char *name)
{
    if (!name[0])
        return LESSON_ERR_NONE;
    for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++)
        if (!strcmp(name, error_names[i].name))
            return error_names[i].error;
    return LESSON_ERR_OTHER;
}

/* The option of setsockopt arguments "LEVEL, OPTION, VALUE". */
static enum lesson_sockopt option_of(const char *args)
{
    const char *opt = strchr(args, ',');
    if (!opt)
        return LESSON_OPT_OTHER;
    opt += 1 + strspn(opt + 1, " ");
    size_t len = strcspn(opt, ",");
    for (size_t i = 0; i < sizeof option_names / sizeof option_names[0]; i++)
        if (strlen(option_names[i].name) == len && !memcmp(opt, option_names[i].name, len))
            return option_names[i].option;
    return LESSON_OPT_OTHER;
}

static bool replay_collect(void *user, const struct capture_packet *p)
{
    return packet_store_add(user, p) == 0;
}

/* The fields of a step line after its actor (fl[2..12]) into s; false when one does not read. */
static bool step_read(struct lesson_step *s, char **fl)
{
    long v;
    s->server = !strcmp(fl[2], "1");
    int call = -1;
    for (int c = 0; c < CALL_COUNT_; c++)
        if (!strcmp(fl[3], lesson_call_names[c]))
            call = c;
    if (call < 0)
        return false;
    s->call = (enum lesson_call)call;
    s->pending = !strcmp(fl[4], "1");
    s->unconnected = !strcmp(fl[5], "1");
    snprintf(s->args, sizeof s->args, "%s", fl[6]);
    if (!parse_long(fl[7], -1, 1L << 30, &s->result))
        return false;
    snprintf(s->err, sizeof s->err, "%s", strcmp(fl[8], "-") ? fl[8] : "");
    s->error = error_of(s->err);
    if (s->call == CALL_SETSOCKOPT)
        s->option = option_of(s->args);
    if (!parse_long(fl[9], 0, 65535, &v))
        return false;
    s->local_port = (uint16_t)v;
    if (!parse_long(fl[10], 0, 65535, &v))
        return false;
    s->peer_port = (uint16_t)v;
    if (!parse_long(fl[11], 0, 100000, &v))
        return false;
    s->packets = (uint32_t)v;
    snprintf(s->detail, sizeof s->detail, "%s", fl[12]);
    return true;
}

/* The error of a step line whose actor is none the lesson has: the actors it knows. */
static void unknown_actor(char *err, const char *path, int line_no, const char *actor)
{
    char known[160] = "";
    size_t k = 0;
    for (unsigned r = 0; r < LESSON_ACTOR_ROLE_COUNT_ && k < sizeof known; r++) {
        char name[32];
        struct lesson_actor a = {(enum lesson_actor_role)r, 0};
        lesson_actor_recorded(name, sizeof name, a);
        int w = snprintf(known + k, sizeof known - k, "%s'%s'", r ? ", " : "", name);
        k += w > 0 ? (size_t)w : 0;
    }
    snprintf(err, CAPTURE_ERRBUF_SIZE,
             "'%s' line %d: unknown actor '%.40s' (the lesson's are %s, each maybe with a "
             "number 1-99)",
             path, line_no, actor, known);
}

static int steps_parse(FILE *f, const char *path, struct step_log *log, char *err)
{
    char line[1024];
    int line_no = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *fl[13] = {0};
        int n = split_tabs(line, fl, 13);
        long v;
        if (!strcmp(fl[0], "scenario") && n == 2) {
            snprintf(log->scenario, sizeof log->scenario, "%s", fl[1]);
            continue;
        }
        if (!strcmp(fl[0], "port") && n == 2 && parse_long(fl[1], 1, 65535, &v)) {
            log->port = (uint16_t)v;
            continue;
        }
        if (strcmp(fl[0], "step") || n != 13)
            goto bad;
        struct lesson_actor who;
        if (!lesson_actor_parse(fl[1], &who)) {
            unknown_actor(err, path, line_no, fl[1]);
            return -1;
        }
        struct lesson_step *s = step_log_add(log);
        if (!s || !step_read(s, fl))
            goto bad;
        s->actor = who;
    }
    if (!log->scenario[0] || !log->port || !log->count) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s': no scenario, port or step in it", path);
        return -1;
    }
    return 0;
bad:
    snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s' line %d: not a stackscope steps line", path,
             line_no);
    return -1;
}

/* The steps of a recording from f (name in messages), which it closes. */
static int steps_read(FILE *f, const char *name, struct step_log *log, char *err)
{
    int rc = steps_parse(f, name, log, err);
    fclose(f);
    return rc;
}

/* The packets of a recording from c (name in messages), which it closes: as many as its steps
 * account for. */
static int packets_read(struct capture *c, const char *name, const struct step_log *log,
                        struct packet_store *ps, char *err)
{
    ps->linktype = capture_linktype(c);
    char lerr[CAPTURE_ERRBUF_SIZE];
    int rc = capture_loop(c, 0, replay_collect, ps, lerr);
    capture_close(c, lerr);
    if (rc < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s': %.200s", name, lerr);
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < log->count; i++)
        total += log->steps[i].packets;
    if (total != ps->count) {
        snprintf(err, CAPTURE_ERRBUF_SIZE,
                 "'%s' holds %zu packets but the steps account for %zu", name, ps->count, total);
        return -1;
    }
    return 0;
}

int recording_read(const char *dir, struct step_log *log, struct packet_store *ps, char *err)
{
    char path[256];
    path_join(path, sizeof path, dir, "steps.tsv");
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    if (steps_read(f, path, log, err) < 0)
        return -1;
    path_join(path, sizeof path, dir, "capture.pcap");
    struct capture *c;
    if (capture_open_file(&c, path, err) < 0)
        return -1;
    return packets_read(c, path, log, ps, err);
}

int recording_read_builtin(const struct demo_recording *rec, struct step_log *log,
                           struct packet_store *ps, char *err)
{
    /* Named in messages by the file it was built from. */
    char name[128];
    snprintf(name, sizeof name, "built-in captures/demo/%s/steps.tsv", rec->scenario);
    FILE *f = fmemopen((void *)(uintptr_t)rec->steps, rec->steps_len, "r");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot open '%s': %s", name, strerror(errno));
        return -1;
    }
    if (steps_read(f, name, log, err) < 0)
        return -1;
    snprintf(name, sizeof name, "built-in captures/demo/%s/capture.pcap", rec->scenario);
    struct capture *c;
    if (capture_open_memory(&c, rec->pcap, rec->pcap_len, name, err) < 0)
        return -1;
    return packets_read(c, name, log, ps, err);
}

/* ---- the TCP analysis of a run ---- */

static int64_t capture_time_ns(const struct lesson_packet *lp)
{
    return analysis_time_ns(lp->frame.ts_sec, lp->frame.ts_usec, lp->frame.ts_nsec_extra);
}

/* Was a captured after b? Compared field by field: the nanoseconds are held past 2261. */
static bool captured_after(const struct lesson_packet *a, const struct lesson_packet *b)
{
    if (a->frame.ts_sec != b->frame.ts_sec)
        return a->frame.ts_sec > b->frame.ts_sec;
    if (a->frame.ts_usec != b->frame.ts_usec)
        return a->frame.ts_usec > b->frame.ts_usec;
    return a->frame.ts_nsec_extra > b->frame.ts_nsec_extra;
}

int demo_analyse(struct lesson_packet *lp, size_t n)
{
    struct analysis *a = malloc(analysis_size());
    size_t *order = malloc((n + 1) * sizeof *order);
    if (!a || !order) {
        free(a);
        free(order);
        return -1;
    }
    analysis_init(a);
    /* Insertion sort by time, stable (equal times keep the steps' order): the steps are
     * nearly in time order already. */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        for (; k > 0 && captured_after(&lp[order[k - 1]], &lp[i]); k--)
            order[k] = order[k - 1];
        order[k] = i;
    }
    for (size_t k = 0; k < n; k++) {
        struct lesson_packet *p = &lp[order[k]];
        analysis_packet(a, &p->pkt, (uint32_t)(order[k] + 1), capture_time_ns(p), &p->analysis);
        p->frame.analysis = &p->analysis;
    }
    free(a);
    free(order);
    return 0;
}
