/* The one-line output (line.c) and -v's checksum, option and route details (tree.c), and
 * --json's "hex" with -x: exact text for packets built here. Times are left out (-t) where
 * they are not what is tested. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "run.h"
#include "stackscope/analysis.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

static uint8_t frame[1600];
static struct packet pkt;
static struct flow_info fi;

/* Prints pkt (with fi, and v when not NULL) as opts ask, without the time unless asked. */
static char *render(struct print_opts po, const struct analysis_verdict *v)
{
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 1, .ts_sec = 1700000000, .ts_usec = 535218,
                             .analysis = v};
    print_packet(&ctx, &ob, &fr, &pkt, &fi);
    ob_putc(&ob, '\0');
    return ob.buf;
}

static char *line(void)
{
    return render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE}, NULL);
}

/* The loopback SYN of DESIGN.md: 127.0.0.1.58160 > 127.0.0.1.5005, id 49872, DF. */
static size_t build_syn(void)
{
    struct pkt_spec s = pkt_spec_design_syn();
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    return n;
}

/* A data segment 192.0.2.1.40000 > 198.51.100.2.80 carrying payload, the connection tracked
 * with relative seq 1 and ack 1 (raw 1001 and 5001). */
static size_t build_data(const char *payload, const uint8_t *opts, size_t opts_len)
{
    struct pkt_spec s = pkt_spec_default();
    s.tcp_flags = TCP_PSH | TCP_ACK;
    s.seq = 1001;
    s.ack = 5001;
    s.id = 7490;
    s.window = 64;
    s.payload = (const uint8_t *)payload;
    s.payload_len = strlen(payload);
    s.tcp_options = opts;
    s.tcp_options_len = opts_len;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    fi = (struct flow_info){.tracked = true, .ack_valid = true, .seq_rel = 1, .ack_rel = 1};
    return n;
}

/* Raw IPv4 + UDP 10.0.0.1.5000 > 10.0.0.2.53 (id 9, no DF) carrying n bytes of payload, both
 * checksums right; returns the UDP checksum. */
static uint16_t build_udp(const char *payload, size_t n)
{
    static const uint8_t ip[20] = {0x45, 0, 0, 0, 0, 9, 0, 0, 64, 17, 0, 0,
                                   10, 0, 0, 1, 10, 0, 0, 2};
    memcpy(frame, ip, 20);
    put16(frame + 2, (uint16_t)(28 + n));
    const uint8_t udp[8] = {0x13, 0x88, 0, 53, 0, 0, 0, 0};
    memcpy(frame + 20, udp, 8);
    put16(frame + 24, (uint16_t)(8 + n));
    memcpy(frame + 28, payload, n);
    put16(frame + 10, (uint16_t)~checksum_fold(checksum_add(0, frame, 20)));
    uint8_t ph[12] = {10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 0};
    put16(ph + 10, (uint16_t)(8 + n));
    uint16_t sum = (uint16_t)~checksum_fold(checksum_add(checksum_add(0, ph, 12), frame + 20,
                                                         8 + n));
    put16(frame + 26, sum);
    decode_packet(&pkt, LINKTYPE_RAW, frame, (uint32_t)(28 + n), (uint32_t)(28 + n));
    fi.tracked = false;
    return sum;
}

/* tcpdump's opening and its TCP fields, no padding; the SYN's options in brief; the id of a
 * DF datagram kept, as on every IPv4 line. Before: 140 columns of aligned fields, no option. */
Test(print_line, syn_reads_as_tcpdump)
{
    build_syn();
    struct flow_table *flows = malloc(sizeof *flows);
    flow_table_init(flows);
    flow_update(flows, &pkt, &fi);
    free(flows);
    char *s = line();
    cr_assert_str_eq(s, "IP 127.0.0.1.58160 > 127.0.0.1.5005: [S] seq 0 win 65495 "
                        "<mss 65495,sackOK,TS,wscale 7> ttl 64 id 49872 DF\n");
    free(s);
    /* With the time: the default form begins the line. */
    s = render((struct print_opts){.mode = PRINT_LINE}, NULL);
    cr_assert(strstr(s, ".535218 IP 127.0.0.1.58160 > "), "%s", s);
    free(s);
}

/* Data: the range seq A:B (relative; raw with -S), the ack, the window the analysis scaled,
 * the request line quoted; the timestamp option of every segment left out. */
Test(print_line, data_segment_with_range_window_and_preview)
{
    static const uint8_t ts[12] = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
    build_data("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", ts, sizeof ts);
    struct analysis_verdict v = {.has_stream = true, .window_size_known = true,
                                 .window_size = 65536, .window_shift = 10};
    char *s = render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE}, &v);
    cr_assert_str_eq(s, "IP 192.0.2.1.40000 > 198.51.100.2.80: [P.] seq 1:38 ack 1 win 65536 "
                        "ttl 64 id 7490 DF \"GET /index.html HTTP/1.1\"\n");
    free(s);
    s = render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE,
                                   .absolute_seq = true},
               NULL);
    cr_assert_str_eq(s, "IP 192.0.2.1.40000 > 198.51.100.2.80: [P.] seq 1001:1038 ack 5001 win 64 "
                        "ttl 64 id 7490 DF \"GET /index.html HTTP/1.1\"\n");
    free(s);
}

/* The preview stops where the line would pass 100 columns, keeping 24 (a request line) however
 * long the line already is, and never looks past 48 bytes; binary payloads get none. */
Test(print_line, preview_is_cut_and_only_for_text)
{
    static const char digits[] = "0123456789012345678901234567890123456789012345678901234567890123456789";
    build_data(digits, NULL, 0);
    char *s = line();
    cr_assert_str_eq(s, "IP 192.0.2.1.40000 > 198.51.100.2.80: [P.] seq 1:71 ack 1 win 64 ttl 64 "
                        "id 7490 DF \"01234567890123456789012\"…\n");
    free(s);
    build_udp(digits, 70);
    s = line();
    cr_assert_str_eq(s, "IP 10.0.0.1.5000 > 10.0.0.2.53: UDP len 70 ttl 64 id 9 "
                        "\"012345678901234567890123456789012345678901\"…\n");
    cr_assert_eq(print_text_width(s, strlen(s) - 1), 100, "%s", s);
    free(s);
    build_udp("GET / HTTP/1.0\r\n", 16); /* ends at the line end, whole */
    s = line();
    cr_assert(strstr(s, " \"GET / HTTP/1.0\"\n"), "%s", s);
    free(s);
    build_data("\x16\x03\x01\x02\x00GET", NULL, 0); /* a TLS record: not text */
    s = line();
    cr_assert(!strchr(s, '"'), "%s", s);
    free(s);
    build_data("AB\x01" "CD", NULL, 0); /* text broken by a control byte before any line end */
    s = line();
    cr_assert(!strchr(s, '"'), "%s", s);
    free(s);
    /* Eight bytes at a time: a byte that is not text in the second word, at either end of the
     * range (DEL, a UTF-8 byte, US); a tab ends the text as any control byte. */
    static const char *const binary[] = {"ABCDEFGHIJ\x7fKLMNOP", "ABCDEFGHIJKLMNO\xc3\xa9",
                                         "ABCDEFGH\x1fJKLMNOPQ", "ABCDEFGHI\tJKLMNOPQR"};
    for (size_t i = 0; i < sizeof binary / sizeof binary[0]; i++) {
        build_data(binary[i], NULL, 0);
        s = line();
        cr_assert(!strchr(s, '"'), "case %zu: %s", i, s);
        free(s);
    }
    build_data("ABCDEFGH ~}|{zyx\nmore", NULL, 0); /* 0x20 and 0x7e are text */
    s = line();
    cr_assert(strstr(s, " \"ABCDEFGH ~}|{zyx\"\n"), "%s", s);
    free(s);
}

/* SACK blocks after the handshake: shown, edges relative like the ack (raw with -S). */
Test(print_line, sack_edges_relative_like_ack)
{
    static const uint8_t sack[12] = {1, 1, 5, 10, 0, 0, 0x23, 0x29, 0, 0, 0x27, 0x11};
    build_data("", sack, sizeof sack); /* edges 9001:10001, the ack 5001 (relative 1) */
    pkt.tcp.flags = TCP_ACK;
    char *s = line();
    cr_assert_str_eq(s, "IP 192.0.2.1.40000 > 198.51.100.2.80: [.] ack 1 win 64 "
                        "<sack 4001:5001> ttl 64 id 7490 DF\n");
    free(s);
    s = render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE,
                                   .absolute_seq = true},
               NULL);
    cr_assert(strstr(s, " <sack 9001:10001> "), "%s", s);
    free(s);
    s = render((struct print_opts){.mode = PRINT_TREE, .time = PRINT_TIME_NONE}, NULL);
    cr_assert(strstr(s, "    Options: 3 (12 bytes)\n      nop\n      nop\n      sack 4001-5001\n"),
              "%s", s);
    free(s);
    s = render((struct print_opts){.mode = PRINT_TREE, .absolute_seq = true}, NULL);
    cr_assert(strstr(s, "      sack 9001-10001\n"), "%s", s);
    free(s);
}

/* A checksum verified wrong is marked on the line; -v says what it should have been. */
Test(print_line, bad_checksums_marked_and_corrected)
{
    size_t n = build_data("hello\n", NULL, 0);
    uint16_t good_tcp = (uint16_t)(frame[14 + 20 + 16] << 8 | frame[14 + 20 + 17]);
    uint16_t good_ip = (uint16_t)(frame[14 + 10] << 8 | frame[14 + 11]);
    frame[14 + 20 + 16] ^= 0x10; /* TCP checksum */
    frame[14 + 10] ^= 0x01;      /* IP header checksum, its first byte */
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    cr_assert_eq(pkt.tcp.checksum_status, CHECKSUM_BAD);
    char *s = line();
    cr_assert_str_eq(s, "IP 192.0.2.1.40000 > 198.51.100.2.80: [P.] seq 1:7 ack 1 win 64 ttl 64 "
                        "id 7490 DF \"hello\" [bad ip cksum] [bad tcp cksum]\n");
    free(s);
    s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    char want[128];
    snprintf(want, sizeof want, "    Header checksum: 0x%04x (bad, should be 0x%04x)\n",
             good_ip ^ 0x0100, good_ip);
    cr_assert(strstr(s, want), "want %s in %s", want, s);
    snprintf(want, sizeof want, "    Checksum: 0x%04x (bad, should be 0x%04x)\n",
             good_tcp ^ 0x1000, good_tcp);
    cr_assert(strstr(s, want), "want %s in %s", want, s);
    free(s);
}

/* A UDP datagram whose checksum is wrong: marked on the line, -v gives the right one. */
Test(print_line, udp_bad_checksum_should_be)
{
    uint16_t good = build_udp("ping\n", 5);
    put16(frame + 26, good ^ 0x0101);
    decode_packet(&pkt, LINKTYPE_RAW, frame, 33, 33);
    cr_assert_eq(pkt.udp.checksum_status, CHECKSUM_BAD);
    char *s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    char want[96];
    snprintf(want, sizeof want, "    Checksum: 0x%04x (bad, should be 0x%04x)\n", good ^ 0x0101,
             good);
    cr_assert(strstr(s, want), "want %s in %s", want, s);
    free(s);
    s = line();
    cr_assert_str_eq(s, "IP 10.0.0.1.5000 > 10.0.0.2.53: UDP len 5 ttl 64 id 9 \"ping\" "
                        "[bad udp cksum]\n");
    free(s);
}

/* -q: tcpdump -q's line, within 80 columns for the widest IPv4 addresses and ports. */
Test(print_line, quick_line_within_80_columns)
{
    struct pkt_spec sp = pkt_spec_default();
    memcpy(sp.src, "\xff\xff\xff\xfe", 4);
    memcpy(sp.dst, "\xff\xff\xff\xfd", 4);
    sp.sport = sp.dport = 65535;
    sp.tcp_flags = TCP_PSH | TCP_ACK;
    sp.payload = (const uint8_t *)"GET / HTTP/1.0\r\n";
    sp.payload_len = 16;
    size_t n = pkt_build_eth_tcp(frame, sizeof frame, &sp);
    decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
    fi.tracked = false;
    char *s = render((struct print_opts){.mode = PRINT_LINE, .quick = true}, NULL);
    cr_assert(strstr(s, ".535218 IP 255.255.255.254.65535 > 255.255.255.253.65535: tcp 16\n"),
              "%s", s);
    cr_assert_leq(strlen(s) - 1, 80, "%zu: %s", strlen(s) - 1, s);
    free(s);
    s = render((struct print_opts){.mode = PRINT_LINE, .quick = true, .time = PRINT_TIME_NONE},
               NULL);
    cr_assert_str_eq(s, "IP 255.255.255.254.65535 > 255.255.255.253.65535: tcp 16\n");
    free(s);
}

/* -A: the payload under the line, CR LF as one line end, bytes not printable as dots. */
Test(print_line, ascii_payload_under_the_line)
{
    build_data("GET / HTTP/1.0\r\nA: \x01\x7f\r\n", NULL, 0);
    char *s = render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE,
                                         .ascii = true},
                     NULL);
    const char *under = strchr(s, '\n') + 1;
    cr_assert_str_eq(under, "GET / HTTP/1.0\nA: ..\n", "%s", s);
    free(s);
}

/* -v: the options' count and the bytes they take. */
Test(print_line, tree_counts_option_bytes)
{
    build_syn();
    fi.tracked = false;
    char *s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    cr_assert(strstr(s, "    Options: 5 (20 bytes)\n      mss 65495\n"), "%s", s);
    cr_assert(strstr(s, "    Options: none\n"), "%s", s); /* IPv4's */
    free(s);
}

/* -v: a record route with a length that is not 3 + 4n, or a pointer off an address, is
 * flagged as tcpdump does; a well-formed one is not. */
Test(print_line, tree_flags_malformed_route_options)
{
    static const struct {
        uint8_t type, len, ptr;
        const char *want;
    } cases[] = {
        {7, 7, 4, ""},                                /* RR, one slot, empty: fine */
        {7, 7, 8, ""},                                /* RR full */
        {131, 8, 4, " [bad length]"},                 /* LSRR 8: not 3 + 4n */
        {137, 7, 5, " [bad pointer]"},                /* SSRR pointer off an address */
        {7, 7, 12, " [bad pointer]"},                 /* past the end */
        {131, 6, 2, " [bad length] [bad pointer]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t opt[8] = {cases[i].type, cases[i].len, cases[i].ptr, 10, 0, 0, 9, 0};
        if (cases[i].len < 8)
            opt[cases[i].len] = 0; /* EOL pads to 8 */
        struct pkt_spec sp = pkt_spec_default();
        sp.ip_options = opt;
        sp.ip_options_len = 8;
        size_t n = pkt_build_eth_tcp(frame, sizeof frame, &sp);
        decode_packet(&pkt, LINKTYPE_ETHERNET, frame, (uint32_t)n, (uint32_t)n);
        fi.tracked = false;
        char *s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
        char want[160];
        snprintf(want, sizeof want, ") pointer %u 10.0.0.9%s\n", cases[i].ptr, cases[i].want);
        if (cases[i].len < 7)
            snprintf(want, sizeof want, ") pointer %u%s\n", cases[i].ptr, cases[i].want);
        cr_assert(strstr(s, want), "case %zu: want \"%s\" in\n%s", i, want, s);
        free(s);
    }
}

/* --json with -x/-X ends the object with the frame's bytes; without them, no such key. */
Test(print_line, json_hex_with_x)
{
    size_t n = build_syn();
    fi.tracked = false;
    char *s = render((struct print_opts){.mode = PRINT_JSON, .hex = PRINT_HEX_ASCII}, NULL);
    char *want = malloc(2 * n + 16);
    strcpy(want, ",\"hex\":\"");
    for (size_t i = 0; i < n; i++)
        sprintf(want + strlen(want), "%02x", frame[i]);
    strcat(want, "\"}\n");
    const char *at = strstr(s, "\"errors\":[]");
    cr_assert(at && strcmp(at + strlen("\"errors\":[]"), want) == 0, "%s", s);
    free(want);
    free(s);
    s = render((struct print_opts){.mode = PRINT_JSON}, NULL);
    cr_assert(!strstr(s, "\"hex\""), "%s", s);
    cr_assert(strstr(s, "\"errors\":[]}\n"), "%s", s);
    free(s);
}

/* Over every capture of captures/: the one-line output passes 100 columns only where a SYN lists
 * its options, a payload is quoted, a fragment says so or a tag or problem is bracketed (each
 * rare, or cut); -q passes 80 only with a problem or a fragment. Before, every IPv4/TCP line was 135 to 157 columns. */
Test(print_line, widths_over_captures, .timeout = 120)
{
    static const char *const captures[] = {"lesson-exchange.pcap", "http-fetch.pcap",
                                           "tcp-analysis.pcap", "crafted-edge-cases.pcap",
                                           "crafted-lengths.pcap"};
    static char bin[] = STACKSCOPE_BIN, r_flag[] = "-r", q_flag[] = "-q";
    int lines = 0;
    for (size_t i = 0; i < sizeof captures / sizeof captures[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/captures/%s", SOURCE_DIR, captures[i]);
        for (int quick = 0; quick < 2; quick++) {
            char *argv_line[] = {bin, r_flag, path, NULL};
            char *argv_quick[] = {bin, q_flag, r_flag, path, NULL};
            struct run_result r;
            cr_assert_eq(run_program(quick ? argv_quick : argv_line, NULL, &r), 0);
            for (char *p = r.out; *p;) {
                char *nl = strchr(p, '\n');
                *nl = '\0';
                int w = print_text_width(p, strlen(p));
                bool excused = strstr(p, " [") || strstr(p, " frag ") ||
                               (!quick && (strstr(p, " <") || strchr(p, '"')));
                cr_expect(w <= (quick ? 80 : 100) || excused, "%s%s: %d columns: %s", captures[i],
                          quick ? " -q" : "", w, p);
                lines++;
                p = nl + 1;
            }
            run_free(&r);
        }
    }
    cr_assert_gt(lines, 250);
}

/* ARP in tcpdump's words (without its commas), "len" the bytes after the link header as
 * tcpdump's "length" (46 for a padded Ethernet frame). Before: "ARP (0x0806) len 60". */
Test(print_line, arp_in_words)
{
    static const uint8_t arp[60] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, 0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
    };
    uint8_t b[60];
    memcpy(b, arp, 60);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, 42, 42);
    char *s = line();
    cr_assert_str_eq(s, "ARP Request who-has 10.0.0.2 tell 10.0.0.1 len 28\n");
    free(s);
    b[21] = 2; /* the reply, padded to Ethernet's 60 bytes */
    b[27] = 0x02;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, 60, 60);
    s = line();
    cr_assert_str_eq(s, "ARP Reply 10.0.0.1 is-at 02:00:00:00:00:02 len 46\n");
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, 30, 60); /* cut inside the sender's MAC */
    s = line();
    cr_assert_str_eq(s, "ARP Reply len 46 [truncated: ARP truncated]\n");
    free(s);
    b[21] = 9;
    decode_packet(&pkt, LINKTYPE_ETHERNET, b, 42, 42);
    s = line();
    cr_assert_str_eq(s, "ARP opcode 9 len 28\n");
    free(s);
}

/* Raw IPv4 10.0.0.2 > 10.0.0.1 carrying the n-byte ICMP message m, its checksum computed
 * (then spoilt when bad). */
static void build_icmp(const uint8_t *m, size_t n, bool bad)
{
    size_t len = pkt_build_ipv4_icmp(frame, sizeof frame, m, n, bad);
    cr_assert_gt(len, 0);
    decode_packet(&pkt, LINKTYPE_RAW, frame, (uint32_t)len, (uint32_t)len);
    fi.tracked = false;
}

/* ICMP echo with its id and sequence; a bad ICMP checksum marked, -v giving the right value.
 * Before: "ICMP type 8 code 0 (echo request) len 64" and no verdict. */
Test(print_line, icmp_echo_and_bad_checksum)
{
    uint8_t m[64] = {8, 0, 0, 0, 0, 1, 0, 3};
    build_icmp(m, sizeof m, false);
    char *s = line();
    cr_assert_str_eq(s, "IP 10.0.0.2 > 10.0.0.1: ICMP echo request id 1 seq 3 len 64 ttl 64 id 5\n");
    free(s);
    m[0] = 0;
    build_icmp(m, sizeof m, true);
    uint16_t good = (uint16_t)(pkt.icmp.checksum ^ 1);
    s = line();
    cr_assert_str_eq(s, "IP 10.0.0.2 > 10.0.0.1: ICMP echo reply id 1 seq 3 len 64 ttl 64 id 5 "
                        "[bad icmp cksum]\n");
    free(s);
    s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    char want[96];
    snprintf(want, sizeof want, "    Checksum: 0x%04x (bad, should be 0x%04x)\n",
             pkt.icmp.checksum, good);
    cr_assert(strstr(s, want), "%s", s);
    free(s);
}

/* ICMPv6 types by tcpdump's names, on the line and in -v's tree (before: "ICMP6 type 135 code 0"
 * with no name, and "Type: 135" alone). Raw IPv6 :: > ff02::1:ff46:e884, a neighbor
 * solicitation's 24 bytes (checksum left 0: not what is checked here). */
Test(print_line, icmp6_types_named)
{
    static const uint8_t ip6[40] = {0x60, 0, 0, 0, 0, 24, 58, 255,
                                    [24] = 0xff, 0x02, [35] = 1, 0xff, 0x46, 0xe8, 0x84};
    memcpy(frame, ip6, 40);
    memset(frame + 40, 0, 24);
    frame[40] = 135;
    decode_packet(&pkt, LINKTYPE_RAW, frame, 64, 64);
    fi.tracked = false;
    char *s = line();
    cr_assert(strstr(s, "IP6 :: > ff02::1:ff46:e884: ICMP6 type 135 code 0 (neighbor solicitation) "),
              "%s", s);
    free(s);
    s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    cr_assert(strstr(s, "    Type: 135 (neighbor solicitation)\n"), "%s", s);
    free(s);
    frame[40] = 134;
    decode_packet(&pkt, LINKTYPE_RAW, frame, 64, 64);
    s = line();
    cr_assert(strstr(s, ": ICMP6 type 134 code 0 (router advertisement) "), "%s", s);
    free(s);
}

/* An error message in tcpdump's words, from the header it quotes. */
Test(print_line, icmp_unreachable_from_quoted_header)
{
    uint8_t m[36] = {3, 3, 0, 0, 0, 0, 0, 0,
                     0x45, 0, 0, 36, 0, 9, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                     0x13, 0x88, 0x00, 0x35, 0, 16, 0, 0};
    build_icmp(m, sizeof m, false);
    char *s = line();
    cr_assert_str_eq(s, "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 53 unreachable len 36 "
                        "ttl 64 id 5\n");
    free(s);
    m[1] = 1; /* host unreachable */
    build_icmp(m, sizeof m, false);
    s = line();
    cr_assert(strstr(s, ": ICMP host 10.0.0.2 unreachable len 36 "), "%s", s);
    free(s);
    m[1] = 4; /* fragmentation needed, next-hop MTU 1400 */
    m[6] = 0x05;
    m[7] = 0x78;
    build_icmp(m, sizeof m, false);
    s = line();
    cr_assert(strstr(s, ": ICMP 10.0.0.2 unreachable - need to frag (mtu 1400) len 36 "), "%s", s);
    free(s);
    m[0] = 11; /* time exceeded in transit */
    m[1] = 0;
    build_icmp(m, sizeof m, false);
    s = line();
    cr_assert(strstr(s, ": ICMP time exceeded in-transit len 36 "), "%s", s);
    free(s);
    m[0] = 3;
    build_icmp(m, 8 + 12, false); /* the quoted header cut: the error named */
    s = line();
    cr_assert_str_eq(s, "IP 10.0.0.2 > 10.0.0.1: ICMP type 3 code 0 (destination unreachable) "
                        "len 20 ttl 64 id 5 [invalid: ICMP error's quoted IP header truncated]\n");
    free(s);
}

/* PPP: IPv4 inside shown as over any link; another protocol named by its number. */
Test(print_line, ppp_frames)
{
    uint8_t m[8] = {8, 0, 0, 0, 0, 1, 0, 1};
    build_icmp(m, sizeof m, false);
    uint8_t b[4 + 28] = {0xff, 0x03, 0x00, 0x21};
    memcpy(b + 4, frame, 28);
    decode_packet(&pkt, LINKTYPE_PPP, b, sizeof b, sizeof b);
    char *s = line();
    cr_assert_str_eq(s, "IP 10.0.0.2 > 10.0.0.1: ICMP echo request id 1 seq 1 len 8 ttl 64 id 5\n");
    free(s);
    s = render((struct print_opts){.mode = PRINT_LINE, .time = PRINT_TIME_NONE, .link = true},
               NULL);
    cr_assert_str_eq(s, "PPP IP (0x0021) frame 32: IP 10.0.0.2 > 10.0.0.1: ICMP echo request "
                        "id 1 seq 1 len 8 ttl 64 id 5\n");
    free(s);
    b[2] = 0x12; /* protocol 0x1221: unknown */
    decode_packet(&pkt, LINKTYPE_PPP, b, sizeof b, sizeof b);
    s = line();
    cr_assert_str_eq(s, "PPP protocol (0x1221) len 32\n");
    free(s);
    b[2] = 0xc0; /* LCP */
    decode_packet(&pkt, LINKTYPE_PPP, b, sizeof b, sizeof b);
    s = line();
    cr_assert_str_eq(s, "PPP LCP (0xc021) len 32\n");
    free(s);
    /* Cut inside its header, a frame still names its link (was "link type 9 len 32"). */
    decode_packet(&pkt, LINKTYPE_PPP, b, 1, sizeof b);
    s = line();
    cr_assert_str_eq(s, "PPP len 32 [truncated: link header truncated]\n");
    free(s);
}

/* --json: ARP's fields, ICMP's checksum verdict, echo id/seq and quoted datagram, PPP's
 * protocol; the keys that were there unchanged. Before: no "arp", icmp type/code/checksum. */
Test(print_line, json_keys_for_arp_icmp_ppp)
{
    uint8_t m[36] = {3, 3, 0, 0, 0, 0, 0, 0,
                     0x45, 0, 0, 36, 0, 9, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                     0x13, 0x88, 0x00, 0x35, 0, 16, 0, 0};
    build_icmp(m, sizeof m, false);
    char *s = render((struct print_opts){.mode = PRINT_JSON}, NULL);
    char want[256];
    snprintf(want, sizeof want, ",\"icmp\":{\"type\":3,\"code\":3,\"checksum\":%u,"
             "\"checksum_status\":\"good\",\"quoted\":{\"protocol\":17,\"src\":\"10.0.0.1\","
             "\"dst\":\"10.0.0.2\",\"src_port\":5000,\"dst_port\":53}},",
             pkt.icmp.checksum);
    cr_assert(strstr(s, want), "%s", s);
    free(s);
    uint8_t e[8] = {8, 0, 0, 0, 0, 1, 0, 3};
    build_icmp(e, sizeof e, true);
    uint8_t b[4 + 28] = {0xff, 0x03, 0x00, 0x21};
    memcpy(b + 4, frame, 28);
    decode_packet(&pkt, LINKTYPE_PPP, b, sizeof b, sizeof b);
    s = render((struct print_opts){.mode = PRINT_JSON}, NULL);
    cr_assert(strstr(s, "\"link\":{\"type\":\"ppp\",\"address_control\":true,\"protocol\":33},"),
              "%s", s);
    cr_assert(strstr(s, "\"checksum_status\":\"bad\",\"id\":1,\"seq\":3},"), "%s", s);
    free(s);
    static const uint8_t arp[42] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01, 0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
    };
    decode_packet(&pkt, LINKTYPE_ETHERNET, arp, 42, 42);
    s = render((struct print_opts){.mode = PRINT_JSON}, NULL);
    cr_assert(strstr(s, ",\"arp\":{\"hardware_type\":1,\"protocol_type\":2048,\"hardware_length\":6,"
                        "\"protocol_length\":4,\"opcode\":1,\"sender_mac\":\"02:00:00:00:00:01\","
                        "\"sender_ip\":\"10.0.0.1\",\"target_mac\":\"00:00:00:00:00:00\","
                        "\"target_ip\":\"10.0.0.2\"},\"errors\":[]}"),
              "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_ETHERNET, arp, 30, 42);
    s = render((struct print_opts){.mode = PRINT_JSON}, NULL);
    cr_assert(strstr(s, "\"opcode\":1},\"errors\":[\"arp.truncated\"]}"), "%s", s);
    free(s);
}

/* -v names the link type as libpcap (and the banner) does, and shows PPP's fields. */
Test(print_line, tree_names_link_types_and_ppp)
{
    uint8_t e[8] = {8, 0, 0, 0, 0, 1, 0, 3};
    build_icmp(e, sizeof e, false);
    uint8_t b[2 + 28] = {0x00, 0x21};
    memcpy(b + 2, frame, 28);
    decode_packet(&pkt, LINKTYPE_PPP, b, sizeof b, sizeof b);
    char *s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    cr_assert(strstr(s, "\n  Link layer: PPP (PPP), 2 bytes\n    Address, control: none "
                        "(compressed)\n    Protocol: 0x0021 (IP)\n"), "%s", s);
    cr_assert(strstr(s, "    Checksum: 0x"), "%s", s);
    cr_assert(strstr(s, " (good)\n    Identifier: 1, sequence 3\n"), "%s", s);
    free(s);
    decode_packet(&pkt, LINKTYPE_RAW, frame, 28, 28);
    s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    cr_assert(strstr(s, "\n  Link layer: RAW (Raw IP), 0 bytes\n"), "%s", s);
    free(s);
    b[1] = 0x21; /* protocol compressed to one byte: the header is 1 byte, singular */
    decode_packet(&pkt, LINKTYPE_PPP, b + 1, sizeof b - 1, sizeof b - 1);
    s = render((struct print_opts){.mode = PRINT_TREE}, NULL);
    cr_assert(strstr(s, "\n  Link layer: PPP (PPP), 1 byte\n"), "%s", s);
    free(s);
}
