/* netcfg.c - the demo's changes to loopback (offload off, an nftables table that drops one
 * segment), put back exactly as found on every way out: see netcfg.h for how. */
#define _GNU_SOURCE /* pipe2, strerrorname_np */
#include "netcfg.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "stackscope/outbuf.h"
#include "stackscope/print.h"

/* The signals that end the demo through the restoring path, but for one the user chose to
 * ignore (nohup's SIGHUP): that one stays ignored. */
static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void caught_set(struct netcfg *nc)
{
    sigset_t *set = &nc->caught;
    sigemptyset(set);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++) {
        struct sigaction now;
        if (sigaction(caught[i], NULL, &now) == 0 && now.sa_handler == SIG_IGN)
            continue;
        sigaddset(set, caught[i]);
    }
}

/* ---- offload (SIOCETHTOOL on lo) ---- */

static int ethtool_call(void *cmd)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    ifr.ifr_data = cmd;
    int rc = ioctl(fd, SIOCETHTOOL, &ifr);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* lo's feature bits: what may change, what was asked for, what is on. */
static int offload_read(struct netcfg_offload *o)
{
    /* The request and its blocks in one buffer (features[] is a flexible array member). */
    union {
        struct ethtool_gfeatures g;
        unsigned char bytes[sizeof(struct ethtool_gfeatures) +
                            NETCFG_FEATURE_WORDS * sizeof(struct ethtool_get_features_block)];
    } req;
    memset(&req, 0, sizeof req);
    req.g.cmd = ETHTOOL_GFEATURES;
    req.g.size = NETCFG_FEATURE_WORDS;
    if (ethtool_call(&req) < 0)
        return -1;
    memset(o, 0, sizeof *o);
    o->words = req.g.size < NETCFG_FEATURE_WORDS ? req.g.size : NETCFG_FEATURE_WORDS;
    for (uint32_t i = 0; i < o->words; i++) {
        o->available[i] = req.g.features[i].available;
        o->requested[i] = req.g.features[i].requested;
        o->active[i] = req.g.features[i].active;
    }
    return 0;
}

/* Asks for `want`'s requested bits wherever they differ from now's (changeable bits only). */
static int offload_request(const struct netcfg_offload *want, const struct netcfg_offload *now)
{
    union {
        struct ethtool_sfeatures s;
        unsigned char bytes[sizeof(struct ethtool_sfeatures) +
                            NETCFG_FEATURE_WORDS * sizeof(struct ethtool_set_features_block)];
    } req;
    memset(&req, 0, sizeof req);
    req.s.cmd = ETHTOOL_SFEATURES;
    req.s.size = want->words; /* the kernel takes exactly the size it gave */
    bool any = false;
    for (uint32_t i = 0; i < want->words; i++) {
        struct ethtool_set_features_block *b = &req.s.features[i];
        b->valid = (want->requested[i] ^ now->requested[i]) & want->available[i];
        b->requested = want->requested[i];
        any |= b->valid != 0;
    }
    return any ? ethtool_call(&req) : 0;
}

/* Puts lo's offload back as `found` holds it; 0 when every feature is as it was. */
static int offload_put_back(const struct netcfg_offload *found)
{
    struct netcfg_offload now;
    if (offload_read(&now) < 0 || offload_request(found, &now) < 0 || offload_read(&now) < 0)
        return -1;
    return memcmp(now.requested, found->requested, sizeof now.requested) ||
                   memcmp(now.active, found->active, sizeof now.active)
               ? -1
               : 0;
}

/* ---- nft, run with an argv (no shell) ---- */

const char *netcfg_nft_path(void)
{
    static const char *const where[] = {"/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft",
                                        "/usr/local/sbin/nft"};
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
        if (access(where[i], X_OK) == 0)
            return where[i];
    return NULL;
}

/* Runs nft with one command line; its output (stdout and stderr, cut to outn) in out when
 * given. Returns nft's exit status, or -1 when it could not run. Signals stay blocked in the
 * child as they are here: a Ctrl-C to the terminal does not stop nft half-way. */
static int nft_run(const char *command, char *out, size_t outn)
{
    const char *nft = netcfg_nft_path();
    if (!nft)
        return -1;
    /* The child's argv and environment, writable as execve wants them, made before the fork. */
    char arg0[] = "nft", path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin", line[1024];
    snprintf(line, sizeof line, "%s", command);
    char *const argv[] = {arg0, line, NULL};
    char *const envp[] = {path, NULL};
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) { /* only async-signal-safe calls until exec: the parent has threads */
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, 0);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        execve(nft, argv, envp);
        _exit(127);
    }
    close(fds[1]);
    size_t k = 0;
    char sink[256];
    for (;;) {
        char *at = out && k + 1 < outn ? out + k : sink;
        size_t room = out && k + 1 < outn ? outn - 1 - k : sizeof sink;
        ssize_t r = read(fds[0], at, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (at != sink)
            k += (size_t)r;
    }
    if (out && outn)
        out[k] = '\0';
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int table_delete(const char *table)
{
    char cmd[96];
    snprintf(cmd, sizeof cmd, "delete table inet %s", table);
    return nft_run(cmd, NULL, 0) == 0 ? 0 : -1;
}

/* Is the table there? Read from the list of every table, one "table FAMILY NAME" a line, so
 * that an nft that fails (status 1 for any error) is "cannot say" (-1), never "absent". */
static int table_exists(const char *table)
{
    static char out[16384]; /* only the guardian or, under nc->mu, the demo calls it */
    if (nft_run("list tables", out, sizeof out) != 0)
        return -1;
    char line[96];
    snprintf(line, sizeof line, "table inet %s", table);
    size_t len = strlen(line);
    for (const char *p = out; (p = strstr(p, line)); p += len)
        if ((p == out || p[-1] == '\n') && (p[len] == '\n' || p[len] == '\0'))
            return 1;
    return 0;
}

/* ---- putting back ---- */

/* What `nc` says was changed, put back. Returns 0 when the machine is as found. */
static int put_back(const struct netcfg *nc, char *err, size_t n)
{
    int rc = 0;
    if (nc->table_added) {
        /* Deleted, then confirmed gone: a delete that failed leaves it, or nft cannot say. */
        if (table_exists(nc->table) != 0)
            table_delete(nc->table);
        if (table_exists(nc->table) != 0) {
            snprintf(err, n, "the nftables table inet %s is still there (nft delete table inet %s)",
                     nc->table, nc->table);
            rc = -1;
        }
    }
    if (nc->offload_off && offload_put_back(&nc->found) < 0) {
        snprintf(err, n, "loopback's offload is not as found (compare ethtool -k lo, "
                 "ethtool -K lo tso on gso on gro on)");
        rc = -1;
    }
    return rc;
}

/* Under the lock: puts back once; on success tells the guardian it has nothing to do. */
static int restore_locked(struct netcfg *nc, char *err, size_t n)
{
    if (nc->restored)
        return 0;
    if (put_back(nc, err, n) < 0)
        return -1; /* the guardian, told nothing, tries again when the demo ends */
    nc->restored = true;
    if (nc->guardian >= 0) {
        ssize_t w;
        do
            w = write(nc->guardian, "d", 1);
        while (w < 0 && errno == EINTR);
        close(nc->guardian);
        nc->guardian = -1;
    }
    return 0;
}

/* Tells the guardian what is about to change, before it does: a demo killed half-way through
 * a change is still put back. */
static void tell_guardian(const struct netcfg *nc, char what)
{
    if (nc->guardian >= 0 && write(nc->guardian, &what, 1) < 0) {
        /* the guardian is gone: nothing more can be done than the demo's own restoring */
    }
}

/* ---- the guardian ---- */

static void guard(struct netcfg *nc, int r)
{
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        signal(caught[i], SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3 && null >= 0; fd++)
        dup2(null, fd);
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        if (fd != r && fd != nc->lock) /* the lock is held until the guardian is done */
            close(fd);
    nc->offload_off = nc->table_added = false;
    bool done = false;
    char c;
    for (;;) {
        ssize_t k = read(r, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        nc->offload_off |= c == 'o';
        nc->table_added |= c == 't';
        done |= c == 'd';
    }
    int status = 0;
    char err[256];
    if (!done && put_back(nc, err, sizeof err) < 0) {
        /* Nobody reads the guardian's stderr: the kernel's log and syslog say it. */
        char line[320];
        int k = snprintf(line, sizeof line, "<3>stackscope demo guardian: loopback NOT put back: "
                         "%s\n", err);
        int kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
        if (kmsg >= 0 && k > 0 && write(kmsg, line, (size_t)k) < 0) {
            /* syslog below still says it */
        }
        if (kmsg >= 0)
            close(kmsg);
        syslog(LOG_USER | LOG_ERR, "stackscope demo guardian: loopback NOT put back: %s", err);
        status = 1;
    }
    _exit(status);
}

/* Forks the guardian, detached twice over (its own session, reparented to init). */
static int start_guardian(struct netcfg *nc, char *err, size_t n)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        snprintf(err, n, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, n, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[1]);
        setsid();
        if (fork() == 0)
            guard(nc, fds[0]);
        _exit(0);
    }
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    nc->guardian = fds[1];
    return 0;
}

/* ---- signals ---- */

/* Takes the caught signals (blocked in every thread): puts the machine back,
 * then ends the process by the same signal. */
static __attribute__((noinline)) void restore_and_end(struct netcfg *nc, int sig);

/* Nothing of its own on the stack while it waits: the thread is cancelled there (netcfg_restore),
 * and a frame unwound by cancellation leaves AddressSanitizer's poisoned marks behind. */
static void *signal_main(void *arg)
{
    struct netcfg *nc = arg;
    while (sigwait(&nc->caught, &nc->sig) != 0)
        ;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    restore_and_end(nc, nc->sig);
    return NULL;
}

static void restore_and_end(struct netcfg *nc, int sig)
{
    char err[256];
    pthread_mutex_lock(&nc->mu);
    int rc = restore_locked(nc, err, sizeof err);
    pthread_mutex_unlock(&nc->mu);
    /* In the demo's language, within 80 columns (a thread, not a handler: stdio is allowed). */
    char said[512], line[640];
    if (rc == 0)
        snprintf(said, sizeof said, "%s", nc->text->msg[MSG_NOTICE_INTERRUPTED]);
    else
        snprintf(said, sizeof said, nc->text->msg[MSG_NOTICE_NOT_PUT_BACK], err);
    snprintf(line, sizeof line, nc->text->msg[MSG_NOTICE_LINE], said);
    static char storage[1024];
    struct outbuf ob;
    outbuf_init_fd(&ob, STDERR_FILENO, storage, sizeof storage);
    ob_putc(&ob, '\n');
    print_wrap(&ob, line, strlen(line), 0, 0);
    ob_putc(&ob, '\n');
    outbuf_flush(&ob);
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* Takes NETCFG_LOCK: a file only root can create or open (in /run, 0600), locked with
 * flock (held by the demo and, through the same open file, its guardian); the lock goes with
 * the last descriptor. EWOULDBLOCK while another demo holds it. */
static int take_lock(struct netcfg *nc)
{
    nc->lock = open(NETCFG_LOCK, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (nc->lock < 0)
        return -1;
    struct stat st;
    if (fstat(nc->lock, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
        (st.st_mode & 077)) {
        close(nc->lock); /* someone else's file: not a lock root can trust */
        nc->lock = -1;
        errno = EPERM;
        return -1;
    }
    if (flock(nc->lock, LOCK_EX | LOCK_NB) < 0) {
        int e = errno;
        close(nc->lock);
        nc->lock = -1;
        errno = e;
        return -1;
    }
    return 0;
}

enum netcfg_status netcfg_begin(struct netcfg *nc, const struct lesson_text *text, bool needs_nft,
                                char *err, size_t n)
{
    memset(nc, 0, sizeof *nc);
    nc->text = text;
    nc->guardian = nc->lock = -1;
    pthread_mutex_init(&nc->mu, NULL);
    snprintf(nc->table, sizeof nc->table, "stackscope_demo_%ld", (long)getpid());
    if (geteuid() != 0) {
        snprintf(err, n, "root");
        return NETCFG_NO_RIGHTS;
    }
    /* What is missing is said before anything is tried (offload may be refused too). */
    if (needs_nft && !netcfg_nft_path())
        return NETCFG_NO_NFT;
    if (take_lock(nc) < 0) {
        if (errno == EWOULDBLOCK)
            return NETCFG_BUSY;
        snprintf(err, n, "%s: %s", NETCFG_LOCK, strerrorname_np(errno));
        return NETCFG_FAILED;
    }
    if (offload_read(&nc->found) < 0) {
        snprintf(err, n, "ethtool -k lo: %s", strerrorname_np(errno));
        return errno == EPERM ? NETCFG_NO_RIGHTS : NETCFG_FAILED;
    }
    caught_set(nc);
    pthread_sigmask(SIG_BLOCK, &nc->caught, NULL); /* before any thread: all inherit it */
    nc->blocked = true;
    if (start_guardian(nc, err, n) < 0)
        return NETCFG_FAILED;
    int rc = pthread_create(&nc->signal_thread, NULL, signal_main, nc);
    if (rc != 0) {
        snprintf(err, n, "cannot start the signal thread: %s", strerror(rc));
        return NETCFG_FAILED;
    }
    nc->signals = true;
    return NETCFG_OK;
}

enum netcfg_status netcfg_offload_off(struct netcfg *nc, char *err, size_t n)
{
    static const uint32_t off[] = {ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO};
    static const uint32_t get[] = {ETHTOOL_GTSO, ETHTOOL_GGSO, ETHTOOL_GGRO};
    static const char *const name[] = {"tso", "gso", "gro"};
    /* Under the lock: a signal's restoring waits for the change to be whole, and none starts
     * once it has put things back. */
    pthread_mutex_lock(&nc->mu);
    enum netcfg_status st = NETCFG_OK;
    if (nc->restored) {
        snprintf(err, n, "interrupted");
        st = NETCFG_FAILED;
    } else {
        nc->offload_off = true;
        tell_guardian(nc, 'o');
    }
    for (size_t i = 0; st == NETCFG_OK && i < sizeof off / sizeof off[0]; i++) {
        struct ethtool_value v = {.cmd = get[i]};
        if (ethtool_call(&v) < 0 || v.data == 0)
            continue; /* already off (or not there): nothing to change */
        v = (struct ethtool_value){.cmd = off[i], .data = 0};
        if (ethtool_call(&v) < 0) {
            int e = errno;
            snprintf(err, n, "ethtool -K lo %s off: %s", name[i], strerrorname_np(e));
            st = e == EPERM ? NETCFG_NO_RIGHTS : NETCFG_FAILED;
        }
    }
    pthread_mutex_unlock(&nc->mu);
    return st;
}

enum netcfg_status netcfg_drop_once(struct netcfg *nc, uint16_t port, unsigned nth, char *err,
                                    size_t n)
{
    if (!netcfg_nft_path())
        return NETCFG_NO_NFT;
    /* One transaction: all or nothing. `ip length > 80` matches the datagrams longer than the
     * longest IPv4 and TCP headers (20 + 60 bytes: loopback's packets have no IP options), so
     * never a bare ACK, whatever its options; with loopback's 32-byte TCP header (timestamps)
     * that is every segment of 29 bytes of data or more: a shorter one is not counted, but the
     * scenario's segments are 988 bytes. numgen inc counts the segments that reach the rule,
     * from 0, so exactly the nth is dropped and its retransmission (counted nth + 1) passes. */
    char cmd[512], out[512];
    snprintf(cmd, sizeof cmd,
             "add table inet %s ; add chain inet %s input { type filter hook input priority 0 ; "
             "policy accept ; } ; add rule inet %s input iifname lo tcp dport %u ip length > 80 "
             "numgen inc mod 1000000 == %u counter drop",
             nc->table, nc->table, nc->table, port, nth);
    pthread_mutex_lock(&nc->mu); /* as in netcfg_offload_off */
    int rc = -2;
    if (!nc->restored) {
        nc->table_added = true;
        tell_guardian(nc, 't');
        rc = nft_run(cmd, out, sizeof out);
    }
    pthread_mutex_unlock(&nc->mu);
    if (rc == -2) {
        snprintf(err, n, "interrupted");
        return NETCFG_FAILED;
    }
    if (rc != 0) { /* whatever nft's reason (root was checked first): its own words */
        out[strcspn(out, "\n")] = '\0';
        snprintf(err, n, "nft: %.300s", rc < 0 ? "-" : out);
        return NETCFG_FAILED;
    }
    return NETCFG_OK;
}

int netcfg_restore(struct netcfg *nc, char *err, size_t n)
{
    pthread_mutex_lock(&nc->mu);
    int rc = restore_locked(nc, err, n);
    pthread_mutex_unlock(&nc->mu);
    if (nc->signals) {
        pthread_cancel(nc->signal_thread);
        pthread_join(nc->signal_thread, NULL);
        nc->signals = false;
    }
    if (nc->lock >= 0) { /* the guardian keeps its own hold while it runs */
        close(nc->lock);
        nc->lock = -1;
    }
    if (nc->blocked) { /* a signal that came meanwhile is delivered now, its default action */
        nc->blocked = false;
        pthread_sigmask(SIG_UNBLOCK, &nc->caught, NULL);
    }
    return rc;
}
