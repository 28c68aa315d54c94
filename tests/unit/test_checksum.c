/* Internet checksum (RFC 1071) and the transport verdicts built on it. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "stackscope/decode.h"

Test(checksum, rfc1071_example_sums_to_ddf2)
{
    /* RFC 1071 section 3 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2. */
    const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    cr_assert_eq(checksum_fold(checksum_add(0, b, sizeof b)), 0xddf2);
}

Test(checksum, odd_length_pads_with_zero)
{
    const uint8_t b[] = {0x12, 0x34, 0x56};
    cr_assert_eq(checksum_fold(checksum_add(0, b, 3)), 0x1234 + 0x5600);
}

Test(checksum, fold_carries_twice)
{
    cr_assert_eq(checksum_fold(0x1fffe), 0xffff);
    cr_assert_eq(checksum_fold(0xffffffffu), 0xffff);
}

/* The word-at-a-time sum equals the RFC 1071 definition, byte pair by byte pair, for every
 * length, alignment and starting sum. */
static uint16_t reference(uint32_t start, const uint8_t *p, size_t n)
{
    uint64_t s = start;
    for (size_t i = 0; i < n; i += 2)
        s += (uint32_t)p[i] << 8 | (i + 1 < n ? p[i + 1] : 0);
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)s;
}

Test(checksum, matches_the_definition_for_every_length_and_alignment)
{
    uint8_t buf[300];
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)rand_r(&seed);
    const uint32_t starts[] = {0, 1, 0xffff, 0x1fffe, 0xfffffff0u};
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n + off <= sizeof buf; n++)
            for (size_t k = 0; k < 5; k++)
                cr_assert_eq(checksum_fold(checksum_add(starts[k], buf + off, n)),
                             reference(starts[k], buf + off, n), "off %zu n %zu start %u", off,
                             n, starts[k]);
    memset(buf, 0xff, sizeof buf);
    cr_assert_eq(checksum_fold(checksum_add(0, buf, sizeof buf)), reference(0, buf, sizeof buf));
}
