/* reply.c - request accessors and the reply functions of http.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/time.h"
#include "http/http.h"
#include "http/cache.h"
#include "http/server.h"
#include "http/url.h"
#include "store/store.h"
#include "core/banned.h"

/* The percent-decoded copy of src[0..len) in the request's pool. */
static char *decode(h2o_mem_pool_t *pool, const char *src, size_t len, int plus)
{
    char *out = h2o_mem_alloc_pool(pool, len + 1);
    mc_url_decode(src, len, out, plus);
    return out;
}

const char *mc_req_param(struct mc_req *r, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < r->nparams; i++)
        if (!strncmp(r->param_names[i], name, n) && r->param_names[i][n] == '}')
            return decode(&r->h2o->pool, r->params[i].base, r->params[i].len, 0);
    return NULL;
}

const char *mc_req_query(struct mc_req *r, const char *name)
{
    h2o_req_t *req = r->h2o;
    const char *val;
    size_t vlen;
    if (req->query_at == SIZE_MAX)
        return NULL;
    const char *q = req->path.base + req->query_at + 1;
    size_t qlen = req->path.len - req->query_at - 1;
    if (!mc_url_query_find(q, qlen, name, &val, &vlen))
        return NULL;
    return decode(&req->pool, val, vlen, 1);
}

const char *mc_req_header(struct mc_req *r, const h2o_token_t *token)
{
    ssize_t i = h2o_find_header(&r->h2o->headers, token, -1);
    if (i < 0)
        return NULL;
    h2o_iovec_t v = r->h2o->headers.entries[i].value;
    return h2o_strdup(&r->h2o->pool, v.base, v.len).base;
}

const char *mc_req_header_named(struct mc_req *r, const char *name)
{
    ssize_t i = h2o_find_header_by_str(&r->h2o->headers, name, strlen(name), -1);
    if (i < 0)
        return NULL;
    h2o_iovec_t v = r->h2o->headers.entries[i].value;
    return h2o_strdup(&r->h2o->pool, v.base, v.len).base;
}

mc_err mc_req_db(struct mc_req *r, struct mc_db **db, struct mc_error *err)
{
    struct mc_thread *t = r->thread;
    const char *replica = r->server->cfg->db_read;
    if (*replica && r->route && r->route->replica) {
        mc_err rc = t->db_read ? MC_OK : mc_db_open_readonly(replica, &t->db_read, err);
        *db = t->db_read;
        return rc;
    }
    if (!t->db) {
        mc_err rc = mc_db_open(r->server->cfg->db, &t->db, err);
        if (rc)
            return rc;
    }
    *db = t->db;
    return MC_OK;
}

static void release_hold(struct mc_req *r)
{
    if (r->held) {
        r->held = 0;
        r->thread->inflight--;
    }
}

static void dispose_hold(void *p)
{
    release_hold(*(struct mc_req **)p);
}

void mc_req_hold(struct mc_req *r)
{
    if (r->held)
        return;
    r->held = 1;
    r->thread->inflight++;
    struct mc_req **slot = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*slot), dispose_hold);
    *slot = r;
}

void mc_reply_header(struct mc_req *r, const h2o_token_t *token, const char *value)
{
    /* h2o keeps the pointer: the value must live as long as the request
     * (callers pass stack buffers, and asynchronous replies come later) */
    h2o_iovec_t v = h2o_strdup(&r->h2o->pool, value, strlen(value));
    h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, token, NULL, v.base, v.len);
}

void mc_reply_bytes(struct mc_req *r, int status, const char *content_type, const void *data, size_t len)
{
    h2o_req_t *req = r->h2o;
    req->res.status = status;
    req->res.reason = mc_http_reason(status);
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type, strlen(content_type));
    h2o_iovec_t body = h2o_strdup(&req->pool, data, len);
    release_hold(r);
    h2o_send_inline(req, body.base, body.len);
}

/* Sends a JSON body already rendered into the request's pool. */
static void send_json(struct mc_req *r, int status, char *buf, size_t len)
{
    h2o_req_t *req = r->h2o;
    req->res.status = status;
    req->res.reason = mc_http_reason(status);
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                   H2O_STRLIT("application/json; charset=utf-8"));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    release_hold(r);
    h2o_send_inline(req, buf, len);
}

/* Renders json (consumed) into the pool, newline-terminated. */
static char *render(struct mc_req *r, json_t *json, size_t *len)
{
    size_t n = json_dumpb(json, NULL, 0, JSON_COMPACT);
    char *buf = h2o_mem_alloc_pool(&r->h2o->pool, n + 1);
    json_dumpb(json, buf, n, JSON_COMPACT);
    buf[n] = '\n';
    json_decref(json);
    *len = n + 1;
    return buf;
}

void mc_reply_json(struct mc_req *r, int status, json_t *json)
{
    size_t len;
    char *buf = render(r, json, &len);
    send_json(r, status, buf, len);
}

int mc_reply_cached(struct mc_req *r, int64_t gen)
{
    size_t len;
    const char *body = mc_cache_get(r->thread->cache, r->h2o->path.base, r->h2o->path.len, gen, &len);
    if (!body)
        return 0;
    send_json(r, 200, h2o_strdup(&r->h2o->pool, body, len).base, len);
    return 1;
}

void mc_reply_json_cache(struct mc_req *r, json_t *json, int64_t gen)
{
    size_t len;
    char *buf = render(r, json, &len);
    mc_cache_put(r->thread->cache, r->h2o->path.base, r->h2o->path.len, gen, buf, len);
    send_json(r, 200, buf, len);
}

json_t *mc_list_json(json_t *items, const char *next_cursor, int64_t total)
{
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "next_cursor", next_cursor ? json_string(next_cursor) : json_null());
    if (total >= 0)
        json_object_set_new(o, "total", json_integer(total));
    return o;
}

void mc_reply_list(struct mc_req *r, json_t *items, const char *next_cursor, int64_t total)
{
    mc_reply_json(r, 200, mc_list_json(items, next_cursor, total));
}

static json_t *details_json(const struct mc_error *e)
{
    json_t *d = json_object();
    for (int i = 0; i < e->ndetails; i++) {
        const struct mc_error_detail *x = &e->details[i];
        json_t *v = x->is_number ? json_integer(strtoll(x->value, NULL, 10)) : json_string(x->value);
        json_object_set_new(d, x->key, v ? v : json_null());
    }
    return d;
}

void mc_reply_error(struct mc_req *r, const struct mc_error *e)
{
    int status = e->status >= 400 && e->status <= 599 ? e->status : 500;
    if (status >= 500)
        mc_log(MC_LOG_ERROR, "request %s: %s %s", r->request_id, e->code ? e->code : "internal_error", e->message_en);
    json_t *err = json_object();
    json_object_set_new(err, "code", json_string(e->code ? e->code : "internal_error"));
    json_object_set_new(err, "message", json_string(e->message));
    json_object_set_new(err, "message_en", json_string(e->message_en));
    json_object_set_new(err, "details", details_json(e));
    if (status == 429 || status == 503) {
        const char *after = "1";
        for (int i = 0; i < e->ndetails; i++)
            if (!strcmp(e->details[i].key, "retry_after"))
                after = e->details[i].value;
        mc_reply_header(r, H2O_TOKEN_RETRY_AFTER, after);
    }
    mc_reply_json(r, status, json_pack("{s:o}", "error", err));
}

void mc_reply_errorf(struct mc_req *r, int status, const char *code, const char *vi, const char *en)
{
    struct mc_error e;
    mc_error_init(&e);
    mc_error_set(&e, MC_ERR_INVALID, status, code, vi, en);
    mc_reply_error(r, &e);
}

void mc_reply_internal(struct mc_req *r, const char *what)
{
    mc_log(MC_LOG_ERROR, "request %s: internal error: %s", r->request_id, what);
    mc_reply_errorf(r, 500, "internal_error", "Lỗi hệ thống, vui lòng thử lại sau",
                    "Internal error, please retry later");
}

const char *mc_http_reason(int status)
{
    static const struct {
        int status;
        const char *reason;
    } reasons[] = {
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {409, "Conflict"},
        {410, "Gone"},
        {413, "Payload Too Large"},
        {415, "Unsupported Media Type"},
        {422, "Unprocessable Entity"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {503, "Service Unavailable"},
        {507, "Insufficient Storage"},
    };
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return "Unknown";
}

json_t *mc_json_time(int64_t t)
{
    if (!t)
        return json_null();
    char s[MC_ISO_LEN];
    mc_time_iso(t, s);
    return json_string(s);
}
