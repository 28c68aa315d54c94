/* IPv6 fixed header (src/decode/ipv6.c), and TCP/UDP/ICMPv6 checksums over it. */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "stackscope/decode.h"

static struct packet pkt;

/* ::1 > ::1, traffic class 0x12, flow label 0x34567, UDP 5353 > 53, length 12, "ping". */
static uint8_t v6[52] = {
    0x61, 0x23, 0x45, 0x67, 0x00, 0x0c, 17, 64, /* version 6, TC 0x12, flow 0x34567, plen 12 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0x14, 0xe9, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 'p', 'i', 'n', 'g',
};

static void fill_udp_checksum(void)
{
    v6[46] = v6[47] = 0;
    uint32_t sum = checksum_add(0, v6 + 8, 32) + 17 + 12;
    uint16_t c = (uint16_t)~checksum_fold(checksum_add(sum, v6 + 40, 12));
    v6[46] = (uint8_t)(c >> 8);
    v6[47] = (uint8_t)c;
}

Test(decode_ipv6, decodes_every_fixed_field_and_udp)
{
    fill_udp_checksum();
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, v6, sizeof v6, sizeof v6), DECODE_OK);
    cr_assert_eq(pkt.ipv6.version, 6);
    cr_assert_eq(pkt.ipv6.traffic_class, 0x12);
    cr_assert_eq(pkt.ipv6.flow_label, 0x34567);
    cr_assert_eq(pkt.ipv6.payload_length, 12);
    cr_assert_eq(pkt.ipv6.next_header, 17);
    cr_assert_eq(pkt.ipv6.hop_limit, 64);
    cr_assert_eq(pkt.ipv6.src[15], 1);
    cr_assert(pkt.udp.present);
    cr_assert_eq(pkt.udp.src_port, 5353);
    cr_assert_eq(pkt.udp.dst_port, 53);
    cr_assert_eq(pkt.udp.length, 12);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(pkt.payload_caplen, 4);
}

Test(decode_ipv6, raw_link_picks_ipv6_by_version)
{
    fill_udp_checksum();
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, v6, sizeof v6, sizeof v6), DECODE_OK);
    cr_assert(pkt.ipv6.present);
    cr_assert(!pkt.ipv4.present);
}

Test(decode_ipv6, rejects_version_not_6)
{
    uint8_t b[52];
    memcpy(b, v6, sizeof b);
    b[0] = 0x45;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, b, sizeof b, sizeof b), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV6_VERSION_NOT_6);
}

Test(decode_ipv6, every_truncation_inside_the_header)
{
    for (size_t n = 0; n < 40; n++) {
        struct guarded g = guard_copy(v6, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_IPV6, g.data, (uint32_t)n, 52);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert_eq(pkt.anomalies, ANOMALY_IPV6_TRUNCATED);
    }
}

Test(decode_ipv6, payload_length_beyond_capture)
{
    uint8_t b[52];
    memcpy(b, v6, sizeof b);
    b[5] = 40;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, b, sizeof b, sizeof b), DECODE_INVALID);
    cr_assert(pkt.anomalies & ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE);
}

/* A payload length past the frame's end on the wire: invalid, and the payload is what the wire
 * carried (12 bytes), so the UDP datagram inside is whole and its checksum judged. */
Test(decode_ipv6, payload_length_beyond_the_wire_counts_the_wire)
{
    fill_udp_checksum();
    uint8_t b[52];
    memcpy(b, v6, sizeof b);
    b[5] = 40;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, b, sizeof b, sizeof b), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE);
    cr_assert_eq(pkt.ipv6.payload_length, 40);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(pkt.payload_caplen, 4);
}

/* RFC 768 over IPv6 too: bytes after the UDP length inside the payload are not summed. */
Test(decode_ipv6, udp_checksum_covers_the_udp_length_not_trailing_bytes)
{
    fill_udp_checksum();
    uint8_t b[56];
    memcpy(b, v6, sizeof v6);
    memset(b + 52, 0xee, 4);
    b[5] = 16; /* payload length: the 12-byte datagram and 4 trailing bytes */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, b, sizeof b, sizeof b), DECODE_OK);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(pkt.payload_caplen, 4);
}

/* Cut inside the first 32-bit word: the traffic class (bytes 0-1) stays. */
Test(decode_ipv6, cut_after_the_traffic_class_keeps_it)
{
    struct guarded g = guard_copy(v6, 3);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV6, g.data, 3, 52), DECODE_TRUNCATED);
    guard_free(&g);
    cr_assert_eq(pkt.ipv6.version, 6);
    cr_assert_eq(pkt.ipv6.traffic_class, 0x12);
    cr_assert_eq(pkt.ipv6.flow_label, 0);
    cr_assert_eq(pkt.ipv6.fixed_len, 3);
    g = guard_copy(v6, 4);
    decode_packet(&pkt, LINKTYPE_IPV6, g.data, 4, 52);
    guard_free(&g);
    cr_assert_eq(pkt.ipv6.flow_label, 0x34567);
}
