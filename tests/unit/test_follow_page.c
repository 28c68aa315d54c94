/* The page's follow data (src/print/html_follow.c): each conversation's blocks as --follow
 * reassembles them, at most HTML_FOLLOW_MAX_BYTES of data a conversation, and past them nothing:
 * the view shows the stream's beginning, never a later block out of its place. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/html.h"
#include "stackscope/lesson.h"

#define SEGMENTS 70 /* 69 of 1000 bytes and one of 10: 69010, past the page's 65536 */

static struct lesson_packet packets[SEGMENTS + 3];
static uint8_t frames[SEGMENTS + 3][1100];
static size_t count;

static void add(bool from_client, uint16_t flags, uint32_t seq, uint32_t ack, size_t len)
{
    struct pkt_spec s = from_client ? pkt_spec_default() : pkt_spec_reply(40000);
    static uint8_t payload[1000];
    memset(payload, 'x', sizeof payload);
    s.tcp_flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payload = payload;
    s.payload_len = len;
    size_t n = pkt_build_eth_tcp(frames[count], sizeof frames[count], &s);
    struct lesson_packet *lp = &packets[count];
    decode_packet(&lp->pkt, LINKTYPE_ETHERNET, frames[count], (uint32_t)n, (uint32_t)n);
    lp->flow.tracked = true;
    lp->flow.conn_id = 1;
    lp->analysis.has_stream = true;
    lp->frame.number = ++count;
    lp->frame.analysis = &lp->analysis;
}

Test(follow_page, past_the_bound_nothing_more_of_the_stream_is_shown)
{
    add(true, TCP_SYN, 1000, 0, 0);
    add(false, TCP_SYN | TCP_ACK, 5000, 1001, 0);
    uint32_t seq = 1001;
    for (int i = 0; i < SEGMENTS; i++, seq += 1000)
        add(true, TCP_ACK, seq, 5001, i == SEGMENTS - 1 ? 10 : 1000); /* the last one short */
    struct lesson_run run = {.packets = packets, .packet_count = count};
    struct outbuf ob;
    outbuf_init_mem(&ob);
    html_follow_json(&ob, &run);
    ob_putc(&ob, '\0');
    size_t shown = 0;
    for (const char *b = ob.buf; (b = strstr(b, ",\"78787878")); b++)
        shown++;
    cr_assert_eq(shown, 65, "%zu blocks shown", shown); /* 65000 bytes; a 66th would pass 65536 */
    /* the short last block is left out with the rest, not shown after the hole */
    cr_assert(strstr(ob.buf, ",\"cut\":4010}"), "%s", ob.buf + ob.len - 80);
    free(ob.buf);
}
