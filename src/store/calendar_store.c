/* calendar_store.c - the calendar_overrides table. */
#include "store/calendar_store.h"

#include <stdio.h>
#include <string.h>

#include "calendar/lunar.h"
#include "core/alloc.h"
#include "core/time.h"
#include "store/store.h"
#include "core/banned.h"

#define COLUMNS "id, day, kind, name, created_by, created_at, updated_at"

const char *mc_cal_store_kind_name(enum mc_day_kind kind)
{
    return kind == MC_DAY_OVERRIDE_WORK ? "work" : "off";
}

int mc_cal_store_kind_parse(const char *s, enum mc_day_kind *kind)
{
    if (s && !strcmp(s, "off"))
        *kind = MC_DAY_OVERRIDE_OFF;
    else if (s && !strcmp(s, "work"))
        *kind = MC_DAY_OVERRIDE_WORK;
    else
        return -1;
    return 0;
}

/* The current row of a SELECT COLUMNS into *row. */
static void read_row(struct mc_stmt *st, struct mc_cal_override_row *row)
{
    memset(row, 0, sizeof(*row));
    row->id = mc_stmt_int(st, 0);
    row->day = mc_stmt_int(st, 1);
    mc_cal_store_kind_parse(mc_stmt_text(st, 2, NULL), &row->kind);
    snprintf(row->name, sizeof(row->name), "%s", mc_stmt_text(st, 3, NULL));
    row->created_by = mc_stmt_int(st, 4);
    row->created_at = mc_stmt_int(st, 5);
    row->updated_at = mc_stmt_int(st, 6);
}

static mc_err too_many(struct mc_error *err)
{
    mc_error_setf(err, MC_ERR_TOO_LARGE, 409, "too_many_overrides", "Đã có quá nhiều ngày điều chỉnh (tối đa %d)",
                  "Too many overrides are stored (at most %d)", MC_CAL_MAX_OVERRIDES);
    mc_error_detail_int(err, "max", MC_CAL_MAX_OVERRIDES);
    return MC_ERR_TOO_LARGE;
}

static void list_push(struct mc_cal_override_list *l, size_t *alloc, struct mc_stmt *st)
{
    if (l->n == *alloc) {
        *alloc = *alloc ? *alloc * 2 : 32;
        l->rows = mc_reallocarray(l->rows, *alloc, sizeof(*l->rows));
    }
    read_row(st, &l->rows[l->n++]);
}

/* The mc_cal_new view of the rows (done once the rows stop moving). */
static void list_views(struct mc_cal_override_list *l)
{
    l->ov = mc_calloc(l->n ? l->n : 1, sizeof(*l->ov));
    for (size_t i = 0; i < l->n; i++) {
        l->ov[i].day = l->rows[i].day;
        l->ov[i].kind = l->rows[i].kind;
        l->ov[i].name = l->rows[i].name[0] ? l->rows[i].name : NULL;
    }
}

mc_err mc_cal_store_list(struct mc_db *db, int64_t from, int64_t to, struct mc_cal_override_list *out,
                         struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    size_t alloc = 0;
    memset(out, 0, sizeof(*out));
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " COLUMNS " FROM calendar_overrides WHERE day >= $1 AND day <= $2 ORDER BY day",
                            "ii", from, to);
    while (!rc && row) {
        if (out->n == MC_CAL_MAX_OVERRIDES) {
            mc_stmt_reset(st);
            return too_many(err);
        }
        list_push(out, &alloc, st);
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        list_views(out);
    return rc;
}

void mc_cal_override_list_release(struct mc_cal_override_list *l)
{
    mc_free(l->rows);
    mc_free(l->ov);
    memset(l, 0, sizeof(*l));
}

mc_err mc_cal_store_build(struct mc_db *db, struct mc_cal **out, struct mc_error *err)
{
    struct mc_cal_override_list l;
    mc_err rc = mc_cal_store_list(db, mc_lunar_min_day(), mc_lunar_max_day(), &l, err);
    if (!rc)
        rc = mc_cal_new(NULL, l.ov, l.n, NULL, out, err);
    mc_cal_override_list_release(&l);
    return rc;
}

mc_err mc_cal_store_get(struct mc_db *db, int64_t day, struct mc_cal_override_row *row, struct mc_error *err)
{
    struct mc_stmt *st;
    int has;
    mc_err rc = mc_db_query(db, &st, &has, err, "SELECT " COLUMNS " FROM calendar_overrides WHERE day = $1", "i", day);
    if (rc)
        return rc;
    if (!has)
        return MC_ERR_NOT_FOUND;
    read_row(st, row);
    mc_stmt_reset(st);
    return MC_OK;
}

static mc_err exists(int64_t day, struct mc_error *err)
{
    char iso[11];
    mc_date_iso(day, iso);
    if (err)
        mc_error_init(err); /* drop the engine's detail */
    mc_error_setf(err, MC_ERR_CONFLICT, 409, "override_exists", "Ngày %s đã có điều chỉnh; hãy sửa nó (PUT)",
                  "%s already has an override; change it instead (PUT)", iso);
    mc_error_detail_str(err, "field", "date");
    return MC_ERR_CONFLICT;
}

mc_err mc_cal_store_insert(struct mc_db *db, struct mc_cal_override_row *row, struct mc_error *err)
{
    struct mc_stmt *st;
    int has;
    int64_t count;
    mc_err rc = mc_db_int(db, &count, err, "SELECT count(*) FROM calendar_overrides", "");
    if (rc)
        return rc;
    if (count >= MC_CAL_MAX_OVERRIDES)
        return too_many(err);
    row->created_at = row->updated_at = mc_time_now();
    rc = mc_db_query(db, &st, &has, err,
                     "INSERT INTO calendar_overrides (day, kind, name, created_by, created_at, updated_at) "
                     "VALUES ($1, $2, $3, NULLIF($4, 0), $5, $5) RETURNING id",
                     "issii", row->day, mc_cal_store_kind_name(row->kind), row->name, row->created_by, row->created_at);
    if (rc == MC_ERR_CONFLICT)
        return exists(row->day, err);
    if (rc)
        return rc;
    row->id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    return MC_OK;
}

mc_err mc_cal_store_update(struct mc_db *db, struct mc_cal_override_row *row, struct mc_error *err)
{
    struct mc_stmt *st;
    int has;
    row->updated_at = mc_time_now();
    mc_err rc = mc_db_query(db, &st, &has, err,
                            "UPDATE calendar_overrides SET kind = $1, name = $2, updated_at = $3 WHERE day = $4 "
                            "RETURNING id, created_by, created_at",
                            "ssii", mc_cal_store_kind_name(row->kind), row->name, row->updated_at, row->day);
    if (rc)
        return rc;
    if (!has)
        return MC_ERR_NOT_FOUND;
    row->id = mc_stmt_int(st, 0);
    row->created_by = mc_stmt_int(st, 1);
    row->created_at = mc_stmt_int(st, 2);
    mc_stmt_reset(st);
    return MC_OK;
}

mc_err mc_cal_store_delete(struct mc_db *db, int64_t day, struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err, "DELETE FROM calendar_overrides WHERE day = $1", "i", day);
    if (!rc && mc_db_changes(db) == 0)
        return MC_ERR_NOT_FOUND;
    return rc;
}
