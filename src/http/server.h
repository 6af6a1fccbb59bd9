/* server.h - the one server struct and the event-loop threads.
 *
 * struct mc_server is the only mutable state shared across the process
 * (STYLE.md rule 15). It is built by mc_server_init from the configuration,
 * read-only once threads start, except for the atomic fields. Each event-loop
 * thread (struct mc_thread) has its own h2o context, its own listening
 * socket on the same port (SO_REUSEPORT) and its own database connection. */
#ifndef MC_SERVER_H
#define MC_SERVER_H

#include <h2o.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "http/http.h"

struct mc_static;
struct mc_fonts;
struct mc_db;
struct mc_workers;
struct mc_writer;
struct mc_ratelimit;
struct mc_cache;
struct mc_scheduler;
struct mc_api_calendar;

struct mc_thread {
    struct mc_server *server;
    int index;
    pthread_t tid;
    h2o_context_t ctx; /* must stay the first h2o field used with container_of */
    h2o_accept_ctx_t accept_ctx;
    h2o_socket_t *listener;
    int listen_fd; /* opened by the main thread, wrapped by the loop's own thread */
    sem_t ready;   /* posted once the thread has built its h2o objects */
    h2o_multithread_queue_t *queue;
    h2o_multithread_receiver_t shutdown_rcv;
    h2o_multithread_receiver_t async_rcv; /* completions of mc_async work */
    h2o_timeout_t tick;                   /* 10 ms timer for polling waits (never disposed) */
    struct mc_db *db;                     /* this thread's connection, opened on first use */
    struct mc_db *db_read;                /* its read-only connection to --db-read, opened on first use */
    struct mc_cache *cache;               /* rendered answers of read-mostly routes */
    uint64_t seq;                         /* request counter for request ids */
    int inflight;                         /* requests held for an asynchronous answer */
    int stopping;
};

struct mc_server {
    const struct mc_config *cfg;
    h2o_globalconf_t h2o;
    h2o_hostconf_t *host;
    SSL_CTX *ssl;
    struct mc_thread *threads;
    int nthreads;
    int64_t started_at;               /* wall clock, seconds */
    const char *engine;               /* "sqlite" or "postgresql" */
    struct mc_static *web;            /* the web app, loaded at start */
    struct mc_workers *workers;       /* CPU-bound work off the event loops */
    struct mc_writer *writer;         /* group commit of durable writes */
    struct mc_scheduler *scheduler;   /* periodic work (stuck dossiers) */
    struct mc_ratelimit *limits;      /* attempt counters (sign-in, registration, reset) */
    struct mc_api_calendar *calendar; /* the served working calendar (api/calendar.h) */
    struct mc_fonts *fonts;           /* slip fonts (render/font.h), NULL when they cannot be read */
    const struct mc_route *routes;
    size_t nroutes;
    char id_prefix[12]; /* random per process, starts request ids */
    atomic_int stop_requested;
};

/* Builds the server (h2o configuration, TLS, web files, database check).
 * Start-up errors are returned with a message; nothing is listening yet. */
mc_err mc_server_init(struct mc_server *s, const struct mc_config *cfg, struct mc_error *err);
/* Starts the threads and blocks until SIGTERM or SIGINT, then stops
 * accepting, finishes requests in flight (up to cfg->shutdown_grace ms) and
 * returns. */
mc_err mc_server_run(struct mc_server *s, struct mc_error *err);
void mc_server_release(struct mc_server *s);

/* The thread owning an h2o request. */
struct mc_thread *mc_thread_of(h2o_req_t *req);

#endif
