/* ladder.c - the exchange as a ladder diagram: the client's column on the left, the server's on
 * the right, one arrow per packet, labelled with its flags, relative seq/ack and length (UDP: its
 * length alone), and under an arrow each side's TCP state where that packet changed it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"
#include "walkthrough.h"

#define LADDER_INNER 68 /* columns between the two vertical bars */

static void endpoint(char *dst, size_t n, const uint8_t a[4], uint16_t port)
{
    snprintf(dst, n, "%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], port);
}

/* The client of a run without TCP: the first UDP datagram's sender. */
struct udp_client {
    bool known;
    uint8_t addr[4];
    uint16_t port;
};

static bool udp_from_client(const struct udp_client *uc, const struct packet *p)
{
    return !uc->known ||
           (memcmp(p->ipv4.src, uc->addr, 4) == 0 && p->udp.src_port == uc->port);
}

static bool is_udp(const struct packet *p)
{
    return p->ipv4.present && p->udp.present && PRINT_HAS(&p->udp, 8);
}

/* Datagrams and no TCP: no sequence numbers to speak of in the heading. */
static bool only_datagrams(const struct lesson_run *run)
{
    bool udp = false;
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        if (p->tcp.present)
            return false;
        udp |= is_udp(p);
    }
    return udp;
}

/* Names both columns from the first packet whose ports were captured. */
static void name_columns(const struct lesson_run *run, char *left, char *right, size_t n,
                         struct udp_client *uc, bool *many)
{
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        const struct packet *p = &lp->pkt;
        *many |= lp->flow.conn_id != run->packets[0].flow.conn_id;
        if (!uc->known && is_udp(p) && !p->tcp.present) {
            uc->known = true;
            memcpy(uc->addr, p->ipv4.src, 4);
            uc->port = p->udp.src_port;
            if (!left[0]) {
                endpoint(left, n, p->ipv4.src, p->udp.src_port);
                endpoint(right, n, p->ipv4.dst, p->udp.dst_port);
            }
        }
        if (left[0] || !p->ipv4.present || !p->tcp.present || !lp->flow.tracked)
            continue;
        bool c = lp->flow.from_client;
        endpoint(left, n, c ? p->ipv4.src : p->ipv4.dst, c ? p->tcp.src_port : p->tcp.dst_port);
        endpoint(right, n, c ? p->ipv4.dst : p->ipv4.src, c ? p->tcp.dst_port : p->tcp.src_port);
    }
}

/* An arrow's label: " SYN seq 0 len 0 ", " UDP len 18 "; false for a packet the ladder cannot
 * place (no whole TCP or UDP header). */
static bool arrow_label(char *label, size_t n, const struct lesson_packet *lp, bool many,
                        const struct udp_client *uc, bool *from_client,
                        const struct lesson_text *t)
{
    const char *len = t->msg[MSG_LADDER_LEN]; /* "len", « long. » */
    const struct packet *p = &lp->pkt;
    char who[16] = "";
    if (!p->tcp.present && is_udp(p)) {
        *from_client = udp_from_client(uc, p);
        snprintf(label, n, " UDP %s %u ", len, p->udp.length >= 8 ? p->udp.length - 8u : 0u);
        return true;
    }
    if (!p->tcp.present || !p->tcp.payload_length_known)
        return false;
    struct outbuf fb;
    outbuf_init_mem(&fb);
    print_tcp_flags_names(&fb, p->tcp.flags, ",");
    ob_putc(&fb, '\0');
    char ack[32] = "";
    if (lp->flow.ack_valid)
        snprintf(ack, sizeof ack, " ack %u", lp->flow.ack_rel);
    bool c = lp->flow.from_client;
    if (many)
        snprintf(who, sizeof who, "%u ", c ? p->tcp.src_port : p->tcp.dst_port);
    snprintf(label, n, " %s%s seq %u%s %s %u ", who, fb.buf ? fb.buf : "", lp->flow.seq_rel,
             ack, len, p->tcp.payload_length);
    free(fb.buf);
    *from_client = c;
    return true;
}

static void arrow(struct print_ctx *ctx, struct outbuf *ob, const char *label, bool c)
{
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

/* Under an arrow: each side's new state on its own side, where the packet changed it. */
static void state_row(struct print_ctx *ctx, struct outbuf *ob, const struct flow_info *f,
                      const struct lesson_text *t)
{
    if (!f->tracked)
        return;
    struct wt_side_states s = wt_side_states(f);
    const char *left = s.client_after != s.client_before ? wt_state_word(t, s.client_after) : NULL;
    const char *right = s.server_after != s.server_before ? wt_state_word(t, s.server_after)
                                                          : NULL;
    if (!left && !right)
        return;
    int lw = left ? print_text_width(left, strlen(left)) : 0;
    int rw = right ? print_text_width(right, strlen(right)) : 0;
    ob_spaces(ob, 5);
    ob_puts(ob, "| ");
    print_color(ctx, ob, PRINT_COLOR_DIM);
    if (left)
        ob_puts(ob, left);
    int gap = LADDER_INNER - 2 - lw - rw;
    ob_spaces(ob, gap > 1 ? gap : 1);
    if (right)
        ob_puts(ob, right);
    print_color_end(ctx, ob);
    ob_puts(ob, " |\n");
}

void print_ladder(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                  const struct lesson_text *t)
{
    char left[64] = "", right[64] = "", buf[160];
    bool many = false;
    struct udp_client uc = {0};
    name_columns(run, left, right, sizeof left, &uc, &many);
    print_color(ctx, ob, "\033[1m");
    ob_puts(ob, t->msg[only_datagrams(run) ? MSG_LADDER_UDP : MSG_LADDER]);
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
    snprintf(rbuf, sizeof rbuf, "%s %s",
             t->msg[wt_run_has_server(run) ? MSG_WORD_SERVER : MSG_WORD_KERNEL], right);
    int pad = LADDER_INNER + 2 - (int)strlen(buf) - (int)strlen(rbuf);
    ob_spaces(ob, pad > 1 ? pad : 1);
    ob_puts(ob, rbuf);
    ob_putc(ob, '\n');
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        snprintf(buf, sizeof buf, "%4zu ", i + 1);
        ob_puts(ob, buf);
        char label[96];
        bool c = false;
        if (!arrow_label(label, sizeof label, lp, many, &uc, &c, t)) {
            ob_putc(ob, '|');
            ob_spaces(ob, LADDER_INNER);
            ob_puts(ob, "|\n");
            continue;
        }
        arrow(ctx, ob, label, c);
        if (lp->pkt.tcp.present)
            state_row(ctx, ob, &lp->flow, t);
    }
}
