/* `stackscope demo udp` (SOCK_DGRAM): live on loopback (as root), the recording holds the two
 * datagrams and nothing of TCP, as tshark reads it; the walkthrough says what UDP does not do;
 * without capture rights the recorded run is shown; datagrams are tied to their sendto. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "steps.h"

static char bin[] = STACKSCOPE_BIN;

struct udp_run {
    char dir[64], rec[96], pcap[128], port[8];
    struct run_result demo;
};

/* Runs the udp scenario live on a port of its own, recording it. */
static void run_live(struct udp_run *r, char *lang)
{
    if (geteuid() != 0) cr_skip_test("the live demo needs capture rights (CI runs as root)");
    int port = free_loopback_port(SOCK_DGRAM);
    cr_assert_gt(port, 0);
    snprintf(r->port, sizeof r->port, "%d", port);
    snprintf(r->dir, sizeof r->dir, "/tmp/stackscope-udp-XXXXXX");
    cr_assert(mkdtemp(r->dir));
    snprintf(r->rec, sizeof r->rec, "%s/rec", r->dir);
    snprintf(r->pcap, sizeof r->pcap, "%s/capture.pcap", r->rec);
    char *argv[] = {bin,      "demo", "udp",      "--port", r->port,
                    "--lang", lang,   "--record", r->rec,   NULL};
    cr_assert_eq(run_program(argv, NULL, &r->demo), 0);
    cr_assert_eq(r->demo.status, 0, "stderr: %s", r->demo.err);
    cr_assert_str_eq(r->demo.err, "");
}

static void run_done(struct udp_run *r)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", r->dir);
    cr_assert_eq(system(cmd), 0);
    run_free(&r->demo);
}

static char *tshark(char *pcap, char *fields)
{
    if (access("/usr/bin/tshark", X_OK) != 0) cr_skip_test("tshark missing");
    char *argv[] = {"/usr/bin/tshark",
                    "-n",
                    "-r",
                    pcap,
                    "-T",
                    "fields",
                    "-E",
                    "separator=/t",
                    "-e",
                    "frame.protocols",
                    "-e",
                    fields,
                    "-e",
                    "udp.srcport",
                    "-e",
                    "udp.dstport",
                    NULL};
    struct run_result t;
    cr_assert_eq(run_program(argv, NULL, &t), 0);
    cr_assert_eq(t.status, 0, "%s", t.err);
    free(t.err);
    return t.out;
}

Test(demo_udp, live_the_wire_holds_two_datagrams_and_no_tcp, .timeout = 60)
{
    struct udp_run r;
    run_live(&r, "en");
    char *got = tshark(r.pcap, "data.data");
    /* MessageVersServeur to the server's port, then MessageVersClient back from it. */
    char client[8];
    const char *first_src = strchr(strchr(got, '\t') + 1, '\t') + 1;
    snprintf(client, sizeof client, "%.*s", (int)strcspn(first_src, "\t"), first_src);
    char want[512];
    snprintf(want, sizeof want,
             "eth:ethertype:ip:udp:data\t4d6573736167655665727353657276657572\t%s\t%s\n"
             "eth:ethertype:ip:udp:data\t4d65737361676556657273436c69656e74\t%s\t%s\n",
             client, r.port, r.port, client);
    cr_assert_str_eq(got, want);
    cr_assert_null(strstr(got, "tcp"));
    free(got);
    run_done(&r);
}

/* The step lines of the walkthrough as the lesson's Python writes the calls, and what is not
 * there said plainly; the replay prints what the live run printed. */
Test(demo_udp, live_walkthrough_says_what_is_not_there, .timeout = 60)
{
    struct udp_run r;
    run_live(&r, "en");
    const char *out = r.demo.out;
    char want[256];
    snprintf(want, sizeof want, "sendto(b'MessageVersServeur', ('127.0.0.1', %s)) -> 18", r.port);
    cr_assert(strstr(out, want), "%s", out);
    cr_assert(strstr(out, "recvfrom(2048) -> 18 bytes\n"), "%s", out);
    cr_assert(strstr(out, "     (b'MessageVersServeur', ('127.0.0.1', "), "%s", out);
    snprintf(want, sizeof want, "     (b'MessageVersClient', ('127.0.0.1', %s))\n", r.port);
    cr_assert(strstr(out, want), "%s", out);
    /* Two datagrams, no third packet, no connection's calls. */
    cr_assert(strstr(out, "     #1 client > server UDP "), "%s", out);
    cr_assert(strstr(out, "     #2 server > client UDP "), "%s", out);
    cr_assert_null(strstr(out, "     #3 "));
    cr_assert_null(strstr(out, " listen(1) -> "));
    cr_assert_null(strstr(out, " accept() -> "));
    cr_assert_null(strstr(out, " connect(('127.0.0.1', "));
    cr_assert(strstr(out, "          UDP adds    + 8 =  26 ports "), "%s", out);
    cr_assert(strstr(out, "protocol 17\n                                (UDP)"), "%s", out);
    cr_assert(strstr(out, "          26 UDP header removed: port "), "%s", out);
    const char *absent =
        "What is not there, and would be with TCP (SOCK_STREAM):\n"
        "  - no listen(), accept() or connect(): there is no connection; each sendto()\n"
        "    names its destination, each recvfrom() says who sent.\n"
        "  - no handshake (SYN, SYN-ACK, ACK) and no FIN: the first packet already\n"
        "    carries the message, and close() sends nothing.\n"
        "  - no ACK and no sequence numbers: the sender never learns whether its datagram\n"
        "    arrived. What is lost stays lost, unless the application itself sends it\n"
        "    again.\n"
        "  - a header of 8 bytes (ports, length, checksum), against 20 or more for TCP\n"
        "    (sequence and acknowledgement numbers, flags, window, options).\n"
        "  - one sendto() is one datagram is one recvfrom(): message boundaries are kept.\n"
        "    A TCP recv() can return part of a message, or several at once (see the\n"
        "    partial-recv scenario).\n";
    cr_assert(strstr(out, absent), "%s", out);
    cr_assert(strstr(out, "2 packets, 35 bytes of application data, 84 bytes of headers:\n"
                          "71% of the bytes on the wire were headers.\n"
                          "Headers: link 28, IPv4 40, UDP 16 bytes.\n"),
              "%s", out);
    /* Replaying the recording prints exactly what the live run printed. */
    char *argv[] = {bin, "demo", "udp", "--replay", r.rec, NULL};
    struct run_result rep;
    cr_assert_eq(run_program(argv, NULL, &rep), 0);
    cr_assert_eq(rep.status, 0, "%s", rep.err);
    const char *live = out;
    if (!strncmp(live, "stackscope demo: port ", 22)) live = strchr(live, '\n') + 1;
    cr_assert_str_eq(rep.out, live);
    run_free(&rep);
    run_done(&r);
}

/* In French, every line fits 80 columns (counted in characters) and the absent things are said. */
Test(demo_udp, live_in_french_within_80_columns, .timeout = 60)
{
    struct udp_run r;
    run_live(&r, "fr");
    const char *out = r.demo.out;
    cr_assert(strstr(out, "Ce qui n'est pas là, et qu'on verrait avec TCP "
                          "(SOCK_STREAM)\u00a0:\n"), "%s",
              out);
    cr_assert(strstr(out, "  - pas de poignée de main (SYN, SYN-ACK, ACK) ni de FIN\u00a0: le "
                          "premier"),
              "%s", out);
    cr_assert(strstr(out, "En-têtes\u00a0: liaison 28, IPv4 40, UDP 16\u00a0octets.\n"), "%s", out);
    const char *line;
    cr_assert_leq(widest_line(out, &line), 80, "line too wide: %.*s", (int)strcspn(line, "\n"),
                  line);
    run_done(&r);
}

/* Without capture rights (as nobody), the recording of udp built into stackscope is shown. */
Test(demo_udp, without_capture_rights_shows_the_recorded_run, .timeout = 60)
{
    if (geteuid() != 0) cr_skip_test("needs root to become an unprivileged user");
    if (access("/usr/bin/setpriv", X_OK) != 0) cr_skip_test("setpriv (util-linux) missing");
    struct stat st;
    if (stat(bin, &st) != 0 || !(st.st_mode & S_IXOTH))
        cr_skip_test("the build is not executable by other users");
    char *argv[] = {"/usr/bin/setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--inh-caps=-all",
                    bin,
                    "demo",
                    "udp",
                    "--lang",
                    "fr",
                    NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* --lang fr: the notice too is French. */
    static const char said[] = "stackscope demo\u00a0: pas le droit de capturer sur l'interface "
                               "loopback";
    cr_assert(strncmp(r.out, said, sizeof said - 1) == 0, "%s", r.out);
    cr_assert(has_unwrapped(r.out, " fournie avec stackscope.\n\n"), "%s", r.out);
    char expected[512];
    snprintf(expected, sizeof expected, "%s/captures/expected/demo-udp.walkthrough-fr.out",
             SOURCE_DIR);
    char *want = read_file(expected, NULL);
    cr_assert(want);
    const char *body = strstr(r.out, "\n\n");
    cr_assert(body);
    cr_assert_str_eq(body + 2, want);
    free(want);
    run_free(&r);
}

/* ---- datagrams tied to their sendto (demo_match, pure) ---- */

static struct lesson_step sendto_step(uint16_t local, uint16_t peer)
{
    struct lesson_step s = {.call = CALL_SENDTO,
                            .result = 18,
                            .local_port = local,
                            .peer_port = peer,
                            .server = local == 5005};
    return s;
}

static struct demo_seg datagram(uint16_t src, uint16_t dst, size_t arrived_in)
{
    struct demo_seg g = {
        .udp = true, .src_port = src, .dst_port = dst, .payload_len = 18, .arrived_in = arrived_in};
    return g;
}

Test(demo_udp, each_datagram_is_tied_to_its_own_sendto)
{
    /* 0 recvfrom (pending), 1 client sendto, 2 client sendto again, 3 server sendto back. */
    struct lesson_step st[4] = {{.call = CALL_RECVFROM, .pending = true},
                                sendto_step(40000, 5005),
                                sendto_step(40000, 5005),
                                sendto_step(5005, 40000)};
    /* Counted late by the timer (all in the last step): each is still its own call's. */
    struct demo_seg segs[3] = {datagram(40000, 5005, 3), datagram(40000, 5005, 3),
                               datagram(5005, 40000, 3)};
    size_t step_of[3];
    demo_match(st, 4, segs, 3, step_of);
    cr_assert_eq(step_of[0], 1);
    cr_assert_eq(step_of[1], 2);
    cr_assert_eq(step_of[2], 3);
    /* Each sendto needs its datagram, and then nothing: no ACK ever comes. */
    cr_assert_eq(demo_step_needs(st, 1, segs, 3, step_of), STEP_NEEDS_NOTHING);
    cr_assert_eq(demo_step_needs(st, 3, segs, 3, step_of), STEP_NEEDS_NOTHING);
    cr_assert_eq(demo_step_needs(st, 3, segs, 2, step_of), STEP_NEEDS_PACKETS);
}

Test(demo_udp, a_datagram_before_its_sendto_stays_where_it_came)
{
    struct lesson_step st[2] = {{.call = CALL_SOCKET}, sendto_step(40000, 5005)};
    struct demo_seg segs[2] = {datagram(40000, 5005, 0), datagram(40001, 5005, 1)};
    size_t step_of[2];
    demo_match(st, 2, segs, 2, step_of);
    cr_assert_eq(step_of[0], 0); /* a call cannot cause what came before it */
    cr_assert_eq(step_of[1], 1); /* from another port: no cause, the timer's step */
}

/* A UDP socket (a student's own UDP server) already on the asked port: the demo says the port is
 * busy and takes another, rather than failing at its own bind. */
Test(demo_udp, a_port_held_by_a_udp_socket_is_busy, .timeout = 60)
{
    if (geteuid() != 0) cr_skip_test("the live demo needs capture rights (CI runs as root)");
    int port = free_loopback_port(SOCK_DGRAM);
    cr_assert_gt(port, 0);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    /* As many students' servers do (copied from a TCP one): for UDP, the option would let a
     * second socket with it share the port and take its datagrams. */
    int one = 1;
    cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char p[8], want[96];
    snprintf(p, sizeof p, "%d", port);
    char *argv[] = {bin, "demo", "udp", "--port", p, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    close(fd);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    snprintf(want, sizeof want, "stackscope demo: port %d is busy; using free port ", port);
    cr_assert(!strncmp(r.out, want, strlen(want)), "stdout: %.200s", r.out);
    run_free(&r);
}

