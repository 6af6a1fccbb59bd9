/* store_sqlite.c - the embedded SQLite backend (WAL, FULL sync, busy wait). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_be.h"
#include "core/banned.h"

struct mc_db {
    struct mc_db_base base;
    sqlite3 *h;
    struct mc_stmt_cache cache;
};

struct mc_stmt {
    struct mc_stmt_base base;
    sqlite3_stmt *s;
    struct mc_db *db;
};

#define BUSY_TIMEOUT_MS 10000

static mc_err fail(struct mc_db *db, int rc, struct mc_error *err)
{
    int base = rc & 0xff;
    const char *msg = db ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    mc_err e;
    if (base == SQLITE_CONSTRAINT) {
        e = mc_error_set(err, MC_ERR_CONFLICT, 409, "conflict", "Dữ liệu xung đột với dữ liệu đã có",
                         "The data conflicts with existing data");
    } else if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
        e = mc_error_set(err, MC_ERR_BUSY, 503, "database_busy", "Cơ sở dữ liệu đang bận, vui lòng thử lại",
                         "The database is busy, please retry");
    } else if (base == SQLITE_FULL || base == SQLITE_IOERR) {
        e = mc_error_set(err, MC_ERR_IO, 507, "storage_full", "Không ghi được dữ liệu: bộ nhớ lưu trữ đầy hoặc lỗi",
                         "Could not write: storage full or failing");
    } else {
        e = mc_error_set(err, MC_ERR_DB, 500, "database_error", "Lỗi cơ sở dữ liệu", "Database error");
    }
    mc_error_detail_str(err, "engine_message", msg);
    return e;
}

static void db_close(struct mc_db *db);

static mc_err db_open(const char *url, int readonly, struct mc_db **out, struct mc_error *err)
{
    if (!strncmp(url, "sqlite://", 9))
        url += 9;
    else if (!strncmp(url, "sqlite:", 7))
        url += 7;
    struct mc_db *db = mc_calloc(1, sizeof(*db));
    db->base.ops = &mc_store_sqlite_ops;
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(url, &db->h, flags, NULL);
    if (rc != SQLITE_OK) {
        mc_err e = mc_error_setf(err, MC_ERR_DB, 500, "database_unavailable", "Không mở được cơ sở dữ liệu %s",
                                 "Cannot open the database %s", url);
        mc_error_detail_str(err, "engine_message", db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        db_close(db);
        return e;
    }
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 1);
    const char *setup = readonly ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    char *msg = NULL;
    rc = sqlite3_exec(db->h, setup, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) {
        mc_err e = fail(db, rc, err);
        db_close(db);
        return e;
    }
    *out = db;
    return MC_OK;
}

static void finalize(void *stmt)
{
    struct mc_stmt *st = stmt;
    sqlite3_finalize(st->s);
    mc_free(st);
}

static void db_close(struct mc_db *db)
{
    mc_stmt_cache_release(&db->cache, finalize);
    sqlite3_close_v2(db->h);
    mc_free(db);
}

static mc_err db_exec(struct mc_db *db, const char *sql, struct mc_error *err)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? MC_OK : fail(db, rc, err);
}

static mc_err db_prepare(struct mc_db *db, const char *sql, struct mc_stmt **out, struct mc_error *err)
{
    struct mc_stmt *st = mc_stmt_cache_get(&db->cache, sql);
    if (st) {
        sqlite3_reset(st->s);
        sqlite3_clear_bindings(st->s);
        *out = st;
        return MC_OK;
    }
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(db, rc, err);
    st = mc_calloc(1, sizeof(*st));
    st->base.ops = &mc_store_sqlite_ops;
    st->s = s;
    st->db = db;
    mc_stmt_cache_put(&db->cache, sql, st);
    *out = st;
    return MC_OK;
}

/* SQLite numbers "$N" parameters in their order of first appearance, not by
 * N: "... $2 ... $1" makes $2 the first. Bind by name so $N is always the
 * Nth argument, as in PostgreSQL. */
static int param_index(struct mc_stmt *st, int idx)
{
    char name[16];
    snprintf(name, sizeof(name), "$%d", idx);
    int i = sqlite3_bind_parameter_index(st->s, name);
    return i ? i : idx;
}

static void bind_int(struct mc_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st->s, param_index(st, idx), v);
}

static void bind_text(struct mc_stmt *st, int idx, const char *s, size_t len)
{
    sqlite3_bind_text64(st->s, param_index(st, idx), s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void bind_null(struct mc_stmt *st, int idx)
{
    sqlite3_bind_null(st->s, param_index(st, idx));
}

static mc_err step(struct mc_stmt *st, int *has_row, struct mc_error *err)
{
    int rc = sqlite3_step(st->s);
    if (rc == SQLITE_ROW) {
        *has_row = 1;
        return MC_OK;
    }
    *has_row = 0;
    if (rc == SQLITE_DONE)
        return MC_OK;
    mc_err e = fail(st->db, rc, err);
    sqlite3_reset(st->s);
    return e;
}

static int64_t col_int(struct mc_stmt *st, int col)
{
    return sqlite3_column_int64(st->s, col);
}

static const char *col_text(struct mc_stmt *st, int col, size_t *len)
{
    const char *t = (const char *)sqlite3_column_text(st->s, col);
    if (len)
        *len = t ? (size_t)sqlite3_column_bytes(st->s, col) : 0;
    return t ? t : "";
}

static int col_null(struct mc_stmt *st, int col)
{
    return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

static void reset(struct mc_stmt *st)
{
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s);
}

static int64_t changes(struct mc_db *db)
{
    return sqlite3_changes64(db->h);
}

const struct mc_db_ops mc_store_sqlite_ops = {
    .name = "sqlite",
    .migrations = mc_migrations_sqlite,
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
    .begin_sql = "BEGIN IMMEDIATE",
};
