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

/* ---- Every field printed was captured, and every field captured is printed ----
 * Each field ends at a fixed byte of its layer's header (DESIGN.md's JSON schema against the RFC
 * layouts). The tests cut each sample at every length and check, from the sample's own layout
 * (not from anything the decoder recorded), that every JSON key printed lies within the bytes
 * captured of its layer, and that every key of the fixed header captured is printed; that -v
 * shows each field's line exactly when the field was captured; and that the one-line output
 * and the diagram show no value that was not captured. An unknown JSON key fails too, so a new
 * key needs its end here. */
struct key_end {
    const char *key;
    unsigned end;  /* byte after the field, from the start of its layer's header */
    bool optional; /* printed only in some packets (a state, a later part): not required */
};

static const struct key_end ethernet_keys[] = {
    {"type", 0, false}, {"dst", 6, false}, {"src", 12, false}, {"vlan", 14, false}, {"ethertype", 14, false}, {NULL, 0, false}};
static const struct key_end ethernet_vlan_keys[] = { /* one 802.1Q tag: known once it ends */
    {"type", 0, false}, {"dst", 6, false}, {"src", 12, false}, {"vlan", 18, false}, {"ethertype", 18, false}, {NULL, 0, false}};
static const struct key_end sll_keys[] = {{"type", 0, false},    {"pkttype", 2, false},    {"hatype", 4, false},
                                          {"src", 14, false},    {"ethertype", 16, false}, {NULL, 0, false}};
static const struct key_end sll2_keys[] = {{"type", 0, false},    {"ethertype", 2, false}, {"ifindex", 8, false},
                                           {"hatype", 10, false}, {"pkttype", 11, false},  {"src", 20, false},
                                           {NULL, 0, false}};
static const struct key_end null_keys[] = {{"type", 0, false}, {"family", 4, false}, {NULL, 0, false}};
static const struct key_end raw_keys[] = {{"type", 0, false}, {"linktype", 0, false}, {NULL, 0, false}};
static const struct key_end ipv4_keys[] = {
    {"version", 1, false}, {"ihl", 1, false},       {"tos", 2, false},       {"total_length", 4, false},
    {"id", 6, false},      {"flags", 7, false},     {"df", 7, false},        {"mf", 7, false},
    {"frag_offset", 8, false}, {"ttl", 9, false},   {"protocol", 10, false}, {"checksum", 12, false},
    {"checksum_status", 12, false}, {"src", 16, false}, {"dst", 20, false}, {"options", 20, false}, {NULL, 0, false}};
static const struct key_end ipv6_keys[] = {
    {"version", 1, false},  {"traffic_class", 2, false}, {"flow_label", 4, false}, {"payload_length", 6, false},
    {"next_header", 7, false}, {"hop_limit", 8, false},  {"src", 24, false},       {"dst", 40, false}, {NULL, 0, false}};
static const struct key_end tcp_keys[] = {
    {"src_port", 2, false},  {"dst_port", 4, false},   {"seq", 8, false},        {"ack", 12, false},
    {"data_offset", 13, false}, {"flags", 14, false},  {"flag_names", 14, false}, {"window", 16, false},
    {"checksum", 18, false}, {"checksum_status", 18, false}, {"urgent", 20, false}, {"options", 20, false},
    {"payload_length", 20, true}, /* once the options too were captured */
    {"seq_rel", 8, true}, {"ack_rel", 12, true}, /* once the connection is tracked */
    {"state", 14, true}, /* each side's TCP state, with the flags */
    {NULL, 0, false}};
static const struct key_end udp_keys[] = {
    {"src_port", 2, false}, {"dst_port", 4, false}, {"length", 6, false}, {"checksum", 8, false}, {"checksum_status", 8, false},
    {"fragment_payload_length", 8, true}, /* first fragments of longer datagrams */
    {NULL, 0, false}};
static const struct key_end icmp_keys[] = {{"type", 1, false}, {"code", 2, false}, {"checksum", 4, false},
                                           {"checksum_status", 4, false}, {"id", 8, false}, {"seq", 8, false}, /* echo */
                                           {"quoted", 8, true}, /* errors */
                                           {NULL, 0, false}};

/* A text one printer shows for one field: with exact, shown exactly when the field was
 * captured; otherwise only never shown when it was not (the one-line output shows the IPv4
 * columns once the whole fixed header is there). */
struct token_end {
    const char *text;
    unsigned end;
    bool exact;
};

/* -v: each field's line, searched in its layer's section. */
static const struct token_end ethernet_tree[] = {
    {"    Destination: ", 6, true}, {"    Source: ", 12, true}, {"    EtherType: ", 14, true},
    {NULL, 0, false}};
static const struct token_end ethernet_vlan_tree[] = {
    {"    Destination: ", 6, true}, {"    Source: ", 12, true}, {"    802.1Q tag: ", 16, true},
    {"    EtherType: ", 18, true},  {NULL, 0, false}};
static const struct token_end sll_tree[] = {
    {"    Packet type: ", 2, true}, {"    ARPHRD type: ", 4, true}, {"    Source: ", 14, true},
    {"    EtherType: ", 16, true},  {NULL, 0, false}};
static const struct token_end sll2_tree[] = {
    {"    EtherType: ", 2, true}, {"    Interface index: ", 8, true},
    {"    ARPHRD type: ", 10, true}, {"    Packet type: ", 11, true},
    {"    Source: ", 20, true}, {NULL, 0, false}};
static const struct token_end null_tree[] = {
    {"    Address family: ", 4, true}, {"    Network protocol: ", 4, true}, {NULL, 0, false}};
static const struct token_end raw_tree[] = {{NULL, 0, false}};
static const struct token_end ipv4_tree[] = {
    {"    Version: ", 1, true},         {"    Header length (IHL): ", 1, true},
    {"    Type of service: ", 2, true}, {"    Total length: ", 4, true},
    {"    Identification: ", 6, true},  {"    Flags: ", 7, true},
    {"    Fragment offset: ", 8, true}, {"    Time to live: ", 9, true},
    {"    Protocol: ", 10, true},       {"    Header checksum: ", 12, true},
    {"    Source address: ", 16, true}, {"    Destination address: ", 20, true},
    {"    Options: ", 20, true},        {NULL, 0, false}};
static const struct token_end ipv6_tree[] = {
    {"    Version: ", 1, true},        {"    Traffic class: ", 2, true},
    {"    Flow label: ", 4, true},     {"    Payload length: ", 6, true},
    {"    Next header: ", 7, true},    {"    Hop limit: ", 8, true},
    {"    Source address: ", 24, true}, {"    Destination address: ", 40, true},
    {NULL, 0, false}};
static const struct token_end tcp_tree[] = {
    {"    Source port: ", 2, true},     {"    Destination port: ", 4, true},
    {"    Sequence number: ", 8, true}, {"    Acknowledgement number: ", 12, true},
    {"    Data offset: ", 13, true},    {"    Flags: ", 14, true},
    {"    Window: ", 16, true},         {"    Checksum: ", 18, true},
    {"    Urgent pointer: ", 20, true}, {"    Options: ", 20, true},
    {NULL, 0, false}};
static const struct token_end udp_tree[] = {
    {"    Source port: ", 2, true}, {"    Destination port: ", 4, true},
    {"    Length: ", 6, true},      {"    Checksum: ", 8, true}, {NULL, 0, false}};
static const struct token_end icmp_tree[] = {
    {"    Type: ", 1, true}, {"    Code: ", 2, true}, {"    Checksum: ", 4, true},
    {"    Identifier: ", 8, true}, {NULL, 0, false}};

/* The one-line output with -e (the diagram opens with it), and the diagram's boxes: the
 * samples' values (pkt_spec_default: 192.0.2.1:40000 > 198.51.100.2:80). */
static const struct token_end ethernet_line[] = {
    {" ethertype 0x", 14, false}, {" > ", 12, false}, {NULL, 0, false}};
static const struct token_end ethernet_vlan_line[] = {
    {" vlan 42", 16, false}, {" ethertype 0x", 18, false}, {NULL, 0, false}};
static const struct token_end sll_line[] = {
    {"host", 2, false}, {" from ", 14, false}, {" ethertype 0x", 16, false}, {NULL, 0, false}};
static const struct token_end sll2_line[] = {
    {"host", 11, false}, {" from ", 20, false}, {" ethertype 0x", 20, false},
    {NULL, 0, false}};
static const struct token_end null_line[] = {{"AF ", 4, false}, {NULL, 0, false}};
static const struct token_end ipv4_line[] = {
    {"192.0.2.1", 16, false}, {"198.51.100.2", 20, false}, {" ttl 64 ", 9, false},
    {" id 4660 ", 6, false}, {" DF ", 7, false}, {NULL, 0, false}};
static const struct token_end tcp_line[] = {
    {"192.0.2.1.40000 ", 2, true}, {"198.51.100.2.80:", 4, true}, {": [S]", 14, false},
    {" seq ", 8, false}, {" ack ", 12, false}, {" win ", 16, false}, {NULL, 0, false}};
static const struct token_end ipv4_diagram[] = {
    {"Total length ", 4, false}, {"Identification ", 6, false}, {"TTL ", 9, false},
    {"Proto ", 10, false}, {"Source address ", 16, false}, {"Destination address ", 20, false},
    {NULL, 0, false}};
static const struct token_end tcp_diagram[] = {
    {"Source port ", 2, false},     {"Destination port ", 4, false},
    {"Sequence number ", 8, false}, {"Acknowledgement number ", 12, false},
    {"Window ", 16, false},         {"Urgent pointer ", 20, false},
    {NULL, 0, false}};

/* One layer of a sample: its JSON name and -v heading, where its header starts in the frame,
 * its keys and its printers' texts (line and diagram: NULL where not checked). */
struct layer_spec {
    const char *name;
    const char *heading;
    size_t start;
    const struct key_end *keys;
    const struct token_end *tree;
    const struct token_end *line;
    const struct token_end *diagram;
};

/* The link layers, each carrying pkt_spec_default's IPv4/TCP packet: one table for every
 * test that goes through the link types. */
struct link_sample {
    uint32_t type;
    uint8_t hdr[20];
    size_t len;
    const struct key_end *keys;
    const struct token_end *tree;
    const struct token_end *line;
};

static const struct link_sample link_samples[] = {
    {LINKTYPE_LINUX_SLL, {0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 8, 0}, 16, sll_keys, sll_tree,
     sll_line},
    {LINKTYPE_LINUX_SLL2, {8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0}, 20,
     sll2_keys, sll2_tree, sll2_line},
    {LINKTYPE_NULL, {2, 0, 0, 0}, 4, null_keys, null_tree, null_line},
    {LINKTYPE_LOOP, {0, 0, 0, 2}, 4, null_keys, null_tree, null_line},
    {LINKTYPE_RAW, {0}, 0, raw_keys, raw_tree, NULL},
    {LINKTYPE_ETHERNET, {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0, 0x20, 0x2a, 8, 0}, 18,
     ethernet_vlan_keys, ethernet_vlan_tree, ethernet_vlan_line},
};
#define LINK_SAMPLE_COUNT (sizeof link_samples / sizeof link_samples[0])

Test(sweep, every_prefix_under_every_link_type)
{
    uint8_t ip[256], b[300];
    struct pkt_spec s = pkt_spec_default();
    size_t ipn = pkt_build_ipv4_tcp(ip, sizeof ip, &s);
    flow_table_init(&flows);
    for (size_t k = 0; k < LINK_SAMPLE_COUNT; k++) {
        const struct link_sample *ls = &link_samples[k];
        memcpy(b, ls->hdr, ls->len);
        memcpy(b + ls->len, ip, ipn);
        size_t n = ls->len + ipn;
        for (size_t cut = 0; cut < n; cut++) {
            run_all(ls->type, b, cut, n);
            cr_assert_neq(pkt.status, DECODE_OK, "link %u prefix %zu", ls->type, cut);
        }
    }
}

static char *render_cut(enum print_mode mode, uint32_t linktype, const uint8_t *b, size_t cut,
                        size_t wire)
{
    struct guarded g = guard_copy(b, cut);
    decode_packet(&pkt, linktype, g.data, (uint32_t)cut, (uint32_t)wire);
    struct flow_info fi;
    flow_update(&flows, &pkt, &fi);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 1};
    struct print_opts po = {.mode = mode, .link = true};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    print_packet(&ctx, &ob, &fr, &pkt, &fi);
    ob_putc(&ob, '\0');
    guard_free(&g);
    return ob.buf;
}

static size_t captured_of(const struct layer_spec *l, size_t cut)
{
    return cut > l->start ? cut - l->start : 0;
}

/* Checks each key at the top level of the object that follows "name": against its end, then
 * that every required key captured was there. */
static void layer_keys(const char *json, const struct layer_spec *l, size_t cut,
                       const char *what)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":{", l->name);
    const char *p = strstr(json, pat);
    size_t captured = captured_of(l, cut);
    bool seen[32] = {false};
    int depth = p ? 1 : 0;
    if (p)
        p += strlen(pat);
    while (p && *p && depth > 0) {
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
                          l->name);
                seen[k - l->keys] = true;
                cr_assert(k->end <= captured,
                          "%s cut %zu: %s.%s printed but only %zu of its layer's bytes "
                          "captured (it ends at %u): %s",
                          what, cut, l->name, k->key, captured, k->end, json);
            }
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']')
            depth--;
        p++;
    }
    for (const struct key_end *k = l->keys; k->key && captured > 0; k++)
        cr_assert(k->optional || k->end > captured || seen[k - l->keys],
                  "%s cut %zu: %s.%s captured (it ends at %u, %zu bytes captured) but not "
                  "printed: %s",
                  what, cut, l->name, k->key, k->end, captured, json);
}

/* The text of one -v section: from its heading to the next heading ("  X" at the start of a
 * line); "" when the heading is not there. */
static const char *tree_section(const char *tree, const char *heading, size_t *len)
{
    const char *p = strstr(tree, heading);
    *len = 0;
    if (!p)
        return "";
    const char *e = p + strlen(heading);
    while ((e = strchr(e, '\n')) && e[1] == ' ' && e[2] == ' ' && e[3] == ' ')
        e++;
    *len = e ? (size_t)(e - p) : strlen(p);
    return p;
}

static bool contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static void check_tokens(const char *out, size_t len, const struct token_end *t, size_t captured,
                         size_t cut, const char *what, const char *printer, const char *layer)
{
    for (; t && t->text; t++) {
        bool shown = contains(out, len, t->text);
        cr_assert(!shown || t->end <= captured,
                  "%s cut %zu: %s shows %s \"%s\" but only %zu of its bytes were captured (it "
                  "ends at %u):\n%s",
                  what, cut, printer, layer, t->text, captured, t->end, out);
        cr_assert(!t->exact || shown || t->end > captured,
                  "%s cut %zu: %s does not show %s \"%s\" though it was captured (it ends at %u, "
                  "%zu bytes):\n%s",
                  what, cut, printer, layer, t->text, t->end, captured, out);
    }
}

static void sweep_keys(uint32_t linktype, const uint8_t *b, size_t n,
                       const struct layer_spec *layers, size_t nlayers, const char *what)
{
    flow_table_init(&flows);
    for (size_t cut = 0; cut <= n; cut++) {
        char *json = render_cut(PRINT_JSON, linktype, b, cut, n);
        char *tree = render_cut(PRINT_TREE, linktype, b, cut, n);
        char *line = render_cut(PRINT_LINE, linktype, b, cut, n);
        char *diagram = render_cut(PRINT_DIAGRAM, linktype, b, cut, n);
        for (size_t i = 0; i < nlayers; i++) {
            const struct layer_spec *l = &layers[i];
            size_t captured = captured_of(l, cut), len;
            layer_keys(json, l, cut, what);
            const char *sec = tree_section(tree, l->heading, &len);
            check_tokens(sec, len, l->tree, captured, cut, what, "-v", l->name);
            check_tokens(line, strlen(line), l->line, captured, cut, what, "the line", l->name);
            check_tokens(diagram, strlen(diagram), l->line, captured, cut, what, "the diagram",
                         l->name);
            check_tokens(diagram, strlen(diagram), l->diagram, captured, cut, what,
                         "the diagram", l->name);
        }
        free(json);
        free(tree);
        free(line);
        free(diagram);
    }
}

Test(sweep, every_field_of_every_cut_printed_iff_captured_ethernet_ipv4_tcp)
{
    uint8_t b[256];
    size_t n = sample_tcp(b); /* Ethernet 14, IPv4 with 8 option bytes 28, TCP 40, payload 18 */
    const struct layer_spec l[] = {
        {"link", "  Link layer:", 0, ethernet_keys, ethernet_tree, ethernet_line, NULL},
        {"ipv4", "  Network layer: IPv4", 14, ipv4_keys, ipv4_tree, ipv4_line, ipv4_diagram},
        {"tcp", "  Transport layer: TCP", 42, tcp_keys, tcp_tree, tcp_line, tcp_diagram}};
    sweep_keys(LINKTYPE_ETHERNET, b, n, l, 3, "ethernet/ipv4/tcp");
}

Test(sweep, every_field_of_every_cut_printed_iff_captured_every_link_type)
{
    uint8_t ip[256], b[300];
    struct pkt_spec s = pkt_spec_default();
    size_t ipn = pkt_build_ipv4_tcp(ip, sizeof ip, &s);
    for (size_t k = 0; k < LINK_SAMPLE_COUNT; k++) {
        const struct link_sample *ls = &link_samples[k];
        memcpy(b, ls->hdr, ls->len);
        memcpy(b + ls->len, ip, ipn);
        const struct layer_spec l[] = {
            {"link", "  Link layer:", 0, ls->keys, ls->tree, ls->line, NULL},
            {"ipv4", "  Network layer: IPv4", ls->len, ipv4_keys, ipv4_tree, ipv4_line,
             ipv4_diagram},
            {"tcp", "  Transport layer: TCP", ls->len + 20, tcp_keys, tcp_tree, tcp_line,
             tcp_diagram}};
        char what[32];
        snprintf(what, sizeof what, "linktype %u", ls->type);
        sweep_keys(ls->type, b, ls->len + ipn, l, 3, what);
    }
}

Test(sweep, every_field_of_every_cut_printed_iff_captured_udp_icmp_ipv6)
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
    static const struct token_end udp4_line[] = {
        {"10.0.0.1.53 ", 2, true}, {"10.0.0.2.1024:", 4, true}, {NULL, 0, false}};
    static const struct token_end udp6_line[] = {
        {"::1.53 ", 2, true}, {"::2.1024:", 4, true}, {NULL, 0, false}};
    const struct layer_spec lu[] = {
        {"ipv4", "  Network layer: IPv4", 0, ipv4_keys, ipv4_tree, NULL, NULL},
        {"udp", "  Transport layer: UDP", 20, udp_keys, udp_tree, udp4_line, NULL}};
    sweep_keys(LINKTYPE_RAW, udp4, sizeof udp4, lu, 2, "ipv4/udp");
    const struct layer_spec li[] = {
        {"ipv4", "  Network layer: IPv4", 0, ipv4_keys, ipv4_tree, NULL, NULL},
        {"icmp", "  ICMP", 20, icmp_keys, icmp_tree, NULL, NULL}};
    sweep_keys(LINKTYPE_RAW, icmp4, sizeof icmp4, li, 2, "ipv4/icmp");
    const struct layer_spec l6[] = {
        {"ipv6", "  Network layer: IPv6", 0, ipv6_keys, ipv6_tree, NULL, NULL},
        {"udp", "  Transport layer: UDP", 40, udp_keys, udp_tree, udp6_line, NULL}};
    sweep_keys(LINKTYPE_RAW, udp6, sizeof udp6, l6, 2, "ipv6/udp");
}
