/* Truncation and corruption sweeps: every prefix and every damaged variant of valid samples goes
 * through decode, flow and every printer, each input ending just before a PROT_NONE page. */
#include <criterion/criterion.h>
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
