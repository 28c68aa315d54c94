/* The walkthrough's analysis lines (walkthrough.c, demo_analyse in steps.c): each ACK names the
 * packet it acknowledges and how long that took, the handshake's third packet gives the
 * handshake's RTT, a verdict is said with its reason; in English and French, exact text, within
 * 80 columns. Runs on hand-built packets, as the demo's render does. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "run.h"
#include "stackscope/lesson.h"
#include "steps.h"

#define MAXP 8
/* the run's one client and one server */
#define CLIENT {LESSON_ACTOR_CLIENT, 0}
#define SERVER {LESSON_ACTOR_SERVER, 0}

struct seg {
    bool from_client;
    int64_t us; /* capture time, µs */
    uint16_t flags;
    uint32_t seq, ack; /* relative: ISNs 1000 (client) and 5000 (server) are added */
    const char *data;
};

static uint8_t bytes[MAXP][160];
static bool scaled; /* the SYNs carry window scale 7 */
static bool null_link; /* BSD loopback's 4-byte link header (LINKTYPE_NULL), not Ethernet */
static struct lesson_packet packets[MAXP];
static const char *scenario = "exchange"; /* the run's scenario: it chooses the opening */

/* Decodes segs in the run's order (as render does), analyses them, prints the walkthrough of
 * those steps. */
static char *walk_steps(const struct seg *segs, size_t n, const struct lesson_step *steps,
                        size_t step_count, const struct lesson_text *t)
{
    static struct flow_table flows;
    flow_table_init(&flows);
    memset(packets, 0, sizeof packets);
    for (size_t i = 0; i < n; i++) {
        const struct seg *g = &segs[i];
        struct pkt_spec s = pkt_spec_default();
        memcpy(s.src, "\x7f\x00\x00\x01", 4);
        memcpy(s.dst, "\x7f\x00\x00\x01", 4);
        s.sport = g->from_client ? 40000 : 5005;
        s.dport = g->from_client ? 5005 : 40000;
        uint32_t own = g->from_client ? 1000 : 5000, peer = g->from_client ? 5000 : 1000;
        s.tcp_flags = g->flags;
        s.window = 512;
        s.seq = own + g->seq;
        s.ack = g->flags & TCP_ACK ? peer + g->ack : 0;
        static const uint8_t wscale[4] = {1, 3, 3, 7}; /* NOP, window scale 7 */
        if (scaled && (g->flags & TCP_SYN)) {
            s.tcp_options = wscale;
            s.tcp_options_len = sizeof wscale;
        }
        s.payload = (const uint8_t *)g->data;
        s.payload_len = g->data ? strlen(g->data) : 0;
        size_t len;
        if (null_link) { /* the address family, AF_INET, in the capturing host's order */
            uint32_t af = 2;
            memcpy(bytes[i], &af, 4);
            len = pkt_build_ipv4_tcp(bytes[i] + 4, sizeof bytes[i] - 4, &s);
            len += len ? 4 : 0;
        } else {
            len = pkt_build_eth_tcp(bytes[i], sizeof bytes[i], &s);
        }
        cr_assert_gt(len, 0);
        decode_packet(&packets[i].pkt, null_link ? LINKTYPE_NULL : LINKTYPE_ETHERNET, bytes[i],
                      (uint32_t)len, (uint32_t)len);
        flow_update(&flows, &packets[i].pkt, &packets[i].flow);
        packets[i].frame = (struct print_frame){.number = i + 1, .ts_sec = 1000 + g->us / 1000000,
                                                .ts_usec = (uint32_t)(g->us % 1000000)};
    }
    cr_assert_eq(demo_analyse(packets, n), 0);
    struct lesson_run run = {.scenario = scenario, .port = 5005, .steps = steps,
                             .step_count = step_count, .packets = packets, .packet_count = n};
    struct print_opts po = {.mode = PRINT_LINE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_walkthrough(&ctx, &ob, &run, t);
    ob_putc(&ob, '\0');
    cr_assert(ob.buf);
    return ob.buf;
}

#define CONNECT(count) \
    ((struct lesson_step){.actor = CLIENT, .call = CALL_CONNECT, .args = "('127.0.0.1', 5005)", \
                          .local_port = 40000, .peer_port = 5005, .packets = count})

/* The connect step caused the first 3 packets, the sendall the rest. */
static char *walk(const struct seg *segs, size_t n, const struct lesson_text *t)
{
    const struct lesson_step steps[] = {
        CONNECT(3),
        {.actor = CLIENT, .call = CALL_SENDALL, .args = "b'Hi'", .result = 2,
         .local_port = 40000, .peer_port = 5005, .packets = (uint32_t)n - 3},
    };
    return walk_steps(segs, n, steps, 2, t);
}

static void assert_has(const char *out, const char *want)
{
    cr_assert(strstr(out, want), "missing:\n%s\nin:\n%s", want, out);
}

/* No line wider than 80 columns, counting characters, not bytes. */
static void assert_fits(const char *out)
{
    const char *line;
    cr_assert_leq(widest_line(out, &line), 80, "a line is wider than 80 columns:\n%s", out);
}

/* SYN, SYN-ACK (25 µs), ACK (43 µs), "Hi" at 1 ms, sent again at 201 ms (a retransmission),
 * acknowledged at 201.041 ms: the ACK names the first sending, as tshark does. */
static const struct seg resend[] = {
    {true, 0, TCP_SYN, 0, 0, NULL},
    {false, 25, TCP_SYN | TCP_ACK, 0, 1, NULL},
    {true, 43, TCP_ACK, 1, 1, NULL},
    {true, 1000, TCP_PSH | TCP_ACK, 1, 1, "Hi"},
    {true, 201000, TCP_PSH | TCP_ACK, 1, 1, "Hi"},
    {false, 201041, TCP_ACK, 1, 3, NULL},
};

Test(demo_walkthrough, each_ack_names_the_packet_it_acknowledges_and_the_time_in_english)
{
    char *out = walk(resend, 6, &lesson_text_en);
    assert_has(out, "     #2 server > client [S.] seq 0 ack 1 len 0 (raw 5000/1001)\n"
                    "        SYN-ACK: accepts, announces its own sequence number\n"
                    "        ACK of #1 (SYN), 25 µs later\n");
    assert_has(out, "     #3 client > server [.] seq 1 ack 1 len 0 (raw 1001/5001)\n"
                    "        ACK: \"I have received everything before byte ack\"\n"
                    "        ACK of #2 (SYN-ACK), 18 µs later\n"
                    "        the handshake took 43 µs, from the SYN to this ACK (initial RTT)\n");
    assert_has(out, "     #6 server > client [.] seq 1 ack 3 len 0 (raw 5001/1003)\n"
                    "        ACK: \"I have received everything before byte ack\"\n"
                    "        ACK of #4 (\"Hi\", 2 bytes), 200 ms later\n");
    assert_has(out, "     #5 client > server [P.] seq 1 ack 1 len 2 (raw 1001/5001)\n"
                    "        retransmission of #4: bytes 1–2 were first sent in frame 4, 200 ms\n"
                    "        earlier, and not acknowledged since\n");
    assert_fits(out);
    free(out);
}

Test(demo_walkthrough, each_ack_names_the_packet_it_acknowledges_and_the_time_in_french)
{
    char *out = walk(resend, 6, &lesson_text_fr);
    assert_has(out, "        SYN-ACK\u00a0: accepte, annonce son propre numéro de séquence\n"
                    "        accusé de réception du #1 (SYN) après 25 µs\n");
    assert_has(out, "        accusé de réception du #2 (SYN-ACK) après 18 µs\n"
                    "        la poignée de main a pris 43 µs, du SYN à cet ACK (RTT initial)\n");
    assert_has(out, "        accusé de réception du #4 (\u00ab\u00a0Hi\u00a0\u00bb, 2\u00a0octets) après 200 ms\n");
    assert_has(out, "        retransmission de #4\u00a0: les octets 1–2 ont d'abord été envoyés "
                    "dans la\n"
                    "        trame 4, 200 ms plus tôt, et n'ont pas été acquittés depuis\n");
    assert_fits(out);
    free(out);
}

/* The server's ACK (captured at 1.041 ms) is listed before the data it acknowledges (captured at
 * 1 ms), as a run's steps may list them: the analysis still goes by capture time, so the ACK
 * acknowledges #5 and is not an ACK of a segment never seen. */
Test(demo_walkthrough, the_analysis_goes_in_capture_order_not_the_steps_order)
{
    static const struct seg late[] = {
        {true, 0, TCP_SYN, 0, 0, NULL},
        {false, 25, TCP_SYN | TCP_ACK, 0, 1, NULL},
        {true, 43, TCP_ACK, 1, 1, NULL},
        {false, 1041, TCP_ACK, 1, 3, NULL},
        {true, 1000, TCP_PSH | TCP_ACK, 1, 1, "Hi"},
    };
    char *out = walk(late, 5, &lesson_text_en);
    assert_has(out, "     #4 server > client [.] seq 1 ack 3 len 0 (raw 5001/1003)\n"
                    "        ACK: \"I have received everything before byte ack\"\n"
                    "        ACK of #5 (\"Hi\", 2 bytes), 41 µs later\n");
    cr_assert_null(strstr(out, "acks unseen segment"), "%s", out);
    cr_assert_eq(packets[3].analysis.acks_frame, 5);
    cr_assert_eq(packets[3].analysis.ack_rtt_ns, 41000);
    cr_assert_eq(packets[3].frame.analysis, &packets[3].analysis);
    free(out);
}

/* A data segment longer than the line allows: the quote is cut, and a time never leaves its
 * unit behind when the line wraps. */
Test(demo_walkthrough, a_long_ack_line_wraps_without_splitting_the_time)
{
    static const struct seg big[] = {
        {true, 0, TCP_SYN, 0, 0, NULL},
        {false, 25, TCP_SYN | TCP_ACK, 0, 1, NULL},
        {true, 43, TCP_ACK, 1, 1, NULL},
        {true, 1000, TCP_PSH | TCP_ACK, 1, 1, "MessageVersServeurMessageVersServeur"},
        {false, 1005, TCP_ACK, 1, 37, NULL},
    };
    char *out = walk(big, 5, &lesson_text_fr);
    /* "après 5" would end at column 80, its unit past it: the time goes to the next line */
    assert_has(out, "        accusé de réception du #4 (\u00ab\u00a0MessageVersServeurMe\u2026\u00a0\u00bb, "
                    "36\u00a0octets) "
                    "après\n"
                    "        5 µs\n");
    assert_fits(out);
    free(out);
}

/* The encapsulation's TCP row gives the window as TCP means it: with the handshake's scale, the
 * bytes it stands for; without one, the raw value alone. */
Test(demo_walkthrough, the_tcp_row_gives_the_scaled_window_in_bytes)
{
    scaled = true;
    char *out = walk(resend, 6, &lesson_text_en);
    scaled = false;
    assert_has(out, "          TCP adds    +20 =  22 ports 40000 > 5005, seq 1001, ack 5001, PSH,ACK,\n"
                    "                                window 512 (× 128 = 65536 bytes)\n");
    free(out);
    scaled = true;
    out = walk(resend, 6, &lesson_text_fr);
    scaled = false;
    /* the count keeps its unit: "65536" does not end a line with "octets" on the next */
    assert_has(out, "\n                                                  fenêtre 512 (× 128 =\n"
                    "                                                  65536\u00a0octets)\n");
    free(out);
    out = walk(resend, 6, &lesson_text_en);
    assert_has(out, "PSH,ACK,\n                                window 512\n          IPv4 adds");
    free(out);
}

/* "HelloWorld" then "Again" (15 bytes), read by a recv() of 1 byte and one of 14: the second
 * starts inside #4, whose second byte its b'...' starts with. */
static const struct seg two_segments[] = {
    {true, 0, TCP_SYN, 0, 0, NULL},
    {false, 25, TCP_SYN | TCP_ACK, 0, 1, NULL},
    {true, 43, TCP_ACK, 1, 1, NULL},
    {true, 1000, TCP_ACK, 1, 1, "HelloWorld"},
    {true, 1010, TCP_PSH | TCP_ACK, 11, 1, "Again"},
    {false, 1050, TCP_ACK, 1, 16, NULL},
};

static char *walk_recvs(const struct lesson_text *t)
{
    const struct lesson_step steps[] = {
        CONNECT(3),
        {.actor = CLIENT, .call = CALL_SENDALL, .args = "b'HelloWorldAgain'", .result = 15,
         .local_port = 40000, .peer_port = 5005, .packets = 3},
        {.actor = SERVER, .server = true, .call = CALL_RECV, .args = "1", .result = 1,
         .detail = "b'H'", .local_port = 5005, .peer_port = 40000},
        {.actor = SERVER, .server = true, .call = CALL_RECV, .args = "2048", .result = 14,
         .detail = "b'elloWorldAgain'", .local_port = 5005, .peer_port = 40000},
    };
    return walk_steps(two_segments, 6, steps, 4, t);
}

/* The layers climbed after a recv() are those of the segment its first byte came in, named, and
 * what the application reads is what that recv() returned of it. */
Test(demo_walkthrough, a_recv_unwraps_the_segment_its_bytes_start_in)
{
    char *out = walk_recvs(&lesson_text_en);
    assert_has(out, " 3 server          recv(1) -> 1 byte\n"
                    "     reads what has arrived, at most the buffer size\n"
                    "     b'H'\n"
                    "        Going up the server's layers (decapsulation), #4:\n");
    assert_has(out, "          10 bytes of data: this recv() reads 1 of them, from their byte 1 "
                    "on:\n"
                    "             \"H\"\n"
                    "          recv() read byte 1 of the client's stream: byte 1 of #4.\n");
    assert_has(out, " 4 server          recv(2048) -> 14 bytes\n"
                    "     reads what has arrived, at most the buffer size\n"
                    "     b'elloWorldAgain'\n"
                    "        Going up the server's layers (decapsulation), #4:\n"
                    "          64 link header removed (-14)\n"
                    "          50 IPv4 header removed: for this host, protocol 6 = TCP (-20)\n"
                    "          30 TCP header removed: port 5005 = this socket (-20)\n"
                    "          10 bytes of data: this recv() reads 9 of them, from their byte 2 "
                    "on:\n"
                    "             \"elloWorld\"\n"
                    "          recv() read bytes 2–15 of the client's stream: the last 9 bytes of "
                    "#4\n"
                    "          and all of #5 (5 bytes).\n");
    assert_fits(out);
    free(out);
    out = walk_recvs(&lesson_text_fr);
    assert_has(out, " 3 serveur         recv(1) -> 1\u00a0octet\n");
    assert_has(out, "        Remontée dans les couches du serveur (désencapsulation), #4\u00a0:\n");
    assert_has(out, "          10 octets de données\u00a0: ce recv() en lit 9, à partir de leur "
                    "octet 2\u00a0:\n"
                    "             \u00ab\u00a0elloWorld\u00a0\u00bb\n"
                    "          recv() a lu les octets 2–15 du flux du client\u00a0: les 9 derniers "
                    "octets\n"
                    "          du #4 et le #5 en entier (5\u00a0o).\n");
    assert_fits(out);
    free(out);
}

/* The climb's sizes stand right-aligned in one column as wide as the widest (1054 over 988), and
 * a wrapped row goes on under its own text, not under the sizes: lost-segment's step 11, whose
 * recv() reads its segment from byte 73. */
Test(demo_walkthrough, climb_sizes_align_and_wrapped_rows_stay_under_their_text)
{
    static const struct {
        char lang[3];
        const char *text;
    } want[] = {
        {"en", "        Going up the server's layers (decapsulation), #6:\n"
               "          1054 link header removed (-14)\n"
               "          1040 IPv4 header removed: for this host, protocol 6 = TCP (-20)\n"
               "          1020 TCP header removed: port 5005 = this socket (-32)\n"
               "           988 bytes of data: this recv() reads 916 of them, from their byte 73\n"
               "               on: \"90 MessageVersServeur\\x0a091 Me...\"\n"
               "          recv() read bytes 2049–4096 of the client's stream: the last 916 bytes\n"},
        {"fr", "        Remontée dans les couches du serveur (désencapsulation), #6\u00a0:\n"
               "          1054 en-tête de liaison retiré (-14)\n"
               "          1040 en-tête IPv4 retiré\u00a0: pour cet hôte, protocole 6 = TCP (-20)\n"
               "          1020 en-tête TCP retiré\u00a0: port 5005 = cette socket (-32)\n"
               "           988 octets de données\u00a0: ce recv() en lit 916, à partir de leur "
               "octet\n"
               "               73\u00a0: \u00ab\u00a090 MessageVersServeur\\x0a091 "
               "Me\u2026\u00a0\u00bb\n"
               "          recv() a lu les octets 2049–4096 du flux du client\u00a0: les 916 "
               "derniers\n"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *argv[] = {STACKSCOPE_BIN, "demo", "lost-segment", "--replay",
                        SOURCE_DIR "/captures/demo/lost-segment", "--lang", NULL, NULL};
        char lang[3];
        memcpy(lang, want[i].lang, sizeof lang);
        argv[6] = lang;
        struct run_result r;
        cr_assert_eq(run_program(argv, NULL, &r), 0);
        cr_assert_eq(r.status, 0, "%s", r.err);
        assert_has(r.out, want[i].text);
        assert_fits(r.out);
        run_free(&r);
    }
}

/* French counts: the singular below 2 ("0 octet"), a no-break space between a number and its
 * unit; English: "0 bytes". */
Test(demo_walkthrough, counts_take_the_singular_below_two_in_french)
{
    const struct lesson_step steps[] = {CONNECT(3)};
    char *out = walk_steps(resend, 3, steps, 1, &lesson_text_fr);
    assert_has(out, "\n3\u00a0paquets, 0\u00a0octet de données applicatives, 162\u00a0octets "
                    "d'en-têtes\u00a0:\n"
                    "100\u00a0% des octets transmis étaient des en-têtes.\n");
    free(out);
    out = walk_steps(resend, 3, steps, 1, &lesson_text_en);
    assert_has(out, "\n3 packets, 0 bytes of application data, 162 bytes of headers:\n");
    free(out);
}

/* No packet at all (port-in-use): the summary says there was no traffic, not "0% headers". */
Test(demo_walkthrough, with_no_packet_the_summary_says_there_was_no_traffic)
{
    const struct lesson_step none[] = {
        {.actor = CLIENT, .call = CALL_SOCKET, .result = 3, .args = "AF_INET, SOCK_STREAM"}};
    char *out = walk_steps(resend, 0, none, 1, &lesson_text_fr);
    assert_has(out, "\nAucun paquet n'est passé sur le réseau\u00a0: pas de trafic, donc aucun "
                    "en-tête à\ncompter.\n");
    cr_assert_null(strstr(out, "0\u00a0%"), "%s", out);
    cr_assert_null(strstr(out, "liaison 0"), "%s", out);
    free(out);
    out = walk_steps(resend, 0, none, 1, &lesson_text_en);
    assert_has(out, "     (no packet on the wire)\n\nNo packet went on the wire: there was no "
                    "traffic, so no header to count.\n");
    cr_assert_null(strstr(out, "0% of the bytes"), "%s", out);
    free(out);
}

/* A link header other than Ethernet's is told in the reader's language, by the one row the TCP
 * and UDP encapsulations share. */
Test(demo_walkthrough, a_link_header_other_than_ethernet_in_both_languages)
{
    null_link = true;
    char *en = walk(resend, 6, &lesson_text_en), *fr = walk(resend, 6, &lesson_text_fr);
    null_link = false;
    assert_has(en, "          link adds   + 4 =  46 link type 0, 4 bytes\n"
                   "          on the wire: 46 bytes\n");
    assert_has(fr, "type de liaison 0, 4\u00a0octets\n");
    cr_assert_null(strstr(fr, "link type"), "%s", fr);
    cr_assert_null(strstr(fr, "bytes"), "%s", fr);
    free(en);
    free(fr);
}

/* refused: no server exists, so the opening does not speak of one, and the RST is labelled as
 * what sent it: loopback's kernel, answering for the closed port. */
static const struct seg refused[] = {
    {true, 0, TCP_SYN, 0, 0, NULL},
    {false, 37, TCP_RST | TCP_ACK, 1, 1, NULL},
};

Test(demo_walkthrough, each_scenario_has_its_own_opening_and_the_kernel_sends_the_rst)
{
    const struct lesson_step steps[] = {
        {.actor = CLIENT, .call = CALL_CONNECT, .args = "('127.0.0.1', 5005)", .result = -1,
         .err = "ECONNREFUSED", .error = LESSON_ERR_ECONNREFUSED, .local_port = 40000,
         .peer_port = 5005, .packets = 2}};
    scenario = "refused";
    char *out = walk_steps(refused, 2, steps, 1, &lesson_text_en);
    assert_has(out, "\nA client on this machine connects over loopback (127.0.0.1) to port 5005, "
                    "where\nno server listens.");
    cr_assert_null(strstr(out, "A server and a client"), "%s", out);
    assert_has(out, "#1 client > kernel (port 5005) [S] ");
    assert_has(out, "#2 kernel (port 5005) > client [R.] ");
    cr_assert_null(strstr(out, "server > client"), "%s", out);
    assert_has(out, "     client 127.0.0.1:40000                           kernel 127.0.0.1:5005\n");
    assert_fits(out);
    free(out);
    out = walk_steps(refused, 2, steps, 1, &lesson_text_fr);
    assert_has(out, "#2 noyau (port 5005) > client [R.] ");
    assert_fits(out);
    free(out);
    const struct lesson_step bind[] = {
        {.actor = SERVER, .server = true, .call = CALL_SOCKET, .result = 3,
         .args = "AF_INET, SOCK_STREAM"}};
    scenario = "port-in-use";
    out = walk_steps(refused, 0, bind, 1, &lesson_text_en);
    assert_has(out, "\nTwo servers on this machine each try to listen on port 5005 of loopback\n");
    cr_assert_null(strstr(out, "A server and a client"), "%s", out);
    free(out);
    scenario = "exchange";
}

/* close() names the descriptor it closes, found from the steps: the connection accept() gave
 * (same two ports), then the listening socket, and what closing that one means. */
Test(demo_walkthrough, a_close_names_the_fd_it_closes_and_what_that_socket_was)
{
    const struct lesson_step steps[] = {
        {.actor = SERVER, .server = true, .call = CALL_SOCKET, .result = 3,
         .args = "AF_INET, SOCK_STREAM"},
        {.actor = SERVER, .server = true, .call = CALL_LISTEN, .args = "1"},
        {.actor = CLIENT, .call = CALL_SOCKET, .result = 5, .args = "AF_INET, SOCK_STREAM"},
        CONNECT(3),
        {.actor = SERVER, .server = true, .call = CALL_ACCEPT, .result = 4, .local_port = 5005,
         .peer_port = 40000},
        {.actor = SERVER, .server = true, .call = CALL_CLOSE, .local_port = 5005,
         .peer_port = 40000},
        {.actor = CLIENT, .call = CALL_CLOSE, .local_port = 40000, .peer_port = 5005},
        {.actor = SERVER, .server = true, .call = CALL_CLOSE, .unconnected = true,
         .local_port = 5005, .peer_port = 40000},
    };
    char *out = walk_steps(resend, 3, steps, 8, &lesson_text_en);
    assert_has(out, " 6 server          close() -> 0 (ok)\n"
                    "     closes the connection (fd 4): TCP sends a FIN\n");
    assert_has(out, " 7 client          close() -> 0 (ok)\n"
                    "     closes the connection (fd 5): TCP sends a FIN\n");
    assert_has(out, " 8 server          close() -> 0 (ok)\n"
                    "     closes the listening socket (fd 3): no new connection is accepted on its\n"
                    "     port any more; the connections already accepted (each its own fd) go on.\n"
                    "     Nothing is sent.\n");
    assert_fits(out);
    free(out);
    out = walk_steps(resend, 3, steps, 8, &lesson_text_fr);
    assert_has(out, "     ferme la connexion (fd 4)\u00a0: TCP envoie un FIN\n");
    assert_has(out, "     ferme la socket d'écoute (fd 3)\u00a0: plus aucune nouvelle connexion "
                    "n'est\n");
    assert_fits(out);
    free(out);
}

/* The ladder's arrows say the length as the packet lines do: « long. » in French. */
Test(demo_walkthrough, the_ladder_says_the_length_in_the_readers_language)
{
    const struct lesson_step steps[] = {CONNECT(3)};
    char *out = walk_steps(resend, 3, steps, 1, &lesson_text_fr);
    assert_has(out, "   1 |-- SYN seq 0 long. 0 ---");
    assert_has(out, " SYN,ACK seq 0 ack 1 long. 0 --|\n");
    cr_assert_null(strstr(out, " len "), "%s", out);
    free(out);
    out = walk_steps(resend, 3, steps, 1, &lesson_text_en);
    assert_has(out, "   1 |-- SYN seq 0 len 0 ---");
    free(out);
}

/* A packet cut short inside its TCP header is told in the reader's language too. */
Test(demo_walkthrough, a_packet_without_a_whole_tcp_header_in_french)
{
    static uint8_t frame[160];
    struct pkt_spec spec = pkt_spec_default();
    size_t len = pkt_build_eth_tcp(frame, sizeof frame, &spec);
    cr_assert_gt(len, 44);
    static struct lesson_packet one[1];
    memset(one, 0, sizeof one);
    decode_packet(&one[0].pkt, LINKTYPE_ETHERNET, frame, 44, (uint32_t)len); /* 10 TCP bytes */
    const struct lesson_step steps[] = {CONNECT(1)};
    struct lesson_run run = {.scenario = "exchange", .port = 5005, .steps = steps,
                             .step_count = 1, .packets = one, .packet_count = 1};
    struct print_opts po = {.mode = PRINT_LINE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_walkthrough(&ctx, &ob, &run, &lesson_text_fr);
    ob_putc(&ob, '\0');
    assert_has(ob.buf, "     #1 (pas un segment TCP entier)\n");
    free(ob.buf);
}
