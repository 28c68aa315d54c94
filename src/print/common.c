/* common.c - pieces every printer shares: timestamps, flag strings, anomaly text, colour. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stackscope/names.h"
#include "stackscope/print.h"

void print_ctx_init(struct print_ctx *ctx, const struct print_opts *opts)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->opts = *opts;
    tzset(); /* TZ read once here; localtime_r then uses what it found */
}

static void two_digits(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* Six digits of usec into out. */
static void digits6(char *out, uint32_t usec)
{
    for (int i = 4; i >= 0; i -= 2) { /* two digits a step */
        uint32_t d = usec % 100;
        usec /= 100;
        out[i] = (char)('0' + d / 10);
        out[i + 1] = (char)('0' + d % 10);
    }
}

/* The decimals of a time into out: microseconds, then with nano the three digits below them.
 * Returns how many (6 or 9). */
static size_t fraction_digits(char *out, uint32_t usec, uint32_t nsec_extra, bool nano)
{
    digits6(out, usec);
    if (!nano)
        return 6;
    out[6] = (char)('0' + nsec_extra / 100 % 10);
    out[7] = (char)('0' + nsec_extra / 10 % 10);
    out[8] = (char)('0' + nsec_extra % 10);
    return 9;
}

static void usec6(struct outbuf *ob, uint32_t usec)
{
    char tmp[6];
    digits6(tmp, usec);
    ob_write(ob, tmp, 6);
}

static void fraction(struct outbuf *ob, uint32_t usec, uint32_t nsec_extra, bool nano)
{
    char tmp[9];
    ob_write(ob, tmp, fraction_digits(tmp, usec, nsec_extra, nano));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

/* The zone's offset at t, and its abbreviation; 0 and "UTC" where libc cannot tell. */
static int32_t zone_offset_at(int64_t t, char *name, size_t len)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if ((int64_t)tt != t || !localtime_r(&tt, &tm)) {
        snprintf(name, len, "UTC");
        return 0;
    }
    snprintf(name, len, "%s", tm.tm_zone ? tm.tm_zone : "");
    return (int32_t)tm.tm_gmtoff;
}

/* The second nearest lo, on hi's side (above or below it), whose offset differs from lo's, given
 * that hi's does. */
static int64_t zone_change(int64_t lo, int64_t hi, int32_t off_lo)
{
    char unused[16];
    while (hi - lo > 1 || lo - hi > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (zone_offset_at(mid, unused, sizeof unused) == off_lo)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* Makes ctx's zone hold at t: a lookup for t's hour of capture time, bounded where the offset
 * changes within it (a DST change), so that each later second of the hour costs a comparison. */
static void zone_at(struct print_ctx *ctx, int64_t t)
{
    if (ctx->zone_valid && t >= ctx->zone_from && t < ctx->zone_until)
        return;
    char unused[16];
    int64_t from = floor_div(t, 3600) * 3600, until = from + 3600;
    int32_t off = zone_offset_at(t, ctx->zone_name, sizeof ctx->zone_name);
    if (zone_offset_at(from, unused, sizeof unused) != off)
        from = zone_change(t, from, off) + 1;
    if (zone_offset_at(until - 1, unused, sizeof unused) != off)
        until = zone_change(t, until - 1, off);
    ctx->zone_from = from;
    ctx->zone_until = until;
    ctx->zone_offset = off;
    ctx->zone_valid = true;
}

/* Local "HH:MM:SS" of t into out (8 bytes). */
static void local_hms(struct print_ctx *ctx, int64_t t, char *out)
{
    zone_at(ctx, t);
    int64_t s = t + ctx->zone_offset - floor_div(t + ctx->zone_offset, 86400) * 86400;
    two_digits(out, (int)(s / 3600));
    out[2] = ':';
    two_digits(out + 3, (int)(s / 60 % 60));
    out[5] = ':';
    two_digits(out + 6, (int)(s % 60));
}

void print_time_hms(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr)
{
    /* Captures are time-ordered, so the "HH:MM:SS" string changes once a second at most. */
    if (!ctx->cache_valid || ctx->cached_sec != fr->ts_sec) {
        local_hms(ctx, fr->ts_sec, ctx->cached_hms);
        ctx->cached_sec = fr->ts_sec;
        ctx->cache_valid = true;
    }
    /* One write of the whole text: this runs for every line. */
    char text[18];
    memcpy(text, ctx->cached_hms, 8);
    text[8] = '.';
    ob_write(ob, text, 9 + fraction_digits(text + 9, fr->ts_usec, fr->ts_nsec_extra,
                                           ctx->opts.nano));
}

void print_time_epoch_prec(struct outbuf *ob, const struct print_frame *fr, bool nano)
{
    ob_i64(ob, fr->ts_sec);
    ob_putc(ob, '.');
    fraction(ob, fr->ts_usec, fr->ts_nsec_extra, nano);
}

void print_time_epoch(struct outbuf *ob, const struct print_frame *fr)
{
    print_time_epoch_prec(ob, fr, false);
}

void print_seconds(struct outbuf *ob, int64_t ns)
{
    uint64_t m = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    if (ns < 0)
        ob_putc(ob, '-');
    ob_u64(ob, m / 1000000000u);
    ob_putc(ob, '.');
    usec6(ob, (uint32_t)(m / 1000u % 1000000u));
}

/* The civil date of a day counted from 1970-01-01 (Howard Hinnant's days_from_civil, reversed):
 * no libc call, any year. */
static void civil_date(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = floor_div(days, 146097);
    int64_t doe = days - era * 146097;                                  /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                   /* [0, 11] */
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

/* Formats the local date and time of fr's second into the cache, once per second. */
static void cache_date(struct print_ctx *ctx, const struct print_frame *fr)
{
    if (!ctx->cached_date_len || ctx->cached_date_sec != fr->ts_sec) {
        char hms[8];
        local_hms(ctx, fr->ts_sec, hms);
        int64_t year;
        int month, day;
        civil_date(floor_div(fr->ts_sec + ctx->zone_offset, 86400), &year, &month, &day);
        int n = snprintf(ctx->cached_date, sizeof ctx->cached_date, "%04lld-%02d-%02d %.8s",
                         (long long)year, month, day, hms);
        ctx->cached_date_len = n > 0 ? (size_t)n : 0;
        ctx->cached_date_sec = fr->ts_sec;
    }
}

size_t print_time_full_width(struct print_ctx *ctx, const struct print_frame *fr)
{
    cache_date(ctx, fr);
    return ctx->cached_date_len + strlen(".000000 ") + (ctx->opts.nano ? 3 : 0) +
           strlen(ctx->zone_name);
}

void print_time_full(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr)
{
    cache_date(ctx, fr);
    ob_write(ob, ctx->cached_date, ctx->cached_date_len);
    ob_putc(ob, '.');
    fraction(ob, fr->ts_usec, fr->ts_nsec_extra, ctx->opts.nano);
    ob_putc(ob, ' ');
    ob_puts(ob, ctx->zone_name);
}

/* Remembers fr as the current frame for -ttt and -ttttt, once per frame number. */
static void track_frame(struct print_ctx *ctx, const struct print_frame *fr)
{
    if (ctx->time_seen && ctx->time_frame == fr->number)
        return;
    uint32_t ns = fr->ts_usec * 1000u + fr->ts_nsec_extra;
    if (!ctx->time_seen) {
        ctx->time_first_sec = ctx->time_cur_sec = fr->ts_sec;
        ctx->time_first_ns = ctx->time_cur_ns = ns;
    }
    ctx->time_prev_sec = ctx->time_cur_sec;
    ctx->time_prev_ns = ctx->time_cur_ns;
    ctx->time_cur_sec = fr->ts_sec;
    ctx->time_cur_ns = ns;
    ctx->time_frame = fr->number;
    ctx->time_seen = true;
}

/* tcpdump's delta: a sign column (' ' or '-'), then HH:MM:SS.frac; hours go past 24 (tcpdump
 * wraps them at a day, which hides days: a choice of ours). */
static void print_delta(struct print_ctx *ctx, struct outbuf *ob, int64_t sec, uint32_t ns,
                        int64_t since_sec, uint32_t since_ns)
{
    bool negative = sec < since_sec || (sec == since_sec && ns < since_ns);
    if (negative) {
        int64_t ts = sec;
        uint32_t tn = ns;
        sec = since_sec, ns = since_ns;
        since_sec = ts, since_ns = tn;
    }
    uint64_t d = (uint64_t)sec - (uint64_t)since_sec;
    if (ns < since_ns) {
        d--;
        ns += 1000000000u;
    }
    ns -= since_ns;
    ob_putc(ob, negative ? '-' : ' ');
    if (d / 3600 < 10)
        ob_putc(ob, '0');
    ob_u64(ob, d / 3600);
    char mmss[6] = {':', 0, 0, ':', 0, 0};
    two_digits(mmss + 1, (int)(d / 60 % 60));
    two_digits(mmss + 4, (int)(d % 60));
    ob_write(ob, mmss, 6);
    ob_putc(ob, '.');
    fraction(ob, ns / 1000u, ns % 1000u, ctx->opts.nano);
}

bool print_time(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr)
{
    switch (ctx->opts.time) {
    case PRINT_TIME_NONE:
        return false;
    case PRINT_TIME_EPOCH:
        print_time_epoch_prec(ob, fr, ctx->opts.nano);
        return true;
    case PRINT_TIME_DELTA_PREV:
    case PRINT_TIME_DELTA_FIRST:
        track_frame(ctx, fr);
        if (ctx->opts.time == PRINT_TIME_DELTA_PREV)
            print_delta(ctx, ob, ctx->time_cur_sec, ctx->time_cur_ns, ctx->time_prev_sec,
                        ctx->time_prev_ns);
        else
            print_delta(ctx, ob, ctx->time_cur_sec, ctx->time_cur_ns, ctx->time_first_sec,
                        ctx->time_first_ns);
        return true;
    case PRINT_TIME_DATE:
        cache_date(ctx, fr);
        ob_write(ob, ctx->cached_date, ctx->cached_date_len);
        ob_putc(ob, '.');
        fraction(ob, fr->ts_usec, fr->ts_nsec_extra, ctx->opts.nano);
        return true;
    default: /* PRINT_TIME_LOCAL */
        print_time_hms(ctx, ob, fr);
        return true;
    }
}

void print_tcp_flags_short(struct outbuf *ob, uint16_t flags)
{
    /* tcpdump's letters, ACK last as "." */
    static const struct {
        uint16_t bit;
        char c;
    } letters[] = {{TCP_SYN, 'S'}, {TCP_FIN, 'F'}, {TCP_PSH, 'P'}, {TCP_RST, 'R'},
                   {TCP_URG, 'U'}, {TCP_ECE, 'E'}, {TCP_CWR, 'W'}, {TCP_AE, 'A'},
                   {TCP_ACK, '.'}};
    ob_putc(ob, '[');
    bool any = false;
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        if (flags & letters[i].bit) {
            ob_putc(ob, letters[i].c);
            any = true;
        }
    if (!any)
        ob_putc(ob, '-');
    ob_putc(ob, ']');
}

void print_tcp_flags_names(struct outbuf *ob, uint16_t flags, const char *sep)
{
    bool first = true;
    for (const struct name_entry *e = names_tcp_flag; e->name; e++)
        if (flags & e->value) {
            if (!first)
                ob_puts(ob, sep);
            ob_puts(ob, e->name);
            first = false;
        }
    if (first)
        ob_puts(ob, "none");
}

void print_anomalies_text(struct outbuf *ob, const struct packet *pkt)
{
    if (!pkt->anomalies)
        return;
    ob_puts(ob, pkt->status == DECODE_TRUNCATED ? "truncated: " : pkt->status == DECODE_UNSUPPORTED ? "unsupported: " : "invalid: ");
    bool first = true;
    for (uint32_t i = 0; i < ANOMALY_COUNT_; i++) {
        uint32_t bit = 1u << i;
        if (!(pkt->anomalies & bit))
            continue;
        if (!first)
            ob_puts(ob, "; ");
        ob_puts(ob, decode_anomaly_text(bit));
        first = false;
    }
}

int print_text_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* The French sign after a space at u (";", ":", "!", "?" or "»", then a space, a newline or the
 * end): its length in bytes, else 0. French sets these apart with a space that belongs to them,
 * so no line starts with one. */
static size_t french_sign(const char *u, const char *end)
{
    size_t left = (size_t)(end - u), k = 0;
    if (left >= 1 && strchr(";:!?", u[0]) && u[0])
        k = 1;
    else if (left >= 2 && (unsigned char)u[0] == 0xc2 && (unsigned char)u[1] == 0xbb)
        k = 2;
    return k && (k == left || u[k] == ' ' || u[k] == '\n') ? k : 0;
}

/* The length of the word at p (up to a space, a newline or end); a number and the unit after
 * it ("41 µs", "0.200 s,", "41,2 ms", "(988 o)": a time, or octets as French abbreviates them)
 * count as one word, so that no line ends between them; so do a French sign and the word before
 * it ("fin :"), and "«" and the word after it. (A no-break space, as the French messages put
 * there, already joins them: only spaces and newlines part words, and it is one column.) */
static size_t unit_word(const char *p, const char *end)
{
    size_t n = (size_t)(end - p), word = 0;
    while (word < n && p[word] != ' ' && p[word] != '\n')
        word++;
    if (word > 0 && word + 1 < n && p[word] == ' ') {
        size_t sign = french_sign(p + word + 1, end);
        if (sign)
            return word + 1 + sign;
        /* an opening « ends the word: the quote's first word comes with it */
        if (word >= 2 && (unsigned char)p[word - 2] == 0xc2 && (unsigned char)p[word - 1] == 0xab &&
            p[word + 1] != ' ' && p[word + 1] != '\n')
            return word + 1 + unit_word(p + word + 1, end);
    }
    if (word == 0 || word + 1 >= n || p[word] != ' ' || !strchr("0123456789", p[word - 1]))
        return word;
    for (size_t i = p[0] == '(' ? 1 : 0; i < word; i++)
        if (!strchr("-0123456789.,", p[i]))
            return word;
    const char *u = p + word + 1;
    size_t left = (size_t)(end - u), k = 0;
    static const char *const units[] = {"µs", "ms", "s", "o"};
    for (size_t i = 0; i < sizeof units / sizeof units[0] && !k; i++) {
        size_t len = strlen(units[i]);
        if (left >= len && !memcmp(u, units[i], len))
            k = len;
    }
    if (!k || (k < left && !strchr(" \n,;:.)", u[k])))
        return word;
    while (k < left && u[k] != ' ' && u[k] != '\n') /* the punctuation after the unit */
        k++;
    return word + 1 + k;
}

int print_wrap(struct outbuf *ob, const char *text, size_t n, int col, int indent)
{
    const char *p = text, *end = text + n;
    bool space = false; /* a space is owed before the next word on this line */
    while (p < end) {
        if (*p == '\n' || *p == ' ') {
            if (*p == '\n') {
                ob_putc(ob, '\n');
                ob_spaces(ob, indent);
                col = indent;
            }
            space = *p == ' ';
            p++;
            continue;
        }
        size_t word = unit_word(p, end);
        int w = print_text_width(p, word);
        if (col > indent && col + (space ? 1 : 0) + w > PRINT_WRAP_WIDTH) {
            ob_putc(ob, '\n');
            ob_spaces(ob, indent);
            col = indent;
        } else if (space) {
            ob_putc(ob, ' ');
            col++;
        }
        space = false;
        ob_write(ob, p, word);
        col += w;
        p += word;
    }
    return col;
}

const char *print_ipv4_flags(uint8_t flags)
{
    static const char *const spelled[8] = {"-",  "MF",    "DF",    "DF+MF",
                                           "RB", "RB+MF", "RB+DF", "RB+DF+MF"};
    return spelled[flags & 7];
}

const char *print_checksum_word(enum checksum_status s)
{
    switch (s) {
    case CHECKSUM_GOOD:
        return "good";
    case CHECKSUM_BAD:
        return "bad";
    case CHECKSUM_PARTIAL:
        return "partial";
    default:
        return "unverified";
    }
}

void print_color(struct print_ctx *ctx, struct outbuf *ob, const char *ansi)
{
    if (ctx->opts.color)
        ob_puts(ob, ansi);
}

void print_color_end(struct print_ctx *ctx, struct outbuf *ob)
{
    if (ctx->opts.color)
        ob_puts(ob, "\033[0m");
}

const struct print_sll_ends *print_sll_ends(uint32_t linktype)
{
    /* SLL: pkttype 0-1, hatype 2-3, address length 4-5, address 6-13, protocol 14-15.
     * SLL2: protocol 0-1, reserved 2-3, ifindex 4-7, hatype 8-9, pkttype 10, address length
     * 11, address 12-19. */
    static const struct print_sll_ends sll = {2, 4, 0, 14, 16}, sll2 = {11, 10, 8, 20, 2};
    return linktype == LINKTYPE_LINUX_SLL2 ? &sll2 : &sll;
}

bool print_payload_length(const struct packet *pkt, uint32_t *len)
{
    if (pkt->tcp.present && pkt->tcp.payload_length_known) {
        *len = pkt->tcp.payload_length;
        return true;
    }
    if (pkt->udp.present && PRINT_HAS(&pkt->udp, 6) && pkt->udp.length >= 8) {
        *len = pkt->udp.length - 8u;
        return true;
    }
    return false;
}

void print_packet(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                  const struct packet *pkt, const struct flow_info *flow)
{
    switch (ctx->opts.mode) {
    case PRINT_LINE:
        print_line(ctx, ob, fr, pkt, flow);
        break;
    case PRINT_TREE:
        print_tree(ctx, ob, fr, pkt, flow);
        break;
    case PRINT_DIAGRAM:
        print_diagram(ctx, ob, fr, pkt, flow);
        break;
    case PRINT_JSON:
        print_json(ctx, ob, fr, pkt, flow);
        ob_putc(ob, '\n'); /* JSON lines: one object a line */
        break;
    case PRINT_NONE:
        break;
    }
    if (ctx->opts.hex != PRINT_HEX_NONE && ctx->opts.mode != PRINT_JSON)
        print_hex(ctx, ob, pkt);
}
