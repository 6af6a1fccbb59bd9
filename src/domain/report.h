/* report.h - the statutory counting rules (DOMAIN.md §6), pure: no SQL, no
 * JSON. Biểu 06 / II.06a: which of the 13 columns a dossier adds to for a
 * period; the column identities; report levels; the Decision 766 indicator
 * groups with their weights and targets. docs/internals/reports.md explains
 * every rule; src/store/report_store.c aggregates the same rules in SQL and
 * tests/unit/test_report.c checks the two against each other. */
#ifndef MC_REPORT_H
#define MC_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* A reporting period [from, to], both days inclusive, in Vietnam time. */
struct mc_report_period {
    int64_t from_day, to_day; /* day numbers (core/time.h) */
    int64_t from_at;          /* the first instant of from_day */
    int64_t to_end;           /* the first instant after to_day */
};

/* Sets the period from two day numbers (from <= to). */
void mc_report_period_init(struct mc_report_period *p, int64_t from_day, int64_t to_day);
/* Parses "YYYY-MM-DD" from and to into p: 400 invalid_field naming "from"
 * or "to" when malformed, "to" when to < from or the span exceeds max_days. */
mc_err mc_report_period_parse(const char *from, const char *to, int64_t max_days, struct mc_report_period *p,
                              struct mc_error *err);

/* What the counting looks at in a dossier (instants, 0 = unset). */
struct mc_report_facts {
    int status;  /* 1..10 (DOMAIN.md §2) */
    int channel; /* 1 direct, 2 online, 3 postal */
    int64_t received_at, due_at, finished_at;
};

/* Column bits: 1u << n for column n (3..13). */
#define MC_B06_COL(n) (1u << (n))
#define MC_B06_NCOLS 14 /* columns are indexed 3..13; 0..2 unused */

/* The columns dossier f adds one to in period p, as a mask of MC_B06_COL
 * bits, totals (3, 7, 11) included; 0 when it counts nowhere:
 *   counted   received_at set, status not 1 or 3, received before to_end,
 *             and not finished (finished_at set) before from_at;
 *   4 / 5 / 6 received in the period online / direct or postal / before it;
 *   8, 9, 10  status 7, 9 or 10 finished before to_end: withdrawn (7) or no
 *             due date -> 9, else mc_dossier_timeliness (early, on_time, late);
 *   12 / 13   every other counted dossier is in progress at `to`: status 5
 *             or 6, status 8 stopped before to_end, or no due date -> 12;
 *             else 13 when the due date's calendar day is before to_day,
 *             else 12 (mc_report_overdue_at). */
unsigned mc_bieu06_columns(const struct mc_report_facts *f, const struct mc_report_period *p);
/* 1 when a dossier still open at the end of to_day with appointment due is
 * overdue: its calendar day (Vietnam) is before to_day. The one place of
 * the column 12/13 comparison. */
int mc_report_overdue_at(int64_t due, int64_t to_day);
/* Day number (Vietnam) of an instant. */
int64_t mc_report_day(int64_t t);

/* One line of Biểu 06: c[3]..c[13]. */
struct mc_b06_counts {
    int64_t c[MC_B06_NCOLS];
};

/* Adds one dossier's columns (a mask from mc_bieu06_columns) to x. */
void mc_b06_add_mask(struct mc_b06_counts *x, unsigned mask);
/* x += y, column by column. */
void mc_b06_add(struct mc_b06_counts *x, const struct mc_b06_counts *y);
/* Checks 3 = 4+5+6, 7 = 8+9+10, 11 = 12+13 and 3 = 7+11: 0 when they hold,
 * else the total column (3, 7 or 11) whose identity failed. */
int mc_b06_check(const struct mc_b06_counts *x);

/* Report levels (the rows' first grouping) are enum mc_level bits
 * (domain/procedure.h). A dossier's level: its procedure's level when that is
 * one level, else the level of the agency handling it when the procedure
 * lists it (or lists none), else the procedure's highest level (lowest bit).
 * Agency levels are data: agency_level names map through one table
 * (ministry -> 1, commune / ward / township -> 8, district / town / city ->
 * 4, anything else -> province 2). */
unsigned mc_report_level(unsigned proc_level, const char *agency_level);
/* The level bit of an agency level name (the table above). */
unsigned mc_report_agency_level(const char *agency_level);
/* The agency-level names of each bit, NULL-terminated, for SQL generation:
 * names[i] maps to bits[i]. */
extern const char *const mc_report_agency_level_names[];
extern const unsigned mc_report_agency_level_bits[];
/* "Cấp tỉnh", "Cấp huyện", "Cấp xã", "Cấp bộ", "Khác" (and English with en). */
const char *mc_report_level_name(unsigned bit, int en);
/* "province", "district", "commune", "ministry", "other" <-> bit (0 unknown). */
const char *mc_report_level_code(unsigned bit);
unsigned mc_report_level_parse(const char *code);

/* Decision 766/QĐ-TTg: six groups, each with a weight (its maximum points)
 * and indicators with a target ratio in percent (a ratio at or above the
 * target earns the indicator's full share; below, in proportion). Weights
 * and targets are configuration (table report_settings, keys "766.weight.
 * GROUP" and "766.target.INDICATOR"); these are the defaults. */
enum { MC_766_NGROUPS = 6, MC_766_MAX_IND = 4 };

struct mc_766_indicator {
    const char *code; /* "progress.resolved_on_time" */
    const char *name_vi, *name_en;
};

struct mc_766_group {
    const char *code; /* "publicity", "progress", "online", "payment", "satisfaction", "digitisation" */
    const char *name_vi, *name_en;
    int weight; /* default points */
    int nind;
    struct mc_766_indicator ind[MC_766_MAX_IND];
};

extern const struct mc_766_group mc_766_groups[MC_766_NGROUPS];

/* One measured indicator: numerator / denominator (measured = 0 when motcua
 * holds no data for it yet: it then scores nothing and is shown as such). */
struct mc_766_value {
    int measured;
    int64_t num, den;
    int target_pct; /* 1..100 */
};

/* How much of its share an indicator earns, in [0, 1]: min(1, ratio /
 * target); -1 when it cannot be scored (not measured, or an empty
 * denominator). A group's score is its weight times the mean of its
 * scorable indicators (none scorable: the group is not scored); the
 * index is the sum of group scores out of the weights of the scored groups. */
double mc_766_fraction(const struct mc_766_value *v);

#endif
