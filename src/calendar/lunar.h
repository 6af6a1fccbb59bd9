/* lunar.h - the Vietnamese lunar calendar (âm lịch), 1900-2199.
 *
 * Months start on the day (UTC+7) of the astronomical new moon; month 11
 * holds the winter solstice; in a year of 13 months the first month without
 * a principal solar term is the leap month. The rules and the astronomy are
 * Hồ Ngọc Đức's (see docs/internals/calendar.md). A struct mc_lunar is a
 * precomputed table of every month start in the range, so a conversion is a
 * binary search and never calls the astronomy.
 *
 * The supported range is the solar days 1900-01-01 .. 2199-12-31; a day or
 * a lunar date outside it gives MC_ERR_RANGE naming the field. */
#ifndef MC_LUNAR_H
#define MC_LUNAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_error;
struct mc_lunar;

#define MC_CAL_FIRST_YEAR 1900
#define MC_CAL_LAST_YEAR 2199

struct mc_lunar_date {
    int day;        /* 1..30 */
    int month;      /* 1..12 */
    int year;       /* the lunar year, named by the solar year of its Tết */
    int leap;       /* 1 in a leap month (tháng nhuận) */
    int month_days; /* 29 or 30 */
};

/* The first and last day numbers (days since 1970-01-01) of the range. */
int64_t mc_lunar_min_day(void);
int64_t mc_lunar_max_day(void);

/* MC_OK when day lies in 1900-01-01..2199-12-31; otherwise MC_ERR_RANGE
 * with e (if not NULL) naming field and the range in both languages. */
mc_err mc_lunar_check_day(int64_t day, const char *field, struct mc_error *e);

/* Builds the month table (about 3,700 months; a few milliseconds). The
 * caller owns the result and frees it with mc_lunar_free. Never NULL. */
struct mc_lunar *mc_lunar_new(void);
void mc_lunar_free(struct mc_lunar *lt);

/* The lunar date of solar day `day`. MC_ERR_RANGE (field "date") outside
 * the range. Allocation-free; safe to call from many threads at once. */
mc_err mc_lunar_from_solar(const struct mc_lunar *lt, int64_t day, struct mc_lunar_date *out, struct mc_error *e);

/* The solar day of lunar day/month/year (leap: 1 for the leap month).
 * MC_ERR_INVALID naming "day", "month" or "leap" when the date does not
 * exist (day 30 of a 29-day month, a leap month the year does not have);
 * MC_ERR_RANGE naming "year" outside 1899-2199 (the end of lunar 1899 is
 * January 1900) or "date" when the date falls outside the solar range. */
mc_err mc_lunar_to_solar(const struct mc_lunar *lt, int day, int month, int year, int leap, int64_t *out,
                         struct mc_error *e);

/* The sexagenary (can chi) name of lunar year `year`, e.g. "Bính Ngọ" for
 * 2026, into out (NUL-terminated, truncated to cap). */
void mc_lunar_year_name(int year, char *out, size_t cap);

#endif
