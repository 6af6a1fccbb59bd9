/* dossier_body.h - the JSON bodies of dossier requests read into domain
 * structs: a submission's applicant, owner, note and components, and an
 * action. No database and no request: api/dossiers.c calls these, and
 * fuzz/fuzz_dossier_body.c drives them with arbitrary JSON. A refusal is a
 * 400 invalid_field (or the field getters' codes) naming the field with its
 * object ("applicant.id_number", "components.name"). */
#ifndef MC_DOSSIER_BODY_H
#define MC_DOSSIER_BODY_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/dossier.h"

/* Fills the applicant, owner (defaults: the applicant), note,
 * postal_tracking and components of d from a submission body (an object). */
mc_err mc_dossier_body_read(json_t *body, struct mc_dossier *d, struct mc_error *e);

struct mc_action_body {
    char action[32], comment[1024], result_code[64];
    int rating;          /* 0 when absent, else 1-5 */
    int64_t assignee_id; /* 0 when absent */
    int64_t new_due;     /* 0 when absent */
};

/* {"action", "comment"?, "result_code"?, "rating"?, "assignee_id"?,
 * "new_due_at"?}: the action must be one the workflow knows. */
mc_err mc_action_body_read(json_t *body, struct mc_action_body *b, struct mc_error *e);

#endif
