/* outbuf.c - buffered output with write(2), and the hand-written number and address formatters
 * the printers use instead of printf on the hot path. */
#include "stackscope/outbuf.h"

#include <errno.h>
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

static unsigned digit_count(uint64_t v)
{
    unsigned n = 1;
    while (v >= 100) {
        v /= 100;
        n += 2;
    }
    return n + (v >= 10);
}

const char ob_digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                     "31323334353637383940414243444546474849505152535455565758596061"
                                     "62636465666768697071727374757677787980818283848586878889909192"
                                     "93949596979899";

/* Writes the n digits of v ending at end, two at a time from the right. */
static void digits_into(char *end, uint64_t v)
{
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        end -= 2;
        end[0] = ob_digit_pairs[d];
        end[1] = ob_digit_pairs[d + 1];
    }
    if (v >= 10) {
        end -= 2;
        end[0] = ob_digit_pairs[v * 2];
        end[1] = ob_digit_pairs[v * 2 + 1];
    } else {
        end[-1] = (char)('0' + v);
    }
}

void ob_u64_slow(struct outbuf *ob, uint64_t v)
{
    if (v <= UINT32_MAX) {
        uint32_t w = (uint32_t)v;
        unsigned n = ob_digit_count32(w);
        if (ob->cap - ob->len >= n || outbuf_reserve(ob, n)) {
            ob_digits_into32(ob->buf + ob->len + n, w);
            ob->len += n;
        }
        return;
    }
    unsigned n = digit_count(v);
    if (ob->cap - ob->len < n && !outbuf_reserve(ob, n)) {
        char tmp[20];
        digits_into(tmp + 20, v);
        ob_write(ob, tmp + 20 - n, n);
        return;
    }
    digits_into(ob->buf + ob->len + n, v);
    ob->len += n;
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

const char ob_space_run[32] = "                                ";

void ob_u64_pad_slow(struct outbuf *ob, uint64_t v, int pad)
{
    int n = v <= UINT32_MAX ? (int)ob_digit_count32((uint32_t)v) : (int)digit_count(v);
    if (pad > n)
        ob_spaces(ob, pad - n);
    ob_u64(ob, v);
    if (-pad > n)
        ob_spaces(ob, -pad - n);
}

void ob_hex(struct outbuf *ob, uint64_t v, int digits)
{
    static const char hexdig[] = "0123456789abcdef";
    if (digits == 2 && ob->cap - ob->len >= 2) {
        ob->buf[ob->len] = hexdig[(v >> 4) & 0xf];
        ob->buf[ob->len + 1] = hexdig[v & 0xf];
        ob->len += 2;
        return;
    }
    char tmp[16];
    if (digits > 16)
        digits = 16;
    for (int i = digits - 1; i >= 0; i--) {
        tmp[i] = hexdig[v & 0xf];
        v >>= 4;
    }
    ob_write(ob, tmp, (size_t)digits);
}

void ob_spaces_slow(struct outbuf *ob, int n)
{
    static const char sp[] = "                                                                ";
    while (n > 0) {
        int k = n < 64 ? n : 64;
        ob_write(ob, sp, (size_t)k);
        n -= k;
    }
}

/* Each byte's decimal text followed by a dot, padded to 4 bytes: "7.", "42.", "192." */
#define OCTET(b)                                                                                 \
    {(char)((b) >= 100 ? '0' + (b) / 100 : (b) >= 10 ? '0' + (b) / 10 : '0' + (b)),             \
     (char)((b) >= 100 ? '0' + (b) / 10 % 10 : (b) >= 10 ? '0' + (b) % 10 : '.'),               \
     (char)((b) >= 100 ? '0' + (b) % 10 : (b) >= 10 ? '.' : 0), (char)((b) >= 100 ? '.' : 0)}
#define OCTET4(b) OCTET(b), OCTET((b) + 1), OCTET((b) + 2), OCTET((b) + 3)
#define OCTET16(b) OCTET4(b), OCTET4((b) + 4), OCTET4((b) + 8), OCTET4((b) + 12)
#define OCTET64(b) OCTET16(b), OCTET16((b) + 16), OCTET16((b) + 32), OCTET16((b) + 48)
static const char octet_text[256][4] = {OCTET64(0), OCTET64(64), OCTET64(128), OCTET64(192)};

void ob_ipv4(struct outbuf *ob, const uint8_t a[4])
{
    if (ob->cap - ob->len >= 16) {
        /* Four fixed 4-byte copies, each advancing by its octet's length; the last dot and
         * what follows it are left beyond len. */
        char *start = ob->buf + ob->len, *p = start;
        for (int i = 0; i < 4; i++) {
            __builtin_memcpy(p, octet_text[a[i]], 4);
            p += 2 + (a[i] >= 10) + (a[i] >= 100);
        }
        ob->len += (size_t)(p - start) - 1;
        return;
    }
    char tmp[16];
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        size_t k = 2u + (a[i] >= 10) + (a[i] >= 100);
        memcpy(tmp + n, octet_text[a[i]], 4);
        n += k;
    }
    ob_write(ob, tmp, n - 1);
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
    static const char hexdig[] = "0123456789abcdef";
    char tmp[3 * 8];
    size_t k = 0;
    for (size_t i = 0; i < n && i < 8; i++) {
        tmp[k++] = hexdig[a[i] >> 4];
        tmp[k++] = hexdig[a[i] & 0xf];
        tmp[k++] = ':';
    }
    if (k)
        ob_write(ob, tmp, k - 1);
}
