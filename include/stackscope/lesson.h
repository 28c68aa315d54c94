/* lesson.h - what the lesson walkthrough is made of: the socket calls of a demo run, the
 * packets each one caused (decoded), and the words to tell it in. The demo part fills these in
 * (live, or from a recording); the print part renders them. Plain data, no behaviour. */
#ifndef STACKSCOPE_LESSON_H
#define STACKSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    CALL_COUNT_
};

/* One socket call. A blocking call (accept, recv) that returns only after another side acted
 * appears twice: once when it is called (pending), once when it returns. */
struct lesson_step {
    char actor[24];  /* "server", "client", "client 2", "server thread 1" ... */
    bool server;     /* the actor is on the server's side */
    enum lesson_call call;
    char args[64];   /* as the lesson writes them in Python: ('127.0.0.1', 5005) */
    bool pending;    /* called and now blocked; its return is a later step */
    bool unconnected; /* close: of a socket without a connection (nothing to send) */
    long result;     /* fd, byte count, 0, or -1 */
    char err[16];    /* errno name ("EADDRINUSE"), empty when the call succeeded */
    char detail[80]; /* accept: the client's address; sendall/recv: the bytes (escaped) */
    uint16_t local_port; /* the socket's own port, 0 before bind/connect */
    uint16_t peer_port;  /* the port at the other end, 0 when not connected */
    uint32_t packets;    /* packets this step caused: the next ones in capture order */
};

struct lesson_packet {
    struct print_frame frame;
    struct packet pkt; /* its pointers point into bytes the run owns */
    struct flow_info flow;
};

enum lesson_msg {
    MSG_TITLE,        /* %s scenario, %s description */
    MSG_SETUP,        /* %u port */
    MSG_DESC_EXCHANGE,
    MSG_DESC_PARTIAL_RECV,
    MSG_DESC_CONCURRENT,
    MSG_DESC_PORT_IN_USE,
    MSG_DESC_SERVER_CLOSE,
    MSG_DESC_REFUSED,
    MSG_CALL_SOCKET,
    MSG_CALL_SETSOCKOPT,
    MSG_CALL_BIND,
    MSG_CALL_LISTEN,
    MSG_CALL_ACCEPT_WAIT,
    MSG_CALL_ACCEPT_DONE,
    MSG_CALL_CONNECT,
    MSG_CALL_SENDALL,
    MSG_CALL_RECV_WAIT,
    MSG_CALL_RECV_DONE,
    MSG_CALL_RECV_EOF,
    MSG_CALL_CLOSE,
    MSG_CALL_CLOSE_UNCONNECTED,
    MSG_ERR_EADDRINUSE,
    MSG_ERR_ECONNREFUSED,
    MSG_ERR_OTHER,
    MSG_PKT_SYN,
    MSG_PKT_SYNACK,
    MSG_PKT_ACK,
    MSG_PKT_DATA,
    MSG_PKT_FIN,
    MSG_PKT_RST,
    MSG_DOWN,         /* %s actor */
    MSG_UP,           /* %s actor */
    MSG_LAYER_APP,
    MSG_LAYER_TCP,
    MSG_LAYER_IP,
    MSG_LAYER_LINK,
    MSG_ON_WIRE,      /* %u bytes */
    MSG_PARTIAL,
    MSG_UNWRAP_LINK,
    MSG_UNWRAP_IP,
    MSG_UNWRAP_TCP,
    MSG_UNWRAP_APP,
    MSG_LADDER,
    MSG_SUMMARY,      /* %u packets, %u payload, %u headers, %u percent */
    MSG_SUMMARY_SPLIT, /* %u link, %u ip, %u tcp */
    MSG_RESULT_FD,    /* %ld */
    MSG_RESULT_OK,
    MSG_RESULT_BYTES, /* %ld */
    MSG_RESULT_FAIL,  /* %s errno name */
    MSG_NO_PACKET,
    MSG_WORD_CLIENT,
    MSG_WORD_SERVER,
    MSG_BYTES,
    MSG_PKT_LINE,     /* #n, who, flags, seq, ack text, len, raw seq, raw ack */
    MSG_TCP_DETAIL,   /* sport, dport, seq, ack, flag names, window */
    MSG_IP_DETAIL,    /* src, dst, ttl, protocol, id, checksum, verdict */
    MSG_LINK_DETAIL,  /* src mac, dst mac, ethertype */
    MSG_LOCAL_ADDR,   /* %s address */
    MSG_GSO,          /* %u mss, %u segments */
    MSG_ACTOR_SERVER_THREAD,
    MSG_ACTOR_SECOND_SERVER,
    MSG_VERDICT_GOOD,
    MSG_VERDICT_BAD,
    MSG_VERDICT_PARTIAL,
    MSG_VERDICT_UNVERIFIED,
    MSG_COUNT_
};

struct lesson_text {
    const char *lang; /* "en", "fr" */
    const char *msg[MSG_COUNT_];
};

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
