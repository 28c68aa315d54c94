/* scenario_time_wait.c - the trap students really meet: the server closes first, so its side of
 * the connection waits in TIME-WAIT (2 x MSL, 60 s on Linux); restarted at once on the same port,
 * its bind fails with EADDRINUSE, unless the socket sets SO_REUSEADDR first. */
#include "coordinator.h"

/* The server program's start: socket, the option when it sets it, bind(port). */
static void server_start(struct demo *d, struct actor *s, bool reuseaddr)
{
    demo_call(d, s, CALL_SOCKET, 0, NULL, 0);
    if (reuseaddr)
        demo_call(d, s, CALL_SETSOCKOPT, 1, &actor_so_reuseaddr, 0);
    d->expect_failure = !reuseaddr; /* the restart without it is the trap */
    demo_call(d, s, CALL_BIND, d->port, NULL, 0);
    d->expect_failure = false;
}

void scenario_time_wait(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c = &cast->client;
    /* Every option shown as a step: the demo's quiet SO_REUSEADDR would hide the trap. */
    s->plain_socket = c->plain_socket = true;
    /* Linux lets a bind share a port with a connection in TIME-WAIT only when both sockets
     * asked for it: the server that runs first sets SO_REUSEADDR too. */
    server_start(d, s, true);
    demo_call(d, s, CALL_LISTEN, 1, NULL, 0);
    demo_connect_and_accept(d, s, c);
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0); /* the server closes first */
    demo_call(d, c, CALL_RECV, 2048, NULL, 0); /* returns 0: the server is gone */
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);   /* the server's side is now in TIME-WAIT */
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);   /* the program ends */
    /* Restarted at once, first as the lesson's server is written (no option): EADDRINUSE. */
    server_start(d, s, false);
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
    /* Then with SO_REUSEADDR before bind: the port is taken again. */
    server_start(d, s, true);
    demo_call(d, s, CALL_LISTEN, 1, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}
