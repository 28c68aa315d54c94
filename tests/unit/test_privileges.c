/* Privileges end to end (needs root, as CI runs): a file is decoded as nobody, capabilities
 * given with setcap are given up once the device is open, and the page of a live capture lands
 * in a folder only root may write. Each test puts the machine back, whatever happens. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

static char bin[] = STACKSCOPE_BIN;
static char lesson[] = SOURCE_DIR "/captures/lesson-exchange.pcap";

/* The folder a test makes; the suite's fini removes it whether the test passed or not. */
static char workdir[64];

static void make_workdir(mode_t mode)
{
    snprintf(workdir, sizeof workdir, "/tmp/stackscope-priv-XXXXXX");
    cr_assert(mkdtemp(workdir));
    cr_assert_eq(chmod(workdir, mode), 0);
}

static void remove_workdir(void)
{
    if (!workdir[0])
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", workdir);
    workdir[0] = '\0';
}

TestSuite(privileges, .fini = remove_workdir, .timeout = 60);

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void need_root(void)
{
    if (geteuid() != 0)
        cr_skip_test("needs root (CI runs as root)");
}

static int free_udp_port(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

static void send_udp(int port, int count)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < count; i++) {
        cr_assert_eq(sendto(s, "stackscope", 10, 0, (struct sockaddr *)&a, sizeof a), 10);
        usleep(20000);
    }
    close(s);
}

/* Decodes the lesson fed slowly through a FIFO and returns what the process's status said
 * while it was decoding: its Uid, CapEff and NoNewPrivs lines. */
static void uid_while_decoding(char *user, char *uid, char *cap_eff, char *no_new,
                               struct run_result *r)
{
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(data && n > 24);
    make_workdir(0700);
    char fifo[96];
    snprintf(fifo, sizeof fifo, "%s/in", workdir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *argv[] = {bin, "-r", fifo, "-Z", user, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    int fd = open(fifo, O_WRONLY); /* returns once stackscope opened it */
    cr_assert_geq(fd, 0);
    /* The file's header and its first packet: the process decodes it, then waits for more. */
    size_t first = 24 + 16 + (size_t)(unsigned char)data[24 + 8] +
                   ((size_t)(unsigned char)data[24 + 9] << 8);
    cr_assert_eq(write(fd, data, first), (ssize_t)first);
    usleep(300000);
    cr_assert_eq(proc_status(a.pid, "Uid", uid, 64), 0);
    cr_assert_eq(proc_status(a.pid, "CapEff", cap_eff, 64), 0);
    cr_assert_eq(proc_status(a.pid, "NoNewPrivs", no_new, 64), 0);
    cr_assert_eq(write(fd, data + first, n - first), (ssize_t)(n - first));
    close(fd);
    free(data);
    cr_assert_eq(run_finish(&a, 0, r), 0);
}

Test(privileges, file_is_decoded_as_nobody)
{
    need_root();
    char uid[64], cap_eff[64], no_new[64];
    struct run_result r;
    uid_while_decoding("nobody", uid, cap_eff, no_new, &r);
    cr_assert_str_eq(uid, "65534\t65534\t65534\t65534", "real, effective, saved, fs uid");
    cr_assert_str_eq(cap_eff, "0000000000000000");
    cr_assert_str_eq(no_new, "1", "nothing it could run gets privileges back");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 11, "every packet is decoded after the drop");
    run_free(&r);
}

Test(privileges, Z_root_keeps_root_for_a_file)
{
    need_root();
    char uid[64], cap_eff[64], no_new[64];
    struct run_result r;
    uid_while_decoding("root", uid, cap_eff, no_new, &r);
    cr_assert_str_eq(uid, "0\t0\t0\t0");
    cr_assert_str_eq(no_new, "0");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 11);
    run_free(&r);
}

/* The page of a live capture started as root, into a root-owned folder of mode 700: it is
 * written whole although the capture ran as nobody, with the invoking umask's mode. */
Test(privileges, live_page_lands_in_a_folder_only_root_may_write)
{
    need_root();
    make_workdir(0700);
    int port = free_udp_port();
    char page[128], filter[64];
    snprintf(page, sizeof page, "%s/page.html", workdir);
    snprintf(filter, sizeof filter, "udp port %d", port);
    char *argv[] = {"/bin/sh", "-c", "umask 027; exec \"$0\" -i lo -c 2 --html \"$1\" \"$2\"",
                    bin, page, filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    sleep(1); /* the device is open and the filter set well within a second */
    char uid[64];
    cr_assert_eq(proc_status(a.pid, "Uid", uid, sizeof uid), 0);
    send_udp(port, 2);
    struct run_result r;
    cr_assert_eq(run_finish(&a, 0, &r), 0);
    cr_assert_str_eq(uid, "65534\t65534\t65534\t65534", "the capture ran as nobody");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.out), 2);
    struct stat st;
    cr_assert_eq(stat(page, &st), 0, "the page is there");
    cr_assert_eq(st.st_mode & 07777, 0640, "0666 less the umask 027, not %o", st.st_mode & 07777);
    size_t n;
    char *html = read_file(page, &n);
    cr_assert(html && strstr(html, "</html>\n") == html + n - 8, "the page is whole");
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", workdir);
    cr_assert_eq(system(cmd), 0, "no temporary file is left beside the page");
    free(html);
    run_free(&r);
}

/* A copy of the binary, reachable by nobody, given cap_net_raw,cap_net_admin with setcap. */
static void setcap_copy(char *copy, size_t len)
{
    need_root();
    if (system("command -v setcap >/dev/null && command -v setpriv >/dev/null") != 0)
        cr_skip_test("setcap (libcap2-bin) or setpriv (util-linux) missing");
    make_workdir(0755); /* nobody must reach the copy */
    char cmd[320];
    snprintf(copy, len, "%s/stackscope", workdir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && chmod 755 '%s'", bin, copy, copy);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "setcap cap_net_raw,cap_net_admin=eip '%s' 2>/dev/null", copy);
    if (system(cmd) != 0)
        cr_skip_test("this file system keeps no file capabilities");
}

/* The copy run as nobody: it opens the device with its capabilities, then holds none while it
 * captures. */
Test(privileges, capabilities_are_given_up_once_the_device_is_open)
{
    char copy[128];
    setcap_copy(copy, sizeof copy);
    int port = free_udp_port();
    char filter[64];
    snprintf(filter, sizeof filter, "udp port %d", port);
    char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    copy, "-i", "lo", "-c", "1", filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    sleep(1);
    char uid[64], prm[64], eff[64], amb[64], nnp[64];
    int got = proc_status(a.pid, "Uid", uid, sizeof uid) | proc_status(a.pid, "CapPrm", prm, 64) |
              proc_status(a.pid, "CapEff", eff, 64) | proc_status(a.pid, "CapAmb", amb, 64) |
              proc_status(a.pid, "NoNewPrivs", nnp, 64);
    send_udp(port, 1);
    struct run_result r;
    cr_assert_eq(run_finish(&a, 0, &r), 0);
    cr_assert_eq(got, 0, "the process was running: %s", r.err);
    cr_assert_eq(r.status, 0, "it captured with its file capabilities: %s", r.err);
    cr_assert_eq(count_lines(r.out), 1, "%s", r.out);
    cr_assert_str_eq(uid, "65534\t65534\t65534\t65534");
    cr_assert_str_eq(prm, "0000000000000000", "permitted set while capturing");
    cr_assert_str_eq(eff, "0000000000000000", "effective set while capturing");
    cr_assert_str_eq(amb, "0000000000000000", "ambient set while capturing");
    cr_assert_str_eq(nnp, "1");
    run_free(&r);
}

/* The demo run by nobody from the setcap'd copy: it captures live (no recorded run), and once
 * loopback is open it holds no capability for the rest of the scenario. The status is read
 * every 10 ms while the demo runs; its last reading must show empty sets. */
Test(privileges, the_demo_gives_up_capabilities_once_loopback_is_open)
{
    char copy[128];
    setcap_copy(copy, sizeof copy);
    char port[16];
    snprintf(port, sizeof port, "%d", free_udp_port()); /* not 5005: other demo tests use it */
    char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    copy, "demo", "exchange", "--port", port, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    char prm[64] = "", eff[64] = "", last_prm[64] = "", last_eff[64] = "";
    char state[64];
    int empty_readings = 0;
    /* Until it exits: a process that has ended stays a zombie (state Z) until it is reaped. */
    while (proc_status(a.pid, "State", state, sizeof state) == 0 && state[0] != 'Z' &&
           proc_status(a.pid, "CapPrm", prm, sizeof prm) == 0 &&
           proc_status(a.pid, "CapEff", eff, sizeof eff) == 0) {
        memcpy(last_prm, prm, sizeof prm);
        memcpy(last_eff, eff, sizeof eff);
        empty_readings += strcmp(prm, "0000000000000000") == 0;
        usleep(10000);
    }
    struct run_result r;
    cr_assert_eq(run_finish(&a, 0, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_null(strstr(r.out, "recorded run"), "the demo ran live: %.200s", r.out);
    cr_assert(strstr(r.out, "stackscope demo: exchange"), "%.200s", r.out);
    cr_assert_gt(empty_readings, 0, "never seen without capabilities");
    cr_assert_str_eq(last_prm, "0000000000000000", "permitted set while the demo ran");
    cr_assert_str_eq(last_eff, "0000000000000000", "effective set while the demo ran");
    run_free(&r);
}
