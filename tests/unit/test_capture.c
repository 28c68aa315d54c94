/* The capture part through its API: signal dispositions, and errors that name their own cause. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stackscope/capture.h"

static const char lesson[] = SOURCE_DIR "/captures/lesson-exchange.pcap";

static void (*disposition(int sig))(int)
{
    struct sigaction sa;
    cr_assert_eq(sigaction(sig, NULL, &sa), 0);
    return sa.sa_handler;
}

/* After the capture closes, Ctrl-C ends the program again (while it writes a page, say). */
Test(capture, closing_gives_the_signals_back)
{
    char err[CAPTURE_ERRBUF_SIZE];
    struct capture *c;
    cr_assert_eq(capture_open_file(&c, lesson, err), 0, "%s", err);
    capture_handle_signals(c);
    cr_assert_neq(disposition(SIGINT), SIG_DFL, "the capture's handler is installed");
    cr_assert_neq(disposition(SIGTERM), SIG_DFL);
    cr_assert_eq(capture_close(c, err), 0);
    cr_assert_eq(disposition(SIGINT), SIG_DFL);
    cr_assert_eq(disposition(SIGTERM), SIG_DFL);
}

/* What was there before comes back: a shell starts background jobs with SIGINT ignored. */
Test(capture, closing_restores_an_ignored_signal)
{
    signal(SIGINT, SIG_IGN);
    char err[CAPTURE_ERRBUF_SIZE];
    struct capture *c;
    cr_assert_eq(capture_open_file(&c, lesson, err), 0, "%s", err);
    capture_handle_signals(c);
    capture_handle_signals(c); /* twice: the second call must not save the first's handler */
    cr_assert_eq(capture_close(c, err), 0);
    cr_assert_eq(disposition(SIGINT), SIG_IGN);
    cr_assert_eq(disposition(SIGTERM), SIG_DFL);
}

static bool stop_at_first(void *user, const struct capture_packet *p)
{
    (void)p;
    *(struct capture_packet *)user = *p;
    return false;
}

/* A pcap file that fills the disk: the error is the failed write's (ENOSPC), whatever errno
 * other calls left behind since. */
Test(capture, writer_reports_the_failed_writes_errno)
{
    char err[CAPTURE_ERRBUF_SIZE];
    struct capture *in;
    struct capture_packet p;
    cr_assert_eq(capture_open_file(&in, lesson, err), 0, "%s", err);
    cr_assert_eq(capture_loop(in, 1, stop_at_first, &p, err), 0);
    struct capture_writer *w;
    cr_assert_eq(capture_writer_open(&w, "/dev/full", capture_linktype(in), err), 0, "%s", err);
    int failed = 0;
    for (int i = 0; i < 1000 && !failed; i++) /* past stdio's buffer */
        failed = capture_writer_add(w, &p) < 0;
    cr_assert(failed, "a write to /dev/full fails");
    errno = ENOTTY; /* what an unrelated call (isatty, say) leaves */
    cr_assert_eq(capture_writer_close(w, err), -1);
    cr_assert_str_eq(err, "cannot write '/dev/full': No space left on device");
    capture_close(in, err);
}

static bool every_packet(void *user, const struct capture_packet *p)
{
    (void)user;
    (void)p;
    return true;
}

/* A -w file that fails mid-capture, under a name longer than the error line: the name is
 * shortened as everywhere else (capture_short), so the reason shows. The file is cut by a
 * file size limit of 100 bytes (RLIMIT_FSIZE; SIGXFSZ ignored), in this test's process only. */
Test(capture, loop_write_error_keeps_its_reason_after_a_long_name)
{
    char dir[] = "/tmp/stackscope-capture-XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[1024];
    int k = snprintf(path, sizeof path, "%s", dir);
    for (int level = 0; level < 3; level++) {
        path[k++] = '/';
        memset(path + k, 'w', 200);
        k += 200;
        path[k] = '\0';
        cr_assert_eq(mkdir(path, 0755), 0);
    }
    snprintf(path + k, sizeof path - (size_t)k, "/out.pcap");
    char err[CAPTURE_ERRBUF_SIZE];
    struct capture *c;
    /* 10 KiB of packets: more than stdio's buffer, so a write fails inside the loop */
    cr_assert_eq(capture_open_file(&c, SOURCE_DIR "/captures/tcp-analysis.pcap", err), 0, "%s",
                 err);
    cr_assert_eq(capture_dump_open(c, path, err), 0, "%s", err);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = {100, 100};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = capture_loop(c, 0, every_packet, NULL, err);
    char close_err[CAPTURE_ERRBUF_SIZE];
    capture_close(c, close_err);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    char want[256];
    snprintf(want, sizeof want, "cannot write '%.100s...': File too large", path);
    cr_assert_eq(rc, CAPTURE_WRITE_ERROR);
    cr_assert_str_eq(err, want);
}

/* Whether a file is a capture is told from the stream, not from libpcap's wording: a pcap of
 * an unknown version and a pcapng with no interface are refused bytes; a folder is a read
 * error. */
Test(capture, not_a_capture_is_told_without_reading_libpcaps_words)
{
    static const struct {
        const char *name, *bytes;
        size_t len;
        const char *want;
    } files[] = {
        {"v3.pcap", "\xd4\xc3\xb2\xa1\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff"
                    "\x00\x00\x01\x00\x00\x00", 24,
         "not a pcap or pcapng capture (unsupported pcap savefile version 3.0)"},
        {"short.pcapng", "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a\x01\x00\x00\x00\xff"
                         "\xff\xff\xff\xff\xff\xff\xff\x1c\x00\x00\x00", 28,
         "not a pcap or pcapng capture ("},
    };
    char dir[] = "/tmp/stackscope-capture-XXXXXX";
    cr_assert(mkdtemp(dir));
    char err[CAPTURE_ERRBUF_SIZE], path[96], want[256];
    struct capture *c;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        FILE *f = fopen(path, "wb");
        cr_assert(f && fwrite(files[i].bytes, 1, files[i].len, f) == files[i].len);
        fclose(f);
        cr_assert_eq(capture_open_file(&c, path, err), -1);
        snprintf(want, sizeof want, "cannot read '%s': %s", path, files[i].want);
        cr_assert_eq(strncmp(err, want, strlen(want)), 0, "%s", err);
        unlink(path);
    }
    cr_assert_eq(capture_open_file(&c, dir, err), -1);
    snprintf(want, sizeof want, "cannot read '%s': not a pcap", dir);
    cr_assert_neq(strncmp(err, want, strlen(want)), 0, "a folder is no refused bytes: %s", err);
    cr_assert(strstr(err, "Is a directory"), "%s", err);
    rmdir(dir);
}
