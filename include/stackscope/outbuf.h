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
void ob_i64(struct outbuf *ob, int64_t v);
void ob_hex(struct outbuf *ob, uint64_t v, int digits); /* lowercase, zero-padded */
void ob_ipv4(struct outbuf *ob, const uint8_t a[4]);
void ob_ipv6(struct outbuf *ob, const uint8_t a[16]); /* RFC 5952 text form */
void ob_mac(struct outbuf *ob, const uint8_t *a, size_t n);

/* The number writers' common case is inline below (a packet line writes a dozen numbers):
 * a 32-bit value, short padding, room in the buffer. The rest goes to these. */
void ob_u64_slow(struct outbuf *ob, uint64_t v);
void ob_u64_pad_slow(struct outbuf *ob, uint64_t v, int pad);
void ob_spaces_slow(struct outbuf *ob, int n);
extern const char ob_digit_pairs[201]; /* "000102...99" */
extern const char ob_space_run[32];    /* 32 spaces */

/* The number of decimal digits of v. */
static inline unsigned ob_digit_count32(uint32_t v)
{
    /* log10 from log2: bits * 1233 / 4096 is floor(log10(2^bits)), then one comparison. */
    static const uint32_t pow10[] = {1u,       10u,       100u,       1000u,      10000u,
                                     100000u,  1000000u,  10000000u,  100000000u, 1000000000u};
    unsigned bits = 32u - (unsigned)__builtin_clz(v | 1u);
    unsigned t = (bits * 1233u) >> 12;
    return t + (v >= pow10[t]) + (v == 0); /* 0 has one digit */
}

/* Writes the digits of v ending at end, two at a time from the right. */
static inline void ob_digits_into32(char *end, uint32_t v)
{
    while (v >= 100) {
        uint32_t d = (v % 100) * 2;
        v /= 100;
        end -= 2;
        end[0] = ob_digit_pairs[d];
        end[1] = ob_digit_pairs[d + 1];
    }
    if (v >= 10) {
        end[-2] = ob_digit_pairs[v * 2];
        end[-1] = ob_digit_pairs[v * 2 + 1];
    } else {
        end[-1] = (char)('0' + v);
    }
}

static inline void ob_u64(struct outbuf *ob, uint64_t v)
{
    if (v <= UINT32_MAX && ob->cap - ob->len >= 10) {
        unsigned n = ob_digit_count32((uint32_t)v);
        ob_digits_into32(ob->buf + ob->len + n, (uint32_t)v);
        ob->len += n;
        return;
    }
    ob_u64_slow(ob, v);
}

/* v in decimal, right-aligned (pad > 0) or left-aligned (pad < 0) in |pad| columns. */
static inline void ob_u64_pad(struct outbuf *ob, uint64_t v, int pad)
{
    /* A column of at most 16 with room: its spaces in one 32-byte copy, the digits over them. */
    if (v <= UINT32_MAX && pad >= -16 && pad <= 16 && ob->cap - ob->len >= 32) {
        unsigned n = ob_digit_count32((uint32_t)v);
        unsigned width = (unsigned)(pad < 0 ? -pad : pad);
        unsigned cols = n > width ? n : width;
        char *p = ob->buf + ob->len;
        __builtin_memcpy(p, ob_space_run, 32);
        ob_digits_into32(pad > 0 ? p + cols : p + n, (uint32_t)v);
        ob->len += cols;
        return;
    }
    ob_u64_pad_slow(ob, v, pad);
}

static inline void ob_spaces(struct outbuf *ob, int n)
{
    /* Alignment pads are short: copy a fixed 32 bytes (two vector stores, no call) and keep n. */
    if (n > 0 && n <= 32 && ob->cap - ob->len >= 32) {
        __builtin_memcpy(ob->buf + ob->len, ob_space_run, 32);
        ob->len += (size_t)n;
    } else if (n > 0) {
        ob_spaces_slow(ob, n);
    }
}

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
