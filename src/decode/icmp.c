/* icmp.c - ICMP (RFC 792) and ICMPv6 (RFC 4443) summary: type, code, checksum. */
#include "decode_internal.h"

void icmp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx)
{
    (void)ctx;
    struct icmp_hdr *ic = &pkt->icmp;
    ic->offset = (uint16_t)(r->base - pkt->data);
    ic->fixed_len = (uint8_t)(rd_left(r) < 4 ? rd_left(r) : 4);
    if (ic->fixed_len == 0) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ICMP_TRUNCATED);
        return;
    }
    ic->present = true;
    pkt->stopped_at = LAYER_TRANSPORT;
    if (!rd_u8(r, &ic->type) || !rd_u8(r, &ic->code) || !rd_be16(r, &ic->checksum)) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ICMP_TRUNCATED);
        return;
    }
    pkt->payload_offset = ic->offset + 4u;
    pkt->payload_caplen = (uint32_t)rd_left(r);
}
