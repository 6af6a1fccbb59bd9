#include "http/async.h"

#include <string.h>

#include "http/http.h"
#include "http/server.h"
#include "core/banned.h"

static void post_back(struct mc_async *a)
{
    h2o_multithread_send_message(&a->thread->async_rcv, &a->msg);
}

static mc_err job_run(struct mc_db *db, struct mc_write_job *job, struct mc_error *err)
{
    struct mc_async *a = H2O_STRUCT_FROM_MEMBER(struct mc_async, job, job);
    return a->write(db, a, err);
}

static void job_done(struct mc_write_job *job)
{
    struct mc_async *a = H2O_STRUCT_FROM_MEMBER(struct mc_async, job, job);
    a->rc = job->rc;
    if (job->rc)
        a->err = job->err;
    post_back(a);
}

static void submit_write(struct mc_async *a)
{
    a->job.run = job_run;
    a->job.done = job_done;
    mc_writer_submit(a->thread->server->writer, &a->job);
}

static void task_run(struct mc_task *task)
{
    struct mc_async *a = H2O_STRUCT_FROM_MEMBER(struct mc_async, task, task);
    a->work(a);
    if (a->write && a->rc == MC_OK)
        submit_write(a);
    else
        post_back(a);
}

static void dispose_slot(void *p)
{
    struct mc_async *a = *(struct mc_async **)p;
    if (a)
        a->r = NULL;
}

void mc_async_start(struct mc_req *r, struct mc_async *a)
{
    a->r = r;
    a->thread = r->thread;
    a->rc = MC_OK;
    mc_error_init(&a->err);
    memset(&a->msg, 0, sizeof(a->msg));
    a->slot = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*a->slot), dispose_slot);
    *a->slot = a;
    mc_req_hold(r);
    if (a->work) {
        a->task.run = task_run;
        mc_workers_submit(r->server->workers, &a->task);
    } else if (a->write) {
        submit_write(a);
    } else {
        post_back(a);
    }
}

void mc_async_on_complete(h2o_multithread_receiver_t *rcv, h2o_linklist_t *messages)
{
    (void)rcv;
    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *m = H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        h2o_linklist_unlink(&m->link);
        struct mc_async *a = H2O_STRUCT_FROM_MEMBER(struct mc_async, msg, m);
        if (a->r) {
            *a->slot = NULL;
            a->finish(a->r, a);
        }
        a->release(a);
    }
}
