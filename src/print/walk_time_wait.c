/* walk_time_wait.c - the walkthrough's words on TIME-WAIT: where the side that closed first
 * starts waiting (2 x MSL), why a restarted server's bind then fails with EADDRINUSE, and what
 * SO_REUSEADDR changes. Decided from the run's steps (who closed, who listens), never from text. */
#include <stdint.h>

#include "walkthrough.h"

/* A close of a socket that had a connection. */
static bool connected_close(const struct lesson_step *s)
{
    return s->call == CALL_CLOSE && !s->pending && !s->unconnected && s->result == 0 &&
           s->local_port && s->peer_port;
}

/* The step before k that closed the connection first, when step k closes its other end: the
 * index of that close, or SIZE_MAX when step k is no such second close. */
static size_t first_close_of(const struct lesson_run *run, size_t k)
{
    const struct lesson_step *s = &run->steps[k];
    if (!connected_close(s))
        return SIZE_MAX;
    for (size_t j = 0; j < k; j++) {
        const struct lesson_step *f = &run->steps[j];
        if (connected_close(f) && f->local_port == s->peer_port && f->peer_port == s->local_port)
            return j;
    }
    return SIZE_MAX;
}

/* Does a socket listen on port at step k: a listen on it that no close of its listening socket
 * (a close without connection, by the same actor, from that port) has ended since? */
static bool listening_at(const struct lesson_run *run, size_t k, uint16_t port)
{
    bool listening = false;
    for (size_t i = 0; i < k; i++) {
        const struct lesson_step *s = &run->steps[i];
        if (s->call == CALL_LISTEN && s->result == 0 && s->local_port == port) {
            listening = true;
            for (size_t j = i + 1; j < k && listening; j++) {
                const struct lesson_step *c = &run->steps[j];
                listening = !(c->call == CALL_CLOSE && c->unconnected && c->local_port == port &&
                              lesson_actor_same(c->actor, s->actor));
            }
            if (listening)
                return true;
        }
    }
    return false;
}

/* The step (before k) whose close left a connection from port in TIME-WAIT, or SIZE_MAX. */
static size_t time_wait_close(const struct lesson_run *run, size_t k, uint16_t port)
{
    for (size_t m = 0; m < k; m++) {
        size_t j = first_close_of(run, m);
        if (j != SIZE_MAX && run->steps[j].local_port == port)
            return j;
    }
    return SIZE_MAX;
}

enum lesson_msg wt_setsockopt_msg(const struct lesson_step *s)
{
    return s->option == LESSON_OPT_SO_REUSEADDR ? MSG_TW_CALL_REUSEADDR : MSG_CALL_SETSOCKOPT;
}

/* The step whose close left the run's port in TIME-WAIT, when that (and no listening socket) is
 * why step k's bind failed; else SIZE_MAX. The demo's servers bind the run's port, and so does
 * the second server of port-in-use. */
static size_t eaddrinuse_by_time_wait(const struct lesson_run *run, size_t k)
{
    return listening_at(run, k, run->port) ? SIZE_MAX : time_wait_close(run, k, run->port);
}

enum lesson_msg wt_eaddrinuse_msg(const struct lesson_run *run, size_t k, size_t *close_step)
{
    size_t j = eaddrinuse_by_time_wait(run, k);
    *close_step = j == SIZE_MAX ? 0 : j + 1;
    return j == SIZE_MAX ? MSG_ERR_EADDRINUSE : MSG_TW_ERR_EADDRINUSE;
}

/* Did the actor of step k listen before it? Then its next socket() is the server restarted. */
static bool listened_before(const struct lesson_run *run, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (run->steps[i].call == CALL_LISTEN && run->steps[i].result == 0 &&
            lesson_actor_same(run->steps[i].actor, run->steps[k].actor))
            return true;
    return false;
}

/* The server's SO_REUSEADDR from its first start, and its restarts: the restart is said after
 * the step before it (the close that ended the program). Returns whether it said something. */
static bool restart_notes(struct outbuf *ob, const struct lesson_run *run, size_t k,
                          const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[k];
    if (s->call == CALL_SETSOCKOPT && wt_setsockopt_msg(s) == MSG_TW_CALL_REUSEADDR &&
        !listened_before(run, k)) {
        wt_line(ob, t->msg[MSG_TW_FIRST_REUSEADDR], 5);
        return true;
    }
    if (k + 1 >= run->step_count || run->steps[k + 1].call != CALL_SOCKET ||
        !listened_before(run, k + 1))
        return false;
    bool reuse = k + 2 < run->step_count && run->steps[k + 2].call == CALL_SETSOCKOPT &&
                 lesson_actor_same(run->steps[k + 2].actor, run->steps[k + 1].actor) &&
                 wt_setsockopt_msg(&run->steps[k + 2]) == MSG_TW_CALL_REUSEADDR;
    ob_putc(ob, '\n');
    wt_line(ob, t->msg[reuse ? MSG_TW_RESTART_REUSEADDR : MSG_TW_RESTART], 5);
    return true;
}

void wt_time_wait_notes(struct outbuf *ob, const struct lesson_run *run, size_t k,
                        const struct lesson_text *t)
{
    const struct lesson_step *s = &run->steps[k];
    char buf[400];
    if (restart_notes(ob, run, k, t))
        return;
    size_t j = first_close_of(run, k);
    /* The server's side: the TIME-WAIT that holds a port a restarted server wants. (A client
     * that closes first waits too, on its own passing port, which nobody binds again.) */
    if (j != SIZE_MAX && run->steps[j].server) {
        wt_fmt(buf, sizeof buf, t->msg[MSG_TW_ENTERED], wt_side_word(t, true),
               run->steps[j].local_port);
        wt_line(ob, buf, 5);
        if (lesson_scenario_find(run->scenario) != SCENARIO_TIME_WAIT)
            wt_line(ob, t->msg[MSG_TW_SEE_DEMO], 5);
        return;
    }
    if (s->call != CALL_BIND || s->error != LESSON_ERR_EADDRINUSE)
        return;
    if (eaddrinuse_by_time_wait(run, k) == SIZE_MAX) {
        wt_line(ob, t->msg[MSG_TW_ALSO_AFTER_RESTART], 5);
        return;
    }
    static const enum lesson_msg why[] = {MSG_TW_WHO, MSG_TW_HOW_LONG, MSG_TW_WHY, MSG_TW_SEE,
                                          MSG_TW_FIX, MSG_TW_NOT_REUSEPORT};
    for (size_t i = 0; i < sizeof why / sizeof why[0]; i++) {
        ob_putc(ob, '\n');
        if (why[i] == MSG_TW_SEE)
            wt_fmt(buf, sizeof buf, t->msg[MSG_TW_SEE], run->port);
        else
            wt_fmt(buf, sizeof buf, "%s", t->msg[why[i]]);
        wt_line(ob, buf, 5);
    }
}
