/* demo.h - `stackscope demo`: the lesson's socket exchange, run on loopback and walked through
 * the stack step by step. */
#ifndef STACKSCOPE_DEMO_H
#define STACKSCOPE_DEMO_H

/* Entry point for `stackscope demo ...`; argv[0] is "demo". Returns the exit status. */
int demo_main(int argc, char **argv);

/* The walkthrough's message table for "en" or "fr" (English for anything else). */
struct lesson_text;
const struct lesson_text *demo_text(const char *lang);

#endif
