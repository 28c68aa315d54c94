/* The time a line begins with: tcpdump's -t forms, local time with TZ honoured (looked up once
 * an hour of capture time, bounded at a DST change), nanoseconds where asked. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stackscope/print.h"

static void zone(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static void ctx_with(struct print_ctx *ctx, enum print_time_format form, bool nano)
{
    struct print_opts po = {.mode = PRINT_LINE, .time = form, .nano = nano};
    print_ctx_init(ctx, &po); /* reads TZ again */
}

/* print_time's text for one frame, NUL-terminated in buf; "" (and false) for -t. */
static const char *time_of(struct print_ctx *ctx, uint64_t number, int64_t sec, uint32_t usec,
                           uint16_t nsec, char *buf, size_t len)
{
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame fr = {
        .number = number, .ts_sec = sec, .ts_usec = usec, .ts_nsec_extra = nsec};
    bool wrote = print_time(ctx, &ob, &fr);
    cr_assert_eq(wrote, ob.len > 0);
    snprintf(buf, len, "%.*s", (int)ob.len, ob.buf);
    free(ob.buf);
    return buf;
}

Test(time, local_time_in_paris_as_tcpdump_prints_it)
{
    zone("Europe/Paris");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_LOCAL, false);
    char b[64];
    /* http-fetch.pcap's first packet: tcpdump -n says 15:38:19.932417 under this TZ */
    cr_assert_str_eq(time_of(&ctx, 1, 1795617499, 932417, 0, b, sizeof b), "15:38:19.932417");
    cr_assert_str_eq(time_of(&ctx, 2, 1700000000, 535218, 0, b, sizeof b), "23:13:20.535218");
    zone("UTC");
    ctx_with(&ctx, PRINT_TIME_LOCAL, false);
    cr_assert_str_eq(time_of(&ctx, 1, 1700000000, 535218, 0, b, sizeof b), "22:13:20.535218");
}

/* Spring forward and fall back in Paris (2024): the second after 01:59:59 CET is 03:00:00
 * CEST; the second after 02:59:59 CEST is 02:00:00 CET. One context, times in order, as a
 * capture gives them: the cached offset must not outlive its hour. */
Test(time, dst_changes_in_paris)
{
    zone("Europe/Paris");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_LOCAL, false);
    char b[64];
    cr_assert_str_eq(time_of(&ctx, 1, 1711846799, 999999, 0, b, sizeof b), "01:59:59.999999");
    cr_assert_str_eq(time_of(&ctx, 2, 1711846800, 0, 0, b, sizeof b), "03:00:00.000000");
    cr_assert_str_eq(time_of(&ctx, 3, 1729990799, 0, 0, b, sizeof b), "02:59:59.000000");
    cr_assert_str_eq(time_of(&ctx, 4, 1729990800, 0, 0, b, sizeof b), "02:00:00.000000");
    /* -v's heading names the zone on each side */
    struct outbuf ob;
    outbuf_init_mem(&ob);
    struct print_frame before = {.ts_sec = 1711846799}, after = {.ts_sec = 1711846800};
    print_time_full(&ctx, &ob, &before);
    ob_putc(&ob, '|');
    print_time_full(&ctx, &ob, &after);
    ob_putc(&ob, '\0');
    cr_assert_str_eq(ob.buf, "2024-03-31 01:59:59.000000 CET|2024-03-31 03:00:00.000000 CEST");
    free(ob.buf);
}

/* Lord Howe Island changes by half an hour at 15:30 UTC: a change inside an hour of UTC, where
 * a cache per hour alone would be wrong for half of it. */
Test(time, a_change_within_the_hour_bounds_the_cache)
{
    zone("Australia/Lord_Howe");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_LOCAL, false);
    char b[64];
    cr_assert_str_eq(time_of(&ctx, 1, 1728142199 - 1700, 0, 0, b, sizeof b), "01:31:39.000000");
    cr_assert_eq(ctx.zone_until, 1728142200, "the offset holds until the change, not the hour");
    cr_assert_eq(ctx.zone_from, 1728142200 - 1800);
    cr_assert_str_eq(time_of(&ctx, 2, 1728142199, 0, 0, b, sizeof b), "01:59:59.000000");
    cr_assert_str_eq(time_of(&ctx, 3, 1728142200, 0, 0, b, sizeof b), "02:30:00.000000");
    cr_assert_eq(ctx.zone_from, 1728142200);
    cr_assert_eq(ctx.zone_until, 1728142200 + 1800, "then to the end of the hour");
    /* back: 01:59:59 +11 then 01:30:00 +10:30, at 15:00 UTC (an hour's edge) */
    cr_assert_str_eq(time_of(&ctx, 4, 1712415599, 0, 0, b, sizeof b), "01:59:59.000000");
    cr_assert_str_eq(time_of(&ctx, 5, 1712415600, 0, 0, b, sizeof b), "01:30:00.000000");
}

/* Once an hour of capture time: a second within the hour found costs no lookup. */
Test(time, the_zone_is_looked_up_once_an_hour)
{
    zone("Europe/Paris");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_LOCAL, false);
    char b[64];
    time_of(&ctx, 1, 1700000000, 0, 0, b, sizeof b);
    cr_assert_eq(ctx.zone_from, 1699999200);
    cr_assert_eq(ctx.zone_until, 1700002800);
    cr_assert_eq(ctx.zone_offset, 3600);
    /* A lookup would rewrite the bounds: poison them to see that none happens. */
    ctx.zone_offset = 7200;
    cr_assert_str_eq(time_of(&ctx, 2, 1700002799, 0, 0, b, sizeof b), "00:59:59.000000",
                     "23:59:59 in Paris, shown with the poisoned offset: no lookup was made");
    cr_assert_str_eq(time_of(&ctx, 3, 1700002800, 0, 0, b, sizeof b), "00:00:00.000000");
    cr_assert_eq(ctx.zone_offset, 3600, "a new hour looks the zone up again");
}

/* -tttt's date, made without libc, agrees with strftime(localtime_r) from 1901 to 2100 in
 * Paris and New York (leap years, centuries, times before 1970). */
Test(time, dates_agree_with_libc)
{
    static const char *const zones[] = {"Europe/Paris", "America/New_York", "UTC"};
    for (size_t z = 0; z < 3; z++) {
        zone(zones[z]);
        struct print_ctx ctx;
        ctx_with(&ctx, PRINT_TIME_DATE, false);
        for (int64_t t = -2147483648LL; t < 4102444800LL; t += 86400 * 7 + 3607) {
            char got[64], want[64];
            time_of(&ctx, (uint64_t)t, t, 250000, 0, got, sizeof got);
            time_t tt = (time_t)t;
            struct tm tm;
            cr_assert(localtime_r(&tt, &tm));
            size_t n = strftime(want, sizeof want, "%Y-%m-%d %H:%M:%S", &tm);
            snprintf(want + n, sizeof want - n, ".250000");
            cr_assert_str_eq(got, want, "%s at %lld", zones[z], (long long)t);
        }
    }
}

Test(time, t_prints_nothing_tt_seconds_since_1970)
{
    zone("Europe/Paris");
    struct print_ctx ctx;
    char b[64];
    ctx_with(&ctx, PRINT_TIME_NONE, false);
    cr_assert_str_eq(time_of(&ctx, 1, 1700000000, 535218, 0, b, sizeof b), "");
    ctx_with(&ctx, PRINT_TIME_EPOCH, false);
    cr_assert_str_eq(time_of(&ctx, 1, 1795617499, 932417, 0, b, sizeof b), "1795617499.932417");
    ctx_with(&ctx, PRINT_TIME_EPOCH, true);
    cr_assert_str_eq(time_of(&ctx, 1, 1795617499, 932417, 7, b, sizeof b),
                     "1795617499.932417007");
    ctx_with(&ctx, PRINT_TIME_DATE, false);
    cr_assert_str_eq(time_of(&ctx, 1, 1795617499, 932417, 0, b, sizeof b),
                     "2026-11-25 15:38:19.932417");
    ctx_with(&ctx, PRINT_TIME_LOCAL, true);
    cr_assert_str_eq(time_of(&ctx, 1, 1700000000, 500000, 123, b, sizeof b),
                     "23:13:20.500000123");
}

/* -ttt: since the previous frame, tcpdump's sign column (' ' or '-'); a frame earlier than
 * the one before it is negative, as tcpdump prints it. */
Test(time, delta_from_the_previous_frame)
{
    zone("Europe/Paris");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_DELTA_PREV, false);
    char b[64];
    cr_assert_str_eq(time_of(&ctx, 1, 1700000000, 500000, 0, b, sizeof b), " 00:00:00.000000");
    cr_assert_str_eq(time_of(&ctx, 2, 1700000000, 400000, 0, b, sizeof b), "-00:00:00.100000");
    cr_assert_str_eq(time_of(&ctx, 2, 1700000000, 400000, 0, b, sizeof b), "-00:00:00.100000",
                     "the same frame again: the same delta");
    cr_assert_str_eq(time_of(&ctx, 3, 1700100000, 1, 0, b, sizeof b), " 27:46:39.600001",
                     "hours past a day are kept (tcpdump wraps them to 03)");
    cr_assert_str_eq(time_of(&ctx, 4, 1700100000, 1, 0, b, sizeof b), " 00:00:00.000000");
}

/* -ttttt: since the first frame; with nano, nine decimals and the borrow across the second. */
Test(time, delta_from_the_first_frame)
{
    zone("UTC");
    struct print_ctx ctx;
    ctx_with(&ctx, PRINT_TIME_DELTA_FIRST, true);
    char b[64];
    cr_assert_str_eq(time_of(&ctx, 1, 1700000000, 500000, 123, b, sizeof b),
                     " 00:00:00.000000000");
    cr_assert_str_eq(time_of(&ctx, 2, 1700000000, 400000, 999, b, sizeof b),
                     "-00:00:00.099999124");
    cr_assert_str_eq(time_of(&ctx, 3, 1700003661, 500000, 122, b, sizeof b),
                     " 01:01:00.999999999");
    ctx_with(&ctx, PRINT_TIME_DELTA_FIRST, false);
    cr_assert_str_eq(time_of(&ctx, 1, 1711846799, 999999, 0, b, sizeof b), " 00:00:00.000000");
    cr_assert_str_eq(time_of(&ctx, 2, 1711846800, 0, 0, b, sizeof b), " 00:00:00.000001",
                     "a DST change is no time at all");
}
