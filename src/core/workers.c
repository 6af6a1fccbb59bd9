#include "core/workers.h"

#include <pthread.h>

#include "core/alloc.h"
#include "core/banned.h"

struct mc_workers {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct mc_task *head, *tail;
    int stopping, n;
    pthread_t *threads;
};

static void *worker_main(void *arg)
{
    struct mc_workers *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->cond, &w->lock);
        struct mc_task *t = w->head;
        if (t) {
            w->head = t->next;
            if (!w->head)
                w->tail = NULL;
        }
        pthread_mutex_unlock(&w->lock);
        if (!t)
            return NULL;
        t->next = NULL;
        t->run(t);
    }
}

struct mc_workers *mc_workers_new(int n)
{
    struct mc_workers *w = mc_calloc(1, sizeof(*w));
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->n = n < 1 ? 1 : n;
    w->threads = mc_calloc((size_t)w->n, sizeof(*w->threads));
    for (int i = 0; i < w->n; i++)
        pthread_create(&w->threads[i], NULL, worker_main, w);
    return w;
}

void mc_workers_submit(struct mc_workers *w, struct mc_task *task)
{
    task->next = NULL;
    pthread_mutex_lock(&w->lock);
    if (w->tail)
        w->tail->next = task;
    else
        w->head = task;
    w->tail = task;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void mc_workers_free(struct mc_workers *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < w->n; i++)
        pthread_join(w->threads[i], NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    mc_free(w->threads);
    mc_free(w);
}
