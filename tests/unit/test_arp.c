/* ARP (src/decode/arp.c): every field of Ethernet/IPv4 ARP, other formats, every truncation. */
#include <criterion/criterion.h>
#include <string.h>

#include "guard.h"
#include "stackscope/decode.h"

static struct packet pkt;

/* Ethernet broadcast frame: 10.0.0.1 (02:00:00:00:00:01) asks who has 10.0.0.2. */
static const uint8_t request[42] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06, /* Ethernet */
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,                               /* fixed part */
    0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 1,                                    /* sender */
    0, 0, 0, 0, 0, 0, 10, 0, 0, 2,                                          /* target */
};

Test(decode_arp, request_every_field)
{
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_ETHERNET, request, 42, 42), DECODE_OK);
    const struct arp_hdr *a = &pkt.arp;
    cr_assert(a->present);
    cr_assert_eq(pkt.stopped_at, LAYER_NETWORK);
    cr_assert_eq(a->offset, 14);
    cr_assert_eq(a->fixed_len, 28);
    cr_assert_eq(a->htype, 1);
    cr_assert_eq(a->ptype, 0x0800);
    cr_assert_eq(a->hlen, 6);
    cr_assert_eq(a->plen, 4);
    cr_assert_eq(a->op, 1);
    const uint8_t sha[6] = {2, 0, 0, 0, 0, 1}, spa[4] = {10, 0, 0, 1}, tha[6] = {0},
                  tpa[4] = {10, 0, 0, 2};
    cr_assert_arr_eq(a->sha, sha, 6);
    cr_assert_arr_eq(a->spa, spa, 4);
    cr_assert_arr_eq(a->tha, tha, 6);
    cr_assert_arr_eq(a->tpa, tpa, 4);
    cr_assert(!pkt.ipv4.present);
    cr_assert_eq(pkt.anomalies, 0);
}

/* Linux cooked capture (SLL) carries ARP too, by its protocol field. */
Test(decode_arp, over_linux_sll)
{
    uint8_t b[16 + 28] = {0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x06};
    memcpy(b + 16, request + 14, 28);
    b[16 + 7] = 2; /* a reply */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_LINUX_SLL, b, sizeof b, sizeof b), DECODE_OK);
    cr_assert(pkt.arp.present);
    cr_assert_eq(pkt.arp.offset, 16);
    cr_assert_eq(pkt.arp.op, 2);
}

/* Other sizes of address: the 8 fixed bytes decoded, the addresses left alone, no error. */
Test(decode_arp, other_address_sizes_fixed_part_only)
{
    uint8_t b[42];
    memcpy(b, request, 42);
    b[14 + 4] = 8; /* hlen 8 */
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_ETHERNET, b, 42, 42), DECODE_OK);
    cr_assert(pkt.arp.present);
    cr_assert_eq(pkt.arp.hlen, 8);
    cr_assert_eq(pkt.arp.fixed_len, 8);
    cr_assert_eq(pkt.arp.spa[0], 0);
}

/* Every prefix: the fields captured stay, the rest is an error: truncated where the capture
 * cut the frame, invalid where the frame itself ended early. Read within its bytes only. */
Test(decode_arp, every_truncation)
{
    for (size_t n = 14; n < 42; n++) {
        struct guarded g = guard_copy(request, n);
        enum decode_status st = decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, (uint32_t)n, 42);
        guard_free(&g);
        cr_assert_eq(st, DECODE_TRUNCATED, "prefix %zu", n);
        cr_assert_eq(pkt.anomalies, ANOMALY_ARP_TRUNCATED, "prefix %zu", n);
        cr_assert_eq(pkt.arp.present, n > 14, "prefix %zu", n);
        cr_assert_eq(pkt.arp.fixed_len, n - 14, "prefix %zu", n);
        if (n >= 22)
            cr_assert_eq(pkt.arp.op, 1, "prefix %zu", n);
        /* an address is copied whole or not at all: the sender's IPv4 ends at byte 32 */
        cr_assert_eq(pkt.arp.spa[3], n >= 32 ? 1 : 0, "prefix %zu", n);
    }
    struct guarded g = guard_copy(request, 30);
    cr_assert_eq(decode_packet(&pkt, LINKTYPE_ETHERNET, g.data, 30, 30), DECODE_INVALID);
    guard_free(&g);
    cr_assert_str_eq(decode_anomaly_name(ANOMALY_ARP_TRUNCATED), "arp.truncated");
}
