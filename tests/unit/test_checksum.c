/* Internet checksum (RFC 1071) and the transport verdicts built on it. */
#include <criterion/criterion.h>

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
