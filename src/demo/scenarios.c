/* scenarios.c - `stackscope demo`: the lesson's scenarios run for real on loopback, each socket
 * call made by a server or client thread when the coordinator says so, and the packets each call
 * caused captured before the next call starts. Then the walkthrough is printed. */
#define _GNU_SOURCE /* strerrorname_np */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actors.h"
#include "stackscope/capture.h"
#include "stackscope/demo.h"
#include "stackscope/flow.h"
#include "stackscope/html.h"
#include "stackscope/lesson.h"
#include "stackscope/out_file.h"
#include "stackscope/outbuf.h"
#include "stackscope/print.h"
#include "steps.h"

#define STEP_TIMEOUT_MS 5000 /* a packet that never comes ends the demo after this */
/* How long a step waits for the peer's ACK of what it sent (a delayed ACK takes up to 200 ms).
 * It only paces the run: an ACK that comes later is still tied to its call by what it acks. */
#define ANSWER_WAIT_MS 1000
#define QUIET_MS 40 /* then a step waits for this much silence, for packets no rule names */

static const char *const scenario_names[] = {"exchange", "partial-recv", "concurrent",
                                             "port-in-use", "server-close", "refused"};

static const char message_to_server[] = "MessageVersServeur";
static const char message_to_client[] = "MessageVersClient";

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
    int failed;  /* set when a step's packets never came */
    char err[CAPTURE_ERRBUF_SIZE];
};

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
    case CALL_SOCKET: snprintf(s->args, sizeof s->args, "AF_INET, SOCK_STREAM"); break;
    case CALL_SETSOCKOPT:
        snprintf(s->args, sizeof s->args, "IPPROTO_TCP, TCP_MAXSEG, %ld", a->arg);
        break;
    case CALL_BIND: snprintf(s->args, sizeof s->args, "('', %ld)", a->arg); break;
    case CALL_LISTEN: snprintf(s->args, sizeof s->args, "%ld", a->arg); break;
    case CALL_CONNECT: snprintf(s->args, sizeof s->args, "('127.0.0.1', %ld)", a->arg); break;
    case CALL_SENDALL: py_bytes(s->args, sizeof s->args, a->data, a->len, a->len); break;
    case CALL_RECV: snprintf(s->args, sizeof s->args, "%ld", a->arg); break;
    case CALL_CLOSE: s->unconnected = a->arg != 0 || a->peer_port == 0; break;
    default: break;
    }
}

/* What a finished call returned. */
static void step_outcome(struct lesson_step *s, const struct actor *a)
{
    s->result = a->result;
    if (a->result < 0)
        snprintf(s->err, sizeof s->err, "%s", errno_name(a->err));
    s->local_port = a->local_port;
    s->peer_port = a->peer_port;
    if (a->call == CALL_ACCEPT && a->result >= 0)
        snprintf(s->detail, sizeof s->detail, "addr = ('127.0.0.1', %u)", a->peer_port);
    else if (a->call == CALL_RECV && a->result > 0)
        py_bytes(s->detail, sizeof s->detail, a->received, a->received_len, (size_t)a->result);
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
    snprintf(s->actor, sizeof s->actor, "%s", a->name);
    s->server = a->server;
    s->call = a->call;
    s->pending = pending;
    step_args(s, a);
    if (!pending && a->result < 0 && !d->expect_failure) {
        d->failed = 1;
        snprintf(d->err, sizeof d->err, "step %zu: %s %s(%s) failed: %s", d->log.count, a->name,
                 a->call == CALL_CONNECT ? "connect" : a->call == CALL_BIND ? "bind" : "socket call",
                 s->args, strerror(a->err));
        return;
    }
    d->expect_failure = false;
    if (!pending)
        step_outcome(s, a);
    long n = wait_packets(d);
    if (n < 0) {
        d->failed = 1;
        snprintf(d->err, sizeof d->err,
                 "step %zu (%s %s): the capture saw no packet after %d s; is traffic on "
                 "loopback filtered?",
                 d->log.count, a->name, s->args, STEP_TIMEOUT_MS / 1000);
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
    snprintf(d->err, sizeof d->err, "step %zu: %s's call did not return after %d s",
             d->log.count + 1, a->name, STEP_TIMEOUT_MS / 1000);
    return false;
}

/* A call that returns at once: make it, record it, collect its packets. */
static void call(struct demo *d, struct actor *a, enum lesson_call c, long arg, const void *data,
                 size_t len)
{
    if (d->failed)
        return;
    actor_begin(a, c, arg, data, len);
    if (wait_call(d, a))
        record(d, a, false);
}

/* A blocking call (accept, recv): shown when made, returns in a later step via finish(). */
static void begin(struct demo *d, struct actor *a, enum lesson_call c, long arg)
{
    if (d->failed)
        return;
    actor_begin(a, c, arg, NULL, 0);
    record(d, a, true);
}

static void finish(struct demo *d, struct actor *a)
{
    if (d->failed)
        return;
    if (wait_call(d, a))
        record(d, a, false);
}

/* ---- the scenarios: the calls of the lesson, in order ---- */

static void server_setup(struct demo *d, struct actor *s, int backlog)
{
    call(d, s, CALL_SOCKET, 0, NULL, 0);
    call(d, s, CALL_BIND, d->port, NULL, 0);
    call(d, s, CALL_LISTEN, backlog, NULL, 0);
}

static void connect_and_accept(struct demo *d, struct actor *s, struct actor *c)
{
    begin(d, s, CALL_ACCEPT, 0);
    call(d, c, CALL_SOCKET, 0, NULL, 0);
    call(d, c, CALL_CONNECT, d->port, NULL, 0);
    finish(d, s);
}

/* One message each way: sendall on one side, recv(2048) on the other. */
static void send_and_recv(struct demo *d, struct actor *from, struct actor *to, const char *msg)
{
    begin(d, to, CALL_RECV, 2048);
    call(d, from, CALL_SENDALL, 0, msg, strlen(msg));
    finish(d, to);
}

static void scenario_exchange(struct demo *d, struct actor *s, struct actor *c, bool server_first)
{
    server_setup(d, s, 1);
    connect_and_accept(d, s, c);
    send_and_recv(d, c, s, message_to_server);
    send_and_recv(d, s, c, message_to_client);
    if (!server_first) {
        call(d, c, CALL_CLOSE, 0, NULL, 0);
        call(d, s, CALL_CLOSE, 0, NULL, 0);
    } else {
        call(d, s, CALL_CLOSE, 0, NULL, 0);
        call(d, c, CALL_RECV, 2048, NULL, 0); /* returns 0: the server is gone */
        call(d, c, CALL_CLOSE, 0, NULL, 0);
    }
    call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_partial_recv(struct demo *d, struct actor *s, struct actor *c)
{
    static char big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = message_to_server[i % (sizeof message_to_server - 1)];
    server_setup(d, s, 1);
    begin(d, s, CALL_ACCEPT, 0);
    call(d, c, CALL_SOCKET, 0, NULL, 0);
    /* Small segments, as on a small network (loopback's own would take 5000 bytes in one). */
    call(d, c, CALL_SETSOCKOPT, 1000, NULL, 0);
    call(d, c, CALL_CONNECT, d->port, NULL, 0);
    finish(d, s);
    call(d, c, CALL_SENDALL, 0, big, sizeof big);
    /* Everything has arrived; each recv(2048) takes at most 2048 of it. */
    for (int i = 0; i < 3; i++)
        call(d, s, CALL_RECV, 2048, NULL, 0);
    send_and_recv(d, s, c, message_to_client);
    call(d, c, CALL_CLOSE, 0, NULL, 0);
    call(d, s, CALL_CLOSE, 0, NULL, 0);
    call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_concurrent(struct demo *d, struct actor *s, struct actor *c1,
                                struct actor *c2, struct actor *t1, struct actor *t2)
{
    server_setup(d, s, 2);
    /* Each accepted socket goes to its own thread, as a threaded server does. */
    connect_and_accept(d, s, c1);
    if (!d->failed)
        actor_hand_over(s, t1);
    connect_and_accept(d, s, c2);
    if (!d->failed)
        actor_hand_over(s, t2);
    begin(d, t1, CALL_RECV, 2048);
    begin(d, t2, CALL_RECV, 2048);
    call(d, c1, CALL_SENDALL, 0, message_to_server, strlen(message_to_server));
    call(d, c2, CALL_SENDALL, 0, message_to_server, strlen(message_to_server));
    finish(d, t1);
    finish(d, t2);
    begin(d, c1, CALL_RECV, 2048);
    begin(d, c2, CALL_RECV, 2048);
    call(d, t1, CALL_SENDALL, 0, message_to_client, strlen(message_to_client));
    call(d, t2, CALL_SENDALL, 0, message_to_client, strlen(message_to_client));
    finish(d, c1);
    finish(d, c2);
    call(d, c1, CALL_CLOSE, 0, NULL, 0);
    call(d, c2, CALL_CLOSE, 0, NULL, 0);
    call(d, t1, CALL_CLOSE, 0, NULL, 0);
    call(d, t2, CALL_CLOSE, 0, NULL, 0);
    call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_port_in_use(struct demo *d, struct actor *s, struct actor *s2)
{
    server_setup(d, s, 1);
    /* A second program (no SO_REUSEPORT) on the same port: the kernel says no. */
    call(d, s2, CALL_SOCKET, 0, NULL, 0);
    d->expect_failure = true;
    call(d, s2, CALL_BIND, d->port, NULL, 0);
    call(d, s2, CALL_BIND, d->port + 1, NULL, 0);
    call(d, s2, CALL_CLOSE, 0, NULL, 0);
    call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_refused(struct demo *d, struct actor *c)
{
    call(d, c, CALL_SOCKET, 0, NULL, 0);
    d->expect_failure = true;
    call(d, c, CALL_CONNECT, d->port, NULL, 0); /* SYN, then the RST */
    call(d, c, CALL_CLOSE, 0, NULL, 0);
}

/* ---- capture ---- */

struct capture_thread {
    struct capture *cap;
    struct demo *d;
    pthread_t thread;
    int rc;
    char err[CAPTURE_ERRBUF_SIZE];
};

static bool on_demo_packet(void *user, const struct capture_packet *p)
{
    struct capture_thread *ct = user;
    return demo_barrier_add(&ct->d->barrier, p) == 0;
}

static void *capture_main(void *arg)
{
    struct capture_thread *ct = arg;
    ct->rc = capture_loop(ct->cap, 0, on_demo_packet, ct, ct->err);
    return NULL;
}

/* Is this port free for a listening socket? */
static bool port_free(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    bool ok = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

/* A port nobody listens on: one the kernel picks, then gives back. */
static uint16_t pick_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    socklen_t len = sizeof sa;
    uint16_t port = 0;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    close(fd);
    return port;
}

static void run_scenario(struct demo *d, const char *name)
{
    struct actor s, c, c2, t1, t2, s2;
    bool two_clients = !strcmp(name, "concurrent");
    struct actor *const actors[] = {&s, &c, &c2, &t1, &t2, &s2};
    const char *const names[] = {"server",          two_clients ? "client 1" : "client",
                                 "client 2",        "server thread 1",
                                 "server thread 2", "second server"};
    const bool server_side[] = {true, false, false, true, true, true};
    size_t started = 0;
    for (; started < sizeof actors / sizeof actors[0]; started++)
        if (actor_start(actors[started], names[started], server_side[started]) < 0) {
            d->failed = 1;
            snprintf(d->err, sizeof d->err, "cannot start the %s's thread: %s", names[started],
                     strerror(errno));
            break;
        }
    if (!d->failed) {
        if (!strcmp(name, "exchange"))
            scenario_exchange(d, &s, &c, false);
        else if (!strcmp(name, "server-close"))
            scenario_exchange(d, &s, &c, true);
        else if (!strcmp(name, "partial-recv"))
            scenario_partial_recv(d, &s, &c);
        else if (two_clients)
            scenario_concurrent(d, &s, &c, &c2, &t1, &t2);
        else if (!strcmp(name, "port-in-use"))
            scenario_port_in_use(d, &s, &s2);
        else
            scenario_refused(d, &c);
    }
    for (size_t i = 0; i < started; i++)
        actor_stop(actors[i]);
}

/* Opens loopback for the demo. Returns 0, 1 (failure, message in d->err), or 2 when capturing
 * is not permitted here (the caller replays the recording instead). */
static int open_loopback(struct demo *d, struct capture **cap)
{
    struct capture_live_opts lo = {.snaplen = 262144, .timeout_ms = 20, .immediate = true};
    enum capture_error why;
    if (capture_open_live(cap, "lo", &lo, d->err, &why) < 0)
        return why == CAPTURE_ERR_PERMISSION ? 2 : 1;
    /* Not root but given cap_net_raw,cap_net_admin with setcap: the open device is all they
     * were for, so none is kept while the scenario runs and its packets are decoded. (Root
     * keeps its rights here for the page and the recording; it decodes in a child as nobody.) */
    if (geteuid() != 0 && capture_drop_privileges("nobody", d->err) < 0) {
        char cerr[CAPTURE_ERRBUF_SIZE];
        capture_close(*cap, cerr);
        return 1;
    }
    return 0;
}

/* Runs the scenario live on an open capture of loopback, which it closes. */
static int run_live(struct demo *d, const char *name, struct capture *cap)
{
    struct capture_thread ct = {.d = d, .cap = cap};
    char filter[64];
    snprintf(filter, sizeof filter, "tcp port %u", d->port);
    if (capture_set_filter(ct.cap, filter, d->err) < 0) {
        capture_close(ct.cap, d->err);
        return 1;
    }
    d->store.linktype = capture_linktype(ct.cap);
    /* The handle is active: from now on the kernel queues every matching packet for it, so no
     * traffic can be missed once the capture thread starts reading. */
    int rc = pthread_create(&ct.thread, NULL, capture_main, &ct);
    if (rc != 0) {
        snprintf(d->err, sizeof d->err, "cannot start the capture thread: %s", strerror(rc));
        capture_close(ct.cap, ct.err);
        return 1;
    }
    run_scenario(d, name);
    capture_break(ct.cap);
    pthread_join(ct.thread, NULL);
    char cerr[CAPTURE_ERRBUF_SIZE];
    capture_close(ct.cap, cerr);
    if (ct.rc < 0 && !d->failed) {
        snprintf(d->err, sizeof d->err, "capture on lo: %.400s", ct.err);
        return 1;
    }
    return d->failed ? 1 : 0;
}

/* Where the shipped recordings are: $STACKSCOPE_CAPTURES, else captures/ beside the build's
 * source tree. */
static void recordings_dir(char *dst, size_t n, const char *scenario)
{
    const char *env = getenv("STACKSCOPE_CAPTURES");
    snprintf(dst, n, "%s/demo/%s", env && *env ? env : STACKSCOPE_SOURCE_DIR "/captures",
             scenario);
}

/* Decodes the stored packets, prints the walkthrough, and writes the page to html_fd if asked
 * (html_path names it in messages). */
static int render(const struct demo *d, const struct lesson_text *text, bool color,
                  const char *html_path, int html_fd)
{
    struct lesson_packet *lp = calloc(d->store.count + 1, sizeof *lp);
    struct flow_table *flows = malloc(sizeof *flows);
    if (!lp || !flows) {
        free(lp);
        free(flows);
        fprintf(stderr, "stackscope: demo: out of memory\n");
        return 1;
    }
    flow_table_init(flows);
    for (size_t i = 0; i < d->store.count; i++) {
        const struct capture_packet *p = &d->store.pkts[i];
        decode_packet(&lp[i].pkt, d->store.linktype, p->data, p->caplen, p->len);
        flow_update(flows, &lp[i].pkt, &lp[i].flow);
        lp[i].frame = (struct print_frame){.number = i + 1, .ts_sec = p->ts_sec,
                                           .ts_usec = p->ts_usec};
    }
    if (demo_analyse(lp, d->store.count) < 0) {
        free(lp);
        free(flows);
        fprintf(stderr, "stackscope: demo: out of memory\n");
        return 1;
    }
    struct lesson_run run = {.scenario = d->log.scenario, .port = d->log.port,
                             .steps = d->log.steps, .step_count = d->log.count,
                             .packets = lp, .packet_count = d->store.count};
    static char storage[1 << 16];
    struct outbuf ob;
    outbuf_init_fd(&ob, STDOUT_FILENO, storage, sizeof storage);
    struct print_opts po = {.mode = PRINT_LINE, .color = color};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    print_walkthrough(&ctx, &ob, &run, text);
    outbuf_flush(&ob);
    int status = 0;
    if (html_path) {
        char title[96], err[CAPTURE_ERRBUF_SIZE];
        snprintf(title, sizeof title, "stackscope demo: %s", d->log.scenario);
        struct html_page page = {.run = &run, .texts = {&lesson_text_en, &lesson_text_fr},
                                 .lang = text->lang, .title = title};
        if (print_html_fd(html_fd, html_path, &page, err, sizeof err) < 0) {
            fprintf(stderr, "stackscope: demo: %s\n", err);
            status = 1;
        }
    }
    free(lp);
    free(flows);
    if (ob.error && ob.error != EPIPE) {
        fprintf(stderr, "stackscope: demo: writing the output: %s\n", strerror(ob.error));
        return 1;
    }
    return status;
}

/* Renders with the packets decoded by an unprivileged process: as root (a live run, or a replay
 * started as root), a child drops to `nobody` first, as a live capture does before it decodes;
 * the parent keeps the rights to create and rename the page's file. */
static int render_safely(const struct demo *d, const struct lesson_text *text, bool color,
                         const char *html_path)
{
    char err[CAPTURE_ERRBUF_SIZE];
    struct out_file page;
    int fd = -1;
    if (html_path && out_file_open(&page, html_path, 0, err, sizeof err) < 0) {
        fprintf(stderr, "stackscope: demo: %s\n", err);
        return 1;
    }
    if (html_path) {
        fd = page.fd;
        html_path = page.shown; /* as messages show it */
    }
    int rc;
    if (geteuid() != 0) {
        rc = render(d, text, color, html_path, fd);
    } else {
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "stackscope: demo: fork: %s\n", strerror(errno));
            rc = 1;
        } else if (pid == 0) {
            if (capture_drop_privileges("nobody", err) < 0) {
                fprintf(stderr, "stackscope: demo: %s\n", err);
                _exit(1);
            }
            _exit(render(d, text, color, html_path, fd));
        } else {
            int st;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
        }
    }
    if (fd >= 0 && out_file_commit(&page, rc == 0, err, sizeof err) < 0) {
        fprintf(stderr, "stackscope: demo: %s\n", err);
        rc = 1;
    }
    return rc;
}

/* The running program's path, for the setcap hint. (demo_main's argv starts at "demo": the
 * program's own argv[0] is not in it.) */
static void program_path(char *dst, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", dst, n - 1);
    if (k <= 0 || (size_t)k >= n - 1) { /* unreadable, or cut short */
        snprintf(dst, n, "stackscope");
        return;
    }
    dst[k] = '\0';
}

const struct lesson_text *demo_text(const char *lang)
{
    return lang && !strcmp(lang, "fr") ? &lesson_text_fr : &lesson_text_en;
}

static const char demo_usage[] =
    "usage: stackscope demo [SCENARIO] [--port N] [--lang en|fr] [--record DIR] [--replay DIR]\n"
    "                       [--html FILE] [--color=auto|always|never]\n"
    "scenarios: exchange (default), partial-recv, concurrent, port-in-use, server-close,\n"
    "           refused\n";

struct demo_opts {
    const char *scenario, *record_dir, *replay_dir, *html_path;
    const struct lesson_text *text;
    long port;
    bool port_given;
    const char *color; /* auto, always, never */
};

/* One option that takes a value (argv[*i + 1], which exists); 2 when the value is wrong. */
static int parse_valued(const char *a, const char *val, struct demo_opts *o)
{
    if (!strcmp(a, "--port")) {
        char *end;
        o->port = strtol(val, &end, 10);
        if (*end || o->port < 1 || o->port > 65534) {
            fprintf(stderr, "stackscope: demo: --port: '%s' is not a port from 1 to 65534\n", val);
            return 2;
        }
        o->port_given = true;
    } else if (!strcmp(a, "--lang")) {
        if (strcmp(val, "en") && strcmp(val, "fr")) {
            fprintf(stderr, "stackscope: demo: --lang: '%s' is not en or fr\n", val);
            return 2;
        }
        o->text = demo_text(val);
    } else if (!strcmp(a, "--record")) {
        o->record_dir = val;
    } else if (!strcmp(a, "--replay")) {
        o->replay_dir = val;
    } else {
        o->html_path = val;
    }
    return 0;
}

/* Parses demo's arguments (argv[0] is "demo"). Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct demo_opts *o)
{
    *o = (struct demo_opts){.scenario = "exchange", .text = &lesson_text_en, .port = 5005,
                            .color = "auto"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(demo_usage, stdout);
            return 0;
        } else if (val && (!strcmp(a, "--port") || !strcmp(a, "--lang") ||
                           !strcmp(a, "--record") || !strcmp(a, "--replay") ||
                           !strcmp(a, "--html"))) {
            if (parse_valued(a, val, o))
                return 2;
            i++;
        } else if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9)) {
            o->color = strchr(a, '=') + 1;
            if (strcmp(o->color, "auto") && strcmp(o->color, "always") &&
                strcmp(o->color, "never")) {
                fprintf(stderr, "stackscope: demo: --color: '%s' is not auto, always or never\n",
                        o->color);
                return 2;
            }
        } else if (a[0] != '-') {
            bool known = false;
            for (size_t k = 0; k < sizeof scenario_names / sizeof scenario_names[0]; k++)
                known |= !strcmp(a, scenario_names[k]);
            if (!known) {
                fprintf(stderr, "stackscope: demo: unknown scenario '%s' (one of: exchange, "
                                "partial-recv, concurrent, port-in-use, server-close, refused)\n",
                        a);
                return 2;
            }
            o->scenario = a;
        } else {
            fprintf(stderr, "stackscope: demo: unknown option '%s' (see stackscope demo --help)\n",
                    a);
            return 2;
        }
    }
    return -1;
}

/* The port of a live run: the refused scenario needs one where nobody listens, the others a
 * free one (port-in-use two), else the kernel picks one and the user is told. */
static uint16_t choose_port(const struct demo_opts *o)
{
    long port = o->port;
    if (!strcmp(o->scenario, "refused")) {
        if (!o->port_given || !port_free((uint16_t)port))
            port = pick_free_port();
    } else if (!port_free((uint16_t)port) ||
               (!strcmp(o->scenario, "port-in-use") && !port_free((uint16_t)(port + 1)))) {
        long busy = port;
        port = pick_free_port();
        printf("stackscope demo: port %ld is busy; using free port %ld instead.\n", busy, port);
        fflush(stdout); /* the walkthrough goes out with write(2), after this line */
    }
    return (uint16_t)port;
}

/* Runs the scenario live. Without capture rights, says so and points *replay_dir at the shipped
 * recording (in dir). Returns 0, or 1 after printing why the run failed. */
static int run_or_fall_back(struct demo *d, const struct demo_opts *o, const char **replay_dir,
                            char *dir, size_t dir_len)
{
    /* Capture rights first: without them the recorded run is shown, whatever the port. */
    struct capture *cap = NULL;
    int rc = open_loopback(d, &cap);
    if (rc == 0) {
        d->port = choose_port(o);
        d->log.port = d->port;
        rc = run_live(d, o->scenario, cap);
    }
    if (rc == 2) {
        char self[4096];
        program_path(self, sizeof self);
        recordings_dir(dir, dir_len, o->scenario);
        printf("stackscope demo: no permission to capture on loopback (run as root, or: "
               "setcap cap_net_raw,cap_net_admin=eip %s); showing the recorded run from %s.\n\n",
               self, dir);
        fflush(stdout);
        *replay_dir = dir;
        return 0;
    }
    if (rc == 1)
        fprintf(stderr, "stackscope: demo: %s\n", d->err);
    return rc;
}

/* Reads the recording in dir in place of whatever the run holds. */
static int replay(struct demo *d, const char *dir)
{
    step_log_free(&d->log);
    packet_store_free(&d->store);
    memset(&d->log, 0, sizeof d->log);
    if (recording_read(dir, &d->log, &d->store, d->err) < 0) {
        fprintf(stderr, "stackscope: demo: %s\n", d->err);
        return 1;
    }
    return 0;
}

int demo_main(int argc, char **argv)
{
    struct demo_opts o;
    int status = parse_args(argc, argv, &o);
    if (status >= 0)
        return status;
    const char *no_color = getenv("NO_COLOR");
    bool use_color = !strcmp(o.color, "always") || (!strcmp(o.color, "auto") &&
                                                    isatty(STDOUT_FILENO) &&
                                                    !(no_color && *no_color));
    struct demo d;
    memset(&d, 0, sizeof d);
    demo_barrier_init(&d.barrier, &d.store);
    snprintf(d.log.scenario, sizeof d.log.scenario, "%s", o.scenario);
    char dir[256];
    const char *replay_dir = o.replay_dir;
    status = replay_dir ? 0 : run_or_fall_back(&d, &o, &replay_dir, dir, sizeof dir);
    if (status == 0 && replay_dir)
        status = replay(&d, replay_dir);
    /* Each packet under the call that caused it, by what it is. */
    if (status == 0 && demo_assign(&d.log, &d.store) < 0) {
        fprintf(stderr, "stackscope: demo: out of memory\n");
        status = 1;
    }
    if (status == 0 && o.record_dir &&
        recording_write(o.record_dir, &d.log, &d.store, d.err) < 0) {
        fprintf(stderr, "stackscope: demo: %s\n", d.err);
        status = 1;
    }
    if (status == 0)
        status = render_safely(&d, o.text, use_color, o.html_path);
    step_log_free(&d.log);
    packet_store_free(&d.store);
    demo_barrier_destroy(&d.barrier);
    free(d.segs);
    free(d.step_of);
    return status;
}
