/* outbuf.c - buffered output with write(2), and the hand-written number and address formatters
 * the printers use instead of printf on the hot path. */
#include "stackscope/outbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void outbuf_init_fd(struct outbuf *ob, int fd, char *storage, size_t cap)
{
    *ob = (struct outbuf){.buf = storage, .cap = cap, .fd = fd};
}

void outbuf_init_mem(struct outbuf *ob)
{
    *ob = (struct outbuf){.fd = -1};
}

int outbuf_flush(struct outbuf *ob)
{
    if (ob->fd < 0)
        return ob->error ? -1 : 0;
    size_t done = 0;
    while (done < ob->len && !ob->error) {
        ssize_t n = write(ob->fd, ob->buf + done, ob->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            ob->error = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    ob->len = 0;
    return ob->error ? -1 : 0;
}

bool outbuf_reserve(struct outbuf *ob, size_t n)
{
    if (ob->error)
        return false;
    if (n <= ob->cap - ob->len)
        return true;
    if (ob->fd >= 0) {
        outbuf_flush(ob);
        return !ob->error && n <= ob->cap;
    }
    size_t cap = ob->cap ? ob->cap : 4096;
    while (cap - ob->len < n)
        cap *= 2;
    char *p = realloc(ob->buf, cap);
    if (!p) {
        ob->error = ENOMEM;
        return false;
    }
    ob->buf = p;
    ob->cap = cap;
    return true;
}

void ob_write_slow(struct outbuf *ob, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0 && !ob->error) {
        size_t room = ob->cap - ob->len;
        if (room == 0) {
            if (!outbuf_reserve(ob, n < 4096 ? n : 4096))
                return;
            continue;
        }
        size_t k = n < room ? n : room;
        memcpy(ob->buf + ob->len, s, k);
        ob->len += k;
        s += k;
        n -= k;
    }
}

/* Digits of v, written backwards into the end of tmp two at a time; returns where they start. */
static char *u64_digits(char tmp[20], uint64_t v)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                   "31323334353637383940414243444546474849505152535455565758596061"
                                   "62636465666768697071727374757677787980818283848586878889909192"
                                   "93949596979899";
    char *p = tmp + 20;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        p -= 2;
        p[0] = pairs[d];
        p[1] = pairs[d + 1];
    }
    if (v >= 10) {
        unsigned d = (unsigned)v * 2;
        p -= 2;
        p[0] = pairs[d];
        p[1] = pairs[d + 1];
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

void ob_u64(struct outbuf *ob, uint64_t v)
{
    char tmp[20];
    char *p = u64_digits(tmp, v);
    ob_write(ob, p, (size_t)(tmp + 20 - p));
}

void ob_i64(struct outbuf *ob, int64_t v)
{
    if (v < 0) {
        ob_putc(ob, '-');
        ob_u64(ob, (uint64_t)0 - (uint64_t)v);
    } else {
        ob_u64(ob, (uint64_t)v);
    }
}

void ob_u64_pad(struct outbuf *ob, uint64_t v, int pad)
{
    char tmp[20];
    char *p = u64_digits(tmp, v);
    int n = (int)(tmp + 20 - p);
    if (pad > n)
        ob_spaces(ob, pad - n);
    ob_write(ob, p, (size_t)n);
    if (-pad > n)
        ob_spaces(ob, -pad - n);
}

void ob_hex(struct outbuf *ob, uint64_t v, int digits)
{
    static const char hexdig[] = "0123456789abcdef";
    char tmp[16];
    if (digits > 16)
        digits = 16;
    for (int i = digits - 1; i >= 0; i--) {
        tmp[i] = hexdig[v & 0xf];
        v >>= 4;
    }
    ob_write(ob, tmp, (size_t)digits);
}

void ob_spaces(struct outbuf *ob, int n)
{
    if (n > 0 && (size_t)n <= ob->cap - ob->len) {
        __builtin_memset(ob->buf + ob->len, ' ', (size_t)n);
        ob->len += (size_t)n;
        return;
    }
    static const char sp[] = "                                                                ";
    while (n > 0) {
        int k = n < 64 ? n : 64;
        ob_write(ob, sp, (size_t)k);
        n -= k;
    }
}

void ob_ipv4(struct outbuf *ob, const uint8_t a[4])
{
    char tmp[16];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        unsigned b = a[i];
        if (b >= 100)
            tmp[n++] = (char)('0' + b / 100);
        if (b >= 10)
            tmp[n++] = (char)('0' + b / 10 % 10);
        tmp[n++] = (char)('0' + b % 10);
        if (i < 3)
            tmp[n++] = '.';
    }
    ob_write(ob, tmp, n);
}

size_t ob_ipv4_len(const uint8_t a[4])
{
    size_t n = 3;
    for (int i = 0; i < 4; i++)
        n += a[i] >= 100 ? 3u : a[i] >= 10 ? 2u : 1u;
    return n;
}

void ob_ipv6(struct outbuf *ob, const uint8_t a[16])
{
    uint16_t w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (uint16_t)((unsigned)a[2 * i] << 8 | a[2 * i + 1]);
    /* RFC 5952: the longest run of two or more zero groups (first on a tie) becomes "::". */
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            ob_puts(ob, "::");
            i += best_len - 1;
            continue;
        }
        if (i > 0 && i != best + best_len)
            ob_putc(ob, ':');
        int digits = w[i] >= 0x1000 ? 4 : w[i] >= 0x100 ? 3 : w[i] >= 0x10 ? 2 : 1;
        ob_hex(ob, w[i], digits);
    }
}

void ob_mac(struct outbuf *ob, const uint8_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ob_putc(ob, ':');
        ob_hex(ob, a[i], 2);
    }
}

void ob_printf(struct outbuf *ob, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        ob_write(ob, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
