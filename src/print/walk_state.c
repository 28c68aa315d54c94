/* walk_state.c - each side's TCP state where a packet changed it, in the reader's language: under
 * each packet of the walkthrough, and in --explain ("client: SYN-SENT -> ESTABLISHED"). */
#include <string.h>

#include "walkthrough.h"

/* The state's name in the reader's language, or NULL while unknown. */
const char *wt_state_word(const struct lesson_text *t, uint8_t state)
{
    static const enum lesson_msg msg[FLOW_STATE_COUNT_] = {
        [FLOW_STATE_CLOSED] = MSG_STATE_CLOSED,
        [FLOW_STATE_LISTEN] = MSG_STATE_LISTEN,
        [FLOW_STATE_SYN_SENT] = MSG_STATE_SYN_SENT,
        [FLOW_STATE_SYN_RECEIVED] = MSG_STATE_SYN_RECEIVED,
        [FLOW_STATE_ESTABLISHED] = MSG_STATE_ESTABLISHED,
        [FLOW_STATE_FIN_WAIT_1] = MSG_STATE_FIN_WAIT_1,
        [FLOW_STATE_FIN_WAIT_2] = MSG_STATE_FIN_WAIT_2,
        [FLOW_STATE_CLOSE_WAIT] = MSG_STATE_CLOSE_WAIT,
        [FLOW_STATE_CLOSING] = MSG_STATE_CLOSING,
        [FLOW_STATE_LAST_ACK] = MSG_STATE_LAST_ACK,
        [FLOW_STATE_TIME_WAIT] = MSG_STATE_TIME_WAIT,
    };
    if (state == FLOW_STATE_UNKNOWN || state >= FLOW_STATE_COUNT_)
        return NULL;
    return t->msg[msg[state]];
}

/* One side's change ("client: SYN-SENT -> ESTABLISHED"), appended at dst's end; false when that
 * side's state did not change or is unknown. */
static bool side_change(char *dst, size_t n, const struct lesson_text *t, bool server,
                        uint8_t before, uint8_t after)
{
    const char *from = wt_state_word(t, before), *to = wt_state_word(t, after);
    if (before == after || !to)
        return false;
    size_t used = strlen(dst);
    if (used) /* French puts a (no-break) space before the semicolon */
        wt_fmt(dst + used, n - used, t->print_lang == PRINT_LANG_FR ? "\u00a0; " : "; ");
    used = strlen(dst);
    if (from)
        wt_fmt(dst + used, n - used, t->msg[MSG_STATE_CHANGE], wt_side_word(t, server), from, to);
    else
        wt_fmt(dst + used, n - used, t->msg[MSG_STATE_NEW], wt_side_word(t, server), to);
    return true;
}

struct wt_side_states wt_side_states(const struct flow_info *f)
{
    uint8_t src_before = f->state_src_before, src_after = f->state_src;
    /* A side whose first packet is a RST had no socket: the kernel answered for a port where
     * nothing listens (RFC 9293 resets a segment for a connection that does not exist). Its
     * CLOSED is no state of its own (« noyau (port N) » sent it, not a server): none is shown. */
    if (src_before == FLOW_STATE_UNKNOWN && src_after == FLOW_STATE_CLOSED)
        src_after = FLOW_STATE_UNKNOWN;
    if (f->from_client)
        return (struct wt_side_states){src_before, src_after, f->state_dst_before, f->state_dst};
    return (struct wt_side_states){f->state_dst_before, f->state_dst, src_before, src_after};
}

bool wt_state_change_text(char *dst, size_t n, const struct lesson_text *t,
                          const struct flow_info *f)
{
    dst[0] = '\0';
    if (!f->tracked)
        return false;
    /* The client's side first, as the ladder puts it on the left. */
    struct wt_side_states s = wt_side_states(f);
    bool any = side_change(dst, n, t, false, s.client_before, s.client_after);
    any |= side_change(dst, n, t, true, s.server_before, s.server_after);
    return any;
}

void wt_state_lines(struct outbuf *ob, const struct lesson_packet *lp,
                    const struct lesson_text *t)
{
    char buf[200];
    if (wt_state_change_text(buf, sizeof buf, t, &lp->flow))
        wt_line(ob, buf, 8);
}
