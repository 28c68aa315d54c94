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
    /* A first fragment carries the header of a datagram that continues in later fragments:
     * its length counts them too. Otherwise the length must fit what IP carries; bytes after
     * it inside the IP packet are no part of the datagram (RFC 768; Linux trims them). */
    bool length_fits = u->length <= ctx->claimed_len;
    if (u->length < 8 || (!length_fits && !ctx->first_fragment))
        decode_note(pkt, DECODE_INVALID, ANOMALY_UDP_LENGTH_INVALID);
    else if (u->checksum != 0 || pkt->ipv6.present) /* 0 means "none" over IPv4 only */
        u->checksum_status =
            transport_checksum_status(r, u->length, ctx, u->checksum, &u->checksum_expected);
    if (u->checksum_status == CHECKSUM_BAD && u->checksum_expected == 0)
        u->checksum_expected = 0xffff; /* UDP sends a computed 0 as all ones (0 means none) */
    pkt->payload_offset = u->offset + 8u;
    pkt->payload_caplen = (uint32_t)rd_left(r);
    if (u->length >= 8 && length_fits && u->length - 8u < pkt->payload_caplen)
        pkt->payload_caplen = u->length - 8u;
    if (!length_fits && ctx->first_fragment) {
        /* The datagram continues in later fragments: this one carries only a part of it. */
        pkt->udp_spans_fragments = true;
        pkt->fragment_payload_len = ctx->claimed_len - 8u; /* the header lay within claimed */
    }
}
