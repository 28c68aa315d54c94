/* coordinator.h - a demo run in progress: the coordinator's calls that each scenario is written with.
 * Each call is made by an actor thread, recorded as a step, and the packets it caused are
 * waited for before the next call starts. */
#ifndef STACKSCOPE_DEMO_COORDINATOR_H
#define STACKSCOPE_DEMO_COORDINATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "stackscope/capture.h"
#include "stackscope/lesson.h"
#include "steps.h"

#define STEP_TIMEOUT_MS 5000 /* a packet that never comes ends the demo after this */
/* How long a step waits for the peer's ACK of what it sent (a delayed ACK takes up to 200 ms).
 * It only paces the run: an ACK that comes later is still tied to its call by what it acks. */
#define ANSWER_WAIT_MS 1000
#define QUIET_MS 40 /* then a step waits for this much silence, for packets no rule names */

/* The lesson's two messages. */
extern const char message_to_server[];
extern const char message_to_client[];

struct demo {
    struct demo_barrier barrier;
    struct packet_store store;
    struct step_log log;
    size_t mark; /* packets already counted while an earlier step ran */
    /* The ties so far, redone after each packet while a step waits (under the barrier's lock). */
    struct demo_seg *segs;
    size_t *step_of;
    size_t seg_count, seg_cap;
    size_t step;              /* the step being waited for */
    enum demo_step_need want; /* the wait ends when the step needs no more than this */
    bool expect_failure; /* the next call is meant to fail (the lesson's traps) */
    uint16_t port;
    int port_hold; /* a socket holding port until the server binds it (demo.c), or -1 */
    int port_claim; /* the name claiming port for this demo until it ends (demo.c), or -1 */
    int failed;  /* set when a step's packets never came */
    char err[CAPTURE_ERRBUF_SIZE];
};

/* A call that returns at once: make it, record it, collect its packets. Does nothing once the
 * run has failed. */
void demo_call(struct demo *d, struct actor *a, enum lesson_call c, long arg, const void *data,
               size_t len);
/* A blocking call (accept, recv): shown when made, returns in a later step via demo_finish(). */
void demo_begin(struct demo *d, struct actor *a, enum lesson_call c, long arg);
void demo_finish(struct demo *d, struct actor *a);

/* The lesson's common sequences: socket, bind(port), listen(backlog); accept while the client
 * does socket and connect; one message, sendall on one side and recv(2048) on the other. */
void demo_server_setup(struct demo *d, struct actor *s, int backlog);
void demo_connect_and_accept(struct demo *d, struct actor *s, struct actor *c);
void demo_send_and_recv(struct demo *d, struct actor *from, struct actor *to, const char *msg);
/* The server set up (backlog 1) and accepting; the client's socket with TCP_MAXSEG 1000, then
 * connect: the segments partial-recv and lost-segment show. */
void demo_small_mss_connect(struct demo *d, struct actor *s, struct actor *c);

/* The actors a scenario may use, all started before it runs. */
struct demo_cast {
    struct actor server, client, client2, thread1, thread2, server2;
};

/* What the demo needs to know to run a scenario live (its name and words are the lesson's). */
struct demo_scenario {
    void (*run)(struct demo *d, struct demo_cast *cast);
    bool two_clients; /* "client 1" and "client 2" rather than "client" */
    bool closed_port; /* needs a port where nobody listens */
    bool two_ports;   /* needs the port and the next one free */
    /* Segments matter: segmentation offload is turned off on lo for the run (netcfg.c), so the
     * capture sees each segment as its own packet; put back as found afterwards. */
    bool segments;
    bool drop_one; /* the demo's nftables rule drops one data segment once (lost-segment) */
    bool udp;         /* its packets are UDP datagrams: the capture filter says udp */
};

/* The runners that have a file of their own (src/demo/scenario_<name>.c). */
void scenario_udp(struct demo *d, struct demo_cast *cast);
void scenario_http(struct demo *d, struct demo_cast *cast);
void scenario_time_wait(struct demo *d, struct demo_cast *cast);
void scenario_lost_segment(struct demo *d, struct demo_cast *cast);
/* The data segment the lost-segment scenario drops (0 is the first). */
extern const unsigned demo_lost_segment;

/* The http scenario's server: its answer to the request received so far, req[0..len) (max: the
 * most it will read), in out: 200 and the page for GET / or /index.html, else 404, 405 or 400.
 * Returns the answer's length, or -1 while the request's head (up to its empty line) is not
 * whole and fewer than max bytes came. */
long demo_http_answer(const uint8_t *req, size_t len, size_t max, char *out, size_t n);

/* Indexed by enum lesson_scenario. */
extern const struct demo_scenario demo_scenarios[SCENARIO_COUNT_];

#endif
