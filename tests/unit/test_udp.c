/* UDP header (src/decode/udp.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "stackscope/decode.h"

static struct packet pkt;

/* Raw IPv4, protocol 17, 10.0.0.1:53 > 10.0.0.2:1024, UDP length 10, checksum 0 (none). */
static uint8_t udp4[30] = {
    0x45, 0, 0, 30, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    0x00, 0x35, 0x04, 0x00, 0x00, 0x0a, 0x00, 0x00, 'h', 'i',
};

Test(decode_udp, decodes_fields_and_zero_checksum_is_unverified)
{
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, udp4, 30, 30), DECODE_OK);
    cr_assert(pkt.udp.present);
    cr_assert_eq(pkt.udp.src_port, 53);
    cr_assert_eq(pkt.udp.dst_port, 1024);
    cr_assert_eq(pkt.udp.length, 10);
    cr_assert_eq(pkt.udp.checksum, 0);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_UNVERIFIED);
    cr_assert_eq(pkt.payload_offset, 28);
}

Test(decode_udp, length_below_eight_is_invalid)
{
    uint8_t b[30];
    memcpy(b, udp4, 30);
    b[25] = 7;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, 30, 30), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_UDP_LENGTH_INVALID);
}

Test(decode_udp, every_truncation)
{
    for (size_t n = 20; n < 28; n++) {
        struct guarded g = guard_copy(udp4, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)n, 30);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert(pkt.anomalies & ANOMALY_UDP_TRUNCATED);
    }
}

/* Raw IPv4 carrying a UDP datagram (ports 53 > 1024) of udp_len bytes in an IP payload of
 * ip_payload bytes (the rest 0xff trailer), checksum filled in over the datagram; flags_off is
 * the IPv4 flags/fragment-offset word. Returns the frame length. */
static size_t build_udp(uint8_t *b, uint16_t udp_len, size_t ip_payload, uint16_t flags_off)
{
    static const uint8_t ip[20] = {0x45, 0, 0, 0, 0, 7, 0, 0, 64, 17, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2};
    memcpy(b, ip, 20);
    b[2] = (uint8_t)((20 + ip_payload) >> 8);
    b[3] = (uint8_t)(20 + ip_payload);
    b[6] = (uint8_t)(flags_off >> 8);
    b[7] = (uint8_t)flags_off;
    memset(b + 20, 0xff, ip_payload);
    uint8_t *u = b + 20;
    u[0] = 0x00, u[1] = 0x35, u[2] = 0x04, u[3] = 0x00;
    u[4] = (uint8_t)(udp_len >> 8), u[5] = (uint8_t)udp_len, u[6] = u[7] = 0;
    size_t body = udp_len < ip_payload ? udp_len : ip_payload;
    for (size_t i = 8; i < body; i++)
        u[i] = (uint8_t)('a' + i % 26);
    uint32_t sum = checksum_add(0, b + 12, 8) + 17 + udp_len;
    uint16_t c = (uint16_t)~checksum_fold(checksum_add(sum, u, body));
    u[6] = (uint8_t)(c >> 8);
    u[7] = (uint8_t)c;
    return 20 + ip_payload;
}

/* RFC 768: the checksum covers the UDP length, not the IP payload. Bytes after the datagram
 * inside the IP packet are not part of it. */
Test(decode_udp, checksum_covers_the_udp_length_not_trailing_bytes)
{
    uint8_t b[64];
    size_t n = build_udp(b, 12, 16, 0); /* 4 bytes of 0xff after the datagram */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n), DECODE_OK);
    cr_assert_eq(pkt.anomalies, 0);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(pkt.payload_caplen, 4); /* the trailer is not payload */
    b[20 + 9] ^= 1;
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_BAD);
    b[20 + 9] ^= 1;
    b[20 + 13] ^= 1; /* a trailer byte: no part of the sum */
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
}

Test(decode_udp, checksum_verified_when_the_datagram_fills_the_ip_payload)
{
    uint8_t b[64];
    size_t n = build_udp(b, 20, 20, 0);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_GOOD);
    cr_assert_eq(pkt.payload_caplen, 12);
}

/* A first fragment (MF, offset 0): the UDP length counts the whole datagram, which continues
 * in later fragments. Nothing is wrong; the checksum cannot be judged on one fragment. */
Test(decode_udp, first_fragment_length_counts_the_whole_datagram)
{
    uint8_t b[1600];
    size_t n = build_udp(b, 5700, 1480, 0x2000);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n), DECODE_OK);
    cr_assert_eq(pkt.anomalies, 0);
    cr_assert(pkt.first_fragment);
    cr_assert_eq(pkt.udp.length, 5700);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_UNVERIFIED);
    cr_assert_eq(pkt.payload_caplen, 1472);
    /* Without MF the same length is a lie. */
    n = build_udp(b, 5700, 1480, 0);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_UDP_LENGTH_INVALID);
    cr_assert(!pkt.first_fragment);
}

/* The decoder says a first fragment's datagram continues only when its UDP length runs past
 * what the fragment carries; a length that fits is an ordinary datagram. */
Test(decode_udp, first_fragment_spans_fragments_only_when_the_length_runs_past_it)
{
    uint8_t b[1600];
    size_t n = build_udp(b, 20, 20, 0x2000);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n), DECODE_OK);
    cr_assert(pkt.first_fragment);
    cr_assert(!pkt.udp_spans_fragments);
    cr_assert_eq(pkt.fragment_payload_len, 0);
    cr_assert_eq(pkt.payload_caplen, 12);
    n = build_udp(b, 5700, 1480, 0x2000);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    cr_assert(pkt.udp_spans_fragments);
    cr_assert_eq(pkt.fragment_payload_len, 1472);
    /* Ending with the UDP header: it continues, and this fragment carries none of its payload. */
    n = build_udp(b, 5700, 8, 0x2000);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    cr_assert(pkt.udp_spans_fragments);
    cr_assert_eq(pkt.fragment_payload_len, 0);
}
