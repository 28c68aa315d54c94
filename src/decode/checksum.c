/* checksum.c - the Internet checksum (RFC 1071) and the verdicts built on it. */
#include "decode_internal.h"

#include <string.h>

uint32_t checksum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    /* RFC 1071 section 2(B): the sum can be taken in either byte order and swapped at the end,
     * so 32-bit words are added in the machine's order, four bytes per step, into 64 bits
     * (no overflow below 2^32 words). memcpy keeps the loads free of alignment assumptions. */
    uint64_t s = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        s += w;
    }
    /* Fold to 16 bits, still in machine order. */
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    uint32_t folded = (uint32_t)s;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    folded = (uint32_t)(((folded & 0xff) << 8) | (folded >> 8));
#endif
    uint64_t t = (uint64_t)sum + folded;
    for (; i + 1 < n; i += 2)
        t += (uint32_t)p[i] << 8 | p[i + 1];
    if (i < n)
        t += (uint32_t)p[i] << 8;
    while (t >> 32)
        t = (t & 0xffffffffu) + (t >> 32);
    return (uint32_t)t;
}

uint16_t checksum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}

enum checksum_status transport_checksum_status(const struct reader *r, size_t span,
                                               const struct transport_ctx *ctx, uint16_t field,
                                               uint16_t *expected)
{
    /* span <= r->len, the captured bytes; the 2^24 bound keeps pseudo_sum + span from
     * wrapping (a segment that long exists only in a forged capture). */
    if (!ctx->verifiable || span > r->len || span > 0xffffffu)
        return CHECKSUM_UNVERIFIED;
    /* The pseudo-header's length is the span's: the segment for TCP, the UDP length for UDP
     * (RFC 768; bytes after it inside the IP packet are not the datagram's). */
    uint32_t pseudo = ctx->pseudo_sum + (uint32_t)span;
    uint16_t folded = checksum_fold(checksum_add(pseudo, r->base, span));
    if (folded == 0xffff)
        return CHECKSUM_GOOD;
    /* Checksum offload (CHECKSUM_PARTIAL on Linux) stores the folded pseudo-header sum, not yet
     * complemented, and leaves the rest to the card; loopback never finishes it. In ones'
     * complement 0x0000 and 0xffff are the same number. */
    uint16_t partial = checksum_fold(pseudo);
    if (field == partial || (partial == 0xffff && field == 0) || (partial == 0 && field == 0xffff))
        return CHECKSUM_PARTIAL;
    /* The field taken back out of the sum (adding its complement), the rest complemented. */
    *expected = (uint16_t)~checksum_fold((uint32_t)folded + (uint16_t)~field);
    return CHECKSUM_BAD;
}
