/* router.c - request ids, limits, route matching and body checks. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "core/time.h"
#include "http/http.h"
#include "http/auth.h"
#include "http/json_body.h"
#include "http/server.h"
#include "http/static.h"
#include "http/url.h"
#include "core/banned.h"

struct mc_handler {
    h2o_handler_t super;
    struct mc_server *server;
};

static int sane_id(const h2o_iovec_t v)
{
    if (v.len == 0 || v.len > 36)
        return 0;
    for (size_t i = 0; i < v.len; i++) {
        char c = v.base[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_'))
            return 0;
    }
    return 1;
}

static void assign_request_id(struct mc_req *r)
{
    ssize_t i = h2o_find_header_by_str(&r->h2o->headers, H2O_STRLIT("x-request-id"), -1);
    if (i >= 0 && sane_id(r->h2o->headers.entries[i].value)) {
        h2o_iovec_t v = r->h2o->headers.entries[i].value;
        memcpy(r->request_id, v.base, v.len);
        r->request_id[v.len] = '\0';
    } else {
        snprintf(r->request_id, sizeof(r->request_id), "%s-%d-%llx", r->server->id_prefix, r->thread->index,
                 (unsigned long long)++r->thread->seq);
    }
    h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("x-request-id"), 0, "X-Request-Id",
                          r->request_id, strlen(r->request_id));
}

static size_t header_bytes(h2o_req_t *req)
{
    size_t n = req->path.len + req->method.len + req->authority.len;
    for (size_t i = 0; i < req->headers.size; i++)
        n += req->headers.entries[i].name->len + req->headers.entries[i].value.len + 4;
    return n;
}

/* Matches one route pattern against the path (without query); fills params. */
static int match(const char *pattern, const char *path, size_t len, struct mc_req *r)
{
    const char *p = pattern, *end = path + len;
    int n = 0;
    while (*p && path < end) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *seg_end = memchr(path, '/', (size_t)(end - path));
            if (!seg_end)
                seg_end = end;
            if (seg_end == path || n == MC_MAX_PARAMS)
                return 0;
            r->param_names[n] = p + 1; /* name runs to '}' */
            r->params[n++] = h2o_iovec_init(path, (size_t)(seg_end - path));
            p = close + 1;
            path = seg_end;
        } else if (*p++ != *path++) {
            return 0;
        }
    }
    if (*p || path != end)
        return 0;
    r->nparams = n;
    return 1;
}

static void reply_not_found(struct mc_req *r)
{
    mc_reply_errorf(r, 404, "not_found", "Không tìm thấy địa chỉ được yêu cầu", "No such resource");
}

/* Appends method to allow (comma-separated) unless already there. */
static void add_allow(char *allow, size_t cap, const char *method)
{
    if (strstr(allow, method))
        return;
    size_t n = strlen(allow);
    snprintf(allow + n, cap - n, "%s%s", n ? ", " : "", method);
}

static const struct mc_route *find_route(struct mc_req *r, h2o_iovec_t path, char *allow, size_t cap)
{
    struct mc_server *s = r->server;
    h2o_iovec_t method = r->h2o->method;
    int head = h2o_memis(method.base, method.len, H2O_STRLIT("HEAD"));
    for (size_t i = 0; i < s->nroutes; i++) {
        const struct mc_route *rt = &s->routes[i];
        if (!match(rt->pattern, path.base, path.len, r))
            continue;
        if (h2o_memis(method.base, method.len, rt->method, strlen(rt->method)) || (head && !strcmp(rt->method, "GET")))
            return rt;
        add_allow(allow, cap, rt->method);
    }
    r->nparams = 0;
    return NULL;
}

static int is_json_type(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
    if (i < 0)
        return 0;
    h2o_iovec_t v = req->headers.entries[i].value;
    size_t n = 0;
    while (n < v.len && v.base[n] != ';' && v.base[n] != ' ')
        n++;
    return h2o_lcstris(v.base, n, H2O_STRLIT("application/json"));
}

static int check_body(struct mc_req *r)
{
    const struct mc_config *cfg = r->server->cfg;
    h2o_iovec_t body = r->h2o->entity;
    if (r->route->body == MC_BODY_UPLOAD || r->route->body == MC_BODY_NONE)
        return 1;
    if ((size_t)body.len > (size_t)cfg->max_json) {
        struct mc_error e;
        mc_error_init(&e);
        mc_error_setf(&e, MC_ERR_TOO_LARGE, 413, "payload_too_large", "Nội dung gửi lên vượt quá %lld byte",
                      "The request body exceeds %lld bytes", (long long)cfg->max_json);
        mc_error_detail_int(&e, "max_bytes", cfg->max_json);
        mc_reply_error(r, &e);
        return 0;
    }
    if (!is_json_type(r->h2o)) {
        mc_reply_errorf(r, 415, "unsupported_media_type", "Nội dung phải có kiểu application/json",
                        "The request body must be application/json");
        return 0;
    }
    struct mc_error e;
    mc_error_init(&e);
    if (mc_json_parse(body.base ? body.base : "", body.len, MC_JSON_MAX_DEPTH, &r->body, &e)) {
        mc_reply_error(r, &e);
        return 0;
    }
    return 1;
}

/* Path parameters and query values must decode to UTF-8 text without
 * control characters: handlers and the database never see NUL bytes,
 * overlong forms or stray bytes (PostgreSQL would refuse them with a 500). */
static int check_url(struct mc_req *r)
{
    h2o_req_t *req = r->h2o;
    const char *part = NULL;
    for (int i = 0; i < r->nparams && !part; i++)
        if (!mc_url_value_ok(r->params[i].base, r->params[i].len, 0))
            part = "path";
    if (!part && req->query_at != SIZE_MAX &&
        !mc_url_query_ok(req->path.base + req->query_at + 1, req->path.len - req->query_at - 1))
        part = "query";
    if (!part)
        return 1;
    struct mc_error e;
    mc_error_init(&e);
    mc_error_set(&e, MC_ERR_INVALID, 400, "invalid_parameter",
                 "Tham số trong địa chỉ không hợp lệ (UTF-8 sai hoặc có ký tự điều khiển)",
                 "A parameter of the URL is not valid (bad UTF-8 or a control character)");
    mc_error_detail_str(&e, "part", part);
    mc_reply_error(r, &e);
    return 0;
}

static void release_body(void *p)
{
    struct mc_req *r = *(struct mc_req **)p;
    if (r->body)
        json_decref(r->body);
    r->body = NULL;
}

static void route_api(struct mc_req *r, h2o_iovec_t path)
{
    char allow[64] = "";
    r->route = find_route(r, path, allow, sizeof(allow));
    if (!r->route) {
        if (!*allow)
            return reply_not_found(r);
        mc_reply_header(r, H2O_TOKEN_ALLOW, allow);
        return mc_reply_errorf(r, 405, "method_not_allowed", "Phương thức không được phép cho địa chỉ này",
                               "Method not allowed for this resource");
    }
    struct mc_req **slot = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*slot), release_body);
    *slot = r;
    if (!check_url(r) || !check_body(r) || !mc_auth_request(r))
        return;
    r->route->handler(r);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    struct mc_handler *h = (struct mc_handler *)self;
    struct mc_req *r = h2o_mem_alloc_pool(&req->pool, sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->h2o = req;
    r->server = h->server;
    r->thread = mc_thread_of(req);
    r->start_ms = mc_clock_ms();
    assign_request_id(r);
    if (header_bytes(req) > (size_t)h->server->cfg->max_headers) {
        mc_reply_errorf(r, 431, "headers_too_large", "Phần đầu (header) của yêu cầu quá lớn",
                        "The request headers are too large");
        return 0;
    }
    h2o_iovec_t path = req->path_normalized;
    if (path.len >= 5 && !memcmp(path.base, "/api/", 5))
        route_api(r, path);
    else
        mc_static_serve(h->server->web, r, path);
    return 0;
}

void mc_router_register(struct mc_server *s, h2o_pathconf_t *pathconf)
{
    struct mc_handler *h = (struct mc_handler *)h2o_create_handler(pathconf, sizeof(*h));
    h->super.on_req = on_req;
    h->server = s;
}
