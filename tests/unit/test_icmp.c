/* ICMP summary (src/decode/icmp.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "stackscope/decode.h"

static struct packet pkt;

/* Raw IPv4, protocol 1: echo request type 8 code 0. */
static const uint8_t icmp4[28] = {
    0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    0x08, 0x00, 0xf7, 0xfe, 0x00, 0x01, 0x00, 0x00,
};

Test(decode_icmp, type_code_checksum)
{
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, icmp4, 28, 28), DECODE_OK);
    cr_assert(pkt.icmp.present);
    cr_assert_eq(pkt.icmp.type, 8);
    cr_assert_eq(pkt.icmp.code, 0);
    cr_assert_eq(pkt.icmp.checksum, 0xf7fe);
}

Test(decode_icmp, every_truncation)
{
    for (size_t n = 20; n < 24; n++) {
        struct guarded g = guard_copy(icmp4, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)n, 28);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert(pkt.anomalies & ANOMALY_ICMP_TRUNCATED);
    }
}

/* Echo: id and sequence from the rest of the header; the checksum verified over the message. */
Test(decode_icmp, echo_id_seq_and_good_checksum)
{
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, icmp4, 28, 28), DECODE_OK);
    cr_assert(pkt.icmp.is_echo);
    cr_assert_eq(pkt.icmp.fixed_len, 8);
    cr_assert_eq(pkt.icmp.id, 1);
    cr_assert_eq(pkt.icmp.seq, 0);
    cr_assert_eq(pkt.icmp.rest, 0x00010000u);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_GOOD);
    /* ...even where TCP's and UDP's are skipped (the one-line output's decoding). */
    decode_packet_flags(&pkt, LINKTYPE_RAW, icmp4, 28, 28, DECODE_SKIP_TRANSPORT_CHECKSUM);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_GOOD);
}

Test(decode_icmp, bad_checksum)
{
    uint8_t b[28];
    memcpy(b, icmp4, 28);
    b[22] = 0x12; /* 0x12fe, should be 0xf7fe */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, 28, 28), DECODE_OK);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_BAD);
    /* not all of it captured: no verdict */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, 27, 28), DECODE_TRUNCATED);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_UNVERIFIED);
}

/* Port unreachable from 10.0.0.2 quoting 10.0.0.1.5000 > 10.0.0.2.53 UDP: the quoted header's
 * protocol, addresses and the ports after it. */
static const uint8_t unreach[56] = {
    0x45, 0, 0, 56, 0, 2, 0, 0, 64, 1, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1, /* IP */
    3, 3, 0, 0, 0, 0, 0, 0,                                             /* ICMP, sum below */
    0x45, 0, 0, 36, 0, 9, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, /* quoted IP */
    0x13, 0x88, 0x00, 0x35, 0, 16, 0, 0,                                /* quoted UDP */
};

static void with_checksum(uint8_t *b, size_t n)
{
    b[22] = b[23] = 0;
    uint16_t sum = (uint16_t)~checksum_fold(checksum_add(0, b + 20, n - 20));
    b[22] = (uint8_t)(sum >> 8);
    b[23] = (uint8_t)sum;
}

Test(decode_icmp, error_quotes_header_and_ports)
{
    uint8_t b[56];
    memcpy(b, unreach, 56);
    with_checksum(b, 56);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, 56, 56), DECODE_OK);
    const struct icmp_hdr *ic = &pkt.icmp;
    cr_assert_eq(ic->checksum_status, CHECKSUM_GOOD);
    cr_assert(!ic->is_echo);
    cr_assert(ic->quoted);
    cr_assert_eq(ic->quoted_protocol, 17);
    const uint8_t src[4] = {10, 0, 0, 1}, dst[4] = {10, 0, 0, 2};
    cr_assert_arr_eq(ic->quoted_src, src, 4);
    cr_assert_arr_eq(ic->quoted_dst, dst, 4);
    cr_assert(ic->quoted_ports);
    cr_assert_eq(ic->quoted_src_port, 5000);
    cr_assert_eq(ic->quoted_dst_port, 53);
    cr_assert_eq(pkt.anomalies, 0);
}

/* A quoted header cut short (the ICMP message itself ends inside it): what was decoded stays,
 * the error is named; fewer than 4 bytes after a whole header: no ports, no error. */
Test(decode_icmp, error_quoting_a_truncated_header)
{
    for (size_t n = 28; n < 48; n++) {
        uint8_t b[56];
        memcpy(b, unreach, n);
        b[2] = 0;
        b[3] = (uint8_t)n; /* the IP length says the message ends here: a whole frame */
        with_checksum(b, n);
        struct guarded g = guard_copy(b, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)n, (uint32_t)n);
        guard_free(&g);
        cr_assert_eq(st, DECODE_INVALID, "length %zu", n);
        cr_assert_eq(pkt.anomalies, ANOMALY_ICMP_QUOTED_TRUNCATED, "length %zu", n);
        cr_assert(!pkt.icmp.quoted, "length %zu", n);
        cr_assert_eq(pkt.icmp.type, 3);
        cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_GOOD, "length %zu", n);
    }
    for (size_t n = 48; n < 52; n++) {
        struct guarded g = guard_copy(unreach, n);
        decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)n, 56);
        guard_free(&g);
        cr_assert(pkt.icmp.quoted, "length %zu", n);
        cr_assert(!pkt.icmp.quoted_ports, "length %zu", n);
        cr_assert_eq(pkt.anomalies & ANOMALY_ICMP_QUOTED_TRUNCATED, 0);
    }
}

/* ICMPv6 echo (128/129): id and sequence; its checksum covers the pseudo-header. */
Test(decode_icmp, icmpv6_echo_with_pseudo_header)
{
    uint8_t b[48] = {0x60, 0, 0, 0, 0, 8, 58, 64};
    b[8 + 15] = 1;  /* ::1 */
    b[24 + 15] = 2; /* ::2 */
    b[40] = 128;
    b[44] = 0x12;
    b[45] = 0x34;
    b[47] = 7;
    uint32_t ps = checksum_add(checksum_add(0, b + 8, 32), b + 40, 8) + 58 + 8;
    uint16_t sum = (uint16_t)~checksum_fold(ps);
    b[42] = (uint8_t)(sum >> 8);
    b[43] = (uint8_t)sum;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, 48, 48), DECODE_OK);
    cr_assert(pkt.icmp.is_echo);
    cr_assert_eq(pkt.icmp.id, 0x1234);
    cr_assert_eq(pkt.icmp.seq, 7);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_GOOD);
    b[47] = 8;
    decode_packet(&pkt, LINKTYPE_RAW, b, 48, 48);
    cr_assert_eq(pkt.icmp.checksum_status, CHECKSUM_BAD);
}
