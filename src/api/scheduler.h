/* scheduler.h - the thread that runs periodic work (ARCHITECTURE.md §4).
 *
 * Every --scheduler-interval seconds it runs, through the writer (so the
 * work commits like any request's): stuck-dossier detection and escalation
 * (--stuck-hours working hours without action; 0 turns it off). It stops
 * with the server, before the writer. */
#ifndef MC_SCHEDULER_H
#define MC_SCHEDULER_H

#include "core/err.h"

struct mc_server;
struct mc_scheduler;

mc_err mc_scheduler_start(struct mc_server *s, struct mc_scheduler **out, struct mc_error *err);
/* Wakes the thread, lets a running pass finish, joins it; NULL-safe. */
void mc_scheduler_stop(struct mc_scheduler *sch);

#endif
