/* steps.h - the demo's record of a run: socket-call steps, captured packets, the barrier that
 * keeps the two in step, and the steps file of a recording (DIR/steps.tsv + DIR/capture.pcap). */
#ifndef STACKSCOPE_DEMO_STEPS_H
#define STACKSCOPE_DEMO_STEPS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recordings.h"
#include "stackscope/capture.h"
#include "stackscope/lesson.h"

/* Packets copied out of libpcap's buffer: they must outlive the callback. */
struct packet_store {
    struct capture_packet *pkts; /* each data pointer owned by the store */
    size_t count, cap;
    uint32_t linktype;
};

/* The barrier between the socket threads' steps and the capture thread: the capture thread
 * counts packets in, the coordinator waits until a step's packets have arrived. Thread-safe. */
struct demo_barrier {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t count;           /* packets seen so far */
    struct timespec last;   /* when the last one came (CLOCK_MONOTONIC) */
    struct packet_store *store;
};

void demo_barrier_init(struct demo_barrier *b, struct packet_store *store);
void demo_barrier_destroy(struct demo_barrier *b);
/* Capture thread: stores a copy of p and wakes the coordinator. Returns -1 out of memory. */
int demo_barrier_add(struct demo_barrier *b, const struct capture_packet *p);
/* Coordinator: waits until at least min_new packets came after `since` and then none for
 * quiet_ms. Returns the packet count, or -1 when min_new were not there after timeout_ms. */
long demo_barrier_wait(struct demo_barrier *b, size_t since, size_t min_new, int quiet_ms,
                       int timeout_ms);
/* Coordinator: waits until ready(user, store) holds; it is called with the barrier locked, once
 * at first and again after each packet. Returns the packet count, or -1 when it still does not
 * hold after timeout_ms. */
typedef bool (*demo_ready_fn)(void *user, const struct packet_store *store);
long demo_barrier_wait_until(struct demo_barrier *b, demo_ready_fn ready, void *user,
                             int timeout_ms);
/* Coordinator: waits until no packet came for quiet_ms (counted from the last packet, or from
 * the call if that came before), at most bound_ms. Returns the packet count. */
long demo_barrier_wait_quiet(struct demo_barrier *b, int quiet_ms, int bound_ms);

struct step_log {
    struct lesson_step *steps;
    size_t count, cap;
    char scenario[32];
    uint16_t port;
};

struct lesson_step *step_log_add(struct step_log *log);
void step_log_free(struct step_log *log);
void packet_store_free(struct packet_store *s);
int packet_store_add(struct packet_store *s, const struct capture_packet *p);

/* ---- which call caused which packet ---- */

/* What tying a packet to its call needs to know of it, copied out of the decoded packet. */
struct demo_seg {
    bool tcp;            /* a whole TCP header was captured */
    bool udp;            /* a whole UDP header was captured: a datagram */
    uint16_t src_port, dst_port;
    uint16_t flags;      /* TCP_SYN, TCP_ACK... */
    uint32_t seq, ack;
    uint32_t payload_len;
    size_t arrived_in;   /* the step that was running when it came: the last resort */
};

void demo_seg_of(struct demo_seg *seg, uint32_t linktype, const struct capture_packet *p,
                 size_t arrived_in);

/* Ties segs[i] (in capture order) to the step that caused it, in step_of[i]. By what it is:
 *   SYN, SYN-ACK                 -> the connect from the client's port;
 *   RST to a failed connect      -> that connect (refused);
 *   data                         -> the sendall whose bytes its sequence numbers carry;
 *   FIN                          -> the close of the socket it leaves;
 *   a UDP datagram               -> the sendto from its source port to its destination port
 *                                   (the n-th datagram of that pair, the n-th such sendto);
 *   an ACK of something new      -> the call that sent it: the handshake's last ACK -> connect,
 *                                   an ACK of data -> that sendall, of a FIN -> that close.
 * Anything else (a window update, a repeated ACK), or a cause later than the packet's arrival,
 * stays in the step it arrived in: the timer is only the last resort. Pure: no I/O. */
void demo_match(const struct lesson_step *steps, size_t step_count, const struct demo_seg *segs,
                size_t seg_count, size_t *step_of);

/* What step k still waits for, given the ties so far. */
enum demo_step_need {
    STEP_NEEDS_NOTHING,
    STEP_NEEDS_ANSWER,  /* only the peer's ACK of what the call sent, which may be delayed */
    STEP_NEEDS_PACKETS, /* what the call itself sends: SYN, data, FIN */
};
enum demo_step_need demo_step_needs(const struct lesson_step *steps, size_t k,
                                    const struct demo_seg *segs, size_t seg_count,
                                    const size_t *step_of);

/* Ties every packet of a run to its step: steps[].packets, the packets counted while each step
 * ran, are only the last resort. Then orders the store step by step (capture order within a
 * step), as the walkthrough and the recording read it, and sets steps[].packets to the ties.
 * Returns 0, or -1 out of memory (nothing changed). */
int demo_assign(struct step_log *log, struct packet_store *ps);

/* Recording: DIR/steps.tsv and DIR/capture.pcap. Return 0, or -1 with a reason in err. */
int recording_write(const char *dir, const struct step_log *log, const struct packet_store *ps,
                    char *err);
int recording_read(const char *dir, struct step_log *log, struct packet_store *ps, char *err);
/* The same from a recording built into the program (recordings.h), read in memory. */
int recording_read_builtin(const struct demo_recording *rec, struct step_log *log,
                           struct packet_store *ps, char *err);

/* Runs the TCP analysis over a run's packets in the order they were captured (by time; equal
 * times keep the run's order): a run lists them step by step, and a late ACK may be listed
 * before a packet captured earlier. Each is numbered as the walkthrough numbers it (#1 is
 * frame 1), and its frame.analysis points at its verdict. Returns 0, or -1 out of memory. */
int demo_analyse(struct lesson_packet *lp, size_t n);

#endif
