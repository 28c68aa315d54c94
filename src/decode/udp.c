/* udp.c - UDP header (RFC 768): source port, destination port, length, checksum. */
#include "decode_internal.h"

void udp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx)
{
    struct udp_hdr *u = &pkt->udp;
    u->offset = (uint16_t)(r->base - pkt->data);
    u->fixed_len = (uint8_t)(rd_left(r) < 8 ? rd_left(r) : 8);
    if (u->fixed_len == 0) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_UDP_TRUNCATED);
        return;
    }
    u->present = true;
    pkt->stopped_at = LAYER_TRANSPORT;
    if (!rd_be16(r, &u->src_port) || !rd_be16(r, &u->dst_port) || !rd_be16(r, &u->length) ||
        !rd_be16(r, &u->checksum)) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_UDP_TRUNCATED);
        return;
    }
    if (u->length < 8 || u->length > ctx->claimed_len)
        decode_note(pkt, DECODE_INVALID, ANOMALY_UDP_LENGTH_INVALID);
    else if (u->checksum != 0 || pkt->ipv6.present) /* 0 means "none" over IPv4 only */
        u->checksum_status = transport_checksum_status(r, ctx, u->checksum);
    pkt->payload_offset = u->offset + 8u;
    pkt->payload_caplen = (uint32_t)rd_left(r);
}
