/* run.h - runs a program with its standard output and error captured, for end-to-end tests. */
#ifndef TEST_RUN_H
#define TEST_RUN_H
#include <stdbool.h>
#include <stddef.h>

struct run_result {
    char *out; /* NUL-terminated, malloc'd */
    size_t out_len;
    char *err;
    size_t err_len;
    int status; /* exit status, or 128 + signal */
};

/* argv[0] is the program path; stdin_path may be NULL (then /dev/null). */
int run_program(char *const argv[], const char *stdin_path, struct run_result *r);
void run_free(struct run_result *r);

/* The same in two halves, for programs that must run while the test does something. */
struct run_async {
    int pid;
    char out_path[64];
    char err_path[64];
};
int run_start(char *const argv[], struct run_async *a);
/* Sends sig (0: none), waits, and collects the result. */
int run_finish(struct run_async *a, int sig, struct run_result *r);
/* The value of "Key:" in /proc/PID/status (e.g. key "Uid", value "65534\t65534\t..."), without
 * its newline; returns 0, or -1 if the process or the key is not there. */
int proc_status(int pid, const char *key, char *value, size_t len);
/* A loopback port nothing uses now, of type SOCK_STREAM or SOCK_DGRAM (the kernel's choice). */
int free_loopback_port(int type);
/* The widest line of text in columns (characters, not bytes: French has accents); *line points
 * at its start. */
int widest_line(const char *text, const char **line);
/* stackscope's stderr past tcpdump's banner, the first line reading a file prints
 * ("reading from file F, link-type ..."): the errors and statistics alone. */
const char *past_banner(const char *err);
/* Whether text begins with want once its line breaks are read as spaces: stackscope wraps its
 * notices at 80 columns, where a path of any length may break the line. */
bool starts_unwrapped(const char *text, const char *want);
/* Whether want is somewhere in text, read the same way. */
bool has_unwrapped(const char *text, const char *want);
/* Reads a whole file; NULL if it cannot. */
char *read_file(const char *path, size_t *len);
/* Packets a capture file holds, as Wireshark's capinfos counts them; -1 when capinfos cannot
 * read it whole (or is missing). */
long capinfos_count(const char *path);

#endif
