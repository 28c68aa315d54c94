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

#endif
