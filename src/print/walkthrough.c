/* walkthrough.c - the lesson demo told step by step: each socket call, the packets it caused,
 * each data packet wrapped by the sender's layers and unwrapped by the receiver's. Lines stay
 * within 80 columns; the words come from the caller's message table. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"
#include "stackscope/names.h"
#include "walkthrough.h"

void wt_fmt(char *dst, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(dst, n, f, ap);
    va_end(ap);
}

/* Writes text from column col, wrapping at 80 columns onto lines indented by indent
 * (print_wrap: a number keeps its time unit). Newlines in text start a new indented line. */
void wt_wrap(struct outbuf *ob, const char *text, int col, int indent)
{
    print_wrap(ob, text, strlen(text), col, indent);
}

void wt_line(struct outbuf *ob, const char *text, int indent)
{
    ob_spaces(ob, indent);
    wt_wrap(ob, text, indent, indent);
    ob_putc(ob, '\n');
}

/* Application bytes as the lesson writes them: printable ASCII, others as \xNN, cut after
 * max bytes. */
void wt_quote_bytes_max(char *dst, size_t n, const uint8_t *p, uint32_t len, uint32_t total,
                            uint32_t max)
{
    size_t k = 0;
    dst[k++] = '"';
    for (uint32_t i = 0; i < len && k + 8 < n; i++) {
        if (i == max) {
            k += (size_t)snprintf(dst + k, n - k, "...");
            break;
        }
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
            dst[k++] = (char)p[i];
        else
            k += (size_t)snprintf(dst + k, n - k, "\\x%02x", p[i]);
    }
    if (len < total && len <= max && k + 4 < n)
        k += (size_t)snprintf(dst + k, n - k, "...");
    if (k + 1 < n)
        dst[k++] = '"';
    dst[k < n ? k : n - 1] = '\0';
}

void wt_quote_bytes(char *dst, size_t n, const uint8_t *p, uint32_t len, uint32_t total)
{
    wt_quote_bytes_max(dst, n, p, len, total, 28);
}

void wt_quote_marks(char *dst, size_t n, const struct lesson_text *t)
{
    size_t k = strlen(dst);
    if (t->print_lang != PRINT_LANG_FR || k < 2 || dst[0] != '"' || dst[k - 1] != '"')
        return;
    char inner[256];
    size_t m = k - 2;
    bool cut = m >= 3 && !memcmp(dst + k - 4, "...", 3); /* French cuts with one sign: … */
    snprintf(inner, sizeof inner, "%.*s%s", (int)(cut ? m - 3 : m), dst + 1, cut ? "\u2026" : "");
    snprintf(dst, n, "\u00ab\u00a0%s\u00a0\u00bb", inner); /* « … », no-break spaces inside */
}

enum lesson_msg wt_by_count(const struct lesson_text *t, enum lesson_msg one, enum lesson_msg many,
                            unsigned long v)
{
    return v == 1 || (v == 0 && t->zero_singular) ? one : many;
}

void wt_count(char *dst, size_t n, const struct lesson_text *t, enum wt_noun noun, unsigned long v)
{
    static const enum lesson_msg forms[][2] = {[WT_BYTES] = {MSG_N_BYTE, MSG_N_BYTES},
                                               [WT_PACKETS] = {MSG_N_PACKET, MSG_N_PACKETS}};
    wt_fmt(dst, n, t->msg[wt_by_count(t, forms[noun][0], forms[noun][1], v)], v);
}

const char *wt_side_word(const struct lesson_text *t, bool server)
{
    return t->msg[server ? MSG_WORD_SERVER : MSG_WORD_CLIENT];
}

/* Something from the server's side other than a RST: some socket there answered. When only RSTs
 * came back, the kernel sent them, for a port where nobody listens. */
bool wt_run_has_server(const struct lesson_run *run)
{
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (!lp->flow.from_client && !(lp->pkt.tcp.present && (lp->pkt.tcp.flags & TCP_RST)))
            return true;
    }
    return false;
}

bool wt_is_data(const struct packet *p)
{
    return p->tcp.present && p->tcp.payload_length_known && p->tcp.payload_length > 0;
}

/* A duration in the reader's language, as every printer words it ("41 µs", "0,041 s"). */
void wt_duration_text(char *dst, size_t n, const struct lesson_text *t, int64_t ns)
{
    struct outbuf b;
    outbuf_init_mem(&b);
    print_duration(&b, t->print_lang, ns);
    ob_putc(&b, '\0');
    snprintf(dst, n, "%s", b.buf ? b.buf : "");
    free(b.buf);
}

/* What the acknowledged packet carried: its data, quoted, or the flag that took a sequence
 * number (SYN, SYN-ACK, FIN). */
static void acked_what(char *dst, size_t n, const struct packet *p, const struct lesson_text *t)
{
    if (wt_is_data(p)) {
        char q[160], size[32];
        /* shorter than elsewhere: the line also names the packet, the size and the time */
        wt_quote_bytes_max(q, sizeof q, p->data + p->payload_offset, p->payload_caplen,
                        p->tcp.payload_length, 20);
        wt_quote_marks(q, sizeof q, t);
        wt_count(size, sizeof size, t, WT_BYTES, p->tcp.payload_length);
        wt_fmt(dst, n, t->msg[MSG_ACKED_DATA], q, size);
    } else if (p->tcp.flags & TCP_SYN) {
        wt_fmt(dst, n, "%s", p->tcp.flags & TCP_ACK ? "SYN-ACK" : "SYN");
    } else {
        wt_fmt(dst, n, "%s", p->tcp.flags & TCP_FIN ? "FIN" : "-");
    }
}

/* "ACK of #4 ("MessageVersServeur", 18 bytes), 41 µs later": the packet this one
 * acknowledges (the analysis' acks_frame, numbered as the run) and the time it took. The
 * handshake's third packet also gives the handshake's round trip. False when there is none. */
static bool acked_text(char *dst, size_t n, const struct lesson_run *run,
                       const struct lesson_packet *lp, const struct lesson_text *t)
{
    const struct analysis_verdict *v = lp->frame.analysis;
    if (!v->analysed || v->acks_frame == 0 || v->acks_frame > run->packet_count)
        return false;
    const struct packet *acked = &run->packets[v->acks_frame - 1].pkt;
    char what[200], took[32], rtt[32];
    acked_what(what, sizeof what, acked, t);
    wt_duration_text(took, sizeof took, t, v->ack_rtt_ns);
    bool handshake = v->has_initial_rtt && (acked->tcp.flags & TCP_SYN) &&
                     (acked->tcp.flags & TCP_ACK);
    if (handshake) {
        wt_duration_text(rtt, sizeof rtt, t, v->initial_rtt_ns);
        wt_fmt(dst, n, t->msg[MSG_ACK_OF_HANDSHAKE], v->acks_frame, what, took, rtt);
    } else {
        wt_fmt(dst, n, t->msg[MSG_ACK_OF], v->acks_frame, what, took);
    }
    return true;
}

/* Each verdict of the analysis (a retransmission, a duplicate ACK...) and each note, with its
 * reason, in the words every printer uses (analysis_text.c). A clean loopback run has none. */
static void flag_lines(struct wt_meaning *m, const struct lesson_packet *lp,
                       const struct lesson_text *t)
{
    const struct analysis_verdict *v = lp->frame.analysis;
    uint32_t flags = v->analysed ? print_analysis_tagged(v->flags) : 0;
    for (uint32_t rest = flags | v->notes << ANALYSIS_FLAG_COUNT; rest && m->n < WT_MEANING_MAX;
         rest &= rest - 1) {
        uint32_t bit = rest & (~rest + 1u);
        bool note = bit >> ANALYSIS_FLAG_COUNT;
        struct outbuf a, b;
        outbuf_init_mem(&a);
        outbuf_init_mem(&b);
        if (note) {
            ob_puts(&a, print_analysis_label(t->print_lang, PRINT_ANALYSIS_LABEL_NOTE));
            print_analysis_note(&b, t->print_lang, bit >> ANALYSIS_FLAG_COUNT);
        } else {
            print_analysis_tag(&a, t->print_lang, v, bit);
            print_analysis_reason(&b, t->print_lang, v, bit, lp->pkt.tcp.flags);
        }
        ob_putc(&a, '\0');
        ob_putc(&b, '\0');
        struct wt_meaning_line *l = &m->line[m->n++];
        wt_fmt(l->text, sizeof l->text, t->msg[MSG_ANALYSIS_LINE], a.buf ? a.buf : "",
               b.buf ? b.buf : "");
        free(a.buf);
        free(b.buf);
        l->kind = !note && print_analysis_is_problem(bit) ? WT_MEANING_PROBLEM : WT_MEANING_VERDICT;
    }
}

static void meaning_add(struct wt_meaning *m, enum wt_meaning_kind kind, const char *text)
{
    if (m->n < WT_MEANING_MAX) {
        m->line[m->n].kind = kind;
        wt_fmt(m->line[m->n++].text, sizeof m->line[0].text, "%s", text);
    }
}

void wt_packet_meaning(struct wt_meaning *m, const struct lesson_run *run, size_t index,
                       const struct lesson_text *t)
{
    const struct lesson_packet *lp = &run->packets[index];
    const struct packet *p = &lp->pkt;
    const struct tcp_hdr *tcp = &p->tcp;
    m->n = 0;
    if (!tcp->present || !tcp->payload_length_known) /* a datagram: told by walk_udp.c */
        return;
    enum lesson_msg say = MSG_PKT_ACK;
    if (tcp->flags & TCP_RST)
        say = MSG_PKT_RST;
    else if ((tcp->flags & TCP_SYN) && (tcp->flags & TCP_ACK))
        say = MSG_PKT_SYNACK;
    else if (tcp->flags & TCP_SYN)
        say = MSG_PKT_SYN;
    else if (tcp->flags & TCP_FIN)
        say = MSG_PKT_FIN;
    else if (wt_is_data(p))
        say = MSG_PKT_DATA;
    if (say != MSG_PKT_DATA) /* a data segment is told by its encapsulation */
        meaning_add(m, WT_MEANING_SAY, t->msg[say]);
    char buf[sizeof m->line[0].text];
    if (lp->frame.analysis) {
        if (acked_text(buf, sizeof buf, run, lp, t))
            meaning_add(m, WT_MEANING_ACKED, buf);
        flag_lines(m, lp, t);
    }
    if (wt_state_change_text(buf, sizeof buf, t, &lp->flow))
        meaning_add(m, WT_MEANING_STATE, buf);
}

/* The meaning's lines under the packet's: the analysis' in its colours. */
static void meaning_lines(struct print_ctx *ctx, struct outbuf *ob, const struct wt_meaning *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const struct wt_meaning_line *l = &m->line[i];
        bool verdict = l->kind == WT_MEANING_VERDICT || l->kind == WT_MEANING_PROBLEM;
        ob_spaces(ob, 8);
        if (verdict)
            print_color(ctx, ob, l->kind == WT_MEANING_PROBLEM ? PRINT_COLOR_ERROR
                                                               : PRINT_COLOR_NOTICE);
        wt_wrap(ob, l->text, 8, 8);
        if (verdict)
            print_color_end(ctx, ob);
        ob_putc(ob, '\n');
    }
}

static void packet_line(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                        size_t index, const struct lesson_text *t, bool many_conns)
{
    const struct lesson_packet *lp = &run->packets[index];
    const struct packet *p = &lp->pkt;
    char buf[160], flags[16];
    if (wt_udp_packet_line(ctx, ob, run, index, t))
        return;
    if (!p->tcp.present || !p->tcp.payload_length_known) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_PKT_NOT_WHOLE_TCP], index + 1);
        wt_line(ob, buf, 5);
        return;
    }
    const struct tcp_hdr *tcp = &p->tcp;
    bool from_client = lp->flow.from_client;
    uint16_t cport = from_client ? tcp->src_port : tcp->dst_port;
    char who[64];
    if (!wt_run_has_server(run)) { /* no listener: the kernel answers for the port */
        char kernel[40];
        wt_fmt(kernel, sizeof kernel, t->msg[MSG_WORD_KERNEL_PORT],
               from_client ? tcp->dst_port : tcp->src_port);
        wt_fmt(who, sizeof who, "%s > %s", from_client ? wt_side_word(t, false) : kernel,
               from_client ? kernel : wt_side_word(t, false));
    } else if (many_conns)
        wt_fmt(who, sizeof who, "%s:%u %s %s", wt_side_word(t, false), cport,
            from_client ? ">" : "<", wt_side_word(t, true));
    else
        wt_fmt(who, sizeof who, "%s > %s", wt_side_word(t, !from_client), wt_side_word(t, from_client));
    struct outbuf fb;
    outbuf_init_mem(&fb);
    print_tcp_flags_short(&fb, tcp->flags);
    ob_putc(&fb, '\0');
    snprintf(flags, sizeof flags, "%s", fb.buf ? fb.buf : "");
    free(fb.buf);
    char ack[48] = "ack -";
    if (tcp->flags & TCP_ACK)
        wt_fmt(ack, sizeof ack, "ack %u", lp->flow.ack_rel);
    wt_fmt(buf, sizeof buf, t->msg[MSG_PKT_LINE], index + 1, who, flags, lp->flow.seq_rel, ack,
        tcp->payload_length, tcp->seq, tcp->ack);
    ob_spaces(ob, 5);
    print_color(ctx, ob, PRINT_COLOR_TRANSPORT);
    wt_wrap(ob, buf, 5, 9);
    print_color_end(ctx, ob);
    ob_putc(ob, '\n');
    struct wt_meaning m;
    wt_packet_meaning(&m, run, index, t);
    meaning_lines(ctx, ob, &m);
}

/* One layer of the encapsulation: a label column, a byte column, then wrapped details. */
void wt_layer_row(struct print_ctx *ctx, struct outbuf *ob, const char *color,
                      const char *label, int label_w, const char *bytes, const char *details)
{
    ob_spaces(ob, 10);
    print_color(ctx, ob, color);
    ob_puts(ob, label);
    print_color_end(ctx, ob);
    ob_spaces(ob, label_w - print_text_width(label, strlen(label)) + 1);
    ob_puts(ob, bytes);
    int col = 10 + label_w + 1 + (int)strlen(bytes);
    ob_putc(ob, ' ');
    wt_wrap(ob, details, col + 1, col + 1);
    ob_putc(ob, '\n');
}

const char *wt_verdict(const struct lesson_text *t, enum checksum_status st)
{
    switch (st) {
    case CHECKSUM_GOOD: return t->msg[MSG_VERDICT_GOOD];
    case CHECKSUM_BAD: return t->msg[MSG_VERDICT_BAD];
    case CHECKSUM_PARTIAL: return t->msg[MSG_VERDICT_PARTIAL];
    default: return t->msg[MSG_VERDICT_UNVERIFIED];
    }
}

void wt_ip_row(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
               const struct lesson_text *t, int label_w, unsigned below, enum lesson_msg detail)
{
    const struct ipv4_hdr *ip = &p->ipv4;
    char buf[256], bytes[32], src[16], dst[16];
    unsigned ih = ip->ihl * 4u;
    wt_ip_text(src, sizeof src, ip->src);
    wt_ip_text(dst, sizeof dst, ip->dst);
    wt_fmt(bytes, sizeof bytes, "+%2u = %3u", ih, below + ih);
    wt_fmt(buf, sizeof buf, t->msg[detail], src, dst, ip->ttl, ip->protocol, ip->id, ip->checksum,
           wt_verdict(t, ip->checksum_status));
    wt_layer_row(ctx, ob, PRINT_COLOR_IP, t->msg[MSG_LAYER_IP], label_w, bytes, buf);
}

void wt_link_row(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                 const struct lesson_text *t, int label_w, unsigned below)
{
    char buf[200], bytes[32];
    unsigned lh = p->link.hdr_len;
    wt_fmt(bytes, sizeof bytes, "+%2u = %3u", lh, below + lh);
    if (p->link.linktype == LINKTYPE_ETHERNET) {
        const uint8_t *s = p->link.src, *d = p->link.dst;
        char smac[18], dmac[18];
        wt_fmt(smac, sizeof smac, "%02x:%02x:%02x:%02x:%02x:%02x", s[0], s[1], s[2], s[3], s[4],
               s[5]);
        wt_fmt(dmac, sizeof dmac, "%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2], d[3], d[4],
               d[5]);
        wt_fmt(buf, sizeof buf, t->msg[MSG_LINK_DETAIL], smac, dmac, p->link.ethertype);
    } else {
        char size[32];
        wt_count(size, sizeof size, t, WT_BYTES, lh);
        wt_fmt(buf, sizeof buf, t->msg[MSG_LINK_OTHER], p->link.linktype, size);
    }
    wt_layer_row(ctx, ob, PRINT_COLOR_LINK, t->msg[MSG_LAYER_LINK], label_w, bytes, buf);
}

void wt_on_wire(struct outbuf *ob, const struct packet *p, const struct lesson_text *t)
{
    char buf[96], size[32];
    wt_count(size, sizeof size, t, WT_BYTES, p->len);
    wt_fmt(buf, sizeof buf, t->msg[MSG_ON_WIRE], size);
    wt_line(ob, buf, 10);
}

/* The segment size of a connection: the smallest MSS option of its SYNs (0 when unseen). */
static unsigned conn_mss(const struct lesson_run *run, uint32_t conn_id)
{
    unsigned mss = 0;
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (lp->flow.conn_id != conn_id || !(lp->pkt.tcp.flags & TCP_SYN))
            continue;
        for (unsigned k = 0; k < lp->pkt.tcp.option_count; k++) {
            const struct tcp_option *o = &lp->pkt.tcp.options[k];
            if (o->kind == TCPOPT_MSS && o->valid && (mss == 0 || o->v.mss < mss))
                mss = o->v.mss;
        }
    }
    return mss;
}

void wt_ip_text(char *dst, size_t n, const uint8_t a[4])
{
    snprintf(dst, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* The window as TCP means it: the raw field, and where the handshake set a scale, the bytes it
 * stands for ("64 (× 1024 = 65536 bytes)"): a student reading "window 64" thinks 64 bytes. */
static void window_text(char *dst, size_t n, const struct packet *p,
                        const struct analysis_verdict *v, const struct lesson_text *t)
{
    if (v && v->window_size_known && v->window_shift > 0) {
        char size[32];
        wt_count(size, sizeof size, t, WT_BYTES, v->window_size);
        wt_fmt(dst, n, t->msg[MSG_WINDOW_SCALED], p->tcp.window, 1u << v->window_shift, size);
    } else
        wt_fmt(dst, n, "%u", p->tcp.window);
}

static void encapsulation(struct print_ctx *ctx, struct outbuf *ob, const struct packet *p,
                          const struct analysis_verdict *analysis, const struct lesson_text *t,
                          bool server, unsigned mss)
{
    char buf[256], bytes[32], payload[160];
    const struct tcp_hdr *tcp = &p->tcp;
    const struct ipv4_hdr *ip = &p->ipv4;
    unsigned app = tcp->payload_length, th = tcp->data_offset * 4u, ih = ip->ihl * 4u;
    unsigned lh = p->link.hdr_len;
    int w = 0;
    const enum lesson_msg labels[] = {MSG_LAYER_APP, MSG_LAYER_TCP, MSG_LAYER_IP, MSG_LAYER_LINK};
    for (int i = 0; i < 4; i++) {
        int lw = print_text_width(t->msg[labels[i]], strlen(t->msg[labels[i]]));
        w = lw > w ? lw : w;
    }
    wt_fmt(buf, sizeof buf, t->msg[MSG_DOWN], wt_side_word(t, server));
    wt_line(ob, buf, 8);
    wt_quote_bytes(payload, sizeof payload, p->data + p->payload_offset, p->payload_caplen, app);
    wt_quote_marks(payload, sizeof payload, t);
    wt_fmt(bytes, sizeof bytes, "%5u", app);
    wt_layer_row(ctx, ob, PRINT_COLOR_PAYLOAD, t->msg[MSG_LAYER_APP], w, bytes, payload);
    struct outbuf fb;
    outbuf_init_mem(&fb);
    print_tcp_flags_names(&fb, tcp->flags, ",");
    ob_putc(&fb, '\0');
    wt_fmt(bytes, sizeof bytes, "+%2u = %3u", th, app + th);
    char window[64];
    window_text(window, sizeof window, p, analysis, t);
    wt_fmt(buf, sizeof buf, t->msg[MSG_TCP_DETAIL], tcp->src_port, tcp->dst_port, tcp->seq, tcp->ack,
        fb.buf ? fb.buf : "", window);
    free(fb.buf);
    wt_layer_row(ctx, ob, PRINT_COLOR_TRANSPORT, t->msg[MSG_LAYER_TCP], w, bytes, buf);
    wt_ip_row(ctx, ob, p, t, w, app + th, MSG_IP_DETAIL);
    if (lh)
        wt_link_row(ctx, ob, p, t, w, app + th + ih);
    wt_on_wire(ob, p, t);
    if (tcp->checksum_status == CHECKSUM_PARTIAL)
        wt_line(ob, t->msg[MSG_PARTIAL], 10);
    /* The sender's MSS counts its options too (Linux keeps room for the timestamps). */
    unsigned per = mss > th - 20 ? mss - (th - 20) : 0;
    if (per && app > per) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_GSO], mss, (app + per - 1) / per);
        wt_line(ob, buf, 10);
    }
}

/* A later segment of the same sendall: the same layers, told in one line, not a second time in
 * full (a 5000-byte message cut into 1000-byte segments would repeat it six times). */
static void wrapped_again(struct outbuf *ob, const struct lesson_run *run, size_t index,
                          size_t first, const struct lesson_text *t)
{
    const struct lesson_packet *lp = &run->packets[index];
    const struct packet *p = &lp->pkt;
    unsigned app = p->tcp.payload_length, th = p->tcp.data_offset * 4u;
    unsigned ih = p->ipv4.ihl * 4u, lh = p->link.hdr_len;
    char buf[256];
    wt_fmt(buf, sizeof buf, t->msg[MSG_SEGMENT_AGAIN], first + 1, app, lp->flow.seq_rel,
           lp->flow.seq_rel + app - 1, th, ih, lh, p->len);
    wt_line(ob, buf, 8);
}

int wt_digits(unsigned v)
{
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

void wt_climb_row(struct outbuf *ob, int w, unsigned size, const char *text)
{
    char num[16];
    wt_fmt(num, sizeof num, "%*u", w, size);
    ob_spaces(ob, 10);
    ob_puts(ob, num);
    ob_putc(ob, ' ');
    wt_wrap(ob, text, 10 + w + 1, 10 + w + 1);
    ob_putc(ob, '\n');
}

/* Packet index climbs the receiver's layers, named, up to what the application reads of its data:
 * bytes [from, from + len) (0-based), all of them when from is 0 and len the data's length. */
static void decapsulation(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                          size_t index, uint32_t from, uint32_t len, const struct lesson_text *t,
                          bool server)
{
    char buf[400], payload[160];
    const struct packet *p = &run->packets[index].pkt;
    const struct tcp_hdr *tcp = &p->tcp;
    unsigned app = tcp->payload_length, th = tcp->data_offset * 4u, ih = p->ipv4.ihl * 4u;
    unsigned lh = p->link.hdr_len;
    int w = wt_digits(app + th + ih + lh); /* the sizes' column: as wide as the widest */
    wt_fmt(buf, sizeof buf, t->msg[MSG_UP], wt_side_word(t, server), index + 1);
    wt_line(ob, buf, 8);
    if (lh) {
        wt_fmt(buf, sizeof buf, "%s (-%u)", t->msg[MSG_UNWRAP_LINK], lh);
        print_color(ctx, ob, PRINT_COLOR_LINK);
        wt_climb_row(ob, w, app + th + ih + lh, buf);
        print_color_end(ctx, ob);
    }
    wt_fmt(buf, sizeof buf, "%s (-%u)", t->msg[MSG_UNWRAP_IP], ih);
    wt_climb_row(ob, w, app + th + ih, buf);
    char tcpmsg[128];
    wt_fmt(tcpmsg, sizeof tcpmsg, t->msg[MSG_UNWRAP_TCP], tcp->dst_port);
    wt_fmt(buf, sizeof buf, "%s (-%u)", tcpmsg, th);
    wt_climb_row(ob, w, app + th, buf);
    /* The captured part of those bytes (a capture may be cut short). */
    uint32_t have = p->payload_caplen > from ? p->payload_caplen - from : 0;
    const uint8_t *at = p->data + p->payload_offset + (have ? from : 0);
    wt_quote_bytes(payload, sizeof payload, at, have < len ? have : len, len);
    wt_quote_marks(payload, sizeof payload, t);
    if (from == 0 && len == app) /* else part of them: app >= 2, the noun's plural */
        wt_fmt(buf, sizeof buf, "%s %s", t->msg[MSG_UNWRAP_APP], payload);
    else
        wt_fmt(buf, sizeof buf, t->msg[MSG_UNWRAP_APP_PART], len, from + 1, payload);
    wt_climb_row(ob, w, app, buf);
}

/* A recv() returned data: the segment its first byte came in climbs the receiver's layers, up to
 * the bytes of it that this recv() read (where its words begin, as the b'...' above shows them),
 * then which bytes of which segments it read (packets [0, upto) of the run). */
static void recv_unwrap(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                        size_t si, size_t upto, bool *unwrapped, const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[si];
    struct wt_recv_part parts[64];
    uint32_t first = 0, end = 0;
    size_t n = wt_recv_parts(run, si, upto, parts, sizeof parts / sizeof parts[0], &first, &end);
    for (size_t i = 0; i < n; i++)
        unwrapped[parts[i].index] = true;
    if (n > 0) {
        const struct wt_recv_part *f = &parts[0];
        decapsulation(ctx, ob, run, f->index, f->first - run->packets[f->index].flow.seq_rel,
                      f->end - f->first, t, s->server);
    }
    /* Bytes the capture does not hold (its start not seen): the first segment not shown yet. */
    for (size_t i = 0; n == 0 && i < upto; i++) {
        const struct packet *p = &run->packets[i].pkt;
        if (!unwrapped[i] && wt_is_data(p) && p->ipv4.present &&
            p->tcp.dst_port == s->local_port && (!s->peer_port || p->tcp.src_port == s->peer_port)) {
            unwrapped[i] = true;
            decapsulation(ctx, ob, run, i, 0, p->tcp.payload_length, t, s->server);
            break;
        }
    }
    wt_recv_range_line(ob, run, parts, n, first, end, s->server, t);
}

/* After a recv or recvfrom that returned data: the climb up the receiver's layers (packets
 * [0, upto) of the run; unwrapped: those already climbed, NULL when it could not be had). */
static void step_climb(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                       size_t si, size_t upto, bool *unwrapped, const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[si];
    if (!unwrapped || s->pending)
        return;
    if (s->call == CALL_RECVFROM && s->result >= 0)
        wt_udp_recvfrom(ctx, ob, run, s, upto, unwrapped, t);
    if (s->call == CALL_RECV && s->result > 0)
        recv_unwrap(ctx, ob, run, si, upto, unwrapped, t);
}

void wt_step_climbs(struct outbuf *climbs, const struct lesson_run *run,
                    const struct lesson_text *t)
{
    struct print_opts po = {.mode = PRINT_LINE}; /* no colour */
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    bool *unwrapped = calloc(run->packet_count + 1, sizeof *unwrapped);
    size_t pi = 0;
    for (size_t si = 0; si < run->step_count; si++) {
        size_t left = run->packet_count - pi;
        pi += run->steps[si].packets < left ? run->steps[si].packets : left;
        step_climb(&ctx, &climbs[si], run, si, pi, unwrapped, t);
    }
    free(unwrapped);
}

/* Under packet pi of step si: the way down the sender's layers, for a sendall's first data
 * segment whole (then its HTTP message, if it is one) and its later ones in a line each
 * (wrapped: that first one, SIZE_MAX before it), for a sendto's datagram; nothing for others. */
static void packet_descent(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                           size_t si, size_t pi, size_t *wrapped, const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[si];
    const struct packet *p = &run->packets[pi].pkt;
    if (s->call == CALL_SENDALL && wt_is_data(p) && p->ipv4.present &&
        p->tcp.src_port == s->local_port) {
        if (*wrapped != SIZE_MAX) {
            wrapped_again(ob, run, pi, *wrapped, t);
            return;
        }
        *wrapped = pi;
        encapsulation(ctx, ob, p, run->packets[pi].frame.analysis, t, s->server,
                      conn_mss(run, run->packets[pi].flow.conn_id));
        wt_http_message(ob, p, t);
    } else if (s->call == CALL_SENDTO && wt_is_datagram(p) && p->ipv4.present &&
               p->udp.src_port == s->local_port) {
        wt_udp_encapsulation(ctx, ob, p, t, s->server);
    }
}

void wt_step_descents(struct outbuf *descents, const struct lesson_run *run,
                      const struct lesson_text *t)
{
    struct print_opts po = {.mode = PRINT_LINE}; /* no colour */
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    size_t pi = 0;
    for (size_t si = 0; si < run->step_count; si++) {
        size_t wrapped = SIZE_MAX;
        for (uint32_t k = 0; k < run->steps[si].packets && pi < run->packet_count; k++, pi++)
            packet_descent(&ctx, &descents[si], run, si, pi, &wrapped, t);
    }
}

/* The message that tells step k, and its argument (a step's number; 0: none). */
static enum lesson_msg step_msg(const struct lesson_run *run, size_t k, size_t *arg)
{
    const struct lesson_step *s = &run->steps[k];
    enum lesson_msg m;
    *arg = 0;
    switch (s->error) {
    /* EADDRINUSE: a listening socket, or a connection in TIME-WAIT (walk_time_wait.c) */
    case LESSON_ERR_EADDRINUSE: return wt_eaddrinuse_msg(run, k, arg);
    case LESSON_ERR_ECONNREFUSED: return MSG_ERR_ECONNREFUSED;
    case LESSON_ERR_OTHER: return MSG_ERR_OTHER;
    case LESSON_ERR_NONE: break;
    }
    if (wt_udp_call_msg(s, wt_udp_run(run), &m))
        return m;
    switch (s->call) {
    case CALL_SOCKET: return MSG_CALL_SOCKET;
    case CALL_SETSOCKOPT: return wt_setsockopt_msg(s);
    case CALL_BIND: return MSG_CALL_BIND;
    case CALL_LISTEN: return MSG_CALL_LISTEN;
    case CALL_ACCEPT: return s->pending ? MSG_CALL_ACCEPT_WAIT : MSG_CALL_ACCEPT_DONE;
    case CALL_CONNECT: return MSG_CALL_CONNECT;
    case CALL_SENDALL: return MSG_CALL_SENDALL;
    case CALL_RECV:
        return s->pending ? MSG_CALL_RECV_WAIT : s->result == 0 ? MSG_CALL_RECV_EOF
                                                                : MSG_CALL_RECV_DONE;
    default: return s->unconnected ? MSG_CALL_CLOSE_UNCONNECTED : MSG_CALL_CLOSE;
    }
}

enum lesson_msg wt_step_say(char *dst, size_t n, const struct lesson_run *run, size_t k,
                            const struct lesson_text *t)
{
    size_t arg;
    enum lesson_msg m;
    if (wt_close_say(dst, n, run, k, t, &m))
        return m;
    m = step_msg(run, k, &arg);
    if (arg)
        wt_fmt(dst, n, t->msg[m], arg);
    else
        wt_fmt(dst, n, "%s", t->msg[m]);
    return m;
}

static void step_header(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                        size_t si, const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[si];
    size_t n = si + 1;
    char head[200], result[64];
    if (s->pending)
        snprintf(result, sizeof result, "...");
    else if (s->error != LESSON_ERR_NONE)
        wt_fmt(result, sizeof result, t->msg[MSG_RESULT_FAIL], s->err); /* the errno's name */
    else if (s->call == CALL_SOCKET || s->call == CALL_ACCEPT)
        wt_fmt(result, sizeof result, t->msg[MSG_RESULT_FD], s->result);
    else if (s->call == CALL_SENDALL || s->call == CALL_RECV || s->call == CALL_SENDTO ||
             s->call == CALL_RECVFROM)
        wt_fmt(result, sizeof result,
               t->msg[wt_by_count(t, MSG_RESULT_BYTE, MSG_RESULT_BYTES, (unsigned long)s->result)],
               s->result);
    else
        wt_fmt(result, sizeof result, "%s", t->msg[MSG_RESULT_OK]);
    wt_fmt(head, sizeof head, "%2zu ", n);
    ob_puts(ob, head);
    print_color(ctx, ob, s->server ? PRINT_COLOR_IP : PRINT_COLOR_LINK);
    char actor[48];
    lesson_actor_name(actor, sizeof actor, s->actor, t);
    ob_puts(ob, actor);
    ob_spaces(ob, 15 - print_text_width(actor, strlen(actor)));
    print_color_end(ctx, ob);
    wt_fmt(head, sizeof head, " %s(%s) -> %s", lesson_call_names[s->call], s->args, result);
    wt_wrap(ob, head, 18, 22);
    ob_putc(ob, '\n');
    char say[1024];
    wt_step_say(say, sizeof say, run, si, t);
    if (s->error != LESSON_ERR_NONE)
        print_color(ctx, ob, PRINT_COLOR_ERROR);
    wt_line(ob, say, 5);
    if (s->error != LESSON_ERR_NONE)
        print_color_end(ctx, ob);
    if (s->detail[0] && !s->pending) {
        if (s->call == CALL_CONNECT)
            wt_fmt(head, sizeof head, t->msg[MSG_LOCAL_ADDR], s->detail);
        else
            wt_fmt(head, sizeof head, "%s", s->detail);
        wt_line(ob, head, 5);
    }
}

/* Header bytes of one packet: link + IPv4 + TCP. */
static unsigned header_bytes(const struct packet *p, unsigned *l, unsigned *i, unsigned *tc)
{
    *l = p->link.hdr_len;
    *i = p->ipv4.present ? p->ipv4.ihl * 4u : 0;
    *tc = p->tcp.present && p->tcp.payload_length_known ? p->tcp.data_offset * 4u : 0;
    return *l + *i + *tc;
}

static void summary(struct outbuf *ob, const struct lesson_run *run, const struct lesson_text *t)
{
    if (!run->packet_count) { /* no share of headers to give: say there was no traffic */
        wt_line(ob, t->msg[MSG_SUMMARY_NO_TRAFFIC], 0);
        return;
    }
    unsigned payload = 0, headers = 0, lsum = 0, isum = 0, tsum = 0, usum = 0;
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        unsigned l, ip, tc;
        headers += header_bytes(p, &l, &ip, &tc);
        lsum += l;
        isum += ip;
        tsum += tc;
        if (wt_is_data(p))
            payload += p->tcp.payload_length;
        wt_udp_count(p, &payload, &usum);
    }
    headers += usum;
    unsigned pct = headers + payload ? (headers * 100 + (headers + payload) / 2) /
                                           (headers + payload)
                                     : 0;
    char buf[400], packets[32], data[32], head[32];
    wt_count(packets, sizeof packets, t, WT_PACKETS, run->packet_count);
    wt_count(data, sizeof data, t, WT_BYTES, payload);
    wt_count(head, sizeof head, t, WT_BYTES, headers);
    wt_fmt(buf, sizeof buf, t->msg[MSG_WT_SUMMARY], packets, data, head, pct);
    wt_line(ob, buf, 0);
    if (usum && !tsum)
        wt_fmt(buf, sizeof buf, t->msg[MSG_UDP_SUMMARY_SPLIT], lsum, isum, usum);
    else
        wt_fmt(buf, sizeof buf, t->msg[wt_by_count(t, MSG_SUMMARY_SPLIT_ONE, MSG_SUMMARY_SPLIT, tsum)],
               lsum, isum, tsum);
    wt_line(ob, buf, 0);
}

void print_walkthrough(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                       const struct lesson_text *t)
{
    char buf[400];
    int scenario = lesson_scenario_find(run->scenario);
    const char *desc = scenario >= 0 ? t->msg[lesson_scenarios[scenario].desc] : "";
    wt_fmt(buf, sizeof buf, t->msg[MSG_TITLE], run->scenario, desc);
    print_color(ctx, ob, "\033[1m");
    wt_line(ob, buf, 0);
    print_color_end(ctx, ob);
    bool udp = wt_udp_run(run);
    wt_fmt(buf, sizeof buf, t->msg[scenario >= 0 ? lesson_scenarios[scenario].setup : MSG_SETUP],
           run->port);
    wt_line(ob, buf, 0);
    ob_putc(ob, '\n');

    bool many = false;
    for (size_t i = 0; i < run->packet_count; i++)
        many |= run->packets[i].flow.conn_id != run->packets[0].flow.conn_id;
    bool *unwrapped = calloc(run->packet_count + 1, sizeof *unwrapped);
    size_t pi = 0;
    for (size_t si = 0; si < run->step_count; si++) {
        const struct lesson_step *s = &run->steps[si];
        step_header(ctx, ob, run, si, t);
        if (s->packets == 0 && (s->call == CALL_CONNECT || s->call == CALL_SENDALL ||
                                s->call == CALL_CLOSE || s->call == CALL_SENDTO) &&
            s->error == LESSON_ERR_NONE && !s->unconnected)
            wt_line(ob, t->msg[MSG_NO_PACKET], 5);
        size_t from = pi, wrapped = SIZE_MAX; /* the sendall's first data packet, shown whole */
        for (uint32_t k = 0; k < s->packets && pi < run->packet_count; k++, pi++) {
            packet_line(ctx, ob, run, pi, t, many);
            packet_descent(ctx, ob, run, si, pi, &wrapped, t);
        }
        if (pi - from == s->packets)
            wt_loss_step(ob, run, si, from, t); /* a sendall's only: never beside a climb */
        step_climb(ctx, ob, run, si, pi, unwrapped, t);
        wt_http_compare(ob, run, si, t);
        wt_time_wait_notes(ob, run, si, t);
        ob_putc(ob, '\n');
    }
    free(unwrapped);
    if (udp)
        wt_udp_absent(ob, t);
    print_ladder(ctx, ob, run, t);
    ob_putc(ob, '\n');
    summary(ob, run, t);
}
