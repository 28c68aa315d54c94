/* actors.c - one thread per side of the conversation, doing exactly the calls of the lesson. */
#include "actors.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The actor's sockets are read by actor_stop() from another thread: set them under the lock. */
static void set_fd(struct actor *a, int *slot, int fd)
{
    pthread_mutex_lock(&a->mu);
    *slot = fd;
    pthread_mutex_unlock(&a->mu);
}

static void ports_of(struct actor *a, int fd)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        a->local_port = ntohs(sa.sin_port);
    len = sizeof sa;
    if (getpeername(fd, (struct sockaddr *)&sa, &len) == 0)
        a->peer_port = ntohs(sa.sin_port);
}

/* The calls below return what the system call returned, with errno as it left it. */

static long call_socket(struct actor *a)
{
    a->sock_type = a->arg == SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM;
    int fd = socket(AF_INET, a->sock_type, 0);
    if (fd >= 0) {
        /* As Python's socketserver does: a restart can reuse the port a connection in
         * TIME-WAIT still holds. TCP only: UDP has no TIME-WAIT, and there the option would
         * let two sockets share a port (a student's UDP server would lose its datagrams). */
        int one = 1;
        if (!a->plain_socket && a->sock_type == SOCK_STREAM)
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        set_fd(a, &a->fd, fd);
        /* A new socket has no port yet, whatever this actor's last one had (a restarted
         * server makes a second socket). */
        a->local_port = a->peer_port = 0;
    }
    return fd;
}

const struct actor_sockopt actor_so_reuseaddr = {SOL_SOCKET, SO_REUSEADDR, "SOL_SOCKET",
                                                 "SO_REUSEADDR"};

/* setsockopt(level, option, arg): the option the call's data names, else TCP_MAXSEG. */
static long call_setsockopt(struct actor *a)
{
    int value = (int)a->arg;
    const struct actor_sockopt *o = (const struct actor_sockopt *)(const void *)a->data;
    if (o)
        return setsockopt(a->fd, o->level, o->name, &value, sizeof value);
    return setsockopt(a->fd, IPPROTO_TCP, TCP_MAXSEG, &value, sizeof value);
}

/* bind(('', port)): all interfaces. */
static long call_bind(struct actor *a)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)a->arg)};
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    long r = bind(a->fd, (struct sockaddr *)&sa, sizeof sa);
    if (r == 0)
        ports_of(a, a->fd);
    return r;
}

static long call_accept(struct actor *a)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = accept(a->listen_fd, (struct sockaddr *)&sa, &len);
    if (fd >= 0) {
        set_fd(a, &a->fd, fd);
        ports_of(a, fd);
    }
    return fd;
}

/* connect(('127.0.0.1', port)); a refused one still has the local port it tried from. */
static long call_connect(struct actor *a)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)a->arg)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long r = connect(a->fd, (struct sockaddr *)&sa, sizeof sa);
    int err = errno; /* before getsockname() can change it */
    ports_of(a, a->fd);
    errno = err;
    return r;
}

/* Sends until every byte is taken, as Python's sendall. */
static long call_sendall(struct actor *a)
{
    size_t done = 0;
    while (done < a->len) {
        ssize_t n = send(a->fd, a->data + done, a->len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        done += (size_t)n;
    }
    return (long)done;
}

/* recv(bufsize), keeping the start of what came for the walkthrough. */
static long call_recv(struct actor *a)
{
    uint8_t buf[65536];
    size_t want = (size_t)a->arg < sizeof buf ? (size_t)a->arg : sizeof buf;
    ssize_t n;
    do
        n = recv(a->fd, buf, want, 0);
    while (n < 0 && errno == EINTR);
    a->received_len = n > 0 ? (size_t)n : 0;
    if (a->received_len > sizeof a->received)
        a->received_len = sizeof a->received;
    memcpy(a->received, buf, a->received_len);
    return n;
}

/* sendto(data, ('127.0.0.1', port)): one datagram. The first one binds the socket to a port
 * the kernel picks, as connect() does for TCP. */
static long call_sendto(struct actor *a)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)a->arg)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ssize_t n;
    do
        n = sendto(a->fd, a->data, a->len, 0, (struct sockaddr *)&sa, sizeof sa);
    while (n < 0 && errno == EINTR);
    int err = errno;
    ports_of(a, a->fd);
    a->peer_port = (uint16_t)a->arg; /* no connection: getpeername has nothing to say */
    errno = err;
    return n;
}

/* recvfrom(bufsize): one datagram (the part past bufsize is dropped, as the kernel does) and
 * the port it came from, where the answer goes. */
static long call_recvfrom(struct actor *a)
{
    uint8_t buf[65536];
    size_t want = (size_t)a->arg < sizeof buf ? (size_t)a->arg : sizeof buf;
    struct sockaddr_in sa;
    socklen_t len;
    ssize_t n;
    do {
        len = sizeof sa;
        n = recvfrom(a->fd, buf, want, 0, (struct sockaddr *)&sa, &len);
    } while (n < 0 && errno == EINTR);
    int err = errno;
    a->received_len = n > 0 ? (size_t)n : 0;
    if (a->received_len > sizeof a->received)
        a->received_len = sizeof a->received;
    memcpy(a->received, buf, a->received_len);
    ports_of(a, a->fd);
    if (n >= 0 && len >= sizeof sa)
        a->peer_port = ntohs(sa.sin_port);
    errno = err;
    return n;
}

/* close() of the connected socket, or (arg 1) of the listening one. */
static long call_close(struct actor *a)
{
    /* Closed and forgotten at once: actor_stop must never shut down a number that another
     * thread's next socket may already have been given. */
    pthread_mutex_lock(&a->mu);
    int fd = a->arg ? a->listen_fd : a->fd;
    long r = close(fd);
    int err = errno;
    if (a->listen_fd == fd) /* a listening socket is both until accept gives another */
        a->listen_fd = -1;
    if (a->fd == fd)
        a->fd = -1;
    pthread_mutex_unlock(&a->mu);
    errno = err;
    return r;
}

/* One socket call, as the lesson's Python makes it. */
static void do_call(struct actor *a)
{
    long r = 0;
    errno = 0;
    switch (a->call) {
    case CALL_SOCKET: r = call_socket(a); break;
    case CALL_SETSOCKOPT: r = call_setsockopt(a); break;
    case CALL_BIND: r = call_bind(a); break;
    case CALL_LISTEN:
        r = listen(a->fd, (int)a->arg);
        if (r == 0)
            set_fd(a, &a->listen_fd, a->fd);
        break;
    case CALL_ACCEPT: r = call_accept(a); break;
    case CALL_CONNECT: r = call_connect(a); break;
    case CALL_SENDALL: r = call_sendall(a); break;
    case CALL_RECV: r = call_recv(a); break;
    case CALL_CLOSE: r = call_close(a); break;
    case CALL_SENDTO: r = call_sendto(a); break;
    case CALL_RECVFROM: r = call_recvfrom(a); break;
    default: break;
    }
    a->err = r < 0 ? errno : 0;
    a->result = r;
}

static void *actor_main(void *arg)
{
    struct actor *a = arg;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!a->busy && !a->quit)
            pthread_cond_wait(&a->cv, &a->mu);
        if (a->quit)
            break;
        pthread_mutex_unlock(&a->mu);
        do_call(a); /* the socket call itself runs unlocked: it may block */
        pthread_mutex_lock(&a->mu);
        a->busy = false;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

int actor_start(struct actor *a, struct lesson_actor who)
{
    memset(a, 0, sizeof *a);
    a->who = who;
    a->server = lesson_actor_server_side(who);
    a->fd = a->listen_fd = -1;
    pthread_mutex_init(&a->mu, NULL);
    /* Timed waits count on the monotonic clock: setting the wall clock must not end them. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->cv, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&a->thread, NULL, actor_main, a);
    if (rc != 0) {
        pthread_mutex_destroy(&a->mu);
        pthread_cond_destroy(&a->cv);
        errno = rc;
        return -1;
    }
    a->started = true;
    return 0;
}

void actor_begin(struct actor *a, enum lesson_call call, long arg, const void *data, size_t len)
{
    pthread_mutex_lock(&a->mu);
    a->call = call;
    a->arg = arg;
    a->data = data;
    a->len = len;
    a->busy = true;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
}

int actor_wait(struct actor *a, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline); /* the clock the condition variable waits on */
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&a->mu);
    int rc = 0;
    while (a->busy && rc == 0)
        rc = pthread_cond_timedwait(&a->cv, &a->mu, &deadline);
    bool busy = a->busy;
    pthread_mutex_unlock(&a->mu);
    return busy ? -1 : 0;
}

void actor_hand_over(struct actor *from, struct actor *to)
{
    pthread_mutex_lock(&from->mu);
    int fd = from->fd;
    uint16_t local = from->local_port, peer = from->peer_port;
    from->fd = -1;
    pthread_mutex_unlock(&from->mu);
    pthread_mutex_lock(&to->mu);
    to->fd = fd;
    to->local_port = local;
    to->peer_port = peer;
    pthread_mutex_unlock(&to->mu);
}

void actor_stop(struct actor *a)
{
    if (!a->started)
        return;
    pthread_mutex_lock(&a->mu);
    /* A call still blocked (an accept nobody answers) is released by shutting its sockets down.
     * Under the lock: a call that timed out may still be setting or closing them. */
    if (a->fd >= 0)
        shutdown(a->fd, SHUT_RDWR);
    if (a->listen_fd >= 0)
        shutdown(a->listen_fd, SHUT_RDWR);
    a->quit = true;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    /* The thread is gone: what it left open is ours to close. */
    if (a->fd >= 0)
        close(a->fd);
    if (a->listen_fd >= 0 && a->listen_fd != a->fd)
        close(a->listen_fd);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    a->started = false;
}
