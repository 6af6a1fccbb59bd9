/* workflow_store.h - workflow templates and each dossier's steps.
 *
 * A template is ordered steps (group, name, role, agency or NULL for the
 * dossier's processing agency, allotted time); steps of the same group run
 * in parallel. When a dossier is forwarded, its template's steps are copied
 * into dossier_steps and group 1 starts: each step gets a deadline from the
 * working calendar. Completing the last open step of a group starts the
 * next; the dossier's internal deadline (when the result must be back at
 * the desk) is the chained deadline of the last group. All writes run in
 * the caller's (writer) transaction. */
#ifndef MC_WORKFLOW_STORE_H
#define MC_WORKFLOW_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_db;
struct mc_cal;

#define MC_WF_MAX_STEPS 32

struct mc_wf_step {
    int position, group;
    char name[128];
    char role[24];
    int64_t agency_id; /* 0 = the dossier's processing agency */
    char agency_path[256];
    int64_t amount;
    char unit[8];
    int64_t started_at, deadline_at, completed_at, id;
    char timeliness[12];
};

/* Creates or replaces the template code with its steps. */
mc_err mc_wf_template_put(struct mc_db *db, const char *code, const char *name, const struct mc_wf_step *steps,
                          size_t n, struct mc_error *err);
/* Copies the template of the dossier's procedure (or "mac-dinh") into its
 * steps and starts group 1 at now; sets step_group and internal_due_at. A
 * dossier that already has steps keeps them. */
mc_err mc_wf_start(struct mc_db *db, int64_t dossier_id, const struct mc_cal *cal, int64_t now, struct mc_error *err);
/* The dossier's steps in order (with the agency paths), into out. */
mc_err mc_wf_steps(struct mc_db *db, int64_t dossier_id, struct mc_wf_step *out, size_t max, size_t *n,
                   struct mc_error *err);
/* Marks step id completed at now by user, with its timeliness; when it was
 * the last open step of its group, starts the next group (or sets
 * step_group 0 when none is left). *next_group receives the group running
 * afterwards. */
mc_err mc_wf_complete(struct mc_db *db, int64_t dossier_id, int64_t step_id, int64_t user_id, const struct mc_cal *cal,
                      int64_t now, int *next_group, struct mc_error *err);

/* Calls fn for every template with its steps (agency codes filled in
 * agency_path's place: "" = the processing agency), ordered by code. */
mc_err mc_wf_template_each(struct mc_db *db,
                           void (*fn)(void *ctx, const char *code, const char *name, const struct mc_wf_step *steps,
                                      size_t n),
                           void *ctx, struct mc_error *err);

#endif
