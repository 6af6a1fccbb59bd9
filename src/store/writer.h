/* writer.h - group commit: one writer thread per database.
 *
 * Writes that must be durable before the client hears about them are jobs.
 * The writer takes every job queued (up to MC_WRITER_BATCH), runs them in one
 * transaction, each inside its own savepoint so a failing job rolls back
 * alone, commits once (one fsync for the whole batch), and only then calls
 * each job's done callback with its result. A job whose run failed, or whose
 * batch could not commit, gets the error; no job is ever reported done
 * before its data is on disk. */
#ifndef MC_WRITER_H
#define MC_WRITER_H

#include "core/err.h"

struct mc_db;
struct mc_writer;

#define MC_WRITER_BATCH 256

struct mc_write_job {
    /* Runs on the writer thread inside the batch transaction. */
    mc_err (*run)(struct mc_db *db, struct mc_write_job *job, struct mc_error *err);
    /* Runs on the writer thread after the commit (or the failure); must not
     * block: typically it posts the job back to the thread that asked. */
    void (*done)(struct mc_write_job *job);
    mc_err rc;                 /* result, set before done */
    struct mc_error err;       /* detail when rc != MC_OK */
    struct mc_write_job *next; /* internal */
};

/* Opens its own connection to url and starts the thread. */
mc_err mc_writer_start(const char *url, struct mc_writer **out, struct mc_error *err);
void mc_writer_submit(struct mc_writer *w, struct mc_write_job *job);
/* Finishes every queued job, stops the thread, closes the connection. */
void mc_writer_stop(struct mc_writer *w);
/* Batches committed so far (for tests and metrics). */
unsigned long mc_writer_batches(struct mc_writer *w);

#endif
