/* Unit tests of src/calendar: the lunar calendar, holidays, due dates.
 *
 * Weekdays used in the hand-worked cases (2026): Tết is Tuesday 17 February;
 * 13/2 is a Friday, 14-15/2 and 21-22/2 weekends, 16-20/2 the five Tết days
 * (29 Chạp .. mùng 4); 2/3, 9/3 and 20/4 are Mondays; Hùng Kings' day (10/3
 * lunar) is Sunday 26/4, so Monday 27/4 is compensatory; 30/4 Thursday,
 * 1/5 Friday. Default schedule: 07:00-11:30, 13:30-17:00, D = 8 h. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "calendar/cal.h"
#include "calendar/due.h"
#include "calendar/lunar.h"
#include "core/err.h"
#include "core/time.h"

static int64_t at(const char *iso)
{
    int64_t t = 0;
    CHECK_INT(MC_OK, mc_time_parse(iso, strlen(iso), &t));
    return t;
}

static int64_t day(int y, int m, int d)
{
    return mc_days_from_civil(y, m, d);
}

static struct mc_cal *cal_with(const struct mc_cal_rules *r, const struct mc_cal_override *ov, size_t n)
{
    struct mc_cal *cal = NULL;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_cal_new(r, ov, n, NULL, &cal, &e));
    return cal;
}

/* Checks that a request gives the expected due instant (ISO, +07:00). */
static void check_due_req(const struct mc_cal *cal, const struct mc_due_req *req, const char *want, int line)
{
    struct mc_due_res res;
    struct mc_error e;
    char got[MC_ISO_LEN] = "";
    mc_error_init(&e);
    mc_err err = mc_cal_due(cal, req, &res, NULL, &e);
    if (err)
        mc_check_fail(__FILE__, line, "mc_cal_due failed: %s", e.message_en);
    else
        mc_time_iso(res.due, got);
    if (strcmp(want, got))
        mc_check_fail(__FILE__, line, "due: want %s, got %s", want, got);
}

static void check_due(const struct mc_cal *cal, const char *from, int64_t amount, enum mc_due_unit unit, int cutoff,
                      const char *want, int line)
{
    struct mc_due_req req = {.received = at(from), .amount = amount, .unit = unit, .cutoff = cutoff};
    check_due_req(cal, &req, want, line);
}

#define DUE(cal, from, amount, unit, cutoff, want) check_due(cal, from, amount, unit, cutoff, want, __LINE__)

/* ---- lunar calendar ---- */

static void test_lunar_known_tet(void)
{
    static const struct {
        int year;
        const char *tet;
    } cases[] = {
        {2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"},
        {2027, "2027-02-06"}, {2028, "2028-01-26"}, {1968, "1968-01-29"}, /* Chinese 01-30 */
        {1985, "1985-01-21"},                                             /* Chinese 02-20 */
        {2007, "2007-02-17"},                                             /* Chinese 02-18 */
        {2030, "2030-02-02"},                                             /* Chinese 02-03 */
    };
    struct mc_lunar *lt = mc_lunar_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t d = 0;
        char iso[11];
        CHECK_INT(MC_OK, mc_lunar_to_solar(lt, 1, 1, cases[i].year, 0, &d, NULL));
        mc_date_iso(d, iso);
        CHECK_STR(cases[i].tet, iso);
        struct mc_lunar_date ld;
        CHECK_INT(MC_OK, mc_lunar_from_solar(lt, d - 1, &ld, NULL));
        CHECK_INT(12, ld.month);
        CHECK_INT(cases[i].year - 1, ld.year);
    }
    mc_lunar_free(lt);
}

static void test_lunar_known_leap_months(void)
{
    /* Vietnamese leap months: 2/2023 from 22/3 (the new moon at 00:23 UTC+7
     * of 22/3), 4/2020 from 23/5, 6/2025 from 25/7, 6/2017 from 23/7. */
    static const struct {
        const char *date;
        int month, year;
    } cases[] = {{"2023-03-22", 2, 2023}, {"2020-05-23", 4, 2020}, {"2025-07-25", 6, 2025}, {"2017-07-23", 6, 2017}};
    struct mc_lunar *lt = mc_lunar_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t d;
        struct mc_lunar_date ld;
        CHECK_INT(MC_OK, mc_date_parse(cases[i].date, 10, &d));
        CHECK_INT(MC_OK, mc_lunar_from_solar(lt, d, &ld, NULL));
        CHECK_INT(1, ld.day);
        CHECK_INT(cases[i].month, ld.month);
        CHECK_INT(1, ld.leap);
        CHECK_INT(cases[i].year, ld.year);
        int64_t back;
        CHECK_INT(MC_OK, mc_lunar_to_solar(lt, 1, cases[i].month, cases[i].year, 1, &back, NULL));
        CHECK_INT(d, back);
    }
    char name[32];
    mc_lunar_year_name(2026, name, sizeof(name));
    CHECK_STR("Bính Ngọ", name);
    mc_lunar_year_name(1985, name, sizeof(name));
    CHECK_STR("Ất Sửu", name);
    mc_lunar_free(lt);
}

struct year_stats {
    int months, leaps;
};

/* Walks one day: checks the lunar date follows from yesterday's and
 * counts the months of each lunar year. */
static int walk_day(const struct mc_lunar *lt, int64_t d, struct mc_lunar_date *prev, struct year_stats *ys)
{
    struct mc_lunar_date ld;
    int64_t back = 0;
    if (mc_lunar_from_solar(lt, d, &ld, NULL) ||
        mc_lunar_to_solar(lt, ld.day, ld.month, ld.year, ld.leap, &back, NULL) || back != d)
        return 0;
    if (ld.month_days != 29 && ld.month_days != 30)
        return 0;
    if (ld.day == 1) {
        if (prev->day && prev->day != prev->month_days)
            return 0;
        if (ld.year >= MC_CAL_FIRST_YEAR && ld.year <= MC_CAL_LAST_YEAR) {
            ys[ld.year - MC_CAL_FIRST_YEAR].months++;
            ys[ld.year - MC_CAL_FIRST_YEAR].leaps += ld.leap;
        }
    } else if (prev->day && (ld.day != prev->day + 1 || ld.month != prev->month || ld.leap != prev->leap)) {
        return 0;
    }
    *prev = ld;
    return 1;
}

static void test_lunar_every_day_1900_2199(void)
{
    static struct year_stats ys[MC_CAL_LAST_YEAR - MC_CAL_FIRST_YEAR + 1];
    memset(ys, 0, sizeof(ys));
    struct mc_lunar *lt = mc_lunar_new();
    struct mc_lunar_date prev = {0};
    int64_t d = mc_lunar_min_day();
    while (d <= mc_lunar_max_day() && walk_day(lt, d, &prev, ys))
        d++;
    if (d <= mc_lunar_max_day()) {
        char iso[11];
        mc_date_iso(d, iso);
        mc_check_fail(__FILE__, __LINE__, "lunar calendar broken at %s", iso);
        mc_lunar_free(lt);
        return;
    }
    /* Lunar 2199 ends in 2200: the complete years are 1900..2198. */
    for (int y = MC_CAL_FIRST_YEAR; y < MC_CAL_LAST_YEAR; y++) {
        struct year_stats *s = &ys[y - MC_CAL_FIRST_YEAR];
        if (!((s->months == 12 && s->leaps == 0) || (s->months == 13 && s->leaps == 1)))
            mc_check_fail(__FILE__, __LINE__, "lunar year %d: %d months, %d leap", y, s->months, s->leaps);
    }
    mc_lunar_free(lt);
}

static void test_lunar_bad_input(void)
{
    struct mc_lunar *lt = mc_lunar_new();
    struct mc_error e;
    struct mc_lunar_date ld;
    int64_t d;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_RANGE, mc_lunar_from_solar(lt, day(1899, 12, 31), &ld, &e));
    CHECK_STR("date", e.details[0].value);
    CHECK(strstr(e.message, "1900-2199") != NULL);
    CHECK(strstr(e.message_en, "1900-2199") != NULL);
    mc_error_init(&e);
    CHECK_INT(MC_ERR_RANGE, mc_lunar_from_solar(lt, day(2200, 1, 1), &ld, &e));
    mc_error_init(&e);
    CHECK_INT(MC_ERR_RANGE, mc_lunar_to_solar(lt, 1, 1, 1800, 0, &d, &e));
    CHECK_STR("year", e.details[0].value);
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_lunar_to_solar(lt, 1, 13, 2026, 0, &d, &e));
    CHECK_STR("month", e.details[0].value);
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_lunar_to_solar(lt, 1, 3, 2026, 1, &d, &e)); /* 2026 has no leap month 3 */
    CHECK_STR("leap", e.details[0].value);
    mc_error_init(&e);
    /* Month 1 of 2026 (17/2 .. 18/3) has 30 days, month 12 of 2025 has 29. */
    CHECK_INT(MC_OK, mc_lunar_to_solar(lt, 30, 1, 2026, 0, &d, &e));
    CHECK_INT(MC_ERR_INVALID, mc_lunar_to_solar(lt, 30, 12, 2025, 0, &d, &e));
    CHECK_STR("day", e.details[0].value);
    mc_lunar_free(lt);
}

/* ---- holidays ---- */

static void check_holidays(const struct mc_cal *cal, int year, const char *const *want, size_t nwant, int line)
{
    struct mc_cal_day days[MC_CAL_YEAR_MAX_DAYS];
    size_t n = 0;
    CHECK_INT(MC_OK, mc_cal_holidays(cal, year, days, &n, NULL));
    if (n != nwant)
        mc_check_fail(__FILE__, line, "%d: want %zu days, got %zu", year, nwant, n);
    for (size_t i = 0; i < n && i < nwant; i++) {
        char got[64], iso[11];
        mc_date_iso(days[i].day, iso);
        snprintf(got, sizeof(got), "%s %s", iso, mc_day_kind_name(days[i].kind));
        if (strcmp(want[i], got))
            mc_check_fail(__FILE__, line, "day %zu: want %s, got %s", i, want[i], got);
    }
}

static void test_holidays_2026_default(void)
{
    static const char *const want[] = {
        "2026-01-01 holiday", "2026-02-16 tet",     "2026-02-17 tet",     "2026-02-18 tet",
        "2026-02-19 tet",     "2026-02-20 tet",     "2026-04-26 holiday", "2026-04-27 compensatory",
        "2026-04-30 holiday", "2026-05-01 holiday", "2026-09-01 holiday", "2026-09-02 holiday",
    };
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    check_holidays(cal, 2026, want, sizeof(want) / sizeof(want[0]), __LINE__);
    enum mc_day_kind k;
    const char *name;
    CHECK_INT(MC_OK, mc_cal_day_kind(cal, day(2026, 2, 17), &k, &name, NULL));
    CHECK_INT(MC_DAY_TET, k);
    CHECK_STR("Tết Nguyên Đán", name);
    CHECK_INT(MC_OK, mc_cal_day_kind(cal, day(2026, 4, 27), &k, &name, NULL));
    CHECK_STR("Nghỉ bù Giỗ Tổ Hùng Vương", name);
    CHECK_INT(MC_OK, mc_cal_day_kind(cal, day(2026, 2, 21), &k, &name, NULL));
    CHECK_INT(MC_DAY_WEEKEND, k);
    CHECK_STR("Saturday", name);
    mc_cal_free(cal);
}

static void test_holidays_compensatory_chain(void)
{
    /* 2018: 1/9 Saturday and 2/9 Sunday -> Monday 3/9 and Tuesday 4/9 off.
     * Hùng Kings 10/3 = Wednesday 25/4; 30/4 Monday, 1/5 Tuesday. Tết
     * (16/2, a Friday): 15/2 Thu .. 19/2 Mon, with 17-18/2 on the weekend ->
     * compensatory Tuesday 20/2 and Wednesday 21/2. */
    static const char *const want[] = {
        "2018-01-01 holiday", "2018-02-15 tet",          "2018-02-16 tet",          "2018-02-17 tet",
        "2018-02-18 tet",     "2018-02-19 tet",          "2018-02-20 compensatory", "2018-02-21 compensatory",
        "2018-04-25 holiday", "2018-04-30 holiday",      "2018-05-01 holiday",      "2018-09-01 holiday",
        "2018-09-02 holiday", "2018-09-03 compensatory", "2018-09-04 compensatory",
    };
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    check_holidays(cal, 2018, want, sizeof(want) / sizeof(want[0]), __LINE__);
    mc_cal_free(cal);
}

static void test_holidays_rules_and_overrides(void)
{
    /* 2/9 with 3/9, no compensatory days, Tết from 28 Chạp for 7 days
     * (2026: 28 Chạp = 15/2 .. 21/2), and the two kinds of override. */
    struct mc_cal_rules r;
    mc_cal_rules_default(&r);
    r.national_adjacent = 1;
    r.compensatory = 0;
    r.tet_first = -2;
    r.tet_days = 7;
    struct mc_cal_override ov[] = {
        {day(2026, 1, 2), MC_DAY_OVERRIDE_OFF, "Nghỉ nối Tết Dương lịch"},
        {day(2026, 1, 10), MC_DAY_OVERRIDE_WORK, NULL},
    };
    static const char *const want[] = {
        "2026-01-01 holiday", "2026-01-02 override_off", "2026-01-10 override_work", "2026-02-15 tet",
        "2026-02-16 tet",     "2026-02-17 tet",          "2026-02-18 tet",           "2026-02-19 tet",
        "2026-02-20 tet",     "2026-02-21 tet",          "2026-04-26 holiday",       "2026-04-30 holiday",
        "2026-05-01 holiday", "2026-09-02 holiday",      "2026-09-03 holiday",
    };
    struct mc_cal *cal = cal_with(&r, ov, 2);
    check_holidays(cal, 2026, want, sizeof(want) / sizeof(want[0]), __LINE__);
    enum mc_day_kind k;
    const char *name;
    CHECK_INT(MC_OK, mc_cal_day_kind(cal, day(2026, 1, 2), &k, &name, NULL));
    CHECK_STR("Nghỉ nối Tết Dương lịch", name);
    CHECK_INT(MC_OK, mc_cal_day_kind(cal, day(2026, 1, 10), &k, &name, NULL));
    CHECK_STR("Ngày làm bù", name);
    CHECK(mc_day_kind_working(k));
    mc_cal_free(cal);
}

static void test_cal_bad_input(void)
{
    struct mc_cal *cal = NULL;
    struct mc_error e;
    struct mc_cal_rules r;
    struct mc_worktime w;
    mc_error_init(&e);
    mc_cal_rules_default(&r);
    r.tet_days = 0;
    CHECK_INT(MC_ERR_INVALID, mc_cal_new(&r, NULL, 0, NULL, &cal, &e));
    CHECK_STR("rules.tet_days", e.details[0].value);
    mc_error_init(&e);
    mc_worktime_default(&w);
    w.iv[1].start = 11 * 60; /* overlaps the morning */
    CHECK_INT(MC_ERR_INVALID, mc_cal_new(NULL, NULL, 0, &w, &cal, &e));
    CHECK_STR("worktime.iv", e.details[0].value);
    CHECK(strstr(e.message_en, "worktime.iv[1]") != NULL);
    mc_error_init(&e);
    w.iv[1].start = 13 * 60;
    w.weekdays = 0;
    CHECK_INT(MC_ERR_INVALID, mc_cal_new(NULL, NULL, 0, &w, &cal, &e));
    CHECK_STR("worktime.weekdays", e.details[0].value);
    struct mc_cal_override ov[] = {{day(2026, 1, 2), MC_DAY_OVERRIDE_OFF, NULL},
                                   {day(1800, 1, 2), MC_DAY_OVERRIDE_OFF, NULL}};
    mc_error_init(&e);
    CHECK_INT(MC_ERR_RANGE, mc_cal_new(NULL, ov, 2, NULL, &cal, &e));
    CHECK_STR("overrides[1].day", e.details[0].value);
    ov[1].day = day(2026, 1, 3);
    ov[1].kind = MC_DAY_TET;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_cal_new(NULL, ov, 2, NULL, &cal, &e));
    CHECK_STR("overrides[1].kind", e.details[0].value);
    CHECK(cal == NULL);
    cal = cal_with(NULL, NULL, 0);
    struct mc_cal_day days[MC_CAL_YEAR_MAX_DAYS];
    size_t n;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_RANGE, mc_cal_holidays(cal, 1800, days, &n, &e));
    CHECK_STR("year", e.details[0].value);
    mc_cal_free(cal);
}

/* ---- due dates ---- */

static void test_due_across_tet(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    /* Fri 13/2 09:00, 3 wd: Friday is partly used, so day 1 is the next
     * working day. 14-15 weekend, 16-20 Tết, 21-22 weekend: day 1 = Mon
     * 23/2, day 2 = Tue 24/2, day 3 = Wed 25/2 -> 25/2 17:00. */
    DUE(cal, "2026-02-13T09:00", 3, MC_UNIT_WORKDAYS, 0, "2026-02-25T17:00:00+07:00");
    /* Same-time convention: 09:00 three working days later = Wed 25/2 09:00. */
    struct mc_cal_rules r;
    mc_cal_rules_default(&r);
    r.due_convention = MC_DUE_SAME_TIME;
    struct mc_cal *same = cal_with(&r, NULL, 0);
    DUE(same, "2026-02-13T09:00", 3, MC_UNIT_WORKDAYS, 0, "2026-02-25T09:00:00+07:00");
    /* Mon 07:00 + 1 wd is the end of that Monday, not Tuesday 07:00. */
    DUE(same, "2026-03-02T07:00", 1, MC_UNIT_WORKDAYS, 0, "2026-03-02T17:00:00+07:00");
    mc_cal_free(same);

    /* The explanation names every day skipped. */
    struct mc_due_req req = {.received = at("2026-02-13T09:00"), .amount = 3, .unit = MC_UNIT_WORKDAYS};
    struct mc_due_res res;
    struct mc_cal_explain x;
    mc_cal_explain_init(&x);
    CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, &x, NULL));
    CHECK_INT(10, x.n); /* 9 days off + the due rule */
    CHECK_STR("2026-02-17 Tết Nguyên Đán (tet)", x.notes[3].reason);
    CHECK_INT(MC_DAY_TET, x.notes[3].day_kind);
    CHECK_STR("2026-02-21 Saturday (weekend)", x.notes[7].reason);
    CHECK_INT(MC_NOTE_DUE, x.notes[9].kind);
    mc_cal_explain_release(&x);
    mc_cal_free(cal);
}

static void test_due_start_of_day_counts(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    /* Mon 2/3 06:30, before hours: the clock starts Mon 07:00, a whole day,
     * so Monday is day 1 -> Mon 17:00. From 09:00 Monday is partial -> Tue. */
    DUE(cal, "2026-03-02T06:30", 1, MC_UNIT_WORKDAYS, 0, "2026-03-02T17:00:00+07:00");
    DUE(cal, "2026-03-02T09:00", 1, MC_UNIT_WORKDAYS, 0, "2026-03-03T17:00:00+07:00");
    /* 0 wd: the end of the start day. */
    DUE(cal, "2026-03-02T10:00", 0, MC_UNIT_WORKDAYS, 0, "2026-03-02T17:00:00+07:00");
    /* Received Saturday 7/3: the clock starts Mon 9/3 07:00 = day 1; day 2 = Tue 10/3. */
    DUE(cal, "2026-03-07T10:00", 2, MC_UNIT_WORKDAYS, 0, "2026-03-10T17:00:00+07:00");
    mc_cal_free(cal);
}

static void test_due_make_up_saturday(void)
{
    /* Sat 28/2 made a working day, Mon 2/3 an extra day off. Fri 27/2 10:00:
     * 1 wd -> day 1 = Sat 28/2 -> 28/2 17:00 (without the override: Mon 2/3).
     * 2 wd -> day 2 skips Sun 1/3 and Mon 2/3 -> Tue 3/3 17:00. */
    struct mc_cal_override ov[] = {
        {day(2026, 2, 28), MC_DAY_OVERRIDE_WORK, "Làm bù"},
        {day(2026, 3, 2), MC_DAY_OVERRIDE_OFF, "Nghỉ bù"},
    };
    struct mc_cal *plain = cal_with(NULL, NULL, 0);
    struct mc_cal *cal = cal_with(NULL, ov, 2);
    DUE(plain, "2026-02-27T10:00", 1, MC_UNIT_WORKDAYS, 0, "2026-03-02T17:00:00+07:00");
    DUE(cal, "2026-02-27T10:00", 1, MC_UNIT_WORKDAYS, 0, "2026-02-28T17:00:00+07:00");
    DUE(cal, "2026-02-27T10:00", 2, MC_UNIT_WORKDAYS, 0, "2026-03-03T17:00:00+07:00");
    /* Hours run on the make-up Saturday too: Fri 16:00 + 2 h = Sat 08:00. */
    DUE(cal, "2026-02-27T16:00", 2, MC_UNIT_HOURS, 0, "2026-02-28T08:00:00+07:00");
    mc_cal_free(cal);
    mc_cal_free(plain);
}

static void test_due_hours_and_lunch(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    /* Mon 2/3 10:00 + 4 h: 10:00-11:30 is 1.5 h, 2.5 h more from 13:30 -> 16:00. */
    DUE(cal, "2026-03-02T10:00", 4, MC_UNIT_HOURS, 0, "2026-03-02T16:00:00+07:00");
    /* Received 12:15, in the break: the clock starts 13:30; + 2 h -> 15:30. */
    DUE(cal, "2026-03-02T12:15", 2, MC_UNIT_HOURS, 0, "2026-03-02T15:30:00+07:00");
    /* 09:30 + 2 h ends exactly at the break: 11:30, not 13:30. */
    DUE(cal, "2026-03-02T09:30", 2, MC_UNIT_HOURS, 0, "2026-03-02T11:30:00+07:00");
    /* 15:00 + 8 h: 2 h Monday, 4.5 h Tuesday morning, 1.5 h from 13:30 -> Tue 15:00. */
    DUE(cal, "2026-03-02T15:00", 8, MC_UNIT_HOURS, 0, "2026-03-03T15:00:00+07:00");
    /* 0 h during the break: the clock start itself, 13:30. */
    DUE(cal, "2026-03-02T12:00", 0, MC_UNIT_HOURS, 0, "2026-03-02T13:30:00+07:00");
    mc_cal_free(cal);
}

static void test_due_after_hours_and_cutoff(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    /* Fri 6/3 18:30: after hours, the clock starts Mon 9/3 07:00 (day 1);
     * 2 wd -> Tue 10/3 17:00. */
    DUE(cal, "2026-03-06T18:30", 2, MC_UNIT_WORKDAYS, 0, "2026-03-10T17:00:00+07:00");
    /* Mon 2/3 15:30 + 8 h: without a cut-off 1.5 h Monday, 4.5 h Tuesday
     * morning, 2 h from 13:30 -> Tue 15:30. With the 15:00 cut-off the clock
     * starts Tue 07:00 -> Tue 17:00. At 15:00 sharp the cut-off does not apply. */
    DUE(cal, "2026-03-02T15:30", 8, MC_UNIT_HOURS, 0, "2026-03-03T15:30:00+07:00");
    DUE(cal, "2026-03-02T15:30", 8, MC_UNIT_HOURS, 15 * 60, "2026-03-03T17:00:00+07:00");
    DUE(cal, "2026-03-02T15:00", 8, MC_UNIT_HOURS, 15 * 60, "2026-03-03T15:00:00+07:00");
    /* Under end-of-day a partial day never counts, so for wd the cut-off
     * gives the same Tue 17:00 as an ordinary afternoon receipt. */
    DUE(cal, "2026-03-02T15:30", 1, MC_UNIT_WORKDAYS, 15 * 60, "2026-03-03T17:00:00+07:00");

    struct mc_due_req req = {.received = at("2026-03-02T15:30"), .amount = 8, .unit = MC_UNIT_HOURS, .cutoff = 900};
    struct mc_due_res res;
    struct mc_cal_explain x;
    mc_cal_explain_init(&x);
    CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, &x, NULL));
    CHECK(x.n >= 1);
    CHECK_INT(MC_NOTE_START, x.notes[0].kind);
    CHECK_STR("received 2026-03-02T15:30:00+07:00 after the cut-off; the clock starts 2026-03-03T07:00:00+07:00",
              x.notes[0].reason);
    mc_cal_explain_release(&x);
    req.received = at("2026-03-06T18:30");
    req.cutoff = 0;
    CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, &x, NULL));
    CHECK(strstr(x.notes[0].reason, "after working hours") != NULL);
    mc_cal_explain_release(&x);
    mc_cal_free(cal);
}

static void test_due_pause_shift_and_restart(void)
{
    /* Mon 2/3 09:00, 5 wd: day 1 = Tue 3/3 ... day 5 = Mon 9/3 -> 9/3 17:00.
     * Paused Wed 4/3 14:00 to Thu 5/3 10:00: working time inside = 3 h
     * (14:00-17:00) + 3 h (07:00-10:00) = 6 h.
     * shift: 9/3 17:00 + 6 h -> Tue 10/3 07:00 + 4.5 h + 1.5 h -> 15:00.
     * restart: from Thu 5/3 10:00 (partial day): Fri 6 (1), Mon 9, Tue 10,
     * Wed 11, Thu 12/3 (5) -> 12/3 17:00. */
    struct mc_cal_pause p[] = {{at("2026-03-04T14:00"), at("2026-03-05T10:00")}};
    struct mc_due_req req = {
        .received = at("2026-03-02T09:00"), .amount = 5, .unit = MC_UNIT_WORKDAYS, .pauses = p, .npauses = 1};
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    check_due_req(cal, &req, "2026-03-10T15:00:00+07:00", __LINE__);
    struct mc_cal_rules r;
    mc_cal_rules_default(&r);
    r.pause_mode = MC_PAUSE_RESTART;
    struct mc_cal *restart = cal_with(&r, NULL, 0);
    check_due_req(restart, &req, "2026-03-12T17:00:00+07:00", __LINE__);
    /* A pause over a weekend only costs no working time: Sat 7/3 to Sun 8/3. */
    struct mc_cal_pause weekend[] = {{at("2026-03-07T08:00"), at("2026-03-08T16:00")}};
    req.pauses = weekend;
    check_due_req(cal, &req, "2026-03-09T17:00:00+07:00", __LINE__);
    /* A pause starting after the due has no effect. */
    struct mc_cal_pause late[] = {{at("2026-03-10T08:00"), at("2026-03-11T08:00")}};
    req.pauses = late;
    check_due_req(cal, &req, "2026-03-09T17:00:00+07:00", __LINE__);

    req.pauses = p;
    struct mc_due_res res;
    struct mc_cal_explain x;
    mc_cal_explain_init(&x);
    CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, &x, NULL));
    CHECK_INT(MC_NOTE_PAUSE, x.notes[0].kind);
    CHECK(strstr(x.notes[0].reason, "6 h 00 min of working time") != NULL);
    mc_cal_explain_release(&x);
    mc_cal_free(restart);
    mc_cal_free(cal);
}

static void test_due_calendar_days(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    /* Mon 20/4 09:00 + 10 d = Thu 30/4, a holiday; Fri 1/5 holiday, 2-3/5
     * weekend -> Mon 4/5, at the end of the working day. */
    DUE(cal, "2026-04-20T09:00", 10, MC_UNIT_DAYS, 0, "2026-05-04T17:00:00+07:00");
    /* Mon 2/3 09:00 + 2 d = Wed 4/3, a working day. */
    DUE(cal, "2026-03-02T09:00", 2, MC_UNIT_DAYS, 0, "2026-03-04T17:00:00+07:00");
    /* Received Sat 7/3: the clock starts Mon 9/3 07:00, day 1 -> + 10 d = Wed 18/3. */
    DUE(cal, "2026-03-07T10:00", 10, MC_UNIT_DAYS, 0, "2026-03-18T17:00:00+07:00");
    mc_cal_free(cal);
}

static void test_worktime_between(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    int64_t s = -1;
    /* Mon 2/3 10:00 -> Tue 3/3 14:00: 1.5 + 3.5 + 4.5 + 0.5 = 10 h. */
    CHECK_INT(MC_OK, mc_cal_worktime_between(cal, at("2026-03-02T10:00"), at("2026-03-03T14:00"), &s, NULL));
    CHECK_INT(10 * 3600, s);
    /* Fri 13/2 16:00 -> Mon 23/2 08:00 across Tết: 1 h + 1 h. */
    CHECK_INT(MC_OK, mc_cal_worktime_between(cal, at("2026-02-13T16:00"), at("2026-02-23T08:00"), &s, NULL));
    CHECK_INT(2 * 3600, s);
    /* Inside the lunch break: nothing. */
    CHECK_INT(MC_OK, mc_cal_worktime_between(cal, at("2026-03-02T11:40"), at("2026-03-02T13:20"), &s, NULL));
    CHECK_INT(0, s);
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_cal_worktime_between(cal, at("2026-03-03T10:00"), at("2026-03-02T10:00"), &s, &e));
    CHECK_STR("t1", e.details[0].value);
    mc_cal_free(cal);
}

/* Working seconds in [t0, t1) minute by minute, from the day kinds. */
static int64_t brute_between(const struct mc_cal *cal, int64_t t0, int64_t t1)
{
    const struct mc_worktime *w = mc_cal_worktime(cal);
    int64_t total = 0;
    for (int64_t t = t0; t < t1; t += 60) {
        int64_t local = t + MC_TZ_OFFSET, d = local / 86400, minute = local % 86400 / 60;
        enum mc_day_kind k;
        mc_cal_day_kind(cal, d, &k, NULL, NULL);
        for (int i = 0; mc_day_kind_working(k) && i < w->n; i++)
            if (minute >= w->iv[i].start && minute < w->iv[i].end)
                total += 60;
    }
    return total;
}

static void test_due_properties(void)
{
    /* Pseudo-random receipts over 2025-2027 (minute resolution) and amounts:
     * the working clock agrees with a brute count, and each due sits where
     * its convention says. */
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    uint64_t seed = 42;
    int64_t t_base = at("2025-01-01T00:00"), d = 8 * 3600;
    for (int i = 0; i < 300; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t t = t_base + (int64_t)(seed >> 33) % (3 * 365 * 1440) * 60;
        int64_t n = 1 + (int64_t)(seed >> 20) % 12;
        struct mc_due_req req = {.received = t, .amount = n, .unit = MC_UNIT_WORKDAYS};
        struct mc_due_res res;
        int64_t between = 0;
        CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, NULL, NULL));
        CHECK_INT(MC_OK, mc_cal_worktime_between(cal, res.start, res.due, &between, NULL));
        int64_t start_sod = (res.start + MC_TZ_OFFSET) % 86400, due_sod = (res.due + MC_TZ_OFFSET) % 86400;
        CHECK_INT(17 * 3600, due_sod);
        if (start_sod == 7 * 3600)
            CHECK_INT(n * d, between);
        else
            CHECK(between > n * d && between < (n + 1) * d);
        if (i < 40) {
            CHECK_INT(MC_OK, mc_cal_worktime_between(cal, t, t + 5 * 86400, &between, NULL));
            CHECK_INT(brute_between(cal, t, t + 5 * 86400), between);
        }
        req.unit = MC_UNIT_HOURS;
        CHECK_INT(MC_OK, mc_cal_due(cal, &req, &res, NULL, NULL));
        CHECK_INT(MC_OK, mc_cal_worktime_between(cal, res.start, res.due, &between, NULL));
        CHECK_INT(n * 3600, between);
    }
    mc_cal_free(cal);
}

static void check_due_error(const struct mc_cal *cal, const struct mc_due_req *req, mc_err want, const char *field,
                            int line)
{
    struct mc_due_res res;
    struct mc_error e;
    mc_error_init(&e);
    mc_err err = mc_cal_due(cal, req, &res, NULL, &e);
    if (err != want || e.ndetails < 1 || strcmp(e.details[0].value, field))
        mc_check_fail(__FILE__, line, "want error %d on %s, got %d on %s", want, field, err,
                      e.ndetails ? e.details[0].value : "-");
    if (!strstr(e.message, field) || !strstr(e.message_en, field))
        mc_check_fail(__FILE__, line, "the messages do not name %s", field);
}

static void test_due_bad_input(void)
{
    struct mc_cal *cal = cal_with(NULL, NULL, 0);
    struct mc_due_req req = {.received = at("2026-03-02T09:00"), .amount = -1, .unit = MC_UNIT_WORKDAYS};
    check_due_error(cal, &req, MC_ERR_INVALID, "amount", __LINE__);
    req.amount = 1;
    req.unit = (enum mc_due_unit)7;
    check_due_error(cal, &req, MC_ERR_INVALID, "unit", __LINE__);
    req.unit = MC_UNIT_HOURS;
    req.cutoff = 25 * 60;
    check_due_error(cal, &req, MC_ERR_INVALID, "cutoff", __LINE__);
    req.cutoff = 0;
    req.received = at("1800-03-02T09:00");
    check_due_error(cal, &req, MC_ERR_RANGE, "received", __LINE__);
    req.received = at("2199-12-01T09:00");
    req.unit = MC_UNIT_WORKDAYS;
    req.amount = 100;
    check_due_error(cal, &req, MC_ERR_RANGE, "amount", __LINE__);
    struct mc_cal_pause p[] = {{at("2026-03-05T09:00"), at("2026-03-04T09:00")}};
    req.received = at("2026-03-02T09:00");
    req.pauses = p;
    req.npauses = 1;
    check_due_error(cal, &req, MC_ERR_INVALID, "pauses[0]", __LINE__);
    enum mc_due_unit u;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_due_unit_parse("weeks", &u, &e));
    CHECK_STR("unit", e.details[0].value);
    CHECK_INT(MC_OK, mc_due_unit_parse("h", &u, NULL));
    CHECK_INT(MC_UNIT_HOURS, u);
    mc_cal_free(cal);
}

static void test_custom_worktime(void)
{
    /* A Saturday-morning agency: 08:00-12:00 Monday to Saturday. */
    struct mc_worktime w = {.n = 1, .iv = {{8 * 60, 12 * 60}}, .weekdays = 0x7e};
    struct mc_cal *cal = NULL;
    CHECK_INT(MC_OK, mc_cal_new(NULL, NULL, 0, &w, &cal, NULL));
    /* Fri 6/3 10:00 + 1 wd -> Sat 7/3 12:00; + 6 h -> Fri 2 h, Sat 4 h -> Sat 12:00. */
    DUE(cal, "2026-03-06T10:00", 1, MC_UNIT_WORKDAYS, 0, "2026-03-07T12:00:00+07:00");
    DUE(cal, "2026-03-06T10:00", 6, MC_UNIT_HOURS, 0, "2026-03-07T12:00:00+07:00");
    mc_cal_free(cal);
}

MC_SUITE(calendar, MC_TEST(test_lunar_known_tet), MC_TEST(test_lunar_known_leap_months),
         MC_TEST(test_lunar_every_day_1900_2199), MC_TEST(test_lunar_bad_input), MC_TEST(test_holidays_2026_default),
         MC_TEST(test_holidays_compensatory_chain), MC_TEST(test_holidays_rules_and_overrides),
         MC_TEST(test_cal_bad_input), MC_TEST(test_due_across_tet), MC_TEST(test_due_start_of_day_counts),
         MC_TEST(test_due_make_up_saturday), MC_TEST(test_due_hours_and_lunch),
         MC_TEST(test_due_after_hours_and_cutoff), MC_TEST(test_due_pause_shift_and_restart),
         MC_TEST(test_due_calendar_days), MC_TEST(test_worktime_between), MC_TEST(test_due_properties),
         MC_TEST(test_due_bad_input), MC_TEST(test_custom_worktime));
