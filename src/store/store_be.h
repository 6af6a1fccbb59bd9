/* store_be.h - what a storage backend implements (internal to src/store).
 *
 * struct mc_db and struct mc_stmt are opaque outside src/store; each backend
 * embeds struct mc_db_base / struct mc_stmt_base first in its own structs. */
#ifndef MC_STORE_BE_H
#define MC_STORE_BE_H

#include "store/migrations.h"
#include "store/store.h"

struct mc_db_ops;

struct mc_db_base {
    const struct mc_db_ops *ops;
};

struct mc_db_ops {
    const char *name;
    const struct mc_migration *migrations;
    mc_err (*open)(const char *url, int readonly, struct mc_db **out, struct mc_error *err);
    void (*close)(struct mc_db *db);
    mc_err (*exec)(struct mc_db *db, const char *sql, struct mc_error *err);
    mc_err (*prepare)(struct mc_db *db, const char *sql, struct mc_stmt **out, struct mc_error *err);
    void (*bind_int)(struct mc_stmt *st, int idx, int64_t v);
    void (*bind_text)(struct mc_stmt *st, int idx, const char *s, size_t len);
    void (*bind_null)(struct mc_stmt *st, int idx);
    mc_err (*step)(struct mc_stmt *st, int *has_row, struct mc_error *err);
    int64_t (*col_int)(struct mc_stmt *st, int col);
    const char *(*col_text)(struct mc_stmt *st, int col, size_t *len);
    int (*col_null)(struct mc_stmt *st, int col);
    void (*reset)(struct mc_stmt *st);
    int64_t (*changes)(struct mc_db *db);
    const char *begin_sql; /* starts a write transaction */
};

struct mc_stmt_base {
    const struct mc_db_ops *ops;
};

extern const struct mc_db_ops mc_store_sqlite_ops;
extern const struct mc_db_ops *const mc_store_pg_ops;

/* The statement cache shared by backends: a chained hash keyed by SQL text. */
struct mc_stmt_cache_entry {
    char *sql;
    void *stmt;
    struct mc_stmt_cache_entry *next;
};
struct mc_stmt_cache {
    struct mc_stmt_cache_entry *buckets[256];
};
void *mc_stmt_cache_get(struct mc_stmt_cache *c, const char *sql);
void mc_stmt_cache_put(struct mc_stmt_cache *c, const char *sql, void *stmt);
/* Calls fin on every cached statement and empties the cache. */
void mc_stmt_cache_release(struct mc_stmt_cache *c, void (*fin)(void *stmt));

#endif
