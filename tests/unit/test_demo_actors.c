/* The demo's socket threads (src/demo/actors.c) and its entry point's edges: waits count on the
 * monotonic clock, a thread that cannot start is reported and never joined, a call that timed
 * out is released by actor_stop, and demo_main reads nothing before its argv. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "actors.h"
#include "run.h"
#include "stackscope/demo.h"

static char bin[] = STACKSCOPE_BIN;

/* ---- a wall clock that jumps: clock_gettime interposed for this test program ---- */

static volatile int wall_clock_shift_s; /* added to CLOCK_REALTIME readings */

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    int rc = (int)syscall(SYS_clock_gettime, clk, ts);
    if (rc == 0 && clk == CLOCK_REALTIME)
        ts->tv_sec += wall_clock_shift_s;
    return rc;
}

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct late_writer {
    int fd;
    int after_ms;
};

static void *write_later(void *arg)
{
    struct late_writer *w = arg;
    usleep((useconds_t)w->after_ms * 1000);
    cr_assert_eq(write(w->fd, "x", 1), 1);
    return NULL;
}

Test(demo_actors, a_wait_is_not_cut_short_when_the_wall_clock_jumps, .timeout = 20)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct actor a;
    cr_assert_eq(actor_start(&a, (struct lesson_actor){LESSON_ACTOR_CLIENT, 0}), 0);
    a.fd = sv[0]; /* the actor is idle: its socket may be set */
    /* The wall clock reads an hour behind from now on, as after `date -s`: a deadline taken
     * from it has passed already for a wait that counts on the real wall clock. */
    wall_clock_shift_s = -3600;
    actor_begin(&a, CALL_RECV, 16, NULL, 0);
    struct late_writer w = {sv[1], 200};
    pthread_t th;
    pthread_create(&th, NULL, write_later, &w);
    double t0 = mono_s();
    int rc = actor_wait(&a, 3000);
    double waited = mono_s() - t0;
    wall_clock_shift_s = 0;
    pthread_join(th, NULL);
    cr_assert_eq(rc, 0, "the call finished after 200 ms, inside the 3 s wait (waited %.3f s)",
                 waited);
    cr_assert_eq(a.result, 1);
    cr_assert_geq(waited, 0.15);
    actor_stop(&a); /* closes sv[0] */
    close(sv[1]);
}

Test(demo_actors, a_wait_that_times_out_says_so_after_its_time, .timeout = 20)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct actor a;
    cr_assert_eq(actor_start(&a, (struct lesson_actor){LESSON_ACTOR_CLIENT, 0}), 0);
    a.fd = sv[0];
    actor_begin(&a, CALL_RECV, 16, NULL, 0); /* nobody writes */
    double t0 = mono_s();
    cr_assert_eq(actor_wait(&a, 300), -1);
    double waited = mono_s() - t0;
    cr_assert_geq(waited, 0.29);
    cr_assert_lt(waited, 2.0);
    /* The call still blocked is released: the socket is shut down, the thread ends. */
    actor_stop(&a);
    cr_assert_eq(fcntl(sv[0], F_GETFD), -1, "actor_stop closed the socket the call held");
    close(sv[1]);
}

/* Makes this process nobody, unable to start any thread (RLIMIT_NPROC 0 binds non-root) until
 * threads_again(). */
static void become_nobody_without_threads(void)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to become another user");
    struct rlimit none;
    cr_assert_eq(getrlimit(RLIMIT_NPROC, &none), 0);
    none.rlim_cur = 0;
    cr_assert_eq(setrlimit(RLIMIT_NPROC, &none), 0, "%s", strerror(errno));
    cr_assert_eq(setgroups(0, NULL), 0);
    cr_assert_eq(setgid(65534), 0);
    cr_assert_eq(setuid(65534), 0);
}

/* The leak checker, at exit, needs a thread. */
static void threads_again(void)
{
    struct rlimit any;
    if (getrlimit(RLIMIT_NPROC, &any) == 0) {
        any.rlim_cur = any.rlim_max;
        setrlimit(RLIMIT_NPROC, &any);
    }
}

Test(demo_actors, a_thread_that_cannot_start_is_reported_and_never_joined, .timeout = 20,
     .fini = threads_again)
{
    become_nobody_without_threads();
    struct actor a;
    errno = 0;
    cr_assert_eq(actor_start(&a, (struct lesson_actor){LESSON_ACTOR_SERVER, 0}), -1);
    cr_assert_eq(errno, EAGAIN, "%s", strerror(errno));
    actor_stop(&a); /* nothing to join: must return, not crash */
    cr_assert_not(a.started);
}

Test(demo_actors, a_live_demo_without_threads_fails_in_one_line, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to run the demo as another user with capture rights");
    if (access("/usr/bin/setpriv", X_OK) != 0 || access("/usr/bin/prlimit", X_OK) != 0)
        cr_skip_test("setpriv or prlimit (util-linux) missing");
    /* nobody, with the capture capabilities (so the demo runs live), allowed no thread. */
    char *argv[] = {"/usr/bin/setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--inh-caps=+net_raw,+net_admin",
                    "--ambient-caps=+net_raw,+net_admin",
                    "/usr/bin/prlimit",
                    "--nproc=0:0",
                    bin,
                    "demo",
                    NULL};
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1); /* the leak checker needs a thread too */
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    if (strstr(r.out, "no permission to capture"))
        cr_skip_test("ambient capabilities do not give capture rights here");
    cr_assert_eq(r.status, 1, "status %d, stderr: %s", r.status, r.err);
    cr_assert_str_eq(r.err, "stackscope: demo: cannot start the capture thread: Resource "
                            "temporarily unavailable\n");
    run_free(&r);
}

Test(demo_actors, demo_main_reads_nothing_before_its_argv, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to become an unprivileged user");
    char out[] = "/tmp/stackscope-demo-main-XXXXXX";
    int fd = mkstemp(out);
    cr_assert_geq(fd, 0);
    char self[4096];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    cr_assert_gt(k, 0);
    self[k] = '\0';
    /* Without capture rights the demo names the program for setcap, then shows the recording.
     * argv holds exactly what the caller gives: "demo" and the end; nothing before it. */
    cr_assert_eq(setgroups(0, NULL), 0);
    cr_assert_eq(setgid(65534), 0);
    cr_assert_eq(setuid(65534), 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    cr_assert_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    char **argv = calloc(2, sizeof *argv);
    cr_assert(argv);
    argv[0] = "demo";
    int status = demo_main(1, argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    free(argv);
    /* Read back through the descriptor: the file is root's, and this process no longer is. */
    static char text[1 << 16];
    ssize_t got = pread(fd, text, sizeof text - 1, 0);
    close(fd);
    unlink(out);
    cr_assert_gt(got, 0);
    text[got] = '\0';
    cr_assert_eq(status, 0, "%.300s", text);
    char want[4300];
    snprintf(want, sizeof want,
             "stackscope demo: no permission to capture on loopback (run as root, or: setcap "
             "cap_net_raw,cap_net_admin=eip %s); showing the recorded run that comes with "
             "stackscope.\n\nstackscope demo: exchange - ",
             self);
    cr_assert(starts_unwrapped(text, want), "%.300s", text);
}
