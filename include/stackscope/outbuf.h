/* outbuf.h - the one buffered writer every printer writes into.
 *
 * File mode (fd >= 0): bytes gather in the caller's storage and leave with write(2) when it
 * fills and at outbuf_flush(). The first failed write is kept in `error` (errno) and everything
 * after it is dropped, so a closed pipe ends output quietly; the caller checks `error`.
 * Memory mode (fd < 0): storage is malloc'd and grows; the caller frees `buf` with free().
 * Not thread-safe: one outbuf per thread.
 */
#ifndef STACKSCOPE_OUTBUF_H
#define STACKSCOPE_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct outbuf {
    char *buf;
    size_t len;
    size_t cap;
    int fd;
    int error; /* errno of the first failed write, 0 while all is well */
};

void outbuf_init_fd(struct outbuf *ob, int fd, char *storage, size_t cap);
void outbuf_init_mem(struct outbuf *ob);
/* Writes out what is buffered (file mode); returns 0, or -1 with ob->error set. */
int outbuf_flush(struct outbuf *ob);
/* Makes room for n more bytes: false when that is impossible (error, or out of memory). */
bool outbuf_reserve(struct outbuf *ob, size_t n);

/* The slow path of ob_write: flushing, growing, or splitting a write larger than the buffer. */
void ob_write_slow(struct outbuf *ob, const void *p, size_t n);
void ob_u64(struct outbuf *ob, uint64_t v);
void ob_i64(struct outbuf *ob, int64_t v);
/* v in decimal, right-aligned (pad > 0) or left-aligned (pad < 0) in |pad| columns. */
void ob_u64_pad(struct outbuf *ob, uint64_t v, int pad);
void ob_hex(struct outbuf *ob, uint64_t v, int digits); /* lowercase, zero-padded */
void ob_spaces(struct outbuf *ob, int n);
void ob_ipv4(struct outbuf *ob, const uint8_t a[4]);
void ob_ipv6(struct outbuf *ob, const uint8_t a[16]); /* RFC 5952 text form */
void ob_mac(struct outbuf *ob, const uint8_t *a, size_t n);

static inline void ob_putc(struct outbuf *ob, char c)
{
    if (ob->len < ob->cap || outbuf_reserve(ob, 1))
        ob->buf[ob->len++] = c;
}

/* Inline so that the common case, room in the buffer, is one memcpy of a length the compiler
 * often knows (string literals). */
static inline void ob_write(struct outbuf *ob, const void *p, size_t n)
{
    if (n <= ob->cap - ob->len) {
        __builtin_memcpy(ob->buf + ob->len, p, n);
        ob->len += n;
    } else {
        ob_write_slow(ob, p, n);
    }
}

static inline void ob_puts(struct outbuf *ob, const char *s)
{
    ob_write(ob, s, __builtin_strlen(s));
}

#endif
