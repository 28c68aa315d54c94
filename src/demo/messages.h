/* messages.h - the demo's message tables, one per language. */
#ifndef STACKSCOPE_DEMO_MESSAGES_H
#define STACKSCOPE_DEMO_MESSAGES_H

#include "stackscope/lesson.h"

extern const struct lesson_text demo_text_en;
extern const struct lesson_text demo_text_fr;

#endif
