#include "store/workflow_store.h"

#include <stdio.h>
#include <string.h>

#include "calendar/due.h"
#include "domain/dossier.h"
#include "store/store.h"
#include "core/banned.h"

mc_err mc_wf_template_put(struct mc_db *db, const char *code, const char *name, const struct mc_wf_step *steps,
                          size_t n, struct mc_error *err)
{
    int64_t id;
    mc_err rc = mc_db_do(db, err,
                         "INSERT INTO workflow_templates (code, name, created_at) VALUES ($1, $2, 0) "
                         "ON CONFLICT (code) DO UPDATE SET name = $2",
                         "ss", code, name);
    if (!rc)
        rc = mc_db_int(db, &id, err, "SELECT id FROM workflow_templates WHERE code = $1", "s", code);
    if (!rc)
        rc = mc_db_do(db, err, "DELETE FROM workflow_steps WHERE template_id = $1", "i", id);
    for (size_t i = 0; !rc && i < n; i++)
        rc = mc_db_do(db, err,
                      "INSERT INTO workflow_steps (template_id, position, grp, name, role, agency_id, amount, unit) "
                      "VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0), $7, $8)",
                      "iiissiis", id, (int64_t)(i + 1), (int64_t)steps[i].group, steps[i].name, steps[i].role,
                      steps[i].agency_id, steps[i].amount, steps[i].unit);
    return rc;
}

static int64_t deadline(const struct mc_cal *cal, int64_t start, int64_t amount, const char *unit)
{
    struct mc_due_req req = {.received = start, .amount = amount};
    struct mc_due_res res;
    if (mc_due_unit_parse(unit, &req.unit, NULL) || mc_cal_due(cal, &req, &res, NULL, NULL))
        return 0;
    return res.due;
}

/* Starts every step of group g at now; returns the latest deadline. */
static mc_err start_group(struct mc_db *db, int64_t dossier_id, int g, const struct mc_cal *cal, int64_t now,
                          int64_t *latest, struct mc_error *err)
{
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    size_t n;
    mc_err rc = mc_wf_steps(db, dossier_id, steps, MC_WF_MAX_STEPS, &n, err);
    *latest = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (steps[i].group != g)
            continue;
        int64_t dl = deadline(cal, now, steps[i].amount, steps[i].unit);
        if (dl > *latest)
            *latest = dl;
        rc = mc_db_do(db, err, "UPDATE dossier_steps SET started_at = $1, deadline_at = NULLIF($2, 0) WHERE id = $3",
                      "iii", now, dl, steps[i].id);
    }
    if (!rc)
        rc = mc_db_do(db, err, "UPDATE dossiers SET step_group = $1 WHERE id = $2", "ii", (int64_t)g, dossier_id);
    return rc;
}

/* The internal deadline: the groups chained from now, each starting when
 * the previous one's slowest step is due. */
static int64_t chained_deadline(const struct mc_wf_step *steps, size_t n, const struct mc_cal *cal, int64_t now)
{
    int64_t at = now;
    for (int g = 1; g <= MC_WF_MAX_STEPS; g++) {
        int64_t latest = 0;
        for (size_t i = 0; i < n; i++)
            if (steps[i].group == g) {
                int64_t dl = deadline(cal, at, steps[i].amount, steps[i].unit);
                latest = dl > latest ? dl : latest;
            }
        if (!latest)
            break;
        at = latest;
    }
    return at;
}

static mc_err copy_template(struct mc_db *db, int64_t dossier_id, struct mc_error *err)
{
    return mc_db_do(
        db, err,
        "INSERT INTO dossier_steps (dossier_id, position, grp, name, role, agency_id, amount, unit) "
        "SELECT d.id, s.position, s.grp, s.name, s.role, COALESCE(s.agency_id, d.processing_agency_id, d.agency_id), "
        "s.amount, s.unit FROM dossiers d LEFT JOIN procedures p ON p.id = d.procedure_id "
        "JOIN workflow_templates t ON t.code = COALESCE(NULLIF(p.workflow_ref, ''), 'mac-dinh') "
        "JOIN workflow_steps s ON s.template_id = t.id WHERE d.id = $1 ORDER BY s.position",
        "i", dossier_id);
}

mc_err mc_wf_start(struct mc_db *db, int64_t dossier_id, const struct mc_cal *cal, int64_t now, struct mc_error *err)
{
    int64_t have, latest;
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    size_t n;
    mc_err rc = mc_db_int(db, &have, err, "SELECT count(*) FROM dossier_steps WHERE dossier_id = $1", "i", dossier_id);
    if (!rc && !have)
        rc = copy_template(db, dossier_id, err);
    if (!rc)
        rc = mc_wf_steps(db, dossier_id, steps, MC_WF_MAX_STEPS, &n, err);
    if (rc || !n)
        return rc;
    rc = start_group(db, dossier_id, 1, cal, now, &latest, err);
    return rc ? rc
              : mc_db_do(db, err, "UPDATE dossiers SET internal_due_at = $1 WHERE id = $2", "ii",
                         chained_deadline(steps, n, cal, now), dossier_id);
}

mc_err mc_wf_steps(struct mc_db *db, int64_t dossier_id, struct mc_wf_step *out, size_t max, size_t *n,
                   struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT s.id, s.position, s.grp, s.name, s.role, s.agency_id, a.path, s.amount, s.unit, "
                            "COALESCE(s.started_at, 0), COALESCE(s.deadline_at, 0), COALESCE(s.completed_at, 0), "
                            "s.timeliness FROM dossier_steps s JOIN agencies a ON a.id = s.agency_id "
                            "WHERE s.dossier_id = $1 ORDER BY s.position",
                            "i", dossier_id);
    while (!rc && row) {
        if (*n < max) {
            struct mc_wf_step *s = &out[(*n)++];
            s->id = mc_stmt_int(st, 0);
            s->position = (int)mc_stmt_int(st, 1);
            s->group = (int)mc_stmt_int(st, 2);
            snprintf(s->name, sizeof(s->name), "%s", mc_stmt_text(st, 3, NULL));
            snprintf(s->role, sizeof(s->role), "%s", mc_stmt_text(st, 4, NULL));
            s->agency_id = mc_stmt_int(st, 5);
            snprintf(s->agency_path, sizeof(s->agency_path), "%s", mc_stmt_text(st, 6, NULL));
            s->amount = mc_stmt_int(st, 7);
            snprintf(s->unit, sizeof(s->unit), "%s", mc_stmt_text(st, 8, NULL));
            s->started_at = mc_stmt_int(st, 9);
            s->deadline_at = mc_stmt_int(st, 10);
            s->completed_at = mc_stmt_int(st, 11);
            snprintf(s->timeliness, sizeof(s->timeliness), "%s", mc_stmt_text(st, 12, NULL));
        }
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

mc_err mc_wf_complete(struct mc_db *db, int64_t dossier_id, int64_t step_id, int64_t user_id, const struct mc_cal *cal,
                      int64_t now, int *next_group, struct mc_error *err)
{
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    size_t n;
    int group = 0, open = 0;
    mc_err rc = mc_wf_steps(db, dossier_id, steps, MC_WF_MAX_STEPS, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        if (steps[i].id == step_id) {
            group = steps[i].group;
            rc = mc_db_do(
                db, err, "UPDATE dossier_steps SET completed_at = $1, completed_by = $2, timeliness = $3 WHERE id = $4",
                "iisi", now, user_id, mc_dossier_timeliness(now, steps[i].deadline_at), step_id);
        }
    }
    for (size_t i = 0; !rc && i < n; i++)
        open += steps[i].group == group && steps[i].id != step_id && !steps[i].completed_at;
    *next_group = group;
    if (rc || open)
        return rc;
    int64_t latest;
    for (size_t i = 0; i < n; i++)
        if (steps[i].group == group + 1) {
            *next_group = group + 1;
            return start_group(db, dossier_id, group + 1, cal, now, &latest, err);
        }
    *next_group = 0;
    return mc_db_do(db, err, "UPDATE dossiers SET step_group = 0 WHERE id = $1", "i", dossier_id);
}

static mc_err template_steps(struct mc_db *db, int64_t template_id, struct mc_wf_step *out, size_t *n,
                             struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT s.position, s.grp, s.name, s.role, COALESCE(a.id, 0), COALESCE(a.code, ''), "
                            "s.amount, s.unit FROM workflow_steps s LEFT JOIN agencies a ON a.id = s.agency_id "
                            "WHERE s.template_id = $1 ORDER BY s.position",
                            "i", template_id);
    while (!rc && row) {
        if (*n < MC_WF_MAX_STEPS) {
            struct mc_wf_step *s = &out[(*n)++];
            memset(s, 0, sizeof(*s));
            s->position = (int)mc_stmt_int(st, 0);
            s->group = (int)mc_stmt_int(st, 1);
            snprintf(s->name, sizeof(s->name), "%s", mc_stmt_text(st, 2, NULL));
            snprintf(s->role, sizeof(s->role), "%s", mc_stmt_text(st, 3, NULL));
            s->agency_id = mc_stmt_int(st, 4);
            snprintf(s->agency_path, sizeof(s->agency_path), "%s", mc_stmt_text(st, 5, NULL));
            s->amount = mc_stmt_int(st, 6);
            snprintf(s->unit, sizeof(s->unit), "%s", mc_stmt_text(st, 7, NULL));
        }
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

mc_err mc_wf_template_each(struct mc_db *db,
                           void (*fn)(void *ctx, const char *code, const char *name, const struct mc_wf_step *steps,
                                      size_t n),
                           void *ctx, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    int64_t ids[256];
    char codes[256][64], names[256][128];
    size_t count = 0;
    mc_err rc = mc_db_query(db, &st, &row, err, "SELECT id, code, name FROM workflow_templates ORDER BY code", "");
    while (!rc && row && count < 256) {
        ids[count] = mc_stmt_int(st, 0);
        snprintf(codes[count], sizeof(codes[0]), "%s", mc_stmt_text(st, 1, NULL));
        snprintf(names[count], sizeof(names[0]), "%s", mc_stmt_text(st, 2, NULL));
        count++;
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    struct mc_wf_step steps[MC_WF_MAX_STEPS];
    for (size_t i = 0; !rc && i < count; i++) {
        size_t n;
        rc = template_steps(db, ids[i], steps, &n, err);
        if (!rc)
            fn(ctx, codes[i], names[i], steps, n);
    }
    return rc;
}
