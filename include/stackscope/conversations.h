/* conversations.h - one row per TCP connection and per UDP flow, as tshark's `-z conv,tcp` and
 * `-z conv,udp` count them (frames and frame bytes each way, relative start, duration), plus
 * what the TCP analysis knows of each connection: its handshake RTT, its retransmissions and
 * duplicate ACKs, and how it ended (FIN from which side, reset by which side, still open).
 *
 * The caller gives the memory (conversations_size(max) bytes, suitably aligned, zeroed or not:
 * conversations_init prepares it) and feeds every packet of the capture in file order, each
 * with the analysis' verdict for it. Memory never grows: the first `max` conversations (in order
 * of first packet) get a row; those that start after the table is full are summarised per
 * protocol as "other" (conversations, packets, bytes). conversations_packet does no I/O and no
 * allocation; each packet costs one hash lookup. Not thread-safe: one table per thread.
 *
 * Stream numbers: TCP's are the analysis' (tshark's tcp.stream). When the analysis had to forget
 * a connection (its own table full) and numbers it anew on seeing it again, the conversation
 * keeps its row and first number: the packets still belong to the same connection, as tshark
 * (which never forgets) counts them. A new number on known ports starts a new row only with a
 * SYN (no ACK) or the analysis' reused-ports flag: a new connection, as in tshark (with the
 * table full, it and every later stream on those ports go to "other", none to the old row).
 * UDP's are numbered here as tshark's udp.stream: 0, 1, ... in order of first packet, one per
 * pair of address:port endpoints.
 */
#ifndef STACKSCOPE_CONVERSATIONS_H
#define STACKSCOPE_CONVERSATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/analysis.h"
#include "stackscope/decode.h"
#include "stackscope/flow.h"

/* The rows the program keeps: 65536 conversations, about 8 MB (each row 120 bytes), the same
 * order as the analysis' own tables; four times the connections the analysis follows at once,
 * and far more rows than anyone reads in a table. */
#define CONVERSATIONS_MAX 65536u
/* Fingerprints of the UDP flows that found the table full, so that each is counted once in
 * "other" (TCP's are counted by their stream numbers, which only grow). */
#define CONVERSATIONS_SEEN_SLOTS 65536u
/* UDP datagrams that IP fragmented, waiting for their last piece (counted once complete, as
 * tshark counts the reassembled datagram). */
#define CONVERSATIONS_DATAGRAM_SLOTS 1024u

enum conversation_end {
    CONVERSATION_END_NONE,        /* UDP: no connection to end */
    CONVERSATION_END_OPEN,        /* no FIN and no RST seen */
    CONVERSATION_END_HALF_CLOSED, /* one side sent a FIN (first_fin), the other none */
    CONVERSATION_END_CLOSED,      /* both sent a FIN, first_fin first */
    CONVERSATION_END_RESET,       /* an RST (reset_by), whatever came before */
};

/* One conversation. Side 0 is "A", the sender of its first packet (as tshark's address A),
 * side 1 "B". Times are nanoseconds since the epoch. */
struct conversation {
    struct flow_key key; /* endpoints in the tables' order (flow_key_make's) */
    uint8_t a_index;     /* key's endpoint index of A */
    uint8_t proto;       /* 6 TCP, 17 UDP */
    int8_t client;       /* TCP: side that sent the SYN (or received the SYN-ACK); -1 unknown */
    uint8_t fin_sides;   /* bit i: side i sent a FIN */
    int8_t first_fin;    /* side whose FIN came first, -1 none */
    int8_t reset_by;     /* side whose RST came first, -1 none */
    bool has_initial_rtt;
    bool superseded; /* TCP: a new connection on these ports found the table full: from then on
                      * a stream number not the row's own is counted in "other" */
    uint32_t stream;       /* tcp.stream or udp.stream */
    uint32_t stream_again; /* TCP: the number the analysis gave it after forgetting it */
    uint64_t packets[2], bytes[2]; /* [0] A to B, [1] B to A; bytes: frames on the wire */
    int64_t first_ns, last_ns;
    int64_t initial_rtt_ns;
    uint32_t retransmissions; /* frames the analysis flagged retransmission (fast, spurious too) */
    uint32_t duplicate_acks;  /* frames flagged duplicate ACK */
};

/* A fragmented UDP datagram being put together (only its coverage, never its bytes). */
struct conversation_datagram {
    uint8_t src[4], dst[4];
    uint16_t id;
    bool used, have_ports;
    uint16_t sport, dport; /* from the first fragment */
    uint32_t covered;      /* payload bytes of the pieces seen */
    uint32_t total;        /* the datagram's IP payload length, once the last piece told it */
};

/* What did not fit in the table, per protocol. */
struct conversations_other {
    uint64_t conversations, packets, bytes;
    /* UDP only: the fingerprint set filled up, and flows it could not hold were not counted:
     * conversations is then a lower bound ("at least"); packets and bytes stay exact. */
    bool approximate;
};

struct conversations {
    struct conversation *rows; /* max rows, count used, in order of first packet */
    uint32_t *index;           /* open addressing: row + 1, 0 free; index_mask + 1 slots */
    uint64_t *seen;            /* CONVERSATIONS_SEEN_SLOTS fingerprints, 0 free */
    struct conversation_datagram *datagrams; /* CONVERSATIONS_DATAGRAM_SLOTS */
    uint32_t max, count, index_mask;
    uint32_t next_udp_stream;
    uint32_t next_tcp_stream; /* one past the highest tcp.stream seen */
    bool started;
    int64_t capture_first_ns; /* the capture's first packet, whatever it was */
    struct conversations_other other_tcp, other_udp;
    uint64_t packets;       /* every packet fed */
    uint64_t bytes;         /* their frame bytes */
    /* Neither in a TCP connection nor a UDP flow: ARP, ICMP, fragments (but the one that
     * completes a UDP datagram), TCP headers tshark does not count (cut short, too short). */
    uint64_t loose_packets;
    uint64_t loose_bytes;
};

/* Bytes to give conversations_init for a table of max rows (max >= 1). */
uint64_t conversations_size(uint32_t max);

/* Prepares c over storage (conversations_size(max) bytes, aligned for uint64_t), which c then
 * uses until the caller frees it. */
void conversations_init(struct conversations *c, uint32_t max, void *storage);

/* Counts one packet (pkt->len bytes on the wire, as tshark's conv counts frames) captured at
 * ts_ns, with its analysis verdict: v->has_stream and v->stream place a TCP packet, so v must come
 * from analysis_packet for every packet, in file order. */
void conversations_packet(struct conversations *c, const struct packet *pkt,
                          const struct analysis_verdict *v, int64_t ts_ns);

/* How conversation r ended. */
enum conversation_end conversation_end(const struct conversation *r);

/* Side s's (0 A, 1 B) address (4 or 16 bytes, per r->key.family) and port. */
const uint8_t *conversation_addr(const struct conversation *r, int s);
uint16_t conversation_port(const struct conversation *r, int s);

#endif
