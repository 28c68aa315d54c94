/* flow.h - per-connection state for TCP: relative sequence numbers, who is the client, and
 * each side's TCP state as an observer at the wire infers it.
 *
 * The table is a fixed array the caller owns (static or heap), so memory never grows with the
 * capture: when a set is full the least recently used connection is evicted, and a connection
 * seen again after eviction starts over as if first seen mid-stream. Not thread-safe.
 */
#ifndef STACKSCOPE_FLOW_H
#define STACKSCOPE_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/decode.h"

#define FLOW_WAYS 4
#define FLOW_SETS 4096 /* 16384 connections, about 1.6 MB */

/* RFC 9293's states, as an observer at the wire infers them: a packet counts as delivered once
 * seen (its sender's state moves when it sends, its receiver's when it receives).
 * FLOW_STATE_UNKNOWN: that side has not shown its state yet (a SYN's target before it answers). */
enum flow_tcp_state {
    FLOW_STATE_UNKNOWN,
    FLOW_STATE_CLOSED,
    FLOW_STATE_LISTEN,
    FLOW_STATE_SYN_SENT,
    FLOW_STATE_SYN_RECEIVED,
    FLOW_STATE_ESTABLISHED,
    FLOW_STATE_FIN_WAIT_1,
    FLOW_STATE_FIN_WAIT_2,
    FLOW_STATE_CLOSE_WAIT,
    FLOW_STATE_CLOSING,
    FLOW_STATE_LAST_ACK,
    FLOW_STATE_TIME_WAIT,
    FLOW_STATE_COUNT_
};

/* The RFC 9293 name ("SYN-SENT"), or NULL for FLOW_STATE_UNKNOWN and out-of-range values. */
const char *flow_state_name(enum flow_tcp_state s);

struct flow_entry {
    uint8_t addr[2][16]; /* endpoint 0 and endpoint 1: the lower (address, port) first */
    uint16_t port[2];
    uint8_t family; /* 4 or 6; 0 marks a free slot */
    int8_t client;  /* endpoint index of the client, -1 while unknown */
    bool base_set[2];
    uint32_t base[2]; /* sequence number that counts as 0, per sending endpoint */
    uint64_t last_used;
    uint32_t id;
    uint8_t state[2];   /* enum flow_tcp_state, per endpoint */
    uint8_t fin_set;    /* bit i: endpoint i has sent a FIN, ending at fin_end[i] */
    uint8_t seen;       /* enum flow_seen bits */
    uint32_t fin_end[2]; /* the sequence number just after each endpoint's FIN */
    /* What an RST is checked against (RFC 9293 section 3.10.7): the sequence number after each
     * endpoint's SYN (and the data it carried), its last acknowledgement number and window
     * (raw), and the window scale its SYN offered (-1 no SYN seen, -2 none offered, 0..14). */
    uint32_t syn_end[2];
    uint32_t ack_sent[2];
    uint16_t window[2];
    int8_t wscale[2];
    uint8_t before_rst[2]; /* the states an RST ended, while FLOW_SEEN_RST_CLOSED */
};

/* flow_entry.seen bits. */
enum flow_seen {
    FLOW_SEEN_ACK = 1u << 0,        /* << endpoint: ack_sent and window are that endpoint's */
    FLOW_SEEN_RST_CLOSED = 1u << 2, /* an RST closed both sides: before_rst holds their states */
};

struct flow_table {
    struct flow_entry set[FLOW_SETS][FLOW_WAYS];
    /* Each slot's key hash, packed apart from the entries: a lookup reads one line of tags and
     * then only the entry that matches, not the four entries of its set. */
    uint32_t tag[FLOW_SETS][FLOW_WAYS];
    uint64_t tick;
    uint32_t next_id;
    uint64_t evictions;
};

struct flow_info {
    bool tracked;   /* a TCP packet with sequence numbers */
    bool ack_valid; /* ACK set and the peer's base known */
    uint32_t seq_rel;
    uint32_t ack_rel;
    bool from_client;
    uint32_t conn_id; /* 1, 2, ... in order of first appearance */
    /* Each side's TCP state (enum flow_tcp_state) before and after this packet: its sender's
     * (src) and its receiver's (dst). */
    uint8_t state_src_before, state_dst_before;
    uint8_t state_src, state_dst;
    bool fin_acked; /* this packet acknowledged its receiver's FIN for the first time */
    bool acks_fin;  /* its acknowledgement number covers its receiver's FIN (now or again) */
    bool fin_again; /* a FIN from a sender whose FIN was seen before: sent again */
    bool rst_ignored; /* an RST outside its receiver's window: not acted on, states unchanged */
};

/* A TCP connection's endpoints, ordered so that both directions give the same key. Shared by
 * the parts that keep per-connection state (flow, analysis). */
struct flow_key {
    uint8_t addr[2][16]; /* first: 8-byte aligned, so the hash's word loads are */
    uint16_t port[2];
    uint8_t family; /* 4 or 6 */
};

/* The key of a TCP packet's connection; *dir is the sender's endpoint index (0 or 1). With
 * flow_key_hash, the plain statement of what flow_packet_key computes faster: the tables use
 * flow_packet_key, and test_flow checks the two agree. */
void flow_key_make(const struct packet *pkt, struct flow_key *k, int *dir);
/* The same for any ports over IPv4 or IPv6 (UDP's too: conversations.c). */
void flow_key_make_ports(const struct packet *pkt, uint16_t sport, uint16_t dport,
                         struct flow_key *k, int *dir);
/* A hash of the key whose high bits mix well (for set-associative tables). */
uint32_t flow_key_hash(const struct flow_key *k);

/* A TCP packet's key, its sender and its hash, computed once per packet for every table that
 * looks the connection up (flow, analysis). */
struct flow_packet_key {
    bool valid; /* TCP with ports over IPv4 or IPv6 */
    int dir;
    uint32_t hash;
    struct flow_key k;
};

/* Fills *pk for pkt (pk->valid false when it has no TCP ports over IP). */
void flow_packet_key(const struct packet *pkt, struct flow_packet_key *pk);

void flow_table_init(struct flow_table *t);

/* Updates the table with one decoded packet and says where it sits in its connection.
 * Packets without a complete TCP sequence/ack/flags give info->tracked == false. */
void flow_update(struct flow_table *t, const struct packet *pkt, struct flow_info *info);
/* The same, with the packet's key already made by flow_packet_key. */
void flow_update_keyed(struct flow_table *t, const struct packet *pkt,
                       const struct flow_packet_key *pk, struct flow_info *info);

#endif
