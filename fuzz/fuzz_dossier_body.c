/* libFuzzer target: dossier request bodies into the domain structs the
 * handlers act on (api/dossier_body.h): a submission's applicant, owner and
 * components, and an action. Invariants: every string is valid UTF-8 within
 * its buffer and without control characters other than tab/CR/LF; an
 * accepted identity number and phone pass their checks again; counts are
 * in range; the owner defaults to the applicant; an accepted action is one
 * the workflow knows with its numbers in range; every refusal is a 400 with
 * a code and the field named, its texts valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/dossier_body.h"
#include "check_body.h"
#include "core/fold.h"
#include "core/log.h"
#include "domain/workflow.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_error e;
    json_t *body = mc_fuzz_body(data, size);
    if (!body)
        return 0;
    mc_error_init(&e);
    static struct mc_dossier d;
    memset(&d, 0, sizeof(d));
    if (mc_dossier_body_read(body, &d, &e) == MC_OK)
        check_dossier(&d);
    else
        mc_fuzz_check_refusal(&e);
    struct mc_action_body b;
    mc_error_init(&e);
    if (mc_action_body_read(body, &b, &e) == MC_OK)
        check_action(&b);
    else
        mc_fuzz_check_refusal(&e);
    json_decref(body);
    return 0;
}
