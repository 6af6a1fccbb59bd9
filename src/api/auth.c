/* auth.c - /api/v1/auth: sign-in, sign-out, me, registration with a
 * verification code, password reset, my sessions. Password hashing runs on
 * the worker pool; every change commits with its audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "api/signin.h"
#include "core/alloc.h"
#include "core/crypto.h"
#include "core/time.h"
#include "domain/access.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/fields.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/store.h"
#include "core/banned.h"

#define CODE_TTL 900 /* seconds a verification or reset code stays valid */

/* A dummy hash so an unknown login costs as much time as a known one. */
static const char dummy_hash[] =
    "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$2Xg1S7+WaJmTRkKhnlVXuBr2nL1xfpu1w0FFEMqzZ4s";

json_t *mc_api_user_json(const struct mc_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:s, s:o}", "id", (json_int_t)u->id, "kind", u->kind, "login",
                     u->login, "email", *u->email ? u->email : NULL, "phone", *u->phone ? u->phone : NULL, "full_name",
                     u->full_name, "status", u->status, "created_at", mc_json_time(u->created_at));
}

static json_t *grants_json(const struct mc_principal *p)
{
    json_t *a = json_array();
    for (int i = 0; i < p->ngrants; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:I, s:s}", "role", p->grants[i].role, "agency_id",
                                        (json_int_t)p->grants[i].agency_id, "agency_code", p->grants[i].agency_code));
    return a;
}

int mc_api_over_ip_budget(struct mc_req *r, const char *what)
{
    char key[96];
    snprintf(key, sizeof(key), "%s:%s", what, r->ip);
    int64_t wait = mc_ratelimit_hit(r->server->limits, key, r->server->cfg->ip_rate, 60, mc_time_now());
    if (!wait)
        return 0;
    struct mc_error e;
    mc_error_init(&e);
    mc_error_set(&e, MC_ERR_RATE_LIMITED, 429, "too_many_attempts", "Quá nhiều lần thử, vui lòng chờ rồi thử lại",
                 "Too many attempts, please wait and retry");
    mc_error_detail_int(&e, "retry_after", wait);
    mc_reply_error(r, &e);
    return 1;
}

/* Login names: e-mail or phone normalised; anything else (staff user names)
 * lower-cased as it is. */
static void normalize_login(const char *in, char *out, size_t cap)
{
    int is_email;
    if (mc_login_normalize(in, out, cap, &is_email, NULL) == MC_OK)
        return;
    size_t k = 0;
    for (; *in && k + 1 < cap; in++)
        out[k++] = (char)(*in >= 'A' && *in <= 'Z' ? *in + 32 : *in);
    out[k] = '\0';
}

static int read_body(struct mc_req *r, struct mc_error *e)
{
    if (mc_field_object(r->body, e))
        return 1;
    mc_reply_error(r, e);
    return 0;
}

/* ---- sign-in ---- */

struct login_op {
    struct mc_async a;
    struct mc_user user;
    int found, ok;
    int64_t lock_until, max_failures, lockout;
    char password[160];
    struct mc_api_signin s;
};

static void login_work(struct mc_async *a)
{
    struct login_op *op = (struct login_op *)a;
    op->ok =
        mc_password_verify(op->found && *op->user.password_hash ? op->user.password_hash : dummy_hash, op->password) &&
        op->found;
    memset(op->password, 0, sizeof(op->password));
    if (!op->found)
        a->write = NULL;
}

static mc_err login_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct login_op *op = (struct login_op *)a;
    int64_t now = mc_time_now(), uid = op->user.id;
    mc_err rc;
    if (!op->ok) {
        if (op->user.failed_logins + 1 >= op->max_failures)
            op->lock_until = now + op->lockout;
        rc = mc_user_login_failed(db, uid, op->lock_until, err);
        return rc ? rc
                  : mc_audit_append(db, uid, op->user.login, op->lock_until ? "login_locked" : "login_failed", "user",
                                    op->s.ip, "", err);
    }
    rc = mc_user_login_ok(db, uid, err);
    op->s.who.user = op->user;
    return rc ? rc : mc_api_signin_write(db, &op->s, "login", err);
}

void mc_api_signin_init(struct mc_api_signin *s, struct mc_req *r)
{
    snprintf(s->ip, sizeof(s->ip), "%s", r->ip);
    const char *ua = mc_req_header(r, H2O_TOKEN_USER_AGENT);
    snprintf(s->ua, sizeof(s->ua), "%s", ua ? ua : "");
}

mc_err mc_api_signin_write(struct mc_db *db, struct mc_api_signin *s, const char *action, struct mc_error *err)
{
    char hash[MC_SHA256_HEX];
    int64_t uid = s->who.user.id;
    mc_random_token(s->token);
    mc_random_token(s->csrf);
    mc_sha256_hex(s->token, strlen(s->token), hash);
    mc_err rc = mc_session_create(db, uid, hash, s->csrf, s->ip, s->ua, mc_time_now(), &s->session_id, err);
    if (!rc)
        rc = mc_audit_append(db, uid, s->who.user.login, action, "session", s->ip, "", err);
    return rc ? rc : mc_user_grants(db, &s->who, err);
}

json_t *mc_api_signin_reply(struct mc_req *r, const struct mc_api_signin *s)
{
    mc_auth_set_cookie(r, s->token, r->server->cfg->session_absolute);
    return json_pack("{s:o, s:o, s:s}", "user", mc_api_user_json(&s->who.user), "roles", grants_json(&s->who),
                     "csrf_token", s->csrf);
}

static void reply_bad_login(struct mc_req *r)
{
    mc_reply_errorf(r, 401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng", "Wrong login or password");
}

static void login_finish(struct mc_req *r, struct mc_async *a)
{
    struct login_op *op = (struct login_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    if (!op->ok)
        return reply_bad_login(r);
    mc_reply_json(r, 200, mc_api_signin_reply(r, &op->s));
}

static void free_async(struct mc_async *a)
{
    mc_free(a);
}

static int account_blocked(struct mc_req *r, const struct mc_user *u)
{
    int64_t now = mc_time_now();
    if (u->locked_until > now) {
        struct mc_error e;
        mc_error_init(&e);
        mc_error_set(&e, MC_ERR_RATE_LIMITED, 429, "account_locked", "Tài khoản tạm khoá do đăng nhập sai nhiều lần",
                     "Account locked after repeated failed sign-ins");
        mc_error_detail_int(&e, "retry_after", u->locked_until - now);
        mc_reply_error(r, &e);
        return 1;
    }
    if (!strcmp(u->status, "active"))
        return 0;
    if (!strcmp(u->status, "pending"))
        mc_reply_errorf(r, 403, "account_not_verified", "Tài khoản chưa được xác minh",
                        "The account is not verified yet");
    else
        mc_reply_errorf(r, 403, "account_disabled", "Tài khoản đã bị khoá", "The account is disabled");
    return 1;
}

void mc_api_auth_login(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *password;
    mc_error_init(&e);
    if (!read_body(r, &e))
        return;
    if (mc_field_str(r->body, "login", 254, 1, &login, &e) || mc_field_str(r->body, "password", 128, 1, &password, &e))
        return mc_reply_error(r, &e);
    if (mc_api_over_ip_budget(r, "login"))
        return;
    struct login_op *op = mc_calloc(1, sizeof(*op));
    struct mc_db *db;
    char norm[256];
    normalize_login(login, norm, sizeof(norm));
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = mc_user_by_login(db, norm, &op->user, &e);
    if (rc && rc != MC_ERR_NOT_FOUND) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    op->found = rc == MC_OK;
    if (op->found && account_blocked(r, &op->user)) {
        mc_free(op);
        return;
    }
    snprintf(op->password, sizeof(op->password), "%s", password);
    mc_api_signin_init(&op->s, r);
    op->max_failures = r->server->cfg->login_failures;
    op->lockout = r->server->cfg->lockout;
    op->a.work = login_work;
    op->a.write = login_write;
    op->a.finish = login_finish;
    op->a.release = free_async;
    mc_async_start(r, &op->a);
}

/* ---- sign-out, me, sessions ---- */

struct session_op {
    struct mc_async a;
    int64_t user_id, session_id;
    char actor[256], ip[48];
    int clear_cookie;
};

static mc_err revoke_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct session_op *op = (struct session_op *)a;
    mc_err rc = mc_session_revoke(db, op->user_id, op->session_id, mc_time_now(), err);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "session_not_found", "Không có phiên đăng nhập này",
                            "No such session");
    char obj[48];
    snprintf(obj, sizeof(obj), "session:%lld", (long long)op->session_id);
    return rc ? rc
              : mc_audit_append(db, op->user_id, op->actor, op->clear_cookie ? "logout" : "session_revoked", obj,
                                op->ip, "", err);
}

static void revoke_finish(struct mc_req *r, struct mc_async *a)
{
    struct session_op *op = (struct session_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    if (op->clear_cookie)
        mc_auth_set_cookie(r, "", 0);
    mc_reply_json(r, 200, json_pack("{s:s}", "status", op->clear_cookie ? "signed_out" : "revoked"));
}

static void start_revoke(struct mc_req *r, int64_t session_id, int clear_cookie)
{
    struct session_op *op = mc_calloc(1, sizeof(*op));
    op->user_id = r->who->user.id;
    op->session_id = session_id;
    op->clear_cookie = clear_cookie;
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->a.write = revoke_write;
    op->a.finish = revoke_finish;
    op->a.release = free_async;
    mc_async_start(r, &op->a);
}

void mc_api_auth_logout(struct mc_req *r)
{
    if (!r->who->session_id)
        return mc_reply_errorf(r, 400, "not_a_session", "Yêu cầu này không dùng phiên đăng nhập",
                               "This request is not authenticated by a session");
    start_revoke(r, r->who->session_id, 1);
}

void mc_api_auth_me(struct mc_req *r)
{
    json_t *o = json_pack("{s:o, s:o}", "user", mc_api_user_json(&r->who->user), "roles", grants_json(r->who));
    if (r->who->session_id)
        json_object_set_new(o, "csrf_token", json_string(r->who->csrf));
    mc_reply_json(r, 200, o);
}

void mc_api_auth_sessions(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    if (mc_req_db(r, &db, &e) ||
        mc_db_query(db, &st, &row, &e,
                    "SELECT id, created_at, last_seen, ip, user_agent FROM sessions WHERE user_id = $1 "
                    "AND revoked_at IS NULL AND last_seen > $2 ORDER BY id DESC LIMIT 100",
                    "ii", r->who->user.id, mc_time_now() - r->server->cfg->session_idle))
        return mc_reply_error(r, &e);
    json_t *items = json_array();
    while (row) {
        int64_t id = mc_stmt_int(st, 0);
        json_array_append_new(items,
                              json_pack("{s:I, s:o, s:o, s:s, s:s, s:b}", "id", (json_int_t)id, "created_at",
                                        mc_json_time(mc_stmt_int(st, 1)), "last_seen", mc_json_time(mc_stmt_int(st, 2)),
                                        "ip", mc_stmt_text(st, 3, NULL), "user_agent", mc_stmt_text(st, 4, NULL),
                                        "current", id == r->who->session_id));
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}

void mc_api_auth_session_revoke(struct mc_req *r)
{
    const char *id = mc_req_param(r, "id");
    char *end;
    long long v = strtoll(id, &end, 10);
    if (*end || v <= 0)
        return mc_reply_errorf(r, 404, "session_not_found", "Không có phiên đăng nhập này", "No such session");
    start_revoke(r, v, v == r->who->session_id);
}

/* ---- registration, verification, password reset ---- */

struct account_op {
    struct mc_async a;
    struct mc_user user;
    char password[160], code[8], channel[8], ip[48], purpose[8];
    int64_t ops, mem_kib;
    int known; /* reset: the login exists (the answer does not say) */
};

static void hash_work(struct mc_async *a)
{
    struct account_op *op = (struct account_op *)a;
    if (*op->password &&
        mc_password_hash(op->password, (unsigned long long)op->ops, (size_t)op->mem_kib, op->user.password_hash))
        a->rc = mc_error_set(&a->err, MC_ERR_NOMEM, 503, "server_busy", "Máy chủ đang bận, vui lòng thử lại",
                             "The server is busy, please retry");
    memset(op->password, 0, sizeof(op->password));
}

/* Writes a fresh code for op->user and queues the message that carries it. */
static mc_err send_code(struct mc_db *db, struct account_op *op, struct mc_error *err)
{
    char hash[MC_SHA256_HEX], body[256];
    mc_random_digits(op->code, 6);
    mc_sha256_hex(op->code, 6, hash);
    mc_err rc = mc_verification_create(db, op->user.id, op->purpose, hash, mc_time_now() + CODE_TTL, err);
    if (rc)
        return rc;
    snprintf(body, sizeof(body), "%s: %s (hiệu lực 15 phút / valid for 15 minutes)",
             !strcmp(op->purpose, "verify") ? "Mã xác minh tài khoản motcua / motcua verification code"
                                            : "Mã đặt lại mật khẩu motcua / motcua password reset code",
             op->code);
    return mc_notify(db, op->channel, op->user.login, "motcua", body, err);
}

static mc_err register_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct account_op *op = (struct account_op *)a;
    mc_err rc = mc_user_create(db, &op->user, err);
    if (!rc)
        rc = send_code(db, op, err);
    return rc ? rc : mc_audit_append(db, op->user.id, op->user.login, "register", "user", op->ip, op->user.kind, err);
}

static void register_finish(struct mc_req *r, struct mc_async *a)
{
    struct account_op *op = (struct account_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    json_t *o = mc_api_user_json(&op->user);
    json_object_set_new(o, "verification_sent_to", json_string(op->channel));
    mc_reply_json(r, 201, o);
}

static struct account_op *new_account_op(struct mc_req *r, const char *purpose)
{
    struct account_op *op = mc_calloc(1, sizeof(*op));
    snprintf(op->purpose, sizeof(op->purpose), "%s", purpose);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->ops = r->server->cfg->pwhash_ops;
    op->mem_kib = r->server->cfg->pwhash_mem;
    op->a.release = free_async;
    return op;
}

void mc_api_auth_register(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *password, *name, *kind;
    mc_error_init(&e);
    if (!read_body(r, &e))
        return;
    if (mc_field_str(r->body, "login", 254, 1, &login, &e) ||
        mc_field_str(r->body, "password", 128, 1, &password, &e) ||
        mc_field_str(r->body, "full_name", 200, 1, &name, &e) || mc_field_str(r->body, "kind", 16, 0, &kind, &e))
        return mc_reply_error(r, &e);
    kind = kind ? kind : "citizen";
    if (strcmp(kind, "citizen") && strcmp(kind, "business"))
        return mc_error_field(&e, "kind", "Loại tài khoản phải là citizen hoặc business",
                              "The account kind must be citizen or business"),
               mc_reply_error(r, &e);
    struct account_op *op = new_account_op(r, "verify");
    int is_email;
    if (mc_login_normalize(login, op->user.login, sizeof(op->user.login), &is_email, &e) ||
        mc_password_check(password, op->user.login, &e)) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    if (mc_api_over_ip_budget(r, "register")) {
        mc_free(op);
        return;
    }
    snprintf(is_email ? op->user.email : op->user.phone, is_email ? sizeof(op->user.email) : sizeof(op->user.phone),
             "%s", op->user.login);
    snprintf(op->channel, sizeof(op->channel), "%s", is_email ? "email" : "sms");
    snprintf(op->user.kind, sizeof(op->user.kind), "%s", kind);
    snprintf(op->user.full_name, sizeof(op->user.full_name), "%s", name);
    snprintf(op->user.status, sizeof(op->user.status), "pending");
    snprintf(op->password, sizeof(op->password), "%s", password);
    op->a.work = hash_work;
    op->a.write = register_write;
    op->a.finish = register_finish;
    mc_async_start(r, &op->a);
}

static mc_err wrong_code(struct mc_error *err)
{
    return mc_error_set(err, MC_ERR_INVALID, 400, "invalid_code", "Mã không đúng hoặc đã hết hạn",
                        "The code is wrong or has expired");
}

/* verify (activate) or reset (new password) with a code */
static mc_err confirm_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct account_op *op = (struct account_op *)a;
    char hash[MC_SHA256_HEX];
    if (!op->known)
        return wrong_code(err);
    mc_sha256_hex(op->code, strlen(op->code), hash);
    mc_err rc = mc_verification_use(db, op->user.id, op->purpose, hash, mc_time_now(), err);
    if (rc == MC_ERR_NOT_FOUND)
        return wrong_code(err);
    int reset = !strcmp(op->purpose, "reset");
    if (!rc)
        rc = reset ? mc_user_set_password(db, op->user.id, op->user.password_hash, err)
                   : mc_user_set_status(db, op->user.id, "active", err);
    if (!rc && reset)
        rc = mc_session_revoke(db, op->user.id, 0, mc_time_now(), err);
    return rc ? rc
              : mc_audit_append(db, op->user.id, op->user.login, reset ? "password_reset" : "verified", "user", op->ip,
                                "", err);
}

static void confirm_finish(struct mc_req *r, struct mc_async *a)
{
    struct account_op *op = (struct account_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_reply_json(r, 200, json_pack("{s:s}", "status", !strcmp(op->purpose, "reset") ? "password_changed" : "active"));
}

/* Looks the login up for a code flow; unknown logins are not revealed. */
static struct account_op *code_op(struct mc_req *r, const char *purpose, const char *login, struct mc_error *e)
{
    struct account_op *op = new_account_op(r, purpose);
    struct mc_db *db;
    char norm[256];
    normalize_login(login, norm, sizeof(norm));
    mc_err rc = mc_req_db(r, &db, e);
    if (!rc)
        rc = mc_user_by_login(db, norm, &op->user, e);
    if (rc && rc != MC_ERR_NOT_FOUND) {
        mc_free(op);
        return NULL;
    }
    op->known = rc == MC_OK && strcmp(op->user.status, "disabled");
    snprintf(op->channel, sizeof(op->channel), "%s", strchr(op->user.login, '@') ? "email" : "sms");
    return op;
}

void mc_api_auth_verify(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *code;
    mc_error_init(&e);
    if (!read_body(r, &e))
        return;
    if (mc_field_str(r->body, "login", 254, 1, &login, &e) || mc_field_str(r->body, "code", 6, 1, &code, &e))
        return mc_reply_error(r, &e);
    if (mc_api_over_ip_budget(r, "verify"))
        return;
    struct account_op *op = code_op(r, "verify", login, &e);
    if (!op)
        return mc_reply_error(r, &e);
    snprintf(op->code, sizeof(op->code), "%s", code);
    op->a.write = confirm_write;
    op->a.finish = confirm_finish;
    mc_async_start(r, &op->a);
}

static mc_err reset_request_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct account_op *op = (struct account_op *)a;
    if (!op->known)
        return MC_OK;
    mc_err rc = send_code(db, op, err);
    return rc ? rc
              : mc_audit_append(db, op->user.id, op->user.login, "password_reset_requested", "user", op->ip, "", err);
}

static void accepted_finish(struct mc_req *r, struct mc_async *a)
{
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_reply_json(r, 202, json_pack("{s:s}", "status", "sent_if_known"));
}

void mc_api_auth_reset_request(struct mc_req *r)
{
    struct mc_error e;
    const char *login;
    mc_error_init(&e);
    if (!read_body(r, &e))
        return;
    if (mc_field_str(r->body, "login", 254, 1, &login, &e))
        return mc_reply_error(r, &e);
    if (mc_api_over_ip_budget(r, "reset"))
        return;
    struct account_op *op = code_op(r, "reset", login, &e);
    if (!op)
        return mc_reply_error(r, &e);
    op->a.write = reset_request_write;
    op->a.finish = accepted_finish;
    mc_async_start(r, &op->a);
}

void mc_api_auth_reset_confirm(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *code, *password;
    mc_error_init(&e);
    if (!read_body(r, &e))
        return;
    if (mc_field_str(r->body, "login", 254, 1, &login, &e) || mc_field_str(r->body, "code", 6, 1, &code, &e) ||
        mc_field_str(r->body, "password", 128, 1, &password, &e))
        return mc_reply_error(r, &e);
    if (mc_api_over_ip_budget(r, "reset"))
        return;
    struct account_op *op = code_op(r, "reset", login, &e);
    if (!op)
        return mc_reply_error(r, &e);
    if (mc_password_check(password, op->user.login, &e)) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->code, sizeof(op->code), "%s", code);
    snprintf(op->password, sizeof(op->password), "%s", password);
    op->a.work = hash_work;
    op->a.write = confirm_write;
    op->a.finish = confirm_finish;
    mc_async_start(r, &op->a);
}
