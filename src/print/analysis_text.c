/* analysis_text.c - the words for the TCP analysis, in one place: each verdict's reason worded
 * from its evidence (struct analysis_evidence), the one-line tags, the notes and the -v labels,
 * one table per language keyed by enum, so that every printer says the same thing.
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

#include "stackscope/print.h"

/* Which text of a flag applies: some flags have a second wording for another shape of
 * evidence, chosen by text_for(). */
enum reason_key {
    REASON_RETRANSMISSION,
    REASON_RETRANSMISSION_SYN_FIN, /* no data: a SYN or FIN sent again */
    REASON_RETRANSMISSION_ACKED,   /* beside spurious: its evidence is the peer's ACK */
    REASON_FAST_RETRANSMISSION,
    REASON_SPURIOUS_RETRANSMISSION,
    REASON_OUT_OF_ORDER,
    REASON_LOST_SEGMENT,
    REASON_ACK_LOST_SEGMENT,
    REASON_DUPLICATE_ACK,
    REASON_ZERO_WINDOW,
    REASON_ZERO_WINDOW_PROBE,
    REASON_ZERO_WINDOW_PROBE_ACK,
    REASON_WINDOW_FULL,
    REASON_WINDOW_UPDATE,
    REASON_WINDOW_UPDATE_RAW, /* the scale is unknown: raw window values */
    REASON_KEEP_ALIVE,
    REASON_KEEP_ALIVE_ACK,
    REASON_REUSED_PORTS,
    REASON_COUNT_
};

struct analysis_words {
    char decimal; /* the decimal separator of durations */
    const char *reason[REASON_COUNT_];
    const char *tag[ANALYSIS_FLAG_COUNT];  /* one-line tags, without brackets */
    const char *tag_no_frame[ANALYSIS_FLAG_COUNT]; /* the same when the evidence has no frame */
    const char *note[ANALYSIS_NOTE_COUNT];
    const char *label[PRINT_ANALYSIS_LABEL_COUNT_];
};

static const struct analysis_words words_en = {
    .decimal = '.',
    .reason = {
        [REASON_RETRANSMISSION] = "bytes %r were first sent in frame %f, %t earlier, and not "
                                  "acknowledged since",
        [REASON_RETRANSMISSION_SYN_FIN] = "this %k was first sent in frame %f, %t earlier, and "
                                          "not acknowledged since",
        [REASON_RETRANSMISSION_ACKED] = "bytes %r had already been sent: this sends them again",
        [REASON_FAST_RETRANSMISSION] = "the peer asked again for byte %s in %n duplicate "
                                       "ACKs (the last in frame %o, %T earlier): bytes %r, "
                                       "first sent in frame %f, %t earlier, are sent again "
                                       "without waiting for the timeout",
        [REASON_SPURIOUS_RETRANSMISSION] = "bytes %r were already acknowledged: the peer's ACK "
                                           "of byte %a in frame %f, %t earlier, covers them",
        [REASON_OUT_OF_ORDER] = "bytes %r lie before what frame %f already sent, and come only "
                                "%t after it (under %T): overtaken on the way rather than "
                                "sent again",
        [REASON_LOST_SEGMENT] = "bytes %r were never seen: frame %f, %t earlier, ended where "
                                "they begin, and this segment starts after them",
        [REASON_ACK_LOST_SEGMENT] = "this acknowledges bytes %r of the peer, which the capture "
                                    "never saw (the peer's last segment seen is frame %f, %t "
                                    "earlier)",
        [REASON_DUPLICATE_ACK] = "the same acknowledgement number (%a) and window as frame "
                                 "%f, %t earlier, and no data: duplicate number %n",
        [REASON_ZERO_WINDOW] = "the window is 0: this side's receive buffer is full and the "
                               "peer must stop sending",
        [REASON_ZERO_WINDOW_PROBE] = "one byte (%r) sent into the closed window the peer "
                                     "announced in frame %f, %t earlier, to see whether it has "
                                     "opened",
        [REASON_ZERO_WINDOW_PROBE_ACK] = "answers the zero window probe of frame %f: the window "
                                         "is still 0",
        [REASON_WINDOW_FULL] = "bytes %r fill the %a-byte window the peer announced in frame "
                               "%f to its last byte",
        [REASON_WINDOW_UPDATE] = "only the window changed: %b bytes in frame %f, %t earlier, "
                                 "%a bytes now",
        [REASON_WINDOW_UPDATE_RAW] = "only the window changed: %b in frame %f, %t earlier, %a "
                                     "now (raw values: the scale is unknown)",
        [REASON_KEEP_ALIVE] = "its sequence number is one below the next one, after %t of "
                              "silence since frame %f: it checks that the peer is still there",
        [REASON_KEEP_ALIVE_ACK] = "answers the keep-alive of frame %f with the same ACK and "
                                  "window",
        [REASON_REUSED_PORTS] = "the same addresses and ports were used by stream %n, last "
                                "seen in frame %f, %t earlier; this SYN's initial sequence "
                                "number %a is not its %b",
    },
    .tag = {
        [0] = "retransmission of #%f",
        [1] = "fast retransmission of #%f",
        [2] = "spurious retransmission, acked in #%f",
        [3] = "out of order",
        [4] = "lost segment before",
        [5] = "acks unseen segment",
        [6] = "dup ack %n of #%f",
        [7] = "zero window",
        [8] = "zero window probe",
        [9] = "zero window probe ack",
        [10] = "window full",
        [11] = "window update",
        [12] = "keep-alive",
        [13] = "keep-alive ack",
        [14] = "ports reused",
    },
    .tag_no_frame = {
        [0] = "retransmission",
        [1] = "fast retransmission",
        [2] = "spurious retransmission",
        [6] = "dup ack %n",
    },
    .note = {
        "this connection was seen before and forgotten (the table was full): analysed as if it "
        "started here",
        "records of unacknowledged segments were dropped (too many at once): an RTT, RTO or "
        "bytes in flight may be missing",
        "an IP fragment: not analysed (stackscope does not reassemble)",
        "the TCP header is longer than the IP length leaves: no segment length, not analysed",
        "the capture ends inside the TCP header: not analysed",
        "data offset below 5 words: not analysed",
    },
    .label = {
        [PRINT_ANALYSIS_LABEL_STREAM] = "Stream",
        [PRINT_ANALYSIS_LABEL_ANALYSIS] = "Analysis",
        [PRINT_ANALYSIS_LABEL_ACKS] = "Acknowledges frame",
        [PRINT_ANALYSIS_LABEL_BYTES] = "bytes",
        [PRINT_ANALYSIS_LABEL_RTT] = "RTT",
        [PRINT_ANALYSIS_LABEL_IN_FLIGHT] = "Bytes in flight",
        [PRINT_ANALYSIS_LABEL_RTO] = "Time since first sent (RTO)",
        [PRINT_ANALYSIS_LABEL_HANDSHAKE_RTT] = "Handshake RTT",
        [PRINT_ANALYSIS_LABEL_NOTE] = "Note",
        [PRINT_ANALYSIS_LABEL_WINDOW_BYTES] = "bytes",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED] = "no window scaling",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNKNOWN] = "scale unknown: the handshake was not captured",
        [PRINT_ANALYSIS_LABEL_WINDOW_SYN] = "never scaled in a SYN",
    },
};

static const struct analysis_words words_fr = {
    .decimal = ',',
    .reason = {
        [REASON_RETRANSMISSION] = "les octets %r ont d'abord été envoyés dans la trame %f, %t "
                                  "plus tôt, et n'ont pas été acquittés depuis",
        [REASON_RETRANSMISSION_SYN_FIN] = "ce %k a d'abord été envoyé dans la trame %f, %t plus "
                                          "tôt, et n'a pas été acquitté depuis",
        [REASON_RETRANSMISSION_ACKED] = "les octets %r avaient déjà été envoyés : ce segment "
                                        "les renvoie",
        [REASON_FAST_RETRANSMISSION] = "le pair a redemandé l'octet %s par %n ACK dupliqués "
                                       "(le dernier dans la trame %o, %T plus tôt) : les octets "
                                       "%r, d'abord envoyés dans la trame %f, %t plus tôt, sont "
                                       "renvoyés sans attendre l'expiration du délai de "
                                       "retransmission (RTO)",
        [REASON_SPURIOUS_RETRANSMISSION] = "les octets %r étaient déjà acquittés : l'accusé "
                                           "de réception du pair (ack %a), dans la trame %f, %t "
                                           "plus tôt, les couvre",
        [REASON_OUT_OF_ORDER] = "les octets %r précèdent ce que la trame %f a déjà envoyé, et "
                                "arrivent seulement %t après elle (moins de %T) : doublés en "
                                "route, pas renvoyés",
        [REASON_LOST_SEGMENT] = "les octets %r n'ont jamais été vus : la trame %f, %t plus tôt, "
                                "s'arrêtait là où ils commencent, et ce segment commence après "
                                "eux",
        [REASON_ACK_LOST_SEGMENT] = "ce segment acquitte les octets %r du pair, que la "
                                    "capture n'a jamais vus (le dernier segment vu du pair est "
                                    "la trame %f, %t plus tôt)",
        [REASON_DUPLICATE_ACK] = "le même numéro d'accusé de réception (%a) et la même "
                                 "fenêtre que la trame %f, %t plus tôt, sans données : ACK "
                                 "dupliqué n° %n",
        [REASON_ZERO_WINDOW] = "la fenêtre vaut 0 : le tampon de réception de ce côté est "
                               "plein et le pair doit cesser d'envoyer",
        [REASON_ZERO_WINDOW_PROBE] = "un octet (%r) envoyé dans la fenêtre fermée que le pair a "
                                     "annoncée dans la trame %f, %t plus tôt, pour voir si elle "
                                     "s'est rouverte",
        [REASON_ZERO_WINDOW_PROBE_ACK] = "répond à la sonde de fenêtre nulle de la trame %f : la "
                                         "fenêtre vaut toujours 0",
        [REASON_WINDOW_FULL] = "les octets %r remplissent jusqu'au dernier octet la fenêtre de "
                               "%a octets que le pair a annoncée dans la trame %f",
        [REASON_WINDOW_UPDATE] = "seule la fenêtre a changé : %b octets dans la trame %f, %t "
                                 "plus tôt, %a octets maintenant",
        [REASON_WINDOW_UPDATE_RAW] = "seule la fenêtre a changé : %b dans la trame %f, %t plus "
                                     "tôt, %a maintenant (valeurs brutes : le facteur "
                                     "d'échelle est inconnu)",
        [REASON_KEEP_ALIVE] = "son numéro de séquence est inférieur de 1 au prochain numéro "
                              "attendu, après %t de silence depuis la trame %f : il vérifie "
                              "que le pair est toujours là",
        [REASON_KEEP_ALIVE_ACK] = "répond au keep-alive de la trame %f avec le même ACK et la "
                                  "même fenêtre",
        [REASON_REUSED_PORTS] = "les mêmes adresses et ports ont servi au flux %n, vu pour la "
                                "dernière fois dans la trame %f, %t plus tôt ; le numéro de "
                                "séquence initial %a de ce SYN n'est pas le sien (%b)",
    },
    .tag = {
        [0] = "retransmission de #%f",
        [1] = "retransmission rapide de #%f",
        [2] = "retransmission inutile, acquittée en #%f",
        [3] = "hors séquence",
        [4] = "segment perdu avant",
        [5] = "acquitte un segment non vu",
        [6] = "ack dupliqué %n de #%f",
        [7] = "fenêtre nulle",
        [8] = "sonde de fenêtre nulle",
        [9] = "réponse à la sonde",
        [10] = "fenêtre pleine",
        [11] = "mise à jour de fenêtre",
        [12] = "keep-alive",
        [13] = "ack de keep-alive",
        [14] = "ports réutilisés",
    },
    .tag_no_frame = {
        [0] = "retransmission",
        [1] = "retransmission rapide",
        [2] = "retransmission inutile",
        [6] = "ack dupliqué %n",
    },
    .note = {
        "cette connexion a déjà été vue puis oubliée (la table était pleine) : analysée comme "
        "si elle commençait ici",
        "des segments non acquittés ont été oubliés (trop à la fois) : un RTT, un RTO ou les "
        "octets en vol peuvent manquer",
        "un fragment IP : non analysé (stackscope ne réassemble pas)",
        "l'en-tête TCP dépasse ce que laisse la longueur IP : pas de longueur de segment, non "
        "analysé",
        "la capture s'arrête dans l'en-tête TCP : non analysé",
        "décalage des données (data offset) inférieur à 5 mots : non analysé",
    },
    .label = {
        [PRINT_ANALYSIS_LABEL_STREAM] = "Flux",
        [PRINT_ANALYSIS_LABEL_ANALYSIS] = "Analyse",
        [PRINT_ANALYSIS_LABEL_ACKS] = "Acquitte la trame",
        [PRINT_ANALYSIS_LABEL_BYTES] = "octets",
        [PRINT_ANALYSIS_LABEL_RTT] = "RTT",
        [PRINT_ANALYSIS_LABEL_IN_FLIGHT] = "Octets en transit",
        [PRINT_ANALYSIS_LABEL_RTO] = "Temps depuis le premier envoi (RTO)",
        [PRINT_ANALYSIS_LABEL_HANDSHAKE_RTT] = "RTT de la poignée de main",
        [PRINT_ANALYSIS_LABEL_NOTE] = "Remarque",
        [PRINT_ANALYSIS_LABEL_WINDOW_BYTES] = "octets",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNSCALED] = "pas de facteur d'échelle",
        [PRINT_ANALYSIS_LABEL_WINDOW_UNKNOWN] = "échelle inconnue : la poignée de main n'a pas "
                                                "été capturée",
        [PRINT_ANALYSIS_LABEL_WINDOW_SYN] = "jamais multipliée par l'échelle dans un SYN",
    },
};

static const struct analysis_words *const words[PRINT_LANG_COUNT_] = {
    [PRINT_LANG_EN] = &words_en,
    [PRINT_LANG_FR] = &words_fr,
};

static const struct analysis_words *words_of(enum print_lang lang)
{
    return (unsigned)lang < PRINT_LANG_COUNT_ ? words[lang] : &words_en;
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
            ob_putc(ob, words_of(lang)->decimal);
            ob_putc(ob, (char)('0' + tenth));
        }
        ob_puts(ob, " ms");
        return;
    }
    uint64_t ms = m / 1000000u;
    ob_u64(ob, ms / 1000u);
    ob_putc(ob, words_of(lang)->decimal);
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
static enum reason_key text_for(const struct analysis_verdict *v, uint32_t bit)
{
    const struct analysis_evidence *e = &v->why[bit_index(bit)];
    switch (bit) {
    case ANALYSIS_RETRANSMISSION:
        if (v->flags & ANALYSIS_SPURIOUS_RETRANSMISSION)
            return REASON_RETRANSMISSION_ACKED;
        return e->range_first == e->range_end ? REASON_RETRANSMISSION_SYN_FIN
                                              : REASON_RETRANSMISSION;
    case ANALYSIS_WINDOW_UPDATE:
        return e->values_scaled ? REASON_WINDOW_UPDATE : REASON_WINDOW_UPDATE_RAW;
    case ANALYSIS_FAST_RETRANSMISSION: return REASON_FAST_RETRANSMISSION;
    case ANALYSIS_SPURIOUS_RETRANSMISSION: return REASON_SPURIOUS_RETRANSMISSION;
    case ANALYSIS_OUT_OF_ORDER: return REASON_OUT_OF_ORDER;
    case ANALYSIS_LOST_SEGMENT: return REASON_LOST_SEGMENT;
    case ANALYSIS_ACK_LOST_SEGMENT: return REASON_ACK_LOST_SEGMENT;
    case ANALYSIS_DUPLICATE_ACK: return REASON_DUPLICATE_ACK;
    case ANALYSIS_ZERO_WINDOW: return REASON_ZERO_WINDOW;
    case ANALYSIS_ZERO_WINDOW_PROBE: return REASON_ZERO_WINDOW_PROBE;
    case ANALYSIS_ZERO_WINDOW_PROBE_ACK: return REASON_ZERO_WINDOW_PROBE_ACK;
    case ANALYSIS_WINDOW_FULL: return REASON_WINDOW_FULL;
    case ANALYSIS_KEEP_ALIVE: return REASON_KEEP_ALIVE;
    case ANALYSIS_KEEP_ALIVE_ACK: return REASON_KEEP_ALIVE_ACK;
    default: return REASON_REUSED_PORTS;
    }
}

void print_analysis_reason(struct outbuf *ob, enum print_lang lang,
                           const struct analysis_verdict *v, uint32_t bit, uint16_t tcp_flags)
{
    const char *tpl = words_of(lang)->reason[text_for(v, bit)];
    expand(ob, lang, tpl, &v->why[bit_index(bit)], tcp_flags);
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
    const struct analysis_words *w = words_of(lang);
    unsigned i = bit_index(bit);
    const struct analysis_evidence *e = &v->why[i];
    const char *tpl = !e->frame && w->tag_no_frame[i] ? w->tag_no_frame[i] : w->tag[i];
    expand(ob, lang, tpl, e, 0);
}

void print_analysis_note(struct outbuf *ob, enum print_lang lang, uint32_t bit)
{
    ob_puts(ob, words_of(lang)->note[bit_index(bit)]);
}

const char *print_analysis_label(enum print_lang lang, enum print_analysis_label which)
{
    return words_of(lang)->label[which];
}

bool print_analysis_is_problem(uint32_t bit)
{
    return bit & (ANALYSIS_RETRANSMISSION | ANALYSIS_FAST_RETRANSMISSION |
                  ANALYSIS_SPURIOUS_RETRANSMISSION | ANALYSIS_OUT_OF_ORDER |
                  ANALYSIS_LOST_SEGMENT | ANALYSIS_ACK_LOST_SEGMENT | ANALYSIS_DUPLICATE_ACK |
                  ANALYSIS_ZERO_WINDOW | ANALYSIS_ZERO_WINDOW_PROBE |
                  ANALYSIS_ZERO_WINDOW_PROBE_ACK | ANALYSIS_WINDOW_FULL);
}
