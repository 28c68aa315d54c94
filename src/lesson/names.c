/* names.c - the message keys, in enum order, for the page's embedded tables, the socket calls'
 * names, which table tells each printer language, and the actors' names (in each language, and
 * as recordings write them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/lesson.h"

const char *const lesson_msg_names[MSG_COUNT_] = {
#define LESSON_MSG_NAME(name) #name,
    LESSON_MESSAGES(LESSON_MSG_NAME)
    LESSON_PAGE_WORDS(LESSON_MSG_NAME)
    LESSON_ANALYSIS_MESSAGES(LESSON_MSG_NAME)
    LESSON_EXPLAIN_MESSAGES(LESSON_MSG_NAME)
    LESSON_DIAGRAM_MESSAGES(LESSON_MSG_NAME)
    LESSON_CONVERSATION_MESSAGES(LESSON_MSG_NAME)
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

/* ---- actors (LESSON_ACTOR_ROLES) ---- */

static const struct {
    const char *key, *recorded;
    enum lesson_msg msg;
    bool server_side;
} actor_roles[LESSON_ACTOR_ROLE_COUNT_] = {
#define LESSON_ACTOR_ROW(role, key, recorded, msg, server_side) \
    [LESSON_ACTOR_##role] = {key, recorded, MSG_##msg, server_side},
    LESSON_ACTOR_ROLES(LESSON_ACTOR_ROW)
#undef LESSON_ACTOR_ROW
};

static unsigned role_of(struct lesson_actor a)
{
    /* an out-of-range role (never made by the lesson) reads as the first, not past the table */
    return (unsigned)a.role < LESSON_ACTOR_ROLE_COUNT_ ? (unsigned)a.role : 0;
}

bool lesson_actor_same(struct lesson_actor a, struct lesson_actor b)
{
    return a.role == b.role && a.n == b.n;
}

bool lesson_actor_server_side(struct lesson_actor a)
{
    return actor_roles[role_of(a)].server_side;
}

const char *lesson_actor_key(struct lesson_actor a)
{
    return actor_roles[role_of(a)].key;
}

enum lesson_msg lesson_actor_msg(struct lesson_actor a)
{
    return actor_roles[role_of(a)].msg;
}

static void name_and_number(char *dst, size_t n, const char *name, unsigned num)
{
    if (num)
        snprintf(dst, n, "%s %u", name, num);
    else
        snprintf(dst, n, "%s", name);
}

void lesson_actor_name(char *dst, size_t n, struct lesson_actor a, const struct lesson_text *t)
{
    name_and_number(dst, n, t->msg[lesson_actor_msg(a)], a.n);
}

void lesson_actor_recorded(char *dst, size_t n, struct lesson_actor a)
{
    name_and_number(dst, n, actor_roles[role_of(a)].recorded, a.n);
}

bool lesson_actor_parse(const char *s, struct lesson_actor *a)
{
    /* "NAME" or "NAME N", N from 1 to 99: the number is what follows the last space */
    size_t len = strlen(s);
    unsigned num = 0;
    const char *sp = strrchr(s, ' ');
    if (sp && sp[1] >= '1' && sp[1] <= '9' && strspn(sp + 1, "0123456789") == strlen(sp + 1)) {
        if (strlen(sp + 1) > 2)
            return false;
        num = (unsigned)atoi(sp + 1);
        len = (size_t)(sp - s);
    }
    for (unsigned r = 0; r < LESSON_ACTOR_ROLE_COUNT_; r++)
        if (strlen(actor_roles[r].recorded) == len && !memcmp(s, actor_roles[r].recorded, len)) {
            a->role = (enum lesson_actor_role)r;
            a->n = num;
            return true;
        }
    return false;
}
