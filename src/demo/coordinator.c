/* coordinator.c - a demo run in progress: each socket call made by an actor thread when the
 * scenario says so, recorded as a step, and the packets it caused waited for before the next
 * call starts. */
#define _GNU_SOURCE /* strerrorname_np */
#include "coordinator.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const char message_to_server[] = "MessageVersServeur";
const char message_to_client[] = "MessageVersClient";

/* Python's way of showing bytes: b'...' with escapes, cut after 24 characters. */
static void py_bytes(char *dst, size_t n, const uint8_t *p, size_t len, size_t total)
{
    size_t k = (size_t)snprintf(dst, n, "b'");
    for (size_t i = 0; i < len && i < 24 && k + 6 < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\'' && p[i] != '\\')
            dst[k++] = (char)p[i];
        else
            k += (size_t)snprintf(dst + k, n - k, "\\x%02x", p[i]);
    }
    snprintf(dst + k, n - k, "%s'", total > 24 ? "..." : "");
}

static const char *errno_name(int e)
{
    const char *name = strerrorname_np(e);
    return name ? name : "EUNKNOWN";
}

/* Called by the barrier, locked, after each packet: ties the packets so far to their steps and
 * says whether the step waited for has what it needs. */
static bool step_ready(void *user, const struct packet_store *store)
{
    struct demo *d = user;
    if (store->count > d->seg_cap) {
        size_t cap = store->cap;
        struct demo_seg *segs = realloc(d->segs, cap * sizeof *segs);
        if (segs)
            d->segs = segs;
        size_t *step_of = realloc(d->step_of, cap * sizeof *step_of);
        if (step_of)
            d->step_of = step_of;
        if (!segs || !step_of)
            return true; /* out of memory: stop waiting; the run fails when it ties them */
        d->seg_cap = cap;
    }
    for (size_t i = d->seg_count; i < store->count; i++)
        demo_seg_of(&d->segs[i], store->linktype, &store->pkts[i], d->step);
    d->seg_count = store->count;
    demo_match(d->log.steps, d->log.count, d->segs, d->seg_count, d->step_of);
    return demo_step_needs(d->log.steps, d->step, d->segs, d->seg_count, d->step_of) <= d->want;
}

/* Waits for the packets the last step caused, by what they are: first what the call itself
 * sends (SYN, data, FIN), then the peer's ACK of it, then a short silence. Returns the packet
 * count, or -1 when the call's own packets never came. */
static long wait_packets(struct demo *d)
{
    d->step = d->log.count - 1;
    d->want = STEP_NEEDS_ANSWER;
    if (demo_barrier_wait_until(&d->barrier, step_ready, d, STEP_TIMEOUT_MS) < 0)
        return -1;
    d->want = STEP_NEEDS_NOTHING;
    demo_barrier_wait_until(&d->barrier, step_ready, d, ANSWER_WAIT_MS);
    return demo_barrier_wait_quiet(&d->barrier, QUIET_MS, STEP_TIMEOUT_MS);
}

/* The step's arguments as the lesson's Python writes them. */
static void step_args(struct lesson_step *s, const struct actor *a)
{
    switch (a->call) {
    case CALL_SOCKET:
        snprintf(s->args, sizeof s->args, "AF_INET, %s",
                 a->sock_type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_STREAM");
        break;
    case CALL_SETSOCKOPT:
        if (a->data) { /* the option the call names (actors.h) */
            const struct actor_sockopt *o = (const struct actor_sockopt *)(const void *)a->data;
            snprintf(s->args, sizeof s->args, "%s, %s, %ld", o->level_name, o->option_name,
                     a->arg);
            s->option = o->level == SOL_SOCKET && o->name == SO_REUSEADDR ? LESSON_OPT_SO_REUSEADDR
                                                                           : LESSON_OPT_OTHER;
        } else {
            snprintf(s->args, sizeof s->args, "IPPROTO_TCP, TCP_MAXSEG, %ld", a->arg);
            s->option = LESSON_OPT_TCP_MAXSEG;
        }
        break;
    case CALL_BIND: snprintf(s->args, sizeof s->args, "('', %ld)", a->arg); break;
    case CALL_LISTEN: snprintf(s->args, sizeof s->args, "%ld", a->arg); break;
    case CALL_CONNECT: snprintf(s->args, sizeof s->args, "('127.0.0.1', %ld)", a->arg); break;
    case CALL_SENDALL: py_bytes(s->args, sizeof s->args, a->data, a->len, a->len); break;
    case CALL_RECV:
    case CALL_RECVFROM: snprintf(s->args, sizeof s->args, "%ld", a->arg); break;
    case CALL_SENDTO: {
        char b[32];
        py_bytes(b, sizeof b, a->data, a->len, a->len);
        snprintf(s->args, sizeof s->args, "%s, ('127.0.0.1', %u)", b, (unsigned)(uint16_t)a->arg);
        break;
    }
    /* A UDP socket has no connection: its close sends nothing, whoever it talked to. */
    case CALL_CLOSE:
        s->unconnected = a->arg != 0 || a->peer_port == 0 || a->sock_type == SOCK_DGRAM;
        break;
    default: break;
    }
}

/* recvfrom's result as Python shows it: (b'MessageVersServeur', ('127.0.0.1', 41234)). */
static void recvfrom_detail(char *dst, size_t n, const struct actor *a)
{
    char b[48];
    py_bytes(b, sizeof b, a->received, a->received_len, (size_t)a->result);
    snprintf(dst, n, "(%s, ('127.0.0.1', %u))", b, a->peer_port);
}

/* What a finished call returned. */
static void step_outcome(struct lesson_step *s, const struct actor *a)
{
    s->result = a->result;
    if (a->result < 0) {
        snprintf(s->err, sizeof s->err, "%s", errno_name(a->err));
        s->error = a->err == EADDRINUSE      ? LESSON_ERR_EADDRINUSE
                   : a->err == ECONNREFUSED ? LESSON_ERR_ECONNREFUSED
                                            : LESSON_ERR_OTHER;
    }
    s->local_port = a->local_port;
    s->peer_port = a->peer_port;
    if (a->call == CALL_ACCEPT && a->result >= 0)
        snprintf(s->detail, sizeof s->detail, "addr = ('127.0.0.1', %u)", a->peer_port);
    else if (a->call == CALL_RECV && a->result > 0)
        py_bytes(s->detail, sizeof s->detail, a->received, a->received_len, (size_t)a->result);
    else if (a->call == CALL_RECVFROM && a->result >= 0)
        recvfrom_detail(s->detail, sizeof s->detail, a);
    else if (a->call == CALL_CONNECT && a->result == 0)
        snprintf(s->detail, sizeof s->detail, "('127.0.0.1', %u)", a->local_port);
}

/* Records a finished (or just started) call as a step, then waits for the packets it caused. */
static void record(struct demo *d, struct actor *a, bool pending)
{
    struct lesson_step *s = step_log_add(&d->log);
    if (!s) {
        d->failed = 1;
        snprintf(d->err, sizeof d->err, "out of memory");
        return;
    }
    s->actor = a->who;
    s->server = a->server;
    s->call = a->call;
    s->pending = pending;
    step_args(s, a);
    if (!pending && a->result < 0 && !d->expect_failure) {
        d->failed = 1;
        char who[32];
        lesson_actor_recorded(who, sizeof who, a->who);
        int k = snprintf(d->err, sizeof d->err, "step %zu: %s %s(%s) failed: %s", d->log.count,
                         who, lesson_call_names[a->call], s->args, strerror(a->err));
        /* The port was free when the demo chose it: another program took it since. */
        if (a->server && a->err == EADDRINUSE && (a->call == CALL_BIND || a->call == CALL_LISTEN) &&
            k > 0 && (size_t)k < sizeof d->err)
            snprintf(d->err + k, sizeof d->err - (size_t)k,
                     "; another program took port %u meanwhile: run the demo again, or pick "
                     "another port with --port", d->port);
        return;
    }
    d->expect_failure = false;
    if (!pending)
        step_outcome(s, a);
    long n = wait_packets(d);
    if (n < 0) {
        d->failed = 1;
        char who[32];
        lesson_actor_recorded(who, sizeof who, a->who);
        snprintf(d->err, sizeof d->err,
                 "step %zu (%s %s): the capture saw no packet after %d s; is traffic on "
                 "loopback filtered?",
                 d->log.count, who, s->args, STEP_TIMEOUT_MS / 1000);
        return;
    }
    /* The packets counted while the step ran: demo_assign's last resort, after the run. */
    s->packets = (uint32_t)((size_t)n - d->mark);
    d->mark = (size_t)n;
}

/* Waits for an actor's call; a call still blocked after the step timeout fails the run. */
static bool wait_call(struct demo *d, struct actor *a)
{
    if (actor_wait(a, STEP_TIMEOUT_MS) == 0)
        return true;
    d->failed = 1;
    char who[32];
    lesson_actor_recorded(who, sizeof who, a->who);
    snprintf(d->err, sizeof d->err, "step %zu: %s's call did not return after %d s",
             d->log.count + 1, who, STEP_TIMEOUT_MS / 1000);
    return false;
}

/* A call that returns at once: make it, record it, collect its packets. */
void demo_call(struct demo *d, struct actor *a, enum lesson_call c, long arg, const void *data,
                 size_t len)
{
    if (d->failed)
        return;
    /* The port held since it was chosen (demo.c) is let go for the server's own bind. */
    if (c == CALL_BIND && arg == d->port && d->port_hold >= 0) {
        close(d->port_hold);
        d->port_hold = -1;
    }
    actor_begin(a, c, arg, data, len);
    if (wait_call(d, a))
        record(d, a, false);
}

/* A blocking call (accept, recv): shown when made, returns in a later step via finish(). */
void demo_begin(struct demo *d, struct actor *a, enum lesson_call c, long arg)
{
    if (d->failed)
        return;
    actor_begin(a, c, arg, NULL, 0);
    record(d, a, true);
}

void demo_finish(struct demo *d, struct actor *a)
{
    if (d->failed)
        return;
    if (wait_call(d, a))
        record(d, a, false);
}

/* ---- the lesson's common sequences ---- */

void demo_server_setup(struct demo *d, struct actor *s, int backlog)
{
    demo_call(d, s, CALL_SOCKET, 0, NULL, 0);
    demo_call(d, s, CALL_BIND, d->port, NULL, 0);
    demo_call(d, s, CALL_LISTEN, backlog, NULL, 0);
}

void demo_connect_and_accept(struct demo *d, struct actor *s, struct actor *c)
{
    demo_begin(d, s, CALL_ACCEPT, 0);
    demo_call(d, c, CALL_SOCKET, 0, NULL, 0);
    demo_call(d, c, CALL_CONNECT, d->port, NULL, 0);
    demo_finish(d, s);
}

/* Small segments, as on a small network (loopback's own would take 5000 bytes in one): the
 * server set up and accepting while the client makes its socket, caps its segments at 1000 bytes
 * (TCP_MAXSEG) and connects. */
void demo_small_mss_connect(struct demo *d, struct actor *s, struct actor *c)
{
    demo_server_setup(d, s, 1);
    demo_begin(d, s, CALL_ACCEPT, 0);
    demo_call(d, c, CALL_SOCKET, 0, NULL, 0);
    demo_call(d, c, CALL_SETSOCKOPT, 1000, NULL, 0);
    demo_call(d, c, CALL_CONNECT, d->port, NULL, 0);
    demo_finish(d, s);
}

/* One message each way: sendall on one side, recv(2048) on the other. */
void demo_send_and_recv(struct demo *d, struct actor *from, struct actor *to, const char *msg)
{
    demo_begin(d, to, CALL_RECV, 2048);
    demo_call(d, from, CALL_SENDALL, 0, msg, strlen(msg));
    demo_finish(d, to);
}
