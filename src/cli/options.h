/* options.h - the command line of stackscope (not the demo's, see demo.h). */
#ifndef STACKSCOPE_OPTIONS_H
#define STACKSCOPE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/print.h"

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
/* -Q: the direction a live capture keeps (libpcap's pcap_setdirection). */
enum cli_direction { CLI_DIRECTION_ANY, CLI_DIRECTION_IN, CLI_DIRECTION_OUT, CLI_DIRECTION_INOUT };
/* --follow-format: how --follow prints the stream's bytes (raw: tshark's follow,tcp,raw). */
enum cli_follow_format { CLI_FOLLOW_ASCII, CLI_FOLLOW_HEX, CLI_FOLLOW_RAW };

struct cli_options {
    const char *device;     /* -i */
    const char *read_file;  /* -r */
    const char *write_file; /* -w */
    uint64_t rotate_bytes;   /* -C: a new -w file past this size (MB * 1000000); 0: none */
    unsigned rotate_seconds; /* -G: a new -w file every this many seconds; 0: none */
    unsigned rotate_files;   /* -W: keep a ring of this many -w files; 0: no limit */
    bool packet_buffered;    /* -U: each packet written to the -w file at once */
    uint64_t count;         /* -c, 0: no limit */
    int snaplen;            /* -s */
    int buffer_kib;         /* -B */
    const char *user;       /* -Z */
    const char *html_file;  /* --html */
    const char *filter_file; /* -F: the filter is this file's text (read by main) */
    enum cli_direction direction; /* -Q */
    bool no_promisc;        /* -p: not in promiscuous mode (tcpdump's default is promiscuous) */
    bool line_buffered;     /* -l: each line written at once */
    bool list_devices;      /* -D */
    bool explain;           /* --explain: sentences under each packet */
    bool conversations;     /* --conversations: one row per connection instead of the packets */
    const char *follow;     /* --follow STREAM: a stream number or ADDR:PORT,ADDR:PORT, as given */
    enum cli_follow_format follow_format; /* --follow-format */
    bool help;
    bool version;
    enum color_when color;
    struct print_opts print; /* print.lang: --lang, for --explain, -v's analysis and the page */
    char filter[4096]; /* trailing words, joined by spaces */
};

/* Parses argv; on a usage error writes a one-line reason into err and returns -1. */
int options_parse(int argc, char **argv, struct cli_options *o, char *err, size_t err_len);

/* Parses a positive decimal number that fits in max; false on anything else. */
bool options_number(const char *s, uint64_t max, uint64_t *out);

/* -w - or --html -: standard output carries the capture or the page, so no text goes there
 * (as with tcpdump's -w -). */
bool options_stdout_carries_a_file(const struct cli_options *o);

extern const char options_usage[];

#endif
