/* ipv6.c - IPv6 fixed header (RFC 8200). Extension headers are not walked: a transport header
 * is decoded only when it follows the fixed header directly.
 *
 * +-------+---------------+---------------------------------------+
 * |Version| Traffic Class |              Flow Label               |
 * +-------+---------------+-------+---------------+---------------+
 * |        Payload Length         |  Next Header  |   Hop Limit   |
 * +-------------------------------+---------------+---------------+
 * |                  Source Address (128 bits)                    |
 * |               Destination Address (128 bits)                  |
 */
#include "decode_internal.h"

void ipv6_decode(struct packet *pkt, struct reader *r)
{
    struct ipv6_hdr *ip = &pkt->ipv6;
    uint16_t vtc, flow_lo;
    ip->offset = (uint16_t)r->off;
    ip->fixed_len = (uint8_t)(rd_left(r) < 40 ? rd_left(r) : 40);
    if (ip->fixed_len == 0) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV6_TRUNCATED);
        return;
    }
    ip->present = true;
    pkt->stopped_at = LAYER_NETWORK;
    /* Each field is stored as soon as its bytes are read: on a short capture every field
     * captured stays (the traffic class ends in byte 1, the flow label in byte 3). */
    struct reader peek = *r;
    uint8_t b0;
    if (rd_u8(&peek, &b0))
        ip->version = (uint8_t)(b0 >> 4);
    if (ip->version != 6) {
        ip->fixed_len = 1;
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV6_VERSION_NOT_6);
        return;
    }
    if (!rd_be16(r, &vtc)) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV6_TRUNCATED);
        return;
    }
    ip->traffic_class = (uint8_t)(vtc >> 4);
    if (!rd_be16(r, &flow_lo)) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV6_TRUNCATED);
        return;
    }
    ip->flow_label = (uint32_t)(vtc & 0x0f) << 16 | flow_lo;
    if (!rd_be16(r, &ip->payload_length) || !rd_u8(r, &ip->next_header) ||
        !rd_u8(r, &ip->hop_limit) || !rd_bytes(r, ip->src, 16) || !rd_bytes(r, ip->dst, 16)) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV6_TRUNCATED);
        return;
    }
    /* A payload length past the frame's end on the wire cannot be true: invalid, and the
     * payload is what the wire carried (as for IPv4's total length). */
    size_t claimed = ip->payload_length;
    size_t wire_left = pkt->len - ip->offset - 40u; /* len >= caplen >= offset + 40 */
    if (claimed > wire_left) {
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE);
        claimed = wire_left;
    }
    size_t captured = rd_left(r) < claimed ? rd_left(r) : claimed;
    if (captured < claimed)
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE);
    transport_decode(pkt, ip->next_header, r, captured, claimed, ip->src, ip->dst, 16, false);
}
