/* Truncation and corruption sweeps: every prefix and every damaged variant of valid samples goes
 * through decode, flow and every printer, each input ending just before a PROT_NONE page. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "pktbuild.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

static struct packet pkt;
static struct flow_table flows;

static void run_all(uint32_t linktype, const uint8_t *b, size_t n, size_t wire)
{
    struct guarded g = guard_copy(b, n);
    decode_packet(&pkt, linktype, g.data, (uint32_t)n, (uint32_t)wire);
    struct flow_info fi;
    flow_update(&flows, &pkt, &fi);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 1};
    for (int mode = PRINT_LINE; mode <= PRINT_JSON; mode++) {
        struct print_opts po = {.mode = (enum print_mode)mode, .hex = PRINT_HEX_ASCII,
                                .link = true, .color = mode == PRINT_LINE};
        struct print_ctx ctx;
        print_ctx_init(&ctx, &po);
        print_packet(&ctx, &ob, &fr, &pkt, &fi);
    }
    cr_assert_eq(ob.error, 0);
    free(ob.buf);
    guard_free(&g);
}

static size_t sample_tcp(uint8_t *b)
{
    static const uint8_t ipopts[8] = {0x94, 0x04, 0, 0, 0x07, 0x03, 0x04, 0x00};
    static const uint8_t tcpopts[20] = {0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0,
                                        1,    0,    0,    0,    0,    0x01, 0x03, 0x03, 0x07};
    struct pkt_spec s = pkt_spec_default();
    s.ip_options = ipopts;
    s.ip_options_len = sizeof ipopts;
    s.tcp_options = tcpopts;
    s.tcp_options_len = sizeof tcpopts;
    s.payload = (const uint8_t *)"MessageVersServeur";
    s.payload_len = 18;
    return pkt_build_eth_tcp(b, 256, &s);
}

Test(sweep, every_prefix_of_a_full_tcp_frame_is_truncated_never_ok)
{
    uint8_t b[256];
    size_t n = sample_tcp(b);
    flow_table_init(&flows);
    /* The payload is not a header, so prefixes that end inside it decode fully but note the
     * shortfall of the IPv4 total length. */
    for (size_t cut = 0; cut < n; cut++) {
        run_all(LINKTYPE_ETHERNET, b, cut, n);
        cr_assert_neq(pkt.status, DECODE_OK, "prefix %zu of %zu", cut, n);
    }
    run_all(LINKTYPE_ETHERNET, b, n, n);
    cr_assert_eq(pkt.status, DECODE_OK);
}

Test(sweep, every_prefix_under_every_link_type)
{
    uint8_t ip[256], b[300];
    struct pkt_spec s = pkt_spec_default();
    size_t ipn = pkt_build_ipv4_tcp(ip, sizeof ip, &s);
    const struct {
        uint32_t type;
        uint8_t hdr[20];
        size_t len;
    } links[] = {
        {LINKTYPE_LINUX_SLL, {0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0}, 16},
        {LINKTYPE_LINUX_SLL2, {8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0}, 20},
        {LINKTYPE_NULL, {2, 0, 0, 0}, 4},
        {LINKTYPE_LOOP, {0, 0, 0, 2}, 4},
        {LINKTYPE_RAW, {0}, 0},
    };
    flow_table_init(&flows);
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        memcpy(b, links[k].hdr, links[k].len);
        memcpy(b + links[k].len, ip, ipn);
        size_t n = links[k].len + ipn;
        for (size_t cut = 0; cut < n; cut++) {
            run_all(links[k].type, b, cut, n);
            cr_assert_neq(pkt.status, DECODE_OK, "link %u prefix %zu", links[k].type, cut);
        }
    }
}

Test(sweep, every_byte_flipped_and_length_fields_at_extremes)
{
    uint8_t b[256], c[256];
    size_t n = sample_tcp(b);
    flow_table_init(&flows);
    for (size_t i = 0; i < n; i++)
        for (unsigned v = 0; v < 256; v += 15) {
            memcpy(c, b, n);
            c[i] = (uint8_t)v;
            run_all(LINKTYPE_ETHERNET, c, n, n);
        }
    /* Length fields: IHL nibble, total length, data offset nibble, option lengths. */
    const size_t len16[] = {14 + 2};
    const uint16_t values[] = {0, 1, 0xffff};
    for (size_t k = 0; k < 3; k++) {
        memcpy(c, b, n);
        c[len16[0]] = (uint8_t)(values[k] >> 8);
        c[len16[0] + 1] = (uint8_t)values[k];
        run_all(LINKTYPE_ETHERNET, c, n, n);
        /* 0 is what segmentation offload leaves: the datagram runs to the frame's end. */
        if (values[k] == 0)
            cr_assert_eq(pkt.status, DECODE_OK);
        else
            cr_assert_neq(pkt.status, DECODE_OK, "total length %u", values[k]);
    }
    const uint8_t nibbles[] = {0, 1, 15};
    for (size_t k = 0; k < 3; k++) {
        memcpy(c, b, n);
        c[14] = (uint8_t)(0x40 | nibbles[k]);
        run_all(LINKTYPE_ETHERNET, c, n, n);
        cr_assert_neq(pkt.status, DECODE_OK, "IHL %u", nibbles[k]);
        memcpy(c, b, n);
        c[14 + 28 + 12] = (uint8_t)(nibbles[k] << 4);
        run_all(LINKTYPE_ETHERNET, c, n, n);
        cr_assert_neq(pkt.status, DECODE_OK, "data offset %u", nibbles[k]);
    }
    const uint8_t optlens[] = {0, 1, 255};
    for (size_t k = 0; k < 3; k++) {
        memcpy(c, b, n);
        c[14 + 20 + 1] = optlens[k]; /* router alert length */
        run_all(LINKTYPE_ETHERNET, c, n, n);
        cr_assert(pkt.anomalies & ANOMALY_IPV4_OPTION_LENGTH_INVALID);
        memcpy(c, b, n);
        c[14 + 28 + 20 + 1] = optlens[k]; /* MSS length */
        run_all(LINKTYPE_ETHERNET, c, n, n);
        cr_assert(pkt.anomalies & ANOMALY_TCP_OPTION_LENGTH_INVALID);
    }
}

Test(sweep, random_bytes_under_every_link_type)
{
    const uint32_t types[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147};
    uint8_t b[128];
    unsigned seed = 12345;
    flow_table_init(&flows);
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(rand_r(&seed) % 128);
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)rand_r(&seed);
        if (n > 0 && round % 2)
            b[0] = 0x45; /* steer half the inputs into IPv4 on raw links */
        run_all(types[(size_t)round % 11], b, n, n + (size_t)(round % 3));
    }
}

/* ---- Every JSON key present was captured ----
 * Each key's field ends at a fixed byte of its layer's header (DESIGN.md's JSON schema against
 * the RFC layouts). The test cuts each sample at every length and checks, from the sample's own
 * layout (not from anything the decoder recorded), that every key printed lies within the
 * bytes captured of its layer. An unknown key fails too, so a new key needs its end here. */
struct key_end {
    const char *key;
    unsigned end; /* byte after the field, from the start of its layer's header */
};

static const struct key_end ethernet_keys[] = {
    {"type", 0}, {"dst", 6}, {"src", 12}, {"vlan", 14}, {"ethertype", 14}, {NULL, 0}};
static const struct key_end ethernet_vlan_keys[] = { /* one 802.1Q tag */
    {"type", 0}, {"dst", 6}, {"src", 12}, {"vlan", 14}, {"ethertype", 18}, {NULL, 0}};
static const struct key_end sll_keys[] = {{"type", 0},    {"pkttype", 2},    {"hatype", 4},
                                          {"src", 14},    {"ethertype", 16}, {NULL, 0}};
static const struct key_end sll2_keys[] = {{"type", 0},    {"ethertype", 2}, {"ifindex", 8},
                                           {"hatype", 10}, {"pkttype", 11},  {"src", 20},
                                           {NULL, 0}};
static const struct key_end null_keys[] = {{"type", 0}, {"family", 4}, {NULL, 0}};
static const struct key_end raw_keys[] = {{"type", 0}, {"linktype", 0}, {NULL, 0}};
static const struct key_end ipv4_keys[] = {
    {"version", 1}, {"ihl", 1},       {"tos", 2},       {"total_length", 4},
    {"id", 6},      {"flags", 7},     {"df", 7},        {"mf", 7},
    {"frag_offset", 8}, {"ttl", 9},   {"protocol", 10}, {"checksum", 12},
    {"checksum_status", 12}, {"src", 16}, {"dst", 20}, {"options", 20}, {NULL, 0}};
static const struct key_end ipv6_keys[] = {
    {"version", 1},  {"traffic_class", 2}, {"flow_label", 4}, {"payload_length", 6},
    {"next_header", 7}, {"hop_limit", 8},  {"src", 24},       {"dst", 40}, {NULL, 0}};
static const struct key_end tcp_keys[] = {
    {"src_port", 2},  {"dst_port", 4},   {"seq", 8},        {"ack", 12},
    {"data_offset", 13}, {"flags", 14},  {"flag_names", 14}, {"window", 16},
    {"checksum", 18}, {"checksum_status", 18}, {"urgent", 20}, {"options", 20},
    {"payload_length", 20}, {"seq_rel", 8}, {"ack_rel", 12}, {NULL, 0}};
static const struct key_end udp_keys[] = {{"src_port", 2}, {"dst_port", 4}, {"length", 6},
                                          {"checksum", 8}, {"checksum_status", 8}, {NULL, 0}};
static const struct key_end icmp_keys[] = {{"type", 1}, {"code", 2}, {"checksum", 4}, {NULL, 0}};

/* One layer of a sample: its JSON name, where its header starts in the frame, its keys. */
struct layer_spec {
    const char *name;
    size_t start;
    const struct key_end *keys;
};

static char *json_of(uint32_t linktype, const uint8_t *b, size_t cut, size_t wire)
{
    struct guarded g = guard_copy(b, cut);
    decode_packet(&pkt, linktype, g.data, (uint32_t)cut, (uint32_t)wire);
    struct flow_info fi;
    flow_update(&flows, &pkt, &fi);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 1};
    struct print_opts po = {.mode = PRINT_JSON};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    print_json(&ctx, &ob, &fr, &pkt, &fi);
    ob_putc(&ob, '\0');
    guard_free(&g);
    return ob.buf;
}

/* Calls check(key) for each key at the top level of the object that follows "name":. */
static void layer_keys(const char *json, const char *name, const struct layer_spec *l,
                       size_t cut, const char *what)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":{", name);
    const char *p = strstr(json, pat);
    if (!p)
        return;
    p += strlen(pat);
    int depth = 1;
    while (*p && depth > 0) {
        if (*p == '"') {
            const char *s = ++p;
            while (*p && *p != '"')
                p += *p == '\\' ? 2 : 1;
            size_t n = (size_t)(p - s);
            p++;
            if (depth == 1 && *p == ':') {
                const struct key_end *k = l->keys;
                while (k->key && !(strlen(k->key) == n && strncmp(k->key, s, n) == 0))
                    k++;
                cr_assert(k->key, "%s cut %zu: unknown key %.*s in %s", what, cut, (int)n, s,
                          name);
                size_t captured = cut > l->start ? cut - l->start : 0;
                cr_assert(k->end <= captured,
                          "%s cut %zu: %s.%s printed but only %zu of its layer's bytes "
                          "captured (it ends at %u): %s",
                          what, cut, name, k->key, captured, k->end, json);
            }
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']')
            depth--;
        p++;
    }
}

static void sweep_keys(uint32_t linktype, const uint8_t *b, size_t n,
                       const struct layer_spec *layers, size_t nlayers, const char *what)
{
    flow_table_init(&flows);
    for (size_t cut = 0; cut <= n; cut++) {
        char *json = json_of(linktype, b, cut, n);
        for (size_t i = 0; i < nlayers; i++)
            layer_keys(json, layers[i].name, &layers[i], cut, what);
        free(json);
    }
}

Test(sweep, every_json_key_of_every_cut_was_captured_ethernet_ipv4_tcp)
{
    uint8_t b[256];
    size_t n = sample_tcp(b); /* Ethernet 14, IPv4 with 8 option bytes 28, TCP 40, payload 18 */
    const struct layer_spec l[] = {
        {"link", 0, ethernet_keys}, {"ipv4", 14, ipv4_keys}, {"tcp", 42, tcp_keys}};
    sweep_keys(LINKTYPE_ETHERNET, b, n, l, 3, "ethernet/ipv4/tcp");
}

Test(sweep, every_json_key_of_every_cut_was_captured_every_link_type)
{
    uint8_t ip[256], b[300];
    struct pkt_spec s = pkt_spec_default();
    size_t ipn = pkt_build_ipv4_tcp(ip, sizeof ip, &s);
    const struct {
        uint32_t type;
        uint8_t hdr[20];
        size_t len;
        const struct key_end *keys;
    } links[] = {
        {LINKTYPE_LINUX_SLL, {0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0}, 16, sll_keys},
        {LINKTYPE_LINUX_SLL2, {8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0}, 20,
         sll2_keys},
        {LINKTYPE_NULL, {2, 0, 0, 0}, 4, null_keys},
        {LINKTYPE_LOOP, {0, 0, 0, 2}, 4, null_keys},
        {LINKTYPE_RAW, {0}, 0, raw_keys},
        {LINKTYPE_ETHERNET, {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0, 0x20, 0x2a, 8, 0},
         18, ethernet_vlan_keys},
    };
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        memcpy(b, links[k].hdr, links[k].len);
        memcpy(b + links[k].len, ip, ipn);
        const struct layer_spec l[] = {{"link", 0, links[k].keys},
                                       {"ipv4", links[k].len, ipv4_keys},
                                       {"tcp", links[k].len + 20, tcp_keys}};
        char what[32];
        snprintf(what, sizeof what, "linktype %u", links[k].type);
        sweep_keys(links[k].type, b, links[k].len + ipn, l, 3, what);
    }
}

Test(sweep, every_json_key_of_every_cut_was_captured_udp_icmp_ipv6)
{
    /* Raw IPv4, UDP 10.0.0.1:53 > 10.0.0.2:1024 with 2 bytes of data. */
    static const uint8_t udp4[30] = {
        0x45, 0, 0, 30, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, /* IPv4 */
        0x00, 0x35, 0x04, 0x00, 0x00, 0x0a, 0x12, 0x34,                       /* UDP */
        'h', 'i'};
    /* Raw IPv4, ICMP echo request. */
    static const uint8_t icmp4[28] = {
        0x45, 0, 0, 28, 0, 2, 0x40, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, /* IPv4 */
        8, 0, 0xf7, 0xfe, 0, 1, 0, 0};                                       /* ICMP */
    /* Raw IPv6, UDP ::1:53 > ::2:1024, no data. */
    uint8_t udp6[48] = {0x60, 0x01, 0x23, 0x45, 0, 8, 17, 64}; /* version, class, flow, ... */
    udp6[8 + 15] = 1;                                          /* source ::1 */
    udp6[24 + 15] = 2;                                         /* destination ::2 */
    const uint8_t u6[8] = {0x00, 0x35, 0x04, 0x00, 0x00, 0x08, 0xab, 0xcd};
    memcpy(udp6 + 40, u6, 8);
    const struct layer_spec lu[] = {{"ipv4", 0, ipv4_keys}, {"udp", 20, udp_keys}};
    sweep_keys(LINKTYPE_RAW, udp4, sizeof udp4, lu, 2, "ipv4/udp");
    const struct layer_spec li[] = {{"ipv4", 0, ipv4_keys}, {"icmp", 20, icmp_keys}};
    sweep_keys(LINKTYPE_RAW, icmp4, sizeof icmp4, li, 2, "ipv4/icmp");
    const struct layer_spec l6[] = {{"ipv6", 0, ipv6_keys}, {"udp", 40, udp_keys}};
    sweep_keys(LINKTYPE_RAW, udp6, sizeof udp6, l6, 2, "ipv6/udp");
}
