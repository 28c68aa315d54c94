/* Printers (src/print/): exact output for one known packet in every mode, JSON shape and
 * escaping rules, colour switches, and the timestamp cache. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pktbuild.h"
#include "run.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

/* DESIGN.md's example: a loopback SYN 127.0.0.1:58160 > 127.0.0.1:5005, id 49872, DF, TTL 64,
 * MSS 65495, SACK permitted, timestamps, NOP, window scale 7, checksum left partial (0xfe30). */
static uint8_t frame[74];
static struct packet pkt;
static struct flow_info fi;
static struct flow_table *flows;

static void setup(void)
{
    struct pkt_spec s = pkt_spec_design_syn();
    cr_assert_eq(pkt_build_eth_tcp(frame, sizeof frame, &s), 74);
    frame[14 + 20 + 16] = 0xfe; /* what checksum offload leaves on loopback */
    frame[14 + 20 + 17] = 0x30;
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    flows = malloc(sizeof *flows);
    flow_table_init(flows);
    flow_update(flows, &pkt, &fi);
}

static void teardown(void)
{
    free(flows);
}

TestSuite(print, .init = setup, .fini = teardown);

/* After a change to the IPv4 header: its checksum made right again, so that no line says
 * "[bad ip cksum]" for what a test did. */
static void fix_ip_checksum(void)
{
    frame[14 + 10] = frame[14 + 11] = 0;
    uint16_t sum = (uint16_t)~checksum_fold(checksum_add(0, frame + 14, 20));
    frame[14 + 10] = (uint8_t)(sum >> 8);
    frame[14 + 11] = (uint8_t)sum;
}

static char *render(enum print_mode mode, enum print_hex hex, bool link, bool color)
{
    struct print_opts po = {.mode = mode, .hex = hex, .link = link, .color = color};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 535218};
    print_packet(&ctx, &ob, &fr, &pkt, &fi);
    ob_putc(&ob, '\0');
    return ob.buf;
}

Test(print, json_matches_design_exactly)
{
    char *s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert_str_eq(
        s,
        "{\"frame\":1,\"ts\":\"1700000000.535218\",\"caplen\":74,\"len\":74,"
        "\"link\":{\"type\":\"ethernet\",\"src\":\"00:00:00:00:00:00\",\"dst\":"
        "\"00:00:00:00:00:00\",\"ethertype\":2048,\"vlan\":[]},"
        "\"ipv4\":{\"version\":4,\"ihl\":5,\"tos\":0,\"total_length\":60,\"id\":49872,"
        "\"flags\":2,\"df\":true,\"mf\":false,\"frag_offset\":0,\"ttl\":64,\"protocol\":6,"
        "\"checksum\":31209,\"checksum_status\":\"good\",\"src\":\"127.0.0.1\","
        "\"dst\":\"127.0.0.1\",\"options\":[]},"
        "\"tcp\":{\"src_port\":58160,\"dst_port\":5005,\"seq\":1873299397,\"ack\":0,"
        "\"data_offset\":10,\"flags\":2,\"flag_names\":[\"SYN\"],\"window\":65495,"
        "\"checksum\":65072,\"checksum_status\":\"partial\",\"urgent\":0,"
        "\"options\":[{\"kind\":2,\"name\":\"mss\",\"value\":65495},"
        "{\"kind\":4,\"name\":\"sack_permitted\"},"
        "{\"kind\":8,\"name\":\"timestamp\",\"tsval\":2587631215,\"tsecr\":0},"
        "{\"kind\":1,\"name\":\"nop\"},{\"kind\":3,\"name\":\"wscale\",\"value\":7}],"
        "\"payload_length\":0,\"seq_rel\":0,\"ack_rel\":null,"
        "\"state\":{\"src\":\"SYN-SENT\",\"dst\":null}},\"errors\":[]}\n",
        "got: %s", s);
    free(s);
}

Test(print, json_lists_errors_and_only_decoded_fields)
{
    frame[14] = 0x43; /* IHL 3 */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    fi.tracked = false;
    char *s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"ihl\":3,"));
    cr_assert(!strstr(s, "\"tcp\""));
    cr_assert(strstr(s, "\"errors\":[\"ipv4.ihl_too_small\"]}\n"));
    free(s);
    /* Cut inside the IPv4 addresses: no "src"/"dst", a truncation error. */
    frame[14] = 0x45;
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 14, 74);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"checksum_status\":\"good\"") == NULL);
    cr_assert(strstr(s, "\"ttl\":64,\"protocol\":6,\"checksum\":"));
    cr_assert(!strstr(s, "\"src\":\"127"));
    cr_assert(strstr(s, "\"errors\":[\"ipv4.truncated\"]"));
    free(s);
}

/* Only captured fields are printed: 3 bytes of TCP give its source port and nothing else of it;
 * 3 bytes of Ethernet give no address. */
Test(print, json_prints_only_captured_fields)
{
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 3, 74);
    fi.tracked = false;
    char *s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, ",\"tcp\":{\"src_port\":58160},\"errors\":"
                          "[\"ipv4.total_length_beyond_capture\",\"tcp.truncated\"]}\n"), "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 1, 74);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, ",\"tcp\":{},\"errors\""), "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 3, 74);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert_str_eq(s, "{\"frame\":1,\"ts\":\"1700000000.535218\",\"caplen\":3,\"len\":74,"
                        "\"link\":{\"type\":\"ethernet\"},\"errors\":[\"link.truncated\"]}\n");
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 9, 74); /* the destination only */
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"link\":{\"type\":\"ethernet\",\"dst\":\"00:00:00:00:00:00\"},"), "%s", s);
    free(s);
    /* Cut inside the timestamp option: its kind only, marked truncated (not invalid). */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 20 + 9, 74);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "{\"kind\":8,\"name\":\"timestamp\",\"truncated\":true}]"), "%s", s);
    free(s);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "      timestamp (kind 8, cut by the capture)\n"), "%s", s);
    free(s);
    /* IPv4 cut after the flags byte: flags, not the fragment offset. */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 7, 74);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"id\":49872,\"flags\":2,\"df\":true,\"mf\":false},"), "%s", s);
    free(s);
}

Test(print, human_printers_show_only_captured_fields)
{
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 3, 74);
    fi.tracked = false;
    char *s = render(PRINT_TREE, PRINT_HEX_NONE, true, false);
    cr_assert(strstr(s, "  Transport layer: TCP\n    Source port: 58160\n  Problem:"), "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 1, 74);
    s = render(PRINT_TREE, PRINT_HEX_NONE, true, false);
    cr_assert(strstr(s, "  Transport layer: TCP\n  Problem:"), "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 3, 74);
    s = render(PRINT_TREE, PRINT_HEX_NONE, true, false);
    cr_assert(!strstr(s, "Destination"), "%s", s);
    cr_assert(!strstr(s, "Source"), "%s", s);
    cr_assert(!strstr(s, "EtherType"), "%s", s);
    free(s);
    s = render(PRINT_LINE, PRINT_HEX_BYTES, true, false);
    cr_assert(!strstr(s, "00:00:00"), "%s", s);
    cr_assert(!strstr(s, "ethertype"), "%s", s);
    cr_assert(strstr(s, "\n  link    0x0000:  0000 00   "), "%s", s); /* the bytes captured */
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 9, 74);
    s = render(PRINT_LINE, PRINT_HEX_NONE, true, false);
    cr_assert(strstr(s, " dst 00:00:00:00:00:00 frame 74: "), "%s", s);
    free(s);
}

/* One spelling of the IPv4 flags in every printer: RB (reserved), DF, MF. */
Test(print, ipv4_flags_spelled_the_same_everywhere)
{
    cr_assert_str_eq(print_ipv4_flags(0), "-");
    cr_assert_str_eq(print_ipv4_flags(3), "DF+MF");
    cr_assert_str_eq(print_ipv4_flags(6), "RB+DF");
    cr_assert_str_eq(print_ipv4_flags(7), "RB+DF+MF");
    frame[14 + 6] = 0xc0; /* reserved + DF */
    fix_ip_checksum();
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    char *s = render(PRINT_LINE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, " ttl 64 id 49872 RB+DF\n"), "%s", s);
    free(s);
    s = render(PRINT_DIAGRAM, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "|RB+DF|"), "%s", s);
    free(s);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "    Flags: 0x6 (RB: reserved bit, DF: don't fragment)\n"), "%s", s);
    free(s);
    frame[14 + 6] = 0xe0; /* all three: too wide for the diagram's 5-column box */
    fix_ip_checksum();
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
    s = render(PRINT_DIAGRAM, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, " ttl 64 id 49872 RB+DF+MF frag 0+\n"), "%s", s);
    cr_assert(strstr(s, "| 0x7 |"), "%s", s);
    free(s);
}

Test(print, line_reads_as_tcpdump)
{
    char *s = render(PRINT_LINE, PRINT_HEX_NONE, false, false);
    cr_assert_str_eq(s, "22:13:20.535218 IP 127.0.0.1.58160 > 127.0.0.1.5005: [S] seq 0 win 65495 "
                        "<mss 65495,sackOK,TS,wscale 7> ttl 64 id 49872 DF\n");
    free(s);
}

Test(print, line_with_link_layer)
{
    static const char want[] = "22:13:20.535218 00:00:00:00:00:00 > 00:00:00:00:00:00 ethertype "
                               "0x0800 frame 74: IP 127.0.0.1.58160 > ";
    char *s = render(PRINT_LINE, PRINT_HEX_NONE, true, false);
    cr_assert(strncmp(s, want, strlen(want)) == 0, "%s", s);
    free(s);
}

Test(print, colour_only_when_asked)
{
    char *plain = render(PRINT_LINE, PRINT_HEX_BYTES, false, false);
    char *color = render(PRINT_LINE, PRINT_HEX_BYTES, false, true);
    cr_assert(!strchr(plain, '\033'));
    cr_assert(strstr(color, ": " PRINT_COLOR_TRANSPORT "[S]\033[0m seq 0 "), "%s", color);
    free(plain);
    free(color);
}

Test(print, tree_shows_every_field)
{
    char *s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert_str_eq(s,
                     "Frame 1: 74 bytes on the wire, 74 captured, 2023-11-14 22:13:20.535218 UTC\n"
                     "  Link layer: EN10MB (Ethernet), 14 bytes\n"
                     "    Destination: 00:00:00:00:00:00\n"
                     "    Source: 00:00:00:00:00:00\n"
                     "    EtherType: 0x0800 (IPv4)\n"
                     "  Network layer: IPv4, 127.0.0.1 > 127.0.0.1, 20 bytes\n"
                     "    Version: 4\n"
                     "    Header length (IHL): 5 words (20 bytes)\n"
                     "    Type of service: 0x00 (DSCP 0, ECN 0)\n"
                     "    Total length: 60 bytes\n"
                     "    Identification: 49872 (0xc2d0)\n"
                     "    Flags: 0x2 (DF: don't fragment)\n"
                     "    Fragment offset: 0 (0 bytes)\n"
                     "    Time to live: 64\n"
                     "    Protocol: 6 (TCP)\n"
                     "    Header checksum: 0x79e9 (good)\n"
                     "    Source address: 127.0.0.1\n"
                     "    Destination address: 127.0.0.1\n"
                     "    Options: none\n"
                     "  Transport layer: TCP, 58160 > 5005, 40 bytes\n"
                     "    Source port: 58160\n"
                     "    Destination port: 5005\n"
                     "    Sequence number: 1873299397 (relative 0)\n"
                     "    Acknowledgement number: 0 (ACK not set)\n"
                     "    Data offset: 10 words (40 bytes)\n"
                     "    Flags: 0x002 (SYN)\n"
                     "    Window: 65495\n"
                     "    Checksum: 0xfe30 (partial: checksum offload, only the pseudo-header "
                     "sum)\n"
                     "    Urgent pointer: 0\n"
                     "    Options: 5 (20 bytes)\n"
                     "      mss 65495\n"
                     "      sack_permitted\n"
                     "      timestamp TSval 2587631215 TSecr 0\n"
                     "      nop\n"
                     "      wscale 7 (window x 128)\n"
                     "  Payload: 0 bytes\n"
                     "\n",
                     "got:\n%s", s);
    free(s);
}

Test(print, diagram_draws_32_bit_rows)
{
    char *s = render(PRINT_DIAGRAM, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "IPv4 header, 20 bytes\n"
                        "  0                   1                   2                   3\n"
                        "  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n"
                        " +-------+-------+---------------+-------------------------------+\n"
                        " | Ver 4 | IHL 5 |   TOS 0x00    |        Total length 60        |\n"
                        " +-------+-------+---------------+-----+-------------------------+\n"
                        " |     Identification 49872      | DF  |    Fragment offset 0    |\n"),
              "%s", s);
    cr_assert(strstr(s, " |Off 10 |  0  |       SYN       |         Window 65495          |\n"),
              "%s", s);
    cr_assert(strstr(s, " |      Options 20 bytes: mss sack_permitted timestamp nop wscale     "
                        "|\n") ||
                  strstr(s, "Options 20 bytes"),
              "%s", s);
    /* Every row is 65 columns wide between the margins. */
    for (char *line = s; *line;) {
        char *nl = strchr(line, '\n');
        if (line[0] == ' ' && (line[1] == '|' || line[1] == '+'))
            cr_assert_eq(nl - line, 66, "row: %.*s", (int)(nl - line), line);
        line = nl + 1;
    }
    free(s);
}

Test(print, hex_marks_each_layer)
{
    char *s = render(PRINT_LINE, PRINT_HEX_ASCII, false, false);
    const char *hex = strchr(s, '\n') + 1;
    cr_assert_str_eq(hex,
                     "  link    0x0000:  0000 0000 0000 0000 0000 0000 0800       "
                     "..............\n"
                     "  ipv4    0x000e:  4500 003c c2d0 4000 4006 79e9 7f00 0001  "
                     "E..<..@.@.y.....\n"
                     "          0x001e:  7f00 0001                                ....\n"
                     "  tcp     0x0022:  e330 138d 6fa8 47c5 0000 0000 a002 ffd7  "
                     ".0..o.G.........\n"
                     "          0x0032:  fe30 0000 0204 ffd7 0402 080a 9a3c 1e6f  "
                     ".0...........<.o\n"
                     "          0x0042:  0000 0000 0103 0307                      ........\n"
                     "\n",
                     "got:\n%s", hex);
    free(s);
}

Test(print, time_cache_changes_with_the_second)
{
    struct print_opts po = {.mode = PRINT_LINE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame a = {.ts_sec = 86399, .ts_usec = 7}, b = {.ts_sec = 86400, .ts_usec = 0};
    print_time_hms(&ctx, &ob, &a);
    ob_putc(&ob, ' ');
    print_time_hms(&ctx, &ob, &b);
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf, "23:59:59.000007 00:00:00.000000");
    free(ob.buf);
}

Test(print, numbers_at_every_digit_boundary)
{
    const uint64_t values[] = {0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, 99999,
                               100000, 999999, 1000000, 9999999, 10000000, 99999999, 100000000,
                               999999999, 1000000000, 4294967295u, 4294967296u,
                               18446744073709551615u};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        struct outbuf ob;
        outbuf_init_mem(&ob);
        ob_u64(&ob, values[i]);
        ob_putc(&ob, '|');
        ob_u64_pad(&ob, values[i], 12);
        ob_putc(&ob, '|');
        ob_u64_pad(&ob, values[i], -12);
        ob_putc(&ob, '\0');
        char want[80];
        snprintf(want, sizeof want, "%llu|%12llu|%-12llu", (unsigned long long)values[i],
                 (unsigned long long)values[i], (unsigned long long)values[i]);
        cr_assert_str_eq(ob.buf, want);
        free(ob.buf);
    }
}

/* Raw IPv4 10.0.0.1:53 > 10.0.0.2:1024 carrying a UDP header of length udp_len in an IP payload
 * of ip_payload bytes (the rest 0xab), flags_off the flags/fragment-offset word. */
static size_t udp_frame(uint8_t *b, uint16_t udp_len, size_t ip_payload, uint16_t flags_off)
{
    static const uint8_t ip[20] = {0x45, 0, 0, 0, 0, 9, 0, 0, 64, 17, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2};
    memcpy(b, ip, 20);
    b[2] = (uint8_t)((20 + ip_payload) >> 8); /* total length */
    b[3] = (uint8_t)(20 + ip_payload);
    b[6] = (uint8_t)(flags_off >> 8);
    b[7] = (uint8_t)flags_off;
    memset(b + 20, 0xab, ip_payload);
    const uint8_t udp[8] = {0, 53, 4, 0, (uint8_t)(udp_len >> 8), (uint8_t)udp_len, 0, 0};
    memcpy(b + 20, udp, 8); /* checksum 0: none */
    return 20 + ip_payload;
}

/* A first fragment (MF, offset 0) whose UDP length fits what it carries says nothing of
 * fragments: no "0 here", no "0 bytes in this first fragment". */
Test(print, first_fragment_whose_udp_length_fits_is_a_plain_datagram)
{
    uint8_t b[64];
    size_t n = udp_frame(b, 10, 10, 0x2000);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    fi.tracked = false;
    cr_assert(pkt.first_fragment);
    cr_assert(!pkt.udp_spans_fragments);
    char *s = render(PRINT_LINE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, " UDP len 2 ttl 64 id 9 MF frag 0+ "), "%s", s);
    free(s);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Payload: 2 bytes\n"), "%s", s);
    cr_assert(!strstr(s, "fragment of"), "%s", s);
    free(s);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(!strstr(s, "fragment_payload_length"), "%s", s);
    free(s);
}

/* The first fragment of a 5692-byte datagram carrying 1472 bytes of it, 34 of them captured:
 * the same figure in every printer (JSON's fragment_payload_length feeds the page). */
Test(print, first_fragment_of_a_longer_datagram_says_what_it_carries)
{
    uint8_t b[1600];
    size_t n = udp_frame(b, 5700, 1480, 0x2000);
    decode_packet(&pkt, LINKTYPE_RAW, b, 62, (uint32_t)n);
    fi.tracked = false;
    cr_assert(pkt.udp_spans_fragments);
    cr_assert_eq(pkt.fragment_payload_len, 1472);
    char *s = render(PRINT_LINE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, " UDP len 5692 (first fragment, 1472 here) "), "%s", s);
    free(s);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Payload: 1472 of 5692 bytes (first fragment; 34 captured)\n"), "%s", s);
    free(s);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"checksum_status\":\"unverified\",\"fragment_payload_length\":1472}"),
              "%s", s);
    free(s);
    /* Every byte captured; and a fragment that ends with the UDP header carries 0 bytes. */
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Payload: 1472 of 5692 bytes (first fragment)\n"), "%s", s);
    free(s);
    n = udp_frame(b, 100, 8, 0x2000);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Payload: 0 of 92 bytes (first fragment)\n"), "%s", s);
    free(s);
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"fragment_payload_length\":0}"), "%s", s);
    free(s);
}

/* The -v heading counts the UDP header bytes captured, not 8 when fewer were. */
Test(print, udp_heading_of_a_cut_header_counts_what_was_captured)
{
    uint8_t b[64];
    size_t n = udp_frame(b, 10, 10, 0);
    decode_packet(&pkt, LINKTYPE_RAW, b, 23, (uint32_t)n);
    fi.tracked = false;
    char *s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Transport layer: UDP, 3 bytes captured\n    Source port: 53\n  Problem:"),
              "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_RAW, b, (uint32_t)n, (uint32_t)n);
    s = render(PRINT_TREE, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "  Transport layer: UDP, 8 bytes\n"), "%s", s);
    free(s);
}

/* 14 bytes of Ethernet with TPID 0x8100: the tag list is not known (its TCI and the EtherType
 * after it were not captured), so JSON says nothing of it rather than "vlan":[] (untagged). */
Test(print, json_vlan_list_only_once_the_ethertype_after_the_tags_was_captured)
{
    static const uint8_t tagged[22] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, /* dst, src */
                                       0x81, 0, 0x20, 0x2a,                /* 802.1Q, VID 42 */
                                       0x08, 0x00, 0x45, 0, 0, 20};        /* IPv4 ... */
    fi.tracked = false;
    const size_t cuts[] = {14, 16, 17};
    for (size_t i = 0; i < 3; i++) {
        decode_packet(&pkt, LINKTYPE_ETHERNET, tagged, (uint32_t)cuts[i], 60);
        char *s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
        cr_assert(!strstr(s, "\"vlan\""), "cut %zu: %s", cuts[i], s);
        free(s);
    }
    decode_packet(&pkt, LINKTYPE_ETHERNET, tagged, 18, 60);
    char *s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"ethertype\":2048,\"vlan\":[{\"tpid\":33024,\"pcp\":1,\"dei\":0,"
                        "\"vid\":42}]}"),
              "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, tagged + 4, 14, 60); /* untagged: 0x2000 type */
    s = render(PRINT_JSON, PRINT_HEX_NONE, false, false);
    cr_assert(strstr(s, "\"vlan\":[]"), "%s", s);
    free(s);
}

/* 3 bytes of TCP: the one-line output (and the diagram, which opens with it) shows the source
 * port, captured, and no destination port, not captured. */
Test(print, line_shows_each_port_captured)
{
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 14 + 20 + 3, 74);
    fi.tracked = false;
    for (int mode = PRINT_LINE; mode <= PRINT_DIAGRAM; mode += PRINT_DIAGRAM - PRINT_LINE) {
        char *s = render((enum print_mode)mode, PRINT_HEX_NONE, false, false);
        cr_assert(strstr(s, " IP 127.0.0.1.58160 > 127.0.0.1: ttl 64 id 49872 DF ["), "%s", s);
        free(s);
    }
}

/* The IPv4 flags after the TTL, and the id on every line: a datagram DF keeps whole
 * (RFC 6864's atomic datagram) too, as issue 14 keeps it among stackscope's extras. */
Test(print, line_ip_flags_and_id_on_every_line)
{
    fi.tracked = false;
    static const struct {
        uint8_t flags;
        const char *want;
    } cases[] = {{0x00, " ttl 64 id 49872\n"},          {0x20, " ttl 64 id 49872 MF frag 0+\n"},
                 {0x40, " ttl 64 id 49872 DF\n"},       {0x60, " ttl 64 id 49872 DF+MF frag 0+\n"},
                 {0xc0, " ttl 64 id 49872 RB+DF\n"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        frame[14 + 6] = cases[i].flags;
        fix_ip_checksum();
        decode_packet(&pkt, LINKTYPE_ETHERNET, frame, 74, 74);
        char *s = render(PRINT_LINE, PRINT_HEX_NONE, false, false);
        cr_assert(strstr(s, cases[i].want), "flags 0x%02x: %s", cases[i].flags, s);
        free(s);
    }
}

static char *wrapped(const char *text, int col, int indent, int *end_col)
{
    struct outbuf ob;
    outbuf_init_mem(&ob);
    int c = print_wrap(&ob, text, strlen(text), col, indent);
    if (end_col)
        *end_col = c;
    ob_putc(&ob, '\0');
    return ob.buf;
}

/* print_wrap counts characters, not bytes: "é", "–" and "µ" take one column each. */
Test(print, wrap_counts_characters_not_bytes)
{
    /* 10 columns of label, then 70 of text with 8 two-byte characters: it fits exactly */
    const char *text = "éééé éééé 123456789 123456789 123456789 123456789 123456789 1234567890";
    int end;
    char *s = wrapped(text, 10, 12, &end);
    cr_assert_str_eq(s, text);
    cr_assert_eq(end, 80);
    free(s);
    /* one more word does not */
    s = wrapped("éééé éééé 123456789 123456789 123456789 123456789 123456789 1234567890 é", 10,
                12, &end);
    cr_assert_str_eq(s, "éééé éééé 123456789 123456789 123456789 123456789 123456789 1234567890\n"
                        "            é");
    cr_assert_eq(end, 13);
    free(s);
}

/* A number and its time unit go to the next line together, in every unit and both decimal
 * separators, punctuation after the unit included; so do octets as French abbreviates them, in
 * brackets too ("(988 o)"). */
Test(print, wrap_never_parts_a_number_from_its_unit)
{
    static const char *const times[] = {"0.400 s,", "41 µs", "41 ms)", "41,2 ms", "-20 ms",
                                        "(988 o)", "988 o,", "(41 µs)"};
    char xxx[81];
    memset(xxx, 'x', 80);
    xxx[80] = '\0';
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        char text[128], want[128];
        /* x up to where the number ends at column 80: its unit would pass it */
        int xs = 80 - 1 - (int)strcspn(times[i], " ");
        snprintf(text, sizeof text, "%.*s %s", xs, xxx, times[i]);
        snprintf(want, sizeof want, "%.*s\n    %s", xs, xxx, times[i]);
        char *s = wrapped(text, 0, 4, NULL);
        cr_assert_str_eq(s, want, "%s", times[i]);
        free(s);
    }
    /* a number followed by a word that is not a unit wraps on its own */
    char *s = wrapped("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 41 "
                      "segments", 0, 4, NULL);
    cr_assert_str_eq(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 41\n"
                        "    segments");
    free(s);
}

/* French sets ; : ! ? and » apart with a space that belongs to the sign: no line starts with
 * one (the demo's notice ended a line before "; voici"). */
Test(print, wrap_never_starts_a_line_with_a_french_sign)
{
    static const char *const signs[] = {";", ":", "!", "?", "\xc2\xbb"};
    char xxx[81];
    memset(xxx, 'x', 80);
    xxx[80] = '\0';
    for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
        char text[160], want[160];
        /* "x...x mot" ends at column 80: the sign after it would pass it */
        snprintf(text, sizeof text, "%.*s mot %s suite", 76, xxx, signs[i]);
        snprintf(want, sizeof want, "%.*s\n    mot %s suite", 76, xxx, signs[i]);
        char *s = wrapped(text, 0, 4, NULL);
        cr_assert_str_eq(s, want, "%s", signs[i]);
        free(s);
    }
    /* a colon glued to its word is an ordinary word end */
    char *s = wrapped("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx mot: "
                      "suite", 0, 4, NULL);
    cr_assert_str_eq(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx mot:\n"
                        "    suite");
    free(s);
}

/* A no-break space (U+00A0, as the French messages put before : ; ! ? and inside « ») is one
 * column and never a line's end; nor is the space after an opening « when a message has a plain
 * one there: the quote's first word comes along. */
Test(print, wrap_keeps_no_break_spaces_and_guillemets_together)
{
    char xxx[81];
    memset(xxx, 'x', 80);
    xxx[80] = '\0';
    char text[200], want[200];
    int end;
    /* 75 x, a space and "ab :" (4 columns, 5 bytes): exactly 80 columns, no wrap */
    snprintf(text, sizeof text, "%.*s ab\u00a0:", 75, xxx);
    char *s = wrapped(text, 0, 4, &end);
    cr_assert_str_eq(s, text);
    cr_assert_eq(end, 80);
    free(s);
    /* "mot :" would cross column 80: it moves whole, its no-break space kept */
    snprintf(text, sizeof text, "%.*s mot\u00a0: suite", 76, xxx);
    snprintf(want, sizeof want, "%.*s\n    mot\u00a0: suite", 76, xxx);
    s = wrapped(text, 0, 4, NULL);
    cr_assert_str_eq(s, want);
    free(s);
    /* « then a plain space: « fits at column 78, "mot" would not: both move */
    snprintf(text, sizeof text, "%.*s \u00ab mot \u00bb suite", 76, xxx);
    snprintf(want, sizeof want, "%.*s\n    \u00ab mot \u00bb suite", 76, xxx);
    s = wrapped(text, 0, 4, NULL);
    cr_assert_str_eq(s, want);
    free(s);
    /* and with no-break spaces inside, the quote is one word */
    snprintf(text, sizeof text, "%.*s \u00ab\u00a0mot\u00a0\u00bb suite", 74, xxx);
    snprintf(want, sizeof want, "%.*s\n    \u00ab\u00a0mot\u00a0\u00bb suite", 74, xxx);
    s = wrapped(text, 0, 4, NULL);
    cr_assert_str_eq(s, want);
    free(s);
}

/* A word wider than a line stays whole on a line of its own; newlines start indented lines. */
Test(print, wrap_keeps_long_words_whole_and_indents_newlines)
{
    char word[100];
    memset(word, 'w', 90);
    word[90] = '\0';
    char text[200], want[200];
    snprintf(text, sizeof text, "short %s end", word);
    snprintf(want, sizeof want, "short\n  %s\n  end", word);
    char *s = wrapped(text, 2, 2, NULL);
    cr_assert_str_eq(s, want);
    free(s);
    s = wrapped("one\ntwo", 2, 4, NULL);
    cr_assert_str_eq(s, "one\n    two");
    free(s);
}

/* A line that cannot wrap: one word (no space) that does not fit beside its indentation. */
static bool unbreakable(const char *line, size_t n)
{
    size_t indent = 0;
    while (indent < n && line[indent] == ' ')
        indent++;
    for (size_t i = indent, w = 0; i <= n; i++) {
        if (i == n || line[i] == ' ') {
            if ((int)indent + print_text_width(line + i - w, w) > PRINT_WRAP_WIDTH)
                return true;
            w = 0;
        } else {
            w++;
        }
    }
    return false;
}

/* Counts the lines of `stackscope -v -r path` wider than 80 characters (UTF-8 characters, not
 * bytes), and those of them that cannot wrap. */
static void widths(char *path, int *wide, int *unwrappable, int *widest)
{
    static char bin[] = STACKSCOPE_BIN;
    char *argv[] = {bin, "-v", "-r", path, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    for (const char *p = r.out, *end = r.out + r.out_len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        int w = print_text_width(p, n);
        if (w > PRINT_WRAP_WIDTH) {
            if (unbreakable(p, n))
                (*unwrappable)++;
            else
                cr_expect(0, "%s: %d characters: %.*s", path, w, (int)n, p);
            (*wide)++;
        }
        if (w > *widest)
            *widest = w;
        p += n + 1;
    }
    run_free(&r);
}

static int each_file(const char *dir, const char *suffix, int *wide, int *unwrappable,
                     int *widest)
{
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (e->d_name[0] == '.' || n < k || strcmp(e->d_name + n - k, suffix))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        widths(path, wide, unwrappable, widest);
        files++;
    }
    closedir(d);
    return files;
}

/* No line of -v over captures/ and the tcpdump corpus is wider than 80 characters, except a
 * line holding one word too wide to fit beside its indentation (none there today). Before the
 * wrapping, 141 lines were: reasons up to 231 characters, Problem lines up to 109. */
Test(print, tree_lines_fit_80_columns_over_captures_and_the_corpus, .timeout = 600)
{
    int wide = 0, unwrappable = 0, widest = 0;
    int files = each_file(SOURCE_DIR "/captures", ".pcap", &wide, &unwrappable, &widest);
    files += each_file(SHARED_DIR "/corpus/tcpdump-tests", "", &wide, &unwrappable, &widest);
    cr_assert_gt(files, 300, "the corpus is there (%d files)", files);
    cr_expect_eq(wide, unwrappable, "%d lines wider than 80 characters could wrap",
                 wide - unwrappable);
    cr_log_info("%d files, widest line %d characters, %d unwrappable", files, widest,
                unwrappable);
}
