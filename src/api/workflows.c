/* workflows.c - /api/v1/workflows: the workflow templates procedures name
 * (docs/internals/dossiers.md, "Workflow templates"). */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "domain/access.h"
#include "http/async.h"
#include "http/fields.h"
#include "http/http.h"
#include "store/accounts.h"
#include "store/store.h"
#include "store/workflow_store.h"
#include "core/banned.h"

static json_t *template_json(const char *code, const char *name, const struct mc_wf_step *steps, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:s?, s:I, s:s}", "group", steps[i].group, "name",
                                           steps[i].name, "role", steps[i].role, "agency_code",
                                           *steps[i].agency_path ? steps[i].agency_path : NULL, "amount",
                                           (json_int_t)steps[i].amount, "unit", steps[i].unit));
    return json_pack("{s:s, s:s, s:o}", "code", code, "name", name, "steps", a);
}

static void add_template(void *ctx, const char *code, const char *name, const struct mc_wf_step *steps, size_t n)
{
    json_array_append_new(ctx, template_json(code, name, steps, n));
}

void mc_api_workflows_list(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    json_t *items = json_array();
    if (mc_req_db(r, &db, &e) || mc_wf_template_each(db, add_template, items, &e)) {
        json_decref(items);
        return mc_reply_error(r, &e);
    }
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}

struct wf_op {
    struct mc_async a;
    char code[64], name[128], actor[256], ip[48];
    char agency_codes[MC_WF_MAX_STEPS][32];
    int64_t actor_id;
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    size_t n;
};

static mc_err step_field(struct mc_error *e, size_t i, const char *field, const char *vi, const char *en)
{
    char name[48];
    snprintf(name, sizeof(name), "steps[%zu].%s", i, field);
    return mc_error_field(e, name, vi, en);
}

/* Names the step in details.field of an error a field getter reported. */
static mc_err in_step(struct mc_error *e, size_t i)
{
    for (int k = 0; k < e->ndetails; k++)
        if (!strcmp(e->details[k].key, "field")) {
            char name[96];
            snprintf(name, sizeof(name), "steps[%zu].%.60s", i, e->details[k].value);
            mc_error_detail_str(e, "field", name);
        }
    return MC_ERR_INVALID;
}

static mc_err read_step(json_t *s, size_t i, struct wf_op *op, struct mc_error *e)
{
    struct mc_wf_step *st = &op->steps[i];
    const char *name, *role, *unit, *agency;
    int64_t group = 0, amount = 0;
    if (!json_is_object(s))
        return step_field(e, i, "name", "Mỗi bước là một đối tượng", "Each step is an object");
    if (mc_field_int(s, "group", 1, MC_WF_MAX_STEPS, 1, &group, e) || mc_field_str(s, "name", 120, 1, &name, e) ||
        mc_field_str(s, "role", 20, 1, &role, e) || mc_field_int(s, "amount", 0, 365, 1, &amount, e) ||
        mc_field_str(s, "unit", 4, 0, &unit, e) || mc_field_str(s, "agency_code", 20, 0, &agency, e))
        return in_step(e, i);
    if (strcmp(role, "specialist") && strcmp(role, "leader") && strcmp(role, "desk_officer") && strcmp(role, "clerk"))
        return step_field(e, i, "role", "Vai trò của bước: specialist, leader, desk_officer hoặc clerk",
                          "A step's role is specialist, leader, desk_officer or clerk");
    unit = unit ? unit : "wd";
    if (strcmp(unit, "wd") && strcmp(unit, "d") && strcmp(unit, "h"))
        return step_field(e, i, "unit", "Đơn vị thời gian: wd, d hoặc h", "The time unit is wd, d or h");
    if (i && group != op->steps[i - 1].group && group != op->steps[i - 1].group + 1)
        return step_field(e, i, "group", "Các nhóm bước đánh số liên tiếp từ 1", "Step groups are numbered 1, 2, ...");
    if (!i && group != 1)
        return step_field(e, i, "group", "Nhóm đầu tiên là 1", "The first group is 1");
    st->group = (int)group;
    st->amount = amount;
    snprintf(st->name, sizeof(st->name), "%s", name);
    snprintf(st->role, sizeof(st->role), "%s", role);
    snprintf(st->unit, sizeof(st->unit), "%s", unit);
    snprintf(op->agency_codes[i], sizeof(op->agency_codes[i]), "%s", agency ? agency : "");
    return MC_OK;
}

static mc_err wf_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct wf_op *op = (struct wf_op *)a;
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < op->n; i++)
        if (*op->agency_codes[i] && mc_agency_id_by_code(db, op->agency_codes[i], &op->steps[i].agency_id, err))
            rc = step_field(err, i, "agency_code", "Không có cơ quan này", "No such agency");
    if (!rc)
        rc = mc_wf_template_put(db, op->code, op->name, op->steps, op->n, err);
    return rc ? rc : mc_audit_append(db, op->actor_id, op->actor, "workflow_saved", op->code, op->ip, op->name, err);
}

static void wf_finish(struct mc_req *r, struct mc_async *a)
{
    struct wf_op *op = (struct wf_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    for (size_t i = 0; i < op->n; i++)
        snprintf(op->steps[i].agency_path, sizeof(op->steps[i].agency_path), "%s", op->agency_codes[i]);
    mc_reply_json(r, 200, template_json(op->code, op->name, op->steps, op->n));
}

static void wf_release(struct mc_async *a)
{
    mc_free(a);
}

/* PUT /api/v1/workflows/{code} {"name", "steps": [{group, name, role, agency_code?, amount, unit?}]} */
void mc_api_workflows_put(struct mc_req *r)
{
    struct mc_error e;
    const char *name, *code = mc_req_param(r, "code");
    mc_error_init(&e);
    struct wf_op *op = mc_calloc(1, sizeof(*op));
    json_t *steps = json_object_get(r->body, "steps"), *s;
    size_t i;
    mc_err rc = mc_field_object(r->body, &e) ? mc_field_str(r->body, "name", 120, 1, &name, &e) : MC_ERR_INVALID;
    if (!rc && (strlen(code) > 60 || !*code))
        rc = mc_error_field(&e, "code", "Mã quy trình tối đa 60 ký tự", "A workflow code has at most 60 characters");
    if (!rc && (!json_is_array(steps) || !json_array_size(steps) || json_array_size(steps) > MC_WF_MAX_STEPS))
        rc = mc_error_field(&e, "steps", "Cần từ 1 đến 32 bước", "Give 1 to 32 steps");
    json_array_foreach(steps, i, s)
    {
        if (rc)
            break;
        rc = read_step(s, i, op, &e);
        op->n = i + 1;
    }
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->code, sizeof(op->code), "%s", code);
    snprintf(op->name, sizeof(op->name), "%s", name);
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = wf_write;
    op->a.finish = wf_finish;
    op->a.release = wf_release;
    mc_async_start(r, &op->a);
}
