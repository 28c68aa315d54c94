/* follow_print.h - --follow's output: one stream's blocks (stackscope/follow.h) as tshark's
 * `-z follow,tcp,raw|ascii|hex` prints them.
 *
 *   raw   tshark's raw format byte for byte: a header (a line of '=', "Follow: tcp,raw", the
 *         filter, "Node 0: ADDR:PORT", "Node 1: ..."), each block's bytes in lowercase hex on
 *         one line (Node 1's after a tab), tshark's gap text in hex (its NUL too), the '=' line.
 *   ascii tshark's ascii format where a person gains nothing from a change: the same header;
 *         each block's text with \r and \n kept and any other byte outside 0x20-0x7e as '.',
 *         then a newline. Beyond tshark: each block opens with "[TAB]N bytes, Node 0 -> Node 1
 *         (frame F)" (tshark: "[TAB]N"), and a gap is one line "[TAB]N bytes missing, Node 0 ->
 *         Node 1 (acknowledged in frame F)" (tshark: its gap text as a block of data).
 *   hex   tshark's hex format: the same header, 16 bytes a line with each direction's offset
 *         (Node 1's lines after a tab). Beyond tshark: a gap is one line "[TAB]OFFSET  N bytes
 *         missing" and the offset moves past the hole (tshark counts its gap text's bytes).
 * With ascii and hex, segments still waiting at the end (a hole never acknowledged, which
 * tshark leaves out) are shown after a gap line saying "(never acknowledged)".
 */
#ifndef STACKSCOPE_FOLLOW_PRINT_H
#define STACKSCOPE_FOLLOW_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "stackscope/follow.h"
#include "stackscope/outbuf.h"

enum follow_format { FOLLOW_FORMAT_ASCII, FOLLOW_FORMAT_HEX, FOLLOW_FORMAT_RAW };

struct follow_printer {
    struct outbuf *out;
    enum follow_format format;
    const struct follow_target *target;
    const struct follow *follow; /* its nodes, for the header */
    bool header_done;
    uint32_t pos[2]; /* hex: each node's offset (32 bits, as tshark's) */
};

/* Prepares a printer of f's blocks into out; pass follow_print_block and the printer to
 * follow_init as its sink and user. */
void follow_print_init(struct follow_printer *p, struct outbuf *out, enum follow_format format,
                       const struct follow_target *target, const struct follow *f);

/* A follow_sink: prints one block (the header first, at the first block). */
void follow_print_block(void *user, const struct follow_block *b);

/* The end: the header if no block printed it, then the closing '=' line. Call it after
 * follow_finish. When no segment could be followed (follow.seen false), the nodes are
 * tshark's empty ":0". */
void follow_print_end(struct follow_printer *p);

#endif
