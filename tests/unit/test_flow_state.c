/* Each side's TCP state as an observer at the wire infers it (src/flow/flow.c): every transition
 * of RFC 9293 that a capture can show, on hand-built packets. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/flow.h"

static struct flow_table *flows;
static struct packet pkt;

static void setup(void)
{
    flows = malloc(sizeof *flows);
    flow_table_init(flows);
}
static void teardown(void)
{
    free(flows);
}
TestSuite(flow_state, .init = setup, .fini = teardown);

enum { C = 1, S = 0 }; /* who sends: the client (192.0.2.1:40000) or the server (:80) */

static struct pkt_spec spec(int from_client, uint16_t flags, uint32_t seq, uint32_t ack)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(40000);
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    return s;
}

static struct flow_info feed_spec(const struct pkt_spec *s)
{
    uint8_t b[256];
    size_t n = pkt_build_eth_tcp(b, sizeof b, s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    return fi;
}

static struct flow_info feed_len(int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                                 size_t len)
{
    static const uint8_t data[64] = "0123456789012345678901234567890123456789";
    struct pkt_spec s = spec(from_client, flags, seq, ack);
    s.payload = data;
    s.payload_len = len;
    return feed_spec(&s);
}

static struct flow_info feed(int from_client, uint16_t flags, uint32_t seq, uint32_t ack)
{
    return feed_len(from_client, flags, seq, ack, 0);
}

/* The states after the packet, sender's then receiver's, by name ("-" for unknown). */
static void expect(struct flow_info fi, const char *src, const char *dst)
{
    const char *s = flow_state_name(fi.state_src), *d = flow_state_name(fi.state_dst);
    cr_assert_str_eq(s ? s : "-", src);
    cr_assert_str_eq(d ? d : "-", dst);
}

#define A (TCP_ACK)
#define FA (TCP_FIN | TCP_ACK)

/* The client's ISN is 100, the server's 500. */
static void handshake(void)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(S, TCP_SYN | A, 500, 101), "SYN-RECEIVED", "ESTABLISHED");
    expect(feed(C, A, 101, 501), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, names_are_rfc_9293s)
{
    cr_assert_null(flow_state_name(FLOW_STATE_UNKNOWN));
    cr_assert_str_eq(flow_state_name(FLOW_STATE_CLOSED), "CLOSED");
    cr_assert_str_eq(flow_state_name(FLOW_STATE_LISTEN), "LISTEN");
    cr_assert_str_eq(flow_state_name(FLOW_STATE_SYN_RECEIVED), "SYN-RECEIVED");
    cr_assert_str_eq(flow_state_name(FLOW_STATE_FIN_WAIT_2), "FIN-WAIT-2");
    cr_assert_str_eq(flow_state_name(FLOW_STATE_CLOSE_WAIT), "CLOSE-WAIT");
    cr_assert_str_eq(flow_state_name(FLOW_STATE_TIME_WAIT), "TIME-WAIT");
    cr_assert_null(flow_state_name(FLOW_STATE_COUNT_));
}

Test(flow_state, handshake_and_the_states_before)
{
    struct flow_info a = feed(C, TCP_SYN, 100, 0);
    cr_assert_eq(a.state_src_before, FLOW_STATE_UNKNOWN);
    cr_assert_eq(a.state_dst_before, FLOW_STATE_UNKNOWN);
    expect(a, "SYN-SENT", "-"); /* the server is not seen until it answers */
    struct flow_info b = feed(S, TCP_SYN | A, 500, 101);
    cr_assert_eq(b.state_src_before, FLOW_STATE_UNKNOWN);
    cr_assert_eq(b.state_dst_before, FLOW_STATE_SYN_SENT);
    expect(b, "SYN-RECEIVED", "ESTABLISHED");
    struct flow_info c = feed(C, A, 101, 501);
    cr_assert_eq(c.state_dst_before, FLOW_STATE_SYN_RECEIVED);
    expect(c, "ESTABLISHED", "ESTABLISHED");
    expect(feed_len(C, A | TCP_PSH, 101, 501, 18), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, data_piggybacking_the_third_ack_establishes_the_server)
{
    feed(C, TCP_SYN, 100, 0);
    feed(S, TCP_SYN | A, 500, 101);
    expect(feed_len(C, A | TCP_PSH, 101, 501, 10), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, four_packet_close)
{
    handshake();
    expect(feed(C, FA, 101, 501), "FIN-WAIT-1", "CLOSE-WAIT");
    struct flow_info ack = feed(S, A, 501, 102);
    expect(ack, "CLOSE-WAIT", "FIN-WAIT-2");
    cr_assert(ack.fin_acked);
    expect(feed(S, FA, 501, 102), "LAST-ACK", "TIME-WAIT");
    struct flow_info last = feed(C, A, 102, 502);
    expect(last, "TIME-WAIT", "CLOSED");
    cr_assert(last.fin_acked);
}

Test(flow_state, three_packet_close_fin_and_ack_together)
{
    handshake();
    expect(feed(C, FA, 101, 501), "FIN-WAIT-1", "CLOSE-WAIT");
    /* The server's FIN also acknowledges the client's: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT. */
    struct flow_info f = feed(S, FA, 501, 102);
    cr_assert_eq(f.state_dst_before, FLOW_STATE_FIN_WAIT_1);
    cr_assert(f.fin_acked);
    expect(f, "LAST-ACK", "TIME-WAIT");
    expect(feed(C, A, 102, 502), "TIME-WAIT", "CLOSED");
}

Test(flow_state, the_server_closes_first)
{
    handshake();
    expect(feed(S, FA, 501, 101), "FIN-WAIT-1", "CLOSE-WAIT");
    expect(feed(C, FA, 101, 502), "LAST-ACK", "TIME-WAIT");
    expect(feed(S, A, 502, 102), "TIME-WAIT", "CLOSED");
}

Test(flow_state, fin_with_data_is_acknowledged_past_its_data)
{
    handshake();
    expect(feed_len(C, FA | TCP_PSH, 101, 501, 10), "FIN-WAIT-1", "CLOSE-WAIT");
    /* Acknowledging the data but not the FIN (111, not 112) leaves FIN-WAIT-1. */
    struct flow_info part = feed(S, A, 501, 111);
    expect(part, "CLOSE-WAIT", "FIN-WAIT-1");
    cr_assert(!part.fin_acked);
    expect(feed(S, A, 501, 112), "CLOSE-WAIT", "FIN-WAIT-2");
}

Test(flow_state, simultaneous_close)
{
    handshake();
    expect(feed(C, FA, 101, 501), "FIN-WAIT-1", "CLOSE-WAIT");
    /* The server's FIN crossed the client's: it does not acknowledge it. */
    expect(feed(S, FA, 501, 101), "CLOSING", "CLOSING");
    expect(feed(C, A, 102, 502), "CLOSING", "TIME-WAIT");
    expect(feed(S, A, 502, 102), "TIME-WAIT", "TIME-WAIT");
}

Test(flow_state, simultaneous_open)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(S, TCP_SYN, 500, 0), "SYN-RECEIVED", "SYN-RECEIVED");
    expect(feed(C, TCP_SYN | A, 100, 501), "SYN-RECEIVED", "ESTABLISHED");
    expect(feed(S, TCP_SYN | A, 500, 101), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, retransmitted_fin_changes_nothing)
{
    handshake();
    expect(feed(C, FA, 101, 501), "FIN-WAIT-1", "CLOSE-WAIT");
    expect(feed(C, FA, 101, 501), "FIN-WAIT-1", "CLOSE-WAIT");
    expect(feed(S, FA, 501, 102), "LAST-ACK", "TIME-WAIT");
    /* The last ACK was lost: the server sends its FIN again; the client stays in TIME-WAIT. */
    struct flow_info again = feed(S, FA, 501, 102);
    expect(again, "LAST-ACK", "TIME-WAIT");
    cr_assert(!again.fin_acked);
    expect(feed(C, A, 102, 502), "TIME-WAIT", "CLOSED");
}

Test(flow_state, retransmitted_syn_stays_syn_sent)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
}

Test(flow_state, refused_connection_rst)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    struct flow_info r = feed(S, TCP_RST | A, 0, 101);
    cr_assert_eq(r.state_src_before, FLOW_STATE_UNKNOWN);
    expect(r, "CLOSED", "CLOSED");
}

Test(flow_state, reset_of_an_established_connection)
{
    handshake();
    expect(feed(C, TCP_RST, 101, 0), "CLOSED", "CLOSED");
}

Test(flow_state, joined_mid_stream_both_sides_established)
{
    struct flow_info a = feed_len(C, A | TCP_PSH, 7000, 9000, 20);
    cr_assert_eq(a.state_src_before, FLOW_STATE_UNKNOWN);
    expect(a, "ESTABLISHED", "ESTABLISHED");
    expect(feed(S, A, 9000, 7020), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, joined_at_the_close)
{
    expect(feed(S, FA, 9000, 7000), "FIN-WAIT-1", "CLOSE-WAIT");
    expect(feed(C, FA, 7000, 9001), "LAST-ACK", "TIME-WAIT");
}

Test(flow_state, joined_at_the_syn_ack)
{
    expect(feed(S, TCP_SYN | A, 500, 101), "SYN-RECEIVED", "ESTABLISHED");
    expect(feed(C, A, 101, 501), "ESTABLISHED", "ESTABLISHED");
}

Test(flow_state, a_new_syn_starts_over)
{
    handshake();
    feed(C, FA, 101, 501);
    feed(S, FA, 501, 102);
    feed(C, A, 102, 502);
    struct flow_info n = feed(C, TCP_SYN, 80000, 0);
    cr_assert_eq(n.state_src_before, FLOW_STATE_UNKNOWN);
    expect(n, "SYN-SENT", "-");
}

Test(flow_state, entry_stays_small)
{
    /* A few bytes per connection: the states, each side's FIN end, and what an RST is checked
     * against (next sequence number, last ACK and window, window scale, the states before). */
    cr_assert_leq(sizeof(struct flow_entry), 96);
}

Test(flow_state, one_direction_ack_from_syn_sent_shows_the_syn_ack_arrived)
{
    /* Only the client's packets were captured: its ACK proves the SYN-ACK reached it. */
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    struct flow_info a = feed(C, A, 101, 501);
    cr_assert_eq(a.state_src_before, FLOW_STATE_SYN_SENT);
    cr_assert_eq(a.state_dst_before, FLOW_STATE_UNKNOWN);
    expect(a, "ESTABLISHED", "ESTABLISHED");
    expect(feed_len(C, A | TCP_PSH, 101, 501, 10), "ESTABLISHED", "ESTABLISHED");
    expect(feed(C, FA, 111, 501), "FIN-WAIT-1", "CLOSE-WAIT");
}

Test(flow_state, fast_open_syn_with_data_then_fin_one_direction)
{
    /* tfo-5c1fa7f9ae91.pcap frames 13-14: a SYN carrying 4 bytes, then [F.] from that side. */
    expect(feed_len(C, TCP_SYN, 100, 0, 4), "SYN-SENT", "-");
    expect(feed(C, FA, 105, 501), "FIN-WAIT-1", "CLOSE-WAIT");
}

Test(flow_state, syn_sent_without_ack_stays_syn_sent)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(C, TCP_PSH, 101, 0), "SYN-SENT", "-"); /* no ACK: proves nothing */
}

Test(flow_state, fin_sent_again_after_the_last_ack_goes_back_to_last_ack)
{
    handshake();
    feed(C, FA, 101, 501);
    feed(S, A, 501, 102);
    expect(feed(S, FA, 501, 102), "LAST-ACK", "TIME-WAIT");
    expect(feed(C, A, 102, 502), "TIME-WAIT", "CLOSED");
    /* The last ACK was lost: the server, shown CLOSED, sends its FIN again. */
    struct flow_info again = feed(S, FA, 501, 102);
    cr_assert_eq(again.state_src_before, FLOW_STATE_CLOSED);
    cr_assert(again.fin_again);
    expect(again, "LAST-ACK", "TIME-WAIT");
    /* The client, in TIME-WAIT, acknowledges it again. */
    struct flow_info ack = feed(C, A, 102, 502);
    cr_assert(ack.fin_acked);
    expect(ack, "TIME-WAIT", "CLOSED");
}

Test(flow_state, bare_ack_crossing_the_last_ack_changes_nothing)
{
    /* ssh.pcap frame 54: the server's ACK, sent before the last ACK reached it. */
    handshake();
    feed(C, FA, 101, 501);
    feed(S, FA, 501, 102);
    expect(feed(C, A, 102, 502), "TIME-WAIT", "CLOSED");
    expect(feed(S, A, 502, 102), "CLOSED", "TIME-WAIT");
}

Test(flow_state, first_fin_is_not_sent_again)
{
    handshake();
    struct flow_info fin = feed(C, FA, 101, 501);
    cr_assert(!fin.fin_again);
    cr_assert(feed(C, FA, 101, 501).fin_again);
}

Test(flow_state, acks_fin_says_the_ack_covers_the_receivers_fin)
{
    handshake();
    feed(C, FA, 101, 501);
    struct flow_info first = feed(S, A, 501, 102);
    cr_assert(first.acks_fin && first.fin_acked);
    struct flow_info again = feed(S, A, 501, 102);
    cr_assert(again.acks_fin && !again.fin_acked);
    cr_assert(!feed(S, A, 501, 101).acks_fin);
}

Test(flow_state, rst_outside_the_window_is_not_acted_on)
{
    /* /tmp/rvb/rstmid.pcap: an RST 900000 past the window, then data goes on. */
    handshake();
    expect(feed_len(C, A | TCP_PSH, 101, 501, 4), "ESTABLISHED", "ESTABLISHED");
    expect(feed(S, A, 501, 105), "ESTABLISHED", "ESTABLISHED");
    struct flow_info r = feed(C, TCP_RST, 105 + 900000, 0); /* the server offered 65535 */
    cr_assert(r.rst_ignored);
    expect(r, "ESTABLISHED", "ESTABLISHED");
    r = feed(S, TCP_RST, 501 - 1, 0); /* one before the byte the client expects */
    cr_assert(r.rst_ignored);
    expect(feed_len(C, A | TCP_PSH, 105, 501, 4), "ESTABLISHED", "ESTABLISHED");
    /* In the window (its last byte), it is acted on. */
    r = feed(C, TCP_RST, 105 + 65534, 0); /* from the byte the server last acknowledged */
    cr_assert(!r.rst_ignored);
    expect(r, "CLOSED", "CLOSED");
}

Test(flow_state, rst_in_a_window_of_scale_7)
{
    static const uint8_t ws7[4] = {1, 3, 3, 7}; /* NOP, window scale 7 */
    struct pkt_spec s = spec(C, TCP_SYN, 100, 0);
    s.tcp_options = ws7;
    s.tcp_options_len = 4;
    feed_spec(&s);
    s = spec(S, TCP_SYN | A, 500, 101);
    s.tcp_options = ws7;
    s.tcp_options_len = 4;
    feed_spec(&s);
    s = spec(C, A, 101, 501);
    s.window = 1000; /* 128000 bytes */
    feed_spec(&s);
    struct flow_info r = feed(S, TCP_RST, 501 + 128000, 0);
    cr_assert(r.rst_ignored);
    r = feed(S, TCP_RST, 501 + 127999, 0);
    cr_assert(!r.rst_ignored);
    expect(r, "CLOSED", "CLOSED");
}

Test(flow_state, rst_without_the_receivers_window_is_taken)
{
    /* Joined mid-stream, the receiver has not sent yet: nothing to check the RST against. */
    expect(feed_len(C, A | TCP_PSH, 7000, 9000, 20), "ESTABLISHED", "ESTABLISHED");
    struct flow_info r = feed(C, TCP_RST, 123456789, 0);
    cr_assert(!r.rst_ignored);
    expect(r, "CLOSED", "CLOSED");
}

Test(flow_state, rst_to_syn_sent_counts_only_when_it_acknowledges_the_syn)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    cr_assert(feed(S, TCP_RST, 0, 0).rst_ignored);        /* no ACK */
    cr_assert(feed(S, TCP_RST | A, 0, 100).rst_ignored);  /* the SYN itself not acknowledged */
    cr_assert(feed(S, TCP_RST | A, 0, 102).rst_ignored);  /* past what the client sent */
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(S, TCP_RST | A, 0, 101), "CLOSED", "CLOSED");
}

Test(flow_state, traffic_after_an_rst_takes_the_states_back)
{
    /* An RST in the window but not at the expected byte: a receiver following RFC 5961 answers
     * with a challenge ACK and the connection goes on; so do the states. */
    handshake();
    feed(C, FA, 101, 501);
    expect(feed(S, TCP_RST, 501 + 100, 0), "CLOSED", "CLOSED");
    struct flow_info ack = feed(C, A, 102, 501);
    cr_assert_eq(ack.state_src_before, FLOW_STATE_CLOSED);
    expect(ack, "FIN-WAIT-1", "CLOSE-WAIT");
    expect(feed(S, A, 501, 102), "CLOSE-WAIT", "FIN-WAIT-2");
}

Test(flow_state, a_new_syn_after_an_rst_forgets_it)
{
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "-");
    expect(feed(S, TCP_RST | A, 0, 101), "CLOSED", "CLOSED");
    expect(feed(C, TCP_SYN, 100, 0), "SYN-SENT", "CLOSED");
    expect(feed(S, TCP_SYN | A, 500, 101), "SYN-RECEIVED", "ESTABLISHED");
    expect(feed(C, A, 101, 501), "ESTABLISHED", "ESTABLISHED");
}
