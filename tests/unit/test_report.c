/* Unit tests of domain/report.c (the Biểu 06 rules by hand, levels, the 766
 * fraction) and of store/report_store.c against them: random dossiers in a
 * SQLite file, every column of every line compared with the C rules. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "domain/report.h"
#include "store/accounts.h"
#include "store/report_store.h"
#include "store/store.h"

#define H 3600
#define D 86400

/* 2026-07-01 .. 2026-09-30 */
static struct mc_report_period q3(void)
{
    struct mc_report_period p;
    mc_report_period_init(&p, mc_days_from_civil(2026, 7, 1), mc_days_from_civil(2026, 9, 30));
    return p;
}

/* Vietnam local time y-m-d hh:mm as an instant. */
static int64_t at(int y, int m, int d, int hh, int mm)
{
    return mc_days_from_civil(y, m, d) * D + hh * H + mm * 60 - MC_TZ_OFFSET;
}

static unsigned cols(int status, int channel, int64_t rec, int64_t due, int64_t fin)
{
    struct mc_report_period p = q3();
    struct mc_report_facts f = {status, channel, rec, due, fin};
    return mc_bieu06_columns(&f, &p);
}

#define C(n) MC_B06_COL(n)

static void test_columns_by_hand(void)
{
    int64_t jul2 = at(2026, 7, 2, 9, 0), aug1 = at(2026, 8, 1, 17, 0);
    /* received online in the period, resolved early / on time / late */
    CHECK_INT(C(3) | C(4) | C(7) | C(8), cols(10, 2, jul2, aug1, at(2026, 7, 31, 10, 0)));
    CHECK_INT(C(3) | C(5) | C(7) | C(9), cols(9, 1, jul2, aug1, at(2026, 8, 1, 16, 0)));
    CHECK_INT(C(3) | C(5) | C(7) | C(10), cols(9, 3, jul2, aug1, at(2026, 8, 1, 17, 1)));
    /* withdrawn in the period: resolved on time whatever the dates */
    CHECK_INT(C(3) | C(4) | C(7) | C(9), cols(7, 2, jul2, aug1, at(2026, 9, 30, 23, 0)));
    /* no due date: on time */
    CHECK_INT(C(3) | C(5) | C(7) | C(9), cols(10, 1, jul2, 0, at(2026, 9, 1, 8, 0)));
    /* statuses 1 and 3 count nowhere */
    CHECK_INT(0, cols(1, 2, jul2, 0, 0));
    CHECK_INT(0, cols(3, 1, jul2, 0, jul2 + H));
    /* carried over: received before, still open or finished in / after the period */
    int64_t jun = at(2026, 6, 20, 8, 0);
    CHECK_INT(C(3) | C(6) | C(11) | C(13), cols(4, 1, jun, at(2026, 6, 30, 17, 0), 0));
    CHECK_INT(C(3) | C(6) | C(7) | C(10), cols(10, 2, jun, at(2026, 6, 30, 17, 0), at(2026, 7, 1, 0, 0)));
    CHECK_INT(0, cols(10, 2, jun, at(2026, 6, 30, 17, 0), at(2026, 6, 30, 23, 59)));
    CHECK_INT(0, cols(7, 2, jun, 0, at(2026, 6, 30, 23, 59)));
    /* boundary days: received on the first and the last day, not after */
    CHECK_INT(C(3) | C(4) | C(11) | C(12), cols(2, 2, at(2026, 7, 1, 0, 0), at(2026, 10, 5, 17, 0), 0));
    CHECK_INT(C(3) | C(6) | C(11) | C(12), cols(2, 2, at(2026, 6, 30, 23, 59), at(2026, 10, 5, 17, 0), 0));
    CHECK_INT(C(3) | C(5) | C(11) | C(12), cols(4, 1, at(2026, 9, 30, 23, 59), at(2026, 10, 5, 17, 0), 0));
    CHECK_INT(0, cols(4, 1, at(2026, 10, 1, 0, 0), at(2026, 10, 5, 17, 0), 0));
    /* in progress at `to`: due on the last day is within the deadline, the day before overdue */
    CHECK_INT(C(3) | C(5) | C(11) | C(12), cols(4, 1, jul2, at(2026, 9, 30, 17, 0), 0));
    CHECK_INT(C(3) | C(5) | C(11) | C(13), cols(4, 1, jul2, at(2026, 9, 29, 17, 0), 0));
    /* paused (5, 6) and stopped in the period (8): within the deadline */
    CHECK_INT(C(3) | C(5) | C(11) | C(12), cols(5, 1, jul2, at(2026, 7, 10, 17, 0), 0));
    CHECK_INT(C(3) | C(5) | C(11) | C(12), cols(6, 1, jul2, at(2026, 7, 10, 17, 0), 0));
    CHECK_INT(C(3) | C(5) | C(11) | C(12), cols(8, 1, jul2, at(2026, 7, 10, 17, 0), at(2026, 7, 20, 9, 0)));
    /* stopped before the period: not carried over; stopped after it: in progress at `to` by its due date */
    CHECK_INT(0, cols(8, 1, jun, at(2026, 6, 25, 17, 0), at(2026, 6, 26, 9, 0)));
    CHECK_INT(C(3) | C(5) | C(11) | C(13), cols(8, 1, jul2, at(2026, 7, 10, 17, 0), at(2026, 10, 2, 9, 0)));
    /* resolved after the period: in progress at `to` */
    CHECK_INT(C(3) | C(4) | C(11) | C(13), cols(10, 2, jul2, aug1, at(2026, 10, 1, 0, 0)));
    CHECK_INT(C(3) | C(4) | C(11) | C(12), cols(9, 2, jul2, 0, at(2026, 10, 1, 0, 0)));
}

static void test_identities(void)
{
    struct mc_b06_counts x = {{0}};
    CHECK_INT(0, mc_b06_check(&x));
    mc_b06_add_mask(&x, C(3) | C(4) | C(7) | C(8));
    mc_b06_add_mask(&x, C(3) | C(6) | C(11) | C(13));
    CHECK_INT(0, mc_b06_check(&x));
    x.c[9]++;
    CHECK_INT(7, mc_b06_check(&x));
    x.c[9]--;
    x.c[12]++;
    CHECK_INT(11, mc_b06_check(&x));
    x.c[11]++;
    x.c[3]++;
    x.c[5]++;
    CHECK_INT(0, mc_b06_check(&x));
}

static void test_levels_and_periods(void)
{
    CHECK_INT(MC_LEVEL_PROVINCE, mc_report_level(MC_LEVEL_PROVINCE, "commune"));
    CHECK_INT(MC_LEVEL_COMMUNE, mc_report_level(MC_LEVEL_PROVINCE | MC_LEVEL_COMMUNE, "commune"));
    CHECK_INT(MC_LEVEL_PROVINCE, mc_report_level(MC_LEVEL_PROVINCE | MC_LEVEL_COMMUNE, "department"));
    CHECK_INT(MC_LEVEL_DISTRICT, mc_report_level(MC_LEVEL_DISTRICT | MC_LEVEL_COMMUNE, "department"));
    CHECK_INT(MC_LEVEL_COMMUNE, mc_report_level(0, "ward"));
    CHECK_INT(MC_LEVEL_PROVINCE, mc_report_level(0, "service_centre"));
    CHECK_STR("Cấp xã", mc_report_level_name(MC_LEVEL_COMMUNE, 0));
    CHECK_INT(MC_LEVEL_DISTRICT, mc_report_level_parse("district"));
    CHECK_INT(0, mc_report_level_parse("galaxy"));
    struct mc_report_period p;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_report_period_parse("2026-07-01", "2026-09-30", 1100, &p, &e));
    CHECK_INT(at(2026, 7, 1, 0, 0), p.from_at);
    CHECK_INT(at(2026, 10, 1, 0, 0), p.to_end);
    CHECK_INT(MC_ERR_INVALID, mc_report_period_parse("2026-09-30", "2026-07-01", 1100, &p, &e));
    CHECK_INT(MC_ERR_INVALID, mc_report_period_parse("2026-02-30", "2026-07-01", 1100, &p, &e));
    CHECK_INT(MC_ERR_INVALID, mc_report_period_parse("2020-01-01", "2026-07-01", 1100, &p, &e));
    struct mc_766_value v = {1, 45, 50, 90};
    CHECK(mc_766_fraction(&v) > 0.999 && mc_766_fraction(&v) <= 1.0);
    v.num = 36;
    CHECK(mc_766_fraction(&v) > 0.799 && mc_766_fraction(&v) < 0.801);
    v.den = 0;
    CHECK(mc_766_fraction(&v) < 0);
    v = (struct mc_766_value){0, 1, 1, 100};
    CHECK(mc_766_fraction(&v) < 0);
}

/* ---- the SQL against the C rules ---- */

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

#define NDOSS 3000
#define NAG 4

struct fake {
    struct mc_report_facts f;
    int agency, proc;
};

static const char *const fields[3] = {"Hộ tịch", "Bưu chính", ""};
static const unsigned plevels[3] = {MC_LEVEL_COMMUNE, MC_LEVEL_PROVINCE, MC_LEVEL_PROVINCE | MC_LEVEL_COMMUNE};
static const char *const alevels[NAG] = {"province", "department", "commune", "commune"};

static int64_t maybe(int64_t base, int64_t spread)
{
    return base + (int64_t)(next() % (uint64_t)(2 * spread)) - spread;
}

static int count_row(void *ctx, int64_t id, const char *code)
{
    (void)id;
    (void)code;
    ++*(int64_t *)ctx;
    return 0;
}

static void test_sql_matches_the_rules(void)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/motcua-unit-report-%d.db", (int)getpid());
    unlink(path);
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_db_open(path, &db, &e));
    CHECK_INT(MC_OK, mc_db_migrate(db, NULL, &e));
    int64_t ag[NAG], pid[3];
    CHECK_INT(MC_OK, mc_agency_insert(db, "000.00.00.H99", "Tỉnh", alevels[0], 0, &ag[0], &e));
    CHECK_INT(MC_OK, mc_agency_insert(db, "000.00.01.H99", "Sở", alevels[1], ag[0], &ag[1], &e));
    CHECK_INT(MC_OK, mc_agency_insert(db, "000.31.01.H99", "Xã A", alevels[2], ag[0], &ag[2], &e));
    CHECK_INT(MC_OK, mc_agency_insert(db, "000.31.02.H99", "Xã B", alevels[3], ag[1], &ag[3], &e));
    for (int i = 0; i < 3; i++) {
        char code[32];
        snprintf(code, sizeof(code), "9.00000%d", i);
        CHECK_INT(MC_OK, mc_db_int(db, &pid[i], &e,
                                   "INSERT INTO procedures (code, version, effective_from, hash, field, level, "
                                   "created_at) VALUES ($1, 1, '2025-01-01', 'h', $2, $3, 0) RETURNING id",
                                   "ssi", code, fields[i], (int64_t)plevels[i]));
    }
    struct mc_report_period p = q3();
    struct fake *fk = mc_calloc(NDOSS, sizeof(*fk));
    CHECK_INT(MC_OK, mc_db_begin(db, &e));
    for (int i = 0; i < NDOSS; i++) {
        struct fake *x = &fk[i];
        x->agency = (int)(next() % NAG);
        x->proc = (int)(next() % 3);
        x->f.status = 1 + (int)(next() % 10);
        x->f.channel = 1 + (int)(next() % 3);
        /* around the period's edges, days and hours */
        int64_t edge = next() % 2 ? p.from_at : p.to_end;
        x->f.received_at = next() % 20 ? maybe(edge, 40 * D) : 0;
        x->f.due_at = next() % 8 && x->f.received_at ? x->f.received_at + (int64_t)(next() % (30 * D)) : 0;
        int closed = x->f.status == 3 || x->f.status >= 7;
        x->f.finished_at = closed && x->f.received_at ? maybe(x->f.due_at ? x->f.due_at : x->f.received_at, 3 * D) : 0;
        if (x->f.finished_at && x->f.finished_at < x->f.received_at)
            x->f.finished_at = x->f.received_at + H;
        char code[32];
        snprintf(code, sizeof(code), "T-%06d", i);
        CHECK_INT(MC_OK, mc_db_do(db, &e,
                                  "INSERT INTO dossiers (code, agency_id, procedure_id, procedure_code, channel, "
                                  "status, applicant_kind, applicant_name, applicant_id_kind, applicant_id, "
                                  "submitted_at, received_at, due_at, finished_at, processing_agency_id, "
                                  "last_action_at) VALUES ($1, $2, $3, 'x', $4, $5, 'person', 'A', 'cccd', '1', 0, "
                                  "NULLIF($6, 0), NULLIF($7, 0), NULLIF($8, 0), $2, 0)",
                                  "siiiiiii", code, ag[x->agency], pid[x->proc], (int64_t)x->f.channel,
                                  (int64_t)x->f.status, x->f.received_at, x->f.due_at, x->f.finished_at));
    }
    CHECK_INT(MC_OK, mc_db_commit(db, &e));

    /* whole province, then the department's subtree filtered to one level */
    for (int pass = 0; pass < 2; pass++) {
        struct mc_report_query q;
        memset(&q, 0, sizeof(q));
        q.period = p;
        if (pass == 1) {
            snprintf(q.agency_path, sizeof(q.agency_path), "/%lld/%lld/", (long long)ag[0], (long long)ag[1]);
            q.level = MC_LEVEL_PROVINCE;
        }
        struct mc_b06_counts want[17][3], want_total = {{0}};
        memset(want, 0, sizeof(want));
        for (int i = 0; i < NDOSS; i++) {
            const struct fake *x = &fk[i];
            if (pass == 1 && x->agency != 1 && x->agency != 3)
                continue;
            unsigned lvl = mc_report_level(plevels[x->proc], alevels[x->agency]);
            if (q.level && lvl != q.level)
                continue;
            unsigned m = mc_bieu06_columns(&x->f, &p);
            mc_b06_add_mask(&want[lvl][x->proc], m);
            mc_b06_add_mask(&want_total, m);
        }
        struct mc_b06_report rep;
        CHECK_INT(MC_OK, mc_report_bieu06(db, &q, &rep, &e));
        CHECK_INT(0, rep.identity_failed);
        int lines = 0;
        for (size_t i = 0; i < rep.nlines; i++) {
            const struct mc_b06_line *l = &rep.lines[i];
            const struct mc_b06_counts *w = &want_total;
            if (l->kind == MC_B06_LINE) {
                int k = !strcmp(l->field, fields[0]) ? 0 : !strcmp(l->field, fields[1]) ? 1 : 2;
                /* fields[2] is "" and shares no name with the others */
                w = &want[l->level][k];
                lines++;
            } else if (l->kind == MC_B06_SUBTOTAL) {
                continue;
            }
            for (int c = 3; c < MC_B06_NCOLS; c++)
                if (w->c[c] != l->n.c[c])
                    mc_check_fail(__FILE__, __LINE__, "pass %d level %u field \"%s\" column %d: want %lld, got %lld",
                                  pass, l->level, l->field, c, (long long)w->c[c], (long long)l->n.c[c]);
        }
        CHECK(lines > 0);
        CHECK(want_total.c[3] > 100);
        /* the drill-down lists count what the cells say */
        for (int c = 3; c < MC_B06_NCOLS; c++) {
            int64_t n = 0;
            CHECK_INT(MC_OK, mc_report_bieu06_dossiers(db, &q, c, 0, 100000, count_row, &n, &e));
            CHECK_INT(want_total.c[c], n);
        }
        mc_b06_report_release(&rep);
    }
    mc_free(fk);
    mc_db_close(db);
    unlink(path);
}

MC_SUITE(report, MC_TEST(test_columns_by_hand), MC_TEST(test_identities), MC_TEST(test_levels_and_periods),
         MC_TEST(test_sql_matches_the_rules));
