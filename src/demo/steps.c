/* steps.c - step log, packet store, the step barrier, and recordings on disk. */
#define _GNU_SOURCE
#include "steps.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int packet_store_add(struct packet_store *s, const struct capture_packet *p)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct capture_packet *n = realloc(s->pkts, cap * sizeof *n);
        if (!n)
            return -1;
        s->pkts = n;
        s->cap = cap;
    }
    uint8_t *copy = malloc(p->caplen ? p->caplen : 1);
    if (!copy)
        return -1;
    memcpy(copy, p->data, p->caplen);
    s->pkts[s->count] = *p;
    s->pkts[s->count].data = copy;
    s->count++;
    return 0;
}

void packet_store_free(struct packet_store *s)
{
    for (size_t i = 0; i < s->count; i++)
        free((void *)(uintptr_t)s->pkts[i].data);
    free(s->pkts);
    memset(s, 0, sizeof *s);
}

struct lesson_step *step_log_add(struct step_log *log)
{
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 32;
        struct lesson_step *n = realloc(log->steps, cap * sizeof *n);
        if (!n)
            return NULL;
        log->steps = n;
        log->cap = cap;
    }
    struct lesson_step *s = &log->steps[log->count++];
    memset(s, 0, sizeof *s);
    return s;
}

void step_log_free(struct step_log *log)
{
    free(log->steps);
    log->steps = NULL;
    log->count = log->cap = 0;
}

void demo_barrier_init(struct demo_barrier *b, struct packet_store *store)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&b->cv, &ca);
    pthread_condattr_destroy(&ca);
    clock_gettime(CLOCK_MONOTONIC, &b->last);
    b->store = store;
}

void demo_barrier_destroy(struct demo_barrier *b)
{
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
}

int demo_barrier_add(struct demo_barrier *b, const struct capture_packet *p)
{
    pthread_mutex_lock(&b->mu);
    int rc = b->store ? packet_store_add(b->store, p) : 0;
    b->count++;
    clock_gettime(CLOCK_MONOTONIC, &b->last);
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    return rc;
}

static long ms_between(const struct timespec *a, const struct timespec *b)
{
    return (long)(b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static struct timespec ms_after(const struct timespec *t, long ms)
{
    struct timespec r = *t;
    r.tv_sec += ms / 1000;
    r.tv_nsec += (ms % 1000) * 1000000;
    if (r.tv_nsec >= 1000000000) {
        r.tv_sec++;
        r.tv_nsec -= 1000000000;
    }
    return r;
}

long demo_barrier_wait(struct demo_barrier *b, size_t since, size_t min_new, int quiet_ms,
                       int timeout_ms)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    struct timespec deadline = ms_after(&start, timeout_ms);
    pthread_mutex_lock(&b->mu);
    /* First the packets the step must cause; a packet that never comes ends at the deadline. */
    while (b->count < since + min_new) {
        if (pthread_cond_timedwait(&b->cv, &b->mu, &deadline) == ETIMEDOUT &&
            b->count < since + min_new) {
            pthread_mutex_unlock(&b->mu);
            return -1;
        }
    }
    /* Then quiet: the step's late packets (a delayed ACK) come within quiet_ms of the last one.
     * Bounded too, so a flood cannot keep the step open for ever. */
    struct timespec hard = ms_after(&start, timeout_ms + quiet_ms);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        struct timespec from = b->last;
        if (ms_between(&start, &from) < 0)
            from = start;
        long waited = ms_between(&from, &now);
        if (waited >= quiet_ms || ms_between(&now, &hard) <= 0)
            break;
        struct timespec until = ms_after(&from, quiet_ms);
        pthread_cond_timedwait(&b->cv, &b->mu, &until);
    }
    long n = (long)b->count;
    pthread_mutex_unlock(&b->mu);
    return n;
}

/* ---- recordings ---- */

static void path_join(char *dst, size_t n, const char *dir, const char *name)
{
    /* Paths past the buffer are cut; the open that follows then fails with a clear message. */
    int k = snprintf(dst, n, "%s/", dir);
    if (k >= 0 && (size_t)k < n)
        snprintf(dst + k, n - (size_t)k, "%s", name);
}

int recording_write(const char *dir, const struct step_log *log, const struct packet_store *ps,
                    char *err)
{
    char path[256];
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot create '%s': %s", dir, strerror(errno));
        return -1;
    }
    path_join(path, sizeof path, dir, "capture.pcap");
    struct capture_writer *w;
    if (capture_writer_open(&w, path, ps->linktype, err) < 0)
        return -1;
    for (size_t i = 0; i < ps->count; i++)
        capture_writer_add(w, &ps->pkts[i]);
    if (capture_writer_close(w, err) < 0)
        return -1;
    path_join(path, sizeof path, dir, "steps.tsv");
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "# stackscope demo steps v1: the socket calls of capture.pcap, in order\n");
    fprintf(f, "# step actor server call pending unconnected args result errno local_port "
               "peer_port packets detail\n");
    fprintf(f, "scenario\t%s\nport\t%u\n", log->scenario, log->port);
    for (size_t i = 0; i < log->count; i++) {
        const struct lesson_step *s = &log->steps[i];
        fprintf(f, "step\t%s\t%d\t%s\t%d\t%d\t%s\t%ld\t%s\t%u\t%u\t%u\t%s\n", s->actor,
                s->server, lesson_call_names[s->call], s->pending, s->unconnected, s->args, s->result, s->err[0] ? s->err : "-",
                s->local_port, s->peer_port, s->packets, s->detail);
    }
    if (fclose(f) != 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Splits a line on tabs in place; returns the number of fields. */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool replay_collect(void *user, const struct capture_packet *p)
{
    return packet_store_add(user, p) == 0;
}

static int steps_parse(FILE *f, const char *path, struct step_log *log, char *err)
{
    char line[1024];
    int line_no = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *fl[13] = {0};
        int n = split_tabs(line, fl, 13);
        long v;
        if (!strcmp(fl[0], "scenario") && n == 2) {
            snprintf(log->scenario, sizeof log->scenario, "%s", fl[1]);
            continue;
        }
        if (!strcmp(fl[0], "port") && n == 2 && parse_long(fl[1], 1, 65535, &v)) {
            log->port = (uint16_t)v;
            continue;
        }
        if (strcmp(fl[0], "step") || n != 13)
            goto bad;
        struct lesson_step *s = step_log_add(log);
        if (!s)
            goto bad;
        snprintf(s->actor, sizeof s->actor, "%s", fl[1]);
        s->server = !strcmp(fl[2], "1");
        int call = -1;
        for (int c = 0; c < CALL_COUNT_; c++)
            if (!strcmp(fl[3], lesson_call_names[c]))
                call = c;
        if (call < 0)
            goto bad;
        s->call = (enum lesson_call)call;
        s->pending = !strcmp(fl[4], "1");
        s->unconnected = !strcmp(fl[5], "1");
        snprintf(s->args, sizeof s->args, "%s", fl[6]);
        if (!parse_long(fl[7], -1, 1L << 30, &s->result))
            goto bad;
        snprintf(s->err, sizeof s->err, "%s", strcmp(fl[8], "-") ? fl[8] : "");
        if (!parse_long(fl[9], 0, 65535, &v))
            goto bad;
        s->local_port = (uint16_t)v;
        if (!parse_long(fl[10], 0, 65535, &v))
            goto bad;
        s->peer_port = (uint16_t)v;
        if (!parse_long(fl[11], 0, 100000, &v))
            goto bad;
        s->packets = (uint32_t)v;
        snprintf(s->detail, sizeof s->detail, "%s", fl[12]);
    }
    if (!log->scenario[0] || !log->port || !log->count) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s': no scenario, port or step in it", path);
        return -1;
    }
    return 0;
bad:
    snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s' line %d: not a stackscope steps line", path,
             line_no);
    return -1;
}

int recording_read(const char *dir, struct step_log *log, struct packet_store *ps, char *err)
{
    char path[256];
    path_join(path, sizeof path, dir, "steps.tsv");
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    int rc = steps_parse(f, path, log, err);
    fclose(f);
    if (rc < 0)
        return -1;
    path_join(path, sizeof path, dir, "capture.pcap");
    struct capture *c;
    if (capture_open_file(&c, path, err) < 0)
        return -1;
    ps->linktype = capture_linktype(c);
    char lerr[CAPTURE_ERRBUF_SIZE];
    rc = capture_loop(c, 0, replay_collect, ps, lerr);
    capture_close(c, lerr);
    if (rc < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "'%s': %.200s", path, lerr);
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < log->count; i++)
        total += log->steps[i].packets;
    if (total != ps->count) {
        snprintf(err, CAPTURE_ERRBUF_SIZE,
                 "'%s' holds %zu packets but the steps account for %zu", path, ps->count, total);
        return -1;
    }
    return 0;
}
