/* libFuzzer target: calendar inputs as clients send them. The bytes are
 * read as a request: a receipt instant, an amount, a unit name, a cut-off
 * and up to 8 pauses (raw 64-bit values, or values folded into 1900-2199 so
 * the deep paths are reached), then dates and instants as text, and a lunar
 * date. Invariants: a due date never precedes its clock start; asking for
 * the explanation gives the same answer; N working hours are N hours of
 * working time; a solar -> lunar -> solar round trip is the identity. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "calendar/cal.h"
#include "calendar/due.h"
#include "calendar/lunar.h"
#include "core/log.h"
#include "core/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
    const uint8_t *p;
    size_t n;
};

static uint64_t take(struct input *in, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes && in->n; i++, in->p++, in->n--)
        v = v << 8 | *in->p;
    return v;
}

/* An instant: raw, or folded into the supported range (1900-2199). */
static int64_t instant(struct input *in)
{
    uint8_t how = (uint8_t)take(in, 1);
    uint64_t raw = take(in, 8);
    if (how & 1)
        return (int64_t)raw;
    const int64_t lo = -2208988800LL, span = 9467107200LL; /* 1900-01-01 .. 2200-01-01 */
    return lo + (int64_t)(raw % (uint64_t)span);
}

static const struct mc_cal *calendar(int which)
{
    static struct mc_cal *cals[2];
    if (!cals[which]) {
        struct mc_cal_rules r;
        struct mc_error e;
        mc_cal_rules_default(&r);
        if (which) {
            r.due_convention = MC_DUE_SAME_TIME;
            r.pause_mode = MC_PAUSE_RESTART;
            r.tet_days = 9;
            r.national_adjacent = 1;
        }
        MC_ASSERT(mc_cal_new(&r, NULL, 0, NULL, &cals[which], &e) == MC_OK);
    }
    return cals[which];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    uint8_t flags = (uint8_t)take(&in, 1);
    const struct mc_cal *cal = calendar(flags & 1);
    struct mc_due_req req;
    struct mc_cal_pause pauses[8];
    struct mc_error e;
    memset(&req, 0, sizeof(req));
    mc_error_init(&e);
    req.received = instant(&in);
    req.amount = flags & 2 ? (int64_t)take(&in, 8) : (int64_t)take(&in, 2) % 400;
    char unit[4] = {0};
    for (int i = 0; i < 3; i++)
        unit[i] = (char)take(&in, 1);
    unit[flags & 4 ? 1 : 2] = '\0';
    if (mc_due_unit_parse(unit, &req.unit, &e))
        req.unit = (enum mc_due_unit)(take(&in, 1) % 4); /* 3 is not a unit: must be refused */
    req.cutoff = flags & 8 ? (int)(int32_t)take(&in, 4) : (int)(take(&in, 2) % 1500);
    req.npauses = (size_t)(take(&in, 1) % 9);
    int64_t at = req.received;
    for (size_t i = 0; i < req.npauses; i++) {
        if (flags & 16) {
            pauses[i].from = instant(&in);
            pauses[i].to = instant(&in);
        } else { /* well-formed: after the receipt, in order (a raw receipt
                  * near INT64_MAX is moved back so the sums cannot overflow) */
            if (at > INT64_MAX - 120 * 86400)
                at = INT64_MAX - 120 * 86400;
            pauses[i].from = at + (int64_t)(take(&in, 3) % (90 * 86400));
            pauses[i].to = pauses[i].from + (int64_t)(take(&in, 3) % (30 * 86400));
            at = pauses[i].to;
        }
    }
    req.pauses = pauses;

    struct mc_due_res res, res2;
    mc_err rc = mc_cal_due(cal, &req, &res, NULL, &e);
    if (rc == MC_OK) {
        MC_ASSERT(res.due >= res.start);
        struct mc_cal_explain ex;
        mc_cal_explain_init(&ex);
        MC_ASSERT(mc_cal_due(cal, &req, &res2, &ex, &e) == MC_OK);
        MC_ASSERT(res2.due == res.due && res2.start == res.start);
        MC_ASSERT(ex.n <= MC_EXPLAIN_MAX_NOTES);
        for (size_t i = 0; i < ex.n; i++)
            MC_ASSERT(strlen(ex.notes[i].reason) < MC_NOTE_REASON_MAX);
        mc_cal_explain_release(&ex);
        int64_t secs;
        if (req.unit == MC_UNIT_HOURS && req.npauses == 0 &&
            mc_cal_worktime_between(cal, res.start, res.due, &secs, &e) == MC_OK)
            MC_ASSERT(secs == req.amount * 3600);
    } else {
        MC_ASSERT(e.code && *e.code && e.status >= 400 && e.status < 500);
    }

    /* working time between two instants */
    int64_t t0 = instant(&in), t1 = instant(&in), secs;
    if (mc_cal_worktime_between(cal, t0, t1, &secs, &e) == MC_OK)
        MC_ASSERT(secs >= 0 && secs <= t1 - t0);

    /* a day and its lunar date */
    int64_t day = (int64_t)(int32_t)take(&in, 4);
    enum mc_day_kind kind;
    const char *name;
    if (mc_cal_day_kind(cal, day, &kind, &name, &e) == MC_OK)
        MC_ASSERT((unsigned)kind < MC_DAY__COUNT);
    struct mc_lunar_date ld;
    if (mc_lunar_from_solar(mc_cal_lunar(cal), day, &ld, &e) == MC_OK) {
        int64_t back;
        MC_ASSERT(mc_lunar_to_solar(mc_cal_lunar(cal), ld.day, ld.month, ld.year, ld.leap, &back, &e) == MC_OK);
        MC_ASSERT(back == day);
    }
    int64_t solar;
    (void)mc_lunar_to_solar(mc_cal_lunar(cal), (int)(int8_t)take(&in, 1), (int)(int8_t)take(&in, 1),
                            (int)(int16_t)take(&in, 2), (int)take(&in, 1) & 1, &solar, &e);
    struct mc_cal_day days[MC_CAL_YEAR_MAX_DAYS];
    size_t nd;
    if (mc_cal_holidays(cal, (int)(int16_t)take(&in, 2), days, &nd, &e) == MC_OK)
        MC_ASSERT(nd <= MC_CAL_YEAR_MAX_DAYS);

    /* the rest as text: a date, an instant */
    const char *s = (const char *)in.p;
    int64_t d, t;
    if (mc_date_parse(s, in.n, &d) == MC_OK) {
        char iso[11];
        int64_t again;
        mc_date_iso(d, iso);
        MC_ASSERT(mc_date_parse(iso, 10, &again) == MC_OK && again == d);
    }
    (void)mc_time_parse(s, in.n, &t);
    return 0;
}
