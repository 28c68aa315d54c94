/* ipv4.c - IPv4 header and options (RFC 791; router alert RFC 2113).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 */
#include "decode_internal.h"

static void option_decode_body(struct ipv4_option *o)
{
    switch (o->type) {
    case IPOPT_RR:
    case IPOPT_LSRR:
    case IPOPT_SSRR:
        if (o->body_len >= 1)
            o->pointer = o->body[0];
        break;
    case IPOPT_TS:
        if (o->body_len >= 2) {
            o->pointer = o->body[0];
            o->ts_overflow = (uint8_t)(o->body[1] >> 4);
            o->ts_flag = (uint8_t)(o->body[1] & 0x0f);
        }
        break;
    case IPOPT_RA:
        if (o->body_len == 2)
            o->ra_value = (uint16_t)((unsigned)o->body[0] << 8 | o->body[1]);
        break;
    default:
        break;
    }
}

/* Options fill the header past byte 20; r spans the captured ones, and cut says the capture
 * ended inside them. Each step moves at least one byte forward, and a length below 2 or past the
 * header ends the loop. Bytes after an EOL are padding: zero bytes are listed as EOLs, as tshark does. */
static void options_decode(struct packet *pkt, struct reader *r, bool cut)
{
    struct ipv4_hdr *ip = &pkt->ipv4;
    while (rd_left(r) > 0 && ip->option_count < DECODE_MAX_IPV4_OPTIONS) {
        struct ipv4_option *o = &ip->options[ip->option_count];
        *o = (struct ipv4_option){0};
        if (!rd_u8(r, &o->type))
            return;
        o->len = 1;
        ip->option_count++;
        if (o->type == IPOPT_EOL) {
            /* Padding follows: zero bytes are listed as EOLs, anything else ends the list. */
            uint8_t next;
            struct reader peek = *r;
            if (!rd_u8(&peek, &next) || next != 0)
                return;
            continue;
        }
        if (o->type == IPOPT_NOP)
            continue;
        uint8_t len = 0;
        if (!rd_u8(r, &len) || len < 2 || !rd_view(r, &o->body, (size_t)len - 2)) {
            o->len = 0; /* unknown: the option's own length cannot be trusted */
            o->cut = cut && (len >= 2 || !rd_has(r, 1));
            if (!o->cut)
                decode_note(pkt, DECODE_INVALID, ANOMALY_IPV4_OPTION_LENGTH_INVALID);
            return;
        }
        o->len = len;
        o->body_len = (uint8_t)(len - 2);
        option_decode_body(o);
    }
}

/* The fixed header after the version byte, in wire order, each field stored as soon as its bytes
 * are read: on a short capture every field captured stays (flags live in byte 6, the fragment
 * offset needs bytes 6 and 7). */
static bool fixed_decode(struct ipv4_hdr *ip, struct reader *r)
{
    uint8_t fl_hi, fl_lo;
    if (!rd_u8(r, &ip->tos) || !rd_be16(r, &ip->total_length) || !rd_be16(r, &ip->id) ||
        !rd_u8(r, &fl_hi))
        return false;
    ip->flags = (uint8_t)(fl_hi >> 5);
    if (!rd_u8(r, &fl_lo))
        return false;
    ip->frag_offset = (uint16_t)(((unsigned)fl_hi & 0x1f) << 8 | fl_lo);
    return rd_u8(r, &ip->ttl) && rd_u8(r, &ip->protocol) && rd_be16(r, &ip->checksum) &&
           rd_bytes(r, ip->src, 4) && rd_bytes(r, ip->dst, 4);
}

/* Bytes of the datagram after the header, as the wire carried them. A total length of 0 is
 * what Linux captures of TCP segmentation offload (the card fills it in): like tshark, the
 * datagram runs to the end of the frame. A total length past the frame's end on the wire
 * cannot be true: the packet is invalid, and its payload is what the wire carried. Returns
 * false (noted) when the total length is below the header's. */
static bool payload_len(struct packet *pkt, size_t start, size_t hdr_len, size_t *claimed)
{
    const struct ipv4_hdr *ip = &pkt->ipv4;
    size_t wire_left = pkt->len - start; /* len >= caplen > start */
    size_t datagram_len = ip->total_length ? ip->total_length : wire_left;
    if (datagram_len < hdr_len) {
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV4_TOTAL_LENGTH_BELOW_HEADER);
        return false;
    }
    if (datagram_len > wire_left) {
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE);
        datagram_len = wire_left; /* >= hdr_len: the header was captured */
    }
    *claimed = datagram_len - hdr_len;
    return true;
}

void ipv4_decode(struct packet *pkt, struct reader *r)
{
    struct ipv4_hdr *ip = &pkt->ipv4;
    const size_t start = r->off;
    const uint8_t *hdr = r->base + r->off;
    uint8_t vihl;
    ip->offset = (uint16_t)start;
    ip->fixed_len = (uint8_t)(rd_left(r) < 20 ? rd_left(r) : 20);

    if (!rd_u8(r, &vihl)) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV4_TRUNCATED);
        return;
    }
    ip->present = true;
    pkt->stopped_at = LAYER_NETWORK;
    ip->version = (uint8_t)(vihl >> 4);
    ip->ihl = (uint8_t)(vihl & 0x0f);
    if (ip->version != 4) {
        ip->fixed_len = 1; /* nothing after the version byte is IPv4 */
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV4_VERSION_NOT_4);
        return;
    }
    if (!fixed_decode(ip, r)) {
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV4_TRUNCATED);
        return;
    }
    if (ip->ihl < 5) {
        decode_note(pkt, DECODE_INVALID, ANOMALY_IPV4_IHL_TOO_SMALL);
        return;
    }
    const size_t hdr_len = (size_t)ip->ihl * 4;
    struct reader opts;
    if (!rd_sub(r, &opts, hdr_len - 20)) {
        rd_sub(r, &opts, rd_left(r)); /* what was captured of the options */
        options_decode(pkt, &opts, true);
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_IPV4_IHL_BEYOND_CAPTURE);
        return;
    }
    options_decode(pkt, &opts, false);
    /* rd_sub succeeded above, so hdr_len bytes from hdr are captured. */
    ip->checksum_status = checksum_fold(checksum_add(0, hdr, hdr_len)) == 0xffff
                              ? CHECKSUM_GOOD
                              : CHECKSUM_BAD;
    rd_skip(r, hdr_len - 20);

    size_t claimed;
    if (!payload_len(pkt, start, hdr_len, &claimed))
        return;
    size_t captured = rd_left(r) < claimed ? rd_left(r) : claimed;
    if (captured < claimed)
        decode_note(pkt, DECODE_TRUNCATED, ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE);

    /* Only the first fragment carries the transport header. */
    if (ip->frag_offset != 0) {
        pkt->payload_offset = (uint32_t)r->off;
        pkt->payload_caplen = (uint32_t)captured;
        return;
    }
    transport_decode(pkt, ip->protocol, r, captured, claimed, ip->src, ip->dst, 4,
                     ip->flags & 1);
}
