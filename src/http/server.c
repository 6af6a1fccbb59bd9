/* server.c - h2o configuration, event-loop threads, TLS, graceful shutdown. */
#include "http/server.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <semaphore.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/calendar.h"
#include "api/routes.h"
#include "api/slips.h"
#include "api/scheduler.h"
#include "core/alloc.h"
#include "core/workers.h"
#include "core/log.h"
#include "core/time.h"
#include "http/async.h"
#include "http/cache.h"
#include "http/errdoc.h"
#include "http/ratelimit.h"
#include "http/router.h"
#include "http/static.h"
#include "store/seed.h"
#include "store/store.h"
#include "store/writer.h"
#include "core/banned.h"

static const char access_log_format[] =
    "%h - - %t \"%r\" %s %b \"%{referer}i\" \"%{user-agent}i\" %{x-request-id}o %{request-total-time}x";

struct mc_thread *mc_thread_of(h2o_req_t *req)
{
    return H2O_STRUCT_FROM_MEMBER(struct mc_thread, ctx, req->conn->ctx);
}

static mc_err setup_tls(struct mc_server *s, struct mc_error *err)
{
    const struct mc_config *cfg = s->cfg;
    if (!*cfg->tls_cert && !*cfg->tls_key)
        return MC_OK;
    s->ssl = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(s->ssl, TLS1_2_VERSION);
    SSL_CTX_set_options(s->ssl, SSL_OP_NO_COMPRESSION);
    if (SSL_CTX_use_certificate_chain_file(s->ssl, cfg->tls_cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->ssl, cfg->tls_key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(s->ssl) != 1)
        return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_tls", "Không nạp được chứng chỉ TLS %s / khoá %s",
                             "Cannot load the TLS certificate %s / key %s", cfg->tls_cert, cfg->tls_key);
    h2o_ssl_register_alpn_protocols(s->ssl, h2o_http2_alpn_protocols);
    return MC_OK;
}

static mc_err check_database(struct mc_server *s, struct mc_error *err)
{
    struct mc_db *db;
    mc_err rc = mc_db_open(s->cfg->db, &db, err);
    if (rc)
        return rc;
    int applied;
    rc = mc_db_migrate(db, &applied, err);
    if (!rc && applied)
        mc_log(MC_LOG_INFO, "applied %d migration(s) to %s", applied, s->cfg->db);
    int seeded = 0;
    if (!rc && s->cfg->demo)
        rc = mc_seed_demo(db, (unsigned long long)s->cfg->pwhash_ops, (size_t)s->cfg->pwhash_mem, &seeded, err);
    if (seeded)
        mc_log(MC_LOG_INFO, "loaded the demo province into %s", s->cfg->db);
    s->engine = mc_db_url_is_pg(s->cfg->db) ? "postgresql" : "sqlite";
    mc_db_close(db);
    if (!rc && *s->cfg->db_read) {
        rc = mc_db_open_readonly(s->cfg->db_read, &db, err);
        if (!rc)
            mc_log(MC_LOG_INFO, "read-only requests go to %s", s->cfg->db_read);
        mc_db_close(db);
    }
    return rc;
}

static void configure_h2o(struct mc_server *s)
{
    const struct mc_config *cfg = s->cfg;
    h2o_config_init(&s->h2o);
    s->h2o.server_name = h2o_iovec_init(H2O_STRLIT("motcua"));
    s->h2o.max_request_entity_size = (size_t)cfg->max_upload;
    s->h2o.http1.req_timeout = (uint64_t)cfg->req_timeout;
    s->h2o.http2.idle_timeout = (uint64_t)cfg->req_timeout;
    s->h2o.http2.graceful_shutdown_timeout = (uint64_t)cfg->shutdown_grace;
    s->host = h2o_config_register_host(&s->h2o, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(s->host, "/", 0);
    mc_router_register(s, path);
    mc_errdoc_register(path);
    mc_errdoc_register(&s->host->fallback_path);
    if (strcmp(cfg->access_log, "off")) {
        const char *file = strcmp(cfg->access_log, "-") ? cfg->access_log : "/dev/stdout";
        h2o_access_log_filehandle_t *fh =
            h2o_access_log_open_handle(file, access_log_format, H2O_LOGCONF_ESCAPE_APACHE);
        if (fh) {
            h2o_access_log_register(path, fh);
            h2o_access_log_register(&s->host->fallback_path, fh);
        }
    }
}

mc_err mc_server_init(struct mc_server *s, const struct mc_config *cfg, struct mc_error *err)
{
    memset(s, 0, sizeof(*s));
    s->cfg = cfg;
    s->started_at = mc_time_now();
    if (sodium_init() < 0)
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "crypto_unavailable", "Không khởi tạo được libsodium",
                            "Cannot initialise libsodium");
    uint32_t rnd = randombytes_random();
    snprintf(s->id_prefix, sizeof(s->id_prefix), "%08x", rnd);
    mc_api_routes(&s->routes, &s->nroutes, cfg->test_hooks);
    s->limits = mc_ratelimit_new();
    s->nthreads = cfg->threads ? (int)cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (s->nthreads < 1)
        s->nthreads = 1;
    mc_err rc = check_database(s, err);
    if (!rc)
        rc = mc_api_calendar_open(s, err);
    if (!rc)
        rc = mc_api_slips_open(s, err);
    if (!rc)
        rc = setup_tls(s, err);
    if (!rc)
        rc = mc_static_load(cfg->web, &s->web, err);
    if (!rc)
        configure_h2o(s);
    return rc;
}

static int open_listener(const struct mc_config *cfg, struct mc_error *err)
{
    char host[256], portstr[8];
    int port;
    if (mc_config_listen(cfg, host, sizeof(host), &port)) {
        mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Địa chỉ lắng nghe không hợp lệ: %s",
                      "Invalid listen address: %s", cfg->listen);
        return -1;
    }
    snprintf(portstr, sizeof(portstr), "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai;
    if (getaddrinfo(*host ? host : NULL, portstr, &hints, &ai)) {
        mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Không phân giải được địa chỉ %s",
                      "Cannot resolve the address %s", host);
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, SOMAXCONN)) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0)
        mc_error_setf(err, MC_ERR_IO, 500, "listen_failed", "Không lắng nghe được trên %s: %s",
                      "Cannot listen on %s: %s", cfg->listen, strerror(errno));
    return fd;
}

static void on_accept(h2o_socket_t *listener, const char *error)
{
    if (error)
        return;
    struct mc_thread *t = listener->data;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock)
        h2o_accept(&t->accept_ctx, sock);
}

static void on_shutdown_message(h2o_multithread_receiver_t *rcv, h2o_linklist_t *messages)
{
    struct mc_thread *t = H2O_STRUCT_FROM_MEMBER(struct mc_thread, shutdown_rcv, rcv);
    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *m = H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        h2o_linklist_unlink(&m->link);
        mc_free(m);
    }
    if (t->stopping)
        return;
    t->stopping = 1;
    if (t->listener) {
        h2o_socket_read_stop(t->listener);
        h2o_socket_close(t->listener);
        t->listener = NULL;
    }
    h2o_context_request_shutdown(&t->ctx);
}

/* Everything h2o of a thread is created on that thread: h2o keeps
 * per-thread allocators (thread-local buffer prototypes and recycle lists),
 * and a socket created on another thread would take that thread's
 * allocator, which then two loops would use at once (a heap corruption found
 * under load with two threads). The listening descriptor is opened by the
 * main thread so that a bad address is reported at start. */
static void thread_init(struct mc_thread *t)
{
    struct mc_server *s = t->server;
    h2o_context_init(&t->ctx, h2o_evloop_create(), &s->h2o);
    t->accept_ctx.ctx = &t->ctx;
    t->accept_ctx.hosts = s->h2o.hosts;
    t->accept_ctx.ssl_ctx = s->ssl;
    h2o_timeout_init(t->ctx.loop, &t->tick, 10);
    t->cache = mc_cache_new();
    t->queue = h2o_multithread_create_queue(t->ctx.loop);
    h2o_multithread_register_receiver(t->queue, &t->shutdown_rcv, on_shutdown_message);
    h2o_multithread_register_receiver(t->queue, &t->async_rcv, mc_async_on_complete);
    t->listener = h2o_evloop_socket_create(t->ctx.loop, t->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    t->listener->data = t;
    h2o_socket_read_start(t->listener, on_accept);
}

static void *thread_main(void *arg)
{
    struct mc_thread *t = arg;
    thread_init(t);
    sem_post(&t->ready);
    h2o_loop_t *loop = t->ctx.loop;
    while (!t->stopping)
        h2o_evloop_run(loop, INT32_MAX);
    int64_t deadline = mc_clock_ms() + t->server->cfg->shutdown_grace;
    while (t->inflight > 0 && mc_clock_ms() < deadline)
        h2o_evloop_run(loop, 10);
    /* one more turn flushes answers written by the last handlers */
    h2o_evloop_run(loop, 0);
    if (t->inflight > 0)
        mc_log(MC_LOG_WARN, "thread %d: %d request(s) still in flight after the grace period", t->index, t->inflight);
    return NULL;
}

static mc_err start_thread(struct mc_server *s, struct mc_thread *t, int index, struct mc_error *err)
{
    t->server = s;
    t->index = index;
    t->listen_fd = open_listener(s->cfg, err);
    if (t->listen_fd < 0)
        return MC_ERR_IO;
    sem_init(&t->ready, 0, 0);
    if (pthread_create(&t->tid, NULL, thread_main, t))
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "thread_failed", "Không tạo được luồng xử lý",
                            "Cannot create a worker thread");
    /* the shutdown receiver must exist before the main thread may message it */
    while (sem_wait(&t->ready) && errno == EINTR)
        ;
    return MC_OK;
}

static void stop_threads(struct mc_server *s, int started)
{
    for (int i = 0; i < started; i++) {
        h2o_multithread_message_t *m = mc_calloc(1, sizeof(*m));
        h2o_multithread_send_message(&s->threads[i].shutdown_rcv, m);
    }
    for (int i = 0; i < started; i++)
        pthread_join(s->threads[i].tid, NULL);
}

mc_err mc_server_run(struct mc_server *s, struct mc_error *err)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    s->threads = mc_calloc((size_t)s->nthreads, sizeof(*s->threads));
    int started = 0;
    mc_err rc = mc_writer_start(s->cfg->db, &s->writer, err);
    if (!rc)
        s->workers = mc_workers_new(s->nthreads);
    if (!rc)
        rc = mc_scheduler_start(s, &s->scheduler, err);
    for (; started < s->nthreads && !rc; started++)
        rc = start_thread(s, &s->threads[started], started, err);
    if (!rc) {
        mc_log(MC_LOG_INFO, "motcua serving on %s%s (%d threads, %s database, %zu web files)",
               s->ssl ? "https://" : "http://", s->cfg->listen, s->nthreads, s->engine, mc_static_count(s->web));
        int sig;
        sigwait(&set, &sig);
        mc_log(MC_LOG_INFO, "signal %d: stopping, finishing requests in flight", sig);
    }
    atomic_store(&s->stop_requested, 1);
    stop_threads(s, rc ? started - 1 : started);
    /* threads are gone: every held request was answered or abandoned; the
     * writer still commits what it was given before it stops */
    mc_scheduler_stop(s->scheduler);
    mc_workers_free(s->workers);
    mc_writer_stop(s->writer);
    s->scheduler = NULL;
    s->workers = NULL;
    s->writer = NULL;
    return rc;
}

void mc_server_release(struct mc_server *s)
{
    for (int i = 0; s->threads && i < s->nthreads; i++) {
        mc_db_close(s->threads[i].db);
        mc_db_close(s->threads[i].db_read);
        mc_cache_free(s->threads[i].cache);
    }
    mc_free(s->threads);
    mc_static_free(s->web);
    mc_ratelimit_free(s->limits);
    s->limits = NULL;
    mc_api_calendar_close(s);
    mc_api_slips_close(s);
    if (s->ssl)
        SSL_CTX_free(s->ssl);
    s->threads = NULL;
    s->web = NULL;
}
