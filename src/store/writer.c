#include "store/writer.h"

#include <pthread.h>
#include <stdatomic.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/store.h"
#include "core/banned.h"

struct mc_writer {
    struct mc_db *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct mc_write_job *head, *tail;
    int stopping;
    atomic_ulong batches;
};

static struct mc_write_job *take_batch(struct mc_writer *w)
{
    pthread_mutex_lock(&w->lock);
    while (!w->head && !w->stopping)
        pthread_cond_wait(&w->cond, &w->lock);
    struct mc_write_job *first = w->head, *last = first;
    for (int n = 1; last && last->next && n < MC_WRITER_BATCH; n++)
        last = last->next;
    if (last) {
        w->head = last->next;
        if (!w->head)
            w->tail = NULL;
        last->next = NULL;
    }
    pthread_mutex_unlock(&w->lock);
    return first;
}

static void run_one(struct mc_writer *w, struct mc_write_job *j)
{
    mc_error_init(&j->err);
    j->rc = mc_db_savepoint(w->db, "job", &j->err);
    if (j->rc)
        return;
    j->rc = j->run(w->db, j, &j->err);
    if (j->rc)
        mc_db_rollback_to(w->db, "job");
    mc_db_release(w->db, "job", NULL);
}

static void fail_all(struct mc_write_job *batch, const struct mc_error *err)
{
    for (struct mc_write_job *j = batch; j; j = j->next) {
        if (!j->rc) {
            j->rc = err->err ? err->err : MC_ERR_DB;
            j->err = *err;
        }
    }
}

static void run_batch(struct mc_writer *w, struct mc_write_job *batch)
{
    struct mc_error err;
    mc_error_init(&err);
    if (mc_db_begin(w->db, &err)) {
        fail_all(batch, &err);
        return;
    }
    for (struct mc_write_job *j = batch; j; j = j->next)
        run_one(w, j);
    if (mc_db_commit(w->db, &err)) {
        mc_log(MC_LOG_ERROR, "group commit failed: %s", err.message_en);
        mc_db_rollback(w->db);
        fail_all(batch, &err);
    }
    atomic_fetch_add(&w->batches, 1);
}

static void *writer_main(void *arg)
{
    struct mc_writer *w = arg;
    struct mc_write_job *batch;
    while ((batch = take_batch(w))) {
        run_batch(w, batch);
        while (batch) {
            struct mc_write_job *next = batch->next;
            batch->next = NULL;
            batch->done(batch);
            batch = next;
        }
    }
    return NULL;
}

mc_err mc_writer_start(const char *url, struct mc_writer **out, struct mc_error *err)
{
    struct mc_writer *w = mc_calloc(1, sizeof(*w));
    mc_err rc = mc_db_open(url, &w->db, err);
    if (rc) {
        mc_free(w);
        return rc;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    pthread_create(&w->thread, NULL, writer_main, w);
    *out = w;
    return MC_OK;
}

void mc_writer_submit(struct mc_writer *w, struct mc_write_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&w->lock);
    if (w->tail)
        w->tail->next = job;
    else
        w->head = job;
    w->tail = job;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void mc_writer_stop(struct mc_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    mc_db_close(w->db);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    mc_free(w);
}

unsigned long mc_writer_batches(struct mc_writer *w)
{
    return atomic_load(&w->batches);
}
