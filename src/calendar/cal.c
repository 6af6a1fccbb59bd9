/* cal.c - building the working calendar: the kind of every day of
 * 1900-2199 from the rule set, the overrides and the weekly schedule, and
 * the prefix counts of working days that make due dates constant-time. */
#include "calendar/cal.h"

#include <stdio.h>
#include <string.h>

#include "calendar/cal_internal.h"
#include "calendar/lunar.h"
#include "core/alloc.h"
#include "core/err.h"
#include "core/time.h"
#include "core/banned.h"

/* Generated names; the compensatory name of holiday i is i + N_COMP. */
enum {
    N_NONE,
    N_NEW_YEAR,
    N_TET,
    N_HUNG,
    N_REUNIFICATION,
    N_LABOUR,
    N_NATIONAL,
    N_COMP = 6,
    N_OVERRIDE_OFF = 13,
    N_OVERRIDE_WORK,
    N_STATIC
};

static const char *const static_names[N_STATIC] = {
    [N_NONE] = "",
    [N_NEW_YEAR] = "Tết Dương lịch",
    [N_TET] = "Tết Nguyên Đán",
    [N_HUNG] = "Giỗ Tổ Hùng Vương",
    [N_REUNIFICATION] = "Ngày Giải phóng miền Nam, thống nhất đất nước",
    [N_LABOUR] = "Ngày Quốc tế Lao động",
    [N_NATIONAL] = "Quốc khánh",
    [N_NEW_YEAR + N_COMP] = "Nghỉ bù Tết Dương lịch",
    [N_TET + N_COMP] = "Nghỉ bù Tết Nguyên Đán",
    [N_HUNG + N_COMP] = "Nghỉ bù Giỗ Tổ Hùng Vương",
    [N_REUNIFICATION + N_COMP] = "Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước",
    [N_LABOUR + N_COMP] = "Nghỉ bù Ngày Quốc tế Lao động",
    [N_NATIONAL + N_COMP] = "Nghỉ bù Quốc khánh",
    [N_OVERRIDE_OFF] = "Nghỉ theo quyết định",
    [N_OVERRIDE_WORK] = "Ngày làm bù",
};

static const char *const weekday_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                             "Thursday", "Friday", "Saturday"};

static const char *const kind_names[MC_DAY__COUNT] = {
    [MC_DAY_WORK] = "work",
    [MC_DAY_WEEKEND] = "weekend",
    [MC_DAY_HOLIDAY] = "holiday",
    [MC_DAY_TET] = "tet",
    [MC_DAY_COMPENSATORY] = "compensatory",
    [MC_DAY_OVERRIDE_OFF] = "override_off",
    [MC_DAY_OVERRIDE_WORK] = "override_work",
};

const char *mc_day_kind_name(enum mc_day_kind k)
{
    if ((unsigned)k >= MC_DAY__COUNT)
        return "unknown";
    return kind_names[k];
}

int mc_day_kind_working(enum mc_day_kind k)
{
    return k == MC_DAY_WORK || k == MC_DAY_OVERRIDE_WORK;
}

void mc_cal_rules_default(struct mc_cal_rules *r)
{
    memset(r, 0, sizeof(*r));
    r->tet_first = -1;
    r->tet_days = 5;
    r->national_adjacent = -1;
    r->compensatory = 1;
    r->hung_kings = 1;
    r->pause_mode = MC_PAUSE_SHIFT;
    r->due_convention = MC_DUE_END_OF_DAY;
}

void mc_worktime_default(struct mc_worktime *w)
{
    memset(w, 0, sizeof(*w));
    w->n = 2;
    w->iv[0].start = 7 * 60;
    w->iv[0].end = 11 * 60 + 30;
    w->iv[1].start = 13 * 60 + 30;
    w->iv[1].end = 17 * 60;
    w->weekdays = 0x3e; /* Monday .. Friday */
}

static mc_err check_rules(const struct mc_cal_rules *r, struct mc_error *e)
{
    if (r->tet_first < -10 || r->tet_first > 10)
        return mc_error_field(e, "rules.tet_first", "Trường \"rules.tet_first\": phải từ -10 đến 10",
                              "Field \"rules.tet_first\": must be -10 to 10");
    if (r->tet_days < 1 || r->tet_days > 15)
        return mc_error_field(e, "rules.tet_days", "Trường \"rules.tet_days\": phải từ 1 đến 15",
                              "Field \"rules.tet_days\": must be 1 to 15");
    if (r->national_adjacent < -1 || r->national_adjacent > 1)
        return mc_error_field(e, "rules.national_adjacent", "Trường \"rules.national_adjacent\": phải là -1, 0 hoặc 1",
                              "Field \"rules.national_adjacent\": must be -1, 0 or 1");
    if ((unsigned)r->pause_mode > MC_PAUSE_RESTART)
        return mc_error_field(e, "rules.pause_mode", "Trường \"rules.pause_mode\": không hợp lệ",
                              "Field \"rules.pause_mode\": invalid");
    if ((unsigned)r->due_convention > MC_DUE_SAME_TIME)
        return mc_error_field(e, "rules.due_convention", "Trường \"rules.due_convention\": không hợp lệ",
                              "Field \"rules.due_convention\": invalid");
    return MC_OK;
}

static mc_err check_worktime(const struct mc_worktime *w, struct mc_error *e)
{
    if (w->n < 1 || w->n > MC_WORKTIME_MAX_INTERVALS)
        return mc_error_field(e, "worktime.n", "Trường \"worktime.n\": cần từ 1 đến 8 khoảng giờ làm việc",
                              "Field \"worktime.n\": 1 to 8 working intervals are needed");
    if (!(w->weekdays & 0x7f) || (w->weekdays & ~0x7fu))
        return mc_error_field(e, "worktime.weekdays", "Trường \"worktime.weekdays\": tập ngày làm việc không hợp lệ",
                              "Field \"worktime.weekdays\": invalid set of working weekdays");
    int prev_end = 0;
    for (int i = 0; i < w->n; i++) {
        if (w->iv[i].start < prev_end || w->iv[i].end <= w->iv[i].start || w->iv[i].end > 24 * 60) {
            mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field",
                          "Trường \"worktime.iv[%d]\": khoảng giờ làm việc phải tăng dần, không chồng nhau, trong ngày",
                          "Field \"worktime.iv[%d]\": working intervals must be sorted, disjoint and within the day",
                          i);
            mc_error_detail_str(e, "field", "worktime.iv");
            return MC_ERR_INVALID;
        }
        prev_end = w->iv[i].end;
    }
    return MC_OK;
}

static mc_err override_error(struct mc_error *e, mc_err err, size_t i, const char *what, const char *vi, const char *en)
{
    char field[48];
    snprintf(field, sizeof(field), "overrides[%zu].%s", i, what);
    mc_error_setf(e, err, 400, err == MC_ERR_RANGE ? "out_of_range" : "invalid_field", "Trường \"%s\": %s",
                  "Field \"%s\": %s", field, vi, field, en);
    mc_error_detail_str(e, "field", field);
    return err;
}

static mc_err check_overrides(const struct mc_cal_override *ov, size_t n, struct mc_error *e)
{
    if (n > MC_CAL_MAX_OVERRIDES)
        return mc_error_field(e, "overrides", "Trường \"overrides\": quá nhiều ngày điều chỉnh (tối đa 10000)",
                              "Field \"overrides\": too many overrides (at most 10000)");
    for (size_t i = 0; i < n; i++) {
        if (ov[i].kind != MC_DAY_OVERRIDE_OFF && ov[i].kind != MC_DAY_OVERRIDE_WORK)
            return override_error(e, MC_ERR_INVALID, i, "kind", "phải là override_off hoặc override_work",
                                  "must be override_off or override_work");
        if (ov[i].day < mc_lunar_min_day() || ov[i].day > mc_lunar_max_day())
            return override_error(e, MC_ERR_RANGE, i, "day", "ngày nằm ngoài phạm vi 1900-2199",
                                  "date outside the range 1900-2199");
    }
    return MC_OK;
}

/* Marks day (a day number) as a generated day off unless an earlier rule
 * already did: the first holiday of a day keeps its name. */
static void mark(struct mc_cal *cal, int64_t day, enum mc_day_kind kind, int name)
{
    int64_t i = day - cal->base;
    if (i < 0 || i >= cal->ndays)
        return;
    if (cal->kind[i] != MC_DAY_WORK && cal->kind[i] != MC_DAY_WEEKEND)
        return;
    cal->kind[i] = (uint8_t)kind;
    cal->name[i] = (uint16_t)name;
}

static void mark_lunar(struct mc_cal *cal, int day, int month, int year, int offset, int count, enum mc_day_kind kind,
                       int name)
{
    int64_t solar;
    if (mc_lunar_to_solar(cal->lunar, day, month, year, 0, &solar, NULL))
        return;
    for (int i = 0; i < count; i++)
        mark(cal, solar + offset + i, kind, name);
}

static void gen_year(struct mc_cal *cal, int y)
{
    const struct mc_cal_rules *r = &cal->rules;
    mark(cal, mc_days_from_civil(y, 1, 1), MC_DAY_HOLIDAY, N_NEW_YEAR);
    mark_lunar(cal, 1, 1, y, r->tet_first, r->tet_days, MC_DAY_TET, N_TET);
    if (r->hung_kings)
        mark_lunar(cal, 10, 3, y, 0, 1, MC_DAY_HOLIDAY, N_HUNG);
    mark(cal, mc_days_from_civil(y, 4, 30), MC_DAY_HOLIDAY, N_REUNIFICATION);
    mark(cal, mc_days_from_civil(y, 5, 1), MC_DAY_HOLIDAY, N_LABOUR);
    int64_t national = mc_days_from_civil(y, 9, 2);
    mark(cal, national, MC_DAY_HOLIDAY, N_NATIONAL);
    if (r->national_adjacent)
        mark(cal, national + r->national_adjacent, MC_DAY_HOLIDAY, N_NATIONAL);
}

static int rest_weekday(const struct mc_cal *cal, int64_t i)
{
    return !(cal->wt.weekdays & (1u << mc_weekday(cal->base + i)));
}

/* A generated holiday on a rest day gives the next ordinary working day
 * off; walking in date order lets consecutive ones queue up. */
static void add_compensatory(struct mc_cal *cal)
{
    for (int64_t i = 0; i < cal->ndays; i++) {
        if ((cal->kind[i] != MC_DAY_HOLIDAY && cal->kind[i] != MC_DAY_TET) || !rest_weekday(cal, i))
            continue;
        int64_t j = i + 1;
        while (j < cal->ndays && cal->kind[j] != MC_DAY_WORK)
            j++;
        if (j < cal->ndays) {
            cal->kind[j] = MC_DAY_COMPENSATORY;
            cal->name[j] = (uint16_t)(cal->name[i] + N_COMP);
        }
    }
}

static void apply_overrides(struct mc_cal *cal, const struct mc_cal_override *ov, size_t n)
{
    cal->names = mc_calloc(N_STATIC + n, sizeof(*cal->names));
    cal->owned = mc_calloc(n ? n : 1, sizeof(*cal->owned));
    memcpy(cal->names, static_names, sizeof(static_names));
    cal->nnames = N_STATIC;
    for (size_t k = 0; k < n; k++) {
        int64_t i = ov[k].day - cal->base;
        int name = ov[k].kind == MC_DAY_OVERRIDE_OFF ? N_OVERRIDE_OFF : N_OVERRIDE_WORK;
        if (ov[k].name && ov[k].name[0]) {
            cal->owned[cal->nowned] = mc_strdup(ov[k].name);
            cal->names[cal->nnames] = cal->owned[cal->nowned++];
            name = (int)cal->nnames++;
        }
        cal->kind[i] = (uint8_t)ov[k].kind;
        cal->name[i] = (uint16_t)name;
    }
}

static void build_prefix(struct mc_cal *cal)
{
    cal->wbefore = mc_calloc((size_t)cal->ndays + 1, sizeof(*cal->wbefore));
    cal->wday = mc_calloc((size_t)cal->ndays, sizeof(*cal->wday));
    int32_t k = 0;
    for (int32_t i = 0; i < cal->ndays; i++) {
        cal->wbefore[i] = k;
        if (mc_day_kind_working((enum mc_day_kind)cal->kind[i]))
            cal->wday[k++] = i;
    }
    cal->wbefore[cal->ndays] = k;
    cal->nwork = k;
}

static void build_schedule(struct mc_cal *cal)
{
    cal->cum[0] = 0;
    for (int i = 0; i < cal->wt.n; i++)
        cal->cum[i + 1] = cal->cum[i] + (int64_t)(cal->wt.iv[i].end - cal->wt.iv[i].start) * 60;
    cal->day_secs = cal->cum[cal->wt.n];
}

static void build_days(struct mc_cal *cal, const struct mc_cal_override *ov, size_t n)
{
    cal->base = mc_lunar_min_day();
    cal->ndays = (int32_t)(mc_lunar_max_day() - cal->base + 1);
    cal->kind = mc_calloc((size_t)cal->ndays, 1);
    cal->name = mc_calloc((size_t)cal->ndays, sizeof(*cal->name));
    for (int32_t i = 0; i < cal->ndays; i++)
        cal->kind[i] = rest_weekday(cal, i) ? MC_DAY_WEEKEND : MC_DAY_WORK;
    for (int y = MC_CAL_FIRST_YEAR; y <= MC_CAL_LAST_YEAR; y++)
        gen_year(cal, y);
    if (cal->rules.compensatory)
        add_compensatory(cal);
    apply_overrides(cal, ov, n);
}

mc_err mc_cal_new(const struct mc_cal_rules *rules, const struct mc_cal_override *overrides, size_t n,
                  const struct mc_worktime *wt, struct mc_cal **out, struct mc_error *e)
{
    struct mc_cal_rules r;
    struct mc_worktime w;
    if (!rules)
        mc_cal_rules_default(&r);
    if (!wt)
        mc_worktime_default(&w);
    rules = rules ? rules : &r;
    wt = wt ? wt : &w;
    mc_err err = check_rules(rules, e);
    if (!err)
        err = check_worktime(wt, e);
    if (!err)
        err = check_overrides(overrides, n, e);
    if (err)
        return err;
    struct mc_cal *cal = mc_calloc(1, sizeof(*cal));
    cal->rules = *rules;
    cal->wt = *wt;
    cal->lunar = mc_lunar_new();
    build_schedule(cal);
    build_days(cal, overrides, n);
    build_prefix(cal);
    *out = cal;
    return MC_OK;
}

void mc_cal_free(struct mc_cal *cal)
{
    if (!cal)
        return;
    for (size_t i = 0; i < cal->nowned; i++)
        mc_free(cal->owned[i]);
    mc_free(cal->owned);
    mc_free(cal->names);
    mc_free(cal->wday);
    mc_free(cal->wbefore);
    mc_free(cal->name);
    mc_free(cal->kind);
    mc_lunar_free(cal->lunar);
    mc_free(cal);
}

const struct mc_cal_rules *mc_cal_rules(const struct mc_cal *cal)
{
    return &cal->rules;
}

const struct mc_worktime *mc_cal_worktime(const struct mc_cal *cal)
{
    return &cal->wt;
}

const struct mc_lunar *mc_cal_lunar(const struct mc_cal *cal)
{
    return cal->lunar;
}

static const char *day_name(const struct mc_cal *cal, int64_t i)
{
    if (cal->name[i])
        return cal->names[cal->name[i]];
    return weekday_names[mc_weekday(cal->base + i)];
}

mc_err mc_cal_day_kind(const struct mc_cal *cal, int64_t day, enum mc_day_kind *kind, const char **name,
                       struct mc_error *e)
{
    mc_err err = mc_lunar_check_day(day, "day", e);
    if (err)
        return err;
    int64_t i = day - cal->base;
    *kind = (enum mc_day_kind)cal->kind[i];
    if (name)
        *name = day_name(cal, i);
    return MC_OK;
}

mc_err mc_cal_holidays(const struct mc_cal *cal, int year, struct mc_cal_day *out, size_t *n, struct mc_error *e)
{
    if (year < MC_CAL_FIRST_YEAR || year > MC_CAL_LAST_YEAR) {
        mc_error_set(e, MC_ERR_RANGE, 400, "out_of_range", "Trường \"year\": năm nằm ngoài phạm vi 1900-2199",
                     "Field \"year\": year outside the range 1900-2199");
        mc_error_detail_str(e, "field", "year");
        return MC_ERR_RANGE;
    }
    size_t count = 0;
    int64_t first = mc_days_from_civil(year, 1, 1) - cal->base, last = mc_days_from_civil(year, 12, 31) - cal->base;
    for (int64_t i = first; i <= last; i++) {
        if (cal->kind[i] == MC_DAY_WORK || cal->kind[i] == MC_DAY_WEEKEND)
            continue;
        out[count].day = cal->base + i;
        out[count].kind = (enum mc_day_kind)cal->kind[i];
        out[count].name = day_name(cal, i);
        count++;
    }
    *n = count;
    return MC_OK;
}
