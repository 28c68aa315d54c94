/* html_follow.c - the page's "follow" data: for each TCP conversation of the page, its payload
 * reassembled by the same code as --follow (stackscope/follow.h), both directions in tshark's
 * order, each block marked by its sender and its packet, gaps marked. The page only shows it.
 *
 *   "follow":{"5":{"stream":0,"nodes":["127.0.0.1:38498","127.0.0.1:8080"],
 *              "blocks":[[0,4,"4745..."],[1,9,null,4,false]],"cut":0}, ...}
 *
 * keyed by the page's conversation (the flow's connection id, as "conn"); a block is
 * [node, packet's frame number, bytes in hex] or, for a gap, [node, packet number, null, bytes
 * missing, true when nobody acknowledged them]. At most HTML_FOLLOW_MAX_BYTES bytes of data a
 * conversation: from the first block that would pass them, nothing more is listed (gaps
 * neither) and "cut" counts the bytes of data left out. */
#include <stdlib.h>
#include <string.h>

#include "stackscope/analysis.h"
#include "stackscope/follow.h"
#include "stackscope/html.h"
#include "stackscope/outbuf.h"

struct page_sink {
    struct outbuf *ob;
    bool first;
    uint64_t shown, cut;
};

static void block_json(void *user, const struct follow_block *b)
{
    struct page_sink *s = user;
    /* Past the bound nothing more: a later, shorter block would show out of its place. */
    if (s->cut || (b->kind == FOLLOW_DATA && s->shown + b->len > HTML_FOLLOW_MAX_BYTES)) {
        s->cut += b->kind == FOLLOW_DATA ? b->len : 0;
        return;
    }
    ob_puts(s->ob, s->first ? "[" : ",[");
    s->first = false;
    ob_u64(s->ob, b->node);
    ob_putc(s->ob, ',');
    ob_u64(s->ob, b->frame);
    if (b->kind == FOLLOW_GAP) {
        ob_puts(s->ob, ",null,");
        ob_i64(s->ob, b->missing);
        ob_puts(s->ob, b->at_end ? ",true]" : ",false]");
        return;
    }
    ob_puts(s->ob, ",\"");
    for (uint32_t i = 0; i < b->len; i++)
        ob_hex(s->ob, b->data[i], 2);
    ob_puts(s->ob, "\"]");
    s->shown += b->len;
}

static void node_json(struct outbuf *ob, const struct follow *f, int node)
{
    ob_putc(ob, '"');
    if (f->family == 6) {
        ob_putc(ob, '[');
        ob_ipv6(ob, f->node_addr[node]);
        ob_putc(ob, ']');
    } else {
        ob_ipv4(ob, f->node_addr[node]);
    }
    ob_putc(ob, ':');
    ob_u64(ob, f->node_port[node]);
    ob_putc(ob, '"');
}

/* The packet's tcp.stream, when the analysis numbered it. */
static bool stream_of(const struct lesson_packet *lp, uint32_t *stream)
{
    const struct analysis_verdict *v = lp->frame.analysis;
    if (!v || !v->has_stream)
        return false;
    *stream = v->stream;
    return true;
}

/* One conversation (flow connection id conn, first seen at packet `first`): its blocks. */
static void conversation_json(struct outbuf *ob, struct follow *f, const struct lesson_run *run,
                              size_t first, uint32_t conn)
{
    struct page_sink s = {.ob = ob, .first = true};
    uint32_t stream = 0;
    stream_of(&run->packets[first], &stream);
    ob_puts(ob, "\"");
    ob_u64(ob, conn);
    ob_puts(ob, "\":{\"stream\":");
    ob_u64(ob, stream);
    ob_puts(ob, ",\"blocks\":[");
    follow_init(f, block_json, &s);
    for (size_t i = first; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (lp->flow.tracked && lp->flow.conn_id == conn && stream_of(lp, &stream))
            follow_packet(f, &lp->pkt, (uint32_t)lp->frame.number, stream);
    }
    follow_finish(f, true); /* the page shows what waited past a hole too, as --follow ascii */
    ob_puts(ob, "],\"nodes\":[");
    node_json(ob, f, 0);
    ob_putc(ob, ',');
    node_json(ob, f, 1);
    ob_puts(ob, "],\"cut\":");
    ob_u64(ob, s.cut);
    ob_putc(ob, '}');
}

/* Whether packet i is the first of its TCP connection among the page's packets. */
static bool first_of_conn(const struct lesson_run *run, size_t i)
{
    const struct lesson_packet *lp = &run->packets[i];
    uint32_t stream;
    if (!lp->flow.tracked || !lp->pkt.tcp.present || !stream_of(lp, &stream))
        return false;
    for (size_t k = 0; k < i; k++)
        if (run->packets[k].flow.tracked && run->packets[k].flow.conn_id == lp->flow.conn_id)
            return false;
    return true;
}

void html_follow_json(struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"follow\":{");
    struct follow *f = malloc(sizeof *f); /* once a page: about a megabyte */
    bool any = false;
    for (size_t i = 0; f && i < run->packet_count; i++) {
        if (!first_of_conn(run, i))
            continue;
        if (any)
            ob_puts(ob, ",\n");
        any = true;
        conversation_json(ob, f, run, i, run->packets[i].flow.conn_id);
    }
    free(f);
    ob_puts(ob, "},\n");
}
