/* privileges.c - give up root once the capture device (and any -w file) is open: a parser of
 * strangers' bytes should not run as root. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "stackscope/capture.h"

int capture_drop_privileges(const char *user, char *err)
{
    if (geteuid() != 0 || strcmp(user, "root") == 0)
        return 0;
    errno = 0;
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': %s", user,
                 errno ? strerror(errno) : "no such user (choose one with -Z)");
        return -1;
    }
    gid_t gid = pw->pw_gid;
    uid_t uid = pw->pw_uid;
    if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': %s", user,
                 strerror(errno));
        return -1;
    }
    /* Verify: with the real, effective and saved ids all changed, root cannot come back. */
    if (uid != 0 && (setuid(0) == 0 || geteuid() == 0 || getuid() == 0)) {
        snprintf(err, CAPTURE_ERRBUF_SIZE, "cannot drop privileges to '%s': still root", user);
        return -1;
    }
    return 0;
}
