/* analysis_internal.h - state shared by the analysis files: one direction of a connection, the
 * connection, the pool of unacknowledged segments, and the context one packet is judged in. */
#ifndef STACKSCOPE_ANALYSIS_INTERNAL_H
#define STACKSCOPE_ANALYSIS_INTERNAL_H

#include "stackscope/analysis.h"

#define SEG_NONE UINT32_MAX /* end of a list */

/* Sequence-space comparisons, modulo 2^32 (RFC 793 section 3.3). */
static inline bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(b - a) < 0; }
static inline bool seq_le(uint32_t a, uint32_t b) { return !seq_gt(a, b); }

/* One sent, not yet acknowledged, segment: bytes [seq, end) (SYN and FIN count one). */
struct analysis_segment {
    uint32_t seq, end;
    uint32_t frame;
    uint32_t newer, older; /* the owner's list, newest first */
    uint32_t owner;        /* connection index * 2 + direction, while in use */
    int64_t time;
};

/* What one side (F when it sends this packet, P when its peer does) has shown so far. Names
 * follow the spec's: nextseq is 0 while unknown, as in tshark, and so on. */
struct analysis_dir {
    uint32_t base_seq; /* counts as relative 0 */
    bool base_set;
    bool is_first_ack; /* a SYN sent, no ACK-without-SYN yet: its window is not scaled yet */
    bool valid_bif;
    bool forgot;         /* pool records of this side were dropped ... */
    int8_t win_scale;    /* -1 unknown, -2 none, 0..14 */
    uint8_t sack_count;  /* SACK blocks of this side's last segment (at most 3, as tshark) */
    uint16_t lastsegflags;
    uint32_t forgot_end; /* ... up to here: an ACK beyond it is past what was forgotten */
    uint32_t nextseq, nextseq_frame;
    int64_t nextseq_time;
    uint32_t maxseqtobeacked;
    uint32_t lastack; /* ack field of the last segment, ACK bit or not */
    int64_t lastack_time;
    uint32_t last_frame;
    uint32_t window; /* raw; UINT32_MAX before the first segment */
    uint32_t dupacknum; /* unsigned as tshark's: UINT32_MAX marks "ACKed unseen" told once */
    uint32_t lastnondupack;
    int64_t lastnondupack_time;
    uint32_t lastdupack; /* the last duplicate ACK since the ACK moved (0: none) */
    int64_t lastdupack_time;
    uint32_t sack_left[3], sack_right[3];
    uint32_t newest, oldest; /* unacknowledged segments (pool indices) */
    uint32_t count;
    /* The lowest start and highest end in the list, relative to base_seq, kept as segments are
     * added so that bytes in flight need no walk; recomputed after a removal (bif_stale). */
    uint32_t bif_first, bif_last;
    bool bif_stale;
    bool nextseq_fin; /* nextseq counts a FIN: the last data byte is the one before it */
};

struct analysis_conn {
    uint8_t addr[2][16]; /* endpoint 0 is the lower (address, port) */
    uint16_t port[2];
    uint8_t family; /* 4 or 6; 0 marks a free slot */
    struct analysis_dir dir[2];
    int64_t syn_time;    /* of the last SYN without ACK; 0 none (tshark's ts_mru_syn) */
    int64_t initial_rtt; /* 0 until known (tshark's ts_first_rtt) */
    uint32_t stream;
    uint32_t first_frame, last_frame;
    int64_t last_time;
    uint64_t last_used;
};

/* One packet, as the rules see it. */
struct analysis_ctx {
    struct analysis *a;
    struct analysis_conn *c;
    struct analysis_dir *f, *p; /* the sender and its peer */
    uint32_t fidx;              /* connection index * 2 + sender direction */
    uint32_t seq, ack, seglen, window;
    uint16_t flags; /* TCP flags */
    uint32_t frame;
    int64_t now;
    bool has_ta; /* tshark would keep an analysis record for this frame (shows the iRTT) */
    struct analysis_verdict *v;
};

/* segments.c */
void segments_init(struct analysis *a);
void segments_append(struct analysis_ctx *x, uint32_t seq, uint32_t end);
void segments_free_all(struct analysis *a, struct analysis_dir *d);
void segments_ack(struct analysis_ctx *x);
bool segments_oldest(const struct analysis *a, const struct analysis_dir *d, uint32_t *frame,
                     int64_t *time);
bool segments_first_sent(const struct analysis *a, const struct analysis_dir *d, uint32_t seq,
                         uint32_t *frame, int64_t *time);
void segments_bytes_in_flight(struct analysis_ctx *x);

/* rules.c */
void rules_run(struct analysis_ctx *x);

/* The flag's index in verdict.why. */
static inline unsigned flag_index(uint32_t bit) { return (unsigned)__builtin_ctz(bit); }

#endif
