/* workflow_body.h - the body of PUT /api/v1/workflows/{code} read into a
 * template: {"name", "steps": [{group, name, role, amount, unit?,
 * agency_code?}]}. No database and no request: api/workflows.c calls it
 * (and resolves the agency codes when it writes), and
 * fuzz/fuzz_workflow_body.c drives it with arbitrary JSON. */
#ifndef MC_WORKFLOW_BODY_H
#define MC_WORKFLOW_BODY_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "store/workflow_store.h"

struct mc_wf_body {
    char name[128];
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    char agency_codes[MC_WF_MAX_STEPS][32]; /* "" = the dossier's processing agency */
    size_t n;
};

/* 1 to MC_WF_MAX_STEPS steps; groups numbered 1, 2, ... in order (steps of
 * one group run in parallel); role specialist, leader, desk_officer or
 * clerk; amount 0-365 in unit wd (default), d or h. A refusal is a 400
 * naming the field ("steps[2].role"). */
mc_err mc_wf_body_read(json_t *body, struct mc_wf_body *b, struct mc_error *e);

#endif
