/* The demo's step barrier and recordings (src/demo/steps.c): a packet that never comes ends the
 * wait after the timeout instead of hanging; late packets are collected until quiet. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
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
    s->actor = (struct lesson_actor){LESSON_ACTOR_CLIENT, 0};
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
    s->actor = (struct lesson_actor){LESSON_ACTOR_SERVER, 0};
    s->call = CALL_SETSOCKOPT;
    snprintf(s->args, sizeof s->args, "IPPROTO_TCP, TCP_MAXSEG, 1000");
    s->option = LESSON_OPT_TCP_MAXSEG;
    s = step_log_add(&log);
    s->actor = (struct lesson_actor){LESSON_ACTOR_SERVER, 0};
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

/* A steps file names its actors in English ("server thread 1"); they are read once into a role
 * and a number, and written back exactly as they were, so every shipped recording stays valid. */
Test(steps, recordings_read_actors_as_role_and_number_and_write_them_back)
{
    static const char *const scenarios[] = {"exchange", "partial-recv", "concurrent",
                                            "port-in-use", "server-close", "refused", "udp",
                                            "http", "time-wait", "lost-segment"};
    size_t seen = 0;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        char dir[512], path[600], err[CAPTURE_ERRBUF_SIZE];
        snprintf(dir, sizeof dir, "%s/captures/demo/%s", SOURCE_DIR, scenarios[i]);
        struct step_log log = {0};
        struct packet_store ps = {0};
        cr_assert_eq(recording_read(dir, &log, &ps, err), 0, "%s", err);
        snprintf(path, sizeof path, "%s/steps.tsv", dir);
        FILE *f = fopen(path, "r");
        cr_assert(f, "%s", path);
        char line[1024];
        size_t k = 0;
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "step\t", 5))
                continue;
            cr_assert_lt(k, log.count, "%s", path);
            char who[32];
            lesson_actor_recorded(who, sizeof who, log.steps[k].actor);
            size_t len = strcspn(line + 5, "\t");
            cr_assert(strlen(who) == len && !memcmp(who, line + 5, len), "%s step %zu: %s vs %.*s",
                      path, k + 1, who, (int)len, line + 5);
            cr_assert_eq(log.steps[k].server, lesson_actor_server_side(log.steps[k].actor),
                         "%s step %zu", path, k + 1);
            k++;
        }
        fclose(f);
        cr_assert_eq(k, log.count, "%s", path);
        seen += k;
        step_log_free(&log);
        packet_store_free(&ps);
    }
    cr_assert_gt(seen, 100);
    /* concurrent: "client 1", "server thread 2"; port-in-use: "second server" */
    char dir[512], err[CAPTURE_ERRBUF_SIZE];
    struct step_log log = {0};
    struct packet_store ps = {0};
    snprintf(dir, sizeof dir, "%s/captures/demo/concurrent", SOURCE_DIR);
    cr_assert_eq(recording_read(dir, &log, &ps, err), 0, "%s", err);
    bool client1 = false, thread2 = false;
    for (size_t k = 0; k < log.count; k++) {
        struct lesson_actor a = log.steps[k].actor;
        client1 |= a.role == LESSON_ACTOR_CLIENT && a.n == 1;
        thread2 |= a.role == LESSON_ACTOR_SERVER_THREAD && a.n == 2;
        cr_assert(a.role != LESSON_ACTOR_CLIENT || a.n > 0, "two clients: each numbered");
    }
    cr_assert(client1 && thread2);
    step_log_free(&log);
    packet_store_free(&ps);
}

/* Writes DIR/steps.tsv (one step, its actor as given) and DIR/capture.pcap (one packet). */
static void write_one_step(const char *dir, const char *actor)
{
    struct step_log log = {0};
    struct packet_store ps = {.linktype = 1};
    snprintf(log.scenario, sizeof log.scenario, "exchange");
    log.port = 5005;
    struct lesson_step *s = step_log_add(&log);
    s->actor = (struct lesson_actor){LESSON_ACTOR_CLIENT, 0};
    s->call = CALL_SOCKET;
    s->result = 3;
    s->packets = 1;
    uint8_t frame[60] = {0};
    struct capture_packet p = {.data = frame, .caplen = 60, .len = 60, .ts_sec = 5};
    packet_store_add(&ps, &p);
    char err[CAPTURE_ERRBUF_SIZE], path[256], text[1024];
    cr_assert_eq(recording_write(dir, &log, &ps, err), 0, "%s", err);
    step_log_free(&log);
    packet_store_free(&ps);
    /* the same file with the actor's column replaced */
    snprintf(path, sizeof path, "%s/steps.tsv", dir);
    FILE *f = fopen(path, "r");
    cr_assert(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *col = strstr(text, "step\tclient\t");
    cr_assert(col);
    f = fopen(path, "w");
    cr_assert(f);
    fprintf(f, "%.*sstep\t%s\t%s", (int)(col - text), text, actor, col + strlen("step\tclient\t"));
    fclose(f);
}

/* An actor the lesson does not have is refused in one line that names the file, the line, the
 * actor and the ones it knows; it is not shown as it is in the walkthrough. */
Test(steps, an_unknown_actor_in_a_steps_file_is_a_one_line_error)
{
    static const char *const bad[] = {"robot", "client 0", "client 100", "server thread x",
                                      "Server", "", "client  2", "client 02"};
    char dir[] = "/tmp/stackscope-rec-XXXXXX";
    cr_assert(mkdtemp(dir));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_one_step(dir, bad[i]);
        char err[CAPTURE_ERRBUF_SIZE], want[CAPTURE_ERRBUF_SIZE];
        struct step_log log = {0};
        struct packet_store ps = {0};
        cr_assert_eq(recording_read(dir, &log, &ps, err), -1, "'%s' was read", bad[i]);
        /* line 5: two comments, scenario, port, then the step */
        snprintf(want, sizeof want,
                 "'%s/steps.tsv' line 5: unknown actor '%s' (the lesson's are 'server', "
                 "'client', 'server thread', 'second server', each maybe with a number 1-99)",
                 dir, bad[i]);
        cr_assert_str_eq(err, want);
        cr_assert(!strchr(err, '\n'));
        step_log_free(&log);
        packet_store_free(&ps);
    }
    /* and the same file with a known actor reads */
    write_one_step(dir, "server thread 12");
    char err[CAPTURE_ERRBUF_SIZE];
    struct step_log log = {0};
    struct packet_store ps = {0};
    cr_assert_eq(recording_read(dir, &log, &ps, err), 0, "%s", err);
    cr_assert_eq(log.steps[0].actor.role, LESSON_ACTOR_SERVER_THREAD);
    cr_assert_eq(log.steps[0].actor.n, 12);
    step_log_free(&log);
    packet_store_free(&ps);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* Actors are named in the reader's language from their role, and compared by role and number. */
Test(steps, actors_are_named_in_each_language_and_compared_by_role_and_number)
{
    static const struct {
        struct lesson_actor a;
        const char *en, *fr, *key, *msg; /* msg: the page's key of the role's name */
        bool server;
    } want[] = {
        {{LESSON_ACTOR_SERVER, 0}, "server", "serveur", "server", "WORD_SERVER", true},
        {{LESSON_ACTOR_CLIENT, 0}, "client", "client", "client", "WORD_CLIENT", false},
        {{LESSON_ACTOR_CLIENT, 2}, "client 2", "client 2", "client", "WORD_CLIENT", false},
        {{LESSON_ACTOR_SERVER_THREAD, 1}, "server thread 1", "thread serveur 1", "server_thread",
         "ACTOR_SERVER_THREAD", true},
        {{LESSON_ACTOR_SECOND_SERVER, 0}, "second server", "second serveur", "second_server",
         "ACTOR_SECOND_SERVER", true},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char buf[48];
        lesson_actor_name(buf, sizeof buf, want[i].a, &lesson_text_en);
        cr_assert_str_eq(buf, want[i].en);
        lesson_actor_name(buf, sizeof buf, want[i].a, &lesson_text_fr);
        cr_assert_str_eq(buf, want[i].fr);
        cr_assert_str_eq(lesson_actor_key(want[i].a), want[i].key);
        cr_assert_str_eq(lesson_msg_names[lesson_actor_msg(want[i].a)], want[i].msg);
        cr_assert_eq(lesson_actor_server_side(want[i].a), want[i].server);
        /* the recorded form reads back as the same actor */
        struct lesson_actor back = {LESSON_ACTOR_CLIENT, 77};
        lesson_actor_recorded(buf, sizeof buf, want[i].a);
        cr_assert_str_eq(buf, want[i].en);
        cr_assert(lesson_actor_parse(buf, &back), "%s", buf);
        cr_assert(lesson_actor_same(back, want[i].a), "%s", buf);
    }
    struct lesson_actor c1 = {LESSON_ACTOR_CLIENT, 1}, c2 = {LESSON_ACTOR_CLIENT, 2};
    struct lesson_actor t1 = {LESSON_ACTOR_SERVER_THREAD, 1};
    cr_assert(!lesson_actor_same(c1, c2));
    cr_assert(!lesson_actor_same(c1, t1));
    cr_assert(lesson_actor_same(c1, (struct lesson_actor){LESSON_ACTOR_CLIENT, 1}));
    /* cut to fit, never past the buffer */
    char small[5];
    lesson_actor_name(small, sizeof small, t1, &lesson_text_en);
    cr_assert_str_eq(small, "serv");
}
