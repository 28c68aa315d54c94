/* lesson.h - what the lesson walkthrough is made of: the socket calls of a demo run, the
 * packets each one caused (decoded), and the words to tell it in. The demo part fills these in
 * (live, or from a recording); the print part renders them. Plain data, no behaviour: the tables
 * live in src/lesson/ (the stackscope_lesson library, linked by print and demo). */
#ifndef STACKSCOPE_LESSON_H
#define STACKSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/analysis.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"
#include "stackscope/print.h"

enum lesson_call {
    CALL_SOCKET,
    CALL_SETSOCKOPT,
    CALL_BIND,
    CALL_LISTEN,
    CALL_ACCEPT,
    CALL_CONNECT,
    CALL_SENDALL,
    CALL_RECV,
    CALL_CLOSE,
    CALL_SENDTO,   /* UDP: one datagram to the address given */
    CALL_RECVFROM, /* UDP: one datagram, and who sent it */
    CALL_COUNT_
};

/* The lesson's scenarios, in the order `stackscope demo --help` lists them. */
enum lesson_scenario {
    SCENARIO_EXCHANGE,
    SCENARIO_PARTIAL_RECV,
    SCENARIO_CONCURRENT,
    SCENARIO_PORT_IN_USE,
    SCENARIO_SERVER_CLOSE,
    SCENARIO_REFUSED,
    SCENARIO_UDP,
    SCENARIO_HTTP,
    SCENARIO_TIME_WAIT,
    SCENARIO_LOST_SEGMENT,
    SCENARIO_COUNT_
};

/* "socket", "bind", ...: the calls' names as the lesson writes them. */
extern const char *const lesson_call_names[CALL_COUNT_];

/* A failed call's error, as the walkthrough explains it: from the call's errno in a live run,
 * from its name in a recording's steps file (steps.c maps it once, when reading). */
enum lesson_error {
    LESSON_ERR_NONE,         /* the call succeeded */
    LESSON_ERR_EADDRINUSE,   /* bind: the port is taken */
    LESSON_ERR_ECONNREFUSED, /* connect: nobody listens */
    LESSON_ERR_OTHER,
};

/* The socket option a setsockopt sets (LESSON_OPT_NONE for other calls). */
enum lesson_sockopt {
    LESSON_OPT_NONE,
    LESSON_OPT_TCP_MAXSEG,   /* IPPROTO_TCP: the segment size */
    LESSON_OPT_SO_REUSEADDR, /* SOL_SOCKET: bind may take a port held in TIME-WAIT */
    LESSON_OPT_OTHER,
};

/* Who makes the calls: each role once, as X(ROLE, key, recorded, MSG, server_side):
 *   key        the page's name for it (steps JSON "role"), never shown;
 *   recorded   its name in a recording's steps.tsv, before any number ("server thread 1");
 *   MSG        the message that names it in each language (MSG_WORD_SERVER ...);
 *   server_side whether it is on the server's side of the conversation.
 * A new kind of actor is one line here and its message in each language. */
#define LESSON_ACTOR_ROLES(X) \
    X(SERVER, "server", "server", WORD_SERVER, true) \
    X(CLIENT, "client", "client", WORD_CLIENT, false) \
    X(SERVER_THREAD, "server_thread", "server thread", ACTOR_SERVER_THREAD, true) \
    X(SECOND_SERVER, "second_server", "second server", ACTOR_SECOND_SERVER, true)

enum lesson_actor_role {
#define LESSON_ACTOR_ENUM(role, key, recorded, msg, server_side) LESSON_ACTOR_##role,
    LESSON_ACTOR_ROLES(LESSON_ACTOR_ENUM)
#undef LESSON_ACTOR_ENUM
    LESSON_ACTOR_ROLE_COUNT_
};

/* One actor of a run: its role, and its number among several of that role ("client 2"); n is
 * 0 when the scenario has only one of them ("client"). */
struct lesson_actor {
    enum lesson_actor_role role;
    unsigned n;
};

/* One socket call. A blocking call (accept, recv) that returns only after another side acted
 * appears twice: once when it is called (pending), once when it returns. */
struct lesson_step {
    struct lesson_actor actor; /* who made it */
    bool server;     /* the actor is on the server's side */
    enum lesson_call call;
    char args[64];   /* as the lesson writes them in Python: ('127.0.0.1', 5005) */
    bool pending;    /* called and now blocked; its return is a later step */
    bool unconnected; /* close: of a socket without a connection (nothing to send) */
    long result;     /* fd, byte count, 0, or -1 */
    char err[16];    /* errno name ("EADDRINUSE") as shown, empty when the call succeeded */
    enum lesson_error error;     /* what the walkthrough says of the failure */
    enum lesson_sockopt option;  /* setsockopt: the option it sets */
    char detail[80]; /* accept: the client's address; sendall/recv: the bytes (escaped) */
    uint16_t local_port; /* the socket's own port, 0 before bind/connect */
    uint16_t peer_port;  /* the port at the other end, 0 when not connected */
    uint32_t packets;    /* packets this step caused: the next ones in the run's order (the
                          * demo puts a run's packets step by step, each where its cause is) */
};

struct lesson_packet {
    struct print_frame frame; /* frame.analysis points at analysis once the run is analysed */
    struct packet pkt; /* its pointers point into bytes the run owns */
    struct flow_info flow;
    /* The TCP analysis of this packet, run over the packets in the order they were captured,
     * with the run's numbering (#1 is frame 1): acks_frame names a packet of this run. */
    struct analysis_verdict analysis;
};

#define LESSON_MESSAGES(X) \
    X(TITLE) \
    X(SETUP) \
    X(SETUP_CONCURRENT) \
    X(SETUP_PORT_IN_USE) \
    X(SETUP_REFUSED) \
    X(DESC_EXCHANGE) \
    X(DESC_PARTIAL_RECV) \
    X(DESC_CONCURRENT) \
    X(DESC_PORT_IN_USE) \
    X(DESC_SERVER_CLOSE) \
    X(DESC_REFUSED) \
    X(DESC_UDP) \
    X(CALL_SOCKET) \
    X(CALL_SETSOCKOPT) \
    X(CALL_BIND) \
    X(CALL_LISTEN) \
    X(CALL_ACCEPT_WAIT) \
    X(CALL_ACCEPT_DONE) \
    X(CALL_CONNECT) \
    X(CALL_SENDALL) \
    X(CALL_RECV_WAIT) \
    X(CALL_RECV_DONE) \
    X(CALL_RECV_EOF) \
    X(CALL_CLOSE) \
    X(CALL_CLOSE_UNCONNECTED) \
    X(CALL_CLOSE_FD) \
    X(CALL_CLOSE_LISTENING) \
    X(CALL_CLOSE_UNCONNECTED_FD) \
    X(ERR_EADDRINUSE) \
    X(ERR_ECONNREFUSED) \
    X(ERR_OTHER) \
    X(PKT_SYN) \
    X(PKT_SYNACK) \
    X(PKT_ACK) \
    X(PKT_DATA) \
    X(PKT_FIN) \
    X(PKT_RST) \
    X(ACK_OF) \
    X(ACK_OF_HANDSHAKE) \
    X(ACKED_DATA) \
    X(ANALYSIS_LINE) \
    X(DOWN) \
    X(UP) \
    X(LAYER_APP) \
    X(LAYER_TCP) \
    X(LAYER_IP) \
    X(LAYER_LINK) \
    X(ON_WIRE) \
    X(PARTIAL) \
    X(UNWRAP_LINK) \
    X(UNWRAP_IP) \
    X(UNWRAP_TCP) \
    X(UNWRAP_APP) \
    X(LADDER) \
    X(LADDER_LEN) \
    X(SUMMARY_SPLIT) \
    X(SUMMARY_NO_TRAFFIC) \
    X(RESULT_FD) \
    X(RESULT_OK) \
    X(RESULT_BYTES) \
    X(RESULT_FAIL) \
    X(NO_PACKET) \
    X(WORD_CLIENT) \
    X(WORD_SERVER) \
    X(WORD_KERNEL) \
    X(WORD_KERNEL_PORT) \
    X(PKT_NOT_WHOLE_TCP) \
    X(BYTES) \
    X(PKT_LINE) \
    X(TCP_DETAIL) \
    X(WINDOW_SCALED) \
    X(IP_DETAIL) \
    X(LINK_DETAIL) \
    X(LOCAL_ADDR) \
    X(GSO) \
    X(ACTOR_SERVER_THREAD) \
    X(ACTOR_SECOND_SERVER) \
    X(VERDICT_GOOD) \
    X(VERDICT_BAD) \
    X(VERDICT_PARTIAL) \
    X(VERDICT_UNVERIFIED) \
    X(FIELD_LINK) \
    X(FIELD_VERSION) \
    X(FIELD_IHL) \
    X(FIELD_TOS) \
    X(FIELD_TOTAL_LENGTH) \
    X(FIELD_ID) \
    X(FIELD_FLAGS) \
    X(FIELD_FRAG) \
    X(FIELD_TTL) \
    X(FIELD_PROTOCOL) \
    X(FIELD_IP_CHECKSUM) \
    X(FIELD_SRC) \
    X(FIELD_DST) \
    X(FIELD_IP_OPTIONS) \
    X(FIELD_SPORT) \
    X(FIELD_DPORT) \
    X(FIELD_SEQ) \
    X(FIELD_ACK) \
    X(FIELD_DATA_OFFSET) \
    X(FIELD_RESERVED) \
    X(FIELD_TCP_FLAGS) \
    X(FIELD_WINDOW) \
    X(FIELD_TCP_CHECKSUM) \
    X(FIELD_URGENT) \
    X(FIELD_TCP_OPTIONS) \
    X(FIELD_PAYLOAD) \
    X(UI_PREV) \
    X(UI_NEXT) \
    X(UI_PLAY) \
    X(UI_PAUSE) \
    X(UI_STEP) \
    X(UI_CONVERSATION) \
    X(UI_ALL) \
    X(UI_HEX) \
    X(UI_LANGUAGE) \
    X(UI_SUMMARY) \
    X(UI_IPV4_HEADER) \
    X(UI_TCP_HEADER) \
    X(UI_LINK_HEADER) \
    X(UI_PAYLOAD) \
    X(UI_PACKET) \
    X(UI_CALL) \
    X(UI_HOVER) \
    X(UI_TRUNCATED) \
    X(UI_ENCAPSULATION) \
    LESSON_MESSAGES_STATE(X) \
    LESSON_MESSAGES_UDP(X) \
    LESSON_MESSAGES_HTTP(X) \
    LESSON_MESSAGES_TIME_WAIT(X) \
    LESSON_MESSAGES_LOSS(X) \
    LESSON_MESSAGES_FOLLOW(X) \
    LESSON_MESSAGES_NOTICES(X) \
    LESSON_MESSAGES_WALK(X) \
    LESSON_MESSAGES_PAGE(X)

/* The walkthrough's and the page's words by topic, each group kept by the part of the lesson it
 * tells: each side's TCP state (RFC 9293 names translated), the udp scenario, the http scenario,
 * the time-wait scenario, the lost-segment scenario and segmentation offload. */
/* The demo's notices before a run: a busy port, no capture rights, loopback not changeable. */
#define LESSON_MESSAGES_NOTICES(X) \
    X(NOTICE_LINE) \
    X(NOTICE_PORT_BUSY) \
    X(NOTICE_RECORDED) \
    X(NOTICE_NO_CAPTURE) \
    X(NOTICE_LO_BUSY) \
    X(NOTICE_NO_NFT) \
    X(NOTICE_LO_NO_RIGHTS) \
    X(NOTICE_LO_FAILED) \
    X(NOTICE_OFFLOAD_ON) \
    X(NOTICE_INTERRUPTED) \
    X(NOTICE_NOT_PUT_BACK)
/* The walkthrough's counts, each with its noun in the singular or the plural as the number wants
 * it in the language (wt_count: N_BYTE for 1, and for 0 where zero_singular), the messages
 * chosen by a number (RESULT_BYTE, SUMMARY_SPLIT_ONE, RECV_RANGE_ONE), the summary told with
 * those counts, a packet unwrapped from inside (what one recv() read of it), a ladder of
 * datagrams, a link header other than Ethernet. */
#define LESSON_MESSAGES_WALK(X) \
    X(N_BYTE) \
    X(N_BYTES) \
    X(N_PACKET) \
    X(N_PACKETS) \
    X(RESULT_BYTE) \
    X(WT_SUMMARY) \
    X(SUMMARY_SPLIT_ONE) \
    X(RECV_RANGE_ONE) \
    X(UNWRAP_APP_PART) \
    X(LADDER_UDP) \
    X(LINK_OTHER)
/* The page's own labels: its title (a demo's, a capture's), where the reader is (the
 * walkthrough's step and the packet), "label: value" as the language punctuates it, the short
 * names of narrow header cells, the options' size, the label of a packet that is neither TCP nor
 * UDP, the payload's text; the counter's short form (a narrow toolbar), one side's state where
 * the other has none (the kernel's, where nothing listened); ICMP and ARP packets in words, the
 * IPv6, ICMP and ARP boxes, the summary's split by protocol, ICMP's fields. */
#define LESSON_MESSAGES_PAGE(X) \
    X(PAGE_TITLE_DEMO) \
    X(PAGE_TITLE_CAPTURE) \
    X(PAGE_POS_STEP_PACKET) \
    X(PAGE_POS_PACKET) \
    X(PAGE_LABEL) \
    X(PAGE_SHORT_VERSION) \
    X(PAGE_SHORT_IHL) \
    X(PAGE_SHORT_DATA_OFFSET) \
    X(PAGE_OPTIONS) \
    X(PAGE_PKT_ICMP) \
    X(PAGE_PKT_IPV6) \
    X(PAGE_PKT_IPV4) \
    X(PAGE_PKT_ETHERTYPE) \
    X(PAGE_PKT_FRAME) \
    X(PAGE_QUOTE) \
    X(PAGE_CUT) \
    X(PAGE_POS_STEP_PACKET_SHORT) \
    X(PAGE_STATE_AFTER_SIDE) \
    X(PAGE_PKT_ICMP_ECHO_REQUEST) \
    X(PAGE_PKT_ICMP_ECHO_REPLY) \
    X(PAGE_PKT_ICMP_UNREACHABLE) \
    X(PAGE_PKT_ICMP_TIME_EXCEEDED) \
    X(PAGE_PKT_ARP_REQUEST) \
    X(PAGE_PKT_ARP_REPLY) \
    X(PAGE_IPV6_HEADER) \
    X(PAGE_ICMP_HEADER) \
    X(PAGE_ARP_HEADER) \
    X(PAGE_WORD_LINK) \
    X(PAGE_SUMMARY_HEADERS) \
    X(ICMP_FIELD_TYPE) \
    X(ICMP_FIELD_CODE) \
    X(ICMP_FIELD_CHECKSUM) \
    X(ICMP_FIELD_ID) \
    X(ICMP_FIELD_SEQ) \
    X(ICMP_FIELD_REST)

#define LESSON_MESSAGES_STATE(X) \
    X(STATE_CLOSED) \
    X(STATE_LISTEN) \
    X(STATE_SYN_SENT) \
    X(STATE_SYN_RECEIVED) \
    X(STATE_ESTABLISHED) \
    X(STATE_FIN_WAIT_1) \
    X(STATE_FIN_WAIT_2) \
    X(STATE_CLOSE_WAIT) \
    X(STATE_CLOSING) \
    X(STATE_LAST_ACK) \
    X(STATE_TIME_WAIT) \
    X(STATE_CHANGE) \
    X(STATE_NEW)
#define LESSON_MESSAGES_UDP(X) \
    X(UDP_SETUP) \
    X(UDP_CALL_SOCKET) \
    X(UDP_CALL_BIND) \
    X(UDP_CALL_SENDTO) \
    X(UDP_CALL_RECVFROM_WAIT) \
    X(UDP_CALL_RECVFROM_DONE) \
    X(UDP_CALL_CLOSE) \
    X(UDP_PKT_LINE) \
    X(UDP_PKT_DATAGRAM) \
    X(UDP_PKT_FIRST_FRAGMENT) \
    X(UDP_LAYER) \
    X(UDP_DETAIL) \
    X(UDP_IP_DETAIL) \
    X(UDP_PARTIAL) \
    X(UDP_UNWRAP_IP) \
    X(UDP_UNWRAP_UDP) \
    X(UDP_WHOLE) \
    X(UDP_ABSENT_TITLE) \
    X(UDP_ABSENT_CONNECTION) \
    X(UDP_ABSENT_HANDSHAKE) \
    X(UDP_ABSENT_ACK) \
    X(UDP_ABSENT_HEADER) \
    X(UDP_ABSENT_BOUNDARIES) \
    X(UDP_SUMMARY_SPLIT) \
    X(UDP_FIELD_LENGTH) \
    X(UDP_FIELD_CHECKSUM) \
    X(UDP_FIELD_SPORT) \
    X(UDP_FIELD_DPORT) \
    X(UI_UDP_HEADER) \
    X(UI_STATE_AFTER) /* the page's TCP states: its label */
#define LESSON_MESSAGES_HTTP(X) \
    X(DESC_HTTP) \
    X(HTTP_REQUEST_TITLE) \
    X(HTTP_RESPONSE_TITLE) \
    X(HTTP_REQUEST_LINE) \
    X(HTTP_STATUS_LINE) \
    X(HTTP_HEADER) \
    X(HTTP_BLANK) \
    X(HTTP_BLANK_DETAIL) \
    X(HTTP_BODY) \
    X(HTTP_NO_BODY) \
    X(HTTP_BODY_DETAIL) \
    X(HTTP_SAME_LAYERS) \
    X(HTTP_COMPARE) \
    X(HTTP_COMPARE_APP) \
    X(HTTP_COMPARE_APP_TEXT) \
    X(HTTP_COMPARE_PRES) \
    X(HTTP_COMPARE_PRES_TEXT) \
    X(HTTP_COMPARE_SESSION) \
    X(HTTP_COMPARE_SESSION_TEXT)
#define LESSON_MESSAGES_TIME_WAIT(X) \
    X(DESC_TIME_WAIT) \
    X(TW_CALL_REUSEADDR) \
    X(TW_ERR_EADDRINUSE) \
    X(TW_FIRST_REUSEADDR) \
    X(TW_RESTART) \
    X(TW_RESTART_REUSEADDR) \
    X(TW_ENTERED) \
    X(TW_SEE_DEMO) \
    X(TW_ALSO_AFTER_RESTART) \
    X(TW_WHO) \
    X(TW_HOW_LONG) \
    X(TW_WHY) \
    X(TW_SEE) \
    X(TW_FIX) \
    X(TW_NOT_REUSEPORT)
#define LESSON_MESSAGES_LOSS(X) \
    X(DESC_LOST_SEGMENT) \
    X(SEGMENT_AGAIN) \
    X(RECV_RANGE) \
    X(RANGE_ALL) \
    X(RANGE_FIRST) \
    X(RANGE_LAST) \
    X(RANGE_MIDDLE) \
    X(RANGE_ONE) \
    X(RANGE_AND) \
    X(LOSS_TITLE) \
    X(LOSS_DROPPED) \
    X(LOSS_CAPTURED) \
    X(LOSS_DUPACKS) \
    X(LOSS_SACK) \
    X(LOSS_DUP_ALL) \
    X(LOSS_DUP_IT) \
    X(LOSS_DUP_SOME) \
    X(LOSS_DUP_ONE) \
    X(LOSS_RETRANSMITTED) \
    X(LOSS_ACKED) \
    X(LOSS_IN_ORDER)
/* The page's follow view (--follow's bytes of the selected conversation): its button (whole
 * and brief), title, each block's and each gap's line (from, to, bytes, packet number), a
 * connection without data, the cut past the page's bound. */
#define LESSON_MESSAGES_FOLLOW(X) \
    X(FOLLOW_BUTTON) \
    X(FOLLOW_BUTTON_BRIEF) \
    X(FOLLOW_TITLE) \
    X(FOLLOW_INTRO) \
    X(FOLLOW_BLOCK) \
    X(FOLLOW_GAP) \
    X(FOLLOW_GAP_END) \
    X(FOLLOW_NONE) \
    X(FOLLOW_CUT)

/* The page's words about the TCP analysis (the legend of the ladder's marks, the pane's links):
 * printf templates; the page finds each under its name without "PAGE_". */
#define LESSON_PAGE_WORDS(X) \
    X(PAGE_LEGEND) \
    X(PAGE_MARK_RETRANSMISSION) \
    X(PAGE_MARK_DUPLICATE_ACK) \
    X(PAGE_MARK_LOSS) \
    X(PAGE_MARK_WINDOW) \
    X(PAGE_MARK_KEEP_ALIVE) \
    X(PAGE_MARK_PORTS) \
    X(PAGE_DUPLICATE_ACK_NUM) \
    X(PAGE_SEE_FRAME) \
    X(PAGE_VERDICT)

/* The TCP analysis' words, expanded by analysis_text.c's own placeholders (%r %s %f %t %n %b %a
 * %o %T %k, not printf): a reason for each verdict flag (some with a variant for another shape
 * of evidence), a one-line tag for each flag in enum analysis_flag's order (and, for four, a
 * wording without a frame), a note for each enum analysis_note in order, and the -v labels in
 * enum print_analysis_label's order. No '"', '\\', '<', '>' or '&': JSON and the page write them
 * as they are. */
#define LESSON_ANALYSIS_MESSAGES(X) \
    X(REASON_RETRANSMISSION) \
    X(REASON_RETRANSMISSION_SYN_FIN) \
    X(REASON_RETRANSMISSION_ACKED) \
    X(REASON_FAST_RETRANSMISSION) \
    X(REASON_SPURIOUS_RETRANSMISSION) \
    X(REASON_OUT_OF_ORDER) \
    X(REASON_LOST_SEGMENT) \
    X(REASON_ACK_LOST_SEGMENT) \
    X(REASON_DUPLICATE_ACK) \
    X(REASON_DUPLICATE_ACK_WINDOW) \
    X(REASON_ZERO_WINDOW) \
    X(REASON_ZERO_WINDOW_PROBE) \
    X(REASON_ZERO_WINDOW_PROBE_ACK) \
    X(REASON_WINDOW_FULL) \
    X(REASON_WINDOW_UPDATE) \
    X(REASON_WINDOW_UPDATE_RAW) \
    X(REASON_KEEP_ALIVE) \
    X(REASON_KEEP_ALIVE_ACK) \
    X(REASON_REUSED_PORTS) \
    X(TAG_RETRANSMISSION) \
    X(TAG_FAST_RETRANSMISSION) \
    X(TAG_SPURIOUS_RETRANSMISSION) \
    X(TAG_OUT_OF_ORDER) \
    X(TAG_LOST_SEGMENT) \
    X(TAG_ACK_LOST_SEGMENT) \
    X(TAG_DUPLICATE_ACK) \
    X(TAG_ZERO_WINDOW) \
    X(TAG_ZERO_WINDOW_PROBE) \
    X(TAG_ZERO_WINDOW_PROBE_ACK) \
    X(TAG_WINDOW_FULL) \
    X(TAG_WINDOW_UPDATE) \
    X(TAG_KEEP_ALIVE) \
    X(TAG_KEEP_ALIVE_ACK) \
    X(TAG_REUSED_PORTS) \
    X(TAG_RETRANSMISSION_NO_FRAME) \
    X(TAG_FAST_RETRANSMISSION_NO_FRAME) \
    X(TAG_SPURIOUS_RETRANSMISSION_NO_FRAME) \
    X(TAG_DUPLICATE_ACK_NO_FRAME) \
    X(NOTE_CONNECTION_FORGOTTEN) \
    X(NOTE_SEGMENTS_FORGOTTEN) \
    X(NOTE_IP_FRAGMENT) \
    X(NOTE_NO_SEGMENT_LENGTH) \
    X(NOTE_HEADER_NOT_CAPTURED) \
    X(NOTE_BAD_HEADER_LENGTH) \
    X(LABEL_STREAM) \
    X(LABEL_ANALYSIS) \
    X(LABEL_ACKS) \
    X(LABEL_BYTES) \
    X(LABEL_RTT) \
    X(LABEL_IN_FLIGHT) \
    X(LABEL_RTO) \
    X(LABEL_HANDSHAKE_RTT) \
    X(LABEL_NOTE) \
    X(LABEL_WINDOW_BYTES) \
    X(LABEL_WINDOW_UNSCALED) \
    X(LABEL_WINDOW_UNKNOWN) \
    X(LABEL_WINDOW_SYN)

/* --explain's sentences: what each packet means in its connection's life, for any capture. */
#define LESSON_EXPLAIN_MESSAGES(X) \
    X(EXPLAIN_SYN) \
    X(EXPLAIN_SYN_SIMULTANEOUS) \
    X(EXPLAIN_SYNACK) \
    X(EXPLAIN_HANDSHAKE_ACK) \
    X(EXPLAIN_BYTES) \
    X(EXPLAIN_ONE_BYTE) \
    X(EXPLAIN_RANGE) \
    X(EXPLAIN_RANGE_ONE) \
    X(EXPLAIN_DATA) \
    X(EXPLAIN_ACK_DATA) \
    X(EXPLAIN_ACK_UPTO) \
    X(EXPLAIN_ACK_DUP) \
    X(EXPLAIN_ACK_NO_DATA) \
    X(EXPLAIN_ACK_FIN) \
    X(EXPLAIN_ACK_FIN_NO_FRAME) \
    X(EXPLAIN_LAST_ACK) \
    X(EXPLAIN_FIN) \
    X(EXPLAIN_FIN_REPLY) \
    X(EXPLAIN_FIN_AND_ACK) \
    X(EXPLAIN_FIN_SIMULTANEOUS) \
    X(EXPLAIN_RST) \
    X(EXPLAIN_RST_REFUSED) \
    X(EXPLAIN_VERDICT) \
    X(EXPLAIN_UDP) \
    X(EXPLAIN_UDP_DATA) \
    X(EXPLAIN_ICMP) \
    X(EXPLAIN_OTHER) \
    X(EXPLAIN_ACK_REPEAT) \
    X(EXPLAIN_ACK_FIN_AGAIN) \
    X(EXPLAIN_HANDSHAKE_ACK_UNSEEN) \
    X(EXPLAIN_FIN_AGAIN) \
    X(EXPLAIN_FIN_AGAIN_TIME_WAIT) \
    X(EXPLAIN_RST_IGNORED) \
    X(EXPLAIN_RST_IGNORED_SYN) \
    X(EXPLAIN_SYN_DATA) \
    X(EXPLAIN_FRAGMENT) \
    X(EXPLAIN_TCP_CUT) \
    X(EXPLAIN_UDP_CUT)

/* --diagram's labels: each box's field name and value, as the walkthrough names the field (a
 * shorter form where a value can make the long one too wide for its box), the headers' titles,
 * the data row. printf templates; outside LESSON_MESSAGES (the page draws its own boxes). */
#define LESSON_DIAGRAM_MESSAGES(X) \
    X(DIAG_IPV4_TITLE) \
    X(DIAG_TCP_TITLE) \
    X(DIAG_UDP_TITLE) \
    X(DIAG_VERSION) \
    X(DIAG_IHL) \
    X(DIAG_TOS) \
    X(DIAG_TOTAL_LENGTH) \
    X(DIAG_ID) \
    X(DIAG_FRAG) \
    X(DIAG_TTL) \
    X(DIAG_TTL_SHORT) \
    X(DIAG_PROTOCOL) \
    X(DIAG_PROTOCOL_SHORT) \
    X(DIAG_CHECKSUM) \
    X(DIAG_SRC) \
    X(DIAG_DST) \
    X(DIAG_IP_OPTIONS) \
    X(DIAG_SPORT) \
    X(DIAG_DPORT) \
    X(DIAG_SEQ) \
    X(DIAG_SEQ_REL) \
    X(DIAG_ACK) \
    X(DIAG_ACK_REL) \
    X(DIAG_ACK_NONE) \
    X(DIAG_DATA_OFFSET) \
    X(DIAG_WINDOW) \
    X(DIAG_URGENT) \
    X(DIAG_TCP_OPTIONS) \
    X(DIAG_OPTIONS) \
    X(DIAG_DATA) \
    X(DIAG_DATA_BRIEF) \
    X(DIAG_DATA_FRAGMENT) \
    X(DIAG_DATA_INVALID) \
    X(DIAG_UDP_LENGTH) \
    X(DIAG_UDP_NO_CHECKSUM) \
    X(DIAG_ICMP_TITLE) \
    X(DIAG_ICMPV6_TITLE) \
    X(DIAG_ICMP_TYPE) \
    X(DIAG_ICMP_CODE) \
    X(DIAG_ICMP_ID) \
    X(DIAG_ICMP_SEQ) \
    X(DIAG_ICMP_REST) \
    X(DIAG_ICMP_QUOTED) \
    X(DIAG_IPV6_TITLE) \
    X(DIAG_TRAFFIC_CLASS) \
    X(DIAG_TRAFFIC_CLASS_SHORT) \
    X(DIAG_FLOW_LABEL) \
    X(DIAG_PAYLOAD_LENGTH) \
    X(DIAG_NEXT_HEADER) \
    X(DIAG_NEXT_HEADER_SHORT) \
    X(DIAG_HOP_LIMIT) \
    X(DIAG_HOP_LIMIT_SHORT) \
    X(DIAG_SRC6) \
    X(DIAG_DST6)

/* --conversations' words (src/print/conversations.c): the two sections' titles, the column
 * heads, "open", the legend, the totals' words. Plain text; CONV_OTHER is a printf template
 * (%u: the rows the table keeps). Outside LESSON_MESSAGES (the page has no such table). */
#define LESSON_CONVERSATION_MESSAGES(X) \
    X(CONV_TCP_TITLE) \
    X(CONV_UDP_TITLE) \
    X(CONV_HEAD_STREAM) \
    X(CONV_HEAD_A) \
    X(CONV_HEAD_B) \
    X(CONV_HEAD_START) \
    X(CONV_HEAD_DURATION) \
    X(CONV_HEAD_RTT) \
    X(CONV_HEAD_END) \
    X(CONV_HEAD_AB_PACKETS) \
    X(CONV_HEAD_BA_PACKETS) \
    X(CONV_HEAD_BYTES) \
    X(CONV_HEAD_RETRANS) \
    X(CONV_HEAD_DUP_ACKS) \
    X(CONV_END_OPEN) \
    X(CONV_LEGEND) \
    X(CONV_TOTAL) \
    X(CONV_OTHER) \
    X(CONV_AT_LEAST) \
    X(CONV_LOOSE) \
    X(CONV_NONE) \
    X(CONV_CONVERSATION) \
    X(CONV_CONVERSATIONS) \
    X(CONV_PACKET) \
    X(CONV_PACKETS) \
    X(CONV_BYTE) \
    X(CONV_BYTES)

/* Every sentence and label of the lesson, one table per language: the walkthrough's and the
 * page's (LESSON_MESSAGES, which the page embeds whole), then the page's analysis words, then
 * the analysis', then --explain's, then --diagram's, then --conversations'. */
enum lesson_msg {
#define LESSON_MSG_ENUM(name) MSG_##name,
    LESSON_MESSAGES(LESSON_MSG_ENUM)
    LESSON_PAGE_WORDS(LESSON_MSG_ENUM)
    LESSON_ANALYSIS_MESSAGES(LESSON_MSG_ENUM)
    LESSON_EXPLAIN_MESSAGES(LESSON_MSG_ENUM)
    LESSON_DIAGRAM_MESSAGES(LESSON_MSG_ENUM)
    LESSON_CONVERSATION_MESSAGES(LESSON_MSG_ENUM)
#undef LESSON_MSG_ENUM
    MSG_COUNT_
};

/* How many of them are LESSON_MESSAGES (MSG_TITLE onwards): what the page embeds for its script. */
#define LESSON_MSG_ONE(name) +1
enum { MSG_WALKTHROUGH_COUNT_ = 0 LESSON_MESSAGES(LESSON_MSG_ONE) };
#undef LESSON_MSG_ONE

/* "TITLE", "SETUP", ...: the keys under which the page's JavaScript finds each message. */
extern const char *const lesson_msg_names[MSG_COUNT_];

struct lesson_text {
    const char *lang; /* "en", "fr" */
    enum print_lang print_lang; /* the same language, as the printers name it */
    char decimal; /* the decimal separator of durations: '.' or ',' */
    bool zero_singular; /* a count of 0 takes the singular, as 1 does ("0 octet"); else only 1 */
    const char *msg[MSG_COUNT_];
};

/* The tables, one per language. */
extern const struct lesson_text lesson_text_en;
extern const struct lesson_text lesson_text_fr;

/* The table of a printer's language (English for an unknown one). */
const struct lesson_text *lesson_text_of(enum print_lang lang);

/* Actors: the same role and number? (Logic compares actors with this, never by their names.) */
bool lesson_actor_same(struct lesson_actor a, struct lesson_actor b);
/* Is the role on the server's side? */
bool lesson_actor_server_side(struct lesson_actor a);
/* "server_thread", ...: the role's key in the page's steps (never shown). */
const char *lesson_actor_key(struct lesson_actor a);
/* The message that names the role (MSG_ACTOR_SERVER_THREAD ...): lesson_msg_names[] gives its key
 * in the page's message table, so the page needs no list of roles of its own. */
enum lesson_msg lesson_actor_msg(struct lesson_actor a);
/* The actor's name in the language of t: "server thread 1", "thread serveur 1", "client".
 * Cut to fit n (n > 0). */
void lesson_actor_name(char *dst, size_t n, struct lesson_actor a, const struct lesson_text *t);
/* The actor as a recording's steps.tsv writes it ("server thread 1", "second server"): its
 * recorded name, then its number when it has one. Cut to fit n (n > 0). */
void lesson_actor_recorded(char *dst, size_t n, struct lesson_actor a);
/* Reads that form back; false when it names no actor (an unknown role, a number not 1-99). */
bool lesson_actor_parse(const char *s, struct lesson_actor *a);

/* Each scenario's name on the command line and the message that says what it shows; the one
 * table of them (src/lesson/scenarios.c). */
struct lesson_scenario_info {
    const char *name;
    enum lesson_msg desc;
    enum lesson_msg setup; /* the walkthrough's opening: who talks, over what (%u: the port) */
};
extern const struct lesson_scenario_info lesson_scenarios[SCENARIO_COUNT_];

/* The scenario of that name, or -1. */
int lesson_scenario_find(const char *name);

struct lesson_run {
    const char *scenario;
    uint16_t port;
    const struct lesson_step *steps;
    size_t step_count;
    const struct lesson_packet *packets;
    size_t packet_count;
};

/* The walkthrough: each call, then the packets it caused, the encapsulation of each data
 * packet on the way down and up, then the ladder and the summary. Fits 80 columns. */
void print_walkthrough(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                       const struct lesson_text *text);
/* Only the ladder diagram: client column, server column, one arrow per packet. */
void print_ladder(struct print_ctx *ctx, struct outbuf *ob, const struct lesson_run *run,
                  const struct lesson_text *text);

#endif
