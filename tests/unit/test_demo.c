/* `stackscope demo` end to end: every scenario runs live on loopback (CI runs as root) and its
 * recording shows the scenario's point; without capture rights the recorded run is shown. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

static char bin[] = STACKSCOPE_BIN;

struct recorded {
    char dir[64];
    struct run_result demo;
    char *json;  /* stackscope --json of the recorded capture */
    char *pcap;  /* its raw bytes */
    size_t pcap_len;
    char *steps; /* steps.tsv */
};

static void record(char *scenario, char *lang, struct recorded *r)
{
    if (geteuid() != 0)
        cr_skip_test("the live demo needs capture rights (CI runs as root)");
    snprintf(r->dir, sizeof r->dir, "/tmp/stackscope-demo-XXXXXX");
    cr_assert(mkdtemp(r->dir));
    char sub[96];
    snprintf(sub, sizeof sub, "%s/rec", r->dir);
    char *argv[] = {bin, "demo", scenario, "--lang", lang, "--record", sub,
                    NULL};
    cr_assert_eq(run_program(argv, NULL, &r->demo), 0);
    cr_assert_eq(r->demo.status, 0, "stderr: %s", r->demo.err);
    cr_assert_str_eq(r->demo.err, "");
    char path[128];
    snprintf(path, sizeof path, "%s/capture.pcap", sub);
    r->pcap = read_file(path, &r->pcap_len);
    cr_assert(r->pcap);
    snprintf(path, sizeof path, "%s/steps.tsv", sub);
    r->steps = read_file(path, NULL);
    cr_assert(r->steps);
    snprintf(path, sizeof path, "%s/capture.pcap", sub);
    char *jargv[] = {bin, "--json", "-r", path, NULL};
    struct run_result j;
    cr_assert_eq(run_program(jargv, NULL, &j), 0);
    cr_assert_eq(j.status, 0);
    r->json = j.out;
    free(j.err);
    /* Replaying the recording prints exactly what the live run printed. */
    char *rargv[] = {bin, "demo", scenario, "--replay", sub, "--lang", lang,
                     NULL};
    struct run_result rep;
    cr_assert_eq(run_program(rargv, NULL, &rep), 0);
    /* (A live run on a busy port says so first; the replay has no such line.) */
    const char *live = r->demo.out;
    if (!strncmp(live, "stackscope demo: port ", 22))
        live = strchr(live, '\n') + 1;
    cr_assert_str_eq(rep.out, live);
    run_free(&rep);
}

static void done(struct recorded *r)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", r->dir);
    cr_assert_eq(system(cmd), 0);
    run_free(&r->demo);
    free(r->json);
    free(r->pcap);
    free(r->steps);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* The n-th JSON line (from 1). */
static char *nth_line(const char *s, int n, char *buf, size_t len)
{
    for (int i = 1; i < n && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    cr_assert(s && *s, "no line %d", n);
    size_t k = strcspn(s, "\n");
    snprintf(buf, len, "%.*s", (int)(k < len ? k : len - 1), s);
    return buf;
}

/* Every packet the analysis finds acknowledging an earlier one (acks_frame in --json of the
 * recording) has, under its line in the walkthrough, "ACK of #N (" naming that packet. */
static void assert_ack_lines(const struct recorded *r, const char *ack_of)
{
    char line[4096];
    int acks = 0;
    for (int i = 1;; i++) {
        const char *s = r->json;
        for (int k = 1; k < i && s; k++) {
            s = strchr(s, '\n');
            s = s ? s + 1 : NULL;
        }
        if (!s || !*s)
            break;
        nth_line(r->json, i, line, sizeof line);
        const char *af = strstr(line, "\"acks_frame\":");
        char head[32], want[64];
        snprintf(head, sizeof head, "     #%d ", i);
        const char *at = strstr(r->demo.out, head);
        cr_assert(at, "no walkthrough line for packet #%d", i);
        const char *next = strstr(at + 1, "     #");
        size_t span = next ? (size_t)(next - at) : strlen(at);
        const char *found = memmem(at, span, ack_of, strlen(ack_of));
        if (!af) {
            cr_assert_null(found, "packet #%d acknowledges nothing new: %.*s", i, (int)span, at);
            continue;
        }
        snprintf(want, sizeof want, "%s%d (", ack_of, atoi(af + 13));
        cr_assert(memmem(at, span, want, strlen(want)), "packet #%d: no '%s' in %.*s", i, want,
                  (int)span, at);
        acks++;
    }
    cr_assert_gt(acks, 0);
}

/* No line wider than 80 columns, counting characters (French has accents), not bytes. */
static void assert_80_columns(const char *out)
{
    const char *line;
    cr_assert_leq(widest_line(out, &line), 80, "line too wide: %.*s", (int)strcspn(line, "\n"),
                  line);
}

Test(demo, exchange_shows_handshake_and_both_messages, .timeout = 60)
{
    struct recorded r;
    record("exchange", "en", &r);
    char line[4096];
    cr_assert(strstr(nth_line(r.json, 1, line, sizeof line), "\"flag_names\":[\"SYN\"]"));
    cr_assert(strstr(nth_line(r.json, 2, line, sizeof line), "\"flag_names\":[\"SYN\",\"ACK\"]"));
    cr_assert(strstr(nth_line(r.json, 3, line, sizeof line), "\"flag_names\":[\"ACK\"]"));
    cr_assert(memmem(r.pcap, r.pcap_len, "MessageVersServeur", 18));
    cr_assert(memmem(r.pcap, r.pcap_len, "MessageVersClient", 17));
    cr_assert(strstr(r.json, "\"payload_length\":18,"));
    cr_assert(strstr(r.json, "\"payload_length\":17,"));
    cr_assert(strstr(r.demo.out, "stackscope demo: exchange"));
    cr_assert(strstr(r.demo.out, "Going down the client's layers (encapsulation):"));
    cr_assert(strstr(r.demo.out, "Going up the server's layers (decapsulation), #"));
    cr_assert(strstr(r.demo.out, "TCP checksum 'partial'"));
    cr_assert(strstr(r.demo.out, "Ladder"));
    /* Each ACK names what it acknowledges and when; the third packet, the handshake's RTT. */
    cr_assert(strstr(r.demo.out, "\n        ACK of #1 (SYN), "));
    cr_assert(strstr(r.demo.out, "\n        ACK of #2 (SYN-ACK), "));
    cr_assert(strstr(r.demo.out, "\n        the handshake took "));
    cr_assert(strstr(r.demo.out, "\n        ACK of #4 (\"MessageVersServeur\", 18 bytes), "));
    cr_assert(strstr(r.demo.out, "\n        ACK of #6 (\"MessageVersClient\", 17 bytes), "));
    cr_assert(strstr(r.demo.out, "\n        ACK of #8 (FIN), "));
    assert_ack_lines(&r, "ACK of #");
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, partial_recv_takes_several_segments_and_recvs, .timeout = 60)
{
    struct recorded r;
    record("partial-recv", "en", &r);
    /* Data segments from the client: payload_length > 0 on packets to the server's port. */
    int data = 0;
    char line[4096], dst[32];
    unsigned port = 0;
    cr_assert_eq(sscanf(strstr(r.steps, "\nport\t") + 6, "%u", &port), 1);
    snprintf(dst, sizeof dst, "\"dst_port\":%u,", port);
    for (int i = 1; i <= 40; i++) {
        const char *s = r.json;
        int k;
        for (k = 1; k < i && s; k++) {
            s = strchr(s, '\n');
            if (s)
                s++;
        }
        if (!s || !*s)
            break;
        nth_line(r.json, i, line, sizeof line);
        if (strstr(line, dst) && !strstr(line, "\"payload_length\":0,"))
            data++;
    }
    cr_assert_geq(data, 2, "several data segments");
    cr_assert_geq(count(r.steps, "\trecv\t0\t0\t2048\t2048\t"), 2, "%s", r.steps);
    cr_assert_eq(count(r.steps, "\trecv\t0\t0\t2048\t904\t"), 1, "%s", r.steps);
    assert_ack_lines(&r, "ACK of #");
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, concurrent_has_two_client_ports_interleaved, .timeout = 60)
{
    struct recorded r;
    record("concurrent", "fr", &r);
    /* Two connections: two SYNs from two ports, and thread steps for each. */
    cr_assert_eq(count(r.json, "\"flag_names\":[\"SYN\"]"), 2);
    cr_assert(strstr(r.steps, "server thread 1"));
    cr_assert(strstr(r.steps, "server thread 2"));
    cr_assert(strstr(r.demo.out, "thread serveur 1"));
    cr_assert(strstr(r.demo.out, "Descente dans les couches du client (encapsulation)"));
    assert_ack_lines(&r, "accusé de réception du #");
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, port_in_use_fails_with_eaddrinuse_then_binds_elsewhere, .timeout = 60)
{
    struct recorded r;
    record("port-in-use", "en", &r);
    unsigned port = 0;
    cr_assert_eq(sscanf(strstr(r.steps, "\nport\t") + 6, "%u", &port), 1);
    char want[96];
    snprintf(want, sizeof want, "\tbind\t0\t0\t('', %u)\t-1\tEADDRINUSE\t", port);
    cr_assert(strstr(r.steps, want), "%s", r.steps);
    snprintf(want, sizeof want, "\tbind\t0\t0\t('', %u)\t0\t-\t", port + 1);
    cr_assert(strstr(r.steps, want), "%s", r.steps);
    cr_assert(strstr(r.demo.out, "EADDRINUSE: another socket already owns this port."));
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, server_close_sends_the_first_fin, .timeout = 60)
{
    struct recorded r;
    record("server-close", "en", &r);
    const char *fin = strstr(r.json, "\"flag_names\":[\"FIN\",\"ACK\"]");
    cr_assert(fin);
    const char *start = fin;
    while (start > r.json && start[-1] != '\n')
        start--;
    unsigned port = 0;
    cr_assert_eq(sscanf(strstr(r.steps, "\nport\t") + 6, "%u", &port), 1);
    char want[64];
    snprintf(want, sizeof want, "\"tcp\":{\"src_port\":%u,", port);
    cr_assert(strstr(start, want) && strstr(start, want) < fin,
              "the first FIN comes from the server");
    assert_ack_lines(&r, "ACK of #");
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, refused_gets_rst_and_econnrefused, .timeout = 60)
{
    struct recorded r;
    record("refused", "en", &r);
    cr_assert(strstr(r.json, "\"flag_names\":[\"RST\",\"ACK\"]"));
    cr_assert(strstr(r.steps, "\tconnect\t0\t0\t"));
    cr_assert(strstr(r.steps, "ECONNREFUSED"));
    assert_ack_lines(&r, "ACK of #");
    assert_80_columns(r.demo.out);
    done(&r);
}

Test(demo, without_capture_rights_shows_the_recorded_run, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to become an unprivileged user");
    if (access("/usr/bin/setpriv", X_OK) != 0)
        cr_skip_test("setpriv (util-linux) missing");
    struct stat st;
    if (stat(bin, &st) != 0 || !(st.st_mode & S_IXOTH))
        cr_skip_test("the build is not executable by other users");
    char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", bin, "demo", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* Within 80 columns (the path, one word, breaks the lines where its length says). */
    static const char said[] = "stackscope demo: no permission to capture on loopback (run as "
                               "root, or: setcap cap_net_raw,cap_net_admin=eip ";
    cr_assert(starts_unwrapped(r.out, said), "%s", r.out);
    assert_80_columns(r.out);
    char expected[512];
    snprintf(expected, sizeof expected, "%s/captures/expected/demo-exchange.walkthrough-en.out",
             SOURCE_DIR);
    char *want = read_file(expected, NULL);
    cr_assert(want);
    const char *body = strstr(r.out, "\n\n");
    cr_assert(body);
    cr_assert_str_eq(body + 2, want);
    free(want);
    run_free(&r);
}

/* A recording dated past 2262 (pcapng's 64-bit time): its analysis' nanoseconds overflowed
 * (UBSan stopped the replay: "signed integer overflow" in steps.c); now held at 2261, and the
 * walkthrough is the same as the recording's. editcap (Wireshark) shifts the times. */
Test(demo, a_recording_dated_past_2262_replays, .timeout = 60)
{
    if (system("command -v editcap >/dev/null") != 0)
        cr_skip_test("editcap (Wireshark) missing");
    char dir[] = "/tmp/stackscope-far-XXXXXX", cmd[1024], want[1200];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp %s/captures/demo/exchange/steps.tsv %s/ && editcap -F pcapng -t 9000000000 "
             "%s/captures/demo/exchange/capture.pcap %s/capture.pcap",
             SOURCE_DIR, dir, SOURCE_DIR, dir);
    cr_assert_eq(system(cmd), 0);
    char *argv[] = {bin, "demo", "--replay", dir, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    snprintf(want, sizeof want, "%s/capture.pcap", dir);
    unlink(want);
    snprintf(want, sizeof want, "%s/steps.tsv", dir);
    unlink(want);
    rmdir(dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "");
    cr_assert(strstr(r.out, "the handshake took 43 µs, from the SYN to this ACK"), "%s", r.out);
    cr_assert(!strstr(r.out, "ports reused"), "%s", r.out); /* the packets in their order */
    run_free(&r);
}

Test(demo, bad_arguments_are_usage_errors)
{
    struct run_result r;
    char *a1[] = {bin, "demo", "teleport", NULL};
    cr_assert_eq(run_program(a1, NULL, &r), 0);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "stackscope: demo: unknown scenario 'teleport'"));
    run_free(&r);
    /* Two scenarios: which should run would be a guess (before: the last one ran, exit 0). */
    char *a0[] = {bin, "demo", "udp", "http", NULL};
    cr_assert_eq(run_program(a0, NULL, &r), 0);
    cr_assert_eq(r.status, 2, "%s", r.out);
    cr_assert_str_eq(r.err, "stackscope: demo: two scenarios ('udp' and 'http'): give one\n");
    cr_assert_str_eq(r.out, "");
    run_free(&r);
    char *a2[] = {bin, "demo", "--lang", "de", NULL};
    cr_assert_eq(run_program(a2, NULL, &r), 0);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: option '--lang' needs en or fr, not 'de'\n");
    run_free(&r);
    char *a2b[] = {bin, "demo", "--lang=de", NULL};
    cr_assert_eq(run_program(a2b, NULL, &r), 0);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: option '--lang' needs en or fr, not 'de'\n");
    run_free(&r);
    char *a3[] = {bin, "demo", "--port", "0", NULL};
    cr_assert_eq(run_program(a3, NULL, &r), 0);
    cr_assert_eq(r.status, 2);
    run_free(&r);
    char *a4[] = {bin, "demo", "--replay", "/nonexistent", NULL};
    cr_assert_eq(run_program(a4, NULL, &r), 0);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: demo: cannot open '/nonexistent/steps.tsv': No such "
                            "file or directory\n");
    run_free(&r);
}

/* --lang=fr, as the main CLI takes it; the notices in French too, within 80 columns. */
Test(demo, lang_equals_fr_says_the_notice_in_french, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to become an unprivileged user");
    if (access("/usr/bin/setpriv", X_OK) != 0)
        cr_skip_test("setpriv (util-linux) missing");
    char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", bin, "demo", "udp", "--lang=fr", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char said[] = "stackscope demo\u00a0: pas le droit de capturer sur l'interface "
                               "loopback (lancez-la\nen root, ou\u00a0: setcap "
                               "cap_net_raw,cap_net_admin=eip";
    cr_assert(strncmp(r.out, said, sizeof said - 1) == 0, "%s", r.out);
    /* (where the notice's lines break depends on the program's path, which it names) */
    cr_assert(has_unwrapped(r.out, ")\u00a0; voici la séance enregistrée fournie avec "
                                   "stackscope.\n\nstackscope demo\u00a0: udp - "),
              "%s", r.out);
    assert_80_columns(r.out);
    run_free(&r);
}

/* Two demos started together on one port both run: the first holds the port from its check
 * to its server's bind, so the second sees it busy and takes another (before: the second's
 * listen failed, "step 3: server socket call(1) failed: Address already in use"; for udp, with
 * SO_REUSEADDR on both, both bound it and each stole the other's datagrams). */
static void two_demos_at_once(char *scenario, int type)
{
    if (geteuid() != 0)
        cr_skip_test("the live demo needs capture rights (CI runs as root)");
    char p[8];
    snprintf(p, sizeof p, "%d", free_loopback_port(type));
    char *argv[] = {bin, "demo", scenario, "--port", p, NULL};
    struct run_async a, b;
    cr_assert_eq(run_start(argv, &a), 0);
    cr_assert_eq(run_start(argv, &b), 0);
    struct run_result ra, rb;
    cr_assert_eq(run_finish(&a, 0, &ra), 0);
    cr_assert_eq(run_finish(&b, 0, &rb), 0);
    cr_expect_eq(ra.status, 0, "first: %s", ra.err);
    cr_expect_eq(rb.status, 0, "second: %s", rb.err);
    char busy[96];
    snprintf(busy, sizeof busy, "stackscope demo: port %s is busy; using free port ", p);
    cr_expect_eq(!strncmp(ra.out, busy, strlen(busy)) + !strncmp(rb.out, busy, strlen(busy)), 1,
                 "exactly one moved:\n%.200s\n%.200s", ra.out, rb.out);
    run_free(&ra);
    run_free(&rb);
}

Test(demo, two_demos_at_once_on_one_port_both_run, .timeout = 60)
{
    two_demos_at_once("exchange", SOCK_STREAM);
}

Test(demo, two_udp_demos_at_once_on_one_port_both_run, .timeout = 60)
{
    two_demos_at_once("udp", SOCK_DGRAM);
}

/* A demo claims its port for the whole run (an abstract unix name): between its server's bind
 * (SO_REUSEADDR) and listen, another demo's check of the port succeeds, so both chose it and
 * the later one's listen or bind failed ("another program took port N meanwhile"; seen once in
 * 18 runs of two_demos_at_once_on_one_port_both_run on a loaded machine). Here the claim is
 * held as a demo in that window holds it: the demo must move (before: it stayed, its check
 * passed). */
Test(demo, a_port_another_demo_claims_is_busy, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("the live demo needs capture rights (CI runs as root)");
    int port = free_loopback_port(SOCK_STREAM);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int n = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "stackscope-demo-tcp-%d", port);
    int claim = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert_eq(bind(claim, (struct sockaddr *)&sa,
                      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n)), 0);
    char p[8];
    snprintf(p, sizeof p, "%d", port);
    char *argv[] = {bin, "demo", "exchange", "--port", p, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    close(claim);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char busy[96];
    snprintf(busy, sizeof busy, "stackscope demo: port %d is busy; using free port ", port);
    cr_assert(!strncmp(r.out, busy, strlen(busy)), "%.300s", r.out);
    run_free(&r);
}
