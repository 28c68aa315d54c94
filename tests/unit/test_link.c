/* Link layers (src/decode/link.c): each supported type, tags, byte orders and truncation. */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "pktbuild.h"
#include "stackscope/decode.h"

static struct packet pkt;
static uint8_t ip[64];
static size_t ip_len;

static void setup(void)
{
    struct pkt_spec s = pkt_spec_default();
    ip_len = pkt_build_ipv4_tcp(ip, sizeof ip, &s);
}

static enum decode_status decode_with(uint32_t linktype, const uint8_t *hdr, size_t hdr_len)
{
    uint8_t b[256];
    if (hdr_len)
        memcpy(b, hdr, hdr_len);
    memcpy(b + hdr_len, ip, ip_len);
    size_t n = hdr_len + ip_len;
    struct guarded g = guard_copy(b, n);
    enum decode_status st = decode_packet(&pkt, linktype, g.data, (uint32_t)n, (uint32_t)n);
    guard_free(&g);
    return st;
}

TestSuite(decode_link, .init = setup);

Test(decode_link, ethernet_addresses_and_type)
{
    const uint8_t h[] = {1, 2, 3, 4, 5, 6, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0x08, 0x00};
    cr_assert_eq(decode_with(LINKTYPE_ETHERNET, h, sizeof h), DECODE_OK);
    cr_assert_arr_eq(pkt.link.dst, ((uint8_t[]){1, 2, 3, 4, 5, 6}), 6);
    cr_assert_arr_eq(pkt.link.src, ((uint8_t[]){0xa, 0xb, 0xc, 0xd, 0xe, 0xf}), 6);
    cr_assert_eq(pkt.link.ethertype, 0x0800);
    cr_assert_eq(pkt.link.hdr_len, 14);
    cr_assert_eq(pkt.ipv4.offset, 14);
    cr_assert(pkt.tcp.present);
}

Test(decode_link, ethernet_qinq_tags)
{
    const uint8_t h[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0xa8, 0x20, 0x64, /* 802.1ad */
                         0x81, 0x00, 0x30, 0x0a, 0x08, 0x00}; /* 802.1Q vid 10 pcp 1 dei 1 */
    cr_assert_eq(decode_with(LINKTYPE_ETHERNET, h, sizeof h), DECODE_OK);
    cr_assert_eq(pkt.link.vlan_count, 2);
    cr_assert_eq(pkt.link.vlan[0].tpid, 0x88a8);
    cr_assert_eq(pkt.link.vlan[0].tci & 0xfff, 100);
    cr_assert_eq(pkt.link.vlan[1].tpid, 0x8100);
    cr_assert_eq(pkt.link.vlan[1].tci, 0x300a);
    cr_assert_eq(pkt.link.hdr_len, 22);
    cr_assert(pkt.tcp.present);
}

Test(decode_link, five_vlan_tags_are_unsupported)
{
    uint8_t h[12 + 5 * 4 + 2] = {0};
    for (int i = 0; i < 5; i++) {
        h[12 + 4 * i] = 0x81;
        h[12 + 4 * i + 1] = 0x00;
    }
    h[32] = 0x08;
    cr_assert_eq(decode_with(LINKTYPE_ETHERNET, h, sizeof h), DECODE_UNSUPPORTED);
    cr_assert(pkt.anomalies & ANOMALY_LINK_TOO_MANY_VLANS);
    cr_assert(!pkt.ipv4.present);
}

Test(decode_link, ethernet_non_ip_stops_at_link)
{
    const uint8_t h[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0xcc}; /* LLDP */
    cr_assert_eq(decode_with(LINKTYPE_ETHERNET, h, sizeof h), DECODE_OK);
    cr_assert_eq(pkt.link.ethertype, 0x88cc);
    cr_assert(!pkt.ipv4.present);
    cr_assert_eq(pkt.stopped_at, LAYER_LINK);
}

Test(decode_link, linux_sll)
{
    const uint8_t h[] = {0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00};
    cr_assert_eq(decode_with(LINKTYPE_LINUX_SLL, h, sizeof h), DECODE_OK);
    cr_assert_eq(pkt.link.pkttype, 4);
    cr_assert_eq(pkt.link.hatype, 1);
    cr_assert_eq(pkt.link.src_len, 6);
    cr_assert_eq(pkt.link.src[5], 6);
    cr_assert_eq(pkt.ipv4.offset, 16);
    cr_assert(pkt.tcp.present);
}

Test(decode_link, linux_sll2)
{
    const uint8_t h[] = {0x08, 0x00, 0, 0, 0, 0, 0, 3, 0x00, 0x01, 0x00, 0x06,
                         1, 2, 3, 4, 5, 6, 0, 0};
    cr_assert_eq(decode_with(LINKTYPE_LINUX_SLL2, h, sizeof h), DECODE_OK);
    cr_assert_eq(pkt.link.ifindex, 3);
    cr_assert_eq(pkt.link.pkttype, 0);
    cr_assert_eq(pkt.link.ethertype, 0x0800);
    cr_assert_eq(pkt.ipv4.offset, 20);
}

Test(decode_link, bsd_null_in_both_byte_orders)
{
    const uint8_t le[] = {2, 0, 0, 0}, be[] = {0, 0, 0, 2};
    cr_assert_eq(decode_with(LINKTYPE_NULL, le, 4), DECODE_OK);
    cr_assert_eq(pkt.link.family, 2);
    cr_assert(pkt.ipv4.present);
    cr_assert_eq(decode_with(LINKTYPE_NULL, be, 4), DECODE_OK);
    cr_assert_eq(pkt.link.family, 2);
    cr_assert_eq(decode_with(LINKTYPE_LOOP, be, 4), DECODE_OK);
    cr_assert(pkt.tcp.present);
}

Test(decode_link, bsd_null_ipv6_families)
{
    const uint8_t fams[] = {10, 24, 28, 30};
    for (size_t i = 0; i < sizeof fams; i++) {
        const uint8_t h[] = {fams[i], 0, 0, 0};
        decode_with(LINKTYPE_NULL, h, 4);
        cr_assert(pkt.ipv6.present, "family %u", fams[i]);
    }
}

Test(decode_link, raw_ip_link_types)
{
    const uint32_t types[] = {LINKTYPE_RAW_DLT12, LINKTYPE_RAW_DLT14, LINKTYPE_RAW, LINKTYPE_IPV4};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(decode_with(types[i], NULL, 0), DECODE_OK, "linktype %u", types[i]);
        cr_assert_eq(pkt.ipv4.offset, 0);
        cr_assert(pkt.tcp.present);
    }
}

Test(decode_link, unknown_link_type_is_unsupported)
{
    cr_assert_eq(decode_with(147, NULL, 0), DECODE_UNSUPPORTED);
    cr_assert_eq(pkt.anomalies, ANOMALY_LINK_UNSUPPORTED);
    cr_assert(!pkt.link.present);
    cr_assert(!decode_linktype_supported(147));
}

Test(decode_link, every_truncation_of_every_link_header)
{
    const struct {
        uint32_t type;
        size_t len;
    } links[] = {{LINKTYPE_ETHERNET, 14}, {LINKTYPE_LINUX_SLL, 16}, {LINKTYPE_LINUX_SLL2, 20},
                 {LINKTYPE_NULL, 4},      {LINKTYPE_LOOP, 4}};
    uint8_t b[32] = {0};
    for (size_t k = 0; k < 5; k++)
        for (size_t n = 0; n < links[k].len; n++) {
            struct guarded g = guard_copy(b, n);
            enum decode_status st = decode_packet(&pkt, links[k].type, g.data, (uint32_t)n, 100);
            guard_free(&g);
            cr_assert_eq(st, DECODE_TRUNCATED, "type %u prefix %zu", links[k].type, n);
            cr_assert_eq(pkt.anomalies, ANOMALY_LINK_TRUNCATED);
            cr_assert_eq(pkt.link.fixed_len, n, "type %u prefix %zu", links[k].type, n);
            cr_assert_eq(pkt.link.hdr_len, 0);
        }
}

/* Every field captured before the cut keeps its value; the ones after it stay zero. */
Test(decode_link, cut_ethernet_keeps_the_captured_fields)
{
    const uint8_t h[18] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0x20, 0x2a, 0x08, 0x00};
    struct guarded g = guard_copy(h, 3);
    decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, 3, 60);
    guard_free(&g);
    cr_assert_eq(pkt.link.fixed_len, 3);
    cr_assert(!DECODE_HAS(&pkt.link, 6)); /* no address is whole */
    g = guard_copy(h, 16); /* cut after the tag: the EtherType is not known */
    decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, 16, 60);
    guard_free(&g);
    cr_assert_eq(pkt.link.fixed_len, 16);
    cr_assert_eq(pkt.link.vlan_count, 1);
    cr_assert_eq(pkt.link.vlan[0].tci & 0x0fff, 42);
    cr_assert_eq(pkt.link.ethertype, 0);
    cr_assert_eq(pkt.link.hdr_len, 0);
    g = guard_copy(h, 14); /* cut after the TPID: no tag complete */
    decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, 14, 60);
    guard_free(&g);
    cr_assert_eq(pkt.link.vlan_count, 0);
    cr_assert_eq(pkt.link.ethertype, 0);
    cr_assert_arr_eq(pkt.link.src, ((uint8_t[]){2, 0, 0, 0, 0, 1}), 6);
}

Test(decode_link, cut_sll_and_sll2_keep_the_captured_fields)
{
    const uint8_t sll[16] = {0, 4, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0};
    struct guarded g = guard_copy(sll, 6);
    decode_packet(&pkt, LINKTYPE_LINUX_SLL, g.data, 6, 60);
    guard_free(&g);
    cr_assert_eq(pkt.link.pkttype, 4);
    cr_assert_eq(pkt.link.hatype, 1);
    cr_assert_eq(pkt.link.src_len, 6);
    cr_assert_eq(pkt.link.fixed_len, 6);
    const uint8_t sll2[20] = {8, 0, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, 1, 2, 3, 4, 5, 6, 0, 0};
    g = guard_copy(sll2, 11);
    decode_packet(&pkt, LINKTYPE_LINUX_SLL2, g.data, 11, 60);
    guard_free(&g);
    cr_assert_eq(pkt.link.ethertype, 0x0800);
    cr_assert_eq(pkt.link.ifindex, 3);
    cr_assert_eq(pkt.link.hatype, 1);
    cr_assert_eq(pkt.link.pkttype, 4);
    cr_assert_eq(pkt.link.fixed_len, 11);
}

Test(decode_link, whole_headers_record_their_length)
{
    const uint8_t eth[14] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00};
    decode_with(LINKTYPE_ETHERNET, eth, 14);
    cr_assert_eq(pkt.link.fixed_len, 14);
    decode_with(LINKTYPE_RAW, NULL, 0);
    cr_assert_eq(pkt.link.fixed_len, 0);
    const uint8_t null[4] = {2, 0, 0, 0};
    decode_with(LINKTYPE_NULL, null, 4);
    cr_assert_eq(pkt.link.fixed_len, 4);
}

/* PPP (link type 9): address 0xff, control 0x03, protocol 0x0021 carries IPv4; 0x0057 IPv6. */
Test(decode_link, ppp_with_address_and_control)
{
    const uint8_t h[] = {0xff, 0x03, 0x00, 0x21};
    cr_assert_eq(decode_with(LINKTYPE_PPP, h, sizeof h), DECODE_OK);
    cr_assert(pkt.link.ppp_address_control);
    cr_assert_eq(pkt.link.ppp_protocol, 0x0021);
    cr_assert_eq(pkt.link.ethertype, 0x0800);
    cr_assert_eq(pkt.link.hdr_len, 4);
    cr_assert(pkt.ipv4.present);
    cr_assert_eq(pkt.ipv4.offset, 4);
    cr_assert(pkt.tcp.present);
    cr_assert(decode_linktype_supported(LINKTYPE_PPP));
}

/* Without address and control (ACFC), and with a one-byte protocol (PFC: 0x21). */
Test(decode_link, ppp_compressed_fields)
{
    const uint8_t two[] = {0x00, 0x21}, one[] = {0x21};
    cr_assert_eq(decode_with(LINKTYPE_PPP, two, sizeof two), DECODE_OK);
    cr_assert(!pkt.link.ppp_address_control);
    cr_assert_eq(pkt.ipv4.offset, 2);
    cr_assert(pkt.tcp.present);
    cr_assert_eq(decode_with(LINKTYPE_PPP, one, sizeof one), DECODE_OK);
    cr_assert_eq(pkt.link.ppp_protocol, 0x21);
    cr_assert_eq(pkt.ipv4.offset, 1);
    cr_assert(pkt.tcp.present);
}

/* A protocol that is neither IPv4 nor IPv6 (LCP 0xc021) stops at the link, no error. */
Test(decode_link, ppp_unknown_protocol_stops_at_link)
{
    const uint8_t h[] = {0xff, 0x03, 0xc0, 0x21};
    cr_assert_eq(decode_with(LINKTYPE_PPP, h, sizeof h), DECODE_OK);
    cr_assert_eq(pkt.link.ppp_protocol, 0xc021);
    cr_assert_eq(pkt.link.ethertype, 0);
    cr_assert_eq(pkt.stopped_at, LAYER_LINK);
    cr_assert(!pkt.ipv4.present);
}

/* Every prefix of the PPP header is a truncated link header, read within its bytes. */
Test(decode_link, ppp_every_truncation)
{
    const uint8_t h[] = {0xff, 0x03, 0x00, 0x21};
    for (size_t n = 0; n < sizeof h; n++) {
        struct guarded g = guard_copy(h, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_PPP, g.data, (uint32_t)n, 60);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert(pkt.anomalies & ANOMALY_LINK_TRUNCATED, "prefix %zu", n);
        cr_assert(!pkt.ipv4.present);
    }
}
