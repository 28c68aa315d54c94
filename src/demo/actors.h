/* actors.h - the demo's socket threads. Each actor is one thread that makes the socket calls it
 * is told to, one at a time, so the coordinator decides the order of every step. */
#ifndef STACKSCOPE_DEMO_ACTORS_H
#define STACKSCOPE_DEMO_ACTORS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/lesson.h"

struct actor {
    struct lesson_actor who;
    bool server; /* its role is on the server's side */
    /* socket() as the lesson's programs make it, without the option the demo otherwise sets
     * quietly (SO_REUSEADDR on a TCP socket, so that a run right after another can bind its
     * port): the time-wait scenario shows that option as a step of its own. Set before the
     * first call. */
    bool plain_socket;
    pthread_t thread;
    bool started; /* thread is running: actor_stop joins only then */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool busy;   /* a call is in progress */
    bool quit;
    /* The sockets: written under mu by the actor's thread (a call that timed out may still be
     * running), read under mu by actor_stop. */
    int fd;      /* the socket calls act on */
    int listen_fd;
    /* the call in progress */
    enum lesson_call call;
    long arg;
    const uint8_t *data;
    size_t len;
    /* its outcome */
    long result;
    int err;
    uint8_t received[2048]; /* the start of what recv read: an HTTP request's head fits */
    size_t received_len;
    uint16_t local_port, peer_port;
    /* socket()'s type: CALL_SOCKET's arg, SOCK_DGRAM for UDP (0, the default, is SOCK_STREAM).
     * A UDP socket's sendto(arg = port) sends to 127.0.0.1:port; its recvfrom sets peer_port
     * to the port the datagram came from, where the server's answer goes. */
    int sock_type;
};

/* A socket option that a CALL_SETSOCKOPT sets to its arg, passed as the call's data, with the
 * names the lesson's Python writes it with. A setsockopt without data caps the segment size
 * (IPPROTO_TCP, TCP_MAXSEG) at arg bytes. */
struct actor_sockopt {
    int level, name;
    const char *level_name, *option_name;
};
/* SOL_SOCKET, SO_REUSEADDR: bind may take a port that connections in TIME-WAIT still hold. */
extern const struct actor_sockopt actor_so_reuseaddr;

/* Starts the thread of actor `who`. Returns 0, or -1 with errno set (then there is nothing to
 * stop). */
int actor_start(struct actor *a, struct lesson_actor who);
/* Starts a call in the actor's thread and returns at once. */
void actor_begin(struct actor *a, enum lesson_call call, long arg, const void *data, size_t len);
/* Waits for the call to finish: 0, or -1 when it is still blocked after timeout_ms. */
int actor_wait(struct actor *a, int timeout_ms);
/* Moves an accepted socket to the thread that will serve it, as a threaded server does. Both
 * actors idle. */
void actor_hand_over(struct actor *from, struct actor *to);
/* Releases a call still blocked, ends the thread and closes what it left open. Does nothing for
 * an actor whose start failed. */
void actor_stop(struct actor *a);

#endif
