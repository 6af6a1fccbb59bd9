/* store_pg.c - the PostgreSQL backend (libpq).
 *
 * Statements are prepared once per connection (PQprepare, named s1, s2...)
 * and cached by SQL text like the SQLite backend. Parameters travel as text
 * and PostgreSQL infers their types from the SQL; results are read whole
 * (PQexecPrepared) and stepped row by row.
 *
 * A connection found broken (the server restarted, or failed over behind a
 * proxy or a multi-host URL) is reset on the next call: its session settings
 * are applied again and its statements prepared again on first use (the
 * epoch). Outside a transaction the failed call is repeated once on the new
 * connection. Inside one it is not: the transaction died with the
 * connection, so every call fails (503 database_unavailable) until the
 * caller rolls back, and a COMMIT whose answer was lost is reported as
 * failed (the client retries; Idempotency-Key makes that safe). */
#include <libpq-fe.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_be.h"
#include "core/banned.h"

#define MAX_PARAMS 32

struct mc_db {
    struct mc_db_base base;
    PGconn *conn;
    struct mc_stmt_cache cache;
    int next_name;
    int64_t changes;
    int readonly;
    int epoch;   /* counts resets; a statement prepared in an older one is prepared again */
    int tx;      /* inside BEGIN ... COMMIT/ROLLBACK */
    int tx_lost; /* the connection broke inside the transaction */
};

struct mc_stmt {
    struct mc_stmt_base base;
    struct mc_db *db;
    char name[16];
    char *sql;
    int epoch;
    int nparams;
    char *values[MAX_PARAMS];
    PGresult *res;
    int row, nrows;
};

static mc_err fail_msg(struct mc_db *db, const char *state, const char *msg, struct mc_error *err)
{
    mc_err e;
    state = state ? state : "";
    if (!strcmp(state, "23505") || !strcmp(state, "23503") || !strcmp(state, "23514"))
        e = mc_error_set(err, MC_ERR_CONFLICT, 409, "conflict", "Dữ liệu xung đột với dữ liệu đã có",
                         "The data conflicts with existing data");
    else if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
        e = mc_error_set(err, MC_ERR_BUSY, 503, "database_busy", "Cơ sở dữ liệu đang bận, vui lòng thử lại",
                         "The database is busy, please retry");
    else if (!strcmp(state, "25006") || !strncmp(state, "57P", 3) || !strncmp(state, "08", 2))
        e = mc_error_set(err, MC_ERR_BUSY, 503, "database_unavailable", "Mất kết nối cơ sở dữ liệu, vui lòng thử lại",
                         "Lost the database connection, please retry");
    else if (!strncmp(state, "53", 2))
        e = mc_error_set(err, MC_ERR_IO, 507, "storage_full", "Không ghi được dữ liệu: bộ nhớ lưu trữ đầy hoặc lỗi",
                         "Could not write: storage full or failing");
    else if (db && (PQstatus(db->conn) != CONNECTION_OK || db->tx_lost))
        e = mc_error_set(err, MC_ERR_BUSY, 503, "database_unavailable", "Mất kết nối cơ sở dữ liệu, vui lòng thử lại",
                         "Lost the database connection, please retry");
    else
        e = mc_error_set(err, MC_ERR_DB, 500, "database_error", "Lỗi cơ sở dữ liệu", "Database error");
    mc_error_detail_str(err, "engine_message", msg);
    return e;
}

static mc_err fail_res(struct mc_db *db, PGresult *res, struct mc_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return fail_msg(db, state, res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn), err);
}

static void finalize(void *p)
{
    struct mc_stmt *st = p;
    PQclear(st->res);
    for (int i = 0; i < MAX_PARAMS; i++)
        mc_free(st->values[i]);
    mc_free(st->sql);
    mc_free(st);
}

static void db_close(struct mc_db *db)
{
    mc_stmt_cache_release(&db->cache, finalize);
    PQfinish(db->conn);
    mc_free(db);
}

/* The session settings, after each connect or reset. */
static void setup(struct mc_db *db)
{
    PQclear(PQexec(db->conn, db->readonly ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; "
                                            "SET client_min_messages = warning"
                                          : "SET client_min_messages = warning"));
}

static mc_err db_open(const char *url, int readonly, struct mc_db **out, struct mc_error *err)
{
    /* defaults the URL may override: a bounded connect (a reset blocks its
     * thread) and keepalives that find a peer gone without a word */
    static const char *const keys[] = {"connect_timeout",
                                       "keepalives_idle",
                                       "keepalives_interval",
                                       "keepalives_count",
                                       "application_name",
                                       "dbname",
                                       NULL};
    const char *values[] = {"5", "10", "3", "3", "motcua", url, NULL};
    struct mc_db *db = mc_calloc(1, sizeof(*db));
    db->base.ops = mc_store_pg_ops;
    db->readonly = readonly;
    db->conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        mc_err e = mc_error_set(err, MC_ERR_DB, 500, "database_unavailable", "Không kết nối được PostgreSQL",
                                "Cannot connect to PostgreSQL");
        mc_error_detail_str(err, "engine_message", PQerrorMessage(db->conn));
        db_close(db);
        return e;
    }
    setup(db);
    *out = db;
    return MC_OK;
}

/* Resets a broken connection: 1 when it is usable again. Statements are
 * prepared again on their next run (the epoch moves on). */
static int reconnect(struct mc_db *db)
{
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK)
        return 0;
    setup(db);
    db->epoch++;
    return 1;
}

/* After a failed call: 1 when the connection had broken, outside a
 * transaction, and is back, so the call may be repeated. Inside a
 * transaction the work so far is gone: the transaction is marked lost. */
static int revive(struct mc_db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return 0;
    if (db->tx) {
        db->tx_lost = 1;
        return 0;
    }
    return reconnect(db);
}

static mc_err lost(struct mc_db *db, struct mc_error *err)
{
    return fail_msg(db, "08006", "the connection broke inside the transaction", err);
}

static int ok_status(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static mc_err db_exec(struct mc_db *db, const char *sql, struct mc_error *err)
{
    int begin = !strcmp(sql, "BEGIN"), commit = !strcmp(sql, "COMMIT"), rollback = !strcmp(sql, "ROLLBACK");
    if (db->tx_lost) {
        /* only ROLLBACK ends a lost transaction; the next call reconnects */
        if (!rollback)
            return lost(db, err);
        db->tx = db->tx_lost = 0;
        return MC_OK;
    }
    PGresult *res = PQexec(db->conn, sql);
    if (!ok_status(res) && !commit && !rollback && revive(db)) {
        PQclear(res);
        res = PQexec(db->conn, sql);
    }
    mc_err rc = MC_OK;
    if (!ok_status(res))
        rc = db->tx_lost ? lost(db, err) : fail_res(db, res, err);
    else if (commit && !strcmp(PQcmdStatus(res), "ROLLBACK")) /* COMMIT of an aborted transaction */
        rc = fail_msg(db, "40000", "the transaction was rolled back", err);
    if (begin && !rc)
        db->tx = 1;
    if (commit || rollback)
        db->tx = db->tx_lost = 0;
    PQclear(res);
    return rc;
}

static int count_params(const char *sql)
{
    int n = 0;
    for (const char *p = sql; (p = strchr(p, '$')); p++) {
        int v = (int)strtol(p + 1, NULL, 10);
        if (v > n)
            n = v;
    }
    return n;
}

static mc_err do_prepare(struct mc_db *db, struct mc_stmt *st, struct mc_error *err)
{
    snprintf(st->name, sizeof(st->name), "s%d", ++db->next_name);
    st->epoch = db->epoch;
    PGresult *res = PQprepare(db->conn, st->name, st->sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && revive(db)) {
        PQclear(res);
        st->epoch = db->epoch;
        res = PQprepare(db->conn, st->name, st->sql, 0, NULL);
    }
    mc_err rc = PQresultStatus(res) == PGRES_COMMAND_OK ? MC_OK : db->tx_lost ? lost(db, err) : fail_res(db, res, err);
    PQclear(res);
    return rc;
}

static void reset(struct mc_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = st->nrows = 0;
    for (int i = 0; i < MAX_PARAMS; i++) {
        mc_free(st->values[i]);
        st->values[i] = NULL;
    }
}

static mc_err db_prepare(struct mc_db *db, const char *sql, struct mc_stmt **out, struct mc_error *err)
{
    struct mc_stmt *st = mc_stmt_cache_get(&db->cache, sql);
    if (st) {
        reset(st);
        *out = st;
        return MC_OK;
    }
    st = mc_calloc(1, sizeof(*st));
    st->base.ops = mc_store_pg_ops;
    st->db = db;
    st->sql = mc_strdup(sql);
    st->nparams = count_params(sql);
    if (st->nparams > MAX_PARAMS || do_prepare(db, st, err)) {
        mc_err rc = st->nparams > MAX_PARAMS ? mc_error_set(err, MC_ERR_INTERNAL, 500, "database_error",
                                                            "Quá nhiều tham số", "Too many parameters")
                    : err                    ? err->err
                                             : MC_ERR_DB;
        finalize(st);
        return rc ? rc : MC_ERR_DB;
    }
    mc_stmt_cache_put(&db->cache, sql, st);
    *out = st;
    return MC_OK;
}

static void bind_text(struct mc_stmt *st, int idx, const char *s, size_t len)
{
    if (idx < 1 || idx > MAX_PARAMS)
        return;
    mc_free(st->values[idx - 1]);
    st->values[idx - 1] = mc_strndup(s, len);
}

static void bind_int(struct mc_stmt *st, int idx, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%" PRId64, v);
    bind_text(st, idx, buf, (size_t)n);
}

static void bind_null(struct mc_stmt *st, int idx)
{
    if (idx < 1 || idx > MAX_PARAMS)
        return;
    mc_free(st->values[idx - 1]);
    st->values[idx - 1] = NULL;
}

static PGresult *execute(struct mc_stmt *st)
{
    return PQexecPrepared(st->db->conn, st->name, st->nparams, (const char *const *)st->values, NULL, NULL, 0);
}

static mc_err run(struct mc_stmt *st, struct mc_error *err)
{
    struct mc_db *db = st->db;
    if (db->tx_lost)
        return lost(db, err);
    mc_err rc = st->epoch == db->epoch ? MC_OK : do_prepare(db, st, err);
    if (rc)
        return rc;
    PGresult *res = execute(st);
    if (!ok_status(res) && revive(db)) {
        PQclear(res);
        res = NULL;
        if (!do_prepare(db, st, err))
            res = execute(st);
    }
    if (!ok_status(res)) {
        rc = db->tx_lost ? lost(db, err) : fail_res(db, res, err);
        PQclear(res);
        return rc;
    }
    st->res = res;
    st->nrows = PQntuples(res);
    st->row = -1;
    const char *n = PQcmdTuples(res);
    st->db->changes = *n ? strtoll(n, NULL, 10) : 0;
    return MC_OK;
}

static mc_err step(struct mc_stmt *st, int *has_row, struct mc_error *err)
{
    if (!st->res) {
        mc_err rc = run(st, err);
        if (rc) {
            *has_row = 0;
            return rc;
        }
    }
    st->row++;
    *has_row = st->row < st->nrows;
    return MC_OK;
}

static int valid_cell(struct mc_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

static int64_t col_int(struct mc_stmt *st, int col)
{
    if (!valid_cell(st, col) || PQgetisnull(st->res, st->row, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (*v == 't' || *v == 'f')
        return *v == 't';
    return strtoll(v, NULL, 10);
}

static const char *col_text(struct mc_stmt *st, int col, size_t *len)
{
    if (!valid_cell(st, col) || PQgetisnull(st->res, st->row, col)) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = (size_t)PQgetlength(st->res, st->row, col);
    return PQgetvalue(st->res, st->row, col);
}

static int col_null(struct mc_stmt *st, int col)
{
    return !valid_cell(st, col) || PQgetisnull(st->res, st->row, col);
}

static int64_t changes(struct mc_db *db)
{
    return db->changes;
}

static const struct mc_db_ops pg_ops = {
    .name = "postgresql",
    .migrations = mc_migrations_pg,
    .open = db_open,
    .close = db_close,
    .exec = db_exec,
    .prepare = db_prepare,
    .bind_int = bind_int,
    .bind_text = bind_text,
    .bind_null = bind_null,
    .step = step,
    .col_int = col_int,
    .col_text = col_text,
    .col_null = col_null,
    .reset = reset,
    .changes = changes,
    .begin_sql = "BEGIN",
};

const struct mc_db_ops *const mc_store_pg_ops = &pg_ops;
