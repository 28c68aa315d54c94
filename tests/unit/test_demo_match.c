/* Which socket call caused which packet (src/demo/steps.c: demo_match, demo_step_needs,
 * demo_assign), on hand-built runs where packets come late: after the next call started. The
 * timer alone (the step a packet arrived in) puts those under the wrong call. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "steps.h"

#define CLIENT 40000
#define SERVER 5005
#define CISN 1000u       /* the client's initial sequence number */
#define SISN 0xfffffff0u /* the server's: its stream wraps past 2^32 */

enum { F = TCP_FIN, S = TCP_SYN, R = TCP_RST, P = TCP_PSH, A = TCP_ACK };

static struct lesson_step step(enum lesson_call call, bool server, long result)
{
    struct lesson_step s = {.call = call, .server = server, .result = result};
    if (call == CALL_CONNECT || call == CALL_SENDALL || call == CALL_CLOSE ||
        (call == CALL_RECV && result >= 0) || (call == CALL_ACCEPT && result >= 0)) {
        s.local_port = server ? SERVER : CLIENT;
        s.peer_port = server ? CLIENT : SERVER;
    }
    return s;
}

static struct lesson_step pending(enum lesson_call call, bool server)
{
    struct lesson_step s = {.call = call, .server = server, .pending = true};
    return s;
}

/* The lesson's exchange, step by step (0-based indices used below). */
static struct lesson_step ex[] = {
    {.call = CALL_SOCKET, .server = true, .result = 5},  /*  0 server socket */
    {.call = CALL_BIND, .server = true},                 /*  1 bind */
    {.call = CALL_LISTEN, .server = true},               /*  2 listen */
    {.call = CALL_ACCEPT, .server = true, .pending = true}, /* 3 accept ... */
    {.call = CALL_SOCKET, .result = 7},                  /*  4 client socket */
};
static struct lesson_step steps[16];
static size_t nsteps;

static void exchange_steps(void)
{
    memcpy(steps, ex, sizeof ex);
    nsteps = 5;
    steps[nsteps++] = step(CALL_CONNECT, false, 0);   /*  5 */
    steps[nsteps++] = step(CALL_ACCEPT, true, 6);     /*  6 */
    steps[nsteps++] = pending(CALL_RECV, true);       /*  7 server recv ... */
    steps[nsteps++] = step(CALL_SENDALL, false, 18);  /*  8 client sendall 18 bytes */
    steps[nsteps++] = step(CALL_RECV, true, 18);      /*  9 server recv -> 18 */
    steps[nsteps++] = pending(CALL_RECV, false);      /* 10 client recv ... */
    steps[nsteps++] = step(CALL_SENDALL, true, 17);   /* 11 server sendall 17 bytes */
    steps[nsteps++] = step(CALL_RECV, false, 17);     /* 12 client recv -> 17 */
    steps[nsteps++] = step(CALL_CLOSE, false, 0);     /* 13 client close */
    steps[nsteps++] = step(CALL_CLOSE, true, 0);      /* 14 server close */
    steps[nsteps] = step(CALL_CLOSE, true, 0);        /* 15 server close(listening) */
    steps[nsteps++].unconnected = true;
}

/* Client port cport to the server, and back; numbers relative to each side's ISN. */
static struct demo_seg up(uint16_t cport, uint16_t flags, uint32_t seq_rel, uint32_t ack_rel,
                          uint32_t len, size_t arrived)
{
    return (struct demo_seg){.tcp = true, .src_port = cport, .dst_port = SERVER, .flags = flags,
                             .seq = CISN + seq_rel, .ack = SISN + ack_rel, .payload_len = len,
                             .arrived_in = arrived};
}

static struct demo_seg down(uint16_t cport, uint16_t flags, uint32_t seq_rel, uint32_t ack_rel,
                            uint32_t len, size_t arrived)
{
    return (struct demo_seg){.tcp = true, .src_port = SERVER, .dst_port = cport, .flags = flags,
                             .seq = SISN + seq_rel, .ack = CISN + ack_rel, .payload_len = len,
                             .arrived_in = arrived};
}

static struct demo_seg c2s(uint16_t flags, uint32_t seq_rel, uint32_t ack_rel, uint32_t len,
                           size_t arrived)
{
    return up(CLIENT, flags, seq_rel, ack_rel, len, arrived);
}

static struct demo_seg s2c(uint16_t flags, uint32_t seq_rel, uint32_t ack_rel, uint32_t len,
                           size_t arrived)
{
    return down(CLIENT, flags, seq_rel, ack_rel, len, arrived);
}

/* The exchange's 11 packets, each arrived_in as given. */
static size_t exchange_segs(struct demo_seg *g, const size_t *arrived)
{
    size_t n = 0;
    g[n] = c2s(S, 0, 0, 0, arrived[n]), n++;       /* SYN */
    g[n] = s2c(S | A, 0, 1, 0, arrived[n]), n++;   /* SYN-ACK */
    g[n] = c2s(A, 1, 1, 0, arrived[n]), n++;       /* ACK */
    g[n] = c2s(P | A, 1, 1, 18, arrived[n]), n++;  /* MessageVersServeur */
    g[n] = s2c(A, 1, 19, 0, arrived[n]), n++;      /* its ACK */
    g[n] = s2c(P | A, 1, 19, 17, arrived[n]), n++; /* MessageVersClient */
    g[n] = c2s(A, 19, 18, 0, arrived[n]), n++;     /* its ACK */
    g[n] = c2s(F | A, 19, 18, 0, arrived[n]), n++; /* client FIN */
    g[n] = s2c(A, 18, 20, 0, arrived[n]), n++;     /* its ACK (delayed: CLOSE_WAIT) */
    g[n] = s2c(F | A, 18, 20, 0, arrived[n]), n++; /* server FIN */
    g[n] = c2s(A, 20, 19, 0, arrived[n]), n++;     /* its ACK */
    return n;
}

static const size_t right[11] = {5, 5, 5, 8, 8, 11, 11, 13, 13, 14, 14};

Test(demo_match, on_time_packets_stay_where_they_came)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right), got[16];
    demo_match(steps, nsteps, g, n, got);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(got[i], right[i], "packet %zu: step %zu, not %zu", i + 1, got[i], right[i]);
}

Test(demo_match, late_acks_go_back_to_the_call_that_sent_what_they_ack)
{
    exchange_steps();
    /* Each ACK came after the next call had started: the data's ACK during the server's recv
     * returning (9) and even its sendall (11); the SYN-ACK's ACK during accept (6); the client
     * FIN's delayed ACK during the server's close (14), the server FIN's after it (15). */
    static const size_t late[11] = {5, 5, 6, 8, 11, 11, 12, 13, 14, 14, 15};
    struct demo_seg g[16];
    size_t n = exchange_segs(g, late), got[16];
    demo_match(steps, nsteps, g, n, got);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(got[i], right[i], "packet %zu: step %zu, not %zu", i + 1, got[i], right[i]);
}

Test(demo_match, late_data_goes_to_its_sendall_by_sequence_number)
{
    exchange_steps();
    static const size_t late[11] = {5, 5, 5, 9, 9, 12, 12, 14, 14, 15, 15};
    struct demo_seg g[16];
    size_t n = exchange_segs(g, late), got[16];
    demo_match(steps, nsteps, g, n, got);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(got[i], right[i], "packet %zu: step %zu, not %zu", i + 1, got[i], right[i]);
}

Test(demo_match, a_window_update_stays_with_the_call_it_came_in)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right), got[16];
    /* After the server's recv (9): the same ACK again, a wider window: nothing new acknowledged. */
    g[n++] = s2c(A, 1, 19, 0, 9);
    demo_match(steps, nsteps, g, n, got);
    cr_assert_eq(got[n - 1], 9);
    cr_assert_eq(got[4], 8, "the first ACK of the data is still the sendall's");
}

Test(demo_match, a_cause_later_than_the_arrival_is_not_believed)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right), got[16];
    g[3].arrived_in = 6; /* data before its sendall (8) was made: the timer decides */
    demo_match(steps, nsteps, g, n, got);
    cr_assert_eq(got[3], 6);
}

Test(demo_match, refused_connect_gets_its_syn_and_the_late_rst)
{
    struct lesson_step st[3] = {{.call = CALL_SOCKET, .result = 5},
                                {.call = CALL_CONNECT, .result = -1, .local_port = CLIENT},
                                {.call = CALL_CLOSE, .unconnected = true, .local_port = CLIENT}};
    struct demo_seg g[2] = {c2s(S, 0, 0, 0, 1), s2c(R | A, 0, 1, 0, 2)};
    g[1].seq = 0;
    size_t got[2];
    demo_match(st, 3, g, 2, got);
    cr_assert_eq(got[0], 1);
    cr_assert_eq(got[1], 1, "the RST answers the connect, though it came during close");
}

Test(demo_match, partial_acks_of_a_long_sendall_are_its_own)
{
    /* 5000 bytes in 1000-byte segments; the server acknowledges every other one, and the last
     * ACK comes during the first recv (7); then each recv opens the window (8, 9). */
    struct lesson_step st[10] = {{.call = CALL_SOCKET}};
    st[5] = step(CALL_CONNECT, false, 0);
    st[6] = step(CALL_SENDALL, false, 5000);
    st[7] = step(CALL_RECV, true, 2048);
    st[8] = step(CALL_RECV, true, 2048);
    st[9] = step(CALL_RECV, true, 904);
    struct demo_seg g[16];
    size_t n = 0;
    g[n++] = c2s(S, 0, 0, 0, 5);
    g[n++] = s2c(S | A, 0, 1, 0, 5);
    g[n++] = c2s(A, 1, 1, 0, 5);
    for (uint32_t k = 0; k < 5; k++) {
        g[n++] = c2s(A, 1 + 1000 * k, 1, 1000, 6);
        if (k % 2 == 1 || k == 4)
            g[n++] = s2c(A, 1, 1 + 1000 * (k + 1), 0, k == 4 ? 7 : 6);
    }
    g[n++] = s2c(A, 1, 5001, 0, 8); /* window updates */
    g[n++] = s2c(A, 1, 5001, 0, 9);
    size_t got[16];
    demo_match(st, 10, g, n, got);
    for (size_t i = 3; i < n - 2; i++)
        cr_expect_eq(got[i], 6, "packet %zu: step %zu", i + 1, got[i]);
    cr_assert_eq(got[n - 2], 8);
    cr_assert_eq(got[n - 1], 9);
}

Test(demo_match, two_connections_to_one_port_are_told_apart_by_the_client_port)
{
    /* Client 1 (40000) and client 2 (40001) each sendall 18 bytes; client 1's ACK comes while
     * client 2 sends. Same server port, same relative numbers: only the ports tell them apart. */
    struct lesson_step st[4] = {step(CALL_CONNECT, false, 0), step(CALL_CONNECT, false, 0),
                                step(CALL_SENDALL, false, 18), step(CALL_SENDALL, false, 18)};
    st[1].local_port = st[3].local_port = CLIENT + 1;
    const uint16_t c2 = CLIENT + 1;
    struct demo_seg g[10] = {
        c2s(S, 0, 0, 0, 0),        s2c(S | A, 0, 1, 0, 0),    c2s(A, 1, 1, 0, 0),
        up(c2, S, 0, 0, 0, 1),     down(c2, S | A, 0, 1, 0, 1), up(c2, A, 1, 1, 0, 1),
        c2s(P | A, 1, 1, 18, 2),   up(c2, P | A, 1, 1, 18, 3), s2c(A, 1, 19, 0, 3),
        down(c2, A, 1, 19, 0, 3),
    };
    size_t got[10];
    demo_match(st, 4, g, 10, got);
    static const size_t want[10] = {0, 0, 0, 1, 1, 1, 2, 3, 2, 3};
    for (size_t i = 0; i < 10; i++)
        cr_expect_eq(got[i], want[i], "packet %zu: step %zu, not %zu", i + 1, got[i], want[i]);
}

/* ---- what a step waits for ---- */

Test(demo_match, sendall_needs_all_its_bytes_then_their_ack)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right), got[16];
    demo_match(steps, nsteps, g, 3, got);
    cr_assert_eq(demo_step_needs(steps, 8, g, 3, got), STEP_NEEDS_PACKETS);
    demo_match(steps, nsteps, g, 4, got);
    cr_assert_eq(demo_step_needs(steps, 8, g, 4, got), STEP_NEEDS_ANSWER);
    demo_match(steps, nsteps, g, 5, got);
    cr_assert_eq(demo_step_needs(steps, 8, g, 5, got), STEP_NEEDS_NOTHING);
    (void)n;
}

Test(demo_match, connect_close_and_refused_needs)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right), got[16];
    demo_match(steps, nsteps, g, 2, got);
    cr_assert_eq(demo_step_needs(steps, 5, g, 2, got), STEP_NEEDS_PACKETS, "no ACK yet");
    demo_match(steps, nsteps, g, n, got);
    cr_assert_eq(demo_step_needs(steps, 5, g, n, got), STEP_NEEDS_NOTHING);
    demo_match(steps, nsteps, g, 8, got);
    cr_assert_eq(demo_step_needs(steps, 13, g, 8, got), STEP_NEEDS_ANSWER, "FIN, no ACK yet");
    demo_match(steps, nsteps, g, 9, got);
    cr_assert_eq(demo_step_needs(steps, 13, g, 9, got), STEP_NEEDS_NOTHING);
    cr_assert_eq(demo_step_needs(steps, 15, g, 9, got), STEP_NEEDS_NOTHING, "unconnected");
    cr_assert_eq(demo_step_needs(steps, 3, g, 9, got), STEP_NEEDS_NOTHING, "pending accept");

    struct lesson_step st[2] = {{.call = CALL_SOCKET},
                                {.call = CALL_CONNECT, .result = -1, .local_port = CLIENT}};
    struct demo_seg r[2] = {c2s(S, 0, 0, 0, 1), s2c(R | A, 0, 1, 0, 1)};
    size_t rg[2];
    demo_match(st, 2, r, 1, rg);
    cr_assert_eq(demo_step_needs(st, 1, r, 1, rg), STEP_NEEDS_ANSWER);
    demo_match(st, 2, r, 2, rg);
    cr_assert_eq(demo_step_needs(st, 1, r, 2, rg), STEP_NEEDS_NOTHING);
}

/* ---- a whole run: real frames, reordered step by step ---- */

static void add_frame(struct packet_store *ps, const struct demo_seg *g, uint8_t tag)
{
    static const uint8_t payload[32] = "MessageVersServeurMessageVersCl";
    struct pkt_spec sp = pkt_spec_default();
    memcpy(sp.src, (uint8_t[]){127, 0, 0, 1}, 4);
    memcpy(sp.dst, (uint8_t[]){127, 0, 0, 1}, 4);
    sp.sport = g->src_port;
    sp.dport = g->dst_port;
    sp.tcp_flags = g->flags;
    sp.seq = g->seq;
    sp.ack = g->ack;
    sp.payload = payload;
    sp.payload_len = g->payload_len;
    sp.id = tag; /* which frame it was, to follow it through the reordering */
    uint8_t buf[128];
    size_t len = pkt_build_eth_tcp(buf, sizeof buf, &sp);
    cr_assert_gt(len, 0);
    struct capture_packet p = {.data = buf, .caplen = (uint32_t)len, .len = (uint32_t)len,
                               .ts_sec = tag};
    cr_assert_eq(packet_store_add(ps, &p), 0);
}

Test(demo_match, assign_reorders_the_store_step_by_step)
{
    exchange_steps();
    static const size_t late[11] = {5, 5, 6, 8, 11, 11, 12, 13, 14, 14, 15};
    struct demo_seg g[16];
    size_t n = exchange_segs(g, late);
    struct step_log log = {.steps = calloc(nsteps, sizeof *log.steps), .count = nsteps,
                           .cap = nsteps};
    cr_assert(log.steps);
    memcpy(log.steps, steps, nsteps * sizeof *steps);
    /* The counts made while the run went on: each packet under the step it arrived in. */
    for (size_t i = 0; i < n; i++)
        log.steps[late[i]].packets++;
    struct packet_store ps = {.linktype = 1};
    for (size_t i = 0; i < n; i++)
        add_frame(&ps, &g[i], (uint8_t)(i + 1));
    cr_assert_eq(demo_assign(&log, &ps), 0);
    static const uint32_t counts[16] = {0, 0, 0, 0, 0, 3, 0, 0, 2, 0, 0, 2, 0, 2, 2, 0};
    for (size_t k = 0; k < nsteps; k++)
        cr_expect_eq(log.steps[k].packets, counts[k], "step %zu: %u packets", k,
                     log.steps[k].packets);
    /* In step order, and in capture order within a step (the frames kept their bytes). */
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(ps.pkts[i].ts_sec, (int64_t)(i + 1), "position %zu holds frame %lld", i,
                     (long long)ps.pkts[i].ts_sec);
    cr_assert_eq(ps.count, n);
    packet_store_free(&ps);
    step_log_free(&log);
}

Test(demo_match, assign_keeps_packets_no_step_counted)
{
    exchange_steps();
    struct demo_seg g[16];
    size_t n = exchange_segs(g, right);
    struct step_log log = {.steps = calloc(nsteps, sizeof *log.steps), .count = nsteps,
                           .cap = nsteps};
    memcpy(log.steps, steps, nsteps * sizeof *steps);
    /* The last two came after the last step's wait: no count holds them. */
    for (size_t i = 0; i < n - 2; i++)
        log.steps[right[i]].packets++;
    struct packet_store ps = {.linktype = 1};
    for (size_t i = 0; i < n; i++)
        add_frame(&ps, &g[i], (uint8_t)(i + 1));
    cr_assert_eq(demo_assign(&log, &ps), 0);
    uint32_t total = 0;
    for (size_t k = 0; k < nsteps; k++)
        total += log.steps[k].packets;
    cr_assert_eq(total, n, "every packet under a step");
    cr_assert_eq(log.steps[14].packets, 2, "the server's FIN and its ACK: its close");
    packet_store_free(&ps);
    step_log_free(&log);
}
