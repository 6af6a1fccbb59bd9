/* calendar_store.h - the yearly calendar overrides in the database
 * (table calendar_overrides, migration 0003).
 *
 * An override is one day: an extra day off (MC_DAY_OVERRIDE_OFF, stored
 * 'off') or a rest day made a working day (MC_DAY_OVERRIDE_WORK, stored
 * 'work'), at most one per day. Writes are meant to run inside a writer
 * transaction (mc_async write step) next to their audit row. NOT_FOUND is
 * MC_ERR_NOT_FOUND without err being filled. See docs/internals/calendar.md. */
#ifndef MC_CALENDAR_STORE_H
#define MC_CALENDAR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "calendar/cal.h"
#include "core/err.h"

struct mc_db;

#define MC_CAL_OVERRIDE_NAME_MAX 200 /* bytes of UTF-8 */

struct mc_cal_override_row {
    int64_t id;
    int64_t day;                             /* days since 1970-01-01 */
    enum mc_day_kind kind;                   /* MC_DAY_OVERRIDE_OFF or MC_DAY_OVERRIDE_WORK */
    char name[MC_CAL_OVERRIDE_NAME_MAX + 1]; /* "" = the calendar's generic name */
    int64_t created_by;                      /* user id, 0 when unknown */
    int64_t created_at, updated_at;
};

/* Rows in day order, and the same as the array mc_cal_new takes (ov[i].name
 * points into rows[i], NULL for an empty name). Owned by the list. */
struct mc_cal_override_list {
    struct mc_cal_override_row *rows;
    struct mc_cal_override *ov;
    size_t n;
};

/* "off" / "work" <-> the two override kinds; parse returns -1 otherwise. */
const char *mc_cal_store_kind_name(enum mc_day_kind kind);
int mc_cal_store_kind_parse(const char *s, enum mc_day_kind *kind);

/* Loads the overrides with from <= day <= to into *out (initialised here;
 * release it with mc_cal_override_list_release, also after an error). At
 * most MC_CAL_MAX_OVERRIDES rows: more is MC_ERR_TOO_LARGE (409
 * too_many_overrides). */
mc_err mc_cal_store_list(struct mc_db *db, int64_t from, int64_t to, struct mc_cal_override_list *out,
                         struct mc_error *err);
void mc_cal_override_list_release(struct mc_cal_override_list *l);

/* Builds the working calendar of the default rules and schedule with every
 * stored override. *out is the caller's (mc_cal_free). Errors of
 * mc_cal_store_list and mc_cal_new. */
mc_err mc_cal_store_build(struct mc_db *db, struct mc_cal **out, struct mc_error *err);

/* The override of day into *row; MC_ERR_NOT_FOUND when there is none. */
mc_err mc_cal_store_get(struct mc_db *db, int64_t day, struct mc_cal_override_row *row, struct mc_error *err);
/* Inserts row (day, kind, name, created_by; id, created_at and updated_at
 * are set to now). MC_ERR_CONFLICT (409 override_exists, field "date") when
 * the day has one; MC_ERR_TOO_LARGE (409 too_many_overrides) when
 * MC_CAL_MAX_OVERRIDES are stored already. */
mc_err mc_cal_store_insert(struct mc_db *db, struct mc_cal_override_row *row, struct mc_error *err);
/* Sets kind and name of the override of row->day (updated_at = now; the
 * other fields of row are read back). MC_ERR_NOT_FOUND when there is none. */
mc_err mc_cal_store_update(struct mc_db *db, struct mc_cal_override_row *row, struct mc_error *err);
/* Deletes the override of day; MC_ERR_NOT_FOUND when there is none. */
mc_err mc_cal_store_delete(struct mc_db *db, int64_t day, struct mc_error *err);

#endif
