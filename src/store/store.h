/* store.h - the one storage interface (after git's ref_storage_be).
 *
 * A struct mc_db is one connection to a database, used by one thread at a
 * time. The engine is chosen by the URL: a path (or sqlite:PATH) opens the
 * embedded SQLite file, postgresql://... the PostgreSQL backend. Both speak
 * the same SQL subset ($1..$n parameters, ON CONFLICT, RETURNING, CTEs), so
 * queries above this layer are written once.
 *
 * Statements are prepared once per connection and cached by their SQL text:
 * mc_db_prepare returns the cached statement, reset and with no bindings. A
 * statement belongs to its connection and must be finished (stepped until
 * has_row == 0, or mc_stmt_reset) before the same SQL is prepared again.
 *
 * Errors: MC_ERR_DB with the engine's message in err (status 500, code
 * database_error); MC_ERR_CONFLICT for a unique or foreign-key violation
 * (409 conflict); MC_ERR_BUSY when the database stayed locked past the busy
 * timeout (503). */
#ifndef MC_STORE_H
#define MC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_db;
struct mc_stmt;

/* Opens (creating a SQLite file when missing) the database at url. */
mc_err mc_db_open(const char *url, struct mc_db **out, struct mc_error *err);
/* Opens a read-only connection (no writes, no migrations). */
mc_err mc_db_open_readonly(const char *url, struct mc_db **out, struct mc_error *err);
void mc_db_close(struct mc_db *db);
/* "sqlite" or "postgresql". */
const char *mc_db_engine(const struct mc_db *db);
/* 1 when url names a PostgreSQL database. */
int mc_db_url_is_pg(const char *url);

/* Applies every migration newer than the schema_migrations table records,
 * each in its own transaction; *applied gets how many ran (may be NULL). */
mc_err mc_db_migrate(struct mc_db *db, int *applied, struct mc_error *err);
/* The highest applied migration, 0 for an empty database. */
mc_err mc_db_schema_version(struct mc_db *db, int *version, struct mc_error *err);
/* The highest migration this binary knows. */
int mc_db_latest_version(const struct mc_db *db);

/* Runs SQL text without parameters or results (may hold several statements). */
mc_err mc_db_exec(struct mc_db *db, const char *sql, struct mc_error *err);

/* Transactions. begin takes the write lock at once (SQLite BEGIN IMMEDIATE). */
mc_err mc_db_begin(struct mc_db *db, struct mc_error *err);
mc_err mc_db_commit(struct mc_db *db, struct mc_error *err);
mc_err mc_db_rollback(struct mc_db *db);
/* Nested units of work inside a transaction (SAVEPOINT). */
mc_err mc_db_savepoint(struct mc_db *db, const char *name, struct mc_error *err);
mc_err mc_db_release(struct mc_db *db, const char *name, struct mc_error *err);
mc_err mc_db_rollback_to(struct mc_db *db, const char *name);

mc_err mc_db_prepare(struct mc_db *db, const char *sql, struct mc_stmt **out, struct mc_error *err);
/* Parameters are 1-based, as $1..$n in the SQL. Text is copied. */
void mc_stmt_bind_int(struct mc_stmt *st, int idx, int64_t v);
void mc_stmt_bind_text(struct mc_stmt *st, int idx, const char *s, size_t len);
void mc_stmt_bind_str(struct mc_stmt *st, int idx, const char *s); /* NULL binds NULL */
void mc_stmt_bind_null(struct mc_stmt *st, int idx);
/* Advances to the next row: *has_row = 1 with a row ready, 0 when done. */
mc_err mc_stmt_step(struct mc_stmt *st, int *has_row, struct mc_error *err);
/* Column values of the current row (0-based). Text is valid until the next
 * step or reset; NULL reads as 0 / "" and mc_stmt_null says which. */
int64_t mc_stmt_int(struct mc_stmt *st, int col);
const char *mc_stmt_text(struct mc_stmt *st, int col, size_t *len);
int mc_stmt_null(struct mc_stmt *st, int col);
/* Ends the statement's current run and clears its bindings. */
void mc_stmt_reset(struct mc_stmt *st);
/* Prepares sql, binds the arguments described by fmt ('i' an int64_t, 's' a
 * const char * where NULL binds NULL) and steps once: *has_row says whether
 * a row is ready in *st (read it, step on, then mc_stmt_reset). */
mc_err mc_db_query(struct mc_db *db, struct mc_stmt **st, int *has_row, struct mc_error *err, const char *sql,
                   const char *fmt, ...);
/* The same for statements whose rows are not wanted; resets the statement. */
mc_err mc_db_do(struct mc_db *db, struct mc_error *err, const char *sql, const char *fmt, ...);
/* One integer from a one-row query (0 when no row). */
mc_err mc_db_int(struct mc_db *db, int64_t *out, struct mc_error *err, const char *sql, const char *fmt, ...);

/* Rows changed by the last completed INSERT/UPDATE/DELETE of the connection. */
int64_t mc_db_changes(struct mc_db *db);

#endif
