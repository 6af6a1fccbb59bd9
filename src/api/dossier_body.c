/* dossier_body.c - dossier request bodies into domain structs (see
 * dossier_body.h). */
#include "api/dossier_body.h"

#include <stdio.h>
#include <string.h>

#include "core/time.h"
#include "domain/workflow.h"
#include "http/fields.h"
#include "core/banned.h"

static mc_err copy_field(json_t *obj, const char *key, size_t max, int required, char *dst, size_t cap,
                         struct mc_error *e)
{
    const char *v;
    mc_err rc = mc_field_str(obj, key, max < cap - 1 ? max : cap - 1, required, &v, e);
    if (!rc)
        snprintf(dst, cap, "%s", v ? v : "");
    return rc;
}

/* Prefixes details.field with the object's name ("applicant.name"). */
static mc_err in_object(const char *prefix, mc_err rc, struct mc_error *e)
{
    for (int i = 0; rc && i < e->ndetails; i++)
        if (!strcmp(e->details[i].key, "field") && !strchr(e->details[i].value, '.')) {
            char full[160];
            snprintf(full, sizeof(full), "%s.%s", prefix, e->details[i].value);
            mc_error_detail_str(e, "field", full);
        }
    return rc;
}

static mc_err read_applicant(json_t *body, struct mc_dossier *d, struct mc_error *e)
{
    json_t *a = json_object_get(body, "applicant");
    if (!json_is_object(a))
        return mc_error_field(e, "applicant", "Thiếu thông tin người nộp", "The applicant is missing");
    char phone[32] = "";
    mc_err rc = copy_field(a, "kind", 16, 0, d->applicant_kind, sizeof(d->applicant_kind), e);
    if (!rc)
        rc = copy_field(a, "name", 200, 1, d->applicant_name, sizeof(d->applicant_name), e);
    if (!rc)
        rc = copy_field(a, "id_kind", 16, 1, d->applicant_id_kind, sizeof(d->applicant_id_kind), e);
    if (!rc)
        rc = copy_field(a, "id_number", 20, 1, d->applicant_id, sizeof(d->applicant_id), e);
    if (!rc)
        rc = copy_field(a, "phone", 20, 1, phone, sizeof(phone), e);
    if (!rc)
        rc = copy_field(a, "email", 254, 0, d->applicant_email, sizeof(d->applicant_email), e);
    if (!rc)
        rc = copy_field(a, "address", 500, 0, d->applicant_address, sizeof(d->applicant_address), e);
    rc = in_object("applicant", rc, e);
    if (!rc && !*d->applicant_kind)
        snprintf(d->applicant_kind, sizeof(d->applicant_kind), "%s",
                 !strcmp(d->applicant_id_kind, "tax_code") ? "organisation" : "person");
    if (!rc && strcmp(d->applicant_kind, "person") && strcmp(d->applicant_kind, "organisation"))
        rc = mc_error_field(e, "applicant.kind", "Người nộp là person hoặc organisation",
                            "The applicant is a person or an organisation");
    if (!rc)
        rc = mc_dossier_check_id(d->applicant_id_kind, d->applicant_id, e);
    if (!rc)
        rc = mc_dossier_check_phone(phone, d->applicant_phone, sizeof(d->applicant_phone), e);
    return rc;
}

static mc_err read_components(json_t *body, struct mc_dossier *d, struct mc_error *e)
{
    json_t *list = json_object_get(body, "components"), *c;
    size_t i;
    if (!list)
        return MC_OK;
    if (!json_is_array(list) || json_array_size(list) > MC_DOSSIER_MAX_COMPONENTS)
        return mc_error_field(e, "components", "Danh sách thành phần hồ sơ không hợp lệ (tối đa 64)",
                              "Invalid list of components (64 at most)");
    json_array_foreach(list, i, c)
    {
        struct mc_dossier_component *x = &d->components[d->ncomponents++];
        int64_t o = 0, cp = 0, ph = 0;
        mc_err rc = json_is_object(c) ? copy_field(c, "name", 500, 1, x->name, sizeof(x->name), e)
                                      : mc_error_field(e, "components", "Mỗi thành phần là một đối tượng",
                                                       "Each component is an object");
        if (!rc)
            rc = mc_field_int(c, "originals", 0, 99, 0, &o, e);
        if (!rc)
            rc = mc_field_int(c, "copies", 0, 99, 0, &cp, e);
        if (!rc)
            rc = mc_field_int(c, "photocopies", 0, 99, 0, &ph, e);
        if (rc)
            return in_object("components", rc, e);
        x->originals = (int)o;
        x->copies = (int)cp;
        x->photocopies = (int)ph;
    }
    return MC_OK;
}

static mc_err read_owner(json_t *body, struct mc_dossier *d, struct mc_error *e)
{
    json_t *o = json_object_get(body, "owner");
    mc_err rc = MC_OK;
    if (json_is_object(o)) {
        rc = copy_field(o, "name", 200, 0, d->owner_name, sizeof(d->owner_name), e);
        if (!rc)
            rc = copy_field(o, "address", 500, 0, d->owner_address, sizeof(d->owner_address), e);
    }
    if (!*d->owner_name)
        snprintf(d->owner_name, sizeof(d->owner_name), "%s", d->applicant_name);
    if (!*d->owner_address)
        snprintf(d->owner_address, sizeof(d->owner_address), "%s", d->applicant_address);
    rc = in_object("owner", rc, e);
    if (!rc)
        rc = copy_field(body, "note", 1000, 0, d->note, sizeof(d->note), e);
    return rc ? rc : copy_field(body, "postal_tracking", 60, 0, d->postal_tracking, sizeof(d->postal_tracking), e);
}

mc_err mc_dossier_body_read(json_t *body, struct mc_dossier *d, struct mc_error *e)
{
    if (!mc_field_object(body, e))
        return MC_ERR_INVALID;
    mc_err rc = read_applicant(body, d, e);
    if (!rc)
        rc = read_owner(body, d, e);
    return rc ? rc : read_components(body, d, e);
}

mc_err mc_action_body_read(json_t *body, struct mc_action_body *b, struct mc_error *e)
{
    const char *action, *due;
    int64_t rating = 0, assignee = 0;
    memset(b, 0, sizeof(*b));
    mc_err rc = mc_field_object(body, e) ? MC_OK : MC_ERR_INVALID;
    if (!rc)
        rc = mc_field_str(body, "action", 30, 1, &action, e);
    if (!rc && !mc_workflow_known(action))
        rc = mc_error_field(e, "action", "Thao tác không tồn tại", "Unknown action");
    if (!rc)
        rc = copy_field(body, "comment", 1000, 0, b->comment, sizeof(b->comment), e);
    if (!rc)
        rc = copy_field(body, "result_code", 60, 0, b->result_code, sizeof(b->result_code), e);
    if (!rc)
        rc = mc_field_int(body, "rating", 1, 5, 0, &rating, e);
    if (!rc)
        rc = mc_field_int(body, "assignee_id", 1, INT64_MAX, 0, &assignee, e);
    if (!rc)
        rc = mc_field_str(body, "new_due_at", 40, 0, &due, e);
    if (!rc && due && mc_time_parse(due, strlen(due), &b->new_due))
        rc = mc_error_field(e, "new_due_at", "Thời điểm không hợp lệ (ISO 8601)", "Invalid instant (ISO 8601)");
    if (rc)
        return rc;
    snprintf(b->action, sizeof(b->action), "%s", action);
    b->rating = (int)rating;
    b->assignee_id = assignee;
    return MC_OK;
}
