/* capture.c - libpcap front end: files, live devices, filters, -w files, signals. */
#include "stackscope/capture.h"

#include <errno.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct capture {
    pcap_t *pcap;
    pcap_dumper_t *dumper;
    bool live;
    bool nano; /* libpcap's tv_usec holds nanoseconds */
    bool write_failed;
    int write_errno;
    bool dump_to_stdout; /* -w -: a reader that went away ends the run quietly, as for text */
    uint64_t delivered;
    uint64_t limit;
    capture_cb cb;
    void *user;
    bool stopped_by_callback;
    char dump_path[201]; /* as messages show it (capture_short): the reason always fits */
    void (*batch_fn)(void *user);
    void *batch_user;
};

void capture_on_batch(struct capture *c, void (*fn)(void *user), void *user)
{
    c->batch_fn = fn;
    c->batch_user = user;
}

/* The capture that SIGINT/SIGTERM stop; only pcap_breakloop is called on it from the handler.
 * The dispositions it replaced come back when that capture closes, so that Ctrl-C ends the
 * program again while it writes a page after the capture. */
static pcap_t *volatile signal_target;
static struct sigaction saved_int, saved_term;

const char *capture_short(const char *s, char *buf)
{
    if (strlen(s) <= 200)
        return s;
    snprintf(buf, CAPTURE_SHORT_SIZE, "%.100s...", s);
    return buf;
}

/* Takes ownership of an open pcap handle. */
static int capture_wrap(struct capture **out, pcap_t *p, bool live, bool nano, char *err)
{
    struct capture *c = calloc(1, sizeof *c);
    if (!c) {
        pcap_close(p);
        snprintf(err, CAPTURE_ERRBUF_SIZE, "out of memory");
        return -1;
    }
    c->pcap = p;
    c->live = live;
    c->nano = nano;
    *out = c;
    return 0;
}

int capture_open_file(struct capture **out, const char *path, char *err)
{
    const struct capture_file_opts micro = {.nano = false};
    return capture_open_file_with(out, path, &micro, err);
}

/* Reads a capture from the open stream f (path names it in messages); f is the capture's
 * from now on, closed with it or here on failure (stdin excepted). */
static int open_stream(struct capture **out, FILE *f, const char *path,
                       const struct capture_file_opts *o, char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    char perr[PCAP_ERRBUF_SIZE] = "";
    errno = 0;
    pcap_t *p = pcap_fopen_offline_with_tstamp_precision(
        f, o->nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, perr);
    if (!p) {
        /* libpcap gives no status code here; the stream tells: a read that failed (ferror,
         * errno set: EISDIR, EIO) or memory is the system's; any other refusal is the bytes'
         * (no known magic number, a header cut short, impossible header fields). */
        bool refused = !ferror(f) && errno != ENOMEM;
        if (f != stdin)
            fclose(f);
        if (refused)
            snprintf(err, CAPTURE_ERRBUF_SIZE,
                     "cannot read '%s': not a pcap or pcapng capture (%s)", capture_short(path, sn),
                     perr);
        else
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot read '%s': %s", capture_short(path, sn),
                     perr);
        return -1;
    }
    return capture_wrap(out, p, false, o->nano, err);
}

int capture_open_file_with(struct capture **out, const char *path,
                           const struct capture_file_opts *o, char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot open '%s': %s", capture_short(path, sn),
                 strerror(errno));
        return -1;
    }
    return open_stream(out, f, path, o, err);
}

int capture_open_memory(struct capture **out, const void *data, size_t len, const char *name,
                        char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    const struct capture_file_opts micro = {.nano = false};
    if (len == 0) { /* fmemopen refuses a size of 0 */
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot read '%s': not a pcap or pcapng capture "
                 "(no byte)", capture_short(name, sn));
        return -1;
    }
    /* Opened for reading only: the bytes are never written through the stream. */
    FILE *f = fmemopen((void *)(uintptr_t)data, len, "r");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot open '%s': %s", capture_short(name, sn),
                 strerror(errno));
        return -1;
    }
    return open_stream(out, f, name, &micro, err);
}

/* -Q: keeps the packets of one direction; closes p on failure. */
static int set_direction(pcap_t *p, enum capture_direction d, const char *device, char *err)
{
    static const char *const words[] = {"", "in", "out", "inout"};
    static const pcap_direction_t dirs[] = {PCAP_D_INOUT, PCAP_D_IN, PCAP_D_OUT, PCAP_D_INOUT};
    if (d == CAPTURE_DIRECTION_ANY || pcap_setdirection(p, dirs[d]) == 0)
        return 0;
    char sn[CAPTURE_SHORT_SIZE];
    snprintf(err, CAPTURE_ERRBUF_SIZE, "option '-Q %s': cannot choose the direction on '%s': %s",
             words[d], capture_short(device, sn), pcap_geterr(p));
    pcap_close(p);
    return -1;
}

int capture_open_live(struct capture **out, const char *device, const struct capture_live_opts *o,
                      char *err, enum capture_error *why)
{
    char sn[CAPTURE_SHORT_SIZE];
    char perr[PCAP_ERRBUF_SIZE] = "";
    *why = CAPTURE_ERR_OTHER;
    pcap_t *p = pcap_create(device, perr);
    if (!p) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot capture on '%s': %s", capture_short(device, sn),
                 perr);
        return -1;
    }
    pcap_set_snaplen(p, o->snaplen > 0 ? o->snaplen : 262144);
    pcap_set_promisc(p, o->promisc);
    pcap_set_timeout(p, o->timeout_ms > 0 ? o->timeout_ms : 100);
    if (o->buffer_kib > INT_MAX / 1024) {
        snprintf(err, CAPTURE_ERRBUF_SIZE,
                 "cannot capture on '%s': a buffer of %d KiB is more than the %d KiB libpcap "
                 "can take", capture_short(device, sn), o->buffer_kib, INT_MAX / 1024);
        pcap_close(p);
        return -1;
    }
    if (o->buffer_kib > 0)
        pcap_set_buffer_size(p, o->buffer_kib * 1024);
    if (o->immediate)
        pcap_set_immediate_mode(p, 1);
    if (o->nano && pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) != 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE,
                 "cannot capture on '%s': --time-stamp-precision=nano is not supported there "
                 "(use micro)", capture_short(device, sn));
        pcap_close(p);
        return -1;
    }
    int rc = pcap_activate(p);
    if (rc < 0) {
        const char *detail = pcap_geterr(p);
        if (rc == PCAP_ERROR_PERM_DENIED) {
            *why = CAPTURE_ERR_PERMISSION;
            snprintf(err, CAPTURE_ERRBUF_SIZE,
                     "cannot capture on '%s': permission denied (run as root, or give the binary "
                     "the right: setcap cap_net_raw,cap_net_admin=eip stackscope)",
                     capture_short(device, sn));
        } else if (rc == PCAP_ERROR_NO_SUCH_DEVICE) {
            *why = CAPTURE_ERR_NO_DEVICE;
            snprintf(err, CAPTURE_ERRBUF_SIZE,
                     "cannot capture on '%s': no such interface (stackscope -D lists them)",
                     capture_short(device, sn));
        } else {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot capture on '%s': %s",
                     capture_short(device, sn), detail && *detail ? detail : pcap_statustostr(rc));
        }
        pcap_close(p);
        return -1;
    }
    if (set_direction(p, o->direction, device, err) < 0)
        return -1;
    return capture_wrap(out, p, true, o->nano, err);
}

int capture_set_filter(struct capture *c, const char *expr, char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    struct bpf_program prog;
    if (pcap_compile(c->pcap, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "bad filter '%s': %s", capture_short(expr, sn),
                 pcap_geterr(c->pcap));
        return -1;
    }
    int rc = pcap_setfilter(c->pcap, &prog);
    pcap_freecode(&prog);
    if (rc < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot set filter '%s': %s", capture_short(expr, sn),
                 pcap_geterr(c->pcap));
        return -1;
    }
    return 0;
}

/* Flushes a pcap file: 0, or the errno of the write that failed. pcap_dump() returns nothing
 * and stdio keeps a failure only as the stream's error flag, so errno is cleared first and read
 * at once: an older errno must not be reported as the cause. */
static int dump_flush(pcap_dumper_t *d)
{
    errno = 0;
    if (pcap_dump_flush(d) == 0 && !ferror(pcap_dump_file(d)))
        return 0;
    return errno ? errno : EIO;
}

int capture_dump_open(struct capture *c, const char *path, char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", capture_short(path, sn),
                 strerror(errno));
        return -1;
    }
    snprintf(c->dump_path, sizeof c->dump_path, "%s", capture_short(path, sn));
    c->dump_to_stdout = f == stdout;
    c->dumper = pcap_dump_fopen(c->pcap, f);
    if (!c->dumper) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", capture_short(path, sn),
                 pcap_geterr(c->pcap));
        if (f != stdout)
            fclose(f);
        return -1;
    }
    /* The header must reach the disk now, so that a full disk shows before any packet. */
    int e = dump_flush(c->dumper);
    if (e) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", capture_short(path, sn),
                 strerror(e));
        pcap_dump_close(c->dumper);
        c->dumper = NULL;
        return -1;
    }
    return 0;
}

uint32_t capture_linktype(const struct capture *c)
{
    return (uint32_t)pcap_datalink(c->pcap);
}

void capture_describe(const struct capture *c, char *out, size_t len)
{
    int dlt = pcap_datalink(c->pcap);
    const char *name = pcap_datalink_val_to_name(dlt);
    const char *desc = pcap_datalink_val_to_description(dlt);
    if (name)
        snprintf(out, len, "link-type %s (%s), snapshot length %d", name, desc ? desc : name,
                 pcap_snapshot(c->pcap));
    else
        snprintf(out, len, "link-type %d, snapshot length %d", dlt, pcap_snapshot(c->pcap));
}

bool capture_is_live(const struct capture *c)
{
    return c->live;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct capture *c = (struct capture *)user;
    if (c->dumper) {
        /* Buffered by stdio: a live loop flushes after each batch (capture_loop), and every way
         * of stopping (end, -c, SIGINT, SIGTERM) closes the file whole. */
        errno = 0; /* pcap_dump() reports nothing: the failing fwrite's errno is the cause */
        pcap_dump((u_char *)c->dumper, h, bytes);
        if (ferror(pcap_dump_file(c->dumper))) {
            c->write_failed = true;
            c->write_errno = errno ? errno : EIO;
        }
        if (c->write_failed) {
            pcap_breakloop(c->pcap);
            return;
        }
    }
    struct capture_packet p = {
        .data = bytes,
        .caplen = h->caplen,
        .len = h->len,
        .ts_sec = (int64_t)h->ts.tv_sec,
        .ts_usec = (uint32_t)h->ts.tv_usec,
    };
    if (c->nano) { /* libpcap puts nanoseconds in tv_usec then */
        p.ts_usec = (uint32_t)h->ts.tv_usec / 1000u;
        p.ts_nsec_extra = (uint16_t)((uint32_t)h->ts.tv_usec % 1000u);
    }
    c->delivered++;
    if (!c->cb(c->user, &p)) {
        c->stopped_by_callback = true;
        pcap_breakloop(c->pcap);
    }
}

int capture_loop(struct capture *c, uint64_t count, capture_cb cb, void *user, char *err)
{
    c->cb = cb;
    c->user = user;
    c->limit = count;
    for (;;) {
        int want = -1;
        if (count) {
            uint64_t left = count - c->delivered;
            want = left > 1000000 ? 1000000 : (int)left;
        }
        int rc = pcap_dispatch(c->pcap, want, on_packet, (u_char *)c);
        int e = c->live && c->dumper && rc > 0 && !c->write_failed ? dump_flush(c->dumper) : 0;
        if (e) {
            c->write_failed = true;
            c->write_errno = e;
        }
        if (c->live && rc > 0 && c->batch_fn)
            c->batch_fn(c->batch_user);
        if (c->write_failed && c->dump_to_stdout && c->write_errno == EPIPE)
            return 0;
        if (c->write_failed) {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", c->dump_path,
                     strerror(c->write_errno));
            return CAPTURE_WRITE_ERROR;
        }
        if (rc == PCAP_ERROR_BREAK || c->stopped_by_callback)
            return 0;
        if (rc == PCAP_ERROR) {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "%s", pcap_geterr(c->pcap));
            return -1;
        }
        if (count && c->delivered >= count)
            return 0;
        if (rc == 0 && !c->live)
            return 0; /* end of file */
    }
}

void capture_break(struct capture *c)
{
    pcap_breakloop(c->pcap);
}

static void on_signal(int sig)
{
    (void)sig;
    pcap_t *p = signal_target;
    if (p)
        pcap_breakloop(p);
}

void capture_handle_signals(struct capture *c)
{
    if (!signal_target) { /* once: a second call must not save our own handler */
        sigaction(SIGINT, NULL, &saved_int);
        sigaction(SIGTERM, NULL, &saved_term);
    }
    signal_target = c->pcap;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the blocking read must return so the loop sees the break */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void capture_get_stats(struct capture *c, struct capture_stats *st)
{
    struct pcap_stat ps;
    memset(st, 0, sizeof *st);
    if (c->live && pcap_stats(c->pcap, &ps) == 0) {
        st->valid = true;
        st->received = ps.ps_recv;
        st->dropped = ps.ps_drop;
        st->if_dropped = ps.ps_ifdrop;
    }
}

int capture_close(struct capture *c, char *err)
{
    int rc = 0;
    if (!c)
        return 0;
    if (signal_target == c->pcap) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
        signal_target = NULL;
    }
    if (c->dumper) {
        /* A write failure the loop reported already is not reported twice. */
        int e = c->write_failed ? 0 : dump_flush(c->dumper);
        if (e && !(e == EPIPE && c->dump_to_stdout)) {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", c->dump_path,
                     strerror(e));
            rc = -1;
        }
        pcap_dump_close(c->dumper);
    }
    pcap_close(c->pcap);
    free(c);
    return rc;
}

/* libpcap's list of interfaces, as -D numbers them; 0, or -1 with err said. */
static int find_all_devices(pcap_if_t **all, char *err)
{
    char perr[PCAP_ERRBUF_SIZE] = "";
    if (pcap_findalldevs(all, perr) < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot list interfaces: %s", perr);
        return -1;
    }
    return 0;
}

int capture_list_devices(FILE *out, char *err)
{
    pcap_if_t *all = NULL;
    if (find_all_devices(&all, err) < 0)
        return -1;
    int n = 0;
    for (pcap_if_t *d = all; d; d = d->next) {
        fprintf(out, "%d.%s", ++n, d->name);
        if (d->description)
            fprintf(out, " (%s)", d->description);
        fprintf(out, " [%s%s%s]\n", (d->flags & PCAP_IF_UP) ? "Up" : "Down",
                (d->flags & PCAP_IF_RUNNING) ? ", Running" : "",
                (d->flags & PCAP_IF_LOOPBACK) ? ", Loopback" : "");
    }
    pcap_freealldevs(all);
    return 0;
}

int capture_default_device(char *name, size_t len, char *err)
{
    pcap_if_t *all = NULL;
    char perr[PCAP_ERRBUF_SIZE] = "";
    if (pcap_findalldevs(&all, perr) < 0 || !all) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "no capture interface found%s%s (use -i or -r)",
                 *perr ? ": " : "", perr);
        if (all)
            pcap_freealldevs(all);
        return -1;
    }
    /* tcpdump's choice: the first interface that is up and not loopback, else the first. */
    pcap_if_t *pick = all;
    for (pcap_if_t *d = all; d; d = d->next)
        if ((d->flags & PCAP_IF_UP) && !(d->flags & PCAP_IF_LOOPBACK)) {
            pick = d;
            break;
        }
    snprintf(name, len, "%s", pick->name);
    pcap_freealldevs(all);
    return 0;
}

int capture_device_by_index(uint64_t index, char *name, size_t len, char *err)
{
    pcap_if_t *all = NULL;
    if (find_all_devices(&all, err) < 0)
        return -1;
    uint64_t n = 0;
    pcap_if_t *pick = NULL;
    for (pcap_if_t *d = all; d; d = d->next)
        if (++n == index)
            pick = d;
    if (pick)
        snprintf(name, len, "%s", pick->name);
    else
        snprintf(err, CAPTURE_ERRBUF_SIZE,
                 "no interface number %llu: there are %llu (stackscope -D lists them)",
                 (unsigned long long)index, (unsigned long long)n);
    pcap_freealldevs(all);
    return pick ? 0 : -1;
}

struct capture_writer {
    pcap_t *dead;
    pcap_dumper_t *dumper;
    int write_errno; /* of the first write that failed, 0 while none has */
    char path[201]; /* as messages show it (capture_short) */
};

int capture_writer_open(struct capture_writer **out, const char *path, uint32_t linktype,
                        char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    struct capture_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "out of memory");
        return -1;
    }
    snprintf(w->path, sizeof w->path, "%s", capture_short(path, sn));
    w->dead = pcap_open_dead((int)linktype, 262144);
    errno = ENOMEM; /* what a failed pcap_open_dead means */
    FILE *f = w->dead ? fopen(path, "wb") : NULL;
    if (!f) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", capture_short(path, sn),
                 strerror(errno));
        if (w->dead)
            pcap_close(w->dead);
        free(w);
        return -1;
    }
    w->dumper = pcap_dump_fopen(w->dead, f);
    if (!w->dumper) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", capture_short(path, sn),
                 pcap_geterr(w->dead));
        fclose(f);
        pcap_close(w->dead);
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

int capture_writer_add(struct capture_writer *w, const struct capture_packet *p)
{
    struct pcap_pkthdr h;
    h.ts.tv_sec = (time_t)p->ts_sec;
    h.ts.tv_usec = (suseconds_t)p->ts_usec;
    h.caplen = p->caplen;
    h.len = p->len;
    errno = 0;
    pcap_dump((u_char *)w->dumper, &h, p->data);
    if (!ferror(pcap_dump_file(w->dumper)))
        return 0;
    if (!w->write_errno)
        w->write_errno = errno ? errno : EIO;
    return -1;
}

int capture_writer_close(struct capture_writer *w, char *err)
{
    int rc = 0;
    int e = w->write_errno ? w->write_errno : dump_flush(w->dumper);
    if (e) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot write '%s': %s", w->path, strerror(e));
        rc = -1;
    }
    pcap_dump_close(w->dumper);
    pcap_close(w->dead);
    free(w);
    return rc;
}
