/* scenarios.c - the lesson's scenarios: which actor makes which socket call, in order. Each
 * runs for real on loopback; the coordinator (coordinator.c) records every call and its packets. */
#include <string.h>

#include "coordinator.h"

static void exchange(struct demo *d, struct actor *s, struct actor *c, bool server_first)
{
    demo_server_setup(d, s, 1);
    demo_connect_and_accept(d, s, c);
    demo_send_and_recv(d, c, s, message_to_server);
    demo_send_and_recv(d, s, c, message_to_client);
    if (!server_first) {
        demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
        demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
    } else {
        demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
        demo_call(d, c, CALL_RECV, 2048, NULL, 0); /* returns 0: the server is gone */
        demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
    }
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_exchange(struct demo *d, struct demo_cast *cast)
{
    exchange(d, &cast->server, &cast->client, false);
}

static void scenario_server_close(struct demo *d, struct demo_cast *cast)
{
    exchange(d, &cast->server, &cast->client, true);
}

static void scenario_partial_recv(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c = &cast->client;
    static char big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = message_to_server[i % strlen(message_to_server)];
    demo_small_mss_connect(d, s, c);
    demo_call(d, c, CALL_SENDALL, 0, big, sizeof big);
    /* Everything has arrived; each recv(2048) takes at most 2048 of it. */
    for (int i = 0; i < 3; i++)
        demo_call(d, s, CALL_RECV, 2048, NULL, 0);
    demo_send_and_recv(d, s, c, message_to_client);
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_concurrent(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c1 = &cast->client, *c2 = &cast->client2;
    struct actor *t1 = &cast->thread1, *t2 = &cast->thread2;
    demo_server_setup(d, s, 2);
    /* Each accepted socket goes to its own thread, as a threaded server does. */
    demo_connect_and_accept(d, s, c1);
    if (!d->failed)
        actor_hand_over(s, t1);
    demo_connect_and_accept(d, s, c2);
    if (!d->failed)
        actor_hand_over(s, t2);
    demo_begin(d, t1, CALL_RECV, 2048);
    demo_begin(d, t2, CALL_RECV, 2048);
    demo_call(d, c1, CALL_SENDALL, 0, message_to_server, strlen(message_to_server));
    demo_call(d, c2, CALL_SENDALL, 0, message_to_server, strlen(message_to_server));
    demo_finish(d, t1);
    demo_finish(d, t2);
    demo_begin(d, c1, CALL_RECV, 2048);
    demo_begin(d, c2, CALL_RECV, 2048);
    demo_call(d, t1, CALL_SENDALL, 0, message_to_client, strlen(message_to_client));
    demo_call(d, t2, CALL_SENDALL, 0, message_to_client, strlen(message_to_client));
    demo_finish(d, c1);
    demo_finish(d, c2);
    demo_call(d, c1, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, c2, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, t1, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, t2, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_port_in_use(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *s2 = &cast->server2;
    demo_server_setup(d, s, 1);
    /* A second program (no SO_REUSEPORT) on the same port: the kernel says no. */
    demo_call(d, s2, CALL_SOCKET, 0, NULL, 0);
    d->expect_failure = true;
    demo_call(d, s2, CALL_BIND, d->port, NULL, 0);
    demo_call(d, s2, CALL_BIND, d->port + 1, NULL, 0);
    demo_call(d, s2, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}

static void scenario_refused(struct demo *d, struct demo_cast *cast)
{
    struct actor *c = &cast->client;
    demo_call(d, c, CALL_SOCKET, 0, NULL, 0);
    d->expect_failure = true;
    demo_call(d, c, CALL_CONNECT, d->port, NULL, 0); /* SYN, then the RST */
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
}

const struct demo_scenario demo_scenarios[SCENARIO_COUNT_] = {
    [SCENARIO_EXCHANGE] = {.run = scenario_exchange},
    [SCENARIO_PARTIAL_RECV] = {.run = scenario_partial_recv, .segments = true},
    [SCENARIO_CONCURRENT] = {.run = scenario_concurrent, .two_clients = true},
    [SCENARIO_PORT_IN_USE] = {.run = scenario_port_in_use, .two_ports = true},
    [SCENARIO_SERVER_CLOSE] = {.run = scenario_server_close},
    [SCENARIO_REFUSED] = {.run = scenario_refused, .closed_port = true},
    [SCENARIO_UDP] = {.run = scenario_udp, .udp = true},
    [SCENARIO_HTTP] = {.run = scenario_http},
    [SCENARIO_TIME_WAIT] = {.run = scenario_time_wait},
    [SCENARIO_LOST_SEGMENT] = {.run = scenario_lost_segment, .segments = true, .drop_one = true},
};
