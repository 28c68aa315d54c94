/* decode_internal.h - how the per-protocol decoders of src/decode/ hand over to each other. */
#ifndef STACKSCOPE_DECODE_INTERNAL_H
#define STACKSCOPE_DECODE_INTERNAL_H

#include "reader.h"
#include "stackscope/decode.h"

/* The first problem decides the status; later anomalies are still recorded. */
static inline void decode_note(struct packet *pkt, enum decode_status status, uint32_t anomaly)
{
    pkt->anomalies |= anomaly;
    if (pkt->status == DECODE_OK)
        pkt->status = status;
}

/* Running out of captured bytes is truncation when the capture cut the frame (caplen < len) and
 * invalid when the frame was captured whole: then a length field claimed bytes that never existed. */
static inline enum decode_status decode_shortfall(const struct packet *pkt)
{
    return pkt->caplen < pkt->len ? DECODE_TRUNCATED : DECODE_INVALID;
}

/* Link layer: fills pkt->link, leaves r at the network header and returns its EtherType
 * (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP are decoded, any other is not), or 0 when there is no
 * network layer to decode. */
uint16_t link_decode(struct packet *pkt, uint32_t linktype, struct reader *r);

/* Network layers: r starts at the header and holds every captured byte after it. */
void ipv4_decode(struct packet *pkt, struct reader *r);
void ipv6_decode(struct packet *pkt, struct reader *r);
/* ARP: r starts at the ARP header (EtherType 0x0806). */
void arp_decode(struct packet *pkt, struct reader *r);

/* What the transport decoders need of the network layer. */
struct transport_ctx {
    uint32_t claimed_len; /* transport bytes the network layer carries (wire-bounded) */
    bool verifiable;      /* not a fragment, and verification asked for */
    bool first_fragment;  /* MF set, offset 0: transport lengths count the whole datagram */
    uint32_t pseudo_sum;  /* unfolded pseudo-header sum of addresses and protocol; the
                           * length is added for the span that is checked */
};

/* r starts at the transport header and is bounded by min(captured, claimed). */
void tcp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx);
void udp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx);
void icmp_decode(struct packet *pkt, struct reader *r, const struct transport_ctx *ctx);

/* Hands the network layer's payload to the transport decoder for protocol (IPv4 protocol or
 * IPv6 next header): r is positioned at it, captured (<= rd_left(r)) of its claimed bytes are
 * there, src/dst are the addr_len-byte addresses for the pseudo-header, and first_fragment says
 * the packet is the first fragment of a datagram (IPv4 MF set, offset 0): no checksum verdict,
 * and the transport's own lengths count the whole datagram, not this fragment. */
void transport_decode(struct packet *pkt, uint8_t protocol, const struct reader *r,
                      size_t captured, size_t claimed, const uint8_t *src, const uint8_t *dst,
                      size_t addr_len, bool first_fragment);

/* Verdict for a transport checksum over the first span bytes of the segment r starts at (r->base;
 * r->len bytes of it captured). Unverified when the span is not all captured or the network
 * layer forbids a verdict. When bad, *expected is the value the field should hold (the sum is
 * at hand: -v shows it without summing again). */
enum checksum_status transport_checksum_status(const struct reader *r, size_t span,
                                               const struct transport_ctx *ctx, uint16_t field,
                                               uint16_t *expected);

#endif
