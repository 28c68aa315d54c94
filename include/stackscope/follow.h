/* follow.h - one TCP stream's payload put back in order, both directions, as tshark 4.0.17's
 * "Follow TCP Stream" (`tshark -q -z follow,tcp,raw,N`) puts it together.
 *
 * The caller feeds the packets of the stream it follows, in file order (follow_packet; the
 * caller decides which packets belong, with follow_target_matches), and receives the stream as
 * blocks through a sink, in the order tshark lists them:
 *   - a DATA block for each segment that extends its direction's bytes: retransmitted bytes come
 *     once (a segment overlapping what was seen gives only its new bytes, one wholly seen
 *     gives nothing); a segment beyond the next expected byte waits (out of order) and comes
 *     out in place once the bytes before it arrive;
 *   - a GAP block where bytes are missing for good: the peer acknowledged past them (so they
 *     were sent) but the capture never had them. tshark writes such a gap into the stream as
 *     the text "[N bytes missing in capture file]" and a NUL byte, N the hole's size as a signed
 *     int; follow_gap_text gives that text.
 * Segments still waiting when the capture ends (a hole nobody acknowledged) are not listed by
 * tshark; follow_finish(f, true) places them anyway, each after a GAP block for its hole.
 *
 * Node 0 is the sender of the first packet fed (SYN or not), Node 1 its peer, as in tshark.
 * Sequence numbers are compared modulo 2^32 (a stream may wrap past 2^32).
 *
 * Memory: a struct follow is fixed in size (about 1.1 MB: allocate it once, static or on the
 * heap); in-order bytes are never kept, they go to the sink at once. Out-of-order segments wait
 * in a pool of FOLLOW_PENDING_BYTES bytes and FOLLOW_PENDING_SEGMENTS segments; a segment that
 * does not fit is dropped and counted (dropped_segments, dropped_bytes), and its bytes then
 * show as missing. No allocation, no I/O, no globals. Not thread-safe: one struct per thread.
 */
#ifndef STACKSCOPE_FOLLOW_H
#define STACKSCOPE_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/decode.h"

#define FOLLOW_PENDING_BYTES (1u << 20)
#define FOLLOW_PENDING_SEGMENTS 1024
/* The longest text follow_gap_text writes, its NUL included. */
#define FOLLOW_GAP_TEXT_SIZE 48

/* What --follow names: a stream number (tshark's tcp.stream) or two endpoints, either order. */
struct follow_target {
    bool by_endpoints;
    uint32_t stream;
    uint8_t family; /* by_endpoints: 4 or 6 */
    uint8_t addr[2][16];
    uint16_t port[2];
};

/* Parses STREAM: decimal digits (0 to 4294967295), or ADDR:PORT,ADDR:PORT with IPv4 dotted
 * quads or IPv6 as [addr]:port, both of one family, ports 1-65535. Returns 0, or -1 with a
 * one-line reason in err ("'x': expected a stream number ... or ADDR:PORT,ADDR:PORT"). */
int follow_parse_target(const char *text, struct follow_target *t, char *err, size_t err_len);

/* True when the packet belongs to what t names: a TCP segment of stream `stream` (has_stream:
 * the analysis numbered it), or one between t's two endpoints. */
bool follow_target_matches(const struct follow_target *t, const struct packet *pkt,
                           bool has_stream, uint32_t stream);

enum follow_block_kind {
    FOLLOW_DATA, /* bytes of the stream */
    FOLLOW_GAP,  /* missing bytes: `missing` of them (tshark's signed count) */
};

/* One block, valid only during the sink's call (data points into the packet or the pool). */
struct follow_block {
    enum follow_block_kind kind;
    uint8_t node;      /* the sender: 0 or 1 */
    uint32_t frame;    /* DATA: the segment's frame; GAP: the frame whose ACK showed the hole */
    const uint8_t *data;
    uint32_t len;      /* DATA: bytes at data */
    int32_t missing;   /* GAP: bytes missing, as tshark counts them */
    bool at_end;       /* placed by follow_finish, past a hole nobody acknowledged */
};

typedef void (*follow_sink)(void *user, const struct follow_block *b);

/* One waiting (out-of-order) segment: its bytes live in the pool at `at`. */
struct follow_pending {
    uint32_t seq; /* relative */
    uint32_t frame;
    uint32_t at;
    uint32_t len;
};

struct follow {
    follow_sink sink;
    void *user;
    bool seen;      /* a packet was fed: the nodes below are known */
    uint8_t family; /* 4 or 6 */
    uint8_t node_addr[2][16];
    uint16_t node_port[2];
    uint32_t stream;            /* of the last packet fed: a new one restarts the numbering */
    bool superseded;            /* follow_renumbered saw a new connection on the nodes' ports */
    bool base_set[2];           /* per node: tshark's relative sequence numbers */
    uint32_t base[2];
    uint32_t next_seq[2];       /* the next byte expected, relative */
    uint64_t bytes_written[2];  /* bytes that extended the stream directly (tshark's counter) */
    uint64_t packets;           /* packets fed, also those not followed (header not whole) */
    uint64_t dropped_segments, dropped_bytes; /* out-of-order segments the pool could not hold */
    uint32_t pending_count[2];
    uint32_t pool_used; /* bytes of the pool written since it was last empty or compacted */
    uint32_t pool_live; /* of them, the waiting segments' (the rest: segments since placed) */
    /* Waiting segments of each node, in arrival order (tshark scans them in that order). */
    struct follow_pending pending[2][FOLLOW_PENDING_SEGMENTS];
    uint8_t pool[FOLLOW_PENDING_BYTES];
};

/* Starts an empty follow whose blocks go to sink(user, block). */
void follow_init(struct follow *f, follow_sink sink, void *user);

/* Feeds one packet of the followed stream (frame: its 1-based number in the capture; stream:
 * its tcp.stream). A packet whose TCP header (options included) was not captured whole is
 * counted but not followed, as tshark does not follow it. Calls the sink for every
 * block the packet completes. */
void follow_packet(struct follow *f, const struct packet *pkt, uint32_t frame, uint32_t stream);

/* For a stream number followed (not endpoints): whether pkt, numbered `stream` by the analysis
 * (has_stream), is the followed connection itself under a new number. The analysis forgets a
 * connection when its table is full and numbers it anew when seen again, where tshark (which
 * never forgets) keeps its number: so a packet between f's two nodes numbered past t's stream is
 * the same connection, unless it opens one (`opens`: a SYN without ACK, or ports the analysis
 * saw reused), after which no later number is. Feed such a packet with t's stream number. */
bool follow_renumbered(struct follow *f, const struct follow_target *t, const struct packet *pkt,
                       bool has_stream, uint32_t stream, bool opens);

/* The capture ended. With place_pending, the segments still waiting come out in sequence order,
 * each hole before one as a GAP block (at_end set); without, they are dropped as tshark drops
 * them. */
void follow_finish(struct follow *f, bool place_pending);

/* tshark's gap text for a GAP block: "[N bytes missing in capture file]"; returns its length
 * (its NUL not counted; tshark's block holds the NUL too). buf holds FOLLOW_GAP_TEXT_SIZE. */
size_t follow_gap_text(int32_t missing, char buf[FOLLOW_GAP_TEXT_SIZE]);

#endif
