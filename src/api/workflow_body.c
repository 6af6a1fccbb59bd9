/* workflow_body.c - a workflow template's request body (see
 * workflow_body.h). */
#include "api/workflow_body.h"

#include <stdio.h>
#include <string.h>

#include "http/fields.h"
#include "core/banned.h"

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

static mc_err read_step(json_t *s, size_t i, struct mc_wf_body *b, struct mc_error *e)
{
    struct mc_wf_step *st = &b->steps[i];
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
    if (i && group != b->steps[i - 1].group && group != b->steps[i - 1].group + 1)
        return step_field(e, i, "group", "Các nhóm bước đánh số liên tiếp từ 1", "Step groups are numbered 1, 2, ...");
    if (!i && group != 1)
        return step_field(e, i, "group", "Nhóm đầu tiên là 1", "The first group is 1");
    st->group = (int)group;
    st->amount = amount;
    snprintf(st->name, sizeof(st->name), "%s", name);
    snprintf(st->role, sizeof(st->role), "%s", role);
    snprintf(st->unit, sizeof(st->unit), "%s", unit);
    snprintf(b->agency_codes[i], sizeof(b->agency_codes[i]), "%s", agency ? agency : "");
    return MC_OK;
}

mc_err mc_wf_body_read(json_t *body, struct mc_wf_body *b, struct mc_error *e)
{
    const char *name;
    json_t *steps = json_object_get(body, "steps"), *s;
    size_t i;
    memset(b, 0, sizeof(*b));
    mc_err rc = mc_field_object(body, e) ? mc_field_str(body, "name", 120, 1, &name, e) : MC_ERR_INVALID;
    if (!rc && (!json_is_array(steps) || !json_array_size(steps) || json_array_size(steps) > MC_WF_MAX_STEPS))
        rc = mc_error_field(e, "steps", "Cần từ 1 đến 32 bước", "Give 1 to 32 steps");
    json_array_foreach(steps, i, s)
    {
        if (rc)
            break;
        rc = read_step(s, i, b, e);
        b->n = i + 1;
    }
    if (!rc)
        snprintf(b->name, sizeof(b->name), "%s", name);
    return rc;
}
