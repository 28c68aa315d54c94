/* demo.c - `stackscope demo`: the lesson's scenarios run for real on loopback (coordinator.c
 * makes the calls, scenarios.c says which), the packets captured while they happen, then the
 * walkthrough printed and the page written. Without capture rights, the recorded run is shown. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coordinator.h"
#include "netcfg.h"
#include "stackscope/demo.h"
#include "stackscope/flow.h"
#include "stackscope/html.h"
#include "stackscope/out_file.h"
#include "stackscope/outbuf.h"
#include "stackscope/print.h"

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

static int bind_any(int fd, uint16_t port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    return bind(fd, (struct sockaddr *)&sa, sizeof sa);
}

/* Is this port free for the demo's server of this type? Tested as the server binds: a TCP one
 * with SO_REUSEADDR (a connection in TIME-WAIT does not make the port busy), a UDP one without
 * (for UDP the option would share the port with a student's server that set it too). */
static bool port_free(uint16_t port, int type)
{
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    int one = 1;
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bool ok = fd >= 0 && bind_any(fd, port) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Holds a free port until the server binds it (coordinator.c closes the hold just before):
 * bound without SO_REUSEADDR, it makes another demo's hold and port_free() fail meanwhile, so
 * two demos started together do not both choose it. -1 when it cannot be held: the port is
 * busy, or a connection in TIME-WAIT on it refuses a bind without the option (then the port is
 * only checked, and two demos started together may still meet there). */
static int hold_port(uint16_t port, int type)
{
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd >= 0 && bind_any(fd, port) < 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Claims the port among demos for the whole run: an abstract unix socket name, which only one
 * process can hold and which goes with it. The hold alone leaves a window: the server binds with
 * SO_REUSEADDR, and until it listens another demo's port_free() (a bind with the option too)
 * succeeds, so both would choose the port and the later listen fail. -1 when another demo (or
 * anyone squatting the name) has it: the port then counts as busy, and the demo moves. */
static int claim_port(uint16_t port, int type)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int n = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "stackscope-demo-%s-%u",
                     type == SOCK_DGRAM ? "udp" : "tcp", (unsigned)port);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa,
                        (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n)) < 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* A port nobody uses for this type of socket: one the kernel picks, then gives back. */
static uint16_t pick_free_port(int type)
{
    int fd = socket(AF_INET, type, 0);
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

static void run_scenario(struct demo *d, enum lesson_scenario id)
{
    const struct demo_scenario *sc = &demo_scenarios[id];
    struct demo_cast cast;
    struct actor *const actors[] = {&cast.server,  &cast.client,  &cast.client2,
                                     &cast.thread1, &cast.thread2, &cast.server2};
    const struct lesson_actor who[] = {
        {LESSON_ACTOR_SERVER, 0},        {LESSON_ACTOR_CLIENT, sc->two_clients ? 1 : 0},
        {LESSON_ACTOR_CLIENT, 2},        {LESSON_ACTOR_SERVER_THREAD, 1},
        {LESSON_ACTOR_SERVER_THREAD, 2}, {LESSON_ACTOR_SECOND_SERVER, 0}};
    size_t started = 0;
    for (; started < sizeof actors / sizeof actors[0]; started++)
        if (actor_start(actors[started], who[started]) < 0) {
            d->failed = 1;
            char name[32];
            lesson_actor_recorded(name, sizeof name, who[started]);
            snprintf(d->err, sizeof d->err, "cannot start the %s's thread: %s", name,
                     strerror(errno));
            break;
        }
    if (!d->failed)
        sc->run(d, &cast);
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
static int run_live(struct demo *d, enum lesson_scenario id, struct capture *cap)
{
    struct capture_thread ct = {.d = d, .cap = cap};
    char filter[64];
    snprintf(filter, sizeof filter, "%s port %u", demo_scenarios[id].udp ? "udp" : "tcp",
             d->port);
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
    run_scenario(d, id);
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
                                 .lang = text->lang, .title = title,
                                 .name = d->log.scenario};
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

static void print_usage(FILE *f)
{
    fputs("usage: stackscope demo [SCENARIO] [--port N] [--lang en|fr] [--record DIR]\n"
          "                       [--replay DIR] [--html FILE] [--color=auto|always|never]\n"
          "scenarios:",
          f);
    int col = 10;
    for (int i = 0; i < SCENARIO_COUNT_; i++) {
        const char *name = lesson_scenarios[i].name;
        int w = (int)strlen(name) + (i == 0 ? 11 : 1) + (i + 1 < SCENARIO_COUNT_);
        if (col + w + 1 > 80) {
            fputs("\n          ", f);
            col = 10;
        }
        col += fprintf(f, " %s%s%s", name, i == 0 ? " (default)" : "",
                       i + 1 < SCENARIO_COUNT_ ? "," : "");
    }
    fputs("\nWithout capture rights, the recorded run built into stackscope is shown.\n"
          "  --record DIR  save the run: DIR/capture.pcap and DIR/steps.tsv. To make it the\n"
          "                recording built in, save it as captures/demo/SCENARIO in the\n"
          "                source tree and build stackscope again.\n"
          "  --replay DIR  show a run saved with --record\n",
          f);
}

struct demo_opts {
    enum lesson_scenario scenario;
    const char *record_dir, *replay_dir, *html_path;
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
        if (strcmp(val, "en") && strcmp(val, "fr")) { /* the main CLI's words (options.c) */
            fprintf(stderr, "stackscope: option '--lang' needs en or fr, not '%s'\n", val);
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

static bool takes_value(const char *a, size_t len)
{
    static const char *const valued[] = {"--port", "--lang", "--record", "--replay", "--html"};
    for (size_t i = 0; i < sizeof valued / sizeof valued[0]; i++)
        if (strlen(valued[i]) == len && !strncmp(a, valued[i], len))
            return true;
    return false;
}

/* Parses demo's arguments (argv[0] is "demo"). Returns -1 to go on, else the exit status. */
/* The scenario's name; -1 after a usage error (unknown, or a second one: which of the two
 * should run would be a guess). *given: the one named before, if any. */
static int scenario_arg(const char *a, struct demo_opts *o, const char **given)
{
    int id = lesson_scenario_find(a);
    if (id < 0) {
        fprintf(stderr, "stackscope: demo: unknown scenario '%s' (one of:", a);
        for (int k = 0; k < SCENARIO_COUNT_; k++)
            fprintf(stderr, "%s %s", k ? "," : "", lesson_scenarios[k].name);
        fputs(")\n", stderr);
        return -1;
    }
    if (*given) {
        fprintf(stderr, "stackscope: demo: two scenarios ('%s' and '%s'): give one\n", *given,
                a);
        return -1;
    }
    *given = a;
    o->scenario = (enum lesson_scenario)id;
    return 0;
}

static int parse_args(int argc, char **argv, struct demo_opts *o)
{
    const char *scenario_given = NULL;
    *o = (struct demo_opts){.scenario = SCENARIO_EXCHANGE, .text = &lesson_text_en, .port = 5005,
                            .color = "auto"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            print_usage(stdout);
            return 0;
        } else if (val && takes_value(a, strlen(a))) {
            if (parse_valued(a, val, o))
                return 2;
            i++;
        } else if (!strncmp(a, "--", 2) && strchr(a, '=') &&
                   takes_value(a, (size_t)(strchr(a, '=') - a))) { /* --lang=fr, as the main CLI */
            char name[16];
            snprintf(name, sizeof name, "%.*s", (int)(strchr(a, '=') - a), a);
            if (parse_valued(name, strchr(a, '=') + 1, o))
                return 2;
        } else if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9)) {
            o->color = strchr(a, '=') + 1;
            if (strcmp(o->color, "auto") && strcmp(o->color, "always") &&
                strcmp(o->color, "never")) {
                fprintf(stderr, "stackscope: demo: --color: '%s' is not auto, always or never\n",
                        o->color);
                return 2;
            }
        } else if (a[0] != '-') {
            if (scenario_arg(a, o, &scenario_given) < 0)
                return 2;
        } else {
            fprintf(stderr, "stackscope: demo: unknown option '%s' (see stackscope demo --help)\n",
                    a);
            return 2;
        }
    }
    return -1;
}

/* One of the demo's notices on stdout, in its language, "stackscope demo: " first, wrapped at
 * 80 columns (the walkthrough follows with write(2): nothing stays in stdio's buffer). */
static void notice(const struct lesson_text *text, enum lesson_msg m, ...)
{
    char said[4400], line[4500];
    va_list ap;
    va_start(ap, m);
    vsnprintf(said, sizeof said, text->msg[m], ap);
    va_end(ap);
    snprintf(line, sizeof line, text->msg[MSG_NOTICE_LINE], said);
    fflush(stdout);
    static char storage[1024];
    struct outbuf ob;
    outbuf_init_fd(&ob, STDOUT_FILENO, storage, sizeof storage);
    print_wrap(&ob, line, strlen(line), 0, 0);
    ob_putc(&ob, '\n');
    outbuf_flush(&ob);
}

/* The port of a live run: the refused scenario needs one where nobody listens, the others a
 * free one (port-in-use two), else the kernel picks one and the user is told. A server's port
 * is held in d->port_hold until it binds it. */
static uint16_t choose_port(struct demo *d, const struct demo_opts *o)
{
    long port = o->port;
    const struct demo_scenario *sc = &demo_scenarios[o->scenario];
    int type = sc->udp ? SOCK_DGRAM : SOCK_STREAM; /* a UDP server may hold the port */
    if (sc->closed_port) {
        if (!o->port_given || !port_free((uint16_t)port, type))
            port = pick_free_port(type);
        return (uint16_t)port;
    }
    /* Held at once, the check and the hold one bind: no other demo can slip between them.
     * Only when it cannot be held is the port checked as the server will bind it. */
    d->port_claim = claim_port((uint16_t)port, type);
    d->port_hold = hold_port((uint16_t)port, type);
    if (d->port_claim < 0 || (d->port_hold < 0 && !port_free((uint16_t)port, type)) ||
        (sc->two_ports && !port_free((uint16_t)(port + 1), type))) {
        if (d->port_hold >= 0)
            close(d->port_hold);
        if (d->port_claim >= 0)
            close(d->port_claim);
        long busy = port;
        port = pick_free_port(type);
        d->port_claim = claim_port((uint16_t)port, type);
        d->port_hold = hold_port((uint16_t)port, type);
        notice(o->text, MSG_NOTICE_PORT_BUSY, (unsigned)busy, (unsigned)port);
    }
    return (uint16_t)port;
}

/* Says why the live run is not shown and that the recording built into the program is. */
static void fall_back(const char *why, const struct demo_opts *o, bool *recorded)
{
    notice(o->text, MSG_NOTICE_RECORDED, why);
    if (write(STDOUT_FILENO, "\n", 1) < 0) {
        /* the walkthrough's own write says it */
    }
    *recorded = true;
}

/* Why loopback could not be changed, in the demo's language (detail: netcfg's err). */
static void netcfg_why(const struct lesson_text *text, enum netcfg_status st, const char *detail,
                       char *why, size_t n)
{
    enum lesson_msg m = st == NETCFG_NO_RIGHTS ? MSG_NOTICE_LO_NO_RIGHTS
                        : st == NETCFG_NO_NFT  ? MSG_NOTICE_NO_NFT
                        : st == NETCFG_BUSY    ? MSG_NOTICE_LO_BUSY
                                               : MSG_NOTICE_LO_FAILED;
    snprintf(why, n, text->msg[m], detail);
}

/* Where segments matter, loopback is changed for the run (netcfg.c): offload off and, for
 * lost-segment, the rule that drops one segment. Returns 0 to run live (when only offload could
 * not change, one line says so), or 2 when the run needs what could not be done (why says it). */
static int change_loopback(const struct demo *d, const struct demo_opts *o, struct netcfg *nc,
                           char *why, size_t n)
{
    const struct demo_scenario *sc = &demo_scenarios[o->scenario];
    char detail[400] = "";
    enum netcfg_status st = netcfg_begin(nc, o->text, sc->drop_one, detail, sizeof detail);
    if (st == NETCFG_OK)
        st = netcfg_offload_off(nc, detail, sizeof detail);
    if (st == NETCFG_OK && sc->drop_one)
        st = netcfg_drop_once(nc, d->port, demo_lost_segment, detail, sizeof detail);
    if (st == NETCFG_OK)
        return 0;
    netcfg_why(o->text, st, detail, why, n);
    if (sc->drop_one)
        return 2;
    notice(o->text, MSG_NOTICE_OFFLOAD_ON, why);
    return 0;
}

/* Runs the scenario live. Without capture rights (or, for lost-segment, without nftables or the
 * right to change loopback), says so and sets *recorded: the built-in recording is shown.
 * Returns 0, or 1 after printing why the run failed. */
static int run_or_fall_back(struct demo *d, const struct demo_opts *o, bool *recorded)
{
    /* Capture rights first: without them the recorded run is shown, whatever the port. */
    const struct demo_scenario *sc = &demo_scenarios[o->scenario];
    struct capture *cap = NULL;
    struct netcfg nc;
    char why[CAPTURE_ERRBUF_SIZE];
    int rc = open_loopback(d, &cap);
    if (rc == 0) {
        d->port = choose_port(d, o);
        d->log.port = d->port;
        if (sc->segments && change_loopback(d, o, &nc, why, sizeof why) == 2) {
            char cerr[CAPTURE_ERRBUF_SIZE];
            capture_close(cap, cerr);
            rc = 3;
        } else {
            rc = run_live(d, o->scenario, cap);
        }
        /* Whatever happened, loopback is put back before anything else is done. */
        if (d->port_hold >= 0) /* a run that failed before its server's bind */
            close(d->port_hold);
        if (d->port_claim >= 0)
            close(d->port_claim);
        d->port_hold = d->port_claim = -1;
        if (sc->segments && netcfg_restore(&nc, why, sizeof why) < 0) {
            fprintf(stderr, "stackscope: demo: loopback NOT put back as found: %s\n", why);
            return 1;
        }
    }
    if (rc == 2) {
        char self[4096], line[4200];
        program_path(self, sizeof self);
        snprintf(line, sizeof line, o->text->msg[MSG_NOTICE_NO_CAPTURE], self);
        fall_back(line, o, recorded);
        return 0;
    }
    if (rc == 3) {
        fall_back(why, o, recorded);
        return 0;
    }
    if (rc == 1)
        fprintf(stderr, "stackscope: demo: %s\n", d->err);
    return rc;
}

/* Reads the recording in dir (--replay), else the scenario's built into the program, in place
 * of whatever the run holds. */
static int replay(struct demo *d, const char *dir, const char *scenario)
{
    step_log_free(&d->log);
    packet_store_free(&d->store);
    memset(&d->log, 0, sizeof d->log);
    const struct demo_recording *rec = dir ? NULL : demo_recording_find(scenario);
    if (!dir && !rec) {
        fprintf(stderr, "stackscope: demo: no recording of %s is built into this stackscope "
                        "(record one into captures/demo/%s/ and build again)\n",
                scenario, scenario);
        return 1;
    }
    if ((dir ? recording_read(dir, &d->log, &d->store, d->err)
             : recording_read_builtin(rec, &d->log, &d->store, d->err)) < 0) {
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
    d.port_hold = d.port_claim = -1;
    demo_barrier_init(&d.barrier, &d.store);
    snprintf(d.log.scenario, sizeof d.log.scenario, "%s", lesson_scenarios[o.scenario].name);
    bool recorded = false; /* the live run could not be: the built-in recording is shown */
    status = o.replay_dir ? 0 : run_or_fall_back(&d, &o, &recorded);
    if (status == 0 && (o.replay_dir || recorded))
        status = replay(&d, o.replay_dir, lesson_scenarios[o.scenario].name);
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
