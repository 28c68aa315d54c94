/* -w rotation (-C, -G, -W) and -U, as tcpdump: the names (out_rotate_name), the ring, the size
 * bound and the time periods driven with a fake clock (out_rotate_*), every file read back
 * record by record; then end to end as root on loopback, stopped by SIGINT, every file checked
 * by capinfos. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "stackscope/out_file.h"

static char bin[] = STACKSCOPE_BIN;

/* ---- helpers ---- */

static int64_t fake_clock(void *ctx)
{
    return *(const int64_t *)ctx;
}

static void set_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

/* The packets of a pcap file, each identified by its ts_sec (the tests number them so):
 * count, or -1 if the file is not exactly a header and whole records. */
static int read_pcap(const char *path, int64_t *ids, int max)
{
    size_t len;
    unsigned char *b = (unsigned char *)read_file(path, &len);
    if (!b)
        return -1;
    uint32_t magic;
    int n = 0;
    if (len < 24 || (memcpy(&magic, b, 4), magic != 0xa1b2c3d4)) {
        free(b);
        return -1;
    }
    size_t off = 24;
    while (off < len) {
        uint32_t h[4];
        if (len - off < sizeof h) {
            free(b);
            return -1;
        }
        memcpy(h, b + off, sizeof h);
        off += sizeof h;
        if (h[2] > len - off || h[2] > h[3]) {
            free(b);
            return -1;
        }
        off += h[2];
        if (n < max)
            ids[n] = h[0];
        n++;
    }
    free(b);
    return n;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void remove_tree(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Packet number id, caplen bytes (its first byte is id's low byte). */
static int put(struct out_rotate *w, int64_t id, uint32_t caplen)
{
    static uint8_t data[70000];
    memset(data, (int)(id & 0xff), caplen);
    struct capture_packet p = {.data = data, .caplen = caplen, .len = caplen, .ts_sec = id};
    return out_rotate_write(w, &p);
}

/* Asserts that path holds exactly the packets first..last (by id), in order. */
static void expect_ids(const char *path, int64_t first, int64_t last)
{
    static int64_t ids[4096];
    int n = read_pcap(path, ids, 4096);
    cr_assert_leq(n, 4096);
    cr_assert_eq(n, (int)(last - first + 1), "%s holds %d packets, not %lld..%lld", path, n,
                 (long long)first, (long long)last);
    for (int i = 0; i < n; i++)
        cr_assert_eq(ids[i], first + i, "%s: packet %d is %lld", path, i, (long long)ids[i]);
}

static void path_in(char *buf, size_t len, const char *dir, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

/* ---- names ---- */

static void expect_name(const char *pattern, struct out_rotate_opts o, int64_t t, unsigned count,
                        const char *want)
{
    char got[4096];
    cr_assert_eq(out_rotate_name(pattern, &o, t, count, got, sizeof got), 0);
    cr_assert_str_eq(got, want);
}

Test(rotation_names, size_count_as_tcpdump)
{
    struct out_rotate_opts c = {.max_bytes = 1000000};
    expect_name("d/f", c, 0, 0, "d/f"); /* the first file is the name itself */
    expect_name("d/f", c, 0, 1, "d/f1");
    expect_name("d/f", c, 0, 12, "d/f12");
    expect_name("d/f.pcap", c, 0, 3, "d/f.pcap3"); /* tcpdump appends after any extension */
}

Test(rotation_names, w_pads_to_the_width_of_n_minus_1)
{
    struct out_rotate_opts o = {.max_bytes = 1000000};
    const struct {
        unsigned files, count;
        const char *want;
    } cases[] = {
        {1, 0, "f"},    {2, 0, "f0"},   {3, 0, "f0"},     {3, 2, "f2"},     {10, 9, "f9"},
        {11, 0, "f00"}, {11, 10, "f10"}, {100, 7, "f07"}, {101, 0, "f000"}, {101, 100, "f100"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        o.files = cases[i].files;
        expect_name("f", o, 0, cases[i].count, cases[i].want);
    }
}

Test(rotation_names, time_through_strftime_in_local_time)
{
    set_tz("UTC");
    struct out_rotate_opts g = {.seconds = 60};
    int64_t t = 1700000000; /* 2023-11-14 22:13:20 UTC */
    expect_name("f-%Y%m%d-%H%M%S", g, t, 0, "f-20231114-221320");
    g.files = 3; /* -G -W without -C: no number, as tcpdump */
    expect_name("f-%H%M%S", g, t, 0, "f-221320");
    g.max_bytes = 1000000; /* -G -C -W: the time, then the padded count */
    expect_name("f-%H%M%S.", g, t, 2, "f-221320.2");
    set_tz("XYZ-1"); /* an hour east of UTC: TZ honoured */
    expect_name("f-%H%M", g, t, 0, "f-23130");
    struct out_rotate_opts c = {.max_bytes = 1000000}; /* no -G: '%' is a character */
    expect_name("f-%H", c, t, 1, "f-%H1");
    set_tz("UTC");
}

/* ---- size ---- */

Test(rotation, size_ring_wraps_over_w_files)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "f");
    /* 3 records of 100 bytes fit: 24 + 3 * (16 + 100) = 372 */
    struct out_rotate_opts o = {.max_bytes = 372, .files = 3, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 20; i++)
        cr_assert_eq(put(w, i, 100), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_files_opened(w), 7);
    path_in(p, sizeof p, dir, "f0");
    cr_assert_str_eq(out_rotate_current(w), p);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    /* f0 f1 f2 f0 f1 f2 f0: the last turn of f0 holds 18 and 19 */
    cr_assert_eq(count_entries(dir), 3);
    expect_ids(p, 18, 19);
    path_in(p, sizeof p, dir, "f1");
    expect_ids(p, 12, 14);
    cr_assert_eq(file_size(p), 372);
    path_in(p, sizeof p, dir, "f2");
    expect_ids(p, 15, 17);
    remove_tree(dir);
}

Test(rotation, size_without_w_numbers_every_file)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "f");
    struct out_rotate_opts o = {.max_bytes = 372, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 20; i++)
        cr_assert_eq(put(w, i, 100), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    cr_assert_eq(count_entries(dir), 7);
    expect_ids(pat, 0, 2);
    for (int k = 1; k < 7; k++) {
        snprintf(p, sizeof p, "%s/f%d", dir, k);
        expect_ids(p, 3 * k, k == 6 ? 19 : 3 * k + 2);
    }
    remove_tree(dir);
}

Test(rotation, no_file_past_the_bound_no_packet_lost_or_twice)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "f");
    struct out_rotate_opts o = {.max_bytes = 1000, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    srand(14);
    for (int i = 0; i < 500; i++)
        cr_assert_eq(put(w, i, 1 + (uint32_t)(rand() % 400)), OUT_ROTATE_OK);
    unsigned files = out_rotate_files_opened(w);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    int64_t next = 0;
    for (unsigned k = 0; k < files; k++) {
        if (k)
            snprintf(p, sizeof p, "%s/f%u", dir, k);
        else
            snprintf(p, sizeof p, "%s", pat);
        int64_t ids[64];
        int n = read_pcap(p, ids, 64);
        cr_assert_gt(n, 0, "%s", p);
        cr_assert_leq(file_size(p), 1000, "%s", p);
        for (int i = 0; i < n; i++)
            cr_assert_eq(ids[i], next++, "%s", p);
    }
    cr_assert_eq(next, 500);
    remove_tree(dir);
}

Test(rotation, a_packet_larger_than_the_bound_gets_a_file_of_its_own)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "f");
    struct out_rotate_opts o = {.max_bytes = 200, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    cr_assert_eq(put(w, 0, 10), OUT_ROTATE_OK);
    cr_assert_eq(put(w, 1, 66000), OUT_ROTATE_OK); /* larger than the write buffer too */
    cr_assert_eq(put(w, 2, 10), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    expect_ids(pat, 0, 0);
    path_in(p, sizeof p, dir, "f1");
    expect_ids(p, 1, 1);
    cr_assert_eq(file_size(p), 24 + 16 + 66000);
    path_in(p, sizeof p, dir, "f2");
    expect_ids(p, 2, 2);
    remove_tree(dir);
}

/* ---- time ---- */

Test(rotation, time_periods_named_by_strftime)
{
    set_tz("UTC");
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "t-%H%M%S");
    int64_t now = 1000; /* 00:16:40 */
    struct out_rotate_opts o = {.seconds = 10, .linktype = 1, .now = fake_clock, .now_ctx = &now};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    cr_assert_eq(put(w, 0, 60), OUT_ROTATE_OK);
    now = 1009;
    cr_assert_eq(put(w, 1, 60), OUT_ROTATE_OK);
    now = 1010; /* 10 s after the opening: the next file */
    cr_assert_eq(put(w, 2, 60), OUT_ROTATE_OK);
    now = 1035; /* long after: the next one is named by the first packet's time */
    cr_assert_eq(put(w, 3, 60), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    cr_assert_eq(count_entries(dir), 3);
    path_in(p, sizeof p, dir, "t-001640");
    expect_ids(p, 0, 1);
    path_in(p, sizeof p, dir, "t-001650");
    expect_ids(p, 2, 2);
    path_in(p, sizeof p, dir, "t-001715");
    expect_ids(p, 3, 3);
    remove_tree(dir);
}

Test(rotation, time_with_the_same_name_numbers_instead_of_truncating)
{
    /* tcpdump -G 1 -w f truncates f at each period (every earlier packet lost): here f, f1 */
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "g");
    int64_t now = 50;
    struct out_rotate_opts o = {.seconds = 1, .linktype = 1, .now = fake_clock, .now_ctx = &now};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 3; i++, now++)
        cr_assert_eq(put(w, i, 60), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    expect_ids(pat, 0, 0);
    path_in(p, sizeof p, dir, "g1");
    expect_ids(p, 1, 1);
    path_in(p, sizeof p, dir, "g2");
    expect_ids(p, 2, 2);
    remove_tree(dir);
}

Test(rotation, time_with_w_stops_after_n_files)
{
    set_tz("UTC");
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "h-%S");
    int64_t now = 0;
    struct out_rotate_opts o = {
        .seconds = 10, .files = 2, .linktype = 1, .now = fake_clock, .now_ctx = &now};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    cr_assert_eq(put(w, 0, 60), OUT_ROTATE_OK);
    now = 10;
    cr_assert_eq(put(w, 1, 60), OUT_ROTATE_OK);
    now = 20; /* a third file would begin: the capture ends, this packet unwritten */
    cr_assert_eq(put(w, 2, 60), OUT_ROTATE_STOP);
    cr_assert_str_eq(out_rotate_message(w), "Maximum file limit reached: 2");
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    cr_assert_eq(count_entries(dir), 2);
    path_in(p, sizeof p, dir, "h-00");
    expect_ids(p, 0, 0);
    path_in(p, sizeof p, dir, "h-10");
    expect_ids(p, 1, 1);
    remove_tree(dir);
}

Test(rotation, time_and_size_count_again_in_each_period)
{
    set_tz("UTC");
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "p%S-");
    int64_t now = 0;
    struct out_rotate_opts o = {.max_bytes = 24 + 2 * 76, .seconds = 10, .files = 3,
                                .linktype = 1, .now = fake_clock, .now_ctx = &now};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 5; i++) /* p00-0 p00-1 p00-2 (2 packets each, less the last) */
        cr_assert_eq(put(w, i, 60), OUT_ROTATE_OK);
    now = 10;
    cr_assert_eq(put(w, 5, 60), OUT_ROTATE_OK); /* -W does not stop with -C: p10-0 */
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    path_in(p, sizeof p, dir, "p00-0");
    expect_ids(p, 0, 1);
    path_in(p, sizeof p, dir, "p00-1");
    expect_ids(p, 2, 3);
    path_in(p, sizeof p, dir, "p00-2");
    expect_ids(p, 4, 4);
    path_in(p, sizeof p, dir, "p10-0");
    expect_ids(p, 5, 5);
    remove_tree(dir);
}

/* ---- -U ---- */

Test(rotation, packet_buffered_reaches_the_file_at_once)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", a[128], b[128];
    cr_assert(mkdtemp(dir));
    path_in(a, sizeof a, dir, "u");
    path_in(b, sizeof b, dir, "b");
    struct out_rotate_opts ou = {.packet_buffered = true, .linktype = 1};
    struct out_rotate_opts ob = {.linktype = 1};
    struct out_rotate *wu, *wb;
    char err[512];
    cr_assert_eq(out_rotate_open(&wu, a, &ou, err, sizeof err), 0, "%s", err);
    cr_assert_eq(out_rotate_open(&wb, b, &ob, err, sizeof err), 0, "%s", err);
    cr_assert_eq(file_size(a), 24, "the header is written at the opening");
    cr_assert_eq(put(wu, 0, 100), OUT_ROTATE_OK);
    cr_assert_eq(put(wb, 0, 100), OUT_ROTATE_OK);
    cr_assert_eq(file_size(a), 24 + 16 + 100, "-U: the packet is in the file");
    cr_assert_eq(file_size(b), 24, "without -U it waits in memory");
    cr_assert_eq(out_rotate_flush(wb), OUT_ROTATE_OK);
    cr_assert_eq(file_size(b), 24 + 16 + 100);
    cr_assert_eq(out_rotate_close(wu, err, sizeof err), 0, "%s", err);
    cr_assert_eq(out_rotate_close(wb, err, sizeof err), 0, "%s", err);
    expect_ids(a, 0, 0);
    remove_tree(dir);
}

/* ---- nanoseconds ---- */

Test(rotation, nano_writes_a_nanosecond_pcap)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "n");
    struct out_rotate_opts o = {.max_bytes = 1000000, .nano = true, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    uint8_t data[60] = {0};
    struct capture_packet p = {.data = data, .caplen = 60, .len = 60, .ts_sec = 7,
                               .ts_usec = 123456, .ts_nsec_extra = 789};
    cr_assert_eq(out_rotate_write(w, &p), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
    size_t len;
    char *b = read_file(pat, &len);
    cr_assert(b);
    cr_assert_eq(len, 24 + 16 + 60);
    uint32_t magic, frac;
    memcpy(&magic, b, 4);
    memcpy(&frac, b + 24 + 4, 4);
    cr_assert_eq(magic, 0xa1b23c4d, "libpcap's nanosecond magic");
    cr_assert_eq(frac, 123456789);
    free(b);
    remove_tree(dir);
}

/* ---- errors ---- */

Test(rotation, next_file_refused_is_one_line_and_earlier_files_stay_whole)
{
    char dir[] = "/tmp/stackscope-rot-XXXXXX", pat[128], p[128], want[512];
    cr_assert(mkdtemp(dir));
    path_in(pat, sizeof pat, dir, "f");
    path_in(p, sizeof p, dir, "f1");
    cr_assert_eq(mkdir(p, 0755), 0); /* the next name is taken by a folder */
    struct out_rotate_opts o = {.max_bytes = 24 + 116, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    cr_assert_eq(put(w, 0, 100), OUT_ROTATE_OK);
    cr_assert_eq(put(w, 1, 100), OUT_ROTATE_ERROR);
    snprintf(want, sizeof want,
             "cannot write '%s': Is a directory (a folder has that name: move it away or choose "
             "another -w name)", p);
    cr_assert_str_eq(out_rotate_message(w), want);
    cr_assert_eq(put(w, 2, 100), OUT_ROTATE_ERROR, "nothing more after a failure");
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "reported once, not again at close");
    expect_ids(pat, 0, 0);
    remove_tree(dir);
}

Test(rotation, opening_errors_name_the_file_and_the_fix)
{
    struct out_rotate_opts o = {.max_bytes = 1000000, .linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, "-", &o, err, sizeof err), -1);
    cr_assert_str_eq(err, "cannot rotate '-': -C and -G write files, give -w a file name");
    cr_assert_null(w);
    cr_assert_eq(out_rotate_open(&w, "/nonexistent-h8/f", &o, err, sizeof err), -1);
    cr_assert_str_eq(err, "cannot write '/nonexistent-h8/f': No such file or directory (create "
                          "the folder '/nonexistent-h8' first)");
    cr_assert_eq(out_rotate_open(&w, "/dev/full", &o, err, sizeof err), -1);
    cr_assert_str_eq(err, "cannot write '/dev/full': No space left on device (free some space "
                          "in '/dev', or keep fewer files with -W)");
}

/* Fills a 64 KiB tmpfs through files of max_bytes: the write that fails is one line, and every
 * file left in the folder is whole and holds the packets before it, in order. */
static void fill_tmpfs(uint64_t max_bytes)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to mount a tmpfs");
    char dir[] = "/tmp/stackscope-rotfull-XXXXXX", cmd[256], pat[128];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=64k tmpfs %s 2>/dev/null", dir);
    if (system(cmd) != 0) {
        rmdir(dir);
        cr_skip_test("cannot mount a tmpfs here");
    }
    path_in(pat, sizeof pat, dir, "f");
    struct out_rotate_opts o = {.max_bytes = max_bytes, .linktype = 1, .packet_buffered = true};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, pat, &o, err, sizeof err), 0, "%s", err);
    int rc = OUT_ROTATE_OK, i;
    for (i = 0; i < 1000 && rc == OUT_ROTATE_OK; i++)
        rc = put(w, i, 1000);
    unsigned files = out_rotate_files_opened(w);
    char msg[600];
    snprintf(msg, sizeof msg, "%s", out_rotate_message(w));
    out_rotate_close(w, err, sizeof err);
    int64_t next = 0;
    bool all_whole = true;
    for (unsigned k = 0; k < files; k++) {
        char p[160];
        if (k)
            snprintf(p, sizeof p, "%s/f%u", dir, k);
        else
            snprintf(p, sizeof p, "%s", pat);
        int64_t ids[64];
        if (access(p, F_OK) != 0 && k == files - 1)
            continue; /* the last one, if it could not take its header, is gone */
        int n = read_pcap(p, ids, 64);
        all_whole &= n >= 0;
        for (int j = 0; j < n; j++)
            all_whole &= ids[j] == next++;
    }
    int entries = count_entries(dir);
    snprintf(cmd, sizeof cmd, "umount %s; rmdir %s", dir, dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(rc, OUT_ROTATE_ERROR);
    cr_assert(strstr(msg, ": No space left on device (free some space in "), "%s", msg);
    cr_assert(all_whole, "every file whole, the packets in order");
    cr_assert_eq(next, i - 1, "every packet before the failing one is in a file");
    cr_assert_leq(entries, (int)files);
}

Test(rotation, full_disk_mid_file_leaves_whole_records, .timeout = 30)
{
    fill_tmpfs(20000); /* fails inside a file: cut back to its last whole record */
}

Test(rotation, full_disk_at_a_new_file_leaves_no_empty_file, .timeout = 30)
{
    fill_tmpfs(24 + 4 * 1016); /* one page a file: the 17th cannot take its header */
}

/* ---- end to end: stackscope -i lo -w DIR/f -C 1 -W 3, SIGINT ---- */

static bool have_capinfos(void)
{
    return system("command -v capinfos >/dev/null 2>&1") == 0;
}

static long stat_line(const char *err, const char *words)
{
    const char *at = strstr(err, words);
    cr_assert(at, "no '%s' in: %s", words, err);
    while (at > err && at[-1] != '\n')
        at--;
    return strtol(at, NULL, 10);
}

/* Sends n datagrams of size bytes to 127.0.0.1:port, a pause of pause_us after every 50 so
 * that the kernel's capture buffer keeps up. */
static void send_datagrams(int port, int n, size_t size, unsigned pause_us)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    cr_assert_geq(s, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    static char payload[1500];
    for (int i = 0; i < n; i++) {
        cr_assert_eq(sendto(s, payload, size, 0, (struct sockaddr *)&a, sizeof a), (ssize_t)size);
        if (i % 50 == 49)
            usleep(pause_us);
    }
    close(s);
}

/* A folder -Z's default user (nobody) can write in: stackscope creates every file as it. */
static void folder_for_nobody(char *dir)
{
    cr_assert(mkdtemp(dir));
    struct passwd *pw = getpwnam("nobody");
    cr_assert(pw);
    cr_assert_eq(chown(dir, pw->pw_uid, pw->pw_gid), 0);
}

/* Checks every file of DIR with capinfos and the size bound; returns the packets summed. */
static long check_files(const char *dir, long bound)
{
    DIR *d = opendir(dir);
    cr_assert(d);
    long sum = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char p[300];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        long n = capinfos_count(p);
        cr_assert_geq(n, 0, "capinfos cannot read %s whole", p);
        cr_assert_leq(file_size(p), bound, "%s is past -C", p);
        sum += n;
    }
    closedir(d);
    return sum;
}

static void start_rotating(const char *dir, int port, struct run_async *a)
{
    static char pat[300], filter[64];
    snprintf(pat, sizeof pat, "%s/f", dir);
    snprintf(filter, sizeof filter, "udp port %d", port);
    char *argv[] = {bin, "-i", "lo", "-w", pat, "-C", "1", "-W", "3", filter, NULL};
    cr_assert_eq(run_start(argv, a), 0);
    sleep(1); /* the device is open and the filter set well within a second */
}

Test(rotation_live, c1_w3_every_file_valid_and_packets_summed, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    if (!have_capinfos())
        cr_skip_test("capinfos (Debian's wireshark-common) missing");
    char dir[] = "/tmp/stackscope-rotlive-XXXXXX";
    folder_for_nobody(dir);
    int port = free_loopback_port(SOCK_DGRAM);
    struct run_async a;
    start_rotating(dir, port, &a);
    /* 2400 frames of 1042 bytes + 16 each: 2.5 MB, three files and no wrap, so that every
     * packet captured is still in a file */
    send_datagrams(port, 2400, 1000, 2000);
    usleep(300000);
    struct run_result r;
    cr_assert_eq(run_finish(&a, SIGINT, &r), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char p[300];
    snprintf(p, sizeof p, "%s/f0", dir);
    cr_assert_geq(capinfos_count(p), 0, "the first file is f0 (-W 3: one digit)");
    cr_assert_eq(count_entries(dir), 3, "f0 f1 f2");
    long captured = stat_line(r.err, " packets captured");
    long sum = check_files(dir, 1000000);
    cr_assert_eq(sum, captured, "%s", r.err);
    if (stat_line(r.err, " packets dropped by kernel") == 0)
        cr_assert_eq(sum, 2400, "%s", r.err);
    run_free(&r);
    remove_tree(dir);
}

Test(rotation_live, sigint_while_packets_flow_leaves_every_file_whole, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    if (!have_capinfos())
        cr_skip_test("capinfos (Debian's wireshark-common) missing");
    char dir[] = "/tmp/stackscope-rotlive-XXXXXX";
    folder_for_nobody(dir);
    int port = free_loopback_port(SOCK_DGRAM);
    struct run_async a;
    start_rotating(dir, port, &a);
    pid_t sender = fork();
    cr_assert_geq(sender, 0);
    if (sender == 0) { /* sends until killed: SIGINT reaches stackscope mid-stream; about
                          * 700 frames of 1458 bytes a second, so 1.5 s fill two files and a
                          * half, and the ring does not wrap */
        for (;;)
            send_datagrams(port, 50, 1400, 70000);
    }
    usleep(1500000);
    struct run_result r;
    cr_assert_eq(run_finish(&a, SIGINT, &r), 0);
    kill(sender, SIGKILL);
    waitpid(sender, NULL, 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    long captured = stat_line(r.err, " packets captured");
    cr_assert_gt(captured, 0);
    cr_assert_lt(captured * (16 + 1442), 3 * 1000000, "the ring wrapped: send slower");
    cr_assert_eq(check_files(dir, 1000000), captured, "%s", r.err);
    run_free(&r);
    remove_tree(dir);
}

/* ---- through the program ---- */

/* A pcap file of n packets of size bytes, numbered by ts_sec, written by out_rotate itself. */
static void make_capture(const char *path, int n, uint32_t size)
{
    struct out_rotate_opts o = {.linktype = 1};
    struct out_rotate *w;
    char err[512];
    cr_assert_eq(out_rotate_open(&w, path, &o, err, sizeof err), 0, "%s", err);
    for (int i = 0; i < n; i++)
        cr_assert_eq(put(w, i, size), OUT_ROTATE_OK);
    cr_assert_eq(out_rotate_close(w, err, sizeof err), 0, "%s", err);
}

static int count_prefixed(const char *text, const char *prefix)
{
    int n = 0;
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        n += strncmp(l, prefix, strlen(prefix)) == 0;
    return n;
}

Test(rotation_cli, next_file_refused_exits_1_with_one_line_and_whole_files, .timeout = 60)
{
    char dir[] = "/tmp/stackscope-rotcli-XXXXXX", in[160], pat[160], taken[160], want[512];
    if (geteuid() == 0)
        folder_for_nobody(dir); /* -r drops to nobody too */
    else
        cr_assert(mkdtemp(dir));
    snprintf(in, sizeof in, "%s.in.pcap", dir);
    make_capture(in, 1200, 1000); /* 1.2 MB: a second file is due */
    path_in(pat, sizeof pat, dir, "f");
    path_in(taken, sizeof taken, dir, "f1");
    cr_assert_eq(mkdir(taken, 0755), 0);
    char *argv[] = {bin, "-r", in, "-w", pat, "-C", "1", NULL};
    struct run_result r;
    cr_assert_eq(run_program(argv, NULL, &r), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    snprintf(want, sizeof want,
             "stackscope: cannot write '%s': Is a directory (a folder has that name: move it away "
             "or choose another -w name)\n", taken);
    cr_assert(strstr(r.err, want), "%s", r.err);
    cr_assert_eq(count_prefixed(r.err, "stackscope: "), 1, "one line: %s", r.err);
    /* 24 + 984 * 1016 <= 1000000 < 24 + 985 * 1016 */
    expect_ids(pat, 0, 983);
    if (have_capinfos())
        cr_assert_eq(capinfos_count(pat), 984);
    run_free(&r);
    unlink(in);
    remove_tree(dir);
}

Test(rotation_cli, time_with_w_stops_after_n_files_as_tcpdump, .timeout = 60)
{
    if (geteuid() != 0)
        cr_skip_test("live capture needs root (CI runs as root)");
    char dir[] = "/tmp/stackscope-rotcli-XXXXXX", pat[160], filter[64];
    folder_for_nobody(dir);
    path_in(pat, sizeof pat, dir, "g-%s"); /* %s: seconds since the epoch, one name a second */
    int port = free_loopback_port(SOCK_DGRAM);
    snprintf(filter, sizeof filter, "udp port %d", port);
    char *argv[] = {bin, "-i", "lo", "-w", pat, "-G", "1", "-W", "2", filter, NULL};
    struct run_async a;
    cr_assert_eq(run_start(argv, &a), 0);
    sleep(1);
    pid_t sender = fork();
    cr_assert_geq(sender, 0);
    if (sender == 0) { /* ten datagrams a second for 8 s at most */
        for (int i = 0; i < 80; i++) {
            send_datagrams(port, 1, 100, 0);
            usleep(100000);
        }
        _exit(0);
    }
    struct run_result r;
    cr_assert_eq(run_finish(&a, 0, &r), 0); /* it ends by itself, at the third file */
    kill(sender, SIGKILL);
    waitpid(sender, NULL, 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "\nMaximum file limit reached: 2\n"), "%s", r.err);
    cr_assert_eq(count_entries(dir), 2);
    if (have_capinfos())
        cr_assert_eq(check_files(dir, 1L << 40), stat_line(r.err, " packets captured"), "%s",
                     r.err);
    run_free(&r);
    remove_tree(dir);
}
