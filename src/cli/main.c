/* main.c - wires the parts together: capture -> decode -> flow -> analysis -> print -> stdout.
 * Exit status: 0 success, 1 runtime failure, 2 usage error. Only main exits. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "page_file.h"
#include "stackscope/analysis.h"
#include "stackscope/capture.h"
#include "stackscope/conversations.h"
#include "stackscope/decode.h"
#include "stackscope/demo.h"
#include "stackscope/flow.h"
#include "stackscope/follow_print.h"
#include "stackscope/html.h"
#include "stackscope/out_file.h"
#include "stackscope/outbuf.h"
#include "stackscope/print.h"

#define STACKSCOPE_VERSION "0.1.0"

struct run {
    uint32_t linktype;
    uint64_t frames;
    bool live;
    bool flush_each; /* -l, or a live capture on a terminal: show each packet at once */
    bool no_text;    /* -w -: the capture itself goes to stdout */
    bool writes_file; /* -w FILE or --html FILE: whole, whatever becomes of stdout */
    bool explain;    /* --explain: sentences under each packet */
    uint32_t decode_flags;
    struct print_ctx print;
    struct outbuf out;
    struct flow_table *flows;
    struct out_rotate *rot; /* -w with -C, -G or -U (H8's out_file), else NULL */
    int rot_status;         /* OUT_ROTATE_STOP or _ERROR once a write said so */
    struct analysis *analysis; /* one state for the run, fed every frame in file order */
    bool analyse;              /* something shows the analysis (text or the page) */
    struct analysis_verdict verdict;
    struct conversations *conv; /* --conversations: counted here, printed at the end (else NULL) */
    struct packet pkt;
    /* --html: the packets kept for the page, bytes copied (libpcap reuses its buffer), each
     * with its verdict (its print_frame points there). */
    struct lesson_packet *kept;
    struct analysis_verdict *kept_verdicts;
    size_t kept_count;
    bool kept_full;
    /* --follow: the stream's reassembly and its printer, instead of the packets (else NULL) */
    struct follow *follow;
    struct follow_target follow_target;
    struct follow_printer follow_print;
};

/* Keeps a decoded copy of the packet for the page; past the limit the capture stops. */
static bool keep_for_page(struct run *r, const struct capture_packet *p,
                          const struct flow_info *flow, const struct print_frame *fr)
{
    if (r->kept_count == HTML_MAX_PACKETS) {
        r->kept_full = true;
        return false;
    }
    uint8_t *copy = malloc(p->caplen ? p->caplen : 1);
    if (!copy)
        return false;
    memcpy(copy, p->data, p->caplen);
    struct lesson_packet *lp = &r->kept[r->kept_count++];
    decode_packet(&lp->pkt, r->linktype, copy, p->caplen, p->len);
    lp->flow = *flow;
    lp->frame = *fr;
    return true;
}

/* The frame's time in nanoseconds since 1970. */
static int64_t frame_ns(const struct capture_packet *p)
{
    return analysis_time_ns(p->ts_sec, p->ts_usec, p->ts_nsec_extra);
}

/* --follow: the packet to the reassembly when it is of the stream followed (also under the new
 * number the analysis gave the connection after forgetting it). */
static void follow_feed(struct run *r, uint32_t frame, const struct analysis_verdict *v)
{
    bool opens = (v->flags & ANALYSIS_REUSED_PORTS) ||
                 (r->pkt.tcp.flags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
    if (follow_target_matches(&r->follow_target, &r->pkt, v->has_stream, v->stream))
        follow_packet(r->follow, &r->pkt, frame, v->stream);
    else if (follow_renumbered(r->follow, &r->follow_target, &r->pkt, v->has_stream, v->stream,
                               opens))
        follow_packet(r->follow, &r->pkt, frame, r->follow_target.stream);
}

static bool on_packet(void *user, const struct capture_packet *p)
{
    struct run *r = user;
    /* Written first, so that the packets counted are the packets written. */
    if (r->rot && (r->rot_status || (r->rot_status = out_rotate_write(r->rot, p)) != 0))
        return false;
    struct flow_info flow;
    decode_packet_flags(&r->pkt, r->linktype, p->data, p->caplen, p->len, r->decode_flags);
    /* The key once for both tables; the analysis' connection loads while the flow's is used. */
    struct flow_packet_key key;
    flow_packet_key(&r->pkt, &key);
    if (r->analyse)
        analysis_prefetch(r->analysis, &key);
    flow_update_keyed(r->flows, &r->pkt, &key, &flow);
    struct print_frame fr = {.number = ++r->frames,
                             .ts_sec = p->ts_sec,
                             .ts_usec = p->ts_usec,
                             .ts_nsec_extra = p->ts_nsec_extra};
    if (r->analyse) {
        struct analysis_verdict *v = &r->verdict;
        if (r->kept && r->kept_count < HTML_MAX_PACKETS)
            v = &r->kept_verdicts[r->kept_count]; /* lives as long as the kept packet */
        analysis_packet_keyed(r->analysis, &r->pkt, &key, (uint32_t)fr.number, frame_ns(p), v);
        fr.analysis = v;
    }
    if (r->kept && !keep_for_page(r, p, &flow, &fr)) {
        r->frames--;
        return false;
    }
    if (r->conv) {
        conversations_packet(r->conv, &r->pkt, fr.analysis, frame_ns(p));
        return true;
    }
    if (r->no_text)
        return true;
    if (r->follow) {
        if (r->out.error == 0)
            follow_feed(r, (uint32_t)fr.number, fr.analysis);
        /* a reader gone (| head) ends the stream's text, not the file -w or --html writes */
        return r->out.error == 0 || r->writes_file;
    }
    if (r->out.error == 0) {
        print_packet(&r->print, &r->out, &fr, &r->pkt, &flow);
        if (r->explain)
            print_explain(&r->print, &r->out, &fr, &r->pkt, &flow);
        if (r->flush_each)
            outbuf_flush(&r->out);
    }
    /* A closed pipe (| head) stops the loop, unless a file is being written (-w, --html):
     * then only the text stops, and the file gets every packet it was asked for. */
    return r->out.error == 0 || r->writes_file;
}

/* A live capture into a pipe or file: its output leaves after each batch the kernel hands us. */
static void on_batch(void *user)
{
    struct run *r = user;
    outbuf_flush(&r->out);
    if (r->rot && !r->rot_status)
        r->rot_status = out_rotate_flush(r->rot); /* a failure stops at the next packet */
}

static int fail(int status, const char *msg)
{
    fprintf(stderr, "stackscope: %s\n", msg);
    return status;
}

static bool want_color(enum color_when when)
{
    if (when != COLOR_AUTO)
        return when == COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no && *no);
}

/* The step-through page of the packets kept, written into the file opened at the start. */
static int write_page(const struct cli_options *o, const struct run *r, struct page_file *pf)
{
    char title[300], err[CAPTURE_ERRBUF_SIZE];
    const char *name = o->read_file ? o->read_file : o->device ? o->device : "live capture";
    const char *slash = strrchr(name, '/');
    snprintf(title, sizeof title, "stackscope: %s", slash ? slash + 1 : name);
    struct lesson_run run = {.scenario = "", .packets = r->kept, .packet_count = r->kept_count};
    struct html_page page = {.run = &run,
                             .texts = {demo_text("en"), demo_text("fr")},
                             .lang = o->print.lang == PRINT_LANG_FR ? "fr" : "en",
                             .title = title,
                             .name = slash ? slash + 1 : name,
                             .truncated_at = r->kept_full ? HTML_MAX_PACKETS : 0};
    if (r->kept_full)
        fprintf(stderr, "stackscope: --html: stopped after %d packets (the page holds at most "
                        "that many; -c chooses fewer)\n",
                HTML_MAX_PACKETS);
    if (print_html_fd(pf->fd, pf->shown, &page, err, sizeof err) < 0) {
        /* --html - into a reader that stopped (| head): quiet, as for text and -w - */
        bool closed_pipe = errno == EPIPE && pf->file.to_stdout;
        page_file_finish(pf, false, NULL, 0);
        return closed_pipe ? 0 : fail(1, err);
    }
    if (page_file_finish(pf, true, err, sizeof err) < 0)
        return fail(1, err);
    return 0;
}

/* -i's value: a name, or the number -D prints before one (tcpdump's -i 2). */
static int device_name(const char *given, char *name, size_t len, char *err)
{
    uint64_t index = 0; /* 0 (no such number) for "0" and numbers past 2^64 */
    if (!given)
        return capture_default_device(name, len, err);
    if (*given && given[strspn(given, "0123456789")] == '\0') {
        (void)options_number(given, UINT64_MAX, &index);
        return capture_device_by_index(index, name, len, err);
    }
    snprintf(name, len, "%s", given);
    return 0;
}

/* Opens the file or the device (its name into device, for the banner). Returns 0, or the exit
 * status after saying why. */
static int open_input(const struct cli_options *o, struct capture **cap, char *device,
                      size_t device_len)
{
    char err[CAPTURE_ERRBUF_SIZE];
    if (o->read_file) {
        struct capture_file_opts fo = {.nano = o->print.nano};
        return capture_open_file_with(cap, o->read_file, &fo, err) < 0 ? fail(1, err) : 0;
    }
    if (device_name(o->device, device, device_len, err) < 0)
        return fail(1, err);
    static const enum capture_direction directions[] = {
        [CLI_DIRECTION_ANY] = CAPTURE_DIRECTION_ANY,
        [CLI_DIRECTION_IN] = CAPTURE_DIRECTION_IN,
        [CLI_DIRECTION_OUT] = CAPTURE_DIRECTION_OUT,
        [CLI_DIRECTION_INOUT] = CAPTURE_DIRECTION_INOUT};
    /* On a terminal each packet shows at once; into a pipe or file, the kernel may batch
     * them (as tcpdump does), which keeps up with far higher rates. Promiscuous unless -p, as
     * tcpdump. */
    struct capture_live_opts lo = {.snaplen = o->snaplen,
                                   .buffer_kib = o->buffer_kib,
                                   .immediate = isatty(STDOUT_FILENO) != 0 || o->line_buffered,
                                   .promisc = !o->no_promisc,
                                   .nano = o->print.nano,
                                   .direction = directions[o->direction]};
    enum capture_error why;
    return capture_open_live(cap, device, &lo, err, &why) < 0 ? fail(1, err) : 0;
}

/* -F: the filter is the file's text, a '#' beginning a comment to the end of its line (as
 * tcpdump). Returns 0, or the exit status after saying why. */
static int read_filter_file(struct cli_options *o)
{
    char sn[CAPTURE_SHORT_SIZE];
    FILE *f = fopen(o->filter_file, "r");
    if (!f) {
        fprintf(stderr, "stackscope: -F: cannot read '%s': %s\n",
                capture_short(o->filter_file, sn), strerror(errno));
        return 1;
    }
    size_t n = fread(o->filter, 1, sizeof o->filter - 1, f);
    bool failed = ferror(f) != 0, too_long = n == sizeof o->filter - 1 && fgetc(f) != EOF;
    int e = errno;
    fclose(f);
    if (failed || too_long) {
        fprintf(stderr, "stackscope: -F: cannot read '%s': %s\n",
                capture_short(o->filter_file, sn),
                failed ? strerror(e) : "longer than 4095 bytes (the most a filter may be)");
        return 1;
    }
    o->filter[n] = '\0';
    for (char *c = o->filter; *c; c++)
        if (*c == '#')
            for (; *c && *c != '\n'; c++)
                *c = ' ';
    return 0;
}

/* Everything that needs the privileges the program started with: the input, the filter, the
 * -w file and the page's file; then those privileges go, before the first packet is decoded
 * (root becomes -Z's user, capabilities given with setcap are dropped). Returns 0, or the exit
 * status after saying why, with nothing left open. */
/* -w with -C, -G or -U: H8's rotating writer. Returns 0, or the exit status after saying why. */
static int open_rotation(const struct cli_options *o, const struct capture *cap,
                         struct out_rotate **rot)
{
    char err[CAPTURE_ERRBUF_SIZE];
    struct out_rotate_opts ro = {.max_bytes = o->rotate_bytes,
                                 .seconds = o->rotate_seconds,
                                 .files = o->rotate_files,
                                 .packet_buffered = o->packet_buffered,
                                 .linktype = capture_linktype(cap),
                                 .snaplen = o->snaplen,
                                 .nano = o->print.nano,
                                 .user = o->user};
    return out_rotate_open(rot, o->write_file, &ro, err, sizeof err) < 0 ? fail(1, err) : 0;
}

static int open_all(const struct cli_options *o, struct capture **cap, struct page_file *pf,
                    struct out_rotate **rot, char *device, size_t device_len)
{
    char err[CAPTURE_ERRBUF_SIZE];
    if (o->html_file && page_file_open(pf, o->html_file, err, sizeof err) < 0)
        return fail(1, err);
    bool rotating = o->write_file && (o->rotate_bytes || o->rotate_seconds || o->packet_buffered);
    /* -C and -G create every file of the set, the first too, as -Z's user (as tcpdump). */
    bool after_drop = o->rotate_bytes || o->rotate_seconds;
    int status = open_input(o, cap, device, device_len);
    if (status == 0 && o->filter[0] && capture_set_filter(*cap, o->filter, err) < 0)
        status = fail(2, err);
    if (status == 0 && o->write_file && !rotating &&
        capture_dump_open(*cap, o->write_file, err) < 0)
        status = fail(1, err);
    if (status == 0 && rotating && !after_drop)
        status = open_rotation(o, *cap, rot);
    if (status == 0 && capture_drop_privileges(o->user, err) < 0)
        status = fail(1, err);
    if (status == 0 && rotating && after_drop)
        status = open_rotation(o, *cap, rot);
    if (status) {
        out_rotate_close(*rot, err, sizeof err);
        *rot = NULL;
        capture_close(*cap, err);
        if (o->html_file)
            page_file_finish(pf, false, NULL, 0);
    }
    return status;
}

/* The run's state for the loop; NULL if out of memory. */
static struct run *run_new(const struct cli_options *o, struct capture *cap)
{
    static char storage[1 << 18];
    struct run *r = calloc(1, sizeof *r);
    struct flow_table *flows = malloc(sizeof *flows);
    struct lesson_packet *kept = o->html_file ? calloc(HTML_MAX_PACKETS, sizeof *kept) : NULL;
    struct analysis_verdict *verdicts =
        o->html_file ? calloc(HTML_MAX_PACKETS, sizeof *verdicts) : NULL;
    /* -w - shows nothing, -q's mode prints no packet: no analysis then, unless for the page */
    bool analyse = o->html_file || o->follow ||
                   (o->print.mode != PRINT_NONE && !(o->write_file && !strcmp(o->write_file, "-")));
    struct analysis *analysis = analyse ? malloc((size_t)analysis_size()) : NULL;
    if (!r || !flows || (o->html_file && (!kept || !verdicts)) || (analyse && !analysis)) {
        free(r);
        free(flows);
        free(kept);
        free(verdicts);
        free(analysis);
        return NULL;
    }
    flow_table_init(flows);
    if (analysis)
        analysis_init(analysis);
    r->flows = flows;
    r->analysis = analysis;
    r->analyse = analyse;
    r->kept = kept;
    r->kept_verdicts = verdicts;
    r->linktype = capture_linktype(cap);
    r->live = capture_is_live(cap);
    r->flush_each = o->line_buffered || (r->live && isatty(STDOUT_FILENO) != 0);
    /* -w - or --html - : standard output carries a file, so no text goes there (as tcpdump). */
    r->no_text = options_stdout_carries_a_file(o);
    r->writes_file = (o->write_file && strcmp(o->write_file, "-") != 0) ||
                     (o->html_file && strcmp(o->html_file, "-") != 0);
    r->explain = o->explain;
    /* The one-line output shows no transport checksum: no need to sum every payload. */
    r->decode_flags = o->print.mode == PRINT_LINE ? DECODE_SKIP_TRANSPORT_CHECKSUM : 0;
    struct print_opts po = o->print;
    po.color = want_color(o->color);
    print_ctx_init(&r->print, &po);
    outbuf_init_fd(&r->out, STDOUT_FILENO, storage, sizeof storage);
    /* Into a pipe (| grep, | jq), a larger pipe buffer lets each write(2) hand over a whole
     * output buffer, so the reader and stackscope switch far less often. Best effort. */
    struct stat out_st;
    if (fstat(STDOUT_FILENO, &out_st) == 0 && S_ISFIFO(out_st.st_mode))
        (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, (int)sizeof storage);
    return r;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->kept_count; i++)
        free((void *)(uintptr_t)r->kept[i].pkt.data);
    free(r->kept);
    free(r->kept_verdicts);
    free(r->analysis);
    free(r->conv);
    free(r->flows);
    free(r->follow);
    free(r);
}

/* The loop's end in words: its errors, then a live capture's statistics. Returns the status. */
static int report_loop(const struct cli_options *o, struct run *r, struct capture *cap, int rc,
                       const char *err)
{
    int status = 0;
    if (rc == CAPTURE_WRITE_ERROR) {
        fprintf(stderr, "stackscope: %s\n", err);
        status = 1;
    } else if (rc < 0) {
        /* Everything read before the problem has been printed above. */
        char sn[CAPTURE_SHORT_SIZE];
        if (o->read_file)
            fprintf(stderr, "stackscope: '%s': %s\n", capture_short(o->read_file, sn), err);
        else
            fprintf(stderr, "stackscope: %s\n", err);
        status = 1;
    }
    if (r->out.error && r->out.error != EPIPE) {
        fprintf(stderr, "stackscope: writing the output: %s\n", strerror(r->out.error));
        status = 1;
    }
    if (r->live) {
        struct capture_stats st;
        capture_get_stats(cap, &st);
        fprintf(stderr, "%llu packets captured\n", (unsigned long long)r->frames);
        if (st.valid)
            fprintf(stderr, "%u packets received by filter\n%u packets dropped by kernel\n",
                    st.received, st.dropped);
    }
    return status;
}

/* tcpdump's first line on stderr: what is read, its link type and snapshot length. */
static void banner(const struct cli_options *o, const struct capture *cap, const char *device)
{
    char what[128];
    capture_describe(cap, what, sizeof what);
    if (o->read_file)
        fprintf(stderr, "reading from file %s, %s\n", o->read_file, what);
    else
        fprintf(stderr, "listening on %s, %s bytes\n", device, what);
    fflush(stderr);
}

/* The rotating writer's end: what stopped it, then its last file closed. Returns the status. */
static int report_rotation(struct run *r, int status)
{
    char err[CAPTURE_ERRBUF_SIZE];
    if (!r->rot)
        return status;
    const char *msg = out_rotate_message(r->rot);
    if (r->rot_status == OUT_ROTATE_ERROR) {
        fprintf(stderr, "stackscope: %s\n", msg);
        status = 1;
    } else if (r->rot_status == OUT_ROTATE_STOP && *msg) {
        fprintf(stderr, "%s\n", msg); /* tcpdump's "Maximum file limit reached: N" */
    }
    if (out_rotate_close(r->rot, err, sizeof err) < 0) {
        fprintf(stderr, "stackscope: %s\n", err);
        status = 1;
    }
    r->rot = NULL;
    return status;
}

/* --follow: the stream's state and printer (its text was checked by main). -1 if out of
 * memory. */
static int follow_start(const struct cli_options *o, struct run *r)
{
    static const enum follow_format formats[] = {[CLI_FOLLOW_ASCII] = FOLLOW_FORMAT_ASCII,
                                                 [CLI_FOLLOW_HEX] = FOLLOW_FORMAT_HEX,
                                                 [CLI_FOLLOW_RAW] = FOLLOW_FORMAT_RAW};
    char err[CAPTURE_ERRBUF_SIZE];
    r->follow = malloc(sizeof *r->follow);
    if (!r->follow || follow_parse_target(o->follow, &r->follow_target, err, sizeof err) < 0)
        return -1;
    follow_print_init(&r->follow_print, &r->out, formats[o->follow_format], &r->follow_target,
                      r->follow);
    follow_init(r->follow, follow_print_block, &r->follow_print);
    return 0;
}

/* --follow once the capture ended: the rest of the stream and the closing line, or why there
 * is none. Returns the exit status. */
static int follow_end(const struct cli_options *o, struct run *r)
{
    struct follow *f = r->follow;
    if (f->packets == 0) {
        if (r->follow_target.by_endpoints)
            fprintf(stderr, "stackscope: --follow %s: no TCP segment between these endpoints in "
                            "the capture\n", o->follow);
        else if (r->analysis->next_stream == 0)
            fprintf(stderr, "stackscope: --follow %s: the capture has no TCP stream\n", o->follow);
        else if (r->analysis->next_stream == 1)
            fprintf(stderr, "stackscope: --follow %s: the capture has one TCP stream, "
                            "number 0\n", o->follow);
        else
            fprintf(stderr, "stackscope: --follow %s: the capture has no such TCP stream (its "
                            "streams are numbered 0 to %u)\n", o->follow,
                    r->analysis->next_stream - 1);
        return 1;
    }
    /* raw is tshark's: segments behind a hole nobody acknowledged are left out, as tshark does */
    follow_finish(f, o->follow_format != CLI_FOLLOW_RAW);
    follow_print_end(&r->follow_print);
    if (f->dropped_segments)
        fprintf(stderr, "stackscope: --follow: %llu out-of-order segments (%llu bytes) found "
                        "no room to wait (at most %u segments and %u bytes at once): their bytes "
                        "show as missing\n",
                (unsigned long long)f->dropped_segments, (unsigned long long)f->dropped_bytes,
                FOLLOW_PENDING_SEGMENTS, FOLLOW_PENDING_BYTES);
    return 0;
}

/* --conversations: the table, in one block (its pages touched only as rows fill); none when
 * standard output carries a file (-w -). -1 if out of memory. */
static int conversations_start(const struct cli_options *o, struct run *r)
{
    if (!o->conversations || r->no_text)
        return 0;
    r->conv = malloc(sizeof *r->conv + (size_t)conversations_size(CONVERSATIONS_MAX));
    if (!r->conv)
        return -1;
    conversations_init(r->conv, CONVERSATIONS_MAX, r->conv + 1);
    return 0;
}

static int run_capture(const struct cli_options *o)
{
    char err[CAPTURE_ERRBUF_SIZE];
    struct capture *cap = NULL;
    struct page_file pf;
    struct out_rotate *rot = NULL;
    char device[256] = "";
    int status = open_all(o, &cap, &pf, &rot, device, sizeof device);
    if (status)
        return status;
    banner(o, cap, device);
    if (!decode_linktype_supported(capture_linktype(cap)))
        fprintf(stderr, "stackscope: link type %u is not decoded; frames are shown undecoded\n",
                capture_linktype(cap));
    struct run *r = run_new(o, cap);
    if (r)
        r->rot = rot;
    if (!r || conversations_start(o, r) != 0 || (o->follow && follow_start(o, r) != 0)) {
        if (r)
            run_free(r);
        out_rotate_close(rot, err, sizeof err);
        capture_close(cap, err);
        if (o->html_file)
            page_file_finish(&pf, false, NULL, 0);
        return fail(1, "out of memory");
    }
    capture_handle_signals(cap);
    capture_on_batch(cap, on_batch, r);
    int rc = capture_loop(cap, o->count, on_packet, r, err);
    /* --conversations: what was read, whatever ended the loop (end of file, -c, Ctrl-C, an error) */
    if (r->conv && o->print.mode == PRINT_JSON)
        print_conversations_json(&r->out, r->conv);
    else if (r->conv)
        print_conversations(&r->out, o->print.lang, r->conv);
    int follow_status = r->follow && !r->no_text ? follow_end(o, r) : 0;
    outbuf_flush(&r->out);
    status = report_rotation(r, report_loop(o, r, cap, rc, err));
    status = status ? status : follow_status;
    /* Closing the capture gives Ctrl-C back its default meaning for the page's writing. */
    if (capture_close(cap, err) < 0) {
        fprintf(stderr, "stackscope: %s\n", err);
        status = 1;
    }
    if (o->html_file && status == 0)
        status = write_page(o, r, &pf);
    else if (o->html_file)
        page_file_finish(&pf, false, NULL, 0);
    run_free(r);
    return status;
}

int main(int argc, char **argv)
{
    /* A closed pipe shows up as EPIPE from write(2), which ends the output quietly. */
    signal(SIGPIPE, SIG_IGN);
    if (argc > 1 && strcmp(argv[1], "demo") == 0)
        return demo_main(argc - 1, argv + 1);

    struct cli_options o;
    char err[CAPTURE_ERRBUF_SIZE];
    if (options_parse(argc, argv, &o, err, sizeof err) < 0) {
        fprintf(stderr, "stackscope: %s\n", err);
        return 2;
    }
    if (o.help) {
        fputs(options_usage, stdout);
        return 0;
    }
    if (o.version) {
        printf("stackscope %s\n", STACKSCOPE_VERSION);
        return 0;
    }
    if (o.list_devices) {
        if (capture_list_devices(stdout, err) < 0)
            return fail(1, err);
        return 0;
    }
    if (o.filter_file && read_filter_file(&o) != 0)
        return 1;
    struct follow_target target; /* checked before any file or device is opened */
    if (o.follow && follow_parse_target(o.follow, &target, err, sizeof err) < 0)
        return fail(2, err);
    return run_capture(&o);
}
