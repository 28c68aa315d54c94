/* `stackscope demo lost-segment` and partial-recv with segmentation offload off: live on
 * loopback (root), asserted on the wire by tshark reading the recording; the machine (nftables,
 * lo's offload) as found after a normal run, after SIGINT, SIGTERM and SIGKILL mid-run; the one
 * line said without nftables or without the right to change loopback; and the step barrier's
 * tie of a late retransmission to the sendall whose bytes it carries (pure). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netcfg.h"
#include "run.h"
#include "steps.h"

static char bin[] = STACKSCOPE_BIN;

/* ---- the machine's state, as nft and ethtool print it ---- */

/* A tool's path (run_program takes a path, not a name), in buf; NULL when not installed. */
static char *tool(const char *name, char *buf, size_t n)
{
    static const char *const dirs[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin",
                                       "/usr/local/sbin", "/usr/local/bin"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(buf, n, "%s/%s", dirs[i], name);
        if (access(buf, X_OK) == 0)
            return buf;
    }
    return NULL;
}

static char nft_bin[64], ethtool_bin[64], tshark_bin[64], rm_bin[64], setpriv_bin[64];

static char *output_of(char *const argv[])
{
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0, "cannot run %s", argv[0]);
    cr_assert_eq(r.status, 0, "%s: %s", argv[0], r.err);
    free(r.err);
    return r.out;
}

struct machine {
    char *tables, *offload;
};

static void machine_now(struct machine *m)
{
    char *nft[] = {nft_bin, "list", "tables", NULL};
    char *eth[] = {ethtool_bin, "-k", "lo", NULL};
    m->tables = output_of(nft);
    m->offload = output_of(eth);
}

static void machine_free(struct machine *m)
{
    free(m->tables);
    free(m->offload);
}

/* The machine is as `before` found it (polled for up to `wait_ms`: the guardian acts after the
 * demo has died). */
static void assert_machine_as(const struct machine *before, int wait_ms)
{
    struct machine now;
    for (int waited = 0;; waited += 50) {
        machine_now(&now);
        if ((!strcmp(now.tables, before->tables) && !strcmp(now.offload, before->offload)) ||
            waited >= wait_ms)
            break;
        machine_free(&now);
        nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    }
    cr_expect_str_eq(now.tables, before->tables, "an nftables table is left");
    cr_expect_str_eq(now.offload, before->offload, "lo's offload differs from before");
    machine_free(&now);
}

/* ---- putting the machine back after each test, even one that failed ---- */

/* lo's tso, gso and gro as ethtool -k prints them ("on", "off"), saved before each test. */
static char saved_offload[3][4];
static const char *const offload_line[3] = {"tcp-segmentation-offload: ",
                                            "generic-segmentation-offload: ",
                                            "generic-receive-offload: "};

static void save_machine(void)
{
    if (geteuid() != 0 || !tool("ethtool", ethtool_bin, sizeof ethtool_bin))
        return;
    char *eth[] = {ethtool_bin, "-k", "lo", NULL};
    char *out = output_of(eth);
    for (int i = 0; i < 3; i++) {
        const char *p = strstr(out, offload_line[i]);
        snprintf(saved_offload[i], sizeof saved_offload[i], "%s",
                 p && !strncmp(p + strlen(offload_line[i]), "on", 2) ? "on" : "off");
    }
    free(out);
}

/* Deletes every table inet stackscope_demo_<pid> whose demo is gone (a running demo, another
 * test's, keeps its own), puts lo's offload back as saved, then checks both. */
static void put_machine_back(void)
{
    if (geteuid() != 0 || !saved_offload[0][0] || !tool("nft", nft_bin, sizeof nft_bin))
        return;
    char *list[] = {nft_bin, "list", "tables", NULL};
    char *tables = output_of(list);
    static const char prefix[] = "table inet stackscope_demo_";
    for (char *p = tables; (p = strstr(p, prefix)); p++) {
        long pid = strtol(p + strlen(prefix), NULL, 10);
        if (pid > 0 && kill((pid_t)pid, 0) == 0)
            continue;
        char name[64];
        snprintf(name, sizeof name, "stackscope_demo_%ld", pid);
        char *del[] = {nft_bin, "delete", "table", "inet", name, NULL};
        free(output_of(del));
    }
    free(tables);
    char *set[] = {ethtool_bin, "-K", "lo", "tso", saved_offload[0], "gso", saved_offload[1],
                   "gro", saved_offload[2], NULL};
    struct run_result r;
    if (run_program(set, NULL, &r) == 0)
        run_free(&r); /* (status 1 when nothing changes: ethtool's "no change" ) */
    tables = output_of(list);
    cr_expect(!strstr(tables, prefix), "a demo's table is left: %s", tables);
    free(tables);
    char *eth[] = {ethtool_bin, "-k", "lo", NULL};
    char *out = output_of(eth);
    for (int i = 0; i < 3; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s%s", offload_line[i], saved_offload[i]);
        cr_expect(strstr(out, want), "lo's offload not put back: no %s in %s", want, out);
    }
    free(out);
}

TestSuite(demo_loss, .init = save_machine, .fini = put_machine_back);

static void need_live(void)
{
    if (geteuid() != 0)
        cr_skip_test("the live demo needs root (capture, nftables, offload)");
    if (!tool("nft", nft_bin, sizeof nft_bin) ||
        !tool("ethtool", ethtool_bin, sizeof ethtool_bin) ||
        !tool("tshark", tshark_bin, sizeof tshark_bin) || !tool("rm", rm_bin, sizeof rm_bin))
        cr_skip_test("nft, ethtool or tshark missing (scripts/install-deps --test)");
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* tshark's fields for the frames the display filter keeps, one line each. */
static char *tshark(char *pcap, char *filter, char *field)
{
    char *argv[] = {tshark_bin, "-n", "-r", pcap, "-Y", filter, "-T", "fields", "-e",
                    field, NULL};
    return output_of(argv);
}

static int lines(const char *s)
{
    return count(s, "\n");
}

/* ---- lost-segment, live ---- */

struct live {
    char dir[64], rec[96], pcap[128];
    struct run_result demo;
    char *steps;
};

static void run_live(struct live *l, char *scenario, char *lang)
{
    snprintf(l->dir, sizeof l->dir, "/tmp/stackscope-loss-XXXXXX");
    cr_assert(mkdtemp(l->dir));
    snprintf(l->rec, sizeof l->rec, "%s/rec", l->dir);
    char port[16];
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_STREAM));
    char *argv[] = {bin, "demo", scenario, "--port", port, "--lang", lang, "--record", l->rec,
                    NULL};
    cr_assert_eq(run_program(argv, NULL, &l->demo), 0);
    cr_assert_eq(l->demo.status, 0, "stderr: %s", l->demo.err);
    cr_assert_str_eq(l->demo.err, "");
    snprintf(l->pcap, sizeof l->pcap, "%s/capture.pcap", l->rec);
    /* Replaying the recording prints exactly what the live run printed. */
    char *rargv[] = {bin, "demo", scenario, "--replay", l->rec, "--lang", lang, NULL};
    struct run_result rep;
    cr_assert_eq(run_program(rargv, NULL, &rep), 0);
    cr_assert_str_eq(rep.out, l->demo.out);
    run_free(&rep);
    char path[128];
    snprintf(path, sizeof path, "%s/steps.tsv", l->rec);
    l->steps = read_file(path, NULL);
    cr_assert(l->steps);
}

static void live_done(struct live *l)
{
    char *argv[] = {rm_bin, "-rf", l->dir, NULL};
    free(output_of(argv));
    run_free(&l->demo);
    free(l->steps);
}

/* The bytes the scenario sends: "001 MessageVersServeur\n002 ..." (scenario_lost.c). */
static void pattern(char *dst, size_t n)
{
    size_t k = 0;
    for (unsigned i = 1; k < n; i++) {
        char line[40];
        int w = snprintf(line, sizeof line, "%03u MessageVersServeur\n", i);
        for (int j = 0; j < w && k < n; j++)
            dst[k++] = line[j];
    }
}

/* The recv detail of steps.tsv as coordinator.c writes it: b'...' of the first 24 bytes. */
static void py_bytes(char *dst, size_t n, const char *p, size_t len)
{
    size_t k = (size_t)snprintf(dst, n, "b'");
    for (size_t i = 0; i < len && i < 24; i++)
        k += (size_t)(p[i] == '\n' ? snprintf(dst + k, n - k, "\\x0a")
                                   : snprintf(dst + k, n - k, "%c", p[i]));
    snprintf(dst + k, n - k, "...'");
}

Test(demo_loss, lost_segment_is_sent_again_and_read_in_order, .timeout = 90)
{
    need_live();
    struct machine before;
    machine_now(&before);
    struct live l;
    run_live(&l, "lost-segment", "en");
    assert_machine_as(&before, 0);
    /* On the wire: the original, duplicate ACKs carrying SACK blocks, the retransmission. */
    char *retx = tshark(l.pcap, "tcp.analysis.retransmission or tcp.analysis.fast_retransmission",
                        "tcp.seq");
    char *dups = tshark(l.pcap, "tcp.analysis.duplicate_ack and tcp.options.sack_le",
                        "frame.number");
    char *orig = tshark(l.pcap, "tcp.len == 988 and not tcp.analysis.retransmission and "
                                "not tcp.analysis.fast_retransmission",
                        "tcp.seq");
    cr_assert_eq(lines(retx), 1, "one retransmission: %s", retx);
    cr_assert_geq(lines(dups), 1, "duplicate ACKs with SACK: %s", dups);
    cr_assert(strstr(orig, retx), "the retransmission repeats a captured original (%s in %s)",
              retx, orig);
    cr_assert_str_eq(retx, "989\n", "the second segment (bytes 989-1976) is the one lost");
    /* The server's recv() calls return the bytes in order: 2048, 2048, 904, each beginning
     * where the last ended. */
    static char sent[5000];
    pattern(sent, sizeof sent);
    const size_t at[] = {0, 2048, 4096}, got[] = {2048, 2048, 904};
    const char *p = l.steps;
    for (int i = 0; i < 3; i++) {
        char want[160], field[40];
        snprintf(field, sizeof field, "\trecv\t0\t0\t2048\t%zu\t", got[i]);
        p = strstr(p, field);
        cr_assert(p, "recv #%d returned %zu bytes: %s", i + 1, got[i], l.steps);
        py_bytes(want, sizeof want, sent + at[i], got[i]);
        const char *eol = strchr(p, '\n');
        cr_assert(strstr(p, want) && strstr(p, want) < eol, "recv #%d: no %s in %.*s", i + 1,
                  want, (int)(eol - p), p);
        p = eol;
    }
    /* The walkthrough tells it, and ties the retransmission into the first recv. */
    cr_assert(strstr(l.demo.out, "What became of the lost segment:"), "%s", l.demo.out);
    /* The retransmission's own line: what it repeats and how many duplicate ACKs asked. */
    static const char retx_line[] =
        "\n        fast retransmission of #5: the peer asked again for byte 989 in ";
    const char *rl = strstr(l.demo.out, retx_line);
    cr_assert(rl, "%s", l.demo.out);
    char *after;
    long asked = strtol(rl + strlen(retx_line), &after, 10);
    cr_assert(asked >= 1 && asked <= 4 && *after == '\n', "%.100s", rl);
    cr_assert(strstr(l.demo.out, "recv() read bytes 1–2048 of the client's stream: all of #4 (988\n"
                                 "          bytes), all of #"),
              "%s", l.demo.out);
    free(retx);
    free(dups);
    free(orig);
    live_done(&l);
    machine_free(&before);
}

/* `said` for a signal the demo was started with ignored (nohup): it runs to its end. */
static const char IGNORED_AT_START[] = "";

/* Starts the demo, waits until its table is there and lo's TSO is off, then sends sig. */
static void interrupted(int sig, const char *said)
{
    bool ignored = said == IGNORED_AT_START;
    need_live();
    struct machine before;
    machine_now(&before);
    char port[16];
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_STREAM));
    char *argv[] = {bin, "demo", "lost-segment", "--port", port, NULL};
    struct run_async a;
    if (ignored)
        signal(sig, SIG_IGN); /* inherited through fork and exec, as nohup does it */
    cr_assert_eq(run_start(argv, &a), 0);
    signal(sig, SIG_DFL);
    char table[64];
    snprintf(table, sizeof table, "stackscope_demo_%d", a.pid);
    bool changed = false;
    for (int i = 0; i < 200 && !changed; i++) {
        struct machine now;
        machine_now(&now);
        /* (The aggregate tcp-segmentation-offload line may stay on: newer kernels have
         * sub-features the legacy TSO switch leaves alone, tx-tcp-accecn-segmentation.) */
        changed = strstr(now.tables, table) && strstr(now.offload, "\ttx-tcp-segmentation: off") &&
                  strstr(now.offload, "generic-segmentation-offload: off");
        machine_free(&now);
        if (!changed)
            nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
    }
    struct run_result r;
    cr_assert_eq(run_finish(&a, sig, &r), 0);
    cr_assert(changed, "the demo never changed the machine: %s", r.err);
    cr_expect_eq(r.status, ignored ? 0 : 128 + sig, "stdout: %s\nstderr: %s", r.out, r.err);
    if (ignored) {
        cr_expect_str_eq(r.err, "");
        cr_expect(strstr(r.out, "What became of the lost segment:"), "%s", r.out);
    } else if (said)
        cr_expect(strstr(r.err, said), "stderr: %s", r.err);
    /* The demo itself puts it back before it ends; after SIGKILL, the guardian does. */
    assert_machine_as(&before, said ? 0 : 3000);
    run_free(&r);
    machine_free(&before);
}

Test(demo_loss, sigint_mid_run_puts_loopback_back, .timeout = 60)
{
    interrupted(SIGINT, "interrupted; loopback put back as found.");
}

Test(demo_loss, sigterm_mid_run_puts_loopback_back, .timeout = 60)
{
    interrupted(SIGTERM, "interrupted; loopback put back as found.");
}

Test(demo_loss, sighup_mid_run_puts_loopback_back, .timeout = 60)
{
    interrupted(SIGHUP, "interrupted; loopback put back as found.");
}

Test(demo_loss, sigkill_mid_run_the_guardian_puts_loopback_back, .timeout = 60)
{
    interrupted(SIGKILL, NULL);
}

/* ---- without nftables, without the right ---- */

Test(demo_loss, without_nft_says_so_in_one_line_and_shows_the_recording, .timeout = 60)
{
    need_live();
    struct machine before;
    machine_now(&before);
    char port[16];
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_STREAM));
    char dir[] = "/tmp/stackscope-nonft-XXXXXX", out[64], err[64];
    cr_assert(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    /* nft hidden in a mount namespace of a child's own: /dev/null over it. */
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        static const char *const nfts[] = {"/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft",
                                           "/usr/local/sbin/nft"};
        if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            _exit(90);
        for (size_t i = 0; i < sizeof nfts / sizeof nfts[0]; i++)
            if (access(nfts[i], F_OK) == 0 && mount("/dev/null", nfts[i], NULL, MS_BIND, NULL) < 0)
                _exit(91);
        if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(92);
        char *argv[] = {bin, "demo", "lost-segment", "--port", port, NULL};
        execv(bin, argv);
        _exit(93);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    struct run_result r = {.out = read_file(out, NULL), .err = read_file(err, NULL)};
    cr_assert(r.out && r.err);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s", st, r.err);
    unlink(out);
    unlink(err);
    rmdir(dir);
    cr_assert(starts_unwrapped(r.out, "stackscope demo: nft not found: install nftables; showing "
                                      "the recorded run that comes with stackscope.\n\n"
                                      "stackscope demo: lost-segment - "),
              "%s", r.out);
    assert_machine_as(&before, 0);
    run_free(&r);
    machine_free(&before);
}

/* Runs the demo (argv), which shows the recording after saying `said` (its start), with the
 * machine as found. */
static void falls_back_saying(char *const argv[], const char *said, const struct machine *before)
{
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(starts_unwrapped(r.out, said), "%s", r.out);
    assert_machine_as(before, 0);
    run_free(&r);
}

Test(demo_loss, without_the_right_to_change_loopback_says_so, .timeout = 60)
{
    need_live();
    if (!tool("setpriv", setpriv_bin, sizeof setpriv_bin))
        cr_skip_test("setpriv (util-linux) missing");
    struct machine before;
    machine_now(&before);
    char port[16];
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_STREAM));
    /* Root that may capture (CAP_NET_RAW) but not change the network (no CAP_NET_ADMIN). */
    char *argv[] = {setpriv_bin, "--bounding-set=-net_admin", "--inh-caps=-net_admin",
                    bin, "demo", "lost-segment", "--port", port, NULL};
    falls_back_saying(argv, "stackscope demo: no permission to change loopback (ethtool -K lo "
                            "tso off: EPERM); showing the recorded run that comes with "
                            "stackscope.\n\nstackscope demo: lost-segment - ", &before);
    machine_free(&before);
}

Test(demo_loss, while_another_demo_changes_loopback_says_so, .timeout = 60)
{
    need_live();
    struct machine before;
    machine_now(&before);
    /* Hold the demos' lock (netcfg.h: root's file in /run, flock'ed), as a running demo does. */
    int fd = open(NETCFG_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    cr_assert_geq(fd, 0, "%s", strerror(errno));
    cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0, "%s", strerror(errno));
    char port[16];
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_STREAM));
    char *argv[] = {bin, "demo", "lost-segment", "--port", port, NULL};
    falls_back_saying(argv, "stackscope demo: another stackscope demo is changing loopback now; "
                            "showing the recorded run that comes with stackscope.\n\n"
                            "stackscope demo: lost-segment - ", &before);
    close(fd);
    machine_free(&before);
}

/* Another user holding what was the demos' lock before (the abstract unix name
 * "\0stackscope-demo-lo") or trying root's lock file does not stop root's demo. */
Test(demo_loss, an_unprivileged_user_cannot_block_the_demo, .timeout = 90)
{
    need_live();
    struct machine before;
    machine_now(&before);
    int ready[2], stop[2];
    cr_assert_eq(pipe2(ready, O_CLOEXEC), 0); /* only this test and nobody's side hold them */
    cr_assert_eq(pipe2(stop, O_CLOEXEC), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) { /* nobody: what any user can do */
        close(ready[0]);
        close(stop[1]);
        if (setgid(65534) < 0 || setuid(65534) < 0)
            _exit(90);
        static const char name[] = "stackscope-demo-lo";
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        memcpy(sa.sun_path + 1, name, strlen(name));
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (bind(fd, (struct sockaddr *)&sa,
                 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name))) < 0)
            _exit(91);
        int lock = open(NETCFG_LOCK, O_RDONLY);
        if (lock >= 0 && flock(lock, LOCK_SH | LOCK_NB) == 0)
            _exit(92); /* nobody may not hold root's lock */
        if (write(ready[1], "r", 1) != 1)
            _exit(93);
        char c;
        if (read(stop[0], &c, 1) < 0)
            _exit(94);
        _exit(0);
    }
    close(ready[1]);
    close(stop[0]);
    char c = 0;
    if (read(ready[0], &c, 1) != 1) {
        int st;
        waitpid(pid, &st, 0);
        cr_assert_fail("nobody's side failed before the demo: status %d", st);
    }
    struct live l;
    run_live(&l, "lost-segment", "en");
    close(stop[1]);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nobody's side: status %d", st);
    cr_assert(!strncmp(l.demo.out, "stackscope demo: lost-segment - ", 32), "%.300s", l.demo.out);
    cr_assert(strstr(l.demo.out, "What became of the lost segment:"), "%s", l.demo.out);
    assert_machine_as(&before, 0);
    live_done(&l);
    machine_free(&before);
}

/* nohup's SIGHUP, ignored when the demo starts, stays ignored: the run goes on to its end. */
Test(demo_loss, an_ignored_sighup_stays_ignored, .timeout = 90)
{
    interrupted(SIGHUP, IGNORED_AT_START);
}

/* ---- partial-recv: one packet per segment ---- */

Test(demo_loss, partial_recv_sees_each_segment_as_its_own_packet, .timeout = 90)
{
    need_live();
    struct machine before;
    machine_now(&before);
    struct live l;
    run_live(&l, "partial-recv", "en");
    assert_machine_as(&before, 0);
    /* 5000 bytes in segments of 988 (MSS 1000 less the timestamps' 12): five, then 60. */
    char *lens = tshark(l.pcap, "tcp.len > 0", "tcp.len");
    cr_assert_str_eq(lens, "988\n988\n988\n988\n988\n60\n17\n");
    cr_assert_eq(count(l.demo.out, "This packet is longer than the segment size"), 0);
    cr_assert(strstr(l.demo.out, "recv() read bytes 1–2048 of the client's stream: all of #4 (988\n"
                                 "          bytes), all of #5 (988 bytes) and the first 72 bytes "
                                 "of #6.\n"),
              "%s", l.demo.out);
    free(lens);
    live_done(&l);
    machine_free(&before);
}

/* ---- the step barrier: a late retransmission belongs to its sendall (pure) ---- */

#define CP 40000
#define SP 5005
#define ISN 7000u

static struct demo_seg seg(bool from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                           uint32_t len, size_t arrived_in)
{
    return (struct demo_seg){.tcp = true, .src_port = from_client ? CP : SP,
                             .dst_port = from_client ? SP : CP, .flags = flags, .seq = seq,
                             .ack = ack, .payload_len = len, .arrived_in = arrived_in};
}

Test(demo_loss, a_late_retransmission_and_its_ack_belong_to_the_sendall)
{
    struct lesson_step st[3] = {
        {.call = CALL_CONNECT, .local_port = CP, .peer_port = SP},
        {.call = CALL_SENDALL, .result = 5000, .local_port = CP, .peer_port = SP},
        {.call = CALL_RECV, .server = true, .result = 2048, .local_port = SP,
         .peer_port = CP},
    };
    struct demo_seg g[16];
    size_t n = 0, step_of[16];
    const uint32_t c = ISN + 1, s = 90001;
    g[n++] = seg(true, TCP_SYN, ISN, 0, 0, 0);
    g[n++] = seg(false, TCP_SYN | TCP_ACK, s - 1, c, 0, 0);
    g[n++] = seg(true, TCP_ACK, c, s, 0, 0);
    for (uint32_t k = 0; k < 5; k++) /* #4..#8; #5 (k = 1) is the one lost */
        g[n++] = seg(true, TCP_ACK, c + k * 988, s, 988, 1);
    g[n++] = seg(false, TCP_ACK, s, c + 988, 0, 1); /* the ACK of #4 */
    for (int k = 0; k < 3; k++)                     /* the duplicate ACKs */
        g[n++] = seg(false, TCP_ACK, s, c + 988, 0, 1);
    g[n++] = seg(true, TCP_ACK | TCP_PSH, c + 4940, s, 60, 1);
    /* Until the retransmission's ACK, the sendall still waits for its answer. */
    demo_match(st, 2, g, n, step_of);
    cr_assert_eq(demo_step_needs(st, 1, g, n, step_of), STEP_NEEDS_ANSWER);
    /* The retransmission and the ACK of everything come late (RTO): while the recv runs. */
    size_t retx = n;
    g[n++] = seg(true, TCP_ACK, c + 988, s, 988, 2);
    size_t final = n;
    g[n++] = seg(false, TCP_ACK, s, c + 5000, 0, 2);
    demo_match(st, 3, g, n, step_of);
    cr_assert_eq(step_of[retx], 1, "the retransmission carries the sendall's bytes 989-1976");
    cr_assert_eq(step_of[final], 1, "the ACK of byte 5000 answers the sendall");
    for (size_t i = 9; i < 12; i++)
        cr_assert_eq(step_of[i], 1, "duplicate ACK %zu stays where it came", i);
    cr_assert_eq(demo_step_needs(st, 1, g, n, step_of), STEP_NEEDS_NOTHING);
}
