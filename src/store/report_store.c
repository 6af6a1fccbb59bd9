/* report_store.c - Biểu 06 and the other statutory figures in SQL.
 *
 * The counting rules of domain/report.c appear here once more as SQL, built
 * by one function (counted_sql): the CASE expressions below are the SQL form
 * of mc_bieu06_columns and mc_report_level, and tests/unit/test_report.c
 * runs both over random dossiers and compares every column. Parameters:
 * $1 the period's first instant, $2 the first instant after it, $3 its last
 * day number, then the agency path, level and field when filtered. */
#include "store/report_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_LINES 100000

/* Bound parameters, in the order their $n appear. */
struct params {
    int n;
    char kinds[8];
    int64_t ints[8];
    const char *strs[8];
    char like[260]; /* the subtree's LIKE pattern ('/1/6/%') */
};

static int add_int(struct params *p, int64_t v)
{
    p->kinds[p->n] = 'i';
    p->ints[p->n] = v;
    return ++p->n;
}

static int add_str(struct params *p, const char *s)
{
    p->kinds[p->n] = 's';
    p->strs[p->n] = s;
    return ++p->n;
}

static void bind_all(struct mc_stmt *st, const struct params *p)
{
    for (int i = 0; i < p->n; i++) {
        if (p->kinds[i] == 'i')
            mc_stmt_bind_int(st, i + 1, p->ints[i]);
        else
            mc_stmt_bind_str(st, i + 1, p->strs[i]);
    }
}

static int add_like(struct params *p, const struct mc_report_query *q)
{
    snprintf(p->like, sizeof(p->like), "%s%%", q->agency_path);
    return add_str(p, p->like);
}

/* The level bit of an agency's level name: mc_report_agency_level in SQL. */
static void agency_level_sql(struct mc_buf *b, const char *col)
{
    mc_buf_addf(b, "CASE %s", col);
    for (int i = 0; mc_report_agency_level_names[i]; i++)
        mc_buf_addf(b, " WHEN '%s' THEN %u", mc_report_agency_level_names[i], mc_report_agency_level_bits[i]);
    mc_buf_addf(b, " ELSE %d END", MC_LEVEL_PROVINCE);
}

/* The unary plus ("+status", "+received_at") keeps SQLite off an index it
 * may pick without statistics: the indexes that lead with status, and the
 * received_at index for the sets bounded by finished_at. */
static const char dossier_cols[] = "status, channel, received_at, due_at, finished_at, procedure_id, "
                                   "COALESCE(processing_agency_id, agency_id) AS aid";

/* WITH ag (the agencies of the subtree, with their level bit), x (every
 * dossier the period counts, with lvl, field, rc = the receipt column 4/5/6
 * and kc = the resolution column 8/9/10 or the in-progress column 12/13).
 * with_ids adds id and code to x (drill-down lists). */
static void counted_sql(struct mc_buf *b, const struct mc_report_query *q, struct params *p, int with_ids)
{
    p->n = 0;
    add_int(p, q->period.from_at);
    add_int(p, q->period.to_end);
    add_int(p, q->period.to_day);
    mc_buf_adds(b, "WITH ag AS (SELECT id, ");
    agency_level_sql(b, "level");
    mc_buf_adds(b, " AS lb FROM agencies");
    if (q->agency_path[0])
        mc_buf_addf(b, " WHERE path LIKE $%d", add_like(p, q));
    const char *ids = with_ids ? "id, code, " : "";
    mc_buf_addf(b,
                "), d AS (SELECT %s%s FROM dossiers WHERE received_at >= $1 AND received_at < $2 "
                "AND status NOT IN (1, 3) "
                "UNION ALL SELECT %s%s FROM dossiers WHERE finished_at >= $1 AND +received_at < $1 "
                "AND status NOT IN (1, 3) "
                "UNION ALL SELECT %s%s FROM dossiers WHERE finished_at IS NULL AND +received_at < $1 "
                "AND status NOT IN (1, 3)), ",
                ids, dossier_cols, ids, dossier_cols, ids, dossier_cols);
    /* mc_report_level: the procedure's level when it is one level the
     * agency's level is not in, ... (see report.h) */
    mc_buf_addf(b,
                "x AS (SELECT %s d.aid AS aid, "
                "CASE WHEN COALESCE(p.level, 0) = 0 OR (p.level & ag.lb) <> 0 THEN ag.lb "
                "ELSE (p.level & (-p.level)) END AS lvl, COALESCE(p.field, '') AS field, "
                "CASE WHEN d.received_at < $1 THEN 6 WHEN d.channel = 2 THEN 4 ELSE 5 END AS rc, "
                /* mc_bieu06_columns: resolved in the period ... */
                "CASE WHEN d.status IN (7, 9, 10) AND d.finished_at < $2 THEN "
                "CASE WHEN d.status = 7 OR d.due_at IS NULL THEN 9 "
                /* ... mc_dossier_timeliness: late after the due instant,
                 * early on an earlier calendar day (Vietnam) */
                "WHEN d.finished_at > d.due_at THEN 10 "
                "WHEN (d.finished_at + %d) / 86400 < (d.due_at + %d) / 86400 THEN 8 ELSE 9 END "
                /* ... in progress: paused, stopped in the period, no due date */
                "WHEN d.status IN (5, 6) OR (d.status = 8 AND d.finished_at < $2) OR d.due_at IS NULL THEN 12 "
                /* ... mc_report_overdue_at */
                "WHEN (d.due_at + %d) / 86400 < $3 THEN 13 ELSE 12 END AS kc "
                "FROM d JOIN ag ON ag.id = d.aid LEFT JOIN procedures p ON p.id = d.procedure_id) ",
                with_ids ? "d.id AS id, d.code AS code," : "", MC_TZ_OFFSET, MC_TZ_OFFSET, MC_TZ_OFFSET);
}

/* The WHERE of the level and field filters over x. */
static void filters_sql(struct mc_buf *b, const struct mc_report_query *q, struct params *p)
{
    mc_buf_adds(b, " WHERE 1 = 1");
    if (q->level)
        mc_buf_addf(b, " AND lvl = $%d", add_int(p, q->level));
    if (q->field[0])
        mc_buf_addf(b, " AND field = $%d", add_str(p, q->field));
}

static const char sums_sql[] = "SUM(CASE WHEN rc = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN rc = 5 THEN 1 ELSE 0 END), "
                               "SUM(CASE WHEN rc = 6 THEN 1 ELSE 0 END), SUM(CASE WHEN kc = 8 THEN 1 ELSE 0 END), "
                               "SUM(CASE WHEN kc = 9 THEN 1 ELSE 0 END), SUM(CASE WHEN kc = 10 THEN 1 ELSE 0 END), "
                               "SUM(CASE WHEN kc = 12 THEN 1 ELSE 0 END), SUM(CASE WHEN kc = 13 THEN 1 ELSE 0 END)";

/* Reads the 8 sums starting at column col into n, with the totals. */
static void read_sums(struct mc_stmt *st, int col, struct mc_b06_counts *n)
{
    static const int cols[8] = {4, 5, 6, 8, 9, 10, 12, 13};
    memset(n, 0, sizeof(*n));
    for (int i = 0; i < 8; i++)
        n->c[cols[i]] = mc_stmt_int(st, col + i);
    n->c[3] = n->c[4] + n->c[5] + n->c[6];
    n->c[7] = n->c[8] + n->c[9] + n->c[10];
    n->c[11] = n->c[12] + n->c[13];
}

static mc_err prepare(struct mc_db *db, struct mc_buf *b, const struct params *p, struct mc_stmt **st, int *row,
                      struct mc_error *err)
{
    mc_err rc = mc_db_prepare(db, b->buf, st, err);
    if (rc)
        return rc;
    bind_all(*st, p);
    rc = mc_stmt_step(*st, row, err);
    if (rc)
        mc_stmt_reset(*st);
    return rc;
}

static struct mc_b06_line *push_line(struct mc_b06_report *r, size_t *cap)
{
    if (r->nlines == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        r->lines = mc_reallocarray(r->lines, *cap, sizeof(*r->lines));
    }
    struct mc_b06_line *l = &r->lines[r->nlines++];
    memset(l, 0, sizeof(*l));
    return l;
}

static int line_cmp(const void *a, const void *b)
{
    const struct mc_b06_line *x = a, *y = b;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return strcmp(x->field, y->field);
}

mc_err mc_report_bieu06(struct mc_db *db, const struct mc_report_query *q, struct mc_b06_report *out,
                        struct mc_error *err)
{
    struct mc_buf b;
    struct params p;
    struct mc_stmt *st;
    int row;
    size_t cap = 0, sub = 0;
    memset(out, 0, sizeof(*out));
    mc_buf_init(&b, 0);
    counted_sql(&b, q, &p, 0);
    mc_buf_addf(&b, "SELECT lvl, field, %s FROM x", sums_sql);
    filters_sql(&b, q, &p);
    mc_buf_adds(&b, " GROUP BY lvl, field ORDER BY lvl, field");
    mc_err rc = prepare(db, &b, &p, &st, &row, err);
    struct mc_b06_line *got = NULL;
    size_t ngot = 0, gcap = 0;
    while (!rc && row && ngot < MAX_LINES) {
        if (ngot == gcap) {
            gcap = gcap ? gcap * 2 : 32;
            got = mc_reallocarray(got, gcap, sizeof(*got));
        }
        struct mc_b06_line *l = &got[ngot++];
        memset(l, 0, sizeof(*l));
        l->level = (unsigned)mc_stmt_int(st, 0);
        snprintf(l->field, sizeof(l->field), "%s", mc_stmt_text(st, 1, NULL));
        read_sums(st, 2, &l->n);
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc && row)
        mc_stmt_reset(st);
    /* byte order of the field names, the same on both engines */
    if (ngot)
        qsort(got, ngot, sizeof(*got), line_cmp);
    struct mc_b06_counts total = {{0}};
    for (size_t i = 0; i < ngot; i++) {
        if (!out->nlines || out->lines[sub].level != got[i].level) {
            sub = out->nlines;
            struct mc_b06_line *s = push_line(out, &cap);
            s->kind = MC_B06_SUBTOTAL;
            s->level = got[i].level;
        }
        *push_line(out, &cap) = got[i];
        mc_b06_add(&out->lines[sub].n, &got[i].n);
        mc_b06_add(&total, &got[i].n);
    }
    mc_free(got);
    struct mc_b06_line *t = push_line(out, &cap);
    t->kind = MC_B06_TOTAL;
    t->n = total;
    for (size_t i = 0; i < out->nlines && !out->identity_failed; i++)
        out->identity_failed = mc_b06_check(&out->lines[i].n);
    mc_buf_release(&b);
    if (rc)
        mc_b06_report_release(out);
    return rc;
}

void mc_b06_report_release(struct mc_b06_report *r)
{
    mc_free(r->lines);
    memset(r, 0, sizeof(*r));
}

mc_err mc_report_bieu06_dossiers(struct mc_db *db, const struct mc_report_query *q, int column, int64_t after_id,
                                 int64_t limit, int (*fn)(void *ctx, int64_t id, const char *code), void *ctx,
                                 struct mc_error *err)
{
    struct mc_buf b;
    struct params p;
    struct mc_stmt *st;
    int row;
    mc_buf_init(&b, 0);
    counted_sql(&b, q, &p, 1);
    mc_buf_adds(&b, "SELECT id, code FROM x");
    filters_sql(&b, q, &p);
    if (column >= 4 && column <= 6)
        mc_buf_addf(&b, " AND rc = %d", column);
    else if (column == 7)
        mc_buf_adds(&b, " AND kc IN (8, 9, 10)");
    else if (column == 11)
        mc_buf_adds(&b, " AND kc IN (12, 13)");
    else if (column != 3)
        mc_buf_addf(&b, " AND kc = %d", column);
    mc_buf_addf(&b, " AND id > $%d ORDER BY id LIMIT $%d", add_int(&p, after_id), add_int(&p, limit));
    mc_err rc = prepare(db, &b, &p, &st, &row, err);
    int stop = 0;
    while (!rc && row && !stop) {
        stop = fn(ctx, mc_stmt_int(st, 0), mc_stmt_text(st, 1, NULL));
        if (!stop)
            rc = mc_stmt_step(st, &row, err);
    }
    if (!rc && row)
        mc_stmt_reset(st);
    mc_buf_release(&b);
    return rc;
}

static void subtree_sql(struct mc_buf *b, const struct mc_report_query *q, struct params *p, const char *col);

mc_err mc_report_by_agency(struct mc_db *db, const struct mc_report_query *q, struct mc_report_agency_row **rows,
                           size_t *n, struct mc_error *err)
{
    struct mc_buf b;
    struct params p;
    struct mc_stmt *st;
    int row;
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    mc_buf_init(&b, 0);
    counted_sql(&b, q, &p, 0);
    mc_buf_addf(&b, ", y AS (SELECT aid, %s FROM x", sums_sql);
    filters_sql(&b, q, &p);
    mc_buf_adds(&b, " GROUP BY aid) SELECT y.*, a.code, a.name, a.level FROM y JOIN agencies a ON a.id = y.aid "
                    "ORDER BY a.path");
    mc_err rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row && *n < MAX_LINES) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *rows = mc_reallocarray(*rows, cap, sizeof(**rows));
        }
        struct mc_report_agency_row *a = &(*rows)[(*n)++];
        memset(a, 0, sizeof(*a));
        a->agency_id = mc_stmt_int(st, 0);
        read_sums(st, 1, &a->n);
        snprintf(a->code, sizeof(a->code), "%s", mc_stmt_text(st, 9, NULL));
        snprintf(a->name, sizeof(a->name), "%s", mc_stmt_text(st, 10, NULL));
        snprintf(a->level, sizeof(a->level), "%s", mc_stmt_text(st, 11, NULL));
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc && row)
        mc_stmt_reset(st);
    /* ratings of the dossiers resolved in the period, per agency */
    mc_buf_clear(&b);
    p.n = 0;
    add_int(&p, q->period.from_at);
    add_int(&p, q->period.to_end);
    mc_buf_adds(&b, "SELECT COALESCE(processing_agency_id, agency_id), COUNT(*), "
                    "SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) FROM dossiers "
                    "WHERE finished_at >= $1 AND finished_at < $2 AND +status IN (9, 10) AND rating IS NOT NULL "
                    "GROUP BY COALESCE(processing_agency_id, agency_id)");
    if (!rc)
        rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row) {
        int64_t id = mc_stmt_int(st, 0);
        for (size_t i = 0; i < *n; i++)
            if ((*rows)[i].agency_id == id) {
                (*rows)[i].rated = mc_stmt_int(st, 1);
                (*rows)[i].satisfied = mc_stmt_int(st, 2);
            }
        rc = mc_stmt_step(st, &row, err);
    }
    /* the agencies' procedures */
    mc_buf_clear(&b);
    p.n = 0;
    mc_buf_adds(&b, "SELECT agency_id, COUNT(*), SUM(CASE WHEN online_kind IN (3, 4) THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN nproblems = 0 THEN 1 ELSE 0 END) FROM procedures WHERE is_latest = 1 "
                    "AND retired_at IS NULL AND agency_id IS NOT NULL");
    subtree_sql(&b, q, &p, "agency_id");
    mc_buf_adds(&b, " GROUP BY agency_id");
    if (!rc)
        rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row) {
        int64_t id = mc_stmt_int(st, 0);
        for (size_t i = 0; i < *n; i++)
            if ((*rows)[i].agency_id == id) {
                (*rows)[i].procs = mc_stmt_int(st, 1);
                (*rows)[i].procs_online = mc_stmt_int(st, 2);
                (*rows)[i].procs_complete = mc_stmt_int(st, 3);
            }
        rc = mc_stmt_step(st, &row, err);
    }
    mc_buf_release(&b);
    if (rc) {
        mc_free(*rows);
        *rows = NULL;
        *n = 0;
    }
    return rc;
}

/* "AND <col> IN (SELECT id FROM agencies WHERE path LIKE ...)" when q has a subtree. */
static void subtree_sql(struct mc_buf *b, const struct mc_report_query *q, struct params *p, const char *col)
{
    if (q->agency_path[0])
        mc_buf_addf(b, " AND %s IN (SELECT id FROM agencies WHERE path LIKE $%d)", col, add_like(p, q));
}

mc_err mc_report_postal(struct mc_db *db, const struct mc_report_query *q, struct mc_report_postal_row rows[5],
                        struct mc_error *err)
{
    static const unsigned bits[5] = {MC_LEVEL_MINISTRY, MC_LEVEL_PROVINCE, MC_LEVEL_DISTRICT, MC_LEVEL_COMMUNE,
                                     MC_LEVEL_OTHER};
    struct mc_buf b;
    struct params p = {0};
    struct mc_stmt *st;
    int row;
    for (int i = 0; i < 5; i++)
        rows[i] = (struct mc_report_postal_row){bits[i], 0, 0};
    mc_buf_init(&b, 0);
    add_int(&p, q->period.from_at);
    add_int(&p, q->period.to_end);
    /* received by post (the received_at index), returned by post (the
     * (channel, delivered_at) index), then the level as in Biểu 06 */
    mc_buf_adds(&b, "WITH d AS (SELECT procedure_id, COALESCE(processing_agency_id, agency_id) AS aid, 1 AS r, 0 AS t "
                    "FROM dossiers WHERE received_at >= $1 AND received_at < $2 AND +channel = 3 "
                    "AND status NOT IN (1, 3)");
    subtree_sql(&b, q, &p, "COALESCE(processing_agency_id, agency_id)");
    mc_buf_adds(&b, " UNION ALL SELECT procedure_id, COALESCE(processing_agency_id, agency_id), 0, 1 FROM dossiers "
                    "WHERE channel = 3 AND delivered_at >= $1 AND delivered_at < $2 AND +status = 10");
    subtree_sql(&b, q, &p, "COALESCE(processing_agency_id, agency_id)");
    mc_buf_adds(&b, ") SELECT CASE WHEN COALESCE(p.level, 0) = 0 OR (p.level & ag.lb) <> 0 THEN ag.lb "
                    "ELSE (p.level & (-p.level)) END AS lvl, SUM(d.r), SUM(d.t) FROM d JOIN (SELECT id, ");
    agency_level_sql(&b, "level");
    mc_buf_adds(&b, " AS lb FROM agencies) ag ON ag.id = d.aid LEFT JOIN procedures p ON p.id = d.procedure_id "
                    "GROUP BY 1");
    mc_err rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row) {
        unsigned lvl = (unsigned)mc_stmt_int(st, 0);
        for (int i = 0; i < 5; i++)
            if (rows[i].level == lvl) {
                rows[i].received = mc_stmt_int(st, 1);
                rows[i].returned = mc_stmt_int(st, 2);
            }
        rc = mc_stmt_step(st, &row, err);
    }
    mc_buf_release(&b);
    return rc;
}

mc_err mc_report_online(struct mc_db *db, const struct mc_report_query *q, struct mc_report_online *out,
                        struct mc_error *err)
{
    struct mc_buf b;
    struct params p = {0};
    struct mc_stmt *st;
    int row;
    memset(out, 0, sizeof(*out));
    mc_buf_init(&b, 0);
    mc_buf_adds(&b, "SELECT online_kind, COUNT(*), SUM(CASE WHEN nproblems = 0 THEN 1 ELSE 0 END) FROM procedures "
                    "WHERE is_latest = 1 AND retired_at IS NULL");
    subtree_sql(&b, q, &p, "agency_id");
    mc_buf_adds(&b, " GROUP BY online_kind");
    mc_err rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row) {
        int64_t k = mc_stmt_int(st, 0);
        out->procedures[k >= 0 && k <= 4 ? k : 0] += mc_stmt_int(st, 1);
        out->procedures_complete += mc_stmt_int(st, 2);
        rc = mc_stmt_step(st, &row, err);
    }
    mc_buf_clear(&b);
    p.n = 0;
    add_int(&p, q->period.from_at);
    add_int(&p, q->period.to_end);
    mc_buf_adds(&b, "SELECT COALESCE(p.online_kind, 0), d.channel, COUNT(*) FROM dossiers d LEFT JOIN procedures p "
                    "ON p.id = d.procedure_id WHERE d.received_at >= $1 AND d.received_at < $2 "
                    "AND d.status NOT IN (1, 3)");
    subtree_sql(&b, q, &p, "COALESCE(d.processing_agency_id, d.agency_id)");
    mc_buf_adds(&b, " GROUP BY COALESCE(p.online_kind, 0), d.channel");
    if (!rc)
        rc = prepare(db, &b, &p, &st, &row, err);
    while (!rc && row) {
        int64_t k = mc_stmt_int(st, 0), c = mc_stmt_int(st, 1);
        if (c >= 1 && c <= 3)
            out->dossiers[k >= 0 && k <= 4 ? k : 0][c] += mc_stmt_int(st, 2);
        rc = mc_stmt_step(st, &row, err);
    }
    mc_buf_release(&b);
    return rc;
}

mc_err mc_report_trend(struct mc_db *db, const struct mc_report_query *q, struct mc_report_month *months, int nmonths,
                       struct mc_error *err)
{
    struct mc_buf b;
    struct params p;
    struct mc_stmt *st;
    int row;
    mc_err rc = MC_OK;
    mc_buf_init(&b, 0);
    int y, m, d;
    mc_civil_from_days(q->period.to_day, &y, &m, &d);
    for (int i = nmonths - 1; i >= 0 && !rc; i--) {
        int64_t first = mc_days_from_civil(y, m, 1), end = first + mc_days_in_month(y, m);
        int64_t from_at = first * 86400 - MC_TZ_OFFSET, to_end = end * 86400 - MC_TZ_OFFSET;
        int known = months[i].known && months[i].year == y && months[i].month == m;
        if (!known)
            months[i] = (struct mc_report_month){y, m, 0, 0, 0, 0};
        if (--m == 0) {
            m = 12;
            y--;
        }
        if (known)
            continue;
        /* received in the month, then resolved in it (the Biểu 06 rule for 7, 8, 9) */
        mc_buf_clear(&b);
        p.n = 0;
        add_int(&p, from_at);
        add_int(&p, to_end);
        mc_buf_adds(&b, "SELECT COUNT(*) FROM dossiers WHERE received_at >= $1 AND received_at < $2 "
                        "AND status NOT IN (1, 3)");
        subtree_sql(&b, q, &p, "COALESCE(processing_agency_id, agency_id)");
        rc = prepare(db, &b, &p, &st, &row, err);
        if (!rc && row) {
            months[i].received = mc_stmt_int(st, 0);
            mc_stmt_reset(st);
        }
        mc_buf_clear(&b);
        p.n = 2;
        mc_buf_addf(&b, "SELECT COUNT(*), SUM(CASE WHEN status = 7 OR due_at IS NULL OR finished_at <= due_at "
                        "THEN 1 ELSE 0 END) FROM dossiers WHERE finished_at >= $1 AND finished_at < $2 "
                        "AND +status IN (7, 9, 10) AND received_at IS NOT NULL");
        subtree_sql(&b, q, &p, "COALESCE(processing_agency_id, agency_id)");
        if (!rc)
            rc = prepare(db, &b, &p, &st, &row, err);
        if (!rc && row) {
            months[i].resolved = mc_stmt_int(st, 0);
            months[i].resolved_on_time = mc_stmt_int(st, 1);
            mc_stmt_reset(st);
        }
    }
    mc_buf_release(&b);
    return rc;
}

mc_err mc_report_setting(struct mc_db *db, const char *key, int64_t def, int64_t *out, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *out = def;
    mc_err rc = mc_db_query(db, &st, &row, err, "SELECT value FROM report_settings WHERE key = $1", "s", key);
    if (!rc && row) {
        *out = mc_stmt_int(st, 0);
        mc_stmt_reset(st);
    }
    return rc;
}
