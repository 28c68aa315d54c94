/* packet.c - decode_packet(): link, network and transport decoders run in turn on one frame. */
#include <string.h>

#include "decode_internal.h"

struct anomaly_desc {
    uint32_t bit;
    const char *name; /* stable dotted name, used in JSON */
    const char *text; /* plain words for the human printers */
};

static const struct anomaly_desc anomalies[] = {
    {ANOMALY_LINK_TRUNCATED, "link.truncated", "link header truncated"},
    {ANOMALY_LINK_UNSUPPORTED, "link.unsupported", "link type not supported"},
    {ANOMALY_LINK_TOO_MANY_VLANS, "link.too_many_vlans", "more than 4 VLAN tags"},
    {ANOMALY_IPV4_TRUNCATED, "ipv4.truncated", "IPv4 header truncated"},
    {ANOMALY_IPV4_VERSION_NOT_4, "ipv4.version_not_4", "IP version is not 4"},
    {ANOMALY_IPV4_IHL_TOO_SMALL, "ipv4.ihl_too_small", "IHL below 5"},
    {ANOMALY_IPV4_IHL_BEYOND_CAPTURE, "ipv4.ihl_beyond_capture",
     "IHL longer than the captured bytes"},
    {ANOMALY_IPV4_TOTAL_LENGTH_BELOW_HEADER, "ipv4.total_length_below_header",
     "total length below the header length"},
    {ANOMALY_IPV4_TOTAL_LENGTH_BEYOND_CAPTURE, "ipv4.total_length_beyond_capture",
     "total length beyond the captured bytes"},
    {ANOMALY_IPV4_OPTION_LENGTH_INVALID, "ipv4.option_length_invalid",
     "IPv4 option length invalid"},
    {ANOMALY_IPV6_TRUNCATED, "ipv6.truncated", "IPv6 header truncated"},
    {ANOMALY_IPV6_VERSION_NOT_6, "ipv6.version_not_6", "IP version is not 6"},
    {ANOMALY_IPV6_PAYLOAD_LENGTH_BEYOND_CAPTURE, "ipv6.payload_length_beyond_capture",
     "payload length beyond the captured bytes"},
    {ANOMALY_TCP_TRUNCATED, "tcp.truncated", "TCP header truncated"},
    {ANOMALY_TCP_DATA_OFFSET_TOO_SMALL, "tcp.data_offset_too_small", "data offset below 5"},
    {ANOMALY_TCP_DATA_OFFSET_BEYOND_SEGMENT, "tcp.data_offset_beyond_segment",
     "data offset beyond the segment"},
    {ANOMALY_TCP_OPTION_LENGTH_INVALID, "tcp.option_length_invalid", "TCP option length invalid"},
    {ANOMALY_UDP_TRUNCATED, "udp.truncated", "UDP header truncated"},
    {ANOMALY_UDP_LENGTH_INVALID, "udp.length_invalid", "UDP length invalid"},
    {ANOMALY_ICMP_TRUNCATED, "icmp.truncated", "ICMP header truncated"},
    {ANOMALY_ARP_TRUNCATED, "arp.truncated", "ARP truncated"},
    {ANOMALY_ICMP_QUOTED_TRUNCATED, "icmp.quoted_truncated", "ICMP error's quoted IP header truncated"},
};

static const struct anomaly_desc *anomaly_find(uint32_t bit)
{
    for (size_t i = 0; i < sizeof anomalies / sizeof anomalies[0]; i++)
        if (anomalies[i].bit == bit)
            return &anomalies[i];
    return NULL;
}

const char *decode_anomaly_name(uint32_t bit)
{
    const struct anomaly_desc *a = anomaly_find(bit);
    return a ? a->name : NULL;
}

const char *decode_anomaly_text(uint32_t bit)
{
    const struct anomaly_desc *a = anomaly_find(bit);
    return a ? a->text : NULL;
}

void transport_decode(struct packet *pkt, uint8_t protocol, const struct reader *r,
                      size_t captured, size_t claimed, const uint8_t *src, const uint8_t *dst,
                      size_t addr_len, bool first_fragment)
{
    struct reader seg;
    rd_sub(r, &seg, captured); /* captured <= rd_left(r), as the callers ensure */
    pkt->first_fragment = first_fragment;
    struct transport_ctx ctx = {
        .claimed_len = (uint32_t)claimed,
        .verifiable = !first_fragment && !(pkt->flags & DECODE_SKIP_TRANSPORT_CHECKSUM),
        .first_fragment = first_fragment,
    };
    if (ctx.verifiable) { /* only a checksum to verify needs the pseudo-header's sum */
        ctx.pseudo_sum = checksum_add(0, src, addr_len);
        ctx.pseudo_sum = checksum_add(ctx.pseudo_sum, dst, addr_len) + protocol;
    }
    switch (protocol) {
    case 6:
        tcp_decode(pkt, &seg, &ctx);
        break;
    case 17:
        udp_decode(pkt, &seg, &ctx);
        break;
    case 1:
    case 58:
        icmp_decode(pkt, &seg, &ctx);
        break;
    default:
        break;
    }
}

enum decode_status decode_packet(struct packet *pkt, uint32_t linktype, const uint8_t *data,
                                 uint32_t caplen, uint32_t len)
{
    return decode_packet_flags(pkt, linktype, data, caplen, len, 0);
}

enum decode_status decode_packet_flags(struct packet *pkt, uint32_t linktype, const uint8_t *data,
                                       uint32_t caplen, uint32_t len, uint32_t flags)
{
    /* The option arrays are bounded by their counts, so only the fixed part needs zeroing to
     * leave no stale field behind; this keeps the per-packet cost small. */
    memset(pkt, 0, offsetof(struct packet, ipv4.options));
    memset(&pkt->ipv6, 0, offsetof(struct packet, tcp.options) - offsetof(struct packet, ipv6));
    memset(&pkt->tcp.payload_length_known, 0,
           offsetof(struct packet, arp) - offsetof(struct packet, tcp.payload_length_known));
    pkt->arp.present = false; /* the rest of it is arp_decode's to zero */
    pkt->flags = flags;
    pkt->caplen = caplen;
    pkt->len = len < caplen ? caplen : len;
    pkt->data = data;

    struct reader r = rd_init(data, caplen);
    uint16_t ethertype = link_decode(pkt, linktype, &r);
    if (ethertype == 0x0800)
        ipv4_decode(pkt, &r);
    else if (ethertype == 0x86dd)
        ipv6_decode(pkt, &r);
    else if (ethertype == 0x0806)
        arp_decode(pkt, &r);
    return pkt->status;
}
