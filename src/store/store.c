/* store.c - backend selection, migrations and the statement cache. */
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/time.h"
#include "store/store_be.h"
#include "core/banned.h"

#define OPS(db) (((struct mc_db_base *)(db))->ops)
#define SOPS(st) (((struct mc_stmt_base *)(st))->ops)

int mc_db_url_is_pg(const char *url)
{
    return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

static mc_err open_any(const char *url, int readonly, struct mc_db **out, struct mc_error *err)
{
    const struct mc_db_ops *ops = &mc_store_sqlite_ops;
    if (mc_db_url_is_pg(url)) {
        ops = mc_store_pg_ops;
        if (!ops)
            return mc_error_set(err, MC_ERR_UNSUPPORTED, 500, "database_unsupported",
                                "Bản dựng này chưa hỗ trợ PostgreSQL", "This build does not support PostgreSQL yet");
    }
    return ops->open(url, readonly, out, err);
}

mc_err mc_db_open(const char *url, struct mc_db **out, struct mc_error *err)
{
    return open_any(url, 0, out, err);
}

mc_err mc_db_open_readonly(const char *url, struct mc_db **out, struct mc_error *err)
{
    return open_any(url, 1, out, err);
}

void mc_db_close(struct mc_db *db)
{
    if (db)
        OPS(db)->close(db);
}

const char *mc_db_engine(const struct mc_db *db)
{
    return ((const struct mc_db_base *)db)->ops->name;
}

mc_err mc_db_exec(struct mc_db *db, const char *sql, struct mc_error *err)
{
    return OPS(db)->exec(db, sql, err);
}

mc_err mc_db_begin(struct mc_db *db, struct mc_error *err)
{
    return OPS(db)->exec(db, OPS(db)->begin_sql, err);
}

mc_err mc_db_commit(struct mc_db *db, struct mc_error *err)
{
    return OPS(db)->exec(db, "COMMIT", err);
}

mc_err mc_db_rollback(struct mc_db *db)
{
    return OPS(db)->exec(db, "ROLLBACK", NULL);
}

static mc_err savepoint_sql(struct mc_db *db, const char *verb, const char *name, struct mc_error *err)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "%s %s", verb, name);
    return OPS(db)->exec(db, sql, err);
}

mc_err mc_db_savepoint(struct mc_db *db, const char *name, struct mc_error *err)
{
    return savepoint_sql(db, "SAVEPOINT", name, err);
}

mc_err mc_db_release(struct mc_db *db, const char *name, struct mc_error *err)
{
    return savepoint_sql(db, "RELEASE SAVEPOINT", name, err);
}

mc_err mc_db_rollback_to(struct mc_db *db, const char *name)
{
    return savepoint_sql(db, "ROLLBACK TO SAVEPOINT", name, NULL);
}

mc_err mc_db_prepare(struct mc_db *db, const char *sql, struct mc_stmt **out, struct mc_error *err)
{
    return OPS(db)->prepare(db, sql, out, err);
}

void mc_stmt_bind_int(struct mc_stmt *st, int idx, int64_t v)
{
    SOPS(st)->bind_int(st, idx, v);
}

void mc_stmt_bind_text(struct mc_stmt *st, int idx, const char *s, size_t len)
{
    SOPS(st)->bind_text(st, idx, s, len);
}

void mc_stmt_bind_str(struct mc_stmt *st, int idx, const char *s)
{
    if (s)
        SOPS(st)->bind_text(st, idx, s, strlen(s));
    else
        SOPS(st)->bind_null(st, idx);
}

void mc_stmt_bind_null(struct mc_stmt *st, int idx)
{
    SOPS(st)->bind_null(st, idx);
}

mc_err mc_stmt_step(struct mc_stmt *st, int *has_row, struct mc_error *err)
{
    return SOPS(st)->step(st, has_row, err);
}

int64_t mc_stmt_int(struct mc_stmt *st, int col)
{
    return SOPS(st)->col_int(st, col);
}

const char *mc_stmt_text(struct mc_stmt *st, int col, size_t *len)
{
    return SOPS(st)->col_text(st, col, len);
}

int mc_stmt_null(struct mc_stmt *st, int col)
{
    return SOPS(st)->col_null(st, col);
}

void mc_stmt_reset(struct mc_stmt *st)
{
    SOPS(st)->reset(st);
}

int64_t mc_db_changes(struct mc_db *db)
{
    return OPS(db)->changes(db);
}

int mc_db_latest_version(const struct mc_db *db)
{
    int v = 0;
    for (const struct mc_migration *m = ((const struct mc_db_base *)db)->ops->migrations; m->sql; m++)
        if (m->version > v)
            v = m->version;
    return v;
}

static const char create_migrations_table[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                              " version INTEGER PRIMARY KEY,"
                                              " name TEXT NOT NULL,"
                                              " applied_at BIGINT NOT NULL)";

mc_err mc_db_schema_version(struct mc_db *db, int *version, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_exec(db, create_migrations_table, err);
    if (!rc)
        rc = mc_db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st, err);
    if (rc)
        return rc;
    rc = mc_stmt_step(st, &row, err);
    *version = !rc && row ? (int)mc_stmt_int(st, 0) : 0;
    mc_stmt_reset(st);
    return rc;
}

static mc_err apply_one(struct mc_db *db, const struct mc_migration *m, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_begin(db, err);
    if (rc)
        return rc;
    rc = mc_db_exec(db, m->sql, err);
    if (!rc)
        rc = mc_db_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", &st,
                           err);
    if (!rc) {
        mc_stmt_bind_int(st, 1, m->version);
        mc_stmt_bind_str(st, 2, m->name);
        mc_stmt_bind_int(st, 3, mc_time_now());
        rc = mc_stmt_step(st, &row, err);
        mc_stmt_reset(st);
    }
    if (!rc)
        rc = mc_db_commit(db, err);
    if (rc) {
        mc_db_rollback(db);
        mc_error_detail_str(err, "migration", m->name);
    }
    return rc;
}

/* 1 when migration version v is recorded as applied. */
static mc_err is_applied(struct mc_db *db, int v, int *yes, struct mc_error *err)
{
    int64_t n;
    mc_err rc = mc_db_int(db, &n, err, "SELECT count(*) FROM schema_migrations WHERE version = $1", "i", (int64_t)v);
    *yes = n > 0;
    return rc;
}

/* Applies every migration not yet recorded, in version order: a migration
 * added below the highest applied one (branches merged in another order)
 * still runs. */
mc_err mc_db_migrate(struct mc_db *db, int *applied, struct mc_error *err)
{
    int current, n = 0, done;
    mc_err rc = mc_db_schema_version(db, &current, err);
    for (const struct mc_migration *m = OPS(db)->migrations; !rc && m->sql; m++) {
        rc = is_applied(db, m->version, &done, err);
        if (rc || done)
            continue;
        rc = apply_one(db, m, err);
        n += !rc;
    }
    if (applied)
        *applied = n;
    return rc;
}

static unsigned hash_sql(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & 255u;
}

void *mc_stmt_cache_get(struct mc_stmt_cache *c, const char *sql)
{
    for (struct mc_stmt_cache_entry *e = c->buckets[hash_sql(sql)]; e; e = e->next)
        if (e->sql == sql || !strcmp(e->sql, sql))
            return e->stmt;
    return NULL;
}

void mc_stmt_cache_put(struct mc_stmt_cache *c, const char *sql, void *stmt)
{
    unsigned h = hash_sql(sql);
    struct mc_stmt_cache_entry *e = mc_malloc(sizeof(*e));
    e->sql = mc_strdup(sql);
    e->stmt = stmt;
    e->next = c->buckets[h];
    c->buckets[h] = e;
}

void mc_stmt_cache_release(struct mc_stmt_cache *c, void (*fin)(void *stmt))
{
    for (size_t i = 0; i < 256; i++) {
        struct mc_stmt_cache_entry *e = c->buckets[i];
        while (e) {
            struct mc_stmt_cache_entry *next = e->next;
            fin(e->stmt);
            mc_free(e->sql);
            mc_free(e);
            e = next;
        }
        c->buckets[i] = NULL;
    }
}

static mc_err vquery(struct mc_db *db, struct mc_stmt **st, int *has_row, struct mc_error *err, const char *sql,
                     const char *fmt, va_list ap)
{
    mc_err rc = mc_db_prepare(db, sql, st, err);
    if (rc)
        return rc;
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            mc_stmt_bind_int(*st, i + 1, va_arg(ap, int64_t));
        else
            mc_stmt_bind_str(*st, i + 1, va_arg(ap, const char *));
    }
    rc = mc_stmt_step(*st, has_row, err);
    if (rc)
        mc_stmt_reset(*st);
    return rc;
}

mc_err mc_db_query(struct mc_db *db, struct mc_stmt **st, int *has_row, struct mc_error *err, const char *sql,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mc_err rc = vquery(db, st, has_row, err, sql, fmt, ap);
    va_end(ap);
    return rc;
}

mc_err mc_db_do(struct mc_db *db, struct mc_error *err, const char *sql, const char *fmt, ...)
{
    struct mc_stmt *st;
    int row;
    va_list ap;
    va_start(ap, fmt);
    mc_err rc = vquery(db, &st, &row, err, sql, fmt, ap);
    va_end(ap);
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

mc_err mc_db_int(struct mc_db *db, int64_t *out, struct mc_error *err, const char *sql, const char *fmt, ...)
{
    struct mc_stmt *st;
    int row;
    va_list ap;
    va_start(ap, fmt);
    mc_err rc = vquery(db, &st, &row, err, sql, fmt, ap);
    va_end(ap);
    if (rc)
        return rc;
    *out = row ? mc_stmt_int(st, 0) : 0;
    mc_stmt_reset(st);
    return MC_OK;
}
