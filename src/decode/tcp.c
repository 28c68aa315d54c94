/* tcp.c - TCP header and options (RFC 9293; options RFC 7323, 2018, 2385, 7413).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |E|W|C|R|C|S|S|Y|I|            Window             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 */
#include "decode_internal.h"

static uint32_t be32_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Checks the option's length against its kind and decodes the values. body holds body_len
 * bytes, already bounds-checked by the caller. */
static void option_decode_body(struct tcp_option *o)
{
    const uint8_t *b = o->body;
    switch (o->kind) {
    case TCPOPT_MSS:
        o->valid = o->len == 4;
        if (o->valid)
            o->v.mss = (uint16_t)((unsigned)b[0] << 8 | b[1]);
        break;
    case TCPOPT_WSCALE:
        o->valid = o->len == 3;
        if (o->valid)
            o->v.wscale = b[0];
        break;
    case TCPOPT_SACK_PERMITTED:
        o->valid = o->len == 2;
        break;
    case TCPOPT_SACK:
        o->valid = o->body_len >= 8 && o->body_len % 8 == 0 &&
                   o->body_len / 8 <= DECODE_MAX_SACK_BLOCKS;
        if (o->valid) {
            o->v.sack.count = (uint8_t)(o->body_len / 8);
            for (unsigned i = 0; i < 2u * o->v.sack.count; i++)
                o->v.sack.edge[i] = be32_at(b + 4 * i);
        }
        break;
    case TCPOPT_TIMESTAMP:
        o->valid = o->len == 10;
        if (o->valid) {
            o->v.ts.val = be32_at(b);
            o->v.ts.ecr = be32_at(b + 4);
        }
        break;
    case TCPOPT_MD5:
        o->valid = o->len == 18;
        break;
    case TCPOPT_FASTOPEN: /* a cookie request (no cookie) or a 4..16-byte cookie */
        o->valid = o->body_len == 0 || (o->body_len >= 4 && o->body_len <= 16);
        break;
    default:
        o->valid = true;
        break;
    }
}

/* r spans the captured option bytes; cut says the capture ended inside them. Each step moves at
 * least one byte forward; a length below 2 or past the header ends the loop. Bytes after an EOL
 * are padding: zero bytes are listed as EOLs, the way tshark lists them. */
static void options_decode(struct packet *pkt, struct reader *r, bool cut)
{
    struct tcp_hdr *t = &pkt->tcp;
    while (rd_left(r) > 0 && t->option_count < DECODE_MAX_TCP_OPTIONS) {
        struct tcp_option *o = &t->options[t->option_count];
        *o = (struct tcp_option){0};
        if (!rd_u8(r, &o->kind))
            return;
        o->len = 1;
        o->valid = true;
        t->option_count++;
        if (o->kind == TCPOPT_EOL) {
            /* Padding follows: zero bytes are listed as EOLs, anything else ends the list. */
            uint8_t next;
            struct reader peek = *r;
            if (!rd_u8(&peek, &next) || next != 0)
                return;
            continue;
        }
        if (o->kind == TCPOPT_NOP)
            continue;
        uint8_t len = 0;
        if (!rd_u8(r, &len) || len < 2 || !rd_view(r, &o->body, (size_t)len - 2)) {
            o->len = 0;
            o->valid = false;
            o->cut = cut && (len >= 2 || !rd_has(r, 1));
            if (o->cut)
                decode_note(pkt, decode_shortfall(pkt), ANOMALY_TCP_TRUNCATED);
            else
                decode_note(pkt, DECODE_INVALID, ANOMALY_TCP_OPTION_LENGTH_INVALID);
            return;
        }
        o->len = len;
        o->body_len = (uint8_t)(len - 2);
        option_decode_body(o);
    }
}

/* Reads the 20-byte fixed header in wire order; on a short capture the fields read so far stay. */
static bool fixed_decode(struct tcp_hdr *t, struct reader *r)
{
    uint8_t off_byte, flags_lo;
    if (!rd_be16(r, &t->src_port) || !rd_be16(r, &t->dst_port) || !rd_be32(r, &t->seq) ||
        !rd_be32(r, &t->ack) || !rd_u8(r, &off_byte))
        return false;
    t->data_offset = (uint8_t)(off_byte >> 4);
    if (!rd_u8(r, &flags_lo))
        return false;
    t->flags = (uint16_t)(((unsigned)off_byte & 0x0f) << 8 | flags_lo);
    return rd_be16(r, &t->window) && rd_be16(r, &t->checksum) && rd_be16(r, &t->urgent);
}

void tcp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx)
{
    struct tcp_hdr *t = &pkt->tcp;
    t->offset = (uint16_t)(r->base - pkt->data);
    t->fixed_len = (uint8_t)(rd_left(r) < 20 ? rd_left(r) : 20);
    if (t->fixed_len == 0) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_TCP_TRUNCATED);
        return;
    }
    t->present = true;
    pkt->stopped_at = LAYER_TRANSPORT;
    if (!fixed_decode(t, r)) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_TCP_TRUNCATED);
        return;
    }
    if (t->data_offset < 5) {
        decode_note(pkt, DECODE_INVALID, ANOMALY_TCP_DATA_OFFSET_TOO_SMALL);
        return;
    }
    const size_t hdr_len = (size_t)t->data_offset * 4;
    if (hdr_len > ctx->claimed_len) {
        /* The IP length cuts the header short. When every byte IP claims was captured, the
         * checksum can still be judged over them, as tshark does. */
        decode_note(pkt, DECODE_INVALID, ANOMALY_TCP_DATA_OFFSET_BEYOND_SEGMENT);
        t->checksum_status = transport_checksum_status(r, ctx->claimed_len, ctx, t->checksum,
                                                       &t->checksum_expected);
        return;
    }
    /* The header fits in the segment, so the payload length is known even if the capture
     * ends inside the options. */
    t->payload_length_known = true;
    t->payload_length = ctx->claimed_len - (uint32_t)hdr_len;
    struct reader opts;
    bool cut = !rd_sub(r, &opts, hdr_len - 20);
    if (cut) {
        rd_sub(r, &opts, rd_left(r)); /* what was captured of the options */
        options_decode(pkt, &opts, true);
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_TCP_TRUNCATED);
        return;
    }
    options_decode(pkt, &opts, false);
    rd_skip(r, hdr_len - 20); /* rd_sub above proved these bytes are there */
    t->checksum_status =
        transport_checksum_status(r, ctx->claimed_len, ctx, t->checksum, &t->checksum_expected);
    pkt->payload_offset = t->offset + (uint32_t)hdr_len;
    pkt->payload_caplen = (uint32_t)rd_left(r);
    if (t->payload_length > 0)
        pkt->stopped_at = LAYER_PAYLOAD;
}
