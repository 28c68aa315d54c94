/* --follow through the program (src/cli/main.c): what a user types, what comes out, the exit
 * status: a malformed STREAM is a usage error (2) before anything is opened, a stream the
 * capture does not have is a runtime error (1) naming the streams it has, raw is tshark's. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

#define CAP(name) SOURCE_DIR "/captures/" name

static struct run_result r;

static void run(char *const argv[])
{
    cr_assert_eq(run_program(argv, NULL, &r), 0);
}

Test(follow_cli, a_malformed_stream_is_a_usage_error_before_the_file_is_opened)
{
    char *argv[] = {STACKSCOPE_BIN, "-r", "/nonexistent.pcap", "--follow", "1.2.3.4:80", NULL};
    run(argv);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: --follow '1.2.3.4:80': neither a number nor two "
                            "endpoints; expected a stream number (the \"stream\" of --json, "
                            "tshark's tcp.stream) or ADDR:PORT,ADDR:PORT ([ADDR]:PORT for IPv6)\n");
    cr_assert_str_eq(r.out, "");
    run_free(&r);
}

Test(follow_cli, a_stream_the_capture_does_not_have_exits_1_naming_those_it_has)
{
    char *argv[] = {STACKSCOPE_BIN, "-r", CAP("tcp-analysis.pcap"), "--follow", "99", NULL};
    run(argv);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(past_banner(r.err), "stackscope: --follow 99: the capture has no such TCP "
                                         "stream (its streams are numbered 0 to 11)\n");
    cr_assert_str_eq(r.out, "");
    run_free(&r);
    char *one[] = {STACKSCOPE_BIN, "-r", CAP("http-fetch.pcap"), "--follow", "1", NULL};
    run(one);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(past_banner(r.err),
                     "stackscope: --follow 1: the capture has one TCP stream, number 0\n");
    run_free(&r);
    char *ends[] = {STACKSCOPE_BIN, "-r", CAP("http-fetch.pcap"), "--follow",
                    "127.0.0.1:8080,127.0.0.1:1", NULL};
    run(ends);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(past_banner(r.err), "stackscope: --follow 127.0.0.1:8080,127.0.0.1:1: no "
                                         "TCP segment between these endpoints in the capture\n");
    run_free(&r);
}

Test(follow_cli, raw_by_endpoints_in_either_order_prints_the_stream_instead_of_the_packets)
{
    char *argv[] = {STACKSCOPE_BIN, "-r", CAP("http-fetch.pcap"), "--follow",
                    "127.0.0.1:8080,127.0.0.1:38498", "--follow-format", "raw", NULL};
    run(argv);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(past_banner(r.err), "");
    const char *want_start =
        "\n===================================================================\n"
        "Follow: tcp,raw\n"
        "Filter: ((ip.src eq 127.0.0.1 and tcp.srcport eq 8080) and (ip.dst eq 127.0.0.1 and "
        "tcp.dstport eq 38498)) or ((ip.src eq 127.0.0.1 and tcp.srcport eq 38498) and (ip.dst "
        "eq 127.0.0.1 and tcp.dstport eq 8080))\n"
        "Node 0: 127.0.0.1:38498\n"
        "Node 1: 127.0.0.1:8080\n"
        "474554202f696e6465782e68746d6c20";
    cr_assert(strncmp(r.out, want_start, strlen(want_start)) == 0, "%s", r.out);
    const char *want_end = "\t3c68746d6c3e3c626f64793e737461636b73636f70652073617973206865"
                           "6c6c6f3c2f626f64793e3c2f68746d6c3e0a\n"
                           "===================================================================\n";
    cr_assert(r.out_len > strlen(want_end));
    cr_assert_str_eq(r.out + r.out_len - strlen(want_end), want_end);
    run_free(&r);
}

/* A capture of one connection: a handshake, then `segments` segments of `size` bytes (at most
 * 1000) from the client (2 KB of raw output for 1000), written by hand as pcap; with `hole`, the
 * first of them is left out (all the others wait behind it). */
static void write_stream(const char *path, int segments, uint32_t size, bool hole)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    const uint32_t file_hdr[6] = {0xa1b2c3d4u, 2 | 4u << 16, 0, 0, 65535, 1};
    fwrite(file_hdr, sizeof file_hdr, 1, f);
    static uint8_t frame[14 + 20 + 20 + 1000];
    uint32_t seq = 100;
    for (int i = -2; i < segments; i++) {
        bool server = i == -1;
        uint32_t payload = i < 0 ? 0 : size, len = 54 + payload;
        memset(frame, 0, sizeof frame);
        frame[12] = 0x08;
        uint8_t *ip = frame + 14, *tcp = ip + 20;
        ip[0] = 0x45, ip[2] = (uint8_t)((40 + payload) >> 8), ip[3] = (uint8_t)(40 + payload);
        ip[8] = 64, ip[9] = 6;
        ip[12] = 10, ip[15] = server ? 2 : 1; /* 10.0.0.1 the client, 10.0.0.2 the server */
        ip[16] = 10, ip[19] = server ? 1 : 2;
        tcp[0] = server ? 0 : 0x9c, tcp[1] = server ? 80 : 0x40; /* 40000 -> 80 */
        tcp[2] = server ? 0x9c : 0, tcp[3] = server ? 0x40 : 80;
        uint32_t s = server ? 5000 : seq, a = server ? 101 : 5001;
        for (int k = 0; k < 4; k++) {
            tcp[4 + k] = (uint8_t)(s >> (24 - 8 * k));
            tcp[8 + k] = (uint8_t)(a >> (24 - 8 * k));
        }
        tcp[12] = 0x50;
        tcp[13] = i == -2 ? 0x02 : server ? 0x12 : 0x18;
        tcp[14] = 0xff;
        memset(tcp + 20, 'x', (size_t)payload);
        seq += i == -2 ? 1 : payload;
        if (hole && i == 0)
            continue;
        const uint32_t rec[4] = {(uint32_t)(i + 2), 0, len, len};
        fwrite(rec, sizeof rec, 1, f);
        fwrite(frame, (size_t)len, 1, f);
    }
    cr_assert_eq(fclose(f), 0);
}

/* Output to a reader that went away (| head) ends quietly with 0, and a file -w writes at the
 * same time is whole all the same (it stopped at 540 KB of 2.1 MB: the loop ended with the
 * output), with --follow and with the packets' lines alike. */
Test(follow_cli, a_closed_pipe_ends_quietly_and_the_file_written_is_whole)
{
    char dir[] = "/tmp/follow_pipe_XXXXXX", in[64], out[64], cmd[512];
    cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pcap", dir);
    snprintf(out, sizeof out, "%s/out.pcap", dir);
    write_stream(in, 2000, 1000, false);
    /* The three formats, then the packets with their bytes (no --follow, -X: enough text to
     * fill the output's buffer and the pipe long before the end; the file stopped short too). */
    for (int format = 0; format < 4; format++) {
        static const char *const names[] = {"ascii", "hex", "raw", "-X"};
        static const char *const modes[] = {"--follow 0 --follow-format ascii",
                                            "--follow 0 --follow-format hex",
                                            "--follow 0 --follow-format raw", "-X"};
        snprintf(cmd, sizeof cmd,
                 "bash -c '%s -r %s -w %s %s 2>%s/err | head -c 1 >/dev/null; "
                 "exit ${PIPESTATUS[0]}'",
                 STACKSCOPE_BIN, in, out, modes[format], dir);
        int status = system(cmd);
        cr_assert(WIFEXITED(status));
        cr_assert_eq(WEXITSTATUS(status), 0, "%s", names[format]);
        size_t in_len, out_len, err_len;
        char *a = read_file(in, &in_len), *b = read_file(out, &out_len), *err;
        snprintf(cmd, sizeof cmd, "%s/err", dir);
        err = read_file(cmd, &err_len);
        cr_assert(a && b && err);
        cr_assert_str_eq(past_banner(err), "", "%s", names[format]);
        cr_assert_eq(out_len, in_len, "%s: %zu bytes written of %zu", names[format], out_len,
                     in_len);
        cr_assert(memcmp(a, b, in_len) == 0);
        free(a);
        free(b);
        free(err);
    }
    unlink(in);
    unlink(out);
    unlink(cmd);
    rmdir(dir);
}

/* Segments that found no room to wait: stderr says how many and the room's two bounds (1100
 * segments of 10 bytes behind a hole fill its 1024 segments long before its megabyte: the
 * message named the megabyte alone). */
Test(follow_cli, segments_without_room_to_wait_are_counted_with_the_room_bounds)
{
    char dir[] = "/tmp/follow_room_XXXXXX", in[64];
    cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pcap", dir);
    write_stream(in, 1100, 10, true);
    char *argv[] = {STACKSCOPE_BIN, "-r", in, "--follow", "0", "--follow-format", "raw", NULL};
    run(argv);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(past_banner(r.err),
                     "stackscope: --follow: 75 out-of-order segments (750 bytes) found no room "
                     "to wait (at most 1024 segments and 1048576 bytes at once): their bytes "
                     "show as missing\n");
    run_free(&r);
    unlink(in);
    rmdir(dir);
}

/* One frame of a TCP segment between 10.0.0.a:sport and 10.0.0.b:dport (Ethernet, IPv4, TCP),
 * flags as the header's byte 13, the payload a string. */
static void tcp_frame(FILE *f, uint32_t ts, uint8_t a, uint8_t b, uint16_t sport, uint16_t dport,
                      uint32_t seq, uint32_t ack, uint8_t flags, const char *payload)
{
    uint8_t frame[128] = {0};
    uint32_t n = (uint32_t)strlen(payload), len = 54 + n;
    frame[12] = 0x08;
    uint8_t *ip = frame + 14, *tcp = ip + 20;
    ip[0] = 0x45, ip[2] = (uint8_t)((40 + n) >> 8), ip[3] = (uint8_t)(40 + n);
    ip[8] = 64, ip[9] = 6, ip[12] = 10, ip[15] = a;
    ip[16] = 10, ip[19] = b;
    tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport;
    tcp[2] = (uint8_t)(dport >> 8), tcp[3] = (uint8_t)dport;
    for (int k = 0; k < 4; k++) {
        tcp[4 + k] = (uint8_t)(seq >> (24 - 8 * k));
        tcp[8 + k] = (uint8_t)(ack >> (24 - 8 * k));
    }
    tcp[12] = 0x50, tcp[13] = flags, tcp[14] = 0xff;
    memcpy(tcp + 20, payload, n);
    const uint32_t rec[4] = {ts, 0, len, len};
    fwrite(rec, sizeof rec, 1, f);
    fwrite(frame, (size_t)len, 1, f);
}

/* A connection the analysis forgets (40000 others open between its two halves: its table holds
 * 16384) and numbers anew is still the stream followed: its later bytes come too, as in tshark
 * (which never forgets). A SYN on its ports after that opens another connection, not followed.
 * (Before, --follow 0 stopped at 'before'.) */
Test(follow_cli, a_connection_the_analysis_forgot_is_followed_to_its_end)
{
    char dir[] = "/tmp/follow_forgot_XXXXXX", in[64];
    cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pcap", dir);
    FILE *f = fopen(in, "wb");
    cr_assert(f);
    const uint32_t file_hdr[6] = {0xa1b2c3d4u, 2 | 4u << 16, 0, 0, 65535, 1};
    fwrite(file_hdr, sizeof file_hdr, 1, f);
    tcp_frame(f, 0, 1, 2, 1234, 80, 100, 0, 0x02, "");
    tcp_frame(f, 0, 2, 1, 80, 1234, 500, 101, 0x12, "");
    tcp_frame(f, 0, 1, 2, 1234, 80, 101, 501, 0x10, "");
    tcp_frame(f, 1, 1, 2, 1234, 80, 101, 501, 0x18, "before");
    for (uint32_t i = 0; i < 40000; i++) /* from 10.0.0.3, ports 1024 up */
        tcp_frame(f, 2, 3, 2, (uint16_t)(1024 + i), 80, 7, 0, 0x02, "");
    tcp_frame(f, 3, 1, 2, 1234, 80, 107, 501, 0x18, "after");
    tcp_frame(f, 3, 2, 1, 80, 1234, 501, 112, 0x18, "reply");
    tcp_frame(f, 4, 1, 2, 1234, 80, 9000, 0, 0x02, "");
    tcp_frame(f, 4, 1, 2, 1234, 80, 9001, 0, 0x18, "other");
    cr_assert_eq(fclose(f), 0);
    char *argv[] = {STACKSCOPE_BIN, "-r", in, "--follow", "0", "--follow-format", "raw", NULL};
    run(argv);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(past_banner(r.err), "");
    const char *want = "Node 1: 10.0.0.2:80\n"
                       "6265666f7265\n"   /* before */
                       "6166746572\n"     /* after */
                       "\t7265706c79\n"   /* reply */
                       "=====";
    cr_assert(strstr(r.out, want), "%s", r.out);
    run_free(&r);
    unlink(in);
    rmdir(dir);
}

/* A pcapng's timestamps are 64 bits: a frame dated 10^10 s after 1970 (the year 2286) made the
 * analysis' and --conversations' nanoseconds overflow (undefined behaviour, which the sanitizer
 * build stops at: exit 1, "signed integer overflow"). Now the time is held at the year 2261 in
 * those sums, and every mode reads the file. */
Test(follow_cli, a_pcapng_time_past_2262_does_not_overflow)
{
    char dir[] = "/tmp/follow_time_XXXXXX", in[64];
    cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pcapng", dir);
    FILE *f = fopen(in, "wb");
    cr_assert(f);
    /* section header, interface (Ethernet, microseconds), one enhanced packet block */
    const uint32_t shb[7] = {0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0xffffffffu, 0xffffffffu, 28};
    const uint32_t idb[5] = {1, 20, 1, 65535, 20};
    uint8_t frame[56] = {0};
    frame[12] = 0x08;
    uint8_t *ip = frame + 14, *tcp = ip + 20;
    ip[0] = 0x45, ip[3] = 40, ip[8] = 64, ip[9] = 6, ip[12] = 10, ip[15] = 1, ip[16] = 10,
    ip[19] = 2;
    tcp[1] = 1, tcp[3] = 2, tcp[12] = 0x50, tcp[13] = 0x02, tcp[14] = 1;
    uint64_t us = 10000000000ull * 1000000ull;
    const uint32_t epb[7] = {6, 28 + 56 + 4, 0, (uint32_t)(us >> 32), (uint32_t)us, 54, 54};
    const uint32_t epb_end = 28 + 56 + 4;
    fwrite(shb, sizeof shb, 1, f);
    fwrite(idb, sizeof idb, 1, f);
    fwrite(epb, sizeof epb, 1, f);
    fwrite(frame, sizeof frame, 1, f); /* 54 bytes and 2 of padding */
    fwrite(&epb_end, sizeof epb_end, 1, f);
    cr_assert_eq(fclose(f), 0);
    char *modes[][4] = {{"--conversations", NULL}, {"--conversations", "--json", NULL},
                        {"--follow", "0", NULL}, {"-tt", NULL}};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        char *argv[8] = {STACKSCOPE_BIN, "-r", in};
        for (int k = 0; modes[m][k]; k++)
            argv[3 + k] = modes[m][k];
        run(argv);
        cr_assert_eq(r.status, 0, "%s: %s", modes[m][0], r.err);
        cr_assert_str_eq(past_banner(r.err), "", "%s", modes[m][0]);
        if (m == 3)
            cr_assert(strncmp(r.out, "10000000000.000000 IP 10.0.0.1.1 > 10.0.0.2.2: [S]",
                              strlen("10000000000.000000 IP 10.0.0.1.1 > 10.0.0.2.2: [S]")) == 0,
                      "%s", r.out);
        run_free(&r);
    }
    unlink(in);
    rmdir(dir);
}

/* The same for the page --html writes: a reader gone ends the stream's text, not the packets
 * the page shows (it had 264 of 2002). */
Test(follow_cli, a_closed_pipe_leaves_the_page_whole)
{
    char dir[] = "/tmp/follow_page_XXXXXX", in[64], page[64], cmd[512];
    cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pcap", dir);
    snprintf(page, sizeof page, "%s/page.html", dir);
    write_stream(in, 2000, 1000, false);
    snprintf(cmd, sizeof cmd,
             "bash -c '%s -r %s --html %s --follow 0 --follow-format raw 2>/dev/null | head -c 1 "
             ">/dev/null; exit ${PIPESTATUS[0]}'", STACKSCOPE_BIN, in, page);
    int status = system(cmd);
    cr_assert(WIFEXITED(status));
    cr_assert_eq(WEXITSTATUS(status), 0);
    size_t len;
    char *html = read_file(page, &len);
    cr_assert(html);
    cr_assert(strstr(html, "\"frame\":2002"), "the page stops before the last packet");
    free(html);
    unlink(in);
    unlink(page);
    rmdir(dir);
}
