/* analysis.h - TCP analysis as tshark 4.0.17's tcp.analysis.* (../shared/tcp-analysis/SPEC.md):
 * retransmissions, duplicate ACKs, lost segments, windows, keep-alives, RTT, bytes in flight,
 * and tcp.stream numbering, each verdict with the evidence it rests on.
 *
 * The caller owns a struct analysis (large: allocate it once, static or on the heap, and call
 * analysis_init), then feeds every decoded packet in file order to analysis_packet. Memory never
 * grows: connections live in a fixed set-associative table that evicts the least recently used,
 * and the segments each direction has sent but not yet seen acknowledged (for RTT, RTO and bytes
 * in flight) live in one fixed shared pool. When either bound makes the analysis forget state,
 * the packets whose verdict could depend on it carry a note (ANALYSIS_NOTE_*) instead of a guess.
 * analysis_packet does no I/O and no allocation. Not thread-safe: one struct analysis per thread.
 */
#ifndef STACKSCOPE_ANALYSIS_H
#define STACKSCOPE_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/decode.h"

#define ANALYSIS_WAYS 4
#define ANALYSIS_SETS 4096 /* 16384 connections, about 5 MB */
#define ANALYSIS_POOL 131072 /* unacknowledged segments shared by all directions, 4 MB */
#define ANALYSIS_MAX_UNACKED 10000 /* per direction, as tshark 4.0 (TCP_MAX_UNACKED_SEGMENTS) */
#define ANALYSIS_GONE_SLOTS 65536 /* fingerprints of evicted connections, to say they were */

/* tshark's tcp.analysis flags, in the order the JSON lists them. RETRANSMISSION is also set beside
 * FAST_RETRANSMISSION and SPURIOUS_RETRANSMISSION, as tshark sets its tcp.analysis.retransmission
 * field on those frames too; a printer that names one kind checks SPURIOUS, then FAST first. */
enum analysis_flag {
    ANALYSIS_RETRANSMISSION = 1u << 0,
    ANALYSIS_FAST_RETRANSMISSION = 1u << 1,
    ANALYSIS_SPURIOUS_RETRANSMISSION = 1u << 2,
    ANALYSIS_OUT_OF_ORDER = 1u << 3,
    ANALYSIS_LOST_SEGMENT = 1u << 4,
    ANALYSIS_ACK_LOST_SEGMENT = 1u << 5,
    ANALYSIS_DUPLICATE_ACK = 1u << 6,
    ANALYSIS_ZERO_WINDOW = 1u << 7,
    ANALYSIS_ZERO_WINDOW_PROBE = 1u << 8,
    ANALYSIS_ZERO_WINDOW_PROBE_ACK = 1u << 9,
    ANALYSIS_WINDOW_FULL = 1u << 10,
    ANALYSIS_WINDOW_UPDATE = 1u << 11,
    ANALYSIS_KEEP_ALIVE = 1u << 12,
    ANALYSIS_KEEP_ALIVE_ACK = 1u << 13,
    ANALYSIS_REUSED_PORTS = 1u << 14,
};
#define ANALYSIS_FLAG_COUNT 15

/* What the analysis could not do for a packet, or forgot before it. */
enum analysis_note {
    /* This connection was seen before, then evicted from the full table: its state restarted
     * here as if joining mid-stream, and its stream number is a new one. */
    ANALYSIS_NOTE_CONNECTION_FORGOTTEN = 1u << 0,
    /* Records of unacknowledged segments were dropped because the shared pool was full: an ACK
     * for them finds no frame or RTT, a retransmission's RTO and the bytes in flight may differ. */
    ANALYSIS_NOTE_SEGMENTS_FORGOTTEN = 1u << 1,
    /* An IP fragment. Captured whole, tshark holds it for reassembly and analyses the whole
     * segment later (stackscope does not reassemble): no stream, no analysis. Cut short, tshark
     * shows its TCP header: numbered in its connection, not analysed. */
    ANALYSIS_NOTE_IP_FRAGMENT = 1u << 2,
    /* The TCP header is longer than the IP length leaves it: no segment length, so no
     * analysis, as in tshark. */
    ANALYSIS_NOTE_NO_SEGMENT_LENGTH = 1u << 3,
    /* The capture ends inside the TCP header: the segment counts for later ones, but, as tshark
     * shows nothing for it, its own flags and figures are left empty. */
    ANALYSIS_NOTE_HEADER_NOT_CAPTURED = 1u << 4,
    /* A data offset below 5 words: tshark counts the segment (its length from the IP length)
     * and then stops, showing nothing; so does the verdict. */
    ANALYSIS_NOTE_BAD_HEADER_LENGTH = 1u << 5,
};
#define ANALYSIS_NOTE_COUNT 6

/* The evidence behind one flag: what a printer needs to say why, in any language, without
 * re-deriving it. Byte ranges are relative sequence numbers [first, end) of the sender of this
 * packet, or of its peer when range_of_peer. Fields a flag does not use are 0.
 *
 *   flag                  frame                         delta_ns since     range / values
 *   RETRANSMISSION        first sending of these bytes  that sending       this segment
 *                         (else the RTO reference)
 *   FAST_RETRANSMISSION   as RETRANSMISSION             that sending       this segment; count =
 *                         other_frame: last dup ACK     (other_delta_ns)   dup ACKs from the peer
 *   SPURIOUS_RETRANS.     peer's first ACK of them      that ACK           this segment; value_after
 *                                                                          = peer's ACK (relative)
 *   OUT_OF_ORDER          segment that went furthest    that segment       this segment;
 *                                                                          other_delta_ns = the limit
 *   LOST_SEGMENT          last segment before the gap   that segment       the missing bytes
 *   ACK_LOST_SEGMENT      peer's furthest segment       that segment       from the end of what
 *                                                                          was seen without a gap
 *                                                                          to the ACK (of peer)
 *   DUPLICATE_ACK         the ACK it repeats            that ACK           count = number;
 *                         other_frame: this side's      (other_delta_ns)   value_after = ACK (rel.)
 *                         previous segment, whose window it repeats
 *   ZERO_WINDOW           -                             -                  value_after = 0
 *   ZERO_WINDOW_PROBE     peer's segment with window 0  that segment       the probe byte
 *   ZERO_WINDOW_PROBE_ACK the probe                     the probe          -
 *   WINDOW_FULL           peer's window announcement    that segment       this segment;
 *                                                                          value_after = window bytes
 *   WINDOW_UPDATE         this side's previous segment  that segment       value_before/after =
 *                                                                          windows (bytes if scaled)
 *   KEEP_ALIVE            this side's previous segment  that segment (idle) this segment
 *   KEEP_ALIVE_ACK        the keep-alive                the keep-alive     -
 *   REUSED_PORTS          last frame of the earlier     that frame         value_before/after = old
 *                         connection (count = its stream)                  and new initial seq (raw)
 */
struct analysis_evidence {
    uint32_t frame;
    int64_t delta_ns;
    uint32_t range_first, range_end;
    bool range_of_peer;
    bool values_scaled; /* value_before/after are window bytes (the scale is known) */
    uint32_t count;
    uint32_t value_before, value_after;
    uint32_t other_frame;
    int64_t other_delta_ns;
};

/* One packet's verdict. Fields are valid only as their has_ / flag says. Times are nanoseconds. */
struct analysis_verdict {
    bool analysed;   /* the rules ran on this segment */
    bool has_stream; /* a TCP packet with ports: it belongs to a numbered connection */
    uint32_t stream; /* tshark's tcp.stream: 0, 1, ... in order of first packet */
    uint32_t flags;  /* enum analysis_flag */
    uint32_t notes;  /* enum analysis_note */
    uint32_t duplicate_ack_num, duplicate_ack_frame; /* when ANALYSIS_DUPLICATE_ACK */
    uint32_t acks_frame;                             /* 0: acknowledges no recorded segment */
    bool has_ack_rtt;                                /* acks_frame and a non-zero time */
    int64_t ack_rtt_ns;
    struct analysis_evidence acked; /* frame = acks_frame, range = bytes it covered, delta = RTT */
    bool has_bytes_in_flight;
    uint32_t bytes_in_flight;
    bool has_rto; /* a plain retransmission with a non-zero time since its reference */
    int64_t rto_ns;
    uint32_t rto_frame;
    bool has_initial_rtt; /* shown as tshark does: on frames that carry analysis, once known */
    int64_t initial_rtt_ns;
    /* tcp.window_size: the raw window shifted by the sender's window scale. Known when the
     * handshake settled the scale (or said there is none), and on SYNs, which are never scaled. */
    bool window_size_known;
    uint32_t window_size;
    int8_t window_shift; /* the shift applied: 0..14; -2 no scaling; -1 unknown */
    uint32_t seglen;     /* TCP payload bytes from the IP length */
    /* On a duplicate ACK: its acknowledgement number lies before the end of the data the peer
     * has sent so far (its FIN not counted), so bytes the peer sent are missing or still on
     * their way. False when it covers all the peer's data, and on other packets. */
    bool peer_data_beyond_ack;
    struct analysis_evidence why[ANALYSIS_FLAG_COUNT]; /* why[i] valid when flag 1<<i is set */
};

struct analysis_segment; /* one record of the shared pool (private) */
struct analysis_conn;    /* one connection (private) */

struct analysis {
    struct analysis_conn *conns;      /* ANALYSIS_SETS * ANALYSIS_WAYS, inside storage */
    struct analysis_segment *pool;    /* ANALYSIS_POOL, inside storage */
    uint32_t *tags;                   /* each connection slot's key hash, inside storage */
    uint32_t free_head;               /* first free pool record, or ANALYSIS_POOL */
    uint32_t clock;                   /* where the next pool eviction looks */
    uint64_t tick;                    /* LRU clock of the connection table */
    uint32_t next_stream;
    uint64_t conn_evictions;
    uint64_t segment_evictions;
    uint32_t gone[ANALYSIS_GONE_SLOTS];
    uint64_t storage[];               /* the table, the pool, then the tags */
};

/* Bytes to allocate for a struct analysis with its table and pool (about 10 MB). */
uint64_t analysis_size(void);

/* Prepares a struct analysis of analysis_size() bytes, suitably aligned (malloc'd memory is). */
void analysis_init(struct analysis *a);

/* A capture's time (seconds, microseconds, nanoseconds past them) in nanoseconds since the epoch,
 * as analysis_packet takes it. A pcapng's time is 64 bits: past the year 2261 (or before 1678)
 * it is held there, where the nanoseconds still fit, instead of overflowing. */
int64_t analysis_time_ns(int64_t sec, uint32_t usec, uint32_t nsec_extra);

/* Analyses one decoded packet, the frame-th of its capture (1-based), captured at ts_ns
 * nanoseconds since the epoch. Fills *v (always; v->analysed false for what is not analysed).
 * Packets must come in file order, each once. */
void analysis_packet(struct analysis *a, const struct packet *pkt, uint32_t frame, int64_t ts_ns,
                     struct analysis_verdict *v);

struct flow_packet_key; /* stackscope/flow.h */
/* The same, with the packet's key already made by flow_packet_key (a caller that also keeps a
 * flow table makes it once). */
void analysis_packet_keyed(struct analysis *a, const struct packet *pkt,
                           const struct flow_packet_key *pk, uint32_t frame, int64_t ts_ns,
                           struct analysis_verdict *v);
/* Starts loading the packet's connection into the cache, so that its lookup overlaps other
 * work (the flow table's); no effect on any result. */
void analysis_prefetch(const struct analysis *a, const struct flow_packet_key *pk);

/* tshark's name of one flag bit ("retransmission", "duplicate_ack", ...), or NULL. */
const char *analysis_flag_name(uint32_t bit);

/* Stable dotted name of one note bit ("analysis.connection_forgotten"), or NULL. */
const char *analysis_note_name(uint32_t bit);

#endif
