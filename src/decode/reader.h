/* reader.h - the one bounds-checked cursor through which decode reads packet bytes.
 *
 * Every read checks `off <= len && n <= len - off` (never `off + n`, which can wrap) and leaves
 * the cursor where it was when it fails. Fields are assembled byte by byte in network order.
 * Private to src/decode/.
 */
#ifndef STACKSCOPE_READER_H
#define STACKSCOPE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reader {
    const uint8_t *base;
    size_t len;
    size_t off;
};

static inline struct reader rd_init(const uint8_t *base, size_t len)
{
    struct reader r = {base, len, 0};
    return r;
}

static inline size_t rd_left(const struct reader *r)
{
    return r->len - r->off;
}

static inline bool rd_has(const struct reader *r, size_t n)
{
    return r->off <= r->len && n <= r->len - r->off;
}

static inline bool rd_u8(struct reader *r, uint8_t *v)
{
    if (!rd_has(r, 1))
        return false;
    *v = r->base[r->off];
    r->off += 1;
    return true;
}

static inline bool rd_be16(struct reader *r, uint16_t *v)
{
    if (!rd_has(r, 2))
        return false;
    const uint8_t *p = r->base + r->off;
    *v = (uint16_t)((unsigned)p[0] << 8 | p[1]);
    r->off += 2;
    return true;
}

static inline bool rd_be32(struct reader *r, uint32_t *v)
{
    if (!rd_has(r, 4))
        return false;
    const uint8_t *p = r->base + r->off;
    *v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    r->off += 4;
    return true;
}

/* Copies n bytes out. */
static inline bool rd_bytes(struct reader *r, void *dst, size_t n)
{
    if (!rd_has(r, n))
        return false;
    const uint8_t *src = r->base + r->off;
    uint8_t *d = dst;
    for (size_t i = 0; i < n; i++)
        d[i] = src[i];
    r->off += n;
    return true;
}

/* Returns a view of the next n bytes and moves past them. */
static inline bool rd_view(struct reader *r, const uint8_t **p, size_t n)
{
    if (!rd_has(r, n))
        return false;
    *p = r->base + r->off;
    r->off += n;
    return true;
}

static inline bool rd_skip(struct reader *r, size_t n)
{
    if (!rd_has(r, n))
        return false;
    r->off += n;
    return true;
}

/* A sub-reader over the next n bytes (not consumed from r). */
static inline bool rd_sub(const struct reader *r, struct reader *sub, size_t n)
{
    if (!rd_has(r, n))
        return false;
    *sub = rd_init(r->base + r->off, n);
    return true;
}

#endif
