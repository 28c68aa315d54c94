/* Live capture on loopback (needs root, as in CI): a real TCP exchange captured with -i lo,
 * its fields checked, the privilege drop observed, and the -w file valid after Ctrl-C. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
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

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

Test(live, loopback_exchange_fields_privileges_and_w_file, .timeout = 30)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    int port = free_port();
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
    cr_assert(strstr(r.out, "\"payload_length\":18,\"seq_rel\":1,\"ack_rel\":1}"), "%s", r.out);
    cr_assert(strstr(r.out, "\"payload_length\":17,\"seq_rel\":1,\"ack_rel\":19}"), "%s", r.out);
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
