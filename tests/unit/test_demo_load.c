/* The demo on a busy machine: every scenario runs live while other processes keep every CPU busy
 * (and the demo is stalled now and then), and every captured packet must sit under the socket
 * call that caused it. The check reads only what a user has: the recording's steps.tsv and
 * `stackscope --json` of its capture.pcap, and works out each packet's cause on its own.
 * STACKSCOPE_DEMO_LOAD_RUNS (default 2) runs of each scenario; STACKSCOPE_DEMO_LOAD_NICE sets the
 * busy loops' niceness (default 0). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

static char bin[] = STACKSCOPE_BIN;

enum { TH_FIN = 1, TH_SYN = 2, TH_RST = 4, TH_ACK = 16 };

struct chk_step {
    char call[16];
    bool pending, unconnected;
    long result;
    unsigned local_port, peer_port, packets;
};

struct chk_pkt {
    bool udp;
    double ts;
    unsigned src, dst, flags, len;
    long seq_rel, ack_rel; /* -1: none */
    size_t step;           /* the step the recording put it under */
};

#define MAX_STEPS 64
#define MAX_PKTS 256

struct chk_run {
    struct chk_step steps[MAX_STEPS];
    size_t nsteps;
    struct chk_pkt pkts[MAX_PKTS];
    size_t npkts;
};

static void parse_steps(const char *tsv, struct chk_run *r)
{
    for (const char *line = tsv; line && *line; line = strchr(line, '\n'), line += !!line) {
        if (strncmp(line, "step\t", 5))
            continue;
        const char *f[13];
        f[0] = line;
        for (int i = 1; i < 13; i++) {
            f[i] = strchr(f[i - 1], '\t');
            cr_assert(f[i], "short steps line: %.80s", line);
            f[i]++;
        }
        cr_assert_lt(r->nsteps, MAX_STEPS);
        struct chk_step *s = &r->steps[r->nsteps++];
        sscanf(f[3], "%15[^\t]", s->call);
        s->pending = f[4][0] == '1';
        s->unconnected = f[5][0] == '1';
        s->result = strtol(f[7], NULL, 10);
        s->local_port = (unsigned)strtoul(f[9], NULL, 10);
        s->peer_port = (unsigned)strtoul(f[10], NULL, 10);
        s->packets = (unsigned)strtoul(f[11], NULL, 10);
    }
}

static long json_num(const char *obj, const char *key)
{
    const char *p = strstr(obj, key);
    cr_assert(p, "no %s in %.200s", key, obj);
    p += strlen(key);
    return strncmp(p, "null", 4) ? strtol(p, NULL, 10) : -1;
}

static void parse_json(const char *json, struct chk_run *r)
{
    size_t step = 0, left = r->nsteps ? r->steps[0].packets : 0;
    for (const char *line = json; line && *line; line = strchr(line, '\n'), line += !!line) {
        cr_assert_lt(r->npkts, MAX_PKTS);
        struct chk_pkt *p = &r->pkts[r->npkts++];
        p->ts = strtod(strstr(line, "\"ts\":\"") + 6, NULL);
        const char *tcp = strstr(line, "\"tcp\":{"), *udp = strstr(line, "\"udp\":{");
        cr_assert(tcp || udp, "neither TCP nor UDP: %.200s", line);
        p->udp = !tcp;
        p->src = (unsigned)json_num(tcp ? tcp : udp, "\"src_port\":");
        p->dst = (unsigned)json_num(tcp ? tcp : udp, "\"dst_port\":");
        if (tcp) {
            p->flags = (unsigned)json_num(tcp, "\"flags\":");
            p->len = (unsigned)json_num(tcp, "\"payload_length\":");
            p->seq_rel = json_num(tcp, "\"seq_rel\":");
            p->ack_rel = json_num(tcp, "\"ack_rel\":");
        }
        while (left == 0 && step < r->nsteps) {
            step++;
            left = step < r->nsteps ? r->steps[step].packets : 0;
        }
        p->step = step; /* == nsteps: no step accounts for it */
        left -= left > 0;
    }
}

/* The step of `call` on the socket local -> peer (peer 0: any), or nsteps. */
static size_t find_step(const struct chk_run *r, const char *call, unsigned local, unsigned peer)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct chk_step *s = &r->steps[i];
        if (!s->pending && !strcmp(s->call, call) && s->local_port == local &&
            (!peer || !s->peer_port || s->peer_port == peer) &&
            !(!strcmp(call, "close") && s->unconnected))
            return i;
    }
    return r->nsteps;
}

/* The sendall on local -> peer whose bytes include data offset `off` (0 = first byte). */
static size_t sendall_with(const struct chk_run *r, unsigned local, unsigned peer, long off)
{
    long start = 0;
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct chk_step *s = &r->steps[i];
        if (s->pending || strcmp(s->call, "sendall") || s->local_port != local ||
            s->peer_port != peer || s->result <= 0)
            continue;
        if (off >= start && off < start + s->result)
            return i;
        start += s->result;
    }
    return r->nsteps;
}

/* Did an earlier packet (by arrival time) in the same direction already acknowledge as much? */
static bool ack_is_old(const struct chk_run *r, const struct chk_pkt *p)
{
    for (size_t i = 0; i < r->npkts; i++) {
        const struct chk_pkt *q = &r->pkts[i];
        if (q != p && q->src == p->src && q->dst == p->dst && q->ack_rel >= p->ack_rel &&
            (q->ts < p->ts || (q->ts == p->ts && q < p)))
            return true;
    }
    return false;
}

/* A datagram's sendto: the n-th datagram from one port to another is the n-th sendto between
 * them (UDP keeps no sequence numbers to tell them apart). */
static size_t sendto_of(const struct chk_run *r, const struct chk_pkt *p)
{
    size_t n = 0;
    for (const struct chk_pkt *q = r->pkts; q < p; q++)
        n += q->udp && q->src == p->src && q->dst == p->dst;
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct chk_step *s = &r->steps[i];
        if (!strcmp(s->call, "sendto") && s->local_port == p->src && s->peer_port == p->dst &&
            n-- == 0)
            return i;
    }
    return r->nsteps;
}

/* The step that caused p, by what p is; SIZE_MAX when any step may hold it (a window update). */
static size_t cause_of(const struct chk_run *r, const struct chk_pkt *p)
{
    if (p->udp)
        return sendto_of(r, p);
    if (p->flags & TH_SYN)
        return find_step(r, "connect", p->flags & TH_ACK ? p->dst : p->src, 0);
    if (p->flags & TH_RST)
        return find_step(r, "connect", p->dst, 0);
    if (p->len > 0)
        return sendall_with(r, p->src, p->dst, p->seq_rel - 1);
    if (p->flags & TH_FIN)
        return find_step(r, "close", p->src, p->dst);
    if (p->ack_rel < 0 || ack_is_old(r, p))
        return SIZE_MAX;
    if (p->ack_rel == 1 && find_step(r, "connect", p->src, p->dst) < r->nsteps)
        return find_step(r, "connect", p->src, p->dst); /* the handshake's last ACK */
    for (size_t i = 0; i < r->npkts; i++) {
        const struct chk_pkt *q = &r->pkts[i];
        if (q->src == p->dst && q->dst == p->src && (q->flags & TH_FIN) &&
            q->seq_rel + 1 == p->ack_rel)
            return find_step(r, "close", q->src, q->dst); /* the ACK of a FIN */
    }
    return sendall_with(r, p->dst, p->src, p->ack_rel - 2); /* the ACK of data */
}

/* Packets under a step other than the one that caused them. */
static int misplaced(const struct chk_run *r, char *why, size_t why_len)
{
    int bad = 0;
    why[0] = '\0';
    for (size_t i = 0; i < r->npkts; i++) {
        size_t want = cause_of(r, &r->pkts[i]);
        if (want == SIZE_MAX || want == r->pkts[i].step)
            continue;
        bad++;
        size_t k = strlen(why);
        snprintf(why + k, why_len - k, " packet %zu under step %zu, caused by step %zu;", i + 1,
                 r->pkts[i].step + 1, want + 1);
    }
    return bad;
}

/* The demo is also frozen for STACKSCOPE_DEMO_LOAD_STALL_MS (default 200; 0: never) at random
 * moments (SIGSTOP, SIGCONT), as on a host so overcommitted that a process waits its turn for a
 * while: a timer that ends a step while a packet waits in the capture's buffer then misplaces
 * it (busy loops alone rarely delay a waking thread that long). */
static void stall_until_exit(pid_t pid)
{
    const char *env = getenv("STACKSCOPE_DEMO_LOAD_STALL_MS");
    int ms = env ? atoi(env) : 200;
    siginfo_t info;
    while (ms > 0) {
        usleep((useconds_t)(rand() % (3 * ms / 2 + 1)) * 1000);
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0 || info.si_pid)
            return; /* it has ended: run_finish collects it */
        kill(pid, SIGSTOP);
        usleep((useconds_t)ms * 1000);
        kill(pid, SIGCONT);
    }
}

static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t len = sizeof sa;
    cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    unsigned port = ntohs(sa.sin_port);
    return port < 65534 ? port : 40000; /* port-in-use also takes the next one */
}

/* Runs one scenario live with --record and checks where its packets landed. */
static int run_and_check(char *scenario, char *why, size_t why_len)
{
    char dir[] = "/tmp/stackscope-load-XXXXXX";
    cr_assert(mkdtemp(dir));
    char rec[64], path[96];
    snprintf(rec, sizeof rec, "%s/rec", dir);
    /* A port of the kernel's choosing, not 5005: other demo tests may run at the same time, and
     * two demos that both find a port free race for it. */
    char port[16];
    snprintf(port, sizeof port, "%u", free_port());
    char *argv[] = {bin, "demo", scenario, "--port", port, "--record", rec, NULL};
    struct run_result d;
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    stall_until_exit(a.pid);
    cr_assert_eq(run_finish(&a, 0, &d), 0);
    cr_assert_eq(d.status, 0, "%s: %s", scenario, d.err);
    /* Live, not the shipped recording (another demo changing loopback makes lost-segment fall
     * back): a replay would pass without testing anything. */
    cr_assert(!strstr(d.out, "showing the recorded run"), "%s fell back: %.300s", scenario, d.out);
    snprintf(path, sizeof path, "%s/steps.tsv", rec);
    char *tsv = read_file(path, NULL);
    cr_assert(tsv);
    snprintf(path, sizeof path, "%s/capture.pcap", rec);
    char *jargv[] = {bin, "--json", "-r", path, NULL};
    struct run_result j;
    cr_assert_eq(run_program(jargv, NULL, &j), 0);
    cr_assert_eq(j.status, 0, "%s", j.err);
    static struct chk_run r;
    memset(&r, 0, sizeof r);
    parse_steps(tsv, &r);
    parse_json(j.out, &r);
    int bad = misplaced(&r, why, why_len);
    free(tsv);
    run_free(&d);
    run_free(&j);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    return bad;
}

/* ---- the load: busy loops in child processes that die with the test, whatever happens ---- */

#define MAX_SPINNERS 16
static pid_t spinners[MAX_SPINNERS];
static int n_spinners;

static void spin_start(int n, int niceness)
{
    pid_t parent = getpid();
    for (int i = 0; i < n && i < MAX_SPINNERS; i++) {
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            /* Killed with the test process even if it crashes or times out. */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(0);
            if (niceness && nice(niceness) == -1)
                _exit(0);
            for (volatile unsigned long x = 0;; x++)
                ;
        }
        spinners[n_spinners++] = pid;
    }
}

static void spin_stop(void)
{
    for (int i = 0; i < n_spinners; i++) {
        kill(spinners[i], SIGKILL);
        waitpid(spinners[i], NULL, 0);
    }
    n_spinners = 0;
}

static void setup_load(void)
{
    if (geteuid() != 0)
        cr_skip_test("the live demo needs capture rights (CI runs as root)");
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("STACKSCOPE_DEMO_LOAD_NICE"); /* the spinners' niceness */
    spin_start(cpus > 0 && cpus < 8 ? 2 * (int)cpus : 16, env ? atoi(env) : 0);
}

static int runs_per_scenario(void)
{
    const char *env = getenv("STACKSCOPE_DEMO_LOAD_RUNS");
    int n = env ? atoi(env) : 2;
    return n > 0 ? n : 2;
}

Test(demo_load, every_packet_lands_on_its_call_while_the_cpu_is_busy, .init = setup_load,
     .fini = spin_stop, .timeout = 600)
{
    static char *scenarios[] = {"exchange",     "partial-recv", "concurrent", "port-in-use",
                                "server-close", "refused",      "udp",        "http",
                                "time-wait",    "lost-segment"};
    int runs = runs_per_scenario(), total = 0;
    char why[2048], all[8192] = "";
    for (int k = 0; k < runs; k++)
        for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
            int bad = run_and_check(scenarios[i], why, sizeof why);
            if (bad) {
                size_t l = strlen(all);
                snprintf(all + l, sizeof all - l, "\n%s run %d: %d misplaced:%s", scenarios[i],
                         k + 1, bad, why);
            }
            total += bad;
        }
    fprintf(stderr, "demo_load: %d misplaced packet(s) in %d runs of each scenario%s\n", total,
            runs, all);
    cr_assert_eq(total, 0, "%s", all);
}
