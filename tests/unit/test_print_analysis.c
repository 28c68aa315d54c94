/* The TCP analysis as the printers show it (json.c, line.c, tree.c, analysis_text.c): JSON's
 * tcp.stream, tcp.analysis and window_size, the one-line tags and calculated window, the -v
 * Analysis block and window, and the reasons worded from the evidence in English and French.
 * Exact text throughout. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuild.h"
#include "stackscope/analysis.h"
#include "stackscope/capture.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

/* A connection 192.0.2.1:40000 > 198.51.100.2:80, window scale 10 both ways:
 *  1 0.000 SYN            2 0.010 SYN-ACK          3 0.020 ACK, win 64 (65536 bytes)
 *  4 0.100 100 bytes      5 0.500 the same again: a retransmission of #4 (RTO 400 ms)
 *  6 0.520 server ACK 101 (acks #4, RTT 420 ms)   7 0.530 the same ACK: dup ack 1 of #6
 *  8 0.540 the same ACK, window 0: zero window */
#define FRAMES 8
static uint8_t bytes[FRAMES][192];
static size_t lens[FRAMES];
static int64_t usecs[FRAMES];

struct seg {
    bool from_client;
    uint32_t ms;
    uint16_t flags, window, len;
    uint32_t seq, ack; /* relative: ISNs 1000 (client) and 5000 (server) are added */
};

static void build(void)
{
    static const struct seg segs[FRAMES] = {
        {true, 0, TCP_SYN, 65535, 0, 0, 0},
        {false, 10, TCP_SYN | TCP_ACK, 65535, 0, 0, 1},
        {true, 20, TCP_ACK, 64, 0, 1, 1},
        {true, 100, TCP_PSH | TCP_ACK, 64, 100, 1, 1},
        {true, 500, TCP_PSH | TCP_ACK, 64, 100, 1, 1},
        {false, 520, TCP_ACK, 64, 0, 1, 101},
        {false, 530, TCP_ACK, 64, 0, 1, 101},
        {false, 540, TCP_ACK, 0, 0, 1, 101},
    };
    static const uint8_t wscale[4] = {1, 3, 3, 10}; /* NOP, window scale 10 */
    static const uint8_t data[100] = {0};
    for (int i = 0; i < FRAMES; i++) {
        const struct seg *g = &segs[i];
        struct pkt_spec s = pkt_spec_default();
        if (!g->from_client) {
            memcpy(s.src, "\xc6\x33\x64\x02", 4);
            memcpy(s.dst, "\xc0\x00\x02\x01", 4);
            s.sport = 80;
            s.dport = 40000;
        }
        uint32_t own = g->from_client ? 1000 : 5000, peer = g->from_client ? 5000 : 1000;
        s.id = (uint16_t)(i + 1);
        s.tcp_flags = g->flags;
        s.window = g->window;
        s.seq = own + g->seq;
        s.ack = g->flags & TCP_ACK ? peer + g->ack : 0;
        if (g->flags & TCP_SYN) {
            s.tcp_options = wscale;
            s.tcp_options_len = sizeof wscale;
        }
        s.payload = data;
        s.payload_len = g->len;
        lens[i] = pkt_build_eth_tcp(bytes[i], sizeof bytes[i], &s);
        cr_assert_gt(lens[i], 0);
        usecs[i] = (int64_t)g->ms * 1000;
    }
}

/* Runs frames 1..FRAMES through decode, flow and analysis, printing frame `which` in `mode`. */
static char *render_frame(int which, enum print_mode mode, bool color, enum print_lang lang)
{
    build();
    struct flow_table *flows = malloc(sizeof *flows);
    struct analysis *a = malloc((size_t)analysis_size());
    cr_assert(flows && a);
    flow_table_init(flows);
    analysis_init(a);
    struct print_opts po = {.mode = mode, .color = color, .lang = lang};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    static struct packet pkt;
    static struct analysis_verdict v;
    for (int i = 0; i < which; i++) {
        struct flow_info fi;
        decode_packet(&pkt, LINKTYPE_ETHERNET, bytes[i], (uint32_t)lens[i], (uint32_t)lens[i]);
        flow_update(flows, &pkt, &fi);
        int64_t sec = 1700000000 + usecs[i] / 1000000;
        uint32_t usec = (uint32_t)(usecs[i] % 1000000);
        analysis_packet(a, &pkt, (uint32_t)i + 1, sec * 1000000000 + (int64_t)usec * 1000, &v);
        struct print_frame fr = {.number = (uint64_t)i + 1, .ts_sec = sec, .ts_usec = usec,
                                 .analysis = &v};
        if (i == which - 1)
            print_packet(&ctx, &ob, &fr, &pkt, &fi);
    }
    ob_putc(&ob, '\0');
    free(flows);
    free(a);
    return ob.buf;
}

/* The "tcp" object's part from "window" to its end, and from "stream" to its end. */
static char *from(char *s, const char *key)
{
    char *p = strstr(s, key);
    cr_assert(p, "no %s in %s", key, s);
    return p;
}

Test(print_analysis, json_window_size_after_window_where_the_scale_is_known)
{
    char *s = render_frame(4, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert(strstr(s, "\"window\":64,\"window_size\":65536,\"checksum\":"), "%s", s);
    free(s);
    /* the SYN: never scaled, so known */
    s = render_frame(1, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert(strstr(s, "\"window\":65535,\"window_size\":65535,\"checksum\":"), "%s", s);
    free(s);
}

Test(print_analysis, json_stream_and_analysis_after_ack_rel)
{
    char *s = render_frame(5, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "\"seq_rel\""),
                     "\"seq_rel\":1,\"ack_rel\":1,\"stream\":0,\"analysis\":{"
                     "\"flags\":[\"retransmission\"],\"bytes_in_flight\":100,"
                     "\"rto\":\"0.400000\",\"rto_frame\":4,\"initial_rtt\":\"0.020000\","
                     "\"why\":[\"bytes 1–100 were first sent in frame 4, 400 ms earlier, and "
                     "not acknowledged since\"]},\"state\":{\"src\":\"ESTABLISHED\",\"dst\":\"ESTABLISHED\"}},\"errors\":[]}\n");
    free(s);
}

Test(print_analysis, json_acks_frame_and_rtt_without_flags)
{
    char *s = render_frame(6, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "\"stream\""),
                     "\"stream\":0,\"analysis\":{\"flags\":[],\"acks_frame\":4,"
                     "\"ack_rtt\":\"0.420000\",\"initial_rtt\":\"0.020000\"},"
                     "\"state\":{\"src\":\"ESTABLISHED\",\"dst\":\"ESTABLISHED\"}},\"errors\":[]}\n");
    free(s);
    /* nothing applies: the flags alone */
    s = render_frame(1, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "\"stream\""),
                     "\"stream\":0,\"analysis\":{\"flags\":[]},"
                     "\"state\":{\"src\":\"SYN-SENT\",\"dst\":null}},\"errors\":[]}\n");
    free(s);
}

Test(print_analysis, json_duplicate_ack_number_and_frame)
{
    char *s = render_frame(7, PRINT_JSON, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "\"stream\""),
                     "\"stream\":0,\"analysis\":{\"flags\":[\"duplicate_ack\"],"
                     "\"duplicate_ack_num\":1,\"duplicate_ack_frame\":6,"
                     "\"initial_rtt\":\"0.020000\",\"why\":[\"the same acknowledgement number "
                     "(101) and window as frame 6, 10 ms earlier, and no data: duplicate "
                     "number 1\"]},\"state\":{\"src\":\"ESTABLISHED\",\"dst\":\"ESTABLISHED\"}},\"errors\":[]}\n");
    free(s);
}

Test(print_analysis, json_without_an_analysis_has_neither_key)
{
    build();
    static struct packet pkt;
    decode_packet(&pkt, LINKTYPE_ETHERNET, bytes[3], (uint32_t)lens[3], (uint32_t)lens[3]);
    struct print_opts po = {.mode = PRINT_JSON};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {.number = 4, .ts_sec = 1700000000};
    print_packet(&ctx, &ob, &fr, &pkt, NULL);
    ob_putc(&ob, '\0');
    cr_assert_null(strstr(ob.buf, "stream"));
    cr_assert_null(strstr(ob.buf, "analysis"));
    cr_assert_null(strstr(ob.buf, "window_size"));
    free(ob.buf);
}

Test(print_analysis, line_tags_and_calculated_window)
{
    char *s = render_frame(5, PRINT_LINE, false, PRINT_LANG_EN);
    cr_assert_str_eq(s, "22:13:20.500000 IP 192.0.2.1.40000 > 198.51.100.2.80: [P.] seq 1:101 "
                        "ack 1 win 65536 ttl 64 id 5 DF [retransmission of #4]\n");
    free(s);
    s = render_frame(7, PRINT_LINE, false, PRINT_LANG_EN);
    cr_assert(strstr(s, " win 65536 ttl 64 id 7 DF [dup ack 1 of #6]\n"), "%s", s);
    free(s);
    s = render_frame(8, PRINT_LINE, false, PRINT_LANG_EN);
    cr_assert(strstr(s, " win 0 ttl 64 id 8 DF [zero window]\n"), "%s", s);
    free(s);
}

Test(print_analysis, line_tags_coloured_on_a_terminal)
{
    char *s = render_frame(5, PRINT_LINE, true, PRINT_LANG_EN);
    cr_assert(strstr(s, " \033[1;31m[retransmission of #4]\033[0m\n"), "%s", s);
    free(s);
}

Test(print_analysis, tree_window_scaled_and_analysis_block)
{
    char *s = render_frame(5, PRINT_TREE, false, PRINT_LANG_EN);
    cr_assert(strstr(s, "    Window: 64 (× 1024 = 65536 bytes)\n"), "%s", s);
    cr_assert_str_eq(from(s, "    Stream:"),
                     "    Stream: 0\n"
                     "    Analysis:\n"
                     "      retransmission of #4: bytes 1–100 were first sent in frame 4, 400 ms\n"
                     "        earlier, and not acknowledged since\n"
                     "      Bytes in flight: 100\n"
                     "      Time since first sent (RTO): 400 ms (#4)\n"
                     "  Payload: 100 bytes\n\n");
    free(s);
}

Test(print_analysis, tree_acknowledged_frame_rtt_and_handshake_rtt)
{
    char *s = render_frame(3, PRINT_TREE, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "    Stream:"),
                     "    Stream: 0\n"
                     "    Analysis:\n"
                     "      Acknowledges frame 2 (seq 0), RTT 10 ms\n"
                     "      Handshake RTT: 20 ms\n"
                     "  Payload: 0 bytes\n\n");
    free(s);
    s = render_frame(6, PRINT_TREE, false, PRINT_LANG_EN);
    cr_assert_str_eq(from(s, "    Stream:"),
                     "    Stream: 0\n"
                     "    Analysis:\n"
                     "      Acknowledges frame 4 (seq 1–100), RTT 420 ms\n"
                     "  Payload: 0 bytes\n\n");
    free(s);
}

Test(print_analysis, tree_window_of_a_syn_is_never_scaled)
{
    char *s = render_frame(1, PRINT_TREE, false, PRINT_LANG_EN);
    cr_assert(strstr(s, "    Window: 65535 bytes (never scaled in a SYN)\n"), "%s", s);
    cr_assert_str_eq(from(s, "    Stream:"), "    Stream: 0\n  Payload: 0 bytes\n\n");
    free(s);
}

Test(print_analysis, tree_in_french)
{
    char *s = render_frame(5, PRINT_TREE, false, PRINT_LANG_FR);
    cr_assert(strstr(s, "    Window: 64 (× 1024 = 65536 octets)\n"), "%s", s);
    /* 80 columns counted in characters: "é" and "–" take two bytes and one column each */
    cr_assert(strstr(s, "      retransmission de #4: les octets 1–100 ont d'abord été envoyés "
                        "dans la\n"
                        "        trame 4, 400 ms plus tôt, et n'ont pas été acquittés depuis\n"
                        "      Octets en transit: 100\n"
                        "      Temps depuis le premier envoi (RTO): 400 ms (#4)\n"),
              "%s", s);
    free(s);
}

static char *reason(enum print_lang lang, const struct analysis_verdict *v, uint32_t bit,
                    uint16_t tcp_flags)
{
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_analysis_reason(&ob, lang, v, bit, tcp_flags);
    ob_putc(&ob, '\0');
    return ob.buf;
}

static int flag_index_of(uint32_t bit)
{
    return __builtin_ctz(bit);
}

Test(print_analysis, reasons_name_their_evidence)
{
    struct analysis_verdict v;
    memset(&v, 0, sizeof v);
    v.flags = ANALYSIS_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION;
    struct analysis_evidence e = {.frame = 11, .delta_ns = 270000000, .range_first = 1,
                                  .range_end = 101, .value_after = 101};
    v.why[flag_index_of(ANALYSIS_RETRANSMISSION)] = e;
    v.why[flag_index_of(ANALYSIS_SPURIOUS_RETRANSMISSION)] = e;
    char *s = reason(PRINT_LANG_EN, &v, ANALYSIS_SPURIOUS_RETRANSMISSION, 0);
    cr_assert_str_eq(s, "bytes 1–100 were already acknowledged: the peer's ACK of byte 101 in "
                        "frame 11, 270 ms earlier, covers them");
    free(s);
    s = reason(PRINT_LANG_FR, &v, ANALYSIS_SPURIOUS_RETRANSMISSION, 0);
    cr_assert_str_eq(s, "les octets 1–100 étaient déjà acquittés\u00a0: l'accusé de réception du "
                        "pair (ack 101), dans la trame 11, 270 ms plus tôt, les couvre");
    free(s);
    /* beside spurious, "retransmission" does not claim a first sending in the ACK's frame */
    s = reason(PRINT_LANG_EN, &v, ANALYSIS_RETRANSMISSION, 0);
    cr_assert_str_eq(s, "bytes 1–100 had already been sent: this sends them again");
    free(s);
}

Test(print_analysis, reasons_for_a_syn_and_for_raw_windows)
{
    struct analysis_verdict v;
    memset(&v, 0, sizeof v);
    v.flags = ANALYSIS_RETRANSMISSION | ANALYSIS_WINDOW_UPDATE;
    v.why[flag_index_of(ANALYSIS_RETRANSMISSION)] =
        (struct analysis_evidence){.frame = 73, .delta_ns = 1000000000};
    v.why[flag_index_of(ANALYSIS_WINDOW_UPDATE)] = (struct analysis_evidence){
        .frame = 9, .delta_ns = 85000, .value_before = 100, .value_after = 400};
    char *s = reason(PRINT_LANG_EN, &v, ANALYSIS_RETRANSMISSION, TCP_SYN);
    cr_assert_str_eq(s, "this SYN was first sent in frame 73, 1.000 s earlier, and not "
                        "acknowledged since");
    free(s);
    s = reason(PRINT_LANG_EN, &v, ANALYSIS_WINDOW_UPDATE, TCP_ACK);
    cr_assert_str_eq(s, "only the window changed: 100 in frame 9, 85 µs earlier, 400 now (raw "
                        "values: the scale is unknown)");
    free(s);
    s = reason(PRINT_LANG_FR, &v, ANALYSIS_WINDOW_UPDATE, TCP_ACK);
    cr_assert_str_eq(s, "seule la fenêtre a changé\u00a0: 100 dans la trame 9, 85 µs plus tôt, 400 "
                        "maintenant (valeurs brutes\u00a0: le facteur d'échelle est inconnu)");
    free(s);
}

Test(print_analysis, every_flag_has_words_in_both_languages)
{
    struct analysis_verdict v;
    memset(&v, 0, sizeof v);
    v.flags = (1u << ANALYSIS_FLAG_COUNT) - 1u;
    for (int lang = 0; lang < PRINT_LANG_COUNT_; lang++)
        for (uint32_t i = 0; i < ANALYSIS_FLAG_COUNT; i++) {
            char *s = reason((enum print_lang)lang, &v, 1u << i, 0);
            cr_assert_gt(strlen(s), 20, "flag %u, language %d", i, lang);
            cr_assert_null(strchr(s, '"'), "JSON takes the sentences unescaped");
            cr_assert_null(strchr(s, '\\'));
            cr_assert_null(strchr(s, '%'), "a placeholder left: %s", s);
            free(s);
            struct outbuf ob;
            outbuf_init_mem(&ob);
            print_analysis_tag(&ob, (enum print_lang)lang, &v, 1u << i);
            cr_assert_gt(ob.len, 3);
            free(ob.buf);
        }
}

Test(print_analysis, durations_for_people)
{
    static const struct {
        int64_t ns;
        enum print_lang lang;
        const char *text;
    } cases[] = {{0, PRINT_LANG_EN, "0 µs"},
                 {85999, PRINT_LANG_EN, "85 µs"},
                 {999999, PRINT_LANG_EN, "999 µs"},
                 /* from 1 ms to 1 s: milliseconds, the tenth where it is not 0 (truncated) */
                 {1000000, PRINT_LANG_EN, "1 ms"},
                 {41000000, PRINT_LANG_EN, "41 ms"},
                 {41299999, PRINT_LANG_EN, "41.2 ms"},
                 {41200000, PRINT_LANG_FR, "41,2 ms"},
                 {400000000, PRINT_LANG_FR, "400 ms"},
                 {999999999, PRINT_LANG_EN, "999.9 ms"},
                 {1000000000, PRINT_LANG_EN, "1.000 s"},
                 {1400000000, PRINT_LANG_FR, "1,400 s"},
                 {12345678901, PRINT_LANG_EN, "12.345 s"},
                 {-20000000, PRINT_LANG_EN, "-20 ms"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outbuf ob;
        outbuf_init_mem(&ob);
        print_duration(&ob, cases[i].lang, cases[i].ns);
        ob_putc(&ob, '\0');
        cr_assert_str_eq(ob.buf, cases[i].text);
        free(ob.buf);
    }
}

Test(print_analysis, json_seconds_keep_six_decimals)
{
    static const struct {
        int64_t ns;
        const char *text;
    } cases[] = {{0, "0.000000"}, {40000, "0.000040"}, {400000000, "0.400000"},
                 {2147483649000, "2147.483649"}, {-100000000, "-0.100000"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outbuf ob;
        outbuf_init_mem(&ob);
        print_seconds(&ob, cases[i].ns);
        ob_putc(&ob, '\0');
        cr_assert_str_eq(ob.buf, cases[i].text);
        free(ob.buf);
    }
}

/* A French teacher's review of the reasons, in the lesson's terms: each reworded text, exact. */
Test(print_analysis, french_reasons_in_the_lessons_terms)
{
    struct analysis_verdict v;
    memset(&v, 0, sizeof v);
    v.flags = ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION | ANALYSIS_OUT_OF_ORDER |
              ANALYSIS_ACK_LOST_SEGMENT | ANALYSIS_DUPLICATE_ACK | ANALYSIS_WINDOW_UPDATE |
              ANALYSIS_KEEP_ALIVE;
    v.why[flag_index_of(ANALYSIS_FAST_RETRANSMISSION)] = (struct analysis_evidence){
        .frame = 17, .delta_ns = 34000000, .range_first = 101, .range_end = 201, .count = 3,
        .other_frame = 23, .other_delta_ns = 2000000};
    v.why[flag_index_of(ANALYSIS_OUT_OF_ORDER)] = (struct analysis_evidence){
        .frame = 29, .delta_ns = 500000, .range_first = 101, .range_end = 201,
        .other_delta_ns = 20000000};
    v.why[flag_index_of(ANALYSIS_ACK_LOST_SEGMENT)] = (struct analysis_evidence){
        .frame = 59, .delta_ns = 20000000, .range_first = 101, .range_end = 201};
    v.why[flag_index_of(ANALYSIS_DUPLICATE_ACK)] = (struct analysis_evidence){
        .frame = 20, .delta_ns = 1000000, .value_after = 101, .count = 1};
    v.why[flag_index_of(ANALYSIS_WINDOW_UPDATE)] = (struct analysis_evidence){
        .frame = 37, .delta_ns = 480000000, .value_before = 0, .value_after = 8192,
        .values_scaled = true};
    v.why[flag_index_of(ANALYSIS_KEEP_ALIVE)] =
        (struct analysis_evidence){.frame = 43, .delta_ns = 9900000000};
    static const struct {
        uint32_t bit;
        const char *text;
    } cases[] = {
        {ANALYSIS_FAST_RETRANSMISSION,
         "le pair a redemandé l'octet 101 par 3 ACK dupliqués (le dernier dans la trame 23, "
         "2 ms plus tôt)\u00a0: les octets 101–200, d'abord envoyés dans la trame 17, 34 ms plus "
         "tôt, sont renvoyés sans attendre l'expiration du délai de retransmission (RTO)"},
        {ANALYSIS_OUT_OF_ORDER,
         "les octets 101–200 précèdent ce que la trame 29 a déjà envoyé, et arrivent "
         "seulement 500 µs après elle (moins de 20 ms)\u00a0: doublés en route, pas renvoyés"},
        {ANALYSIS_ACK_LOST_SEGMENT,
         "ce segment acquitte les octets 101–200 du pair, que la capture n'a jamais vus (le "
         "dernier segment vu du pair est la trame 59, 20 ms plus tôt)"},
        {ANALYSIS_DUPLICATE_ACK,
         "le même numéro d'accusé de réception (101) et la même fenêtre que la trame 20, 1 ms "
         "plus tôt, sans données\u00a0: ACK dupliqué n° 1"},
        {ANALYSIS_WINDOW_UPDATE,
         "seule la fenêtre a changé\u00a0: 0 dans la trame 37, 480 ms plus tôt, 8192 maintenant "
         "(en octets)"},
        {ANALYSIS_KEEP_ALIVE,
         "son numéro de séquence est inférieur de 1 au prochain numéro attendu, après 9,900 s "
         "de silence depuis la trame 43\u00a0: il vérifie que le pair est toujours là"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = reason(PRINT_LANG_FR, &v, cases[i].bit, TCP_ACK);
        cr_assert_str_eq(s, cases[i].text);
        free(s);
    }
    struct outbuf ob;
    outbuf_init_mem(&ob);
    print_analysis_tag(&ob, PRINT_LANG_FR, &v, ANALYSIS_OUT_OF_ORDER);
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf, "hors séquence");
    ob.len = 0;
    print_analysis_note(&ob, PRINT_LANG_FR, 1u << 5);
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf, "décalage des données (data offset) inférieur à 5\u00a0mots\u00a0: non "
                             "analysé");
    free(ob.buf);
}

Test(print_analysis, french_labels_in_the_lessons_terms)
{
    cr_assert_str_eq(print_analysis_label(PRINT_LANG_FR, PRINT_ANALYSIS_LABEL_IN_FLIGHT),
                     "Octets en transit");
    cr_assert_str_eq(print_analysis_label(PRINT_LANG_FR, PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED),
                     "pas de facteur d'échelle");
    cr_assert_str_eq(print_analysis_label(PRINT_LANG_FR, PRINT_ANALYSIS_LABEL_WINDOW_SYN),
                     "jamais multipliée par l'échelle dans un SYN");
    char *s = render_frame(1, PRINT_TREE, false, PRINT_LANG_FR);
    cr_assert(strstr(s, "    Window: 65535 octets (jamais multipliée par l'échelle dans un "
                        "SYN)\n"),
              "%s", s);
    free(s);
}

/* -v's Analysis block wraps at 80 columns with a hanging indent: a reason that fills three
 * lines, its number never parted from its unit; no line of the block passes 80 characters. */
Test(print_analysis, tree_reasons_wrap_at_80_columns)
{
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_opts po = {.mode = PRINT_TREE};
    struct print_ctx ctx;
    print_ctx_init(&ctx, &po);
    build();
    static struct packet pkt;
    decode_packet(&pkt, LINKTYPE_ETHERNET, bytes[4], (uint32_t)lens[4], (uint32_t)lens[4]);
    struct analysis_verdict v;
    memset(&v, 0, sizeof v);
    v.has_stream = true;
    v.flags = ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION;
    v.notes = 1u << 1;
    v.why[flag_index_of(ANALYSIS_FAST_RETRANSMISSION)] = (struct analysis_evidence){
        .frame = 17, .delta_ns = 34000000, .range_first = 101, .range_end = 201, .count = 3,
        .other_frame = 23, .other_delta_ns = 2000000};
    struct print_frame fr = {.number = 24, .ts_sec = 1700000000, .analysis = &v};
    print_tree(&ctx, &ob, &fr, &pkt, NULL);
    ob_putc(&ob, '\0');
    static const char want[] =
        "    Analysis:\n"
        "      fast retransmission of #17: the peer asked again for byte 101 in 3\n"
        "        duplicate ACKs (the last in frame 23, 2 ms earlier): bytes 101–200,\n"
        "        first sent in frame 17, 34 ms earlier, are sent again without waiting\n"
        "        for the timeout\n"
        "      Note: records of unacknowledged segments were dropped (too many at once):\n"
        "        an RTT, RTO or bytes in flight may be missing\n"
        "  Payload: 100 bytes\n\n";
    cr_assert_str_eq(strstr(ob.buf, "    Analysis:\n"), want);
    free(ob.buf);
}

/* The lost-segment recording (issue 12): #10 and #12 repeat #9's ACK, #11 and #14 are window
 * updates. #12's window (131072) is #11's, not #9's (70656): tshark holds it against the
 * previous segment, and the reason says so. #15's fast retransmission names the last
 * duplicate ACK, #12, not the window update #14 that came after it. */
struct lost_segment {
    struct analysis *a;
    uint32_t frame;
    struct analysis_verdict v[16]; /* v[n]: frame n's */
};

static bool lost_segment_packet(void *user, const struct capture_packet *p)
{
    struct lost_segment *ls = user;
    static struct packet pkt;
    struct analysis_verdict v;
    uint32_t frame = ++ls->frame;
    decode_packet(&pkt, LINKTYPE_ETHERNET, p->data, p->caplen, p->len);
    analysis_packet(ls->a, &pkt, frame, p->ts_sec * 1000000000 + (int64_t)p->ts_usec * 1000, &v);
    if (frame < 16)
        ls->v[frame] = v;
    return true;
}

Test(print_analysis, lost_segment_reasons_name_what_was_compared)
{
    struct lost_segment ls = {.a = malloc((size_t)analysis_size())};
    cr_assert(ls.a);
    analysis_init(ls.a);
    struct capture *c;
    char err[512];
    cr_assert_eq(capture_open_file(&c, SOURCE_DIR "/captures/demo/lost-segment/capture.pcap",
                                   err), 0, "%s", err);
    cr_assert_eq(capture_linktype(c), LINKTYPE_ETHERNET);
    cr_assert_eq(capture_loop(c, 0, lost_segment_packet, &ls, err), 0, "%s", err);
    cr_assert_eq(capture_close(c, err), 0, "%s", err);
    free(ls.a);
    cr_assert_eq(ls.frame, 20);
    cr_assert_eq(ls.v[14].flags, ANALYSIS_WINDOW_UPDATE, "the recording has its window update");
    static const struct {
        int frame;
        uint32_t bit;
        enum print_lang lang;
        const char *text;
    } cases[] = {
        {10, ANALYSIS_DUPLICATE_ACK, PRINT_LANG_EN,
         "the same acknowledgement number (989) and window as frame 9, 2 µs earlier, and no "
         "data: duplicate number 1"},
        {12, ANALYSIS_DUPLICATE_ACK, PRINT_LANG_EN,
         "the same acknowledgement number (989) as frame 9, 4 µs earlier, the same window as "
         "its previous ACK (frame 11), and no data: duplicate number 2"},
        {12, ANALYSIS_DUPLICATE_ACK, PRINT_LANG_FR,
         "le même numéro d'accusé de réception (989) que la trame 9, 4 µs plus tôt, la même "
         "fenêtre que son ACK précédent (trame 11), sans données\u00a0: ACK dupliqué n° 2"},
        {15, ANALYSIS_FAST_RETRANSMISSION, PRINT_LANG_EN,
         "the peer asked again for byte 989 in 2 duplicate ACKs (the last in frame 12, 43 µs "
         "earlier): bytes 989–1976, first sent in frame 5, 62 µs earlier, are sent again "
         "without waiting for the timeout"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = reason(cases[i].lang, &ls.v[cases[i].frame], cases[i].bit, TCP_ACK);
        cr_assert_str_eq(s, cases[i].text, "frame %d", cases[i].frame);
        free(s);
    }
}
