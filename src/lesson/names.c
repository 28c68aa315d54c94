/* names.c - the message keys, in enum order, for the page's embedded tables, the socket calls'
 * names, and which table tells each printer language. */
#include "stackscope/lesson.h"

const char *const lesson_msg_names[MSG_COUNT_] = {
#define LESSON_MSG_NAME(name) #name,
    LESSON_MESSAGES(LESSON_MSG_NAME)
    LESSON_PAGE_WORDS(LESSON_MSG_NAME)
    LESSON_ANALYSIS_MESSAGES(LESSON_MSG_NAME)
    LESSON_EXPLAIN_MESSAGES(LESSON_MSG_NAME)
#undef LESSON_MSG_NAME
};

const char *const lesson_call_names[CALL_COUNT_] = {
    [CALL_SOCKET] = "socket",   [CALL_SETSOCKOPT] = "setsockopt", [CALL_BIND] = "bind",
    [CALL_LISTEN] = "listen",   [CALL_ACCEPT] = "accept",         [CALL_CONNECT] = "connect",
    [CALL_SENDALL] = "sendall", [CALL_RECV] = "recv",             [CALL_CLOSE] = "close",
    [CALL_SENDTO] = "sendto",   [CALL_RECVFROM] = "recvfrom",
};

const struct lesson_text *lesson_text_of(enum print_lang lang)
{
    return lang == PRINT_LANG_FR ? &lesson_text_fr : &lesson_text_en;
}
