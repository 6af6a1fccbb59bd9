/* calendar.h - the working calendar the server serves (src/api/calendar.c).
 *
 * struct mc_server holds one struct mc_api_calendar (s->calendar): the
 * published struct mc_cal (default rules and schedule plus every override
 * stored in the database) and a rules-only calendar that says what a day is
 * "otherwise", without its override. The published calendar is replaced,
 * never changed: an override write builds the new calendar inside its
 * transaction and publishes it after the commit, before answering. Readers
 * take a reference for the time they use it (one handler call); a replaced
 * calendar is freed when its last reader lets go. About 1.2 MB each, ~2 ms
 * to build (docs/internals/calendar.md, "The served calendar"). */
#ifndef MC_API_CALENDAR_H
#define MC_API_CALENDAR_H

#include "core/err.h"

struct mc_server;
struct mc_cal;

/* Builds s->calendar from the database at s->cfg->db (start-up: before the
 * threads run). Errors of the store and of mc_cal_new (too many or invalid
 * stored overrides). */
mc_err mc_api_calendar_open(struct mc_server *s, struct mc_error *err);
/* Frees s->calendar (after the threads stopped); NULL-safe. */
void mc_api_calendar_close(struct mc_server *s);

/* The published calendar, kept alive until mc_api_calendar_put; safe from
 * any thread. Never NULL once open succeeded. Hold it only for the length
 * of one handler call, never across an asynchronous step. */
const struct mc_cal *mc_api_calendar_get(struct mc_server *s);
void mc_api_calendar_put(struct mc_server *s, const struct mc_cal *cal);

#endif
