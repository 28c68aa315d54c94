/* --follow's reassembly (src/flow/follow.c, follow_target.c) and its printer (src/print/
 * follow.c): hand-built segments in, the blocks tshark 4.0's follow lists out, exactly. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/follow.h"
#include "stackscope/follow_print.h"

static struct follow *fol;
static char got[8192]; /* the blocks, one a line: "0 hello @3", "1 GAP 4 @7", "0 GAP 4 end" */
static uint32_t frame_no;

static void collect(void *user, const struct follow_block *b)
{
    (void)user;
    size_t n = strlen(got);
    if (b->kind == FOLLOW_GAP)
        snprintf(got + n, sizeof got - n, "%u GAP %d %s%u\n", b->node, b->missing,
                 b->at_end ? "end@" : "@", b->frame);
    else
        snprintf(got + n, sizeof got - n, "%u %.*s @%u\n", b->node, (int)b->len,
                 (const char *)b->data, b->frame);
}

static void setup(void)
{
    fol = malloc(sizeof *fol);
    follow_init(fol, collect, NULL);
    got[0] = '\0';
    frame_no = 0;
}

static void teardown(void)
{
    free(fol);
}

TestSuite(follow, .init = setup, .fini = teardown);

/* One segment of the default connection (192.0.2.1:40000 <-> 198.51.100.2:80), fed at once
 * (the decoded packet points into this frame's bytes). */
static void seg(bool from_client, uint16_t flags, uint32_t seq, uint32_t ack, const char *data)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(40000);
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payload = (const uint8_t *)data;
    s.payload_len = strlen(data);
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    struct packet pkt;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    follow_packet(fol, &pkt, ++frame_no, 0);
}

#define C true  /* from the client */
#define S false /* from the server */
#define A TCP_ACK
#define PA (TCP_ACK | TCP_PSH)

static void handshake(void)
{
    seg(C, TCP_SYN, 1000, 0, "");
    seg(S, TCP_SYN | A, 5000, 1001, "");
    seg(C, A, 1001, 5001, "");
}

Test(follow, in_order_segments_come_out_as_they_are)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1006, 5001, " world");
    cr_assert_str_eq(got, "0 hello @4\n0  world @5\n");
    cr_assert(fol->seen);
    cr_assert_eq(fol->node_port[0], 40000);
    cr_assert_eq(fol->node_port[1], 80);
}

Test(follow, a_retransmission_of_the_same_bytes_gives_nothing)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1006, 5001, "!");
    cr_assert_str_eq(got, "0 hello @4\n0 ! @6\n");
}

Test(follow, an_overlapping_retransmission_gives_only_its_new_bytes)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1003, 5001, "llo world"); /* 3 bytes seen, 6 new */
    cr_assert_str_eq(got, "0 hello @4\n0  world @5\n");
}

Test(follow, an_out_of_order_segment_waits_and_comes_out_in_place)
{
    handshake();
    seg(C, PA, 1006, 5001, " world"); /* frame 4, ahead of the next expected byte 1001 */
    cr_assert_str_eq(got, "");
    cr_assert_eq(fol->pending_count[0], 1);
    seg(C, PA, 1001, 5001, "hello"); /* frame 5 fills the hole: both come out */
    cr_assert_str_eq(got, "0 hello @5\n0  world @4\n");
    cr_assert_eq(fol->pending_count[0], 0);
    cr_assert_eq(fol->pool_used, 0);
}

Test(follow, a_gap_acknowledged_by_the_peer_is_marked_as_tshark_marks_it)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");  /* 1001-1005 */
    seg(C, PA, 1010, 5001, "world");  /* 1010-1014: 1006-1009 never captured */
    seg(S, A, 5001, 1015, "");        /* frame 6: the server had them all */
    cr_assert_str_eq(got, "0 hello @4\n0 GAP 4 @6\n0 world @5\n");
    char text[FOLLOW_GAP_TEXT_SIZE];
    cr_assert_eq(follow_gap_text(4, text), 33);
    cr_assert_str_eq(text, "[4 bytes missing in capture file]");
}

Test(follow, a_gap_never_acknowledged_is_left_out_as_tshark_leaves_it)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1010, 5001, "world");
    seg(S, A, 5001, 1006, ""); /* acknowledges only what was seen */
    follow_finish(fol, false);
    cr_assert_str_eq(got, "0 hello @4\n");
}

Test(follow, finish_places_what_still_waits_after_its_hole)
{
    handshake();
    seg(C, PA, 1001, 5001, "hello");
    seg(C, PA, 1020, 5001, "late"); /* frame 5: 1020-1023 */
    seg(C, PA, 1010, 5001, "world"); /* frame 6: 1010-1014 */
    follow_finish(fol, true);
    cr_assert_str_eq(got, "0 hello @4\n0 GAP 4 end@6\n0 world @6\n0 GAP 5 end@5\n0 late @5\n");
}

Test(follow, both_directions_interleaved_keep_their_order)
{
    handshake();
    seg(C, PA, 1001, 5001, "GET");
    seg(S, PA, 5001, 1004, "OK");
    seg(C, PA, 1004, 5003, "BYE");
    seg(S, PA, 5003, 1007, "!");
    cr_assert_str_eq(got, "0 GET @4\n1 OK @5\n0 BYE @6\n1 ! @7\n");
}

Test(follow, data_on_a_syn_starts_one_past_its_sequence_number)
{
    seg(C, TCP_SYN, 7000, 0, "syn!"); /* TCP Fast Open style: data in the SYN */
    seg(S, TCP_SYN | A, 9000, 7005, "");
    seg(C, PA, 7005, 9001, "next");
    cr_assert_str_eq(got, "0 syn! @1\n0 next @3\n");
}

Test(follow, data_on_a_fin_is_followed_and_the_fin_adds_nothing)
{
    handshake();
    seg(C, TCP_FIN | PA, 1001, 5001, "bye");
    seg(S, TCP_FIN | A, 5001, 1005, "");
    seg(C, A, 1005, 5002, "");
    cr_assert_str_eq(got, "0 bye @4\n");
}

Test(follow, sequence_numbers_wrap_past_two_to_the_32)
{
    seg(C, TCP_SYN, 0xfffffff0u, 0, "");
    seg(S, TCP_SYN | A, 5000, 0xfffffff1u, "");
    seg(C, PA, 0xfffffffcu, 5001, "after"); /* out of order: 0xfffffffc-0x00000000 */
    seg(C, PA, 0xfffffff1u, 5001, "0123456789a"); /* 11 bytes: up to 0xfffffffb */
    seg(C, PA, 0xfffffffeu, 5001, "ter!"); /* 2 bytes before the wrap seen, "!" new */
    seg(C, PA, 0x00000002u, 5001, "wrapped");
    cr_assert_str_eq(got, "0 0123456789a @4\n0 after @3\n0 ! @5\n0 wrapped @6\n");
}

Test(follow, node_0_is_the_sender_of_the_first_packet_even_the_server)
{
    seg(S, PA, 5001, 1001, "banner"); /* the capture starts mid-stream, server first */
    seg(C, PA, 1001, 5007, "hi");
    cr_assert_str_eq(got, "0 banner @1\n1 hi @2\n");
    cr_assert_eq(fol->node_port[0], 80);
}

Test(follow, a_full_pool_drops_the_segment_and_counts_it)
{
    handshake();
    static char big[1401];
    memset(big, 'x', 1400);
    uint32_t seq = 2001; /* a hole at 1001-2000: everything waits */
    for (int i = 0; i < FOLLOW_PENDING_SEGMENTS + 3; i++, seq += 1400)
        seg(C, PA, seq, 5001, big);
    uint32_t held = FOLLOW_PENDING_BYTES / 1400; /* the bytes bound comes first: 748 */
    cr_assert_eq(fol->pending_count[0], held);
    cr_assert_eq(fol->dropped_segments, FOLLOW_PENDING_SEGMENTS + 3 - held);
    cr_assert_eq(fol->dropped_bytes, (uint64_t)(FOLLOW_PENDING_SEGMENTS + 3 - held) * 1400);
    cr_assert_str_eq(got, "");
}

Test(follow, a_stream_number_or_two_endpoints_are_parsed)
{
    struct follow_target t;
    char err[256];
    cr_assert_eq(follow_parse_target("0", &t, err, sizeof err), 0);
    cr_assert(!t.by_endpoints);
    cr_assert_eq(t.stream, 0);
    cr_assert_eq(follow_parse_target("4294967295", &t, err, sizeof err), 0);
    cr_assert_eq(t.stream, 4294967295u);
    cr_assert_eq(follow_parse_target("198.51.100.2:80,192.0.2.1:40000", &t, err, sizeof err), 0);
    cr_assert(t.by_endpoints);
    cr_assert_eq(t.family, 4);
    cr_assert_eq(t.port[0], 80);
    cr_assert_eq(t.port[1], 40000);
    cr_assert_eq(t.addr[1][3], 1);
    cr_assert_eq(follow_parse_target("[::1]:5005,[2001:db8::7]:443", &t, err, sizeof err), 0);
    cr_assert_eq(t.family, 6);
    cr_assert_eq(t.addr[0][15], 1);
    cr_assert_eq(t.addr[1][0], 0x20);
    cr_assert_eq(t.port[1], 443);
}

Test(follow, a_malformed_stream_says_what_is_wrong_and_the_form_expected)
{
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"x", "neither a number nor two endpoints"},
        {"4294967296", "a stream number is at most 4294967295"},
        {"1.2.3.4:80", "neither a number nor two endpoints"},
        {"1.2.3.4:0,5.6.7.8:80", "a port is a number from 1 to 65535"},
        {"1.2.3.4:80,5.6.7.8:65536", "a port is a number from 1 to 65535"},
        {"1.2.3:80,5.6.7.8:80", "not an IPv4 address"},
        {"1.2.3.4,5.6.7.8:80", "an endpoint needs its port (ADDR:PORT)"},
        {"::1:80,[::1]:81", "not an IPv4 address"},
        {"[::1:80,[::1]:81", "an IPv6 endpoint is written [ADDR]:PORT"},
        {"1.2.3.4:80,[::1]:81", "both endpoints must be IPv4, or both IPv6"},
        {"", "neither a number nor two endpoints"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct follow_target t;
        char err[512], want[512];
        cr_assert_eq(follow_parse_target(bad[i].text, &t, err, sizeof err), -1, "%s", bad[i].text);
        snprintf(want, sizeof want,
                 "--follow '%s': %s; expected a stream number (the \"stream\" of --json, "
                 "tshark's tcp.stream) or ADDR:PORT,ADDR:PORT ([ADDR]:PORT for IPv6)",
                 bad[i].text, bad[i].why);
        cr_assert_str_eq(err, want);
    }
}

/* The printer, on a stream with a block each way and a gap: tshark's text exactly (raw), and
 * what ascii and hex add. */
static struct outbuf ob;
static struct follow_printer pr;
static struct follow_target tgt;

static void print_stream(enum follow_format format)
{
    outbuf_init_mem(&ob);
    char err[256];
    cr_assert_eq(follow_parse_target("3", &tgt, err, sizeof err), 0);
    follow_print_init(&pr, &ob, format, &tgt, fol);
    follow_init(fol, follow_print_block, &pr);
    handshake();
    seg(C, PA, 1001, 5001, "GET /\r\n");
    seg(S, PA, 5001, 1008, "HTTP/1.0 200 OK\r\n\x01");
    seg(C, PA, 1010, 5019, "Z");     /* 1008-1009 never captured */
    seg(S, A, 5019, 1011, "");       /* frame 7 acknowledges them */
    follow_finish(fol, format != FOLLOW_FORMAT_RAW);
    follow_print_end(&pr);
    ob_putc(&ob, '\0');
}

Test(follow, raw_is_tshark_raw)
{
    print_stream(FOLLOW_FORMAT_RAW);
    cr_assert_str_eq(ob.buf,
                     "\n===================================================================\n"
                     "Follow: tcp,raw\n"
                     "Filter: tcp.stream eq 3\n"
                     "Node 0: 192.0.2.1:40000\n"
                     "Node 1: 198.51.100.2:80\n"
                     "474554202f0d0a\n"
                     "\t485454502f312e3020323030204f4b0d0a01\n"
                     /* "[2 bytes missing in capture file]" and its NUL */
                     "5b32206279746573206d697373696e6720696e20636170747572652066696c655d00\n"
                     "5a\n"
                     "===================================================================\n");
    free(ob.buf);
}

Test(follow, ascii_says_each_block_size_direction_and_frame_and_the_gap)
{
    print_stream(FOLLOW_FORMAT_ASCII);
    cr_assert_str_eq(ob.buf,
                     "\n===================================================================\n"
                     "Follow: tcp,ascii\n"
                     "Filter: tcp.stream eq 3\n"
                     "Node 0: 192.0.2.1:40000\n"
                     "Node 1: 198.51.100.2:80\n"
                     "7 bytes, Node 0 -> Node 1 (frame 4)\n"
                     "GET /\r\n\n"
                     "\t18 bytes, Node 1 -> Node 0 (frame 5)\n"
                     "HTTP/1.0 200 OK\r\n.\n"
                     "2 bytes missing, Node 0 -> Node 1 (acknowledged in frame 7)\n"
                     "1 byte, Node 0 -> Node 1 (frame 6)\n"
                     "Z\n"
                     "===================================================================\n");
    free(ob.buf);
}

Test(follow, hex_is_tshark_hex_with_the_gap_in_words)
{
    print_stream(FOLLOW_FORMAT_HEX);
    cr_assert_str_eq(ob.buf,
                     "\n===================================================================\n"
                     "Follow: tcp,hex\n"
                     "Filter: tcp.stream eq 3\n"
                     "Node 0: 192.0.2.1:40000\n"
                     "Node 1: 198.51.100.2:80\n"
                     "00000000  47 45 54 20 2f 0d 0a                              GET /..\n"
                     "\t00000000  48 54 54 50 2f 31 2e 30  20 32 30 30 20 4f 4b 0d  "
                     "HTTP/1.0  200 OK.\n"
                     "\t00000010  0a 01                                             ..\n"
                     "00000007  2 bytes missing\n"
                     "00000009  5a                                                Z\n"
                     "===================================================================\n");
    free(ob.buf);
}

Test(follow, endpoints_give_tshark_address_filter_and_match_either_way)
{
    outbuf_init_mem(&ob);
    char err[256];
    cr_assert_eq(follow_parse_target("198.51.100.2:80,192.0.2.1:40000", &tgt, err, sizeof err),
                 0);
    follow_print_init(&pr, &ob, FOLLOW_FORMAT_RAW, &tgt, fol);
    follow_print_end(&pr); /* nothing followed: tshark's empty nodes */
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf,
                     "\n===================================================================\n"
                     "Follow: tcp,raw\n"
                     "Filter: ((ip.src eq 198.51.100.2 and tcp.srcport eq 80) and (ip.dst eq "
                     "192.0.2.1 and tcp.dstport eq 40000)) or ((ip.src eq 192.0.2.1 and "
                     "tcp.srcport eq 40000) and (ip.dst eq 198.51.100.2 and tcp.dstport eq 80))\n"
                     "Node 0: :0\n"
                     "Node 1: :0\n"
                     "===================================================================\n");
    free(ob.buf);
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[256];
    struct packet pkt;
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    cr_assert(follow_target_matches(&tgt, &pkt, true, 9));
    cr_assert(!follow_target_matches(&tgt, &pkt, false, 9)); /* not numbered: not followed */
    s.sport = 40001;
    n = pkt_build_eth_tcp(b, sizeof b, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    cr_assert(!follow_target_matches(&tgt, &pkt, true, 9));
    cr_assert_eq(follow_parse_target("9", &tgt, err, sizeof err), 0);
    cr_assert(follow_target_matches(&tgt, &pkt, true, 9));
    cr_assert(!follow_target_matches(&tgt, &pkt, true, 8));
}

Test(follow, a_hex_line_of_eight_bytes_ends_without_a_space_as_tshark)
{
    outbuf_init_mem(&ob);
    char err[256];
    cr_assert_eq(follow_parse_target("0", &tgt, err, sizeof err), 0);
    follow_print_init(&pr, &ob, FOLLOW_FORMAT_HEX, &tgt, fol);
    pr.header_done = true; /* the block's lines alone */
    struct follow_block b = {.kind = FOLLOW_DATA, .node = 1, .frame = 1,
                             .data = (const uint8_t *)"abcdefgh", .len = 8};
    follow_print_block(&pr, &b);
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf, "\t00000000  61 62 63 64 65 66 67 68                           "
                             "abcdefgh\n");
    free(ob.buf);
}

Test(follow, an_ip_fragment_is_counted_but_not_followed_as_tshark_waits_for_the_datagram)
{
    handshake();
    struct pkt_spec s = pkt_spec_default();
    s.tcp_flags = PA;
    s.seq = 1001;
    s.ack = 5001;
    s.ip_flags = 0x1; /* MF: the first fragment of a larger datagram */
    s.payload = (const uint8_t *)"part";
    s.payload_len = 4;
    uint8_t b[256];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    struct packet pkt;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    follow_packet(fol, &pkt, ++frame_no, 0);
    cr_assert_eq(fol->packets, 4);
    seg(C, PA, 1001, 5001, "whole");
    cr_assert_str_eq(got, "0 whole @5\n");
}

/* ---- the pool's room: segments placed leave theirs behind, reused once it is needed ---- */

/* Byte `offset` (from the first data byte) of node's stream in pool_reuse: any misplaced or
 * stale byte differs. */
static char pattern(int node, uint32_t offset)
{
    return (char)('!' + (offset / 1400 * 7 + offset % 1400 + (uint32_t)node * 3) % 90);
}

struct checked {
    uint32_t offset[2];
    uint32_t wrong;
};

static void check_block(void *user, const struct follow_block *b)
{
    struct checked *c = user;
    cr_assert_eq(b->kind, FOLLOW_DATA);
    for (uint32_t i = 0; i < b->len; i++, c->offset[b->node]++)
        c->wrong += b->data[i] != (uint8_t)pattern(b->node, c->offset[b->node]);
}

/* `count` segments of 1400 bytes of node's stream from stream offset `from` (client data starts
 * at sequence number 1001, the server's at 5001). */
static void burst(int node, uint32_t from, int count)
{
    static char data[1401];
    for (int k = 0; k < count; k++, from += 1400) {
        for (uint32_t i = 0; i < 1400; i++)
            data[i] = pattern(node, from + i);
        seg(node == 0, PA, (node ? 5001u : 1001u) + from, node ? 1001 : 5001, data);
    }
}

/* Both nodes wait behind a hole; the client's hole fills (its 700 segments placed, the server's
 * 30 still waiting high in the pool); the client's next burst needs the room they left, so the
 * server's bytes move down; then everything is placed: every byte in place, once. (Before, each
 * placed segment moved every byte after it down at once: a megabyte a segment.) */
Test(follow, the_room_of_placed_segments_is_reused_and_bytes_stay_in_place)
{
    struct checked c = {{0, 0}, 0};
    follow_init(fol, check_block, &c);
    handshake();
    burst(0, 1400, 700); /* client: its first 1400 bytes missing */
    burst(1, 1400, 30);  /* server: the same */
    cr_assert_eq(fol->pool_live, 730 * 1400);
    burst(0, 0, 1);
    cr_assert_eq(c.offset[0], 701 * 1400);
    cr_assert_eq(fol->pool_live, 30 * 1400);
    cr_assert_eq(fol->pool_used, 730 * 1400); /* nothing moved */
    /* a new hole, then as many bytes again: past the pool's end, and over where the server's
     * bytes were */
    burst(0, 702 * 1400, 700);
    cr_assert_eq(fol->dropped_segments, 0);
    cr_assert_eq(fol->pool_live, 730 * 1400);
    burst(1, 0, 1);
    burst(0, 701 * 1400, 1);
    cr_assert_eq(c.offset[0], 1402 * 1400);
    cr_assert_eq(c.offset[1], 31 * 1400);
    cr_assert_eq(c.wrong, 0);
    cr_assert_eq(fol->pending_count[0] + fol->pending_count[1], 0);
    cr_assert_eq(fol->pool_used, 0);
    cr_assert_eq(fol->pool_live, 0);
}

/* Both nodes' streams (2 MB and 300 KB) in segments of 1 to 1400 bytes, each window of 150
 * segments shuffled, a tenth sent twice; node 1's first segment held back to the end, so that
 * the pool never empties and its room is reused many times over: every byte comes out once, in
 * place. */
Test(follow, shuffled_segments_with_the_pool_never_empty_come_out_in_place)
{
    struct checked c = {{0, 0}, 0};
    follow_init(fol, check_block, &c);
    handshake();
    static struct piece { int node; uint32_t from, len; } segs[6000];
    uint32_t n = 0, total[2] = {2000000, 300000}, rng = 12345;
    for (int node = 0; node < 2; node++)
        for (uint32_t from = 0; from < total[node]; n++) {
            rng = rng * 1103515245u + 12345u;
            uint32_t len = 1 + (rng >> 16) % 1400;
            len = len < total[node] - from ? len : total[node] - from;
            segs[n].node = node, segs[n].from = from, segs[n].len = len;
            from += len;
        }
    /* interleave the nodes: node 1's segments spread among node 0's */
    static char data[1401];
    uint32_t held = 0; /* node 1's first segment, index in segs */
    for (uint32_t i = 0; i < n; i++)
        if (segs[i].node == 1) {
            held = i;
            break;
        }
    uint32_t order[6000];
    for (uint32_t i = 0, k1 = held + 1, k0 = 0; i < n - 1; i++) {
        bool one = k1 < n && (k0 == held || i % 7 == 6);
        order[i] = one ? k1++ : k0++;
    }
    for (uint32_t w = 0; w < n - 1; w += 150) /* shuffle each window */
        for (uint32_t i = w; i < w + 150 && i < n - 1; i++) {
            rng = rng * 1103515245u + 12345u;
            uint32_t end = w + 150 < n - 1 ? w + 150 : n - 1, j = i + (rng >> 16) % (end - i);
            uint32_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    order[n - 1] = held;
    for (uint32_t i = 0; i < n; i++) {
        for (int twice = 0; twice < (i % 10 == 3 ? 2 : 1); twice++) {
            const struct piece *s = &segs[order[i]];
            for (uint32_t b = 0; b < s->len; b++)
                data[b] = pattern(s->node, s->from + b);
            data[s->len] = '\0';
            seg(s->node == 0, PA, (s->node ? 5001u : 1001u) + s->from, s->node ? 1001 : 5001,
                data);
        }
    }
    follow_finish(fol, true);
    cr_assert_eq(fol->dropped_segments, 0);
    cr_assert_eq(c.wrong, 0);
    cr_assert_eq(c.offset[0], total[0]);
    cr_assert_eq(c.offset[1], total[1]);
}
