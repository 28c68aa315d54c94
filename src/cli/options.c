/* options.c - parsing stackscope's options, tcpdump's letters where they overlap. */
#include "options.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

const char options_usage[] =
    "usage: stackscope [-i IFACE | -r FILE] [-w FILE] [-c COUNT] [-s SNAPLEN] [-B KIB] [-Z USER]\n"
    "                  [-v] [--diagram] [-x | -X] [-e] [-S] [--json] [--explain] [--html FILE]\n"
    "                  [--lang en|fr] [--color=auto|always|never] [BPF-EXPRESSION ...]\n"
    "       stackscope -D                 list capture interfaces\n"
    "       stackscope demo [SCENARIO] [--port N] [--lang en|fr] [--record DIR] [--replay DIR]\n"
    "                       [--html FILE] [--color=auto|always|never]\n"
    "       stackscope --help | --version\n"
    "\n"
    "  -i IFACE    capture live on IFACE (needs root or cap_net_raw,cap_net_admin)\n"
    "  -r FILE     read a pcap or pcapng file ('-' for standard input)\n"
    "  -w FILE     also write the packets to FILE (pcap), valid even after Ctrl-C\n"
    "  -c COUNT    stop after COUNT packets\n"
    "  -s SNAPLEN  bytes to capture per packet (live)\n"
    "  -B KIB      kernel capture buffer size in KiB (live, at most 2097151)\n"
    "  -Z USER     user to run as once the device and files are open (default nobody; root\n"
    "              keeps root); capabilities given with setcap are given up then too\n"
    "  -v          layered tree: every field of every layer, checksums verified\n"
    "  --diagram   draw the IPv4 and TCP headers in 32-bit rows, as in the lesson\n"
    "  -x, -X      add a hex dump, each layer marked (-X: with ASCII)\n"
    "  -e          show the link layer\n"
    "  -S          absolute TCP sequence numbers (default: relative to the connection)\n"
    "  --json      one JSON object per packet per line\n"
    "  --explain   under each packet, what it means in its connection's life (opens,\n"
    "              accepts, carries, acknowledges, closes...) and each side's TCP state\n"
    "  --lang L    language of --explain, -v's analysis and the page: en (default) or fr\n"
    "  --html FILE also write a step-through page of the packets (at most 5000; '-' for\n"
    "              standard output)\n"
    "  --color=WHEN  colour: auto (a terminal without NO_COLOR), always, never\n"
    "  BPF-EXPRESSION  a libpcap filter, e.g. 'tcp port 80'\n";

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
    OPT_LANG
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
    {NULL, 0, NULL, 0},
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

/* -i, -r, -w, -Z and --html: a name kept as given. */
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
        if (!number_option(c, "a snap length", value, 262144, &n, err, err_len))
            return -1;
        o->snaplen = (int)n;
        return 0;
    default: /* 'B' */
        /* libpcap takes the size in bytes as an int: at most INT_MAX / 1024 KiB. */
        if (!number_option(c, "a buffer size in KiB", value, INT_MAX / 1024, &n, err, err_len))
            return -1;
        o->buffer_kib = (int)n;
        return 0;
    }
}

/* --lang and --color: one of a few words. */
static int choice_option(int c, const char *value, struct cli_options *o, char *err, size_t err_len)
{
    if (c == OPT_LANG) {
        if (strcmp(value, "en") == 0)
            o->print.lang = PRINT_LANG_EN;
        else if (strcmp(value, "fr") == 0)
            o->print.lang = PRINT_LANG_FR;
        else {
            snprintf(err, err_len, "option '--lang' needs en or fr, not '%s'", value);
            return -1;
        }
        return 0;
    }
    if (strcmp(value, "auto") == 0)
        o->color = COLOR_AUTO;
    else if (strcmp(value, "always") == 0)
        o->color = COLOR_ALWAYS;
    else if (strcmp(value, "never") == 0)
        o->color = COLOR_NEVER;
    else {
        snprintf(err, err_len, "option '--color' needs auto, always or never, not '%s'", value);
        return -1;
    }
    return 0;
}

/* An option without a value; false when c is none of them. */
static bool flag_option(int c, struct cli_options *o)
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
        o->print.hex = PRINT_HEX_BYTES;
        break;
    case 'X':
        o->print.hex = PRINT_HEX_ASCII;
        break;
    case 'e':
        o->print.link = true;
        break;
    case 'S':
        o->print.absolute_seq = true;
        break;
    case 'n':
        break; /* names are never resolved: accepted for tcpdump's users */
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
    default:
        return false;
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

/* One thing getopt_long returned (1: a filter word); -1 with err set on a usage error. */
static int apply_option(int c, const char *arg, struct cli_options *o, char *err, size_t err_len)
{
    switch (c) {
    case 1:
        return filter_word(optarg, o, err, err_len);
    case 'i':
    case 'r':
    case 'w':
    case 'Z':
    case OPT_HTML:
        return name_option(c, optarg, o, err, err_len);
    case 'c':
    case 's':
    case 'B':
        return count_option(c, optarg, o, err, err_len);
    case OPT_LANG:
    case OPT_COLOR:
        return choice_option(c, optarg, o, err, err_len);
    default:
        if (flag_option(c, o))
            return 0;
        option_error(c, arg, err, err_len); /* '?' and ':' */
        return -1;
    }
}

/* The usage errors of options that cannot go together; -1 with err set. */
static int check_together(const struct cli_options *o, char *err, size_t err_len)
{
    if (o->device && o->read_file) {
        snprintf(err, err_len, "-i and -r cannot be used together: capture live or read a file");
        return -1;
    }
    if (o->write_file && o->html_file && !strcmp(o->write_file, "-") &&
        !strcmp(o->html_file, "-")) {
        snprintf(err, err_len, "-w - and --html - cannot both use standard output: name a file");
        return -1;
    }
    if (o->explain && o->print.mode == PRINT_JSON) {
        /* JSON is for programs, its shape fixed; the sentences are for people. */
        snprintf(err, err_len,
                 "--explain and --json cannot be used together: --explain writes "
                 "sentences for people, --json objects for programs");
        return -1;
    }
    return 0;
}

int options_parse(int argc, char **argv, struct cli_options *o, char *err, size_t err_len)
{
    memset(o, 0, sizeof *o);
    o->user = "nobody";
    o->print.mode = PRINT_LINE;
    int c;
    opterr = 0;
    optind = 0; /* 0, not 1: glibc then reads the optstring's leading '-' again */
    /* Options may follow the filter's words, as in tcpdump on Linux (-r f tcp -c 2): '-' hands
     * each word that is not an option back as 1, in order, whatever POSIXLY_CORRECT says, and
     * without reordering argv; "--" ends the options, the words after it are all filter. ':'
     * tells a missing value (':') from an unknown option ('?'). */
    while ((c = getopt_long(argc, argv, "-:i:r:w:c:s:B:Z:vxXeSDnh", longopts, NULL)) != -1)
        if (apply_option(c, argv[optind - 1], o, err, err_len) < 0)
            return -1;
    for (int i = optind; i < argc; i++)
        if (filter_word(argv[i], o, err, err_len) < 0)
            return -1;
    return check_together(o, err, err_len);
}
