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
