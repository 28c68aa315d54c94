/* options.c - parsing stackscope's options, tcpdump's letters where they overlap. */
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char options_usage[] =
    "usage: stackscope [-i IFACE | -r FILE] [-w FILE] [-c COUNT] [-s SNAPLEN] [-B KIB] [-Z USER]\n"
    "                  [-v] [--diagram] [-x | -X] [-e] [-S] [--json] [--html FILE]\n"
    "                  [--color=auto|always|never] [BPF-EXPRESSION ...]\n"
    "       stackscope -D                 list capture interfaces\n"
    "       stackscope demo [SCENARIO] [--port N] [--lang en|fr] [--record DIR] [--replay DIR]\n"
    "                       [--html FILE]\n"
    "       stackscope --help | --version\n"
    "\n"
    "  -i IFACE    capture live on IFACE (needs root or cap_net_raw,cap_net_admin)\n"
    "  -r FILE     read a pcap or pcapng file ('-' for standard input)\n"
    "  -w FILE     also write the packets to FILE (pcap), valid even after Ctrl-C\n"
    "  -c COUNT    stop after COUNT packets\n"
    "  -s SNAPLEN  bytes to capture per packet (live)\n"
    "  -B KIB      kernel capture buffer size in KiB (live)\n"
    "  -Z USER     user to run as after opening the device (default nobody; root keeps root)\n"
    "  -v          layered tree: every field of every layer, checksums verified\n"
    "  --diagram   draw the IPv4 and TCP headers in 32-bit rows, as in the lesson\n"
    "  -x, -X      add a hex dump, each layer marked (-X: with ASCII)\n"
    "  -e          show the link layer\n"
    "  -S          absolute TCP sequence numbers (default: relative to the connection)\n"
    "  --json      one JSON object per packet per line\n"
    "  --html FILE also write a step-through page of the packets (at most 5000)\n"
    "  --color=WHEN  colour: auto (a terminal without NO_COLOR), always, never\n"
    "  BPF-EXPRESSION  a libpcap filter, e.g. 'tcp port 80'\n";

bool options_number(const char *s, uint64_t max, uint64_t *out)
{
    if (!s || !*s)
        return false;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
}

enum { OPT_JSON = 256, OPT_DIAGRAM, OPT_COLOR, OPT_HELP, OPT_VERSION, OPT_HTML };

int options_parse(int argc, char **argv, struct cli_options *o, char *err, size_t err_len)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"diagram", no_argument, NULL, OPT_DIAGRAM},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {"html", required_argument, NULL, OPT_HTML},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->user = "nobody";
    o->print.mode = PRINT_LINE;
    uint64_t n;
    int c;
    opterr = 0;
    optind = 1;
    /* '+': stop at the first non-option, which starts the filter expression. */
    while ((c = getopt_long(argc, argv, "+i:r:w:c:s:B:Z:vxXeSDnh", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            o->device = optarg;
            break;
        case 'r':
            o->read_file = optarg;
            break;
        case 'w':
            o->write_file = optarg;
            break;
        case 'c':
            if (!options_number(optarg, UINT64_MAX, &o->count)) {
                snprintf(err, err_len, "-c: '%s' is not a positive whole number", optarg);
                return -1;
            }
            break;
        case 's':
            if (!options_number(optarg, 262144, &n)) {
                snprintf(err, err_len, "-s: '%s' is not a snap length from 1 to 262144", optarg);
                return -1;
            }
            o->snaplen = (int)n;
            break;
        case 'B':
            if (!options_number(optarg, 4194304, &n)) {
                snprintf(err, err_len, "-B: '%s' is not a buffer size in KiB (1 to 4194304)",
                         optarg);
                return -1;
            }
            o->buffer_kib = (int)n;
            break;
        case 'Z':
            o->user = optarg;
            break;
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
        case OPT_HTML:
            o->html_file = optarg;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") == 0)
                o->color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0)
                o->color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0)
                o->color = COLOR_NEVER;
            else {
                snprintf(err, err_len, "--color: '%s' is not auto, always or never", optarg);
                return -1;
            }
            break;
        case ':':
            snprintf(err, err_len, "option '%s' needs a value", argv[optind - 1]);
            return -1;
        default:
            if (optopt && strchr("irwcsBZ", optopt))
                snprintf(err, err_len, "option '-%c' needs a value", optopt);
            else if (optopt)
                snprintf(err, err_len, "unknown option '-%c' (see stackscope --help)", optopt);
            else
                snprintf(err, err_len, "unknown option '%s' (see stackscope --help)",
                         argv[optind - 1]);
            return -1;
        }
    }
    if (o->device && o->read_file) {
        snprintf(err, err_len, "-i and -r cannot be used together: capture live or read a file");
        return -1;
    }
    size_t len = 0;
    for (int i = optind; i < argc; i++) {
        size_t k = strlen(argv[i]);
        if (len + k + 2 > sizeof o->filter) {
            snprintf(err, err_len, "filter expression too long");
            return -1;
        }
        if (len)
            o->filter[len++] = ' ';
        memcpy(o->filter + len, argv[i], k);
        len += k;
        o->filter[len] = '\0';
    }
    return 0;
}
