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
 * while it was decoding: its Uid, CapEff and NoNewPrivs lines ("" if it had ended). prefix
 * (NULL: none) is a command that runs stackscope in its place (unshare, sh -c ... exec). */
static void uid_while_decoding(char *const prefix[], char *user, char *uid, char *cap_eff,
                               char *no_new, struct run_result *r)
{
    size_t n;
    char *data = read_file(lesson, &n);
    cr_assert(data && n > 24);
    make_workdir(0700);
    char fifo[96];
    snprintf(fifo, sizeof fifo, "%s/in", workdir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *argv[16];
    int k = 0;
    for (; prefix && prefix[k]; k++)
        argv[k] = prefix[k];
    char *own[] = {bin, "-r", fifo, "-Z", user, NULL};
    memcpy(argv + k, own, sizeof own);
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    signal(SIGPIPE, SIG_IGN); /* a process that failed must fail the test, not kill it */
    int fd = open(fifo, O_WRONLY); /* returns once stackscope opened it */
    cr_assert_geq(fd, 0);
    /* The file's header and its first packet: the process decodes it, then waits for more. */
    size_t first = 24 + 16 + (size_t)(unsigned char)data[24 + 8] +
                   ((size_t)(unsigned char)data[24 + 9] << 8);
    uid[0] = cap_eff[0] = no_new[0] = '\0';
    if (write(fd, data, first) == (ssize_t)first) {
        usleep(300000);
        if (proc_status(a.pid, "Uid", uid, 64) | proc_status(a.pid, "CapEff", cap_eff, 64) |
            proc_status(a.pid, "NoNewPrivs", no_new, 64))
            uid[0] = cap_eff[0] = no_new[0] = '\0';
        (void)!write(fd, data + first, n - first);
    }
    close(fd);
    free(data);
    cr_assert_eq(run_finish(&a, 0, r), 0);
}

Test(privileges, file_is_decoded_as_nobody)
{
    need_root();
    char uid[64], cap_eff[64], no_new[64];
    struct run_result r;
    uid_while_decoding(NULL, "nobody", uid, cap_eff, no_new, &r);
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
    uid_while_decoding(NULL, "root", uid, cap_eff, no_new, &r);
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
    int port = free_loopback_port(SOCK_DGRAM);
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

/* The setcap'd copy run as nobody captures one packet on lo (with -Z user if one is given):
 * it opens the device with its capabilities, then holds none while it captures (uid, the
 * permitted, effective and ambient sets, no-new-privileges read from /proc meanwhile). */
static void capture_holds_no_capability(char *user)
{
    char copy[128];
    setcap_copy(copy, sizeof copy);
    int port = free_loopback_port(SOCK_DGRAM);
    char filter[64];
    snprintf(filter, sizeof filter, "udp port %d", port);
    char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    copy, "-i", "lo", "-c", "1", filter, NULL, NULL, NULL};
    if (user) { /* options go before the filter expression */
        argv[9] = "-Z";
        argv[10] = user;
        argv[11] = filter;
    }
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

Test(privileges, capabilities_are_given_up_once_the_device_is_open)
{
    capture_holds_no_capability(NULL);
}

/* -Z root keeps privileges only for root: the setcap'd copy run by nobody with -Z root gives
 * its capabilities up all the same (tcpdump clears them whenever it is not root). */
Test(privileges, Z_root_run_by_another_user_gives_up_capabilities)
{
    capture_holds_no_capability("root");
}

/* The demo run by nobody from the setcap'd copy: it captures live (no recorded run), and once
 * loopback is open it holds no capability for the rest of the scenario. The status is read
 * every 10 ms while the demo runs; its last reading must show empty sets. */
Test(privileges, the_demo_gives_up_capabilities_once_loopback_is_open)
{
    char copy[128];
    setcap_copy(copy, sizeof copy);
    char port[16];
    /* not 5005: other demo tests use it */
    snprintf(port, sizeof port, "%d", free_loopback_port(SOCK_DGRAM));
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

/* Whether -Z keeps root is decided by the user's uid, not its name: "toor", uid 0, keeps root
 * as "root" does. The passwd file naming toor is mounted over /etc/passwd in a mount namespace
 * of the test's own (unshare -m), so the machine's stays as it is. */
Test(privileges, Z_a_uid_0_name_keeps_root)
{
    need_root();
    if (system("unshare -m true 2>/dev/null") != 0)
        cr_skip_test("unshare -m is not allowed here");
    char passwd[] = "/tmp/stackscope-passwd-XXXXXX";
    int fd = mkstemp(passwd);
    cr_assert_geq(fd, 0);
    static const char entries[] = "root:x:0:0:root:/root:/bin/sh\n"
                                  "toor:x:0:0:root again:/root:/bin/sh\n"
                                  "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    cr_assert_eq(write(fd, entries, sizeof entries - 1), (ssize_t)sizeof entries - 1);
    fchmod(fd, 0644);
    close(fd);
    char *prefix[] = {"/usr/bin/unshare", "-m", "/bin/sh", "-c",
                      "mount --bind \"$0\" /etc/passwd && exec \"$@\"", passwd, NULL};
    char uid[64], cap_eff[64], no_new[64];
    struct run_result r;
    uid_while_decoding(prefix, "toor", uid, cap_eff, no_new, &r);
    unlink(passwd);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(uid, "0\t0\t0\t0");
    cr_assert_str_neq(cap_eff, "0000000000000000", "root's capabilities are kept");
    cr_assert_str_eq(no_new, "0");
    cr_assert_eq(count_lines(r.out), 11);
    run_free(&r);
}

/* Root in a user namespace (unshare -U -r, rootless containers, bwrap) cannot become nobody,
 * who is not mapped there: it reads the file all the same, silently, holding no capability. */
Test(privileges, root_in_a_user_namespace_reads_a_file)
{
    if (system("unshare -U -r true 2>/dev/null") != 0)
        cr_skip_test("user namespaces are not allowed here");
    char *prefix[] = {"/usr/bin/unshare", "-U", "-r", NULL};
    char uid[64], cap_eff[64], no_new[64];
    struct run_result r;
    uid_while_decoding(prefix, "nobody", uid, cap_eff, no_new, &r);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(past_banner(r.err), "", "nothing to say: no privilege is left");
    cr_assert_eq(count_lines(r.out), 11);
    cr_assert_str_eq(cap_eff, "0000000000000000", "no capability, even in the namespace");
    cr_assert_str_eq(no_new, "1");
    run_free(&r);
}
