/* Unit tests of src/store: the SQLite backend, migrations, the writer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/workers.h"
#include "store/store.h"
#include "store/writer.h"

static char *temp_db(void)
{
    char *path = mc_malloc(64);
    snprintf(path, 64, "/tmp/motcua-unit-%d-%ld.db", (int)getpid(), random());
    return path;
}

static void remove_db(char *path)
{
    char side[80];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
    mc_free(path);
}

static void test_open_migrate_query(void)
{
    char *path = temp_db();
    struct mc_db *db;
    struct mc_error err;
    mc_error_init(&err);
    CHECK_INT(MC_OK, mc_db_open(path, &db, &err));
    CHECK_STR("sqlite", mc_db_engine(db));
    int applied = -1, v = -1;
    CHECK_INT(MC_OK, mc_db_migrate(db, &applied, &err));
    CHECK(applied >= 1);
    CHECK_INT(MC_OK, mc_db_schema_version(db, &v, &err));
    CHECK_INT(mc_db_latest_version(db), v);
    CHECK_INT(MC_OK, mc_db_migrate(db, &applied, &err));
    CHECK_INT(0, applied);
    CHECK_INT(MC_OK, mc_db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)", &err));
    struct mc_stmt *st;
    int row;
    CHECK_INT(MC_OK, mc_db_prepare(db, "INSERT INTO t (id, name) VALUES ($1, $2) RETURNING id", &st, &err));
    mc_stmt_bind_int(st, 1, 7);
    mc_stmt_bind_str(st, 2, "Đăng ký");
    CHECK_INT(MC_OK, mc_stmt_step(st, &row, &err));
    CHECK_INT(1, row);
    CHECK_INT(7, mc_stmt_int(st, 0));
    mc_stmt_reset(st);
    /* the same SQL comes back from the cache, reset */
    struct mc_stmt *again;
    CHECK_INT(MC_OK, mc_db_prepare(db, "INSERT INTO t (id, name) VALUES ($1, $2) RETURNING id", &again, &err));
    CHECK(again == st);
    mc_stmt_bind_int(again, 1, 8);
    mc_stmt_bind_str(again, 2, "Đăng ký");
    CHECK_INT(MC_ERR_CONFLICT, mc_stmt_step(again, &row, &err));
    CHECK_INT(409, err.status);
    CHECK_STR("conflict", err.code);
    CHECK_INT(MC_OK, mc_db_prepare(db, "SELECT name, NULL FROM t WHERE id = $1", &st, &err));
    mc_stmt_bind_int(st, 1, 7);
    CHECK_INT(MC_OK, mc_stmt_step(st, &row, &err));
    size_t len;
    CHECK_STR("Đăng ký", mc_stmt_text(st, 0, &len));
    CHECK_INT(10, len);
    CHECK(mc_stmt_null(st, 1));
    CHECK_STR("", mc_stmt_text(st, 1, NULL));
    mc_stmt_reset(st);
    CHECK_INT(MC_ERR_DB, mc_db_exec(db, "SELEKT 1", &err));
    CHECK_STR("database_error", err.code);
    mc_db_close(db);
    remove_db(path);
}

static void test_postgres_url_without_backend_is_a_clear_error(void)
{
    struct mc_db *db = NULL;
    struct mc_error err;
    mc_error_init(&err);
    CHECK(mc_db_url_is_pg("postgresql://u@127.0.0.1/x"));
    CHECK(!mc_db_url_is_pg("./motcua.db"));
    mc_err rc = mc_db_open("postgresql://127.0.0.1:1/none", &db, &err);
    CHECK(rc != MC_OK);
    CHECK(err.code != NULL);
}

struct counted_job {
    struct mc_write_job job;
    int value;
    atomic_int *done_count;
};

static mc_err insert_value(struct mc_db *db, struct mc_write_job *job, struct mc_error *err)
{
    struct counted_job *c = (struct counted_job *)job;
    struct mc_stmt *st;
    int row;
    if (c->value < 0)
        return mc_error_set(err, MC_ERR_INVALID, 400, "negative", "âm", "negative");
    mc_err rc = mc_db_prepare(db, "INSERT INTO w (v) VALUES ($1)", &st, err);
    if (rc)
        return rc;
    mc_stmt_bind_int(st, 1, c->value);
    rc = mc_stmt_step(st, &row, err);
    mc_stmt_reset(st);
    return rc;
}

static void count_done(struct mc_write_job *job)
{
    struct counted_job *c = (struct counted_job *)job;
    if (job->rc == MC_OK || c->value < 0)
        atomic_fetch_add(c->done_count, 1);
}

struct submitter {
    struct mc_writer *w;
    struct counted_job *jobs;
    int n;
};

static void *submit_all(void *arg)
{
    struct submitter *s = arg;
    for (int i = 0; i < s->n; i++)
        mc_writer_submit(s->w, &s->jobs[i].job);
    return NULL;
}

static void test_writer_group_commits_and_isolates_failures(void)
{
    char *path = temp_db();
    struct mc_db *db;
    struct mc_error err;
    mc_error_init(&err);
    CHECK_INT(MC_OK, mc_db_open(path, &db, &err));
    CHECK_INT(MC_OK, mc_db_exec(db, "CREATE TABLE w (v INTEGER UNIQUE)", &err));
    struct mc_writer *w;
    CHECK_INT(MC_OK, mc_writer_start(path, &w, &err));
    enum { PER = 500, THREADS = 4 };
    static struct counted_job jobs[THREADS][PER];
    atomic_int done = 0;
    struct submitter subs[THREADS];
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < PER; i++) {
            jobs[t][i] = (struct counted_job){{insert_value, count_done, 0, {0}, NULL}, t * PER + i, &done};
            if (i == 100)
                jobs[t][i].value = -1; /* fails alone */
        }
        subs[t] = (struct submitter){w, jobs[t], PER};
        pthread_create(&th[t], NULL, submit_all, &subs[t]);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);
    for (int i = 0; i < 1000 && atomic_load(&done) < THREADS * PER; i++)
        usleep(10000);
    /* group commit: far fewer transactions than jobs */
    CHECK(mc_writer_batches(w) < THREADS * PER / 2);
    mc_writer_stop(w);
    CHECK_INT(THREADS * PER, atomic_load(&done));
    struct mc_stmt *st;
    int row;
    CHECK_INT(MC_OK, mc_db_prepare(db, "SELECT count(*) FROM w", &st, &err));
    CHECK_INT(MC_OK, mc_stmt_step(st, &row, &err));
    CHECK_INT(THREADS * (PER - 1), mc_stmt_int(st, 0));
    mc_stmt_reset(st);
    CHECK_INT(MC_ERR_INVALID, jobs[0][100].job.rc);
    CHECK_STR("negative", jobs[0][100].job.err.code);
    mc_db_close(db);
    remove_db(path);
}

static atomic_int tasks_run;

static void bump(struct mc_task *t)
{
    (void)t;
    atomic_fetch_add(&tasks_run, 1);
}

static void test_workers_run_every_task(void)
{
    static struct mc_task tasks[1000];
    struct mc_workers *w = mc_workers_new(3);
    for (int i = 0; i < 1000; i++) {
        tasks[i].run = bump;
        mc_workers_submit(w, &tasks[i]);
    }
    mc_workers_free(w);
    CHECK_INT(1000, atomic_load(&tasks_run));
}

MC_SUITE(store, MC_TEST(test_open_migrate_query), MC_TEST(test_postgres_url_without_backend_is_a_clear_error),
         MC_TEST(test_writer_group_commits_and_isolates_failures), MC_TEST(test_workers_run_every_task));
