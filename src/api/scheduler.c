#include "api/scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "api/calendar.h"
#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "http/server.h"
#include "store/dossier_store.h"
#include "store/writer.h"
#include "core/banned.h"

#define ESCALATE_PER_PASS 500

struct mc_scheduler {
    struct mc_server *server;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stopping;
};

/* One pass of stuck detection, as a writer job the thread waits for. */
struct stuck_job {
    struct mc_write_job job;
    struct mc_server *server;
    int64_t escalated;
    pthread_mutex_t lock;
    pthread_cond_t done_cond;
    int done;
};

static mc_err stuck_run(struct mc_db *db, struct mc_write_job *job, struct mc_error *err)
{
    struct stuck_job *j = (struct stuck_job *)job;
    const struct mc_cal *cal = mc_api_calendar_get(j->server);
    mc_err rc = mc_dossier_escalate_stuck(db, cal, j->server->cfg->stuck_hours, mc_time_now(), ESCALATE_PER_PASS,
                                          &j->escalated, err);
    mc_api_calendar_put(j->server, cal);
    return rc;
}

static void stuck_done(struct mc_write_job *job)
{
    struct stuck_job *j = (struct stuck_job *)job;
    pthread_mutex_lock(&j->lock);
    j->done = 1;
    pthread_cond_signal(&j->done_cond);
    pthread_mutex_unlock(&j->lock);
}

static void detect_stuck(struct mc_server *s)
{
    struct stuck_job j = {.job = {.run = stuck_run, .done = stuck_done}, .server = s};
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.done_cond, NULL);
    mc_writer_submit(s->writer, &j.job);
    pthread_mutex_lock(&j.lock);
    while (!j.done)
        pthread_cond_wait(&j.done_cond, &j.lock);
    pthread_mutex_unlock(&j.lock);
    if (j.job.rc)
        mc_log(MC_LOG_ERROR, "stuck-dossier detection failed: %s", j.job.err.message_en);
    else if (j.escalated)
        mc_log(MC_LOG_INFO, "escalated %lld stuck dossier(s)", (long long)j.escalated);
    pthread_mutex_destroy(&j.lock);
    pthread_cond_destroy(&j.done_cond);
}

/* Sleeps one interval; 0 when asked to stop. */
static int nap(struct mc_scheduler *sch)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += sch->server->cfg->scheduler_interval;
    pthread_mutex_lock(&sch->lock);
    int rc = 0;
    while (!sch->stopping && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&sch->wake, &sch->lock, &until);
    int go_on = !sch->stopping;
    pthread_mutex_unlock(&sch->lock);
    return go_on;
}

static void *scheduler_main(void *arg)
{
    struct mc_scheduler *sch = arg;
    while (nap(sch))
        if (sch->server->cfg->stuck_hours > 0)
            detect_stuck(sch->server);
    return NULL;
}

mc_err mc_scheduler_start(struct mc_server *s, struct mc_scheduler **out, struct mc_error *err)
{
    struct mc_scheduler *sch = mc_calloc(1, sizeof(*sch));
    sch->server = s;
    pthread_mutex_init(&sch->lock, NULL);
    pthread_cond_init(&sch->wake, NULL);
    if (pthread_create(&sch->thread, NULL, scheduler_main, sch)) {
        mc_free(sch);
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "thread_failed", "Không tạo được luồng định kỳ",
                            "Cannot create the scheduler thread");
    }
    *out = sch;
    return MC_OK;
}

void mc_scheduler_stop(struct mc_scheduler *sch)
{
    if (!sch)
        return;
    pthread_mutex_lock(&sch->lock);
    sch->stopping = 1;
    pthread_cond_signal(&sch->wake);
    pthread_mutex_unlock(&sch->lock);
    pthread_join(sch->thread, NULL);
    pthread_mutex_destroy(&sch->lock);
    pthread_cond_destroy(&sch->wake);
    mc_free(sch);
}
