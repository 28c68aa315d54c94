/* test_demo_embed.c - the demo's recordings are built into the program: without capture rights
 * it shows them from any directory and any install, with the source tree out of reach (before:
 * it opened captures/demo/<scenario>/steps.tsv in the source tree it was built from, and a
 * moved or installed program failed with "cannot open '.../steps.tsv'"). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"
#include "stackscope/capture.h"
#include "steps.h"

static char bin[] = STACKSCOPE_BIN;

/* ---- the recordings built in, byte for byte ---- */

static void same_bytes(const char *scenario, const char *file, const unsigned char *built,
                       size_t built_len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/captures/demo/%s/%s", SOURCE_DIR, scenario, file);
    size_t len;
    char *want = read_file(path, &len);
    cr_assert(want, "cannot read %s", path);
    cr_assert_eq(built_len, len, "%s: %zu bytes built in, %zu in the file", path, built_len, len);
    cr_assert(memcmp(built, want, len) == 0, "%s: the bytes built in differ", path);
    free(want);
}

Test(demo_embed, every_recording_is_built_in_byte_for_byte)
{
    DIR *dir = opendir(SOURCE_DIR "/captures/demo");
    cr_assert(dir);
    size_t dirs = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        dirs++;
        const struct demo_recording *rec = demo_recording_find(e->d_name);
        cr_assert(rec, "captures/demo/%s is not built in", e->d_name);
        same_bytes(e->d_name, "capture.pcap", rec->pcap, rec->pcap_len);
        same_bytes(e->d_name, "steps.tsv", rec->steps, rec->steps_len);
    }
    closedir(dir);
    cr_assert_eq(dirs, 10);
    cr_assert_eq(demo_recording_count, dirs);
    /* Each scenario has its recording: the demo falls back to it. */
    for (int i = 0; i < SCENARIO_COUNT_; i++)
        cr_assert(demo_recording_find(lesson_scenarios[i].name), "%s", lesson_scenarios[i].name);
    cr_assert_null(demo_recording_find("teleport"));
}

/* Read from memory, a recording gives what its directory gives. */
Test(demo_embed, a_recording_read_in_memory_equals_its_directory)
{
    for (int i = 0; i < SCENARIO_COUNT_; i++) {
        const char *name = lesson_scenarios[i].name;
        char path[512], err[CAPTURE_ERRBUF_SIZE];
        snprintf(path, sizeof path, "%s/captures/demo/%s", SOURCE_DIR, name);
        struct step_log fl = {0}, ml = {0};
        struct packet_store fs = {0}, ms = {0};
        cr_assert_eq(recording_read(path, &fl, &fs, err), 0, "%s", err);
        cr_assert_eq(recording_read_builtin(demo_recording_find(name), &ml, &ms, err), 0, "%s",
                     err);
        cr_assert_str_eq(ml.scenario, name);
        cr_assert_str_eq(ml.scenario, fl.scenario);
        cr_assert_eq(ml.port, fl.port);
        cr_assert_eq(ml.count, fl.count, "%s", name);
        for (size_t k = 0; k < ml.count; k++)
            cr_assert(memcmp(&ml.steps[k], &fl.steps[k], sizeof ml.steps[k]) == 0, "%s step %zu",
                      name, k + 1);
        cr_assert_eq(ms.linktype, fs.linktype);
        cr_assert_eq(ms.count, fs.count, "%s", name);
        for (size_t k = 0; k < ms.count; k++) {
            const struct capture_packet *a = &ms.pkts[k], *b = &fs.pkts[k];
            cr_assert(a->caplen == b->caplen && a->len == b->len && a->ts_sec == b->ts_sec &&
                          a->ts_usec == b->ts_usec && !memcmp(a->data, b->data, a->caplen),
                      "%s packet %zu", name, k + 1);
        }
        step_log_free(&fl);
        step_log_free(&ml);
        packet_store_free(&fs);
        packet_store_free(&ms);
    }
}

Test(demo_embed, bytes_that_are_no_capture_are_told_as_such)
{
    struct capture *c;
    char err[CAPTURE_ERRBUF_SIZE];
    static const unsigned char junk[] = "scenario\texchange\n";
    cr_assert_eq(capture_open_memory(&c, junk, sizeof junk - 1, "junk", err), -1);
    static const char said[] = "cannot read 'junk': not a pcap or pcapng capture (";
    cr_assert(strncmp(err, said, sizeof said - 1) == 0, "%s", err);
    cr_assert_eq(capture_open_memory(&c, junk, 0, "nothing", err), -1);
    cr_assert_str_eq(err, "cannot read 'nothing': not a pcap or pcapng capture (no byte)");
}

static bool count_packet(void *user, const struct capture_packet *p)
{
    (void)p;
    (*(size_t *)user)++;
    return true;
}

/* The records wholly inside the first n bytes of a pcap written on this machine (its own byte
 * order: 16-byte record headers, caplen at offset 8), and whether n ends on a record's end. */
static size_t whole_records(const unsigned char *pcap, size_t n, bool *on_boundary)
{
    size_t at = 24, records = 0;
    for (;;) {
        *on_boundary = at == n;
        if (at + 16 > n)
            return records;
        uint32_t caplen;
        memcpy(&caplen, pcap + at + 8, sizeof caplen);
        if (at + 16 + caplen > n)
            return records;
        at += 16 + caplen;
        records++;
    }
}

/* Every cut of every recording, in a heap block of exactly its size (the sanitizers see a read
 * past it): a cut inside the file header is no capture; any other gives the records wholly
 * inside it, and a read error unless it ends where a record ends. */
Test(demo_embed, every_cut_of_a_recording_is_read_within_its_bytes)
{
    size_t cuts = 0;
    for (size_t r = 0; r < demo_recording_count; r++) {
        const struct demo_recording *rec = &demo_recordings[r];
        bool whole_ends_on_boundary;
        whole_records(rec->pcap, rec->pcap_len, &whole_ends_on_boundary);
        cr_assert(whole_ends_on_boundary, "%s: the file does not end where a record ends",
                  rec->scenario);
        for (size_t n = 0; n <= rec->pcap_len; n++, cuts++) {
            unsigned char *copy = malloc(n ? n : 1);
            cr_assert(copy);
            memcpy(copy, rec->pcap, n);
            struct capture *c;
            char err[CAPTURE_ERRBUF_SIZE], lerr[CAPTURE_ERRBUF_SIZE] = "";
            int opened = capture_open_memory(&c, copy, n, "cut", err);
            if (n < 24) {
                cr_assert_eq(opened, -1, "%s cut at %zu opened", rec->scenario, n);
                cr_assert(strstr(err, "not a pcap or pcapng capture"), "%s", err);
                free(copy);
                continue;
            }
            cr_assert_eq(opened, 0, "%s cut at %zu: %s", rec->scenario, n, err);
            size_t packets = 0;
            bool on_boundary;
            size_t want = whole_records(rec->pcap, n, &on_boundary);
            int rc = capture_loop(c, 0, count_packet, &packets, lerr);
            capture_close(c, err);
            free(copy);
            cr_assert_eq(packets, want, "%s cut at %zu: %zu packets, not %zu", rec->scenario, n,
                         packets, want);
            cr_assert_eq(rc < 0, !on_boundary, "%s cut at %zu: loop %d (%s)", rec->scenario, n,
                         rc, lerr);
        }
    }
    cr_assert_eq(cuts, 20690 + demo_recording_count, "the recordings changed size: %zu cuts",
                 cuts);
}

/* --help says where a recording goes to be built in, within 80 columns. */
Test(demo_embed, help_says_how_a_recording_is_built_in)
{
    char *argv[] = {bin, "demo", "--help", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "\nWithout capture rights, the recorded run built into stackscope is "
                            "shown.\n"
                            "  --record DIR  save the run: DIR/capture.pcap and DIR/steps.tsv. "
                            "To make it the\n"
                            "                recording built in, save it as captures/demo/"
                            "SCENARIO in the\n"
                            "                source tree and build stackscope again.\n"
                            "  --replay DIR  show a run saved with --record\n"),
              "%s", r.out);
    const char *line;
    cr_assert_leq(widest_line(r.out, &line), 80, "%.*s", (int)strcspn(line, "\n"), line);
    run_free(&r);
}

/* ---- the fallback with the source tree out of reach ---- */

/* A copy of the program in a directory of its own that anybody may run. */
static void copy_program(char *dir, char *copy, size_t n)
{
    cr_assert(mkdtemp(dir));
    cr_assert_eq(chmod(dir, 0755), 0);
    snprintf(copy, n, "%s/stackscope", dir);
    size_t len;
    char *bytes = read_file(bin, &len);
    cr_assert(bytes);
    int fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, bytes, len), (ssize_t)len);
    cr_assert_eq(close(fd), 0);
    free(bytes);
}

/* Runs argv from / in a child whose mount namespace hides the source tree (an empty read-only
 * tmpfs over it: the build inside it too), its output in files of dir. */
static void run_without_source_tree(char *const argv[], const char *dir, struct run_result *r)
{
    char out[512], err[512];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
            _exit(90);
        if (mount("none", SOURCE_DIR, "tmpfs", MS_RDONLY, "size=4k") < 0)
            _exit(91);
        if (access(SOURCE_DIR "/captures", F_OK) == 0 || chdir("/") < 0)
            _exit(92);
        if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(93);
        execv(argv[0], argv);
        _exit(94);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) < 90, "the child could not hide the source tree: "
                                                     "status %d", st);
    *r = (struct run_result){.out = read_file(out, &r->out_len), .err = read_file(err, NULL),
                             .status = WEXITSTATUS(st)};
    cr_assert(r->out && r->err);
    unlink(out);
    unlink(err);
}

/* The walkthrough the scenario's recording in the source tree gives (--replay), in lang. */
static char *walkthrough_from_the_source_tree(char *scenario, char *lang)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/captures/demo/%s", SOURCE_DIR, scenario);
    char *argv[] = {bin, "demo", scenario, "--replay", dir, "--lang", lang, NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 0, "%s: %s", scenario, r.err);
    cr_assert_gt(strlen(r.out), 500, "%s: %s", scenario, r.out);
    free(r.err);
    return r.out;
}

/* As nobody, from /, with the source tree hidden: every scenario, in English and French, says
 * it shows the recording built in and prints the walkthrough whole, the same as the recording
 * in the source tree gives. */
Test(demo_embed, the_fallback_needs_no_source_tree, .timeout = 300)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to hide the source tree and become nobody");
    if (access("/usr/bin/setpriv", X_OK) != 0)
        cr_skip_test("setpriv (util-linux) missing");
    char dir[] = "/tmp/stackscope-embed-XXXXXX", copy[64];
    copy_program(dir, copy, sizeof copy);
    static const char *const said[] = {
        "stackscope demo: no permission to capture on loopback (run as root, or: setcap "
        "cap_net_raw,cap_net_admin=eip %s); showing the recorded run that comes with "
        "stackscope.\n\n",
        "stackscope demo\u00a0: pas le droit de capturer sur l'interface loopback (lancez-la en "
        "root, ou\u00a0: setcap cap_net_raw,cap_net_admin=eip %s)\u00a0; voici la séance "
        "enregistrée fournie avec stackscope.\n\n"};
    char *langs[] = {"en", "fr"};
    for (int i = 0; i < SCENARIO_COUNT_; i++)
        for (int l = 0; l < 2; l++) {
            char scenario[32];
            snprintf(scenario, sizeof scenario, "%s", lesson_scenarios[i].name);
            char *argv[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                            "--clear-groups",   "--inh-caps=-all", copy,
                            "demo",             scenario,          "--lang",
                            langs[l],           NULL};
            struct run_result r;
            run_without_source_tree(argv, dir, &r);
            cr_assert_eq(r.status, 0, "%s --lang %s: status %d: %s", scenario, langs[l],
                         r.status, r.err);
            cr_assert_str_eq(r.err, "");
            char want[600];
            snprintf(want, sizeof want, said[l], copy);
            cr_assert(starts_unwrapped(r.out, want), "%s --lang %s: %s", scenario, langs[l],
                      r.out);
            char *walk = walkthrough_from_the_source_tree(scenario, langs[l]);
            cr_assert_str_eq(r.out + strlen(want), walk, "%s --lang %s", scenario, langs[l]);
            free(walk);
            run_free(&r);
        }
    unlink(copy);
    cr_assert_eq(rmdir(dir), 0);
}
