/* report_store.h - the statutory reports aggregated in SQL.
 *
 * Every query here counts with the rules of domain/report.h, written once
 * as SQL CASE expressions (report_store.c, docs/internals/reports.md) over
 * the three disjoint sets a period touches: dossiers received in it,
 * received before it and finished in or after it, and received before it
 * and still open. Migration 0009 gives each set a covering index. Runs on
 * any connection (read-only is enough); the SQL is the SQLite/PostgreSQL
 * common subset. */
#ifndef MC_REPORT_STORE_H
#define MC_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/report.h"

struct mc_db;

/* What a report covers. */
struct mc_report_query {
    struct mc_report_period period;
    char agency_path[256]; /* the subtree ('/1/6/'); "" = every agency */
    unsigned level;        /* one enum mc_level bit; 0 = every level */
    char field[256];       /* one field (lĩnh vực); "" = every field */
};

enum mc_b06_kind { MC_B06_LINE = 0, MC_B06_SUBTOTAL = 1, MC_B06_TOTAL = 2 };

struct mc_b06_line {
    enum mc_b06_kind kind;
    unsigned level; /* subtotal and lines: the level */
    char field[256];
    struct mc_b06_counts n;
};

/* A Biểu 06 report: for each level a subtotal followed by its fields, then
 * the grand total (always present). Owns lines. */
struct mc_b06_report {
    struct mc_b06_line *lines;
    size_t nlines;
    int identity_failed; /* 0, or the first total column (3, 7, 11) whose identity failed on some line */
};

/* Builds the report of q into out (initialised here; release with
 * mc_b06_report_release). Checks the column identities on every line and
 * sets identity_failed (a broken identity is a bug: the caller logs it). */
mc_err mc_report_bieu06(struct mc_db *db, const struct mc_report_query *q, struct mc_b06_report *out,
                        struct mc_error *err);
void mc_b06_report_release(struct mc_b06_report *r);

/* The dossiers behind one cell: column 3..13 of q (level/field filters
 * applied), ordered by id, after_id exclusive, at most limit. Calls row for
 * each with the dossier's id and code; stops early when row returns non-zero. */
mc_err mc_report_bieu06_dossiers(struct mc_db *db, const struct mc_report_query *q, int column, int64_t after_id,
                                 int64_t limit, int (*row)(void *ctx, int64_t id, const char *code), void *ctx,
                                 struct mc_error *err);

/* Biểu 06 counts per handling agency of q's subtree (agencies with
 * nothing counted are left out). */
struct mc_report_agency_row {
    int64_t agency_id;
    char code[32], name[256], level[32];
    struct mc_b06_counts n;
    int64_t rated, satisfied;                    /* ratings (1-5) of dossiers resolved in the period; 4-5 */
    int64_t procs, procs_online, procs_complete; /* latest, non-retired procedures linked to the agency;
                                                    online (kind 3, 4); parsed without a problem */
};
mc_err mc_report_by_agency(struct mc_db *db, const struct mc_report_query *q, struct mc_report_agency_row **rows,
                           size_t *n, struct mc_error *err);

/* Postal channel figures per level: received through the post in the
 * period (channel 3), and results returned through the post (channel-3
 * dossiers delivered, status 10, delivered_at in the period). */
struct mc_report_postal_row {
    unsigned level;
    int64_t received, returned;
};
/* rows[5]: one per level bit (1, 2, 4, 8, 16) in that order; *n = 5. */
mc_err mc_report_postal(struct mc_db *db, const struct mc_report_query *q, struct mc_report_postal_row rows[5],
                        struct mc_error *err);

/* Online service figures: latest, non-retired procedures of the subtree by
 * online kind (index 0 unknown, 2 none, 3 partly, 4 full), and dossiers
 * received in the period by their procedure's online kind and channel. */
struct mc_report_online {
    int64_t procedures[5];
    int64_t procedures_complete; /* with nothing the import could not parse */
    int64_t dossiers[5][4];      /* [online kind][channel 1..3] */
};
mc_err mc_report_online(struct mc_db *db, const struct mc_report_query *q, struct mc_report_online *out,
                        struct mc_error *err);

/* Per month, [month_from_day, month_end_day): dossiers received, resolved
 * (status 7, 9, 10 finished in the month) and of those resolved on time or
 * early. */
struct mc_report_month {
    int year, month;
    int64_t received, resolved, resolved_on_time;
    int known; /* set by the caller (with year, month and the figures) to skip that month */
};
mc_err mc_report_trend(struct mc_db *db, const struct mc_report_query *q, struct mc_report_month *months, int nmonths,
                       struct mc_error *err);

/* A configured integer (report_settings), or def when not set. */
mc_err mc_report_setting(struct mc_db *db, const char *key, int64_t def, int64_t *out, struct mc_error *err);

#endif
