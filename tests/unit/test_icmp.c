/* ICMP summary (src/decode/icmp.c). */
#include <criterion/criterion.h>

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
