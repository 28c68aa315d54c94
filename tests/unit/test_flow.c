/* Flow table (src/flow/flow.c): relative numbers, client side, reuse, eviction. */
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
TestSuite(flow, .init = setup, .fini = teardown);

static struct flow_info feed(bool from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                             uint16_t cport)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(cport);
    if (from_client)
        s.sport = cport;
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    uint8_t b[128];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    return fi;
}

Test(flow, handshake_gives_wireshark_relative_numbers)
{
    struct flow_info a = feed(true, TCP_SYN, 1000, 0, 40000);
    cr_assert(a.tracked);
    cr_assert_eq(a.seq_rel, 0);
    cr_assert(!a.ack_valid);
    cr_assert(a.from_client);
    struct flow_info b = feed(false, TCP_SYN | TCP_ACK, 5000, 1001, 40000);
    cr_assert_eq(b.seq_rel, 0);
    cr_assert(b.ack_valid);
    cr_assert_eq(b.ack_rel, 1);
    cr_assert(!b.from_client);
    cr_assert_eq(b.conn_id, a.conn_id);
    struct flow_info c = feed(true, TCP_ACK | TCP_PSH, 1001, 5001, 40000);
    cr_assert_eq(c.seq_rel, 1);
    cr_assert_eq(c.ack_rel, 1);
}

Test(flow, sequence_wraps_modulo_two_to_the_32)
{
    feed(true, TCP_SYN, 0xfffffff0u, 0, 40000);
    struct flow_info a = feed(true, TCP_ACK, 0x00000010u, 7, 40000);
    cr_assert_eq(a.seq_rel, 0x20);
}

Test(flow, joining_mid_stream_counts_from_one)
{
    struct flow_info a = feed(false, TCP_ACK, 777, 333, 40000);
    cr_assert_eq(a.seq_rel, 1);
    cr_assert_eq(a.ack_rel, 1);
    cr_assert(!a.from_client, "port 80 is the server's");
    struct flow_info b = feed(true, TCP_ACK, 343, 787, 40000);
    cr_assert_eq(b.seq_rel, 11);
    cr_assert_eq(b.ack_rel, 11);
}

Test(flow, new_syn_on_same_ports_starts_a_new_connection)
{
    struct flow_info a = feed(true, TCP_SYN, 1000, 0, 40000);
    struct flow_info b = feed(true, TCP_SYN, 9000, 0, 40000);
    cr_assert_neq(a.conn_id, b.conn_id);
    cr_assert_eq(b.seq_rel, 0);
}

Test(flow, table_stays_bounded_and_evicts)
{
    for (uint32_t i = 0; i < 100000; i++)
        feed(true, TCP_SYN, i, 0, (uint16_t)(1024 + i % 60000));
    cr_assert_gt(flows->evictions, 0);
    cr_assert_leq(sizeof *flows, 2u << 20, "the table is a fixed ~1 MB");
}

Test(flow, non_tcp_is_not_tracked)
{
    uint8_t b[28] = {0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 8};
    decode_packet(&pkt, LINKTYPE_RAW, b, 28, 28);
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    cr_assert(!fi.tracked);
}

/* flow_packet_key (the per-packet fast path flow and analysis share) gives exactly the key,
 * sender and hash of flow_key_make + flow_key_hash, for IPv4 and IPv6, including endpoints that
 * differ only in their last address byte, only in their ports, or not at all. Addresses and
 * ports are drawn from a few values so that those ties come up often. */
Test(flow, packet_key_equals_key_make_and_hash)
{
    static const uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    static const uint16_t ports[] = {0, 1, 80, 5005, 65535};
    uint32_t r = 12345;
    for (int i = 0; i < 200000; i++) {
        memset(&pkt, 0, sizeof pkt);
        pkt.tcp.present = true;
        bool v6 = i & 1;
        uint8_t *src = v6 ? pkt.ipv6.src : pkt.ipv4.src, *dst = v6 ? pkt.ipv6.dst : pkt.ipv4.dst;
        size_t len = v6 ? 16 : 4;
        if (v6)
            pkt.ipv6.present = true;
        else
            pkt.ipv4.present = true;
        for (size_t b = 0; b < len; b++) {
            r = r * 1103515245u + 12345u;
            src[b] = bytes[(r >> 16) % 5];
            /* mostly equal bytes, so that the comparison reaches the last byte and the ports */
            dst[b] = (r >> 24) % 4 ? src[b] : bytes[(r >> 8) % 5];
        }
        r = r * 1103515245u + 12345u;
        pkt.tcp.src_port = ports[(r >> 16) % 5];
        pkt.tcp.dst_port = ports[(r >> 24) % 5];
        struct flow_key k;
        int dir;
        flow_key_make(&pkt, &k, &dir);
        struct flow_packet_key pk;
        flow_packet_key(&pkt, &pk);
        cr_assert(pk.valid);
        cr_assert_eq(pk.dir, dir, "case %d", i);
        cr_assert_eq(pk.k.family, k.family, "case %d", i);
        cr_assert(memcmp(pk.k.addr, k.addr, sizeof k.addr) == 0, "case %d", i);
        cr_assert(pk.k.port[0] == k.port[0] && pk.k.port[1] == k.port[1], "case %d", i);
        cr_assert_eq(pk.hash, flow_key_hash(&k), "case %d", i);
    }
    memset(&pkt, 0, sizeof pkt);
    pkt.ipv4.present = true;
    struct flow_packet_key pk;
    flow_packet_key(&pkt, &pk);
    cr_assert(!pk.valid, "no TCP: no key");
}
