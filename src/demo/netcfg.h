/* netcfg.h - the demo's changes to the machine, for the scenarios where segments matter:
 * segmentation offload off on loopback (so the capture sees each segment as its own packet) and
 * an nftables table of the demo's own that drops one data segment once. Everything changed is
 * put back exactly as found on every way out:
 *   - the normal path calls netcfg_restore();
 *   - SIGINT, SIGTERM, SIGHUP and SIGQUIT (but one ignored at start: nohup's SIGHUP) are blocked in every thread and taken by a thread of
 *     netcfg's own (sigwait: no handler runs), which restores, then ends the process by the same
 *     signal (the exit status says which);
 *   - a guardian process, forked before anything changes and detached (own session, signals
 *     ignored, every descriptor closed but a pipe), restores when the demo dies without having
 *     said it did (SIGKILL, a crash): it reads the pipe's EOF; a failure goes to /dev/kmsg and
 *     syslog, and is its exit status.
 * Root only: without it nothing is changed. */
#ifndef STACKSCOPE_DEMO_NETCFG_H
#define STACKSCOPE_DEMO_NETCFG_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackscope/lesson.h"

#define NETCFG_LOCK "/run/stackscope-demo.lock"
#define NETCFG_FEATURE_WORDS 4 /* room for the kernel's feature bitmap (2 words today) */

/* Loopback's offload settings as found: the requested and active feature bits (ETHTOOL_GFEATURES,
 * no names needed to put them back) and the three flags turned off. */
struct netcfg_offload {
    uint32_t words; /* feature words the kernel gave */
    uint32_t available[NETCFG_FEATURE_WORDS], requested[NETCFG_FEATURE_WORDS],
        active[NETCFG_FEATURE_WORDS];
};

struct netcfg {
    struct netcfg_offload found;
    bool offload_off;  /* offload was (being) turned off */
    bool table_added;  /* the nftables table was (being) added */
    bool restored;
    char table[48];    /* "stackscope_demo_<pid>" in family inet */
    int guardian;      /* the pipe to the guardian, -1 without one */
    /* NETCFG_LOCK, open and flock'ed while loopback is changed, held by the demo and its
     * guardian: a second demo would take the first one's changes for the state to put back.
     * Root's own file: no other user can create or hold it. -1 without it. */
    int lock;
    const struct lesson_text *text; /* the language of "interrupted; loopback put back" */
    sigset_t caught;   /* the signals that end the demo through the restoring path */
    bool blocked;      /* netcfg_begin blocked them in its thread */
    bool signals;      /* the signal thread runs */
    int sig;           /* the signal it took */
    pthread_t signal_thread;
    pthread_mutex_t mu;
};

/* What the caller tells the user (each a notice of its own); err holds the technical detail
 * (the command refused, errno's name, nft's own words) for NO_RIGHTS and FAILED. */
enum netcfg_status {
    NETCFG_OK,
    NETCFG_NO_RIGHTS, /* not root, or the kernel said EPERM */
    NETCFG_NO_NFT,    /* nft is not installed */
    NETCFG_BUSY,      /* another demo is changing loopback now */
    NETCFG_FAILED,    /* anything else */
};

/* Before any change: takes the state as found, starts the guardian and the signal thread
 * (needs_nft: NETCFG_NO_NFT at once when nft is missing). Call it while the process has no
 * other thread (before the capture and the actors). */
enum netcfg_status netcfg_begin(struct netcfg *nc, const struct lesson_text *text, bool needs_nft,
                                char *err, size_t n);
/* TSO, GSO and GRO off on lo (the legacy SIOCETHTOOL calls ethtool -K makes). */
enum netcfg_status netcfg_offload_off(struct netcfg *nc, char *err, size_t n);
/* A table inet stackscope_demo_<pid> whose input hook drops, on lo, the data segment number
 * `nth` (0: the first) sent to port `port`, once: its retransmission passes. */
enum netcfg_status netcfg_drop_once(struct netcfg *nc, uint16_t port, unsigned nth, char *err,
                                    size_t n);
/* Puts everything back as found, tells the guardian, stops the signal thread and unblocks the
 * signals. Safe to call more than once, and after a failed netcfg_begin. Returns 0, or -1 when
 * something could not be put back (the reason in err). */
int netcfg_restore(struct netcfg *nc, char *err, size_t n);

/* The path of nft, or NULL when it is not installed. */
const char *netcfg_nft_path(void);

#endif
