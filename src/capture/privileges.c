/* privileges.c - give up root, or the capabilities a binary was given with setcap, once the
 * capture device and every file are open: a parser of strangers' bytes should hold no privilege. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stackscope/capture.h"

/* In a user namespace other than the first (unshare -U, rootless containers, bwrap): its
 * uid_map is not the identity over every id. */
static bool in_user_namespace(void)
{
    FILE *f = fopen("/proc/self/uid_map", "re");
    if (!f)
        return false;
    unsigned long inside = 0, outside = 0, count = 0;
    int n = fscanf(f, "%lu %lu %lu", &inside, &outside, &count);
    fclose(f);
    return n == 3 && !(inside == 0 && outside == 0 && count == 4294967295UL);
}

/* setgroups, setgid, setuid to pw, then checks that root cannot come back. Returns 0, -1 with
 * err set, or 1 when a user namespace cannot switch (user or group not mapped into it, or
 * setgroups denied): the caller then gives up the capabilities, which leaves no privilege. */
static int switch_user(const struct passwd *pw, const char *user, char *err)
{
    char sn[CAPTURE_SHORT_SIZE];
    gid_t gid = pw->pw_gid;
    uid_t uid = pw->pw_uid;
    if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
        if ((errno == EINVAL || errno == EPERM) && in_user_namespace())
            return 1;
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': %s",
                 capture_short(user, sn), strerror(errno));
        return -1;
    }
    /* Verify: with the real, effective and saved ids all changed, root cannot come back. */
    if (setuid(0) == 0 || geteuid() == 0 || getuid() == 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': still root",
                 capture_short(user, sn));
        return -1;
    }
    return 0;
}

/* Empties the effective, permitted, inheritable and ambient sets (capset(2) directly: no
 * library needed for "none"), then reads them back. Giving up is always allowed. */
static int drop_capabilities(char *err)
{
    struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
    memset(d, 0, sizeof d);
    /* EINVAL: a kernel older than ambient capabilities (4.3), which then has none to clear. */
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) < 0 && errno != EINVAL) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot give up capabilities: %s", strerror(errno));
        return -1;
    }
    if (syscall(SYS_capset, &h, d) < 0 || syscall(SYS_capget, &h, d) < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot give up capabilities: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
        if (d[i].effective || d[i].permitted || d[i].inheritable) {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot give up capabilities: still held");
            return -1;
        }
    return 0;
}

int capture_drop_privileges(const char *user, char *err)
{
    if (geteuid() == 0) {
        char sn[CAPTURE_SHORT_SIZE];
        errno = 0;
        struct passwd *pw = getpwnam(user);
        if (!pw) {
            snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': %s",
                     capture_short(user, sn),
                     errno ? strerror(errno) : "no such user (choose one with -Z)");
            return -1;
        }
        if (pw->pw_uid == 0)
            return 0; /* -Z root (or toor, any uid 0) as root: keep what root has */
        if (switch_user(pw, user, err) < 0)
            return -1;
    }
    /* setuid() away from root has emptied the capability sets already; a binary given
     * capabilities with setcap and run by another user (whatever -Z says), or root in a user
     * namespace that could not switch, still holds them until now. */
    if (drop_capabilities(err) < 0)
        return -1;
    /* Nor may anything it would run gain them back (a set-user-ID or setcap'd program). */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot give up privileges: %s", strerror(errno));
        return -1;
    }
    return 0;
}
