/* Live capture on loopback (needs root, as in CI): a real TCP exchange captured with -i lo,
 * its fields checked, the privilege drop observed, and the -w file valid after Ctrl-C. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "run.h"

static char bin[] = STACKSCOPE_BIN;

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Real and effective uid of a running process, from /proc. */
static void proc_uids(int pid, long *ruid, long *euid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    cr_assert(f);
    *ruid = *euid = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Uid: %ld %ld", ruid, euid) == 2)
            break;
    fclose(f);
}

static void exchange(int port)
{
    int srv = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(srv, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(srv, 1), 0);
    int cl = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_eq(connect(cl, (struct sockaddr *)&a, sizeof a), 0);
    int conn = accept(srv, NULL, NULL);
    cr_assert_eq(send(cl, "MessageVersServeur", 18, 0), 18);
    char buf[64];
    cr_assert_eq(recv(conn, buf, sizeof buf, 0), 18);
    cr_assert_eq(send(conn, "MessageVersClient", 17, 0), 17);
    cr_assert_eq(recv(cl, buf, sizeof buf, 0), 17);
    close(cl);
    usleep(50000);
    close(conn);
    close(srv);
    usleep(200000);
}

Test(live, loopback_exchange_fields_privileges_and_w_file, .timeout = 30)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    int port = free_loopback_port(SOCK_STREAM);
    char filter[64], wpath[] = "/tmp/stackscope-live-XXXXXX";
    close(mkstemp(wpath));
    snprintf(filter, sizeof filter, "tcp port %d", port);
    char *argv[] = {bin, "-i", "lo", "--json", "-w", wpath, filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    sleep(1); /* the device is open and the filter set well within a second */
    long ruid, euid;
    proc_uids(a.pid, &ruid, &euid);
    exchange(port);
    struct run_result r;
    cr_assert_eq(run_finish(&a, SIGINT, &r), 0);

    cr_expect_neq(ruid, 0, "real uid dropped from root");
    cr_expect_neq(euid, 0, "effective uid dropped from root");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert(strstr(r.err, "packets captured\n"), "%s", r.err);
    int packets = count_lines(r.out);
    cr_assert_geq(packets, 8, "%s", r.out);
    char want[128];
    snprintf(want, sizeof want, "\"dst_port\":%d,", port);
    const char *first = r.out;
    cr_assert(strstr(first, want) < strchr(first, '\n'), "first packet goes to the server");
    cr_assert(strstr(first, "\"flag_names\":[\"SYN\"]") < strchr(first, '\n'));
    cr_assert(strstr(r.out, "\"checksum_status\":\"partial\""), "loopback TCP is offloaded");
    cr_assert(strstr(r.out, "\"payload_length\":18,\"seq_rel\":1,\"ack_rel\":1,"), "%s", r.out);
    cr_assert(strstr(r.out, "\"payload_length\":17,\"seq_rel\":1,\"ack_rel\":19,"), "%s", r.out);
    cr_assert(strstr(r.out, "\"src\":\"127.0.0.1\",\"dst\":\"127.0.0.1\""));
    cr_assert(!strstr(r.out, "\"checksum_status\":\"bad\""));

    /* The -w file is whole after SIGINT: it reads back to the same packets. */
    char *rargv[] = {bin, "--json", "-r", wpath, NULL};
    struct run_result back;
    cr_assert_eq(run_program(rargv, NULL, &back), 0);
    unlink(wpath);
    cr_assert_eq(back.status, 0, "%s", back.err);
    cr_assert_str_eq(back.out, r.out);
    run_free(&back);
    run_free(&r);
}

static void w_file_valid_after(int sig, bool with_count)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    if (system("command -v capinfos >/dev/null") != 0)
        cr_skip_test("capinfos (tshark's package) missing");
    int port = free_loopback_port(SOCK_STREAM);
    char filter[64], wpath[] = "/tmp/stackscope-live-XXXXXX";
    close(mkstemp(wpath));
    snprintf(filter, sizeof filter, "tcp port %d", port);
    char *argv_count[] = {bin, "-i", "lo", "-c", "4", "-w", wpath, filter, NULL};
    char *argv_plain[] = {bin, "-i", "lo", "-w", wpath, filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(with_count ? argv_count : argv_plain, &a), 0);
    sleep(1);
    exchange(port);
    struct run_result r;
    cr_assert_eq(run_finish(&a, with_count ? 0 : sig, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    int printed = count_lines(r.out);
    cr_assert_geq(printed, with_count ? 4 : 8);
    if (with_count)
        cr_assert_eq(printed, 4);
    cr_assert_eq(capinfos_count(wpath), printed, "the -w file holds every packet printed");
    unlink(wpath);
    run_free(&r);
}

Test(live, w_file_valid_after_sigterm, .timeout = 30)
{
    w_file_valid_after(SIGTERM, false);
}

Test(live, w_file_valid_after_count, .timeout = 30)
{
    w_file_valid_after(0, true);
}

Test(live, unknown_user_for_Z_is_one_line, .timeout = 30)
{
    if (geteuid() != 0)
        cr_skip_test("needs root");
    char *argv[] = {bin, "-i", "lo", "-c", "1", "-Z", "no-such-user-here", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "stackscope: cannot drop privileges to 'no-such-user-here': no such "
                            "user (choose one with -Z)\n");
    run_free(&r);
}

Test(live, write_error_mid_capture_is_one_line, .timeout = 60)
{
    /* A 16 KiB tmpfs fills up after a few packets: one clear line and exit 1. */
    if (geteuid() != 0)
        cr_skip_test("needs root to mount a tmpfs");
    char dir[] = "/tmp/stackscope-full-XXXXXX";
    cr_assert(mkdtemp(dir));
    char cmd[1024]; /* two copies of the source tree's path, of any length */
    snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=16k tmpfs %s 2>/dev/null", dir);
    if (system(cmd) != 0) {
        rmdir(dir);
        cr_skip_test("cannot mount a tmpfs here");
    }
    char wpath[128], big[] = SOURCE_DIR "/captures/demo/partial-recv/capture.pcap";
    snprintf(wpath, sizeof wpath, "%s/out.pcap", dir);
    /* Replay the same capture many times through stdin to exceed 16 KiB. */
    snprintf(cmd, sizeof cmd,
             "(head -c 24 %s; for i in $(seq 20); do tail -c +25 %s; done) > %s.in", big, big,
             dir);
    int made = system(cmd);
    char in[160];
    snprintf(in, sizeof in, "%s.in", dir);
    char *argv[] = {bin, "-r", "-", "-w", wpath, NULL};
    struct run_result r;
    int ran = made == 0 ? run_program(argv, in, &r) : -1;
    /* the tmpfs goes whatever happened above */
    snprintf(cmd, sizeof cmd, "umount %s; rmdir %s; rm -f %s", dir, dir, in);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(made, 0);
    cr_assert_eq(ran, 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "No space left on device"), "%s", r.err);
    cr_assert_eq(count_lines(past_banner(r.err)), 1, "%s", r.err);
    run_free(&r);
}
