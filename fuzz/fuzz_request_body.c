/* libFuzzer target: the request bodies whose decoders carry domain rules,
 * into the structs the handlers act on: a dossier submission's applicant,
 * owner and components and a dossier action (api/dossier_body.h), and a
 * workflow template (api/workflow_body.h). Every input goes through all
 * three. Invariants: every string is valid UTF-8 within its buffer and
 * without control characters other than tab/CR/LF; an accepted identity
 * number and phone pass their checks again; counts are in range; the owner
 * defaults to the applicant; an accepted action is one the workflow knows
 * with its numbers in range; a template has 1 to MC_WF_MAX_STEPS steps,
 * groups start at 1 and each step stays in its predecessor's group or opens
 * the next, roles, units and amounts from their sets and range; every
 * refusal is a 400 with a code and the field named, its texts valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/dossier_body.h"
#include "api/workflow_body.h"
#include "check_body.h"
#include "core/log.h"
#include "domain/workflow.h"
#include "http/json_body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TEXT(field) mc_fuzz_check_text(field, sizeof(field), 0)

static void check_dossier(const struct mc_dossier *d)
{
    struct mc_error e;
    char phone[sizeof(d->applicant_phone)];
    TEXT(d->applicant_kind);
    TEXT(d->applicant_name);
    TEXT(d->applicant_id_kind);
    TEXT(d->applicant_id);
    TEXT(d->applicant_phone);
    TEXT(d->applicant_email);
    TEXT(d->applicant_address);
    TEXT(d->owner_name);
    TEXT(d->owner_address);
    TEXT(d->note);
    TEXT(d->postal_tracking);
    MC_ASSERT(!strcmp(d->applicant_kind, "person") || !strcmp(d->applicant_kind, "organisation"));
    MC_ASSERT(*d->applicant_name && *d->owner_name);
    mc_error_init(&e);
    MC_ASSERT(mc_dossier_check_id(d->applicant_id_kind, d->applicant_id, &e) == MC_OK);
    MC_ASSERT(mc_dossier_check_phone(d->applicant_phone, phone, sizeof(phone), &e) == MC_OK);
    MC_ASSERT(!strcmp(phone, d->applicant_phone));
    MC_ASSERT(d->ncomponents >= 0 && d->ncomponents <= MC_DOSSIER_MAX_COMPONENTS);
    for (int i = 0; i < d->ncomponents; i++) {
        const struct mc_dossier_component *c = &d->components[i];
        mc_fuzz_check_text(c->name, sizeof(c->name), 1);
        MC_ASSERT(c->originals >= 0 && c->originals <= 99 && c->copies >= 0 && c->copies <= 99);
        MC_ASSERT(c->photocopies >= 0 && c->photocopies <= 99);
    }
}

static void check_action(const struct mc_action_body *b)
{
    TEXT(b->action);
    TEXT(b->comment);
    TEXT(b->result_code);
    MC_ASSERT(mc_workflow_known(b->action));
    MC_ASSERT(b->rating >= 0 && b->rating <= 5 && b->assignee_id >= 0);
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

static void check_template(const struct mc_wf_body *b)
{
    static const char *const roles[] = {"specialist", "leader", "desk_officer", "clerk", NULL};
    static const char *const units[] = {"wd", "d", "h", NULL};
    mc_fuzz_check_text(b->name, sizeof(b->name), 1);
    MC_ASSERT(b->n >= 1 && b->n <= MC_WF_MAX_STEPS);
    for (size_t i = 0; i < b->n; i++) {
        const struct mc_wf_step *s = &b->steps[i];
        mc_fuzz_check_text(s->name, sizeof(s->name), 1);
        mc_fuzz_check_text(b->agency_codes[i], sizeof(b->agency_codes[i]), 0);
        MC_ASSERT(one_of(s->role, roles) && one_of(s->unit, units));
        MC_ASSERT(s->amount >= 0 && s->amount <= 365);
        MC_ASSERT(i ? s->group == b->steps[i - 1].group || s->group == b->steps[i - 1].group + 1 : s->group == 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mc_dossier d;
    static struct mc_wf_body w;
    struct mc_action_body a;
    struct mc_error e;
    json_t *body = NULL;
    mc_error_init(&e);
    if (mc_json_parse((const char *)data, size, 32, &body, &e))
        return 0; /* the parser has its own target (fuzz_json_body) */
    memset(&d, 0, sizeof(d));
    if (mc_dossier_body_read(body, &d, &e) == MC_OK)
        check_dossier(&d);
    else
        mc_fuzz_check_refusal(&e);
    mc_error_init(&e);
    if (mc_action_body_read(body, &a, &e) == MC_OK)
        check_action(&a);
    else
        mc_fuzz_check_refusal(&e);
    mc_error_init(&e);
    if (mc_wf_body_read(body, &w, &e) == MC_OK)
        check_template(&w);
    else
        mc_fuzz_check_refusal(&e);
    json_decref(body);
    return 0;
}
