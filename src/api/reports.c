/* reports.c - /api/v1/reports/... and /api/v1/dashboard (issue 9).
 *
 * Every report reads the same query parameters (from, to, agency, level,
 * field), is checked against reports.read on the agency named (the route's
 * scope) or, without one, on the caller's own agency, and is built off the
 * event loop: the worker opens its own read-only connection, aggregates
 * (store/report_store.h) and renders (render/report_render.h); the request's
 * thread only sends the bytes. docs/internals/reports.md has the JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/time.h"
#include "domain/access.h"
#include "domain/report.h"
#include "http/async.h"
#include "http/cache.h"
#include "http/http.h"
#include "http/server.h"
#include "render/report_render.h"
#include "store/accounts.h"
#include "store/report_store.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_PERIOD_DAYS 1100 /* three years */
#define TREND_MONTHS 12
#define LIST_MAX 500

enum report_kind { R_BIEU06, R_BIEU06_LIST, R_INDEX766, R_POSTAL, R_DASHBOARD };
enum report_format { F_JSON, F_CSV, F_XLSX, F_PDF };

struct report_op {
    struct mc_async a;
    enum report_kind kind;
    enum report_format format;
    struct mc_report_query q;
    int64_t agency_id;
    char agency_code[32], agency_name[256], db_url[1024], tmpdir[512];
    const struct mc_fonts *fonts;
    int column;
    int64_t after, limit;
    /* dashboard: months of the trend that ended before this month, from the thread's cache */
    struct mc_report_month months[TREND_MONTHS];
    int64_t today;
    /* results */
    json_t *json;
    struct mc_buf bytes;
};

/* ---- parameters ---- */

static mc_err agency_info(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc =
        mc_db_query(db, &st, &row, err, "SELECT code, name, path FROM agencies WHERE id = $1", "i", op->agency_id);
    if (rc)
        return rc;
    if (!row)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
    snprintf(op->agency_code, sizeof(op->agency_code), "%s", mc_stmt_text(st, 0, NULL));
    snprintf(op->agency_name, sizeof(op->agency_name), "%s", mc_stmt_text(st, 1, NULL));
    snprintf(op->q.agency_path, sizeof(op->q.agency_path), "%s", mc_stmt_text(st, 2, NULL));
    mc_stmt_reset(st);
    return MC_OK;
}

/* The agency the report covers: ?agency= (already checked by the router),
 * else the caller's first agency holding reports.read; a system
 * administrator without ?agency= gets every agency under the first root. */
static mc_err pick_agency(struct mc_req *r, struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    const char *a = mc_req_query(r, "agency");
    char path[256];
    if (a && *a) {
        mc_err rc = mc_agency_resolve(db, a, &op->agency_id, path, sizeof(path), err);
        if (rc == MC_ERR_NOT_FOUND)
            return mc_error_field(err, "agency", "Không có cơ quan này", "No such agency");
        return rc ? rc : agency_info(db, op, err);
    }
    const struct mc_principal *p = r->who;
    for (int i = 0; p && i < p->ngrants; i++)
        if (!strcmp(p->grants[i].role, "system_admin")) {
            mc_err rc = mc_db_int(db, &op->agency_id, err, "SELECT MIN(id) FROM agencies WHERE parent_id IS NULL", "");
            if (!rc)
                rc = agency_info(db, op, err);
            op->q.agency_path[0] = '\0'; /* every agency */
            return rc;
        }
    for (int i = 0; p && i < p->ngrants; i++)
        if (mc_role_grants(p->grants[i].role, "reports.read")) {
            op->agency_id = p->grants[i].agency_id;
            return agency_info(db, op, err);
        }
    return mc_error_set(err, MC_ERR_FORBIDDEN, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này",
                        "You are not allowed to do this");
}

static mc_err read_params(struct mc_req *r, struct report_op *op, struct mc_error *err)
{
    const char *from = mc_req_query(r, "from"), *to = mc_req_query(r, "to"), *level = mc_req_query(r, "level"),
               *field = mc_req_query(r, "field"), *format = mc_req_query(r, "format");
    char dfrom[11], dto[11];
    if (!from && !to) { /* this month so far */
        int64_t today = mc_report_day(mc_time_now());
        int y, m, d;
        mc_civil_from_days(today, &y, &m, &d);
        mc_date_iso(mc_days_from_civil(y, m, 1), dfrom);
        mc_date_iso(today, dto);
        from = dfrom;
        to = dto;
    }
    mc_err rc = mc_report_period_parse(from, to, MAX_PERIOD_DAYS, &op->q.period, err);
    if (rc)
        return rc;
    if (level && *level && !(op->q.level = mc_report_level_parse(level)))
        return mc_error_field(err, "level", "Cấp phải là province, district, commune, ministry hoặc other",
                              "The level must be province, district, commune, ministry or other");
    if (field && strlen(field) >= sizeof(op->q.field))
        return mc_error_field(err, "field", "Tên lĩnh vực quá dài", "The field name is too long");
    snprintf(op->q.field, sizeof(op->q.field), "%s", field ? field : "");
    op->format = F_JSON;
    if (format && !strcmp(format, "csv"))
        op->format = F_CSV;
    else if (format && !strcmp(format, "xlsx"))
        op->format = F_XLSX;
    else if (format && !strcmp(format, "pdf"))
        op->format = F_PDF;
    else if (format && strcmp(format, "json"))
        return mc_error_field(err, "format", "Định dạng phải là json, csv, xlsx hoặc pdf",
                              "The format must be json, csv, xlsx or pdf");
    if (op->format != F_JSON && op->kind != R_BIEU06)
        return mc_error_field(err, "format", "Báo cáo này chỉ có dạng json", "This report is JSON only");
    if (op->format == F_PDF && !op->fonts)
        return mc_error_set(err, MC_ERR_UNSUPPORTED, 503, "fonts_missing", "Chưa cài phông chữ để in PDF",
                            "The PDF fonts are not installed (see slip-font)");
    return MC_OK;
}

/* ---- work (a worker thread, its own connection) ---- */

static json_t *counts_obj(const struct mc_b06_counts *n)
{
    json_t *o = json_object();
    for (int c = 3; c < MC_B06_NCOLS; c++)
        json_object_set_new(o, mc_b06_column_key(c), json_integer(n->c[c]));
    return o;
}

static json_t *rate(int64_t num, int64_t den)
{
    return den > 0 ? json_real((double)(num * 10000 / den) / 100.0) : json_null();
}

static void period_json(json_t *o, const struct report_op *op)
{
    char from[11], to[11];
    mc_date_iso(op->q.period.from_day, from);
    mc_date_iso(op->q.period.to_day, to);
    json_object_set_new(o, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
    json_object_set_new(o, "agency",
                        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)op->agency_id, "code", op->agency_code, "name",
                                  op->agency_name));
}

static mc_err work_bieu06(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct mc_b06_report rep;
    mc_err rc = mc_report_bieu06(db, &op->q, &rep, err);
    if (rc)
        return rc;
    if (rep.identity_failed)
        mc_log(MC_LOG_ERROR, "report: Biểu 06 identity of column %d broken (agency %lld)", rep.identity_failed,
               (long long)op->agency_id);
    struct mc_b06_doc doc = {
        &rep,        op->agency_id, op->agency_code, op->agency_name, op->q.period.from_day, op->q.period.to_day,
        op->q.level, op->q.field,   mc_time_now()};
    if (op->format == F_JSON)
        op->json = mc_b06_json(&doc);
    else if (op->format == F_CSV)
        rc = mc_b06_csv(&doc, &op->bytes, err);
    else if (op->format == F_XLSX)
        rc = mc_b06_xlsx(&doc, op->tmpdir, &op->bytes, err);
    else
        rc = mc_b06_pdf(op->fonts, &doc, &op->bytes, err);
    mc_b06_report_release(&rep);
    return rc;
}

struct list_ctx {
    int64_t ids[LIST_MAX];
    char codes[LIST_MAX][48];
    int n;
};

static int list_row(void *ctx, int64_t id, const char *code)
{
    struct list_ctx *l = ctx;
    l->ids[l->n] = id;
    snprintf(l->codes[l->n], sizeof(l->codes[0]), "%s", code);
    return ++l->n >= LIST_MAX;
}

static mc_err work_list(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct list_ctx *l = mc_calloc(1, sizeof(*l));
    mc_err rc = mc_report_bieu06_dossiers(db, &op->q, op->column, op->after, op->limit, list_row, l, err);
    json_t *items = json_array();
    for (int i = 0; !rc && i < l->n; i++) {
        struct mc_stmt *st;
        int row;
        rc = mc_db_query(db, &st, &row, err,
                         "SELECT status, channel, COALESCE(received_at, 0), COALESCE(due_at, 0), "
                         "COALESCE(finished_at, 0), procedure_code, procedure_name, applicant_name FROM dossiers "
                         "WHERE id = $1",
                         "i", l->ids[i]);
        if (rc || !row)
            continue;
        json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "code", l->codes[i], "status", (int)mc_stmt_int(st, 0),
                              "channel", (int)mc_stmt_int(st, 1), "procedure_code", mc_stmt_text(st, 5, NULL),
                              "procedure_name", mc_stmt_text(st, 6, NULL), "applicant_name", mc_stmt_text(st, 7, NULL));
        json_object_set_new(o, "received_at", mc_json_time(mc_stmt_int(st, 2)));
        json_object_set_new(o, "due_at", mc_json_time(mc_stmt_int(st, 3)));
        json_object_set_new(o, "finished_at", mc_json_time(mc_stmt_int(st, 4)));
        mc_stmt_reset(st);
        json_array_append_new(items, o);
    }
    char cursor[24];
    snprintf(cursor, sizeof(cursor), "%lld", (long long)(l->n ? l->ids[l->n - 1] : 0));
    if (!rc) {
        op->json = mc_list_json(items, l->n == op->limit ? cursor : NULL, -1);
        json_object_set_new(op->json, "column", json_integer(op->column));
        period_json(op->json, op);
    } else {
        json_decref(items);
    }
    mc_free(l);
    return rc;
}

static int64_t setting(struct mc_db *db, const char *prefix, const char *code, int64_t def)
{
    char key[96];
    int64_t v = def;
    struct mc_error e;
    mc_error_init(&e);
    snprintf(key, sizeof(key), "%s%s", prefix, code);
    mc_report_setting(db, key, def, &v, &e);
    return v;
}

/* The indicator values of one agency row (or of the sum of every row). */
static void values_766(const struct mc_report_agency_row *a, struct mc_766_value v[MC_766_NGROUPS][MC_766_MAX_IND])
{
    memset(v, 0, sizeof(struct mc_766_value) * MC_766_NGROUPS * MC_766_MAX_IND);
    const int64_t *c = a->n.c;
    v[0][0] = (struct mc_766_value){1, a->procs_complete, a->procs, 100};
    v[1][0] = (struct mc_766_value){1, c[8] + c[9], c[7], 100};
    v[1][1] = (struct mc_766_value){1, c[12], c[11], 100};
    v[2][0] = (struct mc_766_value){1, a->procs_online, a->procs, 100};
    v[2][1] = (struct mc_766_value){1, c[4], c[4] + c[5], 100};
    v[4][0] = (struct mc_766_value){1, a->satisfied, a->rated, 100};
}

static json_t *index766_json(struct mc_db *db, const struct mc_report_agency_row *a)
{
    struct mc_766_value v[MC_766_NGROUPS][MC_766_MAX_IND];
    values_766(a, v);
    json_t *groups = json_array();
    double total = 0, max = 0;
    for (int g = 0; g < MC_766_NGROUPS; g++) {
        const struct mc_766_group *G = &mc_766_groups[g];
        int64_t weight = setting(db, "766.weight.", G->code, G->weight);
        json_t *inds = json_array();
        double sum = 0;
        int scored = 0;
        for (int i = 0; i < G->nind; i++) {
            v[g][i].target_pct = (int)setting(db, "766.target.", G->ind[i].code, 100);
            double f = mc_766_fraction(&v[g][i]);
            json_t *o =
                json_pack("{s:s, s:s, s:s, s:b, s:i}", "code", G->ind[i].code, "name", G->ind[i].name_vi, "name_en",
                          G->ind[i].name_en, "measured", v[g][i].measured, "target_pct", v[g][i].target_pct);
            json_object_set_new(o, "numerator", v[g][i].measured ? json_integer(v[g][i].num) : json_null());
            json_object_set_new(o, "denominator", v[g][i].measured ? json_integer(v[g][i].den) : json_null());
            json_object_set_new(o, "ratio_pct", v[g][i].measured ? rate(v[g][i].num, v[g][i].den) : json_null());
            json_object_set_new(o, "fraction", f >= 0 ? json_real(f) : json_null());
            json_array_append_new(inds, o);
            if (f >= 0) {
                sum += f;
                scored++;
            }
        }
        double score = scored ? (double)weight * sum / scored : 0;
        if (scored) {
            total += score;
            max += (double)weight;
        }
        json_t *o =
            json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "code", G->code, "name", G->name_vi, "name_en", G->name_en,
                      "weight", (json_int_t)weight, "score",
                      scored ? json_real((double)(int64_t)(score * 100 + 0.5) / 100) : json_null(), "indicators", inds);
        json_array_append_new(groups, o);
    }
    json_t *o = json_pack("{s:o, s:o, s:f}", "groups", groups, "score",
                          json_real((double)(int64_t)(total * 100 + 0.5) / 100), "max", max);
    json_object_set_new(o, "score_pct",
                        max > 0 ? json_real((double)(int64_t)(total / max * 10000 + 0.5) / 100) : json_null());
    return o;
}

static void sum_rows(const struct mc_report_agency_row *rows, size_t n, struct mc_report_agency_row *all)
{
    memset(all, 0, sizeof(*all));
    for (size_t i = 0; i < n; i++) {
        mc_b06_add(&all->n, &rows[i].n);
        all->rated += rows[i].rated;
        all->satisfied += rows[i].satisfied;
        all->procs += rows[i].procs;
        all->procs_online += rows[i].procs_online;
        all->procs_complete += rows[i].procs_complete;
    }
}

static json_t *agency_row_json(const struct mc_report_agency_row *a)
{
    const int64_t *c = a->n.c;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)a->agency_id, "code", a->code, "name", a->name,
                          "level", a->level);
    json_object_set_new(o, "values", counts_obj(&a->n));
    json_object_set_new(o, "on_time_rate", rate(c[8] + c[9], c[7]));
    json_object_set_new(o, "backlog", json_integer(c[11]));
    json_object_set_new(o, "overdue", json_integer(c[13]));
    json_object_set_new(o, "overdue_rate", rate(c[13], c[11]));
    return o;
}

static mc_err work_index766(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct mc_report_agency_row *rows, all;
    size_t n;
    mc_err rc = mc_report_by_agency(db, &op->q, &rows, &n, err);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)rows[i].agency_id, "code", rows[i].code, "name",
                              rows[i].name);
        json_object_update_new(o, index766_json(db, &rows[i]));
        json_array_append_new(items, o);
    }
    sum_rows(rows, n, &all);
    op->json = json_pack("{s:s, s:o, s:o}", "basis", "Quyết định 766/QĐ-TTg", "agencies", items, "overall",
                         index766_json(db, &all));
    period_json(op->json, op);
    mc_free(rows);
    return MC_OK;
}

static json_t *postal_json(const struct mc_report_postal_row rows[5])
{
    json_t *a = json_array();
    int64_t r = 0, t = 0;
    for (int i = 0; i < 5; i++) {
        json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I}", "level", mc_report_level_code(rows[i].level),
                                           "level_name", mc_report_level_name(rows[i].level, 0), "received",
                                           (json_int_t)rows[i].received, "returned", (json_int_t)rows[i].returned));
        r += rows[i].received;
        t += rows[i].returned;
    }
    return json_pack("{s:o, s:{s:I, s:I}}", "by_level", a, "total", "received", (json_int_t)r, "returned",
                     (json_int_t)t);
}

static json_t *online_json(const struct mc_report_online *on)
{
    static const char *const kinds[5] = {"unknown", "", "none", "partly", "full"};
    json_t *procs = json_object(), *doss = json_array();
    for (int k = 0; k < 5; k++) {
        if (k == 1)
            continue;
        json_object_set_new(procs, kinds[k], json_integer(on->procedures[k]));
        json_array_append_new(doss, json_pack("{s:s, s:I, s:I, s:I}", "online_kind", kinds[k], "direct",
                                              (json_int_t)on->dossiers[k][1], "online", (json_int_t)on->dossiers[k][2],
                                              "postal", (json_int_t)on->dossiers[k][3]));
    }
    return json_pack("{s:o, s:o}", "procedures", procs, "dossiers", doss);
}

static mc_err work_postal(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct mc_report_postal_row rows[5];
    struct mc_report_online on;
    mc_err rc = mc_report_postal(db, &op->q, rows, err);
    if (!rc)
        rc = mc_report_online(db, &op->q, &on, err);
    if (rc)
        return rc;
    op->json = json_pack("{s:o, s:o}", "postal", postal_json(rows), "online", online_json(&on));
    period_json(op->json, op);
    return MC_OK;
}

static mc_err work_dashboard(struct mc_db *db, struct report_op *op, struct mc_error *err)
{
    struct mc_report_agency_row *rows, all;
    size_t n;
    struct mc_report_month *months = op->months;
    struct mc_report_postal_row postal[5];
    mc_err rc = mc_report_by_agency(db, &op->q, &rows, &n, err);
    if (rc)
        return rc;
    rc = mc_report_trend(db, &op->q, months, TREND_MONTHS, err);
    if (!rc)
        rc = mc_report_postal(db, &op->q, postal, err);
    if (rc) {
        mc_free(rows);
        return rc;
    }
    sum_rows(rows, n, &all);
    const int64_t *c = all.n.c;
    json_t *totals = counts_obj(&all.n);
    json_object_set_new(totals, "on_time_rate", rate(c[8] + c[9], c[7]));
    json_object_set_new(totals, "overdue_rate", rate(c[13], c[11]));
    json_object_set_new(totals, "online_rate", rate(c[4], c[4] + c[5]));
    json_object_set_new(totals, "rated", json_integer(all.rated));
    json_object_set_new(totals, "satisfied", json_integer(all.satisfied));
    json_t *agencies = json_array(), *trend = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(agencies, agency_row_json(&rows[i]));
    for (int i = 0; i < TREND_MONTHS; i++) {
        char m[8];
        snprintf(m, sizeof(m), "%04d-%02d", months[i].year, months[i].month);
        json_t *o =
            json_pack("{s:s, s:I, s:I, s:I}", "month", m, "received", (json_int_t)months[i].received, "resolved",
                      (json_int_t)months[i].resolved, "resolved_on_time", (json_int_t)months[i].resolved_on_time);
        json_object_set_new(o, "on_time_rate", rate(months[i].resolved_on_time, months[i].resolved));
        json_array_append_new(trend, o);
    }
    op->json = json_pack("{s:o, s:o, s:o, s:o}", "totals", totals, "by_agency", agencies, "trend", trend, "postal",
                         postal_json(postal));
    period_json(op->json, op);
    mc_free(rows);
    return MC_OK;
}

static void report_work(struct mc_async *a)
{
    struct report_op *op = (struct report_op *)a;
    struct mc_db *db = NULL;
    a->rc = mc_db_open_readonly(op->db_url, &db, &a->err);
    if (a->rc)
        return;
    switch (op->kind) {
    case R_BIEU06:
        a->rc = work_bieu06(db, op, &a->err);
        break;
    case R_BIEU06_LIST:
        a->rc = work_list(db, op, &a->err);
        break;
    case R_INDEX766:
        a->rc = work_index766(db, op, &a->err);
        break;
    case R_POSTAL:
        a->rc = work_postal(db, op, &a->err);
        break;
    case R_DASHBOARD:
        a->rc = work_dashboard(db, op, &a->err);
        break;
    }
    mc_db_close(db);
}

/* The trend's months that ended before today's month never change (a
 * dossier's received_at and finished_at are set once, at the time), so each
 * event-loop thread remembers them for the day in its answer cache. */
static int month_key(const struct report_op *op, const struct mc_report_month *m, char *key, size_t cap)
{
    return snprintf(key, cap, "report-month:%s:%04d-%02d", op->q.agency_path, m->year, m->month);
}

static int month_closed(const struct report_op *op, int year, int month)
{
    int y, m, d;
    mc_civil_from_days(op->today, &y, &m, &d);
    return year * 12 + month < y * 12 + m;
}

static void trend_from_cache(struct mc_req *r, struct report_op *op)
{
    int y, m, d;
    mc_civil_from_days(op->q.period.to_day, &y, &m, &d);
    for (int i = TREND_MONTHS - 1; i >= 0; i--) {
        struct mc_report_month *x = &op->months[i];
        *x = (struct mc_report_month){y, m, 0, 0, 0, 0};
        char key[320], val[96];
        size_t len;
        const char *hit =
            month_closed(op, y, m) && r->thread->cache
                ? mc_cache_get(r->thread->cache, key, (size_t)month_key(op, x, key, sizeof(key)), op->today, &len)
                : NULL;
        long long a, b, c;
        if (hit && len < sizeof(val)) {
            memcpy(val, hit, len);
            val[len] = '\0';
            if (sscanf(val, "%lld %lld %lld", &a, &b, &c) == 3)
                *x = (struct mc_report_month){y, m, a, b, c, 1};
        }
        if (--m == 0) {
            m = 12;
            y--;
        }
    }
}

static void trend_to_cache(struct mc_req *r, struct report_op *op)
{
    for (int i = 0; i < TREND_MONTHS && r->thread->cache; i++) {
        const struct mc_report_month *x = &op->months[i];
        if (x->known || !month_closed(op, x->year, x->month))
            continue;
        char key[320], val[96];
        int klen = month_key(op, x, key, sizeof(key));
        int vlen = snprintf(val, sizeof(val), "%lld %lld %lld", (long long)x->received, (long long)x->resolved,
                            (long long)x->resolved_on_time);
        mc_cache_put(r->thread->cache, key, (size_t)klen, op->today, val, (size_t)vlen);
    }
}

static void report_finish(struct mc_req *r, struct mc_async *a)
{
    struct report_op *op = (struct report_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    if (op->kind == R_DASHBOARD)
        trend_to_cache(r, op);
    mc_reply_header(r, H2O_TOKEN_CACHE_CONTROL, "private, no-store");
    if (op->json) {
        json_t *j = op->json;
        op->json = NULL;
        return mc_reply_json(r, 200, j);
    }
    static const char *const types[] = {"", "text/csv; charset=utf-8",
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        "application/pdf"};
    static const char *const exts[] = {"", "csv", "xlsx", "pdf"};
    char from[11], to[11], *cd = h2o_mem_alloc_pool(&r->h2o->pool, 96);
    mc_date_iso(op->q.period.from_day, from);
    mc_date_iso(op->q.period.to_day, to);
    snprintf(cd, 96, "attachment; filename=\"bieu06_%s_%s.%s\"", from, to, exts[op->format]);
    mc_reply_header(r, H2O_TOKEN_CONTENT_DISPOSITION, cd);
    mc_reply_bytes(r, 200, types[op->format], op->bytes.buf, op->bytes.len);
}

static void report_release(struct mc_async *a)
{
    struct report_op *op = (struct report_op *)a;
    json_decref(op->json);
    mc_buf_release(&op->bytes);
    mc_free(op);
}

static void start(struct mc_req *r, enum report_kind kind)
{
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    struct report_op *op = mc_calloc(1, sizeof(*op));
    op->kind = kind;
    op->fonts = r->server->fonts;
    mc_buf_init(&op->bytes, 0);
    const struct mc_config *cfg = r->server->cfg;
    snprintf(op->db_url, sizeof(op->db_url), "%s", cfg->db_read && *cfg->db_read ? cfg->db_read : cfg->db);
    snprintf(op->tmpdir, sizeof(op->tmpdir), "%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    mc_err rc = read_params(r, op, &e);
    if (!rc && kind == R_BIEU06_LIST) {
        const char *col = mc_req_query(r, "column"), *after = mc_req_query(r, "cursor"),
                   *limit = mc_req_query(r, "limit");
        char *end;
        op->column = col ? (int)strtol(col, &end, 10) : 0;
        if (!col || *end || op->column < 3 || op->column > 13)
            rc = mc_error_field(&e, "column", "Cột phải từ 3 đến 13", "The column must be 3 to 13");
        op->after = after ? strtoll(after, &end, 10) : 0;
        op->limit = limit ? strtoll(limit, &end, 10) : 100;
        if (!rc && (op->after < 0 || op->limit < 1 || op->limit > LIST_MAX))
            rc = mc_error_field(&e, op->after < 0 ? "cursor" : "limit", "Giá trị không hợp lệ", "Invalid value");
    }
    if (!rc)
        rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = pick_agency(r, db, op, &e);
    if (rc) {
        report_release(&op->a);
        return mc_reply_error(r, &e);
    }
    op->today = mc_report_day(mc_time_now());
    if (kind == R_DASHBOARD)
        trend_from_cache(r, op);
    op->a.work = report_work;
    op->a.finish = report_finish;
    op->a.release = report_release;
    mc_async_start(r, &op->a);
}

void mc_api_reports_bieu06(struct mc_req *r)
{
    start(r, R_BIEU06);
}

void mc_api_reports_bieu06_dossiers(struct mc_req *r)
{
    start(r, R_BIEU06_LIST);
}

void mc_api_reports_index766(struct mc_req *r)
{
    start(r, R_INDEX766);
}

void mc_api_reports_postal(struct mc_req *r)
{
    start(r, R_POSTAL);
}

void mc_api_dashboard(struct mc_req *r)
{
    start(r, R_DASHBOARD);
}
