/* lesson_names.c - the message keys, in enum order, for the page's embedded tables. */
#include "stackscope/lesson.h"

const char *const lesson_msg_names[MSG_COUNT_] = {
#define LESSON_MSG_NAME(name) #name,
    LESSON_MESSAGES(LESSON_MSG_NAME)
#undef LESSON_MSG_NAME
};
