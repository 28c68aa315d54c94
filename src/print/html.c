/* html.c - `--html FILE`: one self-contained page (inline CSS, JS and SVG) that steps through a
 * capture or a demo run. The data is embedded once as JSON: the --json objects of the packets,
 * the demo's steps, and the message tables of both languages. The CSS and JS are the files of
 * src/print/html/, embedded at build time. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/html.h"

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
    for (int i = 0; i < MSG_COUNT_; i++) {
        if (i)
            ob_putc(ob, ',');
        json_string(ob, lesson_msg_names[i]);
        ob_putc(ob, ':');
        json_string(ob, t->msg[i] ? t->msg[i] : "");
    }
    ob_putc(ob, '}');
}

static void steps_json(struct outbuf *ob, const struct lesson_run *run)
{
    ob_puts(ob, "\"steps\":[");
    uint32_t first = 0;
    for (size_t i = 0; i < run->step_count; i++) {
        const struct lesson_step *s = &run->steps[i];
        ob_puts(ob, i ? ",{\"actor\":" : "{\"actor\":");
        json_string(ob, s->actor);
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
        ob_putc(ob, '}');
        first += s->packets;
    }
    ob_putc(ob, ']');
}

static unsigned link_len(const struct packet *p)
{
    return p->link.present ? p->link.hdr_len : 0;
}

void print_html_data(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page)
{
    const struct lesson_run *run = page->run;
    ob_puts(ob, "{\"title\":");
    json_string(ob, page->title);
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
    ob_puts(ob, "},\n");
    steps_json(ob, run);
    ob_puts(ob, ",\n\"packets\":[\n");
    /* The --json objects exactly as `stackscope --json` prints them, one per line. */
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct lesson_packet *lp = &run->packets[i];
        if (i)
            ob_puts(ob, ",\n");
        print_json(ctx, ob, &lp->frame, &lp->pkt, &lp->flow);
        /* The object's closing newline is its last byte, still in the buffer (a flush only
         * happens before bytes are added): it becomes the separator instead. */
        if (ob->len > 0 && ob->buf[ob->len - 1] == '\n')
            ob->len--;
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
    ob_puts(ob, "],\n\"hdr\":[");
    for (size_t i = 0; i < run->packet_count; i++) {
        const struct packet *p = &run->packets[i].pkt;
        ob_puts(ob, i ? ",[" : "[");
        ob_u64(ob, link_len(p));
        ob_putc(ob, ',');
        ob_u64(ob, p->ipv4.present && p->ipv4.ihl >= 5 ? p->ipv4.ihl * 4u : 0);
        ob_putc(ob, ',');
        /* The transport header's bytes: TCP's data offset, or UDP's fixed 8. */
        ob_u64(ob, p->tcp.present && p->tcp.payload_length_known ? p->tcp.data_offset * 4u
                   : p->udp.present && PRINT_HAS(&p->udp, 8) ? 8u
                                                            : 0);
        ob_putc(ob, ']');
    }
    ob_puts(ob, "],\n\"bytes\":[");
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

void print_html(struct print_ctx *ctx, struct outbuf *ob, const struct html_page *page)
{
    ob_puts(ob, "<!DOCTYPE html>\n<html lang=\"");
    html_text(ob, page->lang);
    ob_puts(ob, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    html_text(ob, page->title);
    ob_puts(ob, "</title>\n<style>\n");
    ob_write(ob, html_page_css, html_page_css_len);
    ob_puts(ob, "</style>\n</head>\n<body>\n<header>\n<h1 id=\"title\">");
    html_text(ob, page->title);
    ob_puts(ob, "</h1>\n<button id=\"prev\" type=\"button\"></button>\n"
                "<button id=\"play\" type=\"button\"></button>\n"
                "<button id=\"next\" type=\"button\"></button>\n"
                "<span id=\"position\" aria-live=\"polite\"></span>\n"
                "<label id=\"conv-label\" for=\"conv\"></label><select id=\"conv\"></select>\n"
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
        return -1;
    }
    return 0;
}
