/* ladder.c - the exchange as a ladder diagram: the client's column on the left, the server's on
 * the right, one arrow per packet, labelled with its flags, relative seq/ack and length. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"

#define LADDER_INNER 68 /* columns between the two vertical bars */

static void endpoint(char *dst, size_t n, const uint8_t a[4], uint16_t port)
{
    snprintf(dst, n, "%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], port);
}

void print_ladder(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                  const struct lesson_text *t)
{
    char left[64] = "", right[64] = "", buf[160];
    bool many = false;
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        const struct packet *p = &lp->pkt;
        many |= lp->flow.conn_id != run->packets[0].flow.conn_id;
        /* The endpoints are named from a packet whose ports were captured (a tracked flow). */
        if (left[0] || !p->ipv4.present || !p->tcp.present || !lp->flow.tracked)
            continue;
        bool c = lp->flow.from_client;
        endpoint(left, sizeof left, c ? p->ipv4.src : p->ipv4.dst,
                 c ? p->tcp.src_port : p->tcp.dst_port);
        endpoint(right, sizeof right, c ? p->ipv4.dst : p->ipv4.src,
                 c ? p->tcp.dst_port : p->tcp.src_port);
    }
    print_color(ctx, ob, "\033[1m");
    ob_puts(ob, t->msg[MSG_LADDER]);
    print_color_end(ctx, ob);
    ob_putc(ob, '\n');
    if (!run->packet_count) {
        ob_puts(ob, "     ");
        ob_puts(ob, t->msg[MSG_NO_PACKET]);
        ob_putc(ob, '\n');
        return;
    }
    snprintf(buf, sizeof buf, "%s %s", t->msg[MSG_WORD_CLIENT], many ? "" : left);
    ob_spaces(ob, 5);
    ob_puts(ob, buf);
    char rbuf[96];
    snprintf(rbuf, sizeof rbuf, "%s %s", t->msg[MSG_WORD_SERVER], right);
    int pad = LADDER_INNER + 2 - (int)strlen(buf) - (int)strlen(rbuf);
    ob_spaces(ob, pad > 1 ? pad : 1);
    ob_puts(ob, rbuf);
    ob_putc(ob, '\n');
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        const struct packet *p = &lp->pkt;
        snprintf(buf, sizeof buf, "%4zu ", i + 1);
        ob_puts(ob, buf);
        if (!p->tcp.present || !p->tcp.payload_length_known) {
            ob_putc(ob, '|');
            ob_spaces(ob, LADDER_INNER);
            ob_puts(ob, "|\n");
            continue;
        }
        struct outbuf fb;
        outbuf_init_mem(&fb);
        print_tcp_flags_names(&fb, p->tcp.flags, ",");
        ob_putc(&fb, '\0');
        char label[96], ack[32] = "";
        if (lp->flow.ack_valid)
            snprintf(ack, sizeof ack, " ack %u", lp->flow.ack_rel);
        char who[16] = "";
        bool c = lp->flow.from_client;
        if (many)
            snprintf(who, sizeof who, "%u ", c ? p->tcp.src_port : p->tcp.dst_port);
        snprintf(label, sizeof label, " %s%s seq %u%s len %u ", who, fb.buf ? fb.buf : "",
                 lp->flow.seq_rel, ack, p->tcp.payload_length);
        free(fb.buf);
        int lw = (int)strlen(label);
        if (lw > LADDER_INNER - 6)
            lw = LADDER_INNER - 6;
        int dashes = LADDER_INNER - lw - 1; /* one column for the arrow head */
        ob_putc(ob, '|');
        print_color(ctx, ob, c ? PRINT_COLOR_LINK : PRINT_COLOR_IP);
        if (c) {
            ob_puts(ob, "--");
            ob_write(ob, label, (size_t)lw);
            for (int k = 0; k < dashes - 2; k++)
                ob_putc(ob, '-');
            ob_putc(ob, '>');
        } else {
            ob_putc(ob, '<');
            for (int k = 0; k < dashes - 2; k++)
                ob_putc(ob, '-');
            ob_write(ob, label, (size_t)lw);
            ob_puts(ob, "--");
        }
        print_color_end(ctx, ob);
        ob_puts(ob, "|\n");
    }
}
