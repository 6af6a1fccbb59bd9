/* bench/calendar.c - due dates and lunar conversions per second, one thread.
 *
 * Each figure is measured over about one second on varied inputs (receipt
 * instants spread over 2020-2030 at minute resolution, solar days over the
 * whole range); the results are folded into a checksum stored to a volatile,
 * so the compiler cannot drop the work. */
#include <stdint.h>
#include <stdio.h>

#include "calendar/cal.h"
#include "calendar/due.h"
#include "calendar/lunar.h"
#include "core/err.h"
#include "core/time.h"
#include "core/banned.h"

#define BATCH 4096

static uint64_t next(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return *seed >> 33;
}

static void report(const char *name, double per_s, double target)
{
    printf("%-17s  %.0f per s   target >= %.0f   %s\n", name, per_s, target, per_s >= target ? "PASS" : "FAIL");
}

static double bench_due(const struct mc_cal *cal, uint64_t *sum)
{
    int64_t t0 = mc_days_from_civil(2020, 1, 1) * 86400 - MC_TZ_OFFSET;
    int64_t span = (int64_t)mc_days_from_civil(2030, 1, 1) * 1440 - (int64_t)mc_days_from_civil(2020, 1, 1) * 1440;
    int64_t received[BATCH];
    uint64_t seed = 1;
    for (int i = 0; i < BATCH; i++)
        received[i] = t0 + (int64_t)(next(&seed) % (uint64_t)span) * 60;
    struct mc_due_req req = {.amount = 10, .unit = MC_UNIT_WORKDAYS};
    struct mc_due_res res;
    int64_t start = mc_clock_ms(), n = 0;
    while (mc_clock_ms() - start < 1000) {
        for (int i = 0; i < BATCH; i++) {
            req.received = received[i];
            if (mc_cal_due(cal, &req, &res, NULL, NULL) == MC_OK)
                *sum += (uint64_t)res.due;
        }
        n += BATCH;
    }
    return (double)n * 1000.0 / (double)(mc_clock_ms() - start);
}

static double bench_lunar(const struct mc_lunar *lt, uint64_t *sum)
{
    int64_t lo = mc_lunar_min_day(), span = mc_lunar_max_day() - lo + 1;
    int64_t days[BATCH];
    uint64_t seed = 2;
    for (int i = 0; i < BATCH; i++)
        days[i] = lo + (int64_t)(next(&seed) % (uint64_t)span);
    struct mc_lunar_date ld;
    int64_t start = mc_clock_ms(), n = 0;
    while (mc_clock_ms() - start < 1000) {
        for (int i = 0; i < BATCH; i++) {
            if (mc_lunar_from_solar(lt, days[i], &ld, NULL) == MC_OK)
                *sum += (uint64_t)(ld.day + ld.month * 31 + ld.year * 400 + ld.leap);
        }
        n += BATCH;
    }
    return (double)n * 1000.0 / (double)(mc_clock_ms() - start);
}

int main(void)
{
    struct mc_cal *cal = NULL;
    struct mc_error e;
    mc_error_init(&e);
    if (mc_cal_new(NULL, NULL, 0, NULL, &cal, &e)) {
        fprintf(stderr, "bench_calendar: %s\n", e.message_en);
        return 1;
    }
    uint64_t sum = 0;
    double due = bench_due(cal, &sum);
    double lunar = bench_lunar(mc_cal_lunar(cal), &sum);
    report("calendar.due_10wd", due, 2000000);
    report("calendar.lunar", lunar, 1000000);
    volatile uint64_t sink = sum; /* keeps the work observable */
    (void)sink;
    mc_cal_free(cal);
    return due >= 2000000 && lunar >= 1000000 ? 0 : 1;
}
