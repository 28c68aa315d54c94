/* fuzz_decode.c - libFuzzer target: arbitrary bytes under each supported link type through
 * decode, flow, the TCP analysis and every printer (line, tree, diagram, hex, json, with the
 * analysis' tags and reasons, in English and French) into a discarded buffer; and the
 * --conversations table (64 rows, so that its "other" fills too), printed every 64th input; and
 * --follow's reassembly fed every numbered TCP segment (whatever its stream: a new one restarts
 * its numbering, as by endpoints), printed as it goes in the format the input's byte 1 picks,
 * finished every 64th input (waiting segments placed or dropped in turn); the frame's first
 * bytes parsed as a --follow STREAM and matched against the packet.
 *
 * Input: byte 0 picks the link type (index into link_types, modulo its size); byte 1 picks how
 * many bytes beyond the capture the wire length claims, and how far the clock moves (byte 1
 * milliseconds, so that the analysis' timers see both short and long gaps); the rest is the
 * frame. Flow and analysis state carry over from one input to the next, as in a long capture.
 * Build with clang: cmake -DBUILD_FUZZERS=ON -DCMAKE_C_COMPILER=clang; see tests/fuzz/run-fuzz.sh. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/analysis.h"
#include "stackscope/conversations.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/follow.h"
#include "stackscope/follow_print.h"
#include "stackscope/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t link_types[] = {
    LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL, LINKTYPE_LOOP,
    LINKTYPE_RAW,      LINKTYPE_RAW_DLT12, LINKTYPE_RAW_DLT14,  LINKTYPE_IPV4, LINKTYPE_IPV6,
    147, /* an unsupported one */
};

/* The frame's first bytes (up to 63) as a --follow STREAM: parsed, and matched when valid. */
static void follow_target_input(const uint8_t *frame, size_t n, const struct packet *pkt,
                                const struct analysis_verdict *v)
{
    char text[64], err[256];
    size_t len = n < sizeof text - 1 ? n : sizeof text - 1;
    memcpy(text, frame, len);
    text[len] = '\0';
    struct follow_target t;
    if (follow_parse_target(text, &t, err, sizeof err) == 0)
        (void)follow_target_matches(&t, pkt, v->has_stream, v->stream);
}

/* --follow over the numbered TCP segments; the stream ends (finished, printed) every 64th. */
static void follow_input(const struct packet *pkt, const struct analysis_verdict *v,
                         uint32_t frame, uint32_t extra, struct outbuf *sink)
{
    static struct follow *f;
    static struct follow_printer printer;
    static struct follow_target target; /* stream 0: only the header shows it */
    if (!f) {
        if (!(f = malloc(sizeof *f)))
            return;
        follow_print_init(&printer, sink, FOLLOW_FORMAT_ASCII, &target, f);
        follow_init(f, follow_print_block, &printer);
    }
    if (pkt->tcp.present && v->has_stream)
        follow_packet(f, pkt, frame, v->stream);
    if (frame % 64 == 0) {
        follow_finish(f, frame / 64 % 2 == 0);
        follow_print_end(&printer);
        follow_print_init(&printer, sink, (enum follow_format)(extra % 3), &target, f);
        follow_init(f, follow_print_block, &printer);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Kept across runs so flow state evolves as in a long capture; memory stays bounded. */
    static struct flow_table *flows;
    static struct analysis *analysis;
    static struct conversations conv;
    static void *conv_storage;
    static struct outbuf sink;
    static struct packet pkt;
    static struct analysis_verdict verdict;
    static uint32_t frames;
    static int64_t now_ns = 1700000000000000000;
    if (!flows) {
        flows = malloc(sizeof *flows);
        analysis = malloc((size_t)analysis_size());
        conv_storage = malloc((size_t)conversations_size(64));
        if (!flows || !analysis || !conv_storage)
            return 0;
        conversations_init(&conv, 64, conv_storage);
        flow_table_init(flows);
        analysis_init(analysis);
        outbuf_init_mem(&sink);
    }
    if (size < 2)
        return 0;
    uint32_t linktype = link_types[data[0] % (sizeof link_types / sizeof link_types[0])];
    uint32_t extra = data[1];
    /* A copy of exactly the frame's size, so that any over-read is caught by ASan. */
    size_t n = size - 2;
    uint8_t *frame = malloc(n ? n : 1);
    if (!frame)
        return 0;
    memcpy(frame, data + 2, n);
    decode_packet(&pkt, linktype, frame, (uint32_t)n, (uint32_t)(n + extra));
    struct flow_info fi;
    flow_update(flows, &pkt, &fi);
    now_ns += (int64_t)extra * 1000000;
    analysis_packet(analysis, &pkt, ++frames, now_ns, &verdict);
    struct print_frame fr = {.number = frames,
                             .ts_sec = now_ns / 1000000000,
                             .ts_usec = (uint32_t)(now_ns / 1000 % 1000000),
                             .analysis = &verdict};
    for (int mode = PRINT_LINE; mode <= PRINT_JSON; mode++) {
        struct print_opts po = {.mode = (enum print_mode)mode,
                                .hex = mode == PRINT_TREE ? PRINT_HEX_ASCII : PRINT_HEX_BYTES,
                                .link = true,
                                .color = mode == PRINT_LINE,
                                .lang = (enum print_lang)(frames % PRINT_LANG_COUNT_)};
        struct print_ctx ctx;
        print_ctx_init(&ctx, &po);
        print_packet(&ctx, &sink, &fr, &pkt, &fi);
        if (mode != PRINT_JSON) /* --explain goes with every mode but JSON */
            print_explain(&ctx, &sink, &fr, &pkt, &fi);
    }
    conversations_packet(&conv, &pkt, &verdict, now_ns);
    follow_input(&pkt, &verdict, frames, extra, &sink);
    follow_target_input(frame, n, &pkt, &verdict);
    if (frames % 64 == 0) {
        print_conversations(&sink, (enum print_lang)(frames / 64 % PRINT_LANG_COUNT_), &conv);
        print_conversations_json(&sink, &conv);
    }
    sink.len = 0; /* discard, keep the capacity */
    free(frame);
    return 0;
}
