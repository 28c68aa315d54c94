/* walk_close.c - what a close() closes: the listening socket, a connection, or a socket that
 * never had one, and its descriptor. A step does not record which fd it closes (nor do the
 * recordings), so it is found from the run's steps: the accept() of the same two ports, else the
 * actor's own socket(), each closed at most once. */
#include <stdint.h>
#include <stdlib.h>

#include "walkthrough.h"

/* The step (< k) whose fd close step k closes, or SIZE_MAX; used[] marks fds already closed. */
static size_t close_source(const struct lesson_run *run, size_t k, const bool *used)
{
    const struct lesson_step *c = &run->steps[k];
    size_t accepted = SIZE_MAX, own = SIZE_MAX;
    for (size_t i = 0; i < k; i++) {
        const struct lesson_step *s = &run->steps[i];
        if (used[i] || s->pending || s->error != LESSON_ERR_NONE || s->result < 0)
            continue;
        if (s->call == CALL_ACCEPT && s->local_port == c->local_port &&
            s->peer_port == c->peer_port)
            accepted = i;
        else if (s->call == CALL_SOCKET && lesson_actor_same(s->actor, c->actor))
            own = i;
    }
    /* a connected close acts on the connection accept() gave; otherwise on the actor's socket */
    if (!c->unconnected && accepted != SIZE_MAX)
        return accepted;
    return own;
}

/* Some listen() by that actor between its socket() (step from) and step k. */
static bool listened(const struct lesson_run *run, size_t from, size_t k)
{
    for (size_t i = from + 1; i < k; i++) {
        const struct lesson_step *s = &run->steps[i];
        if (s->call == CALL_LISTEN && s->error == LESSON_ERR_NONE &&
            lesson_actor_same(s->actor, run->steps[from].actor))
            return true;
    }
    return false;
}

bool wt_close_say(char *dst, size_t n, const struct lesson_run *run, size_t k,
                  const struct lesson_text *t, enum lesson_msg *m)
{
    const struct lesson_step *c = &run->steps[k];
    if (c->call != CALL_CLOSE || c->error != LESSON_ERR_NONE || c->pending || wt_udp_run(run))
        return false;
    bool *used = calloc(k + 1, sizeof *used);
    if (!used)
        return false;
    size_t src = SIZE_MAX;
    for (size_t j = 0; j <= k; j++) { /* each earlier close takes its fd first */
        const struct lesson_step *s = &run->steps[j];
        if (s->call != CALL_CLOSE || s->error != LESSON_ERR_NONE || s->pending)
            continue;
        src = close_source(run, j, used);
        if (src != SIZE_MAX)
            used[src] = true;
    }
    bool listening = src != SIZE_MAX && run->steps[src].call == CALL_SOCKET &&
                     listened(run, src, k);
    free(used);
    if (src == SIZE_MAX)
        return false;
    *m = listening ? MSG_CALL_CLOSE_LISTENING
                   : c->unconnected ? MSG_CALL_CLOSE_UNCONNECTED_FD : MSG_CALL_CLOSE_FD;
    wt_fmt(dst, n, t->msg[*m], run->steps[src].result);
    return true;
}
