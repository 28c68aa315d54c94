/* icmp.c - ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, checksum (verified over the whole
 * message), echo's id and sequence, and an ICMPv4 error's quoted IP header and ports. */
#include "decode_internal.h"

/* ICMPv4 sums the message alone; ICMPv6 adds the pseudo-header (RFC 4443 2.3), summed here from
 * the IPv6 addresses. Verified only where the whole message was captured and it is no fragment,
 * even where TCP's and UDP's are skipped (DECODE_SKIP_TRANSPORT_CHECKSUM): ICMP is rare and
 * short, and the line marks it [bad icmp cksum]. */
static enum checksum_status icmp_checksum(const struct packet *pkt, const struct reader *r,
                                          const struct transport_ctx *ctx)
{
    const uint32_t cut = ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE |
                         ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE; /* the message runs past */
    if (ctx->first_fragment || ctx->claimed_len > r->len || (pkt->anomalies & cut))
        return CHECKSUM_UNVERIFIED;
    uint32_t sum = 0;
    if (pkt->ipv6.present) {
        sum = checksum_add(0, pkt->ipv6.src, 16);
        sum = checksum_add(sum, pkt->ipv6.dst, 16) + 58u + ctx->claimed_len;
    }
    return checksum_fold(checksum_add(sum, r->base, ctx->claimed_len)) == 0xffff ? CHECKSUM_GOOD
                                                                                 : CHECKSUM_BAD;
}

/* ICMPv4 errors: unreachable, source quench, redirect, time exceeded, parameter problem. */
static bool icmp_is_error(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* The offending datagram's IPv4 header (its IHL's worth) and the first 4 bytes after it: the
 * ports of TCP or UDP. r is at the quoted header. */
static void icmp_quoted(struct packet *pkt, struct reader *r)
{
    struct icmp_hdr *ic = &pkt->icmp;
    struct reader q = *r;
    uint8_t vihl;
    if (!rd_u8(&q, &vihl) || (vihl >> 4) != 4 || (vihl & 0x0f) < 5 ||
        !rd_has(r, (size_t)(vihl & 0x0f) * 4)) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ICMP_QUOTED_TRUNCATED);
        return;
    }
    /* 20 bytes are there: protocol at 9, addresses at 12 and 16. */
    rd_skip(&q, 8);
    rd_u8(&q, &ic->quoted_protocol);
    rd_skip(&q, 2);
    rd_bytes(&q, ic->quoted_src, 4);
    rd_bytes(&q, ic->quoted_dst, 4);
    ic->quoted = true;
    rd_skip(r, (size_t)(vihl & 0x0f) * 4);
    ic->quoted_ports = rd_be16(r, &ic->quoted_src_port) && rd_be16(r, &ic->quoted_dst_port);
}

void icmp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx)
{
    struct icmp_hdr *ic = &pkt->icmp;
    bool v6 = pkt->ipv6.present;
    ic->offset = (uint16_t)(r->base - pkt->data);
    ic->fixed_len = (uint8_t)(rd_left(r) < 8 ? rd_left(r) : 8);
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
    ic->checksum_status = icmp_checksum(pkt, r, ctx);
    if (!rd_be32(r, &ic->rest))
        return; /* the rest of the header not captured: fixed_len says so */
    ic->is_echo = v6 ? (ic->type == 128 || ic->type == 129) : (ic->type == 0 || ic->type == 8);
    if (ic->is_echo) {
        ic->id = (uint16_t)(ic->rest >> 16);
        ic->seq = (uint16_t)ic->rest;
    } else if (!v6 && icmp_is_error(ic->type)) {
        icmp_quoted(pkt, r);
    }
}
