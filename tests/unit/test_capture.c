/* The capture part through its API: signal dispositions, and errors that name their own cause. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

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
