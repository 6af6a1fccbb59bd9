/* calendar.c - /api/v1/calendar: holidays, due dates, lunar dates and the
 * yearly overrides administrators keep in the database; and the calendar
 * the server serves (calendar.h), rebuilt when an override changes. */
#include "api/calendar.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "calendar/cal.h"
#include "calendar/due.h"
#include "calendar/lunar.h"
#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "http/async.h"
#include "http/fields.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/calendar_store.h"
#include "store/dossier_store.h"
#include "store/store.h"
#include "core/banned.h"

/* ---- the served calendar ---- */

struct served {
    struct mc_cal *cal;
    uint64_t gen;        /* the generation of the write that built it (0 = start-up) */
    int refs;            /* readers between get and put */
    struct served *next; /* on the retired list */
};

struct mc_api_calendar {
    pthread_mutex_t lock;     /* guards cur, retired and every refs */
    struct served *cur;       /* the published calendar */
    struct served *retired;   /* replaced calendars that still have readers */
    struct mc_cal *base;      /* the rules without overrides; immutable */
    atomic_uint_fast64_t gen; /* the last generation handed to a build */
};

static void served_free(struct served *sv)
{
    if (!sv)
        return;
    mc_cal_free(sv->cal);
    mc_free(sv);
}

mc_err mc_api_calendar_open(struct mc_server *s, struct mc_error *err)
{
    struct mc_db *db;
    struct mc_cal *cal = NULL, *base = NULL;
    mc_err rc = mc_db_open_readonly(s->cfg->db, &db, err);
    if (rc)
        return rc;
    rc = mc_cal_store_build(db, &cal, err);
    mc_db_close(db);
    if (!rc)
        rc = mc_cal_new(NULL, NULL, 0, NULL, &base, err);
    if (rc) {
        mc_cal_free(cal);
        return rc;
    }
    struct mc_api_calendar *c = mc_calloc(1, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    c->cur = mc_calloc(1, sizeof(*c->cur));
    c->cur->cal = cal;
    c->base = base;
    atomic_init(&c->gen, 0);
    s->calendar = c;
    return MC_OK;
}

void mc_api_calendar_close(struct mc_server *s)
{
    struct mc_api_calendar *c = s->calendar;
    if (!c)
        return;
    MC_ASSERT(!c->cur->refs && !c->retired);
    served_free(c->cur);
    mc_cal_free(c->base);
    pthread_mutex_destroy(&c->lock);
    mc_free(c);
    s->calendar = NULL;
}

const struct mc_cal *mc_api_calendar_get(struct mc_server *s)
{
    struct mc_api_calendar *c = s->calendar;
    pthread_mutex_lock(&c->lock);
    c->cur->refs++;
    const struct mc_cal *cal = c->cur->cal;
    pthread_mutex_unlock(&c->lock);
    return cal;
}

void mc_api_calendar_put(struct mc_server *s, const struct mc_cal *cal)
{
    struct mc_api_calendar *c = s->calendar;
    struct served *gone = NULL, **p = &c->retired;
    pthread_mutex_lock(&c->lock);
    if (c->cur->cal == cal) {
        c->cur->refs--;
    } else {
        while (*p && (*p)->cal != cal)
            p = &(*p)->next;
        MC_ASSERT(*p);
        if (--(*p)->refs == 0) {
            gone = *p;
            *p = gone->next;
        }
    }
    pthread_mutex_unlock(&c->lock);
    served_free(gone);
}

/* Publishes *cal (taking it; *cal becomes NULL) unless a newer generation
 * is published already: writes commit in generation order, but their
 * threads may come back in any order. */
static void publish(struct mc_api_calendar *c, struct mc_cal **cal, uint64_t gen)
{
    struct served *sv = mc_calloc(1, sizeof(*sv)), *old = NULL;
    sv->cal = *cal;
    sv->gen = gen;
    *cal = NULL;
    pthread_mutex_lock(&c->lock);
    if (gen > c->cur->gen) {
        old = c->cur;
        c->cur = sv;
        sv = NULL;
        if (old->refs) {
            old->next = c->retired;
            c->retired = old;
            old = NULL;
        }
    }
    pthread_mutex_unlock(&c->lock);
    served_free(sv);
    served_free(old);
}

/* ---- query parameters ---- */

static mc_err field_error(struct mc_error *e, const char *field, const char *vi, const char *en)
{
    char mvi[256], men[256];
    snprintf(mvi, sizeof(mvi), "Trường \"%s\": %s", field, vi);
    snprintf(men, sizeof(men), "Field \"%s\": %s", field, en);
    return mc_error_field(e, field, mvi, men);
}

static mc_err missing(struct mc_error *e, const char *field)
{
    mc_error_setf(e, MC_ERR_INVALID, 400, "missing_field", "Thiếu trường bắt buộc \"%s\"",
                  "The required field \"%s\" is missing", field);
    mc_error_detail_str(e, "field", field);
    return MC_ERR_INVALID;
}

/* Query parameter name: *out NULL when absent (an error when required). */
static mc_err query_str(struct mc_req *r, const char *name, int required, const char **out, struct mc_error *e)
{
    *out = mc_req_query(r, name);
    if (*out && !**out)
        *out = NULL;
    return !*out && required ? missing(e, name) : MC_OK;
}

static mc_err parse_int(const char *s, const char *field, int64_t min, int64_t max, int64_t *out, struct mc_error *e)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s || errno || v < min || v > max) {
        char vi[96], en[96];
        snprintf(vi, sizeof(vi), "phải là số nguyên từ %lld đến %lld", (long long)min, (long long)max);
        snprintf(en, sizeof(en), "must be an integer from %lld to %lld", (long long)min, (long long)max);
        return field_error(e, field, vi, en);
    }
    *out = v;
    return MC_OK;
}

/* An integer query parameter in [min, max]; *out keeps its value when
 * absent and not required. */
static mc_err query_int(struct mc_req *r, const char *name, int64_t min, int64_t max, int required, int64_t *out,
                        struct mc_error *e)
{
    const char *s;
    mc_err rc = query_str(r, name, required, &s, e);
    return rc || !s ? rc : parse_int(s, name, min, max, out, e);
}

/* A year of the calendar's range, 1900-2199; *year keeps its value when
 * absent and not required. */
static mc_err query_year(struct mc_req *r, int required, int64_t *year, struct mc_error *e)
{
    return query_int(r, "year", MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR, required, year, e);
}

/* YYYY-MM-DD, a real date within 1900-2199. */
static mc_err parse_day(const char *s, const char *field, int64_t *day, struct mc_error *e)
{
    if (mc_date_parse(s, strlen(s), day))
        return field_error(e, field, "ngày không hợp lệ (cần YYYY-MM-DD, ngày có thật)",
                           "invalid date (YYYY-MM-DD, a real date)");
    return mc_lunar_check_day(*day, field, e);
}

static json_t *iso_time(int64_t t)
{
    char iso[MC_ISO_LEN];
    mc_time_iso(t, iso);
    return json_string(iso);
}

static int64_t local_day(int64_t t)
{
    int64_t local = t + MC_TZ_OFFSET;
    return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

/* ---- GET /api/v1/calendar/holidays?year= ---- */

static json_t *holidays_json(const struct mc_cal_day *days, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        mc_date_iso(days[i].day, iso);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "date", iso, "name", days[i].name, "kind",
                                               mc_day_kind_name(days[i].kind)));
    }
    return items;
}

void mc_api_calendar_holidays(struct mc_req *r)
{
    struct mc_error e;
    struct mc_cal_day days[MC_CAL_YEAR_MAX_DAYS];
    size_t n = 0;
    int64_t year = 0;
    mc_error_init(&e);
    if (query_year(r, 1, &year, &e))
        return mc_reply_error(r, &e);
    const struct mc_cal *cal = mc_api_calendar_get(r->server);
    json_t *items = mc_cal_holidays(cal, (int)year, days, &n, &e) ? NULL : holidays_json(days, n);
    mc_api_calendar_put(r->server, cal);
    if (!items)
        return mc_reply_error(r, &e);
    mc_reply_list(r, items, NULL, (int64_t)n);
}

/* ---- GET /api/v1/calendar/due?from=&amount=&unit=[&cutoff=] ---- */

static mc_err parse_cutoff(const char *s, int *minutes, struct mc_error *e)
{
    unsigned hh, mm;
    char tail;
    if (strlen(s) != 5 || sscanf(s, "%2u:%2u%c", &hh, &mm, &tail) != 2 || s[2] != ':' || hh > 23 || mm > 59 ||
        hh + mm == 0)
        return field_error(e, "cutoff", "giờ chốt phải có dạng HH:MM (00:01-23:59)",
                           "the cut-off must be HH:MM (00:01-23:59)");
    *minutes = (int)(hh * 60 + mm);
    return MC_OK;
}

static mc_err due_request(struct mc_req *r, struct mc_due_req *req, struct mc_error *e)
{
    const char *from, *unit, *cutoff;
    memset(req, 0, sizeof(*req));
    mc_err rc = query_str(r, "from", 1, &from, e);
    if (!rc && mc_time_parse(from, strlen(from), &req->received))
        rc = field_error(e, "from", "thời điểm không hợp lệ (ISO 8601, ví dụ 2026-02-16T09:00:00+07:00)",
                         "invalid instant (ISO 8601, e.g. 2026-02-16T09:00:00+07:00)");
    if (!rc)
        rc = mc_lunar_check_day(local_day(req->received), "from", e);
    if (!rc)
        rc = query_int(r, "amount", 0, MC_DUE_MAX_AMOUNT, 1, &req->amount, e);
    if (!rc)
        rc = query_str(r, "unit", 1, &unit, e);
    if (!rc)
        rc = mc_due_unit_parse(unit, &req->unit, e);
    if (!rc)
        rc = query_str(r, "cutoff", 0, &cutoff, e);
    if (!rc && cutoff)
        rc = parse_cutoff(cutoff, &req->cutoff, e);
    return rc;
}

static json_t *explanation_json(const struct mc_cal_explain *x)
{
    static const char *const kinds[] = {"start", "day", "pause", "due"};
    json_t *arr = json_array();
    for (size_t i = 0; i < x->n; i++) {
        const struct mc_cal_note *nt = &x->notes[i];
        char day[11];
        mc_date_iso(nt->day, day);
        const char *kind = nt->kind == MC_NOTE_DAY ? mc_day_kind_name((enum mc_day_kind)nt->day_kind) : kinds[nt->kind];
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "date", day, "kind", kind, "reason", nt->reason));
    }
    return arr;
}

static json_t *due_json(const struct mc_due_req *req, const struct mc_due_res *res, const struct mc_cal_explain *x)
{
    return json_pack("{s:o, s:o, s:o, s:I, s:s, s:o, s:o, s:b}", "due", iso_time(res->due), "from",
                     iso_time(req->received), "start", iso_time(res->start), "amount", (json_int_t)req->amount, "unit",
                     mc_due_unit_name(req->unit), "cutoff",
                     req->cutoff ? json_sprintf("%02d:%02d", req->cutoff / 60, req->cutoff % 60) : json_null(),
                     "explanation", explanation_json(x), "truncated", x->truncated);
}

void mc_api_calendar_due(struct mc_req *r)
{
    struct mc_error e;
    struct mc_due_req req;
    struct mc_due_res res;
    struct mc_cal_explain x;
    json_t *out = NULL;
    mc_error_init(&e);
    if (due_request(r, &req, &e))
        return mc_reply_error(r, &e);
    mc_cal_explain_init(&x);
    const struct mc_cal *cal = mc_api_calendar_get(r->server);
    if (!mc_cal_due(cal, &req, &res, &x, &e))
        out = due_json(&req, &res, &x);
    mc_api_calendar_put(r->server, cal);
    mc_cal_explain_release(&x);
    if (!out)
        return mc_reply_error(r, &e);
    mc_reply_json(r, 200, out);
}

/* ---- GET /api/v1/calendar/lunar?date= | ?day=&month=&year=[&leap=] ---- */

static mc_err query_leap(struct mc_req *r, int *leap, struct mc_error *e)
{
    const char *s;
    mc_err rc = query_str(r, "leap", 0, &s, e);
    *leap = s && (!strcmp(s, "1") || !strcmp(s, "true"));
    if (!rc && s && !*leap && strcmp(s, "0") && strcmp(s, "false"))
        rc = field_error(e, "leap", "phải là 0, 1, true hoặc false", "must be 0, 1, true or false");
    return rc;
}

static mc_err lunar_to_solar(struct mc_req *r, const struct mc_lunar *lt, int64_t *solar, struct mc_error *e)
{
    int64_t d = 0, m = 0, y = 0;
    int leap = 0;
    mc_err rc = query_int(r, "day", 1, 30, 1, &d, e);
    if (!rc)
        rc = query_int(r, "month", 1, 12, 1, &m, e);
    if (!rc)
        rc = query_int(r, "year", MC_CAL_FIRST_YEAR - 1, MC_CAL_LAST_YEAR, 1, &y, e);
    if (!rc)
        rc = query_leap(r, &leap, e);
    if (!rc)
        rc = mc_lunar_to_solar(lt, (int)d, (int)m, (int)y, leap, solar, e);
    return rc;
}

/* The solar day asked about: ?date= or the lunar ?day=&month=&year=. */
static mc_err lunar_solar(struct mc_req *r, const struct mc_lunar *lt, int64_t *solar, struct mc_error *e)
{
    const char *date, *day;
    query_str(r, "date", 0, &date, e);
    query_str(r, "day", 0, &day, e);
    if (date && day)
        return field_error(e, "date", "cho date (dương lịch) hoặc day, month, year (âm lịch), không cả hai",
                           "give date (solar) or day, month, year (lunar), not both");
    if (date || !(day || mc_req_query(r, "month") || mc_req_query(r, "year")))
        return date ? parse_day(date, "date", solar, e) : missing(e, "date");
    return lunar_to_solar(r, lt, solar, e);
}

static json_t *lunar_json(int64_t solar, const struct mc_lunar_date *ld)
{
    char iso[11], name[32];
    mc_date_iso(solar, iso);
    mc_lunar_year_name(ld->year, name, sizeof(name));
    return json_pack("{s:s, s:i, s:i, s:i, s:b, s:i, s:s}", "date", iso, "day", ld->day, "month", ld->month, "year",
                     ld->year, "leap", ld->leap, "month_days", ld->month_days, "year_name", name);
}

void mc_api_calendar_lunar(struct mc_req *r)
{
    struct mc_error e;
    struct mc_lunar_date ld;
    int64_t solar = 0;
    json_t *out = NULL;
    mc_error_init(&e);
    const struct mc_cal *cal = mc_api_calendar_get(r->server);
    const struct mc_lunar *lt = mc_cal_lunar(cal);
    if (!lunar_solar(r, lt, &solar, &e) && !mc_lunar_from_solar(lt, solar, &ld, &e))
        out = lunar_json(solar, &ld);
    mc_api_calendar_put(r->server, cal);
    if (!out)
        return mc_reply_error(r, &e);
    mc_reply_json(r, 200, out);
}

/* ---- overrides ---- */

static json_t *override_json(const struct mc_cal_override_row *row)
{
    char iso[11];
    mc_date_iso(row->day, iso);
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)row->id, "date", iso, "kind",
                     mc_cal_store_kind_name(row->kind), "name", row->name, "created_at", mc_json_time(row->created_at),
                     "updated_at", mc_json_time(row->updated_at));
}

/* GET /api/v1/calendar/overrides[?year=]: every override (of that year), in
 * date order. */
void mc_api_calendar_overrides(struct mc_req *r)
{
    struct mc_error e;
    struct mc_db *db;
    struct mc_cal_override_list l;
    int64_t year = 0, from = mc_lunar_min_day(), to = mc_lunar_max_day();
    mc_error_init(&e);
    if (query_year(r, 0, &year, &e) || mc_req_db(r, &db, &e))
        return mc_reply_error(r, &e);
    if (year) {
        from = mc_days_from_civil((int)year, 1, 1);
        to = mc_days_from_civil((int)year, 12, 31);
    }
    if (mc_cal_store_list(db, from, to, &l, &e)) {
        mc_cal_override_list_release(&l);
        return mc_reply_error(r, &e);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, override_json(&l.rows[i]));
    mc_reply_list(r, items, NULL, (int64_t)l.n);
    mc_cal_override_list_release(&l);
}

struct ov_op;

/* What one kind of override write does, in its transaction. */
struct ov_action {
    mc_err (*apply)(struct mc_db *db, struct ov_op *op, struct mc_error *err);
    const char *audit; /* audit_log action */
    int status;        /* the answer on success */
};

struct ov_op {
    struct mc_async a;
    const struct ov_action *act;
    struct mc_cal_override_row row; /* the override written (or deleted) */
    char was[16];                   /* the kind before an update */
    struct mc_api_calendar *served;
    struct mc_cal *cal; /* built inside the transaction; published after the commit */
    uint64_t gen;
    int64_t actor_id;
    int64_t moved; /* open dossiers whose appointment moved */
    char actor[256], ip[48];
};

static mc_err not_found(int64_t day, struct mc_error *err)
{
    char iso[11];
    mc_date_iso(day, iso);
    mc_error_setf(err, MC_ERR_NOT_FOUND, 404, "override_not_found", "Ngày %s không có điều chỉnh nào",
                  "%s has no override", iso);
    mc_error_detail_str(err, "field", "date");
    return MC_ERR_NOT_FOUND;
}

static mc_err ov_insert(struct mc_db *db, struct ov_op *op, struct mc_error *err)
{
    op->row.created_by = op->actor_id;
    return mc_cal_store_insert(db, &op->row, err);
}

static mc_err ov_update(struct mc_db *db, struct ov_op *op, struct mc_error *err)
{
    struct mc_cal_override_row old;
    mc_err rc = mc_cal_store_get(db, op->row.day, &old, err);
    if (!rc) {
        snprintf(op->was, sizeof(op->was), "%s", mc_cal_store_kind_name(old.kind));
        rc = mc_cal_store_update(db, &op->row, err);
    }
    return rc == MC_ERR_NOT_FOUND ? not_found(op->row.day, err) : rc;
}

static mc_err ov_delete(struct mc_db *db, struct ov_op *op, struct mc_error *err)
{
    mc_err rc = mc_cal_store_get(db, op->row.day, &op->row, err);
    if (!rc)
        rc = mc_cal_store_delete(db, op->row.day, err);
    return rc == MC_ERR_NOT_FOUND ? not_found(op->row.day, err) : rc;
}

static const struct ov_action ov_create_action = {ov_insert, "calendar_override_created", 201};
static const struct ov_action ov_update_action = {ov_update, "calendar_override_updated", 200};
static const struct ov_action ov_delete_action = {ov_delete, "calendar_override_deleted", 200};

/* Every open dossier's appointment follows the new calendar, in the same
 * transaction (a history row on each dossier whose date moved). */
static mc_err recompute_dossiers(struct mc_db *db, struct ov_op *op, struct mc_error *err)
{
    struct mc_actor_info who = {.user_id = op->actor_id, .role = "system_admin"};
    snprintf(who.name, sizeof(who.name), "%s", op->actor);
    return mc_dossier_recompute_all(db, op->cal, &who, &op->moved, err);
}

/* The change, its audit row, then the calendar it leads to: built here so
 * that an override the calendar refuses rolls the change back. */
static mc_err ov_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct ov_op *op = (struct ov_op *)a;
    char date[11], details[300];
    mc_err rc = op->act->apply(db, op, err);
    mc_date_iso(op->row.day, date);
    snprintf(details, sizeof(details), "kind=%s%s%s name=%s", op->was, *op->was ? "->" : "",
             mc_cal_store_kind_name(op->row.kind), op->row.name);
    if (!rc)
        rc = mc_audit_append(db, op->actor_id, op->actor, op->act->audit, date, op->ip, details, err);
    if (!rc)
        rc = mc_cal_store_build(db, &op->cal, err);
    if (!rc)
        rc = recompute_dossiers(db, op, err);
    if (!rc)
        op->gen = atomic_fetch_add(&op->served->gen, 1) + 1;
    return rc;
}

static void ov_publish(struct ov_op *op)
{
    if (op->a.rc == MC_OK && op->cal)
        publish(op->served, &op->cal, op->gen);
}

/* Published before the answer, so the client's next request sees it. */
static void ov_finish(struct mc_req *r, struct mc_async *a)
{
    struct ov_op *op = (struct ov_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    ov_publish(op);
    json_t *o = override_json(&op->row);
    json_object_set_new(o, "dossiers_moved", json_integer(op->moved));
    mc_reply_json(r, op->act->status, o);
}

/* Also publishes when the client left before the answer. */
static void ov_release(struct mc_async *a)
{
    struct ov_op *op = (struct ov_op *)a;
    ov_publish(op);
    mc_cal_free(op->cal);
    mc_free(op);
}

/* The date of the override: the path's {date}, else the body's "date"; a
 * body "date" next to a path one must agree with it. */
static mc_err ov_date(struct mc_req *r, int64_t *day, struct mc_error *e)
{
    const char *path = mc_req_param(r, "date"), *body = NULL;
    if (r->body && mc_field_str(r->body, "date", 10, !path, &body, e))
        return MC_ERR_INVALID;
    if (path && body && strcmp(path, body))
        return field_error(e, "date", "khác với ngày trong đường dẫn; hãy xoá rồi tạo lại",
                           "differs from the date in the path; delete and create instead");
    return parse_day(path ? path : body, "date", day, e);
}

/* "off" only on a day that is otherwise a working day, "work" only on one
 * that is otherwise a day off (a weekend, a holiday): anything else would
 * change nothing, and is most likely a mistaken date. */
static mc_err ov_check_kind(const struct mc_cal *base, const struct mc_cal_override_row *row, struct mc_error *e)
{
    enum mc_day_kind k;
    const char *name;
    char iso[11];
    mc_err rc = mc_cal_day_kind(base, row->day, &k, &name, e);
    if (rc || mc_day_kind_working(k) == (row->kind == MC_DAY_OVERRIDE_OFF))
        return rc;
    mc_date_iso(row->day, iso);
    if (row->kind == MC_DAY_OVERRIDE_OFF)
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field",
                      "Ngày %s vốn đã là ngày nghỉ (%s): chỉ có thể đặt làm ngày làm bù (kind \"work\")",
                      "%s is a day off already (%s): it can only be made a working day (kind \"work\")", iso, name);
    else
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field",
                      "Ngày %s vốn đã là ngày làm việc (%s): chỉ có thể đặt làm ngày nghỉ (kind \"off\")",
                      "%s is a working day already (%s): it can only be made a day off (kind \"off\")", iso, name);
    mc_error_detail_str(e, "field", "kind");
    return MC_ERR_INVALID;
}

/* {date?, kind, name?} of POST and PUT into op->row. */
static mc_err ov_body(struct mc_req *r, struct ov_op *op, struct mc_error *e)
{
    const char *kind, *name;
    if (!mc_field_object(r->body, e))
        return MC_ERR_INVALID;
    if (ov_date(r, &op->row.day, e) || mc_field_str(r->body, "kind", 16, 1, &kind, e) ||
        mc_field_str(r->body, "name", MC_CAL_OVERRIDE_NAME_MAX, 0, &name, e))
        return MC_ERR_INVALID;
    if (mc_cal_store_kind_parse(kind, &op->row.kind))
        return field_error(e, "kind", "phải là \"off\" (ngày nghỉ) hoặc \"work\" (ngày làm bù)",
                           "must be \"off\" (a day off) or \"work\" (a make-up working day)");
    snprintf(op->row.name, sizeof(op->row.name), "%s", name ? name : "");
    return ov_check_kind(op->served->base, &op->row, e);
}

static void ov_start(struct mc_req *r, const struct ov_action *act)
{
    struct mc_error e;
    mc_error_init(&e);
    struct ov_op *op = mc_calloc(1, sizeof(*op));
    op->act = act;
    op->served = r->server->calendar;
    mc_err rc = act == &ov_delete_action ? ov_date(r, &op->row.day, &e) : ov_body(r, op, &e);
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = ov_write;
    op->a.finish = ov_finish;
    op->a.release = ov_release;
    mc_async_start(r, &op->a);
}

/* POST /api/v1/calendar/overrides {date, kind: "off"|"work", name?} -> 201 */
void mc_api_calendar_override_create(struct mc_req *r)
{
    ov_start(r, &ov_create_action);
}

/* PUT /api/v1/calendar/overrides/{date} {kind, name?} -> 200 */
void mc_api_calendar_override_update(struct mc_req *r)
{
    ov_start(r, &ov_update_action);
}

/* DELETE /api/v1/calendar/overrides/{date} -> 200 with the deleted override */
void mc_api_calendar_override_delete(struct mc_req *r)
{
    ov_start(r, &ov_delete_action);
}
