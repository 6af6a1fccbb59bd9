/* cal.h - the working calendar: days off, working hours, rule sets.
 *
 * A struct mc_cal is built once from a rule set, a list of yearly overrides
 * and a working-hours schedule, and is immutable afterwards (share it between
 * threads freely). Building precomputes the kind of every day of 1900-2199
 * and prefix counts of working days, so due dates (calendar/due.h) are
 * computed in constant time. See docs/internals/calendar.md. */
#ifndef MC_CAL_H
#define MC_CAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_error;
struct mc_cal;
struct mc_lunar;

/* The kind of a day. Working: MC_DAY_WORK and MC_DAY_OVERRIDE_WORK. */
enum mc_day_kind {
    MC_DAY_WORK = 0,      /* an ordinary working day */
    MC_DAY_WEEKEND,       /* a weekday outside the schedule (Saturday, Sunday) */
    MC_DAY_HOLIDAY,       /* a public holiday (1/1, Hùng Kings, 30/4, 1/5, 2/9 and its adjacent day) */
    MC_DAY_TET,           /* a day of the lunar New Year holiday */
    MC_DAY_COMPENSATORY,  /* a day off given for a holiday that fell on a rest day */
    MC_DAY_OVERRIDE_OFF,  /* a day off decided for that year (override) */
    MC_DAY_OVERRIDE_WORK, /* a rest day made a working day for that year (override) */
    MC_DAY__COUNT
};

/* "work", "weekend", "holiday", "tet", "compensatory", "override_off",
 * "override_work"; "unknown" for anything else. */
const char *mc_day_kind_name(enum mc_day_kind k);
/* 1 for the two working kinds. */
int mc_day_kind_working(enum mc_day_kind k);

/* When a due instant in working days lands (calendar/due.h). */
enum mc_due_convention {
    MC_DUE_END_OF_DAY = 0, /* end of the Nth working day (default) */
    MC_DUE_SAME_TIME,      /* the same working-clock moment N working days later */
};

/* What a pause does to the due date (calendar/due.h). */
enum mc_pause_mode {
    MC_PAUSE_SHIFT = 0, /* the due date moves by the working time spent paused (default) */
    MC_PAUSE_RESTART,   /* the full time restarts from the resume instant */
};

/* The rule set. Everything the law leaves open is a field here. */
struct mc_cal_rules {
    int tet_first;         /* first day off of Tết, relative to lunar 1/1 (default -1: the last day of the year) */
    int tet_days;          /* number of consecutive Tết days off, 1..15 (default 5) */
    int national_adjacent; /* the day joined to 2/9: -1 (1/9, default), +1 (3/9) or 0 (none) */
    int compensatory;      /* 1 (default): a holiday on a rest day gives the next working day off */
    int hung_kings;        /* 1 (default): lunar 10/3 is a holiday */
    enum mc_pause_mode pause_mode;
    enum mc_due_convention due_convention;
};

/* The defaults above. */
void mc_cal_rules_default(struct mc_cal_rules *r);

/* A yearly decision: one day off (MC_DAY_OVERRIDE_OFF) or one rest day
 * made a working day (MC_DAY_OVERRIDE_WORK). Overrides win over every
 * generated rule. name may be NULL (a generic name is used); it is copied. */
struct mc_cal_override {
    int64_t day; /* days since 1970-01-01 */
    enum mc_day_kind kind;
    const char *name;
};

/* The most overrides one calendar takes (mc_cal_new). */
#define MC_CAL_MAX_OVERRIDES 10000

#define MC_WORKTIME_MAX_INTERVALS 8

/* The working hours of an agency: sorted, disjoint intervals in minutes of
 * the day [start, end), the same on every working day, and the weekdays
 * that are working days (bit 0 = Sunday ... bit 6 = Saturday, as
 * mc_weekday numbers them). */
struct mc_worktime {
    int n;
    struct {
        int start, end;
    } iv[MC_WORKTIME_MAX_INTERVALS];
    unsigned weekdays;
};

/* 07:00-11:30 and 13:30-17:00, Monday to Friday (8 h a day). */
void mc_worktime_default(struct mc_worktime *w);

/* Builds a calendar. rules and wt may be NULL for the defaults; overrides
 * (n of them) are copied. MC_ERR_INVALID naming the field ("rules.tet_days",
 * "worktime.iv[1]", "overrides[3].kind" ...) or MC_ERR_RANGE naming
 * "overrides[i].day" outside 1900-2199. On success *out is the caller's, to
 * be freed with mc_cal_free. */
mc_err mc_cal_new(const struct mc_cal_rules *rules, const struct mc_cal_override *overrides, size_t n,
                  const struct mc_worktime *wt, struct mc_cal **out, struct mc_error *e);
void mc_cal_free(struct mc_cal *cal);

/* The rules, schedule and lunar table the calendar was built with (owned by
 * the calendar). */
const struct mc_cal_rules *mc_cal_rules(const struct mc_cal *cal);
const struct mc_worktime *mc_cal_worktime(const struct mc_cal *cal);
const struct mc_lunar *mc_cal_lunar(const struct mc_cal *cal);

/* The kind of day and, in *name (may be NULL), its name: the holiday's name
 * ("Tết Nguyên Đán"), the override's, or the English weekday name
 * ("Saturday") for weekends and working days; the string belongs to the
 * calendar. MC_ERR_RANGE (field "day") outside 1900-2199. */
mc_err mc_cal_day_kind(const struct mc_cal *cal, int64_t day, enum mc_day_kind *kind, const char **name,
                       struct mc_error *e);

struct mc_cal_day {
    int64_t day;
    enum mc_day_kind kind;
    const char *name; /* belongs to the calendar */
};

#define MC_CAL_YEAR_MAX_DAYS 366

/* Every day of solar year `year` that is neither a working day nor a plain
 * weekend day, plus the make-up working days (MC_DAY_OVERRIDE_WORK), in date
 * order: out must hold MC_CAL_YEAR_MAX_DAYS entries; *n receives the count.
 * MC_ERR_RANGE (field "year") outside 1900-2199. */
mc_err mc_cal_holidays(const struct mc_cal *cal, int year, struct mc_cal_day *out, size_t *n, struct mc_error *e);

#endif
