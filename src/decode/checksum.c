/* checksum.c - the Internet checksum (RFC 1071) and the verdicts built on it. */
#include "decode_internal.h"

uint32_t checksum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    /* 64-bit accumulation cannot overflow for any packet size libpcap can hand us. */
    uint64_t s = sum;
    size_t i = 0;
    for (; i + 1 < n; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (i < n)
        s += (uint32_t)p[i] << 8;
    while (s >> 32)
        s = (s & 0xffffffffu) + (s >> 32);
    return (uint32_t)s;
}

uint16_t checksum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}

enum checksum_status transport_checksum_status(const struct reader *r,
                                               const struct transport_ctx *ctx, uint16_t field)
{
    if (!ctx->whole || r->len != ctx->claimed_len)
        return CHECKSUM_UNVERIFIED;
    if (checksum_fold(checksum_add(ctx->pseudo_sum, r->base, r->len)) == 0xffff)
        return CHECKSUM_GOOD;
    /* Checksum offload (CHECKSUM_PARTIAL on Linux) stores the folded pseudo-header sum, not yet
     * complemented, and leaves the rest to the card; loopback never finishes it. In ones'
     * complement 0x0000 and 0xffff are the same number. */
    uint16_t partial = checksum_fold(ctx->pseudo_sum);
    if (field == partial || (partial == 0xffff && field == 0) || (partial == 0 && field == 0xffff))
        return CHECKSUM_PARTIAL;
    return CHECKSUM_BAD;
}
