/* pktbuild.h - builds test frames field by field and fills in the checksums. */
#ifndef TEST_PKTBUILD_H
#define TEST_PKTBUILD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_spec {
    /* IPv4 */
    uint8_t tos, ttl, protocol, ip_flags;
    uint16_t id, frag_offset;
    uint8_t src[4], dst[4];
    const uint8_t *ip_options;
    size_t ip_options_len; /* multiple of 4 */
    /* TCP */
    uint16_t sport, dport, window, urgent, tcp_flags;
    uint32_t seq, ack;
    const uint8_t *tcp_options;
    size_t tcp_options_len; /* multiple of 4 */
    const uint8_t *payload;
    size_t payload_len;
};

/* A default spec: 192.0.2.1:40000 > 198.51.100.2:80, TTL 64, DF, SYN. */
struct pkt_spec pkt_spec_default(void);
/* DESIGN.md's loopback SYN: 127.0.0.1:58160 > 127.0.0.1:5005, id 49872, seq 1873299397, window
 * 65495, options MSS 65495, SACK permitted, timestamps, NOP, window scale 7 (74 bytes framed). */
struct pkt_spec pkt_spec_design_syn(void);
/* The default spec's other direction: the server 198.51.100.2:80 answering client port cport. */
struct pkt_spec pkt_spec_reply(uint16_t cport);

/* Writes Ethernet (zero MACs) + IPv4 + TCP into buf; returns the frame length (0 if too big). */
size_t pkt_build_eth_tcp(uint8_t *buf, size_t cap, const struct pkt_spec *s);
/* Same without the Ethernet header (raw IPv4). */
size_t pkt_build_ipv4_tcp(uint8_t *buf, size_t cap, const struct pkt_spec *s);

/* Raw IPv4 10.0.0.2 > 10.0.0.1 (TTL 64, id 5) carrying the n-byte ICMP message m into buf
 * (cap bytes: 20 + n must fit), both checksums computed, the ICMP one spoilt (xor 1) when
 * bad_checksum. Returns the packet's length, 0 if it does not fit. */
size_t pkt_build_ipv4_icmp(uint8_t *buf, size_t cap, const uint8_t *m, size_t n,
                           bool bad_checksum);

/* TCP flag bits from letters as tcpdump writes them: "SA" SYN+ACK, "FA", "R", "PA". */
uint16_t pkt_tcp_flags(const char *letters);

void put16(uint8_t *p, uint16_t v);
void put32(uint8_t *p, uint32_t v);

#endif
