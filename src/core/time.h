/* time.h - instants, civil dates and ISO 8601 in Vietnam's time zone.
 *
 * Instants are int64 seconds since the Unix epoch (UTC). Vietnam keeps UTC+7
 * all year (no daylight saving), so local civil time is instant + 7 h; every
 * timestamp motcua prints carries the +07:00 offset. Civil-date arithmetic
 * uses the proleptic Gregorian calendar (Howard Hinnant's algorithms), valid
 * far beyond the years 1900-2199 the calendar module needs. */
#ifndef MC_TIME_H
#define MC_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define MC_TZ_OFFSET (7 * 3600)
#define MC_ISO_LEN 32

/* Wall-clock seconds since the epoch. */
int64_t mc_time_now(void);
/* Monotonic milliseconds, for durations and timeouts. */
int64_t mc_clock_ms(void);

/* Days since 1970-01-01 of a civil date; month 1-12, day 1-31 (not checked). */
int64_t mc_days_from_civil(int y, int m, int d);
void mc_civil_from_days(int64_t days, int *y, int *m, int *d);
int mc_days_in_month(int y, int m);
/* 0 = Sunday ... 6 = Saturday. */
int mc_weekday(int64_t days);
/* 1 when y-m-d is a real date. */
int mc_date_valid(int y, int m, int d);

/* "2026-11-23T10:30:00+07:00" for instant t. */
void mc_time_iso(int64_t t, char out[MC_ISO_LEN]);
/* "2026-11-23" for a day number. */
void mc_date_iso(int64_t days, char out[11]);

/* Parses YYYY-MM-DD (exactly) into a day number; MC_ERR_INVALID when the
 * text is malformed or the date does not exist (30 February). */
mc_err mc_date_parse(const char *s, size_t len, int64_t *days);
/* Parses YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+HH:MM|-HH:MM]; a date or a time
 * without an offset is Vietnam time. MC_ERR_INVALID on anything else. */
mc_err mc_time_parse(const char *s, size_t len, int64_t *t);

#endif
