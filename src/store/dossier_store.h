/* dossier_store.h - dossiers in the database: codes, rows, components,
 * pauses, history and the outbox of events.
 *
 * Writes run inside a writer transaction (mc_async write step): the dossier
 * row, its history row and its event commit together or not at all. */
#ifndef MC_DOSSIER_STORE_H
#define MC_DOSSIER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/dossier.h"

struct mc_db;
struct mc_cal_pause;

/* Who acts: written into history rows. */
struct mc_actor_info {
    int64_t user_id;
    char name[256];
    char role[24];
    int64_t agency_id;
};

/* Allocates the next code of d->agency_id for today (per agency, per day,
 * never repeated: the sequence row is updated in the same transaction), then
 * inserts d with its components, a history row for action and an event.
 * With an idempotency key (user, key) already used, loads that dossier into
 * d instead and returns MC_ERR_EXISTS. */
mc_err mc_dossier_insert(struct mc_db *db, struct mc_dossier *d, const struct mc_actor_info *who, const char *action,
                         const char *idem_key, struct mc_error *err);
/* Loads a dossier (and its components) by code; NOT_FOUND. */
mc_err mc_dossier_load(struct mc_db *db, const char *code, struct mc_dossier *d, struct mc_error *err);
/* Closed pause intervals of a dossier, sorted, into out (max entries). */
mc_err mc_dossier_pauses(struct mc_db *db, int64_t dossier_id, struct mc_cal_pause *out, size_t max, size_t *n,
                         struct mc_error *err);
/* Persists d after an action moved it from from_status: the row, the pause
 * interval opened or closed, a history row (with timeliness when it
 * finished) and an event. */
mc_err mc_dossier_save(struct mc_db *db, const struct mc_dossier *d, enum mc_status from_status,
                       const struct mc_actor_info *who, const char *action, const char *comment, struct mc_error *err);
/* Appends an event to the outbox (type, subject, JSON payload). */
mc_err mc_event_append(struct mc_db *db, const char *type, const char *subject, const char *payload,
                       struct mc_error *err);

struct mc_cal;
/* After a calendar change: recomputes the due date of every open dossier
 * (statuses 2, 4, 5, 6 with a receipt time and a processing time) on cal;
 * each dossier whose date moved gets its new date, a history row
 * "calendar_changed" and an event. *moved receives how many moved. */
mc_err mc_dossier_recompute_all(struct mc_db *db, const struct mc_cal *cal, const struct mc_actor_info *who,
                                int64_t *moved, struct mc_error *err);

/* Stuck dossiers: in status 2 or 4, not flagged yet, with no action for at
 * least hours working hours on cal. Each one found (at most limit a run) is
 * flagged (stuck_at), gets a history row "escalated", an event, and a
 * notification to every leader whose role covers its processing agency.
 * *escalated receives how many. */
mc_err mc_dossier_escalate_stuck(struct mc_db *db, const struct mc_cal *cal, int64_t hours, int64_t now, int limit,
                                 int64_t *escalated, struct mc_error *err);

#endif
