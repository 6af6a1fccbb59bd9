/* workflows.c - /api/v1/workflows: the workflow templates procedures name
 * (docs/internals/dossiers.md, "Workflow templates"). */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "api/workflow_body.h"
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
    char code[64], actor[256], ip[48];
    int64_t actor_id;
    struct mc_wf_body body;
};

static mc_err wf_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct wf_op *op = (struct wf_op *)a;
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < op->body.n; i++)
        if (*op->body.agency_codes[i] &&
            mc_agency_id_by_code(db, op->body.agency_codes[i], &op->body.steps[i].agency_id, err)) {
            char field[48];
            snprintf(field, sizeof(field), "steps[%zu].agency_code", i);
            rc = mc_error_field(err, field, "Không có cơ quan này", "No such agency");
        }
    if (!rc)
        rc = mc_wf_template_put(db, op->code, op->body.name, op->body.steps, op->body.n, err);
    return rc ? rc
              : mc_audit_append(db, op->actor_id, op->actor, "workflow_saved", op->code, op->ip, op->body.name, err);
}

static void wf_finish(struct mc_req *r, struct mc_async *a)
{
    struct wf_op *op = (struct wf_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    for (size_t i = 0; i < op->body.n; i++)
        snprintf(op->body.steps[i].agency_path, sizeof(op->body.steps[i].agency_path), "%s", op->body.agency_codes[i]);
    mc_reply_json(r, 200, template_json(op->code, op->body.name, op->body.steps, op->body.n));
}

static void wf_release(struct mc_async *a)
{
    mc_free(a);
}

/* PUT /api/v1/workflows/{code} {"name", "steps": [{group, name, role, agency_code?, amount, unit?}]} */
void mc_api_workflows_put(struct mc_req *r)
{
    struct mc_error e;
    const char *code = mc_req_param(r, "code");
    mc_error_init(&e);
    struct wf_op *op = mc_calloc(1, sizeof(*op));
    mc_err rc = mc_wf_body_read(r->body, &op->body, &e);
    if (!rc && (strlen(code) > 60 || !*code))
        rc = mc_error_field(&e, "code", "Mã quy trình tối đa 60 ký tự", "A workflow code has at most 60 characters");
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->code, sizeof(op->code), "%s", code);
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = wf_write;
    op->a.finish = wf_finish;
    op->a.release = wf_release;
    mc_async_start(r, &op->a);
}
