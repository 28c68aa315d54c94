/* walk_http.c - the walkthrough's words on HTTP (the lesson's slide "Couche réseau exemple
 * HTTP"): a segment whose payload is an HTTP/1.x message is shown line by line (request or
 * status line, header fields, the blank line, the body, RFC 9112), and once the client has the
 * answer, HTTP is set beside the homemade protocol: the same layers below, different work above.
 * Reads only the captured payload, every access within it. */
#include <stdio.h>
#include <string.h>

#include "walkthrough.h"

/* The payload bytes that were captured. */
static const uint8_t *payload_of(const struct packet *p, uint32_t *len)
{
    *len = p->payload_caplen < p->tcp.payload_length ? p->payload_caplen : p->tcp.payload_length;
    return p->data + p->payload_offset;
}

/* Where the line that starts at off ends (its "\r\n"), or len when it does not end in p. */
static uint32_t line_end(const uint8_t *p, uint32_t len, uint32_t off)
{
    for (uint32_t i = off; i + 1 < len; i++)
        if (p[i] == '\r' && p[i + 1] == '\n')
            return i;
    return len;
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

/* "HTTP/1.d" at p[0..n). */
static bool http_version(const uint8_t *p, uint32_t n)
{
    return n >= 8 && !memcmp(p, "HTTP/1.", 7) && is_digit(p[7]);
}

/* The first line of an HTTP/1.x message, p[0..n) without its "\r\n": a status line
 * (HTTP/1.d SP 3DIGIT SP reason) is 2, a request line (method SP target SP HTTP/1.d) 1, else 0. */
static int first_line_kind(const uint8_t *p, uint32_t n)
{
    if (http_version(p, n))
        return n >= 13 && p[8] == ' ' && is_digit(p[9]) && is_digit(p[10]) && is_digit(p[11]) &&
                       p[12] == ' '
                   ? 2
                   : 0;
    uint32_t sp1 = 0;
    while (sp1 < n && p[sp1] > ' ' && p[sp1] < 0x7f)
        sp1++;
    if (sp1 == 0 || sp1 >= n || p[sp1] != ' ')
        return 0;
    uint32_t sp2 = sp1 + 1;
    while (sp2 < n && p[sp2] > ' ' && p[sp2] < 0x7f)
        sp2++;
    if (sp2 == sp1 + 1 || sp2 >= n || p[sp2] != ' ')
        return 0;
    return n - sp2 - 1 == 8 && http_version(p + sp2 + 1, 8) ? 1 : 0;
}

/* The kind of the HTTP message at the start of packet p's payload (0: not one). */
static int message_kind(const struct packet *p)
{
    if (!wt_is_data(p))
        return 0;
    uint32_t len;
    const uint8_t *b = payload_of(p, &len);
    uint32_t e = line_end(b, len, 0);
    return e < len ? first_line_kind(b, e) : 0;
}

/* One line of the message as text: printable ASCII as it is, other bytes as \xNN. */
static void line_text(char *dst, size_t n, const uint8_t *p, uint32_t len)
{
    size_t k = 0;
    for (uint32_t i = 0; i < len && k + 5 < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f)
            dst[k++] = (char)p[i];
        else
            k += (size_t)snprintf(dst + k, n - k, "\\x%02x", p[i]);
    }
    dst[k] = '\0';
}

/* A labelled row: label in a column w wide, then text wrapped under itself. */
static void row(struct outbuf *ob, int indent, const char *label, int w, const char *text)
{
    ob_spaces(ob, indent);
    ob_puts(ob, label);
    ob_spaces(ob, w - print_text_width(label, strlen(label)) + 2);
    wt_wrap(ob, text, indent + w + 2, indent + w + 2);
    ob_putc(ob, '\n');
}

static int label_width(const struct lesson_text *t, const enum lesson_msg *m, size_t count)
{
    int w = 0;
    for (size_t i = 0; i < count; i++) {
        int lw = print_text_width(t->msg[m[i]], strlen(t->msg[m[i]]));
        w = lw > w ? lw : w;
    }
    return w;
}

/* The body's row: its bytes in this segment, or none for a request that has none. */
static void body_row(struct outbuf *ob, int w, const uint8_t *b, uint32_t len, uint32_t off,
                     const struct packet *p, bool request, const struct lesson_text *t)
{
    char text[240], q[160], size[32];
    uint32_t body = p->tcp.payload_length - off;
    if (body == 0 && request) {
        wt_fmt(text, sizeof text, "%s", t->msg[MSG_HTTP_NO_BODY]);
    } else {
        wt_quote_bytes(q, sizeof q, b + off, len - off, body);
        wt_quote_marks(q, sizeof q, t);
        wt_count(size, sizeof size, t, WT_BYTES, body);
        wt_fmt(text, sizeof text, t->msg[MSG_HTTP_BODY_DETAIL], size, q);
    }
    row(ob, 12, t->msg[MSG_HTTP_BODY], w, text);
}

void wt_http_message(struct outbuf *ob, const struct packet *p, const struct lesson_text *t)
{
    int kind = message_kind(p);
    if (!kind)
        return;
    static const enum lesson_msg labels[] = {MSG_HTTP_REQUEST_LINE, MSG_HTTP_STATUS_LINE,
                                             MSG_HTTP_HEADER, MSG_HTTP_BLANK, MSG_HTTP_BODY};
    int w = label_width(t, labels, sizeof labels / sizeof labels[0]);
    uint32_t len;
    const uint8_t *b = payload_of(p, &len);
    char buf[400], text[240];
    wt_fmt(buf, sizeof buf, t->msg[kind == 1 ? MSG_HTTP_REQUEST_TITLE : MSG_HTTP_RESPONSE_TITLE],
           p->tcp.payload_length);
    wt_line(ob, buf, 10);
    uint32_t off = 0, e = line_end(b, len, 0);
    line_text(text, sizeof text, b, e);
    row(ob, 12, t->msg[kind == 1 ? MSG_HTTP_REQUEST_LINE : MSG_HTTP_STATUS_LINE], w, text);
    /* The header fields, up to the line that is empty; a head cut by the capture ends here. */
    for (off = e + 2; off < len; off = e + 2) {
        e = line_end(b, len, off);
        if (e == len)
            break;
        if (e == off) {
            row(ob, 12, t->msg[MSG_HTTP_BLANK], w, t->msg[MSG_HTTP_BLANK_DETAIL]);
            body_row(ob, w, b, len, e + 2, p, kind == 1, t);
            break;
        }
        line_text(text, sizeof text, b + off, e - off);
        row(ob, 12, t->msg[MSG_HTTP_HEADER], w, text);
    }
    unsigned th = p->tcp.data_offset * 4u, ih = p->ipv4.ihl * 4u;
    wt_fmt(buf, sizeof buf, t->msg[MSG_HTTP_SAME_LAYERS], p->tcp.payload_length, th, ih);
    wt_line(ob, buf, 10);
}

/* Did step k, a recv, read an HTTP response: the first data its socket was sent starts one. */
static bool read_a_response(const struct lesson_run *run, const struct lesson_step *s)
{
    if (s->call != CALL_RECV || s->pending || s->result <= 0)
        return false;
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        if (wt_is_data(p) && p->tcp.dst_port == s->local_port &&
            (!s->peer_port || p->tcp.src_port == s->peer_port))
            return message_kind(p) == 2;
    }
    return false;
}

void wt_http_compare(struct outbuf *ob, const struct lesson_run *run, size_t k,
                     const struct lesson_text *t)
{
    if (!read_a_response(run, &run->steps[k]))
        return;
    static const enum lesson_msg rows[][2] = {
        {MSG_HTTP_COMPARE_APP, MSG_HTTP_COMPARE_APP_TEXT},
        {MSG_HTTP_COMPARE_PRES, MSG_HTTP_COMPARE_PRES_TEXT},
        {MSG_HTTP_COMPARE_SESSION, MSG_HTTP_COMPARE_SESSION_TEXT}};
    const enum lesson_msg labels[] = {rows[0][0], rows[1][0], rows[2][0]};
    int w = label_width(t, labels, 3);
    ob_putc(ob, '\n');
    wt_line(ob, t->msg[MSG_HTTP_COMPARE], 5);
    for (size_t i = 0; i < 3; i++)
        row(ob, 7, t->msg[rows[i][0]], w, t->msg[rows[i][1]]);
}
