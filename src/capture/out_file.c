/* out_file.c - see out_file.h: the page's file, chosen before the privileges drop; and -w's
 * files when they rotate (-C, -G, -W) or are written packet by packet (-U). */
#define _GNU_SOURCE /* O_PATH */
#include "stackscope/out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
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

/* ---- -w rotation (-C, -G, -W) and -U: see out_file.h ---- */

enum { PCAP_FILE_HEADER = 24, PCAP_RECORD_HEADER = 16, ROTATE_BUFFER = 1 << 16 };

struct out_rotate {
    struct out_rotate_opts o;
    const char *pattern;
    unsigned width;            /* digits of the count: those of -W's N-1 with -C, else none */
    unsigned count;            /* the count in the name (-C's, or a repeated -G name's) */
    unsigned opened;           /* files created */
    int64_t period_start;      /* when the -G period (and its first file) began */
    int fd;                    /* the current file; -1 after a failure closed it */
    bool to_stdout;
    bool failed;               /* an error was returned: nothing more is written */
    uint64_t size;             /* bytes of whole records written to the current file */
    uint64_t packets;          /* in the current file */
    size_t used;               /* bytes waiting in buf */
    uint8_t header[PCAP_FILE_HEADER]; /* libpcap's own file header for this link type */
    char stamp[PATH_MAX];      /* the name after strftime (the pattern without -G) */
    char current[PATH_MAX];
    char message[CAPTURE_ERRBUF_SIZE];
    uint8_t buf[ROTATE_BUFFER];
};

static unsigned count_width(const struct out_rotate_opts *o)
{
    unsigned w = 0;
    if (!o->max_bytes || !o->files)
        return 0; /* tcpdump pads only -C's count, to the width of -W's N-1 */
    for (unsigned x = o->files - 1; x > 0; x /= 10)
        w++;
    return w;
}

/* pattern through strftime at t (local time, as tcpdump) when -G is given, else as is. */
static int rotate_stamp(const char *pattern, const struct out_rotate_opts *o, int64_t t,
                        char *buf, size_t len)
{
    if (!o->seconds) {
        int n = snprintf(buf, len, "%s", pattern);
        return n < 0 || (size_t)n >= len ? -1 : 0;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return -1;
    return strftime(buf, len, pattern, &tm) == 0 ? -1 : 0; /* 0: too long, or nothing */
}

static int rotate_suffix(const char *stamp, unsigned width, unsigned count, char *buf, size_t len)
{
    int n = count == 0 && width == 0 ? snprintf(buf, len, "%s", stamp)
                                     : snprintf(buf, len, "%s%0*u", stamp, (int)width, count);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int out_rotate_name(const char *pattern, const struct out_rotate_opts *o, int64_t t,
                    unsigned count, char *buf, size_t len)
{
    char stamp[PATH_MAX];
    if (rotate_stamp(pattern, o, t, stamp, sizeof stamp) < 0)
        return -1;
    return rotate_suffix(stamp, count_width(o), count, buf, len);
}

static int64_t rotate_now(const struct out_rotate *w)
{
    return w->o.now ? w->o.now(w->o.now_ctx) : (int64_t)time(NULL);
}

/* libpcap's file header for this link type and snapshot length (the link type as files name
 * it, which libpcap maps from the capture's), taken once from a dumper writing to memory. */
static int make_header(struct out_rotate *w)
{
    pcap_t *dead = pcap_open_dead_with_tstamp_precision(
        w->o.linktype ? (int)w->o.linktype : DLT_EN10MB, w->o.snaplen > 0 ? w->o.snaplen : 262144,
        w->o.nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *f = dead ? open_memstream(&mem, &mem_len) : NULL;
    pcap_dumper_t *d = f ? pcap_dump_fopen(dead, f) : NULL;
    int rc = -1;
    if (d) {
        pcap_dump_flush(d);
        pcap_dump_close(d); /* closes f: mem then holds the bytes */
        f = NULL;
        if (mem_len == PCAP_FILE_HEADER) {
            memcpy(w->header, mem, PCAP_FILE_HEADER);
            rc = 0;
        }
    }
    if (f)
        fclose(f);
    free(mem);
    if (dead)
        pcap_close(dead);
    return rc;
}

/* The folder part of name, for the hints ("." for a bare name). */
static void folder_of(const char *name, char *buf, size_t len)
{
    const char *slash = strrchr(name, '/');
    if (!slash)
        snprintf(buf, len, ".");
    else if (slash == name)
        snprintf(buf, len, "/");
    else
        snprintf(buf, len, "%.*s", (int)(slash - name), name);
}

/* What to do about error e on file name, in a few words ("" when there is nothing to say). */
static void rotate_fix(const struct out_rotate *w, int e, char *buf, size_t len)
{
    char folder[PATH_MAX], sn[CAPTURE_SHORT_SIZE];
    folder_of(w->current, folder, sizeof folder);
    const char *dir = capture_short(folder, sn);
    if ((e == EACCES || e == EPERM) && geteuid() != 0 && w->o.user)
        snprintf(buf, len, " (stackscope creates these files as -Z's user '%s': let it write in "
                 "'%s', or give -Z root)", w->o.user, dir);
    else if (e == EACCES || e == EPERM)
        snprintf(buf, len, " (let this user write in '%s', or choose another folder)", dir);
    else if (e == ENOSPC || e == EDQUOT)
        snprintf(buf, len, " (free some space in '%s', or keep fewer files with -W)", dir);
    else if (e == ENOENT)
        snprintf(buf, len, " (create the folder '%s' first)", dir);
    else if (e == EISDIR)
        snprintf(buf, len, " (a folder has that name: move it away or choose another -w name)");
    else if (e == EROFS)
        snprintf(buf, len, " (a read-only file system: choose another folder)");
    else
        buf[0] = '\0';
}

/* Ends the writing after error e: the message, the current file closed as it is (whole
 * records only, see rotate_flush). A reader of "-" that went away ends the run quietly. */
static int rotate_fail(struct out_rotate *w, int e)
{
    char sn[CAPTURE_SHORT_SIZE], fix[PATH_MAX + 200];
    w->failed = true;
    if (w->fd >= 0 && !w->to_stdout)
        close(w->fd);
    w->fd = -1;
    if (w->to_stdout && e == EPIPE) {
        w->message[0] = '\0';
        return OUT_ROTATE_STOP;
    }
    rotate_fix(w, e, fix, sizeof fix);
    snprintf(w->message, sizeof w->message, "cannot write '%s': %s%s",
             capture_short(w->to_stdout ? "-" : w->current, sn), strerror(e), fix);
    return OUT_ROTATE_ERROR;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue; /* SIGINT while writing to a pipe: finish the record, the loop stops later */
        if (k <= 0)
            return k < 0 ? errno : EIO;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* After a failed write, cuts the file back to its last whole record (size bytes), so that it
 * stays a valid pcap file. Best effort: the write's error is the one reported; the result is
 * looked at only because glibc's fortified ftruncate must not be ignored. */
static void cut_back(const struct out_rotate *w, uint64_t size)
{
    if (!w->to_stdout && ftruncate(w->fd, (off_t)size) != 0)
        return;
}

/* Writes out what waits in buf (always whole records). On failure the file is cut back to its
 * last whole record, so that it stays a valid pcap file. */
static int rotate_flush(struct out_rotate *w)
{
    if (w->used == 0)
        return OUT_ROTATE_OK;
    int e = write_all(w->fd, w->buf, w->used);
    if (e) {
        cut_back(w, w->size - w->used);
        return rotate_fail(w, e);
    }
    w->used = 0;
    return OUT_ROTATE_OK;
}

static void rotate_append(struct out_rotate *w, const void *p, size_t n)
{
    memcpy(w->buf + w->used, p, n);
    w->used += n;
    w->size += n;
}

/* Creates w->current (or takes standard output) and writes the file header at once, so that a
 * folder or a disk that refuses shows now, not after the first packets; a file that could not
 * take its header is removed. */
static int rotate_create(struct out_rotate *w)
{
    w->fd = w->to_stdout ? STDOUT_FILENO
                         : open(w->current, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | O_CLOEXEC,
                                0666);
    if (w->fd < 0)
        return rotate_fail(w, errno);
    w->opened++;
    w->size = w->packets = w->used = 0;
    int e = write_all(w->fd, w->header, sizeof w->header);
    struct stat st;
    if (e && !w->to_stdout && fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode))
        unlink(w->current); /* not even a header: no empty file left among the valid ones */
    if (e)
        return rotate_fail(w, e);
    w->size = sizeof w->header;
    return OUT_ROTATE_OK;
}

/* Flushes and closes the current file: 0, or rotate_fail's code. */
static int rotate_finish(struct out_rotate *w)
{
    int rc = rotate_flush(w);
    if (rc != OUT_ROTATE_OK)
        return rc;
    int fd = w->fd;
    w->fd = -1;
    if (!w->to_stdout && close(fd) != 0)
        return rotate_fail(w, errno);
    return OUT_ROTATE_OK;
}

static unsigned next_count(const struct out_rotate *w)
{
    unsigned c = w->count + 1;
    return w->o.files && c >= w->o.files ? 0 : c; /* -W: a ring */
}

/* Closes the current file and starts the next: by time (-G) or by size (-C). */
static int rotate_next(struct out_rotate *w, bool by_time, int64_t now)
{
    if (by_time && !w->o.max_bytes && w->o.files && w->opened >= w->o.files) {
        snprintf(w->message, sizeof w->message, "Maximum file limit reached: %u", w->o.files);
        return OUT_ROTATE_STOP; /* tcpdump's words and end; the current file stays whole */
    }
    int rc = rotate_finish(w);
    if (rc != OUT_ROTATE_OK)
        return rc;
    if (by_time) {
        char stamp[PATH_MAX];
        if (rotate_stamp(w->pattern, &w->o, now, stamp, sizeof stamp) < 0)
            return rotate_fail(w, ENAMETOOLONG);
        /* the same name again (no time in it, or a coarser one than -G): numbered, not
         * truncated as tcpdump does */
        w->count = strcmp(stamp, w->stamp) == 0 ? next_count(w) : 0;
        memcpy(w->stamp, stamp, sizeof stamp);
        w->period_start = now;
    } else {
        w->count = next_count(w);
    }
    if (rotate_suffix(w->stamp, w->width, w->count, w->current, sizeof w->current) < 0)
        return rotate_fail(w, ENAMETOOLONG);
    return rotate_create(w);
}

int out_rotate_write(struct out_rotate *w, const struct capture_packet *p)
{
    if (w->failed)
        return w->message[0] ? OUT_ROTATE_ERROR : OUT_ROTATE_STOP;
    uint64_t rec = (uint64_t)PCAP_RECORD_HEADER + p->caplen;
    int rc = OUT_ROTATE_OK;
    if (w->o.seconds) {
        int64_t now = rotate_now(w);
        if (now - w->period_start >= (int64_t)w->o.seconds)
            rc = rotate_next(w, true, now);
    }
    /* A packet that would take the file past -C begins the next one (a file with no packet
     * yet takes it whatever its size: -C is at least 1 MB, a packet at most 256 KiB). */
    if (rc == OUT_ROTATE_OK && w->o.max_bytes && w->packets && w->size + rec > w->o.max_bytes)
        rc = rotate_next(w, false, 0);
    if (rc != OUT_ROTATE_OK)
        return rc;
    if (w->used + rec > sizeof w->buf && (rc = rotate_flush(w)) != OUT_ROTATE_OK)
        return rc;
    uint32_t frac = w->o.nano ? p->ts_usec * 1000u + p->ts_nsec_extra : p->ts_usec;
    uint32_t hdr[4] = {(uint32_t)p->ts_sec, frac, p->caplen, p->len}; /* host order, as the
                                                                         file header */
    if (rec > sizeof w->buf) { /* a record larger than the buffer goes straight to the file */
        int e = write_all(w->fd, (const uint8_t *)hdr, sizeof hdr);
        if (!e)
            e = write_all(w->fd, p->data, p->caplen);
        if (e) {
            cut_back(w, w->size);
            return rotate_fail(w, e);
        }
        w->size += rec;
    } else {
        rotate_append(w, hdr, sizeof hdr);
        rotate_append(w, p->data, p->caplen);
    }
    w->packets++;
    return w->o.packet_buffered ? rotate_flush(w) : OUT_ROTATE_OK;
}

int out_rotate_flush(struct out_rotate *w)
{
    if (w->failed)
        return w->message[0] ? OUT_ROTATE_ERROR : OUT_ROTATE_STOP;
    return rotate_flush(w);
}

int out_rotate_open(struct out_rotate **out, const char *pattern, const struct out_rotate_opts *o,
                    char *err, size_t err_len)
{
    char sn[CAPTURE_SHORT_SIZE];
    *out = NULL;
    bool to_stdout = strcmp(pattern, "-") == 0;
    if (to_stdout && (o->max_bytes || o->seconds)) {
        snprintf(err, err_len, "cannot rotate '-': -C and -G write files, give -w a file name");
        return -1;
    }
    struct out_rotate *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, err_len, "cannot write '%s': out of memory", capture_short(pattern, sn));
        return -1;
    }
    w->o = *o;
    w->pattern = pattern;
    w->width = count_width(o);
    w->fd = -1;
    w->to_stdout = to_stdout;
    w->period_start = o->seconds ? rotate_now(w) : 0;
    int rc = OUT_ROTATE_OK;
    if (make_header(w) < 0) {
        snprintf(w->message, sizeof w->message,
                 "cannot write '%s': libpcap cannot write link type %u", capture_short(pattern, sn),
                 o->linktype);
        rc = OUT_ROTATE_ERROR;
    } else if (rotate_stamp(pattern, o, w->period_start, w->stamp, sizeof w->stamp) < 0 ||
               rotate_suffix(w->stamp, w->width, 0, w->current, sizeof w->current) < 0) {
        snprintf(w->current, sizeof w->current, "%s", pattern);
        rc = rotate_fail(w, *pattern ? ENAMETOOLONG : ENOENT);
    } else {
        rc = rotate_create(w);
    }
    if (rc != OUT_ROTATE_OK) {
        snprintf(err, err_len, "%s", w->message);
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

const char *out_rotate_message(const struct out_rotate *w)
{
    return w->message;
}

const char *out_rotate_current(const struct out_rotate *w)
{
    return w->current;
}

unsigned out_rotate_files_opened(const struct out_rotate *w)
{
    return w->opened;
}

int out_rotate_close(struct out_rotate *w, char *err, size_t err_len)
{
    if (!w)
        return 0;
    int rc = 0;
    if (!w->failed && w->fd >= 0 && rotate_finish(w) == OUT_ROTATE_ERROR) {
        snprintf(err, err_len, "%s", w->message);
        rc = -1;
    }
    if (w->fd >= 0 && !w->to_stdout)
        close(w->fd);
    free(w);
    return rc;
}
