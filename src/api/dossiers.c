/* dossiers.c - /api/v1/dossiers: receipt on the three channels, the
 * one-stop actions of the state machine, history, and the public lookup.
 * Every change runs in the writer (group commit) with its history row and
 * its outbox event; the answer is sent only after the commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calendar.h"
#include "api/dossier_body.h"
#include "api/routes.h"
#include "calendar/due.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/workflow.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/cache.h"
#include "http/fields.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/catalogue_store.h"
#include "store/dossier_store.h"
#include "store/store.h"
#include "store/workflow_store.h"
#include "core/banned.h"

#define MAX_PAUSES 64

json_t *mc_api_dossier_json(const struct mc_dossier *d)
{
    json_t *comps = json_array();
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(comps, json_pack("{s:s, s:i, s:i, s:i}", "name", d->components[i].name, "originals",
                                               d->components[i].originals, "copies", d->components[i].copies,
                                               "photocopies", d->components[i].photocopies));
    json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "code", d->code, "status", (int)d->status,
                          "status_name", mc_status_name(d->status), "portal_status", mc_status_portal(d->status),
                          "channel", d->channel, "agency_code", d->agency_code, "procedure_code", d->procedure_code,
                          "procedure_name", d->procedure_name, "time_unit", d->time_unit);
    json_object_set_new(o, "time_amount", json_integer(d->time_amount));
    json_object_set_new(o, "applicant",
                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", d->applicant_kind, "name",
                                  d->applicant_name, "id_kind", d->applicant_id_kind, "id_number", d->applicant_id,
                                  "phone", d->applicant_phone, "email", d->applicant_email, "address",
                                  d->applicant_address));
    json_object_set_new(o, "owner", json_pack("{s:s, s:s}", "name", d->owner_name, "address", d->owner_address));
    json_object_set_new(o, "components", comps);
    json_object_set_new(o, "postal_tracking", json_string(d->postal_tracking));
    json_object_set_new(o, "submitted_at", mc_json_time(d->submitted_at));
    json_object_set_new(o, "received_at", mc_json_time(d->received_at));
    json_object_set_new(o, "due_at", mc_json_time(d->due_at));
    json_object_set_new(o, "paused", json_boolean(mc_status_paused(d->status)));
    json_object_set_new(o, "paused_at", mc_json_time(d->paused_at));
    json_object_set_new(o, "finished_at", mc_json_time(d->finished_at));
    json_object_set_new(o, "delivered_at", mc_json_time(d->delivered_at));
    json_object_set_new(o, "result_code", json_string(d->result_code));
    json_object_set_new(o, "rating", d->rating ? json_integer(d->rating) : json_null());
    json_object_set_new(o, "internal_due_at", mc_json_time(d->internal_due_at));
    json_object_set_new(o, "step_group", json_integer(d->step_group));
    json_object_set_new(o, "stuck", json_boolean(d->stuck_at != 0));
    return o;
}

static json_t *steps_json(const struct mc_wf_step *steps, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct mc_wf_step *s = &steps[i];
        json_t *o =
            json_pack("{s:i, s:i, s:s, s:s, s:I, s:s}", "position", s->position, "group", s->group, "name", s->name,
                      "role", s->role, "agency_id", (json_int_t)s->agency_id, "timeliness", s->timeliness);
        json_object_set_new(o, "started_at", mc_json_time(s->started_at));
        json_object_set_new(o, "deadline_at", mc_json_time(s->deadline_at));
        json_object_set_new(o, "completed_at", mc_json_time(s->completed_at));
        json_array_append_new(a, o);
    }
    return a;
}

/* ---- who is acting on a dossier ---- */

static int covers_agency(struct mc_db *db, const struct mc_principal *p, const char *perm, int64_t agency_id)
{
    char path[256];
    if (!agency_id || mc_agency_path(db, agency_id, path, sizeof(path), NULL))
        return 0;
    return mc_auth_covers(p, perm, path);
}

/* An agency of one of the dossier's workflow steps (liên thông: another
 * department's officers work on it too). */
static int covers_a_step(struct mc_db *db, const struct mc_principal *p, const char *perm, int64_t dossier_id)
{
    struct mc_stmt *st;
    int row, yes = 0;
    if (mc_db_query(db, &st, &row, NULL,
                    "SELECT DISTINCT a.path FROM dossier_steps s JOIN agencies a ON a.id = s.agency_id "
                    "WHERE s.dossier_id = $1",
                    "i", dossier_id))
        return 0;
    while (row && !yes) {
        yes = mc_auth_covers(p, perm, mc_stmt_text(st, 0, NULL));
        if (mc_stmt_step(st, &row, NULL))
            break;
    }
    mc_stmt_reset(st);
    return yes;
}

static int covers_dossier(struct mc_db *db, const struct mc_principal *p, const char *perm, const struct mc_dossier *d)
{
    return covers_agency(db, p, perm, d->agency_id) || covers_agency(db, p, perm, d->processing_agency_id) ||
           (d->step_group && covers_a_step(db, p, perm, d->id));
}

/* The enum mc_actor mask of p on d, and the role written into history. */
static unsigned actor_mask(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d, char *role,
                           size_t cap)
{
    unsigned m = 0;
    snprintf(role, cap, "%s", p->ngrants ? p->grants[0].role : "");
    if (d->submitted_by && d->submitted_by == p->user.id && !p->token_id) {
        m |= MC_BY_APPLICANT;
        snprintf(role, cap, "applicant");
    }
    if (covers_dossier(db, p, "dossier.receive", d))
        m |= MC_BY_DESK;
    if (covers_dossier(db, p, "dossier.process", d))
        m |= MC_BY_SPECIALIST;
    if (covers_dossier(db, p, "dossier.approve", d))
        m |= MC_BY_LEADER;
    return m;
}

static int may_read(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d)
{
    return (d->submitted_by && d->submitted_by == p->user.id) || covers_dossier(db, p, "dossier.read", d);
}

static void reply_not_found(struct mc_req *r)
{
    mc_reply_errorf(r, 404, "dossier_not_found", "Không tìm thấy hồ sơ", "No such dossier");
}

/* Loads the dossier of the path for a reader; replies and returns 0 when it
 * cannot (unknown, or not the caller's to see: both 404). */
static int load_readable(struct mc_req *r, struct mc_db **db, struct mc_dossier *d)
{
    struct mc_error e;
    mc_error_init(&e);
    const char *code = mc_req_param(r, "code");
    mc_err rc = mc_req_db(r, db, &e);
    if (!rc)
        rc = mc_dossier_load(*db, code, d, &e);
    if (rc == MC_ERR_NOT_FOUND || (!rc && !may_read(*db, r->who, d))) {
        reply_not_found(r);
        return 0;
    }
    if (rc) {
        mc_reply_error(r, &e);
        return 0;
    }
    return 1;
}

int mc_api_dossier_load_readable(struct mc_req *r, struct mc_db **db, struct mc_dossier *d)
{
    return load_readable(r, db, d);
}

/* The same checks for the other resources of a dossier (routes.h). */
int mc_api_dossier_readable(struct mc_req *r, struct mc_db **db, struct mc_dossier *d)
{
    return load_readable(r, db, d);
}

int mc_api_dossier_may_read(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d)
{
    return may_read(db, p, d);
}

unsigned mc_api_dossier_actors(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d)
{
    char role[24];
    return actor_mask(db, p, d, role, sizeof(role));
}

/* ---- reading a submission ---- */

static int hhmm(const char *s)
{
    if (s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' || s[2] != ':' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
        s[4] > '9')
        return 0;
    return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

/* The procedure's processing time for the dossier's channel (from the
 * version in force) and its name and cut-off. */
static void time_from_doc(struct mc_dossier *d, json_t *doc)
{
    json_t *ch, *best = NULL;
    size_t i;
    json_array_foreach(json_object_get(doc, "channels"), i, ch)
    {
        if (!json_integer_value(json_object_get(ch, "time_amount")) &&
            !json_is_string(json_object_get(ch, "time_unit")))
            continue;
        if (!best || json_integer_value(json_object_get(ch, "channel")) == d->channel)
            best = ch;
    }
    const char *unit = best ? json_string_value(json_object_get(best, "time_unit")) : NULL;
    d->time_amount = best ? json_integer_value(json_object_get(best, "time_amount")) : 0;
    if (unit && !strcmp(unit, "month")) {
        d->time_amount *= 30;
        unit = "d";
    }
    snprintf(d->time_unit, sizeof(d->time_unit), "%s", unit && *unit ? unit : "wd");
    const char *cut = json_string_value(json_object_get(doc, "cutoff"));
    d->cutoff = cut && strlen(cut) == 5 ? hhmm(cut) : 0;
}

/* What a submission needs of a procedure version, per channel; cached per
 * thread until the catalogue changes (its doc can be tens of kilobytes of
 * JSON: parsing it for every dossier would dominate the submission). */
struct proc_info {
    int64_t id, agency_id;
    char code[48], agency_code[32], name[1024];
    int cutoff;
    int64_t amount[4];
    char unit[4][8];
};

static mc_err unknown_procedure(struct mc_error *e)
{
    mc_error_field(e, "procedure_code", "Không có thủ tục này hoặc thủ tục không còn hiệu lực",
                   "No such procedure in force");
    e->status = 422;
    e->code = "unknown_procedure";
    return MC_ERR_INVALID;
}

static mc_err load_proc_info(struct mc_db *db, const char *code, struct proc_info *pi, struct mc_error *e)
{
    struct mc_cat_version v;
    struct mc_dossier *tmp = mc_calloc(1, sizeof(*tmp));
    memset(&v, 0, sizeof(v));
    mc_err rc = mc_catalogue_get(db, code, NULL, &v, e);
    if (!rc) {
        json_t *doc = json_loads(v.doc ? v.doc : "{}", 0, NULL);
        const char *name = json_string_value(json_object_get(doc, "name"));
        pi->id = v.id;
        pi->agency_id = v.agency_id;
        snprintf(pi->code, sizeof(pi->code), "%s", v.code);
        snprintf(pi->agency_code, sizeof(pi->agency_code), "%s", v.agency_code);
        snprintf(pi->name, sizeof(pi->name), "%s", name ? name : "");
        for (int ch = 1; ch <= 3; ch++) {
            tmp->channel = ch;
            time_from_doc(tmp, doc);
            pi->amount[ch] = tmp->time_amount;
            snprintf(pi->unit[ch], sizeof(pi->unit[ch]), "%s", tmp->time_unit);
        }
        pi->cutoff = tmp->cutoff;
        json_decref(doc);
    }
    mc_cat_version_release(&v);
    mc_free(tmp);
    return rc == MC_ERR_NOT_FOUND || rc == MC_ERR_RANGE ? unknown_procedure(e) : rc;
}

/* Fills the procedure fields of d from the version in force; the receiving
 * agency defaults to the procedure's. */
static mc_err resolve_procedure(struct mc_req *r, struct mc_db *db, const char *code, struct mc_dossier *d,
                                struct mc_error *e)
{
    char key[64];
    int64_t gen;
    size_t len;
    struct proc_info pi;
    int n = snprintf(key, sizeof(key), "proc:%s", code);
    mc_err rc = mc_db_int(db, &gen, e, "SELECT n FROM catalogue_version WHERE id = 1", "");
    if (rc)
        return rc;
    const char *hit = mc_cache_get(r->thread->cache, key, (size_t)n, gen, &len);
    if (hit && len == sizeof(pi)) {
        memcpy(&pi, hit, sizeof(pi));
    } else {
        rc = load_proc_info(db, code, &pi, e);
        if (rc)
            return rc;
        mc_cache_put(r->thread->cache, key, (size_t)n, gen, (const char *)&pi, sizeof(pi));
    }
    d->procedure_id = pi.id;
    snprintf(d->procedure_code, sizeof(d->procedure_code), "%s", pi.code);
    snprintf(d->procedure_name, sizeof(d->procedure_name), "%s", pi.name);
    d->time_amount = pi.amount[d->channel];
    snprintf(d->time_unit, sizeof(d->time_unit), "%s", pi.unit[d->channel]);
    d->cutoff = pi.cutoff;
    if (!d->agency_id && pi.agency_id) {
        d->agency_id = pi.agency_id;
        snprintf(d->agency_code, sizeof(d->agency_code), "%s", pi.agency_code);
    }
    return MC_OK;
}

/* ---- POST /api/v1/dossiers ---- */

struct submit_op {
    struct mc_async a;
    struct mc_dossier d;
    struct mc_actor_info who;
    struct mc_server *server;
    char idem[80];
    int desk, replayed;
};

static void actor_of(struct mc_req *r, struct mc_actor_info *who, const char *role)
{
    who->user_id = r->who->user.id;
    snprintf(who->name, sizeof(who->name), "%s", *r->who->user.full_name ? r->who->user.full_name : r->who->user.login);
    snprintf(who->role, sizeof(who->role), "%s", role);
    who->agency_id = r->who->ngrants ? r->who->grants[0].agency_id : 0;
}

static mc_err submit_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct submit_op *op = (struct submit_op *)a;
    struct mc_dossier *d = &op->d;
    d->submitted_at = d->last_action_at = mc_time_now();
    const char *action = op->desk ? "receive" : "submit";
    struct mc_action_input in = {.now = d->submitted_at, .cal = mc_api_calendar_get(op->server)};
    mc_err rc = mc_dossier_apply(d, mc_workflow_find(action, MC_ST_NONE), &in, err);
    mc_api_calendar_put(op->server, in.cal);
    if (!rc)
        rc = mc_dossier_insert(db, d, &op->who, action, *op->idem ? op->idem : NULL, err);
    if (rc == MC_ERR_EXISTS) {
        op->replayed = 1;
        return MC_OK;
    }
    return rc;
}

static void submit_finish(struct mc_req *r, struct mc_async *a)
{
    struct submit_op *op = (struct submit_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_reply_json(r, 201, mc_api_dossier_json(&op->d));
}

static void free_op(struct mc_async *a)
{
    mc_free(a);
}

/* The receiving agency: the one named in the body (an officer must cover
 * it), else the procedure's, else the officer's own. */
static mc_err choose_agency(struct mc_req *r, struct mc_db *db, struct submit_op *op, struct mc_error *e)
{
    const char *agency;
    char path[256];
    mc_err rc = mc_field_str(r->body, "agency", 40, 0, &agency, e);
    if (rc || !agency)
        return rc;
    rc = mc_agency_resolve(db, agency, &op->d.agency_id, path, sizeof(path), e);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_field(e, "agency", "Không có cơ quan này", "No such agency");
    if (!rc && op->desk && !mc_auth_covers(r->who, "dossier.receive", path))
        return mc_error_set(e, MC_ERR_FORBIDDEN, 403, "forbidden", "Cơ quan này ngoài phạm vi của bạn",
                            "This agency is outside your scope");
    return rc;
}

static mc_err agency_code_of(struct mc_db *db, struct mc_dossier *d, struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, e, "SELECT code FROM agencies WHERE id = $1", "i", d->agency_id);
    if (rc)
        return rc;
    if (row)
        snprintf(d->agency_code, sizeof(d->agency_code), "%s", mc_stmt_text(st, 0, NULL));
    mc_stmt_reset(st);
    return row ? MC_OK
               : mc_error_field(e, "agency", "Thủ tục chưa gắn cơ quan tiếp nhận: hãy chọn cơ quan",
                                "The procedure has no receiving agency: name one");
}

static mc_err read_channel(struct mc_req *r, struct submit_op *op, struct mc_error *e)
{
    int64_t channel = op->desk ? 1 : 2;
    mc_err rc = mc_field_int(r->body, "channel", 1, 3, 0, &channel, e);
    if (rc)
        return rc;
    if (!op->desk && channel != 2)
        return mc_error_field(e, "channel", "Công dân chỉ nộp trực tuyến (kênh 2)",
                              "Applicants submit online (channel 2)");
    if (op->desk && channel == 2)
        return mc_error_field(e, "channel", "Tại quầy chỉ tiếp nhận kênh 1 (trực tiếp) hoặc 3 (bưu chính)",
                              "The desk receives channel 1 (direct) or 3 (postal)");
    op->d.channel = (int)channel;
    return MC_OK;
}

static mc_err read_submission(struct mc_req *r, struct mc_db *db, struct submit_op *op, struct mc_error *e)
{
    const char *proc;
    op->desk = mc_auth_covers(r->who, "dossier.receive", NULL);
    mc_err rc = mc_field_object(r->body, e) ? MC_OK : MC_ERR_INVALID;
    if (!rc)
        rc = read_channel(r, op, e);
    if (!rc)
        rc = mc_field_str(r->body, "procedure_code", 30, 1, &proc, e);
    if (!rc)
        rc = mc_dossier_body_read(r->body, &op->d, e);
    if (!rc && op->d.channel == 3 && !*op->d.postal_tracking)
        rc = mc_error_field(e, "postal_tracking", "Hồ sơ qua bưu chính cần số hiệu bưu gửi",
                            "A postal dossier needs the postal tracking number");
    if (!rc)
        rc = choose_agency(r, db, op, e);
    if (!rc)
        rc = resolve_procedure(r, db, proc, &op->d, e);
    if (!rc)
        rc = agency_code_of(db, &op->d, e);
    return rc;
}

void mc_api_dossiers_create(struct mc_req *r)
{
    struct mc_error e;
    struct mc_db *db;
    mc_error_init(&e);
    struct submit_op *op = mc_calloc(1, sizeof(*op));
    const char *key = mc_req_header_named(r, "idempotency-key");
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = read_submission(r, db, op, &e);
    if (!rc && key && (strlen(key) > 64 || !*key))
        rc = mc_error_field(&e, "Idempotency-Key", "Khoá chống gửi trùng tối đa 64 ký tự",
                            "The Idempotency-Key has at most 64 characters");
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->idem, sizeof(op->idem), "%s", key ? key : "");
    op->d.submitted_by = op->desk ? 0 : r->who->user.id;
    op->d.processing_agency_id = op->d.agency_id;
    op->server = r->server;
    actor_of(r, &op->who, op->desk ? "desk_officer" : "applicant");
    op->a.write = submit_write;
    op->a.finish = submit_finish;
    op->a.release = free_op;
    mc_async_start(r, &op->a);
}

/* ---- GET /api/v1/dossiers/{code}, /history ---- */

static json_t *allowed_json(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d)
{
    char role[24];
    const char *names[32];
    size_t n = mc_workflow_allowed(d->status, actor_mask(db, p, d, role, sizeof(role)), names, 32);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(names[i]));
    return a;
}

/* The completion the applicant can expect now: the appointment while the
 * clock runs; while it is paused, the appointment if it resumed this
 * instant (so it moves on, live, as the pause lasts); none once finished. */
static int64_t expected_at(struct mc_req *r, struct mc_db *db, const struct mc_dossier *d)
{
    if (mc_status_final(d->status) || !d->received_at)
        return 0;
    if (!mc_status_paused(d->status) || !d->paused_at)
        return d->due_at;
    struct mc_cal_pause pauses[MAX_PAUSES];
    size_t n = 0;
    if (mc_dossier_pauses(db, d->id, pauses, MAX_PAUSES - 1, &n, NULL))
        return d->due_at;
    int64_t now = mc_time_now();
    pauses[n].from = d->paused_at;
    pauses[n++].to = now > d->paused_at ? now : d->paused_at;
    struct mc_due_req req = {
        .received = d->received_at, .amount = d->time_amount, .cutoff = d->cutoff, .pauses = pauses, .npauses = n};
    struct mc_due_res res;
    const struct mc_cal *cal = mc_api_calendar_get(r->server);
    int ok = !mc_due_unit_parse(d->time_unit, &req.unit, NULL) && !mc_cal_due(cal, &req, &res, NULL, NULL);
    mc_api_calendar_put(r->server, cal);
    return ok ? res.due : d->due_at;
}

void mc_api_dossiers_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    memset(d, 0, sizeof(*d));
    if (!load_readable(r, &db, d))
        return;
    json_t *o = mc_api_dossier_json(d);
    json_object_set_new(o, "expected_at", mc_json_time(expected_at(r, db, d)));
    json_object_set_new(o, "allowed_actions", allowed_json(db, r->who, d));
    struct mc_wf_step *steps = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*steps) * MC_WF_MAX_STEPS);
    size_t n = 0;
    struct mc_error e;
    mc_error_init(&e);
    if (!mc_wf_steps(db, d->id, steps, MC_WF_MAX_STEPS, &n, &e))
        json_object_set_new(o, "steps", steps_json(steps, n));
    mc_reply_json(r, 200, o);
}

void mc_api_dossiers_history(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    memset(d, 0, sizeof(*d));
    if (!load_readable(r, &db, d))
        return;
    if (mc_db_query(db, &st, &row, &e,
                    "SELECT h.at, h.actor, h.role, COALESCE(a.code, ''), h.action, h.from_status, h.to_status, "
                    "h.comment, COALESCE(h.due_at, 0), h.timeliness FROM dossier_history h "
                    "LEFT JOIN agencies a ON a.id = h.agency_id WHERE h.dossier_id = $1 ORDER BY h.id",
                    "i", d->id))
        return mc_reply_error(r, &e);
    json_t *items = json_array();
    while (row) {
        json_t *h = json_pack("{s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:s}", "at",
                              mc_json_time(mc_stmt_int(st, 0)), "actor", mc_stmt_text(st, 1, NULL), "role",
                              mc_stmt_text(st, 2, NULL), "agency_code", mc_stmt_text(st, 3, NULL), "action",
                              mc_stmt_text(st, 4, NULL), "from_status", (json_int_t)mc_stmt_int(st, 5), "to_status",
                              (json_int_t)mc_stmt_int(st, 6), "comment", mc_stmt_text(st, 7, NULL), "due_at",
                              mc_json_time(mc_stmt_int(st, 8)), "timeliness", mc_stmt_text(st, 9, NULL));
        json_array_append_new(items, h);
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}

/* ---- POST /api/v1/dossiers/{code}/actions ---- */

struct action_op {
    struct mc_async a;
    struct mc_dossier d;
    struct mc_principal who;
    struct mc_actor_info actor;
    struct mc_server *server;
    char code[48];
    struct mc_action_body body; /* action, comment, result_code... as sent */
    struct mc_action_input in;
    json_t *allowed;  /* set on invalid_transition */
    const char *slip; /* the slip this action issues (static), or NULL */
};

static mc_err invalid_transition(struct action_op *op, struct mc_db *db, struct mc_error *err)
{
    op->allowed = allowed_json(db, &op->who, &op->d);
    mc_error_setf(err, MC_ERR_CONFLICT, 409, "invalid_transition",
                  "Không thể thực hiện \"%s\" khi hồ sơ đang ở trạng thái %d", "\"%s\" is not allowed in status %d",
                  op->body.action, (int)op->d.status);
    mc_error_detail_int(err, "status", op->d.status);
    return MC_ERR_CONFLICT;
}

/* The pauses the due date is computed over, including the one this action
 * closes. */
static mc_err pauses_for(struct mc_db *db, struct action_op *op, const struct mc_transition *t,
                         struct mc_cal_pause *pauses, struct mc_error *err)
{
    size_t n;
    mc_err rc = mc_dossier_pauses(db, op->d.id, pauses, MAX_PAUSES - 1, &n, err);
    if (!rc && t->clock == MC_CLOCK_RESUME && op->d.paused_at) {
        pauses[n].from = op->d.paused_at;
        pauses[n++].to = op->in.now;
    }
    op->in.pauses = pauses;
    op->in.npauses = n;
    return rc;
}

/* A step is for its role: the caller must hold that role on an agency
 * whose subtree has the step's agency. */
static int holds_role(const struct mc_principal *p, const char *role, const char *path)
{
    for (int i = 0; i < p->ngrants; i++)
        if (!strcmp(p->grants[i].role, role) &&
            !strncmp(path, p->grants[i].agency_path, strlen(p->grants[i].agency_path)))
            return 1;
    return 0;
}

/* Completes the first open step of the running group that the caller may
 * do (its role, on its agency); 409 when there is none. */
static mc_err complete_my_step(struct mc_db *db, struct action_op *op, struct mc_error *err)
{
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    size_t n;
    int next;
    mc_err rc = mc_wf_steps(db, op->d.id, steps, MC_WF_MAX_STEPS, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct mc_wf_step *s = &steps[i];
        if (s->group != op->d.step_group || s->completed_at || !s->started_at ||
            !holds_role(&op->who, s->role, s->agency_path))
            continue;
        snprintf(op->body.comment + strlen(op->body.comment), sizeof(op->body.comment) - strlen(op->body.comment),
                 "%s%s", *op->body.comment ? " — " : "", s->name);
        rc = mc_wf_complete(db, op->d.id, s->id, op->who.user.id, op->in.cal, op->in.now, &next, err);
        op->d.step_group = next;
        return rc;
    }
    return rc ? rc
              : mc_error_set(err, MC_ERR_CONFLICT, 409, "no_open_step", "Bạn không có bước xử lý nào đang mở",
                             "You have no open step on this dossier");
}

static mc_err action_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct action_op *op = (struct action_op *)a;
    struct mc_cal_pause pauses[MAX_PAUSES];
    mc_err rc = mc_dossier_load(db, op->code, &op->d, err);
    if (rc == MC_ERR_NOT_FOUND || (!rc && !may_read(db, &op->who, &op->d)))
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "dossier_not_found", "Không tìm thấy hồ sơ", "No such dossier");
    if (rc)
        return rc;
    enum mc_status from = op->d.status;
    const struct mc_transition *t = mc_workflow_find(op->body.action, from);
    unsigned mask = actor_mask(db, &op->who, &op->d, op->actor.role, sizeof(op->actor.role));
    if (!t || !(t->actors & mask) || t->from == (1u << MC_ST_NONE))
        return invalid_transition(op, db, err);
    op->in.now = mc_time_now();
    op->slip = t->slip;
    if (!strcmp(op->body.action, "claim"))
        op->in.assignee_id = op->who.user.id;
    rc = pauses_for(db, op, t, pauses, err);
    op->in.cal = mc_api_calendar_get(op->server);
    if (!rc && !strcmp(op->body.action, "complete_step"))
        rc = complete_my_step(db, op, err);
    if (!rc)
        rc = mc_dossier_apply(&op->d, t, &op->in, err);
    if (!rc)
        rc = mc_dossier_save(db, &op->d, from, &op->actor, op->body.action, op->body.comment, err);
    if (!rc && !strcmp(op->body.action, "forward"))
        rc = mc_wf_start(db, op->d.id, op->in.cal, op->in.now, err);
    if (!rc && !strcmp(op->body.action, "forward"))
        rc = mc_dossier_load(db, op->code, &op->d, err);
    mc_api_calendar_put(op->server, op->in.cal);
    op->in.cal = NULL;
    return rc;
}

static void action_finish(struct mc_req *r, struct mc_async *a)
{
    struct action_op *op = (struct action_op *)a;
    if (a->rc && op->allowed) {
        struct mc_error *e = &a->err;
        json_t *err = json_pack("{s:s, s:s, s:s, s:{s:i, s:O}}", "code", e->code, "message", e->message, "message_en",
                                e->message_en, "details", "status", (int)op->d.status, "allowed_actions", op->allowed);
        return mc_reply_json(r, 409, json_pack("{s:o}", "error", err));
    }
    if (a->rc)
        return mc_reply_error(r, &a->err);
    json_t *o = mc_api_dossier_json(&op->d);
    json_object_set_new(o, "slip", op->slip ? json_string(op->slip) : json_null());
    mc_reply_json(r, 200, o);
}

static void free_action(struct mc_async *a)
{
    struct action_op *op = (struct action_op *)a;
    if (op->allowed)
        json_decref(op->allowed);
    mc_free(op);
}

static mc_err read_action(struct mc_req *r, struct action_op *op, struct mc_error *e)
{
    mc_err rc = mc_action_body_read(r->body, &op->body, e);
    op->in.rating = op->body.rating;
    op->in.assignee_id = op->body.assignee_id;
    op->in.new_due = op->body.new_due;
    op->in.comment = op->body.comment;
    op->in.result_code = op->body.result_code;
    return rc;
}

void mc_api_dossiers_action(struct mc_req *r)
{
    struct mc_error e;
    mc_error_init(&e);
    struct action_op *op = mc_calloc(1, sizeof(*op));
    if (read_action(r, op, &e)) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->code, sizeof(op->code), "%s", mc_req_param(r, "code"));
    op->who = *r->who;
    op->server = r->server;
    actor_of(r, &op->actor, "");
    op->a.write = action_write;
    op->a.finish = action_finish;
    op->a.release = free_action;
    mc_async_start(r, &op->a);
}

/* ---- GET /api/v1/dossiers: "my dossiers" and the inboxes ---- */

struct inbox_filter {
    int64_t status, channel, limit, cursor, due_days, stuck;
    const char *due, *procedure, *q, *mine;
    char agency_path[256];
};

static mc_err read_filter(struct mc_req *r, struct mc_db *db, struct inbox_filter *f, struct mc_error *e)
{
    const struct {
        const char *name;
        int64_t *out, min, max;
    } ints[] = {{"status", &f->status, 1, 10},        {"channel", &f->channel, 1, 3}, {"limit", &f->limit, 1, 200},
                {"cursor", &f->cursor, 1, INT64_MAX}, {"days", &f->due_days, 1, 365}, {"stuck", &f->stuck, 0, 1}};
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        const char *v = mc_req_query(r, ints[i].name);
        char *end;
        if (!v)
            continue;
        long long x = strtoll(v, &end, 10);
        if (*end || end == v || x < ints[i].min || x > ints[i].max)
            return mc_error_field(e, ints[i].name, "Giá trị lọc không hợp lệ", "Invalid filter value");
        *ints[i].out = x;
    }
    f->due = mc_req_query(r, "due");
    if (f->due && strcmp(f->due, "today") && strcmp(f->due, "overdue") && strcmp(f->due, "soon") &&
        strcmp(f->due, "paused"))
        return mc_error_field(e, "due", "due là today, soon, overdue hoặc paused",
                              "due is today, soon, overdue or paused");
    f->procedure = mc_req_query(r, "procedure");
    f->q = mc_req_query(r, "q");
    f->mine = mc_req_query(r, "mine");
    const char *agency = mc_req_query(r, "agency");
    int64_t id;
    if (agency && mc_agency_resolve(db, agency, &id, f->agency_path, sizeof(f->agency_path), e))
        return mc_error_field(e, "agency", "Không có cơ quan này", "No such agency");
    return MC_OK;
}

/* End of today (Vietnam) and the due bounds of the due= filter. */
static void due_bounds(const struct inbox_filter *f, int64_t now, int64_t *lo, int64_t *hi)
{
    int64_t local = now + MC_TZ_OFFSET, day_end = (local / 86400 + 1) * 86400 - MC_TZ_OFFSET;
    *lo = 0;
    *hi = INT64_MAX;
    if (!f->due)
        return;
    if (!strcmp(f->due, "today")) {
        *lo = day_end - 86400;
        *hi = day_end;
    } else if (!strcmp(f->due, "overdue")) {
        *hi = now;
    } else if (!strcmp(f->due, "soon")) {
        *lo = now;
        *hi = day_end + (f->due_days ? f->due_days : 3) * 86400;
    }
}

static mc_err run_inbox(struct mc_req *r, struct mc_db *db, const struct inbox_filter *f, int staff,
                        struct mc_stmt **st, int *row, struct mc_error *e)
{
    int64_t lo, hi, now = mc_time_now();
    due_bounds(f, now, &lo, &hi);
    struct mc_buf folded;
    mc_buf_init(&folded, 512);
    if (f->q && mc_fold(f->q, strlen(f->q), &folded, NULL))
        mc_buf_adds(&folded, f->q);
    mc_err rc = mc_db_query(
        db, st, row, e,
        "SELECT d.code FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
        "LEFT JOIN agencies p ON p.id = d.processing_agency_id "
        "WHERE ($1 = 0 OR d.submitted_by = $1) AND ($2 = 0 OR d.status = $2) AND ($3 = 0 OR d.channel = $3) "
        "AND ($4 = 0 OR d.id < $4) AND ($5 = '' OR a.path LIKE $5 || '%' OR p.path LIKE $5 || '%') "
        "AND ($6 = '' OR d.procedure_code = $6) AND ($7 = '' OR d.search LIKE '%' || $7 || '%') "
        "AND ($8 = 0 OR d.assignee_id = $8) AND ($9 = 0 OR (d.due_at >= $9 AND d.status IN (2, 4))) "
        "AND ($10 = 9223372036854775807 OR (d.due_at < $10 AND d.status IN (2, 4))) "
        "AND ($11 = 0 OR d.status IN (5, 6)) AND ($13 = 0 OR d.stuck_at IS NOT NULL) ORDER BY d.id DESC LIMIT $12",
        "iiiisssiiiiii", staff ? (int64_t)0 : r->who->user.id, f->status, f->channel, f->cursor, f->agency_path,
        f->procedure ? f->procedure : "", folded.buf, f->mine ? r->who->user.id : (int64_t)0, lo, hi,
        (int64_t)(f->due && !strcmp(f->due, "paused")), (f->limit ? f->limit : 50) * 4, f->stuck);
    mc_buf_release(&folded);
    return rc;
}

void mc_api_dossiers_list(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    struct inbox_filter f = {0};
    int row, staff = mc_auth_covers(r->who, "dossier.read", NULL);
    mc_error_init(&e);
    if (mc_req_db(r, &db, &e) || read_filter(r, db, &f, &e) || run_inbox(r, db, &f, staff, &st, &row, &e))
        return mc_reply_error(r, &e);
    /* codes first: the statement is reused by the loads below */
    int64_t limit = f.limit ? f.limit : 50, n = 0;
    char(*codes)[48] = h2o_mem_alloc_pool(&r->h2o->pool, (size_t)limit * 4 * 48);
    while (row && n < limit * 4) {
        snprintf(codes[n++], 48, "%s", mc_stmt_text(st, 0, NULL));
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    json_t *items = json_array();
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    int64_t last_id = 0;
    for (int64_t i = 0; i < n && (int64_t)json_array_size(items) < limit; i++) {
        if (mc_dossier_load(db, codes[i], d, &e) || !may_read(db, r->who, d))
            continue;
        json_t *o = mc_api_dossier_json(d);
        json_object_set_new(o, "expected_at", mc_json_time(expected_at(r, db, d)));
        json_array_append_new(items, o);
        last_id = d->id;
    }
    char cursor[24];
    snprintf(cursor, sizeof(cursor), "%lld", (long long)last_id);
    mc_reply_list(r, items, (int64_t)json_array_size(items) == limit ? cursor : NULL, -1);
}

/* ---- GET /api/v1/lookup/{code}?verify=NNNN (public) ---- */

static int lookup_throttled(struct mc_req *r)
{
    char key[96];
    snprintf(key, sizeof(key), "lookup:%s", r->ip);
    int64_t wait = mc_ratelimit_hit(r->server->limits, key, r->server->cfg->lookup_rate, 60, mc_time_now());
    if (!wait)
        return 0;
    struct mc_error e;
    mc_error_init(&e);
    mc_error_set(&e, MC_ERR_RATE_LIMITED, 429, "too_many_attempts", "Tra cứu quá nhiều, vui lòng chờ",
                 "Too many lookups, please wait");
    mc_error_detail_int(&e, "retry_after", wait);
    mc_reply_error(r, &e);
    return 1;
}

/* Answers only status, dates and the agency: no personal data. */
static json_t *lookup_json(struct mc_stmt *st)
{
    int status = (int)mc_stmt_int(st, 1);
    json_t *o =
        json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "code", mc_stmt_text(st, 0, NULL), "status", status, "status_name",
                  mc_status_name((enum mc_status)status), "procedure_name", mc_stmt_text(st, 2, NULL), "agency_code",
                  mc_stmt_text(st, 3, NULL), "agency_name", mc_stmt_text(st, 4, NULL));
    const char *keys[] = {"received_at", "due_at", "finished_at", "delivered_at"};
    for (int i = 0; i < 4; i++)
        json_object_set_new(o, keys[i], mc_json_time(mc_stmt_int(st, 5 + i)));
    return o;
}

void mc_api_lookup(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    if (lookup_throttled(r))
        return;
    const char *verify = mc_req_query(r, "verify");
    if (!verify || strlen(verify) != 4)
        return mc_reply_error(r, (mc_error_field(&e, "verify", "Nhập 4 số cuối điện thoại hoặc giấy tờ",
                                                 "Give the last 4 digits of the phone or ID number"),
                                  &e));
    if (mc_req_db(r, &db, &e) ||
        mc_db_query(db, &st, &row, &e,
                    "SELECT d.code, d.status, d.procedure_name, a.code, a.name, COALESCE(d.received_at, 0), "
                    "COALESCE(d.due_at, 0), COALESCE(d.finished_at, 0), COALESCE(d.delivered_at, 0), "
                    "d.applicant_phone, d.applicant_id FROM dossiers d "
                    "JOIN agencies a ON a.id = COALESCE(d.processing_agency_id, d.agency_id) WHERE d.code = $1",
                    "s", mc_req_param(r, "code")))
        return mc_reply_error(r, &e);
    char phone4[5] = "", id4[5] = "";
    if (row) {
        mc_dossier_last4(mc_stmt_text(st, 9, NULL), phone4);
        mc_dossier_last4(mc_stmt_text(st, 10, NULL), id4);
    }
    json_t *o = row && (!strcmp(verify, phone4) || !strcmp(verify, id4)) ? lookup_json(st) : NULL;
    mc_stmt_reset(st);
    if (!o)
        return mc_reply_errorf(r, 404, "dossier_not_found", "Không tìm thấy hồ sơ với mã và số xác minh này",
                               "No dossier with this code and verification digits");
    mc_reply_json(r, 200, o);
}

/* ---- GET /api/v1/events?after=&limit= ---- */

void mc_api_events(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    const char *after = mc_req_query(r, "after"), *lim = mc_req_query(r, "limit");
    char *end;
    long long a = after ? strtoll(after, &end, 10) : 0, l = lim ? strtoll(lim, &end, 10) : 100;
    if (a < 0 || l < 1 || l > 1000)
        return mc_reply_error(
            r, (mc_error_field(&e, a < 0 ? "after" : "limit", "Giá trị không hợp lệ", "Invalid value"), &e));
    if (mc_req_db(r, &db, &e) ||
        mc_db_query(db, &st, &row, &e,
                    "SELECT id, at, type, subject, payload FROM events WHERE id > $1 ORDER BY id LIMIT $2", "ii",
                    (int64_t)a, (int64_t)l))
        return mc_reply_error(r, &e);
    json_t *items = json_array();
    int64_t last = a;
    while (row) {
        last = mc_stmt_int(st, 0);
        json_t *payload = json_loads(mc_stmt_text(st, 4, NULL), 0, NULL);
        json_array_append_new(items,
                              json_pack("{s:I, s:o, s:s, s:s, s:o}", "id", (json_int_t)last, "at",
                                        mc_json_time(mc_stmt_int(st, 1)), "type", mc_stmt_text(st, 2, NULL), "subject",
                                        mc_stmt_text(st, 3, NULL), "payload", payload ? payload : json_null()));
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    char cursor[24];
    snprintf(cursor, sizeof(cursor), "%lld", (long long)last);
    /* the feed always names where to continue: poll again with after=next_cursor */
    mc_reply_list(r, items, cursor, -1);
}

/* ---- GET /api/v1/dossiers/counts: the inbox's figures ---- */

/* The ids of the agencies the caller reads dossiers of, as ",1,5,9," (or
 * "" for every agency). */
static mc_err scope_ids(struct mc_req *r, struct mc_db *db, struct mc_buf *out, struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    if (mc_auth_covers(r->who, "dossier.read", "/"))
        return MC_OK; /* the whole tree */
    mc_err rc = mc_db_query(db, &st, &row, e, "SELECT id, path FROM agencies ORDER BY id", "");
    mc_buf_addch(out, ',');
    while (!rc && row) {
        if (mc_auth_covers(r->who, "dossier.read", mc_stmt_text(st, 1, NULL)))
            mc_buf_addf(out, "%lld,", (long long)mc_stmt_int(st, 0));
        rc = mc_stmt_step(st, &row, e);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

void mc_api_dossiers_counts(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    struct mc_buf ids;
    int row, staff = mc_auth_covers(r->who, "dossier.read", NULL);
    int64_t lo, hi, now = mc_time_now();
    struct inbox_filter today = {.due = "today"};
    mc_error_init(&e);
    mc_buf_init(&ids, 1 << 20);
    due_bounds(&today, now, &lo, &hi);
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc && staff)
        rc = scope_ids(r, db, &ids, &e);
    if (!rc)
        rc = mc_db_query(
            db, &st, &row, &e,
            "SELECT count(*), "
            "COALESCE(SUM(CASE WHEN d.status IN (2, 4) AND d.due_at >= $3 AND d.due_at < $4 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN d.status IN (2, 4) AND d.due_at < $5 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN d.status IN (5, 6) THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN d.assignee_id = $6 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN d.stuck_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN d.status = 1 THEN 1 ELSE 0 END), 0) "
            "FROM dossiers d WHERE d.status IN (1, 2, 4, 5, 6) AND ($1 = 0 OR d.submitted_by = $1) "
            "AND ($2 = '' OR $2 LIKE '%,' || d.agency_id || ',%' OR $2 LIKE '%,' || d.processing_agency_id || ',%')",
            "isiiii", staff ? (int64_t)0 : r->who->user.id, ids.buf, lo, hi, now, r->who->user.id);
    mc_buf_release(&ids);
    if (rc)
        return mc_reply_error(r, &e);
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "open", (json_int_t)mc_stmt_int(st, 0), "due_today",
                          (json_int_t)mc_stmt_int(st, 1), "overdue", (json_int_t)mc_stmt_int(st, 2), "paused",
                          (json_int_t)mc_stmt_int(st, 3), "mine", (json_int_t)mc_stmt_int(st, 4), "stuck",
                          (json_int_t)mc_stmt_int(st, 5), "awaiting_receipt", (json_int_t)mc_stmt_int(st, 6));
    mc_stmt_reset(st);
    mc_reply_json(r, 200, o);
}
