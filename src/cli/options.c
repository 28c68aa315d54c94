/* options.c - parsing stackscope's options, tcpdump's letters where they overlap. */
#include "options.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

const char options_usage[] =
    "usage: stackscope [-i IFACE | -r FILE] [-w FILE [-C MB] [-G SEC] [-W N] [-U]]\n"
    "         [-c COUNT] [-s SNAPLEN] [-B KIB] [-Z USER] [-p] [-Q in|out|inout]\n"
    "         [-t | -tt | -ttt | -tttt | -ttttt] [--time-stamp-precision=micro|nano]\n"
    "         [-v] [--diagram] [-x | -X | -A] [-e] [-q] [-S] [-l] [-n] [--json]\n"
    "         [--explain] [--conversations | --follow STREAM\n"
    "         [--follow-format ascii|hex|raw]] [--html FILE] [--lang en|fr]\n"
    "         [--color=auto|always|never] [-F FILE | BPF-EXPRESSION ...]\n"
    "       stackscope -D           list capture interfaces, numbered\n"
    "       stackscope demo [SCENARIO] [--port N] [--lang en|fr] [--record DIR]\n"
    "         [--replay DIR] [--html FILE] [--color=auto|always|never]\n"
    "       stackscope --help | --version\n"
    "\n"
    "  -i IFACE    capture live on IFACE, or on the Nth interface that -D lists\n"
    "              (needs root or cap_net_raw,cap_net_admin); without -i: the first\n"
    "              interface up that is not loopback\n"
    "  -r FILE     read a pcap or pcapng file ('-' for standard input)\n"
    "  -w FILE     also write the packets to FILE (pcap), valid even after Ctrl-C\n"
    "  -C MB       with -w: a new file once the file passes MB million bytes\n"
    "  -G SEC      with -w: a new file every SEC seconds\n"
    "  -W N        with -C or -G: at most N files\n"
    "  -U          with -w: each packet written to FILE at once\n"
    "  -c COUNT    stop after COUNT packets\n"
    "  -s SNAPLEN  bytes to capture per packet (live; 0: 262144, the default)\n"
    "  -B KIB      kernel capture buffer size in KiB (live, at most 2097151)\n"
    "  -Z USER     user to run as once the device and files are open (default\n"
    "              nobody; root keeps root); capabilities given with setcap are\n"
    "              given up then too\n"
    "  -p          live: leave the interface out of promiscuous mode\n"
    "  -Q DIR      live: only the packets received (in), sent (out) or both (inout)\n"
    "  -t          no time on the lines; -tt seconds since 1970; -ttt since the\n"
    "              previous packet; -tttt date and time; -ttttt since the first\n"
    "              packet (default: the time of day, local time: TZ sets the zone)\n"
    "  --time-stamp-precision=micro|nano  6 or 9 decimals (--micro, --nano)\n"
    "  -v          layered tree: every field of every layer, checksums verified\n"
    "              (-vv and -vvv: the same)\n"
    "  --diagram   draw each header (IPv4, IPv6, TCP, UDP, ICMP) in 32-bit rows,\n"
    "              as in the lesson\n"
    "  -x, -X      add a hex dump, each layer marked (-X: with ASCII)\n"
    "  -A          add the payload as ASCII\n"
    "  -e          show the link layer\n"
    "  -q          quick: shorter lines\n"
    "  -S          absolute TCP sequence numbers (default: relative to the\n"
    "              connection)\n"
    "  -l          write each line at once (for | grep on a live capture)\n"
    "  -n, -nn, -N accepted: stackscope never looks names up\n"
    "  --json      one JSON object per packet per line\n"
    "  --explain   under each packet, what it means in its connection's life\n"
    "              (opens, accepts, carries, acknowledges, closes...) and each\n"
    "              side's TCP state\n"
    "  --conversations  one row per TCP connection and UDP flow instead of the\n"
    "              packets: endpoints, packets and bytes each way, time, RTT,\n"
    "              retransmissions, how it ended (with --json: one object each)\n"
    "  --follow STREAM  the bytes of one TCP stream as its applications saw them,\n"
    "              in order, instead of the packets; STREAM: the number --json's\n"
    "              \"stream\" gives (tshark's tcp.stream) or ADDR:PORT,ADDR:PORT\n"
    "  --follow-format F  ascii (default), hex, or raw (tshark's follow raw)\n"
    "  --lang L    language of --explain, --diagram's boxes, -v's analysis,\n"
    "              --conversations' table and the page: en (default) or fr\n"
    "  --html FILE also write a step-through page of the packets (at most 5000;\n"
    "              '-' for standard output)\n"
    "  --color=WHEN  colour: auto (a terminal without NO_COLOR), always, never\n"
    "  -F FILE     read the filter from FILE ('#' begins a comment)\n"
    "  BPF-EXPRESSION  a libpcap filter, e.g. 'tcp port 80'\n"
    "\n"
    "Options may follow the filter's words ('--' ends them). Usage errors: -i\n"
    "with -r; two of -v, --diagram and --json; -q with one of them; -A with -x,\n"
    "-X or --json; a -t form or --explain with --json; --conversations or\n"
    "--follow with another way of printing the packets (-v, --diagram, -x, -X,\n"
    "-A, -q, --explain) or with each other; --follow with --json;\n"
    "--follow-format without --follow; -F with a filter expression; -Q with\n"
    "-r; -C, -G, -W or -U without -w (or -C, -G, -W with -w -); -W without -C\n"
    "or -G; an option that takes a value, given twice.\n";

bool options_stdout_carries_a_file(const struct cli_options *o)
{
    return (o->write_file && !strcmp(o->write_file, "-")) ||
           (o->html_file && !strcmp(o->html_file, "-"));
}

bool options_number(const char *s, uint64_t max, uint64_t *out)
{
    if (!s || !*s)
        return false;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (d > max || v > (max - d) / 10) /* d > max first: max - d must not wrap */
            return false;
        v = v * 10 + d;
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
}

enum {
    OPT_JSON = 256,
    OPT_DIAGRAM,
    OPT_COLOR,
    OPT_HELP,
    OPT_VERSION,
    OPT_HTML,
    OPT_EXPLAIN,
    OPT_LANG,
    OPT_PRECISION,
    OPT_MICRO,
    OPT_NANO,
    OPT_CONVERSATIONS,
    OPT_FOLLOW,
    OPT_FOLLOW_FORMAT,
    OPT_END_ /* one past the last: the size of the table of options seen */
};

static const struct option longopts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"diagram", no_argument, NULL, OPT_DIAGRAM},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"html", required_argument, NULL, OPT_HTML},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"lang", required_argument, NULL, OPT_LANG},
    {"time-stamp-precision", required_argument, NULL, OPT_PRECISION},
    {"micro", no_argument, NULL, OPT_MICRO},
    {"nano", no_argument, NULL, OPT_NANO},
    {"conversations", no_argument, NULL, OPT_CONVERSATIONS},
    {"follow", required_argument, NULL, OPT_FOLLOW},
    {"follow-format", required_argument, NULL, OPT_FOLLOW_FORMAT},
    {"direction", required_argument, NULL, 'Q'},
    {NULL, 0, NULL, 0},
};

/* What the parse has seen so far, for the options that cannot go together. */
struct parse_state {
    int times;                 /* how many -t */
    const char *mode_option;   /* the first of -v, --diagram, --json: "-v" */
    const char *seen[OPT_END_]; /* each option's value as given, where it takes one */
    bool given[OPT_END_];
};

/* What each option's value is called in the usage text, for "option '-r' needs a FILE". */
static const char *value_name(int opt)
{
    switch (opt) {
    case 'i':
        return "an IFACE";
    case 'r':
    case 'w':
    case OPT_HTML:
        return "a FILE";
    case 'c':
        return "a COUNT";
    case 's':
        return "a SNAPLEN";
    case 'B':
        return "a KIB";
    case 'Z':
        return "a USER";
    case OPT_COLOR:
        return "a WHEN (auto, always or never)";
    case OPT_LANG:
        return "a language (en or fr)";
    case 'F':
        return "a FILE";
    case 'Q':
        return "a direction (in, out or inout)";
    case 'C':
        return "a size in MB";
    case 'G':
        return "a number of seconds";
    case 'W':
        return "a number of files";
    case OPT_PRECISION:
        return "micro or nano";
    case OPT_FOLLOW:
        return "a STREAM (a number, or ADDR:PORT,ADDR:PORT)";
    case OPT_FOLLOW_FORMAT:
        return "a format (ascii, hex or raw)";
    default:
        return "a value";
    }
}

/* The option as the user should read it: "-c", or the long option's full name ("--html" even
 * when abbreviated to "--ht"). */
static void option_name(int opt, char *name, size_t len)
{
    if (opt < 256) {
        snprintf(name, len, "-%c", opt);
        return;
    }
    for (const struct option *l = longopts; l->name; l++)
        if (l->val == opt) {
            snprintf(name, len, "--%s", l->name);
            return;
        }
    snprintf(name, len, "?");
}

/* "option '--h' is ambiguous (--help, --html)", or false when arg abbreviates at most one. */
static bool ambiguous(const char *arg, char *err, size_t err_len)
{
    int n = (int)strcspn(arg, "="), matches = 0, last_val = -1;
    size_t used = (size_t)snprintf(err, err_len, "option '%.*s' is ambiguous (", n, arg);
    for (const struct option *l = longopts; l->name && used < err_len; l++)
        if (strncmp(l->name, arg + 2, (size_t)n - 2) == 0 && l->val != last_val) {
            last_val = l->val; /* --color and --colour are one option */
            used += (size_t)snprintf(err + used, err_len - used, "%s--%s", matches++ ? ", " : "",
                                     l->name);
        }
    if (used < err_len)
        snprintf(err + used, err_len - used, ")");
    return matches > 1;
}

/* getopt_long's '?' and ':' as one line that names the option. */
static void option_error(int c, const char *arg, char *err, size_t err_len)
{
    char name[32];
    option_name(optopt, name, sizeof name);
    if (c == ':')
        snprintf(err, err_len, "option '%s' needs %s", name, value_name(optopt));
    else if (optopt >= 256) /* "--json=1" */
        snprintf(err, err_len, "option '%s' takes no value", name);
    else if (optopt)
        snprintf(err, err_len, "unknown option '%s' (see stackscope --help)", name);
    else if (strncmp(arg, "--", 2) != 0 || !ambiguous(arg, err, err_len))
        snprintf(err, err_len, "unknown option '%.*s' (see stackscope --help)",
                 (int)strcspn(arg, "="), arg);
}

/* A number option: "option '-s' needs a snap length from 1 to 262144, not '0'". */
static bool number_option(int opt, const char *what, const char *arg, uint64_t max, uint64_t *out,
                          char *err, size_t err_len)
{
    if (options_number(arg, max, out))
        return true;
    char name[8];
    option_name(opt, name, sizeof name);
    snprintf(err, err_len, "option '%s' needs %s from 1 to %llu, not '%s'", name, what,
             (unsigned long long)max, arg);
    return false;
}

/* -i, -r, -w, -Z, -F, --html and --follow: a name kept as given. */
static int name_option(int c, const char *value, struct cli_options *o, char *err, size_t err_len)
{
    switch (c) {
    case 'i':
        o->device = value;
        break;
    case 'r':
        o->read_file = value;
        break;
    case 'w':
        o->write_file = value;
        break;
    case 'Z':
        o->user = value;
        break;
    case 'F':
        o->filter_file = value;
        break;
    case OPT_FOLLOW: /* its form is checked where the stream is looked for (main) */
        if (!*value) {
            snprintf(err, err_len, "option '--follow' needs %s", value_name(c));
            return -1;
        }
        o->follow = value;
        break;
    default:           /* OPT_HTML */
        if (!*value) { /* "--html=" or --html "": no file to write */
            snprintf(err, err_len, "option '--html' needs a FILE");
            return -1;
        }
        o->html_file = value;
        break;
    }
    return 0;
}

/* -C, -G and -W: -w's rotation, each a number (-C in tcpdump's millions of bytes). */
static int rotation_option(int c, const char *value, struct cli_options *o, char *err,
                           size_t err_len)
{
    uint64_t n;
    switch (c) {
    case 'C':
        if (!number_option(c, "a size in MB", value, UINT64_MAX / 1000000, &n, err, err_len))
            return -1;
        o->rotate_bytes = n * 1000000;
        return 0;
    case 'G':
        if (!number_option(c, "a number of seconds", value, UINT_MAX, &n, err, err_len))
            return -1;
        o->rotate_seconds = (unsigned)n;
        return 0;
    default: /* 'W' */
        if (!number_option(c, "a number of files", value, INT_MAX, &n, err, err_len))
            return -1;
        o->rotate_files = (unsigned)n;
        return 0;
    }
}

/* -c, -s and -B: a number within the range the option allows. */
static int count_option(int c, const char *value, struct cli_options *o, char *err, size_t err_len)
{
    uint64_t n;
    switch (c) {
    case 'c':
        if (!number_option(c, "a packet count", value, UINT64_MAX, &o->count, err, err_len))
            return -1;
        return 0;
    case 's':
        if (strcmp(value, "0") == 0) { /* tcpdump's -s0: the whole packet, 262144 */
            o->snaplen = 0;
            return 0;
        }
        if (!options_number(value, 262144, &n)) {
            snprintf(err, err_len,
                     "option '-s' needs a snap length from 0 to 262144 (0: 262144), not '%s'",
                     value);
            return -1;
        }
        o->snaplen = (int)n;
        return 0;
    case 'B':
        /* libpcap takes the size in bytes as an int: at most INT_MAX / 1024 KiB. */
        if (!number_option(c, "a buffer size in KiB", value, INT_MAX / 1024, &n, err, err_len))
            return -1;
        o->buffer_kib = (int)n;
        return 0;
    default:
        return rotation_option(c, value, o, err, err_len);
    }
}

/* The index of value in words (NULL-terminated), or -1 after naming the choices in err. */
static int one_of(const char *value, const char *const *words, const char *option,
                  const char *choices, char *err, size_t err_len)
{
    for (int i = 0; words[i]; i++)
        if (strcmp(value, words[i]) == 0)
            return i;
    snprintf(err, err_len, "option '%s' needs %s, not '%s'", option, choices, value);
    return -1;
}

/* --lang, --color, --time-stamp-precision, --follow-format and -Q: one of a few words. */
static int choice_option(int c, const char *value, struct cli_options *o, char *err, size_t err_len)
{
    static const char *const langs[] = {"en", "fr", NULL};
    static const char *const whens[] = {"auto", "always", "never", NULL};
    static const char *const precisions[] = {"micro", "nano", NULL};
    static const char *const directions[] = {"in", "out", "inout", NULL};
    static const char *const follows[] = {"ascii", "hex", "raw", NULL};
    int i;
    switch (c) {
    case OPT_FOLLOW_FORMAT:
        if ((i = one_of(value, follows, "--follow-format", "ascii, hex or raw", err, err_len)) < 0)
            return -1;
        o->follow_format = (enum cli_follow_format)i; /* in the enum's order */
        return 0;
    case OPT_LANG:
        if ((i = one_of(value, langs, "--lang", "en or fr", err, err_len)) < 0)
            return -1;
        o->print.lang = i == 0 ? PRINT_LANG_EN : PRINT_LANG_FR;
        return 0;
    case OPT_PRECISION:
        if ((i = one_of(value, precisions, "--time-stamp-precision", "micro or nano", err,
                        err_len)) < 0)
            return -1;
        o->print.nano = i == 1;
        return 0;
    case 'Q':
        if ((i = one_of(value, directions, "-Q", "in, out or inout", err, err_len)) < 0)
            return -1;
        o->direction = (enum cli_direction)(CLI_DIRECTION_IN + i);
        return 0;
    default: /* OPT_COLOR */
        if ((i = one_of(value, whens, "--color", "auto, always or never", err, err_len)) < 0)
            return -1;
        o->color = (enum color_when)i; /* COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER in order */
        return 0;
    }
}

/* An option without a value that chooses what is printed; false when c is none of them. */
static bool print_flag(int c, struct cli_options *o)
{
    switch (c) {
    case 'v':
        o->print.mode = PRINT_TREE;
        break;
    case OPT_DIAGRAM:
        o->print.mode = PRINT_DIAGRAM;
        break;
    case OPT_JSON:
        o->print.mode = PRINT_JSON;
        break;
    case 'x':
        if (o->print.hex != PRINT_HEX_ASCII) /* -X shows what -x does and more, as tcpdump */
            o->print.hex = PRINT_HEX_BYTES;
        break;
    case 'X':
        o->print.hex = PRINT_HEX_ASCII;
        break;
    case 'A':
        o->print.ascii = true;
        break;
    case 'q':
        o->print.quick = true;
        break;
    case 'e':
        o->print.link = true;
        break;
    case 'S':
        o->print.absolute_seq = true;
        break;
    case OPT_MICRO:
    case OPT_NANO:
        o->print.nano = c == OPT_NANO;
        break;
    default:
        return false;
    }
    return true;
}

/* An option without a value; false when c is none of them. */
static bool flag_option(int c, struct cli_options *o)
{
    switch (c) {
    case 'n':
    case 'N':
        break; /* names are never resolved: accepted for tcpdump's users */
    case 'l':
        o->line_buffered = true;
        break;
    case 'U':
        o->packet_buffered = true;
        break;
    case 'p':
        o->no_promisc = true;
        break;
    case 'D':
        o->list_devices = true;
        break;
    case 'h':
    case OPT_HELP:
        o->help = true;
        break;
    case OPT_VERSION:
        o->version = true;
        break;
    case OPT_EXPLAIN:
        o->explain = true;
        break;
    case OPT_CONVERSATIONS:
        o->conversations = true;
        break;
    default:
        return print_flag(c, o);
    }
    return true;
}

/* One more word of the filter expression, joined to the others by a space. */
static int filter_word(const char *word, struct cli_options *o, char *err, size_t err_len)
{
    size_t len = strlen(o->filter), k = strlen(word);
    if (len + k + 2 > sizeof o->filter) {
        snprintf(err, err_len, "filter expression too long");
        return -1;
    }
    if (len)
        o->filter[len++] = ' ';
    memcpy(o->filter + len, word, k + 1);
    return 0;
}

/* The option's name as usage errors show it ("-ttt" for three -t). */
static void shown_name(int c, const struct parse_state *st, char *name, size_t len)
{
    if (c == 't')
        snprintf(name, len, "-%.*s", st->times, "ttttt");
    else
        option_name(c, name, len);
}

/* An option that takes a value, given a second time: which one counts would be a guess. */
static int given_twice(int c, const char *first, const char *again, char *err, size_t err_len)
{
    char name[32];
    option_name(c, name, sizeof name);
    snprintf(err, err_len, "option '%s' given twice ('%s' and '%s'): give it once", name, first,
             again);
    return -1;
}

/* -v, --diagram and --json each choose how every packet is printed: only one may. */
static int mode_option(int c, struct parse_state *st, char *err, size_t err_len)
{
    char name[32];
    option_name(c, name, sizeof name);
    if (!st->mode_option) {
        st->mode_option = c == 'v' ? "-v" : c == OPT_JSON ? "--json" : "--diagram";
        return 0;
    }
    if (strcmp(st->mode_option, name) == 0)
        return 0; /* -vv, -vvv: as -v */
    snprintf(err, err_len,
             "%s and %s cannot be used together: each chooses how the packets are printed",
             st->mode_option, name);
    return -1;
}

/* Counts -t, -tt ... -ttttt into opts.time. */
static int time_option(struct parse_state *st, struct cli_options *o, char *err, size_t err_len)
{
    static const enum print_time_format forms[] = {PRINT_TIME_NONE, PRINT_TIME_EPOCH,
                                                   PRINT_TIME_DELTA_PREV, PRINT_TIME_DATE,
                                                   PRINT_TIME_DELTA_FIRST};
    if (++st->times > 5) {
        snprintf(err, err_len, "option '-t' given %d times: -t to -ttttt (5) at most",
                 st->times);
        return -1;
    }
    o->print.time = forms[st->times - 1];
    return 0;
}

/* One thing getopt_long returned (1: a filter word); -1 with err set on a usage error. */
static int apply_option(int c, const char *arg, struct parse_state *st, struct cli_options *o,
                        char *err, size_t err_len)
{
    if (c > 1 && c < OPT_END_) {
        if (optarg && st->seen[c])
            return given_twice(c, st->seen[c], optarg, err, err_len);
        st->seen[c] = optarg;
        st->given[c] = true;
    }
    switch (c) {
    case 1:
        return filter_word(optarg, o, err, err_len);
    case 'i':
    case 'r':
    case 'w':
    case 'Z':
    case 'F':
    case OPT_HTML:
    case OPT_FOLLOW:
        return name_option(c, optarg, o, err, err_len);
    case 'c':
    case 's':
    case 'B':
    case 'C':
    case 'G':
    case 'W':
        return count_option(c, optarg, o, err, err_len);
    case OPT_LANG:
    case OPT_COLOR:
    case OPT_PRECISION:
    case OPT_FOLLOW_FORMAT:
    case 'Q':
        return choice_option(c, optarg, o, err, err_len);
    case 't':
        return time_option(st, o, err, err_len);
    case 'v':
    case OPT_DIAGRAM:
    case OPT_JSON:
        if (mode_option(c, st, err, err_len) < 0)
            return -1;
        return flag_option(c, o) ? 0 : -1;
    default:
        if (flag_option(c, o))
            return 0;
        option_error(c, arg, err, err_len); /* '?' and ':' */
        return -1;
    }
}

/* "A and B cannot be used together: why", when both a and b were given. */
static bool pair(const struct parse_state *st, int a, int b, const char *why, char *err,
                 size_t err_len)
{
    if (!st->given[a] || !st->given[b])
        return false;
    char na[32], nb[32];
    shown_name(a, st, na, sizeof na);
    shown_name(b, st, nb, sizeof nb);
    snprintf(err, err_len, "%s and %s cannot be used together: %s", na, nb, why);
    return true;
}

#define SUMMARY_WHY "the first prints a summary instead of the packets that the second shapes"

/* The pairs of options that cannot go together; true with err set at the first. */
static bool conflicting_pair(const struct parse_state *st, char *err, size_t err_len)
{
    static const struct {
        int a, b;
        const char *why;
    } pairs[] = {
        {'i', 'r', "capture live or read a file"},
        {'q', 'v', "-q shortens the one-line output, which -v replaces"},
        {'q', OPT_DIAGRAM, "-q shortens the one-line output, which --diagram replaces"},
        {'q', OPT_JSON, "-q shortens the one-line output, which --json replaces"},
        {'A', 'x', "-X shows the bytes in hex and as text"},
        {'A', 'X', "-X shows the bytes as text already"},
        {'A', OPT_JSON, "-A adds text for people, --json writes objects for programs"},
        {'t', OPT_JSON, "--json's \"ts\" is always seconds since 1970"},
        /* JSON is for programs, its shape fixed; the sentences are for people. */
        {OPT_EXPLAIN, OPT_JSON, "--explain writes sentences for people, --json objects for "
                                "programs"},
        {'Q', 'r', "-Q chooses the direction of a live capture"},
        /* --conversations and --follow print a summary instead of the packets. */
        {OPT_CONVERSATIONS, OPT_FOLLOW, "each prints instead of the packets"},
        {OPT_CONVERSATIONS, 'v', SUMMARY_WHY},
        {OPT_CONVERSATIONS, OPT_DIAGRAM, SUMMARY_WHY},
        {OPT_CONVERSATIONS, 'x', SUMMARY_WHY},
        {OPT_CONVERSATIONS, 'X', SUMMARY_WHY},
        {OPT_CONVERSATIONS, 'A', SUMMARY_WHY},
        {OPT_CONVERSATIONS, 'q', SUMMARY_WHY},
        {OPT_CONVERSATIONS, OPT_EXPLAIN, SUMMARY_WHY},
        {OPT_FOLLOW, 'v', SUMMARY_WHY},
        {OPT_FOLLOW, OPT_DIAGRAM, SUMMARY_WHY},
        {OPT_FOLLOW, 'x', SUMMARY_WHY},
        {OPT_FOLLOW, 'X', SUMMARY_WHY},
        {OPT_FOLLOW, 'A', SUMMARY_WHY},
        {OPT_FOLLOW, 'q', SUMMARY_WHY},
        {OPT_FOLLOW, OPT_EXPLAIN, SUMMARY_WHY},
        {OPT_FOLLOW, OPT_JSON, "--follow-format chooses how the stream's bytes are printed"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pair(st, pairs[i].a, pairs[i].b, pairs[i].why, err, err_len))
            return true;
    return false;
}

/* -C, -G, -W and -U shape the -w file: without one (or into a pipe) they would do nothing. */
static int check_rotation(const struct parse_state *st, const struct cli_options *o, char *err,
                          size_t err_len)
{
    static const int shaping[] = {'C', 'G', 'W', 'U'};
    for (size_t i = 0; i < sizeof shaping / sizeof shaping[0]; i++) {
        int c = shaping[i];
        if (!st->given[c])
            continue;
        if (!o->write_file) {
            snprintf(err, err_len, "-%c needs -w FILE: it shapes the file -w writes", c);
            return -1;
        }
        if (c != 'U' && !strcmp(o->write_file, "-")) {
            snprintf(err, err_len, "-%c and -w - cannot be used together: standard output "
                     "cannot be split into files", c);
            return -1;
        }
    }
    if (st->given['W'] && !st->given['C'] && !st->given['G']) {
        snprintf(err, err_len, "-W needs -C or -G: it bounds the files they start");
        return -1;
    }
    return 0;
}

/* The usage errors of options that cannot go together; -1 with err set. */
static int check_together(const struct parse_state *st, const struct cli_options *o, char *err,
                          size_t err_len)
{
    if (conflicting_pair(st, err, err_len))
        return -1;
    if (st->given[OPT_FOLLOW_FORMAT] && !o->follow) {
        snprintf(err, err_len, "--follow-format needs --follow STREAM: it shapes what --follow "
                 "prints");
        return -1;
    }
    if (o->filter_file && o->filter[0]) {
        snprintf(err, err_len, "-F and a filter expression ('%.200s') cannot be used together: "
                 "put the whole filter in the file", o->filter);
        return -1;
    }
    if (o->write_file && o->html_file && !strcmp(o->write_file, "-") &&
        !strcmp(o->html_file, "-")) {
        snprintf(err, err_len, "-w - and --html - cannot both use standard output: name a file");
        return -1;
    }
    return check_rotation(st, o, err, err_len);
}

int options_parse(int argc, char **argv, struct cli_options *o, char *err, size_t err_len)
{
    memset(o, 0, sizeof *o);
    o->user = "nobody";
    o->print.mode = PRINT_LINE;
    struct parse_state st;
    memset(&st, 0, sizeof st);
    int c;
    opterr = 0;
    optind = 0; /* 0, not 1: glibc then reads the optstring's leading '-' again */
    /* Options may follow the filter's words, as in tcpdump on Linux (-r f tcp -c 2): '-' hands
     * each word that is not an option back as 1, in order, whatever POSIXLY_CORRECT says, and
     * without reordering argv; "--" ends the options, the words after it are all filter. ':'
     * tells a missing value (':') from an unknown option ('?'). */
    while ((c = getopt_long(argc, argv, "-:i:r:w:c:s:B:Z:F:Q:C:G:W:vxXAeSDnNhtlUqp", longopts,
                            NULL)) != -1)
        if (apply_option(c, argv[optind - 1], &st, o, err, err_len) < 0)
            return -1;
    for (int i = optind; i < argc; i++)
        if (filter_word(argv[i], o, err, err_len) < 0)
            return -1;
    return check_together(&st, o, err, err_len);
}
