/* The conversation table (src/analysis/conversations.c) and its printers
 * (src/print/conversations.c), on hand-built packets run through the real decoder and analysis.
 * Client 192.0.2.1:40000 (ISN 1000), server 198.51.100.2:80 (ISN 5000); seq/ack below are
 * relative; times in ms after T0. A frame without payload is 54 bytes (Ethernet, IPv4, TCP). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/analysis.h"
#include "stackscope/conversations.h"
#include "stackscope/print.h"

#define MS 1000000LL
static const int64_t T0 = 1700000000LL * 1000000000LL;

static struct analysis *an;
static struct conversations conv;
static void *storage;
static struct packet pkt;
static struct analysis_verdict v;
static uint32_t frame_no;
static uint16_t cport;

static void start_table(uint32_t max)
{
    free(storage);
    storage = malloc((size_t)conversations_size(max));
    cr_assert_not_null(storage);
    conversations_init(&conv, max, storage);
}

static void setup(void)
{
    an = malloc((size_t)analysis_size());
    cr_assert_not_null(an);
    analysis_init(an);
    storage = NULL;
    start_table(16);
    frame_no = 0;
    cport = 40000;
}
static void teardown(void)
{
    free(an);
    free(storage);
}
TestSuite(conversations, .init = setup, .fini = teardown);

enum side { CLIENT, SERVER };

/* Decodes frame (n bytes), analyses it and counts it at T0 + ms. */
static void feed(const uint8_t *frame, size_t n, double ms)
{
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    int64_t ts = T0 + (int64_t)(ms * (double)MS);
    analysis_packet(an, &pkt, ++frame_no, ts, &v);
    conversations_packet(&conv, &pkt, &v, ts);
}

/* One TCP segment of len payload bytes from a side. */
static void seg(enum side side, double ms, uint32_t seq, uint32_t ack, const char *flags,
                uint32_t len)
{
    static uint8_t payload[2000], frame[2100];
    memset(payload, 'x', sizeof payload);
    struct pkt_spec s = side == SERVER ? pkt_spec_reply(cport) : pkt_spec_default();
    if (side == SERVER) {
        s.seq = 5000 + seq;
        s.ack = 1000 + ack;
    } else {
        s.sport = cport;
        s.seq = 1000 + seq;
        s.ack = 5000 + ack;
    }
    s.tcp_flags = pkt_tcp_flags(flags);
    s.payload = payload;
    s.payload_len = len;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    cr_assert(n > 0);
    feed(frame, n, ms);
}

/* A UDP datagram of len payload bytes from 10.0.0.sa:sport to 10.0.0.da:dport. */
static void udp(double ms, uint8_t sa, uint16_t sport, uint8_t da, uint16_t dport, uint16_t len)
{
    uint8_t f[200] = {0};
    cr_assert((size_t)14 + 20 + 8 + len <= sizeof f);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + 8 + len));
    ip[8] = 64;
    ip[9] = 17;
    ip[12] = ip[16] = 10;
    ip[15] = sa;
    ip[19] = da;
    put16(ip + 20, sport);
    put16(ip + 22, dport);
    put16(ip + 24, (uint16_t)(8 + len));
    feed(f, 14 + 20 + 8 + len, ms);
}

/* An IPv4 fragment of a UDP datagram (id 77) from 10.0.0.1 to 10.0.0.2: len bytes of IP
 * payload at offset (8-byte units), more fragments to come when mf; the first carries the UDP
 * header 5000 > 6000 of a datagram of udp_len bytes. */
static void udp_piece(double ms, uint16_t offset, bool mf, uint16_t len, uint16_t udp_len)
{
    uint8_t f[200] = {0};
    cr_assert((size_t)14 + 20 + len <= sizeof f);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + len));
    put16(ip + 4, 77);
    put16(ip + 6, (uint16_t)((mf ? 0x2000 : 0) | offset));
    ip[8] = 64;
    ip[9] = 17;
    ip[12] = ip[16] = 10;
    ip[15] = 1;
    ip[19] = 2;
    if (offset == 0) {
        put16(ip + 20, 5000);
        put16(ip + 22, 6000);
        put16(ip + 24, udp_len);
    }
    feed(f, 14 + 20 + len, ms);
}

/* SYN at 0, SYN-ACK at 10, ACK at 20: the handshake's RTT is 20 ms. */
static void handshake(void)
{
    seg(CLIENT, 0, 0, (uint32_t)-5000, "S", 0);
    seg(SERVER, 10, 0, 1, "SA", 0);
    seg(CLIENT, 20, 1, 1, "A", 0);
}

static const struct conversation *row(uint32_t i)
{
    cr_assert(i < conv.count, "row %u of %u", i, conv.count);
    return &conv.rows[i];
}

Test(conversations, fin_from_the_client_first_then_the_server)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "PA", 100);
    seg(SERVER, 40, 1, 101, "A", 0);
    seg(CLIENT, 50, 101, 1, "FA", 0);
    seg(SERVER, 60, 1, 102, "FA", 0);
    seg(CLIENT, 70, 102, 2, "A", 0);
    cr_assert_eq(conv.count, 1);
    const struct conversation *r = row(0);
    cr_assert_eq(r->proto, 6);
    cr_assert_eq(r->stream, 0);
    cr_assert_eq(memcmp(conversation_addr(r, 0), "\xc0\x00\x02\x01", 4), 0);
    cr_assert_eq(conversation_port(r, 0), 40000);
    cr_assert_eq(memcmp(conversation_addr(r, 1), "\xc6\x33\x64\x02", 4), 0);
    cr_assert_eq(conversation_port(r, 1), 80);
    cr_assert_eq(r->packets[0], 5);
    cr_assert_eq(r->packets[1], 3);
    cr_assert_eq(r->bytes[0], 4 * 54 + 154);
    cr_assert_eq(r->bytes[1], 3 * 54);
    cr_assert_eq(r->first_ns, T0);
    cr_assert_eq(r->last_ns, T0 + 70 * MS);
    cr_assert(r->has_initial_rtt);
    cr_assert_eq(r->initial_rtt_ns, 20 * MS);
    cr_assert_eq(r->client, 0);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_CLOSED);
    cr_assert_eq(r->first_fin, 0);
    cr_assert_eq(r->reset_by, -1);
    cr_assert_eq(r->retransmissions, 0);
    cr_assert_eq(r->duplicate_acks, 0);
}

Test(conversations, fin_from_the_server_first_then_the_client)
{
    handshake();
    seg(SERVER, 30, 1, 1, "FA", 0);
    seg(CLIENT, 40, 1, 2, "FA", 0);
    seg(SERVER, 50, 2, 2, "A", 0);
    const struct conversation *r = row(0);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_CLOSED);
    cr_assert_eq(r->first_fin, 1);
    cr_assert_eq(r->fin_sides, 3);
}

Test(conversations, one_fin_only_is_half_closed)
{
    handshake();
    seg(SERVER, 30, 1, 1, "FA", 0);
    seg(CLIENT, 40, 1, 2, "A", 0);
    const struct conversation *r = row(0);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_HALF_CLOSED);
    cr_assert_eq(r->first_fin, 1);
}

Test(conversations, reset_by_the_server_after_a_fin)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "FA", 0);
    seg(SERVER, 40, 1, 2, "R", 0);
    const struct conversation *r = row(0);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_RESET);
    cr_assert_eq(r->reset_by, 1);
    cr_assert_eq(r->first_fin, 0);
}

Test(conversations, no_fin_nor_rst_is_still_open)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "PA", 10);
    const struct conversation *r = row(0);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_OPEN);
    cr_assert_eq(r->first_fin, -1);
    cr_assert_eq(r->reset_by, -1);
}

/* The capture begins with the server's answer: A is the server, the client B, no RTT. */
Test(conversations, joined_at_the_syn_ack_the_server_is_a)
{
    seg(SERVER, 10, 0, 1, "SA", 0);
    seg(CLIENT, 20, 1, 1, "A", 0);
    const struct conversation *r = row(0);
    cr_assert_eq(conversation_port(r, 0), 80);
    cr_assert_eq(conversation_port(r, 1), 40000);
    cr_assert_eq(r->client, 1);
    cr_assert_eq(r->packets[0], 1);
    cr_assert_eq(r->packets[1], 1);
    cr_assert_not(r->has_initial_rtt);
}

Test(conversations, retransmissions_and_duplicate_acks_counted_from_the_analysis)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "PA", 100);
    seg(CLIENT, 500, 1, 1, "PA", 100); /* resent after 470 ms: a retransmission */
    cr_assert(v.flags & ANALYSIS_RETRANSMISSION);
    seg(SERVER, 510, 1, 101, "A", 0);
    seg(SERVER, 520, 1, 101, "A", 0); /* the same ACK again, twice: duplicate ACKs 1 and 2 */
    cr_assert(v.flags & ANALYSIS_DUPLICATE_ACK);
    seg(SERVER, 530, 1, 101, "A", 0);
    cr_assert_eq(v.duplicate_ack_num, 2);
    const struct conversation *r = row(0);
    cr_assert_eq(r->retransmissions, 1);
    cr_assert_eq(r->duplicate_acks, 2);
}

Test(conversations, ports_reused_by_a_new_connection_make_a_new_row)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "FA", 0);
    seg(SERVER, 40, 1, 2, "FA", 0);
    seg(CLIENT, 50, 2, 2, "A", 0);
    seg(CLIENT, 1000, 7000, (uint32_t)-5000, "S", 0); /* a new ISN: tshark's new tcp.stream */
    cr_assert_eq(v.stream, 1);
    cr_assert_eq(conv.count, 2);
    cr_assert_eq(row(1)->stream, 1);
    cr_assert_eq(row(1)->packets[0], 1);
    cr_assert_eq(row(1)->first_ns, T0 + 1000 * MS);
    cr_assert_eq(conversation_end(row(1)), CONVERSATION_END_OPEN);
    cr_assert_eq(row(0)->packets[0] + row(0)->packets[1], 6);
}

/* The same once the table is full: the new connection has no row, so all its packets, not only
 * its SYN, go to "other"; the old row keeps the old connection's alone (it took the new one's
 * SYN-ACK, ACK and data as its own). */
Test(conversations, ports_reused_when_the_table_is_full_go_to_other_not_to_the_old_row)
{
    start_table(1);
    handshake();
    seg(CLIENT, 30, 1, 1, "FA", 0);
    seg(SERVER, 40, 1, 2, "FA", 0);
    seg(CLIENT, 50, 2, 2, "A", 0);
    seg(CLIENT, 1000, 7000, (uint32_t)-5000, "S", 0);
    seg(SERVER, 1010, 0, 7001, "SA", 0);
    seg(CLIENT, 1020, 7001, 1, "A", 0);
    seg(CLIENT, 1030, 7001, 1, "PA", 100);
    cr_assert_eq(v.stream, 1);
    cr_assert_eq(conv.count, 1);
    cr_assert_eq(row(0)->packets[0], 4);
    cr_assert_eq(row(0)->packets[1], 2);
    cr_assert_eq(row(0)->last_ns, T0 + 50 * MS);
    cr_assert_eq(conv.other_tcp.conversations, 1);
    cr_assert_eq(conv.other_tcp.packets, 4);
    cr_assert_eq(conv.other_tcp.bytes, 4 * 54 + 100);
}

/* The analysis forgot the connection and numbered it again: the row stays the connection's,
 * whether the analysis' note says so or not; a SYN on those ports is a new connection. */
Test(conversations, a_connection_the_analysis_forgot_keeps_its_row)
{
    handshake(); /* pkt: its last ACK */
    v = (struct analysis_verdict){.has_stream = true, .stream = 9,
                                  .notes = ANALYSIS_NOTE_CONNECTION_FORGOTTEN};
    conversations_packet(&conv, &pkt, &v, T0 + 30 * MS);
    v.notes = 0;
    conversations_packet(&conv, &pkt, &v, T0 + 40 * MS);
    v.stream = 10; /* forgotten again, its note lost */
    conversations_packet(&conv, &pkt, &v, T0 + 50 * MS);
    cr_assert_eq(conv.count, 1);
    cr_assert_eq(row(0)->stream, 0);
    cr_assert_eq(row(0)->packets[0], 5);
    cr_assert_eq(row(0)->last_ns, T0 + 50 * MS);
    seg(CLIENT, 60, 9000, (uint32_t)-5000, "S", 0);
    cr_assert_eq(conv.count, 2);
}

/* The same through the real analysis: 40000 connections overflow its 16384 slots, so the first
 * one is forgotten and, seen again, numbered anew; its row stays the one it had. */
Test(conversations, a_connection_evicted_by_the_analysis_stays_one_row)
{
    start_table(65536);
    for (uint32_t i = 0; i < 40000; i++) {
        cport = (uint16_t)(1024 + i);
        seg(CLIENT, (double)i * 0.01, 0, (uint32_t)-5000, "S", 0);
    }
    cport = 1024;
    seg(SERVER, 500, 0, 1, "SA", 0);
    cr_assert_eq(v.stream, 40000); /* forgotten (its note may be lost too: 65536 fingerprints) */
    seg(CLIENT, 510, 1, 1, "A", 0);
    cr_assert_eq(v.stream, 40000);
    cr_assert_eq(conv.count, 40000);
    const struct conversation *r = row(0);
    cr_assert_eq(r->stream, 0);
    cr_assert_eq(r->packets[0], 2);
    cr_assert_eq(r->packets[1], 1);
    cr_assert_eq(r->last_ns, T0 + 510 * MS);
    seg(CLIENT, 600, 9000, (uint32_t)-5000, "S", 0); /* a new connection on those ports */
    cr_assert_eq(conv.count, 40001);
    cr_assert_eq(row(40000)->stream, v.stream);
    cr_assert_eq(row(0)->packets[0], 2);
}

Test(conversations, udp_flows_numbered_in_order_of_first_packet)
{
    udp(0, 1, 5353, 2, 53, 10);
    udp(1, 3, 1000, 4, 2000, 20);
    udp(2, 2, 53, 1, 5353, 30); /* the answer: B to A of flow 0 */
    cr_assert_eq(conv.count, 2);
    const struct conversation *r = row(0);
    cr_assert_eq(r->proto, 17);
    cr_assert_eq(r->stream, 0);
    cr_assert_eq(conversation_port(r, 0), 5353);
    cr_assert_eq(r->packets[0], 1);
    cr_assert_eq(r->packets[1], 1);
    cr_assert_eq(r->bytes[0], 14 + 28 + 10);
    cr_assert_eq(r->bytes[1], 14 + 28 + 30);
    cr_assert_eq(r->last_ns - r->first_ns, 2 * MS);
    cr_assert_eq(conversation_end(r), CONVERSATION_END_NONE);
    cr_assert_eq(row(1)->stream, 1);
    cr_assert_eq(row(1)->first_ns - conv.capture_first_ns, 1 * MS);
}

/* tshark reassembles the datagram and counts it once, on the frame that completes it, with that
 * frame's bytes; the pieces before it are outside any conversation. */
Test(conversations, a_fragmented_udp_datagram_counts_once_on_its_last_piece)
{
    udp_piece(0, 0, true, 104, 8 + 96 + 40); /* bytes 0-103: the UDP header and 96 bytes */
    udp_piece(1, 13, false, 40, 0);           /* bytes 104-143: the last piece */
    cr_assert_eq(conv.count, 1);
    const struct conversation *r = row(0);
    cr_assert_eq(r->proto, 17);
    cr_assert_eq(conversation_port(r, 0), 5000);
    cr_assert_eq(conversation_port(r, 1), 6000);
    cr_assert_eq(r->packets[0], 1);
    cr_assert_eq(r->bytes[0], 14 + 20 + 40);
    cr_assert_eq(r->first_ns, T0 + 1 * MS);
    cr_assert_eq(conv.loose_packets, 1);
    cr_assert_eq(conv.loose_bytes, 14 + 20 + 104);
}

/* A piece missing: the datagram never completes, and tshark counts it nowhere. */
Test(conversations, an_incomplete_udp_datagram_is_not_counted)
{
    udp_piece(0, 0, true, 104, 8 + 96 + 80);
    udp_piece(1, 18, false, 40, 0); /* bytes 144-183: 104-143 never came */
    cr_assert_eq(conv.count, 0);
    cr_assert_eq(conv.loose_packets, 2);
}

/* A UDP length below its header's 8 bytes (0 in a BIG TCP packet's): tshark stops there. */
Test(conversations, a_udp_length_below_8_is_not_counted)
{
    uint8_t f[60] = {0};
    put16(f + 12, 0x0800);
    f[14] = 0x45;
    put16(f + 16, 28);
    f[22] = 64;
    f[23] = 17;
    put16(f + 34, 1);
    put16(f + 36, 2);
    put16(f + 38, 0);
    feed(f, 42, 0);
    cr_assert_eq(conv.count, 0);
    cr_assert_eq(conv.loose_packets, 1);
}

/* TCP and UDP between the same ports are two conversations, each numbered in its protocol. */
Test(conversations, tcp_and_udp_numbered_apart)
{
    handshake();
    udp(30, 1, 40000, 2, 80, 4);
    cr_assert_eq(conv.count, 2);
    cr_assert_eq(row(0)->proto, 6);
    cr_assert_eq(row(1)->proto, 17);
    cr_assert_eq(row(1)->stream, 0);
}

Test(conversations, a_full_table_sums_the_rest_as_other)
{
    start_table(2);
    handshake();             /* stream 0: a row */
    udp(25, 1, 1, 2, 2, 10); /* udp 0: a row; the table is full */
    cport = 40001;
    handshake(); /* stream 1: other */
    seg(CLIENT, 30, 1, 1, "PA", 6);
    udp(40, 1, 3, 2, 4, 10); /* two more UDP flows, one of them twice */
    udp(41, 1, 5, 2, 6, 10);
    udp(42, 2, 4, 1, 3, 10);
    cr_assert_eq(conv.count, 2);
    cr_assert_eq(conv.other_tcp.conversations, 1);
    cr_assert_eq(conv.other_tcp.packets, 4);
    cr_assert_eq(conv.other_tcp.bytes, 4 * 54 + 6);
    cr_assert_eq(conv.other_udp.conversations, 2);
    cr_assert_eq(conv.other_udp.packets, 3);
    cr_assert_eq(conv.other_udp.bytes, 3 * 52);
    cr_assert_not(conv.other_udp.approximate);
    cr_assert_eq(row(0)->packets[0] + row(0)->packets[1], 3);
}

/* Relative times count from the capture's first packet, whatever it is; packets outside any
 * conversation are counted apart. */
Test(conversations, start_relative_to_the_capture_and_loose_packets)
{
    uint8_t arp[42] = {0};
    put16(arp + 12, 0x0806);
    feed(arp, sizeof arp, 0);
    cport = 40002;
    seg(CLIENT, 5, 0, (uint32_t)-5000, "S", 0);
    cr_assert_eq(conv.capture_first_ns, T0);
    cr_assert_eq(row(0)->first_ns - conv.capture_first_ns, 5 * MS);
    cr_assert_eq(conv.loose_packets, 1);
    cr_assert_eq(conv.loose_bytes, 42);
    cr_assert_eq(conv.packets, 2);
}

/* A TCP header the capture cut short: tshark leaves the frame out of its conversations. */
Test(conversations, a_cut_tcp_header_is_not_counted)
{
    handshake();
    static uint8_t frame[200];
    struct pkt_spec s = pkt_spec_default();
    s.tcp_flags = TCP_ACK;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n - 2, (uint32_t)n);
    analysis_packet(an, &pkt, ++frame_no, T0 + 30 * MS, &v);
    cr_assert(v.notes & ANALYSIS_NOTE_HEADER_NOT_CAPTURED);
    conversations_packet(&conv, &pkt, &v, T0 + 30 * MS);
    cr_assert_eq(row(0)->packets[0] + row(0)->packets[1], 3);
    cr_assert_eq(conv.loose_packets, 1);
}

/* ---- printers ---- */

static char *printed(bool json, enum print_lang lang)
{
    struct outbuf ob;
    outbuf_init_mem(&ob);
    if (json)
        print_conversations_json(&ob, &conv);
    else
        print_conversations(&ob, lang, &conv);
    ob_putc(&ob, '\0');
    return ob.buf;
}

static void closed_and_udp(void)
{
    handshake();
    seg(CLIENT, 30, 1, 1, "PA", 100);
    seg(SERVER, 40, 1, 101, "FA", 0);
    seg(CLIENT, 1250, 101, 2, "FA", 0);
    udp(1500, 1, 5353, 2, 53, 10);
}

Test(conversations, table_in_english)
{
    closed_and_udp();
    char *s = printed(false, PRINT_LANG_EN);
    cr_assert_str_eq(
        s,
        "TCP conversations, in order of first packet (# is tshark's tcp.stream)\n"
        "#  A                B                   Start  Duration    RTT  End\n"
        "   A→B packets  bytes  B→A packets  bytes  Retrans.  Dup ACKs\n"
        "0  192.0.2.1:40000  198.51.100.2:80  0.000000  1.250000  20 ms  FIN B,A\n"
        "             4    316            2    108         0         0\n"
        "Total: 1 conversation, 6 packets, 424 bytes\n"
        "A sent the first packet (the client, when the capture has the SYN). Start:\n"
        "seconds since the capture's first packet. RTT: the handshake's, SYN to ACK.\n"
        "End: FIN A,B = A closed, then B; FIN A = only A closed; RST B = reset by B.\n"
        "\n"
        "UDP conversations, in order of first packet (# is tshark's udp.stream)\n"
        "#  A              B               Start  Duration\n"
        "   A→B packets  bytes  B→A packets  bytes\n"
        "0  10.0.0.1:5353  10.0.0.2:53  1.500000  0.000000\n"
        "             1     52            0      0\n"
        "Total: 1 conversation, 1 packet, 52 bytes\n");
    free(s);
}

Test(conversations, table_heads_and_words_in_french)
{
    closed_and_udp();
    char *s = printed(false, PRINT_LANG_FR);
    cr_assert(strstr(s, "n°  A                B                   Début     Durée    RTT  Fin\n"
                        "    A→B paquets  octets  B→A paquets  octets  Retrans.  ACK dupl.\n"
                        " 0  192.0.2.1:40000  198.51.100.2:80  0,000000  1,250000  20 ms  FIN B,A\n"
                        "              4     316            2     108         0          0\n"
                        "Total\u00a0: 1 conversation, 6 paquets, 424 octets\n"), "%s", s);
    cr_assert(strstr(s, "Fin\u00a0: FIN A,B = A a fermé en premier, puis B\u00a0;\n"), "%s", s);
    free(s);
}

Test(conversations, json_one_object_a_line_keys_in_order)
{
    closed_and_udp();
    char *s = printed(true, PRINT_LANG_EN);
    cr_assert_str_eq(
        s,
        "{\"proto\":\"tcp\",\"stream\":0,\"a_addr\":\"192.0.2.1\",\"a_port\":40000,"
        "\"b_addr\":\"198.51.100.2\",\"b_port\":80,\"packets_a_to_b\":4,\"bytes_a_to_b\":316,"
        "\"packets_b_to_a\":2,\"bytes_b_to_a\":108,\"start\":\"1700000000.000000\","
        "\"rel_start\":0.000000,\"duration\":1.250000,\"client\":\"a\",\"initial_rtt\":0.020000,"
        "\"retransmissions\":0,\"duplicate_acks\":0,\"end\":\"closed\",\"first_fin\":\"b\","
        "\"reset_by\":null}\n"
        "{\"proto\":\"udp\",\"stream\":0,\"a_addr\":\"10.0.0.1\",\"a_port\":5353,"
        "\"b_addr\":\"10.0.0.2\",\"b_port\":53,\"packets_a_to_b\":1,\"bytes_a_to_b\":52,"
        "\"packets_b_to_a\":0,\"bytes_b_to_a\":0,\"start\":\"1700000001.500000\","
        "\"rel_start\":1.500000,\"duration\":0.000000,\"client\":null,\"initial_rtt\":null,"
        "\"retransmissions\":0,\"duplicate_acks\":0,\"end\":null,\"first_fin\":null,"
        "\"reset_by\":null}\n");
    free(s);
}

Test(conversations, full_table_says_what_it_left_out)
{
    start_table(1);
    handshake();
    cport = 40001;
    handshake();
    udp(30, 1, 1, 2, 2, 10);
    char *s = printed(false, PRINT_LANG_EN);
    cr_assert(strstr(s, "Total: 2 conversations, 6 packets, 324 bytes\n"
                        "Not listed (the table keeps the first 1): 1 conversation, 3 packets, "
                        "162 bytes\n"), "%s", s);
    cr_assert(strstr(s, "Total: 1 conversation, 1 packet, 52 bytes\n"
                        "Not listed (the table keeps the first 1): 1 conversation, 1 packet, "
                        "52 bytes\n"), "%s", s);
    free(s);
    s = printed(true, PRINT_LANG_EN);
    cr_assert(strstr(s, "{\"other\":{\"proto\":\"tcp\",\"conversations\":1,"
                        "\"conversations_at_least\":false,\"packets\":3,\"bytes\":162,"
                        "\"table_rows\":1}}\n"), "%s", s);
    free(s);
}

Test(conversations, ipv6_endpoints_in_brackets)
{
    uint8_t f[100] = {0};
    put16(f + 12, 0x86dd);
    uint8_t *ip = f + 14;
    ip[0] = 0x60;
    put16(ip + 4, 8);
    ip[6] = 17;
    ip[7] = 64;
    ip[8] = 0x20, ip[9] = 0x01, ip[10] = 0x0d, ip[11] = 0xb8, ip[23] = 1;
    ip[24] = 0x20, ip[25] = 0x01, ip[26] = 0x0d, ip[27] = 0xb8, ip[39] = 2;
    put16(ip + 40, 547);
    put16(ip + 42, 546);
    put16(ip + 44, 8);
    feed(f, 14 + 40 + 8, 0);
    char *s = printed(false, PRINT_LANG_EN);
    cr_assert(strstr(s, "0  [2001:db8::1]:547  [2001:db8::2]:546  0.000000  0.000000\n"), "%s", s);
    free(s);
    s = printed(true, PRINT_LANG_EN);
    cr_assert(strstr(s, "\"a_addr\":\"2001:db8::1\",\"a_port\":547,\"b_addr\":\"2001:db8::2\""), "%s", s);
    free(s);
}

/* The table of a short IPv4 conversation, its words and legend included, reads at 80 columns
 * in either language (the English legend's first and last lines were 82 and 81). */
Test(conversations, every_line_fits_in_80_columns)
{
    closed_and_udp();
    for (int lang = 0; lang < PRINT_LANG_COUNT_; lang++) {
        char *s = printed(false, (enum print_lang)lang);
        for (char *line = s, *end; *line; line = end + 1) {
            end = strchr(line, '\n');
            cr_assert(end, "the table ends with a newline");
            int w = print_text_width(line, (size_t)(end - line));
            cr_assert_leq(w, 80, "%d columns: %.*s", w, (int)(end - line), line);
        }
        free(s);
    }
}
