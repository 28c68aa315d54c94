/* steps.h - the demo's record of a run: socket-call steps, captured packets, the barrier that
 * keeps the two in step, and the steps file of a recording (DIR/steps.tsv + DIR/capture.pcap). */
#ifndef STACKSCOPE_DEMO_STEPS_H
#define STACKSCOPE_DEMO_STEPS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Recording: DIR/steps.tsv and DIR/capture.pcap. Return 0, or -1 with a reason in err. */
int recording_write(const char *dir, const struct step_log *log, const struct packet_store *ps,
                    char *err);
int recording_read(const char *dir, struct step_log *log, struct packet_store *ps, char *err);

#endif
