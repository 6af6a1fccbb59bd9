/* workers.h - a fixed pool of threads for work that must not run on an event
 * loop: password hashing, PDF rendering, anything slow or CPU-bound.
 *
 * A task is a struct the caller owns (usually embedded in a bigger one); the
 * pool calls task->run on one of its threads and never touches the task
 * again afterwards, so run may free or hand it on. */
#ifndef MC_WORKERS_H
#define MC_WORKERS_H

struct mc_task {
    void (*run)(struct mc_task *task);
    struct mc_task *next; /* internal */
};

struct mc_workers;

/* Starts n threads (n >= 1). */
struct mc_workers *mc_workers_new(int n);
/* Queues a task; never blocks on the work itself. */
void mc_workers_submit(struct mc_workers *w, struct mc_task *task);
/* Runs every queued task, then stops and frees the pool. */
void mc_workers_free(struct mc_workers *w);

#endif
