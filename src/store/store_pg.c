/* store_pg.c - the PostgreSQL backend (libpq).
 *
 * Statements are prepared once per connection (PQprepare, named s1, s2...)
 * and cached by SQL text like the SQLite backend. Parameters travel as text
 * and PostgreSQL infers their types from the SQL; results are read whole
 * (PQexecPrepared) and stepped row by row. A connection found broken is
 * reset once (its prepared statements are forgotten and prepared again). */
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
};

struct mc_stmt {
    struct mc_stmt_base base;
    struct mc_db *db;
    char name[16];
    char *sql;
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
    else if (!strncmp(state, "53", 2))
        e = mc_error_set(err, MC_ERR_IO, 507, "storage_full", "Không ghi được dữ liệu: bộ nhớ lưu trữ đầy hoặc lỗi",
                         "Could not write: storage full or failing");
    else if (db && PQstatus(db->conn) != CONNECTION_OK)
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

static mc_err db_open(const char *url, int readonly, struct mc_db **out, struct mc_error *err)
{
    struct mc_db *db = mc_calloc(1, sizeof(*db));
    db->base.ops = mc_store_pg_ops;
    db->conn = PQconnectdb(url);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        mc_err e = mc_error_set(err, MC_ERR_DB, 500, "database_unavailable", "Không kết nối được PostgreSQL",
                                "Cannot connect to PostgreSQL");
        mc_error_detail_str(err, "engine_message", PQerrorMessage(db->conn));
        db_close(db);
        return e;
    }
    PQclear(PQexec(db->conn, readonly ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; "
                                        "SET client_min_messages = warning"
                                      : "SET client_min_messages = warning"));
    *out = db;
    return MC_OK;
}

/* A dropped connection: reset it once, forgetting prepared statements. */
static int revive(struct mc_db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return 0;
    PQreset(db->conn);
    mc_stmt_cache_release(&db->cache, finalize);
    return PQstatus(db->conn) == CONNECTION_OK;
}

static mc_err db_exec(struct mc_db *db, const char *sql, struct mc_error *err)
{
    PGresult *res = PQexec(db->conn, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK && revive(db)) {
        PQclear(res);
        res = PQexec(db->conn, sql);
    }
    ExecStatusType s = PQresultStatus(res);
    mc_err rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? MC_OK : fail_res(db, res, err);
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
    PGresult *res = PQprepare(db->conn, st->name, st->sql, 0, NULL);
    mc_err rc = PQresultStatus(res) == PGRES_COMMAND_OK ? MC_OK : fail_res(db, res, err);
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
                                             : err ? err->err : MC_ERR_DB;
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
    PGresult *res = execute(st);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && revive(st->db)) {
        PQclear(res);
        res = NULL;
        if (!do_prepare(st->db, st, err))
            res = execute(st);
        s = PQresultStatus(res);
    }
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        mc_err rc = fail_res(st->db, res, err);
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
