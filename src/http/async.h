/* async.h - answering a request after work off the event loop.
 *
 * A handler that must hash a password, render a PDF or make a durable write
 * fills a struct mc_async (usually embedded first in its own struct) and
 * calls mc_async_start. Then, in order:
 *   1. work(a)        on a worker thread, when set (CPU-bound work);
 *   2. write(db, a)   on the writer thread inside a group-commit
 *                     transaction, when set and work left rc == MC_OK;
 *   3. finish(r, a)   back on the request's own thread, after the commit is
 *                     on disk, when the client is still there: it replies;
 *   4. release(a)     always, last: frees a.
 * The handler's input must live in a (heap), not in the request's pool: the
 * client may go away while the work runs, and then step 3 is skipped. */
#ifndef MC_ASYNC_H
#define MC_ASYNC_H

#include <h2o.h>

#include "core/err.h"
#include "core/workers.h"
#include "store/writer.h"

struct mc_req;
struct mc_db;
struct mc_thread;

struct mc_async {
    void (*work)(struct mc_async *a);
    mc_err (*write)(struct mc_db *db, struct mc_async *a, struct mc_error *err);
    void (*finish)(struct mc_req *r, struct mc_async *a);
    void (*release)(struct mc_async *a);
    mc_err rc;
    struct mc_error err;
    /* internal */
    struct mc_req *r;
    struct mc_thread *thread;
    struct mc_async **slot;
    struct mc_task task;
    struct mc_write_job job;
    h2o_multithread_message_t msg;
};

void mc_async_start(struct mc_req *r, struct mc_async *a);
/* The receiver callback each event-loop thread registers for completions. */
void mc_async_on_complete(h2o_multithread_receiver_t *rcv, h2o_linklist_t *messages);

#endif
