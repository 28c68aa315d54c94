/* The command line end to end: exit codes, one-line errors, pipes, stdin, -w, colour. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

Test(cli, bad_options_are_usage_errors)
{
    struct run_result r;
    RUN(&r, "-c", "abc", "-r", lesson);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: -c: 'abc' is not a positive whole number\n");
    run_free(&r);
    RUN(&r, "-c", "0", "-r", lesson);
    cr_assert_eq(r.status, 2);
    run_free(&r);
    RUN(&r, "--bogus");
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: unknown option '--bogus' (see stackscope --help)\n");
    run_free(&r);
    RUN(&r, "-q");
    cr_assert_eq(r.status, 2);
    run_free(&r);
    RUN(&r, "--color=sometimes", "-r", lesson);
    cr_assert_eq(r.status, 2);
    run_free(&r);
    RUN(&r, "-r");
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "stackscope: option '-r' needs a value\n");
    run_free(&r);
    RUN(&r, "-i", "lo", "-r", lesson);
    cr_assert_eq(r.status, 2);
    run_free(&r);
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
