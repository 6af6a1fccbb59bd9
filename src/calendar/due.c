/* due.c - due dates and working time.
 *
 * Everything runs on the "working clock": the position of an instant is the
 * number of working seconds between 1900-01-01 and it, W = k * D + p, where
 * k counts the working days before the instant's day (a prefix sum in the
 * calendar), D is the length of a working day and p the working seconds
 * already done that day. Advancing by working time is an addition on W, and
 * going back to an instant inverts the schedule: constant time, whatever
 * the amount. */
#include "calendar/due.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "calendar/cal.h"
#include "calendar/cal_internal.h"
#include "calendar/lunar.h"
#include "core/alloc.h"
#include "core/err.h"
#include "core/time.h"
#include "core/banned.h"

static const char *const unit_names[] = {"wd", "d", "h"};

mc_err mc_due_unit_parse(const char *s, enum mc_due_unit *unit, struct mc_error *e)
{
    for (int i = 0; i < 3; i++) {
        if (s && !strcmp(s, unit_names[i])) {
            *unit = (enum mc_due_unit)i;
            return MC_OK;
        }
    }
    return mc_error_field(e, "unit", "Trường \"unit\": đơn vị phải là wd, d hoặc h",
                          "Field \"unit\": the unit must be wd, d or h");
}

const char *mc_due_unit_name(enum mc_due_unit unit)
{
    return (unsigned)unit < 3 ? unit_names[unit] : "unknown";
}

/* ---- the working clock ---- */

/* Instants further out than this lie outside every calendar (1900-2199);
 * split clamps to it so that its arithmetic cannot overflow on a hostile
 * instant such as INT64_MIN, and the callers' range checks refuse it. */
#define INSTANT_LIMIT ((int64_t)1 << 60)

static void split(int64_t t, int64_t *day, int64_t *sod)
{
    if (t > INSTANT_LIMIT)
        t = INSTANT_LIMIT;
    if (t < -INSTANT_LIMIT)
        t = -INSTANT_LIMIT;
    int64_t local = t + MC_TZ_OFFSET;
    int64_t d = local / 86400;
    if (local % 86400 < 0)
        d--;
    *day = d;
    *sod = local - d * 86400;
}

static int64_t instant_of(const struct mc_cal *cal, int32_t idx, int64_t sod)
{
    return (cal->base + idx) * 86400 + sod - MC_TZ_OFFSET;
}

/* Working seconds of a working day done before second-of-day sod. */
static int64_t done_before(const struct mc_cal *cal, int64_t sod)
{
    int64_t done = 0;
    for (int i = 0; i < cal->wt.n; i++) {
        int64_t s = cal->wt.iv[i].start * 60, en = cal->wt.iv[i].end * 60;
        if (sod <= s)
            break;
        done += (sod < en ? sod : en) - s;
    }
    return done;
}

static mc_err range_error(struct mc_error *e, const char *field)
{
    mc_error_setf(e, MC_ERR_RANGE, 400, "out_of_range", "Trường \"%s\": thời điểm nằm ngoài phạm vi 1900-2199",
                  "Field \"%s\": instant outside the range 1900-2199", field);
    mc_error_detail_str(e, "field", field);
    return MC_ERR_RANGE;
}

/* The working-clock position of instant t. */
static mc_err pos_of(const struct mc_cal *cal, int64_t t, int64_t *w, const char *field, struct mc_error *e)
{
    int64_t day, sod;
    split(t, &day, &sod);
    int64_t i = day - cal->base;
    if (i < 0 || i >= cal->ndays)
        return range_error(e, field);
    *w = (int64_t)cal->wbefore[i] * cal->day_secs;
    if (mc_day_kind_working((enum mc_day_kind)cal->kind[i]))
        *w += done_before(cal, sod);
    return MC_OK;
}

/* The instant at which working-clock position w is reached, the first one
 * (so a due on a boundary reads 11:30 or 17:00, not 13:30 or 07:00 next
 * day); w > 0. */
static mc_err reach(const struct mc_cal *cal, int64_t w, int64_t *t, struct mc_error *e)
{
    int64_t k = (w - 1) / cal->day_secs, p = w - k * cal->day_secs;
    if (k >= cal->nwork)
        return range_error(e, "amount");
    int i = 0;
    while (p > cal->cum[i + 1])
        i++;
    *t = instant_of(cal, cal->wday[k], cal->wt.iv[i].start * 60 + p - cal->cum[i]);
    return MC_OK;
}

/* The instant at which work at position w can begin (the last one: a
 * start on a boundary moves to 13:30 or to 07:00 of the next day). */
static mc_err begin(const struct mc_cal *cal, int64_t w, int64_t *t, const char *field, struct mc_error *e)
{
    int64_t k = w / cal->day_secs, p = w - k * cal->day_secs;
    if (k >= cal->nwork)
        return range_error(e, field);
    int i = 0;
    while (p >= cal->cum[i + 1])
        i++;
    *t = instant_of(cal, cal->wday[k], cal->wt.iv[i].start * 60 + p - cal->cum[i]);
    return MC_OK;
}

mc_err mc_cal_worktime_between(const struct mc_cal *cal, int64_t t0, int64_t t1, int64_t *secs, struct mc_error *e)
{
    int64_t w0, w1;
    if (t1 < t0)
        return mc_error_field(e, "t1", "Trường \"t1\": thời điểm kết thúc trước thời điểm bắt đầu",
                              "Field \"t1\": the end is before the start");
    mc_err err = pos_of(cal, t0, &w0, "t0", e);
    if (!err)
        err = pos_of(cal, t1, &w1, "t1", e);
    if (!err)
        *secs = w1 - w0;
    return err;
}

/* ---- explanations ---- */

void mc_cal_explain_init(struct mc_cal_explain *x)
{
    memset(x, 0, sizeof(*x));
}

void mc_cal_explain_release(struct mc_cal_explain *x)
{
    mc_free(x->notes);
    mc_cal_explain_init(x);
}

static void note(struct mc_cal_explain *x, enum mc_note_kind kind, int64_t day, int day_kind, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void note(struct mc_cal_explain *x, enum mc_note_kind kind, int64_t day, int day_kind, const char *fmt, ...)
{
    if (!x)
        return;
    if (x->n >= MC_EXPLAIN_MAX_NOTES) {
        x->truncated = 1;
        return;
    }
    if (x->n == x->alloc) {
        x->alloc = x->alloc ? 2 * x->alloc : 16;
        x->notes = mc_reallocarray(x->notes, x->alloc, sizeof(*x->notes));
    }
    struct mc_cal_note *nt = &x->notes[x->n++];
    nt->kind = kind;
    nt->day = day;
    nt->day_kind = day_kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(nt->reason, sizeof(nt->reason), fmt, ap);
    va_end(ap);
}

static int64_t day_of(int64_t t)
{
    int64_t day, sod;
    split(t, &day, &sod);
    return day;
}

/* Why the clock did not start at the receipt instant. */
static void note_start(const struct mc_cal *cal, int64_t received, int64_t start, int cut, struct mc_cal_explain *x)
{
    char r[MC_ISO_LEN], s[MC_ISO_LEN];
    int64_t day, sod;
    if (!x || start == received)
        return;
    split(received, &day, &sod);
    mc_time_iso(received, r);
    mc_time_iso(start, s);
    const char *why = "during the break";
    if (cut)
        why = "after the cut-off";
    else if (!mc_day_kind_working((enum mc_day_kind)cal->kind[day - cal->base]))
        why = "on a day off";
    else if (sod < cal->wt.iv[0].start * 60)
        why = "before working hours";
    else if (sod >= cal->wt.iv[cal->wt.n - 1].end * 60)
        why = "after working hours";
    note(x, MC_NOTE_START, day, -1, "received %s %s; the clock starts %s", r, why, s);
}

/* The days off (and make-up working days) from day `from` to day `to`. */
static void note_days(const struct mc_cal *cal, int64_t from, int64_t to, struct mc_cal_explain *x)
{
    for (int64_t d = from; x && d <= to; d++) {
        enum mc_day_kind k = (enum mc_day_kind)cal->kind[d - cal->base];
        const char *name = "";
        if (k == MC_DAY_WORK)
            continue;
        mc_cal_day_kind(cal, d, &k, &name, NULL);
        char iso[11];
        mc_date_iso(d, iso);
        note(x, MC_NOTE_DAY, d, (int)k, "%s %s (%s)", iso, name, mc_day_kind_name(k));
    }
}

/* ---- due dates ---- */

/* The clock start position for a receipt at t (receipt rules and cut-off);
 * *cut tells whether the cut-off applied. */
static mc_err clock_start(const struct mc_cal *cal, int64_t t, int cutoff, int64_t *w, int *cut, const char *field,
                          struct mc_error *e)
{
    mc_err err = pos_of(cal, t, w, field, e);
    if (err)
        return err;
    int64_t day, sod;
    split(t, &day, &sod);
    int64_t i = day - cal->base;
    *cut = cutoff && mc_day_kind_working((enum mc_day_kind)cal->kind[i]) && sod > (int64_t)cutoff * 60;
    if (*cut)
        *w = (int64_t)(cal->wbefore[i] + 1) * cal->day_secs;
    return MC_OK;
}

/* The working day (index k) that ends an N-day count from position w0:
 * the start day is day 1 only when the clock starts at its beginning. */
static int64_t last_day(const struct mc_cal *cal, int64_t w0, int64_t n)
{
    int64_t k0 = w0 / cal->day_secs;
    if (n == 0)
        return k0;
    return w0 % cal->day_secs == 0 ? k0 + n - 1 : k0 + n;
}

/* Calendar days: the working-day index of the due day. */
static mc_err calendar_due_day(const struct mc_cal *cal, int64_t w0, int64_t start, int64_t n, int64_t *k,
                               struct mc_error *e)
{
    int64_t first = n > 0 && w0 % cal->day_secs == 0 ? 1 : 0;
    int64_t i = day_of(start) + n - first - cal->base;
    if (i >= cal->ndays)
        return range_error(e, "amount");
    *k = cal->wbefore[i];
    return MC_OK;
}

/* The working-clock position of the due for a clock started at w0. */
static mc_err due_pos(const struct mc_cal *cal, const struct mc_due_req *req, int64_t w0, int64_t start, int64_t *wd,
                      struct mc_error *e)
{
    int64_t k = 0;
    mc_err err = MC_OK;
    switch (req->unit) {
    case MC_UNIT_HOURS:
        *wd = w0 + req->amount * 3600;
        break;
    case MC_UNIT_WORKDAYS:
        if (cal->rules.due_convention == MC_DUE_SAME_TIME)
            *wd = w0 + req->amount * cal->day_secs;
        else
            *wd = (last_day(cal, w0, req->amount) + 1) * cal->day_secs;
        break;
    case MC_UNIT_DAYS:
        err = calendar_due_day(cal, w0, start, req->amount, &k, e);
        *wd = (k + 1) * cal->day_secs;
        break;
    }
    return err;
}

static void note_due(const struct mc_cal *cal, const struct mc_due_req *req, int64_t due, struct mc_cal_explain *x)
{
    char iso[MC_ISO_LEN];
    if (!x)
        return;
    mc_time_iso(due, iso);
    const char *rule = "the clock start plus the working time";
    if (req->unit == MC_UNIT_DAYS)
        rule = "the end of the working day of the Nth calendar day, moved off days off";
    else if (req->unit == MC_UNIT_WORKDAYS && cal->rules.due_convention == MC_DUE_END_OF_DAY)
        rule = "the end of the Nth working day";
    else if (req->unit == MC_UNIT_WORKDAYS)
        rule = "the same working-clock moment N working days later";
    note(x, MC_NOTE_DUE, day_of(due), -1, "%" PRId64 " %s: due %s (%s)", req->amount, mc_due_unit_name(req->unit), iso,
         rule);
}

/* The due (instant and position) for a clock starting at receipt t. */
static mc_err due_from(const struct mc_cal *cal, const struct mc_due_req *req, int64_t t, const char *field,
                       struct mc_due_res *res, int64_t *wd, struct mc_cal_explain *x, struct mc_error *e)
{
    int64_t w0;
    int cut;
    mc_err err = clock_start(cal, t, req->cutoff, &w0, &cut, field, e);
    if (!err)
        err = begin(cal, w0, &res->start, field, e);
    if (!err)
        err = due_pos(cal, req, w0, res->start, wd, e);
    if (err)
        return err;
    note_start(cal, t, res->start, cut, x);
    if (*wd == w0) {
        res->due = res->start;
        return MC_OK;
    }
    return reach(cal, *wd, &res->due, e);
}

static void note_pause(const struct mc_cal *cal, const struct mc_cal_pause *p, int64_t shift, int64_t due,
                       struct mc_cal_explain *x)
{
    char a[MC_ISO_LEN], b[MC_ISO_LEN], d[MC_ISO_LEN];
    if (!x)
        return;
    mc_time_iso(p->from, a);
    mc_time_iso(p->to, b);
    mc_time_iso(due, d);
    if (cal->rules.pause_mode == MC_PAUSE_RESTART)
        note(x, MC_NOTE_PAUSE, day_of(p->from), -1, "paused %s to %s: the full time restarts at the resume; due %s", a,
             b, d);
    else
        note(x, MC_NOTE_PAUSE, day_of(p->from), -1,
             "paused %s to %s: %" PRId64 " h %02" PRId64 " min of working time; due moves to %s", a, b, shift / 3600,
             shift % 3600 / 60, d);
}

static mc_err apply_pause(const struct mc_cal *cal, const struct mc_due_req *req, const struct mc_cal_pause *p,
                          struct mc_due_res *res, int64_t *wd, struct mc_cal_explain *x, struct mc_error *e)
{
    int64_t shift = 0;
    mc_err err;
    if (cal->rules.pause_mode == MC_PAUSE_RESTART) {
        struct mc_due_res r2;
        err = due_from(cal, req, p->to, "pauses", &r2, wd, NULL, e);
        if (!err)
            res->due = r2.due;
    } else {
        int64_t w0 = 0, w1 = 0;
        err = pos_of(cal, p->from, &w0, "pauses", e);
        if (!err)
            err = pos_of(cal, p->to, &w1, "pauses", e);
        shift = w1 - w0;
        if (!err && shift > 0) {
            *wd += shift;
            err = reach(cal, *wd, &res->due, e);
        }
    }
    if (!err)
        note_pause(cal, p, shift, res->due, x);
    return err;
}

static mc_err pause_error(struct mc_error *e, size_t i, const char *vi, const char *en)
{
    char field[32];
    snprintf(field, sizeof(field), "pauses[%zu]", i);
    mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Trường \"%s\": %s", "Field \"%s\": %s", field, vi, field,
                  en);
    mc_error_detail_str(e, "field", field);
    return MC_ERR_INVALID;
}

static mc_err check_req(const struct mc_due_req *req, struct mc_error *e)
{
    if (req->amount < 0 || req->amount > MC_DUE_MAX_AMOUNT)
        return mc_error_field(e, "amount", "Trường \"amount\": thời hạn phải từ 0 đến 100000",
                              "Field \"amount\": the amount must be 0 to 100000");
    if ((unsigned)req->unit > MC_UNIT_HOURS)
        return mc_error_field(e, "unit", "Trường \"unit\": đơn vị phải là wd, d hoặc h",
                              "Field \"unit\": the unit must be wd, d or h");
    if (req->cutoff < 0 || req->cutoff >= 24 * 60)
        return mc_error_field(e, "cutoff", "Trường \"cutoff\": giờ chốt phải từ 00:00 đến 23:59",
                              "Field \"cutoff\": the cut-off must be 00:00 to 23:59");
    if (req->npauses > MC_DUE_MAX_PAUSES)
        return mc_error_field(e, "pauses", "Trường \"pauses\": quá nhiều lần tạm dừng (tối đa 1000)",
                              "Field \"pauses\": too many pauses (at most 1000)");
    int64_t prev = req->received;
    for (size_t i = 0; i < req->npauses; i++) {
        const struct mc_cal_pause *p = &req->pauses[i];
        if (p->from > p->to)
            return pause_error(e, i, "kết thúc trước khi bắt đầu", "ends before it starts");
        if (p->from < prev)
            return pause_error(e, i, "bắt đầu trước khi tiếp nhận hoặc trước lần tạm dừng trước",
                               "starts before the receipt or the previous pause");
        prev = p->to;
    }
    return MC_OK;
}

mc_err mc_cal_due(const struct mc_cal *cal, const struct mc_due_req *req, struct mc_due_res *res,
                  struct mc_cal_explain *ex, struct mc_error *e)
{
    int64_t wd;
    mc_err err = check_req(req, e);
    if (!err)
        err = due_from(cal, req, req->received, "received", res, &wd, ex, e);
    for (size_t i = 0; !err && i < req->npauses; i++) {
        if (req->pauses[i].from < res->due)
            err = apply_pause(cal, req, &req->pauses[i], res, &wd, ex, e);
    }
    if (err)
        return err;
    if (ex) {
        note_days(cal, day_of(req->received), day_of(res->due), ex);
        note_due(cal, req, res->due, ex);
    }
    return MC_OK;
}
