/* The command line end to end: exit codes, one-line errors, pipes, stdin, -w, colour. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "run.h"

static char bin[] = STACKSCOPE_BIN;
static char lesson[] = SOURCE_DIR "/captures/lesson-exchange.pcap";

#define RUN(r, ...)                                                                                \
    do {                                                                                           \
        char *argv_[] = {bin, __VA_ARGS__, NULL};                                                  \
        cr_assert_eq(run_program(argv_, NULL, (r)), 0);                                           \
    } while (0)

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cli, missing_file_is_one_line_and_exit_1)
{
    struct run_result r;
    RUN(&r, "-r", "/nonexistent/x.pcap");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: cannot open '/nonexistent/x.pcap': No such file or "
                            "directory\n");
    cr_assert_eq(r.out_len, 0);
    run_free(&r);
}

Test(cli, file_that_is_not_a_capture)
{
    struct run_result r;
    char path[] = SOURCE_DIR "/CMakeLists.txt";
    RUN(&r, "-r", path);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "not a pcap or pcapng capture"), "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1);
    run_free(&r);
}

Test(cli, capture_cut_mid_record_prints_what_came_before)
{
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(data);
    char path[] = "/tmp/stackscope-cut-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(write(fd, data, n - 20) == (ssize_t)(n - 20)); /* inside the last record */
    close(fd);
    struct run_result r;
    RUN(&r, "-r", path);
    unlink(path);
    cr_assert_eq(r.status, 1);
    cr_assert_eq(count_lines(r.out), 10, "the 10 whole packets are printed");
    cr_assert(strstr(r.err, "truncated"), "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1);
    free(data);
    run_free(&r);
}

Test(cli, bad_filter_is_a_usage_error_quoting_libpcap)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "tcp", "port", "banana");
    cr_assert_eq(r.status, 2);
    cr_assert(strncmp(r.err, "stackscope: bad filter 'tcp port banana': ", 42) == 0, "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1);
    run_free(&r);
}

/* Runs stackscope with args and expects exit 2 and exactly the one line want on stderr. */
#define USAGE(want, ...)                                                                           \
    do {                                                                                           \
        struct run_result r_;                                                                      \
        RUN(&r_, __VA_ARGS__);                                                                     \
        cr_expect_eq(r_.status, 2, "%s", r_.err);                                                 \
        cr_expect_str_eq(r_.err, "stackscope: " want "\n");                                       \
        cr_expect_eq(r_.out_len, 0);                                                               \
        run_free(&r_);                                                                             \
    } while (0)

Test(cli, bad_options_are_usage_errors)
{
    USAGE("option '-c' needs a packet count from 1 to 18446744073709551615, not 'abc'", "-c",
          "abc", "-r", lesson);
    USAGE("option '-c' needs a packet count from 1 to 18446744073709551615, not '0'", "-c", "0",
          "-r", lesson);
    USAGE("unknown option '--bogus' (see stackscope --help)", "--bogus");
    USAGE("unknown option '--bogus' (see stackscope --help)", "--bogus=1");
    USAGE("unknown option '-q' (see stackscope --help)", "-q");
    USAGE("unknown option '-q' (see stackscope --help)", "-vq");
    USAGE("option '--color' needs auto, always or never, not 'sometimes'", "--color=sometimes",
          "-r", lesson);
    USAGE("-i and -r cannot be used together: capture live or read a file", "-i", "lo", "-r",
          lesson);
}

/* Every option with a value, given none: the option is named, and what it needs. */
Test(cli, missing_values_name_the_option)
{
    USAGE("option '-i' needs an IFACE", "-i");
    USAGE("option '-r' needs a FILE", "-r");
    USAGE("option '-w' needs a FILE", "-r", lesson, "-w");
    USAGE("option '-c' needs a COUNT", "-r", lesson, "-c");
    USAGE("option '-s' needs a SNAPLEN", "-s");
    USAGE("option '-B' needs a KIB", "-B");
    USAGE("option '-Z' needs a USER", "-Z");
    USAGE("option '--html' needs a FILE", "-r", lesson, "--html");
    USAGE("option '--html' needs a FILE", "-r", lesson, "--ht"); /* an abbreviation */
    USAGE("option '--color' needs a WHEN (auto, always or never)", "--color");
    USAGE("option '--color' needs a WHEN (auto, always or never)", "--colour");
}

Test(cli, values_given_to_options_without_one)
{
    USAGE("option '--json' takes no value", "--json=1", "-r", lesson);
    USAGE("option '--json' takes no value", "--json=", "-r", lesson);
    USAGE("option '--diagram' takes no value", "--diagram=yes");
    USAGE("option '--help' takes no value", "--help=1");
    USAGE("option '--version' takes no value", "--vers=2");
    USAGE("option '--h' is ambiguous (--help, --html)", "--h");
}

/* Numbers out of range, overflowing ones included: named, with the range. */
Test(cli, bad_numbers_name_the_option_and_the_range)
{
    USAGE("option '-s' needs a snap length from 1 to 262144, not '0'", "-s", "0");
    USAGE("option '-s' needs a snap length from 1 to 262144, not '262145'", "-s", "262145");
    USAGE("option '-s' needs a snap length from 1 to 262144, not '-1'", "-s", "-1");
    USAGE("option '-s' needs a snap length from 1 to 262144, not '99999999999999999999999'",
          "-s", "99999999999999999999999");
    USAGE("option '-c' needs a packet count from 1 to 18446744073709551615, not "
          "'18446744073709551616'",
          "-c", "18446744073709551616");
    USAGE("option '-c' needs a packet count from 1 to 18446744073709551615, not ' 5'", "-c",
          " 5");
}

/* -B KIB becomes bytes in libpcap's int: 2097151 KiB is the most that fits. */
Test(cli, buffer_size_is_bounded_by_what_libpcap_takes, .timeout = 20)
{
    USAGE("option '-B' needs a buffer size in KiB from 1 to 2097151, not '2097152'", "-B",
          "2097152", "-i", "lo");
    USAGE("option '-B' needs a buffer size in KiB from 1 to 2097151, not '4194304'", "-B",
          "4194304", "-i", "lo");
    struct run_result r;
    RUN(&r, "-B", "2097151", "-r", lesson); /* the largest is accepted */
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
}

Test(cli, options_number_keeps_within_max)
{
    uint64_t v = 0;
    cr_assert(!options_number("9", 1, &v), "one digit above a one-digit max");
    cr_assert(!options_number("10", 9, &v));
    cr_assert(options_number("9", 9, &v));
    cr_assert_eq(v, 9);
    cr_assert(options_number("18446744073709551615", UINT64_MAX, &v));
    cr_assert_eq(v, UINT64_MAX);
    cr_assert(!options_number("18446744073709551616", UINT64_MAX, &v));
    cr_assert(!options_number("", 10, &v));
    cr_assert(!options_number("+1", 10, &v));
}

Test(cli, unknown_interface_is_exit_1)
{
    struct run_result r;
    RUN(&r, "-i", "nosuchif0", "-c", "1");
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "stackscope: cannot capture on 'nosuchif0': "), "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1);
    run_free(&r);
}

Test(cli, unwritable_w_path_is_exit_1)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "-w", "/nonexistent/dir/out.pcap");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: cannot write '/nonexistent/dir/out.pcap': No such file "
                            "or directory\n");
    cr_assert_eq(r.out_len, 0);
    run_free(&r);
}

Test(cli, write_full_disk_is_one_line_and_exit_1)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "-w", "/dev/full");
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "No space left on device"), "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1);
    run_free(&r);
}

Test(cli, w_file_reads_back_to_the_same_packets)
{
    char path[] = "/tmp/stackscope-w-XXXXXX";
    close(mkstemp(path));
    struct run_result a, b;
    RUN(&a, "-r", lesson, "-w", path, "-c", "7");
    RUN(&b, "-r", path);
    unlink(path);
    cr_assert_eq(a.status, 0);
    cr_assert_eq(b.status, 0);
    cr_assert_eq(count_lines(a.out), 7);
    cr_assert_str_eq(a.out, b.out);
    run_free(&a);
    run_free(&b);
}

Test(cli, stdin_with_dash)
{
    char *argv[] = {bin, "-r", "-", "--json", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, lesson, &r), 0);
    cr_assert_eq(r.status, 0);
    cr_assert_eq(count_lines(r.out), 11);
    run_free(&r);
}

Test(cli, closed_pipe_ends_quietly_with_status_0)
{
    /* A capture big enough to fill any pipe: the lesson's records repeated 20000 times. */
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(data && n > 24);
    char path[] = "/tmp/stackscope-big-XXXXXX";
    FILE *f = fdopen(mkstemp(path), "wb");
    fwrite(data, 1, 24, f);
    for (int i = 0; i < 20000; i++)
        fwrite(data + 24, 1, n - 24, f);
    fclose(f);
    free(data);
    char *argv[] = {"/bin/bash", "-c", "\"$0\" -X -r \"$1\" | head -c 10 >/dev/null; "
                    "echo \"${PIPESTATUS[0]}\"", bin, path, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    unlink(path);
    cr_assert_str_eq(r.out, "0\n");
    cr_assert_str_eq(r.err, "");
    run_free(&r);
}

Test(cli, help_version_and_device_list)
{
    struct run_result r;
    RUN(&r, "--help");
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: stackscope"));
    run_free(&r);
    RUN(&r, "--version");
    cr_assert_str_eq(r.out, "stackscope 0.1.0\n");
    run_free(&r);
    RUN(&r, "-D");
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "lo"), "%s", r.out);
    run_free(&r);
}

Test(cli, colour_never_when_piped_unless_always)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "-c", "1");
    cr_assert(!strchr(r.out, '\033'));
    run_free(&r);
    RUN(&r, "--color=always", "-r", lesson, "-c", "1");
    cr_assert(strchr(r.out, '\033'));
    run_free(&r);
}

Test(cli, html_to_an_unwritable_place_is_one_line_and_leaves_nothing)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "--html", "/nonexistent/dir/page.html");
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: cannot write '/nonexistent/dir/page.html': No such "
                            "file or directory\n");
    run_free(&r);
    /* A page that cannot replace its target leaves neither half a page nor a temporary file. */
    char dir[] = "/tmp/stackscope-html-XXXXXX";
    cr_assert(mkdtemp(dir));
    char target[96], cmd[160];
    snprintf(target, sizeof target, "%s/page.html", dir);
    cr_assert_eq(mkdir(target, 0755), 0); /* a directory in the way: rename() fails */
    RUN(&r, "-r", lesson, "--html", target);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "cannot write"), "%s", r.err);
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    cr_assert_eq(system(cmd), 0, "only the directory that was in the way is left");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    run_free(&r);
}

Test(cli, html_page_is_written_whole)
{
    char path[] = "/tmp/stackscope-page-XXXXXX";
    close(mkstemp(path));
    struct run_result r;
    RUN(&r, "-r", lesson, "--html", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 11, "the packets are printed as usual");
    size_t n;
    char *page = read_file(path, &n);
    unlink(path);
    cr_assert(page);
    cr_assert(strncmp(page, "<!DOCTYPE html>", 15) == 0);
    cr_assert(strstr(page, "</html>\n") == page + n - 8);
    cr_assert(!strstr(page, "<script src") && !strstr(page, "<link "), "nothing is loaded");
    free(page);
    run_free(&r);
}

/* -w - : standard output carries the capture and nothing else, as with tcpdump. */
Test(cli, w_dash_writes_only_the_capture_to_stdout)
{
    struct run_result r, json;
    RUN(&r, "-r", lesson, "-w", "-");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "");
    size_t n;
    char *orig = read_file(lesson, &n);
    cr_assert(orig);
    cr_assert_eq(r.out_len, n, "the pcap file, byte for byte, and no text");
    cr_assert(memcmp(r.out, orig, n) == 0);
    free(orig);
    run_free(&r);
    /* Read back through a pipe by stackscope, and by capinfos when tshark's package is here. */
    char *argv[] = {"/bin/bash", "-c", "set -o pipefail; \"$0\" -r \"$1\" -w - | \"$0\" -r - --json",
                    bin, lesson, NULL};
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    RUN(&json, "-r", lesson, "--json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, json.out, "every packet read back");
    run_free(&r);
    run_free(&json);
    /* As a tcpdump user pipes it: tcpdump reads every packet (install-deps --test has it). */
    char *td[] = {"/bin/bash", "-c", "set -o pipefail; \"$0\" -r \"$1\" -w - | tcpdump -n -r - "
                  "2>/dev/null | wc -l", bin, lesson, NULL};
    cr_assert_eq(run_program(td, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "11\n", "tcpdump read %s lines", r.out);
    run_free(&r);
    char *cap[] = {"/bin/bash", "-c", "\"$0\" -r \"$1\" -w - | capinfos -c -", bin, lesson, NULL};
    cr_assert_eq(run_program(cap, NULL, &r), 0);
    cr_assert(strstr(r.out, "Number of packets:   11\n"), "%s%s", r.out, r.err);
    run_free(&r);
}

Test(cli, w_dash_into_a_closed_pipe_ends_quietly)
{
    char *argv[] = {"/bin/bash", "-c", "\"$0\" -r \"$1\" -w - | head -c 10 >/dev/null; "
                    "echo \"${PIPESTATUS[0]}\"", bin, lesson, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_str_eq(r.out, "0\n");
    cr_assert_str_eq(r.err, "");
    run_free(&r);
}

/* The page is a new file like any other: mode 0666 less the umask of whoever runs stackscope. */
Test(cli, html_page_mode_follows_the_umask)
{
    char dir[] = "/tmp/stackscope-umask-XXXXXX";
    cr_assert(mkdtemp(dir));
    char page[96];
    snprintf(page, sizeof page, "%s/page.html", dir);
    char *argv[] = {"/bin/sh", "-c", "umask \"$3\"; exec \"$0\" -r \"$1\" --html \"$2\"", bin,
                    lesson, page, "027", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    struct stat st;
    int found = stat(page, &st);
    unlink(page);
    argv[6] = "002";
    struct run_result r2;
    cr_assert_eq(run_program(argv, NULL, &r2), 0);
    struct stat st2;
    int found2 = stat(page, &st2);
    unlink(page);
    rmdir(dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(found, 0);
    cr_assert_eq(st.st_mode & 07777, 0640, "umask 027: %o", st.st_mode & 07777);
    cr_assert_eq(found2, 0);
    cr_assert_eq(st2.st_mode & 07777, 0664, "umask 002: %o", st2.st_mode & 07777);
    run_free(&r);
    run_free(&r2);
}

/* An over-long page path says so, with the path shortened so that the reason fits the line. */
Test(cli, html_path_too_long_says_so)
{
    char path[4200] = "/tmp/";
    memset(path + 5, 'a', 4100);
    path[4105] = '\0';
    struct run_result r;
    RUN(&r, "-r", lesson, "--html", path);
    char want[256];
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': File name too long\n",
             path);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    cr_assert_eq(r.out_len, 0, "nothing is captured when the page cannot be written");
    run_free(&r);
    path[305] = '\0'; /* a name longer than any file system takes */
    RUN(&r, "-r", lesson, "--html", path);
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': File name too long\n",
             path);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, want);
    run_free(&r);
}

/* The page's temporary file exists from the start; a run killed at any point leaves nothing. */
Test(cli, html_run_killed_leaves_no_temporary_file, .timeout = 30)
{
    char dir[] = "/tmp/stackscope-kill-XXXXXX";
    cr_assert(mkdtemp(dir));
    char fifo[96], page[96], cmd[160];
    snprintf(fifo, sizeof fifo, "%s/in", dir);
    snprintf(page, sizeof page, "%s/page.html", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *argv[] = {bin, "-r", fifo, "--html", page, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    int fd = open(fifo, O_WRONLY);
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(fd >= 0 && data);
    cr_assert_eq(write(fd, data, 100), 100); /* the header and part of the first packet */
    usleep(200000);
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 2", dir);
    int during = system(cmd); /* the FIFO and the page's temporary file */
    struct run_result r;
    cr_assert_eq(run_finish(&a, SIGKILL, &r), 0);
    close(fd);
    free(data);
    usleep(200000); /* the helper removes the file once it sees the program gone */
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    int after = system(cmd);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(r.status, 128 + SIGKILL);
    cr_assert_eq(during, 0, "the temporary file is there while the capture runs");
    cr_assert_eq(after, 0, "only the FIFO is left");
    run_free(&r);
}

/* A name too long for the error line is shortened, so that the reason always shows. */
Test(cli, long_names_keep_the_reason_in_the_line)
{
    char path[4200] = "/tmp/";
    memset(path + 5, 'b', 4100);
    path[4105] = '\0';
    char want[256];
    struct run_result r;
    RUN(&r, "-r", path);
    snprintf(want, sizeof want, "stackscope: cannot open '%.100s...': File name too long\n", path);
    cr_assert_str_eq(r.err, want);
    cr_assert_eq(r.status, 1);
    run_free(&r);
    RUN(&r, "-r", lesson, "-w", path);
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': File name too long\n",
             path);
    cr_assert_str_eq(r.err, want);
    cr_assert_eq(r.status, 1);
    run_free(&r);
}
