/* analysis_text.c - the words for the TCP analysis, in one place: each verdict's reason worded
 * from its evidence (struct analysis_evidence), the one-line tags, the notes and the -v labels,
 * so that every printer says the same thing. The words are the lesson's (one table per language);
 * this file chooses which text applies and fills in its placeholders.
 *
 * A text is a template. Its placeholders take the evidence's values:
 *   %r the byte range [range_first, range_end) as "1–100" (one byte: "5")
 *   %s range_first alone        %f frame          %t delta_ns as a duration ("85 µs", "41 ms")
 *   %n count                    %b value_before   %a value_after
 *   %o other_frame              %T other_delta_ns as a duration
 *   %k "SYN" or "FIN", the flag of this segment that takes a sequence number
 *   %% a percent sign
 * Templates hold no '"' or '\\' (the JSON printer writes them unescaped). */
#include <string.h>

#include "stackscope/lesson.h"
#include "stackscope/print.h"

/* The texts themselves live in the lesson's tables (src/lesson/messages_*.c), keyed by enum
 * lesson_msg: a reason per flag (some with a variant, chosen by text_for()), a tag per flag in
 * enum analysis_flag's order (four also without a frame), a note per enum analysis_note, a label
 * per enum print_analysis_label. */
_Static_assert(MSG_TAG_REUSED_PORTS - MSG_TAG_RETRANSMISSION == ANALYSIS_FLAG_COUNT - 1,
               "one tag per analysis flag, in flag order");
_Static_assert(MSG_NOTE_BAD_HEADER_LENGTH - MSG_NOTE_CONNECTION_FORGOTTEN ==
                   ANALYSIS_NOTE_COUNT - 1,
               "one note per analysis note, in note order");
_Static_assert(MSG_LABEL_WINDOW_SYN - MSG_LABEL_STREAM == PRINT_ANALYSIS_LABEL_COUNT_ - 1,
               "one label per print_analysis_label, in its order");

static const char *text(enum print_lang lang, enum lesson_msg m)
{
    return lesson_text_of(lang)->msg[m];
}

static unsigned bit_index(uint32_t bit)
{
    return bit ? (unsigned)__builtin_ctz(bit) : 0;
}

void print_duration(struct outbuf *ob, enum print_lang lang, int64_t ns)
{
    uint64_t m = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    if (ns < 0)
        ob_putc(ob, '-');
    if (m < 1000000u) { /* under a millisecond: whole microseconds */
        ob_u64(ob, m / 1000u);
        ob_puts(ob, " µs");
        return;
    }
    if (m < 1000000000u) { /* under a second: milliseconds, a tenth where there is one */
        ob_u64(ob, m / 1000000u);
        unsigned tenth = (unsigned)(m / 100000u % 10u);
        if (tenth) {
            ob_putc(ob, lesson_text_of(lang)->decimal);
            ob_putc(ob, (char)('0' + tenth));
        }
        ob_puts(ob, " ms");
        return;
    }
    uint64_t ms = m / 1000000u;
    ob_u64(ob, ms / 1000u);
    ob_putc(ob, lesson_text_of(lang)->decimal);
    unsigned frac = (unsigned)(ms % 1000u);
    ob_putc(ob, (char)('0' + frac / 100u));
    ob_putc(ob, (char)('0' + frac / 10u % 10u));
    ob_putc(ob, (char)('0' + frac % 10u));
    ob_puts(ob, " s");
}

/* "1–100", or "5" for one byte. */
static void byte_range(struct outbuf *ob, uint32_t first, uint32_t end)
{
    ob_u64(ob, first);
    if (end - first > 1u) {
        ob_puts(ob, "–");
        ob_u64(ob, end - 1u);
    }
}

static void expand(struct outbuf *ob, enum print_lang lang, const char *tpl,
                   const struct analysis_evidence *e, uint16_t tcp_flags)
{
    for (const char *p = tpl; *p; p++) {
        if (*p != '%' || !p[1]) {
            /* the text up to the next placeholder, in one copy */
            const char *next = strchr(p + 1, '%');
            size_t run = next ? (size_t)(next - p) : strlen(p);
            ob_write(ob, p, run);
            p += run - 1;
            continue;
        }
        switch (*++p) {
        case 'r': byte_range(ob, e->range_first, e->range_end); break;
        case 's': ob_u64(ob, e->range_first); break;
        case 'f': ob_u64(ob, e->frame); break;
        case 't': print_duration(ob, lang, e->delta_ns); break;
        case 'n': ob_u64(ob, e->count); break;
        case 'b': ob_u64(ob, e->value_before); break;
        case 'a': ob_u64(ob, e->value_after); break;
        case 'o': ob_u64(ob, e->other_frame); break;
        case 'T': print_duration(ob, lang, e->other_delta_ns); break;
        case 'k': ob_puts(ob, tcp_flags & TCP_SYN ? "SYN" : "FIN"); break;
        default: ob_putc(ob, *p); break;
        }
    }
}

/* The text of one flag for this verdict: the flag's own, or its variant for this evidence. */
static enum lesson_msg text_for(const struct analysis_verdict *v, uint32_t bit)
{
    const struct analysis_evidence *e = &v->why[bit_index(bit)];
    switch (bit) {
    case ANALYSIS_RETRANSMISSION:
        if (v->flags & ANALYSIS_SPURIOUS_RETRANSMISSION)
            return MSG_REASON_RETRANSMISSION_ACKED;
        return e->range_first == e->range_end ? MSG_REASON_RETRANSMISSION_SYN_FIN
                                              : MSG_REASON_RETRANSMISSION;
    case ANALYSIS_WINDOW_UPDATE:
        return e->values_scaled ? MSG_REASON_WINDOW_UPDATE : MSG_REASON_WINDOW_UPDATE_RAW;
    case ANALYSIS_FAST_RETRANSMISSION: return MSG_REASON_FAST_RETRANSMISSION;
    case ANALYSIS_SPURIOUS_RETRANSMISSION: return MSG_REASON_SPURIOUS_RETRANSMISSION;
    case ANALYSIS_OUT_OF_ORDER: return MSG_REASON_OUT_OF_ORDER;
    case ANALYSIS_LOST_SEGMENT: return MSG_REASON_LOST_SEGMENT;
    case ANALYSIS_ACK_LOST_SEGMENT: return MSG_REASON_ACK_LOST_SEGMENT;
    case ANALYSIS_DUPLICATE_ACK:
        /* "and window as frame %f" only when that frame is also the one whose window it repeats */
        return e->other_frame && e->other_frame != e->frame ? MSG_REASON_DUPLICATE_ACK_WINDOW
                                                            : MSG_REASON_DUPLICATE_ACK;
    case ANALYSIS_ZERO_WINDOW: return MSG_REASON_ZERO_WINDOW;
    case ANALYSIS_ZERO_WINDOW_PROBE: return MSG_REASON_ZERO_WINDOW_PROBE;
    case ANALYSIS_ZERO_WINDOW_PROBE_ACK: return MSG_REASON_ZERO_WINDOW_PROBE_ACK;
    case ANALYSIS_WINDOW_FULL: return MSG_REASON_WINDOW_FULL;
    case ANALYSIS_KEEP_ALIVE: return MSG_REASON_KEEP_ALIVE;
    case ANALYSIS_KEEP_ALIVE_ACK: return MSG_REASON_KEEP_ALIVE_ACK;
    default: return MSG_REASON_REUSED_PORTS;
    }
}

/* The tag of one flag: its wording without a frame when the evidence names none and the flag
 * has one. */
static enum lesson_msg tag_for(uint32_t bit, bool has_frame)
{
    if (!has_frame) {
        switch (bit) {
        case ANALYSIS_RETRANSMISSION: return MSG_TAG_RETRANSMISSION_NO_FRAME;
        case ANALYSIS_FAST_RETRANSMISSION: return MSG_TAG_FAST_RETRANSMISSION_NO_FRAME;
        case ANALYSIS_SPURIOUS_RETRANSMISSION: return MSG_TAG_SPURIOUS_RETRANSMISSION_NO_FRAME;
        case ANALYSIS_DUPLICATE_ACK: return MSG_TAG_DUPLICATE_ACK_NO_FRAME;
        default: break;
        }
    }
    return (enum lesson_msg)(MSG_TAG_RETRANSMISSION + bit_index(bit));
}

void print_analysis_reason(struct outbuf *ob, enum print_lang lang,
                           const struct analysis_verdict *v, uint32_t bit, uint16_t tcp_flags)
{
    expand(ob, lang, text(lang, text_for(v, bit)), &v->why[bit_index(bit)], tcp_flags);
}

uint32_t print_analysis_tagged(uint32_t flags)
{
    /* RETRANSMISSION beside fast or spurious says nothing more: the kind's tag says it. */
    if (flags & (ANALYSIS_FAST_RETRANSMISSION | ANALYSIS_SPURIOUS_RETRANSMISSION))
        flags &= ~(uint32_t)ANALYSIS_RETRANSMISSION;
    return flags;
}

void print_analysis_tag(struct outbuf *ob, enum print_lang lang,
                        const struct analysis_verdict *v, uint32_t bit)
{
    const struct analysis_evidence *e = &v->why[bit_index(bit)];
    expand(ob, lang, text(lang, tag_for(bit, e->frame != 0)), e, 0);
}

void print_analysis_note(struct outbuf *ob, enum print_lang lang, uint32_t bit)
{
    ob_puts(ob, text(lang, (enum lesson_msg)(MSG_NOTE_CONNECTION_FORGOTTEN + bit_index(bit))));
}

const char *print_analysis_label(enum print_lang lang, enum print_analysis_label which)
{
    return text(lang, (enum lesson_msg)(MSG_LABEL_STREAM + which));
}

bool print_analysis_is_problem(uint32_t bit)
{
    return bit & (ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION |
                  ANALYSIS_SPURIOUS_RETRANSMISSION | ANALYSIS_OUT_OF_ORDER |
                  ANALYSIS_LOST_SEGMENT | ANALYSIS_ACK_LOST_SEGMENT | ANALYSIS_DUPLICATE_ACK |
                  ANALYSIS_ZERO_WINDOW | ANALYSIS_ZERO_WINDOW_PROBE |
                  ANALYSIS_ZERO_WINDOW_PROBE_ACK | ANALYSIS_WINDOW_FULL);
}
