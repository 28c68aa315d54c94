/* link.c - link layers: Ethernet with 802.1Q/802.1ad tags (IEEE 802.3, 802.1Q), Linux cooked
 * SLL and SLL2, BSD loopback NULL and LOOP, PPP, and raw IP (tcpdump.org/linktypes.html). */
#include "decode_internal.h"

bool decode_linktype_supported(uint32_t linktype)
{
    switch (linktype) {
    case LINKTYPE_NULL:
    case LINKTYPE_ETHERNET:
    case LINKTYPE_PPP:
    case LINKTYPE_RAW_DLT12:
    case LINKTYPE_RAW_DLT14:
    case LINKTYPE_RAW:
    case LINKTYPE_LOOP:
    case LINKTYPE_LINUX_SLL:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
    case LINKTYPE_LINUX_SLL2:
        return true;
    default:
        return false;
    }
}

/* The capture ended inside the link header: every captured byte is a link header byte (fewer
 * than 30, the longest header), and the fields read so far stay. */
static uint16_t link_truncated(struct packet *pkt, const struct reader *r)
{
    pkt->link.fixed_len = (uint8_t)r->len;
    decode_note(pkt, DECODE_TRUNCATED, ANOMALY_LINK_TRUNCATED);
    return 0;
}

/* The link header was captured whole. */
static uint16_t link_whole(struct packet *pkt, const struct reader *r, uint16_t type)
{
    pkt->link.hdr_len = (uint16_t)r->off;
    pkt->link.fixed_len = (uint8_t)r->off;
    pkt->stopped_at = LAYER_LINK;
    return type; /* decode_packet decodes the types it knows and ignores the others */
}

/*  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |        destination MAC (6)    |         source MAC (6)        |
 * +-------------------------------+---------------+---------------+
 * | [TPID 0x8100/0x88a8 | TCI]... |   EtherType   |
 * EtherType 0x0800 / 0x86dd passes through; 802.3 length fields and the rest stop here.
 */
static uint16_t ethernet_decode(struct packet *pkt, struct reader *r)
{
    struct link_hdr *l = &pkt->link;
    if (!rd_bytes(r, l->dst, 6) || !rd_bytes(r, l->src, 6))
        return link_truncated(pkt, r);
    l->src_len = 6;
    uint16_t type;
    if (!rd_be16(r, &type))
        return link_truncated(pkt, r);
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
        if (l->vlan_count == DECODE_MAX_VLANS) {
            /* The header ends here for us: the fifth TPID stands as its EtherType. */
            decode_note(pkt, DECODE_UNSUPPORTED, ANOMALY_LINK_TOO_MANY_VLANS);
            l->ethertype = type;
            return link_whole(pkt, r, 0);
        }
        struct vlan_tag *tag = &l->vlan[l->vlan_count];
        if (!rd_be16(r, &tag->tci))
            return link_truncated(pkt, r);
        tag->tpid = type;
        l->vlan_count++;
        if (!rd_be16(r, &type))
            return link_truncated(pkt, r);
    }
    l->ethertype = type; /* only now known not to be a tag's TPID */
    return link_whole(pkt, r, type);
}

/* SLL: packet type(2) ARPHRD type(2) address length(2) address(8) protocol(2). */
static uint16_t sll_decode(struct packet *pkt, struct reader *r)
{
    struct link_hdr *l = &pkt->link;
    uint16_t halen;
    if (!rd_be16(r, &l->pkttype) || !rd_be16(r, &l->hatype) || !rd_be16(r, &halen))
        return link_truncated(pkt, r);
    l->src_len = (uint8_t)(halen < 8 ? halen : 8);
    if (!rd_bytes(r, l->src, 8) || !rd_be16(r, &l->ethertype))
        return link_truncated(pkt, r);
    return link_whole(pkt, r, l->ethertype);
}

/* SLL2: protocol(2) reserved(2) ifindex(4) ARPHRD type(2) packet type(1) addr length(1) addr(8). */
static uint16_t sll2_decode(struct packet *pkt, struct reader *r)
{
    struct link_hdr *l = &pkt->link;
    uint8_t pkttype, halen;
    if (!rd_be16(r, &l->ethertype) || !rd_skip(r, 2) || !rd_be32(r, &l->ifindex) ||
        !rd_be16(r, &l->hatype) || !rd_u8(r, &pkttype))
        return link_truncated(pkt, r);
    l->pkttype = pkttype;
    if (!rd_u8(r, &halen))
        return link_truncated(pkt, r);
    l->src_len = (uint8_t)(halen < 8 ? halen : 8);
    if (!rd_bytes(r, l->src, 8))
        return link_truncated(pkt, r);
    return link_whole(pkt, r, l->ethertype);
}

/* NULL and LOOP: a 4-byte address family. NULL is in the capturing host's byte order and LOOP
 * should be big-endian, but writers of both exist in either order: a family is a small number,
 * so whichever reading fits in 16 bits is the right one. */
static uint16_t null_decode(struct packet *pkt, struct reader *r)
{
    struct link_hdr *l = &pkt->link;
    uint32_t fam;
    if (!rd_be32(r, &fam))
        return link_truncated(pkt, r);
    if (fam > 0xffff)
        fam = (fam >> 24) | ((fam >> 8) & 0xff00) | ((fam << 8) & 0xff0000) | (fam << 24);
    l->family = fam;
    switch (fam) {
    case 2:
        l->ethertype = 0x0800;
        break;
    case 10: /* Linux */
    case 24: /* NetBSD, OpenBSD */
    case 28: /* FreeBSD */
    case 30: /* Darwin */
        l->ethertype = 0x86dd;
        break;
    default:
        break;
    }
    return link_whole(pkt, r, l->ethertype);
}

/* PPP (RFC 1661/1662, LINKTYPE_PPP): address 0xff and control 0x03 unless the link agreed to
 * leave them out (ACFC), then the protocol: two bytes, or one where protocol compression
 * (PFC) drops the high zero byte, which a protocol's odd low byte shows. */
static uint16_t ppp_decode(struct packet *pkt, struct reader *r)
{
    struct link_hdr *l = &pkt->link;
    uint8_t b0, b1;
    if (!rd_u8(r, &b0))
        return link_truncated(pkt, r);
    if (b0 == 0xff) {
        if (!rd_u8(r, &b1))
            return link_truncated(pkt, r);
        if (b1 != 0x03) { /* 0xff starts no protocol: a malformed frame, left undecoded */
            l->ppp_protocol = (uint16_t)(b0 << 8 | b1);
            return link_whole(pkt, r, 0);
        }
        l->ppp_address_control = true;
        if (!rd_u8(r, &b0))
            return link_truncated(pkt, r);
    }
    if (b0 & 1) {
        l->ppp_protocol = b0;
    } else {
        if (!rd_u8(r, &b1))
            return link_truncated(pkt, r);
        l->ppp_protocol = (uint16_t)(b0 << 8 | b1);
    }
    if (l->ppp_protocol == 0x0021)
        l->ethertype = 0x0800;
    else if (l->ppp_protocol == 0x0057)
        l->ethertype = 0x86dd;
    return link_whole(pkt, r, l->ethertype);
}

/* Raw IP: the version nibble tells IPv4 from IPv6. */
static uint16_t raw_decode(struct packet *pkt, uint32_t linktype, const struct reader *r)
{
    struct reader peek = *r;
    uint8_t b0 = 0;
    uint16_t type;
    if (linktype == LINKTYPE_IPV4)
        type = 0x0800;
    else if (linktype == LINKTYPE_IPV6)
        type = 0x86dd;
    else if (rd_u8(&peek, &b0) && (b0 >> 4) == 6)
        type = 0x86dd;
    else
        type = 0x0800; /* IPv4 reports any other version as version_not_4 */
    pkt->link.ethertype = type;
    pkt->stopped_at = LAYER_LINK;
    return type;
}

uint16_t link_decode(struct packet *pkt, uint32_t linktype, struct reader *r)
{
    pkt->link.linktype = linktype;
    pkt->link.present = true;
    switch (linktype) {
    case LINKTYPE_ETHERNET:
        return ethernet_decode(pkt, r);
    case LINKTYPE_LINUX_SLL:
        return sll_decode(pkt, r);
    case LINKTYPE_LINUX_SLL2:
        return sll2_decode(pkt, r);
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
        return null_decode(pkt, r);
    case LINKTYPE_PPP:
        return ppp_decode(pkt, r);
    case LINKTYPE_RAW_DLT12:
    case LINKTYPE_RAW_DLT14:
    case LINKTYPE_RAW:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
        return raw_decode(pkt, linktype, r);
    default:
        pkt->link.present = false;
        decode_note(pkt, DECODE_UNSUPPORTED, ANOMALY_LINK_UNSUPPORTED);
        return 0;
    }
}
