/* follow.c (print) - --follow's three formats, as tshark 4.0.17's `-z follow,tcp,...` prints
 * them (ui/cli/tap-follow.c), with what ascii and hex add for a person (follow_print.h). */
#include "stackscope/follow_print.h"

#include <string.h>

static const char separator[] =
    "===================================================================\n";
static const char hexdigits[] = "0123456789abcdef";

void follow_print_init(struct follow_printer *p, struct outbuf *out, enum follow_format format,
                       const struct follow_target *target, const struct follow *f)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->format = format;
    p->target = target;
    p->follow = f;
}

static void address(struct outbuf *ob, uint8_t family, const uint8_t *a)
{
    if (family == 6)
        ob_ipv6(ob, a);
    else
        ob_ipv4(ob, a);
}

/* tshark's address filter: "((ip.src eq A and tcp.srcport eq P) and (ip.dst eq B and ...)) or
 * ((ip.src eq B ...) and (ip.dst eq A ...))", in the order the endpoints were given. */
static void address_filter(struct outbuf *ob, const struct follow_target *t)
{
    const char *ip = t->family == 6 ? "ipv6" : "ip";
    for (int i = 0; i < 2; i++) {
        int a = i, b = !i;
        ob_puts(ob, i ? " or ((" : "((");
        ob_puts(ob, ip);
        ob_puts(ob, ".src eq ");
        address(ob, t->family, t->addr[a]);
        ob_puts(ob, " and tcp.srcport eq ");
        ob_u64(ob, t->port[a]);
        ob_puts(ob, ") and (");
        ob_puts(ob, ip);
        ob_puts(ob, ".dst eq ");
        address(ob, t->family, t->addr[b]);
        ob_puts(ob, " and tcp.dstport eq ");
        ob_u64(ob, t->port[b]);
        ob_puts(ob, "))");
    }
}

static void header(struct follow_printer *p)
{
    static const char *const names[] = {"ascii", "hex", "raw"};
    struct outbuf *ob = p->out;
    const struct follow *f = p->follow;
    ob_putc(ob, '\n');
    ob_puts(ob, separator);
    ob_puts(ob, "Follow: tcp,");
    ob_puts(ob, names[p->format]);
    ob_puts(ob, "\nFilter: ");
    if (p->target->by_endpoints) {
        address_filter(ob, p->target);
    } else {
        ob_puts(ob, "tcp.stream eq ");
        ob_u64(ob, p->target->stream);
    }
    ob_putc(ob, '\n');
    for (int node = 0; node < 2; node++) {
        ob_puts(ob, node ? "Node 1: " : "Node 0: ");
        if (!f->seen) { /* no segment could be followed: tshark's empty nodes */
            ob_puts(ob, ":0\n");
            continue;
        }
        ob_puts(ob, f->family == 6 ? "[" : "");
        address(ob, f->family, f->node_addr[node]);
        ob_puts(ob, f->family == 6 ? "]:" : ":");
        ob_u64(ob, f->node_port[node]);
        ob_putc(ob, '\n');
    }
    p->header_done = true;
}

static void raw_bytes(struct outbuf *ob, const uint8_t *data, size_t len)
{
    char pair[2];
    for (size_t i = 0; i < len; i++) {
        pair[0] = hexdigits[data[i] >> 4];
        pair[1] = hexdigits[data[i] & 0xf];
        ob_write(ob, pair, 2);
    }
}

/* raw: the block's bytes on one line; a gap is tshark's text and its NUL, in hex too. */
static void raw_block(struct outbuf *ob, const struct follow_block *b)
{
    if (b->node)
        ob_putc(ob, '\t');
    if (b->kind == FOLLOW_GAP) {
        char text[FOLLOW_GAP_TEXT_SIZE];
        size_t n = follow_gap_text(b->missing, text);
        raw_bytes(ob, (const uint8_t *)text, n + 1);
    } else {
        raw_bytes(ob, b->data, b->len);
    }
    ob_putc(ob, '\n');
}

static void direction(struct outbuf *ob, int node)
{
    ob_puts(ob, node ? "Node 1 -> Node 0" : "Node 0 -> Node 1");
}

/* ascii: a line saying what follows, then the text (\r and \n kept, other bytes outside
 * printable ASCII as '.', as tshark), then a newline. */
static void ascii_block(struct outbuf *ob, const struct follow_block *b)
{
    if (b->node)
        ob_putc(ob, '\t');
    if (b->kind == FOLLOW_GAP) {
        ob_i64(ob, b->missing);
        ob_puts(ob, b->missing == 1 || b->missing == -1 ? " byte missing, " : " bytes missing, ");
        direction(ob, b->node);
        if (b->at_end) {
            ob_puts(ob, " (never acknowledged)\n");
            return;
        }
        ob_puts(ob, " (acknowledged in frame ");
        ob_u64(ob, b->frame);
        ob_puts(ob, ")\n");
        return;
    }
    ob_u64(ob, b->len);
    ob_puts(ob, b->len == 1 ? " byte, " : " bytes, ");
    direction(ob, b->node);
    ob_puts(ob, " (frame ");
    ob_u64(ob, b->frame);
    ob_puts(ob, ")\n");
    for (uint32_t i = 0; i < b->len; i++) {
        uint8_t c = b->data[i];
        ob_putc(ob, c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7f) ? (char)c : '.');
    }
    ob_putc(ob, '\n');
}

/* One hex line as tshark's follow_print_hex writes it: the offset (upper case), 16 bytes with a
 * space after the 8th, their text after two spaces (with a space after the 8th as well). */
static void hex_line(struct outbuf *ob, int node, uint32_t offset, const uint8_t *d, size_t n)
{
    char line[80];
    static const char upper[] = "0123456789ABCDEF";
    for (int i = 7; i >= 0; i--, offset >>= 4)
        line[i] = upper[offset & 0xf];
    memset(line + 8, ' ', 52);
    size_t h = 10, a = 60;
    for (size_t i = 0; i < n; i++) {
        line[h++] = hexdigits[d[i] >> 4];
        line[h++] = hexdigits[d[i] & 0xf];
        h++;
        line[a++] = d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '.';
        if (i == 7) {
            h++;
            line[a++] = ' ';
        }
    }
    if (line[a - 1] == ' ')
        a--; /* tshark's: no space at the end of an 8-byte line */
    if (node)
        ob_putc(ob, '\t');
    ob_write(ob, line, a);
    ob_putc(ob, '\n');
}

static void hex_block(struct follow_printer *p, const struct follow_block *b)
{
    uint32_t *pos = &p->pos[b->node];
    if (b->kind == FOLLOW_GAP) {
        char off[9];
        uint32_t o = *pos;
        for (int i = 7; i >= 0; i--, o >>= 4)
            off[i] = "0123456789ABCDEF"[o & 0xf];
        off[8] = '\0';
        if (b->node)
            ob_putc(p->out, '\t');
        ob_puts(p->out, off);
        ob_puts(p->out, "  ");
        ob_i64(p->out, b->missing);
        ob_puts(p->out, b->missing == 1 || b->missing == -1 ? " byte missing" : " bytes missing");
        ob_puts(p->out, b->at_end ? " (never acknowledged)\n" : "\n");
        *pos += (uint32_t)b->missing;
        return;
    }
    for (uint32_t i = 0; i < b->len; i += 16) {
        uint32_t n = b->len - i < 16 ? b->len - i : 16;
        hex_line(p->out, b->node, *pos, b->data + i, n);
        *pos += n;
    }
}

void follow_print_block(void *user, const struct follow_block *b)
{
    struct follow_printer *p = user;
    if (!p->header_done)
        header(p);
    if (p->format == FOLLOW_FORMAT_RAW)
        raw_block(p->out, b);
    else if (p->format == FOLLOW_FORMAT_ASCII)
        ascii_block(p->out, b);
    else
        hex_block(p, b);
}

void follow_print_end(struct follow_printer *p)
{
    if (!p->header_done)
        header(p);
    ob_puts(p->out, separator);
}
