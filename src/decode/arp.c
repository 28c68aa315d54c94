/* arp.c - ARP (RFC 826): the fixed 8 bytes, then for Ethernet/IPv4 ARP the four addresses.
 *
 *  0               1               2               3
 * +---------------+---------------+---------------+---------------+
 * |      hardware type (1)        |    protocol type (0x0800)     |
 * | hw len (6)    | proto len (4) |   opcode (1 request, 2 reply) |
 * | sender MAC (6), sender IPv4 (4), target MAC (6), target IPv4 (4)
 */
#include <string.h>

#include "decode_internal.h"

void arp_decode(struct packet *pkt, struct reader *r)
{
    struct arp_hdr *a = &pkt->arp;
    memset(a, 0, sizeof *a); /* decode_packet leaves it to ARP frames */
    size_t left = rd_left(r);
    a->offset = (uint16_t)r->off;
    a->fixed_len = (uint8_t)(left < 8 ? left : 8);
    if (left == 0) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ARP_TRUNCATED);
        return;
    }
    a->present = true;
    pkt->stopped_at = LAYER_NETWORK;
    if (!rd_be16(r, &a->htype) || !rd_be16(r, &a->ptype) || !rd_u8(r, &a->hlen) ||
        !rd_u8(r, &a->plen) || !rd_be16(r, &a->op)) {
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ARP_TRUNCATED);
        return;
    }
    if (a->hlen != 6 || a->plen != 4)
        return; /* addresses of other sizes (Token Ring, IPv6 over ...) are not decoded */
    a->fixed_len = (uint8_t)(left < 28 ? left : 28);
    if (!rd_bytes(r, a->sha, 6) || !rd_bytes(r, a->spa, 4) || !rd_bytes(r, a->tha, 6) ||
        !rd_bytes(r, a->tpa, 4))
        decode_note(pkt, decode_shortfall(pkt), ANOMALY_ARP_TRUNCATED);
}
