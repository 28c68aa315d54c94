/* IPv4 header decoding (src/decode/ipv4.c): every field, every option type, every malformed case. */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "pktbuild.h"
#include "stackscope/decode.h"

/* 20-byte header, raw IP: 192.0.2.1 > 198.51.100.2, TOS 0xb8, total length 20 (no payload),
 * id 0xabcd, DF, offset 0, TTL 7, protocol 253 (experimental: no transport decoded). */
static const uint8_t plain[] = {
    0x45, 0xb8, 0x00, 0x14, /* version 4, IHL 5, TOS, total length 20 */
    0xab, 0xcd, 0x40, 0x00, /* id, flags DF, offset 0 */
    0x07, 0xfd, 0x00, 0x00, /* TTL 7, protocol 253, checksum (filled in below) */
    0xc0, 0x00, 0x02, 0x01, /* source */
    0xc6, 0x33, 0x64, 0x02, /* destination */
};

static void with_checksum(uint8_t *h, size_t n)
{
    h[10] = h[11] = 0;
    uint16_t c = (uint16_t)~checksum_fold(checksum_add(0, h, n));
    h[10] = (uint8_t)(c >> 8);
    h[11] = (uint8_t)c;
}

static struct packet pkt;

/* The decoded packet points into the guarded copy (option bodies), so the copy lives until the
 * next decode. */
static struct guarded last;

static enum decode_status decode_raw(const uint8_t *b, size_t n)
{
    if (last.map)
        guard_free(&last);
    last = guard_copy(b, n);
    return decode_packet(&pkt, LINKTYPE_RAW, last.data, (uint32_t)n, (uint32_t)n);
}

Test(decode_ipv4, decodes_every_fixed_field)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    with_checksum(h, 20);
    cr_assert_eq(decode_raw(h, 20), DECODE_OK);
    const struct ipv4_hdr *ip = &pkt.ipv4;
    cr_assert(ip->present);
    cr_assert_eq(ip->version, 4);
    cr_assert_eq(ip->ihl, 5);
    cr_assert_eq(ip->tos, 0xb8);
    cr_assert_eq(ip->total_length, 20);
    cr_assert_eq(ip->id, 0xabcd);
    cr_assert_eq(ip->flags, 2);
    cr_assert_eq(ip->frag_offset, 0);
    cr_assert_eq(ip->ttl, 7);
    cr_assert_eq(ip->protocol, 253);
    cr_assert_eq(ip->checksum, (uint16_t)(h[10] << 8 | h[11]));
    cr_assert_eq(ip->checksum_status, CHECKSUM_GOOD);
    cr_assert_arr_eq(ip->src, ((uint8_t[]){192, 0, 2, 1}), 4);
    cr_assert_arr_eq(ip->dst, ((uint8_t[]){198, 51, 100, 2}), 4);
    cr_assert_eq(ip->option_count, 0);
    cr_assert_eq(pkt.anomalies, 0);
    cr_assert_eq(pkt.stopped_at, LAYER_NETWORK);
}

Test(decode_ipv4, flags_and_fragment_offset_split_the_16_bits)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[6] = 0xbf; /* reserved 1, DF 0, MF 1, offset high bits 0x1f */
    h[7] = 0xff;
    with_checksum(h, 20);
    decode_raw(h, 20);
    cr_assert_eq(pkt.ipv4.flags, 5);
    cr_assert_eq(pkt.ipv4.frag_offset, 0x1fff);
}

Test(decode_ipv4, bad_header_checksum_is_reported_not_fatal)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    with_checksum(h, 20);
    h[11] ^= 1;
    cr_assert_eq(decode_raw(h, 20), DECODE_OK);
    cr_assert_eq(pkt.ipv4.checksum_status, CHECKSUM_BAD);
}

Test(decode_ipv4, rejects_version_not_4)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[0] = 0x55;
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_IPV4, h, 20, 20), DECODE_INVALID);
    cr_assert(pkt.ipv4.present);
    cr_assert_eq(pkt.ipv4.version, 5);
    cr_assert_eq(pkt.ipv4.fixed_len, 1);
    cr_assert(pkt.anomalies & ANOMALY_IPV4_VERSION_NOT_4);
}

Test(decode_ipv4, rejects_ihl_below_five)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[0] = 0x43;
    cr_assert_eq(decode_raw(h, 20), DECODE_INVALID);
    cr_assert_eq(pkt.ipv4.ihl, 3);
    cr_assert_eq(pkt.ipv4.ttl, 7, "fields before the problem stay decoded");
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV4_IHL_TOO_SMALL);
}

Test(decode_ipv4, ihl_beyond_the_packet_is_invalid)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[0] = 0x46; /* 24 bytes claimed, 20 there and the frame was captured whole */
    cr_assert_eq(decode_raw(h, 20), DECODE_INVALID);
    cr_assert(pkt.anomalies & ANOMALY_IPV4_IHL_BEYOND_CAPTURE);
}

Test(decode_ipv4, ihl_beyond_a_snaplen_cut_is_truncation)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[0] = 0x46;
    struct guarded g = guard_copy(h, 20);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, g.data, 20, 60), DECODE_TRUNCATED);
    guard_free(&g);
    cr_assert(pkt.anomalies & ANOMALY_IPV4_IHL_BEYOND_CAPTURE);
}

Test(decode_ipv4, total_length_below_header_is_invalid)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[3] = 19;
    with_checksum(h, 20);
    cr_assert_eq(decode_raw(h, 20), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV4_TOTAL_LENGTH_BELOW_HEADER);
    cr_assert_eq(pkt.ipv4.total_length, 19);
}

Test(decode_ipv4, total_length_beyond_capture_is_noted)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[3] = 40;
    with_checksum(h, 20);
    cr_assert_eq(decode_raw(h, 20), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE);
}

Test(decode_ipv4, total_length_zero_is_taken_as_offload_to_frame_end)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    b[2] = b[3] = 0;
    with_checksum(b, 20);
    cr_assert_eq(decode_raw(b, n), DECODE_OK);
    cr_assert(pkt.tcp.present);
    cr_assert_eq(pkt.tcp.payload_length, 0);
    /* Every byte is there: the checksum is verified over the frame, as tshark does. */
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_GOOD);
    b[20 + 17] ^= 1;
    decode_raw(b, n);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_BAD);
}

Test(decode_ipv4, total_length_zero_cut_by_snaplen_stays_unverified)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t payload[30] = {1, 2, 3};
    s.payload = payload;
    s.payload_len = sizeof payload;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    b[2] = b[3] = 0;
    struct guarded g = guard_copy(b, 50);
    decode_packet(&pkt, LINKTYPE_RAW, g.data, 50, (uint32_t)n);
    guard_free(&g);
    cr_assert_eq(pkt.tcp.payload_length, 30);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_UNVERIFIED);
}

/* A total length past the frame's end on the wire: the packet is invalid, and its payload is
 * what the wire carried (18 bytes), not what the header claims (65535 - 40). */
Test(decode_ipv4, total_length_beyond_the_wire_counts_the_wire)
{
    struct pkt_spec s = pkt_spec_default();
    s.payload = (const uint8_t *)"MessageVersServeur";
    s.payload_len = 18;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    b[2] = b[3] = 0xff;
    with_checksum(b, 20);
    cr_assert_eq(decode_raw(b, n), DECODE_INVALID);
    cr_assert_eq(pkt.anomalies, ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE);
    cr_assert_eq(pkt.ipv4.total_length, 65535);
    cr_assert(pkt.tcp.payload_length_known);
    cr_assert_eq(pkt.tcp.payload_length, 18);
    cr_assert_eq(pkt.payload_caplen, 18);
    /* Every byte the wire carried is there: the checksum is judged over them. */
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_GOOD);
}

Test(decode_ipv4, total_length_beyond_the_wire_under_a_snaplen)
{
    struct pkt_spec s = pkt_spec_default();
    s.payload = (const uint8_t *)"MessageVersServeur";
    s.payload_len = 18;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    b[2] = 0x01; /* 400 */
    b[3] = 0x90;
    with_checksum(b, 20);
    struct guarded g = guard_copy(b, 44);
    decode_packet(&pkt, LINKTYPE_RAW, g.data, 44, (uint32_t)n);
    guard_free(&g);
    cr_assert_eq(pkt.status, DECODE_INVALID);
    cr_assert_eq(pkt.tcp.payload_length, 18);
    cr_assert_eq(pkt.payload_caplen, 4);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_UNVERIFIED);
}

/* Cut after the flags and fragment-offset bytes: every field captured keeps its value. */
Test(decode_ipv4, cut_after_fragment_offset_keeps_it)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    h[6] = 0x20 | 0x01; /* MF, offset 0x1b9 = 441 */
    h[7] = 0xb9;
    with_checksum(h, 20);
    struct guarded g = guard_copy(h, 8);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, g.data, 8, 20), DECODE_TRUNCATED);
    guard_free(&g);
    const struct ipv4_hdr *ip = &pkt.ipv4;
    cr_assert_eq(ip->fixed_len, 8);
    cr_assert_eq(ip->version, 4);
    cr_assert_eq(ip->ihl, 5);
    cr_assert_eq(ip->tos, 0xb8);
    cr_assert_eq(ip->total_length, 20);
    cr_assert_eq(ip->id, 0xabcd);
    cr_assert_eq(ip->flags, 1);
    cr_assert_eq(ip->frag_offset, 441);
    cr_assert_eq(ip->ttl, 0);
    /* One byte fewer: the flags (byte 6) are there, the fragment offset is not whole. */
    g = guard_copy(h, 7);
    decode_packet(&pkt, LINKTYPE_RAW, g.data, 7, 20);
    guard_free(&g);
    cr_assert_eq(pkt.ipv4.flags, 1);
    cr_assert_eq(pkt.ipv4.frag_offset, 0);
    /* Cut inside the addresses: TTL, protocol and checksum stay. */
    g = guard_copy(h, 14);
    decode_packet(&pkt, LINKTYPE_RAW, g.data, 14, 20);
    guard_free(&g);
    cr_assert_eq(pkt.ipv4.frag_offset, 441);
    cr_assert_eq(pkt.ipv4.ttl, 7);
    cr_assert_eq(pkt.ipv4.protocol, 253);
    cr_assert_eq(pkt.ipv4.checksum, (uint16_t)(h[10] << 8 | h[11]));
}

Test(decode_ipv4, every_truncation_inside_the_header)
{
    uint8_t h[20];
    memcpy(h, plain, 20);
    with_checksum(h, 20);
    for (size_t n = 0; n < 20; n++) {
        struct guarded g = guard_copy(h, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)n, 20);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert(pkt.anomalies & ANOMALY_IPV4_TRUNCATED, "prefix %zu", n);
        cr_assert_eq(pkt.ipv4.fixed_len, n);
    }
    /* Two bytes in: version, IHL and TOS are there, the total length is not. */
    struct guarded g = guard_copy(h, 2);
    decode_packet(&pkt, LINKTYPE_RAW, g.data, 2, 20);
    guard_free(&g);
    cr_assert_eq(pkt.ipv4.tos, 0xb8);
    cr_assert_eq(pkt.ipv4.total_length, 0);
}

/* Options: NOP, router alert, record route with two addresses, timestamp, EOL + padding. */
Test(decode_ipv4, decodes_options_by_type)
{
    const uint8_t opts[] = {
        0x01,                                     /* NOP */
        0x94, 0x04, 0x00, 0x00,                   /* router alert, value 0 */
        0x07, 0x0b, 0x08, 10, 0, 0, 1, 10, 0, 0, 2, /* RR, len 11, pointer 8, two addresses */
        0x44, 0x08, 0x05, 0x31, 0, 0, 0, 9,       /* TS len 8 ptr 5 oflw 3 flag 1, one word */
        0x00, 0x00, 0x00, 0x00,                   /* EOL, then zero padding */
    };
    struct pkt_spec s = pkt_spec_default();
    s.ip_options = opts;
    s.ip_options_len = sizeof opts;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    cr_assert_eq(decode_raw(b, n), DECODE_OK);
    const struct ipv4_hdr *ip = &pkt.ipv4;
    cr_assert_eq(ip->ihl, 12);
    cr_assert_eq(ip->option_count, 8);
    cr_assert_eq(ip->options[0].type, IPOPT_NOP);
    cr_assert_eq(ip->options[1].type, IPOPT_RA);
    cr_assert_eq(ip->options[1].len, 4);
    cr_assert_eq(ip->options[1].ra_value, 0);
    cr_assert_eq(ip->options[2].type, IPOPT_RR);
    cr_assert_eq(ip->options[2].len, 11);
    cr_assert_eq(ip->options[2].pointer, 8);
    cr_assert_eq(ip->options[2].body_len, 9);
    cr_assert_eq(ip->options[2].body[1], 10);
    cr_assert_eq(ip->options[3].type, IPOPT_TS);
    cr_assert_eq(ip->options[3].pointer, 5);
    cr_assert_eq(ip->options[3].ts_overflow, 3);
    cr_assert_eq(ip->options[3].ts_flag, 1);
    for (int i = 4; i < 8; i++)
        cr_assert_eq(ip->options[i].type, IPOPT_EOL);
    cr_assert(pkt.tcp.present, "the transport header follows the options");
    cr_assert_eq(ip->checksum_status, CHECKSUM_GOOD);
}

Test(decode_ipv4, lsrr_ssrr_and_unknown_options)
{
    const uint8_t opts[] = {
        0x83, 0x07, 0x04, 1, 2, 3, 4,       /* LSRR */
        0x89, 0x03, 0x04,                   /* SSRR, no address */
        0x99, 0x04, 0xaa, 0xbb,             /* unknown type 153, length 4 */
        0x00, 0x00,                         /* EOL + pad */
    };
    struct pkt_spec s = pkt_spec_default();
    s.ip_options = opts;
    s.ip_options_len = sizeof opts;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    decode_raw(b, n);
    const struct ipv4_hdr *ip = &pkt.ipv4;
    cr_assert_eq(ip->options[0].type, IPOPT_LSRR);
    cr_assert_eq(ip->options[0].pointer, 4);
    cr_assert_eq(ip->options[1].type, IPOPT_SSRR);
    cr_assert_eq(ip->options[1].len, 3);
    cr_assert_eq(ip->options[2].type, 153);
    cr_assert_eq(ip->options[2].len, 4);
    cr_assert_eq(ip->options[2].body[0], 0xaa);
    cr_assert_eq(pkt.anomalies, 0);
}

static void option_length_case(uint8_t len_byte)
{
    const uint8_t opts[] = {0x07, len_byte, 0x04, 0x00};
    struct pkt_spec s = pkt_spec_default();
    s.ip_options = opts;
    s.ip_options_len = sizeof opts;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    cr_assert_eq(decode_raw(b, n), DECODE_INVALID);
    cr_assert(pkt.anomalies & ANOMALY_IPV4_OPTION_LENGTH_INVALID);
    cr_assert_eq(pkt.ipv4.option_count, 1);
    cr_assert_eq(pkt.ipv4.options[0].len, 0);
    cr_assert(pkt.tcp.present, "a bad option does not hide the transport header");
}

Test(decode_ipv4, option_length_zero_is_invalid) { option_length_case(0); }
Test(decode_ipv4, option_length_one_is_invalid) { option_length_case(1); }
Test(decode_ipv4, option_length_past_header_is_invalid) { option_length_case(5); }

Test(decode_ipv4, later_fragment_carries_no_transport_header)
{
    struct pkt_spec s = pkt_spec_default();
    s.ip_flags = 1;
    s.frag_offset = 185;
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    cr_assert_eq(decode_raw(b, n), DECODE_OK);
    cr_assert_eq(pkt.ipv4.frag_offset, 185);
    cr_assert(!pkt.tcp.present);
}

Test(decode_ipv4, first_fragment_has_tcp_but_unverified_checksum)
{
    struct pkt_spec s = pkt_spec_default();
    s.ip_flags = 1; /* MF, offset 0 */
    uint8_t b[128];
    size_t n = pkt_build_ipv4_tcp(b, sizeof b, &s);
    decode_raw(b, n);
    cr_assert(pkt.tcp.present);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_UNVERIFIED);
}

/* A capture that ends inside an option: the option's type was captured, nothing else of it;
 * it is marked cut (not invalid), and the packet is truncated, not invalid. */
Test(decode_ipv4, option_cut_by_the_capture_is_marked_cut_not_invalid)
{
    uint8_t h[28];
    memcpy(h, plain, 20);
    h[0] = 0x47; /* IHL 7: 8 option bytes */
    h[3] = 28;
    const uint8_t rr[8] = {IPOPT_RR, 7, 4, 192, 0, 2, 1, 0};
    memcpy(h + 20, rr, 8);
    with_checksum(h, 28);
    for (size_t cut = 21; cut < 27; cut++) { /* the option ends at byte 27 */
        struct guarded g = guard_copy(h, cut);
        cr_assert_eq(decode_packet(&pkt, LINKTYPE_RAW, g.data, (uint32_t)cut, 28),
                     DECODE_TRUNCATED, "cut %zu", cut);
        guard_free(&g);
        cr_assert_eq(pkt.anomalies, ANOMALY_IPV4_IHL_BEYOND_CAPTURE, "cut %zu", cut);
        cr_assert_eq(pkt.ipv4.option_count, 1);
        cr_assert_eq(pkt.ipv4.options[0].type, IPOPT_RR);
        cr_assert_eq(pkt.ipv4.options[0].len, 0);
        cr_assert(pkt.ipv4.options[0].cut, "cut %zu", cut);
    }
    /* Captured whole with a length of 1: invalid, not cut. */
    h[21] = 1;
    decode_raw(h, 28);
    cr_assert(pkt.anomalies & ANOMALY_IPV4_OPTION_LENGTH_INVALID);
    cr_assert(!pkt.ipv4.options[0].cut);
}
