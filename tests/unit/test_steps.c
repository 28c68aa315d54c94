/* The demo's step barrier and recordings (src/demo/steps.c): a packet that never comes ends the
 * wait after the timeout instead of hanging; late packets are collected until quiet. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "steps.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

Test(steps, barrier_times_out_when_the_packet_never_comes, .timeout = 10)
{
    struct demo_barrier b;
    demo_barrier_init(&b, NULL);
    double t0 = now_s();
    long n = demo_barrier_wait(&b, 0, 1, 100, 300);
    double waited = now_s() - t0;
    cr_assert_eq(n, -1);
    cr_assert_geq(waited, 0.29);
    cr_assert_lt(waited, 2.0, "the wait is bounded");
    demo_barrier_destroy(&b);
}

struct producer {
    struct demo_barrier *b;
    int count;
    int gap_ms;
};

static void *produce(void *arg)
{
    struct producer *p = arg;
    static const uint8_t byte = 0x45;
    for (int i = 0; i < p->count; i++) {
        usleep((useconds_t)p->gap_ms * 1000);
        struct capture_packet pkt = {.data = &byte, .caplen = 1, .len = 1};
        demo_barrier_add(p->b, &pkt);
    }
    return NULL;
}

Test(steps, barrier_waits_for_late_packets_until_quiet, .timeout = 10)
{
    struct packet_store store = {0};
    struct demo_barrier b;
    demo_barrier_init(&b, &store);
    struct producer p = {&b, 3, 40};
    pthread_t th;
    pthread_create(&th, NULL, produce, &p);
    /* One packet is required; the other two come 40 ms apart, inside the 150 ms quiet window. */
    long n = demo_barrier_wait(&b, 0, 1, 150, 2000);
    pthread_join(th, NULL);
    cr_assert_eq(n, 3);
    cr_assert_eq(store.count, 3);
    cr_assert_eq(store.pkts[2].data[0], 0x45);
    cr_assert_neq((const void *)store.pkts[2].data, (const void *)&p, "the store holds copies");
    packet_store_free(&store);
    demo_barrier_destroy(&b);
}

static bool three_stored(void *user, const struct packet_store *store)
{
    (void)user;
    return store->count >= 3;
}

Test(steps, barrier_waits_until_the_step_has_what_it_needs, .timeout = 10)
{
    struct packet_store store = {0};
    struct demo_barrier b;
    demo_barrier_init(&b, &store);
    struct producer p = {&b, 3, 40};
    pthread_t th;
    pthread_create(&th, NULL, produce, &p);
    double t0 = now_s();
    long n = demo_barrier_wait_until(&b, three_stored, NULL, 2000);
    double waited = now_s() - t0;
    pthread_join(th, NULL);
    cr_assert_eq(n, 3);
    cr_assert_lt(waited, 1.0, "woken by the third packet, not by the timeout");
    packet_store_free(&store);
    demo_barrier_destroy(&b);
    /* Never satisfied: ends at the timeout. */
    demo_barrier_init(&b, &store);
    t0 = now_s();
    cr_assert_eq(demo_barrier_wait_until(&b, three_stored, NULL, 200), -1);
    cr_assert_geq(now_s() - t0, 0.19);
    demo_barrier_destroy(&b);
}

Test(steps, recording_round_trips)
{
    struct step_log log = {0};
    struct packet_store ps = {.linktype = 1};
    snprintf(log.scenario, sizeof log.scenario, "exchange");
    log.port = 5005;
    struct lesson_step *s = step_log_add(&log);
    snprintf(s->actor, sizeof s->actor, "client");
    s->call = CALL_SENDALL;
    snprintf(s->args, sizeof s->args, "b'hi'");
    s->result = 2;
    s->local_port = 40000;
    s->peer_port = 5005;
    s->packets = 1;
    uint8_t frame[60] = {0};
    struct capture_packet p = {.data = frame, .caplen = 60, .len = 60, .ts_sec = 5};
    packet_store_add(&ps, &p);
    char dir[] = "/tmp/stackscope-rec-XXXXXX", err[CAPTURE_ERRBUF_SIZE];
    cr_assert(mkdtemp(dir));
    cr_assert_eq(recording_write(dir, &log, &ps, err), 0, "%s", err);
    struct step_log back = {0};
    struct packet_store bps = {0};
    cr_assert_eq(recording_read(dir, &back, &bps, err), 0, "%s", err);
    cr_assert_str_eq(back.scenario, "exchange");
    cr_assert_eq(back.port, 5005);
    cr_assert_eq(back.count, 1);
    cr_assert_str_eq(back.steps[0].args, "b'hi'");
    cr_assert_eq(back.steps[0].call, CALL_SENDALL);
    cr_assert_eq(back.steps[0].local_port, 40000);
    cr_assert_eq(bps.count, 1);
    cr_assert_eq(bps.pkts[0].caplen, 60);
    /* A steps file that does not account for the packets is refused. */
    back.steps[0].packets = 2;
    cr_assert_eq(recording_write(dir, &back, &bps, err), 0);
    struct step_log bad = {0};
    struct packet_store bad_ps = {0};
    cr_assert_eq(recording_read(dir, &bad, &bad_ps, err), -1);
    cr_assert(strstr(err, "holds 1 packets but the steps account for 2"), "%s", err);
    step_log_free(&log);
    step_log_free(&back);
    step_log_free(&bad);
    packet_store_free(&ps);
    packet_store_free(&bps);
    packet_store_free(&bad_ps);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A failed call's errno and a setsockopt's option are read from a steps file into enums, once:
 * the recordings shipped in captures/demo/ (written before the enums existed) read as before. */
Test(steps, recordings_map_errno_and_option_names_once)
{
    static const struct {
        const char *dir;
        size_t step;
        enum lesson_call call;
        enum lesson_error error;
        enum lesson_sockopt option;
    } want[] = {
        {"time-wait", 1, CALL_SETSOCKOPT, LESSON_ERR_NONE, LESSON_OPT_SO_REUSEADDR},
        {"time-wait", 13, CALL_BIND, LESSON_ERR_EADDRINUSE, LESSON_OPT_NONE},
        {"time-wait", 12, CALL_SOCKET, LESSON_ERR_NONE, LESSON_OPT_NONE},
        {"refused", 1, CALL_CONNECT, LESSON_ERR_ECONNREFUSED, LESSON_OPT_NONE},
        {"partial-recv", 5, CALL_SETSOCKOPT, LESSON_ERR_NONE, LESSON_OPT_TCP_MAXSEG},
        {"port-in-use", 4, CALL_BIND, LESSON_ERR_EADDRINUSE, LESSON_OPT_NONE},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char dir[512], err[CAPTURE_ERRBUF_SIZE];
        snprintf(dir, sizeof dir, "%s/captures/demo/%s", SOURCE_DIR, want[i].dir);
        struct step_log log = {0};
        struct packet_store ps = {0};
        cr_assert_eq(recording_read(dir, &log, &ps, err), 0, "%s", err);
        cr_assert_gt(log.count, want[i].step, "%s", dir);
        const struct lesson_step *s = &log.steps[want[i].step];
        cr_assert_eq(s->call, want[i].call, "%s step %zu", want[i].dir, want[i].step + 1);
        cr_assert_eq(s->error, want[i].error, "%s step %zu", want[i].dir, want[i].step + 1);
        cr_assert_eq(s->option, want[i].option, "%s step %zu", want[i].dir, want[i].step + 1);
        step_log_free(&log);
        packet_store_free(&ps);
    }
}

/* What the demo records of a failed bind and a setsockopt reads back the same. */
Test(steps, recording_round_trips_errors_and_options)
{
    struct step_log log = {0};
    struct packet_store ps = {.linktype = 1};
    snprintf(log.scenario, sizeof log.scenario, "time-wait");
    log.port = 5005;
    struct lesson_step *s = step_log_add(&log);
    snprintf(s->actor, sizeof s->actor, "server");
    s->call = CALL_SETSOCKOPT;
    snprintf(s->args, sizeof s->args, "IPPROTO_TCP, TCP_MAXSEG, 1000");
    s->option = LESSON_OPT_TCP_MAXSEG;
    s = step_log_add(&log);
    snprintf(s->actor, sizeof s->actor, "server");
    s->call = CALL_BIND;
    snprintf(s->args, sizeof s->args, "('', 5005)");
    s->result = -1;
    snprintf(s->err, sizeof s->err, "EACCES");
    s->error = LESSON_ERR_OTHER;
    s->packets = 1;
    uint8_t frame[60] = {0};
    struct capture_packet p = {.data = frame, .caplen = 60, .len = 60, .ts_sec = 5};
    packet_store_add(&ps, &p);
    char dir[] = "/tmp/stackscope-rec-XXXXXX", err[CAPTURE_ERRBUF_SIZE];
    cr_assert(mkdtemp(dir));
    cr_assert_eq(recording_write(dir, &log, &ps, err), 0, "%s", err);
    struct step_log back = {0};
    struct packet_store bps = {0};
    cr_assert_eq(recording_read(dir, &back, &bps, err), 0, "%s", err);
    cr_assert_eq(back.count, 2);
    cr_assert_eq(back.steps[0].option, LESSON_OPT_TCP_MAXSEG);
    cr_assert_eq(back.steps[0].error, LESSON_ERR_NONE);
    cr_assert_eq(back.steps[1].option, LESSON_OPT_NONE);
    cr_assert_eq(back.steps[1].error, LESSON_ERR_OTHER);
    cr_assert_str_eq(back.steps[1].err, "EACCES");
    step_log_free(&log);
    step_log_free(&back);
    packet_store_free(&ps);
    packet_store_free(&bps);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
