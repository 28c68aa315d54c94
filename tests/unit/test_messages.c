/* The demo's message tables: every message present in both languages, with the same
 * printf conversions in the same order (a French sentence must take the English arguments). */
#include <criterion/criterion.h>
#include <string.h>

#include "messages.h"

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

Test(messages, every_message_in_both_languages_with_the_same_arguments)
{
    for (int i = 0; i < MSG_COUNT_; i++) {
        const char *en = demo_text_en.msg[i], *fr = demo_text_fr.msg[i];
        cr_assert(en && *en, "English message %s missing", lesson_msg_names[i]);
        cr_assert(fr && *fr, "French message %s missing", lesson_msg_names[i]);
        char ce[32], cf[32];
        conversions(en, ce, sizeof ce);
        conversions(fr, cf, sizeof cf);
        cr_assert_str_eq(ce, cf, "%s: %s vs %s", lesson_msg_names[i], en, fr);
    }
    cr_assert_str_eq(lesson_msg_names[MSG_TITLE], "TITLE");
    cr_assert_str_eq(lesson_msg_names[MSG_FIELD_TTL], "FIELD_TTL");
}
