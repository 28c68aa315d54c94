/* diagram.c - `--diagram`: the IPv4, TCP and UDP headers drawn as the lesson draws them, in rows of
 * 32 bits (two columns per bit), every box holding the packet's value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/names.h"
#include "stackscope/print.h"

struct cell {
    unsigned bits;
    char text[72];  /* preferred text */
    char brief[16]; /* used when text does not fit */
};

#define ROW_MAX 12

struct row {
    unsigned n;
    struct cell c[ROW_MAX];
};

static const char ruler[] = "  0                   1                   2                   3\n"
                            "  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1\n";

/* Border line: '+' at every cell boundary of the rows above and below. */
static void border(struct outbuf *ob, const struct row *above, const struct row *below)
{
    char line[66];
    memset(line, '-', 65);
    line[65] = '\n';
    const struct row *rows[2] = {above, below};
    for (int k = 0; k < 2; k++) {
        if (!rows[k])
            continue;
        unsigned bit = 0;
        line[0] = '+';
        for (unsigned i = 0; i < rows[k]->n; i++) {
            bit += rows[k]->c[i].bits;
            if (bit <= 32)
                line[2 * bit] = '+';
        }
    }
    ob_puts(ob, " ");
    ob_write(ob, line, sizeof line);
}

static void row_print(struct outbuf *ob, const struct row *r)
{
    ob_puts(ob, " |");
    for (unsigned i = 0; i < r->n; i++) {
        const struct cell *c = &r->c[i];
        int width = (int)(2 * c->bits - 1);
        const char *t = c->text;
        int len = (int)strlen(t);
        if (len > width) {
            t = c->brief;
            len = (int)strlen(t);
        }
        if (len > width)
            len = width;
        int left = (width - len) / 2;
        ob_spaces(ob, left);
        ob_write(ob, t, (size_t)len);
        ob_spaces(ob, width - len - left);
        ob_putc(ob, '|');
    }
    ob_putc(ob, '\n');
}

static void rows_print(struct outbuf *ob, const struct row *rows, unsigned n)
{
    ob_puts(ob, ruler);
    border(ob, NULL, &rows[0]);
    for (unsigned i = 0; i < n; i++) {
        row_print(ob, &rows[i]);
        border(ob, &rows[i], i + 1 < n ? &rows[i + 1] : NULL);
    }
}

static struct cell *add(struct row *r, unsigned bits)
{
    struct cell *c = &r->c[r->n++];
    memset(c, 0, sizeof *c);
    c->bits = bits;
    return c;
}

#define SET(field, ...) snprintf((field), sizeof(field), __VA_ARGS__)


static void ip_text(char *dst, size_t n, const uint8_t a[4])
{
    snprintf(dst, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static void ipv4_diagram(struct outbuf *ob, const struct ipv4_hdr *ip)
{
    struct row rows[7];
    memset(rows, 0, sizeof rows);
    char addr[16];
    struct cell *c;
    c = add(&rows[0], 4);
    SET(c->text, "Ver %u", ip->version);
    SET(c->brief, "%u", ip->version);
    c = add(&rows[0], 4);
    SET(c->text, "IHL %u", ip->ihl);
    SET(c->brief, "%u", ip->ihl);
    c = add(&rows[0], 8);
    SET(c->text, "TOS 0x%02x", ip->tos);
    SET(c->brief, "0x%02x", ip->tos);
    c = add(&rows[0], 16);
    SET(c->text, "Total length %u", ip->total_length);
    SET(c->brief, "%u", ip->total_length);

    c = add(&rows[1], 16);
    SET(c->text, "Identification %u", ip->id);
    SET(c->brief, "%u", ip->id);
    c = add(&rows[1], 3);
    /* The box is 5 columns wide: RB+DF+MF alone does not fit, and shows the 3-bit value. */
    SET(c->text, "%s", print_ipv4_flags(ip->flags));
    SET(c->brief, "0x%x", ip->flags & 7u);
    c = add(&rows[1], 13);
    SET(c->text, "Fragment offset %u", ip->frag_offset);
    SET(c->brief, "%u", ip->frag_offset);

    c = add(&rows[2], 8);
    SET(c->text, "TTL %u", ip->ttl);
    SET(c->brief, "%u", ip->ttl);
    c = add(&rows[2], 8);
    const char *pn = names_lookup(names_ip_protocol, ip->protocol);
    SET(c->text, "Proto %u %s", ip->protocol, pn ? pn : "");
    SET(c->brief, "%u", ip->protocol);
    c = add(&rows[2], 16);
    SET(c->text, "Checksum 0x%04x %s", ip->checksum, print_checksum_word(ip->checksum_status));
    SET(c->brief, "0x%04x", ip->checksum);

    ip_text(addr, sizeof addr, ip->src);
    c = add(&rows[3], 32);
    SET(c->text, "Source address %s", addr);
    ip_text(addr, sizeof addr, ip->dst);
    c = add(&rows[4], 32);
    SET(c->text, "Destination address %s", addr);
    unsigned n = 5;
    if (ip->ihl > 5) {
        c = add(&rows[n++], 32);
        size_t k = (size_t)snprintf(c->text, sizeof c->text, "Options %u bytes:", (ip->ihl - 5u) * 4);
        for (unsigned i = 0; i < ip->option_count && k < sizeof c->text; i++) {
            const char *on = names_lookup(names_ipv4_option, ip->options[i].type);
            k += (size_t)snprintf(c->text + k, sizeof c->text - k, " %s", on ? on : "?");
        }
        SET(c->brief, "Options");
    }
    ob_puts(ob, "IPv4 header, ");
    ob_u64(ob, ip->ihl * 4u);
    ob_puts(ob, " bytes\n");
    rows_print(ob, rows, n);
}

static void tcp_diagram(struct outbuf *ob, const struct tcp_hdr *t, const struct flow_info *flow,
                        uint32_t payload)
{
    struct row rows[7];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 16);
    SET(c->text, "Source port %u", t->src_port);
    c = add(&rows[0], 16);
    SET(c->text, "Destination port %u", t->dst_port);
    c = add(&rows[1], 32);
    if (flow && flow->tracked)
        SET(c->text, "Sequence number %u (relative %u)", t->seq, flow->seq_rel);
    else
        SET(c->text, "Sequence number %u", t->seq);
    c = add(&rows[2], 32);
    if (flow && flow->tracked && flow->ack_valid)
        SET(c->text, "Acknowledgement number %u (relative %u)", t->ack, flow->ack_rel);
    else
        SET(c->text, "Acknowledgement number %u%s", t->ack,
            (t->flags & TCP_ACK) ? "" : " (no ACK)");
    c = add(&rows[3], 4);
    SET(c->text, "Off %u", t->data_offset);
    SET(c->brief, "%u", t->data_offset);
    c = add(&rows[3], 3);
    SET(c->text, "%u", (unsigned)t->flags >> 9);
    c = add(&rows[3], 9);
    struct outbuf names;
    outbuf_init_mem(&names);
    print_tcp_flags_names(&names, t->flags & 0x1ff, ",");
    ob_putc(&names, '\0');
    SET(c->text, "%s", names.buf ? names.buf : "");
    free(names.buf);
    SET(c->brief, "0x%03x", t->flags & 0x1ffu);
    c = add(&rows[3], 16);
    SET(c->text, "Window %u", t->window);
    c = add(&rows[4], 16);
    SET(c->text, "Checksum 0x%04x %s", t->checksum, print_checksum_word(t->checksum_status));
    SET(c->brief, "0x%04x", t->checksum);
    c = add(&rows[4], 16);
    SET(c->text, "Urgent pointer %u", t->urgent);
    SET(c->brief, "Urg %u", t->urgent);
    unsigned n = 5;
    if (t->data_offset > 5) {
        c = add(&rows[n++], 32);
        size_t k = (size_t)snprintf(c->text, sizeof c->text, "Options %u bytes:",
                                    (t->data_offset - 5u) * 4);
        for (unsigned i = 0; i < t->option_count && k < sizeof c->text; i++) {
            const char *on = names_lookup(names_tcp_option, t->options[i].kind);
            k += (size_t)snprintf(c->text + k, sizeof c->text - k, " %s", on ? on : "?");
        }
        SET(c->brief, "Options");
    }
    c = add(&rows[n++], 32);
    SET(c->text, "Data: %u bytes", payload);
    ob_puts(ob, "TCP header, ");
    ob_u64(ob, t->data_offset * 4u);
    ob_puts(ob, " bytes\n");
    rows_print(ob, rows, n);
}

/* The UDP header (RFC 768): two rows of two 16-bit fields, then the data it carries. Drawn only
 * when its 8 bytes were captured, as IPv4's and TCP's are only when whole. */
static void udp_diagram(struct outbuf *ob, const struct packet *pkt)
{
    const struct udp_hdr *u = &pkt->udp;
    struct row rows[3];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 16);
    SET(c->text, "Source port %u", u->src_port);
    SET(c->brief, "%u", u->src_port);
    c = add(&rows[0], 16);
    SET(c->text, "Destination port %u", u->dst_port);
    SET(c->brief, "%u", u->dst_port);
    c = add(&rows[1], 16);
    SET(c->text, "Length %u", u->length);
    SET(c->brief, "%u", u->length);
    c = add(&rows[1], 16);
    /* Over IPv4 a zero checksum means the sender computed none (RFC 768). */
    if (u->checksum == 0 && !pkt->ipv6.present)
        SET(c->text, "Checksum 0 (none)");
    else
        SET(c->text, "Checksum 0x%04x %s", u->checksum, print_checksum_word(u->checksum_status));
    SET(c->brief, "0x%04x", u->checksum);
    c = add(&rows[2], 32);
    if (pkt->udp_spans_fragments)
        SET(c->text, "Data: %u bytes here, %u in the datagram", pkt->fragment_payload_len,
            u->length - 8u);
    else if (u->length >= 8 && !(pkt->anomalies & ANOMALY_UDP_LENGTH_INVALID))
        SET(c->text, "Data: %u bytes", u->length - 8u);
    else
        SET(c->text, "Data: %u bytes captured (length invalid)", pkt->payload_caplen);
    SET(c->brief, "Data");
    ob_puts(ob, "UDP header, 8 bytes\n");
    rows_print(ob, rows, 3);
}

void print_diagram(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                   const struct packet *pkt, const struct flow_info *flow)
{
    print_line(ctx, ob, fr, pkt, flow);
    if (pkt->ipv4.present && PRINT_HAS(&pkt->ipv4, 20) && pkt->ipv4.version == 4)
        ipv4_diagram(ob, &pkt->ipv4);
    if (pkt->tcp.present && pkt->tcp.payload_length_known)
        tcp_diagram(ob, &pkt->tcp, flow, pkt->tcp.payload_length);
    if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8))
        udp_diagram(ob, pkt);
    ob_putc(ob, '\n');
}
