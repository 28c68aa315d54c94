/* Hostile capture files: absurd headers and records are one clear line or a decoded prefix,
 * never a crash or a hang. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

static char bin[] = STACKSCOPE_BIN;

static void le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* A classic pcap header (microseconds) and records; each record: caplen, len, then bytes. */
static size_t pcap_header(uint8_t *b, uint32_t snaplen, uint32_t linktype)
{
    le32(b, 0xa1b2c3d4);
    b[4] = 2, b[5] = 0, b[6] = 4, b[7] = 0;
    le32(b + 8, 0);
    le32(b + 12, 0);
    le32(b + 16, snaplen);
    le32(b + 20, linktype);
    return 24;
}

static size_t record(uint8_t *b, uint32_t caplen, uint32_t len, const uint8_t *data, size_t n)
{
    le32(b, 1700000000);
    le32(b + 4, 0);
    le32(b + 8, caplen);
    le32(b + 12, len);
    if (n)
        memcpy(b + 16, data, n);
    return 16 + n;
}

static struct run_result run_on(const uint8_t *b, size_t n, char *mode)
{
    char path[] = "/tmp/stackscope-hostile-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(write(fd, b, n) == (ssize_t)n);
    close(fd);
    char *argv[] = {bin, mode, "-r", path, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    unlink(path);
    cr_assert(r.status == 0 || r.status == 1, "exit %d: %s", r.status, r.err);
    cr_assert(!strstr(r.err, "Sanitizer") && !strstr(r.err, "runtime error"), "%s", r.err);
    return r;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static const uint8_t syn[54] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0x45, 0, 0, 40, 0, 1,
                                0x40, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1, 0x9c, 0x40,
                                0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 2, 0xff, 0xff, 0, 0, 0, 0};

Test(hostile, absurd_snaplen_is_read_or_refused_in_one_line)
{
    uint8_t b[256];
    size_t n = pcap_header(b, 0xffffffffu, 1);
    n += record(b + n, 54, 54, syn, 54);
    struct run_result r = run_on(b, n, "-v");
    if (r.status == 1)
        cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    else
        cr_assert(strstr(r.out, "Transport layer: TCP"));
    run_free(&r);
}

Test(hostile, unknown_link_type_shows_frames_undecoded)
{
    uint8_t b[256];
    size_t n = pcap_header(b, 65535, 0xfffe);
    n += record(b + n, 54, 54, syn, 54);
    struct run_result r = run_on(b, n, "--json");
    if (r.status == 0) {
        cr_assert(strstr(r.out, "\"errors\":[\"link.unsupported\"]"), "%s", r.out);
        cr_assert(strstr(r.err, "link type 65534 is not decoded"), "%s", r.err);
    } else {
        cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    }
    run_free(&r);
}

Test(hostile, record_larger_than_snaplen)
{
    uint8_t b[512];
    size_t n = pcap_header(b, 40, 1);
    n += record(b + n, 54, 54, syn, 54);
    n += record(b + n, 54, 54, syn, 54);
    struct run_result r = run_on(b, n, "-x");
    if (r.status == 1)
        cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    run_free(&r);
}

Test(hostile, huge_record_length_is_one_line)
{
    uint8_t b[256];
    size_t n = pcap_header(b, 65535, 1);
    n += record(b + n, 54, 54, syn, 54);
    n += record(b + n, 0x7fffffffu, 0x7fffffffu, syn, 54);
    struct run_result r = run_on(b, n, "-v");
    cr_assert_eq(r.status, 1);
    cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    cr_assert(strstr(r.out, "Frame 1:"), "the record before is printed");
    run_free(&r);
}

Test(hostile, zero_length_records_are_empty_frames)
{
    uint8_t b[256];
    size_t n = pcap_header(b, 65535, 1);
    n += record(b + n, 0, 0, NULL, 0);
    n += record(b + n, 0, 60, NULL, 0);
    n += record(b + n, 54, 54, syn, 54);
    struct run_result r = run_on(b, n, "--json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(lines(r.out), 3);
    cr_assert(strstr(r.out, "\"caplen\":0,\"len\":60,\"link\":{\"type\":\"ethernet\""));
    cr_assert(strstr(r.out, "\"errors\":[\"link.truncated\"]"));
    run_free(&r);
}

Test(hostile, pcapng_with_an_unknown_block)
{
    uint8_t b[512];
    size_t n = 0;
    /* Section header block. */
    const uint8_t shb[28] = {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0,
                             0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0};
    memcpy(b, shb, 28);
    n = 28;
    /* Interface description block: Ethernet, snaplen 65535. */
    const uint8_t idb[20] = {1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0, 0, 20, 0, 0, 0};
    memcpy(b + n, idb, 20);
    n += 20;
    /* An unknown block type 0x0badcafe of 16 bytes. */
    const uint8_t unk[16] = {0xfe, 0xca, 0xad, 0x0b, 16, 0, 0, 0, 1, 2, 3, 4, 16, 0, 0, 0};
    memcpy(b + n, unk, 16);
    n += 16;
    /* Enhanced packet block with the SYN (54 bytes, padded to 56). */
    uint8_t epb[32 + 56] = {6, 0, 0, 0, 88, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            54, 0, 0, 0, 54, 0, 0, 0};
    memcpy(epb + 28, syn, 54);
    epb[84] = 88;
    memcpy(b + n, epb, sizeof epb);
    n += sizeof epb;
    struct run_result r = run_on(b, n, "-v");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "Transport layer: TCP, 40000 > 80"), "%s", r.out);
    run_free(&r);
}

Test(hostile, empty_and_header_only_files)
{
    struct run_result r = run_on((const uint8_t *)"", 0, "-v");
    cr_assert_eq(r.status, 1);
    cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    run_free(&r);
    uint8_t b[24];
    pcap_header(b, 65535, 1);
    r = run_on(b, 24, "-v");
    cr_assert_eq(r.status, 0);
    cr_assert_eq(r.out_len, 0);
    run_free(&r);
    r = run_on(b, 23, "-v");
    cr_assert_eq(r.status, 1);
    cr_assert_eq(lines(past_banner(r.err)), 1, "%s", r.err);
    run_free(&r);
}

/* Records cut inside a header (3 bytes of Ethernet, 1 and 3 bytes of TCP): no printer invents
 * the fields that were not captured (zero addresses, port 0). */
Test(hostile, records_cut_inside_headers_print_no_invented_fields)
{
    uint8_t frame[54], b[512];
    memcpy(frame, syn, sizeof frame);
    memset(frame, 0x02, 12); /* addresses 02:02:02:02:02:02: a zero address is invented */
    size_t n = pcap_header(b, 65535, 1);
    n += record(b + n, 3, 54, frame, 3);
    n += record(b + n, 35, 54, frame, 35);
    n += record(b + n, 37, 54, frame, 37);
    struct run_result r = run_on(b, n, "--json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"caplen\":3,\"len\":54,\"link\":{\"type\":\"ethernet\"},"), "%s", r.out);
    cr_assert(strstr(r.out, "\"tcp\":{},\"errors\""), "%s", r.out);
    cr_assert(strstr(r.out, "\"tcp\":{\"src_port\":40000},\"errors\""), "%s", r.out);
    cr_assert(!strstr(r.out, "\"src_port\":0"), "%s", r.out);
    run_free(&r);
    char *modes[] = {"-v", "-e", "--diagram"};
    for (size_t i = 0; i < 3; i++) {
        r = run_on(b, n, modes[i]);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_str_eq(past_banner(r.err), "");
        cr_assert(!strstr(r.out, "00:00:00:00:00:00"), "%s: %s", modes[i], r.out);
        cr_assert(!strstr(r.out, "port: 0\n"), "%s: %s", modes[i], r.out);
        cr_assert(!strstr(r.out, ":0 "), "%s: %s", modes[i], r.out);
        run_free(&r);
    }
}
