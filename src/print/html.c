/* html.c - `--html FILE`: one self-contained page (inline CSS, JS and SVG) that steps through a
 * capture or a demo run. The data is embedded once as JSON: the --json objects of the packets,
 * the demo's steps (each with the walkthrough's sentence for it), the message tables of both
 * languages, and the TCP analysis in both
 * (analysis_text.c's tags, French reasons and labels; the English reasons are the JSON's why).
 * The CSS and JS are the files of src/print/html/, embedded at build time. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/html.h"
#include "stackscope/print.h"
#include "walkthrough.h"

extern const unsigned char html_page_css[];
extern const size_t html_page_css_len;
extern const unsigned char html_page_js[];
extern const size_t html_page_js_len;

/* A JSON string. <, > and & are escaped too, so that nothing in the data can close the
 * <script> element it sits in. */
static void json_string(struct outbuf *ob, const char *s)
{
    static const char hexdig[] = "0123456789abcdef";
    ob_putc(ob, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            ob_putc(ob, '\\');
            ob_putc(ob, (char)c);
        } else if (c == '\n') {
            ob_puts(ob, "\\n");
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            ob_puts(ob, "\\u00");
            ob_putc(ob, hexdig[c >> 4]);
            ob_putc(ob, hexdig[c & 15]);
        } else {
            ob_putc(ob, (char)c); /* UTF-8 passes through: the page is UTF-8 */
        }
    }
    ob_putc(ob, '"');
}

static void html_text(struct outbuf *ob, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            ob_puts(ob, "&lt;");
        else if (*s == '>')
            ob_puts(ob, "&gt;");
        else if (*s == '&')
            ob_puts(ob, "&amp;");
        else if (*s == '"')
            ob_puts(ob, "&quot;");
        else
            ob_putc(ob, *s);
    }
}

static void texts_json(struct outbuf *ob, const struct lesson_text *t)
{
    ob_putc(ob, '{');
    for (int i = 0; i < MSG_WALKTHROUGH_COUNT_; i++) { /* the analysis' words go in their own */
        if (i)
            ob_putc(ob, ',');
        json_string(ob, lesson_msg_names[i]);
        ob_putc(ob, ':');
        json_string(ob, t->msg[i] ? t->msg[i] : "");
    }
    ob_putc(ob, '}');
}

/* --diagram's names of the fields it draws in narrow boxes (LESSON_DIAGRAM_MESSAGES: « Vers. »,
 * « Déc. », « TTL », « Proto »), under the page's field keys: each template's words before the
 * one that holds its first value. The page writes them where a cell is too narrow for the field's whole name. */
static void short_names_json(struct outbuf *ob, const struct lesson_text *t)
{
    static const struct {
        const char *key;
        enum lesson_msg msg;
    } names[] = {
        {"VERSION", MSG_DIAG_VERSION},         {"IHL", MSG_DIAG_IHL},
        {"TOS", MSG_DIAG_TOS},                 {"TOTAL_LENGTH", MSG_DIAG_TOTAL_LENGTH},
        {"ID", MSG_DIAG_ID},                   {"FRAG", MSG_DIAG_FRAG},
        {"TTL", MSG_DIAG_TTL_SHORT},           {"PROTOCOL", MSG_DIAG_PROTOCOL_SHORT},
        {"IP_CHECKSUM", MSG_DIAG_CHECKSUM},    {"SPORT", MSG_DIAG_SPORT},
        {"DPORT", MSG_DIAG_DPORT},             {"DATA_OFFSET", MSG_DIAG_DATA_OFFSET},
        {"WINDOW", MSG_DIAG_WINDOW},           {"TCP_CHECKSUM", MSG_DIAG_CHECKSUM},
        {"URGENT", MSG_DIAG_URGENT},           {"UDP_FIELD_SPORT", MSG_DIAG_SPORT},
        {"UDP_FIELD_DPORT", MSG_DIAG_DPORT},   {"UDP_FIELD_LENGTH", MSG_DIAG_UDP_LENGTH},
        {"UDP_FIELD_CHECKSUM", MSG_DIAG_CHECKSUM},
    };
    ob_putc(ob, '{');
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *m = t->msg[names[i].msg];
        char word[64];
        size_t n = strcspn(m, "%");
        while (n && m[n - 1] != ' ' && (unsigned char)m[n - 1] != 0xa0)
            n--; /* the value's own prefix too ("0x") */
        /* the space before the value: ASCII, or a no-break one (UTF-8 C2 A0) */
        while (n && (m[n - 1] == ' ' || (n >= 2 && (unsigned char)m[n - 2] == 0xc2 &&
                                         (unsigned char)m[n - 1] == 0xa0)))
            n -= m[n - 1] == ' ' ? 1 : 2;
        snprintf(word, sizeof word, "%.*s", (int)n, m);
        if (i)
            ob_putc(ob, ',');
        json_string(ob, names[i].key);
        ob_putc(ob, ':');
        json_string(ob, word);
    }
    ob_putc(ob, '}');
}

/* The sentence the walkthrough tells step k with (wt_step_say): its message's name, and its
 * text in both languages, arguments filled in, for the page's language switch. */
static void step_say_json(struct outbuf *ob, const struct html_page *page, size_t k)
{
    char text[1024];
    enum lesson_msg m = wt_step_say(text, sizeof text, page->run, k, page->texts[0]);
    ob_puts(ob, ",\"say\":");
    json_string(ob, lesson_msg_names[m]);
    ob_puts(ob, ",\"say_text\":{\"en\":");
    json_string(ob, text);
    wt_step_say(text, sizeof text, page->run, k, page->texts[1]);
    ob_puts(ob, ",\"fr\":");
    json_string(ob, text);
    ob_putc(ob, '}');
}

/* What the walkthrough prints about the layers under step k, in both languages, as it prints
 * it: the climb up the receiver's (after a recv, a recvfrom), "climb":{"en":...,"fr":...}, or the
 * way down the sender's (under a sendall's, a sendto's packets), "descent":{...}; nothing for
 * other steps. texts: count English texts, then count French ones. */
static void layers_json(struct outbuf *ob, const char *name, struct outbuf *texts, size_t count,
                        size_t k)
{
    if (!texts || !texts[k].len)
        return;
    for (int l = 0; l < 2; l++) {
        struct outbuf *c = &texts[(size_t)l * count + k];
        if (l) {
            ob_puts(ob, ",\"fr\":");
        } else {
            ob_puts(ob, ",\"");
            ob_puts(ob, name);
            ob_puts(ob, "\":{\"en\":");
        }
        ob_putc(c, '\0');
        json_string(ob, c->buf ? c->buf : "");
    }
    ob_putc(ob, '}');
}

/* The layers' texts of every step, climbs then descents, each in English then French: memory
 * outbufs, NULL when they could not be allocated (the page then goes without them). */
static struct outbuf *layers_texts(const struct html_page *page)
{
    const struct lesson_run *run = page->run;
    size_t n = run->step_count;
    struct outbuf *t = calloc(4 * n + 1, sizeof *t);
    for (size_t i = 0; t && i < 4 * n; i++)
        outbuf_init_mem(&t[i]);
    if (t && n) {
        wt_step_climbs(t, run, page->texts[0]);
        wt_step_climbs(t + n, run, page->texts[1]);
        wt_step_descents(t + 2 * n, run, page->texts[0]);
        wt_step_descents(t + 3 * n, run, page->texts[1]);
    }
    return t;
}

/* What each packet means, line by line, as the walkthrough tells it under the packet (its flags,
 * what it acknowledges, the state change), in both languages: "meaning":[{"en":[...],"fr":[...]}]
 * (the analysis' verdicts are left out: the page tells them in its analysis section). */
static void meaning_json(struct outbuf *ob, const struct html_page *page)
{
    const struct lesson_run *run = page->run;
    struct wt_meaning *m = malloc(sizeof *m);
    ob_puts(ob, "\"meaning\":[");
    for (size_t i = 0; m && i < run->packet_count; i++) {
        ob_puts(ob, i ? ",\n{" : "\n{");
        for (int l = 0; l < 2; l++) {
            wt_packet_meaning(m, run, i, page->texts[l]);
            ob_puts(ob, l ? "],\"fr\":[" : "\"en\":[");
            bool any = false;
            for (size_t k = 0; k < m->n; k++) {
                if (m->line[k].kind == WT_MEANING_VERDICT || m->line[k].kind == WT_MEANING_PROBLEM)
                    continue;
                if (any)
                    ob_putc(ob, ',');
                any = true;
                json_string(ob, m->line[k].text);
            }
        }
        ob_puts(ob, "]}");
    }
    free(m);
    ob_puts(ob, "],\n");
}

static void steps_json(struct outbuf *ob, const struct html_page *page)
{
    const struct lesson_run *run = page->run;
    struct outbuf *layers = layers_texts(page);
    size_t n = run->step_count;
    ob_puts(ob, "\"steps\":[");
    uint32_t first = 0;
    for (size_t i = 0; i < run->step_count; i++) {
        const struct lesson_step *s = &run->steps[i];
        char actor[32];
        lesson_actor_recorded(actor, sizeof actor, s->actor);
        ob_puts(ob, i ? ",{\"actor\":" : "{\"actor\":");
        json_string(ob, actor); /* as the recording names it; read by older pages */
        ob_puts(ob, ",\"role\":\"");
        ob_puts(ob, lesson_actor_key(s->actor));
        ob_puts(ob, "\",\"n\":");
        ob_u64(ob, s->actor.n);
        ob_puts(ob, s->server ? ",\"server\":true" : ",\"server\":false");
        ob_puts(ob, ",\"call\":\"");
        ob_puts(ob, lesson_call_names[s->call]);
        ob_puts(ob, s->pending ? "\",\"pending\":true" : "\",\"pending\":false");
        ob_puts(ob, s->unconnected ? ",\"unconnected\":true,\"args\":" : ",\"unconnected\":false,\"args\":");
        json_string(ob, s->args);
        ob_puts(ob, ",\"result\":");
        ob_i64(ob, s->result);
        ob_puts(ob, ",\"err\":");
        json_string(ob, s->err);
        ob_puts(ob, ",\"detail\":");
        json_string(ob, s->detail);
        ob_puts(ob, ",\"local_port\":");
        ob_u64(ob, s->local_port);
        ob_puts(ob, ",\"peer_port\":");
        ob_u64(ob, s->peer_port);
        ob_puts(ob, ",\"first\":");
        ob_u64(ob, first);
        ob_puts(ob, ",\"count\":");
        ob_u64(ob, s->packets);
        step_say_json(ob, page, i);
        layers_json(ob, "climb", layers, n, i);
        layers_json(ob, "descent", layers ? layers + 2 * n : NULL, n, i);
        ob_putc(ob, '}');
        first += s->packets;
    }
    ob_putc(ob, ']');
    for (size_t i = 0; layers && i < 4 * n; i++)
        free(layers[i].buf);
    free(layers);
}

/* Each side's TCP state after each packet, as the walkthrough tells them (wt_side_states): the
 * client's and the server's RFC 9293 names, null where that side has none to show (not seen
 * yet, or the kernel answering for a port where nothing listens); null for untracked packets. */
static void sides_json(struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"sides\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct flow_info *f = &run->packets[i].flow;
        if (i)
            ob_putc(ob, ',');
        if (!f->tracked) {
            ob_puts(ob, "null");
            continue;
        }
        struct wt_side_states st = wt_side_states(f);
        const char *name[2] = {flow_state_name((enum flow_tcp_state)st.client_after),
                               flow_state_name((enum flow_tcp_state)st.server_after)};
        for (int k = 0; k < 2; k++) {
            ob_puts(ob, k ? "," : "[");
            if (name[k])
                json_string(ob, name[k]);
            else
                ob_puts(ob, "null");
        }
        ob_putc(ob, ']');
    }
    ob_puts(ob, "],\n");
}

static unsigned link_len(const struct packet *p)
{
    return p->link.present ? p->link.hdr_len : 0;
}

/* The page's own words about the analysis (the legend of the ladder's marks and the pane's
 * links, the lesson's MSG_PAGE_*), under their names without "PAGE_", then the field labels
 * (analysis_text.c's). */
static void analysis_words_json(struct outbuf *ob, enum print_lang lang)
{
    const struct lesson_text *t = lesson_text_of(lang);
    ob_putc(ob, '{');
    for (int i = MSG_PAGE_LEGEND; i <= MSG_PAGE_VERDICT; i++) {
        if (i != MSG_PAGE_LEGEND)
            ob_putc(ob, ',');
        json_string(ob, lesson_msg_names[i] + strlen("PAGE_"));
        ob_putc(ob, ':');
        json_string(ob, t->msg[i]);
    }
    static const char *const label_keys[PRINT_ANALYSIS_LABEL_COUNT_] = {
        [PRINT_ANALYSIS_LABEL_STREAM] = "STREAM",
        [PRINT_ANALYSIS_LABEL_ANALYSIS] = "ANALYSIS",
        [PRINT_ANALYSIS_LABEL_ACKS] = "ACKS",
        [PRINT_ANALYSIS_LABEL_BYTES] = "BYTES",
        [PRINT_ANALYSIS_LABEL_RTT] = "RTT",
        [PRINT_ANALYSIS_LABEL_IN_FLIGHT] = "IN_FLIGHT",
        [PRINT_ANALYSIS_LABEL_RTO] = "RTO",
        [PRINT_ANALYSIS_LABEL_HANDSHAKE_RTT] = "HANDSHAKE_RTT",
        [PRINT_ANALYSIS_LABEL_NOTE] = "NOTE",
        [PRINT_ANALYSIS_LABEL_WINDOW_BYTES] = "WINDOW_BYTES",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED] = "WINDOW_UNSCALED",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNKNOWN] = "WINDOW_UNKNOWN",
        [PRINT_ANALYSIS_LABEL_WINDOW_SYN] = "WINDOW_SYN",
    };
    for (int i = 0; i < PRINT_ANALYSIS_LABEL_COUNT_; i++) {
        if (!label_keys[i]) /* a label the page does not use */
            continue;
        ob_putc(ob, ',');
        json_string(ob, label_keys[i]);
        ob_putc(ob, ':');
        json_string(ob, print_analysis_label(lang, (enum print_analysis_label)i));
    }
    ob_putc(ob, '}');
}

/* One verdict's flags for the page: tshark's name, the frame its evidence points to (0: none),
 * whether the ladder marks it (print_analysis_tagged), the tag in both languages and the
 * reason in French (the English one is the JSON's why). The texts hold no '"', '\\', '<', '>'
 * or '&' (analysis_text.c's templates, numbers in them): written as they are. */
static void verdict_flags_json(struct outbuf *ob, const struct analysis_verdict *v,
                               uint16_t tcp_flags)
{
    uint32_t marked = print_analysis_tagged(v->flags);
    ob_puts(ob, "\"v\":[");
    for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++) {
        uint32_t bit = 1u << i;
        if (!(v->flags & bit))
            continue;
        ob_puts(ob, v->flags & (bit - 1u) ? ",{\"flag\":\"" : "{\"flag\":\"");
        ob_puts(ob, analysis_flag_name(bit));
        ob_puts(ob, "\",\"frame\":");
        ob_u64(ob, v->why[i].frame);
        ob_puts(ob, marked & bit ? ",\"mark\":true,\"tag\":[\"" : ",\"mark\":false,\"tag\":[\"");
        print_analysis_tag(ob, PRINT_LANG_EN, v, bit);
        ob_puts(ob, "\",\"");
        print_analysis_tag(ob, PRINT_LANG_FR, v, bit);
        ob_puts(ob, "\"],\"why_fr\":\"");
        print_analysis_reason(ob, PRINT_LANG_FR, v, bit, tcp_flags);
        ob_puts(ob, "\"}");
    }
    ob_putc(ob, ']');
}

/* What the page adds to a packet's --json analysis: null where none ran, else the window's
 * scale shift (tcp.window_size's: 0..14, -2 no scaling, -1 unknown), the flags in words and the
 * notes in both languages. */
static void verdict_json(struct outbuf *ob, const struct lesson_packet *lp)
{
    const struct analysis_verdict *v = lp->frame.analysis;
    if (!v || !v->has_stream) {
        ob_puts(ob, "null");
        return;
    }
    ob_puts(ob, "{\"shift\":");
    ob_i64(ob, v->window_shift);
    ob_putc(ob, ',');
    verdict_flags_json(ob, v, lp->pkt.tcp.present ? lp->pkt.tcp.flags : 0);
    ob_puts(ob, ",\"notes\":[");
    for (uint32_t i = 0; i < ANALYSIS_NOTE_COUNT; i++) {
        uint32_t bit = 1u << i;
        if (!(v->notes & bit))
            continue;
        ob_puts(ob, v->notes & (bit - 1u) ? ",[\"" : "[\"");
        print_analysis_note(ob, PRINT_LANG_EN, bit);
        ob_puts(ob, "\",\"");
        print_analysis_note(ob, PRINT_LANG_FR, bit);
        ob_puts(ob, "\"]");
    }
    ob_puts(ob, "]}");
}

static void analysis_data_json(struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"analysis_words\":{\"en\":");
    analysis_words_json(ob, PRINT_LANG_EN);
    ob_puts(ob, ",\"fr\":");
    analysis_words_json(ob, PRINT_LANG_FR);
    ob_puts(ob, "},\n\"analysis\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        ob_puts(ob, i ? ",\n" : "\n");
        verdict_json(ob, &run->packets[i]);
    }
    ob_puts(ob, "],\n");
}

/* What the script needs to title the page and count in each language: the name the title
 * gives (the page's script titles it in each language), whether 0 takes the singular; and
 * whether the server's side is the kernel's. */
static void title_json(struct outbuf *ob, const struct html_page *page)
{
    if (page->name) {
        ob_puts(ob, ",\"name\":");
        json_string(ob, page->name);
    }
    ob_puts(ob, ",\"zero_singular\":{\"en\":");
    ob_puts(ob, page->texts[0]->zero_singular ? "true" : "false");
    ob_puts(ob, ",\"fr\":");
    ob_puts(ob, page->texts[1]->zero_singular ? "true" : "false");
    ob_putc(ob, '}');
    /* A demo where nothing listened: the kernel answered for the port (its RSTs), and the
     * walkthrough names that side so (wt_run_has_server); the page too. */
    if (page->run->step_count && page->run->packet_count && !wt_run_has_server(page->run))
        ob_puts(ob, ",\"no_server\":true");
}

/* "packets": the --json objects exactly as `stackscope --json` prints them, one a line; then
 * each packet's connection ("conn", 0: none) and whether the client sent it ("client"). */
static void packets_json(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"packets\":[\n");
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (i)
            ob_puts(ob, ",\n");
        print_json(ctx, ob, &lp->frame, &lp->pkt, &lp->flow);
    }
    ob_puts(ob, "],\n\"conn\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        if (i)
            ob_putc(ob, ',');
        ob_u64(ob, run->packets[i].flow.tracked ? run->packets[i].flow.conn_id : 0);
    }
    ob_puts(ob, "],\n\"client\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        if (i)
            ob_putc(ob, ',');
        ob_puts(ob, run->packets[i].flow.from_client ? "true" : "false");
    }
    ob_puts(ob, "],\n");
}

/* The IP header's bytes: IPv4's IHL, or IPv6's fixed 40 and any extension headers up to the
 * transport header (0: not there, or not captured whole). */
static unsigned ip_len(const struct packet *p)
{
    if (p->ipv4.present)
        return p->ipv4.ihl >= 5 ? p->ipv4.ihl * 4u : 0;
    if (!p->ipv6.present || p->ipv6.fixed_len < 40)
        return 0;
    unsigned next = p->tcp.present ? p->tcp.offset : p->udp.present ? p->udp.offset
                    : p->icmp.present ? p->icmp.offset : 0;
    return next > p->ipv6.offset ? next - p->ipv6.offset : 40u;
}

/* The bytes after the IP header (after the link's, for ARP): TCP's data offset, UDP's and
 * ICMP's fixed 8 (ICMPv6's too), the ARP message's captured part (28 for Ethernet/IPv4). */
static unsigned upper_len(const struct packet *p)
{
    if (p->tcp.present)
        return p->tcp.payload_length_known ? p->tcp.data_offset * 4u : 0;
    if (p->udp.present)
        return PRINT_HAS(&p->udp, 8) ? 8u : 0;
    if (p->icmp.present)
        return p->icmp.fixed_len >= 8 ? 8u : 0;
    return p->arp.present ? p->arp.fixed_len : 0; /* the bytes of it captured */
}

/* "hdr": each packet's link, IP and upper header lengths (upper_len; 0: not there). */
static void headers_json(struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"hdr\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        ob_puts(ob, i ? ",[" : "[");
        ob_u64(ob, link_len(p));
        ob_putc(ob, ',');
        ob_u64(ob, ip_len(p));
        ob_putc(ob, ',');
        ob_u64(ob, upper_len(p));
        ob_putc(ob, ']');
    }
    ob_puts(ob, "],\n");
}

void print_html_data(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page)
{
    const struct lesson_run *run = page->run;
    ob_puts(ob, "{\"title\":");
    json_string(ob, page->title);
    title_json(ob, page);
    ob_puts(ob, ",\"lang\":");
    json_string(ob, page->lang);
    ob_puts(ob, ",\"scenario\":");
    if (run->step_count)
        json_string(ob, run->scenario);
    else
        ob_puts(ob, "null");
    ob_puts(ob, ",\"port\":");
    ob_u64(ob, run->port);
    ob_puts(ob, ",\"truncated\":");
    ob_u64(ob, page->truncated_at);
    ob_puts(ob, ",\n\"texts\":{\"en\":");
    texts_json(ob, page->texts[0]);
    ob_puts(ob, ",\"fr\":");
    texts_json(ob, page->texts[1]);
    ob_puts(ob, "},\n\"short\":{\"en\":");
    short_names_json(ob, page->texts[0]);
    ob_puts(ob, ",\"fr\":");
    short_names_json(ob, page->texts[1]);
    ob_puts(ob, "},\n");
    steps_json(ob, page);
    ob_puts(ob, ",\n");
    packets_json(ctx, ob, run);
    sides_json(ob, run);
    headers_json(ob, run);
    meaning_json(ob, page);
    analysis_data_json(ob, run);
    html_follow_json(ob, run);
    ob_puts(ob, "\"bytes\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        ob_puts(ob, i ? ",\n\"" : "\n\"");
        uint32_t n = p->caplen < HTML_MAX_BYTES ? p->caplen : HTML_MAX_BYTES;
        for (uint32_t k = 0; k < n; k++)
            ob_hex(ob, p->data[k], 2);
        ob_putc(ob, '"');
    }
    ob_puts(ob, "]}");
}

/* The page's title in its language: "stackscope demo: exchange", « stackscope démo : exchange »
 * (the scenario's or the capture's name as given), else the caller's title. */
static void page_title(struct outbuf *ob, const struct html_page *page)
{
    if (!page->name) {
        html_text(ob, page->title);
        return;
    }
    const struct lesson_text *t = page->texts[strcmp(page->lang, "fr") == 0];
    bool demo = page->run->scenario && page->run->scenario[0];
    char title[400];
    wt_fmt(title, sizeof title, t->msg[demo ? MSG_PAGE_TITLE_DEMO : MSG_PAGE_TITLE_CAPTURE],
           page->name);
    html_text(ob, title);
}

void print_html(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page)
{
    ob_puts(ob, "<!DOCTYPE html>\n<html lang=\"");
    html_text(ob, page->lang);
    ob_puts(ob, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    page_title(ob, page);
    ob_puts(ob, "</title>\n<style>\n");
    ob_write(ob, html_page_css, html_page_css_len);
    ob_puts(ob, "</style>\n</head>\n<body>\n<header>\n<h1 id=\"title\">");
    page_title(ob, page);
    ob_puts(ob, "</h1>\n<button id=\"prev\" type=\"button\"></button>\n"
                "<button id=\"play\" type=\"button\"></button>\n"
                "<button id=\"next\" type=\"button\"></button>\n"
                "<span id=\"position\" aria-live=\"polite\"></span>\n"
                "<label id=\"conv-label\" for=\"conv\"></label><select id=\"conv\"></select>\n"
                "<button id=\"follow\" type=\"button\" aria-pressed=\"false\"></button>\n"
                "<span id=\"lang\"><button id=\"lang-en\" type=\"button\">EN</button> "
                "<button id=\"lang-fr\" type=\"button\">FR</button></span>\n</header>\n"
                "<main>\n<div id=\"ladder-pane\"></div>\n"
                "<section id=\"detail\"><div id=\"detail-body\"></div>"
                "<div id=\"summary\"></div></section>\n</main>\n"
                "<script id=\"data\" type=\"application/json\">\n");
    print_html_data(ctx, ob, page);
    ob_puts(ob, "\n</script>\n<script>\n");
    ob_write(ob, html_page_js, html_page_js_len);
    ob_puts(ob, "</script>\n</body>\n</html>\n");
}

int print_html_fd(int fd, const char *path, const struct html_page *page, char *err,
                  size_t err_len)
{
    /* Straight through the buffered writer: no copy of the whole page in memory. */
    static char storage[1 << 16];
    struct outbuf ob;
    outbuf_init_fd(&ob, fd, storage, sizeof storage);
    struct print_opts po = {.mode = PRINT_JSON};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    print_html(&ctx, &ob, page);
    if (outbuf_flush(&ob) < 0) {
        /* path comes shortened by the caller (out_file's shown name): the reason fits */
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(ob.error));
        errno = ob.error; /* the caller tells a closed pipe from a failure by it */
        return -1;
    }
    return 0;
}
