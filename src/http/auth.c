#include "http/auth.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/time.h"
#include "domain/access.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/store.h"
#include "store/writer.h"
#include "core/alloc.h"
#include "core/banned.h"

static void client_ip(struct mc_req *r)
{
    struct sockaddr_storage ss;
    socklen_t len = r->h2o->conn->callbacks->get_peername(r->h2o->conn, (struct sockaddr *)&ss);
    r->ip[0] = '\0';
    if (len && ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, r->ip, sizeof(r->ip));
    else if (len && ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, r->ip, sizeof(r->ip));
}

int mc_auth_cookie(struct mc_req *r, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    for (ssize_t i = -1; (i = h2o_find_header(&r->h2o->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t v = r->h2o->headers.entries[i].value;
        const char *p = v.base, *end = v.base + v.len;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ';'))
                p++;
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *stop = semi ? semi : end;
            if ((size_t)(stop - p) > n && !memcmp(p, name, n) && p[n] == '=' && (size_t)(stop - p - n - 1) < cap) {
                memcpy(out, p + n + 1, (size_t)(stop - p - n - 1));
                out[stop - p - n - 1] = '\0';
                return 1;
            }
            p = stop;
        }
    }
    return 0;
}

static int bearer(struct mc_req *r, char *out, size_t cap)
{
    ssize_t i = h2o_find_header(&r->h2o->headers, H2O_TOKEN_AUTHORIZATION, -1);
    if (i < 0)
        return 0;
    h2o_iovec_t v = r->h2o->headers.entries[i].value;
    if (v.len < 8 || !h2o_lcstris(v.base, 7, H2O_STRLIT("bearer ")) || v.len - 7 >= cap)
        return 0;
    memcpy(out, v.base + 7, v.len - 7);
    out[v.len - 7] = '\0';
    return 1;
}

struct touch_job {
    struct mc_write_job job;
    int64_t session_id, now;
};

static mc_err touch_run(struct mc_db *db, struct mc_write_job *job, struct mc_error *err)
{
    struct touch_job *t = (struct touch_job *)job;
    return mc_session_touch(db, t->session_id, t->now, err);
}

static void touch_done(struct mc_write_job *job)
{
    mc_free(job);
}

/* Sliding idle expiry without a write per request: at most one a minute. */
static void touch_session(struct mc_req *r, const struct mc_principal *p, int64_t now)
{
    if (now - p->last_seen < 60)
        return;
    struct touch_job *t = mc_calloc(1, sizeof(*t));
    t->job.run = touch_run;
    t->job.done = touch_done;
    t->session_id = p->session_id;
    t->now = now;
    mc_writer_submit(r->server->writer, &t->job);
}

static mc_err identify(struct mc_req *r, struct mc_db *db, struct mc_error *err)
{
    char token[128], hash[MC_SHA256_HEX];
    struct mc_principal p;
    int64_t now = mc_time_now();
    const struct mc_config *cfg = r->server->cfg;
    mc_err rc;
    if (bearer(r, token, sizeof(token))) {
        mc_sha256_hex(token, strlen(token), hash);
        rc = mc_token_lookup(db, hash, now, &p, err);
    } else if (mc_auth_cookie(r, MC_SESSION_COOKIE, token, sizeof(token))) {
        mc_sha256_hex(token, strlen(token), hash);
        rc = mc_session_lookup(db, hash, now, cfg->session_idle, cfg->session_absolute, &p, err);
        if (!rc)
            touch_session(r, &p, now);
    } else {
        return MC_OK;
    }
    if (rc == MC_ERR_NOT_FOUND)
        return MC_OK;
    if (rc)
        return rc;
    r->who = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(p));
    memcpy(r->who, &p, sizeof(p));
    return MC_OK;
}

int mc_auth_covers(const struct mc_principal *p, const char *perm, const char *agency_path)
{
    if (!p)
        return 0;
    if (p->token_id && strcmp(perm, MC_PERM_AUTH)) {
        char padded[520];
        snprintf(padded, sizeof(padded), " %s ", p->scopes);
        char want[80];
        snprintf(want, sizeof(want), " %s ", perm);
        if (!strstr(padded, want))
            return 0;
    }
    for (int i = 0; i < p->ngrants; i++) {
        const struct mc_grant *g = &p->grants[i];
        if (!mc_role_grants(g->role, perm))
            continue;
        if (!agency_path || !strcmp(g->role, "system_admin") ||
            !strncmp(agency_path, g->agency_path, strlen(g->agency_path)))
            return 1;
    }
    return !strcmp(perm, MC_PERM_AUTH);
}

static int is_safe_method(h2o_req_t *req)
{
    return h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) ||
           h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"));
}

static int csrf_ok(struct mc_req *r)
{
    if (!r->who->session_id || is_safe_method(r->h2o))
        return 1;
    ssize_t i = h2o_find_header_by_str(&r->h2o->headers, H2O_STRLIT("x-csrf-token"), -1);
    if (i < 0)
        return 0;
    h2o_iovec_t v = r->h2o->headers.entries[i].value;
    char got[64];
    if (v.len >= sizeof(got))
        return 0;
    memcpy(got, v.base, v.len);
    got[v.len] = '\0';
    return mc_secure_equal(got, r->who->csrf);
}

/* The scope value the route names: an agency id or an identifier code. */
static const char *scope_value(struct mc_req *r)
{
    const struct mc_route *rt = r->route;
    if (rt->scope == MC_SCOPE_PATH)
        return mc_req_param(r, rt->scope_key);
    if (rt->scope == MC_SCOPE_QUERY)
        return mc_req_query(r, rt->scope_key);
    if (rt->scope == MC_SCOPE_BODY && r->body) {
        json_t *v = json_object_get(r->body, rt->scope_key);
        if (json_is_integer(v)) {
            char *buf = h2o_mem_alloc_pool(&r->h2o->pool, 24);
            snprintf(buf, 24, "%lld", (long long)json_integer_value(v));
            return buf;
        }
        return json_is_string(v) ? json_string_value(v) : NULL;
    }
    return NULL;
}

/* Resolves the target agency's path; 0 and a reply when it does not exist. */
static int target_path(struct mc_req *r, struct mc_db *db, const char *value, char *path, size_t cap)
{
    struct mc_error err;
    mc_error_init(&err);
    int64_t id;
    mc_err rc = mc_agency_resolve(db, value, &id, path, cap, &err);
    if (rc == MC_ERR_NOT_FOUND) {
        /* (once copied its own messages onto themselves: an overlapping
         * snprintf that left them empty) */
        mc_error_set(&err, MC_ERR_NOT_FOUND, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
        mc_error_detail_str(&err, "field", r->route->scope_key);
    }
    if (rc) {
        mc_reply_error(r, &err);
        return 0;
    }
    return 1;
}

static int deny(struct mc_req *r, int status)
{
    if (status == 401)
        mc_reply_errorf(r, 401, "unauthenticated", "Bạn cần đăng nhập", "Sign-in required");
    else
        mc_reply_errorf(r, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này",
                        "You are not allowed to do this");
    return 0;
}

int mc_auth_request(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error err;
    mc_error_init(&err);
    client_ip(r);
    if (mc_req_db(r, &db, &err) || identify(r, db, &err)) {
        mc_reply_error(r, &err);
        return 0;
    }
    const struct mc_route *rt = r->route;
    if (!rt->perm)
        return 1;
    if (!r->who)
        return deny(r, 401);
    if (!csrf_ok(r)) {
        mc_reply_errorf(r, 403, "csrf_failed", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)",
                        "Missing or wrong anti-forgery token (X-CSRF-Token)");
        return 0;
    }
    const char *value = rt->scope == MC_SCOPE_ANY ? NULL : scope_value(r);
    char path[256];
    if (value && !target_path(r, db, value, path, sizeof(path)))
        return 0;
    if (!mc_auth_covers(r->who, rt->perm, value ? path : NULL))
        return deny(r, 403);
    return 1;
}

void mc_auth_set_cookie(struct mc_req *r, const char *token, int64_t max_age)
{
    mc_auth_set_cookie_at(r, MC_SESSION_COOKIE, "/", token, max_age);
}

void mc_auth_set_cookie_at(struct mc_req *r, const char *name, const char *path, const char *value, int64_t max_age)
{
    size_t cap = strlen(name) + strlen(path) + strlen(value) + 96;
    char *c = h2o_mem_alloc_pool(&r->h2o->pool, cap);
    snprintf(c, cap, "%s=%s; Path=%s; HttpOnly; SameSite=Lax; Max-Age=%lld%s", name, value, path,
             (long long)(*value ? max_age : 0), r->server->ssl ? "; Secure" : "");
    mc_reply_header(r, H2O_TOKEN_SET_COOKIE, c);
}
