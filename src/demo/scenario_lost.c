/* scenario_lost.c - the lost-segment scenario: "Fiable ; les paquets sont en ordre." The client
 * sends 5000 bytes in segments of at most 1000 (TCP_MAXSEG, as partial-recv does); the demo's
 * nftables rule (netcfg.c) drops the second data segment once at the server's input. The server
 * answers the later segments with duplicate ACKs carrying SACK blocks, the client sends the lost
 * bytes again, and the server's recv() calls still return the bytes in order. */
#include <string.h>

#include "coordinator.h"

/* Which data segment the demo drops (0 is the first): not the first, so that the server has
 * acknowledged some bytes before the hole, and with four after it, enough duplicate ACKs for a
 * fast retransmission (three) rather than a wait for the timeout. */
const unsigned demo_lost_segment = 1;

void scenario_lost_segment(struct demo *d, struct demo_cast *cast)
{
    struct actor *s = &cast->server, *c = &cast->client;
    /* The lesson's message over and over, each copy numbered: the order the server reads is
     * the order of the numbers. */
    static char big[5000];
    size_t k = 0;
    for (unsigned i = 1; k < sizeof big; i++) {
        char line[40];
        size_t n = (size_t)snprintf(line, sizeof line, "%03u %s\n", i, message_to_server);
        size_t room = sizeof big - k;
        memcpy(big + k, line, n < room ? n : room);
        k += n < room ? n : room;
    }
    demo_small_mss_connect(d, s, c);
    /* The segments, the duplicate ACKs, the retransmission and the final ACK all belong to
     * this step: the coordinator waits for the ACK of the last byte. */
    demo_call(d, c, CALL_SENDALL, 0, big, sizeof big);
    for (int i = 0; i < 3; i++)
        demo_call(d, s, CALL_RECV, 2048, NULL, 0);
    demo_call(d, c, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 0, NULL, 0);
    demo_call(d, s, CALL_CLOSE, 1, NULL, 0);
}
