/* diagram.c - `--diagram`: the IPv4, IPv6, TCP, UDP and ICMP headers drawn as the lesson draws them, in rows of
 * 32 bits (two columns per bit), every box holding the packet's value, named in the reader's
 * language (the lesson's message table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"
#include "stackscope/names.h"
#include "stackscope/print.h"
#include "walkthrough.h"

/* A box: its field's name and value in the reader's language, a shorter form where a large value
 * makes that too wide for the box, and a brief one that always fits (the value, or a word). */
struct cell {
    unsigned bits;
    char text[80];
    char shorter[48];
    char brief[24];
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

/* The first of the box's forms that fits its width in columns (UTF-8: « é » is one column), as
 * many bytes as fit when none does. */
static const char *cell_form(const struct cell *c, int width, size_t *len)
{
    const char *forms[3] = {c->text, c->shorter, c->brief};
    const char *t = c->brief;
    for (int k = 0; k < 3; k++) {
        if (forms[k][0] && print_text_width(forms[k], strlen(forms[k])) <= width) {
            t = forms[k];
            break;
        }
    }
    size_t n = 0;
    for (int w = 0; t[n]; n++) /* stop before the character that would be one too many */
        if (((unsigned char)t[n] & 0xc0) != 0x80 && ++w > width)
            break;
    *len = n;
    return t;
}

static void row_print(struct outbuf *ob, const struct row *r)
{
    ob_puts(ob, " |");
    for (unsigned i = 0; i < r->n; i++) {
        const struct cell *c = &r->c[i];
        int width = (int)(2 * c->bits - 1);
        size_t len;
        const char *t = cell_form(c, width, &len);
        int cols = print_text_width(t, len);
        int left = (width - cols) / 2;
        ob_spaces(ob, left);
        ob_write(ob, t, len);
        ob_spaces(ob, width - cols - left);
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
/* A form from the reader's message table: M(c->text, MSG_DIAG_TTL, ip->ttl). */
#define M(field, key, ...) wt_fmt((field), sizeof(field), t->msg[key], __VA_ARGS__)

static void ip_text(char *dst, size_t n, const uint8_t a[4])
{
    snprintf(dst, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* A header's title ("IPv4 header, 20 bytes"), then its ruler and rows. */
static void header_print(struct outbuf *ob, const struct lesson_text *t, enum lesson_msg title,
                         unsigned bytes, const struct row *rows, unsigned n)
{
    char count[32], buf[64];
    wt_count(count, sizeof count, t, WT_BYTES, bytes); /* a malformed IHL can make it 0 */
    M(buf, title, count);
    ob_puts(ob, buf);
    ob_putc(ob, '\n');
    rows_print(ob, rows, n);
}

/* The options' row: their length, then each one's name, as many as the 63-column box holds (an
 * ellipsis for the rest). */
static void options_cell(struct cell *c, const struct lesson_text *t, enum lesson_msg msg,
                         unsigned bytes, const uint8_t *codes, unsigned count,
                         const struct name_entry *names)
{
    const int box = 63;
    M(c->text, msg, bytes);
    size_t k = strlen(c->text);
    int w = print_text_width(c->text, k);
    for (unsigned i = 0; i < count; i++) {
        const char *on = names_lookup(names, codes[i]);
        on = on ? on : "?";
        int need = 1 + (int)strlen(on);
        int room = i + 1 < count ? box - 2 : box; /* keep " …" free unless this is the last */
        if (w + need > room || k + (size_t)need + 5 > sizeof c->text) {
            snprintf(c->text + k, sizeof c->text - k, " \u2026");
            break;
        }
        k += (size_t)snprintf(c->text + k, sizeof c->text - k, " %s", on);
        w += need;
    }
    SET(c->brief, "%s", t->msg[MSG_DIAG_OPTIONS]);
}

static void checksum_cell(struct cell *c, const struct lesson_text *t, uint16_t sum,
                          enum checksum_status st)
{
    M(c->text, MSG_DIAG_CHECKSUM, sum, wt_verdict(t, st));
    SET(c->brief, "0x%04x", sum);
}

static void ipv4_diagram(struct outbuf *ob, const struct lesson_text *t, const struct ipv4_hdr *ip)
{
    struct row rows[7];
    memset(rows, 0, sizeof rows);
    char addr[16];
    struct cell *c;
    c = add(&rows[0], 4);
    M(c->text, MSG_DIAG_VERSION, ip->version);
    SET(c->brief, "%u", ip->version);
    c = add(&rows[0], 4);
    M(c->text, MSG_DIAG_IHL, ip->ihl);
    SET(c->brief, "%u", ip->ihl);
    c = add(&rows[0], 8);
    M(c->text, MSG_DIAG_TOS, ip->tos);
    SET(c->brief, "0x%02x", ip->tos);
    c = add(&rows[0], 16);
    M(c->text, MSG_DIAG_TOTAL_LENGTH, ip->total_length);
    SET(c->brief, "%u", ip->total_length);

    c = add(&rows[1], 16);
    M(c->text, MSG_DIAG_ID, ip->id);
    SET(c->brief, "%u", ip->id);
    c = add(&rows[1], 3);
    /* The box is 5 columns wide: RB+DF+MF alone does not fit, and shows the 3-bit value. */
    SET(c->text, "%s", print_ipv4_flags(ip->flags));
    SET(c->brief, "0x%x", ip->flags & 7u);
    c = add(&rows[1], 13);
    M(c->text, MSG_DIAG_FRAG, ip->frag_offset);
    SET(c->brief, "%u", ip->frag_offset);

    c = add(&rows[2], 8);
    M(c->text, MSG_DIAG_TTL, ip->ttl); /* « Durée de vie 255 » is one column too many */
    M(c->shorter, MSG_DIAG_TTL_SHORT, ip->ttl);
    SET(c->brief, "%u", ip->ttl);
    c = add(&rows[2], 8);
    const char *pn = names_lookup(names_ip_protocol, ip->protocol);
    M(c->text, MSG_DIAG_PROTOCOL, ip->protocol, pn ? pn : "");
    M(c->shorter, MSG_DIAG_PROTOCOL_SHORT, ip->protocol, pn ? pn : "");
    SET(c->brief, "%u", ip->protocol);
    checksum_cell(add(&rows[2], 16), t, ip->checksum, ip->checksum_status);

    ip_text(addr, sizeof addr, ip->src);
    M(add(&rows[3], 32)->text, MSG_DIAG_SRC, addr);
    ip_text(addr, sizeof addr, ip->dst);
    M(add(&rows[4], 32)->text, MSG_DIAG_DST, addr);
    unsigned n = 5;
    if (ip->ihl > 5) {
        uint8_t types[DECODE_MAX_IPV4_OPTIONS];
        unsigned k = 0;
        for (; k < ip->option_count && k < DECODE_MAX_IPV4_OPTIONS; k++)
            types[k] = ip->options[k].type;
        options_cell(add(&rows[n++], 32), t, MSG_DIAG_IP_OPTIONS, (ip->ihl - 5u) * 4, types, k,
                     names_ipv4_option);
    }
    header_print(ob, t, MSG_DIAG_IPV4_TITLE, ip->ihl * 4u, rows, n);
}

/* The sequence and acknowledgement numbers' rows: raw, and relative where the flow knows. */
static void numbers_rows(struct row *rows, const struct lesson_text *t, const struct tcp_hdr *h,
                         const struct flow_info *flow)
{
    struct cell *c = add(&rows[0], 32);
    if (flow && flow->tracked)
        M(c->text, MSG_DIAG_SEQ_REL, h->seq, flow->seq_rel);
    else
        M(c->text, MSG_DIAG_SEQ, h->seq);
    c = add(&rows[1], 32);
    if (flow && flow->tracked && flow->ack_valid)
        M(c->text, MSG_DIAG_ACK_REL, h->ack, flow->ack_rel);
    else if (h->flags & TCP_ACK)
        M(c->text, MSG_DIAG_ACK, h->ack);
    else
        M(c->text, MSG_DIAG_ACK_NONE, h->ack);
}

static void tcp_diagram(struct outbuf *ob, const struct lesson_text *t, const struct tcp_hdr *h,
                        const struct flow_info *flow, uint32_t payload)
{
    struct row rows[7];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 16);
    M(c->text, MSG_DIAG_SPORT, h->src_port);
    SET(c->brief, "%u", h->src_port);
    c = add(&rows[0], 16);
    M(c->text, MSG_DIAG_DPORT, h->dst_port);
    SET(c->brief, "%u", h->dst_port);
    numbers_rows(&rows[1], t, h, flow);
    c = add(&rows[3], 4);
    M(c->text, MSG_DIAG_DATA_OFFSET, h->data_offset);
    SET(c->brief, "%u", h->data_offset);
    c = add(&rows[3], 3);
    SET(c->text, "%u", (unsigned)h->flags >> 9);
    c = add(&rows[3], 9);
    struct outbuf names;
    outbuf_init_mem(&names);
    print_tcp_flags_names(&names, h->flags & 0x1ff, ",");
    ob_putc(&names, '\0');
    SET(c->text, "%s", names.buf ? names.buf : "");
    free(names.buf);
    SET(c->brief, "0x%03x", h->flags & 0x1ffu);
    c = add(&rows[3], 16);
    M(c->text, MSG_DIAG_WINDOW, h->window);
    SET(c->brief, "%u", h->window);
    checksum_cell(add(&rows[4], 16), t, h->checksum, h->checksum_status);
    c = add(&rows[4], 16);
    M(c->text, MSG_DIAG_URGENT, h->urgent);
    SET(c->brief, "%u", h->urgent);
    unsigned n = 5;
    if (h->data_offset > 5) {
        uint8_t kinds[DECODE_MAX_TCP_OPTIONS];
        unsigned k = 0;
        for (; k < h->option_count && k < DECODE_MAX_TCP_OPTIONS; k++)
            kinds[k] = h->options[k].kind;
        options_cell(add(&rows[n++], 32), t, MSG_DIAG_TCP_OPTIONS, (h->data_offset - 5u) * 4,
                     kinds, k, names_tcp_option);
    }
    char bytes[32];
    wt_count(bytes, sizeof bytes, t, WT_BYTES, payload);
    c = add(&rows[n++], 32);
    M(c->text, MSG_DIAG_DATA, bytes);
    header_print(ob, t, MSG_DIAG_TCP_TITLE, h->data_offset * 4u, rows, n);
}

/* The data row under the UDP header: the bytes the datagram carries, those of this fragment
 * where it spans several, those captured where its length field is wrong. */
static void udp_data_cell(struct cell *c, const struct lesson_text *t, const struct packet *pkt)
{
    const struct udp_hdr *u = &pkt->udp;
    char bytes[32];
    if (pkt->udp_spans_fragments) {
        wt_count(bytes, sizeof bytes, t, WT_BYTES, pkt->fragment_payload_len);
        M(c->text, MSG_DIAG_DATA_FRAGMENT, bytes, u->length - 8u);
    } else if (u->length >= 8 && !(pkt->anomalies & ANOMALY_UDP_LENGTH_INVALID)) {
        wt_count(bytes, sizeof bytes, t, WT_BYTES, u->length - 8u);
        M(c->text, MSG_DIAG_DATA, bytes);
    } else {
        wt_count(bytes, sizeof bytes, t, WT_BYTES, pkt->payload_caplen);
        M(c->text, MSG_DIAG_DATA_INVALID, bytes);
    }
    SET(c->brief, "%s", t->msg[MSG_DIAG_DATA_BRIEF]);
}

/* The UDP header (RFC 768): two rows of two 16-bit fields, then the data it carries. Drawn only
 * when its 8 bytes were captured, as IPv4's and TCP's are only when whole. */
static void udp_diagram(struct outbuf *ob, const struct lesson_text *t, const struct packet *pkt)
{
    const struct udp_hdr *u = &pkt->udp;
    struct row rows[3];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 16);
    M(c->text, MSG_DIAG_SPORT, u->src_port);
    SET(c->brief, "%u", u->src_port);
    c = add(&rows[0], 16);
    M(c->text, MSG_DIAG_DPORT, u->dst_port);
    SET(c->brief, "%u", u->dst_port);
    c = add(&rows[1], 16);
    M(c->text, MSG_DIAG_UDP_LENGTH, u->length);
    SET(c->brief, "%u", u->length);
    /* Over IPv4 a zero checksum means the sender computed none (RFC 768). */
    if (u->checksum == 0 && !pkt->ipv6.present)
        SET(add(&rows[1], 16)->text, "%s", t->msg[MSG_DIAG_UDP_NO_CHECKSUM]);
    else
        checksum_cell(add(&rows[1], 16), t, u->checksum, u->checksum_status);
    udp_data_cell(add(&rows[2], 32), t, pkt);
    header_print(ob, t, MSG_DIAG_UDP_TITLE, 8, rows, 3);
}

/* An address's 32-bit word k (0-3) as two IPv6 groups: "2001:0db8". */
static void ipv6_word(char *dst, size_t n, const uint8_t a[16], unsigned k)
{
    const uint8_t *w = a + 4 * k;
    snprintf(dst, n, "%02x%02x:%02x%02x", w[0], w[1], w[2], w[3]);
}

/* The IPv6 header (RFC 8200): version, traffic class and flow label; payload length, next
 * header and hop limit; each 128-bit address on 4 rows, two of its groups a row. */
static void ipv6_diagram(struct outbuf *ob, const struct lesson_text *t, const struct ipv6_hdr *ip)
{
    struct row rows[10];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 4);
    M(c->text, MSG_DIAG_VERSION, ip->version);
    SET(c->brief, "%u", ip->version);
    c = add(&rows[0], 8);
    M(c->text, MSG_DIAG_TRAFFIC_CLASS, ip->traffic_class);
    M(c->shorter, MSG_DIAG_TRAFFIC_CLASS_SHORT, ip->traffic_class);
    SET(c->brief, "0x%02x", ip->traffic_class);
    c = add(&rows[0], 20);
    M(c->text, MSG_DIAG_FLOW_LABEL, ip->flow_label);
    SET(c->brief, "0x%05x", ip->flow_label);
    c = add(&rows[1], 16);
    M(c->text, MSG_DIAG_PAYLOAD_LENGTH, ip->payload_length);
    SET(c->brief, "%u", ip->payload_length);
    c = add(&rows[1], 8);
    const char *nn = names_lookup(names_ip_protocol, ip->next_header);
    M(c->text, MSG_DIAG_NEXT_HEADER, ip->next_header, nn ? nn : "");
    M(c->shorter, MSG_DIAG_NEXT_HEADER_SHORT, ip->next_header, nn ? nn : "");
    SET(c->brief, "%u", ip->next_header);
    c = add(&rows[1], 8);
    M(c->text, MSG_DIAG_HOP_LIMIT, ip->hop_limit);
    M(c->shorter, MSG_DIAG_HOP_LIMIT_SHORT, ip->hop_limit);
    SET(c->brief, "%u", ip->hop_limit);
    char word[16];
    for (unsigned k = 0; k < 4; k++) {
        ipv6_word(word, sizeof word, ip->src, k);
        M(add(&rows[2 + k], 32)->text, MSG_DIAG_SRC6, word, k + 1);
        ipv6_word(word, sizeof word, ip->dst, k);
        M(add(&rows[6 + k], 32)->text, MSG_DIAG_DST6, word, k + 1);
    }
    header_print(ob, t, MSG_DIAG_IPV6_TITLE, 40, rows, 10);
}

/* The ICMP message's length, from the IP header's; 0 when unknown. */
static uint32_t icmp_message_length(const struct packet *pkt)
{
    uint32_t end = pkt->ipv4.present ? pkt->ipv4.offset + (uint32_t)pkt->ipv4.total_length
                                     : pkt->ipv6.offset + 40u + pkt->ipv6.payload_length;
    return end > pkt->icmp.offset ? end - pkt->icmp.offset : 0;
}

/* ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, checksum; then echo's identifier and
 * sequence number, or the rest of the header as a number; then what follows: an error's
 * quoted datagram, or data. Drawn when its 8 bytes were captured, as UDP's. */
static void icmp_diagram(struct outbuf *ob, const struct lesson_text *t, const struct packet *pkt)
{
    const struct icmp_hdr *ic = &pkt->icmp;
    struct row rows[3];
    memset(rows, 0, sizeof rows);
    struct cell *c;
    c = add(&rows[0], 8);
    M(c->text, MSG_DIAG_ICMP_TYPE, ic->type);
    SET(c->brief, "%u", ic->type);
    c = add(&rows[0], 8);
    M(c->text, MSG_DIAG_ICMP_CODE, ic->code);
    SET(c->brief, "%u", ic->code);
    checksum_cell(add(&rows[0], 16), t, ic->checksum, ic->checksum_status);
    if (ic->is_echo) {
        c = add(&rows[1], 16);
        M(c->text, MSG_DIAG_ICMP_ID, ic->id);
        SET(c->brief, "%u", ic->id);
        c = add(&rows[1], 16);
        M(c->text, MSG_DIAG_ICMP_SEQ, ic->seq);
        SET(c->brief, "%u", ic->seq);
    } else {
        c = add(&rows[1], 32);
        M(c->text, MSG_DIAG_ICMP_REST, ic->rest);
    }
    uint32_t len = icmp_message_length(pkt);
    char bytes[32];
    wt_count(bytes, sizeof bytes, t, WT_BYTES, len > 8 ? len - 8 : 0);
    c = add(&rows[2], 32);
    if (ic->quoted || (pkt->anomalies & ANOMALY_ICMP_QUOTED_TRUNCATED))
        M(c->text, MSG_DIAG_ICMP_QUOTED, bytes);
    else
        M(c->text, MSG_DIAG_DATA, bytes);
    SET(c->brief, "%s", t->msg[MSG_DIAG_DATA_BRIEF]);
    header_print(ob, t, pkt->ipv6.present ? MSG_DIAG_ICMPV6_TITLE : MSG_DIAG_ICMP_TITLE, 8, rows,
                 3);
}

void print_diagram(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                   const struct packet *pkt, const struct flow_info *flow)
{
    /* The boxes in the reader's language (--lang); the line above them is tcpdump's. */
    const struct lesson_text *t = lesson_text_of(ctx->opts.lang);
    print_line(ctx, ob, fr, pkt, flow);
    if (pkt->ipv4.present && PRINT_HAS(&pkt->ipv4, 20) && pkt->ipv4.version == 4)
        ipv4_diagram(ob, t, &pkt->ipv4);
    if (pkt->ipv6.present && PRINT_HAS(&pkt->ipv6, 40) && pkt->ipv6.version == 6)
        ipv6_diagram(ob, t, &pkt->ipv6);
    if (pkt->tcp.present && pkt->tcp.payload_length_known)
        tcp_diagram(ob, t, &pkt->tcp, flow, pkt->tcp.payload_length);
    if (pkt->udp.present && PRINT_HAS(&pkt->udp, 8))
        udp_diagram(ob, t, pkt);
    if (pkt->icmp.present && PRINT_HAS(&pkt->icmp, 8))
        icmp_diagram(ob, t, pkt);
    ob_putc(ob, '\n');
}
