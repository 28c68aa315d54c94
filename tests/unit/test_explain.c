/* --explain (src/print/explain.c), --lang (src/cli/options.c), the ladder's states and UDP arrows
 * (src/print/ladder.c), and the lesson's own Python programs explained live on loopback. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pktbuild.h"
#include "run.h"
#include "stackscope/analysis.h"
#include "stackscope/flow.h"
#include "stackscope/lesson.h"
#include "stackscope/print.h"

static char *bin = STACKSCOPE_BIN;

static struct flow_table *flows;
static struct analysis *an;
static uint32_t frame_no;

static void setup(void)
{
    flows = malloc(sizeof *flows);
    flow_table_init(flows);
    an = malloc((size_t)analysis_size());
    analysis_init(an);
    frame_no = 0;
}
static void teardown(void)
{
    free(flows);
    free(an);
}
TestSuite(explain, .init = setup, .fini = teardown);

enum { C = 1, S = 0 };

/* The explanation of one decoded frame, after the flow table (and, when analysed, the TCP
 * analysis, its frames numbered from 1) has seen it. */
static char *explain_frame(const uint8_t *b, uint32_t caplen, uint32_t len, bool analysed,
                           enum print_lang lang)
{
    struct packet pkt;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, caplen, len);
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    struct analysis_verdict v;
    struct print_frame fr = {.number = ++frame_no};
    if (analysed) {
        analysis_packet(an, &pkt, frame_no, 1700000000LL * 1000000000LL, &v);
        fr.analysis = &v;
    }
    struct print_opts po = {.mode = PRINT_LINE, .lang = lang};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_explain(&ctx, &ob, &fr, &pkt, &fi);
    ob_putc(&ob, '\0');
    return ob.buf;
}

static char *explain_spec(int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                          const char *payload, bool analysed, enum print_lang lang)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(40000);
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payload = (const uint8_t *)payload;
    s.payload_len = payload ? strlen(payload) : 0;
    uint8_t b[256];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    return explain_frame(b, (uint32_t)n, (uint32_t)n, analysed, lang);
}

/* The explanation of one hand-built packet (client 192.0.2.1:40000, server 198.51.100.2:80),
 * without the TCP analysis. */
static char *explain(int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                     const char *payload, enum print_lang lang)
{
    return explain_spec(from_client, flags, seq, ack, payload, false, lang);
}

/* The same, the TCP analysis' verdict given to the explanation, in English. */
static char *explain_a(int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                       const char *payload)
{
    return explain_spec(from_client, flags, seq, ack, payload, true, PRINT_LANG_EN);
}

static void expect(char *got, const char *want)
{
    cr_assert_str_eq(got, want);
    free(got);
}

static void handshake(void)
{
    free(explain(C, TCP_SYN, 100, 0, NULL, PRINT_LANG_EN));
    free(explain(S, TCP_SYN | TCP_ACK, 500, 101, NULL, PRINT_LANG_EN));
    free(explain(C, TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
}

Test(explain, handshake_in_three_steps)
{
    expect(explain(C, TCP_SYN, 100, 0, NULL, PRINT_LANG_EN),
           "    Opens a connection (1/3): 192.0.2.1:40000 asks 198.51.100.2:80 for a\n"
           "      connection; its bytes are counted from here.\n"
           "    client: SYN-SENT\n");
    expect(explain(S, TCP_SYN | TCP_ACK, 500, 101, NULL, PRINT_LANG_EN),
           "    Accepts it (2/3): the server acknowledges the SYN and sends its own, with\n"
           "      its own starting number.\n"
           "    client: SYN-SENT -> ESTABLISHED; server: SYN-RECEIVED\n");
    expect(explain(C, TCP_ACK, 101, 501, NULL, PRINT_LANG_EN),
           "    Confirms it (3/3): the client acknowledges the SYN-ACK; the connection is\n"
           "      open, data can flow both ways.\n"
           "    server: SYN-RECEIVED -> ESTABLISHED\n");
}

Test(explain, data_and_its_acknowledgement)
{
    handshake();
    expect(explain(C, TCP_ACK | TCP_PSH, 101, 501, "MessageVersServeur", PRINT_LANG_EN),
           "    Carries 18 bytes of data (bytes 1 to 18 of what the client sends):\n"
           "      \"MessageVersServeur\"\n");
    /* without an analysis, no frame to name */
    expect(explain(S, TCP_ACK, 501, 119, NULL, PRINT_LANG_EN),
           "    Acknowledges everything up to byte 18.\n");
    expect(explain(C, TCP_ACK | TCP_PSH, 119, 501, "x", PRINT_LANG_FR),
           "    Transporte 1\u00a0octet de données (octet 19 de ce qu'envoie le client)\u00a0: "
           "\u00ab\u00a0x\u00a0\u00bb\n");
}

/* French quotes the payload as the walkthrough does: « … », no-break spaces inside, a cut marked
 * with one sign (…), not "..." (straight quotes are English typography). */
Test(explain, french_quotes_the_payload_in_guillemets)
{
    handshake();
    expect(explain(C, TCP_ACK | TCP_PSH, 101, 501, "MessageVersServeur", PRINT_LANG_FR),
           "    Transporte 18\u00a0octets de données (octets 1 à 18 de ce qu'envoie le "
           "client)\u00a0:\n"
           "      \u00ab\u00a0MessageVersServeur\u00a0\u00bb\n");
    expect(explain(C, TCP_ACK | TCP_PSH, 119, 501, "001 MessageVersServeur\n002 MessageVersServeur",
                   PRINT_LANG_FR),
           "    Transporte 45\u00a0octets de données (octets 19 à 63 de ce qu'envoie le "
           "client)\u00a0:\n"
           "      \u00ab\u00a0001 MessageVersServeur\\x0a002 M\u2026\u00a0\u00bb\n");
}

Test(explain, close_in_three_packets_says_why)
{
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_EN),
           "    Closes its side too (FIN) and acknowledges the other side's FIN in the same\n"
           "      packet: that is why this close takes 3 packets instead of 4.\n"
           "    client: FIN-WAIT-1 -> TIME-WAIT; server: CLOSE-WAIT -> LAST-ACK\n");
    expect(explain(C, TCP_ACK, 102, 502, NULL, PRINT_LANG_EN),
           "    Acknowledges the last FIN: the connection is closed. The client still waits\n"
           "      in TIME-WAIT (2×MSL) in case this ACK is lost and the FIN comes again.\n"
           "    server: LAST-ACK -> CLOSED\n");
}

Test(explain, close_in_four_packets_in_french)
{
    handshake();
    /* The state names are never cut across lines (no-break spaces inside them). */
    expect(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_FR),
           "    Ferme son côté (FIN)\u00a0: le client n'enverra plus de données, mais il peut\n"
           "      encore en recevoir.\n"
           "    client\u00a0: établie -> FIN\u00a0envoyé\u00a0; serveur\u00a0: établie -> "
           "attente\u00a0de\u00a0fermeture\n");
    expect(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_FR),
           "    Accuse réception du FIN de l'autre côté\u00a0: le serveur sait que l'autre "
           "côté\n      n'enverra plus rien.\n"
           "    client\u00a0: FIN\u00a0envoyé -> attente\u00a0du\u00a0FIN\n");
    expect(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_FR),
           "    Ferme à son tour son côté (FIN)\u00a0: une fois ce FIN acquitté, la connexion\n"
           "      sera fermée.\n"
           "    client\u00a0: attente\u00a0du\u00a0FIN -> attente\u00a0temporisée\u00a0; "
           "serveur\u00a0:\n"
           "      attente\u00a0de\u00a0fermeture -> attente\u00a0du\u00a0dernier\u00a0ACK\n");
}

Test(explain, close_in_four_packets_in_english_says_who_sends_nothing_more)
{
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_EN),
           "    Acknowledges the other side's FIN: the server knows the other side will send\n"
           "      nothing more.\n"
           "    client: FIN-WAIT-1 -> FIN-WAIT-2\n");
}

/* Client data 1-100 (frame 4) and 101-200 (frame 5), the server's ACK of the first (frame 6). */
static void two_segments_one_acked(void)
{
    static char hundred[101];
    memset(hundred, 'x', 100);
    free(explain_a(C, TCP_SYN, 100, 0, NULL));
    free(explain_a(S, TCP_SYN | TCP_ACK, 500, 101, NULL));
    free(explain_a(C, TCP_ACK, 101, 501, NULL));
    free(explain_a(C, TCP_ACK, 101, 501, hundred));
    free(explain_a(C, TCP_ACK, 201, 501, hundred));
    expect(explain_a(S, TCP_ACK, 501, 201, NULL),
           "    Acknowledges everything up to byte 100 (the data of frame 4).\n");
}

Test(explain, duplicate_ack_asks_again_when_bytes_are_missing)
{
    two_segments_one_acked();
    /* bytes 101-200 were sent: the duplicate asks for byte 101 */
    expect(explain_a(S, TCP_ACK, 501, 201, NULL),
           "    Still acknowledges only up to byte 100: byte 101 has not arrived, though\n"
           "      later ones may have; this duplicate ACK asks for it again.\n"
           "    TCP analysis, dup ack 1 of #6: the same acknowledgement number (101) and\n"
           "      window as frame 6, 0 µs earlier, and no data: duplicate number 1.\n");
}

Test(explain, duplicate_ack_of_everything_only_repeats_itself)
{
    /* pptp.pcap frame 23: the side in TIME-WAIT acknowledges again after the close. Byte 202
     * is no byte: 201 was the client's FIN. */
    two_segments_one_acked();
    free(explain_a(S, TCP_ACK, 501, 301, NULL));
    free(explain_a(C, TCP_FIN | TCP_ACK, 301, 501, NULL));
    free(explain_a(S, TCP_FIN | TCP_ACK, 501, 302, NULL));
    free(explain_a(C, TCP_ACK, 302, 502, NULL));
    char *got = explain_a(S, TCP_ACK, 502, 302, NULL);
    cr_assert(strstr(got, "    Repeats its acknowledgement: there is nothing new to "
                          "acknowledge.\n    TCP analysis, dup ack 1 of #"),
              "%s", got);
    cr_assert(!strstr(got, "has not arrived"), "%s", got);
    free(got);
}

Test(explain, ack_again_after_the_fin_names_no_fin_byte)
{
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    free(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_EN));
    /* the same acknowledgement again, without the analysis: byte 1 was the FIN */
    expect(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_EN),
           "    Acknowledges again everything the other side sent, its FIN included.\n");
}

Test(explain, fin_sent_again_after_the_last_ack)
{
    /* /tmp/rvb/finretx.pcap frame 10: the server, shown CLOSED, sends its FIN again. */
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    free(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_EN));
    free(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_EN));
    free(explain(C, TCP_ACK, 102, 502, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_EN),
           "    Sends its FIN again: the last ACK was lost (or is late), so the client,\n"
           "      still in TIME-WAIT, can acknowledge it again. This is why TIME-WAIT\n"
           "      exists.\n"
           "    server: CLOSED -> LAST-ACK\n");
    expect(explain(C, TCP_ACK, 102, 502, NULL, PRINT_LANG_EN),
           "    Acknowledges the last FIN: the connection is closed. The client still waits\n"
           "      in TIME-WAIT (2×MSL) in case this ACK is lost and the FIN comes again.\n"
           "    server: LAST-ACK -> CLOSED\n");
}

Test(explain, fin_sent_again_is_no_new_close)
{
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    expect(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN),
           "    Sends its FIN again: the client has not received its acknowledgement yet.\n");
    /* the other side's FIN, sent again from LAST-ACK, in French */
    free(explain(S, TCP_ACK, 501, 102, NULL, PRINT_LANG_FR));
    free(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_FR));
    expect(explain(S, TCP_FIN | TCP_ACK, 501, 102, NULL, PRINT_LANG_FR),
           "    Renvoie son FIN\u00a0: le serveur n'en a pas encore reçu l'accusé de "
           "réception.\n");
}

Test(explain, rst_outside_the_window_is_ignored)
{
    /* /tmp/rvb/rstmid.pcap frame 6: an RST 900000 past the window, then data goes on. */
    handshake();
    free(explain(C, TCP_ACK | TCP_PSH, 101, 501, "abcd", PRINT_LANG_EN));
    free(explain(S, TCP_ACK, 501, 105, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_RST, 501 + 900000, 0, NULL, PRINT_LANG_EN),
           "    A reset (RST) outside the window the client offered: RFC 9293 says to ignore\n"
           "      it (a late or forged segment), so the connection goes on.\n");
    expect(explain(C, TCP_ACK | TCP_PSH, 105, 501, "efgh", PRINT_LANG_EN),
           "    Carries 4 bytes of data (bytes 5 to 8 of what the client sends): \"efgh\"\n");
}

Test(explain, rst_that_does_not_acknowledge_the_syn_is_ignored)
{
    free(explain(C, TCP_SYN, 100, 0, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_RST, 0, 0, NULL, PRINT_LANG_FR),
           "    Une réinitialisation (RST) qui n'accuse pas réception du SYN du client\u00a0: la\n"
           "      RFC 9293 demande de l'ignorer, le client attend donc toujours une réponse.\n");
}

Test(explain, one_direction_the_syn_ack_not_captured)
{
    /* ldp-common-session.pcap: only the client's packets. */
    free(explain(C, TCP_SYN, 100, 0, NULL, PRINT_LANG_EN));
    expect(explain(C, TCP_ACK, 101, 501, NULL, PRINT_LANG_EN),
           "    Confirms it (3/3): the client acknowledges the SYN-ACK, which this capture\n"
           "      does not show; the connection is open, data can flow both ways.\n"
           "    client: SYN-SENT -> ESTABLISHED; server: ESTABLISHED\n");
    expect(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN),
           "    Closes its side (FIN): the client will send no more data, but it can still\n"
           "      receive.\n"
           "    client: ESTABLISHED -> FIN-WAIT-1; server: ESTABLISHED -> CLOSE-WAIT\n");
}

Test(explain, syn_with_data_says_it_carries_it)
{
    /* tfo-5c1fa7f9ae91.pcap frame 13: [S] len 4. */
    expect(explain(C, TCP_SYN, 100, 0, "\xde\xad\xbe\xef", PRINT_LANG_EN),
           "    Opens a connection (1/3): 192.0.2.1:40000 asks 198.51.100.2:80 for a\n"
           "      connection; its bytes are counted from here.\n"
           "    It already carries 4 bytes of data (TCP Fast Open): \"\\xde\\xad\\xbe\\xef\"\n"
           "    client: SYN-SENT\n");
}

Test(explain, later_fragment_and_cut_headers)
{
    /* afs.pcap: a later fragment of a UDP datagram (offset 1480 bytes): no ports. */
    struct pkt_spec s = pkt_spec_default();
    s.protocol = 17;
    s.ip_flags = 1; /* MF */
    s.frag_offset = 185;
    s.payload = (const uint8_t *)"abcdefgh";
    s.payload_len = 8;
    uint8_t b[256];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    expect(explain_frame(b, (uint32_t)n, (uint32_t)n, false, PRINT_LANG_EN),
           "    A later fragment of an IP packet (UDP, from byte 1480 of its payload): only\n"
           "      the first fragment carries the UDP header and its ports, and stackscope\n"
           "      does not reassemble fragments: no connection to follow here.\n");
    /* tcp_header_heapoverflow.pcap: 12 bytes of the TCP header captured */
    s = pkt_spec_default();
    n = pkt_build_eth_tcp(b, sizeof b, &s);
    expect(explain_frame(b, 14 + 20 + 12, (uint32_t)n, false, PRINT_LANG_EN),
           "    A TCP header cut short by the capture (12 of its 20 bytes): without its\n"
           "      flags, the packet cannot be placed in its connection.\n");
    /* a UDP header cut after its ports */
    s = pkt_spec_default();
    s.protocol = 17;
    n = pkt_build_eth_tcp(b, sizeof b, &s);
    expect(explain_frame(b, 14 + 20 + 4, (uint32_t)n, false, PRINT_LANG_FR),
           "    Un en-tête UDP tronqué par la capture (4 de ses 8\u00a0octets)\u00a0: sa longueur et\n"
           "      ses données sont inconnues.\n");
}

Test(explain, simultaneous_close)
{
    handshake();
    free(explain(C, TCP_FIN | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_FIN | TCP_ACK, 501, 101, NULL, PRINT_LANG_EN),
           "    Closes its side (FIN) while the other side's FIN is on its way: a\n"
           "      simultaneous close, each side now waits for the ACK of its own FIN.\n"
           "    client: FIN-WAIT-1 -> CLOSING; server: CLOSE-WAIT -> CLOSING\n");
}

Test(explain, refused_and_aborted)
{
    free(explain(C, TCP_SYN, 100, 0, NULL, PRINT_LANG_EN));
    expect(explain(S, TCP_RST | TCP_ACK, 0, 101, NULL, PRINT_LANG_EN),
           "    Refuses the connection (RST): nothing listens on port 80, so the kernel\n"
           "      answers the SYN with a reset and connect() fails with ECONNREFUSED.\n"
           "    client: SYN-SENT -> CLOSED\n");
    /* port 40001: another connection, reset once established */
    flow_table_init(flows);
    handshake();
    expect(explain(C, TCP_RST | TCP_ACK, 101, 501, NULL, PRINT_LANG_EN),
           "    Aborts the connection (RST): no closing handshake, both sides drop it at\n"
           "      once; data not yet delivered is lost.\n"
           "    client: ESTABLISHED -> CLOSED; server: ESTABLISHED -> CLOSED\n");
}

Test(explain, binary_payload_preview_fits_100_columns)
{
    handshake();
    char bytes[41];
    memset(bytes, 0x9f, 40);
    bytes[40] = '\0';
    char *got = explain(C, TCP_ACK | TCP_PSH, 101, 501, bytes, PRINT_LANG_EN);
    /* 28 bytes as \xNN would be 112 columns: the quote keeps 20 of them */
    cr_assert(strstr(got, "\n      \"\\x9f\\x9f"), "%s", got);
    for (char *line = got; *line; line = strchr(line, '\n') + 1)
        cr_assert_leq(strchr(line, '\n') - line, 100, "%s", got);
    cr_assert(strstr(got, "\\x9f\\x9f...\"\n"), "%s", got);
    free(got);
}

Test(explain, joined_mid_stream)
{
    /* Its acknowledgement number is where the count starts: nothing to say of it. */
    expect(explain(S, TCP_ACK, 9000, 7021, NULL, PRINT_LANG_EN),
           "    client: ESTABLISHED; server: ESTABLISHED\n");
    expect(explain(C, TCP_ACK | TCP_PSH, 7021, 9000, "abc", PRINT_LANG_EN),
           "    Carries 3 bytes of data (bytes 1 to 3 of what the client sends): \"abc\"\n");
    expect(explain(S, TCP_ACK, 9000, 7024, NULL, PRINT_LANG_EN),
           "    Acknowledges everything up to byte 3.\n");
}

/* Ethernet + IPv4 + UDP, checksums left 0 (the explanation does not read them). */
static size_t udp_frame(uint8_t *b, const uint8_t src[4], const uint8_t dst[4], uint16_t sport,
                        uint16_t dport, const char *payload)
{
    size_t plen = strlen(payload);
    memset(b, 0, 42);
    b[12] = 0x08;
    uint8_t *ip = b + 14;
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + 8 + plen));
    ip[8] = 64;
    ip[9] = 17;
    memcpy(ip + 12, src, 4);
    memcpy(ip + 16, dst, 4);
    uint8_t *u = ip + 20;
    put16(u, sport);
    put16(u + 2, dport);
    put16(u + 4, (uint16_t)(8 + plen));
    memcpy(u + 8, payload, plen);
    return 42 + plen;
}

Test(explain, udp_datagram_and_its_ladder_arrows)
{
    static uint8_t f1[128], f2[128];
    const uint8_t lo[4] = {127, 0, 0, 1};
    size_t n1 = udp_frame(f1, lo, lo, 41000, 5005, "MessageVersServeur");
    size_t n2 = udp_frame(f2, lo, lo, 5005, 41000, "MessageVersClient");
    struct lesson_packet lp[2];
    memset(lp, 0, sizeof lp);
    decode_packet(&lp[0].pkt, LINKTYPE_ETHERNET, f1, (uint32_t)n1, (uint32_t)n1);
    decode_packet(&lp[1].pkt, LINKTYPE_ETHERNET, f2, (uint32_t)n2, (uint32_t)n2);
    struct print_opts po = {.mode = PRINT_LINE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_explain(&ctx, &ob, &lp[0].frame, &lp[0].pkt, &lp[0].flow);
    ob_putc(&ob, '\0');
    expect(ob.buf, "    A UDP datagram of 18 bytes from port 41000 to port 5005: no connection, no\n"
                   "      sequence number, no acknowledgement; one sendto() is one datagram.\n"
                   "    It carries: \"MessageVersServeur\"\n");

    struct lesson_run run = {.scenario = "udp", .packets = lp, .packet_count = 2};
    outbuf_init_mem(&ob);
    print_ladder(&ctx, &ob, &run, &lesson_text_en);
    ob_putc(&ob, '\0');
    expect(ob.buf,
           "Ladder (time flows down; one arrow per datagram)\n"
           "     client 127.0.0.1:41000                           server 127.0.0.1:5005\n"
           "   1 |-- UDP len 18 ----------------------------------------------------->|\n"
           "   2 |<----------------------------------------------------- UDP len 17 --|\n");
}

Test(explain, ladder_shows_each_sides_state_where_it_changes)
{
    struct lesson_packet lp[3];
    memset(lp, 0, sizeof lp);
    static uint8_t frames[3][128];
    const struct {
        int c;
        uint16_t flags;
        uint32_t seq, ack;
    } pk[3] = {{C, TCP_SYN, 100, 0}, {S, TCP_SYN | TCP_ACK, 500, 101}, {C, TCP_ACK, 101, 501}};
    for (int i = 0; i < 3; i++) {
        struct pkt_spec s = pk[i].c ? pkt_spec_default() : pkt_spec_reply(40000);
        s.tcp_flags = pk[i].flags;
        s.seq = pk[i].seq;
        s.ack = pk[i].ack;
        size_t n = pkt_build_eth_tcp(frames[i], sizeof frames[i], &s);
        decode_packet(&lp[i].pkt, LINKTYPE_ETHERNET, frames[i], (uint32_t)n, (uint32_t)n);
        flow_update(flows, &lp[i].pkt, &lp[i].flow);
    }
    struct print_opts po = {.mode = PRINT_LINE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct lesson_run run = {.scenario = "exchange", .packets = lp, .packet_count = 3};
    print_ladder(&ctx, &ob, &run, &lesson_text_fr);
    ob_putc(&ob, '\0');
    char *ladder = strchr(ob.buf, '\n') + 1; /* after the title */
    cr_assert_str_eq(
        ladder,
        "     client 192.0.2.1:40000                         serveur 198.51.100.2:80\n"
        "   1 |-- SYN seq 0 long. 0 ---------------------------------------------->|\n"
        "     | SYN\u00a0envoyé                                                         |\n"
        "   2 |<------------------------------------ SYN,ACK seq 0 ack 1 long. 0 --|\n"
        "     | établie                                                   SYN\u00a0reçu |\n"
        "   3 |-- ACK seq 1 ack 1 long. 0 ---------------------------------------->|\n"
        "     |                                                            établie |\n");
    free(ob.buf);
}

static struct run_result run_cli(char *const argv[])
{
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    return r;
}

Test(explain, lang_and_explain_options)
{
    char *bad[] = {bin, "--lang", "de", "-r", SOURCE_DIR "/captures/lesson-exchange.pcap", NULL};
    struct run_result r = run_cli(bad);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: option '--lang' needs en or fr, not 'de'\n");
    run_free(&r);
    char *json[] = {bin, "--explain", "--json", "-r",
                    SOURCE_DIR "/captures/lesson-exchange.pcap", NULL};
    r = run_cli(json);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "--explain and --json cannot be used together"), "%s", r.err);
    run_free(&r);
    char *help[] = {bin, "--help", NULL};
    r = run_cli(help);
    cr_assert(strstr(r.out, "  --explain   under each packet"), "%s", r.out);
    cr_assert(strstr(r.out, "  --lang L    language of --explain"), "%s", r.out);
    run_free(&r);
    /* -v takes the explanation under its tree, and --lang its analysis words */
    char *tree[] = {bin, "-v", "--explain", "--lang", "fr", "-c", "5", "-r",
                    SOURCE_DIR "/captures/tcp-analysis.pcap", NULL};
    r = run_cli(tree);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\n    Transporte 100\u00a0octets de données"), "%s", r.out);
    cr_assert(strstr(r.out, "Analyse TCP, retransmission"), "%s", r.out);
    /* the sentences stay above the blank line that ends each packet's tree */
    cr_assert(strstr(r.out, "  Payload: 0 bytes\n    Ouvre une connexion (1/3)"), "%s", r.out);
    cr_assert(!strstr(r.out, "\n\n    "), "%s", r.out);
    run_free(&r);
    /* the one-line output's tags and the page's first language follow --lang too */
    char *line[] = {bin, "--lang", "fr", "-r", SOURCE_DIR "/captures/tcp-analysis.pcap", NULL};
    r = run_cli(line);
    cr_assert(strstr(r.out, "[retransmission de #4]"), "%s", r.out);
    run_free(&r);
    char page[] = "/tmp/stackscope-explain-page-XXXXXX";
    close(mkstemp(page));
    char *html[] = {bin, "--lang", "fr", "--html", page, "-r",
                    SOURCE_DIR "/captures/lesson-exchange.pcap", NULL};
    r = run_cli(html);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    size_t len;
    char *text = read_file(page, &len);
    unlink(page);
    cr_assert(text && strstr(text, "<html lang=\"fr\""));
    free(text);
}

/* The lesson's own serveur.py and client.py, run on loopback under --explain: the sentences a
 * student reads. */
static void lesson_programs_explained(const char *lang, const char *const *want, size_t nwant)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    if (system("python3 -c 'import socket' 2>/dev/null") != 0)
        cr_skip_test("python3 missing");
    int port = free_loopback_port(SOCK_STREAM);
    char filter[64], cmd[512];
    snprintf(filter, sizeof filter, "tcp port %d", port);
    char language[8];
    snprintf(language, sizeof language, "%s", lang);
    char *argv[] = {bin, "-i", "lo", "-Z", "root", "--explain", "--lang", language,
                    "-c", "10", filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    sleep(1); /* the device is open and the filter set well within a second */
    snprintf(cmd, sizeof cmd,
             "cd '%s/examples/lesson' && (python3 serveur.py %d > /dev/null & sleep 0.5; "
             "python3 client.py %d > /dev/null; wait)",
             SOURCE_DIR, port, port);
    int rc = system(cmd);
    struct run_result r;
    sleep(1);
    cr_assert_eq(run_finish(&a, SIGINT, &r), 0);
    cr_assert_eq(rc, 0, "the lesson's programs failed");
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (size_t i = 0; i < nwant; i++)
        cr_assert(strstr(r.out, want[i]), "missing «%s» in:\n%s", want[i], r.out);
    run_free(&r);
}

Test(explain, lesson_programs_live_in_english, .timeout = 30)
{
    static const char *const want[] = {
        "    Opens a connection (1/3): 127.0.0.1:",
        "    Accepts it (2/3): the server acknowledges the SYN",
        "    Confirms it (3/3): the client acknowledges the SYN-ACK",
        "    Carries 18 bytes of data (bytes 1 to 18 of what the client sends):\n"
        "      \"MessageVersServeur\"\n",
        "    Acknowledges everything up to byte 18 (the data of frame 4).\n",
        "    Carries 17 bytes of data (bytes 1 to 17 of what the server sends):\n"
        "      \"MessageVersClient\"\n",
        /* who closes first is a race: serveur.py closes right after its sendall */
        "    Closes its side (FIN): the ",
        "ESTABLISHED -> FIN-WAIT-1",
        "ESTABLISHED -> CLOSE-WAIT",
    };
    lesson_programs_explained("en", want, sizeof want / sizeof *want);
}

Test(explain, lesson_programs_live_in_french, .timeout = 30)
{
    static const char *const want[] = {
        "    Ouvre une connexion (1/3)\u00a0: 127.0.0.1:",
        "    Accepte la connexion (2/3)\u00a0: le serveur accuse réception du SYN",
        "    Confirme la connexion (3/3)\u00a0: le client accuse réception du SYN-ACK",
        "\u00ab\u00a0MessageVersServeur\u00a0\u00bb\n",
        "    Accuse réception de tout jusqu'à l'octet 18 (les données de la trame 4).\n",
        "\u00ab\u00a0MessageVersClient\u00a0\u00bb\n",
        "    Ferme son côté (FIN)\u00a0: le ",
    };
    lesson_programs_explained("fr", want, sizeof want / sizeof *want);
}
