/* actor_stop while a call is still running (a call that timed out): the actor's thread sets and
 * closes its sockets while actor_stop reads them to shut them down. Both sides hold the actor's
 * lock. The race itself shows under ThreadSanitizer, which Criterion cannot run under: the same
 * loop in a plain main(), built with -fsanitize=thread with src/demo/actors.c, reports "data
 * race ... in actor_stop" when they do not. Here: no descriptor is left open or closed twice. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "actors.h"

Test(demo_actor_race, stop_while_socket_and_close_calls_still_run, .timeout = 60)
{
    for (int i = 0; i < 200; i++) {
        struct actor a;
        cr_assert_eq(actor_start(&a, (struct lesson_actor){LESSON_ACTOR_CLIENT, 0}), 0);
        actor_begin(&a, CALL_SOCKET, 0, NULL, 0);
        if (i % 2) { /* and a close racing the stop */
            cr_assert_eq(actor_wait(&a, 5000), 0);
            actor_begin(&a, CALL_CLOSE, 0, NULL, 0);
        }
        actor_stop(&a); /* no wait: the call may be anywhere */
        cr_assert_not(a.started);
    }
    /* Nothing left open by the actors: the next descriptor is the lowest free one again. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int probe = dup(0);
    cr_assert_eq(probe, fd + 1);
    close(fd);
    close(probe);
}
