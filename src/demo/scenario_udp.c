/* scenario_udp.c - the lesson's "SOCK_DGRAM est la version UDP": the same two messages as the
 * exchange, as datagrams. No listen, no accept, no connect: the server binds and waits in
 * recvfrom; the client's sendto names the server's address; the server answers to the address
 * recvfrom gave it. */
#include <string.h>
#include <sys/socket.h>

#include "coordinator.h"

/* One datagram: recvfrom(2048) waiting on one side, sendto(msg, port) on the other. */
static void datagram(struct demo *d, struct actor *from, struct actor *to, const char *msg,
                     uint16_t port)
{
    demo_begin(d, to, CALL_RECVFROM, 2048);
    demo_call(d, from, CALL_SENDTO, port, msg, strlen(msg));
    demo_finish(d, to);
}

void scenario_udp(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c = &cast->client;
    demo_call(d, s, CALL_SOCKET, SOCK_DGRAM, NULL, 0);
    demo_call(d, s, CALL_BIND, d->port, NULL, 0);
    demo_call(d, c, CALL_SOCKET, SOCK_DGRAM, NULL, 0);
    datagram(d, c, s, message_to_server, d->port);
    /* The server answers to addr, the client's address that recvfrom returned. */
    datagram(d, s, c, message_to_client, s->peer_port);
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
}
