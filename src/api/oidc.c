/* oidc.c - /api/v1/auth/oidc: sign-in with the configured OpenID Connect
 * provider (docs/internals/oidc.md).
 *
 * start     random state, nonce and PKCE verifier stored server-side, the
 *           state also in a cookie bound to this browser; 302 to the
 *           provider (or {"authorization_url"} with ?json=1)
 * callback  the state (cookie, table, unused, fresh), the code exchanged on
 *           the worker pool, the ID token verified; the account linked to
 *           (issuer, sub) found or created; a session opened; 302 to "/"
 * Provider calls run in the async `work` step, database writes in `write`.
 * Every failure is audited (oidc_failed, details = the error code). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "api/signin.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "domain/access.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/server.h"
#include "integrate/oidc.h"
#include "store/accounts.h"
#include "store/store.h"
#include "core/banned.h"

#define STATE_COOKIE "mc_oidc_state"
#define COOKIE_PATH "/api/v1/auth/oidc/"
#define MAX_CODE 2048

/* The provider's documents: cached in the database, refreshed on a worker. */
struct docs {
    json_t *doc, *jwks;
    int64_t fetched_at;
    int refreshed;
};

/* What every OIDC request carries through its async steps. */
struct oidc_op {
    struct mc_async a;
    struct mc_oidc_client client;
    char redirect[1024];
    struct docs docs;
    struct mc_oidc_login login;
    int json;
};

static void docs_release(struct docs *d)
{
    json_decref(d->doc);
    json_decref(d->jwks);
    d->doc = d->jwks = NULL;
}

/* Worker: fetches what is missing or stale; new keys too when force_keys. */
static mc_err docs_refresh(const struct mc_oidc_client *c, struct docs *d, int force_keys, struct mc_error *err)
{
    int64_t now = mc_time_now();
    int stale = !d->doc || !d->jwks || now - d->fetched_at >= MC_OIDC_CACHE_TTL;
    if (!stale && !force_keys)
        return MC_OK;
    json_t *doc = NULL, *jwks = NULL;
    mc_err rc = stale ? mc_oidc_discover(c, &doc, err) : MC_OK;
    if (!rc)
        rc = mc_oidc_fetch_jwks(doc ? doc : d->doc, &jwks, err);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    if (doc) {
        json_decref(d->doc);
        d->doc = doc;
    }
    json_decref(d->jwks);
    d->jwks = jwks;
    d->fetched_at = now;
    d->refreshed = 1;
    return MC_OK;
}

static mc_err docs_store(struct mc_db *db, const struct oidc_op *op, struct mc_error *err)
{
    if (!op->docs.refreshed)
        return MC_OK;
    return mc_oidc_cache_put(db, op->client.issuer, op->docs.doc, op->docs.jwks, op->docs.fetched_at, err);
}

/* Sets up op for r; replies 404 oidc_not_configured (and returns 0) when no
 * provider is configured, or the error of reading the cache. */
static int op_init(struct mc_req *r, struct oidc_op *op)
{
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    if (!mc_oidc_client_from_config(r->server->cfg, &op->client, op->redirect, sizeof(op->redirect))) {
        mc_reply_errorf(r, 404, "oidc_not_configured", "Chưa cấu hình đăng nhập bằng định danh điện tử",
                        "Sign-in with an identity provider is not configured");
        return 0;
    }
    const char *json = mc_req_query(r, "json");
    op->json = json && !strcmp(json, "1");
    if (mc_req_db(r, &db, &e) ||
        mc_oidc_cache_get(db, op->client.issuer, &op->docs.doc, &op->docs.jwks, &op->docs.fetched_at, &e)) {
        mc_reply_error(r, &e);
        return 0;
    }
    return 1;
}

/* Answers a redirect to location; with ?json=1 a 200 with body instead. */
static void reply_redirect(struct mc_req *r, int json, const char *location, json_t *body)
{
    if (!json)
        mc_reply_header(r, H2O_TOKEN_LOCATION, h2o_strdup(&r->h2o->pool, location, SIZE_MAX).base);
    mc_reply_json(r, json ? 200 : 302, body);
}

/* ---- start ---- */

struct start_op {
    struct oidc_op o; /* first: the async steps see a struct mc_async */
    struct mc_buf url;
};

static void start_work(struct mc_async *a)
{
    struct start_op *op = (struct start_op *)a;
    a->rc = docs_refresh(&op->o.client, &op->o.docs, 0, &a->err);
    if (!a->rc && mc_oidc_auth_url(op->o.docs.doc, &op->o.client, &op->o.login, &op->url))
        a->rc = mc_error_set(&a->err, MC_ERR_TOO_LARGE, 500, "internal_error", "URL đăng nhập quá dài",
                             "The authorization URL is too long");
}

static mc_err start_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct start_op *op = (struct start_op *)a;
    mc_err rc = docs_store(db, &op->o, err);
    return rc ? rc : mc_oidc_login_save(db, &op->o.login, mc_time_now(), err);
}

static void start_finish(struct mc_req *r, struct mc_async *a)
{
    struct start_op *op = (struct start_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_auth_set_cookie_at(r, STATE_COOKIE, COOKIE_PATH, op->o.login.state, MC_OIDC_LOGIN_TTL);
    reply_redirect(r, op->o.json, op->url.buf, json_pack("{s:s}", "authorization_url", op->url.buf));
}

static void start_release(struct mc_async *a)
{
    struct start_op *op = (struct start_op *)a;
    docs_release(&op->o.docs);
    mc_buf_release(&op->url);
    mc_free(op);
}

void mc_api_oidc_start(struct mc_req *r)
{
    struct start_op *op = mc_calloc(1, sizeof(*op));
    mc_buf_init(&op->url, 16384);
    if (!op_init(r, &op->o) || mc_api_over_ip_budget(r, "oidc"))
        return start_release(&op->o.a);
    mc_oidc_login_new(&op->o.login);
    op->o.a.work = start_work;
    op->o.a.write = start_write;
    op->o.a.finish = start_finish;
    op->o.a.release = start_release;
    mc_async_start(r, &op->o.a);
}

/* ---- callback ---- */

struct callback_op {
    struct oidc_op o;
    char *code;
    int state_found;
    int failed;           /* fail says why */
    struct mc_error fail; /* a client-facing failure, audited */
    struct mc_oidc_claims claims;
    struct mc_api_signin s;
};

static void fail_state(struct callback_op *op)
{
    op->failed = 1;
    mc_error_set(&op->fail, MC_ERR_INVALID, 400, "invalid_state", "Phiên đăng nhập không hợp lệ hoặc đã hết hạn",
                 "The sign-in state is unknown, used or expired");
}

/* Worker: the code exchange and the token verification, with one refetch
 * of the keys when the token names a key the cache does not have. */
static void callback_work(struct mc_async *a)
{
    struct callback_op *op = (struct callback_op *)a;
    struct oidc_op *o = &op->o;
    char *id_token = NULL, *access_token = NULL;
    if (op->failed)
        return;
    mc_err rc = docs_refresh(&o->client, &o->docs, 0, &op->fail);
    if (!rc)
        rc =
            mc_oidc_exchange(o->docs.doc, &o->client, op->code, o->login.verifier, &id_token, &access_token, &op->fail);
    if (!rc)
        rc = mc_oidc_verify(id_token, o->docs.jwks, o->docs.doc, &o->client, o->login.nonce, mc_time_now(), &op->claims,
                            &op->fail);
    if (rc == MC_ERR_NOT_FOUND && !o->docs.refreshed && !docs_refresh(&o->client, &o->docs, 1, &op->fail))
        rc = mc_oidc_verify(id_token, o->docs.jwks, o->docs.doc, &o->client, o->login.nonce, mc_time_now(), &op->claims,
                            &op->fail);
    if (!rc)
        rc = mc_oidc_userinfo(o->docs.doc, access_token, &op->claims, &op->fail);
    op->failed = rc != MC_OK;
    mc_free(id_token);
    mc_free(access_token);
}

/* The login of a new account: the verified e-mail when it is free, else
 * "oidc:<sub>" (an existing account is never taken over by e-mail). */
static mc_err new_login(struct mc_db *db, const struct mc_oidc_claims *c, struct mc_user *u, struct mc_error *err)
{
    struct mc_user other;
    int is_email = 0;
    if (c->email_verified && !mc_login_normalize(c->email, u->login, sizeof(u->login), &is_email, NULL) && is_email) {
        mc_err rc = mc_user_by_login(db, u->login, &other, err);
        if (rc == MC_ERR_NOT_FOUND) {
            snprintf(u->email, sizeof(u->email), "%s", u->login);
            return MC_OK;
        }
        if (rc)
            return rc;
    }
    snprintf(u->login, sizeof(u->login), "oidc:%s", c->sub);
    return MC_OK;
}

/* The account linked to the token's (iss, sub), created and linked when new. */
static mc_err linked_account(struct mc_db *db, struct callback_op *op, struct mc_error *err)
{
    struct mc_user *u = &op->s.who.user;
    mc_err rc = mc_user_by_oidc(db, op->claims.iss, op->claims.sub, u, err);
    if (rc != MC_ERR_NOT_FOUND)
        return rc;
    memset(u, 0, sizeof(*u));
    rc = new_login(db, &op->claims, u, err);
    snprintf(u->kind, sizeof(u->kind), "citizen");
    snprintf(u->status, sizeof(u->status), "active");
    snprintf(u->full_name, sizeof(u->full_name), "%s", op->claims.name);
    if (!rc)
        rc = mc_user_create(db, u, err);
    if (!rc)
        rc = mc_user_link_oidc(db, u->id, op->claims.iss, op->claims.sub, err);
    return rc ? rc : mc_audit_append(db, u->id, u->login, "register_oidc", "user", op->s.ip, op->claims.iss, err);
}

static mc_err audit_failure(struct mc_db *db, struct callback_op *op, struct mc_error *err)
{
    char details[256];
    const char *reason = op->fail.ndetails ? op->fail.details[0].value : "";
    snprintf(details, sizeof(details), "%s%s%s", op->fail.code ? op->fail.code : "internal_error", *reason ? ": " : "",
             reason);
    return mc_audit_append(db, op->s.who.user.id ? op->s.who.user.id : 0, op->s.who.user.login, "oidc_failed", "oidc",
                           op->s.ip, details, err);
}

static mc_err callback_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct callback_op *op = (struct callback_op *)a;
    mc_err rc = docs_store(db, &op->o, err);
    if (!rc && op->state_found) {
        rc = mc_oidc_login_use(db, op->o.login.state, mc_time_now(), err);
        if (rc == MC_ERR_NOT_FOUND && !op->failed)
            fail_state(op);
        rc = rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
    }
    if (!rc && !op->failed)
        rc = linked_account(db, op, err);
    if (!rc && !op->failed && strcmp(op->s.who.user.status, "active")) {
        op->failed = 1;
        mc_error_set(&op->fail, MC_ERR_FORBIDDEN, 403, "account_disabled", "Tài khoản đã bị khoá",
                     "The account is disabled");
    }
    if (rc || op->failed)
        return rc ? rc : audit_failure(db, op, err);
    return mc_api_signin_write(db, &op->s, "login_oidc", err);
}

static void callback_finish(struct mc_req *r, struct mc_async *a)
{
    struct callback_op *op = (struct callback_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_auth_set_cookie_at(r, STATE_COOKIE, COOKIE_PATH, "", 0);
    if (op->failed)
        return mc_reply_error(r, &op->fail);
    reply_redirect(r, op->o.json, "/", mc_api_signin_reply(r, &op->s));
}

static void callback_release(struct mc_async *a)
{
    struct callback_op *op = (struct callback_op *)a;
    docs_release(&op->o.docs);
    mc_free(op->code);
    mc_free(op);
}

/* Event loop: what can be checked without the provider (the provider's own
 * error, the parameters, the state cookie, the state row). 0 when the
 * database failed and the handler replied. */
static int callback_check(struct mc_req *r, struct callback_op *op)
{
    const char *code = mc_req_query(r, "code"), *state = mc_req_query(r, "state"), *perr = mc_req_query(r, "error");
    char cookie[MC_TOKEN_LEN];
    struct mc_db *db;
    if (perr) {
        op->failed = 1;
        mc_error_set(&op->fail, MC_ERR_INVALID, 400, "oidc_denied", "Nhà cung cấp định danh không cho phép đăng nhập",
                     "The identity provider did not sign you in");
        mc_error_detail_str(&op->fail, "provider_error", perr);
        return 1;
    }
    if (!state || !mc_auth_cookie(r, STATE_COOKIE, cookie, sizeof(cookie)) || !mc_secure_equal(cookie, state)) {
        fail_state(op);
        return 1;
    }
    if (!code || !*code || strlen(code) > MAX_CODE) {
        op->failed = 1;
        mc_error_field(&op->fail, "code", "Thiếu mã đăng nhập (code)", "The code parameter is missing or too long");
        return 1;
    }
    op->code = mc_strdup(code);
    mc_err rc = mc_req_db(r, &db, &op->fail);
    if (!rc)
        rc = mc_oidc_login_find(db, state, mc_time_now(), &op->o.login, &op->fail);
    if (rc == MC_ERR_NOT_FOUND)
        fail_state(op);
    else if (rc)
        mc_reply_error(r, &op->fail);
    op->state_found = rc == MC_OK;
    return rc == MC_OK || rc == MC_ERR_NOT_FOUND;
}

void mc_api_oidc_callback(struct mc_req *r)
{
    struct callback_op *op = mc_calloc(1, sizeof(*op));
    mc_error_init(&op->fail);
    if (!op_init(r, &op->o) || mc_api_over_ip_budget(r, "oidc") || !callback_check(r, op))
        return callback_release(&op->o.a);
    mc_api_signin_init(&op->s, r);
    op->o.a.work = callback_work;
    op->o.a.write = callback_write;
    op->o.a.finish = callback_finish;
    op->o.a.release = callback_release;
    mc_async_start(r, &op->o.a);
}

/* GET /api/v1/auth/providers: which ways of signing in this server offers
 * (the sign-in page shows the national identity button only when set). */
void mc_api_auth_providers(struct mc_req *r)
{
    int oidc = *r->server->cfg->oidc_issuer != '\0';
    mc_reply_json(r, 200,
                  json_pack("{s:b, s:{s:b, s:s?}}", "password", 1, "oidc", "enabled", oidc, "start",
                            oidc ? "/api/v1/auth/oidc/start" : NULL));
}
