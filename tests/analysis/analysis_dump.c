/* analysis_dump.c - reads one capture and prints the analysis part's verdicts in the columns of
 * ../shared/tools/tshark-tcp-analysis (one row per TCP frame, tab-separated, with a header), so
 * that analysis_compare.py can hold them against tshark's without any printer involved.
 *
 * usage: analysis_dump CAPTURE > OUT.tsv
 *        analysis_dump --summary CAPTURE   (counts only: for timing and memory runs) */
#include <arpa/inet.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/analysis.h"
#include "stackscope/decode.h"

static const char *const columns =
    "frame.number\ttcp.stream\tip.src\tipv6.src\ttcp.srcport\ttcp.dstport\ttcp.seq_raw\t"
    "tcp.ack_raw\ttcp.len\ttcp.flags\ttcp.window_size_value\ttcp.analysis.retransmission\t"
    "tcp.analysis.fast_retransmission\ttcp.analysis.spurious_retransmission\t"
    "tcp.analysis.out_of_order\ttcp.analysis.lost_segment\ttcp.analysis.ack_lost_segment\t"
    "tcp.analysis.duplicate_ack\ttcp.analysis.zero_window\ttcp.analysis.zero_window_probe\t"
    "tcp.analysis.zero_window_probe_ack\ttcp.analysis.window_full\t"
    "tcp.analysis.window_update\ttcp.analysis.keep_alive\ttcp.analysis.keep_alive_ack\t"
    "tcp.analysis.reused_ports\ttcp.analysis.duplicate_ack_num\t"
    "tcp.analysis.duplicate_ack_frame\ttcp.analysis.acks_frame\ttcp.analysis.ack_rtt\t"
    "tcp.analysis.bytes_in_flight\ttcp.analysis.rto\ttcp.analysis.rto_frame\t"
    "tcp.analysis.initial_rtt\n";

/* Seconds with nine decimals, as tshark prints a relative time. */
static void put_time(int64_t ns)
{
    const char *sign = ns < 0 ? "-" : "";
    uint64_t m = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    printf("\t%s%" PRIu64 ".%09" PRIu64, sign, m / 1000000000u, m % 1000000000u);
}

static void put_uint(bool has, uint32_t value)
{
    if (has)
        printf("\t%" PRIu32, value);
    else
        printf("\t");
}

static void put_row(const struct packet *pkt, uint32_t frame, const struct analysis_verdict *v)
{
    const struct tcp_hdr *t = &pkt->tcp;
    char src4[INET_ADDRSTRLEN] = "", src6[INET6_ADDRSTRLEN] = "";
    if (pkt->ipv4.present)
        inet_ntop(AF_INET, pkt->ipv4.src, src4, sizeof src4);
    else if (pkt->ipv6.present)
        inet_ntop(AF_INET6, pkt->ipv6.src, src6, sizeof src6);
    printf("%" PRIu32, frame);
    put_uint(v->has_stream, v->stream);
    printf("\t%s\t%s\t%u\t%u\t%" PRIu32 "\t%" PRIu32, src4, src6, t->src_port, t->dst_port,
           t->seq, t->ack);
    put_uint(v->analysed, v->seglen);
    printf("\t0x%04x\t%u", t->flags, t->window);
    for (unsigned i = 0; i < ANALYSIS_FLAG_COUNT; i++)
        printf("\t%s", (v->flags >> i) & 1u ? "1" : "");
    bool dup = v->flags & ANALYSIS_DUPLICATE_ACK;
    put_uint(dup, v->duplicate_ack_num);
    put_uint(dup, v->duplicate_ack_frame);
    put_uint(v->acks_frame != 0, v->acks_frame);
    if (v->has_ack_rtt)
        put_time(v->ack_rtt_ns);
    else
        printf("\t");
    put_uint(v->has_bytes_in_flight, v->bytes_in_flight);
    if (v->has_rto)
        put_time(v->rto_ns);
    else
        printf("\t");
    put_uint(v->has_rto, v->rto_frame);
    if (v->has_initial_rtt)
        put_time(v->initial_rtt_ns);
    else
        printf("\t");
    printf("\n");
}

struct counts {
    uint64_t frames, streams, analysed;
    uint64_t flags[ANALYSIS_FLAG_COUNT], notes[ANALYSIS_NOTE_COUNT];
};

static void count(struct counts *n, const struct analysis_verdict *v)
{
    n->frames++;
    n->streams += v->has_stream;
    n->analysed += v->analysed;
    for (unsigned i = 0; i < ANALYSIS_FLAG_COUNT; i++)
        n->flags[i] += (v->flags >> i) & 1u;
    for (unsigned i = 0; i < ANALYSIS_NOTE_COUNT; i++)
        n->notes[i] += (v->notes >> i) & 1u;
}

static void put_counts(const struct counts *n, const struct analysis *a)
{
    printf("frames %" PRIu64 " tcp %" PRIu64 " analysed %" PRIu64 " streams %" PRIu32
           " connection_evictions %" PRIu64 " segment_evictions %" PRIu64 "\n",
           n->frames, n->streams, n->analysed, a->next_stream, a->conn_evictions,
           a->segment_evictions);
    for (unsigned i = 0; i < ANALYSIS_FLAG_COUNT; i++)
        if (n->flags[i])
            printf("%s %" PRIu64 "\n", analysis_flag_name(1u << i), n->flags[i]);
    for (unsigned i = 0; i < ANALYSIS_NOTE_COUNT; i++)
        if (n->notes[i])
            printf("%s %" PRIu64 "\n", analysis_note_name(1u << i), n->notes[i]);
}

int main(int argc, char **argv)
{
    bool summary = argc == 3 && strcmp(argv[1], "--summary") == 0;
    if (argc != 2 && !summary) {
        fprintf(stderr, "usage: analysis_dump [--summary] CAPTURE\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
        fprintf(stderr, "analysis_dump: %s: %s\n", path, err);
        return 1;
    }
    struct analysis *a = malloc((size_t)analysis_size());
    if (!a) {
        fprintf(stderr, "analysis_dump: out of memory\n");
        return 1;
    }
    analysis_init(a);
    uint32_t linktype = (uint32_t)pcap_datalink(p);
    if (!summary)
        fputs(columns, stdout);
    struct counts n = {0};
    struct pcap_pkthdr *h;
    const u_char *data;
    uint32_t frame = 0;
    static struct packet pkt;
    static struct analysis_verdict v;
    while (pcap_next_ex(p, &h, &data) == 1) {
        frame++;
        decode_packet(&pkt, linktype, data, h->caplen, h->len);
        int64_t ts = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec;
        analysis_packet(a, &pkt, frame, ts, &v);
        if (summary)
            count(&n, &v);
        else if (v.has_stream) /* what tshark shows as TCP */
            put_row(&pkt, frame, &v);
    }
    if (summary)
        put_counts(&n, a);
    free(a);
    pcap_close(p);
    return 0;
}
