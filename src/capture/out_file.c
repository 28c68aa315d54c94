/* out_file.c - see out_file.h: the page's file, chosen before the privileges drop. */
#define _GNU_SOURCE /* O_PATH */
#include "stackscope/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(struct out_file *f, int e, char *err, size_t err_len)
{
    out_file_error(f, e, err, err_len);
    if (f->fd >= 0)
        close(f->fd);
    if (f->dir >= 0)
        close(f->dir);
    f->fd = f->dir = -1;
    return -1;
}

/* Standard output, or path opened as -w opens its file (a link followed, a FIFO waited for). */
static int open_in_place(struct out_file *f, char *err, size_t err_len)
{
    f->in_place = true;
    if (f->to_stdout)
        f->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    else
        f->fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC, 0666);
    return f->fd < 0 ? fail(f, errno, err, err_len) : 0;
}

/* Opens path's folder (O_PATH: the later rename happens in this folder, whatever becomes of
 * its name) and keeps the page's name in it. */
static int open_folder(struct out_file *f, char *err, size_t err_len)
{
    const char *slash = strrchr(f->path, '/');
    const char *base = slash ? slash + 1 : f->path;
    char folder[PATH_MAX];
    size_t n = slash ? (slash == f->path ? 1 : (size_t)(slash - f->path)) : 1;
    if (strlen(base) >= sizeof f->name || n >= sizeof folder)
        return fail(f, ENAMETOOLONG, err, err_len);
    memcpy(folder, slash ? f->path : ".", n);
    folder[n] = '\0';
    strcpy(f->name, base);
    f->dir = open(folder, O_PATH | O_DIRECTORY | O_CLOEXEC);
    return f->dir < 0 ? fail(f, errno, err, err_len) : 0;
}

/* Creates "NAME.XXXXXX" in the folder, exclusively, mode 0666: the kernel takes the umask off
 * (and a default ACL applies as to any new file), so the process never changes its umask. */
static int create_temp(struct out_file *f, char *err, size_t err_len)
{
    static const char letters[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
            return fail(f, errno, err, err_len);
        char suffix[7];
        for (size_t i = 0; i < sizeof r; i++)
            suffix[i] = letters[r[i] % (sizeof letters - 1)];
        suffix[6] = '\0';
        snprintf(f->tmp, sizeof f->tmp, "%.*s.%s", (int)sizeof f->tmp - 8, f->name, suffix);
        f->fd = openat(f->dir, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                       0666);
        if (f->fd >= 0)
            break;
        if (errno != EEXIST)
            return fail(f, errno, err, err_len);
    }
    if (f->fd < 0)
        return fail(f, EEXIST, err, err_len);
    struct stat st;
    if (fstat(f->fd, &st) != 0) {
        int e = errno;
        unlinkat(f->dir, f->tmp, 0);
        return fail(f, e, err, err_len);
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    return 0;
}

int out_file_open(struct out_file *f, const char *path, int flags, char *err, size_t err_len)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    f->fd = f->dir = -1;
    char sn[CAPTURE_SHORT_SIZE];
    snprintf(f->shown, sizeof f->shown, "%s", capture_short(path, sn));
    if (!*path)
        return fail(f, ENOENT, err, err_len);
    f->to_stdout = (flags & OUT_FILE_DASH_IS_STDOUT) && strcmp(path, "-") == 0;
    if (f->to_stdout)
        return open_in_place(f, err, err_len);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return fail(f, EISDIR, err, err_len);
        if (!S_ISREG(st.st_mode)) /* a link, a device, a FIFO, a socket */
            return open_in_place(f, err, err_len);
    } else if (errno != ENOENT) {
        return fail(f, errno, err, err_len); /* "d/" with d a file: Not a directory */
    } else if (path[strlen(path) - 1] == '/') {
        return fail(f, EISDIR, err, err_len); /* what open(2) says of a new "d/" */
    }
    if (open_folder(f, err, err_len) < 0)
        return -1;
    return create_temp(f, err, err_len);
}

int out_file_close(struct out_file *f)
{
    int e = 0;
    if (f->fd >= 0 && close(f->fd) != 0)
        e = errno;
    f->fd = -1;
    return e;
}

int out_file_settle(struct out_file *f, bool keep)
{
    if (f->dir < 0)
        return 0;
    struct stat st;
    int rc = 0;
    if (fstatat(f->dir, f->tmp, &st, AT_SYMLINK_NOFOLLOW) != 0)
        rc = errno;
    else if (st.st_dev != f->dev || st.st_ino != f->ino)
        rc = OUT_FILE_REPLACED; /* not ours any more: neither moved nor removed */
    else if (!keep || renameat(f->dir, f->tmp, f->dir, f->name) != 0) {
        rc = keep ? errno : 0;
        unlinkat(f->dir, f->tmp, 0); /* ours, and not moved into place */
    }
    close(f->dir);
    f->dir = -1;
    return keep ? rc : 0;
}

void out_file_error(const struct out_file *f, int code, char *err, size_t err_len)
{
    char sn[CAPTURE_SHORT_SIZE];
    if (code == OUT_FILE_REPLACED)
        snprintf(err, err_len, "cannot write '%s': its temporary file %s was replaced meanwhile",
                 f->shown, capture_short(f->tmp, sn));
    else
        snprintf(err, err_len, "cannot write '%s': %s", f->shown, strerror(code));
}

int out_file_commit(struct out_file *f, bool ok, char *err, size_t err_len)
{
    int e = out_file_close(f);
    int rc = out_file_settle(f, ok && !e);
    if (ok && (e || rc)) {
        out_file_error(f, e ? e : rc, err, err_len);
        return -1;
    }
    return 0;
}
