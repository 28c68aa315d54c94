/* follow_target.c - what --follow STREAM names: a stream number (tshark's tcp.stream) or two
 * endpoints ADDR:PORT,ADDR:PORT in either order ([ADDR]:PORT for IPv6, as tshark writes them),
 * and whether a packet belongs to it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/follow.h"

#define FOLLOW_FORM "a stream number (the \"stream\" of --json, tshark's tcp.stream) or " \
                    "ADDR:PORT,ADDR:PORT ([ADDR]:PORT for IPv6)"

static int bad(const char *text, const char *why, char *err, size_t err_len)
{
    snprintf(err, err_len, "--follow '%.200s': %s; expected %s", text, why, FOLLOW_FORM);
    return -1;
}

/* Decimal digits up to max, nothing else. */
static bool all_digits(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

/* One endpoint, s[0..n): "A.B.C.D:PORT" or "[IPV6]:PORT". Returns NULL or why it is not one. */
static const char *parse_endpoint(const char *s, size_t n, uint8_t *family, uint8_t addr[16],
                                  uint16_t *port)
{
    const char *end = s + n, *addr_start = s, *addr_end = NULL, *colon = NULL;
    if (n > 0 && s[0] == '[') {
        addr_end = memchr(s, ']', n);
        if (!addr_end || addr_end + 1 >= end || addr_end[1] != ':')
            return "an IPv6 endpoint is written [ADDR]:PORT";
        addr_start = s + 1;
        colon = addr_end + 1;
        *family = 6;
    } else {
        for (const char *c = s; c < end; c++)
            if (*c == ':')
                colon = c;
        if (!colon)
            return "an endpoint needs its port (ADDR:PORT)";
        addr_end = colon;
        *family = 4;
    }
    char text[64];
    size_t addr_len = (size_t)(addr_end - addr_start);
    if (addr_len == 0 || addr_len >= sizeof text)
        return "an endpoint needs an address";
    memcpy(text, addr_start, addr_len);
    text[addr_len] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(*family == 6 ? AF_INET6 : AF_INET, text, addr) != 1)
        return *family == 6 ? "not an IPv6 address" : "not an IPv4 address";
    uint64_t p;
    if (!all_digits(colon + 1, (size_t)(end - colon - 1), 65535, &p) || p == 0)
        return "a port is a number from 1 to 65535";
    *port = (uint16_t)p;
    return NULL;
}

int follow_parse_target(const char *text, struct follow_target *t, char *err, size_t err_len)
{
    memset(t, 0, sizeof *t);
    size_t len = strlen(text);
    uint64_t stream;
    if (all_digits(text, len, UINT32_MAX, &stream)) {
        t->stream = (uint32_t)stream;
        return 0;
    }
    if (len > 0 && text[strspn(text, "0123456789")] == '\0')
        return bad(text, "a stream number is at most 4294967295", err, err_len);
    const char *comma = strchr(text, ',');
    if (!comma || strchr(comma + 1, ','))
        return bad(text, "neither a number nor two endpoints", err, err_len);
    uint8_t fam[2];
    const char *why = parse_endpoint(text, (size_t)(comma - text), &fam[0], t->addr[0], &t->port[0]);
    if (!why)
        why = parse_endpoint(comma + 1, strlen(comma + 1), &fam[1], t->addr[1], &t->port[1]);
    if (!why && fam[0] != fam[1])
        why = "both endpoints must be IPv4, or both IPv6";
    if (why)
        return bad(text, why, err, err_len);
    t->by_endpoints = true;
    t->family = fam[0];
    return 0;
}

bool follow_target_matches(const struct follow_target *t, const struct packet *pkt,
                           bool has_stream, uint32_t stream)
{
    if (!has_stream || !pkt->tcp.present)
        return false;
    if (!t->by_endpoints)
        return stream == t->stream;
    uint8_t src[16] = {0}, dst[16] = {0};
    uint8_t family = pkt->ipv4.present ? 4 : 6;
    memcpy(src, family == 4 ? pkt->ipv4.src : pkt->ipv6.src, family == 4 ? 4u : 16u);
    memcpy(dst, family == 4 ? pkt->ipv4.dst : pkt->ipv6.dst, family == 4 ? 4u : 16u);
    if (family != t->family)
        return false;
    for (int i = 0; i < 2; i++)
        if (!memcmp(src, t->addr[i], 16) && pkt->tcp.src_port == t->port[i] &&
            !memcmp(dst, t->addr[!i], 16) && pkt->tcp.dst_port == t->port[!i])
            return true;
    return false;
}
