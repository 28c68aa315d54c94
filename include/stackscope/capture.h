/* capture.h - the only part that talks to libpcap: opening devices and files, BPF filters,
 * writing -w files, statistics, signals and dropping privileges. It knows no protocol header.
 *
 * Functions that can fail return 0 on success and -1 on failure with a one-line reason in the
 * caller's err[CAPTURE_ERRBUF_SIZE] ("cannot open 'x.pcap': No such file or directory").
 * A struct capture is used by one thread; capture_break() alone may be called from a signal
 * handler or another thread.
 */
#ifndef STACKSCOPE_CAPTURE_H
#define STACKSCOPE_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CAPTURE_ERRBUF_SIZE 512

struct capture;

/* s as a message shows it: itself, or its first 100 bytes and "..." when it is longer than 200,
 * so that the reason after it always fits in the error buffer. buf must hold
 * CAPTURE_SHORT_SIZE bytes; the result is s or buf. */
#define CAPTURE_SHORT_SIZE 104
const char *capture_short(const char *s, char *buf);

/* Which packets a live capture keeps by direction (pcap_setdirection; -Q). */
enum capture_direction {
    CAPTURE_DIRECTION_ANY = 0, /* libpcap's default, nothing set */
    CAPTURE_DIRECTION_IN,
    CAPTURE_DIRECTION_OUT,
    CAPTURE_DIRECTION_INOUT,
};

struct capture_live_opts {
    int snaplen;    /* 0: 262144 */
    int buffer_kib; /* 0: libpcap's default */
    int timeout_ms; /* 0: 100 */
    bool immediate; /* deliver each packet at once (the demo needs this) */
    bool promisc;
    bool nano;      /* nanosecond time stamps (packets then carry ts_nsec_extra) */
    enum capture_direction direction;
};

/* Reading a file: nano asks for its time stamps in nanoseconds (a microsecond file's gain three
 * zeros); without it a nanosecond file's are cut to microseconds, as tcpdump does. */
struct capture_file_opts {
    bool nano;
};

/* One packet as libpcap delivered it; data is valid only during the callback. */
struct capture_packet {
    const uint8_t *data;
    uint32_t caplen;
    uint32_t len;
    int64_t ts_sec;
    uint32_t ts_usec;
    uint16_t ts_nsec_extra; /* nanoseconds past ts_usec (0-999), with nano asked; else 0 */
};

struct capture_stats {
    bool valid;
    uint32_t received; /* by the filter */
    uint32_t dropped;  /* by the kernel */
    uint32_t if_dropped;
};

/* Callback: return false to stop the loop. */
typedef bool (*capture_cb)(void *user, const struct capture_packet *p);

/* Why opening failed, so the caller can pick the exit status and hint. */
enum capture_error { CAPTURE_ERR_OTHER, CAPTURE_ERR_PERMISSION, CAPTURE_ERR_NO_DEVICE };

int capture_open_file(struct capture **out, const char *path, char *err);
int capture_open_file_with(struct capture **out, const char *path,
                           const struct capture_file_opts *o, char *err);
/* A pcap or pcapng capture held in memory, data[0..len) (the demo's built-in recordings),
 * read as a file is; name stands for it in messages. data must outlive the capture. */
int capture_open_memory(struct capture **out, const void *data, size_t len, const char *name,
                        char *err);
int capture_open_live(struct capture **out, const char *device, const struct capture_live_opts *o,
                      char *err, enum capture_error *why);
/* Compiles and installs a BPF filter; a failure is the user's (a usage error). */
int capture_set_filter(struct capture *c, const char *expr, char *err);
/* Opens a -w file: every packet the loop delivers is written to it before the callback. */
int capture_dump_open(struct capture *c, const char *path, char *err);
uint32_t capture_linktype(const struct capture *c);
/* tcpdump's words for the link type and snapshot length, as its banner prints them:
 * "link-type EN10MB (Ethernet), snapshot length 262144" ("link-type 147" for one libpcap
 * cannot name). */
void capture_describe(const struct capture *c, char *out, size_t len);
bool capture_is_live(const struct capture *c);
/* Runs until count packets (0: no limit), the end of the file, the callback says stop, or
 * capture_break(). Returns 0 for all of those, -1 on a read error and CAPTURE_WRITE_ERROR when
 * writing the -w file failed (the message names that file). */
#define CAPTURE_WRITE_ERROR (-2)
int capture_loop(struct capture *c, uint64_t count, capture_cb cb, void *user, char *err);
/* Called after each batch of packets a live capture delivers (a read of the kernel buffer):
 * the place to flush output that should not wait for the next packet. */
void capture_on_batch(struct capture *c, void (*fn)(void *user), void *user);
/* Async-signal-safe: asks the running loop to stop. */
void capture_break(struct capture *c);
/* Makes SIGINT and SIGTERM stop the loop of c (sigaction, no SA_RESTART). capture_close(c)
 * puts back the dispositions they had before, so that Ctrl-C ends the program again. */
void capture_handle_signals(struct capture *c);
void capture_get_stats(struct capture *c, struct capture_stats *st);
/* Flushes and closes the -w file; returns -1 if any write failed (a reader of -w - that went
 * away is not a failure: the run ends quietly, as for text into a closed pipe). */
int capture_close(struct capture *c, char *err);
/* Prints the capture interfaces, numbered, as tcpdump -D does. */
int capture_list_devices(FILE *out, char *err);
/* Writing a pcap file from packets held in memory (the demo's --record). */
struct capture_writer;
int capture_writer_open(struct capture_writer **out, const char *path, uint32_t linktype,
                        char *err);
int capture_writer_add(struct capture_writer *w, const struct capture_packet *p);
/* Flushes and closes; returns -1 if any write failed. */
int capture_writer_close(struct capture_writer *w, char *err);

/* The interface tcpdump would pick when none is named. */
int capture_default_device(char *name, size_t len, char *err);
/* The name of the index-th interface (from 1) capture_list_devices prints, for -i N. */
int capture_device_by_index(uint64_t index, char *name, size_t len, char *err);
/* Gives up every privilege once the device and the files are open. As root: switch to user
 * (setgroups, setgid, setuid, then check), unless user's uid is 0 (-Z root, or any uid-0 name):
 * then root keeps everything. Whoever runs it otherwise, empty every capability set (a binary
 * given cap_net_raw,cap_net_admin with setcap keeps them otherwise, whatever -Z says) and set
 * no_new_privs, and check. Root in a user namespace that cannot become user (not mapped,
 * setgroups denied: unshare -U -r, rootless containers) gives up its capabilities the same way
 * and stays uid 0 there, silently: it is left with no privilege, as asked. */
int capture_drop_privileges(const char *user, char *err);

#endif
