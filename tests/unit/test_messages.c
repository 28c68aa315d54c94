/* The lesson's message tables: every message present in both languages; a printf template with
 * the same conversions in the same order (a French sentence must take the English arguments); an
 * analysis template (analysis_text.c's placeholders) with the same placeholders, known ones only,
 * in any order (they are named, not positional), and none of the characters JSON or the page
 * would have to escape. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"

static void conversions(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 2 < n; s++) {
        if (*s != '%')
            continue;
        s++;
        if (*s == '%')
            continue;
        while (*s && strchr("-0123456789.", *s))
            s++;
        while (*s && strchr("lz", *s))
            out[k++] = *s++;
        if (*s)
            out[k++] = *s;
    }
    out[k] = '\0';
}

static int by_char(const void *a, const void *b)
{
    return *(const char *)a - *(const char *)b;
}

/* The placeholders of an analysis template, sorted; '?' for one analysis_text.c does not know
 * (it would print the letter itself). */
static void placeholders(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++) {
        if (*s != '%')
            continue;
        s++;
        if (*s == '%')
            continue;
        out[k++] = *s && strchr("rsftnbaoTk", *s) ? *s : '?';
        if (!*s)
            break;
    }
    out[k] = '\0';
    qsort(out, k, 1, by_char);
}

static bool analysis_template(int i)
{
    return i >= MSG_REASON_RETRANSMISSION && i <= MSG_LABEL_WINDOW_SYN; /* --explain's are printf */
}

Test(messages, every_message_in_both_languages_with_the_same_arguments)
{
    for (int i = 0; i < MSG_COUNT_; i++) {
        const char *en = lesson_text_en.msg[i], *fr = lesson_text_fr.msg[i];
        cr_assert(en && *en, "English message %s missing", lesson_msg_names[i]);
        cr_assert(fr && *fr, "French message %s missing", lesson_msg_names[i]);
        char ce[32], cf[32];
        if (analysis_template(i)) {
            placeholders(en, ce, sizeof ce);
            placeholders(fr, cf, sizeof cf);
            cr_assert(!strchr(ce, '?'), "%s: unknown placeholder in %s", lesson_msg_names[i], en);
            cr_assert(!strpbrk(en, "\"\\<>&") && !strpbrk(fr, "\"\\<>&"),
                      "%s: a character JSON or the page would escape", lesson_msg_names[i]);
        } else {
            conversions(en, ce, sizeof ce);
            conversions(fr, cf, sizeof cf);
        }
        cr_assert_str_eq(ce, cf, "%s: %s vs %s", lesson_msg_names[i], en, fr);
    }
    cr_assert_str_eq(lesson_msg_names[MSG_TITLE], "TITLE");
    cr_assert_str_eq(lesson_msg_names[MSG_FIELD_TTL], "FIELD_TTL");
    cr_assert_str_eq(lesson_msg_names[MSG_PAGE_SEE_FRAME], "PAGE_SEE_FRAME");
    cr_assert_str_eq(lesson_msg_names[MSG_LABEL_WINDOW_SYN], "LABEL_WINDOW_SYN");
    cr_assert_eq(MSG_WALKTHROUGH_COUNT_, MSG_PAGE_LEGEND); /* the page words come right after */
}

Test(messages, analysis_placeholders_compared_as_sets)
{
    char a[32], b[32];
    placeholders("bytes %r in frame %f, %t earlier", a, sizeof a);
    placeholders("%t plus tôt, la trame %f, les octets %r", b, sizeof b);
    cr_assert_str_eq(a, "frt");
    cr_assert_str_eq(b, "frt");
    placeholders("frame %f, %t earlier", a, sizeof a);
    cr_assert_str_neq(a, b);
    placeholders("%q and 100%% and %T", a, sizeof a);
    cr_assert_str_eq(a, "?T");
}

Test(messages, durations_use_each_language_decimal_separator)
{
    cr_assert_eq(lesson_text_en.decimal, '.');
    cr_assert_eq(lesson_text_fr.decimal, ',');
    cr_assert_eq(lesson_text_of(PRINT_LANG_FR), &lesson_text_fr);
    cr_assert_eq(lesson_text_of(PRINT_LANG_EN), &lesson_text_en);
}

/* One capitalisation rule for « en-tête » in French: a capital where it begins a label (the
 * page's header tags side by side), lower case inside a sentence. */
Test(messages, french_header_labels_all_begin_with_a_capital)
{
    const enum lesson_msg labels[] = {MSG_UI_LINK_HEADER, MSG_UI_IPV4_HEADER, MSG_UI_TCP_HEADER,
                                      MSG_UI_UDP_HEADER};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        cr_assert(!strncmp(lesson_text_fr.msg[labels[i]], "En-tête", strlen("En-tête")), "%s",
                  lesson_text_fr.msg[labels[i]]);
}
