/* run.c - see run.h. */
#include "run.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int proc_status(int pid, const char *key, char *value, size_t len)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t k = strlen(key);
    int rc = -1;
    while (rc < 0 && fgets(line, sizeof line, f))
        if (strncmp(line, key, k) == 0 && line[k] == ':') {
            const char *v = line + k + 1 + strspn(line + k + 1, " \t");
            snprintf(value, len, "%.*s", (int)strcspn(v, "\n"), v);
            rc = 0;
        }
    fclose(f);
    return rc;
}

static int run_start_in(char *const argv[], const char *stdin_path, struct run_async *a)
{
    snprintf(a->out_path, sizeof a->out_path, "/tmp/stackscope-test-outXXXXXX");
    snprintf(a->err_path, sizeof a->err_path, "/tmp/stackscope-test-errXXXXXX");
    int out_fd = mkstemp(a->out_path), err_fd = mkstemp(a->err_path);
    if (out_fd < 0 || err_fd < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, stdin_path ? stdin_path : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out_fd);
    close(err_fd);
    a->pid = (int)pid;
    return rc == 0 ? 0 : -1;
}

int run_start(char *const argv[], struct run_async *a)
{
    return run_start_in(argv, NULL, a);
}

int run_finish(struct run_async *a, int sig, struct run_result *r)
{
    if (sig)
        kill(a->pid, sig);
    int st;
    if (waitpid(a->pid, &st, 0) < 0)
        return -1;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = read_file(a->out_path, &r->out_len);
    r->err = read_file(a->err_path, &r->err_len);
    unlink(a->out_path);
    unlink(a->err_path);
    return 0;
}

int run_program(char *const argv[], const char *stdin_path, struct run_result *r)
{
    struct run_async a;
    if (run_start_in(argv, stdin_path, &a) < 0)
        return -1;
    return run_finish(&a, 0, r);
}

void run_free(struct run_result *r)
{
    free(r->out);
    free(r->err);
}

int free_loopback_port(int type)
{
    int s = socket(AF_INET, type, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int ok = s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
             getsockname(s, (struct sockaddr *)&a, &len) == 0;
    if (s >= 0)
        close(s);
    return ok ? ntohs(a.sin_port) : -1;
}

int widest_line(const char *text, const char **line)
{
    int widest = 0;
    *line = text;
    for (const char *p = text; *p;) {
        size_t k = strcspn(p, "\n");
        int cols = 0;
        for (size_t i = 0; i < k; i++)
            cols += ((unsigned char)p[i] & 0xc0) != 0x80;
        if (cols > widest) {
            widest = cols;
            *line = p;
        }
        p += k + (p[k] == '\n');
    }
    return widest;
}

const char *past_banner(const char *err)
{
    const char *nl = strchr(err, '\n');
    return strncmp(err, "reading from file ", 18) == 0 && nl ? nl + 1 : err;
}

bool starts_unwrapped(const char *text, const char *want)
{
    for (; *want; want++, text++)
        if (*text != *want && !(*text == '\n' && *want == ' '))
            return false;
    return true;
}

bool has_unwrapped(const char *text, const char *want)
{
    for (; *text; text++)
        if (starts_unwrapped(text, want))
            return true;
    return false;
}

long capinfos_count(const char *path)
{
    char cmd[4200];
    /* stderr apart: the first line read is capinfos' own count, never a warning */
    snprintf(cmd, sizeof cmd, "capinfos -M -c -T -r '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[512] = "";
    long n = -1;
    if (fgets(line, sizeof line, p)) {
        char *tab = strrchr(line, '\t');
        if (tab)
            n = strtol(tab + 1, NULL, 10);
    }
    return pclose(p) == 0 ? n : -1;
}
