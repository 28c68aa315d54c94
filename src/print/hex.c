/* hex.c - `-x` / `-X`: the frame's bytes in hex, 16 per row, each layer starting on its own row
 * under its name, so the encapsulation can be read off the bytes (coloured on a terminal). */
#include "stackscope/print.h"

struct mark {
    uint32_t start;
    const char *name;
    const char *color;
};

/* Adds a layer boundary; boundaries must move forward and stay inside the capture. */
static void mark_add(struct mark *m, unsigned *n, uint32_t start, const char *name,
                     const char *color, uint32_t caplen)
{
    if (start >= caplen || (*n > 0 && start <= m[*n - 1].start)) {
        if (*n > 0 && start == m[*n - 1].start && start < caplen) {
            m[*n - 1].name = name; /* an empty layer before: the later name wins */
            m[*n - 1].color = color;
        }
        return;
    }
    m[*n].start = start;
    m[*n].name = name;
    m[*n].color = color;
    (*n)++;
}

static unsigned marks_build(const struct packet *pkt, struct mark *m)
{
    unsigned n = 0;
    uint32_t cap = pkt->caplen;
    /* Bytes of a link header, whole or cut, are "link"; a raw-IP frame has none. */
    mark_add(m, &n, 0, pkt->link.fixed_len ? "link" : "data", PRINT_COLOR_LINK, cap);
    uint32_t net_end = 0;
    if (pkt->ipv4.present) {
        mark_add(m, &n, pkt->ipv4.offset, "ipv4", PRINT_COLOR_IP, cap);
        net_end = pkt->ipv4.offset + (pkt->ipv4.ihl >= 5 ? pkt->ipv4.ihl * 4u : 20u);
    } else if (pkt->ipv6.present) {
        mark_add(m, &n, pkt->ipv6.offset, "ipv6", PRINT_COLOR_IP, cap);
        net_end = pkt->ipv6.offset + 40u;
    }
    if (pkt->tcp.present)
        mark_add(m, &n, pkt->tcp.offset, "tcp", PRINT_COLOR_TRANSPORT, cap);
    else if (pkt->udp.present)
        mark_add(m, &n, pkt->udp.offset, "udp", PRINT_COLOR_TRANSPORT, cap);
    else if (pkt->icmp.present)
        mark_add(m, &n, pkt->icmp.offset, "icmp", PRINT_COLOR_TRANSPORT, cap);
    else if (net_end)
        mark_add(m, &n, net_end, "data", PRINT_COLOR_PAYLOAD, cap);
    if (pkt->payload_offset) {
        mark_add(m, &n, pkt->payload_offset, "payload", PRINT_COLOR_PAYLOAD, cap);
        mark_add(m, &n, pkt->payload_offset + pkt->payload_caplen, "trailer", PRINT_COLOR_DIM,
                 cap);
    }
    return n;
}

static void hex_row(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt,
                    uint32_t off, uint32_t end, const char *name, const struct mark *m)
{
    /* Layer name in a 9-column gutter on the first row of a layer. */
    ob_puts(ob, "  ");
    if (name) {
        print_color(ctx, ob, m->color);
        ob_puts(ob, name);
        print_color_end(ctx, ob);
        ob_spaces(ob, 8 - (int)__builtin_strlen(name));
    } else {
        ob_spaces(ob, 8);
    }
    ob_puts(ob, "0x");
    ob_hex(ob, off, 4);
    ob_puts(ob, ":  ");
    print_color(ctx, ob, m->color);
    for (uint32_t i = off; i < off + 16; i++) {
        if (i < end)
            ob_hex(ob, pkt->data[i], 2); /* i < end <= caplen */
        else
            ob_puts(ob, "  ");
        if (i % 2 == 1)
            ob_putc(ob, ' ');
    }
    print_color_end(ctx, ob);
    if (ctx->opts.hex == PRINT_HEX_ASCII) {
        ob_putc(ob, ' ');
        for (uint32_t i = off; i < end; i++) {
            uint8_t b = pkt->data[i];
            ob_putc(ob, b >= 0x20 && b < 0x7f ? (char)b : '.');
        }
    }
    ob_putc(ob, '\n');
}

void print_hex(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt)
{
    struct mark m[8];
    unsigned n = marks_build(pkt, m);
    for (unsigned k = 0; k < n; k++) {
        uint32_t end = k + 1 < n ? m[k + 1].start : pkt->caplen;
        for (uint32_t off = m[k].start; off < end; off += 16) {
            uint32_t row_end = end - off > 16 ? off + 16 : end;
            hex_row(ctx, ob, pkt, off, row_end, off == m[k].start ? m[k].name : NULL, &m[k]);
        }
    }
    if (ctx->opts.mode != PRINT_TREE && ctx->opts.mode != PRINT_DIAGRAM)
        ob_putc(ob, '\n');
}
