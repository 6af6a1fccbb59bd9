#include "store/synthetic.h"

#include <stdio.h>
#include <string.h>

#include "calendar/cal.h"
#include "calendar/due.h"
#include "core/alloc.h"
#include "domain/dossier.h"
#include "domain/workflow.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 10000
#define MAX_AGENCIES 4096
#define MAX_PROCS 8192
#define SPAN (548 * 86400LL) /* 18 months */

struct pick {
    int64_t id, agency_id;
    char code[48];
    char name[256];
};

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"};
static const char *const middle[] = {"Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"};
static const char *const given[] = {"An",  "Bình", "Cường",  "Dung", "Hà",  "Hải",  "Hương", "Khánh", "Lan", "Long",
                                    "Mai", "Nam",  "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn",  "Vy",  "Yến"};
#define NELEM(a) (sizeof(a) / sizeof(a[0]))

struct gen {
    struct mc_db *db;
    struct mc_cal *cal;
    struct pick *agencies, *procs;
    int nagencies, nprocs;
    uint64_t rng;
    int64_t now, end; /* end: the start of today (Vietnam); nothing is generated on today */
    /* per (agency, day) counters: a small open-addressing table */
    struct counter {
        int64_t agency;
        char day[7];
        int64_t last;
    } * counters;
    size_t ncounters;
};

static uint64_t next(struct gen *g)
{
    g->rng ^= g->rng << 13;
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return g->rng;
}

static int64_t seq_for(struct gen *g, int64_t agency, const char *day)
{
    size_t h = ((size_t)agency * 2654435761u + (size_t)((day[4] - '0') * 10 + day[5] - '0') * 97 +
                (size_t)((day[2] - '0') * 10 + day[3] - '0') * 7919 + (size_t)(day[1] - '0') * 104729) %
               g->ncounters;
    while (g->counters[h].agency && (g->counters[h].agency != agency || strcmp(g->counters[h].day, day)))
        h = (h + 1) % g->ncounters;
    if (!g->counters[h].agency) {
        g->counters[h].agency = agency;
        memcpy(g->counters[h].day, day, 7);
        g->counters[h].last = 0;
    }
    return ++g->counters[h].last;
}

static mc_err load_picks(struct mc_db *db, const char *sql, struct pick *out, int max, int *n, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err, sql, "");
    while (!rc && row && *n < max) {
        out[*n].id = mc_stmt_int(st, 0);
        snprintf(out[*n].code, sizeof(out[*n].code), "%s", mc_stmt_text(st, 1, NULL));
        snprintf(out[*n].name, sizeof(out[*n].name), "%s", mc_stmt_text(st, 2, NULL));
        out[*n].agency_id = mc_stmt_int(st, 3); /* procedures: the agency that handles it, 0 if none */
        (*n)++;
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

/* A status with the shares a real province shows: most dossiers finished. */
static enum mc_status pick_status(struct gen *g, int64_t age)
{
    unsigned r = (unsigned)(next(g) % 1000);
    if (age < 30 * 86400 && r < 300)
        return r < 60    ? MC_ST_SUBMITTED
               : r < 120 ? MC_ST_RECEIVED
               : r < 240 ? MC_ST_PROCESSING
               : r < 270 ? MC_ST_SUPPLEMENT
                         : MC_ST_PAYMENT;
    return r < 20    ? MC_ST_REFUSED
           : r < 45  ? MC_ST_WITHDRAWN
           : r < 55  ? MC_ST_STOPPED
           : r < 200 ? MC_ST_RESOLVED
                     : MC_ST_DELIVERED;
}

static mc_err history(struct gen *g, int64_t id, int64_t at, const char *action, int from, int to, int64_t due,
                      const char *timeliness, struct mc_error *err)
{
    return mc_db_do(g->db, err,
                    "INSERT INTO dossier_history (dossier_id, at, actor, role, action, from_status, to_status, due_at, "
                    "timeliness) VALUES ($1, $2, 'synthetic', 'system', $3, $4, $5, NULLIF($6, 0), $7)",
                    "iisiiis", id, at, action, (int64_t)from, (int64_t)to, due, timeliness);
}

static int64_t due_of(struct gen *g, int64_t received, int64_t amount)
{
    struct mc_due_req req = {.received = received, .amount = amount, .unit = MC_UNIT_WORKDAYS};
    struct mc_due_res res;
    return mc_cal_due(g->cal, &req, &res, NULL, NULL) ? received + amount * 86400 : res.due;
}

static mc_err one(struct gen *g, int64_t i, struct mc_error *err)
{
    const struct pick *p = &g->procs[next(g) % (uint64_t)g->nprocs];
    const struct pick *a = &g->agencies[next(g) % (uint64_t)g->nagencies];
    /* mostly the procedure's own agency; now and then another (a province
     * with many agencies spreads its dossiers over all of them) */
    int own = p->agency_id && next(g) % 4;
    for (int k = 0; own && k < g->nagencies; k++)
        if (g->agencies[k].id == p->agency_id) {
            a = &g->agencies[k];
            break;
        }
    int64_t submitted = g->end - (int64_t)(next(g) % (uint64_t)SPAN), amount = 1 + (int64_t)(next(g) % 15);
    int channel = (int)(next(g) % 10) < 5 ? 2 : (int)(next(g) % 10) < 8 ? 1 : 3;
    enum mc_status st = pick_status(g, g->now - submitted);
    if (channel != 2 && st == MC_ST_SUBMITTED)
        st = MC_ST_RECEIVED;
    char day[7], code[64], idn[16], search[160], person[96];
    mc_dossier_day(submitted, day);
    mc_dossier_format_code(code, sizeof(code), a->code, day, seq_for(g, a->id, day));
    snprintf(idn, sizeof(idn), "0%011lld", (long long)(next(g) % 100000000000LL));
    int64_t received = st == MC_ST_SUBMITTED || st == MC_ST_REFUSED ? 0 : submitted + 600;
    int64_t due = received ? due_of(g, received, amount) : 0;
    int late = (int)(next(g) % 100) < 12;
    int64_t finished = st == MC_ST_RESOLVED || st == MC_ST_DELIVERED || st == MC_ST_WITHDRAWN || st == MC_ST_STOPPED
                           ? (late ? due + 86400 * (1 + (int64_t)(next(g) % 5)) : due - (int64_t)(next(g) % 86400))
                       : st == MC_ST_REFUSED ? submitted + 3600
                                             : 0;
    if (finished > g->now)
        finished = g->now - 60;
    snprintf(person, sizeof(person), "%s %s %s", family[next(g) % NELEM(family)], middle[next(g) % NELEM(middle)],
             given[next(g) % NELEM(given)]);
    snprintf(search, sizeof(search), "%s %s %s", code, idn, p->code);
    struct mc_stmt *s;
    int row;
    mc_err rc = mc_db_query(
        g->db, &s, &row, err,
        "INSERT INTO dossiers (code, agency_id, procedure_id, procedure_code, procedure_name, channel, status, "
        "applicant_kind, applicant_name, applicant_id_kind, applicant_id, applicant_phone, time_amount, time_unit, "
        "submitted_at, received_at, due_at, finished_at, delivered_at, processing_agency_id, last_action_at, "
        "postal_tracking, search) VALUES ($1, $2, $3, $4, $17, $5, $6, 'person', $18, 'cccd', "
        "$7, '0912345678', $8, 'wd', $9, NULLIF($10, 0), NULLIF($11, 0), NULLIF($12, 0), NULLIF($13, 0), $2, $14, "
        "$15, $16) RETURNING id",
        "siisiisiiiiiiissss", code, a->id, p->id, p->code, (int64_t)channel, (int64_t)st, idn, amount, submitted,
        received, due, finished, st == MC_ST_DELIVERED ? finished + 3600 : (int64_t)0, finished ? finished : submitted,
        channel == 3 ? "EB000000000VN" : "", search, p->name, person);
    if (rc)
        return rc;
    int64_t id = mc_stmt_int(s, 0);
    mc_stmt_reset(s);
    (void)i;
    rc = history(g, id, submitted, channel == 2 ? "submit" : "receive", 0, channel == 2 ? 1 : 2, due, "", err);
    if (!rc && received && channel == 2)
        rc = history(g, id, received, "accept", 1, 2, due, "", err);
    if (!rc && received && st != MC_ST_RECEIVED)
        rc = history(g, id, received + 900, "forward", 2, 4, due, "", err);
    if (!rc && finished && st != MC_ST_REFUSED)
        rc = history(g, id, finished,
                     st == MC_ST_WITHDRAWN ? "withdraw"
                     : st == MC_ST_STOPPED ? "stop"
                                           : "approve",
                     4, st == MC_ST_DELIVERED ? 9 : st, due, mc_dossier_timeliness(finished, due), err);
    return rc;
}

static mc_err finish_sequences(struct gen *g, struct mc_error *err)
{
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < g->ncounters; i++)
        if (g->counters[i].agency)
            rc = mc_db_do(g->db, err,
                          "INSERT INTO dossier_seq (agency_id, day, last) VALUES ($1, $2, $3) ON CONFLICT (agency_id, "
                          "day) DO UPDATE SET last = CASE WHEN dossier_seq.last > $3 THEN dossier_seq.last ELSE $3 END",
                          "isi", g->counters[i].agency, g->counters[i].day, g->counters[i].last);
    return rc;
}

static mc_err run(struct gen *g, int64_t n, struct mc_error *err)
{
    mc_err rc = MC_OK;
    for (int64_t i = 0; !rc && i < n; i += BATCH) {
        rc = mc_db_begin(g->db, err);
        for (int64_t k = i; !rc && k < i + BATCH && k < n; k++)
            rc = one(g, k, err);
        if (!rc)
            rc = mc_db_commit(g->db, err);
        else
            mc_db_rollback(g->db);
    }
    if (!rc && !(rc = mc_db_begin(g->db, err))) {
        rc = finish_sequences(g, err);
        rc = rc ? (mc_db_rollback(g->db), rc) : mc_db_commit(g->db, err);
    }
    return rc;
}

mc_err mc_seed_synthetic(struct mc_db *db, int64_t n, int64_t now, unsigned seed, struct mc_error *err)
{
    int64_t local = now + 7 * 3600;
    struct gen g = {
        .db = db, .rng = 0x9E3779B97F4A7C15ull ^ seed, .now = now, .end = local - local % 86400 - 7 * 3600 - 1};
    struct mc_cal_rules rules;
    struct mc_worktime wt;
    mc_cal_rules_default(&rules);
    mc_worktime_default(&wt);
    g.agencies = mc_calloc(MAX_AGENCIES, sizeof(*g.agencies));
    g.procs = mc_calloc(MAX_PROCS, sizeof(*g.procs));
    mc_err rc = mc_cal_new(&rules, NULL, 0, &wt, &g.cal, err);
    if (!rc)
        rc = load_picks(db, "SELECT id, code, name, 0 FROM agencies ORDER BY id", g.agencies, MAX_AGENCIES,
                        &g.nagencies, err);
    if (!rc)
        rc = load_picks(db,
                        "SELECT id, code, name, COALESCE(agency_id, 0) FROM procedures WHERE is_latest = 1 ORDER BY id",
                        g.procs, MAX_PROCS, &g.nprocs, err);
    if (!rc && (!g.nagencies || !g.nprocs))
        rc = mc_error_set(err, MC_ERR_INVALID, 400, "empty_catalogue", "Cần có cơ quan và thủ tục trước (motcua seed)",
                          "Agencies and procedures are needed first (motcua seed)");
    g.ncounters = (size_t)g.nagencies * 560 * 2 + 1024; /* every (agency, day) of 18 months, half full */
    g.counters = mc_calloc(g.ncounters, sizeof(*g.counters));
    if (!rc)
        rc = run(&g, n, err);
    mc_cal_free(g.cal);
    mc_free(g.agencies);
    mc_free(g.procs);
    mc_free(g.counters);
    return rc;
}
