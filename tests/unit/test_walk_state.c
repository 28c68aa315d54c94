/* Each side's TCP state under a packet (walk_state.c): the side a RST came from, when that RST is
 * the first packet seen from it, had no socket (the kernel answered for a port where nothing
 * listens): no state is shown for it, in the walkthrough, the ladder or --explain. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/print/walkthrough.h"
#include "stackscope/flow.h"
#include "stackscope/lesson.h"

/* The kernel's RST answering a SYN: sent from the server's side, never seen before. */
static struct flow_info kernel_rst(void)
{
    return (struct flow_info){.tracked = true,
                              .from_client = false,
                              .state_src_before = FLOW_STATE_UNKNOWN,
                              .state_src = FLOW_STATE_CLOSED,
                              .state_dst_before = FLOW_STATE_SYN_SENT,
                              .state_dst = FLOW_STATE_CLOSED};
}

Test(walk_state, a_kernel_rst_gives_the_client_state_only)
{
    struct flow_info f = kernel_rst();
    char buf[200];
    cr_assert(wt_state_change_text(buf, sizeof buf, &lesson_text_fr, &f));
    cr_assert_str_eq(buf, "client\u00a0: SYN\u00a0envoyé -> fermée");
    cr_assert(wt_state_change_text(buf, sizeof buf, &lesson_text_en, &f));
    cr_assert_str_eq(buf, "client: SYN-SENT -> CLOSED");
    /* the ladder's right column stays empty under it */
    struct wt_side_states s = wt_side_states(&f);
    cr_assert_eq(s.server_before, s.server_after);
    cr_assert_eq(s.client_after, FLOW_STATE_CLOSED);
}

/* A server that was seen (SYN-RECEIVED, ESTABLISHED...) and then resets still shows its change. */
Test(walk_state, a_known_side_that_resets_keeps_its_change)
{
    struct flow_info f = kernel_rst();
    f.state_src_before = FLOW_STATE_ESTABLISHED;
    f.state_dst_before = FLOW_STATE_ESTABLISHED;
    char buf[200];
    cr_assert(wt_state_change_text(buf, sizeof buf, &lesson_text_en, &f));
    cr_assert_str_eq(buf, "client: ESTABLISHED -> CLOSED; server: ESTABLISHED -> CLOSED");
}
