/* due.h - due dates and working time on a struct mc_cal.
 *
 * Instants are int64 seconds since the epoch (UTC); the calendar works in
 * Vietnam time (UTC+7). The working clock runs only inside the schedule's
 * intervals on working days. The conventions (docs/internals/calendar.md):
 *
 * - The clock starts at the receipt instant if that is a working moment;
 *   otherwise at the next working moment (before hours -> 07:00 that day,
 *   during the break -> 13:30, after hours or on a day off -> 07:00 of the
 *   next working day). With a cut-off (e.g. 15:00), a receipt strictly
 *   after it on a working day starts the clock at the next working day.
 * - "h": the due is the clock start plus N working hours.
 * - "wd", MC_DUE_END_OF_DAY (default): the end of the last working interval
 *   (17:00) of the Nth working day, where the start day is day 1 only when
 *   the clock starts at the beginning of that day (Mon 09:00 + 1 wd = Tue
 *   17:00; Sat or Mon 06:30 + 1 wd = Mon 17:00). N = 0: the end of the
 *   start day.
 * - "wd", MC_DUE_SAME_TIME: the clock start plus N full working days of
 *   working time (Mon 09:00 + 1 wd = Tue 09:00; Mon 07:00 + 1 wd = Mon
 *   17:00).
 * - "d": N calendar days after the start day (the start day counts as day 1
 *   under the same rule as "wd"); a due day that is a day off moves to the
 *   next working day; the due is the end of that working day under both
 *   conventions (Civil Code 2015, art. 147-148).
 * - A due that lands exactly at the end of an interval is reported there
 *   (11:30 or 17:00), never at the start of the next one.
 * - Pauses (dossier statuses 5 and 6), in order, each starting before the
 *   due computed so far: MC_PAUSE_SHIFT moves the due by the working time
 *   inside the pause; MC_PAUSE_RESTART computes the due afresh from the
 *   resume instant, as if the dossier had been received then. */
#ifndef MC_DUE_H
#define MC_DUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_cal;
struct mc_error;

enum mc_due_unit {
    MC_UNIT_WORKDAYS = 0, /* "wd" */
    MC_UNIT_DAYS,         /* "d", calendar days */
    MC_UNIT_HOURS,        /* "h", working hours */
};

/* "wd", "d", "h" -> unit; MC_ERR_INVALID naming field "unit" otherwise. */
mc_err mc_due_unit_parse(const char *s, enum mc_due_unit *unit, struct mc_error *e);
const char *mc_due_unit_name(enum mc_due_unit unit);

struct mc_cal_pause {
    int64_t from, to; /* instants, from <= to */
};

#define MC_DUE_MAX_AMOUNT 100000
#define MC_DUE_MAX_PAUSES 1000

struct mc_due_req {
    int64_t received; /* the receipt instant */
    int64_t amount;   /* 0..MC_DUE_MAX_AMOUNT */
    enum mc_due_unit unit;
    int cutoff;                        /* minutes of the day (900 = 15:00); 0 = no cut-off */
    const struct mc_cal_pause *pauses; /* sorted, disjoint, none before received; may be NULL */
    size_t npauses;
};

struct mc_due_res {
    int64_t start; /* where the clock started (after the receipt rules) */
    int64_t due;   /* the due instant */
};

/* Why a due date is what it is: a list of notes in order (the clock start,
 * the days off skipped, the pauses, the rule used). */
enum mc_note_kind {
    MC_NOTE_START = 0, /* the start moved (after hours, break, day off, cut-off) */
    MC_NOTE_DAY,       /* a day off skipped, or a make-up working day */
    MC_NOTE_PAUSE,     /* a pause moved or restarted the clock */
    MC_NOTE_DUE,       /* the rule that placed the due instant */
};

#define MC_NOTE_REASON_MAX 224
#define MC_EXPLAIN_MAX_NOTES 512

struct mc_cal_note {
    enum mc_note_kind kind;
    int64_t day;  /* the day the note is about */
    int day_kind; /* enum mc_day_kind for MC_NOTE_DAY, else -1 */
    char reason[MC_NOTE_REASON_MAX];
};

struct mc_cal_explain {
    struct mc_cal_note *notes;
    size_t n, alloc;
    int truncated; /* 1 when notes past MC_EXPLAIN_MAX_NOTES were dropped */
};

void mc_cal_explain_init(struct mc_cal_explain *x);
/* Frees the notes; x is empty and reusable. */
void mc_cal_explain_release(struct mc_cal_explain *x);

/* Computes the due instant of req into *res. ex may be NULL: then nothing
 * is allocated (the fast path); otherwise notes are appended to it (the
 * caller owns and releases it). Errors name the field: "received",
 * "amount", "unit", "cutoff", "pauses[i]" (MC_ERR_INVALID), and
 * MC_ERR_RANGE for "received" outside 1900-2199 or "amount" when the due
 * falls after 2199-12-31. */
mc_err mc_cal_due(const struct mc_cal *cal, const struct mc_due_req *req, struct mc_due_res *res,
                  struct mc_cal_explain *ex, struct mc_error *e);

/* Working seconds in [t0, t1) into *secs. MC_ERR_INVALID naming "t1" when
 * t1 < t0; MC_ERR_RANGE naming "t0"/"t1" outside 1900-2199. */
mc_err mc_cal_worktime_between(const struct mc_cal *cal, int64_t t0, int64_t t1, int64_t *secs, struct mc_error *e);

#endif
