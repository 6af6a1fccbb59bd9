/* procedures.c - the procedure catalogue: public search and reading,
 * administrators' create / update / retire (perm catalogue.manage, scoped
 * to the agency the procedure is linked to; unlinked ones to the root). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "core/fold.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/server.h"
#include "integrate/catalogue_import.h"
#include "integrate/catalogue_json.h"
#include "integrate/catalogue_load.h"
#include "store/accounts.h"
#include "store/catalogue_store.h"
#include "store/store.h"
#include "core/banned.h"

#define PERM "catalogue.manage"

static json_t *level_json(int64_t level)
{
    char buf[64], *save = NULL;
    json_t *a = json_array();
    mc_level_codes((unsigned)level, buf, sizeof(buf));
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(t));
    return a;
}

static void hit_json(void *ctx, const struct mc_cat_hit *h)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:s}", "code", h->code, "name", h->name, "field", h->field,
                          "level", level_json(h->level), "online_kind", (json_int_t)h->online_kind, "version",
                          (json_int_t)h->version, "effective_from", h->effective_from);
    json_object_set_new(o, "agency",
                        h->agency_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)h->agency_id, "code",
                                                 h->agency_code, "name", h->agency_name)
                                     : json_null());
    json_array_append_new(ctx, o);
}

static const struct {
    const char *word; /* folded */
    unsigned bit;
} level_words[] = {
    {"ministry", MC_LEVEL_MINISTRY}, {"cap bo", MC_LEVEL_MINISTRY},    {"bo", MC_LEVEL_MINISTRY},
    {"province", MC_LEVEL_PROVINCE}, {"cap tinh", MC_LEVEL_PROVINCE},  {"tinh", MC_LEVEL_PROVINCE},
    {"district", MC_LEVEL_DISTRICT}, {"cap huyen", MC_LEVEL_DISTRICT}, {"huyen", MC_LEVEL_DISTRICT},
    {"commune", MC_LEVEL_COMMUNE},   {"cap xa", MC_LEVEL_COMMUNE},     {"xa", MC_LEVEL_COMMUNE},
    {"other", MC_LEVEL_OTHER},
};

static int parse_level(const char *s, unsigned *bit)
{
    char *f = mc_fold_dup(s, strlen(s));
    *bit = 0;
    for (size_t i = 0; f && i < sizeof(level_words) / sizeof(level_words[0]); i++)
        if (!strcmp(f, level_words[i].word))
            *bit = level_words[i].bit;
    mc_free(f);
    return *bit != 0;
}

/* An optional whole-number query parameter within [min, max]. */
static int query_int(struct mc_req *r, const char *name, int64_t min, int64_t max, int64_t *out, struct mc_error *e)
{
    const char *s = mc_req_query(r, name);
    char *end;
    if (!s || !*s)
        return 1;
    long long v = strtoll(s, &end, 10);
    if (*end || v < min || v > max) {
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Tham số \"%s\" phải là số từ %lld đến %lld",
                      "Parameter \"%s\" must be a number from %lld to %lld", name, (long long)min, (long long)max);
        mc_error_detail_str(e, "field", name);
        return 0;
    }
    *out = v;
    return 1;
}

/* The agency filter: a local agency (id or identifier) selects its subtree;
 * any other text matches the words of the competent / executing agency. */
static void agency_filter(struct mc_req *r, struct mc_db *db, struct mc_cat_query *q, char *path, size_t cap)
{
    const char *a = mc_req_query(r, "agency");
    struct mc_error e;
    int64_t id;
    mc_error_init(&e);
    if (!a || !*a)
        return;
    if (!mc_agency_resolve(db, a, &id, path, cap, &e)) {
        q->agency_path = path;
        return;
    }
    char *f = mc_fold_dup(a, strlen(a));
    q->agency_text = f ? h2o_mem_alloc_pool(&r->h2o->pool, strlen(f) + 1) : "";
    if (f)
        memcpy((char *)q->agency_text, f, strlen(f) + 1);
    mc_free(f);
}

static int read_query(struct mc_req *r, struct mc_cat_query *q, struct mc_error *e)
{
    int64_t online = 0, page = 1, per = 20;
    const char *level = mc_req_query(r, "level");
    memset(q, 0, sizeof(*q));
    q->q = mc_req_query(r, "q");
    q->field = mc_req_query(r, "field");
    if (!query_int(r, "online", 2, 4, &online, e) || !query_int(r, "page", 1, 1000000, &page, e) ||
        !query_int(r, "per_page", 1, MC_CAT_MAX_PER_PAGE, &per, e))
        return 0;
    if (level && *level && !parse_level(level, &q->level)) {
        mc_error_field(e, "level", "Cấp thực hiện phải là ministry, province, district, commune hoặc other",
                       "The level must be ministry, province, district, commune or other");
        return 0;
    }
    q->online_kind = (int)online;
    q->page = page;
    q->per_page = per;
    return 1;
}

/* GET /api/v1/procedures?q=&field=&level=&agency=&online=&page=&per_page= */
void mc_api_procedures_search(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    struct mc_cat_query q;
    char path[256];
    int64_t total = 0;
    mc_error_init(&e);
    int64_t gen;
    if (!read_query(r, &q, &e) || mc_req_db(r, &db, &e) ||
        mc_db_int(db, &gen, &e, "SELECT n FROM catalogue_version WHERE id = 1", ""))
        return mc_reply_error(r, &e);
    if (mc_reply_cached(r, gen))
        return;
    agency_filter(r, db, &q, path, sizeof(path));
    json_t *items = json_array();
    if (mc_catalogue_search(db, &q, hit_json, items, &total, &e)) {
        json_decref(items);
        return mc_reply_error(r, &e);
    }
    char next[24];
    snprintf(next, sizeof(next), "%lld", (long long)(q.page + 1));
    mc_reply_json_cache(r, mc_list_json(items, q.page * q.per_page < total ? next : NULL, total), gen);
}

static void history_row(void *ctx, const struct mc_cat_version *v)
{
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:o, s:o}", "version", (json_int_t)v->version, "effective_from",
                                         v->effective_from, "effective_to",
                                         v->effective_to[0] ? json_string(v->effective_to) : json_null(), "retired_at",
                                         v->retired_at ? mc_json_time(v->retired_at) : json_null()));
}

/* The stored document with the version's facts added. */
static json_t *version_json(struct mc_db *db, const struct mc_cat_version *v)
{
    json_t *o = json_loads(v->doc, 0, NULL), *versions = json_array();
    struct mc_error e;
    mc_error_init(&e);
    if (!o)
        o = json_object();
    json_object_set_new(o, "version", json_integer(v->version));
    json_object_set_new(o, "effective_from", json_string(v->effective_from));
    json_object_set_new(o, "effective_to", v->effective_to[0] ? json_string(v->effective_to) : json_null());
    json_object_set_new(o, "retired_at", v->retired_at ? mc_json_time(v->retired_at) : json_null());
    json_object_set_new(o, "hash", json_string(v->hash));
    json_object_set_new(o, "source", json_string(v->source));
    json_object_set_new(o, "problems", json_loads(v->problems ? v->problems : "[]", 0, NULL));
    mc_catalogue_history(db, v->code, history_row, versions, &e);
    json_object_set_new(o, "versions", versions);
    return o;
}

/* GET /api/v1/procedures/{code}[?at=YYYY-MM-DD] */
void mc_api_procedures_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    struct mc_cat_version v;
    int64_t days;
    const char *at = mc_req_query(r, "at");
    mc_error_init(&e);
    if (at && mc_date_parse(at, strlen(at), &days)) {
        mc_error_field(&e, "at", "Ngày phải theo dạng YYYY-MM-DD", "The date must be YYYY-MM-DD");
        return mc_reply_error(r, &e);
    }
    if (mc_req_db(r, &db, &e))
        return mc_reply_error(r, &e);
    mc_err rc = mc_catalogue_get(db, mc_req_param(r, "code"), at, &v, &e);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_reply_errorf(r, 404, "procedure_not_found", "Không có thủ tục này", "No such procedure");
    if (rc)
        return mc_reply_error(r, &e);
    json_t *o = version_json(db, &v);
    mc_cat_version_release(&v);
    mc_reply_json(r, 200, o);
}

/* ---- administrators ------------------------------------------------------------ */

enum proc_op_kind { OP_CREATE, OP_UPDATE, OP_RETIRE };

struct proc_op {
    struct mc_async a;
    enum proc_op_kind kind;
    struct mc_procedure p;
    char code[48], date[11], actor[256], ip[48];
    int64_t actor_id, version;
    enum mc_cat_outcome outcome;
};

static mc_err proc_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    static const char *const actions[] = {"procedure_created", "procedure_updated", "procedure_retired"};
    struct proc_op *op = (struct proc_op *)a;
    int64_t n = 0;
    mc_err rc = mc_db_int(db, &n, err, "SELECT count(*) FROM procedures WHERE code = $1", "s", op->code);
    if (!rc && op->kind == OP_CREATE && n)
        return mc_error_setf(err, MC_ERR_CONFLICT, 409, "procedure_exists", "Thủ tục %s đã có",
                             "Procedure %s already exists", op->code);
    if (!rc && op->kind != OP_CREATE && !n)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "procedure_not_found", "Không có thủ tục này",
                            "No such procedure");
    if (!rc && op->kind == OP_RETIRE) {
        rc = mc_catalogue_retire(db, op->code, op->date[0] ? op->date : NULL, mc_time_now(), &op->version, err);
        if (rc == MC_ERR_NOT_FOUND)
            return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "procedure_not_found", "Thủ tục đã bãi bỏ",
                                "The procedure is already retired");
    } else if (!rc) {
        rc = mc_catalogue_put(db, &op->p, "api", op->actor, &op->outcome, &op->version, err);
    }
    char details[64];
    snprintf(details, sizeof(details), "version=%lld", (long long)op->version);
    return rc ? rc : mc_audit_append(db, op->actor_id, op->actor, actions[op->kind], op->code, op->ip, details, err);
}

static void proc_finish(struct mc_req *r, struct mc_async *a)
{
    static const char *const outcomes[] = {"unchanged", "created", "updated"};
    struct proc_op *op = (struct proc_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    json_t *o = json_pack("{s:s, s:I}", "code", op->code, "version", (json_int_t)op->version);
    json_object_set_new(o, "result", json_string(op->kind == OP_RETIRE ? "retired" : outcomes[op->outcome]));
    if (op->kind != OP_RETIRE)
        json_object_set_new(o, "problems", mc_procedure_problems_json(&op->p));
    mc_reply_json(r, op->kind == OP_CREATE ? 201 : 200, o);
}

static void proc_release(struct mc_async *a)
{
    struct proc_op *op = (struct proc_op *)a;
    mc_procedure_release(&op->p);
    mc_free(op);
}

/* The agency path that scopes a procedure: its linked agency's, or the
 * root ("/": system administrators only) when it has none. */
static mc_err scope_of_code(struct mc_db *db, const char *code, char *path, size_t cap, struct mc_error *e)
{
    struct mc_cat_version v;
    mc_err rc = mc_catalogue_get(db, code, NULL, &v, e);
    if (rc == MC_ERR_RANGE) { /* not in force today: scope by its latest version */
        int64_t id = 0;
        rc = mc_db_int(db, &id, e, "SELECT COALESCE(agency_id, 0) FROM procedures WHERE code = $1 AND is_latest = 1",
                       "s", code);
        v.agency_id = id;
        v.doc = v.problems = NULL;
    }
    if (rc)
        return rc;
    snprintf(path, cap, "/");
    if (v.agency_id)
        rc = mc_agency_path(db, v.agency_id, path, cap, e);
    mc_cat_version_release(&v);
    return rc;
}

static mc_err scope_of_agency(struct mc_db *db, const char *agency_code, char *path, size_t cap, struct mc_error *e)
{
    int64_t id;
    snprintf(path, cap, "/");
    if (!agency_code || !mc_agency_code_valid(agency_code))
        return MC_OK;
    mc_err rc = mc_agency_resolve(db, agency_code, &id, path, cap, e);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

static int allowed(struct mc_req *r, struct mc_db *db, const char *code, const char *agency_code)
{
    char now_path[256] = "/", new_path[256] = "/";
    struct mc_error e;
    mc_error_init(&e);
    mc_err rc = code ? scope_of_code(db, code, now_path, sizeof(now_path), &e) : MC_OK;
    if (rc == MC_ERR_NOT_FOUND) {
        mc_reply_errorf(r, 404, "procedure_not_found", "Không có thủ tục này", "No such procedure");
        return 0;
    }
    if (!rc && agency_code)
        rc = scope_of_agency(db, agency_code, new_path, sizeof(new_path), &e);
    if (rc) {
        mc_reply_error(r, &e);
        return 0;
    }
    if ((code && !mc_auth_covers(r->who, PERM, now_path)) || (agency_code && !mc_auth_covers(r->who, PERM, new_path)) ||
        (!code && !agency_code && !mc_auth_covers(r->who, PERM, "/"))) {
        mc_reply_errorf(r, 403, "forbidden", "Bạn không quản lý thủ tục của cơ quan này",
                        "You do not manage this agency's procedures");
        return 0;
    }
    return 1;
}

static void start(struct mc_req *r, struct proc_op *op, enum proc_op_kind kind)
{
    op->kind = kind;
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = proc_write;
    op->a.finish = proc_finish;
    op->a.release = proc_release;
    mc_async_start(r, &op->a);
}

/* Reads the body into op->p; path_code (PUT) must match a code in the body. */
static int read_body(struct mc_req *r, struct proc_op *op, const char *path_code)
{
    struct mc_import_problem pr;
    struct mc_error e;
    mc_error_init(&e);
    json_t *code = json_object_get(r->body, "code");
    if (path_code && json_is_object(r->body) && !code)
        json_object_set_new(r->body, "code", json_string(path_code));
    if (mc_catalogue_from_json(r->body, &op->p, &pr)) {
        mc_error_set(&e, MC_ERR_INVALID, 400, !strcmp(pr.code, "missing_code") ? "missing_field" : "invalid_body",
                     pr.message_vi, pr.message_en);
        mc_error_detail_str(&e, "field", "code");
        mc_reply_error(r, &e);
        return 0;
    }
    if (path_code && strcmp(op->p.code, path_code)) {
        mc_error_field(&e, "code", "Mã trong nội dung khác mã trên đường dẫn", "The body's code differs from the path");
        mc_reply_error(r, &e);
        return 0;
    }
    if (!op->p.name) {
        mc_error_field(&e, "name", "Thiếu tên thủ tục", "The procedure needs a name");
        mc_reply_error(r, &e);
        return 0;
    }
    snprintf(op->code, sizeof(op->code), "%s", op->p.code);
    return 1;
}

static void create_or_update(struct mc_req *r, const char *path_code)
{
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    struct proc_op *op = mc_calloc(1, sizeof(*op));
    mc_procedure_init(&op->p);
    if (!read_body(r, op, path_code) || mc_req_db(r, &db, &e) || !allowed(r, db, path_code, op->p.agency_code)) {
        if (e.code)
            mc_reply_error(r, &e);
        return proc_release(&op->a);
    }
    start(r, op, path_code ? OP_UPDATE : OP_CREATE);
}

/* POST /api/v1/procedures (motcua JSON, catalogue.md §2.2) */
void mc_api_procedures_create(struct mc_req *r)
{
    create_or_update(r, NULL);
}

/* PUT /api/v1/procedures/{code}: a new version when the content changed. */
void mc_api_procedures_update(struct mc_req *r)
{
    create_or_update(r, mc_req_param(r, "code"));
}

/* DELETE /api/v1/procedures/{code}[?date=YYYY-MM-DD]: retire. */
void mc_api_procedures_retire(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    int64_t days;
    const char *code = mc_req_param(r, "code"), *date = mc_req_query(r, "date");
    mc_error_init(&e);
    if (date && mc_date_parse(date, strlen(date), &days)) {
        mc_error_field(&e, "date", "Ngày phải theo dạng YYYY-MM-DD", "The date must be YYYY-MM-DD");
        return mc_reply_error(r, &e);
    }
    if (mc_req_db(r, &db, &e))
        return mc_reply_error(r, &e);
    if (!allowed(r, db, code, NULL))
        return;
    struct proc_op *op = mc_calloc(1, sizeof(*op));
    mc_procedure_init(&op->p);
    snprintf(op->code, sizeof(op->code), "%s", code);
    snprintf(op->date, sizeof(op->date), "%s", date ? date : "");
    start(r, op, OP_RETIRE);
}
