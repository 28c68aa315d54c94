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

static struct flow_info feed_len(int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                                 size_t len)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(40000);
    static const uint8_t data[64] = "0123456789012345678901234567890123456789";
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payload = data;
    s.payload_len = len;
    uint8_t b[256];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    return fi;
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
    /* A few bytes per connection: the state, the FIN's end per side. */
    cr_assert_leq(sizeof(struct flow_entry), 72);
}
