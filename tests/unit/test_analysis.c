/* TCP analysis (src/analysis/): each rule of ../shared/tcp-analysis/SPEC.md on hand-built segment
 * sequences, with the values tshark 4.0.17 gives for the same sequences (tests/analysis's
 * make_cases.py writes them as captures; the analysis_oracle test holds both to tshark). Case
 * numbers are SPEC.md's "Behaviours checked". Client 192.0.2.1:40000 (ISN 1000), server
 * 198.51.100.2:80 (ISN 5000); seq/ack below are relative; times in ms. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/analysis.h"

#define MS 1000000LL
static const int64_t T0 = 1700000000LL * 1000000000LL;

static struct analysis *an;
static struct packet pkt;
static struct analysis_verdict v;
static uint32_t frame_no;
static uint32_t cisn, sisn;
static uint16_t cport;
static bool ipv6;

static void setup(void)
{
    an = malloc((size_t)analysis_size());
    cr_assert_not_null(an);
    analysis_init(an);
    frame_no = 0;
    cisn = 1000;
    sisn = 5000;
    cport = 40000;
    ipv6 = false;
}
static void teardown(void)
{
    free(an);
}
TestSuite(analysis, .init = setup, .fini = teardown);

enum side { CLIENT, SERVER };

/* Wraps the TCP segment of an IPv4 frame in Ethernet + IPv6 (the TCP checksum is left as it
 * is: the analysis does not read it). */
static size_t to_ipv6(uint8_t *out, size_t cap, const uint8_t *v4, size_t n, bool from_client)
{
    size_t tcp_len = n - 14 - 20;
    cr_assert(14 + 40 + tcp_len <= cap);
    memset(out, 0, 14 + 40);
    put16(out + 12, 0x86dd);
    out[14] = 0x60;
    put16(out + 18, (uint16_t)tcp_len);
    out[20] = 6;
    out[21] = 64;
    uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8}, b[16] = {0x20, 0x01, 0x0d, 0xb8};
    a[15] = 1;
    b[15] = 2;
    memcpy(out + 22, from_client ? a : b, 16);
    memcpy(out + 38, from_client ? b : a, 16);
    memcpy(out + 54, v4 + 34, tcp_len);
    return 14 + 40 + tcp_len;
}

/* One segment from a side, with options; returns its verdict. */
static const struct analysis_verdict *sendo(enum side side, double ms, uint32_t seq,
                                            uint32_t ack, const char *flags, uint32_t len,
                                            uint16_t win, const uint8_t *opts, size_t opts_len)
{
    static uint8_t payload[4096], frame[4300], frame6[4300];
    memset(payload, 'x', sizeof payload);
    struct pkt_spec s = side == SERVER ? pkt_spec_reply(cport) : pkt_spec_default();
    if (side == SERVER) {
        s.seq = sisn + seq;
        s.ack = cisn + ack;
    } else {
        s.sport = cport;
        s.seq = cisn + seq;
        s.ack = sisn + ack;
    }
    s.tcp_flags = pkt_tcp_flags(flags);
    s.window = win;
    s.payload = payload;
    s.payload_len = len;
    s.tcp_options = opts;
    s.tcp_options_len = opts_len;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    cr_assert(n > 0);
    const uint8_t *f = frame;
    if (ipv6) {
        n = to_ipv6(frame6, sizeof frame6, frame, n, side == CLIENT);
        f = frame6;
    }
    decode_packet(&pkt, LINKTYPE_ETHERNET, f, (uint32_t)n, (uint32_t)n);
    analysis_packet(an, &pkt, ++frame_no, T0 + (int64_t)(ms * (double)MS), &v);
    return &v;
}

static const struct analysis_verdict *C(double ms, uint32_t seq, uint32_t ack, const char *fl,
                                        uint32_t len)
{
    return sendo(CLIENT, ms, seq, ack, fl, len, 65535, NULL, 0);
}
static const struct analysis_verdict *S(double ms, uint32_t seq, uint32_t ack, const char *fl,
                                        uint32_t len)
{
    return sendo(SERVER, ms, seq, ack, fl, len, 65535, NULL, 0);
}
static const struct analysis_verdict *Sw(double ms, uint32_t seq, uint32_t ack, const char *fl,
                                         uint32_t len, uint16_t win)
{
    return sendo(SERVER, ms, seq, ack, fl, len, win, NULL, 0);
}

static const uint8_t *ws_option(uint8_t shift)
{
    static uint8_t o[4] = {1, 3, 3, 0};
    o[3] = shift;
    return o;
}

/* SYN at 0, SYN-ACK at rtt/2, ACK at rtt: frames 1-3. */
static void handshake(double rtt)
{
    C(0, 0, (uint32_t)-sisn, "S", 0);
    S(rtt / 2, 0, 1, "SA", 0);
    C(rtt, 1, 1, "A", 0);
}

static void assert_flags(const struct analysis_verdict *r, uint32_t flags)
{
    cr_assert_eq(r->flags, flags, "frame %u: flags 0x%x, expected 0x%x", frame_no, r->flags,
                 flags);
}

#define WHY(r, flag) ((r)->why[__builtin_ctz(flag)])

/* ---- Handshake, RTT, bytes in flight (case 01) ---- */

Test(analysis, handshake_acks_and_initial_rtt)
{
    assert_flags(C(0, 0, (uint32_t)-sisn, "S", 0), 0);
    cr_assert(v.analysed && v.has_stream && v.stream == 0);
    cr_assert_eq(v.acks_frame, 0);
    S(10, 0, 1, "SA", 0);
    cr_assert_eq(v.acks_frame, 1);
    cr_assert_eq(v.ack_rtt_ns, 10 * MS);
    cr_assert(!v.has_initial_rtt); /* known only from the third packet */
    C(20, 1, 1, "A", 0);
    cr_assert_eq(v.acks_frame, 2);
    cr_assert(v.has_initial_rtt);
    cr_assert_eq(v.initial_rtt_ns, 20 * MS);
}

Test(analysis, bytes_in_flight_and_ack_rtt_case01)
{
    handshake(20);
    C(50, 1, 1, "PA", 100);
    cr_assert(v.has_bytes_in_flight);
    cr_assert_eq(v.bytes_in_flight, 100);
    C(51, 101, 1, "PA", 100);
    cr_assert_eq(v.bytes_in_flight, 200);
    S(91, 1, 201, "A", 0);
    assert_flags(&v, 0);
    cr_assert_eq(v.acks_frame, 5);
    cr_assert(v.has_ack_rtt);
    cr_assert_eq(v.ack_rtt_ns, 40 * MS);
    cr_assert_eq(v.acked.range_first, 101);
    cr_assert_eq(v.acked.range_end, 201);
    cr_assert(v.acked.range_of_peer);
}

/* ---- Retransmissions (cases 02, 03, 04, 05, 13, 14, 16, 22, 25, 26) ---- */

Test(analysis, retransmission_with_rto_case02)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    C(500, 1, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert(v.has_rto);
    cr_assert_eq(v.rto_ns, 400 * MS);
    cr_assert_eq(v.rto_frame, 4);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(e->frame, 4);
    cr_assert_eq(e->delta_ns, 400 * MS);
    cr_assert_eq(e->range_first, 1);
    cr_assert_eq(e->range_end, 101);
    S(520, 1, 101, "A", 0);
    cr_assert_eq(v.acks_frame, 4, "the ACK matches the original (the oldest), not the resend");
    cr_assert_eq(v.ack_rtt_ns, 420 * MS);
}

Test(analysis, spurious_retransmission_case03)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(130, 1, 101, "A", 0);
    C(400, 1, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION);
    cr_assert(!v.has_rto);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_SPURIOUS_RETRANSMISSION);
    cr_assert_eq(e->frame, 5); /* the ACK that covered it */
    cr_assert_eq(e->delta_ns, 270 * MS);
    cr_assert_eq(e->value_after, 101);
}

Test(analysis, duplicate_acks_then_fast_retransmission_case04)
{
    handshake(20);
    for (uint32_t i = 0; i < 4; i++)
        C(100 + i, 1 + 100 * i, 1, "A", 100);
    S(130, 1, 101, "A", 0);
    assert_flags(&v, 0);
    for (uint32_t n = 1; n <= 3; n++) {
        S(130 + n, 1, 101, "A", 0);
        assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
        cr_assert_eq(v.duplicate_ack_num, n);
        cr_assert_eq(v.duplicate_ack_frame, 8);
        cr_assert_eq(WHY(&v, ANALYSIS_DUPLICATE_ACK).count, n);
        cr_assert_eq(WHY(&v, ANALYSIS_DUPLICATE_ACK).value_after, 101);
    }
    C(135, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION);
    cr_assert_eq(v.bytes_in_flight, 300);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_FAST_RETRANSMISSION);
    cr_assert_eq(e->count, 3);
    cr_assert_eq(e->frame, 5);        /* first sent in frame 5 */
    cr_assert_eq(e->other_frame, 11); /* the last duplicate ACK */
    cr_assert_eq(e->other_delta_ns, 2 * MS);
}

Test(analysis, peer_data_beyond_ack_says_whether_bytes_are_awaited)
{
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 101, 1, "A", 100);
    S(102, 1, 101, "A", 0); /* acknowledges 100 of the 200 bytes sent: no duplicate yet */
    cr_assert(!v.peer_data_beyond_ack);
    S(103, 1, 101, "A", 0); /* a duplicate ACK: bytes 101.. are awaited */
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
    cr_assert(v.peer_data_beyond_ack);
    S(104, 1, 201, "A", 0); /* everything */
    S(105, 1, 201, "A", 0);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
    cr_assert(!v.peer_data_beyond_ack);
    /* The client's FIN is no data byte: a duplicate of its ACK awaits nothing. */
    C(110, 201, 1, "FA", 0);
    S(111, 1, 202, "A", 0);
    S(112, 1, 202, "A", 0);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
    cr_assert(!v.peer_data_beyond_ack);
}

Test(analysis, lost_segment_then_out_of_order_case05)
{
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 201, 1, "A", 100);
    assert_flags(&v, ANALYSIS_LOST_SEGMENT);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_LOST_SEGMENT);
    cr_assert_eq(e->range_first, 101);
    cr_assert_eq(e->range_end, 201);
    cr_assert_eq(e->frame, 4);
    cr_assert(!v.has_bytes_in_flight, "bytes in flight are off after a gap");
    C(101.5, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_OUT_OF_ORDER);
    cr_assert_eq(WHY(&v, ANALYSIS_OUT_OF_ORDER).frame, 5);
    cr_assert_eq(WHY(&v, ANALYSIS_OUT_OF_ORDER).other_delta_ns, 20 * MS); /* the iRTT limit */
}

Test(analysis, fill_after_the_initial_rtt_is_a_retransmission_case14)
{
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 201, 1, "A", 100);
    C(131, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.rto_frame, 4);
    cr_assert_eq(v.rto_ns, 31 * MS);
}

Test(analysis, without_handshake_the_limit_is_3ms_case22)
{
    C(0, 1, 1, "A", 100);
    C(1, 201, 1, "A", 100);
    C(2.5, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_OUT_OF_ORDER);
    cport = 40001;
    C(10, 1, 1, "A", 100);
    cr_assert_eq(v.stream, 1);
    C(11, 201, 1, "A", 100);
    C(15, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.rto_ns, 5 * MS);
    cr_assert_eq(v.rto_frame, 4);
}

Test(analysis, fast_beats_out_of_order_case16)
{
    C(0, 1, 1, "A", 100);
    C(1, 101, 1, "A", 100);
    C(2, 201, 1, "A", 100);
    S(2.2, 1, 101, "A", 0);
    S(2.4, 1, 101, "A", 0);
    S(2.6, 1, 101, "A", 0);
    C(3, 101, 1, "A", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION);
}

Test(analysis, spurious_beats_out_of_order_case26)
{
    handshake(200);
    C(300, 1, 1, "PA", 100);
    S(301, 1, 101, "A", 0);
    C(302, 1, 1, "PA", 100); /* within the iRTT of the highest segment: would be out-of-order */
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION);
}

Test(analysis, spurious_at_the_next_sequence_number_case25)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(120, 1, 201, "A", 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT);
    C(130, 101, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION);
}

Test(analysis, syn_retransmission_and_fin_counts_one_case13)
{
    C(0, 0, (uint32_t)-sisn, "S", 0);
    C(1000, 0, (uint32_t)-sisn, "S", 0);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.rto_ns, 1000 * MS);
    cr_assert_eq(v.rto_frame, 1);
    S(1010, 0, 1, "SA", 0);
    cr_assert_eq(v.acks_frame, 1, "the original SYN");
    cr_assert_eq(v.ack_rtt_ns, 1010 * MS);
    C(1020, 1, 1, "A", 0);
    cr_assert_eq(v.initial_rtt_ns, 20 * MS, "from the last SYN");
    C(1030, 1, 1, "PA", 10);
    cr_assert_eq(v.bytes_in_flight, 10);
    C(1031, 11, 1, "FA", 0);
    cr_assert(!v.has_bytes_in_flight);
    S(1050, 1, 12, "A", 0);
    cr_assert_eq(v.acks_frame, 6, "the FIN's sequence number is acknowledged");
    cr_assert_eq(v.ack_rtt_ns, 19 * MS);
}

/* ---- Keep-alives (case 07): not retransmissions; their ACKs are not duplicate ACKs ---- */

Test(analysis, keep_alive_is_not_a_retransmission_case07)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(120, 1, 101, "A", 0);
    C(10000, 100, 1, "A", 0);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE);
    cr_assert_eq(WHY(&v, ANALYSIS_KEEP_ALIVE).frame, 4);
    cr_assert_eq(WHY(&v, ANALYSIS_KEEP_ALIVE).delta_ns, 9900 * MS);
    S(10020, 1, 101, "A", 0);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE_ACK);
    cr_assert_eq(WHY(&v, ANALYSIS_KEEP_ALIVE_ACK).frame, 6);
    C(20000, 100, 1, "A", 1); /* one byte below the next sequence number */
    assert_flags(&v, ANALYSIS_KEEP_ALIVE);
    cr_assert_eq(v.bytes_in_flight, 1);
    S(20020, 1, 101, "A", 0);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE_ACK);
    S(20030, 1, 101, "A", 0);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE_ACK); /* still, not a duplicate ACK */
}

/* ---- Windows (cases 06, 08, 09, 10, 17, 20, 30) ---- */

Test(analysis, zero_window_probe_probe_ack_and_update_case06)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    Sw(120, 1, 101, "A", 0, 0);
    assert_flags(&v, ANALYSIS_ZERO_WINDOW);
    C(400, 101, 1, "A", 1);
    assert_flags(&v, ANALYSIS_ZERO_WINDOW_PROBE);
    cr_assert_eq(WHY(&v, ANALYSIS_ZERO_WINDOW_PROBE).frame, 5);
    cr_assert_eq(v.bytes_in_flight, 1);
    Sw(420, 1, 101, "A", 0, 0);
    assert_flags(&v, ANALYSIS_ZERO_WINDOW | ANALYSIS_ZERO_WINDOW_PROBE_ACK);
    cr_assert_eq(WHY(&v, ANALYSIS_ZERO_WINDOW_PROBE_ACK).frame, 6);
    Sw(900, 1, 101, "A", 0, 8192);
    assert_flags(&v, ANALYSIS_WINDOW_UPDATE);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_UPDATE).value_before, 0);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_UPDATE).value_after, 8192);
    cr_assert(WHY(&v, ANALYSIS_WINDOW_UPDATE).values_scaled); /* no option: no scaling */
    C(910, 101, 1, "PA", 100);
    assert_flags(&v, 0); /* the probe's byte did not advance the sequence number */
}

Test(analysis, acked_probe_byte_case20)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    Sw(120, 1, 101, "A", 0, 0);
    C(400, 101, 1, "A", 1);
    Sw(420, 1, 102, "A", 0, 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT | ANALYSIS_ZERO_WINDOW);
    cr_assert_eq(v.acks_frame, 6);
    Sw(900, 1, 102, "A", 0, 8192);
    assert_flags(&v, ANALYSIS_WINDOW_UPDATE);
    C(910, 102, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_LOST_SEGMENT); /* tshark 4.0's quirk: the probe did not count */
}

Test(analysis, window_update_keeps_the_duplicate_count_case08)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    Sw(120, 1, 101, "A", 0, 1000);
    Sw(130, 1, 101, "A", 0, 2000);
    assert_flags(&v, ANALYSIS_WINDOW_UPDATE);
    Sw(140, 1, 101, "A", 0, 2000);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
    cr_assert_eq(v.duplicate_ack_num, 1);
    cr_assert_eq(v.duplicate_ack_frame, 5);
    Sw(150, 1, 101, "A", 0, 2000);
    cr_assert_eq(v.duplicate_ack_num, 2);
    cr_assert_eq(v.duplicate_ack_frame, 5);
}

Test(analysis, window_full_without_scaling_case09)
{
    sendo(CLIENT, 0, 0, (uint32_t)-sisn, "S", 0, 1000, NULL, 0);
    sendo(SERVER, 10, 0, 1, "SA", 0, 1000, NULL, 0);
    sendo(CLIENT, 20, 1, 1, "A", 0, 1000, NULL, 0);
    cr_assert(v.window_size_known);
    cr_assert_eq(v.window_size, 1000);
    cr_assert_eq(v.window_shift, -2);
    C(100, 1, 1, "PA", 1000);
    assert_flags(&v, ANALYSIS_WINDOW_FULL);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_FULL).value_after, 1000);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_FULL).frame, 2);
}

Test(analysis, window_full_with_scale_3_case10)
{
    sendo(CLIENT, 0, 0, (uint32_t)-sisn, "S", 0, 65535, ws_option(3), 4);
    cr_assert(v.window_size_known && v.window_size == 65535, "SYNs are not scaled");
    sendo(SERVER, 10, 0, 1, "SA", 0, 250, ws_option(3), 4);
    C(20, 1, 1, "A", 0);
    cr_assert_eq(v.window_size, 65535u << 3);
    cr_assert_eq(v.window_shift, 3);
    C(100, 1, 1, "PA", 250); /* the SYN-ACK's 250 is not scaled yet */
    assert_flags(&v, ANALYSIS_WINDOW_FULL);
    Sw(120, 1, 251, "A", 0, 250);
    cr_assert_eq(v.window_size, 2000);
    C(130, 251, 1, "PA", 2000);
    assert_flags(&v, ANALYSIS_WINDOW_FULL);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_FULL).value_after, 2000);
}

Test(analysis, no_window_full_mid_stream_case17)
{
    Sw(0, 1, 1, "A", 0, 1000);
    cr_assert(!v.window_size_known, "the scale is unknown without a handshake");
    C(10, 1, 1, "PA", 1000);
    assert_flags(&v, 0);
}

Test(analysis, scaled_window_update_and_one_byte_keep_alive_case30)
{
    sendo(CLIENT, 0, 0, (uint32_t)-sisn, "S", 0, 65535, ws_option(2), 4);
    sendo(SERVER, 10, 0, 1, "SA", 0, 65535, ws_option(2), 4);
    C(20, 1, 1, "A", 0);
    C(100, 1, 1, "PA", 100);
    Sw(120, 1, 101, "A", 0, 100);
    Sw(130, 1, 101, "A", 0, 400);
    assert_flags(&v, ANALYSIS_WINDOW_UPDATE);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_UPDATE).value_before, 400);
    cr_assert_eq(WHY(&v, ANALYSIS_WINDOW_UPDATE).value_after, 1600);
    C(5000, 100, 1, "A", 1);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE);
    Sw(5020, 1, 101, "A", 0, 400);
    assert_flags(&v, ANALYSIS_KEEP_ALIVE_ACK);
}

/* ---- ACKed unseen (cases 11, 23, 29, 31, 32) ---- */

Test(analysis, acked_unseen_then_duplicates_case11)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(120, 1, 201, "A", 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_ACK_LOST_SEGMENT);
    cr_assert(e->range_of_peer);
    cr_assert_eq(e->range_first, 101);
    cr_assert_eq(e->range_end, 201);
    for (uint32_t n = 1; n <= 3; n++) {
        S(120 + 10 * n, 1, 201, "A", 0);
        assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
        cr_assert_eq(v.duplicate_ack_num, n);
    }
}

Test(analysis, acked_unseen_after_duplicate_acks_case23)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(110, 1, 101, "A", 0);
    S(111, 1, 101, "A", 0);
    cr_assert_eq(v.duplicate_ack_num, 1);
    C(120, 101, 1, "PA", 100);
    S(130, 1, 301, "A", 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT);
    S(140, 1, 301, "A", 0);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
    cr_assert_eq(v.duplicate_ack_num, 1);
    cr_assert_eq(v.duplicate_ack_frame, 8);
}

Test(analysis, after_acked_unseen_a_resend_is_fast_case29)
{
    handshake(20);
    S(100, 1, 1, "PA", 100);
    C(101, 1, 201, "PA", 100);
    cr_assert(v.flags & ANALYSIS_ACK_LOST_SEGMENT);
    C(102, 101, 201, "PA", 100);
    cr_assert(!(v.flags & ANALYSIS_ACK_LOST_SEGMENT), "once per gap");
    C(105, 1, 201, "PA", 100);
    /* tshark keeps the peer's count at -1 in an unsigned field: "at least two duplicates". */
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION);
}

Test(analysis, acked_unseen_over_a_gap_moves_the_limit_case31)
{
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 1001, 1, "A", 100);
    S(110, 1, 1101, "A", 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT);
    S(111, 1, 1101, "PA", 100);
    C(120, 1101, 101, "A", 0);
    S(130, 101, 1101, "A", 0);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
}

Test(analysis, acked_unseen_gap_across_wraparound_case32)
{
    cisn = 0xFFFFFE00;
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 1001, 1, "A", 100); /* wraps past 2^32 */
    assert_flags(&v, ANALYSIS_LOST_SEGMENT);
    S(110, 1, 1101, "A", 0);
    assert_flags(&v, ANALYSIS_ACK_LOST_SEGMENT);
    S(111, 1, 1101, "PA", 100);
    C(120, 1101, 101, "A", 0);
    S(130, 101, 1101, "A", 0);
    assert_flags(&v, ANALYSIS_DUPLICATE_ACK);
}

/* ---- Ports reused, streams (cases 12, 15, 19) ---- */

Test(analysis, new_isn_after_fin_starts_a_new_stream_case12)
{
    handshake(20);
    C(100, 1, 1, "FA", 0);
    S(110, 1, 2, "FA", 0);
    C(120, 2, 2, "A", 0);
    cisn = 900000;
    sisn = 700000;
    C(5000, 0, (uint32_t)-sisn, "S", 0);
    assert_flags(&v, ANALYSIS_REUSED_PORTS);
    cr_assert_eq(v.stream, 1);
    const struct analysis_evidence *e = &WHY(&v, ANALYSIS_REUSED_PORTS);
    cr_assert_eq(e->count, 0);
    cr_assert_eq(e->frame, 6);
    cr_assert_eq(e->value_before, 1000);
    cr_assert_eq(e->value_after, 900000);
    S(5010, 0, 1, "SA", 0);
    assert_flags(&v, 0);
    cr_assert_eq(v.stream, 1);
    cr_assert_eq(v.acks_frame, 7);
}

Test(analysis, same_isn_after_fin_is_a_retransmission_case15)
{
    handshake(20);
    C(100, 1, 1, "FA", 0);
    S(110, 1, 2, "FA", 0);
    C(120, 2, 2, "A", 0);
    C(5000, 0, (uint32_t)-sisn, "S", 0);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.stream, 0);
    cr_assert_eq(v.rto_ns, 4900 * MS);
    cr_assert_eq(v.rto_frame, 4);
}

Test(analysis, same_isn_syn_pulls_the_next_sequence_back)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    C(101, 201, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_LOST_SEGMENT); /* the contiguous limit stays at 101 */
    C(500, 0, (uint32_t)-sisn, "S", 0);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.stream, 0);
    C(510, 301, 1, "PA", 100);
    /* tshark 4.0.17 set the next sequence number back to 101 on that SYN: a gap again. */
    assert_flags(&v, ANALYSIS_LOST_SEGMENT);
    cr_assert_eq(WHY(&v, ANALYSIS_LOST_SEGMENT).range_first, 101);
    cr_assert_eq(WHY(&v, ANALYSIS_LOST_SEGMENT).range_end, 301);
}

Test(analysis, syn_ack_with_new_isn_stays_in_its_stream_case19)
{
    handshake(20);
    C(100, 1, 1, "FA", 0);
    S(110, 1, 2, "FA", 0);
    C(120, 2, 2, "A", 0);
    S(5000, 77777, 1, "SA", 0);
    assert_flags(&v, ANALYSIS_LOST_SEGMENT | ANALYSIS_REUSED_PORTS);
    cr_assert_eq(v.stream, 0);
}

Test(analysis, streams_numbered_in_order_of_first_packet)
{
    C(0, 1, 1, "A", 0);
    cr_assert_eq(v.stream, 0);
    cport = 40001;
    S(1, 1, 1, "A", 0);
    cr_assert_eq(v.stream, 1);
    cport = 40000;
    S(2, 1, 1, "A", 0);
    cr_assert_eq(v.stream, 0, "both directions share a stream");
}

/* ---- RST, partial ACK, SACK (cases 18, 21, 24) ---- */

Test(analysis, rst_beyond_next_sequence_has_no_flags_case18)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    C(110, 5000, 0, "R", 0);
    assert_flags(&v, 0);
}

Test(analysis, partial_ack_gives_no_rtt_case21)
{
    handshake(20);
    C(100, 1, 1, "PA", 200);
    S(120, 1, 101, "A", 0);
    cr_assert_eq(v.acks_frame, 0);
    cr_assert(!v.has_ack_rtt);
    S(140, 1, 201, "A", 0);
    cr_assert_eq(v.acks_frame, 4);
    cr_assert_eq(v.ack_rtt_ns, 40 * MS);
    cr_assert_eq(v.acked.range_first, 101, "what was left of it");
}

Test(analysis, bytes_in_flight_less_sack_case24)
{
    handshake(20);
    C(100, 1, 1, "A", 100);
    C(101, 101, 1, "A", 100);
    uint8_t sack[12] = {1, 1, 5, 10};
    put32(sack + 4, cisn + 101);
    put32(sack + 8, cisn + 201);
    sendo(SERVER, 120, 1, 1, "A", 0, 65535, sack, sizeof sack);
    C(121, 201, 1, "A", 100);
    cr_assert_eq(v.bytes_in_flight, 200);
    S(130, 1, 1, "A", 0); /* no SACK: forgotten */
    C(131, 301, 1, "A", 100);
    cr_assert_eq(v.bytes_in_flight, 400);
}

/* ---- Sequence numbers wrapping around 2^32, IPv6 (cases 27, 28) ---- */

Test(analysis, sequence_wraparound_case27)
{
    cisn = 0xFFFFFF00;
    sisn = 0xFFFFFFF0;
    handshake(20);
    for (uint32_t i = 0; i < 4; i++) {
        C(100 + i, 1 + 100 * i, 1, "A", 100);
        assert_flags(&v, 0);
        cr_assert_eq(v.bytes_in_flight, 100 * (i + 1));
    }
    S(130, 1, 201, "A", 0);
    cr_assert_eq(v.acks_frame, 5);
    C(400, 201, 1, "A", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.rto_frame, 6);
    cr_assert_eq(v.rto_ns, 298 * MS);
    cr_assert_eq(v.bytes_in_flight, 200);
    S(420, 1, 401, "A", 0);
    cr_assert_eq(v.acks_frame, 7);
    C(430, 501, 1, "A", 100);
    assert_flags(&v, ANALYSIS_LOST_SEGMENT);
    cr_assert_eq(WHY(&v, ANALYSIS_LOST_SEGMENT).range_first, 401);
    cr_assert_eq(WHY(&v, ANALYSIS_LOST_SEGMENT).range_end, 501);
}

Test(analysis, ipv6_connection_case28)
{
    ipv6 = true;
    handshake(20);
    cr_assert(pkt.ipv6.present);
    cr_assert_eq(v.acks_frame, 2);
    C(100, 1, 1, "PA", 100);
    C(101, 101, 1, "PA", 100);
    S(120, 1, 101, "A", 0);
    cr_assert_eq(v.acks_frame, 4);
    C(600, 101, 1, "PA", 100);
    assert_flags(&v, ANALYSIS_RETRANSMISSION);
    cr_assert_eq(v.rto_ns, 499 * MS);
    cr_assert_eq(v.rto_frame, 5);
    S(620, 1, 201, "A", 0);
    cr_assert_eq(v.acks_frame, 5);
    cr_assert_eq(v.stream, 0);
}

/* ---- What is not analysed, and the bounds ---- */

Test(analysis, non_tcp_is_not_analysed)
{
    uint8_t frame[64] = {0};
    put16(frame + 12, 0x0806); /* ARP */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, sizeof frame, sizeof frame);
    analysis_packet(an, &pkt, 1, T0, &v);
    cr_assert(!v.analysed && !v.has_stream);
    cr_assert_eq(v.flags, 0);
}

Test(analysis, ip_fragment_waits_for_reassembly_or_is_numbered_when_cut)
{
    struct pkt_spec s = pkt_spec_default();
    s.ip_flags = 1; /* MF */
    s.payload = (const uint8_t *)"0123456789";
    s.payload_len = 10;
    uint8_t frame[128];
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    analysis_packet(an, &pkt, 1, T0, &v);
    cr_assert(!v.has_stream && !v.analysed, "captured whole: tshark reassembles it first");
    cr_assert_eq(v.notes, ANALYSIS_NOTE_IP_FRAGMENT);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n - 4, (uint32_t)n);
    analysis_packet(an, &pkt, 2, T0, &v);
    cr_assert(v.has_stream && !v.analysed, "cut short: its TCP header is shown, not analysed");
    cr_assert_eq(v.stream, 0);
    cr_assert_eq(v.notes, ANALYSIS_NOTE_IP_FRAGMENT);
}

Test(analysis, bad_header_length_counts_but_shows_nothing)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    S(120, 1, 101, "A", 0);
    /* Data offset 4 (16 bytes) in a 24-byte segment: tshark counts 8 bytes of data. */
    struct pkt_spec s = pkt_spec_default();
    s.sport = cport;
    s.seq = cisn + 101;
    s.ack = sisn + 1;
    s.tcp_flags = TCP_ACK;
    s.payload = (const uint8_t *)"abcd";
    s.payload_len = 4;
    uint8_t frame[128];
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    frame[14 + 20 + 12] = 0x40;
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    analysis_packet(an, &pkt, 6, T0 + 130 * MS, &v);
    cr_assert(v.analysed && v.has_stream);
    cr_assert_eq(v.seglen, 8);
    cr_assert_eq(v.notes, ANALYSIS_NOTE_BAD_HEADER_LENGTH);
    cr_assert_eq(v.flags, 0);
    frame_no = 6;
    C(140, 109, 1, "PA", 10);
    assert_flags(&v, 0); /* continues from it: no gap */
}

Test(analysis, header_not_captured_shows_nothing_but_counts)
{
    handshake(20);
    C(100, 1, 1, "PA", 100);
    /* The ACK of frame 4, with 12 bytes of options, captured up to 4 bytes into them. */
    struct pkt_spec s = pkt_spec_reply(cport);
    s.seq = sisn + 1;
    s.ack = cisn + 101;
    s.tcp_flags = TCP_ACK;
    static const uint8_t ts[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
    s.tcp_options = ts;
    s.tcp_options_len = sizeof ts;
    uint8_t frame[128];
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 24, (uint32_t)n);
    analysis_packet(an, &pkt, 5, T0 + 120 * MS, &v);
    cr_assert(v.analysed);
    cr_assert_eq(v.acks_frame, 0, "tshark shows nothing for it");
    cr_assert_eq(v.notes, ANALYSIS_NOTE_HEADER_NOT_CAPTURED);
    frame_no = 5;
    C(500, 1, 1, "PA", 100); /* but its ACK counted */
    assert_flags(&v, ANALYSIS_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION);
}

Test(analysis, flag_and_note_names)
{
    cr_assert_str_eq(analysis_flag_name(ANALYSIS_RETRANSMISSION), "retransmission");
    cr_assert_str_eq(analysis_flag_name(ANALYSIS_ACK_LOST_SEGMENT), "ack_lost_segment");
    cr_assert_str_eq(analysis_flag_name(ANALYSIS_REUSED_PORTS), "reused_ports");
    cr_assert_null(analysis_flag_name(0));
    cr_assert_null(analysis_flag_name(3));
    cr_assert_null(analysis_flag_name(1u << ANALYSIS_FLAG_COUNT));
    for (unsigned i = 0; i < ANALYSIS_FLAG_COUNT; i++)
        cr_assert_not_null(analysis_flag_name(1u << i));
    for (unsigned i = 0; i < ANALYSIS_NOTE_COUNT; i++)
        cr_assert_not_null(analysis_note_name(1u << i));
    cr_assert_str_eq(analysis_note_name(ANALYSIS_NOTE_SEGMENTS_FORGOTTEN),
                     "analysis.segments_forgotten");
}

Test(analysis, full_segment_pool_forgets_and_says_so)
{
    /* Connections that each leave ANALYSIS_MAX_UNACKED segments unacknowledged fill the pool;
     * then new connections take the oldest records of the one the pool's clock points at. */
    uint32_t full = ANALYSIS_POOL / ANALYSIS_MAX_UNACKED;
    double ms = 0;
    for (uint32_t c = 0; c < full; c++) {
        cport = (uint16_t)(20000 + c);
        for (uint32_t i = 0; i < ANALYSIS_MAX_UNACKED; i++, ms += 0.001)
            C(ms, 1 + 10 * i, 1, "A", 10);
    }
    cr_assert_eq(an->segment_evictions, 0);
    uint32_t spare = ANALYSIS_POOL - full * ANALYSIS_MAX_UNACKED;
    for (uint32_t c = 0; c < spare + 200; c++, ms += 0.001) {
        cport = (uint16_t)(30000 + c);
        C(ms, 1, 1, "A", 10);
    }
    cr_assert_eq(an->segment_evictions, 200);
    cport = 20000; /* the first connection lost its oldest records */
    S(ms + 1, 1, 11, "A", 0);
    cr_assert_eq(v.notes, ANALYSIS_NOTE_SEGMENTS_FORGOTTEN);
    cr_assert_eq(v.acks_frame, 0);
    cport = (uint16_t)(20000 + full - 1); /* the last full one kept its own */
    S(ms + 2, 1, 11, "A", 0);
    cr_assert_eq(v.notes, 0);
    cr_assert_eq(v.acks_frame, (full - 1) * ANALYSIS_MAX_UNACKED + 1);
}

Test(analysis, evicted_connection_returns_with_a_note)
{
    C(0, 1, 1, "A", 0);
    cr_assert_eq(v.stream, 0);
    /* Far more connections than the table holds: the first is evicted. */
    uint32_t n = ANALYSIS_SETS * ANALYSIS_WAYS * 3 / 2;
    for (uint32_t i = 1; i <= n; i++) {
        struct pkt_spec s = pkt_spec_default();
        s.src[2] = (uint8_t)(i >> 16);
        s.src[3] = (uint8_t)(i >> 8);
        s.sport = (uint16_t)(1024 + (i & 0xff));
        s.tcp_flags = TCP_ACK;
        uint8_t frame[128];
        size_t len = pkt_build_eth_tcp(frame, sizeof frame, &s);
        decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)len, (uint32_t)len);
        analysis_packet(an, &pkt, ++frame_no, T0, &v);
    }
    cr_assert_gt(an->conn_evictions, 0);
    C(1, 1, 1, "A", 0);
    cr_assert(v.notes & ANALYSIS_NOTE_CONNECTION_FORGOTTEN);
    cr_assert_eq(v.stream, n + 1, "a new number: tshark's would be 0");
}
