/* The command line end to end: exit codes, one-line errors, pipes, stdin, -w, colour. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

/* stderr past tcpdump's banner ("reading from file F, link-type ..."), which reading a file
 * prints first: the errors and statistics alone. */
static const char *errors(const char *err)
{
    const char *nl = strchr(err, '\n');
    return strncmp(err, "reading from file ", 18) == 0 && nl ? nl + 1 : err;
}

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
    cr_assert_eq(count_lines(errors(r.err)), 1);
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
    cr_assert_eq(count_lines(errors(r.err)), 1);
    free(data);
    run_free(&r);
}

Test(cli, bad_filter_is_a_usage_error_quoting_libpcap)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "tcp", "port", "banana");
    cr_assert_eq(r.status, 2);
    cr_assert(strncmp(r.err, "stackscope: bad filter 'tcp port banana': ", 42) == 0, "%s", r.err);
    cr_assert_eq(count_lines(errors(r.err)), 1);
    run_free(&r);
}

/* Options after the filter's words, as tcpdump on Linux takes them (issue 12: a student's
 * `stackscope -i lo 'tcp port 5077' --explain --lang fr` was a bad filter). */
Test(cli, options_may_follow_the_filter)
{
    struct cli_options o;
    char err[256] = "";
    char *student[] = {bin, "-i", "lo", "tcp port 5077", "--explain", "--lang", "fr", NULL};
    cr_assert_eq(options_parse(7, student, &o, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(o.filter, "tcp port 5077");
    cr_assert_str_eq(o.device, "lo");
    cr_assert(o.explain);
    cr_assert_eq(o.print.lang, PRINT_LANG_FR);
    cr_assert_str_eq(student[3], "tcp port 5077", "argv is left in its order");

    char *mixed[] = {bin, "tcp", "-r", "f", "port", "80", "-c", "2", "and", "not", "udp", NULL};
    cr_assert_eq(options_parse(11, mixed, &o, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(o.filter, "tcp port 80 and not udp");
    cr_assert_str_eq(o.read_file, "f");
    cr_assert_eq(o.count, 2);

    /* "--" ends the options: what follows is filter, even when it starts with '-'. */
    char *dashes[] = {bin, "-r", "f", "ip", "--", "-c", "2", NULL};
    cr_assert_eq(options_parse(7, dashes, &o, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(o.filter, "ip -c 2");
    cr_assert_eq(o.count, 0);

    /* A second parse in the same process starts afresh (getopt's state is reset). */
    char *again[] = {bin, "-r", "g", "udp", "-v", NULL};
    cr_assert_eq(options_parse(5, again, &o, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(o.filter, "udp");
    cr_assert_eq(o.print.mode, PRINT_TREE);
}

Test(cli, count_after_the_filter_stops_the_reading)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "tcp", "-c", "2");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
    cr_assert_str_eq(errors(r.err), "");
    run_free(&r);
    RUN(&r, "-r", lesson, "--", "tcp", "-c", "2"); /* after "--", -c is the filter's */
    cr_assert_eq(r.status, 2);
    cr_assert(strncmp(r.err, "stackscope: bad filter 'tcp -c 2': ", 35) == 0, "%s", r.err);
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
    USAGE("unknown option '-k' (see stackscope --help)", "-k");
    USAGE("unknown option '-k' (see stackscope --help)", "-vk");
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
    USAGE("option '-s' needs a snap length from 0 to 262144 (0: 262144), not '262145'", "-s",
          "262145");
    USAGE("option '-s' needs a snap length from 0 to 262144 (0: 262144), not '-1'", "-s", "-1");
    USAGE("option '-s' needs a snap length from 0 to 262144 (0: 262144), not "
          "'99999999999999999999999'",
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
    cr_assert_eq(count_lines(errors(r.err)), 1);
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
    cr_assert_eq(count_lines(errors(r.err)), 1);
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
    cr_assert_str_eq(errors(r.err), "");
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
    cr_assert_str_eq(errors(r.err), "");
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
    cr_assert_str_eq(errors(r.err), "");
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
    cr_assert_str_eq(errors(r.err), want);
    cr_assert_eq(r.out_len, 0, "nothing is captured when the page cannot be written");
    run_free(&r);
    path[305] = '\0'; /* a name longer than any file system takes */
    RUN(&r, "-r", lesson, "--html", path);
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': File name too long\n",
             path);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(errors(r.err), want);
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
    cr_assert_str_eq(errors(r.err), want);
    cr_assert_eq(r.status, 1);
    run_free(&r);
    RUN(&r, "-r", lesson, "-w", path);
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': File name too long\n",
             path);
    cr_assert_str_eq(errors(r.err), want);
    cr_assert_eq(r.status, 1);
    run_free(&r);
}

/* A folder for one test, removed by the caller with remove_dir. */
static void make_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/stackscope-cli-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* stackscope -r FIFO ARGS..., fed the lesson's header and part of its first packet: it runs,
 * its files open, until fed_finish writes the rest. */
struct fed {
    struct run_async a;
    int fd;
    char *data;
    size_t n;
};

static void fed_start(struct fed *f, const char *dir, char *const args[])
{
    char fifo[4200];
    snprintf(fifo, sizeof fifo, "%s/in.fifo", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *argv[16] = {bin, "-r", fifo};
    for (int i = 0; args[i]; i++)
        argv[3 + i] = args[i];
    cr_assert_eq(run_start(argv, &f->a), 0);
    signal(SIGPIPE, SIG_IGN);
    f->fd = open(fifo, O_WRONLY);
    f->data = read_file(lesson, &f->n);
    cr_assert(f->fd >= 0 && f->data);
    cr_assert_eq(write(f->fd, f->data, 100), 100);
    usleep(200000);
}

static void fed_finish(struct fed *f, struct run_result *r)
{
    (void)!write(f->fd, f->data + 100, f->n - 100);
    close(f->fd);
    free(f->data);
    cr_assert_eq(run_finish(&f->a, 0, r), 0);
}

static bool is_whole_page(const char *path)
{
    size_t n;
    char *page = read_file(path, &n);
    bool whole = page && n > 15 && strncmp(page, "<!DOCTYPE html>", 15) == 0 &&
                 strstr(page, "</html>\n") == page + n - 8;
    free(page);
    return whole;
}

/* A link, a device, a FIFO: the page is written through them, as -w writes, never replacing
 * them with a regular file (a reader of the FIFO would wait for ever). */
Test(cli, html_writes_through_a_link_a_fifo_and_a_device, .timeout = 30)
{
    char dir[64], path[128], target[128], out[128];
    make_dir(dir, sizeof dir);
    struct run_result r;
    struct stat st;
    /* A symbolic link: the target gets the page, the link stays. */
    snprintf(target, sizeof target, "%s/real", dir);
    cr_assert_eq(mkdir(target, 0755), 0);
    snprintf(path, sizeof path, "%s/link.html", dir);
    cr_assert_eq(symlink("real/target.html", path), 0);
    RUN(&r, "-r", lesson, "--html", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link is still a link");
    snprintf(target, sizeof target, "%s/real/target.html", dir);
    cr_assert(is_whole_page(target), "the page is written through the link");
    run_free(&r);
    /* A FIFO: its reader gets the page. */
    snprintf(path, sizeof path, "%s/page.fifo", dir);
    snprintf(out, sizeof out, "%s/read", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    char *reader[] = {"/bin/sh", "-c", "cat \"$0\" > \"$1\"", path, out, NULL};
    struct run_async a;
    cr_assert_eq(run_start(reader, &a), 0);
    RUN(&r, "-r", lesson, "--html", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    char state[64] = "";
    for (int i = 0; i < 40 && proc_status(a.pid, "State", state, sizeof state) == 0 &&
                    state[0] != 'Z'; i++)
        usleep(50000);
    cr_assert_eq(run_finish(&a, state[0] == 'Z' ? 0 : SIGKILL, &r), 0);
    run_free(&r);
    cr_assert_eq(state[0], 'Z', "the FIFO's reader got its end of file");
    cr_assert(is_whole_page(out), "the FIFO's reader got the page");
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode), "the FIFO is still a FIFO");
    /* A device (made here, never one of /dev): still a device afterwards. */
    snprintf(path, sizeof path, "%s/null", dir);
    if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) == 0) {
        RUN(&r, "-r", lesson, "--html", path);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert_eq(lstat(path, &st), 0);
        cr_assert(S_ISCHR(st.st_mode), "the device is still a device");
        run_free(&r);
    }
    remove_dir(dir);
}

/* --html - : standard output carries the page and nothing else, as -w - carries the capture. */
Test(cli, html_dash_writes_only_the_page_to_stdout)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    char *argv[] = {"/bin/sh", "-c", "cd \"$0\" && exec \"$1\" -r \"$2\" --html -", dir, bin,
                    lesson, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
    int nothing_left = system(cmd);
    remove_dir(dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(errors(r.err), "");
    cr_assert(r.out_len > 15 && strncmp(r.out, "<!DOCTYPE html>", 15) == 0, "%.80s", r.out);
    cr_assert(strstr(r.out, "</html>\n") == r.out + r.out_len - 8, "the page, and no text");
    cr_assert_eq(nothing_left, 0, "no file named '-'");
    run_free(&r);
    /* A reader that stops early (| head) ends it quietly, as for the text and -w -. The page
     * of tcp-analysis.pcap (150 KB) outlasts what the pipe holds, so the writer meets EPIPE. */
    char *closed[] = {"/bin/bash", "-c", "\"$0\" -r \"$1\" --html - | head -c 10 >/dev/null; "
                      "echo \"${PIPESTATUS[0]}\"", bin, SOURCE_DIR "/captures/tcp-analysis.pcap",
                      NULL};
    cr_assert_eq(run_program(closed, NULL, &r), 0);
    cr_assert_str_eq(r.out, "0\n");
    cr_assert_str_eq(errors(r.err), "");
    run_free(&r);
    RUN(&r, "-r", lesson, "-w", "-", "--html", "-");
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: -w - and --html - cannot both use standard output: "
                            "name a file\n");
    run_free(&r);
}

/* A page that cannot be written is said at once, before anything is captured, as for -w. */
Test(cli, html_bad_targets_fail_before_capturing)
{
    char dir[64];
    make_dir(dir, sizeof dir);
    char *argv[] = {"/bin/sh", "-c", "cd \"$0\" && mkdir d && touch f && "
                    "exec \"$1\" -r \"$2\" \"$3\"", dir, bin, lesson, "--html=", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s' | tr '\\n' ' ')\" = 'd f '", dir);
    int only_d_f = system(cmd);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert_str_eq(errors(r.err), "stackscope: option '--html' needs a FILE\n");
    cr_assert_eq(only_d_f, 0, "no temporary file is created");
    run_free(&r);
    RUN(&r, "-r", lesson, "--html", "");
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(errors(r.err), "stackscope: option '--html' needs a FILE\n");
    run_free(&r);
    static const struct {
        const char *name, *reason;
    } bad[] = {{"d", "Is a directory"},
               {"d/", "Is a directory"},
               {"f/", "Not a directory"},
               {"new/", "Is a directory"},
               {"f/page.html", "Not a directory"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[128], want[256];
        snprintf(path, sizeof path, "%s/%s", dir, bad[i].name);
        RUN(&r, "-r", lesson, "--html", path);
        snprintf(want, sizeof want, "stackscope: cannot write '%s': %s\n", path, bad[i].reason);
        cr_assert_eq(r.status, 1, "%s", path);
        cr_assert_str_eq(errors(r.err), want);
        cr_assert_eq(r.out_len, 0, "%s: nothing is captured", path);
        run_free(&r);
    }
    cr_assert_eq(system(cmd), 0, "nothing was left beside d and f");
    remove_dir(dir);
}

/* The page is renamed in the folder opened at the start: a folder moved meanwhile (and another
 * put in its place) keeps the page. */
Test(cli, html_lands_in_the_folder_opened_at_the_start, .timeout = 30)
{
    char dir[64], sub[96], moved[96], page[128];
    make_dir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(moved, sizeof moved, "%s/moved", dir);
    cr_assert_eq(mkdir(sub, 0755), 0);
    snprintf(page, sizeof page, "%s/page.html", sub);
    struct fed f;
    char *args[] = {"--html", page, NULL};
    fed_start(&f, dir, args);
    cr_assert_eq(rename(sub, moved), 0);
    cr_assert_eq(mkdir(sub, 0755), 0);
    struct run_result r;
    fed_finish(&f, &r);
    snprintf(page, sizeof page, "%s/page.html", moved);
    bool there = is_whole_page(page);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", sub);
    int sub_empty = system(cmd);
    remove_dir(dir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(there, "the page is in the folder that was opened");
    cr_assert_eq(sub_empty, 0, "nothing in the folder put in its place");
    run_free(&r);
}

/* A temporary file replaced while the capture runs is neither moved into place nor removed. */
Test(cli, html_temporary_file_replaced_meanwhile_is_left_alone, .timeout = 30)
{
    char dir[64], pages[96], page[128];
    make_dir(dir, sizeof dir);
    snprintf(pages, sizeof pages, "%s/pages", dir);
    cr_assert_eq(mkdir(pages, 0755), 0);
    snprintf(page, sizeof page, "%s/page.html", pages);
    struct fed f;
    char *args[] = {"--html", page, NULL};
    fed_start(&f, dir, args);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cd '%s' && t=$(ls -A) && test -f \"$t\" && echo other > x && "
             "mv x \"$t\"", pages);
    int replaced = system(cmd);
    struct run_result r;
    fed_finish(&f, &r);
    struct stat st;
    int page_there = stat(page, &st);
    snprintf(cmd, sizeof cmd, "test \"$(cat '%s'/page.html.*)\" = other", pages);
    int other_kept = system(cmd);
    remove_dir(dir);
    cr_assert_eq(replaced, 0, "one temporary file was there");
    cr_assert_eq(r.status, 1, "%s", r.err);
    char want[256];
    snprintf(want, sizeof want, "stackscope: cannot write '%s': its temporary file page.html.",
             page);
    cr_assert(strncmp(errors(r.err), want, strlen(want)) == 0, "%s", r.err);
    cr_assert(strstr(r.err, " was replaced meanwhile\n"), "%s", r.err);
    cr_assert_neq(page_there, 0, "no page from a file that is not ours");
    cr_assert_eq(other_kept, 0, "the file put there is left alone");
    run_free(&r);
}

/* The page's file is created with open(2)'s mode, which the kernel takes the umask off: the
 * process never sets its umask (umask(0) for a moment would race the demo's threads). */
Test(cli, html_never_touches_the_umask)
{
    if (access("/usr/bin/strace", X_OK) != 0)
        cr_skip_test("strace missing");
    char dir[64], page[96], log[96];
    make_dir(dir, sizeof dir);
    snprintf(page, sizeof page, "%s/page.html", dir);
    snprintf(log, sizeof log, "%s/strace", dir);
    /* LeakSanitizer cannot run under ptrace */
    char *argv[] = {"/usr/bin/env", "ASAN_OPTIONS=detect_leaks=0", "/usr/bin/strace", "-f",
                    "-qq", "-e", "trace=umask", "-o", log, bin, "-r", lesson, "--html", page,
                    NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    size_t n;
    char *trace = read_file(log, &n);
    bool whole = is_whole_page(page);
    remove_dir(dir);
    if (r.status != 0 && !trace)
        cr_skip_test("strace cannot trace here: %s", r.err);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(whole);
    cr_assert(trace);
    cr_assert_null(strstr(trace, "umask("), "%s", trace);
    free(trace);
    run_free(&r);
}

/* A page that fails at its rename, under a name far longer than the error line, says why. */
Test(cli, html_long_name_keeps_the_reason_of_a_late_failure, .timeout = 30)
{
    char dir[64], path[1024];
    make_dir(dir, sizeof dir);
    int k = snprintf(path, sizeof path, "%s", dir);
    for (int level = 0; level < 3; level++) {
        path[k++] = '/';
        memset(path + k, 'c', 200);
        k += 200;
        path[k] = '\0';
        cr_assert_eq(mkdir(path, 0755), 0);
    }
    snprintf(path + k, sizeof path - (size_t)k, "/page.html");
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    close(fd);
    struct fed f;
    char *args[] = {"--html", path, NULL};
    fed_start(&f, dir, args);
    /* A folder, not empty, where the page was: the rename cannot replace it. */
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(mkdir(path, 0755), 0);
    char inside[1100];
    snprintf(inside, sizeof inside, "%s/x", path);
    cr_assert_eq(mkdir(inside, 0755), 0);
    struct run_result r;
    fed_finish(&f, &r);
    remove_dir(dir);
    char want[256];
    snprintf(want, sizeof want, "stackscope: cannot write '%.100s...': Is a directory\n", path);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(errors(r.err), want);
    run_free(&r);
}

/* The demo's page is placed by the same code: through a link, and a folder refused. */
Test(cli, demo_page_writes_through_a_link, .timeout = 60)
{
    char dir[64], link[96], target[96], folder[96];
    make_dir(dir, sizeof dir);
    snprintf(link, sizeof link, "%s/link.html", dir);
    snprintf(target, sizeof target, "%s/target.html", dir);
    snprintf(folder, sizeof folder, "%s/d", dir);
    cr_assert_eq(symlink("target.html", link), 0);
    cr_assert_eq(mkdir(folder, 0755), 0);
    struct run_result r;
    RUN(&r, "demo", "--replay", SOURCE_DIR "/captures/demo/exchange", "--html", link);
    struct stat st;
    int is_link = lstat(link, &st) == 0 && S_ISLNK(st.st_mode);
    bool whole = is_whole_page(target);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(is_link, "the link is still a link");
    cr_assert(whole, "the page went through the link");
    run_free(&r);
    RUN(&r, "demo", "--replay", SOURCE_DIR "/captures/demo/exchange", "--html", folder);
    char want[160];
    snprintf(want, sizeof want, "stackscope: demo: cannot write '%s': Is a directory\n", folder);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(errors(r.err), want);
    run_free(&r);
    remove_dir(dir);
}

/* ---- issue 14: tcpdump's flags ---- */

/* Parses argv (NULL-terminated) into o; the parse must succeed. */
static void parse_ok(struct cli_options *o, char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    char err[512] = "";
    cr_assert_eq(options_parse(argc, argv, o, err, sizeof err), 0, "%s", err);
}

Test(cli, t_forms_choose_the_time)
{
    static const struct {
        char *flag;
        enum print_time_format want;
    } forms[] = {{"-t", PRINT_TIME_NONE},        {"-tt", PRINT_TIME_EPOCH},
                 {"-ttt", PRINT_TIME_DELTA_PREV}, {"-tttt", PRINT_TIME_DATE},
                 {"-ttttt", PRINT_TIME_DELTA_FIRST}};
    struct cli_options o;
    parse_ok(&o, (char *[]){bin, "-r", "f", NULL});
    cr_assert_eq(o.print.time, PRINT_TIME_LOCAL);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        parse_ok(&o, (char *[]){bin, forms[i].flag, "-r", "f", NULL});
        cr_expect_eq(o.print.time, forms[i].want, "%s", forms[i].flag);
    }
    parse_ok(&o, (char *[]){bin, "-t", "-r", "f", "-t", "-nt", NULL}); /* counted wherever */
    cr_assert_eq(o.print.time, PRINT_TIME_DELTA_PREV);
}

Test(cli, precision_buffering_promisc_direction_and_printing_flags)
{
    struct cli_options o;
    parse_ok(&o, (char *[]){bin, "--time-stamp-precision=nano", "-r", "f", NULL});
    cr_assert(o.print.nano);
    parse_ok(&o, (char *[]){bin, "--time-stamp-precision", "micro", "-r", "f", NULL});
    cr_assert(!o.print.nano);
    parse_ok(&o, (char *[]){bin, "--nano", "-r", "f", NULL});
    cr_assert(o.print.nano);
    parse_ok(&o, (char *[]){bin, "--micro", "-r", "f", NULL});
    cr_assert(!o.print.nano);
    parse_ok(&o, (char *[]){bin, "-l", "-p", "-q", "-A", "-i", "lo", NULL});
    cr_assert(o.line_buffered && o.no_promisc && o.print.quick && o.print.ascii);
    cr_assert_eq(o.direction, CLI_DIRECTION_ANY);
    static const struct {
        char *word;
        enum cli_direction want;
    } dirs[] = {{"in", CLI_DIRECTION_IN}, {"out", CLI_DIRECTION_OUT},
                {"inout", CLI_DIRECTION_INOUT}};
    for (size_t i = 0; i < 3; i++) {
        parse_ok(&o, (char *[]){bin, "-Q", dirs[i].word, "-i", "lo", NULL});
        cr_expect_eq(o.direction, dirs[i].want, "%s", dirs[i].word);
    }
    parse_ok(&o, (char *[]){bin, "--direction=out", "-i", "lo", NULL});
    cr_assert_eq(o.direction, CLI_DIRECTION_OUT);
    /* -n, -nn, -N: accepted, nothing to change; -vv, -vvv: as -v */
    parse_ok(&o, (char *[]){bin, "-n", "-nn", "-N", "-vvv", "-vv", "-r", "f", NULL});
    cr_assert_eq(o.print.mode, PRINT_TREE);
    /* -X shows what -x does and more, whatever the order (as tcpdump) */
    parse_ok(&o, (char *[]){bin, "-X", "-x", "-r", "f", NULL});
    cr_assert_eq(o.print.hex, PRINT_HEX_ASCII);
    parse_ok(&o, (char *[]){bin, "-F", "filter.txt", "-r", "f", NULL});
    cr_assert_str_eq(o.filter_file, "filter.txt");
    cr_assert_str_eq(o.filter, "");
}

/* tcpdump's -s0 (and -s 0): the whole packet, as tcpdump: 262144, the default. */
Test(cli, s0_is_the_default_snap_length)
{
    struct cli_options o;
    parse_ok(&o, (char *[]){bin, "-s0", "-i", "lo", NULL});
    cr_assert_eq(o.snaplen, 0);
    parse_ok(&o, (char *[]){bin, "-s", "1500", "-i", "lo", NULL});
    cr_assert_eq(o.snaplen, 1500);
    USAGE("option '-s' needs a snap length from 0 to 262144 (0: 262144), not 'all'", "-s", "all");
}

/* -C in tcpdump's millions of bytes; the four fields H8's rotation reads. */
Test(cli, rotation_flags_fill_the_fields_out_file_reads)
{
    struct cli_options o;
    parse_ok(&o, (char *[]){bin, "-i", "lo", "-w", "x.pcap", "-C", "2", "-W", "3", "-U", NULL});
    cr_assert_eq(o.rotate_bytes, 2000000);
    cr_assert_eq(o.rotate_files, 3);
    cr_assert(o.packet_buffered);
    cr_assert_eq(o.rotate_seconds, 0);
    parse_ok(&o, (char *[]){bin, "-i", "lo", "-w", "x-%H.pcap", "-G", "60", NULL});
    cr_assert_eq(o.rotate_seconds, 60);
    parse_ok(&o, (char *[]){bin, "-i", "lo", "-w", "-", "-U", NULL}); /* -U into a pipe: fine */
    cr_assert(o.packet_buffered);
}

Test(cli, new_flags_bad_values_name_the_option)
{
    USAGE("option '-t' given 6 times: -t to -ttttt (5) at most", "-tttttt", "-r", lesson);
    USAGE("option '--time-stamp-precision' needs micro or nano, not 'pico'",
          "--time-stamp-precision=pico", "-r", lesson);
    USAGE("option '--time-stamp-precision' needs micro or nano", "-r", lesson,
          "--time-stamp-precision");
    USAGE("option '-Q' needs in, out or inout, not 'sideways'", "-Q", "sideways", "-i", "lo");
    USAGE("option '-Q' needs a direction (in, out or inout)", "-i", "lo", "-Q");
    USAGE("option '-F' needs a FILE", "-r", lesson, "-F");
    USAGE("option '-C' needs a size in MB from 1 to 18446744073709, not '0'", "-C", "0", "-w",
          "x", "-i", "lo");
    USAGE("option '-G' needs a number of seconds from 1 to 4294967295, not '-5'", "-G", "-5",
          "-w", "x", "-i", "lo");
    USAGE("option '-W' needs a number of files from 1 to 2147483647, not 'ten'", "-W", "ten",
          "-C", "1", "-w", "x", "-i", "lo");
}

/* Options that cannot go together: a usage error naming both, whatever their order. */
Test(cli, options_that_cannot_go_together_name_both)
{
    USAGE("-v and --json cannot be used together: each chooses how the packets are printed",
          "-v", "--json", "-r", lesson);
    USAGE("--json and -v cannot be used together: each chooses how the packets are printed",
          "--json", "-r", lesson, "-vv");
    USAGE("--diagram and --json cannot be used together: each chooses how the packets are "
          "printed",
          "--diagram", "--json", "-r", lesson);
    USAGE("-v and --diagram cannot be used together: each chooses how the packets are printed",
          "-v", "--diagram", "-r", lesson);
    USAGE("-q and -v cannot be used together: -q shortens the one-line output, which -v "
          "replaces",
          "-q", "-v", "-r", lesson);
    USAGE("-q and --json cannot be used together: -q shortens the one-line output, which --json "
          "replaces",
          "--json", "-q", "-r", lesson);
    USAGE("-A and -x cannot be used together: -X shows the bytes in hex and as text", "-x", "-A",
          "-r", lesson);
    USAGE("-A and -X cannot be used together: -X shows the bytes as text already", "-AX", "-r",
          lesson);
    USAGE("-A and --json cannot be used together: -A adds text for people, --json writes "
          "objects for programs",
          "-A", "--json", "-r", lesson);
    USAGE("-tttt and --json cannot be used together: --json's \"ts\" is always seconds since "
          "1970",
          "-tttt", "--json", "-r", lesson);
    USAGE("-Q and -r cannot be used together: -Q chooses the direction of a live capture", "-Q",
          "in", "-r", lesson);
    USAGE("option '-r' given twice ('a.pcap' and 'b.pcap'): give it once", "-r", "a.pcap", "-r",
          "b.pcap");
    USAGE("option '-w' given twice ('a' and 'b'): give it once", "-r", lesson, "-w", "a", "-w",
          "b");
    USAGE("option '-c' given twice ('1' and '2'): give it once", "-r", lesson, "-c", "1", "-c",
          "2");
    USAGE("-F and a filter expression ('tcp port 80') cannot be used together: put the whole "
          "filter in the file",
          "-F", "f.txt", "-r", lesson, "tcp", "port", "80");
    USAGE("-C needs -w FILE: it shapes the file -w writes", "-C", "1", "-i", "lo");
    USAGE("-G needs -w FILE: it shapes the file -w writes", "-G", "1", "-i", "lo");
    USAGE("-U needs -w FILE: it shapes the file -w writes", "-U", "-i", "lo");
    USAGE("-W needs -C or -G: it bounds the files they start", "-W", "2", "-w", "x", "-i", "lo");
    USAGE("-C and -w - cannot be used together: standard output cannot be split into files",
          "-C", "1", "-w", "-", "-i", "lo");
}

/* --help is the usage text: every flag in it, no line past 80 columns. */
Test(cli, help_lists_every_flag_within_80_columns)
{
    struct run_result r;
    RUN(&r, "--help");
    cr_assert_eq(r.status, 0);
    static const char *const flags[] = {
        "-i IFACE", "-r FILE", "-w FILE", "-C MB", "-G SEC", "-W N", "-U", "-c COUNT",
        "-s SNAPLEN", "-B KIB", "-Z USER", "-p", "-Q", "-tt", "-ttt", "-tttt", "-ttttt",
        "--time-stamp-precision", "--micro", "--nano", "-v", "-vv", "--diagram", "-x", "-X",
        "-A", "-e", "-q", "-S", "-l", "-n", "-nn", "-N", "--json", "--explain", "--lang",
        "--html", "--color", "-F FILE", "-D", "--version", "BPF-EXPRESSION"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        cr_expect(strstr(r.out, flags[i]), "--help does not mention %s", flags[i]);
    const char *line;
    cr_assert_leq(widest_line(r.out, &line), 80, "%.100s", line);
    /* what --diagram draws (every header it decodes) and what --lang changes (its boxes too) */
    cr_expect(strstr(r.out, "  --diagram   draw each header (IPv4, IPv6, TCP, UDP, ICMP) in 32-bit "
                            "rows,\n              as in the lesson\n"), "%s", r.out);
    cr_expect(strstr(r.out, "  --lang L    language of --explain, --diagram's boxes, -v's analysis,"
                            "\n              --conversations' table and the page: en (default) "
                            "or fr\n"), "%s", r.out);
    run_free(&r);
}

/* tcpdump's banner, exactly: the file as named, the link type in libpcap's words. */
Test(cli, reading_a_file_prints_tcpdumps_banner_on_stderr)
{
    struct run_result r;
    RUN(&r, "-r", lesson, "-c", "1");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "reading from file " SOURCE_DIR "/captures/lesson-exchange.pcap, "
                            "link-type EN10MB (Ethernet), snapshot length 262144\n");
    run_free(&r);
}

/* A file of 1 + n packets, 14 zero bytes each, nanosecond or microsecond time stamps. */
static void write_tiny_pcap(const char *path, bool nano, const uint32_t (*ts)[2], int n)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    uint32_t head[6] = {nano ? 0xa1b23c4du : 0xa1b2c3d4u, 2u | 4u << 16, 0, 0, 262144, 1};
    fwrite(head, sizeof head, 1, f);
    static const uint8_t frame[14];
    for (int i = 0; i < n; i++) {
        uint32_t rec[4] = {ts[i][0], ts[i][1], sizeof frame, sizeof frame};
        fwrite(rec, sizeof rec, 1, f);
        fwrite(frame, sizeof frame, 1, f);
    }
    cr_assert_eq(fclose(f), 0);
}

/* --time-stamp-precision=nano shows a nanosecond file's 9 digits; micro (the default) cuts them,
 * as tcpdump does; a microsecond file gains zeros. */
Test(cli, nanosecond_files_show_nine_digits_where_asked)
{
    char path[] = "/tmp/stackscope-nano-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    const uint32_t ts[][2] = {{1700000000, 500000123}};
    write_tiny_pcap(path, true, ts, 1);
    struct run_result r;
    RUN(&r, "-tt", "--nano", "-r", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "1700000000.500000123 ", 21) == 0, "%s", r.out);
    run_free(&r);
    RUN(&r, "-tt", "-r", path);
    cr_assert(strncmp(r.out, "1700000000.500000 ", 18) == 0, "%s", r.out);
    run_free(&r);
    const uint32_t us[][2] = {{1700000000, 500000}};
    write_tiny_pcap(path, false, us, 1);
    RUN(&r, "-tt", "--time-stamp-precision=nano", "-r", path);
    cr_assert(strncmp(r.out, "1700000000.500000000 ", 21) == 0, "%s", r.out);
    run_free(&r);
    unlink(path);
}

/* -F: the filter from a file, '#' comments out to the end of the line (as tcpdump). */
Test(cli, filter_from_a_file)
{
    char path[] = "/tmp/stackscope-filter-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char text[] = "# SYNs only\ntcp[tcpflags] & tcp-syn != 0 # and SYN-ACKs\n";
    cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)sizeof text - 1);
    close(fd);
    struct run_result r, all;
    RUN(&r, "-F", path, "-r", lesson);
    RUN(&all, "-r", lesson, "tcp[tcpflags] & tcp-syn != 0");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 2, "%s", r.out);
    cr_assert_str_eq(r.out, all.out);
    run_free(&r);
    run_free(&all);
    unlink(path);
    RUN(&r, "-F", "/nonexistent/filter", "-r", lesson);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: -F: cannot read '/nonexistent/filter': No such file or "
                            "directory\n");
    run_free(&r);
}

/* -i N names the Nth interface -D lists; the banner names it as tcpdump does. Needs root. */
Test(cli, interface_by_number_and_the_live_banner, .timeout = 20)
{
    if (geteuid() != 0)
        cr_skip_test("capturing needs root");
    struct run_result d;
    RUN(&d, "-D");
    const char *lo = strstr(d.out, ".lo [");
    cr_assert(lo, "%s", d.out);
    const char *start = lo;
    while (start > d.out && start[-1] != '\n')
        start--;
    char index[16];
    snprintf(index, sizeof index, "%.*s", (int)(lo - start), start);
    run_free(&d);
    char *argv[] = {bin, "-i", index, "-p", "-Q", "inout", "--nano", "-c", "1", "udp port 9", NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    usleep(500000);
    struct run_result r;
    cr_assert_eq(run_finish(&a, SIGINT, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char want[] =
        "listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";
    cr_assert(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
    run_free(&r);
    /* -Q where libpcap cannot choose the direction (netfilter's log): the option named */
    RUN(&r, "-Q", "in", "-i", "nflog", "-c", "1");
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert_str_eq(r.err, "stackscope: option '-Q in': cannot choose the direction on 'nflog': "
                            "Setting direction is not supported on this device\n");
    run_free(&r);
    RUN(&r, "-i", "9999");
    cr_assert_eq(r.status, 1);
    cr_assert(strncmp(r.err, "stackscope: no interface number 9999: there are ", 48) == 0, "%s",
              r.err);
    run_free(&r);
}

/* -l: each line leaves at once, even reading a file (here a FIFO fed one packet and held open),
 * where stackscope otherwise writes a buffer at a time. */
Test(cli, l_writes_each_line_at_once, .timeout = 20)
{
    char dir[] = "/tmp/stackscope-l-XXXXXX";
    cr_assert(mkdtemp(dir));
    char fifo[96], cmd[160];
    snprintf(fifo, sizeof fifo, "%s/in", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *argv[] = {bin, "-l", "-r", fifo, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    int fd = open(fifo, O_WRONLY);
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(fd >= 0 && data);
    cr_assert_eq(write(fd, data, 24 + 16 + 74), 24 + 16 + 74); /* the header, the first packet */
    size_t shown = 0;
    for (int i = 0; i < 100 && shown == 0; i++) {
        usleep(20000);
        size_t len;
        char *out = read_file(a.out_path, &len);
        shown = out ? len : 0;
        free(out);
    }
    (void)!write(fd, data + 114, n - 114);
    close(fd);
    free(data);
    struct run_result r;
    cr_assert_eq(run_finish(&a, 0, &r), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_gt(shown, 0, "the first line was not written while the input stayed open");
    const char *nl = memchr(r.out, '\n', r.out_len);
    cr_assert(nl);
    cr_assert_eq((size_t)(nl - r.out + 1), shown, "one whole line");
    run_free(&r);
}
