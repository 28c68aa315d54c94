/* --follow through the program (src/cli/main.c): what a user types, what comes out, the exit
 * status: a malformed STREAM is a usage error (2) before anything is opened, a stream the
 * capture does not have is a runtime error (1) naming the streams it has, raw is tshark's. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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
