/* pktbuild.c - see pktbuild.h. */
#include "pktbuild.h"

#include <string.h>

#include "stackscope/decode.h"

void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

struct pkt_spec pkt_spec_default(void)
{
    struct pkt_spec s;
    memset(&s, 0, sizeof s);
    s.ttl = 64;
    s.protocol = 6;
    s.ip_flags = 2;
    s.id = 0x1234;
    memcpy(s.src, "\xc0\x00\x02\x01", 4);
    memcpy(s.dst, "\xc6\x33\x64\x02", 4);
    s.sport = 40000;
    s.dport = 80;
    s.window = 65535;
    s.tcp_flags = TCP_SYN;
    s.seq = 1000;
    return s;
}

struct pkt_spec pkt_spec_design_syn(void)
{
    static const uint8_t opts[20] = {2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0x9a, 0x3c, 0x1e, 0x6f,
                                     0, 0, 0, 0, 1, 3, 3, 7};
    struct pkt_spec s = pkt_spec_default();
    memcpy(s.src, "\x7f\x00\x00\x01", 4);
    memcpy(s.dst, "\x7f\x00\x00\x01", 4);
    s.id = 49872;
    s.sport = 58160;
    s.dport = 5005;
    s.seq = 1873299397;
    s.window = 65495;
    s.tcp_options = opts;
    s.tcp_options_len = sizeof opts;
    return s;
}

struct pkt_spec pkt_spec_reply(uint16_t cport)
{
    struct pkt_spec s = pkt_spec_default();
    uint8_t t[4];
    memcpy(t, s.src, 4);
    memcpy(s.src, s.dst, 4);
    memcpy(s.dst, t, 4);
    s.sport = 80;
    s.dport = cport;
    return s;
}

size_t pkt_build_ipv4_tcp(uint8_t *buf, size_t cap, const struct pkt_spec *s)
{
    size_t ihl = 20 + s->ip_options_len, thl = 20 + s->tcp_options_len;
    size_t total = ihl + thl + s->payload_len;
    if (total > cap || total > 65535)
        return 0;
    uint8_t *ip = buf, *tcp = buf + ihl;
    memset(buf, 0, total);
    ip[0] = (uint8_t)(0x40 | (ihl / 4));
    ip[1] = s->tos;
    put16(ip + 2, (uint16_t)total);
    put16(ip + 4, s->id);
    put16(ip + 6, (uint16_t)((unsigned)s->ip_flags << 13 | s->frag_offset));
    ip[8] = s->ttl;
    ip[9] = s->protocol;
    memcpy(ip + 12, s->src, 4);
    memcpy(ip + 16, s->dst, 4);
    if (s->ip_options_len)
        memcpy(ip + 20, s->ip_options, s->ip_options_len);
    put16(ip + 10, (uint16_t)~checksum_fold(checksum_add(0, ip, ihl)));

    put16(tcp, s->sport);
    put16(tcp + 2, s->dport);
    put32(tcp + 4, s->seq);
    put32(tcp + 8, s->ack);
    put16(tcp + 12, (uint16_t)((thl / 4) << 12 | (s->tcp_flags & 0xfff)));
    put16(tcp + 14, s->window);
    put16(tcp + 18, s->urgent);
    if (s->tcp_options_len)
        memcpy(tcp + 20, s->tcp_options, s->tcp_options_len);
    if (s->payload_len)
        memcpy(tcp + thl, s->payload, s->payload_len);
    uint32_t sum = checksum_add(0, ip + 12, 8);
    sum += 6 + (uint32_t)(thl + s->payload_len);
    sum = checksum_add(sum, tcp, thl + s->payload_len);
    put16(tcp + 16, (uint16_t)~checksum_fold(sum));
    return total;
}

size_t pkt_build_eth_tcp(uint8_t *buf, size_t cap, const struct pkt_spec *s)
{
    if (cap < 14)
        return 0;
    memset(buf, 0, 12);
    buf[12] = 0x08;
    buf[13] = 0x00;
    size_t n = pkt_build_ipv4_tcp(buf + 14, cap - 14, s);
    return n ? n + 14 : 0;
}

uint16_t pkt_tcp_flags(const char *f)
{
    uint16_t bits = 0;
    for (; *f; f++)
        bits |= *f == 'S' ? TCP_SYN : *f == 'A' ? TCP_ACK : *f == 'F' ? TCP_FIN
              : *f == 'R' ? TCP_RST : *f == 'P' ? TCP_PSH : 0;
    return bits;
}

size_t pkt_build_ipv4_icmp(uint8_t *buf, size_t cap, const uint8_t *m, size_t n,
                           bool bad_checksum)
{
    static const uint8_t ip[20] = {0x45, 0, 0, 0, 0, 5, 0, 0, 64, 1, 0, 0, 10, 0, 0, 2,
                                   10, 0, 0, 1};
    if (n < 4 || 20 + n > cap || 20 + n > 0xffff)
        return 0;
    memcpy(buf, ip, 20);
    put16(buf + 2, (uint16_t)(20 + n));
    put16(buf + 10, (uint16_t)~checksum_fold(checksum_add(0, buf, 20)));
    memcpy(buf + 20, m, n);
    put16(buf + 22, 0);
    put16(buf + 22, (uint16_t)(~checksum_fold(checksum_add(0, buf + 20, n)) ^ (bad_checksum ? 1 : 0)));
    return 20 + n;
}
