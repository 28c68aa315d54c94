/* print.h - every output format, each printer in its own file, all writing into one outbuf.
 *
 * Printers read the decoded struct packet (and, for the hex dump, its raw bytes); they never
 * parse again. Output is deterministic: the capture's time in the local zone (TZ; looked up once
 * an hour of capture time, not per packet), no name lookups, no locale.
 * A struct print_ctx belongs to one thread; it caches the formatted second of the timestamp.
 */
#ifndef STACKSCOPE_PRINT_H
#define STACKSCOPE_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/analysis.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/outbuf.h"

enum print_mode { PRINT_LINE, PRINT_TREE, PRINT_DIAGRAM, PRINT_JSON, PRINT_NONE };
enum print_hex { PRINT_HEX_NONE, PRINT_HEX_BYTES, PRINT_HEX_ASCII };
/* The language of the words printers add (the analysis' reasons); English when zeroed. */
enum print_lang { PRINT_LANG_EN, PRINT_LANG_FR, PRINT_LANG_COUNT_ };

/* tcpdump's -t flags: which time each line begins with. */
enum print_time_format {
    PRINT_TIME_LOCAL = 0,   /* default: HH:MM:SS.fraction, local time */
    PRINT_TIME_NONE,        /* -t */
    PRINT_TIME_EPOCH,       /* -tt: seconds since 1970 */
    PRINT_TIME_DELTA_PREV,  /* -ttt: since the previous packet */
    PRINT_TIME_DATE,        /* -tttt: date and local time */
    PRINT_TIME_DELTA_FIRST, /* -ttttt: since the first packet */
};

struct print_opts {
    enum print_mode mode;
    enum print_time_format time; /* -t ... -ttttt */
    bool nano;            /* --time-stamp-precision=nano: 9 digits */
    bool quick;           /* -q: shorter lines */
    bool ascii;           /* -A: the payload as ASCII under the line */
    enum print_hex hex;   /* -x, -X */
    bool link;            /* -e */
    bool color;           /* ANSI colours */
    bool absolute_seq;    /* -S: raw sequence numbers in the one-line output */
    enum print_lang lang; /* the analysis' reasons and tags */
};

/* One captured frame as the capture layer saw it. */
struct print_frame {
    uint64_t number; /* from 1 */
    int64_t ts_sec;
    uint32_t ts_usec;
    /* Nanoseconds past ts_usec (0-999) where the capture has them (--time-stamp-precision=nano),
     * else 0: the time is ts_sec + ts_usec / 1e6 + ts_nsec_extra / 1e9. */
    uint16_t ts_nsec_extra;
    /* The TCP analysis of this frame (stream, verdicts, calculated window), or NULL where the
     * caller ran none: then no printer shows any of it. Owned by the caller, valid during the
     * call (and as long as a kept copy of the frame is printed). */
    const struct analysis_verdict *analysis;
};

struct print_ctx {
    struct print_opts opts;
    int64_t cached_sec; /* second whose "HH:MM:SS" is in cached_hms */
    char cached_hms[9];
    bool cache_valid;
    int64_t cached_date_sec; /* second whose "YYYY-MM-DD HH:MM:SS" is in cached_date */
    char cached_date[32];
    size_t cached_date_len;
    /* Local time without a libc call per packet: the zone's offset from UTC holds over
     * [zone_from, zone_until), looked up (localtime_r) once per hour of capture time. */
    bool zone_valid;
    int64_t zone_from, zone_until;
    int32_t zone_offset; /* seconds east of UTC */
    char zone_name[16];  /* "CET", "CEST", "UTC" */
    /* -ttt and -ttttt: the first frame's time, the previous one's and the current one's, the
     * current being frame number time_frame (so that a second call for a frame changes none). */
    bool time_seen;
    uint64_t time_frame;
    int64_t time_first_sec, time_prev_sec, time_cur_sec;
    uint32_t time_first_ns, time_prev_ns, time_cur_ns; /* nanoseconds within the second */
};

void print_ctx_init(struct print_ctx *ctx, const struct print_opts *opts);

/* Prints one packet in ctx->opts.mode, then the hex dump if asked. */
void print_packet(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                  const struct packet *pkt, const struct flow_info *flow);

void print_line(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow);
void print_tree(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow);
void print_diagram(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                   const struct packet *pkt, const struct flow_info *flow);
/* One JSON object, without a newline: the caller ends the line (--json) or separates the
 * objects (the page's array). */
void print_json(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                const struct packet *pkt, const struct flow_info *flow);
void print_hex(struct print_ctx *ctx, struct outbuf *ob, const struct packet *pkt);
/* --explain (explain.c): under the packet's usual output, indented sentences in opts.lang saying
 * what it means in its connection's life, the analysis' verdicts (fr->analysis) in words and each
 * side's state where it changed. */
void print_explain(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr,
                   const struct packet *pkt, const struct flow_info *flow);

struct conversations; /* stackscope/conversations.h */
/* --conversations (conversations.c): the table of TCP connections, then of UDP flows, two lines
 * each, in lang's words, with totals and what the full table could not list. */
void print_conversations(struct outbuf *ob, enum print_lang lang, const struct conversations *c);
/* --conversations --json: one object per conversation a line, in order of first packet, then an
 * "other" object per protocol whose conversations did not fit. */
void print_conversations_json(struct outbuf *ob, const struct conversations *c);

/* Pieces shared by the printers (print_common.c). */
/* The time a line begins with, as opts.time and opts.nano ask (tcpdump's -t forms): local
 * "23:13:20.535218"; nothing for -t (returns false then, true otherwise); "1700000000.535218" for
 * -tt; " 00:00:00.000027" (or "-00:00:00.100000" for a frame earlier than the other) since the
 * previous frame (-ttt) or the first (-ttttt), hours not wrapped at 24;
 * "2023-11-14 23:13:20.535218" for -tttt. Nine decimals with opts.nano. Calling it twice for one
 * frame number is harmless. */
bool print_time(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr);
/* Local "HH:MM:SS.frac" (6 or 9 decimals per opts.nano), the text made once per second. */
void print_time_hms(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr);
void print_time_epoch(struct outbuf *ob, const struct print_frame *fr); /* 1700000000.535218 */
/* The same with nine decimals when nano (JSON's "ts" under --time-stamp-precision=nano). */
void print_time_epoch_prec(struct outbuf *ob, const struct print_frame *fr, bool nano);
/* 2023-11-14 23:13:20.535218 CET: local time and the zone's abbreviation (UTC under TZ=UTC),
 * the date part formatted once per second */
void print_time_full(struct print_ctx *ctx, struct outbuf *ob, const struct print_frame *fr);
/* The width of print_time_full's text, in columns (its date cached as print_time_full does). */
size_t print_time_full_width(struct print_ctx *ctx, const struct print_frame *fr);
void print_tcp_flags_short(struct outbuf *ob, uint16_t flags);     /* tcpdump's [S.] */
void print_tcp_flags_names(struct outbuf *ob, uint16_t flags, const char *sep); /* SYN,ACK */
void print_anomalies_text(struct outbuf *ob, const struct packet *pkt);
const char *print_checksum_word(enum checksum_status s);
/* The IPv4 flags (3 bits) as every printer spells them: RB (reserved, the "evil" bit of RFC 3514;
 * tshark's ip.flags.rb), DF, MF joined by '+', "-" when none is set. At most 8 characters. */
const char *print_ipv4_flags(uint8_t flags);
void print_color(struct print_ctx *ctx, struct outbuf *ob, const char *ansi);
void print_color_end(struct print_ctx *ctx, struct outbuf *ob);
/* Prose (-v's reasons, the walkthrough) stays within this many columns. */
#define PRINT_WRAP_WIDTH 80
/* The columns n bytes of UTF-8 take: one per character, whatever its bytes ("–", "µ", "é"). */
int print_text_width(const char *s, size_t n);
/* Writes n bytes of text from column col, wrapping at PRINT_WRAP_WIDTH onto lines indented by
 * indent spaces. Lines break only at spaces, never between a number and its time unit ("0.400 s",
 * "41 µs", "41,2 ms"); a word wider than a line stays whole, past the width. A newline in text
 * starts a new indented line. Returns the column after the text. */
int print_wrap(struct outbuf *ob, const char *text, size_t n, int col, int indent);
/* Where each field of a Linux cooked header ends (the byte after it, for PRINT_HAS); 0 for a
 * field the header does not have (SLL has no interface index). */
struct print_sll_ends {
    unsigned pkttype, hatype, ifindex, src, ethertype;
};
/* The ends for LINKTYPE_LINUX_SLL2, or else SLL's. A pointer to a constant table. */
const struct print_sll_ends *print_sll_ends(uint32_t linktype);
/* Payload length for display: TCP from the IP length, UDP from its length field. */
bool print_payload_length(const struct packet *pkt, uint32_t *len);
/* A link type's name and description as libpcap's pcap_datalink_val_to_name/_description give
 * them ("EN10MB", "Ethernet"; "PPP", "PPP"); false for a type the decoder does not know. */
bool print_linktype_name(uint32_t linktype, const char **name, const char **description);
/* A PPP protocol's short name ("IP", "LCP", "IPCP"...), or NULL. */
const char *print_ppp_protocol_name(uint16_t protocol);

/* The TCP analysis in words (analysis_text.c): every printer words it through these, from one
 * table per language keyed by enum. */
enum print_analysis_label {
    PRINT_ANALYSIS_LABEL_STREAM,
    PRINT_ANALYSIS_LABEL_ANALYSIS,
    PRINT_ANALYSIS_LABEL_ACKS,
    PRINT_ANALYSIS_LABEL_BYTES,
    PRINT_ANALYSIS_LABEL_RTT,
    PRINT_ANALYSIS_LABEL_IN_FLIGHT,
    PRINT_ANALYSIS_LABEL_RTO,
    PRINT_ANALYSIS_LABEL_HANDSHAKE_RTT,
    PRINT_ANALYSIS_LABEL_NOTE,
    PRINT_ANALYSIS_LABEL_WINDOW_BYTES,
    PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED,
    PRINT_ANALYSIS_LABEL_WINDOW_UNKNOWN,
    PRINT_ANALYSIS_LABEL_WINDOW_SYN,
    PRINT_ANALYSIS_LABEL_COUNT_
};
/* One flag's reason, one sentence without its full stop, worded from v->why. bit is one flag
 * set in v->flags; tcp_flags are the segment's (a resent SYN or FIN is named). */
void print_analysis_reason(struct outbuf *ob, enum print_lang lang,
                           const struct analysis_verdict *v, uint32_t bit, uint16_t tcp_flags);
/* The flags that get a tag or a line of their own: RETRANSMISSION is dropped beside the fast
 * or spurious kind, which says more. */
uint32_t print_analysis_tagged(uint32_t flags);
/* One flag's short tag for the one-line output, without brackets: "dup ack 2 of #8". */
void print_analysis_tag(struct outbuf *ob, enum print_lang lang,
                        const struct analysis_verdict *v, uint32_t bit);
/* One note (enum analysis_note bit) in words. */
void print_analysis_note(struct outbuf *ob, enum print_lang lang, uint32_t bit);
const char *print_analysis_label(enum print_lang lang, enum print_analysis_label which);
/* A flag that says something went wrong (shown in the error colour), not only what happened. */
bool print_analysis_is_problem(uint32_t bit);
/* A duration for people, truncated: "85 µs" under a millisecond, "41 ms" or "41.2 ms" (to the
 * tenth, shown where it is not 0) under a second, else seconds to the millisecond ("1.400 s");
 * French takes a decimal comma ("41,2 ms", "1,400 s"). JSON's time fields use print_seconds. */
void print_duration(struct outbuf *ob, enum print_lang lang, int64_t ns);
/* A duration as JSON's times: seconds with the capture's six decimals, "0.040000". */
void print_seconds(struct outbuf *ob, int64_t ns);

/* Layer colours: link, IPv4/IPv6, transport, payload. */
#define PRINT_COLOR_LINK "\033[34m"
#define PRINT_COLOR_IP "\033[32m"
#define PRINT_COLOR_TRANSPORT "\033[33m"
#define PRINT_COLOR_PAYLOAD "\033[35m"
#define PRINT_COLOR_ERROR "\033[1;31m"
#define PRINT_COLOR_DIM "\033[2m"
#define PRINT_COLOR_NOTICE "\033[36m" /* analysis tags that are not problems */

/* Field ends within the captured header: the field was decoded (decode.h's DECODE_HAS). Every
 * printer tests each field's end offset with it before showing the field. */
#define PRINT_HAS(hdr, end) DECODE_HAS(hdr, end)

#endif
