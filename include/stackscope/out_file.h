/* out_file.h - the page's file (`--html FILE`, the demo's too): where and how it is written is
 * decided here, once, before the privileges drop.
 *
 * - An existing regular file, or a new name: the page is written into a temporary file created
 *   beside it (mode 0666 less the umask, as any new file), and renamed into place at the end, so
 *   that an interrupted run leaves the old file whole. The folder is opened at the start and the
 *   rename happens in it (renameat), only if the temporary file is still the one written.
 * - A symbolic link, a device, a FIFO or a socket, and "-" (standard output) when allowed: the
 *   page is written straight into it, as `-w` writes (the link followed), never replaced.
 * - A folder, a name ending in '/', an empty name, or any path that cannot be opened: an error
 *   at once, before anything is captured.
 * Errors are one line: "cannot write 'FILE': reason", FILE shortened as capture_short() does.
 */
#ifndef STACKSCOPE_OUT_FILE_H
#define STACKSCOPE_OUT_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stackscope/capture.h"

struct out_file {
    const char *path;              /* as given */
    char shown[201];               /* path as messages show it (capture_short) */
    int fd;                        /* the page is written here */
    bool in_place;                 /* written straight into path: nothing to rename */
    bool to_stdout;                /* "-": standard output */
    int dir;                       /* O_PATH of path's folder, -1 when in place */
    dev_t dev;                     /* of the temporary file, as created */
    ino_t ino;
    char tmp[NAME_MAX + 1];  /* the temporary file's name in dir */
    char name[NAME_MAX + 1]; /* the page's name in dir */
};

/* "-" means standard output (the program's --html -); else it names a file called "-". */
#define OUT_FILE_DASH_IS_STDOUT 1

/* Opens f for path (flags: OUT_FILE_DASH_IS_STDOUT or 0). Returns 0, or -1 with err set and
 * nothing left open or created. */
int out_file_open(struct out_file *f, const char *path, int flags, char *err, size_t err_len);
/* Closes fd: 0, or the errno of the failed close. */
int out_file_close(struct out_file *f);
/* Moves the temporary file into place when keep, else removes it; does nothing for a file
 * written in place. Touches the temporary name only while it is still the file created (same
 * device and inode). Closes dir. Returns 0, an errno, or OUT_FILE_REPLACED. Needs only the
 * folder, not fd: a privileged helper can call it while another process writes the page. */
#define OUT_FILE_REPLACED (-1)
int out_file_settle(struct out_file *f, bool keep);
/* "cannot write 'FILE': reason" for what out_file_close or out_file_settle returned. */
void out_file_error(const struct out_file *f, int code, char *err, size_t err_len);
/* Both, in one process: closes, then moves into place if ok (and the close succeeded), else
 * removes. Returns 0, or -1 with err set when ok and something failed. */
int out_file_commit(struct out_file *f, bool ok, char *err, size_t err_len);

/* -w with rotation, as tcpdump's -C, -G and -W, and -U: the pcap files a capture writes.
 *
 * Names, as tcpdump makes them: with -G the name is first passed through strftime (local time
 * of the file's opening); then, with -C, a count is added: FILE, FILE1, FILE2... and with -W N
 * the count is zero-padded to the width of N-1 and wraps around after N files (FILE0, FILE1,
 * FILE2, FILE0... for -W 3; FILE00... for -W 11). One departure: tcpdump -G with a name whose
 * time part has not changed truncates its own previous file (every packet before is lost);
 * here that file keeps its packets and the next one is numbered as -C numbers them.
 * Size (-C): a file never grows past max_bytes (tcpdump lets the last packet cross it): the
 * packet that would cross it begins the next file, unless the file holds no packet yet.
 * Time (-G): the first packet at least `seconds` after a file was opened begins the next one.
 * -W with -G and without -C: after N files the capture stops (out_rotate_write returns
 * OUT_ROTATE_STOP and writes nothing). Each packet goes to exactly one file; a file is closed
 * (flushed) before the next is created, so every file is a whole pcap file at every rotation
 * and after out_rotate_close, whatever stopped the loop. */
struct out_rotate;

struct out_rotate_opts {
    uint64_t max_bytes;   /* -C, in bytes (MB * 1000000); 0: no size limit */
    unsigned seconds;     /* -G; 0: no time limit */
    unsigned files;       /* -W; 0: no limit */
    bool packet_buffered; /* -U: each packet reaches the file at once (else stdio buffers) */
    uint32_t linktype;    /* capture_linktype() */
    int snaplen;          /* as captured; 0: 262144 */
    bool nano;            /* nanosecond time stamps (the capture's nano): a nanosecond pcap file */
    const char *user;     /* -Z's user, named in the hint when a file cannot be created */
    int64_t (*now)(void *ctx); /* the clock for -G, in seconds; NULL: time(NULL) */
    void *now_ctx;
};

/* The name of file number `count` opened at time `t` (pattern as given to -w): 0, or -1 when
 * it does not fit in len. Pure: the unit tests drive it with a fake clock. */
int out_rotate_name(const char *pattern, const struct out_rotate_opts *o, int64_t t,
                    unsigned count, char *buf, size_t len);

/* Creates the first file. "-" (standard output) is taken only without -C and -G. Returns 0,
 * or -1 with a one-line err ("cannot write 'f0': reason (the fix)") and nothing created. */
int out_rotate_open(struct out_rotate **out, const char *pattern, const struct out_rotate_opts *o,
                    char *err, size_t err_len);
/* Writes one packet, starting the next file first if the size or the time says so.
 * OUT_ROTATE_OK: written. OUT_ROTATE_STOP: not written, the capture should end with status 0
 * (-G's -W files all written: out_rotate_message says so as tcpdump does, "Maximum file limit
 * reached: N"; or the reader of "-" went away: no message). OUT_ROTATE_ERROR: not written, the
 * capture should end with status 1 after printing out_rotate_message; the files written stay
 * valid. */
enum { OUT_ROTATE_OK = 0, OUT_ROTATE_STOP = 1, OUT_ROTATE_ERROR = -1 };
int out_rotate_write(struct out_rotate *w, const struct capture_packet *p);
/* Writes out the packets waiting in memory (a live capture calls it after each batch, as plain
 * -w is flushed): OUT_ROTATE_OK, or what out_rotate_write would return after a failure. */
int out_rotate_flush(struct out_rotate *w);
/* The line to print after OUT_ROTATE_STOP or OUT_ROTATE_ERROR ("" if none). */
const char *out_rotate_message(const struct out_rotate *w);
/* The file being written (for tests and messages). */
const char *out_rotate_current(const struct out_rotate *w);
/* How many files were created (a ring's reused names counted each time). */
unsigned out_rotate_files_opened(const struct out_rotate *w);
/* Flushes and closes the current file, frees w (NULL: nothing). Returns 0, or -1 with err set
 * when that last flush or close failed (not again for an error already returned). */
int out_rotate_close(struct out_rotate *w, char *err, size_t err_len);

#endif
