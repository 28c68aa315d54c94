/* TCP header decoding (src/decode/tcp.c): every field, every option, every malformed case. */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "pktbuild.h"
#include "stackscope/decode.h"

static struct packet pkt;

static enum decode_status decode_spec(const struct pkt_spec *s, uint8_t *b, size_t *n)
{
    *n = pkt_build_eth_tcp(b, 2048, s);
    cr_assert(*n > 0);
    /* The decoded packet points into the guarded copy (option bodies): it lives until the next
     * decode. */
    static struct guarded g;
    if (g.map)
        guard_free(&g);
    g = guard_copy(b, *n);
    return decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, (uint32_t)*n, (uint32_t)*n);
}

Test(decode_tcp, decodes_every_fixed_field)
{
    struct pkt_spec s = pkt_spec_default();
    s.seq = 0xdeadbeef;
    s.ack = 0x01020304;
    s.tcp_flags = 0x1ff; /* every flag, AE included */
    s.window = 512;
    s.urgent = 77;
    s.payload = (const uint8_t *)"hello";
    s.payload_len = 5;
    uint8_t b[2048];
    size_t n;
    cr_assert_eq(decode_spec(&s, b, &n), DECODE_OK);
    const struct tcp_hdr *t = &pkt.tcp;
    cr_assert(t->present);
    cr_assert_eq(t->offset, 34);
    cr_assert_eq(t->src_port, 40000);
    cr_assert_eq(t->dst_port, 80);
    cr_assert_eq(t->seq, 0xdeadbeef);
    cr_assert_eq(t->ack, 0x01020304);
    cr_assert_eq(t->data_offset, 5);
    cr_assert_eq(t->flags, 0x1ff);
    cr_assert_eq(t->window, 512);
    cr_assert_eq(t->checksum, (uint16_t)(b[34 + 16] << 8 | b[34 + 17]));
    cr_assert_eq(t->checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(t->urgent, 77);
    cr_assert_eq(t->option_count, 0);
    cr_assert(t->payload_length_known);
    cr_assert_eq(t->payload_length, 5);
    cr_assert_eq(pkt.payload_offset, 54);
    cr_assert_eq(pkt.payload_caplen, 5);
    cr_assert_eq(pkt.stopped_at, LAYER_PAYLOAD);
}

Test(decode_tcp, reserved_bits_are_part_of_the_12_bit_flags)
{
    struct pkt_spec s = pkt_spec_default();
    s.tcp_flags = 0xe12;
    uint8_t b[2048];
    size_t n;
    decode_spec(&s, b, &n);
    cr_assert_eq(pkt.tcp.flags, 0xe12);
}

Test(decode_tcp, every_option_kind)
{
    const uint8_t opts[40] = {
        0x02, 0x04, 0x05, 0xb4,                   /* MSS 1460 */
        0x01,                                     /* NOP */
        0x03, 0x03, 0x07,                         /* window scale 7 */
        0x04, 0x02,                               /* SACK permitted */
        0x08, 0x0a, 0, 0, 0x30, 0x39, 0, 0, 0, 1, /* timestamps 12345, 1 */
        0x05, 0x0a, 0, 0, 0, 10, 0, 0, 0, 20,     /* SACK 10-20 */
        0x22, 0x06, 0xde, 0xad, 0xbe, 0xef,       /* fast open cookie */
        0xfd, 0x02,                               /* unknown kind 253 */
        0x00, 0x00,                               /* EOL + padding */
    };
    struct pkt_spec s = pkt_spec_default();
    s.tcp_options = opts;
    s.tcp_options_len = sizeof opts;
    uint8_t b[2048];
    size_t n;
    cr_assert_eq(decode_spec(&s, b, &n), DECODE_OK);
    const struct tcp_hdr *t = &pkt.tcp;
    cr_assert_eq(t->data_offset, 15);
    cr_assert_eq(t->options[0].kind, TCPOPT_MSS);
    cr_assert_eq(t->options[0].v.mss, 1460);
    cr_assert_eq(t->options[1].kind, TCPOPT_NOP);
    cr_assert_eq(t->options[2].v.wscale, 7);
    cr_assert_eq(t->options[3].kind, TCPOPT_SACK_PERMITTED);
    cr_assert(t->options[3].valid);
    cr_assert_eq(t->options[4].v.ts.val, 12345);
    cr_assert_eq(t->options[4].v.ts.ecr, 1);
    cr_assert_eq(t->options[5].v.sack.count, 1);
    cr_assert_eq(t->options[5].v.sack.edge[0], 10);
    cr_assert_eq(t->options[5].v.sack.edge[1], 20);
    cr_assert_eq(t->options[6].kind, TCPOPT_FASTOPEN);
    cr_assert_eq(t->options[6].body_len, 4);
    cr_assert_eq(t->options[6].body[0], 0xde);
    cr_assert_eq(t->options[7].kind, 253);
    cr_assert_eq(t->options[7].len, 2);
    cr_assert_eq(t->options[8].kind, TCPOPT_EOL);
    cr_assert_eq(t->options[9].kind, TCPOPT_EOL);
    cr_assert_eq(t->option_count, 10);
    cr_assert_eq(pkt.anomalies, 0);
}

Test(decode_tcp, md5_signature_and_stop_at_nonzero_after_eol)
{
    const uint8_t opts[24] = {
        0x13, 0x12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, /* MD5 */
        0x01, 0x01,                                                       /* NOP NOP */
        0x00, 0x00, 0x07, 0x00, /* EOL, zero pad, then a stray byte: the list ends there */
    };
    struct pkt_spec s = pkt_spec_default();
    s.tcp_options = opts;
    s.tcp_options_len = sizeof opts;
    uint8_t b[2048];
    size_t n;
    cr_assert_eq(decode_spec(&s, b, &n), DECODE_OK);
    const struct tcp_hdr *t = &pkt.tcp;
    cr_assert_eq(t->options[0].kind, TCPOPT_MD5);
    cr_assert(t->options[0].valid);
    cr_assert_eq(t->options[0].body_len, 16);
    cr_assert_eq(t->options[0].body[15], 16);
    cr_assert_eq(t->option_count, 5);
}

Test(decode_tcp, option_with_wrong_length_for_its_kind_is_marked_not_fatal)
{
    const uint8_t opts[] = {0x02, 0x03, 0x05, 0x01}; /* MSS with length 3, then NOP */
    struct pkt_spec s = pkt_spec_default();
    s.tcp_options = opts;
    s.tcp_options_len = 4;
    uint8_t b[2048];
    size_t n;
    cr_assert_eq(decode_spec(&s, b, &n), DECODE_OK);
    cr_assert(!pkt.tcp.options[0].valid);
    cr_assert_eq(pkt.tcp.options[1].kind, TCPOPT_NOP);
}

static void bad_option_length(uint8_t len)
{
    const uint8_t opts[] = {0x02, len, 0x05, 0xb4};
    struct pkt_spec s = pkt_spec_default();
    s.tcp_options = opts;
    s.tcp_options_len = 4;
    uint8_t b[2048];
    size_t n;
    cr_assert_eq(decode_spec(&s, b, &n), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_TCP_OPTION_LENGTH_INVALID);
    cr_assert_eq(pkt.tcp.option_count, 1);
    cr_assert(pkt.tcp.payload_length_known, "the header length is still right");
}

Test(decode_tcp, option_length_zero_is_invalid) { bad_option_length(0); }
Test(decode_tcp, option_length_one_is_invalid) { bad_option_length(1); }
Test(decode_tcp, option_length_past_header_is_invalid) { bad_option_length(6); }

Test(decode_tcp, rejects_data_offset_below_five)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    b[34 + 12] = 0x40;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n),
                 DECODE_INVALID);
    cr_assert_eq(pkt.tcp.data_offset, 4);
    cr_assert_eq(pkt.tcp.urgent, 0);
    cr_assert_eq(pkt.tcp.window, 65535, "fields before the problem stay decoded");
    cr_assert(!pkt.tcp.payload_length_known);
    cr_assert_eq(pkt.anomalies, ANOMALY_TCP_DATA_OFFSET_TOO_SMALL);
}

Test(decode_tcp, rejects_data_offset_beyond_segment)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    b[34 + 12] = 0x60; /* 24 bytes claimed in a 20-byte segment */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n),
                 DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_TCP_DATA_OFFSET_BEYOND_SEGMENT);
    /* Every byte IP claims is there: the checksum is judged over them (the changed data
     * offset makes it bad, as tshark says). */
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_BAD);
}

Test(decode_tcp, header_cut_by_ip_length_is_checked_over_the_claimed_bytes)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    b[34 + 12] = 0x60; /* data offset 6: 24 bytes, in a 20-byte segment */
    b[34 + 16] = b[34 + 17] = 0;
    uint32_t sum = checksum_add(0, b + 14 + 12, 8) + 6 + 20;
    uint16_t c = (uint16_t)~checksum_fold(checksum_add(sum, b + 34, 20));
    put16(b + 34 + 16, c);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.anomalies, ANOMALY_TCP_DATA_OFFSET_BEYOND_SEGMENT);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_GOOD);
    cr_assert(!pkt.tcp.payload_length_known);
    /* The same frame cut by a snaplen inside the header: not every byte is there. */
    struct guarded g = guard_copy(b, n - 1);
    decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, (uint32_t)n - 1, (uint32_t)n);
    guard_free(&g);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_UNVERIFIED);
}

Test(decode_tcp, every_truncation_inside_the_header)
{
    struct pkt_spec s = pkt_spec_default();
    const uint8_t opts[] = {0x02, 0x04, 0x05, 0xb4};
    s.tcp_options = opts;
    s.tcp_options_len = 4;
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    for (size_t cut = 34; cut < n; cut++) {
        struct guarded g = guard_copy(b, cut);
        enum decode_status st =
            decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, (uint32_t)cut, (uint32_t)n);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "cut at %zu", cut);
        cr_assert(pkt.anomalies & ANOMALY_TCP_TRUNCATED, "cut at %zu", cut);
        cr_assert_eq(pkt.tcp.fixed_len, cut - 34 < 20 ? cut - 34 : 20);
    }
}

Test(decode_tcp, payload_length_follows_ip_length_not_capture)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t payload[100] = {0};
    s.payload = payload;
    s.payload_len = sizeof payload;
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, 64, (uint32_t)n); /* snaplen 64 */
    cr_assert_eq(pkt.status, DECODE_TRUNCATED);
    cr_assert_eq(pkt.tcp.payload_length, 100);
    cr_assert_eq(pkt.payload_caplen, 10);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_UNVERIFIED);
}

Test(decode_tcp, bad_checksum_is_bad)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    b[34 + 17] ^= 0x40;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_BAD);
}

Test(decode_tcp, offloaded_checksum_is_partial_not_bad)
{
    /* What Linux loopback captures: the field holds the folded pseudo-header sum. */
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    uint32_t sum = checksum_add(0, b + 14 + 12, 8) + 6 + 20;
    uint16_t partial = checksum_fold(sum);
    b[34 + 16] = (uint8_t)(partial >> 8);
    b[34 + 17] = (uint8_t)partial;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_PARTIAL);
}

/* A capture that ends inside the timestamp option: the option is marked cut, not invalid. */
Test(decode_tcp, option_cut_by_the_capture_is_marked_cut_not_invalid)
{
    struct pkt_spec s = pkt_spec_default();
    const uint8_t opts[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
    s.tcp_options = opts;
    s.tcp_options_len = sizeof opts;
    uint8_t b[2048];
    size_t n = pkt_build_eth_tcp(b, sizeof b, &s);
    for (size_t cut = 34 + 20 + 3; cut < n; cut++) {
        struct guarded g = guard_copy(b, cut);
        decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, (uint32_t)cut, (uint32_t)n);
        guard_free(&g);
        cr_assert_eq(pkt.tcp.option_count, 3, "cut %zu", cut);
        cr_assert_eq(pkt.tcp.options[2].kind, TCPOPT_TIMESTAMP);
        cr_assert(pkt.tcp.options[2].cut, "cut %zu", cut);
        cr_assert(!(pkt.anomalies & ANOMALY_TCP_OPTION_LENGTH_INVALID), "cut %zu", cut);
        cr_assert(pkt.anomalies & ANOMALY_TCP_TRUNCATED);
    }
}
